/*
 * adapter.c - plugs the teaching allocator (myalloc) into the fuzzing harness.
 * Copy it to fuzz your own allocator: wrap your functions, then say honestly
 * what your allocator can do - the harness only checks what you claim.
 */
#include "adapter.h" /* fuzz/adapter.h: the harness puts fuzz/ on the include path */
#include "myalloc.h"

/* myalloc keeps one global heap; the harness just needs a non-NULL handle. */
static char the_heap;

static void *teach_create(size_t bytes)
{
    my_fini(); /* a fresh heap for every input, nothing left from the last one */
    return my_init(bytes) == 0 ? &the_heap : NULL;
}

static void teach_destroy(void *heap) { (void)heap; my_fini(); }

static void *teach_malloc(void *heap, size_t size) { (void)heap; return my_alloc(size); }

/* my_free cannot report anything, so this always says "success". */
static int teach_free(void *heap, void *ptr) { (void)heap; my_free(ptr); return 0; }

const struct fuzz_allocator fuzz_allocator = {
    .name = "myalloc (examples/teach)",
    .alignment = MY_ALIGNMENT,
    /* Never grows, cannot detect bad or double frees, cannot say which memory
     * is its own. Does set ENOMEM, and coalesces fully, so a heap emptied of
     * blocks takes the largest request again. */
    .caps = FUZZ_REPORTS_ENOMEM | FUZZ_PRISTINE_AFTER_FREE_ALL,
    .create = teach_create,
    .destroy = teach_destroy,
    .malloc = teach_malloc,
    .free = teach_free,
    /* No realloc, calloc or aligned_alloc (the harness emulates the first two
     * and skips the third), no usable_size, checker, stats or bounds: NULL. */
};
