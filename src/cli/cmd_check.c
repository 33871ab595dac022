/*
 * cmd_check.c - `evmap check ARTICLE`: the distance, direction and
 * containment claims of an article, measured and judged.
 */
#include "cli/cli.h"

#include "text/text.h"

#include "core/alloc.h"
#include "emit/claims_layer.h"
#include "emit/geojson_util.h"
#include "geoparse/geoparse.h"
#include "verify/check.h"

#include <stdlib.h>
#include <string.h>

static void check_usage(FILE *out)
{
    fprintf(out,
            "usage: evmap check ARTICLE [--format text|geojson] [--fail-on-inaccurate]\n"
            "                   [--max-segment-km KM] [--lenient] [--gazetteer PATH]\n"
            "                   [--gazetteer-extra FILE]\n\n"
            "Finds the distance, direction and containment claims ARTICLE makes (\"Vladivostok,\n"
            "about 425 miles (680 kilometers) north of Pyongyang\"), measures them on the WGS84\n"
            "geodesic between the places' gazetteer points (from a country's nearest border\n"
            "point when the subject lies outside it: \"30 km from Russia\"), and reports per\n"
            "claim the sentence, the claim, the measurement and the verdicts:\n"
            "  distance   consistent | inaccurate | unverifiable (a place missing) | none\n"
            "  direction  consistent (inside the claimed 8-point sector, +-22.5 deg) | loose\n"
            "             (adjacent sectors, +-67.5 deg) | wrong | none\n"
            "  units      consistent | mismatch (\"230 km (100 miles)\") | none\n"
            "The tolerance follows the hedge and how round the figure is (README, \"Checking\n"
            "claims\").\n\n"
            "  --format F            text (default) or geojson: one LineString per claim\n"
            "                        (densified geodesic from the reference to the subject)\n"
            "  --fail-on-inaccurate  exit 3 when a claim is inaccurate or wrong\n"
            "  --max-segment-km KM   vertex spacing of the lines (default 50)\n"
            "  --lenient             skip invalid UTF-8 instead of failing\n");
}

int evm_cmd_check(int argc, char **argv)
{
    evm_article_opts opts = {0};
    const char *path = NULL, *format = "text";
    bool fail_on = false;
    double max_km = 50;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int shared = evm_cli_shared_option("check", argc, argv, &i, &opts);
        if (shared < 0)
            return EVM_EXIT_USAGE;
        if (shared)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            check_usage(stdout);
            return EVM_EXIT_OK;
        } else if (strcmp(a, "--fail-on-inaccurate") == 0) {
            fail_on = true;
        } else if (strcmp(a, "--format") == 0 || strcmp(a, "--max-segment-km") == 0) {
            if (i + 1 >= argc)
                return evm_cli_fail(EVM_EXIT_USAGE, "check", "%s needs a value", a);
            const char *v = argv[++i];
            if (strcmp(a, "--format") == 0) {
                if (strcmp(v, "text") != 0 && strcmp(v, "geojson") != 0)
                    return evm_cli_fail(EVM_EXIT_USAGE, "check",
                                        "--format takes text or geojson, not '%s'", v);
                format = v;
            } else {
                char *end;
                max_km = strtod(v, &end);
                if (*end || !(max_km >= 1 && max_km <= 20000))
                    return evm_cli_fail(EVM_EXIT_USAGE, "check",
                                        "--max-segment-km takes a number from 1 to 20000");
            }
        } else if (a[0] == '-' && a[1]) {
            return evm_cli_fail(EVM_EXIT_USAGE, "check", "unknown option %s", a);
        } else if (!path) {
            path = a;
        } else {
            return evm_cli_fail(EVM_EXIT_USAGE, "check", "one ARTICLE only");
        }
    }
    if (!path) {
        check_usage(stderr);
        return EVM_EXIT_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    evm_diag diag = {{0}};
    evm_gazetteer *gz = NULL;
    int status = evm_cli_open_article("check", path, &opts, &text, &len, &gz);
    if (status)
        return status;
    evm_geo_ctx *geo = NULL;
    evm_doc doc = {0};
    evm_checked_list claims = {0};
    cJSON *fc = NULL;
    evm_error err = evm_geo_ctx_create(&geo, &diag);
    if (!err)
        err = evm_geoparse(gz, text, len, opts.geoparse_flags, &doc, &diag);
    if (!err)
        err = evm_check_claims(gz, geo, &doc, &claims, &diag);
    if (!err) {
        if (strcmp(format, "geojson") == 0) {
            err = evm_claims_layer(gz, geo, text, &claims, max_km, "claims", &fc);
            if (!err)
                err = evm_geojson_print(fc, stdout);
        } else {
            err = evm_claims_report(stdout, gz, text, &claims);
        }
        if (!err && fflush(stdout) != 0)
            err = EVM_ERR_IO;
    }
    if (err) {
        status = evm_cli_fail(EVM_EXIT_DATA, "check", "%s: %s", path,
                              diag.message[0] ? diag.message : evm_error_describe(err));
    } else if (fail_on) {
        for (size_t i = 0; i < claims.count; i++) {
            if (evm_claim_failed(&claims.items[i]))
                status = EVM_EXIT_CHECK;
        }
    }
    cJSON_Delete(fc);
    evm_checked_list_free(&claims);
    evm_doc_free(&doc);
    evm_geo_ctx_destroy(geo);
    evm_gazetteer_close(gz);
    evm_free(text);
    return status;
}
