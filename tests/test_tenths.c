/* test_tenths.c - the tenths of a second the fuzz harness's lines give
 * (fuzz/tenths.h) at the edges of their rounding (tests/tenths_pins.h):
 * tenths_of itself, and a stuck op's progress line (fuzz/progress.c,
 * included for its static stuck_line), which once rounded by a rule of its
 * own. make check-m32 runs the same pins on an i386 build
 * (tests/ilp32_limits.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../fuzz/progress.c"
#include "../fuzz/tenths.h"
#include "helpers.h"
#include "tenths_pins.h"

/* progress.c's ties to the rest of the harness: no report is ever printing here. */
int fuzz_report_printing(void)
{
    return 0;
}

void fuzz_report_ended(void)
{
}

Test(tenths, round_to_the_nearest_tenth_a_half_up_never_zero)
{
    for (size_t i = 0; i < sizeof tenths_pins / sizeof tenths_pins[0]; i++)
        cr_expect_eq(tenths_of(tenths_pins[i].seconds), tenths_pins[i].tenths, "tenths_of(%g) is %u, expected %u",
                     tenths_pins[i].seconds, tenths_of(tenths_pins[i].seconds), tenths_pins[i].tenths);
}

/* stuck_line for op 1 of 2, *seconds after the tick that first saw it there. */
static void stuck_for(const void *seconds)
{
    replay.path = "t.rep", replay.total = 2, replay.lines = NULL;
    replay.started = -100; /* the whole replay's seconds stay positive whatever `seconds` is */
    seen_since = 0;        /* so that `seconds` reaches the rounding exactly */
    stuck_line(1, *(const double *)seconds);
}

Test(tenths, a_stuck_op_s_line_rounds_as_tenths_of)
{
    for (size_t i = 0; i < sizeof tenths_pins / sizeof tenths_pins[0]; i++) {
        char line[256], want[64];
        stderr_of(stuck_for, &tenths_pins[i].seconds, line, sizeof line);
        snprintf(want, sizeof want, "; op #1 running for at least %u.%u s\n", tenths_pins[i].tenths / 10,
                 tenths_pins[i].tenths % 10);
        size_t at = strlen(line) >= strlen(want) ? strlen(line) - strlen(want) : 0;
        cr_expect_str_eq(line + at, want, "%g s stuck: the line '%s' does not end '%s'", tenths_pins[i].seconds,
                         line, want);
    }
}
