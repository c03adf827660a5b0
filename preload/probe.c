/*
 * probe.c - run under LD_PRELOAD=libhalloc-preload.so by preload/check.sh.
 * Not linked with halloc: it finds the shim's heap through dlsym, so it can
 * prove that its blocks (and those libc allocates for it) are halloc's.
 *
 *   probe              every semantic check below; prints "probe: ok"
 *   probe double-free [VAR=VALUE]
 *                      frees a block twice (the shim must abort); VAR=VALUE
 *                      put in the environment first, after the shim's start
 *   probe bad-free     frees an interior pointer (the shim must abort)
 *   probe bad-realloc, bad-usable-size
 *                      the same pointer to realloc / malloc_usable_size
 *   probe overflow     writes 8 bytes past a block into the next header, then
 *                      mallocs something else, then frees the block: the
 *                      debug shim must abort at that malloc, the plain one at
 *                      the free
 *   probe trim-overflow the same write into a free chunk's header, then
 *                      malloc_trim: its error line names no pointer
 *   probe exit-overflow the same, then exit: the exit check must catch it
 * Each of these prints a line to stdout first, which must not be lost.
 *   probe close-fds PATH
 *                      closes every descriptor above 2, then writes PATH
 *                      (under every number that was open)
 *   probe first-fd     prints the descriptor its first open() gets
 *   probe count-fds    prints how many descriptors above 2 it has
 *   probe hold-one     exits with exactly one block in use
 *   probe record, record-fork, record-fork-unhandled, record-exec PATH,
 *         record-execveat PATH,
 *         record-unfinished, record-exit-in-handler, record-exit-in-call
 *                      for HALLOC_PRELOAD_TRACE (see record_sequence and
 *                      allocate_until_the_timer_exits)
 * close-fds, first-fd, count-fds, hold-one and the record modes are in probe-modes.c;
 * the semantic checks and the planted bugs are here.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "../allocator/hl_switch.h" /* hl_env, as the shim reads it; by path: built without -Iallocator */

static int failures;

#define EXPECT(cond, ...)                                                                                     \
    do {                                                                                                      \
        if (!(cond)) {                                                                                        \
            fprintf(stderr, "probe: line %d: %s: ", __LINE__, #cond);                                        \
            fprintf(stderr, __VA_ARGS__);                                                                     \
            fputc('\n', stderr);                                                                              \
            failures++;                                                                                       \
        }                                                                                                     \
    } while (0)

typedef void *(*hdefault_fn)(void);
typedef size_t (*usable_fn)(void *heap, const void *p);
typedef int (*stats_fn)(void *heap, void *out);

/* halloc_stats' layout, from halloc.h (not included: the probe links no halloc). */
struct probe_stats {
    size_t bytes_in_use, bytes_free, largest_free, overhead, chunks_used, chunks_free;
    size_t bytes_cached, chunks_cached, regions, mapped, high_water;
};

/* Nonzero if p is a live block of the shim's halloc heap. */
static int is_halloc_block(const void *p)
{
    hdefault_fn hdefault = (hdefault_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "hdefault");
    usable_fn usable = (usable_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "halloc_usable_size");
    return hdefault && usable && usable(hdefault(), p) > 0;
}

static void check_interposed(void)
{
    char *p = calloc(1, 100);
    EXPECT(p && is_halloc_block(p), "calloc's block %p is not halloc's: is the shim preloaded?", (void *)p);
    char *s = strdup("allocated inside libc");
    EXPECT(s && is_halloc_block(s), "strdup's block is not halloc's: libc's own calls are not interposed");
    free(s);
    free(p);
}

/* glibc's exported names for its calls, which a malloc wrapper preloaded before the shim calls to
 * reach the real malloc: their blocks are halloc's, and each family frees the other's. A block that
 * is not halloc's goes back by glibc's own name (else the free here aborts before the report). */
extern void *__libc_malloc(size_t), *__libc_calloc(size_t, size_t), *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t), *__libc_valloc(size_t), *__libc_pvalloc(size_t);
extern void __libc_free(void *);

