/*
 * replay.c - run saved inputs without a fuzzing engine (any C compiler).
 *
 *   replay [-v] [-q] [-n] [-s] [-t SECONDS] [-r RUNS] PATH...
 *
 * PATH is a binary input, a text trace (a `version` header or a .txt name),
 * or a directory (its files, sorted; *.note and *.md are skipped; one with no
 * input file is an error, as is an input with no op that runs clean: empty,
 * shorter than a record, or a text trace's version line alone). Each input
 * runs in a forked child so one that fires an oracle or crashes does not stop
 * the others; one still running after -t seconds (default libFuzzer's
 * timeout in fuzz/halloc.options; 0: no limit) is stopped and its op named.
 * The allocator's checker and every block's pattern are checked after every
 * op, so a replay stops at the op that broke the heap; -s keeps the engines'
 * schedule (harness.h), as the run that saved the input had it. Exit: 0 all
 * clean, 1 an oracle fired or an input crashed, or ran unjudged in part (the
 * harness lost track of the allocator's mappings), or past a sanitizer's
 * report (UBSan built to recover: sanitizer-reports.c counts), 2 bad usage or an
 * unreadable input. -v prints each input as a text trace, each op as it
 * starts (a hang or a kill leaves the ops up to it on the screen), up to the
 * op where the run stopped (named), the middle of a long one left out (its
 * last ops printed when the run ends; -vv: all of it, each as it starts);
 * with -n, the whole input before the run; -n runs the inputs in this
 * process, and none after one run past a sanitizer's report (replay_reported_here).
 * -r runs each
 * input up to RUNS times, each in a fresh child, until it fails: for an
 * input that fails only sometimes (an allocator making random choices).
 * Unless -q, the end names the aligned_alloc calls refused with EINVAL in
 * all the runs (fuzz_einval_print), as a fuzzing run's end does.
 * `replay --unjudged [FILE]` prints only the line naming what the adapter's
 * claims leave unjudged (none if nothing), and the EINVAL refusals counted
 * in FILE (fuzz_einval_share_file): the end of a clean AFL++ run, whose
 * targets' output AFL++ hides; `replay --einval FILE` only the refusals:
 * the end of a failed one, where "clean only on..." would read wrong.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapter.h"
#include "harness.h"
#include "replay-args.h"
#include "replay-run.h"
#include "run.h"
#include "../allocator/hl_switch.h" /* HALLOC_FUZZ_USABLE read as run.c reads it */
#include "../bench/text-input.h"
#include "trace.h"

/* The default -t: libFuzzer's timeout, from fuzz/halloc.options (its one
 * place), which fuzz/build.mk passes as FUZZ_TIMEOUT_SECONDS. */
#ifndef FUZZ_TIMEOUT_SECONDS
#error "FUZZ_TIMEOUT_SECONDS is unset: build with make, or give -DFUZZ_TIMEOUT_SECONDS=N, N the timeout in fuzz/halloc.options"
#endif

struct shared *replay_shared;
static size_t streamed; /* ops printed as they start: a long trace's head, else all; 0 after the first run */

static void usage(FILE *out)
{
    fprintf(out, "usage: replay [-v] [-q] [-n] [-s] [-t SECONDS] [-r RUNS] PATH...  ('-': standard input)  or  replay --unjudged "
                    "[EINVAL-FILE]  or  replay --einval EINVAL-FILE\n"
                    "  -v  print each input as a text trace, each op as it starts (a long one's first %d ops then, its "
                    "middle left out, its last %d when the run ends; -vv: all as they start)\n"
                    "  -q  print only failures\n"
                    "  -n  run in this process, no fork (stops at the first failure, or after the first input run past a "
                    "sanitizer's report; for debuggers)\n"
                    "  -s  check on the fuzzers' schedule, not after every op (as the run that saved it)\n"
                    "  -t  stop an input still running after SECONDS and name its op (default %u, libFuzzer's timeout "
                    "in fuzz/halloc.options; 0: never)\n"
                    "  -r  run each input up to RUNS times, each in a fresh child, until it fails (default 1)\n"
                    "  --unjudged  print only what the adapter's claims leave unjudged (as a clean fuzzing run ends)\n",
            TRACE_HEAD, TRACE_TAIL, (unsigned)FUZZ_TIMEOUT_SECONDS);
}

