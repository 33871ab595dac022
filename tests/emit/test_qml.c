/*
 * test_qml - the QGIS styles: every layer kind gives a complete <qgis>
 * document with its renderer (categorized on the contract's attribute with
 * the contract's categories and colours for events and claims), labels
 * enabled, balanced elements and quotes; an unknown kind is refused.
 * (Whether QGIS applies them is tests/clients/check_qgis.py.)
 */
#include "check.h"
#include "emit/qml.h"

#include <stdlib.h>
#include <string.h>

static char *style(evm_layer_kind kind, evm_error *err)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    *err = evm_emit_qml(f, kind);
    long n = ftell(f);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    rewind(f);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        text = NULL;
    }
    if (text)
        text[n] = '\0';
    fclose(f);
    return text;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Every element opened is closed (or self-closed), in a flat count: enough
 * to catch a dropped closing tag from the generator. */
static void check_balanced(const char *xml, const char *tag)
{
    char open[64], open_sp[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(open_sp, sizeof open_sp, "<%s ", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    size_t opened = count(xml, open) + count(xml, open_sp);
    /* self-closing forms "<tag .../>" */
    size_t self = 0;
    for (const char *p = xml; (p = strstr(p, open_sp)) != NULL; p++) {
        const char *end = strchr(p, '>');
        if (end && end[-1] == '/')
            self++;
    }
    CHECK_MSG(opened == self + count(xml, close), "<%s>: %zu opened, %zu self-closed, %zu closed",
              tag, opened, self, count(xml, close));
}

int main(void)
{
    static const struct {
        evm_layer_kind kind;
        const char *name, *renderer, *must[8];
    } cases[] = {
        {EVM_LAYER_PLACES, "places", "singleSymbol", {"fieldName=\"name\"", "SimpleMarker"}},
        {EVM_LAYER_EVENTS,
         "events",
         "categorizedSymbol",
         {"attr=\"type\"", "value=\"travel\"", "value=\"arrival\"", "value=\"meeting\"",
          "value=\"visit\"", "value=\"statement\"", "value=\"military\"", "value=\"other\""}},
        {EVM_LAYER_ROUTES,
         "routes",
         "singleSymbol",
         {"SimpleLine", "outlineColor", "&quot;actor&quot;", "fieldName=\"actor\""}},
        {EVM_LAYER_CLAIMS,
         "claims",
         "categorizedSymbol",
         {"attr=\"distance_verdict\"", "value=\"consistent\"", "value=\"inaccurate\"",
          "value=\"unverifiable\"", "value=\"none\"", "26,152,80,255", "215,48,39,255",
          "140,140,140,255"}},
        {EVM_LAYER_CROSSINGS, "crossings", "singleSymbol", {"\"star\"", "SimpleMarker"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_EQ_STR(evm_layer_kind_name(cases[i].kind), cases[i].name);
        evm_error err = EVM_ERR_INTERNAL;
        char *q = style(cases[i].kind, &err);
        CHECK_EQ_INT(err, EVM_OK);
        CHECK(q != NULL);
        if (!q)
            continue;
        CHECK(strncmp(q, "<qgis ", 6) == 0);
        CHECK(strstr(q, "labelsEnabled=\"1\"") != NULL);
        CHECK(strstr(q, "</qgis>\n") != NULL);
        char want[64];
        snprintf(want, sizeof want, "type=\"%s\"", cases[i].renderer);
        CHECK_MSG(strstr(q, want) != NULL, "%s: no %s", cases[i].name, want);
        for (size_t k = 0; k < 8 && cases[i].must[k]; k++)
            CHECK_MSG(strstr(q, cases[i].must[k]) != NULL, "%s: no %s", cases[i].name,
                      cases[i].must[k]);
        CHECK_MSG(count(q, "\"") % 2 == 0, "%s: odd number of quotes", cases[i].name);
        static const char *const tags[] = {"qgis",     "renderer-v2", "symbols",    "symbol",
                                           "layer",    "Option",      "categories", "labeling",
                                           "settings", "text-style"};
        for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
            check_balanced(q, tags[t]);
        free(q);
    }
    evm_error err = EVM_OK;
    char *q = style(EVM_LAYER__COUNT, &err);
    CHECK_EQ_INT(err, EVM_ERR_ARG);
    free(q);
    CHECK(evm_layer_kind_name(EVM_LAYER__COUNT) == NULL);
    CHECK(evm_layer_kind_name((evm_layer_kind)-1) == NULL);
    return check_finish();
}
