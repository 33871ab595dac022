#include "geometry/geo_internal.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <math.h>
#include <string.h>

/* A growable list of lon,lat vertices. */
typedef struct vertex_list {
    double *xy;
    size_t len; /* vertices */
    size_t cap; /* doubles */
} vertex_list;

static inline evm_error vl_push(vertex_list *vl, double lon, double lat)
{
    if (vl->len >= EVM_GEO_MAX_VERTICES)
        return EVM_ERR_LIMIT;
    if (2 * (vl->len + 1) > vl->cap) { /* evm_grow() does nothing otherwise */
        void *items = vl->xy;
        evm_error err = evm_grow(&items, &vl->cap, 2 * (vl->len + 1), sizeof(double));
        vl->xy = items;
        if (err)
            return err;
    }
    vl->xy[2 * vl->len] = lon;
    vl->xy[2 * vl->len + 1] = lat;
    vl->len++;
    return EVM_OK;
}

void evm_polyline_free(evm_polyline *pl)
{
    if (!pl)
        return;
    evm_free(pl->coords);
    evm_free(pl->part_start);
    evm_free(pl->leg_m);
    evm_free(pl->seg_along_m);
    memset(pl, 0, sizeof *pl);
}

/* Position at distance s along `line`, longitude unrolled from the line's
 * start (continuous, may leave [-180, 180]). */
