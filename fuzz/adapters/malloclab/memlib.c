/*
 * memlib.c - our simulated sbrk for malloc-lab allocators under the fuzzer
 * (interface and rationale: memlib.h).
 *
 * The whole MEMLIB_MAX_HEAP is reserved once, inaccessible; mem_sbrk opens
 * pages as the break passes them. So a write past the break faults at once
 * instead of landing in memory the lab's driver would have ignored, and
 * under ASan the bytes between the break and the end of its page are
 * poisoned too: a block that runs off the heap's end is reported exactly.
 *
 * Every byte mem_sbrk hands out holds MEMLIB_JUNK, never zero: the lab's
 * memlib mallocs its heap, which a fresh process often gets zeroed, but its
 * driver reuses it between runs of a trace (stale blocks), so an mm.c that
 * reads a word it never wrote (a missing epilogue, a free-list head in
 * fresh space) only seems to work on zeroes. Here it reads junk, every time.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1 /* mmap flags, sysconf */
#endif
#include "memlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define MEMLIB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMLIB_ASAN 1
#endif
#endif
#ifdef MEMLIB_ASAN
#include <sanitizer/asan_interface.h>
#define memlib_poison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define memlib_unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define memlib_poison(p, n) ((void)(p), (void)(n))
#define memlib_unpoison(p, n) ((void)(p), (void)(n))
#endif

static char *heap_lo;   /* NULL until the first mem_init / mem_fresh */
static char *heap_brk;  /* current break */
static char *open_end;  /* pages below this are readable and writable */
static char *junk_end;  /* pages below this hold MEMLIB_JUNK or what mm.c wrote */
static size_t reserved; /* bytes reserved at heap_lo */
static size_t over_max; /* mem_sbrk_over_max */

size_t mem_pagesize(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static char *page_end(char *p)
{
    size_t page = mem_pagesize();
    return heap_lo + ((size_t)(p - heap_lo) + page - 1) / page * page;
}

static int reserve(void)
{
    reserved = (MEMLIB_MAX_HEAP + mem_pagesize() - 1) / mem_pagesize() * mem_pagesize();
    void *p = mmap(NULL, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    heap_lo = heap_brk = open_end = junk_end = p;
    return 0;
}

int mem_fresh(void)
{
    over_max = 0;
    if (!heap_lo)
        return reserve();
    /* Same junk-filled heap for every input: a crash must replay the same
     * way. Every open page, also what a stray write left past the break. */
    memlib_unpoison(heap_lo, (size_t)(open_end - heap_lo));
    memset(heap_lo, MEMLIB_JUNK, (size_t)(open_end - heap_lo));
    if (mprotect(heap_lo, (size_t)(open_end - heap_lo), PROT_NONE) != 0)
        return -1;
    heap_brk = open_end = heap_lo;
    return 0;
}

void mem_init(void)
{
    if (mem_fresh() != 0) {
        fprintf(stderr, "memlib: cannot reserve %zu bytes for the heap: %s; lower MEMLIB_MAX_HEAP\n",
                (size_t)MEMLIB_MAX_HEAP, strerror(errno));
        abort();
    }
}

void mem_deinit(void)
{
    if (heap_lo) {
        memlib_unpoison(heap_lo, (size_t)(open_end - heap_lo));
        munmap(heap_lo, reserved);
    }
    heap_lo = heap_brk = open_end = junk_end = NULL;
}

void mem_reset_brk(void)
{
    if (!heap_lo)
        return;
    memlib_poison(heap_lo, (size_t)(open_end - heap_lo));
    heap_brk = heap_lo;
}

void *mem_sbrk(memlib_incr_t incr)
{
    int past_max = heap_lo && incr >= 0 && (size_t)incr > reserved - (size_t)(heap_brk - heap_lo);
    over_max = past_max ? (size_t)incr : 0;
    if (!heap_lo || incr < 0 || past_max) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = heap_brk, *new_brk = heap_brk + incr;
    char *need = page_end(new_brk);
    if (need > open_end) {
        if (mprotect(open_end, (size_t)(need - open_end), PROT_READ | PROT_WRITE) != 0) {
            errno = ENOMEM;
            return (void *)-1;
        }
        /* Pages opened for the first time are the kernel's zeroes. */
        if (need > junk_end) {
            memset(junk_end, MEMLIB_JUNK, (size_t)(need - junk_end));
            junk_end = need;
        }
        memlib_poison(open_end, (size_t)(need - open_end));
        open_end = need;
    }
    memlib_unpoison(old, (size_t)incr);
    heap_brk = new_brk;
    return old;
}

size_t mem_sbrk_over_max(void) { return over_max; }
void *mem_heap_lo(void) { return heap_lo; }
/* lo - 1 while empty, as the lab's memlib says; computed without pointer
 * arithmetic, which would step outside the mapping. */
void *mem_heap_hi(void) { return (void *)((uintptr_t)heap_brk - 1); }
size_t mem_heapsize(void) { return (size_t)(heap_brk - heap_lo); }
void *mem_memset(void *ptr, int value, size_t n) { return memset(ptr, value, n); }
void *mem_memcpy(void *dst, const void *src, size_t n) { return memcpy(dst, src, n); }
