/*
 * claims.h - distance, direction and containment claims in one sentence.
 *
 * The extractor works from an explicit input contract so that it does not
 * depend on the tokenizer or the geoparser: the caller passes the article
 * text, the byte range of one sentence, and the place mentions the geoparser
 * found in that sentence (plus, optionally, the "topic" place carried over
 * from the previous sentence, which "it", "the city", "the capital" may refer
 * to). The extractor returns plain claim records; measuring them is the
 * geometry module's job and judging them is verify/verify.h.
 *
 * Example:
 *     evm_claim_place places[2] = {{4, 15, 7, EVM_CLAIM_PLACE_CITY, "Vladivostok"},
 *                                  {70, 79, 9, EVM_CLAIM_PLACE_CITY, "Pyongyang"}};
 *     evm_claim_input in = {text, strlen(text), 0, strlen(text), places, 2, NULL};
 *     evm_claim_list list = {0};
 *     if (evm_claims_extract(&in, &list, NULL) == EVM_OK) { ... list.items[i] ... }
 *     evm_claim_list_free(&list);
 */
#ifndef EVM_EXTRACT_CLAIMS_H
#define EVM_EXTRACT_CLAIMS_H

#include "evmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* place_id of a mention the geoparser could not resolve. */
#define EVM_CLAIM_NO_PLACE UINT32_MAX

/* Values of evm_claim_place.kind. A container must rank above what it
 * contains (city < admin1 < country); OTHER ranks as unknown. */
enum {
    EVM_CLAIM_PLACE_OTHER = 0,
    EVM_CLAIM_PLACE_CITY = 1,
    EVM_CLAIM_PLACE_ADMIN1 = 2,
    EVM_CLAIM_PLACE_COUNTRY = 3
};

/* One place mention found by the geoparser in the sentence. */
typedef struct evm_claim_place {
    size_t start, end; /* byte offsets of the mention in the text, [start, end) */
    uint32_t place_id; /* opaque id of the resolved place, or EVM_CLAIM_NO_PLACE */
    int kind;          /* EVM_CLAIM_PLACE_* */
    const char *name;  /* display name (borrowed, may be NULL) */
    bool demonym;      /* written as the country's adjective ("Chinese"): a modifier, never
                          the subject of a claim */
} evm_claim_place;

/* Special values of evm_claim.subject / evm_claim.reference (otherwise an
 * index into evm_claim_input.places). */
#define EVM_CLAIM_NONE (-1)  /* no place: the claim cannot be verified */
#define EVM_CLAIM_TOPIC (-2) /* the input's topic place ("it", "the city") */

typedef struct evm_claim_input {
    const char *text;              /* UTF-8 article text (borrowed) */
    size_t text_len;               /* bytes in text */
    size_t sentence_start;         /* the sentence is text[sentence_start, sentence_end) */
    size_t sentence_end;           /* <= text_len */
    const evm_claim_place *places; /* mentions inside the sentence, any order; may be NULL */
    size_t place_count;            /* <= INT32_MAX */
    const evm_claim_place *topic;  /* place the previous sentence was about, or NULL */
} evm_claim_input;

typedef enum evm_claim_kind {
    EVM_CLAIM_DISTANCE = 0, /* a figure (maybe with a direction): "N km north of Y" */
    EVM_CLAIM_DIRECTION,    /* a direction only: "X, northeast of Y" */
    EVM_CLAIM_CONTAINMENT   /* "X in Y": subject lies inside reference */
} evm_claim_kind;

typedef enum evm_unit {
    EVM_UNIT_NONE = 0,
    EVM_UNIT_KM,
    EVM_UNIT_MI,  /* statute mile, 1.609344 km */
    EVM_UNIT_NMI, /* nautical mile, 1.852 km */
    EVM_UNIT_M,
    EVM_UNIT_FT, /* 0.3048 m */
    EVM_UNIT_YD  /* 0.9144 m */
} evm_unit;

/* The hedge word in front of the figure; it decides the bound type and, in
 * verify/, the tolerance. */
typedef enum evm_hedge {
    EVM_HEDGE_NONE = 0,
    EVM_HEDGE_ABOUT,     /* about, roughly, some, around, approximately, an estimated */
    EVM_HEDGE_NEARLY,    /* nearly, almost, close to, just under: true value a bit below */
    EVM_HEDGE_JUST_OVER, /* just over, a little over: true value a bit above */
    EVM_HEDGE_MORE_THAN, /* more than, over, well over */
    EVM_HEDGE_AT_LEAST,  /* at least, no less than */
    EVM_HEDGE_UP_TO,     /* up to, at most, no more than */
    EVM_HEDGE_WITHIN,    /* within */
    EVM_HEDGE_LESS_THAN, /* less than, under, fewer than */
    EVM_HEDGE_JUST       /* just, only: emphasis, no change of meaning */
} evm_hedge;

