/*
 * extra.c - users' own places merged into a gazetteer at run time
 * (--gazetteer-extra FILE): a TSV in GeoNames dump format, or a GeoJSON
 * FeatureCollection of Points with a "name" property (optional properties:
 * "population", "country_code", "feature_code", "admin1", "alternatenames"
 * as an array of strings).
 *
 * Merged names live in a small in-memory hash table whose lists hold the
 * built-in candidates plus the new ones, ordered by importance, so lookups
 * see one list.
 */
#include "gazetteer/gazetteer_internal.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "gazetteer/geonames.h"
#include "gazetteer/rank.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits on what an extra file may add, so a hostile file cannot exhaust
 * memory through the merge tables. */
#define EVM_EXTRA_MAX_PLACES 1000000
#define EVM_EXTRA_MAX_FILE (512u * 1024u * 1024u)

void evm_gazetteer_free_extra(evm_gazetteer *gz)
{
    for (size_t i = 0; i < gz->extra_count; i++) {
        evm_free(gz->extra[i].name);
        evm_free(gz->extra[i].admin1_code);
    }
    evm_free(gz->extra);
    for (size_t i = 0; i < gz->extra_key_cap; i++) {
        evm_free(gz->extra_keys[i].key);
        evm_free(gz->extra_keys[i].postings);
    }
    evm_free(gz->extra_keys);
    gz->extra = NULL;
    gz->extra_keys = NULL;
    gz->extra_count = gz->extra_cap = gz->extra_key_count = gz->extra_key_cap = 0;
}

static float importance_of(const evm_gazetteer *gz, uint32_t entry)
{
    if (entry < gz->entry_count)
        return gz->entries[entry].importance;
    return gz->extra[entry - gz->entry_count].place.importance;
}

static evm_error rehash_keys(evm_gazetteer *gz, size_t cap)
{
    evm_extra_key *slots = evm_calloc(cap, sizeof *slots);
    if (!slots)
        return EVM_ERR_NOMEM;
    for (size_t i = 0; i < gz->extra_key_cap; i++) {
        evm_extra_key *k = &gz->extra_keys[i];
        if (!k->key)
            continue;
        size_t slot = evm_idx_hash(k->key, strlen(k->key)) & (cap - 1);
        while (slots[slot].key)
            slot = (slot + 1) & (cap - 1);
        slots[slot] = *k;
    }
    evm_free(gz->extra_keys);
    gz->extra_keys = slots;
    gz->extra_key_cap = cap;
    return EVM_OK;
}

/* Adds (key of `name`) -> entry to the extra table. */
static evm_error add_name(evm_gazetteer *gz, const char *name, uint32_t entry, uint32_t flags)
{
    char key[256];
    size_t key_len;
    evm_error err = evm_normalize_key_buf(name, strlen(name), key, sizeof key, &key_len);
    if (err == EVM_ERR_LIMIT || (err == EVM_OK && key_len == 0))
        return EVM_OK; /* overlong or empty after normalising: not a usable name */
    if (err)
        return err;
    flags = evm_name_shape_flags(name, flags);
    if ((gz->extra_key_count + 1) * 2 > gz->extra_key_cap) {
        err = rehash_keys(gz, gz->extra_key_cap ? gz->extra_key_cap * 2 : 64);
        if (err)
            return err;
    }
    size_t mask = gz->extra_key_cap - 1;
    size_t slot = evm_idx_hash(key, key_len) & mask;
    while (gz->extra_keys[slot].key && strcmp(gz->extra_keys[slot].key, key) != 0)
        slot = (slot + 1) & mask;
    evm_extra_key *k = &gz->extra_keys[slot];
    if (!k->key) {
        const evm_posting *base;
        size_t base_count;
        err = evm_gazetteer_find_builtin(gz, key, key_len, &base, &base_count);
        if (err)
            return err;
        evm_posting *list = evm_malloc((base_count + 1) * sizeof *list);
        char *copy = evm_strndup(key, key_len);
        if (!list || !copy) {
            evm_free(list);
            evm_free(copy);
            return EVM_ERR_NOMEM;
        }
        if (base_count)
            memcpy(list, base, base_count * sizeof *list);
        k->key = copy;
        k->postings = list;
        k->count = base_count;
        gz->extra_key_count++;
    } else {
        for (size_t i = 0; i < k->count; i++) {
            if (k->postings[i].entry == entry) {
                k->postings[i].flags |= flags;
                return EVM_OK;
            }
        }
        evm_posting *list = evm_realloc(k->postings, (k->count + 1) * sizeof *list);
        if (!list)
            return EVM_ERR_NOMEM;
        k->postings = list;
    }
    /* Insert keeping the list ordered by importance, most important first. */
    float imp = importance_of(gz, entry);
    size_t at = k->count;
    while (at > 0 && importance_of(gz, k->postings[at - 1].entry) < imp) {
        k->postings[at] = k->postings[at - 1];
        at--;
    }
    k->postings[at].entry = entry;
    k->postings[at].flags = flags;
    k->count++;
    return EVM_OK;
}

