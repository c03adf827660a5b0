/*
 * badops.c - the bad-input ops: frees of pointers that are no live block and
 * requests that cannot be satisfied. Each is issued only to adapters whose
 * flags promise to detect it, and must fail with the documented errno and
 * change nothing: same stats, same checker verdict, every live block intact.
 * free(NULL) is here too: it must change nothing in the same sense, and
 * succeed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

#define SHADOW (c->opt.shadow)
#define HAS(cap) ((c->a->caps & (cap)) != 0)
#define FOREIGN_BYTES 256

/* What "changes nothing" compares. */
struct snapshot {
    int has_stats;
    struct fuzz_stats stats;
    int check_failed;
    char check_msg[256];
};

/* The checker walks the whole heap, so it joins the comparison only on the
 * full-check schedule; the scheduled checks catch anything in between. */
static void take_snapshot(const struct fuzz_ctx *c, struct snapshot *s)
{
    memset(s, 0, sizeof *s);
    s->has_stats = fuzz_stats(c, &s->stats) == 0;
    if (c->opt.checker && c->a->check && fuzz_full_checks(c))
        s->check_failed = c->a->check(c->heap, s->check_msg, sizeof s->check_msg) != 0;
}

/* NULL if equal, else what changed (written into buf). */
static const char *snapshot_change(const struct snapshot *a, const struct snapshot *b, char *buf, size_t len)
{
    if (a->has_stats && memcmp(&a->stats, &b->stats, sizeof a->stats) != 0) {
        snprintf(buf, len, "stats in_use/largest_free/live_blocks went from %zu/%zu/%zu to %zu/%zu/%zu",
                 a->stats.bytes_in_use, a->stats.largest_free, a->stats.live_blocks, b->stats.bytes_in_use,
                 b->stats.largest_free, b->stats.live_blocks);
        return buf;
    }
    if (a->check_failed != b->check_failed || strcmp(a->check_msg, b->check_msg) != 0) {
        snprintf(buf, len, "the allocator's check went from '%.150s' to '%.150s'",
                 a->check_failed ? a->check_msg : "passed", b->check_failed ? b->check_msg : "passed");
        return buf;
    }
    return NULL;
}

typedef void (*change_oracle)(const struct fuzz_ctx *, const char *, int);

/* After a rejected call: nothing may differ from `before`. Blocks around
 * `near` are always verified, every block on the full-check schedule. */
static void judge_unchanged(struct fuzz_ctx *c, const struct snapshot *before, change_oracle fire,
                            const void *near, int slot_involved)
{
    struct snapshot after;
    struct fuzz_damage d;
    char buf[400];
    take_snapshot(c, &after);
    const char *change = snapshot_change(before, &after, buf, sizeof buf);
    if (change)
        fire(c, change, slot_involved);
    int slot = fuzz_on_schedule(c) ? fuzz_verify_live(c, &c->budget, &d)
                                   : fuzz_verify_near(&c->index, near, &c->budget, &d);
    if (slot < 0 && !fuzz_on_schedule(c) && c->opt.every_op)
        slot = fuzz_verify_live(c, &c->budget_every_op, &d);
    if (slot >= 0) {
        char name[FUZZ_KEY_NAME_MAX];
        snprintf(buf, sizeof buf, "live block in %s damaged: %zu byte%s from offset %zu%s",
                 fuzz_key_name(slot, name, sizeof name), d.length, hl_plural_s(d.length), d.offset,
                 fuzz_damage_sampled(&d));
        fire(c, buf, slot);
    }
}

/* On the full-check schedule every block is verified before and after a
 * rejected call, so damage done earlier is never blamed on it. Between,
 * only the blocks around the pointer are checked, after the call. */
static void verify_before(struct fuzz_ctx *c)
{
    struct fuzz_damage d;
    int slot = !fuzz_full_checks(c) ? -1 : fuzz_verify_live(c, fuzz_budget(c, fuzz_on_schedule(c)), &d);
    if (slot >= 0)
        oracle_pattern_corrupted(c, slot, &d);
}

/* The checker fails before the bad call is sent: the call is not to blame,
 * and the report says so. A double free's own first free, a valid one, ran
 * in this op: reported as the op, it read as the rejected second free's doing
 * (a buddy allocator's free that left its bitmap wrong). */
