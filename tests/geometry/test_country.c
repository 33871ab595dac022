/*
 * Country polygons on synthetic shapes: two adjacent squares (one with a
 * hole), a country cut at the antimeridian (as Natural Earth stores Fiji or
 * Russia), a high-latitude square where degree space misleads, and routes
 * across them.
 *
 * Reference distances were computed with the independent JavaScript
 * implementation geographiclib-geodesic 2.2.0 (golden-section minimum of the
 * inverse distance along the edge).
 */
#include "check.h"

#include "core/alloc.h"
#include "geometry/geometry.h"

#include <math.h>
#include <string.h>

enum { ENTRY_A = 10, ENTRY_B = 11, ENTRY_C = 12, ENTRY_D = 13, ENTRY_N = 14 };

/* A: lon 0..10, lat 0..10, with a hole lon 4..6, lat 4..6. */
static const double a_coords[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0,  /* shell */
                                  4, 4, 4,  6, 6,  6,  6, 4,  4, 4}; /* hole */
static const uint32_t a_rings[] = {0, 2};
static const uint32_t a_points[] = {0, 5, 10};
static const double a_box[] = {0, 0, 10, 10};
static const evm_country_shape shape_a = {1, a_rings, a_points, a_coords, a_box};

/* B: lon 10..20, lat 0..10; its first ring is left open (closed on load). */
static const double b_coords[] = {10, 0, 20, 0, 20, 10, 10, 10};
static const uint32_t b_rings[] = {0, 1};
static const uint32_t b_points[] = {0, 4};
static const double b_box[] = {10, 0, 20, 10};
static const evm_country_shape shape_b = {1, b_rings, b_points, b_coords, b_box};

/* C: lat -20..-10, lon 170..190, cut at 180 into two polygons. */
static const double c_coords[] = {170,  -20, 180,  -20, 180,  -10, 170,  -10, 170,  -20,
                                  -180, -20, -170, -20, -170, -10, -180, -10, -180, -20};
static const uint32_t c_rings[] = {0, 1, 2};
static const uint32_t c_points[] = {0, 5, 10};
static const double c_box[] = {170, -20, 180, -10, -180, -20, -170, -10};
static const evm_country_shape shape_c = {2, c_rings, c_points, c_coords, c_box};

/* D: lat -20..-10, lon -179.9..-170, just east of the antimeridian. */
static const double d_coords[] = {-179.9, -20, -170, -20, -170, -10, -179.9, -10, -179.9, -20};
static const uint32_t d_rings[] = {0, 1};
static const uint32_t d_points[] = {0, 5};
static const double d_box[] = {-179.9, -20, -170, -10};
static const evm_country_shape shape_d = {1, d_rings, d_points, d_coords, d_box};

/* N: lon 0..10, lat 60..70. */
static const double n_coords[] = {0, 60, 10, 60, 10, 70, 0, 70, 0, 60};
static const uint32_t n_rings[] = {0, 1};
static const uint32_t n_points[] = {0, 5};
static const double n_box[] = {0, 60, 10, 70};
static const evm_country_shape shape_n = {1, n_rings, n_points, n_coords, n_box};

/* U: lon 0..30, lat 20..30 with a notch lon 10..20, lat 25..30 open to the
 * north: a concave ring, so a latitude through the notch crosses it four
 * times (its four edges there are four runs of the band with gaps between
 * them: a point in the notch, a gap, takes the gap's parity, a point on an
 * edge walks its run; both must agree with GEOS). */
static const double u_coords[] = {0,  20, 30, 20, 30, 30, 20, 30, 20,
                                  25, 10, 25, 10, 30, 0,  30, 0,  20};
static const uint32_t u_rings[] = {0, 1};
static const uint32_t u_points[] = {0, 9};
static const double u_box[] = {0, 20, 30, 30};
static const evm_country_shape shape_u = {1, u_rings, u_points, u_coords, u_box};

/* A then N in shared tables, as the gazetteer stores outlines: N's rings
 * start at ring 2, not 0. */
static const double an_coords[] = {0, 0, 10, 0, 10, 10, 0,  10, 0,  0,  4,  4, 4,  6, 6,
                                   6, 6, 4,  4, 4,  0,  60, 10, 60, 10, 70, 0, 70, 0, 60};
