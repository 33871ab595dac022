/*
 * cmd_distance.c - `evmap distance A B` and `evmap route A B [C ...]`.
 */
#include "cli/cli.h"

#include "core/alloc.h"
#include "emit/geojson_util.h"
#include "emit/lines.h"
#include "gazetteer/geonames.h"
#include "geometry/geometry.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A place argument: "lat,lon" or a name (the most important candidate). */
typedef struct place_arg {
    double lat, lon;
    char label[160];
    char country[3];
    uint32_t entry; /* EVM_NO_ENTRY for coordinates */
} place_arg;

static int resolve_arg(const char *command, const evm_gazetteer *gz, const char *arg,
                       place_arg *out)
{
    memset(out, 0, sizeof *out);
    out->entry = EVM_NO_ENTRY;
    const char *comma = strchr(arg, ',');
    if (comma) {
        char lat_s[64], lon_s[64];
        size_t la = (size_t)(comma - arg);
        if (la < sizeof lat_s && strlen(comma + 1) < sizeof lon_s) {
            memcpy(lat_s, arg, la);
            lat_s[la] = '\0';
            snprintf(lon_s, sizeof lon_s, "%s", comma + 1);
            if (evm_parse_coord(lat_s, -90, 90, &out->lat) == EVM_OK &&
                evm_parse_coord(lon_s, -180, 180, &out->lon) == EVM_OK) {
                snprintf(out->label, sizeof out->label, "%.6f,%.6f", out->lat, out->lon);
                return EVM_EXIT_OK;
            }
            if (strspn(arg, "0123456789.+-, eE") == strlen(arg))
                return evm_cli_fail(EVM_EXIT_USAGE, command,
                                    "'%s': coordinates must be lat,lon within [-90, 90] and "
                                    "[-180, 180]",
                                    arg);
        }
    }
    const evm_posting *ps;
    size_t n;
    if (evm_gazetteer_find(gz, arg, strlen(arg), &ps, &n) != EVM_OK || n == 0)
        return evm_cli_fail(EVM_EXIT_DATA, command, "no place named '%s' in the gazetteer", arg);
    evm_place p;
    if (evm_gazetteer_place(gz, ps[0].entry, &p) != EVM_OK)
        return evm_cli_fail(EVM_EXIT_DATA, command, "corrupt gazetteer entry");
    out->lat = p.lat;
    out->lon = p.lon;
    out->entry = p.entry;
    memcpy(out->country, p.country_code, 3);
    snprintf(out->label, sizeof out->label, "%s%s%s", p.name, p.country_code[0] ? ", " : "",
             p.country_code);
    return EVM_EXIT_OK;
}

/* Adds `item` to `array` (or to object `o` as `key`); on failure (either is
 * NULL, or cJSON cannot allocate) deletes `item` and returns false. */
static bool add_item(cJSON *array, cJSON *item)
{
    if (array && item && cJSON_AddItemToArray(array, item))
        return true;
    cJSON_Delete(item);
    return false;
}

static bool add_member(cJSON *o, const char *key, cJSON *item)
{
    if (o && item && cJSON_AddItemToObject(o, key, item))
        return true;
    cJSON_Delete(item);
    return false;
}

static void distance_usage(FILE *out)
{
    fprintf(out, "usage: evmap distance A B [--format text|json] [--gazetteer PATH]\n"
                 "                      [--gazetteer-extra FILE]\n\n"
                 "The WGS84 geodesic (PROJ) between two places: distance in km, miles and\n"
                 "nautical miles, initial and final bearing with 8- and 16-point compass names.\n"
                 "A and B are place names (the most important match is used; see 'evmap\n"
                 "lookup') or coordinates 'lat,lon' in degrees.\n");
}

