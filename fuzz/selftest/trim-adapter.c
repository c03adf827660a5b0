/*
 * trim-adapter.c - for fuzz/scripts/check-discard.sh: a first-fit allocator
 * over one mapping, its chunks kept in a table beside it in address order. A
 * free merges the block with its free neighbours and, when the chunk is
 * TRIM_AT or more, gives its whole pages back with madvise(MADV_DONTNEED) and
 * marks it as reading zero there. A marked chunk whose front is taken keeps
 * the mark on what is left (its whole pages were whole pages of the chunk),
 * and calloc of a marked chunk zeroes only the bytes outside its whole pages.
 * -DMARK_KEPT_OVER_MERGE: a block freed into a marked chunk below it leaves
 * the mark on, though it brings its own bytes (round 13's page-trimming
 * allocator, which 300 s of make fuzz did not find): the seed
 * corpus/calloc-trim-merge.txt makes such a merge and callocs it.
 * -DTRIM_OVER_HEADER: the heap keeps a header word at its start, below its
 * first chunk, which every request reads (0: the heap is lost), and a trim's
 * start is rounded down, over it (round 13's trim bug 2: a not_pristine after
 * the harness's probe, whose free made that madvise).
 * -DFOOTER_TRIMMED: a free chunk's size is kept in its last word too (a
 * footer), which a free reads to merge with the chunk below, faulting when it
 * is wrong, and the trim still ends at the chunk's end, over it (round 13's
 * trim bug 1: a fault in the free of the block above).
 * -DLINKS_TRIMMED: a free chunk keeps a link word at its start (a doubly
 * linked free list's, in short), which the trim drops when the chunk starts
 * on a page (round 13's trim bug 6): a chunk taken while its link reads 0 is
 * left linked from its neighbour, and the next free writes 0 through that
 * link, into the block handed out there, ops after the madvise.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adapter.h"

#define MAX_CHUNKS 8192
#define TRIM_AT ((size_t)16384)
#define MAGIC 0x6d697274u

#ifdef TRIM_OVER_HEADER
#define FIRST_CHUNK ((size_t)16) /* below it, the heap's header word */
#define TRIM_START(at) page_down(at)
#else
#define FIRST_CHUNK ((size_t)0)
#define TRIM_START(at) page_up(at)
#endif

struct chunk { size_t start, size; int used, zero; };
static struct heap { unsigned char *base; size_t len, n; struct chunk c[MAX_CHUNKS]; } H;

static uintptr_t page_up(uintptr_t a) { return (a + (uintptr_t)sysconf(_SC_PAGESIZE) - 1) & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1); }
static uintptr_t page_down(uintptr_t a) { return a & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1); }

#ifdef LINKS_TRIMMED
static size_t stale_link; /* 1 + where a chunk taken with its link read 0 lay; 0: none */
#endif

/* A free chunk's link word, the LINKS_TRIMMED variant's, at its start. */
static void set_link(size_t i)
{
#ifdef LINKS_TRIMMED
    memcpy(H.base + H.c[i].start, &(size_t){MAGIC}, sizeof(size_t));
#else
    (void)i;
#endif
}

/* Chunk i, free, is taken: its link read 0 leaves its neighbour's link on it. */
static void unlink_chunk(size_t i)
{
#ifdef LINKS_TRIMMED
    size_t link;
    memcpy(&link, H.base + H.c[i].start, sizeof link);
    if (link == 0)
        stale_link = H.c[i].start + 1;
#else
    (void)i;
#endif
}

/* A free unlinks a chunk: through a stale link, it writes 0 where that chunk was. */
static void write_stale_link(void)
{
#ifdef LINKS_TRIMMED
    if (stale_link)
        memset(H.base + stale_link - 1, 0, sizeof(size_t)), stale_link = 0;
#endif
}

/* A free chunk's footer, the FOOTER_TRIMMED variant's: its size in its last word. */
static void set_footer(size_t i)
{
#ifdef FOOTER_TRIMMED
    memcpy(H.base + H.c[i].start + H.c[i].size - sizeof(size_t), &H.c[i].size, sizeof(size_t));
#else
    (void)i;
#endif
}

/* A free's merge with the free chunk below, through its footer: a wrong one
 * sends the allocator to a chunk that is not there (here, a fault). */
