/*
 * decode.c - bytes <-> ops and the argument codes. The encoding itself is
 * documented once, in ops.h.
 */
#include "ops.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct fuzz_op_info op_table[FUZZ_OP_COUNT] = {
    [FUZZ_OP_MALLOC] = {"malloc", 1, FUZZ_ARG_SIZE, 0},
    [FUZZ_OP_CALLOC] = {"calloc", 1, FUZZ_ARG_CALLOC, 0},
    [FUZZ_OP_REALLOC] = {"realloc", 1, FUZZ_ARG_SIZE, 0},
    [FUZZ_OP_ALIGNED] = {"aligned", 1, FUZZ_ARG_ALIGNED, 0},
    [FUZZ_OP_FREE] = {"free", 1, FUZZ_ARG_NONE, 0},
    [FUZZ_OP_REFILL] = {"refill", 1, FUZZ_ARG_NONE, 0},
    [FUZZ_OP_VERIFY] = {"verify", 1, FUZZ_ARG_NONE, 0},
    [FUZZ_OP_VERIFY_ALL] = {"verify-all", 0, FUZZ_ARG_NONE, 0},
    [FUZZ_OP_CHECK] = {"check", 0, FUZZ_ARG_CHECK, 0},
    [FUZZ_OP_FREE_ALL] = {"free-all", 0, FUZZ_ARG_ORDER, 0},
    [FUZZ_OP_DOUBLE_FREE] = {"double-free", 1, FUZZ_ARG_DOUBLE_FREE, 0},
    [FUZZ_OP_FREE_INTERIOR] = {"free-interior", 1, FUZZ_ARG_OFFSET, 0},
    [FUZZ_OP_FREE_MISALIGNED] = {"free-misaligned", 1, FUZZ_ARG_MISALIGN, 0},
    [FUZZ_OP_FREE_FOREIGN] = {"free-foreign", 0, FUZZ_ARG_FOREIGN, 0},
    [FUZZ_OP_HUGE_MALLOC] = {"huge-malloc", 0, FUZZ_ARG_HUGE, 0},
    [FUZZ_OP_CALLOC_OVERFLOW] = {"calloc-overflow", 0, FUZZ_ARG_OVERFLOW, 0},
    [FUZZ_OP_HUGE_REALLOC] = {"huge-realloc", 1, FUZZ_ARG_HUGE, 0},
    [FUZZ_OP_HOLD] = {"hold", 0, FUZZ_ARG_SIZE, 1},
    [FUZZ_OP_RELEASE] = {"release", 0, FUZZ_ARG_RELEASE, 0},
    [FUZZ_OP_HEAP] = {"heap", 0, FUZZ_ARG_HEAP, 0},
};

const char *const fuzz_order_names[FUZZ_ORDER_COUNT] = {
    "slots", "reverse", "address", "address-reverse", "odd-even"};
const char *const fuzz_foreign_names[FUZZ_FOREIGN_COUNT] = {"stack", "static", "libc"};
const char *const fuzz_check_mode_names[FUZZ_CHECK_MODE_COUNT] = {"plain", "trim"};
const char *const fuzz_release_names[FUZZ_RELEASE_COUNT] = {"all", "reverse", "every-other", "newer-half",
                                                            "older-half"};

const struct fuzz_op_info *fuzz_op_info(unsigned kind)
{
    return kind < FUZZ_OP_COUNT ? &op_table[kind] : NULL;
}

/* Slotless ops and ops without an argument read those bytes as 0, so a
 * decoded op prints and re-encodes canonically. */
static struct fuzz_op normalise(unsigned kind, unsigned slot, unsigned arg)
{
    const struct fuzz_op_info *info = &op_table[kind];
    struct fuzz_op op = {(uint8_t)kind, 0, 0};
    if (info->has_slot)
        op.slot = (uint8_t)(slot % FUZZ_SLOTS);
    if (info->has_count) /* a COUNT: every byte is one of 1..256 */
        op.slot = (uint8_t)slot;
    if (info->arg != FUZZ_ARG_NONE)
        op.arg = (uint16_t)arg;
    return op;
}

