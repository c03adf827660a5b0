/*
 * crash.h - between crash.c and crash-threads.c (what a crash's report
 * says), crash-signals.c (the hooks and signal handlers that have it said)
 * and timeout.c (a run past its time limit): private to the four.
 */
#ifndef FUZZ_CRASH_H
#define FUZZ_CRASH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* crash.c: the running op's context (the call under way, where the fault
 * lies, then the ops up to it), after "halloc-fuzz: WHY at op #N"; nothing
 * when no run is under way. The crash printer of replay and AFL++'s target.
 * Its two halves, for a caller with a line of its own on the cause (a
 * timeout's loop), which goes between them, before the ops. */
void fuzz_print_crash_context(const char *why);
void fuzz_print_crash_explained(const char *why);
void fuzz_print_crash_ops(void);
/* crash.c: the context printed next is a time limit's (timeout.c), not a
 * fault's: the harness's own pass over a block is named as slow, not blamed. */
void fuzz_crash_timing_out(void);

/* crash-signals.c: the latest free, when the running op is an allocation
 * after one or trim() runs (NULL otherwise): what an allocation or a sweep
 * that stops or loops there may have met, a free list that free wrote wrong. */
struct fuzz_ctx;
struct fuzz_freed;
const struct fuzz_freed *fuzz_allocating_after_free(const struct fuzz_ctx *c);

/* crash-signals.c: a line on ASan's stack-overflow, if that was the report. */
void fuzz_print_stack_ran_out(void);

/* crash-threads.c: how fuzz_threads_name_stop names a thread's op (threads.c's
 * fuzz_threads_print_op, which the single-threaded drivers do not link). */
void fuzz_threads_name_ops_by(void (*name_op)(FILE *out, int thread));

/* crash-signals.c: the address a SIGSEGV or SIGBUS faulted at, NULL if none;
 * whether it was a SIGSEGV in the null page (a NULL pointer followed). */
void *fuzz_fault_address(void);
int fuzz_fault_in_null_page(void);
/* crash-signals.c: whether the allocator stopped the program itself (its own
 * abort() or trap), not a fault. */
int fuzz_allocator_stopped(void);

/* crash-signals.c: whether the fault was a SIGSEGV with no address, the
 * kernel's own (a general-protection fault: a non-canonical address
 * followed); *regs and *count, the registers that held a non-canonical
 * value then (x86-64 only; none elsewhere). */
#define FUZZ_WILD_REGISTERS 4
struct fuzz_wild_register {
    const char *name;
    uint64_t value;
};
int fuzz_fault_wild(const struct fuzz_wild_register **regs, size_t *count);

#endif /* FUZZ_CRASH_H */
