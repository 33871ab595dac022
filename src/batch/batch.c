/*
 * batch.c - corpus mode: a reader and N workers over a bounded ring of work
 * items; the records leave in input order.
 *
 * The ring holds 8 items per worker: enough that a slow article does not
 * stall the others, small enough that memory stays bounded (an item keeps its
 * line and its printed output; buffers over 1 MiB are released after use).
 * Wake-ups are few: a full ring wakes the reader only once half of it is
 * free, the worker that finishes the record at the head of the ring writes
 * it (and those done after it) itself, so no thread waits for it, and nobody
 * signals a thread that is not waiting.
 *
 * cJSON note: cJSON_ParseWithLengthOpts() (1.7.15, Debian 12) resets and, on
 * failure, sets the library-global error position that cJSON_GetErrorPtr()
 * reads, on every call: parsing in two workers at once is a data race even
 * though nothing here reads that global (the position we report comes from
 * return_parse_end, which is per call). cJSON parsing is therefore serialised
 * by parse_mu. Most lines never reach cJSON: scan_line() reads the common
 * shape, one object of string members ({"id": "...", "text": "...", ...}),
 * without a lock and gives what cJSON would; a line of any other shape
 * (numbers, literals, nesting, escapes in keys, a BOM, errors) goes to cJSON
 * under the lock, which keeps every error reason as it was.
 */
#include "batch/batch.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "emit/json_print.h"
#include "emit/qml.h"
#include "extract/events.h"
#include "geometry/geolibs.h"
#include "geoparse/geoparse.h"
#include "lexicon/lexicon.h"
#include "text/text.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#define ITEMS_PER_WORKER 8
#define READ_CHUNK ((size_t)1 << 20)
#define KEEP_BUFFER_BYTES ((size_t)1 << 20)

/* Serialises cJSON parsing (its global error position; see above). */
static pthread_mutex_t parse_mu = PTHREAD_MUTEX_INITIALIZER;

/* ---- Per-worker arenas for cJSON ------------------------------------------ */

/* Each worker's cJSON allocations (the line's tree when cJSON parses it, the
 * layers, the records) come from its own arena, a few chunks reused from one
 * line to the next: allocation is a pointer bump, cJSON's free of arena memory
 * does nothing, and the whole arena is rewound after each line. The hooks
 * reach the arena through a thread-local pointer; on other threads, and for
 * memory the arena does not own (chunks exhausted, or memory cJSON frees that
 * another allocator made), they are evm_malloc() and evm_free(). */
#define ARENA_FIRST_CHUNK ((size_t)256 << 10)
#define ARENA_MAX_CHUNKS 24
#define ARENA_KEEP_BYTES ((size_t)4 << 20)
#define ARENA_ALIGN ((size_t)16)

typedef struct arena {
    char *base[ARENA_MAX_CHUNKS];
    size_t size[ARENA_MAX_CHUNKS];
    size_t nchunks; /* allocated chunks */
    size_t cur;     /* the chunk allocations come from (cur < nchunks, or nchunks == 0) */
    size_t used;    /* bytes used in chunk cur */
    size_t spilled; /* allocations since the last reset that went to evm_malloc() */
} arena;

static _Thread_local arena *tls_arena;

static void *arena_alloc(arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    while (a->cur < a->nchunks) {
        if (a->size[a->cur] - a->used >= size) {
            void *p = a->base[a->cur] + a->used;
            a->used += size;
            return p;
        }
        if (a->cur + 1 >= a->nchunks)
            break;
        a->cur++;
        a->used = 0;
    }
    if (a->nchunks >= ARENA_MAX_CHUNKS)
        return NULL;
    size_t chunk = a->nchunks ? a->size[a->nchunks - 1] * 2 : ARENA_FIRST_CHUNK;
    while (chunk < size)
        chunk *= 2;
    char *base = evm_malloc(chunk);
    if (!base)
        return NULL;
    a->base[a->nchunks] = base;
    a->size[a->nchunks] = chunk;
    a->cur = a->nchunks++;
    a->used = size;
    return base;
}

static bool arena_owns(const arena *a, const void *p)
{
    const char *c = p;
    for (size_t i = 0; i < a->nchunks; i++)
        if (c >= a->base[i] && c < a->base[i] + a->size[i])
            return true;
    return false;
}

/* Rewinds the arena; after a large line, gives back all but the first chunk. */
static void arena_reset(arena *a)
{
    size_t total = 0;
    for (size_t i = 0; i < a->nchunks; i++)
        total += a->size[i];
    if (total > ARENA_KEEP_BYTES) {
        for (size_t i = 1; i < a->nchunks; i++)
            evm_free(a->base[i]);
        a->nchunks = a->nchunks ? 1 : 0;
    }
    a->cur = 0;
    a->used = 0;
    a->spilled = 0;
}

