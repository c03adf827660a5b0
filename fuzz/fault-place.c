/*
 * fault-place.c - where a fault's address lies, for a crash's context
 * (crash.c): in memory this run unmapped or mprotect'ed (maps.c keeps those
 * calls), and relative to the model's blocks - inside or just beside a live
 * block, or inside one freed lately. Where the words of a sanitizer's report
 * lie: report-places.c. Called from the fault's handler: it reads only the
 * harness's own records, never the faulting address. A walk off the heap's
 * end: walk-off.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

/* ---- where an address lies among the model's blocks ---- */

extern const char *__asan_locate_address(void *addr, char *name, size_t name_size, void **region_address,
                                         size_t *region_size) __attribute__((weak));


/* How many live blocks the model holds, all in mappings of the allocator's
 * own; 0 if none, or if one lies elsewhere (ASan's heap: the allocator
 * hands out memory from malloc, so a region there may be a block). */
static size_t live_blocks_all_mapped(const struct fuzz_ctx *c)
{
    uintptr_t start, end;
    size_t op, count = 0;
    const char *phase;
    for (int k = 0; k < (int)fuzz_table_end(c); k++)
        if (c->slot[k].ptr && (++count, !fuzz_maps_holding(c->slot[k].ptr, &start, &end, &op, &phase)))
            return 0;
    return count;
}

/* ASan's address beside a heap region of ASan's own malloc that holds no
 * live block, in an op that allocates and has not handed its block over:
 * the block the call is making, whose fill, zeroing or copy ran past it (a
 * calloc's memset rounded up). Placed by the nearest live block instead,
 * it read as that block's fault. Where every live block lies in the
 * allocator's own mappings, its blocks do not come from ASan's heap: the
 * region is a record of its own (round 15's commit map). 1 if it placed it. */
int fuzz_print_asan_region(const struct fuzz_ctx *c, const void *at, const char *named)
{
    static const unsigned char allocating[] = {FUZZ_OP_MALLOC, FUZZ_OP_CALLOC, FUZZ_OP_ALIGNED, FUZZ_OP_REALLOC,
                                               FUZZ_OP_REFILL};
    void *start = NULL;
    size_t size = 0;
    unsigned kind = c->phase || c->cur >= c->nops ? FUZZ_OP_COUNT : c->ops[c->cur].kind;
    if (!at || !__asan_locate_address || c->touch.verb || !memchr(allocating, (int)kind, sizeof allocating))
        return 0;
    const char *where = __asan_locate_address((void *)at, NULL, 0, &start, &size);
    uintptr_t from = (uintptr_t)start, to = from + size, a = (uintptr_t)at;
    if (!where || strcmp(where, "heap") != 0 || a < to || a - to >= FUZZ_NEAR_BLOCK_BYTES)
        return 0;
    for (int k = 0; k < (int)fuzz_table_end(c); k++)
        if (c->slot[k].ptr && (uintptr_t)c->slot[k].ptr < to && (uintptr_t)c->slot[k].ptr + c->slot[k].usable > from)
            return 0; /* an arena of the allocator's own, from ASan's malloc: the live blocks place it */
    char past[48]; /* worded as a live block's place is */
    snprintf(past, sizeof past, a > to ? "%zu bytes past" : "on the first byte past", (size_t)(a - to));
    size_t mapped = live_blocks_all_mapped(c);
    if (mapped) {
        fprintf(stderr, "  %s %p lies %s the end of a %zu-byte heap region at %p that holds no live block, and every "
                        "live block (%zu) lies in mappings of the allocator's own, none in ASan's heap: likely a "
                        "record of the allocator's own (allocated where ASan's \"allocated by\" stack says), "
                        "indexed or sized past its end, not a block\n", named, at, past, size, start, mapped);
        return 1;
    }
    fprintf(stderr, "  %s %p lies %s the end of a %zu-byte heap region at %p that holds no live block: likely the "
                    "block this op's call is making, which it filled, zeroed or copied past the size asked (a length "
                    "rounded up, or another size than the request)\n", named, at, past, size, start);
    return 1;
}

/* The blocks freed lately that lay in [start, end): how many, their
 * smallest and largest usable size, and the lowest start among them. */
