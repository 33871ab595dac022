/*
 * index.c - maps the compiled gazetteer and answers lookups from it.
 */
#define _DEFAULT_SOURCE 1 /* MAP_POPULATE */
#include "gazetteer/gazetteer_internal.h"

#include "core/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef MAP_POPULATE
#define EVM_MAP_POPULATE MAP_POPULATE
#else
#define EVM_MAP_POPULATE 0
#endif

#ifndef EVMAP_INSTALL_INDEX
#define EVMAP_INSTALL_INDEX "/usr/local/share/evmap/evmap.idx"
#endif

void evm_idx_checksum_init(evm_idx_checksum_state *st)
{
    memset(st, 0, sizeof *st);
}

/* Eight independent Fletcher-style lanes over 64-bit words: s1 sums the
 * words, s2 sums the running s1, so a changed, missing or moved word
 * changes the result. Additions only, so the compiler vectorises it and
 * verifying a 40 MB index costs a few milliseconds. */
static void checksum_block(evm_idx_checksum_state *st, const unsigned char *p)
{
    for (int j = 0; j < 8; j++) {
        uint64_t w;
        memcpy(&w, p + 8 * (size_t)j, 8);
        st->s1[j] += w;
        st->s2[j] += st->s1[j];
    }
}

void evm_idx_checksum_update(evm_idx_checksum_state *st, const unsigned char *data, size_t len)
{
    st->len += len;
    while (len && st->tail_len) {
        st->tail[st->tail_len++] = *data++;
        len--;
        if (st->tail_len == sizeof st->tail) {
            checksum_block(st, st->tail);
            st->tail_len = 0;
        }
    }
    for (; len >= sizeof st->tail; data += sizeof st->tail, len -= sizeof st->tail)
        checksum_block(st, data);
    memcpy(st->tail + st->tail_len, data, len);
    st->tail_len += len;
}

uint64_t evm_idx_checksum_final(const evm_idx_checksum_state *st)
{
    uint64_t h = st->len * 0x9E3779B97F4A7C15ull;
    for (int j = 0; j < 8; j++) {
        h = (h ^ st->s1[j]) * 0xFF51AFD7ED558CCDull;
        h = (h ^ st->s2[j]) * 0xC4CEB9FE1A85EC53ull;
        h ^= h >> 29;
    }
    for (size_t i = 0; i < st->tail_len; i++)
        h = (h ^ st->tail[i]) * 0x100000001B3ull;
    h ^= h >> 33;
    return h;
}

uint64_t evm_idx_checksum(const unsigned char *data, size_t len)
{
    evm_idx_checksum_state st;
    evm_idx_checksum_init(&st);
    evm_idx_checksum_update(&st, data, len);
    return evm_idx_checksum_final(&st);
}

const char *evm_place_kind_name(evm_place_kind kind)
{
    switch (kind) {
    case EVM_KIND_CITY:
        return "city";
    case EVM_KIND_ADMIN1:
        return "admin1";
    case EVM_KIND_COUNTRY:
        return "country";
    case EVM_KIND_OTHER:
        break;
    }
    return "other";
}

const char *evm_gazetteer_default_path(char *buf, size_t size)
{
    const char *env = getenv("EVMAP_GAZETTEER");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return buf;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/evmap.idx", exe);
            if (access(buf, F_OK) == 0)
                return buf;
        }
    }
    snprintf(buf, size, "%s", EVMAP_INSTALL_INDEX);
    return buf;
}

/* Checks one section's bounds, alignment and element size; returns its
 * element count through *count. */
