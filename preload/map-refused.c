/*
 * map-refused.c - make check-preload: a program in which every anonymous
 * mmap fails with ENOMEM, as under a memory limit the shim's first region
 * does not fit in. Built with -rdynamic, its mmap64 stands in for libc's in
 * the shim too. The shim must say it cannot create the default heap, naming the
 * errno (not a bare number), and stop; "malloc returned" means it did not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t off)
{
    if (flags & MAP_ANONYMOUS) {
        errno = ENOMEM;
        return MAP_FAILED;
    }
    return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

/* The shim is built with 64-bit file offsets, so calls mmap64; mmap too,
 * whichever name a build links. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return mmap64(addr, len, prot, flags, fd, off);
}

int main(void)
{
    void *volatile p = malloc(64);
    printf("malloc returned %p\n", p);
    return 0;
}