static void check_libc_names(void)
{
    void *got[] = {__libc_malloc(24), __libc_calloc(3, 8), __libc_memalign(64, 24), __libc_valloc(24),
                   __libc_pvalloc(24), __libc_realloc(NULL, 24)};
    int all = 1;
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++) {
        int ours = got[i] && is_halloc_block(got[i]);
        EXPECT(ours, "__libc_ call #%zu (malloc, calloc, memalign, valloc, pvalloc, realloc) gave %p, not a "
               "halloc block", i, got[i]);
        ours ? free(got[i]) : __libc_free(got[i]);
        all &= ours;
    }
    /* A program linked before glibc 2.26 binds cfree@GLIBC_...: the shim's free must answer it. And
     * glibc's own names for mallinfo and mallopt described and tuned glibc's unused heap. */
    static const char *const same[][2] = {{"cfree", "free"}, {"__libc_mallinfo", "mallinfo"},
                                          {"__libc_mallopt", "mallopt"}};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        void *name = dlsym(RTLD_DEFAULT, same[i][0]), *shim = dlsym(RTLD_DEFAULT, same[i][1]);
        EXPECT(name && name == shim, "%s is %p, not the shim's %s %p", same[i][0], name, same[i][1], shim);
    }
    if (!all)
        return;
    char *p = __libc_realloc(strdup("kept"), 4096);
    EXPECT(p && strcmp(p, "kept") == 0 && is_halloc_block(p), "__libc_realloc of strdup's block: %p", (void *)p);
    __libc_free(p);
}

/* With HALLOC_PRELOAD_CACHE=N (N > 0) a freed small block waits in the cache. */
static void check_cache_setting(void)
{
    const char *depth = hl_env("HALLOC_PRELOAD_CACHE");
    hdefault_fn hdefault = (hdefault_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "hdefault");
    stats_fn stats = (stats_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "halloc_get_stats");
    struct probe_stats st;
    char *keep = malloc(100), *p = malloc(100);
    free(p);
    EXPECT(hdefault && stats && stats(hdefault(), &st) == 0, "no halloc_get_stats in the shim");
    if (depth && atoi(depth) > 0)
        EXPECT(st.chunks_cached >= 1, "HALLOC_PRELOAD_CACHE=%s, but a freed block was not cached", depth);
    else
        EXPECT(st.chunks_cached == 0, "no cache was asked for, but %zu blocks are cached", st.chunks_cached);
    free(keep);
}

static void check_sizes(void)
{
    void *a = malloc(0), *b = malloc(0);
    EXPECT(a && b && a != b, "malloc(0) must return unique blocks: %p %p", a, b);
    free(a);
    free(b);
    volatile size_t huge = SIZE_MAX - 8, half = SIZE_MAX / 2; /* volatile: no compile-time folding */
    errno = 0;
    EXPECT(malloc(huge) == NULL && errno == ENOMEM, "malloc near SIZE_MAX: errno %d", errno);
    errno = 0;
    EXPECT(calloc(half + 1, 2) == NULL && errno == ENOMEM, "calloc n*size overflow (to 0): errno %d", errno);
    unsigned char *z = calloc(1000, 3);
    int zero = z != NULL;
    for (size_t i = 0; z && i < 3000; i++)
        zero &= z[i] == 0;
    EXPECT(zero, "calloc did not zero");
    EXPECT(z && malloc_usable_size(z) >= 3000, "malloc_usable_size %zu < 3000", z ? malloc_usable_size(z) : 0);
    free(z);
    free(calloc(0, 8));
}

static void check_realloc(void)
{
    char *p = malloc(10);
    memcpy(p, "0123456789", 10);
    for (size_t n = 20; n < 200000; n *= 3) {
        p = realloc(p, n);
        EXPECT(p && memcmp(p, "0123456789", 10) == 0, "realloc to %zu lost the contents", n);
    }
    volatile size_t half = SIZE_MAX / 2;
    errno = 0;
    char *q = reallocarray(p, half, 4);
    EXPECT(q == NULL && errno == ENOMEM, "reallocarray overflow: errno %d", errno);
    if (q) /* it "succeeded": p is gone */
        p = q;
    else
        EXPECT(memcmp(p, "0123456789", 10) == 0, "a failed reallocarray changed the block");
    EXPECT(realloc(p, 0) == NULL, "realloc(p, 0) frees and returns NULL");
}

