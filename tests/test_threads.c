/* test_threads.c - four threads hammering one thread-safe heap; fork while
 * another thread is inside a call on the default heap, with a fork handler
 * that allocates, or from a signal handler that interrupted a call. */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

#define THREADS 4
#define OPS 50000
#define SLOTS 64

struct worker {
    halloc_heap *heap;
    uint32_t seed;
    unsigned id;
    const char *failure; /* first thing that went wrong, or NULL */
    int err;             /* errno when it went wrong */
};

struct slot {
    unsigned char *p;
    size_t size;
    uint32_t tag;
};

/* Every block carries a tag pattern unique to (thread, slot, generation). */
static int slot_intact(const struct slot *s)
{
    return pattern_ok(s->p, s->size, s->tag);
}

static const char *one_op(struct worker *w, struct slot *s, uint32_t *gen)
{
    uint32_t r = rng_next(&w->seed);
    size_t size = 1 + rng_below(&w->seed, (r & 8) ? 4096 : 128);
    uint32_t tag = w->id * 1000003u + (*gen)++;
    if (s->p && !slot_intact(s))
        return "a block's contents changed under another thread";
    if (!s->p) {
        s->p = halloc_malloc(w->heap, size);
        if (!s->p)
            return "malloc failed";
    } else if (r % 3 == 0) {
        if (halloc_free(w->heap, s->p) != 0)
            return "free failed";
        s->p = NULL;
        return NULL;
    } else {
        unsigned char *q = halloc_realloc(w->heap, s->p, size);
        if (!q)
            return "realloc failed";
        if (!pattern_ok(q, size < s->size ? size : s->size, s->tag))
            return "realloc lost the contents";
        s->p = q;
    }
    s->size = size;
    s->tag = tag;
    pattern_fill(s->p, size, tag);
    return NULL;
}

static void *hammer(void *arg)
{
    struct worker *w = arg;
    struct slot slots[SLOTS];
    memset(slots, 0, sizeof slots);
    uint32_t gen = 0;
    for (int i = 0; i < OPS && !w->failure; i++)
        w->failure = one_op(w, &slots[rng_below(&w->seed, SLOTS)], &gen);
    if (w->failure)
        w->err = errno;
    for (int i = 0; i < SLOTS && !w->failure; i++)
        if (slots[i].p) {
            if (!slot_intact(&slots[i]))
                w->failure = "a block's contents changed before the final free";
            else if (halloc_free(w->heap, slots[i].p) != 0)
                w->failure = "final free failed";
        }
    if (w->failure && !w->err)
        w->err = errno;
    return NULL;
}

Test(threads, four_threads_on_one_heap)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 256 * 1024;
    c.thread_safe = 1;
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    pthread_t tid[THREADS];
    struct worker w[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        w[i] = (struct worker){h, 0x9e3779b9u * (i + 1), i, NULL, 0};
        cr_assert_eq(pthread_create(&tid[i], NULL, hammer, &w[i]), 0);
    }
    for (unsigned i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_join(tid[i], NULL), 0);
    for (unsigned i = 0; i < THREADS; i++)
        cr_assert_null(w[i].failure, "thread %u: %s (errno %d)", i, w[i].failure, w[i].err);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 0, "every block was freed");
    cr_assert_eq(st.bytes_in_use, 0);
    cr_assert_eq(st.bytes_free + st.overhead, st.mapped);
    halloc_destroy(h);
}

/* A thread that keeps the default heap busy: most of the time it is inside
 * halloc or hfree, holding the heap's lock. */
static atomic_int churn_stop;

static void *churn_default_heap(void *arg)
{
    (void)arg;
    while (!atomic_load(&churn_stop)) {
        void *p = halloc(48);
        hfree(p);
    }
    return NULL;
}

#define FORKS 50

/* A call that waits for a lock nobody will release never returns: an alarm
 * ends it. It fires only on such a hang, so it can be long: the tests run
 * beside others on every core (tests/run-units.sh), and a fork of this
 * process, or its child's first call, can wait seconds for a core. */
#define HANG_SECONDS 30

/* Without the library's fork handlers a child that forked while the other
 * thread held the heap lock waits for ever in its first halloc: the alarm
 * kills it and the test names that child. */
