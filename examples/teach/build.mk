# examples/teach/: the new-user walk-through (examples/teach/README.md).
#
#   make walkthrough [FUZZ_TIME=s]   fuzz the planted bugs, replay, minimise, fix, re-fuzz
#   make walkthrough-test            the same with short budgets, every step asserted
#                                    (part of make check; about 40 s of fuzzing)
#   make teach-build                 myalloc and its adapter build warning-free with gcc
#                                    and clang, bug switches on and off

TEACH_SRCS   := examples/teach/myalloc.c examples/teach/adapter.c
TEACH_HDRS   := examples/teach/myalloc.h fuzz/adapter.h
TEACH_SWITCHES := none -DMYALLOC_BUGS=1 -DBUG_ALIGN_TO_8 -DBUG_NO_COALESCE_CHECK \
                  -DBUG_FORGET_USED_FLAG -DBUG_SPLIT_OVERLAP
# One stamp per compiler and switch: build/teach/<cc>/<switch>.ok
teach_switch_name = $(if $(filter none,$(1)),clean,$(subst =,-,$(patsubst -D%,%,$(1))))
TEACH_STAMPS := $(foreach cc,gcc clang,$(foreach s,$(TEACH_SWITCHES),$(BUILD)/teach/$(cc)/$(call teach_switch_name,$(s)).ok))

.PHONY: walkthrough walkthrough-test teach-build

walkthrough:
	@tools/ensure-deps fuzz
	@examples/teach/walkthrough.sh

walkthrough-test:
	@$(call CHECK_BUILD,teach-build)
	@tools/ensure-deps fuzz
	@$(budget_start)
	@examples/teach/walkthrough.sh --check
	@$(call budget_check,$(BUILD)/teach-check)

teach-build: $(TEACH_STAMPS)

define TEACH_COMPILE
$(BUILD)/teach/$(1)/$(call teach_switch_name,$(2)).ok: $(TEACH_SRCS) $(TEACH_HDRS)
	+@$$(MKDIR_TARGET)
	$$(call quiet,CC,examples/teach/myalloc.c ($(1) $(2)))$(if $(filter gcc,$(1)),gcc,$(CLANG)) $(CSTD) $(WARN) $(OPT) -Ifuzz $(filter-out none,$(2)) \
		-c examples/teach/myalloc.c -o $$(@D)/myalloc-$(call teach_switch_name,$(2)).o
	$$(call quiet,CC,examples/teach/adapter.c ($(1) $(2)))$(if $(filter gcc,$(1)),gcc,$(CLANG)) $(CSTD) $(WARN) $(OPT) -Ifuzz $(filter-out none,$(2)) \
		-c examples/teach/adapter.c -o $$(@D)/adapter-$(call teach_switch_name,$(2)).o
	@touch $$@
endef
$(foreach cc,gcc clang,$(foreach s,$(TEACH_SWITCHES),$(eval $(call TEACH_COMPILE,$(cc),$(s)))))

CHECK_TARGETS += walkthrough-test
