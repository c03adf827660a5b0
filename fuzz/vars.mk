# fuzz/vars.mk - the checks of the user's fuzzing variables: TARGET, SRCS,
# NAME, MM_API, FUZZ_HEAP, FUZZ_ALLOC_SAN, FUZZ_TIME, JOBS, TIMEOUT, SEEDS, FROM_EMPTY and
# FUZZ_KEEP_GOING here, SWEEP in fuzz/sweep.mk (fuzz/README.md, "Make targets").
# Included by fuzz/build.mk where they must run: after what they read is
# defined (FUZZ_LAB, the parts of FUZZ_NAME, replay-line.mk's fuzz_plain) and before anything
# reads a value they may drop (FUZZ_OUT's -include of the .d files, the rules
# that FUZZ_NAME names); fuzz/build.mk's last line refuses what was dropped.

# Each checked variable V has fuzz_bad_V, the line that refuses its value,
# empty when it is fine; $(1) goes right after the value it names
# (" (from the environment)" or nothing). fuzz_vars_checked (below) runs them.

# $(wildcard) would drop a misspelt source silently and the link would fail
# on symbols that are missing for no visible reason.
FUZZ_SRCS_MISSING = $(foreach s,$(SRCS),$(if $(wildcard $(s)),,$(s)))
# make splits SRCS (and SEEDS, below) at blanks, so a path with one is two
# missing words: said so when they name a file together (a shell only on this
# error's path), joined and expanded as a glob pattern, as seed.sh expands a
# SEEDS word ('my seeds/*.txt'). $(call fuzz_blank_path,MISSING-WORDS): y when they do.
fuzz_blank_path = $(if $(word 2,$(1)),$(shell p=$(call fuzz_quoted,$(strip $(1))); IFS=; for f in $$p; do \
  test -e "$$f" && echo y; break; done))
# A : or % in a path is a rule's colon or a pattern to make, where TARGET
# and SRCS are listed as files ("target pattern contains no '%'"), and a
# pattern to $(filter); there a # starts a comment, a = makes the rule an
# assignment and a ; starts its recipe ("missing separator", given NAME=):
# refused, each such word named. $(call fuzz_make_special,WORDS): those words.
fuzz_make_special_chars = : % $(hash) = ;
fuzz_make_special = $(strip $(foreach w,$(1),$(if $(strip $(foreach ch,$(fuzz_make_special_chars), \
  $(findstring $(ch),$(w)))),$(w))))
fuzz_make_special_why = one of $(fuzz_make_special_chars) (to make a rule's colon$(comma) a pattern$(comma) a \
  comment$(comma) an assignment or a recipe's start); copy or link the file to a path without them (letters$(comma) \
  digits and _ . + - / are safe)
# $(call fuzz_listed,WORDS): the words, a comma between.
fuzz_listed = $(subst $(space),$(comma)$(space),$(strip $(1)))
fuzz_bad_SRCS = $(if $(call fuzz_make_special,$(SRCS)),SRCS names $(call fuzz_listed,$(call fuzz_make_special,$(SRCS)))$(1)$(comma) \
  with $(fuzz_make_special_why),$(if $(strip $(FUZZ_SRCS_MISSING)),$(if $(call \
  fuzz_blank_path,$(FUZZ_SRCS_MISSING)),SRCS path has a space: \
  '$(strip $(FUZZ_SRCS_MISSING))'$(1): make splits SRCS at blanks; copy or link the file to a path without one,SRCS \
  names $(call fuzz_listed,$(FUZZ_SRCS_MISSING))$(1)$(comma) $(if $(word 2,$(FUZZ_SRCS_MISSING)),none of \
  which exists,which does not exist); give paths relative to the repository root$(comma) or absolute)))
