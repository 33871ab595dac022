/*
 * tokenize.c - the tokenizer: one pass over the bytes, ASCII handled inline,
 * utf8proc consulted only for code points >= 0x80, tokens appended to one
 * growable array (no per-token allocation).
 */
#include "text/text.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

/* Character classes used by the scanners. */
enum {
    C_END,
    C_INVALID,
    C_SPACE,
    C_NEWLINE,
    C_PARA,
    C_UPPER,  /* Lu, Lt */
    C_LOWER,  /* Ll */
    C_LETTER, /* Lm, Lo, Nl: letters without case */
    C_MARK,   /* Mn, Mc, Me */
    C_DIGIT,  /* Nd */
    C_NUMO,   /* No: ½, ² */
    C_FORMAT, /* Cf: ZWJ, ZWNJ, soft hyphen, BOM */
    C_PUNCT,
    C_SYMBOL
};

/* ASCII letters and digits: bit 0 lowercase, bit 1 uppercase, bit 2 digit;
 * 0 for everything else, including bytes >= 0x80. */
static const unsigned char WORD_BYTE[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0,
    0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The flags of a word that is one ASCII run, by the run's WORD_BYTE bits
 * (bits 0-2) and whether its first letter is a capital (bit 3). */
static const uint32_t RUN_FLAGS[16] = {0,
                                       0,
                                       0,
                                       0,
                                       EVM_TF_HAS_DIGIT,
                                       EVM_TF_HAS_DIGIT,
                                       EVM_TF_HAS_DIGIT,
                                       EVM_TF_HAS_DIGIT,
                                       EVM_TF_CAPITALISED,
                                       EVM_TF_CAPITALISED,
                                       EVM_TF_CAPITALISED,
                                       EVM_TF_CAPITALISED,
                                       EVM_TF_CAPITALISED | EVM_TF_HAS_DIGIT,
                                       EVM_TF_CAPITALISED | EVM_TF_HAS_DIGIT,
                                       EVM_TF_CAPITALISED | EVM_TF_HAS_DIGIT,
                                       EVM_TF_CAPITALISED | EVM_TF_HAS_DIGIT};

/* Bytes after an ASCII run that may continue the word (scan_word() decides):
 * bytes >= 0x80, the apostrophe, the hyphen and the period. */
#define X1 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char WORD_GOES_ON[256] = {
    ['\''] = 1,  ['-'] = 1,   ['.'] = 1,   [0x80] = X1, [0x90] = X1, [0xA0] = X1,
    [0xB0] = X1, [0xC0] = X1, [0xD0] = X1, [0xE0] = X1, [0xF0] = X1};
#undef X1

typedef struct tk {
    const char *s;
    size_t len;
    evm_tokens *out;
    evm_token *w;     /* where the next token goes: out->items + the tokens so far
                         (out->count is set at the end and at each window) */
    size_t prev_end;  /* end of the last token; SIZE_MAX before the first (no token
                         starts there: len <= SIZE_MAX / 2) */
    uint32_t pending; /* layout flags for the next token: EVM_TF_LINE_INITIAL
                         once a newline is seen since the last token (a second
                         adds EVM_TF_PARA_INITIAL; before the first token and
                         after a paragraph separator both are set already) */
} tk;

static int is_word_class(int c)
{
    return c == C_UPPER || c == C_LOWER || c == C_LETTER || c == C_MARK || c == C_DIGIT ||
           c == C_FORMAT;
}

static int is_letter_class(int c)
{
    return c == C_UPPER || c == C_LOWER || c == C_LETTER;
}

/* Class of each ASCII byte. Controls count as space (a lone \r is handled by
 * the caller); the symbols are the ASCII members of Unicode's S* categories. */
enum {
    LO = C_LOWER,
    UP = C_UPPER,
    DI = C_DIGIT,
    NL = C_NEWLINE,
    SP = C_SPACE,
    SY = C_SYMBOL,
    PU = C_PUNCT
};
static const unsigned char ASCII_CLASS[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, NL, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, PU, PU, PU, SY, PU, PU, PU, PU, PU, PU, SY,
    PU, PU, PU, PU, DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, PU, PU, SY, SY, SY, PU, PU, UP,
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, PU, PU, PU, SY, PU, SY, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, SY, PU, SY, SP,
};

static int ascii_class(unsigned char b)
{
    return ASCII_CLASS[b & 0x7F];
}

static int category_class(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_NO:
        return C_NUMO;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC:
        return cp == 0x85 ? C_NEWLINE : C_SPACE;
    case UTF8PROC_CATEGORY_ZL:
        return C_NEWLINE;
    case UTF8PROC_CATEGORY_ZP:
        return C_PARA;
    case UTF8PROC_CATEGORY_CF:
        return C_FORMAT;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    default:
        return C_SYMBOL; /* S*, Co, Cn */
    }
}

/* Class of the character at `p`, its code point and length. */
static int char_at(const tk *t, size_t p, int32_t *cp, size_t *n)
{
    if (p >= t->len) {
        *cp = 0;
        *n = 0;
        return C_END;
    }
    unsigned char b = (unsigned char)t->s[p];
    if (b < 0x80) {
        *cp = b;
        *n = 1;
        return ascii_class(b);
    }
    int ok;
    *n = evm_utf8_decode(t->s, t->len, p, cp, &ok);
    if (!ok)
        return C_INVALID;
    return category_class(*cp);
}

