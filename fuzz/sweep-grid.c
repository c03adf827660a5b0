/*
 * sweep-grid.c - the sweep's cells (sweep-grid.h). A cell allocates two
 * blocks alike, so that a block that overruns or is overrun has a live
 * neighbour whose pattern shows it, and frees or moves one of them.
 */
#include "sweep-grid.h"

#include <stdio.h>
#include <string.h>

static const char *const stage_names[SWEEP_STAGE_COUNT] = {"malloc", "calloc", "realloc", "aligned", "edges",
                                                                  "counts"};

/* calloc's element counts: one (every size as is), then a few products. */
static const unsigned calloc_counts[] = {1, 2, 3, 5, 16, 63};
#define CALLOC_COUNTS (sizeof calloc_counts / sizeof calloc_counts[0])
#define CALLOC_SIZES 1024 /* calloc's element size field: 0..1023 */
/* realloc's starting sizes: below, at and above common small classes. */
static const size_t realloc_starts[] = {1, 24, 200, 1000};
#define REALLOC_STARTS (sizeof realloc_starts / sizeof realloc_starts[0])
#define ALIGN_LOGS 16 /* aligned's alignment field: 1 << 0 .. 1 << 15 */
#define ALIGNED_SIZES 4096

struct sweep_grid sweep_grid_default(void)
{
    return (struct sweep_grid){SWEEP_DEFAULT_MAX, 1, SWEEP_DEFAULT_ALIGN, (1u << SWEEP_STAGE_COUNT) - 1};
}

const char *sweep_stage_name(size_t stage) { return stage < SWEEP_STAGE_COUNT ? stage_names[stage] : "?"; }

int sweep_stage_on(const struct sweep_grid *g, size_t stage) { return stage < SWEEP_STAGE_COUNT && (g->stages >> stage & 1); }

int sweep_select_stages(struct sweep_grid *g, const char *list)
{
    unsigned stages = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t s = 0;
        while (s < SWEEP_STAGE_COUNT && !(strlen(stage_names[s]) == len && strncmp(p, stage_names[s], len) == 0))
            s++;
        if (s == SWEEP_STAGE_COUNT)
            return -1;
        stages |= 1u << s;
        p += len + (p[len] == ',');
    }
    if (!stages)
        return -1;
    g->stages = stages;
    return 0;
}

/* The swept sizes 1..max: every one to SWEEP_EXACT_MAX, then every 4th. */
static size_t size_count(size_t max)
{
    return max <= SWEEP_EXACT_MAX ? max : SWEEP_EXACT_MAX + (max - SWEEP_EXACT_MAX) / 4;
}

static size_t size_at(size_t i) { return i < SWEEP_EXACT_MAX ? i + 1 : SWEEP_EXACT_MAX + 1 + (i - SWEEP_EXACT_MAX) * 4; }

/* ---- ops ---- */

static struct fuzz_op op(enum fuzz_op_kind kind, unsigned slot, uint16_t arg)
{
    return (struct fuzz_op){(uint8_t)kind, (uint8_t)slot, arg};
}

/* The SIZE code of a number or symbol; -1 when the encoding holds no such size. */
static int size_code(const char *token, uint16_t *arg) { return fuzz_size_parse(token, arg); }

static int size_code_of(size_t size, uint16_t *arg)
{
    char token[32];
    snprintf(token, sizeof token, "%zu", size);
    return size_code(token, arg);
}

static uint16_t size_token(const char *name)
{
    uint16_t arg = 0;
    (void)size_code(name, &arg); /* names of ops.h's table: always there */
    return arg;
}

/* Two blocks of the same request, the first freed again. */
static size_t pair_then_free(enum fuzz_op_kind kind, uint16_t arg, struct fuzz_op *ops)
{
    ops[0] = op(kind, 0, arg);
    ops[1] = op(kind, 1, arg);
    ops[2] = op(FUZZ_OP_FREE, 0, 0);
    return 3;
}

/* calloc after a free of the same size: memory that held a pattern, so a
 * calloc that skips zeroing reused memory shows; then a neighbour. */
