/*
 * places_layer.h - the places layer: one Point per distinct resolved place.
 */
#ifndef EVM_EMIT_PLACES_LAYER_H
#define EVM_EMIT_PLACES_LAYER_H

#include "evmap.h"
#include "gazetteer/gazetteer.h"
#include "geoparse/geoparse.h"

#include <cjson/cJSON.h>

/*
 * Builds the places FeatureCollection of a geoparsed article: one Point per
 * distinct entry, in order of first mention, with id "place-<geonameid>"
 * (or "place-e<entry>" when it has none), properties name, surface (distinct
 * forms as written), mentions ([{start, end, demonym}]), geonameid,
 * feature_code, country_code, admin1, population, kind, confidence (the
 * highest of its mentions), reason (of that mention); and a bbox.
 *   name [in] the collection's "name" member, or NULL for none
 *   out  [out] caller frees with cJSON_Delete()
 * Errors: EVM_ERR_NOMEM, EVM_ERR_FORMAT (corrupt gazetteer entry).
 */
evm_error evm_places_layer(const evm_gazetteer *gz, const evm_doc *doc, const char *name,
                           cJSON **out);

#endif
