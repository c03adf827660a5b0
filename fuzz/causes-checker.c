/*
 * causes-checker.c - the cause: line of a report whose heap halloc's own
 * checker finds broken, read from its message ("invariant: what the walk saw
 * (region R, offset O)", fuzz/adapters/halloc.c): for each invariant
 * checks/README.md lists, the bugs that usually break it, so the reader knows
 * which code path to read. tools/invariant-table.sh (make check-doc-links)
 * fails when an invariant has no row here.
 */
#include <stdio.h>
#include <string.h>

#include "oracles.h"

/* An invariant's likely bugs: the first row whose invariant is the message's
 * and whose mark (none: any) the message holds. */
struct checker_cause {
    const char *invariant, *mark, *cause;
};

/* How a push can garble a cache link, which both cache-entry link rows name. */
#define CACHE_LINK_GARBLED                                                                                     \
    "a push that linked a stale or garbled next (an encoded link stored undecoded, or decoded with another key)"

static const struct checker_cause checker_causes[] = {
    {"heap-header", "seal", "a heap or region field changed without its seal rewritten: a grow, trim or table "
                            "move that updated the field by a path that does not reseal"},
    /* the struct's own fields, each set once by create (heap.c) or by the table's move out of region 0 */
    {"heap-header", "free-list", "the free-list table's pointer and level counts out of step: a move of the table "
                                 "out of region 0 (a grow needing more levels than its inline rows) that set one "
                                 "of heads and fl_count without the other, or a create that sized the inline rows "
                                 "for another region size"},
    {"heap-header", "cache lists at", "the cache lists' pointer not where a heap with a cache depth keeps them, "
                                      "right after the inline rows: a cache depth turned on or off after create "
                                      "without the lists placed or dropped with it, or the table's move taking them "
                                      "along"},
    {"heap-header", "chunks start at offset", "region 0's first chunk placed by a header size computed for other "
                                              "rows or another cache (hl_heap_hdr_for given the wrong level count "
                                              "or cache flag), so chunks overlap the rows or lists, or leave a gap"},
    {"heap-header", "lookup bound", "region 0's lookup bound left stale or derived from other fields than its "
                                    "size and first chunk (hl_span0_for), so a pointer lookup takes a chunk past "
                                    "region 0's end as its own or refuses one inside it"},
    {"heap-header", NULL, "a region linked or unlinked with a link left stale (a grow that added one, a trim that "
                          "gave one back), or a write past a block's end into the header of the region after it"},
    {"header-check", NULL, "the block before this chunk written past its end (a usable size or split that gave it "
                           "more bytes than its chunk holds, a realloc that copied the new size), or a header "
                           "changed without its check value rewritten"},
    {"size", NULL, "a split that left a remainder below the 32-byte minimum chunk or not a multiple of 16, or a "
                   "size rounding that wrapped; or the chunk before given a size that ends inside a block, so "
                   "the walk reads a block's bytes as this header"},
    {"chunk-bounds", NULL, "a merge or grow that added bytes past the region's end to a chunk (a neighbour taken "
                           "from another region, a size summed twice), or a region shrunk by a trim with its "
                           "last chunk left its old size"},
    {"walk-end", NULL, "the region's last chunk left its old size when the region's end moved (a grow or trim "
                       "that moved the fence), or a split or merge that summed the sizes wrong so the walk "
                       "overshoots or stops short of the fence"},
    {"boundary-tag", NULL, "a free chunk's size changed (a split, merge or trim) with its footer not rewritten "
                           "to match, or the block before it written past its end over the footer"},
    /* PREV_FREE cleared as the chunk before left the free state, PREV_MIN not */
    {"prev-free", "flag is 0, prev-min 1, but the chunk before is used",
     "the chunk before this one, a free minimum chunk, taken (handed out whole, grown over by a realloc or merged "
     "into a block) with this chunk's PREV_FREE flag cleared but its PREV_MIN flag left set"},
    {"prev-free", "region's first chunk", "a region's first chunk written with flags for a chunk before it, "
                                         "which it has none of: its header copied from another chunk's word (a "
                                         "grow's new region, a split or realloc in place at the region's start), "
                                         "or a free's flag update that reached back past the region's start"},
    {"prev-free", "before is used", "the chunk before this one taken (handed out whole, grown over by a realloc "
                                    "or merged into a block) without this chunk's PREV_FREE flag cleared"},
    /* past the row above the chunk before is free: a clear flag is a merge skipped, a set one (the catch-all)
     * a PREV_MIN that disagrees with its size */
    {"prev-free", "flag is 0,", "a merge skipped: a free that did not coalesce with the free chunk before it and "
                                "wrote its header as if it had, or a chunk before made free (a free, a split's "
                                "remainder) without this chunk's PREV_FREE and PREV_MIN set to match"},
    {"prev-free", NULL, "the chunk before this one changed state or size without this chunk's PREV_FREE and "
                        "PREV_MIN flags updated"},
    {"adjacent-free", NULL, "a merge skipped: a free, or a split's or shrink's free remainder, put next to a free "
                            "chunk without the two coalesced into one"},
    {"free-unlisted", NULL, "a free chunk dropped from the lists: a split's or merge's remainder marked free and "
                            "never inserted, an insert that lost the list it went into, or a list (or a table "
                            "row of lists) that was moved or copied short"},
    {"wrong-list", NULL, "a free chunk resized while it stayed listed (a merge or split in place that did not "
                         "take it out and put it back), an unlink that left stale links another list follows, "
                         "or a size class computed wrong at insertion"},
    /* a node that is no chunk at all: its link, or the header it points at, is what broke */
    {"used-in-list", "no valid chunk header", "a free list's link that lands inside a chunk, not at its start, or on "
                                              "a header overwritten: a listed chunk handed out or merged into a "
                                              "block while still on its list, so the program's bytes overwrote "
                                              "its header or the link to it, or a pointer listed that is not a "
                                              "chunk's (a payload pointer inserted for its chunk's, a split's "
                                              "remainder listed at the wrong offset)"},
    {"used-in-list", NULL, "a chunk handed out or merged into a neighbour without being unlinked from its free "
                           "list, or freed twice and inserted twice"},
    {"list-links", NULL, "an unlink or insert that fixed one direction only: the next node's prev or the previous "
                         "node's next left pointing at the chunk that left, or a new head's prev not cleared"},
    {"list-cycle", NULL, "a chunk inserted into a list it is already on (a double free taken, a reinsert "
                         "without an unlink), so a link points back at an earlier node"},
    {"bitmap", NULL, "a list emptied or filled without its bitmap bits updated (the last node taken and the bit "
                     "left set, an insert that did not set it), or a table of lists moved without its rows"},
    {"accounting", NULL, "a grow or trim that mapped or unmapped a region's pages without changing the heap's "
                         "mapped total, or a chunk's bytes counted as neither used, free nor overhead"},
    {"stats", NULL, "one path that changed chunks without the running counters: a grow, a realloc in place, a "
                    "split or merge, or a free that failed part way"},
    {"cache-entry", " links to ", "a cache list's link damaged: " CACHE_LINK_GARBLED ", or a cached chunk handed "
                                  "out again while still on the list, so the program's bytes overwrote its link"},
    /* the walk, run before the cache lists, found every chunk's header whole: the link is what is wrong */
    {"cache-entry", "no valid chunk header", "a cache list's link that lands inside a chunk, not at its start: a "
                                             "link overwritten (a cached chunk handed out again, or taken into a "
                                             "block by a merge, split or realloc in place, while still on the list, "
                                             "so the program's bytes overwrote it), or " CACHE_LINK_GARBLED},
    {"cache-entry", NULL, "a chunk cached without its flags set to cached alone (still free, or the cache off), "
                          "or put on the cache list of another size"},
    {"cache-count", NULL, "a cache list's push or pop that did not update its count or map bit with it, or a "
                          "chunk pushed twice (the list then loops)"},
    {"cache-unlisted", NULL, "a chunk marked cached and never pushed, or popped off its cache list without its "
                             "cached flag cleared"},
};

