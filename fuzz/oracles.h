/*
 * oracles.h - the oracles and the reports a failure prints: each oracle
 * (oracles.c, oracle-place.c, oracle-calls.c, oracle-counts.c), the report's state and its sanitizer
 * findings (crash-signals.c, sanitizer-reports.c), the crash context (crash.c; a threaded
 * run's, crash-threads.c) and the causes it names (causes.c, from the rows of cause-table.c). The second half of harness.h, which
 * includes it at its end; it includes harness.h for the model's types.
 */
#ifndef FUZZ_ORACLES_H
#define FUZZ_ORACLES_H

#include <stddef.h>

#include "harness.h"

struct fuzz_damage; /* shadow-model.h */

/* ---- oracles.c, oracle-place.c, oracle-calls.c, oracle-counts.c: each fires, prints, aborts ---- */

#define ORACLE __attribute__((noinline, noreturn))

/* crash-signals.c: an oracle's report starts; in a threaded run only the first
 * thread's, any other thread waits there for the abort that ends it. */
void fuzz_oracle_reports(void);

/* crash-signals.c: the abort that follows is an oracle's, its report printed. */
void fuzz_oracle_aborts(void);

/* crash-signals.c: a report is being printed (an oracle's, a fault's, an abort's, a
 * sanitizer's: its hooks in sanitizer-reports.c call fuzz_report_begins); a driver's
 * own lines from a signal (verify-traces' progress) stay quiet. Both async-signal-safe. */
void fuzz_report_begins(void);
int fuzz_report_printing(void);
/* The program goes on past a report that returned (a sanitizer recovering:
 * UBSan or ASan built with -fsanitize-recover): its driver's lines may come
 * again. Each op's start calls it (run.c's loop, verify-traces' through
 * progress_op): a report that ends the process never gets there, and one left
 * marked made a later timeout (crash.c) drop its stack trace and blame it. */
void fuzz_report_ended(void);

/* sanitizer-reports.c: the sanitizer reports a run went on past (UBSan built to
 * recover, ASan with halt_on_error=0), since fuzz_findings_reset: a run with
 * any is no clean run, though it reached its end. */
struct fuzz_findings {
    size_t ubsan, asan;  /* reports of each */
    int in_op;           /* the first came in op `op`... */
    size_t op;
    const char *phase;   /* ...or in this phase of fuzz_run_program (create, the final free-all) */
    char where[160];     /* ...or where a threaded run's thread was (fuzz_findings_where) */
};
extern struct fuzz_findings fuzz_findings;
void fuzz_findings_reset(void);
/* A driver with no fuzz_ctx (verify-traces) names its op counter (NULL: none). */
void fuzz_findings_track(const size_t *op);
/* A threaded run (no one fuzz_ctx) names where the reporting thread is by
 * describe (fuzz_threads_describe_now; NULL: none). */
void fuzz_findings_where(void (*describe)(char *out, size_t len));
/* "UBSan reported 1 finding above (op #3): not clean (...)" into buf, each
 * op's file line from lines (NULL: none); returns the count, 0 writing nothing. */
size_t fuzz_findings_text(const struct fuzz_findings *f, const size_t *lines, char *buf, size_t len);
/* An engine's input (libFuzzer, AFL++) that ran to its end past a recovered
 * report fails as a crash does: a line naming the report's op, c's replay
 * line (c NULL: none), and abort(), which the engine saves the input on.
 * Returns if there was none. */
void fuzz_findings_stop(const struct fuzz_ctx *c);

/* crash.c sets *fuzz_usable_hint_offered (when replay.c points it at memory
 * it shares with its forked run) as a crash's context offers
 * HALLOC_FUZZ_USABLE=off: the replay then tries it and says what it did. */
extern volatile int *fuzz_usable_hint_offered;
/* crash-threads.c: a report's last line, the replay command for the input (its file
 * when known: opt.input, else opt.saved_as), flushed. */
void fuzz_print_reproduce(const struct fuzz_ctx *c);
/* The environment variable holding the make replay command, less CRASH=, that
 * reproduces this run's findings: make replay sets it (fuzz/runs.mk), and
 * the sweep from its -R; the report then prints that whole command, where the
 * harness alone knows none of the build's variables. */
#define FUZZ_REPLAY_LINE_ENV "HALLOC_FUZZ_REPLAY_LINE"

/* The start of checker_failed's "what" line; the checker's message follows. */
#define FUZZ_CHECK_FAILED "the allocator's own check failed: "
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c). */
#define FUZZ_HEADER_SHORT "exactly one header short of a request that needed no rounding"
/* ...and, in its place, where the live block below ends right at the block's start: no header lies
 * in front of it to have been left out (round 20's headerless decay heap, a class rounded down). */
#define FUZZ_NO_HEADER_BELOW "ends right where it starts: no header lies between them"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a
 * boundary tag seen at the block's end, inside the request. */
#define FUZZ_FOOTER_IN_REQUEST "a copy of the word below its start lies where its usable bytes end"
/* In free_rejected's "what" line for the pristine probe's block (oracle-calls.c), whose cause it
 * picks (cause-table.c): usable_size() had said less than the probe asked. */
