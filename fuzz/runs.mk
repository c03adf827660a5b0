# fuzz/runs.mk - the goals that run the fuzzing binaries fuzz/build.mk
# builds: seeding the corpus, make fuzz, fuzz-fast, fuzz-afl and fuzz-parse,
# replay, verify-traces, minimize, corpus-merge, regress, bench-fuzz and
# fuzz-dict (fuzz/README.md says what each does). Included by fuzz/build.mk
# once the binaries' rules are read.

.PHONY: fuzz fuzz-fast fuzz-afl fuzz-parse replay verify-traces minimize corpus-merge regress bench-fuzz fuzz-seed \
        fuzz-dict
FUZZ_VAR_GOALS += fuzz fuzz-fast fuzz-afl fuzz-parse replay verify-traces minimize corpus-merge regress bench-fuzz \
                  fuzz-seed # fuzz/vars.mk

# ---- corpus: text seeds -> binary inputs in the work dir ----

# SEEDS_ONLY=1: SEEDS alone, in a work folder of their own emptied first.
FUZZ_SEED_WORK = $(FUZZ_WORK)$(if $(FUZZ_SEEDS_ONLY),/seeds-only)
fuzz-seed: $(FUZZ_TOOL)
	@$(if $(FUZZ_SEEDS_ONLY),rm -rf $(FUZZ_SEED_WORK)/seeds $(FUZZ_SEED_WORK)/corpus)
	@fuzz/scripts/seed.sh $(FUZZ_TOOL) $(FUZZ_SEED_WORK) $(if $(FUZZ_SEEDS_ONLY),,corpus corpus/regressions) $(if \
		$(SEEDS),-- $(foreach s,$(SEEDS),$(call fuzz_quoted,$(s))))

# ---- running ----

# FROM_EMPTY=1: start from an empty corpus, a fresh one each run, instead of
# the seeds: how long the harness takes to find a bug on its own.
FUZZ_CORPUS   = $(if $(FUZZ_FROM_EMPTY),$(FUZZ_WORK)/corpus-from-empty,$(FUZZ_SEED_WORK)/corpus)
FUZZ_PREPARE  = $(if $(FUZZ_FROM_EMPTY),,fuzz-seed)

# halloc's default adapter runs without the cache of freed blocks, so a run
# of it that ends clean (under libfuzzer.sh's "nothing found" line) says
# where the cache's bugs are found: a bug planted in allocator/cache.c or
# cache.h never fires there, however long it runs.
FUZZ_CLEAN_NOTE_TEXT = fuzz: note: $(FUZZ_DEFAULT_TARGET) fuzzes halloc without its cache of \
	freed blocks (allocator/cache.c, cache.h): TARGET=fuzz/adapters/halloc-cache.c fuzzes that (and the trim \
	policy HALLOC_TRIM_KEEP_ONE), \
	TARGET=fuzz/adapters/halloc-buffer.c a heap in a caller's buffer
FUZZ_CLEAN_NOTE = $(if $(filter $(FUZZ_DEFAULT_TARGET),$(FUZZ_TARGET)),echo "$(FUZZ_CLEAN_NOTE_TEXT)",true)

# FUZZ_KEEP_GOING=1: the fuzzers collect crashes for all of FUZZ_TIME (or
# until ^C) instead of stopping at the first. libFuzzer's process dies with
# the input, so make fuzz runs its fork mode with -ignore_crashes=1, which
# keeps only each crash's ERROR line: libfuzzer.sh replays the first
# through the build's replay for the harness's report (fuzz/README.md).
# $(call fuzz_libfuzzer_run,WHO,BINARY,REPLAY-TOOL,REPLAY-COMMAND,CORPUS[,PREFIX]): the run of
# make fuzz, fuzz-fast and fuzz-threads (threads.mk), so each honours FROM_EMPTY (CORPUS emptied),
# JOBS and FUZZ_KEEP_GOING (FUZZ_LF_RUN; REPLAY-TOOL reports the first crash kept) alike.
define fuzz_libfuzzer_run
	@mkdir -p $(FUZZ_CRASHES)
	@$(if $(FUZZ_FROM_EMPTY),rm -rf $(5) && mkdir -p $(5),true)
	@echo "$(1): $(FUZZ_NAME): corpus $(5), crashes in $(FUZZ_CRASHES)/$(if $(6),$(6)*)"
	@$(strip $(if $(FUZZ_KEEP_GOING_ON),FUZZ_KEEP_GOING_REPLAY=$(3)) $(if $(6),FUZZ_SAVED_PREFIX=$(6))) fuzz/scripts/libfuzzer.sh \
		$(2) $(FUZZ_CRASHES) $(call fuzz_quoted,$(4)) $(call FUZZ_LF_RUN,$(6)) $(5)
