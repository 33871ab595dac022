/*
 * verify.h - judging an extracted claim against a measurement.
 *
 * The caller measures (geometry module: WGS84 geodesic with PROJ, point in
 * polygon with GEOS) and passes plain numbers; this module only decides. The
 * rule is written out in docs/claims.md; in short:
 *   - the claim gives an accepted interval for the true distance, whose width
 *     follows the hedge and the roundness of the number (5 % for a precise
 *     figure, up to 20 % for "100", +3 % for "about"); bounds are one-sided
 *     with a 5 % slack; a trip/drive/flight is a path, which may be up to a
 *     factor longer than the geodesic but never shorter;
 *   - direction: within 22.5 deg of the claimed bearing is consistent, within
 *     67.5 deg loose, beyond that wrong;
 *   - paired units ("425 miles (680 kilometers)") agree when they differ by
 *     no more than both numbers' rounding explains.
 *
 * Example (the running example, 684 km at 47 deg from Pyongyang):
 *     evm_claim_measure m = {684000.0, 47.0, -1};
 *     evm_claim_check chk;
 *     evm_claim_verify(&claim, &m, &chk);
 *     chk.distance == EVM_DISTANCE_CONSISTENT, chk.direction == EVM_DIRECTION_LOOSE,
 *     chk.units == EVM_UNITS_CONSISTENT
 */
#ifndef EVM_VERIFY_VERIFY_H
#define EVM_VERIFY_VERIFY_H

#include "evmap.h"
#include "extract/claims.h"

typedef enum evm_distance_verdict {
    EVM_DISTANCE_NONE = 0, /* the claim has no figure */
    EVM_DISTANCE_CONSISTENT,
    EVM_DISTANCE_INACCURATE,
    EVM_DISTANCE_UNVERIFIABLE /* a place is missing or unresolved, or no measurement */
} evm_distance_verdict;

typedef enum evm_direction_verdict {
    EVM_DIRECTION_NONE = 0, /* no direction claimed, or nothing to measure it against */
    EVM_DIRECTION_CONSISTENT,
    EVM_DIRECTION_LOOSE,
    EVM_DIRECTION_WRONG
} evm_direction_verdict;

typedef enum evm_units_verdict {
    EVM_UNITS_NONE = 0, /* one figure only */
    EVM_UNITS_CONSISTENT,
    EVM_UNITS_MISMATCH
} evm_units_verdict;

typedef enum evm_containment_verdict {
    EVM_CONTAINMENT_NONE = 0, /* not a containment claim */
    EVM_CONTAINMENT_CONSISTENT,
    EVM_CONTAINMENT_WRONG,
    EVM_CONTAINMENT_UNVERIFIABLE
} evm_containment_verdict;

/* What the caller measured between the claim's places. */
typedef struct evm_claim_measure {
    double distance_m;  /* WGS84 geodesic reference -> subject, metres, >= 0; NAN if unknown */
    double bearing_deg; /* initial bearing at the reference towards the subject, degrees
                           clockwise from north, any range; NAN if unknown */
    int inside;         /* containment: 1 subject inside reference, 0 outside, -1 unknown */
} evm_claim_measure;

typedef struct evm_claim_check {
    evm_distance_verdict distance;
    evm_direction_verdict direction;
    evm_units_verdict units;
    evm_containment_verdict containment;
    double measured_km;       /* copy of the measurement in km, NAN if none */
    double bearing_deg;       /* measured bearing normalised to [0, 360), NAN if none */
    double error_pct;         /* 100 * (claimed_km - measured_km) / measured_km: positive means
                                 the claim overstates; NAN when not computed */
    double tolerance_pct;     /* the two-sided tolerance t of the rule (percent), NAN if none */
    double accept_min_km;     /* geodesic distances the claim accepts: [min, max] km; */
    double accept_max_km;     /* max is INFINITY for lower bounds; NAN when no figure */
    double direction_off_deg; /* |measured - claimed bearing| in [0, 180], NAN if none */
    double units_diff_pct;    /* difference of the paired figures, percent of the larger */
} evm_claim_check;

/* Path factor: how much longer than the geodesic a path of this kind may be
 * (1 for a geodesic claim, 1.6 road/drive/trip/rail/walk, 1.15 flight, 2 sea). */
double evm_path_factor(evm_path path);

/* Two-sided tolerance (fraction, e.g. 0.087) for a figure with hedge `hedge`,
 * value and rounding step in the same unit (value > 0). */
double evm_claim_tolerance(evm_hedge hedge, double value, double step);

/* Judges `claim` against `measure` (NULL when a place could not be measured).
 * Writes all fields of *out. Errors: EVM_ERR_ARG (claim or out NULL). */
evm_error evm_claim_verify(const evm_claim *claim, const evm_claim_measure *measure,
                           evm_claim_check *out);

/* Static lower-case names for output: "consistent", "inaccurate",
 * "unverifiable", "loose", "wrong", "mismatch", "none". */
const char *evm_distance_verdict_name(evm_distance_verdict v);
const char *evm_direction_verdict_name(evm_direction_verdict v);
const char *evm_units_verdict_name(evm_units_verdict v);
const char *evm_containment_verdict_name(evm_containment_verdict v);

#endif
