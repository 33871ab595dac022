# Shared helpers for CLI tests (sourced). Each test is a bash script run by
# ctest with EVMAP (the binary), EVMAP_IDX (the index), EVMAP_SRC (source
# tree) and EVMAP_TESTS (tests folder) set. It prints "N passed, N failed".
set -u
pass=0
fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect_status WANT CMD...: runs CMD, stdout to $TMP/out, stderr to $TMP/err.
expect_status() {
    local want=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "exit $got, want $want: $*"
        sed 's/^/  stderr: /' "$TMP/err" >&2
    fi
}

# expect_grep PATTERN FILE: FILE contains PATTERN (extended regex).
expect_grep() {
    if grep -Eq -- "$1" "$2"; then ok; else
        bad "'$1' not in $2"
        head -c 600 "$2" | sed 's/^/  | /' >&2
    fi
}

# expect_json FILE PYTHON-EXPR: the expression over j (the parsed JSON) is true.
expect_json() {
    if python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; then
        ok
    else
        bad "JSON check failed: $2"
        head -c 600 "$1" | sed 's/^/  | /' >&2
    fi
}

finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
