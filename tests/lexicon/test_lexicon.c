/*
 * test_lexicon.c - membership, non-membership, case folding, abbreviations,
 * category data and the sortedness every bsearch depends on.
 */
#include "check.h"
#include "lexicon/lexicon.h"

#include <string.h>

static uint32_t lk(const char *w)
{
    return evm_lex_lookup(w, strlen(w));
}

static int has(const char *w, uint32_t cat)
{
    return (lk(w) & cat) != 0;
}

static void test_sorted(void)
{
    for (size_t i = 0; i <= EVM_LEX_LIST_COUNT; i++) {
        size_t n = evm_lex_list_size(i);
        CHECK_MSG(n > 0, "list %s empty", evm_lex_list_name(i));
        for (size_t j = 1; j < n; j++) {
            const char *a = evm_lex_list_word(i, j - 1), *b = evm_lex_list_word(i, j);
            CHECK_MSG(strcmp(a, b) < 0, "list %s: \"%s\" !< \"%s\"", evm_lex_list_name(i), a, b);
        }
        /* Every word of every list is found with its category bit. */
        for (size_t j = 0; i < EVM_LEX_LIST_COUNT && j < n; j++) {
            const char *w = evm_lex_list_word(i, j);
            CHECK_MSG(lk(w) & (1u << i), "%s not found in %s", w, evm_lex_list_name(i));
            CHECK_MSG(strlen(w) <= EVM_LEX_MAX_WORD, "%s too long", w);
        }
    }
    /* Every bit of the merged table is backed by a list. */
    for (size_t j = 0; j < evm_lex_list_size(EVM_LEX_LIST_COUNT); j++) {
        uint32_t m = evm_lex_merged_mask(j) & ~(uint32_t)EVM_LEX_ABBREV;
        CHECK(m != 0);
    }
    CHECK(evm_lex_list_name(EVM_LEX_LIST_COUNT + 1) == NULL);
    CHECK(evm_lex_list_word(0, evm_lex_list_size(0)) == NULL);
    CHECK_EQ_STR(evm_lex_list_name(0), "TITLE");
}

static void test_sizes(void)
{
    CHECK(evm_lex_list_size(1) >= 1500); /* given names */
    CHECK(evm_lex_list_size(0) >= 150);  /* titles */
    CHECK(evm_lex_list_size(7) >= 300);  /* common words */
}

static void test_titles(void)
{
    const char *yes[] = {"President", "minister", "PRIME",   "leader",     "spokesperson",
                         "Adm.",      "Gen.",     "Marshal", "ayatollah",  "Sheikh",
                         "Dr.",       "Mr",       "sen.",    "chairwoman", "envoy",
                         "Defense",   "defence",  "foreign", "CEO"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        CHECK_MSG(has(yes[i], EVM_LEX_TITLE), "%s", yes[i]);
    }
    CHECK(lk("Adm.") & EVM_LEX_ABBREV);
    CHECK(lk("Gen.") & EVM_LEX_ABBREV);
    CHECK(lk("mr") & EVM_LEX_ABBREV);
    CHECK(!(lk("General") & EVM_LEX_ABBREV));
    /* "Sen" (Hun Sen) and "rep" are not titles without their dot. */
    CHECK(!has("Sen", EVM_LEX_TITLE));
    CHECK(!has("rep", EVM_LEX_TITLE));
    /* A sentence-final dot does not hide the word. */
    CHECK(has("minister.", EVM_LEX_TITLE));
    CHECK(!has("Seoul", EVM_LEX_TITLE));
    CHECK(!has("Vladivostok", EVM_LEX_TITLE));
}

