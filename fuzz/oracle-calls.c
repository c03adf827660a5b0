/*
 * oracle-calls.c - the oracles on what a call answered or did to the heap:
 * frees refused or wrongly accepted, errno values, out-of-memory and growth,
 * huge requests, and the munmap, madvise and mprotect calls of maps.c over
 * live blocks; oracle-counts.c holds those on stats() and the pristine heap
 * after a free-all. Like those of oracles.c and oracle-place.c (the oracles
 * on a block's contents and place), each fails through its own noinline
 * function, prints its report (oracle-report.c) and aborts.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"
#include "maps.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */
#include "oracle-report.h"

void oracle_small_refused_when_empty(const struct fuzz_ctx *c)
{
    fuzz_report(c, "spurious_oom", -1, -1, FUZZ_EMPTIED_REFUSES_SMALL ", which a fresh heap served (the largest it "
           "took: %zu bytes)", c->pristine);
    abort();
}

/* A merge's gap: the header of the chunk above a freed block, and its rounding. */
#define MERGED_GAP_MAX 64

/* Round 18: a skip-list best fit whose free merged the free chunk above the
 * block it freed, and left that chunk listed, handed it to the probe's
 * malloc(1); free, finding no chunk starting there, refused it, and the
 * report blamed free's lookup. A probe block that starts just past the end of
 * a block freed lately, no live block between, says so. */
static void probe_past_freed(const struct fuzz_ctx *c, char *out, size_t len)
{
    uintptr_t p = (uintptr_t)c->probe_freed;
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    int below, above;
    const struct fuzz_freed *f;
    fuzz_index_around(&c->index, c->probe_freed, &below, &above);
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        uintptr_t end = (uintptr_t)f->ptr + f->usable;
        if (end > p || p - end > MERGED_GAP_MAX)
            continue;
        if (below < 0 || (uintptr_t)c->slot[below].ptr < (uintptr_t)f->ptr)
            snprintf(out, len, "; it starts %zu byte%s past the end of block %s%d, [%p, +%zu), freed %s, "
                     FUZZ_PROBE_PAST_FREED, (size_t)(p - end), hl_plural_s(p - end), FUZZ_BLOCK_NO(f->slot),
                     (void *)f->ptr, f->usable, fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
        return;
    }
}

void oracle_free_rejected(const struct fuzz_ctx *c, int slot, int err)
{
    char sized[96] = "", said[FUZZ_ERRNO_SAID_MAX], took[160] = "";
    const char *meaning = fuzz_free_errno_meaning(c, err);
    if (slot < 0) { /* no slot's: the harness's probe's request, freed right after its malloc */
        char short_of[FUZZ_OP_DESCRIPTION_MAX + 256] = "";
        if (c->probe_usable < c->probe_size)
            snprintf(short_of, sizeof short_of, "; usable_size() had said %zu byte%s of it, for %zu asked: "
                     FUZZ_PROBE_BLOCK_SHORT, c->probe_usable, hl_plural_s(c->probe_usable), c->probe_size);
        else
            probe_past_freed(c, short_of, sizeof short_of);
        fuzz_report(c, "free_rejected", -1, -1, "free of the block the harness's probe had just taken (malloc(%zu), "
                    "then its free: %s) failed with %s%s%s%s", c->probe_size, c->probe_why,
                    fuzz_errno_said(said, sizeof said, err),
                    meaning ? ": the allocator took it for " : "", meaning ? meaning : "", short_of);
        abort();
    }
    if (c->a->free_sized && slot >= 0)
        snprintf(sized, sizeof sized, " (free_sized was given size %zu, alignment %zu)", c->slot[slot].requested,
                 c->slot[slot].asked);
    if (meaning)
        snprintf(took, sizeof took, ": the allocator took live block %s%d for %s", FUZZ_BLOCK_NO(slot), meaning);
    char removed[FUZZ_OP_DESCRIPTION_MAX + 520] = "";
    fuzz_maps_removed_since(c, slot, removed, sizeof removed);
    /* Round 20's lookaside heap: a block popped from a lookaside list kept the flag its free there set */
    if (!*removed)
        fuzz_reused_while_marked_free(c, &c->slot[slot], removed, sizeof removed);
    fuzz_report(c, "free_rejected", slot, -1, "free of a live block failed with %s%s%s%s",
           fuzz_errno_said(said, sizeof said, err), sized, took, removed);
    abort();
}

