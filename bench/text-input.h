/*
 * text-input.h - what both trace parsers do to text that comes from anywhere
 * (editors, other systems, other suites): bench/trace.c for the lab format
 * and fuzz/trace.c for the fuzzer's text traces. Kept in one place so the
 * two formats skip the same byte-order mark, refuse the same broken line
 * ends and line breaks no parser sees with the same advice, and quote
 * control characters the same way.
 * It lives in bench/ because fuzz/ already takes the lab format's headers
 * from here (bench/trace.h, bench/size-arg.h): one more keeps a single
 * direction between the folders. Header-only, so no build rule gains a
 * source file.
 */
#ifndef BENCH_TEXT_INPUT_H
#define BENCH_TEXT_INPUT_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../allocator/cut.h" /* HL_CUT_MARK: the library's reports end a cut so too */
#include "text-line-limit.h"

/* 1 when the path a reader is given is "-": standard input, for every
 * reader of traces (bench, verify-traces, replay, trace-tool), so a trace can
 * come through a pipe without /dev/stdin. */
static inline int trace_input_is_stdin(const char *path)
{
    return strcmp(path, "-") == 0;
}

/* 1 when "-" (standard input) is among paths[0, n) more than once, after
 * saying so on stderr after "TOOL: ". Standard input reads once, and a
 * second "-" found it empty: "empty (0 bytes)" of the good trace the first
 * one read, or "holds no operations". Every reader taking
 * several traces (bench, verify-traces, replay, threads-replay, trace-tool
 * roundtrip) refuses that so, before reading any. */
static inline int text_refuse_stdin_twice(const char *tool, char *const *paths, int n)
{
    int seen = 0;
    for (int i = 0; i < n; i++)
        seen += trace_input_is_stdin(paths[i]);
    if (seen > 1)
        fprintf(stderr, "%s: '-' (standard input) is given more than once, and it can be read only once; give it "
                "once\n", tool);
    return seen > 1;
}

/* What to do about a file at path that open() or read() refused with errno
 * e: a file that is there but not readable to this user needs its
 * permissions, not its path; "-" with EBADF is standard input closed (a
 * cron job, `<&-`), where "check the path" pointed at nothing to check. */
static inline const char *text_open_fix(const char *path, int e)
{
    if (e == EBADF && trace_input_is_stdin(path))
        return "standard input is closed: give the file's path in place of -, or redirect it in: - < FILE";
    return e == EACCES || e == EPERM ? "check its permissions: ls -l" : "check the path";
}

/* For a command an error advises about the input at path. Standard input
 * ("-") is gone once read, so the command is given it again: "- < FILE"
 * (stdin_again after the path; a bare TRACES=- waits on the terminal), as
 * the input of a redirection "FILE" (stdin_file), and a file named after it
 * "stdin-lab.rep" (stdin_stem: "--lab.rep" reads as an option). */
static inline const char *stdin_again(const char *path) { return trace_input_is_stdin(path) ? " < FILE" : ""; }
static inline const char *stdin_file(const char *path) { return trace_input_is_stdin(path) ? "FILE" : path; }
static inline const char *stdin_stem(const char *path) { return trace_input_is_stdin(path) ? "stdin" : path; }

/* 3 when data starts with a UTF-8 byte-order mark, else 0. Some editors
 * write one; like a CR before the newline it is no part of the trace. */
