/*
 * mesh.h - a Mesh-style heap (Powers et al., PLDI 2019): small blocks in
 * one-page spans of a memfd, handed out in shuffled order, and two spans of a
 * class whose used slots do not overlap meshed onto one physical page, both
 * addresses kept (fuzz/rounds/README.md). Bugs planted in mesh.c.
 */
#ifndef ROUNDS_MESH_H
#define ROUNDS_MESH_H
#include <stddef.h>

#define MESH_ALIGNMENT 16

struct mesh;

struct mesh *mesh_create(size_t bytes);
void mesh_destroy(struct mesh *h);
void *mesh_malloc(struct mesh *h, size_t n);
void *mesh_calloc(struct mesh *h, size_t n, size_t size);
void *mesh_aligned(struct mesh *h, size_t align, size_t n);
void *mesh_realloc(struct mesh *h, void *p, size_t n);
int mesh_free(struct mesh *h, void *p); /* 0, or EINVAL for a pointer that is no live block */
size_t mesh_usable(struct mesh *h, void *p);
int mesh_trim(struct mesh *h);          /* mesh every pair of spans that can be */
int mesh_contains(struct mesh *h, const void *p, size_t n);
void mesh_stats(struct mesh *h, size_t *in_use, size_t *live);
int mesh_check(struct mesh *h, char *msg, size_t len);

#endif
