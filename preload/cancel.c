/*
 * cancel.c - make check-preload: threads that allocate are cancelled
 * (pthread_cancel, deferred), as a thread pool's shutdown does. malloc and
 * free are no cancellation points (POSIX), so each thread ends at its own
 * pthread_testcancel, between whole calls; a recorded trace (HALLOC_PRELOAD_TRACE)
 * must then replay. The recorder's write(2) of its buffer, a cancellation
 * point, once ended a thread inside a recorded call: its lines were written
 * twice ("id 2 is already allocated") or the other threads waited for ever.
 * Prints "cancelled and joined".
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

int main(void)
{
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
