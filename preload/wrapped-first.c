/*
 * wrapped-first.c - make check-preload: a malloc wrapper ahead of the shim in
 * the lookup order (here the program itself, built with -rdynamic) defines
 * aligned_alloc and realloc, counts the calls made to them while armed and
 * passes them on to the shim through its __libc_ names. The program then
 * calls posix_memalign and reallocarray, which the wrapper leaves to the shim.
 * posix_memalign must run the shim's own code: called by name, aligned_alloc
 * came back to the wrapper, which counted one call twice, and a wrapper whose
 * aligned_alloc calls posix_memalign loops. reallocarray must call realloc by
 * name, as glibc's does, so that a replacement defining realloc alone serves it
 * (glibc's libc_malloc_debug.so): the wrapper sees that one call.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

void *__libc_memalign(size_t alignment, size_t size);
void *__libc_realloc(void *ptr, size_t size);

/* volatile: glibc declares posix_memalign and reallocarray leaf functions, which
 * promises they call nothing here; without it gcc dropped the stores around them. */
static volatile int armed, aligned_calls, realloc_calls;

void *aligned_alloc(size_t alignment, size_t size)
{
    aligned_calls += armed;
    return __libc_memalign(alignment, size);
}

void *realloc(void *ptr, size_t size)
{
    realloc_calls += armed;
    return __libc_realloc(ptr, size);
}

int main(void)
{
    void *aligned = NULL;
    armed = 1;
    int err = posix_memalign(&aligned, 64, 100);
    void *grown = reallocarray(NULL, 10, 8);
    armed = 0;
    if (err != 0 || !aligned || !grown) {
        printf("posix_memalign returned %d, reallocarray %p\n", err, grown);
        return 1;
    }
    free(aligned);
    free(grown);
    printf("calls to the wrapper: aligned_alloc %d, realloc %d\n", aligned_calls, realloc_calls);
    return 0;
}
