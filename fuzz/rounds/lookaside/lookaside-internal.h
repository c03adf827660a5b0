/*
 * lookaside-internal.h - the layout lookaside.c and its checker share
 * (lookaside.c says what the heap is; fuzz/rounds/README.md why it is here).
 */
#ifndef ROUNDS_LOOKASIDE_INTERNAL_H
#define ROUNDS_LOOKASIDE_INTERNAL_H
#include "lookaside.h"

#include <stdint.h>

#define UNIT 16
#define MIN_UNITS 2       /* a free block's header and two links */
#define LISTS 64          /* lists 2..63: exactly that many units; list 0: the rest */
#define LA_MAX_UNITS 33   /* blocks of up to 512 usable bytes go on lookaside lists */
#define LA_DEPTH 8
#define SEG_MIN (64 * 1024)
#define BIG_MIN (256 * 1024)
#define PAGE 4096
#define MAX_REQUEST ((size_t)1 << 40)
#define SEG_HDR 16        /* struct seg, padded so blocks' payloads are 16-aligned */
#define BIG_HDR 48        /* struct big and the block header below the payload */

enum { BUSY = 1, LOOKASIDE = 2, BIG = 4 };

struct hdr {
    uint32_t units, prev_units, flags, unused;
};
struct fblk {
    struct hdr h;
    struct fblk *next, *prev;
};
struct seg {
    struct seg *next;
    size_t len;
};
struct big {
    struct big *next;
    size_t map_len;
    char *payload;
};
struct lkh {
    struct seg *segs; /* newest first: the first segment, never unmapped, is last */
    struct big *bigs;
    struct fblk *lists[LISTS];
    uint64_t nonempty;
    void *la[LA_MAX_UNITS + 1];
    unsigned la_count[LA_MAX_UNITS + 1];
    size_t in_use, live;
};

_Static_assert(sizeof(struct hdr) == UNIT, "a header is one unit");
_Static_assert(sizeof(struct seg) <= SEG_HDR && sizeof(struct big) + UNIT <= BIG_HDR, "headers fit");

static inline size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }
static inline struct hdr *hdr_of(void *p) { return (struct hdr *)p - 1; }
static inline char *payload(struct hdr *h) { return (char *)(h + 1); }
static inline struct hdr *next_hdr(struct hdr *h) { return (struct hdr *)((char *)h + (size_t)h->units * UNIT); }
static inline struct hdr *prev_hdr(struct hdr *h) { return (struct hdr *)((char *)h - (size_t)h->prev_units * UNIT); }
static inline struct hdr *seg_first(struct seg *s) { return (struct hdr *)((char *)s + SEG_HDR); }
static inline char *seg_end(struct seg *s) { return (char *)s + s->len; }
static inline size_t usable(struct hdr *h) { return (size_t)h->units * UNIT - UNIT; }
static inline unsigned list_index(uint32_t units) { return units < LISTS ? units : 0; }

/* The block whose payload is p, by a walk of its segment, and that segment; NULL if none. */
struct hdr *lkh_block_at(struct lkh *H, void *p, struct seg **sp);
size_t lkh_big_usable(struct big *g);

#endif
