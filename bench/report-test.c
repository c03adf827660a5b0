/*
 * report-test.c - the summary lines under the bench table (report.c),
 * printed from made-up result rows: no allocator runs. Each case gives
 * report_summary rows where halloc, glibc or the linked allocator ("yours")
 * failed or stopped, and checks the lines name them; a table row and the
 * scaling lines are printed with and without yours. And one measured run
 * (replay.c): the footprint those rows print keeps halloc's peak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "expect.h"

int checks, failures;

#define MAX_ROWS 8

/* A row's figures: ns/op of halloc, glibc, yours; 0 for a FAILED run, -1
 * for yours STOPPED at the time limit. */
typedef struct row {
    const char *name;
    double ns[BENCH_TARGETS];
} row;

typedef struct table {
    trace t[MAX_ROWS];
    outcome o[MAX_ROWS];
    size_t n;
} table;

static void fill_result(result *r, const char *name, double ns)
{
    r->ok = ns > 0;
    r->stopped = ns < 0;
    r->ns_per_op = ns > 0 ? ns : 0;
    r->calls = BENCH_SAMPLE_CALLS;
    r->fp.high_water = 100; /* peak_live 90 below: 90% utilization, above the goal */
    if (!r->ok)
        snprintf(r->err, sizeof r->err, "%s: made-up %s", name, r->stopped ? "time limit" : "failure");
}

static void build(table *tb, const row *rows, size_t n)
{
    memset(tb, 0, sizeof *tb);
    for (size_t i = 0; i < n && i < MAX_ROWS; i++) {
        snprintf(tb->t[i].name, sizeof tb->t[i].name, "%s", rows[i].name);
        tb->t[i].n_ops = 10;
        tb->t[i].peak_live = 90;
        tb->o[i].t = &tb->t[i];
        tb->o[i].done = 1;
        for (int k = 0; k < BENCH_TARGETS; k++)
            fill_result(&tb->o[i].r[k], rows[i].name, rows[i].ns[k]);
        tb->n++;
    }
}

/* Standard output, from capture_begin to capture_end, goes to a temporary
 * file; capture_end puts it in out (NUL-terminated). */
typedef struct capture {
    FILE *tmp;
    int saved;
} capture;

static capture capture_begin(void)
{
    capture c = { tmpfile(), dup(STDOUT_FILENO) };
    if (c.tmp == NULL || c.saved < 0 || fflush(stdout) != 0 || dup2(fileno(c.tmp), STDOUT_FILENO) < 0) {
        perror("report-test: cannot put a temporary file in place of standard output");
        exit(2);
    }
    return c;
}

static void capture_end(capture *c, char *out, size_t len)
{
    fflush(stdout);
    dup2(c->saved, STDOUT_FILENO);
    close(c->saved);
    rewind(c->tmp);
    size_t got = fread(out, 1, len - 1, c->tmp);
    out[got] = '\0';
    fclose(c->tmp);
}

/* report_summary's output in out and its return value. */
static int summarize(const table *tb, int with_adapter, char *out, size_t len)
{
    capture c = capture_begin();
    int ret = report_summary(tb->o, tb->n, with_adapter);
    capture_end(&c, out, len);
    return ret;
}

/* line is one whole line of out. */
static int has_line(const char *out, const char *line)
{
    size_t len = strlen(line);
    for (const char *p = out; (p = strstr(p, line)) != NULL; p++)
        if ((p == out || p[-1] == '\n') && p[len] == '\n')
            return 1;
    return 0;
}

/* The table line of workload name for allocator kind ("fast  yours  ..."),
 * copied into line; 0 when out has none. */
