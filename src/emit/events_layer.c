#include "emit/events_layer.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "emit/geojson_util.h"
#include "emit/json_print.h"
#include "emit/lines.h"
#include "emit/qml.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static bool add_span(cJSON *o, const char *key, const char *text, evm_span sp)
{
    char *s = evm_strndup(text + sp.start, sp.end - sp.start);
    bool ok = s && evm_json_add_string(o, key, s) != NULL;
    evm_free(s);
    return ok;
}

/* snprintf(buf, 32, "%s%zu", prefix, v) for the feature ids (prefix of at
 * most 10 bytes: the text always fits), without printf. */
static void id_text(char buf[32], const char *prefix, size_t v)
{
    char digits[24];
    char *end = digits + sizeof digits, *d = end;
    do {
        *--d = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t n = strlen(prefix);
    memcpy(buf, prefix, n);
    memcpy(buf + n, d, (size_t)(end - d));
    buf[n + (size_t)(end - d)] = '\0';
}

static void place_id(const evm_place *p, char *buf, size_t size)
{
    if (size >= 32 && p->geonameid >= 0)
        id_text(buf, "place-", (size_t)p->geonameid); /* "place-%d" */
    else if (size >= 32)
        id_text(buf, "place-e", p->entry); /* "place-e%u" */
    else if (p->geonameid >= 0)
        snprintf(buf, size, "place-%d", p->geonameid);
    else
        snprintf(buf, size, "place-e%u", (unsigned)p->entry);
}

/* snprintf(buf, 40, "%04d-%02d-%02d", y, m, d) without printf when every
 * field fits its width (0 <= y <= 9999, 0 <= m, d <= 99). */
static void date_text(char buf[40], int y, int m, int d)
{
    if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99) {
        snprintf(buf, 40, "%04d-%02d-%02d", y, m, d);
        return;
    }
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

/* Adds `f` (a Feature with `props`, given `id`) to `features`; frees both on failure. */
static bool add_feature(cJSON *features, cJSON *geom, cJSON *props, const char *id)
{
    cJSON *f = cJSON_CreateObject();
    bool ok = f && geom && props && evm_json_add_string(f, "type", "Feature") &&
              evm_json_add_string(f, "id", id);
    if (ok && evm_json_add_item(f, "geometry", geom))
        geom = NULL;
    else
        ok = false;
    if (ok && evm_json_add_item(f, "properties", props))
        props = NULL;
    else
        ok = false;
    if (ok && cJSON_AddItemToArray(features, f))
        return true;
    cJSON_Delete(geom);
    cJSON_Delete(props);
    cJSON_Delete(f);
    return false;
}

static cJSON *point_geometry(double lat, double lon)
{
    cJSON *g = cJSON_CreateObject();
    double xy[2] = {evm_round6(lon), evm_round6(lat)};
    cJSON *c = cJSON_CreateDoubleArray(xy, 2);
    if (!g || !c || !evm_json_add_string(g, "type", "Point") ||
        !evm_json_add_item(g, "coordinates", c)) {
        cJSON_Delete(g);
        cJSON_Delete(c);
        return NULL;
    }
    return g;
}

evm_error evm_events_layer(const evm_gazetteer *gz, const evm_doc *doc,
                           const evm_event_list *events, const char *name, cJSON **out)
{
    cJSON *fc = evm_geojson_collection(name);
    if (!fc)
        return EVM_ERR_NOMEM;
    cJSON *features = cJSON_GetObjectItem(fc, "features");
    evm_error err = EVM_OK;
    for (size_t i = 0; i < events->count && !err; i++) {
        const evm_event *e = &events->items[i];
        evm_place p;
        if ((err = evm_gazetteer_place(gz, e->location, &p)) != EVM_OK)
            break;
        char id[32], pid[48], date[40];
        id_text(id, "event-", i + 1);
        place_id(&p, pid, sizeof pid);
        cJSON *props = cJSON_CreateObject();
        cJSON *actors = cJSON_CreateArray();
        bool ok = props && actors && evm_json_add_string(props, "id", id) &&
                  evm_json_add_string(props, "type", evm_event_type_name(e->type)) &&
                  add_span(props, "trigger", doc->text, e->trigger) &&
                  evm_json_add_string(props, "lemma", e->lemma ? e->lemma : "") &&
                  (e->cameo ? evm_json_add_string(props, "cameo", e->cameo)
                            : evm_json_add_null(props, "cameo")) != NULL;
        for (size_t a = 0; ok && a < e->actor_count; a++) {
            cJSON *s = cJSON_CreateString(e->actors[a].name);
            ok = s && cJSON_AddItemToArray(actors, s);
            if (!ok)
                cJSON_Delete(s);
        }
        if (ok && evm_json_add_item(props, "actors", actors))
            actors = NULL;
        else
            ok = false;
        ok = ok && evm_json_add_string(props, "place", p.name) &&
             evm_json_add_string(props, "place_id", pid);
        if (ok && e->has_date && e->date.year > 0) {
            date_text(date, e->date.year, e->date.month ? e->date.month : 1,
                      e->date.day ? e->date.day : 1);
            ok = evm_json_add_string(props, "date", date) &&
                 evm_json_add_string(props, "date_precision",
                                     evm_date_precision_name(e->date_precision)) &&
                 evm_json_add_string(props, "date_text", e->date_iso);
        } else if (ok) {
            ok = evm_json_add_null(props, "date") && evm_json_add_null(props, "date_precision") &&
                 evm_json_add_null(props, "date_text");
        }
        ok = ok && evm_json_add_string(props, "modality", evm_event_modality_name(e->modality)) &&
             add_span(props, "sentence", doc->text, e->sentence) &&
             evm_json_add_number(props, "start", (double)e->clause.start) &&
             evm_json_add_number(props, "end", (double)e->clause.end);
        cJSON_Delete(actors);
        if (!ok) {
            cJSON_Delete(props);
            err = EVM_ERR_NOMEM;
            break;
        }
        if (!add_feature(features, point_geometry(p.lat, p.lon), props, id))
            err = EVM_ERR_NOMEM;
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

/* ---- Records without a tree (evm_events_records) ---------------------------- */

#define PUT EVM_JSON_PUT_LIT

static evm_error event_record(const evm_doc *doc, const evm_event *e, size_t i, const evm_place *p,
                              const char *article_id, evm_buf *out)
{
    char id[32], pid[48], date[40];
    id_text(id, "event-", i + 1);
    place_id(p, pid, sizeof pid);
    /* Member order as add_feature() and evm_events_layer() add them. */
    evm_error err = PUT(out, "{\"type\":\"Feature\",\"id\":");
    if (!err)
        err = evm_json_put_cstr(out, id);
    if (!err)
        err = PUT(out, ",\"geometry\":");
    if (!err)
        err = evm_geojson_point_put(out, p->lat, p->lon);
    if (!err)
        err = PUT(out, ",\"properties\":{\"id\":");
    if (!err)
        err = evm_json_put_cstr(out, id);
    if (!err)
        err = PUT(out, ",\"type\":");
    if (!err)
        err = evm_json_put_cstr(out, evm_event_type_name(e->type));
    if (!err)
        err = PUT(out, ",\"trigger\":");
    if (!err)
        err =
            evm_json_put_text(out, doc->text + e->trigger.start, e->trigger.end - e->trigger.start);
    if (!err)
        err = PUT(out, ",\"lemma\":");
    if (!err)
        err = evm_json_put_cstr(out, e->lemma ? e->lemma : "");
    if (!err)
        err = PUT(out, ",\"cameo\":");
    if (!err)
        err = e->cameo ? evm_json_put_cstr(out, e->cameo) : PUT(out, "null");
    if (!err)
        err = PUT(out, ",\"actors\":[");
    for (size_t a = 0; !err && a < e->actor_count; a++) {
        if (a)
            err = PUT(out, ",");
        if (!err)
            err = evm_json_put_cstr(out, e->actors[a].name);
    }
    if (!err)
        err = PUT(out, "],\"place\":");
    if (!err)
        err = evm_json_put_cstr(out, p->name);
    if (!err)
        err = PUT(out, ",\"place_id\":");
    if (!err)
        err = evm_json_put_cstr(out, pid);
    if (!err && e->has_date && e->date.year > 0) {
        date_text(date, e->date.year, e->date.month ? e->date.month : 1,
                  e->date.day ? e->date.day : 1);
        err = PUT(out, ",\"date\":");
        if (!err)
            err = evm_json_put_cstr(out, date);
        if (!err)
            err = PUT(out, ",\"date_precision\":");
        if (!err)
            err = evm_json_put_cstr(out, evm_date_precision_name(e->date_precision));
        if (!err)
            err = PUT(out, ",\"date_text\":");
        if (!err)
            err = evm_json_put_cstr(out, e->date_iso);
    } else if (!err) {
        err = PUT(out, ",\"date\":null,\"date_precision\":null,\"date_text\":null");
    }
    if (!err)
        err = PUT(out, ",\"modality\":");
    if (!err)
        err = evm_json_put_cstr(out, evm_event_modality_name(e->modality));
    if (!err)
        err = PUT(out, ",\"sentence\":");
    if (!err)
        err = evm_json_put_text(out, doc->text + e->sentence.start,
                                e->sentence.end - e->sentence.start);
    if (!err)
        err = PUT(out, ",\"start\":");
    if (!err)
        err = evm_json_put_size(out, e->clause.start);
    if (!err)
        err = PUT(out, ",\"end\":");
    if (!err)
        err = evm_json_put_size(out, e->clause.end);
    if (!err)
        err = evm_json_put_origin(out, article_id, evm_layer_kind_name(EVM_LAYER_EVENTS));
    if (!err)
        err = PUT(out, "}}\n");
    return err;
}

evm_error evm_events_records(const evm_gazetteer *gz, const evm_doc *doc,
                             const evm_event_list *events, const char *article_id,
                             const char *prefix, evm_buf *out, size_t *count)
{
    size_t start = out->len;
    size_t n = 0;
    evm_error err = EVM_OK;
    for (size_t i = 0; i < events->count && !err; i++) {
        const evm_event *e = &events->items[i];
        evm_place p;
        if ((err = evm_gazetteer_place(gz, e->location, &p)) != EVM_OK)
            break;
        err = prefix && *prefix ? evm_json_put_raw(out, prefix, strlen(prefix)) : EVM_OK;
        if (!err)
            err = event_record(doc, e, i, &p, article_id, out);
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

evm_error evm_routes_layers(const evm_gazetteer *gz, const evm_itinerary_list *routes,
                            const char *routes_name, const char *crossings_name, cJSON **routes_out,
                            cJSON **crossings_out)
{
    cJSON *rfc = evm_geojson_collection(routes_name);
    cJSON *cfc = evm_geojson_collection(crossings_name);
    if (!rfc || !cfc) {
        cJSON_Delete(rfc);
        cJSON_Delete(cfc);
        return EVM_ERR_NOMEM;
    }
    bool any_cut = false;
    for (size_t r = 0; r < routes->count; r++)
        any_cut = any_cut || routes->items[r].line.part_count > 1;
    cJSON *rfeatures = cJSON_GetObjectItem(rfc, "features");
    cJSON *cfeatures = cJSON_GetObjectItem(cfc, "features");
    evm_error err = EVM_OK;
    size_t crossing_no = 0;
    evm_buf legs = {0};
    for (size_t r = 0; r < routes->count && !err; r++) {
        const evm_itinerary *it = &routes->items[r];
        char id[32];
        id_text(id, "route-", r + 1);
        cJSON *props = cJSON_CreateObject();
        cJSON *places = cJSON_CreateArray();
        legs.len = 0;
        bool ok = props && places && evm_json_add_string(props, "id", id) &&
                  evm_json_add_string(props, "actor", it->actor) &&
                  evm_json_add_string(props, "actor_kind", evm_actor_kind_name(it->actor_kind)) &&
                  evm_json_add_number(props, "legs", (double)it->line.leg_count) &&
                  evm_json_add_number(props, "distance_km", round(it->line.total_m / 100.0) / 10.0);
        for (size_t k = 0; ok && k < it->line.leg_count; k++)
            ok = evm_buf_printf(&legs, "%s%.1f", k ? "; " : "", it->line.leg_m[k] / 1e3) == EVM_OK;
        ok = ok && evm_json_add_string(props, "legs_km", legs.data ? legs.data : "");
        for (size_t k = 0; ok && k < it->stop_count; k++) {
            evm_place p;
            ok = evm_gazetteer_place(gz, it->stops[k].entry, &p) == EVM_OK;
            cJSON *s = ok ? cJSON_CreateString(p.name) : NULL;
            ok = s && cJSON_AddItemToArray(places, s);
            if (!ok)
                cJSON_Delete(s);
        }
        if (ok && evm_json_add_item(props, "places", places))
            places = NULL;
        else
            ok = false;
        ok = ok && evm_json_add_bool(props, "inferred_origin",
                                     it->stop_count > 0 && it->stops[0].inferred);
        cJSON_Delete(places);
        if (!ok) {
            cJSON_Delete(props);
            err = EVM_ERR_NOMEM;
            break;
        }
        if (!add_feature(rfeatures, evm_geojson_polyline(&it->line, any_cut), props, id)) {
            err = EVM_ERR_NOMEM;
            break;
        }
        for (size_t k = 0; k < it->crossing_count && !err; k++) {
            const evm_border_crossing *bc = &it->crossings[k];
            evm_place from, to;
            bool has_from = bc->from_entry != EVM_NO_ENTRY &&
                            evm_gazetteer_place(gz, bc->from_entry, &from) == EVM_OK;
            bool has_to = bc->to_entry != EVM_NO_ENTRY &&
                          evm_gazetteer_place(gz, bc->to_entry, &to) == EVM_OK;
            char cid[32];
            id_text(cid, "crossing-", ++crossing_no);
            cJSON *cp = cJSON_CreateObject();
            bool cok = cp && evm_json_add_string(cp, "id", cid) &&
                       evm_json_add_string(cp, "route_id", id) &&
                       evm_json_add_string(cp, "actor", it->actor) &&
                       evm_json_add_string(cp, "from_country", has_from ? from.country_code : "") &&
                       evm_json_add_string(cp, "to_country", has_to ? to.country_code : "") &&
                       evm_json_add_string(cp, "from_name", has_from ? from.name : "") &&
                       evm_json_add_string(cp, "to_name", has_to ? to.name : "") &&
                       evm_json_add_number(cp, "km_from_start", round(bc->along_m / 100.0) / 10.0);
            if (!cok) {
                cJSON_Delete(cp);
                err = EVM_ERR_NOMEM;
            } else if (!add_feature(cfeatures, point_geometry(bc->lat, bc->lon), cp, cid)) {
                err = EVM_ERR_NOMEM;
            }
        }
    }
    evm_buf_free(&legs);
    if (!err)
        err = evm_geojson_add_bbox(rfc);
    if (!err)
        err = evm_geojson_add_bbox(cfc);
    if (err) {
        cJSON_Delete(rfc);
        cJSON_Delete(cfc);
        return err;
    }
    *routes_out = rfc;
    *crossings_out = cfc;
    return EVM_OK;
}

/* Appends "article_id" and "layer" and closes the properties and the feature. */
static evm_error record_end(evm_buf *out, const char *article_id, evm_layer_kind kind)
{
    evm_error err = evm_json_put_origin(out, article_id, evm_layer_kind_name(kind));
    return err ? err : PUT(out, "}}\n");
}

static evm_error record_begin(evm_buf *out, const char *prefix, const char *id)
{
    evm_error err = prefix && *prefix ? evm_json_put_raw(out, prefix, strlen(prefix)) : EVM_OK;
    if (!err)
        err = PUT(out, "{\"type\":\"Feature\",\"id\":");
    if (!err)
        err = evm_json_put_cstr(out, id);
    return err ? err : PUT(out, ",\"geometry\":");
}

static evm_error crossing_record(const evm_gazetteer *gz, const evm_itinerary *it,
                                 const evm_border_crossing *bc, size_t no, const char *route_id,
                                 const char *article_id, const char *prefix, evm_buf *out)
{
    evm_place from, to;
    bool has_from =
        bc->from_entry != EVM_NO_ENTRY && evm_gazetteer_place(gz, bc->from_entry, &from) == EVM_OK;
    bool has_to =
        bc->to_entry != EVM_NO_ENTRY && evm_gazetteer_place(gz, bc->to_entry, &to) == EVM_OK;
    char cid[32];
    id_text(cid, "crossing-", no);
    evm_error err = record_begin(out, prefix, cid);
    if (!err)
        err = evm_geojson_point_put(out, bc->lat, bc->lon);
    if (!err)
        err = PUT(out, ",\"properties\":{\"id\":");
    if (!err)
        err = evm_json_put_cstr(out, cid);
    if (!err)
        err = PUT(out, ",\"route_id\":");
    if (!err)
        err = evm_json_put_cstr(out, route_id);
    if (!err)
        err = PUT(out, ",\"actor\":");
    if (!err)
        err = evm_json_put_cstr(out, it->actor);
    if (!err)
        err = PUT(out, ",\"from_country\":");
    if (!err)
        err = evm_json_put_cstr(out, has_from ? from.country_code : "");
    if (!err)
        err = PUT(out, ",\"to_country\":");
    if (!err)
        err = evm_json_put_cstr(out, has_to ? to.country_code : "");
    if (!err)
        err = PUT(out, ",\"from_name\":");
    if (!err)
        err = evm_json_put_cstr(out, has_from ? from.name : "");
    if (!err)
        err = PUT(out, ",\"to_name\":");
    if (!err)
        err = evm_json_put_cstr(out, has_to ? to.name : "");
    if (!err)
        err = PUT(out, ",\"km_from_start\":");
    if (!err)
        err = evm_json_put_number(out, round(bc->along_m / 100.0) / 10.0);
    return err ? err : record_end(out, article_id, EVM_LAYER_CROSSINGS);
}

evm_error evm_routes_records(const evm_gazetteer *gz, const evm_itinerary_list *routes,
                             const char *article_id, const char *prefix, evm_buf *routes_out,
                             evm_buf *crossings_out, size_t *routes_count, size_t *crossings_count)
{
    size_t rstart = routes_out->len, cstart = crossings_out->len;
    bool any_cut = false;
    for (size_t r = 0; r < routes->count; r++)
        any_cut = any_cut || routes->items[r].line.part_count > 1;
    evm_error err = EVM_OK;
    size_t crossing_no = 0, nr = 0;
    evm_buf legs = {0};
    for (size_t r = 0; r < routes->count && !err; r++) {
        const evm_itinerary *it = &routes->items[r];
        char id[32];
        id_text(id, "route-", r + 1);
        legs.len = 0;
        for (size_t k = 0; !err && k < it->line.leg_count; k++)
            err = evm_buf_printf(&legs, "%s%.1f", k ? "; " : "", it->line.leg_m[k] / 1e3);
        if (!err)
            err = record_begin(routes_out, prefix, id);
        if (!err)
            err = evm_geojson_polyline_put(routes_out, &it->line, any_cut);
        if (!err)
            err = PUT(routes_out, ",\"properties\":{\"id\":");
        if (!err)
            err = evm_json_put_cstr(routes_out, id);
        if (!err)
            err = PUT(routes_out, ",\"actor\":");
        if (!err)
            err = evm_json_put_cstr(routes_out, it->actor);
        if (!err)
            err = PUT(routes_out, ",\"actor_kind\":");
        if (!err)
            err = evm_json_put_cstr(routes_out, evm_actor_kind_name(it->actor_kind));
        if (!err)
            err = PUT(routes_out, ",\"legs\":");
        if (!err)
            err = evm_json_put_size(routes_out, it->line.leg_count);
        if (!err)
            err = PUT(routes_out, ",\"distance_km\":");
        if (!err)
            err = evm_json_put_number(routes_out, round(it->line.total_m / 100.0) / 10.0);
        if (!err)
            err = PUT(routes_out, ",\"legs_km\":");
        if (!err)
            err = evm_json_put_cstr(routes_out, legs.data ? legs.data : "");
        if (!err)
            err = PUT(routes_out, ",\"places\":[");
        for (size_t k = 0; !err && k < it->stop_count; k++) {
            evm_place p;
            /* The tree path reports a failed lookup here as out of memory. */
            if (evm_gazetteer_place(gz, it->stops[k].entry, &p) != EVM_OK)
                err = EVM_ERR_NOMEM;
            if (!err && k)
                err = PUT(routes_out, ",");
            if (!err)
                err = evm_json_put_cstr(routes_out, p.name);
        }
        if (!err)
            err = PUT(routes_out, "],\"inferred_origin\":");
        if (!err)
            err = it->stop_count > 0 && it->stops[0].inferred ? PUT(routes_out, "true")
                                                              : PUT(routes_out, "false");
        if (!err)
            err = record_end(routes_out, article_id, EVM_LAYER_ROUTES);
        nr += !err;
        for (size_t k = 0; k < it->crossing_count && !err; k++)
            err = crossing_record(gz, it, &it->crossings[k], ++crossing_no, id, article_id, prefix,
                                  crossings_out);
    }
    evm_buf_free(&legs);
    if (err) {
        routes_out->len = rstart;
        crossings_out->len = cstart;
        if (routes_out->data)
            routes_out->data[rstart] = '\0';
        if (crossings_out->data)
            crossings_out->data[cstart] = '\0';
        return err;
    }
    *routes_count = nr;
    *crossings_count = crossing_no;
    return EVM_OK;
}
