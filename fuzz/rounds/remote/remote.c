/*
 * remote.c - an snmalloc/mimalloc-style allocator with message-passing remote
 * frees (round 21, fuzz/rounds/README.md).
 *
 * Memory comes in 256 KiB segments on a 256 KiB boundary, so a block's
 * segment header is its address masked; a segment is 16 pages of 16 KiB
 * (page 0 less the header). Each thread that calls the heap gets an owner; a
 * page belongs to one owner and holds blocks of one of 32 classes (16 to
 * 8,192 bytes, no header), carved by a bump pointer. Its owner allocates from
 * its free list; the owner's own frees go onto a second, local list, moved
 * over whole when the free list runs dry; a thread that frees a block of a
 * page it does not own pushes it by CAS onto the page's atomic remote list,
 * which the owner takes whole (an exchange) when both lists are empty. A page
 * whose blocks are all back is retired to the heap's pool, for any owner and
 * class. Larger blocks, and those aligned past 4 KiB, get a segment each.
 * Every call holds a read-write lock shared, the check alone: its quiescent
 * point. The heap's mutex guards the pool, the segments and the owners.
 *
 * Planted bugs, off unless built with -DBUG=n (one line each):
 *   1  a remote free is pushed onto the owner's newest page of the class, not the block's page
 *   2  a collect splices only the remote list's first block back, dropping its tail
 *   3  a collect takes the remote list by a load and a store of NULL: a push between them is lost
 *   4  the owner test asks only whether the page has an owner: every free is taken for a local one
 *   5  a remote free also lowers the page's used count, which the collect lowers again
 *   6  a local free retires a page whose outstanding blocks all wait on its remote list
 *   7  a block's page index found from the byte below it: a page's first block is the page below's
 *   8  a remote free pushes with a plain load and store, no CAS
 *   9  moving the local list to the free list leaves the local list's head set
 *  10  the thread's cached owner is keyed by the heap's address alone, not its id
 *  11  a retired page is not marked dirty, so calloc trusts its reused bytes to read zero
 *  12  an aligned request's class is rounded from its size alone, not its alignment
 */
#define _DEFAULT_SOURCE
#include "remote-internal.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#ifndef BUG
#define BUG 0
#endif

const uint32_t rmt_class_size[CLASSES] = {16,   32,   48,   64,   80,   96,   112,  128,  160,  192,  224,
                                          256,  320,  384,  448,  512,  640,  768,  896,  1024, 1280, 1536,
                                          1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192};

static _Atomic uint64_t heaps_made;

/* The calling thread's owner of the heap it last called. */
static _Thread_local struct {
    const struct rmt *heap;
    uint64_t id;
    struct rmt_owner *owner;
} cached;

static size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

static unsigned class_of(size_t n)
{
    unsigned c = 0;
    while (rmt_class_size[c] < n)
        c++;
    return c;
}

