/*
 * from-mtrace.c - glibc's mtrace() log (the file MALLOC_TRACE names) as an
 * allocator-lab trace, for make bench and make verify-traces.
 *
 * The log has one line per call, after an optional "@ caller[0xADDR] ":
 *   + 0xP 0xSIZE   malloc, calloc, an aligned call, realloc(NULL, n)
 *   - 0xP          free, realloc(p, 0)
 *   < 0xP          realloc(p, n) that moved or kept p ...
 *   > 0xQ 0xSIZE   ... and its result on the next line
 *   ! 0xP 0xSIZE   realloc that failed: p stays
 *   = Start, = End mtrace() and muntrace()
 * A failed malloc is "+ (nil) 0xSIZE". Blocks get ids as the preload
 * recorder gives them (the most recently freed id first), so the number of
 * ids is the peak number of live blocks. The log starts at the program's
 * mtrace() call, so it may free or realloc blocks made before it: those
 * frees are left out and those reallocs become allocations, counted in one
 * note. The ops stream to OUT under a fixed-width header written last
 * (the readers take leading zeros), so a log of any length converts in
 * memory for its live blocks and the addresses freed since last allocated.
 * Fields are split on any run of blanks, tabs too, as glibc's own reader,
 * mtrace(1), splits them (glibc writes one space).
 *
 * mtrace() gives every process one file, the one MALLOC_TRACE names, so two
 * processes can write one log: a child forked after mtrace() flushes its
 * copy of the parent's unwritten lines and logs its own, and a program it
 * runs whose mtrace() empties the file ("w") under the parent's writes. What
 * shows it is refused or noted: a second "= Start" before the first's
 * "= End" (mtrace() does nothing while it traces), a run of NULs where a
 * line starts (the hole the parent's next write leaves past the emptied
 * end), and blocks freed again after their logged free (a forked child
 * frees its copies, at the same addresses, of the parent's blocks).
 * Threads share one log too, and glibc logs a realloc once it has
 * returned: another thread given the address it freed can be logged first.
 * The notes name both causes, and what to record instead.
 */
#include "from-mtrace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/text-input.h"
#include "../bench/trace.h"
#include "addr-map.h"

/* Memory refused: -1, with the bytes, what they were for (holding `held`
 * entries, if any) and what to do in err. */
static int no_memory(char *err, size_t errlen, size_t bytes, const char *what, size_t held)
{
    char holding[64] = "";
    if (held)
        text_say(holding, sizeof holding, ", holding %zu", held);
    text_say(err, errlen, "out of memory: %zu bytes more for %s%s were refused; " TRACE_NO_MEMORY_FIX, bytes, what,
             holding);
    return -1;
}

/* What the conversion keeps besides the map: ids, sizes, counts for the notes. */
struct conv {
    struct addr_map live;
    uint32_t *free_ids;   /* freed ids, the most recent last */
    size_t n_free, free_cap;
    size_t *size_of;      /* by id: the live block's size */
    size_t ids, ops, live_bytes, peak_bytes;
    size_t pending_line;  /* a '<' line waiting for its '>' (0: none) */
    uint64_t pending_addr;
    struct addr_map dead; /* addresses freed, not allocated since (id unused) */
    size_t start_line;    /* the "= Start" not yet ended (0: none) */
    struct odd { size_t n, first_line; } unknown_frees, unknown_reallocs, failed, reused, refreed; /* for the note */
    size_t cut_line;      /* a last line with no newline, left out (0: none) */
    FILE *out;
    const char *in; /* the log's name, for the commands a message gives */
    int seen;       /* a line not blank was read */
};

/* One op to OUT; a failed write shows in ferror(OUT), checked at the end. */
static int emit(struct conv *c, char op, uint32_t id, size_t size)
{
    c->ops++;
    if (op == 'f')
        fprintf(c->out, "f %" PRIu32 "\n", id);
    else
        fprintf(c->out, "%c %" PRIu32 " %zu\n", op, id, size);
    return 0;
}

