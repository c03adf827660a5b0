/*
 * decay-internal.h - the layout decay.c and its checker share (decay.c says
 * what the heap is).
 */
#ifndef ROUNDS_DECAY_INTERNAL_H
#define ROUNDS_DECAY_INTERNAL_H
#include "decay.h"

#include <stdint.h>

#define PAGE 4096
#define DECAY_CHUNK_PAGES 256   /* a chunk: 1 MiB, its page map in its first pages */
#define CLASSES 24
#define SMALL_MAX 2048
#define MAX_SLOTS 256     /* a small run's bitmap */
#define LARGE_MAX (512 * 1024)
#define MAX_REQUEST ((size_t)1 << 40)
#define DECAY_OPS 32      /* a dirty run unused this many ops is purged */
#define PURGE_EVERY 8     /* ops between purge passes */

enum run_state { FREE_CLEAN, FREE_DIRTY, SMALL, LARGE };

/* One per page; the fields past start are the run's, kept at its first page. */
struct run {
    uint32_t start, pages; /* start: the run's first page, at every page of it */
    uint8_t state, cls, zeroed; /* zeroed: carved from pages that read zero */
    uint16_t nfree, fresh;  /* SMALL: free slots; slots from fresh up never handed out */
    uint64_t dirtied;       /* FREE_DIRTY: the op that made it dirty */
    uint64_t used[MAX_SLOTS / 64];
    struct run *next;       /* SMALL with free slots: its class's list */
};

struct chunk {
    struct chunk *next;
    struct run map[DECAY_CHUNK_PAGES];
};

#define HDR_PAGES ((sizeof(struct chunk) + PAGE - 1) / PAGE)

struct huge {
    struct huge *next;
    size_t map_len;
    char *payload;
};

struct decay {
    struct chunk *chunks; /* newest first: the first chunk, never unmapped, is last */
    struct huge *huges;
    struct run *avail[CLASSES];
    uint64_t ops;
    size_t in_use, live;
};

extern const uint16_t decay_class_size[CLASSES];

static inline char *page_addr(struct chunk *c, size_t page) { return (char *)c + page * PAGE; }
static inline size_t run_index(struct chunk *c, struct run *r) { return (size_t)(r - c->map); }
static inline char *run_addr(struct chunk *c, struct run *r) { return page_addr(c, run_index(c, r)); }
static inline int is_free(const struct run *r) { return r->state == FREE_CLEAN || r->state == FREE_DIRTY; }
static inline unsigned run_slots(const struct run *r)
{
    return (unsigned)(r->pages * PAGE / decay_class_size[r->cls]);
}
static inline size_t huge_usable(const struct huge *g) { return g->map_len - (size_t)(g->payload - (char *)g); }

#endif
