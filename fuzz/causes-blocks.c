/*
 * causes-blocks.c - what the model's blocks and the frees lately say of a
 * report: the "; ..." clauses oracles.c, oracle-calls.c and oracle-counts.c
 * append to an oracle's "what" line (an overlap, a calloc's zeroing, damage
 * by an aligned block's free, a resize in place), whose words then pick its
 * "cause:" line (causes.c); and a crash's "likely cause:" when its op names one.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

/* A new block (slot) that starts inside the topmost live block (other) and
 * runs past its end: the room above the heap's last block, where a growth,
 * the top chunk or a bump pointer hands out memory, was counted as starting
 * too low. Nothing in buf if the blocks lie otherwise, or in a threaded run,
 * whose other threads' blocks this thread's slots do not show. */
static void top_overlap_why(const struct fuzz_ctx *c, int slot, int other, char *buf, size_t len)
{
    const struct fuzz_block *a = &c->slot[slot], *b = &c->slot[other];
    const unsigned char *b_end = b->ptr + b->usable, *a_end = a->ptr + a->usable;
    if (c->thread || a->ptr <= b->ptr || a->ptr >= b_end || a_end <= b_end)
        return;
    for (int s = 0; s < (int)fuzz_table_end(c); s++) {
        const struct fuzz_block *o = &c->slot[s];
        if (s != slot && o->ptr && o->ptr + (o->usable ? o->usable : 1) > b_end)
            return; /* another block ends higher: not the top */
    }
    snprintf(buf, len, "; it starts %zu bytes into block %s%d, the live block that ends highest, and runs %zu bytes "
             "past that block's end: the room above the heap's last block was taken to start inside it",
             (size_t)(a->ptr - b->ptr), FUZZ_BLOCK_NO(other), (size_t)(a_end - b_end));
}

/* A new block (slot) that starts on a page boundary which an older live
 * block (other) runs past: allocators that carve spans, runs or slabs of
 * whole pages start each at a boundary, and the older one, the last slot of
 * the span below, was carved past its end (round 14b: a slot count rounded
 * up was told of the heap's top). 0 if the blocks lie otherwise. */
static int page_edge_overlap_why(const struct fuzz_ctx *c, int slot, int other, char *buf, size_t len)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *a = &c->slot[slot], *b = &c->slot[other];
    uintptr_t edge = (uintptr_t)a->ptr, below = (uintptr_t)b->ptr;
    if (c->thread || edge % fuzz_page_size() || below >= edge || below + b->usable <= edge ||
        b->made_at >= c->cur)
        return 0;
    snprintf(buf, len, "; block %s%d, made %s, starts %zu bytes below the page boundary this block starts on and "
             "runs %zu bytes past it: " FUZZ_OVER_PAGE_EDGE, FUZZ_BLOCK_NO(other),
             fuzz_call_when(c, NULL, b->made_at, made, sizeof made), (size_t)(edge - below),
             (size_t)(below + b->usable - edge));
    return 1;
}

/* A new block (slot) of a freed block's size that starts inside a live block
 * of another size (other), made since at that freed block's address, a
 * whole number of the freed block's size past it: slots laid out in the freed
 * block's size over memory the other size took (round 20's decay heap: an
 * emptied run left on its class's list, told of the heap's top). 0 if no
 * freed block lies so. */
static int stale_slab_overlap_why(const struct fuzz_ctx *c, int slot, int other, char *buf, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], made[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *a = &c->slot[slot], *b = &c->slot[other];
    if (c->thread || a->ptr <= b->ptr || a->ptr >= b->ptr + b->usable)
        return 0;
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        if (f->phase || !f->usable || f->usable == b->usable || f->ptr != b->ptr || f->freed_at >= b->made_at ||
            a->requested > f->usable || (size_t)(a->ptr - f->ptr) % f->usable)
            continue;
        snprintf(buf, len, "; block %s%d, of %zu usable bytes, was freed %s where block %s%d was made since, %s, and "
                 "this block starts %zu bytes into block %s%d, a whole number of block %s%d's size: "
                 FUZZ_STALE_SLAB_SLOT, FUZZ_BLOCK_NO(f->slot), f->usable,
                 fuzz_call_when(c, NULL, f->freed_at, when, sizeof when), FUZZ_BLOCK_NO(other),
                 fuzz_call_when(c, NULL, b->made_at, made, sizeof made), (size_t)(a->ptr - b->ptr),
                 FUZZ_BLOCK_NO(other), FUZZ_BLOCK_NO(f->slot));
        return 1;
    }
    return 0;
}

