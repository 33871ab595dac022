/*
 * geoparse.c - recognising place mentions and resolving them.
 *
 * Stages, each over the whole article:
 *  1. tokens, sentences, dateline (text/);
 *  2. units: word tokens, with hyphen compounds split into their parts
 *     unless the compound itself is a gazetteer name ("Rostov-on-Don");
 *     each word's key, case and lexicon classes come from a cache kept
 *     across articles, keyed by the word as written;
 *  3. persons: capitalised runs shaped like person names (a title before
 *     them, a known given name or East Asian surname first, a speech verb
 *     after them); their surnames are remembered, so a later "Kim" or
 *     "Putin" is a person too;
 *  4. places: at each capitalised unit, the longest run of units (up to
 *     EVM_MAX_NGRAM, with lowercase connectors such as "of" inside) whose key
 *     is a gazetteer name and that passes the recognition rules below;
 *  5. resolution: mentions with the same key share one reading ("one sense
 *     per article"); each candidate is scored from its importance plus
 *     evidence in the text, in two passes (the second adds spatial
 *     coherence with the first pass's readings).
 */
#include "geoparse/geoparse.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "geoparse/words.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define EVM_MAX_NGRAM 7
#define EVM_MAX_KEY 256
#define EVM_MAX_CANDIDATES 64
/* An ordinary word read as a place needs another place this close (km). */
#define EVM_TENTATIVE_KM 300.0
/* Two names whose possible readings lie this close support each other (km). */
#define EVM_PAIR_KM 50.0
/* A part of a city ("Queens, New York") lies this close to the city (km). */
#define EVM_PART_KM 30.0
/* Candidates are binned by latitude for that search: 0.25-degree bins. */
#define EVM_LAT_BINS_PER_DEGREE 4
#define EVM_LAT_BINS (180 * EVM_LAT_BINS_PER_DEGREE + 1)
#define EVM_GROUP_BUCKETS 256 /* hash buckets of an article's groups (a power of two) */
/* A city named like its division stands for the name only when it holds at
 * least this share of the division's population ("Daegu", "Moscow" yes;
 * "Quebec", "Oaxaca" no: there the name usually means the division). */
#define EVM_SEAT_SHARE 0.15
/* A lone reading smaller than this needs its country in the article when
 * the article names other places (inhabitants). */
#define EVM_ORPHAN_MAX_POP 10000
/* A city at least this large after a direction word is a part of itself
 * ("North London") and needs no support from the article (inhabitants). */
#define EVM_PART_OF_CITY_POP 1000000
/* Towns smaller than this are matched by their main names only. */
#define EVM_ALT_NAME_MIN_POP 100000
/* In national news, a town under 1/EVM_DWARF_RATIO of the size of a town of
 * the same name of EVM_DWARF_TOP_POP or more gets no lift from the article's
 * places (score_group()); "national": two thirds of the article's other
 * towns have EVM_BIG_TOWN_POP people or more. */
#define EVM_DWARF_RATIO 100
#define EVM_DWARF_TOP_POP 100000
#define EVM_BIG_TOWN_POP 50000
/* An island of this many people is scored by the places near its point. */
#define EVM_BIG_ISLAND_POP 1000000

/* For functions kept out of line so that their callers' common paths stay lean. */
#if defined(__GNUC__)
#define EVM_NOINLINE __attribute__((noinline))
#else
#define EVM_NOINLINE
#endif

/* ---- scratch structures -------------------------------------------------- */

enum {
    U_WORD = 1 << 0,         /* a word (or word part) */
    U_CAP = 1 << 1,          /* starts with a capital */
    U_ALLCAPS = 1 << 2,      /* all capitals */
    U_AFTER_HYPHEN = 1 << 3, /* a part after a hyphen inside a token */
    U_PERSON = 1 << 4,       /* inside a person name */
    U_SENT_INITIAL = 1 << 5,
    U_ABBREV = 1 << 6,        /* written with dots ("U.S.") */
    U_POSSESSIVE = 1 << 7,    /* followed by a possessive 's */
    U_LINE_CAPS = 1 << 8,     /* its line is written in capitals (datelines, headlines) */
    U_CONNECTOR_KEY = 1 << 9, /* its key can join a name's words ("of", "de"; see is_connector()) */
    U_CAPS_FUNCTION_KEY = 1 << 10 /* its key is a function word written in capitals as
                                     often as a code ("IN", "OF"; see caps_function_word()) */
};

typedef struct unit {
    size_t start, end; /* bytes */
    size_t tok;        /* token index */
    size_t sentence;
    uint32_t key_off, key_len; /* into keys */
    uint32_t flags;
    uint32_t words;    /* evm_word_class() bits of the key */
    uint64_t key_hash; /* evm_gazetteer_key_hash() of the key (word units only) */
} unit;

typedef struct cand {
    uint32_t entry;
    uint32_t flags; /* EVM_NAME_* */
    evm_place place;
    double score;
    const char *reason;
    double reason_weight;
    /* score, reason_weight and reason after hierarchy_evidence() in the
     * first resolution pass: the second pass starts from them (the evidence
     * does not depend on scores) */
    double hier_score, hier_weight;
    const char *hier_reason;
} cand;

/* A group's reading after the first resolution pass, as the second pass's
 * spatial scoring reads it (see score_group()). */
typedef struct reading {
    size_t group;
    double lat, lon, cos_lat; /* degrees; cos_lat = lat_cos(lat) */
    double mentions;
    uint32_t entry, admin1_entry;
    char country_code[3];
} reading;

/* A candidate that is not its group's reading, for near_other_candidate(). */
typedef struct alt_reading {
    double lat, lon;
    uint32_t group, entry, admin1_entry;
    uint32_t bin; /* lat_bin(lat) */
} alt_reading;

/* A recognised span before resolution. */
typedef struct raw_mention {
    size_t u_start, u_end; /* unit range */
    size_t start, end;     /* bytes */
    uint32_t group;
    bool demonym;
    bool weak;           /* named only by a code ("US", "MC"): kept only when the article
                            otherwise names its country or places in it */
    bool after_the;      /* after a lowercase "the" ("the Atlantic") */
    bool qualified;      /* after a direction word ("West Midlands"), or before a type word
                            no candidate fits ("Nyanza Province"): kept only when the article
                            otherwise names its reading's country or places in it */
    bool tentative;      /* an ordinary word that may be a place ("Nice"): kept only when the
                            article's other places are near its reading */
    double recog_conf;   /* how sure we are this is a place at all */
    size_t u_name_start; /* first unit as emitted: capitalised direction words before the
                            name are the region's ("Northern Europe", "South West England") */
    size_t u_name_end;   /* units of the name as emitted: a lowercase type word after it
                            ("Jilin province") restricts the reading but is not part of
                            the mention */
    uint8_t listed_memo; /* in_list() once known: 0 not yet, 1 no, 2 yes */
    uint8_t sep_memo;    /* gap_sep() to the next mention once known: 0 not yet, else
                            its sep_kind + 1 */
} raw_mention;

/* Mentions sharing a key and restriction share candidates and a reading. */
typedef struct group {
    uint64_t hash;        /* evm_gazetteer_key_hash() of key, to compare groups cheaply */
    uint32_t bucket_next; /* 1 + the previous group of its hash bucket, 0 for none */
    char key[EVM_MAX_KEY];
    int restrict_kind; /* -1 none, else evm_place_kind the text demands */
    cand *cands;
    size_t cand_count;
    size_t best;          /* index into cands */
    double best_cos_lat;  /* cos of the best reading's latitude (set by pick_best()) */
    size_t mentions;      /* how many mentions */
    size_t strong;        /* how many are not weak (raw_mention.weak), set before emitting */
    size_t firm;          /* how many are neither weak nor qualified, set before emitting */
    bool kind_unmet;      /* the text gives one of its mentions a type no candidate has */
    bool holder_fit;      /* a mention is named with a region or country one candidate is in */
    bool holder_unmet;    /* a mention is named with a division ("Stroud, Ontario") that no
                             candidate is in: the gazetteer lacks the place */
    bool in_dateline;     /* a mention is the dateline's town ("WASHINGTON (AP) —") */
    bool mayor, governor; /* a mention names its mayor or governor ("New York Mayor Eric
                             Adams", "the governor of Ohio"; office_of_place()) */
    bool resolved;
    bool confidence_known; /* final_confidence is set (emitting only) */
    double final_confidence;
    /* the first mention as written (bytes), and its end with a possessive
     * 's after it ("St. John's"), for written_as() */
    size_t written_start, written_end, written_poss_end;
    bool punctuated;       /* the first mention has a '.', '-' or apostrophe in it or after it */
    bool poss_ends_phrase; /* no word follows its possessive 's ("in St. John's,") */
} group;

/* What a unit gets from its bytes alone (key, case, word classes), cached by
 * the word as written: news repeats its words, and normalising a key and
 * looking it up in the lexicon cost far more than a probe here. A word may
 * sit in either of two sets (the low and the high bits of its hash), see
 * unit_word_other(). */
#define EVM_UNIT_CACHE_SETS 8192 /* sets, a power of two (2 MB per thread) */
#define EVM_UNIT_CACHE_WAYS 4    /* slots per set, newest (or most used) first */
#define EVM_UNIT_CACHE_SURFACE                                                                     \
    24                        /* longest word cached as written (bytes; longer words               \
                                 are about 1 in 30,000 in news) */
#define EVM_UNIT_CACHE_KEY 24 /* longest key cached (bytes) */

typedef struct unit_cache_slot {
    uint64_t surface[EVM_UNIT_CACHE_SURFACE / 8]; /* the word as written, zero-padded */
    char key[EVM_UNIT_CACHE_KEY];                 /* its key (not NUL-terminated) */
    uint64_t key_hash;                            /* evm_gazetteer_key_hash() of the key */
    uint32_t words;                               /* evm_word_class() of the key */
    uint16_t flags;                               /* case_flags() and key_flags() */
    uint8_t surface_len;                          /* 0: empty slot */
    uint8_t key_len;
} unit_cache_slot;
_Static_assert(sizeof(unit_cache_slot) == 64, "one cache line per slot");
typedef unit_cache_slot unit_cache_set[EVM_UNIT_CACHE_WAYS];

/* A word's hash for the cache: its surface words (zero-padded, see
 * surface_pad()), the first plus the length, multiplied by odd constants
 * (words of zeros add nothing, so a word of up to 8 bytes needs one
 * multiplication); its first set is chosen by the top 13 bits, its
 * second by the 13 below the top 26 (unit_word_other()). */
#define EVM_UC_K0 0x9E3779B97F4A7C15ull
#define EVM_UC_K1 0xFF51AFD7ED558CCDull
#define EVM_UC_K2 0xC4CEB9FE1A85EC53ull
#define EVM_UC_SET(h) ((size_t)((h) >> 51))
#define EVM_UC_OTHER(h) ((size_t)((h) >> 38) & (EVM_UNIT_CACHE_SETS - 1))
_Static_assert(EVM_UNIT_CACHE_SETS == 8192, "EVM_UC_SET() takes 13 bits");

/* What the article as a whole says about where it is. */
typedef struct context {
    double country_weight[26 * 26]; /* mentions of each country (by name or its places) */
    double country_named[26 * 26];  /* mentions of each country by its name alone */
    const char *dateline_cc;
    bool spatial; /* second pass: other groups have readings */
} context;

/* A gazetteer probe of the article (see find_key_memo()). */
#define EVM_PROBE_MEMO 512 /* slots, a power of two */
typedef struct probe_memo {
    uint64_t hash;
    const evm_posting *ps;
    size_t count;
    uint32_t len;
    uint32_t stamp; /* the article's probe_stamp when valid */
} probe_memo;

typedef struct scratch {
    const char *text;        /* the article being parsed */
    const evm_gazetteer *gz; /* its gazetteer (group_for() decodes places) */
    unit_cache_set
        *unit_cache;      /* EVM_UNIT_CACHE_SETS sets, 64-byte aligned, kept across articles */
    void *unit_cache_mem; /* its allocation */
    evm_buf keys;
    unit *units;
    size_t unit_count, unit_cap;
    /* the indexes of the word units that start with a capital (U_WORD and
     * U_CAP), in order: the scans for names visit only these */
    size_t *cap_units;
    size_t cap_count, cap_cap;
    raw_mention *raw;
    size_t raw_count, raw_cap;
    group *groups;
    size_t group_count, group_cap;
    /* groups by hash: group_head[hash & (EVM_GROUP_BUCKETS - 1)] is 1 + the
     * newest group of that bucket, 0 for none; group.bucket_next links the
     * older ones the same way. Cleared group by group in scratch_get(). */
    uint32_t group_head[EVM_GROUP_BUCKETS];
    /* groups[i].cands for i < cands_kept are allocations kept across
     * articles for reuse, of cands_cap[i] candidates (cands_cap has
     * cands_cap_len places) */
    size_t *cands_cap;
    size_t cands_kept, cands_cap_len;
    /* surnames of persons seen so far: offsets into keys (key_off, key_len) */
    uint32_t *person_keys;
    size_t person_key_count, person_key_cap;
    uint64_t person_key_bits; /* bit (key_hash & 63) of each of them: a key whose bit
                                 is clear is not among them */
    /* the second resolution pass's view of the first pass's readings, in
     * group order: local readings (local_reading()), and the readings that
     * are not countries */
    reading *local, *held;
    size_t local_count, held_count, reading_cap;
    /* first-pass readings that are towns, and those of EVM_BIG_TOWN_POP or
     * more (take_readings()) */
    size_t towns, big_towns;
    /* bit reading_bit(x) of each local reading's entry and division
     * (div_bits), and of each one's division (admin1_bits): a division
     * whose bit is clear holds none of them, and is none (score_group()) */
    uint64_t local_div_bits[4], local_admin1_bits[4];
    /* the other local candidates of every group (not its reading), by
     * latitude: those of bin d (lat_bin()) are alts[alt_start(d), alt_start(d + 1));
     * alt_bin[d] is that start for d in [alt_lo, alt_hi + 1], the bins the
     * alts fill being [alt_lo, alt_hi] (the rest of alt_bin is stale) */
    alt_reading *alts, *alts_in;
    size_t alt_count, alt_cap;
    int alt_lo, alt_hi;
    uint32_t alt_bin[EVM_LAT_BINS + 1];
    /* resolve()'s context, all zeros between articles: resolve() lists the
     * country slots it sets (ctx_slots) and clears them when done */
    context ctx;
    uint16_t ctx_slots[26 * 26];
    size_t ctx_slot_count;
    /* recognise()'s probes of this article, by hash: a slot counts only
     * with this article's stamp (scratch_get() moves it on) */
    probe_memo probe_memo[EVM_PROBE_MEMO];
    uint32_t probe_stamp;
} scratch;

static evm_error scratch_get(evm_doc *doc, scratch **out)
{
    if (!doc->scratch) {
        scratch *fresh = evm_calloc(1, sizeof(scratch));
        if (!fresh)
            return EVM_ERR_NOMEM;
        /* One slot per cache line: align the cache to 64 bytes. */
        fresh->unit_cache_mem = evm_calloc(1, EVM_UNIT_CACHE_SETS * sizeof(unit_cache_set) + 64);
        if (!fresh->unit_cache_mem) {
            evm_free(fresh);
            return EVM_ERR_NOMEM;
        }
        uintptr_t at = ((uintptr_t)fresh->unit_cache_mem + 63) & ~(uintptr_t)63;
        fresh->unit_cache = (unit_cache_set *)at;
        doc->scratch = fresh;
    }
    scratch *s = doc->scratch;
    s->text = doc->text;
    s->keys.len = 0;
    s->unit_count = 0;
    s->raw_count = 0;
    for (size_t g = 0; g < s->group_count; g++)
        s->group_head[s->groups[g].hash & (EVM_GROUP_BUCKETS - 1)] = 0;
    s->group_count = 0; /* (their candidate arrays are kept) */
    s->person_key_count = 0;
    s->person_key_bits = 0;
    if (++s->probe_stamp == 0) { /* (wrapped: clear the stale stamps) */
        memset(s->probe_memo, 0, sizeof s->probe_memo);
        s->probe_stamp = 1;
    }
    *out = s;
    return EVM_OK;
}

void evm_doc_free(evm_doc *doc)
{
    if (!doc)
        return;
    evm_tokens_free(&doc->tokens);
    evm_sentence_list_free(&doc->sentences);
    evm_free(doc->mentions);
    evm_free(doc->persons);
    scratch *s = doc->scratch;
    if (s) {
        evm_buf_free(&s->keys);
        evm_free(s->units);
        evm_free(s->cap_units);
        evm_free(s->raw);
        for (size_t i = 0; i < s->cands_kept; i++)
            evm_free(s->groups[i].cands);
        evm_free(s->groups);
        evm_free(s->cands_cap);
        evm_free(s->person_keys);
        evm_free(s->local);
        evm_free(s->held);
        evm_free(s->alts);
        evm_free(s->alts_in);
        evm_free(s->unit_cache_mem);
        evm_free(s);
    }
    memset(doc, 0, sizeof *doc);
}

/* ---- units ----------------------------------------------------------------- */

static bool doc_is_space(const scratch *s, size_t pos)
{
    char c = s->text[pos];
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static const char *ukey(const scratch *s, const unit *u)
{
    return s->keys.data + u->key_off;
}

static bool ukey_is(const scratch *s, const unit *u, const char *word)
{
    size_t n = strlen(word);
    return u->key_len == n && memcmp(ukey(s, u), word, n) == 0;
}

/* Capital / all-capitals shape of text[start..end). */
static uint32_t case_flags(const char *text, size_t start, size_t end)
{
    uint32_t flags = 0;
    /* "d'Ivoire", "l'Aquila": the elided article does not decide the case. */
    bool ascii = true;
    for (size_t i = start; i < end && ascii; i++)
        ascii = (unsigned char)text[i] < 0x80;
    if (end - start > 3 && (text[start] == 'd' || text[start] == 'l')) {
        if (text[start + 1] == '\'')
            start += 2;
        else if (end - start > 5 && (unsigned char)text[start + 1] == 0xE2 &&
                 (unsigned char)text[start + 2] == 0x80 && (unsigned char)text[start + 3] == 0x99)
            start += 4;
    }
    int cased = 0, upper = 0, first = 1;
    if (ascii) {
        for (size_t i = start; i < end; i++) {
            char c = text[i];
            bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
            if (first && (up || low)) {
                if (up)
                    flags |= U_CAP;
                first = 0;
            }
            cased += up || low;
            upper += up;
        }
        if (cased >= 2 && upper == cased)
            flags |= U_ALLCAPS;
        return flags;
    }
    for (size_t i = start; i < end;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(end - i), &cp);
        if (n <= 0) {
            i++;
            continue;
        }
        i += (size_t)n;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
            cased++;
            upper++;
            if (first)
                flags |= U_CAP;
        } else if (cat == UTF8PROC_CATEGORY_LL) {
            cased++;
        } else if (cat == UTF8PROC_CATEGORY_LO && first) {
            /* Scripts without case (Korean, Chinese, Arabic): treat as
             * capitalised, since case carries no information there. */
            flags |= U_CAP;
        }
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
            first = 0;
    }
    if (cased >= 2 && upper == cased)
        flags |= U_ALLCAPS;
    return flags;
}

/* Is key[0..len) one of the NULL-terminated `words`? */
static bool key_in(const char *key, size_t len, const char *const *words)
{
    if (len == 0)
        return false;
    for (; *words; words++) {
        if ((*words)[0] == key[0] && strlen(*words) == len && memcmp(*words, key, len) == 0)
            return true;
    }
    return false;
}

