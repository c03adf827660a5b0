/*
 * trace.c - the text trace format: printing ops, parsing lines (trace-file.c
 * loads and writes files).
 */
#include "trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/text-input.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

/* ---- printing ---- */

/* Op heap's text: a part that is 0 is left out. */
static void heap_text(unsigned arg, char *out, size_t len)
{
    unsigned cut = arg & FUZZ_HEAP_CUT_MAX, lead = arg >> FUZZ_HEAP_LEAD_SHIFT;
    if (cut && lead)
        snprintf(out, len, "-%u +%u", cut, lead);
    else if (cut)
        snprintf(out, len, "-%u", cut);
    else
        snprintf(out, len, "+%u", lead);
}

static void huge_text(uint16_t arg, char *out, size_t len)
{
    int d = (int)arg - (int)FUZZ_HUGE_4G_ZERO;
    if (fuzz_huge_near_4g(arg))
        snprintf(out, len, d ? "4g%+d" : "4g", d);
    else
        snprintf(out, len, "%s%u", (arg & 0x8000u) ? "half+" : "max-", (unsigned)(arg & 0x7fffu));
}

/* double-free's MODE: at once is written as nothing. */
static void double_free_text(uint16_t arg, char *out, size_t len)
{
    enum fuzz_double_free_mode mode = fuzz_double_free_mode(arg);
    if (mode == FUZZ_DOUBLE_FREE_BETWEEN)
        snprintf(out, len, "between %u", fuzz_double_free_between(arg));
    else
        snprintf(out, len, "%s", mode == FUZZ_DOUBLE_FREE_TRIM ? "trim" : "");
}

static void arg_text(const struct fuzz_op *op, char *out, size_t len)
{
    size_t n, size;
    switch (fuzz_op_info(op->kind)->arg) {
    case FUZZ_ARG_NONE: out[0] = '\0'; break;
    case FUZZ_ARG_SIZE: fuzz_size_text(op->arg, out, len); break;
    case FUZZ_ARG_CALLOC:
        snprintf(out, len, "%zu %zu", fuzz_calloc_n(op->arg), fuzz_calloc_size(op->arg));
        break;
    case FUZZ_ARG_ALIGNED:
        snprintf(out, len, "%zu %zu", fuzz_aligned_alignment(op->arg), fuzz_aligned_size(op->arg));
        break;
    case FUZZ_ARG_ORDER:
        /* The default order is written as nothing. */
        snprintf(out, len, "%s", op->arg % FUZZ_ORDER_COUNT ? fuzz_order_names[op->arg % FUZZ_ORDER_COUNT] : "");
        break;
    case FUZZ_ARG_OFFSET: snprintf(out, len, "%u", (unsigned)op->arg); break;
    case FUZZ_ARG_MISALIGN:
        snprintf(out, len, "%c%u", (op->arg & 0x8000u) ? '-' : '+', (unsigned)(op->arg & 0x7fffu) + 1);
        break;
    case FUZZ_ARG_FOREIGN: snprintf(out, len, "%s", fuzz_foreign_names[op->arg % FUZZ_FOREIGN_COUNT]); break;
    case FUZZ_ARG_CHECK: /* plain is written as nothing */
        snprintf(out, len, "%s",
                 op->arg % FUZZ_CHECK_MODE_COUNT ? fuzz_check_mode_names[op->arg % FUZZ_CHECK_MODE_COUNT] : "");
        break;
    case FUZZ_ARG_RELEASE: /* all is written as nothing */
        snprintf(out, len, "%s", op->arg % FUZZ_RELEASE_COUNT ? fuzz_release_names[op->arg % FUZZ_RELEASE_COUNT] : "");
        break;
    case FUZZ_ARG_HEAP: heap_text(op->arg, out, len); break;
    case FUZZ_ARG_DOUBLE_FREE: double_free_text(op->arg, out, len); break;
    case FUZZ_ARG_HUGE: huge_text(op->arg, out, len); break;
    case FUZZ_ARG_OVERFLOW:
        fuzz_overflow_pair(op->arg, &n, &size);
        snprintf(out, len, "%zu %zu", n, size);
        break;
    }
}

