/*
 * oracle-place.c - the oracles on a block's place: its alignment, the
 * mapping or buffer it lies in (past_mapping, out_of_heap), and a usable
 * size that reaches into other memory (usable_too_small), each with the
 * clue its "what" line gives. Like every oracle (oracles.c says why), each
 * fires through its own function, prints its report and aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "oracle-report.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

void oracle_misaligned(const struct fuzz_ctx *c, int slot, size_t alignment)
{
    const struct fuzz_block *b = &c->slot[slot];
    int small = b->requested < alignment && alignment == c->a->alignment &&
                !(c->a->caps & FUZZ_SMALL_ALIGNED_TO_SIZE);
    /* The address's lowest set bit: how far off it is reads at once ("to 8")
     * where the hex address leaves the user to work it out. */
    uintmax_t at = (uintmax_t)(uintptr_t)b->ptr, actual = at & -at;
    /* A block at the start of a mapping of its own, asked more than a page:
     * mmap promises a page, and that it was right a time or two is luck. */
    uintptr_t start = 0, end = 0;
    fuzz_maps_past_end(b->ptr, 1, &start, &end);
    int page = start && start == (uintptr_t)b->ptr; /* its start is page-aligned, and no more than that */
    /* A plain block short of the adapter's own claim, yet pointer-aligned:
     * as often a claim copied from C's malloc (16) onto an allocator that
     * promises 8 by design as a bug, and the user must learn the claim is
     * theirs to set. */
    int claim = !small && !page && !b->asked && alignment == c->a->alignment && actual >= sizeof(void *);
    /* A block a whole number of alignments into a buffer that starts off
     * the alignment (op heap's lead): the allocator took the start as given
     * (not an aligned one's on a start at the adapter's alignment: round 16). */
    uintptr_t buf = 0, buf_end = 0;
    fuzz_heap_past_buffer(b->ptr, 1, &buf, &buf_end);
    int unrounded = buf && (!b->asked || buf % c->a->alignment) && buf % alignment &&
                    ((uintptr_t)b->ptr - buf) % alignment == 0;
    /* An aligned request a multiple of its alignment past that start rounded
     * up to the adapter's alignment, where an allocator over a buffer keeps
     * its heap: placed by its offset from there, not by its address
     * (round 12: 32-bit offsets from a base rounded up to 8). */
    uintptr_t base = buf ? (buf + c->a->alignment - 1) & ~(uintptr_t)(c->a->alignment - 1) : 0;
    int by_offset = !unrounded && b->asked && base % alignment && ((uintptr_t)b->ptr - base) % alignment == 0;
    small = small && !unrounded;
    /* Moved by a realloc from a block that passed this test when it was made:
     * the place the move computed is off (a grow into the free chunk below by
     * just the bytes it lacked, rounded to 8: round 9, told the claim). */
    uintmax_t from = (uintmax_t)(uintptr_t)c->resized, was = from & -from;
    int moved = c->resized && c->resized != b->ptr && was >= alignment;
    char why[320] = "";
    if (unrounded)
        snprintf(why, sizeof why, ": %s %zu bytes off it (op heap's lead), and the block a multiple of %zu "
                 "into it", FUZZ_BUFFER_START_OFF, (size_t)(buf % alignment), alignment);
    else if (by_offset)
        snprintf(why, sizeof why, ": the block lies %zu bytes (a multiple of %zu) past %#jx, the start of the "
                 "buffer the harness gave create_in rounded up to %zu (the adapter's alignment), itself %zu bytes off "
                 "%zu: %s", (size_t)((uintptr_t)b->ptr - base), alignment, (uintmax_t)base, c->a->alignment,
                 (size_t)(base % alignment), alignment, FUZZ_OFFSET_ALIGNED);
    else if (moved)
        snprintf(why, sizeof why, ": realloc moved the block here from %p, aligned to %ju: the place the move "
                 "computed is off (a grow into a free chunk below or above by the bytes it lacked, not rounded to "
                 "the alignment, or a split off the grain)", (void *)c->resized, was);
    else if (claim)
        snprintf(why, sizeof why, ": %zu is the adapter's .alignment, promised for every block; if the "
                 "allocator guarantees only %ju by design, say so in its fuzz_allocator table (.alignment = "
                 "%ju; C's malloc owes alignof(max_align_t)), fuzz/ADAPTERS.md", alignment, actual, actual);
    fuzz_report(c, "misaligned", slot, -1, "pointer %p is aligned to %ju, not to the %zu asked%s%s%s", (void *)b->ptr,
           actual, alignment,
           small ? ": a bug, unless the allocator aligns blocks this small only to their size by design (C17 "
                   "allows it), which its adapter then declares with FUZZ_SMALL_ALIGNED_TO_SIZE"
                 : "",
           page ? ": the block starts a mapping of its own, and mmap aligns a mapping only to a page: an "
                  "alignment above that needs a mapping longer by the alignment, the block placed at its first "
                  "address aligned so (the lead and the tail past the block may be unmapped)" : "", why);
    abort();
}

