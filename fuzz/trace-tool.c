/*
 * trace-tool.c - convert fuzz inputs between binary and text, and make the
 * files that derive from the encoding.
 *
 *   trace-tool to-bin IN OUT        IN (text or binary) -> binary OUT (not IN itself), whole or not at all
 *   trace-tool to-bin --threads IN OUT  the same, a text IN's ops refused where a threaded run ignores an argument
 *   trace-tool to-text IN           IN (binary or text) -> canonical text on stdout
 *   trace-tool roundtrip FILE...    text -> binary -> text reproduces canonical text
 *   trace-tool dict                 the libFuzzer/AFL dictionary (fuzz/halloc.dict)
 *   trace-tool gen DIR COUNT SEED   COUNT (0..1000000) pseudo-random binary inputs (bench-fuzz)
 *   trace-tool from-mtrace LOG OUT  glibc's mtrace() log -> allocator-lab trace OUT, whole or not at all
 * Exit 0 on success, 1 when roundtrip finds a difference, 2 on bad usage or input.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "../bench/size-arg.h"
#include "../bench/text-input.h"
#include "from-mtrace.h"
#include "trace.h"

static int usage(FILE *out)
{
    fprintf(out, "usage: trace-tool to-bin [--threads] IN OUT | to-text IN | roundtrip FILE... | dict"
                    " | gen DIR COUNT SEED | from-mtrace LOG OUT\n");
    return out == stdout ? 0 : 2;
}

static int load(const char *path, enum fuzz_text_use use, struct fuzz_program *prog)
{
    char err[FUZZ_ERROR_MAX];
    if (fuzz_program_load(path, use, prog, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "trace-tool: %s\n", err);
    return -1;
}

/* 1 when the paths name one file: to-bin x.txt x.txt replaced the only
 * copy of a text trace with its binary form. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
           S_ISREG(sa.st_mode);
}

/* An output file written whole or not at all. A new or regular OUT is
 * written to OUT.PID.tmp beside it and renamed over OUT once complete, so a
 * full disk leaves neither a short OUT nor a damaged old one; a device, pipe
 * or symlink (/dev/stdout, as threads-replay's hint has it) is written as is. */
struct aside {
    FILE *f;
    const char *out;
    char tmp[PATH_MAX + 32]; /* "": writing OUT itself */
};

static FILE *open_aside(struct aside *a, const char *out)
{
    struct stat st;
    a->out = out;
    a->tmp[0] = '\0';
    if (lstat(out, &st) == 0 && !S_ISREG(st.st_mode))
        return a->f = fopen(out, "wb");
    if (snprintf(a->tmp, sizeof a->tmp, "%s.%ld.tmp", out, (long)getpid()) >= (int)sizeof a->tmp) {
        errno = ENAMETOOLONG;
        return a->f = NULL;
    }
    return a->f = fopen(a->tmp, "wb");
}

/* Closes a's file (bad: a write already failed); 0 when OUT holds all of
 * it, else -1 with errno and the temporary removed. */
static int close_aside(struct aside *a, int bad)
{
    int err = bad || ferror(a->f) ? (errno ? errno : EIO) : 0;
    if (fclose(a->f) != 0 && !err)
        err = errno;
    if (!err && a->tmp[0] && rename(a->tmp, a->out) != 0)
        err = errno;
    if (err && a->tmp[0])
        remove(a->tmp);
    errno = err;
    return err ? -1 : 0;
}