/* Appends a place and returns its entry number through *entry. */
static evm_error add_place(evm_gazetteer *gz, const char *name, double lat, double lon,
                           const char *fclass, const char *fcode, const char *cc,
                           const char *admin1, uint32_t population, int32_t geonameid,
                           uint32_t *entry)
{
    if (gz->extra_count >= EVM_EXTRA_MAX_PLACES)
        return EVM_ERR_LIMIT;
    void *items = gz->extra;
    evm_error err = evm_grow(&items, &gz->extra_cap, gz->extra_count + 1, sizeof *gz->extra);
    gz->extra = items;
    if (err)
        return err;
    evm_extra_place *x = &gz->extra[gz->extra_count];
    memset(x, 0, sizeof *x);
    x->name = evm_strdup(name);
    x->admin1_code = evm_strdup(admin1 ? admin1 : "");
    if (!x->name || !x->admin1_code) {
        evm_free(x->name);
        evm_free(x->admin1_code);
        return EVM_ERR_NOMEM;
    }
    evm_place *p = &x->place;
    p->entry = gz->entry_count + (uint32_t)gz->extra_count;
    p->geonameid = geonameid;
    p->lat = lat;
    p->lon = lon;
    p->population = population;
    p->feature_class[0] = fclass && *fclass ? fclass[0] : 'P';
    snprintf(p->feature_code, sizeof p->feature_code, "%s", fcode && *fcode ? fcode : "PPL");
    if (cc && strlen(cc) == 2) {
        p->country_code[0] = cc[0];
        p->country_code[1] = cc[1];
    }
    p->kind = p->feature_class[0] == 'P' ? EVM_KIND_CITY : EVM_KIND_OTHER;
    p->importance = evm_importance(p->kind, p->feature_code, population);
    p->name = x->name;
    p->admin1_code = x->admin1_code;
    p->division_type = "";
    p->iso_code = "";
    p->country_entry = evm_gazetteer_country(gz, p->country_code);
    p->admin1_entry = evm_gazetteer_admin1(gz, p->country_code, x->admin1_code);
    p->admin1_name = "";
    if (p->admin1_entry != EVM_NO_ENTRY) {
        evm_place a1;
        if (evm_gazetteer_place(gz, p->admin1_entry, &a1) == EVM_OK)
            p->admin1_name = a1.name;
    }
    p->capital_entry = EVM_NO_ENTRY;
    gz->extra_count++;
    *entry = p->entry;
    return EVM_OK;
}

static evm_error merge_tsv(evm_gazetteer *gz, const char *path, char *text, evm_diag *diag)
{
    size_t line_no = 0;
    char *line = text;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        line_no++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#') {
            line = nl ? nl + 1 : NULL;
            continue;
        }
        evm_geonames_row row;
        char why[160];
        if (evm_geonames_parse_row(line, &row, why, sizeof why) != EVM_OK)
            return evm_diag_set(diag, EVM_ERR_FORMAT, "%s:%zu: %s", path, line_no, why);
        uint32_t entry;
        evm_error err =
            add_place(gz, row.name, row.lat, row.lon, row.feature_class, row.feature_code,
                      row.country_code, row.admin1_code, row.population, row.geonameid, &entry);
        if (!err)
            err = add_name(gz, row.name, entry, EVM_NAME_PRIMARY);
        if (!err && *row.asciiname)
            err = add_name(gz, row.asciiname, entry, EVM_NAME_PRIMARY);
        for (char *alt = row.alternatenames; !err && alt && *alt;) {
            char *comma = strchr(alt, ',');
            if (comma)
                *comma = '\0';
            if (*alt)
                err = add_name(gz, alt, entry, EVM_NAME_ALT);
            alt = comma ? comma + 1 : NULL;
        }
        if (err)
            return evm_diag_set(diag, err, "%s:%zu: %s", path, line_no, evm_error_describe(err));
        line = nl ? nl + 1 : NULL;
    }
    return EVM_OK;
}

