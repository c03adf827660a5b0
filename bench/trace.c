/*
 * trace.c - parsing allocation traces (building, validating and loading
 * them: trace-build.c; writing: trace-write.c; the table of live ids the
 * parser and trace_finish check ops against: live-set.c).
 * Every rejection names the file and line and says what is wrong, because
 * the traces come from anywhere (third-party suites, hand edits).
 */
#include "trace.h"

#include <stdarg.h>
#include <string.h>

#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "live-set.h"
#include "text-input.h"
#include "trace-lines.h"

/* ---- parsing ---- */

#define TOO_LARGE_FIX "(more than size_t holds); correct it"
/* A '#' line, in the header or among the ops: one message for both. */
/* What to give instead of a file with no header and no operations. */
#define LAB_GIVE_TRACE "; give an allocator-lab trace: 4 header lines (suggested heap size, number of ids, number " \
                       "of operations, weight), then operations such as 'a 0 16'"
#define COMMENT_REFUSED "a comment ('#'), which the lab format does not have; delete the line"

typedef struct cursor {
    const char *name;
    const char *p, *end;
    size_t line; /* number of the line last returned */
    size_t num_ids;
    int unfinished;  /* the header was "unfinished" (trace.h) */
    size_t cut_line; /* and this last line, cut short, is left out (0: none) */
    char *err;
    size_t errlen;
} cursor;

static int fail(cursor *c, size_t line, const char *fmt, ...)
{
    char msg[TRACE_ERROR_LEN];
    int n = snprintf(c->err, c->errlen, "%s:%zu: ", c->name, line);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        text_mark_cut(msg, sizeof msg, m);
        text_printable(msg, c->err + n, c->errlen - (size_t)n); /* cut further: marked again */
    } else {
        text_mark_cut(c->err, c->errlen, n); /* a path longer than the buffer */
    }
    text_escape_controls(c->err, c->errlen); /* the path's: msg is printable already */
    return -1;
}

/* A CR, form feed or vertical tab left in a line (text-input.h). */
static int line_fault(cursor *c, const char *b, const char *e)
{
    const char *fault = text_line_fault(b, e);
    return fault ? fail(c, c->line, "%s", fault) : 0;
}

/* A no-break space or another character that shows as a blank or nothing
 * (text-input.h), in a header or op line: no field holds one. */
static int invisible_fault(cursor *c, const char *b, const char *e)
{
    char why[TRACE_ERROR_LEN];
    return text_invisible_fault(b, e, why, sizeof why) ? fail(c, c->line, "%s", why) : 0;
}

/* The next line as [*b, *e), the CR of a CR-LF end and trailing blanks
 * stripped. 0 at the end. */
static int next_line(cursor *c, const char **b, const char **e)
{
    if (c->p >= c->end)
        return 0;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    *b = c->p;
    *e = line_trimmed_end(*b, nl ? nl : c->end);
    c->p = nl ? nl + 1 : c->end;
    c->line++;
    return 1;
}

static const char *const header_what[4] = {
    "suggested heap size", "number of ids", "number of operations", "weight"
};

/* The header of an unfinished recorded trace, from its lines
 * (trace_unfinished_values): the placeholder's padding lines skipped, a
 * last line cut short left out of the text. [rest, e): line 1 after the
 * word. The recorder writes the placeholder whole (preload/record-file.c), so
 * anything else on line 1, or fewer than 4 lines, is no recording. */
static int unfinished_header(cursor *c, const char *rest, const char *e, size_t values[4])
{
    const char *b, *cut;
    size_t before_cut;
    if (skip_blanks(rest, e) != e)
        return fail(c, c->line, "line 1 is '" TRACE_UNFINISHED "' and more ('%.*s%s'), but a recording's placeholder "
                    "line is the word alone (preload/record-file.c); give the trace's real header",
                    token_len(skip_blanks(rest, e), e), skip_blanks(rest, e), token_more(skip_blanks(rest, e), e));
    for (int i = 1; i < 4; i++) {
        if (!next_line(c, &b, &e))
            return fail(c, c->line + 1, "file ends after %d header lines; an unfinished recording's header is "
                        "4 ('" TRACE_UNFINISHED "' and 3 blank lines, preload/record-file.c)", i);
        if (skip_blanks(b, e) != e)
            return fail(c, c->line, "line 1 says '" TRACE_UNFINISHED "', but header line %d is not the blank "
                        "padding a recording leaves (preload/record-file.c); give the trace's real header", i + 1);
    }
    trace_unfinished_values(c->p, c->end, values, &cut, &before_cut);
    c->unfinished = 1;
    if (cut) {
        c->cut_line = c->line + before_cut + 1;
        c->end = cut;
    }
    return 0;
}

