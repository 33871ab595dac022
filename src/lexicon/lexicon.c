/*
 * lexicon.c - lookups over the static word lists of lexicon_data.inc.
 *
 * One search of the merged table answers evm_lex_lookup(); the category
 * tables are searched only for their extra data. The tables searched per
 * word have hash indexes (lex_find_word(), built on first use); the others,
 * and words with a NUL byte, go through lex_find(), a bsearch over any array
 * whose elements start with a `const char *word` member.
 */
#include "lexicon/lexicon.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

typedef struct lex_int_entry {
    const char *word;
    int value;
} lex_int_entry;

typedef struct lex_bearing_entry {
    const char *word;
    double bearing_deg; /* -1: a position word without bearing */
} lex_bearing_entry;

typedef struct lex_trigger_entry {
    const char *word;
    evm_trigger_info info;
} lex_trigger_entry;

typedef struct lex_mask_entry {
    const char *word;
    uint32_t mask;
} lex_mask_entry;

typedef struct lex_list {
    const char *name;
    const char *const *words; /* plain word lists */
    const void *table;        /* struct tables: element starts with `const char *word` */
    size_t stride;
    size_t count;
} lex_list;

#include "lexicon/lexicon_data.inc"

_Static_assert(sizeof lex_lists / sizeof lex_lists[0] == EVM_LEX_LIST_COUNT,
               "lexicon.h list count out of step with lexicon_data.inc");

/* Lower-cases ASCII letters of word into buf (EVM_LEX_MAX_WORD + 1 bytes).
 * Returns the length, or 0 when the word is empty or too long. */
static size_t lex_fold(const char *word, size_t len, char *buf)
{
    if (!word || len == 0 || len > EVM_LEX_MAX_WORD) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    buf[len] = '\0';
    return len;
}

/* bsearch over `count` elements of `stride` bytes whose first member is a
 * NUL-terminated word; key is NUL-terminated. Returns the element or NULL. */
static const void *lex_find(const void *base, size_t stride, size_t count, const char *key)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const void *elem = (const char *)base + mid * stride;
        int c = strcmp(key, *(const char *const *)elem);
        if (c == 0) {
            return elem;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}

/* The bsearch of lex_find() folded into lex_find_word() as it was: for the
 * rare word with a NUL byte (strcmp() then compares its prefix). */
static const void *lex_find_word_slow(const void *base, size_t stride, size_t count,
                                      const char *word, size_t len)
{
    char buf[EVM_LEX_MAX_WORD + 1];
    size_t n = lex_fold(word, len, buf);
    if (n == 0) {
        return NULL;
    }
    const void *e = lex_find(base, stride, count, buf);
    if (!e && n > 1 && buf[n - 1] == '.') {
        buf[n - 1] = '\0';
        e = lex_find(base, stride, count, buf);
    }
    return e;
}

/* Hash indexes over the tables searched per word, built once (the tables
 * are sorted and hold each word once, so a word found by hashing is the one
 * bsearch finds). Slots hold an element index + 1; 0 is empty. */
typedef struct lex_index {
    const void *base;
    size_t stride, count;
    uint16_t *slots;
    size_t mask;
} lex_index;

#define LEX_INDEX(table, slots)                                                                    \
    {                                                                                              \
        (table), sizeof(table)[0], sizeof(table) / sizeof(table)[0], (slots),                      \
            sizeof(slots) / sizeof(slots)[0] - 1                                                   \
    }
