/*
 * selftest-ops.c - bench-selftest's tests of the ops a trace holds: written
 * and read back identically, size-0 requests, free(NULL) and lines after the
 * announced count read as trace.h says, the workload generators (and their
 * line when memory runs out), and trace_finish on traces built in memory
 * (main: selftest.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "selftest.h"
#include "live-set.h"
#include "trace.h"
#include "workloads.h"
#include "expect.h"

static int same_ops(const trace *a, const trace *b)
{
    return a->n_ops == b->n_ops && a->num_ids == b->num_ids &&
           memcmp(a->ops, b->ops, a->n_ops * sizeof *a->ops) == 0;
}

/* t written by trace_write and read back by trace_parse into *back; 0, or
 * -1 after reporting why. */
static int write_read_back(const char *name, const trace *t, trace *back)
{
    char err[TRACE_ERROR_LEN], *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    int wrote = f && trace_write(t, f) == 0;
    if (f)
        fclose(f);
    int rc = wrote ? trace_parse(name, out, out_len, back, err, sizeof err) : -1;
    EXPECT(rc == 0, "%s written back does not parse: %s", name, wrote ? err : "write failed");
    free(out);
    return rc;
}

/* What trace_write writes, trace_parse reads back identically. */
void test_roundtrip(void)
{
    trace t, back;
    EXPECT(workload_mixed(&t, 20000, 42) == 0, "workload_mixed failed");
    if (write_read_back("roundtrip", &t, &back) == 0) {
        EXPECT(same_ops(&t, &back), "the trace read back differs from the one written");
        EXPECT(back.peak_live == t.peak_live, "peak live %zu read back, %zu written",
               back.peak_live, t.peak_live);
        trace_free(&back);
    }
    trace_free(&t);
}

void test_workloads(void)
{
    trace a, b, c, s;
    EXPECT(workload_mixed(&a, 50000, 7) == 0 && workload_mixed(&b, 50000, 7) == 0 &&
           workload_mixed(&c, 50000, 8) == 0, "workload_mixed failed");
    EXPECT(same_ops(&a, &b), "the same seed gave different mixed workloads");
    EXPECT(!same_ops(&a, &c), "different seeds gave the same mixed workload");
    EXPECT(a.peak_live > 0 && a.n_ops == 50000, "mixed: %zu ops, peak %zu", a.n_ops, a.peak_live);
    size_t kinds[3] = { 0 };
    for (size_t i = 0; i < a.n_ops; i++)
        kinds[a.ops[i].kind == OP_ALLOC ? 0 : a.ops[i].kind == OP_FREE ? 1 : 2]++;
    EXPECT(kinds[0] && kinds[1] && kinds[2], "mixed lacks an op kind: a=%zu f=%zu r=%zu",
           kinds[0], kinds[1], kinds[2]);
    EXPECT(workload_scaling(&s, 100, 1000, 3) == 0, "workload_scaling failed");
    EXPECT(s.timed_from == 100 && s.n_ops == 100 + 2000, "scaling: %zu setup ops of %zu",
           s.timed_from, s.n_ops);
    int steady = 1;
    for (size_t i = s.timed_from; i + 1 < s.n_ops; i += 2)
        steady &= s.ops[i].kind == OP_FREE && s.ops[i + 1].kind == OP_ALLOC &&
                  s.ops[i].id == s.ops[i + 1].id;
    EXPECT(steady, "scaling: the timed part is not free+malloc pairs of one id");
    trace_free(&a);
    trace_free(&b);
    trace_free(&c);
    trace_free(&s);
}

/* This process's address space in bytes (/proc/self/statm's first field,
 * what RLIMIT_AS is held to), read without a FILE that would map memory; 0
 * when unknown. */
static size_t address_space_bytes(void)
{
    char text[64] = { 0 };
    int fd = open("/proc/self/statm", O_RDONLY);
    ssize_t got = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    return got > 0 ? strtoull(text, NULL, 10) * (size_t)sysconf(_SC_PAGESIZE) : 0;
}

/* Grows the stack by bytes now, so the child's calls after its limit is set
 * take no more address space than its mappings. */
static void touch_stack(size_t bytes)
{
    volatile char room[64 * 1024];
    for (size_t i = 0; i < bytes && i < sizeof room; i += 512)
        room[i] = 1;
}

