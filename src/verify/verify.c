/*
 * verify.c - verdicts for extracted claims. The rule and the reasons for
 * its constants are in docs/claims.md; keep both in step.
 */
#include "verify/verify.h"

#include <math.h>
#include <string.h>

/* Slack on the closed side of a bound and on the "small" side of nearly /
 * just over: the evaluation convention calls 5 % consistent. */
#define SLACK 0.05
/* Floor of the two-sided tolerance (a precise figure) and its cap from
 * roundness alone ("100", "3,000"). */
#define TOL_FLOOR 0.05
#define TOL_ROUND_CAP 0.20
/* Extra tolerance for an explicit approximation (about, roughly, some...). */
#define TOL_ABOUT 0.03
/* Beyond this nothing is consistent: the evaluation calls 25 % inaccurate. */
#define TOL_CAP 0.25
/* How far below the figure "nearly N" may be, on top of the tolerance. */
#define NEARLY_EXTRA 0.10

double evm_path_factor(evm_path path)
{
    switch (path) {
    case EVM_PATH_GEODESIC:
        return 1.0;
    case EVM_PATH_FLIGHT:
        return 1.15;
    case EVM_PATH_SEA:
        return 2.0;
    case EVM_PATH_TRIP:
    case EVM_PATH_DRIVE:
    case EVM_PATH_ROAD:
    case EVM_PATH_RAIL:
    case EVM_PATH_WALK:
        break;
    }
    return 1.6;
}

double evm_claim_tolerance(evm_hedge hedge, double value, double step)
{
    double t = TOL_FLOOR;
    if (value > 0 && step > 0)
        t += 0.5 * step / value;
    if (t > TOL_ROUND_CAP)
        t = TOL_ROUND_CAP;
    if (hedge == EVM_HEDGE_ABOUT)
        t += TOL_ABOUT;
    return t > TOL_CAP ? TOL_CAP : t;
}

/* The figure the claim is checked on: the km one of a pair, else the first. */
static const evm_claim_figure *checked_figure(const evm_claim *c)
{
    if (c->second.unit == EVM_UNIT_KM && c->figure.unit != EVM_UNIT_KM)
        return &c->second;
    return &c->figure;
}

/* Accepted interval [lo, hi] (km) for the true length the claim describes. */
static void accepted(const evm_claim *c, double t, double *lo, double *hi)
{
    double v = c->claimed_km;
    switch (c->bound) {
    case EVM_BOUND_RANGE:
        *lo = c->claimed_km_min / (1 + SLACK);
        *hi = c->claimed_km_max / (1 - SLACK);
        return;
    case EVM_BOUND_LOWER:
        if (c->hedge == EVM_HEDGE_JUST_OVER) {
            *lo = v / (1 + SLACK);
            double far = t + NEARLY_EXTRA;
            *hi = v / (1 - (far < 0.5 ? far : 0.5));
        } else {
            *lo = v / (1 + SLACK);
            *hi = INFINITY;
        }
        return;
    case EVM_BOUND_UPPER:
        if (c->hedge == EVM_HEDGE_NEARLY) {
            *lo = v / (1 + t + NEARLY_EXTRA);
            *hi = v / (1 - SLACK);
        } else {
            *lo = 0;
            *hi = v / (1 - SLACK);
        }
        return;
    case EVM_BOUND_TWO_SIDED:
    case EVM_BOUND_NONE:
        break;
    }
    *lo = v / (1 + t);
    *hi = v / (1 - t);
}

static double wrap180(double d)
{
    d = fmod(d, 360.0);
    if (d > 180.0)
        d -= 360.0;
    if (d < -180.0)
        d += 360.0;
    return d;
}

static void judge_units(const evm_claim *c, evm_claim_check *out)
{
    if (c->kind != EVM_CLAIM_DISTANCE || c->figure.unit == EVM_UNIT_NONE ||
        c->second.unit == EVM_UNIT_NONE)
        return;
    double a = c->figure.value * evm_unit_km(c->figure.unit);
    double b = c->second.value * evm_unit_km(c->second.unit);
    double big = a > b ? a : b;
    if (!(big > 0))
        return;
    /* Each figure may be off by half its rounding step, at most 10 % (a
     * very round "100 miles" does not excuse any conversion); 1 % more for
     * conversions made from an unrounded value. */
    double ta = c->figure.value > 0 ? 0.5 * c->figure.step / c->figure.value : 0;
    double tb = c->second.value > 0 ? 0.5 * c->second.step / c->second.value : 0;
    double allowed = (ta < 0.10 ? ta : 0.10) + (tb < 0.10 ? tb : 0.10) + 0.01;
    out->units_diff_pct = 100.0 * fabs(a - b) / big;
    out->units = fabs(a - b) / big <= allowed ? EVM_UNITS_CONSISTENT : EVM_UNITS_MISMATCH;
}

