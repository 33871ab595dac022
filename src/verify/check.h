/*
 * check.h - finding and checking the distance, direction and containment
 * claims of a geoparsed article.
 *
 * For each sentence, the claim extractor (extract/claims.h) reads the
 * sentence with its resolved place mentions; each claim's places are
 * measured on WGS84 (PROJ geodesic from the reference to the subject) and,
 * for containment, with the country outlines (GEOS) or the gazetteer's
 * division links; verify/verify.h gives the verdicts.
 */
#ifndef EVM_VERIFY_CHECK_H
#define EVM_VERIFY_CHECK_H

#include "evmap.h"
#include "extract/claims.h"
#include "gazetteer/gazetteer.h"
#include "geometry/geometry.h"
#include "geoparse/geoparse.h"
#include "verify/verify.h"

#include <stdbool.h>

/* A claim with its places and verdicts. */
typedef struct evm_checked_claim {
    evm_claim claim;
    evm_claim_check check;
    uint32_t subject_entry;                /* gazetteer entry, EVM_NO_ENTRY when unresolved */
    uint32_t reference_entry;              /* likewise */
    size_t sentence_start, sentence_end;   /* bytes */
    size_t subject_start, subject_end;     /* the subject as written (may be in an earlier
                                              sentence for "the city", "it"); 0, 0 if none */
    size_t reference_start, reference_end; /* likewise */
    bool measured;                         /* both places resolved and measured */
    bool to_border;            /* measured from the nearest point of the reference country's border
                                  ("30 km from Russia": the subject lies outside that country),
                                  not from the country's point */
    double from_lat, from_lon; /* the point measured from (when measured) */
} evm_checked_claim;

/* A growable list; zero-initialise, free with evm_checked_list_free(). */
typedef struct evm_checked_list {
    evm_checked_claim *items;
    size_t count, cap;
} evm_checked_list;

/*
 * Extracts and checks the claims of `doc` (geoparsed with `gz`). Replaces
 * the list's contents.
 *   geo [in] per-thread geometry context (PROJ geodesic, GEOS)
 * Errors: EVM_ERR_NOMEM, EVM_ERR_GEOMETRY, EVM_ERR_FORMAT (corrupt entry).
 */
evm_error evm_check_claims(const evm_gazetteer *gz, evm_geo_ctx *geo, const evm_doc *doc,
                           evm_checked_list *out, evm_diag *diag);

void evm_checked_list_free(evm_checked_list *list);

#endif
