/*
 * sweep.c - the deterministic sweep (fuzz/SWEEP.md): every cell of a fixed
 * grid of sizes and alignments, each a short program run through
 * fuzz_run_program as any fuzz input is (the shadow model, every oracle,
 * the same report), with no engine and no coverage needed. An allocator
 * linked as an uninstrumented library gives libFuzzer no signal per size,
 * so a bug in one narrow cell off the seeds' grid is found only by luck;
 * here every cell runs.
 *
 *   sweep [-k] [-m MAX] [-a ALIGN] [-s STAGES] [-o DIR] [-R COMMAND]
 *
 * The cells run in rows (below) in a forked child, which names its row and
 * op in memory shared with this process. When it dies (an oracle's abort,
 * a crash, the timeout) or fails (a row that ran past a sanitizer's report,
 * built to recover, is no clean row), this process writes the failing cell's program as
 * a text trace, DIR/sweep-CELL.txt, and runs it alone in a second child,
 * checked after every op as make replay checks it: its report, on the
 * screen, is the one make replay prints, and names that file; then
 * COMMAND CRASH=that file. (A cell that passes alone is saved with the
 * row's cells before it, DIR/sweep-CELL-row.txt, under the row's report.)
 * -k goes on with the next stage (a stage's later cells mostly hit the same
 * bug); else the sweep stops at its first finding, as make fuzz does.
 * Exit: 0 clean, 1 a finding or memory left allocated at the end (LeakSanitizer's), 2 bad usage or a
 * file that cannot be written.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "adapter.h"
#include "harness.h" /* fuzz_findings */
#include "run.h"
#include "sweep-grid.h"
#include "trace.h"
#include "../bench/text-input.h" /* text_help_asked, NAME_QUOTED, NAME_SHOWN */

#ifndef FUZZ_TIMEOUT_SECONDS
#error "FUZZ_TIMEOUT_SECONDS is unset: build with make, or give -DFUZZ_TIMEOUT_SECONDS=N, N the timeout in fuzz/halloc.options"
#endif

enum { CLEAN = 0, FOUND = 1, BAD_USAGE = 2 };

struct flags {
    struct sweep_grid grid;
    int keep_going;
    const char *dir, *replay;
};

/* Cells run ROW_CELLS at a time in one program, cell j of a row in slots
 * 2j and 2j+1 (modulo the 64 slots: a later cell's allocation there frees,
 * and verifies, the earlier cell's block), so that a heap is made and
 * destroyed once a row, not once a cell (halloc: 1.4 ms a program under
 * ASan, which made a first grid of 90000 cells take 100 s), and each
 * cell meets the blocks of the cells before it (on a heap that can grow).
 * A row that fails is narrowed to its cell, run alone. */
enum { SLOT_PAIRS = FUZZ_SLOTS / 2, ROW_CELLS = 4 * SLOT_PAIRS, ROW_OPS = ROW_CELLS * (SWEEP_CELL_OPS_MAX + 2) };

/* What the row child is running, for this process to name when it dies. */
struct shared {
    size_t stage, row, op;
    unsigned long long cells;
};
static struct shared *shared;
static const struct flags *running_flags;

struct row {
    struct fuzz_op ops[ROW_OPS];
    size_t count, cells;
    size_t cell_end[ROW_CELLS]; /* ops[..cell_end[j]) hold cells 0..j */
};

/* The row's cells' programs one after another, cell j's slots moved to 2j, 2j+1 (modulo 64). */
static void build_row(const struct sweep_grid *g, size_t stage, size_t row, struct row *r)
{
    char name[SWEEP_CELL_NAME_MAX];
    size_t total = sweep_stage_cells(g, stage);
    r->count = r->cells = 0;
    for (size_t j = 0; j < ROW_CELLS && row * ROW_CELLS + j < total; j++) {
        size_t n = sweep_cell(g, stage, row * ROW_CELLS + j, r->ops + r->count, name, sizeof name);
        for (size_t i = 0; i < n; i++)
            if (fuzz_op_info(r->ops[r->count + i].kind)->has_slot)
                r->ops[r->count + i].slot = (uint8_t)(2 * (j % SLOT_PAIRS) + r->ops[r->count + i].slot);
        r->count += n;
        r->cells += n != 0;
        /* A heap that cannot grow (create(64 KiB), a lab's) would be full of
         * the cells before: each cell's blocks go at its end instead. */
        for (unsigned slot = 0; n && !(fuzz_allocator.caps & FUZZ_CAN_GROW) && slot < 2; slot++)
            r->ops[r->count++] = (struct fuzz_op){FUZZ_OP_FREE, (uint8_t)(2 * (j % SLOT_PAIRS) + slot), 0};
        r->cell_end[j] = r->count;
    }
}

