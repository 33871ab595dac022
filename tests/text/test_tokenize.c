/* Tokenizer rules, with exact byte offsets. */
#include "check.h"
#include "text/text.h"

#include <string.h>

typedef struct want {
    const char *text; /* the exact bytes of the token */
    uint32_t kind;
    uint32_t flags; /* bits that must be set */
} want;

static evm_tokens toks;

/* Tokenizes `s` and compares the whole token sequence with `w`. */
static void expect(int line, const char *s, int flags, const want *w, size_t n)
{
    evm_diag d = {""};
    evm_error err = evm_tokenize(s, strlen(s), flags, &toks, &d);
    CHECK_MSG(err == EVM_OK, "line %d: %s", line, d.message);
    CHECK_MSG(toks.count == n, "line %d: %zu tokens, want %zu", line, toks.count, n);
    for (size_t i = 0; i < n && i < toks.count; i++) {
        const evm_token *t = &toks.items[i];
        size_t len = t->end - t->start;
        CHECK_MSG(len == strlen(w[i].text) && memcmp(s + t->start, w[i].text, len) == 0,
                  "line %d: token %zu is '%.*s', want '%s'", line, i, (int)len, s + t->start,
                  w[i].text);
        CHECK_MSG(t->kind == w[i].kind, "line %d: token %zu '%s' kind %u, want %u", line, i,
                  w[i].text, t->kind, w[i].kind);
        CHECK_MSG((t->flags & w[i].flags) == w[i].flags,
                  "line %d: token %zu '%s' flags %#x lack %#x", line, i, w[i].text, t->flags,
                  w[i].flags);
    }
}
#define EXPECT(s, fl, ...)                                                                         \
    do {                                                                                           \
        const want w_[] = {__VA_ARGS__};                                                           \
        expect(__LINE__, s, fl, w_, sizeof w_ / sizeof w_[0]);                                     \
    } while (0)

enum {
    W = EVM_TOK_WORD,
    N = EVM_TOK_NUMBER,
    P = EVM_TOK_PUNCT,
    S = EVM_TOK_SYMBOL,
    POS = EVM_TOK_POSSESSIVE
};

static void test_offsets_multibyte(void)
{
    /* "Владивосток" is 11 Cyrillic letters = 22 bytes; "블라디보스토크" is 7 Hangul
     * syllables = 21 bytes; "Władywostok" has one 2-byte "ł" = 12 bytes. */
    const char *s = "Władywostok, Владивосток and 블라디보스토크.";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(toks.count, 6);
    CHECK_EQ_INT(toks.items[0].start, 0);
    CHECK_EQ_INT(toks.items[0].end, 12);
    CHECK_EQ_INT(toks.items[1].start, 12); /* , */
    CHECK_EQ_INT(toks.items[2].start, 14);
    CHECK_EQ_INT(toks.items[2].end, 36);
    CHECK_EQ_INT(toks.items[3].start, 37); /* and */
    CHECK_EQ_INT(toks.items[4].start, 41);
    CHECK_EQ_INT(toks.items[4].end, 62);
    CHECK_EQ_INT(toks.items[5].start, 62);
    CHECK(toks.items[0].flags & EVM_TF_CAPITALISED);
    CHECK(toks.items[0].flags & EVM_TF_NON_ASCII);
    CHECK(toks.items[2].flags & EVM_TF_CAPITALISED);
    CHECK(!(toks.items[4].flags & EVM_TF_CAPITALISED)); /* Hangul has no case */
    CHECK(!(toks.items[3].flags & EVM_TF_NON_ASCII));

    /* Combining marks stay inside words: "Hà Nội" written with U+0300 and
     * U+0323 U+0302 as separate marks. */
    EXPECT("Ha\xCC\x80 No\xCC\xA3\xCC\x82i", 0, {"Ha\xCC\x80", W, EVM_TF_CAPITALISED},
           {"No\xCC\xA3\xCC\x82i", W, EVM_TF_NON_ASCII});
    /* A no-break space and an ideographic space separate words. */
    EXPECT("Ulan\xC2\xA0Ude\xE3\x80\x80x", 0, {"Ulan", W, 0}, {"Ude", W, 0}, {"x", W, 0});
    /* A byte-order mark at the start is skipped. */
    EXPECT("\xEF\xBB\xBFKhasan", 0, {"Khasan", W, EVM_TF_CAPITALISED});
}

