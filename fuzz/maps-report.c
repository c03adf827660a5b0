/*
 * maps-report.c - what reports ask of the mappings maps.c keeps: when a call
 * was made, what destroy() left mapped (left_mapped), whether a block lies at
 * a mapping's edge or runs past its end or the program break, which unmap
 * of this run took an address, and what the op under way mapped (the madvise
 * calls that dropped pages: maps-discards.c).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "map-table.h"
#include "maps-state.h"

const char *fuzz_call_when(const struct fuzz_ctx *c, const char *phase, size_t op, char *when, size_t len)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    if (phase) {
        snprintf(when, len, "in %s", phase);
    } else {
        fuzz_describe_op(c, op, text, sizeof text);
        snprintf(when, len, "at op #%zu: %s", op, text);
    }
    return when;
}

/* A block contains() disowns that no mapping of the allocator's holds,
 * starting within a mapping's length past the end of the one that holds the
 * live block below it: handed out from past that end (round 14b: a SLOB page
 * kept on its list once full, the next page taken for its free list's next
 * block, was told only as memory not the heap's). `out` is left as it is
 * when that does not hold. */
void fuzz_maps_past_block_below(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t start, end, at = (uintptr_t)b->ptr;
    size_t op;
    const char *phase;
    int prev, next;
    if (fuzz_maps_holding(b->ptr, &start, &end, &op, &phase))
        return;
    fuzz_index_around(&c->index, b->ptr, &prev, &next);
    if (prev < 0 || !fuzz_maps_holding(c->slot[prev].ptr, &start, &end, &op, &phase) || at < end ||
        at - end >= end - start)
        return;
    snprintf(out, len, "; no mapping of the allocator's holds it, and it starts %zu byte%s past the end of "
             "[%#jx, +%zu), the allocator's mapping (made %s) that holds block %s%d below it: "
             FUZZ_WALKED_PAST_MAPPING, (size_t)(at - end), hl_plural_s(at - end), (uintmax_t)start,
             (size_t)(end - start),
             fuzz_call_when(c, phase, op, when, sizeof when), FUZZ_BLOCK_NO(prev));
}

/* contains() of one byte at an address, asked apart (fuzz_ask_apart): there an mremap moved a mapping
 * away, and a lookup that reads the memory it is asked about faults. */
struct claimed_now {
    int answered, claimed;
};

static void ask_claimed_now(const struct fuzz_ctx *c, uint64_t at, void *answer)
{
    int claimed = c->a->contains(c->heap, (const void *)(uintptr_t)at, 1);
    *(struct claimed_now *)answer = (struct claimed_now){1, claimed};
}

/* Whether the allocator still claims the block's place before the move (old, its start there): said
 * into out, in FUZZ_MOVED_ADDRESS_KEPT's or FUZZ_MOVED_RECORD_LOST's words when contains() answered. */
static void say_old_place_claimed(const struct fuzz_ctx *c, uintptr_t old, char *out, size_t len)
{
    struct claimed_now now;
    fuzz_ask_apart(ask_claimed_now, c, old, &now, sizeof now);
    if (!now.answered)
        snprintf(out, len, "contains() of its place before the move, %#jx, asked in a child process, crashed or "
                 "hung", (uintmax_t)old);
    else
        snprintf(out, len, "%s, %#jx", now.claimed ? FUZZ_MOVED_ADDRESS_KEPT : FUZZ_MOVED_RECORD_LOST,
                 (uintmax_t)old);
}

/* A block in a mapping an mremap of the op under way moved there (round 19's BiBOP allocator, whose big
 * blocks grow by mremap: a record left at the old address was told as a lookup that misses, one that
 * kept the old length as a fit search that took a block too small): that mremap, and which of the two
 * the usable size points at, or, where it does not point at the old length, whether contains() still
 * claims the block's old place. `usable` is usable_size()'s answer, 0 if not asked. `out` is left as it
 * is when no such mremap holds the block. */
