/*
 * exec-judge.c - what an allocating call answered, taken into the model and
 * judged: the block it returned (its place and alignment, its usable size,
 * what its request vouches for and the gap marks around it), or its refusal
 * and whether a request that fitted grew the heap. exec.c's ops call these.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "harness.h"
#include "maps.h"
#include "shadow-model.h"

/* How much of a block a request of `requested` bytes vouches for the
 * harness's fill: the request rounded up to the adapter's alignment (a
 * request of 0: one unit), a slack no data of the allocator's lies in where
 * its headers take a whole unit (a smaller one, glibc's 8 bytes, may lie in
 * it: crash.c looks for that where blocks abut, held). Past
 * it the fill wrote on usable_size's word alone (fuzz_past_request). Any
 * usable size past the request was taken for that, and with 16-byte
 * rounding nearly every block has one: the crash context's
 * HALLOC_FUZZ_USABLE=off line followed every fault. */
static size_t vouched_by(const struct fuzz_allocator *a, size_t requested)
{
    size_t unit = a->alignment ? a->alignment : 1;
    return fuzz_add_sat(requested, requested ? (unit - requested % unit) % unit : unit);
}

/* What a fill past a request broke, if anything, lies above the block, up to
 * the next live block's start (that block's header, or a free chunk's in
 * between): the gaps that may hold such bytes, which a call on the blocks
 * on either side reads, are marked (crash.c asks). A block leaving merges
 * the gap below it and its own room into the gap below the next live block,
 * so a block that wrote past its request (or into its rounding, up to the
 * next block: fuzz_filled_below), or had a marked gap, marks that one (or,
 * with none above, the top); a block arriving in a marked gap takes the
 * mark. */
void fuzz_mark_gap_above(struct fuzz_ctx *c, unsigned slot)
{
    int prev, next;
    fuzz_index_neighbours(&c->index, slot, &prev, &next);
    if (next >= 0)
        c->slot[next].gap_suspect = 1;
    else
        c->top_suspect = 1;
    c->gaps_marked = 1;
}

void fuzz_gap_left(struct fuzz_ctx *c, unsigned slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    int prev, next;
    if (fuzz_past_request(b) || b->gap_suspect) {
        fuzz_mark_gap_above(c, slot);
    } else if (b->usable > b->held) { /* rounded: suspect only where it reached the next block */
        fuzz_index_neighbours(&c->index, slot, &prev, &next);
        if (next >= 0 && fuzz_filled_below(b, &c->slot[next]))
            fuzz_mark_gap_above(c, slot);
    }
}

static void gap_arrived(struct fuzz_ctx *c, unsigned slot)
{
    int prev, next;
    if (!c->gaps_marked) /* most runs: no lookup */
        return;
    fuzz_index_neighbours(&c->index, slot, &prev, &next);
    c->slot[slot].gap_suspect |= next >= 0 ? c->slot[next].gap_suspect : c->top_suspect;
}

/* What the pointer and the request alone show, judged before usable_size is
 * asked: a usable_size handed a misaligned or foreign pointer may crash, or
 * ASan stop in it, and the fault would be named after usable_size. */
static void judge_pointer(const struct fuzz_ctx *c, unsigned slot, size_t align)
{
    const struct fuzz_block *b = &c->slot[slot];
    uintptr_t start, end;
    size_t op;
    const char *phase;
    /* In the mapping holding the heap's record: what it is comes before its alignment, which is a
     * field's (round 15b: an empty bin's own head handed out was blamed on a size not rounded). */
    int bounds = HAS(FUZZ_HAS_BOUNDS) && c->a->contains;
    int in_record = bounds && fuzz_maps_holding(b->ptr, &start, &end, &op, &phase) &&
                    (uintptr_t)c->heap >= start && (uintptr_t)c->heap < end;
    if (in_record && !c->a->contains(c->heap, b->ptr, b->requested))
        oracle_out_of_heap(c, (int)slot);
    if ((uintptr_t)b->ptr % align)
        oracle_misaligned(c, (int)slot, align);
    if (bounds && !c->a->contains(c->heap, b->ptr, b->requested))
        oracle_out_of_heap(c, (int)slot);
}

