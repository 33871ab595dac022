#include "geometry/geo_internal.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Natural Earth cuts countries at exactly +-180 and closes Antarctica at
 * exactly -90; this tolerance only absorbs float noise from conversions. */
#define CUT_EPS_DEG 1e-9

/* Lower bounds of the ellipsoid's radii of curvature, for a box that surely
 * contains every point within a geodesic distance: the meridian radius is at
 * least a(1 - e^2) (at the equator) and the parallel radius is at least
 * a cos(lat). */
#define WGS84_A_M 6378137.0
#define WGS84_MERIDIAN_MIN_M 6335439.327
#define RAD_PER_DEG (3.14159265358979323846 / 180.0)

/* ------------------------------------------------------- shape to GEOS */

static evm_error ring_from_shape(evm_geo_ctx *ctx, const evm_country_shape *shape, uint32_t r,
                                 GEOSGeometry **out)
{
    uint32_t a = shape->point_start[r], b = shape->point_start[r + 1];
    if (b < a || b - a < 3)
        return evm_geo_fail(ctx, EVM_ERR_FORMAT, "country shape: ring %u has %u points", r,
                            b < a ? 0u : b - a);
    const double *xy = shape->coords + 2 * (size_t)a;
    size_t n = b - a;
    for (size_t i = 0; i < n; i++) {
        double lon = xy[2 * i], lat = xy[2 * i + 1];
        if (!isfinite(lon) || !isfinite(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180)
            return evm_geo_fail(ctx, EVM_ERR_FORMAT,
                                "country shape: ring %u point %zu out of range (%g, %g)", r, i, lon,
                                lat);
    }
    int closed = xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1];
    if (closed && n < 4)
        return evm_geo_fail(ctx, EVM_ERR_FORMAT, "country shape: ring %u has %zu points", r, n);
    GEOSCoordSequence *seq;
    if (closed) {
        seq = GEOSCoordSeq_copyFromBuffer_r(ctx->geos, xy, (unsigned)n, 0, 0);
    } else {
        double *tmp = evm_malloc(2 * (n + 1) * sizeof *tmp);
        if (!tmp)
            return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country shape: out of memory");
        memcpy(tmp, xy, 2 * n * sizeof *tmp);
        tmp[2 * n] = xy[0];
        tmp[2 * n + 1] = xy[1];
        seq = GEOSCoordSeq_copyFromBuffer_r(ctx->geos, tmp, (unsigned)(n + 1), 0, 0);
        evm_free(tmp);
    }
    if (!seq)
        return evm_geo_fail_geos(ctx, "country shape: ring");
    GEOSGeometry *ring = GEOSGeom_createLinearRing_r(ctx->geos, seq); /* owns seq */
    if (!ring)
        return evm_geo_fail_geos(ctx, "country shape: ring");
    *out = ring;
    return EVM_OK;
}

static void destroy_all(evm_geo_ctx *ctx, GEOSGeometry **g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (g[i])
            GEOSGeom_destroy_r(ctx->geos, g[i]);
}

static evm_error polygon_from_shape(evm_geo_ctx *ctx, const evm_country_shape *shape, uint32_t p,
                                    GEOSGeometry **out)
{
    uint32_t r0 = shape->ring_start[p], r1 = shape->ring_start[p + 1];
    if (r1 <= r0)
        return evm_geo_fail(ctx, EVM_ERR_FORMAT, "country shape: polygon %u has no ring", p);
    size_t nrings = r1 - r0;
    GEOSGeometry **rings = evm_calloc(nrings, sizeof *rings);
    if (!rings)
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country shape: out of memory");
    evm_error err = EVM_OK;
    for (size_t i = 0; i < nrings && !err; i++)
        err = ring_from_shape(ctx, shape, r0 + (uint32_t)i, &rings[i]);
    if (err) {
        destroy_all(ctx, rings, nrings);
        evm_free(rings);
        return err;
    }
    /* Takes ownership of the rings, not of the array. */
    GEOSGeometry *poly =
        GEOSGeom_createPolygon_r(ctx->geos, rings[0], rings + 1, (unsigned)(nrings - 1));
    evm_free(rings);
    if (!poly)
        return evm_geo_fail_geos(ctx, "country shape: polygon");
    *out = poly;
    return EVM_OK;
}

static int shape_usable(const evm_country_shape *shape)
{
    return shape && shape->polygon_count > 0 && shape->ring_start && shape->point_start &&
           shape->coords;
}

evm_error evm_country_geom_from_shape(evm_geo_ctx *ctx, const evm_country_shape *shape,
                                      GEOSGeometry **out)
{
    if (!shape_usable(shape))
        return evm_geo_fail(ctx, EVM_ERR_FORMAT, "country shape: no polygon");
    uint32_t np = shape->polygon_count;
    GEOSGeometry **polys = evm_calloc(np, sizeof *polys);
    if (!polys)
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country shape: out of memory");
    evm_error err = EVM_OK;
    for (uint32_t p = 0; p < np && !err; p++)
        err = polygon_from_shape(ctx, shape, p, &polys[p]);
    if (err) {
        destroy_all(ctx, polys, np);
        evm_free(polys);
        return err;
    }
    GEOSGeometry *g = polys[0];
    if (np > 1) {
        g = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, polys, np);
        if (!g) {
            destroy_all(ctx, polys, np);
            evm_free(polys);
            return evm_geo_fail_geos(ctx, "country shape: multipolygon");
        }
    }
    evm_free(polys);
    *out = g;
    return EVM_OK;
}

/* -------------------------------------------------------------- borders */

static int is_cut_edge(const double *a, const double *b)
{
    if (fabs(a[0]) >= 180.0 - CUT_EPS_DEG && fabs(b[0]) >= 180.0 - CUT_EPS_DEG &&
        (a[0] > 0) == (b[0] > 0))
        return 1;
    if (fabs(a[1]) >= 90.0 - CUT_EPS_DEG && fabs(b[1]) >= 90.0 - CUT_EPS_DEG &&
        (a[1] > 0) == (b[1] > 0))
        return 1;
    return 0;
}

typedef struct geom_list {
    GEOSGeometry **items;
    size_t len, cap;
} geom_list;

static evm_error push_run(evm_geo_ctx *ctx, geom_list *gl, const double *xy, size_t npts)
{
    void *items = gl->items;
    evm_error err = evm_grow(&items, &gl->cap, gl->len + 1, sizeof(GEOSGeometry *));
    gl->items = items;
    if (err)
        return evm_geo_fail(ctx, err, "country border: out of memory");
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(ctx->geos, xy, (unsigned)npts, 0, 0);
    if (!seq)
        return evm_geo_fail_geos(ctx, "country border");
    GEOSGeometry *line = GEOSGeom_createLineString_r(ctx->geos, seq);
    if (!line)
        return evm_geo_fail_geos(ctx, "country border");
    gl->items[gl->len++] = line;
    return EVM_OK;
}

/* The outline as a MultiLineString without cut edges; *out NULL when every
 * edge is a cut. Shape already validated by evm_country_geom_from_shape. */