static void *map(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* len bytes (a multiple of OS_PAGE) on a SEG_SIZE boundary: map more, cut the ends off. */
static char *map_aligned(size_t len)
{
    char *p = map(len + SEG_SIZE);
    if (!p)
        return NULL;
    char *at = (char *)round_up((uintptr_t)p, SEG_SIZE);
    if (at > p)
        munmap(p, (size_t)(at - p));
    if (p + len + SEG_SIZE > at + len)
        munmap(at + len, (size_t)(p + len + SEG_SIZE - (at + len)));
    return at;
}

static struct page *page_of(struct seg *s, const void *p)
{
#if BUG == 7
    return &s->pages[((size_t)((const char *)p - (char *)s) - 1) >> PAGE_SHIFT];
#else
    return &s->pages[(size_t)((const char *)p - (char *)s) >> PAGE_SHIFT];
#endif
}

static struct rmt_owner *owner_new(struct rmt *H)
{
    struct rmt_owner *o = map(OS_PAGE);
    if (!o)
        return NULL;
    o->thread = pthread_self();
    o->next = H->owners;
    H->owners = o;
    return o;
}

/* The calling thread's owner: its cache, else found or made under the lock. */
static struct rmt_owner *me(struct rmt *H)
{
#if BUG == 10
    if (cached.heap == H)
#else
    if (cached.heap == H && cached.id == H->id)
#endif
        return cached.owner;
    pthread_mutex_lock(&H->lock);
    struct rmt_owner *o = H->owners;
    while (o && !pthread_equal(o->thread, pthread_self()))
        o = o->next;
    if (!o)
        o = owner_new(H);
    pthread_mutex_unlock(&H->lock);
    if (o) {
        cached.heap = H;
        cached.id = H->id;
        cached.owner = o;
    }
    return o;
}

/* A new small segment, its pages in the pool; the lock held. */
static int segment_new(struct rmt *H)
{
    struct seg *s = (struct seg *)map_aligned(SEG_SIZE);
    if (!s)
        return 0;
    s->magic = SEG_MAGIC;
    s->kind = SEG_SMALL;
    s->map_len = SEG_SIZE;
    s->next = H->segs;
    H->segs = s;
    for (size_t i = PAGES; i-- > 0;) {
        s->pages[i].next = H->pool;
        H->pool = &s->pages[i];
    }
    return 1;
}

/* A page from the pool (or a new segment), made o's for class cls. */
static struct page *page_acquire(struct rmt *H, struct rmt_owner *o, unsigned cls)
{
    pthread_mutex_lock(&H->lock);
    struct page *pg = H->pool;
    if (!pg && segment_new(H))
        pg = H->pool;
    if (pg) {
        H->pool = pg->next;
        pg->owner = o;
    }
    pthread_mutex_unlock(&H->lock);
    if (!pg)
        return NULL;
    struct seg *s = seg_of(pg);
    pg->cls = cls;
    pg->block_size = rmt_class_size[cls];
    pg->capacity = (uint32_t)(page_data_len(s, pg) / pg->block_size);
    pg->reserved = pg->used = 0;
    pg->free = pg->local = NULL; /* remote is empty: a page retires only with every block back */
    pg->next = o->pages[cls];
    o->pages[cls] = pg;
    return pg;
}

static void page_retire(struct rmt *H, struct page *pg)
{
    struct page **at = &pg->owner->pages[pg->cls];
    while (*at != pg)
        at = &(*at)->next;
    *at = pg->next;
    pthread_mutex_lock(&H->lock);
    pg->owner = NULL;
#if BUG != 11
    pg->dirty = 1;
#endif
    pg->next = H->pool;
    H->pool = pg;
    pthread_mutex_unlock(&H->lock);
}

/* The owner takes the page's remote list whole onto its free list. */
static void collect_remote(struct page *pg)
{
    if (!atomic_load_explicit(&pg->remote, memory_order_relaxed))
        return;
#if BUG == 3
    struct block *list = atomic_load_explicit(&pg->remote, memory_order_acquire);
    atomic_store_explicit(&pg->remote, NULL, memory_order_relaxed);
#else
    struct block *list = atomic_exchange_explicit(&pg->remote, NULL, memory_order_acquire);
#endif
    uint32_t n = 1;
    struct block *tail = list;
    for (; tail->next; tail = tail->next)
        n++;
#if BUG == 2
    list->next = pg->free;
#else
    tail->next = pg->free;
#endif
    pg->free = list;
    pg->used -= n;
}

/* A block of pg's, or NULL; *zero: it was never handed out since mapped. */
static void *page_pop(struct page *pg, int *zero)
{
    if (!pg->free) {
        pg->free = pg->local;
#if BUG != 9
        pg->local = NULL;
#endif
    }
    if (!pg->free)
        collect_remote(pg);
    *zero = 0;
    struct block *b = pg->free;
    if (b)
        pg->free = b->next;
    else if (pg->reserved < pg->capacity) {
        b = (struct block *)(page_data(seg_of(pg), pg) + (size_t)pg->reserved++ * pg->block_size);
        *zero = !pg->dirty;
    }
    if (b)
        pg->used++;
    return b;
}

static void count(struct rmt *H, size_t bytes, int blocks)
{
    atomic_fetch_add_explicit(&H->in_use, bytes, memory_order_relaxed);
    atomic_fetch_add_explicit(&H->live, (size_t)blocks, memory_order_relaxed);
}

static void *small_alloc(struct rmt *H, unsigned cls, int *zero)
{
    struct rmt_owner *o = me(H);
    if (!o)
        return NULL;
    void *b = NULL;
    for (struct page *pg = o->pages[cls]; pg && !b; pg = pg->next)
        b = page_pop(pg, zero);
    if (!b) {
        struct page *pg = page_acquire(H, o, cls);
        b = pg ? page_pop(pg, zero) : NULL;
    }
    if (b)
        count(H, rmt_class_size[cls], 1);
    return b;
}

/* A segment of its own for n bytes at align; huge_usable the bytes to the mapping's end. */
static void *huge_alloc(struct rmt *H, size_t n, size_t align, int *zero)
{
    size_t off = round_up(sizeof(struct seg), align);
    size_t len = round_up(off + n, OS_PAGE);
    struct seg *s = (struct seg *)map_aligned(len);
    if (!s)
        return NULL;
    s->magic = SEG_MAGIC;
    s->kind = SEG_HUGE;
    s->map_len = len;
    s->huge_payload = (char *)s + off;
    s->huge_usable = len - off;
    pthread_mutex_lock(&H->lock);
    s->next = H->segs;
    H->segs = s;
    pthread_mutex_unlock(&H->lock);
    count(H, s->huge_usable, 1);
    *zero = 1;
    return s->huge_payload;
}

/* Neither lock taken: the public calls take the shared one. */
static void *alloc(struct rmt *H, size_t n, size_t align, int *zero)
{
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    void *p;
    if (align <= RMT_ALIGNMENT && n <= SMALL_MAX)
        p = small_alloc(H, class_of(n ? n : 1), zero);
#if BUG == 12
    else if (align <= ALIGNED_SMALL_MAX && n <= ALIGNED_SMALL_MAX)
        p = small_alloc(H, class_of(n ? n : 1), zero);
#else
    else if (align <= ALIGNED_SMALL_MAX && n <= ALIGNED_SMALL_MAX) /* a power of two is aligned to itself */
        p = small_alloc(H, class_of(round_up(n > align ? n : align, align)), zero);
#endif
    else
        p = huge_alloc(H, n, align, zero);
    if (!p)
        errno = ENOMEM;
    return p;
}

void *rmt_malloc(struct rmt *H, size_t n)
{
    int zero;
    pthread_rwlock_rdlock(&H->quiesce);
    void *p = alloc(H, n, RMT_ALIGNMENT, &zero);
    pthread_rwlock_unlock(&H->quiesce);
    return p;
}

void *rmt_calloc(struct rmt *H, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    int zero;
    pthread_rwlock_rdlock(&H->quiesce);
    void *p = alloc(H, n * size, RMT_ALIGNMENT, &zero);
    pthread_rwlock_unlock(&H->quiesce);
    if (p && !zero)
        memset(p, 0, n * size);
    return p;
}

void *rmt_aligned(struct rmt *H, size_t align, size_t n)
{
    if (!align || (align & (align - 1))) {
        errno = EINVAL;
        return NULL;
    }
    int zero;
    pthread_rwlock_rdlock(&H->quiesce);
    void *p = alloc(H, n, align, &zero);
    pthread_rwlock_unlock(&H->quiesce);
    return p;
}

static int owns(struct rmt *H, struct page *pg)
{
#if BUG == 4
    (void)H;
    return pg->owner != NULL;
#else
    return pg->owner == me(H);
#endif
}

static void remote_push(struct page *pg, struct block *b)
{
#if BUG == 8
    struct block **plain = (struct block **)&pg->remote;
    b->next = *plain;
    *plain = b;
#else
    struct block *head = atomic_load_explicit(&pg->remote, memory_order_relaxed);
    do
        b->next = head;
    while (!atomic_compare_exchange_weak_explicit(&pg->remote, &head, b, memory_order_release,
                                                  memory_order_relaxed));
#endif
}

#if BUG == 6
/* The blocks on pg's remote list, read without taking them. */
static uint32_t remote_pending(struct page *pg)
{
    uint32_t n = 0;
    for (struct block *b = atomic_load_explicit(&pg->remote, memory_order_acquire); b; b = b->next)
        n++;
    return n;
}
#endif

static void local_free(struct rmt *H, struct page *pg, struct block *b)
{
    b->next = pg->local;
    pg->local = b;
    pg->used--;
#if BUG == 6
    if (pg->used == remote_pending(pg))
#else
    if (pg->used == 0)
#endif
        page_retire(H, pg);
}

static void huge_free(struct rmt *H, struct seg *s)
{
    pthread_mutex_lock(&H->lock);
    struct seg **at = &H->segs;
    while (*at != s)
        at = &(*at)->next;
    *at = s->next;
    pthread_mutex_unlock(&H->lock);
    munmap(s, s->map_len);
}

/* Neither lock taken: the public calls take the shared one. */
static void release(struct rmt *H, void *p)
{
    struct seg *s = seg_of(p);
    if (s->kind == SEG_HUGE) {
        count(H, -s->huge_usable, -1);
        huge_free(H, s);
        return;
    }
    struct page *pg = page_of(s, p);
    count(H, -(size_t)pg->block_size, -1);
    if (owns(H, pg)) {
        local_free(H, pg, p);
        return;
    }
#if BUG == 5
    pg->used--;
#endif
#if BUG == 1
    pg = pg->owner->pages[pg->cls];
#endif
    remote_push(pg, p);
}

void rmt_free(struct rmt *H, void *p)
{
    if (!p)
        return;
    pthread_rwlock_rdlock(&H->quiesce);
    release(H, p);
    pthread_rwlock_unlock(&H->quiesce);
}

static size_t usable(void *p)
{
    struct seg *s = seg_of(p);
    return s->kind == SEG_HUGE ? s->huge_usable : page_of(s, p)->block_size;
}

size_t rmt_usable(struct rmt *H, void *p)
{
    (void)H;
    return p ? usable(p) : 0;
}

void *rmt_realloc(struct rmt *H, void *p, size_t n)
{
    if (!p)
        return rmt_malloc(H, n);
    if (n == 0) {
        rmt_free(H, p);
        return NULL;
    }
    size_t old = usable(p);
    if (n <= old)
        return p;
    int zero;
    pthread_rwlock_rdlock(&H->quiesce);
    void *q = alloc(H, n, RMT_ALIGNMENT, &zero);
    if (q) {
        memcpy(q, p, old);
        release(H, p);
    }
    pthread_rwlock_unlock(&H->quiesce);
    return q;
}

/* Unmaps each small segment whose pages are all in the pool; the lock held. */
static void unmap_empty_segments(struct rmt *H)
{
    for (struct seg **at = &H->segs; *at;) {
        struct seg *s = *at;
        size_t pooled = 0;
        for (size_t i = 0; s->kind == SEG_SMALL && i < PAGES; i++)
            pooled += !s->pages[i].owner;
        if (pooled < PAGES) {
            at = &s->next;
            continue;
        }
        for (struct page **pp = &H->pool; *pp;) {
            if (seg_of(*pp) == s)
                *pp = (*pp)->next;
            else
                pp = &(*pp)->next;
        }
        *at = s->next;
        munmap(s, s->map_len);
    }
}

int rmt_trim(struct rmt *H)
{
    pthread_rwlock_rdlock(&H->quiesce);
    struct rmt_owner *o = me(H);
    for (unsigned c = 0; o && c < CLASSES; c++) {
        for (struct page *pg = o->pages[c], *next; pg; pg = next) {
            next = pg->next;
            collect_remote(pg);
            if (pg->used == 0)
                page_retire(H, pg);
        }
    }
    pthread_mutex_lock(&H->lock);
    unmap_empty_segments(H);
    pthread_mutex_unlock(&H->lock);
    pthread_rwlock_unlock(&H->quiesce);
    return 0;
}

int rmt_contains(struct rmt *H, const void *p, size_t n)
{
    const char *q = p;
    int in = 0;
    pthread_rwlock_rdlock(&H->quiesce);
    pthread_mutex_lock(&H->lock);
    for (struct seg *s = H->segs; s && !in; s = s->next)
        in = q >= (char *)s && q <= (char *)s + s->map_len && n <= (size_t)((char *)s + s->map_len - q);
    pthread_mutex_unlock(&H->lock);
    pthread_rwlock_unlock(&H->quiesce);
    return in;
}

void rmt_stats(struct rmt *H, size_t *in_use, size_t *live)
{
    *in_use = atomic_load_explicit(&H->in_use, memory_order_relaxed);
    *live = atomic_load_explicit(&H->live, memory_order_relaxed);
}

struct rmt *rmt_create(size_t bytes)
{
    (void)bytes; /* it grows a segment at a time */
    struct rmt *H = map(round_up(sizeof *H, OS_PAGE));
    if (!H)
        return NULL;
    H->id = atomic_fetch_add(&heaps_made, 1) + 1;
    pthread_rwlock_init(&H->quiesce, NULL);
    pthread_mutex_init(&H->lock, NULL);
    return H;
}

void rmt_destroy(struct rmt *H)
{
    while (H->segs) {
        struct seg *s = H->segs;
        H->segs = s->next;
        munmap(s, s->map_len);
    }
    while (H->owners) {
        struct rmt_owner *o = H->owners;
        H->owners = o->next;
        munmap(o, OS_PAGE);
    }
    pthread_rwlock_destroy(&H->quiesce);
    pthread_mutex_destroy(&H->lock);
    munmap(H, round_up(sizeof *H, OS_PAGE));
}