#define FUZZ_PROBE_BLOCK_SHORT "the block was made short of the request"
/* ...and the probe's block starts a header or so past the end of a block freed lately, nothing live
 * between: the facts alone; the cause guesses a free chunk merged into that block and still listed,
 * handed out (round 18's skip list). */
#define FUZZ_PROBE_PAST_FREED "and no live block lies between them"
/* In out_of_heap's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a
 * block contains() disowns, wholly inside a mapping the allocator made. */
#define FUZZ_INSIDE_OWN_MAPPING "though it lies wholly inside a mapping the allocator made"
/* In out_of_heap's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a block contains()
 * disowns in the mapping that holds the heap handle create() returned: the allocator's own record. */
#define FUZZ_IN_HEAP_RECORD "though it lies in the mapping that holds the heap's own record"
/* ...and wholly in front of that handle: memory the heap has, disowned by a record whose bounds were
 * overwritten (round 18's skip list: a merge by a stale prev_size ran a chunk over it). */
#define FUZZ_BEFORE_HEAP_RECORD "memory in front of the record, in its own mapping"
/* In out_of_heap's "what" line (maps-report.c), whose cause it picks (cause-table.c): a block in
 * no mapping of the allocator's, a little past the end of the one holding the live block below. */
#define FUZZ_WALKED_PAST_MAPPING "handed out from past that mapping's end"
/* In out_of_heap's "what" line (maps-report.c), whose cause it picks (cause-table.c): a block in a
 * mapping an mremap of this op moved, whose usable size is the length before the move, or not. */
#define FUZZ_MOVED_LENGTH_KEPT "a record of the block that kept its length from before the move"
/* ...or, where it does not, whether contains() still claims the block's place before the move. */
#define FUZZ_MOVED_ADDRESS_KEPT "contains() still claims its place before the move"
#define FUZZ_MOVED_RECORD_LOST "contains() no longer claims its place before the move either"
void fuzz_maps_past_block_below(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len);
/* In out_of_heap's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a
 * block the heap holds whole, which usable_size() says is shorter than asked. */
#define FUZZ_MADE_SHORT "the block was made for less than the request"
/* In its stead when the block holds half the request or more, as a smaller free block a fit
 * search took whole does (a wrap leaves a few bytes): the cause it picks. */
#define FUZZ_SMALLER_TAKEN "it holds half the request or more"
/* In out_of_heap's and usable_too_small's "what" lines (oracle-place.c), whose cause it picks
 * (cause-table.c): an aligned block short of its request by less than its alignment (round 18's vmem:
 * a search that tested the size alone, from the chunk's start, not from its aligned start). */
#define FUZZ_ALIGNED_START_SHORT "short by less than that alignment"
/* In out_of_heap's "what" line (heap-place.c), whose cause it picks (cause-table.c): a block that
 * starts below the heap's memory, its end within it. */
#define FUZZ_STARTS_BELOW_HEAP "a block that starts before the heap does"
/* In past_mapping's and out_of_heap's "what" lines (heap-place.c): a block outside create_in's
 * buffer, whose FUZZ_BUFFER_* marks below pick past_mapping's causes for both (cause-table.c). */
#define FUZZ_BUFFER_GIVEN "the buffer the harness gave create_in"
/* In misaligned's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a
 * block in create_in's buffer, which starts off the alignment (heap-place.c). */
#define FUZZ_BUFFER_START_OFF FUZZ_BUFFER_GIVEN " starts"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a block short
 * by less than its alignment whose usable bytes end where this run's mprotect closed a page. */
#define FUZZ_ENDS_AT_GUARD "the block ends where a page made inaccessible by"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a block that
 * starts inside a live block, whose record usable_size() read. */
#define FUZZ_LIVE_HANDED_AGAIN "memory in use handed out again"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a block in memory
 * this run unmapped and the allocator has not mapped again. */
#define FUZZ_HANDED_FROM_UNMAPPED "handed out from memory the allocator gave back"
/* In protect_live's "what" line (exec-judge.c), whose cause it picks (cause-table.c): the mprotect
 * over a block just handed out or grown was made ops before (round 15's reserve/commit heap, a
 * realloc grown over pages it had decommitted, offered a guard page). */
#define FUZZ_CLOSED_BEFORE "ops before this one; those pages not made accessible since"
/* In protect_live's "what" line (maps.c), whose cause it picks (cause-table.c): an mprotect that starts
 * in a mapping of this run and runs past its end, over the live block. */
#define FUZZ_PROTECT_PAST_END "past that mapping's end)"
/* In overlap's "what" line (causes-blocks.c), whose cause it picks (cause-table.c): a freed block and a
 * live one of one size, a whole number of it apart, overlapped by a block of another size (round 14:
 * a Hoard-style superblock reformatted for another class with one block live, told of a merge). */
