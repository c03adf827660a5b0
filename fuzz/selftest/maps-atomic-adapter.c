/*
 * maps-atomic-adapter.c - an adapter over glibc's malloc whose create()
 * first proves that maps.c's munmap and mremap change the kernel's mappings
 * and the harness's table of them at once. A thread maps a page, moves it
 * with mremap and unmaps it, over and over, while this one takes the table's
 * lock 300 times, waits there 100 us (a call the other thread was in comes
 * back meanwhile) and looks: a page the table lists that the kernel no
 * longer maps is a call made outside the lock, before its update. In that
 * window a third thread's mmap could take the range and have its own mapping
 * cut from the table: a thread-cache allocator's correct 8 KiB block was
 * reported past_mapping under make fuzz-threads. create() prints one line
 * and exits 1 if it sees one; fuzz/scripts/check-mappings.sh replays a trace
 * with it.
 */
#define _GNU_SOURCE /* mremap */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../adapter.h"
#include "../maps-state.h"

#define LOOKS 300

static void *page;  /* the churning thread's page now (atomic) */
static int stop;    /* atomic */

static void *churn(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            break;
        __atomic_store_n(&page, p, __ATOMIC_RELAXED);
        void *q = mremap(p, 4096, 8192, MREMAP_MAYMOVE);
        if (q == MAP_FAILED)
            q = p;
        __atomic_store_n(&page, q, __ATOMIC_RELAXED);
        munmap(q, q == p ? 4096 : 8192);
    }
    return NULL;
}

/* Under the lock: the table lists at's page, and the kernel maps it no more. */
static int listed_but_gone(void *at)
{
    unsigned char in_core;
    size_t i = map_table_first_after(&fuzz_maps_table, (uintptr_t)at);
    int listed = at && i < fuzz_maps_table.count && fuzz_maps_table.span[i].start <= (uintptr_t)at;
    return listed && mincore(at, 4096, &in_core) != 0 && errno == ENOMEM;
}

static int saw_window(void)
{
    pthread_t t;
    struct timespec wait = {0, 100 * 1000};
    int seen = 0;
    if (pthread_create(&t, NULL, churn, NULL) != 0)
        return 0;
    for (int i = 0; i < LOOKS && !seen; i++) {
        fuzz_maps_lock();
        nanosleep(&wait, NULL);
        seen = listed_but_gone(__atomic_load_n(&page, __ATOMIC_RELAXED));
        fuzz_maps_unlock();
        nanosleep(&wait, NULL);
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    pthread_join(t, NULL);
    if (seen)
        printf("maps-atomic: the table of mappings listed a page the kernel had unmapped while its lock was held: "
               "an munmap or mremap made outside the lock, before the table's update (fuzz/maps.c)\n");
    return seen;
}

static void *a_create(size_t bytes)
{
    static int proved;
    (void)bytes;
    if (!proved && saw_window())
        exit(1);
    proved = 1;
    return &proved;
}

static void a_destroy(void *heap) { (void)heap; }
static void *a_malloc(void *heap, size_t n) { (void)heap; return malloc(n); }
static int a_free(void *heap, void *p) { (void)heap; free(p); return 0; }

const struct fuzz_allocator fuzz_allocator = {
    .name = "maps-atomic",
    .alignment = 16,
    .create = a_create,
    .destroy = a_destroy,
    .malloc = a_malloc,
    .free = a_free,
};
