/*
 * report.c - the results table and the verdicts printed under it.
 */
#include "adapter.h" /* fuzz/adapter.h: the linked allocator's name */
#include "bench.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

#include <gnu/libc-version.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GOAL_UTILIZATION 0.85
#define REPORT_NAME_MIN 18 /* the built-in workloads' names fit, "workload" too */

static double utilization(const trace *t, size_t denominator)
{
    return denominator ? (double)t->peak_live / (double)denominator : 0.0;
}

/* What a fresh halloc heap of `size` bytes, configured as the bench's, keeps
 * for itself before any block: its struct with the free-list rows (and the
 * cache lists with a cache), a chunk header, the fence. */
static size_t fresh_heap_overhead(size_t size, int cache_depth)
{
    halloc_stats st = { 0 };
    halloc_config c = halloc_default_config();
    c.initial_size = size;
    c.cache_depth = cache_depth;
    halloc_heap *h = halloc_create_ex(&c);
    if (!h || halloc_get_stats(h, &st) != 0)
        st.overhead = 0;
    if (h)
        halloc_destroy(h);
    return st.overhead;
}

int report_name_width(const outcome *all, int n)
{
    int width = REPORT_NAME_MIN;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(all[i].t->name);
        width = len > (size_t)width ? (int)len : width; /* below sizeof trace.name */
    }
    return width;
}

void report_header(const bench_options *opt, int name_width)
{
    if (opt->profile)
        printf("halloc vs glibc malloc, single thread: profiling run (-p): each workload replayed once per "
               "allocator, ns per malloc/free/realloc call of that replay; no utilization pass\n");
    else
        printf("halloc vs glibc malloc, single thread: best of %d runs, ns per malloc/free/realloc call\n",
               opt->reps);
    if (opt->heap_initial == SIZE_MAX)
        printf("halloc: one heap per workload, first region 2 x its peak live payload (>= 1 MiB)");
    else if (opt->heap_initial)
        printf("halloc: one heap per workload, first region %zu bytes", opt->heap_initial);
    else
        printf("halloc: one heap per workload, library-default first region");
    printf(", may grow, default trim, thread_safe=%d, cache_depth=%d\n", opt->thread_safe, opt->cache_depth);
    printf("glibc %s; each workload runs in a fresh process, so both start pristine\n",
           gnu_get_libc_version());
    if (bench_adapter())
        printf("yours: %s, through its fuzz adapter (one heap per workload); util needs its "
               "high_water(), from-OS is not known; last column: yours/glibc\n", bench_adapter()->name);
    printf("compiler: %s\n", __VERSION__);
    printf("util = peak live payload / high-water (highest payload end ever handed out); "
           "from-OS = peak bytes mapped or brk'd\n");
    printf("halloc's high-water counts its heap struct, at the start of its first region (with a chunk header "
           "and the fence: %zu bytes on a 1 MiB heap, more by 128 per doubling); glibc's arena is in libc's data and "
           "is not counted\n\n",
           fresh_heap_overhead((size_t)1 << 20, opt->cache_depth));
    printf("%-*s %-6s %8s %8s %6s %11s %11s %7s\n", name_width, "workload", "alloc", "ops", "ns/op",
           "util", "high-water", "from-OS", "h/glibc");
}

/* "12.3%", or "-" when the allocator reports no high-water mark. */
static void format_share(char *out, size_t len, const trace *t, size_t denominator)
{
    if (denominator)
        snprintf(out, len, "%5.1f%%", 100.0 * utilization(t, denominator));
    else
        snprintf(out, len, "%6s", "-");
}

static void format_kib(char *out, size_t len, size_t bytes)
{
    if (bytes)
        snprintf(out, len, "%7zu KiB", (bytes + 1023) / 1024);
    else
        snprintf(out, len, "%11s", "-");
}

static void print_result(const trace *t, int name_width, enum target_kind kind, const result *r,
                         const char *ratio)
{
    const char *name = target_kind_name(kind);
    if (r->skipped)
        return;
    if (!r->ok) {
        printf("%-*s %-6s %s: %s\n", name_width, t->name, name, r->stopped ? "STOPPED" : "FAILED", r->err);
        return;
    }
    char util[16], hw[24], os[24], ns[32];
    report_format_ns(ns, sizeof ns, r->ns_per_op);
    format_share(util, sizeof util, t, r->fp.high_water);
    format_kib(hw, sizeof hw, r->fp.high_water);
    format_kib(os, sizeof os, r->fp.mapped);
    printf("%-*s %-6s %8zu %s %s %s %s %7s\n", name_width, t->name, name, t->n_ops - t->timed_from, ns, util,
           hw, os, ratio);
}