static void check_trim(void)
{
    char *guard = malloc(100), *big = malloc(600 * 1024);
    EXPECT(guard && big, "malloc failed");
    if (big)
        memset(big, 1, 600 * 1024);
    free(big);
    EXPECT(malloc_trim(0) == 1, "malloc_trim released nothing after a 600 KiB block was freed");
    free(guard);
}

/* The numbers glibc's statistics calls give must be the halloc heap's: left
 * to glibc they describe its unused heap (arena 0). */
static struct probe_stats heap_stats(void)
{
    hdefault_fn hdefault = (hdefault_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "hdefault");
    stats_fn stats = (stats_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "halloc_get_stats");
    struct probe_stats st = {0};
    EXPECT(hdefault && stats && stats(hdefault(), &st) == 0, "no halloc_get_stats in the shim");
    return st;
}

/* halloc's bytes_free and chunks_free count the cached blocks too; glibc's
 * fordblks does (fastbins included), its ordblks does not (smblks has them).
 * A small block freed last, so that under HALLOC_PRELOAD_CACHE one is cached:
 * counted twice, in use read 2^64 - N. */
static void check_mallinfo(void)
{
    struct mallinfo2 before = mallinfo2();
    char *big = malloc(200000), *small = malloc(100), *beside = malloc(100);
    free(small);
    struct mallinfo2 mi = mallinfo2();
    struct probe_stats st = heap_stats();
    const char *depth = hl_env("HALLOC_PRELOAD_CACHE");
    EXPECT(!depth || atoi(depth) == 0 || st.chunks_cached >= 1, "HALLOC_PRELOAD_CACHE=%s, but nothing is cached",
           depth);
    EXPECT(mi.arena == st.mapped && mi.arena > 0, "mallinfo2 arena %zu, halloc maps %zu", mi.arena, st.mapped);
    EXPECT(mi.uordblks + mi.fordblks == mi.arena && mi.fordblks <= mi.arena,
           "mallinfo2: in use %zu + free %zu != arena %zu", mi.uordblks, mi.fordblks, mi.arena);
    EXPECT(mi.fordblks == st.bytes_free && mi.fsmblks == st.bytes_cached,
           "mallinfo2 free %zu (cache %zu), halloc %zu (cache %zu)", mi.fordblks, mi.fsmblks, st.bytes_free,
           st.bytes_cached);
    EXPECT(mi.uordblks >= before.uordblks + 200000, "mallinfo2 in use %zu after a 200000-byte malloc (was %zu)",
           mi.uordblks, before.uordblks);
    EXPECT(mi.ordblks + mi.smblks == st.chunks_free && mi.smblks == st.chunks_cached && mi.hblks == 0 &&
               mi.keepcost == 0,
           "mallinfo2 ordblks %zu smblks %zu hblks %zu keepcost %zu; halloc: %zu free, %zu of them cached",
           mi.ordblks, mi.smblks, mi.hblks, mi.keepcost, st.chunks_free, st.chunks_cached);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    struct mallinfo old = mallinfo();
#pragma GCC diagnostic pop
    EXPECT((size_t)old.arena == mi.arena && (size_t)old.uordblks == mi.uordblks, "mallinfo %d/%d, mallinfo2 %zu/%zu",
           old.arena, old.uordblks, mi.arena, mi.uordblks);
    free(big);
    free(beside);
    EXPECT(mallinfo2().uordblks < mi.uordblks, "mallinfo2 in use did not fall when the block was freed");
    EXPECT(mallopt(M_MMAP_THRESHOLD, 4096) == 0, "mallopt claimed to change a setting halloc does not have");
}

/* mallinfo's int fields read INT_MAX above it, not a wrapped value: a 3 GiB
 * block (mapped, never touched) takes arena past INT_MAX. */
