/*
 * events.c - located events (trigger, actors, location, date, modality) and
 * per-actor itineraries. The rules are documented in events.h; this file
 * follows them in the same order: clauses, triggers, location, actors,
 * dates, modality, then itineraries.
 */
#include "extract/events.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Time expressions looked at per sentence; a sentence with more keeps the
 * first ones (EVM_ERR_LIMIT from evm_timex_find is not an error here). */
#define MAX_TIMEX 32
/* How far back from a place mention the cue search walks (tokens). */
#define CUE_WALK_MAX 8
/* How far from its trigger a location may be (tokens): further on, a
 * cued place belongs to some other phrase ("talks with X that sparked
 * concerns about a war in Y"). */
#define LOC_MAX_TOKENS 12
/* Role words kept before a person's full name (tokens). */
#define ROLE_MAX_TOKENS 6

/* ---- per-article tables ---------------------------------------------------- */

typedef struct person_info {
    int32_t canon;      /* index of the full mention in doc->persons */
    evm_span role;      /* role words before the full mention (empty: none) */
    uint32_t country;   /* country named in the role, or EVM_NO_ENTRY */
    bool head_of_state; /* role has a head-of-state/government title */
    unsigned mentions;  /* for a full mention: its mentions so far, linked ones included */
} person_info;

typedef struct mention_info {
    evm_place_kind kind;
    uint32_t country; /* the mention's country (itself for countries) */
} mention_info;

/* MEMO_PENDING, on a sentence's first token: the sentence is deferred
 * (sentence_events(), resolve_pending()). */
enum { MEMO_LEX = 1, MEMO_TRIG = 2, MEMO_TRIG_YES = 4, MEMO_PENDING = 8 };

typedef struct clause clause;

/* The lexicon categories events asks tok_lex() about. */
#define EVENTS_LEX_BITS                                                                            \
    (EVM_LEX_TITLE | EVM_LEX_STOPWORD | EVM_LEX_ORG_CUE | EVM_LEX_MODALITY | EVM_LEX_DATE_WORD |   \
     EVM_LEX_WEEKDAY | EVM_LEX_MONTH)

/* evm_timex_find() of one sentence span and tense: every event of a sentence
 * asks for the same. */
typedef struct timex_memo {
    bool valid;
    size_t start, end;
    evm_tense tense;
    evm_error err;
    size_t n;
    evm_timex tx[MAX_TIMEX];
} timex_memo;

typedef struct ctx {
    const evm_gazetteer *gz;
    const evm_doc *doc;
    int32_t *tok_mention; /* token -> mention index or -1 */
    int32_t *tok_person;  /* token -> person index or -1 */
    person_info *persons;
    mention_info *mentions;
    size_t skip_end; /* bytes before this belong to the dateline */
    evm_date article_date;
    int32_t last_subject_person; /* for he/she */
    /* Per-token memos (the answers depend only on the document): */
    uint32_t *tok_lexv; /* tok_lex() of the token, valid when tok_memo has MEMO_LEX */
    const evm_trigger_info **tok_trig; /* is_trigger_tok()'s info when MEMO_TRIG_YES */
    uint8_t *tok_memo;                 /* MEMO_* bits */
    timex_memo *tx;                    /* the last sentence's time expressions (event_date) */
    void *block;                       /* ctx_init()'s one allocation, holding the tables */
    /* Sentences that can give no event (event_possible()), deferred until
     * something reads last_subject_person (resolve_pending()): */
    size_t pending_from;   /* the first one not yet resolved, SIZE_MAX when none */
    size_t cur_sentence;   /* the sentence sentence_events() is processing */
    bool resolving;        /* resolve_pending() is running */
    evm_error pending_err; /* its first error */
    clause *pcls;          /* its clause buffer */
    size_t pcls_cap;
    evm_event_list *out;
} ctx;

/* ---- token helpers ----------------------------------------------------------- */

/* Copies token `ti` folded for lexicon lookups (ASCII apostrophe) into buf of
 * EVM_LEX_MAX_WORD + 1 bytes; returns its length, 0 when not a word or too
 * long. */
static size_t fold_tok(const ctx *c, size_t ti, char *buf)
{
    const evm_token *t = &c->doc->tokens.items[ti];
    if (t->kind != EVM_TOK_WORD)
        return 0;
    const char *s = c->doc->text + t->start;
    size_t n = t->end - t->start, o = 0;
    if (n <= EVM_LEX_MAX_WORD) {
        /* Usual case: no byte of a U+2019 (whose first byte is 0xE2), so
         * the word is copied as it is. */
        size_t i = 0;
        while (i < n && (unsigned char)s[i] != 0xE2) {
            buf[i] = s[i];
            i++;
        }
        if (i == n) {
            buf[n] = '\0';
            return n;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (o >= EVM_LEX_MAX_WORD)
            return 0;
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            buf[o++] = '\'';
            i += 2;
        } else {
            buf[o++] = s[i];
        }
    }
    buf[o] = '\0';
    return o;
}

/* The word of token `ti` as fold_tok() would give it, without the copy when
 * it can hold no U+2019 (the only thing fold_tok() changes): then it points
 * into the text. The tokenizer lets bytes >= 0x80 into a word only as
 * letters or digits (EVM_TF_NON_ASCII), apostrophes (EVM_TF_APOSTROPHE) and
 * hyphens (no U+2019 among them). *n is its length, 0 (and NULL returned)
 * when fold_tok() gives 0. */
static const char *tok_word(const ctx *c, size_t ti, char *buf, size_t *n)
{
    const evm_token *t = &c->doc->tokens.items[ti];
    if (t->kind == EVM_TOK_WORD && !(t->flags & (EVM_TF_NON_ASCII | EVM_TF_APOSTROPHE))) {
        size_t len = t->end - t->start;
        *n = len <= EVM_LEX_MAX_WORD ? len : 0;
        return *n ? c->doc->text + t->start : NULL;
    }
    *n = fold_tok(c, ti, buf);
    return *n ? buf : NULL;
}

static int lower_ascii(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static bool span_ieq(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        if (lower_ascii((unsigned char)a[i]) != lower_ascii((unsigned char)b[i]))
            return false;
    }
    return true;
}

/* Is token ti the word w (ASCII), ignoring case? The lengths are compared
 * first (w is a literal: its strlen() is a constant once inlined), so most
 * calls end there. */
static inline bool tok_is(const ctx *c, size_t ti, const char *w)
{
    const evm_token *t = &c->doc->tokens.items[ti];
    size_t n = t->end - t->start;
    if (t->kind != EVM_TOK_WORD || n != strlen(w))
        return false;
    const char *p = c->doc->text + t->start;
    for (size_t k = 0; k < n; k++) {
        if (lower_ascii((unsigned char)p[k]) != lower_ascii((unsigned char)w[k]))
            return false;
    }
    return true;
}

/* The word lists tok_in_list() takes, each with a bitmap of the
 * word_key13() of its words (list_masks(), once per process): a token
 * whose bit is not set is none of the words, so most tokens are rejected
 * without reading a list. */
enum {
    LIST_HEAD_TITLES,
    LIST_NOT_HEAD_TITLES,
    LIST_SUBORDINATORS,
    LIST_FRONTING_PREPS,
    LIST_WEAK_FORMS,
    LIST_LOC_PREPS,
    LIST_DETERMINERS,
    LIST_GOV_PREPS,
    LIST_COUNT
};
static const char *const *const word_lists[LIST_COUNT];
#define LIST_KEY_BITS 8192u
static uint64_t list_mask[LIST_COUNT][LIST_KEY_BITS / 64];
static pthread_once_t list_mask_once = PTHREAD_ONCE_INIT;

/* A 13-bit key of a word s[0..n) (n >= 1): the length's low 3 bits and the
 * low 5 bits of its first and last bytes. The same for its case variants
 * (folding an ASCII letter only changes its 0x20 bit); no multiplication. */
static inline unsigned word_key13(const char *s, size_t n)
{
    return (unsigned)((n & 7u) << 10 | ((unsigned char)s[0] & 31u) << 5 |
                      ((unsigned char)s[n - 1] & 31u));
}

/* The length of each word of each list (list_masks()); the lists are
 * short (LIST_MAX_WORDS at most) and their words under 256 bytes. */
#define LIST_MAX_WORDS 32
static uint8_t list_len[LIST_COUNT][LIST_MAX_WORDS];

static void list_masks(void)
{
    for (int l = 0; l < LIST_COUNT; l++) {
        for (size_t i = 0; word_lists[l][i]; i++) {
            size_t n = strlen(word_lists[l][i]);
            if (n) {
                unsigned key = word_key13(word_lists[l][i], n);
                list_mask[l][key / 64] |= (uint64_t)1 << (key % 64);
            }
            list_len[l][i] = (uint8_t)n;
        }
    }
}

/* The words of list `id` compared with the n bytes at p (tok_in_list()),
 * each only when it has n bytes. */
