#!/bin/sh
# check-make-vars.sh: the make variables that select what is fuzzed are
# checked before anything builds (a misspelt SRCS, an unknown MM_API), and
# the replay command make prints carries every one of them, so a crash is
# replayed on the allocator that produced it.
set -u
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# A failure here waits for the steps run beside (below) and prints their
# logs, as their own failures are printed. (In a step, where no steps were
# started, lanes_join does nothing and the step ends.)
fail() {
    echo "fuzz-check-make-vars FAILED: $*"
    lanes_join || :
    exit 1
}
# Each make below must see only the variables it names: the caller's (make
# check FROM_EMPTY=1, FUZZ_KEEP_GOING=1 in the environment) reach it through
# MAKEFLAGS and the environment, and change what it prints or refuses. Those
# in the environment are the ones make drops for a check goal, dropped here
# too for a run by hand (FUZZ_TOOL is this script's own input). BUILD stays:
# the builds below go where the caller's do (make fuzz-check-make-vars
# BUILD=dir leaves build/ alone), and the paths make prints are checked
# under it.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS
BUILD=${BUILD:-build}
export BUILD
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TOOL
lab="TARGET=fuzz/adapters/malloclab.c"
# The checks that build binaries (check-make-vars-builds.sh) and make
# fuzz-afl's runner over stand-ins for afl-fuzz and the replay
# (check-afl-stand-in.sh, which mostly waits on their sleeps and its poll
# for a crash) run beside the rest, which mostly waits on sleeps and
# timeouts: three steps at once (lanes.sh), their logs printed at the end.
# shellcheck source=fuzz/scripts/check-make-vars-builds.sh
. fuzz/scripts/check-make-vars-builds.sh
. fuzz/scripts/quote.sh # word_of, replay_build_word
logs=$BUILD/fuzz-check-make-vars
rm -rf "$logs"
lanes_beside fuzz-check-make-vars "$logs" 3 afl-stand-in fuzz/scripts/check-afl-stand-in.sh \
    heap-cxx heap_cxx deps-gnu deps_gnu
# The lines make prints are checked under a BUILD outside the tree, as a
# user's make fuzz BUILD=/elsewhere prints them (a replay line expected
# without its BUILD= word failed there alone). make -n writes nothing in it;
# the build lanes above and trace-tool stay in the caller's BUILD.
FUZZ_TOOL=${FUZZ_TOOL:-$BUILD/fuzz/trace-tool}
printed=$(mktemp -d) || fail "mktemp"
BUILD=$printed/build

# expect_error "VARS" TEXT: make with VARS stops with status 2 and TEXT.
expect_error() {
    out=$(eval "make --no-print-directory -n fuzz $1" 2>&1)
    rc=$?
    [ "$rc" = 2 ] || fail "make fuzz $1: exit $rc, expected 2; it printed: $out"
    case "$out" in *"$2"*) ;; *) fail "make fuzz $1: no '$2' in: $out" ;; esac
}
expect_error "$lab SRCS='examples/malloclab/mm.c no/such/mm.c'" \
    "SRCS names no/such/mm.c, which does not exist"
expect_error "$lab SRCS=no/such/mm.c" "SRCS names no/such/mm.c, which does not exist"
# Every file missing named at once, each word: "names a b, which does not exist" read as one.
expect_error "$lab SRCS='no/such/mm.c examples/malloclab/mm.c no/such/memlib.c'" \
    "SRCS names no/such/mm.c, no/such/memlib.c, none of which exists"
expect_error "$lab SRCS=examples/malloclab/mm.c MM_API=chekced" "MM_API='chekced' is not an interface"
expect_error "$lab" "name its sources, e.g. SRCS=path/to/mm.c"
expect_error "TARGET=no/such/adapter.c" "TARGET=no/such/adapter.c does not exist"
# A : or % in TARGET or SRCS, a rule's colon or a pattern to make ("target pattern
# contains no '%'"), and a # = or ; (a comment, an assignment, a recipe's start),
# refused up front, naming each such word and the safe characters. An adapter
# that exists, given a NAME= past the build name's check, got "missing separator".
expect_error "TARGET=my:dir/adapter.c" "TARGET=my:dir/adapter.c holds one of : % # = ; (to make a rule's colon"
special=$(mktemp -d) || fail "mktemp"
for ch in '#' '=' ';'; do
    cp fuzz/adapters/halloc.c "$special/a${ch}b.c" || fail "cannot copy an adapter into $special"
    expect_error "NAME=x TARGET='$special/a${ch}b.c'" "TARGET=$special/a${ch}b.c holds one of : % # = ; (to make a rule's colon"
done
rm -rf "$special"
expect_error "$lab SRCS='examples/malloclab/mm.c my%lab/mm.c a:b.c a#b.c a=b.c a;b.c'" \
    "SRCS names my%lab/mm.c, a:b.c, a#b.c, a=b.c, a;b.c, with one of : % # = ; (to make a rule's colon, a pattern, a comment, an assignment or a recipe's start); copy or link the file to a path without them (letters, digits and _ . + - / are safe)"
# The flags and objects make compiles each build with: a script of their own.
fuzz/scripts/check-make-vars-objects.sh || fail "the flags and objects of a build (above)"

