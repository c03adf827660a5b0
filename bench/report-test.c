/*
 * report-test.c - the summary lines under the bench table (report.c),
 * printed from made-up result rows: no allocator runs. Each case gives
 * report_summary rows where halloc, glibc or the linked allocator ("yours")
 * failed or stopped, and checks the lines name them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

static int checks, failures;

#define EXPECT(cond, ...)                                              \
    do {                                                               \
        checks++;                                                      \
        if (!(cond)) {                                                 \
            failures++;                                                \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);       \
            fprintf(stderr, __VA_ARGS__);                              \
            fputc('\n', stderr);                                       \
        }                                                              \
    } while (0)

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

/* report_summary's output in out (NUL-terminated) and its return value,
 * through a temporary file put in place of standard output. */
static int summarize(const table *tb, int with_adapter, char *out, size_t len)
{
    FILE *tmp = tmpfile();
    int saved = dup(STDOUT_FILENO);
    if (tmp == NULL || saved < 0 || fflush(stdout) != 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0) {
        perror("report-test: cannot put a temporary file in place of standard output");
        exit(2);
    }
    int ret = report_summary(tb->o, tb->n, with_adapter);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    rewind(tmp);
    size_t got = fread(out, 1, len - 1, tmp);
    out[got] = '\0';
    fclose(tmp);
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
    EXPECT(has_line(out, "yours: STOPPED on 1 workload(s) at the time limit (a search that walks every block?): "
                         "ystop"),
           "mixed: the STOPPED line does not name ystop:\n%s", out);
    EXPECT(has_line(out, "yours FAILED on 1 workload(s): see the rows above"),
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
}

int main(void)
{
    test_halloc_only();
    test_adapter_mixed();
    test_adapter_none_compared();
    printf("report-test: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