static inline size_t text_bom_len(const void *data, size_t size)
{
    return size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* 1 for a byte no text file holds: NUL and the C0 controls that no editor,
 * terminal or line end uses, and DEL. BEL, BS, tab, LF, VT, FF, CR and ESC
 * are text (ESC: captured coloured output), so is every byte above 0x7f
 * (UTF-8, Latin-1). */
static inline int text_byte_is_binary(unsigned char ch)
{
    return ch < 0x07 || (ch >= 0x0e && ch < 0x20 && ch != 0x1b) || ch == 0x7f;
}

/* The offset of the first byte of [data, data + size) that no text file
 * holds, or size. Checked before any line is read: a binary file (an
 * executable, a compressed trace) otherwise got whatever its first line
 * happened to break, e.g. "a carriage return inside the line". */
static inline size_t text_binary_at(const void *data, size_t size)
{
    const unsigned char *p = data;
    size_t at = 0;
    while (at < size && !text_byte_is_binary(p[at]))
        at++;
    return at;
}

/* The program that compressed data, by the magic number it starts with
 * ("gzip", "xz", "zstd", "bzip2"), or NULL; *suffix gets its file name
 * ending. Suites ship big traces compressed, so a compressed trace is the
 * binary file most often handed to a parser: it gets the command that reads
 * it rather than only the byte that is not text. */
static inline const char *text_compressed_by(const void *data, size_t size, const char **suffix)
{
    static const struct { const char *magic, *name, *suffix; } packers[] = {
        {"\x1f\x8b", "gzip", ".gz"}, {"\xfd" "7zXZ", "xz", ".xz"},
        {"\x28\xb5\x2f\xfd", "zstd", ".zst"}, {"BZh", "bzip2", ".bz2"},
    };
    for (size_t i = 0; i < sizeof packers / sizeof packers[0]; i++) {
        size_t n = strlen(packers[i].magic);
        if (size >= n && memcmp(data, packers[i].magic, n) == 0) {
            *suffix = packers[i].suffix;
            return packers[i].name;
        }
    }
    return NULL;
}

/* The file a conversion printed in a refusal writes (gzip -dc PATH > it),
 * as a length of path and a tail to print after it: path without the
 * packer's suffix (t.rep.gz -> t.rep), else without .rep and with tail
 * (t.rep -> t-utf8.rep): never path itself, which the command reads. A
 * command, not <(gzip -dc PATH): make runs TRACES through sh, which has no
 * <(...) ("Syntax error"). */
static inline int text_converted_name(const char *path, const char *suffix, const char **tail)
{
    size_t len = strlen(path), slen = strlen(suffix);
    if (slen > 0 && len > slen && strcmp(path + len - slen, suffix) == 0) {
        *tail = "";
        return (int)(len - slen);
    }
    return (int)(len > 4 && strcmp(path + len - 4, ".rep") == 0 ? len - 4 : len);
}

/* 1 when data is UTF-16 text with its byte-order mark (FF FE or FE FF, as
 * Windows PowerShell's > writes a file), its first 64 characters ASCII
 * text. Every other byte is a NUL, so a parser would refuse it as binary,
 * naming a byte rather than the conversion that reads it. */
static inline int text_is_utf16(const void *data, size_t size)
{
    const unsigned char *p = data;
    if (size < 4 || !((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
        return 0;
    int le = p[0] == 0xff;
    for (size_t i = 2; i + 1 < size && i < 130; i += 2)
        if (p[i + le] != 0 || text_byte_is_binary(p[i + !le]) || p[i + !le] > 0x7e)
            return 0;
    return 1;
}

/* The line (from 1) that the byte at offset `at` of text lies on. */
static inline size_t text_line_at(const char *text, size_t at)
{
    size_t line = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + at - p))) != NULL; p++)
        line++;
    return line;
}

/* What is wrong with the line [b, e) - its LF, and the CR of a CR-LF end,
 * already cut off - as one message, or NULL. A CR left in it with text
 * after it: the file's lines end in CR alone, and read as one line they
 * would give a misleading error. A CR with only blanks after it: the line
 * ends in CR CR LF (a CR-LF file given CR-LF ends again), which a parser
 * that stripped trailing CRs took as it came. A form feed or vertical tab:
 * an editor shows a line break or nothing, where a parser would see a
 * blank or a byte of a field. A byte-order mark: see below. */
