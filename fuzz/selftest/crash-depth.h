/*
 * crash-depth.h - the depth probes of crash-adapter.c: a crash that comes only
 * once the ops have gone as deep as a bug that needs a long history does, so
 * check-seed-depth.sh can tell that some seed in corpus/ gets there on its own.
 * Included by crash-adapter.c only, which crashes in a malloc once
 * TIME_TO_CRASH() holds (defined here for the -D below; it reads the
 * adapter's calls and frees) and calls track()/untrack() or keeps live_arena
 * (arena_sized()) for the probes that need them.
 *
 * -DCRASH_AT_CALL=N: the crash comes in the first malloc once mallocs and
 * frees together number N, not in the 100th malloc: a bug that needs a long
 * history, which the seeds must reach on their own. -DCRASH_AT_FREE=N: once
 * frees alone number N (a flush or consolidation every N frees).
 * -DCRASH_AT_FULL_CLASSES=N: once N small size classes (16-byte classes up
 * to 512 bytes) have each held 64 live blocks at once: what makes an
 * allocator that carves each class from slabs of its own take a second.
 * -DCRASH_AT_LIVE_MIB=N: once blocks under 128 KiB (those most allocators
 * carve from their arena, not map one by one) hold N MiB at once: what makes
 * an arena of chained chunks grow past a handful of them.
 * -DCRASH_AT_PAGES=N: once the blocks of 16 KiB or less would fill N pages of
 * 64 KiB in an allocator that gives each power-of-two class pages of its
 * own, packed: what makes a page-per-class allocator's table of pages fill.
 * -DCRASH_AT_FULL_BIG_CLASSES=N: once N power-of-two classes from 1 KiB to
 * 16 KiB have each held a whole 64 KiB page of live blocks at once (8 blocks
 * of 8 KiB): where a slab allocator carves the last block of a big class's
 * page, next to the page's header.
 * -DCRASH_AT_CLASS_LIVE=N: once one 16-byte class up to 512 bytes holds N live
 * blocks at once: a bitmap's last word, a slab allocator's 16th slab of 256,
 * a count kept in 12 bits (more than the 64 slots: the held pool's).
 * -DCRASH_AT_BIG_REALLOC=1 (=2): in a realloc that grows (shrinks) a block of
 * 256 KiB or more to another size of 256 KiB or more: where an allocator that
 * maps each big block alone moves or resizes its mapping (mremap). It brings
 * the adapter's realloc (the C library's), the probe's only use of one.
 * -DCRASH_AT_REALLOC_CREEP=N: in a realloc that grows the block the last
 * realloc returned by 1 to 16 bytes past the size it asked, the Nth such in
 * a row: a block grown a unit at a time past where a test of the room in
 * place is a unit or two generous (round 15b's dlmalloc-style top). The
 * adapter's realloc, as BIG_REALLOC's.
 * -DCRASH_AT_LARGEST_REFIT=N: in a malloc that asks again the size of the
 * largest of N or more blocks of 1 KiB to 2 KiB, of distinct sizes, freed
 * and not asked again: a best fit whose only fit is the largest of many
 * free blocks of one size range (round 15b's dlmalloc-style tree bins,
 * whose trie descended by the wrong bit and missed it).
 */
#ifndef CRASH_DEPTH_H
#define CRASH_DEPTH_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef CRASH_AT_CALL
#define TIME_TO_CRASH() (calls + frees >= CRASH_AT_CALL)
#elif defined(CRASH_AT_FREE)
#define TIME_TO_CRASH() (frees >= CRASH_AT_FREE)
#elif defined(CRASH_AT_LIVE_MIB)
#define TIME_TO_CRASH() (live_arena >= (size_t)CRASH_AT_LIVE_MIB << 20)
static size_t live_arena; /* usable bytes of live blocks under 128 KiB */

static size_t arena_sized(void *p)
{
    size_t u = p ? malloc_usable_size(p) : 0;
    return u < (size_t)128 << 10 ? u : 0;
}
#elif defined(CRASH_AT_FULL_CLASSES) || defined(CRASH_AT_CLASS_LIVE)
/* The live small blocks and their 16-byte classes, for both small-class
 * probes: FULL_CLASSES tracks 256 (8 classes of 64 and more), CLASS_LIVE
 * the 64 slots' and the held pool's 4096. */
#ifdef CRASH_AT_FULL_CLASSES
#define TIME_TO_CRASH() (full_classes >= CRASH_AT_FULL_CLASSES)
#define TRACKED_MAX 256
#else
#define TIME_TO_CRASH() (most_in_a_class >= CRASH_AT_CLASS_LIVE)
#define TRACKED_MAX 4160
#endif
static struct { void *p; unsigned cls; } tracked[TRACKED_MAX];
static unsigned live_in[33], was_full[33], full_classes, most_in_a_class;

static void track(void *p, size_t size)
{
    unsigned c = (unsigned)((size + 15) / 16);
    for (size_t i = 0; p && size && size <= 512 && i < sizeof tracked / sizeof tracked[0]; i++)
        if (!tracked[i].p) {
            tracked[i].p = p, tracked[i].cls = c;
            if (++live_in[c] == 64 && !was_full[c]++)
                full_classes++;
            if (live_in[c] > most_in_a_class)
                most_in_a_class = live_in[c];
            return;
        }
}
#elif defined(CRASH_AT_PAGES) || defined(CRASH_AT_FULL_BIG_CLASSES)
static struct { void *p; unsigned cls; } tracked[256]; /* the live blocks of 16 KiB or less, by class */
static size_t live_in[11]; /* per class: 16 << cls bytes */
#ifdef CRASH_AT_PAGES
#define TIME_TO_CRASH() (pages_held() >= CRASH_AT_PAGES)

