/*
 * geometry.h - geodesics on WGS84 (PROJ's geodesic.h, i.e. GeographicLib),
 * densified routes with antimeridian cuts, compass names, and country
 * polygons with GEOS (re-entrant `_r` API only).
 *
 * Every reported distance or bearing comes from the ellipsoidal geodesic
 * (Karney's algorithm, accurate to ~15 nm); nothing here uses a spherical
 * formula.
 *
 * Threading: an evm_geo_ctx belongs to one thread at a time (it holds a GEOS
 * handle, the last error message and a cache of prepared country geometries).
 * Create one per worker thread. Functions without a context are pure.
 *
 * Errors: functions taking a context write a one-line message into it on
 * failure (read it with evm_geo_ctx_message()). GEOS exceptions, including
 * the "2" that GEOS predicates return on exception, become EVM_ERR_GEOMETRY
 * with GEOS's own message.
 */
#ifndef EVM_GEOMETRY_H
#define EVM_GEOMETRY_H

#include "evmap.h"
#include "gazetteer/gazetteer.h"

#include <geos_c.h>
#include <stddef.h>
#include <stdint.h>

struct geod_geodesic;

/* ------------------------------------------------------------------ context */

typedef struct evm_geo_ctx evm_geo_ctx;

/*
 * Creates a context: a WGS84 geodesic (a = 6378137 m, f = 1/298.257223563)
 * and a GEOS handle whose notice and error handlers record the message.
 *   out  [out] the context; destroy with evm_geo_ctx_destroy()
 *   diag [out] optional message
 * Errors: EVM_ERR_NOMEM, EVM_ERR_GEOMETRY (GEOS_init_r failed).
 */
evm_error evm_geo_ctx_create(evm_geo_ctx **out, evm_diag *diag);

/* Destroys the country cache (prepared geometries before their bases), then
 * the GEOS handle, then the context. NULL is a no-op. */
void evm_geo_ctx_destroy(evm_geo_ctx *ctx);

/* The message of the last failing call on `ctx` ("" when none). Valid until
 * the next call on `ctx`. */
const char *evm_geo_ctx_message(const evm_geo_ctx *ctx);

/* The context's GEOS handle, for callers that build their own geometries
 * (e.g. from evm_country_geom_from_shape()). Owned by the context. */
GEOSContextHandle_t evm_geo_ctx_geos(evm_geo_ctx *ctx);

/* The context's WGS84 geodesic (read-only). */
const struct geod_geodesic *evm_geo_ctx_geodesic(const evm_geo_ctx *ctx);

/* Drops every cached country geometry (call when switching gazetteers: the
 * cache is keyed by entry number). */
void evm_geo_ctx_clear_cache(evm_geo_ctx *ctx);

/* ---------------------------------------------------------------- geodesics */

/*
 * Inverse problem: the shortest geodesic between two points.
 *   lat1, lat2 [in] degrees, [-90, 90]
 *   lon1, lon2 [in] degrees, any finite value
 *   dist_m     [out] optional, geodesic length (metres, >= 0)
 *   azi1_deg   [out] optional, initial bearing at point 1, clockwise from
 *                    north, normalised to [0, 360)
 *   azi2_deg   [out] optional, final bearing (forward azimuth at point 2),
 *                    normalised to [0, 360)
 * For coincident points the distance is 0 and the bearings are those
 * GeographicLib returns (due north or south; never NaN).
 * Errors: EVM_ERR_ARG (latitude out of range or a NaN/infinite input).
 * Example: Pyongyang (39.03385, 125.75432) to Vladivostok (43.10562,
 * 131.87353) gives 684474.626 m and 46.697 deg.
 */
evm_error evm_geodesic_inverse(evm_geo_ctx *ctx, double lat1, double lon1, double lat2, double lon2,
                               double *dist_m, double *azi1_deg, double *azi2_deg);

/*
 * Direct problem: where a geodesic of `dist_m` metres leaving (lat1, lon1) on
 * bearing `azi1_deg` ends.
 *   dist_m   [in] metres, finite (negative goes backwards)
 *   lat2     [out] optional, degrees
 *   lon2     [out] optional, degrees in [-180, 180]
 *   azi2_deg [out] optional, forward azimuth at the end, [0, 360)
 * Errors: EVM_ERR_ARG.
 */
evm_error evm_geodesic_direct(evm_geo_ctx *ctx, double lat1, double lon1, double azi1_deg,
                              double dist_m, double *lat2, double *lon2, double *azi2_deg);

