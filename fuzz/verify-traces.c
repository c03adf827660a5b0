/*
 * verify-traces.c - replay classic allocator-lab traces (the .rep format,
 * bench/trace.h) against any adapter, checking every op the way a lab driver
 * checks correctness, with the fuzzer's oracles:
 *
 *   - every request is served (a NULL is reported with what was live);
 *   - every pointer is aligned as the adapter promises, and inside the heap
 *     when it can say (FUZZ_HAS_BOUNDS);
 *   - no two live blocks overlap;
 *   - every usable byte of every live block keeps the pattern written into it
 *     (checked at its free and realloc, and in all blocks at each checker
 *     run; next to every block placed or resized, at the neighbours' edges);
 *   - realloc keeps min(old usable, new size) bytes;
 *   - the allocator's checker passes and its stats agree with the trace.
 *
 *   verify-traces [-c N] [-H BYTES] [-p SECONDS] TRACE.rep...
 *     -c N      the full check (checker, stats, every block's bytes) after every
 *               Nth op; default: the fuzzer's schedule (harness.h), thinned out
 *               when many blocks are live (check_due), and the end
 *     -H BYTES  create() size; default 4 x the trace's peak live payload, >= 1 MiB
 *     -p SECONDS  a progress line to stderr every SECONDS of a longer replay, by
 *               a timer (progress.c), so during one slow op too (default 10, at
 *               least 0.1; 0: none): a 10M-op trace ran 11 minutes silent
 *   HALLOC_FUZZ_USABLE=off: usable_size is not asked, as in the fuzzer: a block
 *   is its requested bytes, and only those are written and checked.
 *
 * The first failure in a trace ends that trace with one screen: the trace
 * line, what is wrong and its likely cause, the block's history, the
 * checker's verdict and the ops before it; the next trace still runs. Of
 * several traces each runs in a child process of its own (verify_alone), so
 * a sanitizer's report in one does not hide the next one's at the same
 * place. A crash inside the allocator prints the trace line it happened at
 * (after the sanitizer's report in sanitizer builds), and ends the run. A
 * trace with no operation (line 3 says 0, say, above lines it then does not
 * read) is left out with a note, as make bench leaves it out
 * (trace_note_left). Exit 0: every trace run
 * clean; 1: a failure (a sanitizer's report the run went on past too); 2:
 * bad usage, a trace that cannot be read (one line saying why), or none with
 * an operation to verify.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "shadow-model.h"
#include "progress.h"
#include "verify-one-trace.h"
#include "../bench/mem.h"
#include "../bench/size-arg.h"
#include "../bench/text-input.h" /* text_help_asked */
#include "../bench/trace.h" /* the lab format; fuzz/trace.h is the fuzzer text format */

/* why (NULL: help was asked for, the usage alone to stdout, exit 0) and the usage. */
static int usage(const char *why)
{
    FILE *out = why ? stderr : stdout;
    if (why)
        fprintf(out, "verify-traces: %s\n", why);
    fprintf(out, "usage: verify-traces [-c N] [-H BYTES] [-p SECONDS] [--] TRACE.rep...\n"
                    "  -c N        full check (the allocator's checker, its stats, every block's bytes) after\n"
                    "              every Nth op (default: each of the first %d ops, then every %dth, or every\n"
                    "              (live blocks / %d)th or (live bytes / %d)th when longer; always at the end)\n"
                    "  -H BYTES    create() size, K/M/G suffixes (default: 4 x the trace's peak live payload, "
                    ">= 1M)\n"
                    "  -p SECONDS  a progress line (ops done, seconds) to stderr every SECONDS of a replay\n"
                    "              that runs longer, also while one op runs on (default %.0f, at least 0.1; 0: none)\n"
                    "  HALLOC_FUZZ_USABLE=off in the environment: write and check only the requested bytes\n",
            FUZZ_FULL_CHECK_OPS, FUZZ_CHECK_EVERY, CHECK_SPREAD, CHECK_SPREAD_BYTES, PROGRESS_EVERY_DEFAULT);
    return why ? 2 : 0;
}

