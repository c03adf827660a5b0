# preload/: run an unmodified program on halloc (see preload/halloc-preload.c).
#
#   make preload         build/preload/libhalloc-preload.so, and
#                        libhalloc-preload-debug.so (whole heap checked after every call)
#   make check-preload   probe of the shim's semantics, planted heap bugs that
#                        both shims must catch, real programs whose output
#                        must match glibc's runs, and traces recorded with
#                        HALLOC_PRELOAD_TRACE
#                        (part of make check)
#   make bench-programs  wall time of real programs on glibc and on the shim
#                        (BENCH_REPS=5 runs each, best kept)

PRELOAD_OUT   := $(BUILD)/preload
PRELOAD_SO    := $(PRELOAD_OUT)/libhalloc-preload.so
PRELOAD_DEBUG_SO := $(PRELOAD_OUT)/libhalloc-preload-debug.so
# The allocation functions are not builtins here: no malloc+memset in here may
# become a call to calloc (itself). Only those: a plain -fno-builtin also made
# every small memcpy (the allocator's header reads, hl_peek) a call to libc's
# memmove - 16% of a bash script's time on the shim.
# initial-exec TLS: halloc's thread-local error buffer must not need malloc.
# Sibling calls at -O1 too (the debug shim's): dlopen.c reaches the real dlopen
# by a jump, so that dlopen still sees its caller.
PRELOAD_NO_BUILTIN := $(foreach f,malloc calloc realloc free aligned_alloc posix_memalign,-fno-builtin-$(f))
PRELOAD_FLAGS := -fPIC -foptimize-sibling-calls $(PRELOAD_NO_BUILTIN) -ftls-model=initial-exec $(LIB_VISIBILITY)
PRELOAD_SRCS  := $(LIB_SRCS) preload/halloc-preload.c preload/settings.c preload/exit-check.c preload/default-heap.c preload/stats.c preload/log.c preload/record.c preload/record-file.c preload/addr-map.c preload/path.c preload/exec.c preload/dlopen.c

# Two shims from the same sources: plain, and debug (HALLOC_DEBUG: the whole
# heap is checked after every call, the first violation aborts with its report).
$(PRELOAD_OUT)/obj/%.o: %.c $(LIB_HDRS) preload/record.h preload/record-state.h preload/shim.h preload/addr-map.h preload/log.h preload/malloc-version.h bench/trace.h \
		$(call flags_stamp,preload-obj,$(CC) $(HALLOC_CFLAGS) $(PRELOAD_FLAGS))
	+@$(MKDIR_TARGET)
	$(call quiet,CC,$< (preload))$(CC) $(HALLOC_CFLAGS) $(PRELOAD_FLAGS) -c $< -o $@

$(PRELOAD_OUT)/obj-debug/%.o: %.c $(LIB_HDRS) preload/record.h preload/record-state.h preload/shim.h preload/addr-map.h preload/log.h preload/malloc-version.h bench/trace.h \
		$(call flags_stamp,preload-obj-debug,$(CC) $(HALLOC_CFLAGS) $(PRELOAD_FLAGS) $(VARIANT_debug_FLAGS))
	+@$(MKDIR_TARGET)
	$(call quiet,CC,$< (preload-debug))$(CC) $(HALLOC_CFLAGS) $(PRELOAD_FLAGS) $(VARIANT_debug_FLAGS) -c $< -o $@

$(PRELOAD_SO): $(patsubst %.c,$(PRELOAD_OUT)/obj/%.o,$(PRELOAD_SRCS))
	$(call quiet,LINK,$@)$(CC) -shared -o $@ $^ -lpthread

$(PRELOAD_DEBUG_SO): $(patsubst %.c,$(PRELOAD_OUT)/obj-debug/%.o,$(PRELOAD_SRCS))
	$(call quiet,LINK,$@)$(CC) -shared -o $@ $^ -lpthread

# The plain shim but for a recorder that stops at 64 ids (REC_MAX_IDS,
# preload/record.c) and at a block above 1 MiB (REC_MAX_REQUEST): check-record.sh
# sees it stop at the readers' caps without a program holding 67M blocks, or
# one of over 1 TiB.
PRELOAD_CAP_SO := $(PRELOAD_OUT)/libhalloc-preload-cap64.so
$(PRELOAD_OUT)/obj-cap64/preload/record.o: preload/record.c $(LIB_HDRS) preload/record.h preload/record-state.h preload/addr-map.h \
		preload/log.h bench/trace.h $(call flags_stamp,preload-obj-cap64,$(CC) $(HALLOC_CFLAGS) $(PRELOAD_FLAGS))
	+@$(MKDIR_TARGET)
	$(call quiet,CC,$< (preload-cap64))$(CC) $(HALLOC_CFLAGS) $(PRELOAD_FLAGS) -DREC_MAX_IDS=64 -DREC_MAX_REQUEST=1048576 -c $< -o $@

$(PRELOAD_CAP_SO): $(patsubst %.c,$(PRELOAD_OUT)/obj/%.o,$(filter-out preload/record.c,$(PRELOAD_SRCS))) \
		$(PRELOAD_OUT)/obj-cap64/preload/record.o
	$(call quiet,LINK,$@)$(CC) -shared -o $@ $^ -lpthread

# -fno-builtin here too: the probe tests malloc's answers, which the compiler
# would otherwise fold away (malloc(n) == NULL is "false" to clang).
# Compiled straight from its sources: a stamp of the compiler and flags (the
# Makefile's flags_stamp) rebuilds it for another CC, as objects are.
PROBE_SRCS  := preload/probe.c preload/probe-modes.c
PROBE_FLAGS = $(CSTD) $(WARN) $(OPT) -fno-builtin
PROBE_BUILD = $(PROBE_FLAGS) $(PROBE_SRCS) -o $@ -lpthread -ldl
$(PRELOAD_OUT)/probe: $(PROBE_SRCS) preload/probe.h $(call flags_stamp,preload-probe,$(CC) $(PROBE_FLAGS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(PROBE_BUILD)

# The probe by the other compiler too (as check-unit-clang does for the unit
# tests): clang warns where gcc does not (the probe's deliberately invalid
# alignments), and optimizes differently around alloc_align.
$(PRELOAD_OUT)/probe-clang: $(PROBE_SRCS) preload/probe.h $(call flags_stamp,preload-probe-clang,$(CLANG) $(PROBE_FLAGS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CLANG) $(PROBE_BUILD)

.PHONY: preload check-preload bench-programs
preload: $(PRELOAD_SO) $(PRELOAD_DEBUG_SO)

check-preload:
	@$(call CHECK_BUILD,$(PRELOAD_SO) $(PRELOAD_DEBUG_SO) $(PRELOAD_OUT)/probe) \
		$(PRELOAD_OUT)/probe-clang $(BENCH_OUT)/bench $(PRELOAD_CAP_SO)
	@out=$$(LD_PRELOAD=$(PRELOAD_SO) $(PRELOAD_OUT)/probe-clang 2>&1); [ "$$out" = "probe: ok" ] || \
		{ echo "check-preload FAILED: the probe built by $(CLANG) under the shim: $$out"; exit 1; }
	preload/check.sh $(PRELOAD_SO) $(PRELOAD_DEBUG_SO) $(PRELOAD_OUT)/probe $(PRELOAD_OUT) $(BENCH_OUT)/bench

CHECK_TARGETS += check-preload

BENCH_REPS ?= 5
bench-programs: $(PRELOAD_SO)
	preload/bench.sh $(PRELOAD_SO) $(PRELOAD_OUT)/bench $(BENCH_REPS)
