/*
 * limit-held.h - for selftest adapters whose check needs the replay's -t
 * limit to land in one place at any load (slow-fill-adapter.c, in the
 * harness's fill): create holds SIGALRM back, and the adapter lets it
 * through there. A race of the limit's wall clock with the CPU a loaded
 * machine gave the replay put it elsewhere (in the allocator).
 */
#ifndef LIMIT_HELD_H
#define LIMIT_HELD_H

#include <signal.h>
#include <sys/time.h>

static int limit_held; /* a -t limit was armed at create: SIGALRM blocked */

static inline void limit_mask(int how)
{
    sigset_t alarm_only;
    sigemptyset(&alarm_only);
    sigaddset(&alarm_only, SIGALRM);
    sigprocmask(how, &alarm_only, NULL);
}

/* From create: replay arms the limit (ITIMER_REAL) before it. */
static inline void limit_hold(void)
{
    struct itimerval left;
    limit_held = getitimer(ITIMER_REAL, &left) == 0 && (left.it_value.tv_sec > 0 || left.it_value.tv_usec > 0);
    if (limit_held)
        limit_mask(SIG_BLOCK);
}

/* A pending limit lands now; one to come, when it expires. */
static inline void limit_let_through(void)
{
    if (limit_held)
        limit_mask(SIG_UNBLOCK);
}

#endif
