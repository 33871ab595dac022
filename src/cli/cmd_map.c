/*
 * cmd_map.c - `evmap map ARTICLE`: the article as map layers.
 */
#include "cli/cli.h"

#include "text/text.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "emit/geojson_util.h"
#include "emit/html.h"
#include "emit/qml.h"
#include "geoparse/geoparse.h"
#include "pipeline/pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void map_usage(FILE *out)
{
    fprintf(out,
            "usage: evmap map ARTICLE [-o DIR] [--format dir|geojson|geojsonseq]\n"
            "                 [--date YYYY-MM-DD] [--layers LIST] [--max-segment-km KM]\n"
            "                 [--lenient] [--gazetteer PATH] [--gazetteer-extra FILE]\n\n"
            "Turns ARTICLE (UTF-8 text, or - for standard input) into the map of what it\n"
            "names: places, events, routes, distance claims and border crossings.\n\n"
            "  -o DIR          write the layers there (default: output/<article name>/):\n"
            "                  places, events, routes, claims, crossings .geojson (RFC 7946),\n"
            "                  a QGIS style .qml beside each, and map.html (opens offline)\n"
            "  --format F      dir (default), geojson (one FeatureCollection of all layers\n"
            "                  on stdout, each feature's \"layer\" property naming its layer)\n"
            "                  or geojsonseq (RFC 8142 records on stdout)\n"
            "  --date D        the article's date, for \"Tuesday\" or \"last week\" (default:\n"
            "                  the latest full date in the text)\n"
            "  --layers LIST   comma-separated subset of places,events,routes,claims,crossings\n"
            "  --max-segment-km KM  vertex spacing of routes and claim lines (default 50)\n"
            "  --lenient       skip invalid UTF-8 instead of failing\n\n"
            "Prints a short summary on stdout (with -o or the default folder).\n");
}

/* The article's name for folders and titles: its file name without
 * directories or extension, reduced to safe characters ("-" for stdin). */
static void article_name(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(path, "-") == 0 || !*base)
        base = "stdin";
    size_t n = 0;
    for (const char *p = base; *p && n + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        buf[n++] = ok ? c : '_';
    }
    buf[n] = '\0';
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
    if (buf[0] == '.' || !buf[0])
        buf[0] = '_'; /* never "." or ".." */
}

/* mkdir -p for a relative or absolute path. */
static int make_dirs(const char *dir)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(tmp, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static int write_file(const char *dir, const char *name, const cJSON *json, evm_layer_kind kind,
                      bool qml)
{
    char path[4200]; /* dir is at most 4000 bytes (checked), name short */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return evm_cli_fail(EVM_EXIT_DATA, "map", "%s: cannot write: %s", path, strerror(errno));
    evm_error err = qml ? evm_emit_qml(f, kind) : evm_geojson_write(json, f, 0);
    if (fclose(f) != 0 && !err)
        err = EVM_ERR_IO;
    if (err)
        return evm_cli_fail(EVM_EXIT_DATA, "map", "%s: cannot write: %s", path,
                            err == EVM_ERR_IO ? strerror(errno) : evm_error_describe(err));
    return EVM_EXIT_OK;
}

/* Counts of verdicts for the summary. */
static void summarise(const evm_layers *layers)
{
    int counts[EVM_LAYER__COUNT];
    for (int k = 0; k < EVM_LAYER__COUNT; k++) {
        counts[k] = layers->layer[k]
                        ? cJSON_GetArraySize(cJSON_GetObjectItem(layers->layer[k], "features"))
                        : 0;
    }
    printf("places %d, events %d, routes %d, claims %d, crossings %d\n", counts[0], counts[1],
           counts[2], counts[3], counts[4]);
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(layers->layer[EVM_LAYER_CLAIMS], "features"))
    {
        const cJSON *p = cJSON_GetObjectItem(f, "properties");
        const cJSON *subj = cJSON_GetObjectItem(p, "subject_name");
        const cJSON *ref = cJSON_GetObjectItem(p, "reference_name");
        printf("  claim %s -> %s: distance %s, direction %s, units %s\n",
               cJSON_IsString(ref) ? ref->valuestring : "?",
               cJSON_IsString(subj) ? subj->valuestring : "?",
               cJSON_GetObjectItem(p, "distance_verdict")->valuestring,
               cJSON_GetObjectItem(p, "direction_verdict")->valuestring,
               cJSON_GetObjectItem(p, "units_verdict")->valuestring);
    }
}