static bool in_list(const char *p, size_t n, int id)
{
    const char *const *list = word_lists[id];
    const uint8_t *lens = list_len[id];
    for (size_t i = 0; list[i]; i++) {
        if (lens[i] != n)
            continue;
        const char *w = list[i];
        size_t k = 0;
        while (k < n && lower_ascii((unsigned char)p[k]) == lower_ascii((unsigned char)w[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* tok_is() against each word of list `id` (NULL-terminated), with the token
 * read once; the bitmap test in line, in_list() out of line. */
static inline bool tok_in_list(const ctx *c, size_t ti, int id)
{
    const evm_token *t = &c->doc->tokens.items[ti];
    if (t->kind != EVM_TOK_WORD)
        return false;
    const char *p = c->doc->text + t->start;
    size_t n = t->end - t->start;
    if (n == 0)
        return false; /* no list holds the empty word */
    unsigned key = word_key13(p, n);
    if (!(list_mask[id][key / 64] >> (key % 64) & 1))
        return false;
    return in_list(p, n, id);
}

static inline bool maybe_lex(const char *w, size_t n);

/* Words of one to three ASCII letters (a third or more of the words of a
 * text) are answered from a table read from the lexicon once per process
 * (short_words_init(), with the trigger filter): per word, its categories
 * of EVENTS_LEX_BITS packed in 7 bits (short_bit[]) and, in bit 7, whether
 * it is a key of the TRIGGER list. Exact: a word of letters only is found
 * by the lexicon's lookups exactly when its lower-case form is a key. */
#define SHORT_WORDS (27 * 27 * 27)
#define SHORT_TRIGGER 0x80u
static const uint32_t short_bit[7] = {EVM_LEX_TITLE,    EVM_LEX_STOPWORD,  EVM_LEX_ORG_CUE,
                                      EVM_LEX_MODALITY, EVM_LEX_DATE_WORD, EVM_LEX_WEEKDAY,
                                      EVM_LEX_MONTH};
_Static_assert((EVM_LEX_TITLE | EVM_LEX_STOPWORD | EVM_LEX_ORG_CUE | EVM_LEX_MODALITY |
                EVM_LEX_DATE_WORD | EVM_LEX_WEEKDAY | EVM_LEX_MONTH) == EVENTS_LEX_BITS,
               "short_bit[] must hold every bit of EVENTS_LEX_BITS");
static uint8_t short_class[SHORT_WORDS];
static uint32_t short_unpack[128]; /* the 7 packed bits -> categories */
static bool short_on;

/* 1..26 for an ASCII letter of either case, 0 for any other byte. */
static inline unsigned letter27(unsigned char ch)
{
    unsigned l = (unsigned)(ch | 32u) - (unsigned)'a';
    return l < 26 ? l + 1 : 0;
}

/* The table index of a word w[0..n) of one to three ASCII letters (case
 * ignored; bijective base 27), -1 for any other word. */
static inline int short_index(const char *w, size_t n)
{
    if (n == 0 || n > 3)
        return -1;
    unsigned idx = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned l = letter27((unsigned char)w[i]);
        if (!l)
            return -1;
        idx = idx * 27 + l;
    }
    return (int)idx;
}

/* The lower-case key w of list `list` (EVM_LEX_LIST_COUNT: the merged
 * table), when it is one to three letters a-z: its index, else -1. */
static int short_key_index(const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 'a' || w[i] > 'z')
            return -1;
    }
    return short_index(w, n);
}

/* Fills short_class[] from the merged table and the TRIGGER list `trig`. */
static void short_words_init(size_t trig)
{
    for (unsigned p = 0; p < 128; p++) {
        for (unsigned b = 0; b < 7; b++) {
            if (p >> b & 1)
                short_unpack[p] |= short_bit[b];
        }
    }
    for (size_t j = 0;; j++) {
        const char *w = evm_lex_list_word(EVM_LEX_LIST_COUNT, j);
        if (!w)
            break;
        int si = short_key_index(w);
        if (si < 0)
            continue;
        uint32_t m = evm_lex_merged_mask(j);
        for (unsigned b = 0; b < 7; b++) {
            if (m & short_bit[b])
                short_class[si] |= (uint8_t)(1u << b);
        }
    }
    for (size_t j = 0;; j++) {
        const char *w = evm_lex_list_word(trig, j);
        if (!w)
            break;
        int si = short_key_index(w);
        if (si >= 0)
            short_class[si] |= SHORT_TRIGGER;
    }
    short_on = true;
}

/* The lexicon's categories of token ti, EVENTS_LEX_BITS only (memoised). */
static uint32_t tok_lex(const ctx *c, size_t ti)
{
    if (c->tok_memo[ti] & MEMO_LEX)
        return c->tok_lexv[ti];
    char buf[EVM_LEX_MAX_WORD + 1];
    size_t n;
    const char *w = tok_word(c, ti, buf, &n);
    int si = short_on ? short_index(w, n) : -1;
    uint32_t v = si >= 0                ? short_unpack[short_class[si] & 0x7Fu]
                 : n && maybe_lex(w, n) ? evm_lex_lookup(w, n) & EVENTS_LEX_BITS
                                        : 0;
    c->tok_lexv[ti] = v;
    c->tok_memo[ti] |= MEMO_LEX;
    return v;
}

static bool tok_punct_is(const ctx *c, size_t ti, char ch)
{
    const evm_token *t = &c->doc->tokens.items[ti];
    return t->kind == EVM_TOK_PUNCT && t->end - t->start == 1 && c->doc->text[t->start] == ch;
}

static bool tok_cap(const ctx *c, size_t ti)
{
    const evm_token *t = &c->doc->tokens.items[ti];
    return t->kind == EVM_TOK_WORD && (t->flags & EVM_TF_CAPITALISED);
}

/* ---- setup ---------------------------------------------------------------------- */

static const char *const head_titles[] = {"leader", "president",  "premier",   "king",
                                          "queen",  "chancellor", "emperor",   "sultan",
                                          "emir",   "dictator",   "strongman", NULL};
static const char *const not_head_titles[] = {"vice",       "deputy", "former", "ex",
                                              "opposition", "party",  NULL};

/* Role of person p: capitalised or title words right before its name, in
 * the same sentence, containing at least one title word. */
static void person_role(ctx *c, size_t p, person_info *pi)
{
    const evm_doc *d = c->doc;
    const evm_person *ps = &d->persons[p];
    size_t a = ps->tok_start, lo = d->sentences.items[ps->sentence].tok_start;
    bool titled = false;
    while (a > lo && ps->tok_start - a < ROLE_MAX_TOKENS) {
        size_t k = a - 1;
        const evm_token *t = &d->tokens.items[k];
        if (t->kind != EVM_TOK_WORD || c->tok_person[k] >= 0 || t->start < c->skip_end)
            break;
        uint32_t lex = tok_lex(c, k);
        bool title = (lex & EVM_LEX_TITLE) != 0;
        if (lex & EVM_LEX_STOPWORD)
            break;
        if (!title && !(t->flags & EVM_TF_CAPITALISED))
            break;
        /* A capitalised non-title word may only be a demonym or part of one
         * ("North Korean") or an organisation word ("Defense"). */
        if (!title && c->tok_mention[k] < 0 && !(lex & EVM_LEX_ORG_CUE))
            break;
        if (c->tok_mention[k] >= 0 && !d->mentions[c->tok_mention[k]].demonym &&
            !(d->tokens.items[k + 1].kind == EVM_TOK_WORD && (tok_lex(c, k + 1) & EVM_LEX_TITLE)))
            break;
        titled |= title;
        a = k;
    }
    if (!titled || a == ps->tok_start)
        return;
    pi->role.start = d->tokens.items[a].start;
    pi->role.end = d->tokens.items[ps->tok_start - 1].end;
    bool head = false, not_head = false;
    for (size_t k = a; k < ps->tok_start; k++) {
        int32_t m = c->tok_mention[k];
        if (m >= 0 && pi->country == EVM_NO_ENTRY)
            pi->country = c->mentions[m].country;
        if (tok_in_list(c, k, LIST_HEAD_TITLES))
            head = true;
        if (tok_in_list(c, k, LIST_NOT_HEAD_TITLES))
            not_head = true;
        if (tok_is(c, k, "prime") && k + 1 < ps->tok_start && tok_is(c, k + 1, "minister"))
            head = true;
    }
    pi->head_of_state = head && !not_head;
}

/* Links each person to an earlier fuller mention whose first or last word
 * (or whole text) it equals: the one mentioned most so far, the most recent
 * on a tie. A bare surname in news refers to the article's main figure of
 * that name; a second person with the same surname ("Kim Myong Sik" in a
 * story about Kim Jong Un) is written out in full. */
static void link_persons(ctx *c)
{
    const evm_doc *d = c->doc;
    for (size_t i = 0; i < d->person_count; i++) {
        person_info *pi = &c->persons[i];
        pi->canon = (int32_t)i;
        pi->country = EVM_NO_ENTRY;
        const evm_person *p = &d->persons[i];
        const char *pt = d->text + p->start;
        size_t plen = p->end - p->start;
        for (size_t j = i; j-- > 0;) {
            const evm_person *q = &d->persons[j];
            if (c->persons[j].canon != (int32_t)j)
                continue;
            const evm_token *qf = &d->tokens.items[q->tok_start];
            const evm_token *ql = &d->tokens.items[q->tok_end - 1];
            bool same = span_ieq(pt, plen, d->text + q->start, q->end - q->start);
            bool part = p->tok_end - p->tok_start < q->tok_end - q->tok_start &&
                        (span_ieq(pt, plen, d->text + qf->start, qf->end - qf->start) ||
                         span_ieq(pt, plen, d->text + ql->start, ql->end - ql->start));
            if ((same || part) && (pi->canon == (int32_t)i ||
                                   c->persons[j].mentions > c->persons[pi->canon].mentions))
                pi->canon = (int32_t)j;
        }
        c->persons[pi->canon].mentions++;
        if (pi->canon == (int32_t)i)
            person_role(c, i, pi);
    }
}

/* Rounds n up to a multiple of 16 (the block's parts stay aligned). */
static size_t align16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

static evm_error ctx_init(ctx *c, const evm_gazetteer *gz, const evm_doc *doc)
{
    memset(c, 0, sizeof *c);
    c->gz = gz;
    c->doc = doc;
    c->last_subject_person = -1;
    c->pending_from = SIZE_MAX;
    size_t nt = doc->tokens.count ? doc->tokens.count : 1;
    size_t np = doc->person_count ? doc->person_count : 1;
    size_t nm = doc->mention_count ? doc->mention_count : 1;
    /* One block for every per-article table (the parts that start zeroed
     * first): the memo, persons, mentions, then the rest. Sizes cannot
     * overflow: each is a small multiple of a count of objects already in
     * memory. */
    size_t o_memo = 0, o_pers = align16(o_memo + nt);
    size_t o_ment = align16(o_pers + np * sizeof *c->persons);
    size_t o_zero_end = o_ment + nm * sizeof *c->mentions;
    size_t o_tx = align16(o_zero_end);
    size_t o_trig = align16(o_tx + sizeof *c->tx);
    size_t o_tm = align16(o_trig + nt * sizeof *c->tok_trig);
    size_t o_tp = align16(o_tm + nt * sizeof *c->tok_mention);
    size_t o_lex = align16(o_tp + nt * sizeof *c->tok_person);
    size_t total = o_lex + nt * sizeof *c->tok_lexv;
    char *blk = evm_malloc(total);
    if (!blk)
        return EVM_ERR_NOMEM;
    memset(blk, 0, o_zero_end);
    c->block = blk;
    c->tok_memo = (uint8_t *)blk;
    c->persons = (person_info *)(void *)(blk + o_pers);
    c->mentions = (mention_info *)(void *)(blk + o_ment);
    c->tx = (timex_memo *)(void *)(blk + o_tx);
    c->tok_trig = (const evm_trigger_info **)(void *)(blk + o_trig);
    c->tok_mention = (int32_t *)(void *)(blk + o_tm);
    c->tok_person = (int32_t *)(void *)(blk + o_tp);
    c->tok_lexv = (uint32_t *)(void *)(blk + o_lex);
    c->tx->valid = false;
    for (size_t i = 0; i < nt; i++)
        c->tok_mention[i] = c->tok_person[i] = -1;
    for (size_t m = 0; m < doc->mention_count; m++) {
        const evm_mention *mm = &doc->mentions[m];
        for (size_t k = mm->tok_start; k < mm->tok_end && k < doc->tokens.count; k++)
            c->tok_mention[k] = (int32_t)m;
        evm_place pl;
        evm_error err = evm_gazetteer_place(gz, mm->entry, &pl);
        if (err)
            return err;
        c->mentions[m].kind = pl.kind;
        c->mentions[m].country = pl.kind == EVM_KIND_COUNTRY ? pl.entry : pl.country_entry;
    }
    for (size_t p = 0; p < doc->person_count; p++) {
        const evm_person *pp = &doc->persons[p];
        for (size_t k = pp->tok_start; k < pp->tok_end && k < doc->tokens.count; k++)
            c->tok_person[k] = (int32_t)p;
    }
    if (doc->has_dateline) {
        c->skip_end = doc->dateline.whole.end;
        /* A byline's place may run onto the next line on its own ("By ...,
         * SEOUL" / "South Korea"): that line belongs to the dateline. */
        size_t k = 0;
        while (k < doc->tokens.count && doc->tokens.items[k].start < c->skip_end)
            k++;
        int32_t m = k < doc->tokens.count ? c->tok_mention[k] : -1;
        if (m >= 0 && (doc->tokens.items[k].flags & EVM_TF_LINE_INITIAL) &&
            doc->mentions[m].tok_start == k) {
            size_t e = doc->mentions[m].tok_end;
            if (e >= doc->tokens.count || (doc->tokens.items[e].flags & EVM_TF_LINE_INITIAL))
                c->skip_end = doc->mentions[m].end;
        }
    }
    link_persons(c);
    return EVM_OK;
}

static void ctx_free(ctx *c)
{
    evm_free(c->block);
    evm_free(c->pcls);
}

/* ---- clauses ------------------------------------------------------------------- */

struct clause {
    size_t a, b; /* token range */
};

static const char *const subordinators[] = {"where", "while", "after",   "before", "when", "which",
                                            "who",   "but",   "whereas", "that",   NULL};
static const char *const fronting_preps[] = {"in", "at", "on", "from", "after", "during", NULL};

static bool is_boundary_punct(const ctx *c, size_t k, size_t a, size_t b)
{
    const evm_token *t = &c->doc->tokens.items[k];
    if (t->kind != EVM_TOK_PUNCT)
        return false;
    if (t->flags & EVM_TF_DASH)
        return !(t->flags & EVM_TF_GLUED);
    if (tok_punct_is(c, k, ';') || tok_punct_is(c, k, ':'))
        return true;
    if (!tok_punct_is(c, k, ','))
        return false;
    /* "Moscow, Idaho" and "Sept. 11, 2023" stay in one clause. */
    if (k > a && k + 1 < b) {
        if (c->tok_mention[k - 1] >= 0 && c->tok_mention[k + 1] >= 0)
            return false;
        if (c->doc->tokens.items[k + 1].kind == EVM_TOK_NUMBER)
            return false;
    }
    return true;
}

static inline bool is_trigger_tok(const ctx *c, size_t k, const evm_trigger_info **info);
static inline uint8_t trigger_memo(const ctx *c, size_t k);

/* Splits sentence tokens [a, b) into clauses; *n gets their number. The
 * same loop computes every token's trigger memo (one pass over the tokens,
 * no call per token), before anything asks is_trigger_tok(). */
static evm_error split_clauses(const ctx *c, size_t a, size_t b, clause **out, size_t *cap,
                               size_t *n)
{
    *n = 0;
    size_t start = a;
    for (size_t k = a; k <= b; k++) {
        bool cut = k == b, drop = false;
        if (!cut && !(c->tok_memo[k] & MEMO_TRIG))
            trigger_memo(c, k);
        if (!cut && is_boundary_punct(c, k, a, b))
            cut = drop = true;
        else if (!cut && k > start && !tok_cap(c, k) && tok_in_list(c, k, LIST_SUBORDINATORS))
            cut = true;
        if (!cut)
            continue;
        if (k > start) {
            void *items = *out;
            evm_error err = evm_grow(&items, cap, *n + 1, sizeof **out);
            *out = items;
            if (err)
                return err;
            (*out)[(*n)++] = (clause){start, k};
        }
        start = drop ? k + 1 : k;
    }
    /* A short trigger-less clause that opens with a preposition ("In Moscow,"
     * "On Tuesday,") belongs to the next clause. */
    for (size_t i = 0; i + 1 < *n; i++) {
        clause *cl = &(*out)[i];
        if (cl->b - cl->a > 6 || !tok_in_list(c, cl->a, LIST_FRONTING_PREPS))
            continue;
        bool trig = false;
        for (size_t k = cl->a; k < cl->b && !trig; k++)
            trig = is_trigger_tok(c, k, NULL);
        if (trig)
            continue;
        (*out)[i + 1].a = cl->a;
        memmove(cl, cl + 1, (*n - i - 1) * sizeof *cl);
        (*n)--;
        i--;
    }
    return EVM_OK;
}

/* ---- triggers ------------------------------------------------------------------ */

/* Forms listed as triggers that are nouns or adjectives far more often. */
static const char *const weak_forms[] = {"state", "states", "head",   "land",  "lands", "fire",
                                         "fires", "call",   "calls",  "board", "sign",  "move",
                                         "moves", "drive",  "report", NULL};

/* ---- trigger pre-filter ---------------------------------------------------------- */

/* Most words are no trigger. A two-hash Bloom filter over the lexicon's
 * trigger keys (its TRIGGER list: the keys evm_lex_trigger() finds), on the
 * length and the first three and last two bytes (word_mix(): the same for
 * a word and its ASCII case variants), answers "not a trigger" for most of them
 * before the lexicon's lookup; any word it lets through is looked up as
 * before, so the answers are the same. Words ending in '.' (the lookup
 * also tries them without it) always pass, and so does every word when the
 * list cannot be found. Token words hold no NUL byte. Built once per
 * process, by the first evm_events_extract() (or evm_events_maybe_trigger()). */
#define TRIG_LG 13 /* 8192 bits */
static uint64_t trig_filter[(1u << TRIG_LG) / 64];
static bool trig_filter_on;
static pthread_once_t trig_filter_once = PTHREAD_ONCE_INIT;

/* A byte with its 0x20 bit set: the same for a byte and the byte folded
 * (ASCII A-Z to a-z), so a word and its case variants hash alike, without
 * a test of the byte. */
static inline uint32_t fold_byte(unsigned char ch)
{
    return (uint32_t)ch | 0x20u;
}

/* The filters' hash of a word (n >= 1): its length and first, second,
 * third, second-to-last and last bytes, through fold_byte() (the two bytes
 * before the last as well as the first two: a trigger's inflections share
 * their first and last letters with many words). */
static inline uint32_t word_mix(const char *w, size_t n)
{
    uint32_t b = n > 1 ? (unsigned char)w[1] : 0, c = n > 2 ? (unsigned char)w[2] : 0;
    uint32_t y = n > 1 ? (unsigned char)w[n - 2] : 0;
    uint32_t p = ((unsigned char)w[0] | b << 8 | c << 16 | y << 24) | 0x20202020u;
    uint32_t q = fold_byte((unsigned char)w[n - 1]) | (uint32_t)n << 8;
    uint32_t x = p * 0x9E3779B1u ^ q * 0x85EBCA77u;
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return x;
}

/* The three filters (this one and the two below) are two-hash Bloom filters of 2^lg bits over
 * word_mix(): a word's bits are its hash's low lg bits and the lg bits
 * above them. */
static inline void bloom_add(uint64_t *f, unsigned lg, const char *w, size_t n)
{
    uint32_t x = word_mix(w, n), mask = (1u << lg) - 1u;
    uint32_t h0 = x & mask, h1 = (x >> lg) & mask;
    f[h0 / 64] |= (uint64_t)1 << (h0 % 64);
    f[h1 / 64] |= (uint64_t)1 << (h1 % 64);
}

/* False only for a word that is none of the filter's words. */
__attribute__((always_inline)) static inline bool bloom_has(const uint64_t *f, unsigned lg,
                                                            const char *w, size_t n)
{
    uint32_t x = word_mix(w, n), mask = (1u << lg) - 1u;
    uint32_t h0 = x & mask, h1 = (x >> lg) & mask;
    return (f[h0 / 64] >> (h0 % 64) & 1) && (f[h1 / 64] >> (h1 % 64) & 1);
}

/* The second filter, over the keys of the lexicon's merged table whose
 * categories include one of EVENTS_LEX_BITS (the only bits tok_lex()'s
 * callers test): a word it rejects has none of them, and tok_lex() answers
 * 0 without the lookup. Same rules as the trigger filter (words ending in
 * '.' always pass; all words pass when it is off); built with it. */
#define LEXF_LG 14 /* 16384 bits */
static uint64_t lex_filter[(1u << LEXF_LG) / 64];
static bool lex_filter_on;

/* A third, over the keys with EVM_LEX_ORG_CUE alone: collect_actors() asks
 * about a capitalised run only when one of its words may be an
 * organisation word (tok_maybe_org()). */
#define ORGF_LG 13 /* 8192 bits */
static uint64_t org_filter[(1u << ORGF_LG) / 64];

static void lex_filter_init(void)
{
    for (size_t j = 0;; j++) {
        const char *w = evm_lex_list_word(EVM_LEX_LIST_COUNT, j);
        if (!w)
            break;
        size_t n = strlen(w);
        if (!n || !(evm_lex_merged_mask(j) & EVENTS_LEX_BITS))
            continue;
        bloom_add(lex_filter, LEXF_LG, w, n);
        if (evm_lex_merged_mask(j) & EVM_LEX_ORG_CUE)
            bloom_add(org_filter, ORGF_LG, w, n);
    }
    lex_filter_on = true;
}

/* False only for a word whose lexicon categories have none of
 * EVENTS_LEX_BITS. */
static inline bool maybe_lex(const char *w, size_t n)
{
    if (!lex_filter_on || (n > 1 && w[n - 1] == '.'))
        return true;
    return bloom_has(lex_filter, LEXF_LG, w, n);
}

/* False only when tok_lex(c, k) certainly lacks EVM_LEX_ORG_CUE (its memo,
 * the short-word table or the organisation filter says so); asks the
 * lexicon nothing. */
static inline bool tok_maybe_org(const ctx *c, size_t k)
{
    if (c->tok_memo[k] & MEMO_LEX)
        return (c->tok_lexv[k] & EVM_LEX_ORG_CUE) != 0;
    const evm_token *t = &c->doc->tokens.items[k];
    if (t->kind != EVM_TOK_WORD)
        return false; /* tok_lex() gives 0 */
    if (!lex_filter_on || !short_on || (t->flags & (EVM_TF_NON_ASCII | EVM_TF_APOSTROPHE)))
        return true;
    size_t n = t->end - t->start;
    if (n == 0 || n > EVM_LEX_MAX_WORD)
        return false; /* tok_lex() gives 0 */
    const char *w = c->doc->text + t->start;
    int si = short_index(w, n);
    if (si >= 0)
        return (short_unpack[short_class[si] & 0x7Fu] & EVM_LEX_ORG_CUE) != 0;
    if (w[n - 1] == '.')
        return true;
    return bloom_has(org_filter, ORGF_LG, w, n);
}

static void trig_filter_init(void)
{
    lex_filter_init();
    size_t list = EVM_LEX_LIST_COUNT;
    for (size_t i = 0; i < EVM_LEX_LIST_COUNT; i++) {
        const char *name = evm_lex_list_name(i);
        if (name && strcmp(name, "TRIGGER") == 0)
            list = i;
    }
    if (list == EVM_LEX_LIST_COUNT)
        return; /* filter off: every word is looked up */
    for (size_t j = 0;; j++) {
        const char *w = evm_lex_list_word(list, j);
        if (!w)
            break;
        size_t n = strlen(w);
        if (!n)
            continue;
        bloom_add(trig_filter, TRIG_LG, w, n);
    }
    trig_filter_on = true;
    short_words_init(list);
}

/* False only for a word that is certainly no trigger key. */
static inline bool maybe_trigger(const char *w, size_t n)
{
    if (!trig_filter_on || (n > 1 && w[n - 1] == '.'))
        return true;
    return bloom_has(trig_filter, TRIG_LG, w, n);
}

void evm_events_prepare(void)
{
    evm_timex_prepare();
    pthread_once(&list_mask_once, list_masks);
    pthread_once(&trig_filter_once, trig_filter_init);
}

bool evm_events_maybe_trigger(const char *word, size_t len)
{
    pthread_once(&trig_filter_once, trig_filter_init);
    return len == 0 || maybe_trigger(word, len);
}

/* The lexicon's answer for a word w[0..n) of token k that passed the
 * filter, with the weak forms and "left" ruled out. */
static bool trigger_lookup(const ctx *c, size_t k, const char *w, size_t n,
                           const evm_trigger_info **info)
{
    const evm_trigger_info *ti = evm_lex_trigger(w, n);
    if (!ti || tok_in_list(c, k, LIST_WEAK_FORMS))
        return false;
    if (tok_is(c, k, "left")) {
        size_t nx = k + 1;
        if (nx >= c->doc->tokens.count ||
            !(tok_cap(c, nx) || tok_is(c, nx, "for") || tok_is(c, nx, "the")))
            return false;
    }
    *info = ti;
    return true;
}

/* trigger_tok_uncached() of a word that may hold a U+2019: folded first. */
__attribute__((noinline)) static bool trigger_folded(const ctx *c, size_t k,
                                                     const evm_trigger_info **info)
{
    char buf[EVM_LEX_MAX_WORD + 1];
    size_t n;
    const char *w = tok_word(c, k, buf, &n);
    if (!n || !maybe_trigger(w, n))
        return false;
    return trigger_lookup(c, k, w, n, info);
}

/* Is token k a trigger (*info its lexicon entry)? The usual case (a plain
 * word the filter rejects) stays in line, without a call or a copy. */
__attribute__((always_inline)) static inline bool
trigger_tok_uncached(const ctx *c, size_t k, const evm_trigger_info **info)
{
    const evm_token *t = &c->doc->tokens.items[k];
    if (t->kind != EVM_TOK_WORD || c->tok_person[k] >= 0 || c->tok_mention[k] >= 0)
        return false;
    if ((t->flags & EVM_TF_CAPITALISED) && !(t->flags & EVM_TF_SENT_INITIAL))
        return false;
    if (t->flags & (EVM_TF_NON_ASCII | EVM_TF_APOSTROPHE))
        return trigger_folded(c, k, info);
    /* tok_word()'s usual case: the word as it is in the text. */
    size_t n = t->end - t->start;
    if (n == 0 || n > EVM_LEX_MAX_WORD)
        return false;
    const char *w = c->doc->text + t->start;
    int si = n <= 3 && short_on ? short_index(w, n) : -1;
    if (si >= 0 ? !(short_class[si] & SHORT_TRIGGER) : !maybe_trigger(w, n))
        return false;
    return trigger_lookup(c, k, w, n, info);
}

/* Computes and stores the trigger memo of token k; returns it. */
__attribute__((always_inline)) static inline uint8_t trigger_memo(const ctx *c, size_t k)
{
    const evm_trigger_info *ti = NULL;
    uint8_t m = (uint8_t)(c->tok_memo[k] | MEMO_TRIG);
    if (trigger_tok_uncached(c, k, &ti)) {
        m |= MEMO_TRIG_YES;
        c->tok_trig[k] = ti;
    }
    c->tok_memo[k] = m;
    return m;
}

/* trigger_memo() out of line, for a token split_clauses() did not see. */
__attribute__((noinline)) static uint8_t trigger_memo_late(const ctx *c, size_t k)
{
    return trigger_memo(c, k);
}

static inline bool is_trigger_tok(const ctx *c, size_t k, const evm_trigger_info **info)
{
    uint8_t m = c->tok_memo[k];
    if (!(m & MEMO_TRIG))
        m = trigger_memo_late(c, k);
    if (!(m & MEMO_TRIG_YES))
        return false;
    if (info)
        *info = c->tok_trig[k];
    return true;
}

/* ---- location -------------------------------------------------------------------- */

static const char *const loc_preps[] = {"in",      "at",     "to",         "into", "toward",
                                        "towards", "inside", "near",       "onto", "through",
                                        "via",     "across", "throughout", NULL};
static const char *const determiners[] = {"the",   "a",    "an",   "its", "his", "her",
                                          "their", "this", "that", "of",  NULL};

/* Whether mention m is governed by a locative cue (or is the direct object of
 * trigger token `trig`, SIZE_MAX for none). With `loose`, true whenever it
 * may be so for some trigger and type: a token whose memo says trigger
 * counts as `trig`, and "for" as a cue of every type (event_possible()). */
static inline bool cue_walk(const ctx *c, size_t m, size_t trig, evm_event_type type, bool loose)
{
    const evm_doc *d = c->doc;
    size_t k = d->mentions[m].tok_start;
    for (size_t steps = 0; k > 0 && steps < CUE_WALK_MAX; steps++) {
        size_t p = k - 1;
        const evm_token *t = &d->tokens.items[p];
        if (t->kind != EVM_TOK_WORD)
            return false;
        if (p == trig || (loose && (c->tok_memo[p] & MEMO_TRIG_YES)))
            return true;
        /* Loose: a cue word answers true whether or not it is skipped. */
        if (loose && (tok_in_list(c, p, LIST_LOC_PREPS) || tok_is(c, p, "for")))
            return true;
        int32_t pm = c->tok_mention[p];
        bool skip = (pm >= 0 && d->mentions[pm].demonym) || tok_in_list(c, p, LIST_DETERMINERS);
        if (!skip) {
            char w[EVM_LEX_MAX_WORD + 1];
            size_t n = fold_tok(c, p, w);
            skip = (n && evm_lex_direction(w, n, NULL) != 0) ||
                   (n && evm_lex_place_type(w, n) != EVM_LEX_PLACE_NONE &&
                    !(t->flags & EVM_TF_CAPITALISED));
        }
        if (!skip) {
            if (tok_in_list(c, p, LIST_LOC_PREPS))
                return true;
            if (tok_is(c, p, "for"))
                return loose || type == EVM_EVENT_TRAVEL || type == EVM_EVENT_ARRIVAL;
            return false;
        }
        k = p;
    }
    return false;
}

static bool mention_cued(const ctx *c, size_t m, size_t trig, evm_event_type type)
{
    return cue_walk(c, m, trig, type, false);
}

static bool mention_usable(const ctx *c, size_t m)
{
    return !c->doc->mentions[m].demonym && c->doc->mentions[m].start >= c->skip_end;
}

/* The first mention whose first token is token `tok` or later
 * (doc->mentions are ordered by start, so by first token); mention_count
 * when none. */
static size_t mentions_from(const evm_doc *d, size_t tok)
{
    size_t lo = 0, hi = d->mention_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->mentions[mid].tok_start < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Picks the location mention for a trigger; -1 when none. Each search
 * starts at the first mention it can take (mentions_from()) and ends after
 * the last: the mentions before and after are skipped by its own tests. */
static int32_t pick_location(const ctx *c, const clause *cl, size_t subj_end, size_t trig,
                             size_t own_end, evm_event_type type, const clause *prev)
{
    const evm_doc *d = c->doc;
    int32_t best = -1;
    for (size_t m = mentions_from(d, trig + 1); m < d->mention_count; m++) {
        const evm_mention *mm = &d->mentions[m];
        if (mm->tok_start <= trig || mm->tok_end > own_end)
            continue;
        if (mm->tok_start - trig > LOC_MAX_TOKENS)
            break;
        if (mention_usable(c, m) && mention_cued(c, m, trig, type)) {
            best = (int32_t)m;
            break; /* mentions are ordered: the first after the trigger is nearest */
        }
    }
    if (best >= 0)
        return best;
    for (size_t m = mentions_from(d, cl->a);
         m < d->mention_count && d->mentions[m].tok_start <= subj_end; m++) {
        const evm_mention *mm = &d->mentions[m];
        if (mm->tok_start < cl->a || mm->tok_end > subj_end || trig - mm->tok_end > LOC_MAX_TOKENS)
            continue;
        if (mention_usable(c, m) && mention_cued(c, m, SIZE_MAX, type))
            best = (int32_t)m; /* keep the last: nearest before the trigger */
    }
    if (best >= 0)
        return best;
    if (prev && tok_is(c, cl->a, "where")) {
        for (size_t m = mentions_from(d, prev->a);
             m < d->mention_count && d->mentions[m].tok_start <= prev->b; m++) {
            const evm_mention *mm = &d->mentions[m];
            if (mm->tok_start >= prev->a && mm->tok_end <= prev->b && mention_usable(c, m))
                best = (int32_t)m;
        }
    }
    return best;
}

/* ---- actors ------------------------------------------------------------------------ */

typedef struct actor_ref {
    evm_actor_kind kind;
    evm_span name;
    evm_span role;
    uint32_t country;
    bool head;
    evm_span mention;
} actor_ref;

/* Only items[0, n) are ever read: a list is cleared by setting n to 0 and
 * copied with refs_copy() (the whole struct is about 1 kB, and clauses clear
 * and copy several per trigger). */
typedef struct actor_refs {
    actor_ref items[16];
    size_t n;
} actor_refs;

static void refs_copy(actor_refs *dst, const actor_refs *src)
{
    if (dst == src)
        return;
    memcpy(dst->items, src->items, src->n * sizeof src->items[0]);
    dst->n = src->n;
}

static bool refs_has(const ctx *c, const actor_refs *r, const actor_ref *a)
{
    for (size_t i = 0; i < r->n; i++) {
        const actor_ref *b = &r->items[i];
        if (b->kind == a->kind &&
            span_ieq(c->doc->text + a->name.start, a->name.end - a->name.start,
                     c->doc->text + b->name.start, b->name.end - b->name.start))
            return true;
    }
    return false;
}

static void refs_add(const ctx *c, actor_refs *r, const actor_ref *a)
{
    if (r->n < sizeof r->items / sizeof r->items[0] && !refs_has(c, r, a))
        r->items[r->n++] = *a;
}

static actor_ref person_ref(const ctx *c, size_t p, evm_span mention)
{
    const person_info *pi = &c->persons[p];
    const evm_person *full = &c->doc->persons[pi->canon];
    const person_info *fi = &c->persons[pi->canon];
    actor_ref a = {EVM_ACTOR_PERSON, {full->start, full->end}, fi->role,
                   fi->country,      fi->head_of_state,        mention};
    return a;
}

static const char *const gov_preps[] = {
    "in",   "at",     "to",      "into",    "from",    "of",     "for", "with", "on", "by",
    "near", "toward", "towards", "against", "between", "across", "via", "and",  NULL};

static const char *const *const word_lists[LIST_COUNT] = {
    [LIST_HEAD_TITLES] = head_titles,     [LIST_NOT_HEAD_TITLES] = not_head_titles,
    [LIST_SUBORDINATORS] = subordinators, [LIST_FRONTING_PREPS] = fronting_preps,
    [LIST_WEAK_FORMS] = weak_forms,       [LIST_LOC_PREPS] = loc_preps,
    [LIST_DETERMINERS] = determiners,     [LIST_GOV_PREPS] = gov_preps};
#define LIST_FITS(l) (sizeof(l) / sizeof(l)[0] <= LIST_MAX_WORDS)
_Static_assert(LIST_FITS(head_titles) && LIST_FITS(not_head_titles) && LIST_FITS(subordinators) &&
                   LIST_FITS(fronting_preps) && LIST_FITS(weak_forms) && LIST_FITS(loc_preps) &&
                   LIST_FITS(determiners) && LIST_FITS(gov_preps),
               "a word list is longer than list_len[] holds");

/* Whether a mention is followed by a possessive ("South Korea's military"):
 * such a country qualifies a noun and is not itself the subject. */
static bool mention_possessive(const ctx *c, const evm_mention *mm)
{
    const evm_tokens *t = &c->doc->tokens;
    for (size_t k = mm->tok_start; k <= mm->tok_end && k < t->count; k++) {
        if (t->items[k].kind == EVM_TOK_POSSESSIVE ||
            (k < mm->tok_end && (t->items[k].flags & EVM_TF_POSS_STRIPPED)))
            return true;
    }
    return false;
}

/* Collects the actors named in tokens [a, b). Returns whether the range has
 * a content word (something that could be a subject we do not recognise);
 * with want_content false the words' categories are not asked for that
 * (the answer is then only a lower bound; the actors are the same). */
static void resolve_pending(ctx *c);

static bool collect_actors(ctx *c, size_t a, size_t b, bool persons_only, bool want_content,
                           actor_refs *out)
{
    const evm_doc *d = c->doc;
    bool content = false;
    for (size_t k = a; k < b; k++) {
        const evm_token *t = &d->tokens.items[k];
        if (t->kind != EVM_TOK_WORD)
            continue;
        int32_t p = c->tok_person[k];
        if (p >= 0) {
            const evm_person *pp = &d->persons[p];
            if (pp->tok_start >= a && pp->tok_end <= b) {
                actor_ref r = person_ref(c, (size_t)p, (evm_span){pp->start, pp->end});
                refs_add(c, out, &r);
            }
            content = true;
            k = pp->tok_end - 1;
            continue;
        }
        if (tok_is(c, k, "he") || tok_is(c, k, "she")) {
            if (c->pending_from != SIZE_MAX && !c->resolving)
                resolve_pending(c);
            if (c->last_subject_person >= 0) {
                actor_ref r =
                    person_ref(c, (size_t)c->last_subject_person, (evm_span){t->start, t->end});
                refs_add(c, out, &r);
            }
            content = true;
            continue;
        }
        if (persons_only)
            continue;
        /* Organisation: a capitalised run ending in an organisation word. */
        if (t->flags & EVM_TF_CAPITALISED) {
            size_t e = k;
            while (e + 1 < b && tok_cap(c, e + 1) && c->tok_person[e + 1] < 0 &&
                   !(d->tokens.items[e + 1].flags & EVM_TF_GLUED))
                e++;
            /* The run is an organisation only if one of its words is an
             * organisation word: most runs are ruled out without a lookup. */
            bool org = false;
            for (size_t q = k; q <= e && !org; q++)
                org = tok_maybe_org(c, q);
            size_t s = k;
            while (org && s <= e && (tok_lex(c, s) & EVM_LEX_STOPWORD))
                s++;
            size_t last = e;
            while (org && last > s && !(tok_lex(c, last) & EVM_LEX_ORG_CUE))
                last--;
            if (org && s <= e && (tok_lex(c, last) & EVM_LEX_ORG_CUE) &&
                (last > s || !(d->tokens.items[s].flags & EVM_TF_SENT_INITIAL))) {
                uint32_t country = EVM_NO_ENTRY;
                for (size_t q = s; q <= last; q++) {
                    if (c->tok_mention[q] >= 0 && country == EVM_NO_ENTRY)
                        country = c->mentions[c->tok_mention[q]].country;
                }
                evm_span sp = {d->tokens.items[s].start, d->tokens.items[last].end};
                actor_ref r = {EVM_ACTOR_ORGANISATION, sp, {0, 0}, country, false, sp};
                refs_add(c, out, &r);
                content = true;
                k = last;
                continue;
            }
        }
        int32_t m = c->tok_mention[k];
        if (m >= 0) {
            const evm_mention *mm = &d->mentions[m];
            bool governed = mm->tok_start > a &&
                            tok_in_list(c, mm->tok_start - 1, LIST_GOV_PREPS) &&
                            !tok_is(c, mm->tok_start - 1, "and");
            bool possessive = mention_possessive(c, mm);
            if (!mm->demonym && c->mentions[m].kind == EVM_KIND_COUNTRY && !governed &&
                !possessive) {
                evm_place pl;
                if (evm_gazetteer_place(c->gz, mm->entry, &pl) == EVM_OK) {
                    /* The gazetteer's display name, so "Russia" and "RUSSIA"
                     * are one actor: recorded as a span of the mention, and
                     * canonicalised when copied. */
                    actor_ref r = {
                        EVM_ACTOR_COUNTRY,   {mm->start, mm->end}, {0, 0}, mm->entry, true,
                        {mm->start, mm->end}};
                    refs_add(c, out, &r);
                }
            }
            content = true;
            k = mm->tok_end - 1;
            continue;
        }
        /* The word's flags matter only until some content is found. */
        if (want_content && !content &&
            !(tok_lex(c, k) & (EVM_LEX_STOPWORD | EVM_LEX_MODALITY | EVM_LEX_DATE_WORD |
                               EVM_LEX_WEEKDAY | EVM_LEX_MONTH)))
            content = true;
    }
    return content;
}

/* A noun trigger owned by a person or country ("Kim Jong Un's trip",
 * "Russia's first visit"): the possessor is the only actor. Up to three
 * lowercase words may stand between the possessive and the trigger. */
static void possessor_actor(ctx *c, size_t trig, size_t lo, actor_refs *actors)
{
    const evm_doc *d = c->doc;
    size_t k = trig;
    for (int skipped = 0; k > lo; skipped++) {
        const evm_token *t = &d->tokens.items[k - 1];
        if (t->kind == EVM_TOK_POSSESSIVE)
            break;
        if (skipped == 3 || t->kind != EVM_TOK_WORD || (t->flags & EVM_TF_CAPITALISED) ||
            is_trigger_tok(c, k - 1, NULL))
            return;
        k--;
    }
    if (k <= lo + 1 || d->tokens.items[k - 1].kind != EVM_TOK_POSSESSIVE)
        return;
    size_t owner = k - 2;
    actor_refs own;
    own.n = 0;
    int32_t p = c->tok_person[owner];
    int32_t m = c->tok_mention[owner];
    if (p >= 0) {
        actor_ref r = person_ref(c, (size_t)p, (evm_span){d->persons[p].start, d->persons[p].end});
        refs_add(c, &own, &r);
    } else if (m >= 0 && !d->mentions[m].demonym && c->mentions[m].kind == EVM_KIND_COUNTRY) {
        const evm_mention *mm = &d->mentions[m];
        actor_ref r = {EVM_ACTOR_COUNTRY,   {mm->start, mm->end}, {0, 0}, mm->entry, true,
                       {mm->start, mm->end}};
        refs_add(c, &own, &r);
    }
    if (own.n)
        refs_copy(actors, &own);
}

/* ---- modality -------------------------------------------------------------------------- */

static evm_event_modality modality_before(const ctx *c, size_t a, size_t trig)
{
    evm_event_modality mod = EVM_EVENT_REPORTED;
    for (size_t k = a; k < trig; k++) {
        char buf[EVM_LEX_MAX_WORD + 1], buf2[EVM_LEX_MAX_WORD + 1];
        size_t n;
        const char *w = tok_word(c, k, buf, &n);
        if (!n)
            continue;
        /* A word the lexicon does not list under MODALITY has none:
         * tok_lex() says so mostly without a lookup. A word ending in '.'
         * is asked directly (the two lookups may drop its dot differently). */
        evm_modality m = w[n - 1] != '.' && !(tok_lex(c, k) & EVM_LEX_MODALITY)
                             ? EVM_MODALITY_NONE
                             : evm_lex_modality(w, n);
        /* Every two-word cue of evm_lex_modality_pair() ends in "to" or "coming". */
        evm_modality pair = EVM_MODALITY_NONE;
        if (k + 1 < trig && (tok_is(c, k + 1, "to") || tok_is(c, k + 1, "coming"))) {
            size_t n2;
            const char *w2 = tok_word(c, k + 1, buf2, &n2);
            pair = n2 ? evm_lex_modality_pair(w, n, w2, n2) : EVM_MODALITY_NONE;
        }
        if (m == EVM_MODALITY_DENIED || m == EVM_MODALITY_NEGATED)
            return EVM_EVENT_DENIED;
        if (pair == EVM_MODALITY_EXPECTED) {
            mod = EVM_EVENT_EXPECTED;
        } else if (m == EVM_MODALITY_EXPECTED) {
            /* "set", "due", "going" only count with their partner word. */
            if (!(tok_is(c, k, "set") || tok_is(c, k, "due") || tok_is(c, k, "going")))
                mod = EVM_EVENT_EXPECTED;
        } else if (m == EVM_MODALITY_POSSIBLE) {
            mod = EVM_EVENT_POSSIBLE;
        }
    }
    return mod;
}

/* ---- events ------------------------------------------------------------------------------ */

const char *evm_event_modality_name(evm_event_modality m)
{
    switch (m) {
    case EVM_EVENT_EXPECTED:
        return "expected";
    case EVM_EVENT_POSSIBLE:
        return "possible";
    case EVM_EVENT_DENIED:
        return "denied";
    default:
        return "reported";
    }
}

const char *evm_actor_kind_name(evm_actor_kind k)
{
    switch (k) {
    case EVM_ACTOR_ORGANISATION:
        return "organisation";
    case EVM_ACTOR_COUNTRY:
        return "country";
    default:
        return "person";
    }
}

static void event_free(evm_event *e)
{
    for (size_t i = 0; i < e->actor_count; i++) {
        evm_free(e->actors[i].name);
        evm_free(e->actors[i].role);
    }
    evm_free(e->actors);
}

void evm_event_list_free(evm_event_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        event_free(&list->items[i]);
    evm_free(list->items);
    memset(list, 0, sizeof *list);
}

/* Copies text[sp] with each run of white space (news text is hard-wrapped:
 * "Andrei\nRudenko") made one space. */
static char *dup_collapsed(const char *text, evm_span sp)
{
    char *o = evm_malloc(sp.end - sp.start + 1);
    if (!o)
        return NULL;
    size_t n = 0;
    for (size_t i = sp.start; i < sp.end; i++) {
        char ch = text[i];
        bool ws = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
        if (ws && n && o[n - 1] == ' ')
            continue;
        o[n++] = ws ? ' ' : ch;
    }
    o[n] = '\0';
    return o;
}

static evm_error copy_actors(const ctx *c, const actor_refs *r, evm_event *e)
{
    if (!r->n)
        return EVM_OK;
    e->actors = evm_calloc(r->n, sizeof *e->actors);
    if (!e->actors)
        return EVM_ERR_NOMEM;
    for (size_t i = 0; i < r->n; i++) {
        const actor_ref *a = &r->items[i];
        evm_actor *o = &e->actors[e->actor_count++];
        o->kind = a->kind;
        o->country_entry = a->country;
        o->head_of_state = a->head;
        o->mention = a->mention;
        if (a->kind == EVM_ACTOR_COUNTRY) {
            evm_place pl;
            evm_error err = evm_gazetteer_place(c->gz, a->country, &pl);
            if (err)
                return err;
            o->name = evm_strdup(pl.name);
        } else {
            o->name = dup_collapsed(c->doc->text, a->name);
        }
        if (!o->name)
            return EVM_ERR_NOMEM;
        if (a->role.end > a->role.start) {
            o->role = dup_collapsed(c->doc->text, a->role);
            if (!o->role)
                return EVM_ERR_NOMEM;
        }
    }
    return EVM_OK;
}

/* The date of an event: the timex nearest the trigger in the clause, else in
 * the sentence. */
/* Whether the time expression lies in a clause (of cls[0..ncl)) that has a
 * trigger of its own: its date belongs to that clause's event. */
static bool timex_in_event_clause(const ctx *c, const evm_timex *t, const clause *cls, size_t ncl)
{
    for (size_t i = 0; i < ncl; i++) {
        const evm_token *ta = &c->doc->tokens.items[cls[i].a];
        const evm_token *tb = &c->doc->tokens.items[cls[i].b - 1];
        if (t->start < ta->start || t->start >= tb->end)
            continue;
        for (size_t k = cls[i].a; k < cls[i].b; k++) {
            if (is_trigger_tok(c, k, NULL))
                return true;
        }
        return false;
    }
    return false;
}

static void event_date(const ctx *c, size_t s_start, size_t s_end, const evm_span *clause_b,
                       const evm_token *trig, const clause *cls, size_t ncl, evm_event *e)
{
    evm_tense tense = (e->modality == EVM_EVENT_EXPECTED || e->modality == EVM_EVENT_POSSIBLE)
                          ? EVM_TENSE_FUTURE
                          : EVM_TENSE_PAST;
    timex_memo *memo = c->tx;
    if (!memo->valid || memo->start != s_start || memo->end != s_end || memo->tense != tense) {
        memo->n = 0;
        memo->err = evm_timex_find(c->doc->text, s_start, s_end, c->article_date, tense, memo->tx,
                                   MAX_TIMEX, &memo->n);
        memo->start = s_start;
        memo->end = s_end;
        memo->tense = tense;
        memo->valid = true;
    }
    const evm_timex *tx = memo->tx;
    size_t n = memo->n;
    evm_error err = memo->err;
    if (err != EVM_OK && err != EVM_ERR_LIMIT)
        return;
    const evm_timex *best = NULL;
    size_t best_dist = SIZE_MAX;
    for (int pass = 0; pass < 2 && !best; pass++) {
        for (size_t i = 0; i < n; i++) {
            const evm_timex *t = &tx[i];
            if (t->precision == EVM_DATE_PREC_NONE)
                continue;
            if (pass == 0 && (t->end <= clause_b->start || t->start >= clause_b->end))
                continue;
            if (pass == 1 && timex_in_event_clause(c, t, cls, ncl))
                continue;
            size_t dist = t->start >= trig->end   ? t->start - trig->end
                          : trig->start >= t->end ? trig->start - t->end
                                                  : 0;
            if (dist < best_dist) {
                best_dist = dist;
                best = t;
            }
        }
    }
    if (!best)
        return;
    e->has_date = true;
    e->date = best->date;
    e->date_precision = best->precision;
    memcpy(e->date_iso, best->iso, sizeof e->date_iso);
    e->date_iso[sizeof e->date_iso - 1] = '\0';
    e->date_span = (evm_span){best->start, best->end};
}

static evm_error push_event(evm_event_list *out, const evm_event *e)
{
    void *items = out->items;
    evm_error err = evm_grow(&items, &out->cap, out->count + 1, sizeof *out->items);
    out->items = items;
    if (err)
        return err;
    out->items[out->count++] = *e;
    return EVM_OK;
}

/* Whether sentence tokens [a, b) may give an event; computes the trigger
 * memos within LOC_MAX_TOKENS of the usable mentions (split_clauses() does
 * the rest). Every location pick_location() returns is a usable mention of
 * the sentence that starts at most LOC_MAX_TOKENS after a trigger (its first
 * search) or ends at most LOC_MAX_TOKENS before one (its second), and that
 * mention_cued() takes (cue_walk() loose takes it for every trigger and
 * type), or comes from a clause that opens with "where" (its third). A
 * sentence that cannot is deferred (resolve_pending()): the only state a
 * sentence leaves to the next ones is last_subject_person, set from the
 * persons its clauses' subjects name (a person token) or refer to ("he",
 * "she"); the trigger memos and the time expressions' memo are the
 * sentence's own. */
static bool event_possible(const ctx *c, size_t a, size_t b)
{
    const evm_doc *d = c->doc;
    bool usable = false;
    for (size_t m = mentions_from(d, a); m < d->mention_count && d->mentions[m].tok_start < b;
         m++) {
        if (!mention_usable(c, m))
            continue;
        usable = true;
        const evm_mention *mm = &d->mentions[m];
        size_t lo = mm->tok_start - a > LOC_MAX_TOKENS ? mm->tok_start - LOC_MAX_TOKENS : a;
        /* Every memo of the window before the mention: cue_walk() reads
         * them. */
        bool near = false;
        for (size_t k = lo; k < mm->tok_start; k++) {
            uint8_t mk = c->tok_memo[k];
            if (!(mk & MEMO_TRIG))
                mk = trigger_memo(c, k);
            near |= (mk & MEMO_TRIG_YES) != 0;
        }
        size_t hi = mm->tok_end + LOC_MAX_TOKENS < b ? mm->tok_end + LOC_MAX_TOKENS + 1 : b;
        for (size_t k = mm->tok_end; k < hi && !near; k++) {
            uint8_t mk = c->tok_memo[k];
            if (!(mk & MEMO_TRIG))
                mk = trigger_memo(c, k);
            near = (mk & MEMO_TRIG_YES) != 0;
        }
        if (near && cue_walk(c, m, SIZE_MAX, EVM_EVENT_TRAVEL, true))
            return true;
    }
    for (size_t k = a; usable && k < b; k++) {
        if (tok_is(c, k, "where"))
            return true;
    }
    return false;
}

static bool names_person(const ctx *c, size_t a, size_t b)
{
    const evm_doc *d = c->doc;
    for (size_t k = a; k < b; k++) {
        if (c->tok_person[k] >= 0)
            return true;
        const evm_token *t = &d->tokens.items[k];
        size_t n = t->end - t->start;
        if ((n == 2 || n == 3) && (tok_is(c, k, "he") || tok_is(c, k, "she")))
            return true;
    }
    return false;
}

/* The first token of sentence si after the dateline (s->tok_end when none). */
static size_t sentence_first(const ctx *c, const evm_sentence *s)
{
    size_t a = s->tok_start;
    while (a < s->tok_end && c->doc->tokens.items[a].start < c->skip_end)
        a++;
    return a;
}

/* The events of sentence si, tokens [a, s->tok_end) (a < s->tok_end);
 * person_known: names_person() is true. */
static evm_error sentence_body(ctx *c, size_t si, size_t a, bool person_known, clause **cls,
                               size_t *cls_cap, evm_event_list *out)
{
    const evm_doc *d = c->doc;
    const evm_sentence *s = &d->sentences.items[si];
    size_t ncl = 0;
    evm_error err = split_clauses(c, a, s->tok_end, cls, cls_cap, &ncl);
    if (err)
        return err;
    size_t sent_start = d->tokens.items[a].start;
    /* The sentence's last trigger (split_clauses() memoised every token). */
    size_t last_trig = 0;
    bool any_trig = false;
    for (size_t k = s->tok_end; k-- > a && !any_trig;) {
        if (c->tok_memo[k] & MEMO_TRIG_YES) {
            last_trig = k;
            any_trig = true;
        }
    }
    if (!any_trig && !person_known && !names_person(c, a, s->tok_end))
        return EVM_OK;
    actor_refs sent_actors;
    sent_actors.n = 0;
    for (size_t ci = 0; ci < ncl; ci++) {
        const clause *cl = &(*cls)[ci];
        const clause *prev = ci ? &(*cls)[ci - 1] : NULL;
        size_t trigs[64], tn = 0;
        const evm_trigger_info *infos[64];
        for (size_t k = cl->a; k < cl->b && tn < 64; k++) {
            if (is_trigger_tok(c, k, &infos[tn]))
                trigs[tn++] = k;
        }
        size_t subj_end = tn ? trigs[0] : cl->b;
        actor_refs subj;
        subj.n = 0;
        /* Whether the subject words hold content matters only to a clause
         * with a trigger (below). A clause without one and with no trigger
         * after it in the sentence only tells later sentences its last
         * person (its actors go to sent_actors, which no later clause of
         * the sentence reads): persons and he/she suffice when the clause
         * has no more tokens than an actor list holds (no person can then
         * be crowded out of the list by an organisation or a country). */
        bool later = any_trig && last_trig >= cl->b;
        bool persons_only =
            !tn && !later && cl->b - cl->a <= sizeof subj.items / sizeof subj.items[0];
        bool content = collect_actors(c, cl->a, subj_end, persons_only, tn > 0, &subj);
        for (size_t i = 0; i < subj.n; i++) {
            if (subj.items[i].kind == EVM_ACTOR_PERSON &&
                subj.items[i].mention.start < subj.items[i].mention.end) {
                /* remember the person (its full mention) for a later he/she */
                for (size_t p = 0; p < d->person_count; p++) {
                    if (d->persons[p].start == subj.items[i].name.start) {
                        /* Nothing read the value the pending sentences
                         * would leave (a read resolves them first): this
                         * write makes them irrelevant. */
                        if (!c->resolving)
                            c->pending_from = SIZE_MAX;
                        c->last_subject_person = (int32_t)p;
                        break;
                    }
                }
            }
        }
        if (subj.n)
            refs_copy(&sent_actors, &subj);
        else if (!content)
            refs_copy(&subj, &sent_actors);
        if (!tn)
            continue;
        evm_span clause_b = {d->tokens.items[cl->a].start, d->tokens.items[cl->b - 1].end};
        for (size_t ti = 0; ti < tn; ti++) {
            size_t trig = trigs[ti];
            size_t own_end = ti + 1 < tn ? trigs[ti + 1] : cl->b;
            const evm_trigger_info *info = infos[ti];
            int32_t loc = pick_location(c, cl, subj_end, trig, own_end, info->type, prev);
            if (loc < 0)
                continue;
            evm_event e;
            memset(&e, 0, sizeof e);
            const evm_token *tt = &d->tokens.items[trig];
            e.clause = clause_b;
            e.sentence = (evm_span){sent_start, s->end};
            e.sentence_index = si;
            e.trigger = (evm_span){tt->start, tt->end};
            e.lemma = info->lemma;
            e.type = info->type;
            e.cameo = info->cameo;
            e.location = d->mentions[loc].entry;
            e.location_mention = (size_t)loc;
            e.location_span = (evm_span){d->mentions[loc].start, d->mentions[loc].end};
            e.modality = modality_before(c, cl->a, trig);
            event_date(c, sent_start, s->end, &clause_b, tt, *cls, ncl, &e);
            actor_refs actors;
            refs_copy(&actors, &subj);
            /* After a speech verb the reported clause has its own subject:
             * "the agency said Kim would tour ...". */
            if (ti > 0 && infos[ti - 1]->type == EVM_EVENT_STATEMENT) {
                actor_refs own;
                own.n = 0;
                collect_actors(c, trigs[ti - 1] + 1, trig, false, false, &own);
                if (own.n)
                    refs_copy(&actors, &own);
            }
            possessor_actor(c, trig, cl->a, &actors);
            if (info->type == EVM_EVENT_MEETING)
                collect_actors(c, trig + 1, own_end, true, false, &actors);
            err = copy_actors(c, &actors, &e);
            if (!err)
                err = push_event(out, &e);
            if (err) {
                event_free(&e);
                return err;
            }
        }
    }
    return EVM_OK;
}

/* A sentence event_possible() rules out gives no event; all it can change is last_subject_person,
 * which only "he"/"she" in a later sentence reads (collect_actors()). Such sentences are marked
 * pending and processed, in order and exactly as before, only when that happens: nothing else they
 * compute is read by another sentence (the per-token memos depend on the document alone, and the
 * time expressions' memo is computed only for a sentence with an event). Pending sentences after
 * the last such read are never processed. */
static void resolve_pending(ctx *c)
{
    const evm_doc *d = c->doc;
    c->resolving = true;
    for (size_t si = c->pending_from; si < c->cur_sentence && !c->pending_err; si++) {
        const evm_sentence *s = &d->sentences.items[si];
        if (s->tok_start >= s->tok_end || !(c->tok_memo[s->tok_start] & MEMO_PENDING))
            continue;
        c->tok_memo[s->tok_start] &= (uint8_t)~MEMO_PENDING;
        size_t a = sentence_first(c, s);
        if (names_person(c, a, s->tok_end))
            c->pending_err = sentence_body(c, si, a, true, &c->pcls, &c->pcls_cap, c->out);
    }
    c->pending_from = SIZE_MAX;
    c->resolving = false;
}

static evm_error sentence_events(ctx *c, size_t si, clause **cls, size_t *cls_cap,
                                 evm_event_list *out)
{
    const evm_sentence *s = &c->doc->sentences.items[si];
    size_t a = sentence_first(c, s);
    if (a >= s->tok_end)
        return EVM_OK;
    /* A sentence without a usable mention gives no event, nor one where no
     * trigger is near enough to such a mention (event_possible(), which
     * computes only the trigger memos near the mentions). */
    if (!event_possible(c, a, s->tok_end)) {
        c->tok_memo[s->tok_start] |= MEMO_PENDING;
        if (c->pending_from == SIZE_MAX)
            c->pending_from = si;
        return EVM_OK;
    }
    c->cur_sentence = si;
    evm_error err = sentence_body(c, si, a, false, cls, cls_cap, out);
    return err ? err : c->pending_err;
}

/* A movement whose clause names nobody ("The train is expected to reach
 * Vladivostok") continues the journey of the last movement that named its
 * travellers, when that one is at most EVM_MOVER_SENTENCES sentences back:
 * news tells a trip in a run of sentences about the same travellers. The
 * actors are copied (the list owns every string). */
#define EVM_MOVER_SENTENCES 3

static evm_error inherit_movers(evm_event_list *list)
{
    const evm_event *last = NULL;
    for (size_t i = 0; i < list->count; i++) {
        evm_event *e = &list->items[i];
        if (e->type != EVM_EVENT_TRAVEL && e->type != EVM_EVENT_ARRIVAL &&
            e->type != EVM_EVENT_VISIT)
            continue;
        if (e->actor_count) {
            last = e;
            continue;
        }
        if (!last || e->sentence_index - last->sentence_index > EVM_MOVER_SENTENCES)
            continue;
        e->actors = evm_calloc(last->actor_count, sizeof *e->actors);
        if (!e->actors)
            return EVM_ERR_NOMEM;
        for (size_t a = 0; a < last->actor_count; a++) {
            evm_actor *o = &e->actors[e->actor_count];
            *o = last->actors[a];
            o->name = evm_strdup(last->actors[a].name);
            o->role = last->actors[a].role ? evm_strdup(last->actors[a].role) : NULL;
            o->mention = (evm_span){0, 0}; /* not named in this clause */
            e->actor_count++;
            if (!o->name || (last->actors[a].role && !o->role))
                return EVM_ERR_NOMEM;
        }
    }
    return EVM_OK;
}

evm_error evm_events_extract(const evm_gazetteer *gz, const evm_doc *doc,
                             const evm_events_opts *opts, evm_event_list *out, evm_diag *diag)
{
    if (!gz || !doc || !out)
        return evm_diag_set(diag, EVM_ERR_ARG, "events: NULL gazetteer, document or output");
    pthread_once(&list_mask_once, list_masks);
    pthread_once(&trig_filter_once, trig_filter_init);
    evm_date ad = {0, 0, 0};
    if (opts && (opts->article_date.year || opts->article_date.month || opts->article_date.day)) {
        if (!evm_date_valid(opts->article_date))
            return evm_diag_set(diag, EVM_ERR_ARG, "events: invalid article date %04d-%02d-%02d",
                                opts->article_date.year, opts->article_date.month,
                                opts->article_date.day);
        ad = opts->article_date;
    } else if (doc->text && evm_timex_latest_full_date(doc->text, doc->len, &ad) != EVM_OK) {
        ad = (evm_date){0, 0, 0};
    }
    evm_event_list_free(out);
    ctx c;
    evm_error err = ctx_init(&c, gz, doc);
    c.article_date = ad;
    c.out = out;
    clause *cls = NULL;
    size_t cls_cap = 0;
    for (size_t si = 0; !err && si < doc->sentences.count; si++)
        err = sentence_events(&c, si, &cls, &cls_cap, out);
    if (!err)
        err = inherit_movers(out);
    evm_free(cls);
    ctx_free(&c);
    if (err) {
        evm_event_list_free(out);
        if (err == EVM_ERR_NOMEM)
            return evm_diag_set(diag, err, "events: out of memory");
        return evm_diag_set(diag, err, "events: %s", evm_error_describe(err));
    }
    return EVM_OK;
}

/* ---- itineraries ------------------------------------------------------------------------ */

/* A country outline with the lon/lat bounding boxes of its polygons
 * (degrees): per polygon, because a country split at the antimeridian
 * (Russia, the United States, Fiji) has a whole-world box. */
typedef struct country_box {
    uint32_t entry;
    evm_country_shape shape;
    double *box;   /* 4 per polygon: min_lon, min_lat, max_lon, max_lat */
    double all[4]; /* the box of every polygon's box (NaN boxes left out) */
} country_box;

static void free_country_boxes(country_box *boxes, size_t n)
{
    for (size_t i = 0; boxes && i < n; i++)
        evm_free(boxes[i].box);
    evm_free(boxes);
}

/* Every country of the gazetteer that has an outline, found through the
 * ISO alpha-2 table (the index has no other enumeration of countries). */
static evm_error load_country_boxes(const evm_gazetteer *gz, country_box **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    country_box *boxes = evm_calloc(26 * 26, sizeof *boxes);
    if (!boxes)
        return EVM_ERR_NOMEM;
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            char cc[3] = {a, b, '\0'};
            uint32_t e = evm_gazetteer_country(gz, cc);
            if (e == EVM_NO_ENTRY)
                continue;
            country_box *bx = &boxes[*n];
            if (evm_gazetteer_country_shape(gz, e, &bx->shape) != EVM_OK ||
                !bx->shape.polygon_count)
                continue;
            bx->entry = e;
            bx->box = evm_malloc(4 * bx->shape.polygon_count * sizeof *bx->box);
            if (!bx->box) {
                free_country_boxes(boxes, *n);
                *n = 0;
                return EVM_ERR_NOMEM;
            }
            /* The compiler stored each polygon's box (west, south, east, north). */
            memcpy(bx->box, bx->shape.polygon_box, 4 * bx->shape.polygon_count * sizeof *bx->box);
            bx->all[0] = bx->all[1] = INFINITY;
            bx->all[2] = bx->all[3] = -INFINITY;
            for (uint32_t q = 0; q < bx->shape.polygon_count; q++) {
                const double *pb = bx->box + 4 * q;
                for (int i = 0; i < 2; i++) {
                    if (pb[i] < bx->all[i])
                        bx->all[i] = pb[i];
                    if (pb[i + 2] > bx->all[i + 2])
                        bx->all[i + 2] = pb[i + 2];
                }
            }
            (*n)++;
        }
    }
    *out = boxes;
    return EVM_OK;
}

struct evm_country_boxes {
    const evm_gazetteer *gz;
    country_box *boxes;
    size_t n;
};

void evm_country_boxes_free(evm_country_boxes *boxes)
{
    if (!boxes)
        return;
    free_country_boxes(boxes->boxes, boxes->n);
    evm_free(boxes);
}

/* The boxes of `gz`, from the cache when the caller keeps one. */
static evm_error get_country_boxes(const evm_gazetteer *gz, const evm_itinerary_opts *opts,
                                   country_box **boxes, size_t *n)
{
    evm_country_boxes **cache = opts ? opts->boxes_cache : NULL;
    if (!cache)
        return load_country_boxes(gz, boxes, n);
    if (*cache && (*cache)->gz != gz) {
        evm_country_boxes_free(*cache);
        *cache = NULL;
    }
    if (!*cache) {
        evm_country_boxes *c = evm_calloc(1, sizeof *c);
        if (!c)
            return EVM_ERR_NOMEM;
        evm_error err = load_country_boxes(gz, &c->boxes, &c->n);
        if (err) {
            evm_free(c);
            return err;
        }
        c->gz = gz;
        *cache = c;
    }
    *boxes = (*cache)->boxes;
    *n = (*cache)->n;
    return EVM_OK;
}

static void itinerary_free(evm_itinerary *it)
{
    evm_free(it->actor);
    evm_free(it->stops);
    evm_polyline_free(&it->line);
    evm_free(it->crossings);
}

void evm_itinerary_list_free(evm_itinerary_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        itinerary_free(&list->items[i]);
    evm_free(list->items);
    memset(list, 0, sizeof *list);
}

static bool is_movement(evm_event_type t)
{
    return t == EVM_EVENT_TRAVEL || t == EVM_EVENT_ARRIVAL || t == EVM_EVENT_VISIT ||
           t == EVM_EVENT_MEETING;
}

static const evm_actor *event_actor(const evm_event *e, const char *name, evm_actor_kind kind)
{
    for (size_t i = 0; i < e->actor_count; i++) {
        if (e->actors[i].kind == kind && strcmp(e->actors[i].name, name) == 0)
            return &e->actors[i];
    }
    return NULL;
}

typedef struct leg_event {
    size_t event;
    long key; /* days since 1970 of the (inherited) date */
} leg_event;

static int cmp_leg_event(const void *pa, const void *pb)
{
    const leg_event *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->event < b->event ? -1 : a->event > b->event;
}

static long date_key(const evm_event *e)
{
    evm_date d = e->date;
    if (!d.month)
        d.month = 1;
    if (!d.day)
        d.day = 1;
    return evm_date_to_days(d);
}

static uint32_t country_of(const evm_place *p)
{
    return p->kind == EVM_KIND_COUNTRY ? p->entry : p->country_entry;
}

/* Whether place `inner` lies in the country or division `outer`. */
static bool place_within(const evm_place *inner, const evm_place *outer)
{
    if (outer->kind == EVM_KIND_COUNTRY)
        return inner->entry != outer->entry && inner->country_entry == outer->entry;
    if (outer->kind == EVM_KIND_ADMIN1)
        return inner->entry != outer->entry && inner->admin1_entry == outer->entry;
    return false;
}

/* Builds the stops of one actor; *n_out gets their number (0 when fewer than
 * two). `stops` has room for n_events + 1. */
static evm_error actor_stops(const evm_gazetteer *gz, const evm_event_list *events,
                             const leg_event *legs, size_t nlegs, const evm_actor *who,
                             bool infer_origin, evm_itinerary_stop *stops, size_t *n_out)
{
    size_t n = 0;
    for (size_t i = 0; i < nlegs; i++) {
        uint32_t e = events->items[legs[i].event].location;
        if (n && stops[n - 1].entry == e)
            continue;
        stops[n++] = (evm_itinerary_stop){e, 0, 0, false, legs[i].event};
    }
    /* Drop a country or division next to a stop inside it, then repeats. */
    evm_place *pl = evm_calloc(n ? n : 1, sizeof *pl);
    if (!pl)
        return EVM_ERR_NOMEM;
    evm_error err = EVM_OK;
    for (size_t i = 0; i < n && !err; i++)
        err = evm_gazetteer_place(gz, stops[i].entry, &pl[i]);
    size_t m = 0;
    for (size_t i = 0; i < n && !err; i++) {
        bool redundant = (i > 0 && place_within(&pl[i - 1], &pl[i])) ||
                         (i + 1 < n && place_within(&pl[i + 1], &pl[i]));
        if (redundant)
            continue;
        if (m && stops[m - 1].entry == stops[i].entry)
            continue;
        pl[m] = pl[i];
        stops[m++] = stops[i];
    }
    n = m;
    if (!err && n && infer_origin) {
        uint32_t home = who->kind == EVM_ACTOR_COUNTRY ? who->country_entry
                        : who->head_of_state           ? who->country_entry
                                                       : EVM_NO_ENTRY;
        evm_place hp;
        if (home != EVM_NO_ENTRY && country_of(&pl[0]) != home &&
            (err = evm_gazetteer_place(gz, home, &hp)) == EVM_OK &&
            hp.capital_entry != EVM_NO_ENTRY && hp.capital_entry != stops[0].entry) {
            memmove(stops + 1, stops, n * sizeof *stops);
            stops[0] = (evm_itinerary_stop){hp.capital_entry, 0, 0, true, SIZE_MAX};
            n++;
        }
    }
    for (size_t i = 0; i < n && !err; i++) {
        evm_place p;
        err = evm_gazetteer_place(gz, stops[i].entry, &p);
        stops[i].lat = p.lat;
        stops[i].lon = p.lon;
    }
    evm_free(pl);
    *n_out = n >= 2 ? n : 0;
    return err;
}

/* Candidate countries for the crossings: the stops' countries first, then
 * every outline whose bounding box meets a bounding box of a route part
 * (grown by 1 degree). */
static evm_error crossing_candidates(const evm_gazetteer *gz, const country_box *boxes,
                                     size_t nboxes, const evm_itinerary *it, evm_country_ref **out,
                                     size_t *n)
{
    *n = 0;
    *out = evm_calloc(nboxes + it->stop_count + 1, sizeof **out);
    if (!*out)
        return EVM_ERR_NOMEM;
    for (size_t i = 0; i < it->stop_count; i++) {
        evm_place p;
        evm_error err = evm_gazetteer_place(gz, it->stops[i].entry, &p);
        if (err)
            return err;
        uint32_t c = country_of(&p);
        for (size_t b = 0; b < nboxes && c != EVM_NO_ENTRY; b++) {
            if (boxes[b].entry != c)
                continue;
            bool dup = false;
            for (size_t k = 0; k < *n; k++)
                dup |= (*out)[k].entry == c;
            if (!dup)
                (*out)[(*n)++] = (evm_country_ref){c, &boxes[b].shape};
        }
    }
    const evm_polyline *l = &it->line;
    /* The box of each route part, once (not once per country). */
    double *pbox = evm_malloc(4 * (l->part_count ? l->part_count : 1) * sizeof *pbox);
    if (!pbox)
        return EVM_ERR_NOMEM;
    for (size_t p = 0; p < l->part_count; p++) {
        double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (size_t v = l->part_start[p]; v < l->part_start[p + 1]; v++) {
            x0 = fmin(x0, l->coords[2 * v]);
            x1 = fmax(x1, l->coords[2 * v]);
            y0 = fmin(y0, l->coords[2 * v + 1]);
            y1 = fmax(y1, l->coords[2 * v + 1]);
        }
        pbox[4 * p] = x0;
        pbox[4 * p + 1] = y0;
        pbox[4 * p + 2] = x1;
        pbox[4 * p + 3] = y1;
    }
    for (size_t b = 0; b < nboxes; b++) {
        bool dup = false;
        for (size_t k = 0; k < *n; k++)
            dup |= (*out)[k].entry == boxes[b].entry;
        if (dup)
            continue;
        bool meets = false;
        for (size_t p = 0; p < l->part_count && !meets; p++) {
            double x0 = pbox[4 * p], y0 = pbox[4 * p + 1], x1 = pbox[4 * p + 2],
                   y1 = pbox[4 * p + 3];
            /* A polygon's box meets the part's only if the box of them all
             * does: most countries are ruled out without their polygons. */
            const double *ab = boxes[b].all;
            if (!(x0 - 1 <= ab[2] && x1 + 1 >= ab[0] && y0 - 1 <= ab[3] && y1 + 1 >= ab[1]))
                continue;
            for (uint32_t q = 0; q < boxes[b].shape.polygon_count && !meets; q++) {
                const double *pb = boxes[b].box + 4 * q;
                meets = x0 - 1 <= pb[2] && x1 + 1 >= pb[0] && y0 - 1 <= pb[3] && y1 + 1 >= pb[1];
            }
        }
        if (meets)
            (*out)[(*n)++] = (evm_country_ref){boxes[b].entry, &boxes[b].shape};
    }
    evm_free(pbox);
    return EVM_OK;
}

static evm_error build_one(const evm_gazetteer *gz, evm_geo_ctx *geo, const evm_event_list *events,
                           const evm_itinerary_opts *opts, const evm_actor *who,
                           const country_box *boxes, size_t nboxes, evm_itinerary_list *out,
                           evm_diag *diag)
{
    leg_event *legs = evm_calloc(events->count + 1, sizeof *legs);
    evm_itinerary it;
    memset(&it, 0, sizeof it);
    it.stops = evm_calloc(events->count + 1, sizeof *it.stops);
    evm_latlon *pts = evm_calloc(events->count + 1, sizeof *pts);
    evm_country_ref *refs = NULL;
    evm_error err = legs && it.stops && pts ? EVM_OK : EVM_ERR_NOMEM;
    size_t nlegs = 0;
    for (size_t i = 0; !err && i < events->count; i++) {
        const evm_event *e = &events->items[i];
        if (is_movement(e->type) && e->modality != EVM_EVENT_DENIED &&
            event_actor(e, who->name, who->kind))
            legs[nlegs++] = (leg_event){i, 0};
    }
    /* Undated events take the date of the nearest earlier dated one (text
     * order), else of the nearest later one. */
    bool any_date = false;
    long last = 0;
    for (size_t i = 0; i < nlegs; i++) {
        const evm_event *e = &events->items[legs[i].event];
        if (e->has_date) {
            last = date_key(e);
            any_date = true;
        }
        legs[i].key = last;
        if (!any_date)
            legs[i].key = LONG_MIN;
    }
    long next = LONG_MIN;
    for (size_t i = nlegs; i-- > 0;) {
        const evm_event *e = &events->items[legs[i].event];
        if (e->has_date)
            next = date_key(e);
        else if (legs[i].key == LONG_MIN)
            legs[i].key = next;
    }
    if (nlegs > 1)
        qsort(legs, nlegs, sizeof *legs, cmp_leg_event);
    size_t nstops = 0;
    if (!err)
        err = actor_stops(gz, events, legs, nlegs, who, !(opts && opts->no_inferred_origin),
                          it.stops, &nstops);
    if (!err && nstops >= 2) {
        it.stop_count = nstops;
        for (size_t i = 0; i < nstops; i++)
            pts[i] = (evm_latlon){it.stops[i].lat, it.stops[i].lon};
        double seg = opts && opts->max_segment_km > 0 ? opts->max_segment_km : 0;
        err = evm_geodesic_line(geo, pts, nstops, seg, &it.line);
        if (err)
            evm_diag_set(diag, err, "itinerary of %s: %s", who->name, evm_geo_ctx_message(geo));
        size_t nrefs = 0;
        if (!err)
            err = crossing_candidates(gz, boxes, nboxes, &it, &refs, &nrefs);
        if (!err) {
            err = evm_route_land_crossings(geo, &it.line, refs, nrefs, &it.crossings,
                                           &it.crossing_count);
            if (err)
                evm_diag_set(diag, err, "crossings of %s: %s", who->name, evm_geo_ctx_message(geo));
        }
        if (!err) {
            it.actor = evm_strdup(who->name);
            it.actor_kind = who->kind;
            err = it.actor ? EVM_OK : EVM_ERR_NOMEM;
        }
        if (!err) {
            void *items = out->items;
            err = evm_grow(&items, &out->cap, out->count + 1, sizeof *out->items);
            out->items = items;
        }
        if (!err) {
            out->items[out->count++] = it;
            memset(&it, 0, sizeof it);
        }
    }
    itinerary_free(&it);
    evm_free(legs);
    evm_free(pts);
    evm_free(refs);
    return err;
}

evm_error evm_itineraries_build(const evm_gazetteer *gz, evm_geo_ctx *geo,
                                const evm_event_list *events, const evm_itinerary_opts *opts,
                                evm_itinerary_list *out, evm_diag *diag)
{
    if (!gz || !geo || !events || !out)
        return evm_diag_set(diag, EVM_ERR_ARG, "itineraries: NULL argument");
    if (opts && !(opts->max_segment_km >= 0 && isfinite(opts->max_segment_km)))
        return evm_diag_set(diag, EVM_ERR_ARG, "itineraries: bad max_segment_km");
    evm_itinerary_list_free(out);
    country_box *boxes = NULL;
    size_t nboxes = 0;
    bool loaded = false;
    evm_error err = EVM_OK;
    for (size_t i = 0; !err && i < events->count; i++) {
        const evm_event *e = &events->items[i];
        if (!is_movement(e->type))
            continue;
        for (size_t a = 0; !err && a < e->actor_count; a++) {
            const evm_actor *who = &e->actors[a];
            /* Each actor once: at its first movement event. */
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = is_movement(events->items[j].type) &&
                       event_actor(&events->items[j], who->name, who->kind) != NULL;
            for (size_t b = 0; b < a && !seen; b++)
                seen = e->actors[b].kind == who->kind && strcmp(e->actors[b].name, who->name) == 0;
            if (seen)
                continue;
            if (!loaded) {
                err = get_country_boxes(gz, opts, &boxes, &nboxes);
                loaded = true;
                if (err)
                    break;
            }
            /* The richest description of the actor (role, country) among its
             * events decides the origin rule. */
            const evm_actor *best = who;
            for (size_t j = 0; j < events->count; j++) {
                const evm_actor *o = event_actor(&events->items[j], who->name, who->kind);
                if (o && best->country_entry == EVM_NO_ENTRY && o->country_entry != EVM_NO_ENTRY)
                    best = o;
            }
            err = build_one(gz, geo, events, opts, best, boxes, nboxes, out, diag);
        }
    }
    if (!(opts && opts->boxes_cache))
        free_country_boxes(boxes, nboxes);
    if (err) {
        evm_itinerary_list_free(out);
        if (err == EVM_ERR_NOMEM)
            return evm_diag_set(diag, err, "itineraries: out of memory");
        if (diag && !diag->message[0])
            evm_diag_set(diag, err, "itineraries: %s", evm_error_describe(err));
        return err;
    }
    return EVM_OK;
}
