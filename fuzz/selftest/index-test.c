/*
 * index-test.c - the shadow model's address index (shadow-index.c) against a
 * brute force model: random inserts and removes of blocks in a real arena, and
 * after each one every query the harness makes (overlap on insert, find,
 * neighbours, address order, counts) and the damage scans (whole, and by
 * samples past a run's budget). The fuzzer's
 * overlap oracle and verify-traces stand on this index, so it is tested on
 * its own (make fuzz-check-trace). Exit 0 and one line, or 1 and the first
 * mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "shadow-model.h"

#define MODEL_TEST_NAME "index-test"
#define MODEL_TEST_SEED 0x1d3e5
#include "model-test.h"

#define KEYS 2000
#define ARENA (256 * 1024)
#define OPS 20000

static unsigned char arena[ARENA];
static struct fuzz_block blocks[KEYS];
static uint32_t links[KEYS][2];
static int live[KEYS];

static uintptr_t start_of(unsigned k) { return (uintptr_t)blocks[k].ptr; }
static uintptr_t end_of(unsigned k) { return start_of(k) + (blocks[k].usable ? blocks[k].usable : 1); }

static int overlaps(unsigned a, unsigned b) { return start_of(a) < end_of(b) && start_of(b) < end_of(a); }

/* The live key holding address p, or -1 (live blocks never overlap here). */
static int brute_find(uintptr_t p)
{
    for (unsigned k = 0; k < KEYS; k++)
        if (live[k] && start_of(k) <= p && p < end_of(k))
            return (int)k;
    return -1;
}

/* The live key other than `key` with the greatest start below p (prev) or
 * the least start at or above it; -1 if none. */
static int brute_beside(unsigned key, uintptr_t p, int prev)
{
    int best = -1;
    for (unsigned k = 0; k < KEYS; k++) {
        if (!live[k] || k == key || (prev ? start_of(k) >= p : start_of(k) < p))
            continue;
        if (best < 0 || (prev ? start_of(k) > start_of((unsigned)best) : start_of(k) < start_of((unsigned)best)))
            best = (int)k;
    }
    return best;
}

static void place(unsigned k)
{
    size_t usable = below(6) == 0 ? 0 : 1 + below(48);
    blocks[k] = (struct fuzz_block){.ptr = arena + below(ARENA - 64), .requested = usable, .usable = usable,
                                    .seed = fuzz_seed(k & 0xff, rng), .vouched = usable};
}

/* Inserts k; an overlap must be reported as one of the blocks it overlaps,
 * and is then taken out again (the harness stops at the first overlap). */
static void insert(struct fuzz_index *ix, unsigned k)
{
    place(k);
    int other = fuzz_index_insert(ix, k), any = -1;
    for (unsigned j = 0; j < KEYS && any < 0; j++)
        if (live[j] && overlaps(j, k))
            any = (int)j;
    EXPECT((other < 0) == (any < 0), "insert of key %u: index says overlap with %d, brute force with %d", k, other,
           any);
    EXPECT(other < 0 || (live[other] && overlaps((unsigned)other, k)), "insert of key %u: %d does not overlap it",
           k, other);
    if (other >= 0)
        fuzz_index_remove(ix, k);
    else
        live[k] = 1, fuzz_fill(blocks[k].ptr, 0, blocks[k].usable, blocks[k].seed);
}

static void check_queries(const struct fuzz_index *ix)
{
    size_t n = 0, in_use = 0;
    for (unsigned k = 0; k < KEYS; k++)
        if (live[k])
            n++, in_use += blocks[k].usable;
    EXPECT(ix->live == n && ix->in_use == in_use, "index counts %zu blocks / %zu bytes, model %zu / %zu", ix->live,
           ix->in_use, n, in_use);
    uintptr_t p = (uintptr_t)(arena + below(ARENA));
    EXPECT(fuzz_index_find(ix, (void *)p) == brute_find(p), "find(%#lx): %d, model %d", (unsigned long)p,
           fuzz_index_find(ix, (void *)p), brute_find(p));
    unsigned key = below(KEYS);
    int prev, next;
    fuzz_index_neighbours(ix, key, &prev, &next);
    EXPECT(prev == brute_beside(key, start_of(key), 1) && next == brute_beside(key, start_of(key), 0),
           "neighbours of key %u: %d and %d, model %d and %d", key, prev, next, brute_beside(key, start_of(key), 1),
           brute_beside(key, start_of(key), 0));
    static uint32_t order[KEYS];
    EXPECT(fuzz_index_keys(ix, order) == n, "keys() gave a different count");
    for (size_t i = 0; i + 1 < n; i++)
        EXPECT(start_of(order[i]) < start_of(order[i + 1]), "keys() out of address order at %zu", i);
}

