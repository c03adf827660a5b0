/*
 * log.c - where the shim's own lines go (log.h): its diagnoses, the exit
 * check's verdict, the debug library's reports.
 *
 * A program may close every descriptor above 2 (daemons and ssh do) and open
 * files of its own under the same numbers. Before each line the shim checks
 * its descriptor still refers to its own file: a log is then reopened by its
 * path, so a daemon's reports still reach the file the user asked for; a copy
 * of stderr cannot be, and stderr itself is used. The shim never writes into
 * a file of the program's. Threads may find the descriptor lost at once:
 * one reopens the log under log_lock, the others then find the new one good
 * (each reopening for itself leaked all but the last).
 */
#define _GNU_SOURCE /* program_invocation_short_name */
#include "log.h"
#include "internal.h" /* hl_errno_text: strerror may malloc, under the heap's lock */
#include "cut.h"      /* hl_vsay: a cut line is marked */
#include "write-line.h"
#include "record.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* STDERR_FILENO, or -1 if descriptor 2 was closed when the shim loaded
 * (2>&-): the program's first open() then gets 2, and a line written "to
 * stderr" landed in its file (the exit line at the end of its output). */
static int stderr_fd = STDERR_FILENO;
static int report_fd = STDERR_FILENO; /* -1: nowhere */
static struct shim_file_id report_file; /* what report_fd must still be (record.h) */
static char log_pattern[4096];          /* HALLOC_PRELOAD_LOG once opened, if it has "%p" */
static char log_path[sizeof log_pattern]; /* the log report_fd holds open, if any: "" otherwise */
static pid_t log_pid; /* who opened it: a vfork child shares this memory, not the log */
/* Held while report_fd is checked and replaced, and across fork() (below),
 * not while a line is written (vsnprintf may allocate, and the allocator may
 * say something). */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local volatile sig_atomic_t log_held; /* this thread holds log_lock (log_before_fork) */

/* fd becomes where lines go, if its file can be identified; 0 or -1. */
static int report_to(int fd)
{
    if (shim_file_id_of(fd, &report_file) != 0)
        return -1;
    report_fd = fd;
    return 0;
}

int shim_who_pid(void)
{
    return (int)getpid();
}

const char *shim_who_name(void)
{
    return program_invocation_short_name;
}

/* 0, or -1 if the line could not be written (errno says why). */
static int say_va(int fd, const char *fmt, va_list ap)
{
    char line[SHIM_LINE_MAX];
    if (fd < 0) /* nowhere: stderr was closed at load (stderr_fd) */
        return 0;
    /* A long value (from the environment, a path) is cut, marked (cut.h), its newline kept. */
    (void)hl_vsay(line, sizeof line, fmt, ap);
    return hl_write_line(fd, line);
}

void shim_say_to(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_va(fd, fmt, ap);
    va_end(ap);
}