#define FUZZ_SLAB_RECARVED "a slab of blocks of that size carved again for"
/* In overlap's "what" line (causes-blocks.c), whose cause it picks (cause-table.c): a new block on the grid
 * of a freed block's size, inside a block of another size made since where that one was freed (round 20:
 * an emptied run kept on its class's list, told of the heap's top). */
#define FUZZ_STALE_SLAB_SLOT "a slot of the freed block's size laid out over memory another size took since"
/* In overlap's "what" line (causes-blocks.c), whose cause it picks (cause-table.c): both blocks lie in
 * one freed block, the newer made since that free. */
#define FUZZ_FREED_ONCE_TWICE "memory freed once and handed out twice"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a block from
 * aligned_alloc with an alignment past the adapter's own, which the allocator must pad for. */
#define FUZZ_ALIGNED_PADDED "an alignment past the adapter's own, which the aligned path pads the request for"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a block whose
 * usable bytes end where the mapping it lies in ends, short of the request. */
#define FUZZ_MAPPING_SHORT "the mapping made shorter than the block placed in it needs"
/* A block at the address of one the program freed before it was made, named by usable_too_small (no block
 * found there) and free_rejected (its free refused), with that freed block (oracle-place.c); it picks their
 * cause (cause-table.c): the mark that free set, left on the block. */
#define FUZZ_REUSED_MARKED_FREE "lay at this very address"
void fuzz_reused_while_marked_free(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len);
/* ...and when an earlier op or create made that mapping: its last free chunk, too small, the cause it picks. */
#define FUZZ_HEAP_END_SHORT "a mapping made before this block's op"
/* In misaligned's "what" line (oracle-place.c), whose cause it picks (cause-table.c): an aligned block a
 * multiple of its alignment past create_in's buffer's start rounded up to the adapter's alignment. */
#define FUZZ_OFFSET_ALIGNED "aligned as an offset from where the heap starts, not as an address"
/* In past_mapping's "what" line and a crash's "where" line (heap-place.c), whose cause it picks
 * (cause-table.c): an end past create_in's buffer by no more than rounding its start up skipped. */
#define FUZZ_BUFFER_LENGTH_KEPT "rounding that start up skips"
/* In past_mapping's "what" line and a crash's "where" line (heap-place.c), whose cause it picks
 * (cause-table.c): a block or write before create_in's buffer by no more than rounding its start down takes in. */
#define FUZZ_BUFFER_START_ROUNDED_DOWN "rounding that start down takes in"
/* After FUZZ_BUFFER_START_ROUNDED_DOWN (heap-place.c), whose cause it picks in its stead (cause-table.c):
 * exactly at the start rounded down, which is also the start rounded up less one alignment. */
#define FUZZ_BUFFER_ONE_ALIGNMENT_BELOW "one alignment below it"
/* In past_mapping's "what" line and a crash's "where" line (heap-place.c), whose cause it picks
 * (cause-table.c): a block or write before create_in's buffer by more than rounding its start down takes in. */
#define FUZZ_BUFFER_BELOW_ROUNDING "further down than rounding that start down reaches"
/* In usable_too_small's "what" line (oracle-place.c), whose cause it picks (cause-table.c): a usable size
 * under half of a request below 64 KiB, short by more than any header. */
#define FUZZ_FAR_SHORT "under half of it, and more than 128 bytes short"
/* ...and of a request past 16 bits: a width, not a lookup, the cause it picks. */
#define FUZZ_HALF_OF_WIDE "under half of it, a request wider than 16 bits"
/* In discard_live's "what" line (oracle-calls.c), whose cause it picks (cause-table.c): every stretch
 * of the range that no live block holds is under a page, so no free chunk's pages rounded out make it. */
#define FUZZ_NO_FREE_PAGE "no page-long stretch of the range is free of live blocks"
/* In calloc_not_zero's "what" line (oracles.c), whose cause it picks (cause-table.c): the bytes left are
 * the request's last, from a multiple of 8 or 16 its rounding down reaches. */
#define FUZZ_LAST_PAST_EIGHT "the request's last, past a multiple of 8"
/* In pattern_corrupted's "what" line (oracles.c), whose cause it picks (cause-table.c): damage that
 * ends within a header's 32 bytes below the next live block. */
#define FUZZ_DAMAGE_BELOW_NEXT "where its header would lie"
/* ...and damage wholly past the request, within the usable size: usable_size() overstating the block. */
#define FUZZ_DAMAGE_PAST_REQUEST "in what usable_size() said is the block's"
/* In usable_too_small's "what" line (oracle-place.c) of a usable size of 0, whose cause it picks
 * (cause-table.c): a request sized down to nothing, or a lookup that missed. */
#define FUZZ_UNDER_ALIGNMENT "the request is under the adapter's .alignment"
/* In free_rejected's "what" line (maps-report.c), whose cause it picks (cause-table.c). */
#define FUZZ_LOST_BY_REMOVAL "a lookup by address that lost this block when that one was taken out"
/* ...or, where usable_size() could not be asked of the block, the same free named without that verdict. */
#define FUZZ_PERHAPS_LOST_BY_REMOVAL "whether the lookup by address lost this block when that one was taken out"
/* In realloc_lost_data's "what" line (oracles.c), whose cause it picks (cause-table.c): the lost word
 * holds the old block's address, likely linked there by its free, the new block still on a free list. */