/* verify_near at the start of the block `offset` places after position i
 * in address order (`found`: whether it must report the damaged key k). */
static void check_near(const struct fuzz_index *ix, const uint32_t *order, size_t n, size_t i, long offset,
                       unsigned k, int found)
{
    struct fuzz_damage d;
    long at = (long)i + offset;
    if (at < 0 || (size_t)at >= n)
        return;
    int got = fuzz_verify_near(ix, blocks[order[at]].ptr, NULL, &d);
    EXPECT(got == (found ? (int)k : -1), "verify_near %ld block(s) from the damaged one: %d, expected %d", offset,
           got, found ? (int)k : -1);
}

/* Damages one byte of a live block: verify_all must name it, and
 * verify_near must see it from two blocks on either side, not from three. */
static void check_damage(const struct fuzz_index *ix)
{
    struct fuzz_damage d;
    static uint32_t order[KEYS];
    size_t n = fuzz_index_keys(ix, order), i = below((unsigned)n), tries = 0;
    while (blocks[order[i]].usable == 0 && ++tries < n)
        i = (i + 1) % n;
    if (blocks[order[i]].usable == 0)
        return; /* only zero-byte blocks: nothing to damage */
    unsigned k = order[i];
    EXPECT(fuzz_verify_all(ix, NULL, &d) == -1, "verify_all finds damage in an intact index");
    unsigned char *byte = blocks[k].ptr + below((unsigned)blocks[k].usable);
    *byte ^= 0xff;
    EXPECT(fuzz_verify_all(ix, NULL, &d) == (int)k, "verify_all: %d, the damaged block is %u", fuzz_verify_all(ix, NULL, &d), k);
    for (long offset = -3; offset <= 3; offset++) /* p at block i+offset checks i+offset-2 .. i+offset+1 */
        check_near(ix, order, n, i, offset, k, offset >= -1 && offset <= 2);
    *byte ^= 0xff;
}

/* Past the budget a block is filled and checked by samples: its ends are
 * always among them; a pass within the budget covers every byte and takes
 * its size; a whole refill from 0 makes the block whole again. */
static void check_sampled(void)
{
    enum { BIG = ARENA / 2 };
    struct fuzz_block b = {.ptr = arena, .requested = BIG, .usable = BIG, .seed = fuzz_seed(1, 1), .vouched = BIG};
    struct fuzz_budget none = {0, 0}, room = {BIG, 0};
    struct fuzz_damage d;
    fuzz_fill_block(&b, 0, &none);
    EXPECT(b.sparse && none.spent > 0 && none.spent < BIG / 100, "a fill past the budget: sparse %d, %llu bytes",
           b.sparse, none.spent);
    EXPECT(!fuzz_check_block(&b, b.ptr, BIG, &room, &d) && room.left == BIG, "a sparse block checks clean by samples");
    size_t ends[] = {0, BIG - 1};
    for (size_t i = 0; i < 2; i++) {
        arena[ends[i]] ^= 0xff;
        EXPECT(fuzz_check_block(&b, b.ptr, BIG, &none, &d) && d.offset == ends[i], "damage at %zu missed", ends[i]);
        arena[ends[i]] ^= 0xff;
    }
    fuzz_fill_block(&b, 0, &room);
    EXPECT(!b.sparse && room.left == 0, "a whole refill: sparse %d, %zu left", b.sparse, room.left);
    arena[BIG / 3] ^= 0xff;
    room.left = BIG;
    EXPECT(fuzz_check_block(&b, b.ptr, BIG, &room, &d) && d.offset == BIG / 3, "a whole check missed damage");
    arena[BIG / 3] ^= 0xff;
    memset(arena, 0, BIG);
    EXPECT(!fuzz_check_zero(arena, BIG, &none, &d), "zeroes checked by samples");
    arena[BIG - 1] = 1;
    EXPECT(fuzz_check_zero(arena, BIG, &none, &d) && d.offset == BIG - 1, "a non-zero last byte missed");
}

int main(void)
{
    check_sampled();
    struct fuzz_index ix;
    fuzz_index_init(&ix, blocks, links);
    for (size_t op = 0; op < OPS; op++) {
        unsigned k = below(KEYS);
        if (live[k]) {
            fuzz_index_remove(&ix, k);
            live[k] = 0;
        } else {
            insert(&ix, k);
        }
        check_queries(&ix);
        if (op % 1000 == 999 && ix.live > 0)
            check_damage(&ix);
    }
    printf("index-test: %d random inserts and removes, %zu checks against a brute-force model passed\n", OPS,
           checks);
    return 0;
}