static void test_possessives_apostrophes(void)
{
    /* "Russia’s": the word is exactly the 6 bytes of "Russia". */
    const char *s = "Russia’s port";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(toks.count, 3);
    CHECK_EQ_INT(toks.items[0].start, 0);
    CHECK_EQ_INT(toks.items[0].end, 6);
    CHECK_EQ_INT(toks.items[1].start, 6);
    CHECK_EQ_INT(toks.items[1].end, 10); /* ’ is 3 bytes + s */
    CHECK_EQ_INT(toks.items[1].kind, EVM_TOK_POSSESSIVE);
    CHECK(toks.items[0].flags & EVM_TF_POSS_STRIPPED);
    CHECK(toks.items[0].flags & EVM_TF_CAPITALISED);

    EXPECT("the Kremlin's train", 0, {"the", W, 0}, {"Kremlin", W, EVM_TF_POSS_STRIPPED},
           {"'s", POS, EVM_TF_GLUED}, {"train", W, 0});
    EXPECT("CHINA’S border", 0, {"CHINA", W, EVM_TF_ALL_CAPS}, {"’S", POS, 0}, {"border", W, 0});
    /* Inner apostrophes stay. */
    EXPECT("O’Neill met O'Brien in P'yŏngyang and Côte d’Ivoire", 0,
           {"O’Neill", W, EVM_TF_APOSTROPHE | EVM_TF_CAPITALISED}, {"met", W, 0},
           {"O'Brien", W, EVM_TF_APOSTROPHE}, {"in", W, 0},
           {"P'yŏngyang", W, EVM_TF_APOSTROPHE | EVM_TF_NON_ASCII}, {"and", W, 0},
           {"Côte", W, EVM_TF_NON_ASCII}, {"d’Ivoire", W, EVM_TF_APOSTROPHE});
    EXPECT("Côte d’Ivoire’s coast", 0, {"Côte", W, 0}, {"d’Ivoire", W, EVM_TF_POSS_STRIPPED},
           {"’s", POS, 0}, {"coast", W, 0});
    /* A bare trailing apostrophe after s is possessive ... */
    EXPECT("the Philippines’ ports and Brussels' rules", 0, {"the", W, 0},
           {"Philippines", W, EVM_TF_POSS_STRIPPED}, {"’", POS, EVM_TF_GLUED}, {"ports", W, 0},
           {"and", W, 0}, {"Brussels", W, EVM_TF_POSS_STRIPPED}, {"'", POS, 0}, {"rules", W, 0});
    /* ... but closes a quote that opened right before the word. */
    EXPECT("the ‘Kursks’ sailed", 0, {"the", W, 0}, {"‘", P, EVM_TF_QUOTE | EVM_TF_OPEN},
           {"Kursks", W, 0}, {"’", P, EVM_TF_QUOTE | EVM_TF_CLOSE}, {"sailed", W, 0});
    /* A trailing apostrophe after other letters is a closing quote. */
    EXPECT("'Vostok' left", 0, {"'", P, EVM_TF_OPEN}, {"Vostok", W, 0},
           {"'", P, EVM_TF_CLOSE | EVM_TF_GLUED}, {"left", W, 0});
    /* "’s" inside a longer word is not a possessive. */
    EXPECT("Kim’son", 0, {"Kim’son", W, EVM_TF_APOSTROPHE});
}

