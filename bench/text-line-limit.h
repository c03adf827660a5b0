/*
 * text-line-limit.h - how long a line of text the trace readers hold may
 * be (bench/trace-build.c, fuzz/trace-file.c, fuzz/from-mtrace.c), one rule
 * for all, so each refuses the same file at the same byte whether it comes
 * whole from a file or in a pipe's pieces. Included by text-input.h.
 */
#ifndef BENCH_TEXT_LINE_LIMIT_H
#define BENCH_TEXT_LINE_LIMIT_H

#include <stddef.h>

/* Far above any line of the text these tools read (a lab trace's op, "a
 * 67108863 1099511627776", is 24 bytes, blanks aside; a text trace's is
 * shorter; an mtrace log's a path of PATH_MAX and a C++ symbol of some
 * KiB): each reader stops at a line running past it, so a file of one
 * endless line (/dev/zero, an export in another format, `tr -d '\n'`
 * output) is refused at once, not read until memory runs out. */
#define TEXT_LINE_MAX ((size_t)1 << 20)

/* The blanks (space, tab) a line may hold besides its TEXT_LINE_MAX bytes
 * of content. Blanks are no line's content, so a trace ending in a long run
 * of them gets one answer with its final newline and without (bench took a
 * trace ending in 1.1 MB of blanks and a newline from a file, and refused it
 * from a pipe whose read ended mid-run); yet they are held, and an endless
 * stream of them filled memory ("cannot read -: Cannot allocate memory").
 * No tool pads a line with this many. */
#define TEXT_LINE_BLANKS_MAX ((size_t)16 << 20)

/* What every reader says of a line past a limit, after "PATH:LINE: "
 * (text_line_number gives LINE). A reader stops at the byte past the limit
 * and never learns whether a line end follows, nor needs to: the line is
 * too long either way (it said "no line end" of a line that had one).
 * TEXT_LONG_LINE_FAULT, past TEXT_LINE_MAX of content, takes TEXT_LINE_MAX
 * >> 20 and is followed by the reader's own words on what the file is then;
 * TEXT_BLANKS_FAULT, past TEXT_LINE_BLANKS_MAX of blanks, takes that. */
#define TEXT_LONG_LINE_FAULT "a line longer than %zu MiB (blanks aside)"
#define TEXT_BLANKS_FAULT                                                                      \
    "more than %zu bytes of blanks (spaces, tabs) in one line: no trace or log is padded so; " \
    "give the trace or log itself, not a stream of blanks"

/* The line a reader holds, read in pieces: its bytes since the last LF or
 * CR (a CR ends a line here: a file of CR-ended lines is refused for them,
 * text_line_fault, not as one endless line), content and blanks apart. */
struct text_line_count {
    size_t content, blanks;
};

/* Counts [p, p + got) into *c: the offset of the first byte that takes its
 * line past a limit (TEXT_LINE_MAX of content, TEXT_LINE_BLANKS_MAX of
 * blanks; c says which), else got. Judged byte by byte, not piece by piece:
 * a file read whole and a pipe read in pieces split the same bytes apart
 * differently, and a piece that ends its line after a limit passed hid it. */
static inline size_t text_line_run(struct text_line_count *c, const void *p, size_t got)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < got; i++) {
        if (s[i] == '\n' || s[i] == '\r')
            c->content = c->blanks = 0;
        else if (s[i] == ' ' || s[i] == '\t' ? ++c->blanks > TEXT_LINE_BLANKS_MAX : ++c->content > TEXT_LINE_MAX)
            return i;
    }
    return got;
}

/* The line, from 1, that the byte at s[n] is on, s[0, n) held whole: one
 * more than the LFs before it, as editors and `sed -n LINEp` count. */
static inline size_t text_line_number(const void *s, size_t n)
{
    const unsigned char *p = s;
    size_t line = 1;
    for (size_t i = 0; i < n; i++)
        line += p[i] == '\n';
    return line;
}

/* 1 when text_line_run stopped c's line for its blanks, 0 for its content. */
static inline int text_line_blanks_over(const struct text_line_count *c)
{
    return c->blanks > TEXT_LINE_BLANKS_MAX;
}

#endif /* BENCH_TEXT_LINE_LIMIT_H */
