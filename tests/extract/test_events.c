/*
 * test_events.c - events (trigger, actors, location, date, modality) and
 * itineraries on texts written for this test, against the real gazetteer
 * index ($EVMAP_GAZETTEER). Places are identified through the gazetteer by
 * name and country code, never by entry number.
 */
#include "check.h"

#include "core/alloc.h"
#include "extract/events.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const TEXT_TRIP =
    "MINSK, Belarus (AP) \xE2\x80\x94 Belarusian President Alexander Lukashenko traveled to "
    "Moscow on Tuesday for talks with Russian Prime Minister Mikhail Mishustin. Lukashenko may "
    "meet regional officials in the Russian city of Kazan on Sept. 14, 2023, his office said. "
    "Mishustin said in Moscow that the two governments would sign new trade deals. Russia will "
    "host the next round of talks in Kazan.\n";

static const char *const TEXT_ENVOY =
    "Norwegian Foreign Minister Anna Berg, who studied in Oslo, arrived in Tokyo on Monday. "
    "Berg and Japanese officials may meet in the western Japanese city of Osaka, where Berg is "
    "expected to tour a port. Berg denied visiting Beijing. Berg said she is to visit Seoul in "
    "July. The Norwegian Defense Ministry said its chief inspected a base in Bodo in July.\n";

/* The running-example kind of story: a leader's train crosses a border, no
 * departure place is named; a second person shares the leader's surname. */
static const char *const TEXT_TRAIN =
    "North Korean leader Kim Jong Un crossed into Russia by train on Tuesday, heading for the "
    "port city of Vladivostok. Kim is traveling with Foreign Minister Choe Son Hui. Navy "
    "commander Kim Song Nam was also seen at the station. Kim is expected to arrive in "
    "Vladivostok on Wednesday.\n";

static evm_gazetteer *gz;

static bool place_is(uint32_t entry, const char *name, const char *cc)
{
    evm_place p;
    if (entry == EVM_NO_ENTRY || evm_gazetteer_place(gz, entry, &p) != EVM_OK)
        return false;
    return strcmp(p.name, name) == 0 && strcmp(p.country_code, cc) == 0;
}

/* The event whose trigger is written `trigger`, the n-th such (0-based). */
static const evm_event *find_event(const char *text, const evm_event_list *ev, const char *trigger,
                                   int nth)
{
    for (size_t i = 0; i < ev->count; i++) {
        const evm_event *e = &ev->items[i];
        size_t len = e->trigger.end - e->trigger.start;
        if (len == strlen(trigger) && memcmp(text + e->trigger.start, trigger, len) == 0 &&
            nth-- == 0)
            return e;
    }
    return NULL;
}

static const evm_actor *find_actor(const evm_event *e, const char *name)
{
    for (size_t i = 0; e && i < e->actor_count; i++) {
        if (strcmp(e->actors[i].name, name) == 0)
            return &e->actors[i];
    }
    return NULL;
}

static const evm_itinerary *find_route(const evm_itinerary_list *l, const char *actor)
{
    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i].actor, actor) == 0)
            return &l->items[i];
    }
    return NULL;
}

static evm_error run(const char *text, evm_date date, bool give_date, evm_doc *doc,
                     evm_event_list *ev)
{
    evm_error err = evm_geoparse(gz, text, strlen(text), 0, doc, NULL);
    if (err)
        return err;
    evm_events_opts o = {date};
    return evm_events_extract(gz, doc, give_date ? &o : NULL, ev, NULL);
}