size_t fuzz_ops_capped(size_t count) { return count < FUZZ_MAX_OPS ? count : FUZZ_MAX_OPS; }

size_t fuzz_decode(const uint8_t *data, size_t size, struct fuzz_op *ops)
{
    size_t n = size / FUZZ_RECORD_BYTES;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *r = data + i * FUZZ_RECORD_BYTES;
        ops[i] = normalise(r[0] % FUZZ_OP_CODES, r[1], (unsigned)r[2] | (unsigned)r[3] << 8);
    }
    return n;
}

size_t fuzz_decode_input(const uint8_t *data, size_t size, struct fuzz_op *ops)
{
    size_t n = fuzz_decode(data, size, ops);
    if (n == 0 || ops[0].kind != FUZZ_OP_VERIFY_ALL)
        return n;
    unsigned arg = (unsigned)data[2] | (unsigned)data[3] << 8;
    if (arg) /* a verify-all of an empty heap did nothing: the record chooses the heap instead */
        ops[0] = (struct fuzz_op){FUZZ_OP_HEAP, 0, (uint16_t)arg};
    return n;
}

size_t fuzz_heap_lead_asked(const struct fuzz_op *ops, size_t count)
{
    return count && ops[0].kind == FUZZ_OP_HEAP ? (size_t)(ops[0].arg >> FUZZ_HEAP_LEAD_SHIFT) : 0;
}

size_t fuzz_heap_bytes(const struct fuzz_op *ops, size_t count, size_t base)
{
    size_t cut = count && ops[0].kind == FUZZ_OP_HEAP ? ops[0].arg & FUZZ_HEAP_CUT_MAX : 0;
    return base - (cut < base / 64 ? cut : base / 64);
}

void fuzz_encode(const struct fuzz_op *op, uint8_t out[FUZZ_RECORD_BYTES])
{
    out[0] = op->kind == FUZZ_OP_HEAP ? FUZZ_OP_VERIFY_ALL : op->kind;
    out[1] = op->slot;
    out[2] = (uint8_t)(op->arg & 0xff);
    out[3] = (uint8_t)(op->arg >> 8);
}

/* ---- SIZE codes ---- */

#define CLASS_SMALL 0x0000u
#define CLASS_MEDIUM 0x4000u
#define CLASS_TABLE 0x8000u
#define CLASS_LARGE 0xc000u
#define SMALL_MAX 0x1ffu
#define MEDIUM_MAX 0x3fffu
#define LARGE_UNIT 4u

enum symbol {
    SYM_NONE,
    SYM_ALIGN_M1, SYM_ALIGN, SYM_ALIGN_P1, SYM_ALIGN2_M1, SYM_ALIGN2, SYM_ALIGN2_P1, SYM_ALIGN3,
    SYM_HEAP_M1, SYM_HEAP, SYM_HEAP_P1, SYM_HEAP_HALF, SYM_HEAP_QUARTER,
    SYM_LARGEST_M1, SYM_LARGEST, SYM_LARGEST_P1, SYM_LARGEST_MA, SYM_LARGEST_HALF,
    SYM_USABLE_M1, SYM_USABLE, SYM_USABLE_P1, SYM_USABLE_MA, SYM_USABLE_PA, SYM_USABLE_X2,
    SYM_USABLE_HALF,
    SYM_ROOM_M2A, SYM_ROOM_MA, SYM_ROOM_MHA, SYM_ROOM_M1, SYM_ROOM
};

struct boundary {
    enum symbol symbol;
    const char *name; /* symbols only */
    size_t literal;   /* literals only */
};

#define SYM(s, n) {s, n, 0}
#define LIT(v) {SYM_NONE, NULL, v}
/* Sizes where allocators change behaviour: alignment and minimum-chunk
 * edges, size-class and page edges (each +-1 or +-16), and sizes relative
 * to the heap, its largest free chunk and the slot's current block. The room
 * symbols (version 2) took the places of literals 2, 3, 4, 7 and 9, which
 * the small-literal class already gives, so no other entry moved. */
