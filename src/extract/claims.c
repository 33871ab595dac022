/*
 * claims.c - pattern-based extraction of distance, direction and containment
 * claims from one sentence.
 *
 * The sentence is cut into a private token stream (words, numbers,
 * punctuation) in which every geoparser mention becomes one PLACE token.
 * Patterns then run over that stream:
 *   quantity   [hedge] number [range] unit [(paired number unit)]
 *   distance   quantity [away] [by road] [to the] [direction] of|from PLACE
 *              ... of|from the PLACE border | the border with PLACE | PLACE's border
 *              quantity apart            (X and Y are N km apart)
 *              the N-km (M-mi) drive from X to Y
 *   direction  [to the] direction of PLACE      (no figure)
 *   containment X [,] in [region-adjective] Y['s [adj] Z [province]]
 *              X, a [...] city in Y ; X, the capital of Y
 * direction is a compass word ("north-east") or, in capitals, its
 * abbreviation ("NNE"). The subject of a distance or direction claim is
 * found by walking back from the phrase to the nearest place mention or
 * referent ("the city", "it", "which"), skipping attributive mentions ("the
 * Chinese border", "Sochi, on the Black Sea, is").
 * Most sentences hold no unit word, no compass word and no containment
 * opening after a mention: ascii_prescan() finds that without tokenizing,
 * and a pass whose word the tokenizer did not see is not run.
 */
#include "extract/claims.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bytes of a number literal we convert; longer digit runs are truncated
 * (no real distance has 63 digits). */
#define NUMBUF_MAX 64

enum tok_type { T_WORD, T_NUM, T_PUNCT, T_PLACE };

typedef struct tok {
    size_t start, end;
    int type;
    int place; /* index into in->places for T_PLACE, else -1 */
} tok;

typedef struct ctx {
    const evm_claim_input *in;
    const char *s; /* in->text */
    tok *toks;
    size_t ntok, cap;
    /* Set by tokenize(): some word may be a unit (unit_tab), some may be a
     * compass word (compass_tab); the number of PLACE tokens. */
    bool maybe_unit, maybe_compass;
    size_t nplace;
} ctx;

static inline void note_word(ctx *c, const unsigned char *p, size_t n);

/* Per byte (set once per process with the word tables): BC_LETTER for an
 * ASCII letter, BC_HIGH from 0x80 up, 0 for the others (ascii_prescan());
 * BC_UNIT and BC_COMPASS on the letters a unit or compass word starts with,
 * in either case (note_word()). */
enum { BC_LETTER = 1, BC_HIGH = 2, BC_UNIT = 4, BC_COMPASS = 8 };
static unsigned char byte_class[256];

/* ---------------------------------------------------------------- tokens */

static inline int is_ascii_alpha(unsigned char c)
{
    /* c | 0x20 is in 'a'..'z' for exactly the ASCII letters. */
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

static size_t utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

/* Classifies a non-ASCII character at p: 0 word letter, 1 punctuation,
 * 2 space. Only the punctuation and spaces news text uses are listed. */
static int utf8_class(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0xC2 && (p[1] == 0xA0))
        return 2; /* no-break space */
    if (n >= 2 && p[0] == 0xC2 && (p[1] == 0xB2 || p[1] == 0xB3 || p[1] == 0xB0))
        return 1; /* superscripts, degree sign */
    if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80) {
        if (p[2] <= 0x8A || p[2] == 0xAF)
            return 2; /* en/em/thin spaces */
        return 1;     /* dashes, quotes, ellipsis */
    }
    return 0;
}

static inline evm_error push_tok(ctx *c, size_t start, size_t end, int type, int place)
{
    if (c->ntok >= c->cap) { /* evm_grow() does nothing otherwise */
        void *items = c->toks;
        evm_error err = evm_grow(&items, &c->cap, c->ntok + 1, sizeof(tok));
        c->toks = items;
        if (err)
            return err;
    }
    c->toks[c->ntok].start = start;
    c->toks[c->ntok].end = end;
    c->toks[c->ntok].type = type;
    c->toks[c->ntok].place = place;
    c->ntok++;
    return EVM_OK;
}

static int cmp_place_start(const void *a, const void *b, const evm_claim_place *pl)
{
    size_t sa = pl[*(const int *)a].start, sb = pl[*(const int *)b].start;
    return sa < sb ? -1 : sa > sb;
}

/* Sorts place indices by start offset (insertion sort: a sentence has few). */
static void sort_places(int *idx, size_t n, const evm_claim_place *pl)
{
    for (size_t i = 1; i < n; i++) {
        int v = idx[i];
        size_t j = i;
        while (j > 0 && cmp_place_start(&idx[j - 1], &v, pl) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

/* isdigit() in the C locale, the only one evmap runs in. */
static inline int is_digit(unsigned char ch)
{
    return ch >= '0' && ch <= '9';
}

static evm_error tokenize(ctx *c, const int *order, size_t norder)
{
    const evm_claim_input *in = c->in;
    const unsigned char *s = (const unsigned char *)in->text;
    size_t pos = in->sentence_start, end = in->sentence_end, next = 0;
    /* One allocation for most sentences (a token and its space are about
     * five bytes); push_tok() grows the array past that. */
    void *items = c->toks;
    evm_error err =
        end > pos ? evm_grow(&items, &c->cap, (end - pos) / 4 + 8, sizeof(tok)) : EVM_OK;
    c->toks = items;
    /* The start of the next mention (end when none is left): the mention
     * checks below run only once pos reaches it. */
    size_t nstart = next < norder ? in->places[order[next]].start : end;
    while (pos < end && !err) {
        if (pos >= nstart && next < norder) {
            while (next < norder && in->places[order[next]].start < pos)
                next++; /* overlapping mentions: the first one wins */
            if (next < norder && in->places[order[next]].start == pos) {
                const evm_claim_place *p = &in->places[order[next]];
                err = push_tok(c, p->start, p->end, T_PLACE, order[next]);
                c->nplace++;
                pos = p->end > pos ? p->end : pos + 1;
                next++;
                nstart = next < norder ? in->places[order[next]].start : end;
                continue;
            }
            nstart = next < norder ? in->places[order[next]].start : end;
        }
        size_t lim = nstart;
        unsigned char ch = s[pos];
        if (ch == ' ' || (ch >= '\t' && ch <= '\r')) { /* isspace() in the C locale */
            pos++;
        } else if (ch >= '0' && ch <= '9') {
            size_t q = pos;
            while (q < lim) {
                if (s[q] >= '0' && s[q] <= '9') {
                    q++;
                } else if (s[q] == ',' && q + 3 < lim && is_digit(s[q + 1]) && is_digit(s[q + 2]) &&
                           is_digit(s[q + 3]) && (q + 4 >= lim || !is_digit(s[q + 4]))) {
                    q += 4; /* thousands separator: exactly three digits follow */
                } else if (s[q] == '.' && q + 1 < lim && is_digit(s[q + 1])) {
                    q++;
                } else {
                    break;
                }
            }
            err = push_tok(c, pos, q, T_NUM, -1);
            pos = q;
        } else if (is_ascii_alpha(ch) || (ch >= 0x80 && utf8_class(s + pos, end - pos) == 0)) {
            size_t q = pos;
            while (q < lim) {
                if (is_ascii_alpha(s[q])) {
                    q++;
                } else if (s[q] >= 0x80 && utf8_class(s + q, lim - q) == 0) {
                    size_t l = utf8_len(s[q]);
                    q += (q + l <= lim) ? l : 1;
                } else {
                    break;
                }
            }
            err = push_tok(c, pos, q, T_WORD, -1);
            note_word(c, s + pos, q - pos);
            pos = q;
        } else if (ch >= 0x80) {
            size_t l = utf8_len(ch);
            if (pos + l > end)
                l = 1;
            if (utf8_class(s + pos, end - pos) == 2)
                pos += l;
            else {
                err = push_tok(c, pos, pos + l, T_PUNCT, -1);
                pos += l;
            }
        } else {
            err = push_tok(c, pos, pos + 1, T_PUNCT, -1);
            pos++;
        }
    }
    return err;
}

static size_t skip_ascii_space(const unsigned char *s, size_t t, size_t end)
{
    while (t < end && (s[t] == ' ' || (s[t] >= '\t' && s[t] <= '\r')))
        t++;
    return t;
}

/* Whether the token tokenize() makes at t (an ASCII letter there) may be
 * the word w (lower case): its letters are w's, ignoring case, and the token
 * may end after them (the sentence ends, the next byte is no ASCII letter:
 * from 0x80 up it may be, or a mention starts there and cuts it). */
static bool token_may_be(const evm_claim_input *in, const unsigned char *s, size_t t, size_t end,
                         const char *w)
{
    size_t n = strlen(w);
    if (n > end - t)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[t + i] | 0x20) != (unsigned char)w[i])
            return false; /* c | 0x20 is a lower-case letter only for it and its capital */
    size_t e = t + n;
    if (e >= end || !is_ascii_alpha(s[e]))
        return true;
    for (size_t p = 0; p < in->place_count; p++)
        if (in->places[p].start == e)
            return true;
    return false;
}

/* Whether the tokens from t on may be "in", or "," then "in", "a", "an" or
 * "the": the openings containment_claims() looks for after a PLACE token
 * (tw() compares a whole word token, ignoring case). A byte from 0x80 up
 * where a token would start counts too (tokenize() may read it as a space,
 * as a no-break space, and find the word after it). */
static bool containment_opening(const evm_claim_input *in, const unsigned char *s, size_t t,
                                size_t end)
{
    t = skip_ascii_space(s, t, end);
    if (t >= end)
        return false;
    if (s[t] >= 0x80)
        return true;
    if (s[t] == ',') {
        t = skip_ascii_space(s, t + 1, end);
        if (t >= end)
            return false;
        if (s[t] >= 0x80)
            return true;
        return token_may_be(in, s, t, end, "in") || token_may_be(in, s, t, end, "a") ||
               token_may_be(in, s, t, end, "an") || token_may_be(in, s, t, end, "the");
    }
    return token_may_be(in, s, t, end, "in");
}

/* Whether tokenize() would find something for the passes to read: some
 * word token that may be a unit or compass word (note_word()), or, with two
 * mentions or more, a PLACE token followed by what may open a containment
 * (containment_opening()) and by a later mention (the container, which
 * containment_claims() looks for after it); found without making the tokens: 1 or 0, or -1
 * for a sentence holding a byte from 0x80 up outside the mentions
 * (tokenize() then decides; with SSE2, only one outside the punctuation and
 * spaces nonletter_utf8() knows). In ASCII, tokenize() makes a word token of every maximal run of
 * letters, cut at the mentions it keeps: numbers, punctuation and spaces
 * hold no letter, every token ends at the next mention's start at the
 * latest (lim) and every other one is one byte long, so the walk below
 * reaches each mention's start as tokenize() does (dropping those that
 * start inside an earlier one), and the token after a mention starts at
 * the first byte that is no space. */
#if defined(__SSE2__)
/* The letter and high-byte masks of the 64 bytes at p (bit i for p[i]):
 * an ASCII letter is a byte whose c | 0x20 lies in 'a'..'z' (is_ascii_alpha;
 * as signed bytes those from 0x80 up are negative and fail the test), a
 * high byte one from 0x80 up (BC_LETTER and BC_HIGH of byte_class). */
static inline void masks64(const unsigned char *p, uint64_t *letters, uint64_t *high)
{
    const __m128i below_a = _mm_set1_epi8('a' - 1), above_z = _mm_set1_epi8('z' + 1);
    const __m128i bit5 = _mm_set1_epi8(0x20);
    uint64_t l = 0, h = 0;
    for (int j = 0; j < 4; j++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j));
        __m128i x = _mm_or_si128(v, bit5);
        __m128i m = _mm_and_si128(_mm_cmpgt_epi8(x, below_a), _mm_cmpgt_epi8(above_z, x));
        l |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << (16 * j);
        h |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * j);
    }
    *letters = l;
    *high = h;
}