# make splits a list of prerequisites at blanks: TARGET's path must have none.
# The malloc-lab adapter needs SRCS, which is checked after TARGET: SRCS from
# the environment, dropped, still counts as given here.
fuzz_bad_TARGET = $(if $(word 2,$(TARGET)),TARGET path has a space: '$(TARGET)'$(1): make cannot list it as a \
  prerequisite; copy or link the file to a path without one,$(if $(call fuzz_make_special,$(TARGET)),TARGET=$(TARGET)$(1) \
  holds $(fuzz_make_special_why),$(if $(and $(TARGET),$(if $(wildcard $(TARGET)),,missing)),TARGET=$(TARGET)$(1) \
  does not exist; name your adapter file (see fuzz/ADAPTERS.md$(comma) "The adapter contract")$(comma) relative to the repository \
  root or absolute,$(if $(and $(FUZZ_LAB),$(if $(SRCS),,none)),TARGET=$(TARGET)$(1) is the malloc-lab adapter$(comma) which \
  fuzzes your allocator: name its sources$(comma) e.g. SRCS=path/to/mm.c (see fuzz/ADAPTERS.md)))))
# Engine numbers are checked here: libFuzzer takes -max_total_time=abc as no
# limit at all, and -fork=two as one job. Their readers (fuzz_var_readers):
# the fuzzers' goals, and for FUZZ_TIME make minimize and the examples' runs
# of make fuzz (examples/buddy's buddy-detect, examples/teach's walkthrough, fuzz/rounds' rounds).
FUZZ_VAR_GOALS_FUZZ_TIME = fuzz fuzz-fast fuzz-afl fuzz-parse fuzz-hardening fuzz-threads fuzz-threads-run minimize \
                           fuzz-lab-batch buddy-detect walkthrough rounds
FUZZ_VAR_GOALS_JOBS = fuzz fuzz-fast fuzz-parse fuzz-hardening fuzz-threads fuzz-threads-run fuzz-lab-batch
FUZZ_WHOLE = $(call fuzz_number,$(1),1,10)
# $(call fuzz_number,TEXT,FEWEST,TOO_MANY): TEXT when it is one whole number
# of FEWEST to TOO_MANY-1 digits, the first not 0; else empty. Worked out by
# make: the echo | grep it replaces started two processes in every make
# (JOBS is checked in each), some thousand in make check.
fuzz_number = $(if $(and $(firstword $(1)),$(if $(subst $(firstword $(1)),,$(1)),,one),$(if $(call fuzz_without,$(1),$(fuzz_digits)),,digits),$(if \
  $(filter 0%,$(1)),,lead),$(word $(2),$(call fuzz_spaced,$(1),$(fuzz_digits)))),$(if $(word $(3),$(call \
  fuzz_spaced,$(1),$(fuzz_digits))),,$(1)))
fuzz_digits := 0 1 2 3 4 5 6 7 8 9
# $(call fuzz_up_to,TEXT,MOST): TEXT when it is a whole number from 1 to MOST
# (fuzz_number's digits): fewer digits than MOST, or as many and not after it
# in $(sort)'s order, which is the numbers' for digit strings of one length.
fuzz_up_to = $(if $(call fuzz_number,$(1),1,$(words $(call fuzz_spaced,$(2),$(fuzz_digits)))),$(1),$(if $(and $(call \
  fuzz_number,$(1),1,$(words x $(call fuzz_spaced,$(2),$(fuzz_digits)))),$(filter $(1),$(firstword $(sort $(1) $(2))))),$(1)))
# $(call fuzz_spaced,TEXT,DIGITS): a blank after each DIGIT in TEXT (fuzz_without, fuzz/build.mk: none).
fuzz_spaced = $(if $(2),$(call fuzz_spaced,$(subst $(firstword $(2)),$(firstword $(2)) ,$(1)),$(wordlist 2,10,$(2))),$(1))
fuzz_bad_FUZZ_TIME = $(if $(and $(FUZZ_TIME),$(if $(call FUZZ_WHOLE,$(FUZZ_TIME)),,bad)),FUZZ_TIME='$(FUZZ_TIME)'$(1) is not a \
  whole number of seconds >= 1; e.g. FUZZ_TIME=60$(comma) or leave it unset to fuzz until ^C)
fuzz_bad_JOBS = $(if $(and $(JOBS),$(if $(call FUZZ_WHOLE,$(JOBS)),,bad)),JOBS='$(JOBS)'$(1) is not a whole number >= 1; \
  e.g. JOBS=2 runs two libFuzzer workers)