/* A boundary-tag failure names the footer, but when the footer is itself a
 * chunk size (16-byte granularity, 32 at least: halloc's) it is one of the
 * two sizes a carve leaves: smaller, the footer of a free chunk ending where
 * this header says this one ends (the header is the stale one); larger, the
 * size of the chunk this one is the tail of, which a split that carved a
 * block off its front never rewrote (not_pristine blamed a leak for it). */
static int print_carved_tag_cause(const char *message)
{
    size_t size, footer;
    if (sscanf(message, "boundary-tag: free chunk of %zu bytes has footer %zu", &size, &footer) != 2 ||
        footer < 32 || footer % 16 != 0 || footer == size)
        return 0;
    if (footer < size)
        fprintf(stderr, "  cause: likely a stale header, not a damaged footer: the last %zu bytes of the span this "
                        "header claims are a free chunk of their own, so the %zu bytes in front of them were taken "
                        "out of this chunk (a block carved from inside it) and the header never rewritten - a "
                        "remainder in front of a carved block (an aligned allocation's leading gap, the front of a "
                        "split) not made a free chunk of its own and given back\n", footer, size - footer);
    else
        fprintf(stderr, "  cause: likely a stale footer, not a damaged header: it still holds %zu, the size of a "
                        "free chunk this one is the last %zu bytes of, so a split carved the %zu bytes in front of "
                        "it off as a block (a malloc, calloc or realloc served from that chunk) and wrote the "
                        "remainder's header but not its footer; a free of the chunk after it finds its neighbour's "
                        "start by that footer, %zu bytes too far down, over the carved block: write the footer with "
                        "the header at every split\n", footer, size, footer - size, footer - size);
    return 1;
}

/* The row for MESSAGE, if it is halloc's: its invariant's name, ": ", and
 * the place the adapter appends; another allocator's check() says free text. */
static const struct checker_cause *checker_cause_of(const char *message)
{
    if (!strstr(message, " (region "))
        return NULL;
    for (size_t i = 0; i < sizeof checker_causes / sizeof checker_causes[0]; i++) {
        const struct checker_cause *row = &checker_causes[i];
        size_t len = strlen(row->invariant);
        if (strncmp(message, row->invariant, len) == 0 && strncmp(message + len, ": ", 2) == 0 &&
            (!row->mark || strstr(message, row->mark)))
            return row;
    }
    return NULL;
}

const char *fuzz_checker_cause_row(size_t i, const char **invariant)
{
    if (i >= sizeof checker_causes / sizeof checker_causes[0])
        return NULL;
    *invariant = checker_causes[i].invariant;
    return checker_causes[i].cause;
}

int fuzz_checker_names(const char *message, const char *invariant)
{
    const struct checker_cause *row = checker_cause_of(message);
    return row && strcmp(row->invariant, invariant) == 0;
}

int fuzz_print_checker_cause(const char *message, const char *op)
{
    if (print_carved_tag_cause(message))
        return 1;
    const struct checker_cause *row = checker_cause_of(message);
    if (!row)
        return 0;
    fprintf(stderr, "  cause: likely %s%s%s%s\n", row->cause, op ? " - in " : "", op ? op : "",
            op ? ", the first op after which the check failed" : "");
    return 1;
}
