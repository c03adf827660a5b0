#!/bin/sh
# check-foreign-replays.sh BUILD: the corpus replayed on Debian's jemalloc
# and mimalloc (fuzz-check-foreign built BUILD/fuzz/{jemalloc,mimalloc}/replay-gcc).
# jemalloc replays it clean. mimalloc 2.0.9 replays it clean but for the seed
# of the alignment grid, which finds its real bug, an aligned 256 of 256-1024
# bytes aligned to 128 (fuzz/FOREIGN.md): that
# seed must find it or, on a mimalloc that fixed it, replay clean.
set -u
build=$1 grid=corpus/aligned-grid.txt
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
seeds_limit_by_load
echo "fuzz-check-foreign: jemalloc: corpus replays"
"$build/fuzz/jemalloc/replay-gcc" -q -t "$seeds_limit" corpus corpus/regressions || exit 1
echo "fuzz-check-foreign: mimalloc: corpus replays, $grid finds its misaligned 256 to 1024"
set --
for seed in corpus/*.txt; do [ "$seed" = "$grid" ] || set -- "$@" "$seed"; done
"$build/fuzz/mimalloc/replay-gcc" -q -t "$seeds_limit" "$@" corpus/regressions || exit 1
log=$build/fuzz/mimalloc/grid.log
"$build/fuzz/mimalloc/replay-gcc" -t "$seeds_limit" "$grid" >"$log" 2>&1 && exit 0
grep -q "^halloc-fuzz: ORACLE misaligned fired at op #[0-9]*: aligned [0-9]* \(256\|512\|1024\) " "$log" && exit 0
cat "$log"
echo "fuzz-check-foreign FAILED: $grid on mimalloc neither replayed clean (a mimalloc with its bug fixed)" \
    "nor found 2.0.9's misaligned aligned 256 to 1024, above"
exit 1
