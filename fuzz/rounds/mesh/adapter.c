/*
 * adapter.c - the round-21 mesh heap (mesh.c) in the harness.
 * -DNOCHECK leaves its check out, to see what the harness finds alone
 * (fuzz/rounds/README.md).
 */
#include "adapter.h" /* fuzz/adapter.h */
#include "mesh.h"

#include <errno.h>

static void *a_create(size_t bytes) { return mesh_create(bytes); }
static void a_destroy(void *h) { mesh_destroy(h); }
static void *a_malloc(void *h, size_t n) { return mesh_malloc(h, n); }
static void *a_calloc(void *h, size_t n, size_t size) { return mesh_calloc(h, n, size); }
static void *a_aligned(void *h, size_t align, size_t n) { return mesh_aligned(h, align, n); }
static void *a_realloc(void *h, void *p, size_t n) { return mesh_realloc(h, p, n); }
static int a_free(void *h, void *p) { return mesh_free(h, p); }
static size_t a_usable(void *h, void *p) { return mesh_usable(h, p); }
static int a_trim(void *h) { return mesh_trim(h); }
static int a_contains(void *h, const void *p, size_t n) { return mesh_contains(h, p, n); }

static int a_stats(void *h, struct fuzz_stats *out)
{
    mesh_stats(h, &out->bytes_in_use, &out->live_blocks);
    return 0;
}

#ifndef NOCHECK
static int a_check(void *h, char *msg, size_t len) { return mesh_check(h, msg, len); }
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "mesh (round 21)",
    .alignment = MESH_ALIGNMENT,
    /* Big blocks map their own, unmapped by destroy() with the arena. Not
     * pristine after a free-all: the arena holds no block over 2 KiB. */
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT | FUZZ_UNMAPS_ON_DESTROY | FUZZ_DETECTS_BAD_FREE |
            FUZZ_DETECTS_DOUBLE_FREE | FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS | FUZZ_REALLOC_ZERO_FREES |
            FUZZ_EXACT_STATS,
    .bad_free_errno = EINVAL,
    .double_free_errno = EINVAL,
    .create = a_create,
    .destroy = a_destroy,
    .malloc = a_malloc,
    .free = a_free,
    .realloc = a_realloc,
    .calloc = a_calloc,
    .aligned_alloc = a_aligned,
    .usable_size = a_usable,
#ifndef NOCHECK
    .check = a_check,
#endif
    .stats = a_stats,
    .contains = a_contains,
    .trim = a_trim,
};
