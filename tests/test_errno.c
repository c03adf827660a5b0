/* test_errno.c - every documented errno path, and "a failing call changes
 * nothing in the heap" (stats and walk compared before and after). */
#define _GNU_SOURCE /* strerrorname_np (glibc 2.32): the symbols errno_names.h gives, checked */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "errno_names.h" /* hl_errno_lookup */
#include "internal.h"     /* hl_errno_text */

/* A heap with a few live blocks so "unchanged" has something to compare. */
static halloc_heap *busy_heap(void *blocks[8])
{
    halloc_heap *h = halloc_create(128 * KIB);
    cr_assert_not_null(h);
    for (size_t i = 0; i < 8; i++) {
        blocks[i] = halloc_malloc(h, 64 + 32 * i);
        cr_assert_not_null(blocks[i]);
    }
    cr_assert_eq(halloc_free(h, blocks[2]), 0);
    cr_assert_eq(halloc_free(h, blocks[5]), 0);
    blocks[2] = blocks[5] = NULL;
    assert_heap_ok(h);
    return h;
}

Test(errno_paths, malloc_zero_is_einval)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_null(halloc_malloc(h, 0));
    cr_assert_eq(errno, EINVAL);
    snapshot_assert_same(h, &snap);
    halloc_destroy(h);
}

static const size_t huge_sizes[] = {
    SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 15, SIZE_MAX - 16, SIZE_MAX - 4096,
    SIZE_MAX / 2, SIZE_MAX / 2 + 1, (size_t)1 << 46, ((size_t)1 << 46) + 1,
};
#define NHUGE (sizeof huge_sizes / sizeof huge_sizes[0])

/* Each call must fail with ENOMEM (no wrap to a small size) and change nothing. */
Test(errno_paths, sizes_near_size_max_are_enomem_without_wrap)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    for (size_t i = 0; i < NHUGE; i++) {
        size_t n = huge_sizes[i];
        heap_snapshot snap;
        snapshot_take(h, &snap);
        errno = 0;
        cr_assert_null(halloc_malloc(h, n), "malloc(%zu) succeeded", n);
        cr_assert_eq(errno, ENOMEM, "malloc(%zu): errno %d", n, errno);
        errno = 0;
        cr_assert_null(halloc_calloc(h, 1, n), "calloc(1, %zu) succeeded", n);
        cr_assert_eq(errno, ENOMEM, "calloc(1, %zu): errno %d", n, errno);
        errno = 0;
        cr_assert_null(halloc_aligned_alloc(h, 4096, n), "aligned_alloc(4096, %zu)", n);
        cr_assert_eq(errno, ENOMEM, "aligned_alloc(4096, %zu): errno %d", n, errno);
        errno = 0;
        cr_assert_null(halloc_realloc(h, NULL, n), "realloc(NULL, %zu) succeeded", n);
        cr_assert_eq(errno, ENOMEM, "realloc(NULL, %zu): errno %d", n, errno);
        snapshot_assert_same(h, &snap);
    }
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(errno_paths, large_alignment_plus_size_does_not_wrap)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    size_t align = (size_t)1 << (sizeof(size_t) * 8 - 2);
    errno = 0;
    cr_assert_null(halloc_aligned_alloc(h, align, 64));
    cr_assert_eq(errno, ENOMEM, "alignment 2^62: errno %d", errno);
    char said[96]; /* the alignment is what is too large, not the 64 bytes asked for */
    snprintf(said, sizeof said, "alignment %zu is too large", align);
    cr_assert(strstr(halloc_last_error(h), said), "no '%s' in: %s", said, halloc_last_error(h));
    errno = 0;
    cr_assert_null(halloc_aligned_alloc(h, 65536, SIZE_MAX - 65536));
    cr_assert_eq(errno, ENOMEM);
    snapshot_assert_same(h, &snap);
    halloc_destroy(h);
}

Test(errno_paths, calloc_overflow_is_enomem)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    size_t pairs[][2] = {
        {SIZE_MAX, 2}, {2, SIZE_MAX}, {(size_t)1 << 33, (size_t)1 << 33},
        {SIZE_MAX / 16 + 1, 16}, {65537, 65537 * (size_t)65537 * 65537},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        errno = 0;
        cr_assert_null(halloc_calloc(h, pairs[i][0], pairs[i][1]), "calloc(%zu, %zu)",
                       pairs[i][0], pairs[i][1]);
        cr_assert_eq(errno, ENOMEM, "calloc(%zu, %zu): errno %d", pairs[i][0], pairs[i][1],
                     errno);
        char said[96]; /* the message names both factors, not a wrapped or saturated product */
        snprintf(said, sizeof said, "calloc(%zu, %zu): n * size overflows", pairs[i][0], pairs[i][1]);
        cr_assert(strstr(halloc_last_error(h), said), "no '%s' in: %s", said, halloc_last_error(h));
    }
    errno = 0;
    cr_assert_null(halloc_calloc(h, 0, 16));
    cr_assert_eq(errno, EINVAL, "calloc of 0 bytes is EINVAL like malloc(0)");
    snapshot_assert_same(h, &snap);
    halloc_destroy(h);
}

