/*
 * lookaside.c - a Windows-style heap (round 20, fuzz/rounds/README.md).
 *
 * Back end: segments mapped with mmap, tiled by blocks of 16-byte units, each
 * with a 16-byte header {units, units of the block below, flags}; a free block
 * holds two links and sits on one of 64 lists (lists 2..63 exactly that many
 * units, list 0 the rest, first fit), a bitmap naming the non-empty ones; a
 * free coalesces at once with both neighbours, and a segment emptied whole
 * (not the first) is unmapped. Requests of 256 KiB or more get a mapping each.
 * Front end: a lookaside list per block size up to 33 units, at most
 * LA_DEPTH deep; a block on it stays busy to the back end (never coalesced),
 * flagged LOOKASIDE so a second free is refused, and the next request of its
 * size pops it. trim() flushes the lists and drops free blocks' pages.
 *
 * Planted bugs, off unless built with -DBUG=n (one line each):
 *   1  a block pushed on a lookaside list is not flagged LOOKASIDE
 *   2  a block popped from a lookaside list keeps its LOOKASIDE flag
 *   3  a freed block of 3+ units is pushed on the lookaside list one unit down
 *   4  a merge with the next block leaves the block after it its old prev_units
 *   5  a split leaves a remainder of one unit, too small for its links
 *   6  trim()'s flush leaves each lookaside list's head set
 *   7  a realloc that grows into its free successor leaves it on its list
 *   8  a realloc's shrunk tail is listed without merging into a free successor
 *   9  an aligned block's lead of one unit is kept as a free block
 *  10  a big block's usable size counted from its mapping's start
 *  11  calloc's product not tested for overflow
 *  12  an emptied segment is unmapped but left on the segment list
 */
#define _DEFAULT_SOURCE
#include "lookaside-internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#ifndef BUG
#define BUG 0
#endif

static size_t units_for(size_t n)
{
    size_t u = (n + UNIT + UNIT - 1) / UNIT;
    return u < MIN_UNITS ? MIN_UNITS : u;
}

