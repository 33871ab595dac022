#include "pipeline/pipeline.h"

#include "core/alloc.h"
#include "emit/claims_layer.h"
#include "emit/events_layer.h"
#include "extract/events.h"
#include "emit/geojson_util.h"
#include "emit/places_layer.h"
#include "geometry/geometry.h"
#include "geoparse/geoparse.h"
#include "verify/check.h"

#include <stdio.h>
#include <string.h>

struct evm_pipeline {
    const evm_gazetteer *gz;
    evm_pipeline_opts opts;
    evm_geo_ctx *geo; /* created on first need */
    evm_doc doc;
    evm_checked_list claims;
    evm_event_list events;
    evm_itinerary_list routes;
    evm_country_boxes *boxes; /* crossing candidates, kept between articles */
    /* Records mode: the layers printed after others built later (claims after
     * routes, crossings last), held until the end of the run. */
    evm_buf rec_routes, rec_claims, rec_crossings;
    size_t failed_claims;
};

evm_error evm_layers_parse(const char *list, unsigned *mask, evm_diag *diag)
{
    unsigned m = 0;
    const char *p = list;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        int found = -1;
        for (int k = 0; k < EVM_LAYER__COUNT; k++) {
            const char *name = evm_layer_kind_name((evm_layer_kind)k);
            if (strlen(name) == n && strncmp(name, p, n) == 0)
                found = k;
        }
        if (n == 3 && strncmp(p, "all", 3) == 0) {
            m = EVM_LAYERS_ALL;
        } else if (found < 0) {
            return evm_diag_set(diag, EVM_ERR_ARG,
                                "unknown layer '%.*s' (places, events, routes, claims, "
                                "crossings, all)",
                                (int)n, p);
        } else {
            m |= 1u << found;
        }
        p += n + (comma ? 1 : 0);
    }
    if (!m)
        return evm_diag_set(diag, EVM_ERR_ARG, "no layer selected");
    *mask = m;
    return EVM_OK;
}

evm_error evm_pipeline_create(const evm_gazetteer *gz, const evm_pipeline_opts *opts,
                              evm_pipeline **out, evm_diag *diag)
{
    evm_pipeline *p = evm_calloc(1, sizeof *p);
    if (!p)
        return evm_diag_set(diag, EVM_ERR_NOMEM, "out of memory");
    p->gz = gz;
    if (opts)
        p->opts = *opts;
    if (p->opts.max_segment_km <= 0)
        p->opts.max_segment_km = 50;
    *out = p;
    return EVM_OK;
}

void evm_pipeline_destroy(evm_pipeline *p)
{
    if (!p)
        return;
    evm_geo_ctx_destroy(p->geo);
    evm_doc_free(&p->doc);
    evm_checked_list_free(&p->claims);
    evm_event_list_free(&p->events);
    evm_itinerary_list_free(&p->routes);
    evm_country_boxes_free(p->boxes);
    evm_buf_free(&p->rec_routes);
    evm_buf_free(&p->rec_claims);
    evm_buf_free(&p->rec_crossings);
    evm_free(p);
}

void evm_layers_free(evm_layers *layers)
{
    for (int k = 0; k < EVM_LAYER__COUNT; k++) {
        cJSON_Delete(layers->layer[k]);
        layers->layer[k] = NULL;
    }
}

size_t evm_pipeline_failed_claims(const evm_pipeline *p)
{
    return p->failed_claims;
}

static evm_error need_geo(evm_pipeline *p, evm_diag *diag)
{
    return p->geo ? EVM_OK : evm_geo_ctx_create(&p->geo, diag);
}

/* "<id> <layer>" or "<layer>"; NULL (no "name" member) for the batch, which
 * prints only the features (rec set). Returns buf or NULL. */
static const char *layer_name(char *buf, size_t size, const evm_article *a, evm_layer_kind k,
                              const evm_records *rec)
{
    if (rec)
        return NULL;
    if (a->id && *a->id)
        snprintf(buf, size, "%s %s", a->id, evm_layer_kind_name(k));
    else
        snprintf(buf, size, "%s", evm_layer_kind_name(k));
    return buf;
}

static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

/* sscanf(s, "%4d-%2d-%2d", ...) == 3, without sscanf for the usual
 * "YYYY-MM-DD" (all digits: the same three numbers). */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, m) && s[7] == '-' && digits(s + 8, 2, d))
        return true;
    return sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