/* The unit flags a key implies (U_CONNECTOR_KEY, U_CAPS_FUNCTION_KEY). */
static uint32_t key_flags(const char *key, size_t len)
{
    /* Lowercase words that can join the words of a name ("Republic of Korea"). */
    static const char *const connectors[] = {
        "of",   "the", "and", "de", "del", "la",   "le",  "los", "las", "da",  "do", "dos",
        "du",   "des", "di",  "el", "al",  "upon", "on",  "sur", "am",  "im",  "an", "der",
        "en",   "y",   "es",  "et", "e",   "i",    "van", "von", "den", "aan", "op", "ob",
        "sous", "les", "ul",  "ed", "ash", "az",   "ad",  "bin", "ben", NULL};
    /* English function words that are also codes when written in capitals. */
    static const char *const caps_function[] = {
        "a",  "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
        "me", "my", "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "we", NULL};
    uint32_t f = 0;
    if (len <= 4 && key_in(key, len, connectors))
        f |= U_CONNECTOR_KEY;
    if (len <= 2 && key_in(key, len, caps_function))
        f |= U_CAPS_FUNCTION_KEY;
    return f;
}

/* Key, case flags and word classes of the word text[start..end); returns
 * EVM_ERR_LIMIT or EVM_ERR_UTF8 when it has no key (too long, broken). */
static evm_error word_facts(const char *text, size_t start, size_t end, char *key, size_t *key_len,
                            uint32_t *case_bits, uint32_t *words)
{
    evm_error err = evm_normalize_key_buf(text + start, end - start, key, EVM_MAX_KEY, key_len);
    if (err)
        return err;
    *case_bits = case_flags(text, start, end) | key_flags(key, *key_len);
    *words = evm_word_class(key, *key_len);
    return EVM_OK;
}

/* Bytes of word i (0..2) of a surface of `len` bytes, and the mask that
 * keeps them: SURFACE_MASK[len][i]. */
#define EVM_SURFACE_BYTES(len, i) ((len) > 8 * (i) ? ((len)-8 * (i) > 8 ? 8 : (len)-8 * (i)) : 0)
/* (the shift is masked only so that no compiler sees a shift by 64 in the
 * branch not taken) */
#define EVM_BYTES_MASK(b) ((b) >= 8 ? ~0ull : (1ull << ((8 * (b)) & 63)) - 1)
#define EVM_SURFACE_ROW(len)                                                                       \
    {                                                                                              \
        EVM_BYTES_MASK(EVM_SURFACE_BYTES(len, 0)), EVM_BYTES_MASK(EVM_SURFACE_BYTES(len, 1)),      \
            EVM_BYTES_MASK(EVM_SURFACE_BYTES(len, 2))                                              \
    }
#define EVM_SURFACE_ROWS4(l)                                                                       \
    EVM_SURFACE_ROW(l), EVM_SURFACE_ROW(l + 1), EVM_SURFACE_ROW(l + 2), EVM_SURFACE_ROW(l + 3)
static const uint64_t SURFACE_MASK[EVM_UNIT_CACHE_SURFACE + 1][EVM_UNIT_CACHE_SURFACE / 8] = {
    EVM_SURFACE_ROWS4(0),  EVM_SURFACE_ROWS4(4),  EVM_SURFACE_ROWS4(8), EVM_SURFACE_ROWS4(12),
    EVM_SURFACE_ROWS4(16), EVM_SURFACE_ROWS4(20), EVM_SURFACE_ROW(24)};
_Static_assert(EVM_UNIT_CACHE_SURFACE == 24, "SURFACE_MASK has 3 words per row");

/* The most bytes unit_word_hit() writes to s->keys (a fixed-size copy of
 * a cached key and two NULs). It tests no capacity: while units are
 * added, s->keys keeps EVM_KEY_ROOM bytes free for each unit the units
 * array has room for (keys.cap - keys.len >= EVM_KEY_ROOM * (unit_cap -
 * unit_count)), see keys_keep_room(). */
#define EVM_KEY_ROOM (EVM_UNIT_CACHE_KEY + 2)

/* Makes s->keys keep `extra` bytes free besides the room of the units
 * still to come (see EVM_KEY_ROOM). */
static evm_error keys_keep_room(scratch *s, size_t extra)
{
    size_t need = extra + EVM_KEY_ROOM * (s->unit_cap - s->unit_count);
    if (s->keys.cap - s->keys.len < need)
        return evm_buf_reserve(&s->keys, need);
    return EVM_OK;
}

/* Appends a key of `key_len` bytes to s->keys for unit `u` (the next
 * unit); `copy` bytes (>= key_len) are copied from `key`, the bytes past
 * the key are overwritten next. Keeps the room of the later units. */
static inline evm_error store_key(scratch *s, unit *u, const char *key, size_t key_len, size_t copy)
{
    if (s->keys.cap - s->keys.len < key_len + 2 + EVM_KEY_ROOM * (s->unit_cap - s->unit_count)) {
        evm_error err = keys_keep_room(s, key_len + 2);
        if (err)
            return err;
    }
    size_t at = s->keys.len;
    char *data = s->keys.data;
    u->key_off = (uint32_t)at;
    u->key_len = (uint32_t)key_len;
    memcpy(data + at, key, copy);
    data[at + key_len] = '\0';
    data[at + key_len + 1] = '\0';
    s->keys.len = at + key_len + 1;
    return EVM_OK;
}

/* The word `len` bytes long at w, zero-padded to EVM_UNIT_CACHE_SURFACE
 * bytes (len <= EVM_UNIT_CACHE_SURFACE; `whole`: the 24 bytes from w are
 * in the text, so whole 8-byte loads can be masked). */
static inline void surface_pad(const unsigned char *w, size_t len, bool whole, uint64_t pad[3])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (whole) {
        /* Whole 8-byte loads, the bytes past the word cleared. */
        memcpy(pad, w, EVM_UNIT_CACHE_SURFACE);
        for (size_t i = 0; i < EVM_UNIT_CACHE_SURFACE / 8; i++)
            pad[i] &= SURFACE_MASK[len][i];
        return;
    }
#else
    (void)whole;
#endif
    /* (byte by byte, no call: the bytes in memory order on little-endian
     * machines, as the loads above) */
    pad[0] = pad[1] = pad[2] = 0;
    for (size_t i = 0; i < len; i++)
        pad[i / 8] |= (uint64_t)w[i] << (8 * (i % 8));
}

/* unit_word() for a word the cache cannot answer: computes its facts and,
 * when `set` is not NULL, stores them there as the newest entry. */
static EVM_NOINLINE evm_error unit_word_miss(scratch *s, const char *text, size_t text_len, unit *u,
                                             unit_cache_slot *set)
{
    char key_buf[EVM_MAX_KEY];
    size_t key_len = 0;
    uint32_t case_bits = 0, words = 0;
    evm_error err = word_facts(text, u->start, u->end, key_buf, &key_len, &case_bits, &words);
    if (err == EVM_ERR_LIMIT || err == EVM_ERR_UTF8) {
        /* An overlong or broken "word": not a name (empty key; its case and
         * the classes of the empty key are kept, as they always were). */
        u->flags &= ~(uint32_t)U_WORD;
        u->flags |= case_flags(text, u->start, u->end);
        u->words = evm_word_class("", 0);
        u->key_hash = evm_gazetteer_key_hash("", 0);
        return store_key(s, u, "", 0, 0);
    }
    if (err)
        return err;
    uint64_t key_hash = evm_gazetteer_key_hash(key_buf, key_len);
    if (set && key_len <= EVM_UNIT_CACHE_KEY) {
        /* The last entry of the set (the oldest, or the least promoted) goes. */
        memmove(&set[1], &set[0], (EVM_UNIT_CACHE_WAYS - 1) * sizeof set[0]);
        unit_cache_slot *slot = &set[0];
        size_t len = u->end - u->start;
        surface_pad((const unsigned char *)text + u->start, len,
                    u->start + EVM_UNIT_CACHE_SURFACE <= text_len, slot->surface);
        memcpy(slot->key, key_buf, key_len);
        slot->key_hash = key_hash;
        slot->words = words;
        slot->flags = (uint16_t)case_bits;
        slot->surface_len = (uint8_t)len;
        slot->key_len = (uint8_t)key_len;
    }
    err = store_key(s, u, key_buf, key_len, key_len);
    if (err)
        return err;
    u->flags |= case_bits;
    u->words = words;
    u->key_hash = key_hash;
    return EVM_OK;
}

/* unit_word()'s end: copies the key and the facts of cache slot c into u. */
static inline evm_error unit_word_hit(scratch *s, unit *u, const unit_cache_slot *c)
{
    /* A fixed-size copy of the key (the room is there). */
    size_t at = s->keys.len, key_len = c->key_len;
    char *data = s->keys.data;
    u->key_off = (uint32_t)at;
    u->key_len = (uint32_t)key_len;
    memcpy(data + at, c->key, EVM_UNIT_CACHE_KEY);
    data[at + key_len] = '\0';
    data[at + key_len + 1] = '\0';
    s->keys.len = at + key_len + 1;
    u->flags |= c->flags;
    u->words = c->words;
    u->key_hash = c->key_hash;
    return EVM_OK;
}

/* unit_word()'s hit in way k >= 2 of its set: the slot changes places with
 * the one before it, so the words a text uses most end up in the first two
 * ways, which unit_word() tests first (a hit in way 1 moves nothing: two
 * frequent words of one set would change places again and again). */
static EVM_NOINLINE evm_error unit_word_promote(scratch *s, unit *u, unit_cache_slot *set, int k)
{
    unit_cache_slot t = set[k];
    set[k] = set[k - 1];
    set[k - 1] = t;
    return unit_word_hit(s, u, &set[k - 1]);
}

/* unit_word()'s second probe, for a word not in its first set `set` (of
 * hash `h`): a second set, chosen by other bits of the hash, may hold it
 * (two choices: a set that fills overflows into another, so a warm pass
 * misses almost no word). A miss is stored in the first set unless only
 * the second has room. */
static EVM_NOINLINE evm_error unit_word_other(scratch *s, const char *text, size_t text_len,
                                              unit *u, unit_cache_slot *set, uint64_t h)
{
    size_t len = u->end - u->start;
    uint64_t pad[EVM_UNIT_CACHE_SURFACE / 8];
    surface_pad((const unsigned char *)text + u->start, len,
                u->start + EVM_UNIT_CACHE_SURFACE <= text_len, pad);
    unit_cache_slot *other = s->unit_cache[EVM_UC_OTHER(h)];
    for (int k = 0; k < EVM_UNIT_CACHE_WAYS; k++) {
        if (other[k].surface_len == len &&
            ((other[k].surface[0] ^ pad[0]) | (other[k].surface[1] ^ pad[1]) |
             (other[k].surface[2] ^ pad[2])) == 0)
            return unit_word_hit(s, u, &other[k]);
    }
    if (set[EVM_UNIT_CACHE_WAYS - 1].surface_len != 0 &&
        other[EVM_UNIT_CACHE_WAYS - 1].surface_len == 0)
        set = other;
    return unit_word_miss(s, text, text_len, u, set);
}

/* unit_word() for the words it does not take itself: those longer than 8
 * bytes, those near the text's end, and the misses. */
static EVM_NOINLINE evm_error unit_word_slow(scratch *s, const char *text, size_t text_len, unit *u)
{
    size_t len = u->end - u->start;
    if (len == 0 || len > EVM_UNIT_CACHE_SURFACE)
        return unit_word_miss(s, text, text_len, u, NULL);
    const unsigned char *w = (const unsigned char *)text + u->start;
    bool whole = u->start + EVM_UNIT_CACHE_SURFACE <= text_len;
    /* The three words multiplied independently (zero words add nothing: a
     * word of up to 8 bytes hashes as in unit_word()). */
    uint64_t h;
    uint64_t pad[EVM_UNIT_CACHE_SURFACE / 8];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len <= 16 && whole) {
        /* Two words of surface (the third is zero): as surface_pad() */
        memcpy(pad, w, 16);
        pad[0] &= SURFACE_MASK[len][0];
        pad[1] &= SURFACE_MASK[len][1];
        h = ((pad[0] + len) * EVM_UC_K0) ^ (pad[1] * EVM_UC_K1);
        unit_cache_slot *set = s->unit_cache[EVM_UC_SET(h)];
        for (int k = 0; k < EVM_UNIT_CACHE_WAYS; k++) {
            if (set[k].surface_len == len &&
                ((set[k].surface[0] ^ pad[0]) | (set[k].surface[1] ^ pad[1]) | set[k].surface[2]) ==
                    0)
                return unit_word_hit(s, u, &set[k]);
        }
        return unit_word_other(s, text, text_len, u, set, h);
    }
#endif
    surface_pad(w, len, whole, pad);
    h = ((pad[0] + len) * EVM_UC_K0) ^ (pad[1] * EVM_UC_K1) ^ (pad[2] * EVM_UC_K2);
    unit_cache_slot *set = s->unit_cache[EVM_UC_SET(h)];
    for (int k = 0; k < EVM_UNIT_CACHE_WAYS; k++) {
        if (set[k].surface_len == len &&
            ((set[k].surface[0] ^ pad[0]) | (set[k].surface[1] ^ pad[1]) |
             (set[k].surface[2] ^ pad[2])) == 0)
            return unit_word_hit(s, u, &set[k]);
    }
    return unit_word_other(s, text, text_len, u, set, h);
}

/* Fills the word unit `u` (start, end set): its key is appended to s->keys,
 * which must have EVM_KEY_ROOM bytes free (a miss makes room for a longer
 * key itself). Looks the word up in a set-associative cache kept
 * across articles first; words longer than EVM_UNIT_CACHE_SURFACE bytes
 * bypass it. This is the hit path of most words (up to 8 bytes, not near
 * the text's end), small enough to need no saved registers; the rest is
 * unit_word_slow()'s. */
static EVM_NOINLINE evm_error unit_word(scratch *s, const char *text, size_t text_len, unit *u)
{
    size_t len = u->end - u->start;
    if (len - 1 >= 8 || u->start + EVM_UNIT_CACHE_SURFACE > text_len)
        return unit_word_slow(s, text, text_len, u);
    /* One word of surface, and a slot of the same length has zeros in the
     * other two. */
    uint64_t pad0;
    memcpy(&pad0, text + u->start, 8);
    pad0 &= SURFACE_MASK[len][0];
    uint64_t h = (pad0 + len) * EVM_UC_K0;
    unit_cache_slot *set = s->unit_cache[EVM_UC_SET(h)];
    if (set[0].surface_len == len && set[0].surface[0] == pad0)
        return unit_word_hit(s, u, &set[0]);
    if (set[1].surface_len == len && set[1].surface[0] == pad0)
        return unit_word_hit(s, u, &set[1]);
    for (int k = 2; k < EVM_UNIT_CACHE_WAYS; k++) {
        if (set[k].surface_len == len && set[k].surface[0] == pad0)
            return unit_word_promote(s, u, set, k);
    }
    return unit_word_other(s, text, text_len, u, set, h);
}

/* Appends a unit; the caller has made room for it (build_units() keeps
 * room for one unit per token left, plus 16). */
static inline evm_error add_unit(scratch *s, const evm_doc *doc, size_t tok, size_t start,
                                 size_t end, uint32_t flags, size_t sentence)
{
    unit *u = &s->units[s->unit_count];
    if (!(flags & U_WORD)) {
        *u = (unit){.start = start, .end = end, .tok = tok, .sentence = sentence, .flags = flags};
    } else {
        /* unit_word() sets the other fields */
        u->start = start;
        u->end = end;
        u->tok = tok;
        u->sentence = sentence;
        u->flags = flags;
        /* (s->keys has room for the key: see EVM_KEY_ROOM) */
        evm_error err = unit_word(s, doc->text, doc->len, u);
        if (err)
            return err;
    }
    s->unit_count++;
    return EVM_OK;
}

/* How many bytes of the 8 in `w` are in ['a', 'z'] and in ['A', 'Z']
 * (bytes >= 0x80 are neither). */
static void count_case_bytes(uint64_t w, unsigned *lower, unsigned *upper)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t ascii = ~w & high;                 /* high bit set for bytes < 0x80 */
    uint64_t low7 = w & ~high;                  /* each byte's low 7 bits */
    uint64_t ge_a = low7 + ones * (0x80 - 'a'); /* high bit: byte >= 'a' */
    uint64_t gt_z = low7 + ones * (0x80 - 'z' - 1);
    uint64_t ge_A = low7 + ones * (0x80 - 'A');
    uint64_t gt_Z = low7 + ones * (0x80 - 'Z' - 1);
    /* One bit per byte at bit 7; the multiplication sums the bytes into the top one. */
    *lower += (unsigned)((((ge_a & ~gt_z & ascii) >> 7) * ones) >> 56);
    *upper += (unsigned)((((ge_A & ~gt_Z & ascii) >> 7) * ones) >> 56);
}

/* Is the line text[a..b) written in capitals (a dateline or a headline)?
 * Then capitalisation says nothing about names. */
static bool line_in_caps(const char *text, size_t a, size_t b)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    unsigned lower = 0, upper = 0;
    size_t i = a;
    /* Most lines are decided by their lowercase letters alone: the line
     * is in capitals only if 4 * lower < upper <= (b - a) - lower, so once
     * 5 * lower >= b - a it is not. */
    /* (16 bytes per test: the two words' counts, at most 2 per byte, are
     * summed before the multiplication) */
    for (; i + 16 <= b; i += 16) {
        uint64_t w0, w1;
        memcpy(&w0, text + i, 8);
        memcpy(&w1, text + i + 8, 8);
        uint64_t l0 = w0 & ~high, l1 = w1 & ~high;
        uint64_t m0 = (l0 + ones * (0x80 - 'a')) & ~(l0 + ones * (0x80 - 'z' - 1)) & ~w0 & high;
        uint64_t m1 = (l1 + ones * (0x80 - 'a')) & ~(l1 + ones * (0x80 - 'z' - 1)) & ~w1 & high;
        lower += (unsigned)((((m0 >> 7) + (m1 >> 7)) * ones) >> 56);
        if ((size_t)lower * 5 >= b - a)
            return false;
    }
    for (; i + 8 <= b; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        uint64_t low7 = w & ~high;
        uint64_t ge_a = low7 + ones * (0x80 - 'a'), gt_z = low7 + ones * (0x80 - 'z' - 1);
        lower += (unsigned)((((ge_a & ~gt_z & ~w & high) >> 7) * ones) >> 56);
        if ((size_t)lower * 5 >= b - a)
            return false;
    }
    lower = 0;
    i = a;
    for (; i + 8 <= b; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        count_case_bytes(w, &lower, &upper);
        /* Decided already when even all the bytes left as capitals could not
         * outnumber the lowercase letters four to one (most lines). */
        if ((size_t)lower * 4 >= upper + (b - i - 8))
            return false;
    }
    for (; i < b; i++) {
        unsigned char c = (unsigned char)text[i];
        lower += c >= 'a' && c <= 'z';
        upper += c >= 'A' && c <= 'Z';
    }
    return upper >= 4 && lower * 4 < upper;
}

/* End of the line starting at `pos`: the next newline, or len. */
static size_t line_end(const char *text, size_t len, size_t pos)
{
    const char *nl = pos < len ? memchr(text + pos, '\n', len - pos) : NULL;
    return nl ? (size_t)(nl - text) : len;
}

/* build_units() for the hyphenated word token i: one unit when the
 * compound is itself a name, else one per part. The whole unit is built
 * first (its key comes from the word cache) and taken back when its key
 * names nothing or it has none. */
static EVM_NOINLINE evm_error add_hyphenated(const evm_gazetteer *gz, const evm_doc *doc,
                                             scratch *s, size_t i, uint32_t base, size_t sent)
{
    const evm_token *t = &doc->tokens.items[i];
    evm_error err = add_unit(s, doc, i, t->start, t->end, U_WORD | base, sent);
    if (err)
        return err;
    const unit *whole = &s->units[s->unit_count - 1];
    const evm_posting *ps = NULL;
    size_t n = 0;
    if (whole->flags & U_WORD) {
        err = evm_gazetteer_find_key_hashed(gz, ukey(s, whole), whole->key_len, whole->key_hash,
                                            &ps, &n);
        if (err)
            return err;
    }
    if (n > 0)
        return EVM_OK;
    s->keys.len = whole->key_off;
    s->unit_count--;
    evm_span parts[16];
    size_t np = evm_token_parts(doc->text, t, parts, 16);
    if (np > 16)
        np = 16;
    /* room for the parts and still one unit per later token, plus 16 */
    void *items = s->units;
    err = evm_grow(&items, &s->unit_cap, s->unit_count + np + (doc->tokens.count - i - 1) + 16,
                   sizeof *s->units);
    s->units = items;
    if (err || (err = keys_keep_room(s, 0)) != EVM_OK)
        return err;
    for (size_t p = 0; p < np; p++) {
        err = add_unit(s, doc, i, parts[p].start, parts[p].end,
                       U_WORD | base | (p ? U_AFTER_HYPHEN : 0), sent);
        if (err)
            return err;
        base &= ~(uint32_t)U_SENT_INITIAL;
    }
    return EVM_OK;
}

/* Shifts between token flags and unit flags (build_units()). */
#define SENT_OPEN_SHIFT 6   /* EVM_TF_OPEN onto EVM_TF_SENT_INITIAL */
#define SENT_UNIT_SHIFT 16  /* EVM_TF_SENT_INITIAL onto U_SENT_INITIAL */
#define ABBREV_UNIT_SHIFT 3 /* EVM_TF_ABBREV onto U_ABBREV */
_Static_assert(EVM_TF_OPEN << SENT_OPEN_SHIFT == EVM_TF_SENT_INITIAL, "SENT_OPEN_SHIFT");
_Static_assert(EVM_TF_SENT_INITIAL >> SENT_UNIT_SHIFT == U_SENT_INITIAL, "SENT_UNIT_SHIFT");
_Static_assert(EVM_TF_ABBREV << ABBREV_UNIT_SHIFT == U_ABBREV, "ABBREV_UNIT_SHIFT");

