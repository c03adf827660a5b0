/*
 * addr-map.h - from-mtrace.c's map of addresses to block ids: the live
 * blocks, and the addresses freed since last allocated. An mtrace log is
 * converted in memory for these alone, so a log of any length converts.
 * Included by fuzz/from-mtrace.c only.
 */
#ifndef FUZZ_ADDR_MAP_H
#define FUZZ_ADDR_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>


/* Slots of a map when the conversion starts (a power of two). */
#define MAP_FIRST_CAP ((size_t)1024)

/* Live blocks: address -> id, open addressing with linear probing and
 * backward-shift deletion (address 0 marks an empty slot: no block has it). */
struct addr_map {
    uint64_t *addr;
    uint32_t *id;
    size_t cap, used; /* cap: a power of two */
};

static inline size_t slot_of(const struct addr_map *m, uint64_t a)
{
    a ^= a >> 33; /* addresses differ in their middle bits: mix them down */
    a *= 0xff51afd7ed558ccdULL;
    a ^= a >> 33;
    return (size_t)a & (m->cap - 1);
}

static inline size_t map_find(const struct addr_map *m, uint64_t a)
{
    size_t i = slot_of(m, a);
    while (m->addr[i] && m->addr[i] != a)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The bytes a map of cap slots takes. */
static inline size_t map_bytes(size_t cap)
{
    return cap * (sizeof(uint64_t) + sizeof(uint32_t));
}

/* The bytes map_new asks for, and the next map_grow(m): what a failed one was refused. */
static inline size_t map_new_bytes(void) { return map_bytes(MAP_FIRST_CAP); }
static inline size_t map_grow_bytes(const struct addr_map *m) { return map_bytes(m->cap * 2); }

static inline void map_free(struct addr_map *m)
{
    free(m->addr);
    free(m->id);
}

/* *m made empty with cap slots: 0, or -1 with *m all zero (map_free takes it) when memory ran out. */
static inline int map_make(struct addr_map *m, size_t cap)
{
    *m = (struct addr_map){calloc(cap, sizeof *m->addr), calloc(cap, sizeof *m->id), cap, 0};
    if (m->addr && m->id)
        return 0;
    map_free(m);
    *m = (struct addr_map){NULL, NULL, 0, 0};
    return -1;
}

/* A map for a conversion's start; map_make's answer. */
static inline int map_new(struct addr_map *m) { return map_make(m, MAP_FIRST_CAP); }

static inline int map_grow(struct addr_map *m)
{
    struct addr_map n;
    if (map_make(&n, m->cap * 2) != 0)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->addr[i]) {
            size_t j = map_find(&n, m->addr[i]);
            n.addr[j] = m->addr[i];
            n.id[j] = m->id[i];
            n.used++;
        }
    map_free(m);
    *m = n;
    return 0;
}

/* Slot i emptied; later entries of its run move up so every lookup still finds them. */
static inline void map_remove_at(struct addr_map *m, size_t i)
{
    size_t j = i;
    m->used--;
    for (;;) {
        m->addr[i] = 0;
        do {
            j = (j + 1) & (m->cap - 1);
            if (!m->addr[j])
                return;
        } while (((j - slot_of(m, m->addr[j])) & (m->cap - 1)) < ((j - i) & (m->cap - 1)));
        m->addr[i] = m->addr[j];
        m->id[i] = m->id[j];
        i = j;
    }
}

/* a joins the map (it is not in it); -1 when memory for it ran out. */
static inline int map_put(struct addr_map *m, uint64_t a, uint32_t id)
{
    if (m->used + 1 > m->cap / 2 && map_grow(m) != 0)
        return -1;
    size_t s = map_find(m, a);
    m->addr[s] = a;
    m->id[s] = id;
    m->used++;
    return 0;
}

/* 1 if a was in the map and is out of it now, else 0. */
static inline int map_drop(struct addr_map *m, uint64_t a)
{
    size_t s = map_find(m, a);
    if (!m->addr[s])
        return 0;
    map_remove_at(m, s);
    return 1;
}

#endif /* FUZZ_ADDR_MAP_H */
