/*
 * pipeline.h - one article in, its map layers out.
 *
 * The whole evmap pipeline for one article: geoparse (places), claims
 * (measured and judged), events and itineraries (routes, border crossings),
 * each as an RFC 7946 FeatureCollection. A pipeline object is per thread: it
 * holds the reusable document, the geometry context (created on first need:
 * a run asking only for places never loads PROJ or GEOS) and scratch lists;
 * the gazetteer is shared read-only between pipelines.
 */
#ifndef EVM_PIPELINE_H
#define EVM_PIPELINE_H

#include "core/buf.h"
#include "emit/qml.h" /* evm_layer_kind */
#include "evmap.h"
#include "gazetteer/gazetteer.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct evm_pipeline evm_pipeline;

/* Layer selection: bit (1u << EVM_LAYER_x). */
#define EVM_LAYERS_ALL ((1u << EVM_LAYER__COUNT) - 1)

/* Parses "places,events,..." into a layer mask; EVM_ERR_ARG (message in
 * diag) for an unknown name. */
evm_error evm_layers_parse(const char *list, unsigned *mask, evm_diag *diag);

typedef struct evm_article {
    const char *id;   /* optional: the collections' "name" is "<id> <layer>" when set */
    const char *text; /* UTF-8, `len` bytes (not NUL-terminated necessarily) */
    size_t len;
    const char *date; /* optional ISO date "YYYY-MM-DD": the article's date for
                         relative dates ("Tuesday"); NULL: the latest full date in the text */
} evm_article;

typedef struct evm_pipeline_opts {
    int geoparse_flags;    /* EVM_GEOPARSE_LENIENT */
    double max_segment_km; /* vertex spacing of lines; 0: 50 km */
} evm_pipeline_opts;

/* One FeatureCollection per selected layer, NULL for the others. */
typedef struct evm_layers {
    cJSON *layer[EVM_LAYER__COUNT];
} evm_layers;

/* Creates a pipeline over `gz` (which must outlive it). Destroy with
 * evm_pipeline_destroy(). Errors: EVM_ERR_NOMEM. */
evm_error evm_pipeline_create(const evm_gazetteer *gz, const evm_pipeline_opts *opts,
                              evm_pipeline **out, evm_diag *diag);

void evm_pipeline_destroy(evm_pipeline *p);

/*
 * Runs the pipeline on `article`, building the layers in `mask`. `out` is
 * overwritten (free with evm_layers_free()). Errors: EVM_ERR_UTF8 (strict
 * mode; diag has byte, line and column), EVM_ERR_ARG (bad date), EVM_ERR_NOMEM,
 * EVM_ERR_GEOMETRY, EVM_ERR_FORMAT (corrupt gazetteer entry). On error `out`
 * holds no layers.
 */
evm_error evm_pipeline_run(evm_pipeline *p, const evm_article *article, unsigned mask,
                           evm_layers *out, evm_diag *diag);

/* Where evm_pipeline_run_records() writes the places layer. */
typedef struct evm_records {
    evm_buf *out;           /* records appended here (evm_places_records()) */
    const char *article_id; /* their "article_id", NULL for null */
    const char *prefix;     /* before each record ("\x1e" for GeoJSONSeq, or "") */
    size_t features;        /* [out] records written */
} evm_records;

/*
 * evm_pipeline_run() for `evmap batch`: no layer is built as a tree (`out`
 * is left with none); the features of the layers in `mask` are appended to
 * rec->out as records (evm_places_records(), evm_events_records(),
 * evm_routes_records(), evm_claims_records(): the bytes the batch printed
 * from the trees), in evm_layer_kind order as the batch prints them, with
 * the same errors in the same order as evm_pipeline_run(). On error
 * rec->out is back to its length on entry.
 */
evm_error evm_pipeline_run_records(evm_pipeline *p, const evm_article *article, unsigned mask,
                                   evm_layers *out, evm_records *rec, evm_diag *diag);

/* Deletes the layers and sets them to NULL. */
void evm_layers_free(evm_layers *layers);

/* Claims judged inaccurate or wrong in the last run (for --fail-on-inaccurate). */
size_t evm_pipeline_failed_claims(const evm_pipeline *p);

#endif
