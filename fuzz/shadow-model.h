/*
 * shadow-model.h - the shadow model's memory: the patterns every block is
 * filled with and checked against (shadow.c) and the index of live blocks
 * by address (shadow-index.c), over the model's types in harness.h.
 * Included where blocks are filled, checked or looked up by address (not
 * "shadow.h": a quoted include from fuzz/selftest/ would find glibc's).
 */
#ifndef FUZZ_SHADOW_MODEL_H
#define FUZZ_SHADOW_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"

/* ---- shadow.c: patterns (the address index: shadow-index.c, below) ---- */

struct fuzz_damage {
    size_t offset;   /* first wrong byte */
    size_t length;   /* bytes from there to the last wrong byte */
    uint8_t expected, found;
    int sampled;     /* found by a check at samples: the damage may extend past what it measured */
};

uint64_t fuzz_seed(unsigned slot, uint64_t generation);
void fuzz_fill(unsigned char *p, size_t from, size_t to, uint64_t seed);
/* 0 if [from, to) holds the seed's pattern, else 1 with the damage found. */
int fuzz_find_damage(const unsigned char *p, size_t from, size_t to, uint64_t seed,
                     struct fuzz_damage *d);
/* The slot of a live block whose pattern holds an 8-byte word (*word, as a
 * load reads it) within `near` of value, *offset its byte there; else -1: a
 * wild pointer the allocator read from a live block's bytes (report-places.c). */
int fuzz_pattern_near(const struct fuzz_ctx *c, uint64_t value, uint64_t near, size_t *offset, uint64_t *word);
/* The same among the blocks freed lately (c->freed, newest first): the
 * entry's address, else NULL. A link read from a block given back, whose
 * bytes still hold the pattern the harness wrote while it was live. */
const struct fuzz_freed *fuzz_pattern_near_freed(const struct fuzz_ctx *c, uint64_t value, uint64_t near,
                                                 size_t *offset, uint64_t *word);
/* The first 8-byte word of a block's pattern (as a load reads it), live
 * blocks first, then those freed lately, for which match(c, word, arg)
 * holds: the live block's slot, or -1 with *freed the entry (NULL: none);
 * *offset its byte. A pointer stepped by a size read from a block (crash.c). */
int fuzz_pattern_find(const struct fuzz_ctx *c, int (*match)(const struct fuzz_ctx *c, uint64_t word, void *arg),
                      void *arg, size_t *offset, const struct fuzz_freed **freed);
/* The slot of a live block whose pattern holds `value` exactly, as an 8-byte
 * word or a 4-byte half of one (unsigned or sign-extended): *offset its
 * byte, *width 8 or 4; else -1. A number UBSan printed (an offset, an
 * operand) that the allocator read from a live block (report-places.c). */
int fuzz_pattern_value(const struct fuzz_ctx *c, uint64_t value, size_t *offset, unsigned *width);
/* How many of n bytes at p hold the seed's pattern, at their own offsets:
 * a realloc's new block that holds none of them copied nothing. */
size_t fuzz_pattern_held(const unsigned char *p, size_t n, uint64_t seed);
/* Whether n bytes at p hold the pattern shifted: its first 8 bytes anywhere
 * in them, or their first 8 anywhere in its first n: a copy made from the
 * wrong place, *from bytes off the block's start (below it: negative). */
int fuzz_pattern_shifted(const unsigned char *p, size_t n, uint64_t seed, long long *from);
/* 0 if all n bytes are zero, else 1 with the first non-zero byte. */
int fuzz_find_nonzero(const unsigned char *p, size_t n, struct fuzz_damage *d);
/* How many of n bytes at p are not zero: a damage's length spans its first
 * to its last, zeroes between them too. */
size_t fuzz_nonzero_count(const unsigned char *p, size_t n);

/* Whether a pass of `bytes` is whole: yes if budget is NULL or it is small,
 * else if it fits what is left, which it then takes. */
int fuzz_whole(struct fuzz_budget *budget, size_t bytes);
/* Fills [from, usable) of the block with its pattern, whole or (then
 * marking it sparse) by samples; a sparse block gets every sample filled. */
