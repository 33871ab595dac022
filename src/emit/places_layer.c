#include "emit/places_layer.h"

#include "core/alloc.h"
#include "emit/geojson_util.h"

#include <stdio.h>
#include <string.h>

static bool has_surface(const cJSON *surface, const char *s, size_t len)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, surface)
    {
        if (strlen(it->valuestring) == len && memcmp(it->valuestring, s, len) == 0)
            return true;
    }
    return false;
}

evm_error evm_places_layer(const evm_gazetteer *gz, const evm_doc *doc, const char *name,
                           cJSON **out)
{
    cJSON *fc = evm_geojson_collection(name);
    if (!fc)
        return EVM_ERR_NOMEM;
    cJSON *features = cJSON_GetObjectItem(fc, "features");
    evm_error err = EVM_OK;
    /* Mentions are few per article; a quadratic grouping is cheaper than a map. */
    for (size_t i = 0; i < doc->mention_count && !err; i++) {
        const evm_mention *m = &doc->mentions[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = doc->mentions[j].entry == m->entry;
        if (seen)
            continue;
        evm_place p;
        if ((err = evm_gazetteer_place(gz, m->entry, &p)) != EVM_OK)
            break;
        char id[48];
        if (p.geonameid >= 0)
            snprintf(id, sizeof id, "place-%d", p.geonameid);
        else
            snprintf(id, sizeof id, "place-e%u", (unsigned)p.entry);
        /* "id" also as the first property: GIS clients show it as a field. */
        cJSON *props = cJSON_CreateObject();
        if (props && (!evm_json_add_string(props, "id", id) ||
                      !evm_geojson_add_place_properties(props, &p))) {
            cJSON_Delete(props);
            props = NULL;
        }
        cJSON *surface = cJSON_CreateArray();
        cJSON *mentions = cJSON_CreateArray();
        const evm_mention *best = m;
        bool ok = props && surface && mentions;
        for (size_t j = i; j < doc->mention_count && ok; j++) {
            const evm_mention *o = &doc->mentions[j];
            if (o->entry != m->entry)
                continue;
            if (o->confidence > best->confidence)
                best = o;
            const char *s = doc->text + o->start;
            size_t len = o->end - o->start;
            if (!has_surface(surface, s, len)) {
                char *copy = evm_strndup(s, len);
                cJSON *str = copy ? cJSON_CreateString(copy) : NULL;
                evm_free(copy);
                ok = str && cJSON_AddItemToArray(surface, str);
                if (!ok)
                    cJSON_Delete(str);
            }
            cJSON *mo = cJSON_CreateObject();
            ok = ok && mo && evm_json_add_number(mo, "start", (double)o->start) &&
                 evm_json_add_number(mo, "end", (double)o->end) &&
                 evm_json_add_bool(mo, "demonym", o->demonym);
            if (ok && !cJSON_AddItemToArray(mentions, mo))
                ok = false;
            if (!ok)
                cJSON_Delete(mo);
        }
        if (ok) {
            /* Property order: name first, then what the mentions say. */
            /* Adding copies the key and can fail: the item is then not attached. */
            ok = evm_json_add_item(props, "surface", surface);
            if (ok)
                surface = NULL;
            ok = ok && evm_json_add_item(props, "mentions", mentions);
            if (ok)
                mentions = NULL;
            ok = ok &&
                 evm_json_add_number(props, "confidence",
                                     (double)((int)(best->confidence * 1000 + 0.5)) / 1000) &&
                 evm_json_add_string(props, "reason", best->reason);
        }
        cJSON_Delete(surface);
        cJSON_Delete(mentions);
        cJSON *f = ok ? evm_geojson_point_feature(p.lat, p.lon, props) : NULL;
        if (!ok)
            cJSON_Delete(props);
        if (!f || !evm_json_add_string(f, "id", id) || !cJSON_AddItemToArray(features, f)) {
            cJSON_Delete(f);
            err = EVM_ERR_NOMEM;
        }
    }
    if (!err)
        err = evm_geojson_add_bbox(fc);
    if (err) {
        cJSON_Delete(fc);
        return err;
    }
    *out = fc;
    return EVM_OK;
}
