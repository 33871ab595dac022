/*
 * make_fixtures - writes a directory of hand-built output layers with the
 * emitters, for the client tests (GDAL, QGIS, Chromium, check-geojson):
 *   places.geojson events.geojson routes.geojson claims.geojson
 *   crossings.geojson, a .qml beside each, and map.html.
 *
 * The layers follow the layer contract (see src/emit/html.h), including the
 * awkward cases: a route cut at the antimeridian (MultiLineString, the form
 * every route and claim takes), an event sentence that tries to inject
 * script, text with '&', quotes and U+2028, nulls.
 *
 * usage: make_fixtures DIR
 */
#include "emit/geojson_util.h"
#include "emit/html.h"
#include "emit/qml.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
    fprintf(stderr, "make_fixtures: %s\n", what);
    exit(1);
}

static cJSON *need(cJSON *j)
{
    if (!j)
        die("out of memory");
    return j;
}

static cJSON *strings(const char *const *s, int n)
{
    return need(cJSON_CreateStringArray(s, n));
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    need(v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k));
}

static void add_num(cJSON *o, const char *k, double v)
{
    need(cJSON_AddNumberToObject(o, k, v));
}

static void add_null(cJSON *o, const char *k)
{
    need(cJSON_AddNullToObject(o, k));
}

static void add_item(cJSON *o, const char *k, cJSON *v)
{
    if (!cJSON_AddItemToObject(o, k, v))
        die("out of memory");
}

/* Appends `feature` to `fc` with `id` as its RFC 7946 "id" member (the
 * builders also make "id" the first property: GDAL and QGIS show one field). */
static void push(cJSON *fc, cJSON *feature, const char *id)
{
    need(feature);
    add_str(feature, "id", id);
    if (!cJSON_AddItemToArray(cJSON_GetObjectItem(fc, "features"), feature))
        die("out of memory");
}

/* A properties object whose first member is "id". */
static cJSON *props_with_id(const char *id)
{
    cJSON *p = need(cJSON_CreateObject());
    add_str(p, "id", id);
    return p;
}

/* A MultiLineString feature from parts of [lon, lat] pairs. */
static cJSON *lines_feature(const double *const *parts, const int *counts, int nparts, cJSON *props)
{
    cJSON *f = need(cJSON_CreateObject());
    cJSON *g = need(cJSON_CreateObject());
    cJSON *coords = need(cJSON_CreateArray());
    add_str(f, "type", "Feature");
    add_str(g, "type", "MultiLineString");
    for (int p = 0; p < nparts; p++) {
        cJSON *part = need(cJSON_CreateArray());
        for (int i = 0; i < counts[p]; i++) {
            double xy[2] = {evm_round6(parts[p][2 * i]), evm_round6(parts[p][2 * i + 1])};
            if (!cJSON_AddItemToArray(part, need(cJSON_CreateDoubleArray(xy, 2))))
                die("out of memory");
        }
        if (!cJSON_AddItemToArray(coords, part))
            die("out of memory");
    }
    add_item(g, "coordinates", coords);
    add_item(f, "geometry", g);
    add_item(f, "properties", props);
    return f;
}

static cJSON *place(cJSON *fc, int geonameid, const char *name, const char *surface, const char *cc,
                    const char *admin1, double lat, double lon, int population, const char *kind,
                    const char *fcode, double confidence, const char *reason)
{
    char id[40];
    snprintf(id, sizeof id, "place-%d", geonameid);
    cJSON *p = props_with_id(id);
    add_str(p, "name", name);
    add_item(p, "surface", strings(&surface, 1));
    cJSON *mentions = need(cJSON_CreateArray());
    cJSON *m = need(cJSON_CreateObject());
    add_num(m, "start", 10);
    add_num(m, "end", 10 + (double)strlen(surface));
    need(cJSON_AddBoolToObject(m, "demonym", 0));
    if (!cJSON_AddItemToArray(mentions, m))
        die("out of memory");
    add_item(p, "mentions", mentions);
    add_num(p, "geonameid", geonameid);
    add_str(p, "feature_code", fcode);
    add_str(p, "country_code", cc);
    add_str(p, "admin1", admin1);
    add_num(p, "population", population);
    add_str(p, "kind", kind);
    add_num(p, "confidence", confidence);
    add_str(p, "reason", reason);
    push(fc, evm_geojson_point_feature(lat, lon, p), id);
    return p;
}