void oracle_bad_free_accepted(const struct fuzz_ctx *c, int slot, const void *ptr, const char *what)
{
    fuzz_report(c, "bad_free_accepted", slot, -1, "free(%p) of %s returned 0; the adapter promises it is detected",
           ptr, what);
    abort();
}

void oracle_bad_free_wrong_errno(const struct fuzz_ctx *c, int slot, const void *ptr, int got, int want)
{
    char got_said[FUZZ_ERRNO_SAID_MAX], want_said[FUZZ_ERRNO_SAID_MAX], took[160] = "";
    const char *meaning = fuzz_free_errno_meaning(c, got);
    if (meaning)
        snprintf(took, sizeof took, ": the allocator took it for %s", meaning);
    fuzz_report(c, "bad_free_wrong_errno", slot, -1, "free(%p) failed with %s, expected %s%s", ptr,
           fuzz_errno_said(got_said, sizeof got_said, got), fuzz_errno_said(want_said, sizeof want_said, want), took);
    abort();
}

void oracle_bad_free_changed_heap(const struct fuzz_ctx *c, const char *change, int slot)
{
    fuzz_report(c, "bad_free_changed_heap", slot, -1, "a rejected free changed the heap: %s", change);
    abort();
}

void oracle_free_null_rejected(const struct fuzz_ctx *c, int err)
{
    char said[FUZZ_ERRNO_SAID_MAX];
    fuzz_report(c, "free_null_rejected", -1, -1, "free(NULL) failed with %s; free(NULL) must do nothing and succeed, as "
           "C's free does", fuzz_errno_said(said, sizeof said, err));
    abort();
}

void oracle_free_null_changed_heap(const struct fuzz_ctx *c, const char *change, int slot)
{
    fuzz_report(c, "free_null_changed_heap", slot, -1, "free(NULL) changed the heap: %s", change);
    abort();
}

void oracle_checker_failed(const struct fuzz_ctx *c, const char *message)
{
    char last[FUZZ_KEY_NAME_MAX];
    if (c->free_all_freed)
        fuzz_report(c, "checker_failed", -1, -1, FUZZ_CHECK_FAILED "%s (right after the free-all freed %s)", message,
               fuzz_key_name(c->free_all_freed - 1, last, sizeof last));
    else
        fuzz_report(c, "checker_failed", -1, -1, FUZZ_CHECK_FAILED "%s", message);
    abort();
}

void oracle_trim_failed(const struct fuzz_ctx *c, int err)
{
    char said[FUZZ_ERRNO_SAID_MAX];
    fuzz_report(c, "trim_failed", -1, -1, "trim() failed with errno %s", fuzz_errno_said(said, sizeof said, err));
    abort();
}

/* Why a request at most largest_free was not served from the heap's free
 * chunks (spurious_growth: always the first), for spurious_oom picked by the
 * request's distance below largest_free. Segregated lists are spaced by a
 * fraction of their sizes (TLSF's by 1/16 of a power of two): a request this
 * close below it is what a good fit's rounding to the next list makes of a
 * chunk that stats count whole (a TLSF of round 4). The fresh heap's probe
 * asks for largest_free itself, so a bitmap search that cut runs at its
 * words' ends (round 8) fails there too, told only of lists, and so does a
 * first fit that stops at the first of several pools (round 10b's
 * heap_5-style pools, told only of a good fit and runs). */
static const char fit_skipped[] = "a fitting free chunk skipped by the search (one that misses a size class, or a "
                                  "tree or trie keyed by size descended the wrong way: the wrong bit tested, a "
                                  "tie-break inverted), or stats that overstate largest_free";

static const char *fit_skipped_cause(size_t size, size_t largest_free)
{
    if (size > largest_free - largest_free / 8)
        return "so close to largest_free, a good fit: a segregated fit that rounds a request up to the next list "
               "before it searches skips the chunks of the request's own list, and must report that list's floor, "
               "less the header, as largest_free (fuzz/ADAPTERS.md, The stats); else a search that ends a free run "
               "at an edge of its own (a bitmap scanned a word at a time, a page) and refuses every request longer "
               "than the run left before it; or a search that stops before it reaches the largest chunk (a free "
               "list walked only through the first of several pools or segments, its end taken for the list's)";
    return fit_skipped;
}

/* The facts the harness has on a refusal pick its cause: room the call
 * itself mapped (round 13b's TLSF, a bitmap bit left set for an emptied list,
 * refused so alone), the same request served when asked again at once, or the
 * request's distance below largest_free. */