static evm_error build_units(const evm_gazetteer *gz, evm_doc *doc, scratch *s)
{
    const evm_token *t = doc->tokens.items;
    size_t sent = 0;
    /* One unit per token, more only for split hyphen compounds: room for
     * one unit per token left, plus 16, is kept (add_hyphenated() grows the
     * array for the parts), so add_unit() needs no test. */
    void *items = s->units;
    evm_error grow_err = evm_grow(&items, &s->unit_cap, doc->tokens.count + 16, sizeof *s->units);
    s->units = items;
    if (grow_err || (grow_err = keys_keep_room(s, 0)) != EVM_OK)
        return grow_err;
    /* tokens from sent_end on are in a later sentence (when there is one) */
    size_t sent_end = doc->sentences.count ? doc->sentences.items[0].tok_end : 0;
    uint32_t prev_flags = 0; /* of token i - 1 */
    for (size_t i = 0; i < doc->tokens.count; i++) {
        while (i >= sent_end && sent + 1 < doc->sentences.count)
            sent_end = doc->sentences.items[++sent].tok_end;
        /* U_SENT_INITIAL when the token opens a sentence, or follows an
         * opening mark that does ("“Moscow ..."): bit EVM_TF_SENT_INITIAL of
         * its flags or of both flags of the token before (EVM_TF_OPEN
         * shifted onto it), shifted onto U_SENT_INITIAL */
        uint32_t f = t[i].flags;
        uint32_t base = ((f | (prev_flags & (prev_flags << SENT_OPEN_SHIFT))) >> SENT_UNIT_SHIFT) &
                        U_SENT_INITIAL;
        prev_flags = f;
        if (t[i].kind != EVM_TOK_WORD) {
            evm_error err = add_unit(s, doc, i, t[i].start, t[i].end, base, sent);
            if (err)
                return err;
            if (t[i].kind == EVM_TOK_POSSESSIVE && s->unit_count >= 2)
                s->units[s->unit_count - 2].flags |= U_POSSESSIVE;
            continue;
        }
        base |= (f & EVM_TF_ABBREV) << ABBREV_UNIT_SHIFT; /* U_ABBREV */
        if (t[i].flags & EVM_TF_HYPHENATED) {
            evm_error err = add_hyphenated(gz, doc, s, i, base, sent);
            if (err)
                return err;
            continue;
        }
        evm_error err = add_unit(s, doc, i, t[i].start, t[i].end, U_WORD | base, sent);
        if (err)
            return err;
    }
    /* Lines in capitals: case is no evidence there. Units are in text
     * order, so one forward scan finds each unit's line; it also lists the
     * capitalised words. */
    if (s->cap_cap < s->unit_count + 1) { /* (+1: the end mark) */
        void *caps_items = s->cap_units;
        evm_error err = evm_grow(&caps_items, &s->cap_cap, s->unit_count + 1, sizeof *s->cap_units);
        s->cap_units = caps_items;
        if (err)
            return err;
    }
    /* (locals: the stores below could alias the scratch's fields) */
    unit *units = s->units;
    size_t *cap_units = s->cap_units;
    size_t unit_count = s->unit_count, cap_count = 0;
    /* Four units past the last one that start on no line end the runs below
     * (build_units() keeps room for them). */
    for (size_t k = 0; k < 4; k++)
        units[unit_count + k].start = SIZE_MAX;
        /* (1 for a capitalised word unit, else 0: U_WORD | U_CAP is 3) */
#define CAP_WORD(f) ((((f) & (U_WORD | U_CAP)) + 1) >> 2)
    _Static_assert((U_WORD | U_CAP) == 3, "CAP_WORD() takes the two low bits");
    size_t line_start = 0, eol = line_end(doc->text, doc->len, 0);
    for (size_t i = 0; i < unit_count;) {
        while (eol < units[i].start) {
            line_start = eol + 1;
            eol = line_end(doc->text, doc->len, line_start);
        }
        /* units i.. up to the line's end: all of them in capitals or
         * (most lines) none */
        if (line_in_caps(doc->text, line_start, eol)) {
            for (; units[i].start <= eol; i++) {
                uint32_t f = units[i].flags;
                units[i].flags = f | U_LINE_CAPS;
                cap_units[cap_count] = i;
                cap_count += CAP_WORD(f);
            }
        } else {
            /* four or two units per test (unit i + 3 on the line: so are
             * units i to i + 2) */
            for (; units[i + 3].start <= eol; i += 4) {
                cap_units[cap_count] = i;
                cap_count += CAP_WORD(units[i].flags);
                cap_units[cap_count] = i + 1;
                cap_count += CAP_WORD(units[i + 1].flags);
                cap_units[cap_count] = i + 2;
                cap_count += CAP_WORD(units[i + 2].flags);
                cap_units[cap_count] = i + 3;
                cap_count += CAP_WORD(units[i + 3].flags);
            }
            for (; units[i + 1].start <= eol; i += 2) {
                cap_units[cap_count] = i;
                cap_count += CAP_WORD(units[i].flags);
                cap_units[cap_count] = i + 1;
                cap_count += CAP_WORD(units[i + 1].flags);
            }
            if (units[i].start <= eol) {
                cap_units[cap_count] = i;
                cap_count += CAP_WORD(units[i].flags);
                i++;
            }
        }
    }
#undef CAP_WORD
    s->cap_count = cap_count;
    cap_units[cap_count] = SIZE_MAX; /* the end mark (see next_cap_unit()) */
    /* The dateline's place is written in capitals by convention ("PARIS,
     * Mo. —"): no acronym, whatever the rest of its line. */
    if (doc->has_dateline) {
        for (size_t i = 0; i < s->unit_count && s->units[i].start < doc->dateline.place.end; i++) {
            if (s->units[i].start >= doc->dateline.place.start)
                s->units[i].flags |= U_LINE_CAPS;
        }
    }
    return EVM_OK;
}

/* The first capitalised word unit (see cap_units) at or after unit i, or
 * s->unit_count; *cursor (an index into cap_units, 0 at the start of a
 * scan) only grows, as i must. */
static inline size_t next_cap_unit(const scratch *s, size_t i, size_t *cursor)
{
    size_t c = *cursor;
    /* (the end mark SIZE_MAX after the list stops the loop) */
    while (s->cap_units[c] < i)
        c++;
    *cursor = c;
    return c < s->cap_count ? s->cap_units[c] : s->unit_count;
}

/* Is unit i separated from unit i-1 by white space only (not a hyphen, not
 * punctuation)? */
static bool joined_by_space(const scratch *s, size_t i)
{
    const unit *u = &s->units[i];
    return (u->flags & (U_WORD | U_AFTER_HYPHEN)) == U_WORD && i > 0 &&
           (s->units[i - 1].flags & U_WORD);
}

/* ---- persons ---------------------------------------------------------------- */

/* is_person_key() past its mask test: compares the remembered keys. */
static EVM_NOINLINE bool person_key_listed(const scratch *s, const unit *u)
{
    for (size_t i = 0; i < s->person_key_count; i++) {
        const unit *p = &s->units[s->person_keys[i]];
        if (p->key_hash == u->key_hash && p->key_len == u->key_len &&
            memcmp(ukey(s, p), ukey(s, u), u->key_len) == 0)
            return true;
    }
    return false;
}

/* Is u's key one of the remembered surnames? (the mask test inline) */
static inline bool is_person_key(const scratch *s, const unit *u)
{
    return (s->person_key_bits & (1ull << (u->key_hash & 63))) && person_key_listed(s, u);
}

static evm_error remember_person_unit(scratch *s, size_t ui)
{
    const unit *u = &s->units[ui];
    if (u->key_len < 2 || is_person_key(s, u))
        return EVM_OK;
    void *items = s->person_keys;
    evm_error err =
        evm_grow(&items, &s->person_key_cap, s->person_key_count + 1, sizeof *s->person_keys);
    s->person_keys = items;
    if (err)
        return err;
    s->person_keys[s->person_key_count++] = (uint32_t)ui;
    s->person_key_bits |= 1ull << (u->key_hash & 63);
    return EVM_OK;
}

static evm_error add_person(evm_doc *doc, scratch *s, size_t ua, size_t ub)
{
    void *items = doc->persons;
    evm_error err = evm_grow(&items, &doc->person_cap, doc->person_count + 1, sizeof *doc->persons);
    doc->persons = items;
    if (err)
        return err;
    evm_person *p = &doc->persons[doc->person_count++];
    p->start = s->units[ua].start;
    p->end = s->units[ub - 1].end;
    p->tok_start = s->units[ua].tok;
    p->tok_end = s->units[ub - 1].tok + 1;
    p->sentence = s->units[ua].sentence;
    p->canonical = -1;
    for (size_t i = ua; i < ub; i++)
        s->units[i].flags |= U_PERSON;
    /* Remember the family name: first for East Asian names ("Kim Jong Un"),
     * last otherwise ("Vladimir Putin"). */
    if (ub - ua >= 2) {
        if (s->units[ua].words & EVM_WC_ASIAN_SURNAME)
            err = remember_person_unit(s, ua);
        if (!err)
            err = remember_person_unit(s, ub - 1);
    }
    return err;
}

/* Is units[a..b) exactly a gazetteer name? Then *kind and *population are
 * its first (most important) posting's. */
static bool run_first_place(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b,
                            evm_place_kind *kind, uint32_t *population)
{
    char key[EVM_MAX_KEY];
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        const unit *u = &s->units[i];
        if (n + u->key_len + 2 > sizeof key)
            return false;
        if (i > a)
            key[n++] = ' ';
        memcpy(key + n, ukey(s, u), u->key_len);
        n += u->key_len;
    }
    key[n] = '\0';
    const evm_posting *ps;
    size_t count;
    uint64_t h = b - a == 1 ? s->units[a].key_hash : evm_gazetteer_key_hash(key, n);
    return evm_gazetteer_find_key_hashed(gz, key, n, h, &ps, &count) == EVM_OK && count > 0 &&
           evm_gazetteer_kind_population(gz, ps[0].entry, kind, population) == EVM_OK;
}

/* Is units[a..b) exactly a gazetteer name with a sizeable place? */
static bool run_is_place_name(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b)
{
    evm_place_kind kind;
    uint32_t population;
    return run_first_place(gz, s, a, b, &kind, &population) &&
           (population >= 1000 || kind != EVM_KIND_CITY);
}

/* Is the run of units [a, b), which opens with a title ("Prince Edward
 * Island", "Prince George"), a place's name, one that a person's name is
 * unlikely to be: a division, a feature, or a town of 30,000 (not Prince
 * Edward, Ontario, against the Duke)? */
static bool titled_place(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b)
{
    evm_place_kind kind;
    uint32_t population;
    return run_first_place(gz, s, a, b, &kind, &population) &&
           (population >= 30000 || kind != EVM_KIND_CITY);
}

/* run_is_place_name(), computed on first use: *memo is -1 until then. */
static inline bool place_run_memo(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b,
                                  int *memo)
{
    if (*memo < 0)
        *memo = run_is_place_name(gz, s, a, b);
    return *memo != 0;
}

/* Is unit u's key first of all a country's name ("Taco Bell Canada
 * commented": a company's branch, not a person named Canada)? */
static bool names_a_country(const evm_gazetteer *gz, const scratch *s, const unit *u)
{
    const evm_posting *ps;
    size_t count;
    if (evm_gazetteer_find_key_hashed(gz, ukey(s, u), u->key_len, u->key_hash, &ps, &count) !=
            EVM_OK ||
        count == 0)
        return false;
    evm_place_kind kind;
    uint32_t population;
    return evm_gazetteer_kind_population(gz, ps[0].entry, &kind, &population) == EVM_OK &&
           kind == EVM_KIND_COUNTRY;
}

static bool is_speech_verb(const scratch *s, size_t ui)
{
    return ui < s->unit_count && (s->units[ui].flags & U_WORD) &&
           (s->units[ui].words & EVM_WC_SPEECH);
}

/* Does an age stand right before unit a ("the 15-year-old Sara Hill",
 * "Nine-year-old Georgia Stevens")? What follows it is a person. */
static bool after_age(const scratch *s, size_t a)
{
    static const char *const ages[] = {"year-old", "years-old", "month-old", "year old"};
    size_t p = s->units[a].start;
    if (p == 0 || !doc_is_space(s, p - 1))
        return false;
    while (p > 0 && doc_is_space(s, p - 1))
        p--;
    /* Every age word ends in "old" and has 8 bytes or more (most words
     * before a run do not end so). */
    if (p < 10 || memcmp(s->text + p - 3, "old", 3) != 0)
        return false;
    for (size_t k = 0; k < sizeof ages / sizeof *ages; k++) {
        size_t n = strlen(ages[k]);
        if (p >= n + 2 && memcmp(s->text + p - n, ages[k], n) == 0 &&
            (s->text[p - n - 1] == '-' || s->text[p - n - 1] == ' '))
            return true;
    }
    return false;
}

/* Is the run ending at unit b - 1 followed by an age in commas ("said
 * Mather, 22, on Saturday")? */
static bool age_after(const scratch *s, size_t len, size_t b)
{
    size_t p = s->units[b - 1].end;
    if (p + 4 > len || s->text[p] != ',' || s->text[p + 1] != ' ')
        return false;
    p += 2;
    unsigned age = 0, digits = 0;
    while (p < len && s->text[p] >= '0' && s->text[p] <= '9' && digits < 4) {
        age = age * 10 + (unsigned)(s->text[p] - '0');
        digits++;
        p++;
    }
    return digits >= 1 && digits <= 3 && age <= 120 && p < len && s->text[p] == ',';
}

/* Is the word before unit a (capitalised or not) a locative one ("In
 * Toledo, a spokesman for", "officials in Bakhmut, deputy mayor of")? */
static bool after_locative(const scratch *s, size_t a)
{
    if (s->units[a].words & EVM_WC_LOCATIVE_CONTEXT)
        return true; /* the run's own first unit, a capitalised "In" */
    return a > 0 && (s->units[a - 1].flags & U_WORD) &&
           (s->units[a - 1].words & EVM_WC_LOCATIVE_CONTEXT);
}

/* Is the run [a, b) no place's name, or first of all a town below 100,000
 * or a place that is no town, division or country? */
static bool small_or_no_place(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b)
{
    evm_place_kind kind;
    uint32_t population;
    if (!run_first_place(gz, s, a, b, &kind, &population))
        return true;
    return kind == EVM_KIND_OTHER || (kind == EVM_KIND_CITY && population < 100000);
}

/* Does a person's role follow the run ending before unit b, after a comma:
 * "Will Steele, President and CEO of", "Hassan el Bushra, regional adviser
 * for" (the name may go on after a particle)? A title word in the singular, after at most two other
 * lowercase words, that ends the phrase or goes on with "of", "for", "at", "and", "to" or a comma
 * ("state police said" and "officials said" are no role). */
static bool role_after(const scratch *s, size_t b)
{
    static const char *const links[] = {"of", "for", "at", "and", "to", "with", "in", NULL};
    /* the rest of the name after a particle: "Hassan el Bushra," */
    while (b + 1 < s->unit_count &&
           (s->units[b].flags & (U_WORD | U_CAP | U_CONNECTOR_KEY)) == (U_WORD | U_CONNECTOR_KEY) &&
           (s->units[b + 1].flags & (U_WORD | U_CAP)) == (U_WORD | U_CAP)) {
        b += 2;
        while (b < s->unit_count && (s->units[b].flags & (U_WORD | U_CAP)) == (U_WORD | U_CAP))
            b++;
    }
    if (b + 1 >= s->unit_count || (s->units[b].flags & U_WORD) ||
        s->units[b].end != s->units[b].start + 1 || s->text[s->units[b].start] != ',')
        return false;
    for (size_t k = b + 1; k < s->unit_count && k <= b + 3; k++) {
        const unit *u = &s->units[k];
        if (!(u->flags & U_WORD))
            return false;
        if ((u->words & EVM_WC_TITLE) && s->text[u->end - 1] != 's') {
            if (k + 1 >= s->unit_count || !(s->units[k + 1].flags & U_WORD))
                return true; /* ", chief executive." */
            const unit *v = &s->units[k + 1];
            for (size_t l = 0; links[l]; l++) {
                size_t n = strlen(links[l]);
                if (v->end - v->start == n && memcmp(s->text + v->start, links[l], n) == 0)
                    return true;
            }
        }
        if ((u->flags & U_CAP) && !(u->words & EVM_WC_TITLE))
            return false;
    }
    return false;
}

/* Is the run [a, b) first of all the name of a country or a division? */
static bool names_a_region(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b)
{
    evm_place_kind kind;
    uint32_t population;
    return run_first_place(gz, s, a, b, &kind, &population) &&
           (kind == EVM_KIND_COUNTRY || kind == EVM_KIND_ADMIN1);
}

/* Is the run at unit a named as a relative ("his wife, Dora", "the son of
 * Riley", "her husband Tom"): a lowercase kinship word right before it,
 * or before a comma or "of" before it? */
static bool kin_before(const scratch *s, size_t a)
{
    static const char *const kin[] = {
        "wife",         "husband",    "son",        "daughter",    "mother",      "father",
        "brother",      "sister",     "widow",      "widower",     "grandson",    "granddaughter",
        "nephew",       "niece",      "uncle",      "aunt",        "cousin",      "fiance",
        "fiancee",      "sons",       "daughters",  "grandmother", "grandfather", "stepson",
        "stepdaughter", "stepmother", "stepfather", "girlfriend",  "boyfriend",   NULL};
    if (a == 0)
        return false;
    size_t k = a - 1;
    const unit *p = &s->units[k];
    if (!(p->flags & U_WORD)) {
        if (s->text[p->start] != ',' || p->end != p->start + 1 || k == 0)
            return false;
        k--;
    } else if (ukey_is(s, p, "of")) {
        if (k == 0)
            return false;
        k--;
    }
    const unit *w = &s->units[k];
    if (!(w->flags & U_WORD) || (w->flags & U_CAP) || w->key_len < 3 || w->key_len > 13)
        return false;
        /* the lengths of the kinship words by their first letter (bit n: a word
         * of n letters) */
#define L(n) (1u << (n))
    static const uint16_t lens[26] = {
        ['a' - 'a'] = L(4),        ['b' - 'a'] = L(7) | L(9),
        ['c' - 'a'] = L(6),        ['d' - 'a'] = L(8) | L(9),
        ['f' - 'a'] = L(6) | L(7), ['g' - 'a'] = L(8) | L(10) | L(11) | L(13),
        ['h' - 'a'] = L(7),        ['m' - 'a'] = L(6),
        ['n' - 'a'] = L(5) | L(6), ['s' - 'a'] = L(3) | L(4) | L(6) | L(7) | L(10) | L(12),
        ['u' - 'a'] = L(5),        ['w' - 'a'] = L(4) | L(5) | L(7)};
#undef L
    const char *key = ukey(s, w);
    unsigned first = (unsigned)(unsigned char)key[0] - 'a';
    return first < 26 && (lens[first] >> w->key_len & 1) && key_in(key, w->key_len, kin);
}

/* Is the one-word run [a, a+1) the first of a couple named with one
 * surname ("Brent and Lynnette Hain", "Riley and Eva Mae Mitchell-Smith"):
 * "and", then a given name (one of the two is) and a capitalised word that
 * are not together a place's name ("Victoria and Alice Springs")? After "in", "near"... only a
 * given name ("in Texas and Mary Smith's" is no couple). */
static bool couple_first(const evm_gazetteer *gz, const scratch *s, size_t a)
{
    size_t c = a + 2;
    bool locative = a > 0 && (s->units[a - 1].flags & U_WORD) &&
                    (s->units[a - 1].words & EVM_WC_LOCATIVE_CONTEXT);
    if (c + 1 >= s->unit_count || (locative && !(s->units[a].words & EVM_WC_GIVEN_NAME)) ||
        !ukey_is(s, &s->units[a + 1], "and") || !joined_by_space(s, a + 1) ||
        !joined_by_space(s, c) || !(s->units[c].flags & U_CAP) ||
        !((s->units[a].words | s->units[c].words) & EVM_WC_GIVEN_NAME))
        return false;
    size_t d = c + 1;
    while (d < s->unit_count && d < c + 4 && (s->units[d].flags & U_WORD) &&
           (s->units[d].flags & U_CAP) &&
           (joined_by_space(s, d) || (s->units[d].flags & U_AFTER_HYPHEN)) &&
           !(s->units[d - 1].flags & U_POSSESSIVE))
        d++;
    if (d == c + 1 || (s->units[d - 1].words & (EVM_WC_PLACE_TYPE | EVM_WC_ORG_CUE)))
        return false;
    /* A second name we do not know as a given name must not be a place's
     * ("Chelsea and Westminster Hospital"). */
    if (!(s->units[c].words & EVM_WC_GIVEN_NAME) && run_is_place_name(gz, s, c, c + 1))
        return false;
    return !run_is_place_name(gz, s, c, d);
}

