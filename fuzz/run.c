/*
 * run.c - one program run: a fresh heap, the ops, the checks after each op,
 * a final free-all, and the heap destroyed. Everything is reset per input so
 * a crash reproduces from its input alone.
 */
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_switch.h" /* every HALLOC_* switch read alike; by path: built without -Iallocator too */
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "trace.h"


static struct fuzz_ctx ctx;
static struct fuzz_ctx *running; /* for the crash context printer */
static struct fuzz_totals totals;

/* ---- options ---- */

/* Any other value stops the program: a typo such as "of" must not leave an
 * oracle running that the user believes off, or the reverse. */
int fuzz_env_switch(const char *name)
{
    const char *v = hl_env(name);
    int on = hl_switch_value(v);
    if (on != HL_SWITCH_BAD)
        return on;
    fprintf(stderr, "halloc-fuzz: " HL_SWITCH_REFUSED, name, v);
    exit(2);
}

struct fuzz_options fuzz_options_default(void)
{
    struct fuzz_options o = {.shadow = 1, .checker = 1, .usable = 1};
#if defined(FUZZ_NO_ORACLES)
    o.shadow = o.checker = 0;
#endif
#if defined(FUZZ_NO_SHADOW)
    o.shadow = 0;
#endif
#if defined(FUZZ_NO_ALLOCATOR_CHECK)
    o.checker = 0;
#endif
    /* All of them read before any is applied, so a bad value is refused
     * whatever the others say; the specific switches win over ORACLES. */
    int all = fuzz_env_switch("HALLOC_FUZZ_ORACLES"), shadow = fuzz_env_switch("HALLOC_FUZZ_SHADOW"),
        checker = fuzz_env_switch("HALLOC_FUZZ_ALLOCATOR_CHECK"), usable = fuzz_env_switch("HALLOC_FUZZ_USABLE"),
        maps_left = fuzz_env_switch("HALLOC_FUZZ_MAPS_LEFT");
    if (all >= 0)
        o.shadow = o.checker = all;
    if (shadow >= 0)
        o.shadow = shadow;
    if (checker >= 0)
        o.checker = checker;
    if (usable >= 0)
        o.usable = usable;
    o.maps_left = maps_left > 0;
    return o;
}

void fuzz_switches_text(char *out, size_t len)
{
    static const char *const names[] = {FUZZ_REPLAY_SWITCHES};
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = hl_env(names[i]);
        if (v && used < len) /* a value is a switch word: checked before any run */
            used += (size_t)snprintf(out + used, len - used, " %s='%s'", names[i], v);
    }
}

struct fuzz_totals fuzz_totals(void) { return totals; }
const struct fuzz_ctx *fuzz_running(void) { return running; }

/* ---- whole-heap checks ---- */

int fuzz_on_schedule(const struct fuzz_ctx *c)
{
    return c->phase || c->cur < FUZZ_FULL_CHECK_OPS || c->cur % FUZZ_CHECK_EVERY == FUZZ_CHECK_EVERY - 1 ||
           c->cur + 1 == c->nops;
}

int fuzz_full_checks(const struct fuzz_ctx *c) { return c->opt.every_op || fuzz_on_schedule(c); }

/* The adapter's stats() or check() while the harness itself calls it: a
 * crash there came after the op's own calls had returned. */
static _Thread_local const char *hook_under_way; /* per thread: fuzz/threads.c */
const char *fuzz_hook_under_way(void) { return hook_under_way; }

/* Fields stats() leaves out read as 0 (largest_free: "cannot tell"), not as
 * the stack's garbage; live_blocks, always compared, as FUZZ_STATS_UNSET so
 * that a stats() forgetting it is told so instead of blamed for a leak. */
int fuzz_stats(const struct fuzz_ctx *c, struct fuzz_stats *out)
{
    *out = (struct fuzz_stats){.live_blocks = FUZZ_STATS_UNSET};
    hook_under_way = "stats()";
    int rc = c->a->stats && c->a->stats(c->heap, out) == 0 ? 0 : -1;
    hook_under_way = NULL;
    return rc;
}

void fuzz_check_model(const struct fuzz_ctx *c)
{
    struct fuzz_stats st;
    if (!c->opt.shadow || fuzz_stats(c, &st) != 0)
        return;
    if (st.live_blocks != c->index.live)
        oracle_stats_mismatch(c, "live_blocks", c->index.live, st.live_blocks);
    /* The model's sizes are the allocator's usable sizes only when it was
     * asked for them: with HALLOC_FUZZ_USABLE=off they are the requests. */
    if ((c->a->caps & FUZZ_EXACT_STATS) && c->opt.usable && st.bytes_in_use != c->index.in_use)
        oracle_stats_mismatch(c, "bytes_in_use", c->index.in_use, st.bytes_in_use);
}