/* An op's trace line, with why it does not run as a comment. */
static void op_line(const struct fuzz_op *op, const char *not_run, char *out, size_t len)
{
    char text[FUZZ_OP_TEXT_MAX];
    fuzz_op_text(op, text, sizeof text);
    snprintf(out, len, "%s%s%s", text, not_run ? "  # " : "", not_run ? not_run : "");
}

/* A line with `mark` added to its comment, or starting one. */
static void print_marked(const char *line, const char *mark)
{
    printf("%s%s%s\n", line, !mark ? "" : strstr(line, "  # ") ? "; " : "  # ", mark ? mark : "");
}

/* -n prints the trace before the run: op i's note from the slots' history
 * (fuzz_op_not_run_dry), each op before it passed through once, in order. */
struct dry_run {
    size_t filled[FUZZ_SLOTS], next;
};

static void print_op(const struct fuzz_program *prog, size_t i, struct dry_run *dry, const char *mark)
{
    char line[TRACE_LINE_MAX], note[FUZZ_DRY_NOTE_MAX];
    const char *not_run = NULL;
    for (; dry->next <= i; dry->next++)
        not_run = fuzz_op_not_run_dry(&fuzz_allocator, &prog->ops[dry->next], dry->next, dry->filled, note,
                                      sizeof note);
    op_line(&prog->ops[i], not_run, line, sizeof line);
    print_marked(line, mark);
}

/* run.h's starting hook, in the child: op i's line, now or into the ring. */
void replay_op_starting(size_t i, const struct fuzz_op *op, const char *not_run)
{
    char line[TRACE_LINE_MAX];
    op_line(op, not_run, line, sizeof line);
    if (i < streamed) {
        printf("%s\n", line);
        fflush(stdout);
    } else {
        memcpy(replay_shared->ring[i % TRACE_RING], line, sizeof line);
    }
}


/* The input as a text trace (-v) from op `from` on, each op this adapter
 * never runs marked by a comment, so the trace still replays as it reads;
 * ops left out of a long one (unless -vv) are one comment line saying which
 * and how to see them. A run that failed at op `stop` (run.h's progress) is
 * printed up to it, marked: the ops after it never ran, and the trace
 * printed replays it. Run.h's progress is SIZE_MAX before op #0 and the op
 * count after the last; WHOLE prints every op, unmarked. The lines come
 * from the ring after a forked run (the ops the child did not print). */
#define WHOLE (SIZE_MAX - 1)
static void print_trace(const char *path, const struct fuzz_program *prog, const struct flags *f, size_t from,
                        size_t stop)
{
    size_t shown = stop == SIZE_MAX ? 0 : stop < prog->count ? stop + 1 : prog->count;
    size_t head = shown, tail_from = shown;
    if (f->verbose < 2 && shown > TRACE_SHOWN_MAX) {
        head = TRACE_HEAD;
        tail_from = shown - TRACE_TAIL;
    }
    const char *mark = "<- the run stopped at this op: the report above says why";
    struct dry_run dry = {{0}, 0};
    for (size_t i = from; i < shown; i++) {
        if (i == head && head < tail_from) {
            printf("# ... ops #%zu..#%zu left out (%zu of them; the whole trace: %s -vv %s)\n", head,
                   tail_from - 1, tail_from - head, f->self, NAME_SHOWN(path));
            i = tail_from - 1;
        } else if (replay_shared) {
            print_marked(replay_shared->ring[i % TRACE_RING], i == stop ? mark : NULL);
        } else {
            print_op(prog, i, &dry, i == stop ? mark : NULL);
        }
    }
    if (stop < from)
        printf("# the run stopped at op #%zu, the last op printed above its report: that says why\n", stop);
    if (stop == SIZE_MAX && prog->count > 0)
        printf("# the run stopped before op #0 (ops #0..#%zu never ran): the report above says where\n",
               prog->count - 1);
    else if (stop + 1 < prog->count)
        printf("# ops #%zu..#%zu after it never ran (%zu of them)\n", stop + 1, prog->count - 1,
               prog->count - stop - 1);
    else if (stop == prog->count)
        printf("# the run stopped after the last op (in its final free-all or destroy): the report above says "
               "where\n");
}

/* -v, after a forked run ended (stop: where, as print_trace takes it): the
 * first run's trace finished; of a later run (-r), where it stopped. */
