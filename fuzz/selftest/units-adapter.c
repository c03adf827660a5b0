/*
 * units-adapter.c - for check-reports.sh: a first-fit allocator over
 * create()'s bytes cut into 16-byte units, a table of which units are taken
 * and how long each block's run is; realloc shrinks a block in place,
 * giving its tail back, and moves one it grows. -DTAIL_NOT_FREED: the shrink
 * gives no tail back, so the heap loses it (round 11's next-fit cut its
 * tail one unit too long): not_pristine must name that realloc, not a leak
 * or a missed coalesce alone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"

#define UNIT 16

struct units {
    unsigned char *base;
    size_t count;   /* units */
    size_t *run;    /* run[u]: the units of the block starting at unit u, else 0 */
    unsigned char *taken;
    size_t live;
};

static void *un_create(size_t bytes)
{
    struct units *h = calloc(1, sizeof *h);
    size_t n = bytes / UNIT;
    if (!h || !n || !(h->base = aligned_alloc(UNIT, n * UNIT)) || !(h->run = calloc(n, sizeof *h->run)) ||
        !(h->taken = calloc(n, 1))) {
        if (h)
            free(h->base), free(h->run), free(h->taken);
        free(h);
        return NULL;
    }
    h->count = n;
    return h;
}

static void un_destroy(void *heap)
{
    struct units *h = heap;
    free(h->base), free(h->run), free(h->taken), free(h);
}

static void *un_malloc(void *heap, size_t n)
{
    struct units *h = heap;
    size_t want = n ? (n + UNIT - 1) / UNIT : 1, free_run = 0;
    for (size_t u = 0; n <= h->count * UNIT && u < h->count; u++) {
        free_run = h->taken[u] ? 0 : free_run + 1;
        if (free_run == want) {
            size_t start = u + 1 - want;
            memset(h->taken + start, 1, want);
            h->run[start] = want;
            h->live++;
            return h->base + start * UNIT;
        }
    }
    errno = ENOMEM;
    return NULL;
}

static size_t unit_of(struct units *h, void *p) { return (size_t)((unsigned char *)p - h->base) / UNIT; }

static int un_free(void *heap, void *p)
{
    struct units *h = heap;
    if (!p)
        return 0;
    size_t u = unit_of(h, p);
    memset(h->taken + u, 0, h->run[u]);
    h->run[u] = 0;
    h->live--;
    return 0;
}

static void *un_realloc(void *heap, void *p, size_t n)
{
    struct units *h = heap;
    if (!p)
        return un_malloc(heap, n);
    size_t u = unit_of(h, p), want = n ? (n + UNIT - 1) / UNIT : 1;
    if (want <= h->run[u]) { /* in place: the tail goes back */
#ifndef TAIL_NOT_FREED
        memset(h->taken + u + want, 0, h->run[u] - want);
#endif
        h->run[u] = want;
        return p;
    }
    void *q = un_malloc(heap, n);
    if (q) {
        memcpy(q, p, h->run[u] * UNIT);
        un_free(heap, p);
    }
    return q;
}

static size_t un_usable(void *heap, void *p) { return ((struct units *)heap)->run[unit_of(heap, p)] * UNIT; }

static int un_stats(void *heap, struct fuzz_stats *st)
{
    st->live_blocks = ((struct units *)heap)->live;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "units",
    .alignment = UNIT,
    .caps = FUZZ_PRISTINE_AFTER_FREE_ALL,
    .create = un_create,
    .destroy = un_destroy,
    .malloc = un_malloc,
    .free = un_free,
    .realloc = un_realloc,
    .usable_size = un_usable,
    .stats = un_stats,
};
