/*
 * crash.c - what the harness says when the process dies inside a run: a
 * sanitizer's report, a fatal signal, the allocator's own abort() or trap,
 * or a replay's timeout, each followed by the op it happened in (run.c keeps
 * the run; this file only reads it). Also the sanitizers' default options.
 */
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "trace.h"

/* Under ASan, requests the harness makes on purpose (huge sizes through a
 * malloc-backed adapter) must come back NULL instead of ending the run. */
const char *__asan_default_options(void);
FUZZ_NOT_INSTRUMENTED const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

/* UBSan alone prints a finding's source line but not the function it is in
 * nor who called it (its SUMMARY line ended "in " with no name): the stack
 * says which of the allocator's functions did it. UBSAN_OPTIONS overrides. */
const char *__ubsan_default_options(void);
FUZZ_NOT_INSTRUMENTED const char *__ubsan_default_options(void) { return "print_stacktrace=1"; }

/* ---- crash context (replay) ---- */

/* A double free the adapter says is detected, of a block the first free gave
 * back to the system: a check that reads the block's header faults. */
static void print_unmapped_double_free(const struct fuzz_ctx *c)
{
    char unmapped[FUZZ_OP_DESCRIPTION_MAX + 160];
    if (!c->freeing_again || !fuzz_maps_unmapped_before(c, c->freeing_again, unmapped, sizeof unmapped))
        return;
    fprintf(stderr, "  the block freed a second time was no longer mapped: the first free gave it back, by %s; "
                    "an allocator cannot read an unmapped block to tell a double free: it must find the pointer "
                    "in a record of its own first (a list of its big blocks), or its adapter must not claim "
                    "FUZZ_DETECTS_DOUBLE_FREE\n", unmapped);
}

/* A block the harness was writing or reading when the fault came that runs
 * past the end of the allocator's mapping: room handed out that it had not. */
static void print_block_past_mapping(const struct fuzz_ctx *c)
{
    uintptr_t start = 0, end = 0;
    if (!c->touch.verb || c->touch.key < 0)
        return;
    const struct fuzz_block *b = &c->slot[c->touch.key];
    size_t past = fuzz_maps_past_end(b->ptr, b->usable, &start, &end);
    if (past)
        fprintf(stderr, "  block %ld runs %zu byte(s) past the end of the allocator's mapping it starts in, [%#jx, "
                        "+%zu): it handed out room it did not have (an end-of-heap check that leaves out a header "
                        "or the rounding)\n", c->touch.key, past, (uintmax_t)start, (size_t)(end - start));
}

static int timing_out; /* the replay's -t limit hit: what the process was doing is no fault */

/* A timeout inside the harness's own pass over block memory: the op's calls
 * had returned, and the block is not to blame (fuzz_print_touch would say
 * so); the time went in them, or in the passes. */
static void print_touch_timed_out(const struct fuzz_ctx *c)
{
    const char *verb = c->touch.verb;
    verb = strcmp(verb, "writing") == 0 ? "filling" : strcmp(verb, "reading") == 0 ? "checking" : verb;
    if (c->touch.key < 0)
        fprintf(stderr, "  the harness was %s every live block (%zu, %zu bytes) when the limit hit", verb,
                c->index.live, c->index.in_use);
    else
        fprintf(stderr, "  the harness was %s block %ld of %zu bytes when the limit hit (%zu requested)", verb,
                c->touch.key, c->slot[c->touch.key].usable, c->slot[c->touch.key].requested);
    fprintf(stderr, ": the op's calls had returned, so likely they took most of the time (an allocator's slow "
                    "or long loop), or the blocks are so big or so many that filling and checking them is slow "
                    "(a run passes over its first FUZZ_WHOLE_BYTES, fuzz/harness.h, whole, then at samples; "
                    "HALLOC_FUZZ_STATS=1 replay counts the bytes)\n");
}

