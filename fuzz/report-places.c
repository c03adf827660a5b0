/*
 * report-places.c - where the words of a sanitizer's report (sanitizer-reports.c
 * keeps them: UBSan's addresses and numbers, ASan's overlapping copy) lie
 * among the model's blocks and the bytes of their patterns, for a crash's
 * context (crash.c): a live block's bytes read as a link or size, a freed
 * block's, a link decoded wrong, a number taken for a pointer, a size that
 * went below zero. Where a fault's own address lies: fault-place.c. Called
 * from the fault's handler: it reads only the harness's own records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"

void fuzz_describe_word_offset(char *off, size_t size, uint64_t word, uint64_t at)
{
    if (word != at)
        snprintf(off, size, " %ju %s", (uintmax_t)(word > at ? word - at : at - word), word > at ? "below" : "above");
}

/* A word read from past a block's request was written on usable_size()'s
 * word alone: where that overstates (a realloc that shrank the block in
 * place and kept the old size), the allocator's own header or link lay
 * there, and the harness's fill is what it read back. A line of its own,
 * so the explanation above keeps its short form (report-why.sh); the replay
 * then tries HALLOC_FUZZ_USABLE=off (fuzz_usable_hint_offered). */
static int past_request_said; /* fuzz_print_report_places' answer */

static void print_past_request(const struct fuzz_ctx *c, int k, size_t requested, size_t usable,
                               const struct fuzz_shrink *shrunk, size_t offset)
{
    char cause[FUZZ_OP_DESCRIPTION_MAX + 160] = "a realloc that shrank it in place and kept the old size";
    if (offset < requested || usable <= requested)
        return;
    past_request_said = 1;
    if (shrunk->at && offset >= shrunk->to) { /* the harness's fill of that byte began there, over a tail split off */
        char when[FUZZ_OP_DESCRIPTION_MAX + 16];
        snprintf(cause, sizeof cause, "likely the realloc %s, which shrank it in place below that byte while "
                 "usable_size() did not shrink: it split off the tail and kept the old size",
                 fuzz_call_when(c, NULL, shrunk->at - 1, when, sizeof when));
    }
    fprintf(stderr, "  byte %zu of block %s%d lies past the %zu bytes requested, written on the word of usable_size(), "
                    "%zu: if that overstates the block (%s), the allocator's own header or link lay there; "
                    "HALLOC_FUZZ_USABLE=off replays with the requests alone\n", offset, FUZZ_BLOCK_NO(k), requested,
            usable, cause);
    if (fuzz_usable_hint_offered)
        *fuzz_usable_hint_offered = 1;
}

/* The word a freed block's pattern holds, read as a link: the block the
 * allocator merged away or handed back still lies in its memory, and a
 * header or back link left pointing at it is followed (a successor's stale
 * prev size after a merge, a block still on a list). Newest freed first. */
static int print_freed_pattern_place(const struct fuzz_ctx *c, uintptr_t at)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16], freed[FUZZ_OP_DESCRIPTION_MAX + 16], off[48] = "";
    size_t offset;
    uint64_t word;
    const struct fuzz_freed *f = fuzz_pattern_near_freed(c, at, FUZZ_NEAR_BLOCK_BYTES, &offset, &word);
    if (!f)
        return 0;
    fuzz_describe_word_offset(off, sizeof off, word, at);
    fprintf(stderr, "  UBSan's address %p is%s the 8 bytes at byte %zu of block %s%d freed %s, [%p, +%zu) (placed "
                    "%s), read as a pointer: the harness wrote them while the block was live, so the allocator "
                    "took a freed block's old bytes for a header or link of its own (a size or back link left "
                    "pointing into a block merged away, or a block still on a list after it was handed out)\n",
            (void *)at, off, offset, FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, freed, sizeof freed),
            (void *)f->ptr, f->usable, fuzz_call_when(c, NULL, f->made_at, made, sizeof made));
    print_past_request(c, f->slot, f->requested, f->usable, &f->shrunk, offset);
    return 1;
}

#define FILL_NEAR_BYTES ((uint64_t)1 << 24) /* a heap's blocks lie this close to the memory it fills */