static void arena_free_all(arena *a)
{
    for (size_t i = 0; i < a->nchunks; i++)
        evm_free(a->base[i]);
    memset(a, 0, sizeof *a);
}

static void *cjson_arena_malloc(size_t size)
{
    arena *a = tls_arena;
    if (!a)
        return evm_malloc(size);
    void *p = arena_alloc(a, size);
    if (!p) {
        p = evm_malloc(size);
        a->spilled += p != NULL;
    }
    return p;
}

static void cjson_arena_free(void *p)
{
    arena *a = tls_arena;
    if (!a || !arena_owns(a, p))
        evm_free(p);
}

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };
enum { RESULT_OK, RESULT_EMPTY, RESULT_ERROR };

typedef struct slot {
    int state;
    uint64_t line_no;      /* 1-based */
    uint64_t raw_bytes;    /* input bytes: the line, its newline, blank lines before it */
    uint64_t blank_before; /* blank lines skipped just before this one */
    bool too_long;         /* over max_line_bytes: `line` is empty */
    evm_buf line;          /* the line without its newline */
    evm_buf out;           /* records for the output */
    evm_buf err;           /* the error record */
    int result;
    uint64_t features;
} slot;

typedef struct batch batch;

typedef struct worker {
    batch *b;
    evm_pipeline *pipe;
    evm_buf scratch; /* the strings scan_line() decodes */
    arena arena;     /* this worker's cJSON memory (tls_arena on its thread) */
    pthread_t thread;
    bool started;
} worker;

struct batch {
    const evm_batch_opts *opts;
    FILE *out, *errors;
    pthread_mutex_t mu;
    pthread_cond_t can_read, can_work;
    bool reader_waits;     /* in its wait: woken only then */
    unsigned idle_workers; /* workers waiting for a line */
    size_t refill;         /* a full ring wakes the reader with this many free */
    slot *slots;
    size_t nslots;
    uint64_t next_read, next_work, next_write; /* sequence numbers, 0-based */
    bool eof;
    bool abort;
    evm_error fatal;
    evm_diag fatal_diag;
    bool writing;          /* a worker is in write_ready_locked() */
    bool dirty;            /* records written since the last flush */
    evm_batch_stats stats; /* owned by the writing worker; read after the joins */
};

void evm_batch_opts_init(evm_batch_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->layers = EVM_LAYERS_ALL;
    opts->format = EVM_BATCH_GEOJSONSEQ;
    opts->threads = 1;
    opts->max_article_bytes = EVM_BATCH_DEFAULT_MAX_ARTICLE_BYTES;
    opts->max_line_bytes = EVM_BATCH_DEFAULT_MAX_LINE_BYTES;
}

/* Records the first fatal error and wakes everyone up. Call with mu held. */
static void set_fatal_locked(batch *b, evm_error err, const char *msg)
{
    if (!b->abort) {
        b->abort = true;
        b->fatal = err;
        snprintf(b->fatal_diag.message, sizeof b->fatal_diag.message, "%s", msg);
    }
    pthread_cond_broadcast(&b->can_read);
    pthread_cond_broadcast(&b->can_work);
}

static void set_fatal(batch *b, evm_error err, const char *msg)
{
    pthread_mutex_lock(&b->mu);
    set_fatal_locked(b, err, msg);
    pthread_mutex_unlock(&b->mu);
}

/* ---- Parsing one line ----------------------------------------------------- */

static bool is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int hex4(const char *s, size_t len, size_t pos)
{
    if (pos + 4 > len)
        return -1;
    int v = 0;
    for (size_t i = pos; i < pos + 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Why cJSON stopped at byte `pos` of the line: a lone UTF-16 surrogate
 * escape, nesting beyond CJSON_NESTING_LIMIT, or plain malformed JSON. */
static void describe_parse_error(const char *s, size_t len, size_t pos, char *msg, size_t size)
{
    if (pos + 1 < len && s[pos] == '\\' && s[pos + 1] == 'u') {
        int cp = hex4(s, len, pos + 2);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            snprintf(msg, size,
                     "lone UTF-16 surrogate \\u%04X at byte %zu (not a valid code point)",
                     (unsigned)cp, pos);
            return;
        }
    }
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < pos && i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    if (depth >= CJSON_NESTING_LIMIT) {
        snprintf(msg, size, "malformed JSON: nesting deeper than %d levels at byte %zu",
                 CJSON_NESTING_LIMIT, pos);
        return;
    }
    /* cJSON stops just after the opening quote of a string it cannot close. */
    size_t quote = pos > 0 && s[pos - 1] == '"' ? pos - 1 : pos;
    if (quote < len && s[quote] == '"') {
        size_t i = quote + 1;
        while (i < len && s[i] != '"')
            i += s[i] == '\\' ? 2 : 1;
        if (i >= len) {
            snprintf(msg, size, "malformed JSON: unterminated string at byte %zu", quote);
            return;
        }
    }
    size_t rest = pos;
    while (rest < len && is_json_space(s[rest]))
        rest++;
    if (rest >= len) {
        snprintf(msg, size, "malformed JSON: unexpected end of line at byte %zu", len);
        return;
    }
    /* A short printable excerpt of where it stopped. */
    char near[24];
    size_t n = 0;
    for (size_t i = pos; i < len && n < 16; i++)
        near[n++] = s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\' ? s[i] : '?';
    near[n] = '\0';
    snprintf(msg, size, "malformed JSON at byte %zu near '%s'", pos, near);
}

static const char *json_type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "not a value";
}

