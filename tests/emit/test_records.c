/*
 * test_records - the batch's record writers (evm_places_records(),
 * evm_events_records(), evm_claims_records(), evm_routes_records()) write
 * byte for byte what `evmap batch` printed from the layer builders' trees
 * (evm_places_layer(), evm_events_layer(), evm_claims_layer(),
 * evm_routes_layers(); article_id and layer added to each feature's
 * properties, evm_json_print(), the record prefix and a newline): on the
 * example article, on texts with repeated places, demonyms, quotes and
 * control bytes in names, dated and undated events, claims, routes across
 * borders and the antimeridian, with and without an id and a prefix; on any
 * further text files given as arguments (each file one article); and that
 * records are appended after what `out` held.
 */
#include "check.h"
#include "emit/claims_layer.h"
#include "emit/events_layer.h"
#include "emit/json_print.h"
#include "emit/places_layer.h"
#include "emit/qml.h"
#include "geoparse/geoparse.h"
#include "verify/check.h"

#include <stdlib.h>
#include <string.h>

static const evm_gazetteer *gz;

/* What batch.c's emit_features() prints for a layer's tree (freed). */
static evm_error print_tree(cJSON *fc, evm_layer_kind kind, const char *id, const char *prefix,
                            evm_buf *out, size_t *count)
{
    evm_error err = EVM_OK;
    *count = 0;
    cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(fc, "features"))
    {
        cJSON *props = cJSON_GetObjectItem(f, "properties");
        cJSON_AddItemToObjectCS(props, "article_id",
                                id ? cJSON_CreateStringReference(id) : cJSON_CreateNull());
        cJSON_AddItemToObjectCS(props, "layer",
                                cJSON_CreateStringReference(evm_layer_kind_name(kind)));
        if (!err)
            err = evm_buf_append(out, prefix, strlen(prefix));
        if (!err)
            err = evm_json_print(f, out);
        if (!err)
            err = evm_buf_append(out, "\n", 1);
        ++*count;
    }
    cJSON_Delete(fc);
    return err;
}

static size_t compared[EVM_LAYER__COUNT];

/* got holds "kept" then the records; want the tree's. */
static void same_records(evm_layer_kind kind, const evm_buf *want, size_t nw, const evm_buf *got,
                         size_t ng)
{
    CHECK_EQ_INT(ng, nw);
    CHECK(got->len >= 4 && memcmp(got->data, "kept", 4) == 0);
    int same = got->len == want->len + 4 &&
               (want->len == 0 || memcmp(got->data + 4, want->data, want->len) == 0);
    CHECK_MSG(same, "%s: want %s\n got %s", evm_layer_kind_name(kind), want->data ? want->data : "",
              got->len > 4 ? got->data + 4 : "");
    compared[kind] += nw;
}

static void compare_text(evm_geo_ctx *geo, const char *text, size_t len, int dated)
{
    evm_doc doc;
    memset(&doc, 0, sizeof doc);
    evm_diag dg = {{0}};
    if (evm_geoparse(gz, text, len, EVM_GEOPARSE_LENIENT, &doc, &dg) != EVM_OK) {
        CHECK_MSG(0, "geoparse: %s", dg.message);
        return;
    }
    evm_event_list events = {0};
    evm_itinerary_list routes = {0};
    evm_checked_list claims = {0};
    evm_events_opts eo;
    memset(&eo, 0, sizeof eo);
    if (dated)
        eo.article_date = (evm_date){2024, 3, 5};
    CHECK(evm_events_extract(gz, &doc, &eo, &events, &dg) == EVM_OK);
    evm_itinerary_opts io;
    memset(&io, 0, sizeof io);
    CHECK(evm_itineraries_build(gz, geo, &events, &io, &routes, &dg) == EVM_OK);
    CHECK(evm_check_claims(gz, geo, &doc, &claims, &dg) == EVM_OK);
    const char *ids[] = {"a1", NULL, "q\"uote\\ \x01 caf\xc3\xa9"};
    const char *prefixes[] = {"\x1e", ""};
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 0; k < 2; k++) {
            const char *aid = ids[i], *pre = prefixes[k];
            evm_buf want = {0}, got = {0}, want2 = {0}, got2 = {0};
            size_t nw = 0, ng = 99, nw2 = 0, ng2 = 99;
            cJSON *fc = NULL, *fc2 = NULL;
            /* places */
            CHECK(evm_buf_append(&got, "kept", 4) == EVM_OK);
            CHECK(evm_places_layer(gz, &doc, "x places", &fc) == EVM_OK);
            CHECK(print_tree(fc, EVM_LAYER_PLACES, aid, pre, &want, &nw) == EVM_OK);
            CHECK(evm_places_records(gz, &doc, aid, pre, &got, &ng) == EVM_OK);
            same_records(EVM_LAYER_PLACES, &want, nw, &got, ng);
            /* events */
            want.len = 0;
            got.len = 4;
            CHECK(evm_events_layer(gz, &doc, &events, "x events", &fc) == EVM_OK);
            CHECK(print_tree(fc, EVM_LAYER_EVENTS, aid, pre, &want, &nw) == EVM_OK);
            CHECK(evm_events_records(gz, &doc, &events, aid, pre, &got, &ng) == EVM_OK);
            same_records(EVM_LAYER_EVENTS, &want, nw, &got, ng);
            /* claims */
            want.len = 0;
            got.len = 4;
            CHECK(evm_claims_layer(gz, geo, doc.text, &claims, 50, "x claims", &fc) == EVM_OK);
            CHECK(print_tree(fc, EVM_LAYER_CLAIMS, aid, pre, &want, &nw) == EVM_OK);
            CHECK(evm_claims_records(gz, geo, doc.text, &claims, 50, aid, pre, &got, &ng) ==
                  EVM_OK);
            same_records(EVM_LAYER_CLAIMS, &want, nw, &got, ng);
            /* routes and crossings */
            want.len = 0;
            got.len = 4;
            CHECK(evm_buf_append(&got2, "kept", 4) == EVM_OK);
            CHECK(evm_routes_layers(gz, &routes, "x routes", "x crossings", &fc, &fc2) == EVM_OK);
            CHECK(print_tree(fc, EVM_LAYER_ROUTES, aid, pre, &want, &nw) == EVM_OK);
            CHECK(print_tree(fc2, EVM_LAYER_CROSSINGS, aid, pre, &want2, &nw2) == EVM_OK);
            CHECK(evm_routes_records(gz, &routes, aid, pre, &got, &got2, &ng, &ng2) == EVM_OK);
            same_records(EVM_LAYER_ROUTES, &want, nw, &got, ng);
            same_records(EVM_LAYER_CROSSINGS, &want2, nw2, &got2, ng2);
            evm_buf_free(&want);
            evm_buf_free(&got);
            evm_buf_free(&want2);
            evm_buf_free(&got2);
        }
    }
    evm_checked_list_free(&claims);
    evm_itinerary_list_free(&routes);
    evm_event_list_free(&events);
    evm_doc_free(&doc);
}

