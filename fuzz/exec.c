/*
 * exec.c - what each op does to the allocator and the shadow model, and the
 * oracles that judge the answer (an allocating call's in exec-judge.c, with
 * the block it returned taken into the model). With the shadow off
 * (bench-fuzz, mutant layers) the program still writes its blocks as a real
 * program would; nothing is read back or compared.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "harness.h"
#include "shadow-model.h"

/* ---- helpers shared by the ops ---- */

/* Bytes from the slot's block to the next live block above it; without one,
 * what the block and the largest free chunk could hold together. A next block
 * farther away than the block, the largest free chunk and the heap's size
 * together (another mapping) is not a neighbour: the size stays bounded, so
 * no op ever asks for (and then fills) gigabytes. */
static size_t room_of(const struct fuzz_ctx *c, unsigned slot, size_t largest_free)
{
    const struct fuzz_block *b = &c->slot[slot];
    if (!b->ptr)
        return largest_free;
    size_t reach = fuzz_add_sat(b->usable, largest_free);
    int prev, next;
    fuzz_index_neighbours(&c->index, slot, &prev, &next);
    if (next < 0)
        return reach;
    size_t distance = (uintptr_t)c->slot[next].ptr - (uintptr_t)b->ptr; /* two objects: no pointer difference */
    return distance <= fuzz_add_sat(reach, c->heap_bytes) ? distance : reach;
}

size_t fuzz_size_now(const struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    struct fuzz_size_env env = {c->a->alignment, c->heap_bytes, c->heap_bytes,
                                c->slot[slot].ptr ? c->slot[slot].usable : 0, 0};
    struct fuzz_stats st;
    enum fuzz_size_symbol_need need = fuzz_size_needs(arg);
    if (need != FUZZ_NEEDS_NOTHING && fuzz_stats(c, &st) == 0)
        env.largest_free = st.largest_free;
    if (need == FUZZ_NEEDS_ROOM)
        env.room = room_of(c, slot, env.largest_free);
    return fuzz_size_eval(arg, &env);
}

static size_t resolve_size(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    size_t size = fuzz_size_now(c, slot, arg);
    if (fuzz_size_is_symbol(arg))
        c->resolved[c->cur % FUZZ_HISTORY] = size;
    return size;
}

/* [0, to) of block b, whose contents are now at `at`, checked as the
 * budget allows, the read marked as slot's. */
static int damaged(struct fuzz_ctx *c, unsigned slot, const struct fuzz_block *b, const unsigned char *at,
                   size_t to, struct fuzz_damage *d)
{
    fuzz_touch_begin(&c->touch, "reading", slot);
    int bad = fuzz_check_block(b, at, to, &c->budget, d);
    fuzz_touch_end(&c->touch);
    return bad;
}

static void verify_block(struct fuzz_ctx *c, unsigned slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    struct fuzz_damage d;
    if (SHADOW && damaged(c, slot, b, b->ptr, b->usable, &d))
        oracle_pattern_corrupted(c, (int)slot, &d);
}

static void fill_block(struct fuzz_ctx *c, unsigned slot, size_t from)
{
    fuzz_touch_begin(&c->touch, "writing", slot);
    fuzz_fill_block(&c->slot[slot], from, &c->budget);
    fuzz_touch_end(&c->touch);
}

void fuzz_release(struct fuzz_ctx *c, unsigned slot)
{
    struct fuzz_block *b = &c->slot[slot];
    if (!b->ptr)
        return;
    verify_block(c, slot);
    errno = 0;
    c->freeing = (int)slot + 1;
    int err = fuzz_adapter_free(c->a, c->heap, b->ptr, b->requested, b->asked);
    c->freeing = 0;
    if (SHADOW && err != 0)
        oracle_free_rejected(c, (int)slot, err);
    fuzz_note_freed(c, slot);
    fuzz_gap_left(c, slot);
    fuzz_index_remove(&c->index, slot);
    b->ptr = NULL;
}

/* A crash inside says whose block it was moving: a realloc op's line names
 * the slot, not the block's address and sizes the allocator was handed. */