static void test_hyphens(void)
{
    EXPECT("Kim Tong-Hyung on North Korea-Russia ties", 0, {"Kim", W, 0},
           {"Tong-Hyung", W, EVM_TF_HYPHENATED | EVM_TF_CAPITALISED}, {"on", W, 0}, {"North", W, 0},
           {"Korea-Russia", W, EVM_TF_HYPHENATED}, {"ties", W, 0});
    /* Parts of a hyphenated token, without allocation. */
    const char *s = "Korea-Russia-China summit";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    evm_span parts[4];
    CHECK_EQ_INT(evm_token_parts(s, &toks.items[0], parts, 4), 3);
    CHECK_EQ_INT(parts[0].start, 0);
    CHECK_EQ_INT(parts[0].end, 5);
    CHECK_EQ_INT(parts[1].start, 6);
    CHECK_EQ_INT(parts[1].end, 12);
    CHECK_EQ_INT(parts[2].start, 13);
    CHECK_EQ_INT(parts[2].end, 18);
    CHECK_EQ_INT(evm_token_parts(s, &toks.items[0], parts, 1), 3); /* count even if truncated */
    CHECK_EQ_INT(evm_token_parts(s, &toks.items[1], parts, 4), 1);
    CHECK_EQ_INT(parts[0].start, 19);
    CHECK_EQ_INT(parts[0].end, 25);
    /* U+2010 and U+2011 hyphens join too; parts skip their 3 bytes. */
    s = "Komsomolsk‐on‐Amur";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(toks.count, 1);
    CHECK_EQ_INT(evm_token_parts(s, &toks.items[0], parts, 4), 3);
    CHECK_EQ_INT(parts[1].start, 13);
    CHECK_EQ_INT(parts[1].end, 15);
    /* Letter-initial compounds with digits stay whole. */
    EXPECT("an Su-27 and a COVID-19 test", 0, {"an", W, 0},
           {"Su-27", W, EVM_TF_HYPHENATED | EVM_TF_HAS_DIGIT}, {"and", W, 0}, {"a", W, 0},
           {"COVID-19", W, EVM_TF_HYPHENATED | EVM_TF_ALL_CAPS}, {"test", W, 0});
    /* Number-initial compounds split so the number stands alone. */
    EXPECT("a 100-kilometer line", 0, {"a", W, 0}, {"100", N, 0},
           {"-", P, EVM_TF_DASH | EVM_TF_GLUED}, {"kilometer", W, EVM_TF_GLUED}, {"line", W, 0});
    /* Hyphens at word edges and doubled hyphens are punctuation. */
    EXPECT("pre- and post-war -- done", 0, {"pre", W, 0}, {"-", P, EVM_TF_DASH}, {"and", W, 0},
           {"post-war", W, EVM_TF_HYPHENATED}, {"--", P, EVM_TF_DASH}, {"done", W, 0});
}

