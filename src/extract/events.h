/*
 * events.h - located events and per-actor itineraries (issue 5, items 1-2).
 *
 * API in short:
 *   evm_events_extract(gz, doc, opts, &events, diag)   doc from evm_geoparse()
 *   evm_itineraries_build(gz, geo, &events, iopts, &routes, diag)
 *   evm_event_list_free(&events); evm_itinerary_list_free(&routes);
 *
 * Example:
 *   evm_doc doc = {0};
 *   evm_geoparse(gz, text, len, 0, &doc, NULL);
 *   evm_events_opts eo = {.article_date = {2023, 9, 12}};
 *   evm_event_list ev = {0};
 *   evm_itinerary_list it = {0};
 *   if (evm_events_extract(gz, &doc, &eo, &ev, NULL) == EVM_OK &&
 *       evm_itineraries_build(gz, geo, &ev, NULL, &it, NULL) == EVM_OK) { ... }
 *   evm_itinerary_list_free(&it);
 *   evm_event_list_free(&ev);
 *   evm_doc_free(&doc);
 *
 * Rules (the behaviour the tests pin):
 *
 * Clauses. A sentence is cut at ; : and dashes, at commas (except a comma
 * between two place names, "Moscow, Idaho", or before a number, "Sept. 11,
 * 2023"), and before the subordinators where/while/after/before/when/which/
 * who/but/whereas/that. A short trigger-less clause that
 * opens with a preposition ("In Moscow,", "On Tuesday,") is joined to the
 * next one. The dateline (and a byline's place alone on the next line) is
 * never part of a clause.
 *
 * Triggers. Every word the lexicon lists (evm_lex_trigger) is a trigger,
 * except capitalised words inside a sentence (names: "United States"), words
 * inside person or place names, and a few forms that are usually nouns or
 * adjectives ("state", "head", "land", "fire", "call", "board", "sign",
 * "move" and their -s forms; "left" unless a name, "for" or "the" follows).
 * One event per trigger; several triggers may share a clause, and trigger i
 * then owns the words up to trigger i+1.
 *
 * Location. A place mention in the clause governed by a locative cue: the
 * object of in/at/to/into/toward(s)/inside/near/onto/through/via, "for" after
 * a travel trigger ("heading for"), or the direct object of the trigger
 * ("visited Pyongyang", "left Pyongyang"), skipping articles, direction
 * adjectives, demonyms, place-type words and "of" in between ("in the eastern
 * Russian city of Vladivostok" -> Vladivostok), at most 12 tokens from the
 * trigger. First choice: the nearest cued mention after the trigger within
 * the words it owns; then the nearest cued mention before the clause's first
 * trigger ("In Moscow, Putin said"); then, for a
 * clause that opens with "where", the last place named in the previous
 * clause. Demonyms are never locations. Events without a location are
 * dropped; statements are kept only when the text places the speaker (same
 * cue rules: "said in Beijing").
 *
 * Actors. Persons come from doc->persons; a shorter later mention ("Kim",
 * "Putin") is linked to an earlier fuller mention whose first or last word it
 * equals (the one mentioned most so far, the latest on a tie: a bare surname
 * means the story's main figure), and the actor is output under that full
 * name, white space collapsed. Titles
 * are not part of the name: the capitalised words and title words just before
 * the full mention become `role` ("Russian Defense Minister Sergei Shoigu":
 * name "Sergei Shoigu", role "Russian Defense Minister"). A country named by a
 * demonym or a country name in the role is the actor's `country`.
 * Organisations are capitalised runs ending in an organisation word ("Korean
 * Central News Agency", "Defense Ministry", "the Kremlin"). Countries are
 * country mentions not governed by a preposition and not possessive ("South
 * Korea's military" is no actor). Actors are taken from the words before the
 * clause's first trigger; after a speech verb the reported clause's own
 * subject wins ("the agency said Kim would tour"); a possessor before a noun
 * trigger is the only actor ("Kim Jong Un's trip"); meetings add the persons
 * after the trigger ("meet President Vladimir Putin"). A clause without any
 * subject words takes "he"/"she" as the last person subject of the article,
 * or else the actors of the previous clause of the same sentence (", heading
 * for ...").
 *
 * Dates. The time expression (evm_timex_find) nearest the trigger in its
 * clause, else in a clause of its sentence that has no trigger of its own
 * (a date in another event's clause belongs to that event); the tense hint is FUTURE for expected
 * and possible events, PAST otherwise. Article date: opts->article_date when valid, else
 * evm_timex_latest_full_date() of the text, else none (relative expressions are then not resolved).
 *
 * Modality, from the words before the trigger in its clause: a denial or a
 * negation word (denied, refused, not, never, didn't) -> denied; otherwise
 * the cue nearest the trigger: may/might/could/likely -> possible;
 * will/would/expected/plans/"is to"/"set to" -> expected; none (or a hedge
 * such as "reportedly") -> reported.
 *
 * Itineraries. Per actor (person, organisation or country, by name): its
 * travel/arrival/visit/meeting events that are not denied, ordered by date
 * (an undated event takes the date of the nearest earlier dated event of the
 * actor in text order, else of the nearest later one), then text order. The
 * stops are their locations; consecutive repeats are merged, and a country or
 * first-level division next to a stop inside it is dropped in favour of the
 * finer stop ("crossed into Russia ... heading for Vladivostok" -> one stop,
 * Vladivostok). Origin rule: when the actor is a country, or a person whose
 * role names a country and a head-of-state/government title (leader,
 * president, prime minister, premier, king, chancellor, ...), and the first
 * stop lies outside that country, the country's capital is prepended as an
 * `inferred` stop. Otherwise no origin is assumed. An itinerary needs >= 2
 * stops. The line is evm_geodesic_line() through the stops (cut at +-180);
 * leg lengths are line.leg_m. Border crossings come from
 * evm_route_land_crossings() with, as candidates, the stops' countries
 * first and then every country with a polygon whose bounding box meets a
 * route part's box grown by 1 degree (the neighbours). They are reduced to
 * the points where the route enters another country: leaving a country for
 * the sea and coming back to it (a route along a coast) is no crossing, and
 * country A, sea, country B is one crossing A -> B at the entry into B.
 */