# libFuzzer would take these as no limit and one job.
expect_error "FUZZ_TIME=abc" "FUZZ_TIME='abc' is not a whole number of seconds"
expect_error "FUZZ_TIME=0" "FUZZ_TIME='0' is not a whole number of seconds"
expect_error "JOBS=two" "JOBS='two' is not a whole number"
# make replay's TIMEOUT= is its -t: the tool's refusal named -t, not the variable.
expect_error "TIMEOUT=abc" "TIMEOUT='abc' is not a whole number of seconds from 0 to 86400"
expect_error "TIMEOUT=-1" "TIMEOUT='-1' is not a whole number of seconds from 0 to 86400"
# The tools' most (fuzz/replay-args.h) is make's: 86401 passed make, and replay's -t refused it.
expect_error "TIMEOUT=86401" "TIMEOUT='86401' is not a whole number of seconds from 0 to 86400"
out=$(make --no-print-directory -n fuzz TIMEOUT=86400 2>&1) || fail "make -n fuzz TIMEOUT=86400, the tools' most, was refused: $out"
expect_error "FUZZ_KEEP_GOING=yes" "FUZZ_KEEP_GOING='yes' means nothing"
expect_error "fuzz-parse FUZZ_KEEP_GOING=1" "make fuzz-parse and make fuzz-hardening stop at their first crash"
expect_error "fuzz-hardening FUZZ_KEEP_GOING=1" "make fuzz-parse and make fuzz-hardening stop at their first crash"
# libFuzzer's process dies with a crash: FUZZ_KEEP_GOING=1 runs its fork
# mode, told to fuzz on past crashes, and builds the replay that reports the
# first (check-libfuzzer-report.sh runs it).
out=$(make --no-print-directory -n fuzz FUZZ_KEEP_GOING=1 2>&1) || fail "make -n fuzz FUZZ_KEEP_GOING=1 failed: $out"
case "$out" in *"FUZZ_KEEP_GOING_REPLAY=$BUILD/fuzz/halloc/replay-cc fuzz/scripts/libfuzzer.sh "*"-fork=1 -ignore_crashes=1 "*) ;;
*) fail "make fuzz FUZZ_KEEP_GOING=1 does not run libFuzzer's fork mode past crashes with the replay to report: $out" ;; esac
# make fuzz-threads runs make fuzz's run (fuzz_libfuzzer_run): the same three variables honoured.
out=$(make --no-print-directory -n fuzz-threads-run TARGET=fuzz/adapters/halloc-threads.c FUZZ_KEEP_GOING=1 JOBS=2 \
    FROM_EMPTY=1 2>&1) || fail "make -n fuzz-threads-run FUZZ_KEEP_GOING=1 JOBS=2 FROM_EMPTY=1 failed: $out"
corpus=$BUILD/fuzz-work/halloc-threads/threads-corpus-from-empty
# shellcheck disable=SC2140 # the backslash-newline joins two quoted halves of one pattern
case "$out" in *"rm -rf $corpus && mkdir -p $corpus"*"FUZZ_KEEP_GOING_REPLAY=$BUILD/fuzz/halloc-threads/threads-replay-thread"\
" FUZZ_SAVED_PREFIX=threads- fuzz/scripts/libfuzzer.sh "*" -fork=2 -ignore_crashes=1 $corpus"*) ;;
*) fail "make fuzz-threads ignores FROM_EMPTY=1, JOBS=2 or FUZZ_KEEP_GOING=1 (no emptied $corpus, fork mode past" \
    "crashes with the threaded replay to report): $out" ;; esac

# The replay line of make fuzz (printed when libFuzzer fails) names them all,
# SAN too when not the default (a replay without it built with the default
# sanitizer; the default one, left out, is the BUILD=dir case's below).
san='-fsanitize=address -fno-omit-frame-pointer'
out=$(make --no-print-directory -n fuzz $lab SRCS=examples/malloclab/mm.c MM_API=checked CFLAGS='-DBUG_X -O1' SAN="$san" 2>&1) ||
    fail "make -n fuzz with a lab mm.c failed: $out"
want="make replay $lab SRCS='examples/malloclab/mm.c' MM_API=checked CFLAGS='-DBUG_X -O1' SAN='$san'$(replay_build_word)"
[ "$(word_of "$out" fuzz/scripts/libfuzzer.sh 3)" = "$want" ] ||
    fail "the printed replay line is not '$want' (each of these selects the build a replay must rebuild): $out"
# A CFLAGS holding quotes, two blanks and a $ (a string macro, -DNAME='"x  y"'),
# and an adapter whose path holds a quote: the replay line make fuzz,
# fuzz-afl and fuzz-sweep hand on, pasted into sh, gives make that CFLAGS
# and TARGET back as they were given, $$ and all (it was CFLAGS='$(CFLAGS)'
# in double quotes: the line broke at the first quote; TARGET was bare). (A
# space in TARGET breaks make's own lists of prerequisites first.) The two
# blanks stay two (a $(strip) of the line made them one: another macro).
given="-DNAME='\"x  y\"' -DAT=\$\$HOME -O1"
odd=$(mktemp -d) || fail "mktemp"
adapter="$odd/it's.c"
cp fuzz/adapters/halloc.c "$adapter" || fail "cp fuzz/adapters/halloc.c $adapter"
# given_back LINE VAR: VAR's value in LINE, pasted into sh.
given_back() { (var=$2 && eval "set -- $1" && for w; do case $w in "$var="*) printf '%s' "${w#"$var="}" ;; esac; done) 2>/dev/null; }
# A user's own seeds (SEEDS, below; ADAPTERS.md's calloc at a threshold):
# make fuzz and fuzz-afl hand each word to seed.sh as given, a pattern it
# expands, after --.
printf 'version 6\nmalloc 0 2048\nfree 0\ncalloc 1 4 512\n' >"$odd/seed-good.txt"
printf 'version 6\nmalloc 0 2048\nfree 0\ncalloc 1 4 zz\n' >"$odd/seed-bad.txt"
for goal in "fuzz fuzz/scripts/libfuzzer.sh 3" "fuzz-afl fuzz/scripts/afl.sh 6" "fuzz-sweep -R 1"; do
    # shellcheck disable=SC2086 # the goal, the program and the word's place: three words
    set -- $goal
    seeds="SEEDS=$odd/seed-g*.txt"
    [ "$1" != fuzz-sweep ] || seeds="" # it takes none (refused: below)
    out=$(make --no-print-directory -n "$1" NAME=check-quoted-cflags CFLAGS="$given" TARGET="$adapter" \
        ${seeds:+"$seeds"} 2>&1) || fail "make -n $1 CFLAGS=\"$given\" TARGET=\"$adapter\" failed: $out"
    [ -z "$seeds" ] || [ "$(word_of "$out" fuzz/scripts/seed.sh 6)" = "$odd/seed-g*.txt" ] ||
        fail "make $1 SEEDS='$odd/seed-g*.txt' does not hand seed.sh the pattern after --: $out"
    line=$(word_of "$out" "$2" "$3")
    got=$(given_back "$line" CFLAGS)
    [ "$got" = "$given" ] || fail "make $1 CFLAGS=\"$given\": its replay line, pasted into sh, gives CFLAGS='$got': $line"
    got=$(given_back "$line" TARGET)
    [ "$got" = "$adapter" ] || fail "make $1 TARGET=\"$adapter\": its replay line, pasted into sh, gives TARGET='$got': $line"
