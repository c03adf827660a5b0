# shellcheck shell=sh
# alone.sh, sourced by the runners (libfuzzer.sh, afl.sh): a crash whose
# saved input does not fail every time it runs alone, in a fresh process,
# needed the inputs the fuzzer ran before it, or chance - and the user must
# hear which before its replay passes. How often it is run again, what is
# said and the REPEAT of the replay line live here only; each runner gives
# the command that runs the input alone (the libFuzzer binary, the replay).
# A runner that also sets alone_corpus (the directory of inputs its fuzzer
# ran and kept) and alone_in_one_process (a command that runs the inputs
# given to it in order, in one process, and exits 0 if all passed) gets,
# for an input that needed the ones before it, a short list of corpus
# inputs that make it fail again, in alone_before for its replay line.
# alone_in_one_process must print a line ending in each input's path before
# it runs it (libFuzzer's "Running: PATH", replay -v's "# PATH"): a failure
# counts as the crash again only after the line naming the crash's input, and
# only if it is the crash's failure (alone_failure).

# quote.sh lies beside this file: $0's folder when a script there sources it,
# else the repository's fuzz/scripts (examples/teach/walkthrough.sh and
# mutants/run.sh source this file from the top folder).
alone_dir=$(dirname "$0")
[ -f "$alone_dir/quote.sh" ] || alone_dir=fuzz/scripts
# shellcheck source=fuzz/scripts/quote.sh
. "$alone_dir"/quote.sh # name_quoted, name_shown, say

ALONE_RUNS=10
ALONE_REPEAT=20
# " REPEAT=$ALONE_REPEAT" after explain_alone named chance, for the replay
# line: make replay REPEAT=n (replay -r) reruns the input until it fails.
alone_repeat=""
# " BEFORE='a b'" after explain_alone found corpus inputs that make the
# input fail when run first, in one process (make replay BEFORE=...).
alone_before=""
alone_corpus="" alone_in_one_process=""
# What the crash's report said failed (failure_kind), set by the runner
# when it has the report; empty: any failure of the input itself counts.
alone_failure=""
# Finding them: at most this many runs of alone_in_one_process, and no new
# run once this many seconds have passed, however large the corpus.
ALONE_SHRINK_RUNS=40
ALONE_SHRINK_SECONDS=60

# explain_alone WHO PASSED OUTPUT COMMAND...: COMMAND runs the input alone
# and exits 0 if it passed; PASSED runs of it have passed already. It is run
# again to its first failure, up to ALONE_RUNS runs in all: one that fails
# at once (nearly every crash) costs one run. OUTPUT=keep prints the failing
# run's output (the harness's report, which the passing runs did not print);
# anything else drops it. WHO starts each line (fuzz, afl). COMMAND's last
# word is the input.
explain_alone() {
    alone_who=$1 alone_passed=$2 alone_keep=$3
    shift 3
    for alone_input; do :; done
    while [ "$alone_passed" -lt "$ALONE_RUNS" ] && alone_out=$("$@" 2>&1); do
        alone_passed=$((alone_passed + 1))
    done
    if [ "$alone_passed" -ge "$ALONE_RUNS" ]; then
        # Which runs before it it needed, found before it is said: its own
        # earlier one, else (a guess the corpus search below tests) others.
        alone_after="the inputs the fuzzer ran before it"
        alone_itself=""
        if [ -n "$alone_in_one_process" ] && fails_after_itself; then
            alone_after="its own earlier run" alone_itself=1
        fi
        alone_state="allocator state that outlives destroy() and create() (a static heap, a free-list head, an init\
 that runs once; fuzz/ADAPTER-EXAMPLES.md, \"An allocator with one global heap\")"
        alone_placed="a bug that depends on where memory is mapped"
        alone_likely="$alone_state; else $alone_placed, or on random choices that these runs did not repeat"
        # Round 14b's SLOB, which keeps no state, handed out a block past its page into the next
        # mapping: a finding about where a block lies among mappings names their placement first.
        case "$alone_failure" in
        *"ORACLE out_of_heap fired" | *"ORACLE past_mapping fired" | *"ORACLE unmap_foreign fired" | \
            *"ORACLE protect_live fired")
            alone_likely="$alone_placed (this finding places a block among the allocator's mappings, and the\
 inputs before it moved where the kernel puts them); else $alone_state, or random choices that these runs did\
 not repeat" ;;
        esac
        echo "$alone_who: run again alone in a fresh process ($ALONE_RUNS times), this input passes every time: it" \
            "failed only after $alone_after in the same process, and replayed alone it" \
            "passes too. Likely cause: $alone_likely"
        if [ -n "$alone_itself" ]; then
            report_after_itself
        elif [ -n "$alone_corpus" ] && [ -n "$alone_in_one_process" ]; then
            find_inputs_before
        fi
    elif [ "$alone_passed" -gt 0 ]; then
        above=""
        if [ "$alone_keep" = keep ]; then
            printf '%s\n' "$alone_out"
            above=" (above)"
        fi
        alone_times='times'
        [ "$alone_passed" != 1 ] || alone_times='time'
        echo "$alone_who: run again alone in fresh processes, this input passed $alone_passed $alone_times, then" \
            "failed$above: its replay may pass, so the command below repeats it until it fails. Likely cause:" \
            "the allocator does not do the same thing twice with one input - random choices (a seed taken from" \
            "getrandom, /dev/urandom, the time, the pid or an address) or memory read before it is written; seed" \
            "it with a constant in create() (fuzz/ADAPTER-EXAMPLES.md, \"A randomised allocator\")"
        # A page heap's protect one page past its mapping (round 10b's fence)
        # meets a live block only where the kernel put the next mapping right
        # above, which differs between processes: no choice of the allocator's.
        if printf '%s\n' "$alone_out" |
            grep -Eq 'ORACLE (protect_live|discard_live|unmap_live|unmap_foreign|past_mapping) fired'; then
            echo "$alone_who: this finding is about the allocator's mappings, so the likelier cause is where the" \
                "kernel places them, which differs between processes: a mapping that lies right above another in" \
                "one run and not in the next (a range run past its own mapping meets a live block only then)"
        fi
        # shellcheck disable=SC2034 # read by the runner that sourced this
        alone_repeat=" REPEAT=$ALONE_REPEAT"
    fi
}

