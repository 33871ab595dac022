/*
 * gazetteer.h - the compiled gazetteer index: loading, name lookup, entries.
 *
 * The index is one binary file made by evmap-gazc (gazetteer/compile.c)
 * from the pinned sources in gazetteer/. It is mapped read-only and shared
 * between threads; nothing here writes to it. Every offset and count read
 * from the file is checked against the file size before use, and the whole
 * payload is covered by a checksum verified at open.
 *
 * Entries are numbered 0..count-1. Strings returned in evm_place point into
 * the mapping and stay valid until evm_gazetteer_close().
 */
#ifndef EVM_GAZETTEER_H
#define EVM_GAZETTEER_H

#include "evmap.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct evm_gazetteer evm_gazetteer;

/* What an entry is. */
typedef enum evm_place_kind {
    EVM_KIND_CITY = 0,    /* populated place (GeoNames class P) */
    EVM_KIND_ADMIN1 = 1,  /* first-level division (ADM1) */
    EVM_KIND_COUNTRY = 2, /* country or dependent territory */
    EVM_KIND_OTHER = 3    /* anything else (users' own places, other classes) */
} evm_place_kind;

/* Returns "city", "admin1", "country" or "other". */
const char *evm_place_kind_name(evm_place_kind kind);

/* How a name is attached to an entry (bit flags on a posting). */
enum {
    EVM_NAME_PRIMARY = 1 << 0,  /* the entry's main name (or its ASCII form) */
    EVM_NAME_ALT = 1 << 1,      /* an alternate name or spelling */
    EVM_NAME_OFFICIAL = 1 << 2, /* a country's official name */
    EVM_NAME_DEMONYM = 1 << 3,  /* a demonym or adjective ("North Korean") */
    EVM_NAME_ABBREV = 1 << 4,   /* written in capitals in the source ("DPRK", "US"): only
                                   matches text written in capitals */
    EVM_NAME_TYPED = 1 << 5,    /* name plus type word ("Primorsky Krai", "Jilin province") */
    EVM_NAME_CODE = 1 << 6,     /* an ISO or airport-style code ("KP", "VVO") */
    EVM_NAME_DOTTED = 1 << 7,   /* an abbreviation written with a final dot ("Ky.", "Que."):
                                   only matches text written with the dot */
    EVM_NAME_VARIANT = 1 << 8   /* (with EVM_NAME_ALT) a town's alternate that spells its main
                                   name another way ("Huliaipole" for Hulyaypole): the same
                                   consonants in the same order */
};

/* One (entry, how-named) pair in a name's candidate list. Lists are sorted by
 * the entries' importance, most important first. */
typedef struct evm_posting {
    uint32_t entry;
    uint32_t flags; /* EVM_NAME_* bits */
} evm_posting;

/* A decoded entry. Strings are never NULL ("" when unknown). */
typedef struct evm_place {
    uint32_t entry;            /* entry number */
    int32_t geonameid;         /* GeoNames id, or -1 when the source has none */
    double lat, lon;           /* degrees WGS84 */
    uint32_t population;       /* 0 when unknown */
    float importance;          /* prior for ranking, higher is more important (see compile.c) */
    evm_place_kind kind;       /* city, admin1, country, other */
    char feature_class[2];     /* GeoNames feature class: "P", "A", ... */
    char feature_code[8];      /* GeoNames feature code: "PPLC", "ADM1", "PCLI", ... */
    char country_code[3];      /* ISO 3166-1 alpha-2, "" when none */
    const char *name;          /* display name ("Vladivostok") */
    const char *admin1_code;   /* GeoNames admin1 code ("59"), "" when none */
    const char *admin1_name;   /* name of the first-level division ("Primorye"), "" when none */
    const char *division_type; /* for ADM1 entries: "province", "krai", "state"...; else "" */
    const char *iso_code;      /* ISO 3166-2 for ADM1 ("CN-JL"), alpha-3 for countries ("PRK") */
    uint32_t country_entry;    /* entry of its country, UINT32_MAX when none or itself */
    uint32_t admin1_entry;     /* entry of its ADM1 division, UINT32_MAX when none or itself */
    uint32_t capital_entry;    /* for countries: entry of the capital city, else UINT32_MAX */
} evm_place;

#define EVM_NO_ENTRY UINT32_MAX

/* Index file format version this build reads and writes. */
#define EVM_GAZETTEER_FORMAT_VERSION 5u

/*
 * Opens the index at `path` (read-only mmap) and verifies header, section
 * bounds and checksum.
 *   path  [in]  file path; NULL selects evm_gazetteer_default_path()
 *   out   [out] the gazetteer; close with evm_gazetteer_close()
 *   diag  [out] optional message naming the file and the reason
 * Errors: EVM_ERR_IO (missing or unreadable), EVM_ERR_FORMAT (not an index,
 * truncated, corrupt), EVM_ERR_VERSION (newer format), EVM_ERR_NOMEM.
 */
evm_error evm_gazetteer_open(const char *path, evm_gazetteer **out, evm_diag *diag);

/* Unmaps and frees `gz` (NULL is a no-op). */
void evm_gazetteer_close(evm_gazetteer *gz);