/* How many numbers [b, e) holds when it is only digits and blanks, else 0. */
static int numbers_in_line(const char *b, const char *e)
{
    int n = 0;
    for (const char *s = skip_blanks(b, e); s < e; s = skip_blanks(s, e), n++) {
        const char *d = skip_digits(s, e);
        if (d == s)
            return 0;
        s = d;
    }
    return n;
}

/* An operation [b, e) at line op_line where the header's first number
 * belongs, after comment lines from line comment on (0: none): bare
 * operations, as another course's scripts are written (Stanford CS107's).
 * Counting the ids and operations by hand is the fix's hard part, and
 * deleting the comments alone led to the next refusal: the command does
 * both. */
static int headerless(cursor *c, size_t comment, size_t op_line, const char *b, const char *e)
{
    const char *named = stdin_stem(c->name), *tail = "-lab.rep";
    int stem = text_converted_name(named, "", &tail);
    char what[TRACE_ERROR_LEN / 2];
    if (comment)
        snprintf(what, sizeof what, "a comment ('#'), which the lab format does not have, and no header: line %zu, "
                 "the first past the comments, is an operation ('%.*s%s')", op_line, line_quote_len(b, e), b,
                 line_more(b, e));
    else
        snprintf(what, sizeof what, "header line 1 is an operation ('%.*s%s'): the file has no header",
                 line_quote_len(b, e), b, line_more(b, e));
    return fail(c, comment ? comment : op_line, "%s, where a trace starts with 4 lines (suggested heap size, number "
                "of ids, number of operations, weight); write them from its operations (comment and blank lines "
                "left out): awk '" HEADERLESS_AWK "' %s > %s, and give that file", what,
                NAME_QUOTED(stdin_file(c->name)), NAME_QUOTED_MADE(named, stem, tail));
}

/* A comment where the header's first number belongs: headerless when an
 * operation is the first line past the comments and blank lines, nothing
 * when no line is, else the comment refused (a header may follow it: then
 * deleting it is the fix). */
static int comment_first(cursor *c)
{
    cursor peek = *c;
    const char *b, *e, *s = NULL;
    while (next_line(&peek, &b, &e) && ((s = skip_blanks(b, e)) == e || *s == '#'))
        s = NULL;
    if (s && looks_like_op(s, e))
        return headerless(c, c->line, peek.line, s, e);
    if (!s)
        return fail(c, c->line, LAB_ONLY_COMMENTS LAB_GIVE_TRACE);
    return fail(c, c->line, COMMENT_REFUSED);
}

/* The file ended after `lines` header lines. With none, it is empty or
 * blank lines alone, said as trace-tool says it (it was "file ends after 0
 * header lines", where trace-tool said "empty (0 bytes)"). */
static int header_ended(cursor *c, int lines)
{
    if (lines == 0)
        return fail(c, 1, "%s" LAB_GIVE_TRACE, c->line ? LAB_ONLY_COMMENTS : LAB_EMPTY);
    return fail(c, c->line + 1, "file ends after %d header lines; a trace starts with 4 (suggested heap size, "
                "number of ids, number of operations, weight)", lines);
}