static void check_mallinfo_clamps(void)
{
    char *huge = malloc((size_t)3 << 30);
    EXPECT(huge != NULL, "malloc(3 GiB) failed (errno %d); the clamp cannot be checked", errno);
    if (!huge)
        return;
    size_t arena = mallinfo2().arena;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    struct mallinfo old = mallinfo();
#pragma GCC diagnostic pop
    EXPECT(arena > INT_MAX && old.arena == INT_MAX, "mallinfo2 arena %zu, mallinfo arena %d (expected %d)", arena,
           old.arena, INT_MAX);
    EXPECT(old.uordblks == INT_MAX && old.fordblks >= 0, "mallinfo uordblks %d fordblks %d with a 3 GiB block",
           old.uordblks, old.fordblks);
    free(huge);
}

/* Runs fn with stderr going to a temporary file; what it wrote, in buf. */
static void capture_stderr(void (*fn)(void), char *buf, size_t len)
{
    FILE *tmp = tmpfile();
    int saved = dup(STDERR_FILENO);
    fflush(stderr);
    dup2(fileno(tmp), STDERR_FILENO);
    fn();
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    size_t n = fread(buf, 1, len - 1, tmp);
    buf[n] = 0;
    fclose(tmp);
}

static void check_malloc_stats_and_info(void)
{
    char text[4096], want[128];
    capture_stderr(malloc_stats, text, sizeof text);
    snprintf(want, sizeof want, "system bytes     = %10zu\n", heap_stats().mapped);
    EXPECT(strstr(text, "halloc heap:\n") && strstr(text, want), "malloc_stats printed '%s', no '%s'", text, want);
    /* Its "in use bytes" is glibc's, mallinfo2's uordblks: with free and
     * cached bytes, all the system bytes (it gave the usable bytes alone,
     * a figure mallinfo2 did not agree with). */
    size_t sys = 0, used = 0, fre = 0, cached = 0;
    const char *at = strstr(text, "system bytes");
    EXPECT(at && sscanf(at, "system bytes = %zu in use bytes = %zu free bytes = %zu cached bytes = %zu", &sys, &used,
                        &fre, &cached) == 4 && used + fre + cached == sys,
           "malloc_stats: in use %zu + free %zu + cached %zu is not its system bytes %zu: '%s'", used, fre, cached, sys,
           text);
    EXPECT(malloc_info(1, stdout) == EINVAL, "malloc_info(1, ...) must be EINVAL, as in glibc");
    FILE *tmp = tmpfile();
    free(malloc(100)); /* cached under HALLOC_PRELOAD_CACHE: "fast", and not "rest" too */
    size_t free_bytes = heap_stats().bytes_free, fast = 0, rest = 0;
    EXPECT(malloc_info(0, tmp) == 0, "malloc_info(0, ...) failed");
    rewind(tmp);
    size_t n = fread(text, 1, sizeof text - 1, tmp);
    text[n] = 0;
    fclose(tmp);
    snprintf(want, sizeof want, "<system type=\"current\" size=\"%zu\"/>", heap_stats().mapped);
    EXPECT(strstr(text, "<malloc version=\"1\" allocator=\"halloc\">") && strstr(text, want) &&
               strstr(text, "</malloc>\n"),
           "malloc_info printed '%s', no '%s'", text, want);
    const char *totals = strstr(text, "</heap>");
    EXPECT(totals && sscanf(totals, "</heap> <total type=\"fast\" count=\"%*u\" size=\"%zu\"/> <total type=\"rest\" "
                                    "count=\"%*u\" size=\"%zu\"/>", &fast, &rest) == 2 && fast + rest == free_bytes,
           "malloc_info: fast %zu + rest %zu free bytes are not halloc's %zu: '%s'", fast, rest, free_bytes, text);
}

/* n, which the compiler cannot see. The alignments below that are not
 * powers of two are deliberate misuse, to check the shim answers them as
 * glibc does; glibc declares memalign and aligned_alloc alloc_align, so
 * clang warns about such a constant (-Werror fails the build) and may
 * assume the block is aligned as asked, folding the checks away. */
