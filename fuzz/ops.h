/*
 * ops.h - the fuzz input encoding. This comment is the one place it is
 * documented; fuzz/README.md points here.
 *
 * FUZZ_ENCODING_VERSION 10
 * ========================
 * (10 gave HUGE codes 0x7f80..0x7fff, max-32640..max-32767 before, sizes
 * near 4 GiB, below: a text trace of versions 1-9 reads the same but for
 * such a max-N, refused with the fix; a binary input with such a code asks
 * for 2^32 + D instead, on an adapter that cannot grow, else nothing.)
 * (9 gave double-free's even args 2.. a slot freed between its two frees,
 * below: a binary input whose double-free record has an even arg >= 2 and
 * that slot holding another block now frees it in between (before, the
 * arg was ignored); every text trace of versions 1-8 reads as before.)
 * (8 gave double-free a MODE, trim: an odd arg, ignored before.)
 * (7 gave op heap's arg bits 10-15 a LEAD, below: a binary input whose first
 * record is a verify-all with arg & 0xfc00 set now runs its heap that many
 * bytes off a page (on an adapter with create_in; the same heap otherwise),
 * and one with only those bits set is op heap too (before, a verify-all of
 * an empty heap: nothing); a threaded input reads its record 0 as op heap
 * now, as a plain one does (before, a verify-all of thread 0's no blocks);
 * every text trace of versions 1-6 reads as version 6 read it.)
 * (6 added op 19 heap, below: a binary input whose first record is a
 * verify-all with a nonzero arg & 0x3ff now runs on a heap that much smaller
 * (before, that record verified an empty heap: nothing), every other input
 * decodes as before, and every text trace of versions 1-5 reads as
 * version 5 read it.)
 * (5 added ops 17 hold and 18 release, below: a binary input's op byte is
 * taken modulo 19 instead of 17, and every text trace of versions 1-4 reads
 * the same.)
 * (2 added the room symbols below in place of five boundary-table literals;
 * a version 1 binary input decodes differently only where it used those
 * five codes, and every version 1 text trace reads the same. 3 gave the
 * codes of calloc(N, 0) for N >= 2 to calloc(N, 4096), below; a text trace
 * of version 1 or 2 reads the same but for such a line, which is refused
 * with the fix: calloc S 1 0 asks for the same zero bytes. 4 gave those of
 * calloc(N, 1) for N >= 2 to calloc(N, 65536) the same way: calloc S 1 N
 * asks for the N bytes; and those of aligned sizes 3841..3904 to 64 KiB
 * .. 4 MiB: such a line is refused with the nearest sizes that kept a code.)
 * An input is a sequence of 4-byte records; a trailing partial record is
 * ignored, so every byte string is a valid program and one inserted or
 * mutated byte changes one op (or shifts the records after it). Ops past
 * the first FUZZ_MAX_OPS are never run (below).
 *
 *   byte 0    op    taken modulo FUZZ_OP_CODES (19): every byte is a valid op
 *   byte 1    slot  taken modulo FUZZ_SLOTS (64)
 *   bytes 2-3 arg   16-bit little-endian argument
 *
 * Blocks live in a table of FUZZ_SLOTS slots; programs never hold raw
 * pointers. An op on an empty slot is a no-op, but for free: free(NULL), which
 * must succeed and change nothing. An allocation into a full slot
 * first frees (and verifies) the block that is there.
 *
 *  op  name             text form                    arg meaning
 *   0  malloc           malloc S SIZE                SIZE code (below)
 *   1  calloc           calloc S N SIZE              N = arg >> 10 (0..63), SIZE = arg & 0x3ff;
 *                                                    SIZE 0 with N >= 2 is SIZE 4096 instead
 *                                                    (FUZZ_CALLOC_PAGE): N pages, up to 252 KiB,
 *                                                    the sizes an allocator zeroes by pages or
 *                                                    serves from fresh mappings (calloc's own
 *                                                    shortcuts), which 63 * 1023 never reached;
 *                                                    SIZE 1 with N >= 2 is SIZE 65536
 *                                                    (FUZZ_CALLOC_BIG): 128 KiB to 4032 KiB, a
 *                                                    big-block path's calloc (its own mapping,
 *                                                    a threshold that moves), past 252 KiB
 *   2  realloc          realloc S SIZE               SIZE code; empty slot: realloc(NULL, SIZE);
 *                                                    size 0 frees (only with FUZZ_REALLOC_ZERO_FREES)
 *   3  aligned          aligned S ALIGN SIZE         ALIGN = 1 << (arg >> 12), SIZE = arg & 0xfff;
 *                                                    SIZE 3841..3904 is (SIZE - 3840) * 65536
 *                                                    instead (FUZZ_ALIGNED_BIG_*): 64 KiB to 4 MiB,
 *                                                    a big-block path's aligned allocation (its
 *                                                    own mapping over-allocated by the alignment,
 *                                                    its lead and tail trimmed), which 4095 never
 *                                                    reached; 3841..3904 were given up as sizes
 *                                                    where no common size class or page edge
 *                                                    lies (3840 and 3905..4095 keep theirs)
 *   4  free             free S                       empty slot: free(NULL)
 *   5  refill           refill S                     rewrite the block with a new pattern
 *   6  verify           verify S                     check the block's pattern
 *   7  verify-all       verify-all
 *   8  check            check [MODE]                 allocator's checker + stats vs model;
 *                                                    MODE = arg % 2: plain (default), trim:
 *                                                    first the adapter's trim(), then every
 *                                                    live block verified
 *   9  free-all         free-all [ORDER]             ORDER = arg % 5: slots (default), reverse,
 *                                                    address, address-reverse, odd-even
 *  10  double-free      double-free S [MODE]         free the block, then free it again; MODE:
 *                                                    arg odd: trim, the adapter's trim() between
 *                                                    the two frees (a free's deferred work, a
 *                                                    sweep, done first); arg even: B = arg >> 1,
 *                                                    0: at once (default), else between B-1:
 *                                                    free S, free slot (B-1) % 64, free S again
 *                                                    (a check against the newest freed block
 *                                                    alone, a free list's head, passes it); at
 *                                                    once when that slot is S or empty
 *  11  free-interior    free-interior S OFF          free(p + off), off = arg % usable, 0 -> usable/2
 *  12  free-misaligned  free-misaligned S +K|-K      K = (arg & 0x7fff) + 1, sign = bit 15 (set: -);
 *                                                    free(p +- (1 + (K-1) % (alignment-1)))
 *  13  free-foreign     free-foreign WHERE           WHERE = arg % 3: stack, static, libc
 *  14  huge-malloc      huge-malloc HUGE             HUGE code (below)
 *  15  calloc-overflow  calloc-overflow N SIZE       f = 2 + (arg & 0xfff), e = (arg >> 12) & 7,
 *                                                    big = SIZE_MAX / f + 1 + e; bit 15 clear:
 *                                                    N = big, SIZE = f; set: N = f, SIZE = big
 *  16  huge-realloc     huge-realloc S HUGE          realloc(block or NULL, HUGE code)
 *  17  hold             hold COUNT SIZE              COUNT = slot byte + 1 (1..256, the byte not
 *                                                    reduced): that many blocks of SIZE (a SIZE
 *                                                    code; its symbols see an empty slot) into the
 *                                                    held pool, each filled and modelled as a
 *                                                    slot's block is; stops at the first refusal,
 *                                                    or when the pool would hold more than
 *                                                    FUZZ_HELD_MAX blocks or FUZZ_HELD_BYTES
 *  18  release          release [ORDER]              free held blocks, each verified first;
 *                                                    ORDER = arg % 5: all (default), reverse (all,
 *                                                    newest first), every-other (the 2nd, 4th, ...
 *                                                    live one, in pool order: the rest stay held,
 *                                                    so the freed ones cannot merge), newer-half,
 *                                                    older-half
 *  19  heap             heap -CUT +LEAD              the heap create() is given: FUZZ_HEAP_BYTES
 *                                                    (64 KiB, or make's FUZZ_HEAP) less CUT =
 *                                                    arg & 0x3ff (0..1023), at most 1/64 of it;
 *                                                    with the adapter's create_in, the buffer
 *                                                    starts LEAD = arg >> 10 (0..63) bytes past
 *                                                    a page (rounded down to a multiple of
 *                                                    _Alignof(max_align_t) unless the adapter
 *                                                    claims FUZZ_ANY_START); only as op #0, and
 *                                                    no op byte of its own: record 0 with op
 *                                                    byte 7 (verify-all) and arg != 0 (text: the
 *                                                    first op; -CUT or +LEAD left out when 0)
 *
 * Op heap: a heap of 64 KiB never shows an allocator's handling of a length
 * that is no multiple of its block, line or page (its last block past the
 * end), nor, in a buffer that starts on a page, of a start off its line; an
 * input chooses another length and start. Its record is one that ran as a
 * verify-all of an empty heap (nothing) before, so every input without one
 * decodes as it did; so does a threaded input, whose record 0 (thread 0's
 * first op, fuzz/threads.c) chooses the heap every thread shares.
 *
 * Ops without S (or COUNT) in their text form ignore the slot byte (written
 * as 0); ops without an argument ignore it (written as 0). Bad-input ops
 * (10-16) are no-ops on adapters whose capability flags say they cannot
 * detect them.
 *
 * The held pool: the 64 slots bound a program to 64 live blocks, and state
 * past that (a slab's 65th object, a bitmap's second word, a free list of
 * hundreds of chunks) out of reach; hold and release reach it. The pool has
 * FUZZ_HELD_MAX (4096) places and holds up to FUZZ_HELD_BYTES (128 KiB of
 * usable sizes: 4096 blocks of 32 bytes, 256 of 512); hold puts each new
 * block in the lowest empty place, so pool order is allocation order until a
 * release leaves holes.
 * Reports name a held block held#N (N its place, 0..4095). Held blocks take
 * part in everything a slot's block does: verify-all, check (stats against
 * the model), free-all (which frees them too, after or among the slots' as
 * its ORDER says: slots order puts the pool after slot 63), the final
 * free-all and its leak checks; no op names one alone.
 *
 * SIZE code (16 bits): the top two bits pick a class, so small sizes
 * dominate and boundary values come up often:
 *   00  small literal     arg & 0x1ff            0..511
 *   01  medium literal    arg & 0x3fff           0..16383
 *   10  boundary table    entry (arg & 0x3fff) % FUZZ_BOUNDARY_COUNT (decode.c):
 *                         literals such as 0, 1, 32, 48, 240, 256, 272, 4080,
 *                         4112, 65520, 65552, and symbols evaluated when the op
 *                         runs: align-1, align, align+1, ..., heap (bytes passed to
 *                         create), heap/2, largest_free-1, largest_free,
 *                         largest_free+1 (from stats, else heap), usable-1,
 *                         usable, usable+1, usable*2, ... (the slot's current block),
 *                         room-align*2, room-align, room-align/2, room-1, room:
 *                         room is the distance from the slot's block to the next
 *                         live block above it (no such block, or one farther
 *                         than usable + largest_free + heap, i.e. in another
 *                         mapping: usable + largest_free; empty slot:
 *                         largest_free), so these
 *                         probe the exact fit of growing in place into a free
 *                         successor, whatever the allocator's header size;
 *                         every symbol's value is capped at FUZZ_SYMBOL_SIZE_MAX
 *   11  large             (arg & 0x3fff) * 4     0..65532
 * In text a SIZE is a decimal number or a symbol name. A number is encoded
 * in the first literal class that holds it, else as its boundary-table entry
 * (e.g. 65537); one that fits neither (e.g. 20001) is rejected by the parser.
 *
 * HUGE code (16 bits): bit 15 clear: SIZE_MAX - (arg & 0x7fff)   text "max-N"
 *                      bit 15 set:   SIZE_MAX/2 + 1 + (arg & 0x7fff)  text "half+N"
 *                      bit 15 clear, arg >= FUZZ_HUGE_4G_FIRST (0x7f80, version
 *                      10): 2^32 + D, D = arg - 0x7fe0 (-96..+31)   text "4g-D",
 *                      "4g", "4g+D": a size within a header of 4 GiB, which a
 *                      32-bit size field wraps (a limit tested as n > UINT32_MAX
 *                      passes it); max-32640..max-32767 gave their codes up.
 *                      Where size_t is 32 bits, 4g and above are SIZE_MAX.
 * Every HUGE request must fail (NULL, ENOMEM with FUZZ_REPORTS_ENOMEM). The
 * 4g ones run only on an adapter without FUZZ_CAN_GROW, whose heap of
 * create()'s bytes cannot hold them: one that may grow may serve 4 GiB,
 * which libFuzzer's -malloc_limit_mb (2 GiB) stops a run at, and whose
 * free ASan poisons 512 MiB of shadow for.
 *
 * A threaded input (make fuzz-threads) is one header byte and these records,
 * with ops 10-16 read as hand-overs between threads, and hold and release
 * run as themselves on the thread's own pool: fuzz/threads.c.
 */
