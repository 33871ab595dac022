/*
 * Geodesics against published GeographicLib reference values, units,
 * compass names and direction verdicts.
 *
 * Reference values: the test cases of GeographicLib's C library
 * (tests/geodtest.c: `testcases` and the GeodSolve regression tests, MIT/X11
 * licence, Charles Karney), and, for the cities, values computed with the
 * independent JavaScript implementation geographiclib-geodesic 2.2.0.
 */
#include "check.h"

#include "geometry/geometry.h"

#include <math.h>

/* Distances to 1 mm, bearings to 1e-9 deg (3 cm at 20000 km). */
#define TOL_M 1e-3
#define TOL_DEG 1e-9

typedef struct ref_case {
    const char *what;
    double lat1, lon1, azi1, lat2, lon2, azi2, s12;
    double tol_deg; /* bearing tolerance: the precision the source publishes */
} ref_case;

static const ref_case cases[] = {
    /* geodtest.c testcases: mixed long lines. */
    {"testcase 0", 35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921,
     129.289270889708762, 8935244.5604818305, TOL_DEG},
    {"testcase 1 (to 77N)", 55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234,
     109.112041110671519, 4105086.1713924406, TOL_DEG},
    {"testcase 4 (from 173E, across 180)", -17.42761, 173.34268, -159.033557661192928, -15.84784,
     5.93557, -20.787484651536988, 16076603.1631180673, TOL_DEG},
    {"testcase 11 (antimeridian)", -21.76221, 166.90563, 29.319421206936428, 48.72884, 213.97627,
     43.508671946410168, 9098627.3986554915, TOL_DEG},
    {"testcase 12 (west of 180)", -19.79938, -174.47484, 71.167275780171533, -11.99349, -154.35109,
     65.589099775199228, 2319004.8601169389, TOL_DEG},
    {"testcase 14 (from 87.9S)", -87.85331, 85.66836, -65.120313040242748, 66.48646, 16.09921,
     -4.888658719272296, 17286615.3147144645, TOL_DEG},
    {"testcase 16 (lon -269)", -25.72959, -144.90758, -153.647468693117198, -57.70581, -269.17879,
     -48.343983158876487, 9413446.7452453107, TOL_DEG},
    /* GeodSolve74: short line (40 m). */
    {"short 39.5 m", 54.1589, 15.3872, 55.723110355, 54.1591, 15.3877, 55.723515675, 39.527686385,
     5e-9},
    /* GeodSolve76: Wellington to Salamanca, nearly antipodal. */
    {"near-antipodal Wellington-Salamanca", -(41 + 19 / 60.0), 174 + 49 / 60.0, 160.39137649664,
     40 + 58 / 60.0, -(5 + 30 / 60.0), 19.50042925176, 19960543.857179, 0.5e-11},
    /* GeodSolve78: nearly antipodal, across the antimeridian. */
    {"near-antipodal 27.2N 0E", 27.2, 0.0, 45.82468716758, -27.1, 179.5, 134.22776532670,
     19974354.765767, 0.5e-11},
};

static void test_reference_inverse(evm_geo_ctx *ctx)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ref_case *c = &cases[i];
        double s = -1, a1 = -1, a2 = -1;
        CHECK_EQ_INT(evm_geodesic_inverse(ctx, c->lat1, c->lon1, c->lat2, c->lon2, &s, &a1, &a2),
                     EVM_OK);
        CHECK_MSG(fabs(s - c->s12) <= TOL_M, "%s: s12 %.6f != %.6f", c->what, s, c->s12);
        CHECK_MSG(evm_bearing_diff_deg(a1, c->azi1) <= c->tol_deg, "%s: azi1 %.12f != %.12f",
                  c->what, a1, c->azi1);
        CHECK_MSG(evm_bearing_diff_deg(a2, c->azi2) <= c->tol_deg, "%s: azi2 %.12f != %.12f",
                  c->what, a2, c->azi2);
        CHECK(a1 >= 0 && a1 < 360 && a2 >= 0 && a2 < 360);
    }
}

