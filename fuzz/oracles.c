/*
 * oracles.c - every oracle fails through its own noinline function, so a
 * crash's stack names the oracle and crashes deduplicate by it. Each prints
 * a one-screen report to stderr (oracle-report.c lays it out) and aborts.
 * Here: the oracles on a block's contents and overlap (damage, a calloc not
 * zeroed, a realloc that lost data); oracle-place.c holds those on its place
 * (alignment, the mapping or heap it lies in, its usable size), and
 * oracle-calls.c and oracle-counts.c those on what a call answered or did to
 * the heap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "oracle-report.h"
#include "trace.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

/* Damage that ends at most a header (32 bytes) short of the next live block
 * is most often that block's header, placed inside this one: the student's
 * block size that leaves the header out (the cause it picks). Empty if it is
 * not so placed. */
static const char *damage_below_next(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                     size_t len)
{
    int prev, next;
    buf[0] = '\0';
    if (slot < 0 || !c->slot[slot].ptr)
        return buf;
    fuzz_index_neighbours(&c->index, (unsigned)slot, &prev, &next);
    if (next < 0)
        return buf;
    size_t gap = (size_t)((uintptr_t)c->slot[next].ptr - (uintptr_t)c->slot[slot].ptr), end = d->offset + d->length;
    char name[FUZZ_KEY_NAME_MAX];
    if (end <= gap && gap - end < 32)
        snprintf(buf, len, "; they end %s the next block (%s) begins, " FUZZ_DAMAGE_BELOW_NEXT,
                 gap == end ? "where" : "just before", fuzz_key_name(next, name, sizeof name));
    return buf;
}

/* Whether the n bytes at p all hold one value: a fill's, not a header's or a link's. */
static int one_value(const unsigned char *p, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (p[i] != p[0])
            return 0;
    return 1;
}

/* Damage just past the end of the block freed last, in this op (or just
 * below its start): the free wrote outside its block, into the live one
 * beside it, which its own report would leave to be guessed from the op.
 * Empty if it lies elsewhere. */
static const char *damage_by_freed(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                   size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *b = slot >= 0 ? &c->slot[slot] : NULL;
    const struct fuzz_freed *f = fuzz_freed_newest(c, 0);
    buf[0] = '\0';
    if (!b || !b->ptr || !f || f->slot == slot || f->phase != c->phase || (!c->phase && f->freed_at != c->cur))
        return buf;
    uintptr_t at = (uintptr_t)b->ptr + d->offset, start = (uintptr_t)f->ptr, end = start + f->usable;
    /* More than a word of one value: round 15's junk fill, run past the freed chunk by a class's stride. */
    int filled = d->length > sizeof(uint64_t) && !d->sampled && one_value(b->ptr + d->offset, d->length);
    if ((at >= end && at - end < 256) || (at < start && start - at <= 256))
        snprintf(buf, len, "; it lies %zu bytes %s block %s%d, [%p, +%zu), freed %s just before: that free wrote "
                 "outside its block (%s)", at >= end ? (size_t)(at - end) : (size_t)(start - at),
                 at >= end ? "past the end of" : "below", FUZZ_BLOCK_NO(f->slot), (void *)f->ptr, f->usable,
                 fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when),
                 filled ? "every byte it changed holds one value: a fill of the freed block, junk or poison, whose "
                          "length or stride runs past it"
                        : "a footer, or a neighbour's header or in-use flag, at the wrong offset");
    return buf;
}

