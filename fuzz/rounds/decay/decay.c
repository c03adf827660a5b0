/*
 * decay.c - a jemalloc-style page-run heap with a decay purger (round 20,
 * fuzz/rounds/README.md).
 *
 * Memory comes in 1 MiB chunks, each with a page map in its first pages: one
 * record per page, a run's fields at its first page, its first page's number
 * at every page. Requests up to 2 KiB take a slot of one of 24 size classes in
 * a run of 1 or 4 pages (a bitmap of used slots, no per-block header), runs
 * with free slots on their class's list; up to 512 KiB a run of whole pages,
 * first fit by address; larger a mapping each. A freed run merges with free
 * neighbours and is dirty: its pages keep their bytes. Every PURGE_EVERY ops
 * the dirty runs unused for DECAY_OPS ops are given back with MADV_DONTNEED
 * and marked clean, and an emptied chunk so purged is unmapped; a run carved
 * from clean pages reads zero, which calloc trusts for slots never handed
 * out. trim() purges every dirty run at once.
 *
 * Planted bugs, off unless built with -DBUG=n (one line each):
 *   1  the purge drops one page fewer than it marks clean
 *   2  the purge drops one page past the run it purges
 *   3  a freed dirty run merged into a clean run below is kept clean
 *   4  a small run carved from dirty pages is marked as reading zero
 *   5  a size between classes above 128 bytes rounded down a class
 *   6  a freed slot's bit cleared in the wrong half of its bitmap word
 *   7  a large run shrunk in place keeps its page count
 *   8  a large run grown in place leaves the surplus pages naming the old run
 *   9  an aligned large run's lead counted from its chunk, not its address
 *  10  a huge block's free leaves its record on the list
 *  11  an emptied small run stays on its class's list
 *  12  calloc trusts a zeroed run's slot that was handed out before
 *  13  a huge block's mapping sized by its record, not the payload's aligned offset
 */
#define _DEFAULT_SOURCE
#include "decay-internal.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#ifndef BUG
#define BUG 0
#endif

const uint16_t decay_class_size[CLASSES] = {16,  32,  48,  64,  80,  96,  112, 128,  160,  192,  224,  256,
                                            320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048};

static size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }
static size_t pages_for(size_t n) { return round_up(n ? n : 1, PAGE) / PAGE; }
static size_t class_pages(unsigned cls) { return decay_class_size[cls] <= 512 ? 1 : 4; }

/* Four classes per doubling above 128 bytes. */
static unsigned class_of(size_t n)
{
    if (n <= 128)
        return n ? (unsigned)((n + 15) / 16 - 1) : 0;
    size_t base = 128;
    unsigned k = 0;
    while (n > base * 2) {
        base *= 2;
        k++;
    }
    size_t step = base / 4;
#if BUG == 5
    return 8 + 4 * k + (unsigned)((n - base) / step) - 1;
#else
    return 8 + 4 * k + (unsigned)((n - base + step - 1) / step) - 1;
#endif
}