static void test_names(void)
{
    const char *given[] = {"Sergei",      "Vladimir", "Mohammed",  "Olena",
                           "Jean-Pierre", "Narendra", "Charlotte", "Austin",
                           "Victoria",    "Florence", "Kim",       "Jinping"};
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
        CHECK_MSG(has(given[i], EVM_LEX_GIVEN_NAME), "%s", given[i]);
    }
    CHECK(!has("Jordan", EVM_LEX_GIVEN_NAME)); /* a country first */
    CHECK(!has("Seoul", EVM_LEX_GIVEN_NAME));
    CHECK(!has("will", EVM_LEX_GIVEN_NAME));
    const char *sur[] = {"Watson", "Miller", "Wagner", "Shoigu", "Peskov", "Smith"};
    for (size_t i = 0; i < sizeof sur / sizeof sur[0]; i++) {
        CHECK_MSG(has(sur[i], EVM_LEX_SURNAME), "%s", sur[i]);
    }
    const char *ko[] = {"Kim", "Lee", "Park", "Pak", "Choe", "Choi", "Jeong", "Ri", "Ryu", "Yoon"};
    for (size_t i = 0; i < sizeof ko / sizeof ko[0]; i++) {
        CHECK_MSG(has(ko[i], EVM_LEX_KOREAN_SURNAME), "%s", ko[i]);
    }
    const char *zh[] = {"Xi", "Li", "Wang", "Zhang", "Liu", "Zheng", "Guo", "He"};
    for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++) {
        CHECK_MSG(has(zh[i], EVM_LEX_CHINESE_SURNAME), "%s", zh[i]);
    }
    CHECK(!has("Moscow", EVM_LEX_KOREAN_SURNAME | EVM_LEX_CHINESE_SURNAME | EVM_LEX_SURNAME));
    CHECK(has("bin", EVM_LEX_NAME_PARTICLE));
    CHECK(has("al-", EVM_LEX_NAME_PARTICLE));
}

static int shape(const char *w)
{
    return evm_lex_name_shape(w, strlen(w));
}

static void test_name_shape(void)
{
    CHECK(shape("Vladimirovich") >= 90);
    CHECK(shape("Sergeyevna") >= 90);
    CHECK(shape("Ivanovna") >= 90);
    CHECK(shape("Shoigu") == 0);
    CHECK(shape("Lavrov") >= 50);
    CHECK(shape("Zakharova") >= 60);
    CHECK(shape("Dostoevsky") >= 70);
    CHECK(shape("Kowalski") >= 70);
    CHECK(shape("Mickiewicz") >= 80);
    CHECK(shape("Tymoshenko") >= 80);
    CHECK(shape("Saakashvili") >= 80);
    CHECK(shape("Rodriguez") >= 40);
    CHECK(shape("Johansson") >= 40);
    CHECK(shape("Nielsen") >= 40);
    CHECK(shape("Putin") >= 25);
    CHECK(shape("ibn") >= 70);
    CHECK(shape("Abdullah") >= 70);
    CHECK(shape("al-Assad") >= 40);
    /* Places with name shapes, and words that merely end alike. */
    CHECK_EQ_INT(shape("Moldova"), 0);
    CHECK_EQ_INT(shape("Rostov"), 0);
    CHECK_EQ_INT(shape("Argentina"), 0);
    CHECK_EQ_INT(shape("Kiev"), 0);
    CHECK_EQ_INT(shape("Suez"), 0);
    CHECK_EQ_INT(shape("Seoul"), 0);
    CHECK_EQ_INT(shape("Vladivostok"), 0);
    CHECK_EQ_INT(shape(""), 0);
}

static void test_stop_common(void)
{
    const char *stop[] = {"The", "this", "THEY", "however", "Although", "during", "of", "It"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++) {
        CHECK_MSG(has(stop[i], EVM_LEX_STOPWORD), "%s", stop[i]);
    }
    const char *common[] = {
        "Of",         "Is",      "Man",      "Bath",         "Nice",     "Mobile",   "Reading",
        "Victory",    "Green",   "Young",    "Union",        "Liberty",  "Hope",     "Enterprise",
        "Paradise",   "Truth",   "Republic", "Independence", "Progress", "Commerce", "Industry",
        "Energy",     "Speed",   "Deal",     "Sale",         "March",    "May",      "August",
        "Police",     "Army",    "Navy",     "Central",      "National", "Federal",  "Royal",
        "University", "Hospital"};
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        CHECK_MSG(has(common[i], EVM_LEX_COMMON_WORD), "%s", common[i]);
    }
    const char *places[] = {"Moscow", "Seoul", "Pyongyang", "Vladivostok", "Ukraine", "Tokyo"};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        CHECK_MSG(lk(places[i]) == 0, "%s", places[i]);
    }
}