/* Runs run(arg) in a child whose address space is held to room bytes past
 * what it has, its stderr and the result's text read into said (len bytes);
 * 1 when it ran to its end and run said it failed as it should. */
static int capped_child(size_t room, int (*run)(void *, char *, size_t), void *arg, char *said, size_t len)
{
    int out[2];
    if (pipe(out) != 0)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDERR_FILENO);
        touch_stack(64 * 1024);
        char err[TRACE_ERROR_LEN + 2] = { 0 };
        struct rlimit cap = { address_space_bytes() + room, RLIM_INFINITY };
        int failed = cap.rlim_cur > room && setrlimit(RLIMIT_AS, &cap) == 0 && run(arg, err, TRACE_ERROR_LEN);
        if (err[0] && write(STDERR_FILENO, err, strlen(err)) < 0)
            failed = 0;
        _exit(failed ? 0 : 1);
    }
    close(out[1]);
    memset(said, 0, len);
    size_t n = 0;
    for (ssize_t got = 1; got > 0 && n < len - 1; n += got > 0 ? (size_t)got : 0)
        got = read(out[0], said + n, len - 1 - n);
    close(out[0]);
    int status = -1;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int scaling_fails(void *unused, char *err, size_t errlen)
{
    (void)unused, (void)err, (void)errlen;
    trace t;
    return workload_scaling(&t, 100, 10, 1) == -1;
}

/* In a child held to room for scale-100's ops and the live-id table's page
 * array but not a page of its ids: bench names the workload and the bytes
 * refused, where it called that an invalid workload, an internal error. */
void test_workload_out_of_memory(void)
{
    trace none = { 0 };
    char said[1024];
    size_t room = trace_grow_bytes(&none, 0) + (size_t)sysconf(_SC_PAGESIZE) + LIVE_PAGE_BYTES / 2;
    EXPECT(capped_child(room, scaling_fails, NULL, said, sizeof said),
           "scale-100 in a capped address space did not fail: %s", said);
    char want[256];
    snprintf(want, sizeof want, "bench: out of memory checking the built-in workload scale-100: %zu bytes more for "
             "the table of live ids were refused at operation 0 of 120; give bench more memory", LIVE_PAGE_BYTES);
    EXPECT(strncmp(said, want, strlen(want)) == 0 && strchr(said, '\n') == said + strlen(said) - 1,
           "scale-100's check out of memory was not said in one line with the bytes refused: %s", said);
}

static int parse_fails(void *text, char *err, size_t errlen)
{
    trace t;
    return trace_parse("capped", text, strlen(text), &t, err, errlen) == -1;
}

/* A trace read where memory runs out is refused with the bytes refused and
 * what to do: it said "out of memory for N ids", and nothing of the ops. */
void test_parse_out_of_memory(void)
{
    char said[1024], want[512], many_ids[64];
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    snprintf(many_ids, sizeof many_ids, "0\n%zu\n1\n1\na 0 8\n", TRACE_MAX_IDS);
    EXPECT(capped_child(page, parse_fails, many_ids, said, sizeof said), "a parse with no room did not fail: %s",
           said);
    snprintf(want, sizeof want, "capped:2: out of memory: %zu bytes for the table of its %zu ids were refused; "
             TRACE_NO_MEMORY_FIX, (TRACE_MAX_IDS / LIVE_PAGE_IDS + 1) * sizeof(size_t *), TRACE_MAX_IDS);
    EXPECT(strcmp(said, want) == 0, "the id table refused was said as '%s', not '%s'", said, want);
    trace none = { 0 };
    EXPECT(capped_child(2 * page + LIVE_PAGE_BYTES, parse_fails, "0\n1\n1\n1\na 0 8\n", said, sizeof said),
           "a parse with no room for its ops did not fail: %s", said);
    snprintf(want, sizeof want, "capped:5: out of memory: %zu bytes for the operations after the 0 before this line "
             "were refused; " TRACE_NO_MEMORY_FIX, trace_grow_bytes(&none, 1));
    EXPECT(strcmp(said, want) == 0, "the ops refused were said as '%s', not '%s'", said, want);
}

