/* serve_machine — the state machines of `sfdbg serve`: Create, Describe, List, Delete. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "strbuf.h"
#include "timeutil.h"
#include "validate.h"
#include "wfload.h"

void serve_machine_release(serve_machine *sm)
{
    if (!sm || --sm->refs > 0)
        return;
    asl_definition_free(sm->def);
    free(sm->name);
    free(sm->arn);
    free(sm->definition);
    free(sm->role_arn);
    free(sm);
}

serve_machine *serve_machine_find(serve_registry *r, const char *arn, serve_error *e)
{
    if (!arn || strncmp(arn, "arn:", 4) != 0)
        return serve_fail(e, "InvalidArn", "Invalid Arn: '%s'", arn ? arn : ""), NULL;
    for (size_t i = 0; i < r->nmachines; i++)
        if (!strcmp(r->machines[i]->arn, arn))
            return r->machines[i];
    return serve_fail(e, "StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", arn),
           NULL;
}

static serve_machine *serve_machine_named(serve_registry *r, const char *name)
{
    for (size_t i = 0; i < r->nmachines; i++)
        if (!strcmp(r->machines[i]->name, name))
            return r->machines[i];
    return NULL;
}

/* AWS's InvalidDefinition message: every problem, "CODE: message at /pointer". */
static void serve_definition_error(const asl_diags *d, serve_error *e)
{
    strbuf b;
    strbuf_init(&b, 0);
    strbuf_puts(&b, "Invalid State Machine Definition: '");
    size_t shown = 0;
    for (size_t i = 0; i < d->len; i++) {
        const asl_diag *g = &d->items[i];
        if (g->severity != ASL_DIAG_ERROR)
            continue;
        strbuf_printf(&b, "%s%s: %s at %s", shown++ ? ", " : "", g->code, g->message,
                      *g->pointer ? g->pointer : "/");
    }
    strbuf_puts(&b, "'");
    serve_fail(e, "InvalidDefinition", "%s", strbuf_str(&b));
    strbuf_cleanup(&b);
}

asl_definition *serve_machine_load(const char *text, bool express, serve_error *e)
{
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = express};
    asl_definition *def = asl_definition_load(text, strlen(text), &vo, &diags);
    if (!def)
        serve_definition_error(&diags, e);
    asl_diags_cleanup(&diags);
    return def;
}

static char *serve_created(const serve_machine *sm)
{
    jv *o = jv_object_set_take(jv_object(), "stateMachineArn", jv_string(sm->arn));
    o = jv_object_set_take(o, "creationDate", serve_view_time(sm->created_ms));
    return serve_view_dump_take(o);
}

/* The checks CreateStateMachine makes before it looks at the definition. */
static bool serve_check_create(serve_registry *r, const jv *req, bool *express, serve_error *e)
{
    const char *name = serve_req_string(req, "name");
    const char *type = serve_req_string(req, "type");
    const char *role = serve_req_string(req, "roleArn");
    if (!wfload_valid_execution_name(name))
        return serve_fail(e, "InvalidName", "Invalid Name: '%s' (1 to 80 characters, no white "
                          "space, brackets, wildcards or any of \"#%%\\^|~`$&,;:/)", name), false;
    if (strncmp(role, "arn:", 4) != 0)
        return serve_fail(e, "InvalidArn", "Invalid Arn: 'roleArn: %s'", role), false;
    if (type && strcmp(type, "STANDARD") && strcmp(type, "EXPRESS"))
        return serve_fail(e, "ValidationException", "1 validation error detected: Value '%s' "
                          "at 'type' failed to satisfy constraint: Member must satisfy enum "
                          "value set: [STANDARD, EXPRESS]", type), false;
    *express = type && !strcmp(type, "EXPRESS");
    return true;
}

/* An existing state machine of that name: the same one again is fine (AWS). */
static char *serve_recreate(const serve_machine *old, const jv *req, bool express,
                            serve_error *e)
{
    if (old->express == express && !strcmp(old->definition, serve_req_string(req, "definition"))
        && !strcmp(old->role_arn, serve_req_string(req, "roleArn")))
        return serve_created(old);
    return serve_fail(e, "StateMachineAlreadyExists", "State Machine Already Exists: '%s'",
                      old->arn);
}