void fuzz_maps_moved_block(const struct fuzz_ctx *c, const struct fuzz_block *b, size_t usable, char *out,
                           size_t len)
{
    uintptr_t start, end;
    size_t op;
    const char *phase;
    struct unmapped u = {0};
    int found = 0;
    if (!fuzz_maps_holding(b->ptr, &start, &end, &op, &phase))
        return;
    fuzz_maps_lock();
    for (size_t i = fuzz_maps_nrecent; i > 0 && i + RECENT_UNMAPS > fuzz_maps_nrecent && !found; i--) {
        u = fuzz_maps_recent[(i - 1) % RECENT_UNMAPS];
        found = u.moved_to == start && u.by == c && fuzz_maps_made_in_op_under_way(c, u.phase, u.op);
    }
    fuzz_maps_unlock();
    if (!found)
        return;
    char said[160];
    if (usable == u.len)
        snprintf(said, sizeof said, "usable_size() says %zu, its length before: " FUZZ_MOVED_LENGTH_KEPT, usable);
    else
        say_old_place_claimed(c, u.addr + ((uintptr_t)b->ptr - start), said, sizeof said);
    snprintf(out, len, ", though it lies wholly inside [%#jx, +%zu), where mremap(%#jx, %zu, %zu) moved a "
             "mapping of the allocator's in this op: %s", (uintmax_t)start, (size_t)(end - start),
             (uintmax_t)u.addr, u.len, u.new_len, said);
}

/* usable_size() of a block, asked apart (fuzz_ask_apart): a lookup by a record the allocator lost may fault. */
struct usable_now {
    int answered;
    size_t usable;
};

static void ask_usable_now(const struct fuzz_ctx *c, uint64_t slot, void *answer)
{
    size_t usable = c->a->usable_size(c->heap, (void *)c->slot[slot].ptr);
    *(struct usable_now *)answer = (struct usable_now){1, usable};
}

/* Whether the allocator's lookup still finds live block `slot` (usable_size() its size, as when last
 * asked): 1, it no longer does, said into out; 0, it does; -1, it cannot be told, said into out. */
static int lookup_lost(const struct fuzz_ctx *c, int slot, char *out, size_t len)
{
    const struct fuzz_block *b = &c->slot[slot];
    struct usable_now now;
    if (!c->a->usable_size || !c->opt.usable) {
        snprintf(out, len, "no usable_size() asked (%s) to tell %s",
                 c->a->usable_size ? "HALLOC_FUZZ_USABLE=off" : "the adapter has none", FUZZ_PERHAPS_LOST_BY_REMOVAL);
        return -1;
    }
    fuzz_ask_apart(ask_usable_now, c, (uint64_t)slot, &now, sizeof now);
    if (!now.answered) {
        snprintf(out, len, "usable_size() of it, asked in a child process, crashed or hung, which does not tell %s",
                 FUZZ_PERHAPS_LOST_BY_REMOVAL);
        return -1;
    }
    if (now.usable == b->usable)
        return 0;
    snprintf(out, len, "usable_size() of it now says %zu, %zu before: %s", now.usable, b->usable,
             FUZZ_LOST_BY_REMOVAL);
    return 1;
}

/* For a live block free refused that is a mapping of its own: the latest munmap of the run, since the
 * block was placed, by the free of another block (round 19's BiBOP allocator kept its big blocks in an
 * open-addressed table whose removal emptied a slot, ending the probe chain to a later one: told as a
 * lookup right for some blocks only). Named only where usable_size() no longer finds the block, or
 * cannot be asked: one that still finds it rules the table's loss out. "; ..." into out, else nothing. */