static void test_dates(void)
{
    CHECK_EQ_INT(evm_lex_weekday("Tuesday", 7), 2);
    CHECK_EQ_INT(evm_lex_weekday("SUNDAY", 6), 7);
    CHECK_EQ_INT(evm_lex_weekday("Tues.", 5), 2);
    CHECK_EQ_INT(evm_lex_weekday("Tuesdays", 8), 0);
    CHECK_EQ_INT(evm_lex_month("Sept.", 5), 9);
    CHECK_EQ_INT(evm_lex_month("sept", 4), 9);
    CHECK_EQ_INT(evm_lex_month("Jan.", 4), 1);
    CHECK_EQ_INT(evm_lex_month("December", 8), 12);
    CHECK_EQ_INT(evm_lex_month("May", 3), 5);
    CHECK_EQ_INT(evm_lex_month("Mayday", 6), 0);
    CHECK(has("Sept.", EVM_LEX_MONTH) && has("Sept.", EVM_LEX_ABBREV));
    CHECK(has("Wednesday", EVM_LEX_WEEKDAY));
    const char *dw[] = {"today",     "Yesterday", "tomorrow", "week",    "weekend", "morning",
                        "afternoon", "evening",   "night",    "tonight", "last",    "next",
                        "earlier",   "later",     "ago",      "month",   "year"};
    for (size_t i = 0; i < sizeof dw / sizeof dw[0]; i++) {
        CHECK_MSG(has(dw[i], EVM_LEX_DATE_WORD), "%s", dw[i]);
    }
    CHECK(!has("Moscow", EVM_LEX_DATE_WORD));
}

static void test_org_loc(void)
{
    const char *org[] = {"Ministry", "Agency",   "Council",    "Committee", "Party",
                         "Army",     "Forces",   "University", "Institute", "Bank",
                         "Corp.",    "Inc",      "News",       "Times",     "Embassy",
                         "Airlines", "Railways", "FC",         "Stadium"};
    for (size_t i = 0; i < sizeof org / sizeof org[0]; i++) {
        CHECK_MSG(has(org[i], EVM_LEX_ORG_CUE), "%s", org[i]);
    }
    CHECK(!has("United", EVM_LEX_ORG_CUE)); /* United States, United Kingdom */
    CHECK(!has("City", EVM_LEX_ORG_CUE));   /* Mexico City */
    const char *loc[] = {"in",  "at",       "near",   "outside", "toward", "towards",
                         "via", "province", "oblast", "krai",    "border", "islands"};
    for (size_t i = 0; i < sizeof loc / sizeof loc[0]; i++) {
        CHECK_MSG(has(loc[i], EVM_LEX_LOCATIVE), "%s", loc[i]);
    }
    CHECK(!has("said", EVM_LEX_LOCATIVE));
    CHECK_EQ_INT(evm_lex_place_type("Province", 8), EVM_LEX_PLACE_ADMIN1);
    CHECK_EQ_INT(evm_lex_place_type("krai", 4), EVM_LEX_PLACE_ADMIN1);
    CHECK_EQ_INT(evm_lex_place_type("prefecture", 10), EVM_LEX_PLACE_ADMIN1);
    CHECK_EQ_INT(evm_lex_place_type("city", 4), EVM_LEX_PLACE_CITY);
    CHECK_EQ_INT(evm_lex_place_type("port", 4), EVM_LEX_PLACE_CITY);
    CHECK_EQ_INT(evm_lex_place_type("county", 6), EVM_LEX_PLACE_ADMIN2);
    CHECK_EQ_INT(evm_lex_place_type("voivodeship", 11), EVM_LEX_PLACE_ADMIN1);
    CHECK_EQ_INT(evm_lex_place_type("leader", 6), EVM_LEX_PLACE_NONE);
}

static void test_direction(void)
{
    double b = -5;
    CHECK_EQ_INT(evm_lex_direction("northeastern", 12, &b), 1);
    CHECK_NEAR(b, 45, 1e-9);
    CHECK_EQ_INT(evm_lex_direction("South-West", 10, &b), 1);
    CHECK_NEAR(b, 225, 1e-9);
    CHECK_EQ_INT(evm_lex_direction("eastern", 7, &b), 1);
    CHECK_NEAR(b, 90, 1e-9);
    CHECK_EQ_INT(evm_lex_direction("north-northwest", 15, &b), 1);
    CHECK_NEAR(b, 337.5, 1e-9);
    CHECK_EQ_INT(evm_lex_direction("westbound", 9, NULL), 1);
    b = -5;
    CHECK_EQ_INT(evm_lex_direction("central", 7, &b), 2);
    CHECK_NEAR(b, -5, 0);
    CHECK_EQ_INT(evm_lex_direction("northerner", 10, &b), 0);
    CHECK(has("Northern", EVM_LEX_DIRECTION));
}