static void test_reference_direct(evm_geo_ctx *ctx)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ref_case *c = &cases[i];
        double lat2 = NAN, lon2 = NAN, az2 = NAN;
        CHECK_EQ_INT(
            evm_geodesic_direct(ctx, c->lat1, c->lon1, c->azi1, c->s12, &lat2, &lon2, &az2),
            EVM_OK);
        /* 1e-9 deg of latitude is 0.1 mm. */
        CHECK_MSG(fabs(lat2 - c->lat2) <= 1e-9, "%s: lat2 %.12f", c->what, lat2);
        CHECK_MSG(evm_bearing_diff_deg(lon2, c->lon2) <= 1e-9, "%s: lon2 %.12f", c->what, lon2);
        CHECK(lon2 >= -180 && lon2 <= 180);
        CHECK_MSG(evm_bearing_diff_deg(az2, c->azi2) <= c->tol_deg, "%s: azi2 %.12f", c->what, az2);
        CHECK(az2 >= 0 && az2 < 360);
    }
}

static void test_polar_and_special(evm_geo_ctx *ctx)
{
    double s, a1, a2, lat2, lon2;
    /* GeodSolve6: nearly antipodal through the polar regions. */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 88.202499451857, 0, -88.202499451857,
                                      179.981022032992859592, &s, NULL, NULL),
                 EVM_OK);
    CHECK_NEAR(s, 20003898.214, TOL_M);
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 89.333123580033, 0, -89.333123580032997687,
                                      179.99295812360148422, &s, NULL, NULL),
                 EVM_OK);
    CHECK_NEAR(s, 20003926.881, TOL_M);
    /* GeodSolve5: due north 10000 km from near the equator reaches the pole. */
    CHECK_EQ_INT(evm_geodesic_direct(ctx, 0.01777745589997, 30, 0, 10e6, &lat2, &lon2, NULL),
                 EVM_OK);
    CHECK_NEAR(lat2, 90, 0.5e-5);
    /* GeodSolve73: backwards from the pole (negative distance). */
    CHECK_EQ_INT(evm_geodesic_direct(ctx, 90, 10, 180, -1e6, &lat2, &lon2, &a2), EVM_OK);
    CHECK_NEAR(lat2, 81.04623, 0.5e-5);
    CHECK_NEAR(lon2, -170, 0.5e-5);
    CHECK(a2 == 0 && !signbit(a2));
    /* GeodSolve92: a 26 cm line. */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 37.757540000000006, -122.47018, 37.75754, -122.470177,
                                      &s, &a1, &a2),
                 EVM_OK);
    CHECK_NEAR(s, 0.264, 0.5e-3);
    CHECK_NEAR(a1, 89.99999923, 1e-7);
    /* Coincident points: zero, no NaN. */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 20.001, 0, 20.001, 0, &s, &a1, &a2), EVM_OK);
    CHECK(s == 0 && isfinite(a1) && isfinite(a2));
    /* Across the pole: 89N 0E to 89N 180E goes over the pole, due north. */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 89, 0, 89, 180, &s, &a1, &a2), EVM_OK);
    CHECK_NEAR(a1, 0, 1e-9);
    CHECK_NEAR(a2, 180, 1e-9);
    /* Twice the meridian distance from 89N to the pole. */
    double s_half;
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 89, 0, 90, 0, &s_half, NULL, NULL), EVM_OK);
    CHECK_NEAR(s, 2 * s_half, TOL_M);
    /* Outputs are optional. */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 1, 2, 3, 4, NULL, NULL, NULL), EVM_OK);
}

static void test_cities(evm_geo_ctx *ctx)
{
    double s, a1, a2;
    /* Pyongyang to Vladivostok (GeoNames points). */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 39.03385, 125.75432, 43.10562, 131.87353, &s, &a1, &a2),
                 EVM_OK);
    CHECK_NEAR(s, 684474.626188, TOL_M);
    CHECK_NEAR(a1, 46.6971701437, 1e-9);
    CHECK_NEAR(a2, 50.7220771160, 1e-9);
    CHECK_NEAR(evm_m_to_km(s), 684.47, 0.01);
    CHECK_NEAR(evm_m_to_mi(s), 425.3, 0.05); /* "425 miles" */
    CHECK_EQ_STR(evm_compass_abbrev(a1, 8), "NE");
    CHECK_EQ_STR(evm_compass_word(a1, 8), "northeast");
    CHECK_EQ_INT(evm_bearing_sector_diff(a1, 0), EVM_FIT_LOOSE); /* "north of" */
    CHECK_EQ_INT(evm_bearing_sector_diff(a1, 45), EVM_FIT_CONSISTENT);
    CHECK_EQ_INT(evm_bearing_sector_diff(a1, 180), EVM_FIT_WRONG);
    /* Tokyo to San Francisco, across the antimeridian. */
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 35.6762, 139.6503, 37.7749, -122.4194, &s, &a1, &a2),
                 EVM_OK);
    CHECK_NEAR(s, 8293443.176264, TOL_M);
    CHECK_NEAR(a1, 54.3506232688, 1e-9);
    CHECK_NEAR(a2, 123.3823576386, 1e-9);
}

