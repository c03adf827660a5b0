/*
 * einval.c - the aligned_alloc calls the allocator refused with EINVAL,
 * counted over all the processes of a run.
 *
 * The oracles take such a refusal as an alignment the allocator does not
 * support and judge it no further, so a run's closing lines say how many
 * there were and their least and greatest alignment (fuzz_einval_print):
 * an allocator refusing alignments it should serve is not plainly "clean".
 * A run is often many processes: replay's forked children (one per input,
 * and per -r repeat), the sweep's row children, libFuzzer's -fork and -jobs
 * workers (exec'd, their output in logs nobody reads). A count kept in each
 * was lost with it, so every refusal is added at once to a page shared by
 * the whole run (a child that crashes later loses none of its count). The
 * run's first process makes the page (fuzz_einval_share) in a file unlinked
 * at once, so nothing is left behind; the processes exec'd under it find it
 * through HALLOC_FUZZ_EINVAL_FD, the file's descriptor, which they inherit.
 * Only the process that made the page prints the sum.
 * A rerun of an input the run already counted (replay's settle rerun) adds
 * nothing (fuzz_einval_uncounted), and so does a replay the engines'
 * scripts run to print a kept crash's report (HALLOC_FUZZ_EINVAL_FD=off:
 * their run's own line has the sum already). make fuzz-afl's targets are
 * forked by afl-fuzz's fork servers, which nothing of ours starts: they
 * share a page in a named file instead (fuzz_einval_share_file), which
 * afl.sh has the replay print.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "../allocator/hl_switch.h" /* every HALLOC_* variable read alike */

/* A page from an inherited descriptor is taken only with this mark: a
 * descriptor of that number may be another file in a process that was not
 * started by a run (the variable set by hand, or left in a shell). */
#define EINVAL_PAGE_MARK 0x68616c6c6f634549ULL

/* Both alignments as maxima, so a zeroed page is an empty count and two
 * processes update them with one compare-and-swap loop each: the least is
 * kept as SIZE_MAX - alignment. */
struct einval_total {
    uint64_t mark;
    _Atomic unsigned long long calls;
    _Atomic size_t least_flipped, greatest;
};

static struct einval_total own; /* until, or without, a shared page */
static struct einval_total *total = &own;
static int printer = 1; /* this process made the page (or has none): it prints the sum */

static void keep_max(_Atomic size_t *at, size_t value)
{
    size_t seen = atomic_load(at);
    while (seen < value && !atomic_compare_exchange_weak(at, &seen, value))
        ;
}

static void add(struct einval_total *t, unsigned long long calls, size_t least_flipped, size_t greatest)
{
    atomic_fetch_add(&t->calls, calls);
    keep_max(&t->least_flipped, least_flipped);
    keep_max(&t->greatest, greatest);
}

void fuzz_einval_refused(size_t align) { add(total, 1, SIZE_MAX - align, align); }

/* The page HALLOC_FUZZ_EINVAL_FD names, or NULL if it names none: a
 * descriptor of a regular file of the page's size whose mapping has the mark. */
static struct einval_total *inherited_page(void)
{
    const char *text = hl_env("HALLOC_FUZZ_EINVAL_FD");
    char *end;
    struct stat st;
    if (!text)
        return NULL;
    long fd = strtol(text, &end, 10);
    if (end == text || *end || fd < 0 || fd > INT_MAX || fstat((int)fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size != (off_t)sizeof(struct einval_total))
        return NULL;
    struct einval_total *t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
    if (t == MAP_FAILED)
        return NULL;
    if (t->mark == EINVAL_PAGE_MARK)
        return t;
    munmap(t, sizeof *t);
    return NULL;
}

/* A new page, in a file that is unlinked at once and whose descriptor
 * (not close-on-exec) the processes this one execs inherit; NULL if the
 * system gives none, and then only this process's and its forks' refusals
 * are counted (said in the line). */
static struct einval_total *new_page(void)
{
    const char *dir = getenv("TMPDIR"); /* the system's variable, read raw */
    char path[4096], fd_text[24];
    snprintf(path, sizeof path, "%s/halloc-fuzz-einval-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    unlink(path);
    if (fd <= STDERR_FILENO) { /* the process started with it closed: replay - read this page as its input */
        int high = fcntl(fd, F_DUPFD, STDERR_FILENO + 1);
        close(fd);
        if ((fd = high) < 0)
            return NULL;
    }
    struct einval_total *t = MAP_FAILED;
    if (ftruncate(fd, sizeof *t) == 0)
        t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    snprintf(fd_text, sizeof fd_text, "%d", fd);
    if (t == MAP_FAILED || setenv("HALLOC_FUZZ_EINVAL_FD", fd_text, 1) != 0) {
        if (t != MAP_FAILED)
            munmap(t, sizeof *t);
        close(fd);
        return NULL;
    }
    t->mark = EINVAL_PAGE_MARK;
    return t;
}

static int unshared; /* the page could not be made: the workers' counts are lost */

/* This process's refusals go into no total, and it prints none: a fork of
 * a counted run that runs an input again (replay's settle rerun) would
 * count its refusals twice. */
void fuzz_einval_uncounted(void)
{
    static struct einval_total dropped;
    total = &dropped;
    printer = 0;
}

void fuzz_einval_share(void)
{
    if (total != &own)
        return;
    const char *fd_text = hl_env("HALLOC_FUZZ_EINVAL_FD");
    if (fd_text && strcmp(fd_text, "off") == 0) {
        fuzz_einval_uncounted();
        return;
    }
    struct einval_total *t = inherited_page();
    printer = !t;
    if (!t)
        t = new_page();
    if (!t) {
        unshared = 1;
        return;
    }
    add(t, atomic_load(&own.calls), atomic_load(&own.least_flipped), atomic_load(&own.greatest));
    total = t;
}

/* The page in the file at path, made empty if there is none: make
 * fuzz-afl's targets (afl.c) and the replay that prints their sum (print).
 * Each side maps the page as is: the instances' fork servers start at once,
 * and extending a file to its size again, or writing the mark again,
 * changes nothing another wrote. A file of another size or mark is not
 * taken, and this process counts on its own. */
void fuzz_einval_share_file(const char *path, int print)
{
    struct stat st;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    struct einval_total *t = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size <= (off_t)sizeof *t && ftruncate(fd, sizeof *t) == 0)
        t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (t == MAP_FAILED)
        return;
    if (t->mark != EINVAL_PAGE_MARK && t->mark != 0) {
        munmap(t, sizeof *t);
        return;
    }
    t->mark = EINVAL_PAGE_MARK;
    add(t, atomic_load(&own.calls), atomic_load(&own.least_flipped), atomic_load(&own.greatest));
    total = t;
    printer = print;
}

void fuzz_einval_print(void)
{
    unsigned long long calls = atomic_load(&total->calls);
    if (!printer || !calls)
        return;
    fprintf(stderr, "halloc-fuzz: %llu aligned_alloc call%s refused with EINVAL, alignments %zu to %zu: taken as "
            "alignments the allocator does not support and not judged; if it should serve them, that is its "
            "bug (fuzz/ADAPTERS.md, \"The adapter contract\", aligned_alloc)%s\n", calls, hl_plural_s(calls),
            SIZE_MAX - atomic_load(&total->least_flipped), atomic_load(&total->greatest),
            unshared ? "; this process's alone: no file could be made in $TMPDIR or /tmp to count its workers' too"
                     : "");
}
