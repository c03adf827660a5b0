/* test_timeout_tenths.c - the TIMEOUT line's tenths of a second ("in the
 * last 0.3 s", fuzz/timeout-tenths.h) at the edges of its rounding
 * (tests/timeout_tenths_pins.h); make check-m32 runs the same pins on an
 * i386 build (tests/ilp32_limits.c). */
#include <criterion/criterion.h>

#include "../fuzz/timeout-tenths.h"
#include "timeout_tenths_pins.h"

Test(timeout_tenths, round_to_the_nearest_tenth_a_half_up_never_zero)
{
    for (size_t i = 0; i < sizeof tenths_pins / sizeof tenths_pins[0]; i++)
        cr_expect_eq(tenths_of(tenths_pins[i].seconds), tenths_pins[i].tenths, "tenths_of(%g) is %u, expected %u",
                     tenths_pins[i].seconds, tenths_of(tenths_pins[i].seconds), tenths_pins[i].tenths);
}