#ifndef FUZZ_OPS_H
#define FUZZ_OPS_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_ENCODING_VERSION 10
/* Oldest text trace version this build reads: text has only ever gained names. */
#define FUZZ_TEXT_MIN_VERSION 1
#define FUZZ_RECORD_BYTES 4
#define FUZZ_SLOTS 64
/* Places in the held pool (ops hold and release): a fuzz_ctx's block table
 * holds FUZZ_SLOTS + FUZZ_HELD_MAX blocks, the pool's under keys
 * FUZZ_SLOTS.. (harness.h). 16 full holds fill it: 4096 blocks cover 16
 * slabs of 256 objects, or a bitmap's 64 words. */
#define FUZZ_HELD_MAX 4096
/* The held blocks' usable bytes at most: a hold stops at a block that
 * would take the pool past it. The pool is for many blocks, not much
 * memory, and every verify-all (and a replay's check after every op) passes
 * over all of it, whole (blocks of up to 4 KiB always are: harness.h): an
 * input of 1000 verify-alls checked 4.8 GB over 4096 blocks of 64 KiB, and
 * 2 GB over 512 KiB (fuzz/scripts/check-worst-case.sh bounds one at 1 GiB). */
#define FUZZ_HELD_BYTES ((size_t)128 << 10)
#define FUZZ_HOLD_COUNT_MAX 256
/* Ops an input runs at most (a binary input or a text trace; the trace
 * tool converts them all): libFuzzer's max_len (fuzz/halloc.options)
 * and AFL++'s -G (fuzz/scripts/afl.sh, from max_len) are this many records.
 * Each op may cost a big block's allocation and free, and AFL++ alone would
 * try inputs of up to 1 MiB (262144 ops) against a 10 s timeout. */
