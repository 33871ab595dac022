/*
 * cmd_batch.c - `evmap batch [FILE|-]`: a corpus of JSON Lines articles in,
 * GeoJSONSeq (or JSON Lines) features out, on every core. See batch/batch.h
 * for the record formats and docs/batch.md for the stream contract.
 */
#include "cli/cli.h"

#include "batch/batch.h"
#include "pipeline/pipeline.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void batch_usage(FILE *out)
{
    fprintf(
        out,
        "usage: evmap batch [FILE|-] [--format geojsonseq|jsonl] [--layers LIST] [-j N]\n"
        "                   [--errors FILE] [--max-article-bytes N] [--max-line-bytes N]\n"
        "                   [--id-field NAME] [--text-field NAME] [--date-field NAME]\n"
        "                   [--max-segment-km KM] [--tolerate-errors] [--lenient]\n"
        "                   [--gazetteer PATH] [--gazetteer-extra FILE]\n\n"
        "Reads JSON Lines (FILE, or standard input), one article per line:\n"
        "  {\"id\": \"a1\", \"text\": \"...\", \"date\": \"2024-05-02\"}  (title, url: ignored)\n"
        "and writes the features of every article, in input order, each with\n"
        "\"article_id\" and \"layer\" in its properties. An article without features\n"
        "gives {\"type\":\"evmap:empty\",\"article_id\":...}. A line that cannot be used\n"
        "gives an error record {\"line\":N,\"id\":...,\"error\":\"...\"} on the error\n"
        "stream and the batch goes on. Blank lines are skipped.\n\n"
        "  --format F      geojsonseq (default: RFC 8142, RS before each record) or jsonl\n"
        "  --layers LIST   comma-separated subset of places,events,routes,claims,crossings\n"
        "  -j, --jobs N    worker threads (default: the number of online CPUs)\n"
        "  --errors FILE   error records there (default: standard error)\n"
        "  --max-article-bytes N  longer texts are refused (default 10485760)\n"
        "  --max-line-bytes N     longer lines are skipped unread (default 67108864)\n"
        "  --id-field, --text-field, --date-field NAME  member names (id, text, date)\n"
        "  --max-segment-km KM    vertex spacing of routes and claim lines (default 50)\n"
        "  --lenient       skip invalid UTF-8 in texts instead of refusing the article\n"
        "  --tolerate-errors  exit 0 even when lines had error records (for engines\n"
        "                  that fail a task on any non-zero status)\n\n"
        "A summary goes to standard error; progress too when it is a terminal.\n"
        "Exit status: 0 all lines used, 1 usage error, 2 some lines had errors (0 with\n"
        "--tolerate-errors), or the input could not be read, the output written (disk\n"
        "full, closed pipe) or the gazetteer opened.\n");
}

/* Progress on a terminal: at most 4 updates a second. */
typedef struct progress {
    struct timespec start;
    double last_s;
    uint64_t total_bytes; /* 0: unknown */
    bool shown;
} progress;

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(const evm_batch_stats *st, void *ctx)
{
    progress *p = ctx;
    double t = seconds_since(&p->start);
    if (t - p->last_s < 0.25)
        return;
    p->last_s = t;
    p->shown = true;
    double mb = (double)st->bytes_in / 1e6;
    fprintf(stderr, "\revmap batch: %llu articles, %.0f articles/s, %.1f MB/s",
            (unsigned long long)st->records, (double)st->records / t, mb / t);
    if (p->total_bytes && st->bytes_in > 0 && st->bytes_in <= p->total_bytes) {
        double eta = t * (double)(p->total_bytes - st->bytes_in) / (double)st->bytes_in;
        fprintf(stderr, ", %.0f%%, ETA %d:%02d",
                100.0 * (double)st->bytes_in / (double)p->total_bytes, (int)(eta / 60),
                (int)eta % 60);
    }
    fputs("\033[K", stderr);
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > SIZE_MAX)
        return false;
    *out = (size_t)v;
    return true;
}

static unsigned online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > EVM_BATCH_MAX_THREADS ? EVM_BATCH_MAX_THREADS : (unsigned)n;
}