static evm_error check_section(const char *path, const evm_idx_section *s, uint32_t want_id,
                               size_t elem_size, size_t file_size, size_t *count, evm_diag *diag)
{
    if (s->id != want_id)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: section %u has id %u", path,
                            (unsigned)want_id, (unsigned)s->id);
    if (s->elem_size != elem_size)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: section %u element size %u, expected %zu",
                            path, (unsigned)want_id, (unsigned)s->elem_size, elem_size);
    if (s->offset % 8 != 0 || s->offset > file_size || s->size > file_size - s->offset ||
        s->size % elem_size != 0)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: section %u (offset %llu, %llu bytes) "
                            "does not fit the file (%zu bytes)",
                            path, (unsigned)want_id, (unsigned long long)s->offset,
                            (unsigned long long)s->size, file_size);
    *count = (size_t)(s->size / elem_size);
    return EVM_OK;
}

static evm_error validate(evm_gazetteer *gz, const char *path, evm_diag *diag)
{
    const unsigned char *m = gz->map;
    size_t size = gz->map_size;
    if (size < sizeof(evm_idx_header) || memcmp(m, EVM_IDX_MAGIC, 8) != 0) {
        if (size >= 8 && memcmp(m, EVM_IDX_MAGIC, 8) == 0)
            return evm_diag_set(diag, EVM_ERR_FORMAT,
                                "%s: truncated gazetteer index: %zu bytes, less than a header",
                                path, size);
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: not an evmap gazetteer index (bad magic number)", path);
    }
    const evm_idx_header *h = (const evm_idx_header *)(const void *)m;
    gz->header = h;
    if (h->version > EVM_GAZETTEER_FORMAT_VERSION)
        return evm_diag_set(diag, EVM_ERR_VERSION,
                            "%s: gazetteer index format version %u is newer than this evmap "
                            "reads (%u); rebuild the index or upgrade evmap",
                            path, (unsigned)h->version, EVM_GAZETTEER_FORMAT_VERSION);
    if (h->version != EVM_GAZETTEER_FORMAT_VERSION)
        return evm_diag_set(diag, EVM_ERR_VERSION,
                            "%s: gazetteer index format version %u is not supported (this evmap "
                            "reads %u); rebuild the index",
                            path, (unsigned)h->version, EVM_GAZETTEER_FORMAT_VERSION);
    if (h->file_size != size)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: truncated or padded gazetteer index: %zu bytes, header says %llu",
                            path, size, (unsigned long long)h->file_size);
    if (h->section_count != EVM_IDX_SECTION_COUNT)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: %u sections, expected %d", path,
                            (unsigned)h->section_count, EVM_IDX_SECTION_COUNT);
    size_t table_end = sizeof(evm_idx_header) + EVM_IDX_SECTION_COUNT * sizeof(evm_idx_section);
    if (size < table_end)
        return evm_diag_set(diag, EVM_ERR_FORMAT, "%s: truncated gazetteer index", path);
    if (gz->checksum != h->checksum)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: checksum mismatch (file damaged or "
                            "modified; rebuild it)",
                            path);

    const evm_idx_section *sec =
        (const evm_idx_section *)(const void *)(m + sizeof(evm_idx_header));
    static const size_t elem[EVM_IDX_SECTION_COUNT] = {
        1,
        sizeof(evm_idx_entry),
        sizeof(evm_idx_key),
        sizeof(evm_posting),
        sizeof(evm_idx_code),
        sizeof(evm_idx_code),
        sizeof(evm_idx_shape),
        sizeof(uint32_t),
        sizeof(uint32_t),
        sizeof(double),
        sizeof(evm_idx_box),
    };
    size_t count[EVM_IDX_SECTION_COUNT];
    for (uint32_t i = 0; i < EVM_IDX_SECTION_COUNT; i++) {
        evm_error err = check_section(path, &sec[i], i, elem[i], size, &count[i], diag);
        if (err)
            return err;
    }
