#!/bin/sh
# check-caller-env.sh: make check-caller-env. A check goal drops the caller's
# exported HALLOC_* switches and the make variables that choose what is
# fuzzed (Makefile, CALLER_VARS): its recipes see none of them, so a replay
# line a check compares is the one it expects. Any other goal still sees
# them (HALLOC_FUZZ_USABLE=off make replay ...), and FUZZ_CHECK_TIME stays.
# A script that sources tools/caller-env.sh drops the same list.
set -u
fail() { echo "check-caller-env FAILED: $*"; exit 1; }
unset MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS
tmp=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT
# The makes below parse the Makefile with test flags (CFLAGS=-DCALLER), and
# parsing writes the flags stamps: in the tree's own build folder those made
# the next hand-run make rebuild everything. They write a scratch one.
real_stamps=${BUILD:-build}/flags
stamps_before=$(cat "$real_stamps"/* 2>/dev/null | cksum)
export BUILD="$tmp/build"
export HALLOC_FUZZ_USABLE=off HALLOC_FUZZ_STATS=1 TARGET=no/such/adapter.c SRCS=no/such/mm.c FUZZ_HEAP=1 \
    CFLAGS=-DCALLER FUZZ_CHECK_TIME=3 SEEDS=no/such/seeds
show='@env | grep -E "^(HALLOC_FUZZ_USABLE|HALLOC_FUZZ_STATS|TARGET|SRCS|FUZZ_HEAP|CFLAGS|FUZZ_CHECK_TIME)=" | sort | tr "\n" " "'
# probe GOAL: what GOAL's recipe sees of the variables above.
probe() { make --no-print-directory --eval "$1: ; $show" "$1" 2>&1; }
out=$(probe check-env-probe)
[ "$out" = "FUZZ_CHECK_TIME=3 " ] || fail "a check goal's recipe saw the caller's variables: '$out'"
# A check script run by hand drops the same (tools/caller-env.sh reads the
# Makefile's list from tools/caller-vars.mk), but for the inputs it names.
# shellcheck disable=SC2016 # the script of sh -c: $show's $ expands there
by_hand=$(sh -c '. tools/caller-env.sh; drop_caller_env "$1"; '"${show#@}" sh SRCS 2>&1)
[ "$by_hand" = "FUZZ_CHECK_TIME=3 SRCS=no/such/mm.c " ] ||
    fail "drop_caller_env (tools/caller-env.sh) left '$by_hand' of the caller's variables; a check goal leaves '$out', and SRCS was to be kept"
# So does every check script that starts make (a make in a comment line
# starts none), or it says, naming drop_caller_env, why not: run by hand, as
# its header shows, it would pass the caller's variables to the makes and
# binaries it runs. check-dropin.sh did: with HALLOC_FUZZ_USABLE=off
# exported, its planted bug's replay line carried it and the check failed.
# shellcheck disable=SC2016 # a regex: the $ are the scripts' own
starts_make='(^[[:space:]]*|\$\(|[;&|][[:space:]]*|\([[:space:]]*)(make|"\$MAKE"|\$MAKE|"\$\{MAKE[^}]*\}"|\$\{MAKE[^}]*\}) '
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git ls-files '*.sh'; else find . -name '*.sh' | sed 's|^\./||'; fi |
    grep -E '(^|/)check[^/]*\.sh$|-test\.sh$' >"$tmp/scripts"
[ -s "$tmp/scripts" ] || fail "found no check script: run it from the top of the tree"
missing=$(while read -r f; do
    grep -vE '^[[:space:]]*#' "$f" | grep -qE "$starts_make" && ! grep -q drop_caller_env "$f" && echo "$f"
done <"$tmp/scripts")
[ -z "$missing" ] || fail "these check scripts start make without drop_caller_env (tools/caller-env.sh; or a comment naming it that says why not): $missing"
# The caller's make -s reaches the makes a check starts, silencing the build
# lines some checks read (make -s fuzz-check-lab-batch failed on them):
# make_not_silent (tools/makeflags.sh) drops it, keeping the other flags,
# and every check script that reads those lines calls it.
# shellcheck disable=SC2016 # a script for sh -c: its $ are make's, passed on
loud='make --no-print-directory --eval "probe-loud: ; \$(call quiet,CC,probe)true" probe-loud'
silenced=$(MAKEFLAGS=ks sh -c "$loud" 2>&1)
[ -z "$silenced" ] || fail "make's -s in MAKEFLAGS no longer silences the build lines: '$silenced'; this check shows nothing"
loud_out=$(MAKEFLAGS=ks sh -c '. tools/makeflags.sh; make_not_silent; make_flag k && '"$loud" 2>&1)
[ "$loud_out" = "  CC     probe" ] ||
    fail "after make_not_silent under MAKEFLAGS=ks a make printed '$loud_out', not its build line '  CC     probe' (or -k was lost)"
reads_cc='^\s*[^#].*[\x27"]\^?  CC '
missing=$(while read -r f; do
    grep -qP "$reads_cc" "$f" && ! grep -q make_not_silent "$f" && echo "$f"
done <"$tmp/scripts")
[ -z "$missing" ] || fail "these check scripts read the build's CC lines without make_not_silent (tools/makeflags.sh): $missing"
# (Files that exist: any other goal refuses SRCS naming none.)
out=$(TARGET=fuzz/adapters/malloclab.c SRCS=examples/malloclab/mm.c FUZZ_HEAP=4096 SEEDS=corpus probe env-probe)
[ "$out" = "CFLAGS=-DCALLER FUZZ_CHECK_TIME=3 FUZZ_HEAP=4096 HALLOC_FUZZ_STATS=1 HALLOC_FUZZ_USABLE=off SRCS=examples/malloclab/mm.c TARGET=fuzz/adapters/malloclab.c " ] ||
    fail "another goal's recipe lost the caller's variables: '$out'"
# A real suite: with SRCS, TARGET or SEEDS naming no file, make refused it before this.
out=$(make --no-print-directory -n fuzz-check-replay 2>&1) || fail "make -n fuzz-check-replay: $out"
# No C or C++ source reads HALLOC_* with a raw getenv (an empty value would be
# "set" there, "unset" in hl_env's other readers): tools/raw-env-reads.sh,
# first shown on a scratch tree to name such reads, and only those: the
# literal, a name in a variable and a call split over lines (sub/raw.c lines
# 2-5); hl_env, an AFL_* getenv, a comment and a variable read its allow
# list names (with a reason) pass. An entry with no reason, or one that names
# no read, fails.
mkdir -p "$tmp/planted/sub"
printf '%s\n' '#include <stdlib.h>' 'const char *a(void) { return getenv("HALLOC_PLANTED"); }' \
    'const char *b(void) { return secure_getenv ( "HALLOC_PLANTED_TOO"); }' \
    'const char *c(const char *name) { return getenv(name); }' \
    'const char *d(void) { return getenv(' '    "HALLOC_SPLIT"); }' >"$tmp/planted/sub/raw.c"
printf '%s\n' '/* getenv("HALLOC_IN_A_COMMENT") is no read */' 'const char *c(void) { return hl_env("HALLOC_FINE"); }' \
    'const char *d(void) { return getenv("AFL_DEBUG_CHILD"); }' \
    'const char *e(const char *name) { return getenv(name); } /* allowed */' >"$tmp/planted/fine.c"
printf '%s\n' '# planted' 'fine.c | getenv(name); } /* allowed | a planted read that is right' >"$tmp/allow"
planted=$(tools/raw-env-reads.sh "$tmp/planted" "$tmp/allow")
rc=$?
{ [ "$rc" = 1 ] && [ "$(printf '%s\n' "$planted" | grep -c '^sub/raw\.c:[2345]:')" = 4 ] &&
    ! printf '%s\n' "$planted" | grep -q '^fine\.c:'; } ||
    fail "tools/raw-env-reads.sh on a tree with four raw reads in sub/raw.c (lines 2-5: two literals \"HALLOC_...\", a variable, a split call) and none unlisted in fine.c: exit $rc (expected 1) and not exactly those four named: $planted"
printf '%s\n' 'fine.c | getenv(name); } /* allowed |' >"$tmp/allow-no-reason"
printf '%s\n' 'fine.c | getenv(name); } /* allowed | right' 'fine.c | getenv(gone) | a read since removed' >"$tmp/allow-stale"
for bad in no-reason:"each needs its reason" stale:"no source has any more"; do
    out=$(tools/raw-env-reads.sh "$tmp/planted" "$tmp/allow-${bad%%:*}") &&
        fail "tools/raw-env-reads.sh passed with an allow list whose entry has ${bad%%:*}: $out"
    case $out in *"${bad#*:}"*) ;; *) fail "tools/raw-env-reads.sh with a ${bad%%:*} allow entry did not say '${bad#*:}': $out" ;; esac