/* The index path used when none is given: $EVMAP_GAZETTEER if set, else
 * evmap.idx beside the running executable, else the installed copy. Writes
 * at most `size` bytes (NUL included) to `buf`; returns buf. */
const char *evm_gazetteer_default_path(char *buf, size_t size);

/* Number of entries. */
uint32_t evm_gazetteer_count(const evm_gazetteer *gz);

/* Decodes entry `entry` into `*out`. EVM_ERR_ARG when out of range,
 * EVM_ERR_FORMAT when the entry's offsets do not fit the file. */
evm_error evm_gazetteer_place(const evm_gazetteer *gz, uint32_t entry, evm_place *out);

/* The kind and population of entry `entry`, as evm_gazetteer_place() gives
 * them, without decoding the rest. EVM_ERR_ARG when out of range. */
evm_error evm_gazetteer_kind_population(const evm_gazetteer *gz, uint32_t entry,
                                        evm_place_kind *kind, uint32_t *population);

/*
 * Normalises `name` (UTF-8, `len` bytes) to a lookup key: NFKC, case folded,
 * diacritics stripped, apostrophes and hyphens removed, dots removed, runs of
 * white space made one space, trimmed. "P'yŏngyang", "Pyong-yang" and
 * "PYONGYANG" all give "pyongyang".
 *   key   [out] NUL-terminated key; caller frees with evm_free()
 *   key_len [out] optional, its length in bytes
 * Errors: EVM_ERR_UTF8 for invalid UTF-8, EVM_ERR_NOMEM.
 */
evm_error evm_normalize_key(const char *name, size_t len, char **key, size_t *key_len);

/* Like evm_normalize_key() but writes into `buf` of `size` bytes; returns
 * EVM_ERR_LIMIT when the key does not fit. Allocation-free for short names
 * that are plain ASCII (the geoparser's hot path). */
evm_error evm_normalize_key_buf(const char *name, size_t len, char *buf, size_t size,
                                size_t *key_len);

/*
 * Finds the entries named by an already normalised key.
 *   postings [out] the candidate list, most important first; points into the
 *                  mapping; set to NULL when there is none
 *   count    [out] its length (0 when the key is unknown)
 * Returns EVM_OK (also when nothing matches) or EVM_ERR_FORMAT when the
 * index's lists do not fit the file.
 */
evm_error evm_gazetteer_find_key(const evm_gazetteer *gz, const char *key, size_t key_len,
                                 const evm_posting **postings, size_t *count);

/* The hash evm_gazetteer_find_key() computes of a key: callers that look
 * the same key up many times compute it once and pass it to
 * evm_gazetteer_find_key_hashed(). */
uint64_t evm_gazetteer_key_hash(const char *key, size_t key_len);

/* evm_gazetteer_find_key() with `hash` == evm_gazetteer_key_hash(key,
 * key_len) already computed. */
evm_error evm_gazetteer_find_key_hashed(const evm_gazetteer *gz, const char *key, size_t key_len,
                                        uint64_t hash, const evm_posting **postings, size_t *count);

/* Normalises `name` and looks it up (evm_normalize_key + find_key). */
evm_error evm_gazetteer_find(const evm_gazetteer *gz, const char *name, size_t len,
                             const evm_posting **postings, size_t *count);

/* Entry of the country with ISO alpha-2 `cc`, or EVM_NO_ENTRY. */
uint32_t evm_gazetteer_country(const evm_gazetteer *gz, const char *cc);

/* Entry of the ADM1 division (`cc`, GeoNames admin1 code), or EVM_NO_ENTRY. */
uint32_t evm_gazetteer_admin1(const evm_gazetteer *gz, const char *cc, const char *admin1_code);

/*
 * A country's outline (Natural Earth 1:10m), as stored in the index:
 * `polygon_count` polygons; for polygon p, rings[ring_start[p] ..
 * ring_start[p+1]) are its rings (first the shell, then holes); ring r has
 * points coords[2*point_start[r] .. 2*point_start[r+1]) as lon,lat pairs.
 * All arrays point into the mapping. EVM_ERR_NOT_FOUND when the entry has no
 * polygon.
 */
typedef struct evm_country_shape {
    uint32_t polygon_count;
    const uint32_t *ring_start;  /* polygon_count + 1 values */
    const uint32_t *point_start; /* ring count + 1 values */
    const double *coords;        /* lon, lat pairs */
    const double *polygon_box;   /* 4 values per polygon: west, south, east, north (degrees) of
                                    its shell, computed by the compiler */
} evm_country_shape;

evm_error evm_gazetteer_country_shape(const evm_gazetteer *gz, uint32_t entry,
                                      evm_country_shape *out);

/*
 * Users' own places: merges `path` (a TSV in GeoNames dump format, or a
 * GeoJSON FeatureCollection of Points with a "name" property) into `gz` at
 * run time. Merged entries get numbers from evm_gazetteer_count() upward and
 * are found by evm_gazetteer_find*() like built-in ones.
 * Errors: EVM_ERR_IO, EVM_ERR_FORMAT (with the line or feature in diag).
 */
evm_error evm_gazetteer_merge_extra(evm_gazetteer *gz, const char *path, evm_diag *diag);

#endif
