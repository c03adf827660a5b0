/*
 * cxx_consumer.cpp - a C++ program using the installed halloc.h (built by
 * tests/check-install.sh with clang++ -pedantic -Werror): the header's
 * extern "C" block must give C linkage to every function it declares, and
 * nothing in it may be C-only. Only C headers and no C++ runtime, so the
 * object links with the C compiler. Prints "ok", or what went wrong.
 */
#include <errno.h>
#include <halloc.h>
#include <halloc/heap.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what)
{
    printf("cxx_consumer: %s\n", what);
    return 1;
}

int main()
{
    halloc_config config = halloc_default_config();
    config.initial_size = 1 << 20;
    halloc_heap *h = halloc_create_ex(&config);
    if (!h)
        return fail("halloc_create_ex failed");
    char *p = static_cast<char *>(halloc_malloc(h, 100));
    if (!p || halloc_usable_size(h, p) < 100)
        return fail("halloc_malloc(100) gave no block of 100 bytes");
    memset(p, 'x', 100);
    halloc_report report;
    if (halloc_check(h, &report) != 0)
        return fail(report.message);
    if (halloc_free(h, p) != 0)
        return fail("halloc_free of a live block failed");
    errno = 0;
    if (halloc_free(h, p) != -1 || errno != EALREADY)
        return fail("a double free was not EALREADY");
    halloc_destroy(h);
    if (hinit(1 << 16) != 0)
        return fail("hinit failed");
    void *q = halloc(32);
    if (!q)
        return fail("halloc(32) failed");
    hfree(q);
    puts("ok");
    return 0;
}
