/*
 * harness.h - the harness's private state: the shadow model of one program
 * run, shared by shadow.c (model), oracles.c and oracle-report.c (failure
 * reports) and run.c. The oracles and the reports' own state are declared
 * in oracles.h, which this file includes at its end; what the harness asks
 * of the allocator's mappings and the run's heap, in maps.h; the patterns
 * and the address index over the model's blocks, in shadow-model.h.
 */
#ifndef FUZZ_HARNESS_H
#define FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h> /* sysconf */

#include "adapter.h"
#include "ops.h"
#include "run.h"
#include "trace.h" /* FUZZ_OP_TEXT_MAX, which FUZZ_OP_DESCRIPTION_MAX builds on */

/* The system's page size, by which the harness places faults, mappings
 * and blocks' edges. */
static inline size_t fuzz_page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

#define FUZZ_HISTORY 8
/* Blocks of a run: the slots, then the held pool (ops.h). */
#define FUZZ_TABLE (FUZZ_SLOTS + FUZZ_HELD_MAX)

/* The harness's own read or write of block memory under way, so that a
 * crash context can blame the block (fuzz_print_touch): verb "reading",
 * "writing", ...; NULL: none. key: the block's slot or trace id; -1: every
 * live block. */
struct fuzz_touch {
    const char *verb;
    long key;
};

static inline void fuzz_touch_begin(struct fuzz_touch *t, const char *verb, long key)
{
    t->verb = verb;
    t->key = key;
}

static inline void fuzz_touch_end(struct fuzz_touch *t) { t->verb = NULL; }

/* The first realloc that kept a block in place asking less while
 * usable_size() did not shrink: the harness's fill past its request began
 * there, over where an allocator that split off the tail put its header
 * (report-places.c). */
struct fuzz_shrink {
    size_t at; /* 1 + the op, 0: none */
    size_t to; /* the size it asked */
};

/* The last realloc that grew a block's usable size in place: the bytes past `from` are what it took from
 * the memory after the block (report-places.c names it when the allocator reads them as its own). */
struct fuzz_grow {
    size_t at;   /* 1 + the op, 0: none */
    size_t from; /* usable_size() before it */
};

/* A realloc that shrank a block's usable size in place: the tail it cut
 * off is the allocator's to give back, and a heap that lost about that
 * much at the end (not_pristine) may have lost that tail. */
#define FUZZ_RECENT_CUTS 16
struct fuzz_cut {
    size_t at;         /* the op */
    int slot;
    size_t from, to;   /* usable_size() before and after */
};

/* One slot of the program's block table. */
struct fuzz_block {
    unsigned char *ptr; /* NULL: the slot is empty */
    size_t requested;
    size_t usable;      /* bytes the harness owns: filled and verified */
    uint64_t seed;      /* pattern seed, from slot and generation */
    size_t asked;       /* aligned_alloc's alignment, else 0: free_sized gets it back */
    int sparse;         /* only its samples hold the pattern (shadow.c): filled past the budget */
    size_t vouched;     /* [0, vouched): filled only under a request of it at this address (exec.c) */
    int gap_suspect;    /* the gap below it, down to the live block before it, may hold a fill's
                           bytes past a request: a block that did left it (exec.c) */
    size_t held;        /* [0, held): filled under a request of it at this address, not rounded
                           (vouched without the rounding; crash.c) */
    int made_by;        /* the fuzz_ctx.thread that allocated it (0: not threaded) and its op, so a */
    size_t made_at;     /* report on a block handed over names both (fuzz_block_origin) */
    struct fuzz_shrink shrunk;
    struct fuzz_grow grown;
};

/* The harness filled bytes of b that no request of it vouched for, on
 * usable_size's word alone: where that overstates, over the allocator's own
 * data. HALLOC_FUZZ_USABLE=off writes none of them. */
static inline int fuzz_past_request(const struct fuzz_block *b) { return b->ptr && b->usable > b->vouched; }

/* The harness's fill of block low went past its request, if only into its
 * rounding, right up to block high: over what the allocator keeps just below
 * high, if anything (glibc's 8-byte header; nothing where blocks abut with
 * no header between, as in a slab, which this cannot tell apart). */
