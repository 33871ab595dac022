# The compiler reads the full GeoNames dump formats (allCountries.txt,
# admin1CodesASCII.txt, countryInfo.txt): a small dump written for the test.
. "$EVMAP_TESTS/cli/lib.sh"
fx="$EVMAP_TESTS/fixtures/geonames"
GAZC=${EVMAP_GAZC:-$EVMAP_BUILD/gazetteer/evmap-gazc}

expect_status 0 "$GAZC" -o "$TMP/small.idx" --places "$fx/allCountries.txt" \
    --admin1-codes "$fx/admin1CodesASCII.txt" --country-info "$fx/countryInfo.txt"
expect_grep "wrote .*small.idx: [0-9]+ entries \(2 countries, 3 ADM1\)" "$TMP/err"
# Two places named Alphaville: the capital of Zedland ranks first.
expect_status 0 "$EVMAP" lookup Alphaville --limit 0 --gazetteer "$TMP/small.idx"
expect_json "$TMP/out" "[f['properties']['country_code'] for f in j['features']]==['ZZ','YY'] and j['features'][0]['properties']['geonameid']==1000001 and j['features'][0]['properties']['admin1']=='Capital District'"
expect_status 0 "$EVMAP" lookup "Alpha Town" --gazetteer "$TMP/small.idx"
expect_json "$TMP/out" "j['features'][0]['properties']['geonameid']==1000001"
# The ADM1 row of the dump merges into its division; the country row into its country.
expect_status 0 "$EVMAP" lookup "North Zed" --gazetteer "$TMP/small.idx"
expect_json "$TMP/out" "len(j['features'])==1 and j['features'][0]['properties']['feature_code']=='ADM1' and j['features'][0]['properties']['geonameid']==1000004"
expect_status 0 "$EVMAP" lookup Zedland --gazetteer "$TMP/small.idx"
expect_json "$TMP/out" "len(j['features'])==1 and j['features'][0]['properties']['kind']=='country' and j['features'][0]['properties']['geonameid']==1000005"
# A country without coordinates in countryInfo.txt takes its capital's point.
expect_json "$TMP/out" "j['features'][0]['geometry']['coordinates']==[20.25,10.5]"
# Deterministic: the same inputs give the same bytes.
"$GAZC" -o "$TMP/again.idx" --places "$fx/allCountries.txt" --admin1-codes "$fx/admin1CodesASCII.txt" \
    --country-info "$fx/countryInfo.txt" 2>/dev/null
cmp -s "$TMP/small.idx" "$TMP/again.idx" && ok || bad "compiler output not deterministic"
# Bad input: the file and line in the message, exit 2.
printf '1\tBad\tBad\t\t91.5\t0\tP\tPPL\tZZ\t\t\t\t\t\t0\t\t\t\t\n' >"$TMP/bad.txt"
expect_status 2 "$GAZC" -o "$TMP/bad.idx" --places "$TMP/bad.txt" --country-info "$fx/countryInfo.txt"
expect_grep "bad.txt:1: latitude '91.5' is not a number in \[-90, 90\]" "$TMP/err"
expect_status 1 "$GAZC" -o "$TMP/x.idx"
finish