static size_t stage_rows(const struct sweep_grid *g, size_t stage)
{
    return (sweep_stage_cells(g, stage) + ROW_CELLS - 1) / ROW_CELLS;
}

/* The cell of the row whose ops hold op (the last one, for a failure in the
 * row's final free-all, which comes after them all). */
static size_t cell_at(const struct row *r, size_t row, size_t op)
{
    size_t j = 0;
    while (j + 1 < ROW_CELLS && r->cell_end[j] <= op && r->cell_end[j] < r->count)
        j++;
    return row * ROW_CELLS + j;
}

/* How many of the row's cells 0..j have ops (build_row counts those). */
static size_t cells_through(const struct row *r, size_t j)
{
    size_t n = 0;
    for (size_t k = 0; k <= j; k++)
        n += r->cell_end[k] > (k ? r->cell_end[k - 1] : 0);
    return n;
}

/* DIR/sweep-NAME.txt; NAME the cell's, with "-row" when it is the row up to that cell. */
static void file_for(const struct flags *f, size_t stage, size_t cell, int whole_row, char *out, size_t len)
{
    char name[SWEEP_CELL_NAME_MAX];
    struct fuzz_op ops[SWEEP_CELL_OPS_MAX];
    sweep_cell(&f->grid, stage, cell, ops, name, sizeof name);
    snprintf(out, len, "%s/sweep-%s%s.txt", f->dir, name, whole_row ? "-row" : "");
}

static size_t alone_stage, alone_cell; /* the cell a confirming child runs alone */

/* run.h's saved_as: the file this process will have written when the
 * report's reproduce line is read. */
static const char *cell_saved_as(char *out, size_t len)
{
    file_for(running_flags, alone_stage, alone_cell, 0, out, len);
    return "";
}
static const char *row_saved_as(char *out, size_t len)
{
    struct row r;
    build_row(&running_flags->grid, shared->stage, shared->row, &r);
    file_for(running_flags, shared->stage, cell_at(&r, shared->row, shared->op), 1, out, len);
    return "";
}

/* 3 if the program failed: create() refused, or it ran to its end past a
 * sanitizer's report (built to recover: sanitizer-reports.c counts them), said
 * in a line that names what ran (`what`) and the report's op. */
static int run_one(const struct fuzz_op *ops, size_t count, struct fuzz_options *opt, const char *what)
{
    char found[512];
    fuzz_findings_reset();
    fuzz_set_timeout(FUZZ_TIMEOUT_SECONDS);
    int rc = fuzz_run_program(ops, count, opt);
    fuzz_set_timeout(0);
    if (rc != 0)
        fuzz_report_create_failure("sweep");
    else if (fuzz_findings_text(&fuzz_findings, NULL, found, sizeof found) > 0)
        fprintf(stderr, "sweep: %s: %zu ops run, but %s\n", what, count, found);
    else
        return 0;
    return 3;
}

/* The row child: every row of stage `first` from `row`, then the later
 * stages, on the engines' schedule (a row's ops are many). */
