/*
 * cmd_lookup.c - `evmap lookup NAME`: the gazetteer's candidates for a name.
 */
#include "cli/cli.h"

#include "core/alloc.h"
#include "emit/geojson_util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void lookup_usage(FILE *out)
{
    fprintf(out,
            "usage: evmap lookup NAME [--country CC] [--limit N] [--format geojson|table]\n"
            "                    [--gazetteer PATH] [--gazetteer-extra FILE]\n\n"
            "Prints the gazetteer's candidates for NAME, most important first (population,\n"
            "capital or administrative seat, feature class), as an RFC 7946 FeatureCollection\n"
            "of Points ([lon, lat], 6 decimals) with properties name, geonameid,\n"
            "feature_code, country_code, admin1, population, kind; or as a table.\n"
            "NAME may be in any script or spelling the gazetteer knows (Władywostok,\n"
            "Владивосток, DPRK, North Korean).\n\n"
            "  --country CC   only candidates in this country (ISO 3166-1 alpha-2)\n"
            "  --limit N      at most N candidates (default 10; 0 = all)\n"
            "  --format F     geojson (default) or table\n");
}

int evm_cmd_lookup(int argc, char **argv)
{
    evm_gazetteer_opts gopts = {0};
    const char *name = NULL, *country = NULL, *format = "geojson";
    long limit = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            lookup_usage(stdout);
            return EVM_EXIT_OK;
        }
        int takes_value = strcmp(a, "--country") == 0 || strcmp(a, "--limit") == 0 ||
                          strcmp(a, "--format") == 0 || strcmp(a, "--gazetteer") == 0 ||
                          strcmp(a, "--gazetteer-extra") == 0;
        if (takes_value && i + 1 >= argc)
            return evm_cli_fail(EVM_EXIT_USAGE, "lookup", "%s needs a value", a);
        if (strcmp(a, "--country") == 0) {
            country = argv[++i];
            if (strlen(country) != 2)
                return evm_cli_fail(EVM_EXIT_USAGE, "lookup",
                                    "--country takes a two-letter ISO code, not '%s'", country);
        } else if (strcmp(a, "--limit") == 0) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 0)
                return evm_cli_fail(EVM_EXIT_USAGE, "lookup",
                                    "--limit takes a number >= 0, not '%s'", argv[i]);
        } else if (strcmp(a, "--format") == 0) {
            format = argv[++i];
            if (strcmp(format, "geojson") != 0 && strcmp(format, "table") != 0)
                return evm_cli_fail(EVM_EXIT_USAGE, "lookup",
                                    "--format takes geojson or table, not '%s'", format);
        } else if (strcmp(a, "--gazetteer") == 0) {
            gopts.path = argv[++i];
        } else if (strcmp(a, "--gazetteer-extra") == 0) {
            gopts.extra = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return evm_cli_fail(EVM_EXIT_USAGE, "lookup", "unknown option %s", a);
        } else if (!name) {
            name = a;
        } else {
            return evm_cli_fail(EVM_EXIT_USAGE, "lookup",
                                "one NAME only (quote names with spaces)");
        }
    }
    if (!name) {
        lookup_usage(stderr);
        return EVM_EXIT_USAGE;
    }
    evm_gazetteer *gz = NULL;
    int status = evm_cli_open_gazetteer(&gopts, &gz);
    if (status)
        return status;
    const evm_posting *postings;
    size_t count;
    evm_error err = evm_gazetteer_find(gz, name, strlen(name), &postings, &count);
    if (err) {
        evm_gazetteer_close(gz);
        return evm_cli_fail(EVM_EXIT_DATA, "lookup", "'%s': %s", name, evm_error_describe(err));
    }
    cJSON *fc = evm_geojson_collection(NULL);
    int shown = 0;
    if (!fc) {
        evm_gazetteer_close(gz);
        return evm_cli_fail(EVM_EXIT_DATA, "lookup", "out of memory");
    }
    if (strcmp(format, "table") == 0)
        printf("%-28s %10s %-6s %-2s %-22s %11s %11s %12s\n", "name", "geonameid", "code", "cc",
               "admin1", "lat", "lon", "population");
    for (size_t i = 0; i < count && (limit == 0 || shown < limit); i++) {
        evm_place p;
        if (evm_gazetteer_place(gz, postings[i].entry, &p) != EVM_OK) {
            cJSON_Delete(fc);
            evm_gazetteer_close(gz);
            return evm_cli_fail(EVM_EXIT_DATA, "lookup", "corrupt gazetteer entry %u",
                                (unsigned)postings[i].entry);
        }
        if (country && strncasecmp(p.country_code, country, 2) != 0)
            continue;
        shown++;
        if (strcmp(format, "table") == 0) {
            printf("%-28s %10d %-6s %-2s %-22s %11.6f %11.6f %12u\n", p.name, p.geonameid,
                   p.feature_code, p.country_code, p.admin1_name, p.lat, p.lon, p.population);
            continue;
        }
        cJSON *props = evm_geojson_place_properties(&p);
        cJSON *feature = props ? evm_geojson_point_feature(p.lat, p.lon, props) : NULL;
        if (!feature || !cJSON_AddItemToArray(cJSON_GetObjectItem(fc, "features"), feature)) {
            /* The feature owns props (and point_feature freed them if it failed). */
            cJSON_Delete(feature);
            cJSON_Delete(fc);
            evm_gazetteer_close(gz);
            return evm_cli_fail(EVM_EXIT_DATA, "lookup", "out of memory");
        }
    }
    if (shown == 0)
        fprintf(stderr, "evmap lookup: no place named '%s'%s%s\n", name, country ? " in " : "",
                country ? country : "");
    if (strcmp(format, "geojson") == 0) {
        if (evm_geojson_add_bbox(fc) != EVM_OK || evm_geojson_print(fc, stdout) != EVM_OK) {
            cJSON_Delete(fc);
            evm_gazetteer_close(gz);
            return evm_cli_fail(EVM_EXIT_DATA, "lookup", "cannot write output");
        }
    }
    cJSON_Delete(fc);
    evm_gazetteer_close(gz);
    return EVM_EXIT_OK;
}
