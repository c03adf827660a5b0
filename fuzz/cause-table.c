/*
 * cause-table.c - the rows an oracle report's "cause:" line is picked from
 * (causes.c picks it, by the oracle and the words of the report's "what"
 * line): what usually breaks the promise that oracle checks, in an
 * allocator, so the reader knows which code to read first. These are the
 * causes a report's "what" pins down; each oracle's usual cause, when none
 * of them serves, is in cause-likely.c.
 */
#include <stddef.h>

#include "cause-table.h"
#include "harness.h"

/* A refusal on a heap that claims FUZZ_NO_HEAP_LIMIT, for a malloc and an aligned request alike, and
 * the claim's other fix (the oracle runs only on it). */
#define NO_LIMIT_REFUSAL \
    "a limit of its own reached (a table of pages, mappings or regions full, a count capped) or a failure path " \
    "taken for a size that should fit (a size class or mapping length rounded wrong): the heap line says how " \
    "much the program held; or, if the allocator is meant to have a limit, take FUZZ_NO_HEAP_LIMIT out of the " \
    "adapter's caps"

/* A refused free of a big block whose record another's removal took (round 19's BiBOP hash table). */
#define TABLE_LOST_AT_REMOVAL "the table the allocator finds its big blocks in lost this one when it took the " \
    "other out: an open-addressed table whose removal empties the slot, ending every probe chain through it " \
    "(mark the slot deleted, or move the chain's later entries back), or a list or tree unlinked past this block"

/* An aligned block short by less than its alignment, for out_of_heap and usable_too_small alike. */
#define FUZZ_ALIGNED_FIT_UNPADDED "likely an aligned search that tests a free chunk's size alone, not the size " \
    "from the chunk's first address aligned as asked: the padding to that start (up to the alignment less " \
    "one byte) not counted, a chunk that holds the request from its own start is taken, and the block placed " \
    "at its aligned start runs out of it, short by up to that padding (an aligned start past the chunk's end " \
    "makes the size left wrap); test aligned start + size against the chunk's end, or search for size + " \
    "alignment; a malloc of the same size also short points to the fit search itself"

/* A block whose usable bytes end where the mapping holding it ends, short of the request, for
 * usable_too_small and out_of_heap alike: the mapping made for it... */
#define CAUSE_MAPPING_SHORT "likely the mapping's length computed without what placing the block in it took: " \
    "the block's start rounded up to an alignment past the page the mapping starts on, or a header in front of " \
    "it, left out of the length (mapped for the request alone)"
/* ...or one an earlier op or create made, whose last free chunk was handed out too small. */
#define CAUSE_HEAP_END_SHORT "likely a fit search that hands out a free chunk without testing that it holds the " \
    "request: an instant fit that takes the head of the request's own power-of-two list (whose chunks are only " \
    "at least the list's floor), a best-fit search one step short in a list or tree sorted by size, or a split " \
    "that listed its remainder by the size before the split; the block ends at the mapping's end because that " \
    "chunk was its last"

/* Causes a report's "what" pins down better than its oracle's general one
 * (fuzz_likely_causes, said when none of these serves; the fields:
 * cause-table.h). */
