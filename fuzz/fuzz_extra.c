/*
 * fuzz_extra.c - the extra-gazetteer readers (GeoNames TSV and GeoJSON).
 *
 * The input is the extra file (the reader picks GeoJSON when the first
 * non-blank byte is '{', else TSV). Each run opens the tiny index
 * (fuzz/fixtures/tiny), merges the input from a memfd and checks that every
 * merged entry decodes with coordinates in range and can be looked up.
 */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfd(data, size, "fuzz-extra", path, sizeof path);
    if (fd < 0)
        return 0;
    evm_gazetteer *gz = NULL;
    if (evm_gazetteer_open(EVMAP_FUZZ_TINY_INDEX, &gz, NULL) != EVM_OK)
        abort();
    uint32_t before = evm_gazetteer_count(gz);
    evm_diag diag = {0};
    if (evm_gazetteer_merge_extra(gz, path, &diag) == EVM_OK) {
        uint32_t n = evm_gazetteer_count(gz);
        for (uint32_t e = before; e < n && e < before + 64; e++) {
            evm_place pl;
            if (evm_gazetteer_place(gz, e, &pl) != EVM_OK)
                abort(); /* merged entries must decode */
            if (!(pl.lat >= -90 && pl.lat <= 90 && pl.lon >= -180 && pl.lon <= 180))
                abort(); /* the readers must refuse coordinates out of range */
            const evm_posting *p = NULL;
            size_t count = 0;
            (void)evm_gazetteer_find(gz, pl.name, strlen(pl.name), &p, &count);
        }
    }
    evm_gazetteer_close(gz);
    close(fd);
    return 0;
}
