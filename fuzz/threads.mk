# fuzz/threads.mk - threaded fuzzing (fuzz/threads.c; fuzz/THREADS.md).
#
#   make fuzz-threads [FUZZ_TIME=s] [THREADS_SAN=thread|address|none] [JOBS=n] [FUZZ_KEEP_GOING=1]
#                     [FROM_EMPTY=1] libFuzzer on one heap from 2-4 threads at once, under
#                                   ThreadSanitizer by default; TARGET=adapter.c SRCS=... as make fuzz
#                                   (default fuzz/adapters/halloc-threads.c); the adapter must claim
#                                   FUZZ_THREAD_SAFE
#   make replay-threads CRASH=file [REPEAT=n] [PROGRAMS=1] [TIMEOUT=s]
#                                   the input in lockstep, then n runs (default 20) at once; PROGRAMS=1
#                                   lists each thread's program first (done anyway for a short input)
#   make fuzz-check-threads         (make check) halloc's seeds and a few seconds of fuzzing clean,
#                                   and halloc with its lock taken out (mutants/threads/no-lock.patch) caught

FUZZ_THREADS_DEFAULT_TARGET := fuzz/adapters/halloc-threads.c
THREADS_SAN ?= thread
ifneq ($(filter-out thread address none,$(THREADS_SAN)),)
$(error THREADS_SAN='$(THREADS_SAN)' is no sanitizer make fuzz-threads knows; use thread (the default: races), address (ASan+UBSan: damage only) or none)
endif
FUZZ_THREADS_SANFLAGS = $(if $(filter thread,$(THREADS_SAN)),-fsanitize=thread -fno-omit-frame-pointer,$(if $(filter address,$(THREADS_SAN)),$(SAN)))
FUZZ_THREADS_SRCS   = fuzz/threads.c fuzz/threads-where.c $(FUZZ_ALL_SRCS)
FUZZ_THREADS_BIN    = $(FUZZ_OUT)/threads-$(THREADS_SAN)
FUZZ_THREADS_REPLAY = $(FUZZ_OUT)/threads-replay-$(THREADS_SAN)
FUZZ_THREADS_CORPUS = $(FUZZ_WORK)/threads-corpus
FUZZ_CC_threads          = $(FUZZ_CLANG)
FUZZ_FLAGS_threads       = $(FUZZ_THREADS_SANFLAGS) -fsanitize=fuzzer $(FUZZ_COV_IGNORE)
FUZZ_CC_threads-replay   = $(FUZZ_CLANG)
# The build folder, for the command threads-replay prints to convert a text
# trace (its trace-tool, and where the converted file goes): BUILD=dir's own.
FUZZ_FLAGS_threads-replay = $(FUZZ_THREADS_SANFLAGS) -DFUZZ_BUILD_DIR='"$(BUILD)"' $(FUZZ_TIMEOUT_FLAG)
# The harness, halloc, threads.c and the drivers are shared objects of these
# two kinds (fuzz/objects.mk), compiled once per sanitizer for every adapter;
# one that compiles as a kind of fuzz/build.mk does links that kind's
# objects, whose rules are made there.
FUZZ_OBJ_IDS += $(call fuzz_obj_ids,threads threads-replay)
$(foreach k,$(call fuzz_first_kinds,threads threads-replay),$(eval $(call FUZZ_OBJ_RULE,$(k))))
$(call fuzz_own_rules,$(call fuzz_first_kinds,threads threads-replay))
# The adapter given, else halloc's thread-safe one: the sub-make then names the build by it.
# $(MAKE) is spelled out in the recipes that start it: make -n runs a line that names it (the
# sub-make shows the real commands), and only shows one that reaches it through a variable.
FUZZ_THREADS_TARGET = $(or $(TARGET),$(FUZZ_THREADS_DEFAULT_TARGET))