__attribute__((noreturn)) static void report_spurious_oom(const struct fuzz_ctx *c, size_t size, size_t largest_free, int served_again)
{
    char grew[160] = "";
    uintptr_t pool = 0;
    int given_back;
    size_t mapped = fuzz_maps_largest_of_op(c, &pool, &given_back);
    if (mapped >= size) {
        snprintf(grew, sizeof grew, "; this very call mapped [%#jx, +%zu)%s, room for the request, and still "
                 "refused it", (uintmax_t)pool, mapped, given_back ? " and unmapped it again" : "");
        fuzz_note_cause("a search that never reaches the chunk its growth added - one that stops at a stale "
                        "bitmap bit (a list emptied with its bit left set, whose empty head ends the search) or at "
                        "the first listed class it finds, and gives up rather than search again after growing");
    } else if (served_again) {
        fuzz_note_cause("the refused call's own work made room (deferred frees drained and merged: quick lists, "
                        "a cache, a sweep) and it gave up instead of searching again");
    } else {
        fuzz_note_cause(fit_skipped_cause(size, largest_free));
    }
    fuzz_note_refusal(c);
    fuzz_report(c, "spurious_oom", -1, -1, "a request of %zu byte%s failed although stats said largest_free = %zu "
           "(the largest request that succeeds without growing)%s%s", size, hl_plural_s(size), largest_free, grew,
           served_again ? "; asked again at once, with nothing freed between, the same request was served" : "");
    abort();
}

/* Round 16b: a relocatable heap whose offset 0 meant both "none" and its first
 * chunk read its only list as empty and refused every request; told only of
 * a good fit's rounding and run searches, which still serve a small request. */
void oracle_fresh_heap_refused(const struct fuzz_ctx *c, size_t largest_free, int one_byte_served)
{
    if (one_byte_served)
        oracle_spurious_oom(c, largest_free, largest_free);
    fuzz_note_refusal(c);
    fuzz_note_cause("its free chunk is on no list the search reads: a list never filled at create, or a 'none' "
                    "value that is also a real position (offset or index 0 where the first chunk sits), which makes "
                    "the list holding that chunk read as empty");
    fuzz_report(c, "spurious_oom", -1, -1, "a request of %zu byte%s failed although stats said largest_free = %zu, "
           "and a request of 1 byte failed too: the fresh heap serves nothing though its stats count free memory",
           largest_free, hl_plural_s(largest_free), largest_free);
    abort();
}

void oracle_spurious_oom(const struct fuzz_ctx *c, size_t size, size_t largest_free)
{
    report_spurious_oom(c, size, largest_free, 0);
}

void oracle_refused_then_served(const struct fuzz_ctx *c, size_t size, size_t largest_free)
{
    report_spurious_oom(c, size, largest_free, 1);
}

void oracle_spurious_growth(const struct fuzz_ctx *c, int slot, size_t size, size_t largest_free, size_t grew)
{
    fuzz_note_cause(fit_skipped); /* whatever the distance: round 15b's size-keyed trees are named only here */
    fuzz_report(c, "spurious_growth", slot, -1, "a request of %zu byte%s mapped %zu more byte%s although stats said "
           "largest_free = %zu (the largest request that succeeds without growing)", size, hl_plural_s(size), grew,
           hl_plural_s(grew), largest_free);
    abort();
}

/* "a request of 100 bytes", or for calloc's overflow "calloc(n, size)", whose
 * product wrapped: the wrapped product alone would name the wrong size, but
 * beside it, it is the size an unchecked multiplication asked malloc for; an
 * aligned request (align non-zero) "aligned_alloc(align, size)". Its callers'
 * buffers are REQUEST_TEXT_MAX: the longest text, calloc's, with each %zu's
 * 3 characters a SIZE_MAX of 20 digits. */
#define CALLOC_OVERFLOW_TEXT "calloc(%zu, %zu), whose n * size overflows (wrapping to %zu),"
#define REQUEST_TEXT_MAX (sizeof CALLOC_OVERFLOW_TEXT + 3 * (20 - 3))
static const char *request_text(char *buf, size_t len, size_t n, size_t size, size_t align)
{
    if (n)
        snprintf(buf, len, CALLOC_OVERFLOW_TEXT, n, size, n * size);
    else if (align)
        snprintf(buf, len, "aligned_alloc(%zu, %zu)", align, size);
    else
        snprintf(buf, len, "a request of %zu byte%s", size, hl_plural_s(size));
    return buf;
}

