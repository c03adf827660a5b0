/*
 * threads.c - a threaded run: one heap, a few threads calling it at once,
 * each running a program of its own under exec.c's ops and oracles against a
 * model of its own blocks, and blocks handed from thread to thread, so that
 * one thread frees or reallocs what another allocated (where thread-caching
 * allocators go wrong). Built with ThreadSanitizer (make fuzz-threads), a
 * race inside the allocator is reported even when no block is damaged.
 *
 * Input (binary only):
 *   byte 0     threads = FUZZ_THREADS_MIN + byte % 3 (2 to 4); an empty input: 2, no ops
 *   the rest   4-byte records as in fuzz/ops.h; record i is thread (i % threads)'s next op;
 *              record 0, thread 0's first op, may be op heap, which chooses the heap they share
 * Each thread has its own 64 slots. Ops 0-7 and free-all (of its own blocks)
 * do what ops.h says; check runs the allocator's checker while the others run
 * (check trim: trim() first, then the thread's own blocks verified). The
 * bad-input ops hand blocks over instead (harness.h, fuzz_thread_op_name):
 *   give S   (10, 12, 14, 16)  slot S's block, verified, goes to the next
 *                              thread's mailbox (empty slot, or a full
 *                              mailbox, MAILBOX_CAP blocks: nothing)
 *   take S   (11, 13, 15)      the oldest block in this thread's mailbox goes
 *                              into slot S (a block there is freed first), is
 *                              checked for overlap and verified, and is this
 *                              thread's from then on
 * free on an empty slot is free(NULL), which must return 0.
 * Off while the threads run, since every other thread changes the heap too,
 * or with no single run for maps.c to consult (fuzz_running() stays NULL):
 * the oracles fuzz_threads_print_unjudged lists, and crash.c's op named after
 * a sanitizer's report. After the threads are joined, the main
 * thread verifies every thread's blocks, empties each mailbox into its
 * thread, frees every thread's blocks but thread 0's, compares stats and runs
 * the checker against thread 0's model, then frees thread 0's and compares
 * and checks again, as run.c's final phase does; after destroy() it judges
 * the mappings any thread made and left (left_mapped), as run.c does.
 */
#define _GNU_SOURCE /* pthread_setname_np, for ThreadSanitizer's report (name_thread) */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "threads.h"
#include "threads-where.h"

/* A thread that allocates and gives again and again fills its neighbour's
 * mailbox without bound; past this many blocks a give does nothing (a bigger
 * ring would overwrite its oldest block: one block taken twice, one leaked). */
#define MAILBOX_CAP (FUZZ_SLOTS * FUZZ_THREADS_MAX)

/* The one list of what no oracle judges while the threads run at once (exec.c, badops.c and maps.c
 * test c->opt.concurrent or fuzz_running()): whole-heap figures, and munmap, madvise and mprotect judged
 * against one run's blocks. A refusal on a heap claiming FUZZ_NO_HEAP_LIMIT is still judged, and so are
 * the mappings destroy() leaves (left_mapped), after the join (destroy_heap). */
void fuzz_threads_print_unjudged(void)
{
    char list[512];
    snprintf(list, sizeof list, "stats against the model (stats_mismatch), %s, spurious_growth, the pristine probe, "
             "a bad free or free(NULL) changing nothing, unmap_live, unmap_foreign, discard_live, protect_live",
             fuzz_allocator.caps & FUZZ_NO_HEAP_LIMIT
                 ? "spurious_oom by largest_free (a refusal still fires it: FUZZ_NO_HEAP_LIMIT)" : "spurious_oom");
    fuzz_print_unjudged_also(list);
    fuzz_einval_print(); /* as make fuzz's end: a run of only refusals is not plainly clean */
}

struct mailbox {
    struct fuzz_block blocks[MAILBOX_CAP];
    size_t head, count;
};

static struct {
    unsigned n;
    int lockstep;
    size_t turn;                 /* lockstep: the input's op whose turn it is */
    pthread_mutex_t lock;        /* mailboxes and turn */
    pthread_cond_t turn_changed;
    struct mailbox box[FUZZ_THREADS_MAX];
    struct fuzz_ctx ctx[FUZZ_THREADS_MAX];
    struct fuzz_op *ops;         /* the decoded input, FUZZ_THREADS_MAX programs laid end to end */
    size_t cap;
} run = {.lock = PTHREAD_MUTEX_INITIALIZER, .turn_changed = PTHREAD_COND_INITIALIZER};

