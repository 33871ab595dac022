#!/usr/bin/env bash
# Fetches the third-party web assets that map.html inlines, verifies them and
# writes them under src/emit/assets/ (committed; the build never goes online).
#
#   leaflet@1.9.4          dist/leaflet.js (minified), dist/leaflet.css, LICENSE
#   world-atlas@2.0.2      countries-110m.json (Natural Earth 1:110m, TopoJSON)
#   topojson-client@3.1.0  used here only, to turn the TopoJSON into GeoJSON
#
# Each tarball comes from the npm registry through `npm pack` and must match
# the sha256 pinned below; a mismatch stops the script before anything is
# written. Needs: npm, node, tar, sha256sum.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/emit/assets"

declare -A pinned=(
  [leaflet-1.9.4.tgz]=84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77
  [world-atlas-2.0.2.tgz]=032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
  [topojson-client-3.1.0.tgz]=889fadb422f6236d0f8337a236ce6499f258b75e44b81733b13bd971067322bf
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null

for tgz in "${!pinned[@]}"; do
  got=$(sha256sum "$tgz" | cut -d' ' -f1)
  if [[ "$got" != "${pinned[$tgz]}" ]]; then
    echo "fetch-web-assets: $tgz: sha256 $got, expected ${pinned[$tgz]}" >&2
    exit 1
  fi
  mkdir -p "x/${tgz%.tgz}"
  tar -xzf "$tgz" -C "x/${tgz%.tgz}"
done

mkdir -p "$dest/leaflet" "$dest/world-atlas"
cp x/leaflet-1.9.4/package/dist/leaflet.js "$dest/leaflet/leaflet.js"
cp x/leaflet-1.9.4/package/dist/leaflet.css "$dest/leaflet/leaflet.css"
cp x/leaflet-1.9.4/package/LICENSE "$dest/leaflet/LICENSE"
cp x/world-atlas-2.0.2/package/LICENSE "$dest/world-atlas/LICENSE"

# TopoJSON -> GeoJSON; coordinates rounded to 3 decimals (~100 m, far below
# the 1:110m generalisation), repeated vertices dropped, only "name" kept.
node - "$work/x" "$dest/world-atlas/countries-110m.geojson" <<'JS'
const [dir, out] = process.argv.slice(2);
const fs = require('fs');
const topojson = require(dir + '/topojson-client-3.1.0/package/dist/topojson-client.js');
const topo = JSON.parse(fs.readFileSync(dir + '/world-atlas-2.0.2/package/countries-110m.json'));
const fc = topojson.feature(topo, topo.objects.countries);
const r3 = (v) => Math.round(v * 1000) / 1000 || 0;
// world-atlas rings are spherical: a few (Russia, Fiji, Antarctica) cross
// the antimeridian. For a planar map each ring is unwrapped (every vertex
// within 180 degrees of the previous one); a ring around a pole then ends 360
// degrees from where it started and is closed along that pole. map.html draws
// copies of the basemap at -360 and +360 so the unwrapped parts show on both
// sides.
const ring = (pts) => {
  const o = [];
  for (const p of pts) {
    let lon = p[0];
    const l = o[o.length - 1];
    if (l) {
      while (lon - l[0] > 180) lon -= 360;
      while (lon - l[0] < -180) lon += 360;
    }
    const q = [r3(lon), r3(p[1])];
    if (!l || l[0] !== q[0] || l[1] !== q[1]) o.push(q);
  }
  const first = o[0], last = o[o.length - 1];
  if (Math.abs(last[0] - first[0]) > 180) {
    const pole = o.reduce((s, q) => s + q[1], 0) < 0 ? -90 : 90;
    o.push([last[0], pole], [first[0], pole], [first[0], first[1]]);
  }
  return o;
};
const out_fc = { type: 'FeatureCollection', name: 'countries-110m', features: [] };
for (const f of fc.features) {
  const g = f.geometry;
  if (!g) continue;
  const coords = g.type === 'Polygon' ? g.coordinates.map(ring)
                                      : g.coordinates.map((poly) => poly.map(ring));
  out_fc.features.push({ type: 'Feature', properties: { name: f.properties.name },
                         geometry: { type: g.type, coordinates: coords } });
}
fs.writeFileSync(out, JSON.stringify(out_fc) + '\n');
JS

( cd "$dest" && sha256sum leaflet/leaflet.js leaflet/leaflet.css leaflet/LICENSE \
    world-atlas/countries-110m.geojson world-atlas/LICENSE > SHA256SUMS )
echo "fetch-web-assets: wrote $dest"
