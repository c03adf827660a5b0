/* test_cut.c - a message too long for its buffer ends in the cut mark
 * (allocator/cut.h), the one the harness's tools end theirs in
 * (bench/text-input.h), wherever the library formats one: its reports,
 * the checker's report, the debug build's lines. A cut must show, not read
 * as a whole sentence that says less than was meant. */
#if defined(HALLOC_TEST_DEBUG_LIB)
#define HALLOC_DEBUG 1 /* internal.h declares the debug library's hl_debug_print and its sink */
#endif
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/text-input.h" /* TEXT_CUT_MARK: the tools' mark */
#include "../checks/check.h"     /* hl_check_fail */
#include "internal.h"            /* HL_CUT_MARK, hl_say, hl_report_create_failed */

#define MARK_LEN (sizeof HL_CUT_MARK - 1)

static int ends_with(const char *text, const char *tail)
{
    size_t n = strlen(text), t = strlen(tail);
    return n >= t && strcmp(text + n - t, tail) == 0;
}

/* 400 bytes of x, longer than any of the library's buffers but the debug line's. */
static const char *long_text(void)
{
    static char text[401];
    memset(text, 'x', sizeof text - 1);
    return text;
}

Test(cut, the_tools_and_the_library_mark_a_cut_alike)
{
    cr_assert_str_eq(TEXT_CUT_MARK, HL_CUT_MARK);
    char tool[64];
    text_say(tool, sizeof tool, "%s", long_text());
    cr_assert(ends_with(tool, HL_CUT_MARK), "'%s'", tool);
}

Test(cut, a_message_that_fits_is_left_alone)
{
    char text[32];
    cr_assert_eq(hl_say(text, sizeof text, "%d bytes", 31), 0);
    cr_assert_str_eq(text, "31 bytes");
    char exact[9];
    cr_assert_eq(hl_say(exact, sizeof exact, "%s", "8 bytes!"), 0, "8 bytes and the NUL fit 9");
    cr_assert_str_eq(exact, "8 bytes!");
}

Test(cut, a_cut_message_ends_in_the_mark_and_keeps_its_newline)
{
    char text[64];
    cr_assert_eq(hl_say(text, sizeof text, "a %s", long_text()), 1);
    cr_assert_eq(strlen(text), sizeof text - 1, "the whole buffer is used");
    cr_assert(strncmp(text, "a xxx", 5) == 0 && ends_with(text, HL_CUT_MARK), "'%s'", text);
    cr_assert_eq(hl_say(text, sizeof text, "a %s\n", long_text()), 1);
    cr_assert(ends_with(text, HL_CUT_MARK "\n"), "a line cut keeps its newline: '%s'", text);
    char tiny[MARK_LEN]; /* no room for the mark: cut, NUL-ended, not overrun */
    cr_assert_eq(hl_say(tiny, sizeof tiny, "%s", long_text()), 1);
    cr_assert_eq(strlen(tiny), sizeof tiny - 1);
}

/* The tools' messages name files, and a name may hold a newline or an ESC:
 * each is shown as its C escape, UTF-8 as it is, and a message that no
 * longer fits is still marked cut (bench/text-input.h, text_say). */