static void test_trip(evm_geo_ctx *geo)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_TRIP, (evm_date){2023, 9, 12}, true, &doc, &ev), EVM_OK);

    /* "traveled to Moscow on Tuesday" against Tuesday 2023-09-12: that day. */
    const evm_event *travel = find_event(TEXT_TRIP, &ev, "traveled", 0);
    CHECK(travel != NULL);
    if (travel) {
        CHECK(place_is(travel->location, "Moscow", "RU"));
        CHECK_EQ_INT(travel->type, EVM_EVENT_TRAVEL);
        CHECK_EQ_STR(travel->lemma, "travel");
        CHECK(travel->cameo == NULL);
        CHECK_EQ_STR(travel->date_iso, "2023-09-12");
        CHECK_EQ_INT(travel->date_precision, EVM_DATE_PREC_DAY);
        CHECK_EQ_INT(travel->modality, EVM_EVENT_REPORTED);
        /* The title is the role, not part of the name; the demonym gives the
         * actor's country. */
        const evm_actor *a = find_actor(travel, "Alexander Lukashenko");
        CHECK(a != NULL);
        if (a) {
            CHECK_EQ_INT(a->kind, EVM_ACTOR_PERSON);
            CHECK_EQ_STR(a->role, "Belarusian President");
            CHECK(a->head_of_state);
            CHECK(a->country_entry == evm_gazetteer_country(gz, "BY"));
        }
        CHECK(find_actor(travel, "Mikhail Mishustin") == NULL);
    }

    /* "Lukashenko may meet ... in the Russian city of Kazan on Sept. 14,
     * 2023": the surname is linked to the full name; possible; absolute date;
     * the demonym "Russian" is not the location. */
    const evm_event *meet = find_event(TEXT_TRIP, &ev, "meet", 0);
    CHECK(meet != NULL);
    if (meet) {
        CHECK(place_is(meet->location, "Kazan", "RU"));
        CHECK_EQ_INT(meet->type, EVM_EVENT_MEETING);
        CHECK_EQ_STR(meet->cameo, "040");
        CHECK_EQ_INT(meet->modality, EVM_EVENT_POSSIBLE);
        CHECK_EQ_STR(meet->date_iso, "2023-09-14");
        const evm_actor *a = find_actor(meet, "Alexander Lukashenko");
        CHECK(a != NULL);
        if (a) {
            size_t len = a->mention.end - a->mention.start;
            CHECK(len == strlen("Lukashenko") &&
                  memcmp(TEXT_TRIP + a->mention.start, "Lukashenko", len) == 0);
        }
        CHECK(meet->actor_count == 1);
    }

    /* A statement is kept only because the text places the speaker. */
    const evm_event *said = find_event(TEXT_TRIP, &ev, "said", 0);
    CHECK(said != NULL);
    if (said) {
        CHECK_EQ_INT(said->type, EVM_EVENT_STATEMENT);
        CHECK(place_is(said->location, "Moscow", "RU"));
        const evm_actor *a = find_actor(said, "Mikhail Mishustin");
        CHECK(a != NULL && a->role && strcmp(a->role, "Russian Prime Minister") == 0);
    }
    /* "his office said" names no place: no event. */
    CHECK(find_event(TEXT_TRIP, &ev, "said", 1) == NULL);

    /* A country in subject position is an actor. */
    const evm_event *talks = find_event(TEXT_TRIP, &ev, "talks", 0);
    CHECK(talks != NULL);
    if (talks) {
        CHECK(place_is(talks->location, "Kazan", "RU"));
        CHECK_EQ_INT(talks->modality, EVM_EVENT_EXPECTED);
        const evm_actor *a = find_actor(talks, "Russia");
        CHECK(a != NULL && a->kind == EVM_ACTOR_COUNTRY);
    }
    /* Every event is located. */
    for (size_t i = 0; i < ev.count; i++)
        CHECK(ev.items[i].location != EVM_NO_ENTRY);

    /* Itineraries: Lukashenko's trip starts at an inferred Minsk (his
     * country's capital; the text does not say where he left from), then
     * Moscow, then Kazan, crossing from Belarus into Russia. */
    evm_itinerary_list it = {0};
    evm_diag dg = {{0}};
    CHECK_EQ_INT(evm_itineraries_build(gz, geo, &ev, NULL, &it, &dg), EVM_OK);
    const evm_itinerary *r = find_route(&it, "Alexander Lukashenko");
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(r->actor_kind, EVM_ACTOR_PERSON);
        CHECK_EQ_INT(r->stop_count, 3);
        if (r->stop_count == 3) {
            evm_place by;
            CHECK_EQ_INT(evm_gazetteer_place(gz, evm_gazetteer_country(gz, "BY"), &by), EVM_OK);
            CHECK(r->stops[0].inferred);
            CHECK(r->stops[0].entry == by.capital_entry);
            CHECK(r->stops[0].event == SIZE_MAX);
            CHECK(place_is(r->stops[0].entry, "Minsk", "BY"));
            CHECK(!r->stops[1].inferred && place_is(r->stops[1].entry, "Moscow", "RU"));
            CHECK(place_is(r->stops[2].entry, "Kazan", "RU"));
            CHECK(r->stops[1].event < ev.count &&
                  ev.items[r->stops[1].event].type == EVM_EVENT_TRAVEL);
        }
        CHECK_EQ_INT(r->line.leg_count, 2);
        CHECK_EQ_INT(r->line.part_count, 1);
        if (r->line.leg_count == 2) {
            /* Minsk-Moscow is about 675 km, Moscow-Kazan about 720 km. */
            CHECK(r->line.leg_m[0] > 600e3 && r->line.leg_m[0] < 750e3);
            CHECK(r->line.leg_m[1] > 650e3 && r->line.leg_m[1] < 800e3);
            CHECK_NEAR(r->line.total_m, r->line.leg_m[0] + r->line.leg_m[1], 1e-3);
        }
        CHECK(r->line.point_count > 20); /* densified to <= 50 km */
        CHECK_EQ_INT(r->crossing_count, 1);
        if (r->crossing_count == 1) {
            const evm_border_crossing *x = &r->crossings[0];
            CHECK(x->from_entry == evm_gazetteer_country(gz, "BY"));
            CHECK(x->to_entry == evm_gazetteer_country(gz, "RU"));
            CHECK(x->lat > 53.5 && x->lat < 56.0 && x->lon > 30.0 && x->lon < 33.0);
            CHECK(x->along_m > 100e3 && x->along_m < r->line.leg_m[0]);
        }
    }
    /* Mishustin only speaks, Russia only hosts at one place: no route. */
    CHECK(find_route(&it, "Mikhail Mishustin") == NULL);
    CHECK(find_route(&it, "Russia") == NULL);

    /* Without the origin rule the trip starts in Moscow. */
    evm_itinerary_opts no_origin = {0, true, NULL};
    CHECK_EQ_INT(evm_itineraries_build(gz, geo, &ev, &no_origin, &it, NULL), EVM_OK);
    r = find_route(&it, "Alexander Lukashenko");
    CHECK(r && r->stop_count == 2 && place_is(r->stops[0].entry, "Moscow", "RU") &&
          r->crossing_count == 0);

    evm_itinerary_list_free(&it);
    evm_event_list_free(&ev);

    /* No article date given: the latest full date in the text (Thursday
     * 2023-09-14) is used, so "on Tuesday" is 2023-09-12 again. */
    CHECK_EQ_INT(run(TEXT_TRIP, (evm_date){0, 0, 0}, false, &doc, &ev), EVM_OK);
    travel = find_event(TEXT_TRIP, &ev, "traveled", 0);
    CHECK(travel && strcmp(travel->date_iso, "2023-09-12") == 0);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

