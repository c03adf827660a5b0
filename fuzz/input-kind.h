/*
 * input-kind.h - which kind of file replay and trace-tool were handed: a
 * text trace, an allocator-lab trace, or a binary input. Every byte string
 * decodes as a binary input (fuzz/ops.h), so a trace taken for one replays
 * as a program nobody wrote and reports "ok": the one answer these tools
 * must never give. So a file of text whose first lines are a trace's is
 * taken for that trace (or refused as one), wherever its comments, blank
 * lines and CR-LF ends are; other text stays a binary input, as libFuzzer
 * may well save one of printable bytes, but for text plainly meant as a
 * trace that is none (kind_near_trace): refused, unless its name is one an
 * engine saves inputs under. The fuzz targets judge by input_kind_of alone.
 * Header-only and included by fuzz/trace-file.c alone, as bench/text-input.h
 * is, so no build rule gains a source file.
 */
#ifndef FUZZ_INPUT_KIND_H
#define FUZZ_INPUT_KIND_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "../bench/text-input.h"
#include "../bench/trace-lines.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

enum input_kind { INPUT_BINARY, INPUT_TEXT, INPUT_LAB, INPUT_FOREIGN_LOG };

/* What one line is, to tell the formats apart (not whether it parses). */
enum line_kind { LINE_NONE, LINE_COMMENT, LINE_DIGITS, LINE_NUMBER, LINE_LAB_OP, LINE_LAB_LIKE, LINE_UNFINISHED,
                 LINE_VERSION, LINE_TEXT_OP, LINE_FOREIGN_LOG, LINE_OTHER };

/* The lab parser's readers (bench/trace-lines.h), a CR taken for a blank
 * anywhere (is_blank_or_cr says why). */
static inline int kind_blank(uint8_t c) { return is_blank_or_cr((char)c, 1); }

static inline const uint8_t *kind_skip_blanks(const uint8_t *p, const uint8_t *e)
{
    return (const uint8_t *)skip_blanks_or_cr((const char *)p, (const char *)e, 1);
}

/* Digits at *p (an optional '-' first if sign), moving *p past them; any
 * number of them, as the parser names one too large rather than another format. */
static inline int kind_number(const uint8_t **p, const uint8_t *e, int sign)
{
    const uint8_t *start = *p + (sign && *p < e && **p == '-');
    *p = (const uint8_t *)skip_digits((const char *)start, (const char *)e);
    return *p > start;
}

/* "a ID SIZE", "f ID", "r ID SIZE", as bench/trace.c reads them, roughly. */
static inline int kind_lab_op(const uint8_t *b, const uint8_t *e)
{
    if (!op_letter_at((const char *)b, (const char *)e, 1))
        return 0;
    const uint8_t *p = kind_skip_blanks(b + 1, e);
    if (!kind_number(&p, e, 1))
        return 0;
    p = kind_skip_blanks(p, e);
    if (p < e && !kind_number(&p, e, 0))
        return 0;
    return p == e;
}

/* A header number as a hand-made trace gets it wrong: a sign, a fraction,
 * an exponent or a note after it ("-1", "+5", "1.0", "1e6", "20000 # heap
 * size"): a line that starts as a number. The lab parser names what is
 * wrong with it. */
static inline int kind_wrong_number(const uint8_t *b, const uint8_t *e)
{
    const uint8_t *p = b + (b < e && (*b == '+' || *b == '-'));
    return p < e && *p >= '0' && *p <= '9';
}

/* An operation line as a hand-made trace gets it wrong: one letter, a blank,
 * then a field that starts as a number ("A 0 8", "m 0 8", "a 0 0x10",
 * "a 0 +16", "a 0 8 9"). After header lines, or beside an a/f/r line, it is
 * a lab trace's line: the lab parser names what is wrong with it. */
