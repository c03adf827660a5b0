/*
 * jemalloc-tcache.c - jemalloc with its thread caches on, for make
 * fuzz-threads: a block freed by a thread that did not allocate it goes to
 * the freeing thread's cache and may be handed out from there, the path
 * where thread caches break. Everything else is the jemalloc adapter.
 *
 *     make fuzz-threads TARGET=fuzz/adapters/jemalloc-tcache.c LDLIBS=-ljemalloc
 */
#define FUZZ_JEMALLOC_TCACHE 1
#include "jemalloc.c"