#define BLANK_FIX "replace it with a space"
static inline const char *text_line_fault(const char *b, const char *e)
{
    /* The file's first mark is skipped (text_bom_len): one at a line's start
     * is a second, as when two files are joined with cat. */
    if (e - b >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
        return "a second byte-order mark (bytes EF BB BF) at the line's start: only the file's first "
               "bytes may hold one; delete it";
    for (const char *p = b; p < e; p++) {
        if (*p == '\f')
            return "a form feed (FF) in the line: fields are separated by spaces or tabs only; " BLANK_FIX;
        if (*p == '\v')
            return "a vertical tab (VT) in the line: fields are separated by spaces or tabs only; " BLANK_FIX;
        if (*p != '\r')
            continue;
        while (++p < e)
            if (*p != ' ' && *p != '\t' && *p != '\r')
                return "a carriage return (CR) inside the line: the file's lines end in CR alone; "
                       "convert them to LF or CR-LF (e.g. tr '\\r' '\\n')";
        return "a carriage return (CR) before the line's end: the file's lines end in CR CR LF; "
               "make them LF or CR-LF (e.g. tr -d '\\r')";
    }
    return NULL;
}
#undef BLANK_FIX

/* Characters that show as a blank or as nothing, which text copied from a
 * web page, a word processor or a chat leaves where a plain space (or
 * nothing) belongs. A reader splitting fields at spaces and tabs took one
 * for a byte of a field, and its message ("size '16\xc2\xa0' is not a
 * non-negative integer") named no fault one could see. The file's first
 * byte-order mark is skipped (text_bom_len), one at a line's start named by
 * text_line_fault; here one inside a line. 1 with the first in [b, e) before
 * any '#' (a comment's text is its own) named into out (len bytes), with up
 * to `shown` bytes of the text before it and the fix; else 0. */
static inline int text_invisible_fault(const char *b, const char *e, char *out, size_t len)
{
    enum { shown = 40 };
    static const struct { const char *bytes, *what; int blank; } chars[] = {
        {"\xc2\xa0", "a no-break space (U+00A0, bytes C2 A0)", 1},
        {"\xe2\x80\xaf", "a narrow no-break space (U+202F, bytes E2 80 AF)", 1},
        {"\xe2\x80\x89", "a thin space (U+2009, bytes E2 80 89)", 1},
        {"\xe3\x80\x80", "an ideographic space (U+3000, bytes E3 80 80)", 1},
        {"\xe2\x80\x8b", "a zero-width space (U+200B, bytes E2 80 8B)", 0},
        {"\xe2\x80\x8c", "a zero-width non-joiner (U+200C, bytes E2 80 8C)", 0},
        {"\xe2\x80\x8d", "a zero-width joiner (U+200D, bytes E2 80 8D)", 0},
        {"\xe2\x81\xa0", "a word joiner (U+2060, bytes E2 81 A0)", 0},
        {"\xef\xbb\xbf", "a byte-order mark (U+FEFF, bytes EF BB BF)", 0},
        {"\xc2\xad", "a soft hyphen (U+00AD, bytes C2 AD)", 0},
    };
    for (const char *p = b; p < e && *p != '#'; p++)
        for (size_t i = 0; (unsigned char)*p >= 0xc2 && i < sizeof chars / sizeof chars[0]; i++) {
            size_t n = strlen(chars[i].bytes);
            if ((size_t)(e - p) < n || memcmp(p, chars[i].bytes, n) != 0)
                continue;
            int before = p - b > shown ? shown : (int)(p - b);
            snprintf(out, len, "%s %s%s%.*s%s, which shows as %s: text copied from a web page or a word processor "
                     "has them; %s", chars[i].what, p == b ? "at the line's start" : "after '",
                     p - b > shown ? "..." : "", before, p - before, p == b ? "" : "'",
                     chars[i].blank ? "a blank" : "nothing",
                     chars[i].blank ? "replace it with a plain space" : "delete it");
            return 1;
        }
    return 0;
}

/* The length of the line [b, b + len) without the CR of a CR-LF end. */
static inline size_t text_line_len(const char *b, size_t len)
{
    return len && b[len - 1] == '\r' ? len - 1 : len;
}

/* What ends a message cut to its buffer's size: a path longer than the
 * buffer (a message may quote it more than once) is no reason to end a
 * line mid-way as if that were all of it. The library's reports end a cut
 * the same way: the mark and the marking are allocator/cut.h's. */
#define TEXT_CUT_MARK HL_CUT_MARK

/* After n = snprintf(s, len, ...): a message that did not fit ends in
 * TEXT_CUT_MARK, over its last bytes. */
static inline void text_mark_cut(char *s, size_t len, int n) { (void)hl_mark_cut(s, len, n, 0); }

/* 1 for a control character, which a message never shows raw. */
static inline int text_is_control(char ch) { return (unsigned char)ch < 0x20 || ch == 0x7f; }

/* ch as a message shows it into out (5 bytes): a control character as its
 * C escape (\n, \t, \r, else \xHH), any other byte as it is; its length. */
static inline size_t text_shown(char ch, char *out)
{
    const char *named = ch == '\n' ? "\\n" : ch == '\t' ? "\\t" : ch == '\r' ? "\\r" : NULL;
    if (!text_is_control(ch))
        return out[0] = ch, 1;
    return (size_t)(named ? snprintf(out, 5, "%s", named) : snprintf(out, 5, "\\x%02x", (unsigned char)ch));
}

/* The control characters of s (len bytes, NUL included) written as C
 * escapes, in place: a file may be named with a newline or an escape in it,
 * and a message naming it raw spanned two lines or drove the terminal.
 * Bytes above 0x7e stay (a UTF-8 name reads as it is). A message that no
 * longer fits ends in TEXT_CUT_MARK. In place, no malloc: bench's parent
 * never mallocs. */
static inline void text_escape_controls(char *s, size_t len)
{
    size_t n = strlen(s), want = 0, mark = sizeof TEXT_CUT_MARK - 1, kept = 0, o = 0;
    char esc[5];
    for (size_t i = 0; i < n; i++)
        want += text_shown(s[i], esc);
    if (want == n)
        return;
    int cut = want >= len;
    size_t limit = !cut ? want : len > mark + 1 ? len - 1 - mark : len - 1;
    for (size_t k; kept < n && o + (k = text_shown(s[kept], esc)) <= limit; kept++)
        o += k;
    for (size_t i = kept, end = o; i-- > 0;) { /* backwards: each byte moves right, past those before it */
        size_t k = text_shown(s[i], esc);
        end -= k;
        memcpy(s + end, esc, k);
    }
    if (cut && len > mark + 1)
        memcpy(s + o, TEXT_CUT_MARK, mark), o += mark;
    s[o] = '\0';
}

/* snprintf into s (len bytes), a cut message marked (text_mark_cut) and
 * control characters escaped (text_escape_controls): the tools' error
 * messages name files, whatever their names hold, through it. */
static inline void text_say(char *s, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline void text_say(char *s, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)hl_vsay(s, len, fmt, ap);
    va_end(ap);
    text_escape_controls(s, len);
}

/* path as a message shows it (text_say: its control characters escaped),
 * for a printf's %s where no message is built with text_say: the buffer is
 * the enclosing block's (a compound literal), so NAME_SHOWN(a) and
 * NAME_SHOWN(b) in one call are two names. */
#define NAME_SHOWN_MAX 4096
#define NAME_SHOWN(path) text_name_shown((path), (char[NAME_SHOWN_MAX]){0})
static inline const char *text_name_shown(const char *path, char *buf)
{
    text_say(buf, NAME_SHOWN_MAX, "%s", path);
    return buf;
}

/* Whether a shell reads ch as itself, unquoted, anywhere in a word. */
static inline int text_shell_plain(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch != '\0' && strchr("_./+-:,=@%", ch) != NULL);
}

