/*
 * settings.c - the settings the shim reads when it loads and checks before
 * the program runs: HALLOC_PRELOAD_CHECK (the exit check, exit-check.c) and
 * the debug library's HALLOC_CHECK_EVERY and HALLOC_NOABORT. A value the
 * shim cannot keep stops the program with one line saying what to do. The
 * others are read where they act: HALLOC_PRELOAD_CACHE (default-heap.c),
 * HALLOC_PRELOAD_LOG (log.c), HALLOC_PRELOAD_TRACE (record.c).
 */
#include "hl_switch.h"
#include "internal.h"
#include "log.h"
#include "shim.h"

#include <stdlib.h>

/* A switch (hl_switch.h) read at load: whether it is on. Any value but a
 * switch word stops the program: a typo must not pass for either. */
static int switch_on(const char *name)
{
    const char *want = hl_env(name);
    int on = hl_switch_value(want);
    if (on == HL_SWITCH_BAD) {
        shim_say(SHIM_WHO HL_SWITCH_REFUSED, SHIM_WHO_ARGS, name, want);
        abort();
    }
    return on == HL_SWITCH_ON;
}

#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
#define SHIM_FILE "libhalloc-preload-debug.so"
#else
#define SHIM_FILE "libhalloc-preload.so"
#endif

/* A debug build's setting that this shim would take and not keep: said,
 * with why (because) and what to do, and the program stops. */
static void refuse_debug_setting(const char *name, const char *because)
{
    shim_say(SHIM_WHO "%s='%s' has no effect in " SHIM_FILE ", which %s, or unset it\n", SHIM_WHO_ARGS, name,
             hl_env(name), because);
    abort();
}

/* Both shims abort at every misuse, stdout written out first (the debug
 * library returns its report to the shim: hl_debug_host_aborts), as free
 * cannot tell the program it failed: HALLOC_NOABORT on would be a promise
 * not kept, so only off is taken. A bad value is refused. */
static void refuse_noabort(void)
{
    if (switch_on("HALLOC_NOABORT"))
        refuse_debug_setting("HALLOC_NOABORT", "aborts at a misuse whatever it says (free cannot tell the program "
                                               "it failed); set it to 0");
}

#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
/* HALLOC_CHECK_EVERY belongs to the debug build. The debug shim validates it
 * here, before the program runs: the library reads it at its first check,
 * which a program that never allocates never reaches. */
static void read_debug_settings(void)
{
    (void)hl_debug_check_every();
    refuse_noabort();
}
#else
/* The plain shim checks nothing per call, so a HALLOC_CHECK_EVERY there would
 * be a silent promise of checks. */
static void read_debug_settings(void)
{
    if (hl_env("HALLOC_CHECK_EVERY"))
        refuse_debug_setting("HALLOC_CHECK_EVERY",
                             "checks nothing per call; preload libhalloc-preload-debug.so for it");
    refuse_noabort();
}
#endif

int shim_read_settings(void)
{
    int exit_check = switch_on("HALLOC_PRELOAD_CHECK");
    read_debug_settings();
    return exit_check;
}