/* "YYYY-MM-DD", optionally followed by 'T' or ' ' and a time; copies the
 * date into out[11]. */
static bool parse_date(const char *s, char out[11])
{
    for (int i = 0; i < 10; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
            return false;
    }
    if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
        return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    memcpy(out, s, 10);
    out[10] = '\0';
    return true;
}

/* Appends {"line": N, "id": id|null, "error": msg} and a newline. */
static evm_error error_record(slot *s, const char *id, const char *msg)
{
    s->result = RESULT_ERROR;
    s->err.len = 0;
    cJSON *rec = cJSON_CreateObject();
    bool ok = rec && cJSON_AddNumberToObject(rec, "line", (double)s->line_no) &&
              (id ? cJSON_AddStringToObject(rec, "id", id) != NULL
                  : cJSON_AddNullToObject(rec, "id") != NULL) &&
              cJSON_AddStringToObject(rec, "error", msg);
    char *text = ok ? cJSON_PrintUnformatted(rec) : NULL;
    cJSON_Delete(rec);
    evm_error err = text ? evm_buf_puts(&s->err, text) : EVM_ERR_NOMEM;
    if (!err)
        err = evm_buf_append(&s->err, "\n", 1);
    cJSON_free(text);
    return err;
}

/* Prints `item` compactly at the end of `out`: evm_json_print() writes what
 * cJSON_PrintUnformatted() would, without its sprintf/sscanf per number
 * (see BENCHMARKS.md, "Printing JSON: the decision"). */
static evm_error print_into(const cJSON *item, evm_buf *out)
{
    return evm_json_print(item, out);
}

static evm_error begin_record(const batch *b, evm_buf *out)
{
    return b->opts->format == EVM_BATCH_GEOJSONSEQ ? evm_buf_append(out, "\x1e", 1) : EVM_OK;
}

/* Adds article_id and layer to each feature and prints it. */
static evm_error emit_features(worker *w, slot *s, evm_layers *layers, const char *id)
{
    for (int k = 0; k < EVM_LAYER__COUNT; k++) {
        cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(layers->layer[k], "features"))
        {
            cJSON *props = cJSON_GetObjectItem(f, "properties");
            if (!cJSON_IsObject(props)) {
                cJSON_DeleteItemFromObject(f, "properties");
                props = cJSON_AddObjectToObject(f, "properties");
                if (!props)
                    return EVM_ERR_NOMEM;
            }
            /* References and constant keys: no copies per feature. `id`
             * outlives the layers (they are freed first). */
            cJSON *aid = id ? cJSON_CreateStringReference(id) : cJSON_CreateNull();
            if (!aid || !cJSON_AddItemToObjectCS(props, "article_id", aid)) {
                cJSON_Delete(aid);
                return EVM_ERR_NOMEM;
            }
            cJSON *layer = cJSON_CreateStringReference(evm_layer_kind_name((evm_layer_kind)k));
            if (!layer || !cJSON_AddItemToObjectCS(props, "layer", layer)) {
                cJSON_Delete(layer);
                return EVM_ERR_NOMEM;
            }
            evm_error err = begin_record(w->b, &s->out);
            if (!err)
                err = print_into(f, &s->out);
            if (!err)
                err = evm_buf_append(&s->out, "\n", 1);
            if (err)
                return err;
            s->features++;
        }
    }
    return EVM_OK;
}

static evm_error empty_record(worker *w, slot *s, const char *id)
{
    s->result = RESULT_EMPTY;
    cJSON *rec = cJSON_CreateObject();
    bool ok = rec && cJSON_AddStringToObject(rec, "type", "evmap:empty") &&
              (id ? cJSON_AddStringToObject(rec, "article_id", id) != NULL
                  : cJSON_AddNullToObject(rec, "article_id") != NULL);
    evm_error err = ok ? begin_record(w->b, &s->out) : EVM_ERR_NOMEM;
    if (!err)
        err = print_into(rec, &s->out);
    if (!err)
        err = evm_buf_append(&s->out, "\n", 1);
    cJSON_Delete(rec);
    return err;
}

/* ---- Plain lines without cJSON ---------------------------------------------- */

/* Scans the body of a string from s[*pos] (just after its opening quote) to
 * its closing quote, left at *pos. False for what scan_line() leaves to
 * cJSON: a NUL byte, an escape cJSON refuses, \u0000 (cJSON ends the string
 * there) and any \u escape of a UTF-16 surrogate. */
