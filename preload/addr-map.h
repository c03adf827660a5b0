/*
 * The recorder's tables, kept apart from its locking and output: growable
 * mmap'd arrays and a map from a live block's address to its trace id.
 * Nothing here calls malloc (the shim is malloc), and nothing locks: the
 * recorder calls these with rec_mutex held.
 */
#ifndef HALLOC_PRELOAD_ADDR_MAP_H
#define HALLOC_PRELOAD_ADDR_MAP_H

#include <stddef.h>
#include <stdint.h>

/* A growable mmap'd array of elements of one size. */
struct table {
    void *items;
    size_t cap; /* elements */
};

/* Grows t to at least `want` elements of `size` bytes (zeroed); 0 or -1. */
int table_reserve(struct table *t, size_t want, size_t size);

/* Open addressing with linear probing; key 0 marks an empty slot (no block
 * lives at address 0). */
struct addr_map {
    struct table keys, ids; /* uintptr_t, uint32_t; cap a power of two */
    size_t entries;
};

/* Room for one more entry, growing the map if it would pass half full;
 * 0, or -1 when no memory could be mapped (the map is left as it was). */
int addr_map_reserve(struct addr_map *m);

/* Maps key to id; addr_map_reserve made room and key is not in the map. */
void addr_map_put(struct addr_map *m, uintptr_t key, uint32_t id);

/* Removes key and returns its id; -1 if key is not in the map. */
long addr_map_take(struct addr_map *m, uintptr_t key);

/* Calls each(id) for every entry while it returns nonzero. */
void addr_map_each(const struct addr_map *m, int (*each)(uint32_t id));

#endif