done
# The build's name is a folder in make's targets and recipes, unquoted: a
# blank made two targets ("No rule to make target 'fuzz-built-a'"), a quote
# broke each recipe (mkdir -p crashes/it's). Given or made from an adapter's
# folder, it is refused up front, as is an adapter whose path has a blank
# (make splits its prerequisites there: "TARGET=... does not exist").
expect_error "NAME='a b'" "NAME='a b' holds a character make's targets and recipes cannot take; give NAME= only letters"
expect_error "NAME=\"it's\"" "NAME='it's' holds a character"
# A % is a pattern to make: "target pattern contains no '%'" at best.
expect_error "NAME='my%alloc'" "NAME='my%alloc' holds a character"
expect_error "TARGET=\"$adapter\"" "the build's name 'it's-"
# A fuzzing variable exported for other tools (packaging scripts set
# NAME='John Smith', cross builds TARGET=x86_64-linux-gnu) stops only a goal
# that reads the fuzzing variables: make demo stopped on each (and a NAME
# with a : never parsed); make fuzz says which one and where it came from.
# demo sees them all at once, fuzz each alone (fuzz_vars_checked).
exported="TARGET=x86_64-linux-gnu SRCS=no/such/mm.c JOBS=two TIMEOUT=soon"
for name in 'John Smith' 'x:y'; do
    # shellcheck disable=SC2086 # $exported: one VAR=value a word
    out=$(env NAME="$name" $exported make --no-print-directory -n demo 2>&1) ||
        fail "make -n demo with NAME='$name' $exported in the environment failed, though demo reads none: $out"
done
# expect_env_refused VAR VALUE TEXT [GOAL [VAR=VALUE...]]: make -n GOAL (fuzz)
# with VAR=VALUE exported, and the other VAR=VALUE, which GOAL does not read,
# names VAR and says where from.
expect_env_refused() {
    var=$1 value=$2 text=$3 goal=${4:-fuzz}
    shift 3 && shift $(($# > 0))
    out=$(env "$@" "$var=$value" make --no-print-directory -n "$goal" 2>&1) &&
        fail "make -n $goal took $var='$value' from the environment: $out"
    case "$out" in *"$text (from the environment)"*"; or unset $var"*) ;;
    *) fail "make -n $goal with $* $var='$value' in the environment did not name $var as from there ('$text (from the environment)'): $out" ;; esac
}
expect_env_refused NAME 'x:y' "NAME='x:y'"
expect_env_refused TARGET x86_64-linux-gnu "TARGET=x86_64-linux-gnu"
expect_env_refused SRCS no/such/mm.c "SRCS names no/such/mm.c"
expect_env_refused JOBS two "JOBS='two'"
expect_env_refused TIMEOUT soon "TIMEOUT='soon'" replay-threads
# A run's variable is refused only by a goal that reads it: make replay
# reads no JOBS, FUZZ_TIME nor SEEDS; make fuzz-sweep FUZZ_KEEP_GOING, not JOBS.
out=$(env JOBS=two FUZZ_TIME=abc SEEDS=no/such make --no-print-directory -n replay CRASH=corpus/split.txt 2>&1) ||
    fail "make -n replay refused JOBS, FUZZ_TIME or SEEDS from the environment, which it does not read: $out"
expect_env_refused FUZZ_KEEP_GOING x "FUZZ_KEEP_GOING='x'" fuzz-sweep JOBS=two
# A saved input named with a quote of each kind and a blank reaches the
# replays, make minimize and make fuzz-parse as one word, and their "say
# which input" test takes it (test -n "$(CRASH)": an open quote, every
# recipe broken; minimize.sh and the parse fuzzer got it bare, split).
crash="$odd/it's \"q.txt"
# crash_given GOAL MARK N: in make -n GOAL's commands, the test runs and the
# Nth word after MARK (word_of), or with N=last the last of its line, is CRASH.
crash_given() {
    out=$(make --no-print-directory -n "$1" CRASH="$crash" 2>&1) || fail "make -n $1 CRASH=\"$crash\" failed: $out"
    check=$(printf '%s\n' "$out" | grep -m1 '^test -n ')
    [ -z "$check" ] || sh -c "$check" >/dev/null 2>&1 || fail "make $1 CRASH=\"$crash\": its test for a CRASH failed: $check"
    if [ "$3" = last ]; then
        got=$( (eval "set -- $(printf '%s\n' "$out" | grep -m1 -F -- "$2")" && eval "printf '%s' \"\${$#}\"") 2>/dev/null)
    else
        got=$(word_of "$out" "$2" "$3")
    fi
    [ "$got" = "$crash" ] ||
        fail "make $1 CRASH=\"$crash\": the command was not given it as one word: $(printf '%s\n' "$out" | grep -m1 -F -- "$2")"
}
crash_given replay "replay-cc -v" 2
crash_given replay-threads "threads-replay-thread " 2
crash_given minimize fuzz/scripts/minimize.sh 3
crash_given fuzz-parse "parse-fuzz -" last
# A crash another build saved, replayed or minimised without that build's
# variables, runs on this build's allocator: each goal says so; the build that saved it does not.
for goal in replay minimize replay-threads; do
    out=$(make --no-print-directory -n $goal CRASH=crashes/other-build/crash-1 2>&1) || fail "make -n $goal CRASH=crashes/other-build/crash-1 failed: $out"
    case "$out" in *"$goal: note: crashes/other-build/crash-1 was saved by build other-build, and this runs build halloc"*) ;;
    *) fail "make $goal of crashes/other-build/crash-1 on build halloc does not name the build that saved it: $out" ;; esac
    out=$(make --no-print-directory -n $goal NAME=other-build CRASH=crashes/other-build/crash-1 2>&1)
    case "$out" in *"note:"*) fail "make $goal NAME=other-build of that build's own crash printed a note: $out" ;; esac
