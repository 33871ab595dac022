#!/usr/bin/env bash
# Validates every layer of DIR with @placemarkio/check-geojson and the layer
# contract. Exit 77 (skip) when node or the npm package is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "SKIP: node not installed"; exit 77; }
exec node "$here/check_layers.js" "${1:?usage: run_check_geojson.sh DIR}"
