#include "gazetteer/geonames.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t evm_split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

evm_error evm_parse_coord(const char *s, double min, double max, double *out)
{
    /* Decimal only: strtod would also take hexadecimal ("0x10"), "inf" and
     * "nan". Leading spaces are allowed ("lat, lon" on the command line). */
    while (*s == ' ')
        s++;
    if (!*s || s[strspn(s, "0123456789+-.eE")] != '\0')
        return EVM_ERR_FORMAT;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) || v < min || v > max)
        return EVM_ERR_FORMAT;
    *out = v;
    return EVM_OK;
}

evm_error evm_geonames_parse_row(char *line, evm_geonames_row *row, char *why, size_t why_size)
{
    char *f[19];
    size_t n = evm_split_tabs(line, f, 19);
    if (n < 15) {
        snprintf(why, why_size, "%zu columns, expected 19 (GeoNames dump format)", n);
        return EVM_ERR_FORMAT;
    }
    char *end;
    errno = 0;
    long id = strtol(f[0], &end, 10);
    if (end == f[0] || *end || errno || id < 0 || id > INT32_MAX) {
        snprintf(why, why_size, "geonameid '%.40s' is not a number", f[0]);
        return EVM_ERR_FORMAT;
    }
    if (!*f[1]) {
        snprintf(why, why_size, "empty name");
        return EVM_ERR_FORMAT;
    }
    if (evm_parse_coord(f[4], -90, 90, &row->lat) != EVM_OK) {
        snprintf(why, why_size, "latitude '%.40s' is not a number in [-90, 90]", f[4]);
        return EVM_ERR_FORMAT;
    }
    if (evm_parse_coord(f[5], -180, 180, &row->lon) != EVM_OK) {
        snprintf(why, why_size, "longitude '%.40s' is not a number in [-180, 180]", f[5]);
        return EVM_ERR_FORMAT;
    }
    unsigned long long pop = 0;
    if (*f[14]) {
        errno = 0;
        if (f[14][0] == '-') {
            snprintf(why, why_size, "population '%.40s' is negative", f[14]);
            return EVM_ERR_FORMAT;
        }
        pop = strtoull(f[14], &end, 10);
        if (end == f[14] || *end) {
            snprintf(why, why_size, "population '%.40s' is not a number", f[14]);
            return EVM_ERR_FORMAT;
        }
        if (errno == ERANGE || pop > UINT32_MAX)
            pop = UINT32_MAX;
    }
    row->geonameid = (int32_t)id;
    row->name = f[1];
    row->asciiname = f[2];
    row->alternatenames = f[3];
    row->feature_class = f[6];
    row->feature_code = f[7];
    row->country_code = f[8];
    row->admin1_code = f[10];
    row->admin2_code = f[11];
    row->population = (uint32_t)pop;
    return EVM_OK;
}
