#!/usr/bin/env node
/*
 * check_layers.js DIR - validates every layer in DIR with the independent
 * validator @placemarkio/check-geojson (pinned in package.json), then checks
 * the layer contract (contract.json) that a generic validator does not know:
 * RFC 7946 details (no "crs", 6 decimals at most, longitudes in [-180, 180],
 * no GeometryCollection), "bbox" and "name" on each collection, unique string
 * feature ids with the layer's prefix (also the first property), one JSON
 * type per property across the layer, the contract's property types and
 * enumerations.
 *
 * Exit: 0 all valid, 1 a check failed, 77 check-geojson is not installed.
 * The module is looked up in $EVMAP_CHECK_GEOJSON_DIR/node_modules, then in
 * tests/clients/node_modules (npm ci --prefix tests/clients).
 */
'use strict';
const fs = require('fs');
const path = require('path');

let checker;
for (const base of [process.env.EVMAP_CHECK_GEOJSON_DIR, __dirname].filter(Boolean)) {
  try {
    checker = require(path.join(base, 'node_modules', '@placemarkio', 'check-geojson'));
    break;
  } catch (e) { /* try the next place */ }
}
if (!checker) {
  console.log('SKIP: @placemarkio/check-geojson is not installed (npm ci --prefix tests/clients)');
  process.exit(77);
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: check_layers.js DIR');
  process.exit(2);
}
const contract = JSON.parse(fs.readFileSync(path.join(__dirname, 'contract.json'), 'utf8'));
let failures = 0;
function fail(layer, msg) {
  failures++;
  console.log(`FAIL ${layer}: ${msg}`);
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    const inner = new Set(v.map(jsonType));
    return inner.size === 1 ? `array<${[...inner][0]}>` : inner.size === 0 ? 'array<>' : 'array<mixed>';
  }
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, object
}
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
/* Does a value of JSON type `got` satisfy contract type `want`? */
function fits(want, got, v) {
  for (const w of want.split('|')) {
    if (w === got) return true;
    if (w === 'number' && got === 'int') return true;
    if (w === 'date' && got === 'string' && ISO_DATE.test(v)) return true;
    if (w.startsWith('array<') && got === 'array<>') return true;
  }
  return false;
}
function walkPositions(coords, fn) {
  if (typeof coords[0] === 'number') return fn(coords);
  for (const c of coords) walkPositions(c, fn);
}
function decimals(x) {
  const s = String(x);
  if (/e/i.test(s)) return 99;
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

for (const [layer, spec] of Object.entries(contract)) {
  if (layer.startsWith('_')) continue;
  const file = path.join(dir, `${layer}.geojson`);
  if (!fs.existsSync(file)) {
    fail(layer, `${file} is missing`);
    continue;
  }
  const text = fs.readFileSync(file, 'utf8');
  const issues = checker.getIssues(text);
  for (const i of issues) fail(layer, `check-geojson: ${i.message} (${i.from}-${i.to})`);
  if (issues.length) continue;
  const fc = JSON.parse(text);

  if (fc.type !== 'FeatureCollection') fail(layer, 'not a FeatureCollection');
  if ('crs' in fc) fail(layer, 'has a "crs" member (RFC 7946 removed it)');
  if (typeof fc.name !== 'string' || !fc.name) fail(layer, 'no top-level "name"');
  const feats = fc.features || [];
  if (feats.length && !(Array.isArray(fc.bbox) && fc.bbox.length === 4))
    fail(layer, 'no 4-number "bbox" on the collection');

  const ids = new Set();
  const propTypes = {};
  feats.forEach((f, n) => {
    const where = `feature ${n}`;
    if (typeof f.id !== 'string' || !f.id.startsWith(spec.id_prefix))
      fail(layer, `${where}: id ${JSON.stringify(f.id)} is not a string starting "${spec.id_prefix}"`);
    else if (ids.has(f.id)) fail(layer, `${where}: duplicate id ${f.id}`);
    ids.add(f.id);
    const g = f.geometry;
    if (!g || !spec.geometry.includes(g.type)) {
      fail(layer, `${where}: geometry ${g && g.type}, expected ${spec.geometry.join('|')}`);
    } else {
      walkPositions(g.coordinates, (p) => {
        if (p.length !== 2) fail(layer, `${where}: position with ${p.length} numbers`);
        if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90)
          fail(layer, `${where}: position [${p}] out of range`);
        if (decimals(p[0]) > 6 || decimals(p[1]) > 6)
          fail(layer, `${where}: position [${p}] has more than 6 decimals`);
      });
    }
    const props = f.properties || {};
    if (props.id !== f.id) fail(layer, `${where}: properties.id ${JSON.stringify(props.id)} != id`);
    for (const [k, want] of Object.entries(spec.properties)) {
      if (!(k in props)) {
        fail(layer, `${where}: property "${k}" missing (use null)`);
        continue;
      }
      const v = props[k], got = jsonType(v);
      if (!fits(want, got, v)) fail(layer, `${where}: "${k}" is ${got} ${JSON.stringify(v)}, expected ${want}`);
      const en = spec.enums && spec.enums[k];
      if (en && !en.includes(v)) fail(layer, `${where}: "${k}" = ${JSON.stringify(v)} not in ${JSON.stringify(en)}`);
    }
    for (const [k, v] of Object.entries(props)) {
      let t = jsonType(v);
      if (t === 'null' || t === 'array<>') continue;
      if (t === 'int') t = 'number';
      (propTypes[k] = propTypes[k] || new Set()).add(t);
    }
  });
  for (const [k, ts] of Object.entries(propTypes))
    if (ts.size > 1) fail(layer, `property "${k}" has several JSON types: ${[...ts].join(', ')}`);
  console.log(`checked ${layer}: ${feats.length} features`);
}

if (failures) {
  console.log(`${failures} failure(s)`);
  process.exit(1);
}
