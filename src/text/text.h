/*
 * text.h - UTF-8 validation, tokens with byte offsets, sentences, datelines
 * and numbers: the first stage of the evmap pipeline.
 *
 * Every offset below is a byte offset into the caller's input, half-open
 * [start, end), so `text + start` .. `text + end` is exactly the span as
 * written. Nothing here copies or rewrites the input.
 *
 * Invalid UTF-8 (design). Strict mode (the default) fails with EVM_ERR_UTF8
 * and a diagnostic "byte B (line L, column C): invalid UTF-8 sequence 0x.."
 * (line and column are 1-based; the column counts code points). Lenient mode
 * (EVM_TOKENIZE_LENIENT, the CLI's --lenient) does not build a repaired copy,
 * because a copy would shift every later offset. Instead each maximal invalid
 * subpart (the unit that a U+FFFD replacement would replace, as in Unicode
 * chapter 3 "U+FFFD Substitution of Maximal Subparts") becomes one token of
 * kind EVM_TOK_INVALID. Such a token separates words: no WORD or NUMBER token
 * ever spans an invalid byte. evm_utf8_decode() gives any later stage the
 * same view one code point at a time (U+FFFD for each maximal subpart).
 *
 * Memory: evm_tokens and evm_sentence_list are growable arrays owned by the
 * caller. Zero-initialise them, pass them to evm_tokenize()/evm_sentences()
 * as often as you like (each call overwrites the previous content and reuses
 * the storage, so a batch worker allocates only while its arrays grow), and
 * release them with evm_tokens_free()/evm_sentence_list_free().
 * No function here keeps state between calls; all are thread-safe.
 */
#ifndef EVM_TEXT_TEXT_H
#define EVM_TEXT_TEXT_H

#include "evmap.h"

#include <stddef.h>
#include <stdint.h>

/* A half-open byte range. An empty span (start == end) means "absent". */
typedef struct evm_span {
    size_t start;
    size_t end;
} evm_span;

/* ---- UTF-8 ------------------------------------------------------------ */

/* Checks that `s[0..len)` is well-formed UTF-8: no overlong forms (C0 AF),
 * no surrogates (ED A0 80), nothing above U+10FFFF (F4 90.., F5..FF), no
 * stray continuation bytes and no truncated sequences. NUL bytes are valid.
 * Returns EVM_OK, or EVM_ERR_UTF8 with the offset of the first byte of the
 * first invalid sequence in `*bad_offset` (may be NULL). */
evm_error evm_utf8_validate(const char *s, size_t len, size_t *bad_offset);

/* Decodes one code point at byte `pos` (< len) of `s`. Writes the code point
 * to `*cp` and returns its length in bytes (1..4). For an invalid sequence
 * writes U+FFFD and returns the length of its maximal invalid subpart (1..3),
 * so that stepping by the result visits every byte exactly once. Never
 * returns 0 when pos < len. `*valid` (may be NULL) is set to 1 or 0. */
size_t evm_utf8_decode(const char *s, size_t len, size_t pos, int32_t *cp, int *valid);

/* Writes an EVM_ERR_UTF8 diagnostic for the invalid sequence at `bad_offset`
 * of `s`: "byte 1234 (line 5, column 7): invalid UTF-8 sequence 0xC3 0x28".
 * `what` (may be NULL) prefixes the message, e.g. a file name. Returns
 * EVM_ERR_UTF8. Costs one scan of s[0..bad_offset) to count lines. */
evm_error evm_utf8_diag(const char *s, size_t len, size_t bad_offset, const char *what,
                        evm_diag *diag);

/* Replaces every byte of each invalid UTF-8 sequence in `s[0..len)` with
 * '?', in place, so offsets still hold and the text can be quoted in JSON
 * (the --lenient mode of the commands). Returns the number of bytes
 * replaced. */
size_t evm_utf8_scrub(char *s, size_t len);

/* ---- Tokens ----------------------------------------------------------- */

