/*
 * test_html - map.html: the JSON-in-<script> escaping, the HTML escaping,
 * and the page itself (no http(s) references outside the inlined Leaflet,
 * exactly the page's own <script> elements whatever the article says, the
 * embedded data parses back to the layers, the CSP, NULL and bad layers).
 */
#include "check.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "emit/html.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *escape_json(const char *in)
{
    evm_buf b = {0};
    if (evm_json_script_escape(in, &b) != EVM_OK) {
        evm_buf_free(&b);
        return NULL;
    }
    if (!b.data && evm_buf_append(&b, "", 0) != EVM_OK)
        return NULL;
    return b.data; /* freed with evm_free */
}

static char *escape_html(const char *in)
{
    evm_buf b = {0};
    if (evm_html_escape(in, &b) != EVM_OK || (!b.data && evm_buf_append(&b, "", 0) != EVM_OK)) {
        evm_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static void test_json_script_escape(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", ""},
        {"{\"a\":1}", "{\"a\":1}"},
        {"\"</script>\"", "\"\\u003c/script\\u003e\""},
        {"\"<!--x-->\"", "\"\\u003c!--x--\\u003e\""},
        {"\"a&b\"", "\"a\\u0026b\""},
        {"\"x\xE2\x80\xA8y\xE2\x80\xA9z\"", "\"x\\u2028y\\u2029z\""},
        /* Other characters of the same UTF-8 lead bytes are left alone. */
        {"\"\xE2\x80\x94 \xE2\x82\xAC\"", "\"\xE2\x80\x94 \xE2\x82\xAC\""},
        /* A truncated sequence at the end must not be read past. */
        {"\xE2\x80", "\xE2\x80"},
        {"<<>>", "\\u003c\\u003c\\u003e\\u003e"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = escape_json(cases[i].in);
        CHECK_EQ_STR(got, cases[i].out);
        evm_free(got);
    }

    /* Round trip: a hostile string escaped is the same JSON value, with no
     * byte that could end a <script> element. */
    const char *hostile = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> "
                          "& \xE2\x80\xA8 <!-- -->";
    cJSON *s = cJSON_CreateString(hostile);
    char *printed = cJSON_PrintUnformatted(s);
    char *esc = escape_json(printed);
    CHECK(esc && !strchr(esc, '<') && !strchr(esc, '>') && !strchr(esc, '&'));
    CHECK(esc && !strstr(esc, "\xE2\x80\xA8"));
    cJSON *back = esc ? cJSON_Parse(esc) : NULL;
    CHECK(cJSON_IsString(back) && strcmp(back->valuestring, hostile) == 0);
    cJSON_Delete(back);
    evm_free(esc);
    cJSON_free(printed);
    cJSON_Delete(s);
}

static void test_html_escape(void)
{
    char *got = escape_html("<b class=\"x\">Tom & Jerry's</b>");
    CHECK_EQ_STR(got, "&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;");
    evm_free(got);
    got = escape_html("plain \xC3\xA9t\xC3\xA9");
    CHECK_EQ_STR(got, "plain \xC3\xA9t\xC3\xA9");
    evm_free(got);
}

/* ---- the page ---- */

static char *render(const char *title, cJSON *const layers[5], evm_error *err)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    *err = evm_emit_map_html(f, title, layers[0], layers[1], layers[2], layers[3], layers[4]);
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

static size_t count_ci(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, len) == 0)
            n++;
    return n;
}

static cJSON *layer_with_event(const char *sentence)
{
    char json[2048];
    cJSON *s = cJSON_CreateString(sentence);
    char *sj = cJSON_PrintUnformatted(s);
    snprintf(json, sizeof json,
             "{\"type\":\"FeatureCollection\",\"name\":\"events\",\"bbox\":[1,2,1,2],"
             "\"features\":[{\"type\":\"Feature\",\"id\":\"event-1\",\"geometry\":{\"type\":"
             "\"Point\",\"coordinates\":[1,2]},\"properties\":{\"id\":\"event-1\",\"type\":"
             "\"visit\",\"actors\":[\"A & B\"],\"sentence\":%s}}]}",
             sj);
    cJSON_free(sj);
    cJSON_Delete(s);
    return cJSON_Parse(json);
}