#define AT(i) ((const void *)(m + sec[i].offset))
    gz->strings = AT(EVM_IDX_STRINGS);
    gz->strings_size = count[EVM_IDX_STRINGS];
    gz->entries = AT(EVM_IDX_ENTRIES);
    gz->keys = AT(EVM_IDX_KEYS);
    gz->postings = AT(EVM_IDX_POSTINGS);
    gz->countries = AT(EVM_IDX_COUNTRIES);
    gz->country_count = count[EVM_IDX_COUNTRIES];
    gz->admin1 = AT(EVM_IDX_ADMIN1);
    gz->admin1_count = count[EVM_IDX_ADMIN1];
    gz->shapes = AT(EVM_IDX_SHAPES);
    gz->shape_count = count[EVM_IDX_SHAPES];
    gz->ring_start = AT(EVM_IDX_RING_START);
    gz->ring_start_count = count[EVM_IDX_RING_START];
    gz->point_start = AT(EVM_IDX_POINT_START);
    gz->point_start_count = count[EVM_IDX_POINT_START];
    gz->coords = AT(EVM_IDX_COORDS);
    gz->poly_box = AT(EVM_IDX_POLY_BOX);
    if (count[EVM_IDX_POLY_BOX] != count[EVM_IDX_RING_START])
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: %zu polygon boxes for %zu polygons", path,
                            count[EVM_IDX_POLY_BOX], count[EVM_IDX_RING_START]);
    gz->coord_count = count[EVM_IDX_COORDS];
#undef AT
    if (gz->strings_size == 0 || gz->strings[gz->strings_size - 1] != '\0' ||
        count[EVM_IDX_ENTRIES] != h->entry_count || count[EVM_IDX_KEYS] <= h->bucket_count ||
        count[EVM_IDX_KEYS] - h->bucket_count > h->bucket_count ||
        gz->keys[count[EVM_IDX_KEYS] - 1].hash != 0 ||
        count[EVM_IDX_POSTINGS] != h->posting_count || h->bucket_count == 0 ||
        (h->bucket_count & (h->bucket_count - 1)) != 0 || h->key_count >= h->bucket_count)
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: corrupt gazetteer index: section sizes disagree with the header",
                            path);
    gz->entry_count = h->entry_count;
    gz->key_count = h->key_count;
    gz->posting_count = h->posting_count;
    gz->bucket_count = h->bucket_count;
    return EVM_OK;
}

evm_error evm_gazetteer_open(const char *path, evm_gazetteer **out, evm_diag *diag)
{
    char defpath[PATH_MAX];
    if (!path)
        path = evm_gazetteer_default_path(defpath, sizeof defpath);
    if (!out)
        return EVM_ERR_ARG;
    {
        const uint16_t probe = 1;
        unsigned char first;
        memcpy(&first, &probe, 1);
        if (first != 1)
            return evm_diag_set(diag, EVM_ERR_FORMAT,
                                "%s: the gazetteer index is little-endian; this host is not", path);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return evm_diag_set(diag, EVM_ERR_IO, "%s: cannot open gazetteer index: %s", path,
                            strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        close(fd);
        return evm_diag_set(diag, EVM_ERR_IO, "%s: gazetteer index is not a regular file%s%s", path,
                            e ? ": " : "", e ? strerror(e) : "");
    }
    if (st.st_size < (off_t)sizeof(evm_idx_header)) {
        close(fd);
        return evm_diag_set(diag, EVM_ERR_FORMAT,
                            "%s: truncated gazetteer index: %lld bytes, less than a header", path,
                            (long long)st.st_size);
    }
    size_t size = (size_t)st.st_size;
    /* Verifying the checksum reads every page anyway: map them all at once
     * (MAP_POPULATE) rather than fault them in one by one. */
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | EVM_MAP_POPULATE, fd, 0);
    int map_errno = errno;
    close(fd);
    if (map == MAP_FAILED)
        return evm_diag_set(diag, EVM_ERR_IO, "%s: cannot map gazetteer index: %s", path,
                            strerror(map_errno));
    evm_gazetteer *gz = evm_calloc(1, sizeof *gz);
    if (!gz) {
        munmap(map, size);
        return evm_diag_set(diag, EVM_ERR_NOMEM, "%s: out of memory", path);
    }
    gz->map = map;
    gz->map_size = size;
    gz->checksum = evm_idx_checksum((const unsigned char *)map + sizeof(evm_idx_header),
                                    size - sizeof(evm_idx_header));
    evm_error err = validate(gz, path, diag);
    if (err) {
        evm_gazetteer_close(gz);
        return err;
    }
    *out = gz;
    return EVM_OK;
}

