/*
 * mesh.c - a Mesh-style heap (Powers et al., PLDI 2019) for round 21
 * (fuzz/rounds/README.md).
 *
 * The arena is VPAGES pages of a memfd mapped shared, page v showing file
 * page v. Requests up to 2 KiB take a slot of one of 22 size classes in a span
 * of one page: a bitmap of used slots, no per-block header, the free slots in
 * a shuffled order so consecutive blocks land apart. A free that leaves a span
 * half empty or less looks for a span of its class whose used slots overlap
 * none of its own and meshes the two: the live slots of the emptier one are
 * copied into the fuller one's page at their own offsets, the emptier one's
 * pages are mapped (MAP_FIXED) onto the fuller one's file page and its own file
 * page is punched out; its blocks keep their addresses, now showing the other
 * span's storage. An emptied span maps its aliases back onto their own file
 * pages and gives its page back with MADV_REMOVE: a page that reads zero, which
 * calloc trusts for slots not written since. Larger requests get a mapping
 * each. trim() meshes every pair it can.
 *
 * Planted bugs, off unless built with -DBUG=n (one line each):
 *   1  the overlap test before a mesh looks at the first 64 slots alone
 *   2  a mesh copies every live slot but the span's last
 *   3  a mesh maps the emptier span's page one file page past the fuller one's
 *   4  a mesh leaves the emptier span's pages owned by its dead record
 *   5  a span is released when no block handed out at its own page is live, though aliases hold some
 *   6  a mesh keeps the fuller span's shuffled free slots, those the other held among them
 *   7  a mesh does not add the emptier span's used slots to the fuller one's count
 *   8  a freed slot is swapped into the shuffled order one place past its end
 *   9  a size one byte above a class is given that class
 *  10  a mesh maps only the first of the emptier span's pages onto the fuller one's file page
 *  11  a meshed-away span is left on its class's list
 *  12  a mesh does not mark the slots it copied as written
 */
#define _GNU_SOURCE
#include "mesh-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef BUG
#define BUG 0
#endif

const uint16_t mesh_class_size[CLASSES] = {16,  32,  48,  64,  80,  96,  112,  128,  160,  192,  224,
                                           256, 320, 384, 512, 640, 768, 1024, 1280, 1536, 1792, 2048};

static size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }
static void set_bit(uint64_t *map, unsigned k) { map[k / 64] |= 1ull << (k % 64); }
static void clear_bit(uint64_t *map, unsigned k) { map[k / 64] &= ~(1ull << (k % 64)); }

/* xorshift64: the heap's own, seeded the same in every heap, so a replay
 * hands out the slots its run did. */
static unsigned rnd(struct mesh *h, unsigned below)
{
    h->rng ^= h->rng << 13;
    h->rng ^= h->rng >> 7;
    h->rng ^= h->rng << 17;
    return (unsigned)(h->rng % below);
}

static unsigned class_of(size_t n)
{
    unsigned c = 0;
#if BUG == 9
    while (mesh_class_size[c] + 1u < n)
#else
    while (mesh_class_size[c] < n)
#endif
        c++;
    return c;
}

static uint16_t span_id(const struct mesh *h, const struct span *s) { return (uint16_t)(s - h->span); }

static void list_add(struct mesh *h, struct span *s)
{
    uint16_t id = span_id(h, s), *head = &h->avail[s->cls - 1];
    s->prev = NO_SPAN;
    s->next = *head;
    if (*head != NO_SPAN)
        h->span[*head].prev = id;
    *head = id;
}

static void list_remove(struct mesh *h, struct span *s)
{
    if (s->prev != NO_SPAN)
        h->span[s->prev].next = s->next;
    else
        h->avail[s->cls - 1] = s->next;
    if (s->next != NO_SPAN)
        h->span[s->next].prev = s->prev;
}

/* Puts free slot k in the shuffled order at a random place. */
static void order_push(struct mesh *h, struct span *s, unsigned k)
{
#if BUG == 8
    unsigned j = rnd(h, s->navail + 2u);
#else
    unsigned j = rnd(h, s->navail + 1u);
#endif
    s->order[s->navail] = s->order[j];
    s->order[j] = (uint8_t)k;
    s->navail++;
}

static void order_rebuild(struct mesh *h, struct span *s)
{
    s->navail = 0;
    for (unsigned k = 0; k < span_slots(s); k++)
        if (!bit(s->used, k))
            order_push(h, s, k);
}