static inline int fuzz_filled_below(const struct fuzz_block *low, const struct fuzz_block *high)
{
    return low->usable > low->held && (uintptr_t)low->ptr + low->usable == (uintptr_t)high->ptr;
}

/* Each run may fill and verify this many bytes whole, on the engines'
 * schedule (a replay's checks after every op have a budget of their own, so
 * that the checks the schedule makes are those of the run that saved the
 * input); past it a pass over a block covers only samples (shadow.c), so
 * that no input of big blocks runs into the engines' timeout. Passes of up
 * to FUZZ_WHOLE_ALWAYS bytes are always whole and never charged. */
#ifndef FUZZ_WHOLE_BYTES /* -DFUZZ_WHOLE_BYTES=SIZE_MAX: every pass whole */
#define FUZZ_WHOLE_BYTES ((size_t)256 << 20)
#endif
#define FUZZ_WHOLE_ALWAYS ((size_t)4096)

struct fuzz_budget {
    size_t left;              /* bytes still to be passed over whole */
    unsigned long long spent; /* bytes every pass covered, whole or by samples (replay's HALLOC_FUZZ_STATS) */
};

/* Live blocks ordered by address, over a table of blocks named by key (the
 * fuzzer's slots; verify-traces' trace ids). */
struct fuzz_index {
    struct fuzz_block *blocks; /* by key */
    uint32_t (*links)[2];      /* by key: left and right child in the tree (shadow-index.c) */
    uint32_t root;
    size_t live;
    size_t in_use;             /* sum of their usable sizes */
};

/* A block the program freed lately, for a crash's context: a fault inside
 * one is the allocator's use of memory it was given back (fault-place.c),
 * searched among the last FUZZ_FREED_NEAR; and for the reports on a block
 * handed out again (causes-blocks.c), among all FUZZ_RECENT_FREED, as a free-all
 * frees up to FUZZ_SLOTS blocks at once (and a round of reallocs as many). */
#define FUZZ_RECENT_FREED (2 * FUZZ_SLOTS)
#define FUZZ_FREED_NEAR 8
struct fuzz_freed {
    const unsigned char *ptr;
    size_t usable, requested, asked;  /* the size last asked for it; aligned_alloc's alignment, else 0 */
    size_t made_at, freed_at;         /* the ops that placed and freed it (freed_at: nops in a phase)... */
    const char *phase;                /* ...or the phase that freed it */
    int slot;
    uint64_t seed;                    /* its pattern's, which its bytes may still hold */
    struct fuzz_shrink shrunk;        /* its last block's: a fault in its bytes may name that realloc */
};

/* Where fuzz_check_pristine is, for a report of a failure inside it. */
enum fuzz_pristine_phase {
    FUZZ_PRISTINE_IDLE = 0,       /* not checking (0, so a zeroed context reads as idle) */
    FUZZ_PRISTINE_PROBING,        /* its requests, or the adapter's check before malloc(1) */
    FUZZ_PRISTINE_CHECK_AFTER_SMALL /* the adapter's check after malloc(1) and its free */
};

