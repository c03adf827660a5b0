# fuzz/oss-fuzz.mk - fuzz/oss-fuzz-build.sh, the OSS-Fuzz / ClusterFuzzLite build (fuzz/OSS-FUZZ.md),
# checked.
#
#   make fuzz-oss-check             fuzz/oss-fuzz-build.sh (OSS-Fuzz convention) builds and runs
#                                   (one of make fuzz-check's parts, fuzz/check.mk)

.PHONY: fuzz-oss-check

# fuzz/oss-fuzz-build.sh run the way OSS-Fuzz runs it (variables exported by
# hand), then every target it wrote replays every seed and fuzzes briefly;
# fuzz/scripts/check-oss.sh does the threaded target and a standalone engine.
FUZZ_OSS_OUT = $(BUILD)/oss-fuzz
# The three halloc fuzzers' runs go at once (each is one process, and most of
# this check's time): their output is printed in order after. Each fuzzes its
# own copy of the seeds (libFuzzer writes into its corpus directory), and the
# seeds are left as they were.
FUZZ_OSS_HALLOC = halloc_fuzzer halloc_buffer_fuzzer halloc_cache_fuzzer
# Inputs each target runs past its seeds: enough to show the build fuzzes
# clean (finding bugs is fuzz-check-libfuzzer's timed runs). 5000 took 26 s
# to 44 s of CPU per halloc target, 1000 takes 3 s to 7 s: libFuzzer's
# inputs grow longer as a run goes on.
FUZZ_OSS_RUNS = 1000
fuzz-oss-check:
	@$(call ensure_deps,fuzz)
	@$(budget_start)
	@rm -rf $(FUZZ_OSS_OUT)
	@CC=$(FUZZ_CLANG) CXX= CFLAGS='-O1 -g $(SAN) -fsanitize=fuzzer-no-link' LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
		OUT=$(FUZZ_OSS_OUT) WORK=$(FUZZ_OSS_OUT)-work fuzz/oss-fuzz-build.sh
	@sd=$(FUZZ_OSS_OUT)-work/halloc/seeds; seeds=$$(ls $$sd | wc -l) pids=""; \
	for t in $(FUZZ_OSS_HALLOC); do ( \
		for f in .options .dict _seed_corpus.zip; do [ -s $(FUZZ_OSS_OUT)/$$t$$f ] || \
			{ echo "fuzz-oss-check FAILED: $$t$$f missing"; exit 1; }; done; \
		zip -sf $(FUZZ_OSS_OUT)/$${t}_seed_corpus.zip | grep -q "^Total $$seeds entries" || \
			{ echo "fuzz-oss-check FAILED: $${t}_seed_corpus.zip does not hold the $$seeds seeds"; exit 1; }; \
		mkdir $(FUZZ_OSS_OUT)/$$t-corpus && cp $$sd/* $(FUZZ_OSS_OUT)/$$t-corpus/ && \
		$(FUZZ_OSS_OUT)/$$t -runs=0 $$sd 2>$(FUZZ_OSS_OUT)/$$t.log && \
		$(FUZZ_OSS_OUT)/$$t -runs=$(FUZZ_OSS_RUNS) -seed=1 -dict=$(FUZZ_OSS_OUT)/$$t.dict -max_len=$(FUZZ_MAX_LEN) \
			-artifact_prefix=$(FUZZ_OSS_OUT)/$$t- $(FUZZ_OSS_OUT)/$$t-corpus 2>>$(FUZZ_OSS_OUT)/$$t.log || \
			{ tail -n 40 $(FUZZ_OSS_OUT)/$$t.log; echo "fuzz-oss-check FAILED: $$t (log $(FUZZ_OSS_OUT)/$$t.log)"; exit 1; }; \
		echo "fuzz-oss-check: $$t replays its $$seeds seeds and runs $(FUZZ_OSS_RUNS) inputs clean" \
	) >$(FUZZ_OSS_OUT)/$$t.check 2>&1 & pids="$$pids $$!"; done; \
	failed=0; for p in $$pids; do wait $$p || failed=1; done; \
	for t in $(FUZZ_OSS_HALLOC); do cat $(FUZZ_OSS_OUT)/$$t.check; done; \
	[ "$$(ls $$sd | wc -l)" -eq $$seeds ] || { echo "fuzz-oss-check FAILED: a fuzzer wrote into the seeds ($$sd)"; exit 1; }; \
	exit $$failed
	@t=halloc_parse_fuzzer seeds=$(words $(FUZZ_PARSE_INPUTS)) dir=$(FUZZ_OSS_OUT)-work/parse-corpus; \
	for f in .options .dict _seed_corpus.zip; do [ -s $(FUZZ_OSS_OUT)/$$t$$f ] || \
		{ echo "fuzz-oss-check FAILED: $$t$$f missing"; exit 1; }; done; \
	zip -sf $(FUZZ_OSS_OUT)/$${t}_seed_corpus.zip | grep -q "^Total $$seeds entries" || \
		{ echo "fuzz-oss-check FAILED: $${t}_seed_corpus.zip does not hold the $$seeds parser seeds"; exit 1; }; \
	rm -rf $$dir && mkdir -p $$dir && cp $(FUZZ_PARSE_INPUTS) $$dir/ && \
	$(FUZZ_OSS_OUT)/$$t -runs=$(FUZZ_OSS_RUNS) -seed=1 -dict=$(FUZZ_OSS_OUT)/$$t.dict -max_len=$(FUZZ_MAX_LEN) \
		-artifact_prefix=$(FUZZ_OSS_OUT)/ $$dir 2>$(FUZZ_OSS_OUT)/$$t.log || \
		{ tail -n 40 $(FUZZ_OSS_OUT)/$$t.log; echo "fuzz-oss-check FAILED: $$t (log $(FUZZ_OSS_OUT)/$$t.log)"; exit 1; }; \
	echo "fuzz-oss-check: $$t replays its $$seeds seeds and runs $(FUZZ_OSS_RUNS) inputs clean"
	@OUT=$(FUZZ_OSS_OUT) CC=$(FUZZ_CLANG) PARSE_INPUTS='$(FUZZ_PARSE_INPUTS)' HARNESS='$(FUZZ_HARNESS)' \
		TOOL_SRCS='$(FUZZ_TOOL_SRCS)' PARSE_SRCS='$(FUZZ_PARSE_SRCS)' \
		fuzz/scripts/check-oss.sh
	@$(call budget_check,$(FUZZ_OSS_OUT) $(FUZZ_OSS_OUT)-standalone)
