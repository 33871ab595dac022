#!/usr/bin/env bash
# Gazetteer benchmark for issue 2 item 9: index build time, index size, cold-start wall time and
# peak RSS of `evmap lookup Vladivostok`, exact lookups per second. Prints Markdown table rows.
#
# Usage: bench/bench_gazetteer.sh [--no-build]    (run from the project root after a Release build)
# Every setting below can be overridden from the environment, e.g.
#   EVMAP=build/evmap INDEX=build/gazetteer/evmap.idx RUNS=21 bench/bench_gazetteer.sh
#
# "Cold start" means a new process each run (the index file stays in the page cache: dropping the
# cache needs root and disturbs everyone else on the machine). Not a ctest test: timings are noisy.
set -euo pipefail

# ---- settings --------------------------------------------------------------------------------
EVMAP=${EVMAP:-build/evmap}
INDEX=${INDEX:-build/evmap.idx}
# The index compiler (writes a copy beside the index, so the build stays intact).
GAZC_CMD=${GAZC_CMD:-"build/gazetteer/evmap-gazc --sources build/gazetteer/sources --supplement gazetteer/supplement.tsv -o $INDEX.bench"}
LOOKUP_NAME=${LOOKUP_NAME:-Vladivostok}
RUNS=${RUNS:-21}        # cold-start runs; the median is reported
RSS_RUNS=${RSS_RUNS:-5} # peak-RSS runs; the maximum is reported
# Lookups/s micro-benchmark (a C program the lead writes). It should print one line:
# the number of exact lookups per second on one core. Empty: the row says "not measured".
LOOKUP_BENCH_CMD=${LOOKUP_BENCH_CMD:-"build/bench/bench_lookup $INDEX 2"}
# ----------------------------------------------------------------------------------------------

build=1
for a in "$@"; do
  case $a in
    --no-build) build=0 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench_gazetteer.sh: unknown argument: $a" >&2; exit 1 ;;
  esac
done

now_ns() { date +%s%N; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
  else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

lookup_cmd=("$EVMAP" lookup --gazetteer "$INDEX" "$LOOKUP_NAME")
[[ -x $EVMAP ]] || { echo "bench_gazetteer.sh: evmap not found or not executable: $EVMAP" >&2; exit 2; }

echo "| measure | value | target | command |"
echo "|---|---|---|---|"

# 1. Index build time (one run: the compiler is deterministic and slow enough to time once).
if ((build)); then
  t0=$(now_ns)
  # shellcheck disable=SC2086 # GAZC_CMD is a command line on purpose
  if ! $GAZC_CMD >/dev/null; then
    echo "bench_gazetteer.sh: index build failed: $GAZC_CMD" >&2
    exit 2
  fi
  t1=$(now_ns)
  echo "| index build time | $(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f s", ns / 1e9 }') | | \`$GAZC_CMD\` |"
fi

# 2. Index size.
[[ -f $INDEX ]] || { echo "bench_gazetteer.sh: index not found: $INDEX" >&2; exit 2; }
size=$(stat -c %s "$INDEX")
echo "| index size | $(awk -v b="$size" 'BEGIN { printf "%.1f MB (%d bytes)", b / 1e6, b }') | | \`stat -c %s $INDEX\` |"

# 3. Cold-start wall time, median of RUNS fresh processes.
"${lookup_cmd[@]}" >/dev/null || { echo "bench_gazetteer.sh: lookup failed: ${lookup_cmd[*]}" >&2; exit 2; }
if command -v hyperfine >/dev/null; then
  json=$(mktemp)
  hyperfine --runs "$RUNS" --warmup 1 -N --style none --export-json "$json" \
    "${lookup_cmd[*]}" >/dev/null
  med=$(python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1e3))' "$json")
  rm -f "$json"
  how="hyperfine -N --runs $RUNS"
else
  samples=()
  for ((i = 0; i < RUNS; i++)); do
    t0=$(now_ns)
    "${lookup_cmd[@]}" >/dev/null
    t1=$(now_ns)
    samples+=($((t1 - t0)))
  done
  med=$(ms "$(printf '%s\n' "${samples[@]}" | median)")
  how="median of $RUNS runs, bash loop with date +%s%N (includes fork/exec)"
fi
echo "| cold start \`lookup $LOOKUP_NAME\` | $med ms | ≤ 20 ms | \`${lookup_cmd[*]}\` ($how) |"

# 4. Peak RSS (GNU time, maximum resident set size in KiB).
if [[ -x /usr/bin/time ]]; then
  peak=0
  out=$(mktemp)
  for ((i = 0; i < RSS_RUNS; i++)); do
    /usr/bin/time -o "$out" -f %M "${lookup_cmd[@]}" >/dev/null
    kib=$(tail -n 1 "$out")
    if ((kib > peak)); then peak=$kib; fi
  done
  rm -f "$out"
  echo "| peak RSS \`lookup $LOOKUP_NAME\` | $(awk -v k="$peak" 'BEGIN { printf "%.1f MB (%d KiB)", k / 1024, k }') | ≤ 64 MB | \`/usr/bin/time -f %M ${lookup_cmd[*]}\` (max of $RSS_RUNS) |"
else
  echo "| peak RSS | not measured: /usr/bin/time missing (Debian package \`time\`) | ≤ 64 MB | |"
fi

# 5. Exact lookups per second on one core.
# ==== PLACE FOR THE LEAD: lookups/s micro-benchmark (C program, e.g. bench/bench_lookup.c). ====
# Set LOOKUP_BENCH_CMD to its command line; it must print the lookups per second as its last line.
if [[ -n $LOOKUP_BENCH_CMD ]]; then
  # shellcheck disable=SC2086
  pin=()
  if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
  # shellcheck disable=SC2086
  rate=$("${pin[@]}" $LOOKUP_BENCH_CMD | tail -n 1)
  echo "| exact lookups/s (one core) | $rate | ≥ 2 M/s | \`${pin[*]} $LOOKUP_BENCH_CMD\` |"
else
  echo "| exact lookups/s (one core) | not measured (set LOOKUP_BENCH_CMD) | ≥ 2 M/s | |"
fi
# ==============================================================================================
