/*
 * remote-check.c - rmt_check: at a quiescent point (the heap's read-write lock
 * held alone, so no call runs and every thread's writes are seen), every page
 * of an owner holds on its three lists only its own blocks, each at a block's
 * place below its bump pointer and listed once; its used count is what its
 * lists leave out; a pooled page has no remote frees; each owned page is on
 * its owner's list of its class, and the heap's counters match the blocks
 * the pages leave out (their remote frees deducted) and the huge segments.
 */
#define _DEFAULT_SOURCE /* pthread_rwlock_t */
#include "remote-internal.h"

#include <stdio.h>
#include <string.h>

struct tally {
    size_t live, in_use, owned;
};

static int fail(char *msg, size_t len, const char *what, const void *at)
{
    snprintf(msg, len, "%s (at %p)", what, at);
    return 1;
}

/* Walks one of pg's lists, marking each block in seen; *n its length. */
static int check_list(struct seg *s, struct page *pg, struct block *b, uint64_t *seen, uint32_t *n, char *msg,
                      size_t len)
{
    char *data = page_data(s, pg);
    for (*n = 0; b; b = b->next, ++*n) {
        size_t off = (size_t)((char *)b - data);
        if ((char *)b < data || off % pg->block_size || off / pg->block_size >= pg->reserved)
            return fail(msg, len, "a page's list holds what is no block it carved", b);
        size_t i = off / pg->block_size;
        if (seen[i / 64] & (1ull << (i % 64)))
            return fail(msg, len, "a block is on its page's lists twice", b);
        seen[i / 64] |= 1ull << (i % 64);
    }
    return 0;
}

static int check_page(struct seg *s, struct page *pg, struct tally *t, char *msg, size_t len)
{
    struct block *remote = atomic_load_explicit(&pg->remote, memory_order_relaxed);
    if (!pg->owner)
        return remote ? fail(msg, len, "a pooled page has remote frees pending", pg) : 0;
    if (pg->cls >= CLASSES || pg->block_size != rmt_class_size[pg->cls] || pg->reserved > pg->capacity ||
        pg->capacity != page_data_len(s, pg) / pg->block_size)
        return fail(msg, len, "a page's class, block size or counts disagree", pg);
    uint64_t seen[MAX_CAPACITY / 64];
    memset(seen, 0, sizeof seen);
    uint32_t nfree, nlocal, nremote;
    if (check_list(s, pg, pg->free, seen, &nfree, msg, len) || check_list(s, pg, pg->local, seen, &nlocal, msg, len) ||
        check_list(s, pg, remote, seen, &nremote, msg, len))
        return 1;
    if (pg->used != pg->reserved - nfree - nlocal)
        return snprintf(msg, len, "a page (at %p) counts %u blocks used, its lists leave %u of its %u out", (void *)pg,
                        pg->used, pg->reserved - nfree - nlocal, pg->reserved), 1;
    t->owned++;
    t->live += pg->used - nremote;
    t->in_use += (size_t)(pg->used - nremote) * pg->block_size;
    return 0;
}

static int check_segment(struct seg *s, struct tally *t, char *msg, size_t len)
{
    if (s->magic != SEG_MAGIC || seg_of(s) != s)
        return fail(msg, len, "a segment's header is overwritten or off its boundary", s);
    if (s->kind == SEG_HUGE) {
        if (s->huge_payload != (char *)s + s->map_len - s->huge_usable)
            return fail(msg, len, "a huge block's usable size does not end at its mapping's end", s);
        t->live++;
        t->in_use += s->huge_usable;
        return 0;
    }
    for (size_t i = 0; i < PAGES; i++)
        if (check_page(s, &s->pages[i], t, msg, len))
            return 1;
    return 0;
}

/* Every owned page is on its owner's list of its class, once. */
static int check_owners(struct rmt *H, size_t owned, char *msg, size_t len)
{
    size_t listed = 0;
    for (struct rmt_owner *o = H->owners; o; o = o->next)
        for (unsigned c = 0; c < CLASSES; c++)
            for (struct page *pg = o->pages[c]; pg; pg = pg->next) {
                if (pg->owner != o || pg->cls != c)
                    return fail(msg, len, "an owner's class list holds a page not its own or of another class", pg);
                if (++listed > owned)
                    return fail(msg, len, "the owners' class lists hold more pages than are owned (a cycle?)", pg);
            }
    return listed == owned ? 0 : (snprintf(msg, len, "%zu pages owned, %zu on their owners' lists", owned, listed), 1);
}

int rmt_check(struct rmt *H, char *msg, size_t len)
{
    pthread_rwlock_wrlock(&H->quiesce);
    struct tally t = {0, 0, 0};
    int bad = 0;
    for (struct seg *s = H->segs; s && !bad; s = s->next)
        bad = check_segment(s, &t, msg, len);
    bad = bad || check_owners(H, t.owned, msg, len);
    size_t live = atomic_load(&H->live), in_use = atomic_load(&H->in_use);
    if (!bad && (live != t.live || in_use != t.in_use)) {
        snprintf(msg, len, "counted %zu live blocks of %zu bytes, the pages leave %zu of %zu out", live, in_use, t.live,
                 t.in_use);
        bad = 1;
    }
    pthread_rwlock_unlock(&H->quiesce);
    return bad;
}