static struct span *span_new(struct mesh *h, unsigned cls)
{
    if (!h->nfree_pages)
        return NULL;
    uint16_t v = h->free_pages[--h->nfree_pages];
    struct span *s = &h->span[v];
    memset(s, 0, sizeof *s);
    s->cls = (uint8_t)(cls + 1);
    s->naliases = 1;
    s->alias[0] = v;
    h->owner[v] = v;
    order_rebuild(h, s);
    list_add(h, s);
    return s;
}

static void *small_alloc(struct mesh *h, unsigned cls, int *written)
{
    struct span *s = h->avail[cls] == NO_SPAN ? span_new(h, cls) : &h->span[h->avail[cls]];
    if (!s)
        return NULL;
    unsigned k = s->order[--s->navail];
    *written = bit(s->dirty, k);
    set_bit(s->used, k);
    set_bit(s->dirty, k);
    s->via[k] = 0;
    s->count++;
    if (!s->navail)
        list_remove(h, s);
    h->live++;
    h->in_use += span_size(s);
    return page_at(h, s->alias[0]) + (size_t)k * span_size(s);
}

static int show_file_page(struct mesh *h, unsigned v, unsigned file_page)
{
    void *at = mmap(page_at(h, v), PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, h->fd,
                    (off_t)file_page * PAGE);
    return at == MAP_FAILED ? -1 : 0;
}

/* An emptied span: its aliases show their own (punched) file pages again and
 * its page is given back, so every page of it reads zero. */
static void span_release(struct mesh *h, struct span *s)
{
    uint16_t id = span_id(h, s);
    if (s->navail)
        list_remove(h, s);
    for (unsigned i = 1; i < s->naliases; i++) {
        show_file_page(h, s->alias[i], s->alias[i]);
        h->owner[s->alias[i]] = NO_SPAN;
        h->free_pages[h->nfree_pages++] = s->alias[i];
    }
    madvise(page_at(h, id), PAGE, MADV_REMOVE);
    h->owner[id] = NO_SPAN;
    h->free_pages[h->nfree_pages++] = id;
    s->cls = 0;
}

static int disjoint(const struct span *a, const struct span *b)
{
#if BUG == 1
    unsigned words = 1;
#else
    unsigned words = MAX_SLOTS / 64;
#endif
    for (unsigned w = 0; w < words; w++)
        if (a->used[w] & b->used[w])
            return 0;
    return 1;
}

static void copy_live(struct mesh *h, struct span *dst, const struct span *src)
{
    unsigned size = span_size(src), slots = span_slots(src);
#if BUG == 2
    slots--;
#endif
    for (unsigned k = 0; k < slots; k++)
        if (bit(src->used, k))
            memcpy(page_at(h, dst->alias[0]) + k * size, page_at(h, src->alias[0]) + k * size, size);
}

/* src's pages made to show dst's file page, src's own punched out. */
static int remap_onto(struct mesh *h, struct span *dst, const struct span *src)
{
    unsigned file_page = dst->alias[0];
#if BUG == 3
    file_page++;
#endif
#if BUG == 10
    unsigned remapped = 1;
#else
    unsigned remapped = src->naliases;
#endif
    for (unsigned i = 0; i < remapped; i++)
        if (show_file_page(h, src->alias[i], file_page) != 0)
            return -1;
    fallocate(h->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)src->alias[0] * PAGE, PAGE);
    return 0;
}

static void take_slots(struct mesh *h, struct span *dst, struct span *src)
{
    unsigned first = dst->naliases;
    for (unsigned i = 0; i < src->naliases; i++) {
        dst->alias[first + i] = src->alias[i];
#if BUG == 4
        h->owner[src->alias[i]] = span_id(h, src);
#else
        h->owner[src->alias[i]] = span_id(h, dst);
#endif
    }
    dst->naliases = (uint8_t)(first + src->naliases);
    for (unsigned k = 0; k < span_slots(src); k++)
        if (bit(src->used, k)) {
            set_bit(dst->used, k);
#if BUG != 12
            set_bit(dst->dirty, k);
#endif
            dst->via[k] = (uint8_t)(first + src->via[k]);
        }
#if BUG != 7
    dst->count = (uint16_t)(dst->count + src->count);
#endif
}

