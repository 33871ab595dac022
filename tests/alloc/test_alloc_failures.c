/*
 * test_alloc_failures.c - every allocation of a small article's run fails
 * in turn (EVMAP_ALLOC_HOOKS builds only).
 *
 * Two scenarios over the tiny index (fuzz/fixtures/tiny) and a small
 * article whose run fills every layer (places, events, routes, claims,
 * crossings):
 *
 * - staged: each step called on its own - open the index, merge an extra
 *   TSV and an extra GeoJSON, geoparse, the places layer, the geometry
 *   context, claims (extracted and judged), the claims layer and report,
 *   events, the events layer, itineraries, the routes and crossings layers,
 *   then print every layer (with its bbox) and its QGIS style and write
 *   map.html, all to memory streams. A first run counts the allocations of
 *   each step; then for every N below the total, allocation N and all later
 *   ones fail, and the run must stop with an error in exactly the step that
 *   made allocation N (a step that swallows the failure and carries on, or
 *   fails before it, is reported).
 * - pipeline: the same through evm_pipeline_run() with all layers, as the
 *   CLI does; every N must end in an error.
 * - records: the same through evm_pipeline_run_records(), as the batch
 *   does; every N must end in an error that leaves the output buffer as it
 *   was.
 *
 * Each run releases what it holds: valgrind_test_alloc_failures (and ASan
 * in a sanitizer build with the hooks) checks the leaks. cJSON allocates
 * through the library allocator here, as in the CLI.
 */
#include "check.h"
#include "core/alloc.h"
#include "emit/claims_layer.h"
#include "emit/events_layer.h"
#include "emit/geojson_util.h"
#include "emit/html.h"
#include "emit/places_layer.h"
#include "emit/qml.h"
#include "extract/events.h"
#include "geometry/geometry.h"
#include "geoparse/geoparse.h"
#include "pipeline/pipeline.h"
#include "verify/check.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Written for this test: a named traveller (events, a route with a border
 * crossing), a distance claim, a direction claim, an extra place, markup. */
static const char article[] =
    "NORTHPORT, Aland Test (AP) - Alandian President Mara Holt left Northport on March 4, 2024 "
    "and drove about 150 kilometers (93 miles) south to Riverbend, officials said. Riverbend is "
    "some 150 km south of Northport. Holt then crossed into Bertania and arrived in Osterby, the "
    "capital, near Lakeside in the Lakes region. Old Mill lies northeast of Riverbend. "
    "<b>Residents</b> of Northport & Riverbend said the trip took two days; a ferry waited at "
    "The Landing.";

enum stage {
    ST_OPEN,
    ST_EXTRA_TSV,
    ST_EXTRA_GEOJSON,
    ST_GEOPARSE,
    ST_PLACES_LAYER,
    ST_GEO_CTX,
    ST_CLAIMS,
    ST_CLAIMS_LAYER,
    ST_CLAIMS_REPORT,
    ST_EVENTS,
    ST_EVENTS_LAYER,
    ST_ITINERARIES,
    ST_ROUTES_LAYERS,
    ST_PRINT,
    ST_HTML,
    ST__COUNT
};

static const char *const stage_names[ST__COUNT] = {
    "open index",   "merge extra TSV", "merge extra GeoJSON", "geoparse",      "places layer",
    "geometry ctx", "claims",          "claims layer",        "claims report", "events",
    "events layer", "itineraries",     "routes layers",       "print layers",  "map.html",
};

typedef struct paths {
    const char *index, *extra_tsv, *extra_geojson;
} paths;

static void *hook_malloc(size_t n)
{
    return evm_malloc(n);
}

static void hook_free(void *p)
{
    evm_free(p);
}

/* Writes with `fn` to a memory stream; EVM_ERR_IO when the stream fails,
 * EVM_ERR_INTERNAL when nothing was written. */
typedef evm_error (*write_fn)(FILE *f, const void *arg);

static evm_error to_memory(write_fn fn, const void *arg, const char *must_contain)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return EVM_ERR_IO;
    evm_error err = fn(f, arg);
    if (fclose(f) != 0 && !err)
        err = EVM_ERR_IO;
    if (!err && (!data || len == 0 || (must_contain && !strstr(data, must_contain))))
        err = EVM_ERR_INTERNAL;
    free(data);
    return err;
}

