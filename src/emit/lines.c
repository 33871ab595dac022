#include "emit/lines.h"

#include "emit/geojson_util.h"

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
