/*
 * parse-fuzz.c - libFuzzer target for the two trace parsers: the lab format
 * (bench/trace.c: make bench, verify-traces) and the fuzzer's own text
 * traces and binary inputs (fuzz/trace.c: replay, trace-tool). Every input
 * goes to each parser as the tools hand it a file: its bytes, not
 * NUL-terminated. The parsers' contract, asserted here:
 *
 *   refused:  one line "NAME:LINE: problem", LINE inside the input (or just
 *             past its end), no control characters (nothing a terminal acts on);
 *   accepted: ops that are well formed (ids in range, sizes within the limits,
 *             every op line of the file accounted for); the same ops again
 *             after the tool's own printer writes them and the parser reads
 *             that back (lab ops: and after trace_finish checks them anew);
 *             a text trace: the same program in binary form, one op more
 *             for one op line more, taken for text whatever the file's name,
 *             the same program read as a threaded input's unless a hand-over
 *             has an argument, then refused at the first such op's line;
 *             a binary input: canonical text that reads back.
 *
 * Crashes, leaks, out-of-bounds reads and hangs are ASan's, LeakSanitizer's
 * and libFuzzer's. make fuzz-parse runs it; fuzz-check-trace replays
 * corpus/parse/ and corpus/parse/regressions/ through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/trace-lines.h"
#include "../bench/trace.h"
#include "trace.h"

#define LAB_NAME "input.rep"
#define TEXT_NAME "input.txt"

static void require(int ok, const char *what, const char *detail)
{
    if (ok)
        return;
    fprintf(stderr, "parse-fuzz: contract broken: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Lines as an editor counts them: a last line needs no newline. */
