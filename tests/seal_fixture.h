/*
 * seal_fixture.h - what the tests of the heap's sealed bookkeeping share
 * (test_seals.c: each sealed field damaged; test_region_damage.c: which
 * lookups and unmappings a damaged region header stops; test_seal_layout.c:
 * region 0's first chunk offset): a heap of three regions, and the asserts
 * that a call was refused and that halloc_check names heap-header.
 */
#ifndef HALLOC_TESTS_SEAL_FIXTURE_H
#define HALLOC_TESTS_SEAL_FIXTURE_H

#include <stddef.h>

#include "internal.h"

/* A heap of `bytes` that grows if `grow`, without a lock. */
hl_heap *heap_of(size_t bytes, int grow);
/* A heap of three regions whose free-list table has moved to its own
 * mapping; *in1 and *in2 are blocks in regions 1 and 2. */
hl_heap *grown_heap(void **in1, void **in2);
/* What a call refused for a damaged region header says: the fields its seal
 * covers (allocator/seal.h), for region 0 and for any other. */
#define REGION_DAMAGE_SAYS "was overwritten (its " HL_REGION_SEALED "): likely an underflow of its first block"
#define REGION0_DAMAGE_SAYS "region 0's " HL_REGION0_SEALED " was overwritten"
/* `call` failed (failed != 0) with ENOTRECOVERABLE, and the heap's message
 * says `says` and is not cut short. */
void assert_refused(hl_heap *h, int failed, const char *call, const char *says);
/* halloc_check fails with heap-header, its message saying `says` (if not NULL). */
void assert_check_says(hl_heap *h, const char *says);

#endif
