# fuzz/replay-line.mk - the command a report tells its reader to type to
# reproduce a run: make replay and the variables that chose the build and
# the run, each one shell word. Included by fuzz/build.mk before
# fuzz/vars.mk, whose checks read fuzz_plain.

# What to tell a user to type to reproduce a crash of this build.
# Everything that selects the build: MM_API picks the lab interface, and
# CFLAGS given on the command line may switch a bug on (-DBUG_x), so a replay
# without them builds another allocator. The HALLOC_FUZZ_* switches the run
# had (from the environment or the command line) go too: a replay with a
# layer back on stops elsewhere, with another report (make passes them to
# the replay).
# Their names come from their one list, in fuzz/run.h. BUILD too when it is
# not build/: a replay without it builds and runs another tree's binaries.
# SAN too when it is not the default (word for word: fuzz_same), as a
# replay without it builds with another sanitizer (one that recovers, or
# none, stops elsewhere or not at all). Each value is one word that sh reads
# back and make then reads as it was given (fuzz_var: a CFLAGS of
# -DNAME='"x"' broke the line at its first quote). The recipes hand the line
# on as one word (fuzz_quoted), not in double quotes, where a " ended it and
# a $ was expanded.
FUZZ_SWITCHES_NOW = $(shell sed -n 's/^\#define FUZZ_REPLAY_SWITCHES //p' fuzz/run.h | tr -d '",')
FUZZ_SWITCHES = $(call once,FUZZ_SWITCHES)
FUZZ_VARS     = $(call fuzz_joined,name:TARGET any:SRCS name:NAME name:MM_API given:CFLAGS given:CXXFLAGS \
                any:FUZZ_CXX any:LDLIBS any:LDFLAGS name:FUZZ_HEAP $(addprefix any:,$(FUZZ_SWITCHES)) san:SAN any:FUZZ_ALLOC_SAN build:BUILD)
# $(call fuzz_joined,KIND:NAME ...): each NAME as its KIND puts it on the
# line (fuzz_item_KIND), one blank between two that are not empty. Joined
# by hand: a $(strip) of the line also made two blanks in a quoted value one.
fuzz_joined = $(if $(1),$(call fuzz_join,$(call fuzz_item,$(subst :, ,$(firstword $(1)))),$(call \
              fuzz_joined,$(wordlist 2,$(words $(1)),$(1)))))
fuzz_item   = $(call fuzz_item_$(word 1,$(1)),$(word 2,$(1)))
# $(call fuzz_join,A,B): A and B with a blank between them when both are there.
fuzz_join   = $(1)$(if $(and $(1),$(2)),$(space))$(2)
fuzz_item_name  = $(call fuzz_name_var,$(1))
fuzz_item_any   = $(call fuzz_var,$(1))
fuzz_item_given = $(if $(filter command line,$(origin $(1))),$(call fuzz_var,$(1)))
fuzz_item_san   = $(if $(call fuzz_same,$(SAN),$(SAN_DEFAULT)),,SAN=$(call fuzz_var_quoted,$(SAN)))
fuzz_item_build = $(if $(filter-out build,$(BUILD)),BUILD=$(call fuzz_var_quoted,$(BUILD)))
# $(call fuzz_var,NAME): NAME=its value as one word (fuzz_var_quoted); nothing when empty.
fuzz_var = $(if $($(1)),$(1)=$(call fuzz_var_quoted,$($(1))))
# $(call fuzz_name_var,NAME): NAME=its value as it is when every character
# is plain (fuzz_unplain), as bench/text-input.h's text_name_quoted prints a
# name, so the usual TARGET=fuzz/adapters/x.c reads as typed; else fuzz_var.
fuzz_name_var = $(if $($(1)),$(if $(call fuzz_unplain,$($(1)),$(fuzz_plain)),$(call fuzz_var,$(1)),$(1)=$($(1))))
# $(call fuzz_unplain,TEXT,CHARS): TEXT without any of the CHARS (a list):
# empty when TEXT is all plain. A space is never removed.
fuzz_unplain = $(if $(2),$(call fuzz_unplain,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
# The characters a shell word may hold unquoted: bench/text-input.h's
# text_shell_plain list (and fuzz/scripts/quote.sh's).
fuzz_plain := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z \
              0 1 2 3 4 5 6 7 8 9 _ . / + : $(comma) = @ % -
# $(call fuzz_var_quoted,TEXT): a variable's value in a make command to paste:
# each $ doubled (make reads $$ as $), then one shell word (fuzz_quoted).
fuzz_var_quoted = $(call fuzz_quoted,$(subst $$,$$$$,$(1)))
# $(call fuzz_same,A,B): non-empty when A and B are the same text, spaces aside.
fuzz_same = $(and $(findstring $(strip $(1)),$(strip $(2))),$(findstring $(strip $(2)),$(strip $(1))))