static bool scan_string(const char *s, size_t len, size_t *pos, bool *escaped)
{
    size_t i = *pos;
    for (;;) {
        /* The closing quote, or the first escape before it (memchr: many
         * bytes at a time), then no NUL up to there. */
        const char *q = memchr(s + i, '"', len - i);
        size_t end = q ? (size_t)(q - s) : len;
        const char *bs = memchr(s + i, '\\', end - i);
        size_t stop = bs ? (size_t)(bs - s) : end;
        if (memchr(s + i, '\0', stop - i))
            return false;
        if (!bs) {
            if (!q)
                return false;
            *pos = end;
            return true;
        }
        i = stop;
        if (i + 1 >= len)
            return false;
        *escaped = true;
        switch (s[i + 1]) {
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
        case '"':
        case '\\':
        case '/':
            i += 2;
            break;
        case 'u': {
            int cp = hex4(s, len, i + 2);
            if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                return false;
            i += 6;
            break;
        }
        default:
            return false;
        }
    }
}

/* Decodes the string body s[0, len) (checked by scan_string()) as cJSON
 * does, to `out` with a NUL; returns the decoded length. */
static size_t decode_string(const char *s, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '\\') {
            const char *bs = memchr(s + i, '\\', len - i);
            size_t run = bs ? (size_t)(bs - s) - i : len - i;
            memcpy(out + n, s + i, run);
            n += run;
            i += run;
            continue;
        }
        char e = s[i + 1];
        i += 2;
        switch (e) {
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'n':
            out[n++] = '\n';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'u': {
            unsigned cp = (unsigned)hex4(s, len, i);
            i += 4;
            if (cp < 0x80) {
                out[n++] = (char)cp;
            } else if (cp < 0x800) {
                out[n++] = (char)(0xC0 | (cp >> 6));
                out[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                out[n++] = (char)(0xE0 | (cp >> 12));
                out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: /* '"', '\\', '/' */
            out[n++] = e;
            break;
        }
    }
    out[n] = '\0';
    return n;
}

enum { FIELD_ID, FIELD_TEXT, FIELD_DATE, FIELD__COUNT };

/* A line of the usual shape: one object whose members are all strings, keys
 * without escapes, JSON white space only, nothing after it. Fills val[f]
 * (decoded into `scratch`, NULL when the member is absent) and val_len[f]
 * for the first member named fields[f], as cJSON_GetObjectItemCaseSensitive()
 * would find it. False (nothing filled) for any other line, including one
 * without a text member, so that cJSON and its error reasons take it. */
static bool scan_line(const char *s, size_t len, const char *const fields[FIELD__COUNT],
                      evm_buf *scratch, char *val[FIELD__COUNT], size_t val_len[FIELD__COUNT])
{
    size_t at[FIELD__COUNT] = {0}, raw_len[FIELD__COUNT] = {0};
    bool found[FIELD__COUNT] = {false}, escaped[FIELD__COUNT] = {false};
    size_t field_len[FIELD__COUNT];
    for (int f = 0; f < FIELD__COUNT; f++)
        field_len[f] = strlen(fields[f]);
    size_t i = 0;
    while (i < len && is_json_space(s[i]))
        i++;
    if (i >= len || s[i] != '{')
        return false;
    i++;
    for (;;) {
        while (i < len && is_json_space(s[i]))
            i++;
        if (i >= len || s[i] != '"')
            return false;
        size_t key = ++i;
        bool key_escaped = false;
        if (!scan_string(s, len, &i, &key_escaped) || key_escaped)
            return false;
        size_t key_len = i - key;
        i++;
        while (i < len && is_json_space(s[i]))
            i++;
        if (i >= len || s[i] != ':')
            return false;
        i++;
        while (i < len && is_json_space(s[i]))
            i++;
        if (i >= len || s[i] != '"')
            return false;
        size_t value = ++i;
        bool value_escaped = false;
        if (!scan_string(s, len, &i, &value_escaped))
            return false;
        for (int f = 0; f < FIELD__COUNT; f++) {
            if (!found[f] && key_len == field_len[f] && memcmp(s + key, fields[f], key_len) == 0) {
                found[f] = true;
                at[f] = value;
                raw_len[f] = i - value;
                escaped[f] = value_escaped;
            }
        }
        i++;
        while (i < len && is_json_space(s[i]))
            i++;
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i < len && s[i] == '}')
            break;
        return false;
    }
    i++;
    while (i < len && is_json_space(s[i]))
        i++;
    if (i < len || !found[FIELD_TEXT])
        return false;
    /* Decoded strings are never longer than their JSON bodies. */
    scratch->len = 0;
    if (evm_buf_reserve(scratch, len + FIELD__COUNT) != EVM_OK)
        return false;
    for (int f = 0; f < FIELD__COUNT; f++) {
        val[f] = NULL;
        val_len[f] = 0;
        if (!found[f])
            continue;
        int same = -1; /* two fields naming one member share its string, as in cJSON */
        for (int g = 0; g < f; g++)
            if (found[g] && at[g] == at[f])
                same = g;
        if (same >= 0) {
            val[f] = val[same];
            val_len[f] = val_len[same];
            continue;
        }
        char *out = scratch->data + scratch->len;
        if (escaped[f]) {
            val_len[f] = decode_string(s + at[f], raw_len[f], out);
        } else {
            memcpy(out, s + at[f], raw_len[f]);
            out[raw_len[f]] = '\0';
            val_len[f] = raw_len[f];
        }
        val[f] = out;
        scratch->len += val_len[f] + 1;
    }
    return true;
}

