#!/usr/bin/env bash
# Runs a script test (bash or python) with every evmap (and evmap-gazc) it
# starts running under valgrind memcheck (EVMAP_VALGRIND builds, label
# "valgrind"; registered by tests/valgrind.cmake).
#   run_script.sh LOGDIR COMMAND...
# Environment: EVMAP and EVMAP_GAZC (the real binaries; EVMAP_GAZC optional),
# EVMAP_VG (the valgrind command, options separated by spaces).
# It writes two wrappers into LOGDIR/bin and points EVMAP and EVMAP_GAZC at
# them, so the scripts need no change: each run's report goes to
# LOGDIR/<tool>.<pid>.log. valgrind runs with --quiet, so a non-empty log is
# a memory error or a definite/indirect leak. The test fails when the
# script fails (a wrapper exits 99 on such an error, which also breaks the
# script's own exit status checks) or when any log is not empty (which
# catches errors of runs whose status the script ignores), or when no
# evmap run happened at all.
set -u
: "${EVMAP:?}" "${EVMAP_VG:?}"
logdir=$1
shift
rm -rf "$logdir"
mkdir -p "$logdir/bin" || exit 1
read -r -a vg <<<"$EVMAP_VG"

wrap() { # wrap NAME REAL
    {
        echo '#!/usr/bin/env bash'
        printf 'exec'
        printf ' %q' "${vg[@]}" --error-exitcode=99 "--log-file=$logdir/$1.%p.log" "$2"
        printf ' "$@"\n'
    } >"$logdir/bin/$1"
    chmod +x "$logdir/bin/$1"
}
wrap evmap "$EVMAP"
export EVMAP="$logdir/bin/evmap"
if [ -n "${EVMAP_GAZC:-}" ]; then
    wrap evmap-gazc "$EVMAP_GAZC"
    export EVMAP_GAZC="$logdir/bin/evmap-gazc"
fi

start=$EPOCHREALTIME
"$@"
status=$?
secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')

shopt -s nullglob
logs=("$logdir"/*.log)
bad=0
for l in "${logs[@]}"; do
    if [ -s "$l" ]; then
        bad=$((bad + 1))
        echo "valgrind errors in $l:" >&2
        head -c 4000 "$l" | sed 's/^/  /' >&2
    fi
done
echo "valgrind: ${#logs[@]} runs in ${secs} s, $bad with memory errors or leaks; script exit $status"
[ "${#logs[@]}" -gt 0 ] || { echo "no run under valgrind: is EVMAP used?" >&2; exit 1; }
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ]
