/*
 * bench.c - halloc against glibc malloc on the same workloads in one run.
 *
 *   bench [-r REPS] [-H BYTES] [-T] [-C DEPTH] [-n] [-w NAMES] [-a NAMES] [-p] [-t SECONDS] [TRACE.rep ...]
 *
 * Workloads: a mixed random one, every trace file given, and a scaling pair
 * (100 vs 100,000 live blocks); README.md says what each is and how the
 * table's columns are computed.
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adapter.h" /* fuzz/adapter.h: the optional third allocator */
#include "bench.h"
#include "size-arg.h"
#include "mem.h"
#include "text-input.h" /* text_refuse_stdin_twice */
#include "workloads.h"

#define MIXED_OPS 1000000
#define MIXED_SEED 0x6d69786564ULL
#define SCALE_SMALL 100
#define SCALE_LARGE 100000
#define SCALE_PAIRS 500000
#define SCALE_SEED 0x7363616c65ULL

static void set_error(result *r, const char *what, const char *name)
{
    r->ok = 0;
    snprintf(r->err, sizeof r->err, "%s: %s: %s", name, what, strerror(errno));
}

/* Your allocator's create(bytes) failed: the sizes to try, from that one
 * (too much to map, or too little for it to start). */
static void set_adapter_create_error(result *r, const char *name, size_t bytes)
{
    char half[32], twice[32];
    int e = errno;
    r->ok = 0;
    snprintf(r->err, sizeof r->err, "%s: the adapter's create(%zu) failed: %s; give another size with -H "
             "(BENCH_ARGS=\"-H %s\", half, if it cannot map that much%s%s%s)", name, bytes, strerror(e),
             size_arg_text(bytes / 2, half, sizeof half), bytes <= SIZE_MAX / 2 ? "; \"-H " : "",
             bytes <= SIZE_MAX / 2 ? size_arg_text(bytes * 2, twice, sizeof twice) : "",
             bytes <= SIZE_MAX / 2 ? "\", twice, if it needs more to start" : "");
}

/* The replay's table has a slot per id up to the highest the trace uses:
 * sparse ids far apart make it big, which a low address-space limit refuses. */
static void set_table_error(result *r, const trace *t)
{
    r->ok = 0;
    snprintf(r->err, sizeof r->err, "%s: no memory for the id table (%zu MiB, a slot for each id from 0 to %zu, "
             "the ids it uses): %s; number the trace's ids densely from 0, or raise the address-space limit (ulimit -v)",
             t->name, ((t->null_id + 1) * sizeof(void *) + (1 << 20) - 1) >> 20, t->null_id, strerror(errno));
}

/* The first region is sized from the trace unless -H says otherwise: either
 * way the row says how big it was and what to do. Half of it, once the
 * advice, failed again where the trace's largest block needs its room beside
 * the region (a 512 MiB block under a 1 GiB limit: -H 512M failed at the
 * malloc, -H 0 ran); when glibc's replay failed too, no size can help. */
static void set_create_error(result *r, const trace *t, size_t bytes, int fitted, int glibc_failed)
{
    int e = errno;
    r->ok = 0;
    int n = snprintf(r->err, sizeof r->err, "%s: halloc_create_ex of a %zu-byte first region (%s) failed: %s; ",
                     t->name, bytes,
                     !fitted ? "-H" : bytes == SIZE_MAX ? "2 x the trace's peak live payload, more than size_t holds"
                     : "2 x the trace's peak live payload", strerror(e));
    if (n < 0 || (size_t)n >= sizeof r->err)
        return;
    if (glibc_failed)
        snprintf(r->err + n, sizeof r->err - (size_t)n, "glibc's replay failed too (its row): the trace's peak live "
                 "payload (%zu bytes) cannot be mapped here (memory, swap, ulimit -v), so no -H helps; replay it "
                 "where it can", t->peak_live);
    else
        snprintf(r->err + n, sizeof r->err - (size_t)n, "give a smaller first region with -H (BENCH_ARGS=\"-H 0\": "
                 "the library's 1 MiB, which halloc grows past as the trace needs)");
}