void fuzz_op_text(const struct fuzz_op *op, char *out, size_t out_len)
{
    const struct fuzz_op_info *info = fuzz_op_info(op->kind);
    char slot[8] = "", arg[64];
    if (info->has_slot || info->has_count)
        snprintf(slot, sizeof slot, " %u", (unsigned)op->slot + (info->has_count ? 1 : 0));
    arg_text(op, arg, sizeof arg);
    snprintf(out, out_len, "%s%s%s%s", info->name, slot, arg[0] ? " " : "", arg);
}

/* ---- parsing ---- */

#define MAX_TOKENS 8

struct line_ctx {
    const char *name;
    size_t line;
    char *err;
    size_t err_len;
    enum fuzz_text_use use;
};

static int fail(const struct line_ctx *lc, const char *fmt, ...)
{
    char msg[FUZZ_ERROR_MAX], shown[FUZZ_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    text_mark_cut(msg, sizeof msg, n);
    text_printable(msg, shown, sizeof shown);
    text_say(lc->err, lc->err_len, "%s:%zu: %s", lc->name, lc->line, shown);
    return -1;
}

static int parse_number(const char *s, size_t max, size_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_size_arg(const struct line_ctx *lc, const char *tok, uint16_t *arg)
{
    if (fuzz_size_parse(tok, arg) == 0)
        return 0;
    return fail(lc, "size '%s' cannot be encoded; use 0..16383, a multiple of 4 up to 65532, a boundary-table value, "
                    "or a symbol from fuzz/ops.h such as align+1 or largest_free", tok);
}

static int parse_pair(const struct line_ctx *lc, char **t, size_t amax, size_t bmax,
                      const char *what, size_t *a, size_t *b)
{
    *a = *b = 0; /* set on a failure too: gcc -O3, inlining this, took the callers to read them unset */
    if (parse_number(t[0], amax, a) != 0 || parse_number(t[1], bmax, b) != 0)
        return fail(lc, "bad %s '%s %s'; use %s", what, t[0], t[1],
                    amax == 63 ? "N in 0..63 and SIZE in 0..1023, 4096 or 65536"
                               : "a power of two up to 32768 and SIZE in 0..3840, 3905..4095 or a multiple of 65536 "
                                 "up to 4194304");
    return 0;
}

static int parse_calloc(const struct line_ctx *lc, char **t, uint16_t *arg)
{
    size_t n, size;
    if (parse_pair(lc, t, 63, FUZZ_CALLOC_BIG, "calloc N SIZE", &n, &size) != 0)
        return -1;
    if ((size == FUZZ_CALLOC_PAGE || size == FUZZ_CALLOC_BIG) && n >= 2)
        size = size == FUZZ_CALLOC_PAGE ? 0 : 1; /* the codes of N pages, N big elements */
    else if (size > 1023)
        return fail(lc, "bad calloc N SIZE '%s %s'; use N in 0..63 and SIZE in 0..1023, or N in 2..63 and SIZE 4096 "
                        "or 65536", t[0], t[1]);
    else if (size == 0 && n >= 2)
        return fail(lc, "calloc %zu 0 has no code since encoding version 3 (it is calloc %zu 4096's); write "
                        "calloc S 1 0 for a calloc of zero bytes", n, n);
    else if (size == 1 && n >= 2)
        return fail(lc, "calloc %zu 1 has no code since encoding version 4 (it is calloc %zu 65536's); write "
                        "calloc S 1 %zu for the same %zu bytes", n, n, n, n);
    *arg = (uint16_t)(n << 10 | size);
    return 0;
}

static int parse_aligned(const struct line_ctx *lc, char **t, uint16_t *arg)
{
    size_t align, size, shift = 0;
    const size_t first = FUZZ_ALIGNED_BIG_FIRST, last = first + FUZZ_ALIGNED_BIG_COUNT - 1;
    if (parse_pair(lc, t, 32768, FUZZ_ALIGNED_BIG_COUNT * FUZZ_ALIGNED_BIG_UNIT, "aligned ALIGN SIZE", &align,
                   &size) != 0)
        return -1;
    while (shift < 16 && ((size_t)1 << shift) != align)
        shift++;
    if (shift == 16)
        return fail(lc, "alignment %zu is not a power of two; use 1, 2, 4, ... 32768", align);
    if (size > 4095 && size % FUZZ_ALIGNED_BIG_UNIT == 0)
        size = first - 1 + size / FUZZ_ALIGNED_BIG_UNIT; /* the code of a big size */
    else if (size > 4095)
        return fail(lc, "bad aligned ALIGN SIZE '%s %s'; use SIZE in 0..%zu, %zu..4095 or a multiple of %zu up to %zu",
                    t[0], t[1], first - 1, last + 1, FUZZ_ALIGNED_BIG_UNIT,
                    FUZZ_ALIGNED_BIG_COUNT * FUZZ_ALIGNED_BIG_UNIT);
    else if (size >= first && size <= last)
        return fail(lc, "aligned %zu %zu has no code since encoding version 4 (it is aligned %zu %zu's); write "
                        "aligned S %zu %zu or %zu, the nearest sizes with a code", align, size, align,
                    (size - first + 1) * FUZZ_ALIGNED_BIG_UNIT, align, first - 1, last + 1);
    *arg = (uint16_t)(shift << 12 | size);
    return 0;
}

static int parse_name(const struct line_ctx *lc, const char *tok, const char *const *names,
                      unsigned count, const char *what, uint16_t *arg)
{
    for (unsigned i = 0; i < count; i++)
        if (strcmp(tok, names[i]) == 0) {
            *arg = (uint16_t)i;
            return 0;
        }
    char list[128] = "";
    for (unsigned i = 0; i < count; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? " " : "", names[i]);
    return fail(lc, "unknown %s '%s'; use one of: %s", what, tok, list);
}

static int parse_misalign(const struct line_ctx *lc, const char *tok, uint16_t *arg)
{
    size_t k;
    if ((tok[0] != '+' && tok[0] != '-') || parse_number(tok + 1, 32768, &k) != 0 || k == 0)
        return fail(lc, "bad misalignment '%s'; use +K or -K with K in 1..32768", tok);
    *arg = (uint16_t)((tok[0] == '-' ? 0x8000u : 0) | (k - 1));
    return 0;
}

static int parse_huge(const struct line_ctx *lc, const char *tok, uint16_t *arg)
{
    size_t n, below = FUZZ_HUGE_4G_ZERO - FUZZ_HUGE_4G_FIRST, above = 0x7fffu - FUZZ_HUGE_4G_ZERO;
    if (strncmp(tok, "max-", 4) == 0 && parse_number(tok + 4, 0x7fff, &n) == 0 && n >= FUZZ_HUGE_4G_FIRST)
        return fail(lc, "huge size '%s' has no code since version 10 (max-%u and up are sizes near 4 GiB); use "
                        "max-%u or less", tok, FUZZ_HUGE_4G_FIRST, FUZZ_HUGE_4G_FIRST - 1);
    if (strncmp(tok, "max-", 4) == 0 && parse_number(tok + 4, 0x7fff, &n) == 0)
        *arg = (uint16_t)n;
    else if (strncmp(tok, "half+", 5) == 0 && parse_number(tok + 5, 0x7fff, &n) == 0)
        *arg = (uint16_t)(0x8000u | n);
    else if (strcmp(tok, "4g") == 0)
        *arg = (uint16_t)FUZZ_HUGE_4G_ZERO;
    else if (strncmp(tok, "4g-", 3) == 0 && parse_number(tok + 3, below, &n) == 0 && n)
        *arg = (uint16_t)(FUZZ_HUGE_4G_ZERO - n);
    else if (strncmp(tok, "4g+", 3) == 0 && parse_number(tok + 3, above, &n) == 0 && n)
        *arg = (uint16_t)(FUZZ_HUGE_4G_ZERO + n);
    else
        return fail(lc, "bad huge size '%s'; use max-N (N in 0..%u), half+N (N in 0..32767), 4g, 4g-D (D in 1..%zu) "
                        "or 4g+D (D in 1..%zu)", tok, FUZZ_HUGE_4G_FIRST - 1, below, above);
    return 0;
}

/* A decimal that strtoull takes but this build's size_t cannot hold: an
 * overflowing pair written where size_t is 64 bits, read where it is 32. */
static int wider_than_size_t(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    return *s >= '0' && *s <= '9' && !errno && !*end && v > SIZE_MAX;
}

static int parse_overflow(const struct line_ctx *lc, char **t, uint16_t *arg)
{
    size_t n, size;
    for (int i = 0; i < 2; i++)
        if (wider_than_size_t(t[i]))
            return fail(lc, "'%s' does not fit this build's %zu-bit size_t (SIZE_MAX %zu): the trace was written "
                            "for a wider size_t; replay it there, or write a pair just past this SIZE_MAX such as "
                            "'%zu 2'", t[i], sizeof(size_t) * 8, (size_t)SIZE_MAX, (size_t)SIZE_MAX / 2 + 1);
    if (parse_number(t[0], SIZE_MAX, &n) != 0 || parse_number(t[1], SIZE_MAX, &size) != 0 ||
        fuzz_overflow_code(n, size, arg) != 0)
        return fail(lc, "'%s %s' is no encodable overflowing pair; use N*SIZE just past SIZE_MAX "
                        "with the smaller factor in 2..4097 (see ops.h)", t[0], t[1]);
    return 0;
}

static size_t arg_token_count(enum fuzz_arg_kind kind)
{
    switch (kind) {
    case FUZZ_ARG_NONE: return 0;
    case FUZZ_ARG_CALLOC:
    case FUZZ_ARG_ALIGNED:
    case FUZZ_ARG_OVERFLOW: return 2;
    default: return 1;
    }
}

static int parse_arg(const struct line_ctx *lc, enum fuzz_arg_kind kind, char **t, uint16_t *arg)
{
    size_t v;
    switch (kind) {
    case FUZZ_ARG_NONE: *arg = 0; return 0;
    case FUZZ_ARG_SIZE: return parse_size_arg(lc, t[0], arg);
    case FUZZ_ARG_CALLOC: return parse_calloc(lc, t, arg);
    case FUZZ_ARG_ALIGNED: return parse_aligned(lc, t, arg);
    case FUZZ_ARG_ORDER: return parse_name(lc, t[0], fuzz_order_names, FUZZ_ORDER_COUNT, "free-all order", arg);
    case FUZZ_ARG_OFFSET:
        if (parse_number(t[0], 0xffff, &v) != 0)
            return fail(lc, "bad offset '%s'; use 0..65535", t[0]);
        *arg = (uint16_t)v;
        return 0;
    case FUZZ_ARG_MISALIGN: return parse_misalign(lc, t[0], arg);
    case FUZZ_ARG_FOREIGN: return parse_name(lc, t[0], fuzz_foreign_names, FUZZ_FOREIGN_COUNT, "foreign pointer", arg);
    case FUZZ_ARG_HUGE: return parse_huge(lc, t[0], arg);
    case FUZZ_ARG_OVERFLOW: return parse_overflow(lc, t, arg);
    case FUZZ_ARG_CHECK: return parse_name(lc, t[0], fuzz_check_mode_names, FUZZ_CHECK_MODE_COUNT, "check mode", arg);
    case FUZZ_ARG_RELEASE: return parse_name(lc, t[0], fuzz_release_names, FUZZ_RELEASE_COUNT, "release order", arg);
    case FUZZ_ARG_HEAP: /* parse_heap: one token or two */
    case FUZZ_ARG_DOUBLE_FREE: return -1; /* parse_double_free: none, one or two */
    }
    return -1;
}

/* Op heap's -CUT, +LEAD or both, in that order (fuzz/ops.h, op 19): t[0..n). */
static int parse_heap(const struct line_ctx *lc, char **t, size_t n, uint16_t *arg)
{
    size_t cut = 0, lead = 0;
    if (n == 0 || n > 2 || (n == 2 && (t[0][0] != '-' || t[1][0] != '+')))
        return fail(lc, "'heap' takes -CUT, +LEAD or both, -CUT first (see fuzz/ops.h); got %zu argument%s", n,
                    hl_plural_s(n));
    for (size_t i = 0; i < n; i++) {
        if (t[i][0] == '-' && (parse_number(t[i] + 1, FUZZ_HEAP_CUT_MAX, &cut) != 0 || cut == 0))
            return fail(lc, "bad heap cut '%s'; write -1 .. -%u (bytes off the heap create() is given)", t[i],
                        FUZZ_HEAP_CUT_MAX);
        if (t[i][0] == '+' && (parse_number(t[i] + 1, FUZZ_HEAP_LEAD_MAX, &lead) != 0 || lead == 0))
            return fail(lc, "bad heap lead '%s'; write +1 .. +%u (bytes past a page where the buffer given to "
                            "create_in starts)", t[i], FUZZ_HEAP_LEAD_MAX);
        if (t[i][0] != '-' && t[i][0] != '+')
            return fail(lc, "bad heap argument '%s'; write -CUT (-1 .. -%u), +LEAD (+1 .. +%u) or both", t[i],
                        FUZZ_HEAP_CUT_MAX, FUZZ_HEAP_LEAD_MAX);
    }
    *arg = (uint16_t)(cut | lead << FUZZ_HEAP_LEAD_SHIFT);
    return 0;
}

static int find_op(const char *name)
{
    for (unsigned k = 0; k < FUZZ_OP_COUNT; k++)
        if (strcmp(name, fuzz_op_info(k)->name) == 0)
            return (int)k;
    return -1;
}

static int parse_slot(const struct line_ctx *lc, const char *tok, uint8_t *slot)
{
    size_t v;
    if (tok == NULL || parse_number(tok, FUZZ_SLOTS - 1, &v) != 0)
        return fail(lc, "bad or missing slot '%s'; use a slot number in 0..%d", tok ? tok : "", FUZZ_SLOTS - 1);
    *slot = (uint8_t)v;
    return 0;
}

/* hold's COUNT, kept in the slot byte as COUNT - 1. */
static int parse_count(const struct line_ctx *lc, const char *tok, uint8_t *slot)
{
    size_t v;
    if (tok == NULL || parse_number(tok, FUZZ_HOLD_COUNT_MAX, &v) != 0 || v == 0)
        return fail(lc, "bad or missing count '%s'; use a block count in 1..%d", tok ? tok : "",
                    FUZZ_HOLD_COUNT_MAX);
    *slot = (uint8_t)(v - 1);
    return 0;
}

/* double-free's MODE (fuzz/ops.h, op 10): nothing, plain or trim (a check
 * mode's names, as before version 9), or between B: t[0..n). */
static int parse_double_free(const struct line_ctx *lc, char **t, size_t n, uint16_t *arg)
{
    uint8_t between = 0;
    if (n == 0) {
        *arg = 0;
        return 0;
    }
    for (unsigned i = 0; n == 1 && i < FUZZ_CHECK_MODE_COUNT; i++)
        if (strcmp(t[0], fuzz_check_mode_names[i]) == 0) {
            *arg = (uint16_t)i;
            return 0;
        }
    if (n != 2 || strcmp(t[0], "between") != 0)
        return fail(lc, "bad double-free mode '%s'%s; write plain, trim or 'between B' (B another slot, freed "
                        "between the two frees)", t[0], n == 2 ? " with an argument" : n == 1 && strcmp(t[0], "between") == 0 ? " without its B" : "");
    if (parse_slot(lc, t[1], &between) != 0)
        return -1;
    *arg = fuzz_double_free_between_code(between);
    return 0;
}

/* Parses tokens t[0..n) of one op line. */
static int parse_op(const struct line_ctx *lc, char **t, size_t n, struct fuzz_op *op)
{
    int kind = find_op(t[0]);
    if (kind < 0)
        return fail(lc, "unknown op '%s'; use one of malloc calloc realloc aligned free refill verify "
                        "verify-all check free-all double-free free-interior free-misaligned "
                        "free-foreign huge-malloc calloc-overflow huge-realloc hold release heap", t[0]);
    const struct fuzz_op_info *info = fuzz_op_info((unsigned)kind);
    size_t first_arg = info->has_slot || info->has_count ? 2 : 1, want = arg_token_count(info->arg);
    op->kind = (uint8_t)kind;
    op->slot = 0;
    if (info->has_slot && parse_slot(lc, n > 1 ? t[1] : NULL, &op->slot) != 0)
        return -1;
    if (info->has_count && parse_count(lc, n > 1 ? t[1] : NULL, &op->slot) != 0)
        return -1;
    if (info->arg == FUZZ_ARG_HEAP)
        return parse_heap(lc, t + first_arg, n - first_arg, &op->arg);
    if (info->arg == FUZZ_ARG_DOUBLE_FREE)
        return parse_double_free(lc, t + first_arg, n - first_arg, &op->arg);
    if ((info->arg == FUZZ_ARG_ORDER || info->arg == FUZZ_ARG_CHECK || info->arg == FUZZ_ARG_RELEASE) &&
        n == first_arg) {
        op->arg = 0; /* the optional argument's default: FUZZ_ORDER_SLOTS, FUZZ_CHECK_PLAIN, FUZZ_RELEASE_ALL */
        return 0;
    }
    if (n != first_arg + want)
        return fail(lc, "'%s' takes %zu argument%s after the op name, got %zu (see fuzz/ops.h)",
                    t[0], first_arg - 1 + want, hl_plural_s(first_arg - 1 + want), n - 1);
    return parse_arg(lc, info->arg, t + first_arg, &op->arg);
}

/* Splits a line in place at whitespace, stopping at '#'. */
static size_t tokenize(char *line, char **t)
{
    size_t n = 0;
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *save = NULL;
    /* Counts every token but keeps the first MAX_TOKENS: a long line is an
     * argument-count error, never an overflow. */
    for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save), n++)
        if (n < MAX_TOKENS)
            t[n] = tok;
    return n;
}

