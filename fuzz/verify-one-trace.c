/*
 * verify-one-trace.c - one allocator-lab trace replayed against the adapter
 * under the fuzzer's oracles, every op checked as verify-traces.c's comment
 * says, and the first failure reported on one screen: the trace line, what
 * is wrong and its likely cause, the block's history, the checker's verdict
 * and the ops before it. The command (options, reading the traces, the
 * verdict lines) is verify-traces.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../allocator/hl_plural.h" /* hl_plural_s */

#include "../bench/ram.h"
#include "../bench/size-arg.h"
#include "../bench/text-input.h" /* NAME_SHOWN */
#include "harness.h"
#include "shadow-model.h"
#include "progress.h"
#include "verify-one-trace.h"

#define HISTORY 6

static const struct verifier *running; /* for the crash report */
/* The adapter's check() or stats() while check_all calls it: a crash there
 * came after the op's calls had returned, and the op printed beside it is
 * only the last since the previous full check. */
static const char *hook_running;

/* The file line op i was read from (the parser keeps them). */
static size_t line_of(const struct verifier *v, size_t i)
{
    return v->t->lines && i < v->t->n_ops ? v->t->lines[i] : 0;
}

static void op_text(const struct verifier *v, const trace_op *op, char *buf, size_t len)
{
    if (trace_op_frees_null(v->t, op))
        snprintf(buf, len, "f -1 (free(NULL))");
    else if (op->kind == OP_FREE)
        snprintf(buf, len, "f %u", op->id);
    else
        snprintf(buf, len, "%c %u %zu", (char)op->kind, op->id, op->size);
}

static void print_history(const struct verifier *v)
{
    char text[64];
    size_t from = v->cur >= HISTORY ? v->cur - HISTORY : 0;
    for (size_t i = from; i <= v->cur && i < v->t->n_ops; i++) {
        op_text(v, &v->t->ops[i], text, sizeof text);
        fprintf(stderr, "  %s line %-7zu %s\n", i == v->cur ? ">" : " ", line_of(v, i), text);
    }
}

/* A crash inside the allocator: say where in the trace it happened. */
static void crash_context(const char *why)
{
    const struct verifier *v = running;
    if (!v)
        return;
    fprintf(stderr, "verify-traces: %s: %s at op #%zu (line %zu)\n", NAME_SHOWN(v->path), why, v->cur,
            line_of(v, v->cur));
    print_history(v);
    if (hook_running)
        fprintf(stderr, "  the ops' calls had returned, and verify-traces was calling the adapter's %s to check the "
                        "heap when this happened: likely an op since the last full check (ops #%zu..#%zu) left the "
                        "allocator's records broken (VERIFY_ARGS=\"-c 1\" checks after every op)\n", hook_running,
                v->checked_at, v->cur);
    fuzz_print_touch(&v->touch, v->ix.blocks, v->a->usable_size && v->usable);
}

/* One failure: what is wrong (and its likely cause), the block's history,
 * the checker's verdict and the ops before it. Always returns -1. */
