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
    ls->at_what = "line";
    ls->n_pages = num_ids / LIVE_PAGE_IDS + 1;
    ls->pages = bench_map(ls->n_pages * sizeof *ls->pages); /* 128 KiB for TRACE_MAX_IDS */
    return ls->pages ? 0 : -1;
}

void live_set_init_refused(const live_set *ls, char *why, size_t whylen)
{
    snprintf(why, whylen, "%zu bytes for the table of its %zu ids were refused", ls->n_pages * sizeof *ls->pages,
             ls->num_ids);
}

void live_set_fini(live_set *ls)
{
    for (size_t i = 0; ls->pages && i < ls->n_pages; i++)
        bench_unmap(ls->pages[i], LIVE_PAGE_BYTES);
    bench_unmap(ls->pages, ls->n_pages * sizeof *ls->pages);
    memset(ls, 0, sizeof *ls);
}

/* id's slot, its page mapped if it was not; NULL: out of memory. */
static size_t *held_slot(live_set *ls, size_t id)
{
    size_t **page = &ls->pages[id / LIVE_PAGE_IDS];
    if (*page == NULL)
        *page = bench_map(LIVE_PAGE_BYTES);
    return *page ? &(*page)[id % LIVE_PAGE_IDS] : NULL;
}

/* Why op is refused on an id that is not live (had), or NULL: a free of it,
 * or a realloc of it after the trace freed it, which a replay would send
 * realloc a freed pointer (a realloc of an id never allocated is
 * realloc(NULL), an alloc). */
static const char *not_live_why(const live_set *ls, const trace_op *op, size_t had, char *why, size_t whylen)
{
    unsigned id = (unsigned)op->id;
    if (op->kind == OP_FREE && !held_freed(had))
        snprintf(why, whylen, "free of id %u, which is not allocated: the trace never allocated it; the trace "
                 "contradicts itself here: drop the line or correct the id", id);
    else if (op->kind == OP_FREE)
        snprintf(why, whylen, "free of id %u, which is not allocated: it was freed at %s %zu (a double free); the "
                 "trace contradicts itself here: drop the line or correct the id", id, ls->at_what,
                 held_freed_at(had));
    else if (op->kind == OP_REALLOC && held_freed(had))
        snprintf(why, whylen, "realloc of id %u, which is not allocated: it was freed at %s %zu (a realloc of a "
                 "freed block, refused as a double free is); the trace contradicts itself here: drop the line, "
                 "correct the id, or write 'a %u %zu' if a new block was meant", id, ls->at_what,
                 held_freed_at(had), id, op->size);
    else
        return NULL;
    return why;
}

int live_apply(live_set *ls, const trace_op *op, size_t at, char *why, size_t whylen)
{
    if (op->kind == OP_FREE && op->id == ls->null_id)
        return 0; /* free(NULL): nothing changes */
    if (op->id >= ls->num_ids) {
        snprintf(why, whylen, "id %u is out of range: the header declares %zu ids (0..%zu)",
                 (unsigned)op->id, ls->num_ids, ls->num_ids ? ls->num_ids - 1 : 0);
        return -1;
    }
    size_t had = held_of(ls, op->id);
    if (op->kind == OP_ALLOC && held_live(had) && !held_released(had)) {
        /* Live at size 0 is no block, but the id is taken: said, since an
         * 'a id 0' reads as no allocation to whoever wrote it. */
        unsigned id = (unsigned)op->id;
        if (held_size(had) == 0)
            snprintf(why, whylen, "id %u is already allocated, at size 0 (an 'a %u 0' leaves it so, as does an "
                     "'r %u 0' of an id not allocated, realloc(NULL, 0) being malloc(0): bench/README.md \"Size "
                     "0\"); free it before allocating it again", id, id, id);
        else
            snprintf(why, whylen, "id %u is already allocated; free it before allocating it again", id);
        return -1;
    }
    if (!held_live(had) && not_live_why(ls, op, had, why, whylen))
        return -1;
    size_t others = ls->live - held_size(had), size = op->kind == OP_FREE ? 0 : op->size;
    if (size > SIZE_MAX - others) { /* a 32-bit size_t: two 2 GiB blocks already */
        snprintf(why, whylen, "the blocks live after this line add up to more than %zu bytes, more than "
                 "this build's %zu-bit size_t holds, so no allocator here can hold them; replay the trace "
                 "on a 64-bit build", (size_t)SIZE_MAX, sizeof(size_t) * 8);
        return -1;
    }
    size_t *slot = held_slot(ls, op->id);
    if (slot == NULL) {
        snprintf(why, whylen, "%zu bytes more for the table of live ids were refused", LIVE_PAGE_BYTES);
        return TRACE_NO_MEMORY;
    }
    /* size <= TRACE_MAX_REQUEST; a freed id's `at` cut where the slot ends (no trace is that long) */
    if (op->kind == OP_REALLOC && size == 0 && held_live(had))
        *slot = HELD_RELEASED;
    else
        *slot = op->kind != OP_FREE ? size + 1 : at <= SIZE_MAX - HELD_FREED ? HELD_FREED + at : SIZE_MAX;
    ls->live = others + size;
    if (ls->live > ls->peak)
        ls->peak = ls->live;
    return 0;
}
