/*
 * oracles.c - every oracle fails through its own noinline function, so a
 * crash's stack names the oracle and crashes deduplicate by it. Each prints
 * a one-screen report to stderr (oracle-report.c lays it out) and aborts.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "oracle-report.h"
#include "trace.h"

/* Damage that ends at most a header (32 bytes) short of the next live block
 * is most often that block's header, placed inside this one: the student's
 * block size that leaves the header out. Empty if it is not so placed. */
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
        snprintf(buf, len, "; they end %s the next block (%s) begins, where its header would lie: a block "
                 "spaced by its size without its header (or a split one header short)?", gap == end ? "where" :
                 "just before", fuzz_key_name(next, name, sizeof name));
    return buf;
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
    const struct fuzz_freed *f = c->nfreed ? &c->freed[(c->nfreed - 1) % FUZZ_RECENT_FREED] : NULL;
    buf[0] = '\0';
    if (!b || !b->ptr || !f || f->slot == slot || f->phase != c->phase || (!c->phase && f->freed_at != c->cur))
        return buf;
    uintptr_t at = (uintptr_t)b->ptr + d->offset, start = (uintptr_t)f->ptr, end = start + f->usable;
    if ((at >= end && at - end < 256) || (at < start && start - at <= 256))
        snprintf(buf, len, "; it lies %zu bytes %s block %s%d, [%p, +%zu), freed %s just before: that free wrote "
                 "outside its block (a footer, or a neighbour's header or in-use flag, at the wrong offset)",
                 at >= end ? (size_t)(at - end) : (size_t)(start - at), at >= end ? "past the end of" : "below",
                 FUZZ_BLOCK_NO(f->slot), (void *)f->ptr, f->usable,
                 fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
    return buf;
}

