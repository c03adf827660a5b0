/*
 * pristine.c - FUZZ_PRISTINE_AFTER_FREE_ALL: the largest request a fresh
 * heap serves, measured before op #0 (by stats() or by requests, in place
 * when the heap grows), and asked again of the heap a free-all emptied; and
 * the harness's request they are made by, which exec-judge.c makes too.
 */
#include <stdint.h>
#include <stdio.h>

#include "harness.h"
#include "maps.h"

/* Judged as an op's block is, before usable_size() or free() get it: round 15b's
 * empty bin's list head handed out here ended on a bare UBSan line in its free. */
static void judge_probe_block(const struct fuzz_ctx *c, void *p, size_t size)
{
    char whose[128];
    const struct fuzz_block b = {.ptr = p, .requested = size, .usable = size};
    if (!c->opt.shadow || !(c->a->caps & FUZZ_HAS_BOUNDS) || !c->a->contains || c->a->contains(c->heap, p, size))
        return;
    snprintf(whose, sizeof whose, ", the block the harness's own malloc(%zu) got%s,", size,
             c->pristine_checking ? " after the frees, checking FUZZ_PRISTINE_AFTER_FREE_ALL" : "");
    oracle_out_of_heap_of(c, &b, -1, whose);
}

/* Takes a request of size and frees it again, a crash in either call naming
 * the request and why (a FUZZ_PROBE_* phrase); 0 if the request failed.
 * *grew (unless NULL): with pristine_in_place, whether high_water() moved
 * (the heap served it from memory it lacked). */
int fuzz_probe_request(struct fuzz_ctx *c, size_t size, const char *why, int *grew)
{
    size_t before = c->pristine_in_place ? c->a->high_water(c->heap) : 0;
    c->probe_size = size; /* a crash in the call names the request */
    c->probe_why = why;
    c->probe_call = "malloc";
    void *p = c->a->malloc(c->heap, size);
    c->probe_call = NULL;
    if (!p)
        return 0;
    judge_probe_block(c, p, size);
    if (grew)
        *grew = c->pristine_in_place && c->a->high_water(c->heap) != before;
    /* for a refused free's report: a block made short of the request is no block where free looks */
    c->probe_usable = c->a->usable_size && c->opt.usable ? c->a->usable_size(c->heap, p) : SIZE_MAX;
    c->probe_call = "free";
    c->probe_freed = p;
    int err = fuzz_adapter_free(c->a, c->heap, p, size, 0);
    c->probe_call = NULL;
    if (err != 0 && c->opt.shadow)
        oracle_free_rejected(c, -1, err);
    return 1;
}

/* A request of size is served now (and freed again); with pristine_in_place,
 * from memory the heap already had: high_water() did not move. */
static int fits(struct fuzz_ctx *c, size_t size)
{
    int grew = 0;
    return fuzz_probe_request(c, size, FUZZ_PROBE_MEASURES, &grew) && !grew;
}

/* The largest request in [1, limit] that succeeds now (0 if none). */
static size_t largest_fitting(struct fuzz_ctx *c, size_t limit)
{
    size_t lo = 0, hi = limit; /* lo fits (or is 0), everything above hi fails */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (fits(c, mid))
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* A heap that starts empty (an sbrk heap takes its first block at its first
 * request) serves nothing in place. It is measured grown instead: a request
 * of heap_bytes, freed at once. 0 if that request failed. */
static int grow_fresh_heap(struct fuzz_ctx *c)
{
    return fuzz_probe_request(c, c->heap_bytes, FUZZ_PROBE_MEASURES, NULL);
}

/* The largest request a fresh heap (grown, with `grown`) serves without
 * growing (0: none). A probe that grew the heap leaves memory a fresh heap
 * did not have, so the search goes on in a new one; NULL from create ends it
 * with what was found. */
static size_t largest_in_place(struct fuzz_ctx *c, int grown)
{
    size_t lo = 0, hi = c->heap_bytes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2, before = c->a->high_water(c->heap);
        if (fits(c, mid)) {
            lo = mid;
            continue;
        }
        hi = mid - 1;
        if (c->a->high_water(c->heap) != before) {
            fuzz_heap_destroy(c->a, c->heap);
            if (!fuzz_run_new_heap(c) || (grown && !grow_fresh_heap(c)))
                break;
        }
    }
    return lo;
}

/* The same for a heap that starts empty: measured grown, and judged only
 * after a free-all that leaves the program's heap at least as high (what
 * fits in less says nothing of coalescing). 0 if it cannot be measured. */
static size_t largest_in_grown_heap(struct fuzz_ctx *c)
{
    fuzz_heap_destroy(c->a, c->heap);
    if (!fuzz_run_new_heap(c) || !grow_fresh_heap(c))
        return 0;
    c->pristine_high_water = c->a->high_water(c->heap);
    return largest_in_place(c, 1);
}

/* stats() that can say what fits: a largest_free of 0 on a fresh heap is a
 * stats() that leaves it out (it fills only live_blocks), and taking it
 * would make the promise hold whatever the heap keeps. */
static int stats_know_largest(const struct fuzz_ctx *c, struct fuzz_stats *st)
{
    return fuzz_stats(c, st) == 0 && st->largest_free != 0;
}

