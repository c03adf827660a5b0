/*
 * crash-asan.h - the planted bugs of crash-adapter.c that ASan sees first:
 * an access just outside a block of glibc's (ASan's, in such a build),
 * reported from ASan's own check with no signal, so the crash context must
 * place the address ASan keeps for its report (fuzz/fault-place.c).
 * Included by crash-adapter.c only; it calls crash_asan_free() from its
 * free, which does nothing unless one of these is given.
 * -DFREE_WRITES_PAST: free writes a footer word right past the block (at
 * its usable size, under ASan the request): ASan's heap-buffer-overflow
 * write must be placed on the first byte past the end of the live block
 * being freed; with -DFREE_WRITES_PAST_BY=N, N bytes past the end. Built
 * without ASan, =8 writes the first word of the glibc block right above, a
 * live one: pattern_corrupted must name the free that wrote it.
 * -DFREE_WRITES_BELOW: free writes a flag byte right before the block (an
 * in-use bit kept in front of a block that has no room for it): ASan's
 * write must be placed 1 byte before the block being freed, not as a link
 * decoded a few bits off (the byte before a block is its start with its low
 * bits all set).
 * -DFREE_RECURSES: free walks a tree whose node is its own child, recursing
 * until the stack runs out (round 15b's treap after a rotation that relinked
 * a node below itself): ASan's stack-overflow must be told as a cycle.
 */
#ifndef CRASH_ASAN_H
#define CRASH_ASAN_H

#include <malloc.h>
#include <stdint.h>

#ifndef FREE_WRITES_PAST_BY
#define FREE_WRITES_PAST_BY 0
#endif

#ifdef FREE_RECURSES
struct crash_node {
    struct crash_node *kid;
};
static size_t crash_depth(const struct crash_node *n)
{
    volatile char frame[64]; /* a frame of its own at every level */
    frame[0] = 1;
    return n ? crash_depth(n->kid) + (size_t)frame[0] : 0;
}
#endif

static inline void crash_asan_free(void *ptr)
{
    (void)ptr;
#ifdef FREE_RECURSES
    static struct crash_node self = {&self};
    if (ptr)
        (void)crash_depth(&self);
#endif
#ifdef FREE_WRITES_PAST
    if (ptr) /* a footer placed by the block's size, not inside the block */
        *(volatile uint64_t *)((char *)ptr + malloc_usable_size(ptr) + FREE_WRITES_PAST_BY) = 0;
#endif
#ifdef FREE_WRITES_BELOW
    if (ptr)
        ((volatile char *)ptr)[-1] = 0;
#endif
}

#endif /* CRASH_ASAN_H */