/* The id as a string: valid UTF-8, else false with a reason. */
static bool check_id_string(const char *v, size_t len, const char *field, char *msg, size_t size)
{
    size_t bad = 0;
    if (evm_utf8_validate(v, len, &bad) != EVM_OK) {
        snprintf(msg, size, "\"%s\": invalid UTF-8 at byte %zu of the id", field, bad);
        return false;
    }
    return true;
}

/* Reads the id member: a string (valid UTF-8) or an integer (as decimal);
 * absent or null gives NULL. Returns false with a reason otherwise. */
static bool read_id(const cJSON *v, const char *field, char *num, size_t num_size, const char **id,
                    char *msg, size_t size)
{
    *id = NULL;
    if (!v || cJSON_IsNull(v))
        return true;
    if (cJSON_IsString(v)) {
        if (!check_id_string(v->valuestring, strlen(v->valuestring), field, msg, size))
            return false;
        *id = v->valuestring;
        return true;
    }
    /* Integers up to 2^53 survive cJSON's double exactly. */
    if (cJSON_IsNumber(v) && v->valuedouble == (double)(int64_t)v->valuedouble &&
        v->valuedouble <= 9007199254740992.0 && v->valuedouble >= -9007199254740992.0) {
        snprintf(num, num_size, "%lld", (long long)v->valuedouble);
        *id = num;
        return true;
    }
    snprintf(msg, size, "\"%s\" is %s, not a string or an integer", field,
             cJSON_IsNumber(v) ? "a non-integer or too large number" : json_type_name(v));
    return false;
}

/* Turns one line into its records. Only an allocation failure while writing
 * the error record itself is returned (and stops the run). */
