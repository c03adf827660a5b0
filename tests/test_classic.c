/* test_classic.c - the classic API over the default heap, and the demo. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h"

#ifndef HALLOC_DEMO_PATH
#error "build with -DHALLOC_DEMO_PATH=\"build/demo\" (tests/build.mk does)"
#endif

Test(classic, hinit_then_allocate_from_the_default_heap)
{
    cr_assert_eq(hinit(128 * KIB), 0, "hinit failed, errno %d", errno);
    halloc_heap *h = hdefault();
    cr_assert_not_null(h);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_geq(st.mapped, 128 * KIB);
    cr_assert_lt(st.mapped, 256 * KIB, "hinit's size must set the default heap's size");
    int *a = halloc(sizeof *a);
    cr_assert_not_null(a);
    *a = 42;
    cr_assert_geq(halloc_usable_size(h, a), sizeof *a, "halloc must use the default heap");
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 1);
    hfree(a);
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 0, "hfree must free in the default heap");
    cr_assert_eq(hcheck(), 0);
    hfini();
}

Test(classic, default_heap_is_created_on_first_use)
{
    void *p = halloc(100);
    cr_assert_not_null(p, "halloc without hinit must create the default heap");
    halloc_heap *h = hdefault();
    cr_assert_not_null(h);
    cr_assert_geq(halloc_usable_size(h, p), 100);
    errno = 0;
    cr_assert_eq(hinit(64 * KIB), -1, "the default heap already exists");
    cr_assert_eq(errno, EBUSY);
    hfree(p);
    hfini();
}

/* Each refusal says why in halloc_last_error(NULL), as a refused
 * halloc_create* does (they left an older call's message there). */
Test(classic, hinit_zero_and_twice)
{
    errno = 0;
    cr_assert_eq(hinit(0), -1);
    cr_assert_eq(errno, EINVAL);
    cr_assert(strstr(halloc_last_error(NULL), "hinit(0)"), "said: %s", halloc_last_error(NULL));
    cr_assert_eq(hinit(64 * KIB), 0, "a failed hinit must not leave a heap behind");
    errno = 0;
    cr_assert_eq(hinit(64 * KIB), -1);
    cr_assert_eq(errno, EBUSY);
    cr_assert(strstr(halloc_last_error(NULL), "already exists"), "said: %s", halloc_last_error(NULL));
    hfini();
    cr_assert_eq(hinit(64 * KIB), 0, "after hfini, hinit works again");
    hfini();
}

/* hfree of a block after hfini ended its heap: EINVAL, and the message
 * says there is no default heap, not "yet", and not to pass a heap. */
Test(classic, hfree_after_hfini_says_hfini_ended_the_heap)
{
    void *p = halloc(100);
    cr_assert_not_null(p);
    hfini();
    errno = 0;
    hfree(p);
    cr_assert_eq(errno, EINVAL);
    const char *said = halloc_last_error(NULL);
    cr_assert(strstr(said, "hfini ended it") && !strstr(said, "halloc_create"), "said: %s", said);
}

/* The default heap with a whole configuration: here the cache, seen in the stats. */
Test(classic, hinit_config_sets_the_default_heap_up)
{
    halloc_config c = halloc_default_config();
    c.cache_depth = HALLOC_CACHE_MAX_DEPTH + 1;
    errno = 0;
    cr_assert_eq(hinit_config(&c), -1, "a bad config must be refused");
    cr_assert_eq(errno, EINVAL);
    c.cache_depth = 4;
    cr_assert_eq(hinit_config(&c), 0, "errno %d", errno);
    void *keep = halloc(100), *p = halloc(100);
    cr_assert(keep && p);
    hfree(p);
    halloc_stats st = stats_of(hdefault());
    cr_assert_eq(st.chunks_cached, 1, "the default heap did not get the config's cache");
    errno = 0;
    cr_assert_eq(hinit_config(NULL), -1);
    cr_assert_eq(errno, EBUSY);
    hfree(keep);
    hfini();
}

Test(classic, hrealloc_and_hcalloc)
{
    cr_assert_eq(hinit(64 * KIB), 0);
    unsigned char *z = hcalloc(10, 10);
    cr_assert_not_null(z);
    for (size_t i = 0; i < 100; i++)
        cr_assert_eq(z[i], 0);
    pattern_fill(z, 100, 8);
    unsigned char *g = hrealloc(z, 2000);
    cr_assert_not_null(g);
    cr_assert(pattern_ok(g, 100, 8));
    cr_assert_geq(halloc_usable_size(hdefault(), g), 2000);
    cr_assert_null(hrealloc(g, 0), "hrealloc(p, 0) frees and returns NULL");
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(hdefault(), &st), 0);
    cr_assert_eq(st.chunks_used, 0);
    void *n = hrealloc(NULL, 50);
    cr_assert_not_null(n, "hrealloc(NULL, n) mallocs");
    errno = 0;
    cr_assert_null(halloc(0));
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_null(hcalloc(SIZE_MAX, 2));
    cr_assert_eq(errno, ENOMEM);
    hfree(n);
    hfree(NULL);
    cr_assert_eq(hcheck(), 0);
    hfini();
}

