/*
 * maps-state.h - what maps.c (the mapping calls, which record),
 * maps-shift.c (where create()'s mappings land) and maps-report.c and
 * maps-discards.c (what reports ask of the records) share. Only those
 * include it: the rest of the harness asks through maps.h.
 */
#ifndef FUZZ_MAPS_STATE_H
#define FUZZ_MAPS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "map-table.h"

struct fuzz_ctx;

extern struct map_table fuzz_maps_table; /* guarded by fuzz_maps_table_lock */
extern volatile int fuzz_maps_table_lock; /* a library's thread may map at the same time */
extern unsigned fuzz_maps_run;            /* runs since the process started */
extern uintptr_t fuzz_maps_first_break;   /* the program break the first run found: an sbrk heap lies above it */

/* This run's latest unmaps: an munmap that meets a gap is often the second
 * one of that memory, and the first (a page freed out of the middle of a
 * chunk still in use, a block unmapped twice) is where the bug is. */
#define RECENT_UNMAPS 32
struct unmapped {
    uintptr_t start, end;
    size_t len, op;       /* the call's length; the op running (nops: a phase) */
    const char *phase;
    int freeing;          /* 1 + the slot being freed, else 0 */
    uintptr_t addr;       /* the call's address (an mremap's old one)... */
    uintptr_t moved_to;   /* ...an mremap's: where it moved the memory (0: shrank it in place); else 0... */
    size_t new_len;       /* ...and its new length; 0: an munmap */
    const struct fuzz_ctx *by; /* the run, or in a threaded one the thread, whose op or phase made it */
    uintptr_t own_start;  /* an munmap's largest piece that the same op had mapped itself (own_len 0: none): */
    size_t own_len;       /* a pool a refused call grew by and gave back (oracle_spurious_oom) */
};
extern struct unmapped fuzz_maps_recent[RECENT_UNMAPS];
extern size_t fuzz_maps_nrecent; /* ever recorded in this run; fuzz_maps_recent keeps the last */

/* This run's latest madvise calls that dropped pages' contents: a report
 * names the last, or the latest over a block's bytes when that one came
 * before the ops it lists (links a trim dropped, read back ops later). */
#define RECENT_DISCARDS 64
struct discarded {
    uintptr_t start, end;
    size_t len, op; /* the call's length; the op running (nops: a phase) */
    const char *phase, *advice;
};
extern struct discarded fuzz_maps_discards[RECENT_DISCARDS];
extern size_t fuzz_maps_ndiscards; /* ever recorded in this run; fuzz_maps_discards keeps the last */

/* maps.c: whether the running op may give block SLOT back now (freed, or moved by a realloc): an
 * munmap or madvise may take its bytes. */
int fuzz_maps_being_released(const struct fuzz_ctx *c, unsigned slot);

/* This run's latest mmap calls that mapped over a page showing a shared file: the pages [start, end)
 * showed the file at fd from offset until then. A page left on a file page every other address gave up
 * (a remap that should have moved it too) is named by the call that took the last other one away. */
#define RECENT_LEFT 64
struct left_file {
    uintptr_t start, end;
    int fd;
    uint64_t offset;
    size_t op; /* the op running (nops: a phase) */
    const char *phase;
};
extern struct left_file fuzz_maps_left[RECENT_LEFT];
extern size_t fuzz_maps_nleft; /* ever recorded in this run; fuzz_maps_left keeps the last */

/* maps.c: whether a call recorded in phase (NULL: at op) was made in the op or phase under way, not
 * before it. */
int fuzz_maps_made_in_op_under_way(const struct fuzz_ctx *c, const char *phase, size_t op);

/* maps-shift.c: mmap's mapping of LEN bytes where fuzz_maps_shift places it, if create() makes
 * it anonymous with no address asked; else, or if the kernel refuses the room that takes (an
 * address-space limit), -1: mmap maps it as asked. */
long fuzz_maps_shift_map(const void *addr, size_t len, int prot, int flags);

static inline void fuzz_maps_lock(void)
{
    while (__atomic_test_and_set(&fuzz_maps_table_lock, __ATOMIC_ACQUIRE))
        continue;
}
/* 1 with the lock taken, or 0 at once if it is held: for a crash handler,
 * which must not wait (the fault may have come inside a mapping call that
 * holds it). */
static inline int fuzz_maps_trylock(void) { return !__atomic_test_and_set(&fuzz_maps_table_lock, __ATOMIC_ACQUIRE); }
static inline void fuzz_maps_unlock(void) { __atomic_clear(&fuzz_maps_table_lock, __ATOMIC_RELEASE); }

#endif /* FUZZ_MAPS_STATE_H */
