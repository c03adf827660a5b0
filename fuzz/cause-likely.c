/*
 * cause-likely.c - each oracle's usual cause, the report's "cause:" line
 * when no row of cause-table.c, the causes its "what" pins down, serves it
 * (causes.c picks it).
 */
#include <stddef.h>

#include "cause-table.h"
#include "harness.h"

/* What usually makes an oracle fire in an allocator, for the report's
 * "cause:" line: for these the "what" line names the damage, not the code to
 * read. Others say it in "what" itself or need no guess. */
const struct fuzz_likely_cause fuzz_likely_causes[] = {
    {"overlap", "likely memory in use handed out again: a bad split or merge, or a free-list entry for a block "
                "that is not free (never taken off the list, or put on it twice)"},
    {"pattern_corrupted", "likely the allocator wrote into a live block: its own bookkeeping (a header, footer or "
                          "free-list link) placed inside it, or a split or merge that overlaps it"},
    {"calloc_not_zero", "likely calloc skipped or cut short its zeroing: no memset for memory it took to be fresh "
                        "(zero from the system) that was recycled - a free-list hit, a split remainder, or memory "
                        "a trim gave back and the heap took again - or a memset of one element (size), not n * size"},
    {"realloc_lost_data", "likely a copy of the wrong length (the new size, or an old size read wrong), the old "
                          "block freed (or reused) before its bytes were copied, an in-place resize that wrote a "
                          "header or link over the kept bytes, or, for an aligned block, a copy from the start of "
                          "the allocation it was carved from rather than from the block"},
    {"free_rejected", "likely the allocator no longer finds this block as live: the header or page record it is "
                      "looked up by was overwritten (a neighbour's split, merge or free-list link), the block or "
                      "its page was put back as free while still in use, or the lookup from the pointer finds the "
                      "right record for some blocks only (a block index by a shift where a class's size is no power "
                      "of two, a page index off by one at a page boundary); or, by design, an allocator that frees "
                      "only its newest block refused an older one: defer such frees in the adapter "
                      "(fuzz/ADAPTERS.md)"},
    {"unmap_foreign", "likely a munmap length or address off, often by a page (the block's size used for the "
                      "mapping's, a header left out or counted twice): it unmaps a neighbouring mapping - another "
                      "block's, or the sanitizer's own - which would fail later, elsewhere; or, off a page "
                      "boundary, unmaps nothing and leaves its pages mapped"},
    {"left_mapped", "likely an munmap length shorter than the mapping (a big block's free that unmaps its size "
                    "without the header or the page rounding, or only its first page), a big block whose free "
                    "path never unmaps it (kept on a list for reuse), or a region destroy() does not walk: unmap "
                    "exactly what each mmap mapped, or drop FUZZ_UNMAPS_ON_DESTROY from the adapter's caps if "
                    "the allocator keeps mappings on purpose"},
    {"unmap_live", "likely a region given back while it still held this block: a test for a wholly free region "
                   "that reads one chunk (the first or the last) rather than whether one free chunk spans it all, "
                   "or a count of its live blocks gone wrong (trim, or the free that took the region for empty)"},
    {"discard_live", "likely a range given back that is rounded out to whole pages (start rounded down, end "
                     "rounded up) rather than in to the pages wholly inside the free chunk, or one that starts at "
                     "the chunk, not past its header and links: the pages it touches hold a live neighbour's bytes"},
    {"protect_live", "likely a guard page placed over the block's last bytes (its address computed from the size "
                     "without the header, the alignment's shift or the rounding), or pages protected for a freed "
                     "block (a quarantine) rounded out over a live neighbour"},
    {"bad_free_changed_heap", "likely the free changed the heap before it found the pointer bad: the block put "
                              "on a free list, or a count, bitmap or header updated, ahead of the test that rejects "
                              "it (for a double free, an in-use bit or list tested after the push), or a lookup "
                              "that wrote to the block it took the pointer for"},
    {"misaligned", "likely a size or header not rounded to the alignment, so the next block placed after it "
                   "is off (the prev block's usable size shows it), or an aligned request served from a size "
                   "class or pool whose slots are not spaced by that alignment, or placed at an offset in its "
                   "heap rounded to the alignment rather than at an address (right only while the heap's start "
                   "is aligned that much), or with its header aligned instead of the block"},
    {"usable_too_small", "likely a size class or rounding off by one (a request at a class's edge given the class "
                         "below), a header counted twice, a fit search that took a free block short of the request "
                         "(" FUZZ_OWN_LIST_SEARCH "), or a lookup that misses the block (a pointer mask, page table "
                         "or header wrong for this address): usable_size, the class table or the fit search, not the "
                         "caller"},
    {"not_pristine", "likely a leaked chunk, a missed coalesce or one that merged the wrong chunks (a buddy of "
                     "another size, a neighbour's size misread), or frees deferred (quarantine / cache) and never "
                     "completed by free-all: an allocator that holds freed blocks back must give them all back once "
                     "the program has freed its last block, or its adapter must not claim "
                     "FUZZ_PRISTINE_AFTER_FREE_ALL; a free that does nothing for some blocks (a bump arena that pops "
                     "only its newest, a region) needs the adapter of fuzz/ADAPTER-EXAMPLES.md, \"An allocator "
                     "that frees only its newest block\""},
    {"past_mapping", "likely an end-of-heap check that leaves out a header or the rounding (room handed out "
                     "that the heap does not have), a growth (sbrk, mmap) recorded as more than it asked of the "
                     "system, or a usable size counted past the area's end"},
    {"out_of_heap", "likely room handed out past what the heap obtained: a growth (sbrk, a new region) asked of "
                    "the system for less than the block it was made for (its header or rounding left out) or "
                    "recorded as more than it got, an end-of-heap test that leaves them out, or contains() not told "
                    "of a region the heap added"},
    {"bad_free_accepted", "likely free takes any pointer in its heap for a block's start without testing that it "
                          "is one it handed out and still live (a range test alone, a header read in front of the "
                          "pointer trusted): look it up (a magic or in-use bit in the header, the pointer's "
                          "alignment and bounds) before changing anything, or, if the allocator does not promise "
                          "to detect such frees, take the flag out of the adapter's caps (fuzz/ADAPTERS.md)"},
    {"huge_accepted", "likely the size wrapped past SIZE_MAX when rounded up with the header added: compare it "
                      "with a limit before any arithmetic"},
    /* errno set, but not ENOMEM (mutant 22: a fit search one unit short, refused by halloc's own take) */
    {"alloc_wrong_errno", "likely a refusal that set an errno of its own: a test of the heap on the way (a size, link "
                          "or check value found wrong: ENOTRECOVERABLE, EFAULT); if the allocator's check below "
                          "passes, nothing was damaged: its search picked a chunk its own take then refused (a size "
                          "compared one unit off, a chunk from the wrong list)" ENOMEM_CLAIM_OUT},
    /* mutant 20: a header trusted unchecked, read at an interior pointer or a block merged away */
    {"bad_free_wrong_errno", "likely free trusted what it read in front of the pointer without testing that a block "
                             "starts there (a header's check value or magic, the pointer's place among its blocks): "
                             "for a pointer into a block, or to one a merge took in, those bytes are the program's or "
                             "stale, and the flags or size read from them sent free to another refusal than its own "
                             "(a damage report, a lookup that finds no block); test the header before reading any of "
                             "it, and keep a freed block findable as freed"},
    {"free_null_rejected", "likely free tests the pointer before it tests for NULL: a lookup, range test or header "
                           "read (NULL is in no heap) refuses it as no block of its own, or a NULL test returns the "
                           "bad-pointer error; return 0 for NULL before any lookup, errno untouched (in the adapter's "
                           "free, if the allocator refuses NULL by design)"},
};
const size_t fuzz_likely_causes_count = sizeof fuzz_likely_causes / sizeof fuzz_likely_causes[0];