/* The length of the character at s[at] when tokenize() reads it as
 * punctuation or space (utf8_class() 1 or 2) and all its bytes are high and
 * lie before b: a no-break space, a superscript two or three or a degree
 * sign (C2 A0, B2, B3, B0), or E2 80 and a byte from 0x80 up (spaces,
 * dashes, quotes, ellipsis); else 0. tokenize() then steps over its
 * utf8_len() bytes, as from any byte they are read at: no word starts or
 * goes on in them. */
static size_t nonletter_utf8(const unsigned char *s, size_t at, size_t b)
{
    if (s[at] == 0xC2 && at + 2 <= b)
        return s[at + 1] == 0xA0 || s[at + 1] == 0xB0 || s[at + 1] == 0xB2 || s[at + 1] == 0xB3 ? 2
                                                                                                : 0;
    if (s[at] == 0xE2 && at + 3 <= b && s[at + 1] == 0x80 && s[at + 2] >= 0x80)
        return 3;
    return 0;
}

/* ascii_prescan()'s walk over s[a, b) (no mention in it), 64 bytes at a
 * time: -1 at a high byte not of a nonletter_utf8() character, 1 once a
 * word token may be a unit or compass word, else 0. The word tokens there
 * are the maximal runs of ASCII letters clipped to [a, b) (the characters
 * nonletter_utf8() accepts end them as tokenize()'s word loop ends at
 * them): a run starts at a letter after a non-letter or at a;
 * only one whose first letter note_word() looks at needs its end. Bytes
 * from b on are masked off; the last chunks of the text are read from a
 * copy (nothing is read past text_len). */
static int prescan_span(ctx *c, const unsigned char *s, size_t a, size_t b, size_t text_len)
{
    uint64_t carry = 0; /* the previous chunk's last byte was a letter */
    size_t skip_to = a; /* bytes before it: of a character skipped below */
    for (size_t x = a; x < b; x += 64) {
        uint64_t l, h;
        if (text_len - x >= 64) {
            masks64(s + x, &l, &h);
        } else {
            unsigned char tmp[64] = {0};
            memcpy(tmp, s + x, text_len - x);
            masks64(tmp, &l, &h);
        }
        if (b - x < 64) {
            uint64_t keep = ((uint64_t)1 << (b - x)) - 1;
            l &= keep;
            h &= keep;
        }
        /* Non-ASCII characters tokenize() reads as punctuation or space
         * (utf8_class() 1 or 2, all their bytes high: no letter, no word
         * start, the word before them ends there) are skipped; any other
         * high byte hands the sentence to tokenize(). */
        for (uint64_t hh = h; hh; hh &= hh - 1) {
            size_t at = x + (unsigned)__builtin_ctzll(hh);
            if (at < skip_to)
                continue; /* a continuation byte of the last one */
            size_t n = nonletter_utf8(s, at, b);
            if (!n)
                return -1;
            skip_to = at + n;
        }
        uint64_t starts = l & ~((l << 1) | carry);
        carry = l >> 63;
        while (starts) {
            unsigned i = (unsigned)__builtin_ctzll(starts);
            starts &= starts - 1;
            if (!(byte_class[s[x + i]] & (BC_UNIT | BC_COMPASS)))
                continue;
            uint64_t rest = ~l >> i; /* bit 0 clear: s[x + i] is a letter */
            size_t e;
            if (rest) {
                e = x + i + (unsigned)__builtin_ctzll(rest);
            } else { /* the run goes on into the next chunk */
                e = x + 64;
                while (e < b && is_ascii_alpha(s[e]))
                    e++;
            }
            note_word(c, s + x + i, e - (x + i));
            if (c->maybe_unit || c->maybe_compass)
                return 1;
        }
    }
    return 0;
}
#endif

#if defined(__SSE2__)
static int ascii_prescan(ctx *c, const int *order, size_t norder)
{
    const evm_claim_input *in = c->in;
    const unsigned char *s = (const unsigned char *)in->text;
    size_t q = in->sentence_start, end = in->sentence_end, next = 0;
    /* The spans between the mentions tokenize() keeps (a mention starting
     * before the end of the previous kept one is dropped), each followed
     * by the containment test. Any nonzero answer sends the sentence to
     * tokenize(), so the walk stops at the first one. */
    for (;;) {
        while (next < norder && in->places[order[next]].start < q)
            next++;
        size_t b = next < norder ? in->places[order[next]].start : end;
        int r = prescan_span(c, s, q, b, in->text_len);
        if (r)
            return r;
        if (next >= norder)
            return 0;
        q = in->places[order[next]].end;
        next++;
        /* Every container is a PLACE token after the opening one: a
         * mention starting at q or later (the last one does if any does). */
        if (norder >= 2 && in->places[order[norder - 1]].start >= q &&
            containment_opening(in, s, q, end))
            return 1;
    }
}
#else
static int ascii_prescan(ctx *c, const int *order, size_t norder)
{
    const evm_claim_input *in = c->in;
    const unsigned char *s = (const unsigned char *)in->text;
    size_t q = in->sentence_start, end = in->sentence_end, next = 0;
    size_t nstart = next < norder ? in->places[order[next]].start : end;
    while (q < end) {
        if (q >= nstart && next < norder) {
            while (next < norder && in->places[order[next]].start < q)
                next++;
            if (next < norder && in->places[order[next]].start == q) {
                const evm_claim_place *p = &in->places[order[next]];
                q = p->end > q ? p->end : q + 1;
                next++;
                nstart = next < norder ? in->places[order[next]].start : end;
                if (norder >= 2 && in->places[order[norder - 1]].start >= q &&
                    containment_opening(in, s, q, end))
                    return 1; /* a container must follow (see the SSE2 version) */
                continue;
            }
            nstart = next < norder ? in->places[order[next]].start : end;
        }
        /* nstart is end once no mention is left. */
        while (q < nstart && byte_class[s[q]] == 0)
            q++; /* spaces, digits, punctuation */
        if (q >= nstart)
            continue;
        if (byte_class[s[q]] & BC_HIGH)
            return -1;
        size_t a = q;
        while (q < nstart && (byte_class[s[q]] & BC_LETTER))
            q++;
        note_word(c, s + a, q - a);
    }
    return c->maybe_unit || c->maybe_compass;
}
#endif

/* ------------------------------------------------------ token predicates */

static int valid(const ctx *c, long i)
{
    return i >= 0 && (size_t)i < c->ntok;
}

/* ASCII lower case: tolower() in the C locale, which is the only one evmap
 * runs in (it never calls setlocale), without a library call. */
static inline int lower_c(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

/* Whether the n bytes at p equal the ASCII literal w (NUL-terminated),
 * ignoring the case of p; p[0] is already known to match. */
static inline int rest_eq(const char *p, size_t n, const char *w)
{
    for (size_t k = 1; k < n; k++)
        if (w[k] == '\0' || lower_c((unsigned char)p[k]) != w[k])
            return 0;
    return w[n] == '\0';
}

/* Case-insensitive match of word token i against an ASCII literal. */
static inline int tw(const ctx *c, long i, const char *w)
{
    if (!valid(c, i) || c->toks[i].type != T_WORD)
        return 0;
    const char *p = c->s + c->toks[i].start;
    if (lower_c((unsigned char)p[0]) != w[0])
        return 0; /* most calls end here */
    return rest_eq(p, c->toks[i].end - c->toks[i].start, w);
}

/* Matches token i against any word of a NULL-terminated list; returns the
 * list index or -1. */
static int tw_any(const ctx *c, long i, const char *const *list)
{
    if (!valid(c, i) || c->toks[i].type != T_WORD)
        return -1;
    const char *p = c->s + c->toks[i].start;
    size_t n = c->toks[i].end - c->toks[i].start;
    int first = lower_c((unsigned char)p[0]);
    for (int k = 0; list[k]; k++)
        if (list[k][0] == first && rest_eq(p, n, list[k]))
            return k;
    return -1;
}

/* Punctuation token i is the ASCII character ch (or, for '-', a dash; for
 * '\'', a typographic apostrophe). */
static int tp(const ctx *c, long i, char ch)
{
    if (!valid(c, i) || c->toks[i].type != T_PUNCT)
        return 0;
    const unsigned char *p = (const unsigned char *)c->s + c->toks[i].start;
    size_t len = c->toks[i].end - c->toks[i].start;
    if (len == 1)
        return p[0] == (unsigned char)ch;
    if (len == 3 && p[0] == 0xE2 && p[1] == 0x80) {
        if (ch == '-')
            return p[2] == 0x90 || p[2] == 0x91 || p[2] == 0x93 || p[2] == 0x94;
        if (ch == '\'')
            return p[2] == 0x99;
    }
    return 0;
}

static int is_place(const ctx *c, long i)
{
    return valid(c, i) && c->toks[i].type == T_PLACE;
}

static int is_lower_word(const ctx *c, long i)
{
    return valid(c, i) && c->toks[i].type == T_WORD &&
           islower((unsigned char)c->s[c->toks[i].start]);
}

/* "X's": returns the token after the "s", or -1. */
static long possessive_end(const ctx *c, long i)
{
    if (tp(c, i + 1, '\'') && tw(c, i + 2, "s") && c->toks[i + 1].start == c->toks[i].end)
        return i + 3;
    return -1;
}

/* --------------------------------------------------------------- numbers */

typedef struct number {
    double value, step;
    long first, last; /* tokens, inclusive */
} number;

static const char *const small_words[] = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL};
static const char *const tens_words[] = {"twenty",  "thirty", "forty",  "fifty", "sixty",
                                         "seventy", "eighty", "ninety", NULL};

/* A 6-bit hash of the n bytes at p, ASCII letters folded to lower case as
 * tw() compares them. */
static inline unsigned word_hash6(const char *s, size_t n)
{
    /* The length and the first and last bytes only: no loop over the word. */
    uint32_t f = n ? (uint32_t)lower_c((unsigned char)s[0]) : 0;
    uint32_t l = n ? (uint32_t)lower_c((unsigned char)s[n - 1]) : 0;
    uint32_t h = f * 131u + l * 31u + (uint32_t)n * 7u;
    return (unsigned)((h ^ (h >> 6)) & 63u);
}

