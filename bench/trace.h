/*
 * trace.h - allocation traces in the classic allocator-lab format.
 *
 * File format (bench/README.md "Trace format and feeding third-party
 * traces"): four header lines, each one non-negative integer (suggested
 * heap size, number of ids, number of operations, weight), then one
 * operation per line:
 *   a <id> <size>   allocate <size> bytes and call the block <id>
 *   f <id>          free block <id>
 *   r <id> <size>   realloc block <id> to <size> bytes (an id never allocated:
 *                   like a; one the trace freed: refused, as a double free)
 *   f -1            free(NULL), which must do nothing (below)
 * Blank lines anywhere (header too) are ignored; CR-LF line ends are accepted.
 * Lines after the number of operations line 3 announces are not read (the
 * CS:APP driver reads only that many; some of its own traces have one more):
 * tail_lines and tail_from say what was left, for a note.
 * The parser also checks that the trace makes sense (ids in range, no free
 * or realloc of a block the trace freed, ...), so replaying it is never undefined.
 *
 * Size 0 is accepted, but no size-0 request reaches an allocator: malloc(0)
 * may return NULL or a block, realloc(p, 0) may free or not (undefined in
 * C23), so a replay could not tell success from failure. The parser rewrites
 * them: "a id 0" makes id live with no block (the op is left out), "f" of
 * such an id is left out, "r id 0" becomes "f id" (or is left out when id has
 * no block), and "r id n" on an id with no block becomes "a id n".
 */
#ifndef BENCH_TRACE_H
#define BENCH_TRACE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The replayers keep tables by id (bench 8 bytes an id up to the declared
 * count, whose last slot is free(NULL)'s; verify-traces 64 up to the highest
 * id used), mapped and touched only where an id is used, so the cap costs
 * address space, not memory; the parsers' live set maps its table a page at
 * a time where ids are used (live-set.h), since the parse fuzzer's maps are
 * calloc'd, which ASan fills whole. The recorder gives every block live at
 * once an id of its own (preload/record.c), and stops at this cap rather
 * than write a trace the readers refuse: 2^26 ids take a program with 67M
 * blocks live (one holding 16.8M malloc(8) blocks was refused at 2^24).
 * 32 bits: 2^24, the address space is 4 GiB. */
#if SIZE_MAX > UINT32_MAX
#define TRACE_MAX_IDS ((size_t)1 << 26)
#else
#define TRACE_MAX_IDS ((size_t)1 << 24)
#endif
/* 1 TiB: bigger is surely a typo. Not less: recorded programs ask for GiBs.
 * A 32-bit size_t cannot hold it; there 2 GiB still leaves size + 1 room. */
#if SIZE_MAX > UINT32_MAX
#define TRACE_MAX_REQUEST ((size_t)1 << 40)
#define TRACE_MAX_REQUEST_TEXT "1 TiB"
#else
#define TRACE_MAX_REQUEST ((size_t)1 << 31)
#define TRACE_MAX_REQUEST_TEXT "2 GiB"
#endif
/* An error message: a path as long as the system opens, and the words
 * around it; one longer still ends in TEXT_CUT_MARK (text-input.h). */
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#define TRACE_ERROR_LEN (PATH_MAX + 1024)
/* The first header line of a trace whose recording process never wrote its
 * header (preload/record-file.c writes it). Its lines are whole calls, each
 * written after the call returned, so the parser takes the complete ones,
 * with a header worked out from them (trace-lines.h), and marks the trace:
 * a tool that replays it says so (trace_note_unfinished). */
#define TRACE_UNFINISHED "unfinished"

/* What to do with a trace's start met after its first header (tail_joined):
 * the parser's refusal and the note on unread lines say it in these words. */
#define TRACE_JOINED_FIX "two traces joined, as cat a.rep b.rep joins them? give each as a file of its own " \
                         "(make bench TRACES=\"a.rep b.rep\")"

enum trace_op_kind { OP_ALLOC = 'a', OP_FREE = 'f', OP_REALLOC = 'r' };

typedef struct trace_op {
    uint32_t kind; /* enum trace_op_kind */
    uint32_t id;
    size_t size;   /* OP_FREE: the size of the block it frees (0 for free(NULL)), set by the parser
                      and trace_finish, for allocators that take the size back (free_sized) */
} trace_op;