void evm_gazetteer_close(evm_gazetteer *gz)
{
    if (!gz)
        return;
    evm_gazetteer_free_extra(gz);
    if (gz->map)
        munmap((void *)(uintptr_t)gz->map, gz->map_size);
    evm_free(gz);
}

uint32_t evm_gazetteer_count(const evm_gazetteer *gz)
{
    return gz->entry_count + (uint32_t)gz->extra_count;
}

/* Returns the string at `off`, or NULL when the offset is outside the pool. */
static const char *str_at(const evm_gazetteer *gz, uint32_t off)
{
    return off < gz->strings_size ? gz->strings + off : NULL;
}

evm_error evm_gazetteer_place(const evm_gazetteer *gz, uint32_t entry, evm_place *out)
{
    if (entry >= gz->entry_count) {
        size_t x = entry - (size_t)gz->entry_count;
        if (entry < gz->entry_count || x >= gz->extra_count)
            return EVM_ERR_ARG;
        *out = gz->extra[x].place;
        return EVM_OK;
    }
    const evm_idx_entry *e = &gz->entries[entry];
    /* Everything that can fail first: `*out` is written only on success,
     * field by field (no temporary to copy). */
    size_t size = gz->strings_size;
    if ((e->name >= size) | (e->admin1_code >= size) | (e->division_type >= size) |
        (e->iso_code >= size))
        return EVM_ERR_FORMAT; /* (one test for the four offsets) */
    const char *name = gz->strings + e->name, *admin1_code = gz->strings + e->admin1_code;
    const char *division_type = gz->strings + e->division_type;
    const char *iso_code = gz->strings + e->iso_code;
    evm_place_kind kind = e->kind <= EVM_KIND_OTHER ? (evm_place_kind)e->kind : EVM_KIND_OTHER;
    uint32_t admin1_entry = e->admin1_entry < gz->entry_count ? e->admin1_entry : EVM_NO_ENTRY;
    const char *admin1_name = "";
    if (admin1_entry != EVM_NO_ENTRY) {
        admin1_name = str_at(gz, gz->entries[admin1_entry].name);
        if (!admin1_name)
            return EVM_ERR_FORMAT;
    } else if (kind == EVM_KIND_ADMIN1) {
        admin1_name = name;
    }
    out->entry = entry;
    out->geonameid = e->geonameid;
    out->lat = e->lat_e7 / 1e7;
    out->lon = e->lon_e7 / 1e7;
    out->population = e->population;
    out->importance = e->importance;
    out->kind = kind;
    out->feature_class[0] = e->feature_class;
    out->feature_class[1] = '\0';
    memcpy(out->feature_code, e->feature_code, sizeof e->feature_code);
    out->feature_code[sizeof out->feature_code - 1] = '\0';
    out->country_code[0] = e->country_code[0] ? e->country_code[0] : '\0';
    out->country_code[1] = e->country_code[0] ? e->country_code[1] : '\0';
    out->country_code[2] = '\0';
    out->name = name;
    out->admin1_code = admin1_code;
    out->admin1_name = admin1_name;
    out->division_type = division_type;
    out->iso_code = iso_code;
    out->country_entry = e->country_entry < gz->entry_count ? e->country_entry : EVM_NO_ENTRY;
    out->admin1_entry = admin1_entry;
    out->capital_entry = e->capital_entry < gz->entry_count ? e->capital_entry : EVM_NO_ENTRY;
    return EVM_OK;
}