/* free(bad) must fail with EINVAL and leave stats and every chunk as they were. */
static void assert_free_einval(halloc_heap *h, void *bad, const char *what)
{
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_eq(halloc_free(h, bad), -1, "free of %s succeeded", what);
    cr_assert_eq(errno, EINVAL, "free of %s: errno %d", what, errno);
    snapshot_assert_same(h, &snap);
    assert_heap_ok(h);
}

Test(errno_paths, free_of_foreign_interior_or_misaligned_pointer_is_einval)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    int local;
    char *sys = malloc(64);
    cr_assert_not_null(sys);
    char *p = b[3];
    assert_free_einval(h, &local, "a stack address");
    assert_free_einval(h, sys, "a system malloc block");
    assert_free_einval(h, (void *)(uintptr_t)HALLOC_ALIGNMENT, "a tiny address");
    assert_free_einval(h, (void *)(UINTPTR_MAX & ~(uintptr_t)15), "the top address");
    assert_free_einval(h, p + 1, "a misaligned pointer");
    assert_free_einval(h, p + 8, "a half-aligned pointer");
    assert_free_einval(h, p + HALLOC_ALIGNMENT, "an interior pointer");
    assert_free_einval(h, p + 4 * HALLOC_ALIGNMENT, "a deep interior pointer");
    assert_free_einval(h, p - HALLOC_ALIGNMENT, "a used block's header (the block before it is free)");
    free(sys);
    halloc_destroy(h);
}

Test(errno_paths, pointer_of_another_heap_is_einval)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    halloc_heap *other = halloc_create(64 * KIB);
    cr_assert_not_null(other);
    void *q = halloc_malloc(other, 64);
    cr_assert_not_null(q);
    assert_free_einval(h, q, "another heap's block");
    errno = 0;
    cr_assert_null(halloc_realloc(h, q, 128));
    cr_assert_eq(errno, EINVAL, "realloc of another heap's block: errno %d", errno);
    cr_assert_eq(halloc_free(other, q), 0);
    halloc_destroy(other);
    halloc_destroy(h);
}

Test(errno_paths, double_free_is_ealready_and_changes_nothing)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    void *p = b[6];
    cr_assert_eq(halloc_free(h, p), 0);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_eq(halloc_free(h, p), -1, "double free succeeded");
    cr_assert_eq(errno, EALREADY, "double free: errno %d", errno);
    snapshot_assert_same(h, &snap);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(errno_paths, double_free_after_coalesce_is_ealready)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    void *a = halloc_malloc(h, 256), *b = halloc_malloc(h, 256), *guard = halloc_malloc(h, 64);
    cr_assert(a && b && guard);
    cr_assert_eq(halloc_free(h, a), 0);
    cr_assert_eq(halloc_free(h, b), 0);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    const halloc_chunk_info *merged = find_chunk(&list, a);
    cr_assert_not_null(merged, "a must head the merged chunk");
    cr_assert(merged->is_free);
    cr_assert_geq(merged->usable, 512, "a and b were not coalesced");
    cr_assert_null(find_chunk(&list, b), "b must be inside the merged chunk");
    chunk_list_free(&list);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_eq(halloc_free(h, a), -1);
    cr_assert_eq(errno, EALREADY, "free of a merged-away block: errno %d", errno);
    snapshot_assert_same(h, &snap);
    /* b now points into free memory: rejected (EALREADY or EINVAL), nothing changes. */
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_eq(halloc_free(h, b), -1, "free of b, absorbed into a free chunk, succeeded");
    cr_assert(errno == EALREADY || errno == EINVAL, "errno %d", errno);
    snapshot_assert_same(h, &snap);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(errno_paths, free_null_is_a_noop)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    cr_assert_eq(halloc_free(h, NULL), 0);
    snapshot_assert_same(h, &snap);
    halloc_destroy(h);
}

Test(errno_paths, realloc_failure_leaves_block_intact)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    char *p = b[4];
    size_t usable = halloc_usable_size(h, p);
    pattern_fill(p, usable, 44);
    for (size_t i = 0; i < NHUGE; i++) {
        heap_snapshot snap;
        snapshot_take(h, &snap);
        errno = 0;
        cr_assert_null(halloc_realloc(h, p, huge_sizes[i]), "realloc to %zu", huge_sizes[i]);
        cr_assert_eq(errno, ENOMEM, "realloc to %zu: errno %d", huge_sizes[i], errno);
        snapshot_assert_same(h, &snap);
        cr_assert_eq(halloc_usable_size(h, p), usable);
        cr_assert(pattern_ok(p, usable, 44), "a failed realloc changed the block");
    }
    cr_assert_eq(halloc_free(h, p), 0, "the block must still be live after a failed realloc");
    halloc_destroy(h);
}