/* The text of the element that starts with `open` (e.g. `id="evm-data">`). */
static char *element_text(const char *page, const char *open)
{
    const char *a = strstr(page, open);
    if (!a)
        return NULL;
    a += strlen(open);
    const char *b = strstr(a, "</script>");
    if (!b)
        return NULL;
    char *t = malloc((size_t)(b - a) + 1);
    memcpy(t, a, (size_t)(b - a));
    t[b - a] = '\0';
    return t;
}

/* Checks every "http://" / "https://" in the page: outside the inlined
 * Leaflet files none may occur; inside them only the ones Leaflet 1.9.4
 * carries: its homepage (banner comment, and the attribution prefix, which
 * the page turns off), the SVG namespace name (an identifier, never
 * fetched), and two bug-tracker links in leaflet.css comments. */
static void check_urls(const char *page)
{
    const char *lb = strstr(page, "/* evm:leaflet-begin");
    const char *le = strstr(page, "/* evm:leaflet-end */");
    const char *cb = strstr(page, "/* evm:leaflet-css-begin */");
    const char *ce = strstr(page, "/* evm:leaflet-css-end */");
    CHECK(lb && le && lb < le && cb && ce && cb < ce);
    if (!lb || !le || !cb || !ce)
        return;
    static const char *const allowed[] = {
        "https://leafletjs.com", "http://www.w3.org/2000/svg",
        "https://bugs.chromium.org/p/chromium/issues/detail?id=600120",
        "https://bugzilla.mozilla.org/show_bug.cgi?id=888319"};
    int outside = 0, unexpected = 0;
    for (const char *p = page; (p = strstr(p, "http")) != NULL; p++) {
        if (strncmp(p, "http://", 7) != 0 && strncmp(p, "https://", 8) != 0)
            continue;
        if ((p < lb || p > le) && (p < cb || p > ce)) {
            outside++;
            fprintf(stderr, "url outside Leaflet: %.60s\n", p);
            continue;
        }
        int ok = 0;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok |= strncmp(p, allowed[i], strlen(allowed[i])) == 0;
        if (!ok) {
            unexpected++;
            fprintf(stderr, "unexpected url in Leaflet: %.60s\n", p);
        }
    }
    CHECK_EQ_INT(outside, 0);
    CHECK_EQ_INT(unexpected, 0);
    /* No attribute or CSS reference to the network anywhere in the markup
     * (the Leaflet block is script text, checked above). */
    const char *bad[] = {"src=\"http", "src='http", "href=\"http", "href='http", "url(http",
                         "url(\"http", "url('http", "@import",     "src=\"//",   "href=\"//"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (const char *p = page; (p = strstr(p, bad[i])) != NULL; p++) {
            int in_leaflet = p > lb && p < le;
            int is_attribution = strncmp(p, "href=\"https://leafletjs.com\"", 28) == 0;
            CHECK_MSG(in_leaflet && is_attribution, "network reference: %.60s", p);
        }
    }
}