/* ns/op of r over glibc's, or "-". */
static void format_ratio(char *out, size_t len, const result *r, const result *g)
{
    if (r->ok && g->ok && g->ns_per_op > 0)
        snprintf(out, len, "%.2f", r->ns_per_op / g->ns_per_op);
    else
        snprintf(out, len, "-");
}

/* A row whose best sample hit the time bound (bench.h) says so: its ns/op
 * comes from fewer calls than the others', and "ops" counts one replay. */
static void note_cut_samples(const outcome *o, int with_adapter)
{
    char counts[128] = "";
    int targets = with_adapter ? BENCH_TARGETS : TARGET_ADAPTER;
    for (int k = 0; k < targets; k++) {
        const result *r = &o->r[k];
        size_t used = strlen(counts);
        if (r->ok && r->calls < BENCH_SAMPLE_CALLS && !o->profiled)
            snprintf(counts + used, sizeof counts - used, "%s%s %zu calls", used ? ", " : "",
                     target_kind_name((enum target_kind)k), r->calls);
    }
    if (*counts)
        printf("  note: %s: its calls are so slow that a sample stopped after %d s, short of %d calls; ns/op is "
               "from the calls the best sample timed: %s (bench/README.md \"How the timing is done\")\n",
               o->t->name, BENCH_SAMPLE_SECONDS, BENCH_SAMPLE_CALLS, counts);
}

void report_row(const outcome *o, int name_width, int with_adapter)
{
    const result *h = &o->r[TARGET_HALLOC], *g = &o->r[TARGET_GLIBC];
    char ratio[32];
    format_ratio(ratio, sizeof ratio, h, g);
    print_result(o->t, name_width, TARGET_HALLOC, h, ratio);
    print_result(o->t, name_width, TARGET_GLIBC, g, "");
    if (with_adapter) {
        format_ratio(ratio, sizeof ratio, &o->r[TARGET_ADAPTER], g);
        print_result(o->t, name_width, TARGET_ADAPTER, &o->r[TARGET_ADAPTER], ratio);
    }
    note_cut_samples(o, with_adapter);
    if (o->t->tail_lines) {
        fputs("  ", stdout);
        trace_note_left(o->t, o->t->name, "time", stdout);
    }
    if (o->t->null_frees)
        printf("  note: %s has %zu \"f -1\" operation%s, free(NULL): each allocator is called with NULL, "
               "counted in ops\n", o->t->name, o->t->null_frees, hl_plural_s(o->t->null_frees));
    if (o->t->left_out)
        printf("  note: %zu size-0 operation%s of %s %s not sent to any allocator (bench/README.md \"Size 0\"); "
               "ops counts the rest\n", o->t->left_out, hl_plural_s(o->t->left_out), o->t->name,
               o->t->left_out == 1 ? "was" : "were");
    if (o->r[TARGET_GLIBC].ok && o->r[TARGET_GLIBC].fp.off_brk)
        printf("  note: %s: glibc's heap went on beyond its brk heap (valgrind caps that at 8 MiB), where its "
               "high-water and from-OS are not measured: shown as -\n", o->t->name);
    if (o->glibc_not_pristine)
        printf("  warning: glibc's heap was already in use when %s started, so its figures "
               "include leftovers; report this as a bench bug\n", o->t->name);
    fflush(stdout);
}

void report_scaling(const outcome *small, const outcome *large, int with_adapter)
{
    printf("\nscaling, steady-state free+malloc: ns/op with %zu live blocks / with %zu live blocks\n",
           large->t->num_ids, small->t->num_ids);
    int targets = with_adapter ? BENCH_TARGETS : TARGET_ADAPTER;
    for (int k = 0; k < targets; k++) {
        const result *s = &small->r[k], *l = &large->r[k];
        if (s->skipped)
            continue;
        printf("  %-7s %8.2f / %8.2f = ", target_kind_name((enum target_kind)k), l->ns_per_op,
               s->ns_per_op);
        if (s->ok && l->ok && s->ns_per_op > 0)
            printf("%.2fx\n", l->ns_per_op / s->ns_per_op);
        else
            printf("n/a (a run failed)\n");
    }
}

/* Appends ", name (figure)" to list; keeps the line bounded. */
static void note(char *list, size_t len, const char *name, const char *fmt, double v)
{
    size_t used = strlen(list);
    if (used + 1 >= len)
        return;
    snprintf(list + used, len - used, "%s%s (", used ? ", " : "", name);
    used = strlen(list);
    snprintf(list + used, len - used, fmt, v);
    used = strlen(list);
    snprintf(list + used, len - used, ")");
}