typedef enum evm_bound {
    EVM_BOUND_NONE = 0,  /* no figure (direction or containment claims) */
    EVM_BOUND_TWO_SIDED, /* "about N": N either way */
    EVM_BOUND_LOWER,     /* "more than N": claimed_km_min = N, claimed_km_max = NAN */
    EVM_BOUND_UPPER,     /* "within N": claimed_km_max = N, claimed_km_min = NAN */
    EVM_BOUND_RANGE      /* "N to M": both ends */
} evm_bound;

/* What the figure measures. Anything but GEODESIC is a path along the ground
 * or a route, which may be longer than the geodesic but never shorter. */
typedef enum evm_path {
    EVM_PATH_GEODESIC = 0, /* "N km north of", "N km from", "apart", "within" */
    EVM_PATH_TRIP,         /* trip, journey, travel, route */
    EVM_PATH_DRIVE,        /* drive, ride */
    EVM_PATH_ROAD,         /* "by road", road */
    EVM_PATH_RAIL,         /* train, rail */
    EVM_PATH_FLIGHT,       /* flight, "by air" */
    EVM_PATH_WALK,         /* walk, march, trek, hike */
    EVM_PATH_SEA           /* voyage, sail, "by sea" */
} evm_path;

/* A number as written. value_max == value except for ranges. `step` is the
 * rounding step the writing implies, in the same unit: 680 -> 10, 700 -> 100,
 * 683 -> 1, 425 -> 5, 2.9 -> 0.1, 2.5 -> 0.5, "two dozen" -> 12. A last
 * significant digit 5 counts as rounding to a half step (425 miles is
 * usually 422.5 or 427 rounded to the nearest 5); one-digit numbers do not
 * (50 is rounded to the nearest 10). */
typedef struct evm_claim_figure {
    double value;
    double value_max;
    double step;
    evm_unit unit;     /* EVM_UNIT_NONE when there is no figure */
    size_t start, end; /* byte range of the figure and its unit in the text */
} evm_claim_figure;

typedef struct evm_claim {
    evm_claim_kind kind;
    size_t start, end; /* byte range of the claim's clause in the text */
    int subject;       /* index into input places, EVM_CLAIM_TOPIC or EVM_CLAIM_NONE */
    int reference;     /* the place measured from (or the container) */
    uint32_t subject_id, reference_id; /* copied place_id, EVM_CLAIM_NO_PLACE if none */

    /* Distance (kind DISTANCE; zero/NAN otherwise). claimed_km follows the
     * kilometre figure when one of the pair is in km, else the first figure
     * converted; for ranges it is the midpoint. */
    evm_claim_figure figure; /* first figure as written */
    evm_claim_figure second; /* paired figure "(680 kilometers)", unit NONE if absent */
    double claimed_km, claimed_km_min, claimed_km_max;
    evm_hedge hedge;
    evm_bound bound;
    evm_path path;

    /* Direction of the subject seen from the reference ("north of"), or NULL
     * and NAN. Name is a static string, 8- or 16-point ("north-northeast"). */
    const char *direction;
    double direction_deg;

    /* The reference is a country's border, not the country ("30 km from the
     * Russian border", "the border with Russia", "Russia's border"). */
    bool to_border;

    /* Containment: a region qualifier ("northeastern" in "in northeastern
     * China"), static string or NULL. */
    const char *region;
} evm_claim;

/* A growable list of claims; zero-initialise, free with evm_claim_list_free(). */
typedef struct evm_claim_list {
    evm_claim *items;
    size_t count;
    size_t cap;
} evm_claim_list;

/* Extracts the claims of one sentence and APPENDS them to `out` in text
 * order of their figure/direction/containment phrase.
 * Errors: EVM_ERR_ARG (NULL in/out/text, sentence range outside the text,
 * a mention outside the sentence, place_count too large), EVM_ERR_NOMEM
 * (out keeps the claims appended before the failure). */
evm_error evm_claims_extract(const evm_claim_input *in, evm_claim_list *out, evm_diag *diag);

/* Frees the list's storage and zeroes it; NULL is accepted. */
void evm_claim_list_free(evm_claim_list *list);

/* The place the sentence is about, to pass as the next sentence's topic:
 * the subject of the last claim of `claims[0..count)` that has one, else the
 * first city mention of the sentence, else the input's topic. Returns an
 * index into in->places, EVM_CLAIM_TOPIC or EVM_CLAIM_NONE. */
int evm_claims_next_topic(const evm_claim_input *in, const evm_claim *claims, size_t count);

/* Static names for output ("km", "about", "upper", "drive", "distance"). */
const char *evm_unit_name(evm_unit unit);
const char *evm_hedge_name(evm_hedge hedge);
const char *evm_bound_name(evm_bound bound);
const char *evm_path_name(evm_path path);
const char *evm_claim_kind_name(evm_claim_kind kind);

/* Kilometres per one `unit` (0 for EVM_UNIT_NONE). */
double evm_unit_km(evm_unit unit);

#endif