static void note_odd(struct odd *kind, size_t line)
{
    if (kind->n++ == 0)
        kind->first_line = line;
}

static void untrack(struct conv *c, size_t slot)
{
    uint32_t id = c->live.id[slot];
    c->live_bytes -= c->size_of[id];
    c->free_ids[c->n_free++] = id;
    map_remove_at(&c->live, slot);
}

/* Block p's free or realloc, at `line`, found no live block: one made
 * before the log began, or one whose free was logged already. */
static void note_not_live(struct conv *c, uint64_t p, struct odd *unknown, size_t line)
{
    size_t s = map_find(&c->dead, p);
    note_odd(c->dead.addr[s] ? &c->refreed : unknown, line);
}

/* free(p): "f id", or nothing for a block made before the log began. */
static int do_free(struct conv *c, uint64_t p, size_t line, char *err, size_t errlen)
{
    size_t s = map_find(&c->live, p);
    if (!c->live.addr[s]) {
        note_not_live(c, p, &c->unknown_frees, line);
        return 0;
    }
    uint32_t id = c->live.id[s];
    untrack(c, s);
    if (map_put(&c->dead, p, 0) != 0)
        return no_memory(err, errlen, map_grow_bytes(&c->dead), "the table of freed addresses", c->dead.used);
    return emit(c, 'f', id, 0);
}

/* Block p of size joins the live set under id (new, or a realloc's old id
 * when have_id). An address already live lost its free from the log (a
 * muntrace() gap): it gets one first, counted. */
static int track(struct conv *c, uint64_t p, size_t size, int have_id, uint32_t id, size_t line, char *err,
                 size_t errlen)
{
    if (c->live.used + 1 > c->live.cap / 2 && map_grow(&c->live) != 0)
        return no_memory(err, errlen, map_grow_bytes(&c->live), "the table of live blocks", c->live.used);
    map_drop(&c->dead, p);
    size_t s = map_find(&c->live, p);
    if (c->live.addr[s]) {
        note_odd(&c->reused, line);
        emit(c, 'f', c->live.id[s], 0);
        untrack(c, s);
        s = map_find(&c->live, p);
    }
    if (!have_id) {
        if (c->n_free == 0 && c->ids >= TRACE_MAX_IDS)
            return text_say(err, errlen, "%zu blocks live at once, more than the lab trace readers take; convert "
                            "a shorter log", c->ids), -1;
        id = c->n_free ? c->free_ids[--c->n_free] : (uint32_t)c->ids++;
    }
    if (c->ids > c->free_cap) { /* room by id for every id handed out so far */
        size_t cap = c->free_cap ? c->free_cap * 2 : 1024;
        uint32_t *f = realloc(c->free_ids, cap * sizeof *f);
        size_t *z = f ? realloc(c->size_of, cap * sizeof *z) : NULL;
        if (f)
            c->free_ids = f;
        if (!z)
            return no_memory(err, errlen, cap * (f ? sizeof *z : sizeof *f), "the table of ids", c->ids);
        c->size_of = z;
        c->free_cap = cap;
    }
    c->live.addr[s] = p;
    c->live.id[s] = id;
    c->live.used++;
    c->size_of[id] = size;
    c->live_bytes += size;
    if (c->live_bytes > c->peak_bytes)
        c->peak_bytes = c->live_bytes;
    return 0;
}

/* A hexadecimal field ("0x1f", "0", "(nil)" for 0) at *p, moving *p past it and its blank.
 * glibc writes "0x" before every nonzero number (%p, %#lx): "16" without it
 * is no mtrace field, and strtoull would have read it as 0x16, 22 bytes. */
static int hex_field(char **p, uint64_t *out)
{
    char *s = *p, *end;
    if (strncmp(s, "(nil)", 5) == 0) {
        *out = 0;
        end = s + 5;
    } else {
        if (s[0] != '0' || !(s[1] == 'x' || s[1] == 'X' || s[1] == ' ' || s[1] == '\0'))
            return -1;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 16);
        if (errno || end == s)
            return -1;
        *out = v;
    }
    if (*end && *end != ' ')
        return -1;
    *p = end + (*end == ' ');
    return 0;
}

