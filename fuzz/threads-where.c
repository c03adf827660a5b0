/*
 * threads-where.c - where each thread of a threaded run is, for the reports
 * that name it: a replay's -t watchdog, a timeout telling stuck threads from
 * slow ones, a crash's op, a sanitizer's stop (threads.h's report side).
 * threads.c moves the state on (threads-where.h).
 */
#include <stdatomic.h>
#include <stdio.h>

#include "harness.h"
#include "threads.h"
#include "threads-where.h"

/* ThreadSanitizer's report numbers threads its own way (T26: one more for
 * every thread of every run before), so its two accesses were tied to no
 * thread of the input. Named (name_thread), each shows on the report's
 * "Thread T26 'halloc t2/3'" line as thread 2 of 3 (the kernel keeps 15
 * characters; this takes at most 11). The buffer is sized for any int, as
 * gcc's -Wformat-truncation asks. */
void fuzz_thread_name(char name[32], unsigned t, unsigned n) { snprintf(name, 32, "halloc t%u/%u", t, n); }

/* Where each thread is, for a replay's -t watchdog (fuzz_threads_print_where),
 * which runs while the threads may be stuck and so takes no lock: op << 2 |
 * state, stored by the thread itself (release) and read with acquire, which
 * also makes run_ctx[t].ops, written before the thread started, safe to
 * read. published: run_n of the run under way, 0 until its threads start
 * (before, a report had no thread to name, and listed nothing);
 * final_step: the main thread's step of final_phase, NULL before it (a run
 * after the first still showed the last run's final step in its create(),
 * which fuzz_threads_creating tells). */
static atomic_size_t at[FUZZ_THREADS_MAX];
static atomic_uint published;
static _Atomic(const char *) final_step;
static atomic_uint final_steps; /* fuzz_where_final_step's calls: a step taken, for fuzz_threads_progress */
static _Atomic(const struct fuzz_ctx *) run_ctx; /* the run's contexts, fuzz_where_new_run's: the same each run */
static unsigned run_n;
/* The reporting thread's own context (NULL: the main thread), for
 * fuzz_threads_describe_now. */
static _Thread_local const struct fuzz_ctx *this_ctx;

void fuzz_where_new_run(const struct fuzz_ctx *ctx, unsigned n)
{
    atomic_store_explicit(&published, 0, memory_order_release);
    atomic_store_explicit(&final_step, NULL, memory_order_release);
    atomic_store_explicit(&run_ctx, ctx, memory_order_relaxed);
    run_n = n;
    for (unsigned t = 0; t < n; t++)
        atomic_store_explicit(&at[t], AT_START, memory_order_relaxed);
}

/* Thread t's context, for a report that may come from any thread. */
static const struct fuzz_ctx *ctx_of(unsigned t) { return &atomic_load_explicit(&run_ctx, memory_order_relaxed)[t]; }

void fuzz_where_publish(void) { atomic_store_explicit(&published, run_n, memory_order_release); }

void fuzz_where_set(const struct fuzz_ctx *c, size_t state)
{
    atomic_store_explicit(&at[c->thread - 1], c->cur << 2 | state, memory_order_release);
}

void fuzz_where_thread_started(const struct fuzz_ctx *c) { this_ctx = c; }

void fuzz_where_final_step(const char *step)
{
    atomic_store_explicit(&final_step, step, memory_order_release);
    atomic_fetch_add_explicit(&final_steps, 1, memory_order_relaxed);
}

/* An op of a thread's program as text, give and take named. */
void fuzz_thread_op_text(const struct fuzz_op *op, char *text, size_t len)
{
    const char *handing = fuzz_thread_kind_name(op->kind);
    if (handing)
        snprintf(text, len, "%s %u", handing, op->slot);
    else
        fuzz_op_text(op, text, len);
}