#ifndef EVM_EXTRACT_EVENTS_H
#define EVM_EXTRACT_EVENTS_H

#include "evmap.h"
#include "gazetteer/gazetteer.h"
#include "geometry/geometry.h"
#include "geoparse/geoparse.h"
#include "lexicon/lexicon.h"
#include "text/text.h"
#include "timex/timex.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum evm_event_modality {
    EVM_EVENT_REPORTED = 0, /* stated as having happened (also hedged reports) */
    EVM_EVENT_EXPECTED,     /* will, is expected to, plans to, is to */
    EVM_EVENT_POSSIBLE,     /* may, might, could */
    EVM_EVENT_DENIED        /* denied, refused, not, never */
} evm_event_modality;

/* "reported", "expected", "possible", "denied" (static; "reported" for an
 * out-of-range value). */
const char *evm_event_modality_name(evm_event_modality m);

typedef enum evm_actor_kind {
    EVM_ACTOR_PERSON = 0,
    EVM_ACTOR_ORGANISATION,
    EVM_ACTOR_COUNTRY
} evm_actor_kind;

/* "person", "organisation", "country" (static). */
const char *evm_actor_kind_name(evm_actor_kind k);

typedef struct evm_actor {
    char *name; /* canonical name ("Kim Jong Un"), NUL-terminated; owned by the list */
    char *role; /* "North Korean leader", or NULL; owned by the list */
    evm_actor_kind kind;
    uint32_t country_entry; /* the actor's country (country actors: themselves), or EVM_NO_ENTRY */
    bool head_of_state;     /* role is a head-of-state/government title, or a country actor */
    evm_span mention;       /* where this event names the actor (may be a surname or pronoun) */
} evm_actor;

typedef struct evm_event {
    evm_span clause;       /* bytes of the clause */
    evm_span sentence;     /* bytes of the sentence */
    size_t sentence_index; /* index into doc->sentences (first = last: one sentence) */
    evm_span trigger;      /* the trigger word as written */
    const char *lemma;     /* "arrive" (static) */
    evm_event_type type;   /* lexicon taxonomy; evm_event_type_name() */
    const char *cameo;     /* CAMEO code ("042") or NULL (static) */
    evm_actor *actors;     /* owned by the list */
    size_t actor_count;
    uint32_t location;       /* gazetteer entry (never EVM_NO_ENTRY in a list) */
    size_t location_mention; /* index into doc->mentions */
    evm_span location_span;  /* the mention's bytes */
    bool has_date;           /* false: date fields are zero */
    evm_date date;           /* normalised; parts beyond the precision are 0 */
    evm_date_precision date_precision;
    char date_iso[12]; /* "2023-09-12", "2023-07", "2023", "2023-W36", "" when none */
    evm_span date_span;
    evm_event_modality modality;
} evm_event;

