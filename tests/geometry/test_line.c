/*
 * Densified geodesic routes: vertex spacing, leg lengths, antimeridian cuts
 * (RFC 7946 section 3.1.9) and the unwrapped variant.
 */
#include "check.h"

#include "core/alloc.h"
#include "geometry/geometry.h"

#include <math.h>

static const evm_latlon tokyo = {35.6762, 139.6503};
static const evm_latlon san_francisco = {37.7749, -122.4194};

/* Every consecutive pair of vertices of each part is at most max_m apart
 * (geodesically) and every vertex lies in [-180, 180]. */
static void check_spacing(evm_geo_ctx *ctx, const evm_polyline *pl, double max_m, int wrapped)
{
    double worst = 0;
    for (size_t p = 0; p < pl->part_count; p++) {
        CHECK(pl->part_start[p + 1] - pl->part_start[p] >= 2);
        for (size_t v = pl->part_start[p]; v + 1 < pl->part_start[p + 1]; v++) {
            const double *a = pl->coords + 2 * v, *b = a + 2;
            double s;
            CHECK_EQ_INT(evm_geodesic_inverse(ctx, a[1], a[0], b[1], b[0], &s, NULL, NULL), EVM_OK);
            worst = fmax(worst, s);
            if (wrapped) {
                CHECK(a[0] >= -180 && a[0] <= 180 && b[0] >= -180 && b[0] <= 180);
                CHECK(fabs(b[0] - a[0]) < 180); /* never a jump across the map */
            }
        }
    }
    CHECK_MSG(worst <= max_m * (1 + 1e-12), "spacing %.3f m > %.3f m", worst, max_m);
}

static void test_densify(evm_geo_ctx *ctx)
{
    /* Pyongyang - Vladivostok: 684.47 km -> 14 segments of <= 50 km. */
    evm_latlon pts[2] = {{39.03385, 125.75432}, {43.10562, 131.87353}};
    evm_polyline pl;
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, 2, 0, &pl), EVM_OK);
    CHECK_EQ_INT(pl.part_count, 1);
    CHECK_EQ_INT(pl.point_count, 15);
    CHECK_EQ_INT(pl.leg_count, 1);
    CHECK_NEAR(pl.leg_m[0], 684474.626188, 1e-3);
    CHECK_NEAR(pl.total_m, pl.leg_m[0], 0);
    /* The ends are the input points exactly. */
    CHECK(pl.coords[0] == 125.75432 && pl.coords[1] == 39.03385);
    CHECK(pl.coords[2 * 14] == 131.87353 && pl.coords[2 * 14 + 1] == 43.10562);
    check_spacing(ctx, &pl, 50e3, 1);
    /* Interior vertices lie on the geodesic: the two parts add up. */
    double s1, s2;
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, pts[0].lat, pts[0].lon, pl.coords[15], pl.coords[14],
                                      &s1, NULL, NULL),
                 EVM_OK);
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, pl.coords[15], pl.coords[14], pts[1].lat, pts[1].lon,
                                      &s2, NULL, NULL),
                 EVM_OK);
    CHECK_NEAR(s1 + s2, pl.leg_m[0], 1e-3);
    evm_polyline_free(&pl);
    CHECK(pl.coords == NULL && pl.point_count == 0);

    /* Custom spacing, three legs including a repeated point (zero leg). */
    evm_latlon three[4] = {{48.8566, 2.3522}, {52.52, 13.405}, {52.52, 13.405}, {55.7558, 37.6173}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, three, 4, 7.5, &pl), EVM_OK);
    CHECK_EQ_INT(pl.leg_count, 3);
    CHECK(pl.leg_m[1] == 0);
    CHECK_NEAR(pl.total_m, pl.leg_m[0] + pl.leg_m[2], 1e-6);
    for (size_t i = 0; i < 2 * pl.point_count; i++)
        CHECK(isfinite(pl.coords[i]));
    check_spacing(ctx, &pl, 7.5e3, 1);
    evm_polyline_free(&pl);

    /* A route between identical points only. */
    evm_latlon same[2] = {{10, 20}, {10, 20}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, same, 2, 50, &pl), EVM_OK);
    CHECK_EQ_INT(pl.point_count, 2);
    CHECK(pl.total_m == 0 && isfinite(pl.coords[2]) && isfinite(pl.coords[3]));
    evm_polyline_free(&pl);

    /* Close to the pole: 80N 0E to 80N 170E peaks above 89N. */
    evm_latlon polar[2] = {{80, 0}, {80, 170}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, polar, 2, 100, &pl), EVM_OK);
    check_spacing(ctx, &pl, 100e3, 1);
    double maxlat = -90;
    for (size_t v = 0; v < pl.point_count; v++)
        maxlat = fmax(maxlat, pl.coords[2 * v + 1]);
    CHECK(maxlat > 89.0);
    evm_polyline_free(&pl);
}

