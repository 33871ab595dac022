/*
 * bench_text.c - throughput of evm_tokenize() + evm_sentences().
 *
 * Usage: bench_text FILE [N]  (N passes, default 20). Reads FILE once, then
 * tokenizes and splits it N times in lenient mode, reusing the arrays as a
 * batch worker would, and prints MB/s (10^6 bytes per second, one thread,
 * file reading excluded) by wall clock and by process CPU time; the CPU
 * figure is the steadier one on a shared machine.
 */
#include "text/text.h"

#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_text FILE [N]\n");
        return 2;
    }
    long passes = argc > 2 ? strtol(argv[2], NULL, 10) : 20;
    if (passes < 1)
        passes = 1;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0) {
        fclose(f);
        return 2;
    }
    char *text = evm_malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        evm_free(text);
        fprintf(stderr, "%s: read failed\n", argv[1]);
        return 2;
    }
    fclose(f);

    evm_tokens toks = {0};
    evm_sentence_list sents = {0};
    evm_diag diag;
    size_t ntok = 0, nsent = 0;
    double t0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    for (long i = 0; i < passes; i++) {
        if (evm_tokenize(text, (size_t)size, EVM_TOKENIZE_LENIENT, &toks, &diag) ||
            evm_sentences(text, (size_t)size, &toks, &sents, &diag)) {
            fprintf(stderr, "%s\n", diag.message);
            return 1;
        }
        ntok = toks.count;
        nsent = sents.count;
    }
    double dt = now_s(CLOCK_MONOTONIC) - t0, ct = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    double mb = (double)size * (double)passes / 1e6;
    printf("%ld bytes, %zu tokens, %zu sentences, %ld passes: %.1f MB/s wall, %.1f MB/s CPU\n",
           size, ntok, nsent, passes, mb / dt, mb / ct);
    evm_tokens_free(&toks);
    evm_sentence_list_free(&sents);
    evm_free(text);
    return 0;
}