static evm_error border_from_shape(evm_geo_ctx *ctx, const evm_country_shape *shape,
                                   GEOSGeometry **out)
{
    geom_list gl = {0};
    evm_error err = EVM_OK;
    /* ring_start holds indices into the gazetteer's ring table: this
     * outline's rings are ring_start[0] .. ring_start[polygon_count]. */
    uint32_t nrings = shape->ring_start[shape->polygon_count];
    for (uint32_t r = shape->ring_start[0]; r < nrings && !err; r++) {
        const double *xy = shape->coords + 2 * (size_t)shape->point_start[r];
        size_t n = shape->point_start[r + 1] - shape->point_start[r];
        size_t run = 0; /* first vertex of the current run of border edges */
        for (size_t i = 0; i + 1 < n && !err; i++) {
            if (is_cut_edge(xy + 2 * i, xy + 2 * i + 2)) {
                if (i > run)
                    err = push_run(ctx, &gl, xy + 2 * run, i - run + 1);
                run = i + 1;
            }
        }
        if (!err && n > 0 && n - 1 > run)
            err = push_run(ctx, &gl, xy + 2 * run, n - run);
    }
    if (!err && gl.len > 0) {
        GEOSGeometry *m = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTILINESTRING, gl.items,
                                                      (unsigned)gl.len);
        if (!m)
            err = evm_geo_fail_geos(ctx, "country border");
        else
            gl.len = 0;
        *out = m;
    } else if (!err) {
        *out = NULL;
    }
    destroy_all(ctx, gl.items, gl.len);
    evm_free(gl.items);
    return err;
}

/* ---------------------------------------------------------------- cache */

/* The lon/lat box of every polygon's vertices (already validated by
 * evm_country_geom_from_shape). A point outside all of them is outside the
 * geometry GEOS built from the same vertices, so point_in() need not ask. */
static evm_error polygon_boxes(evm_geo_ctx *ctx, evm_country_cache_item *it)
{
    const evm_country_shape *sh = &it->shape;
    /* boxes[0..3]: the whole outline's; then one per polygon. */
    it->boxes = evm_malloc(4 * ((size_t)sh->polygon_count + 1) * sizeof *it->boxes);
    if (!it->boxes)
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country shape: out of memory");
    double *all = it->boxes;
    all[0] = all[1] = INFINITY;
    all[2] = all[3] = -INFINITY;
    for (int h = 0; h < 2; h++) {
        it->halves[h][0] = it->halves[h][1] = INFINITY;
        it->halves[h][2] = it->halves[h][3] = -INFINITY;
    }
    for (uint32_t p = 0; p < sh->polygon_count; p++) {
        double *b = it->boxes + 4 * ((size_t)p + 1);
        b[0] = b[1] = INFINITY;
        b[2] = b[3] = -INFINITY;
        for (uint32_t r = sh->ring_start[p]; r < sh->ring_start[p + 1]; r++) {
            for (uint32_t v = sh->point_start[r]; v < sh->point_start[r + 1]; v++) {
                double x = sh->coords[2 * (size_t)v], y = sh->coords[2 * (size_t)v + 1];
                b[0] = fmin(b[0], x);
                b[1] = fmin(b[1], y);
                b[2] = fmax(b[2], x);
                b[3] = fmax(b[3], y);
            }
        }
        all[0] = fmin(all[0], b[0]);
        all[1] = fmin(all[1], b[1]);
        all[2] = fmax(all[2], b[2]);
        all[3] = fmax(all[3], b[3]);
        double *hb = it->halves[b[0] + b[2] < 0 ? 0 : 1];
        hb[0] = fmin(hb[0], b[0]);
        hb[1] = fmin(hb[1], b[1]);
        hb[2] = fmax(hb[2], b[2]);
        hb[3] = fmax(hb[3], b[3]);
    }
    return EVM_OK;
}

/* Whether (lon, lat) lies in the box of all the item's vertices (edges
 * included). */
static int in_envelope(const evm_country_cache_item *it, double lon, double lat)
{
    const double *all = it->boxes;
    return lon >= all[0] && lon <= all[2] && lat >= all[1] && lat <= all[3];
}

/* Whether (lon, lat) lies in one of the item's polygon boxes. */
static int in_polygon_box(const evm_country_cache_item *it, double lon, double lat)
{
    for (uint32_t p = 0; p < it->shape.polygon_count; p++) {
        const double *b = it->boxes + 4 * ((size_t)p + 1);
        if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3])
            return 1;
    }
    return 0;
}

static evm_error cache_get(evm_geo_ctx *ctx, const evm_country_shape *shape, uint32_t entry,
                           evm_country_cache_item **out)
{
    for (size_t i = 0; i < ctx->cache_len; i++) {
        if (ctx->cache[i].entry == entry) {
            *out = &ctx->cache[i];
            return EVM_OK;
        }
    }
    if (entry == EVM_NO_ENTRY)
        return evm_geo_fail(ctx, EVM_ERR_ARG, "country: no entry");
    if (!shape)
        return evm_geo_fail(ctx, EVM_ERR_ARG, "country %u: not cached and no shape given", entry);
    void *items = ctx->cache;
    if (evm_grow(&items, &ctx->cache_cap, ctx->cache_len + 1, sizeof *ctx->cache))
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country %u: out of memory", entry);
    ctx->cache = items;
    evm_country_cache_item it = {.entry = entry};
    evm_error err = evm_country_geom_from_shape(ctx, shape, &it.polygon);
    if (!err) {
        it.prepared = GEOSPrepare_r(ctx->geos, it.polygon);
        if (!it.prepared)
            err = evm_geo_fail_geos(ctx, "country: prepare");
    }
    /* The border (for distances to it) is built on first use: see
     * cache_border(). Crossings and containment need only the polygon. */
    it.shape = shape ? *shape : (evm_country_shape){0};
    if (!err)
        err = polygon_boxes(ctx, &it);
    if (err) {
        evm_free(it.boxes);
        if (it.prepared)
            GEOSPreparedGeom_destroy_r(ctx->geos, it.prepared);
        if (it.polygon)
            GEOSGeom_destroy_r(ctx->geos, it.polygon);
        if (it.border)
            GEOSGeom_destroy_r(ctx->geos, it.border);
        return err;
    }
    ctx->cache[ctx->cache_len] = it;
    *out = &ctx->cache[ctx->cache_len++];
    return EVM_OK;
}

/* Builds the cached country's border lines if not done yet. */
static evm_error cache_border(evm_geo_ctx *ctx, evm_country_cache_item *it)
{
    if (it->border || it->border_built)
        return EVM_OK;
    it->border_built = 1;
    evm_error err = border_from_shape(ctx, &it->shape, &it->border);
    if (!err && it->border) {
        it->border_prepared = GEOSPrepare_r(ctx->geos, it->border);
        if (!it->border_prepared)
            err = evm_geo_fail_geos(ctx, "country: prepare border");
    }
    return err;
}

/* ------------------------------------------------------------- queries */

static evm_error point_in(evm_geo_ctx *ctx, const GEOSPreparedGeometry *pg, double lon, double lat,
                          int *inside)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(ctx->geos, lon, lat);
    if (!pt)
        return evm_geo_fail_geos(ctx, "country: point");
    /* Intersects = covers for a point: on the outline counts as inside. */
    char r = GEOSPreparedIntersects_r(ctx->geos, pg, pt);
    GEOSGeom_destroy_r(ctx->geos, pt);
    if (r == 2)
        return evm_geo_fail_geos(ctx, "country: point in polygon");
    *inside = r == 1;
    return EVM_OK;
}