# TIMEOUT: make replay's and make replay-threads' limit on a run, their -t
# (0: none); without it the build's, timeout in fuzz/halloc.options. Its
# most is the tools' (fuzz/replay-args.h), read from there: with 99999 here
# TIMEOUT=86401 passed make and the tool refused it in words naming -t.
FUZZ_SECONDS_MAX = $(patsubst @%,%,$(firstword $(filter @%,$(subst REPLAY_SECONDS_MAX$(space),@,$(file <fuzz/replay-args.h)))))
fuzz_bad_TIMEOUT = $(if $(and $(TIMEOUT),$(if $(or $(filter x0x,x$(TIMEOUT)x),$(call fuzz_up_to,$(TIMEOUT),$(FUZZ_SECONDS_MAX))),,bad)),TIMEOUT='$(TIMEOUT)'$(1) \
  is not a whole number of seconds from 0 to $(FUZZ_SECONDS_MAX); e.g. TIMEOUT=10$(comma) or TIMEOUT=0 for no limit)
FUZZ_VAR_GOALS_TIMEOUT = replay replay-threads replay-threads-run
# The replay's -t, and the reproduce line's words that keep it.
FUZZ_TIMEOUT_ARG   = $(if $(TIMEOUT),-t $(TIMEOUT))
FUZZ_TIMEOUT_GIVEN = $(if $(TIMEOUT), TIMEOUT=$(TIMEOUT))
fuzz_bad_MM_API = $(if $(filter-out classic checked,$(MM_API)),MM_API='$(MM_API)'$(1) is not an interface the malloc-lab \
  adapter knows; use MM_API=classic (int mm_init$(comma) mm_malloc...) or MM_API=checked (bool mm_init$(comma) mm_checkheap))
# FUZZ_HEAP: the heap create() is asked for, in bytes (fuzz/build.mk, FUZZ_HEAP_FLAG).
fuzz_bad_FUZZ_HEAP = $(if $(FUZZ_HEAP),$(if $(call fuzz_number,$(FUZZ_HEAP),4,11),,FUZZ_HEAP='$(FUZZ_HEAP)'$(1) \
  is not a byte count from 1000 to 9999999999; give whole bytes$(comma) e.g. FUZZ_HEAP=1048576))
# FUZZ_ALLOC_SAN: the sanitizers of halloc's own sources alone (fuzz/objects.mk),
# which only halloc's adapters build in.
fuzz_bad_FUZZ_ALLOC_SAN = $(if $(and $(FUZZ_ALLOC_SAN),$(if $(FUZZ_HALLOC_SRCS),,none)),FUZZ_ALLOC_SAN='$(FUZZ_ALLOC_SAN)'$(1) \
  sets the sanitizers of halloc's own sources$(comma) which this build (TARGET=$(FUZZ_TARGET)$(if $(SRCS), SRCS=...)) has none \
  of; drop it$(comma) or give SAN=$(comma) the whole build's)

# The build's name is a folder in make's targets and in the recipes' shell
# words (crashes/NAME/, build/fuzz/NAME/libfuzzer), unquoted: a blank split
# it into two targets, a quote broke each recipe's line, and a : % = or ,
# means something to make. It keeps to fuzz_plain's letters, digits and
# _ . + -, as the -D part of a name made from CFLAGS does (FUZZ_CFLAGS_ID).
fuzz_name_plain := $(filter-out / : $(comma) = @ \%,$(fuzz_plain))
fuzz_name_bad = $(or $(filter-out 1,$(words $(1))),$(call fuzz_unplain,$(1),$(fuzz_name_plain)))
# $(call fuzz_name_refusal,WHAT): the one line that refuses a name.
fuzz_name_refusal = $(1) holds a character make's targets and recipes cannot take; give NAME= only letters$(comma) \
  digits and _ . + -$(comma) e.g. NAME=my-alloc
fuzz_bad_NAME = $(if $(and $(NAME),$(call fuzz_name_bad,$(NAME))),$(call fuzz_name_refusal,NAME='$(NAME)'$(1)))

# A fuzzing variable exported for other tools (cross-build setups export
# TARGET=x86_64-linux-gnu, packaging scripts NAME='John Smith') broke make,
# make demo and make clean, which never read it. $(call fuzz_vars_checked,V ...):
# a bad V given on make's command line stops make here, for every goal; one
# from the environment is dropped, so these rules parse and those goals
# build as before, and refused at the end of fuzz/build.mk (fuzz_vars_refuse)
# only when a goal that reads V is asked (fuzz_var_readers).
# Called before anything reads the values (NAME names make's rules).
fuzz_vars_checked = $(foreach v,$(1),$(if $(call fuzz_bad_$(v)),$(if $(filter environment%,$(origin $(v))),$(eval \
  $(call fuzz_var_dropped,$(v))),$(error $(call fuzz_bad_$(v))))))