static void test_abbreviations(void)
{
    EXPECT("the U.S. and U.K. envoys in Washington, D.C., at 9 a.m. and 5 p.m.", 0, {"the", W, 0},
           {"U.S.", W, EVM_TF_ABBREV | EVM_TF_ALL_CAPS}, {"and", W, 0}, {"U.K.", W, EVM_TF_ABBREV},
           {"envoys", W, 0}, {"in", W, 0}, {"Washington", W, 0}, {",", P, EVM_TF_GLUED},
           {"D.C.", W, EVM_TF_ABBREV}, {",", P, EVM_TF_GLUED}, {"at", W, 0}, {"9", N, 0},
           {"a.m.", W, EVM_TF_ABBREV}, {"and", W, 0}, {"5", N, 0}, {"p.m.", W, EVM_TF_ABBREV});
    EXPECT("Gen. Park, Adm. Yoon, Dr. Cho, Mr. Ri, St. Petersburg, Mt. Paektu, Ft. Ross", 0,
           {"Gen.", W, EVM_TF_ABBREV | EVM_TF_ABBREV_TITLE}, {"Park", W, 0}, {",", P, 0},
           {"Adm.", W, EVM_TF_ABBREV_TITLE}, {"Yoon", W, 0}, {",", P, 0},
           {"Dr.", W, EVM_TF_ABBREV_TITLE}, {"Cho", W, 0}, {",", P, 0},
           {"Mr.", W, EVM_TF_ABBREV_TITLE}, {"Ri", W, 0}, {",", P, 0},
           {"St.", W, EVM_TF_ABBREV_TITLE}, {"Petersburg", W, 0}, {",", P, 0},
           {"Mt.", W, EVM_TF_ABBREV_TITLE}, {"Paektu", W, 0}, {",", P, 0},
           {"Ft.", W, EVM_TF_ABBREV_TITLE}, {"Ross", W, 0});
    EXPECT("on Sept. 12 and Aug. 3, train No. 4", 0, {"on", W, 0},
           {"Sept.", W, EVM_TF_ABBREV_TITLE}, {"12", N, 0}, {"and", W, 0},
           {"Aug.", W, EVM_TF_ABBREV_TITLE}, {"3", N, 0}, {",", P, 0}, {"train", W, 0},
           {"No.", W, EVM_TF_ABBREV_TITLE}, {"4", N, 0});
    /* "No." is an abbreviation only before a number; other words keep the
     * period apart; an all-caps dateline month still matches. */
    EXPECT("He said No. Then", 0, {"He", W, 0}, {"said", W, 0}, {"No", W, 0},
           {".", P, EVM_TF_TERMINAL}, {"Then", W, 0});
    EXPECT("MOSCOW, SEPT. 12", 0, {"MOSCOW", W, EVM_TF_ALL_CAPS}, {",", P, 0},
           {"SEPT.", W, EVM_TF_ABBREV_TITLE}, {"12", N, 0});
    /* Initials; a compound around an abbreviation. */
    EXPECT("J. Kim led U.S.-led drills", 0, {"J.", W, EVM_TF_ABBREV_TITLE}, {"Kim", W, 0},
           {"led", W, 0}, {"U.S.-led", W, EVM_TF_HYPHENATED}, {"drills", W, 0});
    /* A word that is not an abbreviation ends before its period. */
    EXPECT("to Vladivostok.", 0, {"to", W, 0}, {"Vladivostok", W, 0},
           {".", P, EVM_TF_TERMINAL | EVM_TF_GLUED});
}

static void test_numbers(void)
{
    EXPECT("1,260 km, 2.9 percent, 10,000.5 tons, 1,2 and 12,3456", 0,
           {"1,260", N, EVM_TF_THOUSANDS}, {"km", W, 0}, {",", P, 0}, {"2.9", N, EVM_TF_DECIMAL},
           {"percent", W, 0}, {",", P, 0}, {"10,000.5", N, EVM_TF_THOUSANDS | EVM_TF_DECIMAL},
           {"tons", W, 0}, {",", P, 0}, {"1", N, 0}, {",", P, 0}, {"2", N, 0}, {"and", W, 0},
           {"12", N, 0}, {",", P, 0}, {"3456", N, 0});
    EXPECT("the 2nd and 21st days of the 1990s, 3rd, 4th", 0, {"the", W, 0},
           {"2nd", N, EVM_TF_ORDINAL}, {"and", W, 0}, {"21st", N, EVM_TF_ORDINAL}, {"days", W, 0},
           {"of", W, 0}, {"the", W, 0}, {"1990s", N, EVM_TF_PLURAL}, {",", P, 0},
           {"3rd", N, EVM_TF_ORDINAL}, {",", P, 0}, {"4th", N, EVM_TF_ORDINAL});
    EXPECT("680km and 5G", 0, {"680", N, 0}, {"km", W, EVM_TF_GLUED}, {"and", W, 0}, {"5", N, 0},
           {"G", W, EVM_TF_GLUED});
    EXPECT("$1.5 million, 40%, -5", 0, {"$", S, 0}, {"1.5", N, EVM_TF_GLUED}, {"million", W, 0},
           {",", P, 0}, {"40", N, 0}, {"%", P, EVM_TF_GLUED}, {",", P, 0}, {"-", P, EVM_TF_DASH},
           {"5", N, EVM_TF_GLUED});
    /* Digits of other scripts are numbers. */
    EXPECT("٢٠٢٦ год", 0, {"٢٠٢٦", N, EVM_TF_NON_ASCII}, {"год", W, 0});
}