static evm_error write_layer(FILE *f, const void *arg)
{
    return evm_geojson_write(arg, f, 0);
}

typedef struct report_arg {
    const evm_gazetteer *gz;
    const evm_checked_list *claims;
} report_arg;

static evm_error write_report(FILE *f, const void *arg)
{
    const report_arg *r = arg;
    return evm_claims_report(f, r->gz, article, r->claims);
}

static evm_error write_html(FILE *f, const void *arg)
{
    cJSON *const *l = arg;
    return evm_emit_map_html(f, "alloc", l[EVM_LAYER_PLACES], l[EVM_LAYER_EVENTS],
                             l[EVM_LAYER_ROUTES], l[EVM_LAYER_CLAIMS], l[EVM_LAYER_CROSSINGS]);
}

static evm_error write_qml(FILE *f, const void *arg)
{
    return evm_emit_qml(f, *(const evm_layer_kind *)arg);
}

/*
 * The staged scenario. Returns EVM_OK or the first error, with the step it
 * came from in *failed (ST__COUNT on success). When `ends` is not NULL it
 * receives evm_alloc_count() after each step, and `features` the feature
 * count of each layer.
 */
static evm_error staged(const paths *in, enum stage *failed, long *ends, int *features)
{
    evm_gazetteer *gz = NULL;
    evm_geo_ctx *geo = NULL;
    evm_doc doc = {0};
    evm_checked_list claims = {0};
    evm_event_list events = {0};
    evm_itinerary_list routes = {0};
    cJSON *layer[EVM_LAYER__COUNT] = {0};
    evm_diag diag = {0};
    evm_error err = EVM_OK;
    enum stage s = ST_OPEN;
#define STEP(st, call)                                                                             \
    do {                                                                                           \
        s = (st);                                                                                  \
        err = (call);                                                                              \
        if (err)                                                                                   \
            goto done;                                                                             \
        if (ends)                                                                                  \
            ends[s] = evm_alloc_count();                                                           \
    } while (0)

    STEP(ST_OPEN, evm_gazetteer_open(in->index, &gz, &diag));
    STEP(ST_EXTRA_TSV, evm_gazetteer_merge_extra(gz, in->extra_tsv, &diag));
    STEP(ST_EXTRA_GEOJSON, evm_gazetteer_merge_extra(gz, in->extra_geojson, &diag));
    STEP(ST_GEOPARSE, evm_geoparse(gz, article, strlen(article), 0, &doc, &diag));
    STEP(ST_PLACES_LAYER, evm_places_layer(gz, &doc, "places", &layer[EVM_LAYER_PLACES]));
    STEP(ST_GEO_CTX, evm_geo_ctx_create(&geo, &diag));
    STEP(ST_CLAIMS, evm_check_claims(gz, geo, &doc, &claims, &diag));
    STEP(ST_CLAIMS_LAYER,
         evm_claims_layer(gz, geo, article, &claims, 50, "claims", &layer[EVM_LAYER_CLAIMS]));
    report_arg ra = {gz, &claims};
    STEP(ST_CLAIMS_REPORT, to_memory(write_report, &ra, "Riverbend"));
    STEP(ST_EVENTS, evm_events_extract(gz, &doc, NULL, &events, &diag));
    STEP(ST_EVENTS_LAYER, evm_events_layer(gz, &doc, &events, "events", &layer[EVM_LAYER_EVENTS]));
    evm_itinerary_opts io = {50, false, NULL};
    STEP(ST_ITINERARIES, evm_itineraries_build(gz, geo, &events, &io, &routes, &diag));
    STEP(ST_ROUTES_LAYERS,
         evm_routes_layers(gz, &routes, "routes", "crossings", &layer[EVM_LAYER_ROUTES],
                           &layer[EVM_LAYER_CROSSINGS]));
    s = ST_PRINT;
    for (int k = 0; k < EVM_LAYER__COUNT; k++) {
        if (features)
            features[k] = cJSON_GetArraySize(cJSON_GetObjectItem(layer[k], "features"));
        err = evm_geojson_add_bbox(layer[k]);
        if (!err)
            err = to_memory(write_layer, layer[k], "FeatureCollection");
        evm_layer_kind kind = (evm_layer_kind)k;
        if (!err)
            err = to_memory(write_qml, &kind, "<qgis");
        if (err)
            goto done;
    }
    if (ends)
        ends[ST_PRINT] = evm_alloc_count();
    STEP(ST_HTML, to_memory(write_html, layer, "</html>"));
    s = ST__COUNT;
#undef STEP
done:
    *failed = s;
    /* On error a step leaves nothing to free: freeing everything is harmless. */
    for (int k = 0; k < EVM_LAYER__COUNT; k++)
        cJSON_Delete(layer[k]);
    evm_itinerary_list_free(&routes);
    evm_event_list_free(&events);
    evm_checked_list_free(&claims);
    evm_doc_free(&doc);
    evm_geo_ctx_destroy(geo);
    evm_gazetteer_close(gz);
    return err;
}