/* The word_hash6() bits of the words a word number can start with ("a",
 * "an", small and tens words), set once per process: a word whose bit is not
 * set starts none (parse_number). */
static uint64_t num_start_mask;

/* The words parse_unit() and compass_word() accept. */
static const char *const unit_km[] = {"km",        "kms",        "kilometer", "kilometers",
                                      "kilometre", "kilometres", NULL};
static const char *const unit_mi[] = {"mi", "mile", "miles", NULL};
static const char *const unit_m[] = {"m", "meter", "meters", "metre", "metres", NULL};
static const char *const unit_ft[] = {"ft", "foot", "feet", NULL};
static const char *const unit_yd[] = {"yd", "yds", "yard", "yards", NULL};
static const char *const unit_other[] = {"nautical", "nmi", "nm", NULL};
static const char *const compass_prim[] = {"north", "east", "south", "west", NULL};
static const char *const compass_pairs[] = {"northeast", "northwest", "southeast", "southwest",
                                            NULL};
/* The 16 points' abbreviations, clockwise from north; matched only in
 * capitals ("400 km NW of Baghdad"). */
static const char *const compass_abbrev[] = {"n",  "nne", "ne", "ene", "e",  "ese",
                                             "se", "sse", "s",  "ssw", "sw", "wsw",
                                             "w",  "wnw", "nw", "nnw", NULL};

/* A 12-bit hash of the n bytes at p (n > 0) from their length and their
 * first, second and last bytes, ASCII letters folded to lower case as tw()
 * compares them: a word equal to a listed word has its hash. */
static inline unsigned word_hash12(const unsigned char *p, size_t n)
{
    uint32_t h = (uint32_t)lower_c(p[0]);
    h = h * 31u + (n > 1 ? (uint32_t)lower_c(p[1]) : 0u);
    h = h * 31u + (uint32_t)lower_c(p[n - 1]);
    h = h * 31u + (uint32_t)n;
    h *= 0x9E3779B1u;
    return (unsigned)(h >> 20);
}

/* The word_hash12() bits of the unit and of the compass words: a word whose
 * bit is not set is none of them. */
static uint64_t unit_tab[64], compass_tab[64];

static void hash_tab_add(uint64_t tab[64], const char *const *list)
{
    for (size_t i = 0; list[i]; i++) {
        unsigned h = word_hash12((const unsigned char *)list[i], strlen(list[i]));
        tab[h >> 6] |= (uint64_t)1 << (h & 63);
    }
}

static inline bool in_hash_tab(const uint64_t tab[64], unsigned h)
{
    return tab[h >> 6] >> (h & 63) & 1;
}
/* Per word_hash6() value, the small words (bits 0 to 19) and tens words
 * (bits 20 to 27) with that hash: a word equal to one of them has its hash
 * (word_may_start_number). */
static uint32_t num_word_bucket[64];
static pthread_once_t num_start_once = PTHREAD_ONCE_INIT;

#define N_SMALL_WORDS 20
_Static_assert(sizeof small_words / sizeof small_words[0] == N_SMALL_WORDS + 1 &&
                   sizeof tens_words / sizeof tens_words[0] <= 32 - N_SMALL_WORDS + 1,
               "num_word_bucket holds 32 bits");

static void num_start_init(void)
{
    for (int b = 0; b < 256; b++)
        byte_class[b] = (unsigned char)(b >= 0x80                          ? BC_HIGH
                                        : is_ascii_alpha((unsigned char)b) ? BC_LETTER
                                                                           : 0);
    /* The first letters note_word() looks at: parse_unit()'s and
     * compass_word()'s. */
    for (const char *u = "kfymnKFYMN"; *u; u++)
        byte_class[(unsigned char)*u] |= BC_UNIT;
    for (const char *w = "neswNESW"; *w; w++)
        byte_class[(unsigned char)*w] |= BC_COMPASS;
    hash_tab_add(unit_tab, unit_km);
    hash_tab_add(unit_tab, unit_mi);
    hash_tab_add(unit_tab, unit_m);
    hash_tab_add(unit_tab, unit_ft);
    hash_tab_add(unit_tab, unit_yd);
    hash_tab_add(unit_tab, unit_other);
    hash_tab_add(compass_tab, compass_prim);
    hash_tab_add(compass_tab, compass_pairs);
    hash_tab_add(compass_tab, compass_abbrev);
    num_start_mask |= (uint64_t)1 << word_hash6("a", 1);
    num_start_mask |= (uint64_t)1 << word_hash6("an", 2);
    for (size_t i = 0; small_words[i]; i++) {
        unsigned h = word_hash6(small_words[i], strlen(small_words[i]));
        num_start_mask |= (uint64_t)1 << h;
        num_word_bucket[h] |= 1u << i;
    }
    for (size_t i = 0; tens_words[i]; i++) {
        unsigned h = word_hash6(tens_words[i], strlen(tens_words[i]));
        num_start_mask |= (uint64_t)1 << h;
        num_word_bucket[h] |= 1u << (N_SMALL_WORDS + i);
    }
}

/* Notes word token p[0..n) in c's flags: a word whose first letter and
 * hash fit a unit word (parse_unit() tests these letters first) or a
 * compass word may be one; the others are certainly not. */
static inline void note_word(ctx *c, const unsigned char *p, size_t n)
{
    unsigned cls = byte_class[p[0]];
    if (!(cls & (BC_UNIT | BC_COMPASS)))
        return;
    unsigned h = word_hash12(p, n);
    if (cls & BC_UNIT)
        c->maybe_unit |= in_hash_tab(unit_tab, h);
    if ((cls & BC_COMPASS) && (n > 3 || p[0] < 'a')) /* abbreviations: in capitals */
        c->maybe_compass |= in_hash_tab(compass_tab, h);
}

/* Rounding step implied by a decimal literal: 680 -> 10, 700 -> 100, 425 -> 5,
 * 1.5 -> 0.1, 2.25 -> 0.05. */
static double literal_step(const char *digits)
{
    const char *dot = strchr(digits, '.');
    size_t n = strlen(digits);
    if (dot) {
        size_t dec = n - (size_t)(dot - digits) - 1;
        double step = pow(10.0, -(double)dec);
        return digits[n - 1] == '5' ? step * 5.0 : step;
    }
    size_t zeros = 0, sig = 0;
    const char *p = digits;
    while (*p == '0' && p[1])
        p++;
    size_t len = strlen(p);
    while (zeros < len && p[len - 1 - zeros] == '0')
        zeros++;
    sig = len - zeros;
    if (sig == 0)
        return 1.0;
    double step = pow(10.0, (double)zeros);
    if (sig >= 2 && p[sig - 1] == '5')
        step *= 5.0;
    return step;
}

static double int_step(double v)
{
    char buf[NUMBUF_MAX];
    if (v < 1 || v > 1e15)
        return 1.0;
    snprintf(buf, sizeof buf, "%.0f", v);
    return literal_step(buf);
}

static int scale_word(const ctx *c, long i, double *scale)
{
    if (tw(c, i, "thousand"))
        *scale = 1e3;
    else if (tw(c, i, "million"))
        *scale = 1e6;
    else if (tw(c, i, "billion"))
        *scale = 1e9;
    else
        return 0;
    return 1;
}

/* Can the word p[0, n) start a word number? It starts with "a", "an" or a
 * small or tens word (below): any other first letter, or a word whose hash
 * is not in num_start_mask, cannot. */
static bool may_start_word_number(const char *p, size_t n)
{
    switch (lower_c((unsigned char)p[0])) {
    case 'a':
    case 'e':
    case 'f':
    case 'n':
    case 'o':
    case 's':
    case 't':
    case 'z':
        return num_start_mask >> word_hash6(p, n) & 1;
    default:
        return false;
    }
}

/* Parses a number starting at token i: "1,260", "2.9", "1.5 million",
 * "twenty-five", "a hundred", "two dozen", "three hundred and fifty". */
static int parse_number(const ctx *c, long i, number *out)
{
    if (!valid(c, i))
        return 0;
    if (c->toks[i].type == T_WORD &&
        !may_start_word_number(c->s + c->toks[i].start, c->toks[i].end - c->toks[i].start))
        return 0;
    if (c->toks[i].type == T_NUM) {
        char buf[NUMBUF_MAX];
        size_t k = 0;
        for (size_t p = c->toks[i].start; p < c->toks[i].end && k + 1 < sizeof buf; p++)
            if (c->s[p] != ',')
                buf[k++] = c->s[p];
        buf[k] = '\0';
        out->value = strtod(buf, NULL);
        out->step = literal_step(buf);
        out->first = out->last = i;
        double scale;
        if (scale_word(c, i + 1, &scale)) {
            out->value *= scale;
            out->step *= scale;
            out->last = i + 1;
        }
        return 1;
    }
    /* Word numbers: current group and total, as in "two hundred and five". */
    double total = 0, cur = 0, step = 0;
    int any = 0, dozen = 0, article = 0;
    long j = i, last = -1;
    if (tw(c, j, "a") || tw(c, j, "an")) {
        article = 1;
        j++;
    }
    for (;; j++) {
        int k;
        double scale;
        if ((k = tw_any(c, j, small_words)) >= 0 && !article) {
            cur += k;
            any = 1;
            last = j;
        } else if ((k = tw_any(c, j, tens_words)) >= 0 && !article) {
            cur += 20 + 10 * k;
            any = 1;
            last = j;
            if (tp(c, j + 1, '-') && tw_any(c, j + 2, small_words) >= 1 &&
                tw_any(c, j + 2, small_words) <= 9) {
                cur += tw_any(c, j + 2, small_words);
                j += 2;
                last = j;
            }
        } else if (tw(c, j, "hundred") && (any || article)) {
            cur = (cur > 0 ? cur : 1) * 100;
            any = 1;
            article = 0;
            last = j;
        } else if (tw(c, j, "dozen") && (any || article)) {
            cur = (cur > 0 ? cur : 1) * 12;
            dozen = 1;
            any = 1;
            article = 0;
            last = j;
        } else if (scale_word(c, j, &scale) && (any || article)) {
            total += (cur > 0 ? cur : 1) * scale;
            if (dozen && step == 0)
                step = 12 * scale;
            cur = 0;
            any = 1;
            article = 0;
            last = j;
        } else if (tw(c, j, "and") && any &&
                   (tw_any(c, j + 1, small_words) >= 1 || tw_any(c, j + 1, tens_words) >= 0)) {
            continue;
        } else {
            break;
        }
    }
    if (!any || last < 0)
        return 0;
    out->value = total + cur;
    if (dozen && step == 0)
        step = 12;
    out->step = step > 0 ? step : int_step(out->value);
    out->first = i;
    out->last = last;
    return 1;
}

/* ----------------------------------------------------------------- units */