static int to_bin(const char *in, const char *out, enum fuzz_text_use use)
{
    struct fuzz_program prog;
    if (same_file(in, out)) {
        fprintf(stderr, "trace-tool: to-bin: %s and %s are one file, which writing would replace; give another OUT\n",
                NAME_SHOWN(in), NAME_SHOWN(out));
        return 2;
    }
    if (load(in, use, &prog) != 0)
        return 2;
    struct aside a;
    int bad = 0;
    errno = 0;
    if (!open_aside(&a, out)) {
        fprintf(stderr, "trace-tool: %s: cannot create (%s); check the directory exists and is writable\n",
                NAME_SHOWN(out), strerror(errno));
        bad = 1;
    } else if (close_aside(&a, fuzz_program_write_binary(&prog, a.f) != 0) != 0) {
        fprintf(stderr, "trace-tool: %s: cannot write (%s); %s: free some space or give another OUT\n", NAME_SHOWN(out),
                strerror(errno), a.tmp[0] ? "it is left as it was" : "what it got is incomplete");
        bad = 1;
    }
    fuzz_program_free(&prog);
    return bad ? 2 : 0;
}

/* The lab trace goes to a file beside OUT and is renamed over it once
 * whole; a pipe or device cannot take the header written after the ops. */
static int mtrace_to_lab(const char *in, const char *out)
{
    char err[FUZZ_ERROR_MAX];
    struct stat st;
    if (trace_input_is_stdin(out)) { /* LOG "-" is standard input; OUT "-" would be a file of that name */
        fprintf(stderr, "trace-tool: from-mtrace: OUT '-' cannot be standard output: the trace's header is "
                "written after its operations; give a file's name (from-mtrace %s p.rep)\n", NAME_QUOTED(in));
        return 2;
    }
    if (same_file(in, out) || (lstat(out, &st) == 0 && !S_ISREG(st.st_mode))) {
        fprintf(stderr, "trace-tool: from-mtrace: %s %s; give a new file's name as OUT\n", NAME_SHOWN(out),
                same_file(in, out) ? "is the log itself, which writing would replace" :
                                     "is no regular file, and the trace's header is written after its operations");
        return 2;
    }
    FILE *log = trace_input_is_stdin(in) ? stdin : fopen(in, "r");
    if (!log) {
        text_cannot_open(err, sizeof err, in, errno);
        fprintf(stderr, "trace-tool: %s\n", err);
        return 2;
    }
    if (fstat(fileno(log), &st) == 0 && S_ISDIR(st.st_mode)) { /* fopen takes one; its first read said "in:0" */
        fprintf(stderr, "trace-tool: %s: is a directory; give the path of the log file MALLOC_TRACE named\n",
                NAME_SHOWN(in));
        fclose(log);
        return 2;
    }
    struct aside a;
    int rc = -2;
    errno = 0;
    if (!open_aside(&a, out))
        fprintf(stderr, "trace-tool: %s: cannot create (%s); check the directory exists and is writable\n",
                NAME_SHOWN(out), strerror(errno));
    else if ((rc = from_mtrace(log, in, a.f, err, sizeof err)) == -1) {
        if (log != stdin) /* a pipe cannot be read again: there, only a header line first names a lab trace */
            (void)fuzz_lab_refusal_of_fd(fileno(log), in, "an mtrace log", err, sizeof err);
        fprintf(stderr, "trace-tool: %s\n", err);
    }
    if (a.f && close_aside(&a, rc != 0) != 0 && rc == 0) {
        fprintf(stderr, "trace-tool: %s: cannot write (%s); it is left as it was: free some space or give another "
                "OUT\n", NAME_SHOWN(out), strerror(errno));
        rc = -2;
    }
    if (log != stdin)
        fclose(log);
    if (rc == 0) /* a trace of a real program is made to be replayed: say where it went and how */
        fprintf(stderr, "trace-tool: from-mtrace: wrote %s; replay it with make verify-traces TRACES=%s (or time it: "
                "make bench TRACES=%s)\n", NAME_SHOWN(out), NAME_FOR_MAKE(out), NAME_FOR_MAKE(out));
    return rc ? 2 : 0;
}

static int to_text(const char *in)
{
    struct fuzz_program prog;
    if (load(in, FUZZ_TEXT_INPUT, &prog) != 0)
        return 2;
    int bad = fuzz_program_write_text(&prog, stdout);
    fuzz_program_free(&prog);
    return bad ? 2 : 0;
}

