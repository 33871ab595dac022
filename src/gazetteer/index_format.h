/*
 * index_format.h - on-disk layout of the compiled gazetteer (evmap.idx).
 *
 * All integers are little-endian (the compiler refuses to run on a
 * big-endian host, the loader refuses to open there). Layout:
 *
 *   evm_idx_header        (64 bytes)
 *   evm_idx_section[EVM_IDX_SECTION_COUNT]
 *   section payloads, each 8-byte aligned, in any order
 *
 * `checksum` is evm_idx_checksum() over every byte after the header. The
 * loader checks magic, version, file size, every section's bounds,
 * alignment and element count, and the checksum before anything else is read.
 *
 * Name lookup is an open-addressing hash table of {hash, postings run}
 * slots (hash 0 marks an empty slot; the hash is evm_idx_hash(), part of
 * the format: a new hash needs a new version). A key's home slot is
 * evm_idx_home(hash, bucket_count) (bucket_count a power of two), which
 * grows with the hash; the keys are stored in hash order, each at its home
 * slot or right after the key before it, so the table never wraps and a
 * probe from the home slot ends at the first slot holding the hash, a
 * larger one or none. The section has bucket_count slots and as many more
 * as the last keys need past them, plus one empty slot that ends every
 * probe. Keys are not
 * stored: a 64-bit hash identifies a key (the compiler refuses a collision
 * among the stored keys; a false match for an unknown key has probability
 * about keys / 2^64, below 1e-13).
 */
#ifndef EVM_GAZETTEER_INDEX_FORMAT_H
#define EVM_GAZETTEER_INDEX_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EVM_IDX_MAGIC "EVMAPIDX"

enum evm_idx_section_id {
    EVM_IDX_STRINGS = 0,     /* char[]: NUL-terminated strings; byte 0 is "" */
    EVM_IDX_ENTRIES = 1,     /* evm_idx_entry[entry_count] */
    EVM_IDX_KEYS = 2,        /* evm_idx_key[> bucket_count]: the name hash table */
    EVM_IDX_POSTINGS = 3,    /* evm_posting[posting_count] */
    EVM_IDX_COUNTRIES = 4,   /* evm_idx_code[]: sorted by code (cc) */
    EVM_IDX_ADMIN1 = 5,      /* evm_idx_code[]: sorted by code ("CC.admin1") */
    EVM_IDX_SHAPES = 6,      /* evm_idx_shape[] */
    EVM_IDX_RING_START = 7,  /* uint32_t[]: per shape, polygon_count + 1 ring indices */
    EVM_IDX_POINT_START = 8, /* uint32_t[ring_count + 1]: point index of each ring */
    EVM_IDX_COORDS = 9,      /* double[2 * point_count]: lon, lat */
    EVM_IDX_POLY_BOX = 10,   /* evm_idx_box[], parallel to RING_START: the bounding box of
                                polygon p of a shape at ring_base + p (sentinels: zeros) */
    EVM_IDX_SECTION_COUNT = 11
};

typedef struct evm_idx_header {
    char magic[8];    /* "EVMAPIDX" */
    uint32_t version; /* EVM_GAZETTEER_FORMAT_VERSION */
    uint32_t section_count;
    uint64_t file_size; /* bytes, header included */
    uint64_t checksum;  /* evm_idx_checksum of bytes [64, file_size) */
    uint32_t entry_count;
    uint32_t key_count;
    uint32_t posting_count;
    uint32_t bucket_count;
    uint8_t reserved[16];
} evm_idx_header;

typedef struct evm_idx_section {
    uint32_t id;
    uint32_t elem_size; /* bytes per element, checked against this build's struct */
    uint64_t offset;    /* bytes from the file start, multiple of 8 */
    uint64_t size;      /* bytes, a multiple of elem_size */
} evm_idx_section;