/* One call's line, the caller's "@ ...] " cut off: 0, or -1 with err. */
static int convert_op(struct conv *c, char *call, size_t line, char *err, size_t errlen)
{
    char op = call[0];
    uint64_t p = 0, size = 0;
    char *q = call + 2;
    int sized = op == '+' || op == '>' || op == '!';
    if (!op || !strchr("+-<>!", op) || call[1] != ' ' || hex_field(&q, &p) != 0 || (sized && hex_field(&q, &size) != 0) ||
        *q)
        return text_say(err, errlen, "no mtrace call"), 1;
    if (op == '!' || (op == '+' && p == 0)) { /* a failed call: nothing changed */
        note_odd(&c->failed, line);
        return 0;
    }
    if (sized && size > TRACE_MAX_REQUEST)
        return text_say(err, errlen, "size %" PRIu64 " is above the %s the lab trace readers take; cut the line "
                        "out of the log", size, TRACE_MAX_REQUEST_TEXT), -1;
    if ((op == '>') != (c->pending_line != 0))
        return text_say(err, errlen, op == '>' ? "'>' (a realloc's result) without the '<' line before it" :
                        "the realloc at line %zu ('<') has no '>' line after it", c->pending_line), -1;
    if (op == '<') {
        c->pending_line = line;
        c->pending_addr = p;
        return 0;
    }
    if (op == '-')
        return do_free(c, p, line, err, errlen);
    if (op == '+')
        return track(c, p, size, 0, 0, line, err, errlen) != 0 ? -1 : emit(c, 'a', c->live.id[map_find(&c->live, p)],
                                                                             size);
    size_t realloc_line = c->pending_line; /* its '<', which names the old block */
    c->pending_line = 0; /* '>': the old block's id goes on, or a new one for a block made before the log */
    size_t s = map_find(&c->live, c->pending_addr);
    int known = c->live.addr[s] != 0;
    uint32_t id = known ? c->live.id[s] : 0;
    if (known) {
        c->live_bytes -= c->size_of[id];
        map_remove_at(&c->live, s);
        if (map_put(&c->dead, c->pending_addr, 0) != 0) /* track takes it out again if p is the same */
            return no_memory(err, errlen, map_grow_bytes(&c->dead), "the table of freed addresses", c->dead.used);
    } else {
        note_not_live(c, c->pending_addr, &c->unknown_reallocs, realloc_line);
    }
    if (track(c, p, size, known, id, line, err, errlen) != 0)
        return -1;
    return emit(c, known ? 'r' : 'a', c->live.id[map_find(&c->live, p)], size);
}

/* What a log two processes wrote needs: one log per process. */
#define ONE_LOG_EACH                                                                                                  \
    "give each process a log of its own: a program it runs by a MALLOC_TRACE named by the process id, set before " \
    "its mtrace() (fuzz/LAB-TRACES.md); a forked child only by recording with the preload shim, "                  \
    "HALLOC_PRELOAD_TRACE=/tmp/p.%p.rep"

/* The line's end cut off, and its blanks and tabs, each run made one
 * space, none first or last. */
static void squeeze_blanks(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    if (s[0] != ' ' && !memchr(s, '\t', n) && !strstr(s, "  ")) /* as glibc writes it: a third of the time */
        return;
    char *to = s;
    for (const char *from = s; *from; from++)
        if (*from != ' ' && *from != '\t')
            *to++ = *from;
        else if (to > s && to[-1] != ' ')
            *to++ = ' ';
    *to = '\0';
}

/* "= Start" or "= End": 0, or -1 with err for a second start before an end. */
static int session_line(struct conv *c, int start, size_t line, char *err, size_t errlen)
{
    if (!start) {
        c->start_line = 0;
        return 0;
    }
    if (c->start_line)
        return text_say(err, errlen, "a second '= Start' before the '= End' of the one at line %zu: two processes "
                        "wrote this log (mtrace() does nothing while it traces): a child forked after mtrace(), or "
                        "a program run with MALLOC_TRACE set; %s", c->start_line, ONE_LOG_EACH), -1;
    c->start_line = line;
    return 0;
}