static int fill_near(uint64_t p, uint64_t at) { return p && (p > at ? p - at : at - p) < FILL_NEAR_BYTES; }

/* A block, live or among those freed lately (newest first), within
 * FILL_NEAR_BYTES of `at`: its start (0 if none), *slot its slot, *freed whether freed. */
static uint64_t block_near(const struct fuzz_ctx *c, uint64_t at, int *slot, int *freed)
{
    for (unsigned i = 0; i < fuzz_table_end(c); i++) {
        uint64_t p = (uintptr_t)c->slot[i].ptr;
        if (fill_near(p, at)) {
            *slot = (int)i;
            *freed = 0;
            return p;
        }
    }
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        uint64_t p = (uintptr_t)f->ptr;
        if (fill_near(p, at)) {
            *slot = f->slot;
            *freed = 1;
            return p;
        }
    }
    return 0;
}

/* An address of print_wild_address's (below) that is a heap address plus a
 * word of one byte repeated: the allocator stepped by bytes it filled, read
 * as a size (round 10b: a pool walk past an end marker of the wrong
 * size into the gap after it, filled with 0xa5; the report said a link
 * decoded wrong). 1 if said. */
static int print_fill_walk(const struct fuzz_ctx *c, uintptr_t at)
{
    for (uint64_t byte = 1; byte <= 0xff; byte++) {
        uint64_t fill = byte * 0x0101010101010101u, base = (uint64_t)at - fill, p;
        int k, freed;
        if (base >> 47 || !base || !(p = block_near(c, base, &k, &freed)))
            continue;
        /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
        fprintf(stderr, "  UBSan's address %p is no user-space address (at or above 2^47) and no word of a block: "
                        "it is %#jx, %ju bytes %s %sblock %s%d, plus %#jx, the byte %#jx repeated: likely the "
                        "allocator's fill bytes read as a size or link, a walk past the end of its blocks into memory "
                        "it filled (a debug fill of free or unused memory, a gap between pools, a guard zone, read "
                        "where a header should be)\n", (void *)at, (uintmax_t)base,
                (uintmax_t)(p > base ? p - base : base - p), p > base ? "below" : "above", freed ? "freed " : "live ",
                FUZZ_BLOCK_NO(k), (uintmax_t)fill, (uintmax_t)byte);
        return 1;
    }
    return 0;
}

#define LOWEST_MAPPING 65536 /* Linux's vm.mmap_min_addr by default: nothing user space maps lies below */

/* Past the null page (a field of a NULL struct) yet below any mapping: a
 * number, not an address (round 10: a compact header's size in 8-byte
 * units, 0x1fd5, read as a free-list link, which UBSan's misaligned load
 * caught; an aligned one, 0x2000, is a plain fault's). */
int fuzz_print_number_taken(const void *fault, const char *named)
{
    uintptr_t at = (uintptr_t)fault;
    if (at < 4096 || at >= LOWEST_MAPPING)
        return 0;
    fprintf(stderr, "  %s %p (%ju) lies below 64 KiB, where no user-space mapping can be (vm.mmap_min_addr), and "
                    "is no word of a block: a number taken for a pointer: likely a size, count or flags word read as "
                    "a link (a header read where a link was meant, a chunk found from a size that is no multiple of "
                    "its grain or that keeps a flag bit, or fields of another width than the reader's)\n", named,
            fault, (uintmax_t)at);
    return 1;
}

/* An address a little past a live block's usable size, in no mapping of the allocator's: that block's
 * size word (its size, a header's bytes and flag bits) taken for a pointer (round 19's emmalloc-style
 * allocator: an aligned block's lead, too small for a free block's links, left the next header where a
 * link was read, and the report placed nothing). Sizes below 64 KiB are fuzz_print_number_taken's. */
