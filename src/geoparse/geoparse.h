/*
 * geoparse.h - finding the places an article names and resolving them.
 *
 * evm_geoparse() runs the first stages of the pipeline on one article:
 * tokens and sentences (text/), person names (so "Kim", "Watson" or
 * "Putin's" are not mapped), place mentions (longest match of token
 * n-grams against the gazetteer with capitalisation, stop-word, person and
 * organisation rules, "X province"-style type words, demonyms), and
 * resolution of each mention to one gazetteer entry from the candidates'
 * importance, explicit hierarchy in the text ("Moscow, Idaho"; "Fangchuan in
 * ... Jilin province"), the countries the article mentions, its dateline,
 * and spatial coherence with the article's other places.
 *
 * Results live in an evm_doc, which a caller (one per thread) reuses from
 * article to article: zero-initialise it, pass it to evm_geoparse() as often
 * as needed, release it with evm_doc_free(). Offsets are byte offsets into
 * the caller's text, half-open.
 */
#ifndef EVM_GEOPARSE_H
#define EVM_GEOPARSE_H

#include "evmap.h"
#include "gazetteer/gazetteer.h"
#include "text/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A place mention: a span of text resolved to a gazetteer entry. */
typedef struct evm_mention {
    size_t start, end;         /* bytes, without possessive 's or trailing punctuation (an 's
                                  that is the name's own is kept: "St. John's"), nor a
                                  lowercase type word after it ("Jilin" of "Jilin province") */
    size_t tok_start, tok_end; /* token range (the tokens the span covers) */
    size_t sentence;           /* index into doc->sentences */
    uint32_t entry;            /* resolved entry (never EVM_NO_ENTRY in doc->mentions) */
    bool demonym;              /* "Russian", "North Korean": a country named by its adjective */
    float confidence;          /* in [0, 1] */
    const char *reason;        /* static text: why this entry ("capital ranked first", ...) */
} evm_mention;

/* A person name found in the text (kept out of the places; used for actors). */
typedef struct evm_person {
    size_t start, end;
    size_t tok_start, tok_end;
    size_t sentence;
    int32_t canonical; /* index of the fuller mention of the same person, or -1 */
} evm_person;

typedef struct evm_doc {
    const char *text; /* the caller's text (not owned) */
    size_t len;
    evm_tokens tokens;
    evm_sentence_list sentences;
    evm_dateline dateline;
    bool has_dateline;
    evm_mention *mentions; /* ordered by start */
    size_t mention_count, mention_cap;
    evm_person *persons; /* ordered by start */
    size_t person_count, person_cap;
    /* Scratch space reused between articles (private). */
    void *scratch;
} evm_doc;

/* evm_geoparse() flags. */
enum {
    EVM_GEOPARSE_LENIENT = 1 /* invalid UTF-8 is skipped instead of an error */
};

/*
 * Geoparses `text[0..len)`.
 *   gz   [in]  the gazetteer (shared, read-only)
 *   doc  [in,out] reused result holder; previous results are replaced
 *   diag [out] optional message (invalid UTF-8: byte offset, line, column)
 * Errors: EVM_ERR_UTF8 (strict mode), EVM_ERR_NOMEM, EVM_ERR_FORMAT (a
 * corrupt gazetteer entry).
 */
evm_error evm_geoparse(const evm_gazetteer *gz, const char *text, size_t len, int flags,
                       evm_doc *doc, evm_diag *diag);

/* Frees everything `doc` holds and zeroes it (NULL is a no-op). */
void evm_doc_free(evm_doc *doc);

#endif