/* The facts alone: the cause (cause-table.c), picked by the errno, the
 * request's kind and a product wrapped to 0, says what to fix, and, as the
 * oracle runs only on the adapter's claim, when to take the claim out. */
void oracle_alloc_wrong_errno(const struct fuzz_ctx *c, size_t n, size_t size, size_t align, int got)
{
    char what[REQUEST_TEXT_MAX], said[FUZZ_ERRNO_SAID_MAX];
    fuzz_note_refusal(c);
    fuzz_report(c, "alloc_wrong_errno", -1, -1, "%s failed with errno %s, expected ENOMEM (the adapter claims "
           "FUZZ_REPORTS_ENOMEM)", request_text(what, sizeof what, n, size, align),
           fuzz_errno_said(said, sizeof said, got));
    abort();
}

/* The facts alone, an aligned request named with its alignment: the cause
 * (cause-table.c), picked by the request's kind, says what to fix (an
 * alignment the allocator does not serve is no limit, but the adapter's
 * EINVAL to set: Boehm GC's GC_memalign fails every one over 4096). */
void oracle_refused_unlimited(const struct fuzz_ctx *c, size_t size, size_t align, int err)
{
    char said[FUZZ_ERRNO_SAID_MAX], what[REQUEST_TEXT_MAX];
    fuzz_note_refusal(c);
    fuzz_report(c, "spurious_oom", -1, -1, "%s failed (errno %s) " FUZZ_NO_LIMIT_CLAIMED " (every request up to %zu bytes succeeds, whatever the heap holds)",
           request_text(what, sizeof what, 0, size, align), fuzz_errno_said(said, sizeof said, err),
           (size_t)FUZZ_SYMBOL_SIZE_MAX);
    abort();
}

/* calloc's n or size cut to 32 bits (talloc's _talloc_zero_array takes an
 * unsigned count) gives the wrapped product itself whenever the other is a
 * power of two: the block cannot tell the cut from the wrap, so both are named. */
static void calloc_cut_text(char *buf, size_t len, size_t n, size_t size)
{
    int n_big = (uint32_t)n != n; /* not n > UINT32_MAX: always false where size_t is 32 bits */
    size_t big = n_big ? n : size, other = n_big ? size : n;
    if ((uint32_t)big == big || (size_t)(uint32_t)big * other != n * size)
        return;
    snprintf(buf, len, "; cut to 32 bits %s is %" PRIu32 ", and n * size then the same %zu bytes: an allocator whose "
             "%s is an unsigned or uint32_t is given that, unless its adapter refuses one over UINT32_MAX (with "
             "ENOMEM) before calling it", n_big ? "n" : "size", (uint32_t)big, n * size, n_big ? "count" : "element size");
}

/* Whether every page of [p, p + n) is mapped, nothing touched: msync fails
 * with ENOMEM on a range holding an unmapped page (POSIX). */
static int span_mapped(const void *p, size_t n)
{
    uintptr_t page = fuzz_page_size(), start = (uintptr_t)p & ~(page - 1);
    return n && (uintptr_t)p + n > (uintptr_t)p && msync((void *)start, (uintptr_t)p + n - start, MS_ASYNC) == 0;
}

/* A size cut to 32 bits that the heap could hold (narrowed: a cut the
 * block's usable size u, where asked, bears out), said into cut. */
static void cut_to_32_text(char *cut, size_t len, const struct fuzz_ctx *c, size_t size, int asked, size_t u)
{
    /* No wrap needed when the size reached the allocator cut to its own,
     * narrower type: the low 32 bits of half+0 are 0. The block's usable
     * size, where the adapter tells it, shows it: the cut size, rounded up
     * at most to the next alignment but one (glibc's 24 for 0). Without it,
     * a cut size the heap could hold is the guess. */
    char usable[64] = "";
    uint32_t low = (uint32_t)size;
    if (asked && !(u >= low && u - low < 2 * c->a->alignment))
        return;
    if (asked)
        snprintf(usable, sizeof usable, ", and usable_size() says %zu", u);
    /* A count of 8- or 16-byte units in 32 bits is cut at 32 or 64 GiB
     * (round 10's compact allocator): the same low bytes, when bits 32 to 35
     * of the size are clear (as in every half+N), so the report names both. */
    if (((uint64_t)size >> 32 & 0xf) == 0)
        snprintf(cut, len, "; cut to 32 bits it is %" PRIu32 " bytes%s; so it is too when %s: an allocator whose "
                 "size, or size in units, is an unsigned or uint32_t is given that, unless its adapter refuses a size "
                 "over what that holds (UINT32_MAX bytes, or units) with ENOMEM before calling it", low, usable,
                 FUZZ_CUT_IN_UNITS);
    else
        snprintf(cut, len, "; cut to 32 bits it is %" PRIu32 " bytes%s: an allocator whose size is an "
                 "unsigned or uint32_t is given that, unless its adapter refuses a size over UINT32_MAX (with ENOMEM) "
                 "before calling it", low, usable);
}