$(FUZZ_THREADS_BIN): fuzz/threads-libfuzzer.c fuzz/threads.c $(FUZZ_DEPS) $(call fuzz_objs,threads,fuzz/threads-libfuzzer.c $(FUZZ_THREADS_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,threads) $(call fuzz_linked,threads,fuzz/threads-libfuzzer.c $(FUZZ_THREADS_SRCS)) $(FUZZ_LIBS) -o $@
	@$(FUZZ_DEPFILE)

$(FUZZ_THREADS_REPLAY): fuzz/threads-replay.c fuzz/threads.c $(FUZZ_DEPS) $(call fuzz_objs,threads-replay,fuzz/threads-replay.c $(FUZZ_THREADS_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,threads-replay) $(call fuzz_linked,threads-replay,fuzz/threads-replay.c $(FUZZ_THREADS_SRCS)) $(FUZZ_LIBS) -o $@
	@$(FUZZ_DEPFILE)

.PHONY: fuzz-threads fuzz-threads-run replay-threads replay-threads-run fuzz-check-threads
FUZZ_VAR_GOALS += fuzz-threads fuzz-threads-run replay-threads replay-threads-run # fuzz/vars.mk

fuzz-threads:
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory TARGET=$(FUZZ_THREADS_TARGET) fuzz-threads-run

# make fuzz's run (runs.mk, fuzz_libfuzzer_run: FROM_EMPTY, JOBS, FUZZ_KEEP_GOING, the replay line
# of the input this run saved), its inputs saved as crashes/NAME/threads-*. Under TSan a race's input
# is saved by the harness (threads-libfuzzer.c, save_current: a 16-digit hash), which libfuzzer.sh names.
FUZZ_THREADS_REPLAY_LINE = $(call fuzz_join,$(call fuzz_join,make replay-threads,$(FUZZ_VARS)),$(if \
                           $(filter-out thread,$(THREADS_SAN)),THREADS_SAN=$(THREADS_SAN)))$(FUZZ_TIMEOUT_GIVEN)
FUZZ_THREADS_CORPUS_RUN = $(FUZZ_WORK)/threads-$(if $(FUZZ_FROM_EMPTY),corpus-from-empty,corpus)
fuzz-threads-run: $(FUZZ_THREADS_BIN) $(FUZZ_TOOL) $(if $(FUZZ_KEEP_GOING_ON),$(FUZZ_THREADS_REPLAY))
	@$(if $(FUZZ_FROM_EMPTY),true,fuzz/scripts/threads-seed.sh $(FUZZ_TOOL) $(FUZZ_THREADS_CORPUS) corpus/threads)
	$(call fuzz_libfuzzer_run,fuzz-threads ($(THREADS_SAN)),$(FUZZ_THREADS_BIN),$(FUZZ_THREADS_REPLAY),$(FUZZ_THREADS_REPLAY_LINE),$(FUZZ_THREADS_CORPUS_RUN),threads-)

replay-threads:
	@test -n $(call fuzz_quoted,$(CRASH)) || { echo "replay-threads: say which input: make replay-threads CRASH=path/to/file"; exit 2; }
	@$(MAKE) --no-print-directory TARGET=$(FUZZ_THREADS_TARGET) replay-threads-run

# The report's reproduce line names this whole command (fuzz/crash-threads.c, FUZZ_REPLAY_LINE_ENV).
# replay-threads.sh prints the command, and TSan's report in short at the end, as make fuzz-threads does.
replay-threads-run: export HALLOC_FUZZ_REPLAY_LINE = $(FUZZ_THREADS_REPLAY_LINE)
replay-threads-run: $(FUZZ_THREADS_REPLAY)
	$(call fuzz_other_build_note,replay-threads)
	@fuzz/scripts/replay-threads.sh $(FUZZ_WORK)/replay-threads.log $(FUZZ_THREADS_REPLAY) $(if $(filter 1,$(PROGRAMS)),-v) \
		$(if $(REPEAT),-r $(REPEAT)) $(FUZZ_TIMEOUT_ARG) -- $(call fuzz_quoted,$(CRASH))

# halloc clean, then the planted bug found: a check that cannot fail proves nothing.
# Every report its runs printed fits one screen (fuzz/REPORTS.md, One screen).
FUZZ_THREADS_MUTANT = $(BUILD)/threads-mutant/no-lock
fuzz-check-threads:
	@$(call ensure_deps,fuzz)
	@$(budget_start)
	@MAKE='$(MAKE)' BUILD='$(BUILD)' TOOL='$(FUZZ_TOOL)' MUTANT='$(FUZZ_THREADS_MUTANT)' \
		fuzz/scripts/check-threads.sh
	@$(call budget_check,$(BUILD)/fuzz-work/check-threads)
CHECK_TARGETS += fuzz-check-threads
