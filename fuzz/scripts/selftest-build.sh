# selftest-build.sh, sourced by the checks that build selftest adapters on
# the harness objects check-adapters.sh compiled (check-reports.sh,
# check-usable-hint.sh, check-dropin-reports.sh, check-replay-options.sh,
# check-seed-depth.sh, check-bigalign.sh, check-heap-limit.sh, check-discard.sh): the flags and
# the build, once.
# The sourcing script sets cc (the compiler) and hobjs (the objects, words).
# shellcheck shell=sh

selftest_cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz"

# build_on_harness BIN ADAPTER [FLAGS...]: the replay driver over ADAPTER,
# built with FLAGS into BIN (BIN.o beside it); fails as the compiler does.
build_on_harness() {
    bin=$1 adapter=$2
    shift 2
    # shellcheck disable=SC2086 # $cc and $selftest_cflags are words; the harness objects one word each
    $cc $selftest_cflags "$@" -c "$adapter" -o "$bin.o" && $cc "$bin.o" $hobjs -o "$bin"
}