done
tree=$(tools/raw-env-reads.sh) || fail "$tree"
# A variable given on the command line whose name is one make reads but for
# case, '_' or '-' stops make, naming it (tools/misspelt-vars.mk): make fuzz
# FUZZTIME=60 fuzzed with no limit. The right names, a value's own '='
# after a blank, and the environment's look-alike (C_FLAGS) pass.
spelt() { make --no-print-directory --eval 'check-spelt-probe: ; @:' check-spelt-probe "$@" 2>&1; }
for given_meant in FUZZTIME=3:FUZZ_TIME target=x.c:TARGET Fuzz-Keep-Going=1:FUZZ_KEEP_GOING time-out=5:TIMEOUT; do
    given=${given_meant%:*}
    out=$(spelt "$given") && fail "make $given passed: $out"
    case $out in *"${given%%=*}= on the command line sets no variable this build reads: give ${given_meant#*:}="*) ;;
    *) fail "make $given did not name ${given_meant#*:}: $out" ;; esac
done
out=$(C_FLAGS=-O2 spelt FUZZ_TIME=3 CFLAGS='-O1 -DX=1 -Dtarget=1' V=1) ||
    fail "make with rightly spelt variables (and C_FLAGS in the environment) failed: $out"
stamps_after=$(cat "$real_stamps"/* 2>/dev/null | cksum)
[ "$stamps_after" = "$stamps_before" ] || fail "the flags stamps in $real_stamps changed while this check ran: its makes must write $tmp/build's"
echo "check-caller-env: a check goal drops the caller's HALLOC_* and fuzzing variables, and so does a check script run by hand (each that starts make calls drop_caller_env); other goals keep them; a caller's make -s does not silence the build lines a check reads (make_not_silent); no C source reads HALLOC_* with a raw getenv, by literal, variable or split call (planted ones are named; an allow list needs reasons); a misspelt variable on make's command line is named"
