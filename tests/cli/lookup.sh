# evmap lookup: RFC 7946 output, ranking, filters, usage errors.
. "$EVMAP_TESTS/cli/lib.sh"
G=(--gazetteer "$EVMAP_IDX")

expect_status 0 "$EVMAP" lookup Vladivostok "${G[@]}"
expect_json "$TMP/out" "j['type']=='FeatureCollection' and 'crs' not in j and len(j['bbox'])==4"
expect_json "$TMP/out" "(lambda p: p['name']=='Vladivostok' and p['geonameid']==2013348 and p['feature_code']=='PPLA' and p['country_code']=='RU' and p['admin1'] and p['population']>500000)(j['features'][0]['properties'])"
# [lon, lat] with at most 6 decimals.
expect_json "$TMP/out" "(lambda c: 131<c[0]<132 and 43<c[1]<43.2 and all(len(repr(v).split('.')[-1])<=6 for v in c))(j['features'][0]['geometry']['coordinates'])"

expect_status 0 "$EVMAP" lookup Moscow --limit 0 "${G[@]}"
expect_json "$TMP/out" "j['features'][0]['properties']['country_code']=='RU' and any(f['properties']['admin1']=='Idaho' for f in j['features'])"
expect_status 0 "$EVMAP" lookup Moscow --country US "${G[@]}"
expect_json "$TMP/out" "j['features'][0]['properties']['admin1']=='Idaho' and all(f['properties']['country_code']=='US' for f in j['features'])"
expect_status 0 "$EVMAP" lookup Moscow --limit 2 "${G[@]}"
expect_json "$TMP/out" "len(j['features'])==2"
expect_status 0 "$EVMAP" lookup Washington "${G[@]}"
expect_json "$TMP/out" "j['features'][0]['properties']['feature_code']=='PPLC' and j['features'][0]['properties']['country_code']=='US'"
expect_status 0 "$EVMAP" lookup Jilin --format table "${G[@]}"
expect_grep "ADM1 +CN" "$TMP/out"
expect_grep "PPLA2 +CN" "$TMP/out"

# No match: an empty collection, exit 0, a note on stderr.
expect_status 0 "$EVMAP" lookup Xqzzyville "${G[@]}"
expect_json "$TMP/out" "j['features']==[]"
expect_grep "no place named 'Xqzzyville'" "$TMP/err"

# Usage errors exit 1.
expect_status 1 "$EVMAP" lookup
expect_status 1 "$EVMAP" lookup Vladivostok --limit -3 "${G[@]}"
expect_grep "--limit takes a number" "$TMP/err"
expect_status 1 "$EVMAP" lookup Vladivostok --format xml "${G[@]}"
expect_status 1 "$EVMAP" lookup Vladivostok --bogus "${G[@]}"
expect_status 1 "$EVMAP" frobnicate
expect_status 0 "$EVMAP" --help
expect_grep "lookup" "$TMP/out"
expect_status 0 "$EVMAP" lookup --help
expect_grep "usage: evmap lookup" "$TMP/out"
expect_status 0 "$EVMAP" --version
expect_grep "^evmap [0-9]+\.[0-9]+\.[0-9]+" "$TMP/out"
finish
