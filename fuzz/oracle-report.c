/*
 * oracle-report.c - the one-screen report every oracle (oracles.c,
 * oracle-place.c, oracle-calls.c, oracle-counts.c) prints before it aborts: where it fired,
 * what it saw, the blocks, the last ops, the allocator's own check and the
 * replay command.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "oracle-report.h"

const char *fuzz_block_origin(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    out[0] = '\0';
    if (b->made_by && b->made_by != c->thread)
        snprintf(out, len, "  (allocated by thread %d in its op #%zu, given to thread %d)", b->made_by - 1,
                 b->made_at, c->thread - 1);
    return out;
}

static void print_block(const char *label, const struct fuzz_ctx *c, int slot)
{
    char origin[96], name[FUZZ_KEY_NAME_MAX];
    if (slot < 0)
        return;
    const struct fuzz_block *b = &c->slot[slot];
    char usable[192];
    /* The pointer is judged before usable_size is asked (exec.c, judge_pointer). */
    if (c->usable_unasked == slot + 1 && c->a->usable_size && c->opt.usable)
        snprintf(usable, sizeof usable, "usable not asked (the pointer is judged first)");
    else if (b->usable > SIZE_MAX / 2) /* read as a bound or a length it hid what it is */
        snprintf(usable, sizeof usable, "usable %zu (that is -%zu: usable_size() subtracted below zero, likely a "
                 "header's size less the header read where this block has no header)", b->usable, 0 - b->usable);
    else
        snprintf(usable, sizeof usable, "usable %zu", b->usable);
    fprintf(stderr, "  %-6s %-7s %p  requested %zu  %s%s%s\n", label, fuzz_key_name(slot, name, sizeof name),
            (void *)b->ptr, b->requested, usable, b->ptr ? "" : "  (slot empty: block freed)",
            fuzz_block_origin(c, b, origin, sizeof origin));
}

void fuzz_describe_op(const struct fuzz_ctx *c, size_t i, char *out, size_t len)
{
    char text[FUZZ_OP_TEXT_MAX], size_note[40] = "";
    const char *not_run = fuzz_op_not_run_in(c, i), *handing = fuzz_thread_op_name(c, c->ops[i].kind);
    size_t size = c->resolved[i % FUZZ_HISTORY];
    if (handing) { /* a threaded run's hand-over, not the bad op of that code */
        snprintf(text, sizeof text, "%s %u", handing, c->ops[i].slot);
        not_run = NULL;
    } else {
        fuzz_op_text(&c->ops[i], text, sizeof text);
    }
    if (size < FUZZ_ZERO_NOT_RUN)
        snprintf(size_note, sizeof size_note, "  (= %zu bytes)", size);
    snprintf(out, len, "%s%s%s%s%s%s", text, size_note, not_run ? "  (" : "", not_run ? not_run : "",
             not_run ? ")" : "", c->refused[i % FUZZ_HISTORY] && i <= c->cur ? "  (returned NULL)" : "");
}

static void print_op(const struct fuzz_ctx *c, size_t i, const char *mark)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    fuzz_describe_op(c, i, text, sizeof text);
    fprintf(stderr, "  %s #%-5zu %s\n", mark, i, text);
}

static void print_where(const struct fuzz_ctx *c, const char *oracle)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    if (c->phase && c->cur == 0) {
        fprintf(stderr, "halloc-fuzz: ORACLE %s fired in %s (before any op; the input has %zu)\n", oracle,
                c->phase, c->nops);
        return;
    }
    if (c->phase) {
        fprintf(stderr, "halloc-fuzz: ORACLE %s fired in %s (after op #%zu of %zu)\n", oracle, c->phase,
                c->cur - 1, c->nops);
        return;
    }
    fuzz_describe_op(c, c->cur, text, sizeof text);
    fprintf(stderr, "halloc-fuzz: ORACLE %s fired at op #%zu: %s%s\n", oracle, c->cur, text, fuzz_op_note(c));
}

static void print_history(const struct fuzz_ctx *c)
{
    size_t end = c->phase ? c->cur : c->cur + 1;
    size_t start = end > FUZZ_HISTORY ? end - FUZZ_HISTORY : 0;
    if (end == 0)
        return;
    fprintf(stderr, "  last ops (oldest first):\n");
    for (size_t i = start; i < end; i++)
        print_op(c, i, i == c->cur ? ">" : " ");
}