/* path as a shell reads it back, for the commands a message gives the user
 * to paste (prose names it escaped, NAME_SHOWN): as it is when every
 * character is plain; in single quotes when one is not (a space, a quote:
 * '\'' for each '); in $'...' with C escapes (\n, \xHH) when one is a
 * control character, which no other quoting keeps on one line. A name too
 * long for the buffer is cut, marked (TEXT_CUT_MARK). */
#define NAME_QUOTED(path) text_name_quoted((path), (char[NAME_SHOWN_MAX]){0})
static inline const char *text_name_quoted(const char *path, char *buf)
{
    size_t n = strlen(path), o = 0, room = NAME_SHOWN_MAX - sizeof TEXT_CUT_MARK - 1; /* the closing quote too */
    int control = 0, plain = n > 0;
    for (size_t i = 0; i < n; i++)
        control |= text_is_control(path[i]), plain &= text_shell_plain(path[i]);
    if (plain && n < NAME_SHOWN_MAX)
        return memcpy(buf, path, n + 1);
    o = (size_t)snprintf(buf, NAME_SHOWN_MAX, "%s", control ? "$'" : "'");
    size_t i = 0;
    for (char piece[5]; i < n; i++) {
        size_t k = 1;
        piece[0] = path[i];
        if (control && (path[i] == '\\' || path[i] == '\''))
            piece[0] = '\\', piece[1] = path[i], k = 2;
        else if (control)
            k = text_shown(path[i], piece);
        else if (path[i] == '\'')
            memcpy(piece, "'\\''", 4), k = 4;
        if (o + k > room)
            break;
        memcpy(buf + o, piece, k);
        o += k;
    }
    buf[o++] = '\'';
    if (i < n)
        memcpy(buf + o, TEXT_CUT_MARK, sizeof TEXT_CUT_MARK - 1), o += sizeof TEXT_CUT_MARK - 1;
    buf[o] = '\0';
    return buf;
}