static void test_page(void)
{
    const char *hostile = "Officials said \"</script><script>document.title='PWNED'</script>\" "
                          "and <img src=x onerror=alert(1)> <!-- & \xE2\x80\xA8 -->";
    cJSON *layers[5] = {NULL, layer_with_event(hostile), NULL, NULL, NULL};
    CHECK(layers[1] != NULL);
    evm_error err = EVM_ERR_INTERNAL;
    char *page = render("A <title> & \"quotes\" </script>", layers, &err);
    CHECK_EQ_INT(err, EVM_OK);
    CHECK(page != NULL);
    if (!page) {
        cJSON_Delete(layers[1]);
        return;
    }
    CHECK(strncmp(page, "<!DOCTYPE html>", 15) == 0);
    CHECK(strstr(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                       "'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                       "img-src data:\">") != NULL);
    CHECK(strstr(page, "<title>A &lt;title&gt; &amp; &quot;quotes&quot; &lt;/script&gt;</title>"));
    /* The page's own four scripts, whatever the article said. */
    CHECK_EQ_INT(count_ci(page, "<script"), 4);
    CHECK_EQ_INT(count_ci(page, "</script"), 4);
    CHECK_EQ_INT(count_ci(page, "<!--"), 0);
    CHECK(strstr(page, "PWNED") != NULL); /* the text is there, escaped... */
    CHECK(strstr(page, "<img") == NULL);  /* ...but never as markup */
    CHECK(strstr(page, "\xE2\x80\xA8") == NULL);
    check_urls(page);

    /* The embedded data is the layers, unchanged. */
    char *data = element_text(page, "id=\"evm-data\">");
    cJSON *parsed = data ? cJSON_Parse(data) : NULL;
    CHECK(parsed != NULL);
    CHECK(cJSON_Compare(cJSON_GetObjectItem(parsed, "events"), layers[1], 1));
    const cJSON *title = cJSON_GetObjectItem(parsed, "title");
    CHECK(cJSON_IsString(title) &&
          strcmp(title->valuestring, "A <title> & \"quotes\" </script>") == 0);
    const cJSON *places = cJSON_GetObjectItem(parsed, "places");
    CHECK(cJSON_IsArray(cJSON_GetObjectItem(places, "features")) &&
          cJSON_GetArraySize(cJSON_GetObjectItem(places, "features")) == 0);
    cJSON_Delete(parsed);
    free(data);

    char *basemap = element_text(page, "id=\"evm-basemap\">");
    cJSON *bm = basemap ? cJSON_Parse(basemap) : NULL;
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(bm, "features")) > 150);
    cJSON_Delete(bm);
    free(basemap);
    free(page);

    /* All layers NULL and no title: still a complete page. */
    cJSON *none[5] = {NULL, NULL, NULL, NULL, NULL};
    page = render(NULL, none, &err);
    CHECK_EQ_INT(err, EVM_OK);
    CHECK(page && strstr(page, "<title>evmap</title>") && strstr(page, "</html>\n"));
    free(page);

    /* A layer that is not an object is an argument error. */
    cJSON *arr = cJSON_CreateArray();
    cJSON *bad[5] = {arr, NULL, NULL, NULL, NULL};
    page = render("x", bad, &err);
    CHECK_EQ_INT(err, EVM_ERR_ARG);
    free(page);
    cJSON_Delete(arr);

#ifdef EVMAP_ALLOC_HOOKS
    /* Every allocation failure is reported, and cleaned up (ASan/valgrind). */
    for (long n = 0; n < 64; n++) {
        evm_alloc_fail_after(n);
        page = render("t", layers, &err);
        evm_alloc_fail_after(-1);
        free(page);
        if (err == EVM_OK)
            break;
        CHECK_EQ_INT(err, EVM_ERR_NOMEM);
    }
    CHECK_EQ_INT(err, EVM_OK);
#endif
    cJSON_Delete(layers[1]);
}

static void test_write_error(void)
{
    FILE *ro = fopen("/dev/full", "w");
    if (!ro)
        return; /* not on this system */
    cJSON *none[5] = {NULL, NULL, NULL, NULL, NULL};
    CHECK_EQ_INT(evm_emit_map_html(ro, "t", none[0], none[1], none[2], none[3], none[4]),
                 EVM_ERR_IO);
    fclose(ro);
}

int main(void)
{
    test_json_script_escape();
    test_html_escape();
    test_page();
    test_write_error();
    return check_finish();
}
