# shellcheck shell=bash
# mutants/report.sh, sourced by mutants/run.sh: the results table and report
# a run prints (and writes to $OUT/results.md), read from the result files
# the engine runs left, $OUT/<name>/<engine>.result ("status secs oracle
# input"). It reads run.sh's settings: OUT, MUTANT_TIME, MUTANT_SEED,
# MUTANT_PARALLEL, MUTANTS, ENGINES, LF_OPTS and AFL_ENV.

cell() { # name engine -> "secs<TAB>oracle" for the table
    local f=$OUT/$1/$2.result status secs oracle
    if [ ! -f "$f" ]; then
        printf -- '-\t-'
        return
    fi
    IFS=$'\t' read -r status secs oracle _ <"$f"
    case "$status" in
        caught) printf '%s\t%s' "$secs" "$oracle" ;;
        survived) [ "$2" = traces ] && printf 'clean\t-' || printf 'SURVIVED\t(%s s)' "$MUTANT_TIME" ;;
        *) printf 'ERROR\t%s' "$oracle" ;;
    esac
}

# Median and max of the libFuzzer times; a survivor counts as "> budget".
lf_summary() { # names...
    local n
    for n in "$@"; do
        [ -f "$OUT/$n/libfuzzer.result" ] || continue # ENGINES without libfuzzer
        IFS=$'\t' read -r status secs _ <"$OUT/$n/libfuzzer.result"
        [ "$status" = caught ] && echo "$secs" || echo inf
    done | sort -g | awk -v budget="$MUTANT_TIME" '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "no libFuzzer runs"; exit }
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] == "inf" || v[NR / 2 + 1] == "inf" ? "inf" : (v[NR / 2] + v[NR / 2 + 1]) / 2)
            printf "libFuzzer time to first crash: median %s s, max %s s (%d runs)\n",
                (m == "inf" ? "> " budget : m), (v[NR] == "inf" ? "> " budget : v[NR]), NR
        }'
}

count_caught() { # engine names...
    local e=$1 n c=0 t=0
    shift
    for n in "$@"; do
        [ -f "$OUT/$n/$e.result" ] || continue
        t=$((t + 1))
        [ "$(cut -f1 "$OUT/$n/$e.result")" = caught ] && c=$((c + 1))
    done
    [ "$t" = 0 ] && echo "-" || echo "$c/$t"
}

# The traces column only when ENGINES has it, so the usual table keeps its shape.
print_table() { # names...
    local n tr=0
    case " $ENGINES " in *" traces "*) tr=1 ;; esac
    printf '| mutant | libFuzzer s | oracle | AFL++ s | oracle | no-checker s | oracle |%s\n' \
        "$([ $tr = 1 ] && echo ' lab traces s | oracle |')"
    printf '|---|---:|---|---:|---|---:|---|%s\n' "$([ $tr = 1 ] && echo '---:|---|')"
    for n in "$@"; do
        printf '| %s | %s | %s | %s |%s\n' "$n" "$(cell "$n" libfuzzer | sed 's/\t/ | /')" \
            "$(cell "$n" afl | sed 's/\t/ | /')" "$(cell "$n" nocheck | sed 's/\t/ | /')" \
            "$([ $tr = 1 ] && echo " $(cell "$n" traces | sed 's/\t/ | /') |")"
    done
    printf '| **caught** | %s | | %s | | %s | |%s\n' "$(count_caught libfuzzer "$@")" \
        "$(count_caught afl "$@")" "$(count_caught nocheck "$@")" \
        "$([ $tr = 1 ] && echo " $(count_caught traces "$@") | |")"
}

control_line() {
    local f=$OUT/control/libfuzzer.result status secs oracle input
    if [ -f "$OUT/control/traces.result" ]; then
        case "$(cut -f1 "$OUT/control/traces.result")" in
            survived) echo "Control (unpatched copy, lab traces): clean." ;;
            *) echo "CONTROL FAILED: verify-traces reports the unpatched copy (log $OUT/control/traces/log)." ;;
        esac
    fi
    [ -f "$f" ] || return 0
    IFS=$'\t' read -r status secs oracle input <"$f"
    case "$status" in
        survived) echo "Control (unpatched copy, libFuzzer, same budget): clean for $MUTANT_TIME s." ;;
        caught) echo "CONTROL FAILED: the unpatched copy crashed ($oracle, input $input): the harness raises false alarms, so this table proves nothing." ;;
        *) echo "CONTROL FAILED: the libFuzzer run of the unpatched copy did not run ($oracle, log $input)." ;;
    esac
}