/* One timing sample: the trace replayed until BENCH_SAMPLE_CALLS calls were
 * timed, or, after one whole replay, BENCH_SAMPLE_SECONDS went by (bench.h);
 * once alone with -p, so that a profiler counts every call once, whatever
 * the clock says (under valgrind it cut samples at a varying count).
 * The clock counts the untimed teardown between replays too: freeing huge
 * blocks costs as much as taking them. */
static int sample(const target *tg, const trace *t, void **slots, result *r, int once, double *ns_per_op,
                  size_t *calls)
{
    size_t timed = t->n_ops - t->timed_from;
    uint64_t total = 0, start = replay_clock_ns();
    const uint64_t bound = (uint64_t)BENCH_SAMPLE_SECONDS * 1000000000u;
    for (*calls = 0; *calls < BENCH_SAMPLE_CALLS; *calls += timed) {
        uint64_t ns;
        if (*calls > 0 && (once || replay_clock_ns() - start >= bound))
            break;
        if (replay_timed(tg, t, slots, &ns, r->err, sizeof r->err) != 0)
            return -1;
        total += ns;
    }
    *ns_per_op = (double)total / (double)*calls;
    return 0;
}

/* Best of opt->reps samples for each allocator in `which` (a bit per
 * target kind), rotating which goes first. */
static void time_all(const bench_options *opt, const target tg[], const trace *t,
                      void **slots, outcome *o, unsigned which)
{
    for (int rep = 0; rep < opt->reps; rep++) {
        for (int i = 0; i < BENCH_TARGETS; i++) {
            int k = (rep + i) % BENCH_TARGETS;
            result *r = &o->r[k];
            double ns;
            size_t calls;
            if (!r->ok || !(which & 1u << k))
                continue;
            if (sample(&tg[k], t, slots, r, opt->profile, &ns, &calls) != 0) {
                r->ok = 0;
            } else if (rep == 0 || ns < r->ns_per_op) {
                r->ns_per_op = ns;
                r->calls = calls;
            }
        }
    }
}

static size_t heap_size_for(const bench_options *opt, const trace *t)
{
    if (opt->heap_initial != BENCH_HEAP_FIT)
        return opt->heap_initial;
    return bench_heap_fit(t->peak_live);
}

/* The footprint pass (README.md "Utilization"), untimed, which -p leaves
 * out: r keeps a zero footprint, shown as "-". */
static void measure(const bench_options *opt, const target *tg, const trace *t, void **slots, result *r)
{
    if (r->ok && !opt->profile && replay_measured(tg, t, slots, &r->fp, r->err, sizeof r->err) != 0)
        r->ok = 0;
}

/* Your allocator's footprint and timed runs, in a process of their own
 * that SIGALRM ends after opt->your_limit seconds: a workload it cannot
 * finish in time gets a row saying so, not a bench that never ends. */