/* All features of the selected layers, each tagged with its layer. */
static cJSON *merged(const evm_layers *layers, const char *name)
{
    cJSON *fc = evm_geojson_collection(name);
    cJSON *features = cJSON_GetObjectItem(fc, "features");
    for (int k = 0; fc && k < EVM_LAYER__COUNT; k++) {
        const cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(layers->layer[k], "features"))
        {
            cJSON *copy = cJSON_Duplicate(f, 1);
            cJSON *props = cJSON_GetObjectItem(copy, "properties");
            if (!copy || !props ||
                !cJSON_AddStringToObject(props, "layer", evm_layer_kind_name((evm_layer_kind)k)) ||
                !cJSON_AddItemToArray(features, copy)) {
                cJSON_Delete(copy);
                cJSON_Delete(fc);
                return NULL;
            }
        }
    }
    if (fc && evm_geojson_add_bbox(fc) != EVM_OK) {
        cJSON_Delete(fc);
        return NULL;
    }
    return fc;
}

int evm_cmd_map(int argc, char **argv)
{
    evm_article_opts opts = {0};
    const char *path = NULL, *outdir = NULL, *format = "dir", *date = NULL;
    unsigned mask = EVM_LAYERS_ALL;
    double max_km = 50;
    evm_diag diag = {{0}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int shared = evm_cli_shared_option("map", argc, argv, &i, &opts);
        if (shared < 0)
            return EVM_EXIT_USAGE;
        if (shared)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            map_usage(stdout);
            return EVM_EXIT_OK;
        }
        bool valued = !strcmp(a, "-o") || !strcmp(a, "--format") || !strcmp(a, "--date") ||
                      !strcmp(a, "--layers") || !strcmp(a, "--max-segment-km");
        if (valued && i + 1 >= argc)
            return evm_cli_fail(EVM_EXIT_USAGE, "map", "%s needs a value", a);
        if (!strcmp(a, "-o")) {
            outdir = argv[++i];
        } else if (!strcmp(a, "--format")) {
            format = argv[++i];
            if (strcmp(format, "dir") && strcmp(format, "geojson") && strcmp(format, "geojsonseq"))
                return evm_cli_fail(EVM_EXIT_USAGE, "map",
                                    "--format takes dir, geojson or geojsonseq, not '%s'", format);
        } else if (!strcmp(a, "--date")) {
            date = argv[++i];
            int y, m, d;
            char extra;
            if (sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 ||
                d < 1 || d > 31)
                return evm_cli_fail(EVM_EXIT_USAGE, "map", "--date takes YYYY-MM-DD, not '%s'",
                                    date);
        } else if (!strcmp(a, "--layers")) {
            if (evm_layers_parse(argv[++i], &mask, &diag) != EVM_OK)
                return evm_cli_fail(EVM_EXIT_USAGE, "map", "%s", diag.message);
        } else if (!strcmp(a, "--max-segment-km")) {
            char *end;
            max_km = strtod(argv[++i], &end);
            if (*end || !(max_km >= 1 && max_km <= 20000))
                return evm_cli_fail(EVM_EXIT_USAGE, "map",
                                    "--max-segment-km takes a number from 1 to 20000");
        } else if (a[0] == '-' && a[1]) {
            return evm_cli_fail(EVM_EXIT_USAGE, "map", "unknown option %s", a);
        } else if (!path) {
            path = a;
        } else {
            return evm_cli_fail(EVM_EXIT_USAGE, "map", "one ARTICLE only");
        }
    }
    if (!path) {
        map_usage(stderr);
        return EVM_EXIT_USAGE;
    }
    char name[200];
    article_name(path, name, sizeof name);
    char defdir[4096];
    if (!outdir) {
        snprintf(defdir, sizeof defdir, "output/%s", name);
        outdir = defdir;
    }
    if (strlen(outdir) > 4000)
        return evm_cli_fail(EVM_EXIT_USAGE, "map", "-o: path longer than 4000 bytes");
    char *text = NULL;
    size_t len = 0;
    evm_gazetteer *gz = NULL;
    int status = evm_cli_open_article("map", path, &opts, &text, &len, &gz);
    if (status)
        return status;
    evm_pipeline *pipe = NULL;
    evm_layers layers = {{0}};
    evm_pipeline_opts popts = {opts.geoparse_flags, max_km};
    if (!status && evm_pipeline_create(gz, &popts, &pipe, &diag) != EVM_OK)
        status = evm_cli_fail(EVM_EXIT_DATA, "map", "%s", diag.message);
    if (!status) {
        evm_article art = {name, text, len, date};
        evm_error err = evm_pipeline_run(pipe, &art, mask, &layers, &diag);
        if (err)
            status = evm_cli_fail(EVM_EXIT_DATA, "map", "%s: %s", path,
                                  diag.message[0] ? diag.message : evm_error_describe(err));
    }
    if (!status && strcmp(format, "dir") == 0) {
        if (make_dirs(outdir) != 0) {
            status = evm_cli_fail(EVM_EXIT_DATA, "map", "%s: cannot create folder: %s", outdir,
                                  strerror(errno));
        }
        for (int k = 0; !status && k < EVM_LAYER__COUNT; k++) {
            if (!layers.layer[k])
                continue;
            char file[64];
            const char *base = evm_layer_kind_name((evm_layer_kind)k);
            snprintf(file, sizeof file, "%s.geojson", base);
            status = write_file(outdir, file, layers.layer[k], (evm_layer_kind)k, false);
            snprintf(file, sizeof file, "%s.qml", base);
            if (!status)
                status = write_file(outdir, file, NULL, (evm_layer_kind)k, true);
        }
        if (!status) {
            char html[4200];
            snprintf(html, sizeof html, "%s/map.html", outdir);
            FILE *f = fopen(html, "wb");
            evm_error err = f ? evm_emit_map_html(f, name, layers.layer[0], layers.layer[1],
                                                  layers.layer[2], layers.layer[3], layers.layer[4])
                              : EVM_ERR_IO;
            if (f && fclose(f) != 0)
                err = EVM_ERR_IO;
            if (err)
                status =
                    evm_cli_fail(EVM_EXIT_DATA, "map", "%s: cannot write: %s", html,
                                 err == EVM_ERR_IO ? strerror(errno) : evm_error_describe(err));
        }
        if (!status) {
            printf("%s: ", outdir);
            summarise(&layers);
            printf("open %s/map.html, or load the .geojson layers in QGIS\n", outdir);
        }
    } else if (!status && strcmp(format, "geojson") == 0) {
        cJSON *fc = merged(&layers, name);
        if (!fc || evm_geojson_print(fc, stdout) != EVM_OK)
            status = evm_cli_fail(EVM_EXIT_DATA, "map", "cannot write output");
        cJSON_Delete(fc);
    } else if (!status) {
        /* RFC 8142: each record is RS, a GeoJSON text, LF. */
        for (int k = 0; !status && k < EVM_LAYER__COUNT; k++) {
            const cJSON *f;
            cJSON_ArrayForEach(f, cJSON_GetObjectItem(layers.layer[k], "features"))
            {
                cJSON *copy = cJSON_Duplicate(f, 1);
                cJSON_AddStringToObject(cJSON_GetObjectItem(copy, "properties"), "layer",
                                        evm_layer_kind_name((evm_layer_kind)k));
                if (fputc(0x1e, stdout) == EOF || evm_geojson_write(copy, stdout, 0) != EVM_OK)
                    status = evm_cli_fail(EVM_EXIT_DATA, "map", "cannot write output");
                cJSON_Delete(copy);
                if (status)
                    break;
            }
        }
    }
    if (!status && fflush(stdout) != 0)
        status = evm_cli_fail(EVM_EXIT_DATA, "map", "cannot write output: %s", strerror(errno));
    evm_layers_free(&layers);
    evm_pipeline_destroy(pipe);
    evm_gazetteer_close(gz);
    evm_free(text);
    return status;
}
