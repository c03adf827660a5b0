/*
 * crash-signals.c - when the harness's crash context (crash.c; a threaded
 * run's line, crash-threads.c) is printed: the sanitizers' hooks and
 * default options, their death callbacks, and the handlers for fatal
 * signals and for an allocator's own abort() or trap, each chained to the
 * handler that was there before it (a sanitizer's, libFuzzer's), and the
 * gate that keeps a threaded run's reports whole.
 */
#define _GNU_SOURCE /* ucontext's register names (REG_RAX, ...) */
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crash.h"
#include "harness.h"

/* Under ASan, requests the harness makes on purpose (huge sizes through a
 * malloc-backed adapter) must come back NULL instead of ending the run. */
const char *__asan_default_options(void);
FUZZ_NOT_INSTRUMENTED const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

/* UBSan alone prints a finding's source line but not the function it is in
 * nor who called it (its SUMMARY line ended "in " with no name): the stack
 * says which of the allocator's functions did it. UBSAN_OPTIONS overrides. */
const char *__ubsan_default_options(void);
FUZZ_NOT_INSTRUMENTED const char *__ubsan_default_options(void) { return "print_stacktrace=1"; }

/* What fault_seen notes of a fault is each thread's own (_Thread_local, as
 * the report that reads it is printed by the thread that faulted): shared,
 * several threads faulting at once wrote it unlocked, a race of the
 * harness's own that ThreadSanitizer reported in place of the fault. */

/* The signal (SIGSEGV, SIGBUS) this thread faulted with; 0: none yet. */
static _Thread_local volatile int fault_signal;

const char *fuzz_tsan_stop_why(int *fault)
{
    *fault = fault_signal != 0;
    if (fault_signal == SIGSEGV)
        return "the fault (SIGSEGV) of ThreadSanitizer's report above";
    if (fault_signal == SIGBUS)
        return "the fault (SIGBUS) of ThreadSanitizer's report above";
    return "the first access of ThreadSanitizer's report above";
}

/* The address a SIGSEGV or SIGBUS faulted at (NULL: none yet), taken before
 * the sanitizer's handler, which prints it but keeps it to itself. */
static _Thread_local void *volatile fault_address;
void *fuzz_fault_address(void) { return fault_address; }

/* A SIGSEGV in the null page (unmapped there: SEGV_MAPERR; a non-canonical
 * address's fault gives address 0 too, as SI_KERNEL) is a NULL pointer
 * followed, which fault_address alone cannot tell from no address at all. */
static _Thread_local volatile int fault_null_page;
int fuzz_fault_in_null_page(void) { return fault_null_page; }

/* A SIGSEGV the kernel sent with no address (SI_KERNEL): on x86-64 a
 * general-protection fault, which a non-canonical address (its bits 47-63
 * not all alike) raises: ASan says "SEGV on unknown address (pc ...)" and
 * hints at "a high value address", and nothing could be placed. The
 * registers that held such an address are kept for the report. */
static _Thread_local volatile int fault_wild;
static _Thread_local struct fuzz_wild_register wild_register[FUZZ_WILD_REGISTERS];
static _Thread_local volatile size_t wild_registers;

int fuzz_fault_wild(const struct fuzz_wild_register **regs, size_t *count)
{
    *regs = wild_register;
    *count = fault_wild ? wild_registers : 0;
    return fault_wild;
}

