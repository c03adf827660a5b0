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
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adapter.h"

#define MAX_CHUNKS 8192
#define TRIM_AT ((size_t)16384)

struct chunk { size_t start, size; int used, zero; };
static struct heap { unsigned char *base; size_t len, n; struct chunk c[MAX_CHUNKS]; } H;

static uintptr_t page_up(uintptr_t a) { return (a + (uintptr_t)sysconf(_SC_PAGESIZE) - 1) & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1); }
static uintptr_t page_down(uintptr_t a) { return a & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1); }

static void *ta_create(size_t bytes)
{
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    H.base = m, H.len = bytes & ~(size_t)15, H.n = 1;
    H.c[0] = (struct chunk){0, H.len, 0, 1}; /* a fresh mapping reads zero */
    return &H;
}

static void ta_destroy(void *h) { munmap(((struct heap *)h)->base, ((struct heap *)h)->len); }

static void remove_at(size_t i) { memmove(&H.c[i], &H.c[i + 1], (--H.n - i) * sizeof H.c[0]); }

/* First fit of n bytes; *zero: whether the chunk taken reads zero in its whole pages. */
static void *take(size_t n, int *zero)
{
    size_t need = ((n ? n : 1) + 15) & ~(size_t)15, i = 0;
    while (n <= H.len && i < H.n && (H.c[i].used || H.c[i].size < need))
        i++;
    if (n > H.len || i == H.n || (H.c[i].size > need && H.n == MAX_CHUNKS))
        return NULL;
    if (H.c[i].size > need) {
        memmove(&H.c[i + 2], &H.c[i + 1], (H.n++ - i - 1) * sizeof H.c[0]);
        H.c[i + 1] = (struct chunk){H.c[i].start + need, H.c[i].size - need, 0, H.c[i].zero};
        H.c[i].size = need;
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
    while (p && i < H.n && H.c[i].start != at)
        i++;
    if (!p || i == H.n || !H.c[i].used)
        return 0;
    H.c[i].used = 0, H.c[i].zero = 0; /* its bytes are the program's */
    if (i + 1 < H.n && !H.c[i + 1].used)
        H.c[i].size += H.c[i + 1].size, remove_at(i + 1);
    if (i > 0 && !H.c[i - 1].used) {
        H.c[i - 1].size += H.c[i].size, remove_at(i--);
#ifndef MARK_KEPT_OVER_MERGE
        H.c[i].zero = 0;
#endif
    }
    uintptr_t lo = page_up((uintptr_t)H.base + H.c[i].start), hi = page_down((uintptr_t)H.base + H.c[i].start + H.c[i].size);
    if (H.c[i].size >= TRIM_AT && lo < hi && madvise((void *)lo, hi - lo, MADV_DONTNEED) == 0)
        H.c[i].zero = 1;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "trim",
    .alignment = 16,
    .caps = 0,
    .create = ta_create,
    .destroy = ta_destroy,
    .malloc = ta_malloc,
    .calloc = ta_calloc,
    .free = ta_free,
};
