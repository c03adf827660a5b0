/*
 * replay.h - running a trace against halloc or glibc malloc, timed or measured.
 *
 * A timed run executes the trace's setup ops untimed, times the rest with
 * CLOCK_MONOTONIC, then frees whatever is still live (untimed). A measured
 * run executes the same ops one at a time, sampling the allocator's footprint
 * after each, so it is slow and never timed (README.md "Utilization").
 */
#ifndef BENCH_REPLAY_H
#define BENCH_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "halloc.h"
#include "trace.h"

/* TARGET_ADAPTER: any allocator through its fuzz adapter (fuzz/adapter.h),
 * present only when the bench is linked with one (make bench TARGET=...). */
enum target_kind { TARGET_HALLOC, TARGET_GLIBC, TARGET_ADAPTER };

typedef struct target {
    enum target_kind kind;
    void *heap; /* TARGET_HALLOC: the halloc_heap; TARGET_ADAPTER: the adapter's handle */
    size_t heap_bytes; /* TARGET_ADAPTER: what create() was asked, for a refusal's advice */
} target;

/* The linked adapter, or NULL: the plain bench links none. */
const struct fuzz_allocator *bench_adapter(void);

typedef struct footprint {
    size_t high_water; /* peak of the highest payload end handed out (bytes) */
    size_t mapped;     /* peak of the memory the allocator took from the OS (bytes) */
    int off_brk;       /* glibc put blocks beyond its brk heap, not in chunks of their own mmap
                        * (valgrind caps the brk heap): high_water and mapped unknown, 0 */
} footprint;

const char *target_name(const target *tg);
const char *target_kind_name(enum target_kind kind); /* "halloc", "glibc", "yours" */

/* Remembers where the program break started; call first thing in main. */
void replay_note_brk_origin(void);

/* CLOCK_MONOTONIC in ns, the clock every timing is read from. */
uint64_t replay_clock_ns(void);

/* slots: a zeroed table of t->null_id + 1 pointers (trace.h), left zeroed on return.
 * Each returns 0, or -1 with a one-line message in err. */
/* The timed ops, t->ops[timed_from, n_ops), on the blocks the setup ops
 * left in slots; returns the index of the first that failed, or n_ops.
 * Only they run inside it, so a profiler that counts inside one function
 * counts the steady state alone (valgrind --tool=callgrind
 * --toggle-collect=replay_steady_state; README.md "Counting one allocator"). */
size_t replay_steady_state(const target *tg, const trace *t, void **slots);
int replay_timed(const target *tg, const trace *t, void **slots, uint64_t *elapsed_ns,
                 char *err, size_t errlen);
int replay_measured(const target *tg, const trace *t, void **slots, footprint *fp,
                    char *err, size_t errlen);

#endif /* BENCH_REPLAY_H */
