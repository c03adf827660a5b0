/*
 * cut.h - what ends a message cut to its buffer's size, and the two calls
 * that put it there. One mark for the library's reports (report.c, the
 * checker) and the harness's tools (bench/text-input.h takes it from here:
 * bench/ and fuzz/ already build on allocator/, never the other way), so a
 * reader learns one sign that a line says less than was meant.
 * Header-only and free of halloc's types: the tools include it alone.
 */
#ifndef HALLOC_CUT_H
#define HALLOC_CUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Not "...": a whole message may end so (bad alignment's "1, 2, 4, 8, 16,
 * ..."), and a cut must not read as a whole sentence. */
#define HL_CUT_MARK " [... message cut]"

/* After n = snprintf(s, len, ...): a message that did not fit ends in
 * HL_CUT_MARK over its last bytes, and keeps its newline if it ended in one
 * (a log sink takes whole lines). A buffer too small for the mark is only
 * cut. Returns 1 when the message was cut. */
static inline int hl_mark_cut(char *s, size_t len, int n, int newline)
{
    size_t mark = sizeof HL_CUT_MARK - 1 + (newline != 0);
    if (n >= 0 && (size_t)n < len)
        return 0;
    if (len > mark) {
        memcpy(s + len - 1 - mark, HL_CUT_MARK, sizeof HL_CUT_MARK);
        if (newline)
            memcpy(s + len - 2, "\n", 2);
    }
    return 1;
}

/* vsnprintf into s (len bytes), a cut marked (hl_mark_cut). fmt is nonnull
 * as vsnprintf's is: said here, a sanitizer checks it at the callers (a
 * literal each) instead of in here, where gcc -fsanitize=undefined -O1 and up
 * then saw vsnprintf called with NULL on the checked path and warned. */
static inline int hl_vsay(char *s, size_t len, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0), nonnull(3)));
static inline int hl_vsay(char *s, size_t len, const char *fmt, va_list ap)
{
    int n = vsnprintf(s, len, fmt, ap);
    size_t fmt_len = strlen(fmt);
    return hl_mark_cut(s, len, n, fmt_len && fmt[fmt_len - 1] == '\n');
}

static inline int hl_say(char *s, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline int hl_say(char *s, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int cut = hl_vsay(s, len, fmt, ap);
    va_end(ap);
    return cut;
}

#endif
