#!/usr/bin/env python3
"""A stand-in for the evmap binary, used only to test the bench harnesses.

It speaks the output contracts of `evmap places`, `evmap batch` and `evmap check --format geojson`
without doing any geoparsing of its own. Behaviour comes from the environment:

FAKE_EVMAP_DICT=FILE    places/batch: a JSON object {name: {"lat", "lon", "demonym"?, "kind"?,
                        "country_code"?}} (kind city and country XX unless given); every
                        occurrence of a name (longest first, not inside a word) becomes a mention,
                        offsets in UTF-8 bytes. Independent of the harness's offset logic.
FAKE_EVMAP_ORACLE=FILE  places/batch/check: JSON {sha256 of the input text: output}, where output
                        is a list of features; unknown texts give an empty FeatureCollection.
                        For check with several paragraphs, each paragraph is looked up on its own
                        and the offsets are shifted to the paragraph's place in the file.
FAKE_EVMAP_FAIL=SUBSTR  exit 2 with a message when the input contains SUBSTR.
"""

import hashlib
import json
import os
import sys


def text_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dict_features(data: bytes, entries: dict) -> list:
    """Matches on code points, then converts to bytes by encoding the prefix: deliberately not
    the harness's method."""
    text = data.decode("utf-8")
    taken = [False] * len(text)
    by_name: dict[str, list] = {}
    for name in sorted(entries, key=lambda n: -len(n)):
        i = text.find(name)
        while i >= 0:
            j = i + len(name)
            left_ok = i == 0 or not text[i - 1].isalnum()
            right_ok = j == len(text) or not text[j].isalnum()
            if left_ok and right_ok and not any(taken[i:j]):
                taken[i:j] = [True] * (j - i)
                bs = len(text[:i].encode("utf-8"))
                by_name.setdefault(name, []).append((bs, bs + len(name.encode("utf-8"))))
            i = text.find(name, i + 1)
    feats = []
    for name, spans in by_name.items():
        e = entries[name]
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
            "properties": {
                "name": name, "surface": [name],
                "mentions": [{"start": s, "end": t, "demonym": bool(e.get("demonym"))}
                             for s, t in sorted(spans)],
                "geonameid": None, "feature_code": "PPL",
                "country_code": e.get("country_code", "XX"), "admin1": None,
                "population": 0, "kind": e.get("kind", "city"), "confidence": 1.0,
                "reason": "fake dictionary",
            },
        })
    return feats


def load_json_env(var: str):
    path = os.environ.get(var)
    if not path:
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def features_for(data: bytes) -> list:
    fail = os.environ.get("FAKE_EVMAP_FAIL")
    if fail and fail.encode() in data:
        raise RuntimeError("fake failure requested")
    oracle = load_json_env("FAKE_EVMAP_ORACLE")
    if oracle is not None:
        return oracle.get(text_key(data), [])
    entries = load_json_env("FAKE_EVMAP_DICT")
    if entries is not None:
        return dict_features(data, entries)
    return []


def positional(args: list) -> list:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in ("--gazetteer", "--layers", "--format"):
            skip = True
        elif not a.startswith("--"):
            out.append(a)
    return out


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as fh:
        return fh.read()


def cmd_places(args: list) -> int:
    data = read_input(positional(args)[0])
    try:
        feats = features_for(data)
    except RuntimeError as e:
        print(f"evmap places: {e}", file=sys.stderr)
        return 2
    json.dump({"type": "FeatureCollection", "features": feats}, sys.stdout)
    return 0


def cmd_batch(args: list) -> int:
    data = read_input(positional(args)[0])
    errors = 0
    out = sys.stdout.buffer
    for lineno, line in enumerate(data.splitlines(), 1):
        rec = json.loads(line)
        try:
            feats = features_for(rec["text"].encode("utf-8"))
        except RuntimeError as e:
            errors += 1
            print(json.dumps({"line": lineno, "id": rec.get("id"), "error": str(e)}),
                  file=sys.stderr)
            continue
        if not feats:
            out.write(b"\x1e" + json.dumps({"article_id": rec["id"], "empty": True}).encode()
                      + b"\n")
        for f in feats:
            f = dict(f)
            f["properties"] = dict(f["properties"], article_id=rec["id"])
            out.write(b"\x1e" + json.dumps(f, ensure_ascii=False).encode("utf-8") + b"\n")
    return 2 if errors else 0


def cmd_check(args: list) -> int:
    data = read_input(positional(args)[0])
    feats = []
    pos = 0
    for para in data.split(b"\n\n"):
        stripped = para.strip(b"\n")
        lead = len(para) - len(para.lstrip(b"\n"))
        try:
            pf = features_for(stripped)
        except RuntimeError as e:
            print(f"evmap check: {e}", file=sys.stderr)
            return 2
        base = pos + lead
        for f in pf:
            f = json.loads(json.dumps(f))
            f["properties"]["start"] += base
            f["properties"]["end"] += base
            feats.append(f)
        pos += len(para) + 2
    json.dump({"type": "FeatureCollection", "features": feats}, sys.stdout)
    return 0


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: fake_evmap.py places|batch|check|lookup ...", file=sys.stderr)
        return 1
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "places":
        return cmd_places(args)
    if cmd == "batch":
        return cmd_batch(args)
    if cmd == "check":
        return cmd_check(args)
    if cmd == "lookup":
        json.dump({"type": "FeatureCollection", "features": []}, sys.stdout)
        return 0
    print(f"fake evmap: unknown command {cmd}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
