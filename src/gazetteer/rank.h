/*
 * rank.h - the importance prior and name classification, shared by the
 * index compiler and the run-time merge of users' places so both rank the
 * same way.
 */
#ifndef EVM_GAZETTEER_RANK_H
#define EVM_GAZETTEER_RANK_H

#include "gazetteer/gazetteer.h"

#include <stdint.h>

/*
 * Importance of an entry, used to order candidate lists: log10 of the
 * population (floor 10) plus a bonus by feature: capitals +2, first-order
 * seats (PPLA) +1, PPLA2 +0.4, countries and continents +3, ADM1 divisions
 * +1, ADM2 divisions +0.3 (a division's population is the sum of its
 * places' populations), seas +5, landmarks +6; historical, abandoned and
 * destroyed places and sections of cities under 100,000 people -0.5 (a
 * section that large is a place in its own right: Hollywood, Los Angeles
 * before Hollywood, Florida). So Moscow, Russia
 * (12.5 M, PPLC: 9.1) ranks above Moscow, Idaho (25 k, PPLA2: 4.8).
 */
float evm_importance(evm_place_kind kind, const char *feature_code, uint32_t population);

/* Adds EVM_NAME_ABBREV / EVM_NAME_CODE to `flags` from the written form:
 * a name of 2-5 ASCII capitals ("DPRK", "USA") only matches capitals in
 * text; 2-3 capitals among alternate names are codes ("VVO"). */
uint32_t evm_name_shape_flags(const char *name, uint32_t flags);

#endif
