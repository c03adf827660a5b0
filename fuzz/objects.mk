# fuzz/objects.mk - the objects shared by the binaries of every adapter
# (included by fuzz/build.mk, which defines the flags and kinds they use).

# The harness (and halloc's sources, for halloc's own adapters) is the same
# in every binary that one compiler builds with one set of flags, and make
# check built it again for each adapter, compiler and suite. Each kind of
# binary now compiles it once into build/fuzz/obj/KIND-N/ (N: a checksum of
# the compiler and flags, so other CFLAGS get objects of their own) and links
# it from there. The adapter and SRCS are objects of each build's own
# (below). The shared objects get the binary's flags less the include
# directories of SRCS and the malloc-lab switches, which only the allocator's
# own files read.
FUZZ_OBJ_CFLAGS = $(call FUZZ_CFLAGS_WITH,-Ifuzz $(addprefix -I,$(sort $(dir $(LIB_SRCS)))),$(FUZZ_OBJ_UNREAD),$(FUZZ_OBJ_CSTD))
# The harness is ISO C11 (halloc's builds hold it to that), and its objects
# are so in every build: an adapter outside fuzz/adapters/ (a selftest's,
# or yours) got GNU C17 objects of its own, the same code compiled again
# (fuzz-check-afl: 32 compiles for its crash adapter's two AFL++ builds).
# Your dialect still reaches them when CFLAGS may bring your headers in
# (-I, -include, -isystem...): one of those may use typeof or asm.
FUZZ_OBJ_CSTD = $(if $(filter -I% -i%,$(CFLAGS)),$(FUZZ_CSTD),$(CSTD))
# An engine's link inputs (LIB_FUZZING_ENGINE=libFuzzingEngine.a) are no compiler flags.
FUZZ_ENGINE_CFLAGS = $(filter-out -l% -L% -Wl% %.a %.o %.so,$(FUZZ_ENGINE))
# Per kind: its environment, compiler, and flags after FUZZ_CFLAGS (the link adds the engine).
FUZZ_KINDS := libfuzzer libfuzzer-fast replay-gcc replay-clang replay-cc afl afl-asan afl-cmplog bench
FUZZ_CC_libfuzzer        = $(FUZZ_CLANG)
FUZZ_FLAGS_libfuzzer     = $(FUZZ_SAN) $(FUZZ_ENGINE_CFLAGS) $(FUZZ_COV_IGNORE)
FUZZ_CC_libfuzzer-fast   = $(FUZZ_CLANG)
FUZZ_FLAGS_libfuzzer-fast = $(FUZZ_ENGINE_CFLAGS) $(FUZZ_COV_IGNORE)
# The replay kinds' objects include the replay driver, which reads the timeout.
# (The ASan unit tests link their objects of halloc's sources: tests/build.mk, UNIT_LIB_asan.)
FUZZ_CC_replay-gcc       = gcc
FUZZ_FLAGS_replay-gcc    = $(FUZZ_SAN) $(FUZZ_TIMEOUT_FLAG)
FUZZ_CC_replay-clang     = $(CLANG)
FUZZ_FLAGS_replay-clang  = $(FUZZ_SAN) $(FUZZ_TIMEOUT_FLAG)
FUZZ_CC_replay-cc        = $(REPLAY_CC)
FUZZ_FLAGS_replay-cc     = $(FUZZ_SAN) $(FUZZ_TIMEOUT_FLAG)
FUZZ_ENV_afl             = AFL_QUIET=1
FUZZ_CC_afl              = afl-clang-fast
FUZZ_ENV_afl-asan        = AFL_QUIET=1
FUZZ_CC_afl-asan         = afl-clang-fast
FUZZ_FLAGS_afl-asan      = $(FUZZ_SAN)
FUZZ_ENV_afl-cmplog      = AFL_QUIET=1 AFL_LLVM_CMPLOG=1
FUZZ_CC_afl-cmplog       = afl-clang-fast
# make bench TARGET=... (bench/build.mk): bench's sources and halloc come
# from bench's objects and $(LIB); of this kind it links only its own.
FUZZ_CC_bench            = $(CC)
# verify-traces is built as replay-cc is, with the trace reader besides.
# Its own driver files too: make check links some 25 verify-traces (14 in
# fuzz-check-verify, one per lab-batch row that builds), and compiling these
# three in each link was three quarters of its CPU (2.0 of 2.75 s).
FUZZ_VT_DRIVERS := fuzz/verify-traces.c fuzz/verify-one-trace.c fuzz/progress.c
# So is the replay driver, which make check compiled into some 30 links
# (0.7 s of CPU each under ASan+UBSan): every adapter's replay-gcc,
# replay-clang and replay-cc, and the lab-batch rows'.
FUZZ_REPLAY_DRIVER := fuzz/replay.c fuzz/replay-run.c
# And the engines' drivers: make check compiled libfuzzer.c into some 28
# links and afl.c into 8, the same code for every adapter. Each is compiled
# once per kind and flags (libfuzzer.c with -fsanitize=fuzzer is built with
# the engine's coverage, as the harness objects are; the link adds libFuzzer's
# main). afl.c's __AFL_FUZZ_TESTCASE_LEN comes from afl-clang-fast itself.
FUZZ_ENGINE_DRIVERS := fuzz/libfuzzer.c fuzz/afl.c
# The threaded builds' runner and drivers (fuzz/threads.mk, whose kinds
# threads and threads-replay add their own ids and rules): fuzz-check-threads
# compiled them, the harness and halloc into each of its 11 links.
FUZZ_THREADS_DRIVERS := fuzz/threads.c fuzz/threads-where.c fuzz/threads-libfuzzer.c fuzz/threads-replay.c
# The sweep's (fuzz/sweep.mk, built as replay-cc): fuzz-check-sweep compiled
# them into each adapter's link.
FUZZ_SWEEP_DRIVERS := fuzz/sweep.c fuzz/sweep-grid.c
FUZZ_SHARED_ALL  = $(FUZZ_HARNESS) $(FUZZ_HALLOC_SRCS) $(TRACE_SRCS) $(FUZZ_VT_DRIVERS) $(FUZZ_REPLAY_DRIVER) $(FUZZ_ENGINE_DRIVERS) \
                   $(FUZZ_THREADS_DRIVERS) $(FUZZ_SWEEP_DRIVERS)