#define LEX_SLOTS_CHECK(table, slots)                                                              \
    _Static_assert(sizeof(table) / sizeof(table)[0] * 2 <= sizeof(slots) / sizeof(slots)[0] &&     \
                       sizeof(table) / sizeof(table)[0] < 65535,                                   \
                   "lexicon hash index too small for " #table)

static uint16_t slots_all[16384], slots_trigger[1024], slots_place_type[256], slots_direction[256],
    slots_weekday[64], slots_month[128], slots_modality[256];
LEX_SLOTS_CHECK(lex_all, slots_all);
LEX_SLOTS_CHECK(lex_trigger, slots_trigger);
LEX_SLOTS_CHECK(lex_place_type, slots_place_type);
LEX_SLOTS_CHECK(lex_direction, slots_direction);
LEX_SLOTS_CHECK(lex_weekday, slots_weekday);
LEX_SLOTS_CHECK(lex_month, slots_month);
LEX_SLOTS_CHECK(lex_modality, slots_modality);

static lex_index ix_all = LEX_INDEX(lex_all, slots_all);
static lex_index ix_trigger = LEX_INDEX(lex_trigger, slots_trigger);
static lex_index ix_place_type = LEX_INDEX(lex_place_type, slots_place_type);
static lex_index ix_direction = LEX_INDEX(lex_direction, slots_direction);
static lex_index ix_weekday = LEX_INDEX(lex_weekday, slots_weekday);
static lex_index ix_month = LEX_INDEX(lex_month, slots_month);
static lex_index ix_modality = LEX_INDEX(lex_modality, slots_modality);

static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

#define LEX_FNV_OFFSET 2166136261u
#define LEX_FNV_PRIME 16777619u

static const char *lex_index_word(const lex_index *ix, size_t i)
{
    return *(const char *const *)((const char *)ix->base + i * ix->stride);
}

static void lex_index_build(lex_index *ix)
{
    for (size_t i = 0; i < ix->count; i++) {
        uint32_t h = LEX_FNV_OFFSET;
        for (const char *w = lex_index_word(ix, i); *w; w++) {
            h = (h ^ (uint8_t)*w) * LEX_FNV_PRIME;
        }
        size_t k = h & ix->mask;
        while (ix->slots[k]) {
            k = (k + 1) & ix->mask;
        }
        ix->slots[k] = (uint16_t)(i + 1);
    }
}

typedef struct shape {
    const char *suffix;
    size_t len;
    int score;
} shape;
#define SHAPE(suffix, score)                                                                       \
    {                                                                                              \
        suffix, sizeof suffix - 1, score                                                           \
    }
/* Longest suffixes first so "-ovich" wins over "-ich". */
static const shape shapes[] = {
    SHAPE("opoulos", 85), SHAPE("shvili", 85), SHAPE("yevich", 90), SHAPE("yevna", 90),
    SHAPE("ovich", 90),   SHAPE("evich", 90),  SHAPE("ovna", 90),   SHAPE("evna", 90),
    SHAPE("ichna", 90),   SHAPE("skaya", 70),  SHAPE("zadeh", 80),  SHAPE("wicz", 80),
    SHAPE("enko", 80),    SHAPE("escu", 80),   SHAPE("oglu", 80),   SHAPE("czyk", 80),
    SHAPE("skiy", 70),    SHAPE("skii", 70),   SHAPE("chuk", 70),   SHAPE("dze", 80),
    SHAPE("ski", 70),     SHAPE("ska", 70),    SHAPE("sky", 70),    SHAPE("yuk", 70),
    SHAPE("ova", 60),     SHAPE("eva", 60),    SHAPE("yan", 60),    SHAPE("son", 40),
    SHAPE("sen", 40),     SHAPE("ina", 25),    SHAPE("ov", 50),     SHAPE("ev", 50),
    SHAPE("ez", 40),      SHAPE("in", 25),
};
#undef SHAPE
#define SHAPE_COUNT (sizeof shapes / sizeof shapes[0])
/* The suffixes by last byte, each byte's in table order (so still longest
 * first): shape_by_last[shape_first[c] .. shape_first[c + 1]) are those
 * ending in byte c. Built with the hash indexes. */
static uint8_t shape_by_last[SHAPE_COUNT];
static uint8_t shape_first[257];
_Static_assert(SHAPE_COUNT < 256, "shape indexes are bytes");

static void shape_index_build(void)
{
    size_t at = 0;
    for (unsigned c = 0; c < 256; c++) {
        shape_first[c] = (uint8_t)at;
        for (size_t i = 0; i < SHAPE_COUNT; i++) {
            if ((unsigned char)shapes[i].suffix[shapes[i].len - 1] == c)
                shape_by_last[at++] = (uint8_t)i;
        }
    }
    shape_first[256] = (uint8_t)at;
}

static void lex_build(void)
{
    lex_index *all[] = {&ix_all,     &ix_trigger, &ix_place_type, &ix_direction,
                        &ix_weekday, &ix_month,   &ix_modality};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        lex_index_build(all[i]);
    }
    shape_index_build();
}

static const void *lex_probe(const lex_index *ix, const char *key, uint32_t h)
{
    for (size_t k = h & ix->mask;; k = (k + 1) & ix->mask) {
        uint16_t s = ix->slots[k];
        if (!s) {
            return NULL;
        }
        const char *w = lex_index_word(ix, (size_t)s - 1);
        if (w[0] == key[0] && strcmp(w, key) == 0) {
            return (const char *)ix->base + ((size_t)s - 1) * ix->stride;
        }
    }
}

