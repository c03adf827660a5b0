/*
 * halloc-threads.c - halloc with thread_safe = 1 (every call takes the heap's
 * mutex), the adapter make fuzz-threads uses by default. Everything else is
 * the halloc adapter.
 */
#define FUZZ_HALLOC_THREAD_SAFE 1
#include "halloc.c"