#define FUZZ_LINKS_OLD_BLOCK "the old block's start, which this realloc freed"
/* In calloc_not_zero's "what" line (oracles.c) and a discard's line (maps-discards.c); picks the cause
 * (cause-table.c): the latest madvise over the block was MADV_FREE (round 19's BiBOP trim). */
#define FUZZ_LAZY_FREE "frees lazily: pages keep their bytes until the kernel reclaims them, maybe never"
/* calloc_not_zero's, of non-zero bytes in the page right past a range given back (maps-discards.c) */
#define FUZZ_DROPPED_SHORT "if the allocator took their page for given back too, that release was a page " \
    "short, or their page was joined to the range since"
/* ...and of non-zero bytes past that page: memory above the range never given back */
#define FUZZ_DROPPED_BELOW "they run past its next page: if the allocator took them for given back too, they " \
    "were never given back, only the range below them"
/* In calloc_not_zero's "what" line (oracles.c), whose cause it picks (cause-table.c): every requested
 * byte one value, which no block's old contents are. */
#define FUZZ_ONE_VALUE_THROUGHOUT "where a block's old contents (the harness's pattern, a link) would differ"
/* In overlap's "what" line (causes-blocks.c), whose cause it picks (cause-table.c): a new block that
 * starts on a page boundary an older live block runs past. */
#define FUZZ_OVER_PAGE_EDGE "an older block run past the page boundary the new one starts on"
/* In past_mapping's "what" line (exec-judge.c), whose cause it picks (cause-table.c): a block that
 * runs past its mapping's end by as many bytes as it starts into the mapping. */
#define FUZZ_PAST_BY_ITS_OFFSET "exactly as far as the block starts into it"
/* In past_mapping's "what" line (exec-judge.c), whose cause it picks (cause-table.c): the bytes past
 * the mapping's end were unmapped by the realloc that returned the block in place. */
#define FUZZ_PAST_INTO_OWN_UNMAP "the bytes past that end this call unmapped itself:"
/* In past_mapping's "what" line (exec-judge.c), whose cause it picks (cause-table.c): the live block
 * below, of the same usable size and in the same mapping, ends where this one starts. */
#define FUZZ_PAST_ONE_SLOT "the next slot of a run of equal ones, one past the last its mapping holds"
/* In huge_accepted's "what" line (oracle-calls.c), whose cause it picks (cause-table.c): a request
 * realloc kept in place, whose bits under the top one the block holds. */
#define FUZZ_TOP_BIT_OFF "without its top bit the request is"
/* In huge_accepted's "what" line (oracle-calls.c), whose cause it picks (cause-table.c): a size cut to
 * 32 bits whose count of 8- or 16-byte units, cut to 32 bits, gives the same block. */
#define FUZZ_CUT_IN_UNITS "cut at 2^32 units of 8 or 16 bytes (32 or 64 GiB)"
/* A huge_accepted of a size near 4 GiB (a HUGE code 4g-D: fuzz/ops.h). */
#define FUZZ_NEAR_4G "2^32"
#define FUZZ_GREW_UNDECLARED "the heap grew, and its adapter does not declare FUZZ_CAN_GROW"
/* After it: what the harness guessed (oracle-place.c, short_by_a_header). */
#define FUZZ_HEADER_GUESSED " to the adapter's .alignment (a header taken as one or two words: the harness " \
                            "does not know the allocator's)"
/* In not_pristine's "what" line (oracle-counts.c) when the search after the
 * refusal was served the size refused, whose cause it picks (cause-table.c). */
#define FUZZ_REFUSED_THEN_SERVED "was refused, and then served in the search for the largest that fits"
/* not_pristine's words for a shrink in place that kept usable_size() (oracle-counts.c, cause-table.c) */
#define FUZZ_SHRINK_KEPT_SIZE "a realloc shrank"
/* ...and for one whose tail cut off is about what the heap lost */
#define FUZZ_SHRINK_TAIL_LOST "a realloc cut a tail off"

/* causes.c: the report's "cause:" line(s) for ORACLE, whose "what" line is
 * WHAT; nothing for an oracle with no usual cause. */
void fuzz_print_cause(const char *oracle, const char *what);
/* causes-checker.c: the cause a check's MESSAGE (halloc's words) names, if
 * it names one, and OP (or NULL: not known), the first op after which the
 * check failed: 1 if printed. */
int fuzz_print_checker_cause(const char *message, const char *op);
/* causes-checker.c: whether a check's MESSAGE is halloc's checker naming INVARIANT broken. */
int fuzz_checker_names(const char *message, const char *invariant);
/* causes-checker.c: row I of its table, its cause and (in INVARIANT) the invariant it is for; NULL past
 * the last row. tests/checker_fixture.c pins each row by a heap damaged that way. */
const char *fuzz_checker_cause_row(size_t i, const char **invariant);
/* oracle-report.c, for a crash's context: the oracle whose report was running
 * the adapter's check() before its cause, its what, and that damage as the
 * cause; nothing when no such check is under way. */
