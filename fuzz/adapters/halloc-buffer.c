/*
 * halloc-buffer.c - halloc over a caller's buffer (halloc_create_in): never
 * grows, never unmaps, takes its mutex. Everything else is the halloc adapter.
 */
#define FUZZ_HALLOC_IN_BUFFER 1
#include "halloc.c"
