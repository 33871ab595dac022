/*
 * batch.h - corpus mode: JSON Lines articles in, GeoJSONSeq features out.
 *
 * Each input line is one article, {"id": ..., "text": ...} plus an optional
 * "date" ("YYYY-MM-DD", or an ISO date-time whose first ten characters are
 * one); other members ("title", "url", ...) are ignored. Each line yields,
 * in input order whatever the number of threads:
 *  - the features of the selected layers (layer by layer, in the pipeline's
 *    order), each with "article_id" (string, or null when the line has no id)
 *    and "layer" added to its properties; or
 *  - when it has no feature, one record {"type":"evmap:empty","article_id":..}
 *    so that every article is accounted for; or
 *  - one error record {"line": N, "id": "..." or null, "error": "reason"} on
 *    the error stream (the output gets nothing for that line).
 * The output depends on the line alone (no line numbers, no counters), so the
 * outputs of consecutive shards of an input concatenate to exactly the output
 * of the whole input. Blank (whitespace-only) lines are skipped and counted
 * apart; line numbers count every line, blank ones included, from 1.
 *
 * Threads: the caller's thread reads lines into a ring of work items (at most
 * 8 per worker); `threads` workers each own an evm_pipeline over the shared
 * read-only gazetteer, parse, run and print an item into its buffers; the
 * worker that finishes the item at the head of the sequence writes it and the
 * finished items after it, one worker at a time, strictly in sequence.
 *
 * Memory: evm_batch_run() installs cJSON hooks (cJSON_InitHooks) before its
 * threads start and leaves them: on a worker thread cJSON allocates from
 * that worker's arena, rewound after each line; on any other thread they are
 * evm_malloc() and evm_free(), as the CLI's own hooks.
 */
#ifndef EVM_BATCH_H
#define EVM_BATCH_H

#include "evmap.h"
#include "gazetteer/gazetteer.h"
#include "pipeline/pipeline.h"

#include <stdint.h>
#include <stdio.h>

typedef enum evm_batch_format {
    EVM_BATCH_GEOJSONSEQ, /* RFC 8142: RS (0x1E), JSON text, LF per record */
    EVM_BATCH_JSONL       /* JSON text, LF per record */
} evm_batch_format;

/* Counts over one run. records = ok + empty + errors. */
typedef struct evm_batch_stats {
    uint64_t records;   /* non-blank lines written out (as features, empty or error) */
    uint64_t ok;        /* articles with at least one feature */
    uint64_t empty;     /* articles with none */
    uint64_t errors;    /* lines refused, each with an error record */
    uint64_t blank;     /* whitespace-only lines skipped */
    uint64_t features;  /* features written */
    uint64_t bytes_in;  /* input bytes consumed by the records written so far */
    uint64_t bytes_out; /* output bytes written */
} evm_batch_stats;

/* Called after each record is written, with the running counts, by the
 * worker thread writing it (never by two threads at once; at most the
 * caller's own rate limiting applies). Must not block long. */
typedef void (*evm_batch_progress_fn)(const evm_batch_stats *stats, void *ctx);

typedef struct evm_batch_opts {
    unsigned layers; /* mask of (1u << EVM_LAYER_x); 0: all */
    evm_batch_format format;
    unsigned threads;         /* workers, 1 .. EVM_BATCH_MAX_THREADS */
    size_t max_article_bytes; /* decoded "text" longer than this: an error record */
    size_t max_line_bytes;    /* a longer line is skipped unread (error record); >= 2 */
    const char *id_field;     /* member names; NULL: "id", "text", "date" */
    const char *text_field;
    const char *date_field;
    evm_pipeline_opts pipeline;
    evm_batch_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} evm_batch_opts;

#define EVM_BATCH_MAX_THREADS 256
#define EVM_BATCH_DEFAULT_MAX_ARTICLE_BYTES ((size_t)10 * 1024 * 1024)
#define EVM_BATCH_DEFAULT_MAX_LINE_BYTES ((size_t)64 * 1024 * 1024)

/* Sets the defaults: all layers, GeoJSONSeq, 1 thread, the limits above. */
void evm_batch_opts_init(evm_batch_opts *opts);

/*
 * Reads JSON Lines from `in` to its end and writes records to `out`, error
 * records to `errors` (may be the same stream as neither interleaves within a
 * record). Per-line problems never stop the run: they are counted in
 * stats->errors. `stats` (required) is filled also when the run fails.
 * Errors: EVM_ERR_IO (reading `in` or writing `out`/`errors` failed, message
 * in diag: a closed pipe or a full disk stops the run), EVM_ERR_NOMEM,
 * EVM_ERR_ARG (bad options), and what evm_pipeline_create() returns.
 */
evm_error evm_batch_run(const evm_gazetteer *gz, const evm_batch_opts *opts, FILE *in, FILE *out,
                        FILE *errors, evm_batch_stats *stats, evm_diag *diag);

#endif