static void run_yours_bounded(const bench_options *opt, target tgs[], void **slots, outcome *o, size_t heap_size)
{
    const struct fuzz_allocator *a = bench_adapter();
    const trace *t = o->t;
    target *tg = &tgs[TARGET_ADAPTER];
    result *y = &o->r[TARGET_ADAPTER];
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(opt->your_limit);
        tg->heap_bytes = heap_size;
        if ((tg->heap = a->create(heap_size)) == NULL)
            set_adapter_create_error(y, t->name, heap_size);
        else
            measure(opt, tg, t, slots, y);
        time_all(opt, tgs, t, slots, o, 1u << TARGET_ADAPTER);
        if (tg->heap != NULL)
            a->destroy(tg->heap);
        _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        set_error(y, "cannot run your allocator in a process of its own", t->name);
        return;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    y->ok = 0;
    y->stopped = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
    if (y->stopped)
        snprintf(y->err, sizeof y->err, "%s: stopped after %u s, the time limit (bench -t SECONDS, "
                 "make bench BENCH_ARGS=\"-t 0\" for none)", t->name, opt->your_limit);
    else
        snprintf(y->err, sizeof y->err, "%s: your allocator's process died (%s %d)", t->name,
                 WIFSIGNALED(status) ? "signal" : "status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

/* glibc's footprint (first: its heap is pristine here), halloc's on a new
 * heap, then the timed runs of both; then yours, bounded in time; each of
 * those -a names. Runs in the workload's own process. */
static void run_workload_here(const bench_options *opt, outcome *o)
{
    const trace *t = o->t;
    void **slots = bench_map((t->null_id + 1) * sizeof *slots); /* + the free(NULL) slot, trace.h */
    target tg[BENCH_TARGETS] = { { TARGET_HALLOC, NULL, 0 }, { TARGET_GLIBC, NULL, 0 },
                                 { TARGET_ADAPTER, NULL, 0 } };
    result *h = &o->r[TARGET_HALLOC], *g = &o->r[TARGET_GLIBC];
    if (slots == NULL) {
        result lost = { 0 };
        set_table_error(&lost, t);
        for (int k = 0; k < BENCH_TARGETS; k++)
            if (o->r[k].ok)
                o->r[k] = lost;
        return;
    }
    o->glibc_not_pristine = mallinfo2().arena != 0; /* the parent broke its promise */
    o->profiled = opt->profile;
    measure(opt, &tg[TARGET_GLIBC], t, slots, g);
    halloc_config cfg = halloc_default_config();
    cfg.thread_safe = opt->thread_safe;
    cfg.cache_depth = opt->cache_depth;
    cfg.initial_size = heap_size_for(opt, t);
    if (h->ok && (tg[TARGET_HALLOC].heap = halloc_create_ex(&cfg)) == NULL)
        set_create_error(h, t, cfg.initial_size, opt->heap_initial == BENCH_HEAP_FIT, !g->ok && !g->skipped);
    else
        measure(opt, &tg[TARGET_HALLOC], t, slots, h);
    time_all(opt, tg, t, slots, o, 1u << TARGET_HALLOC | 1u << TARGET_GLIBC);
    if (tg[TARGET_HALLOC].heap != NULL)
        halloc_destroy(tg[TARGET_HALLOC].heap);
    result *y = &o->r[TARGET_ADAPTER];
    if (y->ok && bench_heap_refused(t->name, t->peak_live, cfg.initial_size, y->err, sizeof y->err))
        y->ok = 0;
    if (y->ok)
        run_yours_bounded(opt, tg, slots, o, cfg.initial_size);
}

/*
 * Each workload runs in a process forked from this one, which never calls
 * malloc: glibc meets every workload with a pristine heap, as in a fresh
 * process. Otherwise its state carries over (dynamic mmap and trim
 * thresholds raised by an earlier workload change later timings ~10x).
 * o must be MAP_SHARED so the child's results come back.
 */
static void run_workload(const bench_options *opt, outcome *o)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        run_workload_here(opt, o);
        o->done = 1;
        _exit(0);
    }
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid && o->done)
        return;
    for (int k = 0; k < BENCH_TARGETS; k++) {
        if (!o->r[k].ok)
            continue;
        o->r[k].ok = 0;
        if (pid < 0)
            snprintf(o->r[k].err, sizeof o->r[k].err, "%s: cannot fork: %s", o->t->name,
                     strerror(errno));
        else
            snprintf(o->r[k].err, sizeof o->r[k].err, "%s: the workload's process died (%s %d)",
                     o->t->name, WIFSIGNALED(status) ? "signal" : "status",
                     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    }
}

/* Shared with the workload processes; every result of an allocator in
 * targets (-a) starts out ok, the others skipped. */