struct blocks_in { size_t count, least, most; uintptr_t lowest; };
static struct blocks_in freed_blocks_in(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end)
{
    struct blocks_in in = {0, SIZE_MAX, 0, UINTPTR_MAX};
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        uintptr_t p = (uintptr_t)f->ptr;
        if (p < start || p >= end)
            continue;
        in.count++;
        in.least = f->usable < in.least ? f->usable : in.least;
        in.most = f->usable > in.most ? f->usable : in.most;
        in.lowest = p < in.lowest ? p : in.lowest;
    }
    return in;
}

/* A free's munmap of a whole mapping that held several freed blocks of one
 * size (a slab: one mapping of many same-size blocks, given back whole when
 * its last went) left the allocator a slab, not a block, to keep: on a list
 * of slabs, or its header read through one (round 11's slab, whose report
 * said a block). One that held one block (a slab of one, or a big block's
 * own mapping: the facts do not tell) is named by its header, when the
 * fault lies before the block. A heap's trim that unmaps a region of mixed
 * sizes is neither. 1 if said. */
static int print_unmapped_mapping(const struct fuzz_ctx *c, const void *at, const char *call)
{
    uintptr_t start, end, a = (uintptr_t)at;
    int freeing;
    if (!fuzz_maps_unmapped_span(c, at, &start, &end, &freeing) || !freeing)
        return 0;
    struct blocks_in in = freed_blocks_in(c, start, end);
    if (in.count == 0 || in.least != in.most || (in.count == 1 && a >= in.lowest))
        return 0;
    char header[160] = "";
    if (a < in.lowest)
        snprintf(header, sizeof header, ", %zu bytes before its first block: the %s own header, read through %s",
                 (size_t)(in.lowest - a), in.count > 1 ? "slab's" : "mapping's",
                 in.count > 1 ? "a list that still held it" : "a pointer kept to it");
    if (in.count == 1) {
        fprintf(stderr, "  the fault's address %p lies in memory this run had unmapped, by %s: a whole mapping of "
                        "%zu bytes that held one block the program freed; the fault is at byte %zu of it%s. The "
                        "allocator kept a pointer into a mapping it gave back: a mapping (a slab's, or a big "
                        "block's own) left on a list, or in a cache of the last one freed, after its munmap\n",
                at, call, (size_t)(end - start), (size_t)(a - start), header);
        return 1;
    }
    fprintf(stderr, "  the fault's address %p lies in memory this run had unmapped, by %s: a whole mapping of %zu "
                    "bytes that held %zu blocks of %zu bytes the program freed: a slab, given back when its last "
                    "block went; the fault is at byte %zu of it%s. The allocator kept a pointer into a slab it gave "
                    "back: a slab left on a list of slabs (partial, full or empty) after its munmap, or a slab "
                    "unmapped while a block in it was still in use\n",
            at, call, (size_t)(end - start), in.count, in.least, (size_t)(a - start), header);
    return 1;
}

/* A fault in memory the run before this one (an earlier input in this
 * process) unmapped in its destroy(): a pointer kept past destroy(). 1 if said. */
static int print_destroyed_before(const void *at)
{
    uintptr_t start, end;
    if (!fuzz_maps_destroyed_before(at, &start, &end))
        return 0;
    fprintf(stderr, "  the fault's address %p lies in memory the run before this one (an earlier input in this "
                    "process) unmapped in its destroy(): byte %zu of a mapping of %zu bytes. The allocator kept a "
                    "pointer into its last heap past destroy(): state that outlives destroy() and create() (a "
                    "static or thread-local cache of the heap or its record, found again by the new heap, as by "
                    "an address the new heap shares with the old one)\n",
            at, (size_t)((uintptr_t)at - start), (size_t)(end - start));
    return 1;
}

int fuzz_fault_in_unmapped_record(const struct fuzz_ctx *c, const void *at)
{
    uintptr_t start, end, a = (uintptr_t)at, p = (uintptr_t)c->freeing_again;
    int freeing;
    return at && p && fuzz_maps_unmapped_span(c, at, &start, &end, &freeing) && p >= start && p < end &&
           a + FUZZ_HEADER_BYTES < p;
}

