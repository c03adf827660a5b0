/* test_last_error.c - halloc_last_error on a heap shared by threads: like
 * errno, a thread whose call just failed reads its own message, not that of
 * another thread that failed on the heap after it. */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static pthread_barrier_t turn;

/* Each thread makes a different failing call, A before B (the barriers set
 * the order), then reads the heap's last error with B's failure the newest. */
struct failer {
    halloc_heap *heap;
    int second;       /* 0: A, fails first; 1: B, fails after A */
    char said[256];   /* halloc_last_error(heap) read after both failed */
    int err;          /* errno right after its own call */
};

static void fail_once(struct failer *f)
{
    errno = 0;
    if (f->second)
        cr_assert_null(halloc_aligned_alloc(f->heap, 48, 16), "B: aligned_alloc with alignment 48 succeeded");
    else
        cr_assert_null(halloc_malloc(f->heap, 0), "A: malloc(0) succeeded");
    f->err = errno;
}

static void *failer_run(void *arg)
{
    struct failer *f = arg;
    pthread_barrier_wait(&turn);
    if (!f->second)
        fail_once(f);
    pthread_barrier_wait(&turn); /* A has failed */
    if (f->second)
        fail_once(f);
    pthread_barrier_wait(&turn); /* B has failed, after A */
    snprintf(f->said, sizeof f->said, "%s", halloc_last_error(f->heap));
    return NULL;
}

Test(last_error, each_thread_reads_its_own_failure)
{
    halloc_config cfg = halloc_default_config();
    cfg.thread_safe = 1;
    halloc_heap *h = halloc_create_ex(&cfg);
    cr_assert_not_null(h);
    cr_assert_eq(pthread_barrier_init(&turn, NULL, 2), 0);
    struct failer a = {.heap = h, .second = 0}, b = {.heap = h, .second = 1};
    pthread_t ta, tb;
    cr_assert_eq(pthread_create(&ta, NULL, failer_run, &a), 0);
    cr_assert_eq(pthread_create(&tb, NULL, failer_run, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&turn);
    cr_assert_eq(a.err, EINVAL, "A: errno %d", a.err);
    cr_assert_eq(b.err, EINVAL, "B: errno %d", b.err);
    cr_assert(strstr(a.said, "malloc(0)"), "A failed in malloc(0) but read: %s", a.said);
    cr_assert(strstr(b.said, "alignment 48"), "B failed in aligned_alloc(48, 16) but read: %s", b.said);
    /* This thread never failed on h: it reads the heap's, the newest failure. */
    cr_assert(strstr(halloc_last_error(h), "alignment 48"), "a third thread read: %s", halloc_last_error(h));
    halloc_destroy(h);
}

/* One thread's failures on two heaps: each heap still names its own (as
 * before there were threads), though the thread's newest was on the other. */
Test(last_error, one_thread_two_heaps_keep_their_messages)
{
    halloc_heap *h1 = halloc_create(64 * KIB), *h2 = halloc_create(64 * KIB);
    cr_assert(h1 && h2);
    cr_assert_null(halloc_malloc(h1, 0));
    cr_assert_null(halloc_aligned_alloc(h2, 3, 16));
    cr_assert(strstr(halloc_last_error(h1), "malloc(0)"), "h1: %s", halloc_last_error(h1));
    cr_assert(strstr(halloc_last_error(h2), "alignment 3"), "h2: %s", halloc_last_error(h2));
    halloc_destroy(h1);
    halloc_destroy(h2);
}

static void *fail_alignment_3(void *heap)
{
    void *p = halloc_aligned_alloc(heap, 3, 16);
    return p ? heap : NULL;
}

/* A heap created where a destroyed one was is another heap: this thread's
 * failure on the first is not its message once another thread failed on it. */
Test(last_error, a_heap_at_a_destroyed_ones_address_is_not_it)
{
    size_t size = 64 * KIB;
    void *buf = aligned_alloc(4096, size);
    cr_assert_not_null(buf);
    halloc_heap *first = halloc_create_in(buf, size, 1);
    cr_assert_not_null(first);
    cr_assert_null(halloc_malloc(first, 0));
    halloc_destroy(first);
    halloc_heap *second = halloc_create_in(buf, size, 1);
    cr_assert_eq((void *)second, (void *)first, "the second heap should start where the first did");
    pthread_t t;
    void *succeeded = NULL;
    cr_assert_eq(pthread_create(&t, NULL, fail_alignment_3, second), 0);
    pthread_join(t, &succeeded);
    cr_assert_null(succeeded, "aligned_alloc with alignment 3 succeeded");
    cr_assert(strstr(halloc_last_error(second), "alignment 3"), "read the destroyed heap's message: %s",
              halloc_last_error(second));
    halloc_destroy(second);
    free(buf);
}

/* Another thread fails on the heap again and again, with two messages of
 * different lengths, while this one reads the heap's message: each read must
 * be one message whole. Read in place, up to a third were two messages
 * spliced when the threads ran on two cores at once (3 runs of 5 failed on
 * a loaded machine), and ThreadSanitizer named the race; halloc_last_error
 * copies it under the heap's lock. */
static atomic_int alternating_started, alternating_done;

static const size_t alternating_alignment[2] = {3, 1000001}; /* both refused, messages of two lengths */

static void *fail_alternately(void *heap)
{
    void *got = NULL;
    atomic_store(&alternating_started, 1);
    for (size_t i = 0; i < 200000 && !got; i++)
        got = halloc_aligned_alloc(heap, alternating_alignment[i % 2], 16);
    atomic_store(&alternating_done, 1);
    return got;
}

Test(last_error, a_message_read_while_another_thread_fails_is_whole)
{
    halloc_config cfg = halloc_default_config();
    cfg.thread_safe = 1;
    halloc_heap *h = halloc_create_ex(&cfg), *other = halloc_create(64 * KIB);
    cr_assert(h && other);
    char whole[2][256], read[256];
    for (int i = 0; i < 2; i++) {
        cr_assert_null(halloc_aligned_alloc(h, alternating_alignment[i], 16));
        snprintf(whole[i], sizeof whole[i], "%s", halloc_last_error(h));
    }
    cr_assert_null(halloc_malloc(other, 0)); /* this thread's own message is now other's: h's is read */
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, fail_alternately, h), 0);
    size_t reads = 0, spliced = 0;
    while (!atomic_load(&alternating_started))
        continue;
    while (!atomic_load(&alternating_done)) {
        snprintf(read, sizeof read, "%s", halloc_last_error(h));
        reads++;
        if (strcmp(read, whole[0]) != 0 && strcmp(read, whole[1]) != 0 && spliced++ == 0)
            cr_log_error("read \"%s\", neither message whole", read);
    }
    void *got = NULL;
    pthread_join(t, &got);
    cr_assert_null(got, "an aligned_alloc with a bad alignment succeeded");
    cr_assert_eq(spliced, 0, "%zu of %zu reads of the heap's message were not one message whole", spliced, reads);
    halloc_destroy(h);
    halloc_destroy(other);
}
