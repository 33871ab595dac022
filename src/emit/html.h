/*
 * html.h - the offline map page (map.html).
 *
 * One self-contained HTML file: Leaflet 1.9.4 and a Natural Earth country
 * outline basemap are inlined (embedded in the library at build time, see
 * src/emit/assets/README.md), the layers go in as JSON, and a Content
 * Security Policy forbids every fetch. The page opens from disk and makes no
 * network request.
 *
 * Article-derived text is never interpreted as HTML: the layers are embedded
 * as JSON inside <script type="application/json"> with '<', '>', '&', U+2028
 * and U+2029 written as \uXXXX escapes, and the page script renders every
 * string with textContent.
 */
#ifndef EVM_EMIT_HTML_H
#define EVM_EMIT_HTML_H

#include "core/buf.h"
#include "evmap.h"

#include <cjson/cJSON.h>
#include <stdio.h>

/* Writes map.html to `out`.
 *  title      page title (UTF-8, any text: it is escaped); NULL means "evmap".
 *  places, events, routes, claims, crossings
 *             GeoJSON FeatureCollections following the layer contract
 *             (tests/clients/contract.json); each may be NULL (an empty layer).
 *             They are read, not modified or kept.
 * Returns EVM_OK, EVM_ERR_ARG when a non-NULL layer is not a JSON object,
 * EVM_ERR_NOMEM, or EVM_ERR_IO when writing to `out` fails (the partial
 * page is then left in `out`). */
evm_error evm_emit_map_html(FILE *out, const char *title, const cJSON *places, const cJSON *events,
                            const cJSON *routes, const cJSON *claims, const cJSON *crossings);

/* Appends `json` (the NUL-terminated output of a JSON printer) to `out` so
 * that it is safe inside an HTML <script> element and still the same JSON
 * value: '<' '>' '&' become \u003c \u003e \u0026, and the UTF-8 encodings of
 * U+2028 / U+2029 become \u2028 / \u2029. This is correct because JSON text
 * can hold these characters only inside strings, where \u escapes mean the
 * same character. Returns EVM_OK or EVM_ERR_NOMEM (`out` then holds a prefix). */
evm_error evm_json_script_escape(const char *json, evm_buf *out);

/* Appends `text` to `out` with & < > " ' written as HTML character
 * references, for element content and quoted attribute values.
 * Returns EVM_OK or EVM_ERR_NOMEM. */
evm_error evm_html_escape(const char *text, evm_buf *out);

#endif
