/*
 * map-table-test.c - the harness's table of mappings (map-table.c) against a
 * model that keeps, for every cell of an address range, which map call
 * covers it now (0: unmapped): random maps and unmaps, and the cases that
 * move spans about (an unmap in the middle of a span, one across several, a
 * map over old ones, maps side by side), each followed by a comparison of
 * every span (its file offset too) and of lookups; then 12,000 spans at once, mapped going down
 * and going up, which must grow the table without moving the spans already
 * there at each map. maps.c judges each munmap by this table, so a
 * span kept wrong here is an unmap_foreign fired or missed. Part of make
 * fuzz-check-trace: exit 0 and one line, or 1 and the first mismatch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "map-table.h"

#define MODEL_TEST_NAME "map-table-test"
#define MODEL_TEST_SEED 0x5eed1234
#include "model-test.h"

#define CELLS 32768               /* the model's range, in cells */
#define RANDOM_CELLS 4096         /* the part random ops use */
#define CELL 16                   /* bytes a cell stands for */
#define BASE ((uintptr_t)1 << 20) /* the range's first address */
#define OPS 20000
#define MANY 12000 /* spans held at once: past the 4,096 the table once stopped at */

static unsigned owner[CELLS]; /* the map call covering each cell; 0: none */
static unsigned calls;        /* map calls so far: the next one's number */
static unsigned top;          /* past the highest cell ever mapped: the model's scans stop there */
static struct map_table table;

static uintptr_t addr(unsigned cell) { return BASE + (uintptr_t)cell * CELL; }

/* Cells [from, to) mapped by a new call, in the model and the table; the
 * call's number rides in the span's op, so a span cut from the wrong
 * mapping shows; its file offset is its start address, so a span cut from
 * below that kept the offset of its old start shows too. */
static void map(unsigned from, unsigned to)
{
    calls++;
    top = to > top ? to : top;
    for (unsigned c = from; c < to; c++)
        owner[c] = calls;
    map_table_add(&table, &(struct map_span){addr(from), addr(to), 1, calls, NULL, NULL, 0, 0, 0, -1, addr(from)});
}

static void unmap(unsigned from, unsigned to)
{
    for (unsigned c = from; c < to; c++)
        owner[c] = 0;
    map_table_remove(&table, addr(from), addr(to));
}

/* The model's spans: runs of cells of one call (two pieces of a call split
 * by an unmap never touch again: what fills the hole is a newer call). */
static size_t model_spans(struct map_span *out)
{
    size_t n = 0;
    for (unsigned c = 0; c < top;) {
        unsigned e = c + 1;
        while (e < top && owner[e] == owner[c])
            e++;
        if (owner[c])
            out[n++] = (struct map_span){addr(c), addr(e), 1, owner[c], NULL, NULL, 0, 0, 0, -1, 0};
        c = e;
    }
    return n;
}

/* Every span, and first_after at each span's edges and at random points. */
static void compare(const char *after)
{
    static struct map_span want[CELLS];
    size_t n = model_spans(want);
    EXPECT(!table.lost, "after %s: the table says it lost track", after);
    EXPECT(table.count == n, "after %s: %zu spans, the model has %zu", after, table.count, n);
    for (size_t i = 0; i < n; i++) {
        const struct map_span *s = &table.span[i];
        EXPECT(s->start == want[i].start && s->end == want[i].end && s->op == want[i].op,
               "after %s: span %zu is [%#jx, %#jx) of call %zu, the model's [%#jx, %#jx) of call %zu", after, i,
               (uintmax_t)s->start, (uintmax_t)s->end, s->op, (uintmax_t)want[i].start, (uintmax_t)want[i].end,
               want[i].op);
        EXPECT(s->offset == s->start, "after %s: span %zu at %#jx shows its file from %#jx, not from its start", after,
               i, (uintmax_t)s->start, (uintmax_t)s->offset);
        EXPECT(map_table_first_after(&table, s->start) == i && map_table_first_after(&table, s->end - 1) == i &&
                   map_table_first_after(&table, s->end) >= i + 1,
               "after %s: first_after at the edges of span %zu does not find it", after, i);
    }
    for (int k = 0; k < 8; k++) {
        uintptr_t at = addr(below(top + 1)) + below(CELL);
        size_t i = 0;
        while (i < n && want[i].end <= at)
            i++;
        EXPECT(map_table_first_after(&table, at) == i, "after %s: first_after(%#jx) is %zu, the model's %zu", after,
               (uintmax_t)at, map_table_first_after(&table, at), i);
    }
}