/* Runs fn with file descriptor fd redirected into a temporary file; returns
 * what fn wrote (free it). */
static char *capture(int fd, void (*fn)(void))
{
    FILE *tmp = tmpfile();
    cr_assert_not_null(tmp);
    fflush(stdout);
    fflush(stderr);
    int saved = dup(fd);
    cr_assert_geq(saved, 0);
    cr_assert_geq(dup2(fileno(tmp), fd), 0);
    fn();
    fflush(stdout);
    fflush(stderr);
    cr_assert_geq(dup2(saved, fd), 0);
    close(saved);
    cr_assert_eq(fseek(tmp, 0, SEEK_END), 0);
    long len = ftell(tmp);
    cr_assert_geq(len, 0);
    char *text = calloc((size_t)len + 1, 1);
    cr_assert_not_null(text);
    rewind(tmp);
    cr_assert_eq(fread(text, 1, (size_t)len, tmp), (size_t)len);
    fclose(tmp);
    return text;
}

Test(classic, hdump_prints_the_default_heap)
{
    cr_assert_eq(hinit(64 * KIB), 0);
    void *a = halloc(100), *b = halloc(200);
    cr_assert(a && b);
    hfree(a);
    char *text = capture(STDOUT_FILENO, hdump);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(hdefault(), &st), 0);
    cr_assert_eq(st.chunks_used + st.chunks_free, 3);
    size_t lines = 0;
    for (char *s = text; *s; s++)
        lines += *s == '\n';
    cr_assert_geq(lines, 3, "hdump printed %zu lines for 3 chunks:\n%s", lines, text);
    cr_assert_not_null(strstr(text, "free"), "hdump shows no free chunk:\n%s", text);
    free(text);
    hfree(b);
    hfini();
}

static int hcheck_rc;
static void run_hcheck(void)
{
    hcheck_rc = hcheck();
}

Test(classic, hcheck_passes_silently_and_reports_damage_on_stderr)
{
    cr_assert_eq(hinit(64 * KIB), 0);
    void *a = halloc(10), *b = halloc(10);
    cr_assert(a && b);
    char *text = capture(STDERR_FILENO, run_hcheck);
    cr_assert_eq(hcheck_rc, 0);
    cr_assert_str_empty(text, "a healthy heap printed: %s", text);
    free(text);
    hl_chunk *c = hl_chunk_from_payload(b);
    hl_poke((char *)c + HL_OFF_CHECK, hl_chunk_check_word(c) ^ 2);
    text = capture(STDERR_FILENO, run_hcheck);
    cr_assert_eq(hcheck_rc, -1, "hcheck missed a damaged header");
    cr_assert_not_null(strstr(text, halloc_invariant_name(HALLOC_INV_HEADER_CHECK)),
                       "hcheck's report does not name the invariant: %s", text);
    cr_assert_not_null(strstr(text, " at region 0 offset "), "a damaged header is not placed: %s", text);
    free(text);
    hfini();
}

/* A fault in no one chunk (a running counter) is not put at region 0
 * offset 0, where region 0's header is. */
Test(classic, hcheck_places_no_fault_that_has_no_place)
{
    cr_assert_eq(hinit(64 * KIB), 0);
    cr_assert_not_null(halloc(10));
    hl_heap *h = (hl_heap *)hdefault();
    hl_books_open(h);
    h->stats.chunks_used += 1;
    hl_books_close(h);
    char *text = capture(STDERR_FILENO, run_hcheck);
    cr_assert_eq(hcheck_rc, -1, "hcheck missed a counter off by one");
    char expected[64];
    snprintf(expected, sizeof expected, "halloc: hcheck: %s: ", halloc_invariant_name(HALLOC_INV_STATS));
    cr_assert_eq(strncmp(text, expected, strlen(expected)), 0, "expected '%s...', got: %s", expected, text);
    free(text);
    hfini();
}

static const char *const demo_expected =
    "a = 42\n"
    "b: 0 1 4 9 16 25 36 49 64 81\n"
    "c = custom heap allocator\n"
    "re-allocation successful\n";

Test(demo, prints_exactly_the_four_lines)
{
    cr_assert_eq(access(HALLOC_DEMO_PATH, X_OK), 0,
                 "%s is missing: run `make demo` first", HALLOC_DEMO_PATH);
    FILE *p = popen(HALLOC_DEMO_PATH, "r");
    cr_assert_not_null(p);
    char out[1024];
    size_t len = fread(out, 1, sizeof out - 1, p);
    out[len] = '\0';
    int status = pclose(p);
    cr_assert_eq(status, 0, "the demo exited with status %d", status);
    cr_assert_str_eq(out, demo_expected, "the demo printed:\n%s", out);
}
