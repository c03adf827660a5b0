# shellcheck shell=sh
# quote.sh: the names the scripts print in a command to paste, quoted for
# the shell as the C side quotes them (bench/text-input.h's
# text_name_quoted). Sourced; defines functions only.

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
        for (i = 1; i < 256; i++) code[sprintf("%c", i)] = i
        control = 0
        for (i = 1; i <= length(s); i++) {
            c = code[substr(s, i, 1)]
            if (c < 32 || c == 127) control = 1
        }
        if (!control) { gsub(q, q "\\" q q, s); print q s q; exit }
        named[10] = "\\n"; named[9] = "\\t"; named[13] = "\\r"
        out = "$" q
        for (i = 1; i <= length(s); i++) {
            ch = substr(s, i, 1); c = code[ch]
            if (ch == "\\" || ch == q) out = out "\\" ch
            else if (c in named) out = out named[c]
            else if (c < 32 || c == 127) out = out sprintf("\\x%02x", c)
            else out = out ch
        }
        print out q
    }'
}
