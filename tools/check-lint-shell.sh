#!/bin/sh
# check-lint-shell.sh: tools/lint-shell.sh, in a scratch git checkout, finds
# a script by its #! line whether it is tracked or new (not yet added), and
# a sourced file (no #! line) by its .sh name or by a script's '. PATH', and
# fails on a finding of any of them, or on a sourced file naming no shell;
# a file .gitignore leaves out is not read.
# Without git the scratch tree is no checkout, and the same names are
# expected of lint-shell.sh's other way (every file but build/).
set -u
fail() { echo "check-lint-shell FAILED: $*" >&2; exit 1; }
lint=$(cd "$(dirname "$0")" && pwd)/lint-shell.sh
work=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT
has_git=$(command -v git) || has_git=
[ -z "$has_git" ] || git -C "$work" init -q || fail "git init failed in $work"
printf '/build/\n' >"$work/.gitignore"
mkdir "$work/build"
# shellcheck disable=SC2016 # the scratch scripts' own text: $1 is theirs
printf '#!/bin/sh\n. ./helpers\necho "$1"\n' >"$work/clean"
# shellcheck disable=SC2016 # the same; its $1 unquoted is the finding
printf '#!/bin/sh\necho $1\n' | tee "$work/tracked-bad" "$work/new-bad" "$work/build/ignored-bad" >/dev/null
# shellcheck disable=SC2016 # the same, in files sourced: no #! line
printf '# shellcheck shell=sh\necho $1\n' | tee "$work/helpers" "$work/lib-bad.sh" >/dev/null
# shellcheck disable=SC2016 # the same; clean, but no shell named
printf 'echo "$1"\n' >"$work/noshell.sh"
[ -z "$has_git" ] || git -C "$work" add clean tracked-bad helpers lib-bad.sh noshell.sh ||
    fail "git add failed in $work"
# lint_names: each file lint-shell.sh ran shellcheck on and found fault with.
lint_names() { (cd "$work" && "$lint" 2>&1) | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*/\1/p' | sort -u | tr '\n' ' '; }
[ "$(lint_names)" = "helpers lib-bad.sh new-bad noshell.sh tracked-bad " ] ||
    fail "lint-shell.sh must name new-bad (untracked), tracked-bad, the sourced helpers and lib-bad.sh, and noshell.sh," \
        "not build/ignored-bad: $(cd "$work" && "$lint" 2>&1)"
(cd "$work" && "$lint" 2>&1) | grep -q "^noshell.sh:1:1: .*add the line '# shellcheck shell=sh'" ||
    fail "lint-shell.sh must say the line noshell.sh lacks: $(cd "$work" && "$lint" 2>&1)"
rm "$work/new-bad" "$work/tracked-bad" "$work/lib-bad.sh" "$work/noshell.sh"
# shellcheck disable=SC2016 # the helper's own $1
printf '# shellcheck shell=sh\nsay() { echo "$1"; }\n' >"$work/helpers"
out=$(cd "$work" && "$lint" 2>&1) || fail "lint-shell.sh failed with only clean files and deleted tracked ones: $out"
[ "$out" = "lint-shell: 1 shell scripts and 1 sourced files clean" ] || fail "lint-shell.sh over a clean script and its helper said: $out"
echo "check-lint-shell: a tracked and a new script linted, and two sourced files; an ignored one and deleted ones not"
