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

/* HALLOC_CHECK_EVERY and HALLOC_NOABORT belong to the debug build. The debug
 * shim validates them here, before the program runs: the library reads them
 * at its first check and its first report, which a program that never
 * allocates, or has no bug, never reaches. The plain shim checks nothing per
 * call, so a HALLOC_CHECK_EVERY there would be a silent promise of checks. */
static void read_debug_settings(void)
{
#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
    (void)hl_debug_check_every();
    (void)switch_on("HALLOC_NOABORT");
#else
    const char *text = hl_env("HALLOC_CHECK_EVERY");
    if (!text)
        return;
    shim_say(SHIM_WHO "HALLOC_CHECK_EVERY='%s' has no effect in libhalloc-preload.so, which checks nothing per "
             "call; preload libhalloc-preload-debug.so for it, or unset it\n", SHIM_WHO_ARGS, text);
    abort();
#endif
}

int shim_read_settings(void)
{
    int exit_check = switch_on("HALLOC_PRELOAD_CHECK");
    read_debug_settings();
    return exit_check;
}