static size_t calloc_reuse(uint16_t arg, struct fuzz_op *ops)
{
    ops[0] = op(FUZZ_OP_CALLOC, 0, arg);
    ops[1] = op(FUZZ_OP_FREE, 0, 0);
    ops[2] = op(FUZZ_OP_CALLOC, 0, arg);
    ops[3] = op(FUZZ_OP_CALLOC, 1, arg);
    return 4;
}

static uint16_t calloc_arg(unsigned n, size_t size) { return (uint16_t)(n << 10 | size); }

static uint16_t aligned_arg(unsigned log, size_t size_field) { return (uint16_t)(log << 12 | size_field); }

/* ---- the exact stages ---- */

static size_t malloc_cell(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    uint16_t arg;
    size_t size = size_at(cell);
    if (cell >= size_count(g->max) || size_code_of(size, &arg) != 0)
        return 0;
    snprintf(name, len, "malloc-%zu", size);
    return pair_then_free(FUZZ_OP_MALLOC, arg, ops);
}

static size_t calloc_cell(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    unsigned n = calloc_counts[cell / CALLOC_SIZES];
    size_t size = cell % CALLOC_SIZES;
    /* Sizes 0 and 1 of n >= 2 are codes for 4096 and 65536: the edges stage's. */
    if (size == 0 || (n >= 2 && size < 2) || n * size > g->max)
        return 0;
    snprintf(name, len, "calloc-%ux%zu", n, size);
    return calloc_reuse(calloc_arg(n, size), ops);
}

/* Each start grown and shrunk to every size: one block with a live
 * neighbour above it (it moves or shrinks in place), one likely the last
 * (it may grow in place). */
static size_t realloc_cell(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    uint16_t start, arg;
    size_t from = realloc_starts[cell / size_count(g->max)], to = size_at(cell % size_count(g->max));
    if (to == from || size_code_of(from, &start) != 0 || size_code_of(to, &arg) != 0)
        return 0;
    snprintf(name, len, "realloc-%zu-to-%zu", from, to);
    ops[0] = op(FUZZ_OP_MALLOC, 0, start);
    ops[1] = op(FUZZ_OP_MALLOC, 1, start);
    ops[2] = op(FUZZ_OP_REALLOC, 0, arg);
    ops[3] = op(FUZZ_OP_REALLOC, 1, arg);
    return 4;
}

static size_t aligned_cell(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    unsigned log = (unsigned)(cell / ALIGNED_SIZES);
    size_t size = cell % ALIGNED_SIZES;
    /* 3841..3904 are codes for 64 KiB .. 4 MiB: the edges stage's. */
    if (size == 0 || size > g->max || ((size_t)1 << log) < g->align_min || ((size_t)1 << log) > g->align_max ||
        (size >= FUZZ_ALIGNED_BIG_FIRST && size < FUZZ_ALIGNED_BIG_FIRST + FUZZ_ALIGNED_BIG_COUNT))
        return 0;
    snprintf(name, len, "aligned-%zu-%zu", (size_t)1 << log, size);
    return pair_then_free(FUZZ_OP_ALIGNED, aligned_arg(log, size), ops);
}

/* ---- the edges: coarser, up to the 4 MiB cap ---- */

/* Page and size-class-like edges: every page to 64 KiB and the powers of
 * two and their halfway points; each swept at -16, -1, 0, +1 and +16 where
 * the encoding holds the size. */
static const size_t edge_offsets[] = {(size_t)-16, (size_t)-1, 0, 1, 16};
#define EDGE_OFFSETS (sizeof edge_offsets / sizeof edge_offsets[0])
#define EDGE_PAGES 16
#define EDGE_POWERS 15 /* 2^4 .. 2^18, and 3 * 2^(k-1) between */
#define EDGE_POINTS (EDGE_PAGES + 2 * EDGE_POWERS)
#define EDGE_MALLOC (EDGE_POINTS * EDGE_OFFSETS)
/* Multiples of 64 KiB (calloc's and aligned's big sizes) at, and one below
 * and above, each power of two: each 4 MiB block costs a fill and a check,
 * and 64 of them at each of four alignments took 3 s under ASan on glibc. */
static const unsigned big_steps[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64};
#define BIG_STEPS (sizeof big_steps / sizeof big_steps[0])
#define EDGE_CALLOC ((FUZZ_SLOTS - 2) + BIG_STEPS - 1) /* n = 2..63 pages; the big steps but 1, of 64 KiB */
#define EDGE_ALIGNS 3
#define EDGE_ALIGNED (EDGE_ALIGNS * BIG_STEPS)
#define EDGE_CELLS (EDGE_MALLOC + EDGE_CALLOC + EDGE_ALIGNED + 1)