/* Counts r in *faster if it beat glibc on o, else names o in slower. */
static void judge_speed(const outcome *o, const result *r, size_t *faster, char *slower, size_t len)
{
    double ratio = r->ns_per_op / o->r[TARGET_GLIBC].ns_per_op;
    if (ratio < 1.0)
        (*faster)++;
    else
        note(slower, len, o->t->name, "%.2fx glibc", ratio);
}

/* Appends ", name" to list; keeps the line bounded. */
static void note_name(char *list, size_t len, const char *name)
{
    size_t used = strlen(list);
    if (used + 1 < len)
        snprintf(list + used, len - used, "%s%s", used ? ", " : "", name);
}

/* Appends ", name (k)" (or glibc, or both) for a workload that k or glibc
 * failed; keeps the line bounded. */
static void note_failed(char *list, size_t len, const outcome *o, enum target_kind k)
{
    int mine = !o->r[k].ok, g = !o->r[TARGET_GLIBC].ok;
    char name[sizeof o->t->name + 32];
    snprintf(name, sizeof name, "%s (%s%s)", o->t->name, mine ? target_kind_name(k) : "",
             mine && g ? " and glibc" : g ? "glibc" : "");
    note_name(list, len, name);
}

/* The last line when who (NULL: halloc or glibc) FAILED on n workloads, if
 * any; n again, the summary's count. */
static size_t report_failed_count(const char *who, size_t n)
{
    if (n && who)
        printf("%s FAILED on %zu workload%s: see the rows above\n", who, n, hl_plural_s(n));
    else if (n)
        printf("%zu workload%s FAILED: see the rows above\n", n, hl_plural_s(n));
    return n;
}

/* The linked allocator's lines; returns how many workloads it failed. Like
 * the goals' lines, a workload not compared is named: one glibc FAILED on
 * had dropped out of "faster on 1 of 1" without a word. */
static size_t report_adapter_summary(const outcome *all, size_t n)
{
    char slower[1024] = "", failed_names[1024] = "", stopped_names[1024] = "";
    size_t faster = 0, ran = 0, failed = 0, yours_failed = 0, stopped = 0;
    if (n == 0 || all[0].r[TARGET_ADAPTER].skipped)
        return 0;
    if (all[0].r[TARGET_GLIBC].skipped || all[0].profiled) {
        for (size_t i = 0; i < n; i++)
            yours_failed += !all[i].r[TARGET_ADAPTER].ok && !all[i].r[TARGET_ADAPTER].stopped;
        printf("yours: not compared with glibc: %s\n", all[0].profiled ? "-p replays each workload once" :
               "-a left glibc out");
        return report_failed_count("yours", yours_failed);
    }
    for (size_t i = 0; i < n; i++) {
        const result *y = &all[i].r[TARGET_ADAPTER], *g = &all[i].r[TARGET_GLIBC];
        if (y->stopped) {
            stopped++;
            note_name(stopped_names, sizeof stopped_names, all[i].t->name);
        } else if (!y->ok || !g->ok) {
            failed++;
            yours_failed += !y->ok;
            note_failed(failed_names, sizeof failed_names, &all[i], TARGET_ADAPTER);
        } else {
            ran++;
            judge_speed(&all[i], y, &faster, slower, sizeof slower);
        }
    }
    if (ran == 0)
        printf("yours: no workload ran under both it and glibc, so there is nothing to compare");
    else
        printf("yours: faster than glibc on %zu of %zu%s", faster, ran, failed ? " that ran" : "");
    if (failed)
        printf("; %zu FAILED: %s", failed, failed_names);
    printf("%s%s\n", *slower ? "; slower on: " : "", slower);
    if (stopped)
        printf("yours: STOPPED on %zu workload%s at the time limit (a search that walks every block?): %s\n",
               stopped, hl_plural_s(stopped), stopped_names);
    return report_failed_count("yours", yours_failed);
}

/* One goal's line: held of ran workloads meet it; missed names the rest, and
 * failed_names those halloc or glibc FAILED (without them "faster on 3 of 4"
 * read as 4 of 4 run), unjudged those it cannot be judged on (not in ran).
 * With none run there is nothing to judge it on: "NOT MET: faster on 0 of 0"
 * read as halloc losing everywhere when every workload had failed. */