# replay_first WHO REPLAY FILE: the harness's report of a crash the engine
# saved (the engine prints none of it) by the replay tool REPLAY, its trace
# too (-v); if that run passes, explain_alone runs it on. 1 if no run of it
# failed: no report of it was printed.
# HALLOC_FUZZ_EINVAL_FD=off: these runs print no count of aligned_alloc
# refusals of their own (fuzz/einval.c); the engine's run above counted this
# input's already, and a second count line in its closing lines misled.
replay_first() {
    say "---- the harness's report of the first crash: $2 -v $(name_quoted "$3") ----"
    HALLOC_FUZZ_EINVAL_FD=off "$2" -v "$3" 2>&1 || return 0
    explain_alone "$1" 1 keep env HALLOC_FUZZ_EINVAL_FD=off "$2" "$3"
    [ "$alone_passed" -lt "$ALONE_RUNS" ]
}

# fails_after_itself: 0 if alone_input, run twice in one process, fails
# in its second run as the crash did. The state it needs may be its own
# first run's: an engine runs an input more than once in a process
# (libFuzzer's leak check runs again one that frees less than it
# allocates, and the fuzzing loop meets an input and its mutants), while
# the replay runs it once. Tried before the corpus: one run, and the
# shortest replay there is.
fails_after_itself() {
    alone_out=$("$alone_in_one_process" "$alone_input" "$alone_input" 2>&1) && return 1
    printf '%s\n' "$alone_out" | awk -v input="$alone_input" -v want="$alone_failure" '
        length($0) >= length(input) && substr($0, length($0) - length(input) + 1) == input { runs++; next }
        runs >= 2 && (want == "" || index($0, want)) { seen = 1 }
        END { exit !seen }'
}

# alone_quoted TEXT: TEXT in single quotes as sh reads it back (a quote in a
# name as '\''), for the BEFORE= of a replay line to paste; with a control
# character, name_quoted's $'...' (C escapes), which no '...' keeps on one
# line, read back as the CRASH= beside it is. make splits BEFORE into names
# at blanks: a name holding one (a space, a tab, a newline) cannot be given there.
alone_quoted() {
    case $1 in *[[:cntrl:]]*) name_quoted "$1"; return ;; esac
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

report_after_itself() {
    # shellcheck disable=SC2034 # read by the runner that sourced this
    alone_before=" BEFORE=$(alone_quoted "$alone_input")"
    echo "$alone_who: run twice in one process, it fails again in its second run: the state it needs is its" \
        "own first run's (an engine runs an input more than once in a process; libFuzzer's leak check does" \
        "so for every input that frees less than it allocates). The replay line below runs it twice" \
        "(BEFORE=the input itself)"
}