void fuzz_print_report_check_crashed(const struct fuzz_ctx *c);
void fuzz_print_sized_free_cause(const struct fuzz_ctx *c, const char *oracle); /* "sized:" */
/* causes-blocks.c: after a crash (at address fault, NULL if unknown; called `named`): the likely cause when the op
 * names one (a realloc copying its new size, a request that must fail). */
int fuzz_print_crash_cause(const struct fuzz_ctx *c, const void *fault, const char *named); /* 1: it placed it */
/* A fault or report's address this close to a live block's edge is placed by it: a header or footer,
 * a link beside the block, a word copied or cleared past its end. Farther (a guard page a page's rest
 * away) the nearest block says little. */
#define FUZZ_NEAR_BLOCK_BYTES 256
/* fault-place.c, for a crash's context: where the fault's address `at` lies
 * among this run's unmapped or mprotect'ed memory (1 if said); and among the
 * model's live blocks and those freed lately, when one holds it or lies near. */
int fuzz_print_fault_place(const struct fuzz_ctx *c, const void *at);
/* A double free's fault in the mapping its first free unmapped, more than a header below the block: the
 * allocator's record of that mapping (a segment's, a big block's), read through a list still holding it. */
#define FUZZ_HEADER_BYTES 16
int fuzz_fault_in_unmapped_record(const struct fuzz_ctx *c, const void *at);
/* fault-place.c: a fault just past the pointer of the block being freed, reallocated or asked
 * usable_size() masked to a power of two past a page (a slab's header looked for there): 1 if said. */
int fuzz_print_masked_lookup(const struct fuzz_ctx *c, const void *at);
/* offset-place.c: a fault at an allocator mapping's start plus the low 32 bits of an address in
 * it (a pointer stored where the heap keeps offsets from its base): 1 if said. */
int fuzz_print_pointer_as_offset(const struct fuzz_ctx *c, const void *at);
/* fault-place.c: a SIGSEGV at `at` in the null page named a NULL pointer followed. */
void fuzz_print_null_page(const void *at);
/* fault-place.c: a register's non-canonical value that is a place among the
 * blocks plus or less a word of a block's pattern (times 1, 8 or 16), or
 * one fuzz_print_walk_off_heap (below) places: said with both, 1; else 0. */
int fuzz_print_register_stepped(const struct fuzz_ctx *c, const char *name, uint64_t value);
/* fault-place.c: the same for a fault's address no other line placed (a
 * walk by a 4-byte header read from a block's bytes stays canonical). */
int fuzz_print_fault_stepped(const struct fuzz_ctx *c, const void *fault);
/* walk-off.c: `what` ("register rbx held"), a non-canonical value that
 * is a place by the heap's end plus a word of one byte repeated: a walk
 * past the last block read what lies past the heap as a size. Said, 1. */
int fuzz_print_walk_off_heap(const struct fuzz_ctx *c, const char *what, uint64_t value);
/* report-places.c: " N below" or " N above" into off: where an address (UBSan's, or a register's) lies
 * from the pattern's word it was made of, a field read a little off a link (empty when they are equal). */
void fuzz_describe_word_offset(char *off, size_t size, uint64_t word, uint64_t at);
/* report-places.c: under a line placing a value among live block k's bytes (at offset), read as a link
 * or size: the op that handed those bytes out while still listed, where it can be told. */
void fuzz_print_handed_out_listed(const struct fuzz_ctx *c, int k, size_t offset);
/* walk-off.c: ask(c, value, answer) run in a child process, as the adapter's own code asked of a heap that
 * faulted or lost a record may fault or hang: `size` bytes of answer, zeroed if it did, or took over 1 s. */
void fuzz_ask_apart(void (*ask)(const struct fuzz_ctx *, uint64_t, void *), const struct fuzz_ctx *c, uint64_t value,
                    void *answer, size_t size);
/* walk-off.c: a fault at (or a few bytes by) a value a lately freed block's
 * first words hold: a link the allocator wrote there, followed. Said or not. */
void fuzz_print_stale_link(const struct fuzz_ctx *c, const void *fault);
/* 0: not placed; 1: in a block freed lately, or the block touched; 2: near a
 * live block, or in the one being freed or reallocated; 3: inside another */
int fuzz_print_block_place(const struct fuzz_ctx *c, const void *at, const char *named);
/* report-places.c: an address `named` (UBSan's, a fault's) past the null page but below any mapping,
 * where no block lies: a number the allocator took for a pointer. 1 if it said so. */
int fuzz_print_number_taken(const void *at, const char *named);
/* ...and one a little past a live block's usable size of 64 KiB or more: that block's size word. */
int fuzz_print_size_taken(const struct fuzz_ctx *c, const void *at, const char *named);
/* ASan's address just past a heap region of its malloc that holds no live
 * block, in an op that allocates: the block in the making. 1 if it printed. */
