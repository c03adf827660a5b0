/*
 * threads-where.h - where each thread of a threaded run is (threads.c's
 * state, kept without locks for a watchdog or a sanitizer's stop), shared
 * by threads.c, which moves it on, and threads-where.c, which reports it
 * (fuzz_threads_print_where and the rest of threads.h's report side).
 */
#ifndef FUZZ_THREADS_WHERE_H
#define FUZZ_THREADS_WHERE_H

#include <stddef.h>

#include "harness.h"

/* A thread's state beside its op (fuzz_where_set). */
enum { AT_START, AT_TURN, AT_OP, AT_DONE };

/* A new run of n threads, ctx[t] thread t's context (read by the reports
 * once published): none published, no final step. */
void fuzz_where_new_run(const struct fuzz_ctx *ctx, unsigned n);
/* The threads are about to start: the reports may name them. */
void fuzz_where_publish(void);
/* Called by thread c itself: its op c->cur is in state (AT_TURN, AT_OP) or
 * it ran all its ops (AT_DONE). */
void fuzz_where_set(const struct fuzz_ctx *c, size_t state);
/* Called by thread c as it starts: the context fuzz_threads_describe_now names. */
void fuzz_where_thread_started(const struct fuzz_ctx *c);
/* The main thread's step of the final phase, after the join. */
void fuzz_where_final_step(const char *step);

/* Thread t of n's name (name_thread), and an op of a thread's program as
 * text, give and take named. */
void fuzz_thread_name(char name[32], unsigned t, unsigned n);
void fuzz_thread_op_text(const struct fuzz_op *op, char *text, size_t len);

#endif /* FUZZ_THREADS_WHERE_H */
