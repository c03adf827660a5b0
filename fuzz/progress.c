/*
 * progress.c - verify-traces' progress lines, every -p seconds of a replay.
 *
 * A timer (timer_create, CLOCK_MONOTONIC) raises SIGRTMIN every -p seconds;
 * SIGALRM is left to an allocator that uses alarm() or setitimer(). The loop
 * reading the clock every so many ops could not see a single slow op (a
 * realloc of GiBs, an allocator walking a long list): no line for minutes.
 * Each tick compares the op the loop is at with the one it saw last:
 *
 *   - it moved on: the tick only sets a flag, and the loop prints the line
 *     with stdio before its next op, where nothing else of the program is
 *     being written;
 *   - it did not: the loop is inside one op (or its check), and the tick
 *     writes the line itself, formatted here without stdio or malloc (no
 *     snprintf: neither is async-signal-safe) and sent by one write(), so it
 *     lands between other writes, never inside one.
 *
 * The tick writes nothing while a report is being printed: one of the
 * harness's (a crash's, a fault's, an oracle's) or a sanitizer's, whose hooks
 * mark it (fuzz_report_printing, crash-signals.c; one that returns, UBSan's when it
 * recovers, has ended once the loop starts its next op), nor while the loop
 * writes its own line; verify-traces stops the timer before a report of its own. The
 * handler is installed with SA_RESTART, so the allocator's system calls are
 * restarted; those Linux never restarts (nanosleep, poll, ...) return EINTR,
 * as under any timer (fuzz/LAB-TRACES.md).
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "progress.h"
#include "tenths.h" /* tenths_of */

static struct { /* set before the timer is armed, only read by the tick */
    const char *path;
    size_t total;
    const size_t *lines;
    double started;
} replay;

static atomic_size_t at;             /* the op the loop is at: lock-free, so the tick may read it */
static volatile sig_atomic_t armed;  /* ticks count; 0: a late one is ignored */
static volatile sig_atomic_t due;    /* a tick found the loop moving: it prints before its next op */
static volatile sig_atomic_t writing; /* the loop is printing its line */
static size_t seen;                  /* the tick's own: the op it saw last, and since when */
static double seen_since;

static double seconds_now(void) /* clock_gettime is async-signal-safe */
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- text without stdio, for the tick ---- */

struct text {
    char buf[1024];
    size_t len;
};

static void put(struct text *t, const char *s)
{
    while (*s && t->len + 1 < sizeof t->buf)
        t->buf[t->len++] = *s++;
}

/* n in decimal; with a comma between each group of three digits ("10,000,000") when grouped. */
static void put_number(struct text *t, size_t n, int grouped)
{
    char digits[32], out[48];
    int d = 0, o = 0;
    do
        digits[d++] = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    for (int i = d - 1; i >= 0; i--) {
        out[o++] = digits[i];
        if (grouped && i > 0 && i % 3 == 0)
            out[o++] = ',';
    }
    out[o] = '\0';
    put(t, out);
}

/* "verify-traces: PATH: N of M ops (P%), S s": the line both sides print. */
static void put_progress(struct text *t, size_t op, double now)
{
    size_t percent = replay.total == 0 ? 100 /* a tick between start and stop of an empty trace */
                     : op > (size_t)-1 / 100 ? op / (replay.total / 100) : op * 100 / replay.total;
    put(t, "verify-traces: "), put(t, replay.path), put(t, ": ");
    put_number(t, op, 1), put(t, " of "), put_number(t, replay.total, 1);
    put(t, " ops ("), put_number(t, percent, 0), put(t, "%), ");
    put_number(t, (size_t)(now - replay.started + 0.5), 0), put(t, " s");
}

static void send(const struct text *t)
{
    for (size_t off = 0; off < t->len;) {
        ssize_t n = write(STDERR_FILENO, t->buf + off, t->len - off);
        if (n <= 0 && errno != EINTR)
            return;
        off += n > 0 ? (size_t)n : 0;
    }
}

/* The loop is still in op `op`: say which, and for how long at least: since the tick that first saw
 * it (it began before that tick), in tenths as every measured span (tenths_of). */
static void stuck_line(size_t op, double now)
{
    struct text t = {.len = 0};
    put_progress(&t, op, now);
    unsigned tenths = tenths_of(now - seen_since);
    put(&t, "; op #"), put_number(&t, op, 0);
    if (replay.lines && op < replay.total)
        put(&t, " (line "), put_number(&t, replay.lines[op], 0), put(&t, ")");
    put(&t, " running for at least "), put_number(&t, tenths / 10, 0), put(&t, ".");
    put_number(&t, tenths % 10, 0), put(&t, " s\n");
    send(&t);
}

static void tick(int sig)
{
    (void)sig;
    int saved = errno;
    if (armed && !writing && !fuzz_report_printing()) {
        size_t op = atomic_load_explicit(&at, memory_order_relaxed);
        double now = seconds_now();
        if (op != seen) {
            seen = op, seen_since = now;
            due = 1;
        } else {
            due = 0;
            stuck_line(op, now);
        }
    }
    errno = saved;
}

/* ---- the replay's side ---- */

static timer_t timer;
static int have_timer;

int progress_start(const char *path, size_t total, const size_t *lines, double every)
{
    if (!have_timer) { /* the handler stays: a tick already queued when one stops finds it, not the default */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = tick;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        struct sigevent ev;
        memset(&ev, 0, sizeof ev);
        ev.sigev_notify = SIGEV_SIGNAL;
        ev.sigev_signo = SIGRTMIN;
        if (sigaction(SIGRTMIN, &sa, NULL) != 0 || timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0)
            return -1;
        have_timer = 1;
    }
    replay.path = path, replay.total = total, replay.lines = lines;
    replay.started = seen_since = seconds_now();
    atomic_store_explicit(&at, 0, memory_order_relaxed);
    seen = 0, due = 0, writing = 0;
    struct itimerspec every_ts;
    every_ts.it_value.tv_sec = (time_t)every;
    every_ts.it_value.tv_nsec = (long)((every - (double)(time_t)every) * 1e9);
    every_ts.it_interval = every_ts.it_value;
    armed = 1;
    if (timer_settime(timer, 0, &every_ts, NULL) != 0) {
        armed = 0;
        return -1;
    }
    return 0;
}

void progress_op(size_t op)
{
    fuzz_report_ended(); /* one that began in an earlier op returned: it silenced every later line (oracles.h) */
    atomic_store_explicit(&at, op, memory_order_relaxed);
    if (!due)
        return;
    due = 0;
    struct text t = {.len = 0};
    put_progress(&t, op, seconds_now());
    writing = 1;
    fprintf(stderr, "%.*s\n", (int)t.len, t.buf);
    writing = 0;
}

void progress_stop(void)
{
    armed = 0;
    if (have_timer)
        timer_settime(timer, 0, &(struct itimerspec){{0, 0}, {0, 0}}, NULL);
}