#define SIZE_WORD_SLACK 64 /* a header's own bytes, its flag bits and the offset of the field written */
int fuzz_print_size_taken(const struct fuzz_ctx *c, const void *fault, const char *named)
{
    uintptr_t at = (uintptr_t)fault, start, end;
    size_t op;
    const char *phase;
    if (fuzz_maps_holding(fault, &start, &end, &op, &phase))
        return 0;
    for (int k = 0; k < (int)fuzz_table_end(c); k++) {
        const struct fuzz_block *b = &c->slot[k];
        if (!b->ptr || b->usable < LOWEST_MAPPING || at < b->usable || at - b->usable >= SIZE_WORD_SLACK)
            continue;
        /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
        fprintf(stderr, "  %s %p (%ju) is %zu past the usable size of live block %s%d, %zu, in no mapping of the "
                        "allocator's, a number taken for a pointer: likely that block's size word read as a link, a "
                        "header read where a link was meant (its size with a header's bytes and flag bits; a free "
                        "block's links written over the next header, in a region too small to hold them)\n",
                named, fault, (uintmax_t)at, (size_t)(at - b->usable), FUZZ_BLOCK_NO(k), b->usable);
        return 1;
    }
    return 0;
}

/* The base of UBSan's pointer arithmetic ("with base 0x... overflowed to
 * 0x...") when a block holds it or lies near it: the address it reached is
 * the offset's doing, read from where no size is, and no link at all (a
 * next-fit allocator's rover left in a block merged away stepped by that
 * block's bytes as a size, and was told of a link decoded wrong). */
static uintptr_t placed_base;

/* An address no block's bytes hold and no user-space mapping can have (at
 * or above 2^47 on a 64-bit machine): a pointer decoded from bytes that never
 * were one. Safe-linking allocators of round 9 decoded their links with
 * another key or slot than they were encoded with; the report said nothing. */
static void print_wild_address(const struct fuzz_ctx *c, uintptr_t at)
{
    if (fuzz_print_number_taken((const void *)at, "UBSan's address") ||
        fuzz_print_size_taken(c, (const void *)at, "UBSan's address"))
        return;
    if (UINTPTR_MAX <= 0xffffffffu || (uint64_t)at >> 47 == 0 || print_fill_walk(c, at) ||
        fuzz_print_walk_off_heap(c, "UBSan's address is", at))
        return;
    if (placed_base) {
        fprintf(stderr, "  UBSan's address %p is no user-space address (at or above 2^47): it is its base %p moved "
                        "by %jd bytes, and that base lies among the blocks (above): the offset is wrong, not a link: "
                        "likely a size or count read where none is (a block's bytes, reached by a pointer left in a "
                        "block merged away or handed out, or by a walk that lost step with the block sizes)\n",
                (void *)at, (void *)placed_base, (intmax_t)(int64_t)((uint64_t)at - (uint64_t)placed_base));
        return;
    }
    /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
    fprintf(stderr, "  UBSan's address %p is no user-space address (at or above 2^47) and no word of a block: "
                    "bytes taken for a pointer that never was one: likely a link kept encoded, decoded with another "
                    "key or slot than its own (safe-linking's slot >> 12 ^ next, or one xor'ed with a per-heap key; "
                    "else a link stored raw and decoded, or encoded twice, or a header's or a freed block's other "
                    "bytes read as a link)\n", (void *)at);
}

/* Bytes of live block k read while the block right above it is freed, with
 * no more than a header between them: a boundary-tag free merging with its
 * lower neighbour took k for free (an inline-header and a TLSF allocator of
 * round 4: the report named only the bytes). With free memory between
 * them, a read of k's first words is the merge gone past that memory to k's
 * start: a size stepped down by that is too big (round 13b TLSF, whose
 * split left the footer stale: the report named a block still on a list). */
#define MERGE_GAP_MAX 32 /* bytes between k's end and the freed block: its header, at most */
#define MERGE_READ_MAX (4 * sizeof(void *)) /* a free chunk's header and links, read at what was taken for one */

/* Bytes of a live block read at `read_at`, not the first of the nearest one
 * below the block being freed, where that block's start less a word below it
 * (a size, its flag bits aside) lands, or a free chunk's links just above:
 * its merge with the block below stepped back by that word, which
 * no free neighbour wrote (round 19's emmalloc-style allocator: a region's
 * start word without its in-use bit, taken for a footer; told only as a live
 * block's bytes read as a pointer). Words in a mapping of the allocator's
 * only, not poisoned by ASan. */
#define WORDS_BELOW 4 /* a header, a footer or prev-size, a start word or prologue */