static int parse_version(const struct line_ctx *lc, char **t, size_t n)
{
    size_t v;
    if (n != 2 || parse_number(t[1], 1000, &v) != 0)
        return fail(lc, "bad version line; write 'version %d'", FUZZ_ENCODING_VERSION);
    if (v < FUZZ_TEXT_MIN_VERSION || v > FUZZ_ENCODING_VERSION)
        return fail(lc, "trace is version %zu but this build reads versions %d to %d; convert it or "
                        "use a matching build", v, FUZZ_TEXT_MIN_VERSION, FUZZ_ENCODING_VERSION);
    return 0;
}

/* 1 when op may stand in a text of lc->use's: a threaded run reads a
 * hand-over's slot alone, so 'double-free 2 between 5' would run as
 * 'give 2', 'between 5' dropped unsaid; else -1, naming the op to write. */
static int fits_use(const struct line_ctx *lc, struct fuzz_op op)
{
    char was[FUZZ_OP_TEXT_MAX], fix[FUZZ_OP_TEXT_MAX];
    const char *hand = fuzz_thread_kind_name(op.kind);
    if (lc->use != FUZZ_TEXT_THREADED || !hand || op.arg == 0)
        return 1;
    fuzz_op_text(&op, was, sizeof was);
    op.arg = 0;
    fuzz_op_text(&op, fix, sizeof fix);
    return fail(lc, "'%s' is a %s of slot %u in a threaded run, which reads the slot alone: its argument would be "
                    "ignored; write '%s' (fuzz/THREADS.md)", was, hand, (unsigned)op.slot, fix);
}