/* A realloc that kept its block and grew it over the next live block took
 * room that was not free: that test, not usable_size() (which says what the
 * allocator recorded), is the suspect. Two live blocks that share bytes only
 * past the lower one's request lie
 * where usable_size() put them in one another: that answer is the first
 * suspect (HALLOC_FUZZ_USABLE=off takes the requests alone). Else, both in
 * one block freed before the older was made: that memory was handed out
 * twice since, and the free is where it went back twice. Else a slot of a
 * freed block's size in memory another size took since (stale_slab_overlap_why),
 * or perhaps the heap's top handed out from inside its last block (top_overlap_why). */
const char *fuzz_overlap_why(const struct fuzz_ctx *c, int slot, int other, char *buf, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], made[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *a = &c->slot[slot], *b = &c->slot[other];
    int low = a->ptr <= b->ptr ? slot : other, high = low == slot ? other : slot;
    const struct fuzz_block *lo = &c->slot[low];
    size_t into = (size_t)(c->slot[high].ptr - lo->ptr);
    buf[0] = '\0';
    if (c->resized == lo->ptr && low == slot && c->resized_usable <= into && into < lo->usable) {
        snprintf(buf, len, "; block %s%d grew in place at this realloc, from %zu usable bytes to %zu, over block %s%d, "
                 "which starts %zu bytes into it: the growth took more room after the block than was free",
                 FUZZ_BLOCK_NO(low), c->resized_usable, lo->usable, FUZZ_BLOCK_NO(high), into);
        return buf;
    }
    if (into && lo->requested <= into && lo->usable > into) {
        snprintf(buf, len, "; only past block %s%d's request: its %zu bytes asked for end %zu bytes below block %s%d, "
                 "which starts %zu bytes into the %zu usable_size() said block %s%d has - usable_size() overstates "
                 "it, or the allocator handed out bytes it had said were block %s%d's: HALLOC_FUZZ_USABLE=off "
                 "replays with the requests alone, and passes if usable_size() is what is wrong", FUZZ_BLOCK_NO(low),
                 lo->requested, into - lo->requested, FUZZ_BLOCK_NO(high), into, lo->usable, FUZZ_BLOCK_NO(low),
                 FUZZ_BLOCK_NO(low));
        return buf;
    }
    const struct fuzz_freed *f = fuzz_freed_holding(c, (uintptr_t)a->ptr, FUZZ_RECENT_FREED);
    uintptr_t f_end = f ? (uintptr_t)f->ptr + f->usable : 0;
    char aligned[64] = "";
    if (f && f->asked)
        snprintf(aligned, sizeof aligned, ", an aligned_alloc(%zu, %zu) block", f->asked, f->requested);
    int same_slab = f && b->usable == f->usable && a->usable != f->usable &&
                    ((uintptr_t)b->ptr - (uintptr_t)f->ptr) % f->usable == 0; /* no header between them */
    if (f && !f->phase && (uintptr_t)a->ptr + a->usable > f_end && (uintptr_t)b->ptr >= f_end && same_slab)
        snprintf(buf, len, "; it starts in block %s%d, [%p, +%zu), freed %s, and runs over block %s%d, live, of the "
                 "same %zu bytes a whole number of them further on: " FUZZ_SLAB_RECARVED " %zu-byte blocks while "
                 "block %s%d was still in it", FUZZ_BLOCK_NO(f->slot), (void *)f->ptr, f->usable,
                 fuzz_call_when(c, NULL, f->freed_at, when, sizeof when), FUZZ_BLOCK_NO(other), f->usable,
                 a->usable, FUZZ_BLOCK_NO(other));
    else if (f && !f->phase && (uintptr_t)a->ptr + a->usable > f_end && (uintptr_t)b->ptr >= f_end)
        snprintf(buf, len, "; it starts in block %s%d, [%p, +%zu)%s, freed %s, but runs past that block's end into "
                 "block %s%d: the allocator took the freed block for bigger than it was", FUZZ_BLOCK_NO(f->slot), (void *)f->ptr,
                 f->usable, aligned, fuzz_call_when(c, NULL, f->freed_at, when, sizeof when), FUZZ_BLOCK_NO(other));
    else if (f && !f->phase && f == fuzz_freed_holding(c, (uintptr_t)b->ptr, FUZZ_RECENT_FREED) &&
             b->made_at > f->freed_at && !b->made_by)
        snprintf(buf, len, "; both lie in block %s%d, [%p, +%zu), freed %s, and block %s%d got its bytes since, %s: "
                 FUZZ_FREED_ONCE_TWICE, FUZZ_BLOCK_NO(f->slot), (void *)f->ptr, f->usable,
                 fuzz_call_when(c, NULL, f->freed_at, when, sizeof when), FUZZ_BLOCK_NO(other),
                 fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
    if (!buf[0] && !stale_slab_overlap_why(c, slot, other, buf, len) &&
        !page_edge_overlap_why(c, slot, other, buf, len))
        top_overlap_why(c, slot, other, buf, len);
    return buf;
}

/* A recycled block whose zeroing stops where its last owner's request did:
 * calloc zeroed what it took to be dirty, but the harness, as a program
 * may, wrote the owner's whole usable size. The line says where the zeroes
 * end; that calloc zeroed only the request is the cause's guess. */
const char *fuzz_calloc_old_size(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                 size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *b = &c->slot[slot];
    buf[0] = '\0';
    const struct fuzz_freed *f;
    for (size_t i = 0; d->offset && (f = fuzz_freed_newest(c, i)); i++) {
        if (f->ptr != b->ptr)
            continue;
        if (f->requested == d->offset && f->usable > f->requested)
            snprintf(buf, len, ": " FUZZ_ZEROES_END_AT_OLD_REQUEST " of block %s%d, freed at this address %s, did "
                     "(%zu bytes; it was %zu usable)", FUZZ_BLOCK_NO(f->slot),
                     fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when), f->requested, f->usable);
        break;
    }
    return buf;
}

