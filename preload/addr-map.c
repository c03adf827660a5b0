/* The recorder's tables (addr-map.h). */
#include "addr-map.h"

#include <string.h>
#include <sys/mman.h>

int table_reserve(struct table *t, size_t want, size_t size)
{
    if (want <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap * 2 : 4096;
    while (cap < want)
        cap *= 2;
    void *items = mmap(NULL, cap * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (items == MAP_FAILED)
        return -1;
    if (t->items) {
        memcpy(items, t->items, t->cap * size);
        munmap(t->items, t->cap * size);
    }
    t->items = items;
    t->cap = cap;
    return 0;
}

static size_t home(uintptr_t key, size_t mask)
{
    return (size_t)(((uint64_t)key >> 4) * 0x9e3779b97f4a7c15u >> 20) & mask;
}

static size_t slot_of(const struct addr_map *m, uintptr_t key)
{
    const uintptr_t *keys = m->keys.items;
    size_t mask = m->keys.cap - 1, i = home(key, mask);
    while (keys[i] && keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static void put_at(struct addr_map *m, size_t slot, uintptr_t key, uint32_t id)
{
    ((uintptr_t *)m->keys.items)[slot] = key;
    ((uint32_t *)m->ids.items)[slot] = id;
}

static int grow(struct addr_map *m)
{
    struct addr_map old = *m;
    size_t cap = old.keys.cap ? old.keys.cap * 2 : 4096;
    m->keys = m->ids = (struct table){NULL, 0};
    if (table_reserve(&m->keys, cap, sizeof(uintptr_t)) || table_reserve(&m->ids, cap, sizeof(uint32_t))) {
        if (m->keys.items)
            munmap(m->keys.items, m->keys.cap * sizeof(uintptr_t));
        *m = old;
        return -1;
    }
    for (size_t i = 0; i < old.keys.cap; i++) {
        uintptr_t key = ((uintptr_t *)old.keys.items)[i];
        if (key)
            put_at(m, slot_of(m, key), key, ((uint32_t *)old.ids.items)[i]);
    }
    if (old.keys.items) {
        munmap(old.keys.items, old.keys.cap * sizeof(uintptr_t));
        munmap(old.ids.items, old.ids.cap * sizeof(uint32_t));
    }
    return 0;
}

int addr_map_reserve(struct addr_map *m)
{
    return (m->entries + 1) * 2 > m->keys.cap ? grow(m) : 0;
}

void addr_map_put(struct addr_map *m, uintptr_t key, uint32_t id)
{
    put_at(m, slot_of(m, key), key, id);
    m->entries++;
}

/* Empties slot i, shifting back the entries after it that probing would
 * otherwise no longer reach. */
static void remove_at(struct addr_map *m, size_t i)
{
    uintptr_t *keys = m->keys.items;
    uint32_t *ids = m->ids.items;
    size_t mask = m->keys.cap - 1;
    for (size_t j = (i + 1) & mask; keys[j]; j = (j + 1) & mask) {
        size_t h = home(keys[j], mask);
        if (((j - h) & mask) >= ((j - i) & mask)) { /* i lies on j's probe path */
            keys[i] = keys[j];
            ids[i] = ids[j];
            i = j;
        }
    }
    keys[i] = 0;
    m->entries--;
}

long addr_map_take(struct addr_map *m, uintptr_t key)
{
    if (!m->keys.cap)
        return -1;
    size_t s = slot_of(m, key);
    if (((uintptr_t *)m->keys.items)[s] != key)
        return -1;
    long id = ((uint32_t *)m->ids.items)[s];
    remove_at(m, s);
    return id;
}

void addr_map_each(const struct addr_map *m, int (*each)(uint32_t id))
{
    const uintptr_t *keys = m->keys.items;
    const uint32_t *ids = m->ids.items;
    for (size_t i = 0; i < m->keys.cap; i++)
        if (keys[i] && !each(ids[i]))
            return;
}