static size_t edge_point(size_t i)
{
    if (i < EDGE_PAGES)
        return (i + 1) * 4096;
    i -= EDGE_PAGES;
    size_t power = (size_t)16 << (i / 2);
    return i % 2 ? power + power / 2 : power;
}

/* An edge's size, then the allocator's own class edge beside it: usable+1
 * grows past the block's real end, usable+align one alignment further. */
static size_t edge_malloc(size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    uint16_t arg;
    size_t size = edge_point(cell / EDGE_OFFSETS) + edge_offsets[cell % EDGE_OFFSETS];
    if (size_code_of(size, &arg) != 0)
        return 0;
    snprintf(name, len, "edge-malloc-%zu", size);
    ops[0] = op(FUZZ_OP_MALLOC, 0, arg);
    ops[1] = op(FUZZ_OP_MALLOC, 1, arg);
    ops[2] = op(FUZZ_OP_REALLOC, 0, size_token("usable+1"));
    ops[3] = op(FUZZ_OP_REALLOC, 1, size_token("usable+align"));
    ops[4] = op(FUZZ_OP_FREE, 0, 0);
    return 5;
}

static size_t edge_calloc(size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    int big = cell >= FUZZ_SLOTS - 2;
    unsigned n = big ? big_steps[cell - (FUZZ_SLOTS - 2) + 1] : 2 + (unsigned)cell;
    snprintf(name, len, "edge-calloc-%ux%zu", n, big ? FUZZ_CALLOC_BIG : FUZZ_CALLOC_PAGE);
    return calloc_reuse(calloc_arg(n, big ? 1 : 0), ops);
}

/* At the adapter's alignment, a page's and the largest the grid has. */
static size_t edge_aligned(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    size_t aligns[EDGE_ALIGNS] = {g->align_min, 4096, g->align_max};
    size_t align = aligns[cell / BIG_STEPS], k = big_steps[cell % BIG_STEPS];
    unsigned log = 0;
    while (((size_t)1 << log) < align)
        log++;
    if (align < g->align_min || align > g->align_max || (cell >= BIG_STEPS && align == aligns[cell / BIG_STEPS - 1]))
        return 0; /* past the grid, or an alignment the cells before had */
    snprintf(name, len, "edge-aligned-%zu-%zu", align, k * FUZZ_ALIGNED_BIG_UNIT);
    return pair_then_free(FUZZ_OP_ALIGNED, aligned_arg(log, FUZZ_ALIGNED_BIG_FIRST + k - 1), ops);
}

/* malloc itself past 64 KiB: a block doubled by realloc to the 4 MiB cap,
 * its class edge crossed at each step. */
static size_t edge_doubling(struct fuzz_op *ops, char *name, size_t len)
{
    size_t n = 0;
    uint16_t arg;
    (void)size_code_of(SWEEP_LARGE_MAX, &arg);
    snprintf(name, len, "edge-doubling");
    ops[n++] = op(FUZZ_OP_MALLOC, 0, arg);
    ops[n++] = op(FUZZ_OP_MALLOC, 1, size_token("65552"));
    for (int step = 0; step < 7; step++) {
        ops[n++] = op(FUZZ_OP_REALLOC, 0, size_token("usable*2"));
        ops[n++] = op(FUZZ_OP_REALLOC, 0, size_token("usable+1"));
        ops[n++] = op(FUZZ_OP_REALLOC, 1, size_token("usable*2"));
    }
    return n;
}

static size_t edges_cell(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    if (cell < EDGE_MALLOC)
        return edge_malloc(cell, ops, name, len);
    cell -= EDGE_MALLOC;
    if (cell < EDGE_CALLOC)
        return edge_calloc(cell, ops, name, len);
    cell -= EDGE_CALLOC;
    if (cell < EDGE_ALIGNED)
        return edge_aligned(g, cell, ops, name, len);
    return edge_doubling(ops, name, len);
}

/* ---- the counts: thousands of live blocks of one size ---- */