static evm_error process(worker *w, slot *s)
{
    const evm_batch_opts *o = w->b->opts;
    const char *id_field = o->id_field ? o->id_field : "id";
    const char *text_field = o->text_field ? o->text_field : "text";
    const char *date_field = o->date_field ? o->date_field : "date";
    char msg[700];
    s->out.len = 0;
    s->err.len = 0;
    s->features = 0;
    s->result = RESULT_OK;
    if (s->too_long) {
        snprintf(msg, sizeof msg, "line longer than %zu bytes (--max-line-bytes): skipped",
                 o->max_line_bytes);
        return error_record(s, NULL, msg);
    }
    const char *line = s->line.data;
    size_t len = s->line.len;
    evm_error err = EVM_OK;
    const char *id = NULL;
    char num[32];
    char date_buf[11];
    evm_layers layers = {{0}};
    cJSON *root = NULL;
    char *text_str;
    size_t text_len;
    const char *date_in = NULL; /* the date member's string ("": not a string); NULL: absent */
    const char *const fields[FIELD__COUNT] = {id_field, text_field, date_field};
    char *val[FIELD__COUNT];
    size_t val_len[FIELD__COUNT];
    if (scan_line(line, len, fields, &w->scratch, val, val_len)) {
        if (val[FIELD_ID] &&
            !check_id_string(val[FIELD_ID], val_len[FIELD_ID], id_field, msg, sizeof msg))
            return error_record(s, NULL, msg);
        id = val[FIELD_ID];
        text_str = val[FIELD_TEXT];
        text_len = val_len[FIELD_TEXT];
        date_in = val[FIELD_DATE];
    } else {
        const char *end = NULL;
        unsigned long failures = evm_alloc_failures();
        pthread_mutex_lock(&parse_mu);
        root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
        pthread_mutex_unlock(&parse_mu);
        if (!root && evm_alloc_failures() != failures)
            return error_record(s, NULL, "out of memory while parsing the line");
        if (!root) {
            size_t pos = end && end >= line ? (size_t)(end - line) : 0;
            describe_parse_error(line, len, pos, msg, sizeof msg);
            return error_record(s, NULL, msg);
        }
        size_t tail = (size_t)(end - line);
        while (tail < len && is_json_space(line[tail]))
            tail++;
        if (tail < len) {
            snprintf(msg, sizeof msg, "malformed JSON: text after the value at byte %zu", tail);
            err = error_record(s, NULL, msg);
            goto done;
        }
        if (!cJSON_IsObject(root)) {
            snprintf(msg, sizeof msg, "not a JSON object but %s", json_type_name(root));
            err = error_record(s, NULL, msg);
            goto done;
        }
        if (!read_id(cJSON_GetObjectItemCaseSensitive(root, id_field), id_field, num, sizeof num,
                     &id, msg, sizeof msg)) {
            err = error_record(s, NULL, msg);
            goto done;
        }
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, text_field);
        if (!text || !cJSON_IsString(text)) {
            if (!text)
                snprintf(msg, sizeof msg, "no \"%s\" member", text_field);
            else
                snprintf(msg, sizeof msg, "\"%s\" is %s, not a string", text_field,
                         json_type_name(text));
            err = error_record(s, id, msg);
            goto done;
        }
        text_str = text->valuestring;
        text_len = strlen(text_str);
        const cJSON *date = cJSON_GetObjectItemCaseSensitive(root, date_field);
        if (date && !cJSON_IsNull(date))
            date_in = cJSON_IsString(date) ? date->valuestring : "";
    }
    if (text_len > o->max_article_bytes) {
        snprintf(msg, sizeof msg, "\"%s\" is %zu bytes, over --max-article-bytes %zu", text_field,
                 text_len, o->max_article_bytes);
        err = error_record(s, id, msg);
        goto done;
    }
    const char *date_str = NULL;
    if (date_in) {
        if (!parse_date(date_in, date_buf)) {
            snprintf(msg, sizeof msg, "\"%s\" is not a YYYY-MM-DD date", date_field);
            err = error_record(s, id, msg);
            goto done;
        }
        date_str = date_buf;
    }
    if (o->pipeline.geoparse_flags & EVM_GEOPARSE_LENIENT)
        evm_utf8_scrub(text_str, text_len);
    evm_article art = {id, text_str, text_len, date_str};
    evm_diag diag = {{0}};
    /* Every layer's features are written straight to s->out as records
     * (no cJSON tree; emit_features() then finds no trees to print). */
    evm_records rec = {&s->out, id, o->format == EVM_BATCH_GEOJSONSEQ ? "\x1e" : "", 0};
    evm_error perr = evm_pipeline_run_records(w->pipe, &art, o->layers, &layers, &rec, &diag);
    s->features = rec.features;
    if (perr) {
        const char *why = diag.message[0] ? diag.message : evm_error_describe(perr);
        if (perr == EVM_ERR_UTF8)
            snprintf(msg, sizeof msg, "\"%s\": %s", text_field, why);
        else
            snprintf(msg, sizeof msg, "%s", why);
        err = error_record(s, id, msg);
        goto done;
    }
    perr = emit_features(w, s, &layers, id);
    if (!perr && s->features == 0)
        perr = empty_record(w, s, id);
    if (perr) {
        s->out.len = 0;
        s->features = 0;
        snprintf(msg, sizeof msg, "cannot print the features: %s", evm_error_describe(perr));
        err = error_record(s, id, msg);
    }
done:
    /* When every node is arena memory, the caller's arena_reset() frees it. */
    if (w->arena.spilled || tls_arena != &w->arena) {
        evm_layers_free(&layers);
        cJSON_Delete(root);
    }
    return err;
}

/* ---- Threads -------------------------------------------------------------- */

static void shrink(evm_buf *buf)
{
    if (buf->cap > KEEP_BUFFER_BYTES) {
        evm_buf_free(buf);
        memset(buf, 0, sizeof *buf);
    }
}

static bool write_all(FILE *f, const evm_buf *buf)
{
    return buf->len == 0 || fwrite(buf->data, 1, buf->len, f) == buf->len;
}

static void write_failed(batch *b, const char *what)
{
    char msg[300];
    snprintf(msg, sizeof msg, "cannot write %s: %s", what, strerror(errno));
    set_fatal(b, EVM_ERR_IO, msg);
}

static bool flush_streams(batch *b)
{
    if (fflush(b->out) != 0) {
        write_failed(b, "the output");
        return false;
    }
    if (b->errors != b->out && fflush(b->errors) != 0) {
        write_failed(b, "the error records");
        return false;
    }
    return true;
}

/* Writes the finished records at the head of the ring, in order, then
 * flushes, so that a consumer reading the output line by line is never kept
 * waiting for records already done. The worker that finishes the record at
 * the head calls it; while one worker writes, the others leave their records
 * to it (it checks again after each record). Call with mu held. */
