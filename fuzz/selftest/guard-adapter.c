/*
 * guard-adapter.c - for fuzz/scripts/check-discard.sh: every block is a
 * mapping of its own, a 16-byte header (the mapping's length) then the block,
 * with a PROT_NONE guard page right after the block's page-rounded end (an
 * electric-fence allocator: a write past the block faults at once).
 * -DGUARD_SHORT: the guard's place is rounded from the block's size without
 * its header, so for a block whose last 16 bytes cross into another page the
 * guard covers them. -DREAD_FREED: each malloc reads the header of the block
 * freed last, which that free unmapped (a stale pointer kept to memory given
 * back); -DREAD_GUARD: each malloc reads the last block's guard page.
 * -DSIZE_WRAPS: malloc never compares the size with a limit, so a request
 * near SIZE_MAX wraps to a mapping of one page, and the header it writes
 * there meets the guard. -DREALLOC_COPIES_NEW: a realloc (new block, copy,
 * free) that copies the new size, reading the old block's guard page.
 * -DPROTECT_PAST: each mapping is placed right below the last, and a free
 * keeps its block's mapping, PROT_NONE (a quarantine), over its length and
 * one page more: the page of the mapping above, a live block's (round 10b's
 * fence); protect_live must say the range runs past the freed mapping.
 * -DSTART_ROUNDED_UP: each block is placed against its guard, its start
 * rounded up from (guard - n) to 16 where down was meant, usable_size the
 * bytes to the guard (round 10b's fence): usable_too_small must name the
 * start rounded up at the guard. Its free is never reached.
 * -DZERO_IN_GUARD: a request of 0 bytes gets a pointer 32 bytes into a guard
 * page, as DUMA's malloc(0) does (any access faults): a block of no bytes,
 * which a guard over its address takes nothing of.
 */
#include <string.h>
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adapter.h"

#define HEAD 16
#define ZERO_AT 32 /* -DZERO_IN_GUARD's 0-byte block, this far into its guard: every other block is HEAD past a page */

static char token; /* every block is its own mapping: the heap holds nothing */
static volatile size_t *last_freed, *last_guard; /* for -DREAD_FREED, -DREAD_GUARD */
static char *lowest; /* -DPROTECT_PAST: the last mapping, the next placed right below it */

static void *ga_create(size_t bytes)
{
    (void)bytes;
    last_freed = last_guard = NULL;
    lowest = NULL;
    return &token;
}
static void ga_destroy(void *h) { (void)h; }

static size_t round_to_page(size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (n + page - 1) & ~(page - 1);
}

static void *ga_malloc(void *h, size_t n)
{
    (void)h;
#ifdef READ_FREED
    if (last_freed && *last_freed == 0)
        return NULL;
#endif
#ifdef READ_GUARD
    if (last_guard && *last_guard == 0)
        return NULL;
#endif
#ifndef SIZE_WRAPS
    if (n > (size_t)-1 / 4)
        return NULL;
#endif
    size_t body = round_to_page(HEAD + n), page = (size_t)sysconf(_SC_PAGESIZE);
#ifdef PROTECT_PAST
    char *m = lowest ? mmap(lowest - body - page, body + page, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) : MAP_FAILED;
    if (m == MAP_FAILED)
        m = mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    lowest = m == MAP_FAILED ? lowest : m;
#else
    char *m = mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
    if (m == MAP_FAILED)
        return NULL;
#ifdef GUARD_SHORT
    char *guard = m + round_to_page(n);
#else
    char *guard = m + body;
#endif
    if (mprotect(guard, page, PROT_NONE) != 0) {
        munmap(m, body + page);
        return NULL;
    }
    *(size_t *)m = body + page;
    last_guard = (size_t *)guard;
#ifdef ZERO_IN_GUARD
    if (n == 0)
        return guard + ZERO_AT;
#endif
#ifdef START_ROUNDED_UP
    return (char *)(((uintptr_t)(guard - n) + 15) & ~(uintptr_t)15);
#else
    return m + HEAD;
#endif
}

static int ga_free(void *h, void *p)
{
    (void)h;
#ifdef ZERO_IN_GUARD
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    if (p && (uintptr_t)p % page == ZERO_AT) /* the mapping is its page and the guard */
        return munmap((char *)p - ZERO_AT - page, 2 * page), 0;
#endif
    if (p) {
        last_freed = (size_t *)((char *)p - HEAD);
#ifdef PROTECT_PAST
        mprotect((char *)p - HEAD, *(size_t *)((char *)p - HEAD) + (size_t)sysconf(_SC_PAGESIZE), PROT_NONE);
#else
        munmap((char *)p - HEAD, *(size_t *)((char *)p - HEAD));
#endif
    }
    return 0;
}

#ifdef START_ROUNDED_UP
static size_t ga_usable(void *h, void *p) /* the bytes to the guard, the page boundary above p */
{
    (void)h;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    return (size_t)((((uintptr_t)p & ~(page - 1)) + page) - (uintptr_t)p);
}
#else
#define ga_usable NULL
#endif

#ifdef REALLOC_COPIES_NEW
static void *ga_realloc(void *h, void *p, size_t n)
{
    void *q = ga_malloc(h, n);
    if (q && p) {
        memcpy(q, p, n);
        ga_free(h, p);
    }
    return q;
}
#else
#define ga_realloc NULL
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "guard",
    .alignment = 16,
    .caps = FUZZ_CAN_GROW,
    .create = ga_create,
    .destroy = ga_destroy,
    .malloc = ga_malloc,
    .free = ga_free,
    .realloc = ga_realloc,
    .usable_size = ga_usable,
};