static const uint32_t an_rings[] = {0, 2, 3};
static const uint32_t an_points[] = {0, 5, 10, 15};
static const double an_box[] = {0, 0, 10, 10, 0, 60, 10, 70};
static const evm_country_shape shape_n_shared = {1, an_rings + 1, an_points, an_coords, an_box + 4};

static void test_build(evm_geo_ctx *ctx)
{
    GEOSContextHandle_t h = evm_geo_ctx_geos(ctx);
    GEOSGeometry *g = NULL;
    double area = 0;
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, &shape_a, &g), EVM_OK);
    CHECK_EQ_INT(GEOSGeomTypeId_r(h, g), GEOS_POLYGON);
    CHECK(GEOSArea_r(h, g, &area) == 1 && area == 96.0);
    GEOSGeom_destroy_r(h, g);
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, &shape_b, &g), EVM_OK);
    CHECK(GEOSArea_r(h, g, &area) == 1 && area == 100.0);
    GEOSGeom_destroy_r(h, g);
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, &shape_c, &g), EVM_OK);
    CHECK_EQ_INT(GEOSGeomTypeId_r(h, g), GEOS_MULTIPOLYGON);
    CHECK_EQ_INT(GEOSGetNumGeometries_r(h, g), 2);
    GEOSGeom_destroy_r(h, g);

    /* Malformed outlines. */
    static const double two[] = {0, 0, 1, 1};
    static const uint32_t two_points[] = {0, 2};
    evm_country_shape bad = {1, b_rings, two_points, two, b_box};
    g = NULL;
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, &bad, &g), EVM_ERR_FORMAT);
    CHECK(g == NULL);
    CHECK(strlen(evm_geo_ctx_message(ctx)) > 0);
    static const double far[] = {0, 0, 1, 0, 1, 95, 0, 0};
    static const uint32_t far_points[] = {0, 4};
    evm_country_shape bad_lat = {1, b_rings, far_points, far, b_box};
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, &bad_lat, &g), EVM_ERR_FORMAT);
    evm_country_shape empty = {0, b_rings, b_points, b_coords, b_box};
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, &empty, &g), EVM_ERR_FORMAT);
    CHECK_EQ_INT(evm_country_geom_from_shape(ctx, NULL, &g), EVM_ERR_FORMAT);
}

static int inside(evm_geo_ctx *ctx, const evm_country_shape *s, uint32_t e, double lat, double lon)
{
    int in = -1;
    CHECK_EQ_INT(evm_country_contains(ctx, s, e, lat, lon, &in), EVM_OK);
    return in;
}

static void test_contains(evm_geo_ctx *ctx)
{
    CHECK(inside(ctx, &shape_a, ENTRY_A, 2, 5) == 1);
    CHECK(inside(ctx, &shape_a, ENTRY_A, 5, 5) == 0); /* in the hole */
    CHECK(inside(ctx, &shape_a, ENTRY_A, 5, 15) == 0);
    CHECK(inside(ctx, &shape_b, ENTRY_B, 5, 15) == 1);
    CHECK(inside(ctx, &shape_a, ENTRY_A, 5, 10) == 1); /* on the shared border */
    CHECK(inside(ctx, &shape_b, ENTRY_B, 5, 10) == 1);
    CHECK(inside(ctx, &shape_c, ENTRY_C, -15, 175) == 1);
    CHECK(inside(ctx, &shape_c, ENTRY_C, -15, -175) == 1);
    CHECK(inside(ctx, &shape_c, ENTRY_C, -15, 185) == 1); /* same as -175 */
    CHECK(inside(ctx, &shape_c, ENTRY_C, -15, 0) == 0);
    /* Cached: the shape may be omitted now, not for a new entry. */
    CHECK(inside(ctx, NULL, ENTRY_A, 2, 5) == 1);
    int in;
    CHECK_EQ_INT(evm_country_contains(ctx, NULL, 999, 2, 5, &in), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_country_contains(ctx, &shape_a, ENTRY_A, 91, 5, &in), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_country_contains(ctx, &shape_a, EVM_NO_ENTRY, 1, 5, &in), EVM_ERR_ARG);
}