#define FUZZ_MAX_OPS 1024

enum fuzz_op_kind {
    FUZZ_OP_MALLOC,
    FUZZ_OP_CALLOC,
    FUZZ_OP_REALLOC,
    FUZZ_OP_ALIGNED,
    FUZZ_OP_FREE,
    FUZZ_OP_REFILL,
    FUZZ_OP_VERIFY,
    FUZZ_OP_VERIFY_ALL,
    FUZZ_OP_CHECK,
    FUZZ_OP_FREE_ALL,
    FUZZ_OP_DOUBLE_FREE,
    FUZZ_OP_FREE_INTERIOR,
    FUZZ_OP_FREE_MISALIGNED,
    FUZZ_OP_FREE_FOREIGN,
    FUZZ_OP_HUGE_MALLOC,
    FUZZ_OP_CALLOC_OVERFLOW,
    FUZZ_OP_HUGE_REALLOC,
    FUZZ_OP_HOLD,
    FUZZ_OP_RELEASE,
    FUZZ_OP_HEAP, /* no op byte of its own: a leading verify-all record's (op 19 above) */
    FUZZ_OP_COUNT
};
/* A binary record's op byte is taken modulo this: every op but heap. */
#define FUZZ_OP_CODES FUZZ_OP_HEAP

/* In a threaded run the bad-input ops (10-16) hand blocks between threads
 * instead (fuzz/threads.c), reading their slot alone: even ones give, odd
 * ones take. */
