/*
 * checker_fixture.h - the healthy heap the checker proofs corrupt, and the
 * run of one proof: test_checker.c proves the header, chunk-walk, accounting
 * and stats invariants, test_checker_lists.c the free-list, bitmap and cache
 * ones (checker_lists_proves says which).
 *
 * Region 0: b0 b1 b2 b3 b4 b5 b6 b7 b8 k0 k1 [free remainder] [fence]
 *           b1, b3 free (same class: list b3 -> b1), b5 free (another class),
 *           k0, k1 cached (cache list k1 -> k0).
 * Region 1: big (used), then a free remainder.
 */
#ifndef HALLOC_TESTS_CHECKER_FIXTURE_H
#define HALLOC_TESTS_CHECKER_FIXTURE_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "helpers.h"
#include "internal.h"

struct fixture {
    hl_heap *h;
    void *b[9];
    void *k[2];
    void *big;
    hl_region *r1;
    unsigned cache_list; /* the cache list holding k1 -> k0 */
};

/* Where the report must point; any = 1 when the invariant has no one chunk. */
struct where {
    int any;
    size_t region;
    size_t offset;
};

static const struct where anywhere = {1, 0, 0};

/* How fuzz/causes-checker.c's causes begin, one per row (and one for a
 * boundary tag whose footer is a size a split left): a proof's `cause`. */
#define CAUSE_UNSEALED "a heap or region field changed without its seal rewritten"
#define CAUSE_REGION_LINKS "a region linked or unlinked with a link left stale"
#define CAUSE_TABLE_OUT_OF_STEP "the free-list table's pointer and level counts out of step"
#define CAUSE_CACHE_LISTS_MISPLACED "the cache lists' pointer not where a heap with a cache depth keeps them"
#define CAUSE_FIRST_CHUNK_MISPLACED "region 0's first chunk placed by a header size computed for other rows"
#define CAUSE_LOOKUP_BOUND_STALE "region 0's lookup bound left stale"
#define CAUSE_WRITTEN_OVER "the block before this chunk written past its end"
#define CAUSE_BAD_SPLIT "a split that left a remainder below the 32-byte minimum"
#define CAUSE_PAST_REGION "a merge or grow that added bytes past the region's end"
#define CAUSE_FENCE_MOVED "the region's last chunk left its old size"
#define CAUSE_FOOTER_STALE "a free chunk's size changed (a split, merge or trim) with its footer not rewritten"
#define CAUSE_SPLIT_NO_FOOTER "a stale footer, not a damaged header"
#define CAUSE_PREV_MIN_LEFT "the chunk before this one, a free minimum chunk, taken"
#define CAUSE_PREV_FREE_LEFT "the chunk before this one taken ("
#define CAUSE_FIRST_CHUNK_FLAGS "a region's first chunk written with flags for a chunk before it"
#define CAUSE_MERGE_SKIPPED "a merge skipped: a free that did not coalesce"
#define CAUSE_PREV_FLAGS "the chunk before this one changed state or size"
#define CAUSE_NOT_COALESCED "a merge skipped: a free, or a split's"
#define CAUSE_MAPPED_UNCOUNTED "a grow or trim that mapped or unmapped"
#define CAUSE_COUNTERS_SKIPPED "one path that changed chunks without the running counters"
#define CAUSE_NEVER_LISTED "a free chunk dropped from the lists"
#define CAUSE_RESIZED_LISTED "a free chunk resized while it stayed listed"
#define CAUSE_TAKEN_LISTED "a chunk handed out or merged into a neighbour without being unlinked"
#define CAUSE_LIST_LINK_INSIDE "a free list's link that lands inside a chunk, not at its start"
#define CAUSE_ONE_WAY_LINK "an unlink or insert that fixed one direction only"
#define CAUSE_LISTED_TWICE "a chunk inserted into a list it is already on"
#define CAUSE_BITS_STALE "a list emptied or filled without its bitmap bits updated"
#define CAUSE_CACHED_FLAGS "a chunk cached without its flags set to cached alone"
#define CAUSE_CACHE_LINK "a cache list's link damaged"
#define CAUSE_CACHE_LINK_INSIDE "a cache list's link that lands inside a chunk, not at its start"
#define CAUSE_CACHE_COUNT "a cache list's push or pop that did not update its count"
#define CAUSE_CACHE_FLAG_LEFT "a chunk marked cached and never pushed"

struct proof {
    const char *name;
    halloc_invariant expect;
    struct where (*corrupt)(struct fixture *f);
    /* How the fuzz harness's report of this damage (fuzz/causes-checker.c)
     * begins its cause, after "cause: likely ". */
    const char *cause;
};

hl_chunk *chunk(const struct fixture *f, size_t i);
struct where at(const hl_region *r, const void *c);
struct where at0(const struct fixture *f, size_t i);
void build_fixture(struct fixture *f);

/* Builds the fixture, applies p's corruption and asserts that halloc_check
 * fails with p's invariant, pointing where the corruption says, and that the
 * fuzz harness's report of the check gives p's cause. */
void run_proof(const struct proof *p);

/* 1 for the invariants test_checker_lists.c proves, 0 for test_checker.c's:
 * between them every invariant is proved. */
int checker_lists_proves(halloc_invariant inv);

/* Asserts that the n proofs of `table` prove every invariant for which
 * checker_lists_proves(inv) == lists, and none of the others (the other
 * file's, named `other` in the message), and that each row of
 * fuzz/causes-checker.c's for those invariants is some proof's cause. */
void assert_proofs_cover(const struct proof *table, size_t n, int lists, const char *other);

/* A file's two proof tests over its static `proofs` table: one Criterion
 * test per proof (run_proof), and `covers`, which checks that the table
 * covers this file's half of the invariants (assert_proofs_cover). */
#define CHECKER_PROOF_TESTS(suite, lists, other)                                            \
    ParameterizedTestParameters(suite, proof)                                               \
    {                                                                                       \
        static size_t index[sizeof proofs / sizeof proofs[0]];                              \
        for (size_t i = 0; i < sizeof index / sizeof index[0]; i++)                         \
            index[i] = i;                                                                   \
        return cr_make_param_array(size_t, index, sizeof index / sizeof index[0]);          \
    }                                                                                       \
    ParameterizedTest(size_t *i, suite, proof) { run_proof(&proofs[*i]); }                  \
    Test(suite, every_invariant_of_this_file_has_a_proof)                                   \
    {                                                                                       \
        assert_proofs_cover(proofs, sizeof proofs / sizeof proofs[0], lists, other);        \
    }

#endif /* HALLOC_TESTS_CHECKER_FIXTURE_H */
