/*
 * oracle-counts.c - the oracles on what the allocator counts against the
 * model: stats() figures that disagree with it (live blocks, bytes in use),
 * and a heap that after a free-all no longer serves what a fresh one did
 * (not pristine). Split from oracle-calls.c (the other oracles on what a
 * call answered or did to the heap); like those, each fails through its own
 * noinline function, prints its report (oracle-report.c) and aborts.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "oracle-report.h"
#include "threads.h"

/* Bytes a shrink's tail may exceed what the heap lost by: the tail's own
 * header, counted in the block's usable size but not in a request. */
#define SHRINK_TAIL_SLACK 64

/* The allocator's own check, where the harness wrote past requests (usable_size asked): 1 if it fails
 * now (MSG its message), 0 if it passes or cannot run. */
static int usable_check_fails(const struct fuzz_ctx *c, char *msg, size_t len)
{
    return c->opt.usable && c->a->usable_size && c->opt.checker && c->a->check && c->heap &&
           c->a->check(c->heap, msg, len) != 0;
}

/* A stats_mismatch report's two halves: what the counts say (after "the model says N") and the
 * cause picked by them (empty: "what" says it all). */
struct stats_why {
    char facts[320], cause[560];
};

/* A count the allocator keeps in too few bits reads as the model's count
 * less a power of two times something: 256 live blocks counted as 0 told the
 * user "a block counted off twice" (a buddy allocator's uint8_t count, found
 * only once the held pool took it past 255). Nonzero, with the words in w,
 * when reported is model modulo 2^8, 2^16 or 2^32 (model at least that). */
static int counter_wrapped(size_t model, size_t reported, struct stats_why *w)
{
    for (unsigned bits = 8; bits <= 32 && bits < sizeof(size_t) * CHAR_BIT; bits *= 2) {
        size_t span = (size_t)1 << bits;
        if (model >= span && reported < span && model % span == reported) {
            snprintf(w->facts, sizeof w->facts, ": the model's count modulo 2^%u (%zu)", bits, span);
            snprintf(w->cause, sizeof w->cause, "a counter %u bits wide that wrapped (a uint%u_t), not a block "
                     "lost", bits, bits);
            return 1;
        }
    }
    return 0;
}

/* A count of unsigned width bits (32 or that of size_t) taken below zero
 * reads as its top less a little: that little, plus one, else 0. */
static size_t below_zero(size_t reported, size_t most, unsigned *bits)
{
    for (*bits = 32; *bits <= sizeof(size_t) * CHAR_BIT; *bits *= 2) {
        size_t top = *bits == sizeof(size_t) * CHAR_BIT ? SIZE_MAX : ((size_t)1 << *bits) - 1;
        if (reported <= top && top - reported < most)
            return top - reported + 1;
    }
    return 0;
}

/* A live count no run of the harness could have made is no miscount: a
 * thread-cache allocator whose heap record was longer than the offset its
 * first block started at reported 140695645163617 live blocks after
 * malloc(1) (the harness's fill of that block lay over the counter), and the
 * report blamed a free that did not take. Each op makes at most FUZZ_TABLE
 * allocations, the pristine probe and a final free-all's a few more, in up
 * to FUZZ_THREADS_MAX threads. Nonzero, with the words in w, for such a count. */
static int count_absurd(const struct fuzz_ctx *c, size_t reported, struct stats_why *w)
{
    size_t most = (c->cur + 2) * (size_t)FUZZ_TABLE * FUZZ_THREADS_MAX;
    unsigned bits;
    size_t under = below_zero(reported, most, &bits);
    if (reported <= most)
        return 0;
    if (under) {
        snprintf(w->facts, sizeof w->facts, ": -%zu in a %u-bit count, one taken below zero", under, bits);
        snprintf(w->cause, sizeof w->cause, "more blocks counted off than counted on - a free counted twice, or "
                 "an allocation (a realloc's or calloc's) not counted");
    } else {
        snprintf(w->facts, sizeof w->facts, ": more than the program's calls could have left live (at most %zu "
                 "by op #%zu)", most, c->cur);
        snprintf(w->cause, sizeof w->cause, "no miscount but the counter's memory overwritten or never set: a "
                 "block handed out over the allocator's own record (a heap header longer than the offset its "
                 "first block starts at; the harness's fill of that block lands on the counter), or stats() "
                 "reading memory that is no heap's record");
    }
    return 1;
}

