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
 * to FUZZ_THREADS_MAX threads. Nonzero, with the words in buf, for such a count. */
static int count_absurd(const struct fuzz_ctx *c, size_t reported, char *buf, size_t len)
{
    size_t most = (c->cur + 2) * (size_t)FUZZ_TABLE * FUZZ_THREADS_MAX;
    unsigned bits;
    size_t under = below_zero(reported, most, &bits);
    if (reported <= most)
        return 0;
    if (under)
        snprintf(buf, len, ": -%zu in a %u-bit count, one taken below zero: more blocks counted off than "
                 "counted on - a free counted twice, or an allocation (a realloc's or calloc's) not counted",
                 under, bits);
    else
        snprintf(buf, len, ": more than the program's calls could have left live (at most %zu by op #%zu), so "
                 "no miscount but the counter's memory overwritten or never set: likely a block handed out over "
                 "the allocator's own record (a heap header longer than the offset its first block starts at; "
                 "the harness's fill of that block lands on the counter), or stats() reading memory that is no "
                 "heap's record", most, c->cur);
    return 1;
}

/* The model is compared after every op, so a count that fell by more than
 * the model's at an op that freed its slot fell at that free: the free
 * released more than usable_size() gave the block. A bitmap allocator's free
 * that cleared the next block's first granule (round 8) was told usable_size
 * overstates, which makes a free release less. A double-free's first free is
 * one too (round 16: a granule pool's, told only of a count off). */
static int op_freed_its_slot(const struct fuzz_ctx *c)
{
    if (c->phase || c->cur >= c->nops)
        return 0;
    const struct fuzz_op *op = &c->ops[c->cur];
    return (op->kind == FUZZ_OP_FREE || op->kind == FUZZ_OP_REALLOC || op->kind == FUZZ_OP_DOUBLE_FREE) &&
           !c->slot[op->slot].ptr;
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
    char wrapped[200], absurd[480];
    if (counter_wrapped(model, reported, wrapped, sizeof wrapped))
        why = wrapped;
    else if (strcmp(field, "live_blocks") == 0 && reported != FUZZ_STATS_UNSET &&
             count_absurd(c, reported, absurd, sizeof absurd))
        why = absurd;
    /* The model's bytes are the adapter's usable sizes. The same gap on every block (a header) sums
     * to a multiple of the live count, but so may one block's: a per-block figure is only an if. */
    size_t live = c->index.live, gap = reported > model ? reported - model : model - reported;
    int even = live && gap % live == 0;
    if (strcmp(field, "bytes_in_use") == 0 && model > reported && op_freed_its_slot(c))
        why = "; this op's free took off more than usable_size() gave the block: the free released memory past "
              "its block (an end bit, a length or a merge one unit too far, the next block's first bytes taken "
              "with it)";
    else if (strcmp(field, "bytes_in_use") == 0 && model > reported && usable_broke_heap(c))
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
               "over the %zu live block%s; stats counts %zu byte%s %s in all%s a resize in place (realloc, "
               "a split) or a free that changed the count by another size than usable_size() gave%s", reported,
               model, live, hl_plural_s(live), gap, hl_plural_s(gap), reported > model ? "more" : "fewer", alike[0] ? alike : ":", why);
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