typedef enum evm_token_kind {
    EVM_TOK_WORD = 1,   /* letters of any script, with inner marks, digits, apostrophes,
                           hyphens; abbreviations keep their dots ("U.S.", "Sept.") */
    EVM_TOK_NUMBER,     /* "1,260", "2.9", "10,000.5", "21st", "1990s", "٣" */
    EVM_TOK_PUNCT,      /* one punctuation mark; "..." and "--" are one token */
    EVM_TOK_SYMBOL,     /* currency, maths, emoji and other symbols: "$", "%", "°" */
    EVM_TOK_POSSESSIVE, /* "'s", "’s" or a bare "'"/"’" split off a word */
    EVM_TOK_INVALID     /* lenient mode only: one maximal invalid UTF-8 subpart */
} evm_token_kind;

/* Token flags (bits of evm_token.flags). */
enum {
    /* words */
    EVM_TF_CAPITALISED = 1u << 0,   /* first letter is Lu or Lt ("Seoul", "SEOUL", "Łódź") */
    EVM_TF_ALL_CAPS = 1u << 1,      /* >= 2 cased letters, none lowercase ("SEOUL", "U.S.") */
    EVM_TF_HAS_DIGIT = 1u << 2,     /* contains a decimal digit ("G7", "Su-27") */
    EVM_TF_ABBREV = 1u << 3,        /* ends with its own period ("U.S.", "Sept.", "J.") */
    EVM_TF_ABBREV_TITLE = 1u << 4,  /* an abbreviation that never ends a sentence:
                                       titles, months, "St.", "No." ("Adm.", "Sept.") */
    EVM_TF_POSS_STRIPPED = 1u << 5, /* the next token is this word's possessive */
    EVM_TF_HYPHENATED = 1u << 6,    /* contains an inner hyphen; see evm_token_parts() */
    EVM_TF_APOSTROPHE = 1u << 7,    /* contains an inner apostrophe ("O’Neill") */
    EVM_TF_NON_ASCII = 1u << 8,     /* contains a byte >= 0x80 */
    /* numbers */
    EVM_TF_THOUSANDS = 1u << 9, /* has thousands separators ("1,260") */
    EVM_TF_DECIMAL = 1u << 10,  /* has a decimal point ("2.9") */
    EVM_TF_ORDINAL = 1u << 11,  /* digits + st/nd/rd/th ("21st") */
    EVM_TF_PLURAL = 1u << 12,   /* digits + s ("1990s") */
    /* punctuation */
    EVM_TF_TERMINAL = 1u << 13, /* . ! ? … ... 。！？ */
    EVM_TF_QUOTE = 1u << 14, /* any quotation mark: " ' “ ” ‘ ’ « » „ ‹ › 「 」 */
    EVM_TF_OPEN = 1u << 15,  /* opens: ( [ { “ ‘ « „ and straight quotes after space */
    EVM_TF_CLOSE = 1u << 16, /* closes: ) ] } ” ’ » and straight quotes after text */
    EVM_TF_DASH = 1u << 17,  /* - -- ‐ – — ― (category Pd) */
    /* layout (any kind) */
    EVM_TF_GLUED = 1u << 18,        /* no whitespace between this token and the previous one
                                       ("680km" -> "680" + glued "km") */
    EVM_TF_LINE_INITIAL = 1u << 19, /* first token of its line (or of the text) */
    EVM_TF_PARA_INITIAL = 1u << 20, /* first token after a blank line (or of the text) */
    EVM_TF_SENT_INITIAL = 1u << 21  /* first token of a sentence: set by evm_sentences() */
};

typedef struct evm_token {
    size_t start;   /* byte offset of the first byte */
    size_t end;     /* byte offset after the last byte */
    uint32_t kind;  /* evm_token_kind */
    uint32_t flags; /* EVM_TF_* bits */
} evm_token;

/* A growable token array; zero-initialise, free with evm_tokens_free(). */
typedef struct evm_tokens {
    evm_token *items;
    size_t count;
    size_t cap;
} evm_tokens;

/* evm_tokenize() flags. */
enum {
    EVM_TOKENIZE_LENIENT = 1 /* invalid UTF-8 becomes EVM_TOK_INVALID tokens, not an error */
};