static void read_footer_below(size_t i)
{
#ifdef FOOTER_TRIMMED
    size_t size;
    memcpy(&size, H.base + H.c[i].start - sizeof size, sizeof size);
    if (size != H.c[i - 1].size) {
        char *volatile wild = (char *)(uintptr_t)(size + 16);
        *wild = 1;
    }
#else
    (void)i;
#endif
}

static void *ta_create(size_t bytes)
{
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    H.base = m, H.len = bytes & ~(size_t)15, H.n = 1;
    H.c[0] = (struct chunk){FIRST_CHUNK, H.len - FIRST_CHUNK, 0, 1}; /* a fresh mapping reads zero */
    if (FIRST_CHUNK)
        *(unsigned *)H.base = MAGIC;
    set_footer(0);
    set_link(0);
    return &H;
}

static void ta_destroy(void *h) { munmap(((struct heap *)h)->base, ((struct heap *)h)->len); }

static void remove_at(size_t i) { memmove(&H.c[i], &H.c[i + 1], (--H.n - i) * sizeof H.c[0]); }

/* First fit of n bytes; *zero: whether the chunk taken reads zero in its whole pages. */
static void *take(size_t n, int *zero)
{
    size_t need = ((n ? n : 1) + 15) & ~(size_t)15, i = 0;
    if (FIRST_CHUNK && *(unsigned *)H.base != MAGIC)
        return NULL; /* the heap's header is gone, and with it every chunk */
    while (n <= H.len && i < H.n && (H.c[i].used || H.c[i].size < need))
        i++;
    if (n > H.len || i == H.n || (H.c[i].size > need && H.n == MAX_CHUNKS))
        return NULL;
    unlink_chunk(i);
    if (H.c[i].size > need) {
        memmove(&H.c[i + 2], &H.c[i + 1], (H.n++ - i - 1) * sizeof H.c[0]);
        H.c[i + 1] = (struct chunk){H.c[i].start + need, H.c[i].size - need, 0, H.c[i].zero};
        H.c[i].size = need;
        set_footer(i + 1);
        set_link(i + 1);
    }
    H.c[i].used = 1, *zero = H.c[i].zero;
    return H.base + H.c[i].start;
}

static void *ta_malloc(void *h, size_t n)
{
    int zero;
    (void)h;
    return take(n, &zero);
}

static void *ta_calloc(void *h, size_t n, size_t size)
{
    int zero;
    (void)h;
    if (size && n > SIZE_MAX / size)
        return NULL;
    unsigned char *p = take(n * size, &zero);
    uintptr_t lo = page_up((uintptr_t)p), hi = page_down((uintptr_t)p + n * size);
    if (p && zero && lo < hi) {
        memset(p, 0, lo - (uintptr_t)p);
        memset((void *)hi, 0, (uintptr_t)p + n * size - hi);
    } else if (p) {
        memset(p, 0, n * size);
    }
    return p;
}

static int ta_free(void *h, void *p)
{
    size_t i = 0, at = (size_t)((unsigned char *)p - H.base);
    (void)h;
    write_stale_link();
    while (p && i < H.n && H.c[i].start != at)
        i++;
    if (!p || i == H.n || !H.c[i].used)
        return 0;
    H.c[i].used = 0, H.c[i].zero = 0; /* its bytes are the program's */
    if (i + 1 < H.n && !H.c[i + 1].used)
        H.c[i].size += H.c[i + 1].size, remove_at(i + 1);
    if (i > 0 && !H.c[i - 1].used) {
        read_footer_below(i);
        H.c[i - 1].size += H.c[i].size, remove_at(i--);
#ifndef MARK_KEPT_OVER_MERGE
        H.c[i].zero = 0;
#endif
    }
    set_footer(i);
    set_link(i);
    uintptr_t lo = TRIM_START((uintptr_t)H.base + H.c[i].start), hi = page_down((uintptr_t)H.base + H.c[i].start + H.c[i].size);
    if (H.c[i].size >= TRIM_AT && lo < hi && madvise((void *)lo, hi - lo, MADV_DONTNEED) == 0)
        H.c[i].zero = 1;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "trim",
    .alignment = 16,
#ifdef TRIM_OVER_HEADER
    .caps = FUZZ_PRISTINE_AFTER_FREE_ALL,
#else
    .caps = 0,
#endif
    .create = ta_create,
    .destroy = ta_destroy,
    .malloc = ta_malloc,
    .calloc = ta_calloc,
    .free = ta_free,
};
