/*
 * trace-file.c - a program from a file or bytes (binary input, text trace,
 * or an allocator-lab trace refused with one line), and written out as text
 * or binary. The text format itself is trace.c's.
 */
#include "trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../bench/text-input.h"
#include "input-kind.h"

int fuzz_program_from_bytes(const uint8_t *data, size_t size, struct fuzz_program *prog)
{
    prog->count = 0;
    prog->ops = malloc((size / FUZZ_RECORD_BYTES + 1) * sizeof *prog->ops);
    if (!prog->ops)
        return -1;
    prog->count = fuzz_decode_input(data, size, prog->ops);
    return 0;
}

int fuzz_looks_like_text(const char *name, const uint8_t *data, size_t size)
{
    return input_kind_of(name ? name : "", data, size) == INPUT_TEXT;
}

int fuzz_bytes_read_as_trace(const uint8_t *data, size_t size)
{
    return input_kind_of("", data, size) != INPUT_BINARY;
}

int fuzz_looks_like_lab(const char *name, const uint8_t *data, size_t size)
{
    return input_kind_of(name ? name : "", data, size) == INPUT_LAB;
}

/* Standard input ("-", trace_input_is_stdin) as a stream of its own, which
 * the caller's fclose ends without closing descriptor 0. */
static FILE *stdin_copy(void)
{
    int fd = dup(STDIN_FILENO);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (fd >= 0 && !f)
        close(fd);
    return f;
}

/* fopen succeeds on a directory and only the read fails (EISDIR), which
 * would be reported as a read error: a directory is named as such. */
static FILE *open_input(const char *path, char *err, size_t err_len)
{
    struct stat st;
    FILE *f = trace_input_is_stdin(path) ? stdin_copy() : fopen(path, "rb");
    if (!f) {
        int e = errno;
        text_cannot_open(err, err_len, path, e);
    } else if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        text_say(err, err_len, "%s: is a directory; give the path of one input file", path);
        fclose(f);
        f = NULL;
    }
    return f;
}

/* Far above any saved input (libFuzzer's -max_len is 4096 in halloc.options)
 * and any text trace a replay is for: reading stops there, so an endless
 * stream with line ends (/dev/urandom) is refused, not read until memory
 * runs out. One with none (/dev/zero) is refused a line's worth in: past
 * TEXT_LINE_MAX no text trace goes, nor a saved input (text_line_run). */
#define INPUT_MAX ((size_t)256 << 20)

/* A lab trace is refused however long it is (a suite's trace: 100 MB), and
 * its kind shows in its first lines: once this much is read, a head whose
 * whole lines, all text, are a lab trace's header then an op (or a cut
 * recording's "unfinished") is refused without keeping the rest. */
#define LAB_HEAD_MAX ((size_t)64 << 10)

/* What a lab trace's refusal names of all of the file: its size, its first
 * byte no text has (at; at == size: none) and its first comment line (0: none). */
struct lab_facts {
    size_t size, at, comment;
    uint8_t byte;
};

static void lab_facts_of(const uint8_t *data, size_t size, struct lab_facts *all)
{
    all->size = size;
    all->at = text_binary_at(data, size);
    all->byte = all->at < size ? data[all->at] : 0;
    all->comment = kind_first_comment(data, size);
}

/* The length of buf[0, n)'s whole lines when they decide the file is a lab
 * trace whatever follows them (as input_kind_of would judge all of it), else 0. */
static size_t lab_head_len(const uint8_t *buf, size_t n)
{
    size_t cut = n;
    const char *suffix;
    while (cut > 0 && buf[cut - 1] != '\n')
        cut--;
    if (cut == 0 || text_binary_at(buf, cut) < cut || text_compressed_by(buf, n, &suffix) || text_is_utf16(buf, n))
        return 0;
    return kind_lab_lines(buf, cut, '\n', 0) ? cut : 0;
}

/* The lab facts of the file whose first n bytes are buf, of which [0, cut)
 * are a lab trace's head (kept for its refusal): the rest, up to INPUT_MAX,
 * read from f in pieces, none kept. */