/* Splits `text[0..len)` into tokens (whitespace is skipped, never a token).
 * Rules, in short:
 *  - Words are runs of letters (any script), combining marks, digits after a
 *    letter, and format characters (ZWJ, soft hyphen). Scripts written
 *    without spaces (Chinese, Japanese, Thai) are not segmented.
 *  - An apostrophe (' or ’) between letters stays in the word ("O’Neill",
 *    "P'yŏngyang", "d’Ivoire"), except a final "'s"/"’s", which becomes an
 *    EVM_TOK_POSSESSIVE token ("Russia’s" -> "Russia" + "’s"). A bare
 *    apostrophe after a word ending in s ("the Philippines’") is a
 *    POSSESSIVE token too, unless the word directly follows an opening single
 *    quote, in which case it is a closing quote (PUNCT).
 *  - Hyphen compounds that start with a letter are one WORD token marked
 *    EVM_TF_HYPHENATED ("Tong-Hyung", "Korea-Russia", "Su-27"); split them
 *    with evm_token_parts(). Compounds that start with a digit are split so
 *    the number stands alone: "100-kilometer" -> NUMBER "100", PUNCT "-",
 *    WORD "kilometer", the last two EVM_TF_GLUED. Likewise "680km" -> NUMBER
 *    "680" + glued WORD "km".
 *  - Numbers: digits with ","-thousands groups of exactly three digits and
 *    one decimal point ("1,260", "2.9", "10,000.5"); ordinals keep their
 *    suffix ("2nd", "21st", ORDINAL), decades keep their "s" ("1990s",
 *    PLURAL). Signs are separate tokens. Use evm_parse_number() for values.
 *  - Abbreviations keep their final period: dotted letter chains of one or
 *    two letters per segment ("U.S.", "D.C.", "a.m.", "Ph.D."), single
 *    letters ("J."), and a fixed list (titles, months, US states, "St.",
 *    "Mt.", "Ft.", "Co.", "Inc.", "etc.", "No." before a digit). Titles,
 *    months and "St."/"Mt."/"Ft."/"No." carry EVM_TF_ABBREV_TITLE.
 *  - Every other character is a one-code-point PUNCT or SYMBOL token, by its
 *    Unicode category; "..." and "--" are single tokens.
 * `flags`: 0 or EVM_TOKENIZE_LENIENT. `out` is overwritten (count reset).
 * Errors: EVM_ERR_UTF8 (strict mode; message as evm_utf8_diag(), out->count
 * is 0), EVM_ERR_LIMIT (len > SIZE_MAX / 2), EVM_ERR_NOMEM, EVM_ERR_ARG
 * (text NULL with len > 0, or out NULL). */
evm_error evm_tokenize(const char *text, size_t len, int flags, evm_tokens *out, evm_diag *diag);

/* Frees the storage of `t` and zeroes it (accepts NULL). */
void evm_tokens_free(evm_tokens *t);

/* Splits a hyphenated token into its parts without allocating: writes up to
 * `max` part spans of `tok` (a token of `text`) to `parts` and returns the
 * number of parts (which may exceed `max`; then only `max` were written).
 * A token without inner hyphens has one part, itself. "North Korea-Russia":
 * the token "Korea-Russia" -> "Korea", "Russia". Hyphens are -, U+2010 and
 * U+2011. */
size_t evm_token_parts(const char *text, const evm_token *tok, evm_span *parts, size_t max);

/* ---- Sentences -------------------------------------------------------- */

typedef struct evm_sentence {
    size_t start;     /* byte offset of the first token */
    size_t end;       /* byte offset after the last token */
    size_t tok_start; /* index of the first token */
    size_t tok_end;   /* index after the last token */
} evm_sentence;

typedef struct evm_sentence_list {
    evm_sentence *items;
    size_t count;
    size_t cap;
} evm_sentence_list;

