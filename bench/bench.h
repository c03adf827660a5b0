/*
 * bench.h - what one benchmark run produces, shared by the runner (bench.c)
 * and the table printer (report.c).
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "replay.h"
#include "trace.h"

#define BENCH_TARGETS 3 /* indexed by enum target_kind; the adapter only when linked */

/* A timing sample replays a short trace until this many calls were timed, so
 * it is not lost in clock and scheduling noise... */
#define BENCH_SAMPLE_CALLS 1000000
/* ...or, once it has replayed the whole trace, until this much wall time has
 * passed: a trace of huge blocks (tens of us per call) would otherwise keep a
 * sample busy for minutes. The standard workloads stay whole: the slowest
 * to reach 1M calls, glibc on binary-pattern, took 0.3-0.6 s here (up to
 * 590 ns/call with the machine loaded). A row that is cut says so (report.c). */
#define BENCH_SAMPLE_SECONDS 1

typedef struct result {
    int ok;
    int stopped;       /* yours only: over the -t time limit (err says so); not a failure */
    double ns_per_op;  /* best of the repetitions */
    size_t calls;      /* timed calls of that best sample: below BENCH_SAMPLE_CALLS if it was cut */
    int skipped;       /* -a left this allocator out: no row, no verdict */
    footprint fp;      /* zero (shown as -) when -p skipped the utilization pass */
    char err[TRACE_ERROR_LEN];
} result;

typedef struct outcome {
    const trace *t;
    int done;               /* the workload's process finished */
    int glibc_not_pristine; /* glibc's heap was in use before the workload started */
    int profiled;           /* -p: each allocator replayed it once, without the utilization pass */
    result r[BENCH_TARGETS];
} outcome;

typedef struct bench_options {
    int reps;
    size_t heap_initial;  /* halloc_config.initial_size; 0: library default; SIZE_MAX: fit */
    int thread_safe;      /* halloc_config.thread_safe */
    int cache_depth;      /* halloc_config.cache_depth */
    int synthetic;        /* run the built-in workloads besides the trace files */
    const char *only;     /* -w: the names or patterns of the workloads to run, commas between; NULL: all */
    unsigned your_limit;  /* seconds your allocator may take per workload; 0: no limit */
    unsigned targets;     /* -a: the allocators to run, a bit per enum target_kind */
    int profile;          /* -p: one replay per workload and allocator (README.md "Counting one allocator") */
} bench_options;

#define BENCH_HEAP_FIT SIZE_MAX /* heap_initial when -H is not given: sized to the workload */
#define BENCH_HEAP_FIT_MIN ((size_t)1 << 20)

/* Fills opt from the command line (options.c); returns -1 after one line
 * on stderr when an option is wrong. -h prints the usage and exits. */
int bench_parse_options(int argc, char **argv, bench_options *opt);

/* -a's names (halloc, glibc, yours; commas between) as a bit per target
 * kind in *targets; returns -1 after one line on stderr for a name that is
 * none of them, or yours with no allocator of yours linked. */
int bench_select_targets(const char *names, unsigned *targets);

/* halloc's first region when -H is not given: twice the workload's peak live
 * payload, so it rarely grows, and at least 1 MiB. Where that doubling is
 * more than size_t holds (a 32-bit build, a peak over 2 GiB) it is SIZE_MAX,
 * which halloc_create_ex refuses: the row fails saying how to give a size. */
static inline size_t bench_heap_fit(size_t peak_live)
{
    if (peak_live > SIZE_MAX / 2)
        return SIZE_MAX;
    return 2 * peak_live < BENCH_HEAP_FIT_MIN ? BENCH_HEAP_FIT_MIN : 2 * peak_live;
}

/* Your allocator's create() is asked for the heap halloc's first region
 * gets. Where that fitted size saturated (SIZE_MAX, above) no allocator can
 * make it, and one that adds its own overhead to it wraps round to a tiny
 * heap: the row is refused instead. Returns nonzero, with the reason in
 * err, if create() must not be asked for heap_size. */
static inline int bench_heap_refused(const char *trace_name, size_t peak_live, size_t heap_size,
                                     char *err, size_t len)
{
    if (heap_size != SIZE_MAX)
        return 0;
    snprintf(err, len, "%s: your allocator's create() not called: its heap, 2 x the trace's peak live payload "
             "of %zu bytes, is more than size_t holds; give a size with -H (BENCH_ARGS=\"-H 64M\")",
             trace_name, peak_live);
    return 1;
}

/* Keeps, first in traces, the workloads only names (bench_options.only)
 * that have operations to time; returns how many, or -1 with one line on
 * stderr: an item of only that names no workload, or nothing to run. */
int bench_select(trace *traces, int n, int n_files, const char *only);
/* Whether only (as bench_select reads it, not NULL) names the workload name. */
int bench_selected(const char *only, const char *name);

/* The first column's width: the longest workload name of the run, so a long
 * trace name (or path) does not push its row's figures out of line. */
int report_name_width(const outcome *all, int n);
void report_header(const bench_options *opt, int name_width);
/* with_adapter (in these three): the linked allocator's figures too, from
 * r[TARGET_ADAPTER]. The caller says whether one is linked (bench_adapter()),
 * so report-test.c can print both kinds from one binary. */
void report_row(const outcome *o, int name_width, int with_adapter);
void report_scaling(const outcome *small, const outcome *large, int with_adapter);
/* The goals' lines, and with_adapter the linked allocator's; returns the
 * number of failed workloads. */
int report_summary(const outcome *all, size_t n, int with_adapter);
void report_command(int argc, char **argv);

/* ns/op in the table's 8-character column: a call of 100 us or more (huge
 * blocks; the time bound above) drops the decimals, not the alignment. */
static inline void report_format_ns(char *out, size_t len, double ns)
{
    snprintf(out, len, ns < 99999.995 ? "%8.2f" : "%8.0f", ns);
}

#endif /* BENCH_BENCH_H */
