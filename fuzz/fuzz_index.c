/*
 * fuzz_index.c - the gazetteer index loader on mutated index files.
 *
 * The input is an index file. Nearly every mutation would otherwise stop at
 * the payload checksum, so the target repairs the checksum (and, when the
 * low bit of the last byte is set, the header's file_size) before opening:
 * the loader's structural checks then see the mutated sections. On success
 * a few lookups, place decodes and country shapes are read back.
 */
#include "fuzz_common.h"

#include "gazetteer/index_format.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile double fuzz_sink;

static const char *const names[] = {"Northport", "riverbend", "Österby", "Aland Test",
                                    "AA",        "Bertanian", "Lakes",   "zzz"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    if (size >= sizeof(evm_idx_header)) {
        evm_idx_header h;
        memcpy(&h, buf, sizeof h);
        if (data[size - 1] & 1)
            h.file_size = size;
        h.checksum = evm_idx_checksum(buf + sizeof h, size - sizeof h);
        memcpy(buf, &h, sizeof h);
    }
    char path[64];
    int fd = fuzz_memfd(buf, size, "fuzz-index", path, sizeof path);
    free(buf);
    if (fd < 0)
        return 0;
    evm_gazetteer *gz = NULL;
    evm_diag diag = {0};
    if (evm_gazetteer_open(path, &gz, &diag) == EVM_OK) {
        uint32_t n = evm_gazetteer_count(gz);
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            const evm_posting *p = NULL;
            size_t count = 0;
            if (evm_gazetteer_find(gz, names[i], strlen(names[i]), &p, &count) == EVM_OK) {
                for (size_t j = 0; j < count && j < 8; j++) {
                    evm_place pl;
                    if (evm_gazetteer_place(gz, p[j].entry, &pl) == EVM_OK)
                        (void)strlen(pl.name), (void)strlen(pl.admin1_name);
                }
            }
        }
        for (uint32_t e = 0; e < n && e < 64; e++) {
            evm_place pl;
            if (evm_gazetteer_place(gz, e, &pl) == EVM_OK) {
                (void)strlen(pl.name);
                (void)strlen(pl.iso_code);
                (void)strlen(pl.division_type);
                evm_country_shape shape;
                if (evm_gazetteer_country_shape(gz, e, &shape) == EVM_OK && shape.polygon_count) {
                    uint32_t rings = shape.ring_start[shape.polygon_count];
                    double sum = 0;
                    for (uint32_t r = 0; r < rings; r++)
                        for (uint32_t q = shape.point_start[r]; q < shape.point_start[r + 1]; q++)
                            sum += shape.coords[2 * q] + shape.coords[2 * q + 1];
                    fuzz_sink = sum; /* keeps the reads */
                }
            }
        }
        (void)evm_gazetteer_country(gz, "AA");
        (void)evm_gazetteer_admin1(gz, "AA", "01");
        evm_gazetteer_close(gz);
    }
    close(fd);
    return 0;
}
