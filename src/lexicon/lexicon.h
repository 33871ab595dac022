/*
 * lexicon.h - hand-written word lists for the geoparser and the event
 * extractor: titles, name lists and name shapes, stop and common words,
 * dates, organisation cues, locatives, place types, directions, event
 * triggers and modality cues.
 *
 * All data is static and read-only: every function is thread-safe, never
 * allocates and never fails. Lookups fold ASCII A-Z to lower case; callers
 * pass tokens already folded to ASCII (diacritics stripped, curly apostrophe
 * as '). Words longer than EVM_LEX_MAX_WORD bytes are never found.
 *
 * Abbreviations keep their dot ("gen.", "sept."). A token ending in '.' that
 * is not a listed abbreviation is also looked up without its dot, so a
 * sentence-final "minister." still reads as a title.
 *
 * The lists live in src/lexicon/lists/ and are compiled into
 * lexicon_data.inc by gen_lexicon_data.py (both committed).
 *
 * Example:
 *   uint32_t m = evm_lex_lookup("Adm.", 4);
 *   // m & EVM_LEX_TITLE and m & EVM_LEX_ABBREV are set
 */
#ifndef EVM_LEXICON_H
#define EVM_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#define EVM_LEX_MAX_WORD 31

/* Category bits returned by evm_lex_lookup(). Bit i is list i of
 * evm_lex_list_name() (EVM_LEX_ABBREV is a flag, not a list). */
typedef enum evm_lex_category {
    EVM_LEX_TITLE = 1u << 0,           /* titles and roles before names: president, gen. */
    EVM_LEX_GIVEN_NAME = 1u << 1,      /* common given names across cultures */
    EVM_LEX_SURNAME = 1u << 2,         /* frequent surnames in news (watson, miller) */
    EVM_LEX_KOREAN_SURNAME = 1u << 3,  /* kim, lee, ri, pak, choe ... */
    EVM_LEX_CHINESE_SURNAME = 1u << 4, /* xi, li, wang, zhang ... */
    EVM_LEX_NAME_PARTICLE = 1u << 5,   /* al, bin, ibn, abu, van, von, de, jr. */
    EVM_LEX_STOPWORD = 1u << 6,        /* function words never places */
    EVM_LEX_COMMON_WORD = 1u << 7,     /* English words that are also places (nice, reading) */
    EVM_LEX_WEEKDAY = 1u << 8,
    EVM_LEX_MONTH = 1u << 9, /* includes "may", "march": check EVM_LEX_COMMON_WORD too */
    EVM_LEX_DATE_WORD = 1u << 10,
    EVM_LEX_ORG_CUE = 1u << 11,    /* ministry, agency, university, news ... */
    EVM_LEX_LOCATIVE = 1u << 12,   /* in, at, near, city, province, border ... */
    EVM_LEX_PLACE_TYPE = 1u << 13, /* see evm_lex_place_type() */
    EVM_LEX_DIRECTION = 1u << 14,  /* see evm_lex_direction() */
    EVM_LEX_TRIGGER = 1u << 15,    /* see evm_lex_trigger() */
    EVM_LEX_MODALITY = 1u << 16,   /* see evm_lex_modality() */
    EVM_LEX_ABBREV = 1u << 31      /* the matched entry is an abbreviation */
} evm_lex_category;

/* Number of lists (categories without EVM_LEX_ABBREV). */
#define EVM_LEX_LIST_COUNT 17

/* Returns the OR of the categories of `word` (len bytes, need not be
 * NUL-terminated; NULL or len 0 gives 0). */
uint32_t evm_lex_lookup(const char *word, size_t len);

/* Builds the lookup indexes now. Optional: every lookup builds them on first
 * use (once, thread-safely); calling this before starting threads also keeps
 * thread checkers such as helgrind, which do not follow pthread_once(),
 * from reporting the first build as a race. */
void evm_lex_prepare(void);

/* Score in [0, 100] that a single token is a person's family name or a name
 * particle by its shape alone: patronymics (-ovich, -evna) 90; -wicz, -enko,
 * -escu, -opoulos, -shvili, -dze, -oglu, -zadeh 80; -ski/-ska, -chuk 70;
 * Arabic particles (bin, ibn, abu, abdul) and "al-"/"el-" prefixes 40-70;
 * -ova/-eva 60, -ov/-ev 50, -sky/-skaya 70, -son/-sen/-ez 40, -in/-ina 25.
 * Well-known places with these shapes (moldova, rostov, argentina, essen,
 * jackson ...) score 0. A weak prior: the geoparser combines it with the
 * gazetteer and with context. Case-insensitive. */
int evm_lex_name_shape(const char *token, size_t len);