static int parse_header(cursor *c, size_t values[4])
{
    const char *b, *e;
    for (int i = 0; i < 4; i++) {
        do { /* blank lines before and between them skipped, as the lab driver's fscanf("%d") does */
            if (!next_line(c, &b, &e))
                return header_ended(c, i);
            if (line_fault(c, b, e))
                return -1;
        } while (skip_blanks(b, e) == e);
        const char *s = skip_blanks(b, e);
        if (i == 0 && (size_t)(e - s) >= strlen(TRACE_UNFINISHED) &&
            memcmp(s, TRACE_UNFINISHED, strlen(TRACE_UNFINISHED)) == 0) {
            if (unfinished_header(c, s + strlen(TRACE_UNFINISHED), e, values) != 0)
                return -1;
            break;
        }
        enum foreign_log log = i == 0 ? foreign_log_of(s, line_trimmed_end(s, e)) : LOG_NONE;
        if (log == LOG_MTRACE) {
            char tool[4160], how[4160];
            trace_tool_where(tool, how, sizeof tool);
            const char *named = stdin_stem(c->name);
            return fail(c, c->line, "%s, not an allocator-lab trace; convert it: %s from-mtrace %s %s%s (%s)",
                        foreign_log_name(log), tool, NAME_QUOTED(c->name),
                        NAME_QUOTED_MADE(named, (int)strlen(named), ".rep"), stdin_again(c->name), how);
        }
        if (log != LOG_NONE) {
            char rec[4400];
            return fail(c, c->line, "%s, not an allocator-lab trace; %s", foreign_log_name(log),
                        foreign_log_record(rec, sizeof rec));
        }
        if (i == 0 && looks_like_fuzz_text(s, line_trimmed_end(s, e)))
            return fail(c, c->line, "a fuzz input (the harness's text trace, '%.*s' first), not an allocator-lab "
                        "trace; replay it with make replay CRASH=%s%s and the TARGET and SRCS of your adapter "
                        "(fuzz/README.md)", (int)(line_trimmed_end(s, e) - s), s, NAME_QUOTED(c->name),
                        stdin_again(c->name));
        if (invisible_fault(c, s, e))
            return -1;
        if (*s == '#' && i == 0)
            return comment_first(c);
        if (*s == '#') /* as on an op line: "must be one non-negative integer, not '# ...'" hid what it is */
            return fail(c, c->line, COMMENT_REFUSED);
        int rc = parse_uint(&s, e, &values[i]);
        if (rc == -2)
            return fail(c, c->line, "%s '%.*s%s' is too large " TOO_LARGE_FIX, header_what[i], token_len(b, e), b,
                        token_more(b, e));
        if ((rc != 0 || s != e) && looks_like_op(b, e) && i == 0)
            return headerless(c, 0, c->line, b, e);
        if ((rc != 0 || s != e) && looks_like_op(b, e))
            return fail(c, c->line, "header line %d is an operation ('%.*s%s'): the header has %d line%s; a "
                        "trace starts with 4 (suggested heap size, number of ids, number of operations, weight): "
                        "add the missing one%s above this line (a trace without a weight: a line '1')",
                        i + 1, line_quote_len(b, e), b, line_more(b, e), i, hl_plural_s((unsigned)i),
                        hl_plural_s(4 - (unsigned)i));
        int numbers = numbers_in_line(b, e);
        if (numbers > 1) /* "20000 3 6 1": the lab driver's fscanf takes it, a hand edit's likely shape */
            return fail(c, c->line, "header line %d holds %d numbers ('%.*s%s') where the format has one a line; put "
                        "each of the header's 4 (suggested heap size, number of ids, number of operations, weight) "
                        "on a line of its own", i + 1, numbers, line_quote_len(b, e), b, line_more(b, e));
        if (rc != 0 || s != e)
            return fail(c, c->line, "header line %d (%s) must be one non-negative integer, not '%.*s%s'; "
                        "write decimal digits only (no sign, no 0x, no comment)",
                        i + 1, header_what[i], line_quote_len(b, e), b, line_more(b, e));
    }
    if (values[1] > TRACE_MAX_IDS)
        return fail(c, 2, "number of ids %zu is above the limit of %zu; number the ids from 0 without gaps, a "
                    "new block taking a freed block's id (then the ids are as many as the blocks live at once)",
                    values[1], TRACE_MAX_IDS);
    return 0;
}

/* One number field of an operation line; what names it in messages. */
static int parse_field(cursor *c, const char **s, const char *e, const char *what,
                       const char *usage, size_t *out)
{
    const char *tok = skip_blanks(*s, e);
    if (tok == *s || tok == e)
        return fail(c, c->line, "missing %s; the operation is written '%s'", what, usage);
    const char *after = tok;
    int rc = parse_uint(&after, e, out);
    if (rc == -2)
        return fail(c, c->line, "%s '%.*s%s' is too large " TOO_LARGE_FIX, what, token_len(tok, e), tok,
                    token_more(tok, e));
    if (rc != 0 || (after < e && !is_blank(*after)))
        return fail(c, c->line, "%s '%.*s%s' is not a non-negative integer; write '%s' with decimal digits "
                    "(no sign, no 0x%s)", what, token_len(tok, e), tok, token_more(tok, e), usage,
                    strcmp(what, "id") == 0 ? "; only 'f -1', free(NULL), has a negative id" : "");
    *s = after;
    return 0;
}