static void test_border_distance(evm_geo_ctx *ctx)
{
    double km = -1, nlat = 0, nlon = 0;
    /* Inside A, nearest border is the equator edge straight south. */
    CHECK_EQ_INT(evm_country_border_distance(ctx, &shape_a, ENTRY_A, 2, 3, &km, &nlat, &nlon),
                 EVM_OK);
    CHECK_NEAR(km, 221.149453372, 1e-6);
    CHECK_NEAR(nlat, 0, 1e-9);
    CHECK_NEAR(nlon, 3, 1e-6);
    /* The hole's edge is a border too. */
    CHECK_EQ_INT(evm_country_border_distance(ctx, &shape_a, ENTRY_A, 5, 5, &km, NULL, NULL),
                 EVM_OK);
    CHECK(km > 100 && km < 112);
    /* At 67.5N degree space picks the north edge (2.5 deg) over the west
     * edge (2.9 deg of longitude), but the west edge is far nearer. */
    CHECK_EQ_INT(evm_country_border_distance(ctx, &shape_n, ENTRY_N, 67.5, 2.9, &km, &nlat, &nlon),
                 EVM_OK);
    CHECK_NEAR(km, 123.849682797, 1e-6);
    CHECK_NEAR(nlon, 0, 1e-9);
    CHECK_NEAR(nlat, 67.525972578, 1e-6);
    /* The cut at 180 is not a border: from 179.5E the nearest border is
     * the -10 parallel, 553 km away, not the seam 54 km away. */
    CHECK_EQ_INT(evm_country_border_distance(ctx, &shape_c, ENTRY_C, -15, 179.5, &km, &nlat, &nlon),
                 EVM_OK);
    CHECK_NEAR(km, 553.134756166, 1e-6);
    CHECK_NEAR(nlat, -10, 1e-9);
    /* Across the antimeridian: from 179.8E, D's west edge at 179.9W. */
    CHECK_EQ_INT(evm_country_border_distance(ctx, &shape_d, ENTRY_D, -15, 179.8, &km, &nlat, &nlon),
                 EVM_OK);
    CHECK_NEAR(km, 32.265136739, 1e-6);
    CHECK_NEAR(nlon, -179.9, 1e-9);
    /* An outline whose rings do not start at ring 0 of the table: only its
     * own rings are its border (A's top edge, 111 km from (11, 5), is not). */
    CHECK_EQ_INT(
        evm_country_border_distance(ctx, &shape_n_shared, ENTRY_N + 100, 11, 5, &km, &nlat, &nlon),
        EVM_OK);
    CHECK(km > 5000);
    CHECK_NEAR(nlat, 60, 1e-9);
    int inside = 1;
    CHECK_EQ_INT(evm_country_contains(ctx, &shape_n_shared, ENTRY_N + 100, 65, 5, &inside), EVM_OK);
    CHECK(inside == 1);
}

