/*
 * trace-lines.h - the lab format's words and lines, for bench/trace.c: the
 * field readers its parser shares, what a blank line is, and the header an
 * unfinished recorded trace never got, worked out from its lines.
 * Header-only (as text-input.h is), so no build rule gains a source file:
 * trace.c stays under the size a file may grow to. fuzz/parse-fuzz.c
 * includes it too, to count op lines by the parser's own "blank", and
 * fuzz/input-kind.h, to tell a lab trace by the parser's own readers.
 */
#ifndef BENCH_TRACE_LINES_H
#define BENCH_TRACE_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text-input.h"

/* A file of '#' comment and blank lines alone, as the lab readers say it:
 * one step, where "delete the line" led to "file ends after 0 header lines"
 * (bench) and a grep for them to an empty file (replay, trace-tool). */
#define LAB_ONLY_COMMENTS "only '#' comment and blank lines: no header and no operations, so no trace to replay"
/* A file of no byte, said as such: it read as a file of comments nobody
 * wrote. */
#define LAB_EMPTY "empty (0 bytes): no header and no operations, so no trace to replay"

/* A blank between fields: space and tab. With cr, a CR too: fuzz/input-kind.h
 * tells the formats apart so, since the parser refuses a CR inside a line
 * with a message naming it (text_line_fault), and a stray CR must not turn a
 * lab trace into a binary input that replays as "ok". */
static inline int is_blank_or_cr(char ch, int cr)
{
    return ch == ' ' || ch == '\t' || (cr && ch == '\r');
}

static inline int is_blank(char ch)
{
    return is_blank_or_cr(ch, 0);
}

/* The end of the decimal digits at s. */
static inline const char *skip_digits(const char *s, const char *end)
{
    while (s < end && *s >= '0' && *s <= '9')
        s++;
    return s;
}

/* Decimal digits only (no sign, no spaces): 0, -1 no digits, -2 overflow. */
static inline int parse_uint(const char **p, const char *end, size_t *out)
{
    const char *s = *p, *digits_end = skip_digits(s, end);
    size_t v = 0;
    if (s == digits_end)
        return -1;
    for (; s < digits_end; s++) {
        size_t d = (size_t)(*s - '0');
        if (v > (SIZE_MAX - d) / 10)
            return -2;
        v = v * 10 + d;
    }
    *p = s;
    *out = v;
    return 0;
}

/* Past the blanks at s (with cr, CRs too: is_blank_or_cr). */
static inline const char *skip_blanks_or_cr(const char *s, const char *end, int cr)
{
    while (s < end && is_blank_or_cr(*s, cr))
        s++;
    return s;
}

static inline const char *skip_blanks(const char *s, const char *end)
{
    return skip_blanks_or_cr(s, end, 0);
}

/* Quotes from a trace line in messages stop at QUOTE_MAX bytes (a
 * 10,000-character token makes no one-line message), and a cut one ends in
 * QUOTE_CUT: unmarked, a cut quote read as the whole token. */
#define QUOTE_MAX 40
#define QUOTE_CUT "..."

/* Length of the token at s, for quoting it in a message (at most QUOTE_MAX). */
static inline int token_len(const char *s, const char *end)
{
    const char *t = s;
    while (t < end && !is_blank(*t) && t - s < QUOTE_MAX)
        t++;
    return (int)(t - s);
}

/* QUOTE_CUT when the token at s runs past what token_len quotes, else "". */
static inline const char *token_more(const char *s, const char *end)
{
    const char *t = s + token_len(s, end);
    return t < end && !is_blank(*t) ? QUOTE_CUT : "";
}

/* The line [b, e) as quoted: its first QUOTE_MAX bytes, then line_more. */
static inline int line_quote_len(const char *b, const char *e) { return e - b > QUOTE_MAX ? QUOTE_MAX : (int)(e - b); }
static inline const char *line_more(const char *b, const char *e) { return e - b > QUOTE_MAX ? QUOTE_CUT : ""; }