static int lab_facts_read(FILE *f, const uint8_t *buf, size_t n, size_t cut, struct lab_facts *all)
{
    uint8_t piece[16384];
    const uint8_t *p = buf;
    size_t lines = 0, size = cut;
    int line_start = 1; /* only blanks so far on this line */
    lab_facts_of(buf, cut, all);
    all->at = SIZE_MAX;
    for (size_t i = 0; i < cut; i++)
        lines += buf[i] == '\n';
    for (size_t got = n - cut, from = cut;; p = piece, from = 0, got = fread(piece, 1, sizeof piece, f)) {
        if (got == 0 && from == 0)
            break;
        for (size_t i = from; i < from + got; i++) {
            uint8_t c = p[i];
            if (all->at == SIZE_MAX && text_byte_is_binary(c))
                all->at = size + i - from, all->byte = c;
            if (c == '\n')
                lines++, line_start = 1;
            else if (line_start && c == '#' && !all->comment)
                all->comment = lines + 1;
            else if (!kind_blank(c))
                line_start = 0;
        }
        size += got;
        if (size >= INPUT_MAX) /* the head decided; an endless pipe ends here as before */
            break;
    }
    all->size = size;
    all->at = all->at == SIZE_MAX ? size : all->at;
    return ferror(f) ? (errno ? errno : EIO) : 0;
}

static void lab_refusal_of(const char *path, const uint8_t *data, size_t size, const struct lab_facts *all,
                           const char *input, int by_name, char *err, size_t err_len);

int fuzz_input_read(const char *path, size_t max, const char *input, uint8_t **data, size_t *size, char *err,
                    size_t err_len)
{
    FILE *f = open_input(path, err, err_len);
    size_t cap = 4096, n = 0, got, over, stop = 0; /* stop: the byte that took its line past a limit */
    struct text_line_count run = {0, 0};
    int endless = 0;
    uint8_t *buf = f ? malloc(cap) : NULL;
    max = max < INPUT_MAX ? max : INPUT_MAX; /* what any input may be (trace.h says so) */
    if (!buf) {
        if (f) {
            text_cannot_read(err, err_len, path, ENOMEM);
            fclose(f);
        }
        return -1;
    }
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if ((over = text_line_run(&run, buf + n - got, got)) < got) {
            stop = n - got + over;
            endless = 1;
            break;
        }
        size_t cut = n == LAB_HEAD_MAX ? lab_head_len(buf, n) : 0;
        struct lab_facts all;
        if (cut > 0) { /* a lab trace: refused now, the rest only scanned */
            int e = lab_facts_read(f, buf, n, cut, &all);
            fclose(f);
            if (e)
                text_cannot_read(err, err_len, path, e);
            else
                lab_refusal_of(path, buf, cut, &all, input, 1, err, err_len);
            free(buf);
            return -1;
        }
        if (n == cap) { /* room for one byte past max: a file of max bytes is taken */
            size_t more = n > max ? 0 : cap * 2 < max + 1 ? cap * 2 : max + 1;
            uint8_t *bigger = more ? realloc(buf, more) : NULL;
            if (!bigger)
                break; /* n == cap: refused below, never taken as the whole file */
            buf = bigger;
            cap = more;
        }
    }
    int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
    int too_large = n == cap || endless;
    fclose(f);
    if (read_errno || too_large) {
        if (read_errno)
            text_cannot_read(err, err_len, path, read_errno);
        else if (endless && text_line_blanks_over(&run))
            text_say(err, err_len, "%s:%zu: " TEXT_BLANKS_FAULT, path, text_line_number(buf, stop), TEXT_LINE_BLANKS_MAX);
        else if (endless)
            text_say(err, err_len, "%s:%zu: " TEXT_LONG_LINE_FAULT ", which no text trace's line and no saved input "
                     "(at most 4096 bytes) comes near: not %s; give the file the fuzzer saved", path,
                     text_line_number(buf, stop), TEXT_LINE_MAX >> 20, input);
        else if (n > max && max >= INPUT_MAX)
            text_say(err, err_len, "%s: more than %zu MiB, which no saved input or text trace is; give the file the "
                     "fuzzer saved (or an allocator-lab trace to make verify-traces)", path, INPUT_MAX >> 20);
        else if (n > max)
            text_say(err, err_len, "%s: more than %zu bytes, which %s never is; give the file its fuzzer saved", path,
                     max, input);
        else
            text_say(err, err_len, "%s: too large to hold in memory; give a smaller input", path);
        free(buf);
        return -1;
    }
    *data = buf;
    *size = n;
    return 0;
}