int fuzz_print_asan_region(const struct fuzz_ctx *c, const void *at, const char *named);
/* The address of the bad access ASan is reporting (NULL: none, or no ASan),
 * with its name for the lines that place it in `named` ("ASan's
 * heap-buffer-overflow in a read of 200 bytes: its first bad byte"). */
const void *fuzz_asan_report_address(char *named, size_t len);
/* ASan hands sanitizer-reports.c its report's text (a *-param-overlap's two
 * ranges) after the summary line, where a libFuzzer run prints the crash
 * context: 1 if that text will come (ASan's callback is set), and then
 * fuzz_overlap_text_kept (crash-signals.c) prints the context it held back. */
int fuzz_overlap_text_follows(void);
void fuzz_overlap_text_kept(void);
/* sanitizer-reports.c: the words of the first sanitizer report, kept as it
 * is made, for fuzz_print_report_places. */
#define FUZZ_REPORT_ADDRESSES 2
#define FUZZ_REPORT_VALUES 4
struct fuzz_report_words {
    uintptr_t address[FUZZ_REPORT_ADDRESSES]; /* UBSan's (0: none) */
    /* Its numbers: the decimal ones ("signed integer overflow: -16711423 *
     * 65536", "index 300 out of bounds"), and the offset between its two
     * addresses ("with base 0x... overflowed to 0x..."), which may be bytes the
     * allocator read from a live block, or a block's size, taken for its own. */
    uint64_t value[FUZZ_REPORT_VALUES];
    int negative[FUZZ_REPORT_VALUES]; /* printed with its sign, as UBSan did */
    size_t values;
    int null_use;             /* UBSan's is of a NULL pointer used (a member access within one), no address */
    char zero_to[24];         /* UBSan's "passing zero to clz()": the builtin given 0 ("clz", "ctz"), else "" */
    struct {                  /* ASan's *-param-overlap */
        char call[32];        /* "memcpy", "strcpy"... */
        uintptr_t to, from;   /* the destination's start (0: no such report) and the source's */
        size_t length;
    } overlap;
};
const struct fuzz_report_words *fuzz_report_words(void);
/* report-places.c: the addresses UBSan's report gave (sanitizer-reports.c keeps them as it is
 * made), each placed: among the blocks, or among the bytes of their patterns.
 * 1 if one was a block's bytes past its request, HALLOC_FUZZ_USABLE=off
 * offered with it (the general offer is then said already). */
int fuzz_print_report_places(const struct fuzz_ctx *c);
/* A slot's block, about to leave it, is being freed: kept for fuzz_print_block_place. */
void fuzz_note_freed(struct fuzz_ctx *c, unsigned slot);
/* The newest of the last `window` blocks freed (at most FUZZ_RECENT_FREED)
 * whose bytes hold `at` (one freed with usable size 0: its first byte), or NULL. */
const struct fuzz_freed *fuzz_freed_holding(const struct fuzz_ctx *c, uintptr_t at, size_t window);
/* In usable_too_small's "what" line (causes-blocks.c), whose cause it picks (cause-table.c): a block
 * at a page's start whose usable size is that of a live block further into the page (round 15's
 * randomized heap: a slot one past its page's last, in the next page, another class's). */
#define FUZZ_STARTS_CLASS_PAGE "the size of that page's slots, read from the page"
/* causes-blocks.c: for usable_too_small, out "; it starts a page ..." when b starts a page that
 * holds a live block of b's usable size; untouched otherwise. */
void fuzz_class_page_why(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len);
/* causes-blocks.c: for a crash in usable_size of block `slot`, when the block starts a page right
 * where a live block ends, a line saying so and a likely cause, a slot carved past its page's end;
 * 1 if it printed them. */
int fuzz_print_slot_past_page(const struct fuzz_ctx *c, int slot);
/* causes-blocks.c: the live block whose usable bytes end right where block `slot` starts, nothing
 * between them (no header in front of `slot`), else -1. */
int fuzz_packed_below(const struct fuzz_ctx *c, int slot);
/* causes-blocks.c: for usable_too_small, what a realloc that returned block b in
 * place did to it ("; ..." to append to "what"), else "". */
const char *fuzz_resize_cause(const struct fuzz_ctx *c, const struct fuzz_block *b);
/* causes-blocks.c: for overlap, what the two blocks' requests and the frees lately
 * say of it ("; ..." to append to "what"), in buf; "" if nothing. */
const char *fuzz_overlap_why(const struct fuzz_ctx *c, int slot, int other, char *buf, size_t len);
/* What calloc's block b (n elements of size) holds, its first `zeroed` bytes zero: where those end at
 * its second element, element by element (FUZZ_FIRST_ELEMENT_ALONE's words, which pick a memset of one
 * element as the cause, when each of the others holds a non-zero byte), else how many bytes past them
 * are not zero; into out (causes-blocks.c). */
#define FUZZ_FIRST_ELEMENT_ALONE "the first alone is all zero"
void fuzz_calloc_zeroes_said(const struct fuzz_block *b, size_t zeroed, size_t size, size_t n, char *out, size_t len);
/* Says that the `zeroed` bytes at calloc's block's start, up to its second element (a pointer's size
 * at most) or its second word, lie over a block freed at the same address (FUZZ_FREED_AT_ITS_START's
 * words, which pick a NULL link as the cause); buf, empty if not (causes-blocks.c). */
