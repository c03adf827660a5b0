/*
 * log-race.c - make check-preload: two threads whose double frees reach the
 * shim's log at once, after the program closed the log's descriptor. Each
 * must not reopen the log for itself: the one it would lose is a descriptor
 * leaked. Built with -rdynamic, its open64 stands in for libc's in the shim
 * too: an open of the log waits (up to 1 s) for a second one, so both are
 * under way together if the shim lets them be. SIGABRT (the first
 * diagnosis's) prints how many descriptors hold the log: 1 is right.
 *
 * Usage: log-race LOG-PATH, with HALLOC_PRELOAD_LOG=LOG-PATH and the shim.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *log_path;
static atomic_int opens_of_log;
static pthread_barrier_t both_ready;

static void pause_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* libc's: looked up at the first open (the shim opens the log before
 * main), not then inside a diagnosis. */
static int (*real_open64)(const char *, int, ...);

int open64(const char *path, int flags, ...)
{
    if (!real_open64)
        real_open64 = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
    va_list ap;
    va_start(ap, flags);
    mode_t mode = (mode_t)va_arg(ap, int);
    va_end(ap);
    if (log_path && strcmp(path, log_path) == 0) {
        atomic_fetch_add(&opens_of_log, 1);
        for (int waited = 0; waited < 100 && atomic_load(&opens_of_log) < 2; waited++)
            pause_ms(10);
    }
    return real_open64(path, flags, mode);
}

/* How many of this process's descriptors are the log, said on stdout. */
static void count_log_fds(int sig)
{
    (void)sig;
    static atomic_flag counted = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set(&counted))
        for (;;)
            pause(); /* the other thread's abort: its _exit ends both */
    pause_ms(200);   /* the other thread's open, if under way, is done */
    int held = 0;
    for (int fd = 0; fd < 4096; fd++) {
        char link[64], target[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 0 && (target[n] = '\0', strcmp(target, log_path) == 0))
            held++;
    }
    char line[64];
    int len = snprintf(line, sizeof line, "log fds: %d (opens %d)\n", held, atomic_load(&opens_of_log));
    (void)!write(STDOUT_FILENO, line, (size_t)len);
    _exit(0);
}

static char *volatile block[2]; /* freed once by main, once more by a thread each */

static void *double_free(void *i)
{
    pthread_barrier_wait(&both_ready);
    free(block[(long)i]);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    log_path = argv[1];
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    signal(SIGABRT, count_log_fds);
    pthread_barrier_init(&both_ready, NULL, 3);
    pthread_t t[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, double_free, (void *)i);
    /* After pthread_create, which allocates: neither block is handed out again. */
    for (int i = 0; i < 2; i++)
        block[i] = malloc(10);
    for (int i = 0; i < 2; i++)
        free(block[i]);
    pthread_barrier_wait(&both_ready);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 1; /* neither double free was caught */
}
