# Helpers for CLI tests (sourced after `cd` to the repository root): $sfdbg, a temporary
# folder $tmp removed on exit, and TAP lines (ok, is, skip, done_testing).
sfdbg=${SFDBG:-./sfdbg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
# is WANT GOT NAME: passes when GOT is WANT, else shows both
is() { [ "$1" = "$2" ] && ok 0 "$3" || { echo "# got '$2', expected '$1'"; ok 1 "$3"; }; }
done_testing() { echo "1..$n"; [ "$fails" = 0 ]; }
# engine_objects BUILD: the built objects of today's engine sources (a stale object of a
# removed file is not the engine's)
engine_objects() {
    find engine -name '*.c' | sort | sed "s|^|$1/|; s|\.c\$|.o|" |
        while read -r o; do [ -f "$o" ] && echo "$o"; done
}
# symbols_used OBJECT REGEX: the symbols OBJECT takes from elsewhere that are ^(REGEX)$
symbols_used() { nm -u "$1" | awk -v re="^($2)\$" '$2 ~ re {printf "%s ", $2}'; }
# expect_run NAME EXIT STDOUT_SUBSTRING STDERR_SUBSTRING -- ARGS...: runs $sfdbg ARGS (stdin
# /dev/null; stdout in $tmp/out, stderr in $tmp/err) and checks its exit status and output
expect_run() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4
    shift 5
    $VALGRIND_CMD "$sfdbg" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    local rc=$?
    local good=0
    [ "$rc" = "$want_rc" ] || { good=1; echo "# exit $rc, expected $want_rc"; }
    if [ -n "$want_out" ] && ! grep -qF -- "$want_out" "$tmp/out"; then
        good=1; echo "# stdout: $(head -c 400 "$tmp/out")"; echo "# expected to contain: $want_out"
    fi
    if [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$tmp/err"; then
        good=1; echo "# stderr: $(head -c 400 "$tmp/err")"; echo "# expected to contain: $want_err"
    fi
    ok $good "$name"
}
