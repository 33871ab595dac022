#!/usr/bin/env bash
# Bad-input catalogue runner: makes the inputs in a temporary folder, then
# runs every row of catalogue.tsv there and checks its exit status and that
# its output (stdout and stderr together) matches the row's regex.
#   columns: name <TAB> command (bash, run in $T) <TAB> exit status <TAB> ERE
# Variables for the commands: EVMAP (the binary), IDX (the full index), TINY
# (a tiny index from fuzz/fixtures/tiny), T (the temporary folder), HERE
# (this folder). Large inputs are generated here, never committed.
# Usage: run.sh [NAME-REGEX]   (env: EVMAP, EVMAP_IDX, EVMAP_SRC, EVMAP_BUILD;
# EVMAP_BAD_INPUTS_SKIP: an ERE of row names not to run, listed as "skip")
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${EVMAP:?}" "${EVMAP_IDX:?}" "${EVMAP_SRC:?}" "${EVMAP_BUILD:?}"
IDX=$EVMAP_IDX
T=$(mktemp -d "${TMPDIR:-/tmp}/evmap-bad.XXXXXX")
trap 'rm -rf "$T"' EXIT
export EVMAP IDX T HERE
only=${1:-}
skip=${EVMAP_BAD_INPUTS_SKIP:-}

# ---- inputs -----------------------------------------------------------------
gen() { python3 - "$T" <<'PY'
import os, random, struct, sys
t = sys.argv[1]
def w(name, data):
    with open(os.path.join(t, name), 'wb') as f:
        f.write(data)
w('empty.txt', b'')
random.seed(7)
w('binary.bin', bytes(random.randrange(256) for _ in range(8192)))
w('nul.txt', b'Officials in Paris said\x00 the convoy reached Lyon.\n')
w('badutf8.txt', b'The convoy left Berlin.\nThen it reached \xc3\x28 Hamburg.\n')
w('overlong.txt', b'Trains run from Madrid\n to Seville \xc0\xaf daily.\n')
w('surrogate.txt', b'Ships sail from Oslo \xed\xa0\x80 to Bergen.\n')
w('truncseq.txt', b'Flights reach Rome \xe2\x82')
w('script.txt', b'<script>alert(1)</script> Officials in Paris said the convoy reached Lyon, '
               b'about 390 km south. <img src=x onerror=alert(2)> Residents of Lyon & Paris '
               b'cheered "</script><script>alert(3)</script>".\n')
s = b'Officials in Paris said the convoy drove 40 km north of Berlin toward Lyon. '
n = 100 * 1024 * 1024
w('line100m.txt', (s * (n // len(s) + 1))[:n])
s = b'5 km 6 km 7 miles 8 nautical miles 9 ft 10 m '
n = 10 * 1024 * 1024
w('numbers10m.txt', (s * (n // len(s) + 1))[:n])
# The extra gazetteer: GeoNames columns, coordinates out of range or overflowing.
row = lambda lat, lon: ('99300001\tTest Place\tTest Place\t\t%s\t%s\tP\tPPL\tAA\t\t\t\t\t\t0\t\t\t\t\n'
                        % (lat, lon)).encode()
w('extra-lat95.tsv', row('95', '10'))
w('extra-lon200.tsv', row('10', '-200'))
w('extra-1e400.tsv', row('1e400', '10'))
w('extra-nan.tsv', row('nan', '10'))
w('extra-hex.tsv', row('0x10', '10'))
w('extra-ok.tsv', row('45.2', '10.9'))
w('extra-1e400.geojson', b'{"type":"FeatureCollection","features":[{"type":"Feature",'
  b'"geometry":{"type":"Point","coordinates":[10,1e400]},"properties":{"name":"Far"}}]}')
w('extra-lat95.geojson', b'{"type":"FeatureCollection","features":[{"type":"Feature",'
  b'"geometry":{"type":"Point","coordinates":[10,95]},"properties":{"name":"Far"}}]}')
w('extra-nested.geojson', b'{"type":"FeatureCollection","features":' + b'[' * 100000 + b']' * 100000 + b'}')
w('extra-noname.geojson', b'{"type":"FeatureCollection","features":[{"type":"Feature",'
  b'"geometry":{"type":"Point","coordinates":[10,10]},"properties":{"name":7}}]}')
w('extra-hexlon.tsv', row('10', '-0x1p4'))
w('extra-inf.tsv', row('10', 'inf'))
w('art.txt', b'Officials in Paris said the convoy reached Lyon.\n')
# evmap batch: one JSON Lines record per file.
w('batch-nested.jsonl', b'{"id": "deep", "x": ' + b'[' * 100000 + b']' * 100000 + b', "text": "Northport"}\n')
w('batch-nested-text.jsonl', b'{"id": "deep", "text": ' + b'{"t": ' * 2000 + b'"x"' + b'}' * 2000 + b'}\n')
w('batch-id-array.jsonl', b'{"id": [1], "text": "Northport"}\n')
w('batch-id-object.jsonl', b'{"id": {"a": 1}, "text": "Northport"}\n')
w('batch-id-float.jsonl', b'{"id": 1.5, "text": "Northport"}\n')
w('batch-id-bool.jsonl', b'{"id": true, "text": "Northport"}\n')
w('batch-id-int.jsonl', b'{"id": 42, "text": "Officials in Northport said."}\n')
w('batch-text-number.jsonl', b'{"id": "n", "text": 42}\n')
w('batch-text-array.jsonl', b'{"id": "a", "text": ["Northport"]}\n')
w('batch-text-null.jsonl', b'{"id": "z", "text": null}\n')
w('batch-no-text.jsonl', b'{"id": "m", "body": "Northport"}\n')
w('batch-binary.jsonl', bytes(random.randrange(256) for _ in range(4096)))
w('notafolder', b'a file, not a folder\n')
PY
}
gen || { echo "cannot generate the inputs"; exit 1; }
TINY=$T/tiny.idx
"$EVMAP_BUILD/gazetteer/evmap-gazc" --sources "$EVMAP_SRC/fuzz/fixtures/tiny" -o "$TINY" >/dev/null 2>&1 ||
  { echo "cannot compile the tiny index"; exit 1; }
export TINY
head -c 2000 "$TINY" >"$T/trunc.idx"
head -c 40 "$TINY" >"$T/header-only.idx"
cp "$TINY" "$T/newer.idx"
printf '\x63\x00\x00\x00' | dd of="$T/newer.idx" bs=1 seek=8 conv=notrunc status=none

# ---- the catalogue ------------------------------------------------------------
pass=0 fail=0 skipped=0
while IFS=$'\t' read -r name cmd want regex; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -n "$only" && ! "$name" =~ $only ]] && continue
  if [[ -n "$skip" && "$name" =~ $skip ]]; then
    skipped=$((skipped + 1))
    printf 'skip %s\n' "$name"
    continue
  fi
  start=$EPOCHREALTIME
  out=$(cd "$T" && bash -c "$cmd" 2>&1)
  got=$?
  secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
  if [[ "$got" == "$want" ]] && grep -Eq -- "$regex" <<<"$out"; then
    pass=$((pass + 1))
    printf 'ok   %-28s exit %s  %6s s\n' "$name" "$got" "$secs"
  else
    fail=$((fail + 1))
    printf 'FAIL %-28s exit %s (want %s)  %6s s\n' "$name" "$got" "$want" "$secs"
    printf '     command: %s\n     want output matching: %s\n' "$cmd" "$regex"
    printf '%s\n' "$out" | head -c 2000 | sed 's/^/     | /'
  fi
done <"$HERE/catalogue.tsv"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