static int print_merge_by_word_below(const struct fuzz_ctx *c, uintptr_t read_at)
{
    uintptr_t start = (uintptr_t)c->slot[c->freeing - 1].ptr, map_start, map_end;
    size_t op, word;
    const char *phase;
    for (size_t j = 1; j <= WORDS_BELOW; j++) {
        uintptr_t at = start - j * sizeof word;
        if (!fuzz_maps_holding((const void *)at, &map_start, &map_end, &op, &phase) || map_end - at < sizeof word ||
            (__asan_region_is_poisoned && __asan_region_is_poisoned((void *)at, sizeof word)))
            return 0;
        memcpy(&word, (const void *)at, sizeof word);
        uintptr_t size = word & ~(uintptr_t)(c->a->alignment - 1), to = start - size;
        if (!size || size > start || read_at < to || read_at - to >= MERGE_READ_MAX)
            continue;
        fprintf(stderr, "  those bytes lie %zu below block %s%d, the one being freed, %zu past its start less the word "
                        "%zu bytes below it (%#zx, read as a size): likely its merge with the block below stepped back "
                        "by that word, taken for a free neighbour's footer or size, which no free block wrote: the "
                        "start word of the heap or of a region it grew by left without its in-use bit (a prologue "
                        "that must read as used), so the merge went back past that start into memory in use\n",
                (size_t)(start - read_at), FUZZ_BLOCK_NO(c->freeing - 1), (size_t)(read_at - to), j * sizeof word,
                word);
        return 1;
    }
    return 0;
}

static int print_merge_below(const struct fuzz_ctx *c, int k, size_t offset)
{
    if (!c->freeing || k == c->freeing - 1)
        return 0;
    const struct fuzz_block *f = &c->slot[c->freeing - 1], *b = &c->slot[k];
    uintptr_t end = (uintptr_t)b->ptr + b->usable, start = (uintptr_t)f->ptr;
    int below, above;
    if (!f->ptr || start < end)
        return 0;
    if (start - end <= MERGE_GAP_MAX) {
        fprintf(stderr, "  block %s%d ends %zu bytes below block %s%d, the one being freed: the free took the block "
                        "below for a free one to merge with, so likely the flag in the freed block's header that says "
                        "the block below is free is stale (set while that memory was free, not cleared when it was "
                        "handed out or a block grew in place over it)\n", FUZZ_BLOCK_NO(k), (size_t)(start - end),
                FUZZ_BLOCK_NO(c->freeing - 1));
        return 1;
    }
    fuzz_index_neighbours(&c->index, (unsigned)(c->freeing - 1), &below, &above);
    if (below != k || offset >= MERGE_READ_MAX)
        return print_merge_by_word_below(c, (uintptr_t)b->ptr + offset);
    fprintf(stderr, "  block %s%d, the nearest live block below block %s%d (the one being freed), ends %zu bytes "
                    "below it, and the free read its first bytes: it merged with the free memory between and went on "
                    "to block %s%d's start, so likely the size it stepped down by (a footer, or a prev-size field in "
                    "the freed block's header) is stale, bigger than that free memory: a split that carved block "
                    "%s%d off the front of a free chunk wrote the rest's header but not the size kept above it\n",
            FUZZ_BLOCK_NO(k), FUZZ_BLOCK_NO(c->freeing - 1), (size_t)(start - end), FUZZ_BLOCK_NO(k),
            FUZZ_BLOCK_NO(k));
    return 1;
}

/* Live block k's bytes at `offset`, read as a link or size by a call that is no free or realloc of k
 * (a merge that read them, print_merge_below's, is told there): the allocator took memory it had
 * handed out for a free block of its own. Where the op that handed those bytes out can be told, it is
 * named: a realloc that grew k in place over them, or, at k's first words (where a free block keeps
 * its links), the op that placed k (round 19's emm bug 7, a grow into the free successor left on its
 * list, crashed stats() ops later, told only that the op before it left the records broken). Bytes
 * deeper in a block no realloc grew may as well be a link placed inside it: nothing is added there. */