void *fuzz_realloc_call(struct fuzz_ctx *c, unsigned slot, size_t size)
{
    c->reallocating = c->slot[slot].ptr ? (int)slot + 1 : 0;
    c->realloc_size = size;
    void *q = c->a->realloc(c->heap, c->slot[slot].ptr, size);
    c->reallocating = 0;
    return q;
}

/* ---- allocation ops ---- */

/* An allocation into a full slot frees its block first: the report says
 * so, since that free (a merge, a list update) may be what broke. */
static void release_for_new(struct fuzz_ctx *c, unsigned slot)
{
    c->freed_first = c->slot[slot].ptr != NULL;
    fuzz_release(c, slot);
}

static void op_malloc(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    size_t size = resolve_size(c, slot, arg);
    release_for_new(c, slot);
    struct fuzz_growth_watch w = fuzz_watch_growth(c);
    errno = 0;
    void *p = c->a->malloc(c->heap, size);
    if (!p) {
        fuzz_judge_failure(c, size, errno);
        return;
    }
    fuzz_adopt_new(c, slot, p, size, 0);
    fuzz_judge_growth(c, slot, size, w);
    fill_block(c, slot, 0);
}

static void op_calloc(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    size_t n = fuzz_calloc_n(arg), size = fuzz_calloc_size(arg), total = n * size;
    struct fuzz_damage d;
    release_for_new(c, slot);
    struct fuzz_growth_watch w = fuzz_watch_growth(c);
    errno = 0;
    void *p = c->a->calloc ? c->a->calloc(c->heap, n, size) : c->a->malloc(c->heap, total);
    if (!p) {
        fuzz_judge_failure(c, total, errno);
        return;
    }
    if (!c->a->calloc)
        memset(p, 0, total);
    fuzz_adopt_new(c, slot, p, total, 0);
    fuzz_judge_growth(c, slot, total, w);
    fuzz_touch_begin(&c->touch, "reading", slot);
    int dirty = SHADOW && fuzz_check_zero(p, total, &c->budget, &d);
    fuzz_touch_end(&c->touch);
    if (dirty)
        oracle_calloc_not_zero(c, (int)slot, &d);
    fill_block(c, slot, 0);
}

static void op_aligned(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    size_t align = fuzz_aligned_alignment(arg), size = fuzz_aligned_size(arg);
    if (!c->a->aligned_alloc)
        return;
    release_for_new(c, slot);
    errno = 0;
    c->aligning = align;
    void *p = c->a->aligned_alloc(c->heap, align, size);
    c->aligning = 0;
    if (!p) { /* EINVAL is fair too: an alignment the allocator does not support */
        int err = errno;
        if (err == EINVAL && size) /* of size 0 (halloc's EINVAL), the size was refused, not the alignment */
            fuzz_einval_refused(align);
        if (SHADOW && size && HAS(FUZZ_REPORTS_ENOMEM) && err != ENOMEM && err != EINVAL)
            oracle_alloc_wrong_errno(c, 0, size, align, err);
        if (SHADOW && size && HAS(FUZZ_NO_HEAP_LIMIT) && err != EINVAL && size <= FUZZ_SYMBOL_SIZE_MAX)
            oracle_refused_unlimited(c, size, align, err);
        c->refused[c->cur % FUZZ_HISTORY] = 1; /* later reports say so, as for malloc */
        return;
    }
    fuzz_adopt_new(c, slot, p, size, align);
    fill_block(c, slot, 0);
}

static void realloc_from_null(struct fuzz_ctx *c, unsigned slot, size_t size)
{
    struct fuzz_growth_watch w = fuzz_watch_growth(c);
    errno = 0;
    void *p = c->a->realloc ? c->a->realloc(c->heap, NULL, size) : c->a->malloc(c->heap, size);
    if (!p) {
        fuzz_judge_failure(c, size, errno);
        return;
    }
    fuzz_adopt_new(c, slot, p, size, 0);
    fuzz_judge_growth(c, slot, size, w);
    fill_block(c, slot, 0);
}

