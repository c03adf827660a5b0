/*
 * selftest.c - tests of the trace parser, the trace writer and the workload
 * generators (no allocator involved); the ops a trace holds: selftest-ops.c.
 *
 *   selftest TESTDATA_DIR TRACES_DIR
 *
 * Malformed inputs and what each must be rejected with live in
 * TESTDATA_DIR/expected-errors.txt; good ones in expected-good.txt.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "live-set.h"
#include "size-arg.h"
#include "text-input.h"
#include "trace.h"
#include "workloads.h"
#include "expect.h"
#include "selftest.h"

int checks, failures;

#define MAX_ENTRIES 128

/* The names a manifest lists, to find files nobody wrote an expectation for. */
typedef struct listed {
    char names[MAX_ENTRIES][64];
    int n;
} listed;

static int is_listed(const listed *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0)
            return 1;
    return 0;
}

/* Every file in dir named prefix*.rep must be in l. */
static void expect_all_listed(const char *dir, const char *prefix, const listed *l,
                              const char *manifest)
{
    DIR *d = opendir(dir);
    EXPECT(d != NULL, "cannot open folder %s", dir);
    if (d == NULL)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && n > 4 &&
            strcmp(e->d_name + n - 4, ".rep") == 0)
            EXPECT(is_listed(l, e->d_name), "%s/%s has no line in %s", dir, e->d_name, manifest);
    }
    closedir(d);
}

static FILE *open_manifest(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    EXPECT(f != NULL, "cannot open %s", path);
    return f;
}

/* No newline, nor any other control character a terminal would act on
 * (an ESC quoted from the trace could recolour or clear the screen). */
static int one_printable_line(const char *msg)
{
    for (; *msg; msg++)
        if ((unsigned char)*msg < 0x20 || (unsigned char)*msg >= 0x7f)
            return 0;
    return 1;
}

/* "bad-x.rep 5 text ..." -> each bad file fails with "<path>:5: ...text...". */
static void test_expected_errors(const char *dir)
{
    FILE *f = open_manifest(dir, "expected-errors.txt");
    listed l = { .n = 0 };
    char line[512], name[64], path[4096], prefix[4200], err[TRACE_ERROR_LEN];
    size_t lineno;
    int text_at;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (sscanf(line, "%63s %zu %n", name, &lineno, &text_at) != 2 || l.n == MAX_ENTRIES) {
            EXPECT(0, "expected-errors.txt: cannot read line '%s'", line);
            continue;
        }
        snprintf(l.names[l.n++], sizeof l.names[0], "%s", name);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        snprintf(prefix, sizeof prefix, "%s:%zu: ", path, lineno);
        trace t;
        err[0] = '\0';
        int rc = trace_load(path, &t, err, sizeof err);
        EXPECT(rc == -1, "%s was accepted; it must fail with '%s'", path, line + text_at);
        if (rc == 0) {
            trace_free(&t);
            continue;
        }
        EXPECT(strncmp(err, prefix, strlen(prefix)) == 0, "%s: message '%s' does not start with '%s'",
               name, err, prefix);
        EXPECT(strstr(err, line + text_at) != NULL, "%s: message '%s' does not say '%s'", name, err,
               line + text_at);
        EXPECT(one_printable_line(err), "%s: message is not one printable line: '%s'", name, err);
    }
    if (f)
        fclose(f);
    EXPECT(l.n > 0, "expected-errors.txt lists no files");
    expect_all_listed(dir, "bad-", &l, "expected-errors.txt");
}

/* "good-x.rep ops ids peak" -> each good file loads with those figures. */
static void test_expected_good(const char *dir)
{
    FILE *f = open_manifest(dir, "expected-good.txt");
    listed l = { .n = 0 };
    char line[512], name[64], path[4096], err[TRACE_ERROR_LEN];
    size_t ops, ids, peak;
    while (f && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "%63s %zu %zu %zu", name, &ops, &ids, &peak) != 4 || l.n == MAX_ENTRIES) {
            EXPECT(0, "expected-good.txt: cannot read line '%s'", line);
            continue;
        }
        snprintf(l.names[l.n++], sizeof l.names[0], "%s", name);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        trace t;
        int rc = trace_load(path, &t, err, sizeof err);
        EXPECT(rc == 0, "%s was rejected: %s", path, err);
        if (rc != 0)
            continue;
        EXPECT(t.n_ops == ops, "%s: %zu operations, expected %zu", name, t.n_ops, ops);
        EXPECT(t.num_ids == ids, "%s: %zu ids, expected %zu", name, t.num_ids, ids);
        EXPECT(t.peak_live == peak, "%s: peak live %zu, expected %zu", name, t.peak_live, peak);
        trace_free(&t);
    }
    if (f)
        fclose(f);
    EXPECT(l.n > 0, "expected-good.txt lists no files");
    expect_all_listed(dir, "good-", &l, "expected-good.txt");
}