void fuzz_maps_removed_since(const struct fuzz_ctx *c, int slot, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48], name[FUZZ_KEY_NAME_MAX], verdict[200];
    const struct fuzz_block *b = &c->slot[slot];
    uintptr_t start, end;
    size_t op;
    const char *phase;
    struct unmapped u = {0};
    int found = 0;
    if (!b->ptr || !fuzz_maps_holding(b->ptr, &start, &end, &op, &phase) || start != (uintptr_t)b->ptr)
        return;
    fuzz_maps_lock();
    for (size_t i = fuzz_maps_nrecent; i > 0 && i + RECENT_UNMAPS > fuzz_maps_nrecent && !found; i--) {
        u = fuzz_maps_recent[(i - 1) % RECENT_UNMAPS];
        found = u.by == c && u.freeing && u.freeing - 1 != slot && !u.new_len && (u.phase || u.op >= b->made_at);
    }
    fuzz_maps_unlock();
    if (found && lookup_lost(c, slot, verdict, sizeof verdict))
        snprintf(out, len, "; block %s%d is a mapping of its own, [%#jx, +%zu), and since it was placed the free of "
                 "%s gave another back, munmap(%#jx, %zu) %s; %s", FUZZ_BLOCK_NO(slot), (uintmax_t)start,
                 (size_t)(end - start), fuzz_key_name(u.freeing - 1, name, sizeof name), (uintmax_t)u.start, u.len,
                 fuzz_call_when(c, u.phase, u.op, when, sizeof when), verdict);
}

/* Memory a heap maps and destroy() leaves mapped adds up over libFuzzer's
 * inputs until it stops on out-of-memory, with an input that passes alone:
 * the first such mapping says which op made it, and an unmap of this run
 * that ended where it begins, or began where it ends (an munmap a page
 * short), which call that was: the bug is in that call's length, not in
 * the op that mapped the memory. A heap that promises to leave none
 * (FUZZ_UNMAPS_ON_DESTROY) fails here, at the input that left it. */
void fuzz_maps_note_left(const struct fuzz_ctx *c)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48], call[FUZZ_OP_DESCRIPTION_MAX + 160], cut[sizeof call + 160],
        by[32] = "", first_text[sizeof when + sizeof cut + sizeof by + 64];
    size_t bytes = 0, count = 0;
    struct map_span first = {0};
    int judged = (c->a->caps & FUZZ_UNMAPS_ON_DESTROY) && c->opt.shadow;
    if (!judged && !c->opt.maps_left)
        return;
    fuzz_maps_lock();
    for (size_t i = 0; i < fuzz_maps_table.count && !fuzz_maps_table.lost; i++) { /* lost: the spans are not what is mapped */
        if (fuzz_maps_table.span[i].run != fuzz_maps_run)
            continue;
        first = count++ ? first : fuzz_maps_table.span[i];
        bytes += fuzz_maps_table.span[i].end - fuzz_maps_table.span[i].start;
    }
    fuzz_maps_unlock();
    if (!count)
        return;
    size_t left = (size_t)(first.end - first.start);
    int below = fuzz_maps_unmapped_before(c, (const void *)(first.start - 1), call, sizeof call);
    cut[0] = '\0';
    if (below || fuzz_maps_unmapped_before(c, (const void *)first.end, call, sizeof call))
        snprintf(cut, sizeof cut, "; the unmap that %s, %s, %s %zu bytes %s, if both were one mapping",
                 below ? "ends where it begins" : "begins where it ends", call, below ? "fell" : "started", left,
                 below ? "short of the mapping's end" : "above the mapping's start");
    if (first.by->thread) /* its op is numbered in that thread's own program */
        snprintf(by, sizeof by, "by thread %d ", first.by->thread - 1);
    snprintf(first_text, sizeof first_text, "[%#jx, +%zu), mapped %s%s%s", (uintmax_t)first.start, left, by,
             fuzz_call_when(first.by, first.phase, first.op, when, sizeof when), cut);
    if (judged)
        oracle_left_mapped(c, bytes, count, first_text);
    fprintf(stderr, "halloc-fuzz: destroy() left %zu byte%s mapped, in %zu mapping%s this input made; the first, "
            "%s: a free or destroy() that unmaps less than was mapped, or a mapping kept after destroy()\n", bytes,
            hl_plural_s(bytes), count, hl_plural_s(count), first_text);
}