/* The pipeline scenario: all layers through evm_pipeline_run(). */
static evm_error pipeline(const paths *in)
{
    evm_gazetteer *gz = NULL;
    evm_pipeline *pipe = NULL;
    evm_layers layers = {{0}};
    evm_diag diag = {0};
    evm_error err = evm_gazetteer_open(in->index, &gz, &diag);
    if (!err)
        err = evm_gazetteer_merge_extra(gz, in->extra_tsv, &diag);
    evm_pipeline_opts opts = {0, 0};
    if (!err)
        err = evm_pipeline_create(gz, &opts, &pipe, &diag);
    evm_article art = {"alloc", article, strlen(article), "2024-03-06"};
    if (!err)
        err = evm_pipeline_run(pipe, &art, EVM_LAYERS_ALL, &layers, &diag);
    if (!err)
        err = to_memory(write_html, layers.layer, "</html>");
    /* The contract: on error no layers are left to free (freeing is harmless). */
    evm_layers_free(&layers);
    evm_pipeline_destroy(pipe);
    evm_gazetteer_close(gz);
    return err;
}

/* The records scenario: all layers through evm_pipeline_run_records(),
 * appended after "kept"; *rolled_back is false when an error left more
 * than "kept" in the buffer, *features gets the count on success. */
static evm_error records(const paths *in, bool *rolled_back, size_t *features)
{
    evm_gazetteer *gz = NULL;
    evm_pipeline *pipe = NULL;
    evm_layers layers = {{0}};
    evm_diag diag = {0};
    evm_buf out = {0};
    *rolled_back = true;
    evm_error err = evm_gazetteer_open(in->index, &gz, &diag);
    if (!err)
        err = evm_gazetteer_merge_extra(gz, in->extra_tsv, &diag);
    evm_pipeline_opts opts = {0, 0};
    if (!err)
        err = evm_pipeline_create(gz, &opts, &pipe, &diag);
    if (!err)
        err = evm_buf_append(&out, "kept", 4);
    evm_article art = {"alloc", article, strlen(article), "2024-03-06"};
    evm_records rec = {&out, "alloc", "\x1e", 0};
    if (!err) {
        err = evm_pipeline_run_records(pipe, &art, EVM_LAYERS_ALL, &layers, &rec, &diag);
        if (err)
            *rolled_back = out.len == 4 && memcmp(out.data, "kept", 4) == 0;
        else
            *features = rec.features;
    }
    evm_layers_free(&layers);
    evm_buf_free(&out);
    evm_pipeline_destroy(pipe);
    evm_gazetteer_close(gz);
    return err;
}

/* Out of memory as the library reports it: NOMEM; GEOMETRY when PROJ/GEOS
 * report it through their own errors; IO for a stream whose buffer cannot
 * grow. Anything else is a wrong error. */
