/*
 * offset-place.c - a fault's address that is the start of the allocator's
 * mapping plus the low 32 bits of an address inside it: a heap that keeps
 * offsets from its base (one meant to be mapped at another address by
 * another process) given a pointer in their place (crash.c asks).
 */
#include <stdint.h>
#include <stdio.h>

#include "harness.h"
#include "maps.h"

/* How far past start + low32(start) the fault may lie: the offset's own
 * distance into the mapping, plus that of the record it was added to. */
static int pointer_taken_as_offset(uintptr_t fault, uintptr_t start, uintptr_t end)
{
    uintptr_t low = (uint32_t)start, len = end - start;
    return fault >= end && fault - start >= low && fault - start - low < 2 * len;
}

/* The mapping holding block k, if a fault at `fault` is that mapping's start
 * plus the low 32 bits of an address in it; 1 if said. */
static int print_if_offset_of(const struct fuzz_ctx *c, uintptr_t fault, const void *block, const char *which)
{
    uintptr_t start, end;
    size_t op;
    const char *phase;
    char made[FUZZ_OP_DESCRIPTION_MAX + 16];
    if (!block || !fuzz_maps_holding(block, &start, &end, &op, &phase) || !pointer_taken_as_offset(fault, start, end))
        return 0;
    fprintf(stderr, "  the fault's address %#jx is the start of the mapping [%#jx, +%zu) that holds %s (made %s) "
                    "plus %#jx, an address in that mapping cut to its low 32 bits: likely a pointer stored where "
                    "the heap keeps offsets from its base (a list link or head written as a pointer, cut to 32 "
                    "bits, in one path), then read back as an offset and added to the base\n",
            (uintmax_t)fault, (uintmax_t)start, (size_t)(end - start), which,
            fuzz_call_when(c, phase, op, made, sizeof made), (uintmax_t)(fault - start));
    return 1;
}

/* Round 16b: a shared-memory heap of 32-bit offsets whose insert wrote one
 * list link as a pointer faulted far past its mapping, and the report
 * placed the address nowhere. */
int fuzz_print_pointer_as_offset(const struct fuzz_ctx *c, const void *at)
{
    char which[64];
    uintptr_t fault = (uintptr_t)at;
    for (int k = 0; fault && k < (int)fuzz_table_end(c); k++) {
        snprintf(which, sizeof which, "block %s%d", FUZZ_BLOCK_NO(k));
        if (print_if_offset_of(c, fault, c->slot[k].ptr, which))
            return 1;
    }
    const struct fuzz_freed *f;
    for (size_t i = 0; fault && (f = fuzz_freed_newest(c, i)); i++) {
        snprintf(which, sizeof which, "freed block %s%d", FUZZ_BLOCK_NO(f->slot));
        if (print_if_offset_of(c, fault, f->ptr, which))
            return 1;
    }
    return 0;
}