/* The cases named above, each with the span count it must leave. */
static void edge_cases(void)
{
    map(100, 200);
    unmap(140, 150); /* a hole in the middle: two spans of one call */
    compare("an unmap in the middle of a span");
    EXPECT(table.count == 2, "an unmap in the middle left %zu spans, not 2", table.count);
    map(200, 210); /* right above, then right below: three calls side by side stay three spans */
    map(90, 100);
    compare("maps side by side");
    EXPECT(table.count == 4, "maps side by side left %zu spans, not 4", table.count);
    unmap(95, 205); /* across all four: the outer two cut, the middle two gone */
    compare("an unmap across several spans");
    EXPECT(table.count == 2, "an unmap across four spans left %zu, not 2", table.count);
    map(50, 300); /* a map over old ones replaces them */
    compare("a map over old spans");
    EXPECT(table.count == 1, "a map over two spans left %zu, not 1", table.count);
    unmap(0, 20);  /* nothing there */
    unmap(50, 51); /* the first cell, then the last */
    unmap(299, 300);
    compare("unmaps at a span's edges and over nothing");
    unmap(0, top);
    compare("an unmap of everything");
    EXPECT(table.count == 0, "an unmap of everything left %zu spans", table.count);
}

/* Mostly short ranges, a few long ones (an unmap across many spans); a map
 * often starts where a span ends or ends where one starts (side by side). */
static void random_ops(void)
{
    for (int op = 0; op < OPS; op++) {
        unsigned len = below(16) ? 1 + below(12) : 1 + below(400), from = below(RANDOM_CELLS - len);
        if (table.count && below(3) == 0) {
            const struct map_span *s = &table.span[below((unsigned)table.count)];
            unsigned edge = (unsigned)(((below(2) ? s->end : s->start) - BASE) / CELL);
            from = edge >= len && below(2) ? edge - len : edge;
            from = from + len > RANDOM_CELLS ? RANDOM_CELLS - len : from;
        }
        char what[64];
        int maps = below(5) < 3;
        snprintf(what, sizeof what, "random op %d, %s of cells [%u, %u)", op, maps ? "a map" : "an unmap", from,
                 from + len);
        if (maps)
            map(from, from + len);
        else
            unmap(from, from + len);
        compare(what);
    }
}

/* MANY maps side by side, each below the last (as the kernel places an
 * allocator's mappings) or each above it: the table grows past any fixed
 * size, and the spans already there stay where they are but when it
 * grows or recentres, which happens a handful of times, not at each map. */
static void many(int downward)
{
    unsigned from = CELLS / 2, moved = 0;
    unmap(0, CELLS);
    for (unsigned k = 0; k < MANY; k++) {
        unsigned cell = downward ? from - 1 - k : from + k;
        const struct map_span *kept = table.count ? &table.span[downward ? 0 : table.count - 1] : NULL;
        map(cell, cell + 1);
        moved += kept && kept != &table.span[downward ? 1 : table.count - 2];
        EXPECT(table.count == k + 1, "%s map %u: %zu spans", downward ? "downward" : "upward", k, table.count);
        if (k % 1000 == 999)
            compare(downward ? "maps going down" : "maps going up");
    }
    EXPECT(moved <= 20, "%u of %d maps %s moved the spans already there", moved, MANY,
           downward ? "going down" : "going up");
    for (unsigned k = 0; k < MANY; k += 2) /* every other one: each a span in the middle */
        unmap(downward ? from - 1 - k : from + k, (downward ? from - 1 - k : from + k) + 1);
    compare(downward ? "every other of the downward maps unmapped" : "every other of the upward maps unmapped");
    EXPECT(table.count == MANY / 2, "%zu spans left of %d", table.count, MANY);
}

int main(void)
{
    edge_cases();
    random_ops();
    many(1);
    many(0);
    printf("map-table-test: the edge cases, %d random maps and unmaps and %d spans held at once (going down, "
           "then up), %zu checks against a model of every cell passed\n", OPS, MANY, checks);
    return 0;
}
