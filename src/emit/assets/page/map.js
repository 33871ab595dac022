/* evmap map.html page script (evmap's own code, not Leaflet's).
 *
 * Reads the layers from the JSON script element #evm-data and
 * the basemap from #evm-basemap, draws them with Leaflet, and reports what it
 * drew on #evm-status (data-* attributes) so headless tests can check it.
 * Article text is only ever put into the page with textContent: never
 * innerHTML, never string-built HTML.
 */
(function () {
  'use strict';
  var status = document.getElementById('evm-status');
  var errors = 0, cspViolations = 0;
  window.addEventListener('error', function () { errors++; });
  document.addEventListener('securitypolicyviolation', function () { cspViolations++; });

  function readJson(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { errors++; return null; }
  }
  var data = readJson('evm-data') || {};
  var basemap = readJson('evm-basemap');

  var VERDICT_COLOURS = {
    consistent: '#1a9850', loose: '#f0a30a', inaccurate: '#d73027', wrong: '#d73027',
    unverifiable: '#8c8c8c', none: '#8c8c8c'
  };
  var TYPE_COLOURS = {
    travel: '#1f78b4', arrival: '#33a02c', meeting: '#6a3d9a', visit: '#b15928',
    statement: '#e7298a', military: '#e31a1c', other: '#636363'
  };
  var ROUTE_COLOURS = ['#1f78b4', '#6a3d9a', '#b15928', '#e7298a', '#01665e', '#8c510a'];

  function features(layer) {
    return layer && Array.isArray(layer.features) ? layer.features : [];
  }
  function prop(f, k) {
    return f && f.properties && f.properties[k] !== undefined ? f.properties[k] : null;
  }
  function text(v) {
    if (v === null || v === undefined || v === '') return null;
    if (Array.isArray(v)) return v.length ? v.map(text).join(', ') : null;
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = content;
    return e;
  }
  /* A popup body: heading, optional paragraph, then label/value rows. */
  function popup(heading, para, rows) {
    var root = el('div', 'evm-popup');
    root.appendChild(el('h3', null, text(heading) || ''));
    if (text(para)) root.appendChild(el('p', null, text(para)));
    var table = el('table');
    rows.forEach(function (r) {
      var v = text(r[1]);
      if (v === null) return;
      var tr = el('tr');
      tr.appendChild(el('th', null, r[0]));
      tr.appendChild(el('td', null, v));
      table.appendChild(tr);
    });
    root.appendChild(table);
    return root;
  }

  /* ---- longitudes: keep every line continuous across the antimeridian ---- */
  function lineParts(geom) {
    if (!geom) return [];
    if (geom.type === 'LineString') return [geom.coordinates];
    if (geom.type === 'MultiLineString') return geom.coordinates;
    return [];
  }
  /* Unwraps each vertex to within 180 degrees of the previous one; a part that
   * starts where the previous one ended (a cut at +-180) is joined to it. */
  function unwrap(geom) {
    var out = [], prev = null;
    lineParts(geom).forEach(function (part) {
      var cur = [];
      part.forEach(function (c) {
        var lon = c[0];
        if (prev) {
          while (lon - prev[0] > 180) lon -= 360;
          while (lon - prev[0] < -180) lon += 360;
        }
        var p = [lon, c[1]];
        if (!cur.length && prev && out.length &&
            Math.abs(p[0] - prev[0]) < 1e-6 && Math.abs(p[1] - prev[1]) < 1e-6) {
          cur = out.pop();
        } else {
          cur.push(p);
        }
        prev = p;
      });
      if (cur.length) out.push(cur);
    });
    return out;
  }

  var pointLayers = ['places', 'events', 'crossings'];
  var lineLayers = ['routes', 'claims'];
  /* Centre longitude of all data (circular mean), so points and lines are
   * drawn in one 360-degree window around it. */
  var sx = 0, sy = 0;
  function addLon(lon) { sx += Math.cos(lon * Math.PI / 180); sy += Math.sin(lon * Math.PI / 180); }
  pointLayers.forEach(function (k) {
    features(data[k]).forEach(function (f) {
      if (f.geometry && f.geometry.type === 'Point') addLon(f.geometry.coordinates[0]);
    });
  });
  lineLayers.forEach(function (k) {
    features(data[k]).forEach(function (f) {
      lineParts(f.geometry).forEach(function (p) { p.forEach(function (c) { addLon(c[0]); }); });
    });
  });
  var centre = (sx || sy) ? Math.atan2(sy, sx) * 180 / Math.PI : 0;
  function nearCentre(lon) {
    while (lon < centre - 180) lon += 360;
    while (lon >= centre + 180) lon -= 360;
    return lon;
  }
  var maxJump = 0;

  /* ---- map ---- */
  var map = L.map('map', { attributionControl: false, worldCopyJump: false, minZoom: 1 });
  var drawn = [];

  function lineStyle(cls, colour, dashed) {
    return { className: cls, color: colour, weight: 3, opacity: 0.9,
             dashArray: dashed ? '6 6' : null };
  }
  function drawLine(f, cls, colour, dashed, body) {
    var parts = unwrap(f.geometry);
    if (!parts.length) return;
    var shift = nearCentre(parts[0][0][0]) - parts[0][0][0];
    var latlngs = parts.map(function (part) {
      return part.map(function (p, i) {
        if (i) maxJump = Math.max(maxJump, Math.abs(p[0] - part[i - 1][0]));
        return L.latLng(p[1], p[0] + shift);
      });
    });
    var l = L.polyline(latlngs, lineStyle(cls, colour, dashed)).bindPopup(body, { maxWidth: 360 });
    drawn.push(l);
    return l;
  }
  function drawPoint(f, cls, opts, body) {
    if (!f.geometry || f.geometry.type !== 'Point') return null;
    var c = f.geometry.coordinates, lon = nearCentre(c[0]);
    opts.className = cls;
    var m = L.circleMarker(L.latLng(c[1], lon), opts).bindPopup(body, { maxWidth: 360 });
    drawn.push(m);
    return m;
  }

  function worstVerdict(f) {
    var order = ['wrong', 'inaccurate', 'loose', 'consistent', 'unverifiable'];
    var vs = [prop(f, 'distance_verdict'), prop(f, 'direction_verdict')];
    for (var i = 0; i < order.length; i++) if (vs.indexOf(order[i]) >= 0) return order[i];
    return 'none';
  }

  var actorColour = {}, nActors = 0;
  features(data.routes).forEach(function (f) {
    var a = text(prop(f, 'actor')) || '';
    if (!(a in actorColour)) actorColour[a] = ROUTE_COLOURS[nActors++ % ROUTE_COLOURS.length];
    drawLine(f, 'evm-route', actorColour[a], prop(f, 'inferred_origin') === true,
      popup(a, null, [['Route', prop(f, 'id') || f.id], ['Places', prop(f, 'places')],
                      ['Legs', prop(f, 'legs')], ['Distance (km)', prop(f, 'distance_km')],
                      ['Origin inferred', prop(f, 'inferred_origin') ? 'yes' : 'no']]));
  });
  features(data.claims).forEach(function (f) {
    var v = worstVerdict(f);
    drawLine(f, 'evm-claim evm-verdict-' + v, VERDICT_COLOURS[v], false,
      popup('Claim: ' + (text(prop(f, 'kind')) || ''), prop(f, 'text'),
        [['Subject', prop(f, 'subject')], ['Reference', prop(f, 'reference')],
         ['Claimed (km)', prop(f, 'claimed_km')], ['Measured (km)', prop(f, 'measured_km')],
         ['Bearing (deg)', prop(f, 'bearing_deg')], ['Claimed direction', prop(f, 'claimed_direction')],
         ['Distance', prop(f, 'distance_verdict')], ['Direction', prop(f, 'direction_verdict')],
         ['Units', prop(f, 'units_verdict')], ['Error (%)', prop(f, 'error_pct')]]));
  });
  features(data.places).forEach(function (f) {
    drawPoint(f, 'evm-place', { radius: 5, color: '#222', weight: 1.5, fillColor: '#fff',
                                 fillOpacity: 1 },
      popup(prop(f, 'name'), null,
        [['Kind', prop(f, 'kind')], ['Country', prop(f, 'country_code')],
         ['Region', prop(f, 'admin1')], ['Population', prop(f, 'population')],
         ['GeoNames', prop(f, 'geonameid')], ['As written', prop(f, 'surface')],
         ['Confidence', prop(f, 'confidence')], ['Why', prop(f, 'reason')]]));
  });
  features(data.crossings).forEach(function (f) {
    drawPoint(f, 'evm-crossing', { radius: 6, color: '#000', weight: 2, fillColor: '#ffd92f',
                                    fillOpacity: 1 },
      popup('Border crossing', null,
        [['Actor', prop(f, 'actor')], ['From', prop(f, 'from_name')], ['To', prop(f, 'to_name')],
         ['Countries', [prop(f, 'from_country'), prop(f, 'to_country')]],
         ['Route', prop(f, 'route_id')]]));
  });
  var eventMarkers = [];
  features(data.events).forEach(function (f) {
    var t = text(prop(f, 'type')) || 'other';
    var m = drawPoint(f, 'evm-event evm-type-' + (TYPE_COLOURS[t] ? t : 'other'),
      { radius: 7, color: '#fff', weight: 1.5, fillColor: TYPE_COLOURS[t] || TYPE_COLOURS.other,
        fillOpacity: 0.95 },
      popup(t + (prop(f, 'trigger') ? ': ' + text(prop(f, 'trigger')) : ''), prop(f, 'sentence'),
        [['Actors', prop(f, 'actors')], ['Place', prop(f, 'place')], ['Date', prop(f, 'date')],
         ['Date precision', prop(f, 'date_precision')], ['Modality', prop(f, 'modality')],
         ['CAMEO', prop(f, 'cameo')]]));
    if (m) eventMarkers.push(m);
  });

  /* The view first: Leaflet draws layers only once the map has one. */
  if (drawn.length) {
    map.fitBounds(L.featureGroup(drawn).getBounds().pad(0.15), { maxZoom: 8 });
  } else {
    map.setView([20, 0], 2);
  }

  /* Basemap: Natural Earth country outlines, drawn three times (shifted by
   * -360, 0, +360 degrees) so that data unwrapped past the antimeridian, and
   * the basemap's own unwrapped rings (Chukotka, Fiji), have land under them.
   * Added before the data so it stays underneath. */
  if (basemap) {
    [-360, 0, 360].forEach(function (off) {
      L.geoJSON(basemap, {
        coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + off); },
        style: { color: '#9aa5ad', weight: 0.7, fillColor: '#f4f1ea', fillOpacity: 1 },
        interactive: false, className: 'evm-basemap'
      }).addTo(map);
    });
  }
  /* Lines under points; within points, events on top. */
  drawn.forEach(function (l) { l.addTo(map); });

  /* Title and legend, built from DOM nodes. */
  var titleCtl = L.control({ position: 'topright' });
  titleCtl.onAdd = function () { return el('div', 'evm-title', text(data.title) || 'evmap'); };
  titleCtl.addTo(map);
  var legend = L.control({ position: 'bottomright' });
  legend.onAdd = function () {
    var d = el('div', 'evm-legend');
    function row(colour, label, line) {
      var r = el('div');
      var s = el('span', 'evm-swatch' + (line ? ' evm-line' : ''));
      if (line) s.style.borderTopColor = colour; else s.style.background = colour;
      r.appendChild(s);
      r.appendChild(document.createTextNode(label));
      d.appendChild(r);
    }
    d.appendChild(el('h4', null, 'Claims'));
    row(VERDICT_COLOURS.consistent, 'consistent', true);
    row(VERDICT_COLOURS.loose, 'loose', true);
    row(VERDICT_COLOURS.wrong, 'inaccurate / wrong', true);
    row(VERDICT_COLOURS.unverifiable, 'unverifiable', true);
    if (nActors) {
      d.appendChild(el('h4', null, 'Routes'));
      Object.keys(actorColour).forEach(function (a) { row(actorColour[a], a, true); });
    }
    d.appendChild(el('h4', null, 'Events'));
    Object.keys(TYPE_COLOURS).forEach(function (t) { row(TYPE_COLOURS[t], t, false); });
    d.appendChild(el('h4', null, 'Points'));
    row('#fff', 'place', false);
    row('#ffd92f', 'border crossing', false);
    return d;
  };
  legend.addTo(map);

  /* Test hook: file:///.../map.html#evm-open-popup opens the first event's popup. */
  if (location.hash === '#evm-open-popup' && eventMarkers.length) eventMarkers[0].openPopup();

  function count(sel) { return document.querySelectorAll(sel).length; }
  function report(state) {
    if (!status) return;
    var d = status.dataset;
    d.state = state;
    d.places = count('path.evm-place');
    d.events = count('path.evm-event');
    d.routes = count('path.evm-route');
    d.claims = count('path.evm-claim');
    d.crossings = count('path.evm-crossing');
    d.basemap = count('path.evm-basemap');
    d.popups = count('.leaflet-popup-content .evm-popup');
    d.maxJumpDeg = maxJump.toFixed(3);
    d.resources = performance.getEntriesByType('resource').length;
    d.errors = errors;
    d.cspViolations = cspViolations;
  }
  report('rendered');
  setTimeout(function () { report('done'); }, 500);
})();