done
cp fuzz/adapters/halloc.c "$odd/my adapter.c" || fail "cp fuzz/adapters/halloc.c to $odd"
expect_error "TARGET='$odd/my adapter.c'" "TARGET path has a space: '$odd/my adapter.c': make cannot list it as a prerequisite"
expect_error "$lab SRCS='examples/malloclab/mm.c $odd/my adapter.c'" "SRCS path has a space: '$odd/my adapter.c': make splits SRCS"
# seed.sh converts a text seed into the run's seeds folder and corpus; a
# malformed one is refused at its line and nothing is seeded; a word naming
# nothing is refused, by make before anything builds, as is one with a blank.
trace_tool=$FUZZ_TOOL
work=$odd/work
out=$(fuzz/scripts/seed.sh "$trace_tool" "$work" -- "$odd/seed-g*.txt" 2>&1) || fail "seed.sh -- '$odd/seed-g*.txt': $out"
want=$("$trace_tool" to-text "$odd/seed-good.txt")
for to in seeds corpus; do
    set -- "$work/$to"/*
    { [ $# = 1 ] && [ "$("$trace_tool" to-text "$1")" = "$want" ]; } ||
        fail "seed.sh -- '$odd/seed-g*.txt': $work/$to does not hold seed-good.txt converted, but: $*"
done
rm -rf "$work"
out=$(fuzz/scripts/seed.sh "$trace_tool" "$work" -- "$odd/seed-g*.txt" "$odd/seed-bad.txt" 2>&1) &&
    fail "seed.sh took the malformed $odd/seed-bad.txt: $out"
case "$out" in *"$odd/seed-bad.txt:4: bad calloc"*"SEEDS: $odd/seed-bad.txt refused (above)"*) ;;
*) fail "seed.sh did not refuse $odd/seed-bad.txt at its line 4: $out" ;; esac
[ -z "$(find "$work/seeds" "$work/corpus" -type f)" ] || fail "a refused seed left others seeded: $(find "$work" -type f)"
out=$(fuzz/scripts/seed.sh "$trace_tool" "$work" -- "$odd/no-such*.txt" 2>&1) && fail "seed.sh took a missing seed: $out"
case "$out" in *"SEEDS names $odd/no-such*.txt, which is no file"*) ;; *) fail "seed.sh did not name a missing seed: $out" ;; esac
expect_error "SEEDS='$odd/seed-good.txt $odd/no-such*.txt'" "SEEDS names $odd/no-such*.txt, which is no file, folder or pattern"
# Every word naming nothing is named at once, not one per try.
expect_error "SEEDS='$odd/no-such-a.txt $odd/seed-good.txt $odd/no-such*.txt'" \
    "SEEDS names $odd/no-such-a.txt, $odd/no-such*.txt, none of them a file, folder or pattern"
# A pattern with a blank is one too (not its first word missing).
expect_error "SEEDS='$odd/my ad*.c'" "SEEDS path has a space: '$odd/my ad*.c': make splits SEEDS"
expect_error "SEEDS='$odd/seed-good.txt' FROM_EMPTY=1" "SEEDS and FROM_EMPTY=1 ask for opposites"
expect_error "fuzz-threads SEEDS='$odd/seed-good.txt'" \
    "SEEDS is for make fuzz, fuzz-fast and fuzz-afl, not make fuzz-threads: it takes its own seeds' format"
expect_error "fuzz-sweep SEEDS='$odd/seed-good.txt'" \
    "SEEDS is for make fuzz, fuzz-fast and fuzz-afl, not make fuzz-sweep: it runs a fixed grid"
# SEEDS_ONLY=1: those seeds alone (no corpus/), in a corpus of their own emptied first.
expect_error "SEEDS_ONLY=yes" "SEEDS_ONLY='yes' means nothing"
expect_error "SEEDS_ONLY=1" "SEEDS_ONLY=1 seeds from SEEDS alone, and SEEDS is empty"
out=$(make --no-print-directory -n fuzz SEEDS="$odd/seed-good.txt" SEEDS_ONLY=1 2>&1) || fail "make -n fuzz SEEDS_ONLY=1 failed: $out"
only=$BUILD/fuzz-work/halloc/seeds-only
case "$out" in *"rm -rf $only/seeds $only/corpus"*"fuzz/scripts/seed.sh $BUILD/fuzz/trace-tool $only  -- '$odd/seed-good.txt'"*\
"fuzz/scripts/libfuzzer.sh "*" $only/corpus"*) ;;
*) fail "make fuzz SEEDS_ONLY=1 does not seed a fresh $only/corpus from SEEDS alone: $out" ;; esac
# A C++ allocator's link hands CXXFLAGS and FUZZ_CXX to cxx-link.sh each as
# one shell word, blanks and quotes kept (a $(strip) made a string macro's
# two blanks one, a quote ended its '...'), and cxx-link.sh gives the C++
# driver CXXFLAGS as the shell reads it: run over a stand-in driver named
# with a quote and a space, which lists its arguments.
mkdir "$odd/it's c" || fail "mkdir in $odd"
cxx="$odd/it's c/c++"
# shellcheck disable=SC2016 # the stand-in driver's own script: its $ expands when it runs
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"${0%%/*}/args"\nwhile [ $# -gt 1 ]; do [ "$1" = -o ] && : >"$2"; shift; done\n' >"$cxx"
chmod +x "$cxx"
given="-DS='\"a  b\"' -O1"
out=$(make --no-print-directory -n -B "$odd/b/fuzz/check-cxx-quoted/replay-cc" BUILD="$odd/b" NAME=check-cxx-quoted \
    TARGET=fuzz/selftest/cxx-adapter.c SRCS=fuzz/selftest/cxx-alloc.cc CXXFLAGS="$given" FUZZ_CXX="$cxx" 2>&1) ||
    fail "make -n of a C++ allocator's replay with CXXFLAGS=\"$given\" failed: $out"
cmd=$(printf '%s\n' "$out" | grep -m1 -F 'fuzz/scripts/cxx-link.sh')
sh -c "$cmd" >/dev/null 2>&1 || fail "the link of a C++ allocator over a stand-in C++ driver failed: $cmd"
grep -qxF -- '-DS="a  b"' "$odd/it's c/args" ||
    fail "make CXXFLAGS=\"$given\" FUZZ_CXX=\"$cxx\": the C++ compile did not get -DS=\"a  b\" as one word: $cmd"
rm -rf "$odd"
# A bug switch names a build of its own (bug 3's crashes sat in bug 4's
# crashes/ and corpus): each -D and -U of CFLAGS is in the default name,
# NAME= still wins, and the replay of the line above builds that one.
for cflags in "-DBUG=3|halloc-BUG-3" "-DBUG=4 -O1 -UX|halloc-BUG-4-no-X" "-O1|halloc"; do
    out=$(make --no-print-directory -n fuzz CFLAGS="${cflags%|*}" 2>&1) || fail "make -n fuzz CFLAGS='${cflags%|*}' failed: $out"
    n=${cflags#*|}
    case "$out" in *"fuzz: $n: corpus $BUILD/fuzz-work/$n/corpus, crashes in crashes/$n/"*) ;;
    *) fail "make fuzz CFLAGS='${cflags%|*}' does not fuzz as build $n (corpus and crashes/ its own): $out" ;; esac
done
out=$(make --no-print-directory -n fuzz CFLAGS=-DBUG=3 NAME=mine 2>&1) || fail "make -n fuzz NAME=mine failed: $out"
case "$out" in *"crashes in crashes/mine/"*) ;; *) fail "NAME=mine with CFLAGS=-DBUG=3 does not save to crashes/mine/: $out" ;; esac
out=$(make --no-print-directory -n replay CFLAGS=-DBUG=3 CRASH=/dev/null 2>&1) || fail "make -n replay CFLAGS=-DBUG=3 failed: $out"
case "$out" in *"$BUILD/fuzz/halloc-BUG-3/replay-cc -v "*" '/dev/null'"*) ;; # CRASH quoted for sh (fuzz_quoted)
*) fail "make replay CFLAGS=-DBUG=3 does not replay with build halloc-BUG-3's binary: $out" ;; esac
# So does a HALLOC_FUZZ_* switch the run had: without it the replay checks
# another set of oracles and stops elsewhere.
out=$(HALLOC_FUZZ_ALLOCATOR_CHECK=off make --no-print-directory -n fuzz $lab SRCS=examples/malloclab/mm.c 2>&1) ||
    fail "make -n fuzz with HALLOC_FUZZ_ALLOCATOR_CHECK=off failed: $out"
want="make replay $lab SRCS='examples/malloclab/mm.c' HALLOC_FUZZ_ALLOCATOR_CHECK='off'$(replay_build_word)"
[ "$(word_of "$out" fuzz/scripts/libfuzzer.sh 3)" = "$want" ] || fail "the printed replay line is not '$want': $out"

# Runs of different allocators started at once share $BUILD/fuzz/trace-tool
# and may both build it, and two runs of one allocator seed one corpus: no
# file is written where another run may be executing or reading it.
tool=$BUILD/fuzz/trace-tool
out=$(make --no-print-directory -n -B "$tool" 2>&1) || fail "make -n $tool failed: $out"
case " $(echo "$out" | tr '\n' ' ') " in *" -o $tool "*)
    fail "$tool is linked in place, where a concurrent make fuzz may be running it: $out" ;;
esac
case "$out" in *"mv -f $tool."*" $tool"*) ;; *) fail "trace-tool not renamed into place: $out" ;; esac
dir=$(mktemp -d) || fail "mktemp"
# shellcheck disable=SC2016 # the stand-in tool's own script: its $ expands when it runs
printf '#!/bin/sh\necho "$3" >>"%s/written"\n: >"$3"\n' "$dir" >"$dir/tool"
chmod +x "$dir/tool"
fuzz/scripts/seed.sh "$dir/tool" "$dir/work" corpus >/dev/null 2>&1 || fail "seed.sh with a stand-in tool failed"
# shellcheck disable=SC2012 # counting files whose names are ours (seed names, corpus/*.txt)
[ "$(ls "$dir/work/seeds" | wc -l)" = "$(ls corpus/*.txt | wc -l)" ] || fail "seed.sh did not write every seed"
if grep -q "^$dir/work/seeds/[^/]*$" "$dir/written"; then
    fail "seed.sh converts seeds in place, where another run may be reading them: $(head -n 1 "$dir/written")"
fi
leftover=$(find "$dir/work" -mindepth 1 -maxdepth 1 ! -name corpus ! -name seeds)
[ -z "$leftover" ] || fail "seed.sh left files behind: $leftover"
rm -rf "$dir"

# An allocator linked as a library (no SRCS) gets a name of its own: one
# adapter file over two libraries (or two users' adapter.c) must not share a
# build, a corpus and a crash directory. The shipped adapters keep theirs.
name_of() {
    make --no-print-directory -n fuzz-seed "$@" 2>&1 |
        awk -v w="$BUILD/fuzz-work/" '$1 == "fuzz/scripts/seed.sh" && index($3, w) == 1 { print substr($3, length(w) + 1) }'
}
liba=$(name_of TARGET=examples/teach/adapter.c LDLIBS=build/liba.a)
libb=$(name_of TARGET=examples/teach/adapter.c LDLIBS=build/libb.a)
{ [ -n "$liba" ] && [ "$liba" != "$libb" ]; } ||
    fail "one adapter linked with LDLIBS=build/liba.a and with build/libb.a shares the name '$liba'"
case "$liba" in adapter-examples_teach-*) ;; *) fail "a library adapter's name does not say its directory: $liba" ;; esac
[ "$(name_of TARGET=fuzz/adapters/jemalloc.c LDLIBS=-ljemalloc)" = jemalloc ] ||
    fail "the shipped jemalloc adapter is no longer named jemalloc"
# make fuzz-fast says which build it runs too (runs side by side tell apart).
out=$(make --no-print-directory -n fuzz-fast TARGET=fuzz/adapters/glibc.c 2>&1)
case "$out" in *"echo \"fuzz-fast: glibc: corpus $BUILD/fuzz-work/glibc/corpus, crashes in crashes/glibc/\""*) ;;
*) fail "make fuzz-fast does not say which build it runs: $out" ;; esac

# FROM_EMPTY=1 fuzzes a fresh, empty corpus: cleared first, never seeded.
expect_error "FROM_EMPTY=yes" "FROM_EMPTY='yes' means nothing"
out=$(make --no-print-directory -n fuzz FROM_EMPTY=1 2>&1) || fail "make -n fuzz FROM_EMPTY=1 failed: $out"
corpus=$BUILD/fuzz-work/halloc/corpus-from-empty
case "$out" in *"rm -rf $corpus && mkdir -p $corpus"*) ;;
*) fail "FROM_EMPTY=1 does not start from a cleared corpus: $out" ;; esac
echo "$out" | awk -v c="$corpus" '$(NF-1) == "-artifact_prefix=crashes/halloc/" && $NF == c { ok = 1 } END { exit !ok }' ||
    fail "FROM_EMPTY=1 does not give libFuzzer the empty corpus: $out"
if echo "$out" | grep -q "seed.sh"; then fail "FROM_EMPTY=1 still seeds the corpus: $out"; fi
# make fuzz-afl FROM_EMPTY=1 too: AFL++ given one input of a zero byte (it takes no empty
# directory) in an output directory of its own, emptied first.
out=$(make --no-print-directory -n fuzz-afl FROM_EMPTY=1 2>&1) || fail "make -n fuzz-afl FROM_EMPTY=1 failed: $out"
empty=$BUILD/fuzz-work/halloc/afl-from-empty
case "$out" in *"printf '\0' >$empty/seeds/one-zero-byte"*"FUZZ_AFL_FROM_EMPTY=1 fuzz/scripts/afl.sh"*" $empty/seeds $empty "*) ;;
*) fail "make fuzz-afl FROM_EMPTY=1 does not start AFL++ from one zero byte in an emptied $empty: $out" ;; esac
if echo "$out" | grep -q "seed.sh"; then fail "make fuzz-afl FROM_EMPTY=1 still seeds the corpus: $out"; fi
# BUILD=dir on make's command line: the fuzzer, the replay a run that keeps
# going reports with, trace-tool and the corpus are all under dir, none
# under the BUILD this check runs in, and the threaded replay is built to name dir in its advice.
b=$(mktemp -u)/b
out=$(make --no-print-directory -n fuzz "$b/fuzz/halloc/threads-replay-thread" FUZZ_KEEP_GOING=1 BUILD="$b" 2>&1) ||
    fail "make -n fuzz BUILD=$b failed: $out"
case "$out" in *" -DFUZZ_BUILD_DIR='\"$b\"' "*" fuzz/threads-replay.c "*) ;;
*) fail "make $b/fuzz/halloc/threads-replay-thread BUILD=$b: not built with -DFUZZ_BUILD_DIR='\"$b\"', so its advice names another build: $out" ;; esac
case "$out" in *"fuzz/scripts/seed.sh $b/fuzz/trace-tool $b/fuzz-work/halloc "*"FUZZ_KEEP_GOING_REPLAY=$b/fuzz/halloc/replay-cc \
fuzz/scripts/libfuzzer.sh $b/fuzz/halloc/libfuzzer "*" $b/fuzz-work/halloc/corpus"*) ;;
*) fail "make fuzz BUILD=$b: trace-tool, the seeds, the replay, the fuzzer or the corpus are not under $b: $out" ;; esac
case "$out" in *" $BUILD/"* | *"=$BUILD/"*) fail "make fuzz BUILD=$b still names $BUILD/: $out" ;; esac
# Its replay line carries BUILD (copied without it, it replayed build/'s binaries).
[ "$(word_of "$out" fuzz/scripts/libfuzzer.sh 3)" = "make replay BUILD='$b'" ] ||
    fail "make fuzz BUILD=$b: the printed replay line is not \"make replay BUILD='$b'\": $out"
# Under build/, the default, it names none.
out=$(make --no-print-directory -n fuzz BUILD=build 2>&1) || fail "make -n fuzz BUILD=build failed: $out"
[ "$(word_of "$out" fuzz/scripts/libfuzzer.sh 3)" = "make replay" ] ||
    fail "make fuzz BUILD=build: the printed replay line is not \"make replay\": $out"
# Nor do the sweep's line and make replay's own (exported for its reports'
# reproduce line), with no blank after them: their reports read "make
# replay  CRASH=...". make -n runs only the replay recipe's line naming
# $(MAKE), here a printenv of the line into a file.
sweep=$(make --no-print-directory -n fuzz-sweep BUILD=build 2>&1) || fail "make -n fuzz-sweep BUILD=build failed: $sweep"
[ "$(word_of "$sweep" -R 1)" = "make replay" ] ||
    fail "make fuzz-sweep BUILD=build: the replay line handed to the sweep is not \"make replay\": $(printf '%s\n' "$sweep" | grep -m1 -e ' -R ')"
replay_line=$(mktemp) || fail "mktemp"
make --no-print-directory -n replay CRASH=x BUILD=build MAKE="printenv HALLOC_FUZZ_REPLAY_LINE >$replay_line #" >/dev/null 2>&1
[ "$(cat "$replay_line")" = "make replay" ] ||
    fail "make replay BUILD=build: the replay line its reports print is '$(cat "$replay_line")', not 'make replay'"
rm -f "$replay_line"
# A run of halloc's default adapter that ends clean says that the cache is
# not in it (a bug planted in allocator/cache.c never fires there) and which
# adapter fuzzes it; a run of that adapter does not.
case "$out" in *'echo "fuzz: note: fuzz/adapters/halloc.c fuzzes halloc without its cache'*'TARGET=fuzz/adapters/halloc-cache.c fuzzes that'*) ;;
*) fail "a clean make fuzz of halloc does not say that its cache is fuzzed by halloc-cache.c: $out" ;; esac
out=$(make --no-print-directory -n fuzz-fast TARGET=fuzz/adapters/halloc-cache.c 2>&1)
case "$out" in *"fuzz: note: "*) fail "make fuzz-fast of halloc-cache.c says its cache is not fuzzed: $out" ;; esac

# The shipped jemalloc and mimalloc adapters link their library by themselves.
for lib in jemalloc mimalloc; do
    out=$(make --no-print-directory -n replay NAME=check-$lib TARGET=fuzz/adapters/$lib.c CRASH=x 2>&1)
    case "$out" in *"-l$lib -lpthread"*) ;; *) fail "make replay TARGET=fuzz/adapters/$lib.c does not link -l$lib: $out" ;; esac
done

# FUZZ_HEAP sets what create() is asked for, and the replay line carries it
# (check-make-vars-builds.sh heap-cxx); a malformed one is refused.
expect_error "FUZZ_HEAP=64k" "FUZZ_HEAP='64k' is not a byte count"
# FUZZ_ALLOC_SAN builds halloc's own sources alone with its sanitizers (their
# compile lines, not the harness's), and the replay line carries it; a build
# without halloc's sources is refused it. make check's halloc-cache-ubsan run
# (check-libfuzzer.sh) fuzzes such a build.
expect_error "TARGET=fuzz/adapters/glibc.c FUZZ_ALLOC_SAN=-fsanitize=undefined" \
    "FUZZ_ALLOC_SAN='-fsanitize=undefined' sets the sanitizers of halloc's own sources, which this build"
out=$(make --no-print-directory -n -B V=1 fuzz NAME=check-alloc-san TARGET=fuzz/adapters/halloc-cache.c \
    FUZZ_ALLOC_SAN='-fsanitize=undefined -fno-sanitize-recover=all' 2>&1) || fail "make -n fuzz FUZZ_ALLOC_SAN=... failed: $out"
case "$out" in *"make replay TARGET=fuzz/adapters/halloc-cache.c NAME=check-alloc-san FUZZ_ALLOC_SAN="*"-fsanitize=undefined -fno-sanitize-recover=all"*) ;;
*) fail "the replay line of make fuzz FUZZ_ALLOC_SAN=... lacks it: $(printf '%s\n' "$out" | grep libfuzzer.sh)" ;; esac
for f in allocator/cache.c fuzz/shadow.c; do
    line=$(printf '%s\n' "$out" | grep -- "-c $f -o" | head -n 1)
    case $f:$line in
    allocator/*:*" -fsanitize=undefined -fno-sanitize-recover=all -fsanitize=fuzzer "*) ;;
    fuzz/*:*" -fsanitize=address,undefined "*" -fsanitize=fuzzer "*) ;;
    *) fail "make fuzz FUZZ_ALLOC_SAN=...: $f is not compiled with the sanitizers it should be: ${line:-no compile line}" ;;
    esac
done

# How libfuzzer.sh ends a run, and what it re-prints of what stopped it,
# over a stand-in for libFuzzer: scripts of their own.
BUILD=$BUILD FUZZ_TOOL=$FUZZ_TOOL fuzz/scripts/check-libfuzzer-ends.sh || fail "libfuzzer.sh's ends of a run (above)"
fuzz/scripts/check-libfuzzer-stops.sh || fail "libfuzzer.sh's account of what stopped a run (above)"
# tools/ensure-deps names what it cannot install, or find: its own script.
tools/check-ensure-deps.sh || fail "ensure-deps (above)"
# A compiler named that is not a command is refused in ensure-deps' one line
# before anything builds (make fuzz CLANG=clang-99 ended on "/bin/sh: 1:
# clang-99: not found" deep in its build), for each goal's compiler variable.
for run in "fuzz CLANG=no-such-clang|CLANG=no-such-clang is not a command on PATH: give CLANG= a clang with libFuzzer" \
    "replay CRASH=x REPLAY_CC=no-such-cc|REPLAY_CC=no-such-cc is not a command on PATH" \
    "bench TARGET=fuzz/adapters/glibc.c CC=no-such-cc|CC=no-such-cc is not a command on PATH"; do
    args=${run%%|*}
    # shellcheck disable=SC2086 # the goal and its variables, one word each
    out=$(make --no-print-directory $args 2>&1)
    case "$out" in "ensure-deps: ${run#*|}"*) ;; *) fail "make $args: not refused in ensure-deps' line first: $out" ;; esac
done
# make -n check prints what it would do and does none of it (its suites run
# through tools/run-suites, a line make runs even under -n): no build, no
# FAILED, in seconds (a hang's guard: 60 s times the load per core).
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
guard_by_load 60
dir=$(mktemp -d) || fail "mktemp"
out=$(timeout "$guard_seconds" make --no-print-directory -n check BUILD="$dir/build" 2>&1)
rc=$?
[ "$rc" = 0 ] || fail "make -n check: exit $rc, expected 0; it printed: $out"
[ ! -e "$dir/build" ] || fail "make -n check wrote into BUILD: $(find "$dir/build" | head -5)"
case "$out" in *FAILED*) fail "make -n check reported a failure from a dry run: $out" ;; esac
case "$out" in *"--no-print-directory bench-selftest"*) ;; *) fail "make -n check did not print the suites' commands: $out" ;; esac
rm -rf "$dir"
rm -rf "$printed"
lanes_join || exit 1
echo "fuzz-check-make-vars: trace-tool and seeds written aside and renamed into place (concurrent runs); a library adapter named by its directory and LDLIBS; a second make fuzz or make fuzz-afl of one build refused while the first runs, naming the processes holding its lock; no process of an afl.sh run left after its time limit or a SIGINT; make fuzz-afl stopped at its first crash, which is replayed (a replay that passes followed by the report its instance logged for that input; an instance stopped while starting no abort), or at its first hang, or with FUZZ_KEEP_GOING=1 collecting crashes for all of its time, or on its target's HARNESS ERROR line (exit 2); an AFL++ instance that did not start named (its ABORT lines without colours, escaped), its old crashes not counted; a saved input that passes alone named as such, make minimize of one that does not crash alone said to be one, one that fails alone only sometimes named as chance with a replay line that repeats it, and an out-of-memory that passes alone blamed on memory kept between inputs, the mappings left named from a second run of it in one process (the first holds the runtime's), and one that fails only run twice said so; a fault between inputs said to be one; a leak at exit on the empty input explained; the harness's own stop (its HARNESS ERROR line) named as no finding; a failing engine's log tail (afl.sh's, bounded.sh's, merge.sh's) printed escaped; a fuzzer killed by a signal named, with the input it saved (its replay line a finding's, REPEAT too) or none, a ^C that cut off its status named as an interrupt, the saved input kept, and after FUZZ_KEEP_GOING=1 kept inputs; a missing TARGET file or SRCS files (each named, in one refusal), a TARGET or SRCS path with a blank, a : or a %, a build's name with a blank, a quote or a %, an unknown MM_API, a malformed FUZZ_TIME, JOBS, FROM_EMPTY or FUZZ_KEEP_GOING refused (one exported, a NAME, TARGET, SRCS or JOBS, only for a goal that reads it, said to be from the environment: make demo builds, make replay takes an exported JOBS, FUZZ_TIME or SEEDS it does not read, make fuzz-sweep names FUZZ_KEEP_GOING, not JOBS), FUZZ_KEEP_GOING=1 for make fuzz-parse or fuzz-hardening too; a user's own text seed (SEEDS, a pattern handed on by make fuzz and fuzz-afl) converted into the run's seeds and corpus, a malformed one refused at its line with nothing seeded, the words naming nothing refused before anything builds, all named in one refusal, and a pattern with a blank said to be one, with FROM_EMPTY=1, make fuzz-threads or make fuzz-sweep too, naming the goal; make fuzz and make fuzz-threads FUZZ_KEEP_GOING=1 run libFuzzer's fork mode past crashes (fuzz-threads JOBS and FROM_EMPTY too); SEEDS_ONLY=1 seeds a fresh corpus from SEEDS alone; FROM_EMPTY=1 fuzzes an empty, unseeded corpus (make fuzz-afl from one zero byte in an output directory of its own, its start line saying unseeded); a clean run of halloc's default adapter names the cache adapter; the jemalloc and mimalloc adapters link their library; FUZZ_HEAP reaches create() and the replay line; FUZZ_ALLOC_SAN reaches halloc's sources alone and the replay line, refused for a build without them; the replay line carries MM_API, CFLAGS, a SAN other than the default and a BUILD other than build and names the saved input; a CRASH with a blank and quotes given to replay, replay-threads, minimize and fuzz-parse as one word; a crash another build saved, given to replay, minimize or replay-threads, named with both builds; a SUMMARY in the sanitizer's own code followed by its caller, a sanitizer CHECK failure explained, a UBSan finding by its runtime error and its function (past a misaligned access's note and memory dump), a SEGV in libc's memset by the allocator's line that called it, a bad address's region and who allocated it re-printed, an allocator's abort() by its frame below abort (not the harness's chain()), a create() that failed by the harness's report alone, a timeout by the frame it was running, and one in a lock wait by the line that waits; a ThreadSanitizer lock finding (lock-order inversion, unlock of an unlocked mutex, thread leak) by the allocator's frame and a likely cause, a data race by each access's thread, mutexes held and the call that reached it, the call without a mutex named (and two without one said to share memory unlocked), not as a fault between inputs, and a TSan timeout waiting to join a stuck thread said so; ensure-deps re-checks after installing, and names a tool off PATH whose package is installed without running apt-get; a compiler named (CLANG, REPLAY_CC, CC) that is not a command refused in ensure-deps' one line before anything builds (make fuzz, replay, bench TARGET=...); make -n check runs nothing; a C++ allocator builds (for make bench too) and runs, its echoed command naming only the variables set, CXXFLAGS and FUZZ_CXX handed on as given (blanks and quotes kept) and CXXFLAGS read as the shell reads it; one in GNU C (typeof, asm) builds; an edited header rebuilds; make fuzz BUILD=dir builds, seeds and fuzzes under dir, its threaded replay built to name dir in its advice (this check builds under its own BUILD, and checks what make prints under a BUILD outside the tree)"