/* 64 KiB pages an allocator that gives each power-of-two class pages of its own holds now. */
static size_t pages_held(void)
{
    size_t pages = 0;
    for (unsigned c = 0; c < 11; c++)
        pages += (live_in[c] * ((size_t)16 << c) + 65535) / 65536;
    return pages;
}
#else
#define TIME_TO_CRASH() (full_big_classes() >= CRASH_AT_FULL_BIG_CLASSES)

/* The power-of-two classes from 1 KiB to 16 KiB that have held a whole
 * 64 KiB page of live blocks at once, this one included. */
static unsigned full_big_classes(void)
{
    static unsigned char was_full[11];
    unsigned n = 0;
    for (unsigned c = 6; c < 11; c++) {
        was_full[c] |= live_in[c] * ((size_t)16 << c) >= 65536;
        n += was_full[c];
    }
    return n;
}
#endif

static void track(void *p, size_t size)
{
    unsigned c = 0;
    while (c < 10 && ((size_t)16 << c) < size)
        c++;
    for (size_t i = 0; p && size <= 16384 && i < sizeof tracked / sizeof tracked[0]; i++)
        if (!tracked[i].p) {
            tracked[i].p = p, tracked[i].cls = c, live_in[c]++;
            return;
        }
}
#elif defined(CRASH_AT_BIG_REALLOC)
#define TIME_TO_CRASH() 0
#define BIG_REALLOC ((size_t)256 << 10)

static void *big_realloc_probe(void *heap, void *ptr, size_t size)
{
    size_t old = ptr ? malloc_usable_size(ptr) : 0;
    (void)heap;
    if (old >= BIG_REALLOC && size >= BIG_REALLOC && (CRASH_AT_BIG_REALLOC == 1 ? size > old : size < old)) {
        char *volatile wild = (char *)(uintptr_t)(size & 255); /* a plain SIGSEGV, as in crash-adapter.c */
        *wild = 1;
    }
    return realloc(ptr, size);
}
#elif defined(CRASH_AT_REALLOC_CREEP)
#define TIME_TO_CRASH() 0

static void *creep_realloc_probe(void *heap, void *ptr, size_t size)
{
    static void *last;       /* the block the last realloc returned */
    static size_t last_size; /* and the size it asked */
    static unsigned steps;   /* the creeping steps in a row up to this one */
    (void)heap;
    steps = ptr && ptr == last && size > last_size && size - last_size <= 16 ? steps + 1 : 0;
    if (steps >= CRASH_AT_REALLOC_CREEP) {
        char *volatile wild = (char *)(uintptr_t)(size & 255); /* a plain SIGSEGV, as in crash-adapter.c */
        *wild = 1;
    }
    void *moved = realloc(ptr, size);
    if (moved)
        last = moved, last_size = size;
    return moved;
}
#elif defined(CRASH_AT_LARGEST_REFIT)
#define TIME_TO_CRASH() largest_refit(size) /* in crash_malloc, whose request is size */
#define REFIT_LOW 1024
#define REFIT_HIGH 2048
static struct { void *p; size_t size; } tracked[64]; /* the live blocks of 1 KiB to 2 KiB */
static size_t freed_size[64], freed_sizes; /* distinct sizes of such blocks freed, not asked again */

/* Whether size, asked now, is the largest freed size, with N or more held;
 * asked, it leaves the set. */
static int largest_refit(size_t size)
{
    size_t largest = 0, at = freed_sizes;
    for (size_t i = 0; i < freed_sizes; i++) {
        largest = freed_size[i] > largest ? freed_size[i] : largest;
        at = freed_size[i] == size ? i : at;
    }
    if (at == freed_sizes)
        return 0;
    int crash = size == largest && freed_sizes >= CRASH_AT_LARGEST_REFIT;
    freed_size[at] = freed_size[--freed_sizes];
    return crash;
}

static void track(void *p, size_t size)
{
    for (size_t i = 0; p && size >= REFIT_LOW && size < REFIT_HIGH && i < sizeof tracked / sizeof tracked[0]; i++)
        if (!tracked[i].p) {
            tracked[i].p = p, tracked[i].size = size;
            return;
        }
}

static void untrack(void *p)
{
    for (size_t i = 0; p && i < sizeof tracked / sizeof tracked[0]; i++)
        if (tracked[i].p == p) {
            size_t j = 0;
            while (j < freed_sizes && freed_size[j] != tracked[i].size)
                j++;
            if (j == freed_sizes && freed_sizes < sizeof freed_size / sizeof freed_size[0])
                freed_size[freed_sizes++] = tracked[i].size;
            tracked[i].p = NULL;
            return;
        }
}
#endif

#if defined(CRASH_AT_FULL_CLASSES) || defined(CRASH_AT_CLASS_LIVE) || defined(CRASH_AT_PAGES) || \
    defined(CRASH_AT_FULL_BIG_CLASSES)
/* A freed block leaves its class's count (the class probes keep tracked[] and live_in[]). */
static void untrack(void *p)
{
    for (size_t i = 0; p && i < sizeof tracked / sizeof tracked[0]; i++)
        if (tracked[i].p == p) {
            live_in[tracked[i].cls]--, tracked[i].p = NULL;
            return;
        }
}
#endif

#endif /* CRASH_DEPTH_H */