static void test_crossings(evm_geo_ctx *ctx)
{
    evm_country_ref refs[] = {{ENTRY_A, &shape_a}, {ENTRY_B, &shape_b}, {ENTRY_C, &shape_c}};
    evm_polyline route;
    evm_border_crossing *x = NULL;
    size_t n = 99;

    /* A to B: one crossing on lon 10. */
    evm_latlon ab[2] = {{2, 5}, {2, 15}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, ab, 2, 50, &route), EVM_OK);
    CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, refs, 3, &x, &n), EVM_OK);
    CHECK_EQ_INT(n, 1);
    if (n == 1) {
        CHECK_NEAR(x[0].lon, 10, 1e-9);
        CHECK(x[0].lat > 2 && x[0].lat < 2.01); /* the geodesic bulges poleward */
        CHECK_EQ_INT(x[0].from_entry, ENTRY_A);
        CHECK_EQ_INT(x[0].to_entry, ENTRY_B);
        CHECK_NEAR(x[0].along_m, route.total_m / 2, 1.0);
    }
    evm_free(x);
    evm_polyline_free(&route);

    /* Through A's hole into B: A -> none -> A -> B. */
    evm_latlon hole[2] = {{5, 1}, {5, 15}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, hole, 2, 50, &route), EVM_OK);
    CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, refs, 3, &x, &n), EVM_OK);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        CHECK_NEAR(x[0].lon, 4, 1e-9);
        CHECK(x[0].from_entry == ENTRY_A && x[0].to_entry == EVM_NO_ENTRY);
        CHECK_NEAR(x[1].lon, 6, 1e-9);
        CHECK(x[1].from_entry == EVM_NO_ENTRY && x[1].to_entry == ENTRY_A);
        CHECK_NEAR(x[2].lon, 10, 1e-9);
        CHECK(x[2].from_entry == ENTRY_A && x[2].to_entry == ENTRY_B);
        CHECK(x[0].along_m < x[1].along_m && x[1].along_m < x[2].along_m);
    }
    evm_free(x);
    evm_polyline_free(&route);

    /* Across C and the antimeridian: sea -> C at 170E, C -> sea at 170W,
     * and nothing at the cut. */
    evm_latlon sea[2] = {{-15, 160}, {-15, -160}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, sea, 2, 50, &route), EVM_OK);
    CHECK_EQ_INT(route.part_count, 2);
    CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, refs, 3, &x, &n), EVM_OK);
    CHECK_EQ_INT(n, 2);
    if (n == 2) {
        CHECK_NEAR(x[0].lon, 170, 1e-9);
        CHECK(x[0].from_entry == EVM_NO_ENTRY && x[0].to_entry == ENTRY_C);
        CHECK_NEAR(x[1].lon, -170, 1e-9);
        CHECK(x[1].from_entry == ENTRY_C && x[1].to_entry == EVM_NO_ENTRY);
    }
    evm_free(x);
    evm_polyline_free(&route);

    /* Through U's notch, west to east and back: four crossings each way. */
    evm_country_ref urefs[] = {{ENTRY_D + 50, &shape_u}};
    const double want_lon[4] = {0, 10, 20, 30};
    for (int back = 0; back < 2; back++) {
        evm_latlon uw[2] = {{27, back ? 35 : -5}, {27, back ? -5 : 35}};
        CHECK_EQ_INT(evm_geodesic_line(ctx, uw, 2, 50, &route), EVM_OK);
        CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, urefs, 1, &x, &n), EVM_OK);
        CHECK_EQ_INT(n, 4);
        for (size_t i = 0; i < n && n == 4; i++) {
            CHECK_NEAR(x[i].lon, want_lon[back ? 3 - i : i], 1e-9);
            uint32_t in = (i % 2 == 0) ? EVM_NO_ENTRY : ENTRY_D + 50;
            CHECK(x[i].from_entry == in);
        }
        evm_free(x);
        evm_polyline_free(&route);
    }
    /* Inside U (west prong, east prong, the base), in the notch, outside. */
    CHECK(inside(ctx, &shape_u, ENTRY_D + 50, 28, 5) == 1);
    CHECK(inside(ctx, &shape_u, ENTRY_D + 50, 28, 25) == 1);
    CHECK(inside(ctx, &shape_u, ENTRY_D + 50, 22, 15) == 1);
    CHECK(inside(ctx, &shape_u, ENTRY_D + 50, 28, 15) == 0);

    /* Open sea: nothing. */
    evm_latlon open[2] = {{-40, 0}, {-45, 20}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, open, 2, 50, &route), EVM_OK);
    CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, refs, 3, &x, &n), EVM_OK);
    CHECK(n == 0 && x == NULL);
    /* Unwrapped routes are refused. */
    evm_polyline_free(&route);
    CHECK_EQ_INT(evm_geodesic_line_unwrapped(ctx, sea, 2, 50, &route), EVM_OK);
    CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, refs, 3, &x, &n), EVM_ERR_ARG);
    evm_polyline_free(&route);
}

/* evm_route_land_crossings() against evm_route_border_crossings() reduced
 * by the rule it documents (the rule events.c applied before): the same
 * crossings, bit for bit. */
