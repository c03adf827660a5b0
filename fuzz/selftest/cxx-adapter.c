/* cxx-adapter.c - the C adapter over fuzz/selftest/cxx-alloc.cc (C++):
 * make replay TARGET=fuzz/selftest/cxx-adapter.c SRCS=fuzz/selftest/cxx-alloc.cc */
#include <stdint.h>
#include "adapter.h"

void *cxx_create(void);
void cxx_destroy(void *h);
void *cxx_malloc(void *h, size_t n);
void cxx_free(void *h, void *p);
size_t cxx_live(void *h);

/* Huge requests must fail; operator new would throw or abort on them. */
static void *limited_malloc(void *h, size_t n) { return n > (SIZE_MAX >> 4) ? NULL : cxx_malloc(h, n); }
static void *create(size_t bytes) { (void)bytes; return cxx_create(); }
static int release(void *h, void *p) { cxx_free(h, p); return 0; }
static int stats(void *h, struct fuzz_stats *out)
{
    out->bytes_in_use = 0;
    out->largest_free = 0;
    out->live_blocks = cxx_live(h);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "cxx-selftest",
    .alignment = 16,
    .caps = FUZZ_CAN_GROW,
    .create = create,
    .destroy = cxx_destroy,
    .malloc = limited_malloc,
    .free = release,
    .stats = stats,
};
