# fuzz/lab-batch.mk - a class's malloc-lab submissions, one row each (fuzz/GRADING.md).
#
#   make fuzz-lab-batch SUBMISSIONS='subs/*/mm.c' [FUZZ_TIME=s] [JOBS=n] [MM_API=...]
#        [TRACES="t/*.rep"] [FUZZ_INPUT_TIMEOUT=s] [FUZZ_BATCH_SEED=n] [FUZZ_BATCH_DIR=dir]
#        [FUZZ_BATCH_MIN_INPUTS=n]
#
# Each mm.c is built (a compile error is a row), fuzzed FUZZ_TIME seconds
# (default 30) from the seeds alone with libFuzzer's seed fixed, each input
# stopped after FUZZ_INPUT_TIMEOUT seconds (default: halloc.options'), its
# lab traces replayed when TRACES names some; the table goes to the screen
# and to FUZZ_BATCH_DIR/summary.tsv (fuzz/scripts/lab-batch.sh).

FUZZ_BATCH_DIR     ?= $(BUILD)/fuzz-lab-batch
FUZZ_BATCH_SEED    ?= 1
# Fewer inputs than this, and a row that found nothing is "barely fuzzed".
FUZZ_BATCH_MIN_INPUTS ?= 1000
FUZZ_INPUT_TIMEOUT ?= $(FUZZ_TIMEOUT)
ifneq ($(filter fuzz-lab-batch,$(MAKECMDGOALS)),)
ifeq ($(call FUZZ_WHOLE,$(FUZZ_INPUT_TIMEOUT)),)
$(error FUZZ_INPUT_TIMEOUT='$(FUZZ_INPUT_TIMEOUT)' is not a whole number of seconds >= 1; e.g. FUZZ_INPUT_TIMEOUT=5)
endif
ifeq ($(call FUZZ_WHOLE,$(FUZZ_BATCH_SEED)),)
$(error FUZZ_BATCH_SEED='$(FUZZ_BATCH_SEED)' is not a whole number >= 1: libFuzzer's -seed, the same for every submission)
endif
ifeq ($(call FUZZ_WHOLE,$(FUZZ_BATCH_MIN_INPUTS)),)
$(error FUZZ_BATCH_MIN_INPUTS='$(FUZZ_BATCH_MIN_INPUTS)' is not a whole number >= 1: the inputs below which a clean row is "barely fuzzed"; e.g. FUZZ_BATCH_MIN_INPUTS=1000)
endif
endif
# libFuzzer's options of make fuzz, but the input timeout and the memory cap
# (lab-batch-one.sh adds the batch's, BATCH_MEM_LIMIT_MB); the seed fixed,
# so that every submission meets the same mutations first; and the
# allocator's stdout closed (a printf in mm_malloc would fill the log).
FUZZ_BATCH_LF_OPTS = $(filter-out -timeout=% -rss_limit_mb=%,$(FUZZ_LF_OPTS)) -timeout=$(FUZZ_INPUT_TIMEOUT) \
                     -seed=$(FUZZ_BATCH_SEED) -close_fd_mask=1

.PHONY: fuzz-lab-batch fuzz-check-lab-batch
FUZZ_VAR_GOALS += fuzz-lab-batch # fuzz/vars.mk
fuzz-lab-batch:
	@$(if $(strip $(SUBMISSIONS)),true,echo "fuzz-lab-batch: say which mm.c files: make fuzz-lab-batch \
		SUBMISSIONS='subs/*/mm.c' (fuzz/GRADING.md)"; exit 2)
	@$(call ensure_deps,fuzz)
	@$(MAKE) -q --no-print-directory $(FUZZ_TOOL) || $(MAKE) --no-print-directory $(FUZZ_TOOL)
	@MAKE='$(MAKE)' BUILD='$(BUILD)' FUZZ_TIME='$(or $(FUZZ_TIME),30)' JOBS='$(JOBS)' MM_API='$(MM_API)' \
		TRACES='$(subst ','\'',$(if $(filter file undefined,$(origin TRACES)),,$(TRACES)))' BATCH_TIMEOUT='$(FUZZ_INPUT_TIMEOUT)' \
		HALLOC_FUZZ_TIMEOUT_KNOB='FUZZ_INPUT_TIMEOUT=SECONDS on make fuzz-lab-batch' \
		BATCH_SEED='$(FUZZ_BATCH_SEED)' BATCH_LF_OPTS='$(FUZZ_BATCH_LF_OPTS)' BATCH_MIN_INPUTS='$(FUZZ_BATCH_MIN_INPUTS)' \
		fuzz/scripts/lab-batch.sh '$(FUZZ_BATCH_DIR)' '$(subst ','\'',$(SUBMISSIONS))'