/* ----------------------------------------------------------------- units */

#define EVM_M_PER_KM 1000.0
#define EVM_M_PER_MI 1609.344 /* international mile */
#define EVM_M_PER_NMI 1852.0  /* international nautical mile */
#define EVM_M_PER_FT 0.3048   /* international foot */

typedef enum evm_length_unit {
    EVM_LENGTH_M = 0,
    EVM_LENGTH_KM,
    EVM_LENGTH_MI,
    EVM_LENGTH_NMI,
    EVM_LENGTH_FT,
    EVM_LENGTH__COUNT
} evm_length_unit;

/* `value` in `unit` converted to metres (NaN for an invalid unit). */
double evm_length_to_m(double value, evm_length_unit unit);
/* `m` metres converted to `unit` (NaN for an invalid unit). */
double evm_length_from_m(double m, evm_length_unit unit);
/* Short symbol: "m", "km", "mi", "nmi", "ft" ("?" when invalid). */
const char *evm_length_unit_symbol(evm_length_unit unit);

double evm_m_to_km(double m);
double evm_m_to_mi(double m);
double evm_m_to_nmi(double m);

/* ------------------------------------------------------------------ compass */

/*
 * Compass names of a bearing. `points` is 8 (N NE E SE S SW W NW) or 16
 * (N NNE NE ENE E ...). Each sector is half-open around its centre,
 * [centre - w/2, centre + w/2) with w = 360/points: with 8 points 22.5 deg is
 * "NE" and 22.4999 is "N"; 337.5 is "N". Any finite bearing is accepted and
 * reduced modulo 360. Returns a static string; NULL when `points` is not 8 or
 * 16 or the bearing is not finite.
 *   evm_compass_abbrev: "NE", "NNE"
 *   evm_compass_word:   "northeast", "north-northeast"
 */
const char *evm_compass_abbrev(double bearing_deg, int points);
const char *evm_compass_word(double bearing_deg, int points);

/*
 * Parses a compass direction: an abbreviation ("NE", "NNE", case-insensitive)
 * or words ("northeast", "north-east", "north east", "north-northeast",
 * case-insensitive). `len` bytes of `s`. Writes the sector centre in degrees
 * ([0, 360), e.g. 45 for northeast) and, optionally, the number of points of
 * the rose it belongs to (4-point names count as 8: "north" -> 8; "NNE" ->
 * 16). Errors: EVM_ERR_NOT_FOUND when `s` is not a direction.
 */
evm_error evm_compass_parse(const char *s, size_t len, double *center_deg, int *points);

/* How well a measured bearing fits a claimed 8-point direction. */
typedef enum evm_direction_fit {
    EVM_FIT_CONSISTENT = 0, /* within +-22.5 deg of the sector centre (inclusive) */
    EVM_FIT_LOOSE,          /* within +-67.5 deg: the claimed or an adjacent sector */
    EVM_FIT_WRONG           /* further away, or a non-finite input */
} evm_direction_fit;

/* Smallest angle between two bearings, degrees in [0, 180] (NaN if either is
 * not finite). */
double evm_bearing_diff_deg(double a_deg, double b_deg);

/* Classifies `bearing_deg` against the claimed sector centre
 * `sector_center_deg` (e.g. 0 for "north"). Pyongyang to Vladivostok is
 * 46.7 deg: against "north" it is LOOSE, against "northeast" CONSISTENT. */
evm_direction_fit evm_bearing_sector_diff(double bearing_deg, double sector_center_deg);

/* "consistent", "loose", "wrong". */
const char *evm_direction_fit_name(evm_direction_fit fit);

/* ------------------------------------------------------- densified routes */

typedef struct evm_latlon {
    double lat, lon; /* degrees */
} evm_latlon;

#define EVM_DEFAULT_MAX_SEGMENT_KM 50.0
/* Upper bound on the vertices of one route (EVM_ERR_LIMIT beyond). */
#define EVM_GEO_MAX_VERTICES 2000000u

/*
 * A densified route. Vertices are lon,lat pairs (GeoJSON order) in `coords`;
 * part p is vertices [part_start[p], part_start[p+1]). One part is a
 * LineString, several a MultiLineString. Free with evm_polyline_free().
 */
