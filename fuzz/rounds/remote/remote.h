/*
 * remote.h - an snmalloc/mimalloc-style allocator: each thread owns pages of
 * one size class and frees into them without a lock; a block freed by a
 * thread that does not own its page goes onto that page's atomic remote-free
 * list, which the owner collects (fuzz/rounds/README.md). Bugs planted in
 * remote.c.
 */
#ifndef ROUNDS_REMOTE_H
#define ROUNDS_REMOTE_H
#include <stddef.h>

#define RMT_ALIGNMENT 16

struct rmt;

struct rmt *rmt_create(size_t bytes);
void rmt_destroy(struct rmt *h);
void *rmt_malloc(struct rmt *h, size_t n);
void *rmt_calloc(struct rmt *h, size_t n, size_t size);
void *rmt_aligned(struct rmt *h, size_t align, size_t n);
void *rmt_realloc(struct rmt *h, void *p, size_t n);
void rmt_free(struct rmt *h, void *p);
size_t rmt_usable(struct rmt *h, void *p);
int rmt_trim(struct rmt *h); /* the caller's pages collected, emptied ones retired, empty segments unmapped */
int rmt_contains(struct rmt *h, const void *p, size_t n);
void rmt_stats(struct rmt *h, size_t *in_use, size_t *live);
/* Waits until no other call runs on h (a quiescent point), then checks. */
int rmt_check(struct rmt *h, char *msg, size_t len);

#endif