/* Meshes the emptier of a and b into the fuller: 0, or -1 when the kernel
 * refused a mapping (then a remap may be half done: the heap is lost). */
static int mesh_pair(struct mesh *h, struct span *a, struct span *b)
{
    struct span *dst = a->count >= b->count ? a : b, *src = dst == a ? b : a;
    copy_live(h, dst, src);
    if (remap_onto(h, dst, src) != 0)
        return -1;
    int dst_listed = dst->navail > 0;
    take_slots(h, dst, src);
#if BUG != 11
    if (src->navail)
        list_remove(h, src);
    src->cls = 0;
#endif
#if BUG != 6
    order_rebuild(h, dst);
#endif
    if (dst_listed && !dst->navail)
        list_remove(h, dst);
    return 0;
}

/* Meshes s with the first span of its class it can share a page with:
 * whether it did. */
static int try_mesh(struct mesh *h, struct span *s)
{
    for (uint16_t t = h->avail[s->cls - 1]; t != NO_SPAN; t = h->span[t].next) {
        struct span *o = &h->span[t];
        if (o != s && o->naliases + s->naliases <= MAX_ALIASES && disjoint(o, s))
            return mesh_pair(h, s, o) == 0;
    }
    return 0;
}

struct mesh *mesh_create(size_t bytes)
{
    (void)bytes; /* the arena is fixed; big blocks map their own */
    struct mesh *h = mmap(NULL, sizeof *h, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (h == MAP_FAILED)
        return NULL;
    h->fd = memfd_create("mesh-round21", MFD_CLOEXEC);
    if (h->fd < 0 || ftruncate(h->fd, (off_t)VPAGES * PAGE) != 0)
        goto fail;
    h->base = mmap(NULL, (size_t)VPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd, 0);
    if (h->base == MAP_FAILED)
        goto fail;
    h->rng = 0x9e3779b97f4a7c15ull;
    for (unsigned c = 0; c < CLASSES; c++)
        h->avail[c] = NO_SPAN;
    for (unsigned v = 0; v < VPAGES; v++) {
        h->owner[v] = NO_SPAN;
        h->free_pages[v] = (uint16_t)(VPAGES - 1 - v); /* low pages first */
    }
    h->nfree_pages = VPAGES;
    return h;
fail:
    if (h->fd >= 0)
        close(h->fd);
    munmap(h, sizeof *h);
    return NULL;
}

void mesh_destroy(struct mesh *h)
{
    for (size_t i = 0; i < h->nlarge; i++)
        munmap(h->large[i].map, h->large[i].map_len);
    munmap(h->base, (size_t)VPAGES * PAGE);
    close(h->fd);
    munmap(h, sizeof *h);
}

/* A live block at p: its span, slot and the alias it was handed out
 * through, or its large record. */
struct where {
    struct span *s;
    unsigned k;
    struct large *g;
};

static int in_arena(const struct mesh *h, const void *p)
{
    return (uintptr_t)p - (uintptr_t)h->base < (uintptr_t)VPAGES * PAGE;
}

static int find_small(struct mesh *h, const char *p, struct where *w)
{
    unsigned v = (unsigned)((uintptr_t)(p - h->base) / PAGE), a = 0;
    if (h->owner[v] == NO_SPAN || !h->span[h->owner[v]].cls)
        return -1;
    struct span *s = &h->span[h->owner[v]];
    while (a < s->naliases && s->alias[a] != v)
        a++;
    size_t off = (size_t)(p - page_at(h, v));
    if (a == s->naliases || off % span_size(s) || off / span_size(s) >= span_slots(s))
        return -1;
    unsigned k = (unsigned)(off / span_size(s));
    if (!bit(s->used, k) || s->via[k] != a)
        return -1;
    *w = (struct where){s, k, NULL};
    return 0;
}

static int find(struct mesh *h, const void *p, struct where *w)
{
    if (in_arena(h, p))
        return find_small(h, p, w);
    for (size_t i = 0; i < h->nlarge; i++)
        if (h->large[i].payload == p) {
            *w = (struct where){NULL, 0, &h->large[i]};
            return 0;
        }
    return -1;
}

static size_t usable_of(const struct where *w) { return w->s ? span_size(w->s) : large_usable(w->g); }

static void *large_alloc(struct mesh *h, size_t n, size_t align)
{
    if (n > MAX_REQUEST || h->nlarge == LARGE_MAX) {
        errno = ENOMEM;
        return NULL;
    }
    size_t len = round_up(n ? n : 1, PAGE) + (align > PAGE ? align : 0);
    char *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        errno = ENOMEM;
        return NULL;
    }
    char *payload = (char *)round_up((uintptr_t)map, align > PAGE ? align : PAGE);
    h->large[h->nlarge++] = (struct large){map, payload, len};
    h->live++;
    h->in_use += len - (size_t)(payload - map);
    return payload;
}

