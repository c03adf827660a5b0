# fuzz/check.mk - make fuzz-check: the harness's own claims, suite by suite
# (fuzz/CHECKS.md says what each part proves). Included by fuzz/build.mk, whose
# variables (FUZZ_TOOL, FUZZ_PARSE, FUZZ_AFL_ENV, ...) its recipes use.
#
#   make fuzz-check                       every part below, in order (FUZZ_CHECK_PARTS)
#   make fuzz-check-trace                 selftests, parsers, seed round-trips, dictionary current
#   make fuzz-check-replay                corpus and regressions, gcc and clang, halloc's adapters and glibc
#   make fuzz-check-libfuzzer             bounded libFuzzer runs, their reports
#   make fuzz-check-foreign               jemalloc and mimalloc as libraries
#   make fuzz-check-afl                   bounded AFL++ runs
#   make fuzz-check-verify                verify-traces on clean and planted-bug allocators
#   make fuzz-check-make-vars             make's variables checked, replay lines complete
#   make fuzz-check-adapters              adapter mistakes refused, reports, quirks

.PHONY: fuzz-check fuzz-check-adapters fuzz-check-verify fuzz-check-trace fuzz-check-make-vars fuzz-check-replay \
        fuzz-check-libfuzzer fuzz-check-afl fuzz-check-foreign

