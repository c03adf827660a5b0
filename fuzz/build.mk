# fuzz/build.mk - the fuzzing harness's binaries (see fuzz/README.md for
# every target); the goals below that run them: fuzz/runs.mk.
#
#   make fuzz [FUZZ_TIME=s] [JOBS=n]      libFuzzer+ASan+UBSan until the first crash, ^C or FUZZ_TIME
#             [FUZZ_KEEP_GOING=1]         (KEEP_GOING: past crashes, until FUZZ_TIME or ^C; then the
#             [FROM_EMPTY=1]              count, the first one's report, the replay lines; FROM_EMPTY:
#             [SEEDS="my/*.txt my/dir"]   from an empty corpus, unseeded; SEEDS: files, folders or
#             [SEEDS_ONLY=1]              globs of your own seeds beside corpus/'s, not with FROM_EMPTY;
#                                         SEEDS_ONLY: those alone, in a fresh corpus of their own)
#   make fuzz-fast                        libFuzzer without sanitizers (faster; make fuzz's variables)
#   make fuzz-afl [FUZZ_TIME=s]           AFL++: persistent main (+CMPLOG) and ASan secondary,
#                 [FUZZ_KEEP_GOING=1]     until the first crash (KEEP_GOING: until FUZZ_TIME or ^C;
#                 [FROM_EMPTY=1]          FROM_EMPTY: from one zero byte, unseeded; SEEDS: as make fuzz's)
#                 [SEEDS="my/*.txt"]
#   make replay CRASH=file [REPEAT=n]     replay one input under ASan+UBSan, trace printed (n: runs to a failure)
#               [BEFORE="a b"]            (BEFORE: run a, b, then CRASH in one process, on the engines' schedule)
#               [TIMEOUT=s]               (TIMEOUT: stop a run still going after s seconds, 0: never; default
#                                         timeout in fuzz/halloc.options)
#   make fuzz-parse [FUZZ_TIME=s]         libFuzzer on the trace parsers (CRASH=file: one input)
#   make minimize CRASH=file [KEEP=cause] libFuzzer crash minimisation -> file.min (file.other.min: one failing otherwise)
#   make corpus-merge [FROM=dir]          merge/minimise the working corpus
#   make regress                          corpus/regressions/ replays clean, each has a note
#   make bench-fuzz                       exec/s and ops/s, oracles on vs off, halloc and glibc
#   make verify-traces [TRACES=a.rep...]  replay allocator-lab traces with every oracle (ASan+UBSan)
#   make fuzz-check                       (make check) the harness's own claims: fuzz/check.mk
# Any allocator: TARGET=path/adapter.c SRCS="its sources" [NAME=build-name].
# A malloc-lab mm.c: TARGET=fuzz/adapters/malloclab.c SRCS=mm.c [MM_API=checked].

FUZZ_DEFAULT_TARGET := fuzz/adapters/halloc.c
FUZZ_TARGET  = $(or $(TARGET),$(FUZZ_DEFAULT_TARGET))
# halloc's adapters get halloc's sources; any other adapter only what SRCS
# names - but not the adapter itself, which SRCS="my/*.c" names too when it
# sits beside the allocator (it would be linked twice).
FUZZ_SRCS_GIVEN = $(foreach s,$(wildcard $(SRCS)),$(if $(filter $(abspath $(s)),$(abspath $(FUZZ_TARGET))),,$(s)))
FUZZ_HALLOC_SRCS = $(if $(SRCS),,$(if $(filter fuzz/adapters/halloc%,$(FUZZ_TARGET)),$(LIB_SRCS)))
FUZZ_SRCS    = $(if $(SRCS),$(FUZZ_SRCS_GIVEN),$(FUZZ_HALLOC_SRCS)) $(FUZZ_LAB_SRCS)
FUZZ_SRCS_ID_NOW = $(if $(SRCS),-$(subst /,_,$(patsubst %/,%,$(dir $(firstword $(SRCS)))))-$(shell printf '%s' '$(SRCS)' | cksum | cut -d' ' -f1))
# Each id once a make (the Makefile's once): FUZZ_NAME is read all over (FUZZ_OUT,
# every binary's path), and a lab build's make ran this cksum 122 times.
FUZZ_SRCS_ID = $(call once,FUZZ_SRCS_ID)
# An allocator that comes as a library has no SRCS to tell it apart: two
# users' adapter.c files, or one adapter linked against two libraries, would
# share one build, corpus and crash directory (and, run at once, one binary).
# $(call fuzz_quoted,TEXT): TEXT as one shell word, a quote in it too (a
# file's name in CRASH, which may hold a space; BEFORE's names one by one).
# Defined before FUZZ_LIB_ID, which make works out as it reads the rules.
fuzz_quoted = '$(subst ','\'',$(1))'
# Outside fuzz/adapters/, the adapter's directory and a checksum of it with
# LDFLAGS and LDLIBS name it instead.
FUZZ_LIB_ID_NOW = $(if $(or $(SRCS),$(filter fuzz/adapters/%,$(FUZZ_TARGET))),,-$(subst /,_,$(patsubst %/,%,$(dir \
               $(FUZZ_TARGET))))-$(shell printf '%s' $(call fuzz_quoted,$(FUZZ_TARGET) $(LDFLAGS) $(LDLIBS)) | cksum | cut -d' ' -f1))
