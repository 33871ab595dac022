#include "emit/lines.h"

#include "emit/geojson_util.h"
#include "emit/json_print.h"

static cJSON *part_coords(const evm_polyline *pl, size_t part)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = pl->part_start[part]; arr && i < pl->part_start[part + 1]; i++) {
        double xy[2] = {evm_round6(pl->coords[2 * i]), evm_round6(pl->coords[2 * i + 1])};
        cJSON *pt = cJSON_CreateDoubleArray(xy, 2);
        if (!pt || !cJSON_AddItemToArray(arr, pt)) {
            cJSON_Delete(pt);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

cJSON *evm_geojson_polyline(const evm_polyline *pl, bool force_multi)
{
    bool multi = force_multi || pl->part_count > 1;
    cJSON *g = cJSON_CreateObject();
    if (!g || !evm_json_add_string(g, "type", multi ? "MultiLineString" : "LineString")) {
        cJSON_Delete(g);
        return NULL;
    }
    cJSON *coords;
    if (!multi) {
        coords = part_coords(pl, 0);
    } else {
        coords = cJSON_CreateArray();
        for (size_t p = 0; coords && p < pl->part_count; p++) {
            cJSON *part = part_coords(pl, p);
            if (!part || !cJSON_AddItemToArray(coords, part)) {
                cJSON_Delete(part);
                cJSON_Delete(coords);
                coords = NULL;
            }
        }
    }
    if (!coords || !evm_json_add_item(g, "coordinates", coords)) {
        cJSON_Delete(coords);
        cJSON_Delete(g);
        return NULL;
    }
    return g;
}

static evm_error part_put(evm_buf *out, const evm_polyline *pl, size_t part)
{
    evm_error err = EVM_JSON_PUT_LIT(out, "[");
    for (size_t i = pl->part_start[part]; !err && i < pl->part_start[part + 1]; i++) {
        err = i > pl->part_start[part] ? EVM_JSON_PUT_LIT(out, ",[") : EVM_JSON_PUT_LIT(out, "[");
        if (!err)
            err = evm_json_put_round6(out, pl->coords[2 * i]);
        if (!err)
            err = EVM_JSON_PUT_LIT(out, ",");
        if (!err)
            err = evm_json_put_round6(out, pl->coords[2 * i + 1]);
        if (!err)
            err = EVM_JSON_PUT_LIT(out, "]");
    }
    return err ? err : EVM_JSON_PUT_LIT(out, "]");
}

evm_error evm_geojson_polyline_put(evm_buf *out, const evm_polyline *pl, bool force_multi)
{
    bool multi = force_multi || pl->part_count > 1;
    evm_error err = multi ? EVM_JSON_PUT_LIT(out, "{\"type\":\"MultiLineString\",\"coordinates\":")
                          : EVM_JSON_PUT_LIT(out, "{\"type\":\"LineString\",\"coordinates\":");
    if (!err && !multi) {
        err = part_put(out, pl, 0);
    } else if (!err) {
        err = EVM_JSON_PUT_LIT(out, "[");
        for (size_t p = 0; !err && p < pl->part_count; p++) {
            if (p)
                err = EVM_JSON_PUT_LIT(out, ",");
            if (!err)
                err = part_put(out, pl, p);
        }
        if (!err)
            err = EVM_JSON_PUT_LIT(out, "]");
    }
    return err ? err : EVM_JSON_PUT_LIT(out, "}");
}
