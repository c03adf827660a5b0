# fuzz/sweep.mk - the deterministic sweep (fuzz/sweep.c; fuzz/SWEEP.md).
#
#   make fuzz-sweep [SWEEP_MAX=n] [SWEEP_ALIGN=a] [SWEEP_STAGES=malloc,...] [FUZZ_KEEP_GOING=1]
#                   every cell of a grid of sizes and alignments, each a short program run under
#                   the oracles (ASan+UBSan, as make replay), no engine; TARGET=adapter.c SRCS=...
#                   as make fuzz. A finding is saved as crashes/<name>/sweep-CELL.txt with its
#                   make replay line
#   make fuzz-check-sweep (make check) an uninstrumented library with two off-grid bugs: the
#                   sweep names both, and their saved traces replay to the same reports; halloc
#                   and glibc sweep clean

FUZZ_SWEEP     = $(FUZZ_OUT)/sweep
FUZZ_SWEEP_SRC = $(FUZZ_SWEEP_DRIVERS)
FUZZ_SWEEP_ARGS = $(if $(SWEEP_MAX),-m '$(SWEEP_MAX)') $(if $(SWEEP_ALIGN),-a '$(SWEEP_ALIGN)') \
                  $(if $(SWEEP_STAGES),-s '$(SWEEP_STAGES)') $(if $(FUZZ_KEEP_GOING_ON),-k)

# Built as replay-cc is (its objects, its own two among them; ASan+UBSan): a finding replays under the same build.
$(FUZZ_SWEEP): $(FUZZ_SWEEP_SRC) $(FUZZ_DEPS) $(call fuzz_objs,replay-cc,$(FUZZ_SWEEP_SRC) $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,replay-cc) $(call fuzz_linked,replay-cc,$(FUZZ_SWEEP_SRC) $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

# make fuzz sweeps first where coverage says nothing of the allocator: an
# adapter linked as a library (LDLIBS, or the shipped jemalloc and mimalloc
# adapters). SWEEP=1: for any adapter; SWEEP=0: never (fuzz/SWEEP.md).
fuzz_bad_SWEEP = $(if $(filter-out 0 1,$(SWEEP)),SWEEP='$(SWEEP)'$(1) means nothing; SWEEP=1 has make fuzz sweep \
  first for any adapter$(comma) SWEEP=0 for none$(comma) unset for an adapter linked as a library)
FUZZ_VAR_GOALS_SWEEP = fuzz fuzz-fast fuzz-lab-batch # its readers (fuzz/vars.mk; the batch's rows are make fuzz)
$(call fuzz_vars_checked,SWEEP) # fuzz/vars.mk
FUZZ_SWEEP_FIRST_ON = $(if $(SWEEP),$(filter 1,$(SWEEP)),$(strip $(LDLIBS)$(FUZZ_KNOWN_LIBS)))
# The binary make fuzz builds for it, and the sweep: a finding stops make
# fuzz (with FUZZ_KEEP_GOING=1 the sweep goes on past it, then the fuzzing).
# It is named by a phony goal with a recipe: the binary as a goal of make fuzz's
# sub-make printed "make[1]: '.../sweep' is up to date." above the sweep.
FUZZ_SWEEP_FIRST_BIN = $(if $(FUZZ_SWEEP_FIRST_ON),fuzz-sweep-build)
FUZZ_SWEEP_FIRST = $(if $(FUZZ_SWEEP_FIRST_ON),echo "$@: sweeping first (an allocator linked as a library: fuzz/SWEEP.md; SWEEP=0 skips)" && \
                   mkdir -p $(FUZZ_CRASHES) && { $(FUZZ_SWEEP_RUN) $(if $(FUZZ_KEEP_GOING_ON),|| true); },true)
FUZZ_SWEEP_RUN = $(FUZZ_SWEEP) $(FUZZ_SWEEP_ARGS) -o $(FUZZ_CRASHES) -R $(call fuzz_quoted,$(call fuzz_join,make replay,$(FUZZ_VARS)))

.PHONY: fuzz-sweep fuzz-check-sweep fuzz-sweep-build
FUZZ_VAR_GOALS += fuzz-sweep fuzz-sweep-build # fuzz/vars.mk
fuzz-sweep-build: $(FUZZ_SWEEP)
	@:
fuzz-sweep: $(FUZZ_SWEEP)
	@mkdir -p $(FUZZ_CRASHES)
	@$(FUZZ_SWEEP_RUN)

fuzz-check-sweep:
	@$(budget_start)
	@MAKE='$(MAKE)' BUILD='$(BUILD)' fuzz/scripts/check-sweep.sh
	@$(call budget_check,$(BUILD)/fuzz/selftest/sweep)