static int run_rows(const struct flags *f, size_t first, size_t row)
{
    static struct row r;
    struct fuzz_options opt = fuzz_options_default();
    opt.saved_as = row_saved_as;
    opt.progress = &shared->op;
    fuzz_install_crash_context();
    for (size_t s = first; s < SWEEP_STAGE_COUNT; s++, row = 0) {
        if (!sweep_stage_on(&f->grid, s))
            continue;
        for (size_t rows = stage_rows(&f->grid, s); row < rows; row++) {
            build_row(&f->grid, s, row, &r);
            if (r.count == 0)
                continue;
            shared->stage = s;
            shared->row = row;
            char what[64];
            snprintf(what, sizeof what, "row %zu of stage %s", row, sweep_stage_name(s));
            if (run_one(r.ops, r.count, &opt, what) != 0) {
                if (fuzz_findings.ubsan + fuzz_findings.asan > 0) /* narrow() looks for the cell at the report's op */
                    shared->op = fuzz_findings.op;
                return 3;
            }
            shared->cells += r.cells;
        }
    }
    return 0;
}

/* A confirming child: the cell alone, checked after every op as make replay checks it. */
static int run_alone(const struct flags *f)
{
    struct fuzz_op ops[SWEEP_CELL_OPS_MAX];
    char name[SWEEP_CELL_NAME_MAX];
    struct fuzz_options opt = fuzz_options_default();
    opt.saved_as = cell_saved_as;
    opt.every_op = 1;
    fuzz_install_crash_context();
    size_t count = sweep_cell(&f->grid, alone_stage, alone_cell, ops, name, sizeof name);
    char what[SWEEP_CELL_NAME_MAX + 16];
    snprintf(what, sizeof what, "cell %s alone", name);
    return run_one(ops, count, &opt, what);
}

static int write_program(const char *path, const struct fuzz_op *ops, size_t count, const char *comment)
{
    struct fuzz_program prog = {(struct fuzz_op *)ops, count};
    FILE *out = fopen(path, "w");
    int failed = !out || fprintf(out, "# %s (make fuzz-sweep; fuzz/SWEEP.md)\n", comment) < 0 ||
                 fuzz_program_write_text(&prog, out) != 0;
    if (out && fclose(out) != 0)
        failed = 1;
    if (failed) {
        const char *why = strerror(errno); /* before NAME_SHOWN's snprintf */
        fprintf(stderr, "sweep: cannot write %s (%s): make its directory writable, or give another -o\n",
                NAME_SHOWN(path), why);
        exit(BAD_USAGE);
    }
    return 0;
}

/* Runs child(f) in a child process whose stderr goes to `log` (NULL: this
 * process's); returns its wait status. */
static int in_child(const struct flags *f, int (*child)(const struct flags *), const char *log)
{
    int status;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("sweep: fork");
        exit(BAD_USAGE);
    }
    if (pid == 0) {
        if (log && !freopen(log, "w", stderr))
            _exit(4);
        setvbuf(stderr, NULL, _IONBF, 0); /* a file is buffered, and a crash would lose the report's end */
        _exit(child(f));
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("sweep: waitpid");
            exit(BAD_USAGE);
        }
    return status;
}

static size_t resume_stage, resume_row;
static int rows_from_resume(const struct flags *f) { return run_rows(f, resume_stage, resume_row); }

static int failed(int status) { return !(WIFEXITED(status) && WEXITSTATUS(status) == 0); }

/* After a row failed: its cell alone, whose report (the one make replay
 * prints) goes to the screen; else the row up to that cell, with the row's
 * report from its log. Writes the saved file's path. */