void fuzz_print_handed_out_listed(const struct fuzz_ctx *c, int k, size_t offset)
{
    static const unsigned char *said; /* said of these bytes already: two registers may hold one word */
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], where[160];
    const struct fuzz_block *b = &c->slot[k];
    if (k == c->freeing - 1 || k == c->reallocating - 1 || said == b->ptr + offset)
        return;
    said = b->ptr + offset;
    if (b->grown.at && offset >= b->grown.from) {
        size_t past = offset - b->grown.from;
        char at[48] = "right at";
        if (past)
            snprintf(at, sizeof at, "%zu bytes past", past);
        snprintf(where, sizeof where, "%s its old end (it had %zu usable bytes)%s", at, b->grown.from,
                 past < MERGE_READ_MAX ? ", where the free block after it kept its header and links" : "");
        fprintf(stderr, "  byte %zu of live block %s%d lies %s, in what the realloc %s added when it grew the block in "
                        "place, and the allocator read it as its own: likely memory handed out while still on a free "
                        "list (that realloc took the free memory after the block without taking it off its list, and "
                        "a walk of the list read the program's bytes there)\n",
                offset, FUZZ_BLOCK_NO(k), where, fuzz_call_when(c, NULL, b->grown.at - 1, when, sizeof when));
    } else if (offset < MERGE_READ_MAX) {
        fprintf(stderr, "  byte %zu of live block %s%d lies in its first words, where a free block keeps its links or "
                        "size, and the allocator read it as its own; the block was handed out %s: likely a block "
                        "handed out while still on a free list (not taken off its list, or taken off one list and "
                        "still on another)\n", offset, FUZZ_BLOCK_NO(k),
                fuzz_call_when(c, NULL, b->made_at, when, sizeof when));
    }
}

/* An address nowhere near a block may be bytes of one: a word of a block's
 * pattern, which the allocator took for a link or a size (a header read a
 * little below it). It lies in the block, so it is found only by value. */
static void print_pattern_place(const struct fuzz_ctx *c, uintptr_t at)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16], off[48] = "";
    size_t offset;
    uint64_t word;
    int k = fuzz_pattern_near(c, at, FUZZ_NEAR_BLOCK_BYTES, &offset, &word);
    if (k < 0) {
        if (!print_freed_pattern_place(c, at))
            print_wild_address(c, at);
        return;
    }
    const struct fuzz_block *b = &c->slot[k];
    fuzz_describe_word_offset(off, sizeof off, word, at);
    fprintf(stderr, "  UBSan's address %p is%s the 8 bytes at byte %zu of live block %s%d read as a pointer, [%p, +%zu) "
                    "(placed %s), "
                    "which the harness wrote there: the allocator took a live block's bytes for a pointer or size of "
                    "its own (a block handed out while still on a free list, or a header or link placed inside "
                    "another block)\n", (void *)at, off, offset, FUZZ_BLOCK_NO(k), (void *)b->ptr, b->usable,
            fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
    if (!print_merge_below(c, k, offset))
        fuzz_print_handed_out_listed(c, k, offset);
    print_past_request(c, k, b->requested, b->usable, &b->shrunk, offset);
}

/* A number of UBSan's report that a live block's pattern holds (the
 * harness wrote it: the allocator read it as a link, size or offset), or
 * that is a live block's size. 1 if it placed it. `named` says which. */
static int print_value_place(const struct fuzz_ctx *c, uint64_t v, const char *named)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16];
    size_t offset;
    unsigned width;
    int k = fuzz_pattern_value(c, v, &offset, &width);
    if (k >= 0) {
        const struct fuzz_block *b = &c->slot[k];
        fprintf(stderr, "  %s is the %u bytes at byte %zu of live block %s%d read as a number, [%p, +%zu) (placed %s), "
                        "which the harness wrote there: the allocator took a live block's bytes for a pointer or "
                        "size of its own (a block handed out while still on a free list, or a header or link placed "
                        "inside another block)\n", named, width, offset, FUZZ_BLOCK_NO(k), (void *)b->ptr, b->usable,
                fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
        if (!print_merge_below(c, k, offset))
            fuzz_print_handed_out_listed(c, k, offset);
        print_past_request(c, k, b->requested, b->usable, &b->shrunk, offset);
        return 1;
    }
    for (k = 0; v >= 256 && k < (int)fuzz_table_end(c); k++) /* smaller numbers are too often constants */
        if (c->slot[k].ptr && (c->slot[k].requested == v || c->slot[k].usable == v)) {
            fprintf(stderr, "  %s is the size of live block %s%d, [%p, +%zu) (%zu requested; placed %s): the "
                            "allocator may have taken a live block's size for an offset or count of its own (a "
                            "size field read for another block's, or where a link was meant)\n", named, FUZZ_BLOCK_NO(k),
                    (void *)c->slot[k].ptr, c->slot[k].usable, c->slot[k].requested,
                    fuzz_call_when(c, NULL, c->slot[k].made_at, made, sizeof made));
            return 1;
        }
    return 0;
}