Test(threads, fork_while_another_thread_uses_the_default_heap, .timeout = 4 * HANG_SECONDS)
{
    cr_assert_eq(hinit(1 << 20), 0);
    pthread_t tid;
    cr_assert_eq(pthread_create(&tid, NULL, churn_default_heap, NULL), 0);
    int failed_at = -1, status = 0;
    for (int i = 0; i < FORKS && failed_at < 0; i++) {
        pid_t pid = fork();
        cr_assert_neq(pid, -1, "fork: errno %d", errno);
        if (pid == 0) {
            alarm(HANG_SECONDS);
            void *p = halloc(100);
            hfree(p);
            _exit(p && hcheck() == 0 ? 0 : 1);
        }
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed_at = i;
    }
    atomic_store(&churn_stop, 1);
    cr_assert_eq(pthread_join(tid, NULL), 0);
    cr_assert(failed_at == -1 || !WIFSIGNALED(status) || WTERMSIG(status) != SIGALRM,
              "the child of fork %d of %d waited %d s in its first halloc: the heap lock was copied held", failed_at,
              FORKS, HANG_SECONDS);
    cr_assert_eq(failed_at, -1, "the child of fork %d of %d could not allocate, or its heap check failed", failed_at,
                 FORKS);
    cr_assert_eq(hcheck(), 0);
}

/* A fork handler of the program's that allocates from the default heap. */
static void allocate_in_fork_handler(void)
{
    hfree(halloc(32));
}

/* The handler is registered before the default heap is made, as a
 * program's main or a library's init would. Had the library registered
 * its own handlers only when it made the heap, the prepare handler would
 * run with the heap locked (the parent hangs) and the child handler before
 * it is unlocked (the child hangs): the alarm ends the test. */
Test(threads, fork_handler_registered_before_the_default_heap_allocates, .timeout = 2 * HANG_SECONDS)
{
    cr_assert_eq(pthread_atfork(allocate_in_fork_handler, NULL, allocate_in_fork_handler), 0);
    hfree(halloc(16)); /* the default heap is made now */
    alarm(HANG_SECONDS);
    pid_t pid = fork();
    cr_assert_neq(pid, -1, "fork: errno %d", errno);
    if (pid == 0)
        _exit(hcheck() == 0 ? 0 : 1);
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    alarm(0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed (status %#x)", status);
    cr_assert_eq(hcheck(), 0);
}

/* A timer's handler forks (the child leaves at once) while the only thread
 * is in and out of halloc and hfree, as a crash reporter's handler would.
 * Had the library's prepare handler waited for the heap lock that the
 * interrupted call holds, the first fork inside a call would hang the
 * process. The scenario runs in a child the test waits for at most 30 s (a
 * Criterion .timeout here, with another test's in parallel, leaked in
 * Criterion's runner under LeakSanitizer). */
#define SIGNAL_FORKS 100
static volatile sig_atomic_t signal_forks, signal_fork_failures;

static void fork_from_handler(int sig)
{
    (void)sig;
    int saved = errno;
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        signal_fork_failures++;
    if (++signal_forks >= SIGNAL_FORKS) { /* else handlers could take every cycle */
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
    }
    errno = saved;
}

/* The child's whole life: 0 when every fork came back and the heap is sound. */
static int forks_from_handler_inside_calls(void)
{
    struct sigaction sa = {.sa_handler = fork_from_handler};
    sigemptyset(&sa.sa_mask);
    struct itimerval every_2ms = {{0, 2000}, {0, 2000}};
    if (hinit(1 << 20) != 0 || sigaction(SIGALRM, &sa, NULL) != 0 || setitimer(ITIMER_REAL, &every_2ms, NULL) != 0)
        return 2;
    for (unsigned long calls = 0; signal_forks < SIGNAL_FORKS; calls++) {
        void *p = halloc(16 + calls % 512);
        if (!p)
            return 3;
        hfree(p);
    }
    return signal_fork_failures ? 4 : hcheck() != 0 ? 5 : 0;
}

Test(threads, fork_from_a_signal_handler_inside_a_call)
{
    pid_t pid = fork();
    cr_assert_neq(pid, -1, "fork: errno %d", errno);
    if (pid == 0)
        _exit(forks_from_handler_inside_calls());
    int status = 0, waited_ms = 0;
    pid_t done;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && waited_ms < 30000) {
        usleep(10000);
        waited_ms += 10;
    }
    if (done == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        cr_assert_fail("a fork from a signal handler hung for 30 s: the fork handler waited for the heap lock "
                "held by the call the signal interrupted");
    }
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "the forking process failed (status %#x; exit 2 setup, 3 halloc failed, 4 a child failed, 5 hcheck)",
              status);
}
