/*
 * jv_text — JSON text to jv values and back.
 *
 * Parsing runs the strict checker (jsonloc_check_syntax: RFC 8259 syntax, well-formed UTF-8,
 * no lone surrogate escapes, bounded nesting), then builds the jv tree in one walk. Strings
 * keep their length: "\u0000" is a NUL byte inside the string, never its end. Input is
 * bounded: a caller-given byte limit and a nesting limit, each reported as a clear error
 * with line:column, never a crash. Running out of memory is never a parse error: the
 * allocator's out-of-memory handler ends the process (alloc.h; tests/unit/test_alloc_fail.c
 * refuses each of the parser's allocations in turn to show it).
 *
 * Dumping writes compact JSON (no spaces, like JSON.stringify and AWS's history strings)
 * or pretty JSON (2-space indent). Numbers print as JavaScript prints them (numfmt.h);
 * non-finite numbers print as null. Non-ASCII text is written as UTF-8, unescaped; control
 * characters (NUL included) as \u00XX escapes.
 */
#ifndef SFDBG_JV_TEXT_H
#define SFDBG_JV_TEXT_H

#include <stddef.h>

#include "jv.h"
#include "strbuf.h"

/* Deeper documents are refused (the builder recurses once per level). */
#define JV_MAX_DEPTH 1000

typedef struct {
    size_t offset;      /* byte offset of the problem */
    int line, column;   /* 1-based; column counts bytes */
    char message[200];  /* "unexpected character 'x'", "nested deeper than 1000 levels", ... */
} jv_parse_error;

/* Parses exactly one JSON value from text[0..len) (surrounding white space allowed).
 * max_bytes 0 means no size limit. Returns NULL and fills err on failure. */
jv *jv_parse(const char *text, size_t len, size_t max_bytes, jv_parse_error *err);
/* Convenience: parse a NUL-terminated string with no size limit. */
jv *jv_parse_cstr(const char *text, jv_parse_error *err);

/* Strings shared across many parses (the records of one ItemReader): object keys and short
 * string values parsed with the same table are one shared value each, so a million records
 * with the same field names hold those names once. The table keeps a reference to what it
 * shares until jv_intern_free. */
typedef struct jv_intern jv_intern;
/* The table's size: at most this many shared strings, keys of up to 64 bytes, values of up
 * to 16, so a table holds at most about 0.5 MB whatever it reads. */
#define JV_INTERN_SLOTS 4096
jv_intern *jv_intern_new(void);
void jv_intern_free(jv_intern *in);   /* NULL-safe */
jv *jv_parse_interned(const char *text, size_t len, size_t max_bytes, jv_parse_error *err,
                      jv_intern *in);
/* A string value of n bytes: the table's shared one when it is short (as jv_parse_interned
 * shares values), else a new one. */
jv *jv_intern_value(jv_intern *in, const char *s, size_t n);

/* line/column (1-based) of byte offset in text */
void jv_text_position(const char *text, size_t len, size_t offset, int *line, int *column);

enum {
    JV_DUMP_PRETTY = 1 << 0,     /* newlines and 2-space indent */
    JV_DUMP_SORT_KEYS = 1 << 1,  /* object keys in byte order (stable goldens) */
};

void jv_dump(const jv *v, int flags, strbuf *out);
char *jv_dump_string(const jv *v, int flags);   /* caller frees */
/* Appends s as a JSON string literal (quotes and escapes). */
void jv_dump_cstring(const char *s, size_t len, strbuf *out);

#endif