/* A realloc that kept the block (in place), said into kept: shrunk to u
 * usable bytes (where asked), or grown without a test of the room. */
static void kept_text(char *kept, size_t len, const struct fuzz_ctx *c, int slot, int asked, size_t u)
{
    /* Kept in place but smaller than it was: a wrap to a small size, which
     * realloc's shrink served (round 12: "grown in place" misled). */
    if (asked && u < c->slot[slot].usable)
        snprintf(kept, len, ", the block itself, shrunk in place to %zu usable bytes (usable_size() says): "
                 "the size wrapped to a small one, which realloc's shrink served", u);
    else
        snprintf(kept, len, ", the block itself, grown in place: a realloc that extends a block without "
                 "comparing the new size with the room after it (or with the heap's end)");
}

void oracle_huge_accepted(const struct fuzz_ctx *c, size_t n, size_t size, const void *ptr, int slot)
{
    char what[REQUEST_TEXT_MAX], cut[400] = "", kept[200] = "";
    /* The same block back is a grow in place: the size was never compared
     * with the room after the block, so no wrap is needed to explain it. */
    int in_place = slot >= 0 && c->slot[slot].ptr == ptr;
    int narrowed = !n && !in_place && (uint32_t)size != size && (uint32_t)size < c->heap_bytes;
    /* A HUGE code near 4 GiB (fuzz/ops.h) can exist, but not in a heap that cannot grow, which alone is asked it;
     * only there does it matter whether the block's span is mapped, so msync runs for no other size. */
    int64_t past_4g = (int64_t)((uint64_t)size - (UINT64_C(1) << 32));
    int near_4g = !n && SIZE_MAX > UINT32_MAX && past_4g >= -128 && past_4g <= 128;
    int spanned = near_4g && !in_place && span_mapped(ptr, size);
    /* usable_size() asked once, and only of a block a test below reads it
     * of: a calloc's wrap is told by its count alone. */
    int asked = c->a->usable_size && c->opt.usable && (in_place || narrowed || spanned);
    size_t u = asked ? c->a->usable_size(c->heap, (void *)ptr) : 0;
    if (narrowed)
        cut_to_32_text(cut, sizeof cut, c, size, asked, u);
    else if (n)
        calloc_cut_text(cut, sizeof cut, n, size);
    /* A size with its top bit set whose rest the block holds: an in-place
     * test against a size word that keeps a flag there (FreeRTOS heap_4's
     * allocated bit: round 10) passes it, no wrap or unchecked grow needed. */
    size_t rest = size & (SIZE_MAX >> 1);
    if (in_place && rest != size && rest <= c->slot[slot].usable)
        snprintf(cut, sizeof cut, "; %s %zu byte%s, which the block's %zu usable byte%s hold",
                 FUZZ_TOP_BIT_OFF, rest, hl_plural_s(rest), c->slot[slot].usable, hl_plural_s(c->slot[slot].usable));
    if (in_place)
        kept_text(kept, sizeof kept, c, slot, asked, u);
    /* A block usable_size() says holds it all is no wrap: the heap grew, and its adapter did not say it may. */
    char exists[300] = "cannot exist";
    int whole = spanned && (!asked || u >= size);
    if (near_4g)
        snprintf(exists, sizeof exists, "%s %+" PRId64 ", more than a heap that cannot grow holds%s", FUZZ_NEAR_4G,
                 past_4g, whole ? "; the block's whole span is mapped: " FUZZ_GREW_UNDECLARED : "");
    fuzz_report(c, "huge_accepted", slot, -1, "%s (%s) returned %p%s%s",
           request_text(what, sizeof what, n, size, 0), exists, ptr, kept, cut);
    abort();
}

void oracle_huge_changed_heap(const struct fuzz_ctx *c, const char *change, int slot)
{
    fuzz_report(c, "huge_changed_heap", slot, -1, "a rejected huge request changed the heap: %s", change);
    abort();
}

