# tools/caller-vars.mk - the caller's variables a check must not inherit: the
# HALLOC_* switches and the make variables that choose what is fuzzed and how.
# The Makefile drops them from the environment for a check goal; a check
# script run by hand drops them itself (tools/caller-env.sh). One line each:
# tools/caller-env.sh reads them with sed.
CALLER_VARS := HALLOC_% FUZZ_% SWEEP SWEEP_% TARGET SRCS NAME MM_API CFLAGS CXXFLAGS LDFLAGS LDLIBS LIB_FUZZING_ENGINE JOBS FROM_EMPTY SEEDS SEEDS_ONLY CRASH REPEAT BEFORE TIMEOUT TRACES VERIFY_TRACES VERIFY_ARGS SUBMISSIONS ROUND_% KEEP MIN_MISMATCHES
# A check's own knob, which stays (make check-caller-env).
CALLER_KEEP := FUZZ_CHECK_TIME
