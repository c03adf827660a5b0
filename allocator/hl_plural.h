/*
 * hl_plural.h - the one "s" after a count: "1 op", "2 ops", "0 blocks". The
 * library's dump, the preload shim's exit line and the fuzzing harness's
 * reports and verdicts all count things ("ok (1 ops)" was one), and are
 * built on their own: so a header alone, as hl_switch.h is.
 */
#ifndef HL_PLURAL_H
#define HL_PLURAL_H

/* "s" after a count other than 1. */
static inline const char *hl_plural_s(unsigned long long n) { return n == 1 ? "" : "s"; }

#endif /* HL_PLURAL_H */
