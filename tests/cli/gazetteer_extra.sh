# Users' own places: GeoNames TSV and GeoJSON points merged at run time; bad
# rows are refused with the file, line and reason.
. "$EVMAP_TESTS/cli/lib.sh"
fx="$EVMAP_TESTS/fixtures/extra"

expect_status 0 "$EVMAP" lookup "Ostrov Russky Pier" --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/places.tsv"
expect_json "$TMP/out" "len(j['features'])==1 and j['features'][0]['properties']['geonameid']==99000001 and j['features'][0]['geometry']['coordinates']==[131.891,43.027] and j['features'][0]['properties']['admin1']=='Primorsky'"
# An alternate name of the extra place; and a built-in name keeps working.
expect_status 0 "$EVMAP" lookup "Russky Pier" --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/places.tsv"
expect_json "$TMP/out" "j['features'][0]['properties']['name']=='Ostrov Russky Pier'"
expect_status 0 "$EVMAP" lookup Vladivostok --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/places.tsv"
expect_json "$TMP/out" "j['features'][0]['properties']['geonameid']==2013348"
# An extra place sharing a built-in name is ranked by importance among them.
expect_status 0 "$EVMAP" lookup Pyongyang --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/places.tsv" --limit 0
expect_json "$TMP/out" "j['features'][0]['properties']['country_code']=='KP' and any(f['properties']['geonameid']==99000002 for f in j['features'])"

expect_status 0 "$EVMAP" lookup "Khasan Station" --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/points.geojson"
expect_json "$TMP/out" "j['features'][0]['geometry']['coordinates']==[130.7786,42.4306] and j['features'][0]['properties']['population']==700 and j['features'][0]['properties']['geonameid'] is None"
expect_status 0 "$EVMAP" lookup "Tumangang" --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/points.geojson"
expect_json "$TMP/out" "any(f['properties']['name']=='Tumangang Station' for f in j['features'])"

expect_status 2 "$EVMAP" lookup X --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/bad-lat.tsv"
expect_grep "bad-lat.tsv:2: latitude '1e400' is not a number in \[-90, 90\]" "$TMP/err"
expect_status 2 "$EVMAP" lookup X --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/bad-columns.tsv"
expect_grep "bad-columns.tsv:1: 3 columns" "$TMP/err"
expect_status 2 "$EVMAP" lookup X --gazetteer "$EVMAP_IDX" --gazetteer-extra "$fx/bad-point.geojson"
expect_grep "bad-point.geojson: feature 1 \(Nowhere\): coordinates out of range" "$TMP/err"
expect_status 2 "$EVMAP" lookup X --gazetteer "$EVMAP_IDX" --gazetteer-extra "$TMP/none.tsv"
expect_grep "none.tsv: cannot open extra gazetteer" "$TMP/err"
printf '{"type":"FeatureCollection","features":[' >"$TMP/broken.geojson"
expect_status 2 "$EVMAP" lookup X --gazetteer "$EVMAP_IDX" --gazetteer-extra "$TMP/broken.geojson"
expect_grep "broken.geojson: invalid JSON" "$TMP/err"
finish