struct fuzz_ctx {
    const struct fuzz_allocator *a;
    void *heap;
    size_t heap_bytes;          /* create()'s: FUZZ_HEAP_BYTES less op #0's heap cut (fuzz_heap_bytes) */
    size_t heap_lead;           /* create_in's buffer's start past a page (op #0's heap lead: fuzz_heap_lead) */
    struct fuzz_options opt;
    struct fuzz_index index;    /* over slot */
    size_t held_top;           /* the held pool's places in use lie below FUZZ_SLOTS + held_top */
    uint64_t generation;
    size_t pristine;           /* largest allocation a fresh heap took; 0: unknown */
    int pristine_in_place;     /* ...without growing (high_water unchanged): pristine.c */
    size_t pristine_high_water; /* ...once grown this high, if it starts empty (else 0): pristine.c */
    int pristine_by_stats;     /* ...as stats() said (else measured by requests) */
    int pristine_small;        /* a fresh heap, not one that grows for it, served 1 byte: pristine.c */
    int usable_unasked;        /* key + 1 of the block whose pointer fuzz_adopt() judges before usable_size */
    int usable_asking;         /* key + 1 of the block whose usable_size fuzz_adopt() asks, while it does */
    const struct fuzz_op *ops;
    size_t nops;
    size_t cur;                /* index of the op running; nops: the final phase */
    size_t resolved[FUZZ_HISTORY]; /* size each recent op asked for, by index % FUZZ_HISTORY, SIZE_MAX for
                                      a literal, FUZZ_ZERO_NOT_RUN for a realloc to 0 it left out */
    unsigned char refused[FUZZ_HISTORY]; /* recent allocation ops that got NULL, by the same index */
    const char *phase;         /* set outside the op loop: "create", "final free-all" */
    int frees_null;            /* the running op is a free on an empty slot: free(NULL) */
    int freed_first;           /* the running op allocates into a slot whose block it freed first */
    int freeing;               /* 1 + the slot whose block the adapter is freeing now, else 0 */
    int reallocating;          /* 1 + the slot whose block the adapter is reallocating now, else 0... */
    size_t realloc_size;       /* ...and the size asked for */
    const void *resized;       /* while a realloc's answer is checked: the block it was given... */
    size_t resized_usable;     /* ...and that block's usable size then */
    const void *freeing_again; /* the pointer an op double-free frees a second time, while it does */
    const void *freeing_bad;   /* the pointer a free-interior, -misaligned or -foreign op frees, while it does */
    int trimming;              /* the adapter's trim() is under way (op check trim, or a double free's) */
    size_t aligning;           /* the alignment an op's aligned_alloc under way was asked, else 0 */
    size_t double_free_refused; /* 1 + the first op whose double free the allocator refused, else 0... */
    int double_free_refused_slot; /* ...and the slot it freed twice */
    int free_all_freed;        /* 1 + the slot a free-all freed last, while it runs; else 0 */
    enum fuzz_pristine_phase pristine_checking; /* fuzz_check_pristine under way, after a free-all */
    enum fuzz_pristine_phase pristine_passed; /* ...the last phase whose check() passed (PROBING: on the heap the frees left) */
    size_t pristine_probed;    /* ...the largest it made (and freed) after this op's or the final free-all; 0: none */
    const char *probe_call;    /* the harness's probe's call under way ("malloc", "free"), else NULL... */
    size_t probe_size;         /* ...the size of its request... */
    const char *probe_why;     /* ...and why it was made (FUZZ_PROBE_*) */
    size_t probe_usable;       /* usable_size() of the probe's block before its free (SIZE_MAX: not asked) */
    const void *probe_freed;   /* the block the pristine check's probe freed last: a discard just below it
                                  took its header (maps-discards.c) */
    struct fuzz_touch touch;   /* the harness's own access to block memory under way */
    int top_suspect;           /* the gap above the highest live block may hold a fill's bytes past a
                                  request (gap_suspect, exec.c)... */
    int gaps_marked;           /* ...or any other gap may: until then a block arriving need not look */
    int checked_clean;         /* the allocator's checker has passed in this run... */
    size_t clean_before;       /* ...with ops #0 .. #clean_before-1 done: where a failure's window starts */
    size_t intact_before;      /* every live block verified intact with ops #0 .. #intact_before-1 done; 0: not yet */
    struct fuzz_freed freed[FUZZ_RECENT_FREED]; /* the last blocks freed, by nfreed % FUZZ_RECENT_FREED... */
    size_t nfreed;             /* ...blocks freed in this run */
    struct fuzz_cut cut[FUZZ_RECENT_CUTS]; /* the last reallocs that shrank a block's usable size in place, by
                                              ncut % FUZZ_RECENT_CUTS... */
    size_t ncut;               /* ...such reallocs in this run */
    int thread;                /* a threaded run's (fuzz/threads.c) thread, 1 + its number; else 0 */
    struct fuzz_budget budget;          /* passes of the ops and the engines' schedule... */
    struct fuzz_budget budget_every_op; /* ...and of a replay's checks beyond it */
    /* Last, so that a run clears only the slots and the pool's places it
     * used (fuzz_ctx_init, fuzz_hold): the pool is 60 times the slots. */
    struct fuzz_block slot[FUZZ_TABLE];  /* the slots, then the held pool (ops.h) */
    uint32_t links[FUZZ_TABLE][2];       /* index.links' storage: set as a key is inserted */
};

