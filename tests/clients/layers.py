"""Shared by the GDAL and QGIS client checks: the layer contract
(contract.json) and what a directory of layers should look like to a client.

Expected values come from the contract and from the GeoJSON files
themselves (feature counts, which JSON types each property takes), so the
checks work on any `evmap map -o DIR` output, not only on the fixtures.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LAYERS = ("places", "events", "routes", "claims", "crossings")


def contract():
    with open(os.path.join(HERE, "contract.json"), encoding="utf-8") as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


def json_kind(v):
    """The contract type family of a JSON value: string, int, number, bool,
    array<string>, array<object>, array<> (empty), object, or None (null)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "int" if v.is_integer() else "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        kinds = {json_kind(x) for x in v}
        if not kinds:
            return "array<>"
        if kinds == {"string"}:
            return "array<string>"
        if kinds == {"object"}:
            return "array<object>"
        return "array<mixed>"
    return "object"


class Layer:
    """One layer file: its features and, per property, the set of value kinds."""

    def __init__(self, directory, name):
        self.name = name
        self.path = os.path.join(directory, name + ".geojson")
        with open(self.path, encoding="utf-8") as f:
            self.fc = json.load(f)
        self.features = self.fc.get("features", [])
        self.kinds = {}
        for feat in self.features:
            for k, v in (feat.get("properties") or {}).items():
                kind = json_kind(v)
                if kind is not None and kind != "array<>":
                    self.kinds.setdefault(k, set()).add(kind)

    def field_family(self, prop, declared):
        """What a client should make of `prop`: 'any' when the layer has no
        non-null value for it, else one of string, date, int, real,
        real-or-int (a number column whose values all happen to be whole:
        GDAL then types it Integer), bool, stringlist, json."""
        kinds = self.kinds.get(prop)
        if not kinds:
            return "any"
        base = declared.split("|")[0]
        if base == "number":
            return "real" if "number" in kinds else "real-or-int"
        return {"string": "string", "date": "date", "int": "int", "bool": "bool",
                "array<string>": "stringlist", "array<object>": "json"}[base]
