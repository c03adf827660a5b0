/*
 * map-limit.c - make check-preload: under an address-space limit (ulimit -v)
 * with room for 400 MiB more, a 300 MiB block is taken, then 20 MiB of small
 * ones. glibc serves them all; the shim once asked for a region twice the
 * last (600 MiB), was refused, and failed them (Python's MemoryError) though
 * the limit had room. Prints "small blocks: N of 20000"; exit 0 if all came.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

/* Bytes of address space this process holds now (the limit counts them too:
 * the loader's and libc's mappings, and a sanitizer's shadow if any). */
static size_t address_space_now(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%lu", &pages) != 1)
        pages = 0;
    if (f)
        fclose(f);
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

int main(void)
{
    size_t now = address_space_now();
    struct rlimit limit = {now + ((size_t)400 << 20), now + ((size_t)400 << 20)};
    if (now == 0 || setrlimit(RLIMIT_AS, &limit) != 0) {
        perror("map-limit: cannot read /proc/self/statm or set RLIMIT_AS");
        return 2;
    }
    void *volatile big = malloc((size_t)300 << 20);
    if (!big) {
        printf("the 300 MiB block failed (errno %d)\n", errno);
        return 1;
    }
    int n = 0;
    void *volatile small; /* stored: a block only tested against NULL may not be asked for (clang) */
    while (n < 20000 && (small = malloc(1000)) != NULL)
        n++;
    printf("small blocks: %d of 20000\n", n);
    return n < 20000;
}
