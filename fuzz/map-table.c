/*
 * map-table.c - the table of the allocator's mappings that maps.c keeps
 * (map-table.h). Lookups search by halves; an insert or a removal shifts the
 * spans above it.
 */
#include <string.h>

#include "map-table.h"

size_t map_table_first_after(const struct map_table *t, uintptr_t at)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->span[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void map_table_remove(struct map_table *t, uintptr_t start, uintptr_t end)
{
    struct map_span *span = t->span;
    for (size_t i = map_table_first_after(t, start); i < t->count && span[i].start < end;) {
        struct map_span s = span[i];
        if (s.start < start && s.end > end) { /* a hole in the middle: two spans */
            if (t->count == MAP_TABLE_MAX) {
                t->lost = 1;
                return;
            }
            memmove(&span[i + 1], &span[i], (t->count - i) * sizeof span[0]);
            t->count++;
            span[i].end = start;
            span[i + 1].start = end;
            return;
        }
        if (s.start < start) {
            span[i++].end = start;
        } else if (s.end > end) {
            span[i].start = end;
            return;
        } else {
            memmove(&span[i], &span[i + 1], (t->count - i - 1) * sizeof span[0]);
            t->count--;
        }
    }
}

void map_table_add(struct map_table *t, const struct map_span *s)
{
    map_table_remove(t, s->start, s->end);
    size_t i = map_table_first_after(t, s->start);
    if (t->count == MAP_TABLE_MAX) {
        t->lost = 1;
        return;
    }
    memmove(&t->span[i + 1], &t->span[i], (t->count - i) * sizeof t->span[0]);
    t->count++;
    t->span[i] = *s;
}