/* How a block lies outside the memory it was placed in (area): the same
 * words whichever oracle, past_mapping or out_of_heap, meets it first. */
static void outside_words(char *out, size_t len, size_t past, size_t before, const char *area)
{
    size_t by = past ? past : before;
    snprintf(out, len, "%s %zu byte%s %s of %s", past ? "runs" : "starts", by, hl_plural_s(by),
             past ? "past the end" : "before the start", area);
}

void oracle_past_mapping(const struct fuzz_ctx *c, int slot, size_t past, size_t before, const char *area)
{
    char outside[FUZZ_PLACE_AREA_MAX + 64];
    outside_words(outside, sizeof outside, past, before, area);
    fuzz_report(c, "past_mapping", slot, -1, "[%p, +%zu) %s", (void *)c->slot[slot].ptr, c->slot[slot].usable,
                outside);
    abort();
}

/* Where the allocator's own mappings put a block contains() disowns: wholly
 * inside one made in this run, the heap has that memory and the lookup behind
 * contains() misses it (a slab found by masking its pointer to a page where
 * slabs were aligned to 16 KiB, a big block mremap moved off that alignment:
 * both were told of room handed out past what the heap obtained); starting
 * in one and running past its end, how far, measured from that mapping alone:
 * a mapping of the allocator's right above it (a meta area mapped in create,
 * round 13) was taken for the same one, and the lookup blamed. */
static void out_of_heap_mapping(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], next_when[sizeof when], into[sizeof when + 160] = "";
    uintptr_t start, end, next_start, next_end;
    size_t op, next_op;
    const char *phase, *next_phase;
    if (!fuzz_maps_holding(b->ptr, &start, &end, &op, &phase))
        return;
    size_t room = end - (uintptr_t)b->ptr, past = b->requested > room ? b->requested - room : 0;
    fuzz_call_when(c, phase, op, when, sizeof when);
    if (past && fuzz_maps_holding((void *)end, &next_start, &next_end, &next_op, &next_phase))
        snprintf(into, sizeof into, ", into the next one, [%#jx, +%zu), made %s: mapped, but not this block's",
                 (uintmax_t)next_start, (size_t)(next_end - next_start),
                 fuzz_call_when(c, next_phase, next_op, next_when, sizeof next_when));
    uintptr_t at = (uintptr_t)b->ptr, heap = (uintptr_t)c->heap;
    size_t gap = heap - (at + b->requested); /* from the block's end up to the handle, when it lies in front */
    if (!past && heap >= start && heap < end && at + b->requested <= heap)
        snprintf(out, len, ", " FUZZ_IN_HEAP_RECORD ", [%#jx, +%zu), made %s, wholly in front of the handle create() "
                 "returned (its end %zu byte%s below it): " FUZZ_BEFORE_HEAP_RECORD, (uintmax_t)start, (size_t)(end - start), when, gap, hl_plural_s(gap));
    else if (past)
        snprintf(out, len, "; it runs %zu byte%s past the end of the mapping it starts in, [%#jx, +%zu) (an mmap "
                 "of the allocator's, made %s)%s", past, hl_plural_s(past), (uintmax_t)start, (size_t)(end - start),
                 when, into);
    else if (heap >= start && heap < end)
        snprintf(out, len, ", " FUZZ_IN_HEAP_RECORD ", %zu bytes %s the handle create() returned, [%#jx, +%zu), "
                 "made %s", at >= heap ? at - heap : heap - at, at >= heap ? "past" : "below", (uintmax_t)start,
                 (size_t)(end - start), when);
    else
        snprintf(out, len, ", " FUZZ_INSIDE_OWN_MAPPING " %s, [%#jx, +%zu)", when, (uintmax_t)start,
                 (size_t)(end - start));
}