static void *map(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void list_push(struct lkh *H, struct hdr *h)
{
    struct fblk *b = (struct fblk *)h;
    unsigned i = list_index(h->units);
    b->prev = NULL;
    b->next = H->lists[i];
    if (b->next)
        b->next->prev = b;
    H->lists[i] = b;
    H->nonempty |= 1ull << i;
}

static void list_unlink(struct lkh *H, struct hdr *h)
{
    struct fblk *b = (struct fblk *)h;
    unsigned i = list_index(h->units);
    if (b->prev)
        b->prev->next = b->next;
    else
        H->lists[i] = b->next;
    if (b->next)
        b->next->prev = b->prev;
    if (!H->lists[i])
        H->nonempty &= ~(1ull << i);
}

static struct hdr *find_fit(struct lkh *H, size_t units)
{
    if (units < LISTS) {
        uint64_t m = H->nonempty & ~((1ull << units) - 1) & ~1ull;
        if (m)
            return &H->lists[__builtin_ctzll(m)]->h;
    }
    for (struct fblk *b = H->lists[0]; b; b = b->next)
        if (b->h.units >= units)
            return &b->h;
    return NULL;
}

static struct seg *seg_of(struct lkh *H, const void *p)
{
    for (struct seg *s = H->segs; s; s = s->next)
        if ((const char *)p > (char *)s && (const char *)p < seg_end(s))
            return s;
    return NULL;
}

/* The block below the one after h learns h's size. */
static void fix_next_prev(struct seg *s, struct hdr *h)
{
    struct hdr *n = next_hdr(h);
    if ((char *)n < seg_end(s))
        n->prev_units = h->units;
}

static void drop_segment(struct lkh *H, struct seg *s)
{
    struct seg **at = &H->segs;
    while (*at != s)
        at = &(*at)->next;
    if (BUG != 12)
        *at = s->next;
    munmap(s, s->len);
}

/* h, on no list, becomes free: merged with free neighbours, then listed. */
static void release(struct lkh *H, struct seg *s, struct hdr *h)
{
    h->flags = 0;
    struct hdr *n = next_hdr(h);
    if ((char *)n < seg_end(s) && !(n->flags & BUSY)) {
        list_unlink(H, n);
        h->units += n->units;
#if BUG != 4
        fix_next_prev(s, h);
#endif
    }
    if (h->prev_units && !(prev_hdr(h)->flags & BUSY)) {
        struct hdr *p = prev_hdr(h);
        list_unlink(H, p);
        p->units += h->units;
        fix_next_prev(s, p);
        h = p;
    }
    if (h == seg_first(s) && (char *)next_hdr(h) == seg_end(s) && s->next) {
        drop_segment(H, s);
        return;
    }
    list_push(H, h);
}

/* Cuts h (busy or being taken) to units, the rest released. */
static void split(struct lkh *H, struct seg *s, struct hdr *h, size_t units)
{
#if BUG == 5
    if (h->units - units < 1)
#else
    if (h->units - units < MIN_UNITS)
#endif
        return;
    struct hdr *rest = (struct hdr *)((char *)h + units * UNIT);
    rest->units = h->units - (uint32_t)units;
    rest->prev_units = (uint32_t)units;
    h->units = (uint32_t)units;
    fix_next_prev(s, rest);
    release(H, s, rest);
}

static struct seg *new_segment(struct lkh *H, size_t bytes)
{
    size_t len = round_up(bytes < SEG_MIN ? SEG_MIN : bytes, PAGE);
    struct seg *s = map(len);
    if (!s)
        return NULL;
    s->len = len;
    s->next = H->segs;
    H->segs = s;
    struct hdr *h = seg_first(s);
    h->units = (uint32_t)((len - SEG_HDR) / UNIT);
    h->prev_units = 0;
    h->flags = 0;
    list_push(H, h);
    return s;
}

/* A free block of at least units, unlinked and busy, from the lists or a new segment. */
static struct hdr *take_free(struct lkh *H, size_t units)
{
    struct hdr *h = find_fit(H, units);
    if (!h && !new_segment(H, SEG_HDR + units * UNIT))
        return NULL;
    if (!h)
        h = find_fit(H, units);
    list_unlink(H, h);
    h->flags = BUSY;
    return h;
}

static void count_in(struct lkh *H, size_t bytes)
{
    H->in_use += bytes;
    H->live++;
}

static void *big_alloc(struct lkh *H, size_t n, size_t align)
{
    /* Room to slide the payload up to its alignment: mmap aligns to a page only. */
    size_t len = round_up(BIG_HDR + align + n, PAGE);
    char *base = map(len);
    if (!base) {
        errno = ENOMEM;
        return NULL;
    }
    struct big *g = (struct big *)base;
    g->map_len = len;
    g->payload = (char *)round_up((uintptr_t)base + BIG_HDR, align);
    size_t off = (size_t)(g->payload - base);
    g->next = H->bigs;
    H->bigs = g;
    hdr_of(g->payload)->flags = BUSY | BIG;
    count_in(H, len - off);
    return g->payload;
}

size_t lkh_big_usable(struct big *g)
{
#if BUG == 10
    return g->map_len - BIG_HDR;
#else
    return g->map_len - (size_t)(g->payload - (char *)g);
#endif
}

static struct big **big_find(struct lkh *H, const void *p)
{
    for (struct big **at = &H->bigs; *at; at = &(*at)->next)
        if ((*at)->payload == p)
            return at;
    return NULL;
}

struct hdr *lkh_block_at(struct lkh *H, void *p, struct seg **sp)
{
    struct seg *s = seg_of(H, p);
    if (!s)
        return NULL;
    *sp = s;
    for (struct hdr *h = seg_first(s); (char *)h < seg_end(s) && h->units; h = next_hdr(h)) {
        if (payload(h) == (char *)p)
            return h;
        if (payload(h) > (char *)p)
            break;
    }
    return NULL;
}

static void la_push(struct lkh *H, struct hdr *h)
{
    uint32_t i = h->units;
#if BUG == 3
    if (i > 2)
        i--;
#endif
    *(void **)payload(h) = H->la[i];
    H->la[i] = payload(h);
    H->la_count[i]++;
#if BUG != 1
    h->flags |= LOOKASIDE;
#endif
}

static void *la_pop(struct lkh *H, size_t units)
{
    char *p = H->la[units];
    H->la[units] = *(void **)p;
    H->la_count[units]--;
#if BUG != 2
    hdr_of(p)->flags &= ~(uint32_t)LOOKASIDE;
#endif
    count_in(H, usable(hdr_of(p)));
    return p;
}

void *lkh_malloc(struct lkh *H, size_t n)
{
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    if (n >= BIG_MIN)
        return big_alloc(H, n, UNIT);
    size_t units = units_for(n);
    if (units <= LA_MAX_UNITS && H->la[units])
        return la_pop(H, units);
    struct hdr *h = take_free(H, units);
    if (!h) {
        errno = ENOMEM;
        return NULL;
    }
    split(H, seg_of(H, h), h, units);
    count_in(H, usable(h));
    return payload(h);
}

void *lkh_calloc(struct lkh *H, size_t n, size_t size)
{
#if BUG != 11
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
#endif
    void *p = lkh_malloc(H, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

/* An aligned block cut from a free one with room for a lead of MIN_UNITS. */
static void *aligned_small(struct lkh *H, size_t align, size_t n)
{
    size_t units = units_for(n);
    struct hdr *h = take_free(H, units + align / UNIT + MIN_UNITS);
    if (!h) {
        errno = ENOMEM;
        return NULL;
    }
    struct seg *s = seg_of(H, h);
    uintptr_t at = (uintptr_t)payload(h);
    size_t lead = (round_up(at, align) - at) / UNIT;
#if BUG != 9
    if (lead && lead < MIN_UNITS)
        lead += align / UNIT;
#endif
    if (lead) {
        struct hdr *b = (struct hdr *)((char *)h + lead * UNIT);
        b->units = h->units - (uint32_t)lead;
        b->prev_units = (uint32_t)lead;
        b->flags = BUSY;
        h->units = (uint32_t)lead;
        fix_next_prev(s, b);
        release(H, s, h);
        h = b;
    }
    split(H, s, h, units);
    count_in(H, usable(h));
    return payload(h);
}

void *lkh_aligned(struct lkh *H, size_t align, size_t n)
{
    if (align <= UNIT)
        return lkh_malloc(H, n);
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    return n >= BIG_MIN ? big_alloc(H, n, align) : aligned_small(H, align, n);
}

int lkh_free(struct lkh *H, void *p)
{
    if (!p)
        return 0;
    struct big **at = big_find(H, p);
    if (at) {
        struct big *g = *at;
        *at = g->next;
        H->in_use -= lkh_big_usable(g);
        H->live--;
        munmap(g, g->map_len);
        return 0;
    }
    struct seg *s;
    struct hdr *h = lkh_block_at(H, p, &s);
    if (!h || !(h->flags & BUSY) || (h->flags & LOOKASIDE))
        return EINVAL;
    H->in_use -= usable(h);
    H->live--;
    if (h->units <= LA_MAX_UNITS && H->la_count[h->units] < LA_DEPTH)
        la_push(H, h);
    else
        release(H, s, h);
    return 0;
}

/* In place: shrink, or grow into a free successor; 0 if it cannot. */
static int resize_in_place(struct lkh *H, struct seg *s, struct hdr *h, size_t units)
{
    size_t old = usable(h);
    if (units > h->units) {
        struct hdr *n = next_hdr(h);
        if ((char *)n >= seg_end(s) || (n->flags & BUSY) || h->units + n->units < units)
            return 0;
#if BUG != 7
        list_unlink(H, n);
#endif
        h->units += n->units;
        fix_next_prev(s, h);
    }
#if BUG == 8
    if (h->units - units >= MIN_UNITS) {
        struct hdr *rest = (struct hdr *)((char *)h + units * UNIT);
        rest->units = h->units - (uint32_t)units;
        rest->prev_units = (uint32_t)units;
        rest->flags = 0;
        h->units = (uint32_t)units;
        fix_next_prev(s, rest);
        list_push(H, rest);
    }
#else
    split(H, s, h, units);
#endif
    H->in_use += usable(h) - old;
    return 1;
}

void *lkh_realloc(struct lkh *H, void *p, size_t n)
{
    if (!p)
        return lkh_malloc(H, n);
    if (n == 0) {
        lkh_free(H, p);
        return NULL;
    }
    size_t old = lkh_usable(H, p);
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    struct seg *s;
    struct hdr *h = big_find(H, p) ? NULL : lkh_block_at(H, p, &s);
    if (h && n < BIG_MIN && resize_in_place(H, s, h, units_for(n)))
        return p;
    if (!h && n <= old && n >= BIG_MIN / 2)
        return p;
    void *q = lkh_malloc(H, n);
    if (!q)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    lkh_free(H, p);
    return q;
}

size_t lkh_usable(struct lkh *H, void *p)
{
    struct big **at = big_find(H, p);
    return at ? lkh_big_usable(*at) : usable(hdr_of(p));
}

/* The whole pages of a free block past its links, given back. */
static void drop_pages(struct hdr *h)
{
    uintptr_t from = round_up((uintptr_t)payload(h) + 2 * sizeof(void *), PAGE);
    uintptr_t to = (uintptr_t)next_hdr(h) / PAGE * PAGE;
    if (to > from)
        madvise((void *)from, to - from, MADV_DONTNEED);
}

int lkh_trim(struct lkh *H)
{
    for (size_t i = MIN_UNITS; i <= LA_MAX_UNITS; i++) {
        for (char *p = H->la[i], *next; p; p = next) {
            next = *(char **)p;
            release(H, seg_of(H, p), hdr_of(p));
        }
#if BUG != 6
        H->la[i] = NULL;
#endif
        H->la_count[i] = 0;
    }
    for (unsigned i = 0; i < LISTS; i++)
        for (struct fblk *b = H->lists[i]; b; b = b->next)
            drop_pages(&b->h);
    return 0;
}

int lkh_contains(struct lkh *H, const void *p, size_t n)
{
    const char *c = p;
    for (struct seg *s = H->segs; s; s = s->next)
        if (c >= (char *)seg_first(s) && c <= seg_end(s) && n <= (size_t)(seg_end(s) - c))
            return 1;
    for (struct big *g = H->bigs; g; g = g->next)
        if (c >= g->payload && c <= (char *)g + g->map_len && n <= (size_t)((char *)g + g->map_len - c))
            return 1;
    return 0;
}

void lkh_stats(struct lkh *H, size_t *in_use, size_t *live)
{
    *in_use = H->in_use;
    *live = H->live;
}

struct lkh *lkh_create(size_t bytes)
{
    struct lkh *H = map(round_up(sizeof *H, PAGE));
    if (H && !new_segment(H, bytes)) {
        munmap(H, round_up(sizeof *H, PAGE));
        return NULL;
    }
    return H;
}

void lkh_destroy(struct lkh *H)
{
    while (H->bigs) {
        struct big *g = H->bigs;
        H->bigs = g->next;
        munmap(g, g->map_len);
    }
    while (H->segs) {
        struct seg *s = H->segs;
        H->segs = s->next;
        munmap(s, s->len);
    }
    munmap(H, round_up(sizeof *H, PAGE));
}