static size_t line_count(const uint8_t *data, size_t size)
{
    size_t n = size && data[size - 1] != '\n';
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

/* A refusal: "NAME:LINE: problem" on one line, LINE one of the input's
 * lines or the one after them (the line a truncated file lacks). */
static void check_refusal(const char *err, const char *name, size_t lines)
{
    size_t len = strlen(name), line = 0;
    const char *p = err + len + 1;
    require(strncmp(err, name, len) == 0 && err[len] == ':', "an error does not start with the file's name", err);
    for (; *p >= '0' && *p <= '9' && line <= lines; p++)
        line = line * 10 + (size_t)(*p - '0');
    require(line >= 1 && line <= lines + 1, "an error names a line outside the input", err);
    require(p[0] == ':' && p[1] == ' ' && p[2] != '\0', "an error has no 'LINE: problem'", err);
    for (p = err; *p; p++)
        require((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f, "an error holds a control character", err);
}

/* ---- the lab format ---- */

/* Op lines: the non-blank lines after the header's four non-blank lines
 * (or its first, an unfinished recording's placeholder, whose padding is
 * blank), "blank" as the parser has it (line_is_blank): a line of CRs or
 * one holding a VT is an op line, which a count past the ops must include. */
static size_t lab_op_lines(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data + text_bom_len(data, size), *end = (const char *)data + size;
    size_t header = 0, ops = 0, word = strlen(TRACE_UNFINISHED);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = skip_blanks(p, e);
        int blank = line_is_blank(p, e);
        if (header == 4)
            ops += !blank;
        else if (!blank)
            header = header == 0 && (size_t)(e - s) >= word && memcmp(s, TRACE_UNFINISHED, word) == 0 ? 4 : header + 1;
        p = nl ? nl + 1 : end;
    }
    return ops;
}

static void lab_require_same(const trace *a, const trace *b, const char *what)
{
    require(a->n_ops == b->n_ops && a->num_ids == b->num_ids && a->heap_hint == b->heap_hint &&
            a->weight == b->weight && a->peak_live == b->peak_live && a->null_frees == b->null_frees,
            what, "header, op count or peak differ");
    for (size_t i = 0; i < a->n_ops; i++)
        require(a->ops[i].kind == b->ops[i].kind && a->ops[i].id == b->ops[i].id && a->ops[i].size == b->ops[i].size,
                what, "an op differs");
}

/* What trace_write writes, trace_parse reads back as the same trace. */
static void lab_round_trip(const trace *t)
{
    char *text = NULL, err[TRACE_ERROR_LEN];
    size_t len = 0;
    trace back;
    FILE *f = open_memstream(&text, &len);
    require(f && trace_write(t, f) == 0 && fclose(f) == 0, "trace_write failed", NULL);
    require(trace_parse(LAB_NAME, text, len, &back, err, sizeof err) == 0, "a written trace does not parse", err);
    require(back.left_out == 0 && back.tail_lines == 0, "a written trace has size-0 ops or tail lines", NULL);
    lab_require_same(t, &back, "a written trace parses to another trace");
    trace_free(&back);
    free(text);
}

/* The ops validated again on their own (trace_finish): same peak, same sizes. */
static void lab_refinish(const trace *t)
{
    char err[TRACE_ERROR_LEN];
    trace again;
    trace_init(&again, t->name, t->num_ids);
    again.null_id = t->null_id; /* its free(NULL)s' id, as trace.h says to push them */
    for (size_t i = 0; i < t->n_ops; i++)
        require(trace_push(&again, t->ops[i].kind, t->ops[i].id, t->ops[i].size) == 0, "out of memory", NULL);
    require(trace_finish(&again, err, sizeof err) == 0, "accepted ops fail trace_finish", err);
    again.heap_hint = t->heap_hint, again.weight = t->weight, again.null_frees = t->null_frees;
    lab_require_same(t, &again, "trace_finish sees other ops");
    trace_free(&again);
}

static void lab_check_ops(const trace *t, const uint8_t *data, size_t size)
{
    size_t lines = line_count(data, size), nulls = 0;
    require(t->num_ids <= TRACE_MAX_IDS, "more ids than the limit", NULL);
    require(t->n_ops + t->left_out + t->tail_lines + (t->cut_line != 0) == lab_op_lines(data, size),
            "op lines unaccounted for (kept + left out + after the announced count + cut short)", NULL);
    require(!t->cut_line || (t->unfinished && t->cut_line == lines), "a line other than an unfinished trace's "
            "last is left out as cut short", NULL);
    for (size_t i = 0; i < t->n_ops; i++) {
        const trace_op *op = &t->ops[i];
        int null_free = trace_op_frees_null(t, op);
        nulls += null_free;
        require(op->kind == OP_ALLOC || op->kind == OP_FREE || op->kind == OP_REALLOC, "unknown op kind", NULL);
        require(null_free || op->id < t->num_ids, "id out of range", NULL);
        require(op->kind == OP_FREE || (op->size > 0 && op->size <= TRACE_MAX_REQUEST), "size 0 or too large", NULL);
        require(t->lines[i] > 4 && t->lines[i] <= lines && (i == 0 || t->lines[i] > t->lines[i - 1]),
                "op line numbers out of order or range", NULL);
    }
    require(nulls == t->null_frees, "free(NULL) count wrong", NULL);
    require(!t->tail_lines || t->n_ops == 0 || t->tail_from > t->lines[t->n_ops - 1], "tail before the ops", NULL);
}

static void fuzz_lab(const uint8_t *data, size_t size)
{
    char err[TRACE_ERROR_LEN];
    trace t;
    if (trace_parse(LAB_NAME, (const char *)data, size, &t, err, sizeof err) != 0) {
        check_refusal(err, LAB_NAME, line_count(data, size));
        return;
    }
    lab_check_ops(&t, data, size);
    /* replay and trace-tool must refuse it, whatever its name, never run its bytes. */
    require(fuzz_looks_like_lab("input", data, size), "an accepted lab trace is not recognised as one", NULL);
    /* Their refusal is one line, and names no mistake in a trace the lab parser takes. */
    char why[FUZZ_ERROR_MAX];
    require(fuzz_input_refusal("input", data, size, "a fuzz input", why, sizeof why) != 0 && !strchr(why, '\n') &&
            !strstr(why, "names the line to fix") && !strstr(why, "write the header from"),
            "an accepted lab trace is refused as a wrong one", why);
    lab_refinish(&t);
    lab_round_trip(&t);
    trace_free(&t);
}

/* ---- the fuzzer's text traces and binary inputs ---- */

static char *text_of(const struct fuzz_program *prog, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    require(f && fuzz_program_write_text(prog, f) == 0 && fclose(f) == 0, "fuzz_program_write_text failed", NULL);
    return text;
}

static void require_same_ops(const struct fuzz_op *a, const struct fuzz_op *b, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        require(a[i].kind == b[i].kind && a[i].slot == b[i].slot && a[i].arg == b[i].arg, what, NULL);
}

/* The canonical text of prog parses back to the same ops. */
static void text_round_trip(const struct fuzz_program *prog)
{
    char err[FUZZ_ERROR_MAX];
    size_t len;
    char *text = text_of(prog, &len);
    struct fuzz_program back;
    require(fuzz_program_from_text(text, len, TEXT_NAME, FUZZ_TEXT_INPUT, &back, err, sizeof err) == 0,
            "printed text does not parse", err);
    require(back.count == prog->count, "printed text parses to another op count", NULL);
    require_same_ops(prog->ops, back.ops, back.count, "printed text parses to other ops");
    fuzz_program_free(&back);
    free(text);
}

/* Its binary form (trace-tool to-bin) decodes to the same program. */
static void binary_round_trip(const struct fuzz_program *prog)
{
    uint8_t *bin = malloc(prog->count * FUZZ_RECORD_BYTES + 1);
    struct fuzz_program back;
    require(bin != NULL, "out of memory", NULL);
    for (size_t i = 0; i < prog->count; i++)
        fuzz_encode(&prog->ops[i], bin + i * FUZZ_RECORD_BYTES);
    require(fuzz_program_from_bytes(bin, prog->count * FUZZ_RECORD_BYTES, &back) == 0, "out of memory", NULL);
    require(back.count == prog->count, "binary form has another op count", NULL);
    require_same_ops(prog->ops, back.ops, back.count, "binary form decodes to other ops");
    fuzz_program_free(&back);
    free(bin);
}

/* One more op line after an accepted trace is one more op. */
static void text_append_op(const uint8_t *data, size_t size, const struct fuzz_program *prog)
{
    static const char more[] = "\nverify-all\n";
    char err[FUZZ_ERROR_MAX], *text = malloc(size + sizeof more);
    struct fuzz_program longer;
    require(text != NULL, "out of memory", NULL);
    memcpy(text, data, size);
    memcpy(text + size, more, sizeof more);
    require(fuzz_program_from_text(text, size + sizeof more - 1, TEXT_NAME, FUZZ_TEXT_INPUT, &longer, err,
                                   sizeof err) == 0,
            "an accepted trace with one op line more is refused", err);
    require(longer.count == prog->count + 1 && longer.ops[prog->count].kind == FUZZ_OP_VERIFY_ALL,
            "an op line added to an accepted trace is not its last op", NULL);
    require_same_ops(prog->ops, longer.ops, prog->count, "an op line added changes the ops before it");
    fuzz_program_free(&longer);
    free(text);
}

/* The index of prog's first hand-over op with an argument (fuzz/trace.h
 * FUZZ_TEXT_THREADED), or prog->count. */
static size_t first_handover_arg(const struct fuzz_program *prog)
{
    size_t i = 0;
    while (i < prog->count && !(fuzz_thread_kind_name(prog->ops[i].kind) && prog->ops[i].arg != 0))
        i++;
    return i;
}

/* Read as a threaded input's text, an accepted trace is the same program
 * when no hand-over op has an argument; else it is refused in one line at
 * the first such op's line: the text up to that line holds it as its last op. */
static void text_threaded(const uint8_t *data, size_t size, const struct fuzz_program *prog)
{
    char err[FUZZ_ERROR_MAX];
    struct fuzz_program threaded, head;
    size_t bad = first_handover_arg(prog), line = 0, len = 0;
    int rc =
        fuzz_program_from_text((const char *)data, size, TEXT_NAME, FUZZ_TEXT_THREADED, &threaded, err, sizeof err);
    if (bad == prog->count) {
        require(rc == 0 && threaded.count == prog->count, "read as a threaded input's, a trace is refused", err);
        require_same_ops(prog->ops, threaded.ops, prog->count, "read as a threaded input's, a trace has other ops");
        fuzz_program_free(&threaded);
        return;
    }
    require(rc != 0 && strstr(err, "in a threaded run"), "a hand-over's argument is taken in a threaded input", NULL);
    check_refusal(err, TEXT_NAME, line_count(data, size));
    sscanf(err + strlen(TEXT_NAME) + 1, "%zu", &line);
    while (len < size && (line > 1 || data[len] != '\n'))
        line -= data[len++] == '\n';
    require(fuzz_program_from_text((const char *)data, len, TEXT_NAME, FUZZ_TEXT_INPUT, &head, err, sizeof err) == 0 &&
            head.count == bad + 1, "a threaded input is refused at another line than its hand-over's", err);
    fuzz_program_free(&head);
}

static void fuzz_text(const uint8_t *data, size_t size)
{
    char err[FUZZ_ERROR_MAX];
    struct fuzz_program prog;
    if (fuzz_program_from_text((const char *)data, size, TEXT_NAME, FUZZ_TEXT_INPUT, &prog, err, sizeof err) != 0) {
        check_refusal(err, TEXT_NAME, line_count(data, size));
        require(fuzz_program_from_text((const char *)data, size, TEXT_NAME, FUZZ_TEXT_THREADED, &prog, err,
                                       sizeof err) != 0, "a refused trace is taken as a threaded input's", NULL);
        return;
    }
    require(prog.count < line_count(data, size), "more ops than lines after the version line", NULL);
    /* replay and trace-tool must take it for text whatever its name. */
    require(fuzz_looks_like_text("input", data, size), "an accepted text trace is not recognised as text", NULL);
    for (size_t i = 0; i < prog.count; i++) {
        const struct fuzz_op_info *info = fuzz_op_info(prog.ops[i].kind);
        require(info != NULL && (prog.ops[i].slot < FUZZ_SLOTS || info->has_count) &&
                (info->has_slot || info->has_count || prog.ops[i].slot == 0) &&
                (info->arg != FUZZ_ARG_NONE || prog.ops[i].arg == 0), "an op is not well formed", NULL);
    }
    text_round_trip(&prog);
    binary_round_trip(&prog);
    text_append_op(data, size, &prog);
    text_threaded(data, size, &prog);
    fuzz_program_free(&prog);
}

/* Any bytes are a binary input. Its ops need not be canonical (an argument
 * a kind reads modulo N keeps its raw bits), but its text is: that text
 * parses, and prints again byte for byte (fuzz/trace.h). */
static void fuzz_binary(const uint8_t *data, size_t size)
{
    char err[FUZZ_ERROR_MAX];
    size_t len, again_len;
    struct fuzz_program prog, back;
    require(fuzz_program_from_bytes(data, size, &prog) == 0, "out of memory", NULL);
    require(prog.count == size / FUZZ_RECORD_BYTES, "a binary input decodes to another op count", NULL);
    char *text = text_of(&prog, &len);
    require(fuzz_program_from_text(text, len, TEXT_NAME, FUZZ_TEXT_INPUT, &back, err, sizeof err) == 0,
            "the text of a binary input does not parse", err);
    char *again = text_of(&back, &again_len);
    require(again_len == len && memcmp(text, again, len) == 0, "the text of a binary input is not canonical", NULL);
    free(again);
    free(text);
    fuzz_program_free(&back);
    fuzz_program_free(&prog);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lab(data, size);
    fuzz_text(data, size);
    fuzz_binary(data, size);
    return 0;
}
