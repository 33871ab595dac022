"""check_chromium.py DIR - opens DIR/map.html from file:// in headless
Chromium (no network: every host resolves to nothing) and checks, through
the DOM Chromium dumps after a virtual-time budget:
  - the page script ran to the end (#evm-status data-state="done", no
    script errors, no CSP violations);
  - one SVG path was drawn per feature of each layer, and the basemap;
  - lines are continuous: each route/claim path has one "M" per run of
    parts that are not cut at the antimeridian, and no segment spans more
    than half the map width;
  - the first event's popup (opened through #evm-open-popup) shows its
    sentence as text, the page title is the escaped title, and nothing an
    article could inject ran (no "PWNED" title, no <img> or extra <script>);
  - no network request: the page's performance resource entries are empty,
    and Chromium's net log has no request initiated by the page (requests
    Chromium makes for itself have initiator "not an origin"). A control
    page that does fetch something must be caught by the same check.
Exit 0 ok, 1 failure, 77 Chromium not installed."""
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import layers as L

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1200,800"]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_page(browser, url, budget_ms=5000):
    """Returns (dumped DOM, list of page-initiated request URLs)."""
    with tempfile.TemporaryDirectory(prefix="evm-chromium-") as tmp:
        netlog = os.path.join(tmp, "net.json")
        cmd = [browser, *FLAGS, f"--user-data-dir={tmp}/profile", f"--log-net-log={netlog}",
               f"--virtual-time-budget={budget_ms}", "--dump-dom", url]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"chromium exit {out.returncode}: {out.stderr[-2000:]}")
        requests = []
        with open(netlog, encoding="utf-8") as f:
            text = f.read()
        # Chromium may leave the JSON unterminated when it exits; close it.
        try:
            log = json.loads(text)
        except json.JSONDecodeError:
            log = json.loads(text.rstrip().rstrip(",") + "]}")
        types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
        for e in log.get("events", []):
            p = e.get("params") or {}
            if types.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p:
                if p.get("initiator") != "not an origin":
                    requests.append(p["url"])
        return out.stdout, requests


class Dom(html.parser.HTMLParser):
    """Collects #evm-status attributes, SVG paths by class, the title, the
    first popup's paragraph text, and counts of <img>/<script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.status, self.paths, self.title = {}, [], None
        self.popup_p, self.imgs, self.scripts = None, 0, 0
        self._in_title = self._in_popup_p = False
        self._depth_popup = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if a.get("id") == "evm-status":
            self.status = {k[5:]: v for k, v in a.items() if k.startswith("data-")}
        elif tag == "path":
            self.paths.append((cls.split(), a.get("d") or ""))
        elif tag == "title":
            self._in_title = True
            self.title = ""
        elif tag == "img":
            self.imgs += 1
        elif tag == "script":
            self.scripts += 1
        if "evm-popup" in cls.split():
            self._depth_popup = 1
        elif tag == "p" and self._depth_popup and self.popup_p is None:
            self._in_popup_p = True
            self.popup_p = ""

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "p":
            self._in_popup_p = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_popup_p:
            self.popup_p += data


def expected_runs(feature):
    """Polyline runs after the page joins parts cut at +-180 degrees."""
    g = feature.get("geometry") or {}
    parts = [g["coordinates"]] if g.get("type") == "LineString" else g.get("coordinates", [])
    runs, last = 0, None
    for part in parts:
        if not part:
            continue
        first = part[0]
        joined = (last is not None and abs(first[1] - last[1]) < 1e-6 and
                  abs(((first[0] - last[0]) + 180) % 360 - 180) < 1e-6)
        if not joined:
            runs += 1
        last = part[-1]
    return runs


def path_segments(d):
    """[(moves, max |dx| of a segment in pixels)] for an SVG path 'd'."""
    moves = len(re.findall(r"M", d))
    pts = re.findall(r"([ML])\s*(-?[\d.]+)[ ,](-?[\d.]+)", d)
    dx, prev = 0.0, None
    for cmd, x, _ in pts:
        x = float(x)
        if cmd == "L" and prev is not None:
            dx = max(dx, abs(x - prev))
        prev = x
    return moves, dx


def main(directory):
    browser = chromium()
    if not browser:
        print("SKIP: Chromium not installed (apt-get install chromium)")
        return 77
    failures = []
    page = os.path.abspath(os.path.join(directory, "map.html"))
    if not os.path.exists(page):
        print(f"FAIL: {page} is missing")
        return 1
    layers = {name: L.Layer(directory, name) for name in L.LAYERS}
    dom_text, requests = run_page(browser, "file://" + page + "#evm-open-popup")
    dom = Dom()
    dom.feed(dom_text)
    st = dom.status
    print("status:", json.dumps(st, sort_keys=True))

    def fail(msg):
        failures.append(msg)

    if st.get("state") != "done":
        fail(f"page script did not finish: data-state={st.get('state')!r}")
    for key in ("errors", "csp-violations", "resources"):
        if st.get(key) != "0":
            fail(f"data-{key} = {st.get(key)!r}, expected 0")
    for name, layer in layers.items():
        want = sum(1 for f in layer.features if f.get("geometry"))
        got = sum(1 for cls, _ in dom.paths if f"evm-{name[:-1]}" in cls)
        if got != want or st.get(name) != str(want):
            fail(f"{name}: {got} paths drawn (status {st.get(name)}), expected {want}")
    if not any("evm-basemap" in cls for cls, _ in dom.paths):
        fail("no basemap drawn")

    # Continuity across the antimeridian.
    width = 1200
    for name in ("routes", "claims"):
        drawn = [d for cls, d in dom.paths if f"evm-{name[:-1]}" in cls]
        wanted = sorted(expected_runs(f) for f in layers[name].features if f.get("geometry"))
        got = sorted(path_segments(d)[0] for d in drawn)
        if got != wanted:
            fail(f"{name}: paths have {got} runs, expected {wanted} (cut lines not joined?)")
        for d in drawn:
            _, dx = path_segments(d)
            if dx > width / 2:
                fail(f"{name}: a segment spans {dx:.0f} px of a {width} px map (line jumps)")

    # Escaping: nothing injected ran, the text shows as text.
    if dom.title is None or "PWNED" in dom.title:
        fail(f"page title is {dom.title!r}")
    if dom.imgs:
        fail(f"{dom.imgs} <img> element(s) in the page: article text became markup")
    if dom.scripts != 4:
        fail(f"{dom.scripts} <script> elements, the page has 4")
    events = layers["events"].features
    if events:
        sentence = (events[0].get("properties") or {}).get("sentence")
        if st.get("popups") != "1":
            fail(f"the first event's popup did not open (data-popups={st.get('popups')})")
        elif sentence and dom.popup_p != sentence:
            fail(f"popup text {dom.popup_p!r} != sentence {sentence!r}")
    if requests:
        fail(f"the page made network requests: {requests}")

    # Control: the net-log check must see requests a page does make.
    with tempfile.TemporaryDirectory(prefix="evm-control-") as tmp:
        control = os.path.join(tmp, "control.html")
        with open(control, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><img src="http://control.invalid/a.png">')
        _, seen = run_page(browser, "file://" + control, 2000)
        if not any("control.invalid" in u for u in seen):
            fail("control: a page request was not seen in the net log; the check is blind")

    if not failures:
        counts = ", ".join(f"{n} {st.get(n)}" for n in L.LAYERS)
        print(f"map.html rendered offline: {counts}; basemap {st.get('basemap')} paths")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_chromium.py DIR")
    sys.exit(main(sys.argv[1]))