Test(cut, a_tool_message_shows_control_characters_escaped)
{
    char text[64];
    text_say(text, sizeof text, "cannot open %s: x", "a\nb\x1b\x7f" "caf\xc3\xa9");
    cr_assert_str_eq(text, "cannot open a\\nb\\x1b\\x7f" "caf\xc3\xa9: x");
    char cut[32];
    text_say(cut, sizeof cut, "%s", "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
    cr_assert(strncmp(cut, "\\n\\n", 4) == 0 && !strchr(cut, '\n') && ends_with(cut, TEXT_CUT_MARK), "'%s'", cut);
}

/* halloc_last_error: the report's own buffer. */
Test(cut, a_report_too_long_ends_in_the_mark)
{
    errno = 0;
    cr_assert_eq(hl_report_create_failed(EINVAL, "halloc: %s", long_text()), -1);
    cr_assert_eq(errno, EINVAL);
    const char *msg = halloc_last_error(NULL);
    cr_assert(strncmp(msg, "halloc: xxx", 11) == 0 && ends_with(msg, TEXT_CUT_MARK), "'%s'", msg);
}

/* Every report of damage to a heap, given the widest arguments it can get -
 * the longest op name and pointers of all 64 bits (a wild list link, or a
 * pointer a program passes, can be anything; hl_where names one outside
 * every region as itself, its longest form) - fits the heap's last_error
 * whole, with REPORT_SPARE bytes to spare: the header report had 2, so a
 * word more in it, or a longer op name, would have cut it. The public
 * calls' reports are driven the same way by test_report_whole.c; these need
 * a damaged heap to be reached, so they are called directly: a report made
 * longer fails here, instead of being cut. */
#define REPORT_SPARE 16
Test(cut, every_heap_damage_report_fits_whole)
{
    setenv("HALLOC_NOABORT", "on", 1); /* the debug build only prints them */
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * 1024;
    c.thread_safe = 0;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    hl_books_open(h); /* outside a call: the reports read the region links */
    static const char op[] = "aligned_alloc"; /* the longest op name a report is given */
    const void *wild = (const void *)(UINTPTR_MAX - 15);       /* never read, only named */
    const hl_chunk *wild_chunk = (const hl_chunk *)wild;
    const hl_region *wild_region = (const hl_region *)wild;
    static const char *const what[] = {"corrupt header", "corrupt footer",   "corrupt list", "corrupt cache",
                                       "corrupt heap",   "corrupt region",   "double free",  "not in heap",
                                       "corrupt region 0", "in a region unmapped"};
    for (size_t i = 0; i < sizeof what / sizeof *what; i++) {
        if (i == 9) /* the page of wild as if the heap had unmapped it */
            hl_note_unmapped(h, (uintptr_t)wild & ~(uintptr_t)4095, 4096);
        int rc = i == 0   ? hl_report_corrupt_header(h, op, wild, wild_chunk)
                 : i == 1 ? hl_report_corrupt_footer(h, op, wild, wild_chunk)
                 : i == 2 ? hl_report_corrupt_list(h, op, wild_chunk)
                 : i == 3 ? hl_report_corrupt_cache(h, op, wild_chunk)
                 : i == 4 ? hl_report_corrupt_heap(h, op)
                 : i == 5 ? hl_report_corrupt_region(h, op, wild_region)
                 : i == 6 ? hl_report_double_free(h, op, wild)
                 : i == 7 ? hl_report_not_in_heap(h, op, wild)
                 : i == 8 ? hl_report_corrupt_region(h, op, &h->region0)
                          : hl_report_not_in_heap(h, op, wild);
        cr_assert_eq(rc, -1, "%s", what[i]);
        const char *msg = halloc_last_error(h);
        cr_assert(strncmp(msg, "halloc: aligned_alloc", 21) == 0, "%s: '%s'", what[i], msg);
        cr_assert(i != 9 || strstr(msg, "unmapped"), "%s: '%s'", what[i], msg);
        cr_assert(!ends_with(msg, TEXT_CUT_MARK), "%s: cut: '%s' (%zu bytes)", what[i], msg, strlen(msg));
        cr_assert(strlen(msg) + REPORT_SPARE < sizeof h->last_error, "%s: %zu of %zu bytes, fewer than %d to spare: '%s'",
                  what[i], strlen(msg) + 1, sizeof h->last_error, REPORT_SPARE, msg);
    }
    halloc_destroy(h);
}

/* halloc_check's report: a message in the public halloc_report. */
Test(cut, a_checker_message_too_long_ends_in_the_mark)
{
    halloc_report report;
    hl_check x = {.report = &report};
    cr_assert_eq(hl_check_fail(&x, HALLOC_INV_STATS, NULL, NULL, "counter %s is off", long_text()), -1);
    cr_assert_eq(report.invariant, HALLOC_INV_STATS);
    cr_assert_eq(strlen(report.message), sizeof report.message - 1);
    cr_assert(ends_with(report.message, TEXT_CUT_MARK), "'%s'", report.message);
}

#if defined(HALLOC_TEST_DEBUG_LIB)
static char seen[1024];
static void keep(const char *line) { snprintf(seen, sizeof seen, "%s", line); }

/* The debug build's lines reach a host's log (the preload shim) whole,
 * newline included: a cut one must still end its line. */
Test(cut, a_debug_line_too_long_ends_in_the_mark_and_its_newline)
{
    char longer[700];
    memset(longer, 'y', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    hl_debug_sink = keep;
    hl_debug_print("halloc: %s\n", longer);
    hl_debug_sink = NULL;
    cr_assert(strncmp(seen, "halloc: yyy", 11) == 0 && ends_with(seen, TEXT_CUT_MARK "\n"), "'%s'", seen);
}
#endif
