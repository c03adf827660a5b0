/*
 * trace-build.c - allocation traces in memory: built op by op (trace_init,
 * trace_push, trace_free), validated whole (trace_finish), and loaded from
 * a file (trace_load, whose text trace.c's trace_parse reads).
 */
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live-set.h"
#include "mem.h"
#include "ram.h"
#include "text-input.h"

/* ---- building ---- */

int trace_init(trace *t, const char *name, size_t num_ids)
{
    memset(t, 0, sizeof *t);
    text_say(t->name, sizeof t->name, "%s", name); /* a row, like a message, shows a newline in it as \n */
    t->num_ids = num_ids;
    t->null_id = num_ids;
    return 0;
}

static size_t grown_cap(const trace *t) { return t->cap_ops ? t->cap_ops * 2 : 4096; }

size_t trace_grow_bytes(const trace *t, int keep_lines)
{
    return grown_cap(t) * (sizeof *t->ops + (keep_lines ? sizeof *t->lines : 0));
}

/* Doubles the room for ops, and for their line numbers with keep_lines
 * (otherwise t->lines becomes NULL). */
int trace_grow_ops(trace *t, int keep_lines)
{
    size_t cap = grown_cap(t);
    trace_op *ops = bench_map(cap * sizeof *ops);
    size_t *lines = keep_lines ? bench_map(cap * sizeof *lines) : NULL;
    if (ops == NULL || (keep_lines && lines == NULL)) {
        bench_unmap(ops, cap * sizeof *ops);
        bench_unmap(lines, cap * sizeof *lines);
        return -1;
    }
    if (t->n_ops != 0)
        memcpy(ops, t->ops, t->n_ops * sizeof *ops);
    if (t->n_ops != 0 && lines && t->lines)
        memcpy(lines, t->lines, t->n_ops * sizeof *lines);
    bench_unmap(t->ops, t->cap_ops * sizeof *ops);
    bench_unmap(t->lines, t->cap_ops * sizeof *lines);
    t->ops = ops;
    t->lines = lines;
    t->cap_ops = cap;
    return 0;
}

int trace_push(trace *t, enum trace_op_kind kind, size_t id, size_t size)
{
    if (t->n_ops == t->cap_ops && trace_grow_ops(t, 0) != 0)
        return -1;
    trace_op *op = &t->ops[t->n_ops++];
    op->kind = (uint32_t)kind;
    op->id = (uint32_t)id;
    op->size = size;
    return 0;
}

void trace_free(trace *t)
{
    bench_unmap(t->ops, t->cap_ops * sizeof *t->ops);
    bench_unmap(t->lines, t->cap_ops * sizeof *t->lines);
    memset(t, 0, sizeof *t);
}

/* ---- validation ---- */

int trace_finish(trace *t, char *err, size_t errlen)
{
    live_set ls;
    char why[TRACE_ERROR_LEN];
    if (live_set_init(&ls, t->num_ids) != 0) {
        live_set_init_refused(&ls, err, errlen);
        return TRACE_NO_MEMORY;
    }
    ls.null_id = t->null_id;
    ls.at_what = "operation"; /* a built trace has no lines: its messages number ops as this one's do */
    for (size_t i = 0; i < t->n_ops; i++) {
        trace_op *op = &t->ops[i];
        int size_zero = op->kind != OP_FREE && op->size == 0;
        size_t had = held_of(&ls, op->id);
        if (size_zero)
            snprintf(why, sizeof why, "size 0, which a replay must never send (trace.h); leave the op out");
        int rc = size_zero ? -1 : live_apply(&ls, op, i, why, sizeof why);
        if (rc == TRACE_NO_MEMORY)
            snprintf(err, errlen, "%s at operation %zu of %zu", why, i, t->n_ops);
        else if (rc != 0)
            snprintf(err, errlen, "%s: operation %zu: %s", t->name, i, why);
        if (rc != 0) {
            live_set_fini(&ls);
            return rc;
        }
        if (op->kind == OP_FREE)
            op->size = held_size(had); /* a sized free needs it; 0 for free(NULL) */
    }
    t->peak_live = ls.peak;
    live_set_fini(&ls);
    return 0;
}

/* ---- loading ---- */

/* The whole of fd into a buffer from bench_map; its capacity in *cap.
 * Read to end of file rather than trusting st_size: a file that shrinks
 * while it is read (a trace being rewritten) would make a mapping of the
 * old size fault past its end, and pipes and /proc files report no size.
 * Up to the first read that brings a byte no text has: the parser refuses
 * the file there (not_text), so /dev/zero, /dev/urandom or a core dump
 * given as a trace is refused at once, not after filling memory. Up to the
 * byte taking a line past a limit too (text_line_run, counted into *run),
 * *too_long then 1 and *len where it stopped. */
