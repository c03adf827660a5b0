/*
 * valgrind_probe.c - one user mistake per mode, for tests/check-valgrind.sh:
 * linked with build/valgrind/libhalloc.a (-DHALLOC_VALGRIND=1), memcheck must
 * report each on the halloc heap as it would on malloc's; "clean" must be
 * reported clean. Not a Criterion test: memcheck judges it from outside.
 *
 *   valgrind_probe clean | overflow | underflow | use-after-free | uninitialised | leak
 *                  | stale-after-move | lost-seal
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "halloc.h"
#include "internal.h" /* struct halloc_heap: where its seal is */

/* A block that realloc grows down over the free chunk in front of it
 * (allocator/realloc.c), from 300 to 400 bytes; *old: where it was. NULL if
 * it did not move there: the modes using it would then prove nothing. */
static unsigned char *grown_down(halloc_heap *h, unsigned char **old)
{
    unsigned char *front = halloc_malloc(h, 200), *p = halloc_malloc(h, 300);
    if (!front || !p || !halloc_malloc(h, 50))
        return NULL;
    memset(p, 5, 300);
    halloc_free(h, front);
    *old = p;
    unsigned char *q = halloc_realloc(h, p, 400);
    return q == front ? q : NULL;
}

/* What a program does all day: every call, a grown region, a trim, a buffer
 * heap, the usable bytes past a request; every byte it reads it wrote or
 * asked calloc to zero. */
static int clean(void)
{
    static _Alignas(16) unsigned char buffer[16 * 1024];
    halloc_heap *h = halloc_create(64 * 1024);
    halloc_heap *b = halloc_create_in(buffer, sizeof buffer, 0);
    if (!h || !b)
        return 1;
    unsigned sum = 0;
    void *keep[64];
    for (int i = 0; i < 64; i++) {
        keep[i] = halloc_malloc(h, 100 + 37 * (size_t)i);
        memset(keep[i], i, 100);
    }
    unsigned char *z = halloc_calloc(h, 10, 10);
    unsigned char *a = halloc_aligned_alloc(h, 256, 40);
    unsigned char *r = halloc_malloc(h, 16);
    memset(r, 7, 16);
    r = halloc_realloc(h, r, 5000);
    unsigned char *big = halloc_malloc(h, 200 * 1024); /* a region of its own */
    unsigned char *in_buffer = halloc_malloc(b, 1000);
    unsigned char *odd = halloc_malloc(h, 20);
    halloc_heap *d = halloc_create(64 * 1024);
    unsigned char *old, *down = d ? grown_down(d, &old) : NULL;
    if (!z || !a || !r || !big || !in_buffer || !odd || !down)
        return 1;
    memset(down + 300, 6, 100);
    sum += down[0] + down[299] + down[399];
    halloc_destroy(d);
    /* The usable bytes past the request are the program's too. */
    size_t odd_usable = halloc_usable_size(h, odd);
    memset(odd, 4, odd_usable);
    sum += odd[odd_usable - 1];
    memset(a, 1, 40);
    memset(big, 2, 200 * 1024);
    memset(in_buffer, 3, 1000);
    for (int i = 0; i < 100; i++)
        sum += z[i] + r[i % 16];
    sum += a[39] + big[200 * 1024 - 1] + in_buffer[999];
    for (int i = 0; i < 64; i += 2)
        halloc_free(h, keep[i]);
    halloc_trim(h, NULL);
    for (int i = 1; i < 64; i += 2)
        sum += ((unsigned char *)keep[i])[99];
    halloc_free(h, big); /* its region is unmapped */
    halloc_free(b, in_buffer);
    halloc_free(h, odd);
    halloc_destroy(h);
    halloc_destroy(b);
    printf("clean: %u\n", sum);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "clean") == 0)
        return clean();
    halloc_heap *h = halloc_create(64 * 1024);
    unsigned char *p = h ? halloc_malloc(h, 24) : NULL;
    if (!p)
        return 1;
    size_t usable = halloc_usable_size(h, p);
    if (strcmp(mode, "overflow") == 0) {
        /* The block the overflow lands in; only the heap knows it, and
         * destroy must end it though its header is damaged. */
        if (!halloc_malloc(h, 24))
            return 1;
        memset(p, 1, usable);
        p[usable] = 1; /* the next chunk's header */
    } else if (strcmp(mode, "underflow") == 0) {
        p[-17] = 1; /* below the first block's 16-byte header: the heap's own bookkeeping */
    } else if (strcmp(mode, "use-after-free") == 0) {
        p[0] = 1;
        halloc_free(h, p);
        printf("%d\n", p[0]);
    } else if (strcmp(mode, "uninitialised") == 0) {
        if (p[3] == 42) /* malloc'd, never written */
            puts("42");
    } else if (strcmp(mode, "stale-after-move") == 0) {
        unsigned char *old, *down = grown_down(h, &old);
        if (!down)
            return 1;
        printf("%d\n", old[299]); /* past the moved block's end: free memory now */
    } else if (strcmp(mode, "lost-seal") == 0) {
        /* The heap's seal damaged: destroy unmaps nothing it cannot vouch
         * for (ENOTRECOVERABLE), but every block and the heap struct end
         * to memcheck: nothing is left in use. */
        ((unsigned char *)h)[offsetof(struct halloc_heap, seal)] ^= 0x55;
        errno = 0;
        halloc_destroy(h);
        return errno == ENOTRECOVERABLE ? 0 : 3; /* 3: the damage was not seen */
    } else if (strcmp(mode, "leak") == 0) {
        p = NULL; /* the only pointer to the block: lost, heap not destroyed */
        return 0;
    } else {
        fprintf(stderr, "usage: %s clean|overflow|underflow|use-after-free|uninitialised|leak|"
                        "stale-after-move|lost-seal\n", argv[0]);
        return 2;
    }
    halloc_destroy(h);
    return 0;
}
