/*
 * map-table.c - the table of the allocator's mappings that maps.c keeps
 * (map-table.h). Lookups search by halves. An insert or a removal moves the
 * spans on its shorter side by one, into the room kept below and above them;
 * when the side it needs has none, the spans move to the middle again, and
 * the memory doubles first when they fill half of it, so an insert costs
 * the same on average whatever the table holds. The memory is never given
 * back: a process keeps room for the most spans it ever held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "map-table.h"

/* ILP32 kernels (i386, 32-bit ARM) take the offset in 4096-byte units
 * through mmap2 (their SYS_mmap wants a pointer to its arguments on i386),
 * and off_t is 64 bits there (_FILE_OFFSET_BITS). */
long map_table_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
#ifdef SYS_mmap2
    if (offset % 4096) {
        errno = EINVAL;
        return -1;
    }
    return syscall(SYS_mmap2, addr, len, prot, flags, fd, (long)(offset / 4096));
#else
    return syscall(SYS_mmap, addr, len, prot, flags, fd, offset);
#endif
}

size_t map_table_first_after(const struct map_table *t, uintptr_t at)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->span[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Twice the memory (a page at first), by mremap, which moves it if it must;
 * 0 if the kernel refused. */
static int grow(struct map_table *t)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), old = t->cap * sizeof t->base[0];
    old = (old + page - 1) / page * page;
    size_t bytes = old ? 2 * old : page, head = t->span ? (size_t)(t->span - t->base) : 0;
    long got = old ? syscall(SYS_mremap, t->base, old, bytes, MREMAP_MAYMOVE)
                   : map_table_sys_mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (got == -1 || bytes < old)
        return 0;
    t->base = (struct map_span *)got;
    t->span = t->base + head;
    t->cap = bytes / sizeof t->base[0];
    return 1;
}

/* The spans moved to the middle of the memory, doubled first if they would
 * fill over half of it: room below and above them for a quarter of it. */
static int recentre(struct map_table *t)
{
    if (2 * (t->count + 2) > t->cap && !grow(t))
        return 0;
    struct map_span *to = t->base + (t->cap - t->count) / 2;
    if (t->count)
        memmove(to, t->span, t->count * sizeof to[0]);
    t->span = to;
    return 1;
}

/* A free slot at span[i], those below it moved down or those from i up
 * moved up (the fewer); NULL, and the table lost, if it had no room and the
 * kernel gave it none. */
static struct map_span *open_slot(struct map_table *t, size_t i)
{
    int down = i < t->count - i;
    size_t below = t->span ? (size_t)(t->span - t->base) : 0, above = t->cap - below - t->count;
    if ((down ? below : above) == 0 && !recentre(t)) {
        t->lost = 1;
        return NULL;
    }
    if (down) {
        memmove(t->span - 1, t->span, i * sizeof t->span[0]);
        t->span--;
    } else {
        memmove(t->span + i + 1, t->span + i, (t->count - i) * sizeof t->span[0]);
    }
    t->count++;
    return &t->span[i];
}

/* span[i] taken out, those below it moved up or those above moved down. */
static void close_slot(struct map_table *t, size_t i)
{
    if (i < t->count - 1 - i) {
        memmove(t->span + 1, t->span, i * sizeof t->span[0]);
        t->span++;
    } else {
        memmove(t->span + i, t->span + i + 1, (t->count - 1 - i) * sizeof t->span[0]);
    }
    t->count--;
}

void map_table_remove(struct map_table *t, uintptr_t start, uintptr_t end)
{
    for (size_t i = map_table_first_after(t, start); i < t->count && t->span[i].start < end;) {
        struct map_span s = t->span[i];
        if (s.start < start && s.end > end) { /* a hole in the middle: two spans */
            struct map_span *upper = open_slot(t, i + 1);
            if (upper) {
                *upper = s, upper->start = end, upper->offset += end - s.start;
                t->span[i].end = start;
            }
            return;
        }
        if (s.start < start)
            t->span[i++].end = start;
        else if (s.end > end)
            t->span[i].start = end, t->span[i].offset += end - s.start;
        else
            close_slot(t, i);
    }
}

void map_table_add(struct map_table *t, const struct map_span *s)
{
    map_table_remove(t, s->start, s->end);
    struct map_span *slot = open_slot(t, map_table_first_after(t, s->start));
    if (slot)
        *slot = *s;
}
