/*
 * fuzz_common.h - helpers shared by the libFuzzer targets.
 *
 * The gazetteer is opened once per process: $EVMAP_GAZETTEER when set, else
 * the tiny index fuzz/CMakeLists.txt compiles from fuzz/fixtures/tiny (its
 * path is baked in as EVMAP_FUZZ_TINY_INDEX). Loaders that take a path get
 * the fuzz input through a memfd opened as /proc/self/fd/N, so no temporary
 * files pile up and nothing in the library changes for the fuzzer.
 */
#ifndef EVM_FUZZ_COMMON_H
#define EVM_FUZZ_COMMON_H

#define _GNU_SOURCE 1
#include "gazetteer/gazetteer.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static inline const evm_gazetteer *fuzz_gazetteer(int tiny)
{
    static evm_gazetteer *gz[2];
    if (!gz[tiny]) {
        const char *path = tiny ? NULL : getenv("EVMAP_GAZETTEER");
        if (!path || !*path)
            path = EVMAP_FUZZ_TINY_INDEX;
        evm_diag d = {0};
        if (evm_gazetteer_open(path, &gz[tiny], &d) != EVM_OK) {
            fprintf(stderr, "fuzz: cannot open the gazetteer %s: %s\n", path, d.message);
            abort();
        }
    }
    return gz[tiny];
}

/* Writes data into a fresh memfd; fills `path` with its /proc/self/fd name.
 * Returns the fd (close it after use) or -1. */
static inline int fuzz_memfd(const uint8_t *data, size_t size, const char *name, char *path,
                             size_t path_size)
{
    int fd = memfd_create(name, 0);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    snprintf(path, path_size, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