/* The canonical text of a program, in a malloc'd string. */
static char *text_of(const struct fuzz_program *prog)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fuzz_program_write_text(prog, f);
    fclose(f);
    return buf;
}

/* Canonical text -> binary -> text must give the same canonical text. */
static int roundtrip_one(const char *path)
{
    struct fuzz_program prog, again;
    char err[FUZZ_ERROR_MAX];
    if (load(path, FUZZ_TEXT_INPUT, &prog) != 0)
        return 2;
    uint8_t *bin = malloc(prog.count * FUZZ_RECORD_BYTES + 1);
    for (size_t i = 0; bin && i < prog.count; i++)
        fuzz_encode(&prog.ops[i], bin + i * FUZZ_RECORD_BYTES);
    char *first = text_of(&prog);
    int rc = bin && first && fuzz_program_from_bytes(bin, prog.count * FUZZ_RECORD_BYTES, &again) == 0 ? 0 : 2;
    char *second = rc == 0 ? text_of(&again) : NULL;
    if (rc == 0)
        fuzz_program_free(&again);
    if (rc == 0 && (!second || strcmp(first, second) != 0)) {
        fprintf(stderr, "trace-tool: %s: text -> binary -> text differs; the encoding is not canonical\n",
                NAME_SHOWN(path));
        rc = 1;
    }
    /* The canonical text itself parses back to the same program. */
    if (rc == 0 && fuzz_program_from_text(first, strlen(first), path, FUZZ_TEXT_INPUT, &again, err, sizeof err) != 0) {
        fprintf(stderr, "trace-tool: canonical text does not parse: %s\n", err);
        rc = 1;
    } else if (rc == 0) {
        fuzz_program_free(&again);
    }
    free(bin);
    free(first);
    free(second);
    fuzz_program_free(&prog);
    return rc;
}

static void dict_entry(const char *name, const struct fuzz_op *op)
{
    uint8_t rec[FUZZ_RECORD_BYTES];
    fuzz_encode(op, rec);
    printf("%s=\"\\x%02x\\x%02x\\x%02x\\x%02x\"\n", name, rec[0], rec[1], rec[2], rec[3]);
}