static void keep_wild_registers(const void *uctx)
{
    wild_registers = 0;
#if defined(__x86_64__) && defined(REG_RAX)
    static const struct { const char *name; int reg; } gpr[] = {
        {"rax", REG_RAX}, {"rbx", REG_RBX}, {"rcx", REG_RCX}, {"rdx", REG_RDX}, {"rsi", REG_RSI},
        {"rdi", REG_RDI}, {"rbp", REG_RBP}, {"r8", REG_R8},   {"r9", REG_R9},   {"r10", REG_R10},
        {"r11", REG_R11}, {"r12", REG_R12}, {"r13", REG_R13}, {"r14", REG_R14}, {"r15", REG_R15}};
    const ucontext_t *uc = uctx;
    for (size_t i = 0; uc && i < sizeof gpr / sizeof gpr[0] && wild_registers < FUZZ_WILD_REGISTERS; i++) {
        uint64_t v = (uint64_t)uc->uc_mcontext.gregs[gpr[i].reg], top = v >> 47;
        if (top != 0 && top != 0x1ffff)
            wild_register[wild_registers++] = (struct fuzz_wild_register){gpr[i].name, v};
    }
#else
    (void)uctx;
#endif
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
 * drivers with a crash printer print from their death callback instead.
 * A copy between overlapping ranges waits for its text (sanitizer-reports.c). */
static int context_waits; /* for the overlap's text */
static int stack_ran_out; /* ASan's stack-overflow: its report names no address the context can place */
void __sanitizer_report_error_summary(const char *summary);
void __sanitizer_report_error_summary(const char *summary)
{
    stack_ran_out = strstr(summary, ": stack-overflow ") != NULL;
    fprintf(stderr, "%s\n", summary);
    if (!crash_printer && strstr(summary, "-param-overlap") && fuzz_overlap_text_follows())
        context_waits = 1;
    else if (!crash_printer)
        fuzz_print_crash_context("sanitizer report above was raised");
}

/* A recursion with no end in the allocator: round 15b's treap, a rotation
 * that relinked a node below itself, stopped with ASan's stack-overflow and
 * no word on what recursed or why. */
void fuzz_print_stack_ran_out(void)
{
    if (!stack_ran_out)
        return;
    fprintf(stderr, "  the allocator's call used up the stack (ASan's stack-overflow, its frames above repeating the "
                    "function that recursed): likely a walk of a tree or list whose links lead back to a node "
                    "already on its path, a cycle (a node linked below itself, as a rotation or a delete that "
                    "relinks a node twice leaves, or a record freed while still linked and then reused); the op "
                    "named met the cycle, an earlier one may have made it\n");
}

void fuzz_overlap_text_kept(void)
{
    if (context_waits) {
        context_waits = 0;
        fuzz_print_crash_context("sanitizer report above was raised");
    }
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
/* Atomic, not only volatile: in a threaded run one thread's report begins while
 * another's munmap reads this (maps.c), and ThreadSanitizer stopped the run on
 * that race of the harness's own, its report in place of the oracle's. */
void fuzz_report_begins(void) { __atomic_store_n(&report_printing, 1, __ATOMIC_RELAXED); }
void fuzz_report_ended(void) { __atomic_store_n(&report_printing, 0, __ATOMIC_RELAXED); }
int fuzz_report_printing(void) { return __atomic_load_n(&report_printing, __ATOMIC_RELAXED); }

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

/* A stop in the free or realloc of a block a realloc shrank in place: a
 * debugging allocator's fence or canary checked there, left at the block's
 * old end, meets the harness's bytes (round 17: told only of the free). */
static void print_stopped_at_shrunk(void)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_ctx *c = fuzz_running();
    int slot = !c ? -1 : c->freeing ? c->freeing - 1 : c->reallocating ? c->reallocating - 1 : -1;
    const struct fuzz_cut *k;
    for (size_t i = 0; slot >= 0 && (k = fuzz_cut_newest(c, i)); i++)
        if (k->slot == slot && k->at >= c->slot[slot].made_at) {
            fprintf(stderr, "  block %s%d was shrunk in place %s, its usable size from %zu to %zu: if the "
                            "allocator checks a block's end here (a fence, canary or footer), one left where the "
                            "block used to end, or a size kept stale, meets the harness's bytes: move the mark "
                            "with the size\n", FUZZ_BLOCK_NO(slot), fuzz_call_when(c, NULL, k->at, when, sizeof when),
                    k->from, k->to);
            return;
        }
}

/* A double free's first free, the free of another block between its two,
 * or the trim() between them: calls of live blocks any allocator must take,
 * so a stop there is no refusal of the misuse (round 17: a debugging
 * allocator's fence check at a valid free, and its quarantine's check in
 * the trim, were told to drop FUZZ_DETECTS_DOUBLE_FREE). */
static void print_stopped_before_misuse(void)
{
    const struct fuzz_ctx *c = fuzz_running();
    if (!c || c->phase || c->cur >= c->nops || c->ops[c->cur].kind != FUZZ_OP_DOUBLE_FREE || c->freeing_again)
        return;
    const char *where = c->trimming ? "the trim() run between its two frees"
                        : c->freeing && (unsigned)(c->freeing - 1) != c->ops[c->cur].slot
                            ? "the free of another live block between its two frees"
                            : "its first free, of a live block";
    fprintf(stderr, "  it stopped before this op's second free, the misuse: in %s, a call any allocator must take, "
                    "so its own check found something wrong there (a fence or canary around a block, a freed "
                    "block's fill, a list), not the double free\n", where);
}

const struct fuzz_freed *fuzz_allocating_after_free(const struct fuzz_ctx *c)
{
    if (c && c->trimming)
        return fuzz_freed_newest(c, 0);
    if (!c || c->phase || c->cur >= c->nops)
        return NULL;
    unsigned kind = c->ops[c->cur].kind;
    int allocates = kind == FUZZ_OP_MALLOC || kind == FUZZ_OP_CALLOC || kind == FUZZ_OP_REALLOC ||
                    kind == FUZZ_OP_ALIGNED || kind == FUZZ_OP_HOLD || kind == FUZZ_OP_REFILL;
    return allocates ? fuzz_freed_newest(c, 0) : NULL;
}

/* An allocation that stops the program after a free: if it was a hardened
 * allocator's check of its own free-list data (a shadowed or encoded link, a
 * check value), the harness wrote none of it, so the free that pushed the
 * block likely wrote it wrong (round 14b: a push that left the shadow stale
 * was told only of an abort in malloc). */
static void print_stopped_after_free(void)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_ctx *c = fuzz_running();
    const struct fuzz_freed *f = fuzz_allocating_after_free(c);
    if (!f)
        return;
    fprintf(stderr, "  it stopped in %s after a free: if the allocator checked its own free-list data "
                    "there (a link's shadow or check value, a canary, a freed block's fill), the harness wrote none "
                    "of it (only live blocks' usable bytes), so the free that put the block on its list likely "
                    "wrote it wrong, or the check reads more than that free wrote; the latest: block %s%d, [%p, "
                    "+%zu), freed %s\n", c->trimming ? "trim()" : "an allocation", FUZZ_BLOCK_NO(f->slot),
            (const void *)f->ptr, f->usable, fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
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
    fault_signal = sig;
    fault_address = info ? info->si_addr : NULL;
    fault_null_page = info && sig == SIGSEGV && info->si_code == SEGV_MAPERR && (uintptr_t)info->si_addr < 4096;
    fault_wild = info && sig == SIGSEGV && info->si_code == SI_KERNEL && !info->si_addr;
    if (fault_wild)
        keep_wild_registers(uctx);
    if (crash_printer && !(was->sa_flags & SA_SIGINFO) && was->sa_handler == SIG_DFL)
        crash_signal(sig);
    chain(sig, info, uctx);
}

/* Through the oracles' gate: in a threaded run, an allocator that stops the
 * program while another thread prints an oracle's report waits for that
 * report's abort instead of cutting it off (and an oracle's own abort, its
 * thread holding the gate, passes). */
static volatile sig_atomic_t allocator_stopping;
int fuzz_allocator_stopped(void) { return allocator_stopping; }

static void allocator_stopped(int sig, siginfo_t *info, void *uctx)
{
    fuzz_oracle_reports();
    if (!oracle_aborting) {
        allocator_stopping = 1; /* a bad free's line (crash.c) then names the claim, not a free that trusted bytes */
        stop_printer(sig == SIGABRT ? "CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() "
                                      "or its own check of a bad or double free)"
                                    : "CRASH (SIGILL: the allocator trapped, e.g. __builtin_trap())");
        print_stopped_after_free();
        print_stopped_before_misuse();
        print_stopped_at_shrunk();
    }
    chain(sig, info, uctx);
}

/* Ours for sig; what ran before it kept in *was (NULL: left as it was). */
static void install(int sig, void (*handler)(int, siginfo_t *, void *), struct sigaction *was)
{
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = handler;
    ours.sa_flags = SA_SIGINFO | SA_ONSTACK; /* the sanitizer's alternate stack, for a stack overflow */
    sigemptyset(&ours.sa_mask);
    sigaction(sig, &ours, was);
}

static void take_signal(int sig, void (*handler)(int, siginfo_t *, void *)) { install(sig, handler, &chained[sig]); }

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

void fuzz_explain_allocator_stops(void) { explain_allocator_stops(fuzz_print_crash_context); }

void fuzz_on_crash(void (*print_context)(const char *why))
{
    static int handled; /* replay -n calls it per input: again, it put crash_signal in fault_seen's place */
    crash_printer = print_context;
    if (!__sanitizer_set_death_callback && !handled++) { /* before fault_seen, which notes the address and chains to it */
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

void fuzz_install_crash_context(void) { fuzz_on_crash(fuzz_print_crash_context); }

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
    fuzz_print_crash_context(why);
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

static int fault_named_at_death; /* fuzz_threads_fault_named_at_death */
void fuzz_threads_fault_named_at_death(void) { fault_named_at_death = 1; }

/* A fault in a threaded run: named (unless a ThreadSanitizer death callback
 * names it after TSan's report of it, fuzz_threads_fault_named_at_death), then handed on (to the sanitizer's or
 * libFuzzer's handler, or the default) once it holds the oracles' gate, so
 * it cannot cut off another thread's report half printed. A SIGSEGV or
 * SIGBUS goes through fault_seen, which notes the address and hands it on. */
static void threaded_fault(int sig, siginfo_t *info, void *uctx)
{
    char why[48];
    fuzz_oracle_reports();
    name_fault(sig, why, sizeof why);
    if (!fault_named_at_death || (sig != SIGSEGV && sig != SIGBUS))
        fuzz_threads_name_stop(why);
    if (sig == SIGSEGV || sig == SIGBUS)
        fault_seen(sig, info, uctx);
    else
        chain(sig, info, uctx);
}

void fuzz_threads_on_crash(void (*name_op)(FILE *out, int thread))
{
    threaded = 1;
    fuzz_threads_name_ops_by(name_op);
    explain_allocator_stops(fuzz_threads_name_stop);
    take_signal(SIGFPE, threaded_fault);
    /* Over fault_seen, whose chained[] entry must stay what ran before it:
     * taken again, that entry became fault_seen itself, which then called
     * itself until its stack ran out, and the process died of SIGSEGV with
     * no sanitizer's or libFuzzer's handler run, so a fault in a thread of
     * make fuzz-threads saved no input (round 12: four runs of a
     * thread-caching allocator). */
    install(SIGSEGV, threaded_fault, NULL);
    install(SIGBUS, threaded_fault, NULL);
}