# find_inputs_before: after the verdict "passes every time alone", runs
# alone_input after the corpus's inputs (oldest first, as the fuzzer met
# them) in one process; if it fails there, cuts the inputs before it down
# to the few it needs (shrink_inputs_before) and sets alone_before to them.
find_inputs_before() {
    alone_list=$(mktemp) && alone_try=$(mktemp) && alone_out=$(mktemp) || return 0
    find "$alone_corpus" -maxdepth 1 -type f ! -name '.*' -printf '%T@ %p\n' 2>/dev/null | sort -n |
        cut -d' ' -f2- | grep -vxF "$alone_input" >"$alone_list"
    alone_total=$(wc -l <"$alone_list") alone_runs=0 alone_start=$(date +%s) alone_spent=""
    alone_advice="make destroy() undo everything the allocator keeps (fuzz/ADAPTER-EXAMPLES.md, \"An allocator with \
one global heap\") and fuzz again"
    if [ "$alone_total" -eq 0 ]; then
        say "$alone_who: the corpus $(name_shown "$alone_corpus") holds no inputs to run before it, so no replay can rebuild" \
            "the state it needs: $alone_advice"
    else
        say "$alone_who: running it after the $alone_total inputs of the corpus $(name_shown "$alone_corpus"), in one process," \
            "to find the ones it needs (at most $ALONE_SHRINK_RUNS runs, $ALONE_SHRINK_SECONDS s)"
        if fails_after_corpus; then
            shrink_inputs_before
            report_inputs_before
        else
            echo "$alone_who: run after all $alone_total of them in one process$alone_dropped, it still passes" \
                "(or fails otherwise than the crash did): the state came from inputs the fuzzer ran but did not" \
                "keep, and no replay can rebuild it: $alone_advice"
        fi
    fi
    rm -f "$alone_list" "$alone_try" "$alone_out"
}