static void test_unreadable_paths(const char *dir)
{
    char path[4096], err[TRACE_ERROR_LEN];
    trace t;
    snprintf(path, sizeof path, "%s/no-such-file.rep", dir);
    EXPECT(trace_load(path, &t, err, sizeof err) == -1, "a missing file was accepted");
    EXPECT(strncmp(err, "cannot open ", 12) == 0 && strncmp(err + 12, path, strlen(path)) == 0,
           "missing file: message '%s' is not 'cannot open PATH: ...', as every tool says it", err);
    EXPECT(trace_load(dir, &t, err, sizeof err) == -1, "a folder was accepted as a trace");
    EXPECT(strstr(err, "is a directory") != NULL, "folder: message '%s'", err);
}

/* A trace read from a pipe (build/bench/bench <(gen ...)): it has no size to
 * map, so it must be read to its end, across several buffer growths. */
static void test_trace_from_pipe(void)
{
    enum { IDS = 600 };
    static char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "0\n%d\n%d\n1\n", IDS, 2 * IDS);
    for (int i = 0; i < IDS; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "a %d %d\n", i, 16 + i);
    for (int i = 0; i < IDS; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "f %d\n", i);
    int fds[2];
    if (pipe(fds) != 0) {
        EXPECT(0, "pipe failed");
        return;
    }
    EXPECT(n > 4096 && n < sizeof text && write(fds[1], text, n) == (ssize_t)n,
           "the pipe took %zu bytes of trace", n); /* fits a pipe's 64 KiB buffer */
    close(fds[1]);
    char path[64], err[TRACE_ERROR_LEN];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    trace t;
    int rc = trace_load(path, &t, err, sizeof err);
    close(fds[0]);
    EXPECT(rc == 0, "a trace from a pipe was rejected: %s", err);
    if (rc != 0)
        return;
    EXPECT(strcmp(t.name, path) == 0, "pipe: trace named '%s', expected the path '%s'", t.name, path);
    size_t peak = 16 * IDS + IDS * (IDS - 1) / 2; /* every block live before the first free */
    EXPECT(t.n_ops == 2 * IDS && t.num_ids == IDS && t.peak_live == peak,
           "pipe: %zu ops, %zu ids, peak %zu bytes live (expected %zu)", t.n_ops, t.num_ids, t.peak_live, peak);
    EXPECT(t.ops[2 * IDS - 1].kind == OP_FREE && t.ops[IDS - 1].size == 16 + IDS - 1,
           "pipe: the last ops of the trace were not read back");
    trace_free(&t);
}

/* The blanks a trace ends in, count of them then a newline or not, into fd
 * in pieces of a pipe's size; 0 when all were written. */
static int write_blank_tail(int fd, size_t count, int newline)
{
    static char piece[1 << 16];
    memset(piece, ' ', sizeof piece);
    for (size_t k; count > 0; count -= k) {
        k = count < sizeof piece ? count : sizeof piece;
        if (write(fd, piece, k) != (ssize_t)k)
            return -1;
    }
    return newline && write(fd, "\n", 1) != 1 ? -1 : 0;
}

/* Blanks are no line's content (text_line_run): a trace ending in more than
 * TEXT_LINE_MAX of them is taken with its final newline and without, read
 * whole from a file and from a pipe, whose pieces split the run where the
 * file's one read did not (it was refused without the newline, "no line end
 * in 1048576 bytes", and through a pipe with it too when a read ended mid-run). */
static void test_blank_tail(void)
{
    static const char ops[] = "0\n2\n2\n1\na 0 16\nf 0\n";
    for (int piped = 0; piped < 2; piped++)
        for (int newline = 0; newline < 2; newline++) {
            char path[64] = "/tmp/bench-selftest-XXXXXX", err[TRACE_ERROR_LEN];
            int fds[2] = {-1, -1};
            if (piped ? pipe(fds) != 0 : (fds[1] = mkstemp(path)) < 0) {
                EXPECT(0, "no %s for the blank tail", piped ? "pipe" : "file");
                return;
            }
            pid_t writer = piped ? fork() : 0;
            if (writer == 0) { /* the child of a pipe, or this process for a file */
                int bad = write(fds[1], ops, sizeof ops - 1) != (ssize_t)(sizeof ops - 1) ||
                          write_blank_tail(fds[1], TEXT_LINE_MAX + 4096, newline) != 0;
                if (piped)
                    _exit(bad);
                EXPECT(!bad, "the blank tail was not written to %s", path);
            }
            close(fds[1]);
            if (piped)
                snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
            trace t;
            int rc = trace_load(path, &t, err, sizeof err);
            if (piped)
                close(fds[0]), waitpid(writer, NULL, 0);
            else
                unlink(path);
            EXPECT(rc == 0 && t.n_ops == 2, "a trace ending in %zu blanks %s a newline, from a %s, was refused: %s",
                   (size_t)TEXT_LINE_MAX + 4096, newline ? "then" : "without", piped ? "pipe" : "file",
                   rc ? err : "(taken, with other ops)");
            if (rc == 0)
                trace_free(&t);
        }
}

