/*
 * from-mtrace.h - glibc's mtrace() log as an allocator-lab trace
 * (trace-tool from-mtrace; fuzz/from-mtrace.c says how each line converts).
 */
#ifndef FUZZ_FROM_MTRACE_H
#define FUZZ_FROM_MTRACE_H

#include <stddef.h>
#include <stdio.h>

/* Reads the log from `log` (named `in` in messages) and writes the trace to
 * `out`, which must be seekable: its header is written last. 0 (a note on
 * stderr for calls the trace leaves out or adds), -1 with one line
 * "in:line: what is wrong; what to do" in err, -2 when writing out failed
 * (errno). */
int from_mtrace(FILE *log, const char *in, FILE *out, char *err, size_t errlen);

#endif /* FUZZ_FROM_MTRACE_H */