static void failing_before_bad_call(struct fuzz_ctx *c, int slot, const char *check_msg)
{
    char msg[512], name[FUZZ_KEY_NAME_MAX];
    int clean_just_before = c->checked_clean && c->clean_before == c->cur;
    if (c->freeing_again && slot >= 0)
        snprintf(msg, sizeof msg, "%s (already before the second free was sent: the op's first free of %s, a valid "
                 "one%s, left the heap so)", check_msg, fuzz_key_name(slot, name, sizeof name),
                 clean_just_before ? "" : ", or an op since the check last passed");
    else
        snprintf(msg, sizeof msg, "%s (already before the bad call was sent: an earlier op did it)", check_msg);
    oracle_checker_failed(c, msg);
}

/* Frees a pointer that is no live block. `also_ok` is a second errno that is
 * right too (pass `want` when there is none). */
static void bad_free(struct fuzz_ctx *c, int slot, void *ptr, const char *what, int want, int also_ok)
{
    struct snapshot before;
    if (SHADOW) {
        verify_before(c);
        take_snapshot(c, &before);
        if (before.check_failed)
            failing_before_bad_call(c, slot, before.check_msg);
    }
    /* A sized free gets the size of the block the pointer names or lies in. */
    size_t size = slot >= 0 ? c->slot[slot].requested : FOREIGN_BYTES / 2;
    errno = 0;
    c->freeing_bad = c->freeing_again ? NULL : ptr;
    int err = fuzz_adapter_free(c->a, c->heap, ptr, size, slot >= 0 ? c->slot[slot].asked : 0);
    c->freeing_bad = NULL;
    if (!SHADOW)
        return;
    if (err == 0)
        oracle_bad_free_accepted(c, slot, ptr, what);
    if (err != want && err != also_ok)
        oracle_bad_free_wrong_errno(c, slot, ptr, err, want);
    judge_unchanged(c, &before, oracle_bad_free_changed_heap, ptr, slot);
}

void fuzz_free_null(struct fuzz_ctx *c)
{
    struct snapshot before;
    int unchanged = SHADOW && !c->opt.concurrent; /* other threads change the heap meanwhile */
    c->frees_null = 1; /* for the reports, also of a crash inside the call */
    if (unchanged)
        take_snapshot(c, &before);
    errno = 0;
    int err = fuzz_adapter_free(c->a, c->heap, NULL, 0, 0);
    if (!SHADOW)
        return;
    if (err != 0)
        oracle_free_null_rejected(c, err);
    if (unchanged)
        judge_unchanged(c, &before, oracle_free_null_changed_heap, NULL, -1);
}

/* A pointer outside every live block may lie in memory the allocator has
 * free: "already free" is then as right as "not a block". */
static int errno_outside_blocks(const struct fuzz_ctx *c, const void *ptr)
{
    if (HAS(FUZZ_DETECTS_DOUBLE_FREE) && fuzz_index_find(&c->index, ptr) < 0)
        return c->a->double_free_errno;
    return c->a->bad_free_errno;
}

/* A freed block's memory may have gone back to the system (a trimmed
 * region): the pointer is then foreign, and "not a block" is right too. */
static int errno_after_release(const struct fuzz_ctx *c, const void *ptr)
{
    int gone = HAS(FUZZ_HAS_BOUNDS) && c->a->contains ? !c->a->contains(c->heap, ptr, 1) : HAS(FUZZ_CAN_GROW);
    return gone && HAS(FUZZ_DETECTS_BAD_FREE) ? c->a->bad_free_errno : c->a->double_free_errno;
}

/* Bytes of header or footer between two blocks a free may merge. */
#define MERGE_GAP 64

/* A block freed earlier whose memory, still free (no live block starts in
 * it), lay within MERGE_GAP below or above the block at p that was just
 * freed (the ring's newest): that free likely merged the two, which is how
 * a lookup by address comes to hold a stale record (a released run's pages
 * left in a page map, round 13b's radix allocator). The harness cannot see
 * the lookup itself; what says the merge. */
