/*
 * words.c - the geoparser's view of the lexicon: one bit mask per word.
 */
#include "geoparse/words.h"

#include "lexicon/lexicon.h"

uint32_t evm_word_class(const char *key, size_t len)
{
    uint32_t lex = evm_lex_lookup(key, len);
    uint32_t c = 0;
    if (lex & EVM_LEX_STOPWORD)
        c |= EVM_WC_STOPWORD;
    if (lex & EVM_LEX_COMMON_WORD)
        c |= EVM_WC_COMMON_WORD;
    if (lex & EVM_LEX_TITLE)
        c |= EVM_WC_TITLE;
    if (lex & EVM_LEX_GIVEN_NAME)
        c |= EVM_WC_GIVEN_NAME;
    if (lex & (EVM_LEX_KOREAN_SURNAME | EVM_LEX_CHINESE_SURNAME))
        c |= EVM_WC_ASIAN_SURNAME;
    if ((lex & EVM_LEX_SURNAME) || evm_lex_name_shape(key, len) >= 50)
        c |= EVM_WC_SURNAME_SHAPE;
    if (lex & EVM_LEX_MONTH)
        c |= EVM_WC_MONTH;
    if (lex & EVM_LEX_WEEKDAY)
        c |= EVM_WC_WEEKDAY;
    if (lex & EVM_LEX_DATE_WORD)
        c |= EVM_WC_DATE_WORD;
    if (lex & EVM_LEX_ORG_CUE)
        c |= EVM_WC_ORG_CUE;
    if (lex & EVM_LEX_LOCATIVE)
        c |= EVM_WC_LOCATIVE_CONTEXT;
    if (lex & EVM_LEX_DIRECTION)
        c |= EVM_WC_DIRECTION;
    if (lex & EVM_LEX_TRIGGER) {
        c |= EVM_WC_TRIGGER;
        const evm_trigger_info *t = evm_lex_trigger(key, len);
        if (t && t->type == EVM_EVENT_STATEMENT)
            c |= EVM_WC_SPEECH;
    }
    if (lex & EVM_LEX_PLACE_TYPE) {
        switch (evm_lex_place_type(key, len)) {
        case EVM_LEX_PLACE_CITY:
            c |= EVM_WC_PLACE_TYPE | EVM_WC_CITY_TYPE;
            break;
        case EVM_LEX_PLACE_ADMIN1:
        case EVM_LEX_PLACE_ADMIN2:
            c |= EVM_WC_PLACE_TYPE;
            break;
        case EVM_LEX_PLACE_WATER:
        case EVM_LEX_PLACE_LANDFORM:
            c |= EVM_WC_FEATURE_TYPE;
            break;
        default:
            break;
        }
    }
    return c;
}
