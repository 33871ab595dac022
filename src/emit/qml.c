#include "emit/qml.h"

#include <string.h>

/* One symbol property: written both as <Option> (read by QGIS >= 3.10) and as
 * the legacy <prop> (read by older QGIS 3 releases). */
typedef struct qml_prop {
    const char *key;
    const char *value;
} qml_prop;

/* Writes `s` as XML attribute text. */
static void put_attr(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

/* A data-defined property of a symbol layer, evaluated from an expression;
 * `key` is QGIS's property name (e.g. "outlineColor"), NULL for none. */
typedef struct qml_dd {
    const char *key;
    const char *expression;
} qml_dd;

static void put_dd(FILE *out, const char *indent, const qml_dd *dd)
{
    fprintf(out,
            "%s<data_defined_properties>\n%s <Option type=\"Map\">\n"
            "%s  <Option name=\"name\" type=\"QString\" value=\"\"/>\n",
            indent, indent, indent);
    if (dd && dd->key) {
        fprintf(out,
                "%s  <Option name=\"properties\" type=\"Map\">\n"
                "%s   <Option name=\"%s\" type=\"Map\">\n"
                "%s    <Option name=\"active\" type=\"bool\" value=\"true\"/>\n"
                "%s    <Option name=\"expression\" type=\"QString\" value=\"",
                indent, indent, dd->key, indent, indent);
        put_attr(out, dd->expression);
        fprintf(out,
                "\"/>\n%s    <Option name=\"type\" type=\"int\" value=\"3\"/>\n"
                "%s   </Option>\n%s  </Option>\n",
                indent, indent, indent);
    } else {
        fprintf(out, "%s  <Option name=\"properties\"/>\n", indent);
    }
    fprintf(out,
            "%s  <Option name=\"type\" type=\"QString\" value=\"collection\"/>\n"
            "%s </Option>\n%s</data_defined_properties>\n",
            indent, indent, indent);
}

/* <symbol> with one symbol layer of class `cls` ("SimpleMarker", "SimpleLine"). */
static void put_symbol(FILE *out, const char *name, const char *type, const char *cls,
                       const qml_prop *props, size_t n, const qml_dd *dd)
{
    fprintf(out,
            "   <symbol name=\"%s\" type=\"%s\" alpha=\"1\" clip_to_extent=\"1\" "
            "force_rhr=\"0\">\n"
            "    <layer class=\"%s\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            "     <Option type=\"Map\">\n",
            name, type, cls);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "      <Option name=\"%s\" type=\"QString\" value=\"", props[i].key);
        put_attr(out, props[i].value);
        fputs("\"/>\n", out);
    }
    fputs("     </Option>\n", out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "     <prop k=\"%s\" v=\"", props[i].key);
        put_attr(out, props[i].value);
        fputs("\"/>\n", out);
    }
    put_dd(out, "     ", dd);
    fputs("    </layer>\n   </symbol>\n", out);
}

static void put_marker(FILE *out, const char *name, const char *shape, const char *fill,
                       const char *outline, const char *size_mm)
{
    const qml_prop p[] = {
        {"name", shape},
        {"color", fill},
        {"outline_color", outline},
        {"outline_style", "solid"},
        {"outline_width", "0.4"},
        {"outline_width_unit", "MM"},
        {"size", size_mm},
        {"size_unit", "MM"},
    };
    put_symbol(out, name, "marker", "SimpleMarker", p, sizeof p / sizeof p[0], NULL);
}

static void put_line(FILE *out, const char *name, const char *colour, const qml_dd *dd)
{
    const qml_prop p[] = {
        {"line_color", colour},    {"line_style", "solid"}, {"line_width", "0.8"},
        {"line_width_unit", "MM"}, {"capstyle", "round"},   {"joinstyle", "round"},
    };
    put_symbol(out, name, "line", "SimpleLine", p, sizeof p / sizeof p[0], dd);
}

/* A categorized renderer on `attr`; category i uses symbol "i". */
typedef struct qml_category {
    const char *value;
    const char *colour; /* "r,g,b,a" */
} qml_category;

static void put_categorized(FILE *out, const char *attr, const qml_category *cats, size_t n,
                            int line)
{
    fprintf(out,
            " <renderer-v2 type=\"categorizedSymbol\" attr=\"%s\" symbollevels=\"0\" "
            "forceraster=\"0\" enableorderby=\"0\">\n  <categories>\n",
            attr);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "   <category render=\"true\" symbol=\"%zu\" value=\"%s\" label=\"%s\"/>\n", i,
                cats[i].value, cats[i].value);
    fputs("  </categories>\n  <symbols>\n", out);
    for (size_t i = 0; i < n; i++) {
        char name[24];
        snprintf(name, sizeof name, "%zu", i);
        if (line)
            put_line(out, name, cats[i].colour, NULL);
        else
            put_marker(out, name, "circle", cats[i].colour, "255,255,255,255", "3.2");
    }
    fputs("  </symbols>\n </renderer-v2>\n", out);
}