FUZZ_LIB_ID  = $(call once,FUZZ_LIB_ID)
# A bug switch (CFLAGS=-DBUG=3 on the command line, which the replay line
# carries) makes another allocator of the same sources: bug 3's crashes sat
# in the crashes/ and corpus of bug 4's run. Each -D and -U of it names the
# build too (-DBUG=3: -BUG-3; -UX: -no-X), in characters make and the shell
# take in a path.
FUZZ_CFLAGS_DU = $(if $(filter command line,$(origin CFLAGS)),$(filter -D% -U%,$(CFLAGS)))
FUZZ_CFLAGS_ID_NOW = $(if $(FUZZ_CFLAGS_DU),-$(shell printf '%s\n' $(foreach w,$(FUZZ_CFLAGS_DU),'$(subst ','\'',$(w))') | \
                 sed 's/^-D//; s/^-U/no-/; s/=/-/g; s/[^A-Za-z0-9_.+-]/_/g' | paste -sd- -))
FUZZ_CFLAGS_ID = $(call once,FUZZ_CFLAGS_ID)
FUZZ_NAME    = $(or $(NAME),$(basename $(notdir $(FUZZ_TARGET)))$(FUZZ_LAB_ID)$(FUZZ_SRCS_ID)$(FUZZ_LIB_ID)$(FUZZ_CFLAGS_ID))

# The malloc-lab adapter brings the lab's memlib and headers (ours, in
# fuzz/adapters/malloclab/); MM_API=checked picks the later lab interface.
FUZZ_LAB      = $(filter %fuzz/adapters/malloclab.c,$(FUZZ_TARGET))
FUZZ_LAB_SRCS = $(if $(FUZZ_LAB),fuzz/adapters/malloclab/memlib.c)
FUZZ_LAB_HDRS = $(if $(FUZZ_LAB),$(wildcard fuzz/adapters/malloclab/*.h))
FUZZ_LAB_ID   = $(if $(FUZZ_LAB),$(if $(filter checked,$(MM_API)),-checked))
FUZZ_LAB_FLAGS = $(if $(FUZZ_LAB),-Ifuzz/adapters/malloclab $(if $(filter checked,$(MM_API)),-DMM_API_CHECKED -DDRIVER))
# A lab link that fails has most often met the other interface's names:
# after the linker's lines, lab-link-hint.sh says which MM_API to give.
FUZZ_LAB_LINK_HINT = $(if $(FUZZ_LAB), || fuzz/scripts/lab-link-hint.sh '$(or $(MM_API),classic)' '$(subst ','\'',$(SRCS))')

FUZZ_OUT     = $(BUILD)/fuzz/$(FUZZ_NAME)
FUZZ_WORK    = $(BUILD)/fuzz-work/$(FUZZ_NAME)
FUZZ_CRASHES = crashes/$(FUZZ_NAME)
FUZZ_TOOL    := $(BUILD)/fuzz/trace-tool

# The harness's sources are listed once, in fuzz/harness.list, which
# fuzz/oss-fuzz-build.sh reads too; so are trace-tool's (fuzz/trace-tool.list)
# and the parse fuzzer's (fuzz/parse-fuzz.list), below; the Makefile's
# source_list reads them.
FUZZ_HARNESS := $(call source_list,fuzz/harness.list)
FUZZ_HDRS    := $(wildcard fuzz/*.h) bench/text-input.h bench/text-line-limit.h bench/size-arg.h bench/trace-lines.h bench/trace.h # fuzz/ includes them
# FUZZ_FLAGS_STAMP (after fuzz/objects.mk, below): this build's compilers and flags.
FUZZ_DEPS     = fuzz/harness.list $(FUZZ_HARNESS) $(FUZZ_HDRS) fuzz/halloc.options $(FUZZ_LAB_HDRS) fuzz/coverage.ignore $(FUZZ_TARGET) $(FUZZ_SRCS) $(LIB_HDRS) $(FUZZ_FLAGS_STAMP)
# The harness's own directories come after every -I of yours (SRCS's, and
# CFLAGS=-Imy/include): a header of yours named like one of ours (an OS
# course's heap.h, a trace.h) is yours. The harness includes its own by "".
FUZZ_SRCS_DIRS = $(sort $(dir $(filter-out $(FUZZ_LAB_SRCS),$(FUZZ_SRCS))))
FUZZ_HARNESS_INCLUDES = -idirafter fuzz -idirafter allocator $(FUZZ_LAB_FLAGS)
FUZZ_INCLUDES = $(addprefix -I,$(FUZZ_SRCS_DIRS)) $(FUZZ_HARNESS_INCLUDES)
# Your C (SRCS, or an adapter of your own, which may include your allocator's
# source) is not held to our -Werror: its warnings are shown and the build
# goes on. The harness is still -Werror-clean in halloc's builds; its shared
# objects (fuzz/objects.mk) get -Wno-error only with SRCS and something of
# yours that reaches them: CFLAGS less the macros they do not read ($(1)),
# or a compiler, OPT or SAN you set. Otherwise they are compiled as in
# halloc's own builds, and are those objects: make check compiled a second
# set of each kind (50 compiles) for the -Wno-error of its lab, teaching
# and C++ builds alone. (An adapter of your own alone does not get one.)
FUZZ_USER_C    = $(SRCS)$(filter-out fuzz/adapters/%,$(TARGET))
FUZZ_USER_WARN = $(if $(FUZZ_USER_C),-Wno-error)
FUZZ_USER_SET  = $(filter command line environment%,$(foreach v,$(USER_COMPILERS) OPT SAN,$(origin $(v))))
FUZZ_SRCS_WARN = $(if $(and $(SRCS),$(or $(filter-out $(1),$(CFLAGS)),$(FUZZ_USER_SET))),-Wno-error)
# FUZZ_HEAP=bytes: what create() is asked for (default 64 KiB, fuzz/run.h).
# An allocator that never grows sees no offset and no block beyond it.
FUZZ_HEAP_FLAG = $(if $(FUZZ_HEAP),-DFUZZ_HEAP_BYTES='((size_t)$(FUZZ_HEAP))')
# Your C (SRCS, or an adapter of your own) is built as GNU C17, what cc
# builds by default, so typeof, asm and statement expressions compile;
# halloc's own builds stay ISO C11, which keeps the harness portable.
FUZZ_CSTD     = $(if $(FUZZ_USER_C),$(patsubst -std=c11,-std=gnu17,$(CSTD)),$(CSTD))
# ...and without our -D_DEFAULT_SOURCE (GNU C has it unasked), which an
# allocator's own '#define _DEFAULT_SOURCE' redefined, with a warning each build.
FUZZ_USER_CSTD = $(if $(FUZZ_USER_C),$(filter-out -D_DEFAULT_SOURCE,$(FUZZ_CSTD)),$(CSTD))
# $(2): words of CFLAGS to leave out (the shared objects' unread macros, below);
# $(3): the C standard's flags, if not FUZZ_USER_CSTD (the shared objects',
# which get FUZZ_SRCS_WARN rather than FUZZ_USER_WARN, and no FUZZ_HEAP_FLAG:
# FUZZ_HEAP_READERS, fuzz/objects.mk).
FUZZ_CFLAGS_WITH = $(or $(3),$(FUZZ_USER_CSTD)) $(WARN) $(if $(3),$(call FUZZ_SRCS_WARN,$(2)),$(FUZZ_USER_WARN)) $(OPT) $(1) \
                   $(if $(3),,$(FUZZ_HEAP_FLAG)) $(filter-out $(2),$(CFLAGS))
FUZZ_CFLAGS   = $(call FUZZ_CFLAGS_WITH,$(FUZZ_INCLUDES))
# C++ files in SRCS (libFuzzer targets often are C++) are compiled by the
# matching C++ driver and linked by it (fuzz/scripts/cxx-link.sh); CXXFLAGS
# reaches only them. Without C++ sources the rules run the C compiler as given.
# Only the variables that are set go on the echoed command line, which is
# then one a user can copy. Each is one shell word (fuzz_quoted), joined by
# hand: a $(strip) made two blanks in a C++ string macro one, and a quote in
# CXXFLAGS or FUZZ_CXX ended a '...' around it. cxx-link.sh reads CXXFLAGS as
# the shell reads CFLAGS in the rules (-DS='"a  b"': the string "a  b").
FUZZ_CXX_SRCS = $(filter %.cc %.cpp %.cxx %.C %.c++,$(FUZZ_SRCS))
FUZZ_LINK     = $(if $(FUZZ_CXX_SRCS),$(call fuzz_join,$(call fuzz_join,$(if $(CXXFLAGS),CXXFLAGS=$(call \
                fuzz_quoted,$(CXXFLAGS))),$(if $(FUZZ_CXX),FUZZ_CXX=$(call fuzz_quoted,$(FUZZ_CXX)))),fuzz/scripts/cxx-link.sh))
FUZZ_ALL_SRCS = $(FUZZ_HARNESS) $(FUZZ_TARGET) $(FUZZ_SRCS)
# An allocator that is a library (LDLIBS=-ljemalloc, LDLIBS=path/libmine.a) links here.
# The shipped adapters for library allocators link their library unless
# LDLIBS says otherwise.
FUZZ_KNOWN_LIBS = $(if $(filter %fuzz/adapters/jemalloc.c %jemalloc-tcache.c %jemalloc-tcache-no-flush.c,$(FUZZ_TARGET)),-ljemalloc) \
                  $(if $(filter %fuzz/adapters/mimalloc.c,$(FUZZ_TARGET)),-lmimalloc)
FUZZ_LIBS     = $(LDFLAGS) $(or $(LDLIBS),$(strip $(FUZZ_KNOWN_LIBS))) -lpthread

# The headers the adapter and SRCS include (a header-only allocator is
# nothing else, and any allocator's own header may hold the bug), listed
# when a binary is built, so that editing one rebuilds every binary of this
# build instead of fuzzing and replaying the code from before the edit.
# -MP gives each header an empty rule, and the last line each source: a
# file moved or deleted since (the same NAME, other SRCS) rebuilds, where
# make stopped with "No rule to make target" naming the old file.
# The adapter's and SRCS' C files write theirs as they compile (fuzz/objects.mk's
# FUZZ_OWN_OBJ_RULE); C++ files, compiled in the link, are listed here.
FUZZ_DEPFILE = $(if $(FUZZ_CXX_SRCS),{ $(CC) -x c++ $(filter-out -std=%,$(FUZZ_CFLAGS)) $(CXXFLAGS) -MM -MP -MT $@ \
               $(FUZZ_CXX_SRCS) && printf '%s:\n' $(FUZZ_CXX_SRCS); } >$@.d.tmp 2>/dev/null && mv -f $@.d.tmp $@.d \
               || rm -f $@.d.tmp,:)
# (Read below, once the variables that name FUZZ_OUT are checked.)

# libFuzzer needs clang: $(CC) when it is one, else $(CLANG).
FUZZ_CLANG    = $(if $(findstring clang,$(notdir $(CC))),$(CC),$(CLANG))
FUZZ_ENGINE   = $(or $(LIB_FUZZING_ENGINE),-fsanitize=fuzzer)
# Coverage-instrument the allocator, not its checker (why: fuzz/coverage.ignore);
# only with a -fsanitize=fuzzer* engine, where clang has coverage to filter.
FUZZ_COV_IGNORE = $(if $(findstring -fsanitize=fuzzer,$(FUZZ_ENGINE)),-fsanitize-coverage-ignorelist=fuzz/coverage.ignore)
FUZZ_SAN     := $(SAN)
REPLAY_CC    ?= $(CC)
# Seconds of each fixed-time engine run in make check (libFuzzer's, AFL++'s):
# proof that the pipeline works end to end and that a correct allocator stays
# clean for a while, not that the fuzzer finds bugs (make mutants and the
# seeds' checks prove that, each run stopping at its finding). Each run
# prints how many inputs it ran (stat::number_of_executed_units, execs_done).
FUZZ_CHECK_TIME ?= 5
FUZZ_TIME    ?=
JOBS         ?= 1

# $(call fuzz_options,FILE): libFuzzer's flags from a .options FILE, each
# "key = value" line (key: a-z and _; value: no blank) as -key=value, the
# rest ([libfuzzer], comments) left out. Read by make itself: the sed it
# replaces started two processes in every make (halloc.options' flags are
# read as make reads its rules).
fuzz_options = $(strip $(foreach l,$(subst $(newline), ,$(subst $(space),<blank>,$(subst $(tab),<tab>,$(file \
               <$(1))))),$(call fuzz_option_line,$(patsubst x%=,%,$(firstword $(subst =,= ,x$(l)))),$(patsubst \
               $(firstword $(subst =,= ,x$(l)))%,%,x$(l)),$(l))))
# $(call fuzz_option_line,KEY-PART,VALUE-PART,LINE): -KEY=VALUE when LINE
# has an = and no tab, and the parts before and after its first = are a key
# and a value, blanks around them.
fuzz_option_line = $(if $(and $(findstring =,$(3)),$(if $(findstring <tab>,$(3)),,tabless),$(if $(word 2,$(subst \
                   <blank>, ,$(1))),,key),$(if $(call fuzz_without,$(subst <blank>,,$(1)),$(fuzz_key_chars)),,key),$(if \
                   $(word 2,$(subst <blank>, ,$(2))),,value)),-$(subst <blank>,,$(1))=$(subst <blank>,,$(2)))
fuzz_key_chars := a b c d e f g h i j k l m n o p q r s t u v w x y z _
# $(call fuzz_without,TEXT,CHARS): TEXT less each of the (blank-separated) CHARS.
fuzz_without = $(if $(2),$(call fuzz_without,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
# Engine flags live in fuzz/halloc.options ("key = value" lines).
FUZZ_OPTIONS := $(call fuzz_options,fuzz/halloc.options)
FUZZ_LF_OPTS := $(FUZZ_OPTIONS)
# Its timeout is the replay drivers' default -t too, passed to their builds
# from here (replay.c, threads-replay.c), and with max_len AFL++'s hang limit
# and -G, passed to fuzz/scripts/afl.sh in FUZZ_AFL_ENV: each one number, in
# fuzz/halloc.options, read from the file (not from FUZZ_LF_OPTS, which a make
# command line may set) here alone.
fuzz_option = $(patsubst -$(1)=%,%,$(filter -$(1)=%,$(FUZZ_OPTIONS)))
FUZZ_TIMEOUT := $(call fuzz_option,timeout)
FUZZ_MAX_LEN := $(call fuzz_option,max_len)
# $(call fuzz_not_whole,VALUE): empty if VALUE is one whole number. Checked
# without a shell (this runs on every make invocation): one word, and nothing
# left of it once its digits are taken out.
fuzz_not_whole = $(filter-out 1x,$(words $(1))$(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst \
                 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(1)x)))))))))))
ifneq ($(call fuzz_not_whole,$(FUZZ_TIMEOUT)),)
$(error fuzz/halloc.options has no "timeout = N" line (N whole seconds): libFuzzer, AFL++ and the replay drivers take their timeout from it)
endif
ifneq ($(call fuzz_not_whole,$(FUZZ_MAX_LEN)),)
$(error fuzz/halloc.options has no "max_len = N" line (N whole bytes): libFuzzer and AFL++ (-G) take their longest input from it)
endif
FUZZ_TIMEOUT_FLAG := -DFUZZ_TIMEOUT_SECONDS=$(FUZZ_TIMEOUT)
# $(call FUZZ_LF_RUN,PREFIX): inputs saved as crashes/NAME/PREFIXcrash-... (threads.mk: threads-).
FUZZ_LF_RUN   = $(FUZZ_LF_OPTS) -dict=fuzz/halloc.dict -artifact_prefix=$(FUZZ_CRASHES)/$(1) \
                $(if $(FUZZ_TIME),-max_total_time=$(FUZZ_TIME)) \
                $(if $(FUZZ_KEEP_GOING_ON),-fork=$(or $(JOBS),1) -ignore_crashes=1,$(if $(filter-out 1,$(JOBS)),-fork=$(JOBS)))
FUZZ_AFL_ENV := AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
                FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) FUZZ_MAX_LEN=$(FUZZ_MAX_LEN)
# The replay line a run prints (FUZZ_VARS), which vars.mk's checks read
# (fuzz_plain): fuzz/replay-line.mk.
include fuzz/replay-line.mk

# The user's fuzzing variables are checked here (fuzz/vars.mk): after all
# that the checks read, before anything reads a value they may drop. The .d
# files are read after them: FUZZ_OUT names the build, which a dropped
# TARGET or NAME would change.
include fuzz/vars.mk
-include $(wildcard $(FUZZ_OUT)/*.d)

.PHONY: fuzz-build
# The goals that read the fuzzing variables (fuzz/vars.mk: the build's
# name, TARGET, SRCS, the engine's numbers...), which an exported value that
# cannot be one stops; each .mk file adds its own beside its rules (the
# runs': fuzz/runs.mk).
FUZZ_VAR_GOALS += fuzz-build

# ---- objects shared by the binaries of every adapter: fuzz/objects.mk ----
include fuzz/objects.mk

# ---- binaries (one directory per adapter + sources) ----

# The stamp of everything that changes this build's binaries (the Makefile's
# flags_stamp, named by the build's folder): the compilers (CC, REPLAY_CC,
# clang, AFL++'s, each kind's), FUZZ_CFLAGS (CFLAGS, MM_API's switches, SRCS's
# folders, FUZZ_HEAP), SAN, the engine, the sources (TARGET, SRCS), LDFLAGS,
# LDLIBS, the C++ flags and which objects are shared with other builds
# (a lab batch's, FUZZ_OWN_SHARED's: fuzz/objects.mk), so a build with other flags (say, a bug switch
# turned off) rebuilds instead of reusing stale binaries. It was a rule of
# its own run from FORCE: make -q called every binary out of date and make
# -n showed it relinked, even right after a build. Set here, once every
# variable it reads is: FUZZ_DEPS, which names it, is first expanded below.
FUZZ_FLAGS_STAMP := $(call flags_stamp,fuzz-$(subst /,-,$(FUZZ_NAME)),$(CC) $(REPLAY_CC) $(FUZZ_CLANG) $(FUZZ_CFLAGS) \
                    $(SAN) $(FUZZ_SAN) $(FUZZ_ENGINE) $(FUZZ_COV_IGNORE) $(FUZZ_ALL_SRCS) $(FUZZ_LIBS) \
                    $(if $(FUZZ_LAB_SHARED_SRCS),lab-shared: $(FUZZ_LAB_SHARED_SRCS)) \
                    $(if $(FUZZ_OWN_SHARED_SRCS),own-shared: $(FUZZ_OWN_SHARED_SRCS)) \
                    $(if $(FUZZ_ALLOC_SAN_SRCS),alloc-san: $(FUZZ_ALLOC_SAN)) \
                    $(foreach k,$(FUZZ_KINDS),$(k): $(FUZZ_ENV_$(k)) $(FUZZ_CC_$(k)) $(FUZZ_FLAGS_$(k))) \
                    $(if $(FUZZ_CXX_SRCS),$(CXXFLAGS) $(FUZZ_CXX)))
$(call fuzz_own_rules,$(FUZZ_KINDS))
# Explicit per-name targets: build/fuzz/<name>/... exists as a target only for
# the TARGET/SRCS/NAME given, so no binary is ever built from another's sources.

# Every adapter's runs share this one tool, and two `make fuzz` started at
# once (other allocators, other users) may both build it: each links its own
# file and renames it into place, so neither runs a half-written binary.
# The tool and the selftests (fuzz/check.mk) are compiled straight from their sources:
# a stamp of the compiler and flags (the Makefile's flags_stamp) rebuilds them
# for another CC or CFLAGS (they kept the flags of their first build).
FUZZ_TOOL_SRCS := $(call source_list,fuzz/trace-tool.list)
# Its CFLAGS leave out a -D or -U whose macro none of its sources and headers
# names (the Makefile's cflags_read): each suite's bug switch (make fuzz
# CFLAGS=-DBUG_x) rewrote its stamp, and every later make relinked it.
FUZZ_TOOL_CFLAGS := $(CSTD) $(WARN) $(OPT) -Ifuzz $(call cflags_read,$(FUZZ_TOOL_SRCS) $(FUZZ_HDRS))
FUZZ_TOOL_STAMP := $(call flags_stamp,fuzz-trace-tool,$(CC) $(FUZZ_TOOL_CFLAGS))
$(FUZZ_TOOL): fuzz/trace-tool.list $(FUZZ_TOOL_SRCS) $(FUZZ_HDRS) $(FUZZ_TOOL_STAMP)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(CC) $(FUZZ_TOOL_CFLAGS) $(FUZZ_TOOL_SRCS) -o $@.$$$$.tmp && \
		mv -f $@.$$$$.tmp $@

$(FUZZ_OUT)/libfuzzer: fuzz/libfuzzer.c $(FUZZ_DEPS) $(call fuzz_objs,libfuzzer,fuzz/libfuzzer.c $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,libfuzzer) $(FUZZ_ENGINE_LINK) $(call fuzz_linked,libfuzzer,fuzz/libfuzzer.c $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/libfuzzer-fast: fuzz/libfuzzer.c $(FUZZ_DEPS) $(call fuzz_objs,libfuzzer-fast,fuzz/libfuzzer.c $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,libfuzzer-fast) $(FUZZ_ENGINE_LINK) $(call fuzz_linked,libfuzzer-fast,fuzz/libfuzzer.c $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/replay-gcc: $(FUZZ_REPLAY_DRIVER) $(FUZZ_DEPS) $(call fuzz_objs,replay-gcc,$(FUZZ_REPLAY_DRIVER) $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,replay-gcc) $(call fuzz_linked,replay-gcc,$(FUZZ_REPLAY_DRIVER) $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/replay-clang: $(FUZZ_REPLAY_DRIVER) $(FUZZ_DEPS) $(call fuzz_objs,replay-clang,$(FUZZ_REPLAY_DRIVER) $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,replay-clang) $(call fuzz_linked,replay-clang,$(FUZZ_REPLAY_DRIVER) $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/replay-cc: $(FUZZ_REPLAY_DRIVER) $(FUZZ_DEPS) $(call fuzz_objs,replay-cc,$(FUZZ_REPLAY_DRIVER) $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,replay-cc) $(call fuzz_linked,replay-cc,$(FUZZ_REPLAY_DRIVER) $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

# Lab traces (bench/trace.c parses them) replayed with the fuzzer's pattern
# oracles (shadow.c) and the adapter's checker.
FUZZ_VT_SRCS = $(FUZZ_VT_DRIVERS) $(FUZZ_HARNESS) $(TRACE_SRCS) $(FUZZ_TARGET) $(FUZZ_SRCS)
$(FUZZ_OUT)/verify-traces: $(FUZZ_VT_DRIVERS) bench/trace.list $(TRACE_SRCS) $(wildcard bench/*.h) $(FUZZ_DEPS) $(call fuzz_objs,replay-cc,$(FUZZ_VT_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,replay-cc) $(call fuzz_linked,replay-cc,$(FUZZ_VT_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/afl: fuzz/afl.c $(FUZZ_DEPS) $(call fuzz_objs,afl,fuzz/afl.c $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,afl) $(call fuzz_linked,afl,fuzz/afl.c $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/afl-asan: fuzz/afl.c $(FUZZ_DEPS) $(call fuzz_objs,afl-asan,fuzz/afl.c $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,afl-asan) $(call fuzz_linked,afl-asan,fuzz/afl.c $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

$(FUZZ_OUT)/afl-cmplog: fuzz/afl.c $(FUZZ_DEPS) $(call fuzz_objs,afl-cmplog,fuzz/afl.c $(FUZZ_ALL_SRCS))
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(call fuzz_link,afl-cmplog) $(call fuzz_linked,afl-cmplog,fuzz/afl.c $(FUZZ_ALL_SRCS)) $(FUZZ_LIBS) -o $@$(FUZZ_LAB_LINK_HINT)
	@$(FUZZ_DEPFILE)

fuzz-build: $(FUZZ_OUT)/libfuzzer $(FUZZ_TOOL)

# The trace parsers' own target (fuzz/parse-fuzz.c): the lab format
# (bench/trace.c) and the text traces (fuzz/trace.c), whatever the allocator.
# bench/trace-build.c and live-set.c take their arrays from the heap here, not
# from mmap, so ASan and LeakSanitizer see them (fuzz/parse-fuzz-mem.h).
FUZZ_PARSE       := $(BUILD)/fuzz/parse/parse-fuzz
# Its list and bench's trace reader (TRACE_SRCS: bench/trace.list).
FUZZ_PARSE_SRCS  := $(call source_list,fuzz/parse-fuzz.list) $(TRACE_SRCS)
# Its CFLAGS leave out a -D or -U none of its files names (the Makefile's
# cflags_read): a suite's bug switch rewrote its stamp, and the next suite
# that ran it linked it again (clang, one core, every source in one command).
FUZZ_PARSE_CFLAGS := $(call cflags_read,$(FUZZ_PARSE_SRCS) $(FUZZ_HDRS) fuzz/parse-fuzz-mem.h $(wildcard bench/*.h))
FUZZ_PARSE_FLAGS  = $(CSTD) $(WARN) $(OPT) -Ifuzz -include fuzz/parse-fuzz-mem.h $(FUZZ_PARSE_CFLAGS) $(FUZZ_SAN) $(FUZZ_ENGINE)
FUZZ_PARSE_OPTS  = $(call fuzz_options,fuzz/parse.options)
# Its seeds and the inputs of every parser bug it found (fuzz-check-trace replays both).
FUZZ_PARSE_INPUTS = $(filter-out %.note %.md,$(wildcard corpus/parse/*.* corpus/parse/regressions/*.*))
# Its stamp is the Makefile's flags_stamp: a rule of its own that ran on every
# make (FORCE) left make -q always saying the fuzzer was out of date, and
# make -n always showing it relinked.
FUZZ_PARSE_STAMP := $(call flags_stamp,fuzz-parse,$(FUZZ_CLANG) $(FUZZ_PARSE_FLAGS))
$(FUZZ_PARSE): fuzz/parse-fuzz.list bench/trace.list $(FUZZ_PARSE_SRCS) $(FUZZ_HDRS) bench/trace.h bench/live-set.h bench/trace-lines.h $(FUZZ_PARSE_STAMP)
	+@$(MKDIR_TARGET)
	$(call quiet,LINK,$@)$(FUZZ_CLANG) $(FUZZ_PARSE_FLAGS) $(FUZZ_PARSE_SRCS) -o $@

# ---- the goals that run a build: fuzz/runs.mk ----
include fuzz/runs.mk

# ---- make check: fuzz/check.mk ----
include fuzz/check.mk

include fuzz/threads.mk
include fuzz/lab-batch.mk
include fuzz/oss-fuzz.mk
include fuzz/sweep.mk

# A fuzzing variable from the environment that fuzz/vars.mk dropped, for a
# goal that reads it: here, once every .mk file above has added its goals.
$(fuzz_vars_refuse)