/* The i-th newest of the blocks freed lately (0: the one freed last), NULL
 * past the ring's live part: past the last FUZZ_RECENT_FREED, or past the
 * blocks this run freed. A walk of the ring, newest first, is a loop over i
 * until NULL. */
static inline const struct fuzz_freed *fuzz_freed_newest(const struct fuzz_ctx *c, size_t i)
{
    return i < c->nfreed && i < FUZZ_RECENT_FREED ? &c->freed[(c->nfreed - 1 - i) % FUZZ_RECENT_FREED] : NULL;
}

/* The i-th newest of the reallocs that shrank a block in place lately, as
 * fuzz_freed_newest walks the frees. */
static inline const struct fuzz_cut *fuzz_cut_newest(const struct fuzz_ctx *c, size_t i)
{
    return i < c->ncut && i < FUZZ_RECENT_CUTS ? &c->cut[(c->ncut - 1 - i) % FUZZ_RECENT_CUTS] : NULL;
}

/* Where the table's places that may hold a block end: a loop over every
 * live block stops there, short of the pool's places never used. */
static inline unsigned fuzz_table_end(const struct fuzz_ctx *c) { return FUZZ_SLOTS + (unsigned)c->held_top; }

/* A block's name in reports: "slot 5", or a held block's "held#123" (its
 * place in the pool, ops.h). */
#define FUZZ_KEY_NAME_MAX 24
static inline const char *fuzz_key_name(int key, char *buf, size_t len)
{
    if (key < FUZZ_SLOTS)
        snprintf(buf, len, "slot %d", key);
    else
        snprintf(buf, len, "held#%d", key - FUZZ_SLOTS);
    return buf;
}

/* A block's number as "block %s%d" prints it: 5 for a slot, held#95 for a
 * held block (the place fuzz_key_name names), never the table's key 159.
 * Two printf arguments; key is read twice. */
#define FUZZ_BLOCK_NO(key) (key) < FUZZ_SLOTS ? "" : "held#", (int)((key) < FUZZ_SLOTS ? (key) : (key) - FUZZ_SLOTS)

/* The budget a check draws on: on the engines' schedule, or one of those a
 * replay adds after every op. */
static inline struct fuzz_budget *fuzz_budget(struct fuzz_ctx *c, int on_schedule)
{
    return on_schedule ? &c->budget : &c->budget_every_op;
}

static inline const char *fuzz_thread_op_name(const struct fuzz_ctx *c, unsigned kind)
{
    return c->thread ? fuzz_thread_kind_name(kind) : NULL;
}

/* A note for the running op, shown where it is reported: a free on an empty
 * slot calls free(NULL), which its text does not say. (Not read from the
 * slot: after a free of a live block the slot is empty too.) */
static inline const char *fuzz_op_note(const struct fuzz_ctx *c)
{
    return c->frees_null    ? "  (slot empty: free(NULL))"
           : c->freed_first ? "  (the slot held a block: freed first, then this request made)"
                            : "";
}

/* After create(N) in a report: whence N, when the input chose it (op heap:
 * a replay with another FUZZ_HEAP gets another heap). */
static inline const char *fuzz_heap_note(const struct fuzz_ctx *c)
{
    return c->nops && c->ops[0].kind == FUZZ_OP_HEAP ? ", the input's op #0 heap chose it" : "";
}

/* Pattern loops touch every byte of every block: keeping libFuzzer's
 * comparison tracing out of them makes a run several times faster (clang
 * only; gcc has no such attribute and no such instrumentation). */
#if defined(__clang__)
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NO_COVERAGE
#endif