int fuzz_print_fault_place(const struct fuzz_ctx *c, const void *at)
{
    char call[FUZZ_OP_DESCRIPTION_MAX + 160];
    if (!at)
        return 0;
    /* A double free's unmapped block: crash.c's own line says it, and no other place is this fault's (round
     * 20's lookaside heap, an emptied segment left on its list, was told of a walk stepping back past create's
     * mapping); a fault below the block's header is the mapping's own record, said here. */
    if (c->freeing_again) {
        if (!fuzz_maps_unmapped_before(c, at, call, sizeof call))
            return 0;
        if (fuzz_fault_in_unmapped_record(c, at))
            print_unmapped_mapping(c, at, call);
        return 1;
    }
    /* Mapped now, then what it is now is why it faults: an unmap of the same
     * address before it was mapped again (a pristine probe's heap, at the
     * address the next heap got) is history (round 15's reserve/commit heap). */
    if (fuzz_maps_protected(c, at, 1, call, sizeof call))
        fprintf(stderr, "  the fault's address %p lies in pages the allocator made inaccessible, by %s: a guard "
                        "page or a protected freed block, or pages decommitted while something still used them "
                        "(a block, or the allocator's own record), met by the allocator or by the harness\n", at,
                call);
    else if (fuzz_maps_reserved(at, call, sizeof call))
        fprintf(stderr, "  the fault's address %p lies in address space the allocator reserved, by %s, in a page "
                        "not made accessible since: memory reserved but not committed; likely a block or a record placed in pages not committed yet (a commit's "
                        "page count rounded down, a block grown in place without committing) or left in pages "
                        "decommitted\n", at, call);
    else if (fuzz_maps_unmapped_before(c, at, call, sizeof call)) {
        if (!print_unmapped_mapping(c, at, call))
            fprintf(stderr, "  the fault's address %p lies in memory this run had unmapped, by %s: the allocator "
                            "kept a pointer into memory it gave back (a block left on a list, or in a quarantine, "
                            "after its mapping went; or a mapping unmapped too soon)\n", at, call);
    } else if (!print_destroyed_before(at))
        return 0;
    return 1;
}

/* A fault a few bytes above the pointer of the block in the call's hands rounded down to a power of
 * two past a page, more than a page below the block: a lookup that masks a pointer to find its
 * slab's header, applied to a block that is no slab's (round 14: a Hoard-style allocator's 64 KiB
 * superblocks, masked from a big block in a mapping of its own; the report named only a lookup). */
#define MASKED_HEADER_BYTES 256 /* how far past the masked address a header's field may lie */
#define MASKED_BITS_MAX 26       /* slabs, superblocks, chunks and segments up to 64 MiB */

int fuzz_print_masked_lookup(const struct fuzz_ctx *c, const void *at)
{
    int k = c->usable_asking ? c->usable_asking - 1 : c->freeing ? c->freeing - 1
          : c->reallocating ? c->reallocating - 1 : -1;
    if (k < 0 || !at)
        return 0;
    uintptr_t fault = (uintptr_t)at, p = (uintptr_t)c->slot[k].ptr, page = fuzz_page_size();
    for (unsigned bits = 12; bits <= MASKED_BITS_MAX; bits++) {
        uintptr_t base = p & ~(((uintptr_t)1 << bits) - 1);
        if (fault < base) /* a finer mask's base: a coarser one may reach down to the fault */
            continue;
        if (!base || fault - base >= MASKED_HEADER_BYTES || p - base <= page) /* base 0: a NULL followed */
            return 0;
        fprintf(stderr, "  the fault's address %p lies %zu byte%s past block %s%d's pointer %p masked to a power "
                        "of two past a page (%#jx, a %zu KiB boundary), %zu bytes below the block: likely a lookup "
                        "that finds a slab's "
                        "(superblock's, page run's) header by masking a pointer, applied to a block that is no "
                        "slab's (a big block in a mapping of its own, on no such boundary); tell such blocks apart "
                        "(a set or table of the heap's slabs, a list of its big blocks) before reading at the "
                        "masked address\n", at, (size_t)(fault - base), hl_plural_s(fault - base), FUZZ_BLOCK_NO(k),
                (void *)p, (uintmax_t)base,
                (size_t)((base & -base) >> 10), (size_t)(p - base));
        return 1;
    }
    return 0;
}

/* A SIGSEGV in the null page is a NULL pointer followed, its field's offset
 * the address: no block, mapping or number places it, and the report said
 * nothing of where (a heap_4-style merge into its end marker took the
 * marker's NULL link, met by the next malloc's walk). In the pristine
 * check, its own cause line says it instead, with the offset (crash.c). */