evm_error evm_country_contains(evm_geo_ctx *ctx, const evm_country_shape *shape, uint32_t entry,
                               double lat, double lon, int *inside)
{
    if (!evm_geo_valid_latlon(lat, lon))
        return evm_geo_fail(ctx, EVM_ERR_ARG, "country: invalid point (%g, %g)", lat, lon);
    evm_country_cache_item *it;
    evm_error err = cache_get(ctx, shape, entry, &it);
    if (err)
        return err;
    return point_in(ctx, it->prepared, remainder(lon, 360.0), lat, inside);
}

/* Nearest-point search state: the query point and the best border point. */
typedef struct nearest {
    double lat, lon;
    double best_m, best_lat, best_lon;
} nearest;

static void consider(evm_geo_ctx *ctx, nearest *nr, double lon, double lat)
{
    double s = 0;
    geod_inverse(&ctx->geod, nr->lat, nr->lon, lat, lon, &s, NULL, NULL);
    if (isfinite(s) && s < nr->best_m) {
        nr->best_m = s;
        nr->best_lat = lat;
        nr->best_lon = lon;
    }
}

static double dist_to(evm_geo_ctx *ctx, const nearest *nr, double lon, double lat)
{
    double s = 0;
    geod_inverse(&ctx->geod, nr->lat, nr->lon, lat, lon, &s, NULL, NULL);
    return isfinite(s) ? s : DBL_MAX;
}

/* Geodesic distance from the query point to the lon/lat-straight edge a-b:
 * golden-section search on the edge parameter. The distance along a short
 * edge is unimodal; the endpoints were considered separately. */
static void consider_edge(evm_geo_ctx *ctx, nearest *nr, const double *a, const double *b)
{
    double da = dist_to(ctx, nr, a[0], a[1]), db = dist_to(ctx, nr, b[0], b[1]);
    double dab = 0;
    geod_inverse(&ctx->geod, a[1], a[0], b[1], b[0], &dab, NULL, NULL);
    /* Triangle inequality: no point of the edge is closer than this. The
     * lon/lat-straight edge is at most slightly longer than the geodesic
     * between its ends; 1.01 covers edges of Natural Earth's size. */
    if (fmin(da, db) - 1.01 * dab > nr->best_m)
        return;
    const double g = 0.6180339887498949;
    double lo = 0, hi = 1;
    double t1 = hi - g * (hi - lo), t2 = lo + g * (hi - lo);
    double dx = b[0] - a[0], dy = b[1] - a[1];
    double f1 = dist_to(ctx, nr, a[0] + t1 * dx, a[1] + t1 * dy);
    double f2 = dist_to(ctx, nr, a[0] + t2 * dx, a[1] + t2 * dy);
    for (int it = 0; it < 60 && hi - lo > 1e-12; it++) {
        if (f1 < f2) {
            hi = t2;
            t2 = t1;
            f2 = f1;
            t1 = hi - g * (hi - lo);
            f1 = dist_to(ctx, nr, a[0] + t1 * dx, a[1] + t1 * dy);
        } else {
            lo = t1;
            t1 = t2;
            f1 = f2;
            t2 = lo + g * (hi - lo);
            f2 = dist_to(ctx, nr, a[0] + t2 * dx, a[1] + t2 * dy);
        }
    }
    double t = 0.5 * (lo + hi);
    consider(ctx, nr, a[0] + t * dx, a[1] + t * dy);
}

/* Visits every edge of the line work in g (any type). */
static evm_error refine_in(evm_geo_ctx *ctx, nearest *nr, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == -1)
        return evm_geo_fail_geos(ctx, "country border distance");
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
        const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx->geos, g);
        unsigned n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(ctx->geos, seq, &n))
            return evm_geo_fail_geos(ctx, "country border distance");
        double prev[2] = {0, 0}, cur[2];
        for (unsigned i = 0; i < n; i++) {
            if (!GEOSCoordSeq_getXY_r(ctx->geos, seq, i, &cur[0], &cur[1]))
                return evm_geo_fail_geos(ctx, "country border distance");
            consider(ctx, nr, cur[0], cur[1]);
            if (i > 0)
                consider_edge(ctx, nr, prev, cur);
            prev[0] = cur[0];
            prev[1] = cur[1];
        }
        return EVM_OK;
    }
    if (type == GEOS_POINT) {
        double x, y;
        if (!GEOSGeomGetX_r(ctx->geos, g, &x) || !GEOSGeomGetY_r(ctx->geos, g, &y))
            return EVM_OK; /* empty point */
        consider(ctx, nr, x, y);
        return EVM_OK;
    }
    int n = GEOSGetNumGeometries_r(ctx->geos, g);
    if (n < 0)
        return evm_geo_fail_geos(ctx, "country border distance");
    if (type == GEOS_POLYGON)
        return EVM_OK; /* clipping line work never yields polygons */
    for (int i = 0; i < n; i++) {
        evm_error err = refine_in(ctx, nr, GEOSGetGeometryN_r(ctx->geos, g, i));
        if (err)
            return err;
    }
    return EVM_OK;
}

/* Nearest border point in degree space from (x, y), then measured. */
static evm_error nearest_degree_space(evm_geo_ctx *ctx, const GEOSPreparedGeometry *border,
                                      nearest *nr, double x, double y, double *deg_dist)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(ctx->geos, x, y);
    if (!pt)
        return evm_geo_fail_geos(ctx, "country border distance");
    GEOSCoordSequence *seq = GEOSPreparedNearestPoints_r(ctx->geos, border, pt);
    GEOSGeom_destroy_r(ctx->geos, pt);
    double bx = 0, by = 0;
    if (!seq)
        return evm_geo_fail_geos(ctx, "country border distance");
    int ok = GEOSCoordSeq_getXY_r(ctx->geos, seq, 0, &bx, &by); /* first: on the border */
    GEOSCoordSeq_destroy_r(ctx->geos, seq);
    if (!ok)
        return evm_geo_fail_geos(ctx, "country border distance");
    consider(ctx, nr, bx, by);
    if (deg_dist)
        *deg_dist = hypot(bx - x, by - y);
    return EVM_OK;
}