static void say_merged_neighbour(const struct fuzz_ctx *c, const unsigned char *p, size_t usable, char *what,
                                 size_t len)
{
    char name[FUZZ_KEY_NAME_MAX], when[48];
    const struct fuzz_freed *f;
    uintptr_t from = (uintptr_t)p, to = from + usable;
    for (size_t i = 1; (f = fuzz_freed_newest(c, i)) != NULL; i++) {
        uintptr_t lo = (uintptr_t)f->ptr, hi = lo + f->usable;
        int below = hi <= from && from - hi <= MERGE_GAP, above = to <= lo && lo - to <= MERGE_GAP;
        if ((!below && !above) || fuzz_index_find(&c->index, f->ptr) >= 0)
            continue;
        size_t used = strlen(what);
        if (f->phase)
            snprintf(when, sizeof when, "in %s", f->phase);
        else
            snprintf(when, sizeof when, "at op #%zu", f->freed_at);
        snprintf(what + used, len - used, FUZZ_FREED_BESIDE "%s %s, whose %zu bytes lay free %zu bytes %s it)", fuzz_key_name(f->slot, name, sizeof name), when,
                 f->usable, (size_t)(below ? from - hi : lo - to), below ? "below" : "above");
        return;
    }
}

/* Mode between: another block freed after the first free, so the block is
 * no longer the newest freed (a free list's head), and `what` says so. */
static void free_between(struct fuzz_ctx *c, unsigned between, char *what, size_t len)
{
    char name[FUZZ_KEY_NAME_MAX];
    size_t said = strlen(what);
    fuzz_release(c, between);
    snprintf(what + said, len - said, ", %s's block freed between its two frees",
             fuzz_key_name((int)between, name, sizeof name));
}

/* A double free let through after another was refused: the allocator does
 * test liveness, so this block's first free left it marked live. With mode
 * trim, the adapter's trim() runs between the two frees: an allocator that
 * defers a free's work (a sweep that makes freed slots allocatable, a cache
 * flushed) meets the second free only after it (round 14: a Go-style span
 * allocator whose free tested the freed bit alone, not the alloc bit a
 * sweep clears, ran clean with its own check, every double free being
 * made at once). With mode between, another slot's block is freed between
 * them: a free that tests only its list's head passes (round 16b). */
static void op_double_free(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    char what[480] = "a block freed just before", name[FUZZ_KEY_NAME_MAX];
    void *p = c->slot[slot].ptr;
    size_t usable = c->slot[slot].usable;
    enum fuzz_double_free_mode mode = fuzz_double_free_mode(arg);
    int trim = mode == FUZZ_DOUBLE_FREE_TRIM && c->a->trim;
    unsigned between = fuzz_double_free_between(arg);
    if (mode != FUZZ_DOUBLE_FREE_BETWEEN || between == slot || !c->slot[between].ptr)
        between = FUZZ_SLOTS; /* at once */
    if (!p || !HAS(FUZZ_DETECTS_DOUBLE_FREE))
        return;
    if (c->double_free_refused)
        snprintf(what, sizeof what, "a block freed just before (at op #%zu it refused the double free of %s, "
                 "so its free does test that a block is live)", c->double_free_refused - 1,
                 fuzz_key_name(c->double_free_refused_slot, name, sizeof name));
    fuzz_release(c, slot);
    say_merged_neighbour(c, p, usable, what, sizeof what);
    if (between < FUZZ_SLOTS)
        free_between(c, between, what, sizeof what);
    if (trim) {
        int err = fuzz_trim(c);
        if (err != 0 && c->opt.shadow)
            oracle_trim_failed(c, err);
        size_t said = strlen(what);
        snprintf(what + said, sizeof what - said, ", trim() run between its two frees");
    }
    c->freeing_again = p; /* a crash in the second free may be a read of memory the first gave back */
    bad_free(c, (int)slot, p, what, c->a->double_free_errno, errno_after_release(c, p));
    c->freeing_again = NULL;
    if (!c->double_free_refused)
        c->double_free_refused = c->cur + 1, c->double_free_refused_slot = (int)slot;
}

static void op_free_interior(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    const struct fuzz_block *b = &c->slot[slot];
    if (!b->ptr || b->usable < 2 || !HAS(FUZZ_DETECTS_BAD_FREE))
        return;
    size_t off = arg % b->usable;
    off = off ? off : b->usable / 2;
    bad_free(c, (int)slot, b->ptr + off, "a pointer inside a live block", c->a->bad_free_errno, c->a->bad_free_errno);
}

/* Whether p is where a live block starts (one of 0 bytes too, which
 * fuzz_index_find does not hold to contain its own address). */
static int starts_live_block(const struct fuzz_ctx *c, const void *p)
{
    int below, above;
    fuzz_index_around(&c->index, p, &below, &above);
    return below >= 0 && c->slot[below].ptr == p;
}

