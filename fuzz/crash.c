/*
 * crash.c - what the harness says when the process dies inside a run: a
 * sanitizer's report, a fatal signal, the allocator's own abort() or trap,
 * or a time limit passed (timeout.c), each followed by the op it happened in
 * (run.c keeps the run; this file only reads it). The hooks and signal
 * handlers that have it said, chained to the ones before them, are
 * crash-signals.c; a threaded run's line (which thread, which run) and the
 * reproduce line that ends every report, crash-threads.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "crash.h"
#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "trace.h"

/* ---- crash context (replay) ---- */

/* A double free the adapter says is detected, of a block the first free gave
 * back to the system: a check that reads the block's header faults. */
static int print_unmapped_double_free(const struct fuzz_ctx *c, const void *fault)
{
    char unmapped[FUZZ_OP_DESCRIPTION_MAX + 160];
    if (!c->freeing_again || !fuzz_maps_unmapped_before(c, c->freeing_again, unmapped, sizeof unmapped))
        return 0;
    fprintf(stderr, "  the block freed a second time was no longer mapped: the first free gave it back, by %s; %s\n",
            unmapped, fuzz_fault_in_unmapped_record(c, fault)
                          ? "the free read that mapping's first bytes, below the block's header: its lookup found "
                            "its record of the mapping (a segment's, a big block's) still listed after that "
                            "munmap; take a record off its list before the munmap"
                          : "an allocator cannot read an unmapped block to tell a double free: it must find the "
                            "pointer in a record of its own first (a list of its big blocks), or its adapter must "
                            "not claim FUZZ_DETECTS_DOUBLE_FREE");
    return 1;
}

/* A crash inside a free the op made of a pointer that is no live block, on
 * an adapter that claims to refuse it: the free trusted what it read in
 * front of the pointer (round 10: a free that tested only the in-use
 * bit of the 8 bytes before a stack address, then merged by the size it
 * found there). Said with the op, where the report named none. An
 * allocator that stopped the program there (abort, trap) detected the
 * misuse: only the claim is wrong. */
static void print_bad_free_crash(const struct fuzz_ctx *c)
{
    static const char *const given[] = {"a block it freed just before", "a pointer into a live block",
                                        "a pointer a few bytes off a live block's start",
                                        "a pointer from outside the heap (the stack, static data or libc's malloc)"};
    if (c->phase || c->cur >= c->nops || c->touch.verb || fuzz_hook_under_way())
        return;
    unsigned kind = c->ops[c->cur].kind;
    if (kind < FUZZ_OP_DOUBLE_FREE || kind > FUZZ_OP_FREE_FOREIGN || (kind == FUZZ_OP_DOUBLE_FREE && !c->freeing_again))
        return;
    const char *flag = kind == FUZZ_OP_DOUBLE_FREE ? "FUZZ_DETECTS_DOUBLE_FREE" : "FUZZ_DETECTS_BAD_FREE";
    if (fuzz_allocator_stopped())
        fprintf(stderr, "  this op's free was given %s on purpose: an allocator that stops the program there detects "
                        "the misuse but returns no errno, so its adapter must not claim %s (the harness then never "
                        "makes such a free)\n", given[kind - FUZZ_OP_DOUBLE_FREE], flag);
    else
        fprintf(stderr, "  this op's free was given %s on purpose, which the adapter claims free refuses with an "
                        "errno (%s): likely free acted on what it read in front of the pointer (an in-use bit, a "
                        "size, a neighbour's link) before it knew the pointer for one of its live blocks; look it up "
                        "first (the heap's bounds, a walk or table of its blocks, a magic), or take the flag out of "
                        "the adapter's caps (the harness then never makes such a free)\n",
                given[kind - FUZZ_OP_DOUBLE_FREE], flag);
}

/* A block the harness was writing or reading when the fault came that runs
 * past the end of the allocator's mapping: room handed out that it had not. */
