/*
 * test_verify.c - verdicts at the edges of the tolerance rule of
 * docs/claims.md. Claims are built by hand (no extraction) so each row shows
 * the rule itself; the edge distances in the comments are the rule's
 * interval ends, worked out by hand.
 */
#include "check.h"

#include "extract/claims.h"
#include "verify/verify.h"

#include <math.h>

static evm_claim make(double value, double step, evm_unit unit, evm_hedge hedge, evm_bound bound,
                      evm_path path)
{
    evm_claim c;
    memset(&c, 0, sizeof c);
    c.kind = EVM_CLAIM_DISTANCE;
    c.subject = 0;
    c.reference = 1;
    c.subject_id = 10;
    c.reference_id = 11;
    c.figure.value = c.figure.value_max = value;
    c.figure.step = step;
    c.figure.unit = unit;
    c.second.value = c.second.value_max = NAN;
    c.second.unit = EVM_UNIT_NONE;
    c.claimed_km = value * evm_unit_km(unit);
    c.claimed_km_min = c.claimed_km_max = NAN;
    if (bound == EVM_BOUND_LOWER || bound == EVM_BOUND_TWO_SIDED)
        c.claimed_km_min = c.claimed_km;
    if (bound == EVM_BOUND_UPPER || bound == EVM_BOUND_TWO_SIDED)
        c.claimed_km_max = c.claimed_km;
    c.hedge = hedge;
    c.bound = bound;
    c.path = path;
    c.direction_deg = NAN;
    return c;
}

typedef struct edge {
    const char *what;
    double value, step;
    evm_unit unit;
    evm_hedge hedge;
    evm_bound bound;
    evm_path path;
    double measured_km;
    evm_distance_verdict want;
} edge;

#define C EVM_DISTANCE_CONSISTENT
#define I EVM_DISTANCE_INACCURATE
#define KM EVM_UNIT_KM
#define GEO EVM_PATH_GEODESIC
#define TWO EVM_BOUND_TWO_SIDED