# FUZZ_HEAP's -D reaches only the files that name FUZZ_HEAP_BYTES (run.h
# only gives its default): with FUZZ_HEAP they are this build's own
# objects (below) and the rest stay shared, without the -D. It went into
# every shared object, and make check compiled the whole replay harness
# again (22 compiles under ASan) for one FUZZ_HEAP build.
# Found as the harness objects' unread -D words are (fuzz/scripts/unread-macros.sh).
FUZZ_HEAP_READERS := $(if $(FUZZ_HEAP),$(shell fuzz/scripts/unread-macros.sh -r FUZZ_HEAP_BYTES $(filter %.c,$(FUZZ_SHARED_ALL))))
# FUZZ_ALLOC_SAN=flags: halloc's own sources (allocator/, checks/), in the
# builds of halloc's adapters, get these sanitizer flags where SAN's would
# go, as this build's own objects (FUZZ_OWN_OBJ_RULE, below); the harness
# keeps SAN's and links the shared ones. halloc built without ASan takes the
# paths no ASan build does (allocator/cache.h: the cache's hits and pushes
# that keep no frame), and make check's run of them (halloc-cache-ubsan,
# fuzz/scripts/check-libfuzzer.sh), given SAN, compiled the whole harness
# again under UBSan: 56 compiles where these are 16.
FUZZ_ALLOC_SAN_SRCS = $(if $(FUZZ_ALLOC_SAN),$(FUZZ_HALLOC_SRCS))
FUZZ_SHARED_SRCS = $(filter-out $(FUZZ_HEAP_READERS) $(FUZZ_ALLOC_SAN_SRCS),$(FUZZ_SHARED_ALL))
FUZZ_OBJ_HDRS    = $(FUZZ_HDRS) $(LIB_HDRS) $(wildcard bench/*.h) fuzz/coverage.ignore
# The shared objects leave out, too, a -D or -U of CFLAGS whose macro none
# of their sources and headers names (fuzz/scripts/unread-macros.sh, which
# says when it keeps all): a bug switch of the adapter or of SRCS (-DMM_BUG_SIZE_WRAPS) cannot
# change them, and each switch of malloclab-check, walkthrough-test and the
# report checks compiled the harness again.
FUZZ_OBJ_UNREAD := $(if $(filter -D% -U%,$(CFLAGS)),$(shell printf '%s\n' $(foreach w,$(CFLAGS),'$(subst ','\'',$(w))') | \
                   fuzz/scripts/unread-macros.sh $(FUZZ_SHARED_SRCS) $(FUZZ_OBJ_HDRS)))
# A lab batch's rows (fuzz/scripts/lab-batch-one.sh) differ in mm.c alone,
# yet each compiled the adapter and memlib.c in each kind it built
# (libfuzzer, replay-cc, bench): 6 of its 9 compiles, the same in every row
# but for the -I of its folder. Given FUZZ_LAB_SHARED=1 these two are
# compiled without SRCS's folders into BUILD/fuzz/obj/lab-N/KIND-M/ (N: a
# hash of their flags, lab= in FUZZ_OBJ_IDS; KIND-M the kind's folder), and
# every row with those flags links them. That is the object a row's own
# would be only when no header in its folder reaches them (a stdio.h or
# adapter.h of the student's, found by that -I before ours): lab-batch-one.sh
# gives FUZZ_LAB_SHARED=1 when make fuzz-lab-batch-own-headers names none.
FUZZ_LAB_SHARED_SRCS   = $(if $(and $(FUZZ_LAB),$(filter 1,$(FUZZ_LAB_SHARED))),$(FUZZ_TARGET) $(FUZZ_LAB_SRCS))
FUZZ_SHARED_CFLAGS_lab = $(call FUZZ_CFLAGS_WITH,$(FUZZ_HARNESS_INCLUDES))
# The builds of one allocator's planted bugs (fuzz/rounds/: -DBUG=N) differ
# in that switch alone, which only the allocator's source reads, yet each
# compiled the adapter and the checker too: 2 of the 3 compiles of each of
# make rounds-check's 41 bug builds. Given FUZZ_OWN_SHARED=1, each C file of
# TARGET and SRCS that names none of CFLAGS's -D and -U macros, nor does a
# header of ours or of their folders (cflags_read, the Makefile's), is
# compiled without them into BUILD/fuzz/obj/own-N/KIND-M/ (own= in
# FUZZ_OBJ_IDS), which every build with those flags links: a clean build's
# too. Asked for, as the lab's are: a source may include a header from
# another folder, which is not read (fuzz/rounds/run.sh and check.sh, whose
# allocators keep theirs beside them, ask).
FUZZ_OWN_SHARED_HDRS   = $(FUZZ_OBJ_HDRS) $(FUZZ_LAB_HDRS) $(wildcard $(addsuffix *.h,$(FUZZ_SRCS_DIRS) $(dir $(FUZZ_TARGET))))
FUZZ_OWN_SHARED_SRCS   = $(if $(filter 1,$(FUZZ_OWN_SHARED)),$(call once,FUZZ_OWN_SHARED_SRCS))
FUZZ_OWN_SHARED_SRCS_NOW = $(foreach s,$(filter %.c,$(filter-out $(FUZZ_SHARED_SRCS) $(FUZZ_LAB_SHARED_SRCS),$(FUZZ_TARGET) \
                           $(FUZZ_SRCS))),$(if $(filter -D% -U%,$(call cflags_read,$(s) $(FUZZ_OWN_SHARED_HDRS))),,$(s)))
FUZZ_SHARED_CFLAGS_own = $(call FUZZ_CFLAGS_WITH,$(FUZZ_INCLUDES),$(filter -D% -U%,$(CFLAGS)))
# $(call fuzz_shared_group,SOURCE): lab or own when builds share SOURCE's
# objects (above), in BUILD/fuzz/obj/GROUP-N/ (fuzz_group_dir); else empty.
fuzz_shared_group      = $(if $(filter $(1),$(FUZZ_LAB_SHARED_SRCS)),lab,$(if $(filter $(1),$(FUZZ_OWN_SHARED_SRCS)),own))
fuzz_group_dir         = $(BUILD)/fuzz/obj/$(1)-$(patsubst $(1)=%,%,$(filter $(1)=%,$(FUZZ_OBJ_IDS)))
# Each kind's "kind=N" (N: a string hash of its compiler and flags, not of
# its name: kinds that compile alike get one N, below), one awk for all, its
# output kept between makes (the Makefile's shell_kept): every make needs
# them, and a cksum per kind took a fifth of a second.
# $(call fuzz_obj_ids,KINDS[,LINES]): fuzz/threads.mk adds its own; LINES,
# quoted for the shell, each "NAME TEXT", are hashed too (lab=N, own=N, above).
fuzz_obj_ids = $(call shell_kept,obj-ids-$(firstword $(1)),printf '%s\n' $(foreach \
                k,$(1),'$(subst ','\'',$(k) $(strip $(FUZZ_ENV_$(k))) $(FUZZ_CC_$(k)) \
                $(FUZZ_OBJ_CFLAGS) $(strip $(FUZZ_FLAGS_$(k))))') $(2) | awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i } \
                { s = $$0; sub(/^[^ ]* /, "", s); h = 0; for (i = 1; i <= length(s); i++) h = (h * 31 + ord[substr(s, i, 1)]) % 2147483647; \
                print $$1 "=" h }')
FUZZ_OBJ_IDS := $(call fuzz_obj_ids,$(FUZZ_KINDS),$(foreach g,$(sort $(foreach s,$(FUZZ_TARGET) $(FUZZ_SRCS),$(call \
                fuzz_shared_group,$(s)))),'$(subst ','\'',$(g) $(strip $(FUZZ_SHARED_CFLAGS_$(g))))'))
# replay-cc's compiler, $(REPLAY_CC), is cc: on Debian gcc itself, whose
# replay-gcc objects are then the same compiles (so with clang's): it links
# theirs instead of building its own. Only when the file it resolves to is
# named as a compiler: a wrapper (ccache's symlinks all resolve to
# /usr/bin/ccache) runs the compiler its link is named for, not the file.
# Resolved by make itself ($(realpath), and the PATH search of a shell's
# command -v): the shell that did it ran realpath twice in every make.
# $(call fuzz_command_file,NAME): the file a shell runs for the one-word NAME.
# make's words split at a blank: a PATH holding one ("/opt/my tools/bin")
# was searched as /opt/my and tools/bin, and found another cc. Such a PATH
# is searched by a shell, each blank of the file's name then named ? (one
# word, compared only with another name made so); so is a NAME found as two
# files or more: $(wildcard) takes a file the shell skips (not executable, a
# directory) as well, and the first was taken. One file (Debian's /bin and
# /usr/bin are one) is the answer, found in make alone.
fuzz_command_shell = $(shell f=$$(command -v -- '$(subst ','\'',$(1))') && \
                     case $$f in (*/*) realpath -e -- "$$f" 2>/dev/null | tr ' ' '?' ;; esac)
