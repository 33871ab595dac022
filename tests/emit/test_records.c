/*
 * test_records - evm_places_records() and evm_events_records() write byte
 * for byte what `evmap batch` prints from evm_places_layer()'s and
 * evm_events_layer()'s trees (article_id and layer added to each feature's
 * properties, evm_json_print(), the record prefix and a newline): on the
 * example article, on texts with repeated places, demonyms, quotes and
 * control bytes in names, dated and undated events, with and without an id
 * and a prefix; on any further text files given as arguments (each file one
 * article); and that records are appended after what `out` held.
 */
#include "check.h"
#include "emit/events_layer.h"
#include "emit/json_print.h"
#include "emit/places_layer.h"
#include "emit/qml.h"
#include "geoparse/geoparse.h"

#include <stdlib.h>
#include <string.h>

static const evm_gazetteer *gz;

/* What batch.c's emit_features() prints for the places (or events) tree. */
static evm_error tree_records(const evm_doc *doc, const evm_event_list *events, const char *id,
                              const char *prefix, evm_buf *out, size_t *count)
{
    cJSON *fc = NULL;
    evm_error err = events ? evm_events_layer(gz, doc, events, "x events", &fc)
                           : evm_places_layer(gz, doc, "x places", &fc);
    evm_layer_kind kind = events ? EVM_LAYER_EVENTS : EVM_LAYER_PLACES;
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

static size_t compared, compared_events;

static void compare_text(const char *text, size_t len, int dated)
{
    evm_doc doc;
    memset(&doc, 0, sizeof doc);
    evm_diag dg = {{0}};
    if (evm_geoparse(gz, text, len, EVM_GEOPARSE_LENIENT, &doc, &dg) != EVM_OK) {
        CHECK_MSG(0, "geoparse: %s", dg.message);
        return;
    }
    evm_event_list events = {0};
    evm_events_opts eo;
    memset(&eo, 0, sizeof eo);
    if (dated)
        eo.article_date = (evm_date){2024, 3, 5};
    CHECK(evm_events_extract(gz, &doc, &eo, &events, &dg) == EVM_OK);
    const char *ids[] = {"a1", NULL, "q\"uote\\ \x01 caf\xc3\xa9"};
    const char *prefixes[] = {"\x1e", ""};
    for (size_t i = 0; i < 6; i++) {
        for (size_t k = 0; k < 2; k++) {
            evm_buf want = {0}, got = {0};
            size_t nw = 0, ng = 99;
            const evm_event_list *ev = i >= 3 ? &events : NULL;
            const char *aid = ids[i % 3];
            CHECK(evm_buf_append(&got, "kept", 4) == EVM_OK);
            CHECK(tree_records(&doc, ev, aid, prefixes[k], &want, &nw) == EVM_OK);
            CHECK((ev ? evm_events_records(gz, &doc, ev, aid, prefixes[k], &got, &ng)
                      : evm_places_records(gz, &doc, aid, prefixes[k], &got, &ng)) == EVM_OK);
            CHECK_EQ_INT(ng, nw);
            CHECK(got.len == want.len + 4 && memcmp(got.data, "kept", 4) == 0);
            int same = got.len == want.len + 4 && memcmp(got.data + 4, want.data, want.len) == 0;
            CHECK_MSG(same, "want %s\n got %s", want.data ? want.data : "", got.data + 4);
            if (ev)
                compared_events += nw;
            else
                compared += nw;
            evm_buf_free(&want);
            evm_buf_free(&got);
        }
    }
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
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (int dated = 0; dated < 2; dated++)
            compare_text(texts[i], strlen(texts[i]), dated);
    const char *dir = getenv("EVMAP_TESTS");
    char path[4096];
    snprintf(path, sizeof path, "%s/../examples/leader-train-trip.txt", dir ? dir : "tests");
    char *ex = check_read_file(path);
    CHECK_MSG(ex != NULL, "cannot read %s", path);
    if (ex)
        compare_text(ex, strlen(ex), 1);
    free(ex);
    for (int a = 1; a < argc; a++) {
        char *t = check_read_file(argv[a]);
        CHECK_MSG(t != NULL, "cannot read %s", argv[a]);
        if (t)
            compare_text(t, strlen(t), a % 2);
        free(t);
    }
    CHECK(compared > 20);
    CHECK(compared_events > 5);
    fprintf(stderr, "%zu places and %zu events features compared\n", compared, compared_events);
    evm_gazetteer_close(g);
    return check_finish();
}