Test(errno_paths, realloc_full_nongrowing_heap_is_enomem_and_keeps_block)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    char *p = halloc_malloc(h, 1000);
    void *wall = halloc_malloc(h, 64);
    cr_assert(p && wall);
    pattern_fill(p, 1000, 3);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_null(halloc_realloc(h, p, 128 * KIB));
    cr_assert_eq(errno, ENOMEM);
    snapshot_assert_same(h, &snap);
    cr_assert(pattern_ok(p, 1000, 3));
    halloc_destroy(h);
}

Test(errno_paths, realloc_zero_frees_and_realloc_null_mallocs)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    void *p = halloc_realloc(h, NULL, 300);
    cr_assert_not_null(p, "realloc(NULL, n) must act as malloc");
    cr_assert_geq(halloc_usable_size(h, p), 300);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 1);
    errno = 0;
    cr_assert_null(halloc_realloc(h, p, 0), "realloc(p, 0) returns NULL");
    cr_assert_eq(errno, 0, "a realloc(p, 0) that frees p leaves errno alone: %d", errno);
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 0, "realloc(p, 0) must free p");
    errno = 0;
    cr_assert_eq(halloc_free(h, p), -1);
    cr_assert_eq(errno, EALREADY, "p was freed by realloc(p, 0)");
    errno = 0;
    cr_assert_null(halloc_realloc(h, p, 0), "a failing realloc(p, 0) also returns NULL");
    cr_assert_eq(errno, EALREADY, "errno tells the failing realloc(p, 0) apart: %d", errno);
    errno = 0;
    cr_assert_null(halloc_realloc(h, NULL, 0));
    cr_assert_eq(errno, EINVAL, "realloc(NULL, 0) is malloc(0)");
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(errno_paths, realloc_of_bad_or_freed_pointer_is_rejected)
{
    void *b[8];
    halloc_heap *h = busy_heap(b);
    char *p = b[3];
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_null(halloc_realloc(h, p + HALLOC_ALIGNMENT, 100));
    cr_assert_eq(errno, EINVAL, "realloc of an interior pointer: errno %d", errno);
    snapshot_assert_same(h, &snap);
    cr_assert_eq(halloc_free(h, p), 0);
    snapshot_take(h, &snap);
    errno = 0;
    cr_assert_null(halloc_realloc(h, p, 100));
    cr_assert_eq(errno, EALREADY, "realloc of a freed block: errno %d", errno);
    snapshot_assert_same(h, &snap);
    halloc_destroy(h);
}

/* halloc.h promises a destroyed buffer heap what it promises NULL: its
 * memory is still the caller's, and the zeroed magic says it is dead. */
Test(errno_paths, a_destroyed_buffer_heap_is_einval_everywhere)
{
    static _Alignas(16) unsigned char buf[16 * KIB];
    halloc_heap *gone = halloc_create_in(buf, sizeof buf, 1);
    cr_assert_not_null(gone);
    void *p = halloc_malloc(gone, 10);
    cr_assert_not_null(p);
    halloc_destroy(gone);
    halloc_stats st;
    size_t released;
    errno = 0;
    cr_assert_null(halloc_malloc(gone, 10));
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_eq(halloc_free(gone, p), -1);
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_eq(halloc_owns(gone, p, 1), 0);
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_eq(halloc_get_stats(gone, &st), -1);
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_eq(halloc_trim(gone, &released), -1);
    cr_assert_eq(errno, EINVAL);
    cr_assert_str_eq(halloc_last_error(gone), halloc_last_error(NULL));
    cr_assert(strstr(halloc_last_error(gone), "the heap is NULL or destroyed"), "said: %s", halloc_last_error(gone));
    halloc_report r;
    errno = 0;
    cr_assert_eq(halloc_check(gone, &r), -1);
    cr_assert_eq(errno, EINVAL, "check: errno %d (%s)", errno, strerror(errno));
    cr_assert_eq(r.invariant, HALLOC_INV_HEAP_HEADER);
    cr_assert(strstr(r.message, "not a live heap"), "said: %s", r.message);
}

/* hl_errno_text stands in for strerror where strerror may malloc (under a
 * heap's lock): each text it knows must be strerror's, word for word, in
 * the C locale the shim's lines are read in, and its name the errno's symbol
 * (the fuzzing harness prints it); the rest are named by number. */
Test(errno_paths, errno_texts_are_strerror_or_a_number)
{
    unsigned known = 0;
    for (int err = 1; err < 200; err++) {
        char text[64], number[32];
        hl_errno_text(err, text, sizeof text);
        snprintf(number, sizeof number, "errno %d", err);
        cr_assert_lt(strlen(text), HL_ERRNO_TEXT_LEN, "errno %d: its text is cut in callers' buffers", err);
        if (strcmp(text, number) == 0)
            continue;
        cr_assert_str_eq(text, strerror(err), "errno %d", err);
        cr_assert_str_eq(hl_errno_lookup(err)->name, strerrorname_np(err), "errno %d", err);
        known++;
    }
    cr_assert_geq(known, 6, "only %u errno texts known: mmap's own are missing", known);
    char small[8];
    cr_assert_str_eq(hl_errno_text(ENOENT, small, sizeof small), "No such", "a short buffer is cut, not overrun");
}