endef

# The sub-makes of make fuzz and the runs below (make replay, minimize, ...)
# build a binary through its phony goal here, whose recipe runs every time:
# the binary itself as a goal, already built, had make print "make[1]:
# 'build/fuzz/NAME/libfuzzer' is up to date." above the run, on every make
# fuzz but a tree's first.
FUZZ_BUILT_BINS = libfuzzer libfuzzer-fast replay-cc afl afl-asan afl-cmplog
.PHONY: $(addprefix fuzz-built-,$(FUZZ_BUILT_BINS)) fuzz-built-tool fuzz-built-parse
FUZZ_VAR_GOALS += $(addprefix fuzz-built-,$(FUZZ_BUILT_BINS))
$(addprefix fuzz-built-,$(FUZZ_BUILT_BINS)): fuzz-built-%: $(FUZZ_OUT)/%
	@:
fuzz-built-tool: $(FUZZ_TOOL)
	@:
fuzz-built-parse: $(FUZZ_PARSE)
	@:

fuzz: FUZZ_LF_BIN = $(FUZZ_OUT)/libfuzzer
fuzz-fast: FUZZ_LF_BIN = $(FUZZ_OUT)/libfuzzer-fast
fuzz fuzz-fast:
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory fuzz-built-$(notdir $(FUZZ_LF_BIN)) $(FUZZ_PREPARE) $(if $(FUZZ_KEEP_GOING_ON),fuzz-built-replay-cc) $(FUZZ_SWEEP_FIRST_BIN)
	@$(FUZZ_SWEEP_FIRST)
	$(call fuzz_libfuzzer_run,$@,$(FUZZ_LF_BIN),$(FUZZ_OUT)/replay-cc,$(call fuzz_join,make replay,$(FUZZ_VARS)),$(FUZZ_CORPUS))
	@$(FUZZ_CLEAN_NOTE)

# FROM_EMPTY=1 for AFL++, which refuses an input directory without a file
# that is not empty: one input of a single zero byte, and an output
# directory of its own, emptied by afl.sh once it holds the build's lock.
FUZZ_AFL_WORK  = $(if $(FUZZ_FROM_EMPTY),$(FUZZ_WORK)/afl-from-empty,$(FUZZ_SEED_WORK))
FUZZ_AFL_SEEDS = $(FUZZ_AFL_WORK)/seeds
fuzz-afl:
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory fuzz-built-afl fuzz-built-afl-asan fuzz-built-afl-cmplog fuzz-built-replay-cc $(FUZZ_PREPARE)
	@$(if $(FUZZ_FROM_EMPTY),mkdir -p $(FUZZ_AFL_SEEDS) && printf '\0' >$(FUZZ_AFL_SEEDS)/one-zero-byte,true)
	@$(FUZZ_AFL_ENV) FUZZ_KEEP_GOING=$(or $(FUZZ_KEEP_GOING),0) $(if $(FUZZ_FROM_EMPTY),FUZZ_AFL_FROM_EMPTY=1) fuzz/scripts/afl.sh \
		$(FUZZ_OUT) $(FUZZ_AFL_SEEDS) $(FUZZ_AFL_WORK) $(FUZZ_CRASHES) "$(FUZZ_TIME)" $(call fuzz_quoted,$(FUZZ_VARS))

# The parsers' fuzzer: until ^C or FUZZ_TIME; CRASH=file replays one input.
FUZZ_PARSE_WORK = $(BUILD)/fuzz-work/parse
fuzz-parse:
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory fuzz-built-parse
ifneq ($(CRASH),)
	$(FUZZ_PARSE) $(FUZZ_PARSE_OPTS) $(foreach f,$(BEFORE),$(call fuzz_quoted,$(f))) $(call fuzz_quoted,$(CRASH))
else
	@mkdir -p $(FUZZ_PARSE_WORK)/corpus crashes/parse
	@cp $(FUZZ_PARSE_INPUTS) $(FUZZ_PARSE_WORK)/corpus/
	@fuzz/scripts/libfuzzer.sh $(FUZZ_PARSE) crashes/parse "make fuzz-parse" $(FUZZ_PARSE_OPTS) \
		-dict=fuzz/parse.dict -artifact_prefix=crashes/parse/ $(if $(FUZZ_TIME),-max_total_time=$(FUZZ_TIME)) \
		$(if $(filter-out 1,$(JOBS)),-fork=$(JOBS)) $(FUZZ_PARSE_WORK)/corpus
endif

