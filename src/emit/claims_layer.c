#include "emit/claims_layer.h"

#include "core/alloc.h"
#include "emit/geojson_util.h"
#include "emit/json_print.h"
#include "emit/lines.h"
#include "emit/qml.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool evm_claim_failed(const evm_checked_claim *c)
{
    return c->check.distance == EVM_DISTANCE_INACCURATE ||
           c->check.direction == EVM_DIRECTION_WRONG ||
           c->check.containment == EVM_CONTAINMENT_WRONG;
}

static bool add_num(cJSON *o, const char *key, double v, double scale)
{
    if (!isfinite(v))
        return evm_json_add_null(o, key) != NULL;
    return evm_json_add_number(o, key, round(v * scale) / scale) != NULL;
}

static bool add_span(cJSON *o, const char *key, const char *text, size_t a, size_t b)
{
    if (a >= b)
        return evm_json_add_null(o, key) != NULL;
    char *s = evm_strndup(text + a, b - a);
    bool ok = s && evm_json_add_string(o, key, s) != NULL;
    evm_free(s);
    return ok;
}

static bool add_entry_name(const evm_gazetteer *gz, cJSON *o, const char *key, uint32_t entry)
{
    evm_place p;
    if (entry == EVM_NO_ENTRY || evm_gazetteer_place(gz, entry, &p) != EVM_OK)
        return evm_json_add_null(o, key) != NULL;
    return evm_json_add_string(o, key, p.name) != NULL;
}