int evm_cmd_distance(int argc, char **argv)
{
    evm_article_opts opts = {0};
    const char *args[2] = {NULL, NULL};
    const char *format = "text";
    int nargs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int shared = evm_cli_shared_option("distance", argc, argv, &i, &opts);
        if (shared < 0)
            return EVM_EXIT_USAGE;
        if (shared)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            distance_usage(stdout);
            return EVM_EXIT_OK;
        } else if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc || (strcmp(argv[i + 1], "text") && strcmp(argv[i + 1], "json")))
                return evm_cli_fail(EVM_EXIT_USAGE, "distance", "--format takes text or json");
            format = argv[++i];
        } else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
            return evm_cli_fail(EVM_EXIT_USAGE, "distance", "unknown option %s", a);
        } else if (nargs < 2) {
            args[nargs++] = a;
        } else {
            return evm_cli_fail(EVM_EXIT_USAGE, "distance", "two places only (see 'evmap route')");
        }
    }
    if (nargs != 2) {
        distance_usage(stderr);
        return EVM_EXIT_USAGE;
    }
    evm_gazetteer *gz = NULL;
    int status = evm_cli_open_gazetteer(&opts.gazetteer, &gz);
    if (status)
        return status;
    place_arg pa[2];
    for (int k = 0; k < 2 && !status; k++)
        status = resolve_arg("distance", gz, args[k], &pa[k]);
    evm_geo_ctx *geo = NULL;
    evm_diag diag = {{0}};
    double m = 0, azi1 = 0, azi2 = 0;
    if (!status && (evm_geo_ctx_create(&geo, &diag) != EVM_OK ||
                    evm_geodesic_inverse(geo, pa[0].lat, pa[0].lon, pa[1].lat, pa[1].lon, &m, &azi1,
                                         &azi2) != EVM_OK))
        status = evm_cli_fail(EVM_EXIT_DATA, "distance", "geodesic failed: %s",
                              geo ? evm_geo_ctx_message(geo) : diag.message);
    if (!status && strcmp(format, "json") == 0) {
        cJSON *o = cJSON_CreateObject();
        bool ok =
            o && cJSON_AddStringToObject(o, "from", pa[0].label) &&
            cJSON_AddStringToObject(o, "to", pa[1].label) &&
            cJSON_AddNumberToObject(o, "distance_km", round(m / 1e3 * 1000) / 1000) &&
            cJSON_AddNumberToObject(o, "distance_mi", round(evm_m_to_mi(m) * 1000) / 1000) &&
            cJSON_AddNumberToObject(o, "distance_nmi", round(evm_m_to_nmi(m) * 1000) / 1000) &&
            cJSON_AddNumberToObject(o, "initial_bearing_deg", round(azi1 * 100) / 100) &&
            cJSON_AddNumberToObject(o, "final_bearing_deg", round(azi2 * 100) / 100) &&
            cJSON_AddStringToObject(o, "compass_8", evm_compass_abbrev(azi1, 8)) &&
            cJSON_AddStringToObject(o, "compass_16", evm_compass_abbrev(azi1, 16));
        if (!ok)
            status = evm_cli_fail(EVM_EXIT_DATA, "distance", "out of memory");
        else if (evm_geojson_print(o, stdout) != EVM_OK)
            status = evm_cli_fail(EVM_EXIT_DATA, "distance", "cannot write output");
        cJSON_Delete(o);
    } else if (!status) {
        printf("%s -> %s\n", pa[0].label, pa[1].label);
        printf("  distance: %.1f km = %.1f mi = %.1f nmi (WGS84 geodesic)\n", m / 1e3,
               evm_m_to_mi(m), evm_m_to_nmi(m));
        printf("  initial bearing: %.1f deg (%s, %s)\n", azi1, evm_compass_word(azi1, 8),
               evm_compass_word(azi1, 16));
        printf("  final bearing:   %.1f deg (%s)\n", azi2, evm_compass_word(azi2, 16));
    }
    evm_geo_ctx_destroy(geo);
    evm_gazetteer_close(gz);
    return status;
}