/* Parses a length unit at token i; *last gets its last token. */
static evm_unit parse_unit(const ctx *c, long i, long *last)
{
    const char *const *km = unit_km, *const *mi = unit_mi, *const *m = unit_m, *const *ft = unit_ft,
                      *const *yd = unit_yd;
    *last = i;
    /* Every unit word below starts with k, n, m, f or y: most tokens end here. */
    if (!valid(c, i) || c->toks[i].type != T_WORD)
        return EVM_UNIT_NONE;
    switch (lower_c((unsigned char)c->s[c->toks[i].start])) {
    case 'k':
    case 'n':
    case 'm':
    case 'f':
    case 'y':
        break;
    default:
        return EVM_UNIT_NONE;
    }
    if (tw_any(c, i, km) >= 0)
        return EVM_UNIT_KM;
    if (tw(c, i, "nautical") && tw_any(c, i + 1, mi) >= 0) {
        *last = i + 1;
        return EVM_UNIT_NMI;
    }
    if (tw(c, i, "nmi") || tw(c, i, "nm"))
        return EVM_UNIT_NMI;
    if (tw_any(c, i, mi) >= 0)
        return EVM_UNIT_MI;
    if (tw_any(c, i, m) >= 0)
        return EVM_UNIT_M;
    if (tw_any(c, i, ft) >= 0)
        return EVM_UNIT_FT;
    if (tw_any(c, i, yd) >= 0)
        return EVM_UNIT_YD;
    return EVM_UNIT_NONE;
}

double evm_unit_km(evm_unit unit)
{
    switch (unit) {
    case EVM_UNIT_KM:
        return 1.0;
    case EVM_UNIT_MI:
        return 1.609344;
    case EVM_UNIT_NMI:
        return 1.852;
    case EVM_UNIT_M:
        return 0.001;
    case EVM_UNIT_FT:
        return 0.0003048;
    case EVM_UNIT_YD:
        return 0.0009144;
    case EVM_UNIT_NONE:
        break;
    }
    return 0.0;
}

/* ------------------------------------------------------------ directions */

static const char *const dir16[16] = {"north", "north-northeast", "northeast", "east-northeast",
                                      "east",  "east-southeast",  "southeast", "south-southeast",
                                      "south", "south-southwest", "southwest", "west-southwest",
                                      "west",  "west-northwest",  "northwest", "north-northwest"};

/* Splits a compass word ("north", "northeast", "southwest") into bearings;
 * returns the number of primaries (1 or 2), 3 for an abbreviation ("NNE"),
 * or 0. */
static int compass_word(const ctx *c, long i, double deg[2])
{
    const char *const *prim = compass_prim;
    static const double pdeg[] = {0, 90, 180, 270};
    /* Every word below starts with n, e, s or w: most tokens end here. */
    if (!valid(c, i) || c->toks[i].type != T_WORD)
        return 0;
    int first = lower_c((unsigned char)c->s[c->toks[i].start]);
    if (first != 'n' && first != 'e' && first != 's' && first != 'w')
        return 0;
    /* ... and is 4, 5 or 9 letters long, or an abbreviation in capitals
     * (a whole bearing, returned as 3). */
    size_t len = c->toks[i].end - c->toks[i].start;
    if (len <= 3) {
        const char *p = c->s + c->toks[i].start;
        for (size_t b = 0; b < len; b++)
            if (p[b] < 'A' || p[b] > 'Z')
                return 0;
        int k = tw_any(c, i, compass_abbrev);
        if (k < 0)
            return 0;
        deg[0] = 22.5 * k;
        return 3;
    }
    if (len != 4 && len != 5 && len != 9)
        return 0;
    int k = tw_any(c, i, prim);
    if (k >= 0) {
        deg[0] = pdeg[k];
        return 1;
    }
    const char *const *pairs = compass_pairs;
    static const double pair_deg[] = {45, 315, 135, 225};
    k = tw_any(c, i, pairs);
    if (k >= 0) {
        deg[0] = pair_deg[k];
        return 2;
    }
    return 0;
}

/* False only for a token i where parse_direction() certainly finds
 * nothing: it needs a word starting with n, e, s or w (compass_word()), or
 * "due" before one. */
static inline int may_start_direction(const ctx *c, long i)
{
    if (!valid(c, i) || c->toks[i].type != T_WORD)
        return 0;
    switch (lower_c((unsigned char)c->s[c->toks[i].start])) {
    case 'n':
    case 'e':
    case 's':
    case 'w':
    case 'd':
        return 1;
    default:
        return 0;
    }
}

/* Parses "north", "northeast", "north-east", "north-northeast",
 * "north-north-east", optionally after "due". Returns the token after it,
 * or -1; *deg gets the bearing. */
static long parse_direction(const ctx *c, long i, double *deg)
{
    double a[2], b[2];
    if (tw(c, i, "due"))
        i++;
    int na = compass_word(c, i, a);
    if (!na)
        return -1;
    long next = i + 1;
    double d = a[0];
    if (tp(c, i + 1, '-')) {
        int nb = compass_word(c, i + 2, b);
        double d2 = -1;
        if (na == 1 && nb == 1) {
            /* north-east: N/S first, E/W second */
            if ((a[0] == 0 || a[0] == 180) && (b[0] == 90 || b[0] == 270))
                d2 = a[0] == 0 ? (b[0] == 90 ? 45 : 315) : (b[0] == 90 ? 135 : 225);
        } else if (na == 1 && nb == 2) {
            /* north-northeast: mean of the primary and the pair */
            double diff = fmod(b[0] - a[0] + 540.0, 360.0) - 180.0;
            if (fabs(diff) == 45.0)
                d2 = fmod(a[0] + diff / 2 + 360.0, 360.0);
        }
        if (d2 >= 0) {
            d = d2;
            next = i + 3;
        }
    }
    *deg = d;
    return next;
}

static const char *direction_name(double deg)
{
    long k = lround(deg / 22.5) % 16;
    return dir16[k < 0 ? k + 16 : k];
}

/* Region adjectives of containment phrases ("in northeastern China"). */
static long parse_region(const ctx *c, long i, const char **name)
{
    static const char *const adj[] = {
        "northern",     "southern",     "eastern",      "western", "northeastern",
        "northwestern", "southeastern", "southwestern", "central", NULL};
    static const char *const hy1[] = {"north", "south", NULL};
    static const char *const hy2[] = {"eastern", "western", NULL};
    static const char *const hyname[2][2] = {{"northeastern", "northwestern"},
                                             {"southeastern", "southwestern"}};
    int k = tw_any(c, i, adj);
    if (k >= 0) {
        *name = adj[k];
        return i + 1;
    }
    int a = tw_any(c, i, hy1);
    if (a >= 0 && tp(c, i + 1, '-')) {
        int b = tw_any(c, i + 2, hy2);
        if (b >= 0) {
            *name = hyname[a][b];
            return i + 3;
        }
    }
    return -1;
}

/* ----------------------------------------------------------- quantities */

typedef struct quantity {
    long first, last; /* tokens incl. hedge and paired figure */
    long num_first;   /* first token of the figure */
    evm_claim_figure fig, second;
    evm_hedge hedge;
    int range, compound;
} quantity;

typedef struct hedge_form {
    const char *words[4];
    evm_hedge hedge;
} hedge_form;

static const hedge_form hedges[] = {
    {{"a", "little", "more", "than"}, EVM_HEDGE_JUST_OVER},
    {{"no", "more", "than", NULL}, EVM_HEDGE_UP_TO},
    {{"no", "less", "than", NULL}, EVM_HEDGE_AT_LEAST},
    {{"a", "little", "over", NULL}, EVM_HEDGE_JUST_OVER},
    {{"little", "more", "than", NULL}, EVM_HEDGE_JUST_OVER},
    {{"as", "much", "as", NULL}, EVM_HEDGE_UP_TO},
    {{"in", "excess", "of", NULL}, EVM_HEDGE_MORE_THAN},
    {{"more", "than", NULL, NULL}, EVM_HEDGE_MORE_THAN},
    {{"less", "than", NULL, NULL}, EVM_HEDGE_LESS_THAN},
    {{"fewer", "than", NULL, NULL}, EVM_HEDGE_LESS_THAN},
    {{"at", "least", NULL, NULL}, EVM_HEDGE_AT_LEAST},
    {{"at", "most", NULL, NULL}, EVM_HEDGE_UP_TO},
    {{"up", "to", NULL, NULL}, EVM_HEDGE_UP_TO},
    {{"close", "to", NULL, NULL}, EVM_HEDGE_NEARLY},
    {{"just", "under", NULL, NULL}, EVM_HEDGE_NEARLY},
    {{"just", "below", NULL, NULL}, EVM_HEDGE_NEARLY},
    {{"just", "short", "of", NULL}, EVM_HEDGE_NEARLY},
    {{"just", "over", NULL, NULL}, EVM_HEDGE_JUST_OVER},
    {{"just", "above", NULL, NULL}, EVM_HEDGE_JUST_OVER},
    {{"well", "over", NULL, NULL}, EVM_HEDGE_MORE_THAN},
    {{"an", "estimated", NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"about", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"roughly", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"some", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"around", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"approximately", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"approx", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"circa", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"estimated", NULL, NULL, NULL}, EVM_HEDGE_ABOUT},
    {{"nearly", NULL, NULL, NULL}, EVM_HEDGE_NEARLY},
    {{"almost", NULL, NULL, NULL}, EVM_HEDGE_NEARLY},
    {{"barely", NULL, NULL, NULL}, EVM_HEDGE_NEARLY},
    {{"over", NULL, NULL, NULL}, EVM_HEDGE_MORE_THAN},
    {{"above", NULL, NULL, NULL}, EVM_HEDGE_MORE_THAN},
    {{"beyond", NULL, NULL, NULL}, EVM_HEDGE_MORE_THAN},
    {{"under", NULL, NULL, NULL}, EVM_HEDGE_LESS_THAN},
    {{"below", NULL, NULL, NULL}, EVM_HEDGE_LESS_THAN},
    {{"within", NULL, NULL, NULL}, EVM_HEDGE_WITHIN},
    {{"just", NULL, NULL, NULL}, EVM_HEDGE_JUST},
    {{"only", NULL, NULL, NULL}, EVM_HEDGE_JUST},
    {{"merely", NULL, NULL, NULL}, EVM_HEDGE_JUST},
};

/* Finds the hedge that ends right before token i; *first gets its first
 * token (i when there is none). Longest forms are listed first. */
static evm_hedge parse_hedge(const ctx *c, long i, long *first)
{
    *first = i;
    for (size_t h = 0; h < sizeof hedges / sizeof hedges[0]; h++) {
        int n = 0;
        while (n < 4 && hedges[h].words[n])
            n++;
        int ok = 1;
        for (int k = 0; k < n && ok; k++)
            ok = tw(c, i - n + k, hedges[h].words[k]);
        if (ok) {
            *first = i - n;
            return hedges[h].hedge;
        }
    }
    return EVM_HEDGE_NONE;
}

static void set_figure(const ctx *c, evm_claim_figure *f, const number *a, const number *b,
                       evm_unit unit, long unit_last)
{
    f->value = a->value;
    f->value_max = b ? b->value : a->value;
    f->step = b && b->step < a->step ? b->step : a->step; /* "2,000 to 2,500": 500 */
    f->unit = unit;
    f->start = c->toks[a->first].start;
    f->end = c->toks[unit_last].end;
}

