#!/usr/bin/env python3
"""End-to-end claim checks: every row of tests/extract/claims-cases.tsv (sentences
written for the project, verdicts from WGS84 geodesics computed independently with
PROJ's geod) goes through `evmap check --format geojson` with the real geoparser.
Rows whose subject is the previous sentence's topic (@Name) are skipped here (the
unit test covers them). EVMAP_CLAIMS_TABLE_STRIDE=K (default 1) runs only every
Kth row (valgrind_cli_claims_table: evmap under valgrind takes seconds a row).
Prints "N passed, N failed"."""
import json, os, subprocess, sys, tempfile, unicodedata

evmap = os.environ["EVMAP"]
idx = os.environ["EVMAP_IDX"]
table = os.path.join(os.environ["EVMAP_TESTS"], "extract", "claims-cases.tsv")
stride = int(os.environ.get("EVMAP_CLAIMS_TABLE_STRIDE", "1"))

def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower()

passed = failed = 0
row = -1
with tempfile.TemporaryDirectory() as tmp:
    for line in open(table, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        row += 1
        if row % stride:
            continue
        sent, subj, ref, km, dv, rv, uv = line.rstrip("\n").split("\t")
        if subj.startswith("@"):
            continue
        path = os.path.join(tmp, "s.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(sent + "\n")
        out = subprocess.run([evmap, "check", "--format", "geojson", "--gazetteer", idx, path],
                             capture_output=True, text=True)
        feats = json.loads(out.stdout)["features"] if out.returncode == 0 else []
        dist = [f["properties"] for f in feats if f["properties"]["kind"] != "containment"]
        problems = []
        if not subj:
            if dist:
                problems.append("claim found in a sentence without one")
        elif not dist:
            problems.append("no claim found")
        else:
            p = dist[0]
            if fold(p["subject"]) != fold(subj):
                problems.append(f"subject {p['subject']!r} != {subj!r}")
            if fold(p["reference"]) != fold(ref):
                problems.append(f"reference {p['reference']!r} != {ref!r}")
            if km and (p["claimed_km"] is None or abs(p["claimed_km"] - float(km)) > 0.01 * float(km) + 0.1):
                problems.append(f"claimed_km {p['claimed_km']} != {km}")
            for col, want in (("distance_verdict", dv), ("direction_verdict", rv), ("units_verdict", uv)):
                if want != "either" and p[col] != want:
                    problems.append(f"{col} {p[col]} != {want}")
        if problems:
            failed += 1
            print(f"FAIL: {sent}\n  " + "; ".join(problems), file=sys.stderr)
        else:
            passed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
