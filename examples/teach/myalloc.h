/*
 * myalloc.h - a small first-fit allocator, the kind written in a systems course.
 *
 * One heap at a time, over a single mmap'd region that never grows.
 *
 *   my_init(size)   map a heap of at least `size` bytes; 0, or -1 and errno
 *                   (EINVAL: size too small or too large, EBUSY: a heap already
 *                   exists - call my_fini first, ENOMEM: mmap failed)
 *   my_alloc(size)  a 16-byte aligned block of at least `size` bytes (size 0
 *                   gets the smallest block); NULL and errno = ENOMEM when no
 *                   free block is large enough or there is no heap
 *   my_free(ptr)    give a block back; NULL is ignored. Like free(), it trusts
 *                   its caller: a pointer my_alloc did not return, or one freed
 *                   twice, is undefined behaviour (nothing detects it)
 *   my_fini()       unmap the heap; my_init may be called again
 *
 * Teaching switches, off by default: each plants one bug students really write,
 * and each is caught by the fuzzing harness's shadow model, with no help from
 * the allocator:
 *   -DBUG_ALIGN_TO_8         sizes rounded to 8 ("sizeof(size_t) is enough"),
 *                            so a block after an odd multiple of 8 is misaligned
 *                            for 16-byte types (oracle: misaligned)
 *   -DBUG_NO_COALESCE_CHECK  free merges with the next block without checking
 *                            that it is free, swallowing a live block (oracles:
 *                            overlap or pattern_corrupted once the merged block
 *                            is handed out, not_pristine once all is freed)
 *   -DBUG_FORGET_USED_FLAG   a block handed out whole (not split) keeps its
 *                            free flag, so it is handed out again (oracle: overlap)
 *   -DMYALLOC_BUGS=1         all three
 * One more, not in MYALLOC_BUGS because its first symptom is often undefined
 * behaviour that ASan/UBSan report before any oracle can:
 *   -DBUG_SPLIT_OVERLAP      split measures the cut from the header, not the
 *                            payload, so the remainder's header lies on the last
 *                            16 bytes of the block just handed out; the program's
 *                            own writes then scramble the heap's metadata
 */
#ifndef MYALLOC_H
#define MYALLOC_H

#include <stddef.h>

#define MY_ALIGNMENT 16

int my_init(size_t size);
void *my_alloc(size_t size);
void my_free(void *ptr);
void my_fini(void);

#endif /* MYALLOC_H */