/* After a fault in a free or realloc: a line when the block is the first or
 * last of a mapping an op of this run made (the heap grew), where no block
 * lies before or after it: a new region's first block, whose flags or
 * prologue the growth set up, or a big block's own mapping. Called from the
 * crash handler: if the table is locked (the fault came in mmap), nothing. */
void fuzz_maps_print_edge(const struct fuzz_ctx *c, int slot)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    uintptr_t at = (uintptr_t)c->slot[slot].ptr, end = at + c->slot[slot].usable;
    struct map_span s = {0};
    if (!fuzz_maps_trylock())
        return;
    size_t i = map_table_first_after(&fuzz_maps_table, at);
    if (!fuzz_maps_table.lost && i < fuzz_maps_table.count && fuzz_maps_table.span[i].start <= at)
        s = fuzz_maps_table.span[i];
    fuzz_maps_unlock();
    int first = s.end && at - s.start <= 64, last = s.end && end <= s.end && s.end - end <= 64;
    if (s.run != fuzz_maps_run || s.phase || (!first && !last))
        return;
    fuzz_describe_op(c, s.op, text, sizeof text);
    fprintf(stderr, "  block %s%d is the %s block of a mapping made at op #%zu: %s, [%#jx, +%zu), no block %s it "
            "there: a region the heap grew by (its edge flags or fence) or a big block's own mapping\n", FUZZ_BLOCK_NO(slot),
            first ? "first" : "last", s.op, text, (uintmax_t)s.start, (size_t)(s.end - s.start),
            first ? "before" : "after");
}

int fuzz_maps_ending_at(const void *p, uintptr_t *start, size_t *op, const char **phase)
{
    if (!fuzz_maps_trylock())
        return 0;
    size_t i = map_table_first_after(&fuzz_maps_table, (uintptr_t)p - 1); /* the span ending at p, if any */
    int found = !fuzz_maps_table.lost && i < fuzz_maps_table.count && fuzz_maps_table.span[i].end == (uintptr_t)p &&
                fuzz_maps_table.span[i].run == fuzz_maps_run && (i + 1 == fuzz_maps_table.count || fuzz_maps_table.span[i + 1].start > (uintptr_t)p);
    if (found)
        *start = fuzz_maps_table.span[i].start, *op = fuzz_maps_table.span[i].op, *phase = fuzz_maps_table.span[i].phase;
    fuzz_maps_unlock();
    return found;
}

/* This run's latest unmap of `at` into *u; 0 if it made none (lately). */
static int last_unmap_of(const struct fuzz_ctx *c, const void *at, struct unmapped *u)
{
    int found = 0;
    fuzz_maps_lock();
    for (size_t i = fuzz_maps_nrecent; i > 0 && i + RECENT_UNMAPS > fuzz_maps_nrecent && !found; i--) {
        *u = fuzz_maps_recent[(i - 1) % RECENT_UNMAPS];
        /* Another thread's op is read only once no thread runs (c's
         * phase: the main thread's, before the threads or after the join). */
        found = (uintptr_t)at >= u->start && (uintptr_t)at < u->end && (u->by == c || c->phase);
    }
    fuzz_maps_unlock();
    return found;
}

int fuzz_maps_unmapped_span(const struct fuzz_ctx *c, const void *at, uintptr_t *start, uintptr_t *end,
                            int *freeing)
{
    struct unmapped u;
    if (!last_unmap_of(c, at, &u))
        return 0;
    *start = u.start, *end = u.end, *freeing = u.freeing && !u.new_len;
    return 1;
}

int fuzz_maps_unmapped_by_op_running(const struct fuzz_ctx *c, const void *at)
{
    struct unmapped u;
    return last_unmap_of(c, at, &u) && !u.phase && u.by == c && u.op == c->cur;
}