void fuzz_run_checker(struct fuzz_ctx *c)
{
    char msg[256] = "";
    if (!c->opt.checker || !c->a->check)
        return;
    hook_under_way = "check()";
    int failed = c->a->check(c->heap, msg, sizeof msg) != 0;
    hook_under_way = NULL;
    if (failed)
        oracle_checker_failed(c, msg);
    c->checked_clean = 1;
    c->clean_before = c->phase ? c->nops : c->cur + 1;
}

static unsigned long long heaps_created; /* in this process, for fuzz_report_create_failure */

void *fuzz_run_new_heap(struct fuzz_ctx *c)
{
    fuzz_maps_shift(fuzz_maps_shift_wanted(c->ops, c->nops)); /* its mappings moved a few pages: maps-shift.c */
    c->heap = fuzz_heap_create(c->a, c->heap_bytes, c->heap_lead);
    fuzz_maps_shift_created();
    heaps_created += c->heap != NULL;
    return c->heap;
}

/* ---- the run ---- */

static void after_op(struct fuzz_ctx *c)
{
    fuzz_check_model(c);
    if (fuzz_full_checks(c))
        fuzz_run_checker(c);
    int on_schedule = c->cur % FUZZ_VERIFY_EVERY == FUZZ_VERIFY_EVERY - 1;
    if (c->opt.shadow && (c->opt.every_op || on_schedule))
        fuzz_verify_own(c, on_schedule);
}

static void final_phase(struct fuzz_ctx *c)
{
    struct fuzz_damage d;
    /* The order is part of what happened (a merge may depend on it). */
    c->phase = "the final free-all (every live block freed, lowest slot first)";
    c->pristine_probed = 0;
    fuzz_report_ended();
    int slot = c->opt.shadow ? fuzz_verify_live(c, &c->budget, &d) : -1;
    if (slot >= 0)
        oracle_pattern_corrupted(c, slot, &d);
    fuzz_free_all(c, FUZZ_ORDER_SLOTS);
    c->phase = "the check after the final free-all (every block freed)";
    fuzz_check_model(c);
    fuzz_run_checker(c);
}

void fuzz_ctx_init(struct fuzz_ctx *c, const struct fuzz_op *ops, size_t count, const struct fuzz_options *opt)
{
    /* The held pool's places are cleared as hold takes them (exec.c). */
    memset(c, 0, offsetof(struct fuzz_ctx, slot) + FUZZ_SLOTS * sizeof c->slot[0]);
    fuzz_index_init(&c->index, c->slot, c->links);
    for (size_t i = 0; i < FUZZ_HISTORY; i++)
        c->resolved[i] = SIZE_MAX;
    c->a = &fuzz_allocator;
    c->opt = *opt;
    c->ops = ops;
    c->nops = count;
    c->heap_bytes = fuzz_heap_bytes(ops, count, FUZZ_HEAP_BYTES);
    c->heap_lead = fuzz_heap_lead(c->a, fuzz_heap_lead_asked(ops, count));
    c->budget.left = c->budget_every_op.left = FUZZ_WHOLE_BYTES;
}

static int start(struct fuzz_ctx *c, const struct fuzz_op *ops, size_t count, const struct fuzz_options *opt)
{
    fuzz_require_valid_adapter();
    fuzz_ctx_init(c, ops, count, opt);
    c->phase = "create";
    if (!fuzz_run_new_heap(c))
        return -1;
    /* A crash here is the allocator's, on its very first requests: say so. */
    c->phase = "the pristine probe (malloc/free pairs on the fresh heap, before op #0, because the adapter "
               "claims FUZZ_PRISTINE_AFTER_FREE_ALL)";
    /* No checker here: op #0 is always checked. The probe served and freed
     * the heap's largest block; what an untouched heap does differently
     * (the first split of its initial block, memory known to be still zero,
     * a flag set at init) would never meet op #0, so the program gets a heap
     * of its own. */
    if (fuzz_measure_pristine(c) && c->heap) {
        c->phase = "create (a second heap: the pristine probe had the first)";
        fuzz_heap_destroy(c->a, c->heap);
        fuzz_run_new_heap(c);
    }
    c->phase = NULL;
    return c->heap ? 0 : -1; /* the probe may create the heap anew */
}

double fuzz_seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void fuzz_totals_add(size_t ops, double started)
{
    totals.programs++;
    totals.ops += ops;
    totals.seconds += fuzz_seconds_now() - started;
}

