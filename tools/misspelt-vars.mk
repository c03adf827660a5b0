# tools/misspelt-vars.mk - a variable given on make's command line whose name
# is one this build reads but for case, '_' or '-' (FUZZTIME=60, target=x.c,
# Fuzz-Time=60) was taken without a word: make fuzz then fuzzed halloc with
# no time limit. It stops make with one line naming the variable meant.
# Worked out in make alone, and only when the command line sets a variable
# (check-flags-stamp counts the shells a make starts).
#
# The names meant: every variable a makefile defines (FUZZ_TIME, JOBS,
# PREFIX, ...), the fuzzing ones tools/caller-vars.mk lists, and those read
# where they are used, which no makefile defines.
SPELT_READ_ONLY := FUZZ_KEEP_GOING FUZZ_HEAP FUZZ_ALLOC_SAN DESTDIR PROGRAMS BUGS V
spelt_upper = $(subst a,A,$(subst b,B,$(subst c,C,$(subst d,D,$(subst e,E,$(subst f,F,$(subst g,G,$(subst \
              h,H,$(subst i,I,$(subst j,J,$(subst k,K,$(subst l,L,$(subst m,M,$(subst n,N,$(subst o,O,$(subst \
              p,P,$(subst q,Q,$(subst r,R,$(subst s,S,$(subst t,T,$(subst u,U,$(subst v,V,$(subst w,W,$(subst \
              x,X,$(subst y,Y,$(subst z,Z,$(1)))))))))))))))))))))))))))
spelt_key = $(subst -,,$(subst _,,$(call spelt_upper,$(1))))
# The command line's names. An escaped blank in a value splits its word, so
# a word after it that holds '=' reads as a name too: a -D's (CFLAGS='-O1
# -DX=1') is left out by its '-'.
SPELT_GIVEN := $(filter-out -%,$(foreach w,$(-*-command-variables-*-),$(if $(findstring =,$(w)),$(firstword $(subst =, ,$(w))))))
# KEY=NAME for each name meant, worked out once: those in capitals (a
# makefile's lower-case names are its own functions, never given), not the
# environment's own (a CI's C_FLAGS is no name make reads).
spelt_names = $(foreach n,$(.VARIABLES),$(if $(findstring %,$(n))$(findstring environment,$(origin \
              $(n))),,$(n))) $(filter-out %%,$(CALLER_VARS)) $(SPELT_READ_ONLY)
spelt_caps  = $(filter $(call spelt_upper,$(1)),$(1))
spelt_pairs = $(join $(addsuffix =,$(subst -,,$(subst _,,$(1)))),$(1))
SPELT_MEANT := $(if $(SPELT_GIVEN),$(call spelt_pairs,$(sort $(call spelt_caps,$(spelt_names)))))
$(foreach g,$(SPELT_GIVEN),$(foreach m,$(firstword $(filter-out $(g),$(patsubst $(call spelt_key,$(g))=%,%,$(filter \
    $(call spelt_key,$(g))=%,$(SPELT_MEANT))))),$(error $(g)= on the command line sets no variable this build \
    reads: give $(m)= (names are case-sensitive))))