static char *serve_add_machine(serve_registry *r, const jv *req, bool express, serve_error *e)
{
    const char *name = serve_req_string(req, "name");
    if (r->nmachines >= r->cfg.max_state_machines)
        return serve_fail(e, "StateMachineLimitExceeded", "State Machine Limit Exceeded: %zu "
                          "state machines", r->nmachines);
    asl_definition *def = serve_machine_load(serve_req_string(req, "definition"), express, e);
    if (!def)
        return NULL;
    serve_machine *sm = jv_xcalloc(1, sizeof *sm);
    sm->name = jv_xstrdup(name);
    size_t n = strlen(name) + strlen(r->cfg.region) + strlen(r->cfg.account) + 64;
    sm->arn = jv_xmalloc(n);
    snprintf(sm->arn, n, "arn:aws:states:%s:%s:stateMachine:%s", r->cfg.region,
             r->cfg.account, name);
    sm->definition = jv_xstrdup(serve_req_string(req, "definition"));
    sm->role_arn = jv_xstrdup(serve_req_string(req, "roleArn"));
    sm->express = express;
    sm->def = def;
    sm->created_ms = r->cfg.has_start_time ? r->cfg.start_time_ms : timeutil_now_ms();
    sm->refs = 1;
    if (r->nmachines == r->cap_machines) {
        r->cap_machines = r->cap_machines ? r->cap_machines * 2 : 16;
        r->machines = jv_xrealloc(r->machines, r->cap_machines * sizeof *r->machines);
    }
    r->machines[r->nmachines++] = sm;
    return serve_created(sm);
}

char *serve_create_state_machine(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    bool express;
    char *out = NULL;
    if (serve_check_create(r, req, &express, e)) {
        serve_machine *old = serve_machine_named(r, serve_req_string(req, "name"));
        out = old ? serve_recreate(old, req, express, e) : serve_add_machine(r, req, express, e);
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}

char *serve_describe_state_machine(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    serve_machine *sm = serve_machine_find(r, serve_req_string(req, "stateMachineArn"), e);
    char *out = NULL;
    if (sm) {
        jv *o = jv_object_set_take(jv_object(), "stateMachineArn", jv_string(sm->arn));
        o = jv_object_set_take(o, "name", jv_string(sm->name));
        o = jv_object_set_take(o, "status", jv_string("ACTIVE"));
        o = jv_object_set_take(o, "definition", jv_string(sm->definition));
        o = jv_object_set_take(o, "roleArn", jv_string(sm->role_arn));
        o = jv_object_set_take(o, "type", jv_string(sm->express ? "EXPRESS" : "STANDARD"));
        o = jv_object_set_take(o, "creationDate", serve_view_time(sm->created_ms));
        jv *log = jv_object_set_take(jv_object(), "level", jv_string("OFF"));
        log = jv_object_set_take(log, "includeExecutionData", jv_bool(false));
        o = jv_object_set_take(o, "loggingConfiguration", log);
        o = jv_object_set_take(o, "tracingConfiguration",
                               jv_object_set_take(jv_object(), "enabled", jv_bool(false)));
        out = serve_view_dump_take(o);
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}

/* nextToken of ListStateMachines: "sm-" and the index of the next one. */
static bool serve_machine_token(const jv *req, size_t n, size_t *from, serve_error *e)
{
    const char *t = serve_req_string(req, "nextToken");
    *from = 0;
    if (!t)
        return true;
    char *end;
    unsigned long long v = strncmp(t, "sm-", 3) ? 0 : strtoull(t + 3, &end, 10);
    if (strncmp(t, "sm-", 3) || end == t + 3 || *end || v > n)
        return serve_fail(e, "InvalidToken", "Invalid Token: '%s'", t), false;
    *from = (size_t)v;
    return true;
}

char *serve_list_state_machines(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    size_t from, max = serve_req_max_results(req);
    char *out = NULL;
    if (serve_machine_token(req, r->nmachines, &from, e)) {
        jv *list = jv_array();
        size_t i;
        for (i = from; i < r->nmachines && i - from < max; i++) {
            const serve_machine *sm = r->machines[i];
            jv *o = jv_object_set_take(jv_object(), "stateMachineArn", jv_string(sm->arn));
            o = jv_object_set_take(o, "name", jv_string(sm->name));
            o = jv_object_set_take(o, "type", jv_string(sm->express ? "EXPRESS" : "STANDARD"));
            o = jv_object_set_take(o, "creationDate", serve_view_time(sm->created_ms));
            list = jv_array_append_take(list, o);
        }
        jv *o = jv_object_set_take(jv_object(), "stateMachines", list);
        if (i < r->nmachines)
            o = jv_object_set_take(o, "nextToken", jv_string_fmt("sm-%zu", i));
        out = serve_view_dump_take(o);
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}

/* AWS deletes a state machine at once for new executions; running ones go on. */
char *serve_delete_state_machine(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    const char *arn = serve_req_string(req, "stateMachineArn");
    char *out = NULL;
    if (strncmp(arn, "arn:", 4) != 0) {
        serve_fail(e, "InvalidArn", "Invalid Arn: '%s'", arn);
    } else {
        for (size_t i = 0; i < r->nmachines; i++) {
            if (strcmp(r->machines[i]->arn, arn))
                continue;
            r->machines[i]->deleted = true;
            serve_machine_release(r->machines[i]);
            memmove(r->machines + i, r->machines + i + 1,
                    (r->nmachines - i - 1) * sizeof *r->machines);
            r->nmachines--;
            break;
        }
        out = jv_xstrdup("{}"); /* AWS: deleting one that is not there succeeds too */
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}
