/*
 * os.c - the only place that talks to the kernel: mappings and randomness.
 */
#include "internal.h"

#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Atomic: threads creating heaps at once all ask first (the value they
 * write is the same, but a plain write beside a read is a data race). */
size_t hl_os_page(void)
{
    static _Atomic size_t page;
    size_t known = atomic_load_explicit(&page, memory_order_relaxed);
    if (!known) {
        long n = sysconf(_SC_PAGESIZE);
        known = n > 0 ? (size_t)n : 4096;
        atomic_store_explicit(&page, known, memory_order_relaxed);
    }
    return known;
}

/* A fresh zeroed read-write mapping, or NULL with errno = ENOMEM. */
void *hl_os_map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        errno = ENOMEM;
        return NULL;
    }
    return p;
}

void hl_os_unmap(void *p, size_t size)
{
    /* Shadow memory outlives the mapping: leave it clean for whoever maps next. */
    hl_track_release(p, size);
    munmap(p, size);
}

/* Whether the page at a is mapped: 1 yes, 0 no, -1 the kernel will not say.
 * ENOMEM is the only answer that means "not mapped"; any other failure is a
 * refusal (a seccomp sandbox such as man-db's makes mincore fail with ENOSYS),
 * so msync, which also reports unmapped pages as ENOMEM, is asked instead. */
static int hl_os_page_mapped(uintptr_t a, size_t page)
{
    unsigned char vec[1];
    if (mincore((void *)a, page, vec) == 0)
        return 1;
    if (errno == ENOMEM)
        return 0;
    if (msync((void *)a, page, MS_ASYNC) == 0)
        return 1;
    return errno == ENOMEM ? 0 : -1;
}

/* Nonzero if every page of [p, p+len) is mapped; lets the checker follow a
 * region link without faulting on a corrupted one. Where neither mincore
 * nor msync may be called, the range is taken as mapped: a checker that
 * called a healthy heap damaged would be worse than one that can fault on a
 * region link already damaged. errno is left as it was. */
int hl_os_is_mapped(const void *p, size_t len)
{
    size_t page = hl_os_page();
    uintptr_t start = (uintptr_t)p & ~(uintptr_t)(page - 1);
    uintptr_t end = (uintptr_t)p + len;
    int saved = errno, mapped = 1;
    if (len == 0 || end < (uintptr_t)p)
        return 0;
    for (uintptr_t a = start; a < end && mapped; a += page)
        mapped = hl_os_page_mapped(a, page) != 0;
    errno = saved;
    return mapped;
}

/* Bytes of the page-aligned range [p, p+len) that are resident (backed by
 * memory now), so halloc_trim counts what it really hands back. If the
 * kernel cannot say, every page counts. */
size_t hl_os_resident(const void *p, size_t len)
{
    size_t page = hl_os_page(), bytes = 0;
    unsigned char vec[256];
    for (size_t done = 0; done < len;) {
        size_t span = len - done < sizeof vec * page ? len - done : sizeof vec * page;
        if (mincore((char *)(uintptr_t)p + done, span, vec) != 0)
            return len;
        for (size_t i = 0; i < span / page; i++)
            bytes += (vec[i] & 1) ? page : 0;
        done += span;
    }
    return bytes;
}

static uint64_t hl_mix64(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/* Per-heap key for the chunk check values. Falls back to address and clock
 * mixing when getrandom is unavailable: weaker against an attacker, equally
 * good at catching accidental overwrites. */
uint64_t hl_os_secret(const void *salt)
{
    uint64_t s = 0;
    if (getrandom(&s, sizeof s, GRND_NONBLOCK) == (ssize_t)sizeof s && s != 0)
        return s;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    s = hl_mix64((uint64_t)(uintptr_t)salt ^ (uint64_t)ts.tv_nsec);
    s = hl_mix64(s ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&s);
    return s ? s : UINT64_C(0x5eed);
}