const struct fuzz_specific_cause fuzz_specific_causes[] = {
    /* the requested bytes are the heap's: what says the usable size is to blame */
    {"out_of_heap", "usable_size() overstates", .cause = NULL},
    /* an mremap of this op moved the block's mapping (round 19's BiBOP allocator) */
    {"out_of_heap", FUZZ_MOVED_LENGTH_KEPT,
     .cause = "likely realloc's mremap path recorded the block's new address but not its new length: "
              "contains(), usable_size() and free read that record; store both of mremap's results"},
    {"out_of_heap", FUZZ_MOVED_ADDRESS_KEPT,
     .cause = "likely realloc's mremap path left the block's record (a table keyed by address) under the "
              "address mremap moved it from: re-key it by the address mremap returned (or call mremap "
              "without MREMAP_MAYMOVE)"},
    {"out_of_heap", FUZZ_MOVED_RECORD_LOST,
     .cause = "likely realloc's mremap path dropped the block's record or filed it wrong, since contains() "
              "finds the block at neither address: store the address and length mremap returned"},
    /* the heap mapped the block's memory: the lookup, not the placement */
    {"out_of_heap", FUZZ_INSIDE_OWN_MAPPING,
     .cause = "likely contains(), or the lookup behind it, misses memory the heap has: a region found from "
              "the pointer by arithmetic that is off (masked to a page where regions are aligned to more, a "
              "shift of another size), a region moved (mremap) to an address off the alignment that lookup "
              "needs, or one never recorded; if the allocator's own frees find blocks the same way, they will "
              "refuse this one"},
    /* in front of the heap handle in its mapping: the heap's memory, the record's bounds overwritten (round 18) */
    {"out_of_heap", FUZZ_BEFORE_HEAP_RECORD,
     .cause = "likely the record's bounds (the heap's start or length) overwritten, so it disowns the heap's own "
              "memory: a chunk whose size ran past the heap's end, over the record behind it, split or merged "
              "there: the header or boundary tag written at its end landed on the fields contains() reads (the "
              "heap's start or length); such a chunk comes from a merge backward by a stale previous size (a "
              "prev_size or footer no free wrote since the chunk before was handed out, read because the free "
              "tested the chunk's own free bit, not its prev-in-use bit: it merges with itself or a live "
              "neighbour, its size counted twice), or a merge or split that adds a size twice"},
    /* in the mapping holding the heap handle: the allocator's record, no block's memory (round 15b) */
    {"out_of_heap", FUZZ_IN_HEAP_RECORD,
     .cause = "likely a list head, bin or other field of that record taken for a free block: an empty list "
              "whose bitmap bit, count or head still says it holds one (a bit left set when a merge or a take "
              "removed the list's last block), so malloc unlinked the list's own head, a sentinel in the "
              "record, and handed it out"},
    /* in no mapping of the allocator's, just past the one the block below lies in (maps-report.c) */
    {"out_of_heap", FUZZ_WALKED_PAST_MAPPING,
     .cause = "likely a walk that left that mapping: a free list whose last link, or a size, points past its "
              "page or region's end, followed into the next mapping and what lies there taken for a free block "
              "(a page kept on its list once full, its count of free room kept high by units that left the list: "
              "round 14b's SLOB, an aligned block's padding dropped from the list), or a bump pointer never "
              "tested against that end"},
    /* below the heap's first byte, its end inside: a merge back over what lies before it (round 16) */
    {"out_of_heap", FUZZ_STARTS_BELOW_HEAP,
     .cause = "likely a merge backward across the heap's start: a free of the first block took what lies below "
              "it (a prologue or padding word, the heap's own header) for a free neighbour, a boundary tag "
              "marked free there or none kept at all, and the merged block, handed out again, starts before the "
              "heap; the end-of-heap tests are not to blame"},
    /* ...shorter than asked by less than its alignment: the aligned search (round 18's vmem) */
    {"out_of_heap", FUZZ_ALIGNED_START_SHORT, .cause = FUZZ_ALIGNED_FIT_UNPADDED},
    /* ...its usable bytes ending where the mapping holding it ends: that mapping, as usable_too_small's */
    {"out_of_heap", FUZZ_MAPPING_SHORT, .cause = CAUSE_MAPPING_SHORT},
    {"out_of_heap", FUZZ_HEAP_END_SHORT, .cause = CAUSE_HEAP_END_SHORT},
    /* usable_size() says the heap holds the block whole, shorter than asked: the sizing */
    {"out_of_heap", FUZZ_MADE_SHORT,
     .cause = "likely malloc's sizing, not the heap's end: the request cut or wrapped before the block was "
              "sized (a size or count of units kept in 16 or 32 bits, a rounding that wrapped), so a block of a "
              "few bytes was handed out for it; compare the request with what that type holds, and refuse "
              "it (ENOMEM), before narrowing it"},
    /* ...and holds half the request or more: a smaller free block taken, not a wrap */
    {"out_of_heap", FUZZ_SMALLER_TAKEN,
     .cause = "likely malloc's fit search, not the heap's end: it took a free block without comparing its size "
              "with the request, the head of a list whose class spans sizes below the request's, or of the list "
              "one class below it (a class computed one too low, a search of the lists above that starts at the "
              "request's own); compare a block's size with the request before taking it"},
    /* round 10b's fence: told only of a class edge */
    {"usable_too_small", FUZZ_ENDS_AT_GUARD,
     .cause = "likely a block placed against its guard page with its start rounded up to the alignment from the "
              "guard less the size, where it must be rounded down"},
    /* what names the live block it was carved from: no class edge (round 13b: a slot search past a run's last
     * slot gave the next run's slot) */
    {"usable_too_small", FUZZ_LIVE_HANDED_AGAIN,
     .cause = "likely a slot index past the last of its run or page, or a free-list entry for a block in use, "
              "its size read from that block's record"},
    /* what names the munmap that gave the block's memory back: no class or lookup, a slab kept after it */
    {"usable_too_small", FUZZ_HANDED_FROM_UNMAPPED,
     .cause = "likely a slab or span kept as its class's current one, or on a list of those with room, after its "
              "munmap: take it off every list and out of every current slot before giving its memory back"},
    /* usable 0 for a request under the alignment: a lookup that missed, or a block of its header alone (round
     * 14b's SLOB: (1 + 16) / 2 units) */
    {"usable_too_small", FUZZ_UNDER_ALIGNMENT,
     .cause = "likely a lookup that misses the block (a pointer mask, page table or header wrong for this address), "
              "or a request under the alignment sized down to nothing: a count of units truncated (n / unit where "
              "(n + unit - 1) / unit was meant), a block of its header alone"},
    /* what names a freed block that lay at its address: usable_size() takes the block for freed still */
    {"usable_too_small", FUZZ_REUSED_MARKED_FREE,
     .cause = "likely the block handed out again with the mark its earlier free set still on it (a freed bit or "
              "mark not cleared when the block was reused, or set again), so the allocator's own record takes it "
              "for free and usable_size finds no block: clear the mark on every path that hands a block out"},
    /* no class or lookup: what names the call that moved the block */
    {"usable_too_small", "the old pointer was returned", .cause = NULL},
    {"protect_live", FUZZ_PROTECT_PAST_END,
     .cause = "likely the mprotect's length counted with more than the mapping has (a guard page counted twice)"},
    /* what names the earlier op whose mprotect closed the pages: no guard page of this call's */
    {"protect_live", FUZZ_CLOSED_BEFORE,
     .cause = "likely this block was handed out or grown in place over pages the allocator closed at that "
              "earlier op (decommitted: a free block's pages, or those above a bump pointer, made PROT_NONE) and "
              "never made read/write again: a commit missing or short on the path that took them back (a realloc "
              "grown into a free neighbour or the bump area, a block taken from a free list, a commit mark kept "
              "when the pages were decommitted), or a decommit over pages still in use"},
    /* what names a page of another class's slots the block starts */
    {"usable_too_small", FUZZ_STARTS_CLASS_PAGE,
     .cause = "likely a slot placed past the end of its own page: an index one past the slots a page holds (a "
              "random start taken modulo slots + 1, a bitmap searched one bit too far), so the block landed at "
              "the start of the next page, another class's, and usable_size read that class; or, if every request "
              "of this size gets this size, a class edge off by one in the class table"},
    /* what names the mapping the block ends with: its length, not a class */
    {"usable_too_small", FUZZ_MAPPING_SHORT,
     .cause = CAUSE_MAPPING_SHORT},
    /* ...the block aligned, short by less than its alignment: the aligned search (round 18's vmem) */
    {"usable_too_small", FUZZ_ALIGNED_START_SHORT, .cause = FUZZ_ALIGNED_FIT_UNPADDED},
    /* what names the heap's mapping, made before the block: a fit search's, not a length */
    {"usable_too_small", FUZZ_HEAP_END_SHORT, .cause = CAUSE_HEAP_END_SHORT},
    /* no rounding or class edge takes half of a request this big: a width cut it */
    {"usable_too_small", FUZZ_HALF_OF_WIDE,
     .cause = "likely a size kept in a type too narrow for it (a uint16_t or uint32_t header field, a count of "
              "units that wraps), which cuts a request this big: no rounding or class edge takes half of it"},
    /* no class table is that coarse: the size read is another block's */
    {"usable_too_small", FUZZ_FAR_SHORT,
     .cause = "likely a lookup that reads another block's record: the metadata, page-map entry or header found "
              "from the pointer by arithmetic that is off (an index from the page number off by one, a mask of "
              "the wrong size, a header at the wrong offset), so the size or class usable_size read is another "
              "span's or block's; malloc and free likely share that lookup"},
    /* the aligned path's padding before a header's sizing: round 13b's TLSF was a lead short */
    {"usable_too_small", FUZZ_ALIGNED_PADDED,
     .cause = "likely the aligned path's sizing, not a size class: the request it hands its search must hold "
              "the size, the padding to the alignment and a lead of at least a minimum block (a gap to the "
              "aligned address shorter than one moves the block a whole alignment on, past the chunk's room), "
              "and the lead must be cut off at the length the block was placed by; else the fit search that "
              "found the chunk (" FUZZ_OWN_LIST_SEARCH "): a malloc of the same size also short points to the "
              "search"},
    /* a footer seen inside the request: the tags' sizing, not a class edge (round 19's emm) */
    {"usable_too_small", FUZZ_FOOTER_IN_REQUEST,
     .cause = "likely the block sized for the request and one tag, not both: the size is kept at both of the "
              "block's ends (a header and a footer), the request was rounded up with the header alone added, "
              "and usable_size takes out both, so the footer lies inside the requested bytes and the caller's "
              "last bytes overwrite it (the next merge with this block reads their size); add both tags before "
              "rounding"},
    /* no header in front of the block to leave out: a class edge, not the sizing of a header */
    {"usable_too_small", FUZZ_NO_HEADER_BELOW,
     .cause = "likely a size class edge off by one: the request given the class below (a class table's bound, "
              "or a request rounded down to its class where up was meant); the block keeps no header in front "
              "of it, so none was left out of its size; less likely a free block short of the request taken by "
              "a fit search (" FUZZ_OWN_LIST_SEARCH ")"},
    /* the sizing first, the general causes after */
    {"usable_too_small", FUZZ_HEADER_SHORT,
     .cause = "likely the request sized without its header: the block made for the requested bytes alone "
              "(the header not added before rounding), then the header taken out of it, or usable_size "
              "subtracting a header the size never held; less likely a header counted twice, a size "
              "class at its edge given the class below, or a free block a header short taken by a fit search "
              "(" FUZZ_OWN_LIST_SEARCH ")"},
    /* what names a freed block that lay at its address: the mark that free set, left on it when reused */
    {"free_rejected", FUZZ_REUSED_MARKED_FREE,
     .cause = "likely the block was handed out again from what its earlier free kept (a cache, a lookaside or "
              "quick list, a freed slot) with the mark that free set still on it (a freed or cached flag, a "
              "freed bit), and its own free now takes it for freed: clear the mark where the block is handed "
              "out, on every path that hands one out"},
    /* a mapping of its own refused after another's free (round 19's BiBOP hash table) */
    {"free_rejected", FUZZ_LOST_BY_REMOVAL, .cause = "likely " TABLE_LOST_AT_REMOVAL},
    /* ...where usable_size() could not say whether the lookup still finds the block */
    {"free_rejected", FUZZ_PERHAPS_LOST_BY_REMOVAL,
     .cause = "perhaps " TABLE_LOST_AT_REMOVAL "; or, as for any refused free, a lookup wrong for this block all "
              "along, or its header or record overwritten: a usable_size() that still finds the block (asked "
              "unless HALLOC_FUZZ_USABLE=off) would rule the table's loss out"},
    /* the probe's block was made short: malloc's sizing before free's lookup */
    {"free_rejected", FUZZ_PROBE_BLOCK_SHORT,
     .cause = "likely malloc sized the block short of the request (a count of units or granules truncated, not "
              "rounded up; the header left out of it), so the block it returned lies where free finds none: on "
              "its neighbour's header, or at the end of its region; free's lookup may well be right"},
    /* the probe's block just past a block freed lately: a chunk that free absorbed, still listed */
    {"free_rejected", FUZZ_PROBE_PAST_FREED,
     .cause = "likely the free chunk above that block merged into it at its free and left on its free list "
              "(never taken off when it was absorbed): malloc handed out that chunk, which now lies inside the "
              "merged one, and free, finding no block starting there, refused it; free's lookup may well be "
              "right"},
    /* nothing ran between the probe's malloc and its free: no neighbour overwrote the record */
    {"free_rejected", "the harness's probe had just taken",
     .cause = "likely free looks the block up elsewhere than where malloc recorded it, since nothing ran "
              "between the two calls to overwrite that record: the header, page or bit found from the pointer "
              "by arithmetic that is off (a page index off by one at a page boundary, p - 1 meant for an end "
              "pointer, a block index by a shift or another class's size), or a malloc that never marked the "
              "block live"},
    /* what names the mapping's page alignment: no size or header to round */
    {"misaligned", "starts a mapping of its own", .cause = NULL},
    /* what names the buffer's start: the allocator never rounded it */
    {"misaligned", FUZZ_BUFFER_START_OFF,
     .cause = "likely the buffer's start taken as given: the allocator places its first block (or its "
              "bookkeeping, then the blocks) at the start it was handed without rounding it up to its "
              "alignment or line, right only while a caller's buffer happens to start aligned"},
    /* what names an aligned block placed by its offset from the heap's rounded start */
    {"misaligned", FUZZ_OFFSET_ALIGNED,
     .cause = "likely the aligned placement computed on an offset (from the heap's base, a buffer's start rounded "
              "up to the allocator's own alignment) rather than on the address: right only while that base is "
              "aligned as much as the request; align base + offset, or keep the base aligned to the largest "
              "alignment served"},
    /* what names a start off the alignment and an end past the buffer within its rounding (heap-place.c) */
    {"past_mapping", FUZZ_BUFFER_LENGTH_KEPT,
     .cause = "likely the length kept whole when the start was rounded up: the allocator moved its start up to "
              "the alignment but did not take the bytes it skipped off the length, so what it places from the "
              "end (an end marker, the last block) lies up to that far past the buffer; subtract them before "
              "cutting the length to blocks"},
    /* what names a block or write exactly at the start rounded down, one alignment below it rounded up */
    {"past_mapping", FUZZ_BUFFER_ONE_ALIGNMENT_BELOW,
     .cause = "likely the buffer's start rounded down instead of up (start & ~(align - 1), back into memory "
              "before the buffer), or rounded up right and then a header of one alignment subtracted where it was "
              "meant to be added (the first block placed back over the allocator's own header): the two land on "
              "the same address; round up, take the bytes skipped off the length, and place blocks past the "
              "header"},
    /* what names a start off the alignment and a block before the buffer within its rounding (heap-place.c) */
    {"past_mapping", FUZZ_BUFFER_START_ROUNDED_DOWN,
     .cause = "likely the buffer's start rounded down instead of up: the allocator aligned it by masking its low "
              "bits off (start & ~(align - 1)), which moves it back into memory before the buffer, not its own; "
              "round up ((start + align - 1) & ~(align - 1)) and take the bytes skipped off the length"},
    /* what names a block or write before the buffer further down than any rounding (heap-place.c) */
    {"past_mapping", FUZZ_BUFFER_BELOW_ROUNDING,
     .cause = "likely a pointer computed below the buffer: a header or offset subtracted twice, or where it was "
              "meant to be added (the first block placed back over the allocator's own header rather than past "
              "it), or a pool's or region table's base wrong (another region's, or a start less a size or count); "
              "no rounding of the start to the alignment reaches that far"},
    /* what names an unmap of the bytes past the end by the call that returned the block (exec-judge.c) */
    {"past_mapping", FUZZ_PAST_INTO_OWN_UNMAP,
     .cause = "likely the block's size kept after the call gave part of its memory back: a realloc that shrank a "
              "mapped block in place, unmapping its tail pages, and left the old size or page count in the header "
              "or side record usable_size reads (round 14b: a SLOB big block's page count), or an unmap of pages "
              "the block it returned still holds"},
    /* what names an overrun equal to the block's offset in its mapping (exec-judge.c) */
    {"past_mapping", FUZZ_PAST_BY_ITS_OFFSET,
     .cause = "likely the block sized against its whole mapping, the bytes before it in the mapping (a header, a "
              "metadata page, a guard) left out: a mapping made for the request alone with the block placed past "
              "its start, or a realloc in place that tests the new size against the mapping's (or reservation's) "
              "length rather than that length less the block's offset (round 14b: a direct map grown in place "
              "16 KiB past its reservation)"},
    /* what names the live block below, of the same size, ending where this one starts (exec-judge.c) */
    {"past_mapping", FUZZ_PAST_ONE_SLOT,
     .cause = "likely a slab (superblock, span, run) that hands out one slot more than it holds: its slot count "
              "rounded up or counted without the header's room, or a full one taken for one with room (a free "
              "count off by one, or left on a list of slabs with room when it filled: round 14's Hoard superblock, "
              "unlinked from its new fullness group's list instead of its old one's)"},
    /* a realloc in place of a request whose bits under the top one fit (oracle-calls.c) */
    {"huge_accepted", FUZZ_TOP_BIT_OFF,
     .cause = "likely realloc's test for room compares the request with a size word that still holds a flag in "
              "its top bit (an allocated bit, where FreeRTOS's heap_4 keeps it), so any request up to the flag's "
              "value plus the block's size passes: mask the flag off before comparing; or the grow in place "
              "compares nothing (then a max-N request is kept in place too)"},
    /* a shrink in place whose tail may be what was lost (oracle-counts.c) */
    {"not_pristine", FUZZ_SHRINK_KEPT_SIZE,
     .cause = "likely that realloc's shrink in place: it split the block's tail off as a free chunk but kept the "
              "old size in the block's header (what usable_size() read), so the tail was both free and part of "
              "the block, and a merge at the block's free lost it; write the new size before splitting, or, if "
              "the shrink keeps the whole block, give no tail away; else a leaked chunk or a missed coalesce"},
    {"not_pristine", FUZZ_SHRINK_TAIL_LOST,
     .cause = "likely that realloc's shrink in place, which gave its tail back wrong: cut a unit too long or too "
              "short (the tail's size from the old size less the new, off by a header's unit), so that the tail "
              "and the block it kept overlap or leave bytes no chunk holds, or the tail never put on a free list "
              "nor merged with a free neighbour; else a leaked chunk or a missed coalesce"},
    /* the size refused and then served: no leak, what fits moves */
    {"not_pristine", FUZZ_REFUSED_THEN_SERVED,
     .cause = "likely a heap the frees left inconsistent, so that each request or free since moved what fits (a "
              "merge that rewrote a header but not its footer, a free-list link or a next fit's rover left "
              "pointing into a merged chunk: the allocator's check below, run after these calls, may name it), or "
              "a refusal that changed the heap before it gave up (the break moved, a chunk split or taken off its "
              "list)"},
    /* the lost word links to the old block: its free wrote it (round 19's emmalloc-style allocator) */
    {"realloc_lost_data", FUZZ_LINKS_OLD_BLOCK,
     .cause = "likely malloc handed out a block it left on a free list (taken off another list than the one "
              "it is filed on, when a block is filed by one size and looked up by another; or a list head or "
              "back link left pointing at it), so the free that followed, linking its block in front, wrote "
              "into it"},
    /* the adapter has no realloc: the free of the old block did it */
    {"realloc_lost_data", "so that free wrote into the new block",
     .cause = "likely malloc handed out the new block over the old block's header or links, which its free "
              "then rewrote: a block smaller than asked (a split or rounding off by one unit, a header left out "
              "of the size) whose requested bytes reach the old block's header, or a free that writes past "
              "its own block's header"},
    {"realloc_lost_data", "no copy was made",
     .cause = "likely the path that moves a block never copies: it allocates the new block and "
              "frees the old without a memcpy between (or one of 0 bytes, or from the new block to the "
              "old): copy min(old size, new size) bytes before the free"},
    /* the what names the move down and the bytes it copied */
    {"realloc_lost_data", "and that move copied",
     .cause = "likely the move into memory overlapping the block's old place copies a length computed apart "
              "from the kept size (a header taken off twice, a size from another header): memmove exactly "
              "min(old usable, new size) bytes"},
    /* not an aligned block's base: the general cause names that */
    {"realloc_lost_data", "holds them shifted", .unless = "aligned_alloc(",
     .cause = "likely the copy's source is off by that shift: the old block's start computed from "
              "its header with the header's size counted twice or left out; copy from the pointer "
              "realloc was given"},
    {"overlap", "grew in place at this realloc",
     .cause = "likely realloc's grow in place: it tests the room after the block wrong (a free neighbour's size "
              "misread or taken for a live one's, a header counted twice or left out, a rounding that passes the "
              "room) and records a size that runs into the next block"},
    {"overlap", "; only past block ",
     .cause = "likely usable_size() overstates the lower block, whose request the other does "
              "not reach: a size class one too large (a class index off by one), a size read from the "
              "wrong header, or a header counted in; else a split or carve that handed out the tail of a "
              "live block, past its request"},
    {"overlap", FUZZ_OVER_PAGE_EDGE,
     .cause = "likely the older block carved past the end of its span, run or page: a count of the slots that "
              "fit rounded up (a span's last slot counted in though it does not fit whole), or slots spaced by a "
              "stride other than the size the count was made with; else the new span's or page's first block "
              "placed too low"},
    {"overlap", FUZZ_STALE_SLAB_SLOT,
     .cause = "likely the free that emptied the freed block's slab (run, page, span) gave its memory back for "
              "reuse but left the slab on its size's list (or as that size's current slab, or in a cache): a later "
              "request of that size takes a slot in memory another size holds; take the slab off every list when "
              "its last block is freed, before its memory goes back"},
    {"overlap", "the room above the heap's last block was taken to start inside it",
     .cause = "likely the path that hands out the heap's top (a growth by sbrk, mmap or a bigger break, the "
              "top chunk, a bump pointer) starts the new block inside the last block: the free room at the top "
              "counted from the wrong place (a start bitmap or header read where an in-use bit or size was "
              "meant, a top or break not moved past the last block, a header or rounding left out)"},
    {"overlap", FUZZ_SLAB_RECARVED,
     .cause = "likely the test that finds a slab (page, run, superblock) empty before it is given another size "
              "class: a free or live count compared off by one, or one not kept for every block (an aligned or "
              "reallocated block, a block freed through another path), or a slab taken back by a global pool "
              "or cache while a block in it was live"},
    /* both blocks in one freed block, the newer made since: that free, not a split */
    {"overlap", FUZZ_FREED_ONCE_TWICE,
     .cause = "likely that free gave the block back twice: to two lists, or to a list and to the heap's top or "
              "bump pointer"},
    {"overlap", "took the freed block for bigger than it was",
     .cause = "likely that free gave the block back as bigger than it was, or from the wrong "
              "address: an aligned block freed at its own pointer with the size of the allocation it "
              "was cut from (or the other way round), a size read from a neighbour's header, or a merge "
              "with a neighbour still in use"},
    {"pattern_corrupted", FUZZ_DAMAGE_BY_ALIGNED,
     .cause = "likely a free of an aligned block (from aligned_alloc) that puts the block's own "
              "pointer on a free list, not the start of the allocation it was cut from: the block handed "
              "out there claims the allocation's size from the aligned pointer, and the allocation carved "
              "past it puts its header inside; free the allocation's start (the pointer less the lead "
              "kept in its header), before suspecting usable_size()"},
    /* two addresses of one page (round 21's Mesh-style heap, spans meshed onto one file page) */
    {"pattern_corrupted", FUZZ_DAMAGE_ALIASED,
     .cause = "likely a page mapped at two addresses (a shared file or memfd page mapped twice, an mmap with "
              "MAP_FIXED or an mremap onto a page still in use) whose blocks collide: pages merged though both "
              "hold a block at this offset, a slot handed out at one address while live at the other, a page "
              "mapped onto the wrong file offset, or live bytes not copied before the remap; the op that made "
              "the other block, or the one that joined the pages, wrote this one, not the op that found it"},
    /* damage past the request, within the usable size: a usable size that takes in the allocator's own */
    {"pattern_corrupted", FUZZ_DAMAGE_PAST_REQUEST,
     .cause = "likely a usable size too large, over the allocator's own data (a header, footer or link kept "
              "past the request, which usable_size() counts as the block's): HALLOC_FUZZ_USABLE=off replays "
              "writing only the requested bytes, and passes if so"},
    /* damage ending at the next block: that block's header, placed inside this one */
    {"pattern_corrupted", FUZZ_DAMAGE_BELOW_NEXT,
     .cause = "likely the next block's header written inside this one: a block spaced by its size without its "
              "header, or a split one header short"},
    /* no free chunk in the range a page long: pages taken for empty (round 21's mesh, bug 7: a count that
     * left out the slots a mesh took in) */
    {"discard_live", FUZZ_NO_FREE_PAGE,
     .cause = "likely pages taken for empty while blocks live in them: a count of a page's, span's or region's "
              "live blocks gone low (blocks it took in by a merge, move or remap never added, a free counted "
              "twice), which a free then took to zero, or a test for empty that reads another page's record; "
              "less likely, pages given back for a free chunk under a page, its range rounded out where rounding "
              "in gives none"},
    /* the page under a live block mapped since it was made, shown nowhere else (round 21's Mesh-style heap:
     * an alias mapped back onto its punched file page, or left on it) */
    {"pattern_corrupted", FUZZ_MAPPED_OVER_LIVE,
     .cause = "likely a page mapped (an mmap with MAP_FIXED) over memory while a block in it was live: its "
              "bytes are the new mapping's (a file page punched out or never written reads zero), or a remap "
              "that should have moved this page too left it on a page given up; the op that mapped it, or the "
              "one that gave up the page this address still shows, not the op that found the damage"},
    /* ...and, mapped before the block was made, the page's other address moved off it since (a mesh that
     * remapped one alias of a span and not its twin) */
    {"pattern_corrupted", FUZZ_TWIN_MOVED,
     .cause = "likely a remap that moved the other address off this page and left this one on it: the "
              "allocator's records follow the address that moved, so it took this address's memory for "
              "something else and wrote or handed it out; the op that moved the other address, not the op "
              "that found the damage"},
    /* pages given back with MADV_FREE taken for zeroed (round 19's BiBOP trim) */
    {"calloc_not_zero", FUZZ_LAZY_FREE,
     .cause = "likely calloc took memory given back with MADV_FREE for zeroed (a mark that says its pages read "
              "zero, set at that madvise): zero it, or give it back with MADV_DONTNEED, which reads zero at once"},
    /* non-zero bytes right past pages an madvise dropped (round 20's decay purge, a page short) */
    {"calloc_not_zero", FUZZ_DROPPED_SHORT,
     .cause = "likely a release of pages (a purge, a trim, a decay) a page shorter than the run it then marked as "
              "reading zero (a length of pages - 1, an end rounded down past the run's last page), or a free run "
              "merged into that released one keeping its mark, and calloc trusted the mark: give back every page "
              "the mark covers, mark only those given back, and merge marks as not zero"},
    /* ...past the page beyond that range: a free run merged into a released one, marked as the lower */
    {"calloc_not_zero", FUZZ_DROPPED_BELOW,
     .cause = "likely memory never given back marked as reading zero: a free run merged into a neighbour whose "
              "pages were given back (a purged or trimmed run), the merged run keeping that neighbour's mark; "
              "a run reads zero only if all of it was given back: merge the marks as not zero"},
    /* no old contents: the general cause's recycled block does not fit */
    {"calloc_not_zero", FUZZ_ONE_VALUE_THROUGHOUT,
     .cause = "likely the allocator's own fill (a debugging allocator's junk on allocation or free) left by a "
              "calloc that took the memory to read zero, fresh or not: zero after any fill"},
    {"calloc_not_zero", FUZZ_ZEROES_END_AT_OLD_REQUEST,
     .cause = "likely calloc zeroes a recycled block only up to the size its last owner "
              "asked for (kept in a header), taking the bytes past it for zero still: a program may "
              "write all usable_size() bytes of its block, so zero all n * size"},
    /* a first word alone zero, whatever the elements: no memset of one element makes it */
    {"calloc_not_zero", FUZZ_FREED_AT_ITS_START, .unless = " elements of ",
     .cause = "likely calloc took a recycled block for fresh memory and zeroed none of it (a flag or test that "
              "says the memory came zero from the system, left set when it was freed or reused, or read after "
              "the block left its free list): the NULL link free left at its start reads as zeroed bytes"},
    {"calloc_not_zero", FUZZ_FREED_AT_ITS_START,
     .cause = "likely calloc took a recycled block for fresh memory and zeroed none of it (a flag or test that "
              "says the memory came zero from the system, left set when it was freed or reused): the NULL link "
              "free left at its start reads as a zeroed first element; else a memset given size, not n * size"},
    {"calloc_not_zero", FUZZ_FIRST_ELEMENT_ALONE,
     .cause = "likely calloc's memset was given size, not n * size: zero the whole product"},
    {"calloc_not_zero", FUZZ_LAST_PAST_EIGHT,
     .cause = "likely a zeroing length rounded down to a multiple of 8 or 16 (a loop of words that drops the "
              "remainder, n * size & ~7), not up, so the request's last bytes keep their old contents: zero all of "
              "n * size"},
    /* the units first: what names the bytes' cut too */
    {"huge_accepted", FUZZ_CUT_IN_UNITS,
     .cause = "likely the size cut to 32 bits, not wrapped: the block fits the request's low 32 bits, so a "
              "narrower type took the size on its way in (an unsigned or uint32_t parameter, field or cast in the "
              "allocator or its adapter), or a count of its units did (a header's size in 8- or 16-byte units, "
              "which cuts at 32 or 64 GiB): keep sizes in size_t, or refuse, with ENOMEM before narrowing, a size "
              "over what the field holds (UINT32_MAX bytes; for a count of units, UINT32_MAX units less the header "
              "and rounding)"},
    /* a whole block: not a wrap (before the 32-bit cause below, which the same text matches) */
    {"huge_accepted", FUZZ_GREW_UNDECLARED,
     .cause = "likely the allocator grows (it asks the OS or malloc for more memory) and its adapter does not say "
              "so: add FUZZ_CAN_GROW to the adapter's caps (fuzz/ADAPTERS.md), and sizes near 4 GiB, which a "
              "growing heap may serve, are not asked of it"},
    /* round 16b: a shm arena's 32-bit chunk size, its limit tested as n > UINT32_MAX */
    {"huge_accepted", FUZZ_NEAR_4G,
     .cause = "likely the size is kept in 32 bits (a uint32_t size field, an unsigned length) and the header added "
              "or the rounding done there wraps it to a small block; a limit tested as n > UINT32_MAX passes it: "
              "refuse, with ENOMEM before any arithmetic, a size over UINT32_MAX less the header and the rounding"},
    {"huge_accepted", "; cut to 32 bits it is ",
     .cause = "likely the size cut to 32 bits, not wrapped: the block fits the request's low 32 "
              "bits, so a narrower type took the size on its way in (an unsigned or uint32_t parameter, "
              "field or cast in the allocator or its adapter): keep sizes in size_t, or refuse one over "
              "UINT32_MAX with ENOMEM before narrowing it"},
    {"huge_accepted", "and n * size then the same",
     .cause = "likely calloc multiplied n * size without testing the product for overflow, or the operand named "
              "reached the allocator cut to 32 bits (an unsigned count, as talloc's _talloc_zero_array takes): "
              "both give this block; refuse, with ENOMEM before any allocation, a product over SIZE_MAX and, in "
              "the adapter, an operand over what the allocator's type holds"},
    {"huge_accepted", "calloc(", .at_start = 1,
     .cause = "likely calloc multiplied n * size without testing the product for overflow and "
              "allocated what it wrapped to: refuse when size && n > SIZE_MAX / size (or "
              "__builtin_mul_overflow says so), with ENOMEM, before any allocation"},
    /* round 14: a span allocator's free tested the freed bit a sweep clears, not the alloc bit */
    {"bad_free_accepted", "trim() run between its two frees",
     .cause = "likely free tests only a mark that trim's deferred work clears (a freed bit a sweep resets, a "
              "cache's record dropped at its flush) and not the state that work leaves (the slot's alloc bit, "
              "its span's free count), so a block freed before the trim passes for live after it: test that the "
              "block is allocated, not only that it is not freed yet"},
    /* round 16b: glibc's fastbin "fasttop" test looks at the bin's head alone */
    {"bad_free_accepted", "freed between its two frees",
     .cause = "likely free tests a double free only against the newest freed block (its free list's or bin's "
              "head, as glibc's fastbin fasttop check does), so one free in between hides it: test the block's "
              "own state (an in-use bit, a mark per block), not whether it heads a list"},
#define MERGE_KEPT_LIVE                                                                                         \
    "likely the first free merged this block into the free memory beside it and left a record naming this "      \
    "block live where a free looks a pointer up by address: a page map or radix tree entry not cleared when a "    \
    "run was released or merged (it still names this block's own record), or a header inside the merged memory " \
    "left marked used; the second free finds it and passes; clear the entries of every page a release or merge "  \
    "takes in"
    {"bad_free_accepted", FUZZ_FREED_BESIDE, .unless = "so its free does test",
     /* no double free refused before: a free with no test at all fits too */
     .cause = MERGE_KEPT_LIVE "; or free has no test that a block is live at all (no double free was refused "
              "before in this run to tell the two apart)"},
    {"bad_free_accepted", FUZZ_FREED_BESIDE, .cause = MERGE_KEPT_LIVE},
    {"bad_free_accepted", "so its free does test that a block is live",
     .cause = "likely this block's first free left it marked live (its in-use bit, magic or table entry not "
              "cleared for this block alone: a page's last slot, a block at the edge of its region or class, an "
              "aligned block), so its second free passed the test that refused the other; compare where the two "
              "blocks lie"},
    {"bad_free_accepted", "of a block freed just before",
     /* No double free was refused before in this run, so the harness
      * cannot tell a missing test from one that never matches (round
      * 9: a walk of the free list comparing each safe-linked link, still
      * encoded, with the pointer): both are named. */
     .cause = "likely free has no test that the block is live, or one that compares the wrong value and so "
              "never matches (a link compared still encoded, as safe-linking's (slot >> 12) ^ next, a stale "
              "copy of the pointer or header, a walk of the wrong list): it puts a freed block on its free list "
              "a second time, so two later mallocs get the same memory; mark a block free (an in-use bit or "
              "magic in its header) and refuse a free of one so marked before any change, or, if the allocator "
              "does not promise to detect double frees, take FUZZ_DETECTS_DOUBLE_FREE out of the adapter's caps "
              "(the harness then never frees a block twice)"},
    {"spurious_oom", FUZZ_EMPTIED_REFUSES_SMALL, .at_start = 1,
     .cause = "likely a search that stops at a stale index - a bitmap bit or list head left set for a size whose "
              "list was emptied, taken for non-empty and found empty, or a link of an index over the free chunks "
              "(a skip list's upper level, a tree's) left to a chunk taken off - rather than a leak"},
    /* Boehm GC's GC_memalign fails every alignment over 4096, errno untouched: no limit */
    {"spurious_oom", "aligned_alloc(", .at_start = 1,
     .cause = "likely an alignment the allocator does not serve: its adapter then fails it with errno EINVAL, never "
              "judged as out of memory (fuzz/ADAPTERS.md, \"The adapter contract\", aligned_alloc); for an "
              "alignment it serves, " NO_LIMIT_REFUSAL},
    {"spurious_oom", FUZZ_NO_LIMIT_CLAIMED, .cause = "likely " NO_LIMIT_REFUSAL},
    /* round 8's two-path allocator: an aligned block's tail cut from p + n */
    {"unmap_foreign", FUZZ_UNMAP_OFF_PAGE,
     .cause = "likely a start not rounded up to a page, as the tail cut off an over-sized mapping (an aligned "
              "block's) at its block's end"},
    /* one that tests the product may just leave errno alone (GLib's g_try_malloc0_n), but one that never
     * tests it was asked for 0 bytes (memkind 1.14's calloc), which taking the claim out would hide */
    {"alloc_wrong_errno", FUZZ_WRAPPED_TO_ZERO,
     .cause = "likely a calloc that tests the product and leaves errno alone, or one that never tests it and takes "
              "the 0 for a malloc(0) that returns NULL, which returns a small block when the product wraps above 0 "
              "(huge_accepted at calloc-overflow 16 1152921504606846983, 112 bytes): test the product for overflow "
              "first and fail it with ENOMEM"},
    /* Boehm GC's GC_memalign fails every alignment over 4096, errno untouched */
    {"alloc_wrong_errno", "aligned_alloc(", .at_start = 1,
     .cause = "likely an alignment the allocator does not serve, refused with no errno or one of its own: its "
              "adapter then fails it with errno EINVAL, never judged as out of memory (fuzz/ADAPTERS.md, \"The "
              "adapter contract\", aligned_alloc); for an alignment it serves, a refusal path that returns before "
              "it sets ENOMEM: set errno = ENOMEM where each refusal returns" ENOMEM_CLAIM_OUT},
    /* errno untouched: no system call failed (mmap and sbrk set ENOMEM), the allocator refused on its own */
    {"alloc_wrong_errno", "failed with errno 0 (",
     .cause = "likely a refusal path that returns NULL before errno is set: the allocator's own test (a size over a "
              "limit, a class or table full) returning ahead of the one place that sets ENOMEM; set errno = ENOMEM "
              "where each refusal returns" ENOMEM_CLAIM_OUT},
    /* EINVAL: the request judged, not the heap (an aligned request's EINVAL never fires) */
    {"alloc_wrong_errno", "(EINVAL: ",
     .cause = "likely a test of the request that calls it invalid where it only cannot be served: a size past a "
              "limit of the allocator's own (its largest class or block, a mapping's maximum) or a size whose "
              "header or rounding overflowed, refused with EINVAL ahead of the test for room; a well-formed request "
              "too big to serve is out of memory: set errno = ENOMEM there" ENOMEM_CLAIM_OUT},
    /* an interior or foreign pointer refused as a double free: its header's free flag read unchecked */
    {"bad_free_wrong_errno", "took it for a freed one",
     .cause = "likely free read a header in front of the pointer without testing that one is there (a check value, "
              "a magic, the pointer's place among its blocks): the bytes in front of a pointer into a block are the "
              "program's, or a merged chunk's left over, and their free flag decided the answer; test that the "
              "header is genuine before reading its bits"},
    /* a double free refused as a foreign pointer: the freed block's record gone with its free */
    {"bad_free_wrong_errno", "took it for no block of its own",
     .cause = "likely free removes its record of the block (a table entry dropped, a header's magic wiped, the "
              "block merged into a neighbour whose header is the one found now), so a second free finds no block "
              "there and is refused as a pointer never handed out; keep a freed block findable as freed (a freed "
              "mark, not no mark) and refuse it with double_free_errno, or, if the allocator cannot tell the two "
              "apart, give the adapter's double_free_errno the errno of bad_free_errno"},
};
const size_t fuzz_specific_causes_count = sizeof fuzz_specific_causes / sizeof fuzz_specific_causes[0];
