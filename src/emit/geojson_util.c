#include "emit/geojson_util.h"

#include "emit/json_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static cJSON *add_cs(cJSON *o, const char *key, cJSON *item)
{
    if (!item)
        return NULL;
    if (!cJSON_AddItemToObjectCS(o, key, item)) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

cJSON *evm_json_add_string(cJSON *o, const char *key, const char *s)
{
    return add_cs(o, key, cJSON_CreateString(s));
}

cJSON *evm_json_add_number(cJSON *o, const char *key, double v)
{
    return add_cs(o, key, cJSON_CreateNumber(v));
}

cJSON *evm_json_add_null(cJSON *o, const char *key)
{
    return add_cs(o, key, cJSON_CreateNull());
}

cJSON *evm_json_add_bool(cJSON *o, const char *key, cJSON_bool b)
{
    return add_cs(o, key, cJSON_CreateBool(b));
}

cJSON *evm_json_add_array(cJSON *o, const char *key)
{
    return add_cs(o, key, cJSON_CreateArray());
}

cJSON_bool evm_json_add_item(cJSON *o, const char *key, cJSON *item)
{
    return cJSON_AddItemToObjectCS(o, key, item);
}

double evm_round6(double deg)
{
    double r = round(deg * 1e6) / 1e6;
    return r == 0.0 ? 0.0 : r; /* no "-0" in output */
}

cJSON *evm_geojson_collection(const char *name)
{
    cJSON *fc = cJSON_CreateObject();
    if (!fc)
        return NULL;
    if (!evm_json_add_string(fc, "type", "FeatureCollection") ||
        (name && !evm_json_add_string(fc, "name", name)) || !evm_json_add_array(fc, "features")) {
        cJSON_Delete(fc);
        return NULL;
    }
    return fc;
}

cJSON *evm_geojson_point_feature(double lat, double lon, cJSON *props)
{
    cJSON *f = cJSON_CreateObject();
    cJSON *geom = cJSON_CreateObject();
    double xy[2] = {evm_round6(lon), evm_round6(lat)};
    cJSON *coords = cJSON_CreateDoubleArray(xy, 2);
    if (!f || !geom || !coords || !evm_json_add_string(f, "type", "Feature") ||
        !evm_json_add_string(geom, "type", "Point") ||
        !evm_json_add_item(geom, "coordinates", coords)) {
        cJSON_Delete(f);
        cJSON_Delete(geom);
        cJSON_Delete(coords);
        cJSON_Delete(props);
        return NULL;
    }
    if (!evm_json_add_item(f, "geometry", geom)) {
        cJSON_Delete(f);
        cJSON_Delete(geom);
        cJSON_Delete(props);
        return NULL;
    }
    if (!evm_json_add_item(f, "properties", props)) {
        cJSON_Delete(f);
        cJSON_Delete(props);
        return NULL;
    }
    return f;
}

cJSON *evm_geojson_place_properties(const evm_place *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !evm_geojson_add_place_properties(o, p)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

bool evm_geojson_add_place_properties(cJSON *o, const evm_place *p)
{
    int ok = evm_json_add_string(o, "name", p->name) != NULL;
    ok = ok && (p->geonameid >= 0 ? evm_json_add_number(o, "geonameid", p->geonameid)
                                  : evm_json_add_null(o, "geonameid")) != NULL;
    ok = ok && evm_json_add_string(o, "feature_code", p->feature_code) != NULL;
    ok = ok && evm_json_add_string(o, "country_code", p->country_code) != NULL;
    ok = ok && evm_json_add_string(o, "admin1", p->admin1_name) != NULL;
    ok = ok && evm_json_add_number(o, "population", p->population) != NULL;
    ok = ok && evm_json_add_string(o, "kind", evm_place_kind_name(p->kind)) != NULL;
    return ok;
}

static void extend(const cJSON *coords, double box[4], int *any)
{
    if (!cJSON_IsArray(coords))
        return;
    const cJSON *first = cJSON_GetArrayItem(coords, 0);
    if (cJSON_IsNumber(first)) {
        const cJSON *second = cJSON_GetArrayItem(coords, 1);
        if (!cJSON_IsNumber(second))
            return;
        double x = first->valuedouble, y = second->valuedouble;
        if (!*any) {
            box[0] = box[2] = x;
            box[1] = box[3] = y;
            *any = 1;
        }
        box[0] = fmin(box[0], x);
        box[1] = fmin(box[1], y);
        box[2] = fmax(box[2], x);
        box[3] = fmax(box[3], y);
        return;
    }
    const cJSON *child;
    cJSON_ArrayForEach(child, coords) extend(child, box, any);
}

evm_error evm_geojson_add_bbox(cJSON *collection)
{
    double box[4] = {0};
    int any = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(collection, "features"))
    {
        const cJSON *g = cJSON_GetObjectItem(f, "geometry");
        extend(cJSON_GetObjectItem(g, "coordinates"), box, &any);
    }
    cJSON_DeleteItemFromObject(collection, "bbox");
    if (!any)
        return EVM_OK;
    cJSON *b = cJSON_CreateDoubleArray(box, 4);
    if (!b || !evm_json_add_item(collection, "bbox", b)) {
        cJSON_Delete(b);
        return EVM_ERR_NOMEM;
    }
    return EVM_OK;
}

evm_error evm_geojson_write(const cJSON *json, FILE *out, int pretty)
{
    char *text = pretty ? cJSON_Print(json) : cJSON_PrintUnformatted(json);
    if (!text)
        return EVM_ERR_NOMEM;
    size_t len = strlen(text);
    int ok = fwrite(text, 1, len, out) == len && fputc('\n', out) != EOF;
    cJSON_free(text);
    return ok ? EVM_OK : EVM_ERR_IO;
}

evm_error evm_geojson_print(const cJSON *json, FILE *out)
{
    return evm_geojson_write(json, out, 1);
}

evm_error evm_geojson_point_put(evm_buf *out, double lat, double lon)
{
    evm_error err = EVM_JSON_PUT_LIT(out, "{\"type\":\"Point\",\"coordinates\":[");
    if (!err)
        err = evm_json_put_round6(out, lon);
    if (!err)
        err = EVM_JSON_PUT_LIT(out, ",");
    if (!err)
        err = evm_json_put_round6(out, lat);
    return err ? err : EVM_JSON_PUT_LIT(out, "]}");
}