/* A block past its mapping's end that the live block below, of its usable
 * size and in the same mapping, ends right under: a slot count or a slab's
 * fullness is to blame, not an end-of-heap test (round 14: a full Hoard
 * superblock left on a list of those with room handed out a block 1 KiB past
 * its end). `out` gets "" when the shape does not hold. */
static void past_one_slot(const struct fuzz_ctx *c, unsigned slot, uintptr_t start, char *out, size_t len)
{
    int prev, next;
    const struct fuzz_block *b = &c->slot[slot];
    fuzz_index_neighbours(&c->index, slot, &prev, &next);
    *out = '\0';
    if (prev < 0)
        return;
    const struct fuzz_block *below = &c->slot[prev];
    if (below->usable == b->usable && (uintptr_t)below->ptr >= start &&
        (uintptr_t)below->ptr + below->usable == (uintptr_t)b->ptr)
        snprintf(out, len, "; block %s%d below it, of the same usable size, ends where it starts: %s",
                 FUZZ_BLOCK_NO(prev), FUZZ_PAST_ONE_SLOT);
}

/* Records a block the allocator returned and checks where it lies; `asked`:
 * aligned_alloc's alignment, else 0. */
void fuzz_adopt(struct fuzz_ctx *c, unsigned slot, void *p, size_t requested, size_t asked,
                  uint64_t seed)
{
    struct fuzz_block *b = &c->slot[slot];
    *b = (struct fuzz_block){p, requested, requested, seed, asked, 0, vouched_by(c->a, requested), 0, requested,
                              c->thread, c->cur, {0, 0}, {0, 0}};
    c->usable_unasked = (int)slot + 1; /* the block line of a report says so, not "usable" = the request */
    if (SHADOW)
        judge_pointer(c, slot, fuzz_block_alignment(c->a, requested, asked));
    c->usable_unasked = 0;
    if (c->a->usable_size && c->opt.usable) {
        c->usable_asking = (int)slot + 1; /* a crash in it is its lookup's: crash.c says so */
        b->usable = c->a->usable_size(c->heap, p);
        c->usable_asking = 0;
    }
    int other = fuzz_index_insert(&c->index, slot);
    gap_arrived(c, slot);
    if (!SHADOW)
        return;
    if (b->usable < requested)
        oracle_usable_too_small(c, (int)slot, other);
    if (HAS(FUZZ_HAS_BOUNDS) && c->a->contains && b->usable > requested && !c->a->contains(c->heap, p, b->usable))
        oracle_out_of_heap(c, (int)slot);
    uintptr_t start, end;
    char area[FUZZ_PLACE_AREA_MAX], unmap[FUZZ_OP_DESCRIPTION_MAX + 160] = "", slots[160] = "";
    size_t before = 0, past = fuzz_maps_past_end(p, b->usable, &start, &end);
    /* a realloc in place that unmapped those bytes: a malloc may unmap past its mapping by design (the
     * tail of one over-mapped to align it) */
    if (past && c->resized == p && fuzz_maps_unmapped_by_op_running(c, (void *)end))
        fuzz_maps_unmapped_before(c, (void *)end, unmap, sizeof unmap);
    if (past)
        past_one_slot(c, slot, start, slots, sizeof slots);
    if (past)
        snprintf(area, sizeof area, "the mapping it starts in, [%#jx, +%zu) (an mmap of the allocator's)%s%s%s%s",
                 (uintmax_t)start, (size_t)(end - start),
                 past == (uintptr_t)p - start ? ", " FUZZ_PAST_BY_ITS_OFFSET : "",
                 *unmap ? "; " FUZZ_PAST_INTO_OWN_UNMAP " " : "", unmap, slots);
    else if ((past = fuzz_heap_outside_buffer(p, b->usable, &before, area, sizeof area)) == 0 && !before &&
             (past = fuzz_maps_past_break(p, b->usable, &end)) != 0)
        snprintf(area, sizeof area, "the program break, %#jx (the sbrk heap it starts in): the next growth hands "
                 "those bytes out again", (uintmax_t)end);
    if (past || before)
        oracle_past_mapping(c, (int)slot, past, before, area);
    char call[FUZZ_OP_DESCRIPTION_MAX + 160 + sizeof " ()" FUZZ_CLOSED_BEFORE];
    /* the bytes asked for: past them, usable_size may be what is wrong */
    int closed = fuzz_maps_protected(c, p, requested, call, FUZZ_OP_DESCRIPTION_MAX + 160);
    if (closed == 2)
        strcat(call, " (" FUZZ_CLOSED_BEFORE ")");
    if (closed)
        oracle_protect_live(c, (int)slot, call);
    if (other >= 0)
        oracle_overlap(c, (int)slot, other);
    /* On the engines' schedule blocks are verified every FUZZ_VERIFY_EVERY
     * ops: a block short of its request (an aligned_alloc 16 bytes short)
     * whose tail this block's header overwrote was found ops later, at its
     * realloc. The block below is checked where that header lands. */
    struct fuzz_damage d;
    int below = c->opt.every_op ? -1 : fuzz_damaged_below(&c->index, slot, &d);
    if (below >= 0)
        oracle_pattern_corrupted(c, below, &d);
}

