/*
 * replay.c - run saved inputs without a fuzzing engine (any C compiler).
 *
 *   replay [-v] [-q] [-n] [-s] [-t SECONDS] [-r RUNS] PATH...
 *
 * PATH is a binary input, a text trace (a `version` header or a .txt name),
 * or a directory (its files, sorted; *.note and *.md are skipped; one with no
 * input file is an error, an empty file a program of 0 ops). Each input
 * runs in a forked child so one that fires an oracle or crashes does not stop
 * the others; one still running after -t seconds (default 10, libFuzzer's
 * timeout in fuzz/halloc.options; 0: no limit) is stopped and its op named.
 * The allocator's checker and every block's pattern are checked after every
 * op, so a replay stops at the op that broke the heap; -s keeps the engines'
 * schedule (harness.h), as the run that saved the input had it. Exit: 0 all
 * clean, 1 an oracle fired or an input crashed, 2 bad usage or an
 * unreadable input. -v prints each input as a text trace
 * first, the middle of a long one left out (-vv: all of it). -r runs each
 * input up to RUNS times, each in a fresh child, until it fails: for an
 * input that fails only sometimes (an allocator making random choices).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adapter.h"
#include "harness.h"
#include "run.h"
#include "trace.h"

enum { CLEAN = 0, FIRED = 1, UNREADABLE = 2 };

struct flags {
    int verbose, quiet, no_fork, engine_schedule;
    unsigned timeout, runs;
    const char *self; /* argv[0], for the command that prints a whole trace */
};

/* -v prints a trace of more than TRACE_SHOWN_MAX ops as its first
 * TRACE_HEAD and last TRACE_TAIL: with the report after it (whose history
 * has the ops up to the one that failed) that fits on one screen, where a
 * long-churn seed's 942 ops pushed everything but the report off it. */
enum { TRACE_HEAD = 12, TRACE_TAIL = 6, TRACE_SHOWN_MAX = 24 };

static void usage(void)
{
    fprintf(stderr, "usage: replay [-v] [-q] [-n] [-s] [-t SECONDS] [-r RUNS] PATH...\n"
                    "  -v  print each input as a text trace before running it "
                    "(a long one's middle left out; -vv: all)\n"
                    "  -q  print only failures\n"
                    "  -n  run in this process, no fork (stops at the first failure; for debuggers)\n"
                    "  -s  check on the fuzzers' schedule, not after every op (as the run that saved it)\n"
                    "  -t  stop an input still running after SECONDS and name its op (default 10; 0: never)\n"
                    "  -r  run each input up to RUNS times, each in a fresh child, until it fails (default 1)\n");
}

static int run_in_child(const char *path, const struct fuzz_program *prog, const struct flags *f)
{
    struct fuzz_options opt = fuzz_options_default();
    opt.input = path;
    opt.every_op = !f->engine_schedule;
    fuzz_install_crash_context();
    fuzz_set_timeout(f->timeout);
    int failed = fuzz_run_program(prog->ops, prog->count, &opt) != 0;
    fuzz_set_timeout(0); /* with -n, the next input must not inherit it */
    if (failed) {
        fuzz_report_create_failure("replay");
        return 3;
    }
    return 0;
}

/* How the child ended, as a verdict and a few words. */
static int child_verdict(int status, char *why, size_t len)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return CLEAN;
    if (WIFSIGNALED(status))
        snprintf(why, len, "%s (signal %d)",
                 WTERMSIG(status) == SIGABRT   ? "an oracle fired or abort()"
                 : WTERMSIG(status) == SIGALRM ? "timed out"
                                               : "crashed",
                 WTERMSIG(status));
    else
        snprintf(why, len, "exit status %d (sanitizer report or create() failure above)", WEXITSTATUS(status));
    return FIRED;
}

static int run_program(const char *path, const struct fuzz_program *prog, const struct flags *f)
{
    char why[96];
    int status;
    /* Before the run: a crash ends this process too with -n, and stdout
     * (a pipe or a file) would lose the traces -v printed. */
    fflush(stdout);
    fflush(stderr);
    if (f->no_fork)
        return run_in_child(path, prog, f) == 0 ? CLEAN : FIRED;
    pid_t pid = fork();
    if (pid < 0) {
        perror("replay: fork");
        return UNREADABLE;
    }
    if (pid == 0)
        _exit(run_in_child(path, prog, f));
    if (waitpid(pid, &status, 0) < 0) {
        perror("replay: waitpid");
        return UNREADABLE;
    }
    int verdict = child_verdict(status, why, sizeof why);
    if (verdict != CLEAN)
        printf("replay: %s: FAILED: %s\n", path, why);
    return verdict;
}

static void print_op(const struct fuzz_op *op)
{
    char line[FUZZ_OP_TEXT_MAX];
    const char *not_run = fuzz_op_not_run(&fuzz_allocator, op);
    fuzz_op_text(op, line, sizeof line);
    printf("%s%s%s\n", line, not_run ? "  # " : "", not_run ? not_run : "");
}

/* The input as a text trace (-v), each op this adapter never runs marked by
 * a comment, so the trace still replays as it reads; ops left out of a long
 * one (unless -vv) are one comment line saying which and how to see them. */