static void print_block_past_mapping(const struct fuzz_ctx *c)
{
    uintptr_t start = 0, end = 0;
    if (!c->touch.verb || c->touch.key < 0)
        return;
    const struct fuzz_block *b = &c->slot[c->touch.key];
    size_t past = fuzz_maps_past_end(b->ptr, b->usable, &start, &end);
    if (past)
        fprintf(stderr, "  block %ld runs %zu byte%s past the end of the allocator's mapping it starts in, [%#jx, "
                        "+%zu): it handed out room it did not have (an end-of-heap check that leaves out a header "
                        "or the rounding)\n", c->touch.key, past, hl_plural_s(past), (uintmax_t)start, (size_t)(end - start));
}

static int timing_out; /* a run past its time limit (timeout.c): what the process was doing is no fault */
void fuzz_crash_timing_out(void) { timing_out = 1; }

/* A timeout inside the harness's own pass over block memory: the op's calls
 * had returned, and the block is not to blame (fuzz_print_touch would say
 * so); the time went in them, or in the passes. */
static void print_touch_timed_out(const struct fuzz_ctx *c)
{
    const char *verb = c->touch.verb;
    verb = strcmp(verb, "writing") == 0 ? "filling" : strcmp(verb, "reading") == 0 ? "checking" : verb;
    if (c->touch.key < 0)
        fprintf(stderr, "  the harness was %s every live block (%zu, %zu bytes) when the limit hit", verb,
                c->index.live, c->index.in_use);
    else
        fprintf(stderr, "  the harness was %s block %ld of %zu bytes when the limit hit (%zu requested)", verb,
                c->touch.key, c->slot[c->touch.key].usable, c->slot[c->touch.key].requested);
    fprintf(stderr, ": the op's calls had returned, so likely they took most of the time (an allocator's slow "
                    "or long loop), or the blocks are so big or so many that filling and checking them is slow "
                    "(a run passes over its first FUZZ_WHOLE_BYTES, fuzz/harness.h, whole, then at samples; "
                    "HALLOC_FUZZ_STATS=1 replay counts the bytes)\n");
}

/* The pristine check's calls, and the one a crash came in: a malloc(1) and its
 * free come before the largest request, and a crash in that request's free
 * (a footer written one word past a chunk, over the heap's end marker, by the
 * split of the malloc(1)) read as the largest request's alone. 1 if it named
 * a NULL link followed (the null page's own line would say it again). */
static int print_pristine_check_under_way(const struct fuzz_ctx *c)
{
    fprintf(stderr, "  every block was freed, and the harness was checking FUZZ_PRISTINE_AFTER_FREE_ALL: stats(), "
                    "then %sa request of %zu byte%s (the largest a fresh heap served) and its free",
            c->pristine_small ? "malloc(1) and its free, then " : "", c->pristine, hl_plural_s(c->pristine));
    if (!c->probe_call)
        fprintf(stderr, ", when this happened\n");
    else if (c->pristine_small && c->probe_size == 1)
        fprintf(stderr, "; this happened in %s\n",
                strcmp(c->probe_call, "malloc") == 0 ? "malloc(1)" : "the free of malloc(1)'s block");
    else
        fprintf(stderr, "; this happened in the %s of %zu bytes%s\n", c->probe_call, c->probe_size,
                c->pristine_small || strcmp(c->probe_call, "free") == 0
                    ? ", so the calls before it may have left what it met broken" : "");
    /* The largest request took the emptied heap's one chunk whole, so a NULL
     * it met came from the list malloc(1)'s split and free left: a walk that
     * never tests for NULL stops at a marker, and a merge that took the
     * marker for a free block took its NULL link (round 10: a heap_4
     * merging forward into its end block, told only the line above). */
    int in_null_page = fuzz_fault_in_null_page();
    if (!c->probe_call || !c->pristine_small || c->probe_size == 1 || !(in_null_page || fuzz_report_words()->null_use))
        return 0;
    char followed[96] = "UBSan's use of one";
    if (in_null_page)
        snprintf(followed, sizeof followed, "a fault in the null page, at byte %ju of what it was taken to point at",
                 (uintmax_t)(uintptr_t)fuzz_fault_address());
    fprintf(stderr, "  cause: likely malloc(1)'s split or its free's merge put a NULL link in the free list: a "
                    "NULL pointer was followed (%s) by a walk that does not test for one, as a walk a marker ends "
                    "does (an end block at the heap's end, as heap_4's, or a sentinel); a merge that took the marker "
                    "for a free block (a forward merge with no test that the next block is the end) took its NULL "
                    "link into the list\n", followed);
    return 1;
}

