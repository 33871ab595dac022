/*
 * geolibs.h - PROJ and GEOS, loaded on first use.
 *
 * Most evmap commands (lookup, places, batch without claims) never measure
 * anything, and PROJ alone pulls some 40 shared libraries (sqlite, curl,
 * TLS, Kerberos...) whose loading and relocation cost more than the rest of
 * a cold start. So the geometry module calls PROJ and GEOS through function
 * pointers resolved with dlopen() the first time a geometry context is
 * created (evm_geo_ctx_create), once per process (pthread_once).
 *
 * Sources of the geometry module include this header after <geodesic.h>
 * and <geos_c.h>; the macros at the end turn each call such as
 * GEOSGeom_destroy_r(h, g) into a call through the loaded table. Nothing
 * else changes in the calling code.
 */
#ifndef EVM_GEOMETRY_GEOLIBS_H
#define EVM_GEOMETRY_GEOLIBS_H

#include <geodesic.h>
#include <geos_c.h>
#include <stddef.h>

/* Every PROJ and GEOS function the module calls. */
#define EVM_GEOLIB_FUNCTIONS(X)                                                                    \
    X(proj, geod_init)                                                                             \
    X(proj, geod_inverse)                                                                          \
    X(proj, geod_direct)                                                                           \
    X(proj, geod_inverseline)                                                                      \
    X(proj, geod_genposition)                                                                      \
    X(geos, GEOS_init_r)                                                                           \
    X(geos, GEOS_finish_r)                                                                         \
    X(geos, GEOSContext_setErrorMessageHandler_r)                                                  \
    X(geos, GEOSContext_setNoticeMessageHandler_r)                                                 \
    X(geos, GEOSClipByRect_r)                                                                      \
    X(geos, GEOSCoordSeq_copyFromBuffer_r)                                                         \
    X(geos, GEOSCoordSeq_create_r)                                                                 \
    X(geos, GEOSCoordSeq_destroy_r)                                                                \
    X(geos, GEOSCoordSeq_getSize_r)                                                                \
    X(geos, GEOSCoordSeq_getXY_r)                                                                  \
    X(geos, GEOSCoordSeq_setXY_r)                                                                  \
    X(geos, GEOSGeomGetX_r)                                                                        \
    X(geos, GEOSGeomGetY_r)                                                                        \
    X(geos, GEOSGeomTypeId_r)                                                                      \
    X(geos, GEOSGeom_createCollection_r)                                                           \
    X(geos, GEOSGeom_createLineString_r)                                                           \
    X(geos, GEOSGeom_createLinearRing_r)                                                           \
    X(geos, GEOSGeom_createPointFromXY_r)                                                          \
    X(geos, GEOSGeom_createPolygon_r)                                                              \
    X(geos, GEOSGeom_destroy_r)                                                                    \
    X(geos, GEOSGeom_getCoordSeq_r)                                                                \
    X(geos, GEOSGetGeometryN_r)                                                                    \
    X(geos, GEOSGetNumGeometries_r)                                                                \
    X(geos, GEOSIntersection_r)                                                                    \
    X(geos, GEOSPrepare_r)                                                                         \
    X(geos, GEOSPreparedGeom_destroy_r)                                                            \
    X(geos, GEOSPreparedIntersects_r)                                                              \
    X(geos, GEOSPreparedNearestPoints_r)                                                           \
    X(geos, GEOSisEmpty_r)                                                                         \
    X(geos, GEOSArea_r)

typedef struct evm_geolibs {
#define EVM_GEOLIB_FIELD(lib, name) __typeof__(&name) name;
    EVM_GEOLIB_FUNCTIONS(EVM_GEOLIB_FIELD)
#undef EVM_GEOLIB_FIELD
} evm_geolibs;

/*
 * Loads PROJ and GEOS (once per process; thread-safe). Returns the table, or
 * NULL with the reason ("cannot load libproj.so.25: ...") in `err`.
 */
const evm_geolibs *evm_geolibs_load(char *err, size_t err_size);

/* The loaded table; valid after a successful evm_geolibs_load(). */
extern const evm_geolibs *evm_geolibs_table;