/* Where this run last unmapped `at`, as the end of a sentence; 0 if it did not (lately). */
int fuzz_maps_unmapped_before(const struct fuzz_ctx *c, const void *at, char *out, size_t len)
{
    char text[FUZZ_OP_DESCRIPTION_MAX], slot[48] = "", name[FUZZ_KEY_NAME_MAX];
    struct unmapped u = {0};
    if (!last_unmap_of(c, at, &u))
        return 0;
    if (u.freeing)
        snprintf(slot, sizeof slot, ", freeing %s", fuzz_key_name(u.freeing - 1, name, sizeof name));
    char call[96], moved[48] = "";
    if (u.moved_to)
        snprintf(moved, sizeof moved, " that moved it to %#jx", (uintmax_t)u.moved_to);
    if (u.new_len)
        snprintf(call, sizeof call, "mremap(%#jx, %zu, %zu)%s", (uintmax_t)u.addr, u.len, u.new_len, moved);
    else
        snprintf(call, sizeof call, "munmap(%#jx, %zu)", (uintmax_t)u.start, u.len);
    if (u.phase) {
        snprintf(out, len, "%s in %s%s", call, u.phase, slot);
    } else { /* a thread's op is numbered in that thread's own program */
        char by[32] = "";
        if (u.by->thread)
            snprintf(by, sizeof by, " by thread %d", u.by->thread - 1);
        fuzz_describe_op(u.by, u.op, text, sizeof text);
        snprintf(out, len, "%s%s at op #%zu: %s%s", call, by, u.op, text, slot);
    }
    return 1;
}

/* How far [p, p+n) runs past the end of the mappings made here that hold p
 * (next to each other, they count as one); 0 if it does not, or p lies in
 * none. *start and *end get those mappings' bounds. */
size_t fuzz_maps_past_end(const void *p, size_t n, uintptr_t *start, uintptr_t *end)
{
    uintptr_t at = (uintptr_t)p;
    size_t past = 0;
    fuzz_maps_lock();
    size_t i = map_table_first_after(&fuzz_maps_table, at);
    if (!fuzz_maps_table.lost && i < fuzz_maps_table.count && fuzz_maps_table.span[i].start <= at) {
        *start = fuzz_maps_table.span[i].start;
        while (i + 1 < fuzz_maps_table.count && fuzz_maps_table.span[i + 1].start == fuzz_maps_table.span[i].end)
            i++;
        *end = fuzz_maps_table.span[i].end;
        past = n > *end - at ? n - (*end - at) : 0;
    }
    fuzz_maps_unlock();
    return past;
}

/* The span this run mapped that holds p, copied into *s: 1, else 0 (or the table busy: a crash inside a call). */
static int span_holding(const void *p, struct map_span *s)
{
    if (!fuzz_maps_trylock())
        return 0;
    size_t i = map_table_first_after(&fuzz_maps_table, (uintptr_t)p);
    int found = !fuzz_maps_table.lost && i < fuzz_maps_table.count && fuzz_maps_table.span[i].start <= (uintptr_t)p &&
                fuzz_maps_table.span[i].run == fuzz_maps_run;
    if (found)
        *s = fuzz_maps_table.span[i];
    fuzz_maps_unlock();
    return found;
}

int fuzz_maps_holding(const void *p, uintptr_t *start, uintptr_t *end, size_t *op, const char **phase)
{
    struct map_span s;
    if (!span_holding(p, &s))
        return 0;
    *start = s.start, *end = s.end, *op = s.op, *phase = s.phase;
    return 1;
}

int fuzz_maps_mmap_holding(const void *p, size_t *op, const char **phase)
{
    struct map_span s;
    if (!span_holding(p, &s) || s.moved)
        return 0;
    *op = s.op, *phase = s.phase;
    return 1;
}