static const char *json_string(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static evm_error merge_geojson(evm_gazetteer *gz, const char *path, const char *text,
                               evm_diag *diag)
{
    unsigned long failures = evm_alloc_failures();
    cJSON *root = cJSON_Parse(text);
    if (!root && evm_alloc_failures() != failures)
        return evm_diag_set(diag, EVM_ERR_NOMEM, "%s: out of memory reading the JSON", path);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= text ? (size_t)(at - text) : 0;
        return evm_diag_set(diag, EVM_ERR_FORMAT, "%s: invalid JSON near byte %zu", path, off);
    }
    evm_error err = EVM_OK;
    const cJSON *features = cJSON_GetObjectItemCaseSensitive(root, "features");
    const char *type = json_string(root, "type");
    if (!type || strcmp(type, "FeatureCollection") != 0 || !cJSON_IsArray(features)) {
        err = evm_diag_set(diag, EVM_ERR_FORMAT,
                           "%s: expected a GeoJSON FeatureCollection with a features array", path);
        goto done;
    }
    int index = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, features)
    {
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(f, "properties");
        const cJSON *geom = cJSON_GetObjectItemCaseSensitive(f, "geometry");
        const char *gtype = geom ? json_string(geom, "type") : NULL;
        const cJSON *coords = geom ? cJSON_GetObjectItemCaseSensitive(geom, "coordinates") : NULL;
        const char *name = props ? json_string(props, "name") : NULL;
        if (!gtype || strcmp(gtype, "Point") != 0 || cJSON_GetArraySize(coords) < 2) {
            err = evm_diag_set(diag, EVM_ERR_FORMAT, "%s: feature %d: geometry is not a Point",
                               path, index);
            goto done;
        }
        if (!name || !*name) {
            err = evm_diag_set(diag, EVM_ERR_FORMAT,
                               "%s: feature %d: missing or empty \"name\" property", path, index);
            goto done;
        }
        const cJSON *jlon = cJSON_GetArrayItem(coords, 0), *jlat = cJSON_GetArrayItem(coords, 1);
        double lon = cJSON_IsNumber(jlon) ? jlon->valuedouble : NAN;
        double lat = cJSON_IsNumber(jlat) ? jlat->valuedouble : NAN;
        if (!isfinite(lon) || !isfinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            err = evm_diag_set(diag, EVM_ERR_FORMAT,
                               "%s: feature %d (%s): coordinates out of range (need [lon, lat] "
                               "within [-180, 180] and [-90, 90])",
                               path, index, name);
            goto done;
        }
        const cJSON *jpop = cJSON_GetObjectItemCaseSensitive(props, "population");
        uint32_t pop = 0;
        if (cJSON_IsNumber(jpop) && jpop->valuedouble > 0)
            pop = jpop->valuedouble >= 4294967295.0 ? UINT32_MAX : (uint32_t)jpop->valuedouble;
        uint32_t entry;
        const char *fcode = json_string(props, "feature_code");
        err = add_place(gz, name, lat, lon, fcode ? "P" : NULL, fcode,
                        json_string(props, "country_code"), json_string(props, "admin1"), pop, -1,
                        &entry);
        if (!err)
            err = add_name(gz, name, entry, EVM_NAME_PRIMARY);
        const cJSON *alts = cJSON_GetObjectItemCaseSensitive(props, "alternatenames");
        const cJSON *alt;
        cJSON_ArrayForEach(alt, alts)
        {
            if (!err && cJSON_IsString(alt) && *alt->valuestring)
                err = add_name(gz, alt->valuestring, entry, EVM_NAME_ALT);
        }
        if (err) {
            evm_diag_set(diag, err, "%s: feature %d (%s): %s", path, index, name,
                         evm_error_describe(err));
            goto done;
        }
        index++;
    }
done:
    cJSON_Delete(root);
    return err;
}

evm_error evm_gazetteer_merge_extra(evm_gazetteer *gz, const char *path, evm_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return evm_diag_set(diag, EVM_ERR_IO, "%s: cannot open extra gazetteer: %s", path,
                            strerror(errno));
    evm_buf buf = {0};
    char chunk[65536];
    size_t got;
    evm_error err = EVM_OK;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf.len + got > EVM_EXTRA_MAX_FILE) {
            err = evm_diag_set(diag, EVM_ERR_LIMIT, "%s: extra gazetteer larger than %u bytes",
                               path, EVM_EXTRA_MAX_FILE);
            break;
        }
        if ((err = evm_buf_append(&buf, chunk, got)) != EVM_OK) {
            evm_diag_set(diag, err, "%s: out of memory", path);
            break;
        }
    }
    if (!err && ferror(f))
        err = evm_diag_set(diag, EVM_ERR_IO, "%s: read error: %s", path, strerror(errno));
    fclose(f);
    if (!err && buf.len == 0)
        err = evm_diag_set(diag, EVM_ERR_FORMAT, "%s: extra gazetteer is empty", path);
    if (!err && memchr(buf.data, '\0', buf.len))
        err = evm_diag_set(diag, EVM_ERR_FORMAT, "%s: extra gazetteer contains NUL bytes", path);
    if (!err) {
        const char *p = buf.data;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '{')
            err = merge_geojson(gz, path, buf.data, diag);
        else
            err = merge_tsv(gz, path, buf.data, diag);
    }
    evm_buf_free(&buf);
    return err;
}