void fuzz_threads_print_where(FILE *out, int stuck, unsigned earlier)
{
    unsigned n = atomic_load_explicit(&published, memory_order_acquire);
    const char *step = atomic_load_explicit(&final_step, memory_order_acquire);
    char text[FUZZ_OP_TEXT_MAX], name[32];
    for (unsigned t = 0; t < n; t++) {
        size_t v = atomic_load_explicit(&at[t], memory_order_acquire), i = v >> 2;
        if ((v & 3) == AT_OP || (v & 3) == AT_TURN)
            fuzz_thread_op_text(&ctx_of(t)->ops[i], text, sizeof text);
        fuzz_thread_name(name, t, n);
        fprintf(out, "  thread %u of %u ('%s'): ", t, n, name);
        if ((v & 3) == AT_OP)
            fprintf(out, "in op #%zu: %s%s\n", i, text,
                    stuck ? "  (its call has not returned: stuck in the allocator?)" : "");
        else if ((v & 3) == AT_TURN)
            fprintf(out, "waiting for its turn to run op #%zu: %s  (lockstep: another thread's op has not "
                    "returned)\n", i, text);
        else
            fprintf(out, "%s\n", (v & 3) == AT_DONE ? "ran all its ops" : "not started");
        /* A thread runs its program in order, so the ops it ran last are
         * those before op i (i: its op count once done): no record of them
         * to keep while it runs. */
        for (size_t e = i > earlier ? i - earlier : 0; e < i; e++) {
            fuzz_thread_op_text(&ctx_of(t)->ops[e], text, sizeof text);
            fprintf(out, "    earlier #%zu: %s\n", e, text);
        }
    }
    if (step)
        fprintf(out, "  the main thread ('main thread'; every thread joined) is in %s\n", step);
    else if (!n)
        fprintf(out, "  no thread has started: %s\n", fuzz_threads_creating()
                                                            ? "the main thread is in " HEAP_CREATE_STEP
                                                            : "the main thread had no run under way");
    fflush(out);
}

/* Each thread's op << 2 | state only grows in a run (AT_TURN, then AT_OP,
 * then the next op's AT_TURN; AT_DONE past its last op). */
uint64_t fuzz_threads_progress(void)
{
    unsigned n = atomic_load_explicit(&published, memory_order_acquire);
    uint64_t sum = atomic_load_explicit(&final_steps, memory_order_relaxed);
    for (unsigned t = 0; t < n; t++)
        sum += atomic_load_explicit(&at[t], memory_order_acquire);
    return sum;
}

void fuzz_threads_print_op(FILE *out, int thread)
{
    unsigned n = atomic_load_explicit(&published, memory_order_acquire);
    if (thread < 1 || (unsigned)thread > n)
        return;
    size_t v = atomic_load_explicit(&at[thread - 1], memory_order_acquire), i = v >> 2;
    char text[FUZZ_OP_TEXT_MAX];
    if ((v & 3) != AT_OP)
        return;
    fuzz_thread_op_text(&ctx_of((unsigned)thread - 1)->ops[i], text, sizeof text);
    fprintf(out, "  in its op #%zu: %s\n", i, text);
}

void fuzz_threads_write_op(int thread)
{
    unsigned n = atomic_load_explicit(&published, memory_order_acquire);
    if (thread < 1 || (unsigned)thread > n)
        return;
    size_t v = atomic_load_explicit(&at[thread - 1], memory_order_acquire), i = v >> 2;
    if ((v & 3) != AT_OP)
        return;
    const struct fuzz_op *op = &ctx_of((unsigned)thread - 1)->ops[i];
    const char *handing = fuzz_thread_op_name(ctx_of((unsigned)thread - 1), op->kind);
    fuzz_raw_write("  in its op #");
    fuzz_raw_write_number(i);
    fuzz_raw_write(": ");
    fuzz_raw_write(handing ? handing : fuzz_op_info(op->kind)->name);
    if (handing || fuzz_op_info(op->kind)->has_slot || fuzz_op_info(op->kind)->has_count) {
        fuzz_raw_write(" ");
        fuzz_raw_write_number(op->slot + (!handing && fuzz_op_info(op->kind)->has_count)); /* COUNT - 1 */
    }
    fuzz_raw_write(" ...  (make replay-threads, below, prints it whole, with the last ops of every thread)\n");
}

void fuzz_threads_describe_now(char *out, size_t len)
{
    const struct fuzz_ctx *c = this_ctx;
    const char *step = atomic_load_explicit(&final_step, memory_order_acquire);
    char text[FUZZ_OP_TEXT_MAX];
    if (c && c->cur < c->nops) {
        fuzz_thread_op_text(&c->ops[c->cur], text, sizeof text);
        snprintf(out, len, "thread %d of %u, in its op #%zu: %s", c->thread - 1, run_n, c->cur, text);
    } else if (c) {
        snprintf(out, len, "thread %d of %u, after its last op", c->thread - 1, run_n);
    } else {
        snprintf(out, len, "the main thread, in %s", step ? step : HEAP_CREATE_STEP);
    }
}
