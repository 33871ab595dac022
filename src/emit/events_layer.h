/*
 * events_layer.h - the events, routes and crossings layers.
 */
#ifndef EVM_EMIT_EVENTS_LAYER_H
#define EVM_EMIT_EVENTS_LAYER_H

#include "core/buf.h"
#include "evmap.h"
#include "extract/events.h"
#include "gazetteer/gazetteer.h"
#include "geoparse/geoparse.h"

#include <cjson/cJSON.h>

/*
 * Events: a Point per event at its location. Feature ids "event-N" (text
 * order). Properties: id, type, trigger (as written), lemma, cameo (null
 * when none), actors (canonical names), place (gazetteer name), place_id
 * (the places layer's id), date (YYYY-MM-DD: the first day of the period,
 * null when undated), date_precision (day, week, month, year or null),
 * date_text (ISO 8601 at that precision: "2023-09-12", "2023-W36",
 * "2023-07", "2023"), modality, sentence (text), start, end (bytes of the
 * clause).
 */
evm_error evm_events_layer(const evm_gazetteer *gz, const evm_doc *doc,
                           const evm_event_list *events, const char *name, cJSON **out);

/*
 * The same features without a tree, for `evmap batch`, as
 * evm_places_records() writes the places: per feature `prefix`, the feature
 * with "article_id" and "layer" ("events") added at the end of its
 * properties, printed compactly, and a newline; *count features. On error
 * `out` is back to its length on entry. Errors: EVM_ERR_NOMEM,
 * EVM_ERR_FORMAT (corrupt gazetteer entry).
 */
evm_error evm_events_records(const evm_gazetteer *gz, const evm_doc *doc,
                             const evm_event_list *events, const char *article_id,
                             const char *prefix, evm_buf *out, size_t *count);

/*
 * Routes: per itinerary its densified geodesic (LineStrings, or
 * MultiLineStrings for the whole layer when one is cut at ±180°), id
 * "route-N", properties: id, actor, actor_kind, legs (int), distance_km,
 * legs_km ("684.5; 120.3": per-leg km as text, one value per leg), places
 * (stop names in order), inferred_origin (bool: the first stop is the
 * actor's capital, assumed, not named by the text).
 * Crossings: a Point per border crossing, id "crossing-N", properties: id,
 * route_id, actor, from_country, to_country (ISO alpha-2), from_name,
 * to_name, km_from_start.
 */
evm_error evm_routes_layers(const evm_gazetteer *gz, const evm_itinerary_list *routes,
                            const char *routes_name, const char *crossings_name, cJSON **routes_out,
                            cJSON **crossings_out);

/*
 * The same two layers without trees, for `evmap batch`: the routes' records
 * appended to `routes_out`, the crossings' to `crossings_out` (as
 * evm_places_records() writes the places; layers "routes" and "crossings"),
 * *routes_count and *crossings_count features. On error both buffers are
 * back to their lengths on entry. Errors: EVM_ERR_NOMEM.
 */
evm_error evm_routes_records(const evm_gazetteer *gz, const evm_itinerary_list *routes,
                             const char *article_id, const char *prefix, evm_buf *routes_out,
                             evm_buf *crossings_out, size_t *routes_count, size_t *crossings_count);

#endif