/* A built trace with a bad op is caught by trace_finish, not replayed. */
void test_finish_rejects(void)
{
    trace t;
    char err[TRACE_ERROR_LEN];
    trace_init(&t, "built", 2);
    trace_push(&t, OP_ALLOC, 0, 8);
    trace_push(&t, OP_FREE, 1, 0);
    EXPECT(trace_finish(&t, err, sizeof err) == -1, "a free of an unallocated id was accepted");
    EXPECT(strstr(err, "operation 1") && strstr(err, "not allocated"), "message '%s'", err);
    trace_free(&t);
    trace_init(&t, "built", 2);
    trace_push(&t, OP_ALLOC, 0, 8);
    trace_push(&t, OP_REALLOC, 0, 0);
    EXPECT(trace_finish(&t, err, sizeof err) == -1, "a built realloc to size 0 was accepted");
    EXPECT(strstr(err, "operation 1") && strstr(err, "size 0"), "message '%s'", err);
    trace_free(&t);
    trace_init(&t, "built", 2); /* the parser's refusal (bad-realloc-freed.rep), built */
    trace_push(&t, OP_ALLOC, 0, 8);
    trace_push(&t, OP_FREE, 0, 0);
    trace_push(&t, OP_REALLOC, 0, 16);
    EXPECT(trace_finish(&t, err, sizeof err) == -1, "a built realloc of a freed id was accepted");
    EXPECT(strstr(err, "operation 2") && strstr(err, "freed at operation 1"), "message '%s'", err);
    trace_free(&t);
}

/* trace_finish gives every free the size of the block it frees, after any
 * realloc, for allocators that take the size back. */
void test_finish_sizes_frees(void)
{
    trace t;
    char err[TRACE_ERROR_LEN];
    trace_init(&t, "built", 2);
    trace_push(&t, OP_ALLOC, 0, 24);
    trace_push(&t, OP_ALLOC, 1, 8);
    trace_push(&t, OP_REALLOC, 0, 100);
    trace_push(&t, OP_FREE, 1, 0);
    trace_push(&t, OP_FREE, 0, 0);
    EXPECT(trace_finish(&t, err, sizeof err) == 0, "%s", err);
    EXPECT(t.ops[3].size == 8 && t.ops[4].size == 100, "frees carry %zu and %zu, expected 8 and 100",
           t.ops[3].size, t.ops[4].size);
    trace_free(&t);
}

/* Size-0 requests are rewritten as trace.h says, each kept op with its line. */
void test_size_zero_rewritten(void)
{
    static const char text[] = "0\n3\n9\n1\n"
                               "a 0 0\n"   /* 5: id 0 live, no block: left out */
                               "r 0 24\n"  /* 6: a 0 24 */
                               "a 1 8\n"   /* 7 */
                               "r 1 0\n"   /* 8: f 1 */
                               "f 1\n"     /* 9: id 1 had no block: left out */
                               "\n"
                               "r 2 0\n"   /* 11: an id not live, realloc to 0: left out */
                               "r 2 16\n"  /* 12: a 2 16 */
                               "f 0\n"     /* 13 */
                               "f 2\n";    /* 14 */
    static const trace_op want[] = {
        /* a free carries the size of the block it frees (for sized frees) */
        {OP_ALLOC, 0, 24}, {OP_ALLOC, 1, 8}, {OP_FREE, 1, 8}, {OP_ALLOC, 2, 16}, {OP_FREE, 0, 24}, {OP_FREE, 2, 16},
    };
    static const size_t want_lines[] = {6, 7, 8, 12, 13, 14};
    enum { N = sizeof want / sizeof want[0] };
    trace t;
    char err[TRACE_ERROR_LEN];
    if (trace_parse("zero", text, sizeof text - 1, &t, err, sizeof err) != 0) {
        EXPECT(0, "a trace with size-0 operations was rejected: %s", err);
        return;
    }
    EXPECT(t.n_ops == N && t.left_out == 3, "%zu ops kept, %zu left out; expected %d and 3", t.n_ops, t.left_out,
           (int)N);
    for (size_t i = 0; i < N && i < t.n_ops; i++) {
        const trace_op *op = &t.ops[i];
        EXPECT(op->kind == want[i].kind && op->id == want[i].id && op->size == want[i].size,
               "op %zu is %c %u %zu, expected %c %u %zu", i, (char)op->kind, op->id, op->size, (char)want[i].kind,
               want[i].id, want[i].size);
        EXPECT(t.lines && t.lines[i] == want_lines[i], "op %zu: line %zu, expected %zu", i,
               t.lines ? t.lines[i] : 0, want_lines[i]);
    }
    EXPECT(t.peak_live == 40, "peak live %zu, expected 40", t.peak_live);
    char why[TRACE_ERROR_LEN];
    EXPECT(trace_finish(&t, why, sizeof why) == 0, "the rewritten trace is not valid: %s", why);
    trace_free(&t);
}

