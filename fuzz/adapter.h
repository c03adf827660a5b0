/*
 * adapter.h - the only way the fuzzing harness talks to an allocator under test.
 *
 * An adapter file defines one `const struct fuzz_allocator fuzz_allocator`.
 * Required: create, destroy, malloc, and free or free_sized. Everything else may be NULL: the
 * harness then emulates it (calloc = malloc + memset, realloc = malloc + copy +
 * free) or skips the operations and oracles that need it; it never counts a
 * missing operation as a pass. See fuzz/ADAPTERS.md for the full contract.
 */
#ifndef FUZZ_ADAPTER_H
#define FUZZ_ADAPTER_H

#include <stddef.h>

/* Capability flags. */
enum {
    FUZZ_CAN_GROW        = 1u << 0, /* heap may map more memory than create() asked for */
    FUZZ_DETECTS_BAD_FREE = 1u << 1, /* free of a non-block pointer fails with bad_free_errno, changes nothing */
    FUZZ_DETECTS_DOUBLE_FREE = 1u << 2, /* double free fails with double_free_errno, changes nothing */
    FUZZ_REPORTS_ENOMEM  = 1u << 3, /* failed allocations set errno = ENOMEM */
    FUZZ_HAS_BOUNDS      = 1u << 4, /* contains() says which addresses belong to the heap */
    FUZZ_PRISTINE_AFTER_FREE_ALL = 1u << 5, /* after freeing every block, the first largest allocation fits again */
    FUZZ_REALLOC_ZERO_FREES = 1u << 6, /* realloc(p, 0) frees p and returns NULL */
    FUZZ_EXACT_STATS     = 1u << 7, /* stats().bytes_in_use == sum of usable sizes of live blocks */
    FUZZ_SMALL_ALIGNED_TO_SIZE = 1u << 8, /* a block of n < alignment bytes is aligned only to the
                                             largest power of two <= n (C17's rule; jemalloc's 8-byte class) */
    FUZZ_THREAD_SAFE     = 1u << 9, /* every function may be called from several threads at once on one heap,
                                       and a block freed or realloc'd by a thread other than the one that
                                       allocated it (make fuzz-threads accepts only such adapters) */
    FUZZ_NO_HEAP_LIMIT   = 1u << 10, /* with FUZZ_CAN_GROW: no limit of its own, so every request of at most
                                       FUZZ_SYMBOL_SIZE_MAX (4 MiB, fuzz/ops.h) succeeds, whatever the heap holds */
    FUZZ_UNMAPS_ON_DESTROY = 1u << 11, /* after destroy(), nothing the heap mapped (mmap, mremap) while the
                                       harness ran it is still mapped: no mapping kept for the next heap */
    FUZZ_ANY_START       = 1u << 12, /* with create_in: a buffer may start at any address, an odd one too
                                       (without it, create_in's buffer starts at a multiple of
                                       _Alignof(max_align_t), as any malloc'd buffer does) */
    FUZZ_KNOWN_CAPS      = (1u << 13) - 1 /* every flag above; a bit outside it is refused */
};

struct fuzz_stats {
    size_t bytes_in_use;  /* usable bytes of live blocks, as the allocator counts them */
    size_t largest_free;  /* largest request that succeeds without growing */
    size_t live_blocks;   /* number of live blocks: required, always compared */
};
/* The harness presets live_blocks to this before calling stats(), and the
 * other fields to 0 (a largest_free of 0 means "cannot tell"). */
#define FUZZ_STATS_UNSET ((size_t)-1)

struct fuzz_allocator {
    const char *name;
    size_t alignment;          /* guaranteed alignment of every returned pointer (see FUZZ_SMALL_ALIGNED_TO_SIZE) */
    unsigned caps;             /* FUZZ_* flags */
    int bad_free_errno;        /* with FUZZ_DETECTS_BAD_FREE */
    int double_free_errno;     /* with FUZZ_DETECTS_DOUBLE_FREE */

