/* Lookups against the compiled index: ranking, scripts, countries, divisions. */
#include "check.h"
#include "gazetteer/gazetteer.h"

#include <math.h>
#include <stdlib.h>

static evm_gazetteer *gz;

/* The first candidate of `name` satisfying the filters (NULL = any). */
static int first(const char *name, const char *fcode_prefix, evm_place *out)
{
    const evm_posting *ps;
    size_t n;
    if (evm_gazetteer_find(gz, name, strlen(name), &ps, &n) != EVM_OK)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (evm_gazetteer_place(gz, ps[i].entry, out) != EVM_OK)
            return 0;
        if (!fcode_prefix || strncmp(out->feature_code, fcode_prefix, strlen(fcode_prefix)) == 0)
            return 1;
    }
    return 0;
}

static void top_is(const char *name, const char *want_name, const char *cc, double lat, double lon)
{
    evm_place p;
    CHECK_MSG(first(name, NULL, &p), "no candidate for '%s'", name);
    if (!first(name, NULL, &p))
        return;
    CHECK_MSG(strcmp(p.name, want_name) == 0, "'%s' top candidate is '%s', want '%s'", name, p.name,
              want_name);
    CHECK_MSG(strcmp(p.country_code, cc) == 0, "'%s' in %s, want %s", name, p.country_code, cc);
    CHECK_NEAR(p.lat, lat, 0.1);
    CHECK_NEAR(p.lon, lon, 0.1);
}

