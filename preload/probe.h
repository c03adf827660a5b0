/* probe.h - between the probe's two files (see probe.c). */
#ifndef HALLOC_PROBE_H
#define HALLOC_PROBE_H

/* Runs the trace, exit-line or descriptor mode argv[1] names (probe-modes.c)
 * and returns its exit status; -1 if argv names none of them. */
int run_single_mode(int argc, char **argv);

#endif
