/*
 * slab-adapter.c - for check-mappings.sh and check-sanitizer-places.sh: a
 * slab allocator of one size class (blocks of up to 64 bytes; larger
 * refused), each slab a page mapped on its own, its header in its first 64
 * bytes, the slabs with a free block on one list, a slab unmapped whole
 * when its last block goes (round 11's slab allocator,
 * fuzz/ADAPTER-ROUNDS.md, made small).
 * -DLEFT_ON_LIST: the empty slab is unmapped but stays on the list, and the
 * next malloc reads its header there (round 11's slab bugs 3 and 4), which
 * the report must call a slab, not a block, left on a list.
 * -DLINK_NOT_WRITTEN: a free pushes its block without writing the link into
 * it, so a later pop takes the program's bytes for the next free block, and
 * the malloc after it follows a wild pointer: a non-canonical one (the
 * pattern's bytes) faults with no address (round 11's next-fit bug 1).
 * -DSTEPS_BY_OLD_SIZE: a pop reads the size of the block past the one it
 * takes at byte 8 of it, where the program's bytes still lie, and steps by
 * it: a wild pointer, the block's start plus the harness's word, which the
 * report must place as both.
 * -DFOOTER_IN_BLOCK: a block carved after another reads a 4-byte footer
 * at its own start less 4, the last bytes of the block before, where the
 * program's bytes lie (a lab block cut with no room for data keeps its tags
 * there), and steps back by it to that block's header: the report must say
 * a header lies inside a live block.
 * -DFULL_KEPT_ON_LIST: a slab that fills stays on the list (its fullness
 * test one late), its header 48 bytes, so the next malloc carves a 64th
 * block 48 bytes past the page's end (round 14's Hoard superblock left on a
 * list of those with room): past_mapping must name the block below it.
 * -DUSABLE_UNSET: usable_size of a block popped from a free list reads a
 * size never set (ASan's 0xbebe... fill), and check() steps by it to the
 * next block: a wild pointer met inside the report on that size, whose
 * search of the blocks' words must still end.
 * -DRECORDS_MAPPED: claims FUZZ_CAN_GROW, its stats say a block fits while
 * a slab has room, and the first malloc that finds one maps a page of
 * records of its own before it carves there (round 18's vmem-style
 * allocator, mapping a slab of boundary tags): bookkeeping, not growth, so
 * spurious_growth must not fire. =2: that malloc maps a new slab instead and
 * carves from it, though the old one had room: growth, which must fire.
 * -DCREATE_IN, with it: the first slab is the first whole page of create_in's
 * buffer, set up by create_in (never unmapped); a block from it is no growth
 * either, though the buffer is no mapping of the allocator's.
 * -DTAKES_BIGGER: malloc serves requests of up to two blocks from a slot of
 * one (a fit never tested, round 18's vmem instant fit from the request's own
 * list): a slab's last slot, ending at the page an earlier op mapped, must be
 * told as a chunk too small handed out, not a mapping made short.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adapter.h"

#define BLOCK 64
#ifdef FULL_KEPT_ON_LIST
#define HEADER 48 /* the first block starts off a multiple of BLOCK */
#define FULL_AT(s) ((s)->nblocks + 1)
#else
#define HEADER BLOCK /* the slab's header takes its first block's room */
#define FULL_AT(s) ((s)->nblocks)
#endif
#ifdef LEFT_ON_LIST
#define UNLINKS_EMPTY 0
#else
#define UNLINKS_EMPTY 1
#endif

struct slab {
    struct slab *next;
    void *free_list;
    size_t carved, inuse, nblocks;
};

static struct slab *partial; /* the slabs with a free block */
static size_t live;
static char heap;
static void *popped; /* the block the last pop from a free list handed out */
static struct slab *in_buffer; /* create_in's slab in the caller's buffer; NULL for create()'s heap */
#ifdef RECORDS_MAPPED
static void *records; /* the page of records the first fitting malloc maps */
#define SLAB_CAPS FUZZ_CAN_GROW
#else
#define SLAB_CAPS 0
#endif

static void *sl_create(size_t bytes)
{
    partial = NULL;
    popped = NULL;
    in_buffer = NULL;
    live = 0;
    return bytes ? &heap : NULL;
}

