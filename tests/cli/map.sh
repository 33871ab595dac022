# evmap map: the layer files, formats, names and errors.
. "$EVMAP_TESTS/cli/lib.sh"
G=(--gazetteer "$EVMAP_IDX")
ex="$EVMAP_SRC/examples/leader-train-trip.txt"

expect_status 0 "$EVMAP" map "$ex" -o "$TMP/out1" "${G[@]}"
for f in places events routes claims crossings; do
    [ -s "$TMP/out1/$f.geojson" ] && [ -s "$TMP/out1/$f.qml" ] && ok || bad "missing $f layer or style"
done
[ -s "$TMP/out1/map.html" ] && ok || bad "missing map.html"
expect_grep "^$TMP/out1: places [0-9]+" "$TMP/out"
expect_grep "claim Pyongyang -> Vladivostok: distance consistent, direction loose, units consistent" "$TMP/out"
expect_json "$TMP/out1/places.geojson" "j['type']=='FeatureCollection' and j['name'].endswith('places') and len(j['bbox'])==4 and all(f['id']==f['properties']['id'] and f['id'].startswith('place-') for f in j['features'])"
# Stable across runs, byte for byte.
expect_status 0 "$EVMAP" map "$ex" -o "$TMP/out2" "${G[@]}"
diff -r "$TMP/out1" "$TMP/out2" >/dev/null && ok || bad "output differs between runs"

# Default folder: output/<article name>/ relative to the working directory.
(cd "$TMP" && "$EVMAP" map "$ex" "${G[@]}" >/dev/null) && [ -s "$TMP/output/leader-train-trip/map.html" ] && ok || bad "default output folder"
# An article name cannot lead the folder out of output/.
cp "$ex" "$TMP/..x.txt"
(cd "$TMP" && "$EVMAP" map "$TMP/..x.txt" "${G[@]}" >/dev/null) && [ -d "$TMP/output/_.x" ] && ok || bad "unsafe article name"

expect_status 0 "$EVMAP" map "$ex" --format geojson "${G[@]}"
expect_json "$TMP/out" "j['type']=='FeatureCollection' and {f['properties']['layer'] for f in j['features']}>={'places','claims'}"
expect_status 0 "$EVMAP" map "$ex" --format geojsonseq --layers places "${G[@]}"
python3 - "$TMP/out" <<'PY' && ok || bad "geojsonseq records"
import json, sys
data = open(sys.argv[1], 'rb').read()
recs = data.split(b'\x1e')
assert recs[0] == b'' and len(recs) > 5
for r in recs[1:]:
    assert r.endswith(b'\n')
    f = json.loads(r)
    assert f['type'] == 'Feature' and f['properties']['layer'] == 'places'
PY
expect_status 1 "$EVMAP" map "$ex" --layers places,bogus "${G[@]}"
expect_grep "unknown layer 'bogus'" "$TMP/err"
expect_status 1 "$EVMAP" map "$ex" --date 2023-13-01 "${G[@]}"
# An output folder that cannot be created.
touch "$TMP/afile"
expect_status 2 "$EVMAP" map "$ex" -o "$TMP/afile/sub" "${G[@]}"
expect_grep "afile/sub: cannot create folder" "$TMP/err"
finish