static void test_punctuation(void)
{
    EXPECT("«Да» — „Ja“ – “Yes” ― (no) [x] 'y'", 0, {"«", P, EVM_TF_QUOTE | EVM_TF_OPEN},
           {"Да", W, 0}, {"»", P, EVM_TF_QUOTE | EVM_TF_CLOSE}, {"—", P, EVM_TF_DASH},
           {"„", P, EVM_TF_QUOTE | EVM_TF_OPEN}, {"Ja", W, 0}, {"“", P, EVM_TF_QUOTE},
           {"–", P, EVM_TF_DASH}, {"“", P, EVM_TF_QUOTE | EVM_TF_OPEN}, {"Yes", W, 0},
           {"”", P, EVM_TF_QUOTE | EVM_TF_CLOSE}, {"―", P, EVM_TF_DASH}, {"(", P, EVM_TF_OPEN},
           {"no", W, 0}, {")", P, EVM_TF_CLOSE}, {"[", P, EVM_TF_OPEN}, {"x", W, 0},
           {"]", P, EVM_TF_CLOSE}, {"'", P, EVM_TF_QUOTE | EVM_TF_OPEN}, {"y", W, 0},
           {"'", P, EVM_TF_QUOTE | EVM_TF_CLOSE});
    EXPECT("Wait... what?! Yes… 東京。", 0, {"Wait", W, 0}, {"...", P, EVM_TF_TERMINAL},
           {"what", W, 0}, {"?", P, EVM_TF_TERMINAL}, {"!", P, EVM_TF_TERMINAL}, {"Yes", W, 0},
           {"…", P, EVM_TF_TERMINAL}, {"東京", W, 0}, {"。", P, EVM_TF_TERMINAL});
    EXPECT("50°N 🚂 +3", 0, {"50", N, 0}, {"°", S, EVM_TF_GLUED}, {"N", W, EVM_TF_GLUED},
           {"🚂", S, 0}, {"+", S, 0}, {"3", N, EVM_TF_GLUED});
}

