#define EVM_GEOLIBS_IMPLEMENTATION
#include "geometry/geolibs.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#ifndef EVMAP_PROJ_SONAME
#define EVMAP_PROJ_SONAME "libproj.so"
#endif
#ifndef EVMAP_GEOS_SONAME
#define EVMAP_GEOS_SONAME "libgeos_c.so"
#endif

const evm_geolibs *evm_geolibs_table;

static evm_geolibs table;
static char load_error[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    /* The libraries stay loaded for the life of the process. */
    void *proj = dlopen(EVMAP_PROJ_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!proj) {
        snprintf(load_error, sizeof load_error, "cannot load %s: %s", EVMAP_PROJ_SONAME, dlerror());
        return;
    }
    void *geos = dlopen(EVMAP_GEOS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!geos) {
        snprintf(load_error, sizeof load_error, "cannot load %s: %s", EVMAP_GEOS_SONAME, dlerror());
        return;
    }
    /* dlsym returns void *; POSIX guarantees it converts to a function
     * pointer, which the memcpy expresses without a cast warning. */
#define EVM_GEOLIB_RESOLVE(lib, name)                                                              \
    {                                                                                              \
        void *sym = dlsym(lib, #name);                                                             \
        if (!sym) {                                                                                \
            snprintf(load_error, sizeof load_error, "%s has no symbol %s",                         \
                     lib == proj ? EVMAP_PROJ_SONAME : EVMAP_GEOS_SONAME, #name);                  \
            return;                                                                                \
        }                                                                                          \
        memcpy(&table.name, &sym, sizeof sym);                                                     \
    }
    EVM_GEOLIB_FUNCTIONS(EVM_GEOLIB_RESOLVE)
#undef EVM_GEOLIB_RESOLVE
    evm_geolibs_table = &table;
}

const evm_geolibs *evm_geolibs_load(char *err, size_t err_size)
{
    pthread_once(&once, load);
    if (!evm_geolibs_table && err && err_size)
        snprintf(err, err_size, "%s", load_error);
    return evm_geolibs_table;
}
