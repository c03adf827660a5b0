/*
 * decay.h - a jemalloc-style page-run heap whose freed pages stay dirty
 * until DECAY_OPS operations pass without their reuse, then are given back
 * with MADV_DONTNEED and trusted to read zero (fuzz/rounds/README.md). Bugs
 * planted in decay.c, which lists them.
 */
#ifndef ROUNDS_DECAY_H
#define ROUNDS_DECAY_H
#include <stddef.h>

#define DECAY_ALIGNMENT 16

struct decay;

struct decay *decay_create(size_t bytes);
void decay_destroy(struct decay *h);
void *decay_malloc(struct decay *h, size_t n);
void *decay_calloc(struct decay *h, size_t n, size_t size);
void *decay_aligned(struct decay *h, size_t align, size_t n);
void *decay_realloc(struct decay *h, void *p, size_t n);
int decay_free(struct decay *h, void *p); /* 0, or EINVAL for a pointer that is no live block */
size_t decay_usable(struct decay *h, void *p);
int decay_trim(struct decay *h);          /* purge every dirty run now, unmap empty chunks */
int decay_contains(struct decay *h, const void *p, size_t n);
void decay_stats(struct decay *h, size_t *in_use, size_t *live);
int decay_check(struct decay *h, char *msg, size_t len);

#endif