define fuzz_var_dropped
FUZZ_VARS_DROPPED += $(1)
FUZZ_VAR_REFUSAL_$(1) := $$(call fuzz_bad_$(1), (from the environment)); or unset $(1)
undefine $(1)
unexport $(1)
endef
# $(call fuzz_var_readers,V): the goals that read V. The build's variables
# (TARGET, SRCS, NAME, MM_API, FUZZ_HEAP: what is built, and its name) are
# read by every goal of FUZZ_VAR_GOALS; a run's (FUZZ_TIME, JOBS, SEEDS...)
# only by the goals FUZZ_VAR_GOALS_V lists, beside V's check: those whose
# recipe or a make it starts reads V, and those that refuse V given to them
# (SEEDS for make fuzz-sweep: they read it to refuse it).
fuzz_var_readers = $(if $(filter undefined,$(origin FUZZ_VAR_GOALS_$(1))),$(FUZZ_VAR_GOALS),$(FUZZ_VAR_GOALS_$(1)))
# TARGET before SRCS: the malloc-lab adapter's check reads SRCS (fuzz_bad_TARGET).
$(call fuzz_vars_checked,TARGET SRCS NAME MM_API FUZZ_HEAP FUZZ_ALLOC_SAN FUZZ_TIME JOBS TIMEOUT)
ifneq ($(call fuzz_name_bad,$(FUZZ_NAME)),)
$(error $(call fuzz_name_refusal,the build's name '$(FUZZ_NAME)' (made from TARGET and SRCS' folders)))
endif

# SEEDS='my/*.txt my/dir': a user's own seeds beside corpus/, each a file, a
# folder or a glob pattern (seed.sh expands it): a word that names nothing is
# refused before anything builds, as an SRCS file is: each such word named,
# in one refusal.
FUZZ_SEEDS_MISSING = $(strip $(foreach s,$(SEEDS),$(if $(wildcard $(s)),,$(s))))
fuzz_bad_SEEDS = $(if $(FUZZ_SEEDS_MISSING),$(if $(call fuzz_blank_path,$(FUZZ_SEEDS_MISSING)),SEEDS path has a \
  space: '$(FUZZ_SEEDS_MISSING)'$(1): make splits SEEDS at blanks; copy or link it to a path without one,SEEDS \
  names $(call fuzz_listed,$(FUZZ_SEEDS_MISSING))$(1)$(comma) $(if $(word 2,$(FUZZ_SEEDS_MISSING)),none of \
  them a,which is no) file$(comma) folder or pattern matching one; give text traces$(comma) binary inputs or folders of \
  them$(comma) relative to the repository root or absolute))
# Read by the goals that seed (fuzz-lab-batch's rows are make fuzz), and by
# the fuzzing goals that take none, to refuse it (FUZZ_SEEDLESS_GOALS, below).
FUZZ_VAR_GOALS_SEEDS = fuzz fuzz-fast fuzz-afl fuzz-seed corpus-merge fuzz-lab-batch $(FUZZ_SEEDLESS_GOALS)
$(call fuzz_vars_checked,SEEDS)

# FROM_EMPTY=1 fuzzes from an empty corpus (fuzz/runs.mk, FUZZ_CORPUS).
fuzz_bad_FROM_EMPTY = $(if $(filter-out 0 1,$(FROM_EMPTY)),FROM_EMPTY='$(FROM_EMPTY)'$(1) means nothing; FROM_EMPTY=1 \
  fuzzes from an empty corpus$(comma) 0 or unset from the seeds)