/* -H, or 4 x the trace's peak live payload and at least 1 MiB. */
static size_t create_size(const trace *t, size_t heap_bytes)
{
    if (heap_bytes)
        return heap_bytes;
    size_t bytes = t->peak_live > SIZE_MAX / 4 ? SIZE_MAX : 4 * t->peak_live;
    return bytes < ((size_t)1 << 20) ? (size_t)1 << 20 : bytes;
}

/* 0 clean, 1 a failure, 2 unreadable; LEFT_OUT: no operation to verify
 * (trace_note_left said why), which make bench leaves out too. */
#define LEFT_OUT 3

static int verify_file(const char *path, size_t check_every, size_t heap_bytes, int usable, double progress_every)
{
    char err[TRACE_ERROR_LEN];
    trace t;
    trace_warn_if_big("verify-traces", path, stderr);
    if (trace_load(path, &t, err, sizeof err) != 0) {
        fprintf(stderr, "verify-traces: %s\n", err);
        return 2;
    }
    if (t.unfinished)
        trace_note_unfinished(&t, "verify-traces", path, stderr);
    trace_note_left(&t, path, "verify", stdout);
    if (t.n_ops == 0) {
        trace_free(&t);
        return LEFT_OUT;
    }
    struct verifier v = {.a = &fuzz_allocator, .path = path, .t = &t, .check_every = check_every,
                         .usable = usable, .progress_every = progress_every};
    /* By id up to the highest the trace uses and free(NULL)'s (trace.h), not
     * the count its header declares (up to TRACE_MAX_IDS: 4 GiB of tables
     * for 10 ids used), and mapped: zero pages cost nothing until an id is
     * used, so sparse ids take address space only; calloc filled them
     * (750 MB under ASan for 16M ids). */
    size_t ids = t.null_id + 1;
    struct fuzz_block *blocks = bench_map(ids * sizeof *blocks);
    uint32_t(*links)[2] = bench_map(ids * sizeof *links);
    fuzz_index_init(&v.ix, blocks, links);
    v.made_at = bench_map(ids * sizeof *v.made_at);
    int rc = 2;
    if (!blocks || !links || !v.made_at)
        fprintf(stderr, "verify-traces: %s: no memory for a table of %zu ids (ids 0 to the highest used); "
                "free some memory, or renumber the ids from 0 without gaps\n", NAME_SHOWN(path), ids);
    else
        rc = verify(&v, create_size(&t, heap_bytes), heap_bytes == 0) == 0 ? 0 : 1;
    char found[512];
    if (rc == 0 && fuzz_findings_text(&fuzz_findings, t.lines, found, sizeof found) > 0)
        rc = 1, printf("verify-traces: %s: %zu ops run on %s, but %s\n", NAME_SHOWN(path), t.n_ops, fuzz_allocator.name, found);
    else if (rc == 0)
        printf("verify-traces: %s: %zu ops clean on %s (peak live %zu bytes, %zu checks%s%s%s)\n", NAME_SHOWN(path), t.n_ops,
               fuzz_allocator.name, t.peak_live, v.checks, t.null_frees ? "; free(NULL) included" : "",
               t.left_out ? "; size-0 ops not sent, bench/README.md \"Size 0\"" : "",
               usable || !fuzz_allocator.usable_size ? "" : "; usable_size not asked, HALLOC_FUZZ_USABLE=off");
    bench_unmap(blocks, ids * sizeof *blocks), bench_unmap(links, ids * sizeof *links);
    bench_unmap(v.made_at, ids * sizeof *v.made_at), trace_free(&t);
    return rc;
}

/* A trace's verdict from a child of its own: VERDICT_BASE + verify_file's. */
#define VERDICT_BASE 90

/* verify_file in a child of its own, one forked before any trace ran here:
 * a sanitizer built to recover reports a place once per process (UBSan marks
 * the source location reported, ASan with halt_on_error=0 skips a PC it
 * reported: suppress_equal_pcs), so a later trace meeting the same place in
 * this process went on unreported and was judged clean. A child that ends
 * otherwise (a crash, a sanitizer's own exit status, the allocator's exit())
 * ends this process with its status, as the one process ended before: the
 * traces after it do not run, and its report is on the screen. */