static inline int kind_lab_like(const uint8_t *b, const uint8_t *e)
{
    if (e - b < 3 || !((*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z')) || !kind_blank(b[1]))
        return 0;
    const uint8_t *p = kind_skip_blanks(b + 1, e);
    return p < e && ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+');
}

/* The kind of the line [b, e), blanks around it already cut off. */
static inline enum line_kind kind_of_line(const uint8_t *b, const uint8_t *e)
{
    if (b == e)
        return LINE_NONE;
    if (*b == '#')
        return LINE_COMMENT;
    const uint8_t *p = b;
    if (kind_number(&p, e, 0) && p == e)
        return LINE_DIGITS;
    if (kind_wrong_number(b, e))
        return LINE_NUMBER;
    if (kind_lab_op(b, e))
        return LINE_LAB_OP;
    if (kind_lab_like(b, e))
        return LINE_LAB_LIKE;
    if (e - b >= 10 && memcmp(b, "unfinished", 10) == 0) /* a recorder's placeholder (bench/trace.h) */
        return LINE_UNFINISHED;
    if (foreign_log_of((const char *)b, (const char *)e) != LOG_NONE)
        return LINE_FOREIGN_LOG;
    size_t word = 0;
    while (b + word < e && !kind_blank(b[word]))
        word++;
    if (word == 7 && memcmp(b, "version", 7) == 0)
        return LINE_VERSION;
    for (unsigned k = 0; k < FUZZ_OP_COUNT; k++) {
        const char *name = fuzz_op_info(k)->name;
        if (strlen(name) == word && memcmp(b, name, word) == 0)
            return LINE_TEXT_OP;
    }
    return LINE_OTHER;
}

/* The byte that ends data's lines: LF, or CR in a file without one (its
 * lines end in CR alone: the lab parser refuses them, naming the fix). */
static inline int kind_eol(const uint8_t *data, size_t size)
{
    return memchr(data, '\n', size) == NULL && memchr(data, '\r', size) != NULL ? '\r' : '\n';
}

/* The kind of the next line that is neither blank nor a comment, from *at
 * on (moving *at past it), span[0] and span[1] its bounds, blanks cut off
 * (unset at the end); LINE_NONE at the end. Lines end at eol
 * (kind_eol). *first_comment gets the line number (from 1; *line counts) of the first
 * comment, if still 0; *zero whether the line is the number 0 (0 at the
 * end: set on every path, or gcc -O1 takes the callers' loops to read it
 * unset, -Werror=maybe-uninitialized). */
static inline enum line_kind kind_next_span(const uint8_t *data, size_t size, int eol, size_t *at, size_t *line,
                                            size_t *first_comment, int *zero, const uint8_t **span)
{
    *zero = 0;
    while (*at < size) {
        const uint8_t *b = data + *at, *nl = memchr(b, eol, size - *at), *e = nl ? nl : data + size;
        *at = (size_t)(e - data) + (nl != NULL);
        ++*line;
        b = kind_skip_blanks(b, e);
        while (e > b && kind_blank(e[-1]))
            e--;
        enum line_kind k = kind_of_line(b, e);
        if (k == LINE_COMMENT && !*first_comment)
            *first_comment = *line;
        if (k != LINE_NONE && k != LINE_COMMENT) {
            span[0] = b, span[1] = e;
            while (b < e && *b == '0')
                b++;
            *zero = k == LINE_DIGITS && b == e;
            return k;
        }
    }
    return LINE_NONE;
}

/* kind_next_span, the line's bounds unwanted. */
static inline enum line_kind kind_next_line(const uint8_t *data, size_t size, int eol, size_t *at, size_t *line,
                                            size_t *first_comment, int *zero)
{
    const uint8_t *span[2] = {NULL, NULL};
    return kind_next_span(data, size, eol, at, line, first_comment, zero, span);
}

/* The line (from 1) of the first comment in all of data, or 0. */
static inline size_t kind_first_comment(const uint8_t *data, size_t size)
{
    size_t at = text_bom_len(data, size), line = 0, first = 0;
    int zero, eol = kind_eol(data, size);
    while (at < size && !first)
        kind_next_line(data, size, eol, &at, &line, &first, &zero);
    return first;
}

/* 1 when the first line that is not blank is a comment. */
static inline int kind_starts_with_comment(const uint8_t *data, size_t size)
{
    size_t at = text_bom_len(data, size);
    while (at < size && (kind_blank(data[at]) || data[at] == '\n'))
        at++;
    return at < size && data[at] == '#';
}

static inline int kind_named(const char *name, const char *suffix)
{
    size_t len = strlen(name), slen = strlen(suffix);
    return len >= slen && strcmp(name + len - slen, suffix) == 0;
}

/* Header-like: digits, or a number the lab parser refuses by name. */
static inline int kind_header_like(enum line_kind k)
{
    return k == LINE_DIGITS || k == LINE_NUMBER;
}

/* 1 when the lines of data[0, size) are a lab trace's: a recorder's
 * unfinished one, or header lines (numbers, however written) then an a, f
 * or r line (however written: a trace with a mistake in its first op, or a
 * header a line short, is still a lab trace). With whole (all of the file
 * is text) also four or more lines of digits then nothing (or anything,
 * after an operation count of 0), or a/f/r lines without the header. */
static inline int kind_lab_lines(const uint8_t *data, size_t size, int eol, int whole)
{
    size_t at = text_bom_len(data, size), line = 0, comment = 0;
    int zero, no_ops = 0;
    enum line_kind first = kind_next_line(data, size, eol, &at, &line, &comment, &zero), k;
    if (first == LINE_UNFINISHED)
        return 1;
    if (kind_header_like(first)) {
        int lines = 1, digits = first == LINE_DIGITS;
        while (kind_header_like(k = kind_next_line(data, size, eol, &at, &line, &comment, &zero))) {
            no_ops |= ++lines == 3 && zero;
            digits &= lines > 4 || k == LINE_DIGITS;
        }
        /* An operation count of 0: what follows is no operation, but the lab
         * parser takes it, so replay and trace-tool must not. Without an op
         * line, only four lines of digits make a header: "1 first point"
         * lines do not. Exactly four, then a line in no format's shape
         * ("a,0,8", "a:0:8", a form feed before "a 0 8"), is a lab trace's
         * header over ops written wrong: those bytes replayed as a program
         * and said "ok". (A text op there is refused as a near-trace, kind_near_trace;
 * "version" stays a binary input.) */
        return k == LINE_LAB_OP || k == LINE_LAB_LIKE ||
               (whole && lines >= 4 && digits && (k == LINE_NONE || no_ops || (lines == 4 && k == LINE_OTHER)));
    }
    if (!whole || (first != LINE_LAB_OP && first != LINE_LAB_LIKE))
        return 0;
    k = kind_next_line(data, size, eol, &at, &line, &comment, &zero);
    return k == LINE_LAB_OP || (first == LINE_LAB_OP && (k == LINE_NONE || k == LINE_LAB_LIKE));
}

/* kind_lab_problem's answer for bare operations, no header line at all:
 * another course's script (Stanford CS107's), which a command converts. */
#define KIND_HEADERLESS 2
/* Its answer for a file of comment and blank lines alone (LAB_ONLY_COMMENTS),
 * or of nothing (LAB_EMPTY). */
#define KIND_ONLY_COMMENTS 3

/* What the lab trace data[0, size) is, in a few words for a refusal: 1
 * when that is a mistake seen here (the lab parser, make verify-traces,
 * names the line and the fix), KIND_HEADERLESS or KIND_ONLY_COMMENTS for
 * those two mistakes, else 0. A trace a line short, with a signed
 * header number or a mistyped op was said to have "4 header lines". After
 * an operation count of 0 the parser reads no further line, so nothing
 * there is a mistake. */
static inline int kind_lab_problem(const uint8_t *data, size_t size, char *out, size_t len)
{
    size_t at = text_bom_len(data, size), line = 0, comment = 0, bad = 0;
    int zero, eol = kind_eol(data, size), lines = 0, no_ops = 0;
    enum line_kind k;
    while (kind_header_like(k = kind_next_line(data, size, eol, &at, &line, &comment, &zero))) {
        no_ops |= ++lines == 3 && zero;
        bad = bad ? bad : k == LINE_NUMBER && lines <= 4 ? line : 0;
    }
    if (k == LINE_UNFINISHED)
        return snprintf(out, len, "a recording cut short: line 1 'unfinished', then its complete calls"), 0;
    if (eol == '\r')
        snprintf(out, len, "its lines end in CR alone, where the format's end in LF or CR-LF");
    else if (lines == 0 && k == LINE_NONE)
        return snprintf(out, len, "%s", size == 0 ? LAB_EMPTY : LAB_ONLY_COMMENTS), KIND_ONLY_COMMENTS;
    else if (lines == 0)
        return snprintf(out, len, "%s the 4 header lines: heap size, ids, ops, weight",
                        k == LINE_LAB_OP || k == LINE_LAB_LIKE ? "a/f/r operations without" : "none of"),
               k == LINE_LAB_OP || k == LINE_LAB_LIKE ? KIND_HEADERLESS : 1;
    else if (bad)
        snprintf(out, len, "line %zu, in its header, is no plain non-negative number", bad);
    else if (lines < 4 || (lines > 4 && !no_ops))
        snprintf(out, len, "a header of %d line%s where the format has 4: heap size, ids, ops, weight", lines,
                 hl_plural_s((unsigned long long)lines));
    else if (k != LINE_LAB_OP && k != LINE_NONE && !no_ops)
        snprintf(out, len, "line %zu is no operation as the format writes them: a ID SIZE, f ID, r ID SIZE", line);
    else
        return snprintf(out, len, "4 header lines, then a/f/r operations"), 0;
    return 1;
}

/* The tool whose log data is (its first line that is neither blank nor a comment). */
static inline enum foreign_log kind_foreign_log(const uint8_t *data, size_t size)
{
    size_t at = text_bom_len(data, size), line = 0, comment = 0;
    int zero, eol = kind_eol(data, size);
    if (kind_next_line(data, size, eol, &at, &line, &comment, &zero) != LINE_FOREIGN_LOG)
        return LOG_NONE;
    const uint8_t *b = data + text_bom_len(data, size); /* that line again, its blanks cut */
    for (size_t l = 1; l < line; l++)
        b = (const uint8_t *)memchr(b, eol, size - (size_t)(b - data)) + 1;
    const uint8_t *e = memchr(b, eol, size - (size_t)(b - data));
    e = e ? e : data + size;
    b = kind_skip_blanks(b, e);
    while (e > b && kind_blank(e[-1]))
        e--;
    return foreign_log_of((const char *)b, (const char *)e);
}

/* What the file `name` holding data is. A lab trace: named .rep, or lines
 * that are a lab trace's (kind_lab_lines): all of them, or those before a
 * byte no text has (a crash can leave a file's tail zero-filled). A text
 * trace: a first line `version`, or (all of it text) a text op or a comment
 * first, or named .txt; another tool's allocation log (bench/trace-lines.h): all of it text, its first line that log's; the parser then names what is wrong. Comments and
 * blank lines anywhere are skipped, as the text parser skips them: the lab
 * parser refuses them, but a lab trace with a note on top is still a lab
 * trace. Lines end in LF, or in CR in a file without an LF (kind_eol). */
static inline enum input_kind input_kind_of(const char *name, const uint8_t *data, size_t size)
{
    size_t at = text_bom_len(data, size), line = 0, comment = 0, text_end = text_binary_at(data, size);
    int eol = kind_eol(data, size), zero;
    int text = text_end == size && memchr(data, eol, size) != NULL;
    enum line_kind first = kind_next_line(data, size, eol, &at, &line, &comment, &zero);
    if (text && first == LINE_FOREIGN_LOG) /* another tool's log: named, with what to do */
        return INPUT_FOREIGN_LOG;
    if (kind_named(name, ".rep"))
        return INPUT_LAB;
    if (first == LINE_VERSION)
        return INPUT_TEXT;
    if (memchr(data, eol, text_end) != NULL && kind_lab_lines(data, text_end, eol, text))
        return INPUT_LAB;
    if (kind_named(name, ".txt") || (text && (first == LINE_TEXT_OP || kind_starts_with_comment(data, size))))
        return INPUT_TEXT;
    return INPUT_BINARY;
}

/* A file of text that is plainly meant as a trace but is none: replayed as
 * the binary input it also is, it said "ok" for a program nobody wrote.
 * Kept to shapes no engine's mutations make by chance, and an engine's
 * saved input is replayed whatever it looks like (kind_saved_by_engine). */
enum near_trace { NEAR_NONE, NEAR_CSV, NEAR_MIXED, NEAR_OP };

/* The count of numbers in "N,N,..." (blanks around the commas), 0 if it is
 * not that or has no comma. */
static inline int kind_csv_numbers(const uint8_t *p, const uint8_t *e)
{
    int n = 0;
    do {
        p = kind_skip_blanks(p + (n > 0), e);
        if (!kind_number(&p, e, 0))
            return 0;
        n++;
        p = kind_skip_blanks(p, e);
    } while (p < e && *p == ',');
    return p == e && n > 1 ? n : 0;
}

/* "a,0,8", "f,0": a lab op with commas for blanks. */
static inline int kind_csv_op(const uint8_t *b, const uint8_t *e)
{
    if (e - b < 2 || (*b != 'a' && *b != 'f' && *b != 'r'))
        return 0;
    const uint8_t *p = kind_skip_blanks(b + 1, e);
    if (p == e || *p != ',')
        return 0;
    p = kind_skip_blanks(p + 1, e);
    if (!kind_number(&p, e, 1))
        return 0;
    p = kind_skip_blanks(p, e);
    if (p < e && *p == ',') {
        p = kind_skip_blanks(p + 1, e);
        if (!kind_number(&p, e, 0))
            return 0;
        p = kind_skip_blanks(p, e);
    }
    return p == e;
}

/* A word of two or more letters ('-' and '_' too, as op names have), a
 * blank, then a field that starts as a number: "alloc 0 8", "Malloc 0 8". */
static inline int kind_op_shaped(const uint8_t *b, const uint8_t *e)
{
    const uint8_t *p = b;
    while (p < e && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_'))
        p++;
    if (p - b < 2 || p == e || !kind_blank(*p))
        return 0;
    p = kind_skip_blanks(p, e);
    return p < e && ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+');
}

/* Which near-trace data[0, size) is (input_kind_of took it for a binary
 * input), *line the line to name and span its bounds: a lab trace in CSV
 * (its first line 3 or more numbers with commas, or its first two lines
 * a/f/r ops with commas); three or more header lines, then a text trace's
 * op (*line: the op's); or ops in a text trace's shape, the first not an op
 * the format has, up to one it has, with no version line (*line: the first). */
static inline enum near_trace kind_near_trace(const uint8_t *data, size_t size, size_t *line, const uint8_t **span)
{
    size_t at = text_bom_len(data, size), comment = 0, first_line;
    int zero, eol = kind_eol(data, size), lines = 1;
    const uint8_t *next[2] = {data, data};
    *line = 0;
    span[0] = span[1] = data; /* set on every path: gcc -O1 takes them for unset (kind_next_line) */
    if (text_binary_at(data, size) < size || !memchr(data, eol, size))
        return NEAR_NONE;
    enum line_kind k = kind_next_span(data, size, eol, &at, line, &comment, &zero, span);
    first_line = *line;
    if (k == LINE_NUMBER && kind_csv_numbers(span[0], span[1]) >= 3)
        return NEAR_CSV;
    if (kind_header_like(k)) {
        while (kind_header_like(k = kind_next_span(data, size, eol, &at, line, &comment, &zero, span)))
            lines++;
        return lines >= 3 && k == LINE_TEXT_OP ? NEAR_MIXED : NEAR_NONE;
    }
    if (k != LINE_OTHER)
        return NEAR_NONE;
    if (kind_csv_op(span[0], span[1]))
        return kind_next_span(data, size, eol, &at, line, &comment, &zero, next) == LINE_OTHER &&
                       kind_csv_op(next[0], next[1])
                   ? (*line = first_line, NEAR_CSV)
                   : NEAR_NONE;
    if (!kind_op_shaped(span[0], span[1]))
        return NEAR_NONE;
    while ((k = kind_next_span(data, size, eol, &at, line, &comment, &zero, next)) == LINE_OTHER &&
           kind_op_shaped(next[0], next[1]))
        ;
    *line = first_line;
    return k == LINE_TEXT_OP ? NEAR_OP : NEAR_NONE;
}

/* 1 when path's last part is a name a fuzz engine saves an input under:
 * libFuzzer's crash-, leak-, timeout-, oom-, slow-unit- and minimized-from-
 * files and its corpus's (the input's SHA-1, 40 hex digits), AFL++'s id:
 * ones. Its bytes ran, so they replay (and seed a run), whatever they look like. */
static inline int kind_saved_by_engine(const char *path)
{
    static const char *const prefix[] = {"crash-", "leak-", "timeout-", "oom-", "slow-unit-", "minimized-from-",
                                         "id:"};
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t hex = strspn(base, "0123456789abcdef");
    if (hex == 40 && base[hex] == '\0')
        return 1;
    for (size_t i = 0; i < sizeof prefix / sizeof *prefix; i++)
        if (strncmp(base, prefix[i], strlen(prefix[i])) == 0)
            return 1;
    return 0;
}

#endif /* FUZZ_INPUT_KIND_H */