static const edge edges[] = {
    /* about 680 km: t = 0.05 + 5/680 + 0.03 = 8.735 %, accepts [625.4, 745.1] */
    {"about 680", 680, 10, KM, EVM_HEDGE_ABOUT, TWO, GEO, 626, C},
    {"about 680", 680, 10, KM, EVM_HEDGE_ABOUT, TWO, GEO, 625, I},
    {"about 680", 680, 10, KM, EVM_HEDGE_ABOUT, TWO, GEO, 745, C},
    {"about 680", 680, 10, KM, EVM_HEDGE_ABOUT, TWO, GEO, 746, I},
    /* about 700 km: t = 0.05 + 50/700 + 0.03 = 15.14 %, accepts [607.9, 824.9] */
    {"about 700", 700, 100, KM, EVM_HEDGE_ABOUT, TWO, GEO, 608, C},
    {"about 700", 700, 100, KM, EVM_HEDGE_ABOUT, TWO, GEO, 607, I},
    {"about 700", 700, 100, KM, EVM_HEDGE_ABOUT, TWO, GEO, 824, C},
    {"about 700", 700, 100, KM, EVM_HEDGE_ABOUT, TWO, GEO, 826, I},
    /* 683 km, no hedge: t = 5.07 %, accepts [650.0, 719.5]: 640 km fits
     * "about 700" but not "683" */
    {"683", 683, 1, KM, EVM_HEDGE_NONE, TWO, GEO, 651, C},
    {"683", 683, 1, KM, EVM_HEDGE_NONE, TWO, GEO, 640, I},
    {"683", 683, 1, KM, EVM_HEDGE_NONE, TWO, GEO, 719, C},
    {"683", 683, 1, KM, EVM_HEDGE_NONE, TWO, GEO, 720, I},
    {"about 700", 700, 100, KM, EVM_HEDGE_ABOUT, TWO, GEO, 640, C},
    /* a hundred km: roundness capped at 20 %, accepts [83.3, 125] */
    {"100", 100, 100, KM, EVM_HEDGE_NONE, TWO, GEO, 84, C},
    {"100", 100, 100, KM, EVM_HEDGE_NONE, TWO, GEO, 83, I},
    /* just 50 km (as bare 50): t = 15 %, accepts [43.5, 58.8] */
    {"just 50", 50, 10, KM, EVM_HEDGE_JUST, TWO, GEO, 58.5, C},
    {"just 50", 50, 10, KM, EVM_HEDGE_JUST, TWO, GEO, 59, I},
    /* more than 600 km: accepts [571.4, inf) */
    {"more than 600", 600, 100, KM, EVM_HEDGE_MORE_THAN, EVM_BOUND_LOWER, GEO, 572, C},
    {"more than 600", 600, 100, KM, EVM_HEDGE_MORE_THAN, EVM_BOUND_LOWER, GEO, 570, I},
    {"more than 600", 600, 100, KM, EVM_HEDGE_MORE_THAN, EVM_BOUND_LOWER, GEO, 5000, C},
    {"at least 600", 600, 100, KM, EVM_HEDGE_AT_LEAST, EVM_BOUND_LOWER, GEO, 439, I},
    /* within 200 miles (321.87 km): accepts [0, 338.8] */
    {"within 200 mi", 200, 100, EVM_UNIT_MI, EVM_HEDGE_WITHIN, EVM_BOUND_UPPER, GEO, 338, C},
    {"within 200 mi", 200, 100, EVM_UNIT_MI, EVM_HEDGE_WITHIN, EVM_BOUND_UPPER, GEO, 340, I},
    {"within 200 mi", 200, 100, EVM_UNIT_MI, EVM_HEDGE_WITHIN, EVM_BOUND_UPPER, GEO, 3, C},
    {"less than 30", 30, 10, KM, EVM_HEDGE_LESS_THAN, EVM_BOUND_UPPER, GEO, 31.5, C},
    {"less than 30", 30, 10, KM, EVM_HEDGE_LESS_THAN, EVM_BOUND_UPPER, GEO, 31.7, I},
    /* nearly 100 km: t = 20 %, accepts [76.9, 105.3] */
    {"nearly 100", 100, 100, KM, EVM_HEDGE_NEARLY, EVM_BOUND_UPPER, GEO, 77, C},
    {"nearly 100", 100, 100, KM, EVM_HEDGE_NEARLY, EVM_BOUND_UPPER, GEO, 76, I},
    {"nearly 100", 100, 100, KM, EVM_HEDGE_NEARLY, EVM_BOUND_UPPER, GEO, 105, C},
    {"nearly 100", 100, 100, KM, EVM_HEDGE_NEARLY, EVM_BOUND_UPPER, GEO, 106, I},
    /* just over 60 km: t = 13.3 %, accepts [57.1, 78.3] */
    {"just over 60", 60, 10, KM, EVM_HEDGE_JUST_OVER, EVM_BOUND_LOWER, GEO, 57.2, C},
    {"just over 60", 60, 10, KM, EVM_HEDGE_JUST_OVER, EVM_BOUND_LOWER, GEO, 57, I},
    {"just over 60", 60, 10, KM, EVM_HEDGE_JUST_OVER, EVM_BOUND_LOWER, GEO, 78, C},
    {"just over 60", 60, 10, KM, EVM_HEDGE_JUST_OVER, EVM_BOUND_LOWER, GEO, 79, I},
    /* a 100 km drive: the road is 83.3..125 km, so the geodesic 52.1..125 */
    {"100 km drive", 100, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_DRIVE, 53, C},
    {"100 km drive", 100, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_DRIVE, 52, I},
    {"100 km drive", 100, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_DRIVE, 124, C},
    {"100 km drive", 100, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_DRIVE, 126, I},
    /* Rome-Naples geodesic 186.9 km (geod, GeoNames points): a 100 km drive is short */
    {"100 km drive", 100, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_DRIVE, 186.905, I},
    /* a 400 km flight: t = 17.5 %, flight 340.4..484.8 km, geodesic 296.0..484.8 */
    {"400 km flight", 400, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_FLIGHT, 297, C},
    {"400 km flight", 400, 100, KM, EVM_HEDGE_NONE, TWO, EVM_PATH_FLIGHT, 295, I},
};

static void distance_edges(void)
{
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        const edge *e = &edges[i];
        evm_claim c = make(e->value, e->step, e->unit, e->hedge, e->bound, e->path);
        evm_claim_measure m = {e->measured_km * 1000.0, NAN, -1};
        evm_claim_check chk;
        CHECK_EQ_INT(evm_claim_verify(&c, &m, &chk), EVM_OK);
        CHECK_MSG(chk.distance == e->want, "%s km vs measured %g km: %s (accepts %.2f..%.2f)",
                  e->what, e->measured_km, evm_distance_verdict_name(chk.distance),
                  chk.accept_min_km, chk.accept_max_km);
        CHECK_EQ_INT(chk.direction, EVM_DIRECTION_NONE);
        CHECK_EQ_INT(chk.units, EVM_UNITS_NONE);
    }
}

