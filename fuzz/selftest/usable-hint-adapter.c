/*
 * usable-hint-adapter.c - for fuzz/scripts/check-usable-hint.sh: when a
 * crash's context offers HALLOC_FUZZ_USABLE=off. Blocks are carved from one
 * static area, each behind a header that names it, in size classes of 64
 * bytes (coarse, as glibc's 24 usable bytes for 8 asked) whose whole room
 * usable_size reports; realloc keeps a block in place while the size fits
 * its class, its room and usable size as they were; free checks the block's
 * header and the next block's (as a merge reads them) and crashes on one
 * that does not name its block. Freed room is never reused.
 * -DUSABLE_OVER: usable_size also claims the header of the block after, once
 * there is one (a realloc in place asks again), which the harness's fill
 * then overwrites: a free that reads it crashes, and the context must offer
 * HALLOC_FUZZ_USABLE=off.
 * -DOWN_HEADER_ONLY: free checks only the block's own header: the damage a
 * block's fill did stays after its free, for the next block's free to meet.
 * -DFREE_WRITES_PAST: free writes a footer over the next block's header (at
 * its room's end): the next block's free crashes, the hint is offered as its
 * neighbour's fill went past a request, and the replay's own run with
 * HALLOC_FUZZ_USABLE=off must say it fails too.
 * -DCRASH_AT_FREE=N, -DCRASH_AT_MALLOC=N: the Nth free or malloc crashes, a
 * bug that no fill had a part in.
 * -DSHRINK_CUTS: a realloc that shrinks a block in place cuts its room to
 * the request rounded down to 16 (for check-adapters.sh: usable_too_small
 * names the resize in place).
 * -DSHRINK_KEEPS_LINK: a realloc that shrinks a block in place by 32 bytes
 * or more puts a header for the tail it splits off at the request rounded
 * up to 16, but keeps the block's room (and usable size) as it was; free
 * follows that header's link: built with UBSan, the harness's fill past the
 * request is what it reads, and the context must say where that word lies
 * (past the request, on usable_size()'s word) and offer HALLOC_FUZZ_USABLE=off.
 * A malloc that fits that tail's room takes it, reading its header as a
 * free list's link (and crashing on one that does not name it): the stale
 * room breaks it both ways, the fill up to usable_size() over the link, or
 * without it a realloc back to the old size kept in place over the tail's
 * new block (the replay's own run with HALLOC_FUZZ_USABLE=off fails too).
 * -DLINK_READ_LATE (with -DSHRINK_KEEPS_LINK): free leaves the tail alone,
 * and the next malloc follows its link instead: built with UBSan, the word
 * is met after its block's free, and the context must still place it past
 * the request and name the realloc that shrank the block.
 * -DWITH_STATS: stats() (live blocks, their rooms: FUZZ_EXACT_STATS) and a
 * checker that walks the headers, for a stats_mismatch beside a header the
 * fill broke.
 * -DFREE_TAKES_NEXT (with -DWITH_STATS): free counts off the next block's
 * room too and clears its header, as a bitmap free that clears one granule
 * past its block: the byte count off names the free, not usable_size. Its
 * own header cleared too, a second free is refused (FUZZ_DETECTS_DOUBLE_FREE):
 * the first free of op double-free is named as well (round 16).
 * -DHEADER8: glibc's layout instead of the classes: a header of 8 bytes (the
 * block it names) below each 16-aligned block, whose room ends where the
 * next header begins (24 bytes for a request of 17 to 24), the rooms kept
 * aside. With -DUSABLE_OVER a 24-byte block's usable size is 32: the next
 * header lies in its request's rounding to 16, which a fill past the
 * request must not be excused for.
 * aligned_alloc refuses every alignment with EINVAL, as C allows: a replay
 * that settles the hint runs the input again, and its refusals must not be
 * counted twice in the replay's closing line (check-usable-hint.sh).
 * -DALIGNED_SHORT: an alignment up to 16 is served as a malloc of the
 * request less 16 (a header taken off it twice): the next block's header
 * lands in its last bytes. -DSHRINK_KEEPS_LINK plants it too (its cases
 * run no aligned op), so that it needs no build of its own.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "adapter.h"

#define CLASS 64

struct header {
    char *payload; /* the block it heads: anything else means it was overwritten */
