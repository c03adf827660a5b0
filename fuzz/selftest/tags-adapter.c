/*
 * tags-adapter.c - for check-reports.sh: a boundary-tag heap in one mapping
 * made in create(), each chunk behind a header {prev_size, size | flags}, a
 * free chunk's size repeated as the next chunk's prev_size, first fit by a
 * walk of the chunks, immediate coalescing both ways; its record (the
 * bounds contains() reads) in a mapping of its own (round 18's skip-list
 * and vmem-style allocators, made small).
 * -DRECORD_BEHIND: the record lies right behind the chunks, in their mapping.
 * -DSTALE_PREV_SIZE (with it): a free merges backward whenever the chunk is
 * not the first, testing its own free bit, not its prev-in-use bit, so it
 * steps back by a prev_size no free wrote, 0, merges with itself, and the
 * doubled chunk, split by the pristine probe's malloc, writes its rest's
 * header over the record behind the heap (round 18's skip bug 6):
 * out_of_heap must name a merge by a stale previous size, not a list head
 * of the record taken for a block.
 * -DALIGNED_SIZE_ONLY: aligned_alloc takes a free chunk that holds the size
 * from its own start, not from its first aligned address (round 18's vmem
 * bug 9): out_of_heap must name the padding to the aligned start, not only a
 * fit search; with -DNO_BOUNDS (no
 * contains(), as that vmem had none) usable_too_small must, at the end of the
 * heap's mapping.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define HDR 16u
#define USED 1u
#define PREV_USED 2u
#define MINCHUNK 32u

struct record {
    unsigned char *base;
    size_t len; /* the second word: a header's size field if a chunk's rest lands on the record */
};

static size_t csize(const unsigned char *c) { return ((const size_t *)c)[1] & ~(size_t)15; }
static size_t cflags(const unsigned char *c) { return ((const size_t *)c)[1] & 15; }
static void set_hdr(unsigned char *c, size_t size, size_t flags) { ((size_t *)c)[1] = size | flags; }
static unsigned char *end_of(const struct record *r) { return r->base + r->len; }

static size_t chunk_for(size_t n)
{
    size_t want = n > ((size_t)1 << 40) ? 0 : (n + HDR + 15) & ~(size_t)15;
    return want && want < MINCHUNK ? MINCHUNK : want;
}

static void *tags_create(size_t bytes)
{
    size_t len = bytes & ~(size_t)15;
#ifdef RECORD_BEHIND
    size_t behind = sizeof(struct record);
#else
    size_t behind = 0;
#endif
    if (len < 4096)
        return NULL;
    unsigned char *m = mmap(NULL, len + behind, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    struct record *r = behind ? (void *)(m + len)
                              : mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r == MAP_FAILED) {
        munmap(m, len);
        return NULL;
    }
    r->base = m, r->len = len;
    set_hdr(m, len, PREV_USED);
    return r;
}

static void tags_destroy(void *heap)
{
    struct record *r = heap;
#ifdef RECORD_BEHIND
    munmap(r->base, (size_t)((unsigned char *)r - r->base) + sizeof *r);
#else
    munmap(r->base, r->len);
    munmap(r, sizeof *r);
#endif
}

/* c's next chunk learns whether c is free, and if so its size */
static void tell_next(const struct record *r, unsigned char *c, int used)
{
    unsigned char *next = c + csize(c);
    if (next >= end_of(r))
        return;
    set_hdr(next, csize(next), (cflags(next) & ~PREV_USED) | (used ? PREV_USED : 0));
    if (!used)
        ((size_t *)next)[0] = csize(c);
}

/* free chunk c becomes a used one of want bytes, or of all it has; the rest stays free */
static void *carve(const struct record *r, unsigned char *c, size_t want)
{
    size_t size = csize(c), prev = cflags(c) & PREV_USED;
    if (size >= want + MINCHUNK) {
        set_hdr(c, want, prev | USED);
        set_hdr(c + want, size - want, PREV_USED);
        tell_next(r, c + want, 0);
    } else {
        set_hdr(c, size, prev | USED);
        tell_next(r, c, 1);
    }
    return c + HDR;
}

static void *tags_malloc(void *heap, size_t n)
{
    struct record *r = heap;
    size_t want = chunk_for(n);
    for (unsigned char *c = r->base; want && c < end_of(r); c += csize(c))
        if (!(cflags(c) & USED) && csize(c) >= want)
            return carve(r, c, want);
    errno = ENOMEM;
    return NULL;
}

/* The first chunk's payload lies at the record's alignment of 16; a lead of
 * at least a chunk always goes in front of an aligned block. */
static void *tags_aligned(void *heap, size_t alignment, size_t n)
{
    struct record *r = heap;
    size_t want = chunk_for(n);
    for (unsigned char *c = r->base; want && c < end_of(r); c += csize(c)) {
        uintptr_t start = ((uintptr_t)c + HDR + MINCHUNK + alignment - 1) & ~(uintptr_t)(alignment - 1);
        unsigned char *body = c + (start - HDR - (uintptr_t)c);
#ifdef ALIGNED_SIZE_ONLY
        if (cflags(c) & USED || csize(c) < want)
#else
        if (cflags(c) & USED || body + want > c + csize(c))
#endif
            continue;
        size_t size = csize(c), lead = (size_t)(body - c);
        set_hdr(c, lead, cflags(c) & PREV_USED);
        set_hdr(body, size - lead, 0);
        ((size_t *)body)[0] = lead;
        return carve(r, body, want);
    }
    errno = ENOMEM;
    return NULL;
}

/* the used chunk whose payload is p, found by a walk */
static unsigned char *find_used(const struct record *r, void *p)
{
    for (unsigned char *c = r->base; c < end_of(r); c += csize(c))
        if (c + HDR == p)
            return cflags(c) & USED ? c : NULL;
    return NULL;
}

static int tags_free(void *heap, void *p)
{
    struct record *r = heap;
    unsigned char *c = p ? find_used(r, p) : NULL;
    if (!p || !c)
        return p ? EINVAL : 0;
    size_t size = csize(c);
    set_hdr(c, size, cflags(c) & ~USED);
    unsigned char *next = c + size;
    if (next < end_of(r) && !(cflags(next) & USED))
        size += csize(next);
#ifdef STALE_PREV_SIZE
    if (!(cflags(c) & USED) && c > r->base) {
#else
    if (!(cflags(c) & PREV_USED)) {
#endif
        c -= ((size_t *)c)[0];
        size += csize(c);
    }
    set_hdr(c, size, PREV_USED);
    tell_next(r, c, 0);
    return 0;
}

static size_t tags_usable(void *heap, void *p)
{
    (void)heap;
    return csize((unsigned char *)p - HDR) - HDR;
}

#ifndef NO_BOUNDS
static int tags_contains(void *heap, const void *p, size_t n)
{
    const struct record *r = heap;
    const unsigned char *at = p;
    return at >= r->base && at <= end_of(r) && n <= (size_t)(end_of(r) - at);
}
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "tags",
    .alignment = 16,
#ifdef NO_BOUNDS
    .caps = FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE | FUZZ_REPORTS_ENOMEM | FUZZ_PRISTINE_AFTER_FREE_ALL,
#else
    .caps = FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE | FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS |
            FUZZ_PRISTINE_AFTER_FREE_ALL,
    .contains = tags_contains,
#endif
    .bad_free_errno = EINVAL,
    .double_free_errno = EINVAL,
    .create = tags_create,
    .destroy = tags_destroy,
    .malloc = tags_malloc,
    .free = tags_free,
    .aligned_alloc = tags_aligned,
    .usable_size = tags_usable,
};