/* NAME_QUOTED of the file an advice command writes, named after its input:
 * the first len bytes of path, then tail (t.rep.gz -> t.rep, t.rep ->
 * t-lab.rep), built whole before it is quoted, as the shell must read it. */
#define NAME_QUOTED_MADE(path, len, tail) \
    text_name_quoted(text_name_made((path), (len), (tail), (char[NAME_SHOWN_MAX]){0}), (char[NAME_SHOWN_MAX]){0})
static inline const char *text_name_made(const char *path, int len, const char *tail, char *buf)
{
    snprintf(buf, NAME_SHOWN_MAX, "%.*s%s", len, path, tail);
    return buf;
}

/* The awk program that makes a lab trace of bare a/f/r operations, as
 * another course writes them (Stanford CS107's scripts: no header, '#'
 * comments): the four header lines worked out from them (heap size 0, ids
 * one past the highest, the operations counted, weight 1), comment and
 * blank lines left out. In a command to paste: awk 'HEADERLESS_AWK' IN > OUT. */
#define HEADERLESS_AWK                                                                                            \
    "!/^[[:space:]]*(#|$)/ { op[n++] = $0; if ($2 + 0 >= ids) ids = $2 + 1 } "                                \
    "END { print 0; print ids + 0; print n + 0; print 1; for (i = 0; i < n; i++) print op[i] }"

/* path as a make variable's value in a command to paste (make verify-traces
 * TRACES=...): make hands the value to its recipe's shell, which splits it
 * at blanks, so a path that is not plain is quoted for that shell (each $
 * doubled, as make expands it) and the whole quoted again for the user's:
 * TRACES="'my traces/a.rep'". No quoting carries a newline through make
 * (it ends the recipe's line there), so each control character is matched
 * by the pattern [[:cntrl:]] between the quoted pieces, which the recipe's
 * shell expands to the file: TRACES="'a'[[:cntrl:]]'b.rep'". A name too long
 * to quote twice: quoted once, as NAME_QUOTED. */
#define NAME_FOR_MAKE(path) text_name_for_make((path), (char[NAME_SHOWN_MAX]){0})
static inline const char *text_name_for_make(const char *path, char *buf)
{
    static const char control_pattern[] = "[[:cntrl:]]";
    char inner[NAME_SHOWN_MAX];
    size_t n = strlen(path), o = 0, need = 3; /* inner's size: its closing quote, a quote the pattern ends, NUL */
    int plain = n > 0, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        plain &= text_shell_plain(path[i]);
        need += text_is_control(path[i]) ? sizeof control_pattern + 1 : path[i] == '\'' ? 4 : path[i] == '$' ? 2 : 1;
    }
    if (plain || need > sizeof inner)
        return text_name_quoted(path, buf);
    for (size_t i = 0; i < n; i++) {
        const char *piece = path[i] == '\'' ? "'\\''" : path[i] == '$' ? "$$" : NULL;
        int control = text_is_control(path[i]);
        if (control == quoted) /* a control character ends the quoted piece, any other starts one */
            inner[o++] = '\'', quoted = !quoted;
        if (control || piece)
            o += (size_t)snprintf(inner + o, sizeof inner - o, "%s", control ? control_pattern : piece);
        else
            inner[o++] = path[i];
    }
    if (quoted)
        inner[o++] = '\'';
    inner[o] = '\0';
    if (strpbrk(inner, "\"$`\\!") == NULL) /* nothing bash reads inside double quotes */
        return snprintf(buf, NAME_SHOWN_MAX, "\"%s\"", inner) < NAME_SHOWN_MAX ? buf : text_name_quoted(path, buf);
    return text_name_quoted(inner, buf);
}

/* "cannot open PATH: REASON (what to do)", errno e the reason: every tool
 * that opens a user's file (replay, threads-replay, trace-tool, afl,
 * verify-traces, bench) says it so, after its own "TOOL: ", from here. */
static inline void text_cannot_open(char *s, size_t len, const char *path, int e)
{
    text_say(s, len, "cannot open %s: %s (%s)", path, strerror(e), text_open_fix(path, e));
}

/* "cannot read PATH: REASON (what to do)": a file opened whose read failed
 * with errno e (a device's I/O error, no memory to hold it), in the form
 * text_cannot_open gives, for the same tools. An EIO from a file under
 * /proc or /sys is the kernel refusing that read (/proc/self/mem at an
 * unmapped offset), not a failing disk: dmesg would show nothing. */
