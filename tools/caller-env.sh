# shellcheck shell=sh
# caller-env.sh, sourced from the top of the tree: drop_caller_env [NAME...]
# unsets every exported variable tools/caller-vars.mk lists (the caller's
# HALLOC_* switches and fuzzing variables, the list make drops for a check
# goal), but its CALLER_KEEP and the NAMEs given (the script's own inputs,
# which its make recipe passes under such names). A check script run by hand
# then sees what it sees under make.
drop_caller_env() {
    _vars=$(sed -n 's/^CALLER_VARS *:= *//p' tools/caller-vars.mk | tr % '*')
    _keep="$(sed -n 's/^CALLER_KEEP *:= *//p' tools/caller-vars.mk) $*"
    [ -n "$_vars" ] || {
        echo "drop_caller_env: no CALLER_VARS line in tools/caller-vars.mk: run from the top of the tree"
        exit 2
    }
    for _name in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p'); do
        case " $_keep " in *" $_name "*) continue ;; esac
        for _pat in $_vars; do
            # shellcheck disable=SC2254 # the list's patterns, HALLOC_* among them
            case $_name in $_pat) unset "$_name" ;; esac
        done
    done
    unset _vars _keep _name _pat
}
