/*
 * probe-modes.c - the probe's modes that check.sh runs for what the shim
 * does around the program rather than for malloc's answers: the trace
 * (HALLOC_PRELOAD_TRACE) across fork, exec and exits at awkward moments,
 * the exit line, and the shim's descriptors (see probe.c for the list).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

/* A fixed sequence of calls, whose trace under HALLOC_PRELOAD_TRACE
 * check.sh compares line by line with the one it expects (the most recently
 * freed id reused first; realloc(p, 0) frees, as glibc's does). "record-unfinished"
 * is killed half-way, so its trace is never finished. */
/* "record-exit-in-handler": allocates until a timer's handler calls _exit(7),
 * almost surely inside a recorded call (they are nearly all this loop does).
 * _exit finishes the trace: it must not wait for the lock its own thread holds. */
static void exit_from_handler(int sig)
{
    (void)sig;
    _exit(7);
}

_Noreturn static void allocate_until_the_timer_exits(void)
{
    struct itimerval once = {{0, 0}, {0, 100000}};
    void *slots[64] = {0};
    signal(SIGALRM, exit_from_handler);
    setitimer(ITIMER_REAL, &once, NULL);
    for (unsigned long i = 0;; i++) {
        unsigned k = (unsigned)(i * 2654435761u) % 64;
        free(slots[k]);
        slots[k] = malloc(16 + i % 512);
    }
}

/* "record-exit-in-call": the same, but certainly inside a call that holds
 * the heap's lock (and, when recording, the recorder's): a free whose chunk
 * header lies on a page made unreadable faults inside the shim, and the
 * SIGSEGV handler calls _exit(7). The second page-aligned block's header
 * page holds no heap bookkeeping (the first block lies between). */
static int exit_inside_a_locked_free(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *volatile first = aligned_alloc(page, page);
    char *volatile p = aligned_alloc(page, page);
    if (first == NULL || p == NULL || p < first + 2 * page || signal(SIGSEGV, exit_from_handler) == SIG_ERR ||
        mprotect(p - page, page, PROT_NONE) != 0)
        return 2;
    free(p);
    return 1; /* the free read its header: the page was not protected */
}

/* "close-fds PATH": what daemons do at startup - close every descriptor above
 * 2 - then open PATH, whose descriptor also takes every number that was open
 * (the shim's among them), as the program's later files would; allocate,
 * write one line and exit with PATH still open. The shim must not write its
 * exit line or its trace into PATH. */
static int close_fds_then_write(const char *path)
{
    static int was_open[1024];
    for (int fd = 3; fd < 1024; fd++)
        was_open[fd] = close(fd) == 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return 2;
    for (int number = fd + 1; number < 1024; number++)
        if (was_open[number] && dup2(fd, number) != number)
            return 2;
    for (int i = 0; i < 1000; i++) {
        char *volatile p = malloc(100 + (size_t)i);
        free(p);
    }
    return write(fd, "program data\n", 13) == 13 ? 0 : 2;
}

/* "first-fd": the descriptor the program's first open() gets, 3 unless the
 * shim holds one of the low numbers a program may count on. */
static int print_first_fd(void)
{
    int fd = open("/dev/null", O_RDONLY);
    printf("probe: first open got %d\n", fd);
    return fd < 0;
}

/* "count-fds": how many descriptors above 2 the program has that it did not
 * open (the one reading /proc/self/fd left out): the shim's, as a program
 * listing its own would see them (CPython's test_subprocess does). */
static int print_fd_count(void)
{
    int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
    if (dir < 0) {
        perror("probe: /proc/self/fd");
        return 1;
    }
    int n = 0;
    for (int fd = 3; fd < 1024; fd++)
        n += fd != dir && fcntl(fd, F_GETFD) >= 0;
    close(dir);
    printf("probe: descriptors above 2: %d\n", n);
    return 0;
}

static int record_sequence(int unfinished)
{
    char *volatile a = malloc(10);               /* a 0 10 */
    char *volatile b = calloc(3, 4);             /* a 1 12 */
    a = realloc(a, 100);                         /* r 0 100 */
    char *volatile z = malloc(0), *volatile z0 = calloc(0, 8); /* a 2 0, a 3 0 */
    free(b);                                     /* f 1 */
    b = malloc(20);                              /* a 1 20 */
    a = realloc(a, 0);                           /* f 0 */
    char *volatile al = aligned_alloc(64, 128);  /* a 0 128 */
    char *volatile n = realloc(NULL, 5);         /* a 4 5 */
    void *pm = NULL;
    free(NULL);                                  /* f -1 */
    if (posix_memalign(&pm, 32, 48) != 0)        /* a 5 48 */
        return 1;
    if (unfinished)
        raise(SIGKILL);
    free(z), free(b), free(al), free(n), free(pm), free(z0); /* f 2, f 1, f 0, f 4, f 5, f 3 */
    return a != NULL;
}

