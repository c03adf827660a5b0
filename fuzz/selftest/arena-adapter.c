/*
 * arena-adapter.c - a heap whose create() maps a one-page record, then a
 * 1 MiB arena (round 20's decay heap: the record, then a chunk), for
 * check-mappings.sh. Blocks are bumped from the arena; aligned_alloc aligns
 * a block's offset in the arena, not its address, which is right only while
 * the arena is aligned that much. The harness moves each mapping create()
 * makes by a few pages chosen by the input (fuzz/maps.c): across a handful
 * of inputs, "aligned 0 8192 100" must meet a misaligned arena at least
 * once. When only the first mapping moved, the arena stayed where the
 * kernel put it, on a megabyte boundary, and no input showed the bug.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define ARENA (1024 * 1024)

struct heap {
    char *arena;
    size_t used;
};

static void *map(size_t len)
{
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static void *arena_create(size_t bytes)
{
    (void)bytes;
    struct heap *h = map(4096);
    if (h && !(h->arena = map(ARENA))) {
        munmap(h, 4096);
        return NULL;
    }
    return h;
}

static void arena_destroy(void *heap)
{
    struct heap *h = heap;
    munmap(h->arena, ARENA);
    munmap(h, 4096);
}

static void *arena_aligned(void *heap, size_t align, size_t n)
{
    struct heap *h = heap;
    size_t at = (h->used + align - 1) / align * align; /* the offset aligned: the bug */
    if (n > ARENA || at > ARENA - n)
        return NULL;
    h->used = at + n;
    return h->arena + at;
}

static void *arena_malloc(void *heap, size_t n) { return arena_aligned(heap, 16, n); }

static int arena_free(void *heap, void *p)
{
    (void)heap, (void)p;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "arena-after-record",
    .alignment = 16,
    .caps = 0,
    .create = arena_create,
    .destroy = arena_destroy,
    .malloc = arena_malloc,
    .free = arena_free,
    .aligned_alloc = arena_aligned,
};