static int fail(const struct verifier *v, long id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(const struct verifier *v, long id, const char *fmt, ...)
{
    char text[64], msg[512] = "";
    progress_stop(); /* no progress line inside the report */
    op_text(v, &v->t->ops[v->cur], text, sizeof text);
    fprintf(stderr, "verify-traces: FAIL %s line %zu (op #%zu: %s): ", NAME_SHOWN(v->path), line_of(v, v->cur), v->cur,
            text);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (id >= 0 && v->ix.blocks[id].ptr) {
        const struct fuzz_block *b = &v->ix.blocks[id];
        op_text(v, &v->t->ops[v->made_at[id]], text, sizeof text);
        fprintf(stderr, "  block %ld: %zu bytes at %p, placed at line %zu (%s)\n", id, b->requested,
                (void *)b->ptr, line_of(v, v->made_at[id]), text);
    }
    if (v->a->check && !v->checker_failed)
        fprintf(stderr, "  the allocator's checker: %s\n",
                v->a->check(v->heap, msg, sizeof msg) ? msg : "finds nothing wrong");
    fprintf(stderr, "  %zu block%s (%zu usable bytes) live; the ops up to here:\n", v->ix.live,
            hl_plural_s(v->ix.live), v->ix.in_use);
    print_history(v);
    return -1;
}

/* ---- oracles ---- */

/* A block read at samples (a large neighbour's edges, at a placement beside
 * it) was last read whole at a full check or when it was placed: any op
 * since may have done the damage, which may also reach past the samples. */
static int damage_found(const struct verifier *v, unsigned id, const struct fuzz_damage *d, const char *when)
{
    char sampled[320] = "";
    size_t from = v->made_at[id] + 1 > v->checked_at ? v->made_at[id] + 1 : v->checked_at;
    if (d->sampled && from < v->cur)
        snprintf(sampled, sizeof sampled, "; found at a sample point (its edges, read as a block beside it was "
                 "placed): the damage may reach further, and any op of #%zu..#%zu may have done it, not only the one "
                 "named (VERIFY_ARGS=\"-c 1\" reads every block whole after every op)", from, v->cur);
    else if (d->sampled)
        snprintf(sampled, sizeof sampled, "; found at a sample point (its edges): the damage may reach further");
    return fail(v, id,
                "block %u: %zu bytes from offset %zu changed %s (byte 0x%02x, expected 0x%02x): the allocator "
                "wrote into a live block (its own bookkeeping, or a split or merge that overlaps it)%s",
                id, d->length, d->offset, when, d->found, d->expected, sampled);
}

static int verify_block(struct verifier *v, unsigned id)
{
    const struct fuzz_block *b = &v->ix.blocks[id];
    struct fuzz_damage d;
    if (!fuzz_find_damage_marked(&v->touch, id, b->ptr, 0, b->usable, b->seed, &d))
        return 0;
    return damage_found(v, id, &d, "while it was live");
}

/* The bytes of p's block the harness fills and checks. */
static size_t block_usable(const struct verifier *v, void *p, size_t size)
{
    return v->usable && v->a->usable_size ? v->a->usable_size(v->heap, p) : size;
}

/* A block just returned for id (requested `size`): alignment, bounds, no
 * overlap; then its bytes are filled. */
static int place(struct verifier *v, unsigned id, unsigned char *p, size_t size, const char *call)
{
    struct fuzz_block *b = &v->ix.blocks[id];
    struct fuzz_damage d;
    size_t align = fuzz_block_alignment(v->a, size, 0);
    if ((uintptr_t)p % align) /* before usable_size, which may trap on such a pointer */
        return fail(v, -1, "%s returned %p, not aligned to %zu as the adapter promises", call, (void *)p, align);
    size_t usable = block_usable(v, p, size);
    if (usable < size)
        return fail(v, -1, "%s returned a block of %zu usable bytes for a request of %zu", call, usable, size);
    if ((v->a->caps & FUZZ_HAS_BOUNDS) && !v->a->contains(v->heap, p, usable))
        return fail(v, -1, "%s returned [%p, +%zu), which is not inside the heap", call, (void *)p, usable);
    *b = (struct fuzz_block){p, size, usable, fuzz_seed(id & 0xff, ++v->generation), 0, 0, size, 0, size, 0, 0, {0, 0}, {0, 0}};
    v->made_at[id] = v->cur;
    int other = fuzz_index_insert(&v->ix, id);
    if (other >= 0) {
        const struct fuzz_block *o = &v->ix.blocks[other];
        char text[64];
        op_text(v, &v->t->ops[v->made_at[other]], text, sizeof text);
        return fail(v, other,
                    "%s returned [%p, +%zu), which overlaps live block %d [%p, +%zu) placed at line %zu (%s): "
                    "memory in use was handed out again (a bad split, merge or free-list entry)",
                    call, (void *)p, usable, other, (void *)o->ptr, o->usable, line_of(v, v->made_at[other]),
                    text);
    }
    fuzz_fill_marked(&v->touch, id, p, 0, usable, b->seed);
    /* Its neighbours up to FUZZ_WHOLE_ALWAYS bytes whole, larger ones at
     * their samples (both edges, where a bad split or header lands): read
     * whole, an 8 MiB block beside a small one placed and freed over and over
     * cost 2.4 ms an op. Every byte is still read at its free and at the
     * full checks, which -c 1 makes every op. */
    struct fuzz_budget edges_only = {0, 0};
    fuzz_touch_begin(&v->touch, "reading", -1);
    int near = fuzz_verify_near(&v->ix, p, &edges_only, &d);
    fuzz_touch_end(&v->touch);
    return near < 0 ? 0 : damage_found(v, (unsigned)near, &d, "while a neighbouring block was placed or resized");
}

/* The allocator's own reason when it gives one (why_refused), and the way
 * round a lack of room either way: halloc's "raise max_size" or "give it a
 * larger buffer" is done here through -H, which only the harness knows, so
 * the line names the size asked and the make variable that passes -H, with
 * a size above it (64M was below the 16 GiB a 4 GiB peak asks for). */
static int refused(const struct verifier *v, const char *call, size_t size)
{
    int err = errno;
    const char *why = v->a->why_refused ? v->a->why_refused(v->heap) : NULL;
    char room[300];
    size_t mib = ((v->heap_bytes > size ? v->heap_bytes : size) >> 20) * 2 + 64; /* -H: above twice both */
    snprintf(room, sizeof room,
             "create() was asked for %zu bytes: make verify-traces VERIFY_ARGS=\"-H %zuM\" asks for more; a fixed "
             "heap limit must be raised, and an allocator that reuses no freed memory (an arena) needs room for "
             "every byte the trace allocates", v->heap_bytes, mib);
    if (why)
        return fail(v, -1, "%s(%zu) returned NULL with %zu bytes live: %s%s%s", call, size, v->ix.in_use, why,
                    err == ENOMEM ? "; out of room? " : "", err == ENOMEM ? room : "");
    char said[FUZZ_ERRNO_SAID_MAX];
    return fail(v, -1,
                "%s(%zu) returned NULL (errno %s) with %zu bytes live: the allocator refused a request it "
                "should serve (out of memory? %s)", call, size, fuzz_errno_said(said, sizeof said, err),
                v->ix.in_use, room);
}

static int do_alloc(struct verifier *v, unsigned id, size_t size)
{
    unsigned char *p = v->a->malloc(v->heap, size);
    return p ? place(v, id, p, size, "malloc") : refused(v, "malloc", size);
}

static int do_free(struct verifier *v, unsigned id)
{
    struct fuzz_block *b = &v->ix.blocks[id];
    if (verify_block(v, id))
        return -1;
    fuzz_index_remove(&v->ix, id);
    int err = fuzz_adapter_free(v->a, v->heap, b->ptr, b->requested, b->asked);
    char said[FUZZ_ERRNO_SAID_MAX];
    if (err)
        return fail(v, -1, "free(%p) of live block %u returned errno %s: it refused a valid free",
                    (void *)b->ptr, id, fuzz_errno_said(said, sizeof said, err));
    b->ptr = NULL;
    return 0;
}

/* "f -1": free(NULL) must succeed and change nothing (the next full check
 * compares the allocator's stats with the trace). */
static int do_free_null(struct verifier *v)
{
    errno = 0;
    int err = fuzz_adapter_free(v->a, v->heap, NULL, 0, 0);
    char said[FUZZ_ERRNO_SAID_MAX];
    if (err)
        return fail(v, -1, "free(NULL) returned errno %s: free(NULL) must do nothing and succeed",
                    fuzz_errno_said(said, sizeof said, err));
    return 0;
}

/* realloc, or malloc + copy + free for an adapter without it (*free_err:
 * what that free returned). */
static unsigned char *resize(struct verifier *v, const struct fuzz_block *b, size_t size, int *free_err)
{
    *free_err = 0;
    if (v->a->realloc)
        return v->a->realloc(v->heap, b->ptr, size);
    unsigned char *q = v->a->malloc(v->heap, size);
    if (q) {
        fuzz_touch_begin(&v->touch, "copying (for its emulated realloc)", (long)(b - v->ix.blocks));
        memcpy(q, b->ptr, b->usable < size ? b->usable : size);
        fuzz_touch_end(&v->touch);
        *free_err = fuzz_adapter_free(v->a, v->heap, b->ptr, b->requested, b->asked);
    }
    return q;
}

static int do_realloc(struct verifier *v, unsigned id, size_t size)
{
    struct fuzz_block *b = &v->ix.blocks[id];
    if (!b->ptr)
        return do_alloc(v, id, size); /* the format's "r" of a free id */
    if (verify_block(v, id))
        return -1;
    struct fuzz_block old = *b;
    fuzz_index_remove(&v->ix, id);
    int free_err;
    unsigned char *q = resize(v, b, size, &free_err);
    if (!q) {
        fuzz_index_insert(&v->ix, id);
        return refused(v, "realloc", size);
    }
    char said[FUZZ_ERRNO_SAID_MAX];
    if (free_err)
        return fail(v, -1, "free(%p) of live block %u (the harness's realloc: malloc, copy, free) returned errno %s: "
                    "it refused a valid free", (void *)old.ptr, id, fuzz_errno_said(said, sizeof said, free_err));
    size_t kept = old.usable < size ? old.usable : size;
    struct fuzz_damage d;
    /* Out of the index still, but described for the crash context. */
    *b = (struct fuzz_block){q, size, block_usable(v, q, size), old.seed, 0, 0, size, 0, size, 0, 0, {0, 0}, {0, 0}};
    if (fuzz_find_damage_marked(&v->touch, id, q, 0, kept, old.seed, &d)) {
        b->ptr = NULL;
        return fail(v, -1,
                    "realloc of block %u from %zu to %zu bytes (%s) lost %zu bytes from offset %zu of the %zu it "
                    "must keep (byte 0x%02x, expected 0x%02x)",
                    id, old.requested, size, q == old.ptr ? "in place" : "moved", d.length, d.offset, kept, d.found,
                    d.expected);
    }
    return place(v, id, q, size, "realloc");
}

/* The allocator's checker, its stats against the trace, and every block. */
static int check_all(struct verifier *v)
{
    char msg[512] = "";
    struct fuzz_stats st;
    struct fuzz_damage d;
    v->checks++;
    hook_running = "check()";
    int broken = v->a->check && v->a->check(v->heap, msg, sizeof msg);
    hook_running = NULL;
    if (broken) {
        v->checker_failed = 1;
        return fail(v, -1, "the allocator's checker reports: %s", msg);
    }
    st = (struct fuzz_stats){.live_blocks = FUZZ_STATS_UNSET}; /* as the fuzzer's fuzz_stats() */
    hook_running = "stats()";
    int got = v->a->stats && v->a->stats(v->heap, &st) == 0;
    hook_running = NULL;
    if (got) {
        if (st.live_blocks == FUZZ_STATS_UNSET)
            return fail(v, -1, "stats() did not set live_blocks; every stats() must fill it (fuzz/adapter.h)");
        if (st.live_blocks != v->ix.live)
            return fail(v, -1, "stats say %zu live blocks; the trace has %zu", st.live_blocks, v->ix.live);
        /* Exact stats count usable bytes, which the blocks hold only when asked. */
        if ((v->a->caps & FUZZ_EXACT_STATS) && v->usable && st.bytes_in_use != v->ix.in_use)
            return fail(v, -1, "stats say %zu bytes in use; the live blocks' usable sizes add up to %zu",
                        st.bytes_in_use, v->ix.in_use);
    }
    fuzz_touch_begin(&v->touch, "reading", -1);
    int bad = fuzz_verify_all(&v->ix, NULL, &d);
    fuzz_touch_end(&v->touch);
    return bad < 0 ? 0 : damage_found(v, (unsigned)bad, &d, "while it was live");
}

/* Every op of the first FUZZ_FULL_CHECK_OPS, then every FUZZ_CHECK_EVERY-th
 * as the fuzzer does (thinned out as above); or every check_every-th op when
 * -c says so. */
static int check_due(const struct verifier *v)
{
    size_t n = v->cur + 1, since = n - v->checked_at;
    if (v->check_every)
        return n % v->check_every == 0;
    size_t period = v->ix.live / CHECK_SPREAD, by_bytes = v->ix.in_use / CHECK_SPREAD_BYTES;
    period = period > by_bytes ? period : by_bytes;
    return n <= FUZZ_FULL_CHECK_OPS || since >= (period > FUZZ_CHECK_EVERY ? period : FUZZ_CHECK_EVERY);
}

static int run_op(struct verifier *v, const trace_op *op)
{
    if (trace_op_frees_null(v->t, op))
        return do_free_null(v);
    switch (op->kind) {
    case OP_ALLOC: return do_alloc(v, op->id, op->size);
    case OP_FREE: return do_free(v, op->id);
    default: return do_realloc(v, op->id, op->size);
    }
}

static const char *verifying; /* the trace under way (its create() too), for exit_mid_trace */

/* The allocator's exit() (0 too) mid-trace ended the process with no verdict, read as clean: a failure. */
static void exit_mid_trace(void)
{
    progress_stop();
    if (verifying)
        fprintf(stderr, "verify-traces: FAIL %s line %zu: the allocator called exit() %s, ending the process\n",
                verifying, running ? line_of(running, running->cur) : 0, running ? "in this op" : "in create()");
    if (verifying)
        _exit(1);
}

/* Whether the trace's peak live payload is more than this machine's memory
 * holds, every live byte written and checked (ram_holds_live): then a
 * replay is killed (OOM) without a word. Said into out. */
static int peak_past_ram(const struct verifier *v, char *out, size_t len)
{
    size_t ram = machine_ram_bytes(), peak = v->t->peak_live;
    snprintf(out, len, "its peak live payload (%zu bytes) is more than this machine's memory (%zu bytes) holds once "
             "every live byte is written and checked (ASan adds half as much again)", peak, ram);
    return !ram_holds_live(ram, peak);
}

/* create(heap_bytes) failed with err: the -H to give instead (half, if it
 * could not map that much; twice, if it needs more to start). A peak this
 * machine's memory cannot hold leaves no -H that works: said so, with what
 * would (half of 4 TiB for a 1 TiB peak was advised, and failed too), in
 * the one line (it followed a warning that said the peak first). */
static void create_refused(const struct verifier *v, size_t heap_bytes, int fitted, int err)
{
    char said[FUZZ_ERRNO_SAID_MAX], half[32], twice[32], failed[NAME_SHOWN_MAX + 256], past[256];
    size_t peak = v->t->peak_live;
    int doubles = heap_bytes <= SIZE_MAX / 2;
    snprintf(failed, sizeof failed, "verify-traces: %s: the adapter's create(%zu) failed (errno %s)",
             NAME_SHOWN(v->path), heap_bytes, fuzz_errno_said(said, sizeof said, err));
    if (peak_past_ram(v, past, sizeof past)) /* one write each: a line whole among other processes' */
        fprintf(stderr, "%s, and %s: no -H can help; replay it on a machine with more than %zu bytes of memory, or a "
                "shorter trace\n", failed, past, peak > SIZE_MAX / 3 * 2 ? SIZE_MAX : peak / 2 * 3);
    else
        fprintf(stderr, "%s; that size is %s: give another with -H (make verify-traces VERIFY_ARGS=\"-H %s\", half, "
                "if it cannot map that much%s%s%s)\n", failed, fitted ? "4 x the trace's peak live payload (at least 1 MiB)" : "-H",
                size_arg_text(heap_bytes / 2, half, sizeof half), doubles ? "; \"-H " : "",
                doubles ? size_arg_text(heap_bytes * 2, twice, sizeof twice) : "",
                doubles ? "\", twice, if it needs more to start" : "");
}

/* Replays t from a fresh heap; 0 clean, -1 after a failure report (verify-one-trace.h). */
int verify(struct verifier *v, size_t heap_bytes, int fitted)
{
    int rc = 0;
    verifying = v->path;
    v->heap_bytes = heap_bytes;
    if (!(v->heap = v->a->create(heap_bytes))) {
        create_refused(v, heap_bytes, fitted, errno);
        verifying = NULL;
        return -1;
    }
    char past[256];
    if (peak_past_ram(v, past, sizeof past)) /* before a replay the kernel may kill */
        fprintf(stderr, "verify-traces: warning: %s: %s: the replay may be killed for want of memory; replay a shorter "
                "trace, or on a bigger machine\n", NAME_SHOWN(v->path), past);
    running = v;
    fuzz_findings_reset(), fuzz_findings_track(&v->cur); /* a recovered report fails the trace (verify_file) */
    if (v->progress_every > 0 && progress_start(v->path, v->t->n_ops, v->t->lines, v->progress_every) != 0)
        fprintf(stderr, "verify-traces: %s: no progress lines: timer_create or timer_settime failed (%s); the "
                "replay runs on without them (-p 0 asks for none)\n", NAME_SHOWN(v->path), strerror(errno));
    for (v->cur = 0; rc == 0 && v->cur < v->t->n_ops; v->cur++) {
        progress_op(v->cur);
        rc = run_op(v, &v->t->ops[v->cur]);
        if (rc == 0 && check_due(v)) {
            rc = check_all(v);
            v->checked_at = v->cur + 1;
        }
    }
    if (rc == 0 && v->t->n_ops > 0) { /* the end state, reported against the last op */
        v->cur = v->t->n_ops - 1;
        rc = check_all(v);
    }
    progress_stop();
    running = NULL;
    /* Blocks live at the end (the trace leaves them), found through the ops:
     * a walk over every id would touch tables a header may declare far
     * larger than the trace uses. */
    for (size_t i = 0; rc == 0 && i < v->t->n_ops; i++) {
        struct fuzz_block *b = &v->ix.blocks[v->t->ops[i].id];
        if (b->ptr)
            fuzz_adapter_free(v->a, v->heap, b->ptr, b->requested, b->asked);
        b->ptr = NULL;
    }
    v->a->destroy(v->heap);
    verifying = NULL, fuzz_findings_track(NULL);
    return rc;
}

void verify_watch_process(void)
{
    fuzz_on_crash(crash_context);
    atexit(exit_mid_trace);
}
