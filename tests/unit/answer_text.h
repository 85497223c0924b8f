/*
 * answer_text — a task answer as one line of text, for tests that compare answers as
 * strings: the result (as given: the caller may reshape it first) as compact JSON,
 * "error NAME: CAUSE", or "no answer"; how the service tests call a resolver
 * (answer_call) and compare its text (answer_is, answer_starts). Header-only (static
 * inline functions), like headless.h. The caller still owns and cleans up the answer.
 */
#ifndef SFDBG_ANSWER_TEXT_H
#define SFDBG_ANSWER_TEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "rng.h"
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

/* The answer's text with the result's members named in drop (NULL-ended) left out: the
 * metadata and ids a test cannot predict. */
static inline char *answer_text_without(task_answer_kind k, const task_answer *a,
                                        const char *const *drop)
{
    jv *r = k == TASK_RESULT ? jv_ref(a->result) : NULL;
    for (const char *const *d = drop; r && *d; d++)
        r = jv_object_delete(r, *d);
    char *text = answer_text_of(k, a, r);
    jv_unref(r);
    return text;
}

/* Asks resolve (with user) to answer resource for input (JSON text) at now_ms, with the
 * task token (NULL: none) and the random stream; the answer into a (initialized here). */
static inline task_answer_kind answer_call(task_resolve_fn resolve, void *user,
                                           const char *resource, const char *input,
                                           const char *token, int64_t now_ms, rng *random,
                                           task_answer *a)
{
    task_call c;
    memset(&c, 0, sizeof c);
    c.state_name = "S";
    c.resource = resource;
    asl_resource_parse(resource, &c.info);
    jv *in = jv_parse_cstr(input, NULL);
    if (!in)
        tap_diag("bad test input: %s", input);
    c.input = in;
    c.now_ms = now_ms;
    c.random = random;
    c.task_token = token;
    task_answer_init(a);
    task_answer_kind k = resolve(user, &c, a);
    jv_unref(in);
    return k;
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