static void test_antimeridian(evm_geo_ctx *ctx)
{
    evm_latlon pts[2] = {tokyo, san_francisco};
    evm_polyline pl;
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, 2, 50, &pl), EVM_OK);
    CHECK_EQ_INT(pl.part_count, 2); /* a MultiLineString */
    check_spacing(ctx, &pl, 50e3, 1);
    size_t end0 = pl.part_start[1] - 1, start1 = pl.part_start[1];
    /* Travelling east: part 1 ends at +180, part 2 starts at -180, same lat. */
    CHECK(pl.coords[2 * end0] == 180.0);
    CHECK(pl.coords[2 * start1] == -180.0);
    CHECK(pl.coords[2 * end0 + 1] == pl.coords[2 * start1 + 1]);
    /* The crossing vertex is on the geodesic (not a lon/lat interpolation):
     * Tokyo -> X -> San Francisco adds up to the whole to 1 mm. */
    double lat_x = pl.coords[2 * end0 + 1], s1, s2;
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, tokyo.lat, tokyo.lon, lat_x, 180, &s1, NULL, NULL),
                 EVM_OK);
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, lat_x, 180, san_francisco.lat, san_francisco.lon, &s2,
                                      NULL, NULL),
                 EVM_OK);
    CHECK_NEAR(s1 + s2, pl.total_m, 1e-3);
    CHECK(lat_x > 45 && lat_x < 50); /* the great-circle route bulges north */
    CHECK(pl.coords[0] == tokyo.lon);
    CHECK(pl.coords[2 * (pl.point_count - 1)] == san_francisco.lon);
    evm_polyline_free(&pl);

    /* Westbound: +180 on the first part's side is now -180. */
    evm_latlon back[2] = {san_francisco, tokyo};
    CHECK_EQ_INT(evm_geodesic_line(ctx, back, 2, 50, &pl), EVM_OK);
    CHECK_EQ_INT(pl.part_count, 2);
    CHECK(pl.coords[2 * (pl.part_start[1] - 1)] == -180.0);
    CHECK(pl.coords[2 * pl.part_start[1]] == 180.0);
    CHECK_NEAR(pl.coords[2 * pl.part_start[1] + 1], lat_x, 1e-9);
    evm_polyline_free(&pl);

    /* Unwrapped: one part, longitudes continuous past 180. */
    CHECK_EQ_INT(evm_geodesic_line_unwrapped(ctx, pts, 2, 50, &pl), EVM_OK);
    CHECK_EQ_INT(pl.part_count, 1);
    check_spacing(ctx, &pl, 50e3, 0);
    CHECK_NEAR(pl.coords[2 * (pl.point_count - 1)], san_francisco.lon + 360, 1e-12);
    for (size_t v = 1; v < pl.point_count; v++)
        CHECK(pl.coords[2 * v] > pl.coords[2 * v - 2]);
    evm_polyline_free(&pl);

    /* Fiji to Samoa to Fiji: crosses twice, three parts. */
    evm_latlon fiji[3] = {{-18.1416, 178.4419}, {-13.8333, -171.7667}, {-18.1416, 178.4419}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, fiji, 3, 50, &pl), EVM_OK);
    CHECK_EQ_INT(pl.part_count, 3);
    check_spacing(ctx, &pl, 50e3, 1);
    evm_polyline_free(&pl);
    CHECK_EQ_INT(evm_geodesic_line_unwrapped(ctx, fiji, 3, 50, &pl), EVM_OK);
    CHECK_NEAR(pl.coords[2 * (pl.point_count - 1)], 178.4419, 1e-9);
    evm_polyline_free(&pl);

    /* Starting on the antimeridian and going east: no one-point part. */
    evm_latlon edge[2] = {{0, 180}, {0, -170}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, edge, 2, 50, &pl), EVM_OK);
    CHECK_EQ_INT(pl.part_count, 1);
    CHECK(pl.coords[0] == -180.0);
    check_spacing(ctx, &pl, 50e3, 1);
    evm_polyline_free(&pl);
}

static void test_errors(evm_geo_ctx *ctx)
{
    evm_latlon pts[2] = {{0, 0}, {1, 1}};
    evm_polyline pl = {0};
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, 1, 50, &pl), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_geodesic_line(ctx, NULL, 2, 50, &pl), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, 2, -1, &pl), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_geodesic_line(ctx, pts, 2, NAN, &pl), EVM_ERR_ARG);
    evm_latlon bad[2] = {{0, 0}, {95, 1}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, bad, 2, 50, &pl), EVM_ERR_ARG);
    evm_latlon far[2] = {{0, 0}, {0, 90}};
    CHECK_EQ_INT(evm_geodesic_line(ctx, far, 2, 1e-3, &pl), EVM_ERR_LIMIT);
    CHECK(pl.coords == NULL);
    evm_polyline_free(NULL);
}

/* Every allocation failure is reported as EVM_ERR_NOMEM and leaks nothing
 * (meaningful in the EVMAP_ALLOC_HOOKS build; one pass otherwise). */
static void test_alloc_failures(evm_geo_ctx *ctx)
{
    evm_latlon pts[3] = {tokyo, san_francisco, {21.3069, -157.8583}};
    for (long k = 0; k < 1000; k++) {
        evm_polyline pl;
        evm_alloc_fail_after(k);
        evm_error err = evm_geodesic_line(ctx, pts, 3, 50, &pl);
        evm_alloc_fail_after(-1);
        if (err == EVM_OK) {
            CHECK_EQ_INT(pl.part_count, 2); /* cut once, Tokyo to San Francisco */
            evm_polyline_free(&pl);
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
    test_densify(ctx);
    test_antimeridian(ctx);
    test_errors(ctx);
    test_alloc_failures(ctx);
    evm_geo_ctx_destroy(ctx);
    return check_finish();
}
