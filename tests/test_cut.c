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

/* halloc_last_error: the report's own buffer. */
Test(cut, a_report_too_long_ends_in_the_mark)
{
    errno = 0;
    cr_assert_eq(hl_report_create_failed(EINVAL, "halloc: %s", long_text()), -1);
    cr_assert_eq(errno, EINVAL);
    const char *msg = halloc_last_error(NULL);
    cr_assert(strncmp(msg, "halloc: xxx", 11) == 0 && ends_with(msg, TEXT_CUT_MARK), "'%s'", msg);
}

/* The longest report about a heap - a damaged region header, named with the
 * longest op name and a pointer of 56 bits, the most a 5-level-paged user
 * space hands out - fits its heap's last_error whole (it had 1 byte to spare
 * with a 47-bit pointer). */
Test(cut, the_longest_heap_report_fits_whole)
{
    setenv("HALLOC_NOABORT", "on", 1); /* the debug build only prints it */
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * 1024;
    c.thread_safe = 0;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    const hl_region *far = (const hl_region *)(uintptr_t)(UINTPTR_MAX >> 8); /* never read, only named */
    cr_assert_eq(hl_report_corrupt_region(h, "aligned_alloc", far), -1);
    const char *msg = halloc_last_error(h);
    cr_assert_not_null(strstr(msg, "aligned_alloc: the header of the region at"), "'%s'", msg);
    cr_assert(!ends_with(msg, TEXT_CUT_MARK) && ends_with(msg, "the heap is broken"), "cut: '%s'", msg);
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
