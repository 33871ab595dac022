/* words.c - PROVISIONAL word classes until the lexicon module lands. */
#include "geoparse/words.h"

#include <string.h>

typedef struct wc {
    const char *w;
    uint32_t c;
} wc;

static const wc table[] = {
    {"the", EVM_WC_STOPWORD}, {"a", EVM_WC_STOPWORD}, {"an", EVM_WC_STOPWORD},
    {"this", EVM_WC_STOPWORD}, {"that", EVM_WC_STOPWORD}, {"it", EVM_WC_STOPWORD},
    {"he", EVM_WC_STOPWORD}, {"she", EVM_WC_STOPWORD}, {"they", EVM_WC_STOPWORD},
    {"we", EVM_WC_STOPWORD}, {"i", EVM_WC_STOPWORD}, {"but", EVM_WC_STOPWORD},
    {"and", EVM_WC_STOPWORD}, {"or", EVM_WC_STOPWORD}, {"if", EVM_WC_STOPWORD},
    {"in", EVM_WC_STOPWORD | EVM_WC_LOCATIVE_CONTEXT}, {"at", EVM_WC_STOPWORD | EVM_WC_LOCATIVE_CONTEXT},
    {"near", EVM_WC_LOCATIVE_CONTEXT}, {"from", EVM_WC_STOPWORD | EVM_WC_LOCATIVE_CONTEXT},
    {"to", EVM_WC_STOPWORD | EVM_WC_LOCATIVE_CONTEXT}, {"of", EVM_WC_STOPWORD},
    {"president", EVM_WC_TITLE}, {"leader", EVM_WC_TITLE}, {"minister", EVM_WC_TITLE},
    {"spokesperson", EVM_WC_TITLE}, {"marshal", EVM_WC_TITLE}, {"marshals", EVM_WC_TITLE},
    {"adm", EVM_WC_TITLE}, {"gen", EVM_WC_TITLE}, {"secretary", EVM_WC_TITLE},
    {"said", EVM_WC_SPEECH}, {"says", EVM_WC_SPEECH}, {"told", EVM_WC_SPEECH},
    {"province", EVM_WC_PLACE_TYPE}, {"krai", EVM_WC_PLACE_TYPE}, {"state", EVM_WC_PLACE_TYPE},
    {"city", EVM_WC_PLACE_TYPE | EVM_WC_CITY_TYPE}, {"county", EVM_WC_PLACE_TYPE},
    {"monday", EVM_WC_WEEKDAY}, {"tuesday", EVM_WC_WEEKDAY}, {"sunday", EVM_WC_WEEKDAY},
    {"sept", EVM_WC_MONTH}, {"september", EVM_WC_MONTH}, {"may", EVM_WC_MONTH},
    {"agency", EVM_WC_ORG_CUE}, {"ministry", EVM_WC_ORG_CUE}, {"army", EVM_WC_ORG_CUE},
    {"vladimir", EVM_WC_GIVEN_NAME}, {"dmitry", EVM_WC_GIVEN_NAME}, {"sergei", EVM_WC_GIVEN_NAME},
    {"kim", EVM_WC_ASIAN_SURNAME}, {"jeon", EVM_WC_ASIAN_SURNAME}, {"choe", EVM_WC_ASIAN_SURNAME},
    {"ri", EVM_WC_ASIAN_SURNAME}, {"pak", EVM_WC_ASIAN_SURNAME}, {"jo", EVM_WC_ASIAN_SURNAME},
};

uint32_t evm_word_class(const char *key, size_t len)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].w) == len && memcmp(table[i].w, key, len) == 0)
            return table[i].c;
    }
    return 0;
}