/* For the sanitizers' *_default_options hooks: the runtime calls them before
 * it is set up, and ThreadSanitizer's entry hook in one crashed its start. */
#if defined(__clang__)
#define FUZZ_NOT_INSTRUMENTED __attribute__((disable_sanitizer_instrumentation))
#else
#define FUZZ_NOT_INSTRUMENTED __attribute__((no_sanitize_thread))
#endif

/* Present only in ASan builds (weak, so other builds link): the first poisoned byte of [beg, beg +
 * size), or NULL; a report reads a word of the allocator's only where this is NULL, when present. */
extern void *__asan_region_is_poisoned(void *beg, size_t size) __attribute__((weak));

/* ---- exec.c and badops.c: the ops ---- */

void fuzz_exec_op(struct fuzz_ctx *c, const struct fuzz_op *op);
void fuzz_exec_bad_op(struct fuzz_ctx *c, const struct fuzz_op *op);
/* Verifies and frees a slot's block (no-op on an empty slot). */
void fuzz_release(struct fuzz_ctx *c, unsigned slot);
int fuzz_trim(struct fuzz_ctx *c); /* the adapter's trim(), marked under way for a crash's report */
/* The adapter's realloc of a slot's block (or of NULL, for an empty slot). */
void *fuzz_realloc_call(struct fuzz_ctx *c, unsigned slot, size_t size);
/* free(NULL): must return 0 and change nothing (the free op on an empty slot). */
void fuzz_free_null(struct fuzz_ctx *c);
void fuzz_free_all(struct fuzz_ctx *c, unsigned order);
/* Every live block's pattern checked on `budget` inside the touch window
 * (a crash or a time limit there is the harness's own pass, not the
 * allocator's call): the damaged block's slot, *d filled, or -1. */
struct fuzz_damage; /* shadow-model.h */
int fuzz_verify_live(struct fuzz_ctx *c, struct fuzz_budget *budget, struct fuzz_damage *d);
/* ...with the shadow on, an oracle if one is damaged (the verify-all op);
 * on the schedule's budget or (on_schedule 0) a replay's own. */
void fuzz_verify_own(struct fuzz_ctx *c, int on_schedule);
/* Why op does nothing with this adapter ("not run: ..."), or NULL: the
 * harness never issues what the adapter cannot judge, and a report or a
 * printed trace must not let those lines pass for calls that were made. */
const char *fuzz_op_not_run(const struct fuzz_allocator *a, const struct fuzz_op *op);
/* The same for op i of this run, which knows whether a realloc to 0 met a
 * live block (not run without FUZZ_REALLOC_ZERO_FREES) or an empty slot (run:
 * realloc(NULL, 0)). */
#define FUZZ_ZERO_NOT_RUN (SIZE_MAX - 1) /* in resolved[]: sizes are capped far below */
const char *fuzz_op_not_run_in(const struct fuzz_ctx *c, size_t i);
/* The same as op i starts (replay -v prints it then): the slot says which a
 * realloc to 0 will be, and a symbolic size is evaluated as the op will
 * (fuzz_size_now: the adapter's stats for some), since one can be 0 on a
 * live block (usable-1 of a 1-byte block, room-align*2 of a packed one). */
const char *fuzz_op_not_run_now(const struct fuzz_ctx *c, size_t i);
/* The size SIZE code arg asks for, evaluated for slot now. */
size_t fuzz_size_now(const struct fuzz_ctx *c, unsigned slot, uint16_t arg);
/* The same for op i of a program not run (replay -n -v prints it first):
 * filled[slot] says which op last put a block in the slot (1 + its index;
 * 0: certainly empty), kept from op 0 on by one call per op, in order. Not
 * exact: an allocation may fail, leaving the slot empty, which only the
 * run knows; so a realloc to 0 of a slot filled before is "not run if". */
#define FUZZ_DRY_NOTE_MAX 192
const char *fuzz_op_not_run_dry(const struct fuzz_allocator *a, const struct fuzz_op *op, size_t i,
                                size_t filled[FUZZ_SLOTS], char *buf, size_t len);
