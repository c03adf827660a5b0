/* stuck-world.c MODE PIDFILE [ARGS...] - stands in for a libFuzzer whose
 * sanitizer hung with every thread stopped (check-stuck-watch.sh runs
 * fuzz/scripts/libfuzzer.sh over it). It prints libFuzzer's out-of-memory
 * ERROR line, writes its own pid to PIDFILE, and is then traced and never
 * let go:
 *   own       by a child of its own, as a sanitizer's tracer (cloned to
 *             walk the heap) that deadlocked: stuck-watch.sh must kill it;
 *   debugger  by a grandchild, as gdb -p run from a shell: it is not the
 *             target's child, and must be left alone;
 *   worker    a child of its own is the one so traced (a -fork worker):
 *             killed, this process ends with status 1;
 *   lost      as own, but the rerun below runs the corpus clean and saves
 *             nothing (the input was a mutation the corpus does not hold).
 * Every process it starts dies with its parent (PR_SET_PDEATHSIG), so
 * killing this one ends them all. Among ARGS (libFuzzer's flags, as
 * libfuzzer.sh passes them), -detect_leaks=0 (libfuzzer.sh's rerun of the
 * corpus after the kill) makes it the run that no longer hangs: it saves
 * its input as PREFIX oom-STUCK (-artifact_prefix=PREFIX), says so as
 * libFuzzer does, and ends with status 1; the others are ignored. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static void die_with_parent(void)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
        perror("stuck-world: prctl(PR_SET_PDEATHSIG)");
        _exit(2);
    }
}

/* Attaches to TARGET and keeps it stopped until this process dies. */
static void trace_forever(pid_t target)
{
    die_with_parent();
    if (ptrace(PTRACE_ATTACH, target, NULL, NULL) != 0) {
        perror("stuck-world: ptrace(PTRACE_ATTACH) (the machine forbids it: see /proc/sys/kernel/yama/ptrace_scope)");
        kill(target, SIGKILL);
        _exit(2);
    }
    waitpid(target, NULL, __WALL);
    for (;;)
        pause();
}

static pid_t start(void (*body)(pid_t), pid_t target)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("stuck-world: fork");
        exit(2);
    }
    if (pid == 0)
        body(target);
    return pid;
}

/* The debugger's shell: a process between the target and its tracer. */
static void shell_of_debugger(pid_t target)
{
    die_with_parent();
    start(trace_forever, target);
    for (;;)
        pause();
}

/* Prints libFuzzer's ERROR line and is traced by TRACER's process for good. */
_Noreturn static void stuck(void (*tracer)(pid_t))
{
    fprintf(stderr, "==%ld== ERROR: libFuzzer: out-of-memory (used: 300Mb; limit: 256Mb)\n", (long)getpid());
    /* Under Yama's ptrace_scope 1 only an ancestor may trace a process
     * unless it says otherwise, as the sanitizers' runtime does. */
    prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY);
    start(tracer, getpid());
    for (;;)
        pause();
}

/* A fork mode worker that hangs so: this process goes on when it ends. */
static void worker(pid_t parent)
{
    (void)parent;
    die_with_parent();
    stuck(trace_forever);
}

/* The rerun with the leak check off: the out-of-memory report ends, its
 * input written where -artifact_prefix says, as libFuzzer writes it. */
static int saved_this_time(int argc, char **argv)
{
    const char *prefix = "";
    for (int i = 3; i < argc; i++)
        if (strncmp(argv[i], "-artifact_prefix=", 17) == 0)
            prefix = argv[i] + 17;
    char path[4096];
    snprintf(path, sizeof path, "%soom-STUCK", prefix);
    fprintf(stderr, "==%ld== ERROR: libFuzzer: out-of-memory (used: 300Mb; limit: 256Mb)\n", (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f || fputs("the input\n", f) < 0 || fclose(f) != 0) {
        perror(path);
        return 2;
    }
    fprintf(stderr, "artifact_prefix='%s'; Test unit written to %s\n", prefix, path);
    return 1;
}

int main(int argc, char **argv)
{
    const char *mode = argc >= 3 ? argv[1] : "";
    if (strcmp(mode, "own") != 0 && strcmp(mode, "debugger") != 0 && strcmp(mode, "worker") != 0 &&
        strcmp(mode, "lost") != 0) {
        fprintf(stderr, "usage: stuck-world own|debugger|worker|lost PIDFILE [ARGS...]\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "w");
    if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0) {
        perror(argv[2]);
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "-detect_leaks=0") != 0)
            continue;
        if (strcmp(mode, "lost") != 0)
            return saved_this_time(argc, argv);
        fprintf(stderr, "Done 3 runs in 0 second(s)\n"); /* as libFuzzer ends a clean -runs=0 */
        return 0;
    }
    if (strcmp(mode, "worker") == 0) {
        waitpid(start(worker, getpid()), NULL, 0);
        return 1; /* as libFuzzer's fork mode ends on a worker's crash */
    }
    stuck(strcmp(mode, "debugger") == 0 ? shell_of_debugger : trace_forever);
}