evm_error evm_country_border_distance(evm_geo_ctx *ctx, const evm_country_shape *shape,
                                      uint32_t entry, double lat, double lon, double *dist_km,
                                      double *nearest_lat, double *nearest_lon)
{
    if (!evm_geo_valid_latlon(lat, lon))
        return evm_geo_fail(ctx, EVM_ERR_ARG, "country: invalid point (%g, %g)", lat, lon);
    evm_country_cache_item *it;
    evm_error err = cache_get(ctx, shape, entry, &it);
    if (!err)
        err = cache_border(ctx, it);
    if (err)
        return err;
    if (!it->border)
        return evm_geo_fail(ctx, EVM_ERR_NOT_FOUND, "country %u: no border edges", entry);
    lon = remainder(lon, 360.0);
    nearest nr = {.lat = lat, .lon = lon, .best_m = DBL_MAX};
    double deg = 0;
    if ((err = nearest_degree_space(ctx, it->border_prepared, &nr, lon, lat, &deg)))
        return err;
    /* Across the antimeridian a border may be nearer than degree space
     * says: query from the point's copy on the other side too. */
    if (deg > 180.0 - fabs(lon)) {
        double shifted = lon > 0 ? lon - 360.0 : lon + 360.0;
        if ((err = nearest_degree_space(ctx, it->border_prepared, &nr, shifted, lat, NULL)))
            return err;
    }
    /* Refinement: every point within best_m lies in this box. */
    double dlat = nr.best_m / WGS84_MERIDIAN_MIN_M / RAD_PER_DEG * 1.001 + 1e-9;
    double lat_lo = lat - dlat, lat_hi = lat + dlat;
    double maxabs = fmax(fabs(lat_lo), fabs(lat_hi));
    double dlon = 360.0;
    if (maxabs < 89.9) {
        dlon = nr.best_m / (WGS84_A_M * cos(maxabs * RAD_PER_DEG)) / RAD_PER_DEG * 1.001 + 1e-9;
    }
    lat_lo = fmax(lat_lo, -90.0);
    lat_hi = fmin(lat_hi, 90.0);
    double boxes[3][2];
    int nbox = 0;
    if (dlon >= 180.0) {
        boxes[nbox][0] = -180.0;
        boxes[nbox++][1] = 180.0;
    } else {
        for (int k = -1; k <= 1; k++) {
            double x0 = fmax(lon - dlon + 360.0 * k, -180.0);
            double x1 = fmin(lon + dlon + 360.0 * k, 180.0);
            if (x0 <= x1) {
                boxes[nbox][0] = x0;
                boxes[nbox++][1] = x1;
            }
        }
    }
    for (int k = 0; k < nbox; k++) {
        /* ClipByRect drops line work on the box edge; widen by a hair. */
        GEOSGeometry *part = GEOSClipByRect_r(ctx->geos, it->border, boxes[k][0] - 1e-9,
                                              lat_lo - 1e-9, boxes[k][1] + 1e-9, lat_hi + 1e-9);
        if (!part)
            return evm_geo_fail_geos(ctx, "country border distance: clip");
        err = refine_in(ctx, &nr, part);
        GEOSGeom_destroy_r(ctx->geos, part);
        if (err)
            return err;
    }
    *dist_km = nr.best_m / 1000.0;
    if (nearest_lat)
        *nearest_lat = nr.best_lat;
    if (nearest_lon)
        *nearest_lon = nr.best_lon;
    return EVM_OK;
}

/* ------------------------------------------- point in polygon, own index */

/* What GEOS answers for a point and a prepared (multi)polygon: its
 * IndexedPointInAreaLocator counts the crossings of a ray towards +x with
 * every segment of every ring (all polygons together) whose latitude span
 * holds the point, on the boundary counting as inside. For a point off the
 * boundary any consistent crossing rule gives the same parity, so the
 * answer below is GEOS's whenever every orientation it uses is certain (a
 * floating-point determinant beyond its error bound) and the point is on
 * no segment; otherwise (point on or within rounding of a segment, at a
 * vertex, on a horizontal edge) GEOS itself is asked. The segments are
 * those GEOS built: each ring's consecutive vertices (a country with an
 * open ring, which ring_from_shape closes, is left to GEOS).
 *
 * Within a band the segments' longitude spans [west end, east end] make up
 * runs: maximal sets whose spans overlap or touch, with a gap of open
 * longitude between one run and the next. A vertical line in a gap meets
 * no segment of the band, and so no part of the boundary at any latitude
 * of the band (a boundary point at such a latitude lies on a segment whose
 * latitude span holds it, which is in the band's list): the parity is the
 * same all along that line, and the same as anywhere in the gap. It is
 * counted once per band, when the band is first asked about, at one
 * latitude of the band (py_ref): the segments wholly west of the gap
 * whose latitude span straddles py_ref (the half-open rule, no
 * determinant needed) cross the westward ray from the gap's line. A point
 * in a gap gets the gap's parity; a point within a run walks only that
 * run's segments towards the west, as the whole band was walked before,
 * and adds the parity of the gap west of the run. */
struct evm_pip_index {
    const double *coords; /* the gazetteer's vertices (lon, lat pairs) */
    double y0, band_h;    /* latitude of band 0 and band height */
    double inv_band_h;    /* 1 / band_h */
    uint32_t nbands;      /* 0: some ring is open, always ask GEOS */
    uint32_t *band_start; /* nbands + 1 offsets into seg_of */
    uint32_t *seg_of;     /* per band, the first vertex v of each segment v, v + 1;
                             sorted west end first at the band's first query */
    uint32_t *band_run;   /* per band, its first run in runs; PIP_UNSET before its
                             first query, PIP_WHOLE: walk the band whole (out of memory) */
    uint32_t *band_nrun;  /* per band, its number of runs */
    struct pip_run *runs; /* every prepared band's runs, west to east */
    size_t runs_len, runs_cap;
    struct pip_key *keys; /* scratch for sorting a band */
    size_t keys_cap;
    /* The cell grid over the outline's box (see grid_build()), or NULL. */
    uint8_t *cells; /* gx * gy, row by row: 1 where a boundary segment's box meets */
    uint32_t gx, gy;
    double gx0, gy0, inv_gw, inv_gh;
};

/* One run of a band: the west end of its westernmost segment, the east end
 * of its easternmost, one past its last segment (in seg_of) and the parity
 * of the gap west of it. */
typedef struct pip_run {
    double w, e;
    uint32_t end;
    uint32_t before;
} pip_run;

#define PIP_UNSET UINT32_MAX
#define PIP_WHOLE (UINT32_MAX - 1)

void evm_pip_index_free(struct evm_pip_index *ix)
{
    if (!ix)
        return;
    evm_free(ix->band_start);
    evm_free(ix->seg_of);
    evm_free(ix->band_run);
    evm_free(ix->band_nrun);
    evm_free(ix->runs);
    evm_free(ix->keys);
    evm_free(ix->cells);
    evm_free(ix);
}

static uint32_t band_of(const struct evm_pip_index *ix, double y)
{
    /* Any nondecreasing function of y gives the same answers, as long as the
     * index is built and queried with the same one (a segment whose span
     * holds y is then in y's band); a product is cheaper than floor(x / h). */
    double b = (y - ix->y0) * ix->inv_band_h;
    if (!(b > 0))
        return 0;
    if (b >= (double)ix->nbands)
        return ix->nbands - 1;
    return (uint32_t)b;
}

