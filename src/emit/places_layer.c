#include "emit/places_layer.h"

#include "core/alloc.h"
#include "emit/geojson_util.h"
#include "emit/json_print.h"
#include "emit/qml.h"

#include <stdio.h>
#include <string.h>

/* Is mention i the first of its place (one feature per distinct place)?
 * Mentions are few per article; a quadratic scan is cheaper than a map. */
static bool first_of_place(const evm_doc *doc, size_t i)
{
    for (size_t j = 0; j < i; j++) {
        if (doc->mentions[j].entry == doc->mentions[i].entry)
            return false;
    }
    return true;
}

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
    for (size_t i = 0; i < doc->mention_count && !err; i++) {
        if (!first_of_place(doc, i))
            continue;
        const evm_mention *m = &doc->mentions[i];
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

/* ---- Records without a tree (evm_places_records) ---------------------------- */

/* A literal. */
#define PUT EVM_JSON_PUT_LIT

/* The surface as the tree keeps it: evm_strndup() then cJSON_CreateString()
 * stop at a NUL byte. */
static size_t surface_len(const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    return nul ? (size_t)(nul - s) : len;
}

/* The feature id evm_places_layer() prints with "place-%d" or "place-e%u"
 * (without snprintf); returns its length. */
static size_t place_id(char id[48], const evm_place *p)
{
    char digits[16];
    char *end = digits + sizeof digits, *d = end;
    uint32_t v = p->geonameid >= 0 ? (uint32_t)p->geonameid : p->entry;
    do {
        *--d = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t n = p->geonameid >= 0 ? 6 : 7;
    memcpy(id, "place-e", n);
    memcpy(id + n, d, (size_t)(end - d));
    n += (size_t)(end - d);
    id[n] = '\0';
    return n;
}

static evm_error place_record(const evm_place *p, const evm_doc *doc, size_t i,
                              const char *article_id, evm_buf *out)
{
    const evm_mention *m = &doc->mentions[i];
    char id[48];
    size_t id_len = place_id(id, p);
    evm_error err = PUT(out, "{\"type\":\"Feature\",\"geometry\":");
    if (!err)
        err = evm_geojson_point_put(out, p->lat, p->lon);
    if (!err)
        err = PUT(out, ",\"properties\":{\"id\":");
    if (!err)
        err = evm_json_put_string(out, id, id_len);
    if (!err)
        err = PUT(out, ",\"name\":");
    if (!err)
        err = evm_json_put_cstr(out, p->name);
    if (!err)
        err = PUT(out, ",\"geonameid\":");
    if (!err)
        err = p->geonameid >= 0 ? evm_json_put_size(out, (size_t)p->geonameid) : PUT(out, "null");
    if (!err)
        err = PUT(out, ",\"feature_code\":");
    if (!err)
        err = evm_json_put_cstr(out, p->feature_code);
    if (!err)
        err = PUT(out, ",\"country_code\":");
    if (!err)
        err = evm_json_put_cstr(out, p->country_code);
    if (!err)
        err = PUT(out, ",\"admin1\":");
    if (!err)
        err = evm_json_put_cstr(out, p->admin1_name);
    if (!err)
        err = PUT(out, ",\"population\":");
    if (!err)
        err = evm_json_put_size(out, p->population);
    if (!err)
        err = PUT(out, ",\"kind\":");
    if (!err)
        err = evm_json_put_cstr(out, evm_place_kind_name(p->kind));
    if (!err)
        err = PUT(out, ",\"surface\":[");
    /* Distinct surfaces, in order: the first mention of each. */
    bool first = true;
    for (size_t j = i; j < doc->mention_count && !err; j++) {
        const evm_mention *o = &doc->mentions[j];
        if (o->entry != m->entry)
            continue;
        const char *s = doc->text + o->start;
        size_t len = o->end - o->start;
        bool seen = false;
        for (size_t k = i; k < j && !seen; k++) {
            const evm_mention *e = &doc->mentions[k];
            const char *es = doc->text + e->start;
            seen = e->entry == m->entry && surface_len(es, e->end - e->start) == len &&
                   memcmp(es, s, len) == 0;
        }
        if (seen)
            continue;
        if (!first)
            err = PUT(out, ",");
        first = false;
        if (!err)
            err = evm_json_put_text(out, s, len);
    }
    if (!err)
        err = PUT(out, "],\"mentions\":[");
    const evm_mention *best = m;
    first = true;
    for (size_t j = i; j < doc->mention_count && !err; j++) {
        const evm_mention *o = &doc->mentions[j];
        if (o->entry != m->entry)
            continue;
        if (o->confidence > best->confidence)
            best = o;
        err = first ? PUT(out, "{\"start\":") : PUT(out, ",{\"start\":");
        first = false;
        if (!err)
            err = evm_json_put_size(out, o->start);
        if (!err)
            err = PUT(out, ",\"end\":");
        if (!err)
            err = evm_json_put_size(out, o->end);
        if (!err)
            err = o->demonym ? PUT(out, ",\"demonym\":true}") : PUT(out, ",\"demonym\":false}");
    }
    if (!err)
        err = PUT(out, "],\"confidence\":");
    if (!err)
        err = evm_json_put_milli(out, (int)(best->confidence * 1000 + 0.5));
    if (!err)
        err = PUT(out, ",\"reason\":");
    if (!err)
        err = evm_json_put_cstr(out, best->reason);
    if (!err)
        err = evm_json_put_origin(out, article_id, evm_layer_kind_name(EVM_LAYER_PLACES));
    if (!err)
        err = PUT(out, "},\"id\":");
    if (!err)
        err = evm_json_put_string(out, id, id_len);
    if (!err)
        err = PUT(out, "}\n");
    return err;
}

evm_error evm_places_records(const evm_gazetteer *gz, const evm_doc *doc, const char *article_id,
                             const char *prefix, evm_buf *out, size_t *count)
{
    size_t start = out->len;
    size_t n = 0;
    evm_error err = EVM_OK;
    for (size_t i = 0; i < doc->mention_count && !err; i++) {
        if (!first_of_place(doc, i))
            continue;
        evm_place p;
        if ((err = evm_gazetteer_place(gz, doc->mentions[i].entry, &p)) != EVM_OK)
            break;
        err = prefix && *prefix ? evm_json_put_raw(out, prefix, strlen(prefix)) : EVM_OK;
        if (!err)
            err = place_record(&p, doc, i, article_id, out);
        n += !err;
    }
    if (err) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return err;
    }
    *count = n;
    return EVM_OK;
}