static int class_at(const tk *t, size_t p)
{
    int32_t cp;
    size_t n;
    return char_at(t, p, &cp, &n);
}

#if defined(__SSE2__)
#include <emmintrin.h>
#define EVM_TOK_LANE 1

/* Bit masks of classes of 32 bytes of text (bit i: byte i; bits 32-63
 * clear): ASCII letters and digits (WORD_BYTE not 0), letters, and capitals
 * and digits.
 * The ranges are unsigned tests done as signed compares: x is in
 * [lo, lo + k) exactly when (int8)(x + 0x80 - lo) < k - 128, and no byte
 * >= 0x80 is in one. */
typedef struct class_masks {
    uint64_t word, letter, special;
} class_masks;

static inline unsigned in_range16(__m128i v, char bias, char below)
{
    return (unsigned)_mm_movemask_epi8(
        _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(bias)), _mm_set1_epi8(below)));
}

static inline void class_masks16(const unsigned char *p, unsigned *word, unsigned *letter,
                                 unsigned *special)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned l = in_range16(_mm_or_si128(v, _mm_set1_epi8(0x20)), (char)(0x80 - 'a'), 26 - 128);
    unsigned u = in_range16(v, (char)(0x80 - 'A'), 26 - 128);
    unsigned d = in_range16(v, (char)(0x80 - '0'), 10 - 128);
    *word = l | d;
    *letter = l;
    *special = u | d;
}

static inline class_masks class_masks32(const unsigned char *p)
{
    unsigned w0, l0, s0, w1, l1, s1;
    class_masks16(p, &w0, &l0, &s0);
    class_masks16(p + 16, &w1, &l1, &s1);
    class_masks m = {w0 | (uint64_t)w1 << 16, l0 | (uint64_t)l1 << 16, s0 | (uint64_t)s1 << 16};
    return m;
}
/* The flags of the marks the lane takes between words (see
 * scan_ascii_punct()), with EVM_TF_GLUED; 0 for other bytes. */
static const uint32_t PUNCT_IN_LANE[256] = {[','] = EVM_TF_GLUED,
                                            [';'] = EVM_TF_GLUED,
                                            [':'] = EVM_TF_GLUED,
                                            ['.'] = EVM_TF_GLUED | EVM_TF_TERMINAL,
                                            ['!'] = EVM_TF_GLUED | EVM_TF_TERMINAL,
                                            ['?'] = EVM_TF_GLUED | EVM_TF_TERMINAL};
#else
#define EVM_TOK_LANE 0
#endif

/* Appends a token. It tests no capacity: evm_tokenize() takes the text in
 * windows of EVM_TOK_WINDOW bytes and first makes room for one token per
 * byte of the window, plus EVM_TOK_SLACK (tokens are disjoint and not
 * empty, so those starting in the window are at most one per byte; the
 * last step of a window pushes at most one more past it, a word's
 * possessive; or the lane of evm_tokenize() at most 22 tokens, from masks
 * of 32 bytes taken before the window's end, a word and its space taking
 * two bytes, a word, a comma and a space three, and then the word it
 * stopped at and its possessive). */
#define EVM_TOK_WINDOW 512 /* bytes */
#define EVM_TOK_SLACK 32   /* tokens */

static inline evm_error push(tk *t, size_t start, size_t end, evm_token_kind kind, uint32_t flags)
{
    if (t->prev_end == start)
        flags |= EVM_TF_GLUED;
    flags |= t->pending;
    t->pending = 0;
    evm_token *tok = t->w++;
    tok->start = start;
    tok->end = end;
    tok->kind = (uint32_t)kind;
    tok->flags = flags;
    t->prev_end = end;
    return EVM_OK;
}

#if EVM_TOK_LANE
/* Ends a lane of evm_tokenize() that wrote tokens t->w .. w - 1 itself:
 * the first one gets the layout flags push() would have given it (the
 * others follow a space and a token). */
static inline void lane_done(tk *t, evm_token *w)
{
    evm_token *first = t->w;
    if (t->prev_end == first->start)
        first->flags |= EVM_TF_GLUED;
    first->flags |= t->pending;
    t->pending = 0;
    t->prev_end = w[-1].end;
    t->w = w;
}
#endif

/* Length of an apostrophe (' or U+2019) at p, else 0. */
static size_t apostrophe_at(const tk *t, size_t p)
{
    const unsigned char *u = (const unsigned char *)t->s;
    if (p < t->len && u[p] == '\'')
        return 1;
    if (p + 2 < t->len && u[p] == 0xE2 && u[p + 1] == 0x80 && u[p + 2] == 0x99)
        return 3;
    return 0;
}

/* Length of a word-joining hyphen (-, U+2010, U+2011) at p, else 0. */
static inline size_t hyphen_at(const tk *t, size_t p)
{
    const unsigned char *u = (const unsigned char *)t->s;
    if (p < t->len && u[p] == '-')
        return 1;
    if (p + 2 < t->len && u[p] == 0xE2 && u[p + 1] == 0x80 &&
        (u[p + 2] == 0x90 || u[p + 2] == 0x91))
        return 3;
    return 0;
}

