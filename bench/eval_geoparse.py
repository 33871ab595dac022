#!/usr/bin/env python3
"""Geoparsing evaluation of `evmap places` on the GeoVirus and TR-News corpora.

Python 3.11, standard library only. The corpora are not part of the repository: pass their
directory with --corpus (usually ../shared/eval). See bench/README.md for the metric definitions.

Exit status: 0 metrics printed; 1 some evmap runs failed (the table is still printed, those
articles count as having no predictions); 2 usage error or evmap not runnable; 77 corpus absent
(skip).
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

EXIT_FAILED_RUNS = 1
EXIT_USAGE = 2
EXIT_SKIP = 77

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius; the metric uses a sphere (haversine)
AUC_MAX_KM = 20039.0  # half the equatorial circumference, the AUC scale of Gritta et al.
ACC_KM = 161.0  # 100 miles
REANCHOR_WINDOW_CP = 10

CORPORA = ("GeoVirus", "TR-News")


# ---------------------------------------------------------------------------------------------
# Data


@dataclass
class Gold:
    start: int  # code points, half-open
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass
class Article:
    corpus: str
    aid: str
    text: str
    gold: list[Gold]
    utf8: bytes = b""
    # byte offset of every code point boundary: cp_to_byte[i] = byte offset of code point i
    cp_to_byte: list[int] = field(default_factory=list)

    def prepare(self) -> None:
        self.utf8 = self.text.encode("utf-8")
        offs = []
        b = 0
        for ch in self.text:
            offs.append(b)
            b += len(ch.encode("utf-8"))
        offs.append(b)
        self.cp_to_byte = offs

    def byte_to_cp(self, byte_off: int) -> tuple[int, bool]:
        """Code point index of a byte offset; second value False when not on a boundary."""
        i = bisect.bisect_left(self.cp_to_byte, byte_off)
        if i < len(self.cp_to_byte) and self.cp_to_byte[i] == byte_off:
            return i, True
        return max(i - 1, 0), False


@dataclass
class Pred:
    start: int  # code points, half-open
    end: int
    demonym: bool
    lon: float | None
    lat: float | None
    props: dict


@dataclass
class LoadStats:
    gold_total: int = 0
    as_documented: int = 0  # span matched after the documented correction only
    reanchored: int = 0  # needed a search within the window
    unanchored: int = 0  # phrase not found: span kept as given
    duplicates: int = 0  # identical gold spans within one article, dropped


# ---------------------------------------------------------------------------------------------
# Corpus loading


def _reanchor(text: str, phrase: str, start: int) -> int | None:
    """Start of the occurrence of phrase nearest to start within the window, or None."""
    best = None
    for d in sorted(range(-REANCHOR_WINDOW_CP, REANCHOR_WINDOW_CP + 1), key=lambda x: (abs(x), x)):
        s = start + d
        if s >= 0 and text.startswith(phrase, s):
            best = s
            break
    return best


def _anchor(text: str, phrase: str, start: int, end: int, stats: LoadStats) -> tuple[int, int]:
    if text[start:end] == phrase:
        stats.as_documented += 1
        return start, end
    s = _reanchor(text, phrase, start)
    if s is None:
        stats.unanchored += 1
        return start, end
    stats.reanchored += 1
    return s, s + len(phrase)


def _float(el: ET.Element | None, tag: str) -> float | None:
    if el is None:
        return None
    c = el.find(tag)
    if c is None or c.text is None or not c.text.strip():
        return None
    return float(c.text)


def _dedupe(gold: list[Gold], stats: LoadStats) -> list[Gold]:
    seen = set()
    out = []
    for g in gold:
        key = (g.start, g.end)
        if key in seen:
            stats.duplicates += 1
            continue
        seen.add(key)
        out.append(g)
    return out


def load_geovirus(path: str) -> tuple[list[Article], LoadStats]:
    """GeoVirus: offsets in code points, every one one too high (span = text[start-1:end-1])."""
    stats = LoadStats()
    arts = []
    root = ET.parse(path).getroot()
    for n, a in enumerate(root.iter("article")):
        text = a.findtext("text") or ""
        gold = []
        for loc in a.iter("location"):
            name = loc.findtext("name") or ""
            s = int(loc.findtext("start")) - 1
            e = int(loc.findtext("end")) - 1
            stats.gold_total += 1
            s, e = _anchor(text, name, s, e, stats)
            gold.append(Gold(s, e, name, _float(loc, "lat"), _float(loc, "lon")))
        arts.append(Article("GeoVirus", f"GeoVirus-{n + 1}", text, _dedupe(gold, stats)))
    return arts, stats


def load_trnews(path: str) -> tuple[list[Article], LoadStats]:
    """TR-News: offsets in code points, some shifted; re-anchor each phrase within +-10."""
    stats = LoadStats()
    arts = []
    root = ET.parse(path).getroot()
    for n, a in enumerate(root.iter("article")):
        text = a.findtext("text") or ""
        gold = []
        for tp in a.iter("toponym"):
            phrase = tp.findtext("phrase") or ""
            s = int(tp.findtext("start"))
            e = int(tp.findtext("end"))
            stats.gold_total += 1
            s, e = _anchor(text, phrase, s, e, stats)
            gz = tp.find("gaztag")
            gold.append(Gold(s, e, phrase, _float(gz, "lat"), _float(gz, "lon")))
        aid = a.get("docid") or str(n + 1)
        arts.append(Article("TR-News", f"TR-News-{aid}", text, _dedupe(gold, stats)))
    return arts, stats


LOADERS = {"GeoVirus": ("GeoVirus.xml", load_geovirus), "TR-News": ("TR-News.xml", load_trnews)}


# ---------------------------------------------------------------------------------------------
# Running evmap and reading its output


@dataclass
class RunStats:
    mode: str = "per-article"
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    text_bytes: int = 0
    contract: list[str] = field(default_factory=list)  # output contract violations


def parse_places(art: Article, doc, rs: RunStats) -> list[Pred]:
    """Predictions of one article from a FeatureCollection (or a list of features)."""
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        feats = doc.get("features")
    elif isinstance(doc, list):
        feats = doc
    else:
        rs.contract.append(f"{art.aid}: output is not a FeatureCollection")
        return []
    if not isinstance(feats, list):
        rs.contract.append(f"{art.aid}: 'features' is not an array")
        return []
    preds = []
    for f in feats:
        if not isinstance(f, dict):
            rs.contract.append(f"{art.aid}: feature is not an object")
            continue
        props = f.get("properties") or {}
        mentions = props.get("mentions")
        if not isinstance(mentions, list):
            rs.contract.append(f"{art.aid}: feature without a 'mentions' array")
            continue
        lon = lat = None
        geom = f.get("geometry")
        if isinstance(geom, dict) and geom.get("type") == "Point":
            c = geom.get("coordinates")
            if isinstance(c, list) and len(c) >= 2:
                lon, lat = float(c[0]), float(c[1])
        if lon is None:
            rs.contract.append(f"{art.aid}: feature {props.get('name')!r} has no Point geometry")
        for m in mentions:
            try:
                bs, be = int(m["start"]), int(m["end"])
            except (KeyError, TypeError, ValueError):
                rs.contract.append(f"{art.aid}: malformed mention {m!r}")
                continue
            if not 0 <= bs < be <= len(art.utf8):
                rs.contract.append(f"{art.aid}: mention [{bs},{be}) outside the text")
                continue
            cs, ok1 = art.byte_to_cp(bs)
            ce, ok2 = art.byte_to_cp(be)
            if not (ok1 and ok2):
                rs.contract.append(f"{art.aid}: mention [{bs},{be}) not on UTF-8 boundaries")
                if not ok2:
                    ce += 1
            preds.append(Pred(cs, ce, bool(m.get("demonym")), lon, lat, props))
    return preds


def _gaz_args(gazetteer: str | None) -> list[str]:
    return ["--gazetteer", gazetteer] if gazetteer else []


def run_per_article(evmap: str, arts: list[Article], gazetteer: str | None, rs: RunStats,
                    tmpdir: str) -> dict[str, list[Pred]]:
    out = {}
    path = os.path.join(tmpdir, "article.txt")
    for art in arts:
        with open(path, "wb") as fh:
            fh.write(art.utf8)
        cmd = [evmap, "places", *_gaz_args(gazetteer), path]
        c0 = os.times()
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True)
        rs.wall_s += time.perf_counter() - t0
        c1 = os.times()
        rs.cpu_s += (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
        rs.runs += 1
        rs.text_bytes += len(art.utf8)
        if p.returncode != 0:
            msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
            rs.failures.append(f"{art.aid}: exit {p.returncode}: {msg[0] if msg else ''}")
            out[art.aid] = []
            continue
        try:
            doc = json.loads(p.stdout)
        except json.JSONDecodeError as e:
            rs.failures.append(f"{art.aid}: output is not JSON ({e})")
            out[art.aid] = []
            continue
        out[art.aid] = parse_places(art, doc, rs)
    return out


def run_batch(evmap: str, arts: list[Article], gazetteer: str | None, rs: RunStats,
              tmpdir: str) -> dict[str, list[Pred]]:
    rs.mode = "batch"
    path = os.path.join(tmpdir, "articles.jsonl")
    with open(path, "w", encoding="utf-8") as fh:
        for art in arts:
            fh.write(json.dumps({"id": art.aid, "text": art.text}, ensure_ascii=False) + "\n")
    cmd = [evmap, "batch", "--layers", "places", *_gaz_args(gazetteer), path]
    c0 = os.times()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True)
    rs.wall_s += time.perf_counter() - t0
    c1 = os.times()
    rs.cpu_s += (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    rs.runs += 1
    rs.text_bytes += sum(len(a.utf8) for a in arts)
    if p.returncode != 0:
        msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
        rs.failures.append(f"batch: exit {p.returncode}: {msg[-1] if msg else ''}")
    feats: dict[str, list] = {a.aid: [] for a in arts}
    # GeoJSONSeq (RFC 8142): records start with RS (0x1E) and end with LF; plain lines accepted.
    for lineno, line in enumerate(p.stdout.split(b"\n"), 1):
        line = line.strip(b"\x1e \t\r")
        if not line:
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            rs.failures.append(f"batch output line {lineno}: not JSON ({e})")
            continue
        props = rec.get("properties") if isinstance(rec, dict) else None
        if not isinstance(props, dict) or rec.get("type") != "Feature":
            continue  # empty-result or other records
        aid = props.get("article_id")
        if aid not in feats:
            rs.contract.append(f"batch output line {lineno}: unknown article_id {aid!r}")
            continue
        if "mentions" in props:  # a places feature (other layers are skipped)
            feats[aid].append(rec)
    by_id = {a.aid: a for a in arts}
    return {aid: parse_places(by_id[aid], {"type": "FeatureCollection", "features": fl}, rs)
            for aid, fl in feats.items()}


# ---------------------------------------------------------------------------------------------
# Metrics


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def match_exact(gold: list[Gold], preds: list[Pred]) -> dict[int, int]:
    """One-to-one pred index -> gold index for identical spans."""
    free = {}
    for gi, g in enumerate(gold):
        free.setdefault((g.start, g.end), []).append(gi)
    m = {}
    for pi, p in enumerate(preds):
        lst = free.get((p.start, p.end))
        if lst:
            m[pi] = lst.pop(0)
    return m


def match_overlap(gold: list[Gold], preds: list[Pred]) -> dict[int, int]:
    """One-to-one pred -> gold sharing at least one code point; exact pairs first, then the
    pairs with the largest overlap (greedy)."""
    m = match_exact(gold, preds)
    used = set(m.values())
    pairs = []
    for pi, p in enumerate(preds):
        if pi in m:
            continue
        for gi, g in enumerate(gold):
            if gi in used:
                continue
            ov = min(p.end, g.end) - max(p.start, g.start)
            if ov > 0:
                pairs.append((-ov, abs(p.start - g.start), pi, gi))
    pairs.sort()
    for _, _, pi, gi in pairs:
        if pi in m or gi in used:
            continue
        m[pi] = gi
        used.add(gi)
    return m


@dataclass
class Score:
    articles: int = 0
    gold: int = 0
    gold_coords: int = 0
    predicted: int = 0
    exact_tp: int = 0
    exact_ignored: int = 0  # demonym predictions matching no gold span exactly
    overlap_tp: int = 0
    overlap_ignored: int = 0
    errors_km: list[float] = field(default_factory=list)
    no_coords: int = 0  # recognised, but the prediction had no point (counted at AUC_MAX_KM)
    # details for the error dump
    fps: list = field(default_factory=list)
    fns: list = field(default_factory=list)
    boundary: list = field(default_factory=list)
    resolved: list = field(default_factory=list)

    @staticmethod
    def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def exact(self) -> tuple[float, float, float]:
        return self.prf(self.exact_tp, self.predicted - self.exact_ignored, self.gold)

    def overlap(self) -> tuple[float, float, float]:
        return self.prf(self.overlap_tp, self.predicted - self.overlap_ignored, self.gold)

    def acc161(self) -> float | None:
        e = self.errors_km
        return sum(1 for x in e if x < ACC_KM) / len(e) if e else None

    def auc(self) -> float | None:
        e = self.errors_km
        return (sum(math.log1p(x) for x in e) / len(e)) / math.log(AUC_MAX_KM) if e else None

    def mean_km(self) -> float | None:
        return statistics.fmean(self.errors_km) if self.errors_km else None

    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None


def score(arts: list[Article], preds: dict[str, list[Pred]]) -> Score:
    s = Score()
    for art in arts:
        gold, pr = art.gold, preds.get(art.aid, [])
        s.articles += 1
        s.gold += len(gold)
        s.gold_coords += sum(1 for g in gold if g.lat is not None)
        s.predicted += len(pr)
        mx = match_exact(gold, pr)
        mo = match_overlap(gold, pr)
        s.exact_tp += len(mx)
        s.overlap_tp += len(mo)
        for pi, p in enumerate(pr):
            if p.demonym and pi not in mx:
                s.exact_ignored += 1
            if pi not in mo:
                if p.demonym:
                    s.overlap_ignored += 1
                else:
                    s.fps.append((art, p))
            elif pi not in mx:
                s.boundary.append((art, p, gold[mo[pi]]))
        matched_gold = set(mo.values())
        s.fns.extend((art, g) for gi, g in enumerate(gold) if gi not in matched_gold)
        for pi, gi in mo.items():
            g, p = gold[gi], pr[pi]
            if g.lat is None or g.lon is None:
                continue
            if p.lat is None or p.lon is None:
                err = AUC_MAX_KM
                s.no_coords += 1
            else:
                err = haversine_km(g.lat, g.lon, p.lat, p.lon)
            s.errors_km.append(err)
            s.resolved.append((err, art, p, g))
    return s


# ---------------------------------------------------------------------------------------------
# Reports


def _f(x: float | None, fmt: str) -> str:
    return "n/a" if x is None else format(x, fmt)


def markdown_table(rows: list[tuple[str, Score]]) -> str:
    head = ("| corpus | articles | gold | predicted | exact P | exact R | exact F1 | overlap P | "
            "overlap R | overlap F1 | Acc@161 | AUC | mean km | median km |")
    out = [head, "|" + "---|" * 14]
    for name, s in rows:
        ep, er, ef = s.exact()
        op, orr, of = s.overlap()
        out.append(
            f"| {name} | {s.articles} | {s.gold} | {s.predicted} | {ep:.3f} | {er:.3f} | {ef:.3f} | "
            f"{op:.3f} | {orr:.3f} | {of:.3f} | {_f(s.acc161(), '.3f')} | {_f(s.auc(), '.3f')} | "
            f"{_f(s.mean_km(), '.0f')} | {_f(s.median_km(), '.1f')} |")
    return "\n".join(out)


def _ctx(art: Article, start: int, end: int, width: int = 50) -> str:
    t = art.text
    s = f"{t[max(0, start - width):start]}[[{t[start:end]}]]{t[end:end + width]}"
    return s.replace("\n", " / ")


def _pdesc(p: Pred) -> str:
    pr = p.props
    keys = ("name", "geonameid", "feature_code", "country_code", "kind", "confidence", "reason")
    return ", ".join(f"{k}={pr.get(k)!r}" for k in keys if k in pr) + (" demonym" if p.demonym else "")


def write_errors(path: str, rows: list[tuple[str, Score]], top: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for name, s in rows:
            fh.write(f"# {name}\n\n## False positives ({len(s.fps)}; no overlapping gold span)\n\n")
            for art, p in s.fps:
                fh.write(f"- {art.aid} @{p.start}: {_ctx(art, p.start, p.end)}\n  {_pdesc(p)}\n")
            fh.write(f"\n## False negatives ({len(s.fns)}; gold spans no prediction overlaps)\n\n")
            for art, g in s.fns:
                fh.write(f"- {art.aid} @{g.start}: {_ctx(art, g.start, g.end)}\n")
            fh.write(f"\n## Boundary errors ({len(s.boundary)}; overlap but not exact)\n\n")
            for art, p, g in s.boundary:
                fh.write(f"- {art.aid}: gold {art.text[g.start:g.end]!r} "
                         f"predicted {art.text[p.start:p.end]!r}: {_ctx(art, g.start, g.end, 30)}\n")
            worst = sorted(s.resolved, key=lambda r: -r[0])[:top]
            fh.write(f"\n## Worst resolution errors (top {len(worst)} of {len(s.resolved)})\n\n")
            for err, art, p, g in worst:
                fh.write(f"- {err:.0f} km {art.aid}: {_ctx(art, g.start, g.end, 40)}\n"
                         f"  gold ({g.lat}, {g.lon}) predicted ({p.lat}, {p.lon}) {_pdesc(p)}\n")
            fh.write("\n")


# ---------------------------------------------------------------------------------------------
# Main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate `evmap places` on GeoVirus and TR-News.")
    ap.add_argument("--evmap", required=True, help="path to the evmap binary")
    ap.add_argument("--corpus", required=True,
                    help="directory holding GeoVirus.xml and TR-News.xml (e.g. ../shared/eval)")
    ap.add_argument("--gazetteer", metavar="IDX", help="index passed to evmap as --gazetteer")
    ap.add_argument("--only", choices=CORPORA, help="evaluate one corpus only")
    ap.add_argument("--batch", action="store_true",
                    help="one `evmap batch --layers places` run over JSON Lines instead of one "
                         "`evmap places` run per article")
    ap.add_argument("--errors", metavar="FILE", help="write FPs, FNs and worst resolutions here")
    ap.add_argument("--errors-top", type=int, default=100, metavar="N",
                    help="how many worst resolution errors to dump (default 100)")
    args = ap.parse_args(argv)

    names = [args.only] if args.only else list(CORPORA)
    paths = {n: os.path.join(args.corpus, LOADERS[n][0]) for n in names}
    missing = [p for p in paths.values() if not os.path.isfile(p)]
    if missing:
        print(f"skip: corpus not found: {', '.join(missing)} (pass --corpus DIR holding "
              f"GeoVirus.xml and TR-News.xml, e.g. ../shared/eval)", file=sys.stderr)
        return EXIT_SKIP
    if not (os.path.isfile(args.evmap) and os.access(args.evmap, os.X_OK)):
        print(f"error: evmap binary not found or not executable: {args.evmap}", file=sys.stderr)
        return EXIT_USAGE

    rows = []
    notes = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="evmap-eval-") as tmp:
        for n in names:
            arts, ls = LOADERS[n][1](paths[n])
            for a in arts:
                a.prepare()
            rs = RunStats()
            run = run_batch if args.batch else run_per_article
            preds = run(args.evmap, arts, args.gazetteer, rs, tmp)
            s = score(arts, preds)
            rows.append((n, s))
            mb = rs.text_bytes / 1e6
            notes.append(
                f"- {n}: gold spans {ls.gold_total} ({ls.as_documented} at the documented offsets, "
                f"{ls.reanchored} re-anchored, {ls.unanchored} not found, {ls.duplicates} duplicates "
                f"dropped); {s.gold_coords} with coordinates, {len(s.errors_km)} of them recognised "
                f"and resolved{f' ({s.no_coords} without a predicted point)' if s.no_coords else ''}; "
                f"demonym predictions ignored: {s.exact_ignored} exact, {s.overlap_ignored} overlap.")
            notes.append(
                f"- {n} timing ({rs.mode}, {rs.runs} evmap run(s)): {mb:.3f} MB of text, wall "
                f"{rs.wall_s:.3f} s = {mb / rs.wall_s if rs.wall_s else 0:.3f} MB/s, child CPU "
                f"{rs.cpu_s:.2f} s" + (" (includes process start per article)"
                                       if rs.mode == "per-article" else ""))
            if rs.failures:
                failed = True
                notes.append(f"- {n}: {len(rs.failures)} evmap failure(s), first: {rs.failures[0]}")
            if rs.contract:
                notes.append(f"- {n}: {len(rs.contract)} output contract problem(s), first: "
                             f"{rs.contract[0]}")
    print(markdown_table(rows))
    print()
    print("Recognition: one-to-one span matching (code points); demonym predictions that match no "
          "gold span are ignored. Resolution: gold toponyms with coordinates matched by an "
          f"overlap match; error = haversine on a sphere of R = {EARTH_RADIUS_KM} km; Acc@161 = "
          f"share < 161 km; AUC = mean ln(1+err)/ln({AUC_MAX_KM:.0f}).")
    print("\n".join(notes))
    if args.errors:
        write_errors(args.errors, rows, args.errors_top)
        print(f"errors written to {args.errors}")
    return EXIT_FAILED_RUNS if failed else 0


if __name__ == "__main__":
    sys.exit(main())