# "bug:" and "oracle:" lines of each patch's header.
describe_mutants() { # names...
    local n
    echo "## What each mutant plants"
    echo
    for n in "$@"; do
        printf -- '- **%s**: %s Expected: %s\n' "$n" "$(sed -n 's/^# bug: //p' "mutants/$n.patch" | head -n1)" \
            "$(sed -n 's/^# oracle: //p' "mutants/$n.patch" | head -n1)"
    done
}

report() { # names...
    echo "# Mutant suite: which oracle catches which planted bug"
    echo
    echo "Each engine run: ${MUTANT_TIME} s budget, seed ${MUTANT_SEED}, one core, at most ${MUTANT_PARALLEL} fuzzers at once."
    echo "libFuzzer starts from an EMPTY corpus (dictionary fuzz/halloc.dict); AFL++ (ASan build,"
    echo "one instance) starts from a single 4-byte all-zero seed, since it needs a non-empty input dir."
    echo "Seconds are time to the first crash; no-checker = libFuzzer with HALLOC_FUZZ_ALLOCATOR_CHECK=off"
    echo "(shadow model and sanitizers alone). AFL++ oracles come from replaying its first crash."
    case " $ENGINES " in *" traces "*) echo "Lab traces = verify-traces over bench/traces/*.rep (no fuzzing; seconds are the whole replay)." ;; esac
    echo
    print_table "$@"
    echo
    lf_summary "$@"
    control_line
    echo
    echo "Command: make mutants MUTANT_TIME=${MUTANT_TIME} MUTANT_SEED=${MUTANT_SEED} ENGINES=\"${ENGINES}\"${MUTANTS:+ MUTANTS=\"${MUTANTS}\"}"
    echo "libFuzzer run: build/fuzz/mutant-<name>/libfuzzer ${LF_OPTS} -artifact_prefix=${OUT}/<name>/libfuzzer/crash/ ${OUT}/<name>/libfuzzer/corpus"
    echo "AFL++ run: ${AFL_ENV} afl-fuzz -i ${OUT}/<name>/afl/in -o ${OUT}/<name>/afl/out -x fuzz/halloc.dict -m none -t 5000 -s ${MUTANT_SEED} -V ${MUTANT_TIME} -- build/fuzz/mutant-<name>/afl-asan"
    echo "Replay a crash: make replay NAME=mutant-<name> SRCS='${OUT}/<name>/allocator/*.c ${OUT}/<name>/checks/*.c' CRASH=<file>"
    echo
    describe_mutants "$@"
}

# make mutants-check: the table under mutants/README.md's "The figures" is
# a run's print_table, copied by hand (a rerun of some mutants, its own
# table below it). It must have a row for every patch and none for one no
# longer there, each oracle a name the harness reports
# (fuzz/README.md's table of oracles) or a sanitizer's, a signal's or
# libFuzzer's (failure_label), and each caught count its rows': a table left
# from before a mutant came or an oracle was renamed fails here, not only in
# the reader's eyes. Prints each problem; status 1 if there is one.
figures_check() { # names...
    local known
    known=$(awk -F'|' '/^\| oracle \| fires when \|$/ { on = 1; next } on && !/^\|/ { exit }
        on && $2 ~ /`/ { gsub(/[`,]/, "", $2); print $2 }' fuzz/README.md | tr '\n' ' ')
    awk -F'|' -v names=" $* " -v known=" $known " '
        function trim(s) { gsub(/^ +| +$/, "", s); return s }
        function label_ok(o) {
            return o == "-" || index(known, " " o " ") || o ~ /^[a-z]+:[A-Za-z0-9_-]+$/ ||
                o ~ /^not-replayed\(/ || o ~ /^\([0-9]+ s\)$/
        }
        /^## / { on = ($0 == "## The figures") }
        !on { next }
        /^\| mutant \|/ { rows = 0; split("", caught); split("", intable); next }
        $2 ~ /^ [0-9][0-9]-/ {
            n = trim($2); rows++; seen[n] = 1
            if (!index(names, " " n " ")) { print n ": a row, but no mutants/" n ".patch"; bad = 1 }
            if (++intable[n] == 2) { print n ": two rows in one table"; bad = 1 }
            for (i = 3; i <= 7; i += 2) {
                if (trim($i) ~ /^[0-9.]+$/) caught[i]++
                if (!label_ok(trim($(i + 1)))) { print n ": oracle \"" trim($(i + 1)) "\", which the harness does not report"; bad = 1 }
            }
            next
        }
        /^\| \*\*caught\*\* \|/ {
            for (i = 3; i <= 7; i += 2) {
                want = (caught[i] + 0) "/" rows
                if (trim($i) != want) { print "the caught line says " trim($i) ", its rows " want; bad = 1 }
            }
        }
        END {
            split(trim(names), all, " ")
            for (k in all) if (!seen[all[k]]) { print all[k] ": no row"; bad = 1 }
            exit bad
        }' mutants/README.md
}