static void report_damage(const struct fuzz_ctx *c, const char *oracle, int slot, const char *what,
                          const struct fuzz_damage *d)
{
    char below[200], past[300] = "", freed[256] = "", by_free[FUZZ_OP_DESCRIPTION_MAX + 300];
    char aligned[FUZZ_OP_DESCRIPTION_MAX * 2 + 600] = "";
    const struct fuzz_block *b = slot >= 0 ? &c->slot[slot] : NULL;
    /* A block handed out inside a freed aligned block: named before the usable size, which it makes look
     * wrong, and instead of a header spaced short, as the damage ends at the aligned block it lies below. */
    if (b && b->ptr && strcmp(oracle, "pattern_corrupted") == 0)
        fuzz_damage_aligned_why(c, slot, d, aligned, sizeof aligned);
    /* Damage only past the request, where usable_size() said the block goes on: a header kept there. */
    if (b && b->ptr && d->offset >= b->requested && d->offset + d->length <= b->usable)
        snprintf(past, sizeof past, "; all past the %zu bytes requested, in what usable_size() said is the block's "
                 "(%zu): a usable size too large, over the allocator's own data? HALLOC_FUZZ_USABLE=off replays "
                 "writing only the requested bytes, and passes then", b->requested, b->usable);
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
    /* Only a live block's damage: a realloc's new block lies by the old one it freed, as it should. */
    const char *by = strcmp(oracle, "pattern_corrupted") == 0 ? damage_by_freed(c, slot, d, by_free, sizeof by_free)
                                                               : "";
    fuzz_report(c, oracle, slot, -1,
           "%s: %zu byte(s) from offset %zu differ (byte %zu: expected 0x%02x, found 0x%02x)%s%s%s%s%s%s", what,
           d->length, d->offset, d->offset, d->expected, d->found, aligned, past,
           *aligned ? "" : damage_below_next(c, slot, d, below, sizeof below), by, freed, fuzz_damage_sampled(d));
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

void oracle_calloc_not_zero(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d)
{
    char why[FUZZ_OP_DESCRIPTION_MAX + 300] = "";
    const struct fuzz_op *op = c->phase || c->cur >= c->nops ? NULL : &c->ops[c->cur];
    size_t n = op && op->kind == FUZZ_OP_CALLOC ? fuzz_calloc_n(op->arg) : 0, size = n ? fuzz_calloc_size(op->arg) : 0;
    /* Zero up to the second element exactly: the memset was given the
     * element's size, not n * size (before the rounding's guess: an element
     * of 8 ends where that one would). Then zero up to where the block's
     * last owner asked (causes.c), then the rounding. */
    if (n > 1 && d->offset == size && !d->sampled)
        snprintf(why, sizeof why, ": the first element's %zu bytes are zero, the other %zu elements' not: only the "
                 "first element was zeroed", size, n - 1);
    else if (!*fuzz_calloc_old_size(c, slot, d, why, sizeof why) && d->offset % 8 == 0 && d->offset &&
             d->length < 16 && d->offset + d->length == c->slot[slot].requested)
        snprintf(why, sizeof why, ": the request's last, past a multiple of 8: a zeroing length rounded down, not up?");
    fuzz_report(c, "calloc_not_zero", slot, -1, "calloc returned memory with %zu non-zero byte(s) from offset %zu (0x%02x)%s%s",
           d->length, d->offset, d->found, why, fuzz_damage_sampled(d));
    abort();
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
     * is the suspect, not the old block's size. */
    long long from = 0;
    int moved_all = moved->ptr != old->ptr && !d->offset && !d->sampled && keep >= 8;
    int shifted = moved_all && fuzz_pattern_shifted(moved->ptr, keep, moved->seed, &from);
    size_t held = moved_all && !shifted && !old->asked ? fuzz_pattern_held(moved->ptr, keep, moved->seed) : keep;
    if (shifted && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and the new block holds them shifted: a copy made from %lld "
                 "bytes %s the old block's start (a header counted twice or left out, or an aligned block's "
                 "allocation base taken for it)", from < 0 ? -from : from, from < 0 ? "below" : "past");
    else if (keep >= 8 && held * 8 < keep && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and the new block holds none of them (%zu of %zu bytes "
                 "match, no more than chance): no copy was made - the block moved and came back as the allocator "
                 "handed it out, the old bytes left behind", held, keep);
    else if (moved->ptr < old->ptr && moved->ptr + keep > old->ptr && d->offset && d->offset + d->length == keep &&
             !d->sampled && n > 0 && (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and what it lost is the last %zu of them, from byte %zu: the "
                 "block moved %zu bytes down, over its old place (a grow into the free chunk below it, or a slide to "
                 "its allocation's start), and that move copied %zu bytes, not %zu: its length taken off short (a "
                 "header subtracted twice, the old size read from the wrong header)", d->length, d->offset,
                 (size_t)(old->ptr - moved->ptr), d->offset, keep);
    else if (moved->ptr != old->ptr && d->offset && d->offset + d->length == keep && !d->sampled && n > 0 &&
        (size_t)n < sizeof what)
        snprintf(what + n, sizeof what - (size_t)n, ", and what it lost is the last %zu of them, from byte %zu: a "
                 "copy that stopped short, as of a block the allocator takes for %zu bytes, fewer than the %zu asked "
                 "of it (a size class or rounding that leaves out a header or footer hands out a block too small), "
                 "or of an old size read wrong", d->length, d->offset, d->offset, old->requested);
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
    char why[320] = "";
    if (claim)
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

void oracle_past_mapping(const struct fuzz_ctx *c, int slot, size_t past, const char *area)
{
    fuzz_report(c, "past_mapping", slot, -1, "[%p, +%zu) runs %zu byte(s) past the end of %s", (void *)c->slot[slot].ptr,
           c->slot[slot].usable, past, area);
    abort();
}

/* When the bytes asked for are the heap's and only the usable size runs
 * out of it, usable_size is the one to read, not the placement. */
void oracle_out_of_heap(const struct fuzz_ctx *c, int slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    int asked_in = b->usable > b->requested && c->a->contains(c->heap, b->ptr, b->requested);
    fuzz_report(c, "out_of_heap", slot, -1, "contains() says [%p, +%zu) is not memory of this heap%s", (void *)b->ptr,
           b->usable,
           asked_in ? ", though the requested bytes are: usable_size() overstates the block, past the heap's end" : "");
    abort();
}

void oracle_small_refused_when_empty(const struct fuzz_ctx *c)
{
    fuzz_report(c, "spurious_oom", -1, -1, "after freeing every block a request of 1 byte fails, which a fresh heap "
           "served (the largest it took: %zu bytes): likely a search that stops at a stale index - a bitmap bit or "
           "list head left set for a size whose list was emptied, taken for non-empty and found empty - rather "
           "than a leak", c->pristine);
    abort();
}

/* Under half of a request past 16 bits is no rounding or class edge: a size
 * cut to a narrow type (an allocator's 1 MiB request read back as 4056). */
void oracle_usable_too_small(const struct fuzz_ctx *c, int slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    const char *why = !b->usable ? ": usable_size found no block at this address, which the allocator itself "
                                   "just returned"
                      : b->requested > UINT16_MAX && b->usable < b->requested / 2
                          ? ": under half of it, no rounding: a size kept in a type too narrow for it (a uint16_t or "
                            "uint32_t header field, a count of units that wraps) cuts a request this big"
                          : "";
    fuzz_report(c, "usable_too_small", slot, -1, "usable size %zu is below the requested %zu%s%s", b->usable,
           b->requested, why, fuzz_resize_cause(c, b));
    abort();
}

void oracle_free_rejected(const struct fuzz_ctx *c, int slot, int err)
{
    char sized[96] = "", said[FUZZ_ERRNO_SAID_MAX], took[160] = "";
    const char *meaning = fuzz_free_errno_meaning(c, err);
    if (slot < 0) { /* no slot's: the pristine probe's request, freed right after its malloc */
        fuzz_report(c, "free_rejected", -1, -1, "free of the block the harness's probe had just taken (malloc(%zu), "
                    "then its free: the probe measures the largest request that fits) failed with %s%s%s",
                    c->probe_size, fuzz_errno_said(said, sizeof said, err),
                    meaning ? ": the allocator took it for " : "", meaning ? meaning : "");
        abort();
    }
    if (c->a->free_sized && slot >= 0)
        snprintf(sized, sizeof sized, " (free_sized was given size %zu, alignment %zu)", c->slot[slot].requested,
                 c->slot[slot].asked);
    if (meaning)
        snprintf(took, sizeof took, ": the allocator took live block %s%d for %s", FUZZ_BLOCK_NO(slot), meaning);
    fuzz_report(c, "free_rejected", slot, -1, "free of a live block failed with %s%s%s",
           fuzz_errno_said(said, sizeof said, err), sized, took);
    abort();
}

void oracle_bad_free_accepted(const struct fuzz_ctx *c, int slot, const void *ptr, const char *what)
{
    fuzz_report(c, "bad_free_accepted", slot, -1, "free(%p) of %s returned 0; the adapter promises it is detected",
           ptr, what);
    abort();
}

void oracle_bad_free_wrong_errno(const struct fuzz_ctx *c, int slot, const void *ptr, int got, int want)
{
    char got_said[FUZZ_ERRNO_SAID_MAX], want_said[FUZZ_ERRNO_SAID_MAX], took[160] = "";
    const char *meaning = fuzz_free_errno_meaning(c, got);
    if (meaning)
        snprintf(took, sizeof took, ": the allocator took it for %s", meaning);
    fuzz_report(c, "bad_free_wrong_errno", slot, -1, "free(%p) failed with %s, expected %s%s", ptr,
           fuzz_errno_said(got_said, sizeof got_said, got), fuzz_errno_said(want_said, sizeof want_said, want), took);
    abort();
}

void oracle_bad_free_changed_heap(const struct fuzz_ctx *c, const char *change, int slot)
{
    fuzz_report(c, "bad_free_changed_heap", slot, -1, "a rejected free changed the heap: %s", change);
    abort();
}

void oracle_free_null_rejected(const struct fuzz_ctx *c, int err)
{
    char said[FUZZ_ERRNO_SAID_MAX];
    fuzz_report(c, "free_null_rejected", -1, -1, "free(NULL) failed with %s; free(NULL) must do nothing and succeed, as "
           "C's free does", fuzz_errno_said(said, sizeof said, err));
    abort();
}

void oracle_free_null_changed_heap(const struct fuzz_ctx *c, const char *change, int slot)
{
    fuzz_report(c, "free_null_changed_heap", slot, -1, "free(NULL) changed the heap: %s", change);
    abort();
}

void oracle_checker_failed(const struct fuzz_ctx *c, const char *message)
{
    char last[FUZZ_KEY_NAME_MAX];
    if (c->free_all_freed)
        fuzz_report(c, "checker_failed", -1, -1, FUZZ_CHECK_FAILED "%s (right after the free-all freed %s)", message,
               fuzz_key_name(c->free_all_freed - 1, last, sizeof last));
    else
        fuzz_report(c, "checker_failed", -1, -1, FUZZ_CHECK_FAILED "%s", message);
    abort();
}

void oracle_trim_failed(const struct fuzz_ctx *c, int err)
{
    char said[FUZZ_ERRNO_SAID_MAX];
    fuzz_report(c, "trim_failed", -1, -1, "trim() failed with errno %s", fuzz_errno_said(said, sizeof said, err));
    abort();
}

/* Whether the harness wrote past requests (usable_size asked) and the
 * allocator's own check fails now. */
static int usable_broke_heap(const struct fuzz_ctx *c)
{
    char msg[256];
    return c->opt.usable && c->a->usable_size && c->opt.checker && c->a->check && c->heap &&
           c->a->check(c->heap, msg, sizeof msg) != 0;
}

/* A count the allocator keeps in too few bits reads as the model's count
 * less a power of two times something: 256 live blocks counted as 0 told the
 * user "a block counted off twice" (a buddy allocator's uint8_t count, found
 * only once the held pool took it past 255). Nonzero, with the words in buf,
 * when reported is model modulo 2^8, 2^16 or 2^32 (model at least that). */
static int counter_wrapped(size_t model, size_t reported, char *buf, size_t len)
{
    for (unsigned bits = 8; bits <= 32 && bits < sizeof(size_t) * CHAR_BIT; bits *= 2) {
        size_t span = (size_t)1 << bits;
        if (model >= span && reported < span && model % span == reported) {
            snprintf(buf, len, ": the model's count modulo 2^%u (%zu): likely a counter %u bits wide that "
                     "wrapped (a uint%u_t), not a block lost", bits, span, bits, bits);
            return 1;
        }
    }
    return 0;
}

void oracle_stats_mismatch(const struct fuzz_ctx *c, const char *field, size_t model, size_t reported)
{
    /* Which way the count is off says where to look: a free that missed is
     * not a lost allocation. */
    const char *why = strcmp(field, "live_blocks") != 0 ? ""
                      : reported == FUZZ_STATS_UNSET ? ": stats() did not set live_blocks; every stats() must "
                                                       "fill it with the number of live blocks (fuzz/adapter.h)"
                      : reported > model ? ": the allocator holds more blocks than the program - a free that did not "
                                           "take (its lookup missed the block, or a realloc kept the old one), a block "
                                           "counted twice, or blocks held back in a cache counted as live"
                                         : ": the allocator holds fewer blocks than the program - a block counted off "
                                           "twice, or an allocation (a realloc's or calloc's) not counted";
    char wrapped[200];
    if (counter_wrapped(model, reported, wrapped, sizeof wrapped))
        why = wrapped;
    /* The model's bytes are the adapter's usable sizes. The same gap on every block (a header) sums
     * to a multiple of the live count, but so may one block's: a per-block figure is only an if. */
    size_t live = c->index.live, gap = reported > model ? reported - model : model - reported;
    int even = live && gap % live == 0;
    if (strcmp(field, "bytes_in_use") == 0 && model > reported && usable_broke_heap(c))
        why = "; usable_size() says more than stats() counts and the allocator's check fails: likely usable_size "
              "overstates, and the harness's fill of every usable byte broke what lies past a block (a header, "
              "the check's failure below); HALLOC_FUZZ_USABLE=off replays writing only the requested bytes";
    char alike[160] = "";
    if (even)
        snprintf(alike, sizeof alike, ": %zu per block if every block is off alike (a per-block overhead, a "
                 "header, counted by one of them and not the other); else", gap / live);
    else if (live)
        snprintf(alike, sizeof alike, ", not a multiple of the live count, so not one overhead alike on "
                 "every block: one on some blocks only, or");
    if (strcmp(field, "bytes_in_use") != 0)
        fuzz_report(c, "stats_mismatch", -1, -1, "stats %s = %zu, the model says %zu%s", field, reported, model, why);
    else
        fuzz_report(c, "stats_mismatch", -1, -1, "stats bytes_in_use = %zu, the model says %zu: usable_size() summed "
               "over the %zu live block(s); stats counts %zu bytes %s in all%s a resize in place (realloc, a "
               "split) or a free that changed the count by another size than usable_size() gave%s", reported,
               model, live, gap, reported > model ? "more" : "fewer", alike[0] ? alike : ":", why);
    abort();
}

void oracle_spurious_oom(const struct fuzz_ctx *c, size_t size, size_t largest_free)
{
    fuzz_note_refusal(c);
    fuzz_report(c, "spurious_oom", -1, -1, "a request of %zu bytes failed although stats said largest_free = %zu "
           "(the largest request that succeeds without growing): a fitting free chunk was skipped, or stats "
           "overstate it", size, largest_free);
    abort();
}

void oracle_refused_unlimited(const struct fuzz_ctx *c, size_t size, int err)
{
    char said[128];
    fuzz_note_refusal(c);
    fuzz_report(c, "spurious_oom", -1, -1, "a request of %zu bytes failed (errno %s) on a heap that claims "
           "FUZZ_NO_HEAP_LIMIT (every request up to %zu bytes succeeds, whatever the heap holds): likely a limit "
           "of its own reached (a table of pages, mappings or regions full, a count capped) or a failure path "
           "taken for a size that should fit (a size class or mapping length rounded wrong); the heap line says "
           "how much the program held", size, fuzz_errno_said(said, sizeof said, err), (size_t)FUZZ_SYMBOL_SIZE_MAX);
    abort();
}

void oracle_spurious_growth(const struct fuzz_ctx *c, int slot, size_t size, size_t largest_free, size_t grew)
{
    fuzz_report(c, "spurious_growth", slot, -1, "a request of %zu bytes mapped %zu more bytes although stats said "
           "largest_free = %zu (the largest request that succeeds without growing): a fitting free chunk was "
           "skipped (a search that misses a size class), or stats overstate it", size, grew, largest_free);
    abort();
}

/* "a request of 100 bytes", or for calloc's overflow "calloc(n, size)", whose
 * product wrapped: the wrapped product alone would name the wrong size, but
 * beside it, it is the size an unchecked multiplication asked malloc for. */
static const char *request_text(char *buf, size_t len, size_t n, size_t size)
{
    if (n)
        snprintf(buf, len, "calloc(%zu, %zu), whose n * size overflows (wrapping to %zu),", n, size, n * size);
    else
        snprintf(buf, len, "a request of %zu bytes", size);
    return buf;
}

void oracle_alloc_wrong_errno(const struct fuzz_ctx *c, size_t n, size_t size, int got)
{
    char what[128], said[FUZZ_ERRNO_SAID_MAX];
    fuzz_note_refusal(c);
    /* The oracle runs only on the adapter's claim: a course allocator whose
     * adapter was copied with the claim in it is told which of the two to fix. */
    fuzz_report(c, "alloc_wrong_errno", -1, -1, "%s failed with errno %s, expected ENOMEM: the adapter claims "
           "FUZZ_REPORTS_ENOMEM; set errno = ENOMEM on every failed allocation, or take that claim out of its caps",
           request_text(what, sizeof what, n, size), fuzz_errno_said(said, sizeof said, got));
    abort();
}

void oracle_not_pristine(const struct fuzz_ctx *c, size_t pristine, size_t now)
{
    /* A program that allocated nothing leaves the harness's own check
     * (a request of the pristine size and its free, at each free-all) as
     * the only calls: the minimiser ends there when that free leaks. */
    const char *own = c->generation || c->pristine_by_stats ? ""
                      : c->pristine_small ? "; the program allocated nothing: the only requests were the harness's "
                                            "own check after each free-all (a request of 1 byte, then one of the "
                                            "size a fresh heap took, each freed at once), so one of those frees "
                                            "lost memory"
                                          : "; the program allocated nothing: the only "
                      "requests were the harness's own check after each free-all (a request of the size a fresh heap "
                      "took, then its free), so one of those frees lost memory";
    if (c->pristine_high_water)
        fuzz_report(c, "not_pristine", -1, -1, "after freeing every block a request of %zu bytes made the heap grow "
               "(high_water), though it was as high as a fresh heap that served it in place (%zu bytes: grown by "
               "a request of %zu bytes, then that freed)%s", pristine, c->pristine_high_water, c->heap_bytes, own);
    else if (c->pristine_in_place)
        fuzz_report(c, "not_pristine", -1, -1, "after freeing every block a request of %zu bytes, which a fresh heap "
               "served without growing, made the heap grow (high_water)%s", pristine, own);
    else
        fuzz_report(c, "not_pristine", -1, -1, "after freeing every block the largest request that fits is %zu bytes, "
               "a fresh heap took %zu%s", now, pristine, own);
    abort();
}

void oracle_huge_accepted(const struct fuzz_ctx *c, size_t n, size_t size, const void *ptr, int slot)
{
    char what[128];
    /* The same block back is a grow in place: the size was never compared
     * with the room after the block, so no wrap is needed to explain it. */
    int in_place = slot >= 0 && c->slot[slot].ptr == ptr;
    /* No wrap either when the size reached the allocator cut to its own,
     * narrower type: the low 32 bits of half+0 are 0. The block's usable
     * size, where the adapter tells it, shows it: the cut size, rounded up
     * at most to the next alignment but one (glibc's 24 for 0). Without it,
     * a cut size the heap could hold is the guess. */
    char cut[288] = "", usable[64] = "";
    uint32_t low = (uint32_t)size;
    int narrowed = !n && !in_place && low != size && low < c->heap_bytes;
    if (narrowed && c->a->usable_size && c->opt.usable) {
        size_t u = c->a->usable_size(c->heap, (void *)ptr);
        narrowed = u >= low && u - low < 2 * c->a->alignment;
        snprintf(usable, sizeof usable, ", and usable_size() says %zu", u);
    }
    if (narrowed)
        snprintf(cut, sizeof cut, "; cut to 32 bits it is %" PRIu32 " bytes%s: an allocator whose size is an "
                 "unsigned or uint32_t is given that, unless its adapter refuses a size over UINT32_MAX (with ENOMEM) "
                 "before calling it", low, usable);
    fuzz_report(c, "huge_accepted", slot, -1, "%s (cannot exist) returned %p%s%s", request_text(what, sizeof what, n, size),
           ptr, in_place ? ", the block itself, grown in place: a realloc that extends a block without comparing "
                           "the new size with the room after it (or with the heap's end)" : "", cut);
    abort();
}

void oracle_huge_changed_heap(const struct fuzz_ctx *c, const char *change, int slot)
{
    fuzz_report(c, "huge_changed_heap", slot, -1, "a rejected huge request changed the heap: %s", change);
    abort();
}

void oracle_realloc_zero_kept(const struct fuzz_ctx *c, int slot, const void *ptr)
{
    fuzz_report(c, "realloc_zero_kept", slot, -1, "realloc(p, 0) returned %p; the adapter declares "
           "FUZZ_REALLOC_ZERO_FREES (free and return NULL)", ptr);
    abort();
}

void oracle_unmap_live(const struct fuzz_ctx *c, const void *addr, size_t len, int slot)
{
    fuzz_report(c, "unmap_live", slot, c->freeing - 1, "munmap(%p, %zu) takes live block %s%d [%p, +%zu) with it%s",
           addr, len, FUZZ_BLOCK_NO(slot), (void *)c->slot[slot].ptr, c->slot[slot].usable,
           c->freeing ? " (other: the block being freed)" : "");
    abort();
}

void oracle_discard_live(const struct fuzz_ctx *c, const void *addr, size_t len, const char *advice, int slot)
{
    fuzz_report(c, "discard_live", slot, c->freeing - 1, "madvise(%p, %zu, %s) drops the contents of live block %s%d "
           "[%p, +%zu): its bytes in those pages may read back as zero%s", addr, len, advice, FUZZ_BLOCK_NO(slot),
           (void *)c->slot[slot].ptr, c->slot[slot].usable, c->freeing ? " (other: the block being freed)" : "");
    abort();
}

void oracle_protect_live(const struct fuzz_ctx *c, int slot, const char *call)
{
    fuzz_report(c, "protect_live", slot, -1, "%s makes bytes of live block %s%d [%p, +%zu) inaccessible: the program's "
           "next access there faults", call, FUZZ_BLOCK_NO(slot), (void *)c->slot[slot].ptr, c->slot[slot].usable);
    abort();
}

void oracle_unmap_foreign(const struct fuzz_ctx *c, const void *addr, size_t len, const void *foreign,
                          int cuts_another)
{
    char before[FUZZ_OP_DESCRIPTION_MAX + 160] = "", earlier[sizeof before + 192] = "";
    if (!cuts_another && fuzz_maps_unmapped_before(c, foreign, before, sizeof before))
        snprintf(earlier, sizeof earlier, "; this run had unmapped it itself, by %s: one of the two munmap "
                 "calls is wrong (memory unmapped twice, or a page unmapped while its mapping is in use)",
                 before);
    /* Inside a free (of a free-all, say) the block being freed is named. */
    fuzz_report(c, "unmap_foreign", c->freeing - 1, -1, "munmap(%p, %zu) reaches %p, %s%s%s", addr, len, foreign,
           cuts_another ? "where it cuts into another mapping, which it leaves partly mapped"
                        : "which the allocator never mapped (or had unmapped)",
           c->freeing ? ", freeing the block below" : "", earlier);
    abort();
}

void oracle_left_mapped(const struct fuzz_ctx *c, size_t bytes, size_t count, const char *first)
{
    fuzz_report(c, "left_mapped", -1, -1, "destroy() left %zu bytes mapped, in %zu mapping(s) this input made, though "
           "the adapter claims FUZZ_UNMAPS_ON_DESTROY; the first, %s", bytes, count, first);
    abort();
}
