/*
 * remote-internal.h - the layout remote.c and its checker share (remote.c
 * says what the allocator is; fuzz/rounds/README.md why it is here).
 */
#ifndef ROUNDS_REMOTE_INTERNAL_H
#define ROUNDS_REMOTE_INTERNAL_H
#include "remote.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#define SEG_SHIFT 18 /* segments of 256 KiB on a 256 KiB boundary: a block's segment is its address masked */
#define SEG_SIZE ((size_t)1 << SEG_SHIFT)
#define PAGE_SHIFT 14 /* 16 pages of 16 KiB a segment; page 0 starts past the segment's header */
#define PAGE_SIZE ((size_t)1 << PAGE_SHIFT)
#define PAGES (SEG_SIZE / PAGE_SIZE)
#define SEG_HDR 4096 /* struct seg, padded: page 0's blocks start 4 KiB-aligned */
#define OS_PAGE 4096
#define CLASSES 32
#define SMALL_MAX 8192
#define ALIGNED_SMALL_MAX 4096 /* a power-of-two class up to this is aligned to its size */
#define MAX_REQUEST ((size_t)1 << 40)
#define SEG_MAGIC 0x52454d4f54455347ull
#define MAX_CAPACITY ((PAGE_SIZE) / 16)

enum seg_kind { SEG_SMALL = 1, SEG_HUGE = 2 };

struct block {
    struct block *next;
};

/* A page's fields but remote are its owner's alone (the heap's mutex guards
 * owner, next and dirty while it is in the pool); remote is pushed on by any
 * thread. used counts blocks handed out and not yet back on free or local:
 * the blocks on remote are among them until the owner collects them. */
struct page {
    struct rmt_owner *owner; /* NULL: in the heap's pool */
    struct page *next;       /* the owner's list of its class, or the pool */
    uint32_t cls, block_size, capacity, reserved, used;
    uint8_t dirty;           /* handed out since mapped: its unreserved bytes need not read zero */
    struct block *free;      /* allocation pops here */
    struct block *local;     /* the owner's frees, moved to free when free runs dry */
    _Atomic(struct block *) remote; /* other threads' frees, pushed by CAS, taken whole by the owner */
};

struct seg {
    uint64_t magic;
    enum seg_kind kind;
    struct seg *next; /* the heap's list of its mappings */
    size_t map_len;
    size_t huge_usable;
    char *huge_payload;
    struct page pages[PAGES];
};

struct rmt_owner {
    pthread_t thread;
    struct rmt_owner *next;
    struct page *pages[CLASSES];
};

struct rmt {
    uint64_t id;               /* never reused: a thread's cached owner names the heap by it */
    pthread_rwlock_t quiesce;  /* every call holds it shared; the check holds it alone */
    pthread_mutex_t lock;      /* segs, pool, owners */
    struct seg *segs;
    struct page *pool;
    struct rmt_owner *owners;
    atomic_size_t in_use, live;
};

_Static_assert(sizeof(struct seg) <= SEG_HDR, "the segment's header fits before page 0's blocks");

extern const uint32_t rmt_class_size[CLASSES];

static inline struct seg *seg_of(const void *p) { return (struct seg *)((uintptr_t)p & ~(SEG_SIZE - 1)); }
static inline char *page_data(struct seg *s, struct page *pg)
{
    size_t i = (size_t)(pg - s->pages);
    return (char *)s + (i ? i * PAGE_SIZE : SEG_HDR);
}
static inline size_t page_data_len(struct seg *s, struct page *pg)
{
    return pg == s->pages ? PAGE_SIZE - SEG_HDR : PAGE_SIZE;
}

#endif