/* One line: 0 nothing, 1 an op, -1 error. `*seen_version` tracks the header. */
static int parse_line(const struct line_ctx *lc, char *line, int *seen_version, struct fuzz_op *op)
{
    char *t[MAX_TOKENS], invisible[FUZZ_ERROR_MAX];
    size_t len = text_line_len(line, strlen(line));
    const char *fault = text_line_fault(line, line + len);
    if (fault)
        return fail(lc, "%s", fault);
    line[len] = '\0'; /* the CR of a CR-LF end */
    int hidden = text_invisible_fault(line, line + len, invisible, sizeof invisible); /* before tokenize cuts it */
    size_t n = tokenize(line, t);
    /* replay's verdict ("replay: NAME: ok (8 ops)", "...: FAILED: ..."), which
     * replay -v prints under the trace it printed: read as a comment is, so
     * that output replays as printed (it was "unknown op 'replay:'"). */
    if (n == 0 || strcmp(t[0], "replay:") == 0)
        return 0;
    if (hidden) /* no op's word holds one ("replay:"'s name may) */
        return fail(lc, "%s", invisible);
    if (strcmp(t[0], "version") == 0) {
        if (*seen_version)
            return fail(lc, "second 'version' line; keep only the first");
        *seen_version = 1;
        return parse_version(lc, t, n) == 0 ? 0 : -1;
    }
    if (!*seen_version)
        return fail(lc, "'%s' before the 'version %d' header; add that line first", t[0], FUZZ_ENCODING_VERSION);
    return parse_op(lc, t, n, op) == 0 ? fits_use(lc, *op) : -1;
}

