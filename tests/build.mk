# tests/build.mk - Criterion unit tests (included by the top Makefile).
#
#   make check-unit          every tests/test_*.c against build/plain/libhalloc.a ($(CC))
#   make check-unit-asan     the same compiled with $(SAN) against build/asan/libhalloc.a's code
#                            (UNIT_LIB_asan below)
#   make check-unit-debug    against build/debug/libhalloc.a (full check after every public call),
#                            plus the debug-only death tests tests/debug_*.c
#   make check-unit-clang    check-unit-asan with $(CLANG), in its own build tree
#   make check-unit CC=clang also works; one binary: build/tests/plain/test_errno --help
#                            (a run that tests nothing, an option mistyped, exits 2: tests/unit_main.c)
#   make check-install       make install into build/install-test, build the demo from it
#   make check-valgrind      memcheck reports user mistakes on halloc blocks (valgrind variant)
#   make check-build-flags   the library with -pedantic (gcc, clang) and with gcc -Os -flto;
#                            every header compiles on its own; gcc -O levels, -fsanitize=undefined
#   make check-m32           ILP32: gcc -m32 -static builds run under qemu-i386 (check-m32.sh)
#
# Every test binary runs even when an earlier one fails; make fails at the end
# if any test failed or crashed or a sanitizer reported anything.

UNIT_TESTS   := $(patsubst tests/%.c,%,$(sort $(wildcard tests/test_*.c)))
UNIT_DEBUG_ONLY := $(patsubst tests/%.c,%,$(sort $(wildcard tests/debug_*.c)))
# test_hardening damages a header and then calls free/realloc expecting an
# error return (test_checker_garbage: walk and dump on random damage); the
# debug library aborts at the first violation instead (debug_death.c tests
# exactly that).
UNIT_CORRUPTING := test_hardening test_forgery test_seals test_region_damage test_seal_layout test_list_heads \
                   test_checker_garbage
# Tests of the fuzz harness's own code, over a heap used soundly, and of the
# test binaries' main: the debug library adds nothing to them, and a build of
# each costs ~0.6 s of CPU.
UNIT_HARNESS := test_hardening_report test_unit_main test_tenths
UNIT_DEBUG_TESTS := $(filter-out $(UNIT_CORRUPTING) $(UNIT_HARNESS),$(UNIT_TESTS)) $(UNIT_DEBUG_ONLY)