static void report_damage(const struct fuzz_ctx *c, const char *oracle, int slot, const char *what,
                          const struct fuzz_damage *d)
{
    char below[200], past[300] = "", freed[256] = "", by_free[FUZZ_OP_DESCRIPTION_MAX + 300];
    char aligned[FUZZ_OP_DESCRIPTION_MAX * 3 + 600] = "";
    const struct fuzz_block *b = slot >= 0 ? &c->slot[slot] : NULL;
    /* A block handed out inside a freed aligned block: named before the usable size, which it makes look
     * wrong, and instead of a header spaced short, as the damage ends at the aligned block it lies below.
     * Else the bytes of a block a whole number of pages away: one page shown at both addresses. */
    if (b && b->ptr && strcmp(oracle, "pattern_corrupted") == 0 &&
        !*fuzz_damage_aligned_why(c, slot, d, aligned, sizeof aligned))
        fuzz_damage_aliased_why(c, slot, d, aligned, sizeof aligned);
    /* Only a live block's damage: a realloc's new block lies by the old one it freed, as it should. A free
     * that explains it leaves no header to guess at (round 15's junk fill, which ended at the next block). */
    const char *by = strcmp(oracle, "pattern_corrupted") == 0 ? damage_by_freed(c, slot, d, by_free, sizeof by_free)
                                                               : "";
    /* Damage nothing above explains, in a page the kernel shows at another address too, or one mapped anew
     * since the block was made (the allocator's record of its pages said nothing: round 21's Mesh-style
     * heap without its check, where the bytes found were no block's the harness remembered). */
    if (b && b->ptr && strcmp(oracle, "pattern_corrupted") == 0 && !*aligned && !*by)
        fuzz_damage_shared_why(c, slot, d, aligned, sizeof aligned);
    /* Damage only past the request, where usable_size() said the block goes on: a header kept there. */
    if (b && b->ptr && d->offset >= b->requested && d->offset + d->length <= b->usable)
        snprintf(past, sizeof past, "; all past the %zu bytes requested, " FUZZ_DAMAGE_PAST_REQUEST " (%zu)",
                 b->requested, b->usable);
    /* Off a replay, a free-all verifies a block only at its own free: the
     * free that damaged it is one of those since, which a replay names. */
    char last[FUZZ_KEY_NAME_MAX];
    if (c->free_all_freed && c->opt.every_op)
        snprintf(freed, sizeof freed, " (right after the free-all freed %s)",
                 fuzz_key_name(c->free_all_freed - 1, last, sizeof last));
    else if (c->free_all_freed)
        snprintf(freed, sizeof freed, " (seen at its own free in a free-all, after the free of %s: a free-all "
                 "verifies no other block after a free, so an earlier free of it may have done this; make replay, "
                 "below, verifies every live block after each free and names that free)",
                 fuzz_key_name(c->free_all_freed - 1, last, sizeof last));
    fuzz_report(c, oracle, slot, -1,
           "%s: %zu byte%s from offset %zu %s (byte %zu: expected 0x%02x, found 0x%02x)%s%s%s%s%s%s",
           what, d->length, hl_plural_s(d->length), d->offset, d->length == 1 ? "differs" : "differ", d->offset,
           d->expected, d->found, aligned, past,
           *aligned || *by ? "" : damage_below_next(c, slot, d, below, sizeof below), by, freed,
           fuzz_damage_sampled(d));
}

void oracle_overlap(const struct fuzz_ctx *c, int slot, int other)
{
    const struct fuzz_block *a = &c->slot[slot], *b = &c->slot[other];
    char why[FUZZ_OP_DESCRIPTION_MAX * 2 + 400];
    fuzz_overlap_why(c, slot, other, why, sizeof why);
    /* Two empty blocks at one address share no byte, but are one pointer. */
    if (a->ptr == b->ptr)
        fuzz_report(c, "overlap", slot, other, "block [%p, +%zu) has the address of live block [%p, +%zu): one pointer "
               "handed out twice (live blocks need distinct addresses, of size 0 too)%s",
               (void *)a->ptr, a->usable, (void *)b->ptr, b->usable, why);
    else
        fuzz_report(c, "overlap", slot, other, "block [%p, +%zu) overlaps live block [%p, +%zu)%s", (void *)a->ptr,
               a->usable, (void *)b->ptr, b->usable, why);
    abort();
}

void oracle_pattern_corrupted(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d)
{
    report_damage(c, "pattern_corrupted", slot, "live block's contents changed while the program owned it", d);
    abort();
}

/* Every requested byte one value: no old contents (the harness's pattern
 * differs byte to byte, a link is one word) but a fill of the allocator's
 * own (round 17: a debugging allocator's junk on allocation, which calloc
 * skipped zeroing for memory fresh from its region, told it was recycled). */
static int one_value_throughout(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d)
{
    const unsigned char *p = c->slot[slot].ptr;
    size_t n = c->slot[slot].requested;
    if (d->sampled || d->offset != 0 || n < 16 || d->length != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] != d->found)
            return 0;
    return 1;
}