/* A free-all, or an allocation into a full slot, frees blocks its trace line
 * does not name, and a free-all ends with the pristine check's own malloc and
 * free: without this a crash in one of those left the user to guess which
 * call it was (a free-all crashing in malloc reads as a bad free). The
 * pristine probe's requests, before op #0, are no op at all. */
static void print_call_under_way(const struct fuzz_ctx *c)
{
    if (c->pristine_checking) {
        fprintf(stderr, "  every block was freed, and the harness was checking FUZZ_PRISTINE_AFTER_FREE_ALL: stats(), "
                        "then a request of %zu bytes (the largest a fresh heap served) and its free, when this "
                        "happened\n", c->pristine);
    } else if (c->probe_call) {
        fprintf(stderr, "  the probe was in its %s of a request of %zu bytes when this happened\n", c->probe_call,
                c->probe_size);
    } else if (c->freeing) {
        const struct fuzz_block *b = &c->slot[c->freeing - 1];
        fprintf(stderr, "  the allocator was freeing block %d: [%p, +%zu) (%zu requested) when this happened\n",
                c->freeing - 1, (void *)b->ptr, b->usable, b->requested);
        fuzz_maps_print_edge(c, c->freeing - 1);
    } else if (c->reallocating) {
        const struct fuzz_block *b = &c->slot[c->reallocating - 1];
        fprintf(stderr, "  the allocator was reallocating block %d: [%p, +%zu) (%zu requested) to %zu bytes when "
                "this happened\n", c->reallocating - 1, (void *)b->ptr, b->usable, b->requested, c->realloc_size);
        fuzz_maps_print_edge(c, c->reallocating - 1);
    }
}

/* The address a SIGSEGV or SIGBUS faulted at (NULL: none yet), taken before
 * the sanitizer's handler, which prints it but keeps it to itself. */
static void *volatile fault_address;

/* Whether the harness's fill past a request (fuzz_past_request) could have
 * broken what the fault met. Such a fill lies above its block, up to the
 * next live block (exec.c marks the gaps it may have reached, gap_suspect):
 * a free or realloc of a block reads the gaps on both sides of it (its own
 * header below it, the neighbours it merges with), any other call (a
 * malloc taking a free chunk, a stats() walking the heap) any gap. A block
 * merely rounded up, or shrunk in place keeping its room, wrote nothing
 * past a request; a coarse size class's room past one is suspect only near
 * the fault. A rounding is no excuse where the block ends exactly where the
 * next live block begins: whatever the allocator keeps below that block
 * (glibc's 8-byte header, in a 24-byte block's rounding to 32) lies in it. */
static int usable_may_explain(const struct fuzz_ctx *c)
{
    int on = c->freeing ? c->freeing - 1 : c->reallocating ? c->reallocating - 1 : -1, prev, next;
    if (on >= 0) {
        fuzz_index_neighbours(&c->index, (unsigned)on, &prev, &next);
        return fuzz_past_request(&c->slot[on]) || c->slot[on].gap_suspect ||
               (prev >= 0 && fuzz_past_request(&c->slot[prev])) ||
               (next >= 0 ? c->slot[next].gap_suspect : c->top_suspect) ||
               (prev >= 0 && fuzz_filled_below(&c->slot[prev], &c->slot[on])) ||
               (next >= 0 && fuzz_filled_below(&c->slot[on], &c->slot[next]));
    }
    for (unsigned i = 0; i < FUZZ_SLOTS; i++)
        if (fuzz_past_request(&c->slot[i]) || (c->slot[i].ptr && c->slot[i].gap_suspect))
            return 1;
    return c->top_suspect;
}

