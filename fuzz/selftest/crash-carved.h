/*
 * crash-carved.h - the planted bugs of crash-adapter.c in blocks' headers and
 * usable sizes: blocks carved from one static area, each behind a header,
 * and a usable_size that is off (the harness's fill past a request, its
 * usable_too_small oracle and HALLOC_FUZZ_USABLE are what they test).
 * Included by crash-adapter.c only, which calls what each -D below defines:
 * CARVES and carve() for the carved ones, CRASH_USABLE_SIZE (its usable_size)
 * for those whose usable size is off.
 *
 * -DUSABLE_INTO_NEXT_HEADER: blocks carved from one static area, each behind
 * a header that names it, with the header of the free rest after the last;
 * usable_size claims the next header too: the harness's fill overwrites it
 * unseen, and the next malloc or free finds it broken and crashes; the crash
 * context must point at HALLOC_FUZZ_USABLE.
 * -DUSABLE_OVER_BY_8: no crash; blocks carved as with USABLE_INTO_NEXT_HEADER,
 * but usable_size claims only the next header's first 8 bytes, which the next
 * malloc writes again, unchecked: the pattern_corrupted report must say the
 * damage lies past the request, within the usable size, and name
 * HALLOC_FUZZ_USABLE (it named only the next block's header).
 * -DHEADER_NOT_COUNTED: no crash; blocks carved as with USABLE_INTO_NEXT_HEADER,
 * but each is spaced by its rounded size alone, the header left out: the next
 * block's header lands in its last 16 bytes, and the pattern_corrupted report
 * must say the damage ends where the next block begins.
 * -DUSABLE_UNDERSTATED: no crash; usable_size says 0 for every block, as a
 * class table or lookup that is off: usable_too_small must fire at the first
 * non-empty block, with its likely cause.
 * -DUSABLE_CUT_TO_16: no crash; usable_size is glibc's cut to 16 bits, as
 * an allocator keeping sizes in a uint16_t field: usable_too_small must fire
 * at a block of 64 KiB or more, naming a type too narrow as a likely cause.
 * -DUSABLE_ROUNDED: no bug; usable_size is glibc's rounded down to 16 (a
 * request of 8: 16), as an allocator that rounds to 16 reports: with
 * -DCRASH_AT_CALL, the crash context must not offer HALLOC_FUZZ_USABLE=off,
 * which rounding alone cannot make matter.
 */
#ifndef CRASH_CARVED_H
#define CRASH_CARVED_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>

#if defined(USABLE_INTO_NEXT_HEADER) || defined(HEADER_NOT_COUNTED) || defined(USABLE_OVER_BY_8)
#define CARVES 1
#endif

#ifdef CARVES
static size_t carved_used; /* bytes of carved[] handed out since create */

struct carved_header {
    char *payload; /* the block it heads: anything else means it was overwritten */
    size_t size;
};
static _Alignas(16) char carved[4096];

#ifdef USABLE_INTO_NEXT_HEADER
static void crash_if_header_broken(void *p)
{
    if (p && ((struct carved_header *)p - 1)->payload != p) {
        char *volatile wild = (char *)(uintptr_t)16;
        *wild = 1;
    }
}
#endif

/* Writes the header of the free rest at carved_used. */
static void mark_rest(void)
{
    struct carved_header *rest = (struct carved_header *)(carved + carved_used);
    *rest = (struct carved_header){(char *)(rest + 1), sizeof carved - carved_used - sizeof *rest};
}

static void *carve(size_t size)
{
    size_t rounded = (size + 15) & ~(size_t)15;
    struct carved_header *h = (struct carved_header *)(carved + carved_used);
    if (carved_used == 0)
        mark_rest();
#ifdef HEADER_NOT_COUNTED
    size_t spacing = rounded;
#else
    size_t spacing = sizeof *h + rounded;
#endif
#ifdef USABLE_INTO_NEXT_HEADER
    crash_if_header_broken(h + 1);
#endif
    if (carved_used + 2 * sizeof *h + rounded > sizeof carved)
        return NULL;
    *h = (struct carved_header){(char *)(h + 1), rounded};
    carved_used += spacing;
    mark_rest();
    return h + 1;
}

#endif /* CARVES */

#ifdef USABLE_INTO_NEXT_HEADER
static size_t crash_usable_size(void *heap, void *p)
{
    (void)heap;
    return ((struct carved_header *)p - 1)->size + sizeof(struct carved_header);
}
#define CRASH_USABLE_SIZE crash_usable_size
#elif defined(USABLE_OVER_BY_8)
static size_t over_usable_size(void *heap, void *p)
{
    (void)heap;
    return ((struct carved_header *)p - 1)->size + 8;
}
#define CRASH_USABLE_SIZE over_usable_size
#elif defined(USABLE_UNDERSTATED)
static size_t understated_usable_size(void *heap, void *p)
{
    (void)heap, (void)p;
    return 0;
}
#define CRASH_USABLE_SIZE understated_usable_size
#elif defined(USABLE_CUT_TO_16)
static size_t cut_usable_size(void *heap, void *p)
{
    (void)heap;
    return (uint16_t)malloc_usable_size(p);
}
#define CRASH_USABLE_SIZE cut_usable_size
#elif defined(USABLE_ROUNDED)
static size_t rounded_usable_size(void *heap, void *p)
{
    (void)heap;
    return malloc_usable_size(p) & ~(size_t)15;
}
#define CRASH_USABLE_SIZE rounded_usable_size
#endif

#endif /* CRASH_CARVED_H */
