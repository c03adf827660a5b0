/*
 * maps-discards.c - what reports ask of the madvise calls maps.c records that
 * dropped pages' contents: which one dropped what a report names (a live
 * block's bytes, a header just below the block being freed), whether a
 * calloc's block was last given back with MADV_FREE, which frees lazily, and
 * how much of a range dropped over a live block was free.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h" /* fuzz_index_around */
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "map-table.h"
#include "maps-state.h"

/* Whether [start, end) meets a page of block SLOT (a header of two words
 * below it included), for a report that names the block. */
static int touches_block(const struct fuzz_ctx *c, int slot, uintptr_t start, uintptr_t end)
{
    if (slot < 0 || !c->slot[slot].ptr)
        return 0;
    uintptr_t page = fuzz_page_size(), at = (uintptr_t)c->slot[slot].ptr;
    size_t n = c->slot[slot].requested ? c->slot[slot].requested : 1;
    uintptr_t lo = (at - 16) & ~(page - 1), hi = (at + n + page - 1) & ~(page - 1);
    return start < hi && end > lo;
}

/* How far below a chunk's start its allocator's header may begin (two words
 * of most, four of a few): a discard ending this close below a block took
 * the chunk below's footer, one reaching this close below it its header. */
#define HEADER_REACH 32

/* Whether d dropped bytes just below block p (its header's place). */
static int took_header_below(const struct discarded *d, const void *p)
{
    uintptr_t at = (uintptr_t)p;
    return p && d->start < at && d->end > at - HEADER_REACH;
}

static void print_discard_line(const struct fuzz_ctx *c, const struct discarded *d, const char *which)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    int lazy = strcmp(d->advice, "MADV_FREE") == 0;
    fprintf(stderr, "  the allocator's %smadvise(%#jx, %zu, %s) %s dropped [%#jx, %#jx): those pages may read back "
            "as zero%s, so whatever it kept in them (its own records, or a live block's bytes) may read 0 now; a "
            "release is sound only where nothing still in use lies (a range rounded out to whole pages can take "
            "a neighbour's)\n", which, (uintmax_t)d->start, d->len, d->advice,
            fuzz_call_when(c, d->phase, d->op, when, sizeof when), (uintmax_t)d->start, (uintmax_t)d->end,
            lazy ? " (MADV_FREE " FUZZ_LAZY_FREE ")" : "");
}

int fuzz_maps_lazily_freed(const struct fuzz_ctx *c, int slot, char *call, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    const struct fuzz_block *b = &c->slot[slot];
    uintptr_t lo = (uintptr_t)b->ptr, hi = lo + (b->requested ? b->requested : 1);
    struct discarded d = {0};
    int found = 0;
    if (!b->ptr || !fuzz_maps_trylock())
        return 0;
    for (size_t i = fuzz_maps_ndiscards; i > 0 && i + RECENT_DISCARDS > fuzz_maps_ndiscards && !found; i--) {
        d = fuzz_maps_discards[(i - 1) % RECENT_DISCARDS];
        found = d.start < hi && d.end > lo;
    }
    fuzz_maps_unlock();
    if (!found || strcmp(d.advice, "MADV_FREE") != 0)
        return 0;
    snprintf(call, len, "madvise(%#jx, %zu, MADV_FREE) %s", (uintmax_t)d.start, d.len,
             fuzz_call_when(c, d.phase, d.op, when, sizeof when));
    return 1;
}

/* Round 20's decay heap: a purge gave back a run's pages but its last, marked the whole run as reading
 * zero, and a calloc trusted that page; and a dirty run merged into a purged one below kept its mark:
 * both told as memory recycled, the purge not named. */
int fuzz_maps_dropped_short(const struct fuzz_ctx *c, int slot, size_t offset, size_t length, char *out,
                            size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    uintptr_t at = (uintptr_t)c->slot[slot].ptr + offset, page = (uintptr_t)sysconf(_SC_PAGESIZE);
    struct discarded d = {0};
    int found = 0;
    if (!c->slot[slot].ptr || !fuzz_maps_trylock())
        return 0;
    for (size_t i = fuzz_maps_ndiscards; i > 0 && i + RECENT_DISCARDS > fuzz_maps_ndiscards && !found; i--) {
        d = fuzz_maps_discards[(i - 1) % RECENT_DISCARDS];
        found = strcmp(d.advice, "MADV_FREE") != 0 && d.end <= at && at - d.end < page;
    }
    fuzz_maps_unlock();
    if (found)
        snprintf(out, len, "; they start %zu byte%s past the end of [%#jx, %#jx), which madvise(%#jx, %zu, %s) %s "
                 "dropped: %s", (size_t)(at - d.end), hl_plural_s(at - d.end), (uintmax_t)d.start, (uintmax_t)d.end,
                 (uintmax_t)d.start, d.len, d.advice, fuzz_call_when(c, d.phase, d.op, when, sizeof when),
                 at + length <= d.end + page ? FUZZ_DROPPED_SHORT : FUZZ_DROPPED_BELOW);
    return found;
}

/* What d's range says of the block being freed, or the probe's: ending a
 * few bytes below it (trim round 13's end rounded from the chunk's end, not
 * its footer's), or over the bytes just below it (its start rounded down). */
