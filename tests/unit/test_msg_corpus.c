/* Unit tests: the embedded SQS, SNS and EventBridge against AWS's recorded answers. Every
 * case of ../shared/conformance/asl/cases (skipped visibly when the corpus is not there)
 * whose task called the optimized sqs:sendMessage, sns:publish or events:putEvents (the
 * request-response form: a callback's result is not the call's) is answered by the embedded
 * service with the parameters the case recorded, and the answer must match the recorded
 * one: the same members, each value equal or masked (the corpus's masks and <...> tokens
 * are wildcards, as in the conformance runner), the same error name and cause. The recorded
 * parameters are masked too: <sqs_queue_url> becomes a queue URL, a TopicArn a topic's ARN
 * (a FIFO one when the call has a MessageGroupId). A topic exists unless the recorded answer
 * is SNS's NotFound. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/events.h"
#include "services/sns.h"
#include "services/sqs.h"
#include "tap.h"

#define CORPUS "../shared/conformance/asl/cases"

/* Cases the embedded services cannot answer as recorded, and why. */
static const char *const known[][2] = {
    {"test_task_service_sqs.test_send_message_no_such_queue_no_catch.json",
     "the recorded failure is a DNS lookup of a made-up host"},
};

/* text matches pat, where each "*" in pat stands for any run of characters. */
static bool glob(const char *text, const char *pat)
{
    if (!*pat)
        return !*text;
    if (*pat == '*')
        return glob(text, pat + 1) || (*text && glob(text + 1, pat));
    return *text == *pat && glob(text + 1, pat + 1);
}

/* The expected string as a pattern: its masks and <...> tokens become "*". */
static char *pattern(const char *want, const jv *masks)
{
    char *p = strdup(want);
    for (size_t i = 0; masks && i < jv_array_length(masks); i++) {
        const char *m = jv_string_value(jv_array_get(masks, i));
        char *at;
        while (*m && (at = strstr(p, m))) {
            memmove(at + 1, at + strlen(m), strlen(at + strlen(m)) + 1);
            *at = '*';
        }
    }
    for (char *lt = strchr(p, '<'); lt; lt = strchr(lt + 1, '<')) {
        char *gt = strchr(lt, '>');
        if (gt) {
            memmove(lt + 1, gt + 1, strlen(gt + 1) + 1);
            *lt = '*';
        }
    }
    return p;
}

/* Whether want is a mask as a whole (the snapshot replaced the whole value, whatever its
 * kind: a header list recorded as "date"). */
static bool whole_mask(const char *want, const jv *masks)
{
    for (size_t i = 0; masks && i < jv_array_length(masks); i++)
        if (!strcmp(want, jv_string_value(jv_array_get(masks, i))))
            return true;
    return false;
}

static bool matches(const jv *got, const jv *want, const jv *masks)
{
    if (jv_is_string(want)) {
        if (whole_mask(jv_string_value(want), masks))
            return true;
        char *p = pattern(jv_string_value(want), masks);
        bool wild = !strcmp(p, "*");
        bool ok = wild || (jv_is_string(got) && glob(jv_string_value(got), p));
        free(p);
        return ok;
    }
    if (jv_kind_of(got) != jv_kind_of(want))
        return false;
    if (jv_is_array(want)) {
        bool ok = jv_array_length(got) == jv_array_length(want);
        for (size_t i = 0; ok && i < jv_array_length(want); i++)
            ok = matches(jv_array_get(got, i), jv_array_get(want, i), masks);
        return ok;
    }
    if (jv_is_object(want)) {
        bool ok = jv_object_size(got) == jv_object_size(want);
        for (size_t i = 0; ok && i < jv_object_size(want); i++) {
            const jv *g = jv_object_get(got, jv_string_value(jv_object_key_at(want, i)));
            ok = g && matches(g, jv_object_value_at(want, i), masks);
        }
        return ok;
    }
    return jv_equal(got, want);
}

/* The recorded parameters with their masked queue URL and topic made real (owned). */
static jv *unmask(const jv *params)
{
    jv *p = jv_ref(params);
    const jv *url = jv_object_get(params, "QueueUrl");
    if (url && jv_is_string(url) && !strcmp(jv_string_value(url), "<sqs_queue_url>"))
        p = jv_object_set_take(p, "QueueUrl",
                               jv_string("https://sqs.us-east-1.amazonaws.com/111111111111/q"));
    if (jv_object_has(params, "TopicArn"))
        p = jv_object_set_take(p, "TopicArn", jv_string(jv_object_has(params, "MessageGroupId")
                                                            ? "arn:aws:sns:us-east-1:1:t.fifo"
                                                            : "arn:aws:sns:us-east-1:1:t"));
    return p;
}

