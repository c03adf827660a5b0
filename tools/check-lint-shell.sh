#!/bin/sh
# check-lint-shell.sh: tools/lint-shell.sh, in a scratch git checkout, finds
# a script by its #! line whether it is tracked or new (not yet added), and
# fails on a finding of either; a file .gitignore leaves out is not read.
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
printf '#!/bin/sh\necho "$1"\n' >"$work/clean"
# shellcheck disable=SC2016 # the same; its $1 unquoted is the finding
printf '#!/bin/sh\necho $1\n' | tee "$work/tracked-bad" "$work/new-bad" "$work/build/ignored-bad" >/dev/null
[ -z "$has_git" ] || git -C "$work" add clean tracked-bad || fail "git add failed in $work"
# lint_names: each script lint-shell.sh ran shellcheck on and found fault with.
lint_names() { (cd "$work" && "$lint" 2>&1) | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*/\1/p' | sort -u | tr '\n' ' '; }
[ "$(lint_names)" = "new-bad tracked-bad " ] ||
    fail "lint-shell.sh must name new-bad (untracked) and tracked-bad, not build/ignored-bad: $(cd "$work" && "$lint" 2>&1)"
rm "$work/new-bad" "$work/tracked-bad"
out=$(cd "$work" && "$lint" 2>&1) || fail "lint-shell.sh failed with only a clean script and a deleted tracked one: $out"
[ "$out" = "lint-shell: 1 shell scripts clean" ] || fail "lint-shell.sh over one clean script said: $out"
echo "check-lint-shell: a tracked and a new script linted, an ignored one and a deleted one not"