static void print_crash_context(const char *why)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    const struct fuzz_ctx *c = fuzz_running();
    if (!c)
        return;
    if (!c->phase) {
        fuzz_describe_op(c, c->cur, text, sizeof text);
        fprintf(stderr, "halloc-fuzz: %s at op #%zu: %s%s\n", why, c->cur, text, fuzz_op_note(c));
    } else {
        fprintf(stderr, "halloc-fuzz: %s in %s\n", why, c->phase);
    }
    /* Before op #0 (create, the pristine probe) no op has run. */
    size_t end = !c->phase ? c->cur + 1 : c->cur < c->nops ? 0 : c->nops;
    for (size_t i = end > FUZZ_HISTORY ? end - FUZZ_HISTORY : 0; i < end; i++) {
        fuzz_describe_op(c, i, text, sizeof text);
        fprintf(stderr, "  %s #%-5zu %s\n", i == c->cur ? ">" : " ", i, text);
    }
    print_call_under_way(c);
    fuzz_print_pristine_probed(c);
    char named[128] = "the fault's address"; /* ASan's, found by an interceptor, comes with no signal */
    const void *fault = fault_address ? fault_address : fuzz_asan_report_address(named, sizeof named);
    int copied = fuzz_print_crash_cause(c, fault, named); /* placed by the block being reallocated */
    print_unmapped_double_free(c);
    fuzz_maps_print_discard(c, 0);
    const char *hook_under_way = fuzz_hook_under_way();
    if (hook_under_way && !c->pristine_checking)
        fprintf(stderr, "  the op's calls had returned, and the harness was calling the adapter's %s to check the "
                        "heap when this happened: likely the op left the allocator's records broken\n", hook_under_way);
    if (timing_out && c->touch.verb) {
        print_touch_timed_out(c);
    } else if (!c->phase) {
        fuzz_print_touch(&c->touch, c->slot, c->a->usable_size && c->opt.usable);
        print_block_past_mapping(c);
    }
    /* The fault is the allocator's own, but the harness may have caused it:
     * it fills every byte usable_size reports, and one that overstates lets
     * that fill overwrite a neighbour's header, found broken ops later. */
    int placed = copied || fuzz_print_fault_place(c, fault_address);
    if (!copied && (fault_address || !fuzz_print_asan_region(c, fault, named)))
        fuzz_print_block_place(c, fault, named);
    if (!fault_address)
        fuzz_print_report_places(c);
    if (!c->touch.verb && !placed && !strstr(named, "-param-overlap") && usable_may_explain(c)) { /* no damage */
        fprintf(stderr, "  if the allocator found its own data damaged: the harness wrote past the requested "
                        "bytes of blocks, up to their usable_size; HALLOC_FUZZ_USABLE=off replays with only "
                        "the requested bytes written, and a clean replay then points at usable_size\n");
        if (fuzz_usable_hint_offered) /* replay.c tries it and says which */
            *fuzz_usable_hint_offered = 1;
    }
}

/* ---- which run of a threaded input (run.h) ---- */

static struct { unsigned threads; long run, runs; } thread_run = {0, -1, 0}; /* run -1: none yet */
static _Thread_local int this_thread;

void fuzz_threads_set_run(unsigned threads, long run, long runs)
{
    thread_run.threads = threads;
    thread_run.run = run;
    thread_run.runs = runs;
}

void fuzz_threads_set_thread(int thread) { this_thread = thread; }

static const char fuzzer_run[] = "the fuzzer's run with the threads at once (make replay-threads runs it in "
                                 "lockstep, then REPEAT times at once)";

/* The run, for a line that names it; REPEAT=k has make replay-threads run
 * the lockstep run, then k at once: a replay's run k is reached again (its
 * interleaving may not be), and the lockstep run, deterministic, alone. */
static void print_run(void)
{
    if (thread_run.run < 0)
        fprintf(stderr, "no run yet (the input was being read)");
    else if (thread_run.run == 0)
        fprintf(stderr, "the lockstep run (one op at a time, in input order: REPEAT=0 replays it alone)");
    else if (thread_run.runs)
        fprintf(stderr, "run %ld of %ld with the threads at once, after the lockstep run (REPEAT=%ld replays up to "
                        "it; the interleaving may not come back)", thread_run.run, thread_run.runs, thread_run.run);
    else
        fprintf(stderr, "%s", fuzzer_run);
}

