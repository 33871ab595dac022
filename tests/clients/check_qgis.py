"""check_qgis.py DIR - loads each layer of DIR in QGIS (headless, through
the OGR provider, exactly as a user opening the file would) and checks: the
layer is valid, its CRS is EPSG:4326, its geometry type is the contract's,
the feature count matches the file, each contract property is a field of
the expected type, and the .qml beside the layer was applied on load
(categorized renderer on the contract's attribute with its categories for
events and claims, the marker/line symbols of the others, labels on).
Also renders every layer once, to catch a style that QGIS cannot draw.
Run with the system python (/usr/bin/python3) and python3-qgis.
Exit 0 ok, 1 failure, 77 QGIS python bindings not installed."""
import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="evm-qgis-"))

try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings,
                           QgsVectorLayer, QgsWkbTypes)
    from qgis.PyQt.QtCore import QSize, QVariant
except ImportError:
    print("SKIP: QGIS python bindings not installed (apt-get install python3-qgis)")
    sys.exit(77)

import layers as L

QVARIANT = {
    "string": {QVariant.String},
    "date": {QVariant.String, QVariant.Date, QVariant.DateTime},
    "int": {QVariant.Int, QVariant.LongLong},
    "real": {QVariant.Double},
    "real-or-int": {QVariant.Double, QVariant.Int, QVariant.LongLong},
    "bool": {QVariant.Bool},
    "stringlist": {QVariant.StringList},
    "json": {QVariant.Map, QVariant.List, QVariant.String},
}
WKB = {"Point": "Point", "LineString": "LineString", "MultiLineString": "MultiLineString"}
SINGLE_SYMBOL = {  # layer -> (symbol layer class, a property the .qml sets)
    "places": ("SimpleMarker", ("color", "255,255,255,255")),
    "crossings": ("SimpleMarker", ("name", "star")),
    "routes": ("SimpleLine", None),
}


def check_layer(directory, name, spec, failures):
    def fail(msg):
        failures.append(f"{name}: {msg}")

    data = L.Layer(directory, name)
    layer = QgsVectorLayer(data.path, name, "ogr")
    if not layer.isValid():
        fail("QGIS says the layer is not valid")
        return None
    if data.features and layer.crs().authid() != "EPSG:4326":
        fail(f"CRS {layer.crs().authid()}, expected EPSG:4326")
    if layer.featureCount() != len(data.features):
        fail(f"{layer.featureCount()} features, file has {len(data.features)}")
    wkb = QgsWkbTypes.displayString(layer.wkbType())
    if data.features and wkb not in {WKB[g] for g in spec["geometry"]}:
        fail(f"geometry type {wkb}, expected {spec['geometry']}")
    for feat in layer.getFeatures():
        g = QgsWkbTypes.displayString(feat.geometry().wkbType())
        if g != wkb:
            fail(f"feature {feat['id']} has geometry {g} in a {wkb} layer")
    fields = {f.name(): f for f in layer.fields()}
    if not data.features:
        return layer  # empty: no fields, no geometry type, so no style to apply
    if "id" not in fields or fields["id"].type() != QVariant.String:
        fail("no String field id")
    if data.features:
        for prop, declared in spec["properties"].items():
            family = data.field_family(prop, declared)
            if prop not in fields:
                fail(f"no field {prop}")
            elif family != "any" and fields[prop].type() not in QVARIANT[family]:
                fail(f"field {prop} is {fields[prop].typeName()} ({fields[prop].type()}), "
                     f"expected {family}")

    # The style: QGIS loads <name>.qml from beside the file on its own.
    renderer = layer.renderer()
    rtype = renderer.type() if renderer else None
    cat = spec.get("categorized")
    if cat:
        if rtype != "categorizedSymbol":
            fail(f"renderer {rtype}, expected categorizedSymbol from {name}.qml")
        else:
            if renderer.classAttribute() != cat["attr"]:
                fail(f"categorized on {renderer.classAttribute()}, expected {cat['attr']}")
            values = [c.value() for c in renderer.categories()]
            if values != cat["values"]:
                fail(f"categories {values}, expected {cat['values']}")
            for c in renderer.categories():
                if c.symbol() is None or c.symbol().color().alpha() == 0:
                    fail(f"category {c.value()} has no visible symbol")
    else:
        cls, prop = SINGLE_SYMBOL[name]
        if rtype != "singleSymbol":
            fail(f"renderer {rtype}, expected singleSymbol")
        else:
            sl = renderer.symbol().symbolLayer(0)
            if sl.layerType() != cls:
                fail(f"symbol layer {sl.layerType()}, expected {cls} from {name}.qml")
            if prop and sl.properties().get(prop[0]) != prop[1]:
                fail(f"symbol {prop[0]} = {sl.properties().get(prop[0])}, expected {prop[1]}")
            if name == "routes":
                dd = sl.dataDefinedProperties().property(sl.PropertyStrokeColor)
                if not dd.isActive() or "actor" not in dd.expressionString():
                    fail("route colour is not data-defined from actor")
    if not layer.labelsEnabled() or layer.labeling() is None:
        fail(f"labels not enabled by {name}.qml")
    return layer


def render(layers, failures):
    """Draws all layers into an image: a style QGIS cannot draw shows up here."""
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setOutputSize(QSize(400, 300))
    extent = layers[0].extent()
    for lyr in layers[1:]:
        extent.combineExtentWith(lyr.extent())
    settings.setExtent(extent)
    settings.setDestinationCrs(layers[0].crs())
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    for err in job.errors():
        failures.append(f"render: {err.layerID}: {err.message}")
    img = job.renderedImage()
    if img.isNull():
        failures.append("render: no image")
        return
    # Something was drawn: not every pixel is the background.
    bg = img.pixel(0, 0)
    if all(img.pixel(x, y) == bg for x in range(0, 400, 4) for y in range(0, 300, 4)):
        failures.append("render: the image is empty")


def main(directory):
    app = QgsApplication([], False)
    app.initQgis()
    failures = []
    loaded = []
    for name, spec in L.contract().items():
        lyr = check_layer(directory, name, spec, failures)
        if lyr is not None:
            if lyr.featureCount() > 0:
                loaded.append(lyr)
            renderer = lyr.renderer()
            print(f"checked {name}: {lyr.featureCount()} features, renderer "
                  f"{renderer.type() if renderer else None}")
    if loaded and not failures:
        render(loaded, failures)
    for f in failures:
        print("FAIL " + f)
    if not failures:
        print("rendered all layers")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_qgis.py DIR")
    code = main(sys.argv[1])
    # QgsApplication's teardown (exitQgis or interpreter exit) segfaults in
    # some QGIS 3.22 builds when run headless; the checks are done, so leave
    # without it.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
