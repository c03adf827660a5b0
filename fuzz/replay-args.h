/*
 * replay-args.h - the numbers the replay tools' options take (-r RUNS,
 * -t SECONDS), checked whole and in range, with the one line refusing one
 * that is not: replay (fuzz/replay.c) and threads-replay
 * (fuzz/threads-replay.c) mean the same by both, so they take and refuse
 * them the same way, in the same words. A header, not a source of its own,
 * so the replays link (fuzz/build.mk, fuzz/threads.mk) and
 * check-adapters.sh's harness objects compile no more files than before.
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

/* -r: a number of runs, min to RUNS_MAX (more is a typo, not a plan); tool
 * names the program in the refusal. replay's min is 1 (its runs are the
 * input's only runs); threads-replay's is 0 (its -r counts the runs after
 * the lockstep run, which always comes). */
enum { RUNS_MAX = 100000 };
static inline int parse_runs(const char *tool, const char *text, unsigned min, unsigned *out)
{
    if (parse_whole(text, min, RUNS_MAX, out))
        return 1;
    fprintf(stderr, "%s: -r '%s' is not a number of runs from %u to %d; e.g. -r 20\n", tool, text, min, RUNS_MAX);
    return 0;
}

/* -t: a whole number of seconds, 0 (no limit) to a day. make replay's
 * TIMEOUT= is -t, checked by make before it runs anything: fuzz/vars.mk
 * reads this number from this line, digits alone after the name. bench's
 * -t (bench/options.c) takes the same most. */
#define REPLAY_SECONDS_MAX 86400
static inline int parse_seconds(const char *tool, const char *text, unsigned *out)
{
    if (parse_whole(text, 0, REPLAY_SECONDS_MAX, out))
        return 1;
    fprintf(stderr, "%s: -t '%s' is not a number of seconds from 0 to %d; e.g. -t 10, or -t 0 for no limit\n",
            tool, text, REPLAY_SECONDS_MAX);
    return 0;
}

#endif