void fuzz_print_thread_run(int thread)
{
    fprintf(stderr, "  run:   thread %d of %u, in ", thread - 1, thread_run.threads);
    print_run();
    fprintf(stderr, "; ops are numbered in each thread's own program\n");
}

void fuzz_print_reproduce(const struct fuzz_ctx *c)
{
    char saved[1024] = "", switches[256], repeat[32] = "";
    if (!c->opt.input && c->opt.saved_as)
        c->opt.saved_as(saved, sizeof saved);
    fuzz_switches_text(switches, sizeof switches); /* as make fuzz's replay line has them */
    if (c->thread && thread_run.runs) /* a replay's run: the one to reach again */
        snprintf(repeat, sizeof repeat, " REPEAT=%ld", thread_run.run);
    fprintf(stderr, "  reproduce: make %s%s%s CRASH=%s, plus the variables of this build (TARGET, SRCS, NAME, MM_API, "
                    "CFLAGS, LDLIBS, FUZZ_HEAP: make fuzz prints the whole command)\n",
            c->thread ? "replay-threads" : "replay", switches, repeat,
            c->opt.input ? c->opt.input : *saved ? saved : "<input file>");
    fflush(stderr);
}

/* Whoever installed it says where the program was; NULL until then. */
static void (*crash_printer)(const char *why);

static void sanitizer_death(void)
{
    fuzz_report_begins();
    crash_printer("sanitizer report above was raised");
}

/* Named as well as numbered: make minimize and the runners tell one signal
 * from another by this line (fuzz/scripts/alone.sh, failure_kind). */
