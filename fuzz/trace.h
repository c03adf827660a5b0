/*
 * trace.h - programs as text (one op per line) and as binary inputs.
 *
 * Text format (what crash reports print):
 *     version 2            required before the first op (1 is read too);
 *                          a UTF-8 byte-order mark before it is skipped
 *     # a comment          '#' starts a comment anywhere on a line
 *     malloc 3 24          op names, slots and arguments as in ops.h
 * The canonical text of a program is its `version` line followed by one
 * line per op, exactly as fuzz_op_text writes it; text -> binary -> text
 * reproduces canonical text byte for byte.
 */
#ifndef FUZZ_TRACE_H
#define FUZZ_TRACE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ops.h"

#define FUZZ_OP_TEXT_MAX 96
/* An error message: one path as long as the system opens, and the words
 * around it. One that quotes a long path more than once may not fit: it
 * ends in TEXT_CUT_MARK (bench/text-input.h) then, never cut unmarked. */
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#define FUZZ_ERROR_MAX (PATH_MAX + 1024)

struct fuzz_program {
    struct fuzz_op *ops;
    size_t count;
};

/* Canonical text of one op, without a newline. */
void fuzz_op_text(const struct fuzz_op *op, char *out, size_t out_len);

/* Whose ops a text trace holds: a fuzz input's, or a threaded input's
 * (fuzz/threads.c), where a hand-over op (fuzz_thread_kind_name) reads its
 * slot alone: an argument on one, which that run would drop unsaid, is
 * refused at its line with the op to write instead. */
enum fuzz_text_use { FUZZ_TEXT_INPUT, FUZZ_TEXT_THREADED };

/* Decodes binary bytes into a program (always succeeds unless out of memory). */
int fuzz_program_from_bytes(const uint8_t *data, size_t size, struct fuzz_program *prog);
/* Parses text; on failure returns -1 and writes "name:line: problem; what to do". */
int fuzz_program_from_text(const char *text, size_t size, const char *name, enum fuzz_text_use use,
                           struct fuzz_program *prog, char *err, size_t err_len);
/* True if the bytes are taken for a text trace (fuzz/input-kind.h: first word
 * `version` after any blank and comment lines, or text that starts with a
 * comment or a text op, or a name ending in .txt) and not a lab trace. */
int fuzz_looks_like_text(const char *name, const uint8_t *data, size_t size);
/* True if the bytes are taken for an allocator-lab trace, which replay and
 * trace-tool refuse (fuzz/input-kind.h). */
int fuzz_looks_like_lab(const char *name, const uint8_t *data, size_t size);
/* True if replay and threads-replay would read the bytes, saved to a file
 * (not named .txt or .rep), as a text or lab trace rather than a binary
 * input. A fuzz target runs none of them: a crash saved from such bytes
 * would replay as something else (libFuzzer saved "#####\n" once). */
int fuzz_bytes_read_as_trace(const uint8_t *data, size_t size);
/* -1 with the one line refusing the file path holding data, which is not
 * `input` ("a fuzz input", "a threaded input"): a compressed trace (named
 * .gz, .xz, ...), UTF-16 text, an allocator-lab trace; 0 when it is none of
 * these. Every tool reading inputs asks this, so all say the same. path is
 * nonnull: said so, gcc -fsanitize=undefined checks it at the callers, not
 * at its strlen, whose failing path went on with NULL into the names it
 * builds (a -Wformat-truncation warning). */
int fuzz_input_refusal(const char *path, const uint8_t *data, size_t size, const char *input, char *err,
                       size_t err_len) __attribute__((nonnull(1)));
/* -1 with the one line refusing the lab trace in the file open at fd (read
 * from its start by pread, by its content alone, 64 KiB at most) as not
 * `input`, as fuzz_input_refusal words it; 0 when it is none. from-mtrace
 * asks it when it refuses a log: a lab trace whose first line is a comment or
 * a broken header number was named only as no mtrace line. */
int fuzz_lab_refusal_of_fd(int fd, const char *path, const char *input, char *err, size_t err_len);
/* Reads the file path ("-": standard input) whole, at most max bytes (up to
 * 256 MiB, INPUT_MAX in trace-file.c), into *data (malloc'd; *size bytes);
 * -1 with one line in err when it cannot be opened or read, is a directory,
 * is larger, has a line longer than TEXT_LINE_MAX (bench/text-input.h: no
 * text has one, no saved input is that long), or is an allocator-lab trace,
 * which is not `input`: that one is
 * told from its first 64 KiB, the rest only scanned (for its refusal) up to
 * INPUT_MAX, however large max is. replay, trace-tool and threads-replay
 * read their inputs through it, so all refuse them alike. */
int fuzz_input_read(const char *path, size_t max, const char *input, uint8_t **data, size_t *size, char *err,
                    size_t err_len);
/* Reads a file of either form, its text as `use` says; -1 with a one-line
 * message on failure. */
int fuzz_program_load(const char *path, enum fuzz_text_use use, struct fuzz_program *prog, char *err,
                      size_t err_len);

int fuzz_program_write_text(const struct fuzz_program *prog, FILE *out);
int fuzz_program_write_binary(const struct fuzz_program *prog, FILE *out);
void fuzz_program_free(struct fuzz_program *prog);

#endif /* FUZZ_TRACE_H */