static char *read_all(int fd, size_t hint, size_t *len, size_t *cap, struct text_line_count *run, int *too_long)
{
    size_t room = hint < SIZE_MAX && hint + 1 > 4096 ? hint + 1 : 4096, n = 0, over;
    char *buf = bench_map(room);
    for (;;) {
        if (buf == NULL) {
            errno = ENOMEM;
            return NULL;
        }
        if (n == room) {
            char *bigger = room <= SIZE_MAX / 2 ? bench_map(room * 2) : NULL;
            if (bigger != NULL)
                memcpy(bigger, buf, n);
            bench_unmap(buf, room);
            buf = bigger;
            room = bigger != NULL ? room * 2 : 0;
            continue;
        }
        ssize_t got = read(fd, buf + n, room - n);
        if (got > 0) {
            n += (size_t)got;
            if (text_binary_at(buf + n - got, (size_t)got) < (size_t)got)
                break;
            over = text_line_run(run, buf + n - got, (size_t)got);
            if ((*too_long = over < (size_t)got)) {
                n -= (size_t)got - over; /* the lines after it are no part of the line it names */
                break;
            }
        } else if (got == 0) {
            break;
        } else if (errno != EINTR) {
            int saved = errno;
            bench_unmap(buf, room);
            errno = saved;
            return NULL;
        }
    }
    *len = n;
    *cap = room;
    return buf;
}

/* A trace is held whole: its text while it is parsed, then 24 bytes an op
 * (the op and its line number) in arrays that double as they grow. A 1 GB
 * trace of 112 million ops took 4.2 GB (and 272 s), a 15 MB one of 2 million
 * ops 65 MB: some 4 bytes a byte of file. */
#define TRACE_HELD_PER_BYTE 4

void trace_warn_if_big(const char *tool, const char *path, FILE *out)
{
    struct stat st;
    size_t ram = machine_ram_bytes();
    int known = trace_input_is_stdin(path) ? fstat(STDIN_FILENO, &st) == 0 : stat(path, &st) == 0;
    if (ram == 0 || !known || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size <= ram / TRACE_HELD_PER_BYTE)
        return;
    fprintf(out, "%s: warning: %s: %jd bytes of trace take some %d times that in memory, held whole, more than this "
            "machine's %zu bytes: the run may be killed for want of memory after minutes of reading; give a "
            "shorter trace (its first lines), or run it on a bigger machine\n",
            tool, NAME_SHOWN(path), (intmax_t)st.st_size, TRACE_HELD_PER_BYTE, ram);
}

int trace_load(const char *path, trace *out, char *err, size_t errlen)
{
    /* "-": standard input, as for replay and trace-tool (trace_input_is_stdin). */
    int fd = trace_input_is_stdin(path) ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (fd < 0) {
        int e = errno;
        text_cannot_open(err, errlen, path, e);
        return -1;
    }
    struct stat st;
    int stat_ok = fstat(fd, &st) == 0;
    if (!stat_ok || S_ISDIR(st.st_mode)) {
        text_say(err, errlen, "%s: %s; give the path of a trace file", path,
                 stat_ok ? "is a directory" : strerror(errno));
        close(fd);
        return -1;
    }
    size_t len = 0, cap = 0;
    struct text_line_count run = {0, 0};
    int too_long = 0;
    char *text = read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &len, &cap, &run, &too_long);
    if (text == NULL) {
        text_cannot_read(err, errlen, path, errno);
        close(fd);
        return -1;
    }
    close(fd);
    size_t line = too_long ? text_line_number(text, len) : 0;
    if (too_long && text_line_blanks_over(&run))
        text_say(err, errlen, "%s:%zu: " TEXT_BLANKS_FAULT, path, line, TEXT_LINE_BLANKS_MAX);
    else if (too_long)
        text_say(err, errlen, "%s:%zu: " TEXT_LONG_LINE_FAULT ", and a trace's lines are a few bytes long: not a "
                 "trace (one line of another format?); give an allocator-lab trace, ASCII lines such as 'a 0 16'",
                 path, line, TEXT_LINE_MAX >> 20);
    int rc = too_long ? -1 : trace_parse(path, text, len, out, err, errlen);
    bench_unmap(text, cap);
    return rc;
}
