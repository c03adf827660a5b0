# halloc top-level Makefile.
# The library is built here; every other folder adds its own targets in
# <folder>/build.mk (included below), so each folder's build lives beside it.
#
#   make               static + shared library and the demo
#   make check         every suite README.md "Build targets" marks (check): unit tests,
#                      corpus replays, short fuzz runs, ...; make help lists them
#   make fuzz          libFuzzer on halloc (FUZZ_TIME=s, JOBS=n, TARGET=adapter.c SRCS=...)
#   make bench         halloc vs glibc malloc
#   make preload       LD_PRELOAD shim: run any program on halloc (preload/)
#   make install PREFIX=/usr/local

# Plain `make` builds `all`, not the first rule a variant's eval defines below.
.DEFAULT_GOAL := all

CC       ?= cc
CLANG    ?= clang
# The compilers a user can name. Each one named (on make's command line or in
# the environment) goes to tools/ensure-deps, which refuses one that is not a
# command before anything builds: $(call ensure_deps,PROFILE) in a recipe.
USER_COMPILERS  = CC CLANG REPLAY_CC
NAMED_COMPILERS = $(foreach v,$(USER_COMPILERS),$(if $(filter command line environment%,$(origin $(v))),$(call \
                  fuzz_quoted,$(v)=$($(v)))))
ensure_deps     = tools/ensure-deps $(1) $(NAMED_COMPILERS)
BUILD    ?= build
PREFIX   ?= /usr/local
# Where make install puts the libraries and headers (GNU names; e.g.
# LIBDIR=$(PREFIX)/lib/x86_64-linux-gnu for Debian's multiarch layout).
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Werror
# 64-bit file offsets and inode numbers in 32-bit builds too (make check-m32):
# without them readdir and stat fail with EOVERFLOW on a filesystem whose
# inode numbers pass 2^32. A no-op on LP64.
CSTD     := -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64
# SAN_DEFAULT: what a replay line compares SAN with (fuzz/replay-line.mk's FUZZ_VARS).
SAN_DEFAULT := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN      := $(SAN_DEFAULT)
# Flags every halloc translation unit gets; user CFLAGS come last so they win.
HALLOC_BASE_CFLAGS = $(CSTD) $(WARN) $(OPT)
HALLOC_CFLAGS = $(HALLOC_BASE_CFLAGS) -Iallocator $(CFLAGS)

# VAR = $(call once,VAR): VAR is VAR_NOW, a $(shell) worked out the first
# time a recipe (or a rule) asks for it and kept. Set with :=, each ran on
# every make invocation, and make check starts hundreds (fuzz-check-make-vars
# alone 93, check-run-suites 92): most of them never read it.
once = $(eval $(1) := $$($(1)_NOW))$($(1))

# The release, read from halloc.h (MAJOR.MINOR.PATCH), and the shared
# library's run-time name, which changes only with MAJOR.
HALLOC_VERSION_NOW = $(shell sed -n 's/^\#define HALLOC_VERSION_[A-Z]* \([0-9][0-9]*\)$$/\1/p' allocator/halloc.h | paste -sd. -)
HALLOC_VERSION = $(call once,HALLOC_VERSION)
HALLOC_SONAME  = libhalloc.so.$(firstword $(subst ., ,$(HALLOC_VERSION)))
# Library objects export only what halloc.h declares (its visibility pragma).
LIB_VISIBILITY := -fvisibility=hidden

