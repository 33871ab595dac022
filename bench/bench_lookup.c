/*
 * bench_lookup - exact gazetteer lookups per second on one core.
 *
 *   bench_lookup [INDEX] [SECONDS]
 *
 * Takes every 20th entry's name as the query set (about 11k names, mixed
 * ASCII and other scripts), then looks them up round-robin for SECONDS
 * (default 2) with evm_gazetteer_find() (normalisation + hash lookup). Prints
 * the rate of evm_gazetteer_find_key() on pre-normalised keys, then, as the
 * last line, the lookups per second of evm_gazetteer_find().
 */
#include "core/alloc.h"
#include "gazetteer/gazetteer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : NULL;
    double seconds = argc > 2 ? atof(argv[2]) : 2.0;
    evm_gazetteer *gz;
    evm_diag diag;
    if (evm_gazetteer_open(path, &gz, &diag) != EVM_OK) {
        fprintf(stderr, "bench_lookup: %s\n", diag.message);
        return 2;
    }
    size_t n = 0;
    uint32_t count = evm_gazetteer_count(gz);
    const char **names = malloc(sizeof *names * (count / 20 + 1));
    char **keys = malloc(sizeof *keys * (count / 20 + 1));
    size_t *key_lens = malloc(sizeof *key_lens * (count / 20 + 1));
    for (uint32_t e = 0; e < count; e += 20) {
        evm_place p;
        if (evm_gazetteer_place(gz, e, &p) == EVM_OK &&
            evm_normalize_key(p.name, strlen(p.name), &keys[n], &key_lens[n]) == EVM_OK)
            names[n++] = p.name;
    }
    unsigned long long found = 0, done = 0;
    double t0 = now_s(), t1;
    do {
        for (size_t i = 0; i < n; i++) {
            const evm_posting *ps;
            size_t c;
            evm_gazetteer_find(gz, names[i], strlen(names[i]), &ps, &c);
            found += c > 0;
        }
        done += n;
        t1 = now_s();
    } while (t1 - t0 < seconds);
    double rate = (double)done / (t1 - t0);
    unsigned long long done_k = 0;
    t0 = now_s();
    do {
        for (size_t i = 0; i < n; i++) {
            const evm_posting *ps;
            size_t c;
            evm_gazetteer_find_key(gz, keys[i], key_lens[i], &ps, &c);
            found += c > 0;
        }
        done_k += n;
        t1 = now_s();
    } while (t1 - t0 < seconds);
    printf("find_key: %.0f lookups/s on pre-normalised keys (%zu names, %llu hits)\n",
           (double)done_k / (t1 - t0), n, found);
    printf("%.0f\n", rate);
    for (size_t i = 0; i < n; i++)
        evm_free(keys[i]);
    free(keys);
    free(key_lens);
    free(names);
    evm_gazetteer_close(gz);
    return 0;
}