int fuzz_maps_file_page_left(const void *at, int (*same_file)(int fd, void *arg), void *arg, uint64_t offset,
                             uintptr_t *page, size_t *op, const char **phase)
{
    uintptr_t size = fuzz_page_size(), mine = (uintptr_t)at & ~(size - 1);
    int found = 0;
    if (!fuzz_maps_trylock())
        return 0;
    for (size_t i = 0; !found && i < fuzz_maps_nleft && i < RECENT_LEFT; i++) {
        const struct left_file *l = &fuzz_maps_left[(fuzz_maps_nleft - 1 - i) % RECENT_LEFT];
        found = offset >= l->offset && offset - l->offset < l->end - l->start &&
                l->start + (uintptr_t)(offset - l->offset) != mine && same_file(l->fd, arg);
        if (found)
            *page = l->start + (uintptr_t)(offset - l->offset), *op = l->op, *phase = l->phase;
    }
    fuzz_maps_unlock();
    return found;
}

size_t fuzz_maps_largest_of_op(const struct fuzz_ctx *c, uintptr_t *start, int *unmapped)
{
    size_t largest = 0;
    *unmapped = 0;
    if (c->phase)
        return 0;
    fuzz_maps_lock();
    for (size_t i = 0; i < fuzz_maps_table.count && !fuzz_maps_table.lost; i++) {
        const struct map_span *s = &fuzz_maps_table.span[i];
        if (s->run == fuzz_maps_run && s->by == c && !s->phase && s->op == c->cur && s->end - s->start > largest)
            largest = s->end - s->start, *start = s->start;
    }
    /* ...and one it unmapped again before it gave up (a failing retry's pool) */
    size_t kept = fuzz_maps_nrecent < RECENT_UNMAPS ? fuzz_maps_nrecent : RECENT_UNMAPS;
    for (size_t i = 0; i < kept; i++) {
        const struct unmapped *u = &fuzz_maps_recent[i];
        if (u->by == c && !u->phase && u->op == c->cur && u->own_len > largest)
            largest = u->own_len, *start = u->own_start, *unmapped = 1;
    }
    fuzz_maps_unlock();
    return largest;
}

/* The mapping this run made that ends nearest below an address in none
 * (above: that starts nearest above it), into *s; 0 if none. */
static int span_beside(uintptr_t a, int above, struct map_span *s)
{
    if (!a || !fuzz_maps_trylock())
        return 0;
    size_t i = map_table_first_after(&fuzz_maps_table, a); /* the first span that ends above a */
    int in_none = i == fuzz_maps_table.count || fuzz_maps_table.span[i].start > a;
    int found = !fuzz_maps_table.lost && in_none && (above ? i < fuzz_maps_table.count : i > 0);
    if (found)
        *s = fuzz_maps_table.span[above ? i : i - 1];
    fuzz_maps_unlock();
    return found && s->run == fuzz_maps_run;
}

/* The bytes the allocation under way asks (the probe's, a realloc's, an op's), 0 if none is known. */
static size_t allocation_asked(const struct fuzz_ctx *c)
{
    if (c->probe_call)
        return strcmp(c->probe_call, "malloc") == 0 ? c->probe_size : 0;
    if (c->reallocating)
        return c->realloc_size;
    if (c->phase || c->freeing || c->trimming || c->cur >= c->nops)
        return 0;
    const struct fuzz_op *op = &c->ops[c->cur];
    if (op->kind == FUZZ_OP_CALLOC)
        return fuzz_calloc_n(op->arg) * fuzz_calloc_size(op->arg);
    if (op->kind == FUZZ_OP_ALIGNED)
        return fuzz_aligned_size(op->arg);
    if (op->kind != FUZZ_OP_MALLOC)
        return 0;
    size_t resolved = c->resolved[c->cur % FUZZ_HISTORY];
    return resolved < FUZZ_ZERO_NOT_RUN ? resolved : fuzz_size_is_symbol(op->arg) ? 0 : fuzz_size_now(c, op->slot, op->arg);
}

