/*
 * replay-args.h - the numbers replay's options take (-r RUNS, -t SECONDS),
 * checked whole and in range, with the message for one that is not.
 * Included by fuzz/replay.c alone: a header, not a source of its own, so
 * the replay links (fuzz/build.mk) and check-adapters.sh's harness objects
 * compile no more files than before.
 */
#ifndef FUZZ_REPLAY_ARGS_H
#define FUZZ_REPLAY_ARGS_H

#include <stdio.h>

#include "../bench/size-arg.h"

/* A whole number from min to max, in digits alone (parse_whole_arg); 0 if
 * text is not one. */
static inline int parse_whole(const char *text, unsigned long min, unsigned long max, unsigned *out)
{
    unsigned long long n;
    if (parse_whole_arg(text, max, &n) != 0 || n < min)
        return 0;
    *out = (unsigned)n;
    return 1;
}

/* -r: a number of runs, 1 to RUNS_MAX. */
enum { RUNS_MAX = 100000 };
static inline int parse_runs(const char *text, unsigned *out)
{
    if (parse_whole(text, 1, RUNS_MAX, out))
        return 1;
    fprintf(stderr, "replay: -r '%s' is not a number of runs from 1 to %d; e.g. -r 20\n", text, RUNS_MAX);
    return 0;
}

/* -t: a whole number of seconds, 0 to a day. */
static inline int parse_seconds(const char *text, unsigned *out)
{
    if (parse_whole(text, 0, 86400, out))
        return 1;
    fprintf(stderr, "replay: -t '%s' is not a number of seconds from 0 to 86400; e.g. -t 10, or -t 0 for no limit\n",
            text);
    return 0;
}

#endif
