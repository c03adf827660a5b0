/*
 * maps.h - what the harness asks of the memory the allocator holds: the
 * mappings it made (maps.c records the calls, maps-report.c and
 * maps-discards.c answer from the records) and the run's heap, created by the adapter or placed in a
 * buffer of the harness's (heap-place.c). Included where those are asked.
 */
#ifndef FUZZ_MAPS_H
#define FUZZ_MAPS_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_allocator;
struct fuzz_ctx;
struct fuzz_block;
struct fuzz_op;

/* maps.c: forget the last run's unmaps; and where this run unmapped `at`
 * lately (an munmap call and the op or phase that made it): 0 if nowhere. */
void fuzz_maps_new_run(void);
/* Where the heap lands (maps-shift.c says why): the input's shift seed, from its ops; armed by
 * fuzz_maps_shift before create(), which moves each anonymous mapping create() makes,
 * and told by fuzz_maps_shift_created that create() returned (if it mapped nothing, the
 * first mapping after it moves). */
uint32_t fuzz_maps_shift_wanted(const struct fuzz_op *ops, size_t count);
void fuzz_maps_shift(uint32_t seed);
void fuzz_maps_shift_created(void);
int fuzz_maps_unmapped_before(const struct fuzz_ctx *c, const void *at, char *out, size_t len);
/* maps.c: the span holding `at` that the run before this one unmapped in its destroy(); 0 if none */
int fuzz_maps_destroyed_before(const void *at, uintptr_t *start, uintptr_t *end);
/* maps-report.c: the bounds of that unmap, and whether it was an munmap in
 * a block's free; 0 if none */
int fuzz_maps_unmapped_span(const struct fuzz_ctx *c, const void *at, uintptr_t *start, uintptr_t *end,
                            int *freeing);
/* ...and whether that latest unmap was made by c's op under way (not by a phase) */
int fuzz_maps_unmapped_by_op_running(const struct fuzz_ctx *c, const void *at);
size_t fuzz_maps_past_end(const void *p, size_t n, uintptr_t *start, uintptr_t *end);
/* heap-place.c: the run's heap, by create(bytes) or, with the adapter's
 * create_in, in a buffer of the harness's `lead` bytes past a page, freed
 * after destroy(); the lead an adapter gets for the lead an input asks
 * (rounded to _Alignof(max_align_t) without FUZZ_ANY_START; 0 without
 * create_in); how far [p, p+n), starting in that buffer, runs past its end
 * (*start, *end its bounds, left alone if p is not in it); and the call as a
 * report's heap line names it. */
void *fuzz_heap_create(const struct fuzz_allocator *a, size_t bytes, size_t lead);
void fuzz_heap_destroy(const struct fuzz_allocator *a, void *heap);
size_t fuzz_heap_lead(const struct fuzz_allocator *a, size_t asked);
void fuzz_heap_disown(void); /* a forked child's: the parent's buffer is not its heap to destroy */
size_t fuzz_heap_past_buffer(const void *p, size_t n, uintptr_t *start, uintptr_t *end);
int fuzz_heap_in_buffer(const void *p, size_t n); /* [p, p+n) wholly inside that buffer */
void fuzz_heap_call_text(const struct fuzz_ctx *c, char *out, size_t len);
#define FUZZ_HEAP_CALL_MAX 160 /* fuzz_heap_call_text's longest, with its note on the length */
/* How far [p, p+n) lies outside that buffer: the bytes past its end (returned; a block starting in it),
 * or before its start (*before; a block starting in the lead kept before it, or running into it from
 * below), `area` then naming the buffer, its lead and the rounding of its start that explains it. */
size_t fuzz_heap_outside_buffer(const void *p, size_t n, size_t *before, char *area, size_t len);
/* The same for a block contains() disowned, placed when it starts up to a page below the lead too. */
size_t fuzz_heap_place_disowned(const void *p, size_t n, size_t *before, char *area, size_t len);
/* For out_of_heap: a block that starts below the heap's memory, its end inside, said so into out. */
void fuzz_heap_starts_below(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len);
/* A crash's fault (named: what the address is) before that buffer or just past it, said in one line. */
void fuzz_heap_print_outside(const void *fault, const char *named);
/* How far [p, p+n), starting in the sbrk heap, runs past the program break (*now); 0 if not. */
size_t fuzz_maps_past_break(const void *p, size_t n, uintptr_t *now);
/* For out_of_heap: a block whose usable bytes, not its requested ones, run past the break, said into out. */
int fuzz_maps_usable_past_break(const struct fuzz_block *b, char *out, size_t len);
/* A crash's fault (named: what the address is) just past the program break of a grown sbrk heap, one that
 * holds a live block of c's, in one line. */
int fuzz_maps_print_fault_past_break(const struct fuzz_ctx *c, const void *fault, const char *named);
/* Whether [p, p+n) meets memory this run's mprotect calls made inaccessible; *call names the latest;
 * 2 if it was made before the op under way. */
