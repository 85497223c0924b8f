/*
 * jsonloc — finds where a JSON Pointer (RFC 6901) points in the original JSON text, so a
 * diagnostic about a parsed value can name the line and column of the field in the file.
 *
 * Used only when reporting: the text is scanned lazily, and each container the pointers
 * pass through is indexed once (its members' keys and offsets), so locating many pointers
 * in a large document costs about one pass over the text rather than one pass per pointer.
 *
 * Ownership: the locator borrows `text`, which must outlive it; jsonloc_free releases
 * everything the locator allocated. The text need not be valid JSON: a pointer that cannot
 * be followed is simply not found.
 *
 * Duplicate keys: the LAST member with a key wins, as in the parsed value (jv keeps the
 * last value of a duplicated key).
 */
#ifndef SFDBG_JSONLOC_H
#define SFDBG_JSONLOC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jsonloc jsonloc;

jsonloc *jsonloc_new(const char *text, size_t len);
void jsonloc_free(jsonloc *l);

/* Finds what `pointer` names. For an object member the offset is that of its key's opening
 * quote (the field a person looks for); for an array element or the whole document ("")
 * it is the value's first byte. Returns false when the pointer does not resolve. */
bool jsonloc_find(jsonloc *l, const char *pointer, size_t *offset);

/* Strict RFC 8259 syntax check (no comments, no trailing commas, no leading zeros), for
 * reporting: on the first error returns false with the byte offset of the offending
 * character and a Jackson-style message ("Unexpected character (',' (code 44)): was
 * expecting double-quote to start field name"), as AWS's parser words them. Nesting deeper
 * than max_depth (0: unlimited) is an error too. No allocation; no recursion. */
bool jsonloc_check_syntax(const char *text, size_t len, size_t max_depth, size_t *offset,
                          char *msg, size_t msgsize);

/* Decodes the body of a string literal (the bytes between its quotes, n of them) into out,
 * which must hold n bytes; returns the decoded length. \u0000 gives a NUL byte, a surrogate
 * pair one code point. Lenient, for text that may not be valid: a bad escape stands for
 * itself. */
size_t jsonloc_unescape(const char *body, size_t n, char *out);

/* 1-based line and column (counted in bytes) of a byte offset. */
void jsonloc_position(jsonloc *l, size_t offset, int *line, int *column);

#endif