/* One line of the log: 0, or -1 with err (the caller adds file and line). */
static int convert_line(struct conv *c, char *s, size_t line, char *err, size_t errlen)
{
    squeeze_blanks(s);
    if (*s == '\0')
        return 0;
    if (strcmp(s, "= Start") == 0 || strcmp(s, "= End") == 0)
        return session_line(c, s[2] == 'S', line, err, errlen);
    int first = !c->seen;
    c->seen = 1;
    char *call = s;
    if (strncmp(s, "@ ", 2) == 0) { /* "@ file:(symbol+0xoff)[0xaddr] ": the call follows the last "] " */
        char *at = NULL;
        for (char *b = strstr(s, "] "); b; b = strstr(b + 1, "] "))
            at = b;
        call = at ? at + 2 : s;
    }
    int rc = convert_op(c, call, line, err, errlen);
    if (rc <= 0)
        return rc;
    char quoted[96];
    text_printable(s, quoted, sizeof quoted);
    if (strstr(s, "= Start")) /* glibc writes the log in blocks, not lines: a child's copy cut in */
        return text_say(err, errlen, "'%s' has a '= Start' after other text: two processes wrote this log, one's "
                        "lines cut into the other's (a child forked after mtrace() writes its copy of the parent's "
                        "unwritten lines, the header first); %s", quoted, ONE_LOG_EACH), -1;
    if (first && ((*s && strspn(s, "0123456789") == strlen(s)) || strcmp(s, "unfinished") == 0)) /* past blank lines */
        return text_say(err, errlen, "'%s' is no line of glibc's mtrace log (MALLOC_TRACE): the file starts as an "
                        "allocator-lab trace does (its header's first line); such a trace needs no converting: "
                        "make verify-traces TRACES=%s or make bench TRACES=%s replays it", quoted,
                        NAME_FOR_MAKE(stdin_file(c->in)), NAME_FOR_MAKE(stdin_file(c->in))), -1;
    char invisible[TRACE_ERROR_LEN], shown[TRACE_ERROR_LEN]; /* in the call: a caller's path may hold one */
    if (text_invisible_fault(call, call + strlen(call), invisible, sizeof invisible)) {
        text_printable(invisible, shown, sizeof shown); /* the text it quotes before the character */
        return text_say(err, errlen, "'%s': %s", quoted, shown), -1;
    }
    text_say(err, errlen, "'%s' is no line of glibc's mtrace log (MALLOC_TRACE); it has '+ 0xADDR 0xSIZE', "
             "'- 0xADDR', '< 0xADDR' then '> 0xADDR 0xSIZE', '! 0xADDR 0xSIZE', '= Start' and '= End', each "
             "call after an optional '@ caller ' (processes that share one MALLOC_TRACE file, as a program's children "
             "do, overwrite each other's lines: trace one process)", quoted);
    return -1;
}

/* What a threaded program's log has: its reallocs logged late. */
#define THREADS_LATE                                                                                             \
    "glibc logs a realloc once it has returned, so another thread given the address it freed can be logged " \
    "first, and that thread's free of it too"
#define THREADS_RECORD                                                                                       \
    "record it with the preload shim instead, HALLOC_PRELOAD_TRACE=/tmp/p.rep, whose lines keep the order " \
    "the heap took the calls in"

/* One note: what the log had that the trace leaves out or adds, each kind
 * with its first line (one line for them all named a failed call at the
 * line of a free left out). */