/* A pointer k bytes off the block's, k below the alignment. Off by less
 * than the alignment is not off every block: with FUZZ_SMALL_ALIGNED_TO_SIZE
 * an 8-byte block may start 8 bytes after another, and its free must
 * succeed, so a k that lands on a live block is passed over for the next;
 * with none left the op does nothing. */
static void op_free_misaligned(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    const struct fuzz_block *b = &c->slot[slot];
    size_t align = c->a->alignment;
    if (!b->ptr || align < 2 || !HAS(FUZZ_DETECTS_BAD_FREE))
        return;
    size_t k = 1 + (arg & 0x7fffu) % (align - 1), tries = 1;
    unsigned char *ptr = (arg & 0x8000u) ? b->ptr - k : b->ptr + k;
    for (; starts_live_block(c, ptr); tries++, ptr = (arg & 0x8000u) ? b->ptr - k : b->ptr + k) {
        if (tries == align - 1)
            return;
        k = k % (align - 1) + 1;
    }
    bad_free(c, (int)slot, ptr, "a misaligned pointer", c->a->bad_free_errno, errno_outside_blocks(c, ptr));
}

/* Foreign memory has slack before the pointer so an allocator that peeks
 * at a header there reads memory that exists. */
static unsigned char static_memory[FOREIGN_BYTES] __attribute__((aligned(64)));

static void op_free_foreign(struct fuzz_ctx *c, uint16_t arg)
{
    unsigned char stack_memory[FOREIGN_BYTES] __attribute__((aligned(64)));
    unsigned char *where[FUZZ_FOREIGN_COUNT] = {stack_memory, static_memory, NULL};
    unsigned kind = arg % FUZZ_FOREIGN_COUNT;
    if (!HAS(FUZZ_DETECTS_BAD_FREE))
        return;
    if (kind == FUZZ_FOREIGN_LIBC && !(where[kind] = malloc(FOREIGN_BYTES)))
        return;
    fuzz_fill(where[kind], 0, FOREIGN_BYTES, fuzz_seed(FUZZ_TABLE, kind));
    bad_free(c, -1, where[kind] + FOREIGN_BYTES / 2, fuzz_foreign_names[kind], c->a->bad_free_errno,
             c->a->bad_free_errno);
    if (kind == FUZZ_FOREIGN_LIBC)
        free(where[kind]);
}

/* A request that cannot be satisfied came back: was the refusal right? n: 0
 * for a request of `size` bytes, else calloc(n, size). */
static void judge_huge(struct fuzz_ctx *c, size_t n, size_t size, void *p, int err, int slot,
                       const struct snapshot *before)
{
    if (!SHADOW)
        return;
    if (p)
        oracle_huge_accepted(c, n, size, p, slot);
    if (HAS(FUZZ_REPORTS_ENOMEM) && err != ENOMEM)
        oracle_alloc_wrong_errno(c, n, size, 0, err);
    judge_unchanged(c, before, oracle_huge_changed_heap, slot >= 0 ? c->slot[slot].ptr : NULL, slot);
}

static void op_huge_malloc(struct fuzz_ctx *c, uint16_t arg)
{
    struct snapshot before;
    size_t size = fuzz_huge_size(arg);
    if (fuzz_op_not_run(c->a, &(struct fuzz_op){FUZZ_OP_HUGE_MALLOC, 0, arg}))
        return;
    if (SHADOW) {
        verify_before(c);
        take_snapshot(c, &before);
    }
    errno = 0;
    void *p = c->a->malloc(c->heap, size);
    judge_huge(c, 0, size, p, errno, -1, &before);
    if (p) /* shadow off: keep the program well defined */
        fuzz_adapter_free(c->a, c->heap, p, size, 0);
}

static void op_calloc_overflow(struct fuzz_ctx *c, uint16_t arg)
{
    struct snapshot before;
    size_t n, size;
    if (!c->a->calloc)
        return; /* the harness's own calloc would test only itself */
    fuzz_overflow_pair(arg, &n, &size);
    if (SHADOW) {
        verify_before(c);
        take_snapshot(c, &before);
    }
    errno = 0;
    void *p = c->a->calloc(c->heap, n, size);
    judge_huge(c, n, size, p, errno, -1, &before);
    if (p)
        fuzz_adapter_free(c->a, c->heap, p, n * size, 0);
}

