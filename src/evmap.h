/*
 * evmap.h - the public API of libevmap.
 *
 * evmap turns news articles into maps: it finds the places an article names,
 * resolves them with an embedded gazetteer, extracts events and distance
 * claims, checks them with WGS84 geodesics, and writes GeoJSON.
 *
 * Conventions (all functions below follow them):
 *  - Every symbol carries the `evm_` prefix.
 *  - A function that can fail returns an `evm_error`; EVM_OK (0) is success.
 *    Results go out through the last pointer arguments and are only written
 *    on success.
 *  - Where a function takes an `evm_diag *`, it may be NULL; when it is not,
 *    a failing call writes a one-line message there that names the file or
 *    input and the reason ("gazetteer/evmap.idx: truncated: 120 of 4096 bytes").
 *  - Every heap result names its one destroy function. Destroy functions
 *    accept NULL.
 *  - Text is UTF-8. Offsets are byte offsets into the caller's input,
 *    half-open [start, end).
 *  - Coordinates are degrees (WGS84), latitude first in structs; distances are
 *    metres unless a name says otherwise (`*_km`).
 */
#ifndef EVMAP_H
#define EVMAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVM_VERSION_STRING "0.1.0"

/* Error codes. Keep evm_error_describe() in step with this list. */
typedef enum evm_error {
    EVM_OK = 0,
    EVM_ERR_NOMEM,     /* an allocation failed */
    EVM_ERR_IO,        /* a file could not be opened, read or written */
    EVM_ERR_FORMAT,    /* input data is malformed (corrupt index, bad TSV/JSON row) */
    EVM_ERR_VERSION,   /* a data file has a format version this build cannot read */
    EVM_ERR_UTF8,      /* text is not valid UTF-8 */
    EVM_ERR_ARG,       /* an argument is out of its documented range */
    EVM_ERR_NOT_FOUND, /* a name or key is not known */
    EVM_ERR_LIMIT,     /* an input exceeds a documented limit */
    EVM_ERR_GEOMETRY,  /* GEOS or PROJ reported an error */
    EVM_ERR_INTERNAL,  /* a bug: an invariant did not hold */
    EVM_ERR__COUNT     /* sentinel, not an error */
} evm_error;

/* Returns a static, human-readable description of `err` (never NULL). */
const char *evm_error_describe(evm_error err);

/* A diagnostic message written by failing calls. */
typedef struct evm_diag {
    char message[512];
} evm_diag;

/* Writes a formatted message into `diag` (no-op when diag is NULL) and
 * returns `err`, so callers can `return evm_diag_set(d, EVM_ERR_IO, ...)`. */
evm_error evm_diag_set(evm_diag *diag, evm_error err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#ifdef __cplusplus
}
#endif

#endif /* EVMAP_H */