static void narrow(const struct flags *f, const char *log, char *path, size_t len)
{
    static struct row r;
    struct fuzz_op ops[SWEEP_CELL_OPS_MAX];
    char name[SWEEP_CELL_NAME_MAX];
    build_row(&f->grid, shared->stage, shared->row, &r);
    alone_stage = shared->stage;
    alone_cell = cell_at(&r, shared->row, shared->op);
    /* The row child counts a row once it passes: this one's cells up to the
     * failing one ran too, and the closing line's count left them out. */
    shared->cells += cells_through(&r, alone_cell - shared->row * ROW_CELLS);
    size_t count = sweep_cell(&f->grid, alone_stage, alone_cell, ops, name, sizeof name);
    file_for(f, alone_stage, alone_cell, 0, path, len);
    write_program(path, ops, count, name);
    if (failed(in_child(f, run_alone, NULL)))
        return;
    remove(path);
    size_t j = alone_cell - shared->row * ROW_CELLS;
    file_for(f, alone_stage, alone_cell, 1, path, len);
    write_program(path, r.ops, r.cell_end[j], "a row of cells; its last cell alone ran clean");
    FILE *in = fopen(log, "r");
    for (int ch; in && (ch = getc(in)) != EOF;)
        putc(ch, stderr);
    if (in)
        fclose(in);
    fprintf(stderr, "sweep: cell %s ran clean alone: the cells before it in its row are needed, and are saved "
                    "with it (the report above is the row's, checked on the engines' schedule: make replay, "
                    "checking after every op, may stop earlier)\n",
            name);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: sweep [-k] [-m MAX] [-a ALIGN] [-s STAGES] [-o DIR] [-R COMMAND]\n"
            "  -m  sizes 1..MAX (default %zu; byte by byte to %zu, the encoding's exact sizes, then every 4th "
            "to %zu)\n"
            "  -a  aligned allocation at every power of two up to ALIGN (default %zu, at most 32768)\n"
            "  -s  the stages to run, comma-separated (default all: %s)\n"
            "  -k  go on past a finding with the next stage (default: stop at the first)\n"
            "  -o  where a finding's program is saved (default crashes/sweep)\n"
            "  -R  the command a finding's replay line starts with (default 'make replay')\n",
            (size_t)SWEEP_DEFAULT_MAX, (size_t)SWEEP_EXACT_MAX, (size_t)SWEEP_LARGE_MAX,
            (size_t)SWEEP_DEFAULT_ALIGN, SWEEP_STAGE_NAMES);
}