LIB_SRCS := $(sort $(wildcard allocator/*.c) $(wildcard checks/*.c))
LIB_HDRS := $(wildcard allocator/*.h) $(wildcard checks/*.h)

# $(call cflags_read,FILE...): CFLAGS less each -D or -U whose macro none of
# the FILEs (a build's sources and the headers they include) names, found by
# fuzz/scripts/unread-macros.sh: such a switch cannot change that build. The
# suites of make check pass bug switches of other allocators (make fuzz
# CFLAGS=-DMM_BUG_x, bench/adapter-test.sh's -DMEMLIB_MAX_HEAP): in the
# flags stamps they rewrote, each rebuilt the library, and bench, in the
# next make without them. A shell per call: assign its result with :=.
cflags_read = $(if $(filter -D% -U%,$(CFLAGS)),$(filter-out $(shell printf '%s\n' $(foreach \
              w,$(CFLAGS),'$(subst ','\'',$(w))') | fuzz/scripts/unread-macros.sh $(1)),$(CFLAGS)),$(CFLAGS))
# The library's objects' flags (HALLOC_CFLAGS less what they do not read).
LIB_CFLAGS := $(HALLOC_BASE_CFLAGS) -Iallocator $(call cflags_read,$(LIB_SRCS) $(LIB_HDRS))

# Library variants: build/<variant>/libhalloc.a, each from its own objects.
#   plain     what gets installed (PIC, so the shared library reuses it)
#   asan      AddressSanitizer + UBSan, with halloc's poisoning on
#   debug     HALLOC_DEBUG: full heap check after every public call, abort on violation
#   valgrind  memcheck client requests on
VARIANT_plain_CC      = $(CC)
VARIANT_plain_FLAGS   = -fPIC
VARIANT_asan_CC       = $(CC)
VARIANT_asan_FLAGS    = $(SAN)
VARIANT_debug_CC      = $(CC)
VARIANT_debug_FLAGS   = -DHALLOC_DEBUG=1 -O1
VARIANT_valgrind_CC   = $(CC)
VARIANT_valgrind_FLAGS = -DHALLOC_VALGRIND=1
VARIANTS := plain asan debug valgrind

# flags_stamp NAME,TEXT: the file $(BUILD)/flags/NAME holding TEXT - what a
# compile rule passes its compiler - rewritten only when TEXT changed. Objects
# list it as a prerequisite: make compares only times, so an edit to the flags
# left objects built with the old ones (build/preload/obj had to be removed by
# hand). Expanded where the rule is read: TEXT's variables must be set by then.
# Read and written by make itself ($(file)): a shell per stamp cost each make
# run (make check starts dozens) 5 ms. Under make -n or -q nothing is
# written (make -n must leave BUILD as it was, tools/check-run-suites.sh):
# changed flags name the phony flags-changed instead, always out of date, so
# -n shows the rebuild and -q says one is due. (Not a pattern rule's file:
# as an implicit rule's missing prerequisite it would be intermediate, and
# make does not remake those for a target otherwise up to date.)
flags_dry := $(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))
# The stamp is read through $(strip): make 4.3's $(file <) sometimes keeps the
# file's last newline (when its buffer moves while reading a long stamp), and
# the stamp then never matched: make -q called the parse fuzzer out of date
# right after its build, in some BUILD folders and not others.
flags_stamp = $(flags_dir)$(call flags_write,$(BUILD)/flags/$(1),$(strip $(2)),$(strip $(file <$(BUILD)/flags/$(1))))
# The folder of the stamps, made when missing (not under make -n or -q).
flags_dir = $(if $(flags_dry)$(wildcard $(BUILD)/flags),,$(shell mkdir -p '$(BUILD)/flags'))
flags_write = $(if $(call same_text,$(2),$(3)),$(1),$(if $(flags_dry),flags-changed,$(file >$(1),$(2))$(1)))
.PHONY: flags-changed
flags-changed: ;

# $(call same_text,A,B): non-empty when A and B are the same text, blanks and all.
same_text = $(if $(subst $(1),,$(2))$(subst $(2),,$(1)),,same)

# $(call shell_kept,NAME,COMMAND): $(shell COMMAND) for a COMMAND whose
# output its own text decides (a checksum of the words it prints), kept with
# that text in $(BUILD)/flags/NAME and run again only when the text changed:
# every make ran the object folders' checksums (fuzz/objects.mk,
# bench/build.mk), three shells and an awk or cksum each, 40 ms of CPU in a
# make that then built nothing. The output comes first in the file, the text
# and an end mark after it: a make reading the file while another writes it
# (makes run side by side in one BUILD) sees a part short of the end, no
# match. The match allows the last newline make 4.3's $(file <) may keep
# (flags_stamp above). Under make -n or -q not written (flags_dry above).
shell_kept = $(call shell_kept_in,$(BUILD)/flags/$(1),$(2),$(file <$(BUILD)/flags/$(1)),<output>$(2)<end>)
shell_kept_in = $(if $(and $(3),$(or $(call same_text,$(3),$(strip $(subst $(4),,$(3)))$(4)),$(call \
	same_text,$(3),$(strip $(subst $(4),,$(3)))$(4)$(newline)))),$(strip $(subst $(4),,$(3))),$(call \
	shell_kept_new,$(1),$(strip $(shell $(2))),$(4)))
shell_kept_new = $(if $(flags_dry),,$(flags_dir)$(file >$(1),$(2)$(3)))$(2)

# A recipe's first line, +@$(MKDIR_TARGET): the target's folder made. Under
# make -t, which touches targets instead of running recipes and cannot make
# a folder (make -t fuzz-check-replay in a clean BUILD failed on each
# object), it runs: + marks it as one -t runs (-t reads the + before any
# expansion). Under -n and -q, which run + lines too but must leave BUILD
# as it was, it is empty (flags_dry above).
MKDIR_TARGET = $(if $(flags_dry),,mkdir -p $(@D))

# Build output in the kernel's style, in every folder's builds: a compile or
# link prints one short line ("  CC      fuzz/exec.c"), V=1 the whole command.
# make -s prints neither, and make -n the whole command, as it would run
# (checks read it there). The compiler's own errors and warnings print in
# full either way. A recipe line starts with $(call quiet,TAG,WHAT).
quiet_off    := $(filter 1,$(V))$(flags_dry)
quiet_silent := $(findstring s,$(firstword -$(MAKEFLAGS)))
quiet = $(if $(quiet_off),,@$(if $(quiet_silent),,printf '  %-6s %s\n' '$(1)' '$(2)'; ))

define LIB_VARIANT
$(BUILD)/$(1)/obj/%.o: %.c $(LIB_HDRS) $(call flags_stamp,lib-$(1),$(VARIANT_$(1)_CC) $(LIB_VISIBILITY) $(LIB_CFLAGS) $(VARIANT_$(1)_FLAGS))
	+@$$(MKDIR_TARGET)
	$$(call quiet,CC,$$< ($(1)))$$(VARIANT_$(1)_CC) $$(LIB_VISIBILITY) $$(LIB_CFLAGS) $$(VARIANT_$(1)_FLAGS) -c $$< -o $$@
$(call LIB_ARCHIVE,$(BUILD)/$(1)/libhalloc.a,$(BUILD)/$(1)/obj/)
endef
# $(call LIB_ARCHIVE,ARCHIVE,FOLDER/): the rule of ARCHIVE, the library's
# objects in FOLDER (a variant's, or tests/build.mk's UNIT_LIB_asan).
define LIB_ARCHIVE
$(1): $(patsubst %.c,$(2)%.o,$(LIB_SRCS))
	@rm -f $$@
	$$(call quiet,AR,$$@)ar rcs $$@ $$^
endef
$(foreach v,$(VARIANTS),$(eval $(call LIB_VARIANT,$(v))))

LIB    := $(BUILD)/plain/libhalloc.a
SOLIB  := $(BUILD)/plain/libhalloc.so

# The link named by the SONAME lets a program linked in the tree
# (-Lbuild/plain -lhalloc) run with LD_LIBRARY_PATH=build/plain.
$(SOLIB): $(patsubst %.c,$(BUILD)/plain/obj/%.o,$(LIB_SRCS))
	$(call quiet,LINK,$@)$(CC) -shared -Wl,-soname,$(HALLOC_SONAME) -o $@ $^ -lpthread
	$(call quiet,LN,$(@D)/$(HALLOC_SONAME))ln -sf $(@F) $(@D)/$(HALLOC_SONAME)

# A recipe that fails (or is killed) part-way leaves no half-written target
# that a later make would take as up to date.
.DELETE_ON_ERROR:
.PHONY: all lib install uninstall clean check deps-check deps-fuzz
all: lib demo
lib: $(LIB) $(SOLIB)

# A check's result must not depend on the caller's environment: exported
# HALLOC_* switches (HALLOC_FUZZ_USABLE=off goes into every replay line a
# check compares) or make variables that choose what is fuzzed and how are
# dropped, here, before any folder reads them, for every goal that is a check
# (a name with the word check, or ending in -selftest or -test: those in
# CHECK_TARGETS and fuzz-check's parts, and lint-shell); the recipes, the
# scripts and the makes they start see none of them. Given on the command
# line (make check CFLAGS=...) they stay: that is asked for, not inherited.
# CALLER_KEEP stays too: a check's own knob. Both lists are in
# tools/caller-vars.mk, which a check script run by hand drops by too.
include tools/caller-vars.mk
CHECK_GOALS := $(foreach g,$(MAKECMDGOALS),$(if $(findstring -check-,-$(g)-)$(filter %-selftest %-test lint-shell,$(g)),$(g)))
CALLER_ENV  := $(if $(CHECK_GOALS),$(filter-out $(CALLER_KEEP),$(filter $(CALLER_VARS),$(foreach \
               v,$(.VARIABLES),$(if $(findstring environment,$(origin $(v))),$(v))))))
$(foreach v,$(CALLER_ENV),$(eval undefine $(v)))
$(if $(CALLER_ENV),$(eval unexport $(CALLER_ENV)))

# Every folder's own targets. Each may append to CHECK_TARGETS. First, the
# runner of the others (tools/run-suites): that make -k runs every suite;
# and the runner of a check's steps side by side (fuzz/scripts/lanes.sh).
CHECK_TARGETS := check-run-suites
.PHONY: check-run-suites
check-run-suites:
	@tools/check-run-suites.sh
	@fuzz/scripts/check-lanes.sh
# The caller's exported switches and fuzzing variables never reach a check (above).
CHECK_TARGETS += check-caller-env
.PHONY: check-caller-env
check-caller-env:
	@tools/check-caller-env.sh
# Objects rebuild when their flags change and only then (flags_stamp above).
CHECK_TARGETS += check-flags-stamp
.PHONY: check-flags-stamp
check-flags-stamp:
	@BUILD='$(BUILD)' tools/check-flags-stamp.sh
# shellcheck over every shell script, each found by its #! line, and every sourced
# file (tools/lint-shell.sh), after checking in a scratch tree that it finds a new
# script as well as a tracked one, and a sourced one by its name or its sourcer.
CHECK_TARGETS += lint-shell
.PHONY: lint-shell
lint-shell:
	@tools/check-lint-shell.sh
	@BUILD='$(BUILD)' tools/lint-shell.sh
# Every relative link and #anchor in the *.md files resolves, and every section
# named in prose (as in README.md "Build targets") exists, in the *.md files and
# in the C, shell and make sources (tools/doc-links.sh),
# after checking on a scratch tree that it names broken ones; and the lists
# a doc repeats by hand are the code's: checks/README.md's table of invariants
# the checker's (tools/invariant-table.sh), README.md's Debian packages
# tools/ensure-deps' (tools/deps-list.sh), its (check) marks CHECK_TARGETS
# (tools/suite-marks.sh), its counts of mutants mutants/NN-name.patch
# (tools/mutant-count.sh).
CHECK_TARGETS += check-doc-links
.PHONY: check-doc-links
check-doc-links:
	@tools/check-doc-links.sh
	@tools/doc-links.sh
	@tools/invariant-table.sh
	@tools/deps-list.sh
	@tools/suite-marks.sh
	@tools/mutant-count.sh
# A check's builds use every core unless the caller's own -j decides (make
# check runs its suites one after the other; most of their time is compiling).
NPROC_NOW = $(shell nproc 2>/dev/null || echo 1)
NPROC = $(call once,NPROC)
CHECK_JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(NPROC) --output-sync=target)
# A suite's builds first, on every core (as its prerequisites they would be
# built one at a time): @$(call CHECK_BUILD,targets and make arguments).
# The + marks the line as running make, as a literal $(MAKE) in the recipe
# would: make -n still runs the sub-make, which prints its commands.
CHECK_BUILD = +$(MAKE) --no-print-directory $(CHECK_JOBS) $(1)
# The one-screen budget of the harness's reports (fuzz/REPORTS.md, One
# screen) over those one run of a suite (the target, $@) wrote:
# @$(budget_start) first, before it writes a log; @$(call budget_check,DIR|FILE...)
# last reads the logs written since (fuzz/scripts/report-budget.sh -s), none
# that an earlier run left in the same folders, and counts the reports. The
# stamp is dated a second back: a file's time moves in ticks of the kernel's
# clock (4 ms), and a log written in the stamp's tick would be no newer.
budget_stamp = $(BUILD)/report-budget/$@.start
budget_start = mkdir -p $(BUILD)/report-budget && touch -d '1 second ago' $(budget_stamp)
budget_check = fuzz/scripts/report-budget.sh -n $@ -s $(budget_stamp) $(1)
# $(call source_list,FILE): the paths FILE lists, one a line, '#' a comment.
# Sources that more than one build (or fuzz/oss-fuzz-build.sh) compiles are
# listed once in such a file (fuzz/harness.list, bench/trace.list, ...): a
# copy kept in a second place drifted once and its link broke. Here, before
# the build.mk files, since bench/build.mk reads one and is read first.
# Read by make itself ($(file <), a missing file reads as empty): a sed per
# list cost every make invocation four shells. Each line is one word while
# its comment is cut off (its blanks held as <blank>).
source_list = $(or $(strip $(foreach l,$(subst $(newline), ,$(subst $(space),<blank>,$(subst \
              $(tab),<blank>,$(file <$(1))))),$(subst <blank>, ,$(patsubst x%,%,$(firstword $(subst $(hash), ,x$(l))))))),$(error \
              $(1) is missing or names no source: restore it from git (sources, one a line)))
space := $(subst x,,x x)
tab   := $(subst x,,x	x)
hash  := \#
comma := ,
define newline


endef
include $(sort $(wildcard */build.mk */*/build.mk))
include tools/misspelt-vars.mk

# Tools first: installs what is missing when root, else names the apt command.
deps-check:
	@$(call ensure_deps,check)
deps-fuzz:
	@$(call ensure_deps,fuzz)

check: deps-check
	@MAKE='$(MAKE)' tools/run-suites "make check" $(CHECK_TARGETS)
	@echo "make check: all suites passed"

# The targets, as README.md's "Build targets" lists them (kept there only).
.PHONY: help
help:
	@awk '/^## Build targets/ { s = 1 } s && /^```sh/ { p = 1; next } p && /^```/ { exit } p' README.md

# A directory under PREFIX goes into halloc.pc as ${prefix}/..., so a moved
# install is found with pkg-config --define-variable=prefix=NEW (with the
# default LIBDIR also --define-prefix, which takes PREFIX to be two levels
# above the .pc file: wrong for a multiarch LIBDIR such as lib/x86_64-linux-gnu).
PC_DIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# $(call install_pc,NAME,WHAT): pkgconfig/NAME.pc, linking -lNAME; WHAT ends
# its description.
install_pc = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(call PC_DIR,$(LIBDIR))|g' \
	-e 's|@INCLUDEDIR@|$(call PC_DIR,$(INCLUDEDIR))|g' -e 's|@VERSION@|$(HALLOC_VERSION)|g' \
	-e 's|@NAME@|$(1)|g' -e 's|@WHAT@|$(2)|g' tools/halloc.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/$(1).pc

# The debug build (static only: it is for finding a bug, not for shipping) as
# libhalloc-debug.a, found by pkg-config as halloc-debug.
DEBUG_LIB := $(BUILD)/debug/libhalloc.a

install: $(LIB) $(DEBUG_LIB) $(SOLIB) $(PRELOAD_SO) $(PRELOAD_DEBUG_SO)
	install -d $(DESTDIR)$(INCLUDEDIR)/halloc $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 allocator/halloc.h $(DESTDIR)$(INCLUDEDIR)/halloc.h
	install -m 644 allocator/heap.h $(DESTDIR)$(INCLUDEDIR)/halloc/heap.h
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libhalloc.a
	install -m 644 $(DEBUG_LIB) $(DESTDIR)$(LIBDIR)/libhalloc-debug.a
	install -m 755 $(SOLIB) $(DESTDIR)$(LIBDIR)/libhalloc.so.$(HALLOC_VERSION)
	ln -sf libhalloc.so.$(HALLOC_VERSION) $(DESTDIR)$(LIBDIR)/$(HALLOC_SONAME)
	ln -sf $(HALLOC_SONAME) $(DESTDIR)$(LIBDIR)/libhalloc.so
	install -m 755 $(PRELOAD_SO) $(DESTDIR)$(LIBDIR)/libhalloc-preload.so
	install -m 755 $(PRELOAD_DEBUG_SO) $(DESTDIR)$(LIBDIR)/libhalloc-preload-debug.so
	$(call install_pc,halloc,)
	$(call install_pc,halloc-debug,; debug build: the whole heap checked after every call)
	@[ -n "$(DESTDIR)" ] || case ":$$(pkg-config --variable=pc_path pkg-config 2>/dev/null):$${PKG_CONFIG_PATH:-}:" in \
	*":$(LIBDIR)/pkgconfig:"*) ;; \
	*) echo "install: pkg-config does not search $(LIBDIR)/pkgconfig: export PKG_CONFIG_PATH=$(LIBDIR)/pkgconfig" \
		"before building against halloc, and run what links libhalloc.so with LD_LIBRARY_PATH=$(LIBDIR)" \
		"(allocator/README.md \"The classic API, linking and installing\")" ;; \
	esac

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/halloc.h $(DESTDIR)$(INCLUDEDIR)/halloc/heap.h \
	      $(DESTDIR)$(LIBDIR)/libhalloc.a $(DESTDIR)$(LIBDIR)/libhalloc.so \
	      $(DESTDIR)$(LIBDIR)/$(HALLOC_SONAME) $(DESTDIR)$(LIBDIR)/libhalloc.so.$(HALLOC_VERSION) \
	      $(DESTDIR)$(LIBDIR)/libhalloc-preload.so $(DESTDIR)$(LIBDIR)/libhalloc-preload-debug.so \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/halloc.pc \
	      $(DESTDIR)$(LIBDIR)/libhalloc-debug.a $(DESTDIR)$(LIBDIR)/pkgconfig/halloc-debug.pc
	rmdir $(DESTDIR)$(INCLUDEDIR)/halloc 2>/dev/null || true

clean:
	rm -rf $(BUILD)
