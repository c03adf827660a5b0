/*
 * halloc-cache.c - halloc with its cache of freed blocks on (a shallow depth,
 * so lists fill up and overflow into the free lists, and flushes happen
 * often), and with the preload shim's trim policy, HALLOC_TRIM_KEEP_ONE (the
 * default adapter's is eager): between them the two fuzz both. Everything
 * else is the halloc adapter.
 */
#define FUZZ_HALLOC_CACHE_DEPTH 3
#define FUZZ_HALLOC_TRIM HALLOC_TRIM_KEEP_ONE
#define FUZZ_HALLOC_NO_CAP 1 /* FUZZ_NO_HEAP_LIMIT: no max_size, so any refusal mid-run is halloc's bug */
#include "halloc.c"