static void test_envoy(evm_geo_ctx *geo)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_ENVOY, (evm_date){2023, 9, 12}, true, &doc, &ev), EVM_OK);

    /* Two places in the sentence: the arrival is in Tokyo, not Oslo; the
     * subject comes from the first clause. */
    const evm_event *arr = find_event(TEXT_ENVOY, &ev, "arrived", 0);
    CHECK(arr != NULL);
    if (arr) {
        CHECK(place_is(arr->location, "Tokyo", "JP"));
        CHECK_EQ_INT(arr->type, EVM_EVENT_ARRIVAL);
        CHECK_EQ_STR(arr->date_iso, "2023-09-11");
        const evm_actor *a = find_actor(arr, "Anna Berg");
        CHECK(a != NULL && a->role && strcmp(a->role, "Norwegian Foreign Minister") == 0 &&
              !a->head_of_state);
    }
    CHECK(find_event(TEXT_ENVOY, &ev, "studied", 0) == NULL);

    /* "may meet in the western Japanese city of Osaka, where Berg is
     * expected to tour a port": both at Osaka. */
    const evm_event *meet = find_event(TEXT_ENVOY, &ev, "meet", 0);
    CHECK(meet && meet->modality == EVM_EVENT_POSSIBLE);
    if (meet) {
        evm_place p;
        CHECK(evm_gazetteer_place(gz, meet->location, &p) == EVM_OK &&
              strcmp(p.name, "Osaka") == 0);
        CHECK(find_actor(meet, "Anna Berg") != NULL);
    }
    const evm_event *tour = find_event(TEXT_ENVOY, &ev, "tour", 0);
    CHECK(tour != NULL);
    if (tour && meet) {
        CHECK(tour->location == meet->location);
        CHECK_EQ_INT(tour->modality, EVM_EVENT_EXPECTED);
        CHECK_EQ_INT(tour->type, EVM_EVENT_VISIT);
        CHECK(find_actor(tour, "Anna Berg") != NULL);
    }

    /* "denied visiting Beijing" */
    const evm_event *den = find_event(TEXT_ENVOY, &ev, "visiting", 0);
    CHECK(den && den->modality == EVM_EVENT_DENIED && place_is(den->location, "Beijing", "CN"));

    /* "she is to visit Seoul in July": expected, so July is the next one. */
    const evm_event *seoul = find_event(TEXT_ENVOY, &ev, "visit", 0);
    CHECK(seoul != NULL);
    if (seoul) {
        CHECK(place_is(seoul->location, "Seoul", "KR"));
        CHECK_EQ_INT(seoul->modality, EVM_EVENT_EXPECTED);
        CHECK_EQ_STR(seoul->date_iso, "2024-07");
        CHECK_EQ_INT(seoul->date_precision, EVM_DATE_PREC_MONTH);
        CHECK(find_actor(seoul, "Anna Berg") != NULL);
    }
    /* "inspected a base in Bodo in July" (past): this year's July; the
     * organisation is the actor. */
    const evm_event *insp = find_event(TEXT_ENVOY, &ev, "inspected", 0);
    CHECK(insp != NULL);
    if (insp) {
        CHECK_EQ_STR(insp->date_iso, "2023-07");
        const evm_actor *a = find_actor(insp, "Norwegian Defense Ministry");
        CHECK(a != NULL && a->kind == EVM_ACTOR_ORGANISATION);
    }

    /* Route: Tokyo -> Osaka -> Seoul; the denied Beijing visit is not a
     * stop, and a foreign minister gets no inferred origin. */
    evm_itinerary_list it = {0};
    CHECK_EQ_INT(evm_itineraries_build(gz, geo, &ev, NULL, &it, NULL), EVM_OK);
    const evm_itinerary *r = find_route(&it, "Anna Berg");
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(r->stop_count, 3);
        if (r->stop_count == 3) {
            CHECK(!r->stops[0].inferred && place_is(r->stops[0].entry, "Tokyo", "JP"));
            CHECK(place_is(r->stops[2].entry, "Seoul", "KR"));
        }
        for (size_t i = 0; i < r->stop_count; i++)
            CHECK(!place_is(r->stops[i].entry, "Beijing", "CN"));
        CHECK(r->crossing_count >= 1);
        if (r->crossing_count >= 1)
            CHECK(r->crossings[r->crossing_count - 1].to_entry == evm_gazetteer_country(gz, "KR"));
    }
    evm_itinerary_list_free(&it);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