static evm_error pip_build(evm_geo_ctx *ctx, evm_country_cache_item *it)
{
    const evm_country_shape *sh = &it->shape;
    struct evm_pip_index *ix = evm_calloc(1, sizeof *ix);
    if (!ix)
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country shape: out of memory");
    ix->coords = sh->coords;
    it->pip = ix;
    /* ring_start holds indices into the gazetteer's ring table. */
    uint32_t r0 = sh->ring_start[0], r1 = sh->ring_start[sh->polygon_count];
    size_t nseg = 0;
    for (uint32_t r = r0; r < r1; r++) {
        size_t n = sh->point_start[r + 1] - sh->point_start[r];
        const double *xy = sh->coords + 2 * (size_t)sh->point_start[r];
        if (xy[0] != xy[2 * (n - 1)] || xy[1] != xy[2 * (n - 1) + 1])
            return EVM_OK; /* open ring: GEOS closes it; not indexed here */
        nseg += n - 1;
    }
    const double *all = it->boxes;
    ix->y0 = all[1];
    size_t nbands = nseg / 4 + 1;
    ix->nbands = nbands > 65536 ? 65536 : (uint32_t)nbands;
    ix->band_h = (all[3] - all[1]) / ix->nbands;
    if (!(ix->band_h > 0)) {
        ix->nbands = 1;
        ix->band_h = 1;
    }
    ix->inv_band_h = 1 / ix->band_h;
    ix->band_start = evm_calloc((size_t)ix->nbands + 1, sizeof *ix->band_start);
    ix->band_run = evm_malloc(ix->nbands * sizeof *ix->band_run);
    ix->band_nrun = evm_calloc(ix->nbands, sizeof *ix->band_nrun);
    if (!ix->band_start || !ix->band_run || !ix->band_nrun)
        goto nomem;
    for (uint32_t b = 0; b < ix->nbands; b++)
        ix->band_run[b] = PIP_UNSET;
    /* Two passes: count the segments of each band, then place them. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t r = r0; r < r1; r++) {
            for (uint32_t v = sh->point_start[r]; v + 1 < sh->point_start[r + 1]; v++) {
                const double *g = sh->coords + 2 * (size_t)v;
                bool up = g[1] < g[3]; /* finite: no fmin()/fmax() calls */
                uint32_t b0 = band_of(ix, up ? g[1] : g[3]), b1 = band_of(ix, up ? g[3] : g[1]);
                for (uint32_t b = b0; b <= b1; b++) {
                    if (pass == 0)
                        ix->band_start[b + 1]++;
                    else
                        ix->seg_of[ix->band_start[b]++] = v;
                }
            }
        }
        if (pass == 0) {
            for (uint32_t b = 0; b < ix->nbands; b++) {
                if (ix->band_start[b + 1] > UINT32_MAX - ix->band_start[b])
                    goto nomem;
                ix->band_start[b + 1] += ix->band_start[b];
            }
            size_t total = ix->band_start[ix->nbands];
            ix->seg_of = evm_malloc((total ? total : 1) * sizeof *ix->seg_of);
            if (!ix->seg_of)
                goto nomem;
        }
    }
    /* The second pass moved each start to the next band's: shift back. */
    for (uint32_t b = ix->nbands; b > 0; b--)
        ix->band_start[b] = ix->band_start[b - 1];
    ix->band_start[0] = 0;
    return EVM_OK;
nomem:
    evm_free(ix->band_start);
    evm_free(ix->seg_of);
    evm_free(ix->band_run);
    evm_free(ix->band_nrun);
    ix->band_start = ix->seg_of = ix->band_run = ix->band_nrun = NULL;
    ix->nbands = 0;
    return evm_geo_fail(ctx, EVM_ERR_NOMEM, "country shape: out of memory");
}

/* A segment and its sort key (its west end), for sorting a band. */
typedef struct pip_key {
    double west;
    uint32_t v;
} pip_key;

/* Heapsort of k[0..n) by west, smallest first: a max-heap whose root goes to
 * the end each round. */
static void sift_down(pip_key *k, size_t root, size_t n)
{
    pip_key x = k[root];
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            break;
        if (child + 1 < n && k[child + 1].west > k[child].west)
            child++;
        if (!(k[child].west > x.west))
            break;
        k[root] = k[child];
        root = child;
    }
    k[root] = x;
}

/* Sorts band b's segments west end first; false (band left as it is) when
 * out of memory for the keys. */
static bool sort_band(struct evm_pip_index *ix, uint32_t b)
{
    uint32_t *a = ix->seg_of + ix->band_start[b];
    size_t n = ix->band_start[b + 1] - ix->band_start[b];
    void *keys = ix->keys;
    if (evm_grow(&keys, &ix->keys_cap, n, sizeof *ix->keys))
        return false;
    ix->keys = keys;
    pip_key *k = ix->keys;
    for (size_t i = 0; i < n; i++) {
        const double *g = ix->coords + 2 * (size_t)a[i];
        k[i] = (pip_key){g[0] < g[2] ? g[0] : g[2], a[i]};
    }
    for (size_t i = n / 2; i-- > 0;)
        sift_down(k, i, n);
    for (size_t end = n; end > 1; end--) {
        pip_key t = k[0];
        k[0] = k[end - 1];
        k[end - 1] = t;
        sift_down(k, 0, end - 1);
    }
    for (size_t i = 0; i < n; i++)
        a[i] = k[i].v;
    return true;
}

static bool push_pip_run(struct evm_pip_index *ix, double w, double e, uint32_t end,
                         uint32_t before)
{
    void *runs = ix->runs;
    if (evm_grow(&runs, &ix->runs_cap, ix->runs_len + 1, sizeof *ix->runs))
        return false;
    ix->runs = runs;
    ix->runs[ix->runs_len++] = (pip_run){w, e, end, before};
    return true;
}

/* Sorts band b and finds its runs and their gaps' parities (see struct
 * evm_pip_index); PIP_WHOLE when out of memory, or when no latitude of the
 * band to count the parities at is found. */
static void prepare_band(struct evm_pip_index *ix, uint32_t b)
{
    uint32_t k0 = ix->band_start[b], k1 = ix->band_start[b + 1];
    ix->band_run[b] = PIP_WHOLE;
    if (k0 == k1) {
        ix->band_run[b] = (uint32_t)ix->runs_len; /* no run: parity 0 everywhere */
        ix->band_nrun[b] = 0;
        return;
    }
    double py_ref = ix->y0 + ((double)b + 0.5) * ix->band_h;
    if (!isfinite(py_ref) || band_of(ix, py_ref) != b || !sort_band(ix, b))
        return;
    size_t first = ix->runs_len;
    uint32_t parity = 0, before = 0;
    double w = 0, e = 0;
    for (uint32_t k = k0; k < k1; k++) {
        const double *g = ix->coords + 2 * (size_t)ix->seg_of[k];
        double sw = g[0] < g[2] ? g[0] : g[2], se = g[0] < g[2] ? g[2] : g[0];
        if (k == k0) {
            w = sw;
            e = se;
        } else if (sw > e) { /* a gap of open longitude between e and sw */
            if (!push_pip_run(ix, w, e, k, before))
                goto fail;
            before = parity;
            w = sw;
            e = se;
        } else if (se > e) {
            e = se;
        }
        parity ^= (uint32_t)((g[1] > py_ref) != (g[3] > py_ref));
    }
    /* East of every segment the ray meets none: parity 0 for closed rings;
     * anything else means the band is not what this index assumes. */
    if (parity != 0 || !push_pip_run(ix, w, e, k1, before))
        goto fail;
    ix->band_run[b] = (uint32_t)first;
    ix->band_nrun[b] = (uint32_t)(ix->runs_len - first);
    return;
fail:
    ix->runs_len = first;
    ix->band_run[b] = PIP_WHOLE;
}

/* 1: inside, 0: outside, -1: undecided (ask GEOS). A point in a gap of its
 * band gets the gap's parity. Otherwise the parity is counted along a ray
 * to the west over its run's segments (west end first: the walk stops at
 * the first segment wholly east of the point, and so is every later one),
 * plus the parity of the gap west of the run: for a point on no segment
 * the half-open rule gives the same parity on either ray, and with every
 * orientation certain that parity is GEOS's exact answer; a point on or
 * near a segment is undecided, the segment's span holding it (so the
 * segment is in the point's run and walked). A band that could not be
 * prepared is walked whole along a ray to the east, as GEOS counts. */