/* Whether byte c continues a UTF-8 character begun before it. */
static int utf8_continues(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

const char *shim_path_shown(const char *path, char shown[SHIM_PATH_SHOWN + 1])
{
    size_t len = strlen(path);
    if (len <= SHIM_PATH_SHOWN)
        return memcpy(shown, path, len + 1);
    size_t head = SHIM_PATH_HEAD, tail = len - (SHIM_PATH_SHOWN - SHIM_PATH_HEAD - (sizeof SHIM_PATH_CUT - 1));
    while (head > 0 && utf8_continues(path[head]))
        head--;
    while (utf8_continues(path[tail]))
        tail++;
    memcpy(shown, path, head);
    memcpy(shown + head, SHIM_PATH_CUT, sizeof SHIM_PATH_CUT - 1);
    memcpy(shown + head + sizeof SHIM_PATH_CUT - 1, path + tail, len - tail + 1);
    return shown;
}

/* The log by its path. O_NONBLOCK for the open only: a FIFO nobody reads
 * kept the program from starting (ENXIO now: said, stderr used); one that is
 * read blocks the writes as any pipe does, so no line is lost. */
static int open_log(const char *path)
{
    int fd = shim_fd_out_of_the_way(
        rec_open_path(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK, 0644));
    int flags = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

/* Why the log could not be reopened, said once log_lock is let go. */
struct lost_log {
    int said; /* 0: the log was reopened, or there was none to reopen */
    int fd, err;
    char path[SHIM_PATH_SHOWN + 1]; /* the path as the line shows it */
};

/* The program closed or reused the log's descriptor: the log again, opened
 * anew by its path; stderr from here on if that fails (*lost says why). The
 * old number is not closed: it is the program's now. Under log_lock. */
static int reopen_log(struct lost_log *lost)
{
    int fd = open_log(log_path);
    int err = errno;
    if (fd >= 0 && report_to(fd) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    lost->said = 1;
    lost->fd = report_fd;
    lost->err = err;
    (void)shim_path_shown(log_path, lost->path);
    report_fd = stderr_fd;
    log_path[0] = '\0';
    return stderr_fd;
}

/* report_fd, the log reopened, or stderr: see the top of this file.
 * *is_log: whether it is the log (not stderr or its copy). */
static int report_target(int *is_log)
{
    struct lost_log lost = {.said = 0};
    pthread_mutex_lock(&log_lock);
    log_held = 1;
    int fd = report_fd;
    if (fd >= 0 && fd != STDERR_FILENO && !shim_fd_still_is(fd, &report_file))
        fd = log_path[0] ? reopen_log(&lost) : (report_fd = stderr_fd);
    *is_log = fd >= 0 && log_path[0] != '\0';
    log_held = 0;
    pthread_mutex_unlock(&log_lock);
    char text[HL_ERRNO_TEXT_LEN];
    if (lost.said)
        shim_say_to(stderr_fd, SHIM_WHO "HALLOC_PRELOAD_LOG: the program closed or replaced descriptor %d, "
                    "the log's, and %s cannot be opened again: %s; the shim's lines go to stderr\n", SHIM_WHO_ARGS, lost.fd,
                    lost.path, hl_errno_text(lost.err, text, sizeof text));
    return fd;
}

/* A line the log would not take (a full disk, a device that refuses it)
 * goes to stderr_fd, said once there, as the lost-descriptor line does: it
 * was lost without a word, and a missing exit line read as a process that
 * had not ended. */
void shim_say(const char *fmt, ...)
{
    static atomic_int lost_said;
    int saved = errno;
    int log = 0;
    int fd = report_target(&log);
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    if (say_va(fd, fmt, ap) != 0 && log && stderr_fd >= 0) {
        char text[HL_ERRNO_TEXT_LEN];
        if (atomic_exchange(&lost_said, 1) == 0)
            shim_say_to(stderr_fd, SHIM_WHO "HALLOC_PRELOAD_LOG: the log refused a line: %s; the lines it "
                        "refuses go to stderr\n", SHIM_WHO_ARGS, hl_errno_text(errno, text, sizeof text));
        (void)say_va(stderr_fd, fmt, again);
    }
    va_end(again);
    va_end(ap);
    errno = saved;
}

void shim_flush_stdout(void)
{
    /* Blocked for good, as an abort follows: a reader gone (prog | head -1)
     * ended the process by SIGPIPE, its diagnosis unsaid. */
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, NULL);
    if (ftrylockfile(stdout) != 0)
        return;
    (void)fflush_unlocked(stdout);
    funlockfile(stdout);
}

int shim_caller_outside_libc(const void *caller)
{
    Dl_info from, libc;
    return caller && dladdr(caller, &from) && dladdr((void *)fflush, &libc) && from.dli_fbase != libc.dli_fbase;
}

/* ENOSYS from open: man-db runs groff and its other helpers under a
 * seccomp filter that refuses opening a file for writing, and each of them
 * said "cannot open ...: Function not implemented", a puzzle. */
const char *shim_open_hint(int err)
{
    if (err == ENXIO)
        return " (a FIFO nobody reads)";
    if (err == ENOSYS)
        return " (" SHIM_SANDBOX_HINT ")";
    return "";
}

/* HALLOC_PRELOAD_LOG=path ("%p": the process id): the shim's lines are
 * appended there instead of to stderr, for programs whose stderr is read by
 * another (cmake stores what its tools print). */
int shim_log_open(const char *pattern)
{
    char path[sizeof log_path];
    if (!pattern || !*pattern)
        return -1;
    int fd = -1;
    /* The path that failed, as opened ("%p" expanded: the trace's line names
     * it so too), or the pattern if it did not expand. */
    const char *shown = pattern;
    errno = ENAMETOOLONG; /* what a path too long to expand is told as */
    if (rec_expand_path(pattern, path, sizeof path) == 0) {
        shown = path;
        fd = open_log(path);
    }
    if (fd < 0) {
        char text[HL_ERRNO_TEXT_LEN], short_path[SHIM_PATH_SHOWN + 1];
        int err = errno;
        shim_say(SHIM_WHO "HALLOC_PRELOAD_LOG: cannot open %s: %s%s; the shim's lines go to stderr\n", SHIM_WHO_ARGS,
                 shim_path_shown(shown, short_path), hl_errno_text(err, text, sizeof text), shim_open_hint(err));
        return -1;
    }
    if (report_to(fd) != 0) { /* fstat of a file just opened: not expected to fail */
        close(fd);
        return -1;
    }
    strcpy(log_path, path);
    log_pid = getpid();
    if (pattern != log_pattern && rec_path_has_pid(pattern) && strlen(pattern) < sizeof log_pattern)
        strcpy(log_pattern, pattern);
    return 0;
}

/* A log of its own ("%p") that the process leaves empty is removed as it
 * ends: afl-fuzz runs a program thousands of times a second, each run's
 * log is opened at load (the top of log.h says why), and 14,000 empty ones
 * were left in 8 s. Not a log shared by many (no "%p"), nor a file the
 * program put at the log's descriptor or path. Tried only, as _exit may come
 * from a signal handler inside report_target. A line said after this (a
 * later destructor's bad free) finds the descriptor closed and opens the
 * log anew (report_target). */
void shim_log_end(void)
{
    struct stat st;
    if (!log_pattern[0] || log_held || pthread_mutex_trylock(&log_lock) != 0)
        return;
    int fd = report_fd;
    if (log_path[0] && getpid() == log_pid && fd >= 0 && shim_fd_still_is(fd, &report_file) && fstat(fd, &st) == 0 &&
        S_ISREG(st.st_mode) && st.st_size == 0 && rec_unlink_path_of(log_path, &report_file) == 0)
        close(fd);
    pthread_mutex_unlock(&log_lock);
}

int shim_stderr_fd(void)
{
    return stderr_fd;
}

void shim_log_use_stderr(int keep_copy)
{
    if (!keep_copy || stderr_fd < 0)
        return;
    int fd = shim_fd_out_of_the_way(fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3));
    if (fd >= 0 && report_to(fd) != 0)
        close(fd);
}

/*
 * fork() while another thread is inside report_target would give the child
 * report_fd and report_file half-updated, so log_lock is held across it. It
 * is the innermost lock: the debug library's reports reach shim_say under the
 * heap's lock, a recorded call's diagnoses under the recorder's. So it is
 * taken last: prepare handlers run in the reverse of their registration, and
 * these are registered before the library's (default.c) - at load, by a
 * constructor that runs before the library's, or at the default heap's
 * creation if the program allocates first (a C++ runtime does, at its own
 * load). Not taken by a signal handler that interrupted this thread inside
 * report_target: the lock is its own, and that call finishes in both
 * processes once the handler returns.
 */
static int log_locked_for_fork;

static void log_before_fork(void)
{
    log_locked_for_fork = !log_held && pthread_mutex_lock(&log_lock) == 0;
}

static void log_after_fork_parent(void)
{
    if (log_locked_for_fork)
        pthread_mutex_unlock(&log_lock);
    log_locked_for_fork = 0;
}

static void log_after_fork_child(void)
{
    /* The child's only thread: a lock held by the forking one is free again. */
    pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
    log_lock = fresh;
    log_locked_for_fork = 0;
}

void shim_log_fork_handlers(void)
{
    /* Not pthread_once: called inside the first malloc's pthread_once. */
    static atomic_flag registered = ATOMIC_FLAG_INIT;
    if (!atomic_flag_test_and_set(&registered))
        (void)pthread_atfork(log_before_fork, log_after_fork_parent, log_after_fork_child);
}

/* 101: before the library's constructor, which has no priority. */
__attribute__((constructor(101))) static void log_at_load(void)
{
    int saved = errno;
    if (fcntl(STDERR_FILENO, F_GETFD) < 0 && errno == EBADF)
        stderr_fd = report_fd = -1;
    errno = saved;
    shim_log_fork_handlers();
}

/* A forked child that does not exec has its own id: with "%p" its lines go
 * to its own log, as its trace does, not to its parent's. log_lock is free
 * again here (log_after_fork_child ran first). */
void shim_log_after_fork_child(void)
{
    if (!log_pattern[0])
        return;
    if (report_fd >= 0 && report_fd != STDERR_FILENO && shim_fd_still_is(report_fd, &report_file)) /* else the program's */
        close(report_fd);
    report_fd = stderr_fd;
    log_path[0] = '\0';
    (void)shim_log_open(log_pattern);
}