static size_t unseen(size_t n)
{
    volatile size_t seen_at_run_time = n;
    return seen_at_run_time;
}

static void check_alignment(void)
{
    void *p = NULL;
    int saved = errno = 1234;
    EXPECT(posix_memalign(&p, 3, 10) == EINVAL, "alignment 3 must be EINVAL");
    EXPECT(posix_memalign(&p, 0, 10) == EINVAL && p == NULL, "alignment 0 must be EINVAL, as in glibc: %p", p);
    EXPECT(posix_memalign(&p, 24, 10) == EINVAL, "alignment 24 must be EINVAL");
    EXPECT(posix_memalign(&p, 64, unseen(SIZE_MAX - 8)) == ENOMEM && p == NULL, "SIZE_MAX - 8: ENOMEM, p untouched");
    EXPECT(posix_memalign(&p, 4096, 100) == 0 && ((uintptr_t)p & 4095) == 0, "posix_memalign(4096): %p", p);
    EXPECT(errno == saved, "posix_memalign changed errno to %d", errno);
    free(p);
    void *a = aligned_alloc(64, 100), *m = memalign(256, 10), *v = valloc(10);
    EXPECT(a && ((uintptr_t)a & 63) == 0, "aligned_alloc(64): %p", a);
    EXPECT(m && ((uintptr_t)m & 255) == 0, "memalign(256): %p", m);
    EXPECT(v && ((uintptr_t)v & ((uintptr_t)sysconf(_SC_PAGESIZE) - 1)) == 0, "valloc: %p", v);
    free(a);
    free(m);
    free(v);
    /* glibc 2.36 rounds an alignment that is not a power of two up to one
     * (memalign, and aligned_alloc, which is memalign there), 0 to none. */
    void *m24 = memalign(unseen(24), 8), *a3 = aligned_alloc(unseen(3), 8), *m0 = memalign(unseen(0), 8);
    EXPECT(m24 && ((uintptr_t)m24 & 31) == 0, "memalign(24, 8): %p, want a 32-aligned block", m24);
    EXPECT(a3 && ((uintptr_t)a3 & 3) == 0, "aligned_alloc(3, 8): %p, want a 4-aligned block", a3);
    EXPECT(m0 != NULL, "memalign(0, 8) gave NULL (errno %d)", errno);
    free(m24);
    free(a3);
    free(m0);
    errno = 0;
    EXPECT(memalign(unseen(SIZE_MAX / 2 + 2), 8) == NULL && errno == EINVAL, "memalign(2^63 + 1) must be EINVAL");
    /* pvalloc rounds the size up to whole pages, so 0 stays a minimum block. */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *pv0 = pvalloc(0), *pv10 = pvalloc(10);
    EXPECT(pv0 && ((uintptr_t)pv0 & (page - 1)) == 0 && malloc_usable_size(pv0) < page,
           "pvalloc(0): %p, usable %zu, want a page-aligned minimum block", pv0, pv0 ? malloc_usable_size(pv0) : 0);
    EXPECT(pv10 && ((uintptr_t)pv10 & (page - 1)) == 0 && malloc_usable_size(pv10) >= page,
           "pvalloc(10): %p, want a page-aligned page", pv10);
    free(pv0);
    free(pv10);
}

/* Blocks of random sizes, each filled with a byte its owner checks before freeing it. */
static void *churn(void *arg)
{
    uint64_t s = (uint64_t)(uintptr_t)arg * 0x9e3779b97f4a7c15u + 1;
    unsigned char *slot[64] = {0};
    size_t len[64] = {0};
    for (int i = 0; i < 20000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        size_t k = s % 64;
        if (slot[k]) {
            for (size_t j = 0; j < len[k]; j++)
                if (slot[k][j] != (unsigned char)k)
                    return (void *)1;
            free(slot[k]);
            slot[k] = NULL;
        } else {
            len[k] = 1 + (s >> 20) % 3000;
            if (!(slot[k] = malloc(len[k])))
                return (void *)1;
            memset(slot[k], (int)k, len[k]);
        }
    }
    for (size_t k = 0; k < 64; k++)
        free(slot[k]);
    return NULL;
}

