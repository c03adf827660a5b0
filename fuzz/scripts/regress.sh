#!/bin/sh
# regress.sh REPLAY DIR: every regression in DIR says what bug it caught (a
# sibling NAME.note, or a '# ' comment line in a text trace) and replays clean.
set -u
replay=$1 dir=$2
missing=0 count=0
for f in "$dir"/*; do
    [ -f "$f" ] || continue
    case "$f" in *.note|*.md) continue ;; esac
    count=$((count + 1))
    if [ -s "$f.note" ] || grep -q '^# ' "$f" 2>/dev/null; then
        continue
    fi
    echo "regress: $f has no note; add $f.note (one line: the bug it caught)"
    missing=$((missing + 1))
done
[ "$missing" -eq 0 ] || exit 1
if [ "$count" -eq 0 ]; then
    echo "regress: $dir holds no regressions"
    exit 1
fi
# shellcheck source=fuzz/scripts/load-scaled.sh
. "$(dirname "$0")"/load-scaled.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # counted
seeds_limit_by_load
"$replay" -q -t "$seeds_limit" "$dir" || exit 1
echo "regress: $(counted "$count" regression) in $dir replay clean"