# $(call fuzz_other_build_note,GOAL): a CRASH under crashes/X/ that build X saved, given to a
# build of another name, runs on that build's allocator, whose verdict is not the input's (a
# student's mm.c crash replayed without TARGET and SRCS was "ok" on halloc). Named, not refused:
# replaying a crash on the fixed build (examples/teach/README.md, step 5) is how a fix is proved.
fuzz_crash_build = $(if $(filter 1,$(words $(CRASH))),$(if $(filter crashes/%,$(CRASH)),$(word 2,$(subst /, ,$(CRASH)))))
fuzz_other_build_note = $(if $(filter-out $(FUZZ_NAME),$(fuzz_crash_build)),$(info $(1): note: $(CRASH) was \
	saved by build $(fuzz_crash_build), and this runs build $(FUZZ_NAME): unless that is meant (a fixed build), \
	give the variables of the run that saved it (TARGET, SRCS, MM_API, CFLAGS, NAME: its 'make replay ...' line holds them)))

# The report's reproduce line names this whole command (fuzz/crash-threads.c, FUZZ_REPLAY_LINE_ENV).
replay: export HALLOC_FUZZ_REPLAY_LINE = $(call fuzz_join,make replay,$(FUZZ_VARS))$(if $(BEFORE), BEFORE=$(call fuzz_quoted,$(BEFORE)))$(if $(REPEAT), REPEAT=$(REPEAT))$(FUZZ_TIMEOUT_GIVEN)
replay:
	@test -n $(call fuzz_quoted,$(CRASH)) || { echo "replay: say which input: make replay CRASH=path/to/file"; exit 2; }
	$(call fuzz_other_build_note,replay)
	@$(call ensure_deps,compilers)
	@$(MAKE) --no-print-directory fuzz-built-replay-cc
	$(FUZZ_OUT)/replay-cc -v $(if $(REPEAT),-r $(REPEAT)) $(FUZZ_TIMEOUT_ARG) $(if $(BEFORE),-n -s) -- $(foreach f,$(BEFORE),$(call fuzz_quoted,$(f))) $(call fuzz_quoted,$(CRASH))

# make bench's traces (TRACES, bench/build.mk: bench/traces/ and bench/recorded/).
VERIFY_TRACES ?= $(TRACES)
VERIFY_ARGS   ?=
verify-traces: $(FUZZ_OUT)/verify-traces
	$(FUZZ_OUT)/verify-traces $(VERIFY_ARGS) -- $(VERIFY_TRACES)

minimize:
	@test -n $(call fuzz_quoted,$(CRASH)) || { echo "minimize: say which input: make minimize CRASH=path/to/file"; exit 2; }
	$(call fuzz_other_build_note,minimize)
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory fuzz-built-libfuzzer fuzz-built-tool
	@$(if $(MIN_MISMATCHES),MIN_MISMATCHES=$(call fuzz_quoted,$(MIN_MISMATCHES))) $(if $(KEEP),MIN_KEEP=$(call fuzz_quoted,$(KEEP))) MIN_INPUT_TIMEOUT=$(FUZZ_TIMEOUT) fuzz/scripts/minimize.sh $(FUZZ_OUT)/libfuzzer $(FUZZ_TOOL) \
		$(call fuzz_quoted,$(CRASH)) $(or $(FUZZ_TIME),60) $(FUZZ_WORK)/minimize.log

corpus-merge:
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory fuzz-built-libfuzzer fuzz-seed
	@fuzz/scripts/merge.sh $(FUZZ_OUT)/libfuzzer $(FUZZ_WORK) $(FROM)

regress: $(FUZZ_OUT)/replay-cc
	@fuzz/scripts/regress.sh $(FUZZ_OUT)/replay-cc corpus/regressions

bench-fuzz: $(FUZZ_TOOL)
	@$(call ensure_deps,fuzz)
	@$(MAKE) --no-print-directory $(BUILD)/fuzz/halloc/libfuzzer NAME=halloc TARGET=fuzz/adapters/halloc.c SRCS=
	@$(MAKE) --no-print-directory $(BUILD)/fuzz/glibc/libfuzzer NAME=glibc TARGET=fuzz/adapters/glibc.c SRCS=
	@fuzz/scripts/bench.sh $(FUZZ_TOOL) $(BUILD)/fuzz-work/bench $(BUILD)/fuzz/halloc/libfuzzer $(BUILD)/fuzz/glibc/libfuzzer

# The dictionary derives from the encoding: regenerate after changing decode.c.
# Written aside and renamed: a write that fails (a full disk) keeps the old one whole.
fuzz-dict: $(FUZZ_TOOL)
	$(FUZZ_TOOL) dict > fuzz/halloc.dict.tmp && mv fuzz/halloc.dict.tmp fuzz/halloc.dict || { rm -f fuzz/halloc.dict.tmp; exit 2; }
