/* serve_view — the registry's answers in the API's shapes, as JSON text. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"

#define SERVE_DEFAULT_RESULTS 100

jv *serve_view_time(int64_t ms) { return jv_number((double)ms / 1000.0); }

char *serve_view_dump_take(jv *v)
{
    char *text = jv_dump_string(v, 0);
    jv_unref(v);
    return text;
}

const char *serve_req_string(const jv *req, const char *key)
{
    const jv *v = jv_object_get(req, key);
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

size_t serve_req_max_results(const jv *req)
{
    const jv *v = jv_object_get(req, "maxResults");
    double n = v && jv_is_number(v) ? jv_number_value(v) : 0;
    return n >= 1 && n <= 1000 ? (size_t)n : SERVE_DEFAULT_RESULTS;
}

static jv *serve_view_text(jv *o, const char *key, const jv *value)
{
    char *text = jv_dump_string(value, 0);
    o = jv_object_set_take(o, key, jv_string(text));
    free(text);
    char dkey[32];
    snprintf(dkey, sizeof dkey, "%sDetails", key);
    return jv_object_set_take(o, dkey, jv_object_set_take(jv_object(), "included",
                                                           jv_bool(true)));
}

static int64_t serve_view_start(const sfn_exec *ex)
{
    return exec_event_count(ex) ? exec_event_at(ex, 0)->timestamp_ms : exec_clock_ms(ex);
}

/* ListExecutions' item: the execution's name, state and dates. */
static jv *serve_view_item_of(const sfn_exec *ex, const char *sm_arn, const char *name)
{
    exec_status st = exec_status_of(ex);
    jv *o = jv_object_set_take(jv_object(), "executionArn", jv_string(exec_execution_arn(ex)));
    o = jv_object_set_take(o, "stateMachineArn", jv_string(sm_arn));
    o = jv_object_set_take(o, "name", jv_string(name));
    o = jv_object_set_take(o, "status", jv_string(exec_status_name(st)));
    o = jv_object_set_take(o, "startDate", serve_view_time(serve_view_start(ex)));
    if (st != EXEC_RUNNING)
        o = jv_object_set_take(o, "stopDate", serve_view_time(exec_clock_ms(ex)));
    return o;
}

/* ListExecutions' item: with redriveCount and redriveDate (STANDARD executions). */
static jv *serve_view_item(const serve_execution *x)
{
    jv *o = serve_view_item_of(x->ex, x->sm->arn, x->name);
    if (x->sm->express)
        return o;
    o = jv_object_set_take(o, "redriveCount", jv_number((double)exec_redrive_count(x->ex)));
    if (exec_redrive_ms(x->ex) >= 0)
        o = jv_object_set_take(o, "redriveDate", serve_view_time(exec_redrive_ms(x->ex)));
    return o;
}

/* ListExecutions' redriveFilter: REDRIVEN, NOT_REDRIVEN, or none. */
static bool serve_view_redrive_match(const serve_execution *x, const char *filter)
{
    return !filter || (exec_redrive_count(x->ex) > 0) == !strcmp(filter, "REDRIVEN");
}

static jv *serve_view_execution_obj(const sfn_exec *ex, const char *sm_arn, const char *name,
                                    const char *input_text, bool sync, const jv *req)
{
    exec_status st = exec_status_of(ex);
    const char *included = serve_req_string(req, "includedData");
    bool data = !included || strcmp(included, "METADATA_ONLY") != 0;
    jv *o = serve_view_item_of(ex, sm_arn, name);
    if (data)
        o = jv_object_set_take(o, "input", jv_string(input_text));
    o = jv_object_set_take(o, "inputDetails", jv_object_set_take(jv_object(), "included",
                                                                 jv_bool(data)));
    if (st == EXEC_SUCCEEDED && data)
        o = serve_view_text(o, "output", exec_output(ex));
    else if (st == EXEC_SUCCEEDED)
        o = jv_object_set_take(o, "outputDetails", jv_object_set_take(jv_object(), "included",
                                                                      jv_bool(false)));
    if (exec_error(ex))
        o = jv_object_set_take(o, "error", jv_string(exec_error(ex)));
    if (exec_cause(ex))
        o = jv_object_set_take(o, "cause", jv_string(exec_cause(ex)));
    if (!sync)
        o = jv_object_set_take(o, "redriveCount", jv_number((double)exec_redrive_count(ex)));
    return o;
}

char *serve_view_execution(const serve_execution *x, bool sync, const jv *req)
{
    jv *o = serve_view_execution_obj(x->ex, x->sm->arn, x->name, x->input_text, sync, req);
    return serve_view_dump_take(sync ? o : serve_redrive_fields(x, o));
}

char *serve_view_execution_of(const sfn_exec *ex, const char *sm_arn, const char *name,
                              const char *input_text, bool sync, const jv *req)
{
    return serve_view_dump_take(serve_view_execution_obj(ex, sm_arn, name, input_text, sync,
                                                         req));
}

