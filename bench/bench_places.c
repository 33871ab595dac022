/*
 * bench_places - geoparser throughput on one core, process start excluded.
 *
 *   bench_places FILE [SECONDS] [INDEX] [PASSES]
 *
 * Reads FILE (UTF-8 text; articles separated by blank lines are fine, it is
 * geoparsed in chunks of about 8 KB cut at paragraph breaks, like articles),
 * then runs evm_geoparse() over all chunks repeatedly for SECONDS (default
 * 3) and prints the MB/s of text and the mentions found per pass. With
 * PASSES, it runs exactly that many passes instead (for instruction counts
 * under callgrind: the difference between 3 passes and 1 pass is the cost
 * of two passes with warm caches).
 */
#include "core/alloc.h"
#include "geoparse/geoparse.h"

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
    if (argc < 2) {
        fprintf(stderr, "usage: bench_places FILE [SECONDS] [INDEX] [PASSES]\n");
        return 1;
    }
    double seconds = argc > 2 ? atof(argv[2]) : 3.0;
    long want_passes = argc > 4 ? atol(argv[4]) : 0;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bench_places: cannot read %s\n", argv[1]);
        return 2;
    }
    fclose(f);
    evm_gazetteer *gz;
    evm_diag diag;
    if (evm_gazetteer_open(argc > 3 ? argv[3] : NULL, &gz, &diag) != EVM_OK) {
        fprintf(stderr, "bench_places: %s\n", diag.message);
        return 2;
    }
    /* Chunks of about 8 KB ending at a blank line. */
    size_t *cut = malloc(sizeof *cut * ((size_t)n / 4096 + 2));
    size_t chunks = 0, pos = 0;
    while (pos < (size_t)n) {
        size_t end = pos + 8192 < (size_t)n ? pos + 8192 : (size_t)n;
        char *para = end < (size_t)n ? strstr(text + end, "\n\n") : NULL;
        end = para ? (size_t)(para - text) + 2 : (size_t)n;
        cut[chunks++] = end;
        pos = end;
    }
    evm_doc doc = {0};
    size_t passes = 0, mentions = 0;
    double t0 = now_s(), t1;
    do {
        mentions = 0;
        size_t start = 0;
        for (size_t c = 0; c < chunks; c++) {
            if (evm_geoparse(gz, text + start, cut[c] - start, EVM_GEOPARSE_LENIENT, &doc, &diag) !=
                EVM_OK) {
                fprintf(stderr, "bench_places: %s\n", diag.message);
                return 2;
            }
            mentions += doc.mention_count;
            start = cut[c];
        }
        passes++;
        t1 = now_s();
    } while (want_passes > 0 ? (long)passes < want_passes : t1 - t0 < seconds);
    printf("%.1f MB/s (%zu bytes x %zu passes in %.2f s, %zu chunks, %zu mentions per pass)\n",
           (double)n * (double)passes / (t1 - t0) / 1e6, (size_t)n, passes, t1 - t0, chunks,
           mentions);
    evm_doc_free(&doc);
    evm_gazetteer_close(gz);
    free(cut);
    free(text);
    return 0;
}