static void write_ready_locked(batch *b)
{
    if (b->writing)
        return;
    b->writing = true;
    for (;;) {
        slot *s = &b->slots[b->next_write % b->nslots];
        bool ready = !b->abort && b->next_write < b->next_read && s->state == SLOT_DONE;
        if (!ready) {
            if (!b->dirty || b->abort)
                break;
            pthread_mutex_unlock(&b->mu);
            bool ok = flush_streams(b);
            pthread_mutex_lock(&b->mu);
            if (!ok)
                break;
            b->dirty = false;
            continue;
        }
        pthread_mutex_unlock(&b->mu);
        bool ok = write_all(b->out, &s->out);
        if (!ok)
            write_failed(b, "the output");
        if (ok && s->err.len && !write_all(b->errors, &s->err)) {
            write_failed(b, "the error records");
            ok = false;
        }
        if (ok) {
            evm_batch_stats *st = &b->stats;
            st->records++;
            st->ok += s->result == RESULT_OK;
            st->empty += s->result == RESULT_EMPTY;
            st->errors += s->result == RESULT_ERROR;
            st->blank += s->blank_before;
            st->features += s->features;
            st->bytes_in += s->raw_bytes;
            st->bytes_out += s->out.len;
            if (b->opts->progress)
                b->opts->progress(st, b->opts->progress_ctx);
        }
        shrink(&s->line);
        shrink(&s->out);
        shrink(&s->err);
        pthread_mutex_lock(&b->mu);
        if (!ok) {
            b->dirty = false;
            break;
        }
        b->dirty = true;
        s->state = SLOT_FREE;
        b->next_write++;
        if (b->reader_waits && b->next_read - b->next_write <= b->nslots - b->refill)
            pthread_cond_signal(&b->can_read);
    }
    b->writing = false;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    tls_arena = &w->arena;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->abort && b->next_work == b->next_read && !b->eof) {
            b->idle_workers++;
            pthread_cond_wait(&b->can_work, &b->mu);
            b->idle_workers--;
        }
        if (b->abort || b->next_work == b->next_read)
            break;
        uint64_t seq = b->next_work++;
        slot *s = &b->slots[seq % b->nslots];
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&b->mu);
        evm_error err = process(w, s);
        arena_reset(&w->arena);
        pthread_mutex_lock(&b->mu);
        if (err)
            set_fatal_locked(b, err, "out of memory");
        s->state = SLOT_DONE;
        if (seq == b->next_write)
            write_ready_locked(b);
    }
    pthread_mutex_unlock(&b->mu);
    tls_arena = NULL;
    return NULL;
}

/* ---- Reading lines -------------------------------------------------------- */

typedef struct reader {
    int fd;
    char *buf;
    size_t pos, end;
    bool eof;
    uint64_t line_no;
} reader;

/* Reads the next line into s->line (at most max bytes; a longer one is
 * consumed to its newline and flagged too_long). Returns 1 with a line, 0 at
 * the end, or an error (EVM_ERR_IO with errno, EVM_ERR_NOMEM) as negative. */
static int read_line(reader *r, slot *s, size_t max, uint64_t *raw)
{
    bool any = false;
    s->line.len = 0;
    s->too_long = false;
    for (;;) {
        if (r->pos == r->end) {
            if (r->eof)
                return any;
            ssize_t got = read(r->fd, r->buf, READ_CHUNK);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                return -EVM_ERR_IO;
            }
            if (got == 0) {
                r->eof = true;
                return any;
            }
            r->pos = 0;
            r->end = (size_t)got;
        }
        any = true;
        const char *start = r->buf + r->pos;
        size_t avail = r->end - r->pos;
        const char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!s->too_long) {
            if (take > max - s->line.len) {
                s->too_long = true;
                s->line.len = 0;
                shrink(&s->line);
            } else if (evm_buf_append(&s->line, start, take) != EVM_OK) {
                return -EVM_ERR_NOMEM;
            }
        }
        size_t used = take + (nl ? 1 : 0);
        *raw += used;
        r->pos += used;
        if (nl)
            return 1;
    }
}

static bool is_blank(const evm_buf *line)
{
    for (size_t i = 0; i < line->len; i++)
        if (!is_json_space(line->data[i]))
            return false;
    return true;
}