# The three selftests share one stamp: one compile line but for the sources.
# Their CFLAGS leave out a -D or -U none of their files names (the Makefile's
# cflags_read): each suite's bug switch (CFLAGS=-DMM_BUG_x) rewrote the stamp,
# and fuzz-check-trace compiled index-test again after check-flags-stamp had.
FUZZ_SELFTEST_CFLAGS := $(call cflags_read,$(wildcard fuzz/selftest/*-test.c fuzz/selftest/model-test.h) \
                        fuzz/shadow.c fuzz/shadow-index.c fuzz/map-table.c fuzz/decode.c $(FUZZ_HDRS))
FUZZ_SELFTEST_STAMP := $(call flags_stamp,fuzz-selftests,$(CC) $(CSTD) $(WARN) $(OPT) $(FUZZ_SAN) $(FUZZ_SELFTEST_CFLAGS))

# The shadow model's address index against a brute-force model (ASan+UBSan).
FUZZ_INDEX_TEST := $(BUILD)/fuzz/index-test
$(FUZZ_INDEX_TEST): fuzz/selftest/index-test.c fuzz/shadow.c fuzz/shadow-index.c $(FUZZ_HDRS) $(FUZZ_SELFTEST_STAMP)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(CSTD) $(WARN) $(OPT) $(FUZZ_SAN) -Ifuzz $(FUZZ_SELFTEST_CFLAGS) fuzz/selftest/index-test.c fuzz/shadow.c fuzz/shadow-index.c -o $@

# The table of the allocator's mappings (maps.c) against a model of every
# address it covers (ASan+UBSan).
FUZZ_MAP_TABLE_TEST := $(BUILD)/fuzz/map-table-test
$(FUZZ_MAP_TABLE_TEST): fuzz/selftest/map-table-test.c fuzz/map-table.c $(FUZZ_HDRS) $(FUZZ_SELFTEST_STAMP)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(CSTD) $(WARN) $(OPT) $(FUZZ_SAN) -Ifuzz $(FUZZ_SELFTEST_CFLAGS) fuzz/selftest/map-table-test.c fuzz/map-table.c -o $@

# Symbolic sizes: exact below FUZZ_SYMBOL_SIZE_MAX, capped above it.
FUZZ_SIZE_TEST := $(BUILD)/fuzz/size-test
$(FUZZ_SIZE_TEST): fuzz/selftest/size-test.c fuzz/decode.c $(FUZZ_HDRS) $(FUZZ_SELFTEST_STAMP)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(CSTD) $(WARN) $(OPT) $(FUZZ_SAN) -Ifuzz $(FUZZ_SELFTEST_CFLAGS) fuzz/selftest/size-test.c fuzz/decode.c -o $@

# Every seed round-trips text -> binary -> text, malformed lines get a one-line
# error naming the line, and the dictionary is current.
fuzz-check-trace:
	@$(call CHECK_BUILD,$(FUZZ_TOOL) $(FUZZ_INDEX_TEST) $(FUZZ_MAP_TABLE_TEST) $(FUZZ_SIZE_TEST) $(FUZZ_PARSE))
	$(FUZZ_INDEX_TEST)
	$(FUZZ_MAP_TABLE_TEST)
	$(FUZZ_SIZE_TEST)
	@$(FUZZ_PARSE) $(FUZZ_PARSE_OPTS) $(FUZZ_PARSE_INPUTS) >$(FUZZ_PARSE).log 2>&1 || \
		{ tail -n 30 $(FUZZ_PARSE).log; echo "fuzz-check-trace FAILED: a parser broke its contract on an input above (make fuzz-parse CRASH=file replays it)"; exit 1; }
	@echo "fuzz-check-trace: the parsers keep their contract on the $(words $(FUZZ_PARSE_INPUTS)) inputs in corpus/parse/ and corpus/parse/regressions/"
	$(FUZZ_TOOL) roundtrip $(wildcard corpus/*.txt corpus/regressions/*.txt) fuzz/selftest/good-bom.txt
	@fuzz/scripts/check-bad-traces.sh $(FUZZ_TOOL) $(BUILD)/fuzz-work/bad-traces
	@fuzz/scripts/check-from-mtrace.sh $(FUZZ_TOOL) $(BUILD)/fuzz-work/from-mtrace
	@fuzz/scripts/check-doc-trace.sh $(FUZZ_TOOL) $(BUILD)/fuzz-work/doc-trace
	@$(FUZZ_TOOL) dict | cmp -s - fuzz/halloc.dict || \
		{ echo "fuzz/halloc.dict is stale: run 'make fuzz-dict'"; exit 1; }

# Corpus and regressions under ASan+UBSan: gcc and clang builds of every
# adapter here (halloc, halloc over a buffer, halloc with its cache, glibc),
# plus the notes check.
FUZZ_CHECK_ADAPTERS := halloc halloc-buffer halloc-cache glibc
fuzz-check-replay:
	@for t in $(FUZZ_CHECK_ADAPTERS); do \
		$(MAKE) --no-print-directory $(CHECK_JOBS) NAME=$$t TARGET=fuzz/adapters/$$t.c SRCS= \
			$(BUILD)/fuzz/$$t/replay-gcc $(BUILD)/fuzz/$$t/replay-clang || exit 1; \
	done
	@BUILD='$(BUILD)' fuzz/scripts/check-replays.sh $(FUZZ_CHECK_ADAPTERS)

# Bounded engine runs; any crash fails the check and names the file. They
# and the report check run side by side, one per core (each is one process),
# and the stuck-watch check beside them, in one lane more: it mostly waits.
# The lanes share the trace tool, built here first.
fuzz-check-libfuzzer: $(FUZZ_TOOL)
	@$(call ensure_deps,fuzz)
	@$(budget_start)
	@fuzz/scripts/check-alone.sh
	@FUZZ_TOOL='$(FUZZ_TOOL)' fuzz/scripts/check-minimize.sh
	@MAKE='$(MAKE)' CHECK_JOBS='$(CHECK_JOBS)' BUILD='$(BUILD)' LF_OPTS='$(FUZZ_LF_OPTS)' \
		fuzz/scripts/check-libfuzzer.sh $(FUZZ_CHECK_TIME) halloc halloc-cache halloc-cache-ubsan glibc
	@fuzz/scripts/check-stats-switch.sh $(BUILD)/fuzz/halloc/libfuzzer
	@fuzz/scripts/check-unjudged.sh $(BUILD)/fuzz/halloc/libfuzzer $(BUILD)/fuzz/glibc/libfuzzer
	@fuzz/scripts/check-trace-like-inputs.sh $(BUILD)/fuzz/halloc/libfuzzer
	@$(call budget_check,$(BUILD)/fuzz-check-libfuzzer $(BUILD)/fuzz/selftest/stuck)

# Allocators the harness was not written around, linked as libraries
# (LDLIBS): Debian's jemalloc and mimalloc replay the corpus
# (fuzz/scripts/check-foreign-replays.sh says what each must do), and
# jemalloc gets a short run (mimalloc 2.0.9 would fail one on a real bug of
# its own: fuzz/FOREIGN.md).
# The builds are lines of their own: make runs a line naming $(MAKE) even
# under -n, and the runs would run then (tools/makeflags.sh). The run goes
# beside the replays, which are one process at a time (after them, it left a
# core idle), its output printed after theirs; a ^C or TERM stops it, whole.
# Its start and end get 60 s past FUZZ_CHECK_TIME, times the load per core.
FUZZ_FOREIGN = jemalloc mimalloc
fuzz-check-foreign:
	@$(budget_start)
	@for t in $(FUZZ_FOREIGN); do \
		$(MAKE) --no-print-directory NAME=$$t TARGET=fuzz/adapters/$$t.c SRCS= LDLIBS=-l$$t \
			$(BUILD)/fuzz/$$t/replay-gcc || exit 1; \
	done
	@$(MAKE) --no-print-directory $(FUZZ_JEMALLOC) $(BUILD)/fuzz/jemalloc/libfuzzer fuzz-seed
	@mkdir -p crashes/jemalloc
	@. fuzz/scripts/proc-tree.sh; . fuzz/scripts/load-scaled.sh; guard_by_load 60; \
	log=$(BUILD)/fuzz-work/jemalloc/check-foreign-run.log; \
	fuzz/scripts/bounded.sh crashes/jemalloc "$(FUZZ_JEMALLOC)" $$(( $(FUZZ_CHECK_TIME) + guard_seconds )) \
		$(BUILD)/fuzz/jemalloc/libfuzzer $(FUZZ_LF_OPTS) -dict=fuzz/halloc.dict -artifact_prefix=crashes/jemalloc/ \
		-max_total_time=$(FUZZ_CHECK_TIME) -print_final_stats=1 $(BUILD)/fuzz-work/jemalloc/corpus >"$$log" 2>&1 & \
	run=$$!; trap 'kill -TERM $$(tree_of $$run) 2>/dev/null; wait $$run; exit 130' INT; \
	trap 'kill -TERM $$(tree_of $$run) 2>/dev/null; wait $$run; exit 143' TERM; \
	fuzz/scripts/check-foreign-replays.sh $(BUILD); rc=$$?; \
	wait $$run || rc=1; trap - INT TERM; cat "$$log"; exit $$rc
	@$(call budget_check,$(BUILD)/fuzz-work/jemalloc/check-foreign-run.log $(BUILD)/fuzz/mimalloc/grid.log)
FUZZ_JEMALLOC = NAME=jemalloc TARGET=fuzz/adapters/jemalloc.c SRCS= LDLIBS=-ljemalloc

# The builds one after the other (glibc's links halloc's harness objects),
# then the runs side by side (check-afl-lanes.sh).
fuzz-check-afl:
	@$(call ensure_deps,fuzz)
	@$(budget_start)
	@for t in halloc glibc; do \
		$(MAKE) --no-print-directory $(CHECK_JOBS) NAME=$$t TARGET=fuzz/adapters/$$t.c SRCS= fuzz-seed \
			$(BUILD)/fuzz/$$t/afl $(BUILD)/fuzz/$$t/afl-asan $(BUILD)/fuzz/$$t/afl-cmplog $(BUILD)/fuzz/$$t/replay-cc || exit 1; \
	done
	@$(FUZZ_AFL_ENV) MAKE='$(MAKE)' CHECK_JOBS='$(CHECK_JOBS)' BUILD='$(BUILD)' FUZZ_TOOL='$(FUZZ_TOOL)' \
		fuzz/scripts/check-afl-lanes.sh $(FUZZ_CHECK_TIME) halloc glibc
	@$(call budget_check,$(BUILD)/fuzz-check-afl $(BUILD)/fuzz-work/halloc-check $(BUILD)/fuzz-work/glibc-check)

# verify-traces: clean on correct allocators, a planted bug and a crash named
# by trace line; then its options, limits and trace forms, on halloc alone.
fuzz-check-verify:
	@$(budget_start)
	@fuzz/scripts/check-verify-traces.sh
	@fuzz/scripts/check-verify-traces-options.sh
	@$(call budget_check,$(BUILD)/verify-traces-check)

# A misspelt SRCS or unknown MM_API refused; the printed replay line complete.
fuzz-check-make-vars: $(FUZZ_TOOL)
	@BUILD='$(BUILD)' FUZZ_TOOL='$(FUZZ_TOOL)' fuzz/scripts/check-make-vars.sh

# An adapter table with one mistake each is refused before any op runs; an
# allocator that defines malloc itself is fuzzed through its adapter; a
# correct allocator's legal habits are no finding (check-quirks.sh, after
# the lanes of check-adapters.sh; its afl.sh case's stand-in crashes only
# once both instances ran their seeds, which a run beside the steps
# missed once at load 16 when it crashed at once). Every
# report the cases printed (their logs, and the libFuzzer runs' of
# check-adapters-oracles.sh) fits one screen (fuzz/REPORTS.md, One screen),
# after the budget's own check (check-report-budget.sh), which every suite
# that applies it trusts. First report_case itself, which the cases use
# (check-selftest-build.sh, no build).
fuzz-check-adapters:
	@$(budget_start)
	@fuzz/scripts/check-selftest-build.sh $(BUILD)/fuzz/selftest/report-case
	@FUZZ_TIMEOUT_FLAG='$(FUZZ_TIMEOUT_FLAG)' BUILD='$(BUILD)' fuzz/scripts/check-adapters.sh $(CC) $(BUILD)/fuzz/selftest $(FUZZ_HARNESS)
	@BUILD='$(BUILD)' fuzz/scripts/check-dropin.sh $(BUILD)/fuzz/selftest
	@fuzz/scripts/check-replay-stream.sh $(BUILD)/fuzz/selftest
	@fuzz/scripts/check-quirks.sh $(CC) $(BUILD)/fuzz/selftest
	@fuzz/scripts/check-report-budget.sh $(BUILD)/report-budget/selftest
	@$(call budget_check,$(BUILD)/fuzz/selftest $(BUILD)/fuzz/oracles-*)

# One check target that runs the parts in order, so `make -j check` never
# has two of them building the same binaries or seeds at once.
FUZZ_CHECK_PARTS = fuzz-check-trace fuzz-check-make-vars fuzz-check-adapters fuzz-check-verify \
	fuzz-oss-check fuzz-check-replay fuzz-check-sweep fuzz-check-libfuzzer fuzz-check-foreign fuzz-check-afl
fuzz-check:
	@MAKE='$(MAKE)' tools/run-suites fuzz-check $(FUZZ_CHECK_PARTS)

CHECK_TARGETS += fuzz-check