fuzz_command_file = $(if $(findstring $(space),$(PATH)),$(call fuzz_command_shell,$(1)),$(if $(findstring \
                    /,$(1)),$(realpath $(1)),$(call fuzz_command_one,$(1),$(sort $(realpath $(wildcard \
                    $(addsuffix /$(1),$(subst :, ,$(PATH)))))))))
fuzz_command_one = $(if $(word 2,$(2)),$(call fuzz_command_shell,$(1)),$(2))
FUZZ_REPLAY_CC_FILE := $(if $(filter 1,$(words $(REPLAY_CC))),$(call fuzz_command_file,$(REPLAY_CC)))
FUZZ_REPLAY_CC_IS := $(if $(or $(findstring gcc,$(notdir $(FUZZ_REPLAY_CC_FILE))),$(findstring \
                     clang,$(notdir $(FUZZ_REPLAY_CC_FILE)))),$(firstword $(foreach c,gcc $(if $(filter 1,$(words \
                     $(CLANG))),$(CLANG)),$(if $(filter $(FUZZ_REPLAY_CC_FILE),$(call fuzz_command_file,$(c))),$(c)))))
FUZZ_REPLAY_CC_AS := $(if $(FUZZ_REPLAY_CC_IS),$(if $(filter gcc,$(FUZZ_REPLAY_CC_IS)),replay-gcc,replay-clang))
# Any kind that compiles as an earlier one does (the same N) links that
# kind's objects too: make fuzz-threads THREADS_SAN=address is libFuzzer's
# kind, THREADS_SAN=none libfuzzer-fast's, and fuzz-check-threads compiled
# the harness again for each (some 60 clang compiles).
fuzz_obj_first = $(firstword $(foreach e,$(filter-out lab=% own=%,$(FUZZ_OBJ_IDS)),$(if $(filter %=$(patsubst \
                 $(1)=%,%,$(filter $(1)=%,$(FUZZ_OBJ_IDS))),$(e)),$(firstword $(subst =, ,$(e))))) $(1))