#ifndef EVM_GEOLIBS_IMPLEMENTATION
#define EVM_GEOLIB_CALL(lib, name) evm_geolibs_table->name
#define geod_init EVM_GEOLIB_CALL(proj, geod_init)
#define geod_inverse EVM_GEOLIB_CALL(proj, geod_inverse)
#define geod_direct EVM_GEOLIB_CALL(proj, geod_direct)
#define geod_inverseline EVM_GEOLIB_CALL(proj, geod_inverseline)
#define geod_genposition EVM_GEOLIB_CALL(proj, geod_genposition)
#define GEOS_init_r EVM_GEOLIB_CALL(geos, GEOS_init_r)
#define GEOS_finish_r EVM_GEOLIB_CALL(geos, GEOS_finish_r)
#define GEOSContext_setErrorMessageHandler_r                                                       \
    EVM_GEOLIB_CALL(geos, GEOSContext_setErrorMessageHandler_r)
#define GEOSContext_setNoticeMessageHandler_r                                                      \
    EVM_GEOLIB_CALL(geos, GEOSContext_setNoticeMessageHandler_r)
#define GEOSClipByRect_r EVM_GEOLIB_CALL(geos, GEOSClipByRect_r)
#define GEOSCoordSeq_copyFromBuffer_r EVM_GEOLIB_CALL(geos, GEOSCoordSeq_copyFromBuffer_r)
#define GEOSCoordSeq_create_r EVM_GEOLIB_CALL(geos, GEOSCoordSeq_create_r)
#define GEOSCoordSeq_destroy_r EVM_GEOLIB_CALL(geos, GEOSCoordSeq_destroy_r)
#define GEOSCoordSeq_getSize_r EVM_GEOLIB_CALL(geos, GEOSCoordSeq_getSize_r)
#define GEOSCoordSeq_getXY_r EVM_GEOLIB_CALL(geos, GEOSCoordSeq_getXY_r)
#define GEOSCoordSeq_setXY_r EVM_GEOLIB_CALL(geos, GEOSCoordSeq_setXY_r)
#define GEOSGeomGetX_r EVM_GEOLIB_CALL(geos, GEOSGeomGetX_r)
#define GEOSGeomGetY_r EVM_GEOLIB_CALL(geos, GEOSGeomGetY_r)
#define GEOSGeomTypeId_r EVM_GEOLIB_CALL(geos, GEOSGeomTypeId_r)
#define GEOSGeom_createCollection_r EVM_GEOLIB_CALL(geos, GEOSGeom_createCollection_r)
#define GEOSGeom_createLineString_r EVM_GEOLIB_CALL(geos, GEOSGeom_createLineString_r)
#define GEOSGeom_createLinearRing_r EVM_GEOLIB_CALL(geos, GEOSGeom_createLinearRing_r)
#define GEOSGeom_createPointFromXY_r EVM_GEOLIB_CALL(geos, GEOSGeom_createPointFromXY_r)
#define GEOSGeom_createPolygon_r EVM_GEOLIB_CALL(geos, GEOSGeom_createPolygon_r)
#define GEOSGeom_destroy_r EVM_GEOLIB_CALL(geos, GEOSGeom_destroy_r)
#define GEOSGeom_getCoordSeq_r EVM_GEOLIB_CALL(geos, GEOSGeom_getCoordSeq_r)
#define GEOSGetGeometryN_r EVM_GEOLIB_CALL(geos, GEOSGetGeometryN_r)
#define GEOSGetNumGeometries_r EVM_GEOLIB_CALL(geos, GEOSGetNumGeometries_r)
#define GEOSIntersection_r EVM_GEOLIB_CALL(geos, GEOSIntersection_r)
#define GEOSPrepare_r EVM_GEOLIB_CALL(geos, GEOSPrepare_r)
#define GEOSPreparedGeom_destroy_r EVM_GEOLIB_CALL(geos, GEOSPreparedGeom_destroy_r)
#define GEOSPreparedIntersects_r EVM_GEOLIB_CALL(geos, GEOSPreparedIntersects_r)
#define GEOSPreparedNearestPoints_r EVM_GEOLIB_CALL(geos, GEOSPreparedNearestPoints_r)
#define GEOSisEmpty_r EVM_GEOLIB_CALL(geos, GEOSisEmpty_r)
#define GEOSArea_r EVM_GEOLIB_CALL(geos, GEOSArea_r)
#endif

#endif
