#!/bin/sh
# lint-shell.sh: shellcheck over every shell script of the project, found by
# its first line (#!...sh), so a new script is covered without being listed.
# In a git checkout the scripts are the tracked files and the new ones not
# yet added (all but what .gitignore leaves out: build/, crashes/); without
# git (a tarball, a CI machine that has none) every file outside .git/ and
# the build and crash folders, which hold only what make and the fuzzers wrote.
# -x: a script's sourced helper (tools/makeflags.sh) is checked as it is used.
# Run from the top of the tree (make does).
set -eu
if ! command -v shellcheck >/dev/null 2>&1; then
    echo "lint-shell: shellcheck is not installed; install it with: sudo apt-get install -y shellcheck" >&2
    exit 1
fi

list_files() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files --cached --others --exclude-standard
    else
        find . \( -path ./.git -o -path "./${BUILD:-build}" -o -path './crashes*' \) -prune \
            -o -type f -print | sed 's|^\./||'
    fi
}

# One awk reads every file's first line (a process per file costs seconds);
# a file it cannot read (deleted but still tracked) is no script.
scripts=$(list_files | awk '{ f = $0; if ((getline line < f) > 0 && line ~ /^#!.*sh/) print f; close(f) }')
[ -n "$scripts" ] || { echo "lint-shell: found no shell script: run it from the top of the tree" >&2; exit 1; }
# One script a line; no tracked script has a blank in its name. Split among
# the cores: one shellcheck over all of them took 14 s of CPU, one core's.
jobs=$(nproc 2>/dev/null || echo 1)
per=$(( ($(echo "$scripts" | wc -l) + jobs - 1) / jobs ))
if ! echo "$scripts" | xargs -P "$jobs" -n "$per" shellcheck -x -f gcc; then
    echo "lint-shell FAILED: fix each finding above, or disable it on its line with a '# shellcheck disable=SCxxxx' comment saying why" >&2
    exit 1
fi
echo "lint-shell: $(echo "$scripts" | wc -l) shell scripts clean"
