/*
 * cmd_places.c - `evmap places ARTICLE`: the places an article names.
 */
#include "cli/cli.h"

#include "text/text.h"

#include "core/alloc.h"
#include "emit/places_layer.h"
#include "emit/geojson_util.h"
#include "geoparse/geoparse.h"

#include <string.h>

static void places_usage(FILE *out)
{
    fprintf(
        out,
        "usage: evmap places ARTICLE [--lenient] [--gazetteer PATH] [--gazetteer-extra FILE]\n\n"
        "Finds every place ARTICLE (a UTF-8 text file, or - for standard input) names,\n"
        "resolves each with the gazetteer and prints an RFC 7946 FeatureCollection with\n"
        "one Point per distinct place. Properties: name, surface (the forms as written),\n"
        "mentions ([{start, end, demonym}]: byte offsets into the input, half-open),\n"
        "geonameid, feature_code, country_code, admin1, population, kind (city, admin1,\n"
        "country, other), confidence (0..1), reason.\n\n"
        "  --lenient   skip invalid UTF-8 instead of failing (offsets stay true to the input)\n");
}

int evm_cmd_places(int argc, char **argv)
{
    evm_article_opts opts = {0};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            places_usage(stdout);
            return EVM_EXIT_OK;
        }
        int shared = evm_cli_shared_option("places", argc, argv, &i, &opts);
        if (shared < 0)
            return EVM_EXIT_USAGE;
        if (shared)
            continue;
        if (a[0] == '-' && a[1])
            return evm_cli_fail(EVM_EXIT_USAGE, "places", "unknown option %s", a);
        else if (!path)
            path = a;
        else
            return evm_cli_fail(EVM_EXIT_USAGE, "places", "one ARTICLE only");
    }
    if (!path) {
        places_usage(stderr);
        return EVM_EXIT_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    evm_diag diag = {{0}};
    evm_gazetteer *gz = NULL;
    int status = evm_cli_open_article("places", path, &opts, &text, &len, &gz);
    if (status)
        return status;
    evm_doc doc = {0};
    evm_error err = evm_geoparse(gz, text, len, opts.geoparse_flags, &doc, &diag);
    cJSON *fc = NULL;
    if (err) {
        status = evm_cli_fail(EVM_EXIT_DATA, "places", "%s: %s", path,
                              diag.message[0] ? diag.message : evm_error_describe(err));
    } else if ((err = evm_places_layer(gz, &doc, NULL, &fc)) != EVM_OK ||
               (err = evm_geojson_print(fc, stdout)) != EVM_OK) {
        status = evm_cli_fail(EVM_EXIT_DATA, "places", "%s: %s", path, evm_error_describe(err));
    }
    cJSON_Delete(fc);
    evm_doc_free(&doc);
    evm_gazetteer_close(gz);
    evm_free(text);
    return status;
}