void fuzz_calloc_zeroes_said(const struct fuzz_block *b, size_t zeroed, size_t size, size_t n, char *out, size_t len)
{
    const unsigned char *p = b->ptr;
    size_t set = 0, total = n * size;
    if (n < 2 || zeroed != size) {
        set = fuzz_nonzero_count(p + zeroed, total - zeroed);
        snprintf(out, len, "the first %zu byte%s %s zero, %zu of the %zu past them not", zeroed, hl_plural_s(zeroed),
                 zeroed == 1 ? "is" : "are", set, total - zeroed);
        return;
    }
    for (size_t e = 1; e < n; e++)
        set += fuzz_nonzero_count(p + e * size, size) != 0;
    if (set == n - 1)
        snprintf(out, len, "of its %zu elements of %zu byte%s, " FUZZ_FIRST_ELEMENT_ALONE ": %s non-zero bytes", n,
                 size, hl_plural_s(size), n == 2 ? "the other holds" : "each of the others holds");
    else
        snprintf(out, len, "of its %zu elements of %zu byte%s, the first and %zu other%s are all zero, %zu hold%s "
                 "non-zero bytes", n, size, hl_plural_s(size), n - 1 - set, hl_plural_s(n - 1 - set), set,
                 set == 1 ? "s" : "");
}

/* Zeroes up to the second element of calloc's block in slot, an element no
 * bigger than a pointer, or up to its second word: the link a free left at a
 * freed block's start reads so when it is NULL. A headerless allocator whose
 * calloc zeroed none of a recycled block (calloc(25, 8) over a block freed at
 * that address) was told its memset was given size, and a slab's (calloc(8,
 * 2) over a slot its free list had held) a zeroing rounded down. Fills buf
 * with those facts and the free when a block freed lately started at this
 * address (the NULL link is the cause's guess, cause-table.c), else returns
 * it empty. */
const char *fuzz_calloc_link_zero(const struct fuzz_ctx *c, int slot, size_t zeroed, size_t size, size_t n, char *buf,
                                  size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], first[160];
    const struct fuzz_block *b = &c->slot[slot];
    buf[0] = '\0';
    if (!(n > 1 && zeroed == size) && zeroed != sizeof(void *))
        return buf;
    const struct fuzz_freed *f;
    for (size_t i = 0; zeroed <= sizeof(void *) && (f = fuzz_freed_newest(c, i)); i++) {
        if (f->ptr != b->ptr)
            continue;
        fuzz_calloc_zeroes_said(b, zeroed, size, n, first, sizeof first);
        snprintf(buf, len, ": %s, and block %s%d " FUZZ_FREED_AT_ITS_START " %s", first, FUZZ_BLOCK_NO(f->slot),
                 fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
        break;
    }
    return buf;
}