/* A figure with a unit at token i: "425 miles", "300 to 400 km",
 * "100-kilometer", "1.5-2 km". *last gets its last token. */
static int parse_figure(const ctx *c, long i, evm_claim_figure *f, long *last, int *range,
                        int *compound)
{
    number a, b;
    long u_last;
    if (!parse_number(c, i, &a))
        return 0;
    long j = a.last + 1;
    int cmp = 0;
    evm_unit unit = EVM_UNIT_NONE;
    *range = 0;
    /* range: "N to M unit", "N-M unit", "N and M unit" (after "between"),
     * also with the unit repeated: "N km to M km" */
    long k = j;
    evm_unit u1 = parse_unit(c, k, &u_last);
    if (u1 != EVM_UNIT_NONE)
        k = u_last + 1;
    if ((tw(c, k, "to") || tp(c, k, '-') || (tw(c, k, "and") && tw(c, a.first - 1, "between"))) &&
        parse_number(c, k + 1, &b) && b.value > a.value) {
        unit = parse_unit(c, b.last + 1, &u_last);
        if (unit != EVM_UNIT_NONE && (u1 == EVM_UNIT_NONE || u1 == unit)) {
            *range = 1;
            set_figure(c, f, &a, &b, unit, u_last);
            *last = u_last;
            *compound = 0;
            return 1;
        }
    }
    if (tp(c, j, '-') && c->toks[j].start == c->toks[a.last].end) {
        cmp = 1;
        j++;
    }
    unit = parse_unit(c, j, &u_last);
    if (unit == EVM_UNIT_NONE)
        return 0;
    /* Area or volume ("km2", "km²") and speeds ("km/h", "miles per hour"). */
    if (valid(c, u_last + 1) && c->toks[u_last + 1].start == c->toks[u_last].end) {
        const unsigned char *p = (const unsigned char *)c->s + c->toks[u_last + 1].start;
        /* The text need not be NUL-terminated: read p[1] only inside the token. */
        size_t plen = c->toks[u_last + 1].end - c->toks[u_last + 1].start;
        if (c->toks[u_last + 1].type == T_NUM || tp(c, u_last + 1, '/') ||
            (plen >= 2 && p[0] == 0xC2 && (p[1] == 0xB2 || p[1] == 0xB3)))
            return 0;
    }
    if (tw(c, u_last + 1, "per") || tw(c, u_last + 1, "an") || tw(c, u_last + 1, "a"))
        return 0;
    if (tp(c, u_last + 1, '-') &&
        (tw(c, u_last + 2, "long") || tw(c, u_last + 2, "high") || tw(c, u_last + 2, "tall") ||
         tw(c, u_last + 2, "wide") || tw(c, u_last + 2, "deep")))
        return 0;
    set_figure(c, f, &a, NULL, unit, u_last);
    *last = u_last;
    *compound = cmp;
    return 1;
}

/* A quantity starting at number token i, with its hedge and paired figure. */
/* False only for a word token i that parse_number() certainly rejects: a
 * word number starts with a small or tens word, or with "a" or "an" right
 * before "hundred", "dozen" or a scale word (after an article nothing else
 * counts), so a word passing parse_number()'s first-letter and mask tests
 * must also be one of those; the article's next word is tested by its first
 * letter only (h, d, t, m, b). */
static int word_may_start_number(const ctx *c, long i)
{
    const char *p = c->s + c->toks[i].start;
    size_t n = c->toks[i].end - c->toks[i].start;
    switch (lower_c((unsigned char)p[0])) {
    case 'a':
        if (n > 2 || (n == 2 && lower_c((unsigned char)p[1]) != 'n'))
            return 0;
        if (!valid(c, i + 1) || c->toks[i + 1].type != T_WORD)
            return 0;
        switch (lower_c((unsigned char)c->s[c->toks[i + 1].start])) {
        case 'h':
        case 'd':
        case 't':
        case 'm':
        case 'b':
            return 1;
        default:
            return 0;
        }
    default:
        break;
    }
    if (!may_start_word_number(p, n))
        return 0;
    /* tw_any() of small_words or tens_words, asked only of the words with
     * this word's hash. */
    int first = lower_c((unsigned char)p[0]);
    for (uint32_t m = num_word_bucket[word_hash6(p, n)]; m; m &= m - 1) {
        unsigned k = (unsigned)__builtin_ctz(m);
        const char *w = k < N_SMALL_WORDS ? small_words[k] : tens_words[k - N_SMALL_WORDS];
        if (w[0] == first && rest_eq(p, n, w))
            return 1;
    }
    return 0;
}

static int parse_quantity(const ctx *c, long i, quantity *q)
{
    /* Most tokens start no number: answer before clearing *q (callers read
     * it only on success). */
    if (!valid(c, i) || (c->toks[i].type != T_NUM && c->toks[i].type != T_WORD))
        return 0;
    if (c->toks[i].type == T_WORD && !word_may_start_number(c, i))
        return 0;
    /* Nor do most words: parse the figure first, clear *q only for one. */
    evm_claim_figure fig;
    int range, compound;
    long last;
    if (!parse_figure(c, i, &fig, &last, &range, &compound))
        return 0;
    memset(q, 0, sizeof *q);
    q->fig = fig;
    q->range = range;
    q->compound = compound;
    q->num_first = i;
    long hstart = i;
    if (tw(c, i - 1, "between") && q->range)
        hstart = i - 1;
    else
        q->hedge = parse_hedge(c, i, &hstart);
    q->first = hstart;
    q->last = last;
    /* paired figure: "(680 kilometers)", "(62-mile)", ", or 680 km," */
    long j = last + 1, plast;
    int r2, c2;
    evm_claim_figure f2;
    if (tp(c, j, '(')) {
        long k = j + 1;
        /* "(about 680 km)", "(or 680 km)": the hedge is the first figure's */
        if (tw(c, k, "about") || tw(c, k, "roughly") || tw(c, k, "some") || tw(c, k, "around") ||
            tw(c, k, "or") || tw(c, k, "approximately"))
            k++;
        if (parse_figure(c, k, &f2, &plast, &r2, &c2) && tp(c, plast + 1, ')')) {
            q->second = f2;
            q->last = plast + 1;
        }
    } else if (tp(c, j, ',') && tw(c, j + 1, "or") &&
               parse_figure(c, j + 2, &f2, &plast, &r2, &c2)) {
        q->second = f2;
        q->last = tp(c, plast + 1, ',') ? plast + 1 : plast;
    }
    return 1;
}

/* -------------------------------------------------------- place helpers */

static int place_kind(const ctx *c, int place)
{
    if (place == EVM_CLAIM_TOPIC)
        return c->in->topic ? c->in->topic->kind : EVM_CLAIM_PLACE_OTHER;
    if (place < 0)
        return EVM_CLAIM_PLACE_OTHER;
    return c->in->places[place].kind;
}

/* A mention used as a modifier, not as the place itself: a demonym
 * ("Russian troops"), "the Chinese border", "the Black Sea port",
 * "Russia-based", "Ukraine's", "the border with Egypt". */
static int attributive(const ctx *c, long t)
{
    if (c->toks[t].place >= 0 && c->in->places[c->toks[t].place].demonym)
        return 1; /* "Chinese coast guard vessels", "Russian troops" */
    static const char *const verbs[] = {"is",   "was",   "are",     "were", "lies",  "lay",
                                        "sits", "has",   "had",     "and",  "or",    "which",
                                        "who",  "where", "remains", "said", "says",  "stands",
                                        "lie",  "sit",   "also",    "will", "would", NULL};
    if (possessive_end(c, t) >= 0)
        return 1;
    if (tp(c, t + 1, '-') && c->toks[t + 1].start == c->toks[t].end && valid(c, t + 2) &&
        c->toks[t + 2].start == c->toks[t + 1].end)
        return 1;
    /* nouns a place's name makes the name of the place itself: "the Penghu
     * islands", "the Crimean peninsula" */
    static const char *const same_place[] = {"island",    "islands",  "isles",  "archipelago",
                                             "peninsula", "region",   "area",   "valley",
                                             "province",  "district", "county", NULL};
    if ((tw(c, t - 1, "the") || tw(c, t - 1, "a") || tw(c, t - 1, "an")) &&
        is_lower_word(c, t + 1) && tw_any(c, t + 1, verbs) < 0 && tw_any(c, t + 1, same_place) < 0)
        return 1;
    if (place_kind(c, c->toks[t].place) == EVM_CLAIM_PLACE_COUNTRY && is_lower_word(c, t + 1) &&
        tw_any(c, t + 1, verbs) < 0 && tw_any(c, t + 1, same_place) < 0)
        return 1; /* a country's name before a noun: "U.S. troops", "Russia launched" */
    /* the complement of an edge noun: "on the border with Egypt", "on the
     * outskirts of Kyiv", "on the coast of Crimea" */
    static const char *const edges[] = {"border",    "borders", "frontier", "coast", "shore",
                                        "shores",    "bank",    "banks",    "edge",  "outskirts",
                                        "fringes",   "side",    "mouth",    "foot",  "boundary",
                                        "coastline", NULL};
    if ((tw(c, t - 1, "with") || tw(c, t - 1, "of")) && tw_any(c, t - 2, edges) >= 0)
        return 1;
    /* the division or country after its town: "Tucson, Arizona, lies" */
    if (tp(c, t - 1, ',') && is_place(c, t - 2) &&
        place_kind(c, c->toks[t - 2].place) == EVM_CLAIM_PLACE_CITY &&
        (place_kind(c, c->toks[t].place) == EVM_CLAIM_PLACE_ADMIN1 ||
         place_kind(c, c->toks[t].place) == EVM_CLAIM_PLACE_COUNTRY))
        return 1;
    /* a sea, river or region the subject lies on: "Mariupol is located on
     * the Sea of Azov, 110 km south of Donetsk" */
    if (place_kind(c, c->toks[t].place) == EVM_CLAIM_PLACE_OTHER) {
        long u = tw(c, t - 1, "the") ? t - 2 : t - 1;
        if (tw(c, u, "on") || tw(c, u, "along") || tw(c, u, "off"))
            return 1;
    }
    /* inside a prepositional aside after another place: "Sochi, on the
     * Black Sea, is", "Sochi, a resort on the Black Sea, lies", "Lviv, in
     * western Ukraine, 70 km from", "Sittwe, the capital of Rakhine state,
     * is" */
    static const char *const preps[] = {"on", "in",      "near",   "along",  "off",    "at",
                                        "of", "outside", "across", "beside", "inside", NULL};
    bool prep = false;
    for (long u = t - 1; u >= 0 && u >= t - 8; u--) {
        if (c->toks[u].type == T_PUNCT)
            return tp(c, u, ',') && prep && is_place(c, u - 1);
        if (c->toks[u].type == T_PLACE)
            continue; /* "Okinawa, home to most U.S. troops in Japan, is" */
        if (c->toks[u].type != T_WORD)
            return 0;
        if (tw_any(c, u, preps) >= 0)
            prep = true;
    }
    return 0;
}