void oracle_calloc_not_zero(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d)
{
    char why[FUZZ_OP_DESCRIPTION_MAX * 2 + 400] = "";
    const struct fuzz_op *op = c->phase || c->cur >= c->nops ? NULL : &c->ops[c->cur];
    size_t n = op && op->kind == FUZZ_OP_CALLOC ? fuzz_calloc_n(op->arg) : 0, size = n ? fuzz_calloc_size(op->arg) : 0;
    /* Zero up to the second element exactly: the memset was given the
     * element's size, not n * size, or for a pointer's size over a freed
     * block's start, maybe a NULL link (before the rounding's guess: an element
     * of 8 ends where that one would). Then zero up to where the block's
     * last owner asked (cause-table.c), then the rounding. */
    size_t requested = c->slot[slot].requested;
    char lazy[FUZZ_OP_DESCRIPTION_MAX + 96];
    if (fuzz_maps_lazily_freed(c, slot, lazy, sizeof lazy))
        snprintf(why, sizeof why, ": the latest madvise over its bytes was %s, and MADV_FREE " FUZZ_LAZY_FREE, lazy);
    else if (fuzz_maps_dropped_short(c, slot, d->offset, d->length, why, sizeof why))
        ;
    else if (one_value_throughout(c, slot, d))
        snprintf(why, sizeof why, ": every requested byte holds 0x%02x, " FUZZ_ONE_VALUE_THROUGHOUT, d->found);
    else if (!d->sampled && *fuzz_calloc_link_zero(c, slot, d->offset, size, n, why, sizeof why))
        ;
    else if (n > 1 && d->offset == size && !d->sampled) {
        why[0] = ':', why[1] = ' ';
        fuzz_calloc_zeroes_said(&c->slot[slot], size, size, n, why + 2, sizeof why - 2);
    } else if (!*fuzz_calloc_old_size(c, slot, d, why, sizeof why) && d->offset % 8 == 0 && d->offset &&
             d->length < 16 && d->offset + d->length == requested &&
             (d->offset == (requested & ~(size_t)7) || d->offset == (requested & ~(size_t)15))) /* rounding reaches it */
        snprintf(why, sizeof why, ": " FUZZ_LAST_PAST_EIGHT);
    /* d->length spans the first non-zero byte to the last: where zeroes lie between, both are said */
    size_t set = fuzz_nonzero_count(c->slot[slot].ptr + d->offset, d->length);
    char among[48] = "";
    if (set != d->length)
        snprintf(among, sizeof among, " among the %zu", d->length);
    fuzz_report(c, "calloc_not_zero", slot, -1, "calloc returned memory with %zu non-zero byte%s%s from offset %zu "
           "(0x%02x)%s%s", set, hl_plural_s(set), among, d->offset, d->found, why, fuzz_damage_sampled(d));
    abort();
}

/* A word or two lost that hold an address at or near the old block's start
 * (its header's), which picks its cause: the free of the old block, after the
 * copy, linked it to the new block, still on a free list (round 19's emmalloc-style
 * allocator filed a merged block by its size before the merge: a block
 * taken off another list stayed at this one's head, and the report guessed
 * at a copy). ", and ..." into out, else nothing. */
#define LINK_BELOW 32 /* a header's bytes below a block, which a link may name instead of the block */
#define LINK_ABOVE 16
static void links_old_block(const struct fuzz_block *moved, const struct fuzz_block *old, const struct fuzz_damage *d,
                            char *out, size_t len)
{
    size_t at = d->offset & ~(sizeof(uintptr_t) - 1);
    uintptr_t word, start = (uintptr_t)old->ptr, new_at = (uintptr_t)moved->ptr;
    if (d->sampled || d->offset + d->length > at + 2 * sizeof word || at + sizeof word > moved->usable)
        return;
    memcpy(&word, moved->ptr + at, sizeof word);
    /* Not near the new block itself: a link of its own (an old block freed first, handed out again). */
    if (word + LINK_BELOW < start || word > start + LINK_ABOVE ||
        (word + LINK_BELOW >= new_at && word < new_at + moved->usable))
        return;
    snprintf(out, len, ", and the word at offset %zu holds %#jx, %zu bytes %s " FUZZ_LINKS_OLD_BLOCK, at,
             (uintmax_t)word,
             word >= start ? (size_t)(word - start) : (size_t)(start - word), word >= start ? "past" : "below");
}

/* The old block is gone from the slot: the report names it, and an aligned
 * one's origin, as realloc of a block aligned_alloc carved out of a bigger
 * allocation (a header or back-pointer in front) is a path of its own. */