int fuzz_maps_protected(const struct fuzz_ctx *c, const void *p, size_t n, char *call, size_t len);
/* Whether `at` lies in a mapping this run made PROT_NONE (a reservation): *call names the mmap. */
int fuzz_maps_reserved(const void *at, char *call, size_t len);
void fuzz_maps_print_edge(const struct fuzz_ctx *c, int slot);
/* Whether a mapping this run made ends at p, which lies in none of the allocator's: its start, op and phase. */
int fuzz_maps_ending_at(const void *p, uintptr_t *start, size_t *op, const char **phase);
/* The largest mapping the op under way made (a pool the heap grew by for a request it then
 * refused): its length, *start its address, *unmapped 1 if the op unmapped it again; 0 if none, or
 * in a phase. */
size_t fuzz_maps_largest_of_op(const struct fuzz_ctx *c, uintptr_t *start, int *unmapped);
/* A fault within a page past the end of a mapping this run made, in none of the allocator's: said in
 * one line, 1; else 0. */
int fuzz_maps_print_fault_past_end(const struct fuzz_ctx *c, const void *at);
/* ...and one below the start of such a mapping, within twice its length (or a page). */
int fuzz_maps_print_fault_before_start(const struct fuzz_ctx *c, const void *at);
/* Whether a mapping this run made holds p: its bounds, op and phase (an mremap's too: the op that moved it). */
int fuzz_maps_holding(const void *p, uintptr_t *start, uintptr_t *end, size_t *op, const char **phase);
/* Whether the page holding p was last mapped by an mmap of this run (its bytes new then, not an mremap's
 * kept): that call's op and phase. */
int fuzz_maps_mmap_holding(const void *p, size_t *op, const char **phase);
/* The newest of this run's mmap calls that took another page than at's off the page at `offset` of a
 * shared file (same_file(fd, arg) says which descriptors show it): that page, and the call's op and phase;
 * 0 if none is kept. */
int fuzz_maps_file_page_left(const void *at, int (*same_file)(int fd, void *arg), void *arg, uint64_t offset,
                             uintptr_t *page, size_t *op, const char **phase);
/* In free_rejected's "what" line: a block that is a mapping of its own, refused after the free of
 * another gave its mapping back (its words end in FUZZ_LOST_BY_REMOVAL). */
void fuzz_maps_removed_since(const struct fuzz_ctx *c, int slot, char *out, size_t len);
/* In out_of_heap's "what" line: a block in memory an mremap of the op under way moved (its words
 * FUZZ_MOVED_LENGTH_KEPT, or whether contains() still claims its old place: FUZZ_MOVED_ADDRESS_KEPT,
 * FUZZ_MOVED_RECORD_LOST), given usable_size()'s answer (0: not asked). */
void fuzz_maps_moved_block(const struct fuzz_ctx *c, const struct fuzz_block *b, size_t usable, char *out,
                           size_t len);
/* The latest madvise over block SLOT's bytes, when it was MADV_FREE (for calloc_not_zero): 1 and the
 * call in *call, else 0. */
int fuzz_maps_lazily_freed(const struct fuzz_ctx *c, int slot, char *call, size_t len);
/* The latest madvise that dropped pages (not lazily) and ended in the page below the byte OFFSET into
 * block SLOT, or at that byte, for calloc_not_zero's LENGTH non-zero bytes from there: a release a page
 * short, or pages above a release never given back: 1 and its words in *out. */
int fuzz_maps_dropped_short(const struct fuzz_ctx *c, int slot, size_t offset, size_t length, char *out,
                            size_t len);
/* For discard_live's what line: the longest stretch of [start, end) that no live block holds (the
 * blocks the running op releases count as free), and in *live how many live blocks take bytes of it. */
size_t fuzz_maps_free_stretch(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end, size_t *live);
/* The run's last madvise that dropped pages, if any: after a fault any; in
 * a report (listed_only) one made by an op its last ops list, or in the phase
 * under way, and that met the pages of the block SLOT or OTHER if it names one. */
void fuzz_maps_print_discard(const struct fuzz_ctx *c, int listed_only, int slot, int other, int records_broken);
/* After destroy(), if mappings this run made are still mapped: with
 * FUZZ_UNMAPS_ON_DESTROY claimed and the shadow on, oracle left_mapped;
 * else, with HALLOC_FUZZ_MAPS_LEFT on, one line on stderr. A threaded run's
 * c is thread 0's, with the whole heap's model after the join. */
void fuzz_maps_note_left(const struct fuzz_ctx *c);
/* A threaded run's thread (and its main thread, in the phase it runs for c)
 * tags what it maps as c's (NULL: none), for fuzz_maps_note_left. */
void fuzz_maps_thread(const struct fuzz_ctx *c);
/* maps.c: bytes the process has mapped so far (mmap, and mremap's growth); only ever grows. */
size_t fuzz_maps_mapped(void);
/* maps.c: whether [p, p+n) lies in one mapping this run made while fuzz_maps_mapped() read less than
 * `mapped`: memory the heap held before a call that read that much. */
int fuzz_maps_held_before(const void *p, size_t n, size_t mapped);
/* maps.c: whether the kernel refused its table memory, after which its munmap calls went unjudged. */
int fuzz_maps_lost(void);

#endif /* FUZZ_MAPS_H */
