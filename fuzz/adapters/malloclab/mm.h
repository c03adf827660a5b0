/*
 * mm.h - the malloc-lab allocator interface that fuzz/adapters/malloclab.c
 * drives. An mm.c written for the lab includes "mm.h" and "memlib.h"; these
 * declare the same functions (if your lab handout's own mm.h sits next to
 * your mm.c, the compiler takes that one, which is fine).
 *
 *   default            int mm_init(void), mm_malloc, mm_free, mm_realloc
 *   -DMM_API_CHECKED   bool mm_init(void), malloc/free/realloc/calloc renamed
 *                      to mm_* by -DDRIVER, bool mm_checkheap(int lineno)
 */
#ifndef HALLOC_MM_H
#define HALLOC_MM_H

#include <stddef.h>
#include <stdio.h>

#ifdef MM_API_CHECKED
#include <stdbool.h>

#ifdef DRIVER
#define malloc mm_malloc
#define free mm_free
#define realloc mm_realloc
#define calloc mm_calloc
#define memset mem_memset
#define memcpy mem_memcpy
#endif

bool mm_init(void);
void *malloc(size_t size);
void free(void *ptr);
void *realloc(void *ptr, size_t size);
void *calloc(size_t nmemb, size_t size);
bool mm_checkheap(int lineno);

#else /* the original lab */

int mm_init(void);
void *mm_malloc(size_t size);
void mm_free(void *ptr);
void *mm_realloc(void *ptr, size_t size);

typedef struct {
    char *teamname;
    char *name1, *id1;
    char *name2, *id2;
} team_t;
extern team_t team;

#endif
#endif /* HALLOC_MM_H */
