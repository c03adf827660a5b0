/*
 * decay-check.c - decay_check: each chunk's runs tile its pages, every page
 * naming its run's first, no two free runs adjacent, a small run's bitmap
 * matching its free count and fresh mark and its place on its class's list,
 * a dirty run no newer than the clock, a clean run's pages reading zero where
 * sampled, and the counters matching the walk.
 */
#include "decay-internal.h"

#include <stdio.h>

struct walk {
    size_t live, in_use, listed_runs;
};

static int fail(char *msg, size_t len, const char *what, size_t page)
{
    snprintf(msg, len, "%s (run at page %zu)", what, page);
    return 1;
}

static int check_small(const struct run *r, size_t i, struct walk *w, char *msg, size_t len)
{
    if (r->cls >= CLASSES)
        return fail(msg, len, "a small run of no class", i);
    unsigned slots = run_slots(r), used = 0, top = 0;
    for (unsigned s = 0; s < MAX_SLOTS; s++)
        if (r->used[s / 64] & (1ull << (s % 64))) {
            if (s >= slots)
                return fail(msg, len, "a bitmap bit past the run's last slot", i);
            used++;
            top = s + 1;
        }
    if (used + r->nfree != slots)
        return fail(msg, len, "a small run's free count does not match its bitmap", i);
    if (top > r->fresh)
        return fail(msg, len, "a used slot above the run's fresh mark", i);
    w->live += used;
    w->in_use += (size_t)used * decay_class_size[r->cls];
    w->listed_runs += r->nfree > 0;
    return 0;
}

/* The first word of each page of a clean run: pages given back read zero. */
static int reads_zero(struct chunk *c, size_t i, size_t pages)
{
    for (size_t p = i; p < i + pages; p++)
        if (*(const uint64_t *)page_addr(c, p))
            return 0;
    return 1;
}

static int check_chunk(struct decay *H, struct chunk *c, struct walk *w, char *msg, size_t len)
{
    int was_free = 0;
    size_t i = HDR_PAGES;
    while (i < DECAY_CHUNK_PAGES) {
        const struct run *r = &c->map[i];
        if (r->pages == 0 || r->pages > DECAY_CHUNK_PAGES - i)
            return fail(msg, len, "a run's page count out of its chunk", i);
        for (size_t p = i; p < i + r->pages; p++)
            if (c->map[p].start != i)
                return fail(msg, len, "a page names another run's first page", p);
        if (is_free(r) && was_free)
            return fail(msg, len, "two free runs adjacent", i);
        if (r->state == FREE_DIRTY && r->dirtied > H->ops)
            return fail(msg, len, "a dirty run dirtied after the clock", i);
        if (r->state == FREE_CLEAN && !reads_zero(c, i, r->pages))
            return fail(msg, len, "a clean run's page does not read zero", i);
        if (r->state == SMALL && check_small(r, i, w, msg, len))
            return 1;
        if (r->state == LARGE) {
            w->live++;
            w->in_use += (size_t)r->pages * PAGE;
        }
        was_free = is_free(r);
        i += r->pages;
    }
    return 0;
}

int decay_check(struct decay *H, char *msg, size_t len)
{
    struct walk w = {0, 0, 0};
    for (struct chunk *c = H->chunks; c; c = c->next)
        if (check_chunk(H, c, &w, msg, len))
            return 1;
    size_t listed = 0;
    for (unsigned cls = 0; cls < CLASSES; cls++)
        for (const struct run *r = H->avail[cls]; r; r = r->next) {
            if (r->state != SMALL || r->cls != cls || r->nfree == 0)
                return snprintf(msg, len, "class %u's list holds a run that is not a small run of it with a free slot",
                                cls), 1;
            if (++listed > w.listed_runs)
                return snprintf(msg, len, "the class lists hold more runs than have free slots"), 1;
        }
    if (listed != w.listed_runs)
        return snprintf(msg, len, "%zu runs with free slots, %zu on the class lists", w.listed_runs, listed), 1;
    for (struct huge *g = H->huges; g; g = g->next) {
        w.live++;
        w.in_use += huge_usable(g);
    }
    if (w.live != H->live || w.in_use != H->in_use)
        return snprintf(msg, len, "counted %zu live blocks of %zu bytes, the walk found %zu of %zu", H->live,
                        H->in_use, w.live, w.in_use), 1;
    return 0;
}