#ifdef CREATE_IN
static void *sl_create_in(void *buffer, size_t bytes)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t at = ((uintptr_t)buffer + page - 1) & ~(uintptr_t)(page - 1); /* a slab is found by its page */
    if (at + page > (uintptr_t)buffer + bytes || !sl_create(bytes))
        return NULL;
    in_buffer = partial = (struct slab *)at;
    *in_buffer = (struct slab){NULL, NULL, 0, 0, (page - HEADER) / BLOCK};
    return &heap;
}
#define SLAB_CREATE_IN sl_create_in
#else
#define SLAB_CREATE_IN NULL
#endif

static void sl_destroy(void *h)
{
    (void)h;
#ifdef RECORDS_MAPPED
    if (records)
        munmap(records, (size_t)sysconf(_SC_PAGESIZE));
    records = NULL;
#endif
}

static struct slab *new_slab(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    struct slab *s = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED)
        return NULL;
    *s = (struct slab){partial, NULL, 0, 0, (page - HEADER) / BLOCK};
    return partial = s;
}

static void *sl_malloc(void *h, size_t n)
{
    (void)h;
#ifdef RECORDS_MAPPED
    if (partial && !records) {
        records = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (RECORDS_MAPPED == 2)
            new_slab();
    }
#endif
    struct slab *s = partial ? partial : new_slab();
#ifdef TAKES_BIGGER
    if (n > 2 * BLOCK || !s) {
#else
    if (n > BLOCK || !s) {
#endif
        errno = ENOMEM;
        return NULL;
    }
    void *p = s->free_list;
    if (p) {
        s->free_list = *(void **)p;
        popped = p;
#ifdef STEPS_BY_OLD_SIZE
        (void)*(volatile char *)((char *)p + *(size_t *)((char *)p + 8)); /* the "next block" by a size never set */
#endif
    } else {
        p = (char *)s + HEADER + s->carved++ * BLOCK;
#ifdef FOOTER_IN_BLOCK
        if (s->carved > 1) {
            char *prev = (char *)p - (*(uint32_t *)((char *)p - 4) & ~7u);
            (void)*(volatile uint32_t *)(prev - 4);
        }
#endif
    }
    if (++s->inuse == FULL_AT(s))
        partial = s->next; /* full: off the list (it is always the list's first) */
    live++;
    return p;
}

static void unlink_slab(struct slab *s)
{
    for (struct slab **at = &partial; *at; at = &(*at)->next)
        if (*at == s) {
            *at = s->next;
            return;
        }
}

static int sl_free(void *h, void *p)
{
    (void)h;
    if (!p)
        return 0;
    struct slab *s = (struct slab *)((uintptr_t)p & ~(uintptr_t)(sysconf(_SC_PAGESIZE) - 1));
    if (s->inuse-- == FULL_AT(s)) {
        s->next = partial;
        partial = s;
    }
#ifndef LINK_NOT_WRITTEN
    *(void **)p = s->free_list;
#endif
    s->free_list = p;
    live--;
    if (s->inuse == 0 && s != in_buffer) {
        if (UNLINKS_EMPTY)
            unlink_slab(s);
        munmap(s, (size_t)sysconf(_SC_PAGESIZE));
    }
    return 0;
}

static size_t sl_usable(void *h, void *p)
{
    (void)h;
#ifdef USABLE_UNSET
    if (p == popped)
        return (size_t)0xbebebebebebebebeull;
#endif
    (void)p;
    return BLOCK;
}

#ifdef USABLE_UNSET
static int sl_check(void *h, char *msg, size_t len)
{
    (void)msg, (void)len;
    return popped && *((volatile char *)popped + sl_usable(h, popped)) == 0;
}
#endif

static int sl_stats(void *h, struct fuzz_stats *st)
{
    (void)h;
    st->live_blocks = live;
#ifdef RECORDS_MAPPED
    st->largest_free = partial ? BLOCK : 0;
#endif
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "slab",
    .alignment = 16,
    .caps = SLAB_CAPS,
    .create = sl_create,
    .create_in = SLAB_CREATE_IN,
    .destroy = sl_destroy,
    .malloc = sl_malloc,
    .free = sl_free,
    .usable_size = sl_usable,
    .stats = sl_stats,
#ifdef USABLE_UNSET
    .check = sl_check,
#endif
};