/* Splits the tokens of `text` (as produced by evm_tokenize() on the same
 * text) into sentences, and sets EVM_TF_SENT_INITIAL on each sentence's first
 * token (the only change made to `toks`, besides the flags of the unused
 * slot past the last token, when toks->cap leaves one, which it uses as a
 * stop mark). Sentences cover every token, in
 * order, without gaps. Rules:
 *  - a blank line always ends a sentence; a single newline does not (news
 *    text is hard-wrapped), except around a line that is a byline
 *    ("By Kim Tong-Hyung") or a dateline on its own ("WASHINGTON —"): such a
 *    line is its own sentence;
 *  - . ! ? … ... and 。！？ end a sentence when the next token is not a
 *    lowercase word and is separated by whitespace (CJK stops always end
 *    one); closing quotes and brackets right after the mark belong to the
 *    ending sentence; a mixed-case capitalised word glued to a single mark
 *    (". . . in 2016.Facts", scraped text that lost a paragraph break) also
 *    starts a sentence;
 *  - an abbreviation with EVM_TF_ABBREV_TITLE ("Adm.", "Sept.", "Dr.") or a
 *    single initial ("J.") never ends a sentence; other abbreviations
 *    ("U.S.", "D.C.", "a.m.", "Inc.") end one only when the next word is a
 *    capitalised function word that typically opens sentences ("The", "He",
 *    "But", "In", ...), optionally after an opening quote. So "the U.S. Navy"
 *    stays whole while "sanctions on the U.S. The ..." splits.
 * `out` is overwritten. Errors: EVM_ERR_NOMEM, EVM_ERR_ARG. */
evm_error evm_sentences(const char *text, size_t len, evm_tokens *toks, evm_sentence_list *out,
                        evm_diag *diag);

/* Frees the storage of `s` and zeroes it (accepts NULL). */
void evm_sentence_list_free(evm_sentence_list *s);

/* ---- Datelines -------------------------------------------------------- */

typedef struct evm_dateline {
    evm_span whole;  /* the whole dateline ("SEOUL, South Korea (AP) —") or byline line */
    evm_span place;  /* the place part: "SEOUL, South Korea", "MOSCOW", "SEOUL" */
    evm_span city;   /* its capitalised head: "SEOUL" */
    evm_span region; /* what follows the head's comma: "South Korea" (empty if none) */
    evm_span date;   /* "Sept. 12" (empty if none) */
    evm_span agency; /* "AP", "Reuters" without parentheses (empty if none) */
    evm_span author; /* byline name "Kim Tong-Hyung" (empty if none) */
} evm_dateline;

/* Looks for a dateline in the first lines (up to 12 non-blank lines within the
 * first 4096 bytes) of `text`. Recognised shapes:
 *   PLACE[, Region][, Month Day] [(AGENCY)] DASH   "SEOUL, South Korea (AP) —"
 *                                                 "MOSCOW, Sept. 12 (Reuters) -"
 *                                                 "SEOUL (AP) —", "WASHINGTON —"
 *   By Name[ and Name], PLACE[, Region]            "By Kim Tong-Hyung, SEOUL"
 * PLACE is one or more upper-case words (any script: "KYIV", "ST. LOUIS",
 * "WŁADYWOSTOK"); a dateline needs an agency or a dash after it. When both a
 * byline and a dateline occur, the dateline's place wins and the byline's
 * name is kept in `author`. Returns EVM_OK and fills `*out`, or
 * EVM_ERR_NOT_FOUND (out untouched) when there is no dateline. */
evm_error evm_find_dateline(const char *text, size_t len, evm_dateline *out);

/* Returns 1 if `text[start..end)` (one line, no newline) is a byline or a
 * dateline with nothing after its dash; used by evm_sentences(). */
int evm_line_is_dateline(const char *text, size_t start, size_t end);

/* ---- Numbers (number.c) ----------------------------------------------- */

/* Parses a number at the start of `s[0..len)` and writes its value and the
 * number of bytes used (trailing spaces excluded). Accepted, case-insensitive:
 *  - digits: "1,260", "2.9", "10,000.5" (commas must group three digits);
 *  - digits + scale word: "1.5 million", "2 billion", "3 dozen";
 *  - words: zero..nineteen, twenty..ninety, "twenty-five"/"twenty five",
 *    hundred, thousand, million, billion, trillion, dozen, with "a"/"an"
 *    before a scale ("a hundred", "a dozen"), "and" after hundred/thousand
 *    ("three hundred and twenty"), scales in decreasing order ("two million
 *    three hundred thousand"), and "half a"/"half an" + scale ("half a
 *    million" = 500000).
 * Not numbers (EVM_ERR_NOT_FOUND): "a few", "several", "dozens", "hundreds",
 * "a" or "half" alone, ordinals in words. A number word must end at a
 * non-letter. Errors: EVM_ERR_NOT_FOUND (outputs untouched), EVM_ERR_ARG. */
evm_error evm_parse_number(const char *s, size_t len, double *value, size_t *consumed);

#endif