/* The op under way, whose call the model's comparison after every op says
 * moved the count off: NULL in a phase (a free-all's, the probe's). */
static const struct fuzz_op *op_under_way(const struct fuzz_ctx *c)
{
    return c->phase || c->cur >= c->nops ? NULL : &c->ops[c->cur];
}

/* The model is compared after every op, so a count that fell by more than
 * the model's at an op that freed its slot fell at that free: the free
 * released more than usable_size() gave the block. A bitmap allocator's free
 * that cleared the next block's first granule (round 8) was told usable_size
 * overstates, which makes a free release less. A double-free's first free is
 * one too (round 16: a granule pool's, told only of a count off). */
static int op_freed_its_slot(const struct fuzz_ctx *c)
{
    const struct fuzz_op *op = op_under_way(c);
    return op && (op->kind == FUZZ_OP_FREE || op->kind == FUZZ_OP_REALLOC || op->kind == FUZZ_OP_DOUBLE_FREE) &&
           !c->slot[op->slot].ptr;
}

static int op_is(const struct fuzz_ctx *c, enum fuzz_op_kind kind)
{
    const struct fuzz_op *op = op_under_way(c);
    return op && op->kind == kind;
}

/* The op under way allocates a block (its slot's, or a hold's). */
static int op_allocated(const struct fuzz_ctx *c)
{
    return op_is(c, FUZZ_OP_MALLOC) || op_is(c, FUZZ_OP_CALLOC) || op_is(c, FUZZ_OP_ALIGNED) ||
           op_is(c, FUZZ_OP_HOLD);
}

/* live_blocks off: which way says where to look (a free that missed is not
 * a lost allocation), and the op under way which call. */
static void live_blocks_why(const struct fuzz_ctx *c, size_t model, size_t reported, struct stats_why *w)
{
    if (reported == FUZZ_STATS_UNSET)
        snprintf(w->facts, sizeof w->facts, ": stats() did not set live_blocks; every stats() must fill it with "
                 "the number of live blocks (fuzz/adapter.h)");
    else if (counter_wrapped(model, reported, w) || count_absurd(c, reported, w))
        return;
    else if (reported > model) {
        snprintf(w->facts, sizeof w->facts, ": the allocator holds more blocks than the program");
        snprintf(w->cause, sizeof w->cause, "%s", op_freed_its_slot(c) ? "this op's free did not take: its lookup "
                 "missed the block, or it held the block back (a cache, a deferred free) and counted it as live"
                 : op_is(c, FUZZ_OP_REALLOC) ? "this op's realloc counted its new block and kept the old one "
                 "counted (a move that did not count the old block off)" : "a block counted twice, a free that "
                 "did not take, or blocks held back in a cache counted as live");
    } else {
        snprintf(w->facts, sizeof w->facts, ": the allocator holds fewer blocks than the program");
        snprintf(w->cause, sizeof w->cause, "%s", op_freed_its_slot(c) ? "this op's free counted off more than "
                 "its one block (counted twice, or a block it merged with counted off too)"
                 : op_is(c, FUZZ_OP_REALLOC) || op_is(c, FUZZ_OP_CALLOC) ? "this op's allocation not counted "
                 "(a realloc's or calloc's path that skips the count)" : "a block counted off twice, or an "
                 "allocation (a realloc's or calloc's) not counted");
    }
}

/* bytes_in_use off: the gap, and what the op under way did with it. The
 * model's bytes are the adapter's usable sizes; the same gap on every block
 * (a header) sums to a multiple of the live count, but so may one block's: a
 * per-block figure is only an if. */