static bool answer_matches(task_answer_kind k, const task_answer *a, const jv *want,
                           const jv *masks)
{
    const jv *error = jv_object_get(want, "error");
    if (!error || jv_object_size(want) > 2 || !jv_is_string(error))
        return k == TASK_RESULT && matches(a->result, want, masks);
    const jv *cause = jv_object_get(want, "cause");
    if (k != TASK_ERROR || strcmp(a->error.name, jv_string_value(error)))
        return false;
    jv *got = jv_string(a->error.cause ? a->error.cause : "");
    bool ok = !cause || matches(got, cause, masks);
    jv_unref(got);
    return ok;
}

typedef struct {
    const char *resource;
    task_resolve_fn resolve;
    const msg_spec *(*spec)(void);
} service;

static const service services[] = {
    {"sendMessage", sqs_service_resolve, sqs_spec},
    {"publish", sns_service_resolve, sns_spec},
    {"putEvents", events_service_resolve, events_spec},
};

/* Answers one recorded call and compares it with the recorded answer. */
static void check_call(const char *file, const jv *cs, const jv *c, const service *svc,
                       rng *random, int *count)
{
    const char *state = jv_string_value(jv_object_get(c, "state"));
    const jv *results = jv_object_get(jv_object_get(cs, "task_results"), state);
    const jv *want = results ? jv_array_get(results, 0) : NULL;
    if (!want)
        return;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(file, known[i][0])) {
            tap_skip(known[i][1], "%s", file);
            return;
        }
    const jv *err = jv_object_get(want, "error");
    bool missing = err && jv_is_string(err) &&
                   !strcmp(jv_string_value(err), "SNS.NotFoundException");
    msg_store *store = msg_store_new(svc->spec());
    jv *declared = jv_object();
    char e[256];
    if (missing)
        msg_store_load(store, declared, e, sizeof e);
    jv_unref(declared);
    char resource[96];
    snprintf(resource, sizeof resource, "arn:aws:states:::%s:%s",
             jv_string_value(jv_object_get(c, "resourceType")), svc->resource);
    jv *params = unmask(jv_object_get(c, "parameters"));
    char *input = jv_dump_string(params, 0);
    task_answer a;
    task_answer_kind k = answer_call(svc->resolve, store, resource, input, NULL, 1704164645000,
                                     random, &a);
    bool ok = answer_matches(k, &a, want, jv_object_get(cs, "masks"));
    if (!tap_ok(ok, "%s: %s answers as recorded", file, resource)) {
        char *got = answer_text_of(k, &a, a.result);
        char *exp = jv_dump_string(want, 0);
        tap_diag("got:      %s", got);
        tap_diag("recorded: %s", exp);
        free(got);
        free(exp);
    }
    (*count)++;
    task_answer_cleanup(&a);
    free(input);
    jv_unref(params);
    msg_store_free(store);
}

static void check_file(const char *dir, const char *file, rng *random, int *count)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t len;
    char *text = tap_read_file(path, &len);
    jv *cs = text ? jv_parse(text, len, 0, NULL) : NULL;
    free(text);
    const jv *calls = cs ? jv_object_get(cs, "task_calls") : NULL;
    for (size_t i = 0; calls && jv_is_array(calls) && i < jv_array_length(calls); i++) {
        const jv *c = jv_array_get(calls, i);
        const jv *type = jv_object_get(c, "resourceType"), *res = jv_object_get(c, "resource");
        if (!type || !res || !jv_is_string(type) || !jv_is_string(res))
            continue;
        for (size_t s = 0; s < sizeof services / sizeof services[0]; s++)
            if (!strcmp(jv_string_value(res), services[s].resource) &&
                (!strcmp(jv_string_value(type), "sqs") || !strcmp(jv_string_value(type), "sns") ||
                 !strcmp(jv_string_value(type), "events")))
                check_call(file, cs, c, &services[s], random, count);
    }
    jv_unref(cs);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    DIR *d = opendir(CORPUS);
    if (!d) {
        tap_skip("no conformance corpus at " CORPUS,
                 "the recorded SQS, SNS and EventBridge answers");
        return tap_done();
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, ".json")) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(e->d_name);
        }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    rng random;
    rng_seed(&random, 3);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        check_file(CORPUS, names[i], &random, &count);
        free(names[i]);
    }
    free(names);
    tap_ok(count >= 14, "the corpus has the recorded calls (%d checked)", count);
    return tap_done();
}