static void route_usage(FILE *out)
{
    fprintf(out,
            "usage: evmap route A B [C ...] [--max-segment-km KM] [--gazetteer PATH]\n"
            "                   [--gazetteer-extra FILE]\n\n"
            "A geodesic route through the places (names or 'lat,lon'), as an RFC 7946\n"
            "FeatureCollection: the route (LineString, or MultiLineString when it crosses\n"
            "180 degrees) with per-leg distances (legs_km) and total distance_km, a Point per\n"
            "place, and a Point per land border crossing (from_country, to_country).\n"
            "  --max-segment-km KM   vertex spacing (default 50)\n");
}

int evm_cmd_route(int argc, char **argv)
{
    evm_article_opts opts = {0};
    double max_km = 50;
    int nargs = 0;
    const char **args = evm_calloc((size_t)argc, sizeof *args);
    if (!args)
        return evm_cli_fail(EVM_EXIT_DATA, "route", "out of memory");
    int status = EVM_EXIT_OK;
    for (int i = 1; i < argc && !status; i++) {
        const char *a = argv[i];
        int shared = evm_cli_shared_option("route", argc, argv, &i, &opts);
        if (shared < 0)
            status = EVM_EXIT_USAGE;
        else if (shared)
            continue;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            route_usage(stdout);
            evm_free(args);
            return EVM_EXIT_OK;
        } else if (strcmp(a, "--max-segment-km") == 0) {
            char *end = NULL;
            max_km = i + 1 < argc ? strtod(argv[++i], &end) : 0;
            if (!end || *end || !(max_km >= 1 && max_km <= 20000))
                status = evm_cli_fail(EVM_EXIT_USAGE, "route",
                                      "--max-segment-km takes a number from 1 to 20000");
        } else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
            status = evm_cli_fail(EVM_EXIT_USAGE, "route", "unknown option %s", a);
        } else {
            args[nargs++] = a;
        }
    }
    if (!status && nargs < 2) {
        route_usage(stderr);
        status = EVM_EXIT_USAGE;
    }
    if (status) {
        evm_free(args);
        return status;
    }
    evm_gazetteer *gz = NULL;
    status = evm_cli_open_gazetteer(&opts.gazetteer, &gz);
    place_arg *pa = status ? NULL : evm_calloc((size_t)nargs, sizeof *pa);
    evm_latlon *pts = status ? NULL : evm_calloc((size_t)nargs, sizeof *pts);
    if (!status && (!pa || !pts))
        status = evm_cli_fail(EVM_EXIT_DATA, "route", "out of memory");
    for (int k = 0; k < nargs && !status; k++) {
        status = resolve_arg("route", gz, args[k], &pa[k]);
        if (!status) {
            pts[k].lat = pa[k].lat;
            pts[k].lon = pa[k].lon;
        }
    }
    evm_geo_ctx *geo = NULL;
    evm_diag diag = {{0}};
    evm_polyline pl = {0};
    evm_country_shape *shapes = NULL;
    evm_country_ref *refs = NULL;
    size_t nrefs = 0;
    evm_border_crossing *crossings = NULL;
    size_t ncross = 0;
    cJSON *fc = NULL;
    if (!status) {
        evm_error err = evm_geo_ctx_create(&geo, &diag);
        if (!err)
            err = evm_geodesic_line(geo, pts, (size_t)nargs, max_km, &pl);
        if (!err)
            err = evm_route_countries(gz, &pl, &shapes, &refs, &nrefs);
        if (!err)
            err = evm_route_border_crossings(geo, &pl, refs, nrefs, &crossings, &ncross);
        /* Land borders only: where the line leaves or meets the coast
         * (the sea is "no country") is not a border crossing. */
        size_t kept = 0;
        for (size_t k = 0; !err && k < ncross; k++) {
            if (crossings[k].from_entry != EVM_NO_ENTRY && crossings[k].to_entry != EVM_NO_ENTRY)
                crossings[kept++] = crossings[k];
        }
        if (!err)
            ncross = kept;
        if (err)
            status = evm_cli_fail(EVM_EXIT_DATA, "route", "%s",
                                  geo && evm_geo_ctx_message(geo)[0] ? evm_geo_ctx_message(geo)
                                                                     : evm_error_describe(err));
    }
    if (!status) {
        /* Each item joins its parent as soon as it is made, so that deleting
         * the collection frees everything whichever step fails. */
        fc = evm_geojson_collection("route");
        cJSON *features = cJSON_GetObjectItem(fc, "features");
        cJSON *f = cJSON_CreateObject();
        bool ok = add_item(features, f) && cJSON_AddStringToObject(f, "type", "Feature") &&
                  cJSON_AddStringToObject(f, "id", "route") &&
                  add_member(f, "geometry", evm_geojson_polyline(&pl, false));
        cJSON *props = ok ? cJSON_CreateObject() : NULL;
        ok = ok && add_member(f, "properties", props);
        cJSON *names = ok ? cJSON_CreateArray() : NULL;
        ok = ok && add_member(props, "places", names);
        for (int k = 0; ok && k < nargs; k++)
            ok = add_item(names, cJSON_CreateString(pa[k].label));
        cJSON *legs = ok ? cJSON_CreateArray() : NULL;
        ok = ok && add_member(props, "legs_km", legs);
        for (size_t k = 0; ok && k < pl.leg_count; k++)
            ok = add_item(legs, cJSON_CreateNumber(round(pl.leg_m[k]) / 1e3));
        ok = ok && cJSON_AddNumberToObject(props, "distance_km", round(pl.total_m) / 1e3) &&
             cJSON_AddNumberToObject(props, "crossings", (double)ncross);
        for (int k = 0; ok && k < nargs; k++) {
            cJSON *pp = cJSON_CreateObject();
            ok = pp && cJSON_AddStringToObject(pp, "kind", "place") &&
                 cJSON_AddStringToObject(pp, "name", pa[k].label) &&
                 cJSON_AddNumberToObject(pp, "order", k + 1);
            if (!ok)
                cJSON_Delete(pp);
            else /* takes pp, also on failure */
                ok = add_item(features, evm_geojson_point_feature(pa[k].lat, pa[k].lon, pp));
        }
        for (size_t k = 0; ok && k < ncross; k++) {
            evm_place from, to;
            bool has_from = crossings[k].from_entry != EVM_NO_ENTRY &&
                            evm_gazetteer_place(gz, crossings[k].from_entry, &from) == EVM_OK;
            bool has_to = crossings[k].to_entry != EVM_NO_ENTRY &&
                          evm_gazetteer_place(gz, crossings[k].to_entry, &to) == EVM_OK;
            cJSON *cp = cJSON_CreateObject();
            ok = cp && cJSON_AddStringToObject(cp, "kind", "crossing") &&
                 cJSON_AddStringToObject(cp, "from_country", has_from ? from.country_code : "") &&
                 cJSON_AddStringToObject(cp, "to_country", has_to ? to.country_code : "") &&
                 cJSON_AddStringToObject(cp, "from_name", has_from ? from.name : "") &&
                 cJSON_AddStringToObject(cp, "to_name", has_to ? to.name : "") &&
                 cJSON_AddNumberToObject(cp, "km_from_start", round(crossings[k].along_m) / 1e3);
            if (!ok)
                cJSON_Delete(cp);
            else
                ok = add_item(features,
                              evm_geojson_point_feature(crossings[k].lat, crossings[k].lon, cp));
        }
        if (!ok || evm_geojson_add_bbox(fc) != EVM_OK)
            status = evm_cli_fail(EVM_EXIT_DATA, "route", "out of memory");
        else if (evm_geojson_print(fc, stdout) != EVM_OK)
            status = evm_cli_fail(EVM_EXIT_DATA, "route", "cannot write output");
    }
    cJSON_Delete(fc);
    evm_free(crossings);
    evm_free(refs);
    evm_free(shapes);
    evm_polyline_free(&pl);
    evm_geo_ctx_destroy(geo);
    evm_free(pts);
    evm_free(pa);
    evm_gazetteer_close(gz);
    evm_free(args);
    return status;
}
