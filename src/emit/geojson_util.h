/*
 * geojson_util.h - building RFC 7946 GeoJSON with cJSON.
 *
 * Coordinates are written [lon, lat] rounded to 6 decimals (about 0.1 m);
 * no "crs" member. Every function returning a cJSON* returns NULL when an
 * allocation fails; the caller owns the result and frees the root once with
 * cJSON_Delete().
 */
#ifndef EVM_EMIT_GEOJSON_UTIL_H
#define EVM_EMIT_GEOJSON_UTIL_H

#include "core/buf.h"
#include "evmap.h"
#include "gazetteer/gazetteer.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

/* cJSON_Add*ToObject() with the key kept by reference (cJSON_AddItemToObjectCS)
 * instead of copied: every key the layer builders pass is a string literal.
 * Same results otherwise (the new item, or NULL and nothing added). */
cJSON *evm_json_add_string(cJSON *o, const char *key, const char *s);
cJSON *evm_json_add_number(cJSON *o, const char *key, double v);
cJSON *evm_json_add_null(cJSON *o, const char *key);
cJSON *evm_json_add_bool(cJSON *o, const char *key, cJSON_bool b);
cJSON *evm_json_add_array(cJSON *o, const char *key);
/* cJSON_AddItemToObject(), key by reference as above. */
cJSON_bool evm_json_add_item(cJSON *o, const char *key, cJSON *item);

/* Rounds degrees to 6 decimals for output. */
double evm_round6(double deg);

/* {"type": "FeatureCollection", "name": name (omitted when NULL), "features": []} */
cJSON *evm_geojson_collection(const char *name);

/* Appends {"type":"Point","coordinates":[lon,lat]} (6 decimals, printed as
 * evm_json_print() prints the tree's geometry), for the records writers. */
evm_error evm_geojson_point_put(evm_buf *out, double lat, double lon);

/* A Point Feature; takes ownership of `props` (also on failure). */
cJSON *evm_geojson_point_feature(double lat, double lon, cJSON *props);

/* Properties of a gazetteer place: name, geonameid (null when none),
 * feature_code, country_code, admin1, population, kind. */
cJSON *evm_geojson_place_properties(const evm_place *p);

/* Adds the properties above to the object `o`; false when out of memory. */
bool evm_geojson_add_place_properties(cJSON *o, const evm_place *p);

/* Computes the collection's [west, south, east, north] from its features'
 * coordinates and sets "bbox" (nothing when it has no features). */
evm_error evm_geojson_add_bbox(cJSON *collection);

/* Prints `json` compactly (or indented when pretty) with a final newline;
 * EVM_ERR_IO when writing fails, EVM_ERR_NOMEM when printing does. */
evm_error evm_geojson_write(const cJSON *json, FILE *out, int pretty);

/* evm_geojson_write(json, out, 1) */
evm_error evm_geojson_print(const cJSON *json, FILE *out);

#endif