static cJSON *claim_properties(const evm_gazetteer *gz, const char *text,
                               const evm_checked_claim *c, const char *id)
{
    const evm_claim *cl = &c->claim;
    const evm_claim_check *k = &c->check;
    cJSON *o = cJSON_CreateObject();
    bool ok = o && evm_json_add_string(o, "id", id) &&
              evm_json_add_string(o, "kind", evm_claim_kind_name(cl->kind)) &&
              add_span(o, "text", text, c->sentence_start, c->sentence_end) &&
              evm_json_add_number(o, "start", (double)cl->start) &&
              evm_json_add_number(o, "end", (double)cl->end) &&
              add_span(o, "subject", text, c->subject_start, c->subject_end) &&
              add_span(o, "reference", text, c->reference_start, c->reference_end) &&
              add_entry_name(gz, o, "subject_name", c->subject_entry) &&
              add_entry_name(gz, o, "reference_name", c->reference_entry);
    bool has_figure = cl->kind == EVM_CLAIM_DISTANCE && cl->bound != EVM_BOUND_NONE;
    ok = ok && add_num(o, "claimed_km", has_figure ? cl->claimed_km : NAN, 10) &&
         add_num(o, "claimed_km_min", has_figure ? cl->claimed_km_min : NAN, 10) &&
         add_num(o, "claimed_km_max", has_figure ? cl->claimed_km_max : NAN, 10) &&
         add_num(o, "measured_km", k->measured_km, 10) &&
         add_num(o, "bearing_deg", k->bearing_deg, 10) &&
         (c->measured ? evm_json_add_string(o, "measured_from", c->to_border ? "border" : "point")
                      : evm_json_add_null(o, "measured_from")) != NULL;
    ok = ok && (cl->direction ? evm_json_add_string(o, "claimed_direction", cl->direction)
                              : evm_json_add_null(o, "claimed_direction")) != NULL;
    ok = ok && evm_json_add_string(o, "distance_verdict", evm_distance_verdict_name(k->distance)) &&
         evm_json_add_string(o, "direction_verdict", evm_direction_verdict_name(k->direction)) &&
         evm_json_add_string(o, "units_verdict", evm_units_verdict_name(k->units)) &&
         evm_json_add_string(o, "containment_verdict",
                             evm_containment_verdict_name(k->containment)) &&
         add_num(o, "error_pct", k->error_pct, 10) &&
         evm_json_add_string(o, "hedge", evm_hedge_name(cl->hedge)) &&
         evm_json_add_string(o, "bound", evm_bound_name(cl->bound)) &&
         evm_json_add_string(o, "path", evm_path_name(cl->path));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* The densified line of a measured claim: from the point it was measured
 * from (the reference's point or its border point) to the subject. */
static evm_error claim_line(const evm_gazetteer *gz, evm_geo_ctx *geo, const evm_checked_claim *c,
                            double max_segment_km, evm_polyline *pl)
{
    evm_place subj;
    evm_error err = evm_gazetteer_place(gz, c->subject_entry, &subj);
    if (err)
        return err;
    evm_latlon pts[2] = {{c->from_lat, c->from_lon}, {subj.lat, subj.lon}};
    return evm_geodesic_line(geo, pts, 2, max_segment_km, pl);
}

evm_error evm_claims_layer(const evm_gazetteer *gz, evm_geo_ctx *geo, const char *text,
                           const evm_checked_list *claims, double max_segment_km, const char *name,
                           cJSON **out)
{
    /* One geometry type across the layer: multi when any line is cut. */
    bool any_cut = false;
    evm_error err = EVM_OK;
    for (size_t i = 0; i < claims->count && !err; i++) {
        const evm_checked_claim *c = &claims->items[i];
        if (!c->measured)
            continue;
        evm_polyline pl = {0};
        if ((err = claim_line(gz, geo, c, max_segment_km, &pl)) == EVM_OK)
            any_cut = any_cut || pl.part_count > 1;
        evm_polyline_free(&pl);
    }
    if (err)
        return err;
    cJSON *fc = evm_geojson_collection(name);
    if (!fc)
        return EVM_ERR_NOMEM;
    cJSON *features = cJSON_GetObjectItem(fc, "features");
    for (size_t i = 0; i < claims->count && !err; i++) {
        const evm_checked_claim *c = &claims->items[i];
        char id[32];
        snprintf(id, sizeof id, "claim-%zu", i + 1);
        cJSON *f = cJSON_CreateObject();
        cJSON *geom = NULL;
        if (c->measured) {
            evm_polyline pl = {0};
            if ((err = claim_line(gz, geo, c, max_segment_km, &pl)) == EVM_OK) {
                geom = evm_geojson_polyline(&pl, any_cut);
                if (!geom)
                    err = EVM_ERR_NOMEM;
            }
            evm_polyline_free(&pl);
        }
        cJSON *props = err ? NULL : claim_properties(gz, text, c, id);
        bool ok = !err && f && props && evm_json_add_string(f, "type", "Feature") &&
                  evm_json_add_string(f, "id", id) &&
                  (geom ? evm_json_add_item(f, "geometry", geom)
                        : evm_json_add_null(f, "geometry") != NULL);
        if (ok)
            geom = NULL;
        ok = ok && evm_json_add_item(f, "properties", props);
        if (ok)
            props = NULL;
        ok = ok && cJSON_AddItemToArray(features, f);
        if (!ok) {
            cJSON_Delete(geom);
            cJSON_Delete(props);
            cJSON_Delete(f);
            if (!err)
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

/* ---- Records without a tree (evm_claims_records) ---------------------------- */

#define PUT EVM_JSON_PUT_LIT

static evm_error put_num(evm_buf *out, double v, double scale)
{
    return isfinite(v) ? evm_json_put_number(out, round(v * scale) / scale) : PUT(out, "null");
}

static evm_error put_span(evm_buf *out, const char *text, size_t a, size_t b)
{
    return a >= b ? PUT(out, "null") : evm_json_put_text(out, text + a, b - a);
}

static evm_error put_entry_name(evm_buf *out, const evm_gazetteer *gz, uint32_t entry)
{
    evm_place p;
    if (entry == EVM_NO_ENTRY || evm_gazetteer_place(gz, entry, &p) != EVM_OK)
        return PUT(out, "null");
    return evm_json_put_cstr(out, p.name);
}

/* A member: ,"key": then its value (by the caller). */
#define KEY(out, key) PUT(out, ",\"" key "\":")

static evm_error claim_props_put(evm_buf *out, const evm_gazetteer *gz, const char *text,
                                 const evm_checked_claim *c, const char *id)
{
    const evm_claim *cl = &c->claim;
    const evm_claim_check *k = &c->check;
    bool has_figure = cl->kind == EVM_CLAIM_DISTANCE && cl->bound != EVM_BOUND_NONE;
    evm_error err = PUT(out, "{\"id\":");
    if (!err)
        err = evm_json_put_cstr(out, id);
    if (!err && !(err = KEY(out, "kind")))
        err = evm_json_put_cstr(out, evm_claim_kind_name(cl->kind));
    if (!err && !(err = KEY(out, "text")))
        err = put_span(out, text, c->sentence_start, c->sentence_end);
    if (!err && !(err = KEY(out, "start")))
        err = evm_json_put_size(out, cl->start);
    if (!err && !(err = KEY(out, "end")))
        err = evm_json_put_size(out, cl->end);
    if (!err && !(err = KEY(out, "subject")))
        err = put_span(out, text, c->subject_start, c->subject_end);
    if (!err && !(err = KEY(out, "reference")))
        err = put_span(out, text, c->reference_start, c->reference_end);
    if (!err && !(err = KEY(out, "subject_name")))
        err = put_entry_name(out, gz, c->subject_entry);
    if (!err && !(err = KEY(out, "reference_name")))
        err = put_entry_name(out, gz, c->reference_entry);
    if (!err && !(err = KEY(out, "claimed_km")))
        err = put_num(out, has_figure ? cl->claimed_km : NAN, 10);
    if (!err && !(err = KEY(out, "claimed_km_min")))
        err = put_num(out, has_figure ? cl->claimed_km_min : NAN, 10);
    if (!err && !(err = KEY(out, "claimed_km_max")))
        err = put_num(out, has_figure ? cl->claimed_km_max : NAN, 10);
    if (!err && !(err = KEY(out, "measured_km")))
        err = put_num(out, k->measured_km, 10);
    if (!err && !(err = KEY(out, "bearing_deg")))
        err = put_num(out, k->bearing_deg, 10);
    if (!err && !(err = KEY(out, "measured_from")))
        err = c->measured ? evm_json_put_cstr(out, c->to_border ? "border" : "point")
                          : PUT(out, "null");
    if (!err && !(err = KEY(out, "claimed_direction")))
        err = cl->direction ? evm_json_put_cstr(out, cl->direction) : PUT(out, "null");
    if (!err && !(err = KEY(out, "distance_verdict")))
        err = evm_json_put_cstr(out, evm_distance_verdict_name(k->distance));
    if (!err && !(err = KEY(out, "direction_verdict")))
        err = evm_json_put_cstr(out, evm_direction_verdict_name(k->direction));
    if (!err && !(err = KEY(out, "units_verdict")))
        err = evm_json_put_cstr(out, evm_units_verdict_name(k->units));
    if (!err && !(err = KEY(out, "containment_verdict")))
        err = evm_json_put_cstr(out, evm_containment_verdict_name(k->containment));
    if (!err && !(err = KEY(out, "error_pct")))
        err = put_num(out, k->error_pct, 10);
    if (!err && !(err = KEY(out, "hedge")))
        err = evm_json_put_cstr(out, evm_hedge_name(cl->hedge));
    if (!err && !(err = KEY(out, "bound")))
        err = evm_json_put_cstr(out, evm_bound_name(cl->bound));
    if (!err && !(err = KEY(out, "path")))
        err = evm_json_put_cstr(out, evm_path_name(cl->path));
    return err;
}

evm_error evm_claims_records(const evm_gazetteer *gz, evm_geo_ctx *geo, const char *text,
                             const evm_checked_list *claims, double max_segment_km,
                             const char *article_id, const char *prefix, evm_buf *out,
                             size_t *count)
{
    size_t start = out->len;
    bool any_cut = false;
    evm_error err = EVM_OK;
    evm_polyline *lines = NULL;
    if (claims->count) {
        lines = evm_calloc(claims->count, sizeof *lines);
        if (!lines)
            return EVM_ERR_NOMEM;
    }
    for (size_t i = 0; i < claims->count && !err; i++) {
        const evm_checked_claim *c = &claims->items[i];
        if (!c->measured)
            continue;
        if ((err = claim_line(gz, geo, c, max_segment_km, &lines[i])) == EVM_OK)
            any_cut = any_cut || lines[i].part_count > 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < claims->count && !err; i++) {
        const evm_checked_claim *c = &claims->items[i];
        char id[32];
        snprintf(id, sizeof id, "claim-%zu", i + 1);
        err = prefix && *prefix ? evm_json_put_raw(out, prefix, strlen(prefix)) : EVM_OK;
        if (!err)
            err = PUT(out, "{\"type\":\"Feature\",\"id\":");
        if (!err)
            err = evm_json_put_cstr(out, id);
        if (!err)
            err = PUT(out, ",\"geometry\":");
        if (!err)
            err =
                c->measured ? evm_geojson_polyline_put(out, &lines[i], any_cut) : PUT(out, "null");
        if (!err)
            err = PUT(out, ",\"properties\":");
        if (!err)
            err = claim_props_put(out, gz, text, c, id);
        if (!err)
            err = evm_json_put_origin(out, article_id, evm_layer_kind_name(EVM_LAYER_CLAIMS));
        if (!err)
            err = PUT(out, "}}\n");
        n += !err;
    }
    for (size_t i = 0; i < claims->count; i++)
        evm_polyline_free(&lines[i]);
    evm_free(lines);
    if (err) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return err;
    }
    *count = n;
    return EVM_OK;
}

/* Prints `s` (n bytes) with runs of white space folded, for the report. */
static void put_folded(FILE *f, const char *s, size_t n)
{
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
            space = true;
            continue;
        }
        if (space)
            fputc(' ', f);
        space = false;
        fputc(ch, f);
    }
}

static const char *place_name(const evm_gazetteer *gz, uint32_t entry, evm_place *p)
{
    if (entry == EVM_NO_ENTRY || evm_gazetteer_place(gz, entry, p) != EVM_OK)
        return NULL;
    return p->name;
}

evm_error evm_claims_report(FILE *f, const evm_gazetteer *gz, const char *text,
                            const evm_checked_list *claims)
{
    if (claims->count == 0)
        fprintf(f, "No distance, direction or containment claims found.\n");
    for (size_t i = 0; i < claims->count; i++) {
        const evm_checked_claim *c = &claims->items[i];
        const evm_claim *cl = &c->claim;
        const evm_claim_check *k = &c->check;
        evm_place sp, rp;
        const char *sn = place_name(gz, c->subject_entry, &sp);
        const char *rn = place_name(gz, c->reference_entry, &rp);
        fprintf(f, "Claim %zu (%s, bytes %zu-%zu)\n  Sentence: ", i + 1,
                evm_claim_kind_name(cl->kind), cl->start, cl->end);
        put_folded(f, text + c->sentence_start, c->sentence_end - c->sentence_start);
        fprintf(f, "\n  Claims:   ");
        fprintf(f, "%s", sn ? sn : "(unresolved place)");
        if (cl->kind == EVM_CLAIM_CONTAINMENT) {
            fprintf(f, " is in %s", rn ? rn : "(unresolved place)");
        } else {
            if (cl->bound != EVM_BOUND_NONE) {
                if (cl->bound == EVM_BOUND_RANGE)
                    fprintf(f, " is %.0f-%.0f km", cl->claimed_km_min, cl->claimed_km_max);
                else
                    fprintf(f, " is %.0f km", cl->claimed_km);
                fprintf(f, " (hedge %s, %s bound, %s)", evm_hedge_name(cl->hedge),
                        evm_bound_name(cl->bound), evm_path_name(cl->path));
            }
            if (cl->direction)
                fprintf(f, " %s of", cl->direction);
            else
                fprintf(f, " from");
            fprintf(f, " %s", rn ? rn : "(unresolved place)");
        }
        fprintf(f, "\n  Measured: ");
        if (!c->measured) {
            fprintf(f, "nothing (a place is missing or unresolved)\n");
        } else {
            fprintf(f, "%.0f km (%.0f mi) on the WGS84 geodesic, bearing %.0f deg (%s) from %s%s\n",
                    k->measured_km, k->measured_km / 1.609344, k->bearing_deg,
                    evm_compass_word(k->bearing_deg, 16), c->to_border ? "the border of " : "", rn);
        }
        fprintf(f, "  Verdicts: distance %s", evm_distance_verdict_name(k->distance));
        if (isfinite(k->error_pct) && isfinite(k->accept_max_km))
            fprintf(f, " (claim %+.1f%% off the geodesic; accepts %.0f to %.0f km)", k->error_pct,
                    k->accept_min_km, k->accept_max_km);
        else if (isfinite(k->error_pct))
            fprintf(f, " (claim %+.1f%% off the geodesic; accepts %.0f km or more)", k->error_pct,
                    k->accept_min_km);
        fprintf(f, ", direction %s, units %s", evm_direction_verdict_name(k->direction),
                evm_units_verdict_name(k->units));
        if (cl->kind == EVM_CLAIM_CONTAINMENT)
            fprintf(f, ", containment %s", evm_containment_verdict_name(k->containment));
        fprintf(f, "\n\n");
    }
    return ferror(f) ? EVM_ERR_IO : EVM_OK;
}
