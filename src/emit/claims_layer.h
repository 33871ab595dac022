/*
 * claims_layer.h - the claims layer and the readable claims report.
 */
#ifndef EVM_EMIT_CLAIMS_LAYER_H
#define EVM_EMIT_CLAIMS_LAYER_H

#include "core/buf.h"
#include "evmap.h"
#include "gazetteer/gazetteer.h"
#include "geometry/geometry.h"
#include "verify/check.h"

#include <cjson/cJSON.h>
#include <stdio.h>

/*
 * Builds the claims FeatureCollection: per claim a densified geodesic line
 * from the reference place to the subject (max_segment_km between vertices;
 * geometry null when a place is unresolved); LineStrings, or MultiLineStrings
 * for every feature when any claim crosses ±180° so the layer keeps one
 * geometry type. Feature ids "claim-N" (N from 1, text order). Properties:
 * id, kind, text (the sentence), start, end (bytes of the claim), subject,
 * reference (names as written), subject_name, reference_name (gazetteer
 * names), claimed_km, claimed_km_min, claimed_km_max, measured_km,
 * bearing_deg, claimed_direction, distance_verdict, direction_verdict,
 * units_verdict, containment_verdict, error_pct, hedge, bound, path.
 * Numbers are null when not applicable. Caller frees *out with
 * cJSON_Delete(). Errors: EVM_ERR_NOMEM, EVM_ERR_GEOMETRY, EVM_ERR_FORMAT.
 */
evm_error evm_claims_layer(const evm_gazetteer *gz, evm_geo_ctx *geo, const char *text,
                           const evm_checked_list *claims, double max_segment_km, const char *name,
                           cJSON **out);

/*
 * The same features without a tree, for `evmap batch`, as
 * evm_places_records() writes the places: per feature `prefix`, the feature
 * with "article_id" and "layer" ("claims") added at the end of its
 * properties, printed compactly, and a newline; *count features. Each line
 * is computed once (the tree path computes it twice). On error `out` is back
 * to its length on entry. Errors as evm_claims_layer().
 */
evm_error evm_claims_records(const evm_gazetteer *gz, evm_geo_ctx *geo, const char *text,
                             const evm_checked_list *claims, double max_segment_km,
                             const char *article_id, const char *prefix, evm_buf *out,
                             size_t *count);

/* Writes the readable report of `claims` (one block per claim: sentence,
 * claim, measurement, verdicts) to `f`. EVM_ERR_IO when writing fails. */
evm_error evm_claims_report(FILE *f, const evm_gazetteer *gz, const char *text,
                            const evm_checked_list *claims);

/* True when a claim counts as a failure for --fail-on-inaccurate: its
 * distance is inaccurate, its direction wrong or its containment wrong. */
bool evm_claim_failed(const evm_checked_claim *c);

#endif