static int oom_error(evm_error err)
{
    return err == EVM_ERR_NOMEM || err == EVM_ERR_GEOMETRY || err == EVM_ERR_IO;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_alloc_failures TINY.idx EXTRA.tsv EXTRA.geojson\n");
        return 2;
    }
    paths in = {argv[1], argv[2], argv[3]};
    cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);

    /* ---- staged ---- */
    long ends[ST__COUNT] = {0};
    int features[EVM_LAYER__COUNT] = {0};
    enum stage failed;
    evm_alloc_fail_after(-1);
    CHECK_EQ_INT(staged(&in, &failed, ends, features), EVM_OK);
    long total = evm_alloc_count();
    CHECK_EQ_INT(total, ends[ST_HTML]);
    printf("staged: %ld allocations;", total);
    for (int s = 0; s < ST__COUNT; s++)
        printf(" %s %ld%s", stage_names[s], ends[s] - (s ? ends[s - 1] : 0),
               s + 1 < ST__COUNT ? "," : "\n");
    for (int k = 0; k < EVM_LAYER__COUNT; k++) {
        printf("  %s: %d features\n", evm_layer_kind_name((evm_layer_kind)k), features[k]);
        /* The article is understood: every layer has something to emit. */
        CHECK_MSG(features[k] > 0, "layer %s is empty", evm_layer_kind_name((evm_layer_kind)k));
    }
    /* Every step allocates, so every one is swept, but the claims report
     * (it only formats with fprintf). */
    for (int s = 0; s < ST__COUNT; s++)
        CHECK_MSG(s == ST_CLAIMS_REPORT || ends[s] > (s ? ends[s - 1] : 0),
                  "step %s makes no allocation", stage_names[s]);

    long wrong = 0;
    int stage = 0;
    for (long n = 0; n < total; n++) {
        while (n >= ends[stage])
            stage++;
        evm_alloc_fail_after(n);
        evm_error err = staged(&in, &failed, NULL, NULL);
        if ((int)failed != stage || !oom_error(err)) {
            if (wrong++ < 20)
                fprintf(stderr, "allocation %ld (step %s): the run %s%s (%s)\n", n,
                        stage_names[stage], err ? "failed in step " : "succeeded",
                        err ? stage_names[failed] : "", evm_error_describe(err));
        }
    }
    CHECK_EQ_INT(wrong, 0);

    /* ---- pipeline ---- */
    evm_alloc_fail_after(-1);
    CHECK_EQ_INT(pipeline(&in), EVM_OK);
    long ptotal = evm_alloc_count();
    printf("pipeline: %ld allocations\n", ptotal);
    CHECK(ptotal > 100);
    long swallowed = 0, unexpected = 0;
    for (long n = 0; n < ptotal; n++) {
        evm_alloc_fail_after(n);
        evm_error err = pipeline(&in);
        if (err == EVM_OK) {
            if (swallowed++ < 10)
                fprintf(stderr, "pipeline: allocation %ld failed but the run succeeded\n", n);
        } else if (!oom_error(err)) {
            if (unexpected++ < 10)
                fprintf(stderr, "pipeline: allocation %ld: unexpected error %s\n", n,
                        evm_error_describe(err));
        }
    }
    CHECK_EQ_INT(swallowed, 0);
    CHECK_EQ_INT(unexpected, 0);

    /* ---- records ---- */
    bool rolled_back = true;
    size_t nfeatures = 0;
    evm_alloc_fail_after(-1);
    CHECK_EQ_INT(records(&in, &rolled_back, &nfeatures), EVM_OK);
    long rtotal = evm_alloc_count();
    printf("records: %ld allocations, %zu features\n", rtotal, nfeatures);
    CHECK(rtotal > 50);
    CHECK(nfeatures >= EVM_LAYER__COUNT);
    long rswallowed = 0, runexpected = 0, kept = 0;
    for (long n = 0; n < rtotal; n++) {
        evm_alloc_fail_after(n);
        size_t nf = 0;
        evm_error err = records(&in, &rolled_back, &nf);
        if (err == EVM_OK) {
            if (rswallowed++ < 10)
                fprintf(stderr, "records: allocation %ld failed but the run succeeded\n", n);
        } else if (!oom_error(err)) {
            if (runexpected++ < 10)
                fprintf(stderr, "records: allocation %ld: unexpected error %s\n", n,
                        evm_error_describe(err));
        }
        if (!rolled_back && kept++ < 10)
            fprintf(stderr, "records: allocation %ld: the buffer kept partial records\n", n);
    }
    CHECK_EQ_INT(rswallowed, 0);
    CHECK_EQ_INT(runexpected, 0);
    CHECK_EQ_INT(kept, 0);

    evm_alloc_fail_after(-1);
    CHECK_EQ_INT(staged(&in, &failed, NULL, NULL), EVM_OK);
    CHECK_EQ_INT(pipeline(&in), EVM_OK);
    return check_finish();
}
