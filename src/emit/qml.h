/*
 * qml.h - QGIS 3 layer styles (.qml) for the output layers.
 *
 * QGIS applies "<name>.qml" automatically when it opens "<name>.geojson" from
 * the same directory, so `-o DIR` writes one style beside each layer:
 *   places     white circles, labels on "name"
 *   events     categorized by "type" (the seven event types), labels on
 *              "trigger" and "date"
 *   routes     lines coloured per "actor" (a colour derived from the name by
 *              an expression, since actors are only known at run time),
 *              labels on "actor"
 *   claims     categorized by "distance_verdict": consistent green,
 *              inaccurate red, unverifiable and none grey; labels on
 *              subject, reference and measured distance
 *   crossings  yellow stars, labels "from_country -> to_country"
 * The colours are those of map.html.
 */
#ifndef EVM_EMIT_QML_H
#define EVM_EMIT_QML_H

#include "evmap.h"

#include <stdio.h>

typedef enum evm_layer_kind {
    EVM_LAYER_PLACES = 0,
    EVM_LAYER_EVENTS,
    EVM_LAYER_ROUTES,
    EVM_LAYER_CLAIMS,
    EVM_LAYER_CROSSINGS,
    EVM_LAYER__COUNT /* sentinel, not a layer */
} evm_layer_kind;

/* The layer's file base name ("places", "events", ...), or NULL when `kind`
 * is out of range. Static string. */
const char *evm_layer_kind_name(evm_layer_kind kind);

/* Writes the QGIS 3 style for `kind` to `out`.
 * Returns EVM_OK, EVM_ERR_ARG when `kind` is out of range, or EVM_ERR_IO
 * when writing fails. */
evm_error evm_emit_qml(FILE *out, evm_layer_kind kind);

#endif