typedef struct trace {
    char name[64];
    size_t heap_hint;  /* header line 1 */
    size_t num_ids;    /* header line 2 */
    size_t null_id;    /* the id of free(NULL)'s ops (below); replay tables have null_id + 1 slots */
    size_t weight;     /* header line 4; kept only to write it back */
    trace_op *ops;
    size_t *lines;     /* parsed traces: the file line of each op; NULL otherwise */
    size_t n_ops;
    size_t cap_ops;
    size_t left_out;   /* size-0 operations the parser did not keep (see above) */
    size_t null_frees; /* "f -1" operations (kept: they call free(NULL)) */
    size_t tail_lines; /* non-blank lines after the announced operations: not read */
    size_t tail_from;  /* the first of them */
    int tail_joined;   /* ...a line that starts a trace: another trace, joined with cat */
    size_t timed_from; /* ops before this index only build up state: not timed */
    size_t peak_live;  /* largest sum of live requested sizes (set by trace_finish) */
    int unfinished;    /* first line "unfinished": header worked out from the lines (TRACE_UNFINISHED) */
    size_t cut_line;   /* unfinished: a last line without its newline, left out (0: none) */
} trace;

/* "f -1" in a file is free(NULL) (later CS:APP lab traces use it to test
 * that free(NULL) is harmless). Its op is a free of id null_id: replay
 * tables have null_id + 1 slots and the last one is never set, so every
 * replay loop runs it as free(NULL) without a special case. A trace built
 * with trace_init has null_id num_ids (push free(NULL) as a free of it); a
 * parsed one has the highest id it uses + 1, so a header that declares far
 * more ids than the trace uses (up to TRACE_MAX_IDS) costs the replays'
 * tables nothing. */
static inline int trace_op_frees_null(const trace *t, const trace_op *op)
{
    return op->kind == OP_FREE && op->id == t->null_id;
}

/* An empty trace called name with num_ids ids. 0, or -1 (out of memory). */
int trace_init(trace *t, const char *name, size_t num_ids);
int trace_push(trace *t, enum trace_op_kind kind, size_t id, size_t size);
/* trace_push's room for ops, and the parser's (trace-build.c says how it grows). */
int trace_grow_ops(trace *t, int keep_lines);
/* The bytes the next trace_grow_ops(t, keep_lines) maps: what a failed push asked for. */
size_t trace_grow_bytes(const trace *t, int keep_lines);
/* Validates every op and sets peak_live. 0; -1 with the reason in err,
 * after t's name; or TRACE_NO_MEMORY with the bytes refused in err (the
 * caller names the trace: a built one is not wrong for want of memory). */
int trace_finish(trace *t, char *err, size_t errlen);
#define TRACE_NO_MEMORY (-2)
/* What a reader of a trace or log refused memory tells its user to do, after the bytes refused. */
#define TRACE_NO_MEMORY_FIX "raise the address-space limit (ulimit -v) or free memory for it"
void trace_free(trace *t);

/* Parses text (not NUL-terminated) named name. 0, or -1 and err holds one
 * line "name:line: what is wrong". On success *out owns its ops. */
int trace_parse(const char *name, const char *text, size_t len, trace *out,
                char *err, size_t errlen);
/* trace_parse on a file's contents; errors start with the path. */
int trace_load(const char *path, trace *out, char *err, size_t errlen);

/* One line to out, "TOOL: warning: ...", or none: the trace at path (a
 * file, or "-" redirected from one) is too big for this machine's memory to
 * hold whole, as trace_load holds it. Called before trace_load. */
void trace_warn_if_big(const char *tool, const char *path, FILE *out);
/* One line to out, "TOOL: warning: ..." (tool names the program, as every
 * tool's error line does): the unfinished trace at path replays the
 * operations it has, and no more. */
void trace_note_unfinished(const trace *t, const char *tool, const char *path, FILE *out);
/* One line to out, or none: the lines after the count line 3 announces,
 * not read (trace.h), and what to do if they belong to the trace; or that
 * t has no operations to verb ("time", "verify"), so it is left out (none
 * for an unfinished trace no call reached: trace_note_unfinished says so). */
void trace_note_left(const trace *t, const char *name, const char *verb, FILE *out);
/* Writes t in the file format; 0, or -1 with errno from stdio. */
int trace_write(const trace *t, FILE *out);

#endif /* BENCH_TRACE_H */