static outcome *make_outcomes(const trace *traces, int n, unsigned targets)
{
    void *p = mmap(NULL, (size_t)n * sizeof(outcome), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    outcome *o = p;
    for (int i = 0; i < n; i++) {
        o[i].t = &traces[i];
        o[i].r[0].ok = 1;
        o[i].r[TARGET_GLIBC] = o[i].r[0];
        o[i].r[TARGET_ADAPTER] = o[i].r[0];
        o[i].r[TARGET_ADAPTER].ok &= bench_adapter() != NULL;
        for (int k = 0; k < BENCH_TARGETS; k++)
            if (!(targets & 1u << k)) {
                o[i].r[k].ok = 0;
                o[i].r[k].skipped = 1;
            }
    }
    return o;
}

static int name_taken(const trace *traces, int n, int self, const char *name)
{
    for (int j = 0; j < n; j++)
        if (j != self && strcmp(traces[j].name, name) == 0)
            return 1;
    return 0;
}

/* t named by path as given (its end when long). */
static void name_by_path(trace *t, const char *path)
{
    size_t len = strlen(path), room = sizeof t->name - 1;
    if (len > 4 && strcmp(path + len - 4, ".rep") == 0)
        len -= 4;
    const char *from = len > room ? path + len - room : path;
    text_say(t->name, sizeof t->name, "%.*s", (int)(len - (size_t)(from - path)), from);
}

/* Whether a workload before traces[self], or one built in after the files
 * (which end at files_end), has its name: the first of a path given twice
 * keeps it, so rows NAME, NAME#2 come in the order given. */
static int name_taken_before(const trace *traces, int n, int self, int files_end)
{
    for (int j = 0; j < n; j++)
        if ((j < self || j >= files_end) && strcmp(traces[j].name, traces[self].name) == 0)
            return 1;
    return 0;
}

/* traces[self] numbered (NAME#2, #3, ...) when its name is taken before it. */
static void number_if_taken(trace *traces, int n, int self, int files_end)
{
    trace *t = &traces[self];
    if (!name_taken_before(traces, n, self, files_end))
        return;
    char base[sizeof t->name - 11]; /* room for "#" and any int */
    memcpy(base, t->name, sizeof base - 1);
    base[sizeof base - 1] = '\0';
    for (int k = 2; k == 2 || name_taken(traces, n, self, t->name); k++)
        snprintf(t->name, sizeof t->name, "%.*s#%d", (int)sizeof base - 1, base, k);
}

/* Rows, goal lines and the scaling ratio name a workload by its name, so two
 * with one name would be told apart by nobody, and a trace named
 * scale-100.rep stood in for the built-in scale-100 in the ratio. Every
 * trace file whose name another workload has is named by its path instead.
 * Returns n, or -1 (no memory). */
static int name_uniquely(trace *traces, int n, int first_file, char **files, int n_files)
{
    unsigned char *clash = bench_map((size_t)n_files + 1); /* the parent never mallocs */
    if (clash == NULL)
        return -1;
    for (int i = 0; i < n_files; i++)
        clash[i] = (unsigned char)name_taken(traces, n, first_file + i, traces[first_file + i].name);
    for (int i = 0; i < n_files; i++)
        if (clash[i])
            name_by_path(&traces[first_file + i], files[i]);
    for (int i = 0; i < n_files; i++)
        if (clash[i])
            number_if_taken(traces, n, first_file + i, first_file + n_files);
    bench_unmap(clash, (size_t)n_files + 1);
    return n;
}

/* Whether to build the built-in workload NAME: -w (opt->only) names it, or
 * there is no -w. One left out is kept named with no ops (-w's matching and
 * its list of names need the name), its ops not made: bench -w scale-100
 * made all three op arrays, seconds under valgrind, to time one. */
static int built_in_wanted(const bench_options *opt, trace *t, const char *name)
{
    if (opt->only == NULL || bench_selected(opt->only, name))
        return 1;
    trace_init(t, name, 0);
    return 0;
}

static int add_mixed(const bench_options *opt, trace *t)
{
    return built_in_wanted(opt, t, WORKLOAD_MIXED_NAME) ? workload_mixed(t, MIXED_OPS, MIXED_SEED) : 0;
}

static int add_scaling(const bench_options *opt, trace *t, size_t live)
{
    char name[sizeof t->name];
    workload_scaling_name(live, name, sizeof name);
    return built_in_wanted(opt, t, name) ? workload_scaling(t, live, SCALE_PAIRS, SCALE_SEED) : 0;
}

/* Fills traces[] with the workloads in run order; returns how many, or -1.
 * Every trace is read before that -1, so one run names each malformed one
 * (a directory of third-party traces is fixed in one go, as verify-traces
 * names them). */
static int build_workloads(const bench_options *opt, char **files, int n_files, trace *traces)
{
    char err[TRACE_ERROR_LEN];
    int n = 0, bad = 0;
    if (opt->synthetic && add_mixed(opt, &traces[n++]) != 0)
        return -1;
    for (int i = 0; i < n_files; i++) {
        trace_warn_if_big("bench", files[i], stderr);
        if (trace_load(files[i], &traces[n], err, sizeof err) != 0) {
            fprintf(stderr, "bench: %s\n", err); /* TOOL: ..., as every tool's error line */
            bad = 1;
            continue;
        }
        if (traces[n++].unfinished)
            trace_note_unfinished(&traces[n - 1], "bench", files[i], stderr);
    }
    if (bad)
        return -1;
    if (opt->synthetic && (add_scaling(opt, &traces[n++], SCALE_SMALL) != 0 ||
                           add_scaling(opt, &traces[n++], SCALE_LARGE) != 0))
        return -1;
    return name_uniquely(traces, n, opt->synthetic, files, n_files);
}

static const outcome *find_outcome(const outcome *all, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(all[i].t->name, name) == 0)
            return &all[i];
    return NULL;
}