static int dict(void)
{
    char name[128], text[FUZZ_OP_TEXT_MAX];
    printf("# Generated by `trace-tool dict` from fuzz/decode.c (encoding version %d); do not edit.\n"
           "# Whole 4-byte records: one per op, check trim, double-free between, huge sizes near 4 GiB, calloc of pages and big elements, big aligned blocks, a"
           " hold of 256 and release every-other, heap cuts and leads (create_in), and malloc/realloc of every"
           " boundary size.\n",
           FUZZ_ENCODING_VERSION);
    for (unsigned k = 0; k < FUZZ_OP_CODES; k++) {
        struct fuzz_op op = {(uint8_t)k, 0, 0};
        snprintf(name, sizeof name, "op_%s", fuzz_op_info(k)->name);
        for (char *p = name; *p; p++)
            *p = *p == '-' ? '_' : *p;
        dict_entry(name, &op);
    }
    dict_entry("op_check_trim", &(struct fuzz_op){FUZZ_OP_CHECK, 0, FUZZ_CHECK_TRIM});
    dict_entry("op_double_free_between", &(struct fuzz_op){FUZZ_OP_DOUBLE_FREE, 0, fuzz_double_free_between_code(1)});
    /* calloc of 32 pages (128 KiB: where allocators zero by pages) and of 63. */
    dict_entry("calloc_pages_32", &(struct fuzz_op){FUZZ_OP_CALLOC, 0, 32u << 10});
    dict_entry("calloc_pages_63", &(struct fuzz_op){FUZZ_OP_CALLOC, 0, 63u << 10});
    /* calloc of 2 and 16 big elements (128 KiB, 1 MiB: past a big-block threshold). */
    dict_entry("calloc_big_2", &(struct fuzz_op){FUZZ_OP_CALLOC, 0, 2u << 10 | 1});
    dict_entry("calloc_big_16", &(struct fuzz_op){FUZZ_OP_CALLOC, 0, 16u << 10 | 1});
    /* aligned blocks of 128 KiB at 4096 and of 1 MiB at 32768 (a big-block path, its lead trimmed). */
    dict_entry("aligned_big_4096_2", &(struct fuzz_op){FUZZ_OP_ALIGNED, 0, 12u << 12 | (FUZZ_ALIGNED_BIG_FIRST + 1)});
    dict_entry("aligned_big_32768_16",
               &(struct fuzz_op){FUZZ_OP_ALIGNED, 0, 15u << 12 | (FUZZ_ALIGNED_BIG_FIRST + 15)});
    /* 256 blocks of 16 bytes (a 4 KiB slab's worth, past any 64), then every other one freed (a long free
     * list of chunks that cannot merge). */
    dict_entry("hold_256_16", &(struct fuzz_op){FUZZ_OP_HOLD, 255, 16});
    dict_entry("release_every_other", &(struct fuzz_op){FUZZ_OP_RELEASE, 0, FUZZ_RELEASE_EVERY_OTHER});
    /* Sizes near 4 GiB: a header of 64, 32, 16 or 8 bytes short of it, and just past it. */
    static const unsigned short_of_4g[] = {64, 32, 16, 8, 1, 0};
    for (unsigned i = 0; i < sizeof short_of_4g / sizeof short_of_4g[0]; i++) {
        snprintf(name, sizeof name, "huge_malloc_4g_less_%u", short_of_4g[i]);
        dict_entry(name, &(struct fuzz_op){FUZZ_OP_HUGE_MALLOC, 0, (uint16_t)(FUZZ_HUGE_4G_ZERO - short_of_4g[i])});
    }
    dict_entry("huge_malloc_4g_plus_1", &(struct fuzz_op){FUZZ_OP_HUGE_MALLOC, 0, FUZZ_HUGE_4G_ZERO + 1});
    /* Heaps a byte, a word, 36 bytes (no multiple of 8) and the most shorter: lengths no block, line or page
     * divides (the record chooses the heap only as an input's first). */
    static const uint16_t cuts[] = {1, 8, 36, FUZZ_HEAP_CUT_MAX};
    for (unsigned i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        snprintf(name, sizeof name, "heap_cut_%u", (unsigned)cuts[i]);
        dict_entry(name, &(struct fuzz_op){FUZZ_OP_HEAP, 0, cuts[i]});
    }
    /* Buffers (create_in) starting an odd byte, a word, two and three quarters of a line past a page: a
     * start no line divides, each also 36 bytes short. */
    static const uint16_t leads[] = {1, 8, 16, 48};
    for (unsigned i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        snprintf(name, sizeof name, "heap_lead_%u", (unsigned)leads[i]);
        dict_entry(name, &(struct fuzz_op){FUZZ_OP_HEAP, 0, (uint16_t)(leads[i] << FUZZ_HEAP_LEAD_SHIFT)});
        snprintf(name, sizeof name, "heap_cut_36_lead_%u", (unsigned)leads[i]);
        dict_entry(name, &(struct fuzz_op){FUZZ_OP_HEAP, 0, (uint16_t)(36 | leads[i] << FUZZ_HEAP_LEAD_SHIFT)});
    }
    for (unsigned i = 0; i < FUZZ_BOUNDARY_COUNT; i++) {
        struct fuzz_op op = {FUZZ_OP_MALLOC, (uint8_t)(i % 4), fuzz_size_boundary_code(i)};
        for (int k = 0; k < 2; k++, op.kind = FUZZ_OP_REALLOC) {
            fuzz_op_text(&op, text, sizeof text);
            printf("# %s\n", text);
            snprintf(name, sizeof name, "%s_boundary_%u", k ? "realloc" : "malloc", i);
            dict_entry(name, &op);
        }
    }
    return 0;
}

