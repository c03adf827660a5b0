/*
 * crash-misaligned.h - the planted bugs of crash-adapter.c that hand out a
 * block off its alignment, from memory of their own, or an aligned one short. Included by
 * crash-adapter.c only, after its call counter (which
 * -DFIRST_BLOCK_MISALIGNED reads): its planted_answer asks misaligned_answer last
 * and its free skips what misaligned_own holds; CRASH_ALIGNED and
 * CRASH_USABLE_SIZE go in the adapter's table.
 * -DALIGNED_BY_MMAP_PAGE: no crash; aligned_alloc returns a page mapped
 * alone that is 4096 mod 8192, as an allocator trusting mmap's page for any
 * alignment: misaligned must name the mapping, not a size or header.
 * -DSMALL_AT_8=N: no crash; a request of at most N bytes gets an address that
 * is 8 mod 16, as jemalloc's 8-byte class; with -DCLAIMS_SMALL_ALIGNED the
 * adapter declares FUZZ_SMALL_ALIGNED_TO_SIZE, which allows that for N <= 8.
 * -DFIRST_BLOCK_MISALIGNED: no crash; the adapter claims
 * FUZZ_PRISTINE_AFTER_FREE_ALL, and the first block a fresh heap hands out is
 * 8 bytes off its alignment (a bug in a path only an untouched heap takes):
 * op #0 must meet it, not the pristine probe.
 * -DALIGNED_REST_WRAPS: aligned_alloc of an alignment past 16 faults, writing
 * at an index from a size that wrapped (round 18's vmem, its aligned start
 * past its chunk's end): the crash must name the aligned path.
 * -DALIGNED_OFF_BY_8: no crash of its own; aligned_alloc returns a pointer 8
 * bytes off its alignment, and usable_size, which trusts a header below each
 * pointer, aborts on a pointer no block starts at: misaligned must fire, not
 * a crash in usable_size.
 * -DALIGNED_LEAD_SHORT: no crash; usable_size says the last block of
 * aligned_alloc is one 16-byte unit short of its request rounded to 16, as
 * round 13b's TLSF, whose aligned search left no room for a lead of a minimum
 * block: usable_too_small must name the aligned path, not a class edge.
 */
#ifndef CRASH_MISALIGNED_H
#define CRASH_MISALIGNED_H

#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifdef FIRST_BLOCK_MISALIGNED
static _Alignas(16) char first_block[64 * 1024 + 16];
#endif

#ifdef SMALL_AT_8
static _Alignas(16) char small_pool[4096];
static size_t small_used;

static int in_small_pool(const void *p)
{
    return (uintptr_t)p - (uintptr_t)small_pool < sizeof small_pool;
}
#endif

#ifdef ALIGNED_OFF_BY_8
static _Alignas(64) char aligned_pool[4096 + 64];

static void *off_by_8_aligned(void *heap, size_t align, size_t size)
{
    (void)heap, (void)align;
    return size <= 4096 ? aligned_pool + 8 : (errno = ENOMEM, NULL);
}
static size_t header_usable(void *heap, void *p)
{
    (void)heap;
    if ((uintptr_t)p % 16)
        abort();
    return malloc_usable_size(p);
}
#define CRASH_USABLE_SIZE header_usable
#define CRASH_ALIGNED off_by_8_aligned
#elif defined(ALIGNED_BY_MMAP_PAGE)
/* Two pages mapped, the one not aligned to 8192 kept: what trusting mmap's
 * page for any alignment gives half the time, here every time. */
static void *page_aligned(void *heap, size_t align, size_t size)
{
    (void)heap, (void)align;
    char *two = size <= 4096 ? mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                             : MAP_FAILED;
    if (two == MAP_FAILED)
        return errno = ENOMEM, NULL;
    int low_kept = (uintptr_t)two % 8192 != 0;
    munmap(low_kept ? two + 4096 : two, 4096);
    return low_kept ? two : two + 4096;
}
#define CRASH_ALIGNED page_aligned
#elif defined(ALIGNED_LEAD_SHORT)
static void *lead_short_block; /* the last aligned block, whose usable size is short... */
static size_t lead_short_size;  /* ...of this request */

static void *lead_short_aligned(void *heap, size_t align, size_t size)
{
    (void)heap;
    lead_short_size = size;
    return lead_short_block = aligned_alloc(align, (size + align - 1) / align * align);
}
static size_t lead_short_usable(void *heap, void *p)
{
    (void)heap;
    return p == lead_short_block ? (lead_short_size + 15) / 16 * 16 - 16 : malloc_usable_size(p);
}
#define CRASH_USABLE_SIZE lead_short_usable
#define CRASH_ALIGNED lead_short_aligned
#elif defined(ALIGNED_REST_WRAPS)
/* A rest whose size wrapped (the chunk's end less an aligned start past it)
 * taken as an index of 16-byte units: a non-canonical address, always a fault. */
static void *rest_wraps_aligned(void *heap, size_t align, size_t size)
{
    size_t rest = 16 - align;
    (void)heap, (void)size;
    *(volatile size_t *)(uintptr_t)(rest / 16 * sizeof(size_t)) = rest;
    return errno = ENOMEM, NULL;
}
#define CRASH_ALIGNED rest_wraps_aligned
#else
#define CRASH_ALIGNED NULL
#endif

/* 1 with *block the answer when one of the bugs above answers a malloc of
 * size; 0 to leave it to glibc's. */
static inline int misaligned_answer(size_t size, void **block)
{
    (void)size, (void)block;
#ifdef FIRST_BLOCK_MISALIGNED
    if (size > 64 * 1024)
        return *block = NULL, 1;
    if (calls == 0 && ++calls)
        return *block = first_block + 8, 1;
#endif
#ifdef SMALL_AT_8
    if (size <= SMALL_AT_8 && small_used + 32 <= sizeof small_pool) {
        small_used += 32;
        return *block = small_pool + small_used - 24, 1;
    }
#endif
    return 0;
}

/* 1 if ptr is one of the blocks above, which free gives back to no one. */
static inline int misaligned_own(const void *ptr)
{
    (void)ptr;
#ifdef SMALL_AT_8
    if (in_small_pool(ptr))
        return 1;
#endif
#ifdef FIRST_BLOCK_MISALIGNED
    if ((uintptr_t)ptr - (uintptr_t)first_block < sizeof first_block)
        return 1;
#endif
#ifdef ALIGNED_OFF_BY_8
    if ((uintptr_t)ptr - (uintptr_t)aligned_pool < sizeof aligned_pool)
        return 1;
#endif
    return 0;
}

#endif