static void line_at(const struct geod_geodesicline *line, double s, double *lat, double *lon)
{
    geod_genposition(line, GEOD_LONG_UNROLL, s, lat, lon, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Finds where the leg reaches unrolled longitude `b` between distances s0
 * and s1 (lon(s0) and lon(s1) on either side of b). Longitude is monotonic
 * along a geodesic, so bisection converges; 64 halvings of a segment of at
 * most ~20000 km is far below a nanometre. */
static double crossing_lat(const struct geod_geodesicline *line, double s0, double s1, double b)
{
    double lat0, lon0, lat = 0, lon = 0;
    line_at(line, s0, &lat0, &lon0);
    int below0 = lon0 < b;
    for (int it = 0; it < 64; it++) {
        double sm = 0.5 * (s0 + s1);
        line_at(line, sm, &lat, &lon);
        if ((lon < b) == below0)
            s0 = sm;
        else
            s1 = sm;
    }
    line_at(line, 0.5 * (s0 + s1), &lat, &lon);
    return lat;
}

/* Appends the vertices after (s_prev, x_prev) up to (s, x, y) of one leg,
 * first inserting, when asked, the exact points where the leg crosses an
 * odd multiple of 180 deg of unrolled longitude. */
static evm_error push_vertex(vertex_list *vl, const struct geod_geodesicline *line, double s_prev,
                             double x_prev, double s, double x, double y, int insert_crossings)
{
    evm_error err;
    if (insert_crossings && x != x_prev) {
        double lo = fmin(x_prev, x), hi = fmax(x_prev, x);
        /* Boundaries b = 180 + 360 m strictly between lo and hi, in travel order. */
        double m_lo = floor((lo - 180.0) / 360.0) + 1.0;
        double m_hi = ceil((hi - 180.0) / 360.0) - 1.0;
        if (x > x_prev) {
            for (double m = m_lo; m <= m_hi; m += 1.0) {
                double b = 180.0 + 360.0 * m;
                if ((err = vl_push(vl, b, crossing_lat(line, s_prev, s, b))))
                    return err;
            }
        } else {
            for (double m = m_hi; m >= m_lo; m -= 1.0) {
                double b = 180.0 + 360.0 * m;
                if ((err = vl_push(vl, b, crossing_lat(line, s_prev, s, b))))
                    return err;
            }
        }
    }
    return vl_push(vl, x, y);
}

/* Builds the densified route with continuous longitudes. *along (not NULL)
 * gets (grown with vl) the distance along its leg from each vertex to the
 * next; NAN for the two pieces of a segment split by an inserted crossing
 * vertex (and for every piece when a segment is split more than once). */
static evm_error build_unwrapped(evm_geo_ctx *ctx, const evm_latlon *points, size_t n, double max_m,
                                 int insert_crossings, vertex_list *vl, double *leg_m,
                                 double **along)
{
    size_t along_cap = 0;
    evm_error err;
    double x = remainder(points[0].lon, 360.0);
    if ((err = vl_push(vl, x, points[0].lat)))
        return err;
    for (size_t i = 0; i + 1 < n; i++) {
        const evm_latlon *p = &points[i], *q = &points[i + 1];
        struct geod_geodesicline line;
        /* Starting from the unrolled longitude of the previous end keeps
         * the whole route continuous across legs. */
        geod_inverseline(&line, &ctx->geod, p->lat, x, q->lat, q->lon,
                         GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
        double s13 = line.s13;
        if (!isfinite(s13) || s13 < 0)
            return evm_geo_fail(ctx, EVM_ERR_GEOMETRY, "geodesic line: no solution for leg %zu",
                                i + 1);
        leg_m[i] = s13;
        double nseg_d = s13 > 0 ? ceil(s13 / max_m) : 1.0;
        if (nseg_d > (double)EVM_GEO_MAX_VERTICES)
            return evm_geo_fail(ctx, EVM_ERR_LIMIT, "geodesic line: leg %zu needs %.0f vertices",
                                i + 1, nseg_d);
        size_t nseg = (size_t)nseg_d;
        double s_prev = 0, x_prev = x;
        for (size_t j = 1; j <= nseg; j++) {
            double s = s13 * (double)j / (double)nseg, lat, lon;
            line_at(&line, s, &lat, &lon);
            if (j == nseg) {
                /* The input point itself, on the same unrolled sheet. */
                lat = q->lat;
                lon = q->lon + 360.0 * round((lon - q->lon) / 360.0);
            }
            size_t before = vl->len;
            err = push_vertex(vl, &line, s_prev, x_prev, s, lon, lat, insert_crossings);
            if (!err && *along) {
                void *items = *along;
                if (vl->len - 1 > along_cap)
                    err = evm_grow(&items, &along_cap, vl->len - 1, sizeof(double));
                *along = items;
                /* Around an inserted crossing vertex the pieces' lengths are
                 * not known: NAN (no distance) for each of them. */
                for (size_t k = before - 1; !err && k + 1 < vl->len; k++)
                    (*along)[k] = vl->len == before + 1 ? s - s_prev : NAN;
            }
            if (err)
                return err == EVM_ERR_LIMIT
                           ? evm_geo_fail(ctx, err, "geodesic line: more than %u vertices",
                                          EVM_GEO_MAX_VERTICES)
                           : evm_geo_fail(ctx, err, "geodesic line: out of memory");
            s_prev = s;
            x_prev = lon;
        }
        x = x_prev;
    }
    return EVM_OK;
}

static evm_error check_input(evm_geo_ctx *ctx, const evm_latlon *points, size_t n,
                             double *max_segment_km)
{
    if (!points || n < 2)
        return evm_geo_fail(ctx, EVM_ERR_ARG, "geodesic line: need at least 2 points, got %zu",
                            points ? n : 0);
    if (*max_segment_km == 0)
        *max_segment_km = EVM_DEFAULT_MAX_SEGMENT_KM;
    if (!isfinite(*max_segment_km) || *max_segment_km < 0)
        return evm_geo_fail(ctx, EVM_ERR_ARG, "geodesic line: invalid max segment %g km",
                            *max_segment_km);
    for (size_t i = 0; i < n; i++)
        if (!evm_geo_valid_latlon(points[i].lat, points[i].lon))
            return evm_geo_fail(ctx, EVM_ERR_ARG, "geodesic line: invalid point %zu (%g, %g)",
                                i + 1, points[i].lat, points[i].lon);
    return EVM_OK;
}

static evm_error grow_parts(size_t **parts, size_t *cap, size_t need)
{
    void *items = *parts;
    evm_error err = evm_grow(&items, cap, need, sizeof(size_t));
    *parts = items;
    return err;
}

/* The distances along the legs through cut_parts(): out's segment ending
 * at its last vertex (just pushed; from input vertex `src`, NO_SRC for an
 * interpolated one) has the input segment's distance when the vertex
 * before it comes from the input vertex before (the same points, but for
 * a shift of the longitudes by a multiple of 360 degrees), NAN otherwise
 * (a piece ending or starting at an interpolated point; the gap between
 * two parts, which is no segment). Nothing when in_along is NULL. */
#define NO_SRC SIZE_MAX
typedef struct hint_map {
    const double *in_along;
    double *out_along;
    size_t cap;
    size_t prev_src;
} hint_map;

static inline evm_error map_hint(hint_map *hm, const vertex_list *out, size_t src)
{
    if (!hm->in_along)
        return EVM_OK;
    if (out->len >= 2) {
        if (out->len - 1 > hm->cap) { /* evm_grow() does nothing otherwise */
            void *items = hm->out_along;
            evm_error err = evm_grow(&items, &hm->cap, out->len - 1, sizeof(double));
            hm->out_along = items;
            if (err)
                return err;
        }
        bool seg = src != NO_SRC && hm->prev_src != NO_SRC && src == hm->prev_src + 1;
        hm->out_along[out->len - 2] = seg ? hm->in_along[hm->prev_src] : NAN;
    }
    hm->prev_src = src;
    return EVM_OK;
}

/* Splits continuous longitudes into parts within [-180, 180]. Expects the
 * exact crossing vertices to be present (build_unwrapped with
 * insert_crossings); falls back to linear interpolation otherwise. With
 * hm->in_along (in's distances along the legs), hm->out_along gets out's
 * (map_hint()). */
static evm_error cut_parts(const vertex_list *in, vertex_list *out, hint_map *hm, size_t **parts,
                           size_t *part_count)
{
    evm_error err;
    size_t cap = 0, np = 0;
    *parts = NULL;
    if ((err = grow_parts(parts, &cap, 2)))
        return err;
    (*parts)[0] = 0;
    double shift = 0; /* unrolled minus output longitude of the current part */
    if ((err = vl_push(out, in->xy[0], in->xy[1])) || (err = map_hint(hm, out, 0)))
        return err;
    for (size_t i = 1; i < in->len; i++) {
        double x = in->xy[2 * i], y = in->xy[2 * i + 1];
        for (;;) {
            double xr = x - shift;
            if (xr >= -180.0 && xr <= 180.0) {
                if ((err = vl_push(out, xr, y)) || (err = map_hint(hm, out, i)))
                    return err;
                break;
            }
            double edge = xr > 180.0 ? 180.0 : -180.0;
            size_t last = out->len - 1;
            double px = out->xy[2 * last], py = out->xy[2 * last + 1];
            double cy = py;
            /* The vertex across the edge: the last one shifted by 360
             * degrees (the same input vertex), or an interpolated one. */
            size_t dup_src = hm->prev_src;
            if (px != edge) {
                cy = py + (y - py) * (edge - px) / (xr - px);
                if ((err = vl_push(out, edge, cy)) || (err = map_hint(hm, out, NO_SRC)))
                    return err;
                dup_src = NO_SRC;
            }
            size_t start = (*parts)[np];
            if (out->len - start < 2) {
                /* A part that would be a single point on the edge (a route
                 * starting on the antimeridian): drop it. */
                out->len = start;
            } else {
                np++;
                if ((err = grow_parts(parts, &cap, np + 2)))
                    return err;
                (*parts)[np] = out->len;
            }
            shift += xr > 180.0 ? 360.0 : -360.0;
            if ((err = vl_push(out, -edge, cy)))
                return err;
            /* Its "segment" from the part before is the gap: NAN. */
            hm->prev_src = NO_SRC;
            if ((err = map_hint(hm, out, dup_src)))
                return err;
        }
    }
    np++;
    (*parts)[np] = out->len;
    *part_count = np;
    return EVM_OK;
}

static evm_error geodesic_line(evm_geo_ctx *ctx, const evm_latlon *points, size_t n,
                               double max_segment_km, int cut, evm_polyline *out)
{
    evm_error err = check_input(ctx, points, n, &max_segment_km);
    if (err)
        return err;
    vertex_list vl = {0}, parts_vl = {0};
    size_t *parts = NULL, part_count = 1;
    double *leg_m = evm_calloc(n - 1, sizeof *leg_m);
    if (!leg_m)
        return evm_geo_fail(ctx, EVM_ERR_NOMEM, "geodesic line: out of memory");
    /* Any non-NULL start: build_unwrapped() grows it. */
    double *along = evm_malloc(sizeof *along);
    if (!along) {
        err = evm_geo_fail(ctx, EVM_ERR_NOMEM, "geodesic line: out of memory");
        goto fail;
    }
    err = build_unwrapped(ctx, points, n, max_segment_km * 1000.0, cut, &vl, leg_m, &along);
    if (err)
        goto fail;
    if (cut) {
        hint_map hm = {along, NULL, 0, NO_SRC};
        err = cut_parts(&vl, &parts_vl, &hm, &parts, &part_count);
        evm_free(along);
        along = hm.out_along;
        evm_free(vl.xy);
        vl = parts_vl;
        parts_vl.xy = NULL;
        if (err) {
            err = evm_geo_fail(ctx, err, "geodesic line: %s", evm_error_describe(err));
            goto fail;
        }
    } else {
        parts = evm_malloc(2 * sizeof *parts);
        if (!parts) {
            err = evm_geo_fail(ctx, EVM_ERR_NOMEM, "geodesic line: out of memory");
            goto fail;
        }
        parts[0] = 0;
        parts[1] = vl.len;
    }
    memset(out, 0, sizeof *out);
    out->coords = vl.xy;
    out->point_count = vl.len;
    out->part_start = parts;
    out->part_count = part_count;
    out->leg_m = leg_m;
    out->leg_count = n - 1;
    out->seg_along_m = along;
    for (size_t i = 0; i + 1 < n; i++)
        out->total_m += leg_m[i];
    return EVM_OK;
fail:
    evm_free(along);
    evm_free(vl.xy);
    evm_free(parts_vl.xy);
    evm_free(parts);
    evm_free(leg_m);
    return err;
}

evm_error evm_geodesic_line(evm_geo_ctx *ctx, const evm_latlon *points, size_t n,
                            double max_segment_km, evm_polyline *out)
{
    return geodesic_line(ctx, points, n, max_segment_km, 1, out);
}

evm_error evm_geodesic_line_unwrapped(evm_geo_ctx *ctx, const evm_latlon *points, size_t n,
                                      double max_segment_km, evm_polyline *out)
{
    return geodesic_line(ctx, points, n, max_segment_km, 0, out);
}