/* ThreadSanitizer's defaults for the threaded binaries (TSAN_OPTIONS still
 * wins): stop at the first race, so that libFuzzer saves the input that
 * showed it and a replay ends there; and, as crash.c asks of ASan, return
 * NULL for the requests the harness makes on purpose that the sanitizer's
 * malloc refuses (huge sizes, alignments it does not take), not end the run.
 * libFuzzer's -timeout handler mallocs in its SIGALRM handler: TSan called
 * that "signal-unsafe call inside of a signal ... in malloc" and stopped there,
 * hiding the timeout (threads stuck on a lock never released) it was about to
 * report, so that check is off. And no wait at exit: TSan sleeps a second
 * (atexit_sleep_ms) when a thread is left, as libFuzzer's RSS thread always
 * is, for reports that other threads are still printing; the harness joins
 * its threads after every input, so none can be, and every clean run paid
 * that second for nothing. */
const char *__tsan_default_options(void);
FUZZ_NOT_INSTRUMENTED const char *__tsan_default_options(void)
{
    return "halt_on_error=1:allocator_may_return_null=1:report_signal_unsafe=0:atexit_sleep_ms=0";
}

void fuzz_require_thread_safe_adapter(void)
{
    fuzz_require_valid_adapter();
    if (fuzz_allocator.caps & FUZZ_THREAD_SAFE)
        return;
    fprintf(stderr, "halloc-fuzz: adapter '%s' does not claim FUZZ_THREAD_SAFE in its caps, so it is not fuzzed "
                    "from several threads; add the flag only if every function may run at once on one heap "
                    "(fuzz/ADAPTERS.md)\n", fuzz_allocator.name);
    exit(2);
}

static unsigned thread_count(const uint8_t *data, size_t size)
{
    return FUZZ_THREADS_MIN + (size ? data[0] % (FUZZ_THREADS_MAX - FUZZ_THREADS_MIN + 1) : 0);
}

size_t fuzz_thread_ops(const uint8_t *data, size_t size, unsigned *threads)
{
    if (threads)
        *threads = thread_count(data, size);
    return size > 1 ? fuzz_ops_capped((size - 1) / FUZZ_RECORD_BYTES) : 0;
}

/* Splits the input into the threads' programs: thread t's go to
 * run.ops + t * per, per = records / n rounded up. Returns per, or
 * SIZE_MAX if memory ran out. */
static size_t split(const uint8_t *data, size_t size, unsigned n, size_t counts[])
{
    size_t records = fuzz_thread_ops(data, size, NULL), per = (records + n - 1) / n;
    if ((size_t)n * per + records + 1 > run.cap) {
        free(run.ops);
        run.cap = (size_t)n * per + records + 1;
        run.ops = malloc(run.cap * sizeof *run.ops);
        if (!run.ops) {
            run.cap = 0;
            return SIZE_MAX;
        }
    }
    struct fuzz_op *all = run.ops + (size_t)n * per; /* the tail holds the decoded input */
    fuzz_decode_input(size ? data + 1 : data, records * FUZZ_RECORD_BYTES, all); /* record 0 may be op heap */
    for (unsigned t = 0; t < n; t++)
        counts[t] = 0;
    for (size_t i = 0; i < records; i++)
        run.ops[(i % n) * per + counts[i % n]++] = all[i];
    return per;
}


void fuzz_print_thread_programs(const uint8_t *data, size_t size, FILE *out)
{
    unsigned n = thread_count(data, size);
    size_t counts[FUZZ_THREADS_MAX], per = split(data, size, n, counts);
    char text[FUZZ_OP_TEXT_MAX];
    if (per == SIZE_MAX)
        return;
    fprintf(out, "# %u threads\n", n);
    for (unsigned t = 0; t < n; t++) {
        fprintf(out, "# thread %u: %zu op%s\n", t, counts[t], hl_plural_s(counts[t]));
        for (size_t i = 0; i < counts[t]; i++) {
            fuzz_thread_op_text(&run.ops[t * per + i], text, sizeof text);
            fprintf(out, "  #%-4zu %s\n", i, text);
        }
    }
}


/* ---- hand-overs ---- */

static void verify_slot(struct fuzz_ctx *c, unsigned slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    struct fuzz_damage d;
    fuzz_touch_begin(&c->touch, "reading", slot);
    int bad = c->opt.shadow && fuzz_check_block(b, b->ptr, b->usable, &c->budget, &d);
    fuzz_touch_end(&c->touch);
    if (bad)
        oracle_pattern_corrupted(c, (int)slot, &d);
}

/* The block leaves this thread's index without exec.c's gap marks
 * (fuzz_gap_left): they feed only crash.c's HALLOC_FUZZ_USABLE=off line, which
 * reads one run's blocks (fuzz_running()) and so is never printed for a
 * threaded run; each thread's index holds its own blocks only, no heap's
 * neighbours. The block's vouched and held go with it, for its report. */
