#!/usr/bin/env python3
"""Tests of the bench harnesses against a fake evmap (bench/tests/fake_evmap.py).

Run: python3 bench/tests/test_harness.py   (not part of ctest; takes a few seconds)

The fixtures are written here for the tests. The tests that use the real dev corpora look in
$EVMAP_EVAL_CORPUS (default ../shared/eval relative to the project root) and skip when absent.
"""

import contextlib
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)

import auc_bounds  # noqa: E402
import eval_claims  # noqa: E402
import eval_geoparse  # noqa: E402

FAKE = os.path.join(HERE, "fake_evmap.py")
CORPUS = os.environ.get("EVMAP_EVAL_CORPUS", os.path.join(ROOT, "..", "shared", "eval"))
R = 6371.0088


def cosine_law_km(lat1, lon1, lat2, lon2):
    """Spherical law of cosines: an independent check of the harness's haversine."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return R * math.acos(max(-1.0, min(1.0, c)))


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def geovirus_xml(articles):
    """articles: [(text, [(phrase, occurrence, lat, lon)])]; offsets written one too high."""
    out = ["<articles>"]
    for text, locs in articles:
        out.append(f"<article><source>x</source><text>{xml_escape(text)}</text><locations>")
        for phrase, _occ, lat, lon in locs:
            s = text.index(phrase)
            out.append(f"<location><name>{xml_escape(phrase)}</name><start>{s + 1}</start>"
                       f"<end>{s + 1 + len(phrase)}</end><lat>{lat}</lat><lon>{lon}</lon>"
                       f"<page>x</page></location>")
        out.append("</locations></article>")
    out.append("</articles>")
    return "\n".join(out)


def trnews_xml(articles):
    """articles: [(text, [(phrase, shift, lat|None, lon|None)])]; start written shift too early."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<articles>"]
    for n, (text, tops) in enumerate(articles):
        out.append(f'<article docid="{n + 7}"><title>t</title><text><![CDATA[{text}]]></text>'
                   f'<toponyms count="{len(tops)}">')
        for phrase, shift, lat, lon in tops:
            s = text.index(phrase) - shift
            gz = ""
            if lat is not None:
                gz = (f'<gaztag geonameid="1"><name>{phrase}</name><fclass>P</fclass>'
                      f"<fcode>PPL</fcode><lat>{lat}</lat><lon>{lon}</lon></gaztag>")
            out.append(f"<toponym><phrase>{phrase}</phrase><start>{s}</start>"
                       f"<end>{s + len(phrase)}</end>{gz}</toponym>")
        out.append("</toponyms></article>")
    out.append("</articles>")
    return "\n".join(out)


# Fixture texts (written for these tests). Multi-byte characters before the mentions: ã, 🦠
# (outside the BMP), ’, Ł.
GV_ARTICLES = [
    ("Health officials in São Paulo reported forty cases on Monday. A French team flew in from "
     "Paris, and samples 🦠 went to Kyiv’s main lab and then to Łódź.",
     [("São Paulo", 0, -23.55, -46.63), ("Paris", 0, 48.857, 2.352),
      ("Kyiv", 0, 50.45, 30.52), ("Łódź", 0, 51.77, 19.46)]),
    ("The outbreak reached New York City by June, and Springfield by July.",
     [("New York City", 0, 40.71, -74.01), ("Springfield", 0, 39.80, -89.64)]),
]
GV_DICT = {
    "São Paulo": {"lat": -23.55, "lon": -46.63},
    "French": {"lat": 46.0, "lon": 2.0, "demonym": True},  # not annotated in GeoVirus: ignored
    "Paris": {"lat": 33.66, "lon": -95.56},  # the Texas one: a resolution error
    "Kyiv": {"lat": 50.45, "lon": 30.52},
    "Monday": {"lat": 10.0, "lon": 10.0},  # false positive
    "New York": {"lat": 40.71, "lon": -74.01},  # overlap, not exact
    "Springfield": {"lat": 39.80, "lon": -89.64},
}
TR_ARTICLES = [
    ("Russian troops moved toward Kharkiv, said a Ukrainian official in Kyiv and a Polish envoy.\n"
     "The North Korea delegation left Vladivostok on Friday.",
     [("Russian", 0, 60.0, 100.0), ("Kharkiv", 3, 49.99, 36.23), ("Ukrainian", 0, None, None),
      ("Kyiv", 1, 50.45, 30.52), ("North Korea", 0, 40.0, 127.0),
      ("Vladivostok", 0, 43.11, 131.87)]),
]
TR_DICT = {
    "Russian": {"lat": 60.0, "lon": 100.0, "demonym": True},
    "Kharkiv": {"lat": 49.99, "lon": 36.23},
    "Ukrainian": {"lat": 49.0, "lon": 32.0, "demonym": True},
    "Kyiv": {"lat": 50.45, "lon": 30.52},
    "Polish": {"lat": 52.0, "lon": 20.0, "demonym": True},  # not in the gold: ignored
    "Korea": {"lat": 36.5, "lon": 127.9},  # overlap with "North Korea", far off
    "Vladivostok": {"lat": 43.11, "lon": 131.87},
}