# Worked out once a kind (make asks for each object's, in every rule and link).
fuzz_obj_kind = $(or $(fuzz_obj_kind_of_$(1)),$(eval fuzz_obj_kind_of_$(1) := $(if $(and $(filter \
                replay-cc,$(1)),$(FUZZ_REPLAY_CC_AS)),$(FUZZ_REPLAY_CC_AS),$(call fuzz_obj_first,$(1))))$(fuzz_obj_kind_of_$(1)))
# $(call fuzz_first_kinds,KINDS): those of KINDS that link objects of their
# own kind: the rules below are made for them alone (a second rule for one
# object would override the first).
fuzz_first_kinds = $(foreach k,$(1),$(if $(filter $(k),$(call fuzz_obj_kind,$(k))),$(k)))
fuzz_obj_dir = $(BUILD)/fuzz/obj/$(call fuzz_obj_kind,$(1))-$(patsubst $(call fuzz_obj_kind,$(1))=%,%,$(filter $(call fuzz_obj_kind,$(1))=%,$(FUZZ_OBJ_IDS)))
# fuzz_linked KIND SOURCES: SOURCES with the shared ones and this build's own
# C files (below) replaced by KIND's objects.
fuzz_linked = $(foreach s,$(2),$(if $(filter $(s),$(FUZZ_SHARED_SRCS)),$(call fuzz_obj_dir,$(1))/$(s:.c=.o),$(if \
              $(filter $(s),$(FUZZ_OWN_SRCS)),$(call fuzz_own_obj,$(1),$(s)),$(s))))
