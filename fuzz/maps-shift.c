/*
 * maps-shift.c - where the heap lands. An allocator that aligns a block by
 * its offset in the heap, not by its address, is right only while the heap's
 * start is aligned that much, and one process maps every input's heap at one
 * address (aligned to a megabyte and more under ASan), so a run never shows
 * that or always does. Each input places each anonymous mapping create()
 * makes (none: the first after it) 0 to SHIFT_PAGES - 1 pages above a
 * boundary of SHIFT_ALIGN, the pages chosen by its ops. Counted from the
 * boundary, not from where the kernel put the mapping (which ASLR moves in
 * every process), every alignment up to SHIFT_ALIGN is the input's alone:
 * the same in every replay (one was misaligned in one replay, clean in the
 * next). maps.c's mmap asks here first.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness.h"
#include "maps.h"
#include "maps-state.h"

#define SHIFT_PAGES 8
/* A huge page: past the 32 KiB aligned ops ask, and the chunks allocators align their arenas to. */
#define SHIFT_ALIGN ((size_t)2 << 20)

/* The seed of how far up the next anonymous mapping goes, whether one is to move, whether
 * create() is under way (each of its mappings moves) and whether one moved; under the lock. */
static uint32_t shift_seed;
static int shift_armed, shift_creating, shift_moved;

uint32_t fuzz_maps_shift_wanted(const struct fuzz_op *ops, size_t count)
{
    uint32_t h = 2166136261u; /* FNV-1a over the ops' bytes; its low bits mix poorly: the top ones */
    for (size_t i = 0; i < count; i++) {
        const uint8_t b[4] = {ops[i].kind, ops[i].slot, (uint8_t)ops[i].arg, (uint8_t)(ops[i].arg >> 8)};
        for (int k = 0; k < 4; k++)
            h = (h ^ b[k]) * 16777619u;
    }
    return h;
}

/* The lead of the mapping being made, under the lock. Every mapping create() makes moves, each by a
 * number of its own: a heap whose first mapping is a small record and whose arena is the next (round
 * 20's decay heap, a 1 MiB chunk) kept its arena where the kernel put it, and a lead the same for both
 * moves an arena mapped right below the record by twice it, an even number of pages: an alignment of
 * blocks by their offset in the arena went unseen. */
static size_t shift_lead(void)
{
    size_t lead = (shift_seed >> 24) % SHIFT_PAGES * fuzz_page_size();
    shift_seed = (shift_seed ^ 0x9e3779b9u) * 16777619u;
    shift_moved = 1;
    shift_armed = shift_creating;
    return lead;
}

void fuzz_maps_shift(uint32_t seed)
{
    fuzz_maps_lock();
    shift_seed = seed;
    shift_armed = shift_creating = 1;
    shift_moved = 0;
    fuzz_maps_unlock();
}

void fuzz_maps_shift_created(void)
{
    fuzz_maps_lock();
    shift_creating = 0;
    shift_armed = !shift_moved; /* create() mapped nothing: the first mapping after it moves */
    fuzz_maps_unlock();
}

long fuzz_maps_shift_map(const void *addr, size_t len, int prot, int flags)
{
    fuzz_maps_lock();
    int moves = shift_armed && !addr && (flags & MAP_ANONYMOUS) && !(flags & MAP_FIXED);
    size_t lead = moves ? shift_lead() : 0;
    fuzz_maps_unlock();
    size_t page = fuzz_page_size(), room = lead + SHIFT_ALIGN - page;
    /* A room that holds the mapping at its place; what is left of it given back. */
    long got = moves && len && len <= SIZE_MAX - room ? map_table_sys_mmap(NULL, len + room, prot, flags, -1, 0)
                                                      : -1;
    if (got == -1)
        return -1;
    uintptr_t start = (((uintptr_t)got + SHIFT_ALIGN - 1) & ~(uintptr_t)(SHIFT_ALIGN - 1)) + lead;
    uintptr_t end = start + ((len + page - 1) & ~(page - 1)), room_end = (uintptr_t)got + (end - start) + room;
    if (start != (uintptr_t)got)
        syscall(SYS_munmap, (void *)got, start - (uintptr_t)got);
    if (end != room_end)
        syscall(SYS_munmap, (void *)end, room_end - end);
    return (long)start;
}
