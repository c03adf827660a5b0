/*
 * hl_switch.h - the one reading of a HALLOC_* environment variable (hl_env:
 * empty is unset) and of an on/off switch among them: the debug library's
 * HALLOC_NOABORT, the preload shim's HALLOC_PRELOAD_CHECK, the fuzzing
 * harness's HALLOC_FUZZ_* (fuzz/run.c) and the hardening fuzzer's
 * HALLOC_HARDENING_TRACE. Each of those is built on its own (the harness
 * also without halloc), so this is a header alone; each caller prints the
 * refusal its own way (the shim cannot use stdio).
 */
#ifndef HL_SWITCH_H
#define HL_SWITCH_H

#include <stdlib.h>
#include <string.h>

/* A refused value, after the caller's "who: ": printf arguments NAME, VALUE. */
#define HL_SWITCH_REFUSED                                                                                           \
    "%s='%.64s' is not a switch value; use off, 0 or no, or on, 1 or yes, or leave it unset for the default\n"

/* NAME's value, or NULL when it is unset or empty: "VAR=" (a script's
 * "VAR=$maybe" left empty) keeps the default, as most programs read their
 * environment. The library, the shims and the harness's switches read their
 * HALLOC_* settings through here, so none stops a program over an empty
 * value that another takes as unset (HALLOC_PRELOAD_CACHE= did). */
static inline const char *hl_env(const char *name)
{
    const char *text = getenv(name);
    return text && *text ? text : NULL;
}

enum { HL_SWITCH_BAD = -2, HL_SWITCH_UNSET = -1, HL_SWITCH_OFF = 0, HL_SWITCH_ON = 1 };

/* TEXT from hl_env: HL_SWITCH_UNSET for NULL (the default stands), OFF, ON,
 * or BAD for anything else: a typo such as "of" must not pass for either. */
static inline int hl_switch_value(const char *text)
{
    static const char *const off[] = {"off", "0", "no"}, *const on[] = {"on", "1", "yes"};
    if (!text)
        return HL_SWITCH_UNSET;
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
        if (strcmp(text, off[i]) == 0)
            return HL_SWITCH_OFF;
        if (strcmp(text, on[i]) == 0)
            return HL_SWITCH_ON;
    }
    return HL_SWITCH_BAD;
}

#endif /* HL_SWITCH_H */
