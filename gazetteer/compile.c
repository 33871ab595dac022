/*
 * compile.c - evmap-gazc, the gazetteer index compiler.
 *
 *   evmap-gazc --sources DIR -o evmap.idx
 *   evmap-gazc --places allCountries.txt --admin1-codes admin1CodesASCII.txt \
 *              --country-info countryInfo.txt [--countries countries.tsv] \
 *              [--divisions divisions.tsv] [--shapes country-shapes.tsv] -o big.idx
 *
 * --sources DIR reads evmap's derived sources (places.txt, admin1CodesASCII.txt,
 * divisions.tsv, countries.tsv, country-shapes.tsv: formats in
 * gazetteer/README.md); single options override single files. The output is
 * deterministic: the same inputs give the same bytes. Exit status 0 on
 * success, 1 on a usage error, 2 on an input error (message names the file
 * and line).
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/geonames.h"
#include "gazetteer/index_format.h"
#include "gazetteer/rank.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_KEY 255

/* ---- small helpers ----------------------------------------------------- */

static void die_nomem(void)
{
    fprintf(stderr, "evmap-gazc: out of memory\n");
    exit(2);
}

static void *xgrow(void *items, size_t *cap, size_t need, size_t size)
{
    if (evm_grow(&items, cap, need, size) != EVM_OK)
        die_nomem();
    return items;
}

static char *xstrdup(const char *s)
{
    char *c = evm_strdup(s);
    if (!c)
        die_nomem();
    return c;
}

/* A whole file in memory, NUL-terminated; lines are cut in place. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "evmap-gazc: %s: cannot open: %s\n", path, strerror(errno));
        exit(2);
    }
    evm_buf b = {0};
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (evm_buf_append(&b, chunk, got) != EVM_OK)
            die_nomem();
    }
    if (ferror(f)) {
        fprintf(stderr, "evmap-gazc: %s: read error\n", path);
        exit(2);
    }
    fclose(f);
    if (!b.data && evm_buf_append(&b, "", 0) != EVM_OK)
        die_nomem();
    return b.data;
}

/* Iterates the lines of a slurped file: returns the next line (cut at its
 * newline, CR stripped) or NULL; skips blank lines and '#' comments. */
static char *next_line(char **cursor, size_t *line_no)
{
    while (*cursor && **cursor) {
        char *line = *cursor;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            *cursor = nl + 1;
        } else {
            *cursor = NULL;
        }
        (*line_no)++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (line[0] && line[0] != '#')
            return line;
    }
    return NULL;
}

_Noreturn static void input_error(const char *path, size_t line_no, const char *why)
{
    fprintf(stderr, "evmap-gazc: %s:%zu: %s\n", path, line_no, why);
    exit(2);
}

/* ---- string pool with de-duplication ---------------------------------- */

typedef struct pool {
    evm_buf data;
    uint32_t *slots; /* offset + 1, open addressing */
    size_t cap, count;
} pool;

static uint32_t pool_add(pool *p, const char *s)
{
    size_t len = strlen(s);
    if (p->data.len == 0 && evm_buf_append(&p->data, "", 1) != EVM_OK)
        die_nomem(); /* offset 0 is "" */
    if (len == 0)
        return 0;
    if ((p->count + 1) * 2 > p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 1 << 16;
        uint32_t *ns = evm_calloc(ncap, sizeof *ns);
        if (!ns)
            die_nomem();
        for (size_t i = 0; i < p->cap; i++) {
            if (!p->slots[i])
                continue;
            const char *t = p->data.data + p->slots[i] - 1;
            size_t slot = evm_idx_hash(t, strlen(t)) & (ncap - 1);
            while (ns[slot])
                slot = (slot + 1) & (ncap - 1);
            ns[slot] = p->slots[i];
        }
        evm_free(p->slots);
        p->slots = ns;
        p->cap = ncap;
    }
    size_t slot = evm_idx_hash(s, len) & (p->cap - 1);
    while (p->slots[slot]) {
        const char *t = p->data.data + p->slots[slot] - 1;
        if (strcmp(t, s) == 0)
            return p->slots[slot] - 1;
        slot = (slot + 1) & (p->cap - 1);
    }
    if (p->data.len + len + 1 > UINT32_MAX - 1) {
        fprintf(stderr, "evmap-gazc: string pool exceeds 4 GB\n");
        exit(2);
    }
    uint32_t off = (uint32_t)p->data.len;
    if (evm_buf_append(&p->data, s, len + 1) != EVM_OK)
        die_nomem();
    p->slots[slot] = off + 1;
    p->count++;
    return off;
}

/* ---- entries and names -------------------------------------------------- */

typedef struct centry {
    evm_idx_entry e;
    char *capital_name;             /* countries: capital as written in the source */
    char *admin1;                   /* GeoNames admin1 code */
    char *admin2;                   /* GeoNames admin2 code (places) */
    double pop_sum;                 /* ADM1: sum of its places' populations */
    double lat_sum, lon_sum, w_sum; /* ADM1 without a point: weighted mean of its places */
    int needs_point;
    /* ADM1: its populated places' bounding box and its most populous place */
    uint32_t place_count, top_pop;
    int32_t min_lat, max_lat, min_lon, max_lon, top_lat, top_lon;
} centry;

typedef struct cname {
    char *key;
    uint32_t entry;
    uint32_t flags;
} cname;

typedef struct a1_code {
    char *code; /* "CC.code" */
    uint32_t entry;
} a1_code;

typedef struct a1_source {
    char *code, *name, *ascii;
    int32_t geonameid;
} a1_source;

/* A string -> uint32 map (open addressing over an append-only list). */
typedef struct code_map {
    a1_code *items;
    size_t count, cap;
    uint32_t *slots; /* index + 1 */
    size_t slot_cap;
} code_map;

typedef struct compiler {
    pool strings;
    centry *entries;
    size_t entry_count, entry_cap;
    cname *names;
    size_t name_count, name_cap;
    /* cc -> country entry (index by two letters) */
    uint32_t country_of[26 * 26];
    code_map a1; /* "CC.code" -> ADM1 entry */
    /* admin1CodesASCII.txt rows */
    a1_source *a1src;
    size_t a1src_count, a1src_cap;
    /* admin2Codes.txt rows, and "CC.A1.A2" -> ADM2 entry (created on first use) */
    code_map a2src;
    a1_source *a2rows;
    size_t a2row_count, a2row_cap;
    code_map a2;
    /* shapes */
    evm_idx_shape *shapes;
    size_t shape_count, shape_cap;
    uint32_t *ring_start;
    size_t ring_start_count, ring_start_cap;
    uint32_t *point_start;
    size_t point_start_count, point_start_cap;
    double *coords;
    size_t coord_count, coord_cap;
} compiler;