static inline const char *fuzz_thread_kind_name(unsigned kind)
{
    if (kind < FUZZ_OP_DOUBLE_FREE || kind >= FUZZ_OP_HOLD) /* hold and release run as themselves */
        return NULL;
    return kind % 2 == FUZZ_OP_DOUBLE_FREE % 2 ? "give" : "take";
}

/* How an op's argument is read (and written in text). */
enum fuzz_arg_kind {
    FUZZ_ARG_NONE,
    FUZZ_ARG_SIZE,
    FUZZ_ARG_CALLOC,
    FUZZ_ARG_ALIGNED,
    FUZZ_ARG_ORDER,
    FUZZ_ARG_OFFSET,
    FUZZ_ARG_MISALIGN,
    FUZZ_ARG_FOREIGN,
    FUZZ_ARG_HUGE,
    FUZZ_ARG_OVERFLOW,
    FUZZ_ARG_CHECK,
    FUZZ_ARG_RELEASE,
    FUZZ_ARG_HEAP,
    FUZZ_ARG_DOUBLE_FREE
};

struct fuzz_op_info {
    const char *name;
    int has_slot;
    enum fuzz_arg_kind arg;
    int has_count; /* the slot byte is a COUNT - 1, not reduced (hold) */
};

struct fuzz_op {
    uint8_t kind; /* enum fuzz_op_kind, already reduced */
    uint8_t slot; /* already reduced; 0 for slotless ops */
    uint16_t arg;
};