static void after_run(const char *path, const struct fuzz_program *prog, const struct flags *f, unsigned run,
                      size_t stop)
{
    size_t from = streamed;
    streamed = 0; /* a trace is printed once: later runs print no op as it starts */
    if (run == 1)
        print_trace(path, prog, f, from, stop);
    else if (stop == SIZE_MAX)
        printf("# run %u stopped before op #0: the report above says where\n", run);
    else if (stop == prog->count)
        printf("# run %u stopped after the last op (in its final free-all or destroy): the report above says "
               "where\n", run);
    else if (stop < prog->count)
        printf("# run %u stopped at op #%zu, %s: the report above says why\n", run, stop,
               replay_shared->ring[stop % TRACE_RING]);
    fflush(stdout);
}


/* An input with no op ran clean: "ok (0 ops)" judged nothing but create and
 * destroy, so it is refused as a .rep is (fuzz_input_refusal). It still ran:
 * an empty crash file (libFuzzer's first input) replays a create() crash. */
static int no_ops(const char *path)
{
    struct stat st;
    int empty = !trace_input_is_stdin(path) && stat(path, &st) == 0 && st.st_size == 0;
    fprintf(stderr, "replay: %s: holds no operations (%s), so only the heap's create and destroy ran (clean) and no "
            "op was judged; give the saved input you meant (an engine's crash-* file, or one in corpus/)\n", NAME_SHOWN(path),
            empty ? "the file is empty" : "no whole 4-byte record, or a text trace with no op line");
    return UNREADABLE;
}

/* An input named alone that ran clean with the allocator's check() after
 * every op runs once more on the engines' schedule, as the run that saved it
 * was checked: a check() that writes state the allocator reads (a search
 * hint reset, a list repaired) hides, called after every op, the bug the
 * fuzzer met (round 13b's TLSF with its check replayed clean). Not a
 * directory's inputs, which replay by the hundred and are meant clean. */
static int rerun_on_schedule(const char *path, const struct fuzz_program *prog, const struct flags *f,
                             unsigned run, char *why, size_t len)
{
    struct flags on_schedule = *f;
    on_schedule.engine_schedule = 1;
    int verdict = replay_run_program(path, prog, &on_schedule, why, len);
    if (replay_shared && verdict != UNREADABLE)
        after_run(path, prog, f, run + 1, verdict == FIRED ? replay_shared->progress : WHOLE);
    return verdict;
}

static void say_check_hid_it(const char *path)
{
    printf("replay: %s: it runs clean with the allocator's check() after every op and fails with check() on the "
           "fuzzers' schedule (replay -s: after each of the first %d ops, then every %dth), as in the run that "
           "saved it: calling check() more often changed what the allocator did, so check() writes state the "
           "allocator reads (a search hint, a cache, a list it repairs), unless the allocator makes random choices "
           "(replay -r); the report above is from the run on the schedule\n",
           NAME_SHOWN(path), FUZZ_FULL_CHECK_OPS, FUZZ_CHECK_EVERY);
}

