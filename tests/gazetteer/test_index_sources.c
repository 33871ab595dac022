/* The compiled index against the sources it was built from: counts by kind,
 * and a sample of places found by name with the source's id, point,
 * population and codes. */
#include "check.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/geonames.h"

#include <stdio.h>
#include <stdlib.h>

static size_t count_rows(const char *path)
{
    char *text = check_read_file(path);
    size_t rows = 0;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (*line != '#' && *line != '\n')
            rows++;
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return rows;
}

int main(void)
{
    const char *dir = getenv("EVMAP_SOURCES");
    evm_gazetteer *gz;
    evm_diag diag;
    CHECK(dir != NULL);
    evm_error err = evm_gazetteer_open(getenv("EVMAP_GAZETTEER"), &gz, &diag);
    CHECK_MSG(err == EVM_OK, "%s", diag.message);
    if (!dir || err)
        return check_finish();

    char path[4096];
    size_t kinds[4] = {0}, from_places = 0, adm2 = 0;
    for (uint32_t i = 0; i < evm_gazetteer_count(gz); i++) {
        evm_place p;
        if (evm_gazetteer_place(gz, i, &p) != EVM_OK)
            continue;
        kinds[p.kind]++;
        if (strcmp(p.feature_code, "ADM2") == 0)
            adm2++;
        else if ((p.kind == EVM_KIND_CITY || p.kind == EVM_KIND_OTHER) && p.geonameid >= 0)
            from_places++; /* the supplement's entries have no GeoNames id */
    }
    snprintf(path, sizeof path, "%s/places.txt", dir);
    size_t place_rows = count_rows(path);
    snprintf(path, sizeof path, "%s/countries.tsv", dir);
    size_t country_rows = count_rows(path);
    snprintf(path, sizeof path, "%s/admin1CodesASCII.txt", dir);
    size_t admin1_rows = count_rows(path);
    CHECK_MSG(place_rows > 150000, "places.txt has %zu rows", place_rows);
    CHECK_EQ_INT(from_places, place_rows);
    /* ADM2 divisions exist where places name them, never more than the codes. */
    snprintf(path, sizeof path, "%s/admin2Codes.txt", dir);
    size_t admin2_rows = count_rows(path);
    CHECK_MSG(adm2 > 10000 && adm2 <= admin2_rows, "%zu ADM2 entries, %zu codes", adm2,
              admin2_rows);
    CHECK_EQ_INT(kinds[EVM_KIND_COUNTRY], country_rows);
    /* Every GeoNames first-level code is a division (some divisions exist
     * only in GeoNames, none only in the other source). */
    CHECK_EQ_INT(kinds[EVM_KIND_ADMIN1], admin1_rows);

    /* Every division with five towns or more lies near them: its point
     * within a degree and a half of their bounding box (sources that put a
     * division at another's capital, or places coded by another version of
     * a country's divisions, are caught by the compiler). */
    {
        uint32_t count = evm_gazetteer_count(gz);
        double *box = calloc((size_t)count * 4, sizeof *box);
        uint32_t *towns = calloc(count, sizeof *towns);
        CHECK(box && towns);
        for (uint32_t i = 0; box && towns && i < count; i++) {
            evm_place p;
            if (evm_gazetteer_place(gz, i, &p) != EVM_OK || p.kind != EVM_KIND_CITY ||
                p.admin1_entry == EVM_NO_ENTRY)
                continue;
            double *b = box + 4 * (size_t)p.admin1_entry;
            if (towns[p.admin1_entry]++ == 0) {
                b[0] = b[1] = p.lat;
                b[2] = b[3] = p.lon;
            }
            b[0] = p.lat < b[0] ? p.lat : b[0];
            b[1] = p.lat > b[1] ? p.lat : b[1];
            b[2] = p.lon < b[2] ? p.lon : b[2];
            b[3] = p.lon > b[3] ? p.lon : b[3];
        }
        size_t checked = 0, far = 0;
        for (uint32_t i = 0; box && towns && i < count; i++) {
            evm_place d;
            if (towns[i] < 5 || evm_gazetteer_place(gz, i, &d) != EVM_OK ||
                d.kind != EVM_KIND_ADMIN1)
                continue;
            const double *b = box + 4 * (size_t)i;
            if (b[3] - b[2] > 180)
                continue; /* across the antimeridian */
            checked++;
            if (d.lat < b[0] - 1.5 || d.lat > b[1] + 1.5 || d.lon < b[2] - 1.5 ||
                d.lon > b[3] + 1.5) {
                far++;
                fprintf(stderr, "division %s (%s) at %.3f %.3f, its towns %.2f..%.2f %.2f..%.2f\n",
                        d.name, d.iso_code ? d.iso_code : "", d.lat, d.lon, b[0], b[1], b[2], b[3]);
            }
        }
        CHECK_MSG(checked > 1000 && far == 0, "%zu of %zu divisions far from their towns", far,
                  checked);
        free(box);
        free(towns);
    }

    /* Every 500th place: found by its name, with the source's fields. */
    snprintf(path, sizeof path, "%s/places.txt", dir);
    char *text = check_read_file(path);
    size_t row_no = 0, sampled = 0, found = 0;
    for (char *line = text; line && *line; row_no++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (row_no % 500 == 0) {
            evm_geonames_row row;
            char why[128];
            CHECK(evm_geonames_parse_row(line, &row, why, sizeof why) == EVM_OK);
            const evm_posting *ps;
            size_t n;
            CHECK(evm_gazetteer_find(gz, row.name, strlen(row.name), &ps, &n) == EVM_OK);
            sampled++;
            for (size_t i = 0; i < n; i++) {
                evm_place p;
                CHECK(evm_gazetteer_place(gz, ps[i].entry, &p) == EVM_OK);
                if (p.geonameid != row.geonameid)
                    continue;
                found++;
                CHECK_NEAR(p.lat, row.lat, 1e-6);
                CHECK_NEAR(p.lon, row.lon, 1e-6);
                CHECK_EQ_INT(p.population, row.population);
                CHECK_EQ_STR(p.country_code, row.country_code);
                CHECK_EQ_STR(p.feature_code, row.feature_code);
                CHECK_EQ_STR(p.admin1_code, row.admin1_code);
                CHECK(ps[i].flags & EVM_NAME_PRIMARY);
                break;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    CHECK_MSG(found == sampled, "%zu of %zu sampled places found by name", found, sampled);
    CHECK(sampled > 300);
    free(text);
    evm_gazetteer_close(gz);
    return check_finish();
}
