#!/bin/sh
# state-cause.sh: the likely cause of a crash that an input shows only after
# the inputs a fuzzer ran before it in the same process (libfuzzer.sh and
# afl.sh say it when the saved input passes alone), written once here.
echo "Likely cause: allocator state that outlives destroy() and create() (a static heap, a free-list head," \
    "an init that runs once; fuzz/ADAPTERS.md, \"An allocator with one global heap\"); else a bug that depends" \
    "on where memory is mapped"