/* The newest aligned block freed lately (in an op) whose bytes hold block
 * b's start, freed before b was made: b came from that free. NULL if none. */
static const struct fuzz_freed *aligned_freed_under(const struct fuzz_ctx *c, const struct fuzz_block *b)
{
    uintptr_t at = (uintptr_t)b->ptr;
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        if (f->asked && !f->phase && !b->made_by && b->made_at > f->freed_at && at >= (uintptr_t)f->ptr &&
            at < (uintptr_t)f->ptr + (f->usable ? f->usable : 1))
            return f;
    }
    return NULL;
}

/* A live aligned block other than slot's, made this op or in the 8 before
 * (not in a threaded run, whose op numbers are each thread's),
 * with `at` in its lead: the alignment and a header (64 bytes, to be safe)
 * below its pointer, where its allocation's start and header lie. -1 if none. */
static int aligned_lead_holding(const struct fuzz_ctx *c, int slot, uintptr_t at)
{
    for (int s = 0; s < (int)fuzz_table_end(c); s++) {
        const struct fuzz_block *a = &c->slot[s];
        uintptr_t p = (uintptr_t)a->ptr;
        if (s != slot && p && a->asked && !a->made_by && a->made_at <= c->cur && c->cur - a->made_at <= 8 &&
            at < p && p - at <= a->asked + 64)
            return s;
    }
    return -1;
}

/* Damage in a block handed out inside a freed aligned block, or in the
 * lead below an aligned block made lately: a free of an aligned block that
 * gives back its own (interior) pointer, not its allocation's start, hands
 * that pointer out as a block of the allocation's size, which runs past the
 * allocation's end; the allocation carved next puts its header there. The
 * damage lies past the request, so usable_size() looks to blame. */
const char *fuzz_damage_aligned_why(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                    size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], made[FUZZ_OP_DESCRIPTION_MAX + 16];
    char lead_at[FUZZ_OP_DESCRIPTION_MAX + 160] = "";
    const struct fuzz_block *b = &c->slot[slot];
    uintptr_t at = (uintptr_t)b->ptr + d->offset;
    const struct fuzz_freed *f = aligned_freed_under(c, b);
    int s = aligned_lead_holding(c, slot, at);
    buf[0] = '\0';
    if (s >= 0)
        snprintf(lead_at, sizeof lead_at, ", %zu bytes below block %s%d, an aligned_alloc(%zu, %zu) made %s, where its "
                 "allocation's header lies", (size_t)((uintptr_t)c->slot[s].ptr - at), FUZZ_BLOCK_NO(s), c->slot[s].asked,
                 c->slot[s].requested, fuzz_call_when(c, NULL, c->slot[s].made_at, made, sizeof made));
    uintptr_t f_end = f ? (uintptr_t)f->ptr + f->usable : 0;
    char off_end[64] = "at its end";
    if (f && at != f_end)
        snprintf(off_end, sizeof off_end, "%zu bytes %s its end", (size_t)(at < f_end ? f_end - at : at - f_end),
                 at < f_end ? "before" : "past");
    if (f && (at < f_end || s >= 0))
        snprintf(buf, len, "; block %s%d was handed out at byte %zu of block %s%d, [%p, +%zu), an aligned_alloc(%zu, "
                 "%zu) freed %s, and " FUZZ_DAMAGE_BY_ALIGNED " %s%s", FUZZ_BLOCK_NO(slot),
                 (size_t)((uintptr_t)b->ptr - (uintptr_t)f->ptr), FUZZ_BLOCK_NO(f->slot), (void *)f->ptr, f->usable,
                 f->asked, f->requested, fuzz_call_when(c, NULL, f->freed_at, when, sizeof when), off_end, lead_at);
    else if (s >= 0)
        snprintf(buf, len, "; " FUZZ_DAMAGE_BY_ALIGNED "%s: block %s%d claims memory carved again for it", lead_at + 1,
                 FUZZ_BLOCK_NO(slot));
    return buf;
}