/* A free-all, or an allocation into a full slot, frees blocks its trace line
 * does not name, and a free-all ends with the pristine check's own malloc and
 * free: without this a crash in one of those left the user to guess which
 * call it was (a free-all crashing in malloc reads as a bad free). The
 * pristine probe's requests, before op #0, are no op at all, and a refused
 * request the harness asks again is not the op's own call. 1 if it named a
 * NULL link followed. */
static int print_call_under_way(const struct fuzz_ctx *c)
{
    if (c->pristine_checking) {
        return print_pristine_check_under_way(c);
    } else if (c->probe_call) {
        fprintf(stderr, "  the probe was in its %s of a request of %zu byte%s when this happened (%s)\n",
                c->probe_call, c->probe_size, hl_plural_s(c->probe_size), c->probe_why);
    } else if (c->freeing) {
        const struct fuzz_block *b = &c->slot[c->freeing - 1];
        char sized[96] = ""; /* what a sized free went by: a class or page count from it may be what is wrong */
        if (c->a->free_sized)
            snprintf(sized, sizeof sized, "; free_sized was given size %zu, alignment %zu", b->requested, b->asked);
        fprintf(stderr, "  the allocator was freeing block %s%d: [%p, +%zu) (%zu requested%s) when this happened\n",
                FUZZ_BLOCK_NO(c->freeing - 1), (void *)b->ptr, b->usable, b->requested, sized);
        fuzz_maps_print_edge(c, c->freeing - 1);
    } else if (c->reallocating) {
        const struct fuzz_block *b = &c->slot[c->reallocating - 1];
        fprintf(stderr, "  the allocator was reallocating block %s%d: [%p, +%zu) (%zu requested) to %zu bytes when "
                "this happened\n", FUZZ_BLOCK_NO(c->reallocating - 1), (void *)b->ptr, b->usable, b->requested, c->realloc_size);
        fuzz_maps_print_edge(c, c->reallocating - 1);
    } else if (c->trimming) {
        fprintf(stderr, "  the allocator was in trim() when this happened\n");
    } else if (c->aligning > c->a->alignment) {
        /* round 18's vmem: a UBSan index out of bounds in a list insert, the op's alignment unremarked */
        fprintf(stderr, "  the allocator was in aligned_alloc, asked an alignment of %zu, past the adapter's %zu, when "
                "this happened\n  likely cause: its aligned path, which no plain malloc runs: a search that tests a "
                "free chunk's size alone, not from its first aligned address, takes a chunk whose aligned start lies "
                "past its end, and the lead or rest cut there gets a size that wrapped (a list index out of bounds, "
                "a length near 2^64)\n", c->aligning, c->a->alignment);
    } else if (c->usable_asking) {
        const struct fuzz_block *b = &c->slot[c->usable_asking - 1];
        fprintf(stderr, "  the harness was asking usable_size() of block %s%d, %p (%zu requested), which the "
                "allocator had just returned, before writing a byte of it, when this happened\n",
                FUZZ_BLOCK_NO(c->usable_asking - 1), (void *)b->ptr, b->requested);
        if (!fuzz_print_slot_past_page(c, c->usable_asking - 1))
            fprintf(stderr, "  likely cause: usable_size's lookup of a block the allocator made itself (the header, "
                    "page-map entry or run record found from the pointer is another block's, a free run's, or none), "
                    "which free likely shares\n");
    }
    return 0;
}

/* Whether the harness's fill past a request (fuzz_past_request) could have
 * broken what the fault met. Such a fill lies above its block, up to the
 * next live block (exec.c marks the gaps it may have reached, gap_suspect):
 * a free or realloc of a block reads the gaps on both sides of it (its own
 * header below it, the neighbours it merges with), any other call (a
 * malloc taking a free chunk, a stats() walking the heap) any gap. A block
 * merely rounded up, or shrunk in place keeping its room, wrote nothing
 * past a request; a coarse size class's room past one is suspect only near
 * the fault. A rounding is no excuse where the block ends exactly where the
 * next live block begins: whatever the allocator keeps below that block
 * (glibc's 8-byte header, in a 24-byte block's rounding to 32) lies in it. */