static int replay_file(const char *path, const struct fuzz_program *prog, const struct flags *f)
{
    char why[REPLAY_WHY_MAX] = "";
    if (f->verbose)
        printf("# %s\nversion %d\n", NAME_SHOWN(path), FUZZ_ENCODING_VERSION);
    if (f->verbose && !replay_shared)
        print_trace(path, prog, f, 0, WHOLE); /* -n: the whole trace now, a crash may end this process */
    streamed = f->verbose > 1 || prog->count <= TRACE_SHOWN_MAX ? prog->count : TRACE_HEAD;
    int verdict = CLEAN;
    unsigned run = 0;
    while (verdict == CLEAN && run < f->runs) {
        run++;
        if (fuzz_usable_hint_offered)
            *fuzz_usable_hint_offered = 0;
        verdict = replay_run_program(path, prog, f, why, sizeof why);
        if (replay_shared && verdict != UNREADABLE)
            after_run(path, prog, f, run, verdict == FIRED ? replay_shared->progress : WHOLE);
    }
    int check_hid_it = 0;
    if (verdict == CLEAN && f->schedule_too && fuzz_allocator.check && fuzz_options_default().checker) {
        verdict = rerun_on_schedule(path, prog, f, run, why, sizeof why);
        check_hid_it = verdict != CLEAN && verdict != UNREADABLE;
    }
    int unjudged = verdict == UNJUDGED, reported = verdict == REPORTED;
    char found[512];
    if (reported && fuzz_findings_text(replay_findings_seen, NULL, found, sizeof found) > 0)
        printf("replay: %s: %zu op%s run, but %s\n", NAME_SHOWN(path), prog->count, hl_plural_s(prog->count), found);
    if (unjudged)
        printf("replay: %s: NOT JUDGED: it ran to its end, but the harness lost track of the allocator's mappings "
               "on the way (the halloc-fuzz line above says why), so its munmap calls were not all judged; free "
               "memory or raise ulimit -v and replay it again\n", NAME_SHOWN(path));
    verdict = unjudged || reported ? FIRED : verdict;
    if (verdict != CLEAN && why[0])
        printf("replay: %s: FAILED: %s\n", NAME_SHOWN(path), why);
    if (check_hid_it)
        say_check_hid_it(path);
    if (verdict == FIRED && !unjudged && fuzz_usable_hint_offered && *fuzz_usable_hint_offered)
        replay_settle_usable_hint(path, prog, f);
    if (verdict == FIRED && run > 1 && !unjudged)
        printf("replay: %s: failed on run %u, after %u clean run%s: the allocator does not do the same thing "
               "twice with this input (fuzz/ADAPTER-EXAMPLES.md, \"A randomised allocator\")\n",
               NAME_SHOWN(path), run, run - 1, hl_plural_s(run - 1));
    if (verdict == CLEAN && prog->count == 0)
        return no_ops(path);
    if (verdict == CLEAN && !f->quiet && run > 1)
        printf("replay: %s: ok (%zu op%s, %u runs)\n", NAME_SHOWN(path), prog->count, hl_plural_s(prog->count), run);
    else if (verdict == CLEAN && !f->quiet)
        printf("replay: %s: ok (%zu op%s)\n", NAME_SHOWN(path), prog->count, hl_plural_s(prog->count));
    return verdict;
}

static int replay_path(const char *path, const struct flags *f)
{
    struct fuzz_program prog;
    char err[FUZZ_ERROR_MAX];
    if (replay_reported_here[0]) {
        printf("replay: %s: NOT RUN: with -n every input runs in this one process, whose sanitizer, built to "
               "recover, reports each place once: after the report in %s a report here at the same place would "
               "not come, and the input would pass as clean; replay it without -n (each input in a child of "
               "its own)\n", NAME_SHOWN(path), replay_reported_here);
        return FIRED;
    }
    if (fuzz_program_load(path, FUZZ_TEXT_INPUT, &prog, err, sizeof err) != 0) {
        fprintf(stderr, "replay: %s\n", err);
        return UNREADABLE;
    }
    if (prog.count > FUZZ_MAX_OPS && !f->quiet) /* what the engines do with it */
        fprintf(stderr, "replay: %s: %zu ops; only the first %zu run, as under the fuzzers (FUZZ_MAX_OPS, fuzz/ops.h)\n",
                NAME_SHOWN(path), prog.count, fuzz_ops_capped(prog.count));
    prog.count = fuzz_ops_capped(prog.count);
    int verdict = replay_file(path, &prog, f);
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
    /* corpus/ as a shell completes it names corpus/x, not corpus//x */
    const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
    if (n < 0) {
        fprintf(stderr, "replay: %s: cannot list the directory (%s); check the path\n", NAME_SHOWN(dir), strerror(errno));
        return UNREADABLE;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s%s%s", dir, sep, names[i]->d_name);
        if (!skipped_name(names[i]->d_name) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            verdict = worst(verdict, replay_path(path, f));
            inputs++;
        }
        free(names[i]);
    }
    free(names);
    /* Nothing replayed is no evidence of a clean run: a wrong or emptied
     * directory (say, crashes/ before any crash) would pass silently. */
    if (inputs == 0) {
        fprintf(stderr, "replay: %s: the directory holds no input files (dot files, *.note and *.md are "
                        "skipped); give a file or a directory of saved inputs\n", NAME_SHOWN(dir));
        return UNREADABLE;
    }
    return verdict;
}

