/*
 * geonames.h - parsing rows of the GeoNames "geoname" dump format
 * (allCountries.txt, cities500.txt, and evmap's places.txt), shared by the
 * index compiler and the run-time merge of users' places.
 */
#ifndef EVM_GAZETTEER_GEONAMES_H
#define EVM_GAZETTEER_GEONAMES_H

#include "evmap.h"

#include <stddef.h>
#include <stdint.h>

/* A parsed row; strings point into the caller's line buffer. */
typedef struct evm_geonames_row {
    int32_t geonameid;
    const char *name;
    const char *asciiname;
    char *alternatenames; /* comma-separated, may be "" */
    double lat, lon;      /* checked: finite, within [-90,90] / [-180,180] */
    const char *feature_class;
    const char *feature_code;
    const char *country_code;
    const char *admin1_code;
    const char *admin2_code;
    uint32_t population; /* clamped to UINT32_MAX */
} evm_geonames_row;

/*
 * Splits `line` (modified in place: tabs become NULs; no trailing newline)
 * into a row. Needs at least 15 tab-separated columns (through population).
 * On failure writes the reason ("latitude 1e400 out of range") to `why`.
 */
evm_error evm_geonames_parse_row(char *line, evm_geonames_row *row, char *why, size_t why_size);

/* Splits `line` at tabs in place into at most `max` fields; returns the
 * number of fields found. */
size_t evm_split_tabs(char *line, char **fields, size_t max);

/* Parses a decimal coordinate; EVM_ERR_FORMAT unless it is a finite decimal
 * number (digits, sign, point, exponent; no hexadecimal, "inf" or "nan") in
 * [min, max] with nothing after it. Leading spaces are skipped. */
evm_error evm_parse_coord(const char *s, double min, double max, double *out);

#endif