static const char *const settlement_nouns[] = {"city",       "town",   "village",    "port",
                                               "capital",    "hamlet", "settlement", "municipality",
                                               "metropolis", NULL};
static const char *const region_nouns[] = {
    "province",    "region",     "state",     "county",  "district", "oblast", "prefecture",
    "governorate", "department", "territory", "country", "island",   NULL};

/* Backward searches for a claim's places look at most this many tokens
 * back: a real sentence is far shorter, and an unbounded search makes a
 * sentence of n figures cost n^2 (a 400 KB run of "5 km 6 km ..." took 46 s). */
#define EVM_CLAIM_SCAN_TOKENS 256

static long scan_floor(long from)
{
    return from > EVM_CLAIM_SCAN_TOKENS ? from - EVM_CLAIM_SCAN_TOKENS : 0;
}

/* Resolves a referent noun ("city", "capital", "country") or "it" to the
 * nearest mention before token `before` that has a fitting kind, else the
 * topic. */
static int resolve_referent(const ctx *c, long before, int want_kind)
{
    for (long t = before - 1; t >= scan_floor(before); t--) {
        if (!is_place(c, t) || attributive(c, t))
            continue;
        int k = place_kind(c, c->toks[t].place);
        if (want_kind < 0 || k == want_kind || k == EVM_CLAIM_PLACE_OTHER)
            return c->toks[t].place;
    }
    if (c->in->topic) {
        int k = c->in->topic->kind;
        if (want_kind < 0 || k == want_kind || k == EVM_CLAIM_PLACE_OTHER)
            return EVM_CLAIM_TOPIC;
    }
    return EVM_CLAIM_NONE;
}

/* If token t ends a referent ("the city", "the capital", "it"), returns the
 * place it stands for (or NONE) and sets *first to its first token;
 * returns -3 when t is no referent. */
static int referent_at(const ctx *c, long t, long *first)
{
    *first = t;
    if (tw(c, t, "it"))
        return resolve_referent(c, t, -1);
    if (tw(c, t - 1, "the") || tw(c, t - 1, "this")) {
        *first = t - 1;
        int k = tw_any(c, t, settlement_nouns);
        if (k >= 0)
            return resolve_referent(c, t - 1, EVM_CLAIM_PLACE_CITY);
        if (tw(c, t, "country"))
            return resolve_referent(c, t - 1, EVM_CLAIM_PLACE_COUNTRY);
        if (tw(c, t, "province") || tw(c, t, "region") || tw(c, t, "state"))
            return resolve_referent(c, t - 1, EVM_CLAIM_PLACE_ADMIN1);
    }
    return -3;
}

static bool border_word(const ctx *c, long i)
{
    return tw(c, i, "border") || tw(c, i, "frontier") || tw(c, i, "borders");
}

/* The target of "of"/"from" at token k: a mention (also "downtown X"), "the city of X", "the
 * capital, X", a bare referent ("the capital") that stands for the topic,
 * or a country's border ("the Russian border", "the border with Russia",
 * "Russia's border": *border is set). *end gets the token after the target. */
static int ref_target(const ctx *c, long k, long *end, bool *border)
{
    static const char *const parts[] = {"downtown", "central", "greater", "metropolitan", NULL};
    *border = false;
    if (tw_any(c, k, parts) >= 0 && is_place(c, k + 1))
        k++; /* "west of downtown Houston", "north of central Kyiv" */
    if (is_place(c, k)) {
        long after = possessive_end(c, k);
        if (after >= 0 && border_word(c, after)) {
            *end = after + 1;
            *border = true;
            return c->toks[k].place;
        }
        *end = k + 1;
        return c->toks[k].place;
    }
    if (tw(c, k, "the") && is_place(c, k + 1) && border_word(c, k + 2)) {
        *end = k + 3;
        *border = true;
        return c->toks[k + 1].place;
    }
    if (tw(c, k, "the") && border_word(c, k + 1) && (tw(c, k + 2, "with") || tw(c, k + 2, "of")) &&
        is_place(c, k + 3)) {
        *end = k + 4;
        *border = true;
        return c->toks[k + 3].place;
    }
    if (tw(c, k, "the")) {
        long j = k + 1;
        while ((is_lower_word(c, j) || is_place(c, j)) && tw_any(c, j, settlement_nouns) < 0 &&
               tw_any(c, j, region_nouns) < 0 && j < k + 3)
            j++; /* adjectives: "the northern port city of", "the Syrian capital", "the Black
                    Sea port of" */
        if (tw_any(c, j, settlement_nouns) >= 0 || tw_any(c, j, region_nouns) >= 0) {
            long n = j + 1;
            if (tw_any(c, n, settlement_nouns) >= 0) /* "port city" */
                n++;
            if (is_place(c, n)) {
                *end = n + 1;
                return c->toks[n].place;
            }
            if ((tw(c, n, "of") || tp(c, n, ',')) && is_place(c, n + 1)) {
                *end = n + 2;
                return c->toks[n + 1].place;
            }
            if (c->in->topic) {
                *end = n;
                return EVM_CLAIM_TOPIC;
            }
            return EVM_CLAIM_NONE;
        }
        if (is_place(c, k + 1)) { /* "the Gaza Strip", "the Dnieper" */
            *end = k + 2;
            return c->toks[k + 1].place;
        }
    }
    return EVM_CLAIM_NONE;
}

/* ----------------------------------------------------------------- claims */

typedef struct sentence_claims {
    evm_claim_list *out;
    size_t first; /* first claim of this sentence in out */
} sentence_claims;

static void claim_init(evm_claim *cl, evm_claim_kind kind)
{
    memset(cl, 0, sizeof *cl);
    cl->kind = kind;
    cl->subject = cl->reference = EVM_CLAIM_NONE;
    cl->subject_id = cl->reference_id = EVM_CLAIM_NO_PLACE;
    cl->claimed_km = cl->claimed_km_min = cl->claimed_km_max = NAN;
    cl->direction_deg = NAN;
    cl->figure.value = cl->figure.value_max = NAN;
    cl->second.value = cl->second.value_max = NAN;
}

static uint32_t id_of(const ctx *c, int place)
{
    if (place == EVM_CLAIM_TOPIC)
        return c->in->topic ? c->in->topic->place_id : EVM_CLAIM_NO_PLACE;
    if (place < 0)
        return EVM_CLAIM_NO_PLACE;
    return c->in->places[place].place_id;
}

static evm_error add_claim(const ctx *c, sentence_claims *sc, evm_claim *cl)
{
    cl->subject_id = id_of(c, cl->subject);
    cl->reference_id = id_of(c, cl->reference);
    void *items = sc->out->items;
    evm_error err = evm_grow(&items, &sc->out->cap, sc->out->count + 1, sizeof(evm_claim));
    sc->out->items = items;
    if (err)
        return err;
    sc->out->items[sc->out->count++] = *cl;
    return EVM_OK;
}

/* Does the clause before token `from` name a thing that is no place ("The
 * plant lies 120 miles southwest of Chicago", "a ship sank 40 km off X"):
 * a determiner and a lowercase noun that is no referent? Then the claim is
 * about that thing, not about the previous sentence's place. */
static bool thing_before(const ctx *c, long from)
{
    static const char *const dets[] = {"the",  "a",    "an",    "its",   "their", "his", "her",
                                       "this", "that", "these", "those", "our",   NULL};
    for (long t = from - 1; t >= scan_floor(from) && t > 0; t--) {
        if (c->toks[t].type == T_PUNCT || c->toks[t].type == T_PLACE)
            return false; /* the clause starts after it */
        if (is_lower_word(c, t) && tw_any(c, t - 1, dets) >= 0 &&
            tw_any(c, t, settlement_nouns) < 0 && tw_any(c, t, region_nouns) < 0 &&
            !tw(c, t, "country"))
            return true;
    }
    return false;
}

/* Walks back from token `from` to the place the clause is about. A mention
 * that is the reference of an earlier claim hands over that claim's subject
 * ("X is 40 km from Y and 90 km from Z"). *tok gets the token or -1. */
static int find_subject(const ctx *c, const sentence_claims *sc, long from, int reference, long *at)
{
    *at = -1;
    for (long t = from - 1; t >= scan_floor(from); t--) {
        long rfirst;
        int r = referent_at(c, t, &rfirst);
        if (r != -3) {
            if (r == reference)
                continue;
            *at = rfirst; /* the clause starts at the referent, not at its antecedent */
            return r;
        }
        if (!is_place(c, t) || attributive(c, t))
            continue;
        int p = c->toks[t].place;
        if (p == reference)
            continue;
        for (size_t k = sc->first; k < sc->out->count; k++)
            if (sc->out->items[k].kind != EVM_CLAIM_CONTAINMENT &&
                sc->out->items[k].reference == p && sc->out->items[k].subject != EVM_CLAIM_NONE) {
                *at = t;
                return sc->out->items[k].subject;
            }
        *at = t;
        return p;
    }
    return EVM_CLAIM_NONE;
}

static evm_path path_noun(const ctx *c, long i)
{
    static const char *const trip[] = {"trip", "journey", "route", "trek", "travel", NULL};
    static const char *const drive[] = {"drive", "ride", "bus", NULL};
    static const char *const road[] = {"road", "highway", "motorway", NULL};
    static const char *const rail[] = {"train", "rail", "railway", NULL};
    static const char *const flight[] = {"flight", "flights", NULL};
    static const char *const walk[] = {"walk", "march", "hike", NULL};
    static const char *const sea[] = {"voyage", "crossing", "sail", "cruise", NULL};
    if (tw_any(c, i, trip) >= 0)
        return EVM_PATH_TRIP;
    if (tw_any(c, i, drive) >= 0)
        return EVM_PATH_DRIVE;
    if (tw_any(c, i, road) >= 0)
        return EVM_PATH_ROAD;
    if (tw_any(c, i, rail) >= 0)
        return EVM_PATH_RAIL;
    if (tw_any(c, i, flight) >= 0)
        return EVM_PATH_FLIGHT;
    if (tw_any(c, i, walk) >= 0)
        return EVM_PATH_WALK;
    if (tw_any(c, i, sea) >= 0)
        return EVM_PATH_SEA;
    return EVM_PATH_GEODESIC;
}

/* A movement verb before token `before` in the sentence makes "N km from X
 * to Y" a path ("drove 30 km from X to Y"). */
