/*
 * jdiff — the first difference between an expected and an actual JSON value, with the JSON
 * path where it is ($.items[2].id), for `sfdbg test`'s failure lines.
 */
#ifndef SFDBG_JDIFF_H
#define SFDBG_JDIFF_H

#include <stdbool.h>

#include "jv.h"
#include "strbuf.h"

/* true when actual matches expected: equal, or with subset, every member of an expected
 * object present and matching in actual (arrays match element by element, same length).
 * Otherwise false, with "at PATH: expected X, got Y" appended to why (path starts with
 * root, e.g. "$" or "$.states.Charge.output"). actual may be NULL (missing). */
bool jdiff_match(const jv *expected, const jv *actual, bool subset, const char *root,
                 strbuf *why);

/* Appends a member's step to a JSON path: .key, or ['key'] when key is not a plain name
 * (a state called "Charge card" is $.states['Charge card']). */
void jdiff_path_member(strbuf *path, const char *key);

#endif