static void ranges(void)
{
    /* 150 to 200 km: accepts [142.9, 210.5] */
    evm_claim c = make(150, 50, KM, EVM_HEDGE_NONE, EVM_BOUND_RANGE, GEO);
    c.figure.value_max = 200;
    c.claimed_km = 175;
    c.claimed_km_min = 150;
    c.claimed_km_max = 200;
    const double km[] = {143, 142, 210, 211};
    const evm_distance_verdict want[] = {C, I, C, I};
    for (int i = 0; i < 4; i++) {
        evm_claim_measure m = {km[i] * 1000, NAN, -1};
        evm_claim_check chk;
        CHECK_EQ_INT(evm_claim_verify(&c, &m, &chk), EVM_OK);
        CHECK_MSG(chk.distance == want[i], "range 150-200 vs %g", km[i]);
    }
}

static void tolerance_values(void)
{
    CHECK_NEAR(evm_claim_tolerance(EVM_HEDGE_ABOUT, 680, 10), 0.05 + 5.0 / 680 + 0.03, 1e-12);
    CHECK_NEAR(evm_claim_tolerance(EVM_HEDGE_NONE, 683, 1), 0.05 + 0.5 / 683, 1e-12);
    CHECK_NEAR(evm_claim_tolerance(EVM_HEDGE_NONE, 100, 100), 0.20, 1e-12);
    CHECK_NEAR(evm_claim_tolerance(EVM_HEDGE_ABOUT, 100, 100), 0.23, 1e-12);
    CHECK(evm_claim_tolerance(EVM_HEDGE_ABOUT, 700, 100) >
          evm_claim_tolerance(EVM_HEDGE_ABOUT, 680, 10));
    CHECK(evm_claim_tolerance(EVM_HEDGE_ABOUT, 680, 10) >
          evm_claim_tolerance(EVM_HEDGE_NONE, 683, 1));
    CHECK_NEAR(evm_path_factor(EVM_PATH_GEODESIC), 1.0, 0);
    CHECK_NEAR(evm_path_factor(EVM_PATH_ROAD), 1.6, 0);
    CHECK_NEAR(evm_path_factor(EVM_PATH_FLIGHT), 1.15, 0);
}

static void units(void)
{
    typedef struct pair {
        double a, sa;
        evm_unit ua;
        double b, sb;
        evm_unit ub;
        evm_units_verdict want;
    } pair;
    static const pair pairs[] = {
        /* 425 mi = 684.0 km: 0.6 % apart, allowed 0.59 + 0.74 + 1 % */
        {425, 5, EVM_UNIT_MI, 680, 10, KM, EVM_UNITS_CONSISTENT},
        /* 100 mi = 160.9 km, not 230: 30 % apart, allowed 2.2 + 10 + 1 % */
        {230, 10, KM, 100, 100, EVM_UNIT_MI, EVM_UNITS_MISMATCH},
        {230, 10, KM, 143, 1, EVM_UNIT_MI, EVM_UNITS_CONSISTENT},
        /* 250 km vs 190 mi = 305.8 km: 18.2 % apart, allowed 10 + 2.6 + 1 % */
        {250, 50, KM, 190, 10, EVM_UNIT_MI, EVM_UNITS_MISMATCH},
        /* 22 nmi = 40.7 km */
        {22, 1, EVM_UNIT_NMI, 41, 1, KM, EVM_UNITS_CONSISTENT},
        {22, 1, EVM_UNIT_NMI, 45, 5, KM, EVM_UNITS_MISMATCH},
        /* 3,000 ft = 914 m */
        {3000, 1000, EVM_UNIT_FT, 900, 100, EVM_UNIT_M, EVM_UNITS_CONSISTENT},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const pair *p = &pairs[i];
        evm_claim c = make(p->a, p->sa, p->ua, EVM_HEDGE_ABOUT, TWO, GEO);
        c.second.value = c.second.value_max = p->b;
        c.second.step = p->sb;
        c.second.unit = p->ub;
        evm_claim_check chk;
        CHECK_EQ_INT(evm_claim_verify(&c, NULL, &chk), EVM_OK);
        CHECK_MSG(chk.units == p->want, "%g %s vs %g %s: %s (%.2f %%)", p->a, evm_unit_name(p->ua),
                  p->b, evm_unit_name(p->ub), evm_units_verdict_name(chk.units),
                  chk.units_diff_pct);
        /* units are judged without any measurement; the distance is not */
        CHECK_EQ_INT(chk.distance, EVM_DISTANCE_UNVERIFIABLE);
    }
}