int main(int argc, char **argv)
{
    evm_diag dg = {{0}};
    evm_gazetteer *g = NULL;
    if (evm_gazetteer_open(getenv("EVMAP_GAZETTEER"), &g, &dg) != EVM_OK) {
        fprintf(stderr, "cannot open the gazetteer: %s\n", dg.message);
        return 1;
    }
    gz = g;
    evm_geo_ctx *geo = NULL;
    if (evm_geo_ctx_create(&geo, &dg) != EVM_OK) {
        fprintf(stderr, "%s\n", dg.message);
        return 1;
    }
    static const char *texts[] = {
        "Paris and London. Then PARIS again, and Paris, and \"Berlin\" (Berlin) and Berlin's "
        "mayor. French and German officials met in Moscow, Russia, while Russian troops left "
        "Kyiv, Ukraine.",
        "Flights from Sydney, Australia to Auckland, New Zealand and back to Sydney.",
        "No places here at all.",
        "",
        "Tokyo\tJapan\nOsaka, Japan\r\nKyoto \x01 Japan. Japanese exports from Tokyo rose.",
        "Washington said on Tuesday that talks in Geneva, Switzerland and Vienna, Austria "
        "would resume; Swiss and Austrian diplomats in Geneva agreed.",
        "The president arrived in Paris, France on 12 May 2023. He later visited Berlin, "
        "Germany and flew to \"Warsaw\", Poland. Protesters marched in London last week; "
        "troops attacked Kharkiv, Ukraine in March.",
        "Lyon, France is about 400 km south-east of Paris. Kyiv is 200 miles north of Moscow, "
        "and Geneva is in Germany. Toulouse is between 500 and 600 kilometres from Paris.",
        "The president flew from Madrid, Spain to Berlin, Germany on Monday, then traveled by "
        "train from Vienna, Austria to Budapest, Hungary. The prime minister flew from Tokyo, "
        "Japan to Los Angeles, California and on to Mexico City, Mexico.",
        /* Both lines cut at the antimeridian: MultiLineStrings. */
        "Japanese Prime Minister Fumio Kishida flew from Tokyo to Honolulu, Hawaii on Monday. "
        "Honolulu, Hawaii is about 6,200 km east of Tokyo, Japan.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (int dated = 0; dated < 2; dated++)
            compare_text(geo, texts[i], strlen(texts[i]), dated);
    const char *dir = getenv("EVMAP_TESTS");
    char path[4096];
    snprintf(path, sizeof path, "%s/../examples/leader-train-trip.txt", dir ? dir : "tests");
    char *ex = check_read_file(path);
    CHECK_MSG(ex != NULL, "cannot read %s", path);
    if (ex)
        compare_text(geo, ex, strlen(ex), 1);
    free(ex);
    for (int a = 1; a < argc; a++) {
        char *t = check_read_file(argv[a]);
        CHECK_MSG(t != NULL, "cannot read %s", argv[a]);
        if (t)
            compare_text(geo, t, strlen(t), a % 2);
        free(t);
    }
    CHECK(compared[EVM_LAYER_PLACES] > 20);
    CHECK(compared[EVM_LAYER_EVENTS] > 5);
    fprintf(stderr,
            "features compared: %zu places, %zu events, %zu routes, %zu claims, %zu crossings\n",
            compared[EVM_LAYER_PLACES], compared[EVM_LAYER_EVENTS], compared[EVM_LAYER_ROUTES],
            compared[EVM_LAYER_CLAIMS], compared[EVM_LAYER_CROSSINGS]);
    evm_geo_ctx_destroy(geo);
    evm_gazetteer_close(g);
    return check_finish();
}
