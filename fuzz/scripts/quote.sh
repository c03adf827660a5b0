# shellcheck shell=sh
# quote.sh: the names the scripts print in a command to paste, quoted for
# the shell as the C side quotes them (bench/text-input.h's
# text_name_quoted), and read back, and as its prose names them; and the
# counts they print, as the C side counts them. Sourced; defines functions
# and the awk text they share only.

# name_quoted NAME: NAME as one shell word, by text_name_quoted's rules: as
# it is when every character is plain (text_shell_plain's list); in single
# quotes when one is not (a space, a quote: '\'' for each '); in $'...'
# with C escapes (\n, \t, \r, else \xHH; \\ and \') when one is a control
# character, which no other quoting keeps on one line (bash reads it; dash,
# Debian's sh, does not). No name is cut: the C side cuts only at its
# buffer's size.
name_quoted() {
    HALLOC_NAME=$1 LC_ALL=C awk -v q="'" 'BEGIN {
        s = ENVIRON["HALLOC_NAME"]
        if (s != "" && s !~ /[^A-Za-z0-9_.\/+:,=@%-]/) { print s; exit }
        if (escaped(s, "") == s) { gsub(q, q "\\" q q, s); print q s q; exit }
        print "$" q escaped(s, "\\" q) q
    }'"$name_escapes"
}

# name_shown NAME: NAME as prose names it (bench/text-input.h's
# text_name_shown, NAME_SHOWN): each control character as its C escape (\n,
# \t, \r, else \xHH), every other byte as it is, so a newline in a name
# cannot split a report's line nor an escape drive the terminal. Not quoted:
# a command to paste gets name_quoted.
name_shown() {
    HALLOC_NAME=$1 LC_ALL=C awk 'BEGIN { print escaped(ENVIRON["HALLOC_NAME"], "") }'"$name_escapes"
}

# lines_shown: the lines on stdin each as name_shown shows a name, but for
# a tab, kept: a log's tail, whose tools name files raw ("Running: PATH"),
# and whose libFuzzer status lines hold a tab, which neither splits a line
# nor drives the terminal.
lines_shown() {
    LC_ALL=C awk '{
        n = split($0, part, "\t"); out = escaped(part[1], "")
        for (i = 2; i <= n; i++) out = out "\t" escaped(part[i], "")
        print out
    }'"$name_escapes"
}

# The awk function they use: escaped(S, BACKSLASHED) is S with each control
# character as its C escape (text_shown's: \n, \t, \r, else \xHH) and each
# character of BACKSLASHED after a \ (a $'...' word's \ and ').
name_escapes='
function escaped(s, backslashed,   out, i, ch, c, code, named) {
    for (i = 1; i < 256; i++) code[sprintf("%c", i)] = i
    named[10] = "\\n"; named[9] = "\\t"; named[13] = "\\r"
    for (i = 1; i <= length(s); i++) {
        ch = substr(s, i, 1); c = code[ch]
        if (index(backslashed, ch)) out = out "\\" ch
        else if (c in named) out = out named[c]
        else if (c < 32 || c == 127) out = out sprintf("\\x%02x", c)
        else out = out ch
    }
    return out
}'

# say TEXT...: the TEXTs, a space between, as one line, as they are. The
# lines that hold a name_quoted or name_shown name print through it: dash's
# echo (Debian's sh) reads the \n of a $'...' word as a newline, and \\ as \.
say() { printf '%s\n' "$*"; }

# counted N THING [THINGS]: "1 THING", else "N THINGs" ("2 inputs", "0
# hangs"; THINGS where the plural is not THING plus s: "crashes"), as the C
# side counts (allocator/hl_plural.h): not "input(s)".
counted() { if [ "$1" = 1 ]; then printf '1 %s\n' "$2"; else printf '%s %s\n' "$1" "${3:-${2}s}"; fi; }