static int usable_may_explain(const struct fuzz_ctx *c)
{
    int on = c->freeing ? c->freeing - 1 : c->reallocating ? c->reallocating - 1 : -1, prev, next;
    if (on >= 0) {
        fuzz_index_neighbours(&c->index, (unsigned)on, &prev, &next);
        return fuzz_past_request(&c->slot[on]) || c->slot[on].gap_suspect ||
               (prev >= 0 && fuzz_past_request(&c->slot[prev])) ||
               (next >= 0 ? c->slot[next].gap_suspect : c->top_suspect) ||
               (prev >= 0 && fuzz_filled_below(&c->slot[prev], &c->slot[on])) ||
               (next >= 0 && fuzz_filled_below(&c->slot[on], &c->slot[next]));
    }
    for (unsigned i = 0; i < fuzz_table_end(c); i++)
        if (fuzz_past_request(&c->slot[i]) || (c->slot[i].ptr && c->slot[i].gap_suspect))
            return 1;
    return c->top_suspect;
}

/* Where a register's non-canonical value lies among the pattern words the
 * harness wrote into blocks, live or freed lately: the bytes the allocator
 * took for a pointer, or a field's address a little off them (ASan's check
 * of a node's size at the link plus 8: round 19's emm bug 7 in stats()). */
static void print_wild_register(const struct fuzz_ctx *c, const struct fuzz_wild_register *r)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16], freed[FUZZ_OP_DESCRIPTION_MAX + 16], off[48] = "";
    size_t offset;
    uint64_t word;
    int k = fuzz_pattern_near(c, r->value, FUZZ_NEAR_BLOCK_BYTES, &offset, &word);
    const struct fuzz_freed *f =
        k < 0 ? fuzz_pattern_near_freed(c, r->value, FUZZ_NEAR_BLOCK_BYTES, &offset, &word) : NULL;
    if (k >= 0 || f)
        fuzz_describe_word_offset(off, sizeof off, word, r->value);
    if (k >= 0) {
        fprintf(stderr, "  register %s held %#jx,%s the 8 bytes at byte %zu of live block %s%d (placed %s), which "
                        "the harness wrote there: the allocator took a live block's bytes for a link or size of its "
                        "own (a block handed out while still on a free list, or a link never written into a freed "
                        "block)\n", r->name, (uintmax_t)r->value, off, offset, FUZZ_BLOCK_NO(k),
                fuzz_call_when(c, NULL, c->slot[k].made_at, made, sizeof made));
        fuzz_print_handed_out_listed(c, k, offset);
    } else if (f)
        fprintf(stderr, "  register %s held %#jx,%s the 8 bytes at byte %zu of block %s%d freed %s, which the harness "
                        "wrote there while it was live: the allocator took a freed block's old bytes for a link or "
                        "size of its own (a free that did not write its link where the pop reads it, or a block still "
                        "on a list after it was handed out)\n", r->name, (uintmax_t)r->value, off, offset,
                FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, freed, sizeof freed));
    else if (!fuzz_print_register_stepped(c, r->name, r->value))
        fprintf(stderr, "  register %s held %#jx: non-canonical, and no block's word as it stands, nor one added "
                        "to a place among the blocks\n", r->name, (uintmax_t)r->value);
}

/* How far below (void *)-1 an address may lie and still be taken for a
 * failed sbrk's or mmap's return used as memory, plus an offset. */
#define NEAR_MINUS_ONE ((uint64_t)1 << 20)

/* Whether v lies within NEAR_MINUS_ONE below (void *)-1, as an address or
 * as ASan's shadow index of one (the address shifted right by 3, which
 * ASan's check adds its offset to, past the canonical range): *below says
 * how far (to within 8 bytes for an index). */
static int near_minus_one(uint64_t v, uint64_t *below, int *shadow)
{
    *shadow = v <= UINT64_MAX >> 3 && v >= (UINT64_MAX - NEAR_MINUS_ONE) >> 3;
    *below = *shadow ? ((UINT64_MAX >> 3) - v) * 8 : UINT64_MAX - v;
    return *shadow || v >= UINT64_MAX - NEAR_MINUS_ONE;
}