void oracle_realloc_lost_data(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d,
                              const struct fuzz_block *old)
{
    char what[1024];
    const struct fuzz_block *moved = &c->slot[slot];
    size_t keep = old->usable < moved->requested ? old->usable : moved->requested;
    int n = snprintf(what, sizeof what, "realloc did not keep min(old usable, new size) bytes of the old block "
                     "[%p, +%zu)", (void *)old->ptr, old->usable);
    if (old->asked && n > 0 && (size_t)n < sizeof what)
        n += snprintf(what + n, sizeof what - (size_t)n, ", which aligned_alloc(%zu, %zu) returned", old->asked,
                      old->requested);
    char origin[96];
    if (n > 0 && (size_t)n < sizeof what)
        n += snprintf(what + n, sizeof what - (size_t)n, "%s", fuzz_block_origin(c, old, origin, sizeof origin));
    /* A move that lost byte 0 copied from the wrong place, when the old
     * bytes lie in the new block shifted; or nothing, when they do not and
     * fewer than one in 8 lie where they belong (chance: a copy that starts
     * right keeps byte 0). An aligned block's copy from the start of the
     * allocation it was carved from is the likely cause's own case. Lost from
     * a byte to the end, by a move: the copy's length was short, most often
     * the old size as the allocator keeps it, which a class or rounding that
     * forgot a header or footer made smaller than the request (no
     * usable_size to show it: the malloc-lab adapter has none); unless the
     * block moved down over its old place, a move of its own whose length
     * is the suspect, not the old block's size: the new block reaches the
     * old one, if not the bytes it kept (a grow into the free chunk below,
     * 80 bytes down for 64 kept, in round 9, was told a copy of a
     * block too small). */
    long long from = 0;
    int moved_all = moved->ptr != old->ptr && !d->offset && !d->sampled && keep >= 8;
    int shifted = moved_all && fuzz_pattern_shifted(moved->ptr, keep, moved->seed, &from);
    size_t held = moved_all && !shifted && !old->asked ? fuzz_pattern_held(moved->ptr, keep, moved->seed) : keep;
    char linked[320] = "";
    if (moved->ptr != old->ptr)
        links_old_block(moved, old, d, linked, sizeof linked);
    if (*linked && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, "%s", linked);
    else if (shifted && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and the new block holds them shifted: a copy made from %lld "
                 "bytes %s the old block's start (a header counted twice or left out, or an aligned block's "
                 "allocation base taken for it)", from < 0 ? -from : from, from < 0 ? "below" : "past");
    else if (keep >= 8 && held * 8 < keep && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and the new block holds none of them (%zu of %zu bytes "
                 "match, no more than chance): no copy was made - the block moved and came back as the allocator "
                 "handed it out, the old bytes left behind", held, keep);
    else if (moved->ptr < old->ptr && moved->ptr + moved->requested > old->ptr && d->offset &&
             d->offset + d->length == keep &&
             !d->sampled && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and what it lost is the last %zu of them, from byte %zu: the "
                 "block moved %zu bytes down, over its old place (a grow into the free chunk below it, or a slide to "
                 "its allocation's start), and that move copied %zu bytes, not %zu: its length taken off short (a "
                 "header subtracted twice, the old size read from the wrong header)", d->length, d->offset,
                 (size_t)(old->ptr - moved->ptr), d->offset, keep);
    else if (moved->ptr != old->ptr && d->offset && d->offset + d->length == keep && !d->sampled && n > 0 &&
             (size_t)n < sizeof what && d->offset < old->requested)
        snprintf(what + n, sizeof what - (size_t)n, ", and what it lost is the last %zu of them, from byte %zu: a "
                 "copy that stopped short, as of a block the allocator takes for %zu bytes, fewer than the %zu asked "
                 "of it (a size class or rounding that leaves out a header or footer hands out a block too small), "
                 "or of an old size read wrong", d->length, d->offset, d->offset, old->requested);
    /* Lost only past the request (the harness wrote to usable_size()'s
     * word): the block was not too small for its request, as the line
     * above would say (a move down 16 bytes short of round 9). */
    else if (moved->ptr != old->ptr && d->offset && d->offset + d->length == keep && !d->sampled && n > 0 &&
             (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and what it lost is the last %zu of them, from byte %zu: a "
                 "copy that stopped short, past the %zu bytes asked of the old block but short of the %zu to "
                 "keep (usable_size() said %zu): a copy length taken off short (a header subtracted twice, the old "
                 "size read from the wrong header), or a usable_size() that overstates the block", d->length,
                 d->offset, old->requested, keep, old->usable);
    /* The harness's own realloc (the adapter has none) verifies the old
     * block after its malloc, copies exactly into a new block apart from it,
     * and frees the old block only then: bytes lost were that free's. */
    n = (int)strlen(what);
    uintptr_t new_at = (uintptr_t)moved->ptr, old_at = (uintptr_t)old->ptr;
    if (!c->a->realloc && (new_at + keep <= old_at || old_at + old->usable <= new_at) && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and this realloc is the harness's own (the adapter has "
                 "none: malloc, an exact copy, then free of the old block), so that free wrote into the new block");
    report_damage(c, "realloc_lost_data", slot, what, d);
    abort();
}
