/*
 * tenths_pins.h - what tenths_of (fuzz/tenths.h) gives at the edges where
 * an off-by-one shows: each pair a time in seconds and the tenths the
 * TIMEOUT words and a stuck op's progress line print for it. Read by
 * tests/test_tenths.c and, for the x87 arithmetic of an i386 build,
 * tests/ilp32_limits.c.
 */
#ifndef HALLOC_TENTHS_PINS_H
#define HALLOC_TENTHS_PINS_H

static const struct {
    double seconds;
    unsigned tenths;
} tenths_pins[] = {
    {-1.0, 1},  /* a clock stepped back: still no "0.0 s" */
    {0.0, 1},   /* no time at all: likewise */
    {0.04, 1},  /* rounds to 0 tenths: raised to the least */
    {0.05, 1},  /* a half rounds up */
    {0.14, 1},  /* just below a half: down */
    {0.15, 2},  /* a half up (below 1.5 on x87 before the product was stored) */
    {0.25, 3},  /* a half that doubles hold exactly: up */
    {0.94, 9},  /* below the half: down */
    {0.95, 10}, /* a half up: "1.0 s" (x87: 9 before) */
    {9.94, 99}, /* "9.9 s" */
    {9.99, 100}, /* "10.0 s": the tenths carry into a second digit */
};

#endif /* HALLOC_TENTHS_PINS_H */
