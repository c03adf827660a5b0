/*
 * peak-rss.c - runs a command and writes its peak resident set, in KiB, to
 * a file (make fuzz-check-verify): how a check asserts that a tool does not
 * touch memory in proportion to a number a header merely declares. The
 * command's own output and exit status pass through.
 * usage: peak-rss [-v] OUT-FILE COMMAND [ARG...]
 *   -v  a second line: its peak address space (VmPeak), in KiB, which counts
 *       mappings never touched too. Read at its exit, which it is traced to
 *       stop at (ptrace): once it has exited its memory is gone. Under
 *       LeakSanitizer, which refuses to run traced, set detect_leaks=0.
 */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* pid's VmPeak in KiB, or -1. */
static long vm_peak(pid_t pid)
{
    char path[64], line[256];
    long kib = -1;
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmPeak: %ld", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

/* Runs the traced child to its end, its signals passed on; its VmPeak when
 * it stopped at exit in *peak. The wait4 status, or -1. */
static int trace_to_exit(pid_t pid, struct rusage *ru, long *peak)
{
    int status, started = 0;
    while (wait4(pid, &status, 0, ru) == pid) {
        if (!WIFSTOPPED(status))
            return status;
        int sig = WSTOPSIG(status), pass = 0;
        if (!started && sig == SIGTRAP) { /* stopped at its exec */
            started = 1;
            if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACEEXIT) != 0)
                return -1;
        } else if (sig == SIGTRAP && (status >> 16) == PTRACE_EVENT_EXIT) {
            *peak = vm_peak(pid);
        } else {
            pass = sig;
        }
        if (ptrace(PTRACE_CONT, pid, NULL, (void *)(long)pass) != 0)
            return -1;
    }
    return -1;
}

int main(int argc, char **argv)
{
    int vm = argc > 1 && strcmp(argv[1], "-v") == 0;
    if (argc < 3 + vm) {
        fprintf(stderr, "usage: peak-rss [-v] OUT-FILE COMMAND [ARG...]\n");
        return 2;
    }
    char **cmd = argv + 2 + vm;
    pid_t pid = fork();
    if (pid == 0) {
        if (vm && ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) {
            perror("peak-rss: ptrace (the address space is read at exit; is ptrace allowed here?)");
            _exit(127);
        }
        execvp(cmd[0], cmd);
        perror(cmd[0]);
        _exit(127);
    }
    int status = -1;
    long peak = -1;
    struct rusage ru;
    FILE *out = fopen(argv[1 + vm], "w");
    if (pid >= 0 && out)
        status = vm ? trace_to_exit(pid, &ru, &peak) : (wait4(pid, &status, 0, &ru) == pid ? status : -1);
    if (status == -1 || (vm && peak < 0)) {
        perror("peak-rss");
        return 2;
    }
    fprintf(out, "%ld\n", ru.ru_maxrss);
    if (vm)
        fprintf(out, "%ld\n", peak);
    fclose(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