/* Finds person names in each run of capitalised words. */
static evm_error find_persons(const evm_gazetteer *gz, evm_doc *doc, scratch *s)
{
    size_t i = 0, cursor = 0;
    while ((i = next_cap_unit(s, i, &cursor)) < s->unit_count) {
        unit *u = &s->units[i];
        if (!(u->flags & U_WORD) || !(u->flags & U_CAP) || (u->flags & U_LINE_CAPS)) {
            i++;
            continue;
        }
        size_t a = i, b = i + 1;
        /* A run of capitalised words; hyphenated parts belong to it
         * ("Kim Tong-Hyung"). */
        while (b < s->unit_count && (s->units[b].flags & U_WORD) &&
               (joined_by_space(s, b) || (s->units[b].flags & U_AFTER_HYPHEN)) &&
               (s->units[b].flags & U_CAP) && !(s->units[b].flags & U_LINE_CAPS) &&
               !(s->units[b - 1].flags & U_POSSESSIVE))
            b++;
        /* A capitalised function word opening the run is not part of a name
         * ("By Kim Tong-Hyung", "In Moscow"). */
        while (a < b && (s->units[a].words & EVM_WC_STOPWORD))
            a++;
        /* Nor is a word in capitals before words that are not ("WASHINGTON
         * Christopher Steele, who...": a dateline without its dash). */
        if (b - a >= 3 && (s->units[a].flags & U_ALLCAPS) &&
            s->units[a].end - s->units[a].start > 1 && !(s->units[a + 1].flags & U_ALLCAPS))
            a++;
        if (a == b) {
            i = b;
            continue;
        }
        /* Strip leading titles, demonyms and organisation words: "Russian
         * Defense Minister Sergei Shoigu" -> "Sergei Shoigu". */
        size_t name_a = a;
        bool titled = a > 0 && (s->units[a - 1].flags & U_WORD) &&
                      (s->units[a - 1].words & EVM_WC_TITLE) && !(s->units[a - 1].flags & U_CAP);
        if (!titled && b - a <= 3 && kin_before(s, a) && !names_a_region(gz, s, a, b))
            titled = true; /* "his wife, Dora", "the son of Riley"; not "a son of Kentucky" */
        for (size_t k = a; k < b; k++) {
            if (s->units[k].words & (EVM_WC_TITLE | EVM_WC_ORG_CUE)) {
                name_a = k + 1;
                titled = (s->units[k].words & EVM_WC_TITLE) != 0;
            }
        }
        /* Count the hyphenated parts of one word as one word. */
        size_t n = 0;
        for (size_t k = name_a; k < b; k++)
            n += !(s->units[k].flags & U_AFTER_HYPHEN);
        bool person = false, by_role = false;
        int aged = -1; /* after_age(s, a) once asked (-1: not yet) */
#define AGED() (aged < 0 ? (aged = after_age(s, a)) : aged)
        if (n >= 1 && n <= 4 && name_a < b) {
            const unit *first = &s->units[name_a];
            const unit *last = &s->units[b - 1];
            /* Is the name a place's (asked last in each test below: it
             * probes the gazetteer)? */
            int place_run = -1;
#define PLACE_RUN() place_run_memo(gz, s, name_a, b, &place_run)
            bool type_end = (last->words & EVM_WC_PLACE_TYPE) != 0;
            if (titled && !(n == 1 && first->key_len > 0 &&
                            (first->words & EVM_WC_LOCATIVE_CONTEXT) && PLACE_RUN()))
                person = !type_end && !(name_a > a && (s->units[name_a - 1].words & EVM_WC_TITLE) &&
                                        titled_place(gz, s, name_a - 1, b));
            else if (n >= 2 && AGED() && !type_end && !PLACE_RUN())
                person = true; /* "a 15-year-old Georgia Stevens", not "a 9-year-old New
                                  Jersey boy" or "a 30-year-old Egyptian woman" */
            else if (n >= 2 && (first->words & EVM_WC_GIVEN_NAME) && !type_end && !PLACE_RUN())
                person = true;
            else if (n >= 2 && n <= 3 && (first->words & EVM_WC_ASIAN_SURNAME) && !type_end &&
                     !PLACE_RUN())
                person = true;
            else if (n >= 2 && (last->words & EVM_WC_SURNAME_SHAPE) && !type_end && !PLACE_RUN() &&
                     !names_a_country(gz, s, last))
                person = true;
            else if (n >= 2 && n <= 3 && is_speech_verb(s, b) && !type_end && !PLACE_RUN() &&
                     !names_a_country(gz, s, last))
                person = true;
#undef PLACE_RUN
            else if (n == 1 && is_person_key(s, first))
                person = true;
            else if (n == 1 && name_a == a && couple_first(gz, s, a) &&
                     !names_a_country(gz, s, first))
                person = true; /* "Brent and Lynnette Hain" */
            else if (!type_end && age_after(s, doc->len, b))
                person = true; /* "Kati Mather, 22, said" */
            else if (n <= 3 && !type_end && !after_locative(s, a) && role_after(s, b) &&
                     small_or_no_place(gz, s, name_a, b))
                person = by_role = true; /* "Will Steele, President and CEO of", "Hassan el
                                            Bushra, regional adviser for"; not "In Toledo, a
                                            spokesman for" */
        }
        if (person) {
            evm_error err = add_person(doc, s, name_a, b);
            /* A child is named by the given name later on ("Georgia began
             * skating at four"). */
            if (!err && b - name_a >= 2 && AGED())
                err = remember_person_unit(s, name_a);
            if (!err && by_role && b - name_a == 1)
                err = remember_person_unit(s, name_a); /* "Steele says" later on */
            if (err)
                return err;
        }
#undef AGED
        /* Words of a run that are known surnames stay persons ("Kim-Putin"),
         * unless the run is a place's name ("Mrs Kong said Hong Kong...";
         * asked only once a word is such a surname: adding a one-word person
         * changes neither the answer nor the other words' tests). */
        int whole_place = -1;
        for (size_t k = a; k < b; k++) {
            if (!(s->units[k].flags & U_PERSON) && is_person_key(s, &s->units[k])) {
                if (!person && b - a >= 2 && place_run_memo(gz, s, a, b, &whole_place))
                    break;
                evm_error err = add_person(doc, s, k, k + 1);
                if (err)
                    return err;
            }
        }
        i = b;
    }
    return EVM_OK;
}

/* ---- recognition ------------------------------------------------------------- */

static bool is_connector(const scratch *s, const unit *u)
{
    (void)s;
    return !(u->flags & U_CAP) && (u->flags & U_CONNECTOR_KEY);
}

/* Two-letter all-capital words that are English function words when they
 * appear in capitals (headings, emphasis), not codes. */
static bool caps_function_word(const scratch *s, const unit *u)
{
    (void)s;
    return (u->flags & U_CAPS_FUNCTION_KEY) != 0;
}

/* "U.S.", "D.C.": single letters each followed by a dot (not "St."). */
static bool dotted_initials(const char *text, size_t start, size_t end)
{
    size_t letters = 0;
    for (size_t i = start; i < end; i += 2) {
        unsigned char c = (unsigned char)text[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) || i + 1 >= end ||
            text[i + 1] != '.')
            return false;
        letters++;
    }
    return letters >= 2;
}

/* A new candidate for `entry` named with `flags`, unscored (its place is
 * set by the caller). */
static void cand_init(cand *c, uint32_t entry, uint32_t flags)
{
    c->entry = entry;
    c->flags = flags;
    c->score = 0;
    c->reason = NULL;
    c->reason_weight = 0;
}

/* Filters a candidate list for how the name is written in the text. */
/* Does a clock time end just before byte `at`, past spaces and an opening
 * bracket: "1:58 p.m. [EST]", "9 a.m. EDT", "20:00 GMT"? */
static bool after_clock_time(const char *text, size_t at)
{
    size_t i = at;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '['))
        i--;
    if (i == at || i == 0)
        return false;
    /* "a.m." / "p.m." / "am" / "pm" */
    size_t j = i;
    if (text[j - 1] == '.')
        j--;
    if (j >= 1 && (text[j - 1] | 0x20) == 'm') {
        size_t k = j - 1;
        if (k >= 1 && text[k - 1] == '.')
            k--;
        if (k >= 1 && ((text[k - 1] | 0x20) == 'a' || (text[k - 1] | 0x20) == 'p') &&
            (k == 1 || !((text[k - 2] | 0x20) >= 'a' && (text[k - 2] | 0x20) <= 'z')))
            return true;
    }
    /* "20:00" */
    return i >= 4 && text[i - 1] >= '0' && text[i - 1] <= '9' && text[i - 2] >= '0' &&
           text[i - 2] <= '9' && text[i - 3] == ':';
}

/* Does the text name the mayor (1) or the governor (2) of the place
 * written at units [a, b): "New York Mayor Eric Adams", "In New York, Mayor
 * Adams", "Texas Gov. Greg Abbott", "the governor of Ohio", "the mayor of
 * Kyiv"? 0 otherwise. */
static int office_of_place(const scratch *s, size_t a, size_t b)
{
    size_t k = b;
    if (k < s->unit_count && !(s->units[k].flags & U_WORD) &&
        s->units[k].end == s->units[k].start + 1 && s->text[s->units[k].start] == ',')
        k++;
    if (k < s->unit_count && (s->units[k].flags & U_WORD)) {
        const unit *u = &s->units[k];
        if (ukey_is(s, u, "mayor"))
            return 1;
        if (ukey_is(s, u, "governor") || ukey_is(s, u, "gov"))
            return 2;
    }
    if (a >= 2 && ukey_is(s, &s->units[a - 1], "of") && (s->units[a - 2].flags & U_WORD)) {
        const unit *u = &s->units[a - 2];
        if (ukey_is(s, u, "mayor"))
            return 1;
        if (ukey_is(s, u, "governor"))
            return 2;
    }
    return 0;
}

/* Does a list of names go on from unit b to a plural type word: ", Kursk
 * and Bryansk regions", " and Mykolaiv regions"? Returns the type word's
 * unit, or 0. Each item is one to three capitalised words; the items are
 * joined by commas, "and" or "or". */
static size_t plural_type_after(const scratch *s, size_t b)
{
    size_t k = b, items = 0;
    while (k < s->unit_count && k < b + 16) {
        const unit *u = &s->units[k];
        bool comma = !(u->flags & U_WORD) && u->end == u->start + 1 && s->text[u->start] == ',';
        if (comma)
            k++;
        if (k < s->unit_count &&
            (ukey_is(s, &s->units[k], "and") || ukey_is(s, &s->units[k], "or")) &&
            !(s->units[k].flags & U_CAP))
            k++;
        else if (!comma)
            break;
        size_t w = 0;
        while (k < s->unit_count && w < 3 &&
               (s->units[k].flags & (U_WORD | U_CAP)) == (U_WORD | U_CAP) &&
               (w == 0 || joined_by_space(s, k))) {
            k++;
            w++;
        }
        if (w == 0)
            return 0;
        items++;
        if (k < s->unit_count && joined_by_space(s, k) && !(s->units[k].flags & U_CAP) &&
            (s->units[k].words & EVM_WC_PLACE_TYPE) && s->units[k].key_len > 1 &&
            ukey(s, &s->units[k])[s->units[k].key_len - 1] == 's')
            return k;
    }
    return 0;
}

static size_t filter_candidates(const evm_gazetteer *gz, const scratch *s, size_t a, size_t b,
                                const evm_posting *ps, size_t n, cand *out, evm_error *err)
{
    const unit *first = &s->units[a];
    bool single = b - a == 1;
    bool written_caps = single && (first->flags & U_ALLCAPS) && !(first->flags & U_LINE_CAPS);
    bool written_dots =
        single && (first->flags & U_ABBREV) && dotted_initials(s->text, first->start, first->end);
    /* "Edmonton, Alta.", "Gatineau, Que.": a province's abbreviation after
     * its city, which the tokenizer does not know, so its dot stands as the
     * next unit. Elsewhere "Alta." ends a sentence about Alta. */
    bool dot_after = single && a >= 2 && a + 1 < s->unit_count &&
                     !(s->units[a + 1].flags & U_WORD) && s->units[a + 1].start == first->end &&
                     s->text[first->end] == '.' && !(s->units[a - 1].flags & U_WORD) &&
                     s->text[s->units[a - 1].start] == ',';
    if (written_caps && after_clock_time(s->text, first->start))
        return 0; /* "1:58 p.m. [EST]": a time zone */
    /* Another spelling of a town's name stands in for it unless a larger
     * town, or a country, is called by the name itself ("Huliaipole";
     * "Jenin" for Janīn, though a Polish village and Janīn's governorate
     * are called Jenin; never "Paris" for Parys). */
    const uint32_t main_flags =
        EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_DEMONYM | EVM_NAME_TYPED;
    bool any_variant = false;
    for (size_t i = 0; i < n && !any_variant; i++)
        any_variant = (ps[i].flags & (EVM_NAME_VARIANT | main_flags)) == EVM_NAME_VARIANT;
    bool main_town = false;     /* some town or country is called so */
    uint32_t main_town_pop = 0; /* the largest such town; UINT32_MAX for a country */
    for (size_t i = 0; any_variant && i < n; i++) {
        if (!(ps[i].flags & main_flags))
            continue;
        evm_place_kind kind;
        uint32_t pop;
        evm_error e = evm_gazetteer_kind_population(gz, ps[i].entry, &kind, &pop);
        if (e) {
            *err = e;
            return 0;
        }
        if (kind == EVM_KIND_COUNTRY) {
            main_town = true;
            main_town_pop = UINT32_MAX;
        } else if (kind == EVM_KIND_CITY) {
            main_town = true;
            main_town_pop = pop > main_town_pop ? pop : main_town_pop;
        }
    }
    size_t k = 0;
    *err = EVM_OK;
    for (size_t i = 0; i < n && k < EVM_MAX_CANDIDATES; i++) {
        uint32_t f = ps[i].flags;
        if (f == EVM_NAME_DOTTED && !(first->flags & U_ABBREV) && !dot_after)
            continue; /* "Ky." written without its dot is another word */
        bool as_name = f & (EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_DEMONYM |
                            EVM_NAME_TYPED | EVM_NAME_DOTTED);
        if (!as_name && (f & EVM_NAME_ALT) && !(f & (EVM_NAME_ABBREV | EVM_NAME_CODE)))
            as_name = true;
        if (!as_name) {
            /* Only written as an abbreviation or code: the text must write it
             * the same way ("DPRK", "U.S."), and codes name only countries
             * and divisions, never towns (airport codes). */
            if (!(written_caps || written_dots))
                continue;
            if (written_caps && first->key_len <= 2 && caps_function_word(s, first))
                continue;
        }
        /* The kind and population decide (the whole place is decoded only
         * for a new group's candidates, see below). */
        evm_place p;
        evm_error e = evm_gazetteer_kind_population(gz, ps[i].entry, &p.kind, &p.population);
        if (e) {
            *err = e;
            return 0;
        }
        if (!as_name && (f & EVM_NAME_CODE) && p.kind != EVM_KIND_COUNTRY &&
            p.kind != EVM_KIND_ADMIN1)
            continue;
        /* Alternate names of small towns are mostly other languages'
         * spellings that collide with English words and names ("Wagner",
         * "White House"): only the names a town is known by in its own right
         * count for it, and other spellings of them ("Huliaipole"). */
        bool main_name = (f & main_flags) || ((f & EVM_NAME_VARIANT) && any_variant &&
                                              (!main_town || p.population > main_town_pop));
        if (!main_name && p.kind == EVM_KIND_CITY && p.population < EVM_ALT_NAME_MIN_POP)
            continue;
        /* A word in capitals in mixed-case text is an acronym ("TASS",
         * "NATO"): it names a place only as a country's or division's
         * abbreviation, or a large city. */
        if (written_caps && !(f & EVM_NAME_ABBREV) && first->key_len <= 5 &&
            p.kind != EVM_KIND_COUNTRY && p.kind != EVM_KIND_ADMIN1 &&
            !((f & EVM_NAME_PRIMARY) && p.population >= 100000))
            continue;
        /* Recognition needs only the kind and the population; group_for()
         * decodes the whole place when the name starts a new group (most
         * mentions repeat a group's name). */
        out[k].place.kind = p.kind;
        out[k].place.population = p.population;
        cand_init(&out[k++], ps[i].entry, f);
    }
    return k;
}

static evm_error add_raw(scratch *s, const raw_mention *m)
{
    void *items = s->raw;
    evm_error err = evm_grow(&items, &s->raw_cap, s->raw_count + 1, sizeof *s->raw);
    s->raw = items;
    if (err)
        return err;
    s->raw[s->raw_count++] = *m;
    return EVM_OK;
}

/* evm_gazetteer_find_key_hashed() through the article's probe memo: an
 * article names its places again and again, and probes the same runs each
 * time. A slot is taken by the key's hash and length (the built-in table
 * itself tells keys apart by their 64-bit hash alone). */
static evm_error find_key_memo(const evm_gazetteer *gz, scratch *s, const char *key, size_t len,
                               uint64_t h, const evm_posting **ps, size_t *count)
{
    probe_memo *m = &s->probe_memo[h & (EVM_PROBE_MEMO - 1)];
    if (m->stamp == s->probe_stamp && m->hash == h && m->len == len) {
        *ps = m->ps;
        *count = m->count;
        return EVM_OK;
    }
    evm_error err = evm_gazetteer_find_key_hashed(gz, key, len, h, ps, count);
    if (!err) {
        m->hash = h;
        m->ps = *ps;
        m->count = *count;
        m->len = (uint32_t)len;
        m->stamp = s->probe_stamp;
    }
    return err;
}

/* Finds or creates the group for (key, restriction) holding `cands`; key is
 * klen bytes (NUL-terminated), h its evm_gazetteer_key_hash(). A new group
 * decodes its candidates' places (filter_candidates() set only their kind
 * and population). */
static evm_error group_for(scratch *s, const char *key, size_t klen, uint64_t h, int restrict_kind,
                           const cand *cands, size_t n, uint32_t *out)
{
    uint32_t *head = &s->group_head[h & (EVM_GROUP_BUCKETS - 1)];
    for (uint32_t g1 = *head; g1; g1 = s->groups[g1 - 1].bucket_next) {
        group *o = &s->groups[g1 - 1];
        if (o->hash == h && o->restrict_kind == restrict_kind && strcmp(o->key, key) == 0) {
            o->mentions++;
            *out = g1 - 1;
            return EVM_OK;
        }
    }
    void *items = s->groups;
    evm_error err = evm_grow(&items, &s->group_cap, s->group_count + 1, sizeof *s->groups);
    s->groups = items;
    if (err)
        return err;
    if (s->cands_cap_len < s->group_cap) {
        items = s->cands_cap;
        err = evm_grow(&items, &s->cands_cap_len, s->group_cap, sizeof *s->cands_cap);
        s->cands_cap = items;
        if (err)
            return err;
    }
    size_t gi = s->group_count;
    group *g = &s->groups[gi];
    /* A kept candidate array is reused when it is large enough. */
    cand *buf = NULL;
    if (gi < s->cands_kept) {
        buf = g->cands;
        if (s->cands_cap[gi] < n) {
            evm_free(buf);
            buf = NULL;
            s->cands_cap[gi] = 0;
        }
    } else {
        s->cands_cap[gi] = 0;
        s->cands_kept = gi + 1;
    }
    memset(g, 0, sizeof *g);
    g->cands = buf;
    if (klen > sizeof g->key - 1)
        klen = sizeof g->key - 1;
    memcpy(g->key, key, klen);
    g->key[klen] = '\0';
    g->hash = h;
    g->restrict_kind = restrict_kind;
    if (!g->cands) {
        g->cands = evm_malloc(n * sizeof *g->cands);
        if (!g->cands)
            return EVM_ERR_NOMEM;
        s->cands_cap[gi] = n;
    }
    memcpy(g->cands, cands, n * sizeof *cands);
    /* filter_candidates() set only the kind and the population */
    for (size_t c = 0; c < n; c++) {
        err = evm_gazetteer_place(s->gz, g->cands[c].entry, &g->cands[c].place); /* (no copy) */
        if (err)
            return err;
    }
    g->cand_count = n;
    g->mentions = 1;
    g->bucket_next = *head; /* (linked only once counted: scratch_get() clears by the count) */
    *head = (uint32_t)gi + 1;
    *out = (uint32_t)s->group_count++;
    return EVM_OK;
}

/* Does a capitalised run continuing after unit `b` end in an organisation
 * word ("Washington Post", "Korean Central News Agency")? */
/* Organisation words after which the place is still named: the place's own
 * council or police ("Enfield Council", "London police"). */
static bool local_body(const scratch *s, const unit *u)
{
    static const char *const words[] = {"council", "police", NULL};
    return key_in(ukey(s, u), u->key_len, words);
}

static bool followed_by_org(const scratch *s, size_t b)
{
    for (size_t k = b; k < s->unit_count && k < b + 5; k++) {
        const unit *u = &s->units[k];
        if (!joined_by_space(s, k) || !(u->flags & U_CAP))
            return false;
        if (k == b && local_body(s, u))
            return false; /* "Enfield Council", "London Police": the place's own */
        if (u->words & EVM_WC_ORG_CUE)
            return true;
        if (u->flags & U_POSSESSIVE)
            return false;
    }
    return false;
}

/* Does the run ending at unit a - 1 name an organisation whose name goes on
 * with "of" or "for" to unit a ("Institute for the Study of War", "Peanut
 * Corporation of America"): capitalised words and lowercase "of", "for",
 * "the", "and" back to an organisation word, with "of" or "for" after it?
 * (News names where an organisation is so, "the Government of Alberta",
 * "Boskovich Farms Inc. of Oxnard": only a small town's name there is
 * rather a word of the organisation's name.) */