static void print_trace(const char *path, const struct fuzz_program *prog, const struct flags *f)
{
    size_t head = prog->count, tail_from = prog->count;
    if (f->verbose < 2 && prog->count > TRACE_SHOWN_MAX) {
        head = TRACE_HEAD;
        tail_from = prog->count - TRACE_TAIL;
    }
    printf("# %s\nversion %d\n", path, FUZZ_ENCODING_VERSION);
    for (size_t i = 0; i < head; i++)
        print_op(&prog->ops[i]);
    if (head < tail_from)
        printf("# ... ops #%zu..#%zu left out (%zu of them; the whole trace: %s -vv %s)\n", head, tail_from - 1,
               tail_from - head, f->self, path);
    for (size_t i = tail_from; i < prog->count; i++)
        print_op(&prog->ops[i]);
}

static int replay_file(const char *path, const struct flags *f)
{
    struct fuzz_program prog;
    char err[FUZZ_ERROR_MAX];
    if (fuzz_program_load(path, &prog, err, sizeof err) != 0) {
        fprintf(stderr, "replay: %s\n", err);
        return UNREADABLE;
    }
    if (f->verbose)
        print_trace(path, &prog, f);
    int verdict = CLEAN;
    unsigned run = 0;
    while (verdict == CLEAN && run < f->runs) {
        run++;
        verdict = run_program(path, &prog, f);
    }
    if (verdict == FIRED && run > 1)
        printf("replay: %s: failed on run %u, after %u clean run%s: the allocator does not do the same thing "
               "twice with this input (fuzz/ADAPTERS.md, \"A randomised allocator\")\n",
               path, run, run - 1, run == 2 ? "" : "s");
    if (verdict == CLEAN && !f->quiet && run > 1)
        printf("replay: %s: ok (%zu ops, %u runs)\n", path, prog.count, run);
    else if (verdict == CLEAN && !f->quiet)
        printf("replay: %s: ok (%zu ops)\n", path, prog.count);
    fuzz_program_free(&prog);
    return verdict;
}

static int skipped_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || (n > 5 && strcmp(name + n - 5, ".note") == 0) ||
           (n > 3 && strcmp(name + n - 3, ".md") == 0);
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static int worst(int a, int b) { return a == FIRED || b == FIRED ? FIRED : (a > b ? a : b); }

static int replay_dir(const char *dir, const struct flags *f)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name), verdict = CLEAN, inputs = 0;
    if (n < 0) {
        fprintf(stderr, "replay: %s: cannot list the directory (%s); check the path\n", dir, strerror(errno));
        return UNREADABLE;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (!skipped_name(names[i]->d_name) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            verdict = worst(verdict, replay_file(path, f));
            inputs++;
        }
        free(names[i]);
    }
    free(names);
    /* Nothing replayed is no evidence of a clean run: a wrong or emptied
     * directory (say, crashes/ before any crash) would pass silently. */
    if (inputs == 0) {
        fprintf(stderr, "replay: %s: the directory holds no input files (dot files, *.note and *.md are "
                        "skipped); give a file or a directory of saved inputs\n", dir);
        return UNREADABLE;
    }
    return verdict;
}

/* A whole number from min to max, in digits alone; 0 if text is not one. */
static int parse_whole(const char *text, unsigned long min, unsigned long max, unsigned *out)
{
    char *end;
    unsigned long n = strtoul(text, &end, 10);
    if (*text < '0' || *text > '9' || *end || n < min || n > max)
        return 0;
    *out = (unsigned)n;
    return 1;
}

/* -r: a number of runs, 1 to RUNS_MAX. */
enum { RUNS_MAX = 100000 };
static int parse_runs(const char *text, unsigned *out)
{
    if (parse_whole(text, 1, RUNS_MAX, out))
        return 1;
    fprintf(stderr, "replay: -r '%s' is not a number of runs from 1 to %d; e.g. -r 20\n", text, RUNS_MAX);
    return 0;
}

/* -t: a whole number of seconds, 0 to a day. */
static int parse_seconds(const char *text, unsigned *out)
{
    if (parse_whole(text, 0, 86400, out))
        return 1;
    fprintf(stderr, "replay: -t '%s' is not a number of seconds from 0 to 86400; e.g. -t 10, or -t 0 for no limit\n",
            text);
    return 0;
}

int main(int argc, char **argv)
{
    struct flags f = {.timeout = 10, .runs = 1, .self = argv[0]};
    int opt, verdict = CLEAN;
    while ((opt = getopt(argc, argv, "vqnst:r:")) != -1) {
        if (opt == 'v') f.verbose++;
        else if (opt == 'q') f.quiet = 1;
        else if (opt == 'n') f.no_fork = 1;
        else if (opt == 's') f.engine_schedule = 1;
        else if (opt == 't' && parse_seconds(optarg, &f.timeout)) continue;
        else if (opt == 'r' && parse_runs(optarg, &f.runs)) continue;
        else return usage(), UNREADABLE;
    }
    if (f.no_fork && f.runs > 1) {
        fprintf(stderr, "replay: -r runs each input in a fresh child, -n in this process: give one of them\n");
        return UNREADABLE;
    }
    if (optind == argc) {
        usage();
        return UNREADABLE;
    }
    fuzz_require_valid_adapter();
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: no such file or directory; check the path\n", argv[i]);
            verdict = worst(verdict, UNREADABLE);
        } else {
            verdict = worst(verdict, S_ISDIR(st.st_mode) ? replay_dir(argv[i], &f) : replay_file(argv[i], &f));
        }
    }
    return verdict;
}
