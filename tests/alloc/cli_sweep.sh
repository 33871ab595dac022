#!/usr/bin/env bash
# Allocation failures through the commands (EVMAP_ALLOC_HOOKS builds: evmap
# honours EVMAP_ALLOC_FAIL_AFTER=N). For each command below, N = 0, 1, 2, ...
# fails allocation N and every later one until a run succeeds (N is then the
# command's allocation count). Every failing run must exit 2 with a message
# on stderr (no crash, no usage error), and the first successful run must
# give exactly the output of a run without failures (a failure swallowed
# with exit 0 would show as a different output).
# EVMAP_ALLOC_SWEEP_STRIDE=K (default 1) tries only every Kth N, up to the
# first success (valgrind_cli_alloc_sweep: valgrind checks those runs for
# leaks; the output check then holds trivially).
# env: EVMAP, EVMAP_TINY (tiny index), EVMAP_TESTS
. "$EVMAP_TESTS/cli/lib.sh"
: "${EVMAP_TINY:?}"
stride=${EVMAP_ALLOC_SWEEP_STRIDE:-1}
G=(--gazetteer "$EVMAP_TINY" --gazetteer-extra "$EVMAP_TESTS/alloc/extra.tsv")
art="$EVMAP_TESTS/alloc/article.txt"

# sweep NAME OUTPUT CMD...: OUTPUT is a file or folder the command writes
# (stdout when "-").
sweep() {
    local name=$1 output=$2
    shift 2
    local ref="$TMP/$name.ref" got="$TMP/$name.got"
    rm -rf "$ref" "$got"
    if [ "$output" = - ]; then "$@" >"$ref" 2>/dev/null; else "$@" >/dev/null 2>&1 && mv "$output" "$ref"; fi ||
        { bad "$name: the run without failures failed"; return; }
    local n=0 st failures=0
    while :; do
        rm -rf "$got"
        [ "$output" = - ] || rm -rf "$output"
        if [ "$output" = - ]; then
            EVMAP_ALLOC_FAIL_AFTER=$n "$@" >"$got" 2>"$TMP/err"
        else
            EVMAP_ALLOC_FAIL_AFTER=$n "$@" >/dev/null 2>"$TMP/err"
        fi
        st=$?
        [ "$st" -eq 0 ] && break
        failures=$((failures + 1))
        if [ "$st" -ne 2 ] || ! [ -s "$TMP/err" ]; then
            bad "$name: allocation $n: exit $st, want 2 with a message"
            sed 's/^/  stderr: /' "$TMP/err" | head -5 >&2
            return
        fi
        n=$((n + stride))
    done
    [ "$output" = - ] || mv "$output" "$got"
    if diff -r "$ref" "$got" >/dev/null; then ok; else bad "$name: output after $n allocations differs"; fi
    [ "$n" -gt 10 ] && ok || bad "$name: only $n allocations (are the hooks on?)"
    if [ "$stride" -eq 1 ]; then echo "$name: $n allocations, $failures failing runs checked"
    else echo "$name: N = 0, $stride, $((2 * stride)), ... below about $n allocations: $failures failing runs checked"; fi
}

sweep places - "$EVMAP" places "$art" "${G[@]}"
sweep check - "$EVMAP" check "$art" --format geojson "${G[@]}"
sweep check-text - "$EVMAP" check "$art" "${G[@]}"
sweep map "$TMP/map" "$EVMAP" map "$art" -o "$TMP/map" "${G[@]}"
sweep map-geojson - "$EVMAP" map "$art" --format geojson "${G[@]}"
sweep lookup - "$EVMAP" lookup Northport "${G[@]}"
sweep distance - "$EVMAP" distance Northport Osterby --format json "${G[@]}"
sweep route - "$EVMAP" route Northport Riverbend Osterby "${G[@]}"
finish