void fuzz_print_null_page(const void *at)
{
    uintptr_t field = (uintptr_t)at;
    /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
    fprintf(stderr, "  the fault's address 0x%jx lies in the null page, where nothing is ever mapped: a NULL pointer "
                    "followed, at byte %ju of what it was taken to point at: likely a link the allocator found NULL "
                    "and followed without a test (the end of a free list or of a list of pages, an empty bin, no "
                    "neighbour at the heap's edge, a header field never written)\n", (uintmax_t)field,
            (uintmax_t)field);
}

volatile int *fuzz_usable_hint_offered; /* crash.c sets it, replay.c reads it */

void fuzz_note_freed(struct fuzz_ctx *c, unsigned slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    c->freed[c->nfreed++ % FUZZ_RECENT_FREED] =
        (struct fuzz_freed){b->ptr, b->usable, b->requested, b->asked, b->made_at, c->cur, c->phase, (int)slot,
                            b->seed, b->shrunk};
}

const struct fuzz_freed *fuzz_freed_holding(const struct fuzz_ctx *c, uintptr_t at, size_t window)
{
    const struct fuzz_freed *f;
    for (size_t i = 0; i < window && (f = fuzz_freed_newest(c, i)); i++) {
        if (at >= (uintptr_t)f->ptr && at < (uintptr_t)f->ptr + (f->usable ? f->usable : 1))
            return f;
    }
    return NULL;
}

/* The live block nearest `at`, within FUZZ_NEAR_BLOCK_BYTES of it or holding it
 * (*inside 1); *where gets how it lies there ("8 bytes past the end of").
 * -1 if none. */
static int nearest_live(const struct fuzz_ctx *c, uintptr_t at, int *inside, char *where, size_t len)
{
    int prev, next, in = fuzz_index_find(&c->index, (const void *)at);
    *inside = in >= 0;
    if (in >= 0) {
        snprintf(where, len, "at byte %zu of", (size_t)(at - (uintptr_t)c->slot[in].ptr));
        return in;
    }
    fuzz_index_around(&c->index, (const void *)at, &prev, &next);
    uintptr_t past = prev >= 0 ? at - ((uintptr_t)c->slot[prev].ptr + c->slot[prev].usable) : UINTPTR_MAX;
    uintptr_t before = next >= 0 ? (uintptr_t)c->slot[next].ptr - at : UINTPTR_MAX;
    if (past <= before && past < FUZZ_NEAR_BLOCK_BYTES) {
        if (past)
            snprintf(where, len, "%zu byte%s past the end of", (size_t)past, hl_plural_s(past));
        else
            snprintf(where, len, "on the first byte past the end of");
        return prev;
    }
    if (before < FUZZ_NEAR_BLOCK_BYTES) {
        snprintf(where, len, "%zu byte%s before", (size_t)before, hl_plural_s(before));
        return next;
    }
    return -1;
}

/* ---- a register or fault address: a pointer stepped by a size read from a block ---- */

/* A step a pointer may take by a size: in bytes, words or 16-byte units
 * (p + size as a char *, a size_t *, a 16-byte header's pointer), forward
 * or back (a footer's size taken to the block below). */
static const unsigned step_units[] = {1, 8, 16};

/* The size read is a pattern word whole, or either of its 4-byte halves (a
 * lab allocator's 4-byte header: CS:APP's WSIZE tags). */
struct step { uint64_t value; uintptr_t base; unsigned unit, width, half; int back; };

/* Whether `at` lies in or near a live block, or in one freed lately:
 * where a pointer the allocator keeps among its blocks points. */
static int among_blocks(const struct fuzz_ctx *c, uintptr_t at)
{
    int inside;
    char where[64];
    return nearest_live(c, at, &inside, where, sizeof where) >= 0 || fuzz_freed_holding(c, at, FUZZ_FREED_NEAR);
}

static int steps_by(const struct fuzz_ctx *c, struct step *s, uint64_t size, unsigned width, unsigned half)
{
    for (size_t u = 0; u < sizeof step_units / sizeof step_units[0]; u++)
        for (int back = 0; back <= 1; back++) {
            uint64_t by = size * step_units[u], base = back ? s->value + by : s->value - by;
            if (base >> 47 == 0 && base && among_blocks(c, (uintptr_t)base)) {
                *s = (struct step){s->value, (uintptr_t)base, step_units[u], width, half, back};
                return 1;
            }
        }
    return 0;
}