static void name_fault(int sig, char *why, size_t size)
{
    snprintf(why, size, "CRASH (signal %d, %s)", sig,
             sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE" : "SIG?");
}

static void crash_signal(int sig)
{
    char why[48];
    fuzz_oracle_reports();
    name_fault(sig, why, sizeof why);
    crash_printer(why);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Present only in sanitizer builds; weak so plain builds link. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* gcc links libubsan beside libasan, each runtime with its own death
 * callback (clang's is one runtime): without this, a UBSan finding would end
 * the run without the context. Left out of AFL++ builds, which install no
 * crash context and whose compiler warns about any dlopen. */
static void set_ubsan_death_callback(void)
{
#ifndef __AFL_COMPILER
    typedef void (*setter)(void (*)(void));
    void *ubsan = dlopen("libubsan.so.1", RTLD_NOLOAD | RTLD_LAZY);
    if (!ubsan)
        return;
    setter set = (setter)(uintptr_t)dlsym(ubsan, "__sanitizer_set_death_callback");
    if (set && set != __sanitizer_set_death_callback)
        set(sanitizer_death);
    dlclose(ubsan); /* RTLD_NOLOAD took a reference; the library stays loaded */
#endif
}

/* Every sanitizer's report ends with this line, through a hook the runtime
 * lets a program replace. libFuzzer owns the death callback (it saves the
 * input there), so a libFuzzer run says where the program was from here;
 * drivers with a crash printer print from their death callback instead. */
void __sanitizer_report_error_summary(const char *summary);
void __sanitizer_report_error_summary(const char *summary)
{
    fprintf(stderr, "%s\n", summary);
    if (!crash_printer)
        print_crash_context("sanitizer report above was raised");
}

/* ---- an allocator that stops the program itself ---- */

/* An allocator's own abort() (a failed assert(), its check of a double free)
 * or trap raises SIGABRT or SIGILL, which no sanitizer reports: without this
 * a libFuzzer run ended on "deadly signal" and a replay on "signal 6", with
 * no op named. An oracle's abort is the harness's own, its report printed. */
static volatile sig_atomic_t oracle_aborting;
static void (*stop_printer)(const char *why);
static struct sigaction chained[NSIG]; /* what ran before ours, for each signal we take */

void fuzz_oracle_aborts(void) { oracle_aborting = 1; }

/* A report is printing (an oracle's, a crash's, a sanitizer's): a driver's
 * own signal-time lines (verify-traces' progress) wait, so none lands inside
 * it. One that returns (UBSan recovering) ends when the driver's loop goes on. */
static volatile sig_atomic_t report_printing;
void fuzz_report_begins(void) { report_printing = 1; }
void fuzz_report_ended(void) { report_printing = 0; }
int fuzz_report_printing(void) { return report_printing; }

/* Threads of a threaded run (threads.c) can fire oracles at once, and two
 * reports written line by line into each other read as one, naming the
 * wrong ops: the first thread here prints its report whole and aborts, any
 * other waits for that abort, its report unstarted. The reporting thread
 * passes again (an oracle that notes the allocator's refusal first). */
void fuzz_oracle_reports(void)
{
    static atomic_flag taken = ATOMIC_FLAG_INIT;
    static _Thread_local int mine;
    fuzz_report_begins();
    if (mine)
        return;
    if (atomic_flag_test_and_set(&taken))
        for (;;)
            pause();
    mine = 1;
}

static int running_bad_free(void)
{
    const struct fuzz_ctx *c = fuzz_running();
    if (!c || c->phase || c->cur >= c->nops)
        return 0;
    unsigned kind = c->ops[c->cur].kind;
    return kind >= FUZZ_OP_DOUBLE_FREE && kind <= FUZZ_OP_FREE_FOREIGN;
}

static int threaded; /* fuzz_threads_on_crash ran: other threads may be reporting */

/* Hands the signal on to what handled it before ours. */
static void chain(int sig, siginfo_t *info, void *uctx)
{
    const struct sigaction *was = &chained[sig];
    sigaction(sig, was, NULL);
    if ((was->sa_flags & SA_SIGINFO) && was->sa_sigaction) {
        was->sa_sigaction(sig, info, uctx); /* libFuzzer's: saves the input, exits */
        /* Returned: a sanitizer's report in another thread holds the crash
         * (libFuzzer and the sanitizers give way to it) and will save the
         * input and exit. Killed by this signal, the run cut that report off
         * and saved nothing (an oracle's abort under ASan, in half the runs). */
        if (threaded)
            for (;;)
                pause();
    } else if (was->sa_handler != SIG_DFL && was->sa_handler != SIG_IGN)
        was->sa_handler(sig);
    else
        raise(sig); /* blocked until this handler returns, then the default action */
}

/* Notes where a fault was, then hands it on (to the sanitizer's handler,
 * libFuzzer's, or crash_signal); with none before ours (AFL++ turns the
 * sanitizers' off), crash_signal prints the context. */
static void fault_seen(int sig, siginfo_t *info, void *uctx)
{
    const struct sigaction *was = &chained[sig];
    fuzz_report_begins(); /* the sanitizer's report, or crash_signal's context, follows */
    fault_address = info ? info->si_addr : NULL;
    if (crash_printer && !(was->sa_flags & SA_SIGINFO) && was->sa_handler == SIG_DFL)
        crash_signal(sig);
    chain(sig, info, uctx);
}

/* Through the oracles' gate: in a threaded run, an allocator that stops the
 * program while another thread prints an oracle's report waits for that
 * report's abort instead of cutting it off (and an oracle's own abort, its
 * thread holding the gate, passes). */
static void allocator_stopped(int sig, siginfo_t *info, void *uctx)
{
    fuzz_oracle_reports();
    if (!oracle_aborting) {
        stop_printer(sig == SIGABRT ? "CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() "
                                      "or its own check of a bad or double free)"
                                    : "CRASH (SIGILL: the allocator trapped, e.g. __builtin_trap())");
        if (running_bad_free())
            fprintf(stderr, "  this op frees a pointer that is no live block on purpose: an allocator that stops "
                            "the program there detects the misuse but returns no errno, so its adapter must not "
                            "claim FUZZ_DETECTS_BAD_FREE or FUZZ_DETECTS_DOUBLE_FREE (the harness then never "
                            "issues such frees)\n");
    }
    chain(sig, info, uctx);
}

static void take_signal(int sig, void (*handler)(int, siginfo_t *, void *))
{
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = handler;
    ours.sa_flags = SA_SIGINFO | SA_ONSTACK; /* the sanitizer's alternate stack, for a stack overflow */
    sigemptyset(&ours.sa_mask);
    sigaction(sig, &ours, &chained[sig]);
}

static void explain_allocator_stops(void (*print_context)(const char *why))
{
    static int installed; /* twice would chain to itself */
    if (installed)
        return;
    installed = 1;
    stop_printer = print_context;
    take_signal(SIGABRT, allocator_stopped);
    take_signal(SIGILL, allocator_stopped);
    take_signal(SIGSEGV, fault_seen);
    take_signal(SIGBUS, fault_seen);
}

void fuzz_explain_allocator_stops(void) { explain_allocator_stops(print_crash_context); }

void fuzz_on_crash(void (*print_context)(const char *why))
{
    crash_printer = print_context;
    if (!__sanitizer_set_death_callback) { /* before fault_seen, which notes the address and chains to it */
        int sigs[] = {SIGSEGV, SIGBUS, SIGFPE};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            signal(sigs[i], crash_signal);
    }
    explain_allocator_stops(print_context);
    if (__sanitizer_set_death_callback) {
        __sanitizer_set_death_callback(sanitizer_death); /* keeps the sanitizer's own report */
        set_ubsan_death_callback();
    }
}

void fuzz_install_crash_context(void) { fuzz_on_crash(print_crash_context); }

/* AFL++: its fork server's input has no file of its own (the crash context
 * ends with the replay line, naming the copy saved_as makes), and afl-fuzz
 * turns the sanitizers' signal handlers off (handle_segv=0 and the like):
 * a fault with no handler is taken here, then raised again for afl-fuzz.
 * One a sanitizer handles (an ASan build run by hand) is left to it: its
 * report comes whole, then the context from its death callback; taken here,
 * the report was never printed. */
static void print_afl_context(const char *why)
{
    const struct fuzz_ctx *c = fuzz_running();
    print_crash_context(why);
    if (c)
        fuzz_print_reproduce(c);
}

void fuzz_afl_on_crash(void)
{
    fuzz_on_crash(print_afl_context);
    int sigs[] = {SIGSEGV, SIGBUS, SIGFPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction was;
        if (sigaction(sigs[i], NULL, &was) == 0 && !(was.sa_flags & SA_SIGINFO) && was.sa_handler == SIG_DFL)
            signal(sigs[i], crash_signal);
    }
}

/* A threaded run has no one op to name (fuzz_running() is NULL there): the
 * thread's own is named by threads.c. */
static void (*thread_op_namer)(FILE *out, int thread);

static void print_threaded_crash(const char *why)
{
    if (this_thread)
        fprintf(stderr, "halloc-fuzz: %s in thread %d of %u, in ", why, this_thread - 1, thread_run.threads);
    else
        fprintf(stderr, "halloc-fuzz: %s in the main thread after the join, in ", why);
    print_run();
    fprintf(stderr, "; ops are numbered in each thread's own program (make replay-threads PROGRAMS=1 lists "
                    "them)\n");
    if (this_thread && thread_op_namer)
        thread_op_namer(stderr, this_thread);
}

void fuzz_threads_name_stop(const char *why) { print_threaded_crash(why); }

/* ---- raw writes, for a death callback ---- */

void fuzz_raw_write(const char *text) { (void)!syscall(SYS_write, 2, text, strlen(text)); }

void fuzz_raw_write_number(size_t v)
{
    char digits[24], *p = digits + sizeof digits;
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    fuzz_raw_write(p);
}

void fuzz_threads_write_fuzzer_stop(const char *why, void (*write_op)(int thread))
{
    fuzz_raw_write("halloc-fuzz: ");
    fuzz_raw_write(why);
    if (this_thread) {
        fuzz_raw_write(" in thread ");
        fuzz_raw_write_number((size_t)this_thread - 1);
        fuzz_raw_write(" of ");
        fuzz_raw_write_number(thread_run.threads);
        fuzz_raw_write(", in ");
    } else {
        fuzz_raw_write(" in the main thread after the join, in ");
    }
    fuzz_raw_write(fuzzer_run);
    fuzz_raw_write("; ops are numbered in each thread's own program (make replay-threads PROGRAMS=1 lists them)\n");
    if (this_thread)
        write_op(this_thread);
}

/* A fault in a threaded run: named, then handed on (to the sanitizer's or
 * libFuzzer's handler, or the default) once it holds the oracles' gate, so
 * it cannot cut off another thread's report half printed. */
static void threaded_fault(int sig, siginfo_t *info, void *uctx)
{
    char why[48];
    fuzz_oracle_reports();
    name_fault(sig, why, sizeof why);
    print_threaded_crash(why);
    chain(sig, info, uctx);
}

void fuzz_threads_on_crash(void (*name_op)(FILE *out, int thread))
{
    threaded = 1;
    thread_op_namer = name_op;
    explain_allocator_stops(print_threaded_crash);
    int faults[] = {SIGSEGV, SIGBUS, SIGFPE};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        take_signal(faults[i], threaded_fault);
}

static unsigned timeout_seconds;
static struct timespec cpu_when_set; /* the process's CPU time when the timeout was set */

/* CPU seconds the process used since the timeout was set. */
static double cpu_since_set(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
        return (double)timeout_seconds; /* unknown: taken for a loop, as before */
    return (double)(now.tv_sec - cpu_when_set.tv_sec) + (double)(now.tv_nsec - cpu_when_set.tv_nsec) / 1e9;
}

/* Present only in sanitizer builds: where the loop is. */
extern void __sanitizer_print_stack_trace(void) __attribute__((weak));

/* An op that never returns is an allocator stuck in a loop, or waiting;
 * without this the replay of a libFuzzer timeout hangs without a word. A
 * loop spends the time on the CPU, a wait (a course's heap whose failure path
 * kept its mutex) none: under a tenth, on a busy machine, is a wait. */
static void timed_out(int sig)
{
    char why[260];
    const struct fuzz_ctx *c = fuzz_running();
    if (__sanitizer_print_stack_trace)
        __sanitizer_print_stack_trace();
    timing_out = 1;
    if (c && c->touch.verb)
        snprintf(why, sizeof why, "TIMEOUT (still running after %u s, in the harness's own pass over block "
                                  "memory, not in the allocator)", timeout_seconds);
    else if (cpu_since_set() * 10 < (double)timeout_seconds)
        snprintf(why, sizeof why, "TIMEOUT (still waiting after %u s, using no CPU: the allocator is blocked, "
                                  "most often on a lock it took and never released - a return path that skips "
                                  "the unlock - or on one it takes twice)", timeout_seconds);
    else
        snprintf(why, sizeof why, "TIMEOUT (still running after %u s: an endless loop in the allocator, often "
                                  "a cycle in a free list, or a walk over blocks that meets a size of 0)",
                 timeout_seconds);
    print_crash_context(why);
    signal(sig, SIG_DFL);
    raise(sig);
}

void fuzz_set_timeout(unsigned seconds)
{
    timeout_seconds = seconds;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_when_set);
    signal(SIGALRM, seconds ? timed_out : SIG_DFL);
    alarm(seconds);
}