/* The parent's end of record-fork and record-fork-unhandled: waits for the
 * child, frees its two blocks (f 0, f 1) and returns the child's status. */
static int record_fork_parent(pid_t pid, char *a, char *b)
{
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return 2;
    free(a), free(b);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

/* "record-fork": a child forked with two blocks live frees one, reallocs
 * the other, and exits without exec; check.sh compares both traces. */
static int record_fork(void)
{
    char *volatile a = malloc(10); /* a 0 10 */
    char *volatile b = malloc(20); /* a 1 20 */
    pid_t pid = fork();
    if (pid == 0) {
        free(a);                       /* f 0 */
        b = realloc(b, 30);            /* r 1 30 */
        char *volatile c = malloc(40); /* a 0 40 */
        free(c);                       /* f 0 */
        free(b);                       /* f 1 */
        exit(0);
    }
    return record_fork_parent(pid, a, b);
}

/* "record-fork-unhandled": the same two blocks, but the child comes from
 * _Fork, which runs no fork handlers, and writes more lines than the
 * recorder buffers: the parent's trace must hold only the parent's four. */
static int record_fork_without_handlers(void)
{
    char *volatile a = malloc(10); /* a 0 10 */
    char *volatile b = malloc(20); /* a 1 20 */
    pid_t pid = _Fork();
    if (pid == 0) {
        for (int i = 0; i < 20000; i++) {
            char *volatile p = malloc(100);
            free(p);
        }
        exit(0);
    }
    return record_fork_parent(pid, a, b);
}

/* "record-exec PATH": two blocks allocated, one freed, then PATH exec'd
 * (check.sh runs a static program, which is not under the shim): the trace
 * must be finished before the exec, not left unfinished. If the exec fails
 * (check.sh gives a path that does not exist) the process goes on: its
 * later calls must be in the trace, and the exec's errno kept.
 * "record-execveat PATH": the same through execveat. */
static int record_then_exec(const char *path, int at)
{
    char *volatile a = malloc(10); /* a 0 10 */
    char *volatile b = malloc(20); /* a 1 20 */
    free(a);                       /* f 0 */
    errno = 0;
    char *argv[] = {(char *)path, NULL};
    if (at)
        execveat(AT_FDCWD, path, argv, environ, 0);
    else
        execl(path, path, (char *)NULL);
    int err = errno;
    free(b);                       /* f 1 */
    return err == ENOENT ? 4 : 3;
}

/* Exits with exactly one block in use (nothing else here allocates), for
 * the shim's exit line in the singular. */
static int hold_one_block(void)
{
    static void *volatile held;
    held = malloc(64);
    return held == NULL;
}

/* "record-big malloc|realloc": a block of 2 MiB, by malloc or by realloc of
 * a 10-byte one, above the cap of check-record.sh's capped shim: recording
 * must stop at that call, the 10-byte block's line written. */
static int record_big_block(const char *how)
{
    int by_realloc = strcmp(how, "realloc") == 0;
    char *volatile a = malloc(10); /* a 0 10 */
    char *volatile big = by_realloc ? realloc(a, 2 << 20) : malloc(2 << 20);
    if (!big)
        return 3;
    if (!by_realloc)
        free(a);
    free(big);
    return 0;
}

/* The exit status of the mode argv[1] names, or -1 if it is none of these. */
int run_single_mode(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "close-fds") == 0)
        return close_fds_then_write(argv[2]);
    if (argc > 1 && strcmp(argv[1], "first-fd") == 0)
        return print_first_fd();
    if (argc > 1 && strcmp(argv[1], "count-fds") == 0)
        return print_fd_count();
    if (argc > 1 && strcmp(argv[1], "record-exit-in-handler") == 0)
        allocate_until_the_timer_exits();
    if (argc > 1 && strcmp(argv[1], "record-exit-in-call") == 0)
        return exit_inside_a_locked_free();
    if (argc > 2 && strcmp(argv[1], "record-exec") == 0)
        return record_then_exec(argv[2], 0);
    if (argc > 2 && strcmp(argv[1], "record-execveat") == 0)
        return record_then_exec(argv[2], 1);
    if (argc > 1 && strcmp(argv[1], "record-fork") == 0)
        return record_fork();
    if (argc > 1 && strcmp(argv[1], "record-fork-unhandled") == 0)
        return record_fork_without_handlers();
    if (argc > 2 && strcmp(argv[1], "record-big") == 0)
        return record_big_block(argv[2]);
    if (argc > 1 && strncmp(argv[1], "record", 6) == 0)
        return record_sequence(strcmp(argv[1], "record-unfinished") == 0);
    if (argc > 1 && strcmp(argv[1], "hold-one") == 0)
        return hold_one_block();
    return -1;
}
