/*
 * halloc-cache.c - halloc with its cache of freed blocks on (a shallow depth,
 * so lists fill up and overflow into the free lists, and flushes happen
 * often). Everything else is the halloc adapter.
 */
#define FUZZ_HALLOC_CACHE_DEPTH 3
#include "halloc.c"