static bool inside_org_name(const scratch *s, size_t a)
{
    bool linked = false; /* an "of" or "for" seen between */
    for (size_t k = a; k > 0 && k + 10 > a; k--) {
        if (!joined_by_space(s, k))
            return false;
        const unit *w = &s->units[k - 1];
        if (w->flags & U_CAP) {
            if ((w->flags & U_LINE_CAPS) || (w->flags & U_POSSESSIVE))
                return false;
            if (linked && (w->words & EVM_WC_ORG_CUE))
                return true;
            continue;
        }
        if (ukey_is(s, w, "of") || ukey_is(s, w, "for"))
            linked = true;
        else if (!ukey_is(s, w, "the") && !ukey_is(s, w, "and"))
            return false;
    }
    return false;
}

/* Are all of cands towns of under 10,000 people? */
static bool only_small_towns(const cand *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (c[k].place.kind != EVM_KIND_CITY || c[k].place.population >= 10000)
            return false;
    }
    return n > 0;
}

/* Are units [a, b) all direction words ("Northern", "South East")? */
static bool all_directions(const scratch *s, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        if (!(s->units[k].words & EVM_WC_DIRECTION))
            return false;
    }
    return b > a;
}

/* Words after which a place's name names a disease or its agent. */
static bool disease_word(const scratch *s, const unit *u)
{
    static const char *const words[] = {"virus",       "viruses",      "ebolavirus", "fever",
                                        "hemorrhagic", "haemorrhagic", "disease",    NULL};
    return key_in(ukey(s, u), u->key_len, words);
}

/* Is units [i, b) a saint's name in the possessive before a capitalised
 * institution or square ("St. Michael's Hospital", "St. Peter's Square",
 * "St. Mark's Coptic Cathedral"): a building named after the saint, not the
 * parishes and towns called so? */
static bool saint_institution(const scratch *s, size_t i, size_t b)
{
    if (b - i < 2 || b + 1 >= s->unit_count || !(s->units[b - 1].flags & U_POSSESSIVE) ||
        !(ukey_is(s, &s->units[i], "st") || ukey_is(s, &s->units[i], "saint")))
        return false;
    for (size_t k = b + 1; k < s->unit_count && k < b + 5; k++) {
        const unit *u = &s->units[k];
        if (!(u->flags & U_WORD) || !(u->flags & U_CAP) || (k > b + 1 && !joined_by_space(s, k)))
            return false;
        if ((u->words & (EVM_WC_ORG_CUE | EVM_WC_FEATURE_TYPE)) || ukey_is(s, u, "square"))
            return true;
    }
    return false;
}

/* Keeps only candidates of `kind`; returns the new count (unchanged list
 * when none is of that kind). */
/* The population of the largest town among cands that bears the name as
 * its main name (not only as an alternate: an old or short name). */
static uint32_t largest_by_name(const cand *c, size_t n)
{
    uint32_t best = 0;
    for (size_t k = 0; k < n; k++) {
        if ((c[k].flags &
             (EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_TYPED | EVM_NAME_VARIANT)) &&
            c[k].place.kind == EVM_KIND_CITY && c[k].place.population > best)
            best = c[k].place.population;
    }
    return best;
}

/* Do all of cands bear the name only as an alternate (an old, short or
 * foreign name: "Human" for Uman, "Drug" for Durg)? */
static bool all_alt_only(const cand *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (c[k].flags & (EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_TYPED | EVM_NAME_DEMONYM))
            return false;
    }
    return n > 0;
}

/* The answers of written_lowercase() so far in the article, by key hash
 * (an article asks about the same few names again and again). */
#define EVM_LOWER_MEMO 16
typedef struct lower_words {
    uint64_t hash[EVM_LOWER_MEMO];
    bool lower[EVM_LOWER_MEMO];
    size_t count, next;
} lower_words;

/* Does the text also write word unit u's key in lowercase, as an ordinary
 * word (by the 64-bit key hash)? A scan of the units, remembered per key.
 * The scan stops at a copy of the hash in the slot past the last unit
 * (build_units() keeps room there; nothing reads it). */
static bool written_lowercase(scratch *s, lower_words *lw, const unit *u)
{
    for (size_t k = 0; k < lw->count; k++) {
        if (lw->hash[k] == u->key_hash)
            return lw->lower[k];
    }
    const uint64_t h = u->key_hash;
    unit *units = s->units;
    units[s->unit_count].key_hash = h;
    units[s->unit_count].flags = U_WORD;
    /* (four units per loop step; the scan stops at the copy at the latest) */
#define LOWER_AT(k) (units[k].key_hash == h && (units[k].flags & (U_WORD | U_CAP)) == U_WORD)
    size_t k = 0;
    for (;; k += 4) {
        if (LOWER_AT(k))
            break;
        if (LOWER_AT(k + 1)) {
            k += 1;
            break;
        }
        if (LOWER_AT(k + 2)) {
            k += 2;
            break;
        }
        if (LOWER_AT(k + 3)) {
            k += 3;
            break;
        }
    }
#undef LOWER_AT
    bool lower = k < s->unit_count;
    size_t slot = lw->count < EVM_LOWER_MEMO ? lw->count++ : lw->next++ % EVM_LOWER_MEMO;
    lw->hash[slot] = u->key_hash;
    lw->lower[slot] = lower;
    return lower;
}

/* Drops the towns among cands that bear the name only as an alternate
 * (an old, short or foreign name); returns the new count. */
static size_t drop_alt_only_towns(cand *c, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].place.kind != EVM_KIND_CITY ||
            (c[i].flags &
             (EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_TYPED | EVM_NAME_VARIANT)))
            c[k++] = c[i]; /* (a spelling of its own name is none: "Geneva" for Genève) */
    }
    return k;
}

/* Do all of cands bear the name only with its type word ("Kentucky
 * State", "Jilin Province")? */
static bool all_typed(const cand *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if ((c[k].flags & (EVM_NAME_TYPED | EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL)) !=
            EVM_NAME_TYPED)
            return false;
    }
    return n > 0;
}

/* Is unit k an acronym heading a place's name, an organisation's office
 * or station there ("CBC Toronto", "CTV Winnipeg", "ABC Australia")? An
 * acronym of two to four capitals that does not start the sentence. */
static bool office_of(const scratch *s, size_t k)
{
    const unit *u = &s->units[k];
    size_t len = u->end - u->start;
    return (u->flags & U_ALLCAPS) && !(u->flags & U_ABBREV) && len >= 2 && len <= 4;
}

static size_t restrict_to(cand *c, size_t n, evm_place_kind kind)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].place.kind == kind)
            c[k++] = c[i];
    }
    return k;
}

/* Is unit i written as a division's code right after a town and a comma
 * ("Louisville, KY", "Portland, OR", "Sydney, NSW", "EDMONTON, Ky (WBKO)")?
 * Then cands gets the divisions holding one of the town's readings whose
 * ISO 3166-2 code ends in it (KY of "US-KY"); returns their count. Only the
 * town's own divisions count, so "AP" after Washington is no Andhra Pradesh.
 * Capitals, or a capital and lowercase when no capitalised word follows ("Al
 * Gore" after a town is a person). */
static size_t division_code(const evm_gazetteer *gz, const scratch *s, size_t i, cand *cands,
                            evm_error *err)
{
    const unit *u = &s->units[i];
    size_t len = u->end - u->start;
    *err = EVM_OK;
    if (len < 2 || len > 3 || !(u->flags & U_WORD) || !(u->flags & U_CAP) || i < 2 ||
        s->raw_count == 0 || s->raw[s->raw_count - 1].u_end != i - 1)
        return 0;
    const unit *comma = &s->units[i - 1];
    if ((comma->flags & U_WORD) || comma->end != comma->start + 1 || s->text[comma->start] != ',')
        return 0;
    if (!(u->flags & U_ALLCAPS) && i + 1 < s->unit_count && joined_by_space(s, i + 1) &&
        (s->units[i + 1].flags & U_CAP))
        return 0;
    const group *town = &s->groups[s->raw[s->raw_count - 1].group];
    size_t n = 0;
    for (size_t c = 0; c < town->cand_count && n < EVM_MAX_CANDIDATES; c++) {
        uint32_t d = town->cands[c].place.admin1_entry;
        if (town->cands[c].place.kind != EVM_KIND_CITY || d == EVM_NO_ENTRY)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = cands[k].entry == d;
        if (seen)
            continue;
        evm_place dp;
        *err = evm_gazetteer_place(gz, d, &dp);
        if (*err)
            return 0;
        const char *dash = dp.iso_code ? strchr(dp.iso_code, '-') : NULL;
        if (!dash || strlen(dash + 1) != len)
            continue;
        bool same = true;
        for (size_t k = 0; k < len && same; k++) {
            char ch = s->text[u->start + k];
            same = (ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch) == dash[1 + k];
        }
        if (!same)
            continue;
        cands[n].place = dp;
        cand_init(&cands[n++], d, EVM_NAME_CODE);
    }
    return n;
}

/* Adds the mention of unit i, a division's code after its town, with the
 * divisions of cands (see division_code()). */
static evm_error add_division_code(scratch *s, size_t i, const cand *cands, size_t n)
{
    const unit *u = &s->units[i];
    raw_mention m;
    memset(&m, 0, sizeof m);
    m.u_start = m.u_name_start = i;
    m.u_end = m.u_name_end = i + 1;
    m.start = u->start;
    m.end = u->end;
    m.recog_conf = 0.9;
    evm_error err =
        group_for(s, ukey(s, u), u->key_len, u->key_hash, (int)EVM_KIND_ADMIN1, cands, n, &m.group);
    if (err)
        return err;
    group *g = &s->groups[m.group];
    if (g->mentions == 1) {
        g->written_start = m.start;
        g->written_end = g->written_poss_end = m.end;
    }
    return add_raw(s, &m);
}

static evm_error recognise_in(const evm_gazetteer *gz, scratch *s, lower_words *lw);

static evm_error recognise(const evm_gazetteer *gz, scratch *s)
{
    lower_words lw;
    lw.count = lw.next = 0;
    return recognise_in(gz, s, &lw);
}

/* The word classes of word unit u as a one-word name: an acronym ("US",
 * "U.S.") is not the word it spells. */
static inline uint32_t single_words(const scratch *s, const unit *u)
{
    uint32_t words = u->words;
    if ((u->flags & U_ABBREV) ||
        ((u->flags & U_ALLCAPS) && !(u->flags & U_LINE_CAPS) && !caps_function_word(s, u)))
        words &= ~(uint32_t)(EVM_WC_STOPWORD | EVM_WC_COMMON_WORD);
    return words;
}

/* Word classes that no one-word name has (recognise_in() drops such a word). */
#define EVM_WC_NO_ONE_WORD_NAME                                                                    \
    (EVM_WC_STOPWORD | EVM_WC_MONTH | EVM_WC_WEEKDAY | EVM_WC_DATE_WORD | EVM_WC_TITLE |           \
     EVM_WC_ORG_CUE | EVM_WC_SPEECH | EVM_WC_PLACE_TYPE | EVM_WC_FEATURE_TYPE | EVM_WC_DIRECTION)

static evm_error recognise_in(const evm_gazetteer *gz, scratch *s, lower_words *lw)
{
    cand cands[EVM_MAX_CANDIDATES];
    char key[EVM_MAX_KEY];
    size_t i = 0, cursor = 0;
    while ((i = next_cap_unit(s, i, &cursor)) < s->unit_count) {
        const unit *u = &s->units[i];
        if (!(u->flags & U_WORD) || !(u->flags & U_CAP) || (u->flags & U_PERSON) ||
            u->key_len == 0) {
            i++;
            continue;
        }
        evm_error code_err;
        size_t coded = division_code(gz, s, i, cands, &code_err);
        if (code_err)
            return code_err;
        if (coded) {
            code_err = add_division_code(s, i, cands, coded);
            if (code_err)
                return code_err;
            i++;
            continue;
        }
        size_t best_b = 0, best_n = 0, key_len = 0;
        uint64_t key_hash = 0; /* evm_gazetteer_key_hash() of key (key_len bytes) */
        /* Longest first: grow the run (words, lowercase connectors inside,
         * and across a possessive when a name continues after it: "People's
         * Republic of China"), remembering where a name could end. */
        size_t idx[EVM_MAX_NGRAM];
        bool poss[EVM_MAX_NGRAM];
        size_t ends[EVM_MAX_NGRAM];
        size_t width = 0, end_count = 0;
        for (size_t k = i; k < s->unit_count && width < EVM_MAX_NGRAM;) {
            const unit *w = &s->units[k];
            /* (or across the hyphen after a connector: "Sharm el-Sheikh",
             * "Deir al-Balah", whose keys have the parts spaced) */
            if (width > 0 && !joined_by_space(s, k) &&
                !(k >= 2 && poss[width - 1] && k - 2 == idx[width - 1] && (w->flags & U_WORD) &&
                  w->start > 0 && doc_is_space(s, w->start - 1)) &&
                !((w->flags & U_AFTER_HYPHEN) && (w->flags & U_CAP) && idx[width - 1] == k - 1 &&
                  is_connector(s, &s->units[k - 1])))
                break;
            if (!(w->flags & U_WORD) || (w->flags & U_PERSON))
                break;
            if (!(w->flags & U_CAP) && !is_connector(s, w))
                break;
            idx[width] = k;
            poss[width] = (w->flags & U_POSSESSIVE) != 0;
            width++;
            if (w->flags & U_CAP)
                ends[end_count++] = width;
            /* Past a possessive only onto a capitalised word. */
            k += poss[width - 1] ? 2 : 1;
            if (poss[width - 1] && (k >= s->unit_count || !(s->units[k].flags & U_CAP)))
                break;
        }
        for (size_t e = end_count; e-- > 0 && !best_n;) {
            size_t wn = ends[e];
            size_t b = idx[wn - 1] + 1;
            size_t n = 0;
            /* One word is probed with its own key (copied to `key` only
             * when it names a place). */
            const char *probe = key;
            uint64_t h;
            if (wn == 1) {
                const unit *w = &s->units[idx[0]];
                if (w->key_len + 3 > sizeof key)
                    continue;
                /* A word the one-word rules below drop whatever it names
                 * ("The", "Monday", "President") is not probed. */
                if (single_words(s, w) & EVM_WC_NO_ONE_WORD_NAME)
                    continue;
                probe = ukey(s, w);
                n = w->key_len;
                h = w->key_hash;
            } else {
                bool fits = true;
                for (size_t k = 0; k < wn; k++) {
                    const unit *w = &s->units[idx[k]];
                    if (n + w->key_len + 3 > sizeof key) {
                        fits = false;
                        break;
                    }
                    if (k > 0)
                        key[n++] = ' ';
                    memcpy(key + n, ukey(s, w), w->key_len);
                    n += w->key_len;
                    if (poss[k] && k + 1 < wn)
                        key[n++] = 's'; /* "People's" -> "peoples", as the key drops apostrophes */
                }
                if (!fits)
                    continue;
                key[n] = '\0';
                h = evm_gazetteer_key_hash(key, n);
            }
            const evm_posting *ps;
            size_t count;
            evm_error err = find_key_memo(gz, s, probe, n, h, &ps, &count);
            if (err)
                return err;
            if (count == 0)
                continue;
            size_t k = filter_candidates(gz, s, i, b, ps, count, cands, &err);
            if (err)
                return err;
            if (k == 0)
                continue;
            if (probe != key)
                memcpy(key, probe, n + 1);
            key_len = n;
            key_hash = h;
            best_b = b;
            best_n = k;
        }
        if (!best_n) {
            i++;
            continue;
        }
        size_t b = best_b;
        size_t n = best_n;
        const unit *last = &s->units[b - 1];
        double recog = 0.95;
        bool single = b - i == 1;
        bool mention_tentative = false;
        uint32_t words = single ? single_words(s, u) : 0;

        /* Recognition rules for one-word names. */
        if (single && b < s->unit_count && s->units[b].start == u->end && s->text[u->end] == '$') {
            i++;
            continue; /* a currency ("US$460", "NZ$10"), not the country */
        }
        if (single) {
            if (words & EVM_WC_NO_ONE_WORD_NAME) { /* (not probed: see above) */
                i++;
                continue;
            }
            bool sentence_initial = (u->flags & U_SENT_INITIAL) != 0;
            bool locative = i > 0 && (s->units[i - 1].flags & U_WORD) &&
                            (s->units[i - 1].words & EVM_WC_LOCATIVE_CONTEXT);
            bool tentative = false;
            if (words & EVM_WC_COMMON_WORD) {
                /* "Victory", "Mobile", "Nice": a sizeable place only; after
                 * "in", "near"... it is one; elsewhere only if the article's
                 * other places are nearby (decided after resolution). */
                if (cands[0].place.population < 50000) {
                    i++;
                    continue;
                }
                tentative = !locative;
                recog = 0.6;
            }
            uint32_t ordinary = words & ~(uint32_t)(EVM_WC_GIVEN_NAME | EVM_WC_ASIAN_SURNAME |
                                                    EVM_WC_SURNAME_SHAPE | EVM_WC_COMMON_WORD);
            if (sentence_initial && ordinary) {
                i++;
                continue; /* a capitalised ordinary word opening a sentence */
            }
            if (tentative)
                recog = 0.5;
            mention_tentative = tentative;
            if (words & (EVM_WC_GIVEN_NAME | EVM_WC_ASIAN_SURNAME | EVM_WC_SURNAME_SHAPE)) {
                /* A lone given name or surname is a place only with a
                 * locative before it or a sizeable place behind it, one
                 * called so in its own right: "Franklin" once named El
                 * Paso and "Lu" is Luzhou's short name, but a Mr Lu or a
                 * Franklin school is meant. */
                if (!locative && cands[0].place.kind == EVM_KIND_CITY &&
                    largest_by_name(cands, n) < 100000) {
                    i++;
                    continue;
                }
                /* Even after "at" or "near", a town is not meant by an old
                 * or short name of its own that is a person's name ("at
                 * Franklin" is a school, not El Paso). */
                n = drop_alt_only_towns(cands, n);
                if (n == 0) {
                    i++;
                    continue;
                }
                recog = 0.7;
            }
            if (i > 0 && (s->units[i - 1].flags & U_WORD) &&
                (s->units[i - 1].words & EVM_WC_TITLE) && joined_by_space(s, i)) {
                i++;
                continue; /* "President Lincoln", "Gen. Jackson" */
            }
        }
        if (single && all_alt_only(cands, n) && written_lowercase(s, lw, u)) {
            i++;
            continue; /* "Human infection", "Drug related": a word, as elsewhere in the text */
        }
        /* A one-word name inside a longer capitalised name we do not know
         * ("Kasai Occidental", "Danube Delta", "Northern Europe" read as
         * "Northern"): the longer name is another place, or none. So
         * even when the word before is itself a place ("Ilocos Sur", not Sur
         * in Oman; "Stoke Newington"). */
        if (single && i > 0 && joined_by_space(s, i) && (s->units[i - 1].flags & U_CAP) &&
            !(s->units[i - 1].flags & (U_SENT_INITIAL | U_PERSON | U_LINE_CAPS)) &&
            !(s->units[i - 1].words &
              (EVM_WC_STOPWORD | EVM_WC_TITLE | EVM_WC_DIRECTION | EVM_WC_PLACE_TYPE)) &&
            !office_of(s, i - 1)) {
            i++;
            continue;
        }
        /* The same before a capitalised word we do not know ("Abu Shok
         * refugee camp" is not Abu in India; "Kati Mather", "Metz Fresh",
         * "Beijing Olympic Games"): a town's name heading a longer name is
         * that name's, unless the word after is an acronym ("Calgary MLA").
         * Countries and divisions stay ("U.S. Food and Drug Administration"). */
        if (single && b < s->unit_count && joined_by_space(s, b) &&
            (s->units[b].flags & (U_WORD | U_CAP)) == (U_WORD | U_CAP) &&
            !(s->units[b].flags & (U_PERSON | U_ALLCAPS)) && s->units[b].words == 0 &&
            !(u->flags & U_POSSESSIVE) && cands[0].place.kind != EVM_KIND_COUNTRY &&
            cands[0].place.kind != EVM_KIND_ADMIN1) {
            i++;
            continue;
        }
        if (all_directions(s, i, b) && b < s->unit_count && joined_by_space(s, b) &&
            (s->units[b].flags & U_CAP)) {
            i++;
            continue; /* "Northern" in "Northern Europe", "South West" in "South West
                         England", "South East" in "South East Asian" modify what follows */
        }
        if (b < s->unit_count && joined_by_space(s, b) && !(s->units[b].flags & U_CAP) &&
            disease_word(s, &s->units[b])) {
            i = b; /* "Reston ebolavirus", "Marburg hemorrhagic fever": a disease's name */
            continue;
        }
        if (saint_institution(s, i, b)) {
            i = b; /* "St. Michael's Hospital", "St. Peter's Square" */
            continue;
        }
        /* A country's code before an organisation word is the country's
         * ("U.S. Army", "UK Border Force"); full names stay the
         * organisation's ("China Daily", "Kenya Red Cross Society"). */
        bool country_code =
            cands[0].place.kind == EVM_KIND_COUNTRY && b == i + 1 &&
            ((u->flags & U_ABBREV) || ((u->flags & U_ALLCAPS) && u->end - u->start <= 3));
        /* A demonym stays the country's adjective ("Russian Foreign
         * Ministry", "Turkish TV channels"). */
        bool demonym_only = true;
        for (size_t k = 0; k < n && demonym_only; k++)
            demonym_only = (cands[k].flags & EVM_NAME_DEMONYM) != 0;
        if (single && !demonym_only && i > 0 && (s->units[i - 1].flags & U_WORD) &&
            !(s->units[i - 1].flags & U_CAP) && only_small_towns(cands, n) &&
            inside_org_name(s, i)) {
            i = b; /* "Institute for the Study of War" is not War, West Virginia */
            continue;
        }
        if (!country_code && !demonym_only && followed_by_org(s, b)) {
            /* Skip the whole organisation name ("Washington Post"). */
            while (b < s->unit_count && joined_by_space(s, b) && (s->units[b].flags & U_CAP))
                b++;
            i = b;
            continue;
        }
        /* "Islington Bay", "Waiheke Island", "Rift Valley": a bay, island or
         * valley named after the place, not the place; the gazetteer has no
         * such features, so no reading beats a wrong one. */
        if (b < s->unit_count && joined_by_space(s, b) && (s->units[b].flags & U_CAP) &&
            (s->units[b].words & EVM_WC_FEATURE_TYPE)) {
            i = b + 1;
            continue;
        }
        /* Type words: "Jilin province", "Primorsky Krai", "Kansas City". A
         * demonym before a type word is an adjective ("Canadian cities",
         * "a Russian region": places in that country), not the name of a
         * city or region called so (Canadian, Texas). Nor is a name before
         * "city of", "province of" ("the Hunan city of Yueyang"): the type
         * word is the next name's. */
        int restrict_kind = -1;
        bool type_unmet = false; /* "Nyanza Province" with no such division */
        size_t span_b = b;
        bool as_demonym = false;
        for (size_t k = 0; k < n && !as_demonym; k++)
            as_demonym = (cands[k].flags & EVM_NAME_DEMONYM) != 0;
        bool type_of_next = b + 2 < s->unit_count && !(s->units[b].flags & U_CAP) &&
                            joined_by_space(s, b + 1) && ukey_is(s, &s->units[b + 1], "of");
        if (!as_demonym && !type_of_next && b < s->unit_count && joined_by_space(s, b) &&
            (s->units[b].words & EVM_WC_PLACE_TYPE)) {
            const unit *tw = &s->units[b];
            evm_place_kind kind = (tw->words & EVM_WC_CITY_TYPE) ? EVM_KIND_CITY : EVM_KIND_ADMIN1;
            size_t kept = restrict_to(cands, n, kind);
            if (kept) {
                n = kept;
                restrict_kind = (int)kind;
                span_b = b + 1;
                size_t klen = key_len;
                if (klen + tw->key_len + 2 < sizeof key) {
                    key[klen] = ' ';
                    memcpy(key + klen + 1, ukey(s, tw), tw->key_len + 1);
                    key_len = klen + 1 + tw->key_len;
                    key_hash = evm_gazetteer_key_hash(key, key_len);
                }
            } else {
                type_unmet = true;
            }
        }
        /* "the Belgorod, Kursk and Bryansk regions": a plural type word after
         * a list types every name of it. */
        if (restrict_kind < 0 && !as_demonym) {
            size_t t = plural_type_after(s, b);
            if (t) {
                evm_place_kind kind =
                    (s->units[t].words & EVM_WC_CITY_TYPE) ? EVM_KIND_CITY : EVM_KIND_ADMIN1;
                size_t kept = restrict_to(cands, n, kind);
                if (kept) {
                    n = kept;
                    restrict_kind = (int)kind;
                }
            }
        }
        /* "the city of X", "the province of X"; not "the capital of X",
         * which is a country's or a division's ("the capital of Honduras"). */
        if (restrict_kind < 0 && i >= 2 && ukey_is(s, &s->units[i - 1], "of") &&
            (s->units[i - 2].words & EVM_WC_PLACE_TYPE) && !(s->units[i - 2].flags & U_CAP) &&
            !ukey_is(s, &s->units[i - 2], "capital")) {
            evm_place_kind kind =
                (s->units[i - 2].words & EVM_WC_CITY_TYPE) ? EVM_KIND_CITY : EVM_KIND_ADMIN1;
            size_t kept = restrict_to(cands, n, kind);
            if (kept) {
                n = kept;
                restrict_kind = (int)kind;
            }
        }
        bool demonym = true, weak = !(u->flags & U_ABBREV);
        for (size_t k = 0; k < n; k++) {
            demonym = demonym && (cands[k].flags & EVM_NAME_DEMONYM);
            weak = weak && (cands[k].flags & EVM_NAME_CODE) &&
                   !(cands[k].flags & (EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_DEMONYM));
        }
        /* A virus strain's name ("A/California/7/2009") names where it was
         * first isolated, not a place the text is about. */
        if (i > 0 && span_b < s->unit_count && s->units[i - 1].end == u->start &&
            s->text[s->units[i - 1].start] == '/' &&
            s->units[span_b].start == s->units[span_b - 1].end &&
            s->text[s->units[span_b].start] == '/') {
            i = span_b;
            continue;
        }
        raw_mention m;
        memset(&m, 0, sizeof m);
        m.u_start = i;
        m.u_end = span_b;
        m.u_name_start = i;
        size_t floor_unit = s->raw_count ? s->raw[s->raw_count - 1].u_end : 0; /* no overlap */
        while (m.u_name_start > floor_unit && joined_by_space(s, m.u_name_start) &&
               (s->units[m.u_name_start - 1].flags & (U_WORD | U_CAP | U_LINE_CAPS)) ==
                   (U_WORD | U_CAP) &&
               (s->units[m.u_name_start - 1].words & EVM_WC_DIRECTION))
            m.u_name_start--;
        /* The type word stays outside the mention in lowercase, and when
         * it opens an organisation's name ("Kentucky State Police"),
         * whether it came after the name or with it (a typed name). */
        size_t type_at = span_b;
        if (span_b > b)
            type_at = b;
        else if (b - i >= 2 && (s->units[b - 1].words & EVM_WC_PLACE_TYPE) && all_typed(cands, n))
            type_at = b - 1;
        m.u_name_end =
            type_at < span_b && (!(s->units[type_at].flags & U_CAP) ||
                                 (span_b < s->unit_count && joined_by_space(s, span_b) &&
                                  (s->units[span_b].flags & (U_WORD | U_CAP)) == (U_WORD | U_CAP)))
                ? type_at
                : span_b;
        m.start = u->start;
        m.end = s->units[span_b - 1].end;
        m.demonym = demonym;
        m.weak = weak;
        /* "Southern California", "South Darfur": a part of a known place;
         * "West Midlands", "Central Plateau": a name the gazetteer lacks,
         * whose last word alone may be a place elsewhere; so is "Nyanza
         * Province" when no division has the name. */
        m.qualified =
            type_unmet ||
            (i > 0 && joined_by_space(s, i) && (s->units[i - 1].flags & U_WORD) &&
             (s->units[i - 1].flags & U_CAP) && (s->units[i - 1].words & EVM_WC_DIRECTION));
        m.tentative = mention_tentative;
        m.after_the =
            i > 0 && joined_by_space(s, i) && ukey_is(s, &s->units[i - 1], "the") &&
            (!(s->units[i - 1].flags & U_CAP) || (s->units[i - 1].flags & U_SENT_INITIAL));
        m.recog_conf = recog;
        (void)last;
        evm_error err = group_for(s, key, key_len, key_hash, restrict_kind, cands, n, &m.group);
        if (!err && type_unmet)
            s->groups[m.group].kind_unmet = true;
        if (!err) {
            int office = office_of_place(s, i, span_b);
            s->groups[m.group].mayor |= office == 1;
            s->groups[m.group].governor |= office == 2;
        }
        if (!err && s->groups[m.group].mentions == 1) {
            group *ng = &s->groups[m.group];
            ng->written_start = m.start;
            ng->written_end = ng->written_poss_end = m.end;
            if ((s->units[span_b - 1].flags & U_POSSESSIVE) && span_b < s->unit_count) {
                ng->written_poss_end = s->units[span_b].end;
                ng->poss_ends_phrase = span_b + 1 >= s->unit_count ||
                                       !(s->units[span_b + 1].flags & U_WORD) ||
                                       s->units[span_b + 1].sentence != s->units[span_b].sentence;
            }
            /* '.', '-', '\'' and the first byte of U+2019 */
            static const bool punct[256] = {
                ['.'] = true, ['-'] = true, ['\''] = true, [0xE2] = true};
            bool punctuated = false;
            for (size_t k = ng->written_start; k < ng->written_poss_end && !punctuated; k++)
                punctuated = punct[(unsigned char)s->text[k]];
            ng->punctuated = punctuated;
        }
        if (!err)
            err = add_raw(s, &m);
        if (err)
            return err;
        i = span_b;
    }
    return EVM_OK;
}