static void op_huge_realloc(struct fuzz_ctx *c, unsigned slot, uint16_t arg)
{
    struct snapshot before;
    struct fuzz_block *b = &c->slot[slot];
    size_t size = fuzz_huge_size(arg);
    if (!c->a->realloc || fuzz_op_not_run(c->a, &(struct fuzz_op){FUZZ_OP_HUGE_REALLOC, (uint8_t)slot, arg}))
        return;
    if (SHADOW) {
        verify_before(c);
        take_snapshot(c, &before);
    }
    errno = 0;
    void *q = fuzz_realloc_call(c, slot, size);
    judge_huge(c, 0, size, q, errno, b->ptr ? (int)slot : -1, &before);
    if (q && !b->ptr) { /* shadow off: keep the program well defined */
        fuzz_adapter_free(c->a, c->heap, q, size, 0);
    } else if (q) {
        fuzz_index_remove(&c->index, slot);
        b->ptr = q;
        b->requested = size; /* what a sized free must be given back */
        b->asked = 0;
        fuzz_index_insert(&c->index, slot);
    }
}

void fuzz_exec_bad_op(struct fuzz_ctx *c, const struct fuzz_op *op)
{
    switch ((enum fuzz_op_kind)op->kind) {
    case FUZZ_OP_DOUBLE_FREE: op_double_free(c, op->slot, op->arg); break;
    case FUZZ_OP_FREE_INTERIOR: op_free_interior(c, op->slot, op->arg); break;
    case FUZZ_OP_FREE_MISALIGNED: op_free_misaligned(c, op->slot, op->arg); break;
    case FUZZ_OP_FREE_FOREIGN: op_free_foreign(c, op->arg); break;
    case FUZZ_OP_HUGE_MALLOC: op_huge_malloc(c, op->arg); break;
    case FUZZ_OP_CALLOC_OVERFLOW: op_calloc_overflow(c, op->arg); break;
    case FUZZ_OP_HUGE_REALLOC: op_huge_realloc(c, op->slot, op->arg); break;
    default: break;
    }
}

const char *fuzz_op_not_run(const struct fuzz_allocator *a, const struct fuzz_op *op)
{
    switch ((enum fuzz_op_kind)op->kind) {
    case FUZZ_OP_ALIGNED:
        return a->aligned_alloc ? NULL : "not run: the adapter has no aligned_alloc";
    case FUZZ_OP_DOUBLE_FREE:
        return (a->caps & FUZZ_DETECTS_DOUBLE_FREE) ? NULL
                                                     : "not run: the adapter does not claim FUZZ_DETECTS_DOUBLE_FREE";
    case FUZZ_OP_FREE_INTERIOR:
    case FUZZ_OP_FREE_MISALIGNED:
    case FUZZ_OP_FREE_FOREIGN:
        return (a->caps & FUZZ_DETECTS_BAD_FREE) ? NULL : "not run: the adapter does not claim FUZZ_DETECTS_BAD_FREE";
    case FUZZ_OP_HUGE_MALLOC:
    case FUZZ_OP_HUGE_REALLOC:
        return !fuzz_huge_near_4g(op->arg) || !(a->caps & FUZZ_CAN_GROW) || SIZE_MAX <= UINT32_MAX /* all huge */
                   ? NULL
                   : "not run: a heap that may grow (FUZZ_CAN_GROW) may serve a size near 4 GiB (fuzz/ops.h)";
    case FUZZ_OP_REALLOC: /* to a literal 0: of a live block, implementation-defined */
        return (a->realloc && (a->caps & FUZZ_REALLOC_ZERO_FREES)) || fuzz_size_is_symbol(op->arg) ||
                       fuzz_size_eval(op->arg, &(struct fuzz_size_env){0}) != 0
                   ? NULL
                   : "not run if the slot holds a block: realloc to 0 needs FUZZ_REALLOC_ZERO_FREES";
    default:
        return NULL;
    }
}

/* One text for a realloc to 0 left out, before the op and after it. */
#define ZERO_NOT_RUN "not run: a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES"
/* ...and for one whose symbolic size came to 0. */
#define ZERO_SYMBOL_NOT_RUN \
    "not run: its size is 0 here, and a realloc to 0 of a live block needs FUZZ_REALLOC_ZERO_FREES"

/* Whether this adapter's realloc to 0 of a live block is left out (exec.c). */
static int zero_left_out(const struct fuzz_allocator *a)
{
    return !a->realloc || !(a->caps & FUZZ_REALLOC_ZERO_FREES);
}