void fuzz_fill_block(struct fuzz_block *b, size_t from, struct fuzz_budget *budget);
/* 0 if [0, to) of the block's contents, now at `at`, holds its pattern
 * (whole, or at the samples of a sparse block or past the budget); else 1. */
int fuzz_check_block(const struct fuzz_block *b, const unsigned char *at, size_t to, struct fuzz_budget *budget,
                     struct fuzz_damage *d);
/* fuzz_find_nonzero, whole or at the samples of a block of n bytes. */
int fuzz_check_zero(const unsigned char *p, size_t n, struct fuzz_budget *budget, struct fuzz_damage *d);
/* For a report of damage d: "" if it was checked whole, else a note that
 * it was checked at samples and how to check it whole. */
const char *fuzz_damage_sampled(const struct fuzz_damage *d);

/* fuzz_fill and fuzz_find_damage on block `key` (slot or trace id), the
 * access marked in t while it runs, so a fault inside is blamed on the block. */
static inline void fuzz_fill_marked(struct fuzz_touch *t, long key, unsigned char *p, size_t from, size_t to,
                                    uint64_t seed)
{
    fuzz_touch_begin(t, "writing", key);
    fuzz_fill(p, from, to, seed);
    fuzz_touch_end(t);
}

static inline int fuzz_find_damage_marked(struct fuzz_touch *t, long key, const unsigned char *p, size_t from,
                                          size_t to, uint64_t seed, struct fuzz_damage *d)
{
    fuzz_touch_begin(t, "reading", key);
    int damaged = fuzz_find_damage(p, from, to, seed, d);
    fuzz_touch_end(t);
    return damaged;
}

/* shadow.c, so index-test links it: 1, with a cause line printed, when
 * block b's (slot's; b may be NULL) usable size is ASan's fill of fresh
 * memory (0xbe bytes): a field usable_size read unset. */
int fuzz_print_junk_usable(const struct fuzz_block *b, int slot, const char *lead); /* "likely cause:" */

/* For a crash context: if t says the harness was reading or writing a block
 * (of `blocks`, by key) when the process died, which one and what that says
 * of the allocator; usable_reported: the adapter has usable_size. */
void fuzz_print_touch(const struct fuzz_touch *t, const struct fuzz_block *blocks, int usable_reported);

/* ---- shadow-index.c: the address index ---- */

/* An empty index over blocks; links has room for every key. */
void fuzz_index_init(struct fuzz_index *ix, struct fuzz_block *blocks, uint32_t (*links)[2]);
/* Adds a live block to the address index; returns a key it overlaps, or -1.
 * A block's ptr and usable must not change while it is in the index. */
int fuzz_index_insert(struct fuzz_index *ix, unsigned key);
void fuzz_index_remove(struct fuzz_index *ix, unsigned key);
/* Writes the live keys in address order into out; returns how many. */
size_t fuzz_index_keys(const struct fuzz_index *ix, uint32_t *out);
/* The live key whose [ptr, ptr+usable) holds address p, or -1. */
int fuzz_index_find(const struct fuzz_index *ix, const void *p);
/* Address-order neighbours of a block (-1 where none). */
void fuzz_index_neighbours(const struct fuzz_index *ix, unsigned key, int *prev, int *next);
/* The live keys starting last at or before address p, and first after it (-1 where none). */
void fuzz_index_around(const struct fuzz_index *ix, const void *p, int *prev, int *next);
/* First live key whose pattern is damaged, or -1 (budget: fuzz_check_block's). */
int fuzz_verify_all(const struct fuzz_index *ix, struct fuzz_budget *budget, struct fuzz_damage *d);
/* The same for the two blocks on each side of address p only. */
int fuzz_verify_near(const struct fuzz_index *ix, const void *p, struct fuzz_budget *budget, struct fuzz_damage *d);
/* shadow.c: the live block just below block key if its last bytes are damaged, else -1. */
int fuzz_damaged_below(const struct fuzz_index *ix, unsigned key, struct fuzz_damage *d);

#endif /* FUZZ_SHADOW_MODEL_H */
