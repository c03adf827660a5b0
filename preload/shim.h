/*
 * shim.h - what halloc-preload.c, which defines the allocation calls,
 * shares with the shim's other calls: the heap (stats.c), the mark of
 * a call the program links to (exec.c too), whose malloc the dynamic
 * linker finds and whether a namespace of its own was opened (dlopen.c).
 */
#ifndef HALLOC_PRELOAD_SHIM_H
#define HALLOC_PRELOAD_SHIM_H

#include "halloc.h"

/* A call the program links to; everything else in the shim stays hidden. */
#define HL_EXPORT __attribute__((visibility("default")))

/* The default heap, configured at the first call (HALLOC_PRELOAD_CACHE);
 * one that cannot be mapped is said and aborts. */
halloc_heap *shim_heap(void);
/* The heap's stats for op (a call's name); a damaged heap is said and aborts. */
halloc_stats shim_heap_stats(halloc_heap *h, const char *op);

/* The path of the object whose malloc the dynamic linker finds, if not the
 * shim's; NULL if the shim's (dlopen.c). */
const char *shim_malloc_found_elsewhere(void);

/* Whether the program dlmopen'd a library into a namespace other than its
 * own, whose malloc is then that namespace's libc's (dlopen.c). */
int shim_namespace_opened(void);

#endif /* HALLOC_PRELOAD_SHIM_H */
