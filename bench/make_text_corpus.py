#!/usr/bin/env python3
"""Writes the article texts of the dev corpora (GeoVirus.xml, TR-News.xml) to one
UTF-8 file, articles separated by blank lines, for bench_places. The corpora stay
outside the repository: pass their folder; exits 77 when it is absent.

    bench/make_text_corpus.py ../shared/eval /tmp/evmap-dev-text.txt
"""
import html, os, re, sys

if len(sys.argv) != 3:
    sys.exit("usage: make_text_corpus.py CORPUS_DIR OUT")
corpus, out = sys.argv[1:]
files = [os.path.join(corpus, n) for n in ("GeoVirus.xml", "TR-News.xml")]
if not all(os.path.exists(f) for f in files):
    print(f"skip: corpora not found in {corpus}", file=sys.stderr)
    sys.exit(77)
texts = []
for path in files:
    data = open(path, encoding="utf-8").read()
    for m in re.finditer(r"<text>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</text>", data, re.S):
        texts.append(html.unescape(m.group(1)).strip())
with open(out, "w", encoding="utf-8") as f:
    f.write("\n\n".join(texts) + "\n")
print(f"{out}: {len(texts)} articles, {os.path.getsize(out)} bytes")
