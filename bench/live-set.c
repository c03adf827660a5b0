/*
 * live-set.c - the table of live ids a trace is checked against (live-set.h):
 * its pages mapped as ids are first used, and each op applied to it.
 */
#include "live-set.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

int live_set_init(live_set *ls, size_t num_ids)
{
    memset(ls, 0, sizeof *ls);
    ls->num_ids = num_ids;
    ls->null_id = num_ids;
    ls->n_pages = num_ids / LIVE_PAGE_IDS + 1;
    ls->pages = bench_map(ls->n_pages * sizeof *ls->pages); /* 128 KiB for TRACE_MAX_IDS */
    return ls->pages ? 0 : -1;
}

void live_set_fini(live_set *ls)
{
    for (size_t i = 0; ls->pages && i < ls->n_pages; i++)
        bench_unmap(ls->pages[i], LIVE_PAGE_IDS * sizeof *ls->pages[i]);
    bench_unmap(ls->pages, ls->n_pages * sizeof *ls->pages);
    memset(ls, 0, sizeof *ls);
}

/* id's slot, its page mapped if it was not; NULL: out of memory. */
static size_t *held_slot(live_set *ls, size_t id)
{
    size_t **page = &ls->pages[id / LIVE_PAGE_IDS];
    if (*page == NULL)
        *page = bench_map(LIVE_PAGE_IDS * sizeof **page);
    return *page ? &(*page)[id % LIVE_PAGE_IDS] : NULL;
}

int live_apply(live_set *ls, const trace_op *op, char *why, size_t whylen)
{
    if (op->kind == OP_FREE && op->id == ls->null_id)
        return 0; /* free(NULL): nothing changes */
    if (op->id >= ls->num_ids) {
        snprintf(why, whylen, "id %u is out of range: the header declares %zu ids (0..%zu)",
                 (unsigned)op->id, ls->num_ids, ls->num_ids ? ls->num_ids - 1 : 0);
        return -1;
    }
    size_t had = held_of(ls, op->id);
    if (op->kind == OP_ALLOC && held_live(had)) {
        /* Live at size 0 is no block, but the id is taken: said, since an
         * 'r id 0' reads as a free to whoever wrote it (glibc frees). */
        unsigned id = (unsigned)op->id;
        if (held_size(had) == 0)
            snprintf(why, whylen, "id %u is already allocated, at size 0 (an 'a %u 0' or 'r %u 0' leaves it so, "
                     "bench/README.md \"Size 0\"); free it before allocating it again", id, id, id);
        else
            snprintf(why, whylen, "id %u is already allocated; free it before allocating it again", id);
        return -1;
    }
    if (op->kind == OP_FREE && !held_live(had)) {
        snprintf(why, whylen, "free of id %u, which is not allocated (never allocated, or already freed); "
                 "the trace contradicts itself here: drop the line or correct the id",
                 (unsigned)op->id);
        return -1;
    }
    size_t others = ls->live - held_size(had), size = op->kind == OP_FREE ? 0 : op->size;
    if (size > SIZE_MAX - others) { /* a 32-bit size_t: two 2 GiB blocks already */
        snprintf(why, whylen, "the blocks live after this line add up to more than %zu bytes, more than "
                 "this build's %zu-bit size_t holds, so no allocator here can hold them; replay the trace "
                 "on a 64-bit build", (size_t)SIZE_MAX, sizeof(size_t) * 8);
        return -1;
    }
    size_t *slot = held_slot(ls, op->id);
    if (slot == NULL) {
        snprintf(why, whylen, "out of memory for the table of live ids");
        return -1;
    }
    *slot = op->kind == OP_FREE ? 0 : size + 1; /* size <= TRACE_MAX_REQUEST */
    ls->live = others + size;
    if (ls->live > ls->peak)
        ls->peak = ls->live;
    return 0;
}