/* Kind of place a place-type word implies ("province" -> ADMIN1). */
typedef enum evm_lex_place_kind {
    EVM_LEX_PLACE_NONE = 0,
    EVM_LEX_PLACE_CITY,     /* city, town, village, port, capital */
    EVM_LEX_PLACE_ADMIN1,   /* province, region, state, oblast, krai, prefecture ... */
    EVM_LEX_PLACE_ADMIN2,   /* county, district, raion */
    EVM_LEX_PLACE_COUNTRY,  /* country, nation, kingdom */
    EVM_LEX_PLACE_WATER,    /* river, sea, lake, gulf, strait */
    EVM_LEX_PLACE_LANDFORM, /* island, peninsula, mountain, valley */
    EVM_LEX_PLACE_OTHER
} evm_lex_place_kind;

/* Returns the kind implied by a place-type word, or EVM_LEX_PLACE_NONE. */
evm_lex_place_kind evm_lex_place_type(const char *word, size_t len);

/* Returns 1 and writes the compass bearing (degrees clockwise from north,
 * [0, 360)) to *bearing_deg when `word` is a direction with a bearing
 * ("northeastern" -> 45, "south-west" -> 225, "northbound" -> 0). Returns 2
 * for position words without a bearing ("central", "upper", "far"), leaving
 * *bearing_deg untouched; 0 when not a direction word. bearing_deg may be
 * NULL. */
int evm_lex_direction(const char *word, size_t len, double *bearing_deg);

/* ISO weekday 1 (Monday) .. 7 (Sunday), or 0. "tues." and "sun." count. */
int evm_lex_weekday(const char *word, size_t len);

/* Month 1..12, or 0. Full names and abbreviations, dotted or not ("sept",
 * "jan."): undotted short forms are also ordinary words or names ("mar",
 * "jan"), so accept them only next to a day number. */
int evm_lex_month(const char *word, size_t len);

/* Event types (issue 5 taxonomy). */
typedef enum evm_event_type {
    EVM_EVENT_OTHER = 0,
    EVM_EVENT_TRAVEL,    /* travel, cross, board, depart, leave, fly, return */
    EVM_EVENT_ARRIVAL,   /* arrive, reach, enter, land */
    EVM_EVENT_MEETING,   /* meet, talks, summit, host, negotiate */
    EVM_EVENT_VISIT,     /* visit, tour, inspect */
    EVM_EVENT_STATEMENT, /* say, announce, declare, tell, report, warn, deny */
    EVM_EVENT_MILITARY   /* attack, strike, shell, bomb, fire, launch, invade, kill */
} evm_event_type;

/* Returns the static name of an event type ("travel", "arrival", ...). */
const char *evm_event_type_name(evm_event_type type);

/* What a trigger word means. Static; never freed. */
typedef struct evm_trigger_info {
    const char *lemma; /* "arrive" for "arrived" */
    evm_event_type type;
    const char *cameo; /* CAMEO event code ("042" make a visit, "010" make
                          statement, "190" use military force, "163" sanctions),
                          NULL where no CAMEO code applies (plain travel) */
} evm_trigger_info;

/* Returns the trigger info of an inflected form, or NULL. */
const evm_trigger_info *evm_lex_trigger(const char *word, size_t len);

/* Modality cues. */
typedef enum evm_modality {
    EVM_MODALITY_NONE = 0,
    EVM_MODALITY_EXPECTED, /* will, expected, plans, scheduled, set (to), due (to) */
    EVM_MODALITY_POSSIBLE, /* may, might, could, likely, possibly */
    EVM_MODALITY_HEDGED,   /* reportedly, allegedly, rumoured: second-hand report */
    EVM_MODALITY_DENIED,   /* denied, refuses, rejected */
    EVM_MODALITY_NEGATED   /* not, never, no, didn't */
} evm_modality;

/* Returns the modality a single word signals, or EVM_MODALITY_NONE. Words
 * that need a partner ("set", "due", "going": "set to", "is to") are
 * returned for the first word; use evm_lex_modality_pair() to confirm. */
evm_modality evm_lex_modality(const char *word, size_t len);

/* Two-word cues: "set to", "due to", "going to", "is to", "are to", "was to",
 * "plans to", "expected to", "this coming". Returns EVM_MODALITY_EXPECTED or
 * EVM_MODALITY_NONE. */
evm_modality evm_lex_modality_pair(const char *w1, size_t len1, const char *w2, size_t len2);

/* Introspection for tests and tools: list i in [0, EVM_LEX_LIST_COUNT)
 * (bit i of evm_lex_category). evm_lex_list_name() returns "TITLE" etc. or
 * NULL out of range; evm_lex_list_size() its number of words;
 * evm_lex_list_word() word j (sorted, strictly increasing by strcmp) or
 * NULL out of range. List EVM_LEX_LIST_COUNT is the merged table. */
const char *evm_lex_list_name(size_t i);
size_t evm_lex_list_size(size_t i);
const char *evm_lex_list_word(size_t i, size_t j);
/* Categories stored in the merged table for its j-th word. */
uint32_t evm_lex_merged_mask(size_t j);

#endif /* EVM_LEXICON_H */