static void report_goal(const char *goal, const char *held_as, size_t held, size_t ran, size_t failed,
                        const char *failed_names, const char *missed_as, const char *missed, const char *unjudged)
{
    printf("goal '%s': ", goal);
    if (ran == 0 && *unjudged) {
        printf("NOT JUDGED: no workload to judge it on: %s%s%s\n", unjudged, failed ? "; FAILED: " : "",
               failed ? failed_names : "");
        return;
    }
    if (ran == 0) {
        printf("NOT JUDGED: no workload ran (all %zu FAILED: %s), so there is nothing to judge it on\n", failed,
               failed_names);
        return;
    }
    printf("%s: %s on %zu of %zu", held == ran && !failed ? "MET" : "NOT MET", held_as, held, ran);
    if (failed)
        printf(" that ran; %zu FAILED: %s", failed, failed_names);
    printf("%s%s%s%s\n", *missed ? missed_as : "", missed, *unjudged ? "; not judged on: " : "", unjudged);
}

/* A run the goals cannot be judged on: -a left halloc or glibc out (each
 * goal compares the two), or -p replayed each workload once, from a fresh
 * heap, without the utilization pass. Returns the workloads halloc or glibc
 * FAILED. */
static size_t report_goals_unjudged(const outcome *all, size_t n)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = TARGET_HALLOC; k <= TARGET_GLIBC; k++)
            failed += !all[i].r[k].ok && !all[i].r[k].skipped;
    if (all[0].profiled)
        printf("\ngoals not judged: -p replays each workload once, from a fresh heap, without the utilization "
               "pass; run without -p to judge them\n");
    else
        printf("\ngoals not judged: -a left %s out, and each goal compares halloc with glibc\n",
               target_kind_name(all[0].r[TARGET_HALLOC].skipped ? TARGET_HALLOC : TARGET_GLIBC));
    return report_failed_count(NULL, failed);
}

int report_summary(const outcome *all, size_t n, int with_adapter)
{
    char slower[1024] = "", wasteful[1024] = "", unplaced[1024] = "", failed_names[1024] = "";
    size_t faster = 0, dense = 0, failed = 0, no_block = 0;
    if (n > 0 && (all[0].profiled || all[0].r[TARGET_HALLOC].skipped || all[0].r[TARGET_GLIBC].skipped)) {
        failed = report_goals_unjudged(all, n); /* first: a sum's operands come in no set order */
        return (int)(failed + (with_adapter ? report_adapter_summary(all, n) : 0));
    }
    for (size_t i = 0; i < n; i++) {
        const result *h = &all[i].r[TARGET_HALLOC], *g = &all[i].r[TARGET_GLIBC];
        if (!h->ok || !g->ok) {
            failed++;
            note_failed(failed_names, sizeof failed_names, &all[i], TARGET_HALLOC);
            continue;
        }
        judge_speed(&all[i], h, &faster, slower, sizeof slower);
        if (!h->fp.high_water) { /* no block placed (free(NULL) alone): no utilization, "-" in its row, not 0% */
            no_block++;
            note(unplaced, sizeof unplaced, all[i].t->name, "%.0f blocks placed", 0);
            continue;
        }
        double util = utilization(all[i].t, h->fp.high_water);
        if (util > GOAL_UTILIZATION)
            dense++;
        else
            note(wasteful, sizeof wasteful, all[i].t->name, "%.1f%%", 100.0 * util);
    }
    size_t ran = n - failed;
    putchar('\n');
    report_goal("halloc faster than glibc on every workload", "faster", faster, ran, failed, failed_names,
                "; slower on: ", slower, "");
    report_goal("halloc utilization > 85% on every workload", "above 85%", dense, ran - no_block, failed,
                failed_names, "; at or below on: ", wasteful, unplaced);
    report_failed_count(NULL, failed); /* before yours' lines: a sum's operands come in no set order */
    return (int)(failed + (with_adapter ? report_adapter_summary(all, n) : 0));
}

/* Single-quotes an argument when the shell would otherwise split or expand it. */
static void print_arg(const char *arg)
{
    if (*arg != '\0' && strpbrk(arg, " \t\n'\"\\$`*?[]{}()<>|&;#~") == NULL) {
        fputs(arg, stdout);
        return;
    }
    putchar('\'');
    for (const char *c = arg; *c; c++) {
        if (*c == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*c);
    }
    putchar('\'');
}

void report_command(int argc, char **argv)
{
    char cwd[4096];
    printf("\nfigures produced by: cd ");
    print_arg(getcwd(cwd, sizeof cwd) ? cwd : ".");
    printf(" &&");
    for (int i = 0; i < argc; i++) {
        putchar(' ');
        print_arg(argv[i]);
    }
    putchar('\n');
}
