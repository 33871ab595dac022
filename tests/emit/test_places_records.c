/*
 * test_places_records - evm_places_records() writes byte for byte what
 * `evmap batch` prints from evm_places_layer()'s tree (article_id and layer
 * added to each feature's properties, evm_json_print(), the record prefix
 * and a newline): on the example article, on texts with repeated places,
 * demonyms, quotes and control bytes in names, with and without an id and
 * a prefix; on any further text files given as arguments (each file one
 * article); and that a record is appended after what `out` held.
 */
#include "check.h"
#include "emit/json_print.h"
#include "emit/places_layer.h"
#include "emit/qml.h"
#include "geoparse/geoparse.h"

#include <stdlib.h>
#include <string.h>

static const evm_gazetteer *gz;

/* What batch.c's emit_features() prints for the places tree. */
static evm_error tree_records(const evm_doc *doc, const char *id, const char *prefix, evm_buf *out,
                              size_t *count)
{
    cJSON *fc = NULL;
    evm_error err = evm_places_layer(gz, doc, "x places", &fc);
    *count = 0;
    cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(fc, "features"))
    {
        cJSON *props = cJSON_GetObjectItem(f, "properties");
        cJSON_AddItemToObjectCS(props, "article_id",
                                id ? cJSON_CreateStringReference(id) : cJSON_CreateNull());
        cJSON_AddItemToObjectCS(props, "layer",
                                cJSON_CreateStringReference(evm_layer_kind_name(EVM_LAYER_PLACES)));
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

static size_t compared;

static void compare_text(const char *text, size_t len)
{
    evm_doc doc;
    memset(&doc, 0, sizeof doc);
    evm_diag dg = {{0}};
    if (evm_geoparse(gz, text, len, EVM_GEOPARSE_LENIENT, &doc, &dg) != EVM_OK) {
        CHECK_MSG(0, "geoparse: %s", dg.message);
        return;
    }
    const char *ids[] = {"a1", NULL, "q\"uote\\ \x01 caf\xc3\xa9"};
    const char *prefixes[] = {"\x1e", ""};
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 0; k < 2; k++) {
            evm_buf want = {0}, got = {0};
            size_t nw = 0, ng = 99;
            CHECK(evm_buf_append(&got, "kept", 4) == EVM_OK);
            CHECK(tree_records(&doc, ids[i], prefixes[k], &want, &nw) == EVM_OK);
            CHECK(evm_places_records(gz, &doc, ids[i], prefixes[k], &got, &ng) == EVM_OK);
            CHECK_EQ_INT(ng, nw);
            CHECK(got.len == want.len + 4 && memcmp(got.data, "kept", 4) == 0);
            int same = got.len == want.len + 4 && memcmp(got.data + 4, want.data, want.len) == 0;
            CHECK_MSG(same, "want %s\n got %s", want.data ? want.data : "", got.data + 4);
            compared += nw;
            evm_buf_free(&want);
            evm_buf_free(&got);
        }
    }
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
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        compare_text(texts[i], strlen(texts[i]));
    const char *dir = getenv("EVMAP_TESTS");
    char path[4096];
    snprintf(path, sizeof path, "%s/../examples/leader-train-trip.txt", dir ? dir : "tests");
    char *ex = check_read_file(path);
    CHECK_MSG(ex != NULL, "cannot read %s", path);
    if (ex)
        compare_text(ex, strlen(ex));
    free(ex);
    for (int a = 1; a < argc; a++) {
        char *t = check_read_file(argv[a]);
        CHECK_MSG(t != NULL, "cannot read %s", argv[a]);
        if (t)
            compare_text(t, strlen(t));
        free(t);
    }
    CHECK(compared > 20);
    fprintf(stderr, "%zu features compared\n", compared);
    evm_gazetteer_close(g);
    return check_finish();
}
