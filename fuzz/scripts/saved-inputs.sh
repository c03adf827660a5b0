# shellcheck shell=sh
# saved-inputs.sh, sourced by fuzz/scripts/libfuzzer.sh (make fuzz, and
# make fuzz-threads through it): which inputs a libFuzzer run saved, by
# the directory's listing before and after the run. The newest file instead
# is an earlier run's input when this one saved none (a bad flag, ^C).
# saved_dir: the directory of -artifact_prefix; saved_prefix: the start of
# the file names after it ("" for make fuzz, "threads-" for make fuzz-threads).
saved_dir=${saved_dir:-.}
saved_prefix=${saved_prefix:-}

# Files with their modification times: what this run saved is a line that
# was not there before (a new file, or an old one written again).
saved_listing() {
    find "$saved_dir" -maxdepth 1 -type f \( -name "${saved_prefix}crash-*" -o -name "${saved_prefix}leak-*" \
        -o -name "${saved_prefix}timeout-*" -o -name "${saved_prefix}oom-*" -o -name "${saved_prefix}slow-unit-*" \) \
        -printf '%T@ %p\n' 2>/dev/null | sort
}

# saved_by_this_run BEFORE (saved_listing's output before the run): the
# inputs saved since, oldest first, but slow units (no failure).
saved_by_this_run() {
    saved_listing | comm -13 "$1" - | sort -n | cut -d' ' -f2- | grep -v "/${saved_prefix}slow-unit-"
}