/* ---- resolution ------------------------------------------------------------------ */

static void bonus(cand *c, double w, const char *why)
{
    c->score += w;
    if (w > c->reason_weight) {
        c->reason_weight = w;
        c->reason = why;
    }
}

/* Is the feature code `fc` (NUL-padded, 8 bytes) exactly `code` (4 letters)? */
static bool fcode_is(const char *fc, const char *code)
{
    return memcmp(fc, code, 5) == 0;
}

/* Is the feature code `fc` (NUL-padded, 8 bytes) exactly `code` (3 letters)? */
static bool fcode3_is(const char *fc, const char *code)
{
    return memcmp(fc, code, 4) == 0;
}

/* Same country code ("" equals ""; bytes after the NUL do not count)? */
static bool cc_eq(const char *a, const char *b)
{
    return a[0] == b[0] && (!a[0] || (a[1] == b[1] && (!a[1] || a[2] == b[2])));
}

/* Is candidate `c` inside the place `k` (a country or division)? */
static bool inside(const evm_place *c, const evm_place *k)
{
    if (c->entry == k->entry)
        return false;
    if (k->kind == EVM_KIND_COUNTRY)
        return c->country_code[0] && cc_eq(c->country_code, k->country_code);
    if (k->kind == EVM_KIND_ADMIN1)
        return c->admin1_entry == k->entry;
    /* A second-level division ("Santa Maria, Davao del Sur", "Cabanatuan,
     * Nueva Ecija"): the index does not link towns to it, so a town of its
     * first-level division counts. */
    if (fcode_is(k->feature_code, "ADM2"))
        return c->kind == EVM_KIND_CITY && k->admin1_entry != EVM_NO_ENTRY &&
               c->admin1_entry == k->admin1_entry;
    return false;
}

/* Approximate great-circle distance, for scoring only (never reported), in
 * two steps so that loops can keep each latitude's cosine and take the
 * arc sine once for their nearest point: hav_term() is the haversine term
 * of two points given the cosines of their latitudes (lat_cos()), and
 * hav_km() turns it into km. hav_km() is non-decreasing, so the km of the
 * smallest term is the smallest km. */
#define EVM_D2R (3.14159265358979323846 / 180.0)

static double lat_cos(double lat)
{
    return cos(lat * EVM_D2R);
}

static double hav_term(double lat1, double lon1, double cos1, double lat2, double lon2, double cos2)
{
    double dlat = (lat2 - lat1) * EVM_D2R, dlon = (lon2 - lon1) * EVM_D2R;
    return sin(dlat / 2) * sin(dlat / 2) + cos1 * cos2 * sin(dlon / 2) * sin(dlon / 2);
}

/* A lower bound of hav_term() of the same arguments, without sines, a
 * little under it so that rounding cannot matter (sin x >= x - x^3 / 6 for
 * x >= 0); 0 when the longitudes are over 180 degrees apart (across the
 * date line). */
static double nearer_bound(double lat1, double lon1, double cos1, double lat2, double lon2,
                           double cos2)
{
    double dlat = fabs(lat2 - lat1) * EVM_D2R / 2, dlon = fabs(lon2 - lon1) * EVM_D2R / 2;
    if (dlon > 3.14159265358979323846 / 2)
        return 0;
    double sl = dlat * (1 - dlat * dlat / 6), sn = dlon * (1 - dlon * dlon / 6);
    return (sl * sl + cos1 * cos2 * sn * sn) * (1 - 1e-9);
}

static double hav_km(double a)
{
    const double r = 6371.0088;
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

/* Are two points certainly more than 800 km apart, from their longitudes
 * and the cosines of their latitudes alone? The haversine term is at least
 * cos1 cos2 sin^2(dlon / 2), and sin x >= 2x / pi on [0, pi / 2]; the bound
 * is taken at 810 km so rounding cannot matter. */
static bool far_in_longitude(double lon1, double cos1, double lon2, double cos2)
{
    const double pi = 3.14159265358979323846;
    double dlon = fabs(lon1 - lon2);
    if (dlon > 180)
        dlon = 360 - dlon;
    double b = dlon * EVM_D2R / pi;
    double far = sin(810.0 / (2 * 6371.0088));
    return cos1 * cos2 * b * b > far * far;
}

/* What joins two mentions: the text between them. */
typedef enum sep_kind { SEP_OTHER, SEP_COMMA, SEP_AND, SEP_IN } sep_kind;

/* Is t[from, to) "and", "or", ", and", ", or", "/" or "&"? */
static bool conjunction(const char *t, size_t from, size_t to)
{
    size_t n = to - from;
    return (n == 3 && !memcmp(t + from, "and", 3)) || (n == 2 && !memcmp(t + from, "or", 2)) ||
           (n >= 4 && n <= 6 && t[from] == ',' &&
            (!memcmp(t + to - 3, "and", 3) || !memcmp(t + to - 2, "or", 2))) ||
           (n == 1 && (t[from] == '/' || t[from] == '&'));
}

/* t[from, to) without a last word `word` (n bytes, written with its leading
 * space) and the spaces before it; `to` when it does not end so. The last
 * byte is compared first: most gaps end otherwise. */
static inline size_t drop_last_word(const char *t, size_t from, size_t to, const char *word,
                                    size_t n)
{
    if (to - from <= n || t[to - 1] != word[n - 1] || memcmp(t + to - n, word, n) != 0)
        return to;
    to -= n;
    while (to > from && t[to - 1] == ' ')
        to--;
    return to;
}

static sep_kind separator(const scratch *s, size_t from, size_t to)
{
    const char *t = s->text;
    while (from < to && (t[from] == ' ' || t[from] == '\n' || t[from] == '\t' || t[from] == '\r'))
        from++;
    while (to > from &&
           (t[to - 1] == ' ' || t[to - 1] == '\n' || t[to - 1] == '\t' || t[to - 1] == '\r'))
        to--;
    size_t n = to - from;
    if (n == 1 && t[from] == ',')
        return SEP_COMMA;
    /* "Japan, and the United Kingdom", "in Wales and in England": a
     * conjunction before an article or a repeated preposition is still an
     * enumeration, not a container. */
    if (conjunction(t, from, to))
        return SEP_AND;
    /* (when no word is dropped, the test is the one above) */
    size_t d;
    if (((d = drop_last_word(t, from, to, " the", 4)) != to && conjunction(t, from, d)) ||
        ((d = drop_last_word(t, from, to, " in", 3)) != to && conjunction(t, from, d)) ||
        ((d = drop_last_word(t, from, to, " of", 3)) != to && conjunction(t, from, d)))
        return SEP_AND;
    if (n == 0 || n > 48)
        return SEP_OTHER;
    /* Bytes that end an enumeration or a container ("Paris. London"): 1;
     * the bytes that may start "in" or "of": 2; the rest 0. */
    static const unsigned char cls[256] = {
        ['.'] = 1, [';'] = 1, [':'] = 1, ['('] = 1, [')'] = 1, ['"'] = 1, ['i'] = 2, ['o'] = 2};
    bool word_in = false;
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)t[i];
        if (!cls[c])
            continue;
        if (cls[c] == 1)
            return SEP_OTHER;
        /* a word "in" or "of" */
        if ((i == from || t[i - 1] == ' ') && i + 2 <= to && t[i + 1] == (c == 'i' ? 'n' : 'f') &&
            (i + 2 == to || t[i + 2] == ' '))
            word_in = true;
    }
    return word_in ? SEP_IN : SEP_OTHER;
}

/* separator() between mentions a and b (b after a); memoised in
 * raw[a].sep_memo when b is the next mention (the raw mentions are final when
 * resolution asks). */
static sep_kind gap_sep(scratch *s, size_t a, size_t b)
{
    if (b != a + 1)
        return separator(s, s->raw[a].end, s->raw[b].start);
    if (!s->raw[a].sep_memo)
        s->raw[a].sep_memo = (uint8_t)(separator(s, s->raw[a].end, s->raw[b].start) + 1);
    return (sep_kind)(s->raw[a].sep_memo - 1);
}

/* Is mention r one item of an enumeration ("Ohio, Texas and Utah")? */
/* "Stroud, Ontario, Canada": mention b a country holding a division that
 * mention a may read as, so "X, a, b" is a place, its division and its
 * country, not a list. */
static bool chain(scratch *s, size_t a, size_t b)
{
    const group *ga = &s->groups[s->raw[a].group], *gb = &s->groups[s->raw[b].group];
    const evm_place *country = &gb->cands[0].place;
    if (country->kind != EVM_KIND_COUNTRY || gap_sep(s, a, b) != SEP_COMMA)
        return false;
    for (size_t c = 0; c < ga->cand_count && c < 8; c++) {
        const evm_place *p = &ga->cands[c].place;
        if (p->kind == EVM_KIND_ADMIN1 && cc_eq(p->country_code, country->country_code))
            return true;
    }
    return false;
}

static bool in_list(scratch *s, size_t r)
{
    const raw_mention *m = &s->raw[r];
    if (r > 0 && s->raw[r - 1].end <= m->start) {
        sep_kind k = gap_sep(s, r - 1, r);
        if (k == SEP_AND)
            return true;
    }
    if (r + 1 < s->raw_count && s->raw[r + 1].start >= m->end) {
        sep_kind k = gap_sep(s, r, r + 1);
        if (k == SEP_AND)
            return true;
        if (k == SEP_COMMA && r + 2 < s->raw_count && gap_sep(s, r + 1, r + 2) != SEP_OTHER &&
            gap_sep(s, r + 1, r + 2) != SEP_IN && !chain(s, r + 1, r + 2))
            return true;
    }
    return false;
}

/* in_list(), computed once per mention (both resolution passes ask). */
static bool listed(scratch *s, size_t r)
{
    if (!s->raw[r].listed_memo)
        s->raw[r].listed_memo = in_list(s, r) ? 2 : 1;
    return s->raw[r].listed_memo == 2;
}

/* "Queens, New York", "Kensington, London": when the part's best reading
 * lies within EVM_PART_KM of a city reading of the name after it, that name
 * is the city, not its division. */
static void city_of_part(scratch *s, const group *g, uint32_t holder)
{
    size_t best = 0;
    for (size_t c = 1; c < g->cand_count; c++) {
        if (g->cands[c].score > g->cands[best].score)
            best = c;
    }
    const evm_place *part = &g->cands[best].place;
    if (part->kind != EVM_KIND_CITY && !fcode_is(part->feature_code, "ADM2"))
        return;
    group *og = &s->groups[holder];
    double cos_p = lat_cos(part->lat);
    for (size_t k = 0; k < og->cand_count && k < 8; k++) {
        const evm_place *q = &og->cands[k].place;
        if (q->kind != EVM_KIND_CITY || q->entry == part->entry)
            continue;
        if (hav_km(hav_term(part->lat, part->lon, cos_p, q->lat, q->lon, lat_cos(q->lat))) <=
            EVM_PART_KM)
            bonus(&og->cands[k], 2.0, "the city around a part named with it");
    }
}

/* Evidence of where mention r is from the mentions around it: "X, Y" and
 * "X in (the) ... Y" name a region or country holding X; "Y's X" too. Items
 * of an enumeration ("Washington, Oregon and Idaho") say nothing of each
 * other's containment, but the kind of their neighbours: a list of states
 * is a list of states. */
/* Do a comma and another capitalised word other than a country's name
 * follow mention q ("Suba, Migori, Homa Bay, Rongo"): a list, not "town,
 * division" ("Holliday, Missouri, and", "Stroud, Ontario, Canada")? */
static bool list_goes_on(const scratch *s, size_t q)
{
    size_t u = s->raw[q].u_end;
    if (u + 1 >= s->unit_count || (s->units[u].flags & U_WORD) ||
        s->text[s->units[u].start] != ',' || !(s->units[u + 1].flags & U_CAP))
        return false;
    if (q + 1 < s->raw_count && s->raw[q + 1].u_start == u + 1) {
        const group *ng = &s->groups[s->raw[q + 1].group];
        return ng->cands[0].place.kind != EVM_KIND_COUNTRY;
    }
    return true;
}

