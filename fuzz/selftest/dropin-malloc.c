/*
 * dropin-malloc.c - a drop-in malloc as OS courses write them: it defines
 * malloc, free, calloc, realloc, posix_memalign and malloc_usable_size over
 * sbrk (an implicit list of blocks, first fit, merged forwards). Never linked
 * as it is: fuzz/selftest/dropin-adapter.c includes it under other names,
 * the way fuzz/DROPIN.md shows, and make check fuzzes it that way.
 *
 * -DBUG_CALLOC_TRUSTS_SBRK plants a classic bug: calloc skips the memset
 * because memory from sbrk is zero, forgetting the blocks free hands back.
 * -DBUG_MERGE_ONE: a free block merges with one free neighbour, not all of
 * them, so an emptied heap stays in pieces and grows for what it held.
 * -DBUG_USABLE_TO_PAGE: the block at the top of the heap reports as usable
 * everything up to the page the break lies in ends, past the break.
 * -DBUG_GROWTH_NO_HEADER: the heap grows by the block's rounded size, its
 * header left out, so a new block's last 16 bytes lie past the break.
 */
#ifndef malloc
/* Alone it would define libc's own malloc, replacing the process's, and gcc,
 * holding it to libc's malloc attributes, rightly warns at -O1/-O2 of the
 * header reads just before a block it returned. Renamed it is a plain function. */
#error "dropin-malloc.c is not built alone: fuzz/selftest/dropin-adapter.c includes it with malloc, free... renamed (make fuzz TARGET=fuzz/selftest/dropin-adapter.c)"
#endif
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct hdr {
    size_t size; /* the whole block, header included */
    size_t used;
};
#define HDR sizeof(struct hdr)
#define ROUND(n) (((n) + 15) & ~(size_t)15)
#define TOO_BIG (SIZE_MAX / 4)

static char *heap_start, *heap_end;

static struct hdr *next_of(struct hdr *h) { return (struct hdr *)((char *)h + h->size); }

static void merge_next(struct hdr *h)
{
#ifdef BUG_MERGE_ONE
    if ((char *)next_of(h) < heap_end && !next_of(h)->used)
#else
    while ((char *)next_of(h) < heap_end && !next_of(h)->used)
#endif
        h->size += next_of(h)->size;
}

static void split(struct hdr *h, size_t need)
{
    if (h->size - need >= HDR + 16) {
        struct hdr *rest = (struct hdr *)((char *)h + need);
        rest->size = h->size - need;
        rest->used = 0;
        h->size = need;
    }
}

void *malloc(size_t n)
{
    size_t need = ROUND(n) + HDR;
    if (n > TOO_BIG) {
        errno = ENOMEM;
        return NULL;
    }
    if (!heap_start)
        heap_start = heap_end = sbrk(0); /* 16-aligned: the adapter's break is */
    for (struct hdr *h = (struct hdr *)heap_start; (char *)h < heap_end; h = next_of(h)) {
        if (h->used)
            continue;
        merge_next(h);
        if (h->size >= need) {
            split(h, need);
            h->used = 1;
            return h + 1;
        }
    }
#ifdef BUG_GROWTH_NO_HEADER
    struct hdr *h = sbrk((intptr_t)ROUND(n));
#else
    struct hdr *h = sbrk((intptr_t)need);
#endif
    if (h == (void *)-1)
        return NULL; /* sbrk set ENOMEM */
    heap_end = (char *)h + need;
    h->size = need;
    h->used = 1;
    return h + 1;
}

void free(void *p)
{
    if (!p)
        return;
    struct hdr *h = (struct hdr *)p - 1;
    h->used = 0;
    merge_next(h);
}

size_t malloc_usable_size(void *p)
{
#ifdef BUG_USABLE_TO_PAGE
    if (p && (char *)next_of((struct hdr *)p - 1) == heap_end)
        return (((uintptr_t)heap_end + 4095) & ~(uintptr_t)4095) - (uintptr_t)p;
#endif
    return p ? ((struct hdr *)p - 1)->size - HDR : 0;
}

void *calloc(size_t n, size_t size)
{
    if (size && n > TOO_BIG / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(n * size);
#ifndef BUG_CALLOC_TRUSTS_SBRK
    if (p)
        memset(p, 0, n * size);
#endif
    return p;
}

void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    if (n > TOO_BIG) {
        errno = ENOMEM;
        return NULL;
    }
    struct hdr *h = (struct hdr *)p - 1;
    merge_next(h); /* a free neighbour may make room in place */
    if (h->size >= ROUND(n) + HDR) {
        split(h, ROUND(n) + HDR);
        return p;
    }
    void *q = malloc(n);
    if (q) {
        memcpy(q, p, h->size - HDR);
        free(p);
    }
    return q;
}

/* Over-allocates, then frees the front so the block starts aligned. */
int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    if (n > TOO_BIG || align > TOO_BIG)
        return ENOMEM;
    char *p = malloc(n + align + 2 * HDR);
    if (!p)
        return ENOMEM;
    struct hdr *h = (struct hdr *)p - 1;
    if ((uintptr_t)p % align) {
        char *q = (char *)(((uintptr_t)p + 2 * HDR + align - 1) & ~(uintptr_t)(align - 1));
        struct hdr *a = (struct hdr *)q - 1;
        a->size = h->size - (size_t)((char *)a - (char *)h);
        a->used = 1;
        h->size = (size_t)((char *)a - (char *)h);
        h->used = 0;
        h = a;
    }
    split(h, ROUND(n) + HDR);
    *out = h + 1;
    return 0;
}