/* UBSan's two addresses a few bytes apart: the offset that wrapped was a
 * small number below zero (added, or one above zero subtracted), no address
 * nor a word of the harness's: a difference of two sizes, the one taken away
 * the bigger (TLSFs of round 4: a fit search without rounding up, an
 * aligned block's lead gap kept as a block; the report named no cause). */
#define SIZE_BELOW_ZERO_MAX ((uint64_t)1 << 20)

static void print_size_below_zero(const struct fuzz_ctx *c, const struct fuzz_report_words *w)
{
    uint64_t apart = w->address[0] > w->address[1] ? w->address[0] - w->address[1]
                                                   : w->address[1] - w->address[0];
    if (!apart || apart >= SIZE_BELOW_ZERO_MAX)
        return;
    int aligned = !c->phase && c->cur < c->nops && c->ops[c->cur].kind == FUZZ_OP_ALIGNED;
    /* A word or two back is also where a header or footer lies: a tree
     * best fit of session 49's round 8 read the footer below a chunk as
     * c + (size_t)0 - 8, the right address, and was told of a fit search. */
    int step_back = apart <= 2 * sizeof(size_t);
    /* ends in its short form after its last colon, for make fuzz-lab-batch's row (report-why.sh) */
    fprintf(stderr, "  UBSan's offset, -%ju, is a size that went below zero: a difference of two sizes whose second "
                    "was the bigger, such as a block's size less the size cut from it where a fit search took a "
                    "block smaller than the request (a segregated fit must round the request up to the next list's "
                    "floor before taking a list's first block, or check its size)%s%s: likely a block cut to more "
                    "than it holds%s%s\n", (uintmax_t)apart,
            aligned ? ", or, in this aligned allocation, a gap cut off below the aligned block too small for a "
                      "block's header and links, kept as a block of its own" : "",
            step_back ? "; or, this close, a step back to a header or footer written as the addition of an unsigned "
                        "offset (p + (size_t)-8, p + -sizeof(size_t)): undefined, and reported, even where the "
                        "address it reaches is the right one, which p - 8 is not" : "",
            aligned ? ", or a lead gap kept as a block" : "",
            step_back ? ", or a step back as an unsigned addition" : "");
}

