/*
 * gazetteer_internal.h - the gazetteer handle, shared by index.c (the
 * mapped index) and extra.c (users' places merged at run time).
 */
#ifndef EVM_GAZETTEER_INTERNAL_H
#define EVM_GAZETTEER_INTERNAL_H

#include "gazetteer/gazetteer.h"
#include "gazetteer/index_format.h"

/* A key of the run-time extra table: the merged candidate list for it. */
typedef struct evm_extra_key {
    char *key;
    evm_posting *postings; /* built-in postings for the key + the extra ones, by importance */
    size_t count;
} evm_extra_key;

/* A place from --gazetteer-extra; strings owned by the gazetteer. */
typedef struct evm_extra_place {
    evm_place place;
    char *name;
    char *admin1_code;
} evm_extra_place;

struct evm_gazetteer {
    const unsigned char *map;
    size_t map_size;
    uint64_t checksum; /* computed over the file at open */
    const evm_idx_header *header;
    const char *strings;
    size_t strings_size;
    const evm_idx_entry *entries;
    uint32_t entry_count;
    const evm_idx_key *keys; /* bucket_count slots and more (index_format.h) */
    uint32_t key_count;
    uint32_t bucket_count;
    const evm_posting *postings;
    uint32_t posting_count;
    const evm_idx_code *countries;
    size_t country_count;
    const evm_idx_code *admin1;
    size_t admin1_count;
    const evm_idx_shape *shapes;
    size_t shape_count;
    const uint32_t *ring_start;
    size_t ring_start_count;
    const uint32_t *point_start;
    size_t point_start_count;
    const double *coords;
    size_t coord_count;          /* doubles */
    const evm_idx_box *poly_box; /* ring_start_count boxes */

    /* Run-time extras (evm_gazetteer_merge_extra). */
    evm_extra_place *extra;
    size_t extra_count, extra_cap;
    evm_extra_key *extra_keys; /* open addressing, extra_key_cap slots, power of two */
    size_t extra_key_count, extra_key_cap;
};

/* Looks `key` up in the built-in index only. */
evm_error evm_gazetteer_find_builtin(const evm_gazetteer *gz, const char *key, size_t key_len,
                                     const evm_posting **postings, size_t *count);

void evm_gazetteer_free_extra(evm_gazetteer *gz);

#endif
