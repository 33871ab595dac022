#include "geometry/geo_internal.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* Reduces an angle to [0, 360); -0 and values that round up to 360 become 0. */
static double norm360(double deg)
{
    double r = fmod(deg, 360.0);
    if (r < 0)
        r += 360.0;
    if (r >= 360.0 || r == 0.0)
        r = 0.0;
    return r;
}

evm_error evm_geodesic_inverse(evm_geo_ctx *ctx, double lat1, double lon1, double lat2, double lon2,
                               double *dist_m, double *azi1_deg, double *azi2_deg)
{
    if (!evm_geo_valid_latlon(lat1, lon1) || !evm_geo_valid_latlon(lat2, lon2))
        return evm_geo_fail(ctx, EVM_ERR_ARG, "geodesic: invalid point (%g, %g) or (%g, %g)", lat1,
                            lon1, lat2, lon2);
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&ctx->geod, lat1, lon1, lat2, lon2, &s12, &azi1, &azi2);
    if (!isfinite(s12) || !isfinite(azi1) || !isfinite(azi2))
        return evm_geo_fail(ctx, EVM_ERR_GEOMETRY, "geodesic: no solution for (%g, %g) to (%g, %g)",
                            lat1, lon1, lat2, lon2);
    if (dist_m)
        *dist_m = s12;
    if (azi1_deg)
        *azi1_deg = norm360(azi1);
    if (azi2_deg)
        *azi2_deg = norm360(azi2);
    return EVM_OK;
}

evm_error evm_geodesic_direct(evm_geo_ctx *ctx, double lat1, double lon1, double azi1_deg,
                              double dist_m, double *lat2, double *lon2, double *azi2_deg)
{
    if (!evm_geo_valid_latlon(lat1, lon1) || !isfinite(azi1_deg) || !isfinite(dist_m))
        return evm_geo_fail(ctx, EVM_ERR_ARG,
                            "geodesic: invalid start (%g, %g), bearing %g or distance %g m", lat1,
                            lon1, azi1_deg, dist_m);
    double la = 0, lo = 0, az = 0;
    geod_direct(&ctx->geod, lat1, lon1, azi1_deg, dist_m, &la, &lo, &az);
    if (!isfinite(la) || !isfinite(lo) || !isfinite(az))
        return evm_geo_fail(ctx, EVM_ERR_GEOMETRY, "geodesic: no solution from (%g, %g)", lat1,
                            lon1);
    if (lat2)
        *lat2 = la;
    if (lon2)
        *lon2 = lo;
    if (azi2_deg)
        *azi2_deg = norm360(az);
    return EVM_OK;
}

/* ------------------------------------------------------------------ units */

static const double unit_m[EVM_LENGTH__COUNT] = {1.0, EVM_M_PER_KM, EVM_M_PER_MI, EVM_M_PER_NMI,
                                                 EVM_M_PER_FT};
static const char *const unit_symbol[EVM_LENGTH__COUNT] = {"m", "km", "mi", "nmi", "ft"};

double evm_length_to_m(double value, evm_length_unit unit)
{
    if ((unsigned)unit >= EVM_LENGTH__COUNT)
        return NAN;
    return value * unit_m[unit];
}

double evm_length_from_m(double m, evm_length_unit unit)
{
    if ((unsigned)unit >= EVM_LENGTH__COUNT)
        return NAN;
    return m / unit_m[unit];
}

const char *evm_length_unit_symbol(evm_length_unit unit)
{
    if ((unsigned)unit >= EVM_LENGTH__COUNT)
        return "?";
    return unit_symbol[unit];
}

double evm_m_to_km(double m)
{
    return m / EVM_M_PER_KM;
}

double evm_m_to_mi(double m)
{
    return m / EVM_M_PER_MI;
}

double evm_m_to_nmi(double m)
{
    return m / EVM_M_PER_NMI;
}

/* ---------------------------------------------------------------- compass */

/* The 16-point rose; the 8-point names are its even entries. */
static const char *const rose_abbrev[16] = {"N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
                                            "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"};
static const char *const rose_word[16] = {
    "north",     "north-northeast", "northeast", "east-northeast",  "east",      "east-southeast",
    "southeast", "south-southeast", "south",     "south-southwest", "southwest", "west-southwest",
    "west",      "west-northwest",  "northwest", "north-northwest"};

/* Index into the 16-point rose of the sector holding `bearing_deg`, or -1.
 * Sector width and half-width are exact binary fractions (45, 22.5, 11.25),
 * so the half-open edges are exact. */
static int rose_index(double bearing_deg, int points)
{
    if ((points != 8 && points != 16) || !isfinite(bearing_deg))
        return -1;
    double width = 360.0 / points;
    double b = norm360(bearing_deg);
    int k = (int)floor((b + width / 2.0) / width) % points;
    return k * (16 / points);
}

const char *evm_compass_abbrev(double bearing_deg, int points)
{
    int k = rose_index(bearing_deg, points);
    return k < 0 ? NULL : rose_abbrev[k];
}

const char *evm_compass_word(double bearing_deg, int points)
{
    int k = rose_index(bearing_deg, points);
    return k < 0 ? NULL : rose_word[k];
}

/* Lower-cases `s` and removes hyphens and spaces into `buf`; 0 if too long. */
static size_t squeeze_lower(const char *s, size_t len, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-' || c == ' ')
            continue;
        if (n + 1 >= size)
            return 0;
        buf[n++] = (char)tolower(c);
    }
    buf[n] = '\0';
    return n;
}

evm_error evm_compass_parse(const char *s, size_t len, double *center_deg, int *points)
{
    char key[40], cand[40];
    if (!s || !squeeze_lower(s, len, key, sizeof key))
        return EVM_ERR_NOT_FOUND;
    for (int k = 0; k < 16; k++) {
        squeeze_lower(rose_word[k], strlen(rose_word[k]), cand, sizeof cand);
        int match = strcmp(key, cand) == 0;
        if (!match) {
            squeeze_lower(rose_abbrev[k], strlen(rose_abbrev[k]), cand, sizeof cand);
            match = strcmp(key, cand) == 0;
        }
        if (match) {
            if (center_deg)
                *center_deg = 22.5 * k;
            if (points)
                *points = (k % 2 == 0) ? 8 : 16;
            return EVM_OK;
        }
    }
    return EVM_ERR_NOT_FOUND;
}

double evm_bearing_diff_deg(double a_deg, double b_deg)
{
    if (!isfinite(a_deg) || !isfinite(b_deg))
        return NAN;
    double d = norm360(a_deg - b_deg);
    return d > 180.0 ? 360.0 - d : d;
}

evm_direction_fit evm_bearing_sector_diff(double bearing_deg, double sector_center_deg)
{
    double d = evm_bearing_diff_deg(bearing_deg, sector_center_deg);
    if (isnan(d))
        return EVM_FIT_WRONG;
    /* Half a sector of the 8-point rose, and one and a half (the claimed
     * sector plus its neighbours). */
    if (d <= 22.5)
        return EVM_FIT_CONSISTENT;
    if (d <= 67.5)
        return EVM_FIT_LOOSE;
    return EVM_FIT_WRONG;
}

const char *evm_direction_fit_name(evm_direction_fit fit)
{
    switch (fit) {
    case EVM_FIT_CONSISTENT:
        return "consistent";
    case EVM_FIT_LOOSE:
        return "loose";
    case EVM_FIT_WRONG:
        return "wrong";
    }
    return "wrong";
}
