# examples/malloclab/: a malloc-lab allocator fuzzed through fuzz/adapters/malloclab.c.
#
#   make malloclab-check   the adapter finds each planted bug in mm.c and runs the
#                          correct mm.c clean, in both lab interfaces (part of make check)
#   make malloclab-build   mm.c, the adapter and memlib build warning-free with gcc and
#                          clang, both interfaces, every bug switch

# The bug switches are the MM_BUG_* names mm.c's #ifdef/#ifndef lines test,
# read from mm.c itself: a list written here missed the two added last.
LAB_SWITCHES := none $(addprefix -D,$(sort $(filter MM_BUG_%,$(file <examples/malloclab/mm.c))))
LAB_APIS     := classic checked
LAB_FILES    := examples/malloclab/mm.c fuzz/adapters/malloclab.c fuzz/adapters/malloclab/memlib.c
lab_api_flags = $(if $(filter checked,$(1)),-DMM_API_CHECKED -DDRIVER)
lab_switch_name = $(if $(filter none,$(1)),clean,$(patsubst -D%,%,$(1)))
LAB_STAMPS := $(foreach cc,gcc clang,$(foreach a,$(LAB_APIS),$(foreach s,$(LAB_SWITCHES),\
                $(BUILD)/malloclab/$(cc)/$(a)-$(call lab_switch_name,$(s)).ok)))

.PHONY: malloclab-check malloclab-build

malloclab-check:
	@$(call CHECK_BUILD,malloclab-build)
	@tools/ensure-deps fuzz
	@$(budget_start)
	@examples/malloclab/check.sh
	@$(call budget_check,$(BUILD)/malloclab-check)

malloclab-build: $(LAB_STAMPS)

# The objects are thrown away: only the warnings count. clang's all come from
# its front end (-fsyntax-only, half a compile); gcc's maybe-uninitialized
# and array-bounds ones from its optimisers, so gcc compiles in full.
LAB_WARN_ONLY = $(if $(filter gcc,$(1)),-c $$$$f -o $$(@:.ok=.o),-fsyntax-only $$$$f)
LAB_HDRS     := $(wildcard fuzz/adapters/malloclab/*.h) fuzz/adapter.h
# A bug switch that neither a file nor the headers name cannot change its
# compile, which the switch-less one (clean) made: memlib.c and the adapter
# were compiled again for every switch, 32 of the 60 compiles.
LAB_SKIP_UNREAD = $(if $(filter none,$(1)),,grep -qw -- '$(patsubst -D%,%,$(1))' $$$$f $(LAB_HDRS) || continue;)
define LAB_COMPILE
$(BUILD)/malloclab/$(1)/$(2)-$(call lab_switch_name,$(3)).ok: $(LAB_FILES) $(LAB_HDRS)
	+@$$(MKDIR_TARGET)
	@for f in $(LAB_FILES); do $(call LAB_SKIP_UNREAD,$(3)) \
		$(if $(filter gcc,$(1)),gcc,$(CLANG)) $(CSTD) $(WARN) $(OPT) -Ifuzz -Ifuzz/adapters/malloclab \
			$(call lab_api_flags,$(2)) $(filter-out none,$(3)) $(call LAB_WARN_ONLY,$(1)) || exit 1; done
	@touch $$@
endef
$(foreach cc,gcc clang,$(foreach a,$(LAB_APIS),$(foreach s,$(LAB_SWITCHES),$(eval $(call LAB_COMPILE,$(cc),$(a),$(s))))))

CHECK_TARGETS += malloclab-check
