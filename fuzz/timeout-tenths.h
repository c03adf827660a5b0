/* timeout-tenths.h - the tenths of a second the TIMEOUT words give ("in the
 * last 0.3 s"). Apart from fuzz/timeout.c, whose other parts need the whole
 * harness linked, so that the unit tests can pin its rounding alone
 * (tests/timeout_tenths_pins.h). */
#ifndef FUZZ_TIMEOUT_TENTHS_H
#define FUZZ_TIMEOUT_TENTHS_H

/* The tenths of a second a look back spans, one rule for every limit: to
 * the nearest tenth, a half up, never 0.0 s, which would say no time passed
 * for a program that moved in it (a threaded look finds a move within
 * GRACE_POLL_MS). */
static inline unsigned tenths_of(double seconds)
{
    /* A double of its own: on i386's x87 the product kept its excess
     * precision (0.15 * 10 just below 1.5), and 0.15 s and 0.95 s rounded
     * down there, up elsewhere. C11 rounds it to a double when stored. */
    double scaled = seconds * 10;
    unsigned tenths = seconds > 0 ? (unsigned)(scaled + 0.5) : 0;
    return tenths ? tenths : 1;
}

#endif