static void *alloc(struct mesh *h, size_t n, size_t align, int *written)
{
    *written = 1;
    size_t fit = n > align ? n : align;
    if (fit <= SMALL_MAX) {
        unsigned c = class_of(fit);
        while (mesh_class_size[c] % align) /* a power-of-two class: its slots are aligned to it */
            c++;
        void *p = small_alloc(h, c, written);
        if (p)
            return p;
    }
    return large_alloc(h, n, align);
}

void *mesh_malloc(struct mesh *h, size_t n)
{
    int written;
    return alloc(h, n, MESH_ALIGNMENT, &written);
}

void *mesh_aligned(struct mesh *h, size_t align, size_t n)
{
    int written;
    return alloc(h, n, align > MESH_ALIGNMENT ? align : MESH_ALIGNMENT, &written);
}

void *mesh_calloc(struct mesh *h, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    int written;
    char *p = alloc(h, n * size, MESH_ALIGNMENT, &written);
    if (p && written)
        memset(p, 0, n * size);
    return p;
}

static void small_free(struct mesh *h, struct span *s, unsigned k)
{
    clear_bit(s->used, k);
    s->count--;
    h->live--;
    h->in_use -= span_size(s);
    if (!s->navail)
        list_add(h, s);
    order_push(h, s, k);
#if BUG == 5
    int own_live = 0;
    for (unsigned i = 0; i < span_slots(s); i++)
        own_live |= bit(s->used, i) && s->via[i] == 0;
    if (!own_live)
#else
    if (!s->count)
#endif
        span_release(h, s);
    else if (s->count * 2u <= span_slots(s))
        try_mesh(h, s);
}

static void large_free(struct mesh *h, struct large *g)
{
    h->live--;
    h->in_use -= large_usable(g);
    munmap(g->map, g->map_len);
    *g = h->large[--h->nlarge];
}

int mesh_free(struct mesh *h, void *p)
{
    struct where w;
    if (!p)
        return 0;
    if (find(h, p, &w) != 0)
        return EINVAL;
    if (w.s)
        small_free(h, w.s, w.k);
    else
        large_free(h, w.g);
    return 0;
}

void *mesh_realloc(struct mesh *h, void *p, size_t n)
{
    struct where w;
    if (!p)
        return mesh_malloc(h, n);
    if (find(h, p, &w) != 0) {
        errno = EINVAL;
        return NULL;
    }
    if (!n) {
        mesh_free(h, p);
        return NULL;
    }
    size_t old = usable_of(&w);
    if (w.s ? n <= SMALL_MAX && class_of(n) == w.s->cls - 1u : n > SMALL_MAX && n <= old)
        return p;
    void *q = mesh_malloc(h, n);
    if (!q)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    mesh_free(h, p);
    return q;
}

size_t mesh_usable(struct mesh *h, void *p)
{
    struct where w;
    return find(h, p, &w) == 0 ? usable_of(&w) : 0;
}

int mesh_trim(struct mesh *h)
{
    for (unsigned c = 0; c < CLASSES; c++)
        for (uint16_t t = h->avail[c]; t != NO_SPAN;) /* a mesh changes the list: start it again */
            t = try_mesh(h, &h->span[t]) ? h->avail[c] : h->span[t].next;
    return 0;
}

int mesh_contains(struct mesh *h, const void *p, size_t n)
{
    uintptr_t at = (uintptr_t)p;
    if (in_arena(h, p))
        return n <= (uintptr_t)VPAGES * PAGE - (at - (uintptr_t)h->base);
    for (size_t i = 0; i < h->nlarge; i++) {
        uintptr_t start = (uintptr_t)h->large[i].map, end = start + h->large[i].map_len;
        if (at >= start && at < end && n <= end - at)
            return 1;
    }
    return 0;
}

void mesh_stats(struct mesh *h, size_t *in_use, size_t *live)
{
    *in_use = h->in_use;
    *live = h->live;
}
