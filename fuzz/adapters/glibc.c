/*
 * glibc.c - the reference adapter: the C library's malloc family, and
 * malloc_trim. It cannot detect bad frees, has no per-heap stats, bounds or
 * checker, so the harness issues no bad frees to it and checks only what the
 * C standard and glibc promise. Any failure here is a harness bug (or a glibc/sanitizer one).
 */
#define _GNU_SOURCE /* malloc_usable_size, malloc_trim */
#include <errno.h>
#include <malloc.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../adapter.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Under ThreadSanitizer (make fuzz-threads), malloc is TSan's: its malloc(0)
 * says one usable byte (malloc_usable_size) and then reports the harness's
 * write of that byte as a heap-use-after-free. A zero-byte request asks for
 * that byte, so the block is what usable_size says. */
#if FUZZ_UNDER_TSAN
#define NOT_ZERO(size) ((size) != 0 ? (size) : 1)
#else
#define NOT_ZERO(size) (size)
#endif

/* Under ASan, malloc is ASan's: it refuses sizes above PTRDIFF_MAX with
 * ENOMEM like glibc, but prints a warning line for each, which would bury
 * real reports. Refuse those here with the same verdict; plain builds ask
 * glibc itself. */
static int refused_huge(size_t size)
{
#ifdef UNDER_ASAN
    if (size > PTRDIFF_MAX) {
        errno = ENOMEM;
        return 1;
    }
#else
    (void)size;
#endif
    return 0;
}

/* glibc has one process-wide heap: the handle is only a non-NULL token. The
 * harness frees every block before destroy, so nothing leaks across inputs. */
static char process_heap;

static void *glibc_create(size_t bytes)
{
    (void)bytes;
    return &process_heap;
}

static void glibc_destroy(void *heap) { (void)heap; }

static void *glibc_malloc(void *heap, size_t size)
{
    (void)heap;
    return refused_huge(size) ? NULL : malloc(NOT_ZERO(size));
}

static int glibc_free(void *heap, void *ptr)
{
    (void)heap;
    free(ptr);
    return 0;
}

static void *glibc_realloc(void *heap, void *ptr, size_t size)
{
    (void)heap;
    return refused_huge(size) ? NULL : realloc(ptr, ptr ? size : NOT_ZERO(size)); /* realloc(p, 0) frees */
}

static void *glibc_calloc(void *heap, size_t n, size_t size)
{
    (void)heap;
    size_t total = n && size > SIZE_MAX / n ? SIZE_MAX : n * size;
#if FUZZ_UNDER_TSAN
    if (total == 0) /* its one byte */
        n = size = 1;
#endif
    return refused_huge(total) ? NULL : calloc(n, size);
}

/* posix_memalign, not aligned_alloc: C11 lets aligned_alloc refuse a size
 * that is not a multiple of the alignment (ASan's does), and rounding the size
 * up would hide a bug that depends on the size asked. It refuses an alignment
 * under a pointer's, which only makes the block more aligned than asked. */
static void *glibc_aligned_alloc(void *heap, size_t alignment, size_t size)
{
    void *block;
    (void)heap;
    int err = posix_memalign(&block, alignment < sizeof(void *) ? sizeof(void *) : alignment, NOT_ZERO(size));
    if (err) {
        errno = err;
        return NULL;
    }
    return block;
}

static size_t glibc_usable_size(void *heap, void *ptr)
{
    (void)heap;
    return malloc_usable_size(ptr);
}

/* malloc_trim's return value says whether it released anything: not a failure either way. */
static int glibc_trim(void *heap)
{
    (void)heap;
    malloc_trim(0);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "glibc",
    .alignment = alignof(max_align_t),
    /* FUZZ_NO_HEAP_LIMIT: one process-wide heap that grows by sbrk and mmap with no cap of its own. */
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT | FUZZ_REPORTS_ENOMEM | FUZZ_REALLOC_ZERO_FREES | FUZZ_THREAD_SAFE,
    .create = glibc_create,
    .destroy = glibc_destroy,
    .malloc = glibc_malloc,
    .free = glibc_free,
    .realloc = glibc_realloc,
    .calloc = glibc_calloc,
    .aligned_alloc = glibc_aligned_alloc,
    .usable_size = glibc_usable_size,
    .trim = glibc_trim,
};