static void test_errors(evm_geo_ctx *ctx)
{
    double s = 42;
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 91, 0, 0, 0, &s, NULL, NULL), EVM_ERR_ARG);
    CHECK(s == 42);
    CHECK(strlen(evm_geo_ctx_message(ctx)) > 0);
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, NAN, 0, 0, 0, &s, NULL, NULL), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_geodesic_inverse(ctx, 0, INFINITY, 0, 0, &s, NULL, NULL), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_geodesic_direct(ctx, 0, 0, NAN, 1000, NULL, NULL, NULL), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_geodesic_direct(ctx, 0, 0, 0, INFINITY, NULL, NULL, NULL), EVM_ERR_ARG);
}

static void test_units(void)
{
    CHECK_NEAR(evm_m_to_mi(1609.344), 1.0, 1e-15);
    CHECK_NEAR(evm_m_to_nmi(1852.0), 1.0, 1e-15);
    CHECK_NEAR(evm_m_to_km(1500.0), 1.5, 1e-15);
    CHECK_NEAR(evm_length_to_m(425, EVM_LENGTH_MI), 683971.2, 1e-6);
    CHECK_NEAR(evm_length_to_m(10, EVM_LENGTH_FT), 3.048, 1e-12);
    CHECK_NEAR(evm_length_from_m(1852 * 3.0, EVM_LENGTH_NMI), 3.0, 1e-12);
    CHECK_NEAR(evm_length_from_m(2500, EVM_LENGTH_KM), 2.5, 1e-12);
    CHECK(isnan(evm_length_to_m(1, EVM_LENGTH__COUNT)));
    CHECK_EQ_STR(evm_length_unit_symbol(EVM_LENGTH_NMI), "nmi");
    CHECK_EQ_STR(evm_length_unit_symbol(EVM_LENGTH__COUNT), "?");
}

