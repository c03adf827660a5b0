/*
 * shim.h - what halloc-preload.c, which defines the allocation calls and
 * loads the shim, shares with the shim's other calls: the heap (stats.c,
 * exit-check.c), the mark of a call the program links to (exec.c too),
 * whose malloc the dynamic linker finds and whether a block came from a
 * namespace of its own (dlopen.c), the settings read at load (settings.c)
 * and the exit check (exit-check.c).
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

/* Whether the program has asked the heap for a block: a process that asked
 * none says so at exit, as its calls went to another malloc. */
int shim_block_asked(void);

/* HALLOC_PRELOAD_CHECK (whether to check the heap at exit) and the debug
 * library's settings, read at load; a value the shim cannot keep is said
 * and aborts (settings.c). */
int shim_read_settings(void);

/* This process, whose heap the exit check judges (a vfork child's is its
 * parent's): at load and in a forked child (exit-check.c). */
void shim_exit_note_process(void);
/* At load, the settings read: check the heap at exit if check, and finish
 * at quick_exit too (exit-check.c). */
void shim_exit_check_arm(int check);

/* The path of the object whose malloc the dynamic linker finds, if not the
 * shim's, and *owner its kind; NULL if the shim's (dlopen.c). */
enum malloc_owner { MALLOC_OWNER_PROGRAM, MALLOC_OWNER_SANITIZER, MALLOC_OWNER_LIBRARY };
const char *shim_malloc_found_elsewhere(enum malloc_owner *owner);

/* The end of a report of ptr, refused by h, that says where it likely came
 * from: a namespace the program dlmopen'd, whose malloc is its own libc's
 * (dlopen.c); "" if the program opened none, or ptr is h's. */
const char *shim_namespace_clause(halloc_heap *h, const void *ptr);

#endif /* HALLOC_PRELOAD_SHIM_H */
