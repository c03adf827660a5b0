/*
 * limit-held.h - for selftest adapters whose check needs the replay's -t
 * limit to land in one place at any load (slow-fill-adapter.c, in the
 * harness's fill; crash-adapter.c -DMALLOC_HANGS, in a loop that had the
 * CPU, and -DMALLOC_SLOW, in a call of a slow allocator): create holds
 * SIGALRM back, and the adapter lets it through there.
 * A race of the limit's wall clock with the CPU a loaded machine gave the
 * replay put it elsewhere: in the allocator, or in a loop that had too
 * little CPU to be told from a wait.
 */
#ifndef LIMIT_HELD_H
#define LIMIT_HELD_H

#include <signal.h>
#include <sys/time.h>
#include <time.h>

static int limit_held;            /* a -t limit was armed at create: SIGALRM blocked */
static double limit_left_at_hold; /* its seconds left then */
static struct timespec cpu_at_hold;

static inline void limit_mask(int how)
{
    sigset_t alarm_only;
    sigemptyset(&alarm_only);
    sigaddset(&alarm_only, SIGALRM);
    sigprocmask(how, &alarm_only, NULL);
}

/* From create: replay arms the limit (ITIMER_REAL, once) before it.
 * libFuzzer's timer, which ticks again and again, is left alone: held, its
 * ticks came late, and the harness saw none before the one that ends the run. */
static inline void limit_hold(void)
{
    struct itimerval left;
    limit_held = getitimer(ITIMER_REAL, &left) == 0 && (left.it_value.tv_sec > 0 || left.it_value.tv_usec > 0) &&
                 left.it_interval.tv_sec == 0 && left.it_interval.tv_usec == 0;
    if (!limit_held)
        return;
    limit_left_at_hold = (double)left.it_value.tv_sec + left.it_value.tv_usec / 1e6;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_at_hold);
    limit_mask(SIG_BLOCK);
}

/* A pending limit lands now; one to come, when it expires. */
static inline void limit_let_through(void)
{
    if (limit_held)
        limit_mask(SIG_UNBLOCK);
}

static inline double cpu_since(const struct timespec *then)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)(now.tv_sec - then->tv_sec) + (now.tv_nsec - then->tv_nsec) / 1e9;
}

/* Spin until the limit, whose wall clock may have passed long ago, is due as
 * on a machine of its own: the process had as much CPU since create as the
 * limit had left then. Then let it land. */
static inline void limit_spin_until_due(void)
{
    while (limit_held && cpu_since(&cpu_at_hold) < limit_left_at_hold)
        ;
    limit_let_through();
}

/* An endless loop: the limit lands in it. Without a limit, a loop at once. */
static inline void limit_spin_for_ever(void)
{
    limit_spin_until_due();
    for (volatile int spin = 1; spin;)
        continue;
}

/* A slow call, not a stuck one: once the limit is due, each call spins
 * for `seconds` of CPU and returns, so the program moves on past it. */
static inline void limit_spin_slowly(double seconds)
{
    struct timespec start;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
    limit_spin_until_due();
    while (cpu_since(&start) < seconds)
        ;
}

#endif