/* The trigger test's paths: plain words (tested in line), words with an
 * apostrophe or a byte >= 0x80 (folded first), weak forms and "left", and
 * words of one to three letters (the short-word table: "met", "Fly", "fly"). */
static const char *const TEXT_PATHS =
    "Berg\xe2\x80\x99s aide visited Oslo on Monday. The aide\xe2\x80\x99s fire spread in "
    "Bergen. Berg left Oslo for Tokyo. The aide left in Bergen. Bj\xc3\xb8rn arrived in Oslo. "
    "Berg met the aide in Bergen. Fly to Tokyo, the aide said. The aide will fly to Oslo.\n";

static void test_trigger_paths(void)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_PATHS, (evm_date){2024, 1, 2}, true, &doc, &ev), EVM_OK);
    const evm_event *v = find_event(TEXT_PATHS, &ev, "visited", 0);
    CHECK(v && place_is(v->location, "Oslo", "NO"));
    CHECK(find_event(TEXT_PATHS, &ev, "fire", 0) == NULL);
    CHECK(find_event(TEXT_PATHS, &ev, "left", 0) != NULL);
    CHECK(find_event(TEXT_PATHS, &ev, "left", 1) == NULL);
    const evm_event *a = find_event(TEXT_PATHS, &ev, "arrived", 0);
    CHECK(a && place_is(a->location, "Oslo", "NO"));
    const evm_event *met = find_event(TEXT_PATHS, &ev, "met", 0);
    CHECK(met && place_is(met->location, "Bergen", "NO") && met->type == EVM_EVENT_MEETING);
    const evm_event *fly0 = find_event(TEXT_PATHS, &ev, "Fly", 0);
    CHECK(fly0 && place_is(fly0->location, "Tokyo", "JP"));
    const evm_event *fly1 = find_event(TEXT_PATHS, &ev, "fly", 0);
    CHECK(fly1 && place_is(fly1->location, "Oslo", "NO") && fly1->modality == EVM_EVENT_EXPECTED);
    for (size_t i = 0; i < ev.count; i++) {
        const evm_event *e = &ev.items[i];
        /* no possessive is a trigger */
        CHECK(memchr(TEXT_PATHS + e->trigger.start, 0xE2, e->trigger.end - e->trigger.start) ==
              NULL);
    }
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