/* An aligned block short of its request by less than its alignment, which
 * picks its cause: a fit that took a chunk holding the size from its start,
 * not from the aligned start (round 18's vmem: told of a fit search alone).
 * Appended to out. */
static void aligned_start_short(const struct fuzz_ctx *c, const struct fuzz_block *b, size_t usable, char *out,
                                size_t len)
{
    size_t used = strlen(out);
    if (b->asked <= c->a->alignment || usable >= b->requested || b->requested - usable >= b->asked)
        return;
    snprintf(out + used, len > used ? len - used : 0, "; it came from aligned_alloc(%zu, %zu) and is "
             FUZZ_ALIGNED_START_SHORT, b->asked, b->requested);
}

/* A block whose start is the heap's, which usable_size() says holds less
 * than asked, all of it the heap's: made short, not placed past the heap
 * (round 12: an allocator whose rounded size was kept in 16 bits gave
 * 12 bytes for 65,532, and the report blamed a growth). A request that
 * reaches 64 KiB with a header and rounding, and a block under what is left
 * of it past 64 KiB, is a 16-bit size's wrap. */
static void out_of_heap_short(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    if (!c->a->usable_size || !c->opt.usable || !c->a->contains(c->heap, b->ptr, 1))
        return;
    size_t u = c->a->usable_size(c->heap, (void *)b->ptr), past_64k = (b->requested + 64) & 0xffff;
    if (u >= b->requested || !c->a->contains(c->heap, b->ptr, u))
        return;
    int cut16 = b->requested >= 0x10000 - 64 && u <= past_64k && b->requested - u >= 0x10000 - 64;
    /* Half the request or more: no wrap left that, a search of the list one class low did (round 16b's
     * shm heap: told of an end-of-heap test, 4,624 bytes past its mapping). */
    const char *short_by = !cut16 && u >= b->requested - u ? FUZZ_SMALLER_TAKEN : FUZZ_MADE_SHORT;
    snprintf(out, len, ", though usable_size() says %zu, all of them its: %s%s", u, short_by,
             cut16 ? "; with a header and its rounding the request reaches 64 KiB, where a size kept in 16 bits "
                     "(a uint16_t) wraps to a few bytes" : "");
    aligned_start_short(c, b, u, out, len);
}

/* A block outside the buffer the harness gave create_in, told as
 * past_mapping tells it: round 16's gen pool, whose contains() knew the
 * buffer, met out_of_heap first, which named no buffer. */
static void out_of_heap_buffer(const struct fuzz_block *b, char *out, size_t len)
{
    char area[FUZZ_PLACE_AREA_MAX];
    size_t before, past = fuzz_heap_place_disowned(b->ptr, b->usable, &before, area, sizeof area);
    if (!past && !before)
        return;
    int used = snprintf(out, len, "; it ");
    outside_words(out + used, len - (size_t)used, past, before, area);
}

/* usable_size()'s answer for a block contains() says starts in the heap, else 0: a pointer the
 * allocator disowns whole may crash its lookup. */
static size_t usable_if_held(const struct fuzz_ctx *c, const struct fuzz_block *b)
{
    if (!c->a->usable_size || !c->opt.usable || !c->a->contains(c->heap, b->ptr, 1))
        return 0;
    return c->a->usable_size(c->heap, (void *)b->ptr);
}

static void mapping_short_of_block(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len);

/* A block short of its request whose usable bytes end where the mapping
 * holding it ends: told as usable_too_small tells it, the mapping's length or
 * its last chunk, not a fit search over free blocks (round 20's decay heap: a
 * huge block's mapping sized for its 24-byte record, the block placed 32
 * bytes in, 1 byte short). */
static void out_of_heap_mapping_short(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    struct fuzz_block sized = *b;
    sized.usable = usable_if_held(c, b);
    if (sized.usable && sized.usable < b->requested)
        mapping_short_of_block(c, &sized, out, len);
}

/* When the bytes asked for are the heap's and only the usable size runs
 * out of it, usable_size is the one to read, not the placement. */