int evm_cmd_batch(int argc, char **argv)
{
    evm_article_opts aopts = {0};
    evm_batch_opts opts;
    evm_batch_opts_init(&opts);
    opts.threads = 0;
    opts.pipeline.max_segment_km = 50;
    const char *path = NULL, *errors_path = NULL;
    bool tolerate = false;
    evm_diag diag = {{0}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int shared = evm_cli_shared_option("batch", argc, argv, &i, &aopts);
        if (shared < 0)
            return EVM_EXIT_USAGE;
        if (shared)
            continue;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            batch_usage(stdout);
            return EVM_EXIT_OK;
        }
        bool valued = !strcmp(a, "--format") || !strcmp(a, "--layers") || !strcmp(a, "-j") ||
                      !strcmp(a, "--jobs") || !strcmp(a, "--errors") ||
                      !strcmp(a, "--max-article-bytes") || !strcmp(a, "--max-line-bytes") ||
                      !strcmp(a, "--id-field") || !strcmp(a, "--text-field") ||
                      !strcmp(a, "--date-field") || !strcmp(a, "--max-segment-km");
        if (valued && i + 1 >= argc)
            return evm_cli_fail(EVM_EXIT_USAGE, "batch", "%s needs a value", a);
        const char *v = valued ? argv[++i] : NULL;
        if (!strcmp(a, "--tolerate-errors")) {
            tolerate = true;
            continue;
        }
        size_t n = 0;
        if (!strcmp(a, "--format")) {
            if (!strcmp(v, "geojsonseq"))
                opts.format = EVM_BATCH_GEOJSONSEQ;
            else if (!strcmp(v, "jsonl"))
                opts.format = EVM_BATCH_JSONL;
            else
                return evm_cli_fail(EVM_EXIT_USAGE, "batch",
                                    "--format takes geojsonseq or jsonl, not '%s'", v);
        } else if (!strcmp(a, "--layers")) {
            if (evm_layers_parse(v, &opts.layers, &diag) != EVM_OK)
                return evm_cli_fail(EVM_EXIT_USAGE, "batch", "%s", diag.message);
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            if (!parse_size(v, &n) || n < 1 || n > EVM_BATCH_MAX_THREADS)
                return evm_cli_fail(EVM_EXIT_USAGE, "batch", "%s takes a number from 1 to %d", a,
                                    EVM_BATCH_MAX_THREADS);
            opts.threads = (unsigned)n;
        } else if (!strcmp(a, "--errors")) {
            errors_path = v;
        } else if (!strcmp(a, "--max-article-bytes")) {
            if (!parse_size(v, &opts.max_article_bytes) || opts.max_article_bytes < 1)
                return evm_cli_fail(EVM_EXIT_USAGE, "batch",
                                    "--max-article-bytes takes a positive number of bytes");
        } else if (!strcmp(a, "--max-line-bytes")) {
            if (!parse_size(v, &opts.max_line_bytes) || opts.max_line_bytes < 2)
                return evm_cli_fail(EVM_EXIT_USAGE, "batch",
                                    "--max-line-bytes takes a number of bytes, at least 2");
        } else if (!strcmp(a, "--id-field") || !strcmp(a, "--text-field") ||
                   !strcmp(a, "--date-field")) {
            if (!*v)
                return evm_cli_fail(EVM_EXIT_USAGE, "batch", "%s needs a name", a);
            if (a[2] == 'i')
                opts.id_field = v;
            else if (a[2] == 't')
                opts.text_field = v;
            else
                opts.date_field = v;
        } else if (!strcmp(a, "--max-segment-km")) {
            char *end;
            double km = strtod(v, &end);
            if (*end || !(km >= 1 && km <= 20000))
                return evm_cli_fail(EVM_EXIT_USAGE, "batch",
                                    "--max-segment-km takes a number from 1 to 20000");
            opts.pipeline.max_segment_km = km;
        } else if (a[0] == '-' && a[1]) {
            return evm_cli_fail(EVM_EXIT_USAGE, "batch", "unknown option %s", a);
        } else if (!path) {
            path = a;
        } else {
            return evm_cli_fail(EVM_EXIT_USAGE, "batch", "one input FILE only");
        }
    }
    if (!opts.threads)
        opts.threads = online_cpus();
    opts.pipeline.geoparse_flags = aopts.geoparse_flags;
    if (aopts.max_article_bytes) /* the shared option took --max-article-bytes */
        opts.max_article_bytes = aopts.max_article_bytes;
    if (!path)
        path = "-";

    /* A closed pipe must show up as a failed write (EPIPE), not kill us
     * silently halfway through a record. */
    signal(SIGPIPE, SIG_IGN);

    bool is_stdin = !strcmp(path, "-");
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in)
        return evm_cli_fail(EVM_EXIT_DATA, "batch", "%s: cannot open: %s", path, strerror(errno));
    FILE *errs = stderr;
    if (errors_path && !(errs = fopen(errors_path, "w"))) {
        int e = errno;
        if (!is_stdin)
            fclose(in);
        return evm_cli_fail(EVM_EXIT_DATA, "batch", "%s: cannot open: %s", errors_path,
                            strerror(e));
    }
    progress prog = {0};
    if (isatty(STDERR_FILENO)) {
        struct stat st;
        if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
            prog.total_bytes = (uint64_t)st.st_size;
        clock_gettime(CLOCK_MONOTONIC, &prog.start);
        opts.progress = show_progress;
        opts.progress_ctx = &prog;
    }

    evm_gazetteer *gz = NULL;
    int status = evm_cli_open_gazetteer(&aopts.gazetteer, &gz);
    evm_batch_stats stats = {0};
    evm_error err = EVM_OK;
    if (!status)
        err = evm_batch_run(gz, &opts, in, stdout, errs, &stats, &diag);
    if (prog.shown)
        fputs("\r\033[K", stderr);
    if (!status && err)
        status = evm_cli_fail(EVM_EXIT_DATA, "batch", "%s", diag.message);
    if (!status || err) {
        fprintf(stderr,
                "evmap batch: %llu lines read, %llu ok, %llu empty, %llu errors "
                "(%llu features written)",
                (unsigned long long)stats.records, (unsigned long long)stats.ok,
                (unsigned long long)stats.empty, (unsigned long long)stats.errors,
                (unsigned long long)stats.features);
        if (stats.blank)
            fprintf(stderr, "; %llu blank lines skipped", (unsigned long long)stats.blank);
        fputc('\n', stderr);
    }
    if (!status && stats.errors && !tolerate)
        status = EVM_EXIT_DATA;
    if (errs != stderr && fclose(errs) != 0 && !err)
        status = evm_cli_fail(EVM_EXIT_DATA, "batch", "%s: cannot write: %s", errors_path,
                              strerror(errno));
    if (!is_stdin)
        fclose(in);
    evm_gazetteer_close(gz);
    return status;
}