static void test_train(evm_geo_ctx *geo)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_TRAIN, (evm_date){2023, 9, 12}, true, &doc, &ev), EVM_OK);
    const evm_event *cross = find_event(TEXT_TRAIN, &ev, "crossed", 0);
    CHECK(cross && place_is(cross->location, "Russia", "RU") &&
          strcmp(cross->date_iso, "2023-09-12") == 0);
    /* The participle clause inherits the subject. */
    const evm_event *head = find_event(TEXT_TRAIN, &ev, "heading", 0);
    CHECK(head && place_is(head->location, "Vladivostok", "RU") &&
          find_actor(head, "Kim Jong Un") != NULL);
    /* The bare "Kim" after the second Kim is still the leader: he has more
     * mentions. "is expected to arrive ... on Wednesday": future. */
    const evm_event *arr = find_event(TEXT_TRAIN, &ev, "arrive", 0);
    CHECK(arr != NULL);
    if (arr) {
        CHECK(find_actor(arr, "Kim Jong Un") != NULL);
        CHECK(find_actor(arr, "Kim Song Nam") == NULL);
        CHECK_EQ_INT(arr->modality, EVM_EVENT_EXPECTED);
        CHECK_EQ_STR(arr->date_iso, "2023-09-13");
    }

    /* Pyongyang (inferred) -> Vladivostok: "Russia" is dropped next to a
     * stop inside it; one crossing, North Korea into Russia, near their
     * short border on the Tumen river (about 42.3 N, 130.6 E). */
    evm_itinerary_list it = {0};
    CHECK_EQ_INT(evm_itineraries_build(gz, geo, &ev, NULL, &it, NULL), EVM_OK);
    const evm_itinerary *r = find_route(&it, "Kim Jong Un");
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(r->stop_count, 2);
        CHECK(r->stop_count >= 2 && r->stops[0].inferred &&
              place_is(r->stops[0].entry, "Pyongyang", "KP") &&
              place_is(r->stops[r->stop_count - 1].entry, "Vladivostok", "RU"));
        CHECK_EQ_INT(r->crossing_count, 1);
        if (r->crossing_count == 1) {
            CHECK(r->crossings[0].from_entry == evm_gazetteer_country(gz, "KP"));
            CHECK(r->crossings[0].to_entry == evm_gazetteer_country(gz, "RU"));
            CHECK_NEAR(r->crossings[0].lat, 42.3, 0.3);
            CHECK_NEAR(r->crossings[0].lon, 130.6, 0.3);
        }
        /* Pyongyang-Vladivostok is 684.5 km on the ellipsoid. */
        CHECK_NEAR(r->line.total_m, 684474.6, 5000.0);
    }
    /* The foreign minister has no located event: no route. */
    CHECK(find_route(&it, "Choe Son Hui") == NULL);
    evm_itinerary_list_free(&it);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