static int pip_locate(struct evm_pip_index *ix, double px, double py)
{
    /* Shewchuk's bound for the orientation determinant, with room. */
    const double err_bound = 4.0 * DBL_EPSILON;
    if (!ix->nbands)
        return -1;
    uint32_t b = band_of(ix, py);
    if (ix->band_run[b] == PIP_UNSET)
        prepare_band(ix, b);
    uint32_t k0, k1, inside = 0;
    bool west = true;
    if (ix->band_run[b] == PIP_WHOLE) {
        k0 = ix->band_start[b];
        k1 = ix->band_start[b + 1];
        west = false;
    } else {
        uint32_t n = ix->band_nrun[b];
        if (n == 0)
            return 0; /* no segment in the band (and maybe no runs at all: runs NULL) */
        const pip_run *r = ix->runs + ix->band_run[b];
        if (px < r[0].w || px > r[n - 1].e)
            return 0; /* west or east of every segment of the band */
        /* The last run whose west end is at or west of px. */
        uint32_t lo = 0, hi = n; /* r[lo].w <= px, r[hi].w > px or hi == n */
        while (hi - lo > 1) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (r[mid].w <= px)
                lo = mid;
            else
                hi = mid;
        }
        if (px > r[lo].e)
            return lo + 1 < n ? (int)r[lo + 1].before : 0; /* in the gap east of it */
        k0 = lo ? r[lo - 1].end : ix->band_start[b];
        k1 = r[lo].end;
        inside = r[lo].before;
    }
    for (uint32_t k = k0; k < k1; k++) {
        const double *g = ix->coords + 2 * (size_t)ix->seg_of[k];
        double ax = g[0], ay = g[1], bx = g[2], by = g[3];
        if (west ? (ax > px && bx > px) : (ax < px && bx < px)) {
            if (west)
                break; /* wholly east of the point, and so is every later one */
            continue;
        }
        if ((ay > py && by > py) || (ay < py && by < py))
            continue; /* latitude span misses the point */
        double l = (bx - ax) * (py - ay), r = (by - ay) * (px - ax);
        double det = l - r;
        if (fabs(det) <= err_bound * (fabs(l) + fabs(r))) {
            if (px >= fmin(ax, bx) && px <= fmax(ax, bx))
                return -1; /* on or too near the segment (or a vertex) */
            if (ay == by)
                continue; /* horizontal, beside the point: never counted */
            return -1;
        }
        /* It crosses the point's latitude east of the point when det and
         * by - ay have the same sign. */
        if ((ay > py) != (by > py) && ((det > 0) == (by > ay)) != west)
            inside ^= 1;
    }
    return (int)inside;
}

/* ------------------------------------------------------------ cell grid */

/* A grid of cells over the outline's box. The cell of a point is
 * (cell_of(x), cell_of(y)), each a nondecreasing function of its
 * coordinate, so the points of a rectangle of cells make up a rectangle
 * (connected). Every cell that the box of some segment of the boundary
 * meets is marked: a point of the boundary lies on a segment and within
 * its box, so its cell is marked. The points of a rectangle of unmarked
 * cells hold no boundary point, so they are all inside the polygons or
 * all outside: the country's answer is the same for all of them (GEOS's
 * off the boundary is the exact one, and country_at() gives GEOS's). The
 * grid depends on the outline alone. */
static uint32_t cell_of(double v, double v0, double inv, uint32_t n)
{
    double c = (v - v0) * inv;
    if (!(c > 0))
        return 0;
    if (c >= (double)n)
        return n - 1;
    return (uint32_t)c;
}

/* Builds ix's grid; none (cells NULL) when out of memory, for an open ring
 * or when the segments' boxes span too many cells. */
static void grid_build(struct evm_pip_index *ix, const evm_country_cache_item *it)
{
    const evm_country_shape *sh = &it->shape;
    const double *all = it->boxes;
    if (!ix->nbands)
        return;
    uint32_t r0 = sh->ring_start[0], r1 = sh->ring_start[sh->polygon_count];
    size_t nseg = 0;
    for (uint32_t r = r0; r < r1; r++)
        nseg += sh->point_start[r + 1] - sh->point_start[r] - 1;
    double w = all[2] - all[0], h = all[3] - all[1];
    if (!(w > 0) || !(h > 0) || !isfinite(w) || !isfinite(h))
        return;
    /* About 4 cells a segment, square in degrees, at most about 2^20. */
    double want = fmin(4.0 * (double)nseg + 16.0, 1048576.0);
    double side = sqrt(w * h / want);
    double nx = ceil(w / side), ny = ceil(h / side);
    if (!(nx >= 1) || !(ny >= 1) || nx * ny > 2.0 * 1048576.0)
        return;
    uint32_t gx = (uint32_t)nx, gy = (uint32_t)ny;
    double inv_gw = (double)gx / w, inv_gh = (double)gy / h;
    size_t ncell = (size_t)gx * gy;
    uint8_t *c = evm_calloc(ncell, 1);
    if (!c)
        return;
    size_t work = 0;
    for (uint32_t r = r0; r < r1; r++) {
        for (uint32_t v = sh->point_start[r]; v + 1 < sh->point_start[r + 1]; v++) {
            const double *g = sh->coords + 2 * (size_t)v;
            bool xs = g[0] < g[2], ys = g[1] < g[3]; /* finite (validated) */
            uint32_t x0 = cell_of(xs ? g[0] : g[2], all[0], inv_gw, gx);
            uint32_t x1 = cell_of(xs ? g[2] : g[0], all[0], inv_gw, gx);
            uint32_t y0 = cell_of(ys ? g[1] : g[3], all[1], inv_gh, gy);
            uint32_t y1 = cell_of(ys ? g[3] : g[1], all[1], inv_gh, gy);
            work += (size_t)(x1 - x0 + 1) * (y1 - y0 + 1);
            if (work > 16 * ncell) {
                evm_free(c); /* long segments over many cells: not worth it */
                return;
            }
            for (uint32_t y = y0; y <= y1; y++)
                for (uint32_t x = x0; x <= x1; x++)
                    c[(size_t)y * gx + x] = 1;
        }
    }
    ix->cells = c;
    ix->gx = gx;
    ix->gy = gy;
    ix->gx0 = all[0];
    ix->gy0 = all[1];
    ix->inv_gw = inv_gw;
    ix->inv_gh = inv_gh;
}

/* Whether every cell of the box [w, e] x [s, n] is unmarked (false without
 * a grid). */
static bool grid_box_clear(const struct evm_pip_index *ix, double w, double e, double s, double n)
{
    if (!ix || !ix->cells)
        return false;
    uint32_t x0 = cell_of(w, ix->gx0, ix->inv_gw, ix->gx);
    uint32_t x1 = cell_of(e, ix->gx0, ix->inv_gw, ix->gx);
    uint32_t y0 = cell_of(s, ix->gy0, ix->inv_gh, ix->gy);
    uint32_t y1 = cell_of(n, ix->gy0, ix->inv_gh, ix->gy);
    for (uint32_t y = y0; y <= y1; y++) {
        const uint8_t *row = ix->cells + (size_t)y * ix->gx;
        for (uint32_t x = x0; x <= x1; x++)
            if (row[x])
                return false;
    }
    return true;
}

/* ------------------------------------------------------------ crossings */

