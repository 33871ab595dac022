/*
 * words.h - what the geoparser needs to know about a word, as one bit mask
 * from the lexicon (src/lexicon/): titles, given names, stop words...
 * Keys are normalised lookup keys (lowercase, no diacritics or dots).
 */
#ifndef EVM_GEOPARSE_WORDS_H
#define EVM_GEOPARSE_WORDS_H

#include <stddef.h>
#include <stdint.h>

enum {
    EVM_WC_STOPWORD = 1u << 0,          /* function words: never a place alone */
    EVM_WC_COMMON_WORD = 1u << 1,       /* ordinary words that are also town names */
    EVM_WC_TITLE = 1u << 2,             /* president, minister, gen, adm ... */
    EVM_WC_GIVEN_NAME = 1u << 3,        /* John, Vladimir, Sergei ... */
    EVM_WC_ASIAN_SURNAME = 1u << 4,     /* Kim, Park, Xi, Wang ... (written first) */
    EVM_WC_SURNAME_SHAPE = 1u << 5,     /* Peskov, Rudenko's shape: -ov, -enko, -sky ... */
    EVM_WC_MONTH = 1u << 6,             /* march, may, sept ... */
    EVM_WC_WEEKDAY = 1u << 7,           /* monday ... */
    EVM_WC_DATE_WORD = 1u << 8,         /* today, week, afternoon ... */
    EVM_WC_ORG_CUE = 1u << 9,           /* ministry, agency, university, post ... */
    EVM_WC_LOCATIVE_CONTEXT = 1u << 10, /* in, at, near, from, to, outside ... */
    EVM_WC_PLACE_TYPE = 1u << 11,       /* province, state, krai, county, city ... */
    EVM_WC_CITY_TYPE = 1u << 12,        /* city, town, village, port (with PLACE_TYPE) */
    EVM_WC_SPEECH = 1u << 13,           /* said, says, told, added ... */
    EVM_WC_DIRECTION = 1u << 14,        /* north, northeastern ... */
    EVM_WC_TRIGGER = 1u << 15,          /* an event trigger word */
    EVM_WC_FEATURE_TYPE = 1u << 16      /* river, sea, island, valley, bay ... */
};

/* The classes of a normalised word `key[0..len)` (0 when unknown). */
uint32_t evm_word_class(const char *key, size_t len);

#endif