static void test_errors_and_alloc(evm_geo_ctx *geo)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    evm_diag dg = {{0}};
    CHECK_EQ_INT(evm_geoparse(gz, TEXT_TRIP, strlen(TEXT_TRIP), 0, &doc, NULL), EVM_OK);
    evm_events_opts bad = {{2023, 2, 30}};
    CHECK_EQ_INT(evm_events_extract(gz, &doc, &bad, &ev, &dg), EVM_ERR_ARG);
    CHECK(strstr(dg.message, "2023-02-30") != NULL);
    CHECK_EQ_INT(evm_events_extract(NULL, &doc, NULL, &ev, NULL), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_itineraries_build(gz, NULL, &ev, NULL, NULL, NULL), EVM_ERR_ARG);

    /* Every allocation failure is reported as such and leaks nothing (the
     * sanitizer build checks the leaks). */
    evm_events_opts o = {{2023, 9, 12}};
    bool done = false;
    for (long n = 0; n < 5000 && !done; n++) {
        evm_alloc_fail_after(n);
        evm_error err = evm_events_extract(gz, &doc, &o, &ev, NULL);
        evm_itinerary_list it = {0};
        if (err == EVM_OK)
            err = evm_itineraries_build(gz, geo, &ev, NULL, &it, NULL);
        evm_alloc_fail_after(-1);
        CHECK(err == EVM_OK || err == EVM_ERR_NOMEM);
        done = err == EVM_OK;
        if (done)
            CHECK(it.count == 1);
        evm_itinerary_list_free(&it);
        evm_event_list_free(&ev);
    }
    CHECK(done);
    evm_doc_free(&doc);
}

/* The trigger pre-filter lets every trigger key through (as written and in
 * capitals, and with a final '.'), and stops most other lexicon words. */
static void test_trigger_filter(void)
{
    size_t list = EVM_LEX_LIST_COUNT;
    for (size_t i = 0; i < EVM_LEX_LIST_COUNT; i++)
        if (evm_lex_list_name(i) && strcmp(evm_lex_list_name(i), "TRIGGER") == 0)
            list = i;
    CHECK(list < EVM_LEX_LIST_COUNT);
    size_t keys = 0;
    for (size_t j = 0; list < EVM_LEX_LIST_COUNT && evm_lex_list_word(list, j); j++) {
        const char *w = evm_lex_list_word(list, j);
        size_t n = strlen(w);
        char up[64], dot[64];
        if (n + 2 > sizeof up)
            continue;
        for (size_t k = 0; k < n; k++)
            up[k] = (w[k] >= 'a' && w[k] <= 'z') ? (char)(w[k] - 32) : w[k];
        memcpy(dot, w, n);
        dot[n] = '.';
        CHECK_MSG(evm_events_maybe_trigger(w, n), "%s", w);
        CHECK_MSG(evm_events_maybe_trigger(up, n), "%.*s", (int)n, up);
        CHECK_MSG(evm_events_maybe_trigger(dot, n + 1), "%s.", w);
        CHECK(evm_lex_trigger(w, n) != NULL);
        keys++;
    }
    CHECK(keys > 50);
    /* Other words of the lexicon: most are stopped. */
    size_t others = 0, passed = 0;
    for (size_t j = 0; evm_lex_list_word(EVM_LEX_LIST_COUNT, j); j++) {
        const char *w = evm_lex_list_word(EVM_LEX_LIST_COUNT, j);
        size_t n = strlen(w);
        if (evm_lex_trigger(w, n) || (n > 1 && w[n - 1] == '.'))
            continue;
        others++;
        passed += evm_events_maybe_trigger(w, n);
    }
    CHECK_MSG(others > 100 && passed * 4 < others, "%zu of %zu non-triggers pass", passed, others);
}

/* Sentences with no place, no person and no he/she are skipped whole
 * (has_usable_mention(), names_person()): "she" still finds the person two
 * sentences back, and a trigger in a skipped sentence gives no event. */
static const char *const TEXT_SKIP =
    "Norwegian Foreign Minister Anna Berg arrived in Tokyo on Monday. The talks lasted three "
    "hours and the delegation traveled without a statement. She then traveled to Osaka on "
    "Tuesday. More meetings are expected.\n";

static void test_skipped_sentences(void)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_SKIP, (evm_date){2024, 1, 2}, true, &doc, &ev), EVM_OK);
    const evm_event *a = find_event(TEXT_SKIP, &ev, "arrived", 0);
    CHECK(a && place_is(a->location, "Tokyo", "JP") && find_actor(a, "Anna Berg"));
    const evm_event *t = find_event(TEXT_SKIP, &ev, "traveled", 0);
    CHECK(t && place_is(t->location, "Osaka", "JP") && find_actor(t, "Anna Berg"));
    CHECK(t && t->trigger.start > (size_t)(strstr(TEXT_SKIP, "She") - TEXT_SKIP));
    CHECK(find_event(TEXT_SKIP, &ev, "traveled", 1) == NULL);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