/* The allocator's own verdict on the heap, beside what the oracle saw: not
 * run again when it is what fired (a checker that prints its own diagnosis,
 * as a lab's mm_checkheap does, would print it twice), nor when it is off.
 * 1 if it failed (MSG its message), 0 if it passed, -1 if not run. */
static int run_checker(const struct fuzz_ctx *c, const char *oracle, char *msg, size_t len)
{
    if (strcmp(oracle, "checker_failed") == 0 || !c->opt.checker || !c->a->check || !c->heap)
        return -1;
    fflush(stderr); /* the report is out even if a damaged heap crashes the checker */
    return c->a->check(c->heap, msg, len) ? 1 : 0;
}

/* VERDICT: run_checker's, for this report. */
static void print_checker(const struct fuzz_ctx *c, const char *oracle, int verdict, const char *msg)
{
    if (verdict >= 0)
        fprintf(stderr, "  allocator check: %s%s\n", verdict ? "FAILED: " : "passed", verdict ? msg : "");
    else if (strcmp(oracle, "checker_failed") == 0)
        return;
    else if (!c->opt.checker)
        fprintf(stderr, "  allocator check: off (HALLOC_FUZZ_ALLOCATOR_CHECK=off, or built without it)\n");
    else if (!c->a->check)
        /* One row: it ends every report from such an adapter (it took 245 columns). */
        fprintf(stderr, "  allocator check: not available: the adapter gives no check() (fuzz/ADAPTERS.md; mm.c's "
                        "mm_checkheap: MM_API=checked)\n");
    else /* left_mapped, judged once destroy() has run */
        fprintf(stderr, "  allocator check: not run: destroy() has released the heap\n");
}

/* A refusal on a heap the allocator's own check finds broken comes from that
 * damage more likely than from a search or the stats, which its cause would
 * guess at otherwise (the checker's line ends the report), and so does an emptied
 * heap that fits less than a fresh one, more likely than a leak: so the
 * checker runs before the cause for spurious_oom and not_pristine. */
static int checker_before_cause(const char *oracle)
{
    return strcmp(oracle, "spurious_oom") == 0 || strcmp(oracle, "not_pristine") == 0;
}

/* The damage the allocator's own check met on the heap, as the cause: HOW
 * it met it ("finds on": its FAILED line ends the report; "crashed on in":
 * the crash's context says so). Where the check passed inside
 * fuzz_check_pristine, after the frees (and after the harness's malloc(1)
 * and free), only the harness's requests that measure what fits ran since:
 * each a block carved from the emptied heap's free chunk, then freed. */
static void print_damage_cause(const struct fuzz_ctx *c, const char *oracle, const char *how)
{
    const char *where = strcmp(how, "finds on") == 0 ? " (its FAILED line below)" : " (run for this report)";
    if (strcmp(oracle, "not_pristine") != 0)
        fprintf(stderr, "  cause: likely the damage the allocator's own check %s this heap%s, not the search or the stats: "
                        "a broken list or header makes a request that fits fail; this op broke it, or one "
                        "since the check last passed (make replay checks after every op)\n", how, where);
    else if (c->pristine_passed)
        fprintf(stderr, "  cause: likely the damage the allocator's own check %s the emptied heap%s, not a leak: "
                        "it passed on the heap the frees left%s, so the harness's requests since broke it, each carved "
                        "from the emptied heap's free chunk (a split, unless it took it all) and freed: a header, "
                        "footer or list link a split left wrong\n", how, where,
                c->pristine_passed == FUZZ_PRISTINE_CHECK_AFTER_SMALL ? " and after the harness's malloc(1) and its free" : "");
    else
        fprintf(stderr, "  cause: likely the damage the allocator's own check %s the emptied heap%s, not a leak: "
                        "the frees, or the harness's requests after them (each carved from the emptied heap's free "
                        "chunk, then freed), left a header, footer or list link wrong\n", how, where);
}

/* VERDICT: run_checker's, run before the cause only where
 * checker_before_cause says so (-1 elsewhere); MSG its message. */