const struct fuzz_op_info *fuzz_op_info(unsigned kind);

/* Decodes whole records of `data`; returns the number of ops written to
 * `ops`, which must hold size / FUZZ_RECORD_BYTES entries. fuzz_decode
 * reads every record as an op; fuzz_decode_input (every input, plain or
 * threaded) reads a leading heap record as op heap (op 19). */
size_t fuzz_decode(const uint8_t *data, size_t size, struct fuzz_op *ops);
size_t fuzz_decode_input(const uint8_t *data, size_t size, struct fuzz_op *ops);
/* The most op heap takes off the heap: its CUT is arg & FUZZ_HEAP_CUT_MAX. */
#define FUZZ_HEAP_CUT_MAX 1023u
/* Its LEAD, the buffer's start past a page: arg >> FUZZ_HEAP_LEAD_SHIFT. */
#define FUZZ_HEAP_LEAD_SHIFT 10
#define FUZZ_HEAP_LEAD_MAX 63u
/* The bytes a program's heap is created with: base (FUZZ_HEAP_BYTES), less
 * its op heap's CUT, but never less than base - base / 64. */
size_t fuzz_heap_bytes(const struct fuzz_op *ops, size_t count, size_t base);
/* The LEAD a program's op heap asks (0 without one), before an adapter's rounding. */
size_t fuzz_heap_lead_asked(const struct fuzz_op *ops, size_t count);
/* The ops of a program of `count` that run: at most FUZZ_MAX_OPS. */
size_t fuzz_ops_capped(size_t count);
/* Writes the 4-byte record of `op`. */
void fuzz_encode(const struct fuzz_op *op, uint8_t out[FUZZ_RECORD_BYTES]);

/* ---- SIZE codes ---- */

/* What symbolic sizes are evaluated against when an op runs. */
struct fuzz_size_env {
    size_t align;        /* the adapter's promised alignment */
    size_t heap;         /* bytes passed to create() */
    size_t largest_free; /* from stats, else heap */
    size_t usable;       /* the slot's current block, 0 if empty */
    size_t room;         /* see the room symbols above */
};

/* What evaluating a size asks of the running heap: nothing, its stats, or
 * its stats and the slot's room (which falls back on largest_free). */
enum fuzz_size_symbol_need { FUZZ_NEEDS_NOTHING, FUZZ_NEEDS_LARGEST_FREE, FUZZ_NEEDS_ROOM };

/* A symbol's value is capped at 4 MiB:
 * chained on one slot (usable*2 after usable*2, room after room, each block
 * as big as the last plus the free space) sizes grow geometrically, and an
 * input of a few dozen such ops spent libFuzzer's 10 s timeout filling and
 * faulting in hundreds of MiB (jemalloc, 1.7 GiB peak). Every size where an
 * allocator's behaviour changes for the fuzz heap lies far below it. */
#define FUZZ_SYMBOL_SIZE_MAX ((size_t)4 << 20)

/* Symbolic sizes saturate instead of wrapping. */
static inline size_t fuzz_add_sat(size_t a, size_t b) { return a + b < a ? SIZE_MAX : a + b; }

#define FUZZ_BOUNDARY_COUNT 96

