# Tests with real clients (GDAL, QGIS, Chromium, check-geojson).