/* Does another name stand between mentions r and q > r (in text order)
 * that is not part of q's own name for its place? "Paris, Kentucky, sells
 * horses to buyers in France" does not put Paris in France; "Fangchuan in
 * northeastern China's Jilin province" still puts Fangchuan in Jilin. */
static bool name_between(const scratch *s, size_t r, size_t q)
{
    for (size_t p = r + 1; p < q; p++) {
        const raw_mention *b = &s->raw[p];
        bool names_q = (s->units[b->u_end - 1].flags & U_POSSESSIVE) && p + 1 == q &&
                       s->raw[q].u_start - b->u_end <= 2;
        if (!names_q)
            return true;
    }
    return false;
}

static bool is_big_seat(const evm_place *c, const evm_place *d);

/* The kind a list item is most likely read as: its most important reading,
 * but a division named like a big seat is the city ("Osaka, and Kyoto":
 * cities, though the prefectures rank first). */
static evm_place_kind listed_kind(const group *g)
{
    const evm_place *top = &g->cands[0].place;
    if (top->kind == EVM_KIND_ADMIN1) {
        for (size_t k = 1; k < g->cand_count; k++) {
            if (is_big_seat(&g->cands[k].place, top))
                return EVM_KIND_CITY;
        }
    }
    return top->kind;
}

static void hierarchy_evidence(scratch *s, size_t r, bool ordered)
{
    const raw_mention *m = &s->raw[r];
    group *g = &s->groups[m->group];
    bool is_listed = listed(s, r);
    if (m->after_the) {
        /* "the Atlantic", "the Gulf", "the Midwest": seas, regions and
         * features take the article, towns do not (Atlantic, Iowa). */
        for (size_t c = 0; c < g->cand_count; c++) {
            const char *fc = g->cands[c].place.feature_code;
            /* a sea outranks even a division of a country the article
             * names: "in the Red Sea off Hodeidah", not Egypt's governorate */
            bool water = fcode3_is(fc, "SEA") || fcode3_is(fc, "OCN") || fcode_is(fc, "GULF") ||
                         fcode3_is(fc, "BAY") || fcode_is(fc, "STRT");
            if (g->cands[c].place.kind == EVM_KIND_OTHER)
                bonus(&g->cands[c], water ? 5.0 : 3.0, "a sea, region or feature (\"the ...\")");
        }
    }
    /* Only mentions ending at most 2 units before m or starting at most 8
     * after it can be holders. When the mentions are in text order (unit
     * starts and ends non-decreasing) only those are visited: visiting all of
     * them for each mention is quadratic in a long article. */
    size_t lo = 0, hi = s->raw_count;
    if (ordered) {
        lo = r;
        while (lo > 0 && s->raw[lo - 1].u_end + 2 >= m->u_start)
            lo--;
        hi = r + 1;
        while (hi < s->raw_count && s->raw[hi].u_start <= m->u_end + 8)
            hi++;
    }
    for (size_t q = lo; q < hi; q++) {
        if (q == r)
            continue;
        const raw_mention *o = &s->raw[q];
        if (s->units[o->u_start].sentence != s->units[m->u_start].sentence || o->group == m->group)
            continue;
        bool holder = false;
        if (o->start >= m->end && o->u_start - m->u_end <= 8) {
            sep_kind k = gap_sep(s, r, q);
            holder = ((k == SEP_COMMA && !is_listed && !listed(s, q)) || k == SEP_IN) &&
                     (!ordered || !name_between(s, r, q));
        } else if (o->end <= m->start && m->u_start - o->u_end <= 2 &&
                   (s->units[o->u_end - 1].flags & U_POSSESSIVE)) {
            holder = true;
        }
        if (!holder)
            continue;
        const group *og = &s->groups[o->group];
        bool fits = false, unknown = false;
        const evm_place *top = &og->cands[0].place;
        for (size_t c = 0; c < g->cand_count; c++) {
            const evm_place *p = &g->cands[c].place;
            for (size_t k = 0; k < og->cand_count && k < 8; k++) {
                if (inside(p, &og->cands[k].place)) {
                    bonus(&g->cands[c], k == 0 ? 6.0 : 4.0, "named with its region or country");
                    fits = true;
                    break;
                }
            }
            /* a town of the division's country whose division is unknown */
            unknown = unknown || (p->admin1_entry == EVM_NO_ENTRY && p->kind == EVM_KIND_CITY &&
                                  cc_eq(p->country_code, top->country_code));
        }
        g->holder_fit = g->holder_fit || fits;
        if (!fits && !unknown && o->start >= m->end && top->kind == EVM_KIND_ADMIN1 &&
            gap_sep(s, r, q) == SEP_COMMA && !list_goes_on(s, q))
            g->holder_unmet = true;
        if (o->start >= m->end)
            city_of_part(s, g, o->group);
    }
    if (!is_listed)
        return;
    /* Kind and country of the neighbours in the list (their most important
     * reading). */
    int kinds[4] = {0}, neighbours = 0, same_cc = 0;
    const char *list_cc = NULL;
    for (size_t q = r > 3 ? r - 3 : 0; q < s->raw_count && q <= r + 3; q++) {
        if (q == r || s->units[s->raw[q].u_start].sentence != s->units[m->u_start].sentence)
            continue;
        const group *og = &s->groups[s->raw[q].group];
        kinds[listed_kind(og)]++;
        const char *cc = og->cands[0].place.country_code;
        neighbours++;
        if (!list_cc && cc[0])
            list_cc = cc;
        same_cc += list_cc && cc_eq(cc, list_cc);
    }
    /* "British Columbia, Alberta, Ontario and New Brunswick": when all the
     * neighbours (two at least) lie in one country, so does this item. */
    if (list_cc && neighbours >= 2 && same_cc == neighbours) {
        for (size_t c = 0; c < g->cand_count; c++) {
            if (cc_eq(g->cands[c].place.country_code, list_cc))
                bonus(&g->cands[c], 1.0, "listed with places of its country");
        }
    }
    int best_kind = -1;
    for (int k = 0; k < 4; k++) {
        if (kinds[k] > 0 && (best_kind < 0 || kinds[k] > kinds[best_kind]))
            best_kind = k;
    }
    if (best_kind == EVM_KIND_ADMIN1 || best_kind == EVM_KIND_COUNTRY) {
        for (size_t c = 0; c < g->cand_count; c++) {
            if ((int)g->cands[c].place.kind == best_kind)
                bonus(&g->cands[c], 2.0, "listed with places of its kind");
        }
    }
}