/* Finds the folded word in a table; a trailing dot that is not part of a
 * listed abbreviation is dropped and the search repeated. */
static const void *lex_find_word(const lex_index *ix, const char *word, size_t len)
{
    if (!word || len == 0 || len > EVM_LEX_MAX_WORD) {
        return NULL;
    }
    pthread_once(&lex_once, lex_build);
    char buf[EVM_LEX_MAX_WORD + 1];
    uint32_t h = LEX_FNV_OFFSET, h_before_last = h;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        if (c == '\0') {
            return lex_find_word_slow(ix->base, ix->stride, ix->count, word, len);
        }
        c = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        buf[i] = c;
        h_before_last = h;
        h = (h ^ (uint8_t)c) * LEX_FNV_PRIME;
    }
    buf[len] = '\0';
    const void *e = lex_probe(ix, buf, h);
    if (!e && len > 1 && buf[len - 1] == '.') {
        buf[len - 1] = '\0';
        e = lex_probe(ix, buf, h_before_last);
    }
    return e;
}

#define LEX_FIND(ix, word, len) lex_find_word(&(ix), (word), (len))

void evm_lex_prepare(void)
{
    pthread_once(&lex_once, lex_build);
}

uint32_t evm_lex_lookup(const char *word, size_t len)
{
    const lex_mask_entry *e = LEX_FIND(ix_all, word, len);
    return e ? e->mask : 0;
}

evm_lex_place_kind evm_lex_place_type(const char *word, size_t len)
{
    const lex_int_entry *e = LEX_FIND(ix_place_type, word, len);
    return e ? (evm_lex_place_kind)e->value : EVM_LEX_PLACE_NONE;
}

int evm_lex_direction(const char *word, size_t len, double *bearing_deg)
{
    const lex_bearing_entry *e = LEX_FIND(ix_direction, word, len);
    if (!e) {
        return 0;
    }
    if (e->bearing_deg < 0) {
        return 2;
    }
    if (bearing_deg) {
        *bearing_deg = e->bearing_deg;
    }
    return 1;
}

int evm_lex_weekday(const char *word, size_t len)
{
    const lex_int_entry *e = LEX_FIND(ix_weekday, word, len);
    return e ? e->value : 0;
}

int evm_lex_month(const char *word, size_t len)
{
    const lex_int_entry *e = LEX_FIND(ix_month, word, len);
    return e ? e->value : 0;
}

const char *evm_event_type_name(evm_event_type type)
{
    switch (type) {
    case EVM_EVENT_TRAVEL:
        return "travel";
    case EVM_EVENT_ARRIVAL:
        return "arrival";
    case EVM_EVENT_MEETING:
        return "meeting";
    case EVM_EVENT_VISIT:
        return "visit";
    case EVM_EVENT_STATEMENT:
        return "statement";
    case EVM_EVENT_MILITARY:
        return "military";
    case EVM_EVENT_OTHER:
    default:
        return "other";
    }
}

const evm_trigger_info *evm_lex_trigger(const char *word, size_t len)
{
    const lex_trigger_entry *e = LEX_FIND(ix_trigger, word, len);
    return e ? &e->info : NULL;
}

evm_modality evm_lex_modality(const char *word, size_t len)
{
    const lex_int_entry *e = LEX_FIND(ix_modality, word, len);
    return e ? (evm_modality)e->value : EVM_MODALITY_NONE;
}

static int lex_is(const char *w, size_t len, const char *lit)
{
    char buf[EVM_LEX_MAX_WORD + 1];
    return lex_fold(w, len, buf) && strcmp(buf, lit) == 0;
}

evm_modality evm_lex_modality_pair(const char *w1, size_t len1, const char *w2, size_t len2)
{
    static const char *const before_to[] = {
        "set",   "due",      "going",     "is",     "are",  "was",     "were",     "am",
        "plans", "expected", "scheduled", "slated", "aims", "intends", "planning", "preparing"};
    if (lex_is(w2, len2, "to")) {
        for (size_t i = 0; i < sizeof before_to / sizeof before_to[0]; i++) {
            if (lex_is(w1, len1, before_to[i])) {
                return EVM_MODALITY_EXPECTED;
            }
        }
    }
    if (lex_is(w1, len1, "this") && lex_is(w2, len2, "coming")) {
        return EVM_MODALITY_EXPECTED;
    }
    return EVM_MODALITY_NONE;
}