void oracle_realloc_zero_kept(const struct fuzz_ctx *c, int slot, const void *ptr)
{
    fuzz_report(c, "realloc_zero_kept", slot, -1, "realloc(p, 0) returned %p; the adapter declares "
           "FUZZ_REALLOC_ZERO_FREES (free and return NULL)", ptr);
    abort();
}

void oracle_unmap_live(const struct fuzz_ctx *c, const void *addr, size_t len, int slot)
{
    fuzz_report(c, "unmap_live", slot, c->freeing - 1, "munmap(%p, %zu) takes live block %s%d [%p, +%zu) with it%s",
           addr, len, FUZZ_BLOCK_NO(slot), (void *)c->slot[slot].ptr, c->slot[slot].usable,
           c->freeing ? " (other: the block being freed)" : "");
    abort();
}

/* A range whose free stretches are all under a page is no free chunk's pages rounded out: it says so. */
void oracle_discard_live(const struct fuzz_ctx *c, const void *addr, size_t len, const char *advice, int slot)
{
    size_t page = fuzz_page_size(), live;
    uintptr_t start = (uintptr_t)addr, end = start + (len + page - 1) / page * page;
    size_t stretch = fuzz_maps_free_stretch(c, start, end, &live);
    char crowded[160] = "";
    if (stretch < page)
        snprintf(crowded, sizeof crowded, "; " FUZZ_NO_FREE_PAGE ": it holds %zu, the longest free stretch %zu bytes",
                 live, stretch);
    fuzz_report(c, "discard_live", slot, c->freeing - 1, "madvise(%p, %zu, %s) drops the contents of live block %s%d "
           "[%p, +%zu): its bytes in those pages may read back as zero%s%s", addr, len, advice, FUZZ_BLOCK_NO(slot),
           (void *)c->slot[slot].ptr, c->slot[slot].usable, c->freeing ? " (other: the block being freed)" : "",
           crowded);
    abort();
}

void oracle_protect_live(const struct fuzz_ctx *c, int slot, const char *call)
{
    fuzz_report(c, "protect_live", slot, -1, "%s makes bytes of live block %s%d [%p, +%zu) inaccessible: the program's "
           "next access there faults", call, FUZZ_BLOCK_NO(slot), (void *)c->slot[slot].ptr, c->slot[slot].usable);
    abort();
}

void oracle_unmap_foreign(const struct fuzz_ctx *c, const void *addr, size_t len, const void *foreign,
                          int cuts_another)
{
    char before[FUZZ_OP_DESCRIPTION_MAX + 160] = "", earlier[sizeof before + 192] = "";
    if (!cuts_another && fuzz_maps_unmapped_before(c, foreign, before, sizeof before))
        snprintf(earlier, sizeof earlier, "; this run had unmapped it itself, by %s: one of the two munmap "
                 "calls is wrong (memory unmapped twice, or a page unmapped while its mapping is in use)",
                 before);
    /* Inside a free (of a free-all, say) the block being freed is named. */
    fuzz_report(c, "unmap_foreign", c->freeing - 1, -1, "munmap(%p, %zu) reaches %p, %s%s%s", addr, len, foreign,
           cuts_another ? "where it cuts into another mapping, which it leaves partly mapped"
                        : "which the allocator never mapped (or had unmapped)",
           c->freeing ? ", freeing the block below" : "", earlier);
    abort();
}

/* The kernel refuses it (EINVAL) and unmaps nothing; judged by the mappings
 * it would reach, a two-path allocator's aligned block whose tail was cut
 * from p + n, not rounded up to a page (round 8), read as an munmap cutting
 * into another mapping. */
void oracle_unmap_unaligned(const struct fuzz_ctx *c, const void *addr, size_t len)
{
    fuzz_report(c, "unmap_foreign", c->freeing - 1, -1, "munmap(%p, %zu) " FUZZ_UNMAP_OFF_PAGE ": the kernel "
           "refuses it (EINVAL) and unmaps nothing, so those pages stay mapped", addr, len);
    abort();
}

void oracle_left_mapped(const struct fuzz_ctx *c, size_t bytes, size_t count, const char *first)
{
    fuzz_report(c, "left_mapped", -1, -1, "destroy() left %zu byte%s mapped, in %zu mapping%s this input made, though "
           "the adapter claims FUZZ_UNMAPS_ON_DESTROY; the first, %s", bytes, hl_plural_s(bytes), count,
           hl_plural_s(count), first);
    abort();
}