static void *map(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static struct chunk *chunk_of(struct decay *H, const void *p)
{
    for (struct chunk *c = H->chunks; c; c = c->next)
        if ((const char *)p >= (char *)c && (const char *)p < page_addr(c, DECAY_CHUNK_PAGES))
            return c;
    return NULL;
}

static void set_run(struct chunk *c, size_t first, size_t pages, uint8_t state)
{
    for (size_t i = first; i < first + pages; i++)
        c->map[i].start = (uint32_t)first;
    c->map[first].pages = (uint32_t)pages;
    c->map[first].state = state;
}

/* Dirty wins a merge: one dirty page makes the run worth purging, and no
 * longer all reading zero. */
static void merge_into(struct run *into, const struct run *r)
{
    if (r->state == FREE_DIRTY) {
        into->dirtied = into->state == FREE_DIRTY && into->dirtied > r->dirtied ? into->dirtied : r->dirtied;
        into->state = FREE_DIRTY;
    }
}

/* Pages [first, first+pages) become a free run, merged with free neighbours. */
static void put_free(struct chunk *c, size_t first, size_t pages, uint8_t state, uint64_t when)
{
    struct run r = {.state = state, .dirtied = when};
    size_t end = first + pages;
    if (end < DECAY_CHUNK_PAGES && is_free(&c->map[end])) {
        merge_into(&r, &c->map[end]);
        pages += c->map[end].pages;
    }
    if (first > HDR_PAGES && is_free(&c->map[c->map[first - 1].start])) {
        struct run *below = &c->map[c->map[first - 1].start];
#if BUG == 3
        r.state = below->state;
#else
        merge_into(&r, below);
#endif
        pages += first - c->map[first - 1].start;
        first = below->start;
    }
    set_run(c, first, pages, r.state);
    c->map[first].dirtied = r.dirtied;
}

static struct chunk *new_chunk(struct decay *H)
{
    struct chunk *c = map(DECAY_CHUNK_PAGES * PAGE);
    if (!c)
        return NULL;
    c->next = H->chunks;
    H->chunks = c;
    set_run(c, HDR_PAGES, DECAY_CHUNK_PAGES - HDR_PAGES, FREE_CLEAN);
    return c;
}

/* The first free run of at least k pages, cut to k and given state; NULL if none fits. */
static struct run *carve(struct decay *H, size_t k, uint8_t state, struct chunk **cp)
{
    for (int tries = 0; tries < 2; tries++) {
        for (struct chunk *c = H->chunks; c; c = c->next)
            for (size_t i = HDR_PAGES; i < DECAY_CHUNK_PAGES; i += c->map[i].pages) {
                struct run *r = &c->map[i];
                if (!is_free(r) || r->pages < k)
                    continue;
                struct run was = *r;
                set_run(c, i, k, state);
                r->zeroed = was.state == FREE_CLEAN;
                if (was.pages > k)
                    put_free(c, i + k, was.pages - k, was.state, was.dirtied);
                *cp = c;
                return r;
            }
        if (k > DECAY_CHUNK_PAGES - HDR_PAGES || !new_chunk(H))
            return NULL;
    }
    return NULL;
}

/* A block of `bytes` made (sign 1) or freed (-1), in the stats. */
static void count(struct decay *H, size_t bytes, int sign)
{
    if (sign > 0) {
        H->in_use += bytes;
        H->live++;
    } else {
        H->in_use -= bytes;
        H->live--;
    }
}

static void avail_unlink(struct decay *H, struct run *r)
{
    struct run **at = &H->avail[r->cls];
    while (*at && *at != r)
        at = &(*at)->next;
    if (*at)
        *at = r->next;
}

/* A slot of class cls; *zero says whether it reads zero. */
static void *small_alloc(struct decay *H, unsigned cls, int *zero)
{
    struct chunk *c;
    struct run *r = H->avail[cls];
    if (r)
        c = chunk_of(H, r);
    else {
        if (!(r = carve(H, class_pages(cls), SMALL, &c)))
            return NULL;
        r->cls = (uint8_t)cls;
        r->nfree = (uint16_t)run_slots(r);
        r->fresh = 0;
        memset(r->used, 0, sizeof r->used);
#if BUG == 4
        r->zeroed = 1;
#endif
        r->next = NULL;
        H->avail[cls] = r;
    }
    unsigned i = 0;
    while (r->used[i / 64] & (1ull << (i % 64)))
        i++;
    r->used[i / 64] |= 1ull << (i % 64);
#if BUG == 12
    *zero = r->zeroed;
#else
    *zero = r->zeroed && i >= r->fresh;
#endif
    if (i >= r->fresh)
        r->fresh = (uint16_t)(i + 1);
    if (--r->nfree == 0)
        H->avail[cls] = r->next;
    count(H, decay_class_size[cls], 1);
    return run_addr(c, r) + (size_t)i * decay_class_size[cls];
}

static void *large_alloc(struct decay *H, size_t n, size_t align, int *zero)
{
    size_t k = pages_for(n), extra = align > PAGE ? align / PAGE - 1 : 0;
    struct chunk *c;
    struct run *r = carve(H, k + extra, LARGE, &c);
    if (!r)
        return NULL;
    size_t first = run_index(c, r), lead = 0;
#if BUG == 9
    if (extra)
        lead = (extra + 1 - first % (extra + 1)) % (extra + 1);
#else
    if (extra)
        lead = (round_up((uintptr_t)run_addr(c, r), align) - (uintptr_t)run_addr(c, r)) / PAGE;
#endif
    uint8_t zeroed = r->zeroed, state = zeroed ? FREE_CLEAN : FREE_DIRTY;
    if (extra) {
        set_run(c, first + lead, k, LARGE);
        if (lead)
            put_free(c, first, lead, state, H->ops);
        if (extra > lead)
            put_free(c, first + lead + k, extra - lead, state, H->ops);
        r = &c->map[first + lead];
        r->zeroed = zeroed;
    }
    *zero = zeroed;
    count(H, k * PAGE, 1);
    return run_addr(c, r);
}

static void *huge_alloc(struct decay *H, size_t n, size_t align)
{
    /* The record, then the payload at the alignment's next multiple. */
#if BUG == 13
    size_t len = round_up(sizeof(struct huge) + n + (align > PAGE ? align : 0), PAGE);
#else
    size_t len = round_up(round_up(sizeof(struct huge), align) + n, PAGE);
#endif
    char *base = map(len);
    if (!base)
        return NULL;
    struct huge *g = (struct huge *)base;
    g->map_len = len;
    g->payload = (char *)round_up((uintptr_t)base + sizeof *g, align);
    g->next = H->huges;
    H->huges = g;
    count(H, huge_usable(g), 1);
    return g->payload;
}

static void purge(struct decay *H, uint64_t age)
{
    for (struct chunk **at = &H->chunks; *at;) {
        struct chunk *c = *at;
        for (size_t i = HDR_PAGES; i < DECAY_CHUNK_PAGES; i += c->map[i].pages) {
            struct run *r = &c->map[i];
            if (r->state != FREE_DIRTY || H->ops - r->dirtied < age)
                continue;
            size_t pages = r->pages;
#if BUG == 1
            pages -= pages > 1;
#elif BUG == 2
            pages += i + pages < DECAY_CHUNK_PAGES;
#endif
            madvise(run_addr(c, r), pages * PAGE, MADV_DONTNEED);
            r->state = FREE_CLEAN;
        }
        struct run *all = &c->map[HDR_PAGES];
        if (c->next && all->state == FREE_CLEAN && all->pages == DECAY_CHUNK_PAGES - HDR_PAGES) {
            *at = c->next;
            munmap(c, DECAY_CHUNK_PAGES * PAGE);
        } else
            at = &c->next;
    }
}

/* Every call is an op of the decay clock. */
static void tick(struct decay *H)
{
    if (++H->ops % PURGE_EVERY == 0)
        purge(H, DECAY_OPS);
}

/* Any size and alignment (a power of two); *zero says whether the block reads zero. */
static void *alloc(struct decay *H, size_t n, size_t align, int *zero)
{
    void *p = NULL;
    *zero = 0;
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    if (n <= SMALL_MAX && align <= SMALL_MAX) {
        unsigned cls = class_of(n);
        while (cls < CLASSES && decay_class_size[cls] % align)
            cls++;
        p = small_alloc(H, cls, zero);
    } else if (n <= LARGE_MAX)
        p = large_alloc(H, n, align, zero);
    else
        p = huge_alloc(H, n, align);
    if (!p)
        errno = ENOMEM;
    return p;
}

void *decay_malloc(struct decay *H, size_t n)
{
    int zero;
    tick(H);
    return alloc(H, n, DECAY_ALIGNMENT, &zero);
}

void *decay_aligned(struct decay *H, size_t align, size_t n)
{
    int zero;
    tick(H);
    return alloc(H, n, align < DECAY_ALIGNMENT ? DECAY_ALIGNMENT : align, &zero);
}

void *decay_calloc(struct decay *H, size_t n, size_t size)
{
    int zero;
    tick(H);
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = alloc(H, n * size, DECAY_ALIGNMENT, &zero);
    if (p && !zero)
        memset(p, 0, n * size);
    return p;
}

static struct huge **huge_find(struct decay *H, const void *p)
{
    for (struct huge **at = &H->huges; *at; at = &(*at)->next)
        if ((*at)->payload == p)
            return at;
    return NULL;
}

/* The run p is a live block of, and the chunk; NULL if p is none. */
static struct run *block_run(struct decay *H, const void *p, struct chunk **cp)
{
    struct chunk *c = chunk_of(H, p);
    size_t page = c ? (size_t)((const char *)p - (char *)c) / PAGE : 0;
    if (page < HDR_PAGES)
        return NULL;
    struct run *r = &c->map[c->map[page].start];
    *cp = c;
    if (r->state == LARGE)
        return run_addr(c, r) == (const char *)p ? r : NULL;
    if (r->state != SMALL)
        return NULL;
    size_t off = (size_t)((const char *)p - run_addr(c, r)), size = decay_class_size[r->cls];
    size_t i = off / size;
    return off % size == 0 && i < run_slots(r) && (r->used[i / 64] & (1ull << (i % 64))) ? r : NULL;
}

static void small_free(struct decay *H, struct chunk *c, struct run *r, const void *p)
{
    size_t i = (size_t)((const char *)p - run_addr(c, r)) / decay_class_size[r->cls];
#if BUG == 6
    r->used[i / 64] &= ~(1ull << (i % 32));
#else
    r->used[i / 64] &= ~(1ull << (i % 64));
#endif
    count(H, decay_class_size[r->cls], -1);
    if (r->nfree++ == 0) {
        r->next = H->avail[r->cls];
        H->avail[r->cls] = r;
    }
    if (r->nfree == run_slots(r)) {
        if (BUG != 11)
            avail_unlink(H, r);
        put_free(c, run_index(c, r), r->pages, FREE_DIRTY, H->ops);
    }
}

int decay_free(struct decay *H, void *p)
{
    if (!p)
        return 0;
    tick(H);
    struct huge **at = huge_find(H, p);
    if (at) {
        struct huge *g = *at;
#if BUG != 10
        *at = g->next;
#endif
        count(H, huge_usable(g), -1);
        munmap(g, g->map_len);
        return 0;
    }
    struct chunk *c;
    struct run *r = block_run(H, p, &c);
    if (!r)
        return EINVAL;
    if (r->state == SMALL)
        small_free(H, c, r, p);
    else {
        count(H, (size_t)r->pages * PAGE, -1);
        put_free(c, run_index(c, r), r->pages, FREE_DIRTY, H->ops);
    }
    return 0;
}

/* A large run resized to k pages where it lies: 0 if its successor cannot give them. */
static int large_resize(struct decay *H, struct chunk *c, struct run *r, size_t k)
{
    size_t first = run_index(c, r), old = r->pages;
    if (k < old) {
#if BUG != 7
        r->pages = (uint32_t)k;
#endif
        put_free(c, first + k, old - k, FREE_DIRTY, H->ops);
    } else if (k > old) {
        struct run *n = first + old < DECAY_CHUNK_PAGES ? &c->map[first + old] : NULL;
        if (!n || !is_free(n) || old + n->pages < k)
            return 0;
        struct run was = *n;
        size_t left = was.pages - (k - old);
#if BUG == 8
        r->pages = (uint32_t)k;
        for (size_t i = first + old; i < first + k; i++)
            c->map[i].start = (uint32_t)first;
        if (left) {
            c->map[first + k].pages = (uint32_t)left;
            c->map[first + k].state = was.state;
        }
#else
        set_run(c, first, k, LARGE);
        if (left)
            set_run(c, first + k, left, was.state);
#endif
        if (left)
            c->map[first + k].dirtied = was.dirtied;
    }
    H->in_use += (k - old) * PAGE; /* modulo 2^N: a shrink subtracts */
    return 1;
}

void *decay_realloc(struct decay *H, void *p, size_t n)
{
    if (!p)
        return decay_malloc(H, n);
    if (n == 0) {
        decay_free(H, p);
        return NULL;
    }
    tick(H);
    size_t old = decay_usable(H, p);
    struct chunk *c;
    struct run *r = huge_find(H, p) ? NULL : block_run(H, p, &c);
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    if (r && r->state == SMALL && n <= SMALL_MAX && class_of(n) == r->cls)
        return p;
    if (r && r->state == LARGE && n > SMALL_MAX && n <= LARGE_MAX && large_resize(H, c, r, pages_for(n)))
        return p;
    if (!r && n > LARGE_MAX && n <= old)
        return p;
    int zero;
    void *q = alloc(H, n, DECAY_ALIGNMENT, &zero);
    if (!q)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    decay_free(H, p);
    return q;
}

size_t decay_usable(struct decay *H, void *p)
{
    struct huge **at = huge_find(H, p);
    if (at)
        return huge_usable(*at);
    struct chunk *c = chunk_of(H, p);
    struct run *r = &c->map[c->map[(size_t)((char *)p - (char *)c) / PAGE].start];
    return r->state == SMALL ? decay_class_size[r->cls] : (size_t)r->pages * PAGE;
}

int decay_trim(struct decay *H)
{
    purge(H, 0);
    return 0;
}

int decay_contains(struct decay *H, const void *p, size_t n)
{
    const char *q = p;
    for (struct chunk *c = H->chunks; c; c = c->next)
        if (q >= page_addr(c, HDR_PAGES) && q <= page_addr(c, DECAY_CHUNK_PAGES) &&
            n <= (size_t)(page_addr(c, DECAY_CHUNK_PAGES) - q))
            return 1;
    for (struct huge *g = H->huges; g; g = g->next)
        if (q >= g->payload && q <= (char *)g + g->map_len && n <= (size_t)((char *)g + g->map_len - q))
            return 1;
    return 0;
}

void decay_stats(struct decay *H, size_t *in_use, size_t *live)
{
    *in_use = H->in_use;
    *live = H->live;
}

struct decay *decay_create(size_t bytes)
{
    (void)bytes; /* a chunk is the unit; the first is mapped now */
    struct decay *H = map(round_up(sizeof *H, PAGE));
    if (H && !new_chunk(H)) {
        munmap(H, round_up(sizeof *H, PAGE));
        return NULL;
    }
    return H;
}

void decay_destroy(struct decay *H)
{
    while (H->huges) {
        struct huge *g = H->huges;
        H->huges = g->next;
        munmap(g, g->map_len);
    }
    while (H->chunks) {
        struct chunk *c = H->chunks;
        H->chunks = c->next;
        munmap(c, DECAY_CHUNK_PAGES * PAGE);
    }
    munmap(H, round_up(sizeof *H, PAGE));
}