/* Sentences without a usable mention are processed only when a later
 * "he"/"she" reads the last subject person (resolve_pending()): in order,
 * and not at all when a sentence with a place names a subject person
 * first. */
static const char *const TEXT_DEFER =
    "Foreign Minister Anna Berg spoke to reporters. Trade Minister Lars Holm arrived in Tokyo "
    "on Monday. He then traveled to Osaka on Tuesday. Defense Minister Eva Lund spoke on "
    "Wednesday. Finance Minister Per Dahl spoke later. He traveled to Kyoto on Thursday. "
    "Prime Minister Ole Vik gave a speech. She said nothing. He flew to Nagoya.\n";

static void test_deferred_sentences(void)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_DEFER, (evm_date){2024, 1, 2}, true, &doc, &ev), EVM_OK);
    const evm_event *t = find_event(TEXT_DEFER, &ev, "traveled", 0);
    CHECK(t && place_is(t->location, "Osaka", "JP") && find_actor(t, "Lars Holm") &&
          t->actor_count == 1);
    t = find_event(TEXT_DEFER, &ev, "traveled", 1);
    CHECK(t && place_is(t->location, "Kyoto", "JP") && find_actor(t, "Per Dahl") &&
          t->actor_count == 1);
    t = find_event(TEXT_DEFER, &ev, "flew", 0);
    CHECK(t && find_actor(t, "Ole Vik") && t->actor_count == 1);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

/* A sentence whose trigger ("said") is too far from its only place to
 * give an event is deferred too (event_possible()), and still names the
 * subject person a later "he" refers to. */
static const char *const TEXT_FAR =
    "Prime Minister Anna Berg arrived in Kyoto on Sunday.\nTrade Minister Lars Holm said on "
    "Monday that the long and very difficult work of the past two years had been of use to many "
    "people in the city of Tokyo. He then traveled to Osaka on Tuesday.\n";

static void test_far_trigger(void)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_FAR, (evm_date){2024, 1, 2}, true, &doc, &ev), EVM_OK);
    CHECK(find_event(TEXT_FAR, &ev, "said", 0) == NULL);
    const evm_event *t = find_event(TEXT_FAR, &ev, "traveled", 0);
    CHECK(t && place_is(t->location, "Osaka", "JP") && find_actor(t, "Lars Holm") &&
          t->actor_count == 1);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

/* A trigger near a place that no cue governs ("said that officials of
 * Tokyo"): deferred as well (cue_walk() loose). */
static const char *const TEXT_UNCUED =
    "Prime Minister Anna Berg arrived in Kyoto on Sunday.\nTrade Minister Lars Holm said that "
    "officials of Tokyo were happy. He then traveled to Osaka on Tuesday.\n";

static void test_uncued_place(void)
{
    evm_doc doc = {0};
    evm_event_list ev = {0};
    CHECK_EQ_INT(run(TEXT_UNCUED, (evm_date){2024, 1, 2}, true, &doc, &ev), EVM_OK);
    CHECK(find_event(TEXT_UNCUED, &ev, "said", 0) == NULL);
    const evm_event *t = find_event(TEXT_UNCUED, &ev, "traveled", 0);
    CHECK(t && place_is(t->location, "Osaka", "JP") && find_actor(t, "Lars Holm") &&
          t->actor_count == 1);
    evm_event_list_free(&ev);
    evm_doc_free(&doc);
}

int main(void)
{
    evm_diag dg = {{0}};
    if (evm_gazetteer_open(getenv("EVMAP_GAZETTEER"), &gz, &dg) != EVM_OK) {
        fprintf(stderr, "cannot open the gazetteer: %s\n", dg.message);
        return 1;
    }
    evm_geo_ctx *geo = NULL;
    if (evm_geo_ctx_create(&geo, &dg) != EVM_OK) {
        fprintf(stderr, "%s\n", dg.message);
        return 1;
    }
    test_trigger_filter();
    test_trigger_paths();
    test_trip(geo);
    test_envoy(geo);
    test_train(geo);
    test_skipped_sentences();
    test_deferred_sentences();
    test_far_trigger();
    test_uncued_place();
    test_errors_and_alloc(geo);
    evm_geo_ctx_destroy(geo);
    evm_gazetteer_close(gz);
    return check_finish();
}