static const struct boundary boundary_table[] = {
    SYM(SYM_ALIGN_M1, "align-1"), SYM(SYM_ALIGN, "align"), SYM(SYM_ALIGN_P1, "align+1"),
    SYM(SYM_ALIGN2_M1, "align*2-1"), SYM(SYM_ALIGN2, "align*2"), SYM(SYM_ALIGN2_P1, "align*2+1"),
    SYM(SYM_ALIGN3, "align*3"),
    SYM(SYM_HEAP_M1, "heap-1"), SYM(SYM_HEAP, "heap"), SYM(SYM_HEAP_P1, "heap+1"),
    SYM(SYM_HEAP_HALF, "heap/2"), SYM(SYM_HEAP_QUARTER, "heap/4"),
    SYM(SYM_LARGEST_M1, "largest_free-1"), SYM(SYM_LARGEST, "largest_free"),
    SYM(SYM_LARGEST_P1, "largest_free+1"), SYM(SYM_LARGEST_MA, "largest_free-align"),
    SYM(SYM_LARGEST_HALF, "largest_free/2"),
    SYM(SYM_USABLE_M1, "usable-1"), SYM(SYM_USABLE, "usable"), SYM(SYM_USABLE_P1, "usable+1"),
    SYM(SYM_USABLE_MA, "usable-align"), SYM(SYM_USABLE_PA, "usable+align"),
    SYM(SYM_USABLE_X2, "usable*2"), SYM(SYM_USABLE_HALF, "usable/2"),
    LIT(0), LIT(1), SYM(SYM_ROOM_M2A, "room-align*2"), SYM(SYM_ROOM_MA, "room-align"),
    SYM(SYM_ROOM_MHA, "room-align/2"), SYM(SYM_ROOM_M1, "room-1"), LIT(8), SYM(SYM_ROOM, "room"),
    LIT(15), LIT(16), LIT(17), LIT(23), LIT(24), LIT(25), LIT(31), LIT(32), LIT(33), LIT(40),
    LIT(47), LIT(48), LIT(49), LIT(63), LIT(64), LIT(65), LIT(96), LIT(112),
    LIT(127), LIT(128), LIT(129), LIT(239), LIT(240), LIT(241), LIT(255), LIT(256), LIT(257),
    LIT(271), LIT(272), LIT(273), LIT(511), LIT(512), LIT(513),
    LIT(1008), LIT(1023), LIT(1024), LIT(1025), LIT(2032), LIT(2047), LIT(2048), LIT(2049),
    LIT(4064), LIT(4080), LIT(4095), LIT(4096), LIT(4097), LIT(4112),
    LIT(8176), LIT(8192), LIT(8208), LIT(16368), LIT(16384), LIT(16400),
    LIT(32752), LIT(32768), LIT(32784),
    LIT(65504), LIT(65520), LIT(65535), LIT(65536), LIT(65537), LIT(65552),
    LIT(131072), LIT(262144),
};
_Static_assert(sizeof boundary_table / sizeof boundary_table[0] == FUZZ_BOUNDARY_COUNT,
               "FUZZ_BOUNDARY_COUNT in ops.h must match the boundary table");

static const struct boundary *table_entry(uint16_t arg)
{
    return &boundary_table[(arg & MEDIUM_MAX) % FUZZ_BOUNDARY_COUNT];
}

uint16_t fuzz_size_boundary_code(unsigned index)
{
    return (uint16_t)(CLASS_TABLE | (index % FUZZ_BOUNDARY_COUNT));
}

int fuzz_size_is_symbol(uint16_t arg)
{
    return (arg & CLASS_LARGE) == CLASS_TABLE && table_entry(arg)->symbol != SYM_NONE;
}

enum fuzz_size_symbol_need fuzz_size_needs(uint16_t arg)
{
    if ((arg & CLASS_LARGE) != CLASS_TABLE)
        return FUZZ_NEEDS_NOTHING;
    enum symbol s = table_entry(arg)->symbol;
    if (s >= SYM_ROOM_M2A && s <= SYM_ROOM)
        return FUZZ_NEEDS_ROOM;
    return s >= SYM_LARGEST_M1 && s <= SYM_LARGEST_HALF ? FUZZ_NEEDS_LARGEST_FREE
                                                        : FUZZ_NEEDS_NOTHING;
}