evm_error evm_gazetteer_kind_population(const evm_gazetteer *gz, uint32_t entry,
                                        evm_place_kind *kind, uint32_t *population)
{
    if (entry >= gz->entry_count) {
        size_t x = entry - (size_t)gz->entry_count;
        if (x >= gz->extra_count)
            return EVM_ERR_ARG;
        *kind = gz->extra[x].place.kind;
        *population = gz->extra[x].place.population;
        return EVM_OK;
    }
    const evm_idx_entry *e = &gz->entries[entry];
    *kind = e->kind <= EVM_KIND_OTHER ? (evm_place_kind)e->kind : EVM_KIND_OTHER;
    *population = e->population;
    return EVM_OK;
}

/* The first slot of [k, stop) holding hash h or empty (hash 0), or NULL:
 * four slots per bound test. */
/* evm_gazetteer_find_builtin() with the key's hash `h` computed. */
static evm_error find_builtin_hashed(const evm_gazetteer *gz, uint64_t h,
                                     const evm_posting **postings, size_t *count)
{
    *postings = NULL;
    *count = 0;
    if (h == 0)
        return EVM_OK; /* no key has it: 0 marks empty slots */
    /* The keys from the home slot on are in hash order: the probe ends at
     * the first slot whose hash is h, larger or 0 (an empty slot: less one,
     * it wraps to the largest value). The table ends with an empty slot
     * (checked at open), so the probe stops there at the latest, also in a
     * corrupt table. Two slots per step, each tested in turn. */
    const evm_idx_key *k = gz->keys + evm_idx_home(h, gz->bucket_count);
    const uint64_t below = h - 1;
    for (;; k += 2) {
        if (k[0].hash - 1 >= below)
            break;
        if (k[1].hash - 1 >= below) {
            k++;
            break;
        }
    }
    if (k->hash != h)
        return EVM_OK;
    if (k->posting_start > gz->posting_count ||
        k->posting_count > gz->posting_count - k->posting_start)
        return EVM_ERR_FORMAT;
    *postings = gz->postings + k->posting_start;
    *count = k->posting_count;
    return EVM_OK;
}

evm_error evm_gazetteer_find_builtin(const evm_gazetteer *gz, const char *key, size_t key_len,
                                     const evm_posting **postings, size_t *count)
{
    return find_builtin_hashed(gz, evm_idx_hash(key, key_len), postings, count);
}

uint64_t evm_gazetteer_key_hash(const char *key, size_t key_len)
{
    return evm_idx_hash(key, key_len);
}

/* The extra keys' part of evm_gazetteer_find_key_hashed() (out of line: most
 * runs have no extra gazetteer, and the common path stays lean). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static evm_error
find_key_with_extra(const evm_gazetteer *gz, const char *key, size_t key_len, uint64_t hash,
                    const evm_posting **postings, size_t *count)
{
    size_t mask = gz->extra_key_cap - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const evm_extra_key *k = &gz->extra_keys[slot];
        if (!k->key)
            break;
        if (strlen(k->key) == key_len && memcmp(k->key, key, key_len) == 0) {
            *postings = k->postings;
            *count = k->count;
            return EVM_OK;
        }
    }
    return find_builtin_hashed(gz, hash, postings, count);
}

evm_error evm_gazetteer_find_key_hashed(const evm_gazetteer *gz, const char *key, size_t key_len,
                                        uint64_t hash, const evm_posting **postings, size_t *count)
{
    if (gz->extra_key_count)
        return find_key_with_extra(gz, key, key_len, hash, postings, count);
    return find_builtin_hashed(gz, hash, postings, count);
}

evm_error evm_gazetteer_find_key(const evm_gazetteer *gz, const char *key, size_t key_len,
                                 const evm_posting **postings, size_t *count)
{
    return evm_gazetteer_find_key_hashed(gz, key, key_len, evm_idx_hash(key, key_len), postings,
                                         count);
}

evm_error evm_gazetteer_find(const evm_gazetteer *gz, const char *name, size_t len,
                             const evm_posting **postings, size_t *count)
{
    char small[256];
    size_t key_len;
    evm_error err = evm_normalize_key_buf(name, len, small, sizeof small, &key_len);
    if (err == EVM_OK)
        return evm_gazetteer_find_key(gz, small, key_len, postings, count);
    if (err != EVM_ERR_LIMIT)
        return err;
    /* Longer than any stored key (the compiler caps keys below 256 bytes). */
    *postings = NULL;
    *count = 0;
    return EVM_OK;
}

