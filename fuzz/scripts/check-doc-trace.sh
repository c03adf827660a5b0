#!/bin/sh
# check-doc-trace.sh TRACE_TOOL WORKDIR: the sample text trace fuzz/README.md
# shows under "**Text traces**" parses as a reader would copy it, and its
# version line and the README's "FUZZ_ENCODING_VERSION, now N" name
# fuzz/ops.h's version. The sample's `free-all [a|b|...]` line lists the
# orders to choose from: it is read once per order, so each is checked.
# A renamed op or symbol, or a new encoding version, fails here rather than
# leave the first example a user copies refused by the parser.
set -eu
# No drop_caller_env: it starts no make.
tool=$1 work=$2
mkdir -p "$work"
fail() {
    echo "fuzz-check-trace FAILED (fuzz/README.md's sample trace): $*"
    exit 1
}
sample=$work/readme-sample.txt
awk '/^\*\*Text traces\*\*/ { s = 1; next }
     s && /^```/ { if (p) exit; p = 1; next }
     p && /^free-all \[/ {
         orders = $0; sub(/^free-all \[/, "", orders); sub(/\].*/, "", orders)
         n = split(orders, o, "|")
         for (i = 1; i <= n; i++) print "free-all " o[i]
         next
     }
     p' fuzz/README.md >"$sample"
[ -s "$sample" ] ||
    fail "no code block under **Text traces**: if the sample moved, point fuzz/scripts/check-doc-trace.sh at it"
version=$(sed -n 's/^#define FUZZ_ENCODING_VERSION \([0-9][0-9]*\).*/\1/p' fuzz/ops.h)
[ -n "$version" ] || fail "no #define FUZZ_ENCODING_VERSION in fuzz/ops.h"
first=$(awk '!/^[[:space:]]*(#|$)/ { print; exit }' "$sample")
[ "$first" = "version $version" ] ||
    fail "its first line is '$first', not 'version $version' (fuzz/ops.h): update the sample"
grep -q "\`FUZZ_ENCODING_VERSION\`, now ${version}[^0-9]" fuzz/README.md ||
    fail "its Inputs section does not say \`FUZZ_ENCODING_VERSION\`, now $version (fuzz/ops.h): update it"
"$tool" roundtrip "$sample" >"$work/readme-sample.log" 2>&1 ||
    fail "the parser refuses it (the line is numbered as in $sample): $(cat "$work/readme-sample.log")"
echo "fuzz-check-trace: fuzz/README.md's sample trace parses ($(grep -c . "$sample") lines, every free-all order), version $version as fuzz/ops.h"
