/* A user's own heap.h, as an OS course hands it out, reached through
 * CFLAGS=-I...: it must win over allocator/heap.h (check-make-vars.sh). */
#ifndef SELFTEST_USERS_HEAP_H
#define SELFTEST_USERS_HEAP_H 1

int users_heap_init(void); /* a header declares something: ISO C has no empty file */

#endif