static evm_error country_at(evm_geo_ctx *ctx, evm_country_cache_item *const *items, size_t n,
                            double lon, double lat, uint32_t *entry)
{
    *entry = EVM_NO_ENTRY;
    for (size_t i = 0; i < n; i++) {
        int inside = 0;
        if (!in_envelope(items[i], lon, lat))
            continue; /* outside the outline's box: GEOS would say outside */
        if (!items[i]->pip) {
            evm_error err = pip_build(ctx, items[i]);
            if (err)
                return err;
            grid_build(items[i]->pip, items[i]); /* none when out of memory */
        }
        /* The band index answers for points between the polygons too; the
         * polygon boxes spare GEOS calls where it cannot answer. */
        inside = pip_locate(items[i]->pip, lon, lat);
        if (inside < 0 && !in_polygon_box(items[i], lon, lat))
            inside = 0;
        if (inside < 0) {
            evm_error err = point_in(ctx, items[i]->prepared, lon, lat, &inside);
            if (err)
                return err;
        }
        if (inside) {
            *entry = items[i]->entry;
            return EVM_OK;
        }
    }
    return EVM_OK;
}

/* Step of the border walk along a route (km); see evm_route_border_crossings. */
#define EVM_CROSSING_STEP_KM 5.0
/* Segments whose items route_crossings() filters together. */
#define EVM_CROSSING_BLOCK 32

typedef struct crossing_list {
    evm_border_crossing *items;
    size_t len, cap;
} crossing_list;

static evm_error push_crossing(evm_geo_ctx *ctx, crossing_list *cl, double lon, double lat,
                               uint32_t from, uint32_t to, double along_m)
{
    void *items = cl->items;
    if (evm_grow(&items, &cl->cap, cl->len + 1, sizeof *cl->items))
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "border crossings: out of memory");
    cl->items = items;
    cl->items[cl->len++] = (evm_border_crossing){lat, lon, from, to, along_m};
    return EVM_OK;
}

/* evm_route_land_crossings()'s rule for the crossing from `*from` to `to`,
 * in route order: whether it is kept. *land_cur is the country the last
 * kept crossing entered, or the first crossing's from_entry (*any false
 * until the first crossing); a kept crossing's *from becomes it. */
static bool keep_land(uint32_t *land_cur, bool *any, uint32_t *from, uint32_t to)
{
    if (!*any) {
        *land_cur = *from;
        *any = true;
    }
    if (to == EVM_NO_ENTRY || to == *land_cur)
        return false;
    *from = *land_cur;
    *land_cur = to;
    return true;
}

/* Adds to *along, one by one and in route order (so that the sum rounds
 * as the walk's own additions do), the geodesic length of each segment from
 * *pending up to v (exclusive), none when *pending is SIZE_MAX; the walk
 * did not need them for their steps (route_crossings()). The segment k is
 * from vertex k to k + 1, but for the last vertex of a part (no segment:
 * the next part starts there). */
static void flush_pending(evm_geo_ctx *ctx, const evm_polyline *route, size_t *pending, size_t v,
                          double *along)
{
    size_t p = 0;
    for (size_t k = *pending; k < v; k++) {
        while (p + 1 < route->part_count && route->part_start[p + 1] <= k)
            p++;
        if (k + 1 >= route->part_start[p + 1])
            continue; /* the last vertex of part p */
        const double *a = route->coords + 2 * k;
        double seg_m = 0;
        geod_inverse(&ctx->geod, a[1], a[0], a[3], a[2], &seg_m, NULL, NULL);
        *along += seg_m;
    }
    *pending = SIZE_MAX;
}

/* evm_route_border_crossings(), or with `land` evm_route_land_crossings():
 * a crossing that one drops is decided from the countries alone, before
 * its point is searched for (the walk goes on from the step after it
 * either way, and the distance along the route sums every segment). */