static int cc_index(const char *cc)
{
    if (!cc || strlen(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static uint32_t new_entry(compiler *c, evm_place_kind kind, const char *name, double lat,
                          double lon)
{
    c->entries = xgrow(c->entries, &c->entry_cap, c->entry_count + 1, sizeof *c->entries);
    if (c->entry_count >= UINT32_MAX - 1) {
        fprintf(stderr, "evmap-gazc: too many entries\n");
        exit(2);
    }
    centry *ce = &c->entries[c->entry_count];
    memset(ce, 0, sizeof *ce);
    ce->e.geonameid = -1;
    ce->e.lat_e7 = (int32_t)lrint(lat * 1e7);
    ce->e.lon_e7 = (int32_t)lrint(lon * 1e7);
    ce->e.kind = (uint8_t)kind;
    ce->e.name = pool_add(&c->strings, name);
    ce->e.country_entry = ce->e.admin1_entry = ce->e.capital_entry = EVM_NO_ENTRY;
    return (uint32_t)c->entry_count++;
}

static void set_code(centry *ce, const char *fclass, const char *fcode, const char *cc)
{
    ce->e.feature_class = fclass && *fclass ? fclass[0] : '\0';
    memset(ce->e.feature_code, 0, sizeof ce->e.feature_code);
    if (fcode)
        memcpy(ce->e.feature_code, fcode, strnlen(fcode, sizeof ce->e.feature_code - 1));
    if (cc && strlen(cc) == 2)
        memcpy(ce->e.country_code, cc, 2);
}

static void add_one_name(compiler *c, uint32_t entry, const char *name, uint32_t flags);

/* Adds a name of `entry` unless it is empty, overlong or URL-like, with the
 * variants text writes it in: hyphens as spaces ("Saint-Marc" -> "Saint
 * Marc"), and Saint/Sainte/Fort/Mount abbreviated ("St. Marc", "Ft. Worth",
 * "Mt. Vernon"), and a country's "of the" as "of" ("Republic of Congo").
 * Keys drop hyphens and dots, so "Saint-Marc" itself is "saintmarc" and
 * "St. Marc" is "st marc". */
static void add_name(compiler *c, uint32_t entry, const char *name, uint32_t flags)
{
    static const struct {
        const char *full, *abbrev;
    } abbrevs[] = {{"Saint ", "St "}, {"Sainte ", "Ste "}, {"Fort ", "Ft "}, {"Mount ", "Mt "}};
    char spaced[256];
    size_t len = strlen(name);
    add_one_name(c, entry, name, flags);
    if (len >= sizeof spaced)
        return;
    /* A country's "X of the Y" is also written "X of Y" ("Republic of
     * Congo", "Democratic Republic of Congo"). */
    const char *of_the = strstr(name, " of the ");
    if (of_the && c->entries[entry].e.kind == EVM_KIND_COUNTRY) {
        size_t head = (size_t)(of_the - name) + 4; /* through " of " */
        snprintf(spaced, sizeof spaced, "%.*s%s", (int)head, name, of_the + 8);
        add_name(c, entry, spaced, flags);
    }
    memcpy(spaced, name, len + 1);
    int hyphen = 0;
    for (size_t i = 0; i < len; i++) {
        if (spaced[i] == '-') {
            spaced[i] = ' ';
            hyphen = 1;
        }
    }
    if (hyphen)
        add_one_name(c, entry, spaced, flags);
    for (size_t a = 0; a < sizeof abbrevs / sizeof abbrevs[0]; a++) {
        size_t fl = strlen(abbrevs[a].full);
        if (strncmp(spaced, abbrevs[a].full, fl) == 0) {
            char short_form[256];
            snprintf(short_form, sizeof short_form, "%s%s", abbrevs[a].abbrev, spaced + fl);
            add_one_name(c, entry, short_form, flags);
        }
    }
}

static void add_one_name(compiler *c, uint32_t entry, const char *name, uint32_t flags)
{
    if (!*name || strlen(name) > 200 || strstr(name, "://"))
        return;
    char key[MAX_KEY + 1];
    size_t key_len;
    evm_error err = evm_normalize_key_buf(name, strlen(name), key, sizeof key, &key_len);
    if (err == EVM_ERR_NOMEM)
        die_nomem();
    if (err || key_len == 0)
        return; /* invalid UTF-8 in a source name, or nothing left after folding */
    flags = evm_name_shape_flags(name, flags);
    c->names = xgrow(c->names, &c->name_cap, c->name_count + 1, sizeof *c->names);
    c->names[c->name_count].key = xstrdup(key);
    c->names[c->name_count].entry = entry;
    c->names[c->name_count].flags = flags;
    c->name_count++;
}

/* Adds each `sep`-separated name in `list`. */
static void add_names(compiler *c, uint32_t entry, char *list, char sep, uint32_t flags)
{
    while (list && *list) {
        char *end = strchr(list, sep);
        if (end)
            *end = '\0';
        add_name(c, entry, list, flags);
        list = end ? end + 1 : NULL;
    }
}

/* The consonant skeleton of a folded key: ASCII letters other than vowels,
 * "y" and "h", doubled letters once; other bytes dropped ("hulyaypole" and
 * "huliaipole" give "lpl", "janin" "jnn"), "q" read as "k". Returns its length (0 when it does not
 * fit). */
static size_t key_skeleton(const char *key, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = key; *p; p++) {
        char ch = *p;
        if (ch < 'a' || ch > 'z' || strchr("aeiouyh", ch))
            continue;
        if (p > key && p[-1] == ch)
            continue; /* a doubled letter ("ll"), not the same letter again ("Janin") */
        if (n + 1 >= cap)
            return 0;
        out[n++] = ch == 'q' ? 'k' : ch; /* "Qiryat" and "Kiryat" */
    }
    out[n] = '\0';
    return n;
}

/* A key's first letter as the skeletons compare it. */
static char first_letter(const char *key)
{
    return key[0] == 'q' ? 'k' : key[0];
}

/* Does news in English write this country's towns by their main names?
 * (Its towns' other spellings are then other names: Hardin is not Harden.) */
static int english_speaking(const char *cc)
{
    static const char *const codes[] = {"US", "GB", "CA", "AU", "NZ", "IE"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (strcmp(cc, codes[i]) == 0)
            return 1;
    }
    return 0;
}

/* Adds a town's alternate names; those of five bytes or more that spell its
 * main name another way (the same first letter and the same consonant
 * skeleton of at least three letters: "Huliaipole" for Hulyaypole, "Beit Lahia" for Bayt Lahya) are
 * marked EVM_NAME_VARIANT, as they carry no more risk of meaning something
 * else than the main name does. */
static void add_town_alternates(compiler *c, uint32_t entry, const char *main_name, char *list)
{
    char key[MAX_KEY + 1], main_skel[MAX_KEY + 1], skel[MAX_KEY + 1];
    size_t key_len, main_len = 0;
    char main_first = 0;
    evm_error err = evm_normalize_key_buf(main_name, strlen(main_name), key, sizeof key, &key_len);
    if (err == EVM_ERR_NOMEM)
        die_nomem();
    if (!err && key_len > 0) {
        main_len = key_skeleton(key, main_skel, sizeof main_skel);
        main_first = first_letter(key);
    }
    while (list && *list) {
        char *end = strchr(list, ',');
        if (end)
            *end = '\0';
        uint32_t flags = EVM_NAME_ALT;
        if (main_len >= 3 && strlen(list) >= 5) {
            err = evm_normalize_key_buf(list, strlen(list), key, sizeof key, &key_len);
            if (err == EVM_ERR_NOMEM)
                die_nomem();
            if (!err && key_len > 0 && first_letter(key) == main_first &&
                key_skeleton(key, skel, sizeof skel) == main_len && strcmp(skel, main_skel) == 0)
                flags |= EVM_NAME_VARIANT;
        }
        add_name(c, entry, list, flags);
        list = end ? end + 1 : NULL;
    }
}

static uint32_t map_get(const code_map *m, const char *key);
static void map_put(code_map *m, const char *key, uint32_t value);

static uint32_t find_admin1(const compiler *c, const char *cc, const char *code)
{
    char key[64];
    snprintf(key, sizeof key, "%s.%s", cc, code);
    return map_get(&c->a1, key);
}

static uint32_t map_get(const code_map *m, const char *key)
{
    if (!m->slot_cap)
        return EVM_NO_ENTRY;
    size_t mask = m->slot_cap - 1;
    for (size_t slot = evm_idx_hash(key, strlen(key)) & mask; m->slots[slot];
         slot = (slot + 1) & mask) {
        const a1_code *a = &m->items[m->slots[slot] - 1];
        if (strcmp(a->code, key) == 0)
            return a->entry;
    }
    return EVM_NO_ENTRY;
}

static void map_put(code_map *m, const char *key, uint32_t value)
{
    m->items = xgrow(m->items, &m->cap, m->count + 1, sizeof *m->items);
    m->items[m->count].code = xstrdup(key);
    m->items[m->count].entry = value;
    m->count++;
    if (m->count * 2 > m->slot_cap) {
        evm_free(m->slots);
        m->slot_cap = m->slot_cap ? m->slot_cap * 2 : 1024;
        m->slots = evm_calloc(m->slot_cap, sizeof *m->slots);
        if (!m->slots)
            die_nomem();
        for (size_t i = 0; i < m->count; i++) {
            size_t slot =
                evm_idx_hash(m->items[i].code, strlen(m->items[i].code)) & (m->slot_cap - 1);
            while (m->slots[slot])
                slot = (slot + 1) & (m->slot_cap - 1);
            m->slots[slot] = (uint32_t)i + 1;
        }
        return;
    }
    size_t slot = evm_idx_hash(key, strlen(key)) & (m->slot_cap - 1);
    while (m->slots[slot])
        slot = (slot + 1) & (m->slot_cap - 1);
    m->slots[slot] = (uint32_t)m->count;
}

/* ---- sources ------------------------------------------------------------ */

/* countries.tsv: cca2 cca3 ccn3 common official alt_names demonyms lat lon
 * capital population borders independent */
static void read_countries(compiler *c, const char *path)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    while ((line = next_line(&cur, &line_no))) {
        char *f[13];
        if (evm_split_tabs(line, f, 13) < 13)
            input_error(path, line_no, "expected 13 tab-separated columns");
        int ci = cc_index(f[0]);
        if (ci < 0)
            input_error(path, line_no, "cca2 is not two capital letters");
        double lat, lon;
        if (evm_parse_coord(f[7], -90, 90, &lat) || evm_parse_coord(f[8], -180, 180, &lon))
            input_error(path, line_no, "lat/lon out of range");
        uint32_t id = new_entry(c, EVM_KIND_COUNTRY, f[3], lat, lon);
        centry *ce = &c->entries[id];
        set_code(ce, "A", strcmp(f[12], "0") == 0 ? "PCLD" : "PCLI", f[0]);
        ce->e.iso_code = pool_add(&c->strings, f[1]);
        ce->e.population = (uint32_t)strtoul(f[10], NULL, 10);
        ce->capital_name = xstrdup(f[9]);
        c->country_of[ci] = id + 1;
        add_name(c, id, f[3], EVM_NAME_PRIMARY);
        add_name(c, id, f[4], EVM_NAME_OFFICIAL);
        add_name(c, id, f[1], EVM_NAME_ALT | EVM_NAME_CODE);
        add_names(c, id, f[5], '|', EVM_NAME_ALT);
        /* Demonyms, and plurals of the -an/-i ones ("North Koreans", "Israelis"). */
        for (char *d = f[6]; d && *d;) {
            char *end = strchr(d, '|');
            if (end)
                *end = '\0';
            add_name(c, id, d, EVM_NAME_DEMONYM);
            size_t n = strlen(d);
            if ((n > 2 && strcmp(d + n - 2, "an") == 0) || (n > 1 && d[n - 1] == 'i')) {
                char plural[256];
                snprintf(plural, sizeof plural, "%ss", d);
                add_name(c, id, plural, EVM_NAME_DEMONYM);
            }
            d = end ? end + 1 : NULL;
        }
    }
    evm_free(text);
}

/* GeoNames countryInfo.txt: ISO ISO3 ISO-Numeric fips Country Capital Area
 * Population Continent tld ... geonameid(16) neighbours(17). Countries get
 * their capital's point after the places are read. */
static void read_country_info(compiler *c, const char *path)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    while ((line = next_line(&cur, &line_no))) {
        char *f[19];
        if (evm_split_tabs(line, f, 19) < 17)
            input_error(path, line_no, "expected 19 tab-separated columns (countryInfo.txt)");
        int ci = cc_index(f[0]);
        if (ci < 0)
            input_error(path, line_no, "ISO code is not two capital letters");
        if (c->country_of[ci]) {
            /* Already known from countries.tsv: add the GeoNames id and name. */
            centry *ce = &c->entries[c->country_of[ci] - 1];
            ce->e.geonameid = (int32_t)strtol(f[16], NULL, 10);
            add_name(c, c->country_of[ci] - 1, f[4], EVM_NAME_ALT);
            continue;
        }
        uint32_t id = new_entry(c, EVM_KIND_COUNTRY, f[4], 0, 0);
        centry *ce = &c->entries[id];
        set_code(ce, "A", "PCLI", f[0]);
        ce->e.iso_code = pool_add(&c->strings, f[1]);
        ce->e.population = (uint32_t)strtoul(f[7], NULL, 10);
        ce->e.geonameid = (int32_t)strtol(f[16], NULL, 10);
        ce->capital_name = xstrdup(f[5]);
        ce->needs_point = 1;
        c->country_of[ci] = id + 1;
        add_name(c, id, f[4], EVM_NAME_PRIMARY);
        add_name(c, id, f[1], EVM_NAME_ALT | EVM_NAME_CODE);
    }
    evm_free(text);
}