void oracle_out_of_heap_of(const struct fuzz_ctx *c, const struct fuzz_block *b, int slot, const char *whose)
{
    char placed[FUZZ_PLACE_AREA_MAX + 64] = "";
    int asked_in = b->usable > b->requested && c->a->contains(c->heap, b->ptr, b->requested);
    if (asked_in && fuzz_maps_usable_past_break(b, placed, sizeof placed))
        asked_in = 0; /* the break's growth, not usable_size */
    /* An mremap's move first: the size it left short is no fit search's; then a short block's
     * request, which runs past whatever mapping holds it. */
    if (!asked_in && !*placed)
        fuzz_maps_moved_block(c, b, usable_if_held(c, b), placed, sizeof placed);
    if (!asked_in && !*placed)
        out_of_heap_mapping_short(c, b, placed, sizeof placed);
    if (!asked_in && !*placed)
        out_of_heap_short(c, b, placed, sizeof placed);
    if (!asked_in && !*placed)
        out_of_heap_mapping(c, b, placed, sizeof placed);
    if (!asked_in && !*placed)
        out_of_heap_buffer(b, placed, sizeof placed);
    if (!asked_in && !*placed)
        fuzz_maps_past_block_below(c, b, placed, sizeof placed);
    /* After the buffer's words: a block below create_in's buffer lies in
     * memory the heap was never given, whose distance the buffer explains;
     * a merge back over the heap's start stays inside what it obtained. */
    if (!asked_in && !*placed)
        fuzz_heap_starts_below(c, b, placed, sizeof placed);
    fuzz_report(c, "out_of_heap", slot, -1, "contains() says [%p, +%zu)%s is not memory of this heap%s%s",
           (void *)b->ptr, b->usable, whose,
           asked_in ? ", though the requested bytes are: usable_size() overstates the block, past the heap's end" : "",
           placed);
    abort();
}

void oracle_out_of_heap(const struct fuzz_ctx *c, int slot) { oracle_out_of_heap_of(c, &c->slot[slot], slot, ""); }

/* A block no lookup finds that starts where a mapping of this run ends:
 * one slot past the last its page holds (a slab of round 4). Not a
 * mapping this op made that could hold the block once at most: the
 * block's own, made short (mapping_short_of_block says so; this said "one
 * slot past the last" of a big block's mapping). */
static void starts_at_mapping_end(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t start;
    size_t op;
    const char *phase;
    const void *p = b->ptr;
    if (!fuzz_maps_ending_at(p, &start, &op, &phase) ||
        (op == c->cur && phase == c->phase && ((uintptr_t)p - start) / 2 < b->requested))
        return;
    snprintf(out, len, "; it starts where a mapping made %s, [%#jx, +%zu), ends, in no mapping of the "
             "allocator's: one slot or block past the last that mapping holds (a bound or search that runs to <= "
             "its count where < was meant)", fuzz_call_when(c, phase, op, when, sizeof when), (uintmax_t)start,
             (size_t)((uintptr_t)p - start));
}

/* A request that needs no rounding (a multiple of the alignment the adapter
 * declares: 16 for most, 8 for a lab allocator) left exactly one header
 * short: the block was sized for the request alone and the header taken out
 * of it (round 5). The harness knows no allocator's header: it takes
 * one word or two for one, and the report says it guessed. A header counted
 * twice leaves that shortfall too (with 16-byte alignment and an 8-byte
 * header only on a request 8 past a multiple of 16, which keeps the general
 * cause): the cause names it second. */
static int short_by_a_header(const struct fuzz_ctx *c, const struct fuzz_block *b)
{
    size_t short_by = b->requested - b->usable;
    return b->requested % c->a->alignment == 0 && (short_by == sizeof(void *) || short_by == 2 * sizeof(void *));
}

/* A block short of its request by less than its alignment whose usable
 * bytes end on a page this run's mprotect made inaccessible: placed against
 * its guard page with its start rounded up from (guard - size), where down
 * was meant (round 10b's fence: told only of a class edge). */
static void start_rounded_up_to_guard(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char call[FUZZ_OP_DESCRIPTION_MAX + 160];
    uintptr_t end = (uintptr_t)b->ptr + b->usable, page = fuzz_page_size();
    if (!b->usable || end % page || b->requested - b->usable >= fuzz_block_alignment(c->a, b->requested, b->asked) ||
        !fuzz_maps_protected(c, (const void *)end, 1, call, sizeof call))
        return;
    snprintf(out, len, ": " FUZZ_ENDS_AT_GUARD " %s starts, %zu byte%s short", call, b->requested - b->usable,
             hl_plural_s(b->requested - b->usable));
}

