/*
 * answer_text — a task answer as one line of text, for tests that compare answers as
 * strings: the result (as given: the caller may reshape it first) as compact JSON,
 * "error NAME: CAUSE", or "no answer". Header-only (a static inline function), like
 * headless.h. The caller still owns and cleans up the answer.
 */
#ifndef SFDBG_ANSWER_TEXT_H
#define SFDBG_ANSWER_TEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "tap.h"
#include "task.h"

static inline char *answer_text_of(task_answer_kind k, const task_answer *a, const jv *result)
{
    if (k == TASK_RESULT)
        return jv_dump_string(result, 0);
    if (k == TASK_ERROR) {
        const char *cause = a->error.cause ? a->error.cause : "";
        size_t n = strlen(a->error.name) + strlen(cause) + 16;
        char *text = malloc(n);
        snprintf(text, n, "error %s: %s", a->error.name, cause);
        return text;
    }
    return strdup("no answer");
}

/* got (consumed) is want, or starts with it. */
static inline void answer_is(char *got, const char *want, const char *name)
{
    tap_is_str(got, want, "%s", name);
    free(got);
}

static inline void answer_starts(char *got, const char *want, const char *name)
{
    if (!tap_ok(!strncmp(got, want, strlen(want)), "%s", name))
        tap_diag("got: %s", got);
    free(got);
}

#endif