static void realloc_to_zero(struct fuzz_ctx *c, unsigned slot)
{
    struct fuzz_block *b = &c->slot[slot];
    if (!c->a->realloc || !HAS(FUZZ_REALLOC_ZERO_FREES)) {
        c->resolved[c->cur % FUZZ_HISTORY] = FUZZ_ZERO_NOT_RUN; /* reports say so */
        return; /* implementation-defined: nothing to check */
    }
    verify_block(c, slot);
    void *q = fuzz_realloc_call(c, slot, 0);
    if (q && SHADOW)
        oracle_realloc_zero_kept(c, (int)slot, q);
    fuzz_note_freed(c, slot);
    fuzz_gap_left(c, slot);
    fuzz_index_remove(&c->index, slot);
    b->ptr = NULL;
    if (q) /* shadow off: keep the program well defined */
        fuzz_adapter_free(c->a, c->heap, q, 0, 0);
}

/* The harness's own realloc for adapters without one: malloc, copy, free. */
static void *emulated_realloc(struct fuzz_ctx *c, unsigned slot, size_t size)
{
    struct fuzz_block *b = &c->slot[slot];
    void *q = c->a->malloc(c->heap, size);
    if (q) {
        verify_block(c, slot); /* whole before the copy: a loss after it is the free's (realloc_lost_data) */
        fuzz_touch_begin(&c->touch, "copying (for its emulated realloc)", slot);
        memcpy(q, b->ptr, b->usable < size ? b->usable : size);
        fuzz_touch_end(&c->touch);
        fuzz_release(c, slot);
    }
    return q;
}

static void realloc_block(struct fuzz_ctx *c, unsigned slot, size_t size)
{
    struct fuzz_block old = c->slot[slot];
    struct fuzz_damage d;
    verify_block(c, slot);
    errno = 0;
    void *q = c->a->realloc ? fuzz_realloc_call(c, slot, size) : emulated_realloc(c, slot, size);
    if (!q) {
        fuzz_judge_failure(c, size, errno);
        if (SHADOW && damaged(c, slot, &old, old.ptr, old.usable, &d))
            oracle_realloc_lost_data(c, (int)slot, &d, &old); /* a failed realloc keeps the block */
        return;
    }
    if (c->slot[slot].ptr && q != old.ptr) { /* moved: realloc freed the old block */
        fuzz_note_freed(c, slot);
        fuzz_gap_left(c, slot);
    }
    if (c->slot[slot].ptr)
        fuzz_index_remove(&c->index, slot);
    c->resized = old.ptr, c->resized_usable = old.usable; /* a report on the answer says what it was */
    fuzz_adopt(c, slot, q, size, 0, old.seed);
    c->resized = NULL;
    c->slot[slot].sparse = old.sparse; /* what it kept holds the pattern as the old block did */
    if (q == old.ptr) { /* in place: what the block held under a request, and its gap below, stay */
        struct fuzz_block *b = &c->slot[slot];
        size_t held = old.vouched < old.usable ? old.vouched : old.usable;
        b->vouched = held > b->vouched ? held : b->vouched;
        held = old.held < old.usable ? old.held : old.usable;
        b->held = held > b->held ? held : b->held;
        b->gap_suspect |= old.gap_suspect;
        b->made_by = old.made_by, b->made_at = old.made_at; /* still where that thread's call put it */
        b->shrunk = old.shrunk;
        b->grown = b->usable > old.usable ? (struct fuzz_grow){c->cur + 1, old.usable} : old.grown;
        if (!old.shrunk.at && size < old.requested && b->usable >= old.usable)
            b->shrunk = (struct fuzz_shrink){c->cur + 1, size};
        if (b->usable < old.usable)
            c->cut[c->ncut++ % FUZZ_RECENT_CUTS] = (struct fuzz_cut){c->cur, (int)slot, old.usable, b->usable};
        if (fuzz_past_request(&old) && b->usable < old.usable) /* what it wrote past lies above it now */
            fuzz_mark_gap_above(c, slot);
    }
    size_t keep = old.usable < size ? old.usable : size;
    if (SHADOW && damaged(c, slot, &old, q, keep, &d))
        oracle_realloc_lost_data(c, (int)slot, &d, &old);
    fill_block(c, slot, keep);
}