/* The one line refusing the lab trace at path, which is not `input`: what
 * it is (or what is wrong with it) and what to run instead. The lab parser
 * has no comments nor blank lines, so a trace with comments is told to drop
 * both first; one with no header, to write it (with them dropped). by_name:
 * the tool takes a file named .rep for a lab trace whatever its bytes (replay,
 * trace-tool to-text), so renaming it is a way out; from-mtrace reads the
 * bytes alone, and the name changes nothing. */
static void lab_trace_refusal(const char *path, const uint8_t *data, size_t size, const char *input, int by_name,
                              char *err, size_t err_len)
{
    struct lab_facts all;
    lab_facts_of(data, size, &all);
    lab_refusal_of(path, data, size, &all, input, by_name, err, err_len);
}

/* The refusal from data[0, size), all of the file or its head's whole lines
 * (lab_head_len), and what all names of the whole file. */
static void lab_refusal_of(const char *path, const uint8_t *data, size_t size, const struct lab_facts *all,
                           const char *input, int by_name, char *err, size_t err_len)
{
    const char *named = stdin_stem(path), *again = stdin_again(path); /* "-": "stdin-lab.rep", "- < FILE" */
    const char *quoted = NAME_QUOTED(path); /* in the commands to paste; the prose's is escaped (text_say) */
    const char *traces = NAME_FOR_MAKE(path); /* as make's TRACES= value */
    size_t comment = all->comment, len = strlen(named), at = all->at;
    int stem = (int)(kind_named(named, ".rep") ? len - 4 : len);
    const char *lab = NAME_QUOTED_MADE(named, stem, "-lab.rep"); /* the comments' fix writes it */
    const char *lab_traces = NAME_FOR_MAKE(text_name_made(named, stem, "-lab.rep", (char[NAME_SHOWN_MAX]){0}));
    char what[160];
    int wrong = kind_lab_problem(data, size, what, sizeof what);
    const char *suffix, *packer = text_compressed_by(data, size, &suffix), *tail = "-unpacked.rep";
    int unpacked = packer ? text_converted_name(path, suffix, &tail) : 0;
    by_name = by_name && kind_named(path, ".rep");
    if (packer && by_name) /* as make bench and verify-traces name it, with the same command */
        text_say(err, err_len, "%s: %s-compressed under a lab trace's .rep name: a compressed trace (decompress it "
                 "first: %s -dc %s > %s, and give that to make verify-traces) or %s under a trace's name "
                 "(rename it without .rep to replay it)", path, packer, packer, quoted,
                 NAME_QUOTED_MADE(path, unpacked, tail), input);
    else if (at < all->size && by_name) /* taken for a lab trace by its name alone (input_kind_of) */
        text_say(err, err_len, "%s: named .rep, as allocator-lab traces are, but byte 0x%02x at offset %zu is "
                 "no text: a damaged trace (make verify-traces TRACES=%s names its line) or %s under a "
                 "trace's name (rename it without .rep to replay it)", path, all->byte, at, traces, input);
    else if (at < all->size) /* its lines before that byte are a lab trace's */
        text_say(err, err_len, "%s: an allocator-lab trace (its first lines are), damaged: byte 0x%02x at offset "
                 "%zu is no text (a crash can leave a file's tail zeroed); not %s; make verify-traces "
                 "TRACES=%s%s names its line", path, all->byte, at, input, traces, again);
    else if (wrong == KIND_ONLY_COMMENTS)
        text_say(err, err_len, "%s: %s, and not %s; give the trace itself", path, what, input);
    else if (wrong == KIND_HEADERLESS) /* the comments' grep alone wrote a trace the lab parser refuses */
        text_say(err, err_len, "%s: an allocator-lab trace (%s)%s, not %s; write the header from its operations: "
                 "awk '" HEADERLESS_AWK "' %s%s > %s, then make verify-traces TRACES=%s", path, what,
                 comment ? " with '#' comments" : "", input, quoted, again, lab, lab_traces);
    else if (comment == 0 && wrong)
        text_say(err, err_len, "%s: an allocator-lab trace (%s), not %s; make verify-traces TRACES=%s%s "
                 "names the line to fix", path, what, input, traces, again);
    else if (comment == 0) /* only its shape was read: a count past the header's or a bad free is not seen here */
        text_say(err, err_len, "%s: an allocator-lab trace by its shape (%s), not %s; make verify-traces TRACES=%s%s "
                 "checks every line and names any bad one, and make bench TRACES=%s%s times one that passes", path,
                 what, input, traces, again, traces, again);
    else
        text_say(err, err_len, "%s: an allocator-lab trace (%s) with '#' comments (line %zu), not %s; the lab "
                 "format has none: grep -Ev '^[[:space:]]*(#|$)' %s%s > %s, then make verify-traces "
                 "TRACES=%s", path, what, comment, input, quoted, again, lab, lab_traces);
}

