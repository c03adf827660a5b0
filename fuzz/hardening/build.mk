# fuzz/hardening/: libFuzzer on halloc's hardening claims (hardening-fuzz.c).
#
#   make fuzz-hardening [FUZZ_TIME=s] [JOBS=n]   until ^C or FUZZ_TIME
#   make fuzz-hardening CRASH=file               replay one input: every op, then the report
#   make fuzz-check-hardening                    (in make check) the seeds, a
#       short run, and proof that it catches mutants/hardening/*.patch
#
# No ASan: it would stop the program's stray write before halloc met the
# damage, which is what this target is for. UBSan stays.
HARDENING_OUT    := $(BUILD)/fuzz/hardening
HARDENING_FUZZ   := $(HARDENING_OUT)/hardening-fuzz
HARDENING_SRC    := fuzz/hardening/hardening-fuzz.c
# CFLAGS less a -D or -U none of its files (nor a mutant's patch) names (the
# Makefile's cflags_read): a suite's bug switch rewrote the stamp below, and
# fuzz-check-hardening compiled the fuzzer again after check-flags-stamp had.
HARDENING_CFLAGS := $(call cflags_read,$(HARDENING_SRC) $(LIB_SRCS) $(LIB_HDRS) $(wildcard mutants/hardening/*.patch))
HARDENING_FLAGS   = $(CSTD) $(WARN) $(OPT) $(HARDENING_CFLAGS) -fsanitize=undefined -fno-sanitize-recover=all $(FUZZ_ENGINE)
# A stamp of the compiler and flags (the Makefile's flags_stamp) rebuilds the
# objects of the fuzzer and the mutants for another CC or CFLAGS, as the
# other fuzz binaries' are (they kept the flags of their first build).
HARDENING_STAMP  := $(call flags_stamp,fuzz-hardening,$(FUZZ_CLANG) $(HARDENING_FLAGS))
HARDENING_OPTS   = $(call fuzz_options,fuzz/hardening/hardening.options)
HARDENING_SEEDS   = $(wildcard corpus/hardening/*.bin)
HARDENING_MUTANTS = $(wildcard mutants/hardening/*.patch)
HARDENING_WORK   := $(BUILD)/fuzz-work/hardening
# The clean run goes beside the mutant hunt (check.sh), which ends in ~5 s:
# 10000 inputs (5 s on a quiet machine) prove the pipeline and a clean
# halloc; 20000 left a core idle for the last 5. A count, as the hunt's:
# 5 s were 6825 inputs in a CI run under load, and took the whole 5 s.
HARDENING_CHECK_RUNS ?= 10000
# Each mutant must be caught within this many inputs (check.sh): a count,
# not a time, so a loaded machine (fewer inputs a second) gives the same
# verdict. halloc's heap key comes from getrandom, so even with -seed=1 the
# input that catches unsafe-unlink varies: 10845 to 38336 in 13 runs (mean
# 20391). 80000, 2.1 times the worst, is what the 60 s bound it replaced
# fuzzed on a quiet machine (the clean target from an empty corpus: 79720
# inputs in 62 s of CPU), so a miss costs no more CPU than before.
HARDENING_MUTANT_RUNS ?= 80000

.PHONY: fuzz-hardening fuzz-check-hardening

# Compiled an object a source, so a check's -j spreads them over the cores
# (one clang command of 16 sources ran on one core, 11 s of CPU).
HARDENING_OBJS := $(patsubst %.c,$(HARDENING_OUT)/obj/%.o,$(HARDENING_SRC) $(LIB_SRCS))
$(HARDENING_OUT)/obj/%.o: %.c $(LIB_HDRS) $(HARDENING_STAMP)
	+@$(MKDIR_TARGET)
	$(call quiet,CC,$< (hardening))$(FUZZ_CLANG) $(HARDENING_FLAGS) -Iallocator -c $< -o $@
$(HARDENING_FUZZ): $(HARDENING_OBJS)
	$(call quiet,LINK,$@)$(FUZZ_CLANG) $(HARDENING_FLAGS) $^ -lpthread -o $@

# One binary per mutant, over a patched copy of allocator/ and checks/
# ($(HARDENING_OUT)/mutants/NAME/). A source the patch leaves alone, with every header, links
# the fuzzer's object; a patched header compiles every source again.
# $(call hardening_patched,NAME): the sources to compile from the copy.
hardening_touched = $(patsubst b/%,%,$(filter b/%,$(file <mutants/hardening/$(1).patch)))
hardening_patched = $(if $(filter-out $(LIB_SRCS),$(call hardening_touched,$(1))),$(HARDENING_SRC) \
                    $(LIB_SRCS),$(filter $(LIB_SRCS),$(call hardening_touched,$(1))))
define HARDENING_MUTANT
$(HARDENING_OUT)/mutants/$(1)/patched: mutants/hardening/$(1).patch $(LIB_SRCS) $(LIB_HDRS)
	+@$$(MKDIR_TARGET)
	@rm -rf $$(@D) && mkdir -p $$(@D) && cp -r allocator checks $$(@D)/
	@patch -s -d $$(@D) -p1 <$$< && touch $$@
$(patsubst %.c,$(HARDENING_OUT)/mutants/$(1)/%.o,$(call hardening_patched,$(1))): \
		$(HARDENING_OUT)/mutants/$(1)/%.o: $(HARDENING_OUT)/mutants/$(1)/patched $(HARDENING_SRC) $(HARDENING_STAMP)
	+@$$(MKDIR_TARGET)
	$$(call quiet,CC,$$*.c (mutant $(1)))$$(FUZZ_CLANG) $$(HARDENING_FLAGS) -I$$(<D)/allocator \
		-c $$(if $$(filter $(HARDENING_SRC),$$*.c),,$$(<D)/)$$*.c -o $$@
$(HARDENING_OUT)/mutant-$(1): $(patsubst %.c,$(HARDENING_OUT)/mutants/$(1)/%.o,$(call \
		hardening_patched,$(1))) $(filter-out $(patsubst %.c,$(HARDENING_OUT)/obj/%.o,$(call \
		hardening_patched,$(1))),$(HARDENING_OBJS))
	$$(call quiet,LINK,$$@)$$(FUZZ_CLANG) $$(HARDENING_FLAGS) $$^ -lpthread -o $$@
endef
$(foreach m,$(patsubst mutants/hardening/%.patch,%,$(HARDENING_MUTANTS)),$(eval $(call HARDENING_MUTANT,$(m))))

fuzz-hardening:
	@tools/ensure-deps fuzz
	@$(MAKE) --no-print-directory $(HARDENING_FUZZ)
ifneq ($(CRASH),)
	HALLOC_HARDENING_TRACE=1 $(HARDENING_FUZZ) $(HARDENING_OPTS) $(CRASH)
else
	@mkdir -p $(HARDENING_WORK)/corpus crashes/hardening
	@cp $(HARDENING_SEEDS) $(HARDENING_WORK)/corpus/
	@fuzz/scripts/libfuzzer.sh $(HARDENING_FUZZ) crashes/hardening "make fuzz-hardening" $(HARDENING_OPTS) \
		-artifact_prefix=crashes/hardening/ $(if $(FUZZ_TIME),-max_total_time=$(FUZZ_TIME)) \
		$(if $(filter-out 1,$(JOBS)),-fork=$(JOBS)) $(HARDENING_WORK)/corpus
endif

HARDENING_MUTANT_BINS = $(patsubst mutants/hardening/%.patch,$(HARDENING_OUT)/mutant-%,$(HARDENING_MUTANTS))
fuzz-check-hardening:
	@$(call CHECK_BUILD,$(HARDENING_FUZZ) $(HARDENING_MUTANT_BINS))
	@$(budget_start)
	@HARDENING_OPTS="$(HARDENING_OPTS)" fuzz/hardening/check.sh $(HARDENING_FUZZ) $(HARDENING_WORK)-check \
		$(HARDENING_CHECK_RUNS) $(HARDENING_MUTANT_RUNS) $(HARDENING_SEEDS) -- $(HARDENING_MUTANT_BINS)
	@$(call budget_check,$(HARDENING_WORK)-check)

CHECK_TARGETS += fuzz-check-hardening