static size_t sub_floor(size_t a, size_t b) { return a > b ? a - b : 0; }

static size_t eval_symbol(enum symbol s, const struct fuzz_size_env *e)
{
    switch (s) {
    case SYM_ALIGN_M1: return sub_floor(e->align, 1);
    case SYM_ALIGN: return e->align;
    case SYM_ALIGN_P1: return e->align + 1;
    case SYM_ALIGN2_M1: return 2 * e->align - 1;
    case SYM_ALIGN2: return 2 * e->align;
    case SYM_ALIGN2_P1: return 2 * e->align + 1;
    case SYM_ALIGN3: return 3 * e->align;
    case SYM_HEAP_M1: return sub_floor(e->heap, 1);
    case SYM_HEAP: return e->heap;
    case SYM_HEAP_P1: return fuzz_add_sat(e->heap, 1);
    case SYM_HEAP_HALF: return e->heap / 2;
    case SYM_HEAP_QUARTER: return e->heap / 4;
    case SYM_LARGEST_M1: return sub_floor(e->largest_free, 1);
    case SYM_LARGEST: return e->largest_free;
    case SYM_LARGEST_P1: return fuzz_add_sat(e->largest_free, 1);
    case SYM_LARGEST_MA: return sub_floor(e->largest_free, e->align);
    case SYM_LARGEST_HALF: return e->largest_free / 2;
    case SYM_USABLE_M1: return sub_floor(e->usable, 1);
    case SYM_USABLE: return e->usable;
    case SYM_USABLE_P1: return fuzz_add_sat(e->usable, 1);
    case SYM_USABLE_MA: return sub_floor(e->usable, e->align);
    case SYM_USABLE_PA: return fuzz_add_sat(e->usable, e->align);
    case SYM_USABLE_X2: return fuzz_add_sat(e->usable, e->usable);
    case SYM_USABLE_HALF: return e->usable / 2;
    case SYM_ROOM_M2A: return sub_floor(e->room, 2 * e->align);
    case SYM_ROOM_MA: return sub_floor(e->room, e->align);
    case SYM_ROOM_MHA: return sub_floor(e->room, e->align / 2);
    case SYM_ROOM_M1: return sub_floor(e->room, 1);
    case SYM_ROOM: return e->room;
    case SYM_NONE: break;
    }
    return 0;
}

size_t fuzz_size_eval(uint16_t arg, const struct fuzz_size_env *env)
{
    switch (arg & CLASS_LARGE) {
    case CLASS_SMALL: return arg & SMALL_MAX;
    case CLASS_MEDIUM: return arg & MEDIUM_MAX;
    case CLASS_LARGE: return (size_t)(arg & MEDIUM_MAX) * LARGE_UNIT;
    default: break;
    }
    const struct boundary *b = table_entry(arg);
    if (b->symbol == SYM_NONE)
        return b->literal;
    size_t size = eval_symbol(b->symbol, env);
    return size < FUZZ_SYMBOL_SIZE_MAX ? size : FUZZ_SYMBOL_SIZE_MAX;
}

void fuzz_size_text(uint16_t arg, char *out, size_t out_len)
{
    const struct boundary *b = table_entry(arg);
    if ((arg & CLASS_LARGE) == CLASS_TABLE && b->symbol != SYM_NONE)
        snprintf(out, out_len, "%s", b->name);
    else
        snprintf(out, out_len, "%zu", fuzz_size_eval(arg, NULL));
}

/* Strict decimal: digits only, no sign, no overflow. */
static int parse_decimal(const char *s, size_t *out)
{
    size_t v = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
            return -1;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return 0;
}

static int table_literal(size_t v, uint16_t *arg)
{
    for (unsigned i = 0; i < FUZZ_BOUNDARY_COUNT; i++)
        if (boundary_table[i].symbol == SYM_NONE && boundary_table[i].literal == v) {
            *arg = fuzz_size_boundary_code(i);
            return 0;
        }
    return -1;
}