static evm_error route_crossings(evm_geo_ctx *ctx, const evm_polyline *route,
                                 const evm_country_ref *countries, size_t country_count, bool land,
                                 evm_border_crossing **out, size_t *count)
{
    if (!route || !route->coords || !route->part_start || route->part_count == 0 ||
        (country_count && !countries))
        return evm_geo_fail(ctx, EVM_ERR_ARG, "border crossings: no route");
    for (size_t i = 0; i < route->point_count; i++) {
        double lon = route->coords[2 * i], lat = route->coords[2 * i + 1];
        if (!evm_geo_valid_latlon(lat, lon) || lon < -180.0 || lon > 180.0)
            return evm_geo_fail(ctx, EVM_ERR_ARG,
                                "border crossings: vertex %zu (%g, %g) outside [-180, 180]", i, lon,
                                lat);
    }
    evm_country_cache_item **items = NULL;
    if (country_count) {
        /* items, then the items whose box meets the current step's (near),
         * then those whose box meets the current block's (blk). */
        items = evm_calloc(3 * country_count, sizeof *items);
        if (!items)
            return evm_geo_fail(ctx, EVM_ERR_NOMEM, "border crossings: out of memory");
    }
    evm_country_cache_item **near = items ? items + country_count : NULL;
    evm_country_cache_item **blk = items ? items + 2 * country_count : NULL;
    evm_error err = EVM_OK;
    /* Fill the cache first: growing it moves the items. */
    for (size_t i = 0; i < country_count && !err; i++) {
        evm_country_cache_item *it;
        err = cache_get(ctx, countries[i].shape, countries[i].entry, &it);
    }
    for (size_t i = 0; i < country_count && !err; i++)
        err = cache_get(ctx, NULL, countries[i].entry, &items[i]);
    crossing_list cl = {0};
    uint32_t cur = EVM_NO_ENTRY;
    int have_cur = 0;
    /* With `land`: the country the last kept crossing entered (the first
     * crossing's from_entry until one is kept), set at the first crossing. */
    uint32_t land_cur = EVM_NO_ENTRY;
    bool any_crossing = false;
    double along = 0;
    /* Distances along the legs (NAN: none for that segment); the first
     * segment whose length along has not taken yet, or SIZE_MAX. */
    const double *hints = route->seg_along_m;
    size_t pending = SIZE_MAX;
    /* Walk the route in short steps, asking which country each point is in
     * (prepared point-in-polygon: cheap whatever the size of the outline),
     * and bisect each step where the answer changes down to a few metres.
     * Intersecting steps with the borders themselves costs time in
     * proportion to the outline (Canada's coast has 10^5 vertices). A
     * country crossed for less than one step (EVM_CROSSING_STEP_KM) is
     * missed; so is a crossing at the antimeridian cut, where both sides
     * are the same country. */
    for (size_t p = 0; p < route->part_count && !err; p++) {
        size_t v0 = route->part_start[p], v1 = route->part_start[p + 1];
        if (v0 >= v1)
            continue;
        const double *first = route->coords + 2 * v0;
        uint32_t here;
        err = country_at(ctx, items, country_count, first[0], first[1], &here);
        if (err)
            break;
        uint32_t from = cur;
        if (have_cur && here != cur &&
            (!land || keep_land(&land_cur, &any_crossing, &from, here))) {
            flush_pending(ctx, route, &pending, v0, &along);
            err = push_crossing(ctx, &cl, first[0], first[1], from, here, along);
        }
        cur = here;
        have_cur = 1;
        size_t blk_n = 0, blk_end = v0;
        for (size_t v = v0; v + 1 < v1 && !err; v++) {
            const double *a = route->coords + 2 * v, *b = a + 2;
            /* Every point asked about below is a + t (b - a), 0 < t <= 1: within
             * the segment's box but for rounding (ulps of 180 degrees, far below
             * the margin). An item whose outline box misses that box answers
             * outside for all of them (in_envelope()), so only the others are
             * asked, in their order: the same first match. */
            const double margin = 1e-9;
            if (v >= blk_end) {
                /* The items that the tests below keep for some segment of
                 * the next EVM_CROSSING_BLOCK (within the part), in their
                 * order: the block's box holds each segment's box, so an
                 * item whose boxes miss it misses theirs. */
                blk_end = v + EVM_CROSSING_BLOCK < v1 - 1 ? v + EVM_CROSSING_BLOCK : v1 - 1;
                double bw = a[0], be = a[0], bs = a[1], bn = a[1];
                for (size_t u = v + 1; u <= blk_end; u++) {
                    const double *c = route->coords + 2 * u;
                    bw = c[0] < bw ? c[0] : bw;
                    be = c[0] > be ? c[0] : be;
                    bs = c[1] < bs ? c[1] : bs;
                    bn = c[1] > bn ? c[1] : bn;
                }
                bw -= margin;
                be += margin;
                bs -= margin;
                bn += margin;
                blk_n = 0;
                for (size_t i = 0; i < country_count; i++) {
                    const double *all = items[i]->boxes;
                    const double *h0 = items[i]->halves[0], *h1 = items[i]->halves[1];
                    if ((all[0] <= be && all[2] >= bw && all[1] <= bn && all[3] >= bs) &&
                        ((h0[0] <= be && h0[2] >= bw && h0[1] <= bn && h0[3] >= bs) ||
                         (h1[0] <= be && h1[2] >= bw && h1[1] <= bn && h1[3] >= bs)))
                        blk[blk_n++] = items[i];
                }
            }
            double w = (a[0] < b[0] ? a[0] : b[0]) - margin,
                   e = (a[0] < b[0] ? b[0] : a[0]) + margin;
            double s = (a[1] < b[1] ? a[1] : b[1]) - margin,
                   n = (a[1] < b[1] ? b[1] : a[1]) + margin;
            size_t near_n = 0;
            for (size_t j = 0; j < blk_n; j++) {
                evm_country_cache_item *const *it_j = blk + j;
                const double *all = it_j[0]->boxes;
                if (!(all[0] <= e && all[2] >= w && all[1] <= n && all[3] >= s))
                    continue;
                /* Nor one whose polygon boxes all miss it (a country cut at
                 * 180 has a whole-world box; each of its halves' boxes holds
                 * the boxes of some of its polygons): a point in no polygon
                 * box is outside (pip_locate(), else in_polygon_box()). */
                const double *h0 = it_j[0]->halves[0], *h1 = it_j[0]->halves[1];
                if ((h0[0] <= e && h0[2] >= w && h0[1] <= n && h0[3] >= s) ||
                    (h1[0] <= e && h1[2] >= w && h1[1] <= n && h1[3] >= s))
                    near[near_n++] = it_j[0];
            }
            /* The step count from the distance along the leg when it
             * provably gives ceil(seg_m / step) (the two differ by PROJ's
             * round-off, nanometres; more than 5 mm from a multiple of the
             * step they round up alike); the segment's geodesic length is
             * then measured only when a kept crossing needs the distance
             * along the route (pending), in route order, the same sum. */
            double hint = hints ? hints[v] / (EVM_CROSSING_STEP_KM * 1000.0) : NAN;
            double seg_m = 0;
            int steps;
            bool lazy = hint > 0 && hint < 1e6 && fabs(hint - nearbyint(hint)) > 1e-6;
            if (lazy) {
                steps = (int)ceil(hint);
            } else {
                flush_pending(ctx, route, &pending, v, &along);
                geod_inverse(&ctx->geod, a[1], a[0], b[1], b[0], &seg_m, NULL, NULL);
                steps = (int)ceil(seg_m / (EVM_CROSSING_STEP_KM * 1000.0));
            }
            if (steps < 1)
                steps = 1;
            /* The walk's points, the point before them whose answer is cur
             * (the part's first vertex, or the previous segment's last step
             * point, asked or skipped here: within rounding of a, so in the
             * box) and every point the items outside near could hold lie in
             * the box [w, e] x [s, n]. When each item of near has no
             * boundary there (its grid), each answers alike all over the
             * box, so every step answers cur: no crossing, nothing to ask. */
            bool clear = true;
            for (size_t j = 0; j < near_n && clear; j++)
                clear = grid_box_clear(near[j]->pip, w, e, s, n);
            double t0 = 0;
            for (int k = 1; k <= (clear ? 0 : steps) && !err; k++) {
                double t1 = (double)k / steps;
                uint32_t next;
                err = country_at(ctx, near, near_n, a[0] + t1 * (b[0] - a[0]),
                                 a[1] + t1 * (b[1] - a[1]), &next);
                if (err || next == cur) {
                    t0 = t1;
                    continue;
                }
                uint32_t from_k = cur;
                if (land && !keep_land(&land_cur, &any_crossing, &from_k, next)) {
                    cur = next; /* dropped: no point to search for */
                    t0 = t1;
                    continue;
                }
                /* The border lies between t0 (in cur) and t1 (in next). Each
                 * halving asks only whether country_at() would answer cur:
                 * the first item of near holding the point is cur exactly
                 * when none before cur's first place in near holds it and
                 * cur does, so the items after that place are not asked
                 * (all of them for NO_ENTRY; none when cur is not in near,
                 * where no answer can be cur). */
                size_t ask_n = near_n;
                if (cur != EVM_NO_ENTRY) {
                    size_t j = 0;
                    while (j < near_n && near[j]->entry != cur)
                        j++;
                    ask_n = j < near_n ? j + 1 : 0;
                }
                double lo = t0, hi = t1;
                for (int it = 0; it < 48 && !err; it++) { /* to ~1e-9 m */
                    double mid = 0.5 * (lo + hi);
                    uint32_t m;
                    err = country_at(ctx, near, ask_n, a[0] + mid * (b[0] - a[0]),
                                     a[1] + mid * (b[1] - a[1]), &m);
                    if (m == cur)
                        lo = mid;
                    else
                        hi = mid;
                }
                double x = a[0] + hi * (b[0] - a[0]), y = a[1] + hi * (b[1] - a[1]);
                double part_m = 0;
                flush_pending(ctx, route, &pending, v, &along);
                geod_inverse(&ctx->geod, a[1], a[0], y, x, &part_m, NULL, NULL);
                if (!err)
                    err = push_crossing(ctx, &cl, x, y, from_k, next, along + part_m);
                cur = next;
                t0 = t1;
            }
            if (!lazy)
                along += seg_m;
            else if (pending == SIZE_MAX)
                pending = v; /* the first segment not in along yet */
        }
    }
    evm_free(items);
    if (err) {
        evm_free(cl.items);
        return err;
    }
    *out = cl.len ? cl.items : NULL;
    if (!cl.len)
        evm_free(cl.items);
    *count = cl.len;
    return EVM_OK;
}

evm_error evm_route_border_crossings(evm_geo_ctx *ctx, const evm_polyline *route,
                                     const evm_country_ref *countries, size_t country_count,
                                     evm_border_crossing **out, size_t *count)
{
    return route_crossings(ctx, route, countries, country_count, false, out, count);
}

evm_error evm_route_land_crossings(evm_geo_ctx *ctx, const evm_polyline *route,
                                   const evm_country_ref *countries, size_t country_count,
                                   evm_border_crossing **out, size_t *count)
{
    return route_crossings(ctx, route, countries, country_count, true, out, count);
}