# The shared objects of a row's binaries (fuzz/objects.mk): libfuzzer's and,
# with TRACES, those of verify-traces and the replay (replay-cc's kind) and
# the bench's, and the halloc library the bench links; with
# FUZZ_LAB_SHARED=1 the adapter's and memlib.c's of those kinds too.
# lab-batch.sh makes them once, on JOBS cores, before the rows start: the
# first rows, started at once, each compiled them. Their flags do not depend
# on which lab source SRCS names.
.PHONY: fuzz-lab-batch-objs
FUZZ_VAR_GOALS += fuzz-lab-batch-objs # fuzz/vars.mk
fuzz-lab-batch-objs: $(filter-out $(FUZZ_OUT)/%,$(call fuzz_objs,libfuzzer,fuzz/libfuzzer.c $(FUZZ_ALL_SRCS)) \
	$(if $(and $(TRACES),$(filter-out file undefined,$(origin TRACES))),$(call fuzz_objs,replay-cc,$(FUZZ_REPLAY_DRIVER) $(FUZZ_VT_SRCS)) \
	$(BENCH_AOBJS) $(call fuzz_objs,bench,$(BENCH_ADAPTER_OWN)) $(LIB)))

# The kinds a row builds (lab-batch-one.sh): the fuzzer, the replay and
# verify-traces (replay-cc), the bench's adapter row.
FUZZ_LAB_BATCH_KINDS := libfuzzer replay-cc bench
# The headers in SRCS's folders that the adapter or memlib.c read when
# compiled as this build's own, one a line: that -I comes before the
# harness's folders and the system's, so a student's adapter.h or stdio.h
# replaces ours there. Each kind's compiler lists what they read (-M; the
# kinds differ in what they include: ASan's header in memlib.c). None:
# lab-batch-one.sh links the objects every row shares (FUZZ_LAB_SHARED=1,
# fuzz/objects.mk). A compiler that fails on them fails this.
.PHONY: fuzz-lab-batch-own-headers
FUZZ_VAR_GOALS += fuzz-lab-batch-own-headers # fuzz/vars.mk
fuzz-lab-batch-own-headers:
	@deps=$$($(foreach k,$(FUZZ_LAB_BATCH_KINDS),$(FUZZ_ENV_$(k)) $(FUZZ_CC_$(k)) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(k)) \
		-M $(FUZZ_TARGET) $(FUZZ_LAB_SRCS) &&) :) || { echo "fuzz-lab-batch-own-headers: $(FUZZ_TARGET) or" \
		"$(FUZZ_LAB_SRCS) does not compile with SRCS's folders first on the include path (the errors above):" \
		"build them as the row's own (FUZZ_LAB_SHARED unset)"; exit 1; }; \
	printf '%s\n' $$deps | grep -F $(foreach d,$(FUZZ_SRCS_DIRS),-e '$(subst ','\'',$(d))') | sort -u || :

# Nineteen generated submissions (correct, no build, overlap, a hang, a crash in
# mm_init, a copy, undefined behaviour, a failed assert, a main() of its own,
# a flood of output, an mm_init that fails when called again, exit(0), no
# epilogue, a slow one, a memory hog, a realloc that copies the new size, an
# input slow with no op stuck, a header the adapter reads, an 8 GiB static
# array): each row says so, and the
# batch ends. First, in a second, a row whose grader ended without a row.
fuzz-check-lab-batch:
	@$(call ensure_deps,fuzz)
	@$(budget_start)
	@fuzz/scripts/check-lab-batch-no-row.sh
	@MAKE='$(MAKE)' BUILD='$(BUILD)' fuzz/scripts/check-lab-batch.sh
	@$(call budget_check,$(BUILD)/lab-batch-check)

FUZZ_CHECK_PARTS += fuzz-check-lab-batch
