/*
 * tap — a minimal TAP producer for the C test programs (prove reads it).
 * Each check prints one "ok N - name" / "not ok N - name" line; a failed check also
 * prints the got/expected values as "#" diagnostics. tap_done() prints the plan and
 * returns the exit status (non-zero if anything failed).
 */
#ifndef SFDBG_TAP_H
#define SFDBG_TAP_H

#include <stdbool.h>
#include <stddef.h>

bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool tap_is_str(const char *got, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool tap_is_int(long long got, long long expected, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A check expected to fail until `why` is done (TAP TODO): "not ok N - name # TODO why", or
 * "ok N - name # TODO why" when it passes unexpectedly (prove: "TODO passed"); neither is
 * counted as a failure. */
bool tap_todo(bool cond, const char *why, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tap_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tap_done(void);
int tap_failures(void);

/* Writes text to path (fopen "wb"): 0, or an errno value with a message in err. The
 * signature of the program's file writer, for modules that take one. */
int tap_write_file(const char *path, const char *text, size_t len, char *err, size_t errlen);
/* Reads a whole file into a NUL-terminated buffer (caller frees), NULL on error. */
char *tap_read_file(const char *path, size_t *len);

#endif