int fuzz_size_parse(const char *token, uint16_t *arg)
{
    for (unsigned i = 0; i < FUZZ_BOUNDARY_COUNT; i++)
        if (boundary_table[i].symbol != SYM_NONE && strcmp(token, boundary_table[i].name) == 0) {
            *arg = fuzz_size_boundary_code(i);
            return 0;
        }
    size_t v;
    if (parse_decimal(token, &v) != 0)
        return -1;
    if (v <= SMALL_MAX)
        *arg = (uint16_t)(CLASS_SMALL | v);
    else if (v <= MEDIUM_MAX)
        *arg = (uint16_t)(CLASS_MEDIUM | v);
    else if (v % LARGE_UNIT == 0 && v / LARGE_UNIT <= MEDIUM_MAX)
        *arg = (uint16_t)(CLASS_LARGE | (v / LARGE_UNIT));
    else
        return table_literal(v, arg); /* e.g. 65537: only the table holds it */
    return 0;
}

/* ---- the other argument kinds ---- */

size_t fuzz_calloc_n(uint16_t arg) { return arg >> 10; }
size_t fuzz_calloc_size(uint16_t arg)
{
    size_t size = arg & 0x3ffu;
    if (fuzz_calloc_n(arg) < 2 || size > 1)
        return size;
    return size == 0 ? FUZZ_CALLOC_PAGE : FUZZ_CALLOC_BIG;
}
size_t fuzz_aligned_alignment(uint16_t arg) { return (size_t)1 << (arg >> 12); }
size_t fuzz_aligned_size(uint16_t arg)
{
    size_t size = arg & 0xfffu;
    if (size < FUZZ_ALIGNED_BIG_FIRST || size >= FUZZ_ALIGNED_BIG_FIRST + FUZZ_ALIGNED_BIG_COUNT)
        return size;
    return (size - FUZZ_ALIGNED_BIG_FIRST + 1) * FUZZ_ALIGNED_BIG_UNIT;
}

int fuzz_huge_near_4g(uint16_t arg) { return arg >= FUZZ_HUGE_4G_FIRST && !(arg & 0x8000u); }

size_t fuzz_huge_size(uint16_t arg)
{
    size_t n = arg & 0x7fffu;
    if (fuzz_huge_near_4g(arg)) { /* 2^32 + arg - ZERO, in 64 bits: SIZE_MAX where size_t is narrower */
        uint64_t size = (UINT64_C(1) << 32) + arg - FUZZ_HUGE_4G_ZERO;
        return size > SIZE_MAX ? SIZE_MAX : (size_t)size;
    }
    return (arg & 0x8000u) ? SIZE_MAX / 2 + 1 + n : SIZE_MAX - n;
}

enum fuzz_double_free_mode fuzz_double_free_mode(uint16_t arg)
{
    if (arg & 1u)
        return FUZZ_DOUBLE_FREE_TRIM;
    return arg ? FUZZ_DOUBLE_FREE_BETWEEN : FUZZ_DOUBLE_FREE_AT_ONCE;
}
unsigned fuzz_double_free_between(uint16_t arg) { return ((unsigned)(arg >> 1) - 1) % FUZZ_SLOTS; }
uint16_t fuzz_double_free_between_code(unsigned slot) { return (uint16_t)((slot % FUZZ_SLOTS + 1) << 1); }

void fuzz_overflow_pair(uint16_t arg, size_t *n, size_t *size)
{
    size_t factor = 2 + (arg & 0xfffu);
    size_t big = SIZE_MAX / factor + 1 + ((arg >> 12) & 7u);
    *n = (arg & 0x8000u) ? factor : big;
    *size = (arg & 0x8000u) ? big : factor;
}

int fuzz_overflow_code(size_t n, size_t size, uint16_t *arg)
{
    int swapped = n < size;
    size_t factor = swapped ? n : size, big = swapped ? size : n;
    if (factor < 2 || factor > 2 + 0xfffu || big <= SIZE_MAX / factor)
        return -1;
    size_t extra = big - (SIZE_MAX / factor + 1);
    if (extra > 7)
        return -1;
    *arg = (uint16_t)((swapped ? 0x8000u : 0) | extra << 12 | (factor - 2));
    return 0;
}