static double totals_since;

static void print_totals(void)
{
    struct fuzz_totals t = totals;
    double s = fuzz_seconds_now() - totals_since;
    fprintf(stderr, "halloc-fuzz: totals: %llu programs, %llu ops in %.3f s: %.0f exec/s, %.0f ops/s; "
            "in the harness %.3f s: %.0f programs/s, %.0f ops/s\n",
            t.programs, t.ops, s, s > 0 ? (double)t.programs / s : 0.0, s > 0 ? (double)t.ops / s : 0.0,
            t.seconds, t.seconds > 0 ? (double)t.programs / t.seconds : 0.0,
            t.seconds > 0 ? (double)t.ops / t.seconds : 0.0);
}

void fuzz_totals_at_exit(void)
{
    totals_since = fuzz_seconds_now();
    if (fuzz_env_switch("HALLOC_FUZZ_STATS") > 0)
        atexit(print_totals);
}

int fuzz_run_program(const struct fuzz_op *ops, size_t count, const struct fuzz_options *opt)
{
    struct fuzz_ctx *c = &ctx;
    double started = fuzz_seconds_now();
    running = c; /* before create: a crash there gets its context too */
    if (opt->progress)
        *opt->progress = SIZE_MAX;
    fuzz_maps_new_run();
    if (start(c, ops, count, opt) != 0) {
        running = NULL;
        return -1;
    }
    for (c->cur = 0; c->cur < count; c->cur++) {
        if (opt->starting) /* first: progress never names an op the hook has not seen */
            opt->starting(c->cur, &ops[c->cur], fuzz_op_not_run_now(c, c->cur));
        if (opt->progress)
            *opt->progress = c->cur;
        c->resolved[c->cur % FUZZ_HISTORY] = SIZE_MAX;
        c->refused[c->cur % FUZZ_HISTORY] = 0;
        c->frees_null = c->freed_first = 0;
        c->pristine_probed = 0;
        fuzz_report_ended(); /* one that began in an earlier op returned (oracles.h) */
        fuzz_exec_op(c, &ops[c->cur]);
        after_op(c);
    }
    if (opt->progress)
        *opt->progress = count;
    final_phase(c);
    c->phase = "destroy (after the final free-all; the adapter's destroy())";
    fuzz_heap_destroy(c->a, c->heap);
    c->heap = NULL; /* a report of what destroy() left mapped must not hand it to check() */
    fuzz_maps_note_left(c);
    running = NULL;
    totals.block_bytes += c->budget.spent + c->budget_every_op.spent;
    fuzz_totals_add(count, started);
    return 0;
}

static const char *(*bytes_saved_as)(char *out, size_t len);

void fuzz_set_saved_as(const char *(*saved_as)(char *out, size_t len)) { bytes_saved_as = saved_as; }

int fuzz_run_bytes(const uint8_t *data, size_t size)
{
    static struct fuzz_op *ops;
    static size_t cap;
    static struct fuzz_options opt;
    static int have_opt;
    size_t need = size / FUZZ_RECORD_BYTES + 1;
    if (fuzz_bytes_read_as_trace(data, size))
        return 1;
    if (!have_opt) {
        opt = fuzz_options_default();
        opt.saved_as = bytes_saved_as;
        have_opt = 1;
    }
    if (need > cap) {
        struct fuzz_op *bigger = realloc(ops, need * sizeof *ops);
        if (!bigger)
            return -1;
        ops = bigger;
        cap = need;
    }
    size_t count = fuzz_ops_capped(fuzz_decode_input(data, size, ops));
    fuzz_findings_reset();
    if (fuzz_run_program(ops, count, &opt) != 0) {
        fuzz_report_create_failure("halloc-fuzz");
        abort();
    }
    fuzz_findings_stop(&ctx); /* a sanitizer's report it went on past fails it */
    return 0;
}

void fuzz_report_create_failure(const char *who)
{
    fprintf(stderr, "%s: adapter '%s' could not create a heap of %zu bytes; check the adapter's create()\n", who,
            fuzz_allocator.name, ctx.heap_bytes);
    /* An input run on its own then replays clean: say why it failed here. */
    if (heaps_created > 0)
        fprintf(stderr, "  create() succeeded %llu time%s in this process and fails now: every input needs a fresh "
                        "heap (with FUZZ_PRISTINE_AFTER_FREE_ALL two: the pristine probe has its own), and an "
                        "allocator whose init runs only once cannot start again; make create() reset it "
                        "(fuzz/ADAPTER-EXAMPLES.md, \"An allocator with one global heap\")\n",
                heaps_created, hl_plural_s(heaps_created));
}