fuzz_objs   = $(filter %.o,$(call fuzz_linked,$(1),$(2)))
# Written aside and renamed: two makes of other adapters (check-verify-traces.sh
# runs them side by side) may compile one object at once.
define FUZZ_OBJ_RULE
$$(patsubst %.c,$$(call fuzz_obj_dir,$(1))/%.o,$$(FUZZ_SHARED_SRCS)): $$(call fuzz_obj_dir,$(1))/%.o: %.c $$(FUZZ_OBJ_HDRS)
	+@$$(MKDIR_TARGET)
	$$(call quiet,CC,$$< ($(1)))$$(FUZZ_ENV_$(1)) $$(FUZZ_CC_$(1)) $$(FUZZ_OBJ_CFLAGS) $$(FUZZ_FLAGS_$(1)) -c $$< -o $$@.$$$$$$$$.tmp && mv -f $$@.$$$$$$$$.tmp $$@
endef
$(foreach k,$(call fuzz_first_kinds,$(FUZZ_KINDS)),$(eval $(call FUZZ_OBJ_RULE,$(k))))

# The adapter and the C files of SRCS, which no other build shares, are
# objects too, of this build alone: each kind's in BUILD/fuzz/NAME/obj/KIND-N/,
# under the source's absolute path (two SRCS of one name in two folders stay
# apart), each compiled with -MMD -MP, so its compile writes its header list
# (a header-only allocator is nothing else). Compiled in the link, a lab
# build's three (adapter, mm.c, memlib.c) could not each write one (gcc and
# clang write every source's list to the one -MF file in turn) and took a
# -MM pass of their own per binary: 28 in fuzz-check-lab-batch. They get
# the binary's flags, and the -idirafter headers (fuzz/, allocator/, the
# lab's), which -MMD leaves out, as the shared objects do. C++ files in SRCS
# are still compiled in the link (fuzz/scripts/cxx-link.sh) and listed by
# fuzz/build.mk's FUZZ_DEPFILE. A source's own empty rule follows its list:
# moved or deleted since (the same NAME, other SRCS), it does not stop make
# with "No rule to make target".
FUZZ_OWN_SRCS = $(filter %.c,$(filter-out $(FUZZ_SHARED_SRCS),$(FUZZ_TARGET) $(FUZZ_SRCS) $(FUZZ_HEAP_READERS)))
fuzz_own_obj  = $(if $(call fuzz_shared_group,$(2)),$(call fuzz_group_dir,$(call fuzz_shared_group,$(2))),$(FUZZ_OUT)/obj)/$(notdir \
                $(call fuzz_obj_dir,$(1)))$(abspath $(2:.c=.o))