static int cc_slot(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* Is `q` a reading with a meaningful point for spatial coherence (not a
 * country, continent, sea or region)? */
static bool local_reading(const evm_place *q)
{
    return q->kind == EVM_KIND_CITY || q->kind == EVM_KIND_ADMIN1 ||
           fcode_is(q->feature_code, "ADM2");
}

/* What group gi itself added to the weight of country slot ci (see
 * resolve()): a name must not vouch for its own reading ("Mexico" the
 * country making "Mexico" the capital look at home). */
static double group_confidence(const group *g);

static double own_country_weight(const scratch *s, size_t gi, int ci)
{
    const group *g = &s->groups[gi];
    double w = 0;
    const evm_place *top = &g->cands[0].place;
    if (top->kind == EVM_KIND_COUNTRY && cc_slot(top->country_code) == ci)
        w += (double)g->mentions;
    if (g->resolved) {
        const evm_place *p = &g->cands[g->best].place;
        if (p->kind != EVM_KIND_COUNTRY && cc_slot(p->country_code) == ci &&
            group_confidence(g) > 0.8)
            w += 0.5;
    }
    return w;
}

/* A division's population: the index keeps it only in the importance
 * (evm_importance(): log10 of the sum of its places' populations, + 1). */
static double division_population(const evm_place *d)
{
    return pow(10.0, (double)d->importance - 1.0);
}

/* Is one of g's readings the country `cc` itself ("Mexico": the country,
 * and Mexico City under an old name)? Then the article naming that
 * country vouches for the country reading as much as for its places. */
static bool names_country(const group *g, const char *cc)
{
    for (size_t c = 0; c < g->cand_count; c++) {
        const evm_place *q = &g->cands[c].place;
        if (q->kind == EVM_KIND_COUNTRY && cc_eq(q->country_code, cc))
            return true;
    }
    return false;
}

/* Is city c the seat of division d, large enough to take its name? */
static bool is_big_seat(const evm_place *c, const evm_place *d)
{
    return c->kind == EVM_KIND_CITY && c->admin1_entry == d->entry &&
           (fcode_is(c->feature_code, "PPLA") || fcode_is(c->feature_code, "PPLC")) &&
           (double)c->population >= EVM_SEAT_SHARE * division_population(d);
}

/* Is second-level division d named after a town of 10,000 among g's
 * readings that lies within 50 km of its point (Nablus, Jenin, Indore)?
 * News names the town. */
static bool seated_district(const group *g, const evm_place *d)
{
    const double cos_d = lat_cos(d->lat);
    for (size_t c = 0; c < g->cand_count; c++) {
        const evm_place *t = &g->cands[c].place;
        if (t->kind != EVM_KIND_CITY || t->population < 10000 ||
            !cc_eq(t->country_code, d->country_code) || fabs(t->lat - d->lat) > 0.5)
            continue;
        if (hav_km(hav_term(d->lat, d->lon, cos_d, t->lat, t->lon, lat_cos(t->lat))) <= 50)
            return true;
    }
    return false;
}

/* Does another reading of g's name, division d's seat, take the name? */
static bool seat_takes_name(const group *g, const evm_place *d)
{
    for (size_t c = 0; c < g->cand_count; c++) {
        if (is_big_seat(&g->cands[c].place, d))
            return true;
    }
    return false;
}

/* Is some other group's candidate that is not its reading within
 * EVM_PAIR_KM of p ("London" and "St. Thomas" naming two towns 25 km apart,
 * neither of which the first pass chose)? Not p's own division or a place
 * inside p: another type of the same place is no evidence. s->alts is binned
 * by latitude (take_readings()). */
static int lat_bin(double lat)
{
    double x = (lat + 90.0) * EVM_LAT_BINS_PER_DEGREE; /* its floor, by truncation when >= 0 */
    return !(x >= 0) ? 0 : x >= EVM_LAT_BINS ? EVM_LAT_BINS - 1 : (int)x;
}

/* The first of s->alts in bin d or later (d in [0, EVM_LAT_BINS]). */
static uint32_t alt_start(const scratch *s, int d)
{
    return d <= s->alt_lo ? 0 : d > s->alt_hi ? (uint32_t)s->alt_count : s->alt_bin[d];
}

static bool near_other_candidate(const scratch *s, size_t gi, const evm_place *p, double cos_p)
{
    const double dlat = EVM_PAIR_KM / 111.0;
    uint32_t from = alt_start(s, lat_bin(p->lat - dlat)),
             to = alt_start(s, lat_bin(p->lat + dlat) + 1);
    for (uint32_t o = from; o < to; o++) {
        const alt_reading *q = &s->alts[o];
        if (fabs(q->lat - p->lat) > dlat || q->group == gi || q->entry == p->entry ||
            q->entry == p->admin1_entry || q->admin1_entry == p->entry)
            continue;
        double cos_q = lat_cos(q->lat);
        if (far_in_longitude(p->lon, cos_p, q->lon, cos_q))
            continue;
        if (hav_km(hav_term(p->lat, p->lon, cos_p, q->lat, q->lon, cos_q)) < EVM_PAIR_KM)
            return true;
    }
    return false;
}

/* Are the bytes t[a, b) the name `name`, ignoring ASCII case and with a
 * typographic apostrophe (U+2019) the same as "'"? */
static bool same_name(const char *t, size_t a, size_t b, const char *name)
{
    size_t i = a;
    for (const unsigned char *n = (const unsigned char *)name; *n; n++) {
        if (i >= b)
            return false;
        unsigned char c = (unsigned char)t[i];
        if (*n == '\'' && c == 0xE2 && i + 2 < b && (unsigned char)t[i + 1] == 0x80 &&
            (unsigned char)t[i + 2] == 0x99) {
            i += 3;
            continue;
        }
        if (c != *n && !(c < 0x80 && *n < 0x80 && tolower(c) == tolower(*n)))
            return false;
        i++;
    }
    return i == b;
}

/* How much g's first mention, as written, says for place p: 0.75 when it
 * is p's name, not just the same key ("St. Louis" is St. Louis, not
 * Saint-Louis); 2 when p's name ends in the 's written after it and no
 * word follows that the 's could make a possessive of ("in St. John's,"
 * is St. John's, not Saint John). */
static double written_as(const scratch *s, const group *g, const evm_place *p)
{
    if (!g->punctuated)
        return 0;
    if (same_name(s->text, g->written_start, g->written_end, p->name))
        return 0.75;
    if (g->written_poss_end > g->written_end &&
        same_name(s->text, g->written_start, g->written_poss_end, p->name)) {
        return g->poss_ends_phrase ? 2.0 : 0.75;
    }
    return 0;
}

/* Did the text's hierarchy evidence (hierarchy_evidence()) support a
 * reading of g other than candidate c? */
static bool other_hier(const group *g, size_t c)
{
    for (size_t o = 0; o < g->cand_count; o++) {
        if (o != c && g->cands[o].hier_score > 0)
            return true;
    }
    return false;
}

/* The bit of entry x in scratch.local_div_bits and local_admin1_bits. */
static inline size_t reading_bit(uint32_t x)
{
    return (size_t)((x * 0x9E3779B97F4A7C15ull) >> 56);
}

/* Scores the candidates of group gi. The second pass (ctx->spatial) reads
 * the other groups' readings from s->local and s->held (take_readings()). */
static void score_group(const scratch *s, size_t gi, const context *ctx)
{
    group *g = &s->groups[gi];
    bool has_country = false;
    /* The largest town of the name. In an article whose other towns are
     * mostly cities of 50,000 or more (national news), a village under a
     * hundredth of its size gets no lift from the article's places around
     * it ("forecasters in Miami" in a Texas article are not in Miami, Texas,
     * of 600 people); local news, which names small towns, does mean the
     * small namesakes ("Donnie Ray Smith of London" in a Kentucky paper). */
    uint32_t top_town = 0;
    for (size_t c = 0; c < g->cand_count; c++) {
        has_country = has_country || g->cands[c].place.kind == EVM_KIND_COUNTRY;
        if (g->cands[c].place.kind == EVM_KIND_CITY && g->cands[c].place.population > top_town)
            top_town = g->cands[c].place.population;
    }
    bool big_news = false;
    if (top_town >= EVM_DWARF_TOP_POP && g->resolved) {
        const evm_place *own = &g->cands[g->best].place;
        size_t towns = s->towns, big = s->big_towns;
        if (own->kind == EVM_KIND_CITY) {
            towns--;
            big -= own->population >= EVM_BIG_TOWN_POP;
        }
        big_news = towns >= 3 && big * 3 >= towns * 2;
    }
    for (size_t c = 0; c < g->cand_count; c++) {
        cand *cd = &g->cands[c];
        const evm_place *p = &cd->place;
        bonus(cd, p->importance,
              p->kind == EVM_KIND_COUNTRY         ? "country name"
              : fcode_is(p->feature_code, "PPLC") ? "capital ranked first"
                                                  : "most important match");
        if (cd->flags & (EVM_NAME_PRIMARY | EVM_NAME_OFFICIAL | EVM_NAME_TYPED | EVM_NAME_DEMONYM |
                         EVM_NAME_VARIANT))
            cd->score += 0.5; /* the name as the place is usually called, or spelt */
        if (fcode_is(p->feature_code, "PPLC"))
            bonus(cd, 1.0, "capital (also its government)"); /* "Washington said" */
        double as_written = written_as(s, g, p);
        if (as_written > 0)
            bonus(cd, as_written, "the name as written");
        if (p->kind == EVM_KIND_CITY && p->admin1_entry != EVM_NO_ENTRY &&
            (fcode_is(p->feature_code, "PPLA") || fcode_is(p->feature_code, "PPLC"))) {
            /* A division named after its seat ("Daegu", "Tel Aviv", "Moscow"):
             * news names the city, unless the city is a small part of the
             * division ("Quebec"). */
            for (size_t o = 0; o < g->cand_count; o++) {
                if (g->cands[o].entry == p->admin1_entry) {
                    /* The division steps back rather than the city
                     * stepping up: no lift over other cities so called
                     * (Saint-Louis, Senegal, against St. Louis). */
                    if (is_big_seat(p, &g->cands[o].place))
                        g->cands[o].score -= 1.5;
                    break;
                }
            }
        }
        if (fcode_is(p->feature_code, "ADM2") && seated_district(g, p))
            cd->score -= 1.5; /* "in Nablus", "IIM Indore": the town, not its district */
        int ci = cc_slot(p->country_code);
        double cw = ci >= 0 ? ctx->country_weight[ci] - own_country_weight(s, gi, ci) : 0;
        if (cw > 0 && p->kind != EVM_KIND_COUNTRY &&
            !(has_country && names_country(g, p->country_code)))
            bonus(cd, 2.5 * (cw > 1 ? 1 : cw), "in a country the article names");
        /* A capital of a country the article names outright (other than by
         * this very name): the traveller's "Paris" in an article from
         * Kentucky that says "France". The text's own hierarchy for another
         * reading ("Oregon, Texas and Washington") outweighs it. */
        if (ci >= 0 && fcode_is(p->feature_code, "PPLC") && !other_hier(g, c) &&
            ctx->country_named[ci] >
                (has_country && names_country(g, p->country_code) ? (double)g->mentions : 0))
            bonus(cd, 1.0, "capital of a country the article names");
        if (ctx->dateline_cc && p->kind != EVM_KIND_COUNTRY &&
            cc_eq(p->country_code, ctx->dateline_cc))
            bonus(cd, 1.0, "in the dateline's country");
        /* A dateline names a town: "WASHINGTON (AP) —" is the capital, though
         * the article goes on about Washington state's towns. */
        if (g->in_dateline && p->kind == EVM_KIND_CITY)
            bonus(cd, 4.0, "the dateline's town");
        if (g->mayor && p->kind == EVM_KIND_CITY)
            bonus(cd, 3.0, "its mayor is named");
        if (g->governor && p->kind == EVM_KIND_ADMIN1)
            bonus(cd, 3.0, "its governor is named");
        if (ctx->spatial && p->kind == EVM_KIND_COUNTRY) {
            /* A country holding the article's other places. */
            double held = 0;
            for (size_t o = 0; o < s->held_count; o++) {
                const reading *q = &s->held[o];
                if (q->group != gi && cc_eq(q->country_code, p->country_code))
                    held += q->mentions;
            }
            if (held > 0)
                bonus(cd, held >= 2 ? 2.5 : 1.5, "holds the article's other places");
        }
        /* A large island is scored by the article's places around its
         * point too ("northern Luzon" farms, not Luzon the village). */
        if (!ctx->spatial || !(local_reading(p) || (strcmp(p->feature_code, "ISL") == 0 &&
                                                    p->population >= EVM_BIG_ISLAND_POP)))
            continue;
        if (big_news && p->kind == EVM_KIND_CITY && cd->hier_weight < 4.0 &&
            (uint64_t)p->population * EVM_DWARF_RATIO < top_town)
            continue; /* (unless the text names its region: "Austin, in Scott County, Indiana") */
        /* The article's other places: the same division, and distance. */
        double nearest = 1e9, same_division = 0, nearest_term = 2;
        /* Once a place within 99 km is found (a haversine term under the
         * bound, which hav_km() turns into less than 100 km), the nearest
         * distance cannot leave its range below: the loop only counts the
         * same division. */
        const double close_term = sin(99.0 / (2 * 6371.0088)) * sin(99.0 / (2 * 6371.0088));
        bool close = false;
        /* A division counts the places it holds, unless its name stands for
         * its seat (the seat holds them too). */
        bool holds = p->kind == EVM_KIND_ADMIN1 && !seat_takes_name(g, p);
        /* (the first pass resolved g: its reading's cosine is known) */
        double cos_p = c == g->best ? g->best_cos_lat : lat_cos(p->lat);
        /* (p's fields in locals: the loop need not reload them) */
        const uint32_t p_entry = p->entry, p_div = p->admin1_entry;
        const double p_lat = p->lat, p_lon = p->lon;
        /* Can any reading be in p's division, or in p (a division)? When
         * the bits say not, the loop is the distance search alone, over
         * once a place within 99 km is found. */
        const size_t div_bit = reading_bit(p_div), entry_bit = reading_bit(p_entry);
        const bool div_test =
            (p_div != EVM_NO_ENTRY && (s->local_div_bits[div_bit / 64] >> (div_bit % 64) & 1)) ||
            (holds && (s->local_admin1_bits[entry_bit / 64] >> (entry_bit % 64) & 1));
        if (!div_test) {
            const reading *local_end = s->local + s->local_count;
            for (const reading *q = s->local; q < local_end; q++) {
                if (q->group == gi || q->entry == p_entry)
                    continue;
                if (fabs(p_lat - q->lat) > 8)
                    continue;
                if (far_in_longitude(p_lon, cos_p, q->lon, q->cos_lat))
                    continue;
                if (nearer_bound(p_lat, p_lon, cos_p, q->lat, q->lon, q->cos_lat) >= nearest_term)
                    continue;
                double a = hav_term(p_lat, p_lon, cos_p, q->lat, q->lon, q->cos_lat);
                nearest_term = a < nearest_term ? a : nearest_term;
                if (nearest_term < close_term)
                    break;
            }
        } else {
            for (size_t o = 0; o < s->local_count; o++) {
                const reading *q = &s->local[o];
                if (q->group == gi || q->entry == p_entry)
                    continue; /* another name of the same place is no evidence for it */
                if (p_div != EVM_NO_ENTRY && (q->entry == p_div || q->admin1_entry == p_div))
                    same_division += q->mentions;
                else if (holds && q->admin1_entry == p_entry)
                    same_division += q->mentions; /* a division holding the article's places */
                if (close)
                    continue; /* the nearest distance is known well enough */
                if (fabs(p_lat - q->lat) > 8)
                    continue; /* over 800 km apart in latitude alone */
                if (far_in_longitude(p_lon, cos_p, q->lon, q->cos_lat))
                    continue; /* over 800 km apart: only nearer places count below */
                if (nearer_bound(p_lat, p_lon, cos_p, q->lat, q->lon, q->cos_lat) >= nearest_term)
                    continue; /* no nearer than the nearest so far */
                double a = hav_term(p_lat, p_lon, cos_p, q->lat, q->lon, q->cos_lat);
                nearest_term = a < nearest_term ? a : nearest_term;
                close = nearest_term < close_term;
            }
        }
        if (nearest_term < 2)
            nearest = hav_km(nearest_term);
        if (nearest >= 100 && near_other_candidate(s, gi, p, cos_p))
            bonus(cd, 1.0, "near a possible reading of another name");
        if (same_division > 0)
            bonus(cd, same_division >= 2 ? 2.5 : 1.5, "in a region the article names");
        if (nearest < 100)
            bonus(cd, 2.0, "near the article's other places");
        else if (nearest < 300)
            bonus(cd, 1.2, "near the article's other places");
        else if (nearest < 800)
            bonus(cd, 0.5, "near the article's other places");
    }
}

static void pick_best(group *g)
{
    size_t best = 0;
    for (size_t c = 1; c < g->cand_count; c++) {
        if (g->cands[c].score > g->cands[best].score)
            best = c;
    }
    if (!g->resolved || best != g->best)
        g->best_cos_lat = lat_cos(g->cands[best].place.lat);
    g->best = best;
    g->resolved = true;
}

static double group_confidence(const group *g)
{
    if (g->cand_count == 1)
        return 0.95;
    /* Readings within about 25 km of the best one put the mention at the
     * same spot (Shenzhen the city and the prefecture): no doubt there. */
    const evm_place *b = &g->cands[g->best].place;
    double second = -1e9;
    bool other = false;
    for (size_t c = 0; c < g->cand_count; c++) {
        const evm_place *p = &g->cands[c].place;
        if (c == g->best || (fabs(p->lat - b->lat) < 0.22 && fabs(p->lon - b->lon) < 0.22))
            continue;
        other = true;
        if (g->cands[c].score > second)
            second = g->cands[c].score;
    }
    if (!other)
        return 0.95;
    double margin = g->cands[g->best].score - second;
    return 1.0 / (1.0 + exp(-1.2 * margin));
}

/* Is `p` within EVM_TENTATIVE_KM of a place some other, non-tentative
 * mention resolved to? */
static bool near_other_place(const scratch *s, size_t r, const evm_place *p)
{
    double cos_p = lat_cos(p->lat);
    for (size_t q = 0; q < s->raw_count; q++) {
        const raw_mention *o = &s->raw[q];
        if (q == r || o->tentative || o->group == s->raw[r].group)
            continue;
        const group *og = &s->groups[o->group];
        const evm_place *op = &og->cands[og->best].place;
        if (local_reading(op) && hav_km(hav_term(p->lat, p->lon, cos_p, op->lat, op->lon,
                                                 og->best_cos_lat)) <= EVM_TENTATIVE_KM)
            return true;
    }
    return false;
}

/* Makes *a and *b (the contents need not be kept) hold at least `need`
 * items of `size` bytes each; *cap is their common capacity. */
static evm_error grow_pair(void **a, void **b, size_t *cap, size_t need, size_t extra, size_t size)
{
    if (*cap >= need)
        return EVM_OK;
    size_t n = need + extra;
    void *na = evm_malloc(n * size), *nb = evm_malloc(n * size);
    if (!na || !nb) {
        evm_free(na);
        evm_free(nb);
        return EVM_ERR_NOMEM;
    }
    evm_free(*a);
    evm_free(*b);
    *a = na;
    *b = nb;
    *cap = n;
    return EVM_OK;
}

/* Fills s->local and s->held from the groups' current readings (all
 * resolved), in group order, and s->alts with the groups' other local
 * candidates, by latitude. */
static evm_error take_readings(scratch *s)
{
    void *l = s->local, *h = s->held;
    evm_error err = grow_pair(&l, &h, &s->reading_cap, s->group_count, 16, sizeof(reading));
    s->local = l;
    s->held = h;
    if (err)
        return err;
    s->local_count = s->held_count = 0;
    s->towns = s->big_towns = 0;
    memset(s->local_div_bits, 0, sizeof s->local_div_bits);
    memset(s->local_admin1_bits, 0, sizeof s->local_admin1_bits);
    for (size_t gi = 0; gi < s->group_count; gi++) {
        const group *g = &s->groups[gi];
        const evm_place *q = &g->cands[g->best].place;
        reading r;
        r.group = gi;
        r.lat = q->lat;
        r.lon = q->lon;
        r.cos_lat = g->best_cos_lat;
        r.mentions = (double)g->mentions;
        r.entry = q->entry;
        r.admin1_entry = q->admin1_entry;
        memcpy(r.country_code, q->country_code, sizeof r.country_code);
        if (q->kind == EVM_KIND_CITY) {
            s->towns++;
            s->big_towns += q->population >= EVM_BIG_TOWN_POP;
        }
        if (local_reading(q)) {
            s->local[s->local_count++] = r;
            size_t e = reading_bit(r.entry), d = reading_bit(r.admin1_entry);
            s->local_div_bits[e / 64] |= 1ull << (e % 64);
            s->local_div_bits[d / 64] |= 1ull << (d % 64);
            s->local_admin1_bits[d / 64] |= 1ull << (d % 64);
        }
        if (q->kind != EVM_KIND_COUNTRY)
            s->held[s->held_count++] = r;
    }
    size_t n = 0;
    for (size_t gi = 0; gi < s->group_count; gi++)
        n += s->groups[gi].cand_count ? s->groups[gi].cand_count - 1 : 0;
    void *a = s->alts, *b = s->alts_in;
    err = grow_pair(&a, &b, &s->alt_cap, n, 64, sizeof(alt_reading));
    s->alts = a;
    s->alts_in = b;
    if (err)
        return err;
    s->alt_count = 0;
    int lo = EVM_LAT_BINS, hi = -1;
    for (size_t gi = 0; gi < s->group_count; gi++) {
        const group *g = &s->groups[gi];
        for (size_t c = 0; c < g->cand_count; c++) {
            const evm_place *q = &g->cands[c].place;
            if (c == g->best || !local_reading(q))
                continue;
            alt_reading *r = &s->alts_in[s->alt_count++];
            r->lat = q->lat;
            r->lon = q->lon;
            r->group = (uint32_t)gi;
            r->entry = q->entry;
            r->admin1_entry = q->admin1_entry;
            int d = lat_bin(q->lat);
            r->bin = (uint32_t)d;
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
    }
    s->alt_lo = lo;
    s->alt_hi = hi;
    if (!s->alt_count)
        return EVM_OK; /* (alt_start() is 0 everywhere) */
    /* Counting sort by latitude bin, over the bins used. */
    memset(&s->alt_bin[lo], 0, (size_t)(hi - lo + 2) * sizeof s->alt_bin[0]);
    for (size_t o = 0; o < s->alt_count; o++)
        s->alt_bin[s->alts_in[o].bin + 1]++;
    for (int d = lo + 1; d <= hi + 1; d++)
        s->alt_bin[d] += s->alt_bin[d - 1];
    uint32_t next[EVM_LAT_BINS];
    memcpy(&next[lo], &s->alt_bin[lo], (size_t)(hi - lo + 1) * sizeof next[0]);
    for (size_t o = 0; o < s->alt_count; o++)
        s->alts[next[s->alts_in[o].bin]++] = s->alts_in[o];
    return EVM_OK;
}

/* Does a distance follow the mention whose last unit is u_last: "X, 110 km
 * off", "X lies some 40 miles north of", "X is about 5 kilometres from"?
 * Only a place is so far from a place; the figure makes the name one. */
static bool distance_follows(const evm_doc *doc, const scratch *s, size_t u_last)
{
    static const char *const fillers[] = {
        "is",     "lies", "lay",  "sits",    "was",    "located", "situated",      "about", "some",
        "around", "only", "just", "roughly", "nearly", "almost",  "approximately", NULL};
    const evm_token *tk = doc->tokens.items;
    size_t n = doc->tokens.count, t = s->units[u_last].tok + 1;
    const char *text = doc->text;
    if (t < n && tk[t].kind == EVM_TOK_PUNCT && text[tk[t].start] == ',')
        t++;
    for (int words = 0; t < n && tk[t].kind == EVM_TOK_WORD && words < 3; words++) {
        size_t len = tk[t].end - tk[t].start, k = 0;
        while (fillers[k] &&
               !(strlen(fillers[k]) == len && memcmp(text + tk[t].start, fillers[k], len) == 0))
            k++;
        if (!fillers[k])
            return false;
        t++;
    }
    if (t + 1 >= n || tk[t].kind != EVM_TOK_NUMBER)
        return false;
    t++;
    if (tk[t].kind == EVM_TOK_PUNCT && text[tk[t].start] == '-' && t + 1 < n)
        t++; /* "110-km" */
    if (tk[t].kind != EVM_TOK_WORD)
        return false;
    const char *w = text + tk[t].start;
    size_t len = tk[t].end - tk[t].start;
    return (len <= 3 && len >= 2 && memcmp(w, "km", 2) == 0) || /* km, kms */
           (len >= 7 && memcmp(w, "kilomet", 7) == 0) || (len == 2 && memcmp(w, "mi", 2) == 0) ||
           (len >= 4 && len <= 5 && memcmp(w, "mile", 4) == 0);
}

/* A reading that holds after a direction word without support: a large
 * city ("North London", "East Jerusalem"). */
static bool self_standing(const cand *c)
{
    return c->place.kind == EVM_KIND_CITY && c->place.population >= EVM_PART_OF_CITY_POP;
}

/* Adds w (> 0) to s->ctx's weight of country slot ci, and to its count of
 * mentions by name when `named`, listing the slot when first set. */
static void add_country_weight(scratch *s, int ci, double w, bool named)
{
    if (s->ctx.country_weight[ci] == 0)
        s->ctx_slots[s->ctx_slot_count++] = (uint16_t)ci;
    s->ctx.country_weight[ci] += w;
    if (named)
        s->ctx.country_named[ci] += w;
}

static evm_error resolve_in(evm_doc *doc, scratch *s, char dl_cc[3]);

static evm_error resolve(evm_doc *doc, scratch *s)
{
    char dl_cc[3] = {0};
    evm_error err = resolve_in(doc, s, dl_cc);
    for (size_t i = 0; i < s->ctx_slot_count; i++) {
        s->ctx.country_weight[s->ctx_slots[i]] = 0;
        s->ctx.country_named[s->ctx_slots[i]] = 0;
    }
    s->ctx_slot_count = 0;
    s->ctx.dateline_cc = NULL;
    s->ctx.spatial = false;
    return err;
}

/* resolve() with s->ctx all zeros on entry; dl_cc holds the dateline's
 * country code while s->ctx points to it. */
static evm_error resolve_in(evm_doc *doc, scratch *s, char dl_cc[3])
{
    context *ctx = &s->ctx;
    bool ordered = true;
    for (size_t r = 1; r < s->raw_count && ordered; r++)
        ordered =
            s->raw[r].u_start >= s->raw[r - 1].u_start && s->raw[r].u_end >= s->raw[r - 1].u_end;

    /* Pass 1: importance, hierarchy, and the countries named outright. */
    for (size_t r = 0; r < s->raw_count; r++)
        hierarchy_evidence(s, r, ordered);
    for (size_t gi = 0; gi < s->group_count; gi++) {
        group *g = &s->groups[gi];
        for (size_t c = 0; c < g->cand_count; c++) {
            g->cands[c].hier_score = g->cands[c].score;
            g->cands[c].hier_weight = g->cands[c].reason_weight;
            g->cands[c].hier_reason = g->cands[c].reason;
        }
    }
    for (size_t r = 0; r < s->raw_count; r++) {
        const group *g = &s->groups[s->raw[r].group];
        const evm_place *top = &g->cands[0].place;
        int ci = cc_slot(top->country_code);
        if (top->kind == EVM_KIND_COUNTRY && ci >= 0)
            add_country_weight(s, ci, 1.0, true);
    }
    for (size_t gi = 0; gi < s->group_count; gi++) {
        score_group(s, gi, ctx);
        pick_best(&s->groups[gi]);
    }
    /* The dateline's place, and countries of confidently resolved places. */
    if (doc->has_dateline) {
        for (size_t r = 0; r < s->raw_count; r++) {
            if (s->raw[r].start >= doc->dateline.place.start &&
                s->raw[r].end <= doc->dateline.place.end) {
                group *g = &s->groups[s->raw[r].group];
                memcpy(dl_cc, g->cands[g->best].place.country_code, 2);
                ctx->dateline_cc = dl_cc[0] ? dl_cc : NULL;
                g->in_dateline = true;
                break;
            }
        }
    }
    for (size_t gi = 0; gi < s->group_count; gi++) {
        const group *g = &s->groups[gi];
        const evm_place *p = &g->cands[g->best].place;
        int ci = cc_slot(p->country_code);
        if (p->kind != EVM_KIND_COUNTRY && ci >= 0 && group_confidence(g) > 0.8)
            add_country_weight(s, ci, 0.5, false);
    }
    /* Pass 2: rescore with the article's places and the dateline, from the
     * hierarchy evidence of pass 1 (all its bonuses are positive, so a
     * candidate that got none keeps its reason of pass 1, as a rescore
     * from zero would). */
    ctx->spatial = true;
    for (size_t gi = 0; gi < s->group_count; gi++) {
        group *g = &s->groups[gi];
        for (size_t c = 0; c < g->cand_count; c++) {
            cand *cd = &g->cands[c];
            cd->score = cd->hier_score;
            cd->reason_weight = cd->hier_weight;
            if (cd->hier_weight > 0)
                cd->reason = cd->hier_reason;
        }
    }
    evm_error terr = take_readings(s);
    if (terr)
        return terr;
    for (size_t gi = 0; gi < s->group_count; gi++)
        score_group(s, gi, ctx);
    for (size_t gi = 0; gi < s->group_count; gi++)
        pick_best(&s->groups[gi]);

    /* Countries the article names in words, or has places in; `firm`
     * counts only the mentions that need no support themselves (not
     * qualified, and not of a name the text types as no candidate is), so
     * that doubtful readings cannot hold each other up ("the provinces of
     * Nyanza, Rift Valley, North Eastern and Western" read in Rwanda). */
    double evidence[26 * 26], firm[26 * 26], total_evidence = 0;
    memset(evidence, 0, sizeof evidence);
    memset(firm, 0, sizeof firm);
    for (size_t gi = 0; gi < s->group_count; gi++)
        s->groups[gi].strong = s->groups[gi].firm = 0;
    for (size_t r = 0; r < s->raw_count; r++) {
        if (s->raw[r].weak)
            continue;
        group *g = &s->groups[s->raw[r].group];
        bool is_firm =
            (!s->raw[r].qualified && !g->kind_unmet) || self_standing(&g->cands[g->best]);
        g->strong++;
        g->firm += is_firm;
        int ci = cc_slot(g->cands[g->best].place.country_code);
        if (ci >= 0) {
            evidence[ci] += 1;
            firm[ci] += is_firm;
            total_evidence += 1;
        }
    }

    /* Emit mentions. */
    doc->mention_count = 0;
    void *items = doc->mentions;
    evm_error err = evm_grow(&items, &doc->mention_cap, s->raw_count, sizeof *doc->mentions);
    doc->mentions = items;
    if (err)
        return err;
    for (size_t r = 0; r < s->raw_count; r++) {
        const raw_mention *m = &s->raw[r];
        group *g = &s->groups[m->group];
        const cand *best = &g->cands[g->best];
        if (m->tentative && !near_other_place(s, r, &best->place))
            continue;
        if (g->holder_unmet && !g->holder_fit)
            continue; /* "Stroud, Ontario": no Stroud in Ontario is known */
        /* A name whose only reading is a small place, in a country the
         * article otherwise leaves alone while it names other places
         * ("Marburg virus", "Hartl said", "the Red Cross"): most such are
         * words, persons or places the gazetteer lacks. */
        bool orphan = g->cand_count == 1 && best->place.population < EVM_ORPHAN_MAX_POP &&
                      (best->place.kind == EVM_KIND_CITY || best->place.kind == EVM_KIND_OTHER);
        int ci = cc_slot(best->place.country_code);
        bool qualified = (m->qualified || g->kind_unmet) && !self_standing(best);
        if (qualified && best->place.country_code[0] && (ci < 0 || firm[ci] <= (double)g->firm))
            continue;
        if (orphan && !qualified && best->place.country_code[0] &&
            !distance_follows(doc, s, m->u_end - 1)) {
            double own = (double)g->strong;
            if (ci < 0 || (evidence[ci] <= own && total_evidence > own))
                continue;
        }
        if (m->weak && (ci < 0 || evidence[ci] == 0))
            continue;
        evm_mention *out = &doc->mentions[doc->mention_count++];
        out->start = s->units[m->u_name_start].start;
        out->end = s->units[m->u_name_end - 1].end;
        /* "St. John's": the 's is the name's own, not a possessive. */
        if ((s->units[m->u_end - 1].flags & U_POSSESSIVE) && m->u_end < s->unit_count &&
            same_name(s->text, m->start, s->units[m->u_end].end, best->place.name))
            out->end = s->units[m->u_end].end;
        /* "Gatineau, Que.": an abbreviation read by its dot ends with it, even
         * where the dot also ends the sentence. */
        if (best->flags == EVM_NAME_DOTTED && out->end == m->end && m->u_end < s->unit_count &&
            s->units[m->u_end].start == m->end && s->text[m->end] == '.' &&
            s->units[m->u_end].end == m->end + 1)
            out->end = m->end + 1;
        out->tok_start = s->units[m->u_name_start].tok;
        out->tok_end = s->units[(out->end > m->end ? m->u_end : m->u_name_end - 1)].tok + 1;
        out->sentence = s->units[m->u_start].sentence;
        out->entry = best->entry;
        /* "Canadian" is a demonym when it reads as Canada, even though a
         * town is called so too. */
        out->demonym = m->demonym || (best->flags & EVM_NAME_DEMONYM) != 0;
        if (!g->confidence_known) {
            g->final_confidence = group_confidence(g); /* (the scores are final) */
            g->confidence_known = true;
        }
        out->confidence = (float)(g->final_confidence * m->recog_conf);
        out->reason = g->cand_count == 1 ? "only candidate" : best->reason;
        if (!out->reason)
            out->reason = "most important match";
    }
    return EVM_OK;
}

evm_error evm_geoparse(const evm_gazetteer *gz, const char *text, size_t len, int flags,
                       evm_doc *doc, evm_diag *diag)
{
    if (!gz || !doc || (!text && len))
        return EVM_ERR_ARG;
    doc->text = text;
    doc->len = len;
    doc->mention_count = 0;
    doc->person_count = 0;
    doc->has_dateline = false;
    evm_error err = evm_tokenize(
        text, len, (flags & EVM_GEOPARSE_LENIENT) ? EVM_TOKENIZE_LENIENT : 0, &doc->tokens, diag);
    if (err)
        return err;
    if ((err = evm_sentences(text, len, &doc->tokens, &doc->sentences, diag)) != EVM_OK)
        return err;
    doc->has_dateline = evm_find_dateline(text, len, &doc->dateline) == EVM_OK;
    scratch *s;
    if ((err = scratch_get(doc, &s)) != EVM_OK)
        return err;
    s->gz = gz;
    if ((err = build_units(gz, doc, s)) != EVM_OK)
        return err;
    if ((err = find_persons(gz, doc, s)) != EVM_OK)
        return err;
    if ((err = recognise(gz, s)) != EVM_OK)
        return err;
    return resolve(doc, s);
}