evm_error evm_batch_run(const evm_gazetteer *gz, const evm_batch_opts *opts, FILE *in, FILE *out,
                        FILE *errors, evm_batch_stats *stats, evm_diag *diag)
{
    memset(stats, 0, sizeof *stats);
    if (opts->threads < 1 || opts->threads > EVM_BATCH_MAX_THREADS || opts->max_line_bytes < 2 ||
        opts->max_article_bytes < 1)
        return evm_diag_set(diag, EVM_ERR_ARG, "batch: threads or limits out of range");
    evm_batch_opts o = *opts;
    if (!o.layers)
        o.layers = EVM_LAYERS_ALL;
    batch b;
    memset(&b, 0, sizeof b);
    b.opts = &o;
    b.out = out;
    b.errors = errors;
    b.nslots = (size_t)o.threads * ITEMS_PER_WORKER;
    b.refill = b.nslots / 2;
    worker *workers = evm_calloc(o.threads, sizeof *workers);
    b.slots = evm_calloc(b.nslots, sizeof *b.slots);
    reader r = {fileno(in), evm_malloc(READ_CHUNK), 0, 0, false, 0};
    if (!workers || !b.slots || !r.buf) {
        evm_free(workers);
        evm_free(b.slots);
        evm_free(r.buf);
        return evm_diag_set(diag, EVM_ERR_NOMEM, "batch: out of memory");
    }
    /* cJSON allocates from the workers' arenas on their threads (set before
     * any of them starts; elsewhere these hooks are evm_malloc/evm_free). */
    cJSON_Hooks hooks = {cjson_arena_malloc, cjson_arena_free};
    cJSON_InitHooks(&hooks);
    /* What each worker would otherwise start on its own (once, through
     * pthread_once): the lexicon's indexes, event extraction's tables and,
     * for the layers that need them, PROJ and GEOS (a failure to load is
     * reported by the workers). */
    evm_lex_prepare();
    evm_events_prepare();
    unsigned geo_layers =
        (1u << EVM_LAYER_CLAIMS) | (1u << EVM_LAYER_ROUTES) | (1u << EVM_LAYER_CROSSINGS);
    if (o.layers & geo_layers) {
        char why[256];
        (void)evm_geolibs_load(why, sizeof why);
    }
    evm_error err = EVM_OK;
    for (unsigned i = 0; i < o.threads && !err; i++) {
        workers[i].b = &b;
        err = evm_pipeline_create(gz, &o.pipeline, &workers[i].pipe, diag);
    }
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.can_read, NULL);
    pthread_cond_init(&b.can_work, NULL);
    for (unsigned i = 0; i < o.threads && !err; i++) {
        if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
            err = evm_diag_set(diag, EVM_ERR_NOMEM, "batch: cannot start a thread");
        else
            workers[i].started = true;
    }
    if (err)
        set_fatal(&b, err, diag ? diag->message : "");

    /* The reader: this thread. */
    uint64_t pending_blank = 0, pending_raw = 0;
    pthread_mutex_lock(&b.mu);
    while (!b.abort) {
        /* When the ring is full, wait until a few slots are free, not one:
         * fewer wake-ups of this thread (and of the worker that frees them). */
        if (b.next_read - b.next_write >= b.nslots) {
            while (!b.abort && b.next_read - b.next_write > b.nslots - b.refill) {
                b.reader_waits = true;
                pthread_cond_wait(&b.can_read, &b.mu);
                b.reader_waits = false;
            }
        }
        if (b.abort)
            break;
        slot *s = &b.slots[b.next_read % b.nslots];
        pthread_mutex_unlock(&b.mu);
        int got;
        for (;;) {
            got = read_line(&r, s, o.max_line_bytes, &pending_raw);
            if (got != 1)
                break;
            r.line_no++;
            if (s->too_long || !is_blank(&s->line))
                break;
            pending_blank++;
        }
        int read_errno = errno;
        pthread_mutex_lock(&b.mu);
        if (got < 0) {
            char msg[300];
            snprintf(msg, sizeof msg, "cannot read the input: %s",
                     got == -EVM_ERR_IO ? strerror(read_errno) : "out of memory");
            set_fatal_locked(&b, (evm_error)-got, msg);
            break;
        }
        if (got == 0)
            break;
        s->line_no = r.line_no;
        s->raw_bytes = pending_raw;
        s->blank_before = pending_blank;
        pending_raw = pending_blank = 0;
        s->state = SLOT_READY;
        b.next_read++;
        if (b.idle_workers)
            pthread_cond_signal(&b.can_work);
    }
    b.eof = true;
    pthread_cond_broadcast(&b.can_work);
    pthread_mutex_unlock(&b.mu);

    for (unsigned i = 0; i < o.threads; i++)
        if (workers[i].started)
            pthread_join(workers[i].thread, NULL);
    if (b.dirty) /* a run stopped by an error: what was written still goes out */
        flush_streams(&b);
    *stats = b.stats;
    stats->blank += pending_blank;
    stats->bytes_in += pending_raw;
    if (b.abort && !err)
        err = evm_diag_set(diag, b.fatal, "%s", b.fatal_diag.message);

    for (unsigned i = 0; i < o.threads; i++) {
        evm_pipeline_destroy(workers[i].pipe);
        evm_buf_free(&workers[i].scratch);
        arena_free_all(&workers[i].arena);
    }
    for (size_t i = 0; i < b.nslots; i++) {
        evm_buf_free(&b.slots[i].line);
        evm_buf_free(&b.slots[i].out);
        evm_buf_free(&b.slots[i].err);
    }
    pthread_cond_destroy(&b.can_read);
    pthread_cond_destroy(&b.can_work);
    pthread_mutex_destroy(&b.mu);
    evm_free(workers);
    evm_free(b.slots);
    evm_free(r.buf);
    return err;
}