/* A fault at, or at ASan's shadow of, an address at or just below
 * (void *)-1: sbrk's and mmap's failure value used as memory (round 16: an
 * sbrk heap that wrote its new block's tags at the break a refused growth
 * returned, told as a wild link read from a block). 1 if it said so. */
static int print_failure_value_used(const void *fault)
{
    const struct fuzz_wild_register *regs;
    size_t count = 0;
    char held[160] = "";
    int shadow = 0;
    uint64_t below = 0;
    if (fault && near_minus_one((uint64_t)(uintptr_t)fault, &below, &shadow) && !shadow)
        snprintf(held, sizeof held, "the fault's address %p", fault);
    fuzz_fault_wild(&regs, &count);
    for (size_t i = 0; !held[0] && i < count; i++)
        if (near_minus_one(regs[i].value, &below, &shadow))
            snprintf(held, sizeof held, "register %s held %#jx, %s", regs[i].name, (uintmax_t)regs[i].value,
                     shadow ? "ASan's shadow index (the address shifted right by 3) of an address" : "an address");
    if (!held[0])
        return 0;
    char how_far[48] = "at";
    if (below)
        snprintf(how_far, sizeof how_far, "%ju byte%s below", (uintmax_t)below, hl_plural_s(below));
    fprintf(stderr, "  %s %s (void *)-1, the value sbrk and mmap (MAP_FAILED) return on failure: "
                    "likely a growth the system refused (a limit, ENOMEM) whose return went unchecked, the "
                    "allocator then writing its new block's header or tags at that address as if it were the old "
                    "break or the new mapping\n", held, how_far);
    return 1;
}

/* A fault that came with no address, the kernel's general-protection
 * fault: a non-canonical pointer followed, which ASan reports on "unknown
 * address" and nothing placed (round 11's next-fit bug 1 under make replay).
 * Not in the harness's own access to a block (a fill of a usable size that
 * ran off the address space): its line says so, and the block may be too
 * big for its words to be searched. */
static int print_wild_fault(const struct fuzz_ctx *c)
{
    const struct fuzz_wild_register *regs;
    size_t count;
    if (c->touch.verb || !fuzz_fault_wild(&regs, &count))
        return 0;
    fprintf(stderr, "  the fault came with no address (the kernel's general-protection fault; ASan's \"SEGV on unknown "
                    "address\" with its hint of \"a high value address\"): the allocator followed a wild pointer, a "
                    "non-canonical one (bits 47 to 63 not all alike: no mapping can hold it), likely a link or size "
                    "read from a block's bytes and taken for a pointer%s\n",
            count ? "; the registers that held such a value:" : "");
    for (size_t i = 0; i < count; i++)
        print_wild_register(c, &regs[i]);
    return 1;
}

/* Last, as in an oracle's report: eight ops above the lines that place the
 * fault would push its likely cause off the report's first screenful
 * (fuzz/REPORTS.md, "One screen"). Before op #0 (create, the pristine
 * probe) no op has run. */
void fuzz_print_crash_ops(void)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    const struct fuzz_ctx *c = fuzz_running();
    size_t end = !c ? 0 : !c->phase ? c->cur + 1 : c->cur < c->nops ? 0 : c->nops;
    if (end)
        fprintf(stderr, "  last ops (oldest first):\n");
    for (size_t i = end > FUZZ_HISTORY ? end - FUZZ_HISTORY : 0; i < end; i++) {
        fuzz_describe_op(c, i, text, sizeof text);
        fprintf(stderr, "  %s #%-5zu %s\n", i == c->cur ? ">" : " ", i, text);
    }
}

void fuzz_print_crash_context(const char *why)
{
    fuzz_print_crash_explained(why);
    fuzz_print_crash_ops();
}

