/*
 * sentences.c - the sentence splitter: one pass over the tokens.
 */
#include "text/text.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <string.h>
#include <utf8proc.h>

/* Capitalised words that typically open a sentence. After an abbreviation
 * that may end a sentence ("U.S.", "a.m.", "Inc.") only these make it end
 * one, because a capitalised name after it ("U.S. Navy") is more common. */
static const char *const STARTERS[] = {
    "A",     "About",   "According", "After",   "Afterward", "Again",     "Against", "Ahead",
    "All",   "Also",    "Although",  "An",      "And",       "Another",   "Any",     "As",
    "At",    "Because", "Before",    "Both",    "But",       "By",        "Despite", "During",
    "Each",  "Earlier", "Even",      "Every",   "For",       "From",      "He",      "Her",
    "Here",  "His",     "How",       "However", "I",         "If",        "In",      "Instead",
    "It",    "Its",     "Last",      "Later",   "Many",      "Meanwhile", "More",    "Most",
    "My",    "No",      "None",      "Not",     "Now",       "Officials", "On",      "One",
    "Only",  "Or",      "Other",     "Our",     "Over",      "She",       "Since",   "Some",
    "Still", "Such",    "That",      "The",     "Their",     "Then",      "There",   "These",
    "They",  "This",    "Those",     "Though",  "Thus",      "To",        "Two",     "Under",
    "Until", "We",      "What",      "When",    "Where",     "While",     "Who",     "Why",
    "With",  "Without", "Yet",       "You",
};