static void directions(void)
{
    typedef struct dir {
        double claimed, measured;
        evm_direction_verdict want;
    } dir;
    static const dir dirs[] = {
        {0, 22.5, EVM_DIRECTION_CONSISTENT},
        {0, 22.6, EVM_DIRECTION_LOOSE},
        {0, 337.5, EVM_DIRECTION_CONSISTENT},
        {0, -22.5, EVM_DIRECTION_CONSISTENT},
        {0, 67.5, EVM_DIRECTION_LOOSE},
        {0, 67.6, EVM_DIRECTION_WRONG},
        {0, 292.4, EVM_DIRECTION_WRONG},
        {180, 343.988, EVM_DIRECTION_WRONG},
        {22.5, 45, EVM_DIRECTION_CONSISTENT},
        {22.5, 90.5, EVM_DIRECTION_WRONG},
        {270, 202.5, EVM_DIRECTION_LOOSE},
        {315, 315.891, EVM_DIRECTION_CONSISTENT},
        /* Pyongyang -> Vladivostok, geod: 46.697 deg; "north" is loose */
        {0, 46.697, EVM_DIRECTION_LOOSE},
        {45, 46.697 + 720, EVM_DIRECTION_CONSISTENT},
    };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        evm_claim c = make(0, 0, EVM_UNIT_NONE, EVM_HEDGE_NONE, EVM_BOUND_NONE, GEO);
        c.kind = EVM_CLAIM_DIRECTION;
        c.claimed_km = NAN;
        c.direction = "x";
        c.direction_deg = dirs[i].claimed;
        evm_claim_measure m = {100000, dirs[i].measured, -1};
        evm_claim_check chk;
        CHECK_EQ_INT(evm_claim_verify(&c, &m, &chk), EVM_OK);
        CHECK_MSG(chk.direction == dirs[i].want, "claimed %g measured %g: %s", dirs[i].claimed,
                  dirs[i].measured, evm_direction_verdict_name(chk.direction));
        CHECK_EQ_INT(chk.distance, EVM_DISTANCE_NONE);
        CHECK(chk.bearing_deg >= 0 && chk.bearing_deg < 360);
    }
}

static void unverifiable(void)
{
    evm_claim c = make(680, 10, KM, EVM_HEDGE_ABOUT, TWO, GEO);
    c.direction = "north";
    c.direction_deg = 0;
    evm_claim_measure m = {684475, 46.697, -1};
    evm_claim_check chk;

    CHECK_EQ_INT(evm_claim_verify(&c, &m, &chk), EVM_OK);
    CHECK_EQ_INT(chk.distance, EVM_DISTANCE_CONSISTENT);
    CHECK_NEAR(chk.error_pct, 100.0 * (680 - 684.475) / 684.475, 1e-9);
    CHECK_NEAR(chk.measured_km, 684.475, 1e-9);

    CHECK_EQ_INT(evm_claim_verify(&c, NULL, &chk), EVM_OK);
    CHECK_EQ_INT(chk.distance, EVM_DISTANCE_UNVERIFIABLE);
    CHECK_EQ_INT(chk.direction, EVM_DIRECTION_NONE);
    CHECK(isnan(chk.error_pct));

    evm_claim d = c;
    d.subject = EVM_CLAIM_NONE;
    CHECK_EQ_INT(evm_claim_verify(&d, &m, &chk), EVM_OK);
    CHECK_EQ_INT(chk.distance, EVM_DISTANCE_UNVERIFIABLE);
    d = c;
    d.reference_id = EVM_CLAIM_NO_PLACE;
    CHECK_EQ_INT(evm_claim_verify(&d, &m, &chk), EVM_OK);
    CHECK_EQ_INT(chk.distance, EVM_DISTANCE_UNVERIFIABLE);
    evm_claim_measure nan_m = {NAN, NAN, -1};
    CHECK_EQ_INT(evm_claim_verify(&c, &nan_m, &chk), EVM_OK);
    CHECK_EQ_INT(chk.distance, EVM_DISTANCE_UNVERIFIABLE);

    d = c;
    d.kind = EVM_CLAIM_CONTAINMENT;
    evm_claim_measure unknown = {NAN, NAN, -1};
    CHECK_EQ_INT(evm_claim_verify(&d, &unknown, &chk), EVM_OK);
    CHECK_EQ_INT(chk.containment, EVM_CONTAINMENT_UNVERIFIABLE);

    CHECK_EQ_INT(evm_claim_verify(NULL, &m, &chk), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_claim_verify(&c, &m, NULL), EVM_ERR_ARG);
    CHECK_EQ_STR(evm_distance_verdict_name(EVM_DISTANCE_INACCURATE), "inaccurate");
    CHECK_EQ_STR(evm_direction_verdict_name(EVM_DIRECTION_LOOSE), "loose");
    CHECK_EQ_STR(evm_units_verdict_name(EVM_UNITS_MISMATCH), "mismatch");
    CHECK_EQ_STR(evm_containment_verdict_name(EVM_CONTAINMENT_WRONG), "wrong");
}

int main(void)
{
    distance_edges();
    ranges();
    tolerance_values();
    units();
    directions();
    unverifiable();
    return check_finish();
}
