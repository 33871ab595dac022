# evmap batch: records in input order whatever the threads, nothing lost
# (features, empty records or error records with line numbers), counts,
# exit status, shards concatenating to the single run, checked writes.
. "$EVMAP_TESTS/cli/lib.sh"
G=(--gazetteer "$EVMAP_IDX")

# Short news texts written for this test; the fifth names no place.
texts=(
    "Heavy rain flooded streets in Lyon on Tuesday, and the regional council in Marseille sent pumps north."
    "Rescuers reached a village north of Kathmandu after a landslide blocked the only road."
    "Officials in Nairobi said the new railway to Mombasa will carry freight from next month."
    "A ferry from Helsinki to Tallinn was delayed by ice for six hours."
    "The quarterly report showed a small rise in retail sales and lower costs."
    "Farmers near Cordoba protested against export taxes while ministers met in Buenos Aires."
    "Firefighters in Melbourne contained a bush fire that had threatened homes east of the city."
    "Ottawa lies about 165 km west of Montreal, the minister told reporters in Toronto."
)
# good.jsonl: 40 articles (ids a0..a39), dates on some, one integer id.
python3 - "$TMP/good.jsonl" "${texts[@]}" <<'PY'
import json, sys
out, texts = sys.argv[1], sys.argv[2:]
with open(out, "w") as f:
    for i in range(40):
        rec = {"id": "a%d" % i, "text": texts[i % len(texts)], "title": "t", "url": "http://x/%d" % i}
        if i % 3 == 0:
            rec["date"] = "2024-04-%02d" % (1 + i % 28)
        if i == 7:
            rec["id"] = 7
        f.write(json.dumps(rec) + "\n")
PY

# All good: exit 0, every article accounted for, ids in input order.
expect_status 0 "$EVMAP" batch "$TMP/good.jsonl" -j 1 "${G[@]}"
cp "$TMP/out" "$TMP/good_j1.seq"
expect_grep "^evmap batch: 40 lines read, 35 ok, 5 empty, 0 errors \([0-9]+ features written\)$" "$TMP/err"
python3 - "$TMP/good_j1.seq" <<'PY' && ok || bad "GeoJSONSeq records of good.jsonl"
import json, sys
data = open(sys.argv[1], "rb").read()
assert data.startswith(b"\x1e") and data.endswith(b"\n")
recs = [json.loads(r) for r in data.split(b"\x1e")[1:]]
order, layers = [], set()
for r in recs:
    if r["type"] == "evmap:empty":
        aid = r["article_id"]
        assert set(r) == {"type", "article_id"}
    else:
        assert r["type"] == "Feature"
        aid = r["properties"]["article_id"]
        layers.add(r["properties"]["layer"])
    assert isinstance(aid, str)
    if not order or order[-1] != aid:
        order.append(aid)
want = ["a%d" % i if i != 7 else "7" for i in range(40)]
assert order == want, order
assert "places" in layers
empties = [r["article_id"] for r in recs if r["type"] == "evmap:empty"]
assert empties == ["a4", "a12", "a20", "a28", "a36"], empties
PY

# Byte-identical output with 4 threads, and in JSON Lines without RS.
expect_status 0 "$EVMAP" batch "${G[@]}" -j 4 <"$TMP/good.jsonl"
cmp -s "$TMP/out" "$TMP/good_j1.seq" && ok || bad "-j 4 output differs from -j 1"
expect_status 0 "$EVMAP" batch - --format jsonl -j 3 "${G[@]}" <"$TMP/good.jsonl"
tr -d '\036' <"$TMP/good_j1.seq" | cmp -s - "$TMP/out" && ok || bad "jsonl is not the GeoJSONSeq without RS"
python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$TMP/out" && ok || bad "jsonl lines"

