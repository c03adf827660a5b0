/*
 * mesh-check.c - mesh_check: every page owned by a live span that lists it
 * among its aliases, or free; a span's count, bitmap and shuffled free slots
 * agreeing, each used slot handed out through one of its aliases; every alias
 * showing the span's bytes; slots not written since the page read zero reading
 * zero; the class lists holding exactly the spans with free slots; the
 * counters matching the walk.
 */
#include "mesh-internal.h"

#include <stdio.h>
#include <string.h>

struct walk {
    size_t live, in_use, pages, listed;
};

static int fail(char *msg, size_t len, const char *what, unsigned page)
{
    snprintf(msg, len, "%s (span at page %u)", what, page);
    return 1;
}

static int check_slots(const struct mesh *h, const struct span *s, unsigned id, char *msg, size_t len)
{
    unsigned slots = span_slots(s), used = 0;
    uint8_t listed[MAX_SLOTS] = {0};
    for (unsigned i = 0; i < s->navail; i++) {
        if (s->order[i] >= slots || bit(s->used, s->order[i]) || listed[s->order[i]]++)
            return fail(msg, len, "the shuffled free slots hold a used, repeated or absent slot", id);
    }
    for (unsigned k = 0; k < MAX_SLOTS; k++) {
        if (!bit(s->used, k)) {
            const char *at = page_at(h, id) + (size_t)k * span_size(s);
            if (k < slots && !bit(s->dirty, k) && (at[0] || memcmp(at, at + 1, span_size(s) - 1)))
                return fail(msg, len, "a slot not written since its page read zero does not read zero", id);
            continue;
        }
        if (k >= slots)
            return fail(msg, len, "a bitmap bit past the span's last slot", id);
        if (s->via[k] >= s->naliases)
            return fail(msg, len, "a used slot handed out through no alias of its span", id);
        used++;
    }
    if (used != s->count || used + s->navail != slots)
        return fail(msg, len, "a span's count or free slots do not match its bitmap", id);
    return 0;
}

static int check_span(const struct mesh *h, const struct span *s, unsigned id, struct walk *w, char *msg,
                      size_t len)
{
    if (s->cls > CLASSES || !s->naliases || s->naliases > MAX_ALIASES || s->alias[0] != id)
        return fail(msg, len, "a span record of no class, or not at its own page", id);
    for (unsigned i = 0; i < s->naliases; i++) {
        if (s->alias[i] >= VPAGES || h->owner[s->alias[i]] != id)
            return fail(msg, len, "a page the span lists as its alias is owned by another", id);
        if (i && memcmp(page_at(h, s->alias[i]), page_at(h, id), PAGE))
            return fail(msg, len, "an alias page does not show the span's bytes: mapped onto another file page", id);
    }
    if (check_slots(h, s, id, msg, len))
        return 1;
    w->live += s->count;
    w->in_use += (size_t)s->count * span_size(s);
    w->pages += s->naliases;
    w->listed += s->navail > 0;
    return 0;
}

static int check_lists(const struct mesh *h, const struct walk *w, char *msg, size_t len)
{
    size_t listed = 0;
    for (unsigned c = 0; c < CLASSES; c++)
        for (uint16_t t = h->avail[c], prev = NO_SPAN; t != NO_SPAN; prev = t, t = h->span[t].next) {
            const struct span *s = &h->span[t];
            if (t >= VPAGES || s->cls != c + 1 || !s->navail || s->prev != prev || ++listed > w->listed)
                return fail(msg, len, "a class list holds a span of another class, a full or dead one, or a loop",
                            t);
        }
    if (listed != w->listed)
        return fail(msg, len, "a span with free slots is on no class list", 0);
    return 0;
}

int mesh_check(struct mesh *h, char *msg, size_t len)
{
    struct walk w = {0};
    for (unsigned v = 0; v < VPAGES; v++) {
        uint16_t o = h->owner[v];
        if (o != NO_SPAN && (o >= VPAGES || !h->span[o].cls))
            return fail(msg, len, "a page owned by a span that is gone", v);
        if (o == v && check_span(h, &h->span[v], v, &w, msg, len))
            return 1;
    }
    if (w.pages + h->nfree_pages != VPAGES)
        return fail(msg, len, "pages lost: neither a span's nor on the free list", 0);
    if (check_lists(h, &w, msg, len))
        return 1;
    for (size_t i = 0; i < h->nlarge; i++) {
        w.live++;
        w.in_use += large_usable(&h->large[i]);
    }
    if (w.live != h->live || w.in_use != h->in_use) {
        snprintf(msg, len, "the counters say %zu blocks, %zu bytes; the spans and large blocks hold %zu, %zu", h->live,
                 h->in_use, w.live, w.in_use);
        return 1;
    }
    return 0;
}