/* Damage whose first word is, exactly, a word of another block's pattern (a live block's, else one freed
 * lately) that lies a whole number of pages from it, at the same offset in its page, the two sharing no
 * address: one page of memory shown at both addresses (a shared file mapped twice, a page mapped with
 * MAP_FIXED or mremap onto storage still in use, Mesh's meshed spans), so a write to that block wrote
 * this one, or this block's bytes were never copied to the page its address shows now. Without it the
 * report blamed bookkeeping written into the block, at the op that found the damage. */
const char *fuzz_damage_aliased_why(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                    size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_block *b = &c->slot[slot];
    size_t at = d->offset / 8 * 8, offset;
    uint64_t found, word;
    buf[0] = '\0';
    if (c->thread || d->sampled || at + 8 > b->usable)
        return buf;
    memcpy(&found, b->ptr + at, sizeof found);
    int k = fuzz_pattern_near(c, found, 0, &offset, &word);
    const struct fuzz_freed *f = k < 0 ? fuzz_pattern_near_freed(c, found, 0, &offset, &word) : NULL;
    if ((k < 0 && !f) || k == slot)
        return buf;
    const unsigned char *o = f ? f->ptr : c->slot[k].ptr;
    size_t o_usable = f ? f->usable : c->slot[k].usable;
    uintptr_t here = (uintptr_t)b->ptr + at, there = (uintptr_t)o + offset;
    size_t apart = here > there ? here - there : there - here, pages = apart / fuzz_page_size();
    if (!(b->ptr + b->usable <= o || o + o_usable <= b->ptr) || apart % fuzz_page_size())
        return buf;
    snprintf(buf, len, "; the bytes found are block %s%d's, from its offset %zu, [%p, +%zu), %s %s: it shares no "
             "address with this block but lies %zu page%s %s, at the same offset in its page: " FUZZ_DAMAGE_ALIASED
             ", %s", FUZZ_BLOCK_NO(f ? f->slot : k), offset, (void *)o, o_usable, f ? "freed" : "made",
             f ? fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when)
               : fuzz_call_when(c, NULL, c->slot[k].made_at, when, sizeof when),
             pages, hl_plural_s(pages), there < here ? "below" : "above",
             f ? "and that block's bytes, from before its free, are this one's now" : "and that block's bytes are this one's now");
    return buf;
}

/* A crash whose op names its likely cause: a fault (at `fault`, NULL if
 * unknown; a signal's or a sanitizer's, as `named` says) just past a block being reallocated to more, within the size
 * asked, is a copy of the new size; one in an op that asks for more than can
 * exist (near SIZE_MAX, an overflowing calloc), which must fail, is that
 * request let through, as huge_accepted's is, gone on to fault (a copy or
 * fill of its size into the small block a wrapped size got). 1 when it
 * placed the fault's address (what lies there is then beside the point). */
int fuzz_print_crash_cause(const struct fuzz_ctx *c, const void *fault, const char *named)
{
    unsigned kind = c->phase || c->cur >= c->nops ? 0 : c->ops[c->cur].kind;
    const struct fuzz_block *moving = c->reallocating ? &c->slot[c->reallocating - 1] : NULL;
    uintptr_t at = (uintptr_t)fault, end = moving ? (uintptr_t)moving->ptr + moving->usable : 0;
    /* a copy's overlapping destination is the new block, wherever it lies: its cause follows its source */
    if (moving && moving->usable < c->realloc_size && at >= end && at - end < c->realloc_size - moving->usable &&
        !strstr(named, "-param-overlap")) {
        char past[48]; /* worded as fault-place.c places a fault by a live block */
        snprintf(past, sizeof past, at > end ? "%zu bytes past" : "on the first byte past", (size_t)(at - end));
        /* the fault's offset from the block's start, not the access's size, says how far the copy ran */
        fprintf(stderr, "  likely cause: %s %p, byte %zu from the start of the block being reallocated, [%p, +%zu), "
                        "lies %s its end, within the new size asked (%zu): a copy of the new size, not of the old "
                        "block's\n", named, fault, (size_t)(at - (uintptr_t)moving->ptr), (void *)moving->ptr,
                moving->usable, past, c->realloc_size);
        return 1;
    }
    if (kind == FUZZ_OP_HUGE_MALLOC || kind == FUZZ_OP_CALLOC_OVERFLOW || kind == FUZZ_OP_HUGE_REALLOC)
        fprintf(stderr, "  likely cause: this op asks for more than can exist, which must fail; the size wrapped "
                        "past SIZE_MAX when rounded up with a header added (or n * size overflowed unchecked), and "
                        "the allocator went on with a small block: compare the size with a limit before any "
                        "arithmetic\n");
    return 0;
}