typedef struct evm_idx_entry {
    int32_t geonameid; /* -1 when none */
    int32_t lat_e7;    /* latitude, 1e-7 degrees */
    int32_t lon_e7;    /* longitude, 1e-7 degrees */
    uint32_t population;
    float importance;
    uint32_t name; /* string offsets */
    uint32_t admin1_code;
    uint32_t division_type;
    uint32_t iso_code;
    uint32_t country_entry; /* EVM_NO_ENTRY when none */
    uint32_t admin1_entry;
    uint32_t capital_entry;
    char feature_class;
    uint8_t kind; /* evm_place_kind */
    char country_code[2];
    char feature_code[8]; /* NUL-padded */
} evm_idx_entry;

typedef struct evm_idx_key {
    uint64_t hash;          /* evm_idx_hash() of the normalised key; 0: empty slot */
    uint32_t posting_start; /* index into postings */
    uint32_t posting_count;
} evm_idx_key;

typedef struct evm_idx_code {
    char code[16]; /* "KP" or "CN.05", NUL-padded */
    uint32_t entry;
    uint32_t pad;
} evm_idx_code;

typedef struct evm_idx_box {
    double west, south, east, north; /* degrees */
} evm_idx_box;

typedef struct evm_idx_shape {
    uint32_t entry; /* the country's entry */
    uint32_t polygon_count;
    uint32_t ring_base; /* index of its first value in RING_START */
    uint32_t pad;
} evm_idx_shape;

_Static_assert(sizeof(evm_idx_header) == 64, "header is 64 bytes");
_Static_assert(sizeof(evm_idx_entry) == 60, "entry layout");
_Static_assert(sizeof(evm_idx_key) == 16, "key layout");

/* Loads of 8 and 4 bytes in the host's order (little-endian: see above). */
static inline uint64_t evm_idx_load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t evm_idx_load32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Hash of a key (bytes), eight bytes per step: the key's 8-byte words
 * (the last one ends at the key's end, overlapping the one before; a key
 * of 4 to 7 bytes is its first and last four, of 1 to 3 its first, middle
 * and last byte: for a given length the words determine the key) are
 * folded into a state seeded with the length, each by xor, a multiplication
 * and a shift-xor, and the result goes through the MurmurHash3 finaliser
 * so every bit depends on every input bit; never 0 (0 marks an empty
 * slot). Reads only s[0..len). */
static inline uint64_t evm_idx_hash(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = ((uint64_t)len ^ 0x243F6A8885A308D3ull) * k, w;
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) {
            h = (h ^ evm_idx_load64(u + i)) * k;
            h ^= h >> 29;
        }
        w = evm_idx_load64(u + len - 8);
    } else if (len >= 4) {
        w = evm_idx_load32(u) | evm_idx_load32(u + len - 4) << 32;
    } else if (len) {
        w = u[0] | (uint64_t)u[len >> 1] << 8 | (uint64_t)u[len - 1] << 16;
    } else {
        w = 0;
    }
    h = (h ^ w) * k;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h ? h : 1;
}

/* The home slot of a key's hash among `bucket_count` (at most 2^32): the
 * top bits of the hash (for a power of two 2^b, hash >> (64 - b)). */
static inline size_t evm_idx_home(uint64_t hash, uint32_t bucket_count)
{
    return (size_t)(((hash >> 32) * bucket_count) >> 32);
}

/* The payload checksum: eight Fletcher-style lanes over 64-bit words, mixed
 * at the end; fast enough to verify the whole index at every open. Not
 * cryptographic: it detects truncation, corruption and stray edits, not
 * tampering. */
uint64_t evm_idx_checksum(const unsigned char *data, size_t len);

/* The same checksum computed in pieces. */
typedef struct evm_idx_checksum_state {
    uint64_t s1[8], s2[8];
    uint64_t len;
    unsigned char tail[64];
    size_t tail_len;
} evm_idx_checksum_state;
void evm_idx_checksum_init(evm_idx_checksum_state *st);
void evm_idx_checksum_update(evm_idx_checksum_state *st, const unsigned char *data, size_t len);
uint64_t evm_idx_checksum_final(const evm_idx_checksum_state *st);

#endif
