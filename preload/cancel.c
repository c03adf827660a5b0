/*
 * cancel.c - make check-preload: threads that allocate are cancelled
 * (pthread_cancel, deferred), as a thread pool's shutdown does. malloc and
 * free are no cancellation points (POSIX), so each thread ends at its own
 * pthread_testcancel, between whole calls; a recorded trace (HALLOC_PRELOAD_TRACE)
 * must then replay. The recorder's write(2) of its buffer, a cancellation
 * point, once ended a thread inside a recorded call: its lines were written
 * twice ("id 2 is already allocated") or the other threads waited for ever.
 * Prints "cancelled and joined".
 *
 * "cancel exec": a thread with a cancel pending calls execl (no cancellation
 * point); the recorder's header write before the exec once acted on it, and
 * the process went on without exec'ing. Prints "exec'd" (echo's), or "not
 * exec'd" and exits 1.
 *
 * "cancel nested": a signal handler allocates inside a recorded call (SIGXFSZ,
 * raised by the recorder's own write past RLIMIT_FSIZE); the thread must be
 * cancellable again afterwards. A thread-local saved state, overwritten by
 * the handler's call, once left it disabled. Prints "cancellable", or "left
 * uncancellable" and exits 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define THREADS 3

static atomic_int started;

/* Long runs of calls: a cancel sent during one finds the recorder's
 * flushes (one per 64 KiB of lines) before it finds the next testcancel. */
static void *churn(void *arg)
{
    (void)arg;
    atomic_fetch_add(&started, 1);
    for (;;) {
        for (int i = 0; i < 200000; i++)
            free(malloc(16 + (size_t)(i % 500)));
        pthread_testcancel();
    }
    return NULL;
}

static atomic_int go;

static void *exec_when_told(void *arg)
{
    (void)arg;
    while (!atomic_load(&go)) /* no cancellation point */
        ;
    execl("/bin/echo", "echo", "exec'd", (char *)NULL);
    return NULL;
}

static int exec_with_a_cancel_pending(void)
{
    pthread_t t;
    free(malloc(100));
    if (pthread_create(&t, NULL, exec_when_told, NULL) != 0 || pthread_cancel(t) != 0)
        return 2;
    atomic_store(&go, 1);
    pthread_join(t, NULL);
    puts("not exec'd: the thread was cancelled inside execl");
    return 1;
}

static volatile sig_atomic_t handled;

static void allocate_in_handler(int sig)
{
    (void)sig;
    if (!handled++)
        free(malloc(16)); /* not async-signal-safe: what the shim must survive */
}

static int nested_call_in_a_handler(void)
{
    struct sigaction sa = {.sa_handler = allocate_in_handler};
    struct rlimit small = {4096, RLIM_INFINITY}; /* the trace's next flush passes it */
    if (sigaction(SIGXFSZ, &sa, NULL) != 0 || setrlimit(RLIMIT_FSIZE, &small) != 0)
        return 2;
    for (int i = 0; i < 1000000 && !handled; i++)
        free(malloc(16));
    int old = PTHREAD_CANCEL_DISABLE;
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
    puts(!handled ? "no SIGXFSZ: the trace was not written past the limit"
                  : old == PTHREAD_CANCEL_ENABLE ? "cancellable" : "left uncancellable");
    return old == PTHREAD_CANCEL_ENABLE && handled ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "nested") == 0)
        return nested_call_in_a_handler();
    if (argc > 1 && strcmp(argv[1], "exec") == 0)
        return exec_with_a_cancel_pending();
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, churn, NULL) != 0)
            return 2;
    struct timespec pause = {0, 50 * 1000 * 1000};
    while (atomic_load(&started) < THREADS)
        nanosleep(&pause, NULL);
    nanosleep(&pause, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_cancel(t[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    free(malloc(100));
    puts("cancelled and joined");
    return 0;
}