int main(void)
{
    evm_diag diag;
    evm_error err = evm_gazetteer_open(getenv("EVMAP_GAZETTEER"), &gz, &diag);
    CHECK_MSG(err == EVM_OK, "%s", diag.message);
    if (err)
        return check_finish();

    top_is("Vladivostok", "Vladivostok", "RU", 43.1, 131.9);
    top_is("Pyongyang", "Pyongyang", "KP", 39.03, 125.75);
    top_is("Władywostok", "Vladivostok", "RU", 43.1, 131.9);
    top_is("Владивосток", "Vladivostok", "RU", 43.1, 131.9);
    top_is("블라디보스토크", "Vladivostok", "RU", 43.1, 131.9);
    top_is("P'yŏngyang", "Pyongyang", "KP", 39.03, 125.75);

    /* Moscow, Russia ranks above Moscow, Idaho; both are candidates. */
    const evm_posting *ps;
    size_t n;
    CHECK(evm_gazetteer_find(gz, "Moscow", 6, &ps, &n) == EVM_OK);
    int ru = -1, us = -1;
    for (size_t i = 0; i < n; i++) {
        evm_place p;
        CHECK(evm_gazetteer_place(gz, ps[i].entry, &p) == EVM_OK);
        if (p.kind != EVM_KIND_CITY)
            continue;
        if (ru < 0 && strcmp(p.country_code, "RU") == 0)
            ru = (int)i;
        if (us < 0 && strcmp(p.country_code, "US") == 0 && strcmp(p.admin1_name, "Idaho") == 0)
            us = (int)i;
    }
    CHECK(ru >= 0 && us >= 0 && ru < us);

    /* Washington: the US capital first. */
    evm_place p;
    CHECK(first("Washington", NULL, &p) && strcmp(p.feature_code, "PPLC") == 0 &&
          strcmp(p.country_code, "US") == 0);

    /* Jilin: the city and the province are both candidates, the province typed ADM1. */
    evm_place city, prov;
    CHECK(first("Jilin", "PPL", &city) && strcmp(city.country_code, "CN") == 0);
    CHECK(first("Jilin", "ADM1", &prov) && prov.kind == EVM_KIND_ADMIN1 &&
          strcmp(prov.division_type, "province") == 0 && strcmp(prov.iso_code, "CN-JL") == 0);
    CHECK(city.admin1_entry == prov.entry);
    /* "Jilin province" and "Primorsky Krai" name the divisions. */
    CHECK(first("Jilin province", NULL, &p) && p.entry == prov.entry);
    CHECK(first("Primorsky Krai", NULL, &p) && p.kind == EVM_KIND_ADMIN1 &&
          strcmp(p.country_code, "RU") == 0);
    evm_place vvo;
    CHECK(first("Vladivostok", NULL, &vvo) && vvo.admin1_entry == p.entry);

    /* Countries by name variant and demonym, with their capital. */
    evm_place kp;
    CHECK(first("North Korea", NULL, &kp) && kp.kind == EVM_KIND_COUNTRY &&
          strcmp(kp.country_code, "KP") == 0);
    CHECK(first("DPRK", NULL, &p) && p.entry == kp.entry);
    CHECK(first("North Korean", NULL, &p) && p.entry == kp.entry);
    CHECK(first("Korea, Democratic People's Republic of", NULL, &p) && p.entry == kp.entry);
    evm_place cap;
    CHECK(kp.capital_entry != EVM_NO_ENTRY &&
          evm_gazetteer_place(gz, kp.capital_entry, &cap) == EVM_OK &&
          strcmp(cap.name, "Pyongyang") == 0);
    CHECK(evm_gazetteer_country(gz, "KP") == kp.entry);
    CHECK(evm_gazetteer_country(gz, "kp") == kp.entry);
    CHECK(evm_gazetteer_country(gz, "XX") == EVM_NO_ENTRY);
    CHECK(evm_gazetteer_admin1(gz, "CN", prov.admin1_code) == prov.entry);

    /* Name flags: demonyms and capital-letter abbreviations are marked. */
    CHECK(evm_gazetteer_find(gz, "North Korean", 12, &ps, &n) == EVM_OK && n >= 1 &&
          (ps[0].flags & EVM_NAME_DEMONYM));
    CHECK(evm_gazetteer_find(gz, "DPRK", 4, &ps, &n) == EVM_OK && n >= 1 &&
          (ps[0].flags & EVM_NAME_ABBREV));

    /* Country outline of North Korea: Pyongyang's point lies inside its bbox. */
    evm_country_shape shape;
    CHECK(evm_gazetteer_country_shape(gz, kp.entry, &shape) == EVM_OK);
    if (evm_gazetteer_country_shape(gz, kp.entry, &shape) == EVM_OK) {
        double w = 180, e = -180, s = 90, nn = -90;
        uint32_t r0 = shape.ring_start[0], r1 = shape.ring_start[shape.polygon_count];
        for (uint32_t pt = shape.point_start[r0]; pt < shape.point_start[r1]; pt++) {
            double x = shape.coords[2 * pt], y = shape.coords[2 * pt + 1];
            w = x < w ? x : w;
            e = x > e ? x : e;
            s = y < s ? y : s;
            nn = y > nn ? y : nn;
        }
        CHECK(w < 125.75 && e > 125.75 && s < 39.03 && nn > 39.03);
        CHECK(e - w < 10 && nn - s < 10);
    }

    /* A division the source places on its namesake capital ("New York" at
     * New York City, "Irkutsk" oblast at Irkutsk) is put inside the division,
     * away from the city: upstate New York, north of Irkutsk city. */
    evm_place ny, nyc;
    CHECK(first("New York", "ADM1", &ny) && first("New York City", "PPL", &nyc));
    if (first("New York", "ADM1", &ny) && first("New York City", "PPL", &nyc)) {
        CHECK_MSG(ny.lat > 41.5 && ny.lat < 44.5 && ny.lon > -78 && ny.lon < -73.8,
                  "New York state at (%f, %f)", ny.lat, ny.lon);
        CHECK(fabs(ny.lat - nyc.lat) > 1.0);
    }
    evm_place irk_obl, irk;
    int have_irk = first("Irkutsk", "ADM1", &irk_obl) && first("Irkutsk", "PPLA", &irk);
    CHECK(have_irk);
    if (have_irk)
        CHECK_MSG(irk_obl.lat - irk.lat > 2.0, "Irkutsk oblast at (%f, %f)", irk_obl.lat,
                  irk_obl.lon);

    /* Unknown names find nothing, without error. */
    CHECK(evm_gazetteer_find(gz, "Xqzzyville", 10, &ps, &n) == EVM_OK && n == 0 && ps == NULL);
    CHECK(evm_gazetteer_place(gz, evm_gazetteer_count(gz), &p) == EVM_ERR_ARG);

    evm_gazetteer_close(gz);
    return check_finish();
}