/* GeoNames code tables (admin1CodesASCII.txt: CC.code, admin2Codes.txt:
 * CC.A1.A2) - code, name, asciiname, geonameid - appended to *rows. When
 * `index` is given, each code is also mapped to its row number. */
static void read_code_rows(const char *path, const char *code_shape, a1_source **rows,
                           size_t *count, size_t *cap, code_map *index)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    char why[128];
    snprintf(why, sizeof why, "expected %s<TAB>name<TAB>asciiname<TAB>geonameid", code_shape);
    while ((line = next_line(&cur, &line_no))) {
        char *f[4];
        size_t n = evm_split_tabs(line, f, 4);
        if (n < 2 || !strchr(f[0], '.'))
            input_error(path, line_no, why);
        *rows = xgrow(*rows, cap, *count + 1, sizeof **rows);
        a1_source *a = &(*rows)[*count];
        a->code = xstrdup(f[0]);
        a->name = xstrdup(f[1]);
        a->ascii = xstrdup(n > 2 ? f[2] : "");
        a->geonameid = n > 3 && *f[3] ? (int32_t)strtol(f[3], NULL, 10) : -1;
        if (index)
            map_put(index, f[0], (uint32_t)*count);
        (*count)++;
    }
    evm_free(text);
}

static void register_admin1(compiler *c, const char *cc, const char *code, uint32_t entry)
{
    char key[64];
    snprintf(key, sizeof key, "%s.%s", cc, code);
    map_put(&c->a1, key, entry);
}

/* Type words a division's name may be followed by in text, from its type:
 * the type itself, its content words, and common English renderings. */
static void add_typed_names(compiler *c, uint32_t entry, const char *name, const char *type)
{
    static const struct {
        const char *type_word, *also;
    } synonyms[] = {
        {"administrative territory", "krai"},
        {"administrative territory", "kray"},
        {"krai", "kray"},
        {"oblast", "region"},
        {"governorate", "province"},
        {"voivodeship", "province"},
        {"autonomous okrug", "okrug"},
        {"autonomous region", "region"},
        {"municipality", "city"},
        {"metropolitan city", "city"},
    };
    static const char *skip[] = {
        "of",      "the",        "and",          "special", "administrative",
        "federal", "autonomous", "metropolitan", "capital", "city"};
    char buf[512], words[256];
    if (!*type)
        return;
    snprintf(buf, sizeof buf, "%s %s", name, type);
    add_name(c, entry, buf, EVM_NAME_TYPED);
    snprintf(words, sizeof words, "%s", type);
    for (char *w = strtok(words, " -"); w; w = strtok(NULL, " -")) {
        int skipped = 0;
        for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
            skipped |= strcmp(w, skip[i]) == 0;
        if (skipped)
            continue;
        snprintf(buf, sizeof buf, "%s %s", name, w);
        add_name(c, entry, buf, EVM_NAME_TYPED);
    }
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
        if (strstr(type, synonyms[i].type_word)) {
            snprintf(buf, sizeof buf, "%s %s", name, synonyms[i].also);
            add_name(c, entry, buf, EVM_NAME_TYPED);
        }
    }
}

/* divisions.tsv: country_code admin1_code iso3166_2 name native type lat lon */
static void read_divisions(compiler *c, const char *path)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    while ((line = next_line(&cur, &line_no))) {
        char *f[8];
        if (evm_split_tabs(line, f, 8) < 8)
            input_error(path, line_no, "expected 8 tab-separated columns");
        if (!*f[1])
            continue; /* not matched to a GeoNames first-level code */
        if (find_admin1(c, f[0], f[1]) != EVM_NO_ENTRY)
            continue;
        double lat, lon;
        if (evm_parse_coord(f[6], -90, 90, &lat) || evm_parse_coord(f[7], -180, 180, &lon))
            input_error(path, line_no, "lat/lon out of range");
        uint32_t id = new_entry(c, EVM_KIND_ADMIN1, f[3], lat, lon);
        centry *ce = &c->entries[id];
        set_code(ce, "A", "ADM1", f[0]);
        ce->e.admin1_code = pool_add(&c->strings, f[1]);
        ce->e.iso_code = pool_add(&c->strings, f[2]);
        ce->e.division_type = pool_add(&c->strings, f[5]);
        ce->admin1 = xstrdup(f[1]);
        register_admin1(c, f[0], f[1], id);
        add_name(c, id, f[3], EVM_NAME_PRIMARY);
        add_name(c, id, f[4], EVM_NAME_ALT);
        add_typed_names(c, id, f[3], f[5]);
    }
    evm_free(text);
}