FUZZ_VAR_GOALS_FROM_EMPTY = fuzz fuzz-fast fuzz-afl fuzz-threads fuzz-threads-run fuzz-lab-batch
$(call fuzz_vars_checked,FROM_EMPTY)
FUZZ_FROM_EMPTY = $(filter 1,$(FROM_EMPTY))
ifneq ($(and $(FUZZ_FROM_EMPTY),$(SEEDS)),)
$(error SEEDS and FROM_EMPTY=1 ask for opposites: FROM_EMPTY=1 fuzzes from an empty corpus, no seed of any kind; drop one)
endif
# SEEDS_ONLY=1: SEEDS alone seed the run, into a corpus of their own made
# afresh each run (fuzz/runs.mk, FUZZ_SEED_WORK), corpus/'s seeds left
# out: a first finding that stays put as corpus/ grows (examples/teach).
fuzz_bad_SEEDS_ONLY = $(if $(filter-out 0 1,$(SEEDS_ONLY)),SEEDS_ONLY='$(SEEDS_ONLY)'$(1) means nothing; SEEDS_ONLY=1 \
  seeds from SEEDS alone$(comma) 0 or unset from corpus/'s seeds too,$(if $(and $(filter 1,$(SEEDS_ONLY)),$(if \
  $(SEEDS),,x)),SEEDS_ONLY=1$(1) seeds from SEEDS alone$(comma) and SEEDS is empty: name your seeds (SEEDS=my/dir)$(comma) \
  or drop SEEDS_ONLY))
FUZZ_VAR_GOALS_SEEDS_ONLY = fuzz fuzz-fast fuzz-afl fuzz-seed
$(call fuzz_vars_checked,SEEDS_ONLY)
FUZZ_SEEDS_ONLY = $(filter 1,$(SEEDS_ONLY))
# A fuzzing goal that takes no seeds is refused them, rather than run as if
# they were not given; the refusal names the goal asked.
FUZZ_SEEDLESS_GOALS = fuzz-threads fuzz-parse fuzz-hardening fuzz-sweep
FUZZ_SEEDLESS_ASKED = $(firstword $(filter $(FUZZ_SEEDLESS_GOALS),$(MAKECMDGOALS)))
ifneq ($(and $(SEEDS),$(FUZZ_SEEDLESS_ASKED)),)
$(error SEEDS is for make fuzz, fuzz-fast and fuzz-afl, not make $(FUZZ_SEEDLESS_ASKED): $(if $(filter \
  fuzz-sweep,$(FUZZ_SEEDLESS_ASKED)),it runs a fixed grid of sizes and alignments$(comma) no inputs,it takes its own \
  seeds' format); drop SEEDS)
endif

# FUZZ_KEEP_GOING=1: the fuzzers run on past crashes (fuzz/runs.mk, fuzz_libfuzzer_run).
fuzz_bad_FUZZ_KEEP_GOING = $(if $(filter-out 0 1,$(FUZZ_KEEP_GOING)),FUZZ_KEEP_GOING='$(FUZZ_KEEP_GOING)'$(1) means \
  nothing; FUZZ_KEEP_GOING=1 lets make fuzz and make fuzz-afl run on past crashes$(comma) 0 or unset stops at the first)
FUZZ_VAR_GOALS_FUZZ_KEEP_GOING = fuzz fuzz-fast fuzz-afl fuzz-threads fuzz-threads-run fuzz-sweep fuzz-parse fuzz-hardening
$(call fuzz_vars_checked,FUZZ_KEEP_GOING)
FUZZ_KEEP_GOING_ON = $(filter 1,$(FUZZ_KEEP_GOING))
# The parser and hardening fuzzers keep their first crash and stop: said,
# rather than a FUZZ_KEEP_GOING=1 that would do nothing.
ifneq ($(and $(FUZZ_KEEP_GOING_ON),$(filter fuzz-parse fuzz-hardening,$(MAKECMDGOALS))),)
$(error FUZZ_KEEP_GOING=1 is for make fuzz, fuzz-fast and fuzz-afl; make fuzz-parse and make fuzz-hardening stop at their first crash: drop FUZZ_KEEP_GOING)
endif

# $(fuzz_vars_refuse), fuzz/build.mk's last line, once every .mk file has
# added its goals to FUZZ_VAR_GOALS (and fuzz/sweep.mk checked SWEEP): the
# first fuzzing variable from the environment dropped above
# (fuzz_vars_checked) that a goal asked reads (fuzz_var_readers), its line.
fuzz_vars_refuse = $(foreach v,$(FUZZ_VARS_DROPPED),$(if $(filter $(call fuzz_var_readers,$(v)),$(MAKECMDGOALS)),$(error \
  $(FUZZ_VAR_REFUSAL_$(v)))))
