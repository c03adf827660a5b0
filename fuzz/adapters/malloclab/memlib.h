/*
 * memlib.h - the simulated sbrk of the classic malloc lab, for fuzzing an
 * mm.c with fuzz/adapters/malloclab.c. Same names and meaning as the lab's
 * memlib, so an unmodified mm.c compiles against it; our own implementation
 * (memlib.c) adds what a fuzzer needs: a fresh, identical heap for every
 * input, filled with junk, not zeroes, and memory past the break that
 * faults (or that ASan reports).
 *
 * Two interface generations, chosen by one switch (fuzz/ADAPTERS.md):
 *   default            mem_sbrk(int)        the original lab
 *   -DMM_API_CHECKED   mem_sbrk(intptr_t)   the later lab with mm_checkheap
 */
#ifndef HALLOC_MEMLIB_H
#define HALLOC_MEMLIB_H

#include <stddef.h>
#include <stdint.h>

/* Largest heap mem_sbrk hands out (the lab driver's MAX_HEAP); override with
 * -DMEMLIB_MAX_HEAP=bytes. */
#ifndef MEMLIB_MAX_HEAP
#define MEMLIB_MAX_HEAP ((size_t)20 << 20)
#endif

/* The byte every fresh heap byte holds (memlib.c says why it is not 0);
 * -DMEMLIB_JUNK=0 gives a zeroed heap. */
#ifndef MEMLIB_JUNK
#define MEMLIB_JUNK 0xa5
#endif

#ifdef MM_API_CHECKED
typedef intptr_t memlib_incr_t;
#else
typedef int memlib_incr_t;
#endif

void mem_init(void);
void mem_deinit(void);
/* Moves the break up by incr bytes and returns the old break; on a negative
 * incr or past MEMLIB_MAX_HEAP: (void *)-1 and errno = ENOMEM. */
void *mem_sbrk(memlib_incr_t incr);
/* Break back to the start. Contents are not cleared (mem_fresh does). */
void mem_reset_brk(void);
void *mem_heap_lo(void);  /* first heap byte */
void *mem_heap_hi(void);  /* last heap byte: lo - 1 while the heap is empty */
size_t mem_heapsize(void);
size_t mem_pagesize(void);
void *mem_memset(void *ptr, int value, size_t n);
void *mem_memcpy(void *dst, const void *src, size_t n);

/* Not in the lab's memlib: the adapter's reset between inputs. Maps the area
 * on first use, then fills every byte ever handed out with MEMLIB_JUNK and
 * resets the break, so each input starts from the same heap. 0, or -1 with
 * errno. */
int mem_fresh(void);

/* Not in the lab's memlib either: the increment the last mem_sbrk call asked
 * for when it was refused because the heap would pass MEMLIB_MAX_HEAP, else
 * 0 (also after mem_fresh). The adapter names the cap from it, so a trace
 * too big for the lab's heap is not mistaken for a bug in mm.c. */
size_t mem_sbrk_over_max(void);

#endif /* HALLOC_MEMLIB_H */