/* Is a division's @countrystatecity name an adjectival form of its GeoNames
 * name ("Kharkivska" for Kharkiv, "Odeska" for Odesa, "Zaporizka" for
 * Zaporizhzhia: the same first four letters, "-ka" on the first only, and
 * not the whole of the second's start, as Lusaka of "Lusaka Province")? The
 * division is then shown by the GeoNames name; both stay names of it. */
static int adjectival_of(const char *name, const char *geonames)
{
    size_t n = strlen(name), g = strlen(geonames);
    return n >= 6 && strcmp(name + n - 2, "ka") == 0 &&
           !(g >= 2 && strcmp(geonames + g - 2, "ka") == 0) && strncmp(name, geonames, 4) == 0 &&
           strncmp(name, geonames, n) != 0; /* not "Lusaka" for "Lusaka Province" */
}

/* Adds GeoNames admin1 names to the divisions, and creates divisions for
 * codes no division matched (their point comes from their places later);
 * a division named by an adjective is shown by the GeoNames name. */
static void link_admin1_codes(compiler *c)
{
    for (size_t i = 0; i < c->a1src_count; i++) {
        const a1_source *src = &c->a1src[i];
        char cc[3] = {0};
        const char *dot = strchr(src->code, '.');
        if (!dot || dot - src->code != 2)
            continue;
        memcpy(cc, src->code, 2);
        const char *code = dot + 1;
        uint32_t id = find_admin1(c, cc, code);
        if (id == EVM_NO_ENTRY) {
            id = new_entry(c, EVM_KIND_ADMIN1, src->name, 0, 0);
            centry *ce = &c->entries[id];
            set_code(ce, "A", "ADM1", cc);
            ce->e.admin1_code = pool_add(&c->strings, code);
            ce->admin1 = xstrdup(code);
            ce->needs_point = 1;
            register_admin1(c, cc, code, id);
            add_name(c, id, src->name, EVM_NAME_PRIMARY);
        } else {
            add_name(c, id, src->name, EVM_NAME_ALT);
            centry *ce = &c->entries[id];
            if (adjectival_of(c->strings.data.data + ce->e.name, src->name))
                ce->e.name = pool_add(&c->strings, src->name);
        }
        add_name(c, id, src->ascii, EVM_NAME_ALT);
        if (src->geonameid >= 0)
            c->entries[id].e.geonameid = src->geonameid;
    }
}

/* The ADM2 division of a place, created from admin2Codes.txt on first use;
 * its point is the population-weighted mean of its places (link_entries). */
static uint32_t admin2_entry(compiler *c, const char *cc, const char *a1, const char *a2)
{
    char key[96];
    if (!*a2)
        return EVM_NO_ENTRY;
    snprintf(key, sizeof key, "%s.%s.%s", cc, a1, a2);
    uint32_t id = map_get(&c->a2, key);
    if (id != EVM_NO_ENTRY)
        return id;
    uint32_t row = map_get(&c->a2src, key);
    if (row == EVM_NO_ENTRY)
        return EVM_NO_ENTRY;
    const a1_source *src = &c->a2rows[row];
    /* "Province of Pangasinan": news writes "Pangasinan" (the Philippines'
     * provinces, a few in Italy and Spain) */
    static const char prefix[] = "Province of ";
    const char *shown = src->name;
    if (strncmp(shown, prefix, sizeof prefix - 1) == 0 && shown[sizeof prefix - 1])
        shown += sizeof prefix - 1;
    id = new_entry(c, EVM_KIND_OTHER, shown, 0, 0);
    centry *ce = &c->entries[id];
    set_code(ce, "A", "ADM2", cc);
    ce->e.geonameid = src->geonameid;
    ce->e.admin1_code = pool_add(&c->strings, a1);
    ce->admin1 = xstrdup(a1);
    ce->needs_point = 1;
    add_name(c, id, shown, EVM_NAME_PRIMARY);
    if (shown != src->name)
        add_name(c, id, src->name, EVM_NAME_ALT);
    add_name(c, id, src->ascii, EVM_NAME_PRIMARY);
    map_put(&c->a2, key, id);
    return id;
}

/* The ADM1 entry with ISO 3166-2 code `iso` ("CA-QC"), or EVM_NO_ENTRY. */
static uint32_t division_by_iso(const compiler *c, const char *iso)
{
    for (size_t i = 0; i < c->entry_count; i++) {
        const centry *ce = &c->entries[i];
        if (ce->e.kind == EVM_KIND_ADMIN1 && ce->e.iso_code &&
            strcmp(c->strings.data.data + ce->e.iso_code, iso) == 0)
            return (uint32_t)i;
    }
    return EVM_NO_ENTRY;
}

/* An alias: abbreviations with a final dot only match text with the dot. */
static void add_alias(compiler *c, uint32_t entry, const char *name, uint32_t flags)
{
    size_t len = strlen(name);
    if (len > 1 && name[len - 1] == '.')
        flags = EVM_NAME_DOTTED;
    add_one_name(c, entry, name, flags);
}

/* supplement.tsv (hand-written, gazetteer/supplement.tsv): name, alternate
 * names (|), feature code, lat, lon, country code, population. Feature code
 * "ALIAS" adds the names to the country `cc` ("Britain"); others (CONT,
 * RGN, OCN, SEA, ...) are new entries of kind other. */
static void read_supplement(compiler *c, const char *path)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    while ((line = next_line(&cur, &line_no))) {
        char *f[7];
        if (evm_split_tabs(line, f, 7) < 7)
            input_error(path, line_no, "expected 7 tab-separated columns");
        int ci = cc_index(f[5]);
        if (strcmp(f[2], "ALIAS") == 0) {
            uint32_t target = EVM_NO_ENTRY;
            if (ci >= 0)
                target = c->country_of[ci] ? c->country_of[ci] - 1 : EVM_NO_ENTRY;
            else
                target = division_by_iso(c, f[5]);
            if (target == EVM_NO_ENTRY)
                input_error(path, line_no, "ALIAS of an unknown country or division");
            add_alias(c, target, f[0], EVM_NAME_PRIMARY);
            for (char *alt = f[1]; alt && *alt;) {
                char *bar = strchr(alt, '|');
                if (bar)
                    *bar = '\0';
                add_alias(c, target, alt, EVM_NAME_ALT);
                alt = bar ? bar + 1 : NULL;
            }
            continue;
        }
        double lat, lon;
        if (evm_parse_coord(f[3], -90, 90, &lat) || evm_parse_coord(f[4], -180, 180, &lon))
            input_error(path, line_no, "lat/lon out of range");
        uint32_t id = new_entry(c, EVM_KIND_OTHER, f[0], lat, lon);
        centry *ce = &c->entries[id];
        set_code(ce, strncmp(f[2], "ADM", 3) == 0 ? "A" : "L", f[2], ci >= 0 ? f[5] : NULL);
        ce->e.population = (uint32_t)strtoul(f[6], NULL, 10);
        add_name(c, id, f[0], EVM_NAME_PRIMARY);
        add_names(c, id, f[1], '|', EVM_NAME_ALT);
    }
    evm_free(text);
}

