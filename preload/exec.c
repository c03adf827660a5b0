/*
 * exec.c - the exec family, wrapped so that a recording process finishes
 * its trace (HALLOC_PRELOAD_TRACE, record.c) before its image is replaced.
 * Without this a process that execs - a shell's forked child running a
 * command, a program that execs another - left its trace "unfinished"
 * whenever the new program was not under the shim (static, setuid), and
 * the readers refuse such a trace. The new program, when it is under the
 * shim, starts its own trace in the same file ("%p": the same process id).
 * If the exec fails the trace is reopened and the process goes on recorded
 * (record-file.c, rec_exec_prepare).
 *
 * The real functions are looked up once at start (exec_resolve): a vfork
 * child, which shares its parent's memory and may call these, must not run
 * the dynamic loader.
 */
#define _GNU_SOURCE
#include "record.h"
#include "shim.h" /* HL_EXPORT */

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>

typedef int execve_fn(const char *, char *const[], char *const[]);
typedef int execv_fn(const char *, char *const[]);
typedef int fexecve_fn(int, char *const[], char *const[]);
typedef int execveat_fn(int, const char *, char *const[], char *const[], int);

static struct {
    execve_fn *execve, *execvpe;
    execv_fn *execv, *execvp;
    fexecve_fn *fexecve;
    execveat_fn *execveat; /* glibc 2.34 and later */
} real;

void exec_resolve(void)
{
    real.execve = (execve_fn *)dlsym(RTLD_NEXT, "execve");
    real.execvpe = (execve_fn *)dlsym(RTLD_NEXT, "execvpe");
    real.execv = (execv_fn *)dlsym(RTLD_NEXT, "execv");
    real.execvp = (execv_fn *)dlsym(RTLD_NEXT, "execvp");
    real.fexecve = (fexecve_fn *)dlsym(RTLD_NEXT, "fexecve");
    real.execveat = (execveat_fn *)dlsym(RTLD_NEXT, "execveat");
}

/* An exec that returned failed: recording goes on; its errno is kept. */
static int exec_failed(int held, int rc)
{
    int saved = errno;
    rec_exec_failed(held);
    errno = saved;
    return rc;
}

/* ENOSYS when the C library lacked the function at start (not expected). */
static int missing(void)
{
    errno = ENOSYS;
    return -1;
}

HL_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
    int held = rec_exec_prepare();
    int rc = real.execve ? real.execve(path, argv, envp) : missing();
    return exec_failed(held, rc);
}

HL_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
    int held = rec_exec_prepare();
    int rc = real.execvpe ? real.execvpe(file, argv, envp) : missing();
    return exec_failed(held, rc);
}

HL_EXPORT int execv(const char *path, char *const argv[])
{
    int held = rec_exec_prepare();
    int rc = real.execv ? real.execv(path, argv) : missing();
    return exec_failed(held, rc);
}

HL_EXPORT int execvp(const char *file, char *const argv[])
{
    int held = rec_exec_prepare();
    int rc = real.execvp ? real.execvp(file, argv) : missing();
    return exec_failed(held, rc);
}

HL_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
    int held = rec_exec_prepare();
    int rc = real.fexecve ? real.fexecve(fd, argv, envp) : missing();
    return exec_failed(held, rc);
}

/* Linux's own exec (glibc declares it since 2.34): left unwrapped, a
 * program that called it left its trace unfinished. */
HL_EXPORT int execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags)
{
    int held = rec_exec_prepare();
    int rc = real.execveat ? real.execveat(dirfd, path, argv, envp, flags) : missing();
    return exec_failed(held, rc);
}

/* execl, execlp, execle: the arguments from `first` to the NULL that ends
 * them become an argv on this frame's stack (no malloc: this may run in a
 * vfork child), then the matching v-function runs; execle's envp follows
 * the NULL. */
enum exec_list_kind { EXEC_LIST_PATH, EXEC_LIST_SEARCH, EXEC_LIST_ENV };

static int exec_list(enum exec_list_kind kind, const char *file, const char *first, va_list *ap)
{
    size_t n = 2; /* first and the NULL */
    va_list count;
    va_copy(count, *ap);
    while (va_arg(count, char *) != NULL)
        n++;
    va_end(count);
    char *argv[n];
    argv[0] = (char *)first;
    for (size_t i = 1; i < n; i++)
        argv[i] = va_arg(*ap, char *);
    if (kind == EXEC_LIST_ENV)
        return execve(file, argv, va_arg(*ap, char *const *));
    return kind == EXEC_LIST_SEARCH ? execvp(file, argv) : execv(file, argv);
}

HL_EXPORT int execl(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int rc = exec_list(EXEC_LIST_PATH, path, arg, &ap);
    va_end(ap);
    return rc;
}

HL_EXPORT int execlp(const char *file, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int rc = exec_list(EXEC_LIST_SEARCH, file, arg, &ap);
    va_end(ap);
    return rc;
}

HL_EXPORT int execle(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int rc = exec_list(EXEC_LIST_ENV, path, arg, &ap);
    va_end(ap);
    return rc;
}
