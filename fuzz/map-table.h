/*
 * map-table.h - the mappings the allocator made, as maps.c keeps them: spans
 * sorted by address and disjoint. Each mapping stays a span of its own, also
 * beside one it touches (an munmap a page too long then cuts into that
 * neighbour, which is what maps.c must see), and an unmap cuts a span down,
 * splits it, or takes it. The table does no locking: maps.c holds its lock.
 */
#ifndef FUZZ_MAP_TABLE_H
#define FUZZ_MAP_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct fuzz_ctx; /* harness.h: the run a span was mapped in */

struct map_span {
    uintptr_t start, end; /* [start, end), end > start */
    unsigned run;         /* the run that mapped it (0: none was running)... */
    size_t op;            /* ...the op running then (nops: in a phase)... */
    const char *phase;    /* ...the phase, if any... */
    const struct fuzz_ctx *by; /* ...and the context whose op or phase that is (a threaded run's thread) */
    int reserved;         /* mapped PROT_NONE: address space reserved, for mprotect to open page by page */
    size_t mapped_at;     /* fuzz_maps_mapped() just before it was mapped: a call that read more came after */
    int moved;            /* made by mremap: its pages keep the bytes they held, where an mmap's are new */
    int fd;               /* a shared file mapping's descriptor, its file's offset at start; else -1 */
    uint64_t offset;
};

/* All zero is an empty table. It grows as spans come, in memory of its own
 * from the kernel (not malloc, the allocator under test, nor the harness's
 * mmap, which would enter the table again): base[0..cap), the spans in the
 * middle of it, so that a span added below all the others (an allocator
 * whose mappings the kernel places downward) or above them moves none. */
struct map_table {
    struct map_span *span; /* span[0..count): sorted, disjoint */
    size_t count;
    int lost; /* the kernel refused the table memory: it no longer says what is mapped */
    struct map_span *base;
    size_t cap;
};

/* The first span ending after `at` (t->count if none): the one holding `at`
 * if any holds it, else the next above it. */
size_t map_table_first_after(const struct map_table *t, uintptr_t at);

/* [s->start, s->end) is mapped anew: what the table held there goes (a
 * MAP_FIXED mapping replaces what it lands on), and s is a span of its own. */
void map_table_add(struct map_table *t, const struct map_span *s);

/* [start, end) is unmapped: the spans it covers go, those it cuts keep the
 * rest (one it lies inside becomes two). */
void map_table_remove(struct map_table *t, uintptr_t start, uintptr_t end);

/* The kernel's mmap, for the table's memory and maps.c's own mmap: -1 and
 * errno if it refused, else the address. */
long map_table_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);

#endif /* FUZZ_MAP_TABLE_H */
