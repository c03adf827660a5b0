/*
 * ram.h - this machine's memory, for the warnings of the tools that would
 * be killed without a word (OOM) past it: verify-traces before it replays a
 * trace whose live bytes it cannot hold, bench (trace_warn_if_big) before it
 * reads a trace too big to hold.
 */
#ifndef BENCH_RAM_H
#define BENCH_RAM_H

#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

/* The machine's physical memory in bytes, 0 when unknown. All of it, not
 * what is free now: free memory moves by the second (the page cache counts
 * as used), and a warning that came and went between two runs of the same
 * trace would be noise. */
static inline size_t machine_ram_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0 || (size_t)pages > SIZE_MAX / (size_t)page)
        return 0;
    return (size_t)pages * (size_t)page;
}

/* Whether ram bytes (machine_ram_bytes; 0: unknown, taken as enough) hold
 * live bytes of blocks each written and checked under ASan, whose shadow
 * and the replay's own tables add half as much again: a 4 GiB block took
 * 6.3 GB. Past it verify-traces is killed (OOM) without a word. */
static inline int ram_holds_live(size_t ram, size_t live)
{
    return ram == 0 || live <= ram / 3 * 2;
}

#endif /* BENCH_RAM_H */
