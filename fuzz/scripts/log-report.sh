# shellcheck shell=sh
# log-report.sh, sourced by libfuzzer.sh: report_from_log, what stopped a
# libFuzzer run, read back from its log ($log, which libfuzzer.sh's
# screen_and_log wrote in lines of at most $piece bytes): the harness's
# report, the sanitizer's SUMMARY and the allocator's frame under it; after
# the allocator's own abort or trap, the line it printed just before.

# The last report of the harness (its "halloc-fuzz: " line and the indented
# lines under it, not its totals or clean-exit line, and not its generic
# "reproduce:" line: the exact command
# follows; make fuzz-parse's "parse-fuzz: contract broken: " line) after the
# last sanitizer's or libFuzzer's SUMMARY line, which names the error.
# libFuzzer's "deadly signal" after an oracle's report or a broken contract
# is only the harness's abort, so it is left out. A progress line ("#N ...")
# starts a new input: what was printed before it is not what stopped the run.
# When the SUMMARY names a function of the sanitizer's own (memcpy-param-overlap
# "in __asan_memcpy"), or none (libFuzzer's timeout, a signal such as the
# allocator's own abort, UBSan's "runtime error", whose SUMMARY does not say
# what was undefined: its error line does, so that follows too), the first frame of the
# error's stack past the sanitizer's, libFuzzer's and libc's signal frames
# follows it: the allocator's line that made the call, that loops, that
# raised the signal, or that did the undefined thing. A timeout's stack in
# libc's lock calls (futex_wait under pthread_mutex_lock) is a wait, not a
# loop: the line that waits follows, and the lock call it waits in.
# A sanitizer's failed internal CHECK prints no SUMMARY and calls no hook of
# the harness (libFuzzer's death callback runs, the harness's report does
# not): the CHECK line stands in for the SUMMARY, followed by that frame.
# The log's lines are at most $piece bytes (screen_and_log wrote it), which
# keeps each run of this awk, and there are several, linear in the log.
# shellcheck disable=SC2154 # log: set by libfuzzer.sh, which sources this file
report_from_log() {
    awk '
        function where(line) { sub(/^ *#[0-9]+ 0x[0-9a-f]+ in /, "", line); sub(/ \(BuildId: [0-9a-f]+\)$/, "", line); return line }
        # The sanitizer'"'"'s frames, and libc'"'"'s string functions (a fault in
        # the memset or memcpy an allocator called: its caller is the line).
        function own_frame() { return $4 ~ /^_*(asan|interceptor|sanitizer|ubsan|lsan|tsan)(_|::)/ || $0 ~ /libsanitizer|compiler-rt/ ||
                                      $4 ~ /^_*(mem|str|stp|wmem|wcs)[a-z0-9]*(_[a-z0-9]+)*$/ && $0 ~ /sysdeps\/|\(\/(usr\/)?lib[^)]*\/libc\.so/ }
        # A mutex both racing accesses held, at least one of them only shared (mode[], the data race'"'"'s), else "".
        function shared_by_both(   key, k) {
            for (key in mode) {
                split(key, k, SUBSEP)
                if (k[1] == 1 && ((2, k[2]) in mode) && (mode[key] == "shared" || mode[2, k[2]] == "shared")) return k[2]
            }
            return ""
        }
        function lock_wait() { return $4 ~ /^(_*futex_|__GI___lll_lock|lll_mutex_lock|_*pthread_(mutex|rwlock|spin)_[a-z]*lock$|_*pthread_cond_(timed|clock)?wait$|_*sem_(timed|clock)?wait$|_*pthread_(clock|timed|try)?join(_ex)?$)/ }
        { before = last; last = $0 }
        /^#[0-9]+[ \t:]/ { report = ""; summary = ""; frame = ""; waits = ""; located = ""; ub = ""; in_stack = 0; in_origin = 0 }
        /^==[0-9]+== ?ERROR: / { frame = ""; waits = ""; located = ""; in_stack = 1; in_report = 0; next }
        /^[A-Za-z]*Sanitizer: CHECK failed: / { summary = $0; frame = ""; located = ""; in_stack = 1; in_report = 0; next }
        /^[^ ].*: runtime error: / { frame = ""; located = ""; in_stack = 1; in_report = 0; ub = $0; sub(/^.*: runtime error: /, "", ub); next }
        # A misaligned or vptr finding puts notes and a dump of the memory
        # (hex bytes, a line of ^ and ~ marks) between its error line and
        # its stack.
        in_stack && ub != "" && frame == "" && (/: note: / || /^<memory cannot be printed>$/ || /^ [ 0-9a-f^~]*$/ || /^ +vptr for /) { next }
        # So do an ASan SEGV'"'"'s lines on the access ("The signal is caused by a WRITE", "Hint: ...").
        in_stack && frame == "" && /^==[0-9]+==(The signal is caused by |Hint: )/ { next }
        # ThreadSanitizer'"'"'s frames carry no address ("#9 pthread_join <null> (bin+0x...) (BuildId: ...)"):
        # read as ASan'"'"'s; one with no source line (its runtime'"'"'s, libFuzzer'"'"'s) is passed over.
        in_stack && /^    #[0-9]+ [^0 ]/ {
            sub(/ \(BuildId: [0-9a-f]+\)$/, ""); sub(/ \([^ ()]*\+0x[0-9a-f]+\)$/, ""); n = $1; $1 = ""; $0 = "    " n " 0x0 in" $0
        }
        in_stack && /^    #[0-9]+ 0x[0-9a-f]+ / {
            if (frame == "" && $3 == "in" && lock_wait()) { waits = $4; sub(/^_*/, "", waits) }
            # chain() (fuzz/crash-signals.c) hands every signal to libFuzzer: it is on
            # each deadly signal'"'"'s stack, above the abort or fault that raised it,
            # under the harness'"'"'s handler of it (allocator_stopped, fault_seen);
            # libfuzzer_alarm_seen (fuzz/timeout.c) on a timeout'"'"'s, above the loop.
            else if (frame == "" && $3 == "in" && !own_frame() && $NF != "<null>" && $4 !~ /^(fuzzer::|__pthread_kill|pthread_kill$|raise$|abort$|__GI_)/ &&
                     !($4 ~ /^(chain|allocator_stopped|fault_seen)$/ && $NF ~ /\/fuzz\/crash-signals\.c:/) && !($4 == "libfuzzer_alarm_seen" && $NF ~ /(^|\/)timeout\.c(:|$)/))
                frame = where($0)
            next
        }
        # Where the bad address lies, and the allocator line that made or
        # freed that memory (the first frame with a source line, past the
        # sanitizer'"'"'s own malloc or mmap).
        /^0x[0-9a-f]+ is located / { located = $0; origin = ""; next }
        located != "" && /^(previously )?(allocated|freed) by thread / { in_origin = 1; how = $0; sub(/ by thread.*/, " by", how); next }
        in_origin && /^    #[0-9]+ 0x[0-9a-f]+ / {
            if (origin == "" && $3 == "in" && !own_frame() && $NF ~ /:[0-9]+(:[0-9]+)?$/) origin = how " " where($0)
            next
        }
        # ThreadSanitizer: a WARNING line, then stacks whose frames carry no
        # address ("#1 func file:line:col (bin+0x...)"), under lines of its
        # own ("  Mutex M1 acquired here ...") and blank ones. The first frame past pthread'"'"'s
        # and the sanitizer'"'"'s: the allocator'"'"'s lock, unlock or thread start.
        /^WARNING: ThreadSanitizer: / { frame = ""; located = ""; in_tsan = 1; in_report = 0; nacc = 0; acc_on = 0; next }
        # A data race: each access (its kind, thread, the mutexes held), its
        # first frame, and the call that reached it: the last frame before the
        # harness'"'"'s own, the adapter'"'"'s function for the op. An access with
        # no frame before the harness'"'"'s is the harness'"'"'s own on a block'"'"'s
        # bytes: its first frame names it.
        in_tsan && /^  (Previous )?([Aa]tomic )?([Rr]ead|[Ww]rite) of size [0-9]+ at .* by / {
            acc[++nacc] = $0; sub(/^  /, "", acc[nacc]); sub(/ of size [0-9]+ at [^ ]+/, "", acc[nacc]); sub(/:$/, "", acc[nacc])
            top[nacc] = ""; via[nacc] = ""; first_frame[nacc] = ""; acc_on = 1; next
        }
        in_tsan && /^  [A-Z]/ { acc_on = 0 }
        in_tsan && /^    #[0-9]+ / {
            here = $0; sub(/^ *#[0-9]+ /, "", here); sub(/ \(BuildId: [0-9a-f]+\)$/, "", here); sub(/ \([^ ()]*\+0x[0-9a-f]+\)$/, "", here)
            if (frame == "" && $2 !~ /^_*(interceptor_|tsan|sanitizer|pthread_)/ && $3 != "<null>") frame = here
            if (acc_on && first_frame[nacc] == "") first_frame[nacc] = here
            if (acc_on && $3 ~ /\/fuzz\/([a-z]+\.c|adapter\.h):/) acc_on = 0
            else if (acc_on) { if (top[nacc] == "") top[nacc] = here; via[nacc] = here }
            next
        }
        in_tsan && (/^  / || /^$/) { next }
        { in_stack = 0; in_origin = 0; in_tsan = 0 }
        /^halloc-fuzz: / && !/^halloc-fuzz: (totals: |clean only on )/ || /^parse-fuzz: contract broken: / { report = $0; in_report = 1
            # An allocator that stops the program often says why on the line
            # before (a debugging one'"'"'s "fence smashed at 0x...").
            if (/^halloc-fuzz: CRASH \(SIG(ABRT|ILL)/ && before !~ /^([ \t]|$|#|==|INFO:|MS:|NOTE:|SUMMARY:|halloc-fuzz:|fuzz:)/)
                report = report "\n  the allocator printed just before it stopped: " before
            next
        }
        in_report && /^  reproduce: / { next }
        in_report && /^  / { report = report "\n" $0; next }
        { in_report = 0 }
        /^SUMMARY: / { summary = $0 }
        END {
            # The harness'"'"'s own abort after its report (an oracle, a create()
            # that failed): the report says it all, no frame is the allocator'"'"'s.
            oracle_abort = report ~ /^(halloc-fuzz: ORACLE |halloc-fuzz: adapter .* could not create a heap |parse-fuzz: contract broken: )/ && summary == "SUMMARY: libFuzzer: deadly signal"
            if (summary != "" && !oracle_abort) print summary
            if (ub != "" && summary ~ /^SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /) print "  runtime error: " ub
            split(frame, f, " ")
            own = "(the first frame of the stack above past the sanitizer'"'"'s and libFuzzer'"'"'s own)"
            if (summary == "" || oracle_abort || frame == "") {}
            else if (summary ~ /^SUMMARY: libFuzzer: timeout/ && waits ~ /join/)
                print "  the input was still running " frame ", waiting in " waits " for a thread that never ended: one blocked on a mutex left locked on a return path, or locked twice? (make replay-threads names each thread'"'"'s op that never returned) " own
            else if (summary ~ /^SUMMARY: libFuzzer: timeout/ && waits != "")
                print "  the input was still running " frame ", waiting in " waits ": a lock it took and never released, or takes twice? " own
            else if (summary ~ /^SUMMARY: libFuzzer: timeout/) print "  the input was still running " frame " " own
            else if (summary ~ /^SUMMARY: libFuzzer: deadly signal/) print "  the signal came from " frame " " own
            else if (summary ~ /Sanitizer: CHECK failed: /) print "  in a call from " frame " " own
            else if (summary ~ /^SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /) print "  in " frame " " own
            else if (index(summary, " in " f[1]) == 0) print "  called from " frame " " own
            # TSan'"'"'s lock findings name pthread'"'"'s call, not why: most often
            # a mutex left locked on a return path (an error path or early
            # return that skips the unlock), which TSan sees only later.
            if (summary ~ /ThreadSanitizer: lock-order-inversion/)
                print "  likely cause: a mutex left locked on a return path (an error path or early return that skips its unlock), so a later call took it while holding another, in the other order"
            else if (summary ~ /ThreadSanitizer: unlock of an unlocked mutex/)
                print "  likely cause: an unlock on a path that did not lock, one unlock too many on a return path, or an unlock by a thread that does not hold the mutex"
            else if (summary ~ /ThreadSanitizer: data race/ && nacc >= 2) {
                for (i = 1; i <= 2; i++) {
                    held[i] = acc[i] ~ /\(mutexes: / ? acc[i] : ""; sub(/^.*\(mutexes: /, "", held[i]); sub(/\)$/, "", held[i])
                    # TSan'"'"'s "read M0" is a read-write lock held shared: said so, as it orders no other reader.
                    nm = split(held[i], m, ", "); held[i] = ""
                    for (k = 1; k <= nm; k++) {
                        name = m[k]; sub(/^(write|read) /, "", name); mode[i, name] = m[k] ~ /^read / ? "shared" : "alone"
                        held[i] = held[i] (k > 1 ? ", " : "") name (m[k] ~ /^read / ? " shared (a read lock)" : "")
                    }
                    sub(/ \(mutexes: .*$/, "", acc[i])
                    print "  " acc[i] ", " (held[i] != "" ? "holding " held[i] : "holding no mutex") ": " \
                        (top[i] == "" ? first_frame[i] " (the harness'"'"'s own)" : top[i] (via[i] != top[i] ? ", called through " via[i] : ""))
                }
                # Neither stack has an allocator frame: the allocator'"'"'s hand-over
                # of the block between the threads is not in either, so whether
                # a lock guarded it says nothing.
                if (top[1] == "" && top[2] == "")
                    print "  likely cause: both accesses are the harness'"'"'s own, on a block'"'"'s bytes: the allocator handed one block to two threads at once (a real bug: a block on two threads'"'"' caches, a remote free pushed while the block was still in use), or it synchronises in code ThreadSanitizer does not see (a library not built with -fsanitize=thread: rebuild it so, or judge it with THREADS_SAN=address)"
                else if ((held[1] == "") != (held[2] == "")) {
                    bare = held[1] == "" ? 1 : 2; split(via[bare], b, " "); split(via[3 - bare], o, " ")
                    # The harness needs no mutex on a block it was handed: the
                    # allocator'"'"'s locked call is the one that should not be there.
                    if (top[bare] == "")
                        print "  likely cause: the access holding no mutex is the harness'"'"'s own, on a block'"'"'s bytes, which it needs no lock for: " o[1] " touched a block the allocator had handed out (a block handed out while still on a free list or cache, a link or header written into a block in use)"
                    else
                        print "  likely cause: " b[1] " reached this memory without the mutex the other call held: a path that skips the lock"
                } else if ((shared = shared_by_both()) != "")
                    print "  likely cause: both calls held " shared " only shared (a read lock, which keeps its writer out, not the other readers): a write made under the read lock to memory the readers share - take the lock alone (for writing) there, or make that memory atomic"
                else if (held[1] == "" && held[2] == "")
                    print "  likely cause: neither call held a mutex: memory two threads share with no lock and no atomic - one thread'"'"'s own cache or list reached from another (a block freed into the cache of the thread that allocated it), or a shared counter updated with a plain ++"
            }
            else if (summary ~ /ThreadSanitizer: thread leak/)
                print "  likely cause: a thread never joined: one still blocked on a mutex another thread left locked on a return path, or the allocator'"'"'s own thread not joined by destroy()"
            if (located != "" && summary ~ /^SUMMARY: /) print "  " located (origin != "" ? ", " origin : "")
            if (report != "") print report
        }' "$log"
}
