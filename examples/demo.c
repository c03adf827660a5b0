/*
 * demo.c - the classic API the way a user would call it: an int, an array,
 * a string, then a realloc that keeps the content.
 */
#include "heap.h" /* the classic header name; halloc.h works too */

#include <stdio.h>
#include <string.h>

static int fail(const char *what)
{
    perror(what);
    return 1;
}

int main(void)
{
    if (hinit(64 * 1024) != 0)
        return fail("hinit");

    int *a = halloc(sizeof *a);
    if (!a)
        return fail("halloc int");
    *a = 42;
    printf("a = %d\n", *a);

    int *b = halloc(10 * sizeof *b);
    if (!b)
        return fail("halloc array");
    for (int i = 0; i < 10; i++)
        b[i] = i * i;
    printf("b:");
    for (int i = 0; i < 10; i++)
        printf(" %d", b[i]);
    printf("\n");

    const char *text = "custom heap allocator";
    char *c = halloc(strlen(text) + 1);
    if (!c)
        return fail("halloc string");
    strcpy(c, text);
    printf("c = %s\n", c);

    int *grown = hrealloc(b, 1000 * sizeof *grown);
    if (!grown)
        return fail("hrealloc");
    for (int i = 0; i < 10; i++)
        if (grown[i] != i * i) {
            fprintf(stderr, "hrealloc lost element %d\n", i);
            return 1;
        }
    printf("re-allocation successful\n");

    hfree(a);
    hfree(grown);
    hfree(c);
    if (hcheck() != 0)
        return 1;
    hfini();
    return 0;
}
