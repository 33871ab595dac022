#!/usr/bin/env bash
# Runs check_chromium.py on DIR with the system python (where python3-qgis lives).
# Exit 77 (skip) when the client is not installed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || { echo "SKIP: no python3"; exit 77; }
export PYTHONDONTWRITEBYTECODE=1
exec "$py" "$here/check_chromium.py" "${1:?usage: run_chromium.sh DIR}"
