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
 * -DUSABLE_OTHER_CLASS: no crash; usable_size says 16 for every block, as a
 * lookup that reads another span's record (round 14b: slot-span metadata
 * indexed one page low): usable_too_small of a 30,000-byte block must name
 * that lookup, not a class edge.
 * -DLINK_IN_LIVE_BLOCK=1 to 9: blocks carved as with USABLE_INTO_NEXT_HEADER,
 * the first left on a free list after it was handed out, so the next malloc
 * follows its first word, the harness's pattern, as a link: =1 a misaligned
 * load 8 bytes below that word, =2 a pointer index that overflows from the
 * block's start (by an offset none of the block's bytes hold); UBSan reports each, and the crash context must place its
 * address among the block's bytes (=1: the pattern's word; =2: the block).
 * =3 steps from the block by the first of its words that is negative, as a
 * relative link (UBSan prints the two addresses), =4 multiplies the 4 bytes
 * at byte 4, as a size in 64 KiB units, and overflows (UBSan prints them in
 * decimal): the context must find the offset, or the number, among the
 * block's bytes.
 * =5 reads the next entry's header through a link kept encoded (xor'ed with
 * a key, as safe-linking does) and decoded with another key: UBSan reports a
 * misaligned load at an address no user-space mapping has, and the context
 * must call it a link decoded wrong. A malloc of 40 bytes decodes it with the
 * page of a slot 4 KiB from the link's instead ((slot >> 12) ^ next, the
 * shift of the wrong address): the address is the block's start with its low
 * bit flipped, and the context must name the decode; one of 24 does so for a
 * link to the heap's rest past the last block, which the harness never saw.
 * =6 reads a compact header of a 64 KiB chunk, {a uint32 size in 8-byte
 * units with the in-use bit in its low bit, a uint32 prev size of 0}, as the
 * next entry's link: UBSan reports a misaligned load at 0x2001, below any
 * mapping, and the context must call it a number taken for a pointer.
 * =8 reads it with the in-use bit kept elsewhere, so the number is 0x2000,
 * aligned: no UBSan check catches the load, which faults (a plain SIGSEGV
 * at 0x2000, built without UBSan), and the context must say the same.
 * =7 walks into memory the allocator filled with 0xa5 (a debug fill, a gap
 * between pools) and steps by a word of it as a size: UBSan reports a
 * misaligned load past 2^47, and the context must name the fill byte.
 * =9 steps from the stale entry by a word of its bytes read as a size in
 * units of a header (a next-fit rover left in a block merged away): UBSan
 * reports the index that overflows, from the block's start to past 2^47,
 * and the context must blame the offset, not call the result a link.
 * -DREALLOC_SLIDES_DOWN: blocks carved; realloc of a block above the block
 * freed last moves it down into that block with memcpy where the two
 * overlap (memmove needed): built with ASan, the context must take the
 * copy's destination in freed memory for the move's own, not a stale link.
 * =2: no crash; the slide uses memmove but copies 16 bytes less than the
 * block holds (a header taken off twice), and the block moves further down
 * than it keeps: realloc_lost_data must name the move over its old place.
 * =3: no crash; the slide lands 8 bytes into the freed block, off the
 * alignment: misaligned must name the realloc's move, not the adapter's claim.
 * -DREALLOC_REUSES_LIVE: blocks carved; realloc takes its new place 16
 * bytes into the block it moves, as an allocator that hands out a block still
 * live (a quarantine entry reused and left in its ring) and copies with
 * memcpy: built with ASan, the context must name the new place inside the
 * live block, not ask for memmove.
 * -DCUT_PAST_BLOCK: blocks carved as with USABLE_INTO_NEXT_HEADER; a malloc
 * of more than 32 bytes after the first takes a free block of 32 for it, as
 * a segregated fit that does not round the request up takes its own list's
 * first block, and steps from the request's end to the block's by their
 * difference, below zero (UBSan: the addition overflows). The context must
 * call the offset a size that went below zero, a block cut to more than it
 * holds.
 * -DSTEP_BACK_UNSIGNED: blocks carved as with USABLE_INTO_NEXT_HEADER; each
 * malloc after the first reads the word below its header by adding a negated
 * size, the right address (UBSan: the addition overflows). The context must
 * offer that step back beside a size below zero.
 * -DMERGES_LIVE_BELOW: blocks carved as with USABLE_INTO_NEXT_HEADER; a free
 * takes the block below for free, as a boundary-tag free whose "block below
 * is free" flag went stale: it reads that block's last word, the harness's
 * pattern, as a footer's size and steps down by it (UBSan: the subtraction
 * overflows). The context must name the live block below the one being
 * freed and the stale flag.
 * -DREALLOC_GROWS_OVER_NEXT: blocks carved as with USABLE_INTO_NEXT_HEADER,
 * usable_size their header's size; realloc grows a block in place by its
 * header's size alone, never looking at the room after it: overlap must
 * blame the grow in place, not usable_size().
 * -DUSABLE_BELOW_ZERO: with -DUNMAP_LEAVES_PAGE's blocks (crash-mappings.h),
 * usable_size is 8 bytes less than 0, as a header's size less the header
 * read where the block has none (an aligned block's offset never recorded):
 * the report's block line must give it as -8.
 * -DUSABLE_ROUNDED: no bug; usable_size is glibc's rounded down to 16 (a
 * request of 8: 16), as an allocator that rounds to 16 reports: with
 * -DCRASH_AT_CALL, the crash context must not offer HALLOC_FUZZ_USABLE=off,
 * which rounding alone cannot make matter.
 * -DUSABLE_LESS_HEADER: no crash; usable_size is glibc's rounded down to 16,
 * less an 8-byte header, as an allocator that sizes a block for the request
 * alone and then takes its header out: a request of 32 gets 24, exactly a
 * header short, and usable_too_small must name that sizing first; one of 40
 * also gets 24, 16 short, and keeps the general cause (a header counted
 * twice among them). =8: the same on an 8-byte grain, the adapter declaring
 * .alignment = 8: a request of 24 gets 16, a header short of a request that
 * needed no rounding there (the rule took 16 for every allocator's grain).
 * -DMERGES_PAST_FREE_BELOW: blocks carved as with USABLE_INTO_NEXT_HEADER;
 * the second free reads the second word of the first block carved as a link,
 * as a merge stepped down past the free memory below by a stale footer: UBSan
 * reports a misaligned load, and the context must name the stale size.
 * -DHANDS_OUT_LIVE (crash-adapter.c): the first block handed out again to a
 * bigger request, glibc's usable size: usable_too_small must name the live
 * block it starts in and whose size it was given.
 * -DUSABLE_LOOKUP_CRASHES: usable_size of the second block faults on a NULL
 * record, as a page map whose entry for a block the allocator just made is
 * stale or missing (round 13b radix allocator: the crash context offered
 * only HALLOC_FUZZ_USABLE=off): the context must name usable_size's lookup.
 */
#ifndef CRASH_CARVED_H
#define CRASH_CARVED_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(USABLE_INTO_NEXT_HEADER) || defined(HEADER_NOT_COUNTED) || defined(USABLE_OVER_BY_8) || \
    defined(LINK_IN_LIVE_BLOCK) || defined(MERGES_LIVE_BELOW) || defined(REALLOC_GROWS_OVER_NEXT) || \
    defined(CUT_PAST_BLOCK) || defined(STEP_BACK_UNSIGNED) || defined(REALLOC_SLIDES_DOWN) || \
    defined(REALLOC_REUSES_LIVE) || defined(MERGES_PAST_FREE_BELOW)
#define CARVES 1
#endif

#ifdef CARVES
static size_t carved_used; /* bytes of carved[] handed out since create */

struct carved_header {
    char *payload; /* the block it heads: anything else means it was overwritten */
    size_t size;
};
static _Alignas(16) char carved[4096];

#ifdef LINK_IN_LIVE_BLOCK
static char *stale_entry; /* the first block, still on the free list after it was handed out */

/* The list's next entry, read from the stale one's bytes (the harness's
 * pattern): =1 reads its header's size, 8 bytes below the first word taken
 * for a pointer (odd, so a misaligned load); =2 steps from the stale entry
 * by an offset of the allocator's own making (an index that overflows); =3
 * by a word read there as a relative link; =4 multiplies a 4-byte size read
 * there. All UBSan's but =8, a plain fault (=5 to 9: the file's top). */
static void follow_stale_entry(size_t asked)
{
    size_t word;
    memcpy(&word, stale_entry, sizeof word);
    if (LINK_IN_LIVE_BLOCK == 1) {
        volatile size_t size = ((struct carved_header *)word - 1)->size;
        (void)size;
    } else if (LINK_IN_LIVE_BLOCK == 2) {
        /* an offset made of the entry's own address, none of its bytes: below 0, it wraps */
        char *volatile next = stale_entry - (ptrdiff_t)((uintptr_t)stale_entry + 4096);
        (void)next;
    } else if (LINK_IN_LIVE_BLOCK == 3) {
        for (size_t at = 8; !(word >> 63) && at < 48; at += 8) /* a relative link back: negative */
            memcpy(&word, stale_entry + at, sizeof word);
        char *volatile next = stale_entry + (ptrdiff_t)word; /* below 0: it wraps */
        (void)next;
    } else if (LINK_IN_LIVE_BLOCK == 5 && (asked == 40 || asked == 24)) {
        uintptr_t rest = (uintptr_t)(carved + carved_used + sizeof(struct carved_header)); /* its payload */
        uintptr_t slot = (uintptr_t)stale_entry, stored = (slot >> 12) ^ (asked == 24 ? rest : slot);
        /* the page next to the slot's whose number differs in its lowest bit
         * alone: one flipped bit, the same on every run (a page below flips
         * as many as the slot's page number has trailing zeros, plus one) */
        struct carved_header *volatile next = (struct carved_header *)(((slot >> 12) ^ 1) ^ stored);
        volatile size_t size = next->size; /* misaligned: its low bit flipped */
        (void)size;
    } else if (LINK_IN_LIVE_BLOCK == 6) {
        uint64_t header = (65536 / 8) | 1; /* size in units, in use; prev 0 in the upper half */
        struct carved_header *volatile next = (struct carved_header *)(uintptr_t)header;
        volatile size_t size = next->size;
        (void)size;
    } else if (LINK_IN_LIVE_BLOCK == 8) {
        uint64_t header = 65536 / 8; /* size in units, its in-use bit kept elsewhere */
        struct carved_header *volatile next = (struct carved_header *)(uintptr_t)header;
        char *volatile payload = next->payload; /* faults at the number itself */
        (void)payload;
    } else if (LINK_IN_LIVE_BLOCK == 5) {
        uintptr_t stored = (uintptr_t)stale_entry ^ (uintptr_t)0x5a5a5a5a00000000u; /* encoded with one key */
        struct carved_header *volatile next = (struct carved_header *)(stored ^ (uintptr_t)0x2525252500000001u);
        volatile size_t size = next->size; /* decoded with another */
        (void)size;
    } else if (LINK_IN_LIVE_BLOCK == 7) {
        char *filled = carved + sizeof carved - 32; /* the heap's end, filled as a debug allocator fills it */
        size_t size;
        memset(filled, 0xa5, 16);
        memcpy(&size, filled, sizeof size);
        struct carved_header *volatile next = (struct carved_header *)(filled + (size & ~(size_t)1));
        volatile size_t next_size = next->size; /* misaligned, past 2^47 */
        (void)next_size;
    } else if (LINK_IN_LIVE_BLOCK == 9) {
        size_t units = 0; /* a header's size in units of headers, read where none is: one that wraps */
        for (size_t at = 8; at < 48; at += 8) {
            memcpy(&units, stale_entry + at, sizeof units);
            uintptr_t by = (uintptr_t)units * sizeof(struct carved_header), to = (uintptr_t)stale_entry + by;
            if ((intptr_t)by >= 0 ? to < (uintptr_t)stale_entry : to > (uintptr_t)stale_entry)
                break;
        }
        struct carved_header *volatile next = (struct carved_header *)stale_entry + units;
        (void)next;
    } else {
        int32_t units;
        memcpy(&units, stale_entry + 4, sizeof units);
        volatile int32_t bytes = units * 65536; /* a size in 64 KiB units: it overflows */
        (void)bytes;
    }
}
#endif

#ifdef USABLE_INTO_NEXT_HEADER
static void crash_if_header_broken(void *p)
{
    if (p && ((struct carved_header *)p - 1)->payload != p) {
        char *volatile wild = (char *)(uintptr_t)16;
        *wild = 1;
    }
}
#endif

#ifdef MERGES_LIVE_BELOW
/* The free's merge with the block below, taken for free: the word under
 * p's header read as that block's footer, its size, and p's header less it. */
static void merge_below(void *p)
{
    struct carved_header *h = (struct carved_header *)p - 1;
    size_t footer;
    if (!p || (char *)h == carved)
        return;
    memcpy(&footer, (char *)h - sizeof footer, sizeof footer);
    char *volatile below = (char *)h - footer; /* the pattern's word: it wraps */
    (void)below;
}
#endif

#ifdef MERGES_PAST_FREE_BELOW
/* The second free's merge with the free memory below it, stepped down by a
 * stale size (a footer a split never rewrote) past that memory to the first
 * block carved, whose second word it reads as the chunk's link. */
static void merge_past_free_below(void *p)
{
    static unsigned frees_seen; /* one replay per process */
    struct carved_header *link;
    if (!p || ++frees_seen != 2)
        return;
    memcpy(&link, carved + sizeof(struct carved_header) + 8, sizeof link);
    volatile size_t size = link->size; /* the pattern's word: odd, so a misaligned load */
    (void)size;
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
#ifdef CUT_PAST_BLOCK
    if (carved_used && size > 32) { /* the block's end: the request's less what the block lacks */
        volatile size_t block = 32;
        char *volatile end = (char *)(h + 1) + rounded + (block - rounded);
        (void)end;
    }
#endif
#ifdef STEP_BACK_UNSIGNED
    if (carved_used) { /* the word below the header, as a footer is read */
        volatile size_t below = *(size_t *)(void *)((char *)h + ((size_t)0 - sizeof(size_t)));
        (void)below;
    }
#endif
#ifdef LINK_IN_LIVE_BLOCK
    if (stale_entry)
        follow_stale_entry(size);
    stale_entry = (char *)(h + 1);
#endif
    if (carved_used + 2 * sizeof *h + rounded > sizeof carved)
        return NULL;
    *h = (struct carved_header){(char *)(h + 1), rounded};
    carved_used += spacing;
    mark_rest();
    return h + 1;
}

#ifdef REALLOC_GROWS_OVER_NEXT
static void *carved_grow_realloc(void *heap, void *p, size_t size)
{
    (void)heap;
    if (!p)
        return carve(size);
    struct carved_header *h = (struct carved_header *)p - 1;
    size_t rounded = (size + 15) & ~(size_t)15;
    if (rounded > h->size)
        h->size = rounded; /* the room after it never looked at */
    return p;
}
#define CRASH_CARVED_REALLOC carved_grow_realloc
#endif

#ifdef REALLOC_SLIDES_DOWN
static char *carved_freed; /* the block freed last (crash_free sets it): a realloc above slides into it */

static void *carved_slide_realloc(void *heap, void *p, size_t size)
{
    (void)heap;
    if (!p)
        return carve(size);
    struct carved_header *h = (struct carved_header *)p - 1;
    char *to = carved_freed && carved_freed < (char *)p ? carved_freed + (REALLOC_SLIDES_DOWN == 3 ? 8 : 0)
                                                        : carve(size);
    size_t keep = h->size < size ? h->size : size;
    if (to && REALLOC_SLIDES_DOWN >= 2 && to < (char *)p) /* =2: the header taken off twice */
        memmove(to, p, REALLOC_SLIDES_DOWN == 2 ? keep - 16 : keep);
    else if (to)
        memcpy(to, p, keep); /* overlapping when it slides: memmove needed */
    carved_freed = NULL;
    return to;
}
#define CRASH_CARVED_REALLOC carved_slide_realloc
#endif

#ifdef REALLOC_REUSES_LIVE
static void *carved_reuse_realloc(void *heap, void *p, size_t size)
{
    (void)heap;
    if (!p)
        return carve(size);
    size_t held = ((struct carved_header *)p - 1)->size, keep = held < size ? held : size;
    char *to = (char *)p + 16; /* the block itself, still live, taken for free */
    memcpy(to, p, keep);
    return to;
}
#define CRASH_CARVED_REALLOC carved_reuse_realloc
#endif

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
#elif defined(USABLE_OTHER_CLASS)
static size_t other_class_usable_size(void *heap, void *p)
{
    (void)heap, (void)p;
    return 16;
}
#define CRASH_USABLE_SIZE other_class_usable_size
#elif defined(USABLE_CUT_TO_16)
static size_t cut_usable_size(void *heap, void *p)
{
    (void)heap;
    return (uint16_t)malloc_usable_size(p);
}
#define CRASH_USABLE_SIZE cut_usable_size
#elif defined(SIZE_CUT_TO_32) || defined(HANDS_OUT_LIVE) /* crash-adapter.c's: glibc's usable size */
static size_t cut_request_usable(void *heap, void *p)
{
    (void)heap;
    return malloc_usable_size(p);
}
#define CRASH_USABLE_SIZE cut_request_usable
#elif defined(REALLOC_GROWS_OVER_NEXT)
static size_t header_usable_size(void *heap, void *p)
{
    (void)heap;
    return ((struct carved_header *)p - 1)->size;
}
#define CRASH_USABLE_SIZE header_usable_size
#elif defined(USABLE_BELOW_ZERO)
static size_t below_zero_usable_size(void *heap, void *p)
{
    (void)heap, (void)p;
    return (size_t)0 - 8;
}
#define CRASH_USABLE_SIZE below_zero_usable_size
#elif defined(USABLE_ROUNDED)
static size_t rounded_usable_size(void *heap, void *p)
{
    (void)heap;
    return malloc_usable_size(p) & ~(size_t)15;
}
#define CRASH_USABLE_SIZE rounded_usable_size
#elif defined(USABLE_LESS_HEADER)
#if USABLE_LESS_HEADER == 8 /* a lab allocator's grain: it declares .alignment = 8 */
#define CRASH_ALIGNMENT 8
#else
#define CRASH_ALIGNMENT 16
#endif
static size_t less_header_usable_size(void *heap, void *p)
{
    (void)heap;
    return (malloc_usable_size(p) & ~(size_t)(CRASH_ALIGNMENT - 1)) - 8;
}
#define CRASH_USABLE_SIZE less_header_usable_size
#elif defined(USABLE_LOOKUP_CRASHES)
static size_t lookup_crashes_usable_size(void *heap, void *p)
{
    static unsigned asked; /* one replay per process */
    struct record {
        size_t size;
    } *volatile none = NULL; /* the second block's page-map entry: another run's, or none */
    (void)heap;
    return ++asked == 2 ? none->size : malloc_usable_size(p);
}
#define CRASH_USABLE_SIZE lookup_crashes_usable_size
#endif

#endif /* CRASH_CARVED_H */
