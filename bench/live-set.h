/*
 * live-set.h - which ids of a trace are live, and their sizes: the table the
 * parser (trace.c) and trace_finish check every op against, so a replay
 * never frees a block twice or allocates one that is live.
 */
#ifndef BENCH_LIVE_SET_H
#define BENCH_LIVE_SET_H

#include <stddef.h>

#include "trace.h"

/* live_set.pages: ids in pages of LIVE_PAGE_IDS, each page mapped when an
 * id in it is first set, and per id 0 (not live) or its requested size + 1
 * (size 0 is live too). A table up to the highest id used cost an input
 * using id 2^26 - 1 half a GiB, calloc'd and poisoned by ASan in the parse
 * fuzzer (1.9 s an input), and each doubling copied it all; a hash of the
 * live ids made make bench's parse of 10^6 ops in order 1.8 x slower. */
#define LIVE_PAGE_IDS ((size_t)4096)

/* Tracks which ids are live, to validate a trace and find its peak live payload. */
typedef struct live_set {
    size_t **pages;    /* per id: 0, requested size + 1 when live, or HELD_FREED + where it was freed;
                          in pages mapped as used (live-set.c) */
    size_t n_pages;
    size_t num_ids;
    size_t null_id;    /* free(NULL)'s id: num_ids, unless set (trace.h) */
    size_t live;
    size_t peak;
    const char *at_what; /* what live_apply's `at` numbers, for messages: "line" (the parser's), "operation" */
} live_set;

int live_set_init(live_set *ls, size_t num_ids);
/* Why live_set_init(ls, ...) failed, in why: the bytes refused and the ids they were for. */
void live_set_init_refused(const live_set *ls, char *why, size_t whylen);
void live_set_fini(live_set *ls);
/* The bytes the table of live ids maps for an id first used on a page. */
#define LIVE_PAGE_BYTES (LIVE_PAGE_IDS * sizeof(size_t))
/* Applies op, which is at `at` (ls->at_what: a line, an operation's index);
 * 0, or -1 with a one-phrase reason in why (TRACE_NO_MEMORY: the table
 * could not grow, the bytes refused in why, which the caller says is for
 * want of memory, and where, as for live_set_init_refused). */
int live_apply(live_set *ls, const trace_op *op, size_t at, char *why, size_t whylen);

/* An id an 'r id 0' released (glibc's realloc(p, 0) frees p), above every
 * live value (size + 1 <= TRACE_MAX_REQUEST + 1): a third-party recording
 * reuses it in an 'a', as a program reuses a freed block's variable, and a
 * trace written where realloc(p, 0) keeps p frees or reallocs it. So it is
 * taken as freed by an 'a' and as live at size 0 by the rest. */
#define HELD_RELEASED (TRACE_MAX_REQUEST + 2)

/* A freed id keeps where it was freed, above every other value: a later
 * free or realloc of it is refused naming that line, where "not allocated"
 * alone left the reader to search for it. */
#define HELD_FREED (TRACE_MAX_REQUEST + 3)

/* An id's slot read (held): whether it is live, its requested size, whether
 * an 'r id 0' released it, whether the trace freed it and where (live_apply's
 * at, cut at what the slot holds). */
static inline int held_live(size_t held) { return held != 0 && held < HELD_FREED; }
static inline int held_released(size_t held) { return held == HELD_RELEASED; }
static inline size_t held_size(size_t held) { return held_live(held) && !held_released(held) ? held - 1 : 0; }
static inline int held_freed(size_t held) { return held >= HELD_FREED; }
static inline size_t held_freed_at(size_t held) { return held_freed(held) ? held - HELD_FREED : 0; }

static inline size_t held_of(const live_set *ls, size_t id)
{
    const size_t *page = id / LIVE_PAGE_IDS < ls->n_pages ? ls->pages[id / LIVE_PAGE_IDS] : NULL;
    return page ? page[id % LIVE_PAGE_IDS] : 0; /* an id past the declared count: never live */
}

#endif /* BENCH_LIVE_SET_H */
