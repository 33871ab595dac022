#include "geometry/geo_internal.h"

#include "core/alloc.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* WGS84 as used by GPS and GeoNames. */
#define EVM_WGS84_A 6378137.0
#define EVM_WGS84_F (1.0 / 298.257223563)

/* GEOS calls these from inside a failing call; keeping the text in the
 * context (not a global) is what makes one context per thread safe. */
static void geos_error_handler(const char *message, void *userdata)
{
    evm_geo_ctx *ctx = userdata;
    snprintf(ctx->geos_last, sizeof ctx->geos_last, "%s", message ? message : "");
}

static void geos_notice_handler(const char *message, void *userdata)
{
    evm_geo_ctx *ctx = userdata;
    snprintf(ctx->geos_notice, sizeof ctx->geos_notice, "%s", message ? message : "");
}

evm_error evm_geo_ctx_create(evm_geo_ctx **out, evm_diag *diag)
{
    char why[256];
    if (!evm_geolibs_load(why, sizeof why))
        return evm_diag_set(diag, EVM_ERR_GEOMETRY, "geometry: %s", why);
    evm_geo_ctx *ctx = evm_calloc(1, sizeof *ctx);
    if (!ctx)
        return evm_diag_set(diag, EVM_ERR_NOMEM, "geometry: out of memory");
    /* PROJ's geod_init() fills library-global constants on its first call
     * without a lock (and GEOS_init_r() sets up shared defaults): contexts
     * created by two batch workers at once raced on them. Serialised; each
     * worker creates its context once. */
    static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&init_mu);
    geod_init(&ctx->geod, EVM_WGS84_A, EVM_WGS84_F);
    ctx->geos = GEOS_init_r();
    pthread_mutex_unlock(&init_mu);
    if (!ctx->geos) {
        evm_free(ctx);
        return evm_diag_set(diag, EVM_ERR_GEOMETRY, "geometry: GEOS_init_r failed");
    }
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_error_handler, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_notice_handler, ctx);
    *out = ctx;
    return EVM_OK;
}

void evm_geo_ctx_clear_cache(evm_geo_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->cache_len; i++) {
        evm_country_cache_item *it = &ctx->cache[i];
        /* A prepared geometry points into its base: destroy it first. */
        if (it->prepared)
            GEOSPreparedGeom_destroy_r(ctx->geos, it->prepared);
        if (it->border_prepared)
            GEOSPreparedGeom_destroy_r(ctx->geos, it->border_prepared);
        if (it->polygon)
            GEOSGeom_destroy_r(ctx->geos, it->polygon);
        if (it->border)
            GEOSGeom_destroy_r(ctx->geos, it->border);
        evm_free(it->boxes);
        evm_pip_index_free(it->pip);
    }
    evm_free(ctx->cache);
    ctx->cache = NULL;
    ctx->cache_len = ctx->cache_cap = 0;
}

void evm_geo_ctx_destroy(evm_geo_ctx *ctx)
{
    if (!ctx)
        return;
    evm_geo_ctx_clear_cache(ctx);
    GEOS_finish_r(ctx->geos);
    evm_free(ctx);
}

const char *evm_geo_ctx_message(const evm_geo_ctx *ctx)
{
    return ctx ? ctx->message : "";
}

GEOSContextHandle_t evm_geo_ctx_geos(evm_geo_ctx *ctx)
{
    return ctx->geos;
}

const struct geod_geodesic *evm_geo_ctx_geodesic(const evm_geo_ctx *ctx)
{
    return &ctx->geod;
}

evm_error evm_geo_fail(evm_geo_ctx *ctx, evm_error err, const char *fmt, ...)
{
    if (ctx) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
        va_end(ap);
    }
    return err;
}

evm_error evm_geo_fail_geos(evm_geo_ctx *ctx, const char *what)
{
    const char *msg = ctx->geos_last[0] ? ctx->geos_last : "unknown GEOS error";
    evm_error err = evm_geo_fail(ctx, EVM_ERR_GEOMETRY, "%s: GEOS: %s", what, msg);
    ctx->geos_last[0] = '\0';
    return err;
}

int evm_geo_valid_latlon(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90.0 && lat <= 90.0;
}
