#!/bin/sh
# libfuzzer.sh BINARY CRASHDIR "REPLAY" ARGS...: make fuzz's libFuzzer run.
# When libFuzzer stops on a finding it saves the input in CRASHDIR; this
# prints the command that replays that very file (REPLAY, the make command
# with the variables of this build, then CRASH=the file), so the line can be
# pasted as is. A stop that saved nothing (a bad flag, an interrupt) says so.
set -u
bin=$1 crashdir=$2 replay=$3
shift 3
stamp=$(mktemp) || exit 2 # the run's start: what it saved is newer
"$bin" "$@"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then
    saved=$(find "$crashdir" -maxdepth 1 -type f -newer "$stamp" \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) \
        -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
    if [ -n "$saved" ]; then
        echo "fuzz: replay the input libFuzzer saved: $replay CRASH=$saved"
    else
        echo "fuzz: libFuzzer stopped with status $rc and saved no input: its last lines above say why"
    fi
fi
rm -f "$stamp"
exit "$rc"