class Env:
    """Temporary corpus directory and fake-evmap environment."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="evmap-bench-test-")
        self.dir = self.tmp.name
        self.saved = dict(os.environ)

    def write(self, name, content):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(content if isinstance(content, str) else json.dumps(content))
        return path

    def close(self):
        os.environ.clear()
        os.environ.update(self.saved)
        self.tmp.cleanup()


def run_main(module, argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = module.main(argv)
    return rc, out.getvalue(), err.getvalue()


def table_row(out, corpus):
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and cells[0] == corpus:
            return cells
    raise AssertionError(f"no row for {corpus} in:\n{out}")


class GeoparseFixtureTest(unittest.TestCase):
    def setUp(self):
        self.env = Env()
        self.env.write("GeoVirus.xml", geovirus_xml(GV_ARTICLES))
        self.env.write("TR-News.xml", trnews_xml(TR_ARTICLES))

    def tearDown(self):
        self.env.close()

    def evaluate(self, name, entries, extra=()):
        os.environ["FAKE_EVMAP_DICT"] = self.env.write(f"{name}.dict.json", entries)
        return run_main(eval_geoparse, ["--evmap", FAKE, "--corpus", self.env.dir,
                                        "--only", name, *extra])

    def test_haversine(self):
        self.assertAlmostEqual(eval_geoparse.haversine_km(0, 0, 1, 0), math.pi * R / 180, 9)
        for a in [(48.857, 2.352, 33.66, -95.56), (-33.9, 18.4, 35.7, 139.7), (0, 0, 0, 179.9)]:
            self.assertAlmostEqual(eval_geoparse.haversine_km(*a), cosine_law_km(*a), 6)

    def check_geovirus(self, out):
        row = table_row(out, "GeoVirus")
        # 6 gold, 7 predictions. Exact: 4 right, "French" ignored -> P = R = 4/6.
        # Overlap adds "New York" -> P = R = 5/6.
        self.assertEqual(row[1:4], ["2", "6", "7"])
        self.assertEqual(row[4:7], ["0.667", "0.667", "0.667"])
        self.assertEqual(row[7:10], ["0.833", "0.833", "0.833"])
        err = cosine_law_km(48.857, 2.352, 33.66, -95.56)
        self.assertEqual(row[10], "0.800")  # 5 resolved, Paris wrong
        self.assertEqual(row[11], f"{math.log1p(err) / math.log(20039) / 5:.3f}")
        self.assertEqual(row[12], f"{err / 5:.0f}")
        self.assertEqual(row[13], "0.0")
        self.assertIn("6 at the documented offsets, 0 re-anchored", out)
        self.assertIn("demonym predictions ignored: 1 exact, 1 overlap", out)

    def test_geovirus_per_article(self):
        rc, out, err = self.evaluate("GeoVirus", GV_DICT)
        self.assertEqual(rc, 0, err)
        self.check_geovirus(out)
        self.assertIn("per-article, 2 evmap run(s)", out)

    def test_geovirus_batch(self):
        rc, out, err = self.evaluate("GeoVirus", GV_DICT, ["--batch"])
        self.assertEqual(rc, 0, err)
        self.check_geovirus(out)
        self.assertIn("batch, 1 evmap run(s)", out)

    def test_trnews(self):
        for extra in ([], ["--batch"]):
            rc, out, err = self.evaluate("TR-News", TR_DICT, extra)
            self.assertEqual(rc, 0, err)
            row = table_row(out, "TR-News")
            # Exact: Korea wrong, Polish ignored -> 5/6. Overlap: all 6 of 6 counted.
            self.assertEqual(row[1:4], ["1", "6", "7"])
            self.assertEqual(row[4:7], ["0.833", "0.833", "0.833"])
            self.assertEqual(row[7:10], ["1.000", "1.000", "1.000"])
            err_km = cosine_law_km(40.0, 127.0, 36.5, 127.9)
            self.assertEqual(row[10], "0.800")  # Ukrainian has no gold point: 5 resolved
            self.assertEqual(row[12], f"{err_km / 5:.0f}")
            self.assertIn("4 at the documented offsets, 2 re-anchored, 0 not found", out)

    def test_errors_dump(self):
        path = os.path.join(self.env.dir, "errors.md")
        rc, out, err = self.evaluate("GeoVirus", GV_DICT, ["--errors", path])
        self.assertEqual(rc, 0, err)
        with open(path, encoding="utf-8") as fh:
            dump = fh.read()
        self.assertIn("False positives (1;", dump)
        self.assertIn("[[Monday]]", dump)
        self.assertIn("False negatives (1;", dump)
        self.assertIn("[[Łódź]]", dump)
        self.assertIn("gold 'New York City' predicted 'New York'", dump)
        worst = dump.split("Worst resolution errors")[1]
        self.assertIn("[[Paris]]", worst.splitlines()[2])

    def test_failed_run_counts_as_empty(self):
        os.environ["FAKE_EVMAP_FAIL"] = "Springfield"
        rc, out, err = self.evaluate("GeoVirus", GV_DICT)
        self.assertEqual(rc, 1)
        self.assertIn("1 evmap failure(s)", out)
        row = table_row(out, "GeoVirus")
        self.assertEqual(row[3], "5")  # the second article predicted nothing

    def test_contract_violation_reported(self):
        art = eval_geoparse.Article("x", "x-1", "Łódź", [])
        art.prepare()
        rs = eval_geoparse.RunStats()
        doc = {"type": "FeatureCollection", "features": [{
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [19.46, 51.77]},
            "properties": {"mentions": [{"start": 1, "end": 7}, {"start": 0, "end": 99}]}}]}
        preds = eval_geoparse.parse_places(art, doc, rs)
        self.assertEqual(len(preds), 1)
        self.assertEqual(len(rs.contract), 2)
        self.assertIn("not on UTF-8 boundaries", rs.contract[0])

    def test_missing_corpus_skips(self):
        rc, out, err = run_main(eval_geoparse, ["--evmap", FAKE, "--corpus",
                                                os.path.join(self.env.dir, "nope")])
        self.assertEqual(rc, 77)
        self.assertIn("skip: corpus not found", err)

    def test_missing_evmap(self):
        rc, out, err = run_main(eval_geoparse, ["--evmap", "/nonexistent/evmap", "--corpus",
                                                self.env.dir])
        self.assertEqual(rc, 2)
        self.assertIn("evmap binary not found", err)


class AucBoundsTest(unittest.TestCase):
    """auc_bounds.py on one GeoVirus article: a country at evmap's point 300 km off the gold,
    at the source point 100 km off; a division at a point 50 km off, its places' box middle on
    the gold point; a city 10 km off."""

    def test_bounds(self):
        env = Env()
        try:
            text = "Floods hit Canada and Ontario, near Ottawa."
            env.write("GeoVirus.xml", geovirus_xml([(text, [
                ("Canada", 0, 60.0, -95.0), ("Ontario", 0, 50.0, -85.0),
                ("Ottawa", 0, 45.42, -75.70)])]))
            dlat = 300 / (math.pi * R / 180)
            entries = {
                "Canada": {"lat": 60.0 - dlat, "lon": -95.0, "kind": "country",
                           "country_code": "CA"},
                "Ontario": {"lat": 50.0 + 50 / (math.pi * R / 180), "lon": -85.0,
                            "kind": "admin1", "country_code": "CA"},
                "Ottawa": {"lat": 45.42 + 10 / (math.pi * R / 180), "lon": -75.70},
            }
            os.environ["FAKE_EVMAP_DICT"] = env.write("dict.json", entries)
            src = os.path.join(env.dir, "sources")
            os.mkdir(src)
            with open(os.path.join(src, "countries.tsv"), "w", encoding="utf-8") as f:
                f.write("#cca2\tcca3\tccn3\tcommon\tofficial\talt\tdem\tlat\tlon\n")
                f.write(f"CA\tCAN\t124\tCanada\tCanada\t\tCanadian\t{60.0 - 100 / (math.pi * R / 180)}"
                        "\t-95\tOttawa\t1\tUSA\t1\n")
            with open(os.path.join(src, "divisions.tsv"), "w", encoding="utf-8") as f:
                f.write("#cc\tcode\tiso\tname\tnative\ttype\tlat\tlon\n")
                f.write(f"CA\t08\tCA-ON\tOntario\tOntario\tprovince\t{entries['Ontario']['lat']}"
                        "\t-85\n")
            with open(os.path.join(src, "places.txt"), "w", encoding="utf-8") as f:
                for lat, lon in ((48.0, -87.0), (52.0, -83.0), (49.0, -86.0), (51.0, -84.0),
                                 (50.0, -85.0)):
                    row = ["1", "P", "P", "", str(lat), str(lon), "P", "PPL", "CA", "", "08",
                           "", "", "", "100", "", "", "", ""]
                    f.write("\t".join(row) + "\n")
            rc, out, err = run_main(auc_bounds, ["--evmap", FAKE, "--corpus", env.dir,
                                                 "--sources", src])
            self.assertEqual(rc, 0, err)
            row = table_row(out, "GeoVirus")
            L = math.log(20039)

            def auc(*kms):
                return f"{sum(math.log1p(k) for k in kms) / L / 3:.3f}"

            self.assertEqual(row[1], "3")
            self.assertEqual(row[2], auc(300, 50, 10))
            self.assertEqual(row[3], auc(100, 50, 10))  # the source point for every country
            self.assertEqual(row[4], auc(100, 50, 10))  # the better of the two for Canada
            self.assertEqual(row[5], auc(300, 0, 10) + " (box middle)")
            self.assertEqual(row[6], auc(300, 0, 10))
            self.assertEqual(row[7], auc(100, 0, 10))
            self.assertEqual(row[8], auc(10))
        finally:
            env.close()


@unittest.skipUnless(os.path.isfile(os.path.join(CORPUS, "GeoVirus.xml")),
                     f"skip: dev corpora not found in {CORPUS}")
class GeoparseRealCorpusTest(unittest.TestCase):
    """Oracle predictions built from the gold: perfect, then with known perturbations."""

    def setUp(self):
        self.env = Env()

    def tearDown(self):
        self.env.close()

    def oracle(self, name, drop_every=0, move_every=0):
        path = os.path.join(CORPUS, eval_geoparse.LOADERS[name][0])
        arts, _ = eval_geoparse.LOADERS[name][1](path)
        table, k, dropped, moved = {}, 0, 0, 0
        for a in arts:
            a.prepare()
            feats = []
            for g in a.gold:
                k += 1
                if drop_every and k % drop_every == 0:
                    dropped += 1
                    continue
                lat, lon = (g.lat, g.lon) if g.lat is not None else (0.0, 0.0)
                if move_every and k % move_every == 0 and g.lat is not None:
                    lat = lat - 2 if lat > 0 else lat + 2
                    moved += 1
                feats.append({"type": "Feature",
                              "geometry": {"type": "Point", "coordinates": [lon, lat]},
                              "properties": {"name": g.name, "mentions": [
                                  {"start": a.cp_to_byte[g.start], "end": a.cp_to_byte[g.end],
                                   "demonym": False}]}})
            table.setdefault(hashlib.sha256(a.utf8).hexdigest(), []).extend(feats)
        os.environ["FAKE_EVMAP_ORACLE"] = self.env.write(f"{name}.oracle.json", table)
        return arts, dropped, moved

    def test_perfect(self):
        for name in eval_geoparse.CORPORA:
            arts, _, _ = self.oracle(name)
            rc, out, err = run_main(eval_geoparse, ["--evmap", FAKE, "--corpus", CORPUS,
                                                    "--only", name, "--batch"])
            self.assertEqual(rc, 0, err)
            row = table_row(out, name)
            self.assertEqual(row[4:12], ["1.000"] * 7 + ["0.000"], out)
            self.assertIn("0 not found", out)

    def test_perturbed(self):
        name = "TR-News"
        arts, dropped, moved = self.oracle(name, drop_every=5, move_every=7)
        rc, out, err = run_main(eval_geoparse, ["--evmap", FAKE, "--corpus", CORPUS,
                                                "--only", name, "--batch"])
        self.assertEqual(rc, 0, err)
        row = table_row(out, name)
        gold = sum(len(a.gold) for a in arts)
        self.assertEqual(row[4], "1.000")
        self.assertEqual(row[5], f"{(gold - dropped) / gold:.3f}")
        resolved = int(out.split("with coordinates, ")[1].split(" of them")[0])
        self.assertEqual(row[10], f"{(resolved - moved) / resolved:.3f}")
        self.assertEqual(row[12], f"{moved * 2 * math.pi * R / 180 / resolved:.0f}")


CLAIM_ROWS = [
    # sentence, subject, reference, km, distance, direction, units
    ("Lyon lies about 390 km southeast of Paris.", "Lyon", "Paris", "390", "consistent",
     "consistent", "none"),
    ("The 120-mile (190-kilometer) ride from Kraków to Łódź was slow.", "Łódź", "Kraków", "190",
     "either", "none", "consistent"),
    ("Quito and Lima are about 1,320 km apart.", "Lima", "Quito", "1320", "consistent", "none",
     "none"),
    ("The market opened at nine.", "", "", "", "none", "none", "none"),
    ("Madrid is north of Seville.", "Madrid", "Seville", "", "none", "either-consistent-loose",
     "none"),
]


class ClaimsTest(unittest.TestCase):
    def setUp(self):
        self.env = Env()
        lines = ["# sentence\tsubject\treference\tclaimed_km\td\tdir\tunits"]
        lines += ["\t".join(r) for r in CLAIM_ROWS]
        self.tsv = self.env.write("claims.tsv", "\n".join(lines) + "\n")

    def tearDown(self):
        self.env.close()

    def oracle(self, rows, perturb):
        table = {}
        for i, (sent, subj, ref, km, dv, dirv, uv) in enumerate(rows):
            data = sent.encode("utf-8")
            feats = []
            if subj:
                props = {"kind": "distance" if km else "direction", "text": sent, "start": 0,
                         "end": len(data), "subject": subj, "reference": ref,
                         "claimed_km": float(km) if km else None,
                         "distance_verdict": "consistent" if dv == "either" else dv,
                         "direction_verdict": "loose" if dirv.startswith("either") else dirv,
                         "units_verdict": uv}
                if perturb and i == 0:
                    props["subject"] = "LYON"  # case-insensitive: still right
                if perturb and i == 1:
                    props["claimed_km"] *= 1.02  # beyond 1%: wrong
                if perturb and i == 2:
                    props["direction_verdict"] = "loose"  # gold none: wrong
                feats.append({"type": "Feature", "geometry": {"type": "LineString",
                                                              "coordinates": [[0, 0], [1, 1]]},
                              "properties": props})
            elif perturb:
                feats.append({"type": "Feature", "geometry": None, "properties": {
                    "kind": "distance", "start": 0, "end": 3, "subject": "Nine",
                    "reference": "Market"}})
            table[hashlib.sha256(data).hexdigest()] = feats
            table[hashlib.sha256(data + b"\n").hexdigest()] = feats
        os.environ["FAKE_EVMAP_ORACLE"] = self.env.write("claims.oracle.json", table)

    def scores(self, out):
        acc = {}
        for line in out.splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 4 and cells[3].replace(".", "").isdigit():
                acc[cells[0]] = (int(cells[1]), int(cells[2]))
            if cells[0] == "sentence level":
                acc["detection"] = cells[1:]
        return acc

    def test_perfect_both_modes(self):
        self.oracle(CLAIM_ROWS, perturb=False)
        for extra in ([], ["--one-file"]):
            rc, out, err = run_main(eval_claims, ["--evmap", FAKE, "--claims", self.tsv, *extra])
            self.assertEqual(rc, 0, err)
            acc = self.scores(out)
            for c in eval_claims.COLUMNS:
                self.assertEqual(acc[c], (4, 4), out)
            self.assertEqual(acc["all columns"], (4, 4))
            self.assertEqual(acc["detection"], ["4", "1", "4", "1.000", "1.000", "0"])

    def test_perturbed_both_modes(self):
        self.oracle(CLAIM_ROWS, perturb=True)
        for extra in ([], ["--one-file"]):
            rc, out, err = run_main(eval_claims, ["--evmap", FAKE, "--claims", self.tsv, *extra])
            self.assertEqual(rc, 0, err)
            acc = self.scores(out)
            self.assertEqual(acc["subject"], (4, 4))
            self.assertEqual(acc["claimed_km"], (3, 4))
            self.assertEqual(acc["direction_verdict"], (3, 4))
            self.assertEqual(acc["units_verdict"], (4, 4))
            self.assertEqual(acc["all columns"], (2, 4))
            self.assertEqual(acc["detection"], ["4", "1", "5", "0.800", "1.000", "1"])

    def test_verdict_rules(self):
        self.assertTrue(eval_claims.verdict_ok("either", "inaccurate"))
        self.assertTrue(eval_claims.verdict_ok("either-consistent-loose", "consistent"))
        self.assertFalse(eval_claims.verdict_ok("either-consistent-loose", "wrong"))
        self.assertTrue(eval_claims.verdict_ok("none", None))
        self.assertFalse(eval_claims.verdict_ok("consistent", None))
        self.assertTrue(eval_claims.km_ok(321.9, 321.87))
        self.assertFalse(eval_claims.km_ok(100.0, 101.5))
        self.assertEqual(eval_claims.fold("São Paulo"), eval_claims.fold("sao paulo"))

    def test_missing_tsv_skips(self):
        rc, out, err = run_main(eval_claims, ["--evmap", FAKE, "--claims", "/nonexistent.tsv"])
        self.assertEqual(rc, 77)
        self.assertIn("skip:", err)

    @unittest.skipUnless(os.path.isfile(os.path.join(CORPUS, "claims-dev.tsv")),
                         f"skip: claims-dev.tsv not found in {CORPUS}")
    def test_dev_tsv_perfect(self):
        rows = eval_claims.load_tsv(os.path.join(CORPUS, "claims-dev.tsv"))
        self.oracle([(r.sentence, r.subject, r.reference,
                      "" if r.claimed_km is None else str(r.claimed_km), r.distance_verdict,
                      r.direction_verdict, r.units_verdict) for r in rows], perturb=False)
        rc, out, err = run_main(eval_claims, ["--evmap", FAKE, "--one-file", "--claims",
                                              os.path.join(CORPUS, "claims-dev.tsv")])
        self.assertEqual(rc, 0, err)
        acc = self.scores(out)
        detection = acc.pop("detection")
        self.assertEqual(detection[3:], ["1.000", "1.000", "0"])
        for c, (ok, n) in acc.items():
            self.assertEqual(ok, n, f"{c}\n{out}")


class GazetteerBenchTest(unittest.TestCase):
    def test_rows_with_fakes(self):
        with tempfile.TemporaryDirectory() as d:
            idx = os.path.join(d, "fake.idx")
            env = dict(os.environ, EVMAP=FAKE, INDEX=idx, RUNS="3", RSS_RUNS="1",
                       GAZC_CMD=f"python3 -c open('{idx}','wb').write(bytes(1234))",
                       LOOKUP_BENCH_CMD="echo 123456")
            p = subprocess.run(["bash", os.path.join(BENCH, "bench_gazetteer.sh")], env=env,
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            rows = [line for line in p.stdout.splitlines() if line.startswith("| ")]
            self.assertEqual(len(rows), 6, p.stdout)  # header + 5 measures
            self.assertIn("(1234 bytes)", p.stdout)
            self.assertIn("| 123456 |", p.stdout)
            self.assertRegex(p.stdout, r"cold start .*\| [0-9.]+ ms \|")
            self.assertRegex(p.stdout, r"peak RSS .*\| [0-9.]+ MB \([0-9]+ KiB\)")


if __name__ == "__main__":
    unittest.main(verbosity=2)
