/*
 * fuzz_pipeline.c - article text through the whole pipeline.
 *
 * Input: one control byte, then the article. Control bit 0 selects lenient
 * UTF-8 handling (else strict), bit 1 passes a fixed article date (else the
 * pipeline looks for one in the text), bit 2 also writes map.html to a
 * memory stream. All layers are built.
 */
#include "fuzz_common.h"

#include "emit/html.h"
#include "geoparse/geoparse.h"
#include "pipeline/pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static evm_pipeline *pipe;
    if (size < 1)
        return 0;
    unsigned ctl = data[0];
    const evm_gazetteer *gz = fuzz_gazetteer(0);
    evm_pipeline_opts opts = {(ctl & 1) ? EVM_GEOPARSE_LENIENT : 0, 0};
    /* One pipeline per flag value, reused like batch reuses its per-thread one. */
    static evm_pipeline *pipes[2];
    pipe = pipes[ctl & 1];
    if (!pipe) {
        if (evm_pipeline_create(gz, &opts, &pipe, NULL) != EVM_OK)
            abort();
        pipes[ctl & 1] = pipe;
    }
    evm_article art = {"fuzz", (const char *)data + 1, size - 1, (ctl & 2) ? "2024-03-05" : NULL};
    evm_layers layers = {{0}};
    evm_diag diag = {0};
    evm_error err = evm_pipeline_run(pipe, &art, EVM_LAYERS_ALL, &layers, &diag);
    if (err == EVM_OK && (ctl & 4)) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f) {
            (void)evm_emit_map_html(f, "fuzz", layers.layer[EVM_LAYER_PLACES],
                                    layers.layer[EVM_LAYER_EVENTS], layers.layer[EVM_LAYER_ROUTES],
                                    layers.layer[EVM_LAYER_CLAIMS],
                                    layers.layer[EVM_LAYER_CROSSINGS]);
            fclose(f);
            free(buf);
        }
    }
    if (err != EVM_OK) {
        for (int k = 0; k < EVM_LAYER__COUNT; k++)
            if (layers.layer[k])
                abort(); /* contract: on error `out` holds no layers */
    }
    evm_layers_free(&layers);
    return 0;
}
