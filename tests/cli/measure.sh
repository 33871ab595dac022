# evmap distance, route and check: figures, geometry and exit codes.
. "$EVMAP_TESTS/cli/lib.sh"
G=(--gazetteer "$EVMAP_IDX")

# Reference: GeographicLib (independent implementation) between the GeoNames
# points of Pyongyang and Vladivostok: 684474.626 m, initial bearing 46.697°.
expect_status 0 "$EVMAP" distance Pyongyang Vladivostok --format json "${G[@]}"
expect_json "$TMP/out" "abs(j['distance_km']-684.4746)<0.001 and abs(j['initial_bearing_deg']-46.70)<0.01 and j['compass_8']=='NE'"
expect_status 0 "$EVMAP" distance 39.03385,125.75432 43.10562,131.87353 --format json "${G[@]}"
expect_json "$TMP/out" "abs(j['distance_km']-684.4746)<0.001"
expect_status 1 "$EVMAP" distance 95,10 0,0 "${G[@]}"
expect_grep "lat,lon within" "$TMP/err"
expect_status 2 "$EVMAP" distance Xqzzyville Paris "${G[@]}"
expect_grep "no place named 'Xqzzyville'" "$TMP/err"

# A route across a land border, with its crossing point.
expect_status 0 "$EVMAP" route Pyongyang Vladivostok "${G[@]}"
expect_json "$TMP/out" "j['features'][0]['geometry']['type']=='LineString' and abs(j['features'][0]['properties']['distance_km']-684.475)<0.01"
expect_json "$TMP/out" "[ (f['properties']['from_country'],f['properties']['to_country']) for f in j['features'] if f['properties'].get('kind')=='crossing']==[('KP','RU')]"
# Vertices at most 50 km apart (checked loosely in degrees: 50 km < 0.5 deg here).
expect_json "$TMP/out" "all(abs(a[0]-b[0])<0.7 and abs(a[1]-b[1])<0.5 for a,b in zip(j['features'][0]['geometry']['coordinates'],j['features'][0]['geometry']['coordinates'][1:]))"
# Across the antimeridian: cut at ±180 into a MultiLineString.
expect_status 0 "$EVMAP" route Tokyo "San Francisco" "${G[@]}"
expect_json "$TMP/out" "(lambda g: g['type']=='MultiLineString' and len(g['coordinates'])==2 and g['coordinates'][0][-1][0]==180 and g['coordinates'][1][0][0]==-180)(j['features'][0]['geometry'])"
expect_status 0 "$EVMAP" route Paris Berlin Warsaw "${G[@]}"
expect_json "$TMP/out" "len(j['features'][0]['properties']['legs_km'])==2 and [f['properties']['to_country'] for f in j['features'] if f['properties'].get('kind')=='crossing'][-1]=='PL'"

# check: verdicts and --fail-on-inaccurate.
printf 'Boston is about 900 km northeast of New York City.\n' >"$TMP/bad.txt"
expect_status 0 "$EVMAP" check "$TMP/bad.txt" "${G[@]}"
expect_grep "distance inaccurate" "$TMP/out"
expect_status 3 "$EVMAP" check "$TMP/bad.txt" --fail-on-inaccurate "${G[@]}"
printf 'Naples lies roughly 190 km southeast of Rome.\n' >"$TMP/good.txt"
expect_status 0 "$EVMAP" check "$TMP/good.txt" --fail-on-inaccurate "${G[@]}"
expect_status 0 "$EVMAP" check "$TMP/good.txt" --format geojson "${G[@]}"
expect_json "$TMP/out" "(lambda p: p['subject']=='Naples' and p['reference']=='Rome' and p['distance_verdict']=='consistent' and p['direction_verdict']=='consistent' and p['claimed_km']==190)(j['features'][0]['properties'])"
expect_json "$TMP/out" "j['features'][0]['geometry']['coordinates'][0]==[12.51133,41.89193] or abs(j['features'][0]['geometry']['coordinates'][0][0]-12.5)<0.1"
expect_json "$TMP/out" "j['features'][0]['properties']['measured_from']=='point'"
# A distance from a country the subject lies outside is from its border, the
# line starts on it; Belgorod's nearest Ukrainian border is some 36 km south.
printf 'Belgorod lies about 40 km north of Ukraine.\n' >"$TMP/border.txt"
expect_status 0 "$EVMAP" check "$TMP/border.txt" --format geojson "${G[@]}"
expect_json "$TMP/out" "(lambda p: p['measured_from']=='border' and 25<p['measured_km']<45 and p['distance_verdict']=='consistent' and p['direction_verdict']=='consistent')(j['features'][0]['properties'])"
expect_json "$TMP/out" "(lambda c: 49.5<c[1]<50.5 and 35<c[0]<38)(j['features'][0]['geometry']['coordinates'][0])"
expect_status 0 "$EVMAP" check "$TMP/border.txt" "${G[@]}"
expect_grep "from the border of Ukraine" "$TMP/out"
# "the Russian border": from the border even for a subject inside the country;
# a division's border (no outline) is unverifiable.
printf 'Belgorod, about 40 km from the Russian border, was shelled.\nAustin is 400 km from the Texas border.\n' >"$TMP/border2.txt"
expect_status 0 "$EVMAP" check "$TMP/border2.txt" --format geojson "${G[@]}"
expect_json "$TMP/out" "(lambda p: p['measured_from']=='border' and p['reference_name']=='Russia' and 25<p['measured_km']<45 and p['distance_verdict']=='consistent')(j['features'][0]['properties'])"
expect_json "$TMP/out" "(lambda p: p['measured_from'] is None and p['distance_verdict']=='unverifiable')(j['features'][1]['properties'])"
printf 'No distances here, only Paris.\n' >"$TMP/none.txt"
expect_status 0 "$EVMAP" check "$TMP/none.txt" "${G[@]}"
expect_grep "No distance, direction or containment claims" "$TMP/out"
expect_status 1 "$EVMAP" check "$TMP/good.txt" --format xml "${G[@]}"
expect_status 2 "$EVMAP" check "$TMP/missing.txt" "${G[@]}"
expect_grep "missing.txt: cannot open" "$TMP/err"
finish