/* How many bytes of mapping s lie past its highest live block (said into out, with the request `asked`). */
static size_t room_past_blocks(const struct fuzz_ctx *c, const struct map_span *s, size_t asked, char *out,
                               size_t len)
{
    int top, above;
    fuzz_index_around(&c->index, (const void *)(s->end - 1), &top, &above);
    uintptr_t from = top >= 0 ? (uintptr_t)c->slot[top].ptr + c->slot[top].usable : 0;
    from = from < s->end ? from : s->end; /* a block run past the end leaves none */
    if (top < 0 || (uintptr_t)c->slot[top].ptr < s->start) {
        snprintf(out, len, "; this call asks %zu byte%s, and no live block lies in the mapping", asked,
                 hl_plural_s(asked));
        return s->end - s->start;
    }
    snprintf(out, len, "; this call asks %zu byte%s, and %zu lie past block %s%d, the mapping's highest live "
             "block", asked, hl_plural_s(asked), (size_t)(s->end - from), FUZZ_BLOCK_NO(top));
    return s->end - from;
}

int fuzz_maps_print_fault_past_end(const struct fuzz_ctx *c, const void *at)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], room[160] = "";
    uintptr_t a = (uintptr_t)at, page = fuzz_page_size();
    struct map_span s;
    if (!span_beside(a, 0, &s) || a - s.end >= page)
        return 0;
    /* Round 18: a skip list's best fit one node short split a chunk smaller than the request, the rest's
     * header past the heap's end: offered where the mapping is older than the allocation under way and
     * holds less than its request past its live blocks. */
    size_t asked = fuzz_maps_made_in_op_under_way(c, s.phase, s.op) ? 0 : allocation_asked(c);
    int short_of_request = asked && room_past_blocks(c, &s, asked, room, sizeof room) < asked;
    fprintf(stderr, "  the fault's address %p lies %zu byte%s past the end of [%#jx, +%zu), a mapping the allocator "
            "made %s, where nothing of the allocator's is mapped%s\n", at, (size_t)(a - s.end), hl_plural_s(a - s.end),
            (uintmax_t)s.start, (size_t)(s.end - s.start), fuzz_call_when(c, s.phase, s.op, when, sizeof when), room);
    fprintf(stderr, "  likely cause: %sa header or block placed past the end of its mapping (a length that counts "
            "the mapping's own header, or a size rounded past its end)\n", short_of_request ? "a free chunk smaller "
            "than the request split as if it held it, by a fit search one step short (the mapping made before this "
            "call holds less than the request past its live blocks); or " : "");
    return 1;
}

/* The twin below a mapping's start, within twice its length: a walk or merge
 * that stepped back before the heap's first block (round 17: a buddy system
 * whose merge passed its root, told of no place). */
int fuzz_maps_print_fault_before_start(const struct fuzz_ctx *c, const void *at)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t a = (uintptr_t)at, page = fuzz_page_size();
    struct map_span s;
    if (!span_beside(a, 1, &s))
        return 0;
    size_t reach = 2 * (s.end - s.start); /* a buddy's size may pass the heap's own */
    if (s.start - a > (reach > page ? reach : page))
        return 0;
    fprintf(stderr, "  the fault's address %p lies %zu byte%s before the start of [%#jx, +%zu), a mapping the "
            "allocator made %s, where nothing of the allocator's is mapped: a walk, merge or lookup that stepped "
            "back past the first block (a neighbour or buddy looked for below it, with no test that it is the "
            "first)\n", at, (size_t)(s.start - a), hl_plural_s(s.start - a), (uintmax_t)s.start,
            (size_t)(s.end - s.start), fuzz_call_when(c, s.phase, s.op, when, sizeof when));
    return 1;
}

size_t fuzz_maps_past_break(const void *p, size_t n, uintptr_t *now)
{
    uintptr_t at = (uintptr_t)p;
    *now = (uintptr_t)sbrk(0);
    if (!fuzz_maps_first_break || at < fuzz_maps_first_break || at >= *now)
        return 0;
    return n > *now - at ? n - (*now - at) : 0;
}