    /* A fresh heap of about `bytes` bytes, with no state left from earlier
     * heaps (the harness calls create/destroy around every input and frees
     * every block before destroy). NULL on failure. */
    void *(*create)(size_t bytes);
    void (*destroy)(void *heap);
    /* Optional, for an allocator over a caller's buffer: a fresh heap in the
     * `bytes` bytes at `buffer`. When set, the fuzzer calls it instead of
     * create(): it allocates the buffer, starts it where the input's op heap
     * says (0 to 63 bytes past a page; FUZZ_ANY_START), poisons the bytes
     * around it under ASan, and frees it after destroy(), which must leave the
     * buffer alone. create() stays required: make bench and verify-traces call
     * it. NULL on failure. */
    void *(*create_in)(void *buffer, size_t bytes);

    void *(*malloc)(void *heap, size_t size);
    /* 0 on success, or an errno value (0 for allocators that cannot report).
     * free(heap, NULL) must do nothing and return 0, as C's free(NULL). */
    int (*free)(void *heap, void *ptr);
    /* Instead of free, for an allocator that needs the size back (C23's
     * free_sized and free_aligned_sized, Rust's dealloc(ptr, layout), pools):
     * when set, every free goes here, with the size last asked for the block
     * (malloc's, calloc's n * size, realloc's new size, aligned_alloc's) and
     * the alignment aligned_alloc was asked (0 for the other calls). Returns
     * as free; free_sized(heap, NULL, 0, 0) must do nothing and return 0.
     * One of free and free_sized is required. */
    int (*free_sized)(void *heap, void *ptr, size_t size, size_t alignment);

    /* Optional. */
    void *(*realloc)(void *heap, void *ptr, size_t size);
    void *(*calloc)(void *heap, size_t n, size_t size);
    /* Any power of two from 1 to 32768; may fail with EINVAL for one it does not support. */
    void *(*aligned_alloc)(void *heap, size_t alignment, size_t size);
    /* Bytes the program may use: the harness fills all of them and expects
     * realloc to keep min(usable, new size). Without it, usable = requested. */
    size_t (*usable_size)(void *heap, void *ptr);
    /* The allocator's own consistency check: 0 if fine, else nonzero with a
     * one-line description written into msg. */
    int (*check)(void *heap, char *msg, size_t msg_len);
    int (*stats)(void *heap, struct fuzz_stats *out);
    /* With FUZZ_HAS_BOUNDS: nonzero if [p, p+n) lies inside memory the heap owns. */
    int (*contains)(void *heap, const void *p, size_t n);
    /* Give free memory back to the OS now (malloc_trim's job): 0 on success,
     * else an errno value. Every live block must stay as it was. */
    int (*trim)(void *heap);
    /* make bench's utilization (peak live payload / this). Bytes from the
     * heap's start to the end of the highest block it has handed out (or the
     * end of its break) since create. The fuzzer uses it only to judge
     * FUZZ_PRISTINE_AFTER_FREE_ALL on a heap that can grow and has no stats:
     * a request served without it moving came from memory the heap had. */
    size_t (*high_water)(void *heap);
    /* Right after malloc, calloc or realloc returned NULL: one line saying
     * why, when the adapter knows a cause the user can act on (a fixed heap
     * limit and the switch that raises it), else NULL. verify-traces and
     * make bench TARGET=... print it with the call that failed. */
    const char *(*why_refused)(void *heap);
};

extern const struct fuzz_allocator fuzz_allocator;

/* How the harness, verify-traces and the bench free a block: through
 * free_sized (with its size and asked alignment) when the adapter has one,
 * else through free. */
static inline int fuzz_adapter_free(const struct fuzz_allocator *a, void *heap, void *ptr, size_t size,
                                    size_t alignment)
{
    /* (a->free): a debug malloc's header (dmalloc.h) makes free(ptr) a macro */
    return a->free_sized ? a->free_sized(heap, ptr, size, alignment) : (a->free)(heap, ptr);
}

/* 1 when this file is compiled under ThreadSanitizer (make fuzz-threads;
 * gcc says so by a macro, clang by __has_feature), else 0: under TSan,
 * malloc is TSan's, and an adapter of the system's malloc or the harness
 * may have to bend to it. */
#if defined(__SANITIZE_THREAD__)
#define FUZZ_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FUZZ_UNDER_TSAN 1
#endif
#endif
#ifndef FUZZ_UNDER_TSAN
#define FUZZ_UNDER_TSAN 0
#endif

#endif /* FUZZ_ADAPTER_H */