static void event(cJSON *fc, int n, const char *type, const char *trigger, const char *cameo,
                  const char *const *actors, int nactors, const char *place_name,
                  const char *place_id, double lat, double lon, const char *date,
                  const char *precision, const char *modality, const char *sentence, int start)
{
    char id[40];
    snprintf(id, sizeof id, "event-%d", n);
    cJSON *p = props_with_id(id);
    add_str(p, "type", type);
    add_str(p, "trigger", trigger);
    add_str(p, "cameo", cameo);
    add_item(p, "actors", strings(actors, nactors));
    add_str(p, "place", place_name);
    add_str(p, "place_id", place_id);
    add_str(p, "date", date);
    add_str(p, "date_precision", precision);
    add_str(p, "date_text", date);
    add_str(p, "modality", modality);
    add_str(p, "sentence", sentence);
    add_num(p, "start", start);
    add_num(p, "end", start + (double)strlen(sentence));
    push(fc, evm_geojson_point_feature(lat, lon, p), id);
}

static void write_layer(const char *dir, const char *name, cJSON *fc)
{
    char path[1024];
    if (evm_geojson_add_bbox(fc) != EVM_OK)
        die("bbox");
    snprintf(path, sizeof path, "%s/%s.geojson", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || evm_geojson_write(fc, f, 1) != EVM_OK || fclose(f) != 0)
        die(path);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_fixtures DIR\n");
        return 2;
    }
    const char *dir = argv[1];

    cJSON *places = need(evm_geojson_collection("places"));
    place(places, 2013348, "Vladivostok", "Vladivostok", "RU", "Primorskiy Kray", 43.10562,
          131.87353, 604901, "city", "PPLA", 0.97, "largest city of that name in the region");
    place(places, 1871859, "Pyongyang", "Pyongyang", "KP", "Pyongyang", 39.03385, 125.75432,
          3222000, "city", "PPLC", 0.99, "capital & only candidate");
    place(places, 2124611, "Khasan", "Khasan", "RU", "Primorskiy Kray", 42.43, 130.78, 742, "other",
          "PPL", 0.62, "near the border \"station\"\u2028(rail terminus)");
    place(places, 2127202, "Anadyr", "Anadyr", "RU", "Chukotka", 64.73424, 177.51030, 13202, "city",
          "PPLA", 0.9, "regional capital");
    place(places, 5870133, "Nome", "Nome", "US", "Alaska", 64.5011, -165.40642, 3788, "city",
          "PPLA2", 0.85, "only large match");

    cJSON *events = need(evm_geojson_collection("events"));
    static const char *const kim[] = {"Kim Jong Un"};
    static const char *const both[] = {"Kim Jong Un", "Vladimir Putin"};
    static const char *const envoy[] = {"the <b>envoy</b>"};
    /* The first event's popup is opened by the Chromium test: its sentence
     * must show up as text, and neither payload may run. */
    event(events, 1, "statement", "said", "01", kim, 1, "Pyongyang", "place-1871859", 39.03385,
          125.75432, "2023-09-10", "day", "reported",
          "Officials said \"</script><script>document.title='PWNED'</script>\" and "
          "<img src=x onerror=\"document.title='PWNED'\"> before the train left.",
          0);
    event(events, 2, "arrival", "arrived", NULL, kim, 1, "Khasan", "place-2124611", 42.43, 130.78,
          "2023-09-12", "day", "reported",
          "The armoured train arrived at the border station of Khasan on Tuesday.", 120);
    event(events, 3, "meeting", "meet", "04", both, 2, "Vladivostok", "place-2013348", 43.10562,
          131.87353, "2023-09", "month", "expected",
          "The two leaders are expected to meet in Vladivostok\u2028later in the month.", 200);
    event(events, 4, "travel", "flew", NULL, envoy, 1, "Nome", "place-5870133", 64.5011, -165.40642,
          NULL, NULL, "possible", "An envoy may have flown on to Nome & beyond.", 300);

    cJSON *routes = need(evm_geojson_collection("routes"));
    {
        static const double kim_route[] = {125.75432, 39.03385, 128.2, 40.6,  129.9,     41.9,
                                           130.78,    42.43,    131.2, 42.85, 131.87353, 43.10562};
        const double *parts[] = {kim_route};
        int counts[] = {6};
        cJSON *p = props_with_id("route-Kim Jong Un");
        static const char *const names[] = {"Pyongyang", "Khasan", "Vladivostok"};
        add_str(p, "actor", "Kim Jong Un");
        add_num(p, "legs", 2);
        add_num(p, "distance_km", 612.4);
        add_str(p, "legs_km", "455.1; 157.3");
        add_item(p, "places", strings(names, 3));
        need(cJSON_AddBoolToObject(p, "inferred_origin", 1));
        push(routes, lines_feature(parts, counts, 1, p), "route-Kim Jong Un");
    }
    {
        /* Anadyr -> Nome across the antimeridian, cut at +-180 into two parts. */
        static const double west[] = {177.5103, 64.73424, 179.0, 64.9, 180.0, 65.0};
        static const double east[] = {-180.0, 65.0, -172.0, 65.1, -165.40642, 64.5011};
        const double *parts[] = {west, east};
        int counts[] = {3, 3};
        cJSON *p = props_with_id("route-the <b>envoy</b>");
        static const char *const names[] = {"Anadyr", "Nome"};
        add_str(p, "actor", envoy[0]);
        add_num(p, "legs", 1);
        add_num(p, "distance_km", 653.9);
        add_str(p, "legs_km", "653.9");
        add_item(p, "places", strings(names, 2));
        need(cJSON_AddBoolToObject(p, "inferred_origin", 0));
        push(routes, lines_feature(parts, counts, 2, p), "route-the <b>envoy</b>");
    }

    cJSON *claims = need(evm_geojson_collection("claims"));
    {
        static const struct {
            const char *kind, *text, *subject, *reference, *dir, *dv, *rv, *uv;
            double claimed, measured, bearing, err;
            double line[6];
        } c[] = {
            {"distance",
             "Khasan, about 130 km (80 miles) southwest of Vladivostok",
             "Khasan",
             "Vladivostok",
             "southwest",
             "consistent",
             "consistent",
             "consistent",
             130,
             128.9,
             -128.5,
             0.85,
             {131.87353, 43.10562, 131.33, 42.77, 130.78, 42.43}},
            {"distance",
             "Pyongyang, some 212.5 km from Vladivostok",
             "Pyongyang",
             "Vladivostok",
             NULL,
             "inaccurate",
             "none",
             "none",
             212.5,
             733.2,
             -128.9,
             -71.0,
             {131.87353, 43.10562, 128.8, 41.1, 125.75432, 39.03385}},
            {"direction",
             "Nome lies east of Anadyr",
             "Nome",
             "Anadyr",
             "east",
             "none",
             "consistent",
             "none",
             0,
             653.9,
             95.2,
             0,
             {177.5103, 64.73424, 179.9, 64.9, 182.0, 65.0}},
        };
        for (int i = 0; i < 3; i++) {
            char id[32];
            snprintf(id, sizeof id, "claim-%d", i + 1);
            cJSON *p = props_with_id(id);
            add_str(p, "kind", c[i].kind);
            add_str(p, "text", c[i].text);
            add_num(p, "start", 400 + 80 * i);
            add_num(p, "end", 400 + 80 * i + (double)strlen(c[i].text));
            add_str(p, "subject", c[i].subject);
            add_str(p, "reference", c[i].reference);
            if (c[i].claimed > 0) {
                add_num(p, "claimed_km", c[i].claimed);
                add_num(p, "claimed_km_min", c[i].claimed * 0.9);
                add_num(p, "claimed_km_max", c[i].claimed * 1.1);
            } else {
                add_null(p, "claimed_km");
                add_null(p, "claimed_km_min");
                add_null(p, "claimed_km_max");
            }
            add_num(p, "measured_km", c[i].measured);
            add_num(p, "bearing_deg", c[i].bearing);
            add_str(p, "claimed_direction", c[i].dir);
            add_str(p, "distance_verdict", c[i].dv);
            add_str(p, "direction_verdict", c[i].rv);
            add_str(p, "units_verdict", c[i].uv);
            if (c[i].claimed > 0)
                add_num(p, "error_pct", c[i].err);
            else
                add_null(p, "error_pct");
            /* The third claim crosses the antimeridian: cut it at 180. */
            double a[6], b[4];
            const double *parts[2] = {a, b};
            int counts[2] = {3, 0};
            memcpy(a, c[i].line, sizeof a);
            if (c[i].line[4] > 180.0) {
                a[4] = 180.0;
                a[5] = 64.95;
                b[0] = -180.0;
                b[1] = 64.95;
                b[2] = c[i].line[4] - 360.0;
                b[3] = c[i].line[5];
                counts[1] = 2;
            }
            push(claims, lines_feature(parts, counts, counts[1] ? 2 : 1, p), id);
        }
    }

    cJSON *crossings = need(evm_geojson_collection("crossings"));
    {
        static const struct {
            const char *route, *actor, *fc, *tc, *fn, *tn;
            double lat, lon;
        } x[] = {
            {"route-Kim Jong Un", "Kim Jong Un", "KP", "RU", "North Korea", "Russia", 42.42,
             130.64},
            {"route-the <b>envoy</b>", "the <b>envoy</b>", "RU", "US", "Russia", "United States",
             65.05, -168.97},
        };
        for (int i = 0; i < 2; i++) {
            char id[32];
            snprintf(id, sizeof id, "crossing-%d", i + 1);
            cJSON *p = props_with_id(id);
            add_str(p, "route_id", x[i].route);
            add_str(p, "actor", x[i].actor);
            add_str(p, "from_country", x[i].fc);
            add_str(p, "to_country", x[i].tc);
            add_str(p, "from_name", x[i].fn);
            add_str(p, "to_name", x[i].tn);
            add_num(p, "km_from_start", 120.5 + 100.25 * i);
            push(crossings, evm_geojson_point_feature(x[i].lat, x[i].lon, p), id);
        }
    }

    cJSON *layers[EVM_LAYER__COUNT] = {places, events, routes, claims, crossings};
    char path[1024];
    for (int k = 0; k < EVM_LAYER__COUNT; k++) {
        const char *name = evm_layer_kind_name((evm_layer_kind)k);
        write_layer(dir, name, layers[k]);
        snprintf(path, sizeof path, "%s/%s.qml", dir, name);
        FILE *f = fopen(path, "wb");
        if (!f || evm_emit_qml(f, (evm_layer_kind)k) != EVM_OK || fclose(f) != 0)
            die(path);
    }
    snprintf(path, sizeof path, "%s/map.html", dir);
    FILE *f = fopen(path, "wb");
    if (!f ||
        evm_emit_map_html(f, "Fixture: a train to <Vladivostok> & a flight to Nome", places, events,
                          routes, claims, crossings) != EVM_OK ||
        fclose(f) != 0)
        die(path);
    for (int k = 0; k < EVM_LAYER__COUNT; k++)
        cJSON_Delete(layers[k]);
    return 0;
}