static void test_compass(void)
{
    /* 8-point sector edges: [centre - 22.5, centre + 22.5). */
    CHECK_EQ_STR(evm_compass_abbrev(0, 8), "N");
    CHECK_EQ_STR(evm_compass_abbrev(22.4999999, 8), "N");
    CHECK_EQ_STR(evm_compass_abbrev(22.5, 8), "NE");
    CHECK_EQ_STR(evm_compass_abbrev(67.4999999, 8), "NE");
    CHECK_EQ_STR(evm_compass_abbrev(67.5, 8), "E");
    CHECK_EQ_STR(evm_compass_abbrev(157.5, 8), "S");
    CHECK_EQ_STR(evm_compass_abbrev(247.5, 8), "W");
    CHECK_EQ_STR(evm_compass_abbrev(337.4999999, 8), "NW");
    CHECK_EQ_STR(evm_compass_abbrev(337.5, 8), "N");
    CHECK_EQ_STR(evm_compass_abbrev(359.9999999, 8), "N");
    CHECK_EQ_STR(evm_compass_abbrev(360, 8), "N");
    CHECK_EQ_STR(evm_compass_abbrev(-22.5, 8), "N");
    CHECK_EQ_STR(evm_compass_abbrev(-22.5000001, 8), "NW");
    CHECK_EQ_STR(evm_compass_abbrev(405, 8), "NE");
    CHECK_EQ_STR(evm_compass_word(135, 8), "southeast");
    CHECK_EQ_STR(evm_compass_word(225, 8), "southwest");
    CHECK_EQ_STR(evm_compass_word(315, 8), "northwest");
    /* 16-point edges: [centre - 11.25, centre + 11.25). */
    CHECK_EQ_STR(evm_compass_abbrev(11.2499999, 16), "N");
    CHECK_EQ_STR(evm_compass_abbrev(11.25, 16), "NNE");
    CHECK_EQ_STR(evm_compass_abbrev(33.75, 16), "NE");
    CHECK_EQ_STR(evm_compass_abbrev(101.25, 16), "ESE");
    CHECK_EQ_STR(evm_compass_abbrev(348.7499999, 16), "NNW");
    CHECK_EQ_STR(evm_compass_abbrev(348.75, 16), "N");
    CHECK_EQ_STR(evm_compass_word(30, 16), "north-northeast");
    CHECK_EQ_STR(evm_compass_word(250, 16), "west-southwest");
    CHECK_EQ_STR(evm_compass_word(46.7, 16), "northeast");
    CHECK(evm_compass_abbrev(10, 4) == NULL);
    CHECK(evm_compass_abbrev(NAN, 8) == NULL);

    double c = -1;
    int pts = 0;
    CHECK_EQ_INT(evm_compass_parse("northeast", 9, &c, &pts), EVM_OK);
    CHECK(c == 45 && pts == 8);
    CHECK_EQ_INT(evm_compass_parse("North-East", 10, &c, NULL), EVM_OK);
    CHECK(c == 45);
    CHECK_EQ_INT(evm_compass_parse("south west", 10, &c, NULL), EVM_OK);
    CHECK(c == 225);
    CHECK_EQ_INT(evm_compass_parse("NNW", 3, &c, &pts), EVM_OK);
    CHECK(c == 337.5 && pts == 16);
    CHECK_EQ_INT(evm_compass_parse("west-southwest", 14, &c, &pts), EVM_OK);
    CHECK(c == 247.5 && pts == 16);
    CHECK_EQ_INT(evm_compass_parse("north of", 5, &c, NULL), EVM_OK);
    CHECK(c == 0);
    CHECK_EQ_INT(evm_compass_parse("northward", 9, &c, NULL), EVM_ERR_NOT_FOUND);
    CHECK_EQ_INT(evm_compass_parse("", 0, &c, NULL), EVM_ERR_NOT_FOUND);
}

static void test_sector(void)
{
    CHECK_NEAR(evm_bearing_diff_deg(350, 10), 20, 1e-12);
    CHECK_NEAR(evm_bearing_diff_deg(10, 350), 20, 1e-12);
    CHECK_NEAR(evm_bearing_diff_deg(0, 180), 180, 1e-12);
    CHECK_NEAR(evm_bearing_diff_deg(-90, 270), 0, 1e-12);
    /* Edges are inclusive. */
    CHECK_EQ_INT(evm_bearing_sector_diff(22.5, 0), EVM_FIT_CONSISTENT);
    CHECK_EQ_INT(evm_bearing_sector_diff(337.5, 0), EVM_FIT_CONSISTENT);
    CHECK_EQ_INT(evm_bearing_sector_diff(22.5000001, 0), EVM_FIT_LOOSE);
    CHECK_EQ_INT(evm_bearing_sector_diff(67.5, 0), EVM_FIT_LOOSE);
    CHECK_EQ_INT(evm_bearing_sector_diff(292.5, 0), EVM_FIT_LOOSE);
    CHECK_EQ_INT(evm_bearing_sector_diff(67.5000001, 0), EVM_FIT_WRONG);
    CHECK_EQ_INT(evm_bearing_sector_diff(200, 270), EVM_FIT_WRONG);
    CHECK_EQ_INT(evm_bearing_sector_diff(250, 270), EVM_FIT_CONSISTENT);
    CHECK_EQ_INT(evm_bearing_sector_diff(NAN, 270), EVM_FIT_WRONG);
    CHECK_EQ_STR(evm_direction_fit_name(EVM_FIT_LOOSE), "loose");
}

int main(void)
{
    evm_geo_ctx *ctx = NULL;
    CHECK_EQ_INT(evm_geo_ctx_create(&ctx, NULL), EVM_OK);
    if (!ctx)
        return check_finish();
    test_reference_inverse(ctx);
    test_reference_direct(ctx);
    test_polar_and_special(ctx);
    test_cities(ctx);
    test_errors(ctx);
    test_units();
    test_compass();
    test_sector();
    evm_geo_ctx_destroy(ctx);
    evm_geo_ctx_destroy(NULL);
    return check_finish();
}
