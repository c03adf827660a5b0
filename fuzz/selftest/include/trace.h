/* A user's own trace.h, reached through CFLAGS=-I...: it must win over
 * fuzz/trace.h and bench/trace.h (check-make-vars.sh). */
#ifndef SELFTEST_USERS_TRACE_H
#define SELFTEST_USERS_TRACE_H 1

int users_trace_open(void); /* a header declares something: ISO C has no empty file */

#endif