/* Text through trace_parse, trace_write and trace_parse again; 0 with both
 * traces, or -1 after reporting why. */
static int parse_write_parse(const char *name, const char *text, size_t len, trace *t, trace *back)
{
    char err[TRACE_ERROR_LEN];
    if (trace_parse(name, text, len, t, err, sizeof err) != 0) {
        EXPECT(0, "%s was rejected: %s", name, err);
        return -1;
    }
    if (write_read_back(name, t, back) == 0)
        return 0;
    trace_free(t);
    return -1;
}

/* "f -1" (CS:APP's later traces): free(NULL), kept as a free of id null_id,
 * the one after the highest used (the header declares 2). */
void test_free_null(void)
{
    static const char text[] = "0\n2\n5\n0\n"
                               "f -1\n"    /* 5 */
                               "a 0 24\n"  /* 6 */
                               "f\t-1\n"  /* 7 */
                               "f 0\n"     /* 8 */
                               "f -1 \n";  /* 9 */
    static const trace_op want[] = { /* free(NULL): a free of the id after the highest used */
        {OP_FREE, 1, 0}, {OP_ALLOC, 0, 24}, {OP_FREE, 1, 0}, {OP_FREE, 0, 24}, {OP_FREE, 1, 0},
    };
    enum { N = sizeof want / sizeof want[0] };
    trace t, back;
    if (parse_write_parse("free-null", text, sizeof text - 1, &t, &back) != 0)
        return;
    EXPECT(t.n_ops == N && t.null_frees == 3 && t.left_out == 0, "%zu ops, %zu free(NULL), %zu left out; "
           "expected %d, 3, 0", t.n_ops, t.null_frees, t.left_out, (int)N);
    for (size_t i = 0; i < N && i < t.n_ops; i++) {
        const trace_op *op = &t.ops[i];
        EXPECT(op->kind == want[i].kind && op->id == want[i].id && op->size == want[i].size,
               "op %zu is %c %u %zu, expected %c %u %zu", i, (char)op->kind, op->id, op->size, (char)want[i].kind,
               want[i].id, want[i].size);
        EXPECT(trace_op_frees_null(&t, op) == (want[i].id == 1), "op %zu: free(NULL) misjudged", i);
    }
    EXPECT(same_ops(&t, &back) && back.null_frees == 3, "the trace written back reads differently");
    EXPECT(t.peak_live == 24, "peak live %zu, expected 24", t.peak_live);
    char why[TRACE_ERROR_LEN];
    EXPECT(trace_finish(&t, why, sizeof why) == 0, "a trace with free(NULL) is not valid: %s", why);
    trace_free(&t);
    trace_free(&back);
}

/* Lines after the announced operations are not read, as the CS:APP driver
 * does (four of its traces announce 200 operations and have 201); the
 * trace says how many lines were left and from where. */
void test_tail_after_count(void)
{
    static const char text[] = "0\n2\n2\n0\n"
                               "a 0 16\n"  /* 5 */
                               "\n"
                               "f 0\n"     /* 7 */
                               "\n"
                               "a 1 512\n" /* 9: beyond the count */
                               "n\n";      /* 10: not even an op */
    trace t;
    char err[TRACE_ERROR_LEN];
    if (trace_parse("tail", text, sizeof text - 1, &t, err, sizeof err) != 0) {
        EXPECT(0, "a trace with lines after its announced operations was rejected: %s", err);
        return;
    }
    EXPECT(t.n_ops == 2 && t.tail_lines == 2 && t.tail_from == 9, "%zu ops, %zu tail lines from line %zu; "
           "expected 2, 2, 9", t.n_ops, t.tail_lines, t.tail_from);
    EXPECT(t.peak_live == 16, "peak live %zu, expected 16 (the tail is not part of the trace)", t.peak_live);
    trace_free(&t);
}
