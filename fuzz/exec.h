/*
 * exec.h - what exec.c's ops and exec-judge.c share: the judging of an
 * allocating call's answer (exec-judge.c says what each function does).
 * Only those two files include it.
 */
#ifndef FUZZ_EXEC_H
#define FUZZ_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#define SHADOW (c->opt.shadow)
#define HAS(cap) ((c->a->caps & (cap)) != 0)

/* Growth: stats' largest_free promises that a request up to it succeeds
 * without growing. A search that skips a fitting free chunk breaks that
 * silently while the heap may still grow, and would only show as a failure
 * once the heap hit its cap; so every new allocation notes what stats said
 * fits and what the process had mapped before it, and fuzz_judge_growth
 * fires if a request that fitted mapped more memory. */
struct fuzz_growth_watch {
    size_t fits;   /* largest_free before the call; 0: nothing is judged */
    size_t mapped; /* fuzz_maps_mapped() before the call */
};

void fuzz_mark_gap_above(struct fuzz_ctx *c, unsigned slot);
void fuzz_gap_left(struct fuzz_ctx *c, unsigned slot);
void fuzz_adopt(struct fuzz_ctx *c, unsigned slot, void *p, size_t requested, size_t asked, uint64_t seed);
void fuzz_adopt_new(struct fuzz_ctx *c, unsigned slot, void *p, size_t requested, size_t asked);
void fuzz_judge_failure(struct fuzz_ctx *c, size_t size, int err);
struct fuzz_growth_watch fuzz_watch_growth(const struct fuzz_ctx *c);
void fuzz_judge_growth(const struct fuzz_ctx *c, unsigned slot, size_t size, struct fuzz_growth_watch w);

#endif /* FUZZ_EXEC_H */