static void check_land(evm_geo_ctx *ctx, const evm_latlon *pts, const evm_country_ref *refs,
                       size_t nrefs, size_t want)
{
    evm_polyline route;
    evm_border_crossing *all = NULL, *land = NULL;
    size_t n_all = 0, n_land = 99;
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, 2, 50, &route), EVM_OK);
    CHECK_EQ_INT(evm_route_border_crossings(ctx, &route, refs, nrefs, &all, &n_all), EVM_OK);
    CHECK_EQ_INT(evm_route_land_crossings(ctx, &route, refs, nrefs, &land, &n_land), EVM_OK);
    size_t m = 0;
    uint32_t cur = n_all ? all[0].from_entry : EVM_NO_ENTRY;
    for (size_t i = 0; i < n_all; i++) {
        if (all[i].to_entry == EVM_NO_ENTRY || all[i].to_entry == cur)
            continue;
        evm_border_crossing k = all[i];
        k.from_entry = cur;
        all[m++] = k;
        cur = k.to_entry;
    }
    CHECK_EQ_INT(n_land, want);
    CHECK_EQ_INT(n_land, m);
    for (size_t i = 0; i < m && i < n_land; i++) {
        CHECK(memcmp(&land[i].lat, &all[i].lat, sizeof(double)) == 0);
        CHECK(memcmp(&land[i].lon, &all[i].lon, sizeof(double)) == 0);
        CHECK(memcmp(&land[i].along_m, &all[i].along_m, sizeof(double)) == 0);
        CHECK_EQ_INT(land[i].from_entry, all[i].from_entry);
        CHECK_EQ_INT(land[i].to_entry, all[i].to_entry);
    }
    CHECK(n_land || land == NULL);
    evm_free(all);
    evm_free(land);
    evm_polyline_free(&route);
}

/* The crossings of a route with its distances along the legs
 * (seg_along_m) are those of the same route without them, bit for bit;
 * each such distance (not NAN) is the segment's geodesic length to within
 * a micrometre, and is NAN for each part's last vertex; a route cut at 180
 * has want_nan distances that are NAN (its pieces at the cut, its gaps). */
static void check_hints(evm_geo_ctx *ctx, const evm_latlon *pts, size_t n, double max_km,
                        const evm_country_ref *refs, size_t nrefs, size_t want_nan)
{
    evm_polyline route;
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, n, max_km, &route), EVM_OK);
    CHECK(route.seg_along_m != NULL);
    size_t nan_n = 0;
    for (size_t i = 0; route.seg_along_m && i + 1 < route.point_count; i++) {
        bool part_end = false;
        for (size_t p = 1; p < route.part_count; p++)
            part_end = part_end || route.part_start[p] == i + 1;
        if (isnan(route.seg_along_m[i])) {
            nan_n++;
            continue;
        }
        CHECK(!part_end);
        const double *a = route.coords + 2 * i;
        double m = 0;
        CHECK_EQ_INT(evm_geodesic_inverse(ctx, a[1], a[0], a[3], a[2], &m, NULL, NULL), EVM_OK);
        CHECK_MSG(fabs(m - route.seg_along_m[i]) < 1e-6, "segment %zu: %.9f against %.9f", i, m,
                  route.seg_along_m[i]);
    }
    CHECK_EQ_INT(nan_n, want_nan);
    evm_polyline bare = route;
    bare.seg_along_m = NULL;
    for (int land = 0; land < 2; land++) {
        evm_border_crossing *x = NULL, *y = NULL;
        size_t nx = 0, ny = 0;
        CHECK_EQ_INT(land ? evm_route_land_crossings(ctx, &route, refs, nrefs, &x, &nx)
                          : evm_route_border_crossings(ctx, &route, refs, nrefs, &x, &nx),
                     EVM_OK);
        CHECK_EQ_INT(land ? evm_route_land_crossings(ctx, &bare, refs, nrefs, &y, &ny)
                          : evm_route_border_crossings(ctx, &bare, refs, nrefs, &y, &ny),
                     EVM_OK);
        CHECK_EQ_INT(nx, ny);
        for (size_t i = 0; i < nx && i < ny; i++)
            CHECK(memcmp(&x[i], &y[i], sizeof x[i]) == 0);
        evm_free(x);
        evm_free(y);
    }
    evm_polyline_free(&route);
}