/* Text of a SIZE code: a decimal literal or a symbol name. */
void fuzz_size_text(uint16_t arg, char *out, size_t out_len);
/* Canonical SIZE code for a text token; -1 if the token is no valid size. */
int fuzz_size_parse(const char *token, uint16_t *arg);
/* Whether the code is a symbol (its value depends on the running heap). */
int fuzz_size_is_symbol(uint16_t arg);
/* What evaluating the code needs (so callers compute stats and room only then). */
enum fuzz_size_symbol_need fuzz_size_needs(uint16_t arg);
size_t fuzz_size_eval(uint16_t arg, const struct fuzz_size_env *env);
/* Index range of the boundary table, for the dictionary generator. */
uint16_t fuzz_size_boundary_code(unsigned index);

/* ---- the other argument kinds ---- */

/* calloc's page-sized and big elements (ops.h, op 1). */
#define FUZZ_CALLOC_PAGE ((size_t)4096)
#define FUZZ_CALLOC_BIG ((size_t)65536)
size_t fuzz_calloc_n(uint16_t arg);
size_t fuzz_calloc_size(uint16_t arg);
/* aligned's big sizes (ops.h, op 3): SIZE codes FIRST .. FIRST + COUNT - 1
 * are 1 .. COUNT times UNIT. */
#define FUZZ_ALIGNED_BIG_FIRST ((size_t)3841)
#define FUZZ_ALIGNED_BIG_COUNT ((size_t)64)
#define FUZZ_ALIGNED_BIG_UNIT ((size_t)65536)
size_t fuzz_aligned_alignment(uint16_t arg);
size_t fuzz_aligned_size(uint16_t arg);
size_t fuzz_huge_size(uint16_t arg);
/* HUGE codes near 4 GiB (above): FIRST .. 0x7fff are 2^32 + code - ZERO. */
#define FUZZ_HUGE_4G_FIRST 0x7f80u
#define FUZZ_HUGE_4G_ZERO 0x7fe0u
int fuzz_huge_near_4g(uint16_t arg);
void fuzz_overflow_pair(uint16_t arg, size_t *n, size_t *size);
/* Canonical code for an overflowing pair; -1 if (n, size) is no encodable pair. */
int fuzz_overflow_code(size_t n, size_t size, uint16_t *arg);

enum fuzz_free_order { FUZZ_ORDER_SLOTS, FUZZ_ORDER_REVERSE, FUZZ_ORDER_ADDRESS,
                       FUZZ_ORDER_ADDRESS_REVERSE, FUZZ_ORDER_ODD_EVEN, FUZZ_ORDER_COUNT };
enum fuzz_foreign { FUZZ_FOREIGN_STACK, FUZZ_FOREIGN_STATIC, FUZZ_FOREIGN_LIBC, FUZZ_FOREIGN_COUNT };
enum fuzz_check_mode { FUZZ_CHECK_PLAIN, FUZZ_CHECK_TRIM, FUZZ_CHECK_MODE_COUNT };
enum fuzz_release_order { FUZZ_RELEASE_ALL, FUZZ_RELEASE_REVERSE, FUZZ_RELEASE_EVERY_OTHER,
                          FUZZ_RELEASE_NEWER_HALF, FUZZ_RELEASE_OLDER_HALF, FUZZ_RELEASE_COUNT };

/* double-free's MODE (op 10 above): at once, trim, or another slot's block
 * freed between the two frees. */
enum fuzz_double_free_mode { FUZZ_DOUBLE_FREE_AT_ONCE, FUZZ_DOUBLE_FREE_TRIM, FUZZ_DOUBLE_FREE_BETWEEN };
enum fuzz_double_free_mode fuzz_double_free_mode(uint16_t arg);
/* The slot freed between (mode between only), and the code that names it. */
unsigned fuzz_double_free_between(uint16_t arg);
uint16_t fuzz_double_free_between_code(unsigned slot);

extern const char *const fuzz_order_names[FUZZ_ORDER_COUNT];
extern const char *const fuzz_foreign_names[FUZZ_FOREIGN_COUNT];
extern const char *const fuzz_check_mode_names[FUZZ_CHECK_MODE_COUNT];
extern const char *const fuzz_release_names[FUZZ_RELEASE_COUNT];

#endif /* FUZZ_OPS_H */