static int verify_alone(const char *path, size_t check_every, size_t heap_bytes, int usable, double progress_every)
{
    int status;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int rc = verify_file(path, check_every, heap_bytes, usable, progress_every);
        fflush(stdout); /* _exit flushes nothing */
        _exit(VERDICT_BASE + rc);
    }
    if (pid < 0) {
        fprintf(stderr, "verify-traces: %s: cannot fork a process to replay it in (%s); give the traces one at a "
                "time, or free some memory\n", NAME_SHOWN(path), strerror(errno));
        return 2;
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "verify-traces: %s: waitpid: %s\n", NAME_SHOWN(path), strerror(errno));
            return 2;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) >= VERDICT_BASE && WEXITSTATUS(status) <= VERDICT_BASE + LEFT_OUT)
        return WEXITSTATUS(status) - VERDICT_BASE;
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)); /* as a shell reports a signal */
}

/* -p's seconds; digits first: strtod takes a blank, sign, hex, "inf". */
static int parse_seconds(const char *text, double *seconds)
{
    char *end;
    errno = 0;
    double s = strtod(text, &end);
    if (!isdigit((unsigned char)text[0]) || errno || *end || text[1] == 'x' || text[1] == 'X' || s > 1e9)
        return -1;
    *seconds = s;
    return 0;
}

int main(int argc, char **argv)
{
    size_t check_every = 0, heap_bytes = 0;
    double progress_every = PROGRESS_EVERY_DEFAULT;
    int i = 1, worst = 0;
    if (text_help_asked(argc, argv))
        return usage(NULL);
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) { /* "-" alone: standard input */
        char why[80];
        if (strcmp(argv[i], "--") == 0) { /* as getopt (make bench): a trace named -x.rep follows */
            i++;
            break;
        }
        int is_c = strcmp(argv[i], "-c") == 0, is_p = strcmp(argv[i], "-p") == 0;
        if (!is_c && !is_p && strcmp(argv[i], "-H") != 0) {
            snprintf(why, sizeof why, "unknown option '%.40s'", argv[i]);
            return usage(why);
        }
        if (i + 1 >= argc) {
            snprintf(why, sizeof why, "%s needs a value", argv[i]);
            return usage(why);
        }
        if (is_p) {
            if (parse_seconds(argv[++i], &progress_every) != 0)
                return usage("-p takes a number of seconds >= 0.1, such as 10 or 0.5 (0: no progress lines)");
            if (progress_every > 0 && progress_every < PROGRESS_MIN_SECONDS) {
                fprintf(stderr, "verify-traces: -p %s: progress lines at most every %.1f s (each interrupts the "
                        "allocator's system calls); give -p %.1f or more, or -p 0 for none\n", argv[i],
                        PROGRESS_MIN_SECONDS, PROGRESS_MIN_SECONDS);
                return 2;
            }
        } else if (is_c) {
            if (parse_size_arg(argv[++i], &check_every) != 0 || check_every == 0)
                return usage("-c takes a whole number >= 1");
        } else if (parse_size_arg(argv[++i], &heap_bytes) != 0 || heap_bytes == 0) {
            return usage("-H takes a size such as 4M");
        }
    }
    if (i == argc)
        return usage("name at least one trace file");
    if (text_refuse_stdin_twice("verify-traces", argv + i, argc - i))
        return 2;
    /* Line-buffered into a pipe too: a crash in a later trace lost the verdicts still buffered. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    fuzz_require_valid_adapter();
    int usable = fuzz_options_default().usable; /* of its switches, only HALLOC_FUZZ_USABLE applies here */
    verify_watch_process();
    int verified = 0, several = argc - i > 1;
    for (; i < argc; i++) {
        int rc = several ? verify_alone(argv[i], check_every, heap_bytes, usable, progress_every)
                         : verify_file(argv[i], check_every, heap_bytes, usable, progress_every);
        verified += rc != LEFT_OUT;
        worst = rc != LEFT_OUT && rc > worst ? rc : worst;
    }
    if (!verified) { /* as make bench given only such traces: nothing ran, which is not "clean" */
        fprintf(stderr, "verify-traces: nothing verified: no trace given has an operation (the notes above say "
                "why); give traces with operations\n");
        worst = 2;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) { /* a full disk: the verdicts written are incomplete */
        fprintf(stderr, "verify-traces: cannot write standard output (%s); its verdicts are incomplete: free some "
                "space or write elsewhere\n", strerror(errno));
        worst = worst > 2 ? worst : 2;
    }
    return worst;
}