/* "a0 16": refused, not read as "a 0 16", since lab readers disagree on it.
 * The CS:APP driver reads the operation as a word (fscanf "%s") and looks at
 * its first letter, so it takes 16 for the id and the size from the next
 * line; a sscanf("%c %u %u") reader takes a 0 16. The line [b, e). */
static int no_blank_after_op(cursor *c, const char *b, const char *e)
{
    int n = line_quote_len(b, e); /* the line as quoted */
    const char *more = line_more(b, e);
    return fail(c, c->line, "no blank between the operation '%c' and the id in '%.*s%s'; write '%c %.*s%s' (the "
                "CS:APP driver reads '%.*s%s' as the operation and the next number as the id); "
                "sed -E 's/^([[:blank:]]*[afr])([-0-9])/\\1 \\2/' fixes every such line",
                *b, n, b, more, *b, n - 1, b + 1, more, token_len(b, e), b, token_more(b, e));
}

static int parse_op(cursor *c, const char *b, const char *e, trace_op *op)
{
    const char *s = b;
    if (*s == '#')
        return fail(c, c->line, COMMENT_REFUSED);
    if ((*s == 'a' || *s == 'f' || *s == 'r') && s + 1 < e && (s[1] == '-' || (s[1] >= '0' && s[1] <= '9')))
        return no_blank_after_op(c, b, e);
    if ((*s != 'a' && *s != 'f' && *s != 'r') || (s + 1 < e && !is_blank(s[1])))
        return fail(c, c->line, "unknown operation '%.*s%s'; expected a <id> <size>, f <id> or "
                    "r <id> <size>", token_len(b, e), b, token_more(b, e));
    op->kind = (uint32_t)*s++;
    const char *usage = op->kind == OP_ALLOC ? "a <id> <size>"
                        : op->kind == OP_FREE ? "f <id>" : "r <id> <size>";
    size_t id, size = 0;
    const char *null_id = op->kind == OP_FREE ? free_null_at(s, e) : NULL;
    if (null_id)
        id = c->num_ids, s = null_id; /* trace.h: the op of free(NULL) */
    else if (parse_field(c, &s, e, "id", usage, &id) != 0)
        return -1;
    if (op->kind != OP_FREE && parse_field(c, &s, e, "size", usage, &size) != 0)
        return -1;
    if (id >= c->num_ids && !null_id)
        return fail(c, c->line, "id %zu is out of range: the header (line 2) declares %zu ids; "
                    "raise that number or renumber the ids", id, c->num_ids);
    s = skip_blanks(s, e);
    if (s != e)
        return fail(c, c->line, "unexpected text '%.*s%s' after '%s'; delete it (the format has no comments or "
                    "extra fields)", token_len(s, e), s, token_more(s, e), usage);
    if (size > TRACE_MAX_REQUEST)
        return fail(c, c->line,
                    "size %zu is above the limit of %zu bytes (" TRACE_MAX_REQUEST_TEXT ") of this project's lab "
                    "trace readers (make bench, make verify-traces and the preload recorder share it), surely a "
                    "mistake; correct it, or, for a real request that large, raise TRACE_MAX_REQUEST in "
                    "bench/trace.h (make rebuilds them)", size, TRACE_MAX_REQUEST);
    op->id = (uint32_t)id; /* below TRACE_MAX_IDS */
    op->size = size;
    return 0;
}

/* The op a replay runs for op (trace.h: no size-0 request reaches an
 * allocator); 0 when it is left out. had: the id's live_set.held before op. */
static int replayed_as(const trace_op *op, size_t had, trace_op *out)
{
    int has_block = held_size(had) > 0;
    *out = *op;
    if (op->kind == OP_FREE || op->size == 0) { /* a free, or a realloc to 0 that frees */
        out->kind = OP_FREE;
        out->size = held_size(had); /* a sized free needs it */
        return has_block && op->kind != OP_ALLOC;
    }
    if (op->kind == OP_REALLOC && held_live(had) && !has_block)
        out->kind = OP_ALLOC;
    return 1;
}