static int cause_from_checker(const struct fuzz_ctx *c, const char *oracle, int verdict, const char *msg)
{
    if (verdict != 1)
        return 0;
    print_damage_cause(c, oracle, "finds on");
    fuzz_print_checker_cause(msg, NULL);
    return 1;
}

/* checker_failed's cause, read from the checker's message in WHAT, naming
 * the op that broke the heap where only one can have: the check passed right
 * before it (a replay checks after every op). */
static void print_checker_failed_cause(const struct fuzz_ctx *c, const char *what)
{
    const char *message = strstr(what, FUZZ_CHECK_FAILED);
    char text[FUZZ_OP_TEXT_MAX], op[FUZZ_OP_TEXT_MAX + 32];
    int one_op = !c->phase && c->cur < c->nops && c->checked_clean && c->clean_before == c->cur;
    if (one_op) {
        fuzz_op_text(&c->ops[c->cur], text, sizeof text);
        snprintf(op, sizeof op, "op #%zu (%s)", c->cur, text);
    }
    fuzz_print_checker_cause(message ? message + strlen(FUZZ_CHECK_FAILED) : what, one_op ? op : NULL);
}

/* The report whose check, run before its cause, is under way: a check that
 * crashes on the damaged heap cut that report off after its what line
 * (a not_pristine report), so the crash's context names the oracle, its what
 * and the damage as the cause (fuzz_print_report_check_crashed). */
static struct { const char *oracle, *what; } checking;

void fuzz_print_report_check_crashed(const struct fuzz_ctx *c)
{
    if (!checking.oracle)
        return;
    fprintf(stderr, "  the harness was reporting ORACLE %s (what: %s) and running the adapter's check() for its "
                    "cause when this happened\n", checking.oracle, checking.what);
    print_damage_cause(c, checking.oracle, "crashed on in");
}

/* Past the first FUZZ_FULL_CHECK_OPS ops the checker runs after every
 * FUZZ_CHECK_EVERY-th op (and a replay after every op): what it finds
 * broken may come from any op since it last passed. */
static void print_check_window(const struct fuzz_ctx *c)
{
    size_t last = c->phase ? c->nops : c->cur; /* ops #clean_before..#last-1 (and #cur) went unchecked */
    if (!c->checked_clean || c->clean_before >= last)
        return;
    fprintf(stderr, "  since: the check passed after op #%zu, so any of ops #%zu..#%zu%s may have done it (past op "
                    "#%d it runs after every %dth op; make replay runs it after every op and stops at the first)\n",
            c->clean_before - 1, c->clean_before, c->phase ? last - 1 : last,
            c->phase ? " or the final free-all" : "", FUZZ_FULL_CHECK_OPS - 1, FUZZ_CHECK_EVERY);
}

/* Off a replay every block is verified only every FUZZ_VERIFY_EVERY ops (and
 * at its free, realloc or verify): damage found came from any op since the
 * last pass over them all, which a replay, verifying after each, names. */
static void print_verify_window(const struct fuzz_ctx *c)
{
    size_t last = c->phase ? c->nops : c->cur;
    if (c->opt.every_op || !c->intact_before || c->intact_before >= last)
        return;
    fprintf(stderr, "  since: every live block was verified intact after op #%zu, so any of ops #%zu..#%zu%s may have "
                    "written it (off a replay every block is verified once every %d ops; make replay verifies them "
                    "after each op and stops at the first)\n", c->intact_before - 1, c->intact_before,
            c->phase ? last - 1 : last, c->phase ? " or the final free-all" : "", FUZZ_VERIFY_EVERY);
}

/* The adapter's own line on why the request that just failed was refused,
 * kept by fuzz_note_refusal for the report's "what". */
static const char *refusal;

void fuzz_note_refusal(const struct fuzz_ctx *c)
{
    fuzz_oracle_reports();
    refusal = c->a->why_refused && c->heap ? c->a->why_refused(c->heap) : NULL;
}

/* The next report's cause, which its oracle picked from the facts it has
 * (fuzz_note_cause), in place of the rows cause-table.c keys on "what". */
static const char *noted_cause;

void fuzz_note_cause(const char *cause)
{
    fuzz_oracle_reports(); /* the one thread that reports writes it: another one waits there for good */
    noted_cause = cause;
}

