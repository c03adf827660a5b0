/*
 * mem.h - the benchmark's own bookkeeping memory, straight from mmap.
 * Op arrays and pointer tables must not live in glibc's heap: they would
 * change the very heap state and brk footprint the benchmark measures.
 * fuzz/parse-fuzz-mem.h shares this include guard to stand in for it.
 */
#ifndef BENCH_MEM_H
#define BENCH_MEM_H

#include <stddef.h>
#include <sys/mman.h>

/* Zeroed, page-granular; NULL on failure (or for 0 bytes). */
static inline void *bench_map(size_t bytes)
{
    if (bytes == 0)
        return NULL;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static inline void bench_unmap(void *p, size_t bytes)
{
    if (p != NULL && bytes != 0)
        munmap(p, bytes);
}

#endif /* BENCH_MEM_H */
