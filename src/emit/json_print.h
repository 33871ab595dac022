/*
 * json_print.h - compact printing of a cJSON tree, byte for byte what
 * cJSON_PrintUnformatted() gives, without its per-number sprintf/sscanf.
 *
 * Used by `evmap batch` (its records without features; the features are
 * written by the layers' record writers with evm_json_put_*() below, the
 * same printers), where printing features was the largest cost after the
 * extractors: cJSON formats every number with "%1.15g", reads it back with
 * sscanf and compares. Here integers and numbers with at most six
 * decimals (coordinates, rounded distances) are formatted directly, after
 * a check that proves the result equal to cJSON's; zero (whose sign cJSON's
 * versions print differently) as cJSON printed 0 and -0 when first asked;
 * any other number is handed to cJSON itself. Strings are escaped as cJSON escapes them ("\b \f \n
 * \r \t \" \\", other bytes below 0x20 as \u00xx in lower case, all else copied).
 */
#ifndef EVM_EMIT_JSON_PRINT_H
#define EVM_EMIT_JSON_PRINT_H

#include "core/buf.h"
#include "evmap.h"

#include <cjson/cJSON.h>

#include <string.h>

/* Appends `item` printed compactly to `out` (NUL-terminated). Returns
 * EVM_ERR_NOMEM, or EVM_ERR_LIMIT for an item cJSON cannot print either
 * (an invalid type, a raw item without text); `out` then holds a partial
 * record: the caller discards it. */
evm_error evm_json_print(const cJSON *item, evm_buf *out);

/* The same printers without a tree, for writers that print straight from
 * their own structures (the batch's places records): evm_json_put_raw()
 * appends n bytes as they are, evm_json_put_string() the n bytes at s (no
 * NUL among them) as a JSON string, escaped as above, and
 * evm_json_put_number() what evm_json_print() prints for
 * cJSON_CreateNumber(d). evm_json_put_text() prints the n bytes at s up to
 * the first NUL among them (what evm_strndup() then cJSON_CreateString()
 * keep), evm_json_put_cstr() the string s, or fails with EVM_ERR_NOMEM for
 * NULL (cJSON_CreateString(NULL) fails, and the tree builders report that
 * as out of memory). Errors as above; `out` stays NUL-terminated. */
static inline evm_error evm_json_put_raw(evm_buf *out, const char *s, size_t n);
evm_error evm_json_put_string(evm_buf *out, const char *s, size_t n);
evm_error evm_json_put_text(evm_buf *out, const char *s, size_t n);
evm_error evm_json_put_cstr(evm_buf *out, const char *s);

/* evm_json_put_raw() of a string literal. */
#define EVM_JSON_PUT_LIT(out, lit) evm_json_put_raw(out, "" lit, sizeof lit - 1)
evm_error evm_json_put_number(evm_buf *out, double d);
/* What evm_json_put_number(evm_round6(deg)) prints (evm_round6(): the
 * coordinates' rounding, round(deg * 1e6) / 1e6 with -0 as 0), for the
 * writers' coordinates: the digits from the rounded integer. */
evm_error evm_json_put_round6(evm_buf *out, double deg);
/* What evm_json_put_number((double)k / 1000) prints (the places'
 * confidence, rounded to thousandths), from the integer k. */
evm_error evm_json_put_milli(evm_buf *out, long k);
/* What evm_json_put_number((double)v) prints, for the writers' byte
 * offsets and counts: the digits of v, without a double's tests. */
evm_error evm_json_put_size(evm_buf *out, size_t v);

/* In line: the writers' many short literals (EVM_JSON_PUT_LIT) become a
 * few moves when the buffer has room; evm_buf_append() otherwise. */
static inline evm_error evm_json_put_raw(evm_buf *out, const char *s, size_t n)
{
    if (out->data && out->cap - out->len > n) {
        memcpy(out->data + out->len, s, n);
        out->len += n;
        out->data[out->len] = '\0';
        return EVM_OK;
    }
    return evm_buf_append(out, s, n);
}

/* The members every batch record's properties end with:
 * ,"article_id":<article_id, or null when NULL>,"layer":<layer> */
evm_error evm_json_put_origin(evm_buf *out, const char *article_id, const char *layer);

#endif