/* (a binary search: STARTERS is in strcmp() order) */
static int is_starter(const char *w, size_t n)
{
    if (n == 0 || n > 9 || w[0] < 'A' || w[0] > 'Z')
        return 0;
    size_t lo = 0, hi = sizeof STARTERS / sizeof STARTERS[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *e = STARTERS[mid];
        /* w[0..n) against e: as strcmp() would order w as a string */
        int c = strncmp(e, w, n);
        if (c == 0 && e[n] == '\0')
            return 1;
        if (c == 0)
            c = 1; /* e is longer: w is a prefix of it, so comes first */
        if (c > 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* 1 if the token is a word whose first letter is lowercase (Ll). */
static int starts_lowercase(const char *text, const evm_token *t)
{
    if (t->kind != EVM_TOK_WORD)
        return 0;
    unsigned char b = (unsigned char)text[t->start];
    if (b < 0x80)
        return b >= 'a' && b <= 'z';
    int32_t cp;
    evm_utf8_decode(text, t->end, t->start, &cp, NULL);
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* 1 for the CJK full stop and full-width ! ?, which end a sentence even
 * without a following space. */
static int is_cjk_stop(const char *text, const evm_token *t)
{
    const unsigned char *u = (const unsigned char *)text + t->start;
    if (t->end - t->start != 3)
        return 0;
    return (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) ||
           (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x81 || u[2] == 0x9F));
}

typedef struct splitter {
    const char *text;
    evm_tokens *toks;
    evm_sentence_list *out;
    size_t cur; /* first token of the open sentence */
} splitter;

/* Closes the open sentence before token `at` (no-op when it is empty). */
static evm_error close_before(splitter *sp, size_t at)
{
    if (at <= sp->cur)
        return EVM_OK;
    evm_sentence_list *o = sp->out;
    if (o->count == o->cap) {
        void *items = o->items;
        evm_error err = evm_grow(&items, &o->cap, o->count + 1, sizeof(evm_sentence));
        o->items = items;
        if (err)
            return err;
    }
    evm_token *tk = sp->toks->items;
    o->items[o->count++] = (evm_sentence){tk[sp->cur].start, tk[at - 1].end, sp->cur, at};
    tk[sp->cur].flags |= EVM_TF_SENT_INITIAL;
    sp->cur = at;
    return EVM_OK;
}

/* Index after the closing quotes/brackets (and repeated marks: "?!") glued
 * to token i. */
static size_t skip_closers(const evm_tokens *toks, size_t i)
{
    size_t j = i + 1;
    while (j < toks->count && (toks->items[j].flags & EVM_TF_GLUED) &&
           toks->items[j].kind == EVM_TOK_PUNCT &&
           (toks->items[j].flags & (EVM_TF_CLOSE | EVM_TF_TERMINAL)))
        j++;
    return j;
}

/* 1 when the line opening at `start` (a capitalised word) is no byline or
 * dateline for sure: its second byte is a lowercase ASCII letter (so its
 * first word is not in capitals) and it does not open with "By". */
static int cannot_open_dateline(const char *text, size_t len, size_t start)
{
    if (start + 1 >= len)
        return 0;
    unsigned char b = (unsigned char)text[start + 1];
    return b >= 'a' && b <= 'z' && !(b == 'y' && text[start] == 'B');
}

static const unsigned char *line_end(const char *text, size_t len, size_t from)
{
    const unsigned char *e = memchr(text + from, '\n', len - from);
    return e ? e : (const unsigned char *)text + len;
}

evm_error evm_sentences(const char *text, size_t len, evm_tokens *toks, evm_sentence_list *out,
                        evm_diag *diag)
{
    if (!toks || !out || (!text && len))
        return evm_diag_set(diag, EVM_ERR_ARG, "evm_sentences: NULL argument");
    out->count = 0;
    splitter sp = {text, toks, out, 0};
    evm_token *tk = toks->items;
    size_t n = toks->count;
    int own_line_open = 0; /* the open sentence is a byline/dateline line */
    evm_error err = EVM_OK;
    /* EVM_TF_SENT_INITIAL is cleared from each token as the loop below
     * reaches it (before any sentence closes after it, so before the flag
     * can be set), from the tokens it skips when it skips them, and from
     * those after the token it stops at after it. */
    const uint32_t not_initial = ~(uint32_t)EVM_TF_SENT_INITIAL;
    /* Every rule below starts at one of these flags: most tokens have none. */
    const uint32_t cues =
        EVM_TF_PARA_INITIAL | EVM_TF_LINE_INITIAL | EVM_TF_TERMINAL | EVM_TF_ABBREV;
    size_t i = 0;
    int stopped = 0; /* left the loop at token i (else at i - 1, or none) */
    /* With room past the last token, a flag there stops the tight loop
     * below (the slot is no token: nothing reads it). */
    const int sentinel = toks->cap > n;
    if (sentinel)
        tk[n].flags = EVM_TF_SENT_INITIAL;
    for (; i < n && !err; i++) {
        /* most tokens: no cue, no flag to clear (a tight loop over them) */
        if (sentinel) {
            /* (four tokens per step, each tested in turn: none past the
             * stop flag is read) */
            const uint32_t stop = cues | EVM_TF_SENT_INITIAL;
            for (;; i += 4) {
                if (tk[i].flags & stop)
                    break;
                if (tk[i + 1].flags & stop) {
                    i += 1;
                    break;
                }
                if (tk[i + 2].flags & stop) {
                    i += 2;
                    break;
                }
                if (tk[i + 3].flags & stop) {
                    i += 3;
                    break;
                }
            }
        } else {
            while (i < n && !(tk[i].flags & (cues | EVM_TF_SENT_INITIAL)))
                i++;
        }
        if (i == n)
            break;
        evm_token *t = &tk[i];
        uint32_t f = t->flags;
        f &= not_initial;
        t->flags = f;
        if (!(f & cues))
            continue;
        if (t->flags & EVM_TF_PARA_INITIAL) {
            err = close_before(&sp, i);
            own_line_open = 0;
        }
        if (!err && (t->flags & EVM_TF_LINE_INITIAL)) {
            if (own_line_open) {
                err = close_before(&sp, i);
                own_line_open = 0;
            }
            /* Only lines that open with a capitalised word can be bylines
             * or datelines: test those, but not those whose second byte is
             * a lowercase ASCII letter, unless they open with "By": a
             * dateline opens with a word in capitals and a byline with "By "
             * (evm_line_is_dateline() would reject them). */
            if (!err && t->kind == EVM_TOK_WORD && (t->flags & EVM_TF_CAPITALISED) &&
                !cannot_open_dateline(text, len, t->start)) {
                size_t le = (size_t)(line_end(text, len, t->start) - (const unsigned char *)text);
                if (evm_line_is_dateline(text, t->start, le)) {
                    err = close_before(&sp, i);
                    own_line_open = 1;
                }
            }
        }
        if (err)
            break;
        if (t->kind == EVM_TOK_PUNCT && (t->flags & EVM_TF_TERMINAL)) {
            size_t j = skip_closers(toks, i);
            if (j >= n) {
                stopped = 1;
                break;
            }
            for (size_t k = i + 1; k < j; k++)
                tk[k].flags &= not_initial;
            const evm_token *nx = &tk[j];
            int split;
            if (is_cjk_stop(text, t))
                split = 1;
            else if (nx->flags & EVM_TF_GLUED)
                /* Scraped text loses the space between paragraphs
                 * ("in 2016.Facts", "person.\"Cuomo"): a glued mixed-case
                 * capitalised word still opens a sentence. */
                split = nx->kind == EVM_TOK_WORD && (nx->flags & EVM_TF_CAPITALISED) &&
                        !(nx->flags & EVM_TF_ALL_CAPS) && nx->end - nx->start >= 2 &&
                        t->end - t->start == 1 && text[t->start] != ',';
            else if (nx->kind == EVM_TOK_WORD)
                split = !starts_lowercase(text, nx);
            else if (nx->kind == EVM_TOK_PUNCT)
                split = (nx->flags & EVM_TF_OPEN) != 0;
            else
                split = 1;
            if (split)
                err = close_before(&sp, j);
            i = j - 1;
        } else if (t->kind == EVM_TOK_WORD && (t->flags & EVM_TF_ABBREV) &&
                   !(t->flags & EVM_TF_ABBREV_TITLE)) {
            size_t j = skip_closers(toks, i);
            if (j >= n) {
                stopped = 1;
                break;
            }
            const evm_token *nx = &tk[j];
            if (nx->flags & EVM_TF_GLUED)
                continue;
            for (size_t k = i + 1; k < j; k++)
                tk[k].flags &= not_initial;
            if (nx->kind == EVM_TOK_PUNCT && (nx->flags & EVM_TF_OPEN) && j + 1 < n)
                nx = &tk[j + 1];
            if (nx->kind == EVM_TOK_WORD && is_starter(text + nx->start, nx->end - nx->start))
                err = close_before(&sp, j);
            i = j - 1;
        }
    }
    for (size_t k = stopped ? i + 1 : i; k < n; k++)
        tk[k].flags &= not_initial;
    if (!err)
        err = close_before(&sp, n);
    if (err) {
        out->count = 0;
        return evm_diag_set(diag, err, "evm_sentences: %s", evm_error_describe(err));
    }
    return EVM_OK;
}

void evm_sentence_list_free(evm_sentence_list *s)
{
    if (!s)
        return;
    evm_free(s->items);
    s->items = NULL;
    s->count = s->cap = 0;
}