void fuzz_adopt_new(struct fuzz_ctx *c, unsigned slot, void *p, size_t requested, size_t asked)
{
    fuzz_adopt(c, slot, p, requested, asked, fuzz_seed(slot, ++c->generation));
}

/* A request of `size` bytes failed with `err`: was that allowed? Later
 * reports mark the op (a failure path that left the heap broken fires ops
 * later, and the op's line alone does not say it failed). */
void fuzz_judge_failure(struct fuzz_ctx *c, size_t size, int err)
{
    struct fuzz_stats st;
    if (SHADOW && size != 0) {
        if (HAS(FUZZ_REPORTS_ENOMEM) && err != ENOMEM)
            oracle_alloc_wrong_errno(c, 0, size, 0, err);
        if (!c->opt.concurrent && fuzz_stats(c, &st) == 0 && st.largest_free >= size) { /* a failing call changes nothing */
            /* Round 16b: a quick-list allocator that drained its deferred
             * frees when a request found no chunk, and gave up instead of
             * searching again, was told only of a skipped chunk or
             * overstated stats. */
            if (fuzz_probe_request(c, size, FUZZ_PROBE_ASKS_AGAIN, NULL))
                oracle_refused_then_served(c, size, st.largest_free);
            oracle_spurious_oom(c, size, st.largest_free);
        }
        if (HAS(FUZZ_NO_HEAP_LIMIT) && size <= FUZZ_SYMBOL_SIZE_MAX)
            oracle_refused_unlimited(c, size, 0, err);
    }
    c->refused[c->cur % FUZZ_HISTORY] = 1;
}


struct fuzz_growth_watch fuzz_watch_growth(const struct fuzz_ctx *c)
{
    struct fuzz_growth_watch w = {0, 0};
    struct fuzz_stats st;
    if (SHADOW && !c->opt.concurrent && HAS(FUZZ_CAN_GROW) && c->a->stats && fuzz_stats(c, &st) == 0) {
        w.fits = st.largest_free;
        w.mapped = fuzz_maps_mapped();
    }
    return w;
}

void fuzz_judge_growth(const struct fuzz_ctx *c, unsigned slot, size_t size, struct fuzz_growth_watch w)
{
    size_t grew = w.fits ? fuzz_maps_mapped() - w.mapped : 0;
    /* Round 18: a vmem-style allocator maps a slab of its boundary-tag
     * records when they run out, in a call it serves from a span it had: a
     * block in memory mapped before the call says the mapping was not growth
     * (before the call, not the op: one hold op makes many calls), and so
     * does one in create_in's buffer, which no call maps. */
    const void *p = c->slot[slot].ptr;
    int held = fuzz_maps_held_before(p, size, w.mapped) || fuzz_heap_in_buffer(p, size);
    if (grew && size > 0 && size <= w.fits && !held)
        oracle_spurious_growth(c, (int)slot, size, w.fits, grew);
}
