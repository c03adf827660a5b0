/* test_free_cost.c - the system calls a free of a big block makes.
 *
 * A freed block of release_min bytes or more gives its pages back at once
 * (madvise). Asking mincore first which of them were resident, 256 pages a
 * call, made every free of a 64 MiB block cost 64 calls and milliseconds,
 * for a count nobody read: make bench on a two-line trace that takes and
 * frees such a block (repeated until a million calls were timed) ran for
 * hours. Only halloc_trim, which reports the count, may ask.
 *
 * This file replaces mincore for the whole test binary, hence a file of its own. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "helpers.h"

/* mincore calls over more than one page; the checker's probes (the debug
 * build checks the heap after every call) ask one page at a time. */
static size_t long_queries;

/* The library's calls land here: the program's definition wins over libc's. */
int mincore(void *addr, size_t length, unsigned char *vec)
{
    if (length > (size_t)sysconf(_SC_PAGESIZE))
        long_queries++;
    return (int)syscall(SYS_mincore, addr, length, vec);
}

Test(free_cost, a_big_free_gives_its_pages_back_without_counting_them)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * 1024 * KIB; /* the block stays in region 0: released, not unmapped */
    c.thread_safe = 0;
    halloc_heap *h = heap_from(c);
    size_t len = 40 * 1024 * KIB, page = (size_t)sysconf(_SC_PAGESIZE);
    char *p = halloc_malloc(h, len), *keep = halloc_malloc(h, 100);
    cr_assert(p && keep);
    memset(p, 1, 1024 * KIB);
    long_queries = 0;
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert_eq(long_queries, 0, "free of a %zu-byte block asked mincore %zu times", len, long_queries);

    unsigned char vec[256];
    char *first = (char *)(((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1)) + page;
    cr_assert_eq(mincore(first, sizeof vec * page, vec), 0);
    for (size_t i = 0; i < sizeof vec; i++)
        cr_assert_eq(vec[i] & 1, 0, "page %zu of the freed block is still resident", i);

    long_queries = 0;
    size_t released = 0;
    cr_assert_eq(halloc_trim(h, &released), 0);
    cr_assert_gt(long_queries, 0, "halloc_trim's count did not come through this mincore: the test sees nothing");
    halloc_destroy(h);
}