/* A block whose usable bytes end where the mapping it lies in (or ends at)
 * ends: that mapping was made too short for the block placed in it
 * (round 12: a big block at its mapping's start rounded up to the alignment,
 * in a mapping sized for the header alone, said 4,182,016 usable of 4 MiB,
 * or started where the mapping ended, told only that no block was found). */
static void mapping_short_of_block(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t p = (uintptr_t)b->ptr, start, end;
    size_t op;
    const char *phase;
    if (!p || !fuzz_maps_holding((const void *)(p - 1), &start, &end, &op, &phase) || end - p != b->usable)
        return;
    /* Round 18: a mapping an earlier op or create made is the heap's, not the
     * block's own: its last free chunk was handed out though too small (a
     * vmem-style instant fit from the request's own list) */
    int own = !phase && op == b->made_at;
    snprintf(out, len, "; %s at the end of the mapping made %s, [%#jx, +%zu), %zu byte%s short of the request: %s",
             b->usable ? "its usable bytes end" : "it starts", fuzz_call_when(c, phase, op, when, sizeof when),
             (uintmax_t)start, (size_t)(end - start), b->requested - b->usable,
             hl_plural_s(b->requested - b->usable), own ? FUZZ_MAPPING_SHORT : FUZZ_HEAP_END_SHORT);
    if (!own)
        aligned_start_short(c, b, b->usable, out, len);
}

/* A block usable_size() finds none at, where a block the program freed lay:
 * that freed block named, which picks the cause, the block handed out again
 * while the allocator's own record still takes it for free (round 13: a slot
 * allocator whose reclaim made freed slots available and left their freed
 * bits set was told of a class edge or a lookup). */
void fuzz_reused_while_marked_free(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++)
        if (f->ptr == b->ptr) {
            snprintf(out, len, "; block %s%d, freed %s, " FUZZ_REUSED_MARKED_FREE,
                     FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
            return;
        }
}

/* A block usable_size() finds none at, in memory this run unmapped and the allocator holds no mapping
 * of now: handed out from memory it gave back (round 14: a span a sweep released while still its
 * class's current span, carved from again, was told of a freed mark kept). */
static void in_unmapped_memory(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char call[FUZZ_OP_DESCRIPTION_MAX + 160];
    uintptr_t start, end;
    size_t op;
    const char *phase;
    if (!fuzz_maps_holding(b->ptr, &start, &end, &op, &phase) && fuzz_maps_unmapped_before(c, b->ptr, call, sizeof call))
        snprintf(out, len, "; it lies in memory this run unmapped, by %s, and no mapping of the allocator's holds "
                 "it now: " FUZZ_HANDED_FROM_UNMAPPED, call);
}

/* A block short of its request that starts inside another live block: the
 * memory handed out again, its size read from that block's record
 * (round 13b: a slot search past a run's last slot gave the next run's slot
 * at a live block's start, told only of a class edge or a lookup). */
static void inside_live_block(const struct fuzz_ctx *c, const struct fuzz_block *b, int other, char *out,
                              size_t len)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *o = other >= 0 ? &c->slot[other] : NULL;
    if (!o || b->ptr < o->ptr || b->ptr >= o->ptr + o->usable)
        return;
    snprintf(out, len, "; it starts at byte %zu of live block %s%d, [%p, +%zu) (placed %s)%s: " FUZZ_LIVE_HANDED_AGAIN,
             (size_t)(b->ptr - o->ptr), FUZZ_BLOCK_NO(other),
             (const void *)o->ptr, o->usable, fuzz_call_when(c, NULL, o->made_at, made, sizeof made),
             o->usable == b->usable ? ", whose usable size this is" : "");
}

/* A block short of its request from an aligned_alloc that needed padding: round 13b's TLSF
 * searched for the size and the alignment, with no room for a lead of a minimum block, and was
 * told of a class edge. */
static void aligned_path_short(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    if (b->usable && b->asked > c->a->alignment)
        snprintf(out, len, "; it came from aligned_alloc(%zu, %zu), " FUZZ_ALIGNED_PADDED, b->asked, b->requested);
}