static void give(struct fuzz_ctx *c, unsigned slot)
{
    struct fuzz_block b = c->slot[slot];
    if (!b.ptr)
        return;
    verify_slot(c, slot);
    struct mailbox *m = &run.box[(unsigned)c->thread % run.n]; /* thread t's is t - 1 */
    pthread_mutex_lock(&run.lock);
    if (m->count < MAILBOX_CAP) {
        fuzz_index_remove(&c->index, slot);
        c->slot[slot].ptr = NULL;
        m->blocks[(m->head + m->count++) % MAILBOX_CAP] = b;
    }
    pthread_mutex_unlock(&run.lock);
}

static void take(struct fuzz_ctx *c, unsigned slot)
{
    struct mailbox *m = &run.box[c->thread - 1];
    struct fuzz_block b;
    pthread_mutex_lock(&run.lock);
    int got = m->count > 0;
    if (got) {
        b = m->blocks[m->head];
        m->head = (m->head + 1) % MAILBOX_CAP;
        m->count--;
    }
    pthread_mutex_unlock(&run.lock);
    if (!got)
        return;
    c->freed_first = c->slot[slot].ptr != NULL;
    fuzz_release(c, slot);
    c->slot[slot] = b;
    int other = fuzz_index_insert(&c->index, slot);
    if (other >= 0 && c->opt.shadow)
        oracle_overlap(c, (int)slot, other);
    verify_slot(c, slot);
}

/* ---- one thread ---- */

static void thread_op(struct fuzz_ctx *c, const struct fuzz_op *op)
{
    const char *handing = fuzz_thread_op_name(c, op->kind);
    if (handing)
        (handing[0] == 'g' ? give : take)(c, op->slot);
    else
        fuzz_exec_op(c, op); /* free(NULL) too: exec.c leaves out what other threads change */
}

/* Lockstep: op i of the input runs only after op i - 1 has returned. */
static void wait_turn(size_t turn)
{
    pthread_mutex_lock(&run.lock);
    while (run.turn != turn)
        pthread_cond_wait(&run.turn_changed, &run.lock);
    pthread_mutex_unlock(&run.lock);
}

static void pass_turn(void)
{
    pthread_mutex_lock(&run.lock);
    run.turn++;
    pthread_cond_broadcast(&run.turn_changed);
    pthread_mutex_unlock(&run.lock);
}

static void name_thread(const struct fuzz_ctx *c)
{
    char name[32];
    fuzz_thread_name(name, (unsigned)c->thread - 1, run.n);
    pthread_setname_np(pthread_self(), name); /* a name not set costs the report only the mapping */
}

static void *thread_main(void *arg)
{
    struct fuzz_ctx *c = arg;
    fuzz_where_thread_started(c);
    fuzz_maps_thread(c);
    fuzz_threads_set_thread(c->thread);
    name_thread(c);
    for (c->cur = 0; c->cur < c->nops; c->cur++) {
        if (run.lockstep) {
            fuzz_where_set(c, AT_TURN);
            wait_turn(c->cur * run.n + (size_t)(c->thread - 1));
        }
        c->resolved[c->cur % FUZZ_HISTORY] = SIZE_MAX;
        c->refused[c->cur % FUZZ_HISTORY] = 0;
        c->frees_null = c->freed_first = 0;
        fuzz_where_set(c, AT_OP);
        thread_op(c, &c->ops[c->cur]);
        int on_schedule = c->cur % FUZZ_VERIFY_EVERY == FUZZ_VERIFY_EVERY - 1;
        if (c->opt.every_op || on_schedule)
            fuzz_verify_own(c, on_schedule);
        /* Alone in the heap, the others waiting their turn: a replay's check after every op,
         * as make replay's, names the op (and thread) that broke it, not a later check op. */
        if (run.lockstep && c->opt.every_op)
            fuzz_run_checker(c);
        if (run.lockstep)
            pass_turn();
    }
    fuzz_where_set(c, AT_DONE);
    return NULL;
}

/* ---- the run ---- */

static void start_thread_ctx(unsigned t, const struct fuzz_op *ops, size_t count, const struct fuzz_options *opt)
{
    struct fuzz_ctx *c = &run.ctx[t];
    fuzz_ctx_init(c, ops, count, opt);
    c->opt.concurrent = 1;
    c->thread = (int)t + 1;
    c->generation = (uint64_t)t << 48; /* patterns differ between threads: a block handed out twice shows */
    memset(&run.box[t], 0, sizeof run.box[t]);
}

/* In the main thread, which then runs phase for c (and maps as c: maps.c). */
static void set_phase(struct fuzz_ctx *c, const char *phase)
{
    c->phase = phase;
    fuzz_maps_thread(c);
    fuzz_where_final_step(phase);
}

/* Every block accounted for, then freed, with stats and the checker
 * compared against what is left (the main thread, after the join). */