static void op_realloc(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    size_t size = resolve_size(c, slot, arg);
    if (!c->slot[slot].ptr)
        realloc_from_null(c, slot, size);
    else if (size == 0)
        realloc_to_zero(c, slot);
    else
        realloc_block(c, slot, size);
}

static void op_refill(struct fuzz_ctx *c, unsigned slot)
{
    if (!c->slot[slot].ptr)
        return;
    verify_block(c, slot);
    c->slot[slot].seed = fuzz_seed(slot, ++c->generation);
    fill_block(c, slot, 0);
}

int fuzz_verify_live(struct fuzz_ctx *c, struct fuzz_budget *budget, struct fuzz_damage *d)
{
    fuzz_touch_begin(&c->touch, "reading", -1);
    int bad = fuzz_verify_all(&c->index, budget, d);
    fuzz_touch_end(&c->touch);
    return bad;
}

void fuzz_verify_own(struct fuzz_ctx *c, int on_schedule)
{
    struct fuzz_damage d;
    int bad = SHADOW ? fuzz_verify_live(c, fuzz_budget(c, on_schedule), &d) : -1;
    if (bad >= 0)
        oracle_pattern_corrupted(c, bad, &d);
    if (SHADOW && !c->phase)
        c->intact_before = c->cur + 1;
}

int fuzz_trim(struct fuzz_ctx *c)
{
    c->trimming = 1;
    int err = c->a->trim(c->heap);
    c->trimming = 0;
    return err;
}

/* check [trim]: trimming gives memory back, which must leave every live
 * block as it was (verified at once), then the usual check (stats against
 * the model only when no other thread changes the heap). */
static void op_check(struct fuzz_ctx *c, unsigned mode)
{
    if (mode == FUZZ_CHECK_TRIM && c->a->trim) {
        int err = fuzz_trim(c);
        if (err != 0 && c->opt.shadow)
            oracle_trim_failed(c, err);
        fuzz_verify_own(c, 1);
    }
    fuzz_run_checker(c);
    if (!c->opt.concurrent)
        fuzz_check_model(c);
}

/* The slots to free, then the held pool's blocks (ops.h), in the order the
 * op asks for. */
static size_t free_all_order(const struct fuzz_ctx *c, unsigned order, uint16_t *out)
{
    size_t n = 0;
    unsigned end = fuzz_table_end(c);
    for (unsigned pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < end; i++) {
            unsigned s = order == FUZZ_ORDER_REVERSE ? end - 1 - i : i;
            int wanted = order == FUZZ_ORDER_ODD_EVEN ? (s % 2) != pass : pass == 0;
            if (wanted && c->slot[s].ptr)
                out[n++] = (uint16_t)s;
        }
    uint32_t by_address[FUZZ_TABLE];
    if (order == FUZZ_ORDER_ADDRESS || order == FUZZ_ORDER_ADDRESS_REVERSE)
        for (size_t i = 0, live = fuzz_index_keys(&c->index, by_address); i < live; i++)
            out[i] = (uint16_t)by_address[order == FUZZ_ORDER_ADDRESS ? i : live - 1 - i];
    return n;
}

void fuzz_free_all(struct fuzz_ctx *c, unsigned order)
{
    uint16_t slots[FUZZ_TABLE];
    size_t n = free_all_order(c, order, slots);
    for (size_t i = 0; i < n; i++) {
        fuzz_release(c, slots[i]);
        c->free_all_freed = slots[i] + 1; /* a report names the free, or (off a replay) how to find it */
        if (c->opt.every_op) { /* a replay names the free that broke the heap, or a live block */
            fuzz_run_checker(c);
            struct fuzz_damage d;
            int bad = SHADOW ? fuzz_verify_live(c, &c->budget_every_op, &d) : -1;
            if (bad >= 0)
                oracle_pattern_corrupted(c, bad, &d);
        }
    }
    c->free_all_freed = 0;
    c->held_top = 0;
    fuzz_check_pristine(c);
}

/* ---- the held pool (ops.h: hold, release) ---- */

