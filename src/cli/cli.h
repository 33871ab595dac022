/*
 * cli.h - shared pieces of the evmap command-line tool.
 *
 * Exit status of every command:
 *   0  success
 *   1  usage error (unknown option, missing argument)
 *   2  input or data error (unreadable file, invalid UTF-8, corrupt index)
 *   3  `check --fail-on-inaccurate` found an inaccurate or wrong claim
 */
#ifndef EVM_CLI_H
#define EVM_CLI_H

#include "evmap.h"
#include "gazetteer/gazetteer.h"

#include <stdio.h>

enum { EVM_EXIT_OK = 0, EVM_EXIT_USAGE = 1, EVM_EXIT_DATA = 2, EVM_EXIT_CHECK = 3 };

/* A subcommand: `run` gets argv with argv[0] = the command name. */
typedef struct evm_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} evm_command;

/* Options every command that reads the gazetteer accepts. */
typedef struct evm_gazetteer_opts {
    const char *path;  /* --gazetteer PATH (NULL: default) */
    const char *extra; /* --gazetteer-extra FILE (NULL: none) */
} evm_gazetteer_opts;

/* Options shared by the commands that read articles. */
typedef struct evm_article_opts {
    evm_gazetteer_opts gazetteer;
    int geoparse_flags;       /* EVM_GEOPARSE_* (--lenient) */
    size_t max_article_bytes; /* --max-article-bytes N; 0: EVM_CLI_MAX_ARTICLE_BYTES */
} evm_article_opts;

/* Single-article commands refuse larger articles (exit 2) unless
 * --max-article-bytes says otherwise: time and memory grow with the text
 * (about 0.7 s and 40 MB per MB in `evmap places`). */
#define EVM_CLI_MAX_ARTICLE_BYTES ((size_t)16 * 1024 * 1024)

/* If argv[*i] is a shared option (--gazetteer PATH, --gazetteer-extra FILE,
 * --lenient, --max-article-bytes N), consumes it (and its value, advancing *i) and returns 1;
 * returns 0 when it is not one, -1 after printing a usage error. */
int evm_cli_shared_option(const char *command, int argc, char **argv, int *i,
                          evm_article_opts *opts);

/* Opens the gazetteer named by `opts` and merges the extra file. Prints a
 * message to stderr and returns EVM_EXIT_DATA on failure. */
int evm_cli_open_gazetteer(const evm_gazetteer_opts *opts, evm_gazetteer **out);

/* Prints "evmap COMMAND: message" to stderr; returns `status`. */
int evm_cli_fail(int status, const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Reads a whole file (or stdin for "-") into a NUL-terminated heap buffer.
 * Caller frees *data with evm_free(). Message in diag on failure. */
evm_error evm_cli_read_file(const char *path, char **data, size_t *len, evm_diag *diag);

/* evm_cli_read_file() for an article: EVM_ERR_LIMIT (message names the
 * option) when it is larger than opts->max_article_bytes; with --lenient,
 * invalid UTF-8 bytes are replaced by '?' in place (evm_utf8_scrub). */
evm_error evm_cli_read_article(const char *path, const evm_article_opts *opts, char **data,
                               size_t *len, evm_diag *diag);

/* Reads the article (evm_cli_read_article) and opens the gazetteer. On
 * failure prints "evmap COMMAND: reason" and returns the exit status, with
 * nothing to free; on success the caller frees *text with evm_free() and
 * closes *gz. */
int evm_cli_open_article(const char *command, const char *path, const evm_article_opts *opts,
                         char **text, size_t *len, evm_gazetteer **gz);

int evm_cmd_lookup(int argc, char **argv);
int evm_cmd_places(int argc, char **argv);
int evm_cmd_check(int argc, char **argv);
int evm_cmd_distance(int argc, char **argv);
int evm_cmd_route(int argc, char **argv);
int evm_cmd_map(int argc, char **argv);
int evm_cmd_batch(int argc, char **argv);

#endif
