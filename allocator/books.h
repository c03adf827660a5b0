/*
 * books.h - the heap's own bookkeeping closed to ASan and memcheck between
 * calls, and the entry and exit of every public call. Part of internal.h,
 * which includes it last.
 */
/* First, outside the guard: internal.h includes this file where its body
 * belongs, after what the body uses, even when this file comes first. */
#include "internal.h"
#ifndef HALLOC_BOOKS_H
#define HALLOC_BOOKS_H

/* The thread-safe heap this thread is inside a call on: set before its lock
 * is taken, cleared after it is let go. A signal handler that forks in the
 * middle of such a call must not wait for the lock its own thread holds
 * (default.c's fork handlers read this; record-file.c does the same for the recorder's lock). */
extern _Thread_local hl_heap *volatile hl_thread_heap __attribute__((tls_model("initial-exec")));

static inline void hl_lock(hl_heap *h)
{
    if (h->config.thread_safe) {
        hl_thread_heap = h;
        pthread_mutex_lock(&h->lock);
    }
}
static inline void hl_unlock(hl_heap *h)
{
    if (h->config.thread_safe) {
        pthread_mutex_unlock(&h->lock);
        hl_thread_heap = NULL;
    }
}

/*
 * The heap's own bookkeeping that a stray write can reach - the heap struct
 * from `last` on, with its free-list rows and cache lists, right before
 * region 0's first chunk, and each further region's header, right before its
 * first chunk - is closed to ASan and memcheck between calls, like chunk
 * headers are, so an underflow from a first block is reported at the write.
 * Every call opens the books on entry and closes them on exit, under the
 * lock; only sealed region links are followed. Code that reads them outside
 * a call (tests) opens them first. Nothing in a plain build.
 */

/* Bytes of the struct's part of the books; 0 if first0 is not plausible. */
static inline size_t hl_books_bytes(const hl_heap *h)
{
    size_t from = offsetof(struct halloc_heap, last);
    size_t to = hl_heap_hdr(h);
    return to > from && to <= HL_HEAP_HDR(HL_FL_COUNT) + HL_CACHE_BYTES ? to - from : 0;
}

static inline void hl_books_open(hl_heap *h)
{
    if (!HL_TRACK_ENABLED)
        return;
    hl_track_release(&h->last, hl_books_bytes(h));
    for (hl_region *r = &h->region0; r->next && hl_region_intact(h, r);) {
        r = r->next;
        hl_track_release(r, HL_REGION_HDR);
    }
}

static inline void hl_books_close(hl_heap *h)
{
    if (!HL_TRACK_ENABLED)
        return;
    hl_region *r = &h->region0;
    while (r->next && hl_region_intact(h, r)) {
        hl_region *next = r->next;
        if (r != &h->region0)
            hl_track_close(r, HL_REGION_HDR);
        r = next;
    }
    if (r != &h->region0)
        hl_track_close(r, HL_REGION_HDR);
    hl_track_close(&h->last, hl_books_bytes(h));
}

/* ---- entry and exit of every public call but check and destroy ---- */

/* Nonzero if what every call trusts matches its seal. */
static inline int hl_seal_matches(const hl_heap *h) { return __builtin_expect(h->seal == hl_heap_seal(h), 1); }

/* The same; else 0 with a report. */
static inline int hl_sealed(hl_heap *h, const char *op)
{
    if (hl_seal_matches(h))
        return 1;
    hl_report_corrupt_heap(h, op);
    return 0;
}

/* hl_enter for a heap known to be live (hl_heap_ok). */
static inline int hl_enter_live(hl_heap *h, const char *op)
{
    hl_lock(h);
    hl_books_open(h);
    if (hl_sealed(h, op))
        return 0;
    hl_books_close(h);
    hl_unlock(h);
    return -1;
}

/* The heap is live, locked, its books open, and what every call trusts
 * matches its seal. 0, or -1 with a report and the heap as it was. */
static inline int hl_enter(hl_heap *h, const char *op)
{
    if (!hl_heap_ok(h))
        return hl_report_bad_heap(op);
    return hl_enter_live(h, op);
}

static inline void hl_leave(hl_heap *h)
{
    hl_books_close(h);
    hl_unlock(h);
}

/* Nonzero in a build whose calls open and close no books and run no debug
 * check: not ASan, memcheck or debug. */
static inline int hl_untracked_build(void)
{
#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
    return 0;
#else
    return !HL_TRACK_ENABLED;
#endif
}

/* Nonzero if entering and leaving a call on live heap h take no lock, open
 * and close no books and run no debug check: all hl_enter does is then
 * hl_sealed, and a public call may end in a tail call to its body, keeping
 * no frame of its own (halloc_malloc). */
static inline int hl_nothing_to_leave(const hl_heap *h) { return hl_untracked_build() && !h->config.thread_safe; }

/* Nonzero if, besides, h has no cache by its configuration: the default
 * heap's calls, which go straight to their body after the seal; a heap with
 * a cache goes on to the cache's own paths (cache.h). One compare:
 * thread_safe and cache_depth lie side by side, read as one word.
 * cache_depth is not sealed, but it only picks the way: each tests
 * h->cache, which is. */
static inline int hl_plain(const hl_heap *h)
{
    _Static_assert(offsetof(halloc_config, cache_depth) == offsetof(halloc_config, thread_safe) + sizeof(int),
                   "hl_plain reads thread_safe and cache_depth as one word");
    uint64_t lock_and_cache;
    memcpy(&lock_and_cache, &h->config.thread_safe, sizeof lock_and_cache);
    return hl_untracked_build() && lock_and_cache == 0;
}

#endif /* HALLOC_BOOKS_H */
