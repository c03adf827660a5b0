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
/* HALLOC_CHECK_EVERY and HALLOC_NOABORT belong to the debug build. The debug
 * shim validates them here, before the program runs: the library reads them
 * at its first check and its first report, which a program that never
 * allocates, or has no bug, never reaches. */
static void read_debug_settings(void)
{
    (void)hl_debug_check_every();
    (void)switch_on("HALLOC_NOABORT");
}
#else
/* A debug build's setting that the plain shim would take and not keep:
 * said, with why (because) and what to do, and the program stops. */
static void refuse_debug_setting(const char *name, const char *because)
{
    shim_say(SHIM_WHO "%s='%s' has no effect in libhalloc-preload.so, which %s, or unset it\n", SHIM_WHO_ARGS, name,
             hl_env(name), because);
    abort();
}

/* The plain shim checks nothing per call, so a HALLOC_CHECK_EVERY there would
 * be a silent promise of checks; and it aborts at every misuse, as the debug
 * shim does whatever HALLOC_NOABORT says (free cannot tell the program it
 * failed), so only HALLOC_NOABORT=off is kept. A bad value is refused as in
 * the debug shim. */
static void read_debug_settings(void)
{
    if (hl_env("HALLOC_CHECK_EVERY"))
        refuse_debug_setting("HALLOC_CHECK_EVERY",
                             "checks nothing per call; preload libhalloc-preload-debug.so for it");
    if (switch_on("HALLOC_NOABORT"))
        refuse_debug_setting("HALLOC_NOABORT", "aborts at a misuse whatever it says (free cannot tell the program "
                                               "it failed); set it to 0");
}
#endif

int shim_read_settings(void)
{
    int exit_check = switch_on("HALLOC_PRELOAD_CHECK");
    read_debug_settings();
    return exit_check;
}