static void read_places(compiler *c, const char *path)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    while ((line = next_line(&cur, &line_no))) {
        evm_geonames_row row;
        char why[160];
        if (evm_geonames_parse_row(line, &row, why, sizeof why) != EVM_OK)
            input_error(path, line_no, why);
        uint32_t id;
        int ci = cc_index(row.country_code);
        if (row.feature_class[0] == 'A' && strncmp(row.feature_code, "PCL", 3) == 0 && ci >= 0 &&
            c->country_of[ci]) {
            id = c->country_of[ci] - 1; /* the country itself, from a full dump */
            c->entries[id].e.geonameid = row.geonameid;
            add_name(c, id, row.name, EVM_NAME_ALT);
        } else if (strcmp(row.feature_code, "ADM1") == 0 &&
                   (id = find_admin1(c, row.country_code, row.admin1_code)) != EVM_NO_ENTRY) {
            c->entries[id].e.geonameid = row.geonameid;
            add_name(c, id, row.name, EVM_NAME_ALT);
        } else {
            evm_place_kind kind = row.feature_class[0] == 'P' ? EVM_KIND_CITY : EVM_KIND_OTHER;
            id = new_entry(c, kind, row.name, row.lat, row.lon);
            centry *ce = &c->entries[id];
            set_code(ce, row.feature_class, row.feature_code, row.country_code);
            ce->e.geonameid = row.geonameid;
            ce->e.population = row.population;
            ce->e.admin1_code = pool_add(&c->strings, row.admin1_code);
            ce->admin1 = xstrdup(row.admin1_code);
            ce->admin2 = xstrdup(row.admin2_code);
            add_name(c, id, row.name, EVM_NAME_PRIMARY);
        }
        add_name(c, id, row.asciiname,
                 c->entries[id].e.kind == EVM_KIND_CITY || c->entries[id].e.kind == EVM_KIND_OTHER
                     ? EVM_NAME_PRIMARY
                     : EVM_NAME_ALT);
        if (c->entries[id].e.kind == EVM_KIND_CITY && !english_speaking(row.country_code))
            add_town_alternates(c, id, row.asciiname, row.alternatenames);
        else
            add_names(c, id, row.alternatenames, ',', EVM_NAME_ALT);
    }
    evm_free(text);
}

/* ---- shapes --------------------------------------------------------------- */

static int add_ring(compiler *c, const cJSON *ring)
{
    if (!cJSON_IsArray(ring))
        return -1;
    c->point_start =
        xgrow(c->point_start, &c->point_start_cap, c->point_start_count + 1, sizeof(uint32_t));
    c->point_start[c->point_start_count++] = (uint32_t)(c->coord_count / 2);
    const cJSON *pt;
    cJSON_ArrayForEach(pt, ring)
    {
        const cJSON *x = cJSON_GetArrayItem(pt, 0), *y = cJSON_GetArrayItem(pt, 1);
        if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y) || fabs(x->valuedouble) > 180 ||
            fabs(y->valuedouble) > 90)
            return -1;
        c->coords = xgrow(c->coords, &c->coord_cap, c->coord_count + 2, sizeof(double));
        c->coords[c->coord_count++] = x->valuedouble;
        c->coords[c->coord_count++] = y->valuedouble;
    }
    return 0;
}

static int add_polygon(compiler *c, const cJSON *poly)
{
    if (!cJSON_IsArray(poly))
        return -1;
    const cJSON *ring;
    cJSON_ArrayForEach(ring, poly)
    {
        if (add_ring(c, ring))
            return -1;
    }
    c->ring_start =
        xgrow(c->ring_start, &c->ring_start_cap, c->ring_start_count + 1, sizeof(uint32_t));
    c->ring_start[c->ring_start_count++] = (uint32_t)c->point_start_count;
    return 0;
}

/* country-shapes.tsv: cca2 <TAB> GeoJSON Polygon or MultiPolygon */
static void read_shapes(compiler *c, const char *path)
{
    char *text = slurp(path), *cur = text, *line;
    size_t line_no = 0;
    while ((line = next_line(&cur, &line_no))) {
        char *f[2];
        if (evm_split_tabs(line, f, 2) < 2)
            input_error(path, line_no, "expected cca2<TAB>geometry");
        int ci = cc_index(f[0]);
        if (ci < 0 || !c->country_of[ci])
            continue; /* a shape for a country the gazetteer does not have */
        cJSON *g = cJSON_Parse(f[1]);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(g, "type");
        const cJSON *coords = cJSON_GetObjectItemCaseSensitive(g, "coordinates");
        if (!g || !cJSON_IsString(type) || !cJSON_IsArray(coords))
            input_error(path, line_no, "geometry is not GeoJSON");
        c->shapes = xgrow(c->shapes, &c->shape_cap, c->shape_count + 1, sizeof *c->shapes);
        evm_idx_shape *s = &c->shapes[c->shape_count++];
        s->entry = c->country_of[ci] - 1;
        s->pad = 0;
        s->ring_base = (uint32_t)c->ring_start_count;
        c->ring_start =
            xgrow(c->ring_start, &c->ring_start_cap, c->ring_start_count + 1, sizeof(uint32_t));
        c->ring_start[c->ring_start_count++] = (uint32_t)c->point_start_count;
        int bad = 0;
        uint32_t polys = 0;
        if (strcmp(type->valuestring, "Polygon") == 0) {
            bad = add_polygon(c, coords);
            polys = 1;
        } else if (strcmp(type->valuestring, "MultiPolygon") == 0) {
            const cJSON *poly;
            cJSON_ArrayForEach(poly, coords)
            {
                bad |= add_polygon(c, poly);
                polys++;
            }
        } else {
            bad = 1;
        }
        if (bad)
            input_error(path, line_no, "geometry must be a Polygon or MultiPolygon of [lon, lat]");
        s->polygon_count = polys;
        cJSON_Delete(g);
    }
    evm_free(text);
}

/* ---- country points -------------------------------------------------------- */

static int ring_contains(const double *xy, size_t n, double x, double y)
{
    int inside = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            inside = !inside;
    }
    return inside;
}

/* A country's point. The sources give rough whole-degree points; where one
 * lies far (EVM_COUNTRY_POINT_KM) from the centroid of the country's
 * mainland, the centroid is used instead. "Mainland": the largest polygon,
 * when it holds at least three quarters of the country's area; archipelagos
 * (Indonesia, the Philippines) keep the source's point. Areas are in square
 * degrees scaled by cos(latitude), which is enough to compare parts. */
#ifndef EVM_COUNTRY_POINT_KM
#define EVM_COUNTRY_POINT_KM 250.0
#endif

static void country_points(compiler *c)
{
    const double d2r = 3.14159265358979323846 / 180;
    for (size_t si = 0; si < c->shape_count; si++) {
        const evm_idx_shape *sh = &c->shapes[si];
        double best_area = 0, total_area = 0, best_x = 0, best_y = 0;
        const double *best_ring = NULL;
        size_t best_n = 0;
        for (uint32_t p = 0; p < sh->polygon_count; p++) {
            uint32_t shell = c->ring_start[sh->ring_base + p];
            uint32_t a = c->point_start[shell];
            uint32_t b = shell + 1 < c->point_start_count ? c->point_start[shell + 1]
                                                          : (uint32_t)(c->coord_count / 2);
            const double *xy = c->coords + 2 * (size_t)a;
            size_t n = b - a;
            double area = 0, cx = 0, cy = 0;
            for (size_t i = 0; i + 1 < n; i++) {
                double cross = xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
                area += cross;
                cx += (xy[2 * i] + xy[2 * i + 2]) * cross;
                cy += (xy[2 * i + 1] + xy[2 * i + 3]) * cross;
            }
            if (area == 0)
                continue;
            double mid_y = cy / (3 * area);
            double scaled = fabs(area) / 2 * cos(mid_y * d2r);
            total_area += scaled;
            if (scaled > best_area) {
                best_area = scaled;
                best_x = cx / (3 * area);
                best_y = mid_y;
                best_ring = xy;
                best_n = n;
            }
        }
        if (!best_ring || best_area < 0.75 * total_area ||
            !ring_contains(best_ring, best_n, best_x, best_y))
            continue;
        centry *ce = &c->entries[sh->entry];
        double dlat = (ce->e.lat_e7 / 1e7 - best_y) * 111.2;
        double dlon = (ce->e.lon_e7 / 1e7 - best_x) * 111.2 * cos(best_y * d2r);
        if (dlat * dlat + dlon * dlon > EVM_COUNTRY_POINT_KM * EVM_COUNTRY_POINT_KM) {
            ce->e.lat_e7 = (int32_t)lrint(best_y * 1e7);
            ce->e.lon_e7 = (int32_t)lrint(best_x * 1e7);
        }
    }
}

/* ---- linking and ranking -------------------------------------------------- */

static void note_division_place(centry *ad, const evm_idx_entry *p)
{
    if (ad->place_count++ == 0) {
        ad->min_lat = ad->max_lat = p->lat_e7;
        ad->min_lon = ad->max_lon = p->lon_e7;
    } else {
        ad->min_lat = p->lat_e7 < ad->min_lat ? p->lat_e7 : ad->min_lat;
        ad->max_lat = p->lat_e7 > ad->max_lat ? p->lat_e7 : ad->max_lat;
        ad->min_lon = p->lon_e7 < ad->min_lon ? p->lon_e7 : ad->min_lon;
        ad->max_lon = p->lon_e7 > ad->max_lon ? p->lon_e7 : ad->max_lon;
    }
    if (ad->place_count == 1 || p->population > ad->top_pop) {
        ad->top_pop = p->population;
        ad->top_lat = p->lat_e7;
        ad->top_lon = p->lon_e7;
    }
}

