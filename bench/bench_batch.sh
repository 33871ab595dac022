#!/usr/bin/env bash
# bench_batch.sh - throughput of `evmap batch` on a JSON Lines news corpus.
#
# usage: bench/bench_batch.sh CORPUS_DIR [EVMAP] [MB]
#   CORPUS_DIR  folder with news corpora as XML files whose <text> elements hold
#               article texts (e.g. the dev corpora GeoVirus.xml, TR-News.xml);
#               exit 77 (skipped) when it is absent or holds no texts
#   EVMAP       the binary (default: build/evmap); its index beside it
#   MB          corpus size to build, at least 100 (default 100)
# Builds the corpus under /tmp (never in the repository): the texts repeated
# with different ids and dates until MB megabytes. Runs `evmap batch -j 1` and
# `-j 2` (all layers, GeoJSONSeq to /dev/null) three times each and reports the
# median throughput, the 2-thread ratio and the peak RSS (/usr/bin/time %M),
# with the machine and its load average (the machine may be shared).
set -euo pipefail
dir=${1:-}
evmap=${2:-build/evmap}
mb=${3:-100}
if [ -z "$dir" ] || [ ! -d "$dir" ] || ! ls "$dir"/*.xml >/dev/null 2>&1; then
    echo "bench_batch: no corpus folder with *.xml given: skipped" >&2
    exit 77
fi
[ -x "$evmap" ] || { echo "bench_batch: $evmap not built" >&2; exit 1; }
corpus=${TMPDIR:-/tmp}/evmap-bench-batch-${mb}MB.jsonl
if [ ! -s "$corpus" ]; then
    python3 - "$dir" "$corpus" "$mb" <<'PY'
import glob, json, re, sys, html
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = []
for path in sorted(glob.glob(src + "/*.xml")):
    data = open(path, encoding="utf-8").read()
    for m in re.finditer(r"<text>(.*?)</text>", data, re.S):
        t = m.group(1).strip()
        if t.startswith("<![CDATA[") and t.endswith("]]>"):
            t = t[9:-3]
        else:
            t = html.unescape(t)
        if t.strip():
            texts.append(t.strip())
if not texts:
    sys.exit(77)
target = mb * 1000 * 1000
size = n = 0
with open(dst + ".tmp", "w", encoding="utf-8") as out:
    while size < target:
        t = texts[n % len(texts)]
        day = 1 + n % 28
        line = json.dumps({"id": "a%d" % n, "date": "2024-03-%02d" % day, "text": t},
                          ensure_ascii=False) + "\n"
        out.write(line)
        size += len(line.encode("utf-8"))
        n += 1
import os
os.rename(dst + ".tmp", dst)
print("corpus: %s, %d articles (%d distinct texts), %.1f MB" % (dst, n, len(texts), size / 1e6))
PY
fi
bytes=$(stat -c %s "$corpus")
echo "machine: $(nproc) CPUs, $(lscpu | grep 'Model name' | sed 's/Model name: *//')"
echo "corpus: $corpus, $(wc -l <"$corpus") articles, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB"
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
run() { # run J: prints "seconds peak_kb cpu_seconds"
    /usr/bin/time -o "$timing" -f '%e %M %U %S' "$evmap" batch "$corpus" -j "$1" >/dev/null 2>/dev/null ||
        [ $? -eq 2 ] || { echo "bench_batch: evmap batch failed" >&2; exit 1; }
    tail -1 "$timing" | awk '{print $1, $2, $3 + $4}'
}
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for j in 1 2; do
    secs=()
    cpus=()
    rss=0
    for r in 1 2 3; do
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        read -r s k c <<<"$(run "$j")"
        echo "  -j $j run $r: ${s} s wall, ${c} s CPU, peak RSS $((k / 1024)) MB (load average $load)"
        secs+=("$s")
        cpus+=("$c")
        [ "$k" -gt "$rss" ] && rss=$k
    done
    med=$(printf '%s\n' "${secs[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    eval "med$j=$med"
    echo "-j $j: median $med s wall: $(awk -v b="$bytes" -v s="$med" 'BEGIN{printf "%.1f", b/1e6/s}') MB/s;" \
        "median $cpu s CPU: $(awk -v b="$bytes" -v s="$cpu" 'BEGIN{printf "%.1f", b/1e6/s}') MB per CPU-second;" \
        "peak RSS $((rss / 1024)) MB"
done
awk -v a="$med1" -v b="$med2" 'BEGIN{printf "2-thread speed-up: x%.2f\n", a/b}'
