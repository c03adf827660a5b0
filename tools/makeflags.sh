# makeflags.sh, sourced: make_flag LETTER succeeds if make was given that
# one-letter flag (k: -k, n: -n), read from the MAKEFLAGS the caller exported.
# make puts its one-letter flags in the first word of MAKEFLAGS, without a
# dash; a first word with one is an option or a variable, and no flags are set.
make_flag() {
    _flags=${MAKEFLAGS:-}
    _flags=${_flags%% *}
    case $_flags in
    -* | *=*) return 1 ;;
    *"$1"*) return 0 ;;
    esac
    return 1
}