typedef struct evm_polyline {
    double *coords;     /* 2 * point_count doubles: lon, lat */
    size_t point_count; /* total vertices over all parts */
    size_t *part_start; /* part_count + 1 values */
    size_t part_count;  /* >= 1 */
    double *leg_m;      /* leg_count geodesic lengths (metres), leg i = input points i..i+1 */
    size_t leg_count;   /* input points - 1 */
    double total_m;     /* sum of leg_m */
    /* Or NULL: for a densified route, seg_along_m[i] (point_count - 1
     * values) is, when not NAN, the distance along its leg's geodesic from
     * vertex i to vertex i + 1 (vertex i + 1 in the same part), which is the
     * geodesic distance between them to within PROJ's round-off
     * (nanometres); NAN for the pieces of a segment split at the
     * antimeridian and for the gap from one part's last vertex to the next
     * part's first; evm_route_*_crossings() use it for step counts only,
     * away from their rounding edges (country.c). */
    double *seg_along_m;
} evm_polyline;

/* Frees the arrays of `pl` and zeroes it (NULL is a no-op). */
void evm_polyline_free(evm_polyline *pl);

/*
 * Builds the geodesic route through `n` >= 2 points (lat, lon degrees), with
 * a vertex at least every `max_segment_km` along each leg (0 selects
 * EVM_DEFAULT_MAX_SEGMENT_KM; must be > 0 and finite otherwise). Every input
 * point is a vertex. Vertices come from geod_inverseline + geod_position, so
 * the straight lon/lat segments a GeoJSON renderer draws stay within a few
 * metres of the geodesic for the default spacing.
 *
 * evm_geodesic_line: longitudes in [-180, 180]; where the route crosses the
 * antimeridian it is cut into parts (RFC 7946 section 3.1.9), the crossing
 * vertex is on the geodesic itself (found by bisection along the leg, not
 * interpolated in lon/lat) and repeated as lon 180 at the end of one part and
 * -180 at the start of the next (the signs follow the direction of travel).
 *
 * evm_geodesic_line_unwrapped: one part; the first vertex has lon in
 * [-180, 180] and later longitudes are continuous (e.g. 179 -> 181), for web
 * maps that draw across the antimeridian.
 *
 * A leg between identical points has length 0 and adds its end point as a
 * vertex (no NaN).
 *   out [out] the route; free with evm_polyline_free(); written on success
 * Errors: EVM_ERR_ARG (n < 2, bad coordinates, bad max_segment_km),
 * EVM_ERR_LIMIT (more than EVM_GEO_MAX_VERTICES vertices), EVM_ERR_NOMEM.
 */
evm_error evm_geodesic_line(evm_geo_ctx *ctx, const evm_latlon *points, size_t n,
                            double max_segment_km, evm_polyline *out);
evm_error evm_geodesic_line_unwrapped(evm_geo_ctx *ctx, const evm_latlon *points, size_t n,
                                      double max_segment_km, evm_polyline *out);

/* ---------------------------------------------------------------- countries */

/*
 * Builds a GEOS Polygon (one polygon) or MultiPolygon from a gazetteer
 * country outline. Rings that are not closed are closed. Coordinates are x =
 * lon, y = lat.
 *   out [out] caller destroys with GEOSGeom_destroy_r(evm_geo_ctx_geos(ctx), g)
 * Errors: EVM_ERR_FORMAT (no polygon, a ring with fewer than 3 distinct
 * points, a non-finite or out-of-range coordinate), EVM_ERR_GEOMETRY,
 * EVM_ERR_NOMEM.
 */
evm_error evm_country_geom_from_shape(evm_geo_ctx *ctx, const evm_country_shape *shape,
                                      GEOSGeometry **out);

/*
 * The functions below cache, per context and keyed by `entry`, the polygon,
 * its prepared form and its prepared border lines. The first call for an
 * entry builds them from `shape`; later calls with the same entry ignore
 * `shape` (it may then be NULL).
 *
 * Borders: the outline without edges that lie on the antimeridian or along a
 * pole (Natural Earth splits countries such as Russia and Fiji at +-180 and
 * closes Antarctica along -90; those edges are cuts, not borders).
 */

/* Whether (lat, lon) is in the country; points on the outline count as
 * inside. Errors: EVM_ERR_ARG, EVM_ERR_FORMAT, EVM_ERR_GEOMETRY, EVM_ERR_NOMEM. */
evm_error evm_country_contains(evm_geo_ctx *ctx, const evm_country_shape *shape, uint32_t entry,
                               double lat, double lon, int *inside);

