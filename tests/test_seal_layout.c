/*
 * test_seal_layout.c - region 0's first chunk offset (first0) is checked on
 * entry to every call, with the heap's seal (allocator/seal.h): every lookup
 * bounds a pointer or a list link with it, so a first0 moved up by a stray
 * write moved region 0's window past its end, and a free of a pointer
 * beyond region 0 read there (a fault, where that memory is not mapped)
 * before any check said the heap was damaged. test_seals.c has the other
 * sealed fields; this file is apart because that one is full.
 *
 * Each test opens the books (hl_books_open) before it damages the heap, as a
 * stray write would not, so that it runs under ASan and memcheck too. The
 * debug library aborts at the first damaged call: tests/build.mk leaves this
 * file out of its run (UNIT_CORRUPTING).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h"

#define BUFFER_PAGES 16

static unsigned char *mapping;
static size_t page;

/* A buffer heap of BUFFER_PAGES pages between two PROT_NONE pages: a read
 * past its end faults. */
static hl_heap *guarded_heap(void)
{
    page = (size_t)sysconf(_SC_PAGESIZE);
    mapping = mmap(NULL, (BUFFER_PAGES + 2) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(mapping != MAP_FAILED);
    cr_assert_eq(mprotect(mapping, page, PROT_NONE), 0);
    cr_assert_eq(mprotect(mapping + (BUFFER_PAGES + 1) * page, page, PROT_NONE), 0);
    halloc_config c = halloc_default_config();
    c.thread_safe = 0;
    hl_heap *h = halloc_create_in_ex(mapping + page, BUFFER_PAGES * page, &c);
    cr_assert_not_null(h);
    cr_assert_eq((unsigned char *)h + h->region0.size, mapping + (BUFFER_PAGES + 1) * page,
                 "the heap should end at the guard page");
    return h;
}

static void assert_refused(hl_heap *h, int failed, const char *call)
{
    cr_assert(failed, "%s went ahead on a heap whose first chunk offset was overwritten", call);
    cr_assert_eq(errno, ENOTRECOVERABLE, "%s: errno %d, expected ENOTRECOVERABLE", call, errno);
    cr_assert_not_null(strstr(halloc_last_error(h), "bookkeeping"), "%s: %s", call, halloc_last_error(h));
}

/* first0 moved up a page: before the check, region 0's window reached a page
 * past its end, and this free read the guard page (SIGSEGV). */
Test(seal_layout, a_raised_first_chunk_offset_is_not_followed_past_region0)
{
    hl_heap *h = guarded_heap();
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    h->first0 += page;
    void *beyond = (unsigned char *)h + h->region0.size + 2 * HL_HEADER; /* in the guard page */
    errno = 0;
    assert_refused(h, halloc_free(h, beyond) == -1, "free of a pointer past region 0");
    errno = 0;
    assert_refused(h, halloc_usable_size(h, beyond) == 0, "usable_size of a pointer past region 0");
    errno = 0;
    assert_refused(h, halloc_realloc(h, beyond, 10) == NULL, "realloc of a pointer past region 0");
    errno = 0;
    assert_refused(h, halloc_owns(h, beyond, 1) == 0, "owns");
    errno = 0;
    assert_refused(h, halloc_free(h, p) == -1, "free of a live block");
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1);
    cr_assert_eq(rep.invariant, HALLOC_INV_HEAP_HEADER, "%s: %s", halloc_invariant_name(rep.invariant), rep.message);
    h->first0 -= page; /* repaired: the heap is as it was */
    cr_assert_eq(halloc_free(h, p), 0, "%s", halloc_last_error(h));
    cr_assert_eq(halloc_check(h, NULL), 0);
}

/* first0 moved down into the heap's struct: its window then takes in the
 * bookkeeping, which no call may take for chunks. */
Test(seal_layout, a_lowered_first_chunk_offset_is_refused_by_every_call)
{
    hl_heap *h = guarded_heap();
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_books_open(h);
    h->first0 -= 4 * HL_ALIGN;
    errno = 0;
    assert_refused(h, halloc_malloc(h, 10) == NULL, "malloc");
    errno = 0;
    assert_refused(h, halloc_free(h, p) == -1, "free");
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim");
    halloc_stats st;
    errno = 0;
    assert_refused(h, halloc_get_stats(h, &st) == -1, "get_stats");
}