static evm_error run(evm_pipeline *p, const evm_article *a, unsigned mask, evm_layers *out,
                     evm_records *rec, evm_diag *diag)
{
    memset(out, 0, sizeof *out);
    size_t rec_start = rec ? rec->out->len : 0;
    size_t n_routes = 0, n_claims = 0, n_crossings = 0;
    if (rec) {
        rec->features = 0;
        p->rec_routes.len = p->rec_claims.len = p->rec_crossings.len = 0;
    }
    p->failed_claims = 0;
    evm_error err = evm_geoparse(p->gz, a->text, a->len, p->opts.geoparse_flags, &p->doc, diag);
    char name[256];
    if (!err && (mask & (1u << EVM_LAYER_PLACES))) {
        if (rec) {
            err = evm_places_records(p->gz, &p->doc, rec->article_id, rec->prefix, rec->out,
                                     &rec->features);
        } else {
            err = evm_places_layer(p->gz, &p->doc,
                                   layer_name(name, sizeof name, a, EVM_LAYER_PLACES, rec),
                                   &out->layer[EVM_LAYER_PLACES]);
        }
    }
    if (!err && (mask & (1u << EVM_LAYER_CLAIMS))) {
        err = need_geo(p, diag);
        if (!err)
            err = evm_check_claims(p->gz, p->geo, &p->doc, &p->claims, diag);
        const char *cl_name = layer_name(name, sizeof name, a, EVM_LAYER_CLAIMS, rec);
        if (!err && rec)
            err = evm_claims_records(p->gz, p->geo, a->text, &p->claims, p->opts.max_segment_km,
                                     rec->article_id, rec->prefix, &p->rec_claims, &n_claims);
        else if (!err)
            err = evm_claims_layer(p->gz, p->geo, a->text, &p->claims, p->opts.max_segment_km,
                                   cl_name, &out->layer[EVM_LAYER_CLAIMS]);
        for (size_t i = 0; !err && i < p->claims.count; i++)
            p->failed_claims += evm_claim_failed(&p->claims.items[i]);
    }
    unsigned event_layers =
        (1u << EVM_LAYER_EVENTS) | (1u << EVM_LAYER_ROUTES) | (1u << EVM_LAYER_CROSSINGS);
    if (!err && (mask & event_layers)) {
        evm_events_opts eo;
        memset(&eo, 0, sizeof eo);
        if (a->date && !parse_ymd(a->date, &eo.article_date.year, &eo.article_date.month,
                                  &eo.article_date.day))
            err = evm_diag_set(diag, EVM_ERR_ARG, "date '%s' is not YYYY-MM-DD", a->date);
        if (!err)
            err = evm_events_extract(p->gz, &p->doc, &eo, &p->events, diag);
        if (!err && (mask & (1u << EVM_LAYER_EVENTS)) && rec) {
            size_t n = 0;
            err = evm_events_records(p->gz, &p->doc, &p->events, rec->article_id, rec->prefix,
                                     rec->out, &n);
            rec->features += n;
        } else if (!err && (mask & (1u << EVM_LAYER_EVENTS))) {
            err = evm_events_layer(p->gz, &p->doc, &p->events,
                                   layer_name(name, sizeof name, a, EVM_LAYER_EVENTS, rec),
                                   &out->layer[EVM_LAYER_EVENTS]);
        }
    }
    if (!err && (mask & ((1u << EVM_LAYER_ROUTES) | (1u << EVM_LAYER_CROSSINGS)))) {
        evm_itinerary_opts io;
        memset(&io, 0, sizeof io);
        io.max_segment_km = p->opts.max_segment_km;
        io.boxes_cache = &p->boxes;
        err = need_geo(p, diag);
        if (!err)
            err = evm_itineraries_build(p->gz, p->geo, &p->events, &io, &p->routes, diag);
        char cname[256];
        const char *r_name = layer_name(name, sizeof name, a, EVM_LAYER_ROUTES, rec);
        const char *c_name = layer_name(cname, sizeof cname, a, EVM_LAYER_CROSSINGS, rec);
        cJSON *routes = NULL, *crossings = NULL;
        if (!err && rec)
            err = evm_routes_records(p->gz, &p->routes, rec->article_id, rec->prefix,
                                     &p->rec_routes, &p->rec_crossings, &n_routes, &n_crossings);
        else if (!err)
            err = evm_routes_layers(p->gz, &p->routes, r_name, c_name, &routes, &crossings);
        if (!err && !rec) {
            if (mask & (1u << EVM_LAYER_ROUTES))
                out->layer[EVM_LAYER_ROUTES] = routes;
            else
                cJSON_Delete(routes);
            if (mask & (1u << EVM_LAYER_CROSSINGS))
                out->layer[EVM_LAYER_CROSSINGS] = crossings;
            else
                cJSON_Delete(crossings);
        }
    }
    /* Records mode: routes, claims, crossings after the places and events
     * (evm_layer_kind order), each only when selected. */
    if (!err && rec && (mask & (1u << EVM_LAYER_ROUTES)) && p->rec_routes.len) {
        err = evm_buf_append(rec->out, p->rec_routes.data, p->rec_routes.len);
        rec->features += n_routes;
    }
    if (!err && rec && (mask & (1u << EVM_LAYER_CLAIMS)) && p->rec_claims.len) {
        err = evm_buf_append(rec->out, p->rec_claims.data, p->rec_claims.len);
        rec->features += n_claims;
    }
    if (!err && rec && (mask & (1u << EVM_LAYER_CROSSINGS)) && p->rec_crossings.len) {
        err = evm_buf_append(rec->out, p->rec_crossings.data, p->rec_crossings.len);
        rec->features += n_crossings;
    }
    if (rec) {
        /* Keep the scratch buffers small after a large article. */
        if (p->rec_routes.cap > ((size_t)1 << 20))
            evm_buf_free(&p->rec_routes);
        if (p->rec_claims.cap > ((size_t)1 << 20))
            evm_buf_free(&p->rec_claims);
        if (p->rec_crossings.cap > ((size_t)1 << 20))
            evm_buf_free(&p->rec_crossings);
    }
    if (err) {
        if (err == EVM_ERR_NOMEM && diag && !diag->message[0])
            evm_diag_set(diag, err, "out of memory");
        evm_layers_free(out);
        if (rec) {
            rec->out->len = rec_start;
            if (rec->out->data)
                rec->out->data[rec_start] = '\0';
            rec->features = 0;
        }
    }
    return err;
}

evm_error evm_pipeline_run(evm_pipeline *p, const evm_article *a, unsigned mask, evm_layers *out,
                           evm_diag *diag)
{
    return run(p, a, mask, out, NULL, diag);
}

evm_error evm_pipeline_run_records(evm_pipeline *p, const evm_article *a, unsigned mask,
                                   evm_layers *out, evm_records *rec, evm_diag *diag)
{
    return run(p, a, mask, out, rec, diag);
}