static void say_notes(const struct conv *c, const char *in)
{
    const struct { struct odd odd; const char *one, *many; } part[] = {
        {c->unknown_frees, "free of a block made before mtrace() left out",
         "frees of blocks made before mtrace() left out"},
        {c->unknown_reallocs, "realloc of such a block written as an allocation",
         "reallocs of such blocks written as allocations"},
        {c->reused, "address allocated again with no free logged, a free written first",
         "addresses allocated again with no free logged, a free written first"},
        {c->failed, "failed call left out", "failed calls left out"},
    };
    char said[640] = "";
    for (size_t i = 0, n = 0; i < sizeof part / sizeof part[0]; i++) {
        size_t count = part[i].odd.n;
        if (count)
            n += (size_t)snprintf(said + n, sizeof said - n, "%s%zu %s (%s line %zu)", n ? ", " : "", count,
                                  count == 1 ? part[i].one : part[i].many, count > 1 ? "the first at" : "at",
                                  part[i].odd.first_line);
    }
    if (said[0])
        fprintf(stderr, "note: %s: %s\n", NAME_SHOWN(in), said);
    if (c->refreed.n)
        fprintf(stderr, "note: %s: %zu %s of a block whose free was logged already, with no "
                "allocation between (%s line %zu), left out: two processes likely wrote this log (a child forked "
                "after mtrace() frees its copies of the parent's blocks, at the same addresses), or threads did "
                "(%s), or the program freed a block twice; if it forks, %s; if it runs threads, %s\n",
                NAME_SHOWN(in), c->refreed.n, c->refreed.n == 1 ? "free or realloc" : "frees or reallocs",
                c->refreed.n > 1 ? "the first at" : "at", c->refreed.first_line,
                THREADS_LATE, ONE_LOG_EACH, THREADS_RECORD);
    else if (c->reused.n) /* the cause, when no note below names it */
        fprintf(stderr, "note: %s: an address allocated again with no free logged: if the program runs threads, "
                "%s; %s\n", NAME_SHOWN(in), THREADS_LATE, THREADS_RECORD);
    if (c->cut_line)
        fprintf(stderr, "note: %s: line %zu, the last, has no newline: glibc ends every line with one, so it was "
                "cut short (a process killed while tracing leaves its log so) and is left out\n", NAME_SHOWN(in), c->cut_line);
}

/* A last line without its newline: glibc writes whole lines through a
 * buffer, so a killed process's log ends mid-line, and a call cut there
 * ("+ 0x55d0 0x1" of "+ 0x55d0 0x1000") would be read as another call. */
static int cut_short(const char *buf, size_t len)
{
    if (len == 0 || buf[len - 1] == '\n')
        return 0;
    return strspn(buf, " \t\r") < len && strncmp(buf, "= End", 5) != 0 && strncmp(buf, "= Start", 7) != 0;
}

/* 1 when the log's line [buf, buf + len), `offset` bytes into it, shows it
 * is no text, why saying so and what to do; else 0. As the trace readers
 * judge (bench/text-input.h): a compressed log (a big one is kept so) and a
 * UTF-16 one get the command that converts them as they are read; another
 * byte no text has (a NUL, which strlen would stop at and read the rest as
 * another line) is named by its offset. */
static int not_text_log(const char *buf, size_t len, size_t line, size_t offset, const char *in, char *why,
                        size_t why_len)
{
    const char *suffix, *packer = line == 1 ? text_compressed_by(buf, len, &suffix) : NULL;
    int utf16 = line == 1 && text_is_utf16(buf, len);
    size_t at = text_binary_at(buf, len);
    char tool[4160], how[4160];
    if (packer || utf16)
        trace_tool_where(tool, how, sizeof tool);
    if (packer)
        text_say(why, why_len, "%s-compressed, not a text log; convert it as it is decompressed: "
                 "%s -dc%s%s | %s from-mtrace - OUT.rep", packer, packer, strcmp(in, "-") ? " " : "",
                 strcmp(in, "-") ? NAME_QUOTED(in) : "", tool);
    else if (utf16) /* before its NULs: a log that converts */
        text_say(why, why_len, "UTF-16 text (as Windows PowerShell's > writes it), not ASCII; convert it as "
                 "it is read: iconv -f UTF-16 -t UTF-8 %s | %s from-mtrace - OUT.rep", NAME_QUOTED(stdin_file(in)), tool);
    else if (at < len)
        text_say(why, why_len, "not a text log (byte 0x%02x at offset %zu): the file is damaged or not an mtrace "
                 "log, whose lines read '+ 0x55d0 0x10'", (unsigned char)buf[at], offset + at);
    return packer || utf16 || at < len;
}

