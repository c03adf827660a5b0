# fuzz/rounds/: the allocators of the adapter rounds kept in the repository,
# their planted bugs and saved findings (fuzz/rounds/README.md).
#
#   make rounds        fuzz planted bugs FUZZ_TIME seconds each (default 60), one
#                      row per bug: found, seconds, oracle, op, first cause line
#                      (ROUND_ALLOCS=, ROUND_BUGS=, ROUND_NOCHECK=1, ROUND_SAVE=1, ROUND_THREADS=1;
#                      fuzz/rounds/run.sh says what each does; not in make check)
#   make rounds-check  each saved finding replayed on its bug's build gives its
#                      recorded oracle, and on the clean build passes (part of make check;
#                      ROUND_REPIN=1 rewrites the pinned verdict and cause lines that changed)

.PHONY: rounds rounds-check

rounds:
	@tools/ensure-deps fuzz
	@FUZZ_TIME='$(FUZZ_TIME)' ROUND_ALLOCS='$(ROUND_ALLOCS)' ROUND_BUGS='$(ROUND_BUGS)' \
	    ROUND_NOCHECK='$(ROUND_NOCHECK)' ROUND_SAVE='$(ROUND_SAVE)' ROUND_THREADS='$(ROUND_THREADS)' fuzz/rounds/run.sh

rounds-check:
	@tools/ensure-deps fuzz
	@$(budget_start)
	@ROUND_REPIN='$(ROUND_REPIN)' fuzz/rounds/check.sh
	@$(call budget_check,$(BUILD)/rounds-check)

CHECK_TARGETS += rounds-check
