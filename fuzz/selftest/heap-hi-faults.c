/*
 * heap-hi-faults.c - memlib's mem_heap_hi() (memlib.c compiled with
 * -Dmem_heap_hi=memlib_heap_hi_kept) that faults when asked inside a fault's
 * handler (SIGSEGV blocked), as a contains() that walks a heap the fault
 * left damaged would: the malloc-lab adapter's contains() reads it, and the
 * crash context asks contains() where the heap ends (walk-off.c). The report
 * must come whole all the same (check-sanitizer-places.sh).
 */
#include <signal.h>
#include <stdint.h>

#include "memlib.h"

void *memlib_heap_hi_kept(void);

void *mem_heap_hi(void)
{
    sigset_t blocked;
    if (sigprocmask(SIG_BLOCK, NULL, &blocked) == 0 && sigismember(&blocked, SIGSEGV))
        *(volatile char *)(uintptr_t)16 = 1;
    return memlib_heap_hi_kept();
}