# name_read WORD: the name a WORD name_quoted (or text_name_quoted) printed
# stands for, into $name_read, without an eval of the text it came from (a
# log's, a report's): quoted pieces read as the shell reads them, the rest
# as it is. A trailing newline survives (the . below).
name_read() {
    name_read=$(HALLOC_NAME=$1 LC_ALL=C awk -v q="'" 'BEGIN {
        s = ENVIRON["HALLOC_NAME"]; n = length(s); out = ""
        esc["n"] = "\n"; esc["t"] = "\t"; esc["r"] = "\r"; esc["\\"] = "\\"; esc[q] = q
        for (i = 1; i <= n; i++) {
            ch = substr(s, i, 1)
            if (ch == q) {                          # single-quoted: as it is, to the next quote
                end = index(substr(s, i + 1), q)
                if (!end) end = n - i + 1
                out = out substr(s, i + 1, end - 1); i += end
            } else if (ch == "\\" && i < n) {       # \x outside quotes: x
                out = out substr(s, ++i, 1)
            } else if (ch == "$" && substr(s, i + 1, 1) == q) { # dollar-quoted: C escapes
                for (i += 2; i <= n && (ch = substr(s, i, 1)) != q; i++) {
                    if (ch != "\\" || i == n) { out = out ch; continue }
                    ch = substr(s, ++i, 1)
                    if (ch in esc) out = out esc[ch]
                    else if (ch == "x") { out = out sprintf("%c", hex(substr(s, i + 1, 2))); i += 2 }
                    else out = out "\\" ch
                }
            } else out = out ch
        }
        printf "%s.", out
    }
    function hex(h,   v, k) {
        for (k = 1; k <= length(h); k++) v = v * 16 + index("0123456789abcdef", tolower(substr(h, k, 1))) - 1
        return v
    }')
    name_read=${name_read%.}
}

# with_traces CMD...: CMD run with the paths TRACES names after its words,
# read as the recipes of make bench and make verify-traces read $(TRACES):
# by the shell, so quotes keep a path with a blank whole, a pattern is
# expanded, and a $ or ` is the shell's (bench/README.md "Trace format and
# feeding third-party traces"). make fuzz-lab-batch reads TRACES so at each
# step. Its value is the user's, as the recipes' shell would run it.
with_traces() { eval "\"\$@\" ${TRACES:-}"; }

# for_make VALUE: VALUE as a variable given on make's command line keeps
# it, each $ doubled (make expands a variable's value where it is used).
for_make() { printf '%s\n' "$1" | sed 's/\$/$$/g'; }

# make_reads_traces WORD DIR: each path make's recipe shell is given, then
# a |, when TRACES=WORD (a tool's advice, NAME_FOR_MAKE) is pasted into
# bash, as the recipes of make bench and verify-traces read $(TRACES). For
# checks: it runs WORD, a tool's output, in bash.
make_reads_traces() {
    # shellcheck disable=SC2016 # $(TRACES): make's, in the makefile written
    printf 'all:\n\t@printf "%%s|" $(TRACES)\n' >"$2/echo.mk"
    bash -c "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -f \"\$0\" TRACES=$1" "$2/echo.mk" 2>&1 || echo " (make failed)"
}

# word_of OUT MARK N: in make -n's OUT, the Nth word after MARK on the
# (joined) line holding it, as the recipe's shell reads it: the replay line
# make hands libfuzzer.sh, afl.sh and the sweep. For checks: it evals make's
# own output, never a log's.
word_of() {
    line=$(printf '%s\n' "$1" | sed -e ':a' -e '/\\$/{N; s/\\\n//; ba' -e '}' | grep -m1 -F -- "$2") n=$3
    (eval "set -- ${line#*"$2"}" && eval "printf '%s' \"\${$n}\"") 2>/dev/null
}

# replay_build_word: the " BUILD='dir'" a replay line ends its variables
# with when the check runs under make check BUILD=dir (fuzz/replay-line.mk
# fuzz_item_build), nothing under build/. For checks: their expected lines.
replay_build_word() { [ "${BUILD:-build}" = build ] || printf " BUILD='%s'" "$BUILD"; }