/* The size bytes at text (then a NUL), line by line into prog; the caller
 * refused any byte no text file has (refuse_binary), a NUL among them. */
static int parse_lines(struct line_ctx *lc, char *text, size_t size, struct fuzz_program *prog, int *seen_version)
{
    const char *end = text + size;
    int rc = 0;
    for (char *line = text, *next; line && rc >= 0; line = next) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        lc->line++;
        rc = parse_line(lc, line, seen_version, &prog->ops[prog->count]);
        if (rc == 1 && prog->count > 0 && prog->ops[prog->count].kind == FUZZ_OP_HEAP)
            rc = fail(lc, "'heap' after another op; the heap is chosen before create: make it the first op");
        prog->count += rc == 1;
    }
    return rc;
}

/* A byte no text file has (text-input.h), a NUL among them, refused before
 * any line is read: a binary input named .txt otherwise got whatever its
 * first line broke, and a NUL would end its line with the rest unread. */
static int refuse_binary(struct line_ctx *lc, const char *text, size_t size)
{
    size_t at = text_binary_at(text, size);
    if (at == size)
        return 0;
    lc->line = text_line_at(text, at);
    return fail(lc, "not a text trace (byte 0x%02x at offset %zu): a binary input must not be named .txt or "
                    "start with 'version'", (unsigned char)text[at], at);
}

int fuzz_program_from_text(const char *text, size_t size, const char *name, enum fuzz_text_use use,
                           struct fuzz_program *prog, char *err, size_t err_len)
{
    struct line_ctx lc = {name, 0, err, err_len, use};
    int seen_version = 0, rc = 0;
    size_t bom = text_bom_len(text, size);
    text += bom;
    size -= bom;
    if (refuse_binary(&lc, text, size)) {
        prog->ops = NULL;
        prog->count = 0;
        return -1;
    }
    char *copy = malloc(size + 1);
    prog->ops = malloc((size / 2 + 1) * sizeof *prog->ops); /* an op line has >= 2 bytes */
    prog->count = 0;
    if (!copy || !prog->ops) {
        free(copy);
        fuzz_program_free(prog);
        return fail(&lc, "out of memory reading the trace");
    }
    memcpy(copy, text, size);
    copy[size] = '\0';
    rc = parse_lines(&lc, copy, size, prog, &seen_version);
    free(copy);
    if (rc >= 0 && !seen_version)
        rc = fail(&lc, "no 'version %d' header; a text trace starts with it", FUZZ_ENCODING_VERSION);
    if (rc < 0)
        fuzz_program_free(prog);
    return rc < 0 ? -1 : 0;
}