/* Simple labeling on a field (is_expr 0) or an expression (is_expr 1). */
static void put_labels(FILE *out, const char *text, int is_expr, int line)
{
    fputs(" <labeling type=\"simple\">\n  <settings calloutType=\"simple\">\n"
          "   <text-style fieldName=\"",
          out);
    put_attr(out, text);
    fprintf(out,
            "\" isExpression=\"%d\" fontSize=\"9\" fontSizeUnit=\"Point\" "
            "textColor=\"30,30,30,255\" textOpacity=\"1\" fontFamily=\"Sans Serif\">\n"
            "    <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
            "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\"/>\n"
            "   </text-style>\n"
            "   <placement placement=\"%d\" dist=\"1.2\" distUnits=\"MM\" "
            "placementFlags=\"10\" priority=\"5\"/>\n"
            "   <rendering drawLabels=\"1\" obstacle=\"1\" scaleVisibility=\"0\" "
            "labelPerPart=\"0\" mergeLines=\"0\"/>\n"
            "  </settings>\n </labeling>\n",
            is_expr, line ? 2 /* Line */ : 6 /* OrderedPositionsAroundPoint */);
}

static void put_single(FILE *out, int line, const char *colour, const char *shape,
                       const char *size_mm, const qml_dd *dd)
{
    fputs(" <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
          "enableorderby=\"0\">\n  <symbols>\n",
          out);
    if (line)
        put_line(out, "0", colour, dd);
    else
        put_marker(out, "0", shape, colour, "0,0,0,255", size_mm);
    fputs("  </symbols>\n </renderer-v2>\n", out);
}

const char *evm_layer_kind_name(evm_layer_kind kind)
{
    static const char *const names[EVM_LAYER__COUNT] = {"places", "events", "routes", "claims",
                                                        "crossings"};
    return (unsigned)kind < EVM_LAYER__COUNT ? names[kind] : NULL;
}

evm_error evm_emit_qml(FILE *out, evm_layer_kind kind)
{
    /* Colours shared with map.html (src/emit/assets/page/map.js). */
    static const qml_category event_types[] = {
        {"travel", "31,120,180,255"},    {"arrival", "51,160,44,255"},
        {"meeting", "106,61,154,255"},   {"visit", "177,89,40,255"},
        {"statement", "231,41,138,255"}, {"military", "227,26,28,255"},
        {"other", "99,99,99,255"},
    };
    static const qml_category verdicts[] = {
        {"consistent", "26,152,80,255"},
        {"inaccurate", "215,48,39,255"},
        {"unverifiable", "140,140,140,255"},
        {"none", "140,140,140,255"},
    };
    /* A stable colour per actor name: hue from the name's md5. */
    static const qml_dd route_colour = {
        "outlineColor",
        "color_hsv(to_int(('0x' || left(md5(coalesce(\"actor\", '')), 6)) ) % 360, 75, 70)"};

    if ((unsigned)kind >= EVM_LAYER__COUNT)
        return EVM_ERR_ARG;
    int line = kind == EVM_LAYER_ROUTES || kind == EVM_LAYER_CLAIMS;
    fputs("<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"1\">\n",
          out);
    switch (kind) {
    case EVM_LAYER_PLACES:
        put_single(out, 0, "255,255,255,255", "circle", "2.6", NULL);
        put_labels(out, "name", 0, 0);
        break;
    case EVM_LAYER_EVENTS:
        put_categorized(out, "type", event_types, sizeof event_types / sizeof event_types[0], 0);
        put_labels(out, "concat(\"trigger\", ' ', coalesce(\"date\", ''))", 1, 0);
        break;
    case EVM_LAYER_ROUTES:
        put_single(out, 1, "31,120,180,255", NULL, NULL, &route_colour);
        put_labels(out, "actor", 0, 1);
        break;
    case EVM_LAYER_CLAIMS:
        put_categorized(out, "distance_verdict", verdicts, sizeof verdicts / sizeof verdicts[0], 1);
        put_labels(out,
                   "concat(\"subject\", ' - ', \"reference\", ': ', "
                   "coalesce(to_string(round(\"measured_km\")) || ' km', ''))",
                   1, 1);
        break;
    case EVM_LAYER_CROSSINGS:
        put_single(out, 0, "255,217,47,255", "star", "4.5", NULL);
        put_labels(out, "concat(\"from_country\", ' -> ', \"to_country\")", 1, 0);
        break;
    default:
        return EVM_ERR_ARG;
    }
    fprintf(out, " <layerGeometryType>%d</layerGeometryType>\n</qgis>\n", line ? 1 : 0);
    return ferror(out) || fflush(out) != 0 ? EVM_ERR_IO : EVM_OK;
}
