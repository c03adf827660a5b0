/*
 * reuse-adapter.c - a small size-class allocator with planted bugs in how it
 * hands memory out again, for fuzz-check-adapters (check-reuse-reports.sh):
 * the reports must name the call that went wrong, not only the damage.
 * Power-of-two classes of 16 bytes to 256 KiB, each block behind a 32-byte
 * header, carved upward from one static area; a freed block goes on its
 * class's list, linked through its first word. With no -D it is correct.
 * -DGIVES_BACK_TWICE: a free of the block carved last hands it back to the
 * area's top and also puts it on its list: the next two requests get one
 * block; overlap must name that free. It also plants the next bug.
 * -DSECOND_SLAB_OVER_FIRST: a bug only more than 64 live blocks reach (ops
 * hold, release): a class's 97th block carved, the first of its second
 * "slab" of 96, is carved over its 96th, still live (a class carves only
 * with its list empty, every block it carved live), so the overlap needs
 * 96 live blocks of one class and a request: the 64 slots hold at most 65
 * (a realloc, emulated here, holds the new block before it frees the old).
 * -DGIVES_BACK_TWICE plants it too, so that check-reuse-reports.sh tests it
 * with no build of its own.
 * -DUSABLE_NEXT_CLASS: usable_size says the next class's size, twice the
 * block's: the next block carved starts inside what it claims, and overlap
 * must blame usable_size, not a block handed out twice.
 * -DCALLOC_OLD_SIZE: calloc zeroes a recycled block only up to the size its
 * last owner asked for, as if the rest were untouched: calloc_not_zero must
 * say where the zeroing stopped and whose request that was.
 * -DALIGNED_FREED_AS_BASE: a free of an aligned block puts its own pointer on
 * the list of the allocation it was cut from, not that allocation's start:
 * the next request of that class gets a block that runs past it into the
 * next one, and overlap must name the aligned block's free.
 * -DTOP_STARTS_LOW: a block carved at the top while another is live starts
 * 64 bytes low, inside the last block carved (the room above the heap's last
 * block counted from the wrong place, as a growth path can): overlap must
 * name the top, not a free list or a split.
 * -DUSABLE_UNSET: every block gets a record of its own from malloc, whose
 * usable size is never written: built with ASan, usable_size returns ASan's
 * fill (0xbe bytes), and the report must say so.
 * -DREALLOC_ALIGNED_SLIDES: the adapter has a realloc, which keeps an aligned
 * block whose new size fits the allocation it was cut from there, its bytes
 * moved down to the allocation's start with memcpy: built with ASan, the
 * copy between overlapping ranges is a memcpy-param-overlap, and the crash's
 * context must place both ranges and name memmove.
 * -DREALLOC_SLIDES_SHORT: that realloc, moving with memmove 16 bytes fewer
 * than it keeps (a header taken off twice): realloc_lost_data must name the
 * move down over the block's old place, not a block too small.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"

#if defined(GIVES_BACK_TWICE) && !defined(SECOND_SLAB_OVER_FIRST)
#define SECOND_SLAB_OVER_FIRST
#endif

#define CLASSES 15 /* 16 << 14 = 256 KiB */
#define AREA (8u << 20)
#define MAGIC 0x5e6du

struct record {
    size_t usable; /* -DUSABLE_UNSET: never written */
};

struct header {
    uint32_t cls, magic;
    uint32_t asked; /* the size last asked for this block */
    uint32_t lead;  /* an aligned block: bytes from its allocation's start */
    struct record *record;
    uint64_t unused;
};

/* Carving starts at the first 64 KiB boundary in it, so where an aligned
 * block falls in its allocation is the same in every run. */
static _Alignas(4096) unsigned char area[AREA + 65536];
static struct heap {
    unsigned char *top;
    void *list[CLASSES];
    size_t live;
    size_t carved[CLASSES]; /* blocks carved of each class, and the last one */
    void *last[CLASSES];
} the_heap;

static size_t class_size(unsigned cls) { return (size_t)16 << cls; }
static struct header *header_of(void *p) { return (struct header *)((unsigned char *)p - sizeof(struct header)); }

static int class_of(size_t n)
{
    for (unsigned cls = 0; cls < CLASSES; cls++)
        if (n <= class_size(cls))
            return (int)cls;
    return -1;
}

static void *reuse_create(size_t bytes)
{
    (void)bytes;
    memset(&the_heap, 0, sizeof the_heap);
    the_heap.top = area + (-(uintptr_t)area & 65535);
    return &the_heap;
}

static void reuse_destroy(void *heap) { (void)heap; }

/* The highest top any heap of this process carved up to: the area is not
 * cleared between heaps (a fuzzer runs thousands), so below it carved
 * memory is not zero. */
static unsigned char *ever_top;

/* A block of class cls, popped from its list or else carved at the top;
 * *recycled says whether its bytes may be dirty. */
static void *take(struct heap *h, unsigned cls, int *recycled)
{
    void *p = h->list[cls];
    *recycled = p != NULL || h->top < ever_top;
    if (p) {
        h->list[cls] = *(void **)p;
        return p;
    }
    size_t need = sizeof(struct header) + class_size(cls);
#ifdef SECOND_SLAB_OVER_FIRST
    if (++h->carved[cls] == 97) /* the second slab's first block: its start taken for the first slab's end */
        return h->last[cls];
#endif
    if ((size_t)(area + sizeof area - h->top) < need)
        return NULL;
    p = h->top + sizeof(struct header);
#ifdef TOP_STARTS_LOW
    if (h->live)
        p = (unsigned char *)p - 64;
#endif
    h->top += need;
    h->last[cls] = p;
    ever_top = h->top > ever_top ? h->top : ever_top;
    *header_of(p) = (struct header){cls, MAGIC, 0, 0, NULL, 0};
    return p;
}