/* -v: the op the child stops at and the ring, in memory both processes see. */
static int start_sharing(void)
{
    replay_shared = mmap(NULL, sizeof *replay_shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (replay_shared != MAP_FAILED)
        return 1;
    fprintf(stderr, "replay: -v cannot map %zu bytes to share with the runs (%s); give -n, which prints the whole "
                    "trace first\n", sizeof *replay_shared, strerror(errno));
    replay_shared = NULL;
    return 0;
}

int main(int argc, char **argv)
{
    struct flags f = {.timeout = FUZZ_TIMEOUT_SECONDS, .runs = 1, .self = argv[0]};
    int opt, verdict = CLEAN;
    if (argc == 3 && strcmp(argv[1], "--einval") == 0) { /* a failed make fuzz-afl's end: the count alone */
        fuzz_einval_share_file(argv[2], 1);
        fuzz_einval_print();
        return CLEAN;
    }
    if ((argc == 2 || argc == 3) && strcmp(argv[1], "--unjudged") == 0) {
        fuzz_require_valid_adapter();
        if (argc == 3)
            fuzz_einval_share_file(argv[2], 1);
        fuzz_print_unjudged();
        return CLEAN;
    }
    if (text_help_asked(argc, argv))
        return usage(stdout), CLEAN;
    while ((opt = getopt(argc, argv, "vqnst:r:")) != -1) {
        if (opt == 'v') f.verbose++;
        else if (opt == 'q') f.quiet = 1;
        else if (opt == 'n') f.no_fork = 1;
        else if (opt == 's') f.engine_schedule = 1;
        /* A bad value's one line says what to give (no usage after it), as threads-replay's. */
        else if (opt == 't') { if (!parse_seconds("replay", optarg, &f.timeout)) return UNREADABLE; }
        else if (opt == 'r') { if (!parse_runs("replay", optarg, 1, &f.runs)) return UNREADABLE; }
        else return usage(stderr), UNREADABLE;
    }
    if (f.no_fork && f.runs > 1) {
        fprintf(stderr, "replay: -r runs each input in a fresh child, -n in this process: give one of them\n");
        return UNREADABLE;
    }
    if (optind == argc) {
        usage(stderr);
        return UNREADABLE;
    }
    if (text_refuse_stdin_twice("replay", argv + optind, argc - optind))
        return UNREADABLE;
    fuzz_require_valid_adapter();
    fuzz_einval_share(); /* every input's child, -r's repeats too, adds its refusals for the line at the end */
    if (f.verbose && !f.no_fork && !start_sharing())
        return UNREADABLE;
    /* Where the forked runs say they offered HALLOC_FUZZ_USABLE=off (none with -n, -q or that switch set). */
    void *hint = f.no_fork || f.quiet || hl_env("HALLOC_FUZZ_USABLE") || !fuzz_allocator.usable_size
                     ? MAP_FAILED
                     : mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    fuzz_usable_hint_offered = hint == MAP_FAILED ? NULL : hint;
    void *seen = f.no_fork ? MAP_FAILED
                           : mmap(NULL, sizeof *replay_findings_seen, PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!f.no_fork && seen == MAP_FAILED) {
        fprintf(stderr, "replay: cannot map %zu bytes to share with the runs (%s); give -n, which runs each input "
                "in this process\n", sizeof *replay_findings_seen, strerror(errno));
        return UNREADABLE;
    }
    replay_findings_seen = f.no_fork ? &fuzz_findings : seen;
    struct flags alone = f; /* an input named, not a directory's: rerun_on_schedule */
    alone.schedule_too = !f.engine_schedule && !f.no_fork;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (trace_input_is_stdin(argv[i])) { /* "-": standard input, as for bench and verify-traces */
            verdict = worst(verdict, replay_path(argv[i], &alone));
        } else if (stat(argv[i], &st) != 0) {
            char err[FUZZ_ERROR_MAX]; /* worded as every tool words it */
            text_cannot_open(err, sizeof err, argv[i], errno);
            fprintf(stderr, "replay: %s\n", err);
            verdict = worst(verdict, UNREADABLE);
        } else {
            verdict = worst(verdict, S_ISDIR(st.st_mode) ? replay_dir(argv[i], &f) : replay_path(argv[i], &alone));
        }
    }
    fflush(stdout); /* the verdicts above it, in a log that has both */
    if (!f.quiet)
        fuzz_einval_print();
    if (fflush(stdout) != 0 || ferror(stdout)) { /* a full disk: the traces and verdicts written are incomplete */
        fprintf(stderr, "replay: cannot write standard output (%s); what it printed is incomplete: free some space "
                "or write elsewhere\n", strerror(errno));
        verdict = worst(verdict, UNREADABLE);
    }
    return verdict;
}