/* How much of a line a near-trace's refusal quotes. */
#define NEAR_QUOTED 40

/* The refusal of a near-trace (kind_near_trace): the line it names, what it
 * looks like, what to do; an engine's saved input is never one. */
static void near_trace_refusal(const char *path, enum near_trace near, size_t line, const uint8_t *const *span,
                               const char *input, char *err, size_t err_len)
{
    int len = (int)(span[1] - span[0] > NEAR_QUOTED ? NEAR_QUOTED : span[1] - span[0]), word = 0;
    const char *text = (const char *)span[0], *traces = NAME_FOR_MAKE(path), *again = stdin_again(path);
    const char *saved = "to replay its bytes as a binary input after all, copy it to a name starting crash-, as "
                        "libFuzzer saves one";
    while (word < len && !kind_blank((uint8_t)text[word]))
        word++;
    if (near == NEAR_CSV)
        text_say(err, err_len, "%s: line %zu '%.*s' is an allocator-lab trace written with commas, not %s; the lab "
                 "format has one number per header line and blanks between an op's fields (a 0 8): rewrite it so "
                 "and make verify-traces TRACES=%s%s names any line still wrong (%s)", path, line, len, text, input,
                 traces, again, saved);
    else if (near == NEAR_MIXED)
        text_say(err, err_len, "%s: an allocator-lab trace's header, then line %zu '%.*s', a text trace's op, not %s; "
                 "a lab trace's ops are a ID SIZE, f ID, r ID SIZE (make verify-traces TRACES=%s%s names each line "
                 "to fix), a text trace has no header and starts with 'version %d' (%s)", path, line, len, text,
                 input, traces, again, FUZZ_ENCODING_VERSION, saved);
    else
        text_say(err, err_len, "%s: line %zu '%.*s' is written as a text trace's op, but '%.*s' is no op the format "
                 "has and no 'version' line comes first, so it is not %s; put 'version %d' on line 1 and the text "
                 "parser names each line to fix, the ops as trace-tool to-text prints them (%s)", path, line, len,
                 text, word, text, input, FUZZ_ENCODING_VERSION, saved);
}

int fuzz_lab_refusal_of_fd(int fd, const char *path, const char *input, char *err, size_t err_len)
{
    uint8_t *head = malloc(LAB_HEAD_MAX);
    ssize_t got = head ? pread(fd, head, LAB_HEAD_MAX, 0) : -1;
    size_t n = got > 0 ? (size_t)got : 0;
    size_t len = n == 0              ? 0 /* empty, or no memory to read it */
                 : n == LAB_HEAD_MAX ? lab_head_len(head, n)
                 : input_kind_of("", head, n) == INPUT_LAB ? n : 0;
    if (len > 0)
        lab_trace_refusal(path, head, len, input, 0, err, err_len);
    free(head);
    return len > 0 ? -1 : 0;
}