static void test_land_crossings(evm_geo_ctx *ctx)
{
    evm_country_ref refs[] = {{ENTRY_A, &shape_a}, {ENTRY_B, &shape_b}, {ENTRY_C, &shape_c}};
    evm_country_ref urefs[] = {{ENTRY_D + 50, &shape_u}};
    evm_latlon ab[2] = {{2, 5}, {2, 15}}, ba[2] = {{2, 15}, {2, 5}};
    evm_latlon hole[2] = {{5, 1}, {5, 15}}, hole_back[2] = {{5, 15}, {5, 1}};
    evm_latlon sea[2] = {{-15, 160}, {-15, -160}}, open[2] = {{-40, 0}, {-45, 20}};
    evm_latlon uw[2] = {{27, -5}, {27, 35}}, ue[2] = {{27, 35}, {27, -5}};
    check_land(ctx, ab, refs, 3, 1);
    check_land(ctx, ba, refs, 3, 1);
    check_land(ctx, hole, refs, 3, 1);      /* A, its hole, A again, B: A -> B */
    check_land(ctx, hole_back, refs, 3, 1); /* B -> A; the hole is no crossing */
    check_land(ctx, sea, refs, 3, 1);       /* into C; leaving it for the sea is none */
    check_land(ctx, open, refs, 3, 0);
    check_land(ctx, uw, urefs, 1, 1); /* into U once: its notch is sea */
    check_land(ctx, ue, urefs, 1, 1);
    /* several legs, a return, a repeated stop, short and long steps */
    evm_latlon tour[6] = {{2, 5}, {2, 15}, {5, 1}, {5, 15}, {5, 15}, {-40, 0}};
    check_hints(ctx, tour, 6, 50, refs, 3, 0);
    check_hints(ctx, tour, 6, 7.3, refs, 3, 0);
    check_hints(ctx, tour, 6, 5000, refs, 3, 0);
    check_hints(ctx, uw, 2, 50, urefs, 1, 0);
    /* cut at 180: the two pieces at the cut and the gap */
    check_hints(ctx, sea, 2, 50, refs, 3, 1); /* a vertex at 180 itself: the gap only */
    check_hints(ctx, sea, 2, 7.3, refs, 3, 3);
    /* twice across, a stop on the other side, back */
    evm_latlon pacific[4] = {{-15, 160}, {-12, -160}, {-20, -175}, {-14, 170}};
    check_hints(ctx, pacific, 4, 50, refs, 3, 6);
    check_hints(ctx, pacific, 4, 5000, refs, 3, 6);
}

/* Allocation failures while building the cache and finding crossings
 * (meaningful in the EVMAP_ALLOC_HOOKS build; one pass otherwise). */
static void test_alloc_failures(void)
{
    evm_latlon hole[2] = {{5, 1}, {5, 15}};
    for (long k = 0; k < 1000; k++) {
        evm_geo_ctx *ctx = NULL;
        if (evm_geo_ctx_create(&ctx, NULL) != EVM_OK)
            continue;
        evm_country_ref refs[] = {{ENTRY_A, &shape_a}, {ENTRY_B, &shape_b}};
        evm_polyline route = {0};
        evm_border_crossing *x = NULL;
        size_t n = 0;
        evm_alloc_fail_after(k);
        evm_error err = evm_geodesic_line(ctx, hole, 2, 50, &route);
        if (!err)
            err = evm_route_border_crossings(ctx, &route, refs, 2, &x, &n);
        evm_alloc_fail_after(-1);
        evm_polyline_free(&route);
        evm_free(x);
        evm_geo_ctx_destroy(ctx);
        if (err == EVM_OK) {
            CHECK_EQ_INT(n, 3);
            break;
        }
        CHECK_EQ_INT(err, EVM_ERR_NOMEM);
    }
}

int main(void)
{
    evm_geo_ctx *ctx = NULL;
    CHECK_EQ_INT(evm_geo_ctx_create(&ctx, NULL), EVM_OK);
    if (!ctx)
        return check_finish();
    test_build(ctx);
    test_contains(ctx);
    test_border_distance(ctx);
    test_crossings(ctx);
    test_land_crossings(ctx);
    evm_geo_ctx_clear_cache(ctx);
    CHECK(inside(ctx, &shape_a, ENTRY_A, 2, 5) == 1); /* rebuilt after clearing */
    evm_geo_ctx_destroy(ctx);
    test_alloc_failures();
    return check_finish();
}
