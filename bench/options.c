/*
 * options.c - bench's command line (bench -h; README.md says what each
 * option does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../fuzz/replay-args.h" /* REPLAY_SECONDS_MAX: -t's most, a day, as for the replays */
#include "bench.h"
#include "size-arg.h"
#include "text-input.h" /* text_help_asked */

#define MAX_REPS 100
/* A first-fit teaching allocator can take hours on scale-100000: its row
 * is stopped after this long, and the other rows still come. */
#define DEFAULT_YOUR_LIMIT 60

static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench [-r REPS] [-H BYTES] [-T] [-C DEPTH] [-n] [-w NAMES] [-a NAMES] [-p] [-t SECONDS] "
            "[TRACE.rep ...]\n"
            "  -r REPS     timed runs per workload and allocator, best kept (default 9, 1..%d)\n"
            "  -H BYTES    size of halloc's first region, suffix K/M/G allowed; 0: the library\n"
            "              default (1 MiB); default: twice the workload's peak live payload, >= 1 MiB\n"
            "  -T          make the halloc heap thread-safe (takes its mutex on every call)\n"
            "  -C DEPTH    halloc's cache of freed blocks, DEPTH per size (0..%d); default 0: off\n"
            "  -n          skip the built-in workloads: replay only the trace files\n"
            "  -w NAMES    run only the workloads named (e.g. for profiling): exact names, commas\n"
            "              between, or shell patterns: -w mixed,short-lived, -w 'scale-*'\n"
            "  -a NAMES    run only these allocators: halloc, glibc, yours (commas between)\n"
            "  -p          profiling run: each workload replayed once per allocator, every call once,\n"
            "              no utilization pass; its timed calls run in replay_steady_state(), for\n"
            "              valgrind --tool=callgrind --toggle-collect=replay_steady_state\n"
            "  -t SECONDS  with an adapter linked (make bench TARGET=...): how long your allocator\n"
            "              may take on one workload before its row is stopped (default %d; 0: no limit)\n"
            "  TRACE.rep   allocator-lab trace files to replay (see bench/README.md)\n",
            MAX_REPS, HALLOC_CACHE_MAX_DEPTH, DEFAULT_YOUR_LIMIT);
}

/* -r, -C and -t: a whole number from min to max, or one line saying so. */
static int parse_count(int option, const char *arg, size_t min, size_t max, const char *what, size_t *v)
{
    unsigned long long n; /* digits alone: a K, M or G suffix is for byte sizes (-H), not counts */
    if (parse_whole_arg(arg, max, &n) == 0 && n >= min) {
        *v = (size_t)n;
        return 0;
    }
    fprintf(stderr, "bench: -%c needs %s from %zu to %zu, not '%s'\n", option, what, min, max, arg);
    return -1;
}

static int parse_option(int c, const char *arg, bench_options *opt)
{
    size_t v;
    switch (c) {
    case 'r':
        if (parse_count(c, arg, 1, MAX_REPS, "a number of runs", &v) != 0)
            return -1;
        opt->reps = (int)v;
        return 0;
    case 'H':
        if (parse_size_arg(arg, &opt->heap_initial) == 0)
            return 0;
        fprintf(stderr, "bench: -H needs a size in bytes such as 64M, not '%s'\n", arg);
        return -1;
    case 'C':
        if (parse_count(c, arg, 0, HALLOC_CACHE_MAX_DEPTH, "a cache depth", &v) != 0)
            return -1;
        opt->cache_depth = (int)v;
        return 0;
    case 't':
        if (parse_count(c, arg, 0, REPLAY_SECONDS_MAX, "a number of seconds (0: no limit)", &v) != 0)
            return -1;
        opt->your_limit = (unsigned)v;
        return 0;
    case 'a': return bench_select_targets(arg, &opt->targets);
    case 'T': opt->thread_safe = 1; return 0;
    case 'n': opt->synthetic = 0; return 0;
    case 'w': opt->only = arg; return 0;
    case 'p': opt->profile = 1; return 0;
    case 'h': usage(stdout); exit(0);
    default: usage(stderr); return -1;
    }
}

int bench_parse_options(int argc, char **argv, bench_options *opt)
{
    *opt = (bench_options){ .reps = 9, .heap_initial = BENCH_HEAP_FIT, .synthetic = 1,
                            .your_limit = DEFAULT_YOUR_LIMIT, .targets = ~0u };
    if (text_help_asked(argc, argv)) { /* --help too, which getopt takes for a wrong option */
        usage(stdout);
        exit(0);
    }
    int c;
    while ((c = getopt(argc, argv, "r:H:TC:nw:a:pt:h")) != -1)
        if (parse_option(c, optarg, opt) != 0)
            return -1;
    if (opt->profile)
        opt->reps = 1;
    return 0;
}
