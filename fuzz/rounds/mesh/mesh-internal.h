/*
 * mesh-internal.h - the layout mesh.c and its checker share (mesh.c says
 * what the heap is).
 */
#ifndef ROUNDS_MESH_INTERNAL_H
#define ROUNDS_MESH_INTERNAL_H
#include "mesh.h"

#include <stdint.h>

#define PAGE 4096
#define VPAGES 4096        /* the arena's pages: 16 MiB of addresses, as many of file */
#define CLASSES 22
#define SMALL_MAX 2048
#define MAX_SLOTS 256      /* 16-byte slots in a page */
#define MAX_ALIASES 4      /* addresses one physical page may show at */
#define NO_SPAN 0xffffu
#define LARGE_MAX 4352     /* live large blocks: more than the harness holds */
#define MAX_REQUEST ((size_t)1 << 40)

/* A span is named by its own page, alias[0]: the file page there holds its
 * slots. Meshed, the pages of the spans meshed into it show that file page
 * too (alias[1..]), and via[k] says through which a used slot was handed out. */
struct span {
    uint8_t cls;          /* class + 1; 0: no span starts here */
    uint8_t naliases;
    uint16_t count;       /* used slots */
    uint16_t navail;      /* order[0..navail): the free slots, shuffled */
    uint16_t next, prev;  /* the class's list of spans with free slots */
    uint16_t alias[MAX_ALIASES];
    uint64_t used[MAX_SLOTS / 64];
    uint64_t dirty[MAX_SLOTS / 64]; /* written since the page last read zero */
    uint8_t via[MAX_SLOTS];
    uint8_t order[MAX_SLOTS];
};

struct large {
    char *map, *payload;
    size_t map_len;
};

struct mesh {
    int fd;
    char *base;                /* VPAGES pages, page v showing file page v until meshed */
    uint64_t rng;
    size_t in_use, live, nlarge, nfree_pages;
    uint16_t avail[CLASSES];   /* first span with free slots, or NO_SPAN */
    uint16_t owner[VPAGES];    /* the span whose file page page v shows, or NO_SPAN */
    uint16_t free_pages[VPAGES];
    struct large large[LARGE_MAX];
    struct span span[VPAGES];
};

extern const uint16_t mesh_class_size[CLASSES];

static inline int bit(const uint64_t *map, unsigned k) { return (int)(map[k / 64] >> (k % 64) & 1); }
static inline char *page_at(const struct mesh *h, unsigned v) { return h->base + (size_t)v * PAGE; }
static inline unsigned span_size(const struct span *s) { return mesh_class_size[s->cls - 1]; }
static inline unsigned span_slots(const struct span *s) { return PAGE / span_size(s); }
static inline size_t large_usable(const struct large *g) { return g->map_len - (size_t)(g->payload - g->map); }

#endif