#ifndef HEADER8
    size_t size; /* its class's room */
#endif
};

static _Alignas(16) char area[16384];
#ifdef HEADER8
static size_t rooms[sizeof area / 16]; /* each block's room, by its offset in area / 16 */
#define ROOM_FOR(size) (((size) + sizeof(struct header) + 15) / 16 * 16 - sizeof(struct header))
#define FIRST_HEADER (16 - sizeof(struct header)) /* the first block 16-aligned */
#else
#define ROOM_FOR(size) ((size) ? ((size) + CLASS - 1) / CLASS * CLASS : CLASS)
#define FIRST_HEADER 0
#endif
static size_t used; /* bytes of area carved since create */
#ifdef SHRINK_KEEPS_LINK
static struct header *tail; /* -DSHRINK_KEEPS_LINK: the tail the last shrink split off */
#define ALIGNED_SHORT
#endif
static unsigned mallocs, frees;
static size_t live, in_use; /* -DWITH_STATS: blocks and their rooms */

static void crash(void)
{
    char *volatile wild = (char *)(uintptr_t)16; /* a plain SIGSEGV, as an allocator bug gives */
    *wild = 1;
}

static struct header *header_of(void *p) { return (struct header *)p - 1; }

static size_t room_of(void *p)
{
#ifdef HEADER8
    return rooms[((char *)p - area) / 16];
#else
    return header_of(p)->size;
#endif
}

static void *hint_create(size_t bytes)
{
    (void)bytes;
    used = FIRST_HEADER, mallocs = frees = 0, live = in_use = 0;
#ifdef SHRINK_KEEPS_LINK
    tail = NULL;
#endif
    return area;
}

static void hint_destroy(void *heap) { (void)heap; }

static void *hint_malloc(void *heap, size_t size)
{
    (void)heap;
#ifdef CRASH_AT_MALLOC
    if (++mallocs == CRASH_AT_MALLOC)
        crash();
#endif
    if (size > sizeof area)
        return NULL;
    size_t room = ROOM_FOR(size);
#if defined(SHRINK_KEEPS_LINK) && !defined(HEADER8)
#ifdef LINK_READ_LATE
    if (tail && header_of(tail->payload)->payload != tail->payload) /* followed, as free would */
        crash();
#endif
    if (tail && tail->payload != (char *)(tail + 1)) /* the free list's one entry: its link read */
        crash();
    if (tail && size <= tail->size) {
        struct header *t = tail;
        tail = NULL;
        live++, in_use += t->size;
        return t + 1;
    }
#endif
    if (used + sizeof(struct header) + room > sizeof area)
        return NULL;
    struct header *h = (struct header *)(area + used);
    h->payload = (char *)(h + 1);
#ifdef HEADER8
    rooms[(h->payload - area) / 16] = room;
#else
    h->size = room;
#endif
    used += sizeof *h + room;
    live++, in_use += room;
    return h + 1;
}

