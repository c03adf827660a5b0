/*
 * sized-adapter.c - an allocator that must be told each block's size and
 * alignment when it is freed (C23 free_sized / free_aligned_sized, Rust's
 * dealloc), and has no free at all. Each block records what it was asked
 * for; free_sized fails with EINVAL on any other size or alignment, so every
 * harness path that frees (fuzzer, replay, verify-traces, bench) proves it
 * hands the right size back. Over libc malloc, so it runs under ASan, and
 * grows as libc does (FUZZ_CAN_GROW: it served a size near 4 GiB whole).
 * -DSTATS_COUNT_RECORD: it also claims FUZZ_EXACT_STATS, and its stats count
 * each block's record in bytes_in_use, which usable_size leaves out (a header
 * counted on one side only): stats_mismatch must name the per-block gap.
 * -DSTATS_RECORD_FROM=n with it: only blocks of n bytes or more count their
 * record, so the gap is not alike on every block, and must not be given as one.
 * -DALIGNS_OFFSET: an aligned block is placed at an aligned offset from a
 * heap start 16 bytes into the memory, so its address is 16 past the
 * alignment asked: misaligned must say where such a bug usually lies.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"

#define SLACK alignof(max_align_t) /* a record in front of every block */

struct record {
    size_t size, alignment;
};

#ifndef STATS_RECORD_FROM
#define STATS_RECORD_FROM 0
#endif
/* What stats count for a block of `size` bytes (no record below STATS_RECORD_FROM). */
static const size_t record_from = STATS_RECORD_FROM; /* a variable: gcc's -Wtype-limits at 0 */
static size_t counted(size_t size)
{
    return size < record_from ? size : size + sizeof(struct record);
}

static char token;
static size_t live, bytes_counted; /* for stats() */

static void *sized_create(size_t bytes)
{
    (void)bytes;
    live = bytes_counted = 0;
    return &token;
}

static void sized_destroy(void *heap) { (void)heap; }

/* The block at base + front, its record just before it. */
static void *place(void *heap, size_t size, size_t alignment)
{
    size_t front = alignment > SLACK ? alignment : SLACK;
    (void)heap;
    if (size > SIZE_MAX / 2 - front) {
        errno = ENOMEM;
        return NULL;
    }
#ifdef ALIGNS_OFFSET
    char *start = aligned_alloc(front, (front + SLACK + size + front - 1) / front * front);
    char *base = start ? start + SLACK : NULL;  /* blocks at aligned offsets from here: planted bug */
#else
    char *base = aligned_alloc(front, (front + size + front - 1) / front * front);
#endif
    if (!base)
        return NULL;
    struct record r = {size, alignment};
    memcpy(base + front - sizeof r, &r, sizeof r);
    live++, bytes_counted += counted(size);
    return base + front;
}

static void *sized_malloc(void *heap, size_t size) { return place(heap, size, 0); }

static void *sized_aligned_alloc(void *heap, size_t alignment, size_t size) { return place(heap, size, alignment); }

static struct record record_of(const void *ptr)
{
    struct record r;
    memcpy(&r, (const char *)ptr - sizeof r, sizeof r);
    return r;
}

static int sized_free(void *heap, void *ptr, size_t size, size_t alignment)
{
    (void)heap;
    if (!ptr)
        return size || alignment ? EINVAL : 0;
    struct record r = record_of(ptr);
    if (r.size != size || r.alignment != alignment)
        return EINVAL; /* the harness gave back the wrong size: free_rejected names the block */
    size_t front = alignment > SLACK ? alignment : SLACK;
#ifdef ALIGNS_OFFSET
    front += SLACK;
#endif
    free((char *)ptr - front);
    live--, bytes_counted -= counted(size);
    return 0;
}

static void *sized_realloc(void *heap, void *ptr, size_t size)
{
    if (!ptr)
        return sized_malloc(heap, size);
    void *q = sized_malloc(heap, size);
    if (q) {
        struct record r = record_of(ptr);
        memcpy(q, ptr, r.size < size ? r.size : size);
        sized_free(heap, ptr, r.size, r.alignment);
    }
    return q;
}

#ifdef STATS_COUNT_RECORD
static size_t sized_usable(void *heap, void *ptr) { (void)heap; return record_of(ptr).size; }
static int sized_stats(void *heap, struct fuzz_stats *out)
{
    (void)heap;
    *out = (struct fuzz_stats){bytes_counted, 0, live};
    return 0;
}
#define SIZED_CAPS (FUZZ_CAN_GROW | FUZZ_REPORTS_ENOMEM | FUZZ_EXACT_STATS)
#else
#define sized_usable NULL
#define sized_stats NULL
#define SIZED_CAPS (FUZZ_CAN_GROW | FUZZ_REPORTS_ENOMEM)
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "sized-free-only",
    .alignment = alignof(max_align_t),
    .caps = SIZED_CAPS,
    .create = sized_create,
    .destroy = sized_destroy,
    .malloc = sized_malloc,
    .free_sized = sized_free,
    .realloc = sized_realloc,
    .aligned_alloc = sized_aligned_alloc,
    .usable_size = sized_usable,
    .stats = sized_stats,
};
