/*
 * fuzz_batch_line.c - one JSON Lines batch record.
 *
 * Mirrors what `evmap batch` does with a line: parse it with cJSON (through
 * the library allocator, as the CLI does), take "id", "text" and "date" when
 * they are strings (anything else is refused), and run the pipeline in
 * lenient mode with all layers, then print the layers as batch prints them.
 */
#include "fuzz_common.h"

#include "core/alloc.h"
#include "geoparse/geoparse.h"
#include "pipeline/pipeline.h"

#include <cjson/cJSON.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *hook_malloc(size_t n)
{
    return evm_malloc(n);
}
static void hook_free(void *p)
{
    evm_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static evm_pipeline *pipe;
    if (!pipe) {
        cJSON_Hooks hooks = {hook_malloc, hook_free};
        cJSON_InitHooks(&hooks);
        evm_pipeline_opts opts = {EVM_GEOPARSE_LENIENT, 0};
        if (evm_pipeline_create(fuzz_gazetteer(0), &opts, &pipe, NULL) != EVM_OK)
            abort();
    }
    /* A line never holds a newline; cJSON wants a NUL-terminated string. */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t len = nl ? (size_t)(nl - data) : size;
    char *line = malloc(len + 1);
    if (!line)
        return 0;
    memcpy(line, data, len);
    line[len] = '\0';
    cJSON *rec = cJSON_ParseWithLength(line, len);
    free(line);
    if (!rec)
        return 0;
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(rec, "text");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(rec, "date");
    if (cJSON_IsObject(rec) && cJSON_IsString(text) && (!id || cJSON_IsString(id)) &&
        (!date || cJSON_IsString(date))) {
        evm_article art = {id ? id->valuestring : NULL, text->valuestring,
                           strlen(text->valuestring), date ? date->valuestring : NULL};
        evm_layers layers = {{0}};
        evm_diag diag = {0};
        if (evm_pipeline_run(pipe, &art, EVM_LAYERS_ALL, &layers, &diag) == EVM_OK) {
            for (int k = 0; k < EVM_LAYER__COUNT; k++) {
                char *s = layers.layer[k] ? cJSON_PrintUnformatted(layers.layer[k]) : NULL;
                evm_free(s);
            }
        }
        evm_layers_free(&layers);
    }
    cJSON_Delete(rec);
    return 0;
}