/* Returns nonzero when it made requests on the heap. */
int fuzz_measure_pristine(struct fuzz_ctx *c)
{
    struct fuzz_stats st;
    if (!c->opt.shadow || !(c->a->caps & FUZZ_PRISTINE_AFTER_FREE_ALL))
        return 0;
    int in_place = !stats_know_largest(c, &st) && (c->a->caps & FUZZ_CAN_GROW) && c->a->high_water;
    /* 1 byte, on a heap no probe of the largest left remainders in (and,
     * whatever its free does, not before that probe: a heap of its own): an
     * emptied heap that refuses it keeps a stale index (a bitmap bit or list
     * head for an emptied size) no largest probe meets. Not where requests
     * are judged by growth: this one might grow the heap. */
    if (!in_place) {
        c->pristine_small = fits(c, 1);
        fuzz_heap_destroy(c->a, c->heap);
        if (!fuzz_run_new_heap(c))
            return 1;
    }
    /* A heap that grows serves any probe by growing, so without stats the
     * promise is only testable in the memory it has (high_water tells). */
    if (in_place) {
        c->pristine_in_place = 1;
        c->pristine_high_water = 0;
        c->pristine = largest_in_place(c, 0);
        if (!c->pristine && c->heap && c->a->high_water(c->heap) == 0)
            c->pristine = largest_in_grown_heap(c);
        if (c->pristine)
            return 1;
        c->pristine_high_water = 0;
        c->pristine_in_place = 0; /* high_water moves on every request: not a break */
        if (!c->heap)
            return 1;
    }
    if (!stats_know_largest(c, &st)) {
        c->pristine_by_stats = 0;
        c->pristine = largest_fitting(c, c->heap_bytes);
        return 1;
    }
    c->pristine_by_stats = 1;
    /* A largest_free the fresh heap cannot serve would be blamed on a leak
     * or a missed coalesce at the first free-all: name it here. */
    if (st.largest_free && !fits(c, st.largest_free))
        oracle_fresh_heap_refused(c, st.largest_free, fits(c, 1));
    c->pristine = st.largest_free;
    return 1;
}

/* Stats may say less fits than does: an allocator that defers merging its
 * frees (quick lists consolidated only when a request finds no chunk, as
 * glibc's fastbins) counts only what fits unmerged, and a two-path
 * allocator whose every request was served fired not_pristine on its stats
 * alone. So the fresh heap's request decides, when it is served from memory
 * the heap had: a heap that can grow must map nothing for it, nor move
 * high_water. */
static int pristine_fits_though_stats_say_less(struct fuzz_ctx *c)
{
    if (!(c->a->caps & FUZZ_CAN_GROW))
        return fits(c, c->pristine);
    size_t mapped = fuzz_maps_mapped(), high = c->a->high_water ? c->a->high_water(c->heap) : 0;
    return fits(c, c->pristine) && fuzz_maps_mapped() == mapped &&
           (!c->a->high_water || c->a->high_water(c->heap) == high);
}

/* The adapter's check inside the pristine check: a pass there is no pass
 * of the op, whose largest request is still to come, so the window a later
 * failure names (clean_before) stays where it was. */
static void check_inside_pristine(struct fuzz_ctx *c, enum fuzz_pristine_phase checking)
{
    int checked_clean = c->checked_clean;
    size_t clean_before = c->clean_before;
    c->pristine_checking = checking;
    fuzz_run_checker(c);
    c->pristine_checking = FUZZ_PRISTINE_PROBING;
    if (c->opt.checker && c->a->check) /* it returns only if the check passed */
        c->pristine_passed = checking;
    c->checked_clean = checked_clean;
    c->clean_before = clean_before;
}

void fuzz_check_pristine(struct fuzz_ctx *c)
{
    struct fuzz_stats st;
    if (!c->opt.shadow || c->pristine == 0 || c->index.live != 0)
        return;
    if (c->pristine_high_water && c->a->high_water(c->heap) < c->pristine_high_water)
        return;
    c->pristine_checking = FUZZ_PRISTINE_PROBING;
    c->pristine_passed = FUZZ_PRISTINE_IDLE;
    c->probe_freed = NULL; /* an earlier check's block is no evidence in this one */
    if (c->pristine_small) /* the heap the frees left, so that a check after malloc(1) blames it alone */
        check_inside_pristine(c, FUZZ_PRISTINE_PROBING);
    if (c->pristine_by_stats && fuzz_stats(c, &st) == 0 && st.largest_free < c->pristine &&
        !pristine_fits_though_stats_say_less(c))
        oracle_not_pristine(c, c->pristine, st.largest_free, 0);
    if (c->pristine_small && !fits(c, 1)) /* first: as measured, before the largest probe's remainders */
        oracle_small_refused_when_empty(c);
    /* malloc(1) split the emptied heap and its free merged it back, with no
     * check between: a split that broke it (a heap_4-style remainder merged
     * into the heap's end marker, round 10) crashed in the largest
     * request's free, read as that request's. A check before and after them
     * names the two calls. */
    if (c->pristine_small)
        check_inside_pristine(c, FUZZ_PRISTINE_CHECK_AFTER_SMALL);
    /* In place, the probe that failed grew the heap: a search now would
     * measure that new memory, so the report has no second figure. */
    if (!fits(c, c->pristine))
        oracle_not_pristine(c, c->pristine, c->pristine_in_place ? 0 : largest_fitting(c, c->pristine),
                            c->pristine_small);
    c->pristine_checking = FUZZ_PRISTINE_IDLE;
    c->pristine_probed = c->pristine; /* a check after it names the requests (fuzz_print_pristine_probed) */
}