static int steps_from_blocks(const struct fuzz_ctx *c, uint64_t word, void *arg)
{
    struct step *s = arg;
    return steps_by(c, s, word, 8, 0) || (word >> 32 && steps_by(c, s, word & 0xffffffffu, 4, 0)) ||
           (word >> 32 && steps_by(c, s, word >> 32, 4, 4));
}

/* Where `at`, among the blocks, lies: in a live block, in one freed lately,
 * or beside a live one (as fuzz_print_block_place looks). */
static void describe_among_blocks(const struct fuzz_ctx *c, uintptr_t at, char *out, size_t len)
{
    char where[64], when[FUZZ_OP_DESCRIPTION_MAX + 16];
    int inside, k = nearest_live(c, at, &inside, where, sizeof where);
    const struct fuzz_freed *f = inside ? NULL : fuzz_freed_holding(c, at, FUZZ_FREED_NEAR);
    if (f)
        snprintf(out, len, "at byte %zu of block %s%d freed %s", (size_t)(at - (uintptr_t)f->ptr),
                 FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
    else
        snprintf(out, len, "%s live block %s%d", where, FUZZ_BLOCK_NO(k));
}

/* A size read from live block k's bytes, within its request, 16 bytes or
 * less from the place stepped from (a header or footer read to step to the
 * next or previous block; the fault's own address also moves by the tag's
 * offset and the size's flag bits): the allocator keeps a tag inside that
 * block, cut too small for its request. 1 if said. */
static int print_header_in_block(const struct fuzz_ctx *c, int k, size_t offset, uintptr_t base)
{
    const struct fuzz_block *b = &c->slot[k];
    uintptr_t word_at = (uintptr_t)b->ptr + offset;
    if (offset >= b->requested) /* past the request: usable_size's line says more */
        return 0;
    if ((base > word_at ? base - word_at : word_at - base) > 16)
        return 0;
    /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
    fprintf(stderr, "  that size lies where a header or footer is read to step to the next or previous block, "
                    "yet inside live block %s%d (%zu bytes requested, usable %zu), whose bytes the harness wrote: the "
                    "allocator keeps a header or footer inside this block, cut too small for its request, so the "
                    "program's data overwrote that tag (a small request given only its header and footer, no room "
                    "for data, as CS:APP's asize = DSIZE for requests of up to 8 bytes does)\n",
            FUZZ_BLOCK_NO(k), b->requested, b->usable);
    return 1;
}

/* `what` ("register rax held", "the fault's address"), a place among the
 * blocks plus or less a block's word, said with both; 1 if so. */
static int print_stepped(const struct fuzz_ctx *c, const char *what, uint64_t value)
{
    struct step s = {value, 0, 0, 0, 0, 0};
    const struct fuzz_freed *f;
    size_t offset;
    int k = fuzz_pattern_find(c, steps_from_blocks, &s, &offset, &f);
    if (k < 0 && !f)
        return 0;
    offset += s.half;
    char base[FUZZ_OP_DESCRIPTION_MAX + 96], word[FUZZ_OP_DESCRIPTION_MAX + 64], when[FUZZ_OP_DESCRIPTION_MAX + 16],
        times[24] = "";
    describe_among_blocks(c, s.base, base, sizeof base);
    if (f)
        snprintf(word, sizeof word, "block %s%d freed %s, which the harness wrote there while it was live",
                 FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
    else
        snprintf(word, sizeof word, "live block %s%d (placed %s), which the harness wrote there", FUZZ_BLOCK_NO(k),
                 fuzz_call_when(c, NULL, c->slot[k].made_at, when, sizeof when));
    if (s.unit > 1)
        snprintf(times, sizeof times, "%u times ", s.unit);
    /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
    fprintf(stderr, "  %s %#jx, %#jx (%s) %s %sthe %u bytes at byte %zu of %s: the allocator stepped a "
                    "pointer by a block's bytes read as a size (a walk to the next or previous block by a size read "
                    "where none is, from a rover or link left in a block freed or handed out, or a walk that lost "
                    "step with the block sizes)\n", what, (uintmax_t)value, (uintmax_t)s.base, base,
            s.back ? "less" : "plus", times, s.width, offset, word);
    static int header_said; /* once, under the first register that shows it */
    if (!f && !header_said)
        header_said = print_header_in_block(c, k, offset, s.base);
    return 1;
}

int fuzz_print_register_stepped(const struct fuzz_ctx *c, const char *name, uint64_t value)
{
    char what[32];
    snprintf(what, sizeof what, "register %s held", name);
    return print_stepped(c, what, value) || fuzz_print_walk_off_heap(c, what, value);
}

int fuzz_print_fault_stepped(const struct fuzz_ctx *c, const void *fault)
{
    return fault && print_stepped(c, "the fault's address is", (uintptr_t)fault);
}

/* Whether `at` lies within a word of a block (live, or freed lately), on
 * its first bytes past its end or its last before its start: an overflow's
 * or underflow's place, whatever bits it shares with a block start (the
 * first byte past a 15-byte block at a 16-byte boundary is its start with
 * its low 4 bits set, the byte before a block aligned to 32 is its start
 * with its low 5 set). */
static int just_beside(uintptr_t at, uintptr_t start, size_t usable)
{
    return at - (start + usable) < sizeof(void *) || start - at - 1 < sizeof(void *);
}

static int just_beside_a_block(const struct fuzz_ctx *c, uintptr_t at)
{
    for (int k = 0; k < (int)fuzz_table_end(c); k++)
        if (c->slot[k].ptr && just_beside(at, (uintptr_t)c->slot[k].ptr, c->slot[k].usable))
            return 1;
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++)
        if (f->ptr && just_beside(at, (uintptr_t)f->ptr, f->usable))
            return 1;
    return 0;
}

/* 1 if `at` xor `start` is a run of low bits all set: what a link kept
 * encoded as (slot >> 12) ^ next becomes when decoded with another slot's
 * page, one or a few pages away (P ^ (P - 1) sets the bits up to P's lowest
 * one): round 9 decoded from a header's address a page below the
 * link's, 23 bytes past a live block, and the report named only that block. */
static int low_bits_flipped(uintptr_t at, uintptr_t start, unsigned *bits)
{
    uintptr_t x = at ^ start;
    if (!start || !x || (x & (x + 1)) || (uint64_t)x >> 47)
        return 0;
    for (*bits = 0; x; x >>= 1)
        ++*bits;
    return 1;
}

/* The start of a block the harness no longer records (freed long ago, or
 * never handed out) lies past a live block's end and a header: round 9's
 * link decoded a few bits off was meant for a free block 16 bytes past a
 * live one's end, freed 300 frees before. 1 if `at`, in no live block, is
 * such a start (a header of 0, 8 or 16 bytes) with its low bits flipped. */
static int gap_start_flipped(const struct fuzz_ctx *c, uintptr_t at, char *block, size_t len, uintptr_t *start,
                             unsigned *bits)
{
    int prev, next;
    if (fuzz_index_find(&c->index, (const void *)at) >= 0)
        return 0;
    fuzz_index_around(&c->index, (const void *)at, &prev, &next);
    if (prev < 0)
        return 0;
    const struct fuzz_block *b = &c->slot[prev];
    uintptr_t end = ((uintptr_t)b->ptr + b->usable + 7) & ~(uintptr_t)7;
    for (size_t header = 0; header <= 16; header += 8)
        if ((next < 0 || end + header < (uintptr_t)c->slot[next].ptr) && low_bits_flipped(at, end + header, bits)) {
            snprintf(block, len, "where a block may start %zu bytes past the end of live block %s%d (room for a "
                     "header), a free one the harness does not hold", end + header - ((uintptr_t)b->ptr + b->usable),
                     FUZZ_BLOCK_NO(prev));
            *start = end + header;
            return 1;
        }
    return 0;
}

/* An address that is a block's start (live, freed lately, or one past a
 * live block the harness does not hold) with its low bits flipped: a link
 * decoded wrong, placed by the block it was meant to reach. Not within a word
 * past a block's end or before its start: an overflow or underflow, which
 * the place line names. 1 if it said so. */
static int print_decoded_off(const struct fuzz_ctx *c, uintptr_t at, const char *named)
{
    char block[FUZZ_OP_DESCRIPTION_MAX + 96], when[FUZZ_OP_DESCRIPTION_MAX + 16];
    unsigned bits = 0;
    int found = 0;
    uintptr_t start = 0;
    if (just_beside_a_block(c, at))
        return 0;
    for (int k = 0; !found && k < (int)fuzz_table_end(c); k++)
        if ((found = c->slot[k].ptr && low_bits_flipped(at, start = (uintptr_t)c->slot[k].ptr, &bits)))
            snprintf(block, sizeof block, "the start of live block %s%d", FUZZ_BLOCK_NO(k));
    const struct fuzz_freed *f;
    for (size_t i = 0; !found && (f = fuzz_freed_newest(c, i)); i++) {
        if ((found = low_bits_flipped(at, start = (uintptr_t)f->ptr, &bits)))
            snprintf(block, sizeof block, "the start of block %s%d freed %s", FUZZ_BLOCK_NO(f->slot),
                     fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
    }
    if (!found)
        found = gap_start_flipped(c, at, block, sizeof block, &start, &bits);
    if (found)
        /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
        fprintf(stderr, "  %s %p is %p with its low %u bit%s all flipped, %s: likely a link kept encoded, decoded "
                        "with another slot's address than its own (safe-linking's slot >> 12 ^ next, decoded with "
                        "the address of a header or a copy a page from the link's, so the one meant for that block "
                        "came out a few bits off, two pages' numbers differing in just such low bits)\n", named,
                (void *)at, (void *)start, bits, hl_plural_s(bits), block);
    return found;
}

/* An address at or just past the pointer a bad free of this op was given on purpose: the free wrote
 * there as into a block of its own, no link of its own decoded wrong nor reaching a live block
 * (round 19's BiBOP free pushed a misaligned pointer on its list, told as a link decoded with the
 * wrong key). 1 if it said so. */
static int print_at_bad_pointer(const struct fuzz_ctx *c, uintptr_t at, const char *named)
{
    uintptr_t bad = (uintptr_t)c->freeing_bad;
    if (!bad || at < bad || at - bad >= 2 * sizeof(void *))
        return 0;
    char past[48] = "";
    if (at > bad)
        snprintf(past, sizeof past, "%zu byte%s past ", (size_t)(at - bad), hl_plural_s(at - bad));
    /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
    fprintf(stderr, "  %s %p is %sthe pointer this op's free was given on purpose: free wrote there as into a block "
                    "of its own, without first testing that the pointer is one (a link or header written before a "
                    "test of its offset in a slot or page, or a lookup in a table or walk of its blocks)\n", named,
            (void *)at, past);
    return 1;
}

int fuzz_print_block_place(const struct fuzz_ctx *c, const void *fault, const char *named)
{
    char where[64], made[FUZZ_OP_DESCRIPTION_MAX + 16], freed[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t at = (uintptr_t)fault;
    if (!fault || c->freeing_again)
        return 0;
    int inside, k = nearest_live(c, at, &inside, where, sizeof where);
    const struct fuzz_freed *f = inside ? NULL : fuzz_freed_holding(c, at, FUZZ_FREED_NEAR);
    if (f) {
        /* A realloc that slides its block down into a free neighbour copies
         * into freed memory by design: its copy, not its place, is wrong. */
        int moved_into = c->reallocating && fuzz_report_words()->overlap.to == at;
        fprintf(stderr, "  %s %p lies at byte %zu of block %s%d freed %s, [%p, +%zu) (placed "
                        "%s): %s\n", named, fault, (size_t)(at - (uintptr_t)f->ptr), FUZZ_BLOCK_NO(f->slot),
                fuzz_call_when(c, f->phase, f->freed_at, freed, sizeof freed), (void *)f->ptr, f->usable,
                fuzz_call_when(c, NULL, f->made_at, made, sizeof made),
                moved_into ? "memory freed before, which the realloc may move its block into (a free neighbour it "
                             "extends into): the place is no fault of its own"
                           : "the allocator read or wrote a freed block's memory (a stale link, a block left on a "
                             "list)");
    } else if (k >= 0 && !(inside && c->touch.verb && c->touch.key == k)) { /* fuzz_print_touch names it */
        const struct fuzz_block *b = &c->slot[k];
        const char *role = c->freeing == k + 1 ? ", the block being freed" : c->reallocating == k + 1
                               ? ", the block being reallocated" : "";
        fprintf(stderr, "  %s %p lies %s live block %s%d%s, [%p, +%zu) (%zu requested; placed %s)\n",
                named, fault, where, FUZZ_BLOCK_NO(k), role, (void *)b->ptr, b->usable, b->requested,
                fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
        int at_bad = print_at_bad_pointer(c, at, named);
        if (!at_bad)
            print_decoded_off(c, at, named);
        return inside && !*role && !at_bad ? 3 : 2; /* the block in the call's hands may hold its own link */
    }
    return print_at_bad_pointer(c, at, named) || print_decoded_off(c, at, named) || f || k >= 0; /* 1, or 0: not placed */
}
