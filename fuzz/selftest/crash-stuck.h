/*
 * crash-stuck.h - crash-adapter.c's planted calls that never return, or
 * return late, for the replay's and libFuzzer's timeout reports:
 * -DMALLOC_HANGS: a request of 777 bytes never returns, as a walk round a
 * cycle in a free list: the replay's timeout must name the op, and call it a
 * loop, at any load (limit-held.h holds the limit back until the loop had as
 * much CPU as the limit's seconds). -DMALLOC_HANGS=2: that loop keeps
 * SIGALRM blocked, as an allocator that blocks signals in its calls: no
 * timeout report can begin, and replay must kill the run itself.
 * -DMALLOC_HANGS_AFTER_FREE: every malloc after a free never returns, as a
 * walk round a free list the free made a cycle of (round 14b's SLOB page left
 * on its list): the timeout, the replay's and libFuzzer's, must name the op
 * and the free.
 * -DMALLOC_SLOW: every request of 777 bytes takes half a millisecond of CPU,
 * the first until the limit is due: a program of thousands of them runs past
 * the replay's timeout with no op stuck (an allocator whose calls walk every
 * live block), and the timeout must say so, not call it a loop.
 * -DMALLOC_DEADLOCKS: a request of 777 bytes waits for a lock a request of 555
 * bytes took and kept (a return path that skips the unlock): the replay's
 * timeout must call it a wait, not an endless loop.
 * None crashes. Included by crash-adapter.c after `frees`, which
 * -DMALLOC_HANGS_AFTER_FREE reads.
 */
#include <stddef.h>

#if defined(MALLOC_HANGS) || defined(MALLOC_SLOW) || defined(MALLOC_HANGS_AFTER_FREE)
#include "limit-held.h"
#define LIMIT_HELD 1
#else
#define LIMIT_HELD 0
#endif

#ifdef MALLOC_DEADLOCKS
#include <pthread.h>
/* A normal mutex taken again by its holder waits for ever (POSIX). */
static void lock_kept(void)
{
    static pthread_mutex_t lock;
    static int ready;
    if (!ready) {
        pthread_mutexattr_t attr;
        pthread_mutexattr_init(&attr);
        pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_NORMAL);
        pthread_mutex_init(&lock, &attr);
        ready = 1;
    }
    pthread_mutex_lock(&lock); /* never unlocked */
}
#endif

/* From create() and destroy(): the replay's limit held back, and let through. */
static inline void stuck_create(void)
{
#if LIMIT_HELD
    limit_hold();
#endif
}

static inline void stuck_destroy(void)
{
#if LIMIT_HELD
    limit_let_through();
#endif
}

/* From malloc, before it serves size: the planted hang, wait or slowness. */
static inline void stuck_malloc(size_t size)
{
    (void)size;
#ifdef MALLOC_HANGS
    for (volatile int spin = 1; size == 777 && MALLOC_HANGS == 2 && spin;) /* the limit held back for ever */
        continue;
    if (size == 777)
        limit_spin_for_ever();
#endif
#ifdef MALLOC_SLOW
    if (size == 777)
        limit_spin_slowly(0.0005);
#endif
#ifdef MALLOC_HANGS_AFTER_FREE
    if (frees > 0)
        limit_spin_for_ever();
#endif
#ifdef MALLOC_DEADLOCKS
    if (size == 555 || size == 777)
        lock_kept();
#endif
}