/* Op i as reports show it: its trace line, "(= N bytes)" after a symbolic
 * size (ops of the last FUZZ_HISTORY), and why it did not run if it did not. */
#define FUZZ_OP_DESCRIPTION_MAX (FUZZ_OP_TEXT_MAX + 128)
void fuzz_describe_op(const struct fuzz_ctx *c, size_t i, char *out, size_t len);
/* When a call was made: "in PHASE" (phase not NULL), or "at op #N: OP" (maps.c). */
const char *fuzz_call_when(const struct fuzz_ctx *c, const char *phase, size_t op, char *when, size_t len);

/* ---- run.c: checks of the whole heap ---- */

/* Whether the running op is on the full-check schedule: every op of the
 * first FUZZ_FULL_CHECK_OPS, then every FUZZ_CHECK_EVERY-th, and the last. */
#define FUZZ_FULL_CHECK_OPS 64
#define FUZZ_CHECK_EVERY 8
/* Every live block's pattern is verified after every this many ops (a thread's: of its own ops). */
#define FUZZ_VERIFY_EVERY 32
int fuzz_full_checks(const struct fuzz_ctx *c);
/* The same without a replay's every_op: the checks the engines make. */
int fuzz_on_schedule(const struct fuzz_ctx *c);
/* 0 and the adapter's stats, or -1 if it has none. */
int fuzz_stats(const struct fuzz_ctx *c, struct fuzz_stats *out);
/* The alignment a block of `requested` bytes must have: the adapter's, or
 * less for a small block under FUZZ_SMALL_ALIGNED_TO_SIZE; at least `asked`
 * (aligned_alloc's argument, else 0). In adapter-table.c. */
size_t fuzz_block_alignment(const struct fuzz_allocator *a, size_t requested, size_t asked);
/* A run's context, empty, for the program ops[0..count) on fuzz_allocator
 * (no heap yet: run.c and threads.c create it). */
void fuzz_ctx_init(struct fuzz_ctx *c, const struct fuzz_op *ops, size_t count, const struct fuzz_options *opt);
/* Stats against the model (live blocks, bytes in use with FUZZ_EXACT_STATS). */
void fuzz_check_model(const struct fuzz_ctx *c);
/* The allocator's own checker, when present and switched on. */
void fuzz_run_checker(struct fuzz_ctx *c);
/* The run's heap, c->heap, created anew (NULL if create failed): counted for
 * fuzz_report_create_failure, whose hint is for a create that worked before. */
void *fuzz_run_new_heap(struct fuzz_ctx *c);
/* The run under way (NULL between runs): maps.c judges the allocator's munmap calls in it. */
const struct fuzz_ctx *fuzz_running(void);
/* "stats()" or "check()" while the harness itself calls the adapter's, else NULL. */
const char *fuzz_hook_under_way(void);

/* ---- pristine.c: FUZZ_PRISTINE_AFTER_FREE_ALL ---- */

/* Before op #0: the largest allocation a fresh heap takes (c->pristine);
 * nonzero when it made requests on the heap, which the program then does
 * not get. */
int fuzz_measure_pristine(struct fuzz_ctx *c);
/* With FUZZ_PRISTINE_AFTER_FREE_ALL and no live block: the fresh heap's largest allocation fits. */
void fuzz_check_pristine(struct fuzz_ctx *c);
/* The harness's own request of size, freed at once: 1 if served. Why it
 * asks (what a crash or a refused free in it says the probe does): */
#define FUZZ_PROBE_MEASURES "the probe measures the largest request that fits"
#define FUZZ_PROBE_ASKS_AGAIN "the probe asks again at once, nothing freed between, for the request the op was refused"
int fuzz_probe_request(struct fuzz_ctx *c, size_t size, const char *why, int *grew);
/* oracle-report.c: a report's line naming the requests the check made (pristine_probed). */
void fuzz_print_pristine_probed(const struct fuzz_ctx *c);

/* The oracles and the reports a failure prints: oracles.h, which needs the
 * types above (it includes this file too, to stand alone). */
#include "oracles.h"

#endif /* FUZZ_HARNESS_H */