# Their folder's hash holds their flags: no stamp, which is each build's own
# (a row's new stamp made them older than it, and each row compiled them again).
# halloc's under FUZZ_ALLOC_SAN (above) read it as their FUZZ_SAN, which the
# kinds' flags name.
define FUZZ_OWN_OBJ_RULE
$(if $(filter $(2),$(FUZZ_ALLOC_SAN_SRCS)),$(call fuzz_own_obj,$(1),$(2)): FUZZ_SAN = $$(FUZZ_ALLOC_SAN))
$(call fuzz_own_obj,$(1),$(2)): $(2) $$(FUZZ_OBJ_HDRS) $$(FUZZ_LAB_HDRS) $(if $(call fuzz_shared_group,$(2)),,$$(FUZZ_FLAGS_STAMP))
	+@$$(MKDIR_TARGET)
	$$(call quiet,CC,$(2) ($(1)))$$(FUZZ_ENV_$(1)) $$(FUZZ_CC_$(1)) $$(or $$(FUZZ_SHARED_CFLAGS_$(call fuzz_shared_group,$(2))),$$(FUZZ_CFLAGS)) \
		$$(FUZZ_FLAGS_$(1)) -MMD -MP -MT $$@ \
		-MF $$@.$$$$$$$$.d.tmp -c $(2) -o $$@.$$$$$$$$.tmp && mv -f $$@.$$$$$$$$.tmp $$@ && \
		printf '%s:\n' $(2) >>$$@.$$$$$$$$.d.tmp && mv -f $$@.$$$$$$$$.d.tmp $$@.d
endef
# fuzz_own_rules KINDS: the rules of this build's own objects of KINDS, their
# header lists read back. After FUZZ_FLAGS_STAMP is set (fuzz/build.mk).
fuzz_own_rules = $(foreach k,$(sort $(foreach k,$(1),$(call fuzz_obj_kind,$(k)))),$(foreach s,$(sort $(FUZZ_OWN_SRCS)),\
                 $(eval $(call FUZZ_OWN_OBJ_RULE,$(k),$(s)))$(eval -include $(wildcard $(call fuzz_own_obj,$(k),$(s)).d))))
# fuzz_link KIND: the start of KIND's link command (the engine's link inputs
# follow). It compiles no source but SRCS' C++ files. FUZZ_LINK's quoted
# words are joined as they are (fuzz_join): a $(strip) squeezed their blanks.
fuzz_link = $(call fuzz_join,$(call fuzz_join,$(strip $(FUZZ_ENV_$(1))),$(FUZZ_LINK)),$(strip $(FUZZ_CC_$(1)))) \
            $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1))
FUZZ_ENGINE_LINK = $(filter-out $(FUZZ_ENGINE_CFLAGS),$(FUZZ_ENGINE))
