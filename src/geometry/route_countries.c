#include "geometry/geometry.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <math.h>

evm_error evm_route_countries(const evm_gazetteer *gz, const evm_polyline *route,
                              evm_country_shape **shapes_out, evm_country_ref **refs_out,
                              size_t *count_out)
{
    double w = 180, e = -180, s = 90, n = -90;
    for (size_t i = 0; i < route->point_count; i++) {
        double x = route->coords[2 * i], y = route->coords[2 * i + 1];
        w = fmin(w, x);
        e = fmax(e, x);
        s = fmin(s, y);
        n = fmax(n, y);
    }
    w -= 1, e += 1, s -= 1, n += 1;
    evm_country_shape *shapes = NULL;
    evm_country_ref *refs = NULL;
    size_t count = 0, cap_s = 0, cap_r = 0;
    evm_error err = EVM_OK;
    for (int code = 0; code < 26 * 26 && !err; code++) {
        char cc[3] = {(char)('A' + code / 26), (char)('A' + code % 26), 0};
        uint32_t entry = evm_gazetteer_country(gz, cc);
        if (entry == EVM_NO_ENTRY)
            continue;
        evm_country_shape shape;
        err = evm_gazetteer_country_shape(gz, entry, &shape);
        if (err == EVM_ERR_NOT_FOUND) {
            err = EVM_OK;
            continue;
        }
        if (err)
            break;
        double cw = 180, ce = -180, cs = 90, cn = -90;
        for (uint32_t p = 0; p < shape.polygon_count; p++) {
            const double *b = shape.polygon_box + 4 * p; /* west, south, east, north */
            cw = fmin(cw, b[0]);
            cs = fmin(cs, b[1]);
            ce = fmax(ce, b[2]);
            cn = fmax(cn, b[3]);
        }
        bool lat_meets = cs <= n && cn >= s;
        bool lon_meets = (ce - cw > 180) || (cw <= e && ce >= w);
        if (!lat_meets || !lon_meets)
            continue;
        void *items = shapes;
        if ((err = evm_grow(&items, &cap_s, count + 1, sizeof *shapes)) != EVM_OK)
            break;
        shapes = items;
        items = refs;
        if ((err = evm_grow(&items, &cap_r, count + 1, sizeof *refs)) != EVM_OK)
            break;
        refs = items;
        shapes[count] = shape;
        refs[count].entry = entry;
        count++;
    }
    if (err) {
        evm_free(shapes);
        evm_free(refs);
        return err;
    }
    for (size_t i = 0; i < count; i++)
        refs[i].shape = &shapes[i];
    *shapes_out = shapes;
    *refs_out = refs;
    *count_out = count;
    return EVM_OK;
}
