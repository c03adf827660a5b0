/*
 * bigalign.h - a toy allocator with a big-block path, as general-purpose
 * allocators have one: requests from BA_BIG bytes up get a mapping of their
 * own; an aligned one is over-allocated by its alignment and the lead and
 * tail pages trimmed off. Smaller blocks come from libc. It proves that the
 * fuzzer reaches the big aligned path (encoding version 4's aligned sizes
 * from 64 KiB up; make fuzz-check-adapters, fuzz/scripts/check-bigalign.sh).
 */
#ifndef BIGALIGN_H
#define BIGALIGN_H

#include <stddef.h>

#define BA_ALIGNMENT 16
#define BA_BIG ((size_t)128 << 10)

void *ba_malloc(size_t size);
void *ba_aligned_alloc(size_t alignment, size_t size);
void ba_free(void *p);
/* A new block, the bytes copied, the old one freed (NULL: ba_malloc). */
void *ba_realloc(void *p, size_t size);
size_t ba_usable_size(void *p);
/* Mappings of big blocks still held (0 after every block is freed). */
size_t ba_mapped_blocks(void);
#ifdef CRASH_ALIGN_GRID
/* A new heap: no cell of the grid asked yet (bigalign.c). */
void ba_grid_reset(void);
#endif

#endif /* BIGALIGN_H */
