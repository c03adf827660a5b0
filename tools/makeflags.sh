# makeflags.sh, sourced: make_flag LETTER succeeds if make was given that
# one-letter flag (k: -k, n: -n), read from the MAKEFLAGS the caller exported.
# make puts its one-letter flags in the first word of MAKEFLAGS, without a
# dash; a first word with one is an option or a variable, and no flags are set.
# shellcheck shell=sh
make_flag() {
    _flags=${MAKEFLAGS:-}
    _flags=${_flags%% *}
    case $_flags in
    -* | *=*) return 1 ;;
    *"$1"*) return 0 ;;
    esac
    return 1
}

# make_dry_run WHAT: a script that does real work, run from a recipe line
# naming $(MAKE) (it hands MAKE on), calls this first. make runs such a line
# even under -n, -t and -q (so a sub-make can show its own commands), and
# the script would build and fuzz for real. Under -n print WHAT, one line
# saying what would run, and exit 0; under -t (nothing to touch: the check
# targets are phony) and -q (make itself answers "not up to date") exit 0
# doing nothing. Otherwise return: a real run, with make's jobserver intact.
make_dry_run() {
    if make_flag n; then
        echo "$1"
        exit 0
    fi
    if make_flag t || make_flag q; then
        exit 0
    fi
}

# make_not_silent: a check that reads the build's "  CC ..." lines from the
# makes it starts calls this first: the caller's make -s reached those makes
# through MAKEFLAGS and silenced the lines (make -s fuzz-check-lab-batch
# failed, and a check that no row compiled something passed on nothing).
# Drops -s from the exported MAKEFLAGS; its other flags and the jobserver stay.
make_not_silent() {
    _flags=${MAKEFLAGS:-}
    case ${_flags%% *} in
    -* | *=* | "") return 0 ;;
    esac
    _first=$(printf '%s' "${_flags%% *}" | tr -d s)
    case $_flags in
    *" "*) MAKEFLAGS="$_first ${_flags#* }" ;;
    *) MAKEFLAGS=$_first ;;
    esac
    export MAKEFLAGS
}