static int code_cmp(const void *a, const void *b)
{
    return strncmp(((const evm_idx_code *)a)->code, ((const evm_idx_code *)b)->code, 16);
}

static uint32_t find_code(const evm_gazetteer *gz, const evm_idx_code *table, size_t n,
                          const char *code)
{
    evm_idx_code probe;
    memset(&probe, 0, sizeof probe);
    size_t len = strlen(code);
    if (len >= sizeof probe.code)
        return EVM_NO_ENTRY;
    memcpy(probe.code, code, len);
    const evm_idx_code *hit = bsearch(&probe, table, n, sizeof *table, code_cmp);
    if (!hit || hit->entry >= gz->entry_count)
        return EVM_NO_ENTRY;
    return hit->entry;
}

uint32_t evm_gazetteer_country(const evm_gazetteer *gz, const char *cc)
{
    char up[3] = {0};
    if (!cc || strlen(cc) != 2)
        return EVM_NO_ENTRY;
    for (int i = 0; i < 2; i++)
        up[i] = (cc[i] >= 'a' && cc[i] <= 'z') ? (char)(cc[i] - 32) : cc[i];
    return find_code(gz, gz->countries, gz->country_count, up);
}

uint32_t evm_gazetteer_admin1(const evm_gazetteer *gz, const char *cc, const char *admin1_code)
{
    char code[32];
    if (!cc || !admin1_code || !*admin1_code)
        return EVM_NO_ENTRY;
    int n = snprintf(code, sizeof code, "%s.%s", cc, admin1_code);
    if (n < 0 || (size_t)n >= 16)
        return EVM_NO_ENTRY;
    return find_code(gz, gz->admin1, gz->admin1_count, code);
}

evm_error evm_gazetteer_country_shape(const evm_gazetteer *gz, uint32_t entry,
                                      evm_country_shape *out)
{
    /* Shapes are few (about 250): a linear scan keeps the format simple. */
    for (size_t i = 0; i < gz->shape_count; i++) {
        const evm_idx_shape *s = &gz->shapes[i];
        if (s->entry != entry)
            continue;
        if (s->ring_base > gz->ring_start_count ||
            (size_t)s->polygon_count + 1 > gz->ring_start_count - s->ring_base)
            return EVM_ERR_FORMAT;
        const uint32_t *rs = gz->ring_start + s->ring_base;
        for (uint32_t p = 0; p <= s->polygon_count; p++) {
            if (rs[p] >= gz->point_start_count || (p && rs[p] < rs[p - 1]))
                return EVM_ERR_FORMAT;
        }
        for (uint32_t r = rs[0]; r < rs[s->polygon_count]; r++) {
            uint32_t a = gz->point_start[r], b = gz->point_start[r + 1];
            if (a > b || (size_t)b * 2 > gz->coord_count)
                return EVM_ERR_FORMAT;
        }
        out->polygon_count = s->polygon_count;
        out->ring_start = rs;
        out->point_start = gz->point_start;
        out->coords = gz->coords;
        out->polygon_box = &gz->poly_box[s->ring_base].west;
        return EVM_OK;
    }
    return EVM_ERR_NOT_FOUND;
}
