/*
 * default.c - the classic API (hinit / halloc / hfree / ...) over one default
 * heap: thread-safe, created by hinit or, lazily with 1 MiB, by the first call
 * that needs it. hfini is not safe against concurrent use of the heap.
 */
#include "internal.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>

static _Atomic(halloc_heap *) hl_default_heap;
static pthread_mutex_t hl_default_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * fork() copies one thread. Had another been inside a call on the default
 * heap, the child's copy of the heap lock would stay held by a thread that
 * does not exist there, and the child's first halloc would wait for ever.
 * So the locks are taken before a fork and let go in both processes after
 * it (the thread that forked holds them in the child too), creation lock
 * first, as in hfini. The heap locked is remembered: hfini and hinit in
 * another thread cannot swap it in between.
 *
 * A lock the forking thread itself holds or is about to take is skipped: a
 * signal handler that forks (a crash reporter, say, after halloc aborted
 * on a damaged heap) interrupted that thread's own call, which would never
 * let go of it; that call finishes in both processes once the handler
 * returns. The thread-local flags say which (hl_thread_heap: books.h).
 */
static _Thread_local volatile sig_atomic_t hl_thread_creating __attribute__((tls_model("initial-exec")));
static int hl_fork_took_creation;
static halloc_heap *hl_fork_locked;

static void hl_creation_lock(void)
{
    hl_thread_creating = 1;
    pthread_mutex_lock(&hl_default_lock);
}

static void hl_creation_unlock(void)
{
    pthread_mutex_unlock(&hl_default_lock);
    hl_thread_creating = 0;
}

static void hl_default_before_fork(void)
{
    hl_fork_took_creation = !hl_thread_creating;
    if (hl_fork_took_creation)
        pthread_mutex_lock(&hl_default_lock);
    halloc_heap *h = atomic_load(&hl_default_heap);
    hl_fork_locked = h && h->config.thread_safe && hl_thread_heap != h ? h : NULL;
    if (hl_fork_locked)
        pthread_mutex_lock(&hl_fork_locked->lock);
}

static void hl_default_after_fork(void)
{
    if (hl_fork_locked)
        pthread_mutex_unlock(&hl_fork_locked->lock);
    hl_fork_locked = NULL;
    if (hl_fork_took_creation)
        pthread_mutex_unlock(&hl_default_lock);
}

/* Once, and as early as can be: at load. A pthread_atfork handler
 * registered before these (a program's main, say, that allocates only
 * later) has its prepare handler run after ours and its child handler
 * before ours: one that allocates from the default heap would wait for
 * the heap lock that its own thread holds. The preload shim relies on this
 * running before its own pthread_atfork, so that its recorder's lock is
 * taken first. A program that never makes the default heap pays a mutex
 * lock and unlock per fork. */
static void hl_default_heap_made(void)
{
    /* Not pthread_once: pthread_atfork may call malloc, which under the
     * preload shim comes back here; it must return, not wait for itself. */
    static atomic_flag registered = ATOMIC_FLAG_INIT;
    if (!atomic_flag_test_and_set(&registered))
        (void)pthread_atfork(hl_default_before_fork, hl_default_after_fork, hl_default_after_fork);
}

__attribute__((constructor)) static void hl_default_at_load(void) { hl_default_heap_made(); }

int hinit_config(const halloc_config *config)
{
    hl_creation_lock();
    int rc = -1;
    if (atomic_load(&hl_default_heap)) {
        hl_report_create_failed(EBUSY, "halloc: hinit: the default heap already exists: use it, or end it with "
                                       "hfini first (its blocks die with it)");
    } else {
        halloc_heap *h = halloc_create_ex(config);
        if (h) {
            atomic_store(&hl_default_heap, h);
            hl_default_heap_made();
            rc = 0;
        }
    }
    hl_creation_unlock();
    return rc;
}

int hinit(size_t size)
{
    if (size == 0)
        return hl_report_bad_size(NULL, "hinit");
    halloc_config config = halloc_default_config();
    config.initial_size = size;
    return hinit_config(&config);
}

halloc_heap *hdefault(void)
{
    halloc_heap *h = atomic_load_explicit(&hl_default_heap, memory_order_acquire);
    if (h)
        return h;
    hl_creation_lock();
    h = atomic_load(&hl_default_heap);
    if (!h && (h = halloc_create_ex(NULL))) { /* the defaults: 1 MiB, thread-safe */
        atomic_store(&hl_default_heap, h);
        hl_default_heap_made();
    }
    hl_creation_unlock();
    return h;
}

void *halloc(size_t size)
{
    halloc_heap *h = hdefault();
    return h ? halloc_malloc(h, size) : NULL;
}

void hfree(void *ptr)
{
    halloc_heap *h = atomic_load(&hl_default_heap);
    if (!ptr)
        return;
    if (!h) {
        hl_report_no_default_heap(ptr);
        return;
    }
    halloc_free(h, ptr);
}

void *hrealloc(void *ptr, size_t size)
{
    halloc_heap *h = hdefault();
    return h ? halloc_realloc(h, ptr, size) : NULL;
}

void *hcalloc(size_t n, size_t size)
{
    halloc_heap *h = hdefault();
    return h ? halloc_calloc(h, n, size) : NULL;
}

int hcheck(void)
{
    halloc_report rep;
    char where[HL_CHECK_WHERE_LEN];
    halloc_heap *h = atomic_load(&hl_default_heap);
    if (!h || hl_check_where(h, &rep, where, sizeof where) == 0)
        return 0;
    fprintf(stderr, "halloc: hcheck: %s%s: %s\n", halloc_invariant_name(rep.invariant), where, rep.message);
    return -1;
}

void hdump(void)
{
    halloc_heap *h = atomic_load(&hl_default_heap);
    if (h)
        halloc_dump(h, stdout);
    else
        printf("halloc: no default heap (not made yet, or hfini ended it)\n");
}

void hfini(void)
{
    hl_creation_lock();
    halloc_heap *h = atomic_exchange(&hl_default_heap, NULL);
    if (h)
        halloc_destroy(h);
    hl_creation_unlock();
}
