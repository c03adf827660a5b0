/*
 * buffer_consumer.c - make check-install: an embedded program's use of
 * halloc, a heap over a static buffer, built through pkg-config against the
 * installed debug library (halloc-debug). It overflows one block into the
 * next one's header, then allocates elsewhere: the plain library's malloc
 * never reads that header, while the debug library checks the whole heap
 * after the call and aborts with the report (tests/check-install.sh).
 */
#include <halloc.h>
#include <stdio.h>
#include <string.h>

static _Alignas(16) char arena[16 << 10];

int main(void)
{
    halloc_heap *h = halloc_create_in(arena, sizeof arena, 0);
    char *a = h ? halloc_malloc(h, 24) : NULL;
    char *b = h ? halloc_malloc(h, 24) : NULL;
    if (!a || !b) {
        perror("buffer_consumer: heap");
        return 2;
    }
    memset(a, 'A', (size_t)(b - a)); /* a's bytes and b's header */
    if (!halloc_malloc(h, 100)) {
        perror("buffer_consumer: malloc");
        return 2;
    }
    puts("unchecked");
    return 0;
}