/* The word where a short block's usable bytes end (word-aligned) repeats the
 * word just below its start, nonzero, its low bits aside the block's size
 * to within four words: a boundary tag, the size kept at both ends, whose
 * footer lies inside the request (round 19's emmalloc-style allocator sized
 * a block for its header alone: 96 for 100, told of a class edge). Read only
 * where contains() says the heap owns both words, and ASan has not poisoned
 * them. 0 if the words say nothing; else the tag. */
static size_t footer_in_request(const struct fuzz_ctx *c, const struct fuzz_block *b)
{
    size_t below, at_end, word = sizeof(size_t), size;
    unsigned char *start = (unsigned char *)b->ptr - word;
    if (!b->usable || b->requested - b->usable > word || (uintptr_t)b->ptr % word || b->usable % word ||
        !(c->a->caps & FUZZ_HAS_BOUNDS) || !c->a->contains || !c->a->contains(c->heap, start, b->usable + 2 * word) ||
        (__asan_region_is_poisoned && __asan_region_is_poisoned(start, b->usable + 2 * word)))
        return 0;
    memcpy(&below, start, word);
    memcpy(&at_end, (unsigned char *)b->ptr + b->usable, word);
    size = below & ~(size_t)(c->a->alignment - 1);
    return below && below == at_end && size >= b->usable && size - b->usable <= 4 * word ? below : 0;
}

/* Under half of a request past 16 bits is no rounding or class edge: its
 * cause, a size cut to a narrow type (an allocator's 1 MiB request read back
 * as 4056). Under half of a smaller one, by more than any header: another
 * block's size read by a lookup (round 14b: 16 for 30,000). */
void oracle_usable_too_small(const struct fuzz_ctx *c, int slot, int other)
{
    const struct fuzz_block *b = &c->slot[slot];
    char at_end[FUZZ_OP_DESCRIPTION_MAX + 512] = "", /* a mapping's end, or a guard and the call that made it */
        footer[200] = "", packed[200] = "";
    size_t tag = footer_in_request(c, b);
    if (tag)
        snprintf(footer, sizeof footer, ": " FUZZ_FOOTER_IN_REQUEST " (%#zx), inside the request: a boundary tag, "
                 "the block's footer", tag);
    int below = short_by_a_header(c, b) ? fuzz_packed_below(c, slot) : -1;
    if (below >= 0)
        snprintf(packed, sizeof packed, ": short by a header's size, but live block %s%d " FUZZ_NO_HEADER_BELOW,
                 FUZZ_BLOCK_NO(below));
    const char *why = tag ? footer
                      : !b->usable ? ": usable_size found no block at this address, which the allocator itself "
                                   "just returned"
                      : b->requested > UINT16_MAX && b->usable < b->requested / 2 ? ": " FUZZ_HALF_OF_WIDE
                      : *packed                 ? packed
                      : short_by_a_header(c, b) ? ": " FUZZ_HEADER_SHORT FUZZ_HEADER_GUESSED
                                                : "";
    if (!b->usable)
        starts_at_mapping_end(c, b, at_end, sizeof at_end);
    else if (!*why)
        start_rounded_up_to_guard(c, b, at_end, sizeof at_end);
    if (!*at_end)
        mapping_short_of_block(c, b, at_end, sizeof at_end);
    if (!*at_end && !b->usable)
        in_unmapped_memory(c, b, at_end, sizeof at_end);
    if (!*at_end && !b->usable)
        fuzz_reused_while_marked_free(c, b, at_end, sizeof at_end);
    if (!*at_end)
        inside_live_block(c, b, other, at_end, sizeof at_end);
    if (!*at_end && (!*why || short_by_a_header(c, b)))
        aligned_path_short(c, b, at_end, sizeof at_end);
    if (!*at_end && !*why)
        fuzz_class_page_why(c, b, at_end, sizeof at_end);
    if (!*at_end && !*why && b->usable && b->usable < b->requested / 2 && b->requested - b->usable > 128)
        snprintf(at_end, sizeof at_end, ": %s", FUZZ_FAR_SHORT);
    if (!*at_end && !b->usable && b->requested < c->a->alignment) /* round 14b: (1 + 16) / 2 units, 16 bytes */
        snprintf(at_end, sizeof at_end, "; " FUZZ_UNDER_ALIGNMENT " (%zu)", c->a->alignment);
    fuzz_report(c, "usable_too_small", slot, -1, "usable size %zu is below the requested %zu%s%s%s", b->usable,
           b->requested, why, at_end, fuzz_resize_cause(c, b));
    abort();
}
