/*
 * log.h - where the shim's own lines go (log.c): stderr; with
 * HALLOC_PRELOAD_CHECK=1 a copy of stderr taken at startup, since many
 * programs close stderr before they exit; with HALLOC_PRELOAD_LOG=path that
 * file, reopened by its path if the program closes its descriptor.
 */
#ifndef HALLOC_PRELOAD_LOG_H
#define HALLOC_PRELOAD_LOG_H

/* Every line of the shim's starts so, the debug library's reports too: one
 * command may run many processes (pyenv's python3 is a bash script running
 * dozens, a pipeline several programs), and a line without the process's id
 * and program's name did not say which one spoke. */
#define SHIM_WHO "halloc-preload: pid %d (%.64s): "
#define SHIM_WHO_ARGS shim_who_pid(), shim_who_name()
int shim_who_pid(void);
const char *shim_who_name(void);

/* One line of the shim's own: a diagnosis, or the exit check's verdict.
 * Written without stdio, which may allocate. */
void shim_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void shim_say_to(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* How much of a path a line shows: all of one (up to 4095 bytes) would push
 * out why it failed and what happens now. One longer than SHIM_PATH_SHOWN
 * bytes is shown by its first SHIM_PATH_HEAD bytes (where it is: a missing
 * directory is often there), SHIM_PATH_CUT, and its tail (which file: a
 * program's own name), SHIM_PATH_SHOWN bytes in all; no character of UTF-8
 * is split. Returns shown, filled in. */
#define SHIM_PATH_SHOWN 200
#define SHIM_PATH_HEAD 64
#define SHIM_PATH_CUT "[...]"
const char *shim_path_shown(const char *path, char shown[SHIM_PATH_SHOWN + 1]);

/* The longest line of the shim's, made whole (say_va, rec_say): the exit
 * line naming another malloc is the longest, some 730 bytes with every
 * figure at 20 digits, a 64-byte program name and a path shown in full. A
 * longer one (a value from the environment) is cut, marked (cut.h). */
#define SHIM_LINE_MAX 1024

/* What an open's errno means here that its text does not say (a FIFO
 * nobody reads, a sandbox's refusal), as " (...)"; "" for the others. */
const char *shim_open_hint(int err);
#define SHIM_SANDBOX_HINT "a seccomp filter refused the open: the program runs sandboxed, as man-db runs groff"

/* Before an abort over a heap error: stdout's buffer, the program's last
 * output before the bug (to a pipe or a file it waits for exit), is written
 * out, as glibc's abort no longer does; unless another thread holds stdout
 * (it is not waited for). Only where that is safe: from a call that came
 * from outside libc (shim_caller_outside_libc), since one from libc may be
 * stdio's own, holding stdout mid-update, and at exit. SIGPIPE stays
 * blocked in this thread: call it only right before abort(). */
void shim_flush_stdout(void);
/* Whether caller, a call's return address, lies outside libc.so; 0 if NULL. */
int shim_caller_outside_libc(const void *caller);

/* HALLOC_PRELOAD_LOG's value (NULL or "": none); 0, or -1 if there is no log
 * (an unopenable path is said on stderr). */
int shim_log_open(const char *pattern);
/* With no log: lines go to a copy of stderr taken now if keep_copy (for the
 * exit line), else to stderr; nowhere if stderr was closed at load (2>&-). */
void shim_log_use_stderr(int keep_copy);
/* STDERR_FILENO, or -1 if it was closed at load: a later descriptor 2 is
 * the program's file. For lines written straight to stderr (record.c). */
int shim_stderr_fd(void);
/* Registers log.c's fork handlers, once: called before the default heap is
 * made, so they come before the library's (log.c says why). */
void shim_log_fork_handlers(void);
/* A forked child that does not exec: with "%p", a log of its own. */
void shim_log_after_fork_child(void);
/* As the process ends (exit, _exit, quick_exit): its own "%p" log, if it
 * is still empty, removed. */
void shim_log_end(void);

#endif /* HALLOC_PRELOAD_LOG_H */