static int find_row(const char *out, const char *name, const char *kind, char *line, size_t len)
{
    for (const char *p = out; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        char w[64], k[16];
        size_t n = strcspn(p, "\n");
        if (sscanf(p, "%63s %15s", w, k) == 2 && strcmp(w, name) == 0 && strcmp(k, kind) == 0) {
            snprintf(line, len, "%.*s", (int)n, p);
            return 1;
        }
    }
    return 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

#define SPEED_GOAL "goal 'halloc faster than glibc on every workload': "

static void test_halloc_only(void)
{
    static const row rows[] = { { "fast", { 10, 20, 0 } }, { "gfail", { 10, 0, 0 } } };
    table tb;
    char out[4096];
    build(&tb, rows, 2);
    int failed = summarize(&tb, 0, out, sizeof out);
    EXPECT(failed == 1, "halloc only: report_summary returned %d, not 1 (gfail)", failed);
    EXPECT(has_line(out, SPEED_GOAL "NOT MET: faster on 1 of 1 that ran; 1 FAILED: gfail (glibc)"),
           "halloc only: the speed goal does not name gfail as FAILED by glibc:\n%s", out);
    EXPECT(strstr(out, "yours") == NULL, "halloc only: a 'yours' line with no allocator linked:\n%s", out);
    EXPECT(has_line(out, "1 workload FAILED: see the rows above"), "halloc only: no count of 1 FAILED:\n%s", out);
}

/* One workload of each kind: yours faster, yours slower, glibc FAILED,
 * yours FAILED, yours STOPPED. */
static void test_adapter_mixed(void)
{
    static const row rows[] = {
        { "fast", { 10, 20, 10 } }, { "slow", { 10, 20, 40 } }, { "gfail", { 10, 0, 10 } },
        { "yfail", { 10, 20, 0 } }, { "ystop", { 10, 20, -1 } },
    };
    table tb;
    char out[4096];
    build(&tb, rows, 5);
    int failed = summarize(&tb, 1, out, sizeof out);
    EXPECT(failed == 2, "mixed: report_summary returned %d, not 2 (gfail for halloc, yfail for yours)", failed);
    EXPECT(has_line(out, SPEED_GOAL "NOT MET: faster on 4 of 4 that ran; 1 FAILED: gfail (glibc)"),
           "mixed: the speed goal line is not as expected:\n%s", out);
    EXPECT(has_line(out, "yours: faster than glibc on 1 of 2 that ran; 2 FAILED: gfail (glibc), yfail (yours); "
                         "slower on: slow (2.00x glibc)"),
           "mixed: the 'yours:' line does not name gfail and yfail as FAILED:\n%s", out);
    EXPECT(has_line(out, "yours: STOPPED on 1 workload at the time limit (a search that walks every block?): "
                         "ystop"),
           "mixed: the STOPPED line does not name ystop:\n%s", out);
    EXPECT(has_line(out, "yours FAILED on 1 workload: see the rows above"),
           "mixed: yfail is not counted as yours FAILED (and gfail must not be):\n%s", out);
}

/* Nothing compared: glibc failed on one, both on the other. */
static void test_adapter_none_compared(void)
{
    static const row rows[] = { { "gfail", { 10, 0, 10 } }, { "both", { 10, 0, 0 } } };
    table tb;
    char out[4096];
    build(&tb, rows, 2);
    int failed = summarize(&tb, 1, out, sizeof out);
    EXPECT(failed == 3, "none compared: report_summary returned %d, not 3 (2 for halloc, 1 for yours)", failed);
    EXPECT(has_line(out, "yours: no workload ran under both it and glibc, so there is nothing to compare; "
                         "2 FAILED: gfail (glibc), both (yours and glibc)"),
           "none compared: the 'yours:' line does not name both workloads:\n%s", out);
    EXPECT(strstr(out, "STOPPED") == NULL, "none compared: a STOPPED line with nothing stopped:\n%s", out);
    const char *both = strstr(out, "\n2 workloads FAILED: see the rows above\n");
    EXPECT(both && both < strstr(out, "\nyours: "), "none compared: no count of 2 FAILED before yours' lines:\n%s",
           out);
    EXPECT(has_line(out, "yours FAILED on 1 workload: see the rows above"),
           "none compared: no count of 1 FAILED for yours:\n%s", out);
}

#define UTIL_GOAL "goal 'halloc utilization > 85% on every workload': "

/* A workload in which halloc placed no block (a trace of free(NULL) alone)
 * has no utilization ("-" in its row): the goal leaves it out and names it,
 * where it was counted as 0.0%, below the goal; with no other, not judged. */
static void test_no_block_placed(void)
{
    static const row rows[] = { { "fast", { 10, 20, 0 } }, { "nulls", { 10, 20, 0 } } };
    table tb;
    char out[4096];
    build(&tb, rows, 2);
    tb.t[1].peak_live = 0;
    tb.o[1].r[TARGET_HALLOC].fp.high_water = 0;
    summarize(&tb, 0, out, sizeof out);
    EXPECT(has_line(out, UTIL_GOAL "MET: above 85% on 1 of 1; not judged on: nulls (0 blocks placed)"),
           "no block placed: the utilization goal does not leave nulls out, named:\n%s", out);
    build(&tb, rows + 1, 1);
    tb.t[0].peak_live = 0;
    tb.o[0].r[TARGET_HALLOC].fp.high_water = 0;
    summarize(&tb, 0, out, sizeof out);
    EXPECT(has_line(out, UTIL_GOAL "NOT JUDGED: no workload to judge it on: nulls (0 blocks placed)"),
           "no block placed anywhere: the utilization goal is not said to be unjudged:\n%s", out);
}

/* A table row: yours is printed, with its ratio to glibc, only with_adapter,
 * and so is its count in the note on cut samples; the notes under it count
 * one op as one. */
static void test_row(int with_adapter)
{
    static const row rows[] = { { "fast", { 10, 20, 5 } } };
    table tb;
    char out[4096], line[256];
    const char *how = with_adapter ? "with an adapter" : "without one";
    build(&tb, rows, 1);
    tb.o[0].r[TARGET_ADAPTER].calls = 7; /* a sample cut short: the note names yours */
    tb.t[0].null_frees = 1;
    tb.t[0].left_out = 1;
    capture c = capture_begin();
    report_row(&tb.o[0], 18, with_adapter);
    capture_end(&c, out, sizeof out);
    EXPECT(find_row(out, "fast", "halloc", line, sizeof line) && ends_with(line, " 0.50"),
           "row %s: no halloc line ending in its ratio to glibc, 0.50:\n%s", how, out);
    EXPECT(find_row(out, "fast", "glibc", line, sizeof line), "row %s: no glibc line:\n%s", how, out);
    int yours = find_row(out, "fast", "yours", line, sizeof line);
    EXPECT(yours == with_adapter, "row %s: %s yours line:\n%s", how, yours ? "a" : "no", out);
    EXPECT(!yours || ends_with(line, " 0.25"), "row %s: yours' ratio to glibc is not 0.25: %s", how, line);
    int noted = strstr(out, "yours 7") != NULL;
    EXPECT(noted == with_adapter, "row %s: the cut-samples note %s yours' 7 calls:\n%s", how,
           noted ? "names" : "does not name", out);
    EXPECT(strstr(out, "  note: fast has 1 \"f -1\" operation, free(NULL)") &&
           strstr(out, "  note: 1 size-0 operation of fast was not sent to any allocator"),
           "row %s: the notes of 1 free(NULL) and 1 size-0 op do not count them as one:\n%s", how, out);
}

/* The scaling lines: one per allocator, yours only with_adapter. */
static void test_scaling(int with_adapter)
{
    static const row rows[] = { { "scale-small", { 10, 20, 5 } }, { "scale-large", { 30, 20, 40 } } };
    table tb;
    char out[4096];
    const char *how = with_adapter ? "with an adapter" : "without one";
    build(&tb, rows, 2);
    capture c = capture_begin();
    report_scaling(&tb.o[0], &tb.o[1], with_adapter);
    capture_end(&c, out, sizeof out);
    EXPECT(has_line(out, "  halloc     30.00 /    10.00 = 3.00x"), "scaling %s: no halloc line of 3.00x:\n%s",
           how, out);
    EXPECT(has_line(out, "  glibc      20.00 /    20.00 = 1.00x"), "scaling %s: no glibc line of 1.00x:\n%s",
           how, out);
    int yours = has_line(out, "  yours      40.00 /     5.00 = 8.00x");
    EXPECT(yours == with_adapter, "scaling %s: %s yours line of 8.00x:\n%s", how, yours ? "a" : "no", out);
    EXPECT(with_adapter || strstr(out, "yours") == NULL, "scaling %s: yours named:\n%s", how, out);
}

/* replay_measured reads halloc's stats after every allocating call, not
 * once at the end: a region unmapped on the way takes its mark out of
 * halloc_stats.high_water (and its bytes out of mapped), so a reading at the
 * end said 2 KiB of high-water, and 10847% utilization, where 200 KiB was
 * handed out (bench/README.md "Utilization"). */
static void test_footprint_kept_past_an_unmapped_region(void)
{
    static const char text[] = "65536\n2\n3\n1\na 0 204800\nf 0\na 1 16\n";
    trace t;
    char err[256];
    footprint fp = { 0 };
    if (trace_parse("trimmed", text, sizeof text - 1, &t, err, sizeof err) != 0) {
        EXPECT(0, "the trace of a region unmapped was refused: %s", err);
        return;
    }
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * 1024; /* the 200 KiB block gets a region of its own, unmapped at its free */
    target tg = { TARGET_HALLOC, halloc_create_ex(&c), 0 };
    void **slots = calloc(t.null_id + 1, sizeof *slots);
    EXPECT(tg.heap && slots && replay_measured(&tg, &t, slots, &fp, err, sizeof err) == 0,
           "the measured run of a region unmapped failed: %s", tg.heap && slots ? err : "no heap or slots");
    EXPECT(fp.high_water >= 204800, "a region unmapped took its mark out of the high-water: %zu bytes, not the "
           "200 KiB handed out", fp.high_water);
    EXPECT(fp.mapped >= 204800 + c.initial_size, "a region unmapped took its bytes out of from-OS: %zu bytes",
           fp.mapped);
    if (tg.heap)
        halloc_destroy(tg.heap);
    free(slots);
    trace_free(&t);
}

/* The measured run of glibc, in a process whose brk heap cannot grow past
 * 1 MiB more (a page mapped there, as valgrind caps that heap at 8 MiB):
 * glibc puts the blocks it has no room for in mmapped memory, which no
 * offset above the break measures, so high-water and from-OS are 0 (shown
 * as -), not the brk heap's 1 MiB alone. Exit status 0 if so, 1 if not, 2
 * if it could not run. */
static int glibc_off_brk_child(void)
{
    trace t;
    char err[256];
    footprint fp = { 0 };
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t end = (((uintptr_t)sbrk(0) + page - 1) & ~(page - 1)) + ((uintptr_t)1 << 20);
    if (mmap((void *)end, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)end)
        return 2;
    trace_init(&t, "off-brk", 4096);
    for (size_t id = 0; id < 4096; id++)
        if (trace_push(&t, OP_ALLOC, id, 1000) != 0)
            return 2;
    target tg = { TARGET_GLIBC, NULL, 0 };
    void **slots = mmap(NULL, 4097 * sizeof *slots, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (slots == MAP_FAILED || trace_finish(&t, err, sizeof err) != 0 ||
        replay_measured(&tg, &t, slots, &fp, err, sizeof err) != 0)
        return 2;
    if (fp.high_water == 0 && fp.mapped == 0)
        return 0;
    fprintf(stderr, "glibc beyond its brk heap: high-water %zu, from-OS %zu bytes\n", fp.high_water, fp.mapped);
    return 1;
}

static void test_glibc_off_brk(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(glibc_off_brk_child());
    int status = -1;
    EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "glibc's blocks beyond its brk heap: the footprint was not left unmeasured (0), or the run failed "
           "(status %d)", status);
}

int main(void)
{
    test_halloc_only();
    test_adapter_mixed();
    test_adapter_none_compared();
    test_no_block_placed();
    for (int with_adapter = 0; with_adapter <= 1; with_adapter++) {
        test_row(with_adapter);
        test_scaling(with_adapter);
    }
    test_footprint_kept_past_an_unmapped_region();
    test_glibc_off_brk();
    printf("report-test: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