/* What a realloc that kept the block where it was did to it, when its
 * answer is too small: the resize in place is the code to read, not a class. */
const char *fuzz_resize_cause(const struct fuzz_ctx *c, const struct fuzz_block *b)
{
    static char moved[FUZZ_OP_DESCRIPTION_MAX + 512];
    char call[FUZZ_OP_DESCRIPTION_MAX + 160];
    if (!c->resized || c->resized != b->ptr)
        return "";
    if (!b->usable && fuzz_maps_unmapped_before(c, b->ptr, call, sizeof call)) {
        snprintf(moved, sizeof moved, "; realloc returned the block's old address, but its memory was taken away "
                 "during the call, by %s: the block moved (or was given back) and the old pointer was returned, "
                 "not the new one", call);
        return moved;
    }
    if (!b->usable)
        return "; realloc returned the block in place and left it no block: it freed it, or merged a piece it "
               "split off back over it (a buddy or neighbour taken for free while the block was still in use)";
    return b->requested < c->resized_usable
               ? "; realloc shrank it in place and cut too much: the rest split off below the new size (the cut "
                 "made at the request rounded down, or the rest's header placed inside the kept bytes)"
               : "; realloc grew it in place into too little room (the free neighbour's size read short, or its "
                 "header or the rounding left out)";
}

void fuzz_class_page_why(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    uintptr_t page = fuzz_page_size(), at = (uintptr_t)b->ptr;
    if (c->thread || !b->usable || at % page != 0)
        return;
    for (int s = 0; s < (int)fuzz_table_end(c); s++) {
        const struct fuzz_block *o = &c->slot[s];
        uintptr_t o_at = (uintptr_t)o->ptr;
        if (o == b || !o->ptr || o_at <= at || o_at - at >= page || o->usable != b->usable)
            continue;
        snprintf(out, len, "; it starts the page at %p, which holds live block %s%d at byte %zu, usable %zu too: "
                 FUZZ_STARTS_CLASS_PAGE, (const void *)b->ptr, FUZZ_BLOCK_NO(s), (size_t)(o_at - at), o->usable);
        return;
    }
}

/* A block packed against the one below keeps no header in front of it (round
 * 19's BiBOP slots, round 20's decay runs): what went wrong with it is a slot
 * or a size class, not a header left out. */
int fuzz_packed_below(const struct fuzz_ctx *c, int slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    int below, above;
    if (c->thread || !b->ptr)
        return -1;
    fuzz_index_around(&c->index, (const char *)b->ptr - 1, &below, &above);
    if (below < 0 || below == slot)
        return -1;
    const struct fuzz_block *o = &c->slot[below];
    return o->usable && (uintptr_t)o->ptr + o->usable == (uintptr_t)b->ptr ? below : -1;
}

/* A block at a page's start whose usable_size crashed, right after the live
 * block below it, no header between them: the slots of the page below ran
 * on past its end (round 19's BiBOP counted a page's slots without its
 * header, so its last slots lay on the next page, over that page's header,
 * and usable_size read a class index there past its table: told only as a
 * lookup). 1 if it said so. */
int fuzz_print_slot_past_page(const struct fuzz_ctx *c, int slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    uintptr_t page = fuzz_page_size(), at = (uintptr_t)b->ptr;
    if (c->thread || !at || at % page)
        return 0;
    int below = fuzz_packed_below(c, slot);
    if (below < 0 || c->slot[below].usable >= page)
        return 0;
    const struct fuzz_block *o = &c->slot[below];
    fprintf(stderr, "  block %s%d starts a page, and live block %s%d, usable %zu, ends right there, no header "
                    "between them\n  likely cause: a slot carved past the end of the page it belongs to: a page's "
                    "slot count that leaves out the page's header (the page's size over the slot's, not the page less "
                    "its header) or runs one too far, so the last slots lie on the next page, over its header, which "
                    "usable_size read for this block (another class's, or a free page's)\n",
            FUZZ_BLOCK_NO(slot), FUZZ_BLOCK_NO(below), o->usable);
    return 1;
}
