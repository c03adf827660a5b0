/*
 * replay-run.c - replay's runs of one input: each in a forked child (or, with
 * -n, in this process), the way it ended read back as a verdict, and the
 * second run a crash context's HALLOC_FUZZ_USABLE=off offer asks for. The
 * command around them, its inputs and its -v traces are replay.c's.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "maps.h"
#include "replay-run.h"
#include "run.h"
#include "trace.h"
#include "../bench/text-input.h" /* NAME_SHOWN */

/* replay-run.h says what these two hold. */
struct fuzz_findings *replay_findings_seen = &fuzz_findings;
char replay_reported_here[4096];
static size_t *settle_stop; /* replay_settle_usable_hint's run: where it stopped (run.h's progress), shared with it */

static int run_in_child(const char *path, const struct fuzz_program *prog, const struct flags *f)
{
    struct fuzz_options opt = fuzz_options_default();
    opt.input = path;
    opt.every_op = !f->engine_schedule;
    if (replay_shared) {
        opt.progress = &replay_shared->progress;
        opt.starting = replay_op_starting;
    } else if (settle_stop) {
        opt.progress = settle_stop;
    }
    fuzz_install_crash_context();
    fuzz_set_timeout(f->timeout);
    fuzz_findings_reset(); /* with -n, the last input's are not this one's */
    int failed = fuzz_run_program(prog->ops, prog->count, &opt) != 0;
    fuzz_set_timeout(0); /* with -n, the next input must not inherit it */
    if (!failed && fuzz_env_switch("HALLOC_FUZZ_STATS") > 0) /* what the input cost, in figures no machine changes */
        fprintf(stderr, "halloc-fuzz: stats: %s: %zu op%s, %llu bytes of blocks filled or checked\n",
                NAME_SHOWN(path), prog->count, hl_plural_s(prog->count), fuzz_totals().block_bytes);
    if (failed) {
        fuzz_report_create_failure("replay");
        return 3;
    }
    return 0;
}

/* The child's exit status when its program ran to the end clean: not 0,
 * which an allocator's own exit(0) in the middle of an op gives too (it
 * replayed as "ok"). */
#define CHILD_RAN_CLEAN 86
/* ...and when it ran to the end but the harness lost track of the
 * allocator's mappings on the way (maps.c said so): not judged, not ok. */
#define CHILD_RAN_UNJUDGED 87
/* ...and when the run replay_settle_usable_hint makes could not be set up. */
#define CHILD_UNSETTLED 88
/* ...and when it ran to the end past a sanitizer's report (UBSan built to
 * recover): it replayed as "ok", exit 0. */
#define CHILD_RAN_REPORTED 89

/* How a run that returned rc ended: a verdict in this process (-n), an
 * exit status in a child (which leaves its findings to this process). */
static int ran(int rc, int in_child)
{
    if (in_child)
        *replay_findings_seen = fuzz_findings;
    if (rc != 0)
        return in_child ? rc : FIRED;
    if (fuzz_maps_lost())
        return in_child ? CHILD_RAN_UNJUDGED : UNJUDGED;
    if (fuzz_findings.ubsan + fuzz_findings.asan > 0)
        return in_child ? CHILD_RAN_REPORTED : REPORTED;
    return in_child ? CHILD_RAN_CLEAN : CLEAN;
}

/* How the child ended, as a verdict and a few words. */
static int child_verdict(int status, char *why, size_t len)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_RAN_CLEAN)
        return CLEAN;
    if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_RAN_UNJUDGED)
        return UNJUDGED;
    if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_RAN_REPORTED)
        return REPORTED;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        snprintf(why, len, "the process exited with status 0 before the input ended: the allocator called exit(0)");
        return FIRED;
    }
    if (WIFSIGNALED(status))
        snprintf(why, len, "%s (signal %d)",
                 WTERMSIG(status) == SIGABRT   ? "an oracle fired or abort()"
                 : WTERMSIG(status) == SIGALRM ? "timed out"
                                               : "crashed",
                 WTERMSIG(status));
    else
        snprintf(why, len, "exit status %d (sanitizer report or create() failure above, or the allocator's exit(%d))",
                 WEXITSTATUS(status), WEXITSTATUS(status));
    return FIRED;
}

/* How long a child may outlive its -t limit (and crash.c's grace of a
 * tenth) while its timeout report is printed. Past it, no report came or
 * one hung. None comes when the allocator keeps SIGALRM blocked in its
 * calls, or takes it for an alarm() of its own. The report's stack trace can
 * wait forever: when the limit rings while a sanitizer writes a report of
 * its own, the trace waits for the symbolizer's lock that report holds
 * (LLVM's runtime, gdb: timed_out -> __sanitizer_print_stack_trace ->
 * Symbolizer::SymbolizePC -> Semaphore::Wait, above the interrupted
 * report's SymbolizePC), and replay never ended. crash.c now leaves that
 * trace out while a report prints (check-replay-hang.sh); this stays for a
 * report that waits otherwise. Far above the seconds a real symbolizer takes. */
#ifndef REPLAY_REPORT_SECONDS_MAX
#define REPLAY_REPORT_SECONDS_MAX 30
#endif

static void limit_passed(int sig) { (void)sig; }

/* waitpid for the child pid run with -t timeout seconds: 1 when it ended
 * (*status), 0 when it could not be waited for, -1 when it was still there
 * REPLAY_REPORT_SECONDS_MAX past its limit and was killed (*status then its end). */