/* A division whose source point is its largest city's point ("New York",
 * "Irkutsk", "Córdoba": the source gives the capital's coordinates for a
 * division named after it), or lies more than a degree outside its places,
 * is put at the middle of its places' bounding box instead, which is nearer
 * the division's centre. Not across the antimeridian, and only with enough
 * places to span the division. */
#define EVM_DIVISION_SEAT_E7 200000      /* 0.02 degrees */
#define EVM_DIVISION_OUTSIDE_E7 10000000 /* 1 degree */
#define EVM_DIVISION_MIN_PLACES 5

/* Is division ce's source point more than EVM_DIVISION_OUTSIDE_E7 outside the
 * bounding box of its places? */
static int point_outside_places(const centry *ce)
{
    return ce->e.lat_e7 < ce->min_lat - EVM_DIVISION_OUTSIDE_E7 ||
           ce->e.lat_e7 > ce->max_lat + EVM_DIVISION_OUTSIDE_E7 ||
           ce->e.lon_e7 < ce->min_lon - EVM_DIVISION_OUTSIDE_E7 ||
           ce->e.lon_e7 > ce->max_lon + EVM_DIVISION_OUTSIDE_E7;
}

static int division_checkable(const centry *ce)
{
    return ce->e.kind == EVM_KIND_ADMIN1 && !ce->needs_point &&
           ce->place_count >= EVM_DIVISION_MIN_PLACES && (double)ce->max_lon - ce->min_lon <= 180e7;
}

static void division_points(compiler *c)
{
    /* A country where many divisions' points lie far outside their places
     * (three or more, a fifth of those with enough places) has places coded
     * by another version of its divisions (Vietnam's places carry the codes
     * of before its 2025 reform): their division links are wrong, so they are
     * dropped, and the divisions keep their source points and get no
     * population from the places. */
    uint32_t checked[676] = {0}, outside[676] = {0};
    for (size_t i = 0; i < c->entry_count; i++) {
        const centry *ce = &c->entries[i];
        int ci = cc_index((char[3]){ce->e.country_code[0], ce->e.country_code[1], 0});
        if (ci < 0 || !division_checkable(ce))
            continue;
        checked[ci]++;
        outside[ci] += (uint32_t)point_outside_places(ce);
    }
    char recoded[676] = {0};
    for (int ci = 0; ci < 676; ci++)
        recoded[ci] = outside[ci] >= 3 && outside[ci] * 5 >= checked[ci];
    for (size_t i = 0; i < c->entry_count; i++) {
        centry *ce = &c->entries[i];
        int ci = cc_index((char[3]){ce->e.country_code[0], ce->e.country_code[1], 0});
        if (ci < 0 || !recoded[ci])
            continue;
        if (ce->e.kind == EVM_KIND_ADMIN1) {
            ce->pop_sum = ce->lat_sum = ce->lon_sum = ce->w_sum = 0;
            ce->place_count = 0;
        } else if (ce->e.kind != EVM_KIND_COUNTRY) {
            ce->e.admin1_entry = EVM_NO_ENTRY;
        }
    }
    /* A division whose source point is its largest city's point, or lies
     * far outside its places (a source error: Donetsk oblast at Kyiv), is
     * put at the middle of its places' bounding box. */
    for (size_t i = 0; i < c->entry_count; i++) {
        centry *ce = &c->entries[i];
        if (!division_checkable(ce))
            continue;
        int at_seat = labs((long)ce->e.lat_e7 - ce->top_lat) <= EVM_DIVISION_SEAT_E7 &&
                      labs((long)ce->e.lon_e7 - ce->top_lon) <= EVM_DIVISION_SEAT_E7;
        if (!at_seat && !point_outside_places(ce))
            continue;
        ce->e.lat_e7 = (int32_t)(((int64_t)ce->min_lat + ce->max_lat) / 2);
        ce->e.lon_e7 = (int32_t)(((int64_t)ce->min_lon + ce->max_lon) / 2);
    }
}

static void link_entries(compiler *c)
{
    /* Places -> country and ADM1; ADM1 population sums and fallback points. */
    for (size_t i = 0; i < c->entry_count; i++) {
        centry *ce = &c->entries[i];
        char cc[3] = {ce->e.country_code[0], ce->e.country_code[1], 0};
        int ci = cc_index(cc);
        if (ci >= 0 && c->country_of[ci] && ce->e.kind != EVM_KIND_COUNTRY)
            ce->e.country_entry = c->country_of[ci] - 1;
        if (ce->e.kind == EVM_KIND_CITY || ce->e.kind == EVM_KIND_OTHER) {
            uint32_t a1 = ce->admin1 && *ce->admin1 ? find_admin1(c, cc, ce->admin1) : EVM_NO_ENTRY;
            ce->e.admin1_entry = a1;
            if (ce->admin2 && *ce->admin2 && c->a2row_count &&
                strncmp(ce->e.feature_code, "ADM", 3) != 0) {
                uint32_t a2 = admin2_entry(c, cc, ce->admin1 ? ce->admin1 : "", ce->admin2);
                ce = &c->entries[i]; /* admin2_entry may move the array */
                if (a2 != EVM_NO_ENTRY) {
                    centry *ad = &c->entries[a2];
                    double w = (double)ce->e.population + 1.0;
                    ad->e.admin1_entry = a1;
                    ad->e.country_entry = ce->e.country_entry;
                    ad->pop_sum += ce->e.population;
                    ad->lat_sum += w * ce->e.lat_e7;
                    ad->lon_sum += w * ce->e.lon_e7;
                    ad->w_sum += w;
                }
            }
            if (a1 != EVM_NO_ENTRY && ce->e.kind == EVM_KIND_CITY)
                note_division_place(&c->entries[a1], &ce->e);
            /* (a second-level division has no point yet: it is no
             * evidence for its division's) */
            if (a1 != EVM_NO_ENTRY && !ce->needs_point) {
                centry *ad = &c->entries[a1];
                double w = (double)ce->e.population + 1.0;
                ad->pop_sum += ce->e.population;
                ad->lat_sum += w * ce->e.lat_e7;
                ad->lon_sum += w * ce->e.lon_e7;
                ad->w_sum += w;
            }
        }
    }
    division_points(c);
    for (size_t i = 0; i < c->entry_count; i++) {
        centry *ce = &c->entries[i];
        if ((ce->e.kind == EVM_KIND_ADMIN1 || !strncmp(ce->e.feature_code, "ADM2", 8)) &&
            ce->needs_point && ce->w_sum > 0) {
            ce->e.lat_e7 = (int32_t)lrint(ce->lat_sum / ce->w_sum);
            ce->e.lon_e7 = (int32_t)lrint(ce->lon_sum / ce->w_sum);
            ce->needs_point = 0;
        }
    }
    /* Countries -> capital: the most populous PPLC of the country, else the
     * most populous place whose name is the capital's name. */
    for (size_t i = 0; i < c->entry_count; i++) {
        centry *ce = &c->entries[i];
        if (ce->e.kind != EVM_KIND_CITY || ce->e.country_entry == EVM_NO_ENTRY)
            continue;
        centry *country = &c->entries[ce->e.country_entry];
        int is_pplc = strncmp(ce->e.feature_code, "PPLC", 8) == 0;
        int name_match = country->capital_name &&
                         strcmp(c->strings.data.data + ce->e.name, country->capital_name) == 0;
        if (!is_pplc && !name_match)
            continue;
        uint32_t cur = country->e.capital_entry;
        if (cur != EVM_NO_ENTRY) {
            const centry *old = &c->entries[cur];
            int old_pplc = strncmp(old->e.feature_code, "PPLC", 8) == 0;
            if (old_pplc && !is_pplc)
                continue;
            if (old_pplc == is_pplc && old->e.population >= ce->e.population)
                continue;
        }
        country->e.capital_entry = (uint32_t)i;
    }
    for (size_t i = 0; i < c->entry_count; i++) {
        centry *ce = &c->entries[i];
        if (ce->e.kind == EVM_KIND_COUNTRY && ce->needs_point &&
            ce->e.capital_entry != EVM_NO_ENTRY) {
            ce->e.lat_e7 = c->entries[ce->e.capital_entry].e.lat_e7;
            ce->e.lon_e7 = c->entries[ce->e.capital_entry].e.lon_e7;
            ce->needs_point = 0;
        }
        int division = ce->e.kind == EVM_KIND_ADMIN1 || !strncmp(ce->e.feature_code, "ADM2", 8);
        double pop = division ? ce->pop_sum : (double)ce->e.population;
        char fcode[9] = {0};
        memcpy(fcode, ce->e.feature_code, 8);
        ce->e.importance = evm_importance((evm_place_kind)ce->e.kind, fcode,
                                          pop > UINT32_MAX ? UINT32_MAX : (uint32_t)pop);
    }
}

