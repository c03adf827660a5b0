# mutants/build.mk - the planted-bug suite: proves the fuzzing harness finds
# real allocator bugs (mutants/README.md).
#
#   make mutants [MUTANT_TIME=s] [MUTANTS="names"] [ENGINES="libfuzzer afl"]
#                                  fuzz every mutant from an empty corpus, print the table
#   make mutants-check             every patch still applies and builds warning-free (no fuzzing)

MUTANT_TIME ?= 120
MUTANTS     ?=
ENGINES     ?= libfuzzer afl
MUTANT_SEED ?= 1
MUTANT_PARALLEL ?= 2
MUTANT_ENV = MUTANT_TIME='$(MUTANT_TIME)' MUTANTS='$(MUTANTS)' ENGINES='$(ENGINES)' \
             MUTANT_SEED='$(MUTANT_SEED)' MUTANT_PARALLEL='$(MUTANT_PARALLEL)' BUILD='$(BUILD)' \
             MAKE='$(MAKE)' MUTANT_CFLAGS='$(CSTD) $(WARN) $(OPT)'

.PHONY: mutants mutants-check

mutants:
	@$(call ensure_deps,fuzz)
	@$(MUTANT_ENV) mutants/run.sh

mutants-check:
	@$(MUTANT_ENV) mutants/run.sh --check

CHECK_TARGETS += mutants-check
