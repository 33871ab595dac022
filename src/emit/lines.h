/*
 * lines.h - GeoJSON line geometry from densified geodesics, shared by the
 * claims and routes layers.
 */
#ifndef EVM_EMIT_LINES_H
#define EVM_EMIT_LINES_H

#include "core/buf.h"
#include "evmap.h"
#include "geometry/geometry.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* The geometry of `pl`: a LineString, or a MultiLineString when it was cut at
 * ±180° (RFC 7946 §3.1.9) or when `force_multi` asks for it (to keep one
 * geometry type across a layer). Coordinates [lon, lat], 6 decimals. Caller
 * owns the result (NULL when out of memory). */
cJSON *evm_geojson_polyline(const evm_polyline *pl, bool force_multi);

/* The same geometry appended to `out` as evm_json_print() prints that tree
 * (for the batch's records). EVM_ERR_NOMEM. */
evm_error evm_geojson_polyline_put(evm_buf *out, const evm_polyline *pl, bool force_multi);

#endif