# Shards: three consecutive pieces, run apart and concatenated, give exactly
# the single run's output.
head -n 13 "$TMP/good.jsonl" >"$TMP/shard1"
sed -n '14,29p' "$TMP/good.jsonl" >"$TMP/shard2"
tail -n +30 "$TMP/good.jsonl" >"$TMP/shard3"
: >"$TMP/shards.seq"
for s in 1 2 3; do
    "$EVMAP" batch "$TMP/shard$s" -j 2 "${G[@]}" >>"$TMP/shards.seq" 2>/dev/null || bad "shard $s failed"
done
cmp -s "$TMP/shards.seq" "$TMP/good_j1.seq" && ok || bad "concatenated shards differ from the single run"

# Bad lines among good ones: each gets an error record with its line number
# and the batch goes on.
python3 - "$TMP/mixed.jsonl" "${texts[0]}" "${texts[4]}" <<'PY'
import json, sys
out, good, empty = sys.argv[1], sys.argv[2], sys.argv[3]
lines = [
    json.dumps({"id": "g1", "text": good}).encode(),                 # 1 ok
    b'{"id": "bad-json", "text": "unterminated',                     # 2 malformed
    b"",                                                             # 3 blank
    json.dumps({"id": "n", "text": 42}).encode(),                    # 4 non-string text
    b'{"id": "raw", "text": "Paris \xff\xfe and Lyon"}',             # 5 invalid UTF-8
    b'{"id": "sur", "text": "lone \\ud800 here"}',                   # 6 lone surrogate
    json.dumps({"id": "big", "text": good * 10}).encode(),           # 7 over the limit
    b"   \t ",                                                       # 8 blank
    json.dumps({"id": "e1", "text": empty}).encode(),                # 9 empty
    b"[1, 2, 3]",                                                    # 10 not an object
    json.dumps({"id": "nt", "body": good}).encode(),                 # 11 no text
    b'{"id": "deep", "x": ' + b"[" * 1100 + b"]" * 1100 + b', "text": "x"}',  # 12 nesting
    b'{"id": "long", "text": "' + b"Rome " * 2000 + b'"}',           # 13 line too long
    json.dumps({"id": "g2", "text": good, "date": "2024-02-28T10:00:00Z"}).encode(),  # 14 ok
    json.dumps({"id": "d", "text": good, "date": "last week"}).encode(),  # 15 bad date
    json.dumps({"id": [1], "text": good}).encode(),                  # 16 bad id
    b'{"id": "tail", "text": "Oslo"} extra',                         # 17 trailing text
    b'{"id": "cut", "text": "Oslo", ',                               # 18 cut short
]
open(out, "wb").write(b"\n".join(lines))  # no final newline: the last line still counts
PY
expect_status 2 "$EVMAP" batch "$TMP/mixed.jsonl" --max-article-bytes 500 --max-line-bytes 8000 \
    --errors "$TMP/errors.jsonl" -j 3 "${G[@]}"
expect_grep "^evmap batch: 16 lines read, 2 ok, 1 empty, 13 errors \([0-9]+ features written\); 2 blank lines skipped$" "$TMP/err"
python3 - "$TMP/errors.jsonl" <<'PY' && ok || bad "error records"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
got = {r["line"]: (r["id"], r["error"]) for r in recs}
assert [r["line"] for r in recs] == [2, 4, 5, 6, 7, 10, 11, 12, 13, 15, 16, 17, 18], recs
want = {
    2: (None, "malformed JSON: unterminated string at byte 27"),
    4: ("n", '"text" is a number, not a string'),
    5: ("raw", '"text": byte 6 (line 1, column 7): invalid UTF-8 sequence 0xFF'),
    6: (None, "lone UTF-16 surrogate \\uD800 at byte 28"),
    7: ("big", '"text" is 1020 bytes, over --max-article-bytes 500'),
    10: (None, "not a JSON object but an array"),
    11: ("nt", 'no "text" member'),
    12: (None, "nesting deeper than 1000 levels"),
    13: (None, "line longer than 8000 bytes (--max-line-bytes): skipped"),
    15: ("d", '"date" is not a YYYY-MM-DD date'),
    16: (None, '"id" is an array, not a string or an integer'),
    17: (None, "text after the value at byte 31"),
    18: (None, "malformed JSON: unexpected end of line at byte 30"),
}
for line, (id_, msg) in want.items():
    assert got[line][0] == id_, (line, got[line])
    assert msg in got[line][1], (line, got[line])
