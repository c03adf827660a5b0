#!/bin/sh
# report-why.sh REPORT...: one line, the short form of the first explanation
# the harness's crash report gives of a sanitizer's or a signal's finding
# (fuzz/REPORTS.md), or nothing. The explanations are its "likely cause:"
# lines (causes-blocks.c, fault-place.c, shadow.c; libfuzzer.sh's for TSan) and the lines placing
# UBSan's address, offset or number among a live (or lately freed) block's bytes or an
# address inside one (fault-place.c);
# each ends in what went wrong, after its last colon, and may close with a
# parenthesis of examples, left out here. make fuzz-lab-batch adds it to a
# row's cause (lab-batch-one.sh), so the table says why.
sed -n "/^  likely cause: /p; /^  UBSan's .* read as a pointer, /p; /^  UBSan's .* freed .* read as a pointer: /p; /^  UBSan's .* read as a number, /p; /^  the allocator computed that address /p" "$@" |
    head -n 1 | sed 's/^.*: //; s/ ([^()]*)$//'