static int is_alpha_ascii(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* A dotted chain of 1-2 ASCII letters per segment, at least two segments,
 * each followed by a period: "U.S.", "a.m.", "Ph.D.", "U.S.A.". Returns its
 * length or 0. */
static size_t dotted_chain_at(const tk *t, size_t p)
{
    const unsigned char *u = (const unsigned char *)t->s;
    /* Most words have no period in their 2nd or 3rd byte: reject them fast. */
    if (p + 2 >= t->len || (u[p + 1] != '.' && u[p + 2] != '.'))
        return 0;
    size_t q = p;
    unsigned segs = 0;
    for (;;) {
        size_t k = 0;
        while (q + k < t->len && k < 3 && is_alpha_ascii(u[q + k]))
            k++;
        if (k == 0 || k > 2 || q + k >= t->len || u[q + k] != '.')
            break;
        q += k + 1;
        segs++;
    }
    if (segs < 2)
        return 0;
    if (q < t->len && (is_alpha_ascii(u[q]) || (u[q] >= '0' && u[q] <= '9')))
        return 0;
    return q - p;
}

/* Abbreviations that keep their period. `title` ones never end a sentence. */
typedef struct abbrev {
    const char *word;
    unsigned char title;
} abbrev;

/* Kept in strcmp() order for the binary search in abbrev_lookup(), their
 * first letters and lengths in ABBREV_LENS. Sources: AP style titles, months
 * and state abbreviations, and common Latin and business forms. */
static const abbrev ABBREVS[] = {
    {"Adm", 1},  {"Ala", 0},  {"Apr", 1},  {"Ariz", 0},   {"Ark", 0},  {"Assn", 0},   {"Aug", 1},
    {"Ave", 0},  {"Blvd", 0}, {"Bros", 0}, {"Calif", 0},  {"Capt", 1}, {"Cdr", 1},    {"Cmdr", 1},
    {"Co", 0},   {"Col", 1},  {"Colo", 0}, {"Conn", 0},   {"Corp", 0}, {"Cpl", 1},    {"Dec", 1},
    {"Del", 0},  {"Dept", 0}, {"Det", 1},  {"Dr", 1},     {"Feb", 1},  {"Fig", 1},    {"Fla", 0},
    {"Fr", 1},   {"Ft", 1},   {"Ga", 0},   {"Gen", 1},    {"Gens", 1}, {"Gov", 1},    {"Hon", 1},
    {"Ill", 0},  {"Inc", 0},  {"Ind", 0},  {"Insp", 1},   {"Jan", 1},  {"Jr", 0},     {"Jul", 1},
    {"Jun", 1},  {"Kan", 0},  {"Ky", 0},   {"La", 0},     {"Lt", 1},   {"Ltd", 0},    {"Maj", 1},
    {"Mar", 1},  {"Mass", 0}, {"Md", 0},   {"Messrs", 1}, {"Mich", 0}, {"Minn", 0},   {"Miss", 0},
    {"Mo", 0},   {"Mont", 0}, {"Mr", 1},   {"Mrs", 1},    {"Ms", 1},   {"Mt", 1},     {"Neb", 0},
    {"Nev", 0},  {"No", 1},   {"Nos", 1},  {"Nov", 1},    {"Oct", 1},  {"Okla", 0},   {"Ore", 0},
    {"Pa", 0},   {"Pres", 1}, {"Prof", 1}, {"Pt", 1},     {"Pvt", 1},  {"Rd", 0},     {"Rep", 1},
    {"Reps", 1}, {"Rev", 1},  {"Sen", 1},  {"Sens", 1},   {"Sep", 1},  {"Sept", 1},   {"Sgt", 1},
    {"Sr", 0},   {"St", 1},   {"Supt", 1}, {"Tenn", 0},   {"Univ", 0}, {"Va", 0},     {"Vol", 1},
    {"Vt", 0},   {"Wash", 0}, {"Wis", 0},  {"Wyo", 0},    {"al", 0},   {"approx", 1}, {"ca", 1},
    {"cf", 1},   {"est", 0},  {"etc", 0},  {"vs", 1},
};

/* The first letters of ABBREVS and their lengths (keep in step with it):
 * bit n of ABBREV_LENS[c] is set when an entry of n letters starts with c.
 * Other words are rejected before the search. */
static const unsigned char ABBREV_LENS[256] = {
    ['A'] = 0x18, ['B'] = 0x10, ['C'] = 0x3C, ['D'] = 0x1C, ['F'] = 0x0C,
    ['G'] = 0x1C, ['H'] = 0x08, ['I'] = 0x18, ['J'] = 0x0C, ['K'] = 0x0C,
    ['L'] = 0x0C, ['M'] = 0x5C, ['N'] = 0x0C, ['O'] = 0x18, ['P'] = 0x1C,
    ['R'] = 0x1C, ['S'] = 0x1C, ['T'] = 0x10, ['U'] = 0x10, ['V'] = 0x0C,
    ['W'] = 0x18, ['a'] = 0x44, ['c'] = 0x04, ['e'] = 0x08, ['v'] = 0x04};

/* Matches `w[0..n)` against the list: exactly, or in capitals for a
 * capitalised entry ("SEPT." in an all-caps dateline). Returns 0 (no), 1
 * (abbreviation), 2 (title abbreviation). */
static int abbrev_lookup(const char *w, size_t n)
{
    char key[8];
    if (n == 0 || n > 6 || !((ABBREV_LENS[(unsigned char)w[0]] >> n) & 1))
        return 0; /* (the first letter is compared as written, the length exactly) */
    memcpy(key, w, n);
    key[n] = '\0';
    /* "SEPT" -> "Sept": an all-caps word matches a capitalised entry. */
    int caps = n > 1;
    for (size_t k = 0; k < n; k++)
        caps &= key[k] >= 'A' && key[k] <= 'Z';
    if (caps)
        for (size_t k = 1; k < n; k++)
            key[k] = (char)(key[k] + 32);
    size_t lo = 0, hi = sizeof ABBREVS / sizeof ABBREVS[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        /* the first letters decide most steps without a call */
        int c = (unsigned char)key[0] - (unsigned char)ABBREVS[mid].word[0];
        if (c == 0)
            c = strcmp(key, ABBREVS[mid].word);
        if (c == 0)
            return ABBREVS[mid].title ? 2 : 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static int is_digit_ascii(unsigned char b)
{
    return b >= '0' && b <= '9';
}

/* Scans a word starting at `pos` and emits it (and a split-off possessive).
 * Returns the position after what was consumed via *next. */
static evm_error scan_word(tk *t, size_t pos, size_t *next)
{
    const unsigned char *u = (const unsigned char *)t->s;
    size_t start = pos, seg_start = pos;
    uint32_t flags = 0;
    /* nupper: capitals (not counted in ASCII runs holding a lowercase letter,
     * since it matters only while nlower is 0); nlower: runs or characters
     * with a lowercase letter. */
    unsigned nupper = 0, nlower = 0;
    int first_letter = 0; /* class of the first letter seen, 0 if none yet */
    int32_t cp;
    size_t n;
    int c;

    for (;;) {
        size_t m = dotted_chain_at(t, pos);
        if (m) {
            for (size_t i = pos; i < pos + m; i++) {
                if (u[i] == '.')
                    continue;
                int cc = ascii_class(u[i]);
                if (!first_letter)
                    first_letter = cc;
                if (cc == C_UPPER)
                    nupper++;
                else
                    nlower++;
            }
            pos += m;
            flags |= EVM_TF_ABBREV;
            size_t h = hyphen_at(t, pos);
            if (h && is_word_class(class_at(t, pos + h))) {
                flags = (flags & ~(uint32_t)EVM_TF_ABBREV) | EVM_TF_HYPHENATED;
                pos += h;
                seg_start = pos;
                continue;
            }
            break;
        }
    run:
        /* ASCII letters and digits first: the common case. */
        {
            unsigned wb, seen = 0;
            size_t run_start = pos;
            if (!first_letter && pos < t->len && (WORD_BYTE[u[pos]] & 3))
                first_letter = WORD_BYTE[u[pos]] & 1 ? C_LOWER : C_UPPER;
            while (pos < t->len && (wb = WORD_BYTE[u[pos]]) != 0) {
                seen |= wb;
                pos++;
            }
            nlower += seen & 1;
            /* Capitals are counted only where they can matter: a run with a
             * lowercase letter already rules out EVM_TF_ALL_CAPS. */
            if ((seen & 2) && !(seen & 1)) {
                for (size_t i = run_start; i < pos; i++)
                    nupper += (WORD_BYTE[u[i]] >> 1) & 1;
            }
            if (seen & 4)
                flags |= EVM_TF_HAS_DIGIT;
        }
        /* Most words end at a space or plain punctuation, where none of the
         * continuations below (letters >= 0x80, apostrophes, hyphens, a
         * period) can follow. */
        if (pos >= t->len || (u[pos] < 0x80 && u[pos] != '\'' && u[pos] != '-' && u[pos] != '.'))
            break;
        if (u[pos] >= 0x80) {
            c = char_at(t, pos, &cp, &n);
            if (is_word_class(c)) {
                flags |= EVM_TF_NON_ASCII;
                if (c == C_UPPER)
                    nupper++;
                else if (c == C_LOWER)
                    nlower++;
                else if (c == C_DIGIT)
                    flags |= EVM_TF_HAS_DIGIT;
                if (!first_letter && is_letter_class(c))
                    first_letter = c;
                pos += n;
                goto run;
            }
        }
        size_t a = apostrophe_at(t, pos);
        if (a && pos > start) {
            size_t q = pos + a;
            int32_t cp2;
            size_t n2;
            int c2 = char_at(t, q, &cp2, &n2);
            if (is_letter_class(c2)) {
                if ((cp2 == 's' || cp2 == 'S') && !is_word_class(class_at(t, q + 1))) {
                    evm_error err = push(t, start, pos, EVM_TOK_WORD, flags | EVM_TF_POSS_STRIPPED);
                    if (!err)
                        err = push(t, pos, q + 1, EVM_TOK_POSSESSIVE, 0);
                    /* fix up the word's case flags below via the pushed token */
                    if (err)
                        return err;
                    goto finish_split;
                }
                flags |= EVM_TF_APOSTROPHE;
                pos = q;
                goto run;
            }
            if (!is_word_class(c2) && (u[pos - 1] == 's' || u[pos - 1] == 'S')) {
                /* A bare trailing apostrophe: possessive ("the Philippines’"),
                 * unless the word opened with a glued single quote. */
                const evm_token *last = t->w - 1; /* (read only when a token was pushed) */
                int quoted = 0;
                if (t->w != t->out->items && last->end == start && (last->flags & EVM_TF_OPEN) &&
                    (last->flags & EVM_TF_QUOTE)) {
                    const unsigned char *qb = u + last->start;
                    quoted = qb[0] == '\'' || (qb[0] == 0xE2 && qb[1] == 0x80 && qb[2] == 0x98);
                }
                if (!quoted) {
                    evm_error err = push(t, start, pos, EVM_TOK_WORD, flags | EVM_TF_POSS_STRIPPED);
                    if (!err)
                        err = push(t, pos, q, EVM_TOK_POSSESSIVE, 0);
                    if (err)
                        return err;
                    goto finish_split;
                }
            }
            break;
        }
        size_t h = hyphen_at(t, pos);
        if (h && is_word_class(class_at(t, pos + h))) {
            flags |= EVM_TF_HYPHENATED;
            pos += h;
            seg_start = pos;
            continue;
        }
        if (pos < t->len && u[pos] == '.' && !(flags & EVM_TF_ABBREV)) {
            size_t wl = pos - seg_start;
            int kind = 0;
            if (seg_start == start && !(flags & EVM_TF_NON_ASCII))
                kind = abbrev_lookup(t->s + start, wl);
            if (kind && wl >= 2 && (u[start] == 'N') &&
                (u[start + 1] == 'o' || u[start + 1] == 'O') && (wl == 2 || u[start + 2] == 's')) {
                /* "No." only before a number: "No. 1", "No.5". */
                size_t q = pos + 1;
                while (q < t->len && u[q] == ' ')
                    q++;
                if (!(q < t->len && is_digit_ascii(u[q])))
                    kind = 0;
            }
            if (!kind && wl == 1 && u[seg_start] >= 'A' && u[seg_start] <= 'Z')
                kind = 2; /* an initial: "J." */
            if (kind) {
                pos++;
                flags |= EVM_TF_ABBREV | (kind == 2 ? EVM_TF_ABBREV_TITLE : 0);
            }
        }
        break;
    }
    if (first_letter == C_UPPER)
        flags |= EVM_TF_CAPITALISED;
    if (nupper >= 2 && nlower == 0)
        flags |= EVM_TF_ALL_CAPS;
    *next = pos;
    return push(t, start, pos, EVM_TOK_WORD, flags);

finish_split : {
    /* The word was pushed before its case flags were known; set them now. */
    evm_token *w = t->w - 2;
    if (first_letter == C_UPPER)
        w->flags |= EVM_TF_CAPITALISED;
    if (nupper >= 2 && nlower == 0)
        w->flags |= EVM_TF_ALL_CAPS;
    *next = t->w[-1].end;
    return EVM_OK;
}
}

/* Scans a number of ASCII digits at pos. */
static evm_error scan_number(tk *t, size_t pos, size_t *next)
{
    const unsigned char *u = (const unsigned char *)t->s;
    size_t start = pos;
    uint32_t flags = 0;
    while (pos < t->len && is_digit_ascii(u[pos]))
        pos++;
    if (pos - start <= 3) {
        while (pos + 3 < t->len && u[pos] == ',' && is_digit_ascii(u[pos + 1]) &&
               is_digit_ascii(u[pos + 2]) && is_digit_ascii(u[pos + 3]) &&
               !(pos + 4 < t->len && is_digit_ascii(u[pos + 4]))) {
            pos += 4;
            flags |= EVM_TF_THOUSANDS;
        }
    }
    if (pos + 1 < t->len && u[pos] == '.' && is_digit_ascii(u[pos + 1])) {
        pos++;
        while (pos < t->len && is_digit_ascii(u[pos]))
            pos++;
        flags |= EVM_TF_DECIMAL;
    }
    size_t k = 0;
    while (pos + k < t->len && k < 3 && is_alpha_ascii(u[pos + k]))
        k++;
    if (k && k < 3 && !is_word_class(class_at(t, pos + k)) && !(flags & EVM_TF_DECIMAL)) {
        char a = (char)(u[pos] | 0x20), b = k == 2 ? (char)(u[pos + 1] | 0x20) : 0;
        if (k == 2 && ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                       (a == 't' && b == 'h'))) {
            pos += 2;
            flags |= EVM_TF_ORDINAL;
        } else if (k == 1 && u[pos] == 's' && !(flags & EVM_TF_THOUSANDS)) {
            pos += 1;
            flags |= EVM_TF_PLURAL;
        }
    }
    *next = pos;
    return push(t, start, pos, EVM_TOK_NUMBER, flags);
}

/* Flags of a non-ASCII punctuation code point. */
static uint32_t punct_flags(int32_t cp)
{
    switch (cp) {
    case 0x2026: /* … */
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case 0x203C: /* ‼ */
    case 0x2047: /* ⁇ */
    case 0x2048: /* ⁈ */
    case 0x2049: /* ⁉ */
        return EVM_TF_TERMINAL;
    case 0x201E: /* „ */
    case 0x201A: /* ‚ */
    case 0x300C: /* 「 */
    case 0x300E: /* 『 */
        return EVM_TF_QUOTE | EVM_TF_OPEN;
    case 0x300D: /* 」 */
    case 0x300F: /* 』 */
        return EVM_TF_QUOTE | EVM_TF_CLOSE;
    default:
        break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PI:
        return EVM_TF_QUOTE | EVM_TF_OPEN;
    case UTF8PROC_CATEGORY_PF:
        return EVM_TF_QUOTE | EVM_TF_CLOSE;
    case UTF8PROC_CATEGORY_PS:
        return EVM_TF_OPEN;
    case UTF8PROC_CATEGORY_PE:
        return EVM_TF_CLOSE;
    case UTF8PROC_CATEGORY_PD:
        return EVM_TF_DASH;
    default:
        return 0;
    }
}

/* Scans one ASCII punctuation or symbol token at pos. */
static evm_error scan_ascii_punct(tk *t, size_t pos, int cls, size_t *next)
{
    const unsigned char *u = (const unsigned char *)t->s;
    size_t start = pos;
    unsigned char b = u[pos++];
    uint32_t flags = 0;
    switch (b) {
    case '.':
        while (pos < t->len && u[pos] == '.')
            pos++;
        flags = EVM_TF_TERMINAL;
        break;
    case '!':
    case '?':
        flags = EVM_TF_TERMINAL;
        break;
    case '-':
        while (pos < t->len && u[pos] == '-')
            pos++;
        flags = EVM_TF_DASH;
        break;
    case '(':
    case '[':
    case '{':
        flags = EVM_TF_OPEN;
        break;
    case ')':
    case ']':
    case '}':
        flags = EVM_TF_CLOSE;
        break;
    case '"':
    case '\'': {
        /* Straight quotes open after whitespace, an opening bracket or a dash
         * and close after text. */
        int glued = t->prev_end == start;
        uint32_t pf = glued ? t->w[-1].flags : 0;
        flags = EVM_TF_QUOTE |
                ((!glued || (pf & (EVM_TF_OPEN | EVM_TF_DASH))) ? EVM_TF_OPEN : EVM_TF_CLOSE);
        break;
    }
    default:
        break;
    }
    *next = pos;
    return push(t, start, pos, cls == C_SYMBOL ? EVM_TOK_SYMBOL : EVM_TOK_PUNCT, flags);
}

/* Scans a run of non-ASCII decimal digits (any script) at pos. */
static evm_error scan_other_digits(tk *t, size_t pos, size_t *next)
{
    size_t start = pos;
    int32_t cp;
    size_t n;
    while (pos < t->len && char_at(t, pos, &cp, &n) == C_DIGIT)
        pos += n;
    *next = pos;
    return push(t, start, pos, EVM_TOK_NUMBER, EVM_TF_NON_ASCII);
}

evm_error evm_tokenize(const char *text, size_t len, int flags, evm_tokens *out, evm_diag *diag)
{
    if (!out || (!text && len))
        return evm_diag_set(diag, EVM_ERR_ARG, "evm_tokenize: NULL argument");
    out->count = 0;
    if (len > SIZE_MAX / 2)
        return evm_diag_set(diag, EVM_ERR_LIMIT, "evm_tokenize: input of %zu bytes is too large",
                            len);
    /* Typical news text has about one token per 5.5 bytes: reserve once. */
    if (out->cap < len / 5 + 16) {
        void *items = out->items;
        evm_error err = evm_grow(&items, &out->cap, len / 5 + 16, sizeof(evm_token));
        out->items = items;
        if (err)
            return evm_diag_set(diag, err, "evm_tokenize: out of memory");
    }
    tk t = {text, len, out, out->items, SIZE_MAX, EVM_TF_LINE_INITIAL | EVM_TF_PARA_INITIAL};
    const unsigned char *u = (const unsigned char *)text;
    size_t pos = 0;
    evm_error err = EVM_OK;

    /* (a failed push or scan leaves the loop at once: goto done) */
    while (pos < len) {
        /* the next window: room for its tokens (see push()) */
        size_t lim = len - pos > EVM_TOK_WINDOW ? pos + EVM_TOK_WINDOW : len;
        out->count = (size_t)(t.w - out->items);
        if (out->cap - out->count < lim - pos + EVM_TOK_SLACK) {
            void *items = out->items;
            err = evm_grow(&items, &out->cap, out->count + (lim - pos) + EVM_TOK_SLACK,
                           sizeof(evm_token));
            out->items = items;
            t.w = out->items + out->count;
            if (err)
                goto done;
        }
        while (pos < lim) {
            unsigned char b = u[pos];
            size_t next; /* (set by each case that reads it) */
            if (b < 0x80) {
                if (WORD_BYTE[b] & 3)
                    goto word; /* a letter (most tokens): no dispatch */
                next = pos + 1;
                int cls = ASCII_CLASS[b];
                switch (cls) {
                case C_SPACE:
                    /* A lone \r is an old Mac line break; \r\n counts once, at \n. */
                    if (b == '\r' && !(pos + 1 < len && u[pos + 1] == '\n'))
                        goto newline;
                    break;
                case C_NEWLINE:
                newline:
                    if (t.pending & EVM_TF_LINE_INITIAL) /* a second newline */
                        t.pending |= EVM_TF_PARA_INITIAL;
                    t.pending |= EVM_TF_LINE_INITIAL;
                    break;
                case C_UPPER:
                case C_LOWER:
                word : {
                    /* Most words are one run of ASCII letters and digits ended
                     * by a space or plain punctuation: no dotted chain can start
                     * there (it needs a period right after its first one or two
                     * letters), no continuation follows, so the word is
                     * complete. scan_word() takes every other word. */
#if EVM_TOK_LANE
                    /* The lane: words of ASCII letters and digits separated
                     * by single spaces (or by , ; : . ! ? and a space), each
                     * taken from bit masks of 32 bytes of text (loaded again
                     * from the next word once fewer than 7 of their bytes are
                     * left, or from a word they do not end). A word that new
                     * masks do not end either, or one followed by a
                     * byte that may continue it (WORD_GOES_ON, but for a period
                     * that ends it, as below), goes on below, as does a text
                     * with fewer than 32 bytes left; otherwise the word, and a
                     * mark after it, are written here, and the lane goes on
                     * while a space and a letter follow (new masks are taken
                     * only before lim: see EVM_TOK_SLACK). The same tokens and
                     * flags as below. */
                    if (len - pos >= 32) {
                        /* masks of the bytes from pos on (bit 0: pos), valid for
                         * `avail` bits */
                        class_masks m = class_masks32(u + pos);
                        uint64_t word = m.word, letter = m.letter, special = m.special;
                        unsigned avail = 32;
                        evm_token *w = t.w; /* (stored back when the lane ends) */
                        for (;;) {
                            uint64_t x = ~word;
                            unsigned n = (unsigned)__builtin_ctzll(x);
                            if (n >= avail) {
                                /* the masks end inside the word: new ones from
                                 * it (within the window), unless they were */
                                if (avail == 32 || pos >= lim || len - pos < 32)
                                    break;
                                m = class_masks32(u + pos);
                                word = m.word;
                                letter = m.letter;
                                special = m.special;
                                avail = 32;
                                continue;
                            }
                            size_t q = pos + n;
                            unsigned char c = u[q];
                            /* (a period after three letters or more that are
                             * no abbreviation ends the word, as below) */
                            if (WORD_GOES_ON[c] &&
                                (c != '.' || n < 3 || (n <= 6 && abbrev_lookup(text + pos, n))))
                                break;
                            /* the first letter's case; the rest only for a word
                             * with a digit or a capital after its first letter */
                            uint32_t wf = (uint32_t)special & EVM_TF_CAPITALISED;
                            if (special & (x ^ (x - 1)) & ~1ull) {
                                unsigned nupper = 0, nlower = 0, ndigit = 0;
                                for (size_t i = pos; i < q; i++) {
                                    unsigned wb = WORD_BYTE[u[i]];
                                    nlower += wb & 1;
                                    nupper += (wb >> 1) & 1;
                                    ndigit += wb >> 2;
                                }
                                if (ndigit)
                                    wf |= EVM_TF_HAS_DIGIT;
                                if (!nlower && nupper >= 2)
                                    wf |= EVM_TF_ALL_CAPS;
                            }
                            w->start = pos;
                            w->end = q;
                            w->kind = EVM_TOK_WORD;
                            w->flags = wf;
                            w++;
                            if (c != ' ') {
                                /* a comma, semicolon, colon, period, ! or ?,
                                 * a space and a letter: the mark is a token
                                 * (PUNCT, glued, EVM_TF_TERMINAL for . ! ?, as
                                 * scan_ascii_punct() gives it) and the lane goes
                                 * on (the letter's bit is set only in the masks'
                                 * bytes, so u[q + 1] is one too) */
                                uint32_t mf = PUNCT_IN_LANE[c];
                                if (!mf || !((letter >> (n + 2)) & 1) || u[q + 1] != ' ') {
                                    pos = q;
                                    goto lane_end;
                                }
                                w->start = q;
                                w->end = q + 1;
                                w->kind = EVM_TOK_PUNCT;
                                w->flags = mf;
                                w++;
                                q++;
                                n++;
                            }
                            pos = q + 1;
                            n++;
                            letter >>= n;
                            if (!(letter & 1))
                                goto lane_end; /* no letter after the space */
                            avail -= n;
                            if (avail < 7) {
                                /* (new masks only within the window: see
                                 * EVM_TOK_SLACK) */
                                if (pos >= lim || len - pos < 32)
                                    break;
                                m = class_masks32(u + pos);
                                word = m.word;
                                letter = m.letter;
                                special = m.special;
                                avail = 32;
                            } else {
                                word >>= n;
                                special >>= n;
                            }
                        }
                        /* the word at pos goes on below */
                        if (w != t.w) {
                            lane_done(&t, w);
                        }
                        b = u[pos];
                        goto lane_scalar;
                    lane_end:
                        lane_done(&t, w);
                        goto next_token;
                    }
                lane_scalar:;
#endif
                    /* (the first byte b, a letter, is taken here: the scan
                     * goes on after it) */
                    size_t q = pos + 1;
                    /* WORD_BYTE bits of the run, and bit 3: its first letter is
                     * a capital */
                    unsigned wb = WORD_BYTE[b], seen = wb | (wb & 2u) << 2;
                    /* one bounds test per four bytes while four are left */
                    for (; q + 4 <= len; q += 4) {
                        if (!(wb = WORD_BYTE[u[q]]))
                            goto run_end;
                        seen |= wb;
                        if (!(wb = WORD_BYTE[u[q + 1]])) {
                            q += 1;
                            goto run_end;
                        }
                        seen |= wb;
                        if (!(wb = WORD_BYTE[u[q + 2]])) {
                            q += 2;
                            goto run_end;
                        }
                        seen |= wb;
                        if (!(wb = WORD_BYTE[u[q + 3]])) {
                            q += 3;
                            goto run_end;
                        }
                        seen |= wb;
                    }
                    while (q < len && (wb = WORD_BYTE[u[q]]) != 0) {
                        seen |= wb;
                        q++;
                    }
                run_end:
                    /* A period after a run of three bytes or more that is no
                     * abbreviation (most sentence ends) continues nothing
                     * either: scan_word() would find no dotted chain there (it
                     * needs a period in the 2nd or 3rd byte) and no
                     * abbreviation (abbrev_lookup() takes six letters at most),
                     * and end the word before the period. */
                    if (q < len && WORD_GOES_ON[u[q]] &&
                        (u[q] != '.' || q - pos < 3 ||
                         (q - pos <= 6 && abbrev_lookup(text + pos, q - pos)))) {
                        err = scan_word(&t, pos, &next);
                        break;
                    }
                    uint32_t wf = RUN_FLAGS[seen];
                    if ((seen & 3) == 2) { /* capitals and no lowercase letter */
                        unsigned nupper = 0;
                        for (size_t i = pos; i < q; i++)
                            nupper += (WORD_BYTE[u[i]] >> 1) & 1;
                        if (nupper >= 2)
                            wf |= EVM_TF_ALL_CAPS;
                    }
                    /* The byte after the word, read before the push (its stores
                     * could alias the text): a single space there is skipped
                     * here, as after other tokens below. */
                    bool space_after = q < len && u[q] == ' ';
                    err = push(&t, pos, q, EVM_TOK_WORD, wf);
                    if (err)
                        goto done;
                    pos = q + space_after;
                    continue;
                }
                case C_DIGIT:
                    err = scan_number(&t, pos, &next);
                    break;
                default:
                    err = scan_ascii_punct(&t, pos, cls, &next);
                    break;
                }
                if (err)
                    goto done;
                pos = next;
                /* A single space after a token (most of them) is skipped here. */
                if (pos < len && u[pos] == ' ')
                    pos++;
                continue;
            }
            int32_t cp;
            int ok;
            size_t n = evm_utf8_decode(text, len, pos, &cp, &ok);
            if (!ok) {
                if (!(flags & EVM_TOKENIZE_LENIENT)) {
                    out->count = 0;
                    return evm_utf8_diag(text, len, pos, NULL, diag);
                }
                err = push(&t, pos, pos + n, EVM_TOK_INVALID, 0);
                if (err)
                    goto done;
                pos += n;
                continue;
            }
            switch (category_class(cp)) {
            case C_SPACE:
            case C_FORMAT: /* BOM or a joiner outside a word */
                next = pos + n;
                break;
            case C_NEWLINE:
                if (t.pending & EVM_TF_LINE_INITIAL) /* a second newline */
                    t.pending |= EVM_TF_PARA_INITIAL;
                t.pending |= EVM_TF_LINE_INITIAL;
                next = pos + n;
                break;
            case C_PARA:
                t.pending |= EVM_TF_LINE_INITIAL | EVM_TF_PARA_INITIAL;
                next = pos + n;
                break;
            case C_UPPER:
            case C_LOWER:
            case C_LETTER:
            case C_MARK:
                err = scan_word(&t, pos, &next);
                break;
            case C_DIGIT:
                err = scan_other_digits(&t, pos, &next);
                break;
            case C_NUMO:
                next = pos + n;
                err = push(&t, pos, next, EVM_TOK_NUMBER, EVM_TF_NON_ASCII);
                break;
            case C_PUNCT: {
                next = pos + n;
                err = push(&t, pos, next, EVM_TOK_PUNCT, punct_flags(cp));
                break;
            }
            default:
                next = pos + n;
                err = push(&t, pos, next, EVM_TOK_SYMBOL, 0);
                break;
            }
            if (err)
                goto done;
            pos = next;
#if EVM_TOK_LANE
        next_token:;
#endif
        }
    }
done:
    out->count = (size_t)(t.w - out->items);
    if (err) {
        out->count = 0;
        return evm_diag_set(diag, err, "evm_tokenize: %s", evm_error_describe(err));
    }
    return EVM_OK;
}

void evm_tokens_free(evm_tokens *t)
{
    if (!t)
        return;
    evm_free(t->items);
    t->items = NULL;
    t->count = t->cap = 0;
}

size_t evm_token_parts(const char *text, const evm_token *tok, evm_span *parts, size_t max)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t count = 0, seg = tok->start;
    for (size_t p = tok->start; p < tok->end;) {
        size_t h = 0;
        if (u[p] == '-')
            h = 1;
        else if (p + 2 < tok->end && u[p] == 0xE2 && u[p + 1] == 0x80 &&
                 (u[p + 2] == 0x90 || u[p + 2] == 0x91))
            h = 3;
        if (h && p > tok->start && p + h < tok->end) {
            if (count < max)
                parts[count] = (evm_span){seg, p};
            count++;
            seg = p + h;
            p += h;
        } else {
            p++;
        }
    }
    if (count < max)
        parts[count] = (evm_span){seg, tok->end};
    return count + 1;
}