/* 1 when the line [buf, buf + len), `offset` bytes into the log, has a run
 * of NULs where its first byte no text has is, why saying so and what to
 * do; else 0. The run is the hole a log has when another process empties it
 * ("w") while this one writes: the next write lands past the new end. Its
 * first byte is where the other's last whole block ended, mid-line when that
 * process ended without writing its last one. One stray NUL is damage.
 * whole 0: the line was cut short of its end (log_line), and so may the run be. */
static int hole_in(const char *buf, size_t len, int whole, size_t offset, char *why, size_t why_len)
{
    enum { HOLE_LEAST = 8 };
    if (!memchr(buf, '\0', len)) /* most lines: no second scan for what no text has */
        return 0;
    size_t at = text_binary_at(buf, len), run = 0;
    while (at + run < len && buf[at + run] == '\0')
        run++;
    if (run < HOLE_LEAST)
        return 0;
    text_say(why, why_len, "%s%zu NUL bytes at offset %zu, after whole lines: a hole, as a log emptied by another "
             "process while this one wrote it has (a program run with the same MALLOC_TRACE, whose mtrace() opened "
             "it anew); %s", at + run == len && !whole ? "at least " : "", run, offset + at, ONE_LOG_EACH);
    return 1;
}

/* The log's line being read: its bytes (room for cap), and how long a line
 * text_line_run holds it to be. */
struct log_buf {
    char *s;
    size_t cap;
    struct text_line_count run;
};
#define LOG_BUF_FIRST ((size_t)4096)

/* The log's next line into b->s, NUL-terminated, as getline reads it: its
 * length, -1 at the end, -2 when memory for it ran out (why says so). *whole
 * is 0 when the line is cut before the byte that took it past a limit
 * (text_line_run, as every trace reader holds a line to), the rest left unread. */
static ssize_t log_line(FILE *log, struct log_buf *b, int *whole, char *why, size_t why_len)
{
    size_t n = 0;
    int ch = 0;
    b->run = (struct text_line_count){0, 0};
    *whole = 1;
    while (ch != '\n' && (ch = getc_unlocked(log)) != EOF) {
        char byte = (char)ch;
        if (text_line_run(&b->run, &byte, 1) == 0) {
            *whole = 0;
            break;
        }
        if (n + 1 == b->cap) { /* room for this byte and the NUL */
            char *bigger = realloc(b->s, b->cap * 2);
            if (!bigger) {
                no_memory(why, why_len, b->cap, "a line of the log", 0);
                return -2;
            }
            b->s = bigger;
            b->cap *= 2;
        }
        b->s[n++] = byte;
    }
    b->s[n] = '\0';
    return n > 0 ? (ssize_t)n : -1;
}

/* What is wrong with the log's line [buf, buf + len) as every trace reader
 * judges a line (text_line_fault), or NULL: glibc writes LF ends, and a log
 * that crossed a Windows machine has CR-LF ones, taken as the readers take
 * them; one whose lines end in CR alone reads as one line, which was refused
 * for what the first call broke ("no whole call in it", "a '= Start' after
 * other text"), and CR CR LF was taken as it came. Its LF, a CR-LF's CR and
 * the first line's byte-order mark are no part of it. */
static const char *log_line_fault(const char *buf, size_t len, size_t line)
{
    size_t bom = line == 1 ? text_bom_len(buf, len) : 0;
    size_t n = len - bom - (len > bom && buf[len - 1] == '\n');
    return text_line_fault(buf + bom, buf + bom + text_line_len(buf + bom, n));
}

#define HEADER_WIDTH 20 /* digits: any size_t */

