#!/usr/bin/env python3
"""How low can AUC go with the gazetteer's own points? Bounds for bench/eval_geoparse.py.

Python 3.11, standard library only. Runs evmap over the dev corpora like eval_geoparse.py, keeps
its resolved toponyms (recognised, with gold coordinates) and recomputes AUC (mean of
ln(1 + error_km) / ln(20039)) with the points of the resolved country and admin1 readings
replaced by other points the pinned sources give for the same place:

  - countries: the source point (world-countries, whole degrees) for every country; the better
    of that point and evmap's own (the mainland centroid where it moved the point) for each
    country separately, chosen with the gold points (an oracle no method can beat with these two
    points);
  - admin1 divisions: the @countrystatecity point, the middle of the bounding box of the
    division's places, their mean, their median, trimmed boxes, and the best of those for each
    division separately (again an oracle);
  - finally every country and admin1 reading that is the right place (error below 1,000 km) at
    the gold point itself (perfect points; only the other readings' errors left).

The readings themselves are not changed, so the figures show what the choice of points alone can
do. Usage:

    python3 bench/auc_bounds.py --evmap build/evmap --corpus ../shared/eval \
        --sources build/gazetteer/sources

--sources is the folder the gazetteer build unpacks (countries.tsv, divisions.tsv, places.txt).
Exit status: 0 printed; 2 usage error; 77 corpus absent.
"""

from __future__ import annotations

import argparse
import collections
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_geoparse as ev  # noqa: E402

L = math.log(ev.AUC_MAX_KM)
RIGHT_PLACE_KM = 1000.0


def tsv_rows(path: str):
    """The tab-separated rows of a sources file, comment lines skipped."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def load_countries(path: str) -> dict[str, tuple[float, float]]:
    return {r[0]: (float(r[7]), float(r[8])) for r in tsv_rows(path) if r[7] and r[8]}


def load_divisions(path: str, places_path: str) -> tuple[dict, dict]:
    """Divisions by (country code, name): their code and source point; places by (country code,
    admin1 code): their points."""
    div = {(r[0], r[3]): {"code": r[1], "src": (float(r[6]), float(r[7]))}
           for r in tsv_rows(path) if r[6] and r[7]}
    places = collections.defaultdict(list)
    for r in tsv_rows(places_path):
        places[(r[8], r[10])].append((float(r[4]), float(r[5])))
    return div, places


def division_points(d: dict, places: list[tuple[float, float]]) -> dict[str, tuple[float, float]]:
    out = {"source point": d["src"]}
    if len(places) < 5:
        return out
    lats = sorted(p[0] for p in places)
    lons = sorted(p[1] for p in places)

    def q(v, x):
        return v[int(x * (len(v) - 1))]

    out["box middle"] = ((lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2)
    out["mean of places"] = (sum(lats) / len(lats), sum(lons) / len(lons))
    out["median of places"] = (lats[len(lats) // 2], lons[len(lons) // 2])
    out["2-98% box middle"] = ((q(lats, .02) + q(lats, .98)) / 2, (q(lons, .02) + q(lons, .98)) / 2)
    out["5-95% box middle"] = ((q(lats, .05) + q(lats, .95)) / 2, (q(lons, .05) + q(lons, .95)) / 2)
    return out


def units(km: float) -> float:
    return math.log(1 + km)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--evmap", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--sources", required=True)
    a = ap.parse_args(argv)
    if not os.path.isdir(a.corpus):
        print("auc_bounds: corpus folder absent: skipped", file=sys.stderr)
        return ev.EXIT_SKIP
    try:
        countries = load_countries(os.path.join(a.sources, "countries.tsv"))
        div, places = load_divisions(os.path.join(a.sources, "divisions.tsv"),
                                     os.path.join(a.sources, "places.txt"))
    except OSError as e:
        print(f"auc_bounds: {e}", file=sys.stderr)
        return ev.EXIT_USAGE
    print("| corpus | resolved | evmap's points | countries: source points | countries: best of the "
          "two, per country (oracle) | admin1: best single rule | admin1: best per division "
          "(oracle) | both oracles | country and admin1 points perfect |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, loader in (("GeoVirus", ev.load_geovirus), ("TR-News", ev.load_trnews)):
        path = os.path.join(a.corpus, name + ".xml")
        if not os.path.exists(path):
            continue
        arts, _ = loader(path)
        for art in arts:
            art.prepare()
        rs = ev.RunStats()
        with tempfile.TemporaryDirectory() as tmp:
            preds = ev.run_batch(a.evmap, arts, None, rs, tmp)
        s = ev.score(arts, preds)
        n = len(s.resolved)
        if n == 0:
            continue
        cur = 0.0
        c_src = 0.0  # change of the sum with the source point for every country
        c_per = collections.defaultdict(lambda: [0.0, 0.0])
        a_rule = collections.Counter()
        a_per = collections.defaultdict(collections.Counter)
        perfect = 0.0
        for err, _art, p, g in s.resolved:
            u = units(err)
            cur += u
            kind, cc = p.props.get("kind"), p.props.get("country_code")
            right = err < RIGHT_PLACE_KM
            if kind in ("country", "admin1") and right:
                perfect -= u
            if kind == "country" and cc in countries:
                us = units(ev.haversine_km(g.lat, g.lon, *countries[cc]))
                c_src += us - u
                c_per[cc][0] += u
                c_per[cc][1] += us
            elif kind == "admin1" and right:
                d = div.get((cc, p.props.get("name")))
                if not d:
                    continue
                pts = division_points(d, places.get((cc, d["code"]), []))
                if len(pts) < 2:
                    continue
                key = (cc, p.props.get("name"))
                a_rule["evmap's point"] += u
                a_per[key]["evmap's point"] += u
                for m, pt in pts.items():
                    v = units(ev.haversine_km(g.lat, g.lon, *pt))
                    a_rule[m] += v
                    a_per[key][m] += v
        c_best = -sum(max(0.0, x - y) for x, y in c_per.values())
        base = a_rule["evmap's point"]
        best_rule = min(((v, m) for m, v in a_rule.items()), default=(base, "evmap's point"))
        a_best = sum(min(c.values()) for c in a_per.values()) - base

        def auc(total: float) -> str:
            return f"{total / L / n:.3f}"

        print(f"| {name} | {n} | {auc(cur)} | {auc(cur + c_src)} | {auc(cur + c_best)} | "
              f"{auc(cur + best_rule[0] - base)} ({best_rule[1]}) | {auc(cur + a_best)} | "
              f"{auc(cur + c_best + a_best)} | {auc(cur + perfect)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