void fuzz_print_crash_explained(const char *why)
{
    void *fault_address = fuzz_fault_address();
    char text[FUZZ_OP_DESCRIPTION_MAX];
    const struct fuzz_ctx *c = fuzz_running();
    if (!c)
        return;
    if (!c->phase) {
        fuzz_describe_op(c, c->cur, text, sizeof text);
        fprintf(stderr, "halloc-fuzz: %s at op #%zu: %s%s\n", why, c->cur, text, fuzz_op_note(c));
    } else {
        fprintf(stderr, "halloc-fuzz: %s in %s\n", why, c->phase);
    }
    char call[FUZZ_HEAP_CALL_MAX];
    fuzz_heap_call_text(c, call, sizeof call);
    /* Always: a length no multiple of the alignment (FUZZ_HEAP=65500) or a
     * buffer's place may be what the fault met, and before op #0 no op says
     * what the heap is. */
    fprintf(stderr, "  heap:  %s%s\n", call, fuzz_heap_note(c));
    int null_said = print_call_under_way(c);
    fuzz_print_stack_ran_out();
    fuzz_print_pristine_probed(c);
    fuzz_print_report_check_crashed(c);
    char named[128] = "the fault's address"; /* ASan's, found by an interceptor, comes with no signal */
    const void *fault = fault_address ? fault_address : fuzz_asan_report_address(named, sizeof named);
    int copied = fuzz_print_crash_cause(c, fault, named); /* placed by the block being reallocated */
    fuzz_heap_print_outside(fault, named);
    int past_break = fuzz_maps_print_fault_past_break(c, fault, named); /* a live block's bytes may lie there too */
    if (!print_unmapped_double_free(c, fault))
        print_bad_free_crash(c);
    fuzz_maps_print_discard(c, 0, -1, -1, 1);
    const char *hook_under_way = fuzz_hook_under_way();
    if (hook_under_way && !c->pristine_checking)
        fprintf(stderr, "  the op's calls had returned, and the harness was calling the adapter's %s to check the "
                        "heap when this happened: likely the op left the allocator's records broken\n", hook_under_way);
    if (timing_out && c->touch.verb) {
        print_touch_timed_out(c);
    } else if (!c->phase) {
        fuzz_print_touch(&c->touch, c->slot, c->a->usable_size && c->opt.usable);
        print_block_past_mapping(c);
    }
    /* The fault is the allocator's own, but the harness may have caused it:
     * it fills every byte usable_size reports, and one that overstates lets
     * that fill overwrite a neighbour's header, found broken ops later. */
    int placed = copied || fuzz_print_masked_lookup(c, fault) || fuzz_print_fault_place(c, fault_address) || fuzz_maps_print_fault_past_end(c, fault_address) ||
                 fuzz_maps_print_fault_before_start(c, fault_address) || print_failure_value_used(fault) || fuzz_print_pointer_as_offset(c, fault_address) ||
                 print_wild_fault(c);
    placed = placed || past_break;
    /* Not placed: a NULL read from a header the harness's fill overwrote is as likely as one never set. */
    if (!placed && !null_said && fuzz_fault_in_null_page())
        fuzz_print_null_page(fault_address);
    if (!copied && (fault_address || !fuzz_print_asan_region(c, fault, named)) &&
        !fuzz_print_block_place(c, fault, named) && (placed || !fuzz_print_fault_stepped(c, fault_address)))
        (void)(fuzz_print_number_taken(fault, named) || /* a signal's or ASan's; UBSan's: report-places.c */
               fuzz_print_size_taken(c, fault, named));
    if (!fault_address && fuzz_print_report_places(c))
        placed = 1; /* a word past a request named, with HALLOC_FUZZ_USABLE=off */
    if (!c->touch.verb) /* beside any place: which freed block held the link to it */
        fuzz_print_stale_link(c, fault_address);
    /* Not for a fault in usable_size itself: HALLOC_FUZZ_USABLE=off never calls it, so its clean replay would
     * blame the fill for the lookup's fault (round 13b radix allocator: "usable_size() overstates"). */
    if (!c->touch.verb && !placed && !c->usable_asking && !strstr(named, "-param-overlap") &&
        usable_may_explain(c)) { /* no damage */
        fprintf(stderr, "  if the allocator found its own data damaged: the harness wrote past the requested "
                        "bytes of blocks, up to their usable_size; HALLOC_FUZZ_USABLE=off replays with only "
                        "the requested bytes written, and a clean replay then points at usable_size\n");
        if (fuzz_usable_hint_offered) /* replay.c tries it and says which */
            *fuzz_usable_hint_offered = 1;
    }
}
