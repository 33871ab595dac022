#include "emit/html.h"

#include "core/alloc.h"
#include "emit_assets.h"

#include <string.h>

evm_error evm_json_script_escape(const char *json, evm_buf *out)
{
    const unsigned char *s = (const unsigned char *)json;
    size_t run = 0; /* bytes copied verbatim since the last escape */
    for (size_t i = 0;; i++) {
        const char *rep = NULL;
        size_t skip = 1;
        unsigned char c = s[i];
        if (c == '<')
            rep = "\\u003c";
        else if (c == '>')
            rep = "\\u003e";
        else if (c == '&')
            rep = "\\u0026";
        else if (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            rep = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (!rep && c != '\0')
            continue;
        if (evm_buf_append(out, json + run, i - run) != EVM_OK)
            return EVM_ERR_NOMEM;
        if (c == '\0')
            return EVM_OK;
        if (evm_buf_puts(out, rep) != EVM_OK)
            return EVM_ERR_NOMEM;
        i += skip - 1;
        run = i + 1;
    }
}

evm_error evm_html_escape(const char *text, evm_buf *out)
{
    size_t run = 0;
    for (size_t i = 0;; i++) {
        const char *rep;
        switch (text[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\0':
            rep = NULL;
            break;
        default:
            continue;
        }
        if (evm_buf_append(out, text + run, i - run) != EVM_OK)
            return EVM_ERR_NOMEM;
        if (!rep)
            return EVM_OK;
        if (evm_buf_puts(out, rep) != EVM_OK)
            return EVM_ERR_NOMEM;
        run = i + 1;
    }
}

/* Appends `"key":` and the escaped JSON of `layer` (an empty collection when
 * NULL) to the page data object. */
static evm_error append_layer(evm_buf *b, const char *key, const cJSON *layer)
{
    if (layer && !cJSON_IsObject(layer))
        return EVM_ERR_ARG;
    if (evm_buf_printf(b, ",\"%s\":", key) != EVM_OK)
        return EVM_ERR_NOMEM;
    if (!layer)
        return evm_buf_puts(b, "{\"type\":\"FeatureCollection\",\"features\":[]}");
    char *json = cJSON_PrintUnformatted(layer);
    if (!json)
        return EVM_ERR_NOMEM;
    evm_error err = evm_json_script_escape(json, b);
    cJSON_free(json);
    return err;
}

static evm_error build_page(evm_buf *b, const char *title, const cJSON *const layers[5])
{
    static const char *const keys[5] = {"places", "events", "routes", "claims", "crossings"};

    /* The licence goes in a JS block comment: it must not close it. */
    if (strstr((const char *)evm_asset_leaflet_license, "*/"))
        return EVM_ERR_INTERNAL;

    /* The title as a JSON string, for the page heading. */
    cJSON *jt = cJSON_CreateString(title);
    char *title_json = jt ? cJSON_PrintUnformatted(jt) : NULL;
    cJSON_Delete(jt);
    if (!title_json)
        return EVM_ERR_NOMEM;

    evm_error err = evm_buf_puts(
        b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"evmap " EVM_VERSION_STRING "\">\n<title>");
    err = err ? err : evm_html_escape(title, b);
    err = err ? err : evm_buf_puts(b, "</title>\n<style>\n/* evm:leaflet-css-begin */\n");
    err = err ? err : evm_buf_puts(b, (const char *)evm_asset_leaflet_css);
    err = err ? err : evm_buf_puts(b, "/* evm:leaflet-css-end */\n</style>\n<style>\n");
    err = err ? err : evm_buf_puts(b, (const char *)evm_asset_page_map_css);
    err = err ? err
              : evm_buf_puts(b, "</style>\n</head>\n<body>\n<div id=\"map\"></div>\n"
                                "<div id=\"evm-status\" data-state=\"loading\"></div>\n"
                                "<script type=\"application/json\" id=\"evm-data\">{\"title\":");
    err = err ? err : evm_json_script_escape(title_json, b);
    cJSON_free(title_json);
    for (int i = 0; i < 5 && !err; i++)
        err = append_layer(b, keys[i], layers[i]);
    err =
        err ? err
            : evm_buf_puts(b, "}</script>\n<script type=\"application/json\" id=\"evm-basemap\">");
    /* The basemap is our own prepared file, but it goes through the same
     * escaping so that no asset can end the element. */
    err = err ? err : evm_json_script_escape((const char *)evm_asset_basemap_geojson, b);
    err = err ? err
              : evm_buf_puts(b, "</script>\n<script>\n/* evm:leaflet-begin\n"
                                "Leaflet 1.9.4 (npm leaflet@1.9.4, dist/leaflet.js, unmodified)."
                                " Licence:\n\n");
    err = err ? err : evm_buf_puts(b, (const char *)evm_asset_leaflet_license);
    err = err ? err : evm_buf_puts(b, "*/\n");
    err = err ? err : evm_buf_puts(b, (const char *)evm_asset_leaflet_js);
    err = err ? err : evm_buf_puts(b, "\n/* evm:leaflet-end */\n</script>\n<script>\n");
    err = err ? err : evm_buf_puts(b, (const char *)evm_asset_page_map_js);
    err = err ? err : evm_buf_puts(b, "</script>\n</body>\n</html>\n");
    return err;
}

evm_error evm_emit_map_html(FILE *out, const char *title, const cJSON *places, const cJSON *events,
                            const cJSON *routes, const cJSON *claims, const cJSON *crossings)
{
    const cJSON *const layers[5] = {places, events, routes, claims, crossings};
    evm_buf page = {0};
    evm_error err = build_page(&page, title ? title : "evmap", layers);
    if (err == EVM_OK && fwrite(page.data, 1, page.len, out) != page.len)
        err = EVM_ERR_IO;
    if (err == EVM_OK && fflush(out) != 0)
        err = EVM_ERR_IO;
    evm_buf_free(&page);
    return err;
}