int fuzz_print_report_places(const struct fuzz_ctx *c)
{
    const struct fuzz_report_words *w = fuzz_report_words();
    char named[160];
    past_request_said = 0;
    /* A copy from the block being reallocated of more than it holds runs
     * into the new block when that lies close above: the length is wrong,
     * not the choice of memcpy. */
    const struct fuzz_block *moving = c->reallocating ? &c->slot[c->reallocating - 1] : NULL;
    if (w->overlap.to && moving && w->overlap.from == (uintptr_t)moving->ptr && w->overlap.to > w->overlap.from &&
        w->overlap.length > moving->usable) {
        snprintf(named, sizeof named, "ASan's %s-param-overlap: the copy's source", w->overlap.call);
        fuzz_print_block_place(c, (const void *)w->overlap.from, named);
        fprintf(stderr, "  likely cause: %s copied %zu bytes%s out of the block being reallocated, which holds %zu, "
                        "into the new block %zu bytes away (copy min(old size, new size)): a copy of the new size, "
                        "not of the old block's\n", w->overlap.call, w->overlap.length,
                w->overlap.length == c->realloc_size ? " (the new size asked)" : "", moving->usable,
                (size_t)(w->overlap.to - w->overlap.from));
    } else if (w->overlap.to && moving && w->overlap.from == (uintptr_t)moving->ptr && w->overlap.to > w->overlap.from &&
               w->overlap.to < w->overlap.from + moving->usable) {
        /* A copy up into the block being moved: its new place is that block,
         * still live, which the allocator took for free (a page heap's
         * quarantine entry reused and left in the ring, round 10b: said
         * memmove was needed). */
        snprintf(named, sizeof named, "ASan's %s-param-overlap: the copy's source", w->overlap.call);
        fuzz_print_block_place(c, (const void *)w->overlap.from, named);
        fprintf(stderr, "  likely cause: %s copied %zu bytes to %zu bytes above the start of the block being "
                        "reallocated, inside it, and memmove would only hide that: the realloc's new place lies in "
                        "the block it moves, live until the move ends, so the allocator took a live block for free "
                        "memory (a block handed out while still on a free list, in a cache or in a quarantine)\n",
                w->overlap.call, w->overlap.length, (size_t)(w->overlap.to - w->overlap.from));
    } else if (w->overlap.to) {
        snprintf(named, sizeof named, "ASan's %s-param-overlap: the copy's source", w->overlap.call);
        fuzz_print_block_place(c, (const void *)w->overlap.from, named);
        fprintf(stderr, "  likely cause: %s copied %zu bytes between ranges %zu bytes apart, which overlap: "
                        "memmove is needed where a block moves into memory overlapping its old place (a realloc "
                        "sliding a block down to its allocation's start or into a free neighbour, a compaction)\n",
                w->overlap.call, w->overlap.length,
                (size_t)(w->overlap.to > w->overlap.from ? w->overlap.to - w->overlap.from
                                                         : w->overlap.from - w->overlap.to));
    }
    /* The numbers first: where one is a live block's bytes, that names the
     * mistake; an address the allocator computed from it only follows. */
    /* Added or subtracted ("subtraction of unsigned offset from 0x..."): either sign. */
    int offset_placed = 0;
    for (int sign = 1; w->address[0] && w->address[1] && sign >= -1 && !offset_placed; sign -= 2) {
        uint64_t offset = ((uint64_t)w->address[1] - (uint64_t)w->address[0]) * (uint64_t)(int64_t)sign;
        snprintf(named, sizeof named, "UBSan's offset %jd (from %p to %p%s)", (intmax_t)(int64_t)offset,
                 (void *)w->address[0], (void *)w->address[1], sign < 0 ? ", subtracted" : "");
        offset_placed = print_value_place(c, offset, named);
    }
    if (w->address[0] && w->address[1] && !offset_placed)
        print_size_below_zero(c, w);
    for (size_t i = 0; i < w->values; i++) {
        if (w->negative[i])
            snprintf(named, sizeof named, "UBSan's value %jd", (intmax_t)(int64_t)w->value[i]);
        else
            snprintf(named, sizeof named, "UBSan's value %ju", (uintmax_t)w->value[i]);
        print_value_place(c, w->value[i], named);
    }
    placed_base = 0;
    for (size_t n = 0; n < FUZZ_REPORT_ADDRESSES && w->address[n]; n++) {
        int placed = fuzz_print_block_place(c, (const void *)w->address[n], "UBSan's address");
        if (n == 0 && placed && w->address[1])
            placed_base = w->address[0];
        if (!placed)
            print_pattern_place(c, w->address[n]);
        else if (placed == 3)
            fprintf(stderr, "  the allocator computed that address from its own records, and it lies inside a live "
                            "block: a free list or header of its own reaches memory it handed out (a block on a free "
                            "list twice, or left there by a merge, or a header placed inside another block)\n");
    }
    /* No number or address to place (round 16b's shm heap: a merge past its
     * end read a header of size 0, and the next malloc's class function
     * stopped on it, with no cause). */
    if (w->zero_to[0])
        fprintf(stderr, "  likely cause: the allocator took %s() of 0, which has no answer; test for 0 before "
                        "it: a size class or bit index computed from a size of 0, a header no chunk wrote taken for a "
                        "chunk's, or from a bitmap word already empty (an end marker, or a header past the heap's end "
                        "that a walk or a merge reached with an end test leaving out a header)\n", w->zero_to);
    return past_request_said;
}