/* ---- name shapes ------------------------------------------------------- */

/* Well-known places whose spelling has a surname shape. Sorted. */
static const char *const shape_places[] = {
    "argentina", "austin",  "berlin",  "bosnia",   "carolina", "dublin",    "essen",
    "jackson",   "kharkiv", "kharkov", "kirov",    "kishinev", "kremlin",   "madison",
    "medina",    "messina", "moldova", "pristina", "pskov",    "regina",    "rostov",
    "saratov",   "tambov",  "tucson",  "turin",    "ukraine",  "yaroslavl", "zaporizhzhia"};

/* The score of a surname-shaped word (folded, n bytes), before the check
 * against shape_places. */
static int shape_score(const char *buf, size_t n)
{
    /* Arabic particles as whole tokens, or fused with a hyphen. */
    static const char *const particles[] = {"abd", "abdel", "abdul", "abu", "bin", "bint", "ibn"};
    if (n <= 5) {
        for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++) {
            if (strlen(particles[i]) == n && memcmp(buf, particles[i], n) == 0) {
                return 70;
            }
        }
    }
    if (n > 4 && (memcmp(buf, "abdul", 5) == 0 || memcmp(buf, "abdel", 5) == 0)) {
        return 70;
    }
    if (n > 3 && (memcmp(buf, "al-", 3) == 0 || memcmp(buf, "el-", 3) == 0)) {
        return 40; /* also Al-Qaim, El-Arish: places carry this prefix too */
    }
    if (n < 5) {
        return 0; /* too short for a suffix to mean anything (Kiev, Suez) */
    }
    /* Only the suffixes ending in the word's last byte can match. */
    unsigned char last = (unsigned char)buf[n - 1];
    for (size_t j = shape_first[last]; j < shape_first[last + 1]; j++) {
        const shape *sh = &shapes[shape_by_last[j]];
        if (sh->len > n || memcmp(buf + n - sh->len, sh->suffix, sh->len) != 0) {
            continue;
        }
        /* "-in" needs a consonant before it (Putin, Lenin), not a vowel. */
        if (sh->len == 2 && sh->suffix[0] == 'i' && sh->suffix[1] == 'n' &&
            strchr("aeiouy", buf[n - 3])) {
            continue;
        }
        return sh->score;
    }
    return 0;
}

int evm_lex_name_shape(const char *token, size_t len)
{
    pthread_once(&lex_once, lex_build);
    char buf[EVM_LEX_MAX_WORD + 1];
    size_t n = lex_fold(token, len, buf);
    if (n == 0) {
        return 0;
    }
    /* Most words have no shape: the list of well-known places is searched
     * only for those that do (a listed place scores 0 either way). */
    int score = shape_score(buf, n);
    if (score && lex_find(shape_places, sizeof shape_places[0],
                          sizeof shape_places / sizeof shape_places[0], buf)) {
        return 0;
    }
    return score;
}

/* ---- introspection ------------------------------------------------------ */

const char *evm_lex_list_name(size_t i)
{
    if (i < EVM_LEX_LIST_COUNT) {
        return lex_lists[i].name;
    }
    return i == EVM_LEX_LIST_COUNT ? "ALL" : NULL;
}

size_t evm_lex_list_size(size_t i)
{
    if (i < EVM_LEX_LIST_COUNT) {
        return lex_lists[i].count;
    }
    return i == EVM_LEX_LIST_COUNT ? sizeof lex_all / sizeof lex_all[0] : 0;
}

const char *evm_lex_list_word(size_t i, size_t j)
{
    if (i == EVM_LEX_LIST_COUNT) {
        return j < sizeof lex_all / sizeof lex_all[0] ? lex_all[j].word : NULL;
    }
    if (i > EVM_LEX_LIST_COUNT || j >= lex_lists[i].count) {
        return NULL;
    }
    if (lex_lists[i].words) {
        return lex_lists[i].words[j];
    }
    return *(const char *const *)((const char *)lex_lists[i].table + j * lex_lists[i].stride);
}

uint32_t evm_lex_merged_mask(size_t j)
{
    return j < sizeof lex_all / sizeof lex_all[0] ? lex_all[j].mask : 0;
}