/* Threads churn while the main thread forks: the child must be able to allocate. */
static void check_threads_and_fork(void)
{
    pthread_t t[4];
    for (uintptr_t i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, churn, (void *)(i + 1));
    for (int f = 0; f < 20; f++) {
        pid_t pid = fork();
        if (pid == 0) {
            alarm(10); /* a heap lock inherited locked would hang here */
            void *p = malloc(1000);
            _exit(p && churn((void *)99) == NULL ? 0 : 1);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "forked child %d failed (status %#x)", f, status);
    }
    for (int i = 0; i < 4; i++) {
        void *bad = NULL;
        pthread_join(t[i], &bad);
        EXPECT(bad == NULL, "thread %d saw a block change under it", i);
    }
}

int main(int argc, char **argv)
{
    int status = run_single_mode(argc, argv);
    if (status >= 0)
        return status;
    if (argc > 1) {
        /* Buffered when stdout is a file or a pipe: the shim must write it out
         * before it aborts. First: its buffer then lies before the blocks below. */
        printf("probe: the last line before mode '%s'\n", argv[1]);
        /* volatile: these bugs are planted; the compiler must not see them */
        char *volatile p = malloc(64);
        const char *what; /* the misuse, named if it goes unnoticed */
        if (strcmp(argv[1], "double-free") == 0) {
            what = "the second free of a block";
            if (argc > 2)
                putenv(argv[2]); /* read by the debug library at its report */
            free(p);
            free(p);
        } else if (strcmp(argv[1], "bad-free") == 0) {
            char *volatile inside = p + 16;
            what = "the free of a pointer inside a block";
            free(inside);
        } else if (strcmp(argv[1], "bad-realloc") == 0) {
            char *volatile inside = p + 16;
            what = "the realloc of a pointer inside a block";
            p = realloc(inside, 100);
        } else if (strcmp(argv[1], "bad-usable-size") == 0) {
            char *volatile inside = p + 16;
            what = "the malloc_usable_size of a pointer inside a block";
            fprintf(stderr, "probe: usable size %zu\n", malloc_usable_size(inside));
        } else if (strcmp(argv[1], "overflow") == 0) {
            what = "an overflow into the next block's header, then malloc and free";
            char *volatile next = malloc(64);
            memset(p, 'A', malloc_usable_size(p) + 8);
            char *volatile other = malloc(100);
            free(p);
            free(other);
            free(next);
        } else if (strcmp(argv[1], "trim-overflow") == 0) {
            what = "an overflow into a free block's header, then malloc_trim";
            char *volatile next = malloc(64);
            free(next);
            memset(p, 'A', malloc_usable_size(p) + 8);
            malloc_trim(0);
        } else if (strcmp(argv[1], "exit-overflow") == 0) {
            what = "an overflow into a free block's header, then exit";
            char *volatile next = malloc(64);
            free(next);
            memset(p, 'A', malloc_usable_size(p) + 8);
            exit(0);
        } else {
            fprintf(stderr, "probe: unknown mode '%s' (double-free, bad-free, bad-realloc, bad-usable-size, overflow, "
                            "trim-overflow, exit-overflow, hold-one, record, record-fork, record-fork-unhandled, record-exec PATH, "
                            "record-execveat PATH, record-unfinished, record-exit-in-handler, record-exit-in-call, "
                            "close-fds PATH, first-fd, count-fds)\n", argv[1]);
            return 2;
        }
        fprintf(stderr, "probe: %s (mode '%s') went unnoticed\n", what, argv[1]);
        return 1;
    }
    check_interposed();
    check_libc_names();
    check_cache_setting();
    check_sizes();
    check_realloc();
    check_alignment();
    check_trim();
    check_mallinfo();
    check_mallinfo_clamps();
    check_malloc_stats_and_info();
    check_threads_and_fork();
    if (failures)
        return 1;
    printf("probe: ok\n");
    return 0;
}