#define FUZZ_FREED_AT_ITS_START "was freed at this address"
const char *fuzz_calloc_link_zero(const struct fuzz_ctx *c, int slot, size_t zeroed, size_t size, size_t n, char *buf,
                                  size_t len);
/* causes-blocks.c: for calloc_not_zero, when the zeroed bytes end where the block freed last at this
 * address was asked to (": ..." to append), in buf; its words FUZZ_ZEROES_END_AT_OLD_REQUEST pick the
 * cause (cause-table.c): calloc zeroed only what that owner asked for. */
#define FUZZ_ZEROES_END_AT_OLD_REQUEST "the zeroed bytes end where the request"
const char *fuzz_calloc_old_size(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                 size_t len);
/* causes-blocks.c: for pattern_corrupted, when the damaged block was handed out
 * inside an aligned block freed lately, or the damage lies in the lead
 * below an aligned block made lately ("; ..." to append), in buf; its words
 * FUZZ_DAMAGE_BY_ALIGNED pick the cause (cause-table.c): that free gave back
 * the aligned pointer, said there alone. */
#define FUZZ_DAMAGE_BY_ALIGNED "the damage lies"
const char *fuzz_damage_aligned_why(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                    size_t len);

/* causes-blocks.c: for pattern_corrupted, when the bytes found are another live block's (or one freed
 * lately), a whole number of pages away at the same offset in its page, the two sharing no address
 * ("; ..." to append), in buf;
 * its words FUZZ_DAMAGE_ALIASED pick the cause (cause-table.c). */
#define FUZZ_DAMAGE_ALIASED "both addresses show one page of memory"
const char *fuzz_damage_aliased_why(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                    size_t len);
/* maps-shared.c: for pattern_corrupted that nothing above explains, when /proc/self/maps shows the page
 * under the damaged byte at another address too: that address and the block there, live or freed lately,
 * with the op that made or freed it, or that none is known there (FUZZ_DAMAGE_ALIASED's words); else, when
 * maps.c's record says an op mapped that page after the block was made, that op and the file page it shows
 * (FUZZ_MAPPED_OVER_LIVE's words, which pick their cause); else, when another address showed its file page
 * until an op mapped another page there, that address and op (FUZZ_TWIN_MOVED's words, which pick theirs).
 * "; ..." to append, in buf; "" if none of these. */
#define FUZZ_MAPPED_OVER_LIVE "a mapping made over a live block"
#define FUZZ_TWIN_MOVED "showed it until an mmap"
const char *fuzz_damage_shared_why(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                   size_t len);

/* "22 (EINVAL: Invalid argument)" into buf, returned: a bare 22 sends the
 * reader to errno.h. Every errno the harness prints goes through it. */
#define FUZZ_ERRNO_SAID_MAX 96
const char *fuzz_errno_said(char *buf, size_t len, int err);
/* causes.c: what the allocator took a pointer for, when a free failed with
 * an errno the adapter gave a meaning to (ADAPTERS.md); NULL if it gave none. */
const char *fuzz_free_errno_meaning(const struct fuzz_ctx *c, int err);

ORACLE void oracle_overlap(const struct fuzz_ctx *c, int slot, int other);
ORACLE void oracle_pattern_corrupted(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d);
ORACLE void oracle_calloc_not_zero(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d);
ORACLE void oracle_realloc_lost_data(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d,
                                     const struct fuzz_block *old);
ORACLE void oracle_misaligned(const struct fuzz_ctx *c, int slot, size_t alignment);
ORACLE void oracle_out_of_heap(const struct fuzz_ctx *c, int slot);
/* b: a block no slot holds (slot -1: the harness's own request's), `whose` saying so after its range. */
ORACLE void oracle_out_of_heap_of(const struct fuzz_ctx *c, const struct fuzz_block *b, int slot, const char *whose);
/* area: what the block lies outside of (a mapping of the allocator's, create_in's buffer, the program
 * break), at most FUZZ_PLACE_AREA_MAX long; past: the bytes past its end, or, 0, `before`: the bytes
 * before its start. */
#define FUZZ_PLACE_AREA_MAX (2 * FUZZ_OP_DESCRIPTION_MAX + 480)
ORACLE void oracle_past_mapping(const struct fuzz_ctx *c, int slot, size_t past, size_t before, const char *area);
/* other: a live block the new one overlaps (fuzz_index_insert's), or -1. */
ORACLE void oracle_usable_too_small(const struct fuzz_ctx *c, int slot, int other);
ORACLE void oracle_free_rejected(const struct fuzz_ctx *c, int slot, int err);
ORACLE void oracle_bad_free_accepted(const struct fuzz_ctx *c, int slot, const void *ptr, const char *what);
/* In its "what" when the block's first free came right after that of a free block beside it, which
 * it may have merged with (badops.c): the words pick its cause (cause-table.c). */
