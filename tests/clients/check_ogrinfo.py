"""check_ogrinfo.py DIR - checks each layer in DIR with GDAL's ogrinfo:
the GeoJSON driver opens it, the feature count matches the file, the layer
geometry type is the contract's (never "Unknown (any)"), the SRS is
EPSG:4326, and each contract property is a field of the expected OGR type.
Exit 0 ok, 1 failure, 77 ogrinfo not installed."""
import re
import shutil
import subprocess
import sys

import layers as L

OGR_TYPES = {
    "string": {"String"},
    "date": {"String", "Date", "DateTime"},
    "int": {"Integer", "Integer64"},
    "real": {"Real"},
    "real-or-int": {"Real", "Integer", "Integer64"},
    "bool": {"Integer(Boolean)"},
    "stringlist": {"StringList"},
    "json": {"String(JSON)"},
}
OGR_GEOMETRY = {"Point": "Point", "LineString": "Line String", "MultiLineString": "Multi Line String"}


def main(directory):
    if not shutil.which("ogrinfo"):
        print("SKIP: ogrinfo not installed (apt-get install gdal-bin)")
        return 77
    failures = []
    contract = L.contract()
    for name, spec in contract.items():
        layer = L.Layer(directory, name)
        out = subprocess.run(["ogrinfo", "-ro", "-al", "-so", layer.path], capture_output=True,
                             text=True, check=False)
        text = out.stdout
        def fail(msg):
            failures.append(f"{name}: {msg}")
        if out.returncode != 0:
            fail(f"ogrinfo exit {out.returncode}: {out.stderr.strip()}")
            continue
        if "using driver `GeoJSON' successful" not in text:
            fail("not opened by the GeoJSON driver")
        m = re.search(r"^Feature Count: (\d+)$", text, re.M)
        if not m or int(m.group(1)) != len(layer.features):
            fail(f"feature count {m and m.group(1)}, file has {len(layer.features)}")
        m = re.search(r"^Geometry: (.+)$", text, re.M)
        want = {OGR_GEOMETRY[g] for g in spec["geometry"]}
        if layer.features and (not m or m.group(1) not in want):
            fail(f"geometry type {m and m.group(1)!r}, expected {sorted(want)}")
        if layer.features and 'ID["EPSG",4326]' not in text:
            fail("SRS is not EPSG:4326")
        fields = dict(re.findall(r"^(\w+): ([\w()]+) \(\d+\.\d+\)$", text, re.M))
        if not layer.features:
            print(f"checked {name}: empty layer")
            continue  # an empty FeatureCollection has no fields to check
        if fields.get("id") != "String":
            fail(f"field id is {fields.get('id')}, expected String")
        for prop, declared in spec["properties"].items():
            family = layer.field_family(prop, declared)
            got = fields.get(prop)
            if got is None:
                fail(f"no field {prop}")
            elif family != "any" and got not in OGR_TYPES[family]:
                fail(f"field {prop} is {got}, expected {sorted(OGR_TYPES[family])}")
            elif family == "real-or-int" and got != "Real":
                print(f"note {name}: field {prop} typed {got}: every value in this layer is whole")
        print(f"checked {name}: {len(layer.features)} features, {len(fields)} fields")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_ogrinfo.py DIR")
    sys.exit(main(sys.argv[1]))