int from_mtrace(FILE *log, const char *in, FILE *out, char *err, size_t errlen)
{
    struct conv c = {.out = out, .in = in};
    struct log_buf b = {malloc(LOG_BUF_FIRST), LOG_BUF_FIRST, {0, 0}};
    char why[TRACE_ERROR_LEN];
    size_t line = 0, offset = 0; /* offset: of the line read, in the log */
    int rc = b.s && map_new(&c.live) == 0 && map_new(&c.dead) == 0 ? 0 : -1, read_e = 0, whole = 1;
    if (rc)
        no_memory(why, sizeof why, LOG_BUF_FIRST + 2 * map_new_bytes(), "a line and the first tables", 0);
    for (int i = 0; rc == 0 && i < 4; i++) /* the header's place, written when the log is read */
        rc = fprintf(out, "%0*d\n", HEADER_WIDTH, 0) < 0 ? -1 : 0;
    ssize_t len;
    const char *fault;
    for (; rc == 0 && (len = log_line(log, &b, &whole, why, sizeof why)) != -1; offset += (size_t)len) {
        char *buf = b.s;
        line++;
        if (len == -2) /* no memory for the line: why says so */
            rc = -1;
        else if (line > 1 && hole_in(buf, (size_t)len, whole, offset, why, sizeof why)) /* before "damaged" */
            rc = -1;
        else if (not_text_log(buf, (size_t)len, line, offset, in, why, sizeof why))
            rc = -1;
        else if (!whole && text_line_blanks_over(&b.run))
            rc = -1, text_say(why, sizeof why, TEXT_BLANKS_FAULT, TEXT_LINE_BLANKS_MAX);
        else if (!whole)
            rc = -1, text_say(why, sizeof why, TEXT_LONG_LINE_FAULT ", and no line glibc writes is that long: not "
                              "an mtrace log (its lines read '+ 0x55d0 0x10'); give the file MALLOC_TRACE named",
                              TEXT_LINE_MAX >> 20);
        else if ((fault = log_line_fault(buf, (size_t)len, line)) != NULL) /* before cut_short: a CR-only log ends in CR */
            rc = -1, text_say(why, sizeof why, "%s", fault);
        else if (cut_short(buf, (size_t)len))
            c.cut_line = line;
        else /* a byte-order mark (an editor's) is skipped, as the lab trace readers skip it */
            rc = convert_line(&c, buf + (line == 1 ? text_bom_len(buf, (size_t)len) : 0), line, why, sizeof why);
    }
    if (rc == 0 && c.pending_line)
        rc = -1, line = c.pending_line, text_say(why, sizeof why, "a realloc ('<') whose '>' line never came: the log "
                                                 "is cut short; convert it without this line");
    if (rc == 0 && ferror(log))
        rc = -1, read_e = errno ? errno : EIO;
    if (rc == 0 && c.ops == 0 && c.cut_line) /* "no call in it" alone hid the one line left out */
        rc = -1, line = c.cut_line, text_say(why, sizeof why, "no whole call in it: this last line has no newline, "
                                             "so it was cut short and is left out (glibc ends every line with one)");
    if (rc == 0 && c.ops == 0)
        rc = -1, text_say(why, sizeof why, "%sno call in it (is it an mtrace log? the file MALLOC_TRACE names)",
                          line ? "" : "the file is empty: ");
    if (rc == 0 && (fseek(out, 0, SEEK_SET) != 0 ||
                    fprintf(out, "%0*zu\n%0*zu\n%0*zu\n%0*d\n", HEADER_WIDTH, c.peak_bytes, HEADER_WIDTH, c.ids,
                            HEADER_WIDTH, c.ops, HEADER_WIDTH, 1) < 0 || ferror(out)))
        rc = -2;
    if (rc == -1 && read_e) /* no line to blame: worded as every tool words a failed read */
        text_cannot_read(err, errlen, in, read_e);
    else if (rc == -1)
        text_say(err, errlen, "%s:%zu: %s", in, line ? line : 1, why); /* an empty file: its first line */
    else if (rc == 0)
        say_notes(&c, in);
    free(b.s);
    map_free(&c.live);
    map_free(&c.dead);
    free(c.free_ids);
    free(c.size_of);
    return rc;
}