static const compiler *sort_ctx;

static int name_cmp(const void *pa, const void *pb)
{
    const cname *a = pa, *b = pb;
    int k = strcmp(a->key, b->key);
    if (k)
        return k;
    float ia = sort_ctx->entries[a->entry].e.importance;
    float ib = sort_ctx->entries[b->entry].e.importance;
    if (ia != ib)
        return ia > ib ? -1 : 1;
    return a->entry < b->entry ? -1 : a->entry > b->entry;
}

static int key_hash_cmp(const void *pa, const void *pb)
{
    uint64_t a = ((const evm_idx_key *)pa)->hash, b = ((const evm_idx_key *)pb)->hash;
    return (a > b) - (a < b);
}

static int code_cmp(const void *a, const void *b)
{
    return strncmp(((const evm_idx_code *)a)->code, ((const evm_idx_code *)b)->code, 16);
}

/* ---- output --------------------------------------------------------------- */

static void put_section(evm_buf *out, evm_idx_section *table, uint32_t id, uint32_t elem,
                        const void *data, size_t size)
{
    static const char zeros[8] = {0};
    if (out->len % 8 && evm_buf_append(out, zeros, 8 - out->len % 8) != EVM_OK)
        die_nomem();
    table[id].id = id;
    table[id].elem_size = elem;
    table[id].offset = out->len;
    table[id].size = size;
    if (size && evm_buf_append(out, data, size) != EVM_OK)
        die_nomem();
}

static void write_index(compiler *c, const char *out_path)
{
    /* Names: sort, merge duplicate (key, entry) pairs, build keys and postings. */
    sort_ctx = c;
    qsort(c->names, c->name_count, sizeof *c->names, name_cmp);
    evm_posting *postings = evm_malloc((c->name_count + 1) * sizeof *postings);
    if (!postings)
        die_nomem();
    size_t nk = 0;
    for (size_t i = 0; i < c->name_count; nk++) {
        size_t j = i;
        while (j < c->name_count && strcmp(c->names[j].key, c->names[i].key) == 0)
            j++;
        i = j;
    }
    /* Load factor at most 0.8: probes stay short and the table small. The
     * keys are placed in hash order (see index_format.h), each at its home
     * slot or right after the key before it. */
    uint32_t nb = 1;
    while (nb < nk + nk / 4 + 1)
        nb <<= 1;
    evm_idx_key *sorted = evm_calloc(nk + 1, sizeof *sorted);
    if (!sorted)
        die_nomem();
    size_t nsorted = 0;
    size_t np = 0;
    for (size_t i = 0; i < c->name_count;) {
        size_t j = i, start = np;
        for (; j < c->name_count && strcmp(c->names[j].key, c->names[i].key) == 0; j++) {
            if (np > start && postings[np - 1].entry == c->names[j].entry) {
                postings[np - 1].flags |= c->names[j].flags;
                continue;
            }
            postings[np].entry = c->names[j].entry;
            postings[np].flags = c->names[j].flags;
            np++;
        }
        sorted[nsorted].hash = evm_idx_hash(c->names[i].key, strlen(c->names[i].key));
        sorted[nsorted].posting_start = (uint32_t)start;
        sorted[nsorted].posting_count = (uint32_t)(np - start);
        nsorted++;
        i = j;
    }
    qsort(sorted, nsorted, sizeof *sorted, key_hash_cmp);
    size_t nslots = nb + 1; /* the slots after the last key's: one, empty */
    for (size_t i = 0, next = 0; i < nsorted; i++) {
        if (i && sorted[i].hash == sorted[i - 1].hash) {
            fprintf(stderr, "evmap-gazc: hash collision between two keys; change evm_idx_hash()\n");
            exit(2);
        }
        size_t home = evm_idx_home(sorted[i].hash, nb);
        next = (home > next ? home : next) + 1;
        if (next + 1 > nslots)
            nslots = next + 1;
    }
    evm_idx_key *keys = evm_calloc(nslots, sizeof *keys);
    if (!keys)
        die_nomem();
    for (size_t i = 0, next = 0; i < nsorted; i++) {
        size_t home = evm_idx_home(sorted[i].hash, nb);
        size_t slot = home > next ? home : next;
        keys[slot] = sorted[i];
        next = slot + 1;
    }
    evm_free(sorted);

    /* Code tables. */
    size_t ncountry = 0;
    evm_idx_code *countries = evm_calloc(26 * 26 + 1, sizeof *countries);
    evm_idx_code *admin1 = evm_calloc(c->a1.count + 1, sizeof *admin1);
    if (!countries || !admin1)
        die_nomem();
    for (int i = 0; i < 26 * 26; i++) {
        if (!c->country_of[i])
            continue;
        countries[ncountry].code[0] = (char)('A' + i / 26);
        countries[ncountry].code[1] = (char)('A' + i % 26);
        countries[ncountry].entry = c->country_of[i] - 1;
        ncountry++;
    }
    for (size_t i = 0; i < c->a1.count; i++) {
        snprintf(admin1[i].code, sizeof admin1[i].code, "%s", c->a1.items[i].code);
        admin1[i].entry = c->a1.items[i].entry;
    }
    qsort(admin1, c->a1.count, sizeof *admin1, code_cmp);

    evm_idx_entry *entries = evm_malloc((c->entry_count + 1) * sizeof *entries);
    if (!entries)
        die_nomem();
    for (size_t i = 0; i < c->entry_count; i++)
        entries[i] = c->entries[i].e;

    /* A closing value for the last ring. */
    c->point_start =
        xgrow(c->point_start, &c->point_start_cap, c->point_start_count + 1, sizeof(uint32_t));
    c->point_start[c->point_start_count++] = (uint32_t)(c->coord_count / 2);

    evm_buf out = {0};
    evm_idx_header h;
    memset(&h, 0, sizeof h);
    evm_idx_section table[EVM_IDX_SECTION_COUNT];
    memset(table, 0, sizeof table);
    if (evm_buf_append(&out, &h, sizeof h) != EVM_OK ||
        evm_buf_append(&out, table, sizeof table) != EVM_OK)
        die_nomem();
    put_section(&out, table, EVM_IDX_STRINGS, 1, c->strings.data.data, c->strings.data.len);
    put_section(&out, table, EVM_IDX_ENTRIES, sizeof *entries, entries,
                c->entry_count * sizeof *entries);
    put_section(&out, table, EVM_IDX_KEYS, sizeof *keys, keys, nslots * sizeof *keys);
    put_section(&out, table, EVM_IDX_POSTINGS, sizeof *postings, postings, np * sizeof *postings);
    put_section(&out, table, EVM_IDX_COUNTRIES, sizeof *countries, countries,
                ncountry * sizeof *countries);
    put_section(&out, table, EVM_IDX_ADMIN1, sizeof *admin1, admin1, c->a1.count * sizeof *admin1);
    put_section(&out, table, EVM_IDX_SHAPES, sizeof *c->shapes, c->shapes,
                c->shape_count * sizeof *c->shapes);
    put_section(&out, table, EVM_IDX_RING_START, sizeof(uint32_t), c->ring_start,
                c->ring_start_count * sizeof(uint32_t));
    put_section(&out, table, EVM_IDX_POINT_START, sizeof(uint32_t), c->point_start,
                c->point_start_count * sizeof(uint32_t));
    put_section(&out, table, EVM_IDX_COORDS, sizeof(double), c->coords,
                c->coord_count * sizeof(double));
    /* Bounding boxes of the polygons' shells, parallel to RING_START. */
    evm_idx_box *boxes = evm_calloc(c->ring_start_count + 1, sizeof *boxes);
    if (!boxes)
        die_nomem();
    for (size_t si = 0; si < c->shape_count; si++) {
        const evm_idx_shape *sh = &c->shapes[si];
        for (uint32_t p = 0; p < sh->polygon_count; p++) {
            uint32_t shell = c->ring_start[sh->ring_base + p];
            evm_idx_box *b = &boxes[sh->ring_base + p];
            b->west = b->south = 1e9;
            b->east = b->north = -1e9;
            for (uint32_t i = c->point_start[shell]; i < c->point_start[shell + 1]; i++) {
                double x = c->coords[2 * i], y = c->coords[2 * i + 1];
                b->west = x < b->west ? x : b->west;
                b->east = x > b->east ? x : b->east;
                b->south = y < b->south ? y : b->south;
                b->north = y > b->north ? y : b->north;
            }
        }
    }
    put_section(&out, table, EVM_IDX_POLY_BOX, sizeof *boxes, boxes,
                c->ring_start_count * sizeof *boxes);
    if (out.len % 8) {
        static const char zeros[8] = {0};
        if (evm_buf_append(&out, zeros, 8 - out.len % 8) != EVM_OK)
            die_nomem();
    }
    memcpy(out.data + sizeof h, table, sizeof table);
    memcpy(h.magic, EVM_IDX_MAGIC, 8);
    h.version = EVM_GAZETTEER_FORMAT_VERSION;
    h.section_count = EVM_IDX_SECTION_COUNT;
    h.file_size = out.len;
    h.entry_count = (uint32_t)c->entry_count;
    h.key_count = (uint32_t)nk;
    h.posting_count = (uint32_t)np;
    h.bucket_count = nb;
    h.checksum = evm_idx_checksum((const unsigned char *)out.data + sizeof h, out.len - sizeof h);
    memcpy(out.data, &h, sizeof h);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0 ||
        rename(tmp, out_path) != 0) {
        fprintf(stderr, "evmap-gazc: %s: cannot write: %s\n", out_path, strerror(errno));
        exit(2);
    }
    fprintf(stderr,
            "evmap-gazc: wrote %s: %zu entries (%zu countries, %zu ADM1), %zu keys, %zu "
            "postings, %zu shapes, %zu bytes\n",
            out_path, c->entry_count, ncountry, c->a1.count, nk, np, c->shape_count, out.len);
    evm_buf_free(&out);
    evm_free(boxes);
    evm_free(entries);
    evm_free(countries);
    evm_free(admin1);
    evm_free(keys);
    evm_free(postings);
}

