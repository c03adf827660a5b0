/*
 * workloads.h - the synthetic workloads built in memory (README.md "Workloads").
 * Deterministic: the same seed gives the same ops on every run and machine.
 */
#ifndef BENCH_WORKLOADS_H
#define BENCH_WORKLOADS_H

#include <stddef.h>
#include <stdint.h>

#include "trace.h"

/* Mixed random sizes, malloc/free/realloc over a bounded set of slots. */
int workload_mixed(trace *t, size_t n_ops, uint64_t seed);
#define WORKLOAD_MIXED_NAME "mixed"
/* scale-LIVE, workload_scaling's name for a heap of live blocks. */
void workload_scaling_name(size_t live, char *name, size_t len);

/* Steady state on a heap holding `live` blocks: untimed setup allocates
 * them, then n_pairs times a random block is freed and reallocated with a
 * random size. */
int workload_scaling(trace *t, size_t live, size_t n_pairs, uint64_t seed);

#endif /* BENCH_WORKLOADS_H */