UNIT_DEMO    := $(BUILD)/demo
UNIT_SUPPORT := tests/helpers.c tests/lazy_git.c tests/unit_main.c
# Tests of code outside the library name its sources here (a source a test
# includes goes in UNIT_DEPS below).
UNIT_EXTRA_test_memlib := fuzz/adapters/malloclab/memlib.c
UNIT_EXTRA_test_checker := tests/checker_fixture.c fuzz/causes-checker.c
UNIT_EXTRA_test_checker_lists := tests/checker_fixture.c fuzz/causes-checker.c
UNIT_EXTRA_test_report_whole := tests/report_drive.c
UNIT_EXTRA_test_seals := tests/seal_fixture.c
UNIT_EXTRA_test_region_damage := tests/seal_fixture.c
UNIT_EXTRA_test_seal_layout := tests/seal_fixture.c
UNIT_DEPS    := $(UNIT_SUPPORT) $(wildcard tests/*.h) $(LIB_HDRS) tests/checker_fixture.c tests/report_drive.c tests/seal_fixture.c \
                fuzz/adapters/malloclab/memlib.c fuzz/adapters/malloclab/memlib.h \
                fuzz/hardening/hardening-fuzz.c fuzz/tenths.h fuzz/progress.c # test_hardening_report, test_tenths include them
UNIT_CFLAGS   = $(HALLOC_CFLAGS) -Itests -Ifuzz/adapters/malloclab -DHALLOC_DEMO_PATH='"$(abspath $(UNIT_DEMO))"'
UNIT_LDLIBS  := -lcriterion -pthread

# The debug library aborts on every misuse report (bad pointer, double free)
# unless HALLOC_NOABORT is set; the errno tests provoke those on purpose.
# debug_*.c unset it in the tests that expect the abort.
UNIT_DEBUG_ENV := HALLOC_NOABORT=1
UNIT_ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
                 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# The library each variant's tests link. The ASan+UBSan one is the code of
# build/asan/libhalloc.a, and so is what fuzz's replay binaries build of
# halloc's sources with the same compiler (fuzz/objects.mk, kind replay-gcc
# or replay-clang): make check builds that first (check-flags-stamp), and
# check-unit-asan compiled it again, 16 compiles and a fifth of its CPU. The
# tests link an archive of those objects when their flags are the asan
# variant's but for the include folders, -fvisibility=hidden (which a static
# link does not see) and the replay's timeout -D (no library file reads it);
# with any other difference, build/asan/libhalloc.a (tools/check-flags-stamp.sh
# checks which).
UNIT_ASAN_FLAGS   = $(filter-out -I% $(LIB_VISIBILITY),$(LIB_CFLAGS) $(VARIANT_asan_FLAGS))
UNIT_REPLAY_FLAGS = $(filter-out -I% $(FUZZ_TIMEOUT_FLAG),$(FUZZ_OBJ_CFLAGS) $(FUZZ_FLAGS_$(FUZZ_REPLAY_CC_AS)))
# The replay kind of that compiler (gcc's or clang's), when its objects are
# those: every library source is one, and the flags agree.
UNIT_ASAN_KIND := $(if $(and $(call same_text,$(strip $(CC)),$(strip $(REPLAY_CC))),$(FUZZ_REPLAY_CC_AS),$(if $(filter-out \
                  $(FUZZ_SHARED_SRCS),$(LIB_SRCS)),,all),$(call \
                  same_text,$(strip $(UNIT_ASAN_FLAGS)),$(strip $(UNIT_REPLAY_FLAGS)))),$(FUZZ_REPLAY_CC_AS))
UNIT_ASAN_SHARED := $(if $(UNIT_ASAN_KIND),$(call fuzz_obj_dir,$(UNIT_ASAN_KIND))/libhalloc.a)
UNIT_LIB_plain := $(BUILD)/plain/libhalloc.a
UNIT_LIB_asan  := $(or $(UNIT_ASAN_SHARED),$(BUILD)/asan/libhalloc.a)
UNIT_LIB_debug := $(BUILD)/debug/libhalloc.a
$(if $(UNIT_ASAN_SHARED),$(eval $(call LIB_ARCHIVE,$(UNIT_ASAN_SHARED),$(dir $(UNIT_ASAN_SHARED)))))

# $(1): variant (plain, asan, debug); $(2): extra compile flags.
# The support files are compiled once per variant (every test links them: as
# sources of each, helpers.c was a quarter of each test's compile).
# lazy_git.c defers Criterion's libgit2 start, a fifth of each test's CPU.
# So are the UNIT_EXTRA_ sources, each linked by the tests that name it:
# compiled in each link, seal_fixture.c was compiled three times a variant.
UNIT_EXTRA_SRCS := $(sort $(foreach v,$(filter UNIT_EXTRA_test_%,$(.VARIABLES)),$($(v))))
UNIT_OBJS = $(patsubst %.c,$(BUILD)/tests/$(1)/obj/%.o,$(2))
UNIT_SUPPORT_OBJS = $(call UNIT_OBJS,$(1),$(UNIT_SUPPORT))
define UNIT_VARIANT
UNIT_STAMP_$(1) := $$(call flags_stamp,tests-$(1),$$(CC) $$(UNIT_CFLAGS) $(2) $(UNIT_LIB_$(1)))
$(call UNIT_OBJS,$(1),$(UNIT_SUPPORT) $(UNIT_EXTRA_SRCS)): $(BUILD)/tests/$(1)/obj/%.o: %.c $(UNIT_DEPS) $$(UNIT_STAMP_$(1))
	+@$$(MKDIR_TARGET)
	$$(call quiet,CC,$$< ($(1)))$$(CC) $$(UNIT_CFLAGS) $(2) -c $$< -o $$@
$(foreach t,$(UNIT_TESTS) $(UNIT_DEBUG_ONLY),$(if $(UNIT_EXTRA_$(t)),$(BUILD)/tests/$(1)/$(t): $(call \
	UNIT_OBJS,$(1),$(UNIT_EXTRA_$(t)))$(newline)))
$(BUILD)/tests/$(1)/%: tests/%.c $(UNIT_DEPS) $(UNIT_LIB_$(1)) $(call UNIT_SUPPORT_OBJS,$(1)) $$(UNIT_STAMP_$(1))
	+@$$(MKDIR_TARGET)
	$$(call quiet,LINK,$$@)$$(CC) $$(UNIT_CFLAGS) $(2) $$< $$(filter %.o,$$^) \
		$(UNIT_LIB_$(1)) $$(UNIT_LDLIBS) -o $$@
endef
$(eval $(call UNIT_VARIANT,plain,))
$(eval $(call UNIT_VARIANT,asan,$$(SAN)))
$(eval $(call UNIT_VARIANT,debug,-DHALLOC_TEST_DEBUG_LIB=1))

UNIT_PLAIN_BINS := $(addprefix $(BUILD)/tests/plain/,$(UNIT_TESTS))
UNIT_ASAN_BINS  := $(addprefix $(BUILD)/tests/asan/,$(UNIT_TESTS))
UNIT_DEBUG_BINS := $(addprefix $(BUILD)/tests/debug/,$(UNIT_DEBUG_TESTS))

# Runs each binary given, on every core at once, with the environment $(2);
# fails if any failed (tests/run-units.sh).
UNIT_RUN = $(2) tests/run-units.sh $(1)

.PHONY: unit-tests check-unit check-unit-asan check-unit-debug check-unit-clang
unit-tests: $(UNIT_PLAIN_BINS) $(UNIT_ASAN_BINS) $(UNIT_DEBUG_BINS)

check-unit:
	@$(call CHECK_BUILD,$(UNIT_PLAIN_BINS) $(UNIT_DEMO))
	@$(call UNIT_RUN,$(UNIT_PLAIN_BINS),)

check-unit-asan:
	@$(call CHECK_BUILD,$(UNIT_ASAN_BINS) $(UNIT_DEMO))
	@$(call UNIT_RUN,$(UNIT_ASAN_BINS),$(UNIT_ASAN_ENV))

check-unit-debug:
	@$(call CHECK_BUILD,$(UNIT_DEBUG_BINS) $(UNIT_DEMO))
	@$(call UNIT_RUN,$(UNIT_DEBUG_BINS),$(UNIT_DEBUG_ENV))

# The suite built by the other compiler, in a separate tree, under its
# ASan+UBSan: clang's UBSan flags what gcc's does not (free(16) made a null
# pointer by arithmetic in hl_chunk_from_payload, found so and fixed), and
# the plain clang build it replaced caught nothing these do not.
check-unit-clang:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/clang-unit CC=$(CLANG) check-unit-asan

CHECK_TARGETS += check-unit check-unit-asan check-unit-debug check-unit-clang

# memcheck's view of a halloc heap: tests/valgrind_probe.c on the valgrind
# variant (client requests on) and, as the control, on the plain library.
# -O0: the probe's mistakes must reach the binary as written.
VALGRIND_PROBES := $(BUILD)/tests/valgrind/probe $(BUILD)/tests/valgrind/probe-plain
$(BUILD)/tests/valgrind/probe: tests/valgrind_probe.c $(BUILD)/valgrind/libhalloc.a
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(HALLOC_CFLAGS) -O0 $< $(BUILD)/valgrind/libhalloc.a -lpthread -o $@
$(BUILD)/tests/valgrind/probe-plain: tests/valgrind_probe.c $(LIB)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(HALLOC_CFLAGS) -O0 $< $(LIB) -lpthread -o $@

.PHONY: check-valgrind
check-valgrind:
	@$(call CHECK_BUILD,$(VALGRIND_PROBES))
	@tests/check-valgrind.sh $(VALGRIND_PROBES)

CHECK_TARGETS += check-valgrind

# make install into build/install-test, then build and run the demo against it
# through pkg-config, shared and static; make uninstall must remove it all.
.PHONY: check-install
check-install: $(LIB) $(SOLIB) $(UNIT_DEMO)
	@CC='$(CC)' MAKE='$(MAKE)' tests/check-install.sh $(BUILD)

CHECK_TARGETS += check-install

# The library as an integrator may build it: ISO C11 with -pedantic under both
# compilers, and gcc's link-time optimisation (-Os, as for a small target),
# whose inlining across files brings warnings no per-file build shows.
# Every header compiles first in a file, its macros complete without the
# headers its users happened to include before it (tools/check-headers.sh).
CHECK_HEADERS = $(sort $(LIB_HDRS) $(wildcard fuzz/*.h fuzz/*/*.h fuzz/*/*/*.h preload/*.h bench/*.h))
# gcc's maybe-uninitialized and array-bounds warnings come from its
# optimisers, so each -O level finds its own: fuzz/input-kind.h's only at
# -O1, fuzz/trace.c's only at -O3, where every build's -O2 was clean. clang's
# warnings do not change with -O. The library, the harness and the bench,
# every -O in one xargs (a pass per -O ended on its last compile, one core
# idle, three times); each failure names its -O and file.
OPT_SWEEP_SRCS = $(LIB_SRCS) $(FUZZ_HARNESS) $(BENCH_SRCS)
# gcc -fsanitize=undefined checks a nonnull argument and goes on along a path
# of its own, where the format warnings then see that argument NULL: cut.h's
# sayers failed so at -O1 to -Os before hl_vsay said its fmt nonnull, and
# fuzz/trace-file.c's "%.*s" of a name at -O1 and -O2 before
# fuzz_input_refusal said its path nonnull. One caller of cut.h's sayers in
# the library, one in the lab-trace reader (bench/trace.list, which bench and
# verify-traces link), one in the preload shim (log.c passes on its caller's
# fmt; record.c, the other, failed at -O1 but not -O2 or -Os), and the harness's
# trace-file.c, at -O1 (these four take ~1.3 s of CPU; the whole sweep at
# every -O with each sanitizer was clean).
SANITIZE_SWEEP_SRCS = checks/check.c bench/trace-build.c preload/log.c fuzz/trace-file.c
.PHONY: check-build-flags
check-build-flags:
	@for cc in gcc $(CLANG); do printf '%s\n' $(LIB_SRCS) | \
	    xargs -P $(NPROC) -I{} $$cc $(CSTD) -pedantic $(WARN) -Iallocator -fsyntax-only {} || exit 1; done
	@tools/check-headers.sh "$(CSTD) -pedantic $(WARN) -Iallocator" gcc $(CLANG) -- $(CHECK_HEADERS)
	@for o in -O1 -O3 -Os; do for f in $(OPT_SWEEP_SRCS); do echo "$$o $$f"; done; done | \
	    xargs -P $(NPROC) -L1 sh -c 'gcc $(CSTD) $(WARN) "$$0" -Iallocator -Ifuzz -Ibench -c "$$1" -o /dev/null || \
	    { echo "check-build-flags FAILED: gcc $$0 warns above on $$1, which -O2 does not; set the variable on every path gcc sees (or restructure) so every -O builds"; exit 1; }' || exit 1
	@printf '%s\n' $(SANITIZE_SWEEP_SRCS) | xargs -P $(NPROC) -I{} \
	    gcc $(CSTD) $(WARN) -O1 -fsanitize=undefined -Iallocator -Ifuzz -Ibench -c {} -o /dev/null || \
	    { echo "check-build-flags FAILED: gcc -O1 -fsanitize=undefined warns above; say nonnull what the callee takes as nonnull (cut.h's hl_vsay, trace.h's fuzz_input_refusal) so the sanitizer checks it at its callers"; exit 1; }
	@$(call CHECK_BUILD,CC=gcc BUILD=$(BUILD)/lto OPT='-Os -flto' $(BUILD)/lto/demo)
	@echo "check-build-flags: -pedantic (gcc, clang), gcc -O1, -O3 and -Os (library, harness, bench), gcc -O1 -fsanitize=undefined and gcc -Os -flto build clean"

CHECK_TARGETS += check-build-flags

# ILP32 (i386 here; 32-bit ARM alike): the library, the demo, the 32-bit
# limits (tests/ilp32_limits.c: no Criterion for i386) and the fuzz replay
# driver built with gcc -m32 -static, run under qemu-i386 since the kernel
# need not run i386 binaries; clang -m32 compiles the library clean too.
# Only in a sub-make with BUILD=$(M32_BUILD) CFLAGS='-m32 ...' is this rule's
# target built: natively the file refuses to compile.
M32_BUILD  = $(BUILD)/m32
M32_RANDOM ?= 300
QEMU_I386  ?= qemu-i386
$(BUILD)/tests/ilp32_limits: tests/ilp32_limits.c tests/ilp32_check.h tests/report_drive.c tests/report_drive.h \
                             tests/tenths_pins.h fuzz/tenths.h $(LIB_HDRS) $(LIB)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(HALLOC_CFLAGS) $< tests/report_drive.c $(LIB) -lpthread -o $@

# The bench's trace sums (tests/ilp32_bench.c): the parser and bench.h only.
$(BUILD)/tests/ilp32_bench: tests/ilp32_bench.c tests/ilp32_check.h bench/trace.list $(TRACE_SRCS) $(wildcard bench/*.h) $(LIB_HDRS)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(HALLOC_CFLAGS) -Ibench tests/ilp32_bench.c $(TRACE_SRCS) -o $@

.PHONY: check-m32
check-m32: $(FUZZ_TOOL)
	@$(call CHECK_BUILD,BUILD=$(M32_BUILD) CC=gcc CFLAGS='-m32 -static' FUZZ_SAN=) \
	    $(M32_BUILD)/demo $(M32_BUILD)/tests/ilp32_limits $(M32_BUILD)/tests/ilp32_bench \
	    $(M32_BUILD)/fuzz/halloc/replay-cc
	@printf '%s\n' $(LIB_SRCS) | xargs -P $(NPROC) -I{} $(CLANG) -m32 $(CSTD) $(WARN) -Iallocator -fsyntax-only {}
	@QEMU=$(QEMU_I386) tests/check-m32.sh $(M32_BUILD) $(FUZZ_TOOL) $(M32_RANDOM)
	@echo "check-m32: the 32-bit build passes"

CHECK_TARGETS += check-m32