/* gen writes one file per input: far more than any benchmark wants is a
 * typo that would fill the disk ("-3" read by strtoul was 2^64 - 3). */
#define GEN_COUNT_MAX 1000000ul

/* A whole number in digits alone, 0..max, into *out (parse_whole_arg);
 * else 0 and a line naming the argument. */
static int gen_number(const char *what, const char *text, unsigned long long max, unsigned long long *out)
{
    if (parse_whole_arg(text, max, out) == 0)
        return 1;
    fprintf(stderr, "trace-tool: gen: %s '%s' is not a whole number from 0 to %llu; e.g. trace-tool gen DIR 200 1\n",
            what, text, max);
    return 0;
}

static int gen(const char *dir, const char *count_s, const char *seed_s)
{
    unsigned long long count, x;
    if (!gen_number("COUNT", count_s, GEN_COUNT_MAX, &count) || !gen_number("SEED", seed_s, ULLONG_MAX, &x))
        return 2;
    x = x * 2 + 1;
    char path[4096];
    for (unsigned long i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/gen-%05lu", dir, i);
        FILE *f = fopen(path, "wb");
        if (!f) {
            fprintf(stderr, "trace-tool: %s: cannot write (%s); give DIR as a directory that exists and is "
                    "writable (mkdir -p it first)\n", NAME_SHOWN(path), strerror(errno));
            return 2;
        }
        size_t len = 64 + (size_t)(i * 2654435761u % 4033); /* 64..4096 bytes, fixed per index */
        for (size_t j = 0; j < len; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64: reproducible everywhere */
            fputc((int)(x >> 24) & 0xff, f);
        }
        if (ferror(f) | fclose(f)) { /* a full disk must not leave a short input behind */
            int err = errno;
            remove(path);
            char before[64] = "no file before it was written";
            if (i > 0)
                snprintf(before, sizeof before, "the %lu file%s before it %s whole", i, hl_plural_s(i),
                         i == 1 ? "is" : "are");
            fprintf(stderr, "trace-tool: %s: cannot write (%s), so it is removed (%s); free some space or give "
                    "another DIR\n", NAME_SHOWN(path), strerror(err), before);
            return 2;
        }
    }
    return 0;
}

/* rc, or 2 when stdout (to-text's and dict's output) could not be written
 * whole: a full disk left a short file, and exit status 0 said all was well. */
static int flushed(int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    fprintf(stderr, "trace-tool: cannot write standard output (%s); what was written is incomplete: free some "
            "space or write elsewhere\n", strerror(errno));
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "to-bin") == 0)
        return to_bin(argv[2], argv[3], FUZZ_TEXT_INPUT);
    if (argc == 5 && strcmp(argv[1], "to-bin") == 0 && strcmp(argv[2], "--threads") == 0)
        return to_bin(argv[3], argv[4], FUZZ_TEXT_THREADED);
    if (argc == 3 && strcmp(argv[1], "to-text") == 0)
        return flushed(to_text(argv[2]));
    if (argc >= 3 && strcmp(argv[1], "roundtrip") == 0) {
        if (text_refuse_stdin_twice("trace-tool", argv + 2, argc - 2))
            return 2;
        int rc = 0;
        for (int i = 2; i < argc; i++) {
            int r = roundtrip_one(argv[i]);
            rc = r > rc ? r : rc;
        }
        return rc;
    }
    if (argc == 2 && strcmp(argv[1], "dict") == 0)
        return flushed(dict());
    if (argc == 4 && strcmp(argv[1], "from-mtrace") == 0)
        return mtrace_to_lab(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], argv[3], argv[4]);
    return usage(text_help_asked(argc, argv) ? stdout : stderr); /* a command's paths are never help */
}