/* The live set maps its table only where ids are used: ids spread over
 * TRACE_MAX_IDS (a header may declare them all and use a few) keep their
 * state, and take a page each at most, not a table up to the highest. */
static void test_live_set_by_ids_used(void)
{
    enum { N = 300 };
    static uint32_t ids[N];
    size_t sum = 0, mapped = 0;
    uint64_t x = 12345;
    char why[TRACE_ERROR_LEN];
    live_set ls;
    EXPECT(live_set_init(&ls, TRACE_MAX_IDS) == 0, "no live set for %zu ids", TRACE_MAX_IDS);
    for (size_t i = 0; i < N; i++) { /* distinct: i in the low bits, noise above */
        x = x * 6364136223846793005u + 1442695040888963407u;
        ids[i] = (uint32_t)((((x >> 33) << 9) | i) % TRACE_MAX_IDS);
        trace_op op = {OP_ALLOC, ids[i], 16 + i};
        EXPECT(live_apply(&ls, &op, 1, why, sizeof why) == 0, "alloc of id %u refused: %s", (unsigned)ids[i], why);
        sum += op.size;
    }
    for (size_t i = 0; i < ls.n_pages; i++)
        mapped += ls.pages[i] != NULL;
    EXPECT(ls.peak == sum && mapped <= N, "peak %zu (expected %zu), %zu pages mapped for %d ids", ls.peak, sum,
           mapped, N);
    for (size_t i = 0; i < N; i += 2) {
        trace_op op = {OP_FREE, ids[i], 0};
        EXPECT(live_apply(&ls, &op, 1, why, sizeof why) == 0, "free of id %u refused: %s", (unsigned)ids[i], why);
    }
    for (size_t i = 0; i < N; i++) { /* the freed ones free, the others still live */
        trace_op again = {OP_ALLOC, ids[i], 8}, op = {OP_FREE, ids[i], 0};
        int live = i % 2;
        EXPECT(live_apply(&ls, &again, 1, why, sizeof why) == (live ? -1 : 0), "id %u (%s) allocated%s", (unsigned)ids[i],
               live ? "live" : "freed", live ? " twice" : " refused");
        EXPECT(live_apply(&ls, &op, 1, why, sizeof why) == 0, "free of id %u refused: %s", (unsigned)ids[i], why);
    }
    EXPECT(ls.live == 0, "%zu bytes live after every id was freed", ls.live);
    live_set_fini(&ls);
}

/* Live bytes past SIZE_MAX are refused, not wrapped into a small peak (on a
 * 32-bit size_t two 2 GiB blocks do it: tests/ilp32_bench.c); the heap
 * fitted to a peak saturates. */
static void test_sums_never_wrap(void)
{
    trace t;
    char err[TRACE_ERROR_LEN];
    trace_init(&t, "built", 2);
    trace_push(&t, OP_ALLOC, 0, SIZE_MAX / 2 + 1);
    trace_push(&t, OP_ALLOC, 1, SIZE_MAX / 2 + 1);
    EXPECT(trace_finish(&t, err, sizeof err) == -1, "live bytes past SIZE_MAX were accepted, peak %zu",
           t.peak_live);
    EXPECT(strstr(err, "operation 1") && strstr(err, "size_t holds"), "message '%s'", err);
    trace_free(&t);
    EXPECT(bench_heap_fit(SIZE_MAX / 2 + 1) == SIZE_MAX && bench_heap_fit(SIZE_MAX) == SIZE_MAX,
           "a heap of 2 x a peak over SIZE_MAX / 2 wraps");
    EXPECT(bench_heap_fit(1000) == BENCH_HEAP_FIT_MIN && bench_heap_fit(BENCH_HEAP_FIT_MIN) == 2 * BENCH_HEAP_FIT_MIN,
           "fitted heaps: %zu for 1000 bytes, %zu for 1 MiB", bench_heap_fit(1000), bench_heap_fit(BENCH_HEAP_FIT_MIN));
    /* Your allocator's create() is never asked for the saturated size. */
    char why[TRACE_ERROR_LEN] = "", peak[32];
    snprintf(peak, sizeof peak, "%zu bytes", SIZE_MAX / 2 + 1);
    EXPECT(bench_heap_refused("huge.rep", SIZE_MAX / 2 + 1, bench_heap_fit(SIZE_MAX / 2 + 1), why, sizeof why) &&
           strncmp(why, "huge.rep: ", 10) == 0 && strstr(why, peak) && strstr(why, "-H"),
           "a saturated heap for your allocator: '%s' (want the trace, the peak and -H)", why);
    EXPECT(!bench_heap_refused("small.rep", 1000, bench_heap_fit(1000), why, sizeof why),
           "a 2 MiB heap for your allocator refused");
}