static evm_path path_verb(const ctx *c, long before)
{
    static const char *const drive[] = {"drove", "driven", "drive", "drives", "driving", NULL};
    static const char *const flight[] = {"flew", "flown", "fly", "flies", "flying", NULL};
    static const char *const walk[] = {"walked", "marched", "hiked", "trekked",
                                       "walk",   "march",   NULL};
    static const char *const sea[] = {"sailed", "sail", "sails", "sailing", NULL};
    static const char *const trip[] = {"travelled", "traveled", "travel",   "travels", "journeyed",
                                       "rode",      "moved",    "advanced", NULL};
    for (long t = before - 1; t >= 0 && t >= before - 6; t--) {
        if (tw_any(c, t, drive) >= 0)
            return EVM_PATH_DRIVE;
        if (tw_any(c, t, flight) >= 0)
            return EVM_PATH_FLIGHT;
        if (tw_any(c, t, walk) >= 0)
            return EVM_PATH_WALK;
        if (tw_any(c, t, sea) >= 0)
            return EVM_PATH_SEA;
        if (tw_any(c, t, trip) >= 0)
            return EVM_PATH_TRIP;
    }
    return EVM_PATH_GEODESIC;
}

/* "by road", "by air", "as the crow flies", "on foot" after a figure. */
static long path_phrase(const ctx *c, long k, evm_path *path)
{
    if (tw(c, k, "by")) {
        if (tw(c, k + 1, "road") || tw(c, k + 1, "car") || tw(c, k + 1, "bus")) {
            *path = EVM_PATH_ROAD;
            return k + 2;
        }
        if (tw(c, k + 1, "air") || tw(c, k + 1, "plane")) {
            *path = EVM_PATH_FLIGHT;
            return k + 2;
        }
        if (tw(c, k + 1, "rail") || tw(c, k + 1, "train")) {
            *path = EVM_PATH_RAIL;
            return k + 2;
        }
        if (tw(c, k + 1, "sea") || tw(c, k + 1, "boat")) {
            *path = EVM_PATH_SEA;
            return k + 2;
        }
    }
    if (tw(c, k, "on") && tw(c, k + 1, "foot")) {
        *path = EVM_PATH_WALK;
        return k + 2;
    }
    if (tw(c, k, "overland")) {
        *path = EVM_PATH_ROAD;
        return k + 1;
    }
    if (tw(c, k, "as") && tw(c, k + 1, "the") && tw(c, k + 2, "crow") && tw(c, k + 3, "flies")) {
        *path = EVM_PATH_GEODESIC;
        return tp(c, k + 4, ',') ? k + 5 : k + 4;
    }
    return k;
}

/* Fills the distance fields of a claim from a quantity. */
static void set_distance(evm_claim *cl, const quantity *q)
{
    cl->figure = q->fig;
    if (q->second.unit != EVM_UNIT_NONE)
        cl->second = q->second;
    cl->hedge = q->hedge;
    const evm_claim_figure *f = &q->fig;
    if (q->second.unit == EVM_UNIT_KM && f->unit != EVM_UNIT_KM)
        f = &q->second; /* the kilometre figure is the one to check */
    double k = evm_unit_km(f->unit);
    double lo = f->value * k, hi = f->value_max * k;
    if (q->range) {
        cl->bound = EVM_BOUND_RANGE;
        cl->claimed_km = (lo + hi) / 2;
        cl->claimed_km_min = lo;
        cl->claimed_km_max = hi;
        return;
    }
    cl->claimed_km = lo;
    switch (q->hedge) {
    case EVM_HEDGE_MORE_THAN:
    case EVM_HEDGE_AT_LEAST:
    case EVM_HEDGE_JUST_OVER:
        cl->bound = EVM_BOUND_LOWER;
        cl->claimed_km_min = lo;
        break;
    case EVM_HEDGE_UP_TO:
    case EVM_HEDGE_WITHIN:
    case EVM_HEDGE_LESS_THAN:
    case EVM_HEDGE_NEARLY:
        cl->bound = EVM_BOUND_UPPER;
        cl->claimed_km_max = lo;
        break;
    default:
        cl->bound = EVM_BOUND_TWO_SIDED;
        cl->claimed_km_min = cl->claimed_km_max = lo;
        break;
    }
}

static void span_with(const ctx *c, evm_claim *cl, long t)
{
    if (t < 0)
        return;
    if (c->toks[t].start < cl->start)
        cl->start = c->toks[t].start;
    if (c->toks[t].end > cl->end)
        cl->end = c->toks[t].end;
}

/* "X and Y are N km apart": the two mentions joined by "and" before the
 * quantity. Subject is the second (the dev convention: the later-named
 * place is measured from the first). */
static int apart_places(const ctx *c, long qfirst, long *a, long *b)
{
    for (long t = qfirst - 1; t >= 2 && t >= scan_floor(qfirst); t--) {
        if (is_place(c, t) && tw(c, t - 1, "and") && is_place(c, t - 2)) {
            *a = t - 2;
            *b = t;
            return 1;
        }
    }
    return 0;
}

/* Looks for "the drive from X to Y is N km" or "the distance between X and
 * Y is N km" before the quantity. */
static int path_before(const ctx *c, long qfirst, long *x, long *y, evm_path *path)
{
    for (long t = qfirst - 1; t >= 1 && t >= scan_floor(qfirst); t--) {
        if (tw(c, t, "between") && is_place(c, t + 1) && tw(c, t + 2, "and") &&
            is_place(c, t + 3) && t + 3 < qfirst &&
            (tw(c, t - 1, "distance") || tw(c, t - 2, "distance"))) {
            *x = t + 1;
            *y = t + 3;
            *path = EVM_PATH_GEODESIC;
            return 1;
        }
        if (tw(c, t, "from") && is_place(c, t + 1) && tw(c, t + 2, "to") && is_place(c, t + 3) &&
            t + 3 < qfirst) {
            evm_path p = path_noun(c, t - 1);
            if (p == EVM_PATH_GEODESIC)
                p = path_verb(c, t);
            if (p == EVM_PATH_GEODESIC && !tw(c, t - 1, "distance"))
                return 0;
            *x = t + 1;
            *y = t + 3;
            *path = p;
            return 1;
        }
    }
    return 0;
}

/* Distance claims: one per quantity that has a reference place. */
static evm_error distance_claims(const ctx *c, sentence_claims *sc, unsigned char *used)
{
    for (long i = 0; (size_t)i < c->ntok; i++) {
        if (used[i])
            continue;
        quantity q;
        if (!parse_quantity(c, i, &q))
            continue;
        evm_claim cl;
        claim_init(&cl, EVM_CLAIM_DISTANCE);
        set_distance(&cl, &q);
        cl.start = c->toks[q.first].start;
        cl.end = c->toks[q.last].end;
        long k = q.last + 1, end = -1, subj_tok = -1;
        int found = 0;
        evm_path path = EVM_PATH_GEODESIC;
        double deg;

        /* the N-km (M-mi) drive from X [to Y] */
        long n = k;
        while (n < k + 2 && is_lower_word(c, n) && path_noun(c, n) == EVM_PATH_GEODESIC &&
               !tw(c, n, "from"))
            n++;
        if (q.compound && path_noun(c, n) != EVM_PATH_GEODESIC && tw(c, n + 1, "from") &&
            is_place(c, n + 2)) {
            cl.path = path_noun(c, n);
            cl.reference = c->toks[n + 2].place;
            end = n + 2;
            if (tw(c, n + 3, "to") && is_place(c, n + 4)) {
                cl.subject = c->toks[n + 4].place;
                subj_tok = n + 4;
                end = n + 4;
            }
            found = 1;
        }
        if (!found) {
            static const char *const fillers[] = {"away",     "inland",    "upstream", "downstream",
                                                  "upriver",  "downriver", "further",  "farther",
                                                  "offshore", NULL};
            /* "50 km away, as the crow flies, from", "30 km inland from" */
            for (int round = 0; round < 3; round++) {
                if (tw_any(c, k, fillers) >= 0)
                    k++;
                if (round == 0 && tp(c, k, ','))
                    k++;
                k = path_phrase(c, k, &path);
            }
            if (tw(c, k, "off") && tw(c, k + 1, "the") && tw(c, k + 2, "coast") &&
                tw(c, k + 3, "of"))
                k += 3; /* "N km off the coast of Y" reads as "of Y" */
            long d = k;
            if (tw(c, d, "to") && tw(c, d + 1, "the"))
                d += 2;
            long after_dir = parse_direction(c, d, &deg);
            if (after_dir >= 0 && tw(c, after_dir, "of")) {
                int r = ref_target(c, after_dir + 1, &end, &cl.to_border);
                if (r != EVM_CLAIM_NONE) {
                    cl.reference = r;
                    cl.direction_deg = deg;
                    cl.direction = direction_name(deg);
                    end--;
                    found = 1;
                }
            } else if (tw(c, k, "from") || tw(c, k, "of") || tw(c, k, "off")) {
                int r = ref_target(c, k + 1, &end, &cl.to_border);
                if (r != EVM_CLAIM_NONE) {
                    cl.reference = r;
                    end--;
                    found = 1;
                    /* "N km from X to Y" */
                    if (tw(c, k, "from") && r >= 0 && tw(c, end + 1, "to") &&
                        is_place(c, end + 2)) {
                        cl.subject = c->toks[end + 2].place;
                        subj_tok = end + 2;
                        end += 2;
                        if (path == EVM_PATH_GEODESIC)
                            path = path_verb(c, q.first);
                    }
                }
            } else if (tw(c, k, "apart")) {
                long a, b;
                if (apart_places(c, q.first, &a, &b)) {
                    cl.reference = c->toks[a].place;
                    cl.subject = c->toks[b].place;
                    subj_tok = a;
                    end = k;
                    found = 1;
                }
            } else {
                long x, y;
                evm_path p;
                if (path_before(c, q.first, &x, &y, &p)) {
                    cl.reference = c->toks[x].place;
                    cl.subject = c->toks[y].place;
                    subj_tok = x;
                    path = p;
                    end = q.last;
                    found = 1;
                }
            }
            cl.path = path;
        }
        if (!found)
            continue;
        if (cl.subject == EVM_CLAIM_NONE) {
            cl.subject = find_subject(c, sc, q.first, cl.reference, &subj_tok);
            if (cl.subject == EVM_CLAIM_NONE && q.first <= 1) {
                /* inverted order: "About 50 km north of X lies Y", with the
                 * figure opening the sentence and Y right after a verb */
                for (long t = end + 1; (size_t)t < c->ntok && t <= end + 3; t++)
                    if (is_place(c, t) && !attributive(c, t)) {
                        cl.subject = c->toks[t].place;
                        subj_tok = t;
                        break;
                    }
            }
            if (cl.subject == EVM_CLAIM_NONE && c->in->topic && !thing_before(c, q.first))
                cl.subject = EVM_CLAIM_TOPIC;
        }
        span_with(c, &cl, subj_tok);
        span_with(c, &cl, end);
        for (long t = q.first; t <= end && (size_t)t < c->ntok; t++)
            used[t] = 1;
        evm_error err = add_claim(c, sc, &cl);
        if (err)
            return err;
        i = end;
    }
    return EVM_OK;
}

/* Direction claims without a figure: "X, northeast of Y", "X lies to the
 * west of Y". The subject must be named in the sentence (or be a referent). */