static void test_triggers(void)
{
    struct {
        const char *form, *lemma;
        evm_event_type type;
        const char *cameo;
    } t[] = {
        {"arrived", "arrive", EVM_EVENT_ARRIVAL, "042"},
        {"Arriving", "arrive", EVM_EVENT_ARRIVAL, "042"},
        {"arrival", "arrive", EVM_EVENT_ARRIVAL, "042"},
        {"crossed", "cross", EVM_EVENT_TRAVEL, NULL},
        {"boarded", "board", EVM_EVENT_TRAVEL, NULL},
        {"flew", "fly", EVM_EVENT_TRAVEL, NULL},
        {"met", "meet", EVM_EVENT_MEETING, "040"},
        {"talks", "talks", EVM_EVENT_MEETING, "046"},
        {"summit", "summit", EVM_EVENT_MEETING, "040"},
        {"hosted", "host", EVM_EVENT_MEETING, "043"},
        {"visited", "visit", EVM_EVENT_VISIT, "042"},
        {"toured", "tour", EVM_EVENT_VISIT, "042"},
        {"said", "say", EVM_EVENT_STATEMENT, "010"},
        {"told", "tell", EVM_EVENT_STATEMENT, "010"},
        {"denied", "deny", EVM_EVENT_STATEMENT, "016"},
        {"shelling", "shell", EVM_EVENT_MILITARY, "194"},
        {"invasion", "invade", EVM_EVENT_MILITARY, "192"},
        {"launched", "launch", EVM_EVENT_MILITARY, "150"},
        {"sanctions", "sanction", EVM_EVENT_OTHER, "163"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const evm_trigger_info *ti = evm_lex_trigger(t[i].form, strlen(t[i].form));
        CHECK_MSG(ti != NULL, "%s", t[i].form);
        if (!ti) {
            continue;
        }
        CHECK_EQ_STR(ti->lemma, t[i].lemma);
        CHECK_EQ_INT(ti->type, t[i].type);
        if (t[i].cameo) {
            CHECK_EQ_STR(ti->cameo, t[i].cameo);
        } else {
            CHECK(ti->cameo == NULL);
        }
    }
    CHECK(evm_lex_trigger("Vladivostok", 11) == NULL);
    CHECK(evm_lex_trigger("the", 3) == NULL);
    CHECK(has("said", EVM_LEX_TRIGGER));
    CHECK_EQ_STR(evm_event_type_name(EVM_EVENT_ARRIVAL), "arrival");
    CHECK_EQ_STR(evm_event_type_name(EVM_EVENT_MILITARY), "military");
}

static void test_modality(void)
{
    CHECK_EQ_INT(evm_lex_modality("may", 3), EVM_MODALITY_POSSIBLE);
    CHECK_EQ_INT(evm_lex_modality("Could", 5), EVM_MODALITY_POSSIBLE);
    CHECK_EQ_INT(evm_lex_modality("expected", 8), EVM_MODALITY_EXPECTED);
    CHECK_EQ_INT(evm_lex_modality("will", 4), EVM_MODALITY_EXPECTED);
    CHECK_EQ_INT(evm_lex_modality("reportedly", 10), EVM_MODALITY_HEDGED);
    CHECK_EQ_INT(evm_lex_modality("denied", 6), EVM_MODALITY_DENIED);
    CHECK_EQ_INT(evm_lex_modality("never", 5), EVM_MODALITY_NEGATED);
    CHECK_EQ_INT(evm_lex_modality("arrived", 7), EVM_MODALITY_NONE);
    CHECK_EQ_INT(evm_lex_modality_pair("is", 2, "to", 2), EVM_MODALITY_EXPECTED);
    CHECK_EQ_INT(evm_lex_modality_pair("Set", 3, "to", 2), EVM_MODALITY_EXPECTED);
    CHECK_EQ_INT(evm_lex_modality_pair("this", 4, "coming", 6), EVM_MODALITY_EXPECTED);
    CHECK_EQ_INT(evm_lex_modality_pair("went", 4, "to", 2), EVM_MODALITY_NONE);
}

static void test_edges(void)
{
    CHECK_EQ_INT(evm_lex_lookup(NULL, 3), 0);
    CHECK_EQ_INT(evm_lex_lookup("the", 0), 0);
    CHECK_EQ_INT(lk("."), 0);
    char longw[64];
    memset(longw, 'a', sizeof longw);
    CHECK_EQ_INT(evm_lex_lookup(longw, sizeof longw), 0);
    /* Length, not NUL, ends the word. */
    CHECK(evm_lex_lookup("Thebes", 3) & EVM_LEX_STOPWORD);
}

int main(void)
{
    test_sorted();
    test_sizes();
    test_titles();
    test_names();
    test_name_shape();
    test_stop_common();
    test_dates();
    test_org_loc();
    test_direction();
    test_triggers();
    test_modality();
    test_edges();
    return check_finish();
}