# failure_kind: of the report on stdin, what failed, as a fixed string to
# find in another run's output: the harness's "halloc-fuzz: ORACLE NAME
# fired"; else UBSan's check, "runtime error: " and its words up to the
# first number, quote or colon ("load of misaligned address", "signed
# integer overflow", "index"), as its SUMMARY says "undefined-behavior" for
# every check; else for a bare signal (libFuzzer's "deadly signal", or no
# SUMMARY) the signal as the harness named it ("halloc-fuzz: CRASH (SIGABRT",
# "halloc-fuzz: CRASH (signal 11, SIGSEGV)"); else the first sanitizer's or
# libFuzzer's "SUMMARY: WHO: KIND"; else a sanitizer's own "CHECK failed"
# (an allocator's bad pointer can trip ASan's internal checks, which print
# no SUMMARY); nothing if none is there.
failure_kind() {
    awk 'match($0, /halloc-fuzz: ORACLE [A-Za-z_]+ fired/) { print substr($0, RSTART, RLENGTH); found = 1; exit }
        ubsan == "" && match($0, /runtime error: [^0-9\047,:(]*[A-Za-z]/) { ubsan = substr($0, RSTART, RLENGTH) }
        sig == "" && match($0, /halloc-fuzz: CRASH \((SIG[A-Z]+|signal [0-9]+(, SIG[A-Z]+\))?)/) {
            sig = substr($0, RSTART, RLENGTH)
        }
        summary == "" && match($0, /SUMMARY: [A-Za-z]+: [A-Za-z-]+/) { summary = substr($0, RSTART, RLENGTH) }
        check == "" && match($0, /[A-Za-z]+Sanitizer: CHECK failed/) { check = substr($0, RSTART, RLENGTH) }
        END {
            if (found) exit
            if (ubsan != "") print ubsan
            else if (sig != "" && (summary == "" || summary == "SUMMARY: libFuzzer: deadly")) print sig
            else if (summary != "") print summary
            else if (check != "") print check
        }'
}

# failure_label: failure_kind's line on stdin as one word for a table
# (mutants/run.sh): the oracle's NAME; "ubsan:load-of-misaligned-address";
# "signal:SIGABRT", "signal:SIGBUS"; "asan:heap-use-after-free",
# "libfuzzer:timeout", "asan:CHECK-failed" (a sanitizer by its initials);
# "unknown" when failure_kind found nothing.
failure_label() {
    awk 'function tool(who) {
            if (who == "libFuzzer") return "libfuzzer"
            if (sub(/Sanitizer$/, "", who)) { gsub(/[a-z]/, "", who); who = who "san" }
            return tolower(who)
        }
        NR > 1 { exit }
        sub(/^halloc-fuzz: ORACLE /, "") { sub(/ fired$/, ""); print; next }
        sub(/^runtime error: /, "") { gsub(/ /, "-"); print "ubsan:" $0; next }
        sub(/^halloc-fuzz: CRASH \(/, "") {
            if (match($0, /SIG[A-Z]+/)) $0 = substr($0, RSTART, RLENGTH)
            else sub(/^signal /, "")
            print "signal:" $0; next
        }
        { sub(/^SUMMARY: /, ""); who = $0; sub(/: .*/, "", who); kind = substr($0, length(who) + 3)
          gsub(/ /, "-", kind); print tool(who) ":" kind }
        END { if (NR == 0) print "unknown" }'
}

# fails_after_list LIST: 0 if alone_input fails as the crash did when run
# after the inputs LIST names (one a line), in one process; 1 if it passes
# or fails otherwise, or if the runs or the time for the search are used up
# (alone_spent is then set). An input of LIST that failed first, so that
# alone_input never ran, is left in alone_culprit.
fails_after_list() {
    alone_culprit=""
    if [ "$alone_runs" -ge "$ALONE_SHRINK_RUNS" ] ||
        [ "$(($(date +%s) - alone_start))" -ge "$ALONE_SHRINK_SECONDS" ]; then
        alone_spent=1
        return 1
    fi
    alone_runs=$((alone_runs + 1))
    (
        IFS='
'
        set -f
        # shellcheck disable=SC2046 # one input a line
        set -- $(cat "$1") "$alone_input"
        ! "$alone_in_one_process" "$@" >"$alone_out" 2>&1
    ) || return 1
    alone_culprit=$(awk -v list="$1" -v dir="$alone_corpus/" -v input="$alone_input" -v want="$alone_failure" '
        BEGIN { while ((getline name <list) > 0) inputs[name] = 1 }
        { at = index($0, dir); named = at ? substr($0, at) : "" }
        named != "" && (named in inputs) { last = named }
        length($0) >= length(input) && substr($0, length($0) - length(input) + 1) == input {
            reached = 1; seen = want == ""; next
        }
        reached && want != "" && index($0, want) { seen = 1 }
        END { if (!reached) print last; exit !(reached && seen) }' "$alone_out")
}

# fails_after_corpus: fails_after_list over all of alone_list. An input of
# it that fails first ends the process before alone_input runs: the inputs
# before it are tried alone (state kept by one of them may break every
# input after it, the crash's too), else it is left out (it fails on its
# own) and the rest tried again, as often as the runs allow; alone_dropped
# says how many were left out.
fails_after_corpus() {
    alone_dropped="" alone_ndropped=0
    until fails_after_list "$alone_list"; do
        [ -n "$alone_culprit" ] || return 1
        culprit=$alone_culprit
        awk -v culprit="$culprit" '$0 == culprit { exit } { print }' "$alone_list" >"$alone_try"
        if [ -s "$alone_try" ] && fails_after_list "$alone_try"; then
            cp "$alone_try" "$alone_list"
            return 0
        fi
        grep -vxF "$culprit" "$alone_list" >"$alone_try"
        cp "$alone_try" "$alone_list"
        alone_ndropped=$((alone_ndropped + 1))
        alone_dropped=" (less $alone_ndropped that failed before it ran)"
    done
}

# Halving over prefixes of the list, since state builds up in order: the
# shortest prefix that still fails, run before the inputs known to be
# needed, ends in one more needed input; only those before it are left to
# search, until the needed ones fail on their own. k needed inputs of n
# cost about k * log2(n) runs (ddmin over subsets spent 40 on 2 of 41).
# Out of runs or time, the prefix left and the needed ones still fail: the
# search keeps only lists that failed when run.
shrink_inputs_before() {
    alone_needed=$(mktemp) || return 0
    alone_left=$(wc -l <"$alone_list")
    while [ "$alone_left" -gt 0 ]; do
        alone_lo=1 alone_hi=$alone_left
        while [ "$alone_lo" -lt "$alone_hi" ] && [ -z "$alone_spent" ]; do
            alone_mid=$(((alone_lo + alone_hi) / 2))
            { head -n "$alone_mid" "$alone_list"; cat "$alone_needed"; } >"$alone_try"
            if fails_after_list "$alone_try"; then alone_hi=$alone_mid; else alone_lo=$((alone_mid + 1)); fi
        done
        if [ -n "$alone_spent" ]; then
            alone_left=$alone_hi
            break
        fi
        { sed -n "${alone_lo}p" "$alone_list"; cat "$alone_needed"; } >"$alone_try"
        mv "$alone_try" "$alone_needed"
        alone_left=$((alone_lo - 1))
        [ "$alone_left" -gt 0 ] && fails_after_list "$alone_needed" && alone_left=0
    done
    { head -n "$alone_left" "$alone_list"; cat "$alone_needed"; } >"$alone_try"
    mv "$alone_try" "$alone_list"
    rm -f "$alone_needed"
}

report_inputs_before() {
    alone_count=$(wc -l <"$alone_list")
    # shellcheck disable=SC2034 # read by the runner that sourced this
    alone_before=" BEFORE=$(alone_quoted "$(tr '\n' ' ' <"$alone_list" | sed 's/ $//')")"
    alone_cut=""
    [ -z "$alone_spent" ] || alone_cut=", when the search reached its limit: fewer may do"
    echo "$alone_who: run in one process after $alone_count of the corpus's $alone_total inputs, it fails" \
        "again ($alone_runs runs to find them$alone_cut$alone_dropped): the replay line below runs them first" \
        "(BEFORE=...)"
}
