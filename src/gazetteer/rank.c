#include "gazetteer/rank.h"

#include <math.h>
#include <string.h>

float evm_importance(evm_place_kind kind, const char *feature_code, uint32_t population)
{
    double score = log10((double)(population > 10 ? population : 10));
    if (kind == EVM_KIND_COUNTRY)
        score += 3.0;
    else if (kind == EVM_KIND_ADMIN1)
        score += 1.0;
    else if (strcmp(feature_code, "CONT") == 0)
        score += 3.0; /* continents: named as often as countries */
    else if (!strcmp(feature_code, "OCN") || !strcmp(feature_code, "SEA") ||
             !strcmp(feature_code, "GULF") || !strcmp(feature_code, "BAY") ||
             !strcmp(feature_code, "STRT") || !strcmp(feature_code, "CHN"))
        score += 5.0; /* seas have no population; they outrank towns named after them */
    else if (!strcmp(feature_code, "BLDG") || !strcmp(feature_code, "SQR") ||
             !strcmp(feature_code, "AIRP") || !strcmp(feature_code, "ST"))
        score += 6.0; /* landmarks news names are famous ones: they outrank towns and
                         translations of the same words ("White House" is Casablanca's) */
    else if (strcmp(feature_code, "ADM2") == 0)
        score += 0.3;
    else if (strcmp(feature_code, "PPLC") == 0)
        score += 2.0;
    else if (strcmp(feature_code, "PPLA") == 0)
        score += 1.0;
    else if (strcmp(feature_code, "PPLA2") == 0)
        score += 0.4;
    else if ((strcmp(feature_code, "PPLX") == 0 && population < 100000) ||
             strcmp(feature_code, "PPLH") == 0 || strcmp(feature_code, "PPLQ") == 0 ||
             strcmp(feature_code, "PPLW") == 0)
        score -= 0.5; /* sections of cities, historical, abandoned, destroyed */
    return (float)score;
}

uint32_t evm_name_shape_flags(const char *name, uint32_t flags)
{
    size_t len = strlen(name);
    if (len < 2 || len > 5)
        return flags;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < 'A' || name[i] > 'Z')
            return flags;
    }
    flags |= EVM_NAME_ABBREV;
    if (len <= 3 && (flags & EVM_NAME_ALT))
        flags |= EVM_NAME_CODE;
    return flags;
}