static void bytes_why(const struct fuzz_ctx *c, size_t model, size_t reported, struct stats_why *w)
{
    size_t live = c->index.live, gap = reported > model ? reported - model : model - reported;
    char alike[80] = "", msg[256];
    if (live && gap % live == 0)
        snprintf(alike, sizeof alike, ": %zu per block if every block is off alike", gap / live);
    else if (live)
        snprintf(alike, sizeof alike, ", not a multiple of the live count");
    snprintf(w->facts, sizeof w->facts, ": usable_size() summed over the %zu live block%s; stats counts %zu byte%s "
             "%s in all%s", live, hl_plural_s(live), gap, hl_plural_s(gap), reported > model ? "more" : "fewer", alike);
    const char *cause;
    int check_failed = usable_check_fails(c, msg, sizeof msg);
    if (model > reported && op_freed_its_slot(c))
        cause = "this op's free took off more than usable_size() gave the block: the free released memory past its "
                "block (an end bit, a length or a merge one unit too far, the next block's first bytes taken with it)";
    else if (check_failed && fuzz_checker_names(msg, "stats"))
        cause = "a count the allocator's own check finds off too (its counters disagree with its walk: the check's "
                "failure below), so stats() is wrong, not usable_size(): this op's call changed a block's size (a "
                "realloc in place, a split, a merge) or state without changing the counter by it";
    else if (model > reported && check_failed)
        cause = "usable_size() overstates, and the harness's fill of every usable byte broke what lies past a block "
                "(a header, the check's failure below); HALLOC_FUZZ_USABLE=off replays writing only the requested "
                "bytes";
    else if (op_allocated(c))
        cause = "this op's allocation counted its block by another size than usable_size() gives it: a header or a "
                "rounding counted by one of them and not the other (the model, compared after every op, agreed "
                "before it)";
    else if (op_is(c, FUZZ_OP_REALLOC))
        cause = "this op's realloc changed the count by another size than usable_size() changed: a resize in place "
                "(a grow over the next chunk, a shrink that kept or gave back a tail) counted by the request, the "
                "old size, or not at all";
    else if (op_freed_its_slot(c))
        cause = "this op's free took off less than usable_size() gave the block (a header or a rounding left "
                "counted), or nothing";
    else
        cause = "a per-block overhead (a header, a rounding) counted by one of stats() and usable_size() and not "
                "the other, or a resize in place or a free that changed the count by another size than "
                "usable_size() gave";
    snprintf(w->cause, sizeof w->cause, "%s", cause);
}

void oracle_stats_mismatch(const struct fuzz_ctx *c, const char *field, size_t model, size_t reported)
{
    struct stats_why w = {"", ""};
    if (strcmp(field, "live_blocks") == 0)
        live_blocks_why(c, model, reported, &w);
    else if (!counter_wrapped(model, reported, &w))
        bytes_why(c, model, reported, &w);
    if (w.cause[0])
        fuzz_note_cause(w.cause);
    fuzz_report(c, "stats_mismatch", -1, -1, "stats %s = %zu, the model says %zu%s", field, reported, model, w.facts);
    abort();
}

/* Measured by stats, the pristine size is asked of a heap the program left empty only once the
 * check runs: an input of no allocation (libFuzzer's empty one) made at most the check's malloc(1)
 * and free on it, which the report names, or nothing. */
static const char *no_program_calls(int after_small)
{
    return after_small ? "; the program allocated nothing: the only calls on this heap were the harness's "
                         "malloc(1) and free of it, just before this request, so that pair left the heap unable to "
                         "serve what stats() said a fresh one holds (a chunk lost at that free, or one a growth "
                         "does not reuse)"
                       : "; the program allocated nothing and nothing was asked of this heap before: a heap "
                         "create() made like it served this, so state outlives destroy() and create() (a global "
                         "heap's static left as the last heap left it)";
}

/* A block a realloc shrank in place while usable_size() kept the old size
 * (exec.c records the first such realloc, struct fuzz_shrink), whose tail
 * (usable size less the size asked last) is most of what the heap lost, or
 * all: a shrink that split the tail off as free and kept the old size in the
 * header loses it (round 9's realloc-move allocator without its check: the
 * report named a leak or a missed merge). A tail much smaller than the loss
 * (a shrink that kept its block whole, as glibc's by a few bytes) is no
 * account of it. Empty when no block freed lately had one. */
static const char *shrink_kept_size(const struct fuzz_ctx *c, size_t lost, char *buf, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        size_t tail = f->usable > f->requested ? f->usable - f->requested : 0;
        if (!f->shrunk.at || !tail || tail > lost + SHRINK_TAIL_SLACK || tail < lost / 4)
            continue;
        snprintf(buf, len, "; " FUZZ_SHRINK_KEPT_SIZE " block %s%d in place %s, and usable_size() still gave %zu "
                 "bytes when it was freed, %zu asked last: a tail of %zu bytes, near the %zu lost",
                 FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, NULL, f->shrunk.at - 1, when, sizeof when), f->usable,
                 f->requested, tail, lost);
        return buf;
    }
    return "";
}

