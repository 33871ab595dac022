/*
 * places_layer.h - the places layer: one Point per distinct resolved place.
 */
#ifndef EVM_EMIT_PLACES_LAYER_H
#define EVM_EMIT_PLACES_LAYER_H

#include "core/buf.h"
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

/*
 * The same features without a tree, for `evmap batch`: appends to `out`, for
 * each feature of evm_places_layer() in order, `prefix`, the feature with the
 * members "article_id" (`article_id`, or null when NULL) and "layer"
 * ("places") added at the end of its properties, printed compactly, and a
 * newline: byte for byte what the batch prints from the tree
 * (evm_json_print(); test_emit_records compares the two on every
 * example and corpus text). *count gets the number of features. On error
 * `out` is back to its length on entry.
 * Errors: EVM_ERR_NOMEM, EVM_ERR_FORMAT (corrupt gazetteer entry).
 */
evm_error evm_places_records(const evm_gazetteer *gz, const evm_doc *doc, const char *article_id,
                             const char *prefix, evm_buf *out, size_t *count);

#endif