/* hold COUNT SIZE: each block goes to the pool's lowest empty place and is
 * allocated, judged and filled as a malloc into an empty slot is. The first
 * refusal ends the op: the rest would meet the same full heap; so does a
 * block that would take the pool past FUZZ_HELD_BYTES (ops.h). */
static void op_hold(struct fuzz_ctx *c, unsigned count, uint16_t arg)
{
    unsigned key = FUZZ_SLOTS;
    size_t bytes = 0;
    for (unsigned k = FUZZ_SLOTS; k < fuzz_table_end(c); k++)
        bytes += c->slot[k].ptr ? c->slot[k].usable : 0;
    for (unsigned n = 0; n < count; n++) {
        while (key < fuzz_table_end(c) && c->slot[key].ptr)
            key++;
        if (key == FUZZ_TABLE || fuzz_size_now(c, key, arg) > FUZZ_HELD_BYTES - bytes)
            return;
        if (key == fuzz_table_end(c)) { /* a place never used in this run: fuzz_ctx_init left it as it was */
            c->slot[key] = (struct fuzz_block){0};
            c->held_top++;
        }
        op_malloc(c, key, arg);
        if (!c->slot[key].ptr || c->slot[key].usable > FUZZ_HELD_BYTES - bytes)
            return;
        bytes += c->slot[key].usable;
    }
}

/* release ORDER: the held blocks it names, each verified as it is freed;
 * pool order is allocation order (hold fills the lowest places first). */
static void op_release(struct fuzz_ctx *c, unsigned order)
{
    uint16_t keys[FUZZ_HELD_MAX];
    size_t n = 0, from = 0, step = 1;
    for (unsigned k = FUZZ_SLOTS; k < fuzz_table_end(c); k++)
        if (c->slot[k].ptr)
            keys[n++] = (uint16_t)k;
    size_t to = n;
    if (order == FUZZ_RELEASE_EVERY_OTHER)
        from = 1, step = 2;
    else if (order == FUZZ_RELEASE_NEWER_HALF)
        from = n / 2;
    else if (order == FUZZ_RELEASE_OLDER_HALF)
        to = n / 2;
    for (size_t i = from; i < to; i += step)
        fuzz_release(c, keys[order == FUZZ_RELEASE_REVERSE ? n - 1 - i : i]);
    while (c->held_top && !c->slot[FUZZ_SLOTS + c->held_top - 1].ptr) /* loops over the table stop sooner */
        c->held_top--;
}

void fuzz_exec_op(struct fuzz_ctx *c, const struct fuzz_op *op)
{
    unsigned s = op->slot;
    switch ((enum fuzz_op_kind)op->kind) {
    case FUZZ_OP_MALLOC: op_malloc(c, s, op->arg); break;
    case FUZZ_OP_CALLOC: op_calloc(c, s, op->arg); break;
    case FUZZ_OP_REALLOC: op_realloc(c, s, op->arg); break;
    case FUZZ_OP_ALIGNED: op_aligned(c, s, op->arg); break;
    case FUZZ_OP_FREE: if (c->slot[s].ptr) fuzz_release(c, s); else fuzz_free_null(c); break;
    case FUZZ_OP_REFILL: op_refill(c, s); break;
    case FUZZ_OP_VERIFY: if (c->slot[s].ptr) verify_block(c, s); break;
    case FUZZ_OP_VERIFY_ALL: fuzz_verify_own(c, 1); break;
    case FUZZ_OP_CHECK: op_check(c, op->arg % FUZZ_CHECK_MODE_COUNT); break;
    case FUZZ_OP_FREE_ALL: fuzz_free_all(c, op->arg % FUZZ_ORDER_COUNT); break;
    case FUZZ_OP_HOLD: op_hold(c, op->slot + 1u, op->arg); break;
    case FUZZ_OP_RELEASE: op_release(c, op->arg % FUZZ_RELEASE_COUNT); break;
    case FUZZ_OP_HEAP: break; /* chosen before create (fuzz_heap_bytes) */
    default: fuzz_exec_bad_op(c, op); break;
    }
}
