/*
 * halloc-threads-cache.c - halloc with thread_safe = 1 and its cache of freed
 * blocks on (halloc-cache.c's depth and trim policy), for make fuzz-threads:
 * the cache's lists are pushed and popped, and flushed, under the heap's
 * mutex by whichever thread frees or allocates, including blocks another
 * thread allocated (the harness's give/take). Everything else is the halloc
 * adapter.
 */
#define FUZZ_HALLOC_THREAD_SAFE 1
#define FUZZ_HALLOC_CACHE_DEPTH 3
#define FUZZ_HALLOC_TRIM HALLOC_TRIM_KEEP_ONE
#define FUZZ_HALLOC_NO_CAP 1 /* FUZZ_NO_HEAP_LIMIT: no max_size, so a refusal while threads meet is a bug */
#include "halloc.c"