static void test_layout_flags(void)
{
    const char *s = "Kim left\nby train.\n\n  Putin waited.\r\n\r\nThey met.";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(toks.count, 11);
    uint32_t lp = EVM_TF_LINE_INITIAL | EVM_TF_PARA_INITIAL;
    CHECK_EQ_INT(toks.items[0].flags & lp, lp);                  /* Kim */
    CHECK_EQ_INT(toks.items[1].flags & lp, 0);                   /* left */
    CHECK_EQ_INT(toks.items[2].flags & lp, EVM_TF_LINE_INITIAL); /* by */
    CHECK_EQ_INT(toks.items[5].flags & lp, lp);                  /* Putin */
    CHECK_EQ_INT(toks.items[8].flags & lp, lp);                  /* They, after \r\n\r\n */
    CHECK_EQ_INT(toks.items[8].start, 39);                       /* "They" after 2 x CR LF */
    /* Empty input and whitespace-only input give no tokens. */
    CHECK_EQ_INT(evm_tokenize("", 0, 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(toks.count, 0);
    CHECK_EQ_INT(evm_tokenize(" \n\t ", 4, 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(toks.count, 0);
    CHECK_EQ_INT(evm_tokenize(NULL, 3, 0, &toks, NULL), EVM_ERR_ARG);
}

/* Every byte outside a token is whitespace, tokens are ordered and do not
 * overlap, on a text that mixes all the rules. */
static void test_cover(void)
{
    const char *s = "SEOUL, South Korea (AP) — North Korea’s leader crossed into Russia’s Far "
                    "East on Sept. 12, his armored train covering 1,180 kilometers (733 miles) "
                    "from P'yŏngyang to Władywostok in about 20 hours, the U.S. said.";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    size_t prev = 0;
    int ok = 1;
    for (size_t i = 0; i < toks.count; i++) {
        const evm_token *t = &toks.items[i];
        if (t->start < prev || t->end <= t->start)
            ok = 0;
        for (size_t p = prev; p < t->start; p++)
            if (s[p] != ' ')
                ok = 0;
        prev = t->end;
    }
    CHECK(ok);
    CHECK_EQ_INT(prev, strlen(s));
}

/* Every listed abbreviation keeps its period (this also checks that the
 * list stays sorted for its binary search); the title ones carry
 * EVM_TF_ABBREV_TITLE. "No"/"Nos" need a number after them. */
static void test_abbreviation_list(void)
{
    static const struct {
        const char *w;
        int title;
    } list[] = {
        {"Adm", 1},    {"Ala", 0},  {"Apr", 1},  {"Ariz", 0}, {"Ark", 0},    {"Assn", 0},
        {"Aug", 1},    {"Ave", 0},  {"Blvd", 0}, {"Bros", 0}, {"Calif", 0},  {"Capt", 1},
        {"Cdr", 1},    {"Cmdr", 1}, {"Co", 0},   {"Col", 1},  {"Colo", 0},   {"Conn", 0},
        {"Corp", 0},   {"Cpl", 1},  {"Dec", 1},  {"Del", 0},  {"Dept", 0},   {"Det", 1},
        {"Dr", 1},     {"Feb", 1},  {"Fig", 1},  {"Fla", 0},  {"Fr", 1},     {"Ft", 1},
        {"Ga", 0},     {"Gen", 1},  {"Gens", 1}, {"Gov", 1},  {"Hon", 1},    {"Ill", 0},
        {"Inc", 0},    {"Ind", 0},  {"Insp", 1}, {"Jan", 1},  {"Jr", 0},     {"Jul", 1},
        {"Jun", 1},    {"Kan", 0},  {"Ky", 0},   {"La", 0},   {"Lt", 1},     {"Ltd", 0},
        {"Maj", 1},    {"Mar", 1},  {"Mass", 0}, {"Md", 0},   {"Messrs", 1}, {"Mich", 0},
        {"Minn", 0},   {"Miss", 0}, {"Mo", 0},   {"Mont", 0}, {"Mr", 1},     {"Mrs", 1},
        {"Ms", 1},     {"Mt", 1},   {"Neb", 0},  {"Nev", 0},  {"No", 1},     {"Nos", 1},
        {"Nov", 1},    {"Oct", 1},  {"Okla", 0}, {"Ore", 0},  {"Pa", 0},     {"Pres", 1},
        {"Prof", 1},   {"Pt", 1},   {"Pvt", 1},  {"Rd", 0},   {"Rep", 1},    {"Reps", 1},
        {"Rev", 1},    {"Sen", 1},  {"Sens", 1}, {"Sep", 1},  {"Sept", 1},   {"Sgt", 1},
        {"Sr", 0},     {"St", 1},   {"Supt", 1}, {"Tenn", 0}, {"Univ", 0},   {"Va", 0},
        {"Vol", 1},    {"Vt", 0},   {"Wash", 0}, {"Wis", 0},  {"Wyo", 0},    {"al", 0},
        {"approx", 1}, {"ca", 1},   {"cf", 1},   {"est", 0},  {"etc", 0},    {"vs", 1},
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "x %s. 5", list[i].w);
        CHECK_EQ_INT(evm_tokenize(buf, strlen(buf), 0, &toks, NULL), EVM_OK);
        CHECK_MSG(toks.count == 3 && toks.items[1].end == 3 + strlen(list[i].w),
                  "'%s.' is not one token", list[i].w);
        uint32_t bits = EVM_TF_ABBREV | (list[i].title ? EVM_TF_ABBREV_TITLE : 0);
        CHECK_MSG(toks.count == 3 &&
                      (toks.items[1].flags & (EVM_TF_ABBREV | EVM_TF_ABBREV_TITLE)) == bits,
                  "'%s.' flags %#x", list[i].w, toks.count == 3 ? toks.items[1].flags : 0);
    }
}

int main(void)
{
    test_offsets_multibyte();
    test_possessives_apostrophes();
    test_hyphens();
    test_abbreviations();
    test_abbreviation_list();
    test_numbers();
    test_punctuation();
    test_layout_flags();
    test_cover();
    evm_tokens_free(&toks);
    evm_tokens_free(&toks); /* idempotent */
    return check_finish();
}