evm_error evm_claim_verify(const evm_claim *claim, const evm_claim_measure *measure,
                           evm_claim_check *out)
{
    if (!claim || !out)
        return EVM_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->measured_km = out->bearing_deg = out->error_pct = out->tolerance_pct = NAN;
    out->accept_min_km = out->accept_max_km = out->direction_off_deg = NAN;
    out->units_diff_pct = NAN;

    int places = claim->subject != EVM_CLAIM_NONE && claim->reference != EVM_CLAIM_NONE &&
                 claim->subject_id != EVM_CLAIM_NO_PLACE &&
                 claim->reference_id != EVM_CLAIM_NO_PLACE;

    if (claim->kind == EVM_CLAIM_CONTAINMENT) {
        if (!places || !measure || measure->inside < 0)
            out->containment = EVM_CONTAINMENT_UNVERIFIABLE;
        else
            out->containment = measure->inside ? EVM_CONTAINMENT_CONSISTENT : EVM_CONTAINMENT_WRONG;
        return EVM_OK;
    }

    judge_units(claim, out);
    int have_dist = places && measure && isfinite(measure->distance_m) && measure->distance_m >= 0;
    int have_bearing = places && measure && isfinite(measure->bearing_deg);
    if (have_dist)
        out->measured_km = measure->distance_m / 1000.0;
    if (have_bearing) {
        double b = fmod(measure->bearing_deg, 360.0);
        out->bearing_deg = b < 0 ? b + 360.0 : b;
    }

    if (claim->kind == EVM_CLAIM_DISTANCE && claim->figure.unit != EVM_UNIT_NONE &&
        isfinite(claim->claimed_km)) {
        const evm_claim_figure *f = checked_figure(claim);
        double t = evm_claim_tolerance(claim->hedge, f->value, f->step);
        double lo, hi, factor = evm_path_factor(claim->path);
        accepted(claim, t, &lo, &hi);
        out->tolerance_pct = 100.0 * t;
        /* A path of length L between places a geodesic g apart satisfies
         * g <= L <= factor * g, so the accepted geodesics are [lo/factor, hi]. */
        out->accept_min_km = lo / factor;
        out->accept_max_km = hi;
        if (!have_dist) {
            out->distance = EVM_DISTANCE_UNVERIFIABLE;
        } else {
            double g = out->measured_km;
            out->distance = (g >= out->accept_min_km && g <= out->accept_max_km)
                                ? EVM_DISTANCE_CONSISTENT
                                : EVM_DISTANCE_INACCURATE;
            if (g > 0)
                out->error_pct = 100.0 * (claim->claimed_km - g) / g;
        }
    }

    if (claim->direction && isfinite(claim->direction_deg) && have_bearing) {
        double off = fabs(wrap180(out->bearing_deg - claim->direction_deg));
        out->direction_off_deg = off;
        /* A tiny epsilon keeps exact sector edges (22.5, 67.5) on the inner side
         * despite rounding of the caller's bearing. */
        if (off <= 22.5 + 1e-9)
            out->direction = EVM_DIRECTION_CONSISTENT;
        else if (off <= 67.5 + 1e-9)
            out->direction = EVM_DIRECTION_LOOSE;
        else
            out->direction = EVM_DIRECTION_WRONG;
    }
    return EVM_OK;
}

const char *evm_distance_verdict_name(evm_distance_verdict v)
{
    static const char *const names[] = {"none", "consistent", "inaccurate", "unverifiable"};
    return (unsigned)v < 4 ? names[v] : "none";
}

const char *evm_direction_verdict_name(evm_direction_verdict v)
{
    static const char *const names[] = {"none", "consistent", "loose", "wrong"};
    return (unsigned)v < 4 ? names[v] : "none";
}

const char *evm_units_verdict_name(evm_units_verdict v)
{
    static const char *const names[] = {"none", "consistent", "mismatch"};
    return (unsigned)v < 3 ? names[v] : "none";
}

const char *evm_containment_verdict_name(evm_containment_verdict v)
{
    static const char *const names[] = {"none", "consistent", "wrong", "unverifiable"};
    return (unsigned)v < 4 ? names[v] : "none";
}
