#!/usr/bin/env python3
"""Score `evmap check --format geojson` against a claims TSV (format of claims-dev.tsv).

Python 3.11, standard library only. The TSV is not part of the repository: pass its path.
See bench/README.md for the scoring rules.

Exit status: 0 scores printed; 1 some evmap runs failed (those sentences count as having no
claims); 2 usage error or evmap not runnable; 77 TSV absent (skip).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field

EXIT_FAILED_RUNS = 1
EXIT_USAGE = 2
EXIT_SKIP = 77

KM_TOLERANCE = 0.01  # claimed_km counts when within 1% of the gold figure
CLAIM_KINDS = ("distance", "direction")  # containment claims are not in the TSV
VERDICT_ALTERNATIVES = {
    "either": {"consistent", "inaccurate"},
    "either-consistent-loose": {"consistent", "loose"},
}
COLUMNS = ("subject", "reference", "claimed_km", "distance_verdict", "direction_verdict",
           "units_verdict")


@dataclass
class Row:
    lineno: int
    sentence: str
    subject: str
    reference: str
    claimed_km: float | None
    distance_verdict: str
    direction_verdict: str
    units_verdict: str

    @property
    def has_claim(self) -> bool:
        return bool(self.subject or self.reference or self.claimed_km is not None
                    or self.distance_verdict != "none" or self.direction_verdict != "none")


def load_tsv(path: str) -> list[Row]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 7:
                raise ValueError(f"{path}:{lineno}: expected 7 tab-separated columns, got {len(cols)}")
            km = float(cols[3]) if cols[3].strip() else None
            rows.append(Row(lineno, cols[0], cols[1].strip(), cols[2].strip(), km,
                            cols[4].strip() or "none", cols[5].strip() or "none",
                            cols[6].strip() or "none"))
    return rows


def fold(name) -> str:
    """Case-insensitive, diacritic-insensitive comparison key for place names."""
    if not isinstance(name, str):
        return ""
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").strip()
    if s.startswith("the "):
        s = s[4:]
    return " ".join(s.split())


def verdict_ok(gold: str, pred) -> bool:
    p = pred if isinstance(pred, str) and pred else "none"
    return p in VERDICT_ALTERNATIVES.get(gold, {gold})


def pred_km(props: dict) -> float | None:
    for k in ("claimed_km", "claimed_km_max", "claimed_km_min"):
        v = props.get(k)
        if isinstance(v, (int, float)):
            return float(v)
    return None


def km_ok(gold: float | None, pred: float | None) -> bool:
    if gold is None:
        return pred is None
    return pred is not None and abs(pred - gold) <= KM_TOLERANCE * abs(gold)


@dataclass
class RunStats:
    mode: str = "per-sentence"
    runs: int = 0
    wall_s: float = 0.0
    text_bytes: int = 0
    failures: list[str] = field(default_factory=list)
    contract: list[str] = field(default_factory=list)


def _features(doc, where: str, rs: RunStats) -> list[dict]:
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" \
            or not isinstance(doc.get("features"), list):
        rs.contract.append(f"{where}: output is not a FeatureCollection")
        return []
    out = []
    for f in doc["features"]:
        if isinstance(f, dict) and isinstance(f.get("properties"), dict):
            out.append(f["properties"])
        else:
            rs.contract.append(f"{where}: feature without properties")
    return out


def _run(cmd: list[str], rs: RunStats) -> subprocess.CompletedProcess:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True)
    rs.wall_s += time.perf_counter() - t0
    rs.runs += 1
    return p


def _failure(where: str, p: subprocess.CompletedProcess) -> str:
    msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"{where}: exit {p.returncode}: {msg[0] if msg else ''}"


def run_per_sentence(evmap: str, rows: list[Row], extra: list[str], rs: RunStats,
                     tmp: str) -> list[list[dict]]:
    out = []
    path = os.path.join(tmp, "sentence.txt")
    for r in rows:
        data = (r.sentence + "\n").encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        rs.text_bytes += len(data)
        p = _run([evmap, "check", "--format", "geojson", *extra, path], rs)
        where = f"line {r.lineno}"
        if p.returncode != 0:
            rs.failures.append(_failure(where, p))
            out.append([])
            continue
        try:
            out.append(_features(json.loads(p.stdout), where, rs))
        except json.JSONDecodeError as e:
            rs.failures.append(f"{where}: output is not JSON ({e})")
            out.append([])
    return out


def run_one_file(evmap: str, rows: list[Row], extra: list[str], rs: RunStats,
                 tmp: str) -> list[list[dict]]:
    """All sentences in one file, one paragraph each; claims mapped back by byte offset."""
    rs.mode = "one file"
    starts, buf = [], bytearray()
    for r in rows:
        if buf:
            buf += b"\n\n"
        starts.append(len(buf))
        buf += r.sentence.encode("utf-8")
    buf += b"\n"
    path = os.path.join(tmp, "sentences.txt")
    with open(path, "wb") as fh:
        fh.write(buf)
    rs.text_bytes += len(buf)
    p = _run([evmap, "check", "--format", "geojson", *extra, path], rs)
    out: list[list[dict]] = [[] for _ in rows]
    if p.returncode != 0:
        rs.failures.append(_failure("one file", p))
        return out
    try:
        feats = _features(json.loads(p.stdout), "one file", rs)
    except json.JSONDecodeError as e:
        rs.failures.append(f"one file: output is not JSON ({e})")
        return out
    for props in feats:
        s, e = props.get("start"), props.get("end")
        if not isinstance(s, int) or not isinstance(e, int):
            rs.contract.append(f"claim without integer start/end: {props.get('text')!r}")
            continue
        i = bisect.bisect_right(starts, s) - 1
        if i < 0:
            rs.contract.append(f"claim at byte {s} before the first sentence")
            continue
        end_i = starts[i] + len(rows[i].sentence.encode("utf-8"))
        if e > end_i:
            rs.contract.append(f"claim [{s},{e}) crosses the end of sentence line {rows[i].lineno}")
        out[i].append(props)
    return out


@dataclass
class Tally:
    correct: dict = field(default_factory=lambda: {c: 0 for c in COLUMNS + ("all",)})
    claim_rows: int = 0
    no_claim_rows: int = 0
    detected_tp: int = 0
    predicted_pos: int = 0
    spurious_claims: int = 0  # claims predicted on sentences that have none
    mistakes: list[str] = field(default_factory=list)


def score(rows: list[Row], preds: list[list[dict]]) -> Tally:
    t = Tally()
    for r, feats in zip(rows, preds):
        claims = [f for f in feats if f.get("kind") in CLAIM_KINDS]
        if claims:
            t.predicted_pos += 1
        if not r.has_claim:
            t.no_claim_rows += 1
            t.spurious_claims += len(claims)
            if claims:
                t.mistakes.append(f"line {r.lineno}: {len(claims)} claim(s) where none is made")
            continue
        t.claim_rows += 1
        if claims:
            t.detected_tp += 1
        gs, gr = fold(r.subject), fold(r.reference)

        def rank(f: dict) -> tuple:
            return ((fold(f.get("subject")) == gs) + (fold(f.get("reference")) == gr),
                    f.get("kind") == "distance", pred_km(f) is not None)

        primary = max(claims, key=rank) if claims else {}
        same_pair = [f for f in claims if fold(f.get("subject")) == fold(primary.get("subject"))
                     and fold(f.get("reference")) == fold(primary.get("reference"))]

        def verdict(key: str):
            v = primary.get(key)
            if v in (None, "", "none"):
                for f in same_pair:
                    if f.get(key) not in (None, "", "none"):
                        return f.get(key)
            return v

        got = {
            "subject": bool(claims) and fold(primary.get("subject")) == gs,
            "reference": bool(claims) and fold(primary.get("reference")) == gr,
            "claimed_km": bool(claims) and km_ok(r.claimed_km, pred_km(primary)),
            "distance_verdict": bool(claims) and verdict_ok(r.distance_verdict,
                                                            verdict("distance_verdict")),
            "direction_verdict": bool(claims) and verdict_ok(r.direction_verdict,
                                                             verdict("direction_verdict")),
            "units_verdict": bool(claims) and verdict_ok(r.units_verdict, verdict("units_verdict")),
        }
        got["all"] = all(got.values())
        for k, ok in got.items():
            t.correct[k] += ok
        if not got["all"]:
            wrong = [k for k in COLUMNS if not got[k]]
            shown = {k: (pred_km(primary) if k == "claimed_km" else
                         verdict(k) if k.endswith("verdict") else primary.get(k)) for k in wrong}
            t.mistakes.append(f"line {r.lineno}: wrong {', '.join(wrong)}; predicted {shown}; "
                              f"sentence: {r.sentence}")
    return t


def markdown(t: Tally) -> str:
    out = ["| column | correct | scored | accuracy |", "|---|---|---|---|"]
    n = t.claim_rows
    for c in COLUMNS + ("all",):
        acc = t.correct[c] / n if n else 0.0
        label = "all columns" if c == "all" else c
        out.append(f"| {label} | {t.correct[c]} | {n} | {acc:.3f} |")
    p = t.detected_tp / t.predicted_pos if t.predicted_pos else 0.0
    r = t.detected_tp / n if n else 0.0
    out.append("")
    out.append("| claim detection | sentences with claims | sentences without | predicted with "
               "claims | precision | recall | claims on no-claim sentences |")
    out.append("|---|---|---|---|---|---|---|")
    out.append(f"| sentence level | {n} | {t.no_claim_rows} | {t.predicted_pos} | {p:.3f} | "
               f"{r:.3f} | {t.spurious_claims} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score `evmap check` on a claims TSV.")
    ap.add_argument("--evmap", required=True, help="path to the evmap binary")
    ap.add_argument("--claims", required=True,
                    help="claims TSV, e.g. ../shared/eval/claims-dev.tsv")
    ap.add_argument("--gazetteer", metavar="IDX", help="index passed to evmap as --gazetteer")
    ap.add_argument("--one-file", action="store_true",
                    help="one evmap run over all sentences (one paragraph each) instead of one "
                         "run per sentence; claims are mapped back by byte offset")
    ap.add_argument("--errors", metavar="FILE", help="write the wrongly scored sentences here")
    args = ap.parse_args(argv)

    if not os.path.isfile(args.claims):
        print(f"skip: claims TSV not found: {args.claims} (pass --claims PATH, e.g. "
              f"../shared/eval/claims-dev.tsv)", file=sys.stderr)
        return EXIT_SKIP
    if not (os.path.isfile(args.evmap) and os.access(args.evmap, os.X_OK)):
        print(f"error: evmap binary not found or not executable: {args.evmap}", file=sys.stderr)
        return EXIT_USAGE
    try:
        rows = load_tsv(args.claims)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    extra = ["--gazetteer", args.gazetteer] if args.gazetteer else []
    rs = RunStats()
    with tempfile.TemporaryDirectory(prefix="evmap-claims-") as tmp:
        run = run_one_file if args.one_file else run_per_sentence
        preds = run(args.evmap, rows, extra, rs, tmp)
    t = score(rows, preds)
    print(markdown(t))
    print()
    print(f"- {len(rows)} sentences; {rs.mode}, {rs.runs} evmap run(s), wall {rs.wall_s:.3f} s; "
          f"names compared case- and diacritic-insensitively, claimed_km within "
          f"{KM_TOLERANCE:.0%}, `either` verdicts accept both readings.")
    if rs.failures:
        print(f"- {len(rs.failures)} evmap failure(s), first: {rs.failures[0]}")
    if rs.contract:
        print(f"- {len(rs.contract)} output contract problem(s), first: {rs.contract[0]}")
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as fh:
            fh.write("\n".join(t.mistakes + rs.failures + rs.contract) + "\n")
        print(f"errors written to {args.errors}")
    return EXIT_FAILED_RUNS if rs.failures else 0


if __name__ == "__main__":
    sys.exit(main())