/* After a free-all the harness itself asks for the largest block a fresh
 * heap took, and frees it (FUZZ_PRISTINE_AFTER_FREE_ALL): a check that fails
 * after that may have been broken by those two calls, not by the frees, and
 * without this line the report names only the frees (a free that mislaid a
 * block's size, met only by the probe's big block). */
void fuzz_print_pristine_probed(const struct fuzz_ctx *c)
{
    if (c->pristine_checking == FUZZ_PRISTINE_CHECK_AFTER_SMALL)
        fprintf(stderr, "  after the frees, the harness was checking FUZZ_PRISTINE_AFTER_FREE_ALL on the emptied heap: "
                        "the check passed on the heap the frees left, then the harness made malloc(1) and freed it, "
                        "and this check after them failed, before its request of %zu bytes: likely that split or "
                        "merge broke the heap\n", c->pristine);
    else if (c->pristine_probed && !c->pristine_checking)
        fprintf(stderr, "  after the frees, the harness checked FUZZ_PRISTINE_AFTER_FREE_ALL on the emptied heap: "
                        "malloc(%zu) and free of it%s; a failure the frees did not show may come from those "
                        "calls\n", c->pristine_probed, c->pristine_small ? ", and malloc(1) and free of it" : "");
}

void fuzz_report(const struct fuzz_ctx *c, const char *oracle, int slot, int other, const char *fmt, ...)
{
    char what[2048]; /* a damage report names the damage, the block's history and a hint or two */
    va_list ap;
    fuzz_oracle_reports();
    const char *noted = noted_cause; /* this report's alone */
    noted_cause = NULL;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fuzz_recheck_record(c, oracle, what);
    print_where(c, oracle);
    if (c->thread)
        fuzz_print_thread_run(c->thread);
    fprintf(stderr, "  what:  %s\n", what);
    if (refusal && *refusal)
        fprintf(stderr, "  the allocator says: %s\n", refusal);
    char check_msg[256] = "";
    int early = checker_before_cause(oracle);
    checking.oracle = early ? oracle : NULL;
    checking.what = what;
    int verdict = early ? run_checker(c, oracle, check_msg, sizeof check_msg) : -1;
    checking.oracle = NULL;
    if (!cause_from_checker(c, oracle, verdict, check_msg) &&
        !fuzz_print_junk_usable(slot >= 0 ? &c->slot[slot] : NULL, slot, "cause: likely")) {
        if (noted)
            fprintf(stderr, "  cause: likely %s\n", noted);
        else if (strcmp(oracle, "checker_failed") == 0)
            print_checker_failed_cause(c, what);
        else
            fuzz_print_cause(oracle, what);
    }
    fuzz_print_sized_free_cause(c, oracle);
    if (strcmp(oracle, "checker_failed") == 0)
        print_check_window(c);
    fuzz_recheck_print(c, oracle);
    if (strcmp(oracle, "pattern_corrupted") == 0)
        print_verify_window(c);
    print_block("block", c, slot);
    if (other >= 0) {
        print_block("other", c, other);
    } else if (slot >= 0 && c->slot[slot].ptr) {
        int prev, next;
        fuzz_index_neighbours(&c->index, (unsigned)slot, &prev, &next);
        print_block("prev", c, prev);
        print_block("next", c, next);
    }
    char call[FUZZ_HEAP_CALL_MAX];
    fuzz_heap_call_text(c, call, sizeof call);
    fprintf(stderr, "  heap:  adapter %s, %s%s, model: %zu live block%s, %zu usable bytes\n", c->a->name, call,
            fuzz_heap_note(c), c->index.live, hl_plural_s(c->index.live), c->index.in_use);
    print_history(c);
    fuzz_print_pristine_probed(c);
    if (!early) /* before the discard line, which needs its verdict: a crash in it prints that line itself */
        verdict = run_checker(c, oracle, check_msg, sizeof check_msg);
    /* Pages the allocator dropped during the ops listed read 0: records kept there broke too. */
    if (strcmp(oracle, "discard_live") != 0)
        fuzz_maps_print_discard(c, 1, slot, other, verdict == 1 || strcmp(oracle, "checker_failed") == 0);
    print_checker(c, oracle, verdict, check_msg);
    fuzz_print_reproduce(c);
    fuzz_oracle_aborts();
}