static void print_discard_near(const struct fuzz_ctx *c, const struct discarded *d)
{
    int key = c->freeing - 1;
    const void *p = key >= 0 ? (const void *)c->slot[key].ptr : NULL;
    uintptr_t at = (uintptr_t)p;
    if (p && d->end <= at && d->end + HEADER_REACH > at)
        fprintf(stderr, "  it ends %zu byte%s below block %s%d, being freed, at %p: the words just below a block "
                "and its header are where a boundary-tag heap keeps the footer of the chunk below (its size, the "
                "free's way down to that chunk to merge with it); read back as 0, the free merges with a chunk that "
                "is not there: a trim must end below the page holding its chunk's footer, not at its chunk's end\n",
                (size_t)(at - d->end), hl_plural_s(at - d->end), FUZZ_BLOCK_NO(key), p);
    else if (c->pristine_checking && took_header_below(d, c->probe_freed))
        fprintf(stderr, "  it starts %zu byte%s below the block the harness's probe freed, at %p: the bytes just "
                "below a block are where an allocator keeps its chunk's header (its size, its free mark); read "
                "back as 0, the chunk is lost to every later request: a trim must start past a free chunk's header "
                "and links, rounded up\n", (size_t)((uintptr_t)c->probe_freed - d->start),
                hl_plural_s((uintptr_t)c->probe_freed - d->start), c->probe_freed);
}

/* The latest of this run's last RECENT_DISCARDS discards made before op
 * FROM that dropped a byte of block KEY (or the header below it): 1 and
 * *out, else 0. With the lock held. */
static int older_over_block(const struct fuzz_ctx *c, int key, size_t from, struct discarded *out)
{
    if (key < 0 || !c->slot[key].ptr)
        return 0;
    size_t n = c->slot[key].requested ? c->slot[key].requested : 1;
    uintptr_t lo = (uintptr_t)c->slot[key].ptr - 16, hi = lo + 16 + n;
    for (size_t i = fuzz_maps_ndiscards; i > 0 && i + RECENT_DISCARDS > fuzz_maps_ndiscards; i--) {
        const struct discarded *d = &fuzz_maps_discards[(i - 1) % RECENT_DISCARDS];
        if (!d->phase && d->op < from && d->start < hi && d->end > lo) {
            *out = *d;
            return 1;
        }
    }
    return 0;
}

/* The run's last discard, if any, with the op that made it, where it is
 * evidence about the fault reported: after a fault any; in an oracle's
 * report (listed_only) one an op its last ops list made (the same window as
 * print_history's), or the phase under way, and of those, for a report that
 * names a block (SLOT, OTHER; -1 for none) only one that met its pages (a
 * report on a block of a page-sized allocator named the page below it,
 * which its free had dropped), for one that names none only when the
 * allocator's own records are found broken (RECORDS_BROKEN) or it took the
 * bytes just below the block the pristine probe freed: a page release by
 * design (a side-table allocator's, of free memory only) is no cause of a
 * stats or leak report. A report on a block whose bytes an earlier discard
 * dropped, before the ops listed, names the latest such (round 13's trim
 * that dropped a free chunk's links: the block handed out there 900 ops
 * later found its first bytes zeroed). */
void fuzz_maps_print_discard(const struct fuzz_ctx *c, int listed_only, int slot, int other, int records_broken)
{
    size_t end = c->phase ? c->cur : c->cur + 1, start = end > FUZZ_HISTORY ? end - FUZZ_HISTORY : 0;
    struct discarded d = {0}, older;
    if (!fuzz_maps_trylock())
        return;
    size_t n = fuzz_maps_ndiscards;
    if (n)
        d = fuzz_maps_discards[(n - 1) % RECENT_DISCARDS];
    int has_older = listed_only && older_over_block(c, slot, start, &older);
    fuzz_maps_unlock();
    if (n && (!listed_only || (d.phase ? d.phase == c->phase : d.op >= start && d.op < end))) {
        int names_a_block = (slot >= 0 && c->slot[slot].ptr) || (other >= 0 && c->slot[other].ptr);
        int met = names_a_block ? touches_block(c, slot, d.start, d.end) || touches_block(c, other, d.start, d.end)
                                : records_broken || (c->pristine_checking && took_header_below(&d, c->probe_freed));
        if (!listed_only || met) {
            print_discard_line(c, &d, "last ");
            print_discard_near(c, &d);
            return;
        }
    }
    if (has_older) {
        print_discard_line(c, &older, "");
        fprintf(stderr, "  that is the latest over block %s%d's bytes, made before the ops listed, while they were "
                "free: links or a header the allocator kept there read 0 since (a block handed out over them, or "
                "written through them), and pages it marked as reading zero stay zero only until it hands them out "
                "again\n", FUZZ_BLOCK_NO(slot));
    }
}

size_t fuzz_maps_free_stretch(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end, size_t *live)
{
    int key, prev;
    fuzz_index_around(&c->index, (const void *)start, &prev, &key);
    if (prev >= 0 && (uintptr_t)c->slot[prev].ptr + c->slot[prev].usable > start)
        key = prev; /* a block across the range's start */
    uintptr_t free_from = start;
    size_t longest = 0;
    *live = 0;
    for (; key >= 0 && (uintptr_t)c->slot[key].ptr < end;
         fuzz_index_neighbours(&c->index, (unsigned)key, &prev, &key)) {
        uintptr_t lo = (uintptr_t)c->slot[key].ptr, hi = lo + c->slot[key].usable;
        if (lo == hi || fuzz_maps_being_released(c, (unsigned)key))
            continue;
        ++*live;
        if (lo > free_from && lo - free_from > longest)
            longest = lo - free_from;
        if (hi > free_from)
            free_from = hi < end ? hi : end;
    }
    return end - free_from > longest ? end - free_from : longest;
}