static int parse_size(const char *text, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v == 0 || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_option(int ch, struct flags *f, const char **stages)
{
    switch (ch) {
    case 'k': f->keep_going = 1; return 0;
    case 'm':
        if (parse_size(optarg, &f->grid.max) == 0 && f->grid.max <= SWEEP_LARGE_MAX)
            return 0;
        fprintf(stderr, "sweep: -m %s is no size from 1 to %zu (SWEEP_MAX); e.g. -m 4096\n", optarg,
                (size_t)SWEEP_LARGE_MAX);
        return -1;
    case 'a':
        if (parse_size(optarg, &f->grid.align_max) == 0 && f->grid.align_max <= 32768 &&
            !(f->grid.align_max & (f->grid.align_max - 1)))
            return 0;
        fprintf(stderr, "sweep: -a %s is no power of two from 1 to 32768 (SWEEP_ALIGN); e.g. -a 4096\n", optarg);
        return -1;
    case 's': *stages = optarg; return 0;
    case 'o': f->dir = optarg; return 0;
    case 'R': f->replay = optarg; return 0;
    }
    usage(stderr);
    return -1;
}

static int parse_flags(int argc, char **argv, struct flags *f)
{
    int ch;
    const char *stages = NULL;
    if (text_help_asked(argc, argv)) { /* the line below says "usage: sweep -h" */
        usage(stdout);
        exit(0);
    }
    while ((ch = getopt(argc, argv, "km:a:s:o:R:")) != -1)
        if (parse_option(ch, f, &stages) != 0)
            return -1;
    if (optind != argc) {
        fprintf(stderr, "sweep: '%s' is no option; the grid is set by -m, -a and -s alone (usage: sweep -h)\n",
                argv[optind]);
        return -1;
    }
    if (stages && sweep_select_stages(&f->grid, stages) != 0) {
        fprintf(stderr, "sweep: -s '%s' is no list of stages; give some of %s, comma-separated (SWEEP_STAGES)\n",
                stages, SWEEP_STAGE_NAMES);
        return -1;
    }
    return 0;
}

/* The shared record between two inaccessible pages: a block overrun past
 * the allocator's own mapping (the kernel places mappings side by side)
 * faults there, named by the crash report, instead of rewriting where the
 * child was (a teaching allocator's realloc did, and the sweep named no cell). */
static int map_shared(void)
{
    size_t page = fuzz_page_size();
    unsigned char *base = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED || mprotect(base, page, PROT_NONE) != 0 || mprotect(base + 2 * page, page, PROT_NONE) != 0) {
        fprintf(stderr, "sweep: mmap of 3 shared pages failed (%s)\n", strerror(errno));
        return -1;
    }
    shared = (struct shared *)(base + page);
    return 0;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* LeakSanitizer's check, absent (NULL) in a build without it: run before the
 * one at exit, whose report would follow the closing line unexplained. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

/* At exit, as LeakSanitizer's own check runs (main's frame gone: a stale
 * pointer in it would hide a leak), ahead of it: memory malloc handed out
 * still allocated, and unreachable, once every row freed its blocks and
 * destroyed its heap, is printed by the check and its cause said once. */
static void explain_leaks_at_exit(void)
{
    if (!__lsan_do_recoverable_leak_check || !__lsan_do_recoverable_leak_check())
        return;
    fprintf(stderr, "sweep: every cell ran clean, but LeakSanitizer (above) found memory from malloc still "
                    "allocated at exit, once every row had freed its blocks and destroyed its heap: the library "
                    "keeps an object from startup on purpose (gperftools' tcmalloc: 8 bytes from "
                    "MallocExtension::Register), or its free or destroy() never gave back what it took from "
                    "malloc. If no stack in the report passes through the adapter (an object made as the library "
                    "loaded), run with ASAN_OPTIONS=detect_leaks=0: the harness's own leak checks stay on "
                    "(fuzz/ADAPTER-EXAMPLES.md)\n");
    _exit(FOUND); /* LeakSanitizer's own check, next, would print the same report again */
}

int main(int argc, char **argv)
{
    struct flags f = {.grid = sweep_grid_default(), .dir = "crashes/sweep", .replay = "make replay"};
    if (parse_flags(argc, argv, &f) != 0)
        return BAD_USAGE;
    /* make fuzz-sweep's -R holds the build's variables: a report names it whole,
     * as make replay's report does; the default knows none of them. */
    if (strcmp(f.replay, "make replay") != 0 && setenv(FUZZ_REPLAY_LINE_ENV, f.replay, 1) != 0) {
        perror("sweep: setenv");
        return BAD_USAGE;
    }
    fuzz_require_valid_adapter();
    fuzz_einval_share(); /* the row children's refusals, added up for the closing lines */
    f.grid.align_min = fuzz_allocator.alignment;
    if (map_shared() != 0)
        return BAD_USAGE;
    running_flags = &f;
    char log[4096];
    snprintf(log, sizeof log, "%s/sweep-row.log", f.dir);
    double started = now_seconds();
    static char saved[SWEEP_STAGE_COUNT][4096]; /* one finding a stage at most */
    size_t found = 0;
    while (failed(in_child(&f, rows_from_resume, log))) {
        narrow(&f, log, saved[found], sizeof saved[found]);
        fprintf(stderr, "sweep: finding in stage %s, saved as %s\n", sweep_stage_name(shared->stage),
                NAME_SHOWN(saved[found])); /* prose: escaped, one line (the replay line below quotes it) */
        found++;
        resume_stage = shared->stage + 1;
        resume_row = 0;
        if (!f.keep_going || resume_stage >= SWEEP_STAGE_COUNT)
            break;
    }
    remove(log);
    if (!found) /* "clean only on what the adapter claims" under a finding read as a contradiction */
        fuzz_print_unjudged(); /* and the EINVAL refusals */
    else /* the refusals were left out with it: a finding says nothing of them */
        fuzz_einval_print();
    fprintf(stderr, "sweep: %s: %llu cells (%s) in %.1f s: %s\n", fuzz_allocator.name, shared->cells,
            sweep_grid_text(&f.grid), now_seconds() - started,
            found ? (f.keep_going ? "findings above" : "stopped at the finding above") : "clean");
    /* Last, as make fuzz ends: the line to paste, for each finding. */
    for (size_t i = 0; i < found; i++)
        fprintf(stderr, "%s CRASH=%s\n", f.replay, NAME_QUOTED(saved[i]));
    if (!found && atexit(explain_leaks_at_exit) != 0)
        fprintf(stderr, "sweep: atexit failed: a leak LeakSanitizer reports next goes unexplained\n");
    return found ? FOUND : CLEAN;
}