static int keep_op(cursor *c, trace *t, const trace_op *op)
{
    if (t->n_ops == t->cap_ops && trace_grow_ops(t, 1) != 0)
        return fail(c, c->line, "out of memory: %zu bytes for the operations after the %zu before this line were "
                    "refused; " TRACE_NO_MEMORY_FIX, trace_grow_bytes(t, 1), t->n_ops);
    t->lines[t->n_ops] = c->line;
    t->ops[t->n_ops++] = *op;
    return 0;
}

/* One operation line [b, e): parsed, checked against the live ids and kept
 * as the replay will run it (or counted as left out). */
static int take_op(cursor *c, trace *t, live_set *ls, const char *b, const char *e)
{
    char why[TRACE_ERROR_LEN];
    trace_op op = {0, 0, 0}, run; /* set by parse_op; gcc -O2 cannot see it */
    if (line_fault(c, b, e) || invisible_fault(c, b, e) || parse_op(c, b, e, &op) != 0)
        return -1;
    if (trace_op_frees_null(t, &op)) {
        t->null_frees++;
        return keep_op(c, t, &op);
    }
    size_t had = held_of(ls, op.id); /* id < num_ids: parse_op checked */
    int rc = live_apply(ls, &op, c->line, why, sizeof why);
    if (rc != 0)
        return rc == TRACE_NO_MEMORY ? fail(c, c->line, "out of memory: %s; " TRACE_NO_MEMORY_FIX, why)
                                     : fail(c, c->line, "%s", why);
    if (!replayed_as(&op, had, &run)) {
        t->left_out++;
        return 0;
    }
    return keep_op(c, t, &run);
}

/* A line only a trace's start has: its header's first line, a number alone
 * or a recording's "unfinished". Among the operations, or first after the
 * announced ones, it is another trace's: two files joined with cat (a
 * program's %p recordings made one). [b, e) is the line past its blanks. */
static int starts_a_trace(const char *b, const char *e)
{
    size_t word = strlen(TRACE_UNFINISHED);
    return numbers_in_line(b, e) == 1 || ((size_t)(e - b) == word && memcmp(b, TRACE_UNFINISHED, word) == 0);
}

/* Non-blank lines from the cursor to the end of the text. */
static size_t lines_left(cursor *c)
{
    const char *b, *e;
    size_t n = 0;
    while (next_line(c, &b, &e))
        n += skip_blanks(b, e) != e;
    return n;
}

static int parse_ops(cursor *c, trace *t, size_t announced, live_set *ls)
{
    const char *b, *e;
    size_t seen = 0;
    while (next_line(c, &b, &e)) {
        b = skip_blanks(b, e);
        if (b == e)
            continue;
        if (seen == announced) { /* as the lab driver: the header's count is the trace */
            t->tail_from = c->line;
            t->tail_joined = starts_a_trace(b, e);
            t->tail_lines = 1 + lines_left(c);
            return 0;
        }
        /* "20000 2 3 1 0": a fifth header line (a second weight, a suite's own
         * field) read as an op said only "unknown operation '0'". */
        if (seen == 0 && numbers_in_line(b, e) == 1)
            return fail(c, c->line, "line %zu is a number ('%.*s%s') where the first operation is expected: the "
                        "header has more than 4 lines (suggested heap size, number of ids, number of operations, "
                        "weight); delete the extra one", c->line, token_len(b, e), b, token_more(b, e));
        if (starts_a_trace(b, e)) /* it said "unknown operation '00000000000000066469'" */
            return fail(c, c->line, "'%.*s%s' is no operation but the line a trace starts with (its header's "
                        "first): " TRACE_JOINED_FIX "; else delete the line", token_len(b, e), b, token_more(b, e));
        seen++;
        if (take_op(c, t, ls, b, e) != 0)
            return -1;
    }
    if (seen != announced)
        return fail(c, c->line, "line 3 announces %zu operations but the file has %zu; make line 3 %zu, "
                    "or add the missing operations", announced, seen, seen);
    return 0;
}

/* /dev/fd/63, /proc/self/fd/63: what a shell's <(...) or a pipe hands us.
 * The bare number would say nothing in a table row, so such a path is
 * named as given. */
static int is_descriptor_path(const char *path, const char *base)
{
    size_t dir_len = (size_t)(base - path);
    if (*base == '\0' || base[strspn(base, "0123456789")] != '\0')
        return 0;
    return dir_len >= 4 && strncmp(base - 4, "/fd/", 4) == 0;
}