/* The end of the line [b, e) (its LF cut off) without the CR of a CR-LF
 * end and trailing blanks: what the parser reads of it. */
static inline const char *line_trimmed_end(const char *b, const char *e)
{
    e = b + text_line_len(b, (size_t)(e - b));
    while (e > b && is_blank(e[-1]))
        e--;
    return e;
}

/* A blank line: spaces and tabs, and a CR-LF end. Any other byte (a VT, an
 * FF, a CR of a CR CR LF end) makes an op line, which the parser refuses
 * if it reads it (text_line_fault) and counts if it is past the ops. */
static inline int line_is_blank(const char *b, const char *e)
{
    return line_trimmed_end(b, e) == b;
}

/* b starts "a ", "f " or "r " (the blank as is_blank_or_cr takes it with cr). */
static inline int op_letter_at(const char *b, const char *e, int cr)
{
    return e - b >= 2 && (*b == 'a' || *b == 'f' || *b == 'r') && is_blank_or_cr(b[1], cr);
}

/* "a ...", "f ..." or "r ...": an operation line where a header line belongs. */
static inline int looks_like_op(const char *b, const char *e)
{
    return op_letter_at(skip_blanks(b, e), e, 0);
}

/* Allocation logs other tools write, which no reader here takes as a
 * trace: a refusal names the tool and what to do (trace-tool from-mtrace
 * converts glibc's; the preload recorder replaces the others). */
enum foreign_log { LOG_NONE, LOG_MTRACE, LOG_VALGRIND, LOG_LTRACE };

/* glibc's mtrace() log: "= Start", or a call ("+ 0xP 0xSIZE", "- 0xP",
 * "< 0xP", "> 0xP 0xSIZE", "! 0xP 0xSIZE", a failed malloc's "+ (nil) ...")
 * after an optional "@ caller[0xADDR] ". */
static inline int looks_like_mtrace(const char *b, const char *e)
{
    if (e - b >= 7 && memcmp(b, "= Start", 7) == 0)
        return 1;
    if (e - b >= 2 && b[0] == '@' && b[1] == ' ')
        for (const char *s = b; s + 1 < e; s++)
            if (s[0] == ']' && s[1] == ' ')
                b = s + 2;
    return e - b >= 4 && memchr("+-<>!", b[0], 5) && b[1] == ' ' &&
           ((b[2] == '0' && b[3] == 'x') || (e - b >= 7 && memcmp(b + 2, "(nil)", 5) == 0));
}

/* valgrind's "==PID== ..." and "--PID-- ..." (--trace-malloc=yes) lines. */
static inline int looks_like_valgrind(const char *b, const char *e)
{
    if (e - b < 5 || !((b[0] == '=' && b[1] == '=') || (b[0] == '-' && b[1] == '-')))
        return 0;
    const char *d = skip_digits(b + 2, e);
    return d > b + 2 && e - d >= 2 && d[0] == b[0] && d[1] == b[0];
}

/* ltrace's "malloc(16) = 0x..." lines, after an optional "[pid N] " and "lib->". */
static inline int looks_like_ltrace(const char *b, const char *e)
{
    static const char *const calls[] = {"malloc(", "calloc(", "realloc(", "free(", "reallocarray(", "memalign(",
                                        "aligned_alloc(", "posix_memalign("};
    if (e - b >= 5 && memcmp(b, "[pid ", 5) == 0) {
        b = skip_digits(b + 5, e);
        b = b < e && *b == ']' ? skip_blanks(b + 1, e) : e;
    }
    for (const char *s = b; s + 1 < e && *s != '('; s++)
        if (s[0] == '-' && s[1] == '>')
            b = s + 2;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if ((size_t)(e - b) > strlen(calls[i]) && memcmp(b, calls[i], strlen(calls[i])) == 0)
            return 1;
    return 0;
}

/* The harness's own text trace ("version N" first, fuzz/README.md): a fuzz
 * input, replayed by make replay, not a lab trace. */