static inline void text_cannot_read(char *s, size_t len, const char *path, int e)
{
    int kernel = strncmp(path, "/proc/", 6) == 0 || strncmp(path, "/sys/", 5) == 0;
    const char *fix = e == ENOMEM                              ? "free some memory, or give a smaller file"
                      : e == EIO && kernel                      ? "a kernel interface under /proc or /sys, not a "
                                                                  "trace on a disk: give a trace file"
                      : e == EIO                                ? "check the device it is on: dmesg"
                      : e == EBADF && trace_input_is_stdin(path) ? text_open_fix(path, e)
                                                                : "check the file";
    text_say(s, len, "cannot read %s: %s (%s)", path, strerror(e), fix);
}

/* 1 when argv asks for help: -h or --help before any "--". Every tool
 * then prints its usage to standard output and exits 0, as a mature CLI
 * does (a pager or grep reads it); a wrong option keeps it on stderr. */
static inline int text_help_asked(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    return 0;
}

/* The last "/fuzz/" or "/bench/" in path (NULL: neither): where the tree a
 * tool here was built in (BUILD) ends, every tool being built under
 * BUILD/fuzz/ or BUILD/bench/. */
static inline const char *build_dir_end(const char *path)
{
    const char *end = NULL;
    for (const char *p = path; (p = strchr(p, '/')) != NULL; p++)
        if (strncmp(p, "/fuzz/", 6) == 0 || strncmp(p, "/bench/", 7) == 0)
            end = p;
    return end;
}

/* This program's BUILD, for the commands messages advise, into out (len
 * bytes): read off its own path, relative when under the working directory.
 * A fixed build/ named another tree's tools under make BUILD=other. A
 * program built elsewhere (OSS-Fuzz's $OUT) names make's default, build.
 * As it is: a command names it quoted (NAME_QUOTED), prose escaped. */
static inline void this_build(char *out, size_t len)
{
    char exe[4096], cwd[4096];
    const char *b = "build", *end = NULL;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        end = build_dir_end(exe);
    }
    if (end && end > exe) {
        size_t cl = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
        b = cl && strncmp(exe, cwd, cl) == 0 && exe[cl] == '/' && exe + cl < end ? exe + cl + 1 : exe;
        exe[end - exe] = '\0';
    }
    snprintf(out, len, "%s", b);
}

/* This build's trace-tool into tool, a word of the commands a message
 * gives to paste (NAME_QUOTED: a BUILD with a space broke them), and the
 * make command that builds it into how (len bytes each). */
static inline void trace_tool_where(char *tool, char *how, size_t len)
{
    char b[4096], path[4096 + 32];
    this_build(b, sizeof b);
    snprintf(path, sizeof path, "%s/fuzz/trace-tool", b);
    text_say(tool, len, "%s", NAME_QUOTED(path));
    if (strcmp(b, "build") == 0)
        text_say(how, len, "make %s builds it", tool);
    else
        text_say(how, len, "make BUILD=%s %s builds it", NAME_QUOTED(b), tool);
}

/* msg as one printable line into out (len bytes, NUL included): a control
 * character quoted from the input (an ESC, a form feed, ...) is written as
 * \xHH, never sent to a terminal. So is every byte above 0x7e: 0x80-0x9f
 * are the C1 controls (0x9b starts an escape sequence on some terminals),
 * and a quote cut at its length limit may end inside a UTF-8 character.
 * A msg that does not fit ends in TEXT_CUT_MARK. */
static inline void text_printable(const char *msg, char *out, size_t len)
{
    size_t n = 0, mark = sizeof TEXT_CUT_MARK - 1;
    for (; *msg && n + 1 < len; msg++) {
        unsigned char ch = (unsigned char)*msg;
        if (ch >= 0x20 && ch < 0x7f)
            out[n++] = (char)ch;
        else if (n + 5 < len)
            n += (size_t)snprintf(out + n, len - n, "\\x%02x", ch);
        else
            break;
    }
    if (*msg && len > mark) { /* cut: the mark over its last bytes */
        if (n > len - 1 - mark)
            n = len - 1 - mark;
        memcpy(out + n, TEXT_CUT_MARK, mark);
        n += mark;
    }
    out[n] = '\0';
}

#endif /* BENCH_TEXT_INPUT_H */