static void free_map(code_map *m)
{
    for (size_t i = 0; i < m->count; i++)
        evm_free(m->items[i].code);
    evm_free(m->items);
    evm_free(m->slots);
}

static void free_sources(a1_source *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        evm_free(rows[i].code);
        evm_free(rows[i].name);
        evm_free(rows[i].ascii);
    }
    evm_free(rows);
}

/* Frees everything the compiler holds (so leak checkers see a clean exit). */
static void compiler_free(compiler *c)
{
    evm_buf_free(&c->strings.data);
    evm_free(c->strings.slots);
    for (size_t i = 0; i < c->entry_count; i++) {
        evm_free(c->entries[i].capital_name);
        evm_free(c->entries[i].admin1);
        evm_free(c->entries[i].admin2);
    }
    evm_free(c->entries);
    for (size_t i = 0; i < c->name_count; i++)
        evm_free(c->names[i].key);
    evm_free(c->names);
    free_map(&c->a1);
    free_sources(c->a1src, c->a1src_count);
    free_sources(c->a2rows, c->a2row_count);
    free_map(&c->a2src);
    free_map(&c->a2);
    evm_free(c->shapes);
    evm_free(c->ring_start);
    evm_free(c->point_start);
    evm_free(c->coords);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: evmap-gazc -o OUT.idx [--sources DIR] [--places FILE] [--admin1-codes FILE]\n"
            "                  [--admin2-codes FILE] [--divisions FILE] [--countries FILE]\n"
            "                  [--country-info FILE] [--shapes FILE] [--supplement FILE]\n"
            "Compiles the evmap gazetteer index. --sources DIR reads places.txt,\n"
            "admin1CodesASCII.txt, admin2Codes.txt, divisions.tsv, countries.tsv and\n"
            "country-shapes.tsv from DIR; the other options name single files (GeoNames\n"
            "allCountries.txt, cities500.txt, admin1CodesASCII.txt, admin2Codes.txt and\n"
            "countryInfo.txt are accepted as they are). --supplement adds evmap's hand-written\n"
            "continents, seas, regions and country aliases (gazetteer/supplement.tsv).\n");
}

int main(int argc, char **argv)
{
    const char *out = NULL, *places = NULL, *a1codes = NULL, *a2codes = NULL, *divisions = NULL,
               *countries = NULL, *country_info = NULL, *shapes = NULL, *supplement = NULL;
    char paths[6][4096];
    const char *endian_probe = "\x01\x00";
    uint16_t probe;
    memcpy(&probe, endian_probe, 2);
    if (probe != 1) {
        fprintf(stderr, "evmap-gazc: big-endian hosts are not supported\n");
        return 2;
    }
    for (int i = 1; i < argc; i += 2) { /* each option takes a value */
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (!v) {
            fprintf(stderr, "evmap-gazc: %s needs a value\n", a);
            usage(stderr);
            return 1;
        }
        if (strcmp(a, "-o") == 0)
            out = v;
        else if (strcmp(a, "--sources") == 0) {
            snprintf(paths[0], sizeof paths[0], "%s/places.txt", v);
            snprintf(paths[1], sizeof paths[1], "%s/admin1CodesASCII.txt", v);
            snprintf(paths[2], sizeof paths[2], "%s/divisions.tsv", v);
            snprintf(paths[3], sizeof paths[3], "%s/countries.tsv", v);
            snprintf(paths[4], sizeof paths[4], "%s/country-shapes.tsv", v);
            snprintf(paths[5], sizeof paths[5], "%s/admin2Codes.txt", v);
            if (!a2codes && access(paths[5], R_OK) == 0)
                a2codes = paths[5]; /* optional: ADM2 divisions */
            places = places ? places : paths[0];
            a1codes = a1codes ? a1codes : paths[1];
            divisions = divisions ? divisions : paths[2];
            countries = countries ? countries : paths[3];
            shapes = shapes ? shapes : paths[4];
        } else if (strcmp(a, "--places") == 0)
            places = v;
        else if (strcmp(a, "--admin1-codes") == 0)
            a1codes = v;
        else if (strcmp(a, "--admin2-codes") == 0)
            a2codes = v;
        else if (strcmp(a, "--supplement") == 0)
            supplement = v;
        else if (strcmp(a, "--divisions") == 0)
            divisions = v;
        else if (strcmp(a, "--countries") == 0)
            countries = v;
        else if (strcmp(a, "--country-info") == 0)
            country_info = v;
        else if (strcmp(a, "--shapes") == 0)
            shapes = v;
        else {
            fprintf(stderr, "evmap-gazc: unknown option %s\n", a);
            usage(stderr);
            return 1;
        }
    }
    if (!out || !places || (!countries && !country_info)) {
        fprintf(stderr, "evmap-gazc: need -o, --places and --countries or --country-info\n");
        usage(stderr);
        return 1;
    }
    compiler c;
    memset(&c, 0, sizeof c);
    if (countries)
        read_countries(&c, countries);
    if (country_info)
        read_country_info(&c, country_info);
    if (a1codes)
        read_code_rows(a1codes, "CC.code", &c.a1src, &c.a1src_count, &c.a1src_cap, NULL);
    if (divisions)
        read_divisions(&c, divisions);
    link_admin1_codes(&c);
    if (a2codes)
        read_code_rows(a2codes, "CC.A1.A2", &c.a2rows, &c.a2row_count, &c.a2row_cap, &c.a2src);
    if (supplement)
        read_supplement(&c, supplement);
    read_places(&c, places);
    if (shapes) {
        read_shapes(&c, shapes);
        country_points(&c);
    }
    link_entries(&c);
    write_index(&c, out);
    compiler_free(&c);
    return 0;
}
