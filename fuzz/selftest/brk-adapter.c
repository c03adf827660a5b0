/*
 * brk-adapter.c - for fuzz/scripts/check-discard.sh: a bump allocator on the
 * real program break (sbrk), a 16-byte header before each block; it never
 * gives the break back (a few inputs' worth) and claims no bounds, as an OS
 * course's first allocator. -DGROWTH_NO_HEADER: the break grows by the
 * block's rounded size, its header left out, so the block's last 16 bytes
 * lie past the break: the next growth hands them out again.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <unistd.h>

#include "adapter.h"

#define HEAD 16

static char token; /* one heap: the break */

static void *ba_create(size_t bytes) { (void)bytes; return &token; }
static void ba_destroy(void *h) { (void)h; }

static void *ba_malloc(void *h, size_t n)
{
    (void)h;
    if (n > ((size_t)1 << 24))
        return NULL;
    size_t body = (n + 15) & ~(size_t)15;
#ifdef GROWTH_NO_HEADER
    char *at = sbrk((intptr_t)body);
#else
    char *at = sbrk((intptr_t)(HEAD + body));
#endif
    if (at == (char *)-1)
        return NULL;
    *(size_t *)at = body;
    return at + HEAD;
}

static int ba_free(void *h, void *p) { (void)h, (void)p; return 0; } /* a bump allocator keeps all */

const struct fuzz_allocator fuzz_allocator = {
    .name = "brk",
    .alignment = 16,
    .caps = FUZZ_CAN_GROW,
    .create = ba_create,
    .destroy = ba_destroy,
    .malloc = ba_malloc,
    .free = ba_free,
};