/* ---- GetExecutionHistory ---- */

/* includeExecutionData false: the events without their payloads. */
static jv *serve_view_strip(jv *event)
{
    static const char *const keys[] = {"input", "inputDetails", "output", "outputDetails",
                                       "parameters"};
    for (size_t i = 0; i < jv_object_size(event); i++) {
        const char *k = jv_string_value(jv_object_key_at(event, i));
        const jv *d = jv_object_value_at(event, i);
        size_t kl = strlen(k);
        if (kl < 12 || strcmp(k + kl - 12, "EventDetails") || !jv_is_object(d))
            continue;
        jv *details = jv_ref(d);
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            details = jv_object_delete(details, keys[j]);
        char *key = jv_xstrdup(k);
        event = jv_object_set_take(event, key, details);
        free(key);
        break;
    }
    return event;
}

/* nextToken "h-SERIAL-DIRECTION-INDEX": the next event's index, for this execution and
 * this order only. */
static bool serve_history_token(uint64_t id, const jv *req, bool reverse,
                                size_t n, size_t *next, serve_error *e)
{
    const char *t = serve_req_string(req, "nextToken");
    *next = reverse ? n : 0;
    if (!t)
        return true;
    uint64_t serial;
    char dir;
    size_t index;
    int used = 0;
    if (sscanf(t, "h-%" SCNu64 "-%c-%zu%n", &serial, &dir, &index, &used) != 3 ||
        t[used] || serial != id || dir != (reverse ? 'r' : 'f') || index > n)
        return serve_fail(e, "InvalidToken", "Invalid Token: '%s' is not a nextToken of this "
                          "execution's history in this order", t), false;
    *next = index;
    return true;
}

char *serve_view_history(const serve_execution *x, const jv *req, serve_error *e)
{
    return serve_view_history_of(x->ex, x->serial, req, e);
}

char *serve_view_history_of(const sfn_exec *ex, uint64_t id, const jv *req, serve_error *e)
{
    const jv *rev = jv_object_get(req, "reverseOrder");
    const jv *inc = jv_object_get(req, "includeExecutionData");
    bool reverse = rev && jv_is_true(rev), data = !inc || jv_is_true(inc);
    jv *all = exec_history_json(ex);
    const jv *events = jv_object_get(all, "events");
    size_t n = jv_array_length(events), next, max = serve_req_max_results(req);
    if (!serve_history_token(id, req, reverse, n, &next, e)) {
        jv_unref(all);
        return NULL;
    }
    jv *page = jv_array();
    for (size_t k = 0; k < max && (reverse ? next > 0 : next < n); k++) {
        jv *ev = jv_ref(jv_array_get(events, reverse ? --next : next++));
        page = jv_array_append_take(page, data ? ev : serve_view_strip(ev));
    }
    jv *o = jv_object_set_take(jv_object(), "events", page);
    if (reverse ? next > 0 : next < n)
        o = jv_object_set_take(o, "nextToken", jv_string_fmt("h-%" PRIu64 "-%c-%zu", id,
                                                             reverse ? 'r' : 'f', next));
    jv_unref(all);
    return serve_view_dump_take(o);
}

/* ---- ListExecutions: newest first; nextToken "x-SERIAL" of the next one ---- */

static bool serve_list_token(const jv *req, uint64_t *below, serve_error *e)
{
    const char *t = serve_req_string(req, "nextToken");
    *below = UINT64_MAX;
    if (!t)
        return true;
    int used = 0;
    if (sscanf(t, "x-%" SCNu64 "%n", below, &used) != 1 || t[used])
        return serve_fail(e, "InvalidToken", "Invalid Token: '%s'", t), false;
    (*below)++;
    return true;
}

char *serve_view_executions(serve_registry *r, const serve_machine *sm, const jv *req,
                            serve_error *e)
{
    const char *filter = serve_req_string(req, "statusFilter");
    uint64_t below;
    if (!serve_list_token(req, &below, e))
        return NULL;
    size_t max = serve_req_max_results(req), count = 0;
    jv *list = jv_array();
    const serve_execution *more = NULL;
    for (size_t i = r->nexecs; i-- > 0;) {
        const serve_execution *x = r->execs[i];
        if (x->sm != sm || x->sync || x->serial >= below ||
            (filter && strcmp(filter, exec_status_name(exec_status_of(x->ex)))) ||
            !serve_view_redrive_match(x, serve_req_string(req, "redriveFilter")))
            continue;
        if (count == max) {
            more = x;
            break;
        }
        list = jv_array_append_take(list, serve_view_item(x));
        count++;
    }
    jv *o = jv_object_set_take(jv_object(), "executions", list);
    if (more)
        o = jv_object_set_take(o, "nextToken", jv_string_fmt("x-%" PRIu64, more->serial));
    return serve_view_dump_take(o);
}