/* For out_of_heap: a block whose requested bytes the heap holds and whose
 * usable ones run past the program break: the break grown short of the
 * block, not usable_size overstating (round 16: a realloc of the top block
 * that grew the break by the request's bytes, its tags left out). 1 if it
 * said so into out. */
int fuzz_maps_usable_past_break(const struct fuzz_block *b, char *out, size_t len)
{
    uintptr_t now;
    size_t past = fuzz_maps_past_break(b->ptr, b->usable, &now);
    if (past)
        snprintf(out, len, ", though the requested bytes are: its last %zu usable byte%s past the program "
                 "break %#jx, which the heap grew by less than the block needs", past,
                 past == 1 ? " lies" : "s lie", (uintmax_t)now);
    return past != 0;
}

/* How far past the program break a crash's fault may lie and still be
 * blamed on it: an sbrk heap's own writes land near its top. */
#define NEAR_BREAK ((uintptr_t)64 << 20)

/* Whether a live block of c's lies between the first run's break and `now`:
 * the heap is an sbrk heap, not one whose break libc's malloc moved. The
 * first block of the address index at or above that break answers, and the
 * block fuzz_adopt() is judging, not yet in the index (a crash in its
 * contains() or usable_size()). */
static int block_below_break(const struct fuzz_ctx *c, uintptr_t now)
{
    int adopting = (c->usable_asking ? c->usable_asking : c->usable_unasked) - 1, below, above;
    uintptr_t p = adopting >= 0 ? (uintptr_t)c->slot[adopting].ptr : 0;
    if (p >= fuzz_maps_first_break && p < now)
        return 1;
    fuzz_index_around(&c->index, (const void *)(fuzz_maps_first_break - 1), &below, &above);
    return above >= 0 && (uintptr_t)c->slot[above].ptr < now;
}

/* A crash's fault (named: what the address is) just past the program break,
 * where an sbrk heap that has grown has no memory: without this it was
 * placed nowhere (round 16: a break lowered over the tags of the block below
 * the top, met by the next growth). Only when a live block lies under the
 * break: glibc's malloc moves it too, for an allocator that never calls sbrk
 * (a fault there was blamed on an sbrk heap). 1 if it said so. */
int fuzz_maps_print_fault_past_break(const struct fuzz_ctx *c, const void *fault, const char *named)
{
    uintptr_t at = (uintptr_t)fault, now = (uintptr_t)sbrk(0);
    if (!fault || !fuzz_maps_first_break || now <= fuzz_maps_first_break || at < now || at - now >= NEAR_BREAK ||
        !block_below_break(c, now))
        return 0;
    fprintf(stderr, "  %s %p lies %zu byte%s past the program break %#jx, the top of the sbrk heap (which starts "
                    "above %#jx, the break before the first heap), where nothing is mapped: memory the break no "
                    "longer or never covered - a shrink of the break (a negative sbrk) over memory still in use "
                    "(a tag or block below the top), or a growth shorter than what the allocator then wrote past the "
                    "old top (a header, footer or end marker left out of it)\n", named, fault,
            (size_t)(at - now), hl_plural_s(at - now), (uintmax_t)now, (uintmax_t)fuzz_maps_first_break);
    return 1;
}

int fuzz_maps_reserved(const void *at, char *call, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    uintptr_t a = (uintptr_t)at;
    struct map_span s = {0};
    if (!fuzz_maps_trylock()) /* a crash handler's question: the fault may have come inside mmap */
        return 0;
    size_t i = map_table_first_after(&fuzz_maps_table, a);
    if (!fuzz_maps_table.lost && i < fuzz_maps_table.count && fuzz_maps_table.span[i].start <= a)
        s = fuzz_maps_table.span[i];
    fuzz_maps_unlock();
    if (!s.reserved || s.run != fuzz_maps_run)
        return 0;
    snprintf(call, len, "mmap(%#jx, %zu, PROT_NONE) %s", (uintmax_t)s.start, (size_t)(s.end - s.start),
             fuzz_call_when(s.by, s.phase, s.op, when, sizeof when));
    return 1;
}