/* "dir/short1-bal.rep" -> "short1-bal"; "/dev/fd/63" stays "/dev/fd/63" */
static void name_from_path(const char *path, char *out, size_t outlen)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (is_descriptor_path(path, base))
        base = path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".rep") == 0)
        n -= 4;
    snprintf(out, outlen, "%.*s", (int)(n < outlen ? n : outlen - 1), base);
}

/* A NUL or another byte no text has, anywhere: refused before any line is
 * read, naming the byte, its offset (for a hex dump) and its line. */
static int not_text(cursor *c, const char *text, size_t len)
{
    size_t at = text_binary_at(text, len);
    if (at == len)
        return 0;
    const char *suffix, *packer = text_compressed_by(text, len, &suffix);
    const char *tail = packer ? "-unpacked.rep" : "-utf8.rep", *in = NAME_QUOTED(stdin_file(c->name));
    const char *named = stdin_stem(c->name); /* in and the files below: quoted, in commands to paste */
    int stem = text_converted_name(named, packer ? suffix : "", &tail); /* "-": read "< FILE", written "stdin-..." */
    if (text_is_utf16(text, len))
        return fail(c, 1, "UTF-16 text (as Windows PowerShell's > writes it), not ASCII; convert it first (iconv -f "
                    "UTF-16 -t UTF-8 %s > %s) and give that file", in, NAME_QUOTED_MADE(named, stem, tail));
    if (packer)
        return fail(c, 1, "%s-compressed, not a text trace; decompress it first (%s -dc %s > %s) and give that "
                    "file", packer, packer, in, NAME_QUOTED_MADE(named, stem, tail));
    size_t z = at; /* a DOS editor's end-of-file mark, Ctrl-Z, after the last line: named, with its fix */
    while (z < len && text[z] == 0x1a)
        z++;
    const char *fixed = "-fixed.rep";
    int fixed_stem = text_converted_name(named, "", &fixed);
    if (z == len)
        return fail(c, text_line_at(text, at), "a DOS end-of-file mark (Ctrl-Z, byte 0x1a at offset %zu) ends the "
                    "file, which a lab trace does not have; delete it (tr -d '\\032' < %s > %s) and give that "
                    "file", at, in, NAME_QUOTED_MADE(named, fixed_stem, fixed));
    return fail(c, text_line_at(text, at),
                "not a text trace (byte 0x%02x at offset %zu): the file is damaged or not a trace; "
                "a lab trace is ASCII lines such as 'a 0 16'", (unsigned char)text[at], at);
}

/* free(NULL)'s ops (their id num_ids while parsing) take the id after the
 * highest the trace uses, and the replays' tables end there (trace.h). */
static void null_id_past_used(trace *t)
{
    size_t used = 0;
    for (size_t i = 0; i < t->n_ops; i++)
        if (!trace_op_frees_null(t, &t->ops[i]) && t->ops[i].id >= used)
            used = (size_t)t->ops[i].id + 1;
    for (size_t i = 0; i < t->n_ops; i++)
        if (trace_op_frees_null(t, &t->ops[i]))
            t->ops[i].id = (uint32_t)used;
    t->null_id = used;
}

int trace_parse(const char *name, const char *text, size_t len, trace *out,
                char *err, size_t errlen)
{
    cursor c = { name, text + text_bom_len(text, len), text + len, 0, 0, 0, 0, err, errlen };
    size_t header[4];
    live_set ls;
    char tname[sizeof out->name];
    if (not_text(&c, text, len) != 0 || parse_header(&c, header) != 0)
        return -1;
    c.num_ids = header[1];
    name_from_path(name, tname, sizeof tname);
    trace_init(out, tname, header[1]);
    out->heap_hint = header[0];
    out->weight = header[3];
    out->unfinished = c.unfinished;
    out->cut_line = c.cut_line;
    if (live_set_init(&ls, out->num_ids) != 0) {
        char refused[128];
        live_set_init_refused(&ls, refused, sizeof refused);
        return fail(&c, 2, "out of memory: %s; " TRACE_NO_MEMORY_FIX, refused);
    }
    int rc = parse_ops(&c, out, header[2], &ls);
    out->peak_live = ls.peak;
    live_set_fini(&ls);
    if (rc != 0)
        trace_free(out);
    else
        null_id_past_used(out);
    return rc;
}