/* Zero-initialise; free with evm_event_list_free(). */
typedef struct evm_event_list {
    evm_event *items; /* text order of the triggers */
    size_t count, cap;
} evm_event_list;

typedef struct evm_events_opts {
    evm_date article_date; /* all 0: unknown */
} evm_events_opts;

/*
 * Extracts the located events of a geoparsed article.
 *   gz   [in]  the gazetteer the doc was resolved with
 *   doc  [in]  result of evm_geoparse() (its text must still be alive)
 *   opts [in]  optional (NULL: article date unknown)
 *   out  [out] replaced (previous items freed); zero-initialise before first use
 *   diag [out] optional
 * Errors: EVM_ERR_ARG (NULL gz/doc/out, an article date that is neither all
 * zero nor a valid date), EVM_ERR_NOMEM, EVM_ERR_FORMAT (corrupt entry).
 */
evm_error evm_events_extract(const evm_gazetteer *gz, const evm_doc *doc,
                             const evm_events_opts *opts, evm_event_list *out, evm_diag *diag);

/* Frees the events, their actors and strings, and zeroes the list (NULL ok). */
void evm_event_list_free(evm_event_list *list);

/* One stop of an itinerary. */
typedef struct evm_itinerary_stop {
    uint32_t entry;  /* gazetteer entry */
    double lat, lon; /* degrees */
    bool inferred;   /* the origin rule added it (no event) */
    size_t event;    /* index into the event list, SIZE_MAX when inferred */
} evm_itinerary_stop;

typedef struct evm_itinerary {
    char *actor; /* canonical actor name; owned */
    evm_actor_kind actor_kind;
    evm_itinerary_stop *stops; /* >= 2, in travel order; owned */
    size_t stop_count;
    evm_polyline line; /* densified geodesic, lon/lat, cut at +-180; leg_m[i] is stop i -> i+1 */
    evm_border_crossing *crossings; /* route order; owned; NULL when none */
    size_t crossing_count;
} evm_itinerary;

typedef struct evm_itinerary_list {
    evm_itinerary *items; /* in order of each actor's first event */
    size_t count, cap;
} evm_itinerary_list;

/* The gazetteer's country outlines with their polygon boxes (the crossing
 * candidates), loaded on the first itinerary; opaque. */
typedef struct evm_country_boxes evm_country_boxes;

/* Frees what evm_itineraries_build() kept in *boxes_cache (NULL ok). */
void evm_country_boxes_free(evm_country_boxes *boxes);

typedef struct evm_itinerary_opts {
    double max_segment_km;   /* densification (0: EVM_DEFAULT_MAX_SEGMENT_KM) */
    bool no_inferred_origin; /* true: never prepend the capital */
    /* Optional: where to keep the country boxes between calls of one thread
     * (start with NULL; free with evm_country_boxes_free()). NULL: they are
     * loaded and freed by each call that needs them. */
    evm_country_boxes **boxes_cache;
} evm_itinerary_opts;

/*
 * Builds the itineraries of the actors of `events` (rules above).
 *   gz     [in]  the gazetteer the events refer to
 *   geo    [in]  a geometry context of this thread
 *   events [in]  from evm_events_extract()
 *   opts   [in]  optional (NULL: defaults)
 *   out    [out] replaced; free with evm_itinerary_list_free()
 * Errors: EVM_ERR_ARG, EVM_ERR_NOMEM, EVM_ERR_FORMAT, EVM_ERR_GEOMETRY (message
 * from the context copied to diag).
 */
evm_error evm_itineraries_build(const evm_gazetteer *gz, evm_geo_ctx *geo,
                                const evm_event_list *events, const evm_itinerary_opts *opts,
                                evm_itinerary_list *out, evm_diag *diag);

/* Frees every itinerary and zeroes the list (NULL ok). */
void evm_itinerary_list_free(evm_itinerary_list *list);

/* Builds the per-process tables of event extraction (word-list masks, the
 * trigger and lexicon pre-filters, the time expressions' month and weekday prefixes)
 * now, as evm_events_extract() otherwise does on first
 * use: `evmap batch` calls it before starting its workers. */
void evm_events_prepare(void);

/* The trigger pre-filter (for tests): false only for a word (ASCII case
 * ignored) that evm_lex_trigger() certainly does not find. */
bool evm_events_maybe_trigger(const char *word, size_t len);

#endif /* EVM_EXTRACT_EVENTS_H */
