/*
 * xfail — a suite's committed list of expected failures. One entry a line: the case id, a
 * TAB, and a short reason (`#` comments and blank lines are ignored). A reason that starts
 * with "pending:" marks a case whose feature belongs to a later issue: the runners report it
 * as TAP TODO. The runner looks up every case it runs (which marks the entry as used); the
 * entries nothing looked up name cases that are no longer in the corpus.
 * The list owns its text; ids and reasons stay valid until xfail_free.
 */
#ifndef SFDBG_XFAIL_H
#define SFDBG_XFAIL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct xfail_list xfail_list;

/* NULL with a message in err when the file cannot be read, a line has no TAB-separated
 * reason, or an id is listed twice. */
xfail_list *xfail_load(const char *path, char *err, size_t errlen);
void xfail_free(xfail_list *l);

/* The reason id is listed with, or NULL when it is not listed. Marks the entry as used. */
const char *xfail_lookup(xfail_list *l, const char *id);
bool xfail_is_pending(const char *reason);

/* One TAP test: every entry was looked up, i.e. names a case of the corpus; a "#" line for
 * each entry that does not, saying to remove it from path. */
bool xfail_check_all_used(const xfail_list *l, const char *path);

#endif