#define FUZZ_FREED_BESIDE " (its first free followed the free of "
ORACLE void oracle_bad_free_wrong_errno(const struct fuzz_ctx *c, int slot, const void *ptr, int got, int want);
ORACLE void oracle_bad_free_changed_heap(const struct fuzz_ctx *c, const char *change, int slot);
ORACLE void oracle_free_null_rejected(const struct fuzz_ctx *c, int err);
ORACLE void oracle_free_null_changed_heap(const struct fuzz_ctx *c, const char *change, int slot);
ORACLE void oracle_checker_failed(const struct fuzz_ctx *c, const char *message);
ORACLE void oracle_trim_failed(const struct fuzz_ctx *c, int err);
ORACLE void oracle_stats_mismatch(const struct fuzz_ctx *c, const char *field, size_t model, size_t reported);
ORACLE void oracle_spurious_oom(const struct fuzz_ctx *c, size_t size, size_t largest_free);
/* ...and the same request, asked again at once with nothing freed between, was served. */
ORACLE void oracle_refused_then_served(const struct fuzz_ctx *c, size_t size, size_t largest_free);
/* The pristine probe's request of largest_free on the fresh heap was refused; one_byte_served: a
 * request of 1 byte then succeeded. */
ORACLE void oracle_fresh_heap_refused(const struct fuzz_ctx *c, size_t largest_free, int one_byte_served);
/* spurious_oom's "what" after a free-all (oracle-calls.c), which picks its cause (cause-table.c). */
#define FUZZ_EMPTIED_REFUSES_SMALL "after freeing every block a request of 1 byte fails"
/* A request of `size` (aligned to `align`, 0 for malloc's) failed with `err` though the adapter
 * claims FUZZ_NO_HEAP_LIMIT. */
ORACLE void oracle_refused_unlimited(const struct fuzz_ctx *c, size_t size, size_t align, int err);
/* Its words after the request and the errno: they pick its causes (cause-table.c). */
#define FUZZ_NO_LIMIT_CLAIMED "on a heap that claims FUZZ_NO_HEAP_LIMIT"
/* A request of `size` <= largest_free succeeded by mapping `grew` more bytes. */
ORACLE void oracle_spurious_growth(const struct fuzz_ctx *c, int slot, size_t size, size_t largest_free,
                                   size_t grew);
/* n: 0 for a request of `size` bytes, else calloc(n, size) whose product overflows; align: non-zero for
 * aligned_alloc(align, size). */
ORACLE void oracle_alloc_wrong_errno(const struct fuzz_ctx *c, size_t n, size_t size, size_t align, int got);
/* alloc_wrong_errno's words for a calloc whose n * size wrapped to 0, errno
 * untouched (oracle-calls.c's CALLOC_OVERFLOW_TEXT, then the errno): they
 * pick the cause (cause-table.c) that says what such a calloc does. */
#define FUZZ_WRAPPED_TO_ZERO "(wrapping to 0), failed with errno 0 ("
/* after_small: the check's malloc(1) and its free ran on this heap before the request refused. */
ORACLE void oracle_not_pristine(const struct fuzz_ctx *c, size_t pristine, size_t now, int after_small);
ORACLE void oracle_small_refused_when_empty(const struct fuzz_ctx *c);
/* slot: the live block a huge realloc was asked to grow, else -1. */
ORACLE void oracle_huge_accepted(const struct fuzz_ctx *c, size_t n, size_t size, const void *ptr, int slot);
ORACLE void oracle_huge_changed_heap(const struct fuzz_ctx *c, const char *change, int slot);
ORACLE void oracle_realloc_zero_kept(const struct fuzz_ctx *c, int slot, const void *ptr);
/* An munmap takes the live block of slot with it. */
ORACLE void oracle_unmap_live(const struct fuzz_ctx *c, const void *addr, size_t len, int slot);
/* An madvise(`advice`) drops the contents of a byte of the live block of slot. */
ORACLE void oracle_discard_live(const struct fuzz_ctx *c, const void *addr, size_t len, const char *advice, int slot);
/* `call`, an mprotect (and when it was made), takes access away from a byte of the live block of slot. */
ORACLE void oracle_protect_live(const struct fuzz_ctx *c, int slot, const char *call);
/* munmap of an address off a page boundary: refused by the kernel, nothing unmapped. */
ORACLE void oracle_unmap_unaligned(const struct fuzz_ctx *c, const void *addr, size_t len);
/* Its words after the call: they pick its cause (cause-table.c). */
#define FUZZ_UNMAP_OFF_PAGE "starts off a page boundary"
ORACLE void oracle_unmap_foreign(const struct fuzz_ctx *c, const void *addr, size_t len, const void *foreign,
                                 int cuts_another);
/* destroy() of a heap claiming FUZZ_UNMAPS_ON_DESTROY left `bytes` in
 * `count` mappings this run made; `first` names the first and its op. */
ORACLE void oracle_left_mapped(const struct fuzz_ctx *c, size_t bytes, size_t count, const char *first);

#endif /* FUZZ_ORACLES_H */