static int wait_run(pid_t pid, unsigned timeout, int *status)
{
    struct sigaction ring = {.sa_handler = limit_passed}, before; /* no SA_RESTART: the alarm ends waitpid */
    int hung = 0;
    sigemptyset(&ring.sa_mask);
    if (timeout > 0 && sigaction(SIGALRM, &ring, &before) == 0)
        alarm(timeout + (timeout + 9) / 10 + REPLAY_REPORT_SECONDS_MAX); /* crash.c's grace: a tenth more */
    else
        timeout = 0;
    pid_t got;
    while ((got = waitpid(pid, status, 0)) < 0 && errno == EINTR) /* only the alarm has a handler here */
        hung |= kill(pid, SIGKILL) == 0;
    if (timeout > 0) {
        alarm(0);
        sigaction(SIGALRM, &before, NULL);
    }
    return got != pid ? 0 : hung ? -1 : 1;
}

/* The few words of a run wait_run killed. */
static void hung_said(unsigned timeout, char *why, size_t len)
{
    snprintf(why, len, "killed after %u s (-t %u, then %u s for a timeout report): none ended. None begins if the "
             "allocator blocks SIGALRM in its calls or takes it for an alarm() of its own; one that began hung, most "
             "often its stack trace on the symbolizer. Replay with -n -t 0 in a debugger and interrupt it to see where",
             timeout + (timeout + 9) / 10 + REPLAY_REPORT_SECONDS_MAX, timeout, REPLAY_REPORT_SECONDS_MAX);
}

/* Runs the program once; a failure's few words go to why. */
int replay_run_program(const char *path, const struct fuzz_program *prog, const struct flags *f, char *why,
                       size_t why_len)
{
    int status;
    /* Before the run: a crash ends this process too with -n, and stdout
     * (a pipe or a file) would lose the traces -v printed. */
    fflush(stdout);
    fflush(stderr);
    if (f->no_fork) {
        int verdict = ran(run_in_child(path, prog, f), 0);
        if (fuzz_findings.ubsan + fuzz_findings.asan > 0)
            snprintf(replay_reported_here, sizeof replay_reported_here, "%s", path);
        return verdict;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("replay: fork");
        return UNREADABLE;
    }
    if (pid == 0) {
        int rc = run_in_child(path, prog, f);
        fflush(stdout); /* _exit flushes nothing */
        _exit(ran(rc, 1));
    }
    int waited = wait_run(pid, f->timeout, &status);
    if (waited == 0) {
        perror("replay: waitpid");
        return UNREADABLE;
    }
    if (waited < 0) {
        hung_said(f->timeout, why, why_len);
        return FIRED;
    }
    return child_verdict(status, why, why_len);
}

/* A failed run whose crash context offered HALLOC_FUZZ_USABLE=off (crash.c
 * sets *fuzz_usable_hint_offered, here in memory this process shares):
 * the same input once more with only the requested bytes written, its
 * output dropped, and one line saying which way it went. A clean run
 * convicts the fill; one that fails too proves only that a bug shows
 * without it (a free past its block, or a size a shrink kept stale, fails
 * either way, the fill perhaps what the first run met): its op is named. */
void replay_settle_usable_hint(const char *path, const struct fuzz_program *prog, const struct flags *f)
{
    int status;
    char why[REPLAY_WHY_MAX], at[FUZZ_OP_TEXT_MAX + 80] = "";
    size_t *stop = mmap(NULL, sizeof *stop, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    stop = stop == MAP_FAILED ? NULL : stop;
    if (stop)
        *stop = SIZE_MAX;
    pid_t pid = fork();
    if (pid == 0) {
        FILE *null = fopen("/dev/null", "w");
        if (!null || dup2(fileno(null), STDOUT_FILENO) < 0 || dup2(fileno(null), STDERR_FILENO) < 0 ||
            setenv("HALLOC_FUZZ_USABLE", "off", 1) != 0)
            _exit(CHILD_UNSETTLED);
        replay_shared = NULL, fuzz_usable_hint_offered = NULL, settle_stop = stop;
        fuzz_einval_uncounted(); /* the failed run counted this input's refusals */
        _exit(ran(run_in_child(path, prog, f), 1));
    }
    int waited = pid > 0 ? wait_run(pid, f->timeout, &status) : 0;
    if (stop && *stop < prog->count) {
        char text[FUZZ_OP_TEXT_MAX];
        fuzz_op_text(&prog->ops[*stop], text, sizeof text);
        snprintf(at, sizeof at, ", at op #%zu: %s", *stop, text);
    } else if (stop && *stop == prog->count) {
        snprintf(at, sizeof at, ", after the last op, in its final free-all or destroy");
    }
    if (stop)
        munmap(stop, sizeof *stop);
    if (!waited || (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_UNSETTLED))
        return;
    int verdict = waited < 0 ? (hung_said(f->timeout, why, sizeof why), FIRED) : child_verdict(status, why, sizeof why);
    if (verdict == CLEAN)
        printf("replay: %s: with HALLOC_FUZZ_USABLE=off (only the requested bytes written) it runs clean: the "
               "harness's writes past the requests, up to usable_size(), broke the allocator's data - "
               "usable_size() overstates\n", NAME_SHOWN(path));
    else if (verdict == FIRED)
        printf("replay: %s: with HALLOC_FUZZ_USABLE=off (only the requested bytes written) it fails too (%s%s): "
               "the bug shows without writes past the requests as well, so look at what the allocator did up to "
               "the op that run stopped at (a size kept stale, a write past a block), not at usable_size() "
               "alone; replay it with HALLOC_FUZZ_USABLE=off to see that run's report\n", NAME_SHOWN(path), why, at);
}
