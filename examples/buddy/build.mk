# examples/buddy/: a binary buddy allocator with planted bugs, fuzzed through
# its own adapter (examples/buddy/README.md).
#
#   make buddy-check    the correct build fuzzes clean for a fixed number of
#                       runs, three planted bugs are named by their oracle
#                       (part of make check; a few seconds)
#   make buddy-detect   every planted bug fuzzed from the seeds, one row per bug:
#                       seconds to the first crash and what named it
#                       (FUZZ_TIME=s a bug, default 60; not in make check)

.PHONY: buddy-check buddy-detect

buddy-check:
	@tools/ensure-deps fuzz
	@$(budget_start)
	@CHECK_JOBS='$(CHECK_JOBS)' examples/buddy/check.sh
	@$(call budget_check,$(BUILD)/buddy-check)

buddy-detect:
	@tools/ensure-deps fuzz
	@FUZZ_TIME='$(FUZZ_TIME)' examples/buddy/detect.sh

CHECK_TARGETS += buddy-check
