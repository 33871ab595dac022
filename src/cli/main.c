/*
 * main.c - the evmap command: dispatches to the subcommands.
 */
#include "cli/cli.h"

#include "core/alloc.h"
#include "geoparse/geoparse.h"
#include "text/text.h"

#include <cjson/cJSON.h>

#include <stdbool.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const evm_command commands[] = {
    {"map", "turn an article into map layers (GeoJSON, QGIS styles, map.html)", evm_cmd_map},
    {"batch", "geocode a corpus: JSON Lines articles in, GeoJSONSeq features out", evm_cmd_batch},
    {"places", "find and resolve the places an article names", evm_cmd_places},
    {"check", "check the distance, direction and containment claims of an article", evm_cmd_check},
    {"distance", "geodesic distance and bearing between two places", evm_cmd_distance},
    {"route", "a geodesic route through places, with legs and border crossings", evm_cmd_route},
    {"lookup", "look a place name up in the gazetteer", evm_cmd_lookup},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: evmap COMMAND [OPTIONS] [ARGS]\n\n"
                 "Turns news articles into maps of the places, events, routes and distance\n"
                 "claims they contain.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nRun 'evmap COMMAND --help' for a command's options.\n"
            "Options of every command that reads the gazetteer:\n"
            "  --gazetteer PATH        index file (default: $EVMAP_GAZETTEER, else\n"
            "                          evmap.idx beside the executable)\n"
            "  --gazetteer-extra FILE  merge your own places (GeoNames TSV or GeoJSON points)\n"
            "Options of the commands that read one article (places, check, map):\n"
            "  --max-article-bytes N   refuse larger articles (default 16777216)\n"
            "\nExit status: 0 success, 1 usage error, 2 input or data error,\n"
            "3 'check --fail-on-inaccurate' found an inaccurate or wrong claim.\n");
}

int evm_cli_fail(int status, const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "evmap %s: ", command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return status;
}

int evm_cli_shared_option(const char *command, int argc, char **argv, int *i,
                          evm_article_opts *opts)
{
    const char *a = argv[*i];
    bool has_value = strcmp(a, "--gazetteer") == 0 || strcmp(a, "--gazetteer-extra") == 0 ||
                     strcmp(a, "--max-article-bytes") == 0;
    if (has_value && *i + 1 >= argc) {
        evm_cli_fail(EVM_EXIT_USAGE, command, "%s needs a value", a);
        return -1;
    }
    if (strcmp(a, "--gazetteer") == 0)
        opts->gazetteer.path = argv[++*i];
    else if (strcmp(a, "--gazetteer-extra") == 0)
        opts->gazetteer.extra = argv[++*i];
    else if (strcmp(a, "--lenient") == 0)
        opts->geoparse_flags |= EVM_GEOPARSE_LENIENT;
    else if (strcmp(a, "--max-article-bytes") == 0) {
        const char *v = argv[++*i];
        char *end = NULL;
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (v[0] < '0' || v[0] > '9' || *end || errno || n == 0 || n > SIZE_MAX - 1) {
            evm_cli_fail(EVM_EXIT_USAGE, command,
                         "--max-article-bytes: not a positive byte count: %s", v);
            return -1;
        }
        opts->max_article_bytes = (size_t)n;
    } else
        return 0;
    return 1;
}

int evm_cli_open_gazetteer(const evm_gazetteer_opts *opts, evm_gazetteer **out)
{
    evm_diag diag = {{0}};
    evm_gazetteer *gz = NULL;
    if (evm_gazetteer_open(opts->path, &gz, &diag) != EVM_OK) {
        fprintf(stderr, "evmap: %s\n", diag.message);
        return EVM_EXIT_DATA;
    }
    if (opts->extra && evm_gazetteer_merge_extra(gz, opts->extra, &diag) != EVM_OK) {
        fprintf(stderr, "evmap: %s\n", diag.message);
        evm_gazetteer_close(gz);
        return EVM_EXIT_DATA;
    }
    *out = gz;
    return EVM_EXIT_OK;
}

static evm_error read_file_max(const char *path, size_t max, char **data, size_t *len,
                               evm_diag *diag);

evm_error evm_cli_read_file(const char *path, char **data, size_t *len, evm_diag *diag)
{
    return read_file_max(path, SIZE_MAX - 1, data, len, diag);
}

evm_error evm_cli_read_article(const char *path, const evm_article_opts *opts, char **data,
                               size_t *len, evm_diag *diag)
{
    size_t max = opts->max_article_bytes ? opts->max_article_bytes : EVM_CLI_MAX_ARTICLE_BYTES;
    evm_error err = read_file_max(path, max, data, len, diag);
    if (!err && (opts->geoparse_flags & EVM_GEOPARSE_LENIENT))
        evm_utf8_scrub(*data, *len); /* offsets hold; output stays valid UTF-8 */
    return err;
}

int evm_cli_open_article(const char *command, const char *path, const evm_article_opts *opts,
                         char **text, size_t *len, evm_gazetteer **gz)
{
    evm_diag diag = {{0}};
    if (evm_cli_read_article(path, opts, text, len, &diag) != EVM_OK)
        return evm_cli_fail(EVM_EXIT_DATA, command, "%s", diag.message);
    int status = evm_cli_open_gazetteer(&opts->gazetteer, gz);
    if (status) {
        evm_free(*text);
        *text = NULL;
    }
    return status;
}

/* Reads at most `max` bytes; EVM_ERR_LIMIT when there are more. */
static evm_error read_file_max(const char *path, size_t max, char **data, size_t *len,
                               evm_diag *diag)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return evm_diag_set(diag, EVM_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    evm_error err = EVM_OK;
    for (;;) {
        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 65536 + 1;
            char *p = evm_realloc(buf, ncap);
            if (!p) {
                err = evm_diag_set(diag, EVM_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            buf = p;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max) {
            err = evm_diag_set(diag, EVM_ERR_LIMIT,
                               "%s: article larger than %zu bytes (see --max-article-bytes)", path,
                               max);
            break;
        }
        if (got == 0) {
            if (ferror(f))
                err = evm_diag_set(diag, EVM_ERR_IO, "%s: read error: %s", path, strerror(errno));
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (err) {
        evm_free(buf);
        return err;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return EVM_OK;
}

static void *cjson_malloc(size_t size)
{
    return evm_malloc(size);
}

static void cjson_free(void *ptr)
{
    evm_free(ptr);
}

int main(int argc, char **argv)
{
    /* cJSON allocates through the library's allocator too, so that one
     * allocator (and the allocation-failure build) covers every layer and
     * output the commands build. Set once, before any thread starts. */
    cJSON_Hooks hooks = {cjson_malloc, cjson_free};
    cJSON_InitHooks(&hooks);
#ifdef EVMAP_ALLOC_HOOKS
    /* Allocation-failure test builds only: EVMAP_ALLOC_FAIL_AFTER=N fails the
     * (N+1)th allocation and every later one (tests/alloc/cli_sweep.sh). */
    const char *fail_after = getenv("EVMAP_ALLOC_FAIL_AFTER");
    if (fail_after && *fail_after)
        evm_alloc_fail_after(strtol(fail_after, NULL, 10));
#endif
    if (argc < 2) {
        usage(stderr);
        return EVM_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EVM_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("evmap %s\n", EVM_VERSION_STRING);
        return EVM_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "evmap: unknown command '%s'\n", cmd);
    usage(stderr);
    return EVM_EXIT_USAGE;
}
