/*
 * jemalloc-tcache-no-flush.c - jemalloc-tcache.c without the flush of the
 * calling thread's cache before arena.<i>.destroy, for make
 * fuzz-check-threads: blocks of a destroyed arena stay in that cache, and a
 * later flush into the arena crashes. The check that jemalloc-tcache.c
 * replays clean proves the flush only if this one does not.
 */
#define FUZZ_JEMALLOC_TCACHE 1
#define FUZZ_JEMALLOC_NO_FLUSH 1 /* the planted bug */
#include "../adapters/jemalloc.c"