static int hint_free(void *heap, void *p)
{
    (void)heap;
    if (!p)
        return 0;
#ifdef CRASH_AT_FREE
    if (++frees == CRASH_AT_FREE)
        crash();
#endif
    struct header *h = header_of(p);
#ifdef FREE_TAKES_NEXT
    if (!h->payload)
        return EINVAL; /* freed before */
#endif
    if (h->payload != p)
        crash();
    live--, in_use -= room_of(p);
#ifndef OWN_HEADER_ONLY
    struct header *next = (struct header *)((char *)p + room_of(p));
    if ((char *)next < area + used && next->payload != (char *)(next + 1))
        crash();
#endif
#ifdef FREE_WRITES_PAST
    memset((char *)p + room_of(p), 0, sizeof(struct header)); /* a footer placed past the room */
#endif
#ifdef FREE_TAKES_NEXT
    struct header *after = (struct header *)((char *)p + room_of(p));
    if ((char *)after < area + used) {
        in_use -= room_of(after + 1);
        after->payload = NULL;
    }
    h->payload = NULL;
#endif
#if defined(SHRINK_KEEPS_LINK) && !defined(LINK_READ_LATE)
    if (tail && (char *)tail > (char *)p && (char *)tail < (char *)p + room_of(p) &&
        header_of(tail->payload)->payload != tail->payload) /* "merge with the tail": its link read */
        crash();
#endif
    return 0;
}

static void *hint_realloc(void *heap, void *p, size_t size)
{
#if defined(SHRINK_CUTS) && !defined(HEADER8)
    if (p && size && size < room_of(p)) { /* the room cut to the request rounded down */
        header_of(p)->size = size & ~(size_t)15;
        return p;
    }
#endif
#if defined(SHRINK_KEEPS_LINK) && !defined(HEADER8)
    if (p && size && (size + 15) / 16 * 16 + 32 <= room_of(p)) { /* the tail split off; the room kept */
        tail = (struct header *)((char *)p + (size + 15) / 16 * 16);
        tail->payload = (char *)(tail + 1);
        tail->size = room_of(p) - (size + 15) / 16 * 16 - sizeof *tail;
        return p;
    }
#endif
    if (p && size && size <= room_of(p))
        return p;
    void *q = hint_malloc(heap, size);
    if (q && p) {
        memcpy(q, p, room_of(p) < size ? room_of(p) : size);
        hint_free(heap, p);
    }
    return q;
}

static size_t hint_usable_size(void *heap, void *p)
{
    (void)heap;
    size_t room = room_of(p);
#ifdef USABLE_OVER
    if ((char *)p + room < area + used)
        return room + sizeof(struct header);
#endif
    return room;
}

static void *hint_aligned(void *heap, size_t align, size_t size)
{
#ifdef ALIGNED_SHORT
    if (align <= 16 && size > 16)
        return hint_malloc(heap, size - 16);
#endif
    (void)heap, (void)align, (void)size;
    errno = EINVAL; /* no alignment supported: each call is counted, never judged */
    return NULL;
}

#if defined(WITH_STATS) && !defined(HEADER8)
/* Live blocks and their rooms, counted from the headers as they are now. */
static int hint_stats(void *heap, struct fuzz_stats *out)
{
    (void)heap;
    out->live_blocks = live;
    out->bytes_in_use = in_use;
    return 0;
}

static int hint_check(void *heap, char *msg, size_t len)
{
    (void)heap;
    for (size_t at = FIRST_HEADER; at < used; at += sizeof(struct header) + ((struct header *)(area + at))->size)
        if (((struct header *)(area + at))->payload != area + at + sizeof(struct header)) {
            snprintf(msg, len, "header at offset %zu names no block", at);
            return 1;
        }
    return 0;
}
#define HINT_STATS hint_stats
#define HINT_CHECK hint_check
#ifdef FREE_TAKES_NEXT
#define HINT_CAPS (FUZZ_EXACT_STATS | FUZZ_DETECTS_DOUBLE_FREE)
#else
#define HINT_CAPS FUZZ_EXACT_STATS
#endif
#else
#define HINT_STATS NULL
#define HINT_CHECK NULL
#define HINT_CAPS 0
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "usable-hint",
    .alignment = 16,
    .caps = HINT_CAPS,
    .double_free_errno = EINVAL,
    .stats = HINT_STATS,
    .check = HINT_CHECK,
    .create = hint_create,
    .destroy = hint_destroy,
    .malloc = hint_malloc,
    .free = hint_free,
    .realloc = hint_realloc,
    .aligned_alloc = hint_aligned,
    .usable_size = hint_usable_size,
};