/* A count bug (a slab's second page, a bitmap's second word, the Nth block
 * of a class) needs more blocks of one class live at once than the 64 slots
 * hold; an uninstrumented library gives libFuzzer no sign that a hold op's
 * count came close to it. These sizes fall in distinct classes of the
 * common designs (8- and 16-byte steps, then powers of two and halfway). */
static const size_t count_sizes[] = {1, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024, 2048, 4096};
#define COUNT_SIZES (sizeof count_sizes / sizeof count_sizes[0])
#define POOL_HOLDS (FUZZ_HELD_MAX / FUZZ_HOLD_COUNT_MAX) /* holds of the most that fill the pool */
_Static_assert(2 * POOL_HOLDS + 3 <= SWEEP_CELL_OPS_MAX, "a counts cell's ops fit a cell");

static size_t holds(uint16_t arg, size_t count, struct fuzz_op *ops)
{
    for (size_t i = 0; i < count; i++)
        ops[i] = op(FUZZ_OP_HOLD, FUZZ_HOLD_COUNT_MAX - 1, arg); /* the slot byte is COUNT - 1 */
    return count;
}

/* The pool filled (to FUZZ_HELD_MAX blocks or FUZZ_HELD_BYTES), every other
 * block freed (holes that cannot merge) and refilled, the older half freed
 * (a first slab or page wholly free) and refilled, then all freed newest
 * first. */
static size_t counts_cell(const struct sweep_grid *g, size_t cell, struct fuzz_op *ops, char *name, size_t len)
{
    uint16_t arg;
    if (count_sizes[cell] > g->max || size_code_of(count_sizes[cell], &arg) != 0)
        return 0;
    snprintf(name, len, "counts-%zu", count_sizes[cell]);
    size_t n = holds(arg, POOL_HOLDS, ops);
    ops[n++] = op(FUZZ_OP_RELEASE, 0, FUZZ_RELEASE_EVERY_OTHER);
    n += holds(arg, POOL_HOLDS / 2, ops + n);
    ops[n++] = op(FUZZ_OP_RELEASE, 0, FUZZ_RELEASE_OLDER_HALF);
    n += holds(arg, POOL_HOLDS / 2, ops + n);
    ops[n++] = op(FUZZ_OP_RELEASE, 0, FUZZ_RELEASE_REVERSE);
    return n;
}

/* ---- the stages ---- */

size_t sweep_stage_cells(const struct sweep_grid *g, size_t stage)
{
    switch (stage) {
    case SWEEP_MALLOC: return size_count(g->max);
    case SWEEP_CALLOC: return CALLOC_COUNTS * CALLOC_SIZES;
    case SWEEP_REALLOC: return REALLOC_STARTS * size_count(g->max);
    case SWEEP_ALIGNED: return ALIGN_LOGS * ALIGNED_SIZES;
    case SWEEP_EDGES: return EDGE_CELLS;
    case SWEEP_COUNTS: return COUNT_SIZES;
    }
    return 0;
}

size_t sweep_cell(const struct sweep_grid *g, size_t stage, size_t cell, struct fuzz_op *ops, char *name,
                  size_t len)
{
    name[0] = '\0';
    if (cell >= sweep_stage_cells(g, stage))
        return 0;
    switch (stage) {
    case SWEEP_MALLOC: return malloc_cell(g, cell, ops, name, len);
    case SWEEP_CALLOC: return calloc_cell(g, cell, ops, name, len);
    case SWEEP_REALLOC: return realloc_cell(g, cell, ops, name, len);
    case SWEEP_ALIGNED: return aligned_cell(g, cell, ops, name, len);
    case SWEEP_EDGES: return edges_cell(g, cell, ops, name, len);
    case SWEEP_COUNTS: return counts_cell(g, cell, ops, name, len);
    }
    return 0;
}

const char *sweep_grid_text(const struct sweep_grid *g)
{
    static char text[160];
    size_t used = (size_t)snprintf(text, sizeof text, "sizes 1..%zu, alignments %zu..%zu, stages", g->max,
                                   g->align_min, g->align_max);
    for (size_t s = 0; s < SWEEP_STAGE_COUNT && used < sizeof text; s++)
        if (sweep_stage_on(g, s))
            used += (size_t)snprintf(text + used, sizeof text - used, " %s", stage_names[s]);
    return text;
}
