/*
 * lookaside.h - a Windows-style heap: a back end of boundary-tag blocks in
 * mmap'd segments, coalesced at once, with a front end of lookaside lists
 * that keep recently freed small blocks busy for the next request of their
 * size (fuzz/rounds/README.md). Bugs planted in lookaside.c.
 */
#ifndef ROUNDS_LOOKASIDE_H
#define ROUNDS_LOOKASIDE_H
#include <stddef.h>

#define LKH_ALIGNMENT 16

struct lkh;

struct lkh *lkh_create(size_t bytes);
void lkh_destroy(struct lkh *h);
void *lkh_malloc(struct lkh *h, size_t n);
void *lkh_calloc(struct lkh *h, size_t n, size_t size);
void *lkh_aligned(struct lkh *h, size_t align, size_t n);
void *lkh_realloc(struct lkh *h, void *p, size_t n);
int lkh_free(struct lkh *h, void *p); /* 0, or EINVAL for a pointer that is no live block */
size_t lkh_usable(struct lkh *h, void *p);
int lkh_trim(struct lkh *h);          /* flush the lookaside lists, unmap empty segments */
int lkh_contains(struct lkh *h, const void *p, size_t n);
void lkh_stats(struct lkh *h, size_t *in_use, size_t *live);
int lkh_check(struct lkh *h, char *msg, size_t len);

#endif