int fuzz_input_refusal(const char *path, const uint8_t *data, size_t size, const char *input, char *err,
                       size_t err_len)
{
    size_t len = strlen(path);
    const char *suffix = "", *packer = text_compressed_by(data, size, &suffix);
    size_t slen = strlen(suffix), line;
    const uint8_t *span[2] = {data, data};
    enum near_trace near;
    if (packer && len > slen && strcmp(path + len - slen, suffix) == 0) {
        /* Any bytes are a binary input, so only the name tells a compressed
         * trace from a saved input that starts with the same magic. */
        int stem = (int)(len - slen);
        text_say(err, err_len, "%s: %s-compressed, not %s; decompress it first (%s -dc %s > %s)", path,
                 packer, input, packer, NAME_QUOTED(path), NAME_QUOTED_MADE(path, stem, ""));
    } else if (text_is_utf16(data, size)) {
        const char *named = stdin_stem(path);
        text_say(err, err_len, "%s: UTF-16 text (as Windows PowerShell's > writes it), not %s; convert it "
                 "(iconv -f UTF-16 -t UTF-8 %s > %s) and give that", path, input, NAME_QUOTED(stdin_file(path)),
                 NAME_QUOTED_MADE(named, (int)strlen(named), ".utf8"));
    } else if (input_kind_of(path, data, size) == INPUT_FOREIGN_LOG) {
        enum foreign_log log = kind_foreign_log(data, size);
        char tool[4160], how[4160];
        const char *named = stdin_stem(path), *out = NAME_QUOTED_MADE(named, (int)strlen(named), ".rep");
        trace_tool_where(tool, how, sizeof tool);
        if (log == LOG_MTRACE)
            text_say(err, err_len, "%s: %s, not %s; convert it to an allocator-lab trace (%s from-mtrace %s "
                     "%s%s; %s), then make verify-traces TRACES=%s", path, foreign_log_name(log), input, tool,
                     NAME_QUOTED(path), out, stdin_again(path), how,
                     NAME_FOR_MAKE(text_name_made(named, (int)strlen(named), ".rep", (char[NAME_SHOWN_MAX]){0})));
        else
            text_say(err, err_len, "%s: %s, not %s; %s", path, foreign_log_name(log), input,
                     foreign_log_record(tool, sizeof tool));
    } else if (input_kind_of(path, data, size) == INPUT_LAB) {
        lab_trace_refusal(path, data, size, input, 1, err, err_len);
    } else if (input_kind_of(path, data, size) == INPUT_BINARY && !kind_saved_by_engine(path) &&
               (near = kind_near_trace(data, size, &line, span)) != NEAR_NONE) {
        near_trace_refusal(path, near, line, span, input, err, err_len);
    } else {
        return 0;
    }
    return -1;
}

int fuzz_program_load(const char *path, enum fuzz_text_use use, struct fuzz_program *prog, char *err,
                      size_t err_len)
{
    uint8_t *data;
    size_t size;
    int rc = -1;
    prog->ops = NULL;
    prog->count = 0;
    if (fuzz_input_read(path, INPUT_MAX, "a fuzz input", &data, &size, err, err_len) != 0)
        return -1;
    if (fuzz_input_refusal(path, data, size, "a fuzz input", err, err_len) != 0) {
        rc = -1;
    } else if (input_kind_of(path, data, size) == INPUT_TEXT) {
        rc = fuzz_program_from_text((const char *)data, size, path, use, prog, err, err_len);
    } else {
        rc = fuzz_program_from_bytes(data, size, prog);
        if (rc != 0)
            text_say(err, err_len, "%s: out of memory decoding the input", path);
    }
    free(data);
    return rc;
}

int fuzz_program_write_text(const struct fuzz_program *prog, FILE *out)
{
    char line[FUZZ_OP_TEXT_MAX];
    fprintf(out, "version %d\n", FUZZ_ENCODING_VERSION);
    for (size_t i = 0; i < prog->count; i++) {
        fuzz_op_text(&prog->ops[i], line, sizeof line);
        fprintf(out, "%s\n", line);
    }
    return ferror(out) ? -1 : 0;
}

int fuzz_program_write_binary(const struct fuzz_program *prog, FILE *out)
{
    uint8_t rec[FUZZ_RECORD_BYTES];
    for (size_t i = 0; i < prog->count; i++) {
        fuzz_encode(&prog->ops[i], rec);
        fwrite(rec, 1, sizeof rec, out);
    }
    return ferror(out) ? -1 : 0;
}

void fuzz_program_free(struct fuzz_program *prog)
{
    free(prog->ops);
    prog->ops = NULL;
    prog->count = 0;
}
