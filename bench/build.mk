# bench/: halloc against glibc malloc (see bench/README.md).
#
#   make bench                     built-in workloads + bench/traces/*.rep + bench/recorded/*.rep
#   make bench TRACES="a.rep b.rep" replay these trace files instead of those
#   make bench BENCH_ARGS="-r 9"   options of the bench program (bench -h)
#   make bench TARGET=adapter.c [SRCS=...]  a third row per workload: any allocator through
#                                  its fuzz adapter (e.g. fuzz/adapters/malloclab.c SRCS=mm.c)
#   make bench-traces              regenerate bench/traces/ (deterministic)
#   make bench-selftest            parser/generator/report tests (part of make check)

BENCH_OUT    := $(BUILD)/bench
BENCH_HDRS   := $(wildcard bench/*.h) allocator/halloc.h allocator/cut.h fuzz/adapter.h fuzz/replay-args.h
# The trace reader and writer: every tool that reads lab traces links these
# (the parse fuzzer too: fuzz/build.mk and fuzz/oss-fuzz-build.sh read the list).
# Each binary that links them lists bench/trace.list as a prerequisite too: a
# source added to it or dropped must relink them (bench-selftest checks it).
TRACE_SRCS   := $(call source_list,bench/trace.list)
BENCH_SRCS   := bench/bench.c bench/options.c bench/select.c bench/report.c bench/replay.c bench/workloads.c $(TRACE_SRCS)
TRACES       ?= $(sort $(wildcard bench/traces/*.rep)) $(sort $(wildcard bench/recorded/*.rep))
BENCH_ARGS   ?=

.PHONY: bench bench-traces bench-selftest

# The binaries below are linked from bench's objects (adapter-obj/, below)
# and their own source: a stamp of the compiler and flags (the Makefile's
# flags_stamp) rebuilds them for another CC or CFLAGS, as objects are.
# Their flags are HALLOC_CFLAGS less a -D or -U none of bench's files (nor
# the headers they include) reads (the Makefile's cflags_read).
BENCH_CFLAGS := $(HALLOC_BASE_CFLAGS) -Iallocator $(call cflags_read,$(wildcard bench/*.c bench/*.h) $(BENCH_HDRS) $(LIB_HDRS))
BENCH_STAMP := $(call flags_stamp,bench,$(CC) $(BENCH_CFLAGS))

# The same bench linked with an adapter (fuzz/build.mk's TARGET, SRCS and
# name; halloc's own sources come from $(LIB)). The adapter and the C files
# of SRCS are objects of the build's own, as in the fuzz builds: kind bench
# of fuzz/objects.mk ($(CC), no sanitizer), compiled with the fuzz builds'
# flags (FUZZ_CFLAGS: your C as GNU C17, its warnings not fatal), each
# writing its header list. C++ in SRCS is compiled in the link by
# cxx-link.sh, as in the fuzz builds.
BENCH_ADAPTER_BIN = $(BENCH_OUT)/adapter/$(FUZZ_NAME)/bench
BENCH_ADAPTER_OWN = $(FUZZ_TARGET) $(filter-out $(LIB_SRCS),$(FUZZ_SRCS))
# bench's own sources are compiled once per compiler and flags into
# adapter-obj/N/ (N: a checksum of them) and linked from there: compiled in
# each link, they were 2.5 of its 3 s of CPU, and bench-selftest links eight
# adapters (make check's lab-batch rows and C++ case share them too). Their
# flags: bench's, -Wno-error when SRCS is given (as the harness objects), and
# CFLAGS less a -D or -U none of bench's files reads (the Makefile's
# cflags_read): a bug switch of the allocator's does not recompile them. Their include
# folders come first, as for the plain bench: the user's -I (SRCS's folders)
# serve only the adapter and SRCS. Each worked out once a make ($(eval)).
BENCH_AOBJ_FLAGS_NOW = $(HALLOC_BASE_CFLAGS) $(FUZZ_SRCS_WARN) -Ibench -Ifuzz -Iallocator \
	$(call cflags_read,$(BENCH_SRCS) $(BENCH_HDRS) $(LIB_HDRS))
BENCH_AOBJ_FLAGS = $(eval BENCH_AOBJ_FLAGS := $$(BENCH_AOBJ_FLAGS_NOW))$(BENCH_AOBJ_FLAGS)
BENCH_AOBJ_DIR = $(eval BENCH_AOBJ_DIR := $$(BENCH_OUT)/adapter-obj/$$(firstword $$(call shell_kept,bench-aobj-dir,printf '%s' \
	'$$(subst ','\'',$$(CC) $$(BENCH_AOBJ_FLAGS))' | cksum)))$(BENCH_AOBJ_DIR)
BENCH_AOBJS = $(patsubst bench/%.c,$(BENCH_AOBJ_DIR)/%.o,$(BENCH_SRCS))
# The plain bench, gentraces, selftest and report-test link the same objects
# (bench-selftest compiled the trace reader into all four, bench's sources
# into two, and the halloc adapter's bench then built them once more): each
# of BENCH_SRCS is compiled once a make. bench_linked: SOURCES with those
# replaced by their objects; bench_objs: the objects alone.
bench_linked = $(foreach s,$(1),$(if $(filter $(s),$(BENCH_SRCS)),$(BENCH_AOBJ_DIR)/$(notdir $(s:.c=.o)),$(s)))
bench_objs = $(filter %.o,$(call bench_linked,$(1)))
BENCH_ADAPTER_LINK = $(call fuzz_link,bench) $(BENCH_AOBJS) $(call fuzz_linked,bench,$(BENCH_ADAPTER_OWN)) $(LIB) $(FUZZ_LIBS)
# It was rebuilt on every request, even one identical to the last: each
# make bench TARGET=... and each lab-batch row's bench relinked (2-3 s of
# CPU). Now it is a file with the prerequisites of any other build: the
# sources, the library, a stamp of its whole link command (the Makefile's
# flags_stamp: CC, CFLAGS, SRCS, LDLIBS, ...), and the headers the adapter
# and SRCS include: their objects' (fuzz/objects.mk), and for C++ files
# fuzz/build.mk's FUZZ_DEPFILE, in the file bench.d beside it, read back the
# next time (without that file it relinks every time). Those lists leave out
# what the -idirafter folders hold (fuzz/, allocator/): listed here instead.
# Its folder comes from FUZZ_NAME, which fuzz/build.mk (read after this
# file) sets: the rule is a pattern and its prerequisites are expanded a
# second time, when make considers it (.SECONDEXPANSION), so nothing of it
# is worked out, nor its stamp written, in a make that does not build it.
BENCH_ADAPTER_HDRS = $(BENCH_HDRS) $(FUZZ_HDRS) $(FUZZ_LAB_HDRS) $(LIB_HDRS)
BENCH_ADAPTER_FOUND = $(if $(FUZZ_CXX_SRCS),$(if $(wildcard $@.d),$(wildcard $(filter-out %: \,$(file <$@.d))),flags-changed))
BENCH_ADAPTER_DEPS = $(if $(filter $@,$(BENCH_ADAPTER_BIN)),,$(error $@ is built by make bench-adapter-build given \
	the TARGET and SRCS (or NAME) that name it; these name $(BENCH_ADAPTER_BIN))) bench/trace.list \
	$(BENCH_AOBJS) $(BENCH_ADAPTER_OWN) $(call fuzz_objs,bench,$(BENCH_ADAPTER_OWN)) $(BENCH_ADAPTER_HDRS) $(LIB) \
	$(BENCH_ADAPTER_FOUND) $(call flags_stamp,bench-adapter-$(subst /,-,$(FUZZ_NAME)),$(BENCH_ADAPTER_LINK))
.SECONDEXPANSION:
.PHONY: bench-adapter-build
# make bench reads TARGET, and the other fuzzing variables with one (an
# exported TARGET dropped as bad too): the goals that read them, fuzz/vars.mk.
FUZZ_VAR_GOALS += bench-adapter-build $(if $(TARGET)$(filter TARGET,$(FUZZ_VARS_DROPPED)),bench bench-built)
bench-adapter-build: $$(BENCH_ADAPTER_BIN)
$(BENCH_OUT)/adapter/%/bench: $$(BENCH_ADAPTER_DEPS)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(BENCH_ADAPTER_LINK) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)
# Written aside and renamed: two lab-batch rows may compile one at once.
# Kept (.PRECIOUS): made for the pattern rule above, make would take them
# for intermediate files and remove them after the link.
.PRECIOUS: $(BENCH_OUT)/adapter-obj/%.o
$(BENCH_OUT)/adapter-obj/%.o: bench/$$(notdir $$*).c $(BENCH_HDRS) $(LIB_HDRS)
	+@$(MKDIR_TARGET)
	$(call quiet,CC,$< (bench adapter))$(CC) $(BENCH_AOBJ_FLAGS) -c $< -o $@.$$$$.tmp && mv -f $@.$$$$.tmp $@

# The plain bench, gentraces, selftest and report-test (bench_linked above;
# their objects are named at the second expansion, as the adapter's bench's).
$(BENCH_OUT)/bench: bench/trace.list $(BENCH_SRCS) $(BENCH_HDRS) $(LIB) $(BENCH_STAMP) $$(call bench_objs,$(BENCH_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(BENCH_CFLAGS) -Ibench -Ifuzz $(call bench_linked,$(BENCH_SRCS)) $(LIB) -lpthread -o $@

$(BENCH_OUT)/gentraces: bench/gentraces.c bench/trace.list $(TRACE_SRCS) $(BENCH_HDRS) $(BENCH_STAMP) $$(call bench_objs,$(TRACE_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(BENCH_CFLAGS) -Ibench bench/gentraces.c $(call bench_linked,$(TRACE_SRCS)) -o $@

$(BENCH_OUT)/selftest: bench/selftest.c bench/selftest-ops.c bench/trace.list $(TRACE_SRCS) bench/workloads.c $(BENCH_HDRS) $(BENCH_STAMP) \
		$$(call bench_objs,$(TRACE_SRCS) bench/workloads.c)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(BENCH_CFLAGS) -Ibench bench/selftest.c bench/selftest-ops.c $(call bench_linked,$(TRACE_SRCS) bench/workloads.c) -o $@

# report.c's summary lines from made-up rows (report-test.c): replay.c for
# the allocators' names, halloc for the header's heap figure.
REPORT_TEST_SRCS := bench/report-test.c bench/report.c bench/replay.c $(TRACE_SRCS)
$(BENCH_OUT)/report-test: bench/trace.list $(REPORT_TEST_SRCS) $(BENCH_HDRS) $(LIB) $(BENCH_STAMP) $$(call bench_objs,$(REPORT_TEST_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(BENCH_CFLAGS) -Ibench -Ifuzz $(call bench_linked,$(REPORT_TEST_SRCS)) $(LIB) -lpthread -o $@

# "--": a trace named -x.rep is a file, not an option (getopt takes it for one).
# Built by a sub-make once ensure-deps has vetted a compiler you named.
.PHONY: bench-built
bench-built: $(if $(TARGET),bench-adapter-build,$(BENCH_OUT)/bench)
	@:
bench:
	@$(call ensure_deps,bench)
	@$(MAKE) --no-print-directory bench-built
	$(if $(TARGET),$(BENCH_ADAPTER_BIN),$(BENCH_OUT)/bench) $(BENCH_ARGS) -- $(TRACES)

bench-traces: $(BENCH_OUT)/gentraces
	@mkdir -p bench/traces
	$(BENCH_OUT)/gentraces bench/traces

# The committed traces must be exactly what the generator writes today.
# Each binary relinks when bench/trace.list changes (make -W: as if just
# edited; -n: nothing is built or written).
BENCH_BINS = $(BENCH_OUT)/selftest $(BENCH_OUT)/gentraces $(BENCH_OUT)/bench $(BENCH_OUT)/report-test
bench-selftest:
	@$(call CHECK_BUILD,$(BENCH_BINS))
	@out=$$($(MAKE) --no-print-directory -n -W bench/trace.list $(BENCH_BINS) 2>&1); for b in $(BENCH_BINS); do \
		case "$$out" in *"-o $$b"*) ;; *) echo "bench-selftest FAILED: make does not relink $$b when" \
			"bench/trace.list (the trace sources it links) changes: list the file among its prerequisites"; exit 1 ;; esac; \
	done
	$(BENCH_OUT)/selftest bench/testdata bench/traces bench/recorded
	$(BENCH_OUT)/report-test
	@rm -rf $(BENCH_OUT)/traces-fresh && mkdir -p $(BENCH_OUT)/traces-fresh
	@$(BENCH_OUT)/gentraces $(BENCH_OUT)/traces-fresh >/dev/null
	@diff -rq bench/traces $(BENCH_OUT)/traces-fresh >/dev/null || \
		{ echo "bench/traces/ is not what bench/gentraces.c writes now: run 'make bench-traces'"; exit 1; }
	@MAKE='$(MAKE)' BUILD='$(BUILD)' bench/script-tests.sh $(BENCH_OUT)/bench bench/testdata

CHECK_TARGETS += bench-selftest