PY
python3 - "$TMP/out" <<'PY' && ok || bad "mixed output: g1, e1 (empty), g2 in order"
import json, sys
recs = [json.loads(r) for r in open(sys.argv[1], "rb").read().split(b"\x1e")[1:]]
ids = []
for r in recs:
    aid = r["article_id"] if r["type"] == "evmap:empty" else r["properties"]["article_id"]
    if not ids or ids[-1] != aid:
        ids.append(aid)
assert ids == ["g1", "e1", "g2"], ids
PY
# Error records default to stderr, one JSON object a line before the summary.
expect_status 2 "$EVMAP" batch "$TMP/mixed.jsonl" --max-article-bytes 500 --max-line-bytes 8000 "${G[@]}"
test "$(grep -c '^{"line":' "$TMP/err")" -eq 13 && ok || bad "13 error records on stderr"

# --lenient: invalid bytes never reach the output (still valid UTF-8 JSON).
printf '{"id":"x","text":"Lyon lies 400 km north of Marseille \xff\xc3, officials said in Paris."}\n' >"$TMP/lenient.jsonl"
expect_status 0 "$EVMAP" batch "$TMP/lenient.jsonl" --lenient "${G[@]}"
python3 -c "
import json, sys
recs = [json.loads(r.decode('utf-8')) for r in open(sys.argv[1], 'rb').read().split(b'\x1e')[1:]]
assert recs and all(r['properties']['article_id'] == 'x' for r in recs)
" "$TMP/out" && ok || bad "--lenient output is valid UTF-8 JSON"
expect_status 2 "$EVMAP" batch "$TMP/lenient.jsonl" "${G[@]}"
expect_status 0 "$EVMAP" batch "$TMP/mixed.jsonl" --tolerate-errors "${G[@]}"
expect_grep " [1-9][0-9]* errors \(" "$TMP/err"

# Other member names.
printf '{"key":"k1","body":"Storms hit Lisbon.","published":"2024-01-05"}\n' >"$TMP/fields.jsonl"
expect_status 0 "$EVMAP" batch "$TMP/fields.jsonl" --id-field key --text-field body \
    --date-field published --layers places "${G[@]}"
expect_grep '"article_id":"k1","layer":"places"' "$TMP/out"

# Checked writes: a full disk and a closed pipe end with a message and a
# non-zero status.
"$EVMAP" batch "$TMP/good.jsonl" -j 2 "${G[@]}" >/dev/full 2>"$TMP/full.err"
st=$?
[ "$st" -ne 0 ] && ok || bad "/dev/full: exit $st"
expect_grep "cannot write the output: No space left on device" "$TMP/full.err"
for i in 1 2 3 4 5 6; do cat "$TMP/good.jsonl"; done >"$TMP/more.jsonl"
"$EVMAP" batch "$TMP/more.jsonl" -j 2 "${G[@]}" 2>"$TMP/pipe.err" | head -c 100 >/dev/null
st=${PIPESTATUS[0]}
[ "$st" -ne 0 ] && ok || bad "closed pipe: exit $st"
expect_grep "cannot write the output: Broken pipe" "$TMP/pipe.err"

# Usage errors exit 1.
expect_status 1 "$EVMAP" batch "$TMP/good.jsonl" --format geojson "${G[@]}"
expect_status 1 "$EVMAP" batch "$TMP/good.jsonl" -j 0 "${G[@]}"
expect_status 1 "$EVMAP" batch "$TMP/good.jsonl" --layers places,nowhere "${G[@]}"
expect_status 1 "$EVMAP" batch "$TMP/good.jsonl" --max-article-bytes -5 "${G[@]}"
expect_status 2 "$EVMAP" batch "$TMP/no-such-file.jsonl" "${G[@]}"
finish
