/*
 * check.h - internals of the consistency checker (halloc_check).
 *
 * ORDER. The checker stops at the first violation, found in this order:
 *   1. HEAP_HEADER   heap magic; the free-list table (region 0's inline rows,
 *                    as many as its size needs, or a mapping of all levels);
 *                    the cache lists (if any, after the inline rows; a heap
 *                    with a cache depth has them) and the first chunk's
 *                    offset after both; region list: each link mapped,
 *                    region magic, back links, increasing indices, sane sizes
 *                    within the table's levels, heap->last
 *   2. per region, per chunk in address order:
 *        HEADER_CHECK   check word matches
 *        WALK_END       size 0 (a fence) before the region's end
 *        SIZE           multiple of 16 and >= 32 (HL_MIN_CHUNK)
 *        CHUNK_BOUNDS   chunk ends beyond the region's end
 *        WALK_END       chunk runs over the fence
 *        PREV_FREE      flags agree with the chunk before: PREV_FREE iff it is
 *                       free, PREV_MIN iff it is also a minimum chunk (clear on
 *                       the first; a cached chunk counts as used)
 *        CACHE_ENTRY    marked both free and cached, or cached with the cache off
 *        BOUNDARY_TAG   free chunk above the minimum: footer == size (a
 *                       minimum chunk's tag is the PREV_MIN after it)
 *        ADJACENT_FREE  free chunk after a free chunk
 *      then the fence: HEADER_CHECK, WALK_END (size 0, used), PREV_FREE
 *   3. BITMAP        fl/sl bits agree with the list heads
 *   4. per list (fl, sl ascending), pass 1 following next links:
 *        LIST_LINKS     link outside every chunk area or misaligned
 *        USED_IN_LIST   node header does not validate (not a chunk)
 *        LIST_CYCLE     more steps than chunks in the heap
 *      pass 2: USED_IN_LIST (node not free), WRONG_LIST (size of another
 *      class), LIST_LINKS (node's prev link is not the node before it)
 *   5. FREE_UNLISTED listed nodes < free chunks (more listed: USED_IN_LIST)
 *   6. per cache list (ascending size):
 *        CACHE_COUNT    map bit disagrees with the list being empty (or a bit
 *                       above the last list, or any bit without a cache)
 *        CACHE_ENTRY    link outside every chunk area or misaligned, header
 *                       does not validate, not marked cached, or of another size
 *        CACHE_COUNT    more nodes than its count or the depth (a loop ends
 *                       here), or fewer than its count
 *      CACHE_UNLISTED walked cached chunks > cache-list nodes
 *   7. ACCOUNTING    walked used + free + cached + overhead != heap->mapped
 *   8. STATS         heap->stats counters != what the walk counted
 *
 * CLEAN CORRUPTIONS - each makes exactly the named invariant fail on a
 * healthy heap (h = the heap, c = a chunk, use internal.h accessors, reseal
 * with hl_chunk_seal(h, c) or write with hl_chunk_set_word):
 *   HEAP_HEADER    h->region0.magic ^= 1
 *   HEADER_CHECK   flip one bit of c's check word (offset 8), no reseal
 *   SIZE           used c: hl_chunk_set_word(h, c, word + 8)   (not a multiple of 16)
 *   CHUNK_BOUNDS   any c: set its size to its region's r->size, keep flags, reseal
 *   WALK_END       the fence: hl_chunk_set_word(h, fence, 16 | its flags)
 *   BOUNDARY_TAG   free c of `size` bytes: hl_poke((char *)c + size - HL_FOOTER, size + 16)
 *   PREV_FREE      c whose predecessor is used (or a region's first chunk):
 *                  hl_chunk_set_prev_free(h, c, 1); or c after a free minimum
 *                  chunk: hl_chunk_set_prev(h, c, 48) (PREV_MIN cleared); or c
 *                  after a larger free chunk: hl_chunk_set_prev(h, c, 32)
 *   ADJACENT_FREE  used B right after a free A (and a used chunk after B):
 *                  hl_track_user_free(h, payload, usable); hl_used_chunk_forget(h, size);
 *                  hl_free_chunk_add(h, B, size); hl_chunk_set_prev_free(h, B, 1)
 *   FREE_UNLISTED  free c: hl_bin_remove(h, c)
 *   WRONG_LIST     free c: hl_bin_remove(h, c); hl_bin_insert_at(h, c, fl, sl) with a
 *                  class other than hl_size_class(size)
 *   USED_IN_LIST   used c: hl_bin_insert(h, c)  (overwrites 16 payload bytes)
 *   LIST_LINKS     free c at the head of its list: hl_set_link_prev(c, c)
 *   LIST_CYCLE     free c last in its list: hl_set_link_next(c, head of that list)
 *   BITMAP         an empty class: h->sl_bitmap[fl] |= 1u << sl
 *   CACHE_ENTRY    a used c of a cacheable size s: h->cache->head[hl_cache_index(s)] = c
 *                  while that list is empty, count 1, map bit set
 *   CACHE_COUNT    a non-empty cache list i: h->cache->count[i] += 1
 *   CACHE_UNLISTED cached c at the head of list i: h->cache->head[i] = hl_cache_link(h, c),
 *                  count - 1, map bit cleared if now empty (the header still says cached)
 *   ACCOUNTING     h->mapped += 4096
 *   STATS          h->stats.chunks_used += 1
 */
#ifndef HALLOC_CHECK_H
#define HALLOC_CHECK_H

#include "internal.h"

typedef struct hl_check {
    hl_heap *h;
    halloc_report *report;
    size_t regions;      /* walked */
    size_t chunks;       /* all chunks, fences excluded */
    size_t chunks_used;
    size_t chunks_free;
    size_t bytes_used;   /* usable bytes */
    size_t bytes_free;
    size_t overhead;     /* bookkeeping, headers, fences */
    size_t chunks_cached;
    size_t bytes_cached;
    size_t listed;       /* free-list nodes seen */
    size_t cache_listed; /* cache-list nodes seen */
    int placed;          /* what hl_check_fail knew: 0 no place, 1 a region, 2 a chunk in it */
} hl_check;

/* Fills the report (region and offset of `at` in r) and returns -1. */
int hl_check_fail(hl_check *x, halloc_invariant inv, const hl_region *r, const void *at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

int hl_check_chunks(hl_check *x);      /* check_walk.c: step 2 */
int hl_check_bitmap(hl_check *x);      /* check_lists.c: step 3 */
int hl_check_lists(hl_check *x);       /* check_lists.c: step 4 */
int hl_check_cache(hl_check *x);       /* check_cache.c: step 6 */

#endif /* HALLOC_CHECK_H */
