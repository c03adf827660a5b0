/*
 * brk-adapter.c - for fuzz/scripts/check-discard.sh: a bump allocator on the
 * real program break (sbrk), a 16-byte header before each block; it never
 * gives the break back (a few inputs' worth) and claims no bounds, as an OS
 * course's first allocator. -DGROWTH_NO_HEADER: the break grows by the
 * block's rounded size, its header left out, so the block's last 16 bytes
 * lie past the break: the next growth hands them out again.
 * -DSBRK_UNCHECKED: a growth past 32 KiB is refused, as a heap limit's (the
 * malloc-lab memlib's), with (void *)-1, and malloc writes its header there
 * unchecked: the crash must name the failure value (round 16).
 * -DSHRINK_PAST_LIVE: the free of the newest block lowers the break by two
 * pages more than the block and marks the word below its header (the block
 * below's last) as the top: a write past the break, to be named so.
 * -DGROWTH_BY_REQUEST: the break grows by the header and the request, not its
 * rounding, and the adapter gives usable_size (the rounded size) and
 * contains() (the break's heap): out_of_heap must blame the growth, not
 * usable_size (round 16).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <unistd.h>

#include "adapter.h"

#define HEAD 16

static char token; /* one heap: the break */

#ifdef GROWTH_BY_REQUEST
static char *first_break; /* the heap: from the break the first create found */
#endif

static void *ba_create(size_t bytes)
{
    (void)bytes;
#ifdef GROWTH_BY_REQUEST
    if (!first_break)
        first_break = sbrk(0);
#endif
    return &token;
}
static void ba_destroy(void *h) { (void)h; }

static void *ba_malloc(void *h, size_t n)
{
    (void)h;
    if (n > ((size_t)1 << 24))
        return NULL;
    size_t body = (n + 15) & ~(size_t)15;
#ifdef GROWTH_NO_HEADER
    char *at = sbrk((intptr_t)body);
#elif defined(GROWTH_BY_REQUEST)
    char *at = sbrk((intptr_t)(HEAD + n));
#elif defined(SBRK_UNCHECKED)
    char *at = body > 32768 ? (char *)-1 : sbrk((intptr_t)(HEAD + body));
#else
    char *at = sbrk((intptr_t)(HEAD + body));
#endif
#ifndef SBRK_UNCHECKED
    if (at == (char *)-1)
        return NULL;
#endif
    *(size_t *)at = body;
    return at + HEAD;
}

static int ba_free(void *h, void *p)
{
    (void)h;
#ifdef SHRINK_PAST_LIVE
    char *at = (char *)p - HEAD;
    size_t body = p ? *(size_t *)at : 0;
    if (p && (char *)p + body == (char *)sbrk(0)) {
        sbrk(-(intptr_t)(HEAD + body + 2 * 4096));
        *(size_t *)(at - sizeof(size_t)) = 0; /* the block below's footer: now past the break */
    }
#else
    (void)p; /* a bump allocator keeps all */
#endif
    return 0;
}

#ifdef GROWTH_BY_REQUEST
static size_t ba_usable(void *h, void *p) { (void)h; return *(size_t *)((char *)p - HEAD); }

static int ba_contains(void *h, const void *p, size_t n)
{
    const char *at = p, *now = sbrk(0);
    (void)h;
    return at >= first_break && at <= now && n <= (size_t)(now - at);
}
#define BA_CAPS (FUZZ_CAN_GROW | FUZZ_HAS_BOUNDS)
#else
#define BA_CAPS FUZZ_CAN_GROW
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "brk",
    .alignment = 16,
    .caps = BA_CAPS,
#ifdef GROWTH_BY_REQUEST
    .usable_size = ba_usable,
    .contains = ba_contains,
#endif
    .create = ba_create,
    .destroy = ba_destroy,
    .malloc = ba_malloc,
    .free = ba_free,
};
