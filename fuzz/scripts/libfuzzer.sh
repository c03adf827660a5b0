#!/bin/sh
# libfuzzer.sh BINARY CRASHDIR "REPLAY" ARGS...: make fuzz's libFuzzer run.
# When libFuzzer stops on a finding it saves the input in CRASHDIR; this
# prints the command that replays that very file (REPLAY, the make command
# with the variables of this build, then CRASH=the file), so the line can be
# pasted as is. A stop that saved nothing (a bad flag, an interrupt) says so.
# The engine's command line is printed first (make runs this one silently,
# so the replay command is not shown twice).
set -u
bin=$1 crashdir=$2 replay=$3
shift 3
# Files with their modification times: what this run saved is a line that
# was not there before (a new file, or an old one written again).
listing() {
    find "$crashdir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'slow-unit-*' \) -printf '%T@ %p\n' 2>/dev/null | sort
}
before=$(mktemp) || exit 2
listing >"$before"
echo "$bin $*"
"$bin" "$@"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then
    saved=$(listing | comm -13 "$before" - | sort -n | tail -n 1 | cut -d' ' -f2-)
    if [ -n "$saved" ]; then
        echo "fuzz: replay the input libFuzzer saved: $replay CRASH=$saved"
    else
        echo "fuzz: libFuzzer stopped with status $rc and saved no input: its last lines above say why"
    fi
fi
rm -f "$before"
exit "$rc"
