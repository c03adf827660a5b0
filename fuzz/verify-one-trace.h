/*
 * verify-one-trace.h - one allocator-lab trace replayed against the adapter
 * under the fuzzer's oracles (verify-one-trace.c: the checks verify-traces.c's
 * comment lists, and the one-screen report of the first failure). The
 * command around it, verify-traces.c, reads the trace, maps the tables by
 * id, fills a struct verifier and prints the verdict.
 */
#ifndef FUZZ_VERIFY_ONE_TRACE_H
#define FUZZ_VERIFY_ONE_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "../bench/trace.h" /* the lab format; fuzz/trace.h is the fuzzer text format */

/* A full check reads every live block; past CHECK_SPREAD x 8 live
 * blocks the checks thin out to every live/CHECK_SPREAD-th op, so each
 * op pays for about CHECK_SPREAD blocks however large the trace; and past
 * CHECK_SPREAD_BYTES x 8 bytes live, to every in_use/CHECK_SPREAD_BYTES-th
 * op, so big blocks cost no more per op than small ones (500 blocks of 64
 * KiB live took 3.2 ms an op, 20,000 ops 64 s: a 10M-op trace, 9 hours). */
#define CHECK_SPREAD 64
#define CHECK_SPREAD_BYTES (CHECK_SPREAD * 256)

struct verifier {
    const struct fuzz_allocator *a;
    void *heap;
    const char *path;
    const trace *t;
    struct fuzz_index ix;  /* blocks by trace id (ptr NULL: not live), live ones by address */
    size_t *made_at;       /* by id: the op that placed its block (alloc, or a realloc) */
    uint64_t generation;
    size_t cur;            /* op running */
    size_t check_every;    /* 0: the fuzzer's schedule (harness.h) */
    int usable;            /* ask usable_size (HALLOC_FUZZ_USABLE); else a block is its request */
    size_t checks;
    size_t checked_at;     /* ops done at the last full check */
    int checker_failed;    /* the failure being reported is the checker's own */
    struct fuzz_touch touch; /* the harness's own access to block memory under way */
    double progress_every; /* seconds between progress lines; 0: none */
    size_t heap_bytes;     /* what create() was asked for, for a refusal's advice */
};

/* Replays v->t from a fresh heap of heap_bytes (fitted: the size is the
 * default, 4 x the peak live payload, not -H); 0 clean, -1 after a failure
 * report. The caller sets a, path, t, ix, made_at, check_every, usable and
 * progress_every. */
int verify(struct verifier *v, size_t heap_bytes, int fitted);
/* Once per process, before the first verify(): a crash inside the allocator
 * prints the trace line it happened at, and its exit() mid-trace fails the
 * run instead of ending it silently (read as clean). */
void verify_watch_process(void);

#endif