/* A trace on standard input ("-") that is no lab trace: the command advised
 * reads it again from "< FILE" and writes "stdin.rep", not "-.rep". */
static void test_stdin_advice(void)
{
    static const char mtrace[] = "= Start\n@ ./p:[0x1] + 0x55d0 0x10\n", fuzz[] = "version 4\nmalloc 0 8\n";
    char err[TRACE_ERROR_LEN];
    trace t;
    EXPECT(trace_parse("-", mtrace, sizeof mtrace - 1, &t, err, sizeof err) == -1 &&
           strstr(err, "from-mtrace - stdin.rep < FILE"), "an mtrace log on standard input: '%s'", err);
    EXPECT(trace_parse("-", fuzz, sizeof fuzz - 1, &t, err, sizeof err) == -1 && strstr(err, "CRASH=- < FILE"),
           "a fuzz input on standard input: '%s'", err);
}

/* The -H a failed create()'s message advises (size_arg_text) reads back
 * through parse_size_arg as at least the size it was worked out from, and
 * less than a unit above it. */
static void test_size_arg_text(void)
{
    const size_t sizes[] = {0, 1, 1023, 1024, 1025, (size_t)1 << 20, ((size_t)1 << 20) + 1, (size_t)3 << 30,
                            SIZE_MAX / 2};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char text[32];
        size_t back = 0, unit = sizes[i] >= (size_t)1 << 20 ? (size_t)1 << 20 : 1024;
        size_arg_text(sizes[i], text, sizeof text);
        EXPECT(parse_size_arg(text, &back) == 0 && back >= sizes[i] && back - sizes[i] < unit + (sizes[i] == 0) * unit,
               "size_arg_text(%zu) is '%s', read back as %zu", sizes[i], text, back);
    }
}

static void test_generated_traces(const char *dir)
{
    DIR *d = opendir(dir);
    EXPECT(d != NULL, "cannot open %s", dir);
    int found = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".rep") != 0)
            continue;
        char path[4096], err[TRACE_ERROR_LEN];
        trace t;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        found++;
        int rc = trace_load(path, &t, err, sizeof err);
        EXPECT(rc == 0, "committed trace rejected: %s", err);
        if (rc == 0) {
            EXPECT(t.n_ops > 0 && t.peak_live > 0, "%s: empty", path);
            trace_free(&t);
        }
    }
    if (d)
        closedir(d);
    EXPECT(found > 0, "no .rep files in %s (bench/traces: run 'make bench-traces')", dir);
}

/* The table's ns/op column keeps its width for the slowest calls. */
static void test_ns_column_width(void)
{
    const double ns[] = {0.5, 12.34, 99999.99, 100000.0, 337278.4, 99999999.0};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        char cell[32];
        report_format_ns(cell, sizeof cell, ns[i]);
        EXPECT(strlen(cell) == 8, "ns/op %.2f printed as '%s', not 8 characters", ns[i], cell);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: selftest TESTDATA_DIR TRACES_DIR...\n");
        return 2;
    }
    test_expected_errors(argv[1]);
    test_expected_good(argv[1]);
    test_unreadable_paths(argv[1]);
    test_trace_from_pipe();
    test_blank_tail();
    test_roundtrip();
    test_workloads();
    test_workload_out_of_memory();
    test_parse_out_of_memory();
    test_finish_rejects();
    test_live_set_by_ids_used();
    test_sums_never_wrap();
    test_size_arg_text();
    test_stdin_advice();
    test_finish_sizes_frees();
    test_size_zero_rewritten();
    test_free_null();
    test_tail_after_count();
    test_ns_column_width();
    for (int i = 2; i < argc; i++)
        test_generated_traces(argv[i]);
    printf("bench-selftest: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