/*
 * Geodesic distance from (lat, lon) to the country's nearest border point,
 * whether the point is inside or outside.
 *
 * Method: GEOS finds the nearest border point in lon/lat degree space; the
 * distance to it is then measured on the ellipsoid. Degree space stretches
 * east-west distances by 1/cos(lat), so the border point GEOS picks can
 * differ from the geodesically nearest one; the result is therefore an upper
 * bound. It is refined: every border vertex and edge within that bound (a
 * lon/lat box that surely contains the true nearest point) is measured
 * geodesically, edges by a golden-section search along the edge. Points near
 * the antimeridian also search across it.
 *   dist_km     [out] kilometres, >= 0
 *   nearest_lat, nearest_lon [out] optional, the border point found
 * Errors: EVM_ERR_ARG, EVM_ERR_FORMAT, EVM_ERR_NOT_FOUND (no border edges),
 * EVM_ERR_GEOMETRY, EVM_ERR_NOMEM.
 */
evm_error evm_country_border_distance(evm_geo_ctx *ctx, const evm_country_shape *shape,
                                      uint32_t entry, double lat, double lon, double *dist_km,
                                      double *nearest_lat, double *nearest_lon);

/* A candidate country for evm_route_border_crossings(). */
typedef struct evm_country_ref {
    uint32_t entry;                 /* cache key (gazetteer entry) */
    const evm_country_shape *shape; /* its outline (may be NULL once cached) */
} evm_country_ref;

/* Where a route leaves one country and enters another. */
typedef struct evm_border_crossing {
    double lat, lon;     /* the crossing point on the border (degrees) */
    uint32_t from_entry; /* country left, EVM_NO_ENTRY for none of the candidates (sea) */
    uint32_t to_entry;   /* country entered, EVM_NO_ENTRY likewise */
    double along_m;      /* geodesic distance from the route start along its vertices (m) */
} evm_border_crossing;

/*
 * Finds the border crossings along a densified route (the output of
 * evm_geodesic_line(); longitudes must be in [-180, 180]). Each route segment
 * is intersected (GEOS, lon/lat) with the borders of the candidate countries;
 * the country on each side of a crossing is the candidate that covers the
 * route between consecutive crossings (first match in `countries` order when
 * candidates overlap). Crossings where the country does not change (a route
 * grazing a border) are dropped. Segments are straight in lon/lat, which is
 * how the route is drawn; with the default 50 km spacing they stay within a
 * few metres of the geodesic.
 *   out   [out] array in route order; free with evm_free(); NULL when count 0
 *   count [out] its length
 * Errors: EVM_ERR_ARG, EVM_ERR_FORMAT, EVM_ERR_GEOMETRY, EVM_ERR_NOMEM.
 */
evm_error evm_route_border_crossings(evm_geo_ctx *ctx, const evm_polyline *route,
                                     const evm_country_ref *countries, size_t country_count,
                                     evm_border_crossing **out, size_t *count);

/*
 * The crossings of evm_route_border_crossings() where the route enters
 * another country: a stretch of sea between two countries becomes one
 * crossing (from the country left to the one entered, at the point of
 * entry); leaving a country to the sea and coming back to it (a route along
 * a coast) is no crossing. Exactly the list evm_route_border_crossings()
 * gives with these dropped (its crossings into no candidate, and into the
 * country the last crossing kept entered, or for the first one the country
 * the first crossing left) and each kept crossing's from_entry made the
 * country the last kept one entered (the first crossing's from_entry for
 * the first); the dropped crossings' points are not searched for.
 * Same arguments and errors.
 */
evm_error evm_route_land_crossings(evm_geo_ctx *ctx, const evm_polyline *route,
                                   const evm_country_ref *countries, size_t country_count,
                                   evm_border_crossing **out, size_t *count);

/*
 * The countries whose outline's bounding box meets the bounding box of
 * `route` (grown by 1 degree): the candidates for border crossings along it.
 *   shapes [out] outlines, filled for each returned country; caller frees the
 *                array with evm_free() (the outlines point into the gazetteer)
 *   refs   [out] the candidates, refs[i].shape == &(*shapes)[i]; evm_free()
 * Countries whose outline spans more than 180 degrees of longitude (cut at
 * the antimeridian: Russia, Fiji, the United States) always count when the
 * route's latitudes meet theirs. Errors: EVM_ERR_NOMEM, EVM_ERR_FORMAT.
 */
evm_error evm_route_countries(const evm_gazetteer *gz, const evm_polyline *route,
                              evm_country_shape **shapes, evm_country_ref **refs, size_t *count);

#endif
