/*
 * test_alloc_failures.c - every allocation of a small article's run fails
 * in turn (EVMAP_ALLOC_HOOKS builds only).
 *
 * The scenario: open the tiny index (fuzz/fixtures/tiny), merge a small
 * extra gazetteer, create a pipeline, run it with all layers (geoparse,
 * claims measured and judged, routes and crossings), print every layer and
 * write map.html to a memory stream. It is run once to count its
 * allocations, then for N = 0 .. count-1 with the (N+1)th allocation and
 * every later one failing: each run must stop with an error and release
 * what it holds (valgrind_test_alloc_failures and ASan check the leaks).
 * cJSON allocates through the library allocator here, as in the CLI.
 * (Events: src/extract/events.h did not exist when this was written.)
 */
#include "check.h"
#include "core/alloc.h"
#include "emit/html.h"
#include "geoparse/geoparse.h"
#include "pipeline/pipeline.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char article[] =
    "NORTHPORT, Aland Test (AP) - A convoy left Northport on March 4, 2024 and drove about "
    "150 kilometers (93 miles) south to Riverbend, officials said. Riverbend is some 150 km "
    "south of Northport. The convoy then crossed into Bertania and reached Osterby, the "
    "capital, near Lakeside in the Lakes region. Old Mill lies northeast of Riverbend. "
    "<b>Residents</b> of Northport & Riverbend said the trip took two days.";

static void *hook_malloc(size_t n)
{
    return evm_malloc(n);
}

static void hook_free(void *p)
{
    evm_free(p);
}

/* Runs the scenario; returns EVM_OK or the first error. `stats` (optional)
 * receives what was produced on success. */
static evm_error scenario(const char *index, const char *extra, size_t *features)
{
    evm_gazetteer *gz = NULL;
    evm_pipeline *pipe = NULL;
    evm_layers layers = {{0}};
    evm_diag diag = {0};
    char *html = NULL;
    size_t html_len = 0;
    evm_error err = evm_gazetteer_open(index, &gz, &diag);
    if (!err)
        err = evm_gazetteer_merge_extra(gz, extra, &diag);
    evm_pipeline_opts opts = {0, 0};
    if (!err)
        err = evm_pipeline_create(gz, &opts, &pipe, &diag);
    evm_article art = {"alloc", article, strlen(article), NULL};
    if (!err)
        err = evm_pipeline_run(pipe, &art, EVM_LAYERS_ALL, &layers, &diag);
    for (int k = 0; !err && k < EVM_LAYER__COUNT; k++) {
        char *s = cJSON_PrintUnformatted(layers.layer[k]);
        if (!s)
            err = EVM_ERR_NOMEM;
        evm_free(s);
        if (features) {
            const cJSON *fs = cJSON_GetObjectItem(layers.layer[k], "features");
            *features += (size_t)cJSON_GetArraySize(fs);
        }
    }
    if (!err) {
        FILE *f = open_memstream(&html, &html_len);
        if (!f)
            err = EVM_ERR_IO;
        else {
            err = evm_emit_map_html(f, "alloc", layers.layer[EVM_LAYER_PLACES],
                                    layers.layer[EVM_LAYER_EVENTS], layers.layer[EVM_LAYER_ROUTES],
                                    layers.layer[EVM_LAYER_CLAIMS],
                                    layers.layer[EVM_LAYER_CROSSINGS]);
            if (fclose(f) != 0 && !err)
                err = EVM_ERR_IO;
        }
        if (!err && (!html || html_len == 0 || !strstr(html, "</html>")))
            err = EVM_ERR_INTERNAL;
    }
    free(html);
    /* The contract: on error no layers are left to free (freeing is harmless). */
    evm_layers_free(&layers);
    evm_pipeline_destroy(pipe);
    evm_gazetteer_close(gz);
    return err;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_alloc_failures TINY.idx EXTRA.tsv\n");
        return 2;
    }
    cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);

    size_t features = 0;
    evm_alloc_fail_after(-1);
    CHECK_EQ_INT(scenario(argv[1], argv[2], &features), EVM_OK);
    long total = evm_alloc_count();
    printf("scenario: %ld allocations, %zu features\n", total, features);
    CHECK(total > 100);   /* the hooks are on and the run does real work */
    CHECK(features >= 3); /* places and a claim at least: the article is understood */

    long swallowed = 0;
    for (long n = 0; n < total; n++) {
        evm_alloc_fail_after(n);
        evm_error err = scenario(argv[1], argv[2], NULL);
        if (err == EVM_OK) {
            if (swallowed++ < 10)
                fprintf(stderr, "allocation %ld failed but the run succeeded\n", n);
        } else if (err != EVM_ERR_NOMEM && err != EVM_ERR_GEOMETRY && err != EVM_ERR_IO) {
            /* GEOMETRY: PROJ/GEOS report out of memory through their own errors;
             * IO: a stream whose buffer cannot grow. Anything else is a wrong error. */
            CHECK_MSG(0, "allocation %ld: unexpected error %s", n, evm_error_describe(err));
        }
    }
    CHECK_EQ_INT(swallowed, 0);
    evm_alloc_fail_after(-1);
    CHECK_EQ_INT(scenario(argv[1], argv[2], NULL), EVM_OK);
    return check_finish();
}