static void final_phase(void)
{
    for (unsigned t = 0; t < run.n; t++) {
        struct fuzz_ctx *c = &run.ctx[t];
        c->cur = c->nops;
        c->opt.concurrent = 0;
        set_phase(c, "the final phase (every thread joined; this thread's blocks verified, its mailbox taken)");
        fuzz_verify_own(c, 1);
        while (run.box[t].count) {
            unsigned slot = 0;
            while (slot < FUZZ_SLOTS - 1 && c->slot[slot].ptr)
                slot++;
            take(c, slot);
        }
    }
    for (unsigned t = run.n; t-- > 1;) {
        set_phase(&run.ctx[t], "the final free-all of this thread's blocks (threads 1 and up, highest first)");
        fuzz_free_all(&run.ctx[t], FUZZ_ORDER_SLOTS);
    }
    struct fuzz_ctx *c0 = &run.ctx[0];
    set_phase(c0, "the check with only thread 0's blocks left (every other thread's freed)");
    fuzz_check_model(c0);
    fuzz_run_checker(c0);
    set_phase(c0, "the final free-all of thread 0's blocks");
    fuzz_free_all(c0, FUZZ_ORDER_SLOTS);
    set_phase(c0, "the check after the final free-all (every block freed)");
    fuzz_check_model(c0);
    fuzz_run_checker(c0);
}

/* The heap every thread shares, made by the main thread as thread 0's
 * context: what create() maps is this run's too (maps.c). NULL if refused. */
static void *create_heap(void)
{
    struct fuzz_ctx *c0 = &run.ctx[0];
    c0->phase = HEAP_CREATE_STEP; /* no final_step: not after the join */
    fuzz_maps_thread(c0);
    void *heap = fuzz_heap_create(&fuzz_allocator, c0->heap_bytes, c0->heap_lead);
    c0->phase = NULL;
    fuzz_maps_thread(NULL);
    for (unsigned t = 0; t < run.n; t++)
        run.ctx[t].heap = heap;
    return heap;
}

/* After the final phase, thread 0's model holds the whole heap (every
 * thread's blocks freed, each mailbox emptied): destroy() is judged as a
 * single-threaded run's, mappings any thread made still mapped after it
 * firing left_mapped (maps.c). */
static void destroy_heap(void *heap)
{
    struct fuzz_ctx *c0 = &run.ctx[0];
    set_phase(c0, "destroy (after the final phase, every block freed; the adapter's destroy())");
    fuzz_heap_destroy(&fuzz_allocator, heap);
    for (unsigned t = 0; t < run.n; t++)
        run.ctx[t].heap = NULL; /* a report's allocator check must not walk the heap destroyed */
    fuzz_maps_note_left(c0);
    fuzz_maps_thread(NULL);
}

static void start_threads(pthread_t *tid)
{
    for (unsigned t = 0; t < run.n; t++) {
        int err = pthread_create(&tid[t], NULL, thread_main, &run.ctx[t]);
        if (err != 0) {
            fprintf(stderr, "halloc-fuzz: pthread_create failed (%s); a threaded run needs %u threads: raise the "
                            "process's thread limit (ulimit -u)\n", strerror(err), run.n);
            abort();
        }
    }
}

int fuzz_run_threads(const uint8_t *data, size_t size, const struct fuzz_options *opt, long which, long runs)
{
    size_t counts[FUZZ_THREADS_MAX];
    pthread_t tid[FUZZ_THREADS_MAX];
    fuzz_require_thread_safe_adapter();
    run.n = thread_count(data, size);
    size_t per = split(data, size, run.n, counts);
    if (per == SIZE_MAX) {
        fprintf(stderr, "halloc-fuzz: out of memory decoding a %zu-byte threaded input\n", size);
        abort();
    }
    fuzz_maps_new_run();
    fuzz_where_new_run(run.ctx, run.n);
    for (unsigned t = 0; t < run.n; t++)
        start_thread_ctx(t, run.ops + t * per, counts[t], opt);
    for (unsigned t = 1; t < run.n; t++) { /* thread 0's op #0 heap chose the heap they share */
        run.ctx[t].heap_bytes = run.ctx[0].heap_bytes;
        run.ctx[t].heap_lead = run.ctx[0].heap_lead;
    }
    fuzz_threads_set_run(run.n, which, runs);
    void *heap = create_heap();
    fuzz_threads_created();
    if (!heap)
        return -1;
    fuzz_where_publish();
    run.lockstep = which == 0;
    run.turn = 0;
    start_threads(tid);
    for (unsigned t = 0; t < run.n; t++)
        pthread_join(tid[t], NULL);
    final_phase();
    destroy_heap(heap);
    return 0;
}
