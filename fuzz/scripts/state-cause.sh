#!/bin/sh
# state-cause.sh [chance]: the likely cause of a crash that its saved input
# does not repeat every time (libfuzzer.sh and afl.sh run it again alone, in
# fresh processes, up to 10 times), written once here.
#   no argument: it passed every time; it needed the inputs the fuzzer ran
#     before it in the same process;
#   chance: it passed alone, then failed: the allocator does not do the same
#     thing twice with one input.
if [ "${1:-}" = chance ]; then
    echo "Likely cause: the allocator does not do the same thing twice with one input - random choices (a seed" \
        "taken from getrandom, /dev/urandom, the time, the pid or an address) or memory read before it is" \
        "written; seed it with a constant in create() (fuzz/ADAPTERS.md, \"A randomised allocator\")"
else
    echo "Likely cause: allocator state that outlives destroy() and create() (a static heap, a free-list head," \
        "an init that runs once; fuzz/ADAPTERS.md, \"An allocator with one global heap\"); else a bug that depends" \
        "on where memory is mapped, or on random choices that these runs did not repeat"
fi