static inline int looks_like_fuzz_text(const char *b, const char *e)
{
    if (e - b < 9 || memcmp(b, "version", 7) != 0 || (b[7] != ' ' && b[7] != '\t'))
        return 0;
    const char *d = skip_blanks(b + 7, e);
    return d < e && skip_digits(d, e) == e;
}

/* Which tool's log the line [b, e) (blanks around it cut) is from, if any. */
static inline enum foreign_log foreign_log_of(const char *b, const char *e)
{
    return looks_like_mtrace(b, e) ? LOG_MTRACE : looks_like_valgrind(b, e) ? LOG_VALGRIND :
           looks_like_ltrace(b, e) ? LOG_LTRACE : LOG_NONE;
}

static inline const char *foreign_log_name(enum foreign_log k)
{
    return k == LOG_MTRACE ? "glibc's mtrace() log (MALLOC_TRACE)" : k == LOG_VALGRIND ? "a valgrind log" :
                                                                     "an ltrace log";
}

/* What to do with a log from_mtrace does not convert, into out (len bytes). The shim is named in
 * this program's BUILD with the make command that builds it, as the converter is
 * (trace_tool_where): a reader of the message may have neither built, and a fixed
 * build/preload/ named another tree's shim under make BUILD=other. */
static inline const char *foreign_log_record(char *out, size_t len)
{
    char b[4096], shim[4096 + 64];
    this_build(b, sizeof b);
    snprintf(shim, sizeof shim, "%s/preload/libhalloc-preload.so", b);
    int other = strcmp(b, "build") != 0; /* make's default BUILD goes unnamed, as in trace_tool_where */
    text_say(out, len, "no converter here takes it: record the program with the preload shim instead (make %s%s%s"
             "preload, then HALLOC_PRELOAD_TRACE=t.%%p.rep LD_PRELOAD=%s PROGRAM; preload/README.md)",
             other ? "BUILD=" : "", other ? NAME_QUOTED(b) : "", other ? " " : "", NAME_QUOTED(shim));
    return out;
}

/* The end of a "-1" id field at s ("f -1" is free(NULL)), or NULL. */
static inline const char *free_null_at(const char *s, const char *e)
{
    const char *tok = skip_blanks(s, e);
    if (tok == s || e - tok < 2 || tok[0] != '-' || tok[1] != '1' || (tok + 2 < e && !is_blank(tok[2])))
        return NULL;
    return tok + 2;
}

/* An unfinished recorded trace (preload/record-file.c): a placeholder header,
 * then whole lines, each written after its call returned; the calls since
 * the last write are lost with the process. From [p, end), the lines after
 * the placeholder: values gets the header they imply (no heap size, ids up
 * to the largest used, each non-blank complete line an operation, weight
 * 1); *cut the start of a last line that lacks its newline (a write the
 * kill cut short: left out), else NULL, and *cut_after the newlines before it. */
static inline void trace_unfinished_values(const char *p, const char *end, size_t values[4], const char **cut,
                                           size_t *cut_after)
{
    size_t ids = 0, ops = 0, newlines = 0, id;
    *cut = NULL;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = skip_blanks(p, e);
        int blank = line_is_blank(p, e);
        if (!nl) {
            if (!blank)
                *cut = p;
            break;
        }
        newlines++;
        p = nl + 1;
        if (blank)
            continue;
        ops++;
        const char *f = skip_blanks(s + 1, e); /* "f -1" has no id to count */
        if ((*s == 'a' || *s == 'f' || *s == 'r') && f > s + 1 && parse_uint(&f, e, &id) == 0 && id >= ids)
            ids = id < SIZE_MAX ? id + 1 : id;
    }
    *cut_after = newlines;
    values[0] = 0;
    values[1] = ids ? ids : 1;
    values[2] = ops;
    values[3] = 1;
}

#endif /* BENCH_TRACE_LINES_H */
