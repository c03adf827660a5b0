/*
 * parse-fuzz-mem.h - bench/mem.h's bench_map and bench_unmap over the heap,
 * force-included (-include) into every source of parse-fuzz's build
 * (fuzz/parse-fuzz.list, bench/trace.list); bench/trace-build.c and
 * bench/live-set.c use it.
 *
 * The bench takes its op and id arrays straight from mmap so they do not
 * disturb the heap it measures. Under the parser fuzzer that would hide them
 * from the sanitizers: ASan sees no overrun that stays inside the last page
 * and LeakSanitizer no mapping left behind. Here they are heap blocks, and
 * each remembers the size it was mapped with, which must come back at unmap
 * (munmap needs it; a wrong size there unmaps too little or too much).
 *
 * The guard is bench/mem.h's on purpose: included first, this file makes
 * their own #include "mem.h" a no-op instead of a second definition.
 */
#ifndef BENCH_MEM_H
#define BENCH_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_FUZZ_MEM_HEAD 16 /* keeps the block 16-byte aligned */

static inline void *bench_map(size_t bytes)
{
    if (bytes == 0 || bytes > SIZE_MAX - PARSE_FUZZ_MEM_HEAD)
        return NULL;
    unsigned char *head = calloc(1, bytes + PARSE_FUZZ_MEM_HEAD);
    if (head == NULL)
        return NULL;
    memcpy(head, &bytes, sizeof bytes);
    return head + PARSE_FUZZ_MEM_HEAD;
}

static inline void bench_unmap(void *p, size_t bytes)
{
    if (p == NULL || bytes == 0)
        return; /* as mem.h: nothing is released (LeakSanitizer then names the block) */
    unsigned char *head = (unsigned char *)p - PARSE_FUZZ_MEM_HEAD;
    size_t mapped;
    memcpy(&mapped, head, sizeof mapped);
    if (mapped != bytes) {
        fprintf(stderr, "parse-fuzz: bench_unmap(%p, %zu) of a mapping of %zu bytes\n", p, bytes, mapped);
        abort();
    }
    free(head);
}

#endif /* BENCH_MEM_H */
