/*
 * recheck.c - the free that broke the heap, for a report off a replay. The
 * engines run the checker at most once a free-all (ops.h), after its last
 * free, so a merge of the wrong chunks in one of its frees shows only there,
 * as checker_failed or not_pristine with no free named. Checking after each
 * free on every input would cost a walk of the heap per free (O(n^2) a
 * free-all); instead, once such an oracle has fired, a forked child runs
 * the input again, checked after every op and every free as make replay
 * checks it, and its first report's where and what are printed in the
 * parent's report. Clean runs pay nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "maps.h"
#include "oracle-report.h"

/* The child's limit: the parent's engine (libFuzzer's -timeout, 10 s in
 * fuzz/halloc.options) counts the wait as the input's time. Less in
 * check-adapters-calls.sh, which sees the line it ends with. */
#ifndef RECHECK_SECONDS
#define RECHECK_SECONDS 3
#endif

struct first_report {
    int found;
    char oracle[40];
    char where[FUZZ_OP_DESCRIPTION_MAX + 200];
    char what[2048];
};

static struct first_report *recording; /* set in the child only: its first report goes here */

/* A checker_failed or not_pristine found by a free-all (the final one, or
 * an op's) off a replay, with a checker to run between its frees; or a
 * pattern_corrupted found there, as off a replay blocks are verified only
 * every FUZZ_VERIFY_EVERY ops: the damage may be an op's long before (round
 * 15's randomized allocator, whose free junk-filled a live neighbour: the
 * report named no op). */
static int damage_found_late(const char *oracle) { return strcmp(oracle, "pattern_corrupted") == 0; }

static int worth_rechecking(const struct fuzz_ctx *c, const char *oracle)
{
    int in_free_all = c->phase ? c->cur >= c->nops && c->nops > 0
                               : c->cur < c->nops && c->ops[c->cur].kind == FUZZ_OP_FREE_ALL;
    int checked = c->opt.checker && c->a->check &&
                  (strcmp(oracle, "checker_failed") == 0 || strcmp(oracle, "not_pristine") == 0);
    return !recording && !c->thread && !c->opt.every_op && in_free_all && (checked || damage_found_late(oracle));
}

int fuzz_recheck_record(const struct fuzz_ctx *c, const char *oracle, const char *what)
{
    char op[FUZZ_OP_DESCRIPTION_MAX];
    if (!recording)
        return 0;
    if (c->phase) {
        snprintf(recording->where, sizeof recording->where, "ORACLE %s in %s", oracle, c->phase);
    } else {
        fuzz_describe_op(c, c->cur, op, sizeof op);
        snprintf(recording->where, sizeof recording->where, "ORACLE %s at op #%zu: %s", oracle, c->cur, op);
    }
    snprintf(recording->oracle, sizeof recording->oracle, "%s", oracle);
    snprintf(recording->what, sizeof recording->what, "%s", what);
    recording->found = 1;
    _exit(0); /* no atexit handler: libFuzzer's would call the exit a crash */
}

/* The child: quiet, its crashes its own (no engine's handler saves the
 * input again), bounded in time, its refusals not counted twice. */
static void run_again(const struct fuzz_ctx *c, struct first_report *out)
{
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGTRAP};
    const struct fuzz_op *ops = c->ops;
    size_t count = c->nops;
    struct fuzz_options opt = c->opt;
    opt.every_op = 1;
    opt.progress = NULL;
    opt.starting = NULL;
    recording = out;
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0)
        dup2(null, 2);
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    alarm(RECHECK_SECONDS);
    fuzz_einval_uncounted();
    fuzz_findings_reset();
    fuzz_heap_disown();
    fuzz_run_program(ops, count, &opt); /* c is the run's context: read above, before this run resets it */
    _exit(0);
}

/* The child's first report (1), or what ended it instead, in why (*clean:
 * it ended with no failure at all). */
static int first_report(const struct fuzz_ctx *c, struct first_report *out, char *why, size_t len, int *clean)
{
    int status;
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, len, "could not be forked (%s)", strerror(errno));
        return 0;
    }
    if (pid == 0)
        run_again(c, out);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            snprintf(why, len, "could not be waited for (%s)", strerror(errno));
            return 0;
        }
    if (out->found)
        return 1;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        snprintf(why, len, "ran out of its %d s", RECHECK_SECONDS);
    else if (WIFSIGNALED(status))
        snprintf(why, len, "crashed (signal %d) before any report", WTERMSIG(status));
    else if (WEXITSTATUS(status) != 0) /* a sanitizer's report exits so, on the stderr this run silences */
        snprintf(why, len, "exited with status %d before any report (a sanitizer's exit, say)", WEXITSTATUS(status));
    else
        snprintf(why, len, "ran clean: the failure did not come back"), *clean = 1;
    return 0;
}

void fuzz_recheck_print(const struct fuzz_ctx *c, const char *oracle)
{
    char why[128];
    int clean = 0;
    if (!worth_rechecking(c, oracle))
        return;
    char lead[96] = "a free-all checks the heap only after its last free";
    if (damage_found_late(oracle))
        snprintf(lead, sizeof lead, "off a replay, blocks are verified every %d ops and at their own free",
                 FUZZ_VERIFY_EVERY);
    struct first_report *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (r == MAP_FAILED)
        return;
    if (first_report(c, r, why, sizeof why, &clean))
        fprintf(stderr, "  first broken: %s; run again here, checked after every op and every free (as make "
                        "replay checks), the input stops at %s: %s%s\n", lead, r->where, r->what,
                strcmp(r->oracle, "not_pristine") != 0 ? ""
                : c->pristine_small ? " (the allocator's check passed after every free before it, before the "
                                      "harness's malloc(1) and free of it that the judgment starts with: what "
                                      "broke, its check does not see, or those two calls did)"
                                    : " (the allocator's check passed after every free before it: what broke, its "
                                      "check does not see)");
    /* A clean second run differs from the first in what the first left
     * behind in this process (and chance), which make replay's fresh
     * process does not have either: it may fail there, or need the inputs
     * an engine ran before this one. */
    else if (clean)
        fprintf(stderr, "  first broken: %s, and a second run here, checked after every free, %s (it met what the first run left in this process, or "
                        "chance); make replay (the reproduce line below) runs it in a fresh process, checked after "
                        "every free, and names the free that broke the heap; if that passes too, the failure needs "
                        "the inputs run before it (the replay line make fuzz or make fuzz-afl prints then adds "
                        "them: BEFORE=)\n", lead, why);
    else
        fprintf(stderr, "  first broken: %s, and a second run here, checked after every free, %s; make replay "
                        "(the reproduce line below) checks after every free and names the one that broke the "
                        "heap\n", lead, why);
    munmap(r, sizeof *r); /* through maps.c, as its mmap: the table stays as it was */
}