static evm_error direction_claims(const ctx *c, sentence_claims *sc, unsigned char *used)
{
    for (long i = 0; (size_t)i < c->ntok; i++) {
        if (used[i])
            continue;
        long first = i, d = i;
        if (tw(c, i, "to") && tw(c, i + 1, "the"))
            d = i + 2;
        else if (tw(c, i - 1, "the") || tw(c, i - 1, "in"))
            continue; /* "the north of Italy" is a region */
        if (!may_start_direction(c, d))
            continue;
        double deg;
        long after = parse_direction(c, d, &deg);
        if (after < 0 || !tw(c, after, "of"))
            continue;
        long end;
        bool border;
        int r = ref_target(c, after + 1, &end, &border);
        if (r == EVM_CLAIM_NONE)
            continue;
        long subj_tok;
        int s = find_subject(c, sc, first, r, &subj_tok);
        /* Close to the phrase only: "X, north of Y", "X is north of Y". */
        if (s == EVM_CLAIM_NONE || subj_tok < 0 || first - subj_tok > 6)
            continue;
        evm_claim cl;
        claim_init(&cl, EVM_CLAIM_DIRECTION);
        cl.subject = s;
        cl.reference = r;
        cl.to_border = border;
        cl.direction_deg = deg;
        cl.direction = direction_name(deg);
        cl.start = c->toks[first].start;
        cl.end = c->toks[end - 1].end;
        span_with(c, &cl, subj_tok);
        for (long t = first; t < end; t++)
            used[t] = 1;
        evm_error err = add_claim(c, sc, &cl);
        if (err)
            return err;
        i = end - 1;
    }
    return EVM_OK;
}

static int container_ok(const ctx *c, int inner, int outer)
{
    int ki = place_kind(c, inner), ko = place_kind(c, outer);
    if (inner == outer)
        return 0;
    if (ko == EVM_CLAIM_PLACE_CITY)
        return 0; /* "the embassy in Moscow": cities contain no mentioned places here */
    if (ki != EVM_CLAIM_PLACE_OTHER && ko != EVM_CLAIM_PLACE_OTHER && ko <= ki)
        return 0;
    return 1;
}

static evm_error add_containment(const ctx *c, sentence_claims *sc, long inner, long outer,
                                 long last, const char *region)
{
    int a = c->toks[inner].place, b = c->toks[outer].place;
    if (!container_ok(c, a, b))
        return EVM_OK;
    for (size_t k = sc->first; k < sc->out->count; k++)
        if (sc->out->items[k].kind == EVM_CLAIM_CONTAINMENT && sc->out->items[k].subject == a &&
            sc->out->items[k].reference == b)
            return EVM_OK;
    evm_claim cl;
    claim_init(&cl, EVM_CLAIM_CONTAINMENT);
    cl.subject = a;
    cl.reference = b;
    cl.region = region;
    cl.start = c->toks[inner < outer ? inner : outer].start;
    cl.end = c->toks[last].end;
    return add_claim(c, sc, &cl);
}

/* After "in" at token k: [the DIR of | region-adj] Y ['s [adj] Z [noun]].
 * Emits (x in Z, Z in Y) or (x in Y). */
static evm_error containment_after_in(const ctx *c, sentence_claims *sc, long x, long k)
{
    const char *region = NULL;
    double deg;
    long j = k;
    long r = parse_region(c, j, &region);
    if (r >= 0) {
        j = r;
    } else if (tw(c, j, "the") && parse_direction(c, j + 1, &deg) >= 0 &&
               tw(c, parse_direction(c, j + 1, &deg), "of")) {
        region = direction_name(deg);
        j = parse_direction(c, j + 1, &deg) + 1;
    }
    if (!is_place(c, j))
        return EVM_OK;
    long y = j, pe = possessive_end(c, y);
    if (pe >= 0) {
        const char *region2 = NULL;
        long z = pe;
        long r2 = parse_region(c, z, &region2);
        if (r2 >= 0)
            z = r2;
        if (is_place(c, z)) {
            long last = z;
            if (tw_any(c, z + 1, region_nouns) >= 0)
                last = z + 1;
            evm_error err = add_containment(c, sc, x, z, last, region2);
            if (!err)
                err = add_containment(c, sc, z, y, last, region);
            return err;
        }
    }
    return add_containment(c, sc, x, y, y, region);
}

static evm_error containment_claims(const ctx *c, sentence_claims *sc)
{
    evm_error err = EVM_OK;
    for (long x = 0; (size_t)x < c->ntok && !err; x++) {
        if (!is_place(c, x) || possessive_end(c, x) >= 0)
            continue;
        long k = x + 1;
        if (tp(c, k, ','))
            k++;
        if (tw(c, k, "in")) {
            err = containment_after_in(c, sc, x, k + 1);
            continue;
        }
        /* X, a small town in Y / X, the capital of Y */
        if (k == x + 2 && (tw(c, k, "a") || tw(c, k, "an") || tw(c, k, "the"))) {
            long n = k + 1;
            while (n < k + 4 && is_lower_word(c, n) && tw_any(c, n, settlement_nouns) < 0 &&
                   tw_any(c, n, region_nouns) < 0)
                n++;
            if (tw_any(c, n, settlement_nouns) >= 0 || tw_any(c, n, region_nouns) >= 0) {
                if (tw_any(c, n + 1, settlement_nouns) >= 0)
                    n++;
                if (tw(c, n + 1, "in"))
                    err = containment_after_in(c, sc, x, n + 2);
                else if (tw(c, n, "capital") && tw(c, n + 1, "of") && is_place(c, n + 2))
                    err = add_containment(c, sc, x, n + 2, n + 2, NULL);
            }
        }
    }
    return err;
}

/* Orders this sentence's claims by start offset (stable). */
static void sort_claims(evm_claim *items, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        evm_claim v = items[i];
        size_t j = i;
        while (j > 0 && items[j - 1].start > v.start) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = v;
    }
}

evm_error evm_claims_extract(const evm_claim_input *in, evm_claim_list *out, evm_diag *diag)
{
    if (!in || !out || !in->text)
        return evm_diag_set(diag, EVM_ERR_ARG, "claims: NULL input, output or text");
    pthread_once(&num_start_once, num_start_init);
    if (in->sentence_start > in->sentence_end || in->sentence_end > in->text_len)
        return evm_diag_set(diag, EVM_ERR_ARG,
                            "claims: sentence [%zu, %zu) outside text of %zu bytes",
                            in->sentence_start, in->sentence_end, in->text_len);
    if (in->place_count > INT32_MAX || (in->place_count && !in->places))
        return evm_diag_set(diag, EVM_ERR_ARG, "claims: bad place array (%zu places)",
                            in->place_count);
    for (size_t p = 0; p < in->place_count; p++)
        if (in->places[p].start >= in->places[p].end || in->places[p].start < in->sentence_start ||
            in->places[p].end > in->sentence_end)
            return evm_diag_set(
                diag, EVM_ERR_ARG, "claims: mention %zu [%zu, %zu) outside sentence [%zu, %zu)", p,
                in->places[p].start, in->places[p].end, in->sentence_start, in->sentence_end);

    ctx c = {in, in->text, NULL, 0, 0, false, false, 0};
    int *order = NULL, one = 0;
    unsigned char *used = NULL;
    evm_error err = EVM_OK;
    if (in->place_count == 1) {
        order = &one;
    } else if (in->place_count) {
        order = evm_malloc(in->place_count * sizeof *order);
        if (!order)
            return evm_diag_set(diag, EVM_ERR_NOMEM, "claims: out of memory");
        for (size_t p = 0; p < in->place_count; p++)
            order[p] = (int)p;
        sort_places(order, in->place_count, in->places);
    }
    /* Most sentences end here, untokenized: no pass could find a claim. */
    if (ascii_prescan(&c, order, in->place_count) == 0) {
        if (order != &one)
            evm_free(order);
        return EVM_OK;
    }
    c.maybe_unit = c.maybe_compass = false; /* tokenize() sets them again */
    err = tokenize(&c, order, in->place_count);
    if (order != &one)
        evm_free(order);
    /* Every distance claim has a unit word (parse_figure()), every direction
     * claim a compass word (parse_direction()), every containment claim two
     * PLACE tokens of different places (container_ok()): a pass that cannot
     * find one is not run. */
    bool distance = c.maybe_unit, direction = c.maybe_compass;
    if (!err && c.ntok && (distance || direction)) {
        used = evm_calloc(c.ntok, 1);
        if (!used)
            err = EVM_ERR_NOMEM;
    }
    sentence_claims sc = {out, out->count};
    if (!err && c.ntok && distance)
        err = distance_claims(&c, &sc, used);
    if (!err && c.ntok && direction)
        err = direction_claims(&c, &sc, used);
    if (!err && c.ntok && c.nplace >= 2)
        err = containment_claims(&c, &sc);
    /* out->items is NULL while the list is empty: NULL + 0 is undefined. */
    if (!err && out->count > sc.first)
        sort_claims(out->items + sc.first, out->count - sc.first);
    evm_free(used);
    evm_free(c.toks);
    if (err)
        return evm_diag_set(diag, err, "claims: out of memory");
    return EVM_OK;
}

void evm_claim_list_free(evm_claim_list *list)
{
    if (!list)
        return;
    evm_free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

int evm_claims_next_topic(const evm_claim_input *in, const evm_claim *claims, size_t count)
{
    if (!in)
        return EVM_CLAIM_NONE;
    for (size_t k = count; k > 0; k--)
        if (claims[k - 1].kind != EVM_CLAIM_CONTAINMENT && claims[k - 1].subject != EVM_CLAIM_NONE)
            return claims[k - 1].subject;
    int best = EVM_CLAIM_NONE;
    for (size_t p = 0; p < in->place_count; p++)
        if (in->places[p].kind == EVM_CLAIM_PLACE_CITY &&
            (best < 0 || in->places[p].start < in->places[best].start))
            best = (int)p;
    if (best >= 0)
        return best;
    return in->topic ? EVM_CLAIM_TOPIC : EVM_CLAIM_NONE;
}

const char *evm_unit_name(evm_unit unit)
{
    static const char *const names[] = {"", "km", "mi", "nmi", "m", "ft", "yd"};
    return (unsigned)unit < sizeof names / sizeof names[0] ? names[unit] : "";
}

const char *evm_hedge_name(evm_hedge hedge)
{
    static const char *const names[] = {"none",     "about", "nearly", "just_over", "more_than",
                                        "at_least", "up_to", "within", "less_than", "just"};
    return (unsigned)hedge < sizeof names / sizeof names[0] ? names[hedge] : "none";
}

const char *evm_bound_name(evm_bound bound)
{
    static const char *const names[] = {"none", "two-sided", "lower", "upper", "range"};
    return (unsigned)bound < sizeof names / sizeof names[0] ? names[bound] : "none";
}

const char *evm_path_name(evm_path path)
{
    static const char *const names[] = {"geodesic", "trip",   "drive", "road",
                                        "rail",     "flight", "walk",  "sea"};
    return (unsigned)path < sizeof names / sizeof names[0] ? names[path] : "geodesic";
}

const char *evm_claim_kind_name(evm_claim_kind kind)
{
    static const char *const names[] = {"distance", "direction", "containment"};
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "distance";
}