/* A realloc that shrank a block's usable size in place by about what the
 * heap lost (within a header's unit or two): its tail, given back wrong
 * (round 11's next-fit cut it one unit too long: the report named a leak or
 * a missed coalesce). Several that cut one block in turn, each from the size
 * the one before left, lose their tails' sum (a block shrunk from 1008
 * bytes to 512, then to 16: 992 in all, and no one tail near the loss).
 * The nearest of the runs of shrinks kept, the shorter and then the newest
 * of equals; empty when none is near. */
#define SHRINK_CUT_SLACK 32

struct cut_run {
    const struct fuzz_cut *last, *first;
    size_t cuts, tails, off;
};

static struct cut_run nearest_cut_run(const struct fuzz_ctx *c, size_t lost)
{
    struct cut_run best = {NULL, NULL, 0, 0, SIZE_MAX};
    const struct fuzz_cut *last, *k;
    for (size_t i = 0; (last = fuzz_cut_newest(c, i)); i++) {
        struct cut_run run = {last, last, 0, 0, 0};
        for (size_t j = i; (k = fuzz_cut_newest(c, j)); j++) {
            if (k != last && (k->slot != last->slot || k->to != run.first->from))
                continue; /* another block's, or a cut the run's first did not start from */
            run.first = k;
            run.cuts++;
            run.tails += k->from - k->to;
            run.off = run.tails > lost ? run.tails - lost : lost - run.tails;
            if (run.off <= SHRINK_CUT_SLACK && (run.off < best.off || (run.off == best.off && run.cuts < best.cuts)))
                best = run;
        }
    }
    return best;
}

static const char *shrink_tail_lost(const struct fuzz_ctx *c, size_t lost, char *buf, size_t len)
{
    struct cut_run run = nearest_cut_run(c, lost);
    if (!run.last)
        return "";
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], first[FUZZ_OP_DESCRIPTION_MAX + 64] = ",";
    if (run.cuts > 1) {
        char at[FUZZ_OP_DESCRIPTION_MAX + 16];
        snprintf(first, sizeof first, ", the last of %zu that did, the first %s;", run.cuts,
                 fuzz_call_when(c, NULL, run.first->at, at, sizeof at));
    }
    snprintf(buf, len, "; " FUZZ_SHRINK_TAIL_LOST " block %s%d in place %s%s its usable size from %zu bytes to %zu%s: "
             "%s of %zu bytes, %s the %zu lost", FUZZ_BLOCK_NO(run.last->slot),
             fuzz_call_when(c, NULL, run.last->at, when, sizeof when), first, run.first->from, run.last->to,
             run.cuts > 1 ? " in all" : "", run.cuts > 1 ? "tails" : "a tail", run.tails, run.off ? "near" : "just",
             lost);
    return buf;
}

void oracle_not_pristine(const struct fuzz_ctx *c, size_t pristine, size_t now, int after_small)
{
    /* A program that allocated nothing leaves the harness's own check
     * (a request of the pristine size and its free, at each free-all) as
     * the only calls: the minimiser ends there when that free leaks. */
    const char *own = c->generation ? ""
                      : c->pristine_by_stats ? no_program_calls(after_small)
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
    else if (now >= pristine) /* the search after the refusal was served that very size */
        fuzz_report(c, "not_pristine", -1, -1, "after freeing every block a request of %zu bytes, the size a fresh "
               "heap took, " FUZZ_REFUSED_THEN_SERVED " (a binary search of requests, each freed at once): what "
               "fits moved under the calls made since the last free%s%s", pristine,
               c->pristine_small ? " (first malloc(1) and free of it, then the refused request)" : "", own);
    else {
        char shrink[FUZZ_OP_DESCRIPTION_MAX + 240];
        const char *kept = shrink_kept_size(c, pristine - now, shrink, sizeof shrink);
        fuzz_report(c, "not_pristine", -1, -1, "after freeing every block the largest request that fits is %zu bytes, "
               "a fresh heap took %zu%s%s", now, pristine, own,
               *kept ? kept : shrink_tail_lost(c, pristine - now, shrink, sizeof shrink));
    }
    abort();
}