const char *fuzz_op_not_run_now(const struct fuzz_ctx *c, size_t i)
{
    const struct fuzz_op *op = &c->ops[i];
    const char *not_run = fuzz_op_not_run(c->a, op);
    if (op->kind != FUZZ_OP_REALLOC)
        return not_run;
    if (!c->slot[op->slot].ptr) /* an empty slot's is realloc(NULL, size): it runs */
        return NULL;
    if (not_run)
        return ZERO_NOT_RUN;
    return fuzz_size_is_symbol(op->arg) && zero_left_out(c->a) && fuzz_size_now(c, op->slot, op->arg) == 0
               ? ZERO_SYMBOL_NOT_RUN
               : NULL;
}

/* Whether SIZE code arg may come to 0 when it runs: a symbol at its least
 * (no usable bytes, no free space, no room; each only grows with them). */
static int may_be_zero(const struct fuzz_allocator *a, uint16_t arg)
{
    return fuzz_size_eval(arg, &(struct fuzz_size_env){a->alignment, FUZZ_HEAP_BYTES, 0, 0, 0}) == 0;
}

/* A double free run empties its slot, and in mode between the other slot
 * too (when it holds a block: else the op frees at once). */
static void double_free_dry(const struct fuzz_op *op, const char *not_run, size_t filled[FUZZ_SLOTS])
{
    unsigned between = fuzz_double_free_between(op->arg);
    if (not_run || !filled[op->slot])
        return;
    filled[op->slot] = 0;
    if (fuzz_double_free_mode(op->arg) == FUZZ_DOUBLE_FREE_BETWEEN)
        filled[between] = 0;
}

const char *fuzz_op_not_run_dry(const struct fuzz_allocator *a, const struct fuzz_op *op, size_t i,
                                size_t filled[FUZZ_SLOTS], char *buf, size_t len)
{
    const char *not_run = fuzz_op_not_run(a, op);
    size_t since = op->slot < FUZZ_SLOTS ? filled[op->slot] : 0; /* hold's byte is a COUNT */
    switch ((enum fuzz_op_kind)op->kind) {
    case FUZZ_OP_MALLOC:
    case FUZZ_OP_CALLOC: filled[op->slot] = i + 1; break; /* a failure leaves it empty: "unless" below */
    case FUZZ_OP_ALIGNED: filled[op->slot] = a->aligned_alloc ? i + 1 : since; break;
    case FUZZ_OP_REALLOC: filled[op->slot] = since ? since : i + 1; break; /* of a block: it stays, moved or not */
    case FUZZ_OP_FREE: filled[op->slot] = 0; break;
    case FUZZ_OP_DOUBLE_FREE: double_free_dry(op, not_run, filled); break;
    case FUZZ_OP_FREE_ALL: memset(filled, 0, FUZZ_SLOTS * sizeof *filled); break;
    default: break; /* the others leave the slot as it was, or fire an oracle */
    }
    if (op->kind != FUZZ_OP_REALLOC)
        return not_run;
    int symbol_zero = !not_run && fuzz_size_is_symbol(op->arg) && zero_left_out(a) && may_be_zero(a, op->arg);
    if (!since || (!not_run && !symbol_zero)) /* empty: realloc(NULL, size) runs */
        return NULL;
    char size[32] = "";
    if (symbol_zero) /* its value is the heap's when it runs: unknown here */
        fuzz_size_text(op->arg, size, sizeof size);
    snprintf(buf, len,
             "not run if the slot holds a block, as it does from op #%zu on unless an allocation failed%s%s%s: "
             "realloc to 0 needs FUZZ_REALLOC_ZERO_FREES",
             since - 1, symbol_zero ? ", and " : "", size, symbol_zero ? " is 0 then" : "");
    return buf;
}

const char *fuzz_op_not_run_in(const struct fuzz_ctx *c, size_t i)
{
    if (c->ops[i].kind != FUZZ_OP_REALLOC)
        return fuzz_op_not_run(c->a, &c->ops[i]);
    if (c->resolved[i % FUZZ_HISTORY] != FUZZ_ZERO_NOT_RUN)
        return NULL;
    return fuzz_size_is_symbol(c->ops[i].arg) ? ZERO_SYMBOL_NOT_RUN : ZERO_NOT_RUN;
}
