/*
 * sweep-grid.h - the cells of the deterministic sweep (fuzz/sweep.c,
 * fuzz/SWEEP.md): each stage is a numbered list of cells, each cell a short
 * program in the fuzz encoding (ops.h), so that what the sweep runs is what
 * a replay of the saved trace runs. Only sizes the encoding holds are
 * swept: every size to 16383, every 4th to 65532, then the few literals,
 * calloc's page and 64 KiB elements and aligned's 64 KiB steps above that.
 */
#ifndef FUZZ_SWEEP_GRID_H
#define FUZZ_SWEEP_GRID_H

#include <stddef.h>

#include "ops.h"

/* The encoding's exact sizes (ops.h, the medium literal class) and its
 * 4-byte steps (the large class). */
#define SWEEP_EXACT_MAX ((size_t)16383)
#define SWEEP_LARGE_MAX ((size_t)65532)
/* Defaults: fuzz/SWEEP.md says why (a few seconds on halloc and glibc). */
#define SWEEP_DEFAULT_MAX ((size_t)4096)
#define SWEEP_DEFAULT_ALIGN ((size_t)4096)

enum sweep_stage { SWEEP_MALLOC, SWEEP_CALLOC, SWEEP_REALLOC, SWEEP_ALIGNED, SWEEP_EDGES, SWEEP_COUNTS,
                   SWEEP_STAGE_COUNT };
#define SWEEP_STAGE_NAMES "malloc,calloc,realloc,aligned,edges,counts"

#define SWEEP_CELL_OPS_MAX 36
#define SWEEP_CELL_NAME_MAX 64

struct sweep_grid {
    size_t max;       /* malloc, calloc, realloc targets and aligned sizes: 1..max */
    /* aligned: every power of two from align_min (the adapter's alignment: a
     * smaller one asks what any block has) to align_max */
    size_t align_min, align_max;
    unsigned stages;  /* bit s: stage s runs */
};

struct sweep_grid sweep_grid_default(void);
/* Sets stages from "malloc,aligned"...; -1 if a name is no stage. */
int sweep_select_stages(struct sweep_grid *g, const char *list);
int sweep_stage_on(const struct sweep_grid *g, size_t stage);
const char *sweep_stage_name(size_t stage);
/* Cells are numbered 0..count-1; some numbers are no cell (a size past max). */
size_t sweep_stage_cells(const struct sweep_grid *g, size_t stage);
/* Writes cell's ops (at most SWEEP_CELL_OPS_MAX) and its name (e.g.
 * "aligned-512-700", a file name's part); returns the op count, 0 if the
 * number is no cell of this grid. */
size_t sweep_cell(const struct sweep_grid *g, size_t stage, size_t cell, struct fuzz_op *ops, char *name,
                  size_t len);
/* "sizes 1..4096, alignments up to 32768, stages ..." for the summary line. */
const char *sweep_grid_text(const struct sweep_grid *g);

#endif /* FUZZ_SWEEP_GRID_H */
