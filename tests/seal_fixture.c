/* seal_fixture.c - see seal_fixture.h. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "seal_fixture.h"

hl_heap *heap_of(size_t bytes, int grow)
{
    halloc_config c = halloc_default_config();
    c.initial_size = bytes;
    c.grow = grow;
    c.thread_safe = 0;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    return h;
}

hl_heap *grown_heap(void **in1, void **in2)
{
    hl_heap *h = heap_of(64 * KIB, 1);
    cr_assert_not_null(*in1 = halloc_malloc(h, 100 * KIB));
    cr_assert_not_null(*in2 = halloc_malloc(h, 300 * KIB));
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 3, "expected regions 0, 1 and 2");
    cr_assert_eq(hl_region_of(h, *in2), h->last);
    cr_assert(h->heads != h->heads_inline, "region 2 should have moved the table out of region 0");
    cr_assert_eq(halloc_check(h, NULL), 0);
    return h;
}

void assert_refused(hl_heap *h, int failed, const char *call, const char *says)
{
    cr_assert(failed, "%s went ahead on a heap with damaged bookkeeping", call);
    cr_assert_eq(errno, ENOTRECOVERABLE, "%s: errno %d, expected ENOTRECOVERABLE", call, errno);
    cr_assert_not_null(strstr(halloc_last_error(h), says), "%s: the message does not say \"%s\": %s", call, says,
                       halloc_last_error(h));
    /* Its end too: the message must fit the heap's buffer, not be cut off. */
    const char *said = halloc_last_error(h), *end = "the heap is broken";
    cr_assert(strlen(said) >= strlen(end) && strcmp(said + strlen(said) - strlen(end), end) == 0,
              "%s: the message is cut short: %s", call, said);
}

void assert_check_says(hl_heap *h, const char *says)
{
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "halloc_check passed a heap with damaged bookkeeping");
    cr_assert_eq(rep.invariant, HALLOC_INV_HEAP_HEADER, "expected heap-header, got %s: %s",
                 halloc_invariant_name(rep.invariant), rep.message);
    if (says)
        cr_assert_not_null(strstr(rep.message, says), "the report does not say \"%s\": %s", says, rep.message);
}
