/* tenths.h - the tenths of a second the harness's lines give for a time it
 * measured: the TIMEOUT words' look back ("in the last 0.3 s", timeout.c)
 * and verify-traces' op stuck since a tick ("running for at least 1.2 s",
 * progress.c). Apart from both, whose other parts need the harness linked,
 * so that the unit tests can pin the rounding alone (tests/tenths_pins.h). */
#ifndef FUZZ_TENTHS_H
#define FUZZ_TENTHS_H

/* The tenths of a second a measured span gives, one rule for every line: to
 * the nearest tenth, a half up, never 0.0 s, which would say no time passed
 * for a program that moved in it or an op that ran on through a tick (a
 * threaded look finds a move within GRACE_POLL_MS; a tick comes at most
 * every PROGRESS_MIN_SECONDS). Pure arithmetic: a signal handler may call it. */
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