static void report_scaling_pair(const outcome *all, int n, int with_adapter)
{
    char small[32], large[32];
    workload_scaling_name(SCALE_SMALL, small, sizeof small);
    workload_scaling_name(SCALE_LARGE, large, sizeof large);
    const outcome *s = find_outcome(all, n, small), *l = find_outcome(all, n, large);
    if (s != NULL && l != NULL)
        report_scaling(s, l, with_adapter);
}

/* The file that defines the malloc this process calls: glibc's libc.so.6,
 * unless a linked library (an allocator given in LDLIBS, say) replaces it for
 * the whole program - then there is no glibc row to measure. */
static const char *malloc_owner(void)
{
    Dl_info info;
    void *found = dlsym(RTLD_DEFAULT, "malloc");
    return found && dladdr(found, &info) && info.dli_fname ? info.dli_fname : "an unknown object";
}

static int malloc_is_glibc(void)
{
    const char *owner = malloc_owner(), *base = strrchr(owner, '/');
    if (strncmp(base ? base + 1 : owner, "libc.so", 7) == 0)
        return 1;
    fprintf(stderr, "bench: malloc in this process comes from %s, not glibc's libc.so: a library linked in "
            "replaces it for the whole program, so the glibc rows would measure that instead; link an "
            "allocator that keeps its own names (a jemalloc built with a je_ prefix, your own sources in SRCS)\n",
            owner);
    return 0;
}

int main(int argc, char **argv)
{
    /* This process must never call malloc (see run_workload): stdout gets a
     * static buffer, so stdio does not allocate one. */
    static char stdout_buffer[1 << 16];
    setvbuf(stdout, stdout_buffer, _IOLBF, sizeof stdout_buffer);
    replay_note_brk_origin();
    bench_options opt;
    if (bench_parse_options(argc, argv, &opt) != 0 || !malloc_is_glibc())
        return 2;
    int n_files = argc - optind;
    if (text_refuse_stdin_twice("bench", argv + optind, n_files))
        return 2;
    trace *traces = bench_map(((size_t)n_files + 3) * sizeof *traces);
    int n = traces ? build_workloads(&opt, argv + optind, n_files, traces) : -1;
    if (n < 0)
        return 2;
    n = bench_select(traces, n, n_files, opt.only);
    if (n < 0)
        return 2;
    outcome *outcomes = make_outcomes(traces, n, opt.targets);
    if (outcomes == NULL) {
        fprintf(stderr, "bench: out of memory for %d workloads\n", n);
        return 2;
    }
    int name_width = report_name_width(outcomes, n);
    int with_adapter = bench_adapter() != NULL;
    report_header(&opt, name_width);
    for (int i = 0; i < n; i++) {
        if (outcomes[i].r[TARGET_HALLOC].ok || outcomes[i].r[TARGET_GLIBC].ok ||
            outcomes[i].r[TARGET_ADAPTER].ok)
            run_workload(&opt, &outcomes[i]);
        report_row(&outcomes[i], name_width, with_adapter);
    }
    report_scaling_pair(outcomes, n, with_adapter);
    int failed = report_summary(outcomes, (size_t)n, with_adapter);
    report_command(argc, argv);
    for (int i = 0; i < n; i++)
        trace_free(&traces[i]);
    /* make bench > results.txt on a full disk left a short table, exit 0. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "bench: cannot write the table to standard output (%s); it is incomplete: free some space "
                "or write elsewhere\n", strerror(errno));
        return 2;
    }
    return failed ? 1 : 0;
}
