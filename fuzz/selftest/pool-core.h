/*
 * pool-core.h - the pool of 64-byte blocks that pool-adapter.c and
 * line-adapter.c plant their bugs in: each adapter places the blocks (where
 * the first starts, how many there are), and this file hands them out, each
 * once and then again from a free list kept in the freed blocks themselves.
 * An adapter's struct pool starts with its struct pool_core, which the
 * calls below take the heap as.
 */
#ifndef POOL_CORE_H
#define POOL_CORE_H

#include <errno.h>
#include <stddef.h>
#include <string.h>

#define POOL_BLOCK 64

struct pool_core {
    unsigned char *first; /* the first block's start */
    size_t nblocks, next; /* blocks below next were handed out once */
    void *free_list;
};

static inline void *pool_malloc(void *heap, size_t size)
{
    struct pool_core *p = heap;
    void *b = p->free_list;
    if (size > POOL_BLOCK || (!b && p->next == p->nblocks)) {
        errno = ENOMEM;
        return NULL;
    }
    if (b)
        memcpy(&p->free_list, b, sizeof p->free_list);
    else
        b = p->first + POOL_BLOCK * p->next++;
    return b;
}

static inline int pool_free(void *heap, void *ptr)
{
    struct pool_core *p = heap;
    if (ptr) {
        memcpy(ptr, &p->free_list, sizeof p->free_list);
        p->free_list = ptr;
    }
    return 0;
}

static inline size_t pool_usable(void *heap, void *ptr)
{
    (void)heap, (void)ptr;
    return POOL_BLOCK;
}

#endif /* POOL_CORE_H */