static void *allocate(struct heap *h, size_t n, int *recycled)
{
    int cls = class_of(n ? n : 1);
    void *p = cls < 0 ? NULL : take(h, (unsigned)cls, recycled);
    if (!p)
        return errno = ENOMEM, NULL;
    header_of(p)->lead = 0;
#ifdef USABLE_UNSET
    header_of(p)->record = malloc(sizeof(struct record)); /* its usable never set */
#endif
    h->live++;
    return p;
}

static void *reuse_malloc(void *heap, size_t n)
{
    int recycled;
    void *p = allocate(heap, n, &recycled);
    if (p)
        header_of(p)->asked = (uint32_t)n;
    return p;
}

static void give_back(struct heap *h, void *p)
{
    unsigned cls = header_of(p)->cls;
#ifdef GIVES_BACK_TWICE
    if ((unsigned char *)p + class_size(cls) == h->top) /* the newest block: the top goes down... */
        h->top = (unsigned char *)p - sizeof(struct header);
#endif
    *(void **)p = h->list[cls]; /* ...and the block goes on its list as well */
    h->list[cls] = p;
}

static int reuse_free(void *heap, void *p)
{
    struct heap *h = heap;
    if (!p)
        return 0;
    struct header *hd = header_of(p);
    if (hd->magic != MAGIC)
        abort();
    free(hd->record);
    hd->record = NULL;
#ifdef ALIGNED_FREED_AS_BASE
    if (hd->lead <= sizeof(struct header)) /* a lead of more than a header: p taken for the allocation */
#endif
        p = (unsigned char *)p - hd->lead;
    h->live--;
    give_back(h, p);
    return 0;
}

static size_t reuse_usable(void *heap, void *p)
{
    (void)heap;
    struct header *hd = header_of(p);
    if (hd->record)
        return hd->record->usable;
#ifdef USABLE_NEXT_CLASS
    return class_size(hd->cls + 1) - hd->lead;
#else
    return class_size(hd->cls) - hd->lead;
#endif
}

static void *reuse_calloc(void *heap, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return errno = ENOMEM, NULL;
    int recycled;
    void *p = allocate(heap, n * size, &recycled);
    if (!p)
        return NULL;
    size_t zero = n * size; /* carved memory is still zero; a recycled block is not */
#ifdef CALLOC_OLD_SIZE
    if (header_of(p)->asked < zero)
        zero = header_of(p)->asked; /* "only what its last owner asked for can be dirty" */
#endif
    if (recycled)
        memset(p, 0, zero);
    header_of(p)->asked = (uint32_t)(n * size);
    return p;
}

static void *reuse_aligned(void *heap, size_t align, size_t n)
{
    if (align <= 16)
        return reuse_malloc(heap, n);
    unsigned char *base = reuse_malloc(heap, n + align + sizeof(struct header));
    if (!base)
        return NULL;
    uintptr_t at = ((uintptr_t)base + sizeof(struct header) + align - 1) & ~(uintptr_t)(align - 1);
    unsigned char *p = (unsigned char *)at;
    *header_of(p) = *header_of(base);
    header_of(base)->record = NULL; /* the block's own header holds it */
    header_of(p)->lead = (uint32_t)(p - base);
    header_of(p)->asked = (uint32_t)n;
    return p;
}

#if defined REALLOC_ALIGNED_SLIDES || defined REALLOC_SLIDES_SHORT
static void *reuse_realloc(void *heap, void *p, size_t n)
{
    if (!p)
        return reuse_malloc(heap, n);
    struct header kept = *header_of(p);
    unsigned char *base = (unsigned char *)p - kept.lead;
    if (kept.lead && n <= class_size(kept.cls)) { /* the allocation holds it: down to its start */
        size_t keep = class_size(kept.cls) - kept.lead;
#ifdef REALLOC_SLIDES_SHORT
        memmove(base, p, (keep < n ? keep : n) - 16);
#else
        memcpy(base, p, keep < n ? keep : n); /* overlapping: memmove's job */
#endif
        kept.lead = 0, kept.asked = (uint32_t)n;
        *header_of(base) = kept;
        return base;
    }
    void *q = reuse_malloc(heap, n);
    if (!q)
        return NULL;
    size_t old = reuse_usable(heap, p);
    memcpy(q, p, old < n ? old : n);
    reuse_free(heap, p);
    return q;
}
#define REUSE_REALLOC reuse_realloc
#else
#define REUSE_REALLOC NULL
#endif

static int reuse_stats(void *heap, struct fuzz_stats *out)
{
    out->live_blocks = ((struct heap *)heap)->live;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "reuse",
    .alignment = 16,
    .caps = 0,
    .create = reuse_create,
    .destroy = reuse_destroy,
    .malloc = reuse_malloc,
    .free = reuse_free,
    .calloc = reuse_calloc,
    .realloc = REUSE_REALLOC,
    .aligned_alloc = reuse_aligned,
    .usable_size = reuse_usable,
    .stats = reuse_stats,
};
