/*
 * geo_internal.h - the context layout shared by the geometry sources.
 * Not part of the module's interface.
 */
#ifndef EVM_GEOMETRY_INTERNAL_H
#define EVM_GEOMETRY_INTERNAL_H

#include "geometry/geometry.h"

#include "geometry/geolibs.h"

/* Segments of a country's rings bucketed by latitude band (country.c). */
struct evm_pip_index;
void evm_pip_index_free(struct evm_pip_index *ix);

/* Cached geometries of one country (keyed by gazetteer entry). */
typedef struct evm_country_cache_item {
    uint32_t entry;
    GEOSGeometry *polygon;                /* owned */
    const GEOSPreparedGeometry *prepared; /* of polygon; destroyed first */
    GEOSGeometry *border;                 /* MultiLineString without cut edges; may be NULL;
                                             built on first use (cache_border) */
    const GEOSPreparedGeometry *border_prepared;
    int border_built;          /* border_from_shape() has run */
    evm_country_shape shape;   /* the outline (points into the gazetteer) */
    struct evm_pip_index *pip; /* owned, built on first country_at(); NULL before */
    double *boxes;             /* owned: west, south, east, north of all the vertices, then
                                  of each polygon's: a cheap rejection before GEOS */
    double halves[2][4];       /* the box of the polygon boxes whose middle is west of 0
                                  (0) and of the others (1); west > east when none */
} evm_country_cache_item;

struct evm_geo_ctx {
    struct geod_geodesic geod;
    GEOSContextHandle_t geos;
    char message[512];     /* last failure of an evm_ call */
    char geos_last[512];   /* last GEOS error, from the handler */
    char geos_notice[512]; /* last GEOS notice (kept for debugging) */
    evm_country_cache_item *cache;
    size_t cache_len, cache_cap;
};

/* Writes a formatted message into ctx->message and returns err. */
evm_error evm_geo_fail(evm_geo_ctx *ctx, evm_error err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Returns EVM_ERR_GEOMETRY with GEOS's last message prefixed by `what`. */
evm_error evm_geo_fail_geos(evm_geo_ctx *ctx, const char *what);

/* Whether lat/lon are valid input coordinates. */
int evm_geo_valid_latlon(double lat, double lon);

#endif
