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

void serve_revision_release(serve_revision *rev)
{
    if (!rev || --rev->refs > 0)
        return;
    asl_definition_free(rev->def);
    free(rev->definition);
    free(rev->role_arn);
    free(rev->revision_id);
    free(rev);
}

void serve_machine_release(serve_machine *sm)
{
    if (!sm || --sm->refs > 0)
        return;
    serve_revision_release(sm->rev);
    free(sm->name);
    free(sm->arn);
    free(sm);
}

/* A revision of its own (one reference); takes def. */
static serve_revision *serve_revision_new(const char *definition, const char *role_arn,
                                          asl_definition *def, int64_t ms)
{
    serve_revision *rev = jv_xcalloc(1, sizeof *rev);
    rev->definition = jv_xstrdup(definition);
    rev->role_arn = jv_xstrdup(role_arn);
    rev->def = def;
    rev->update_ms = ms;
    rev->refs = 1;
    return rev;
}

static int64_t serve_machine_now(const serve_registry *r)
{
    return r->cfg.has_start_time ? r->cfg.start_time_ms : timeutil_now_ms();
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
    if (old->express == express &&
        !strcmp(old->rev->definition, serve_req_string(req, "definition")) &&
        !strcmp(old->rev->role_arn, serve_req_string(req, "roleArn")))
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
    sm->express = express;
    sm->created_ms = serve_machine_now(r);
    sm->rev = serve_revision_new(serve_req_string(req, "definition"),
                                 serve_req_string(req, "roleArn"), def, sm->created_ms);
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

/* What DescribeStateMachine and DescribeStateMachineForExecution say of a revision. */
static jv *serve_revision_fields(jv *o, const serve_revision *rev)
{
    o = jv_object_set_take(o, "definition", jv_string(rev->definition));
    o = jv_object_set_take(o, "roleArn", jv_string(rev->role_arn));
    if (rev->revision_id)
        o = jv_object_set_take(o, "revisionId", jv_string(rev->revision_id));
    jv *log = jv_object_set_take(jv_object(), "level", jv_string("OFF"));
    log = jv_object_set_take(log, "includeExecutionData", jv_bool(false));
    o = jv_object_set_take(o, "loggingConfiguration", log);
    return jv_object_set_take(o, "tracingConfiguration",
                              jv_object_set_take(jv_object(), "enabled", jv_bool(false)));
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
        o = serve_revision_fields(o, sm->rev);
        o = jv_object_set_take(o, "type", jv_string(sm->express ? "EXPRESS" : "STANDARD"));
        o = jv_object_set_take(o, "creationDate", serve_view_time(sm->created_ms));
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

/* UpdateStateMachine: a new revision for the executions started from now on; the running
 * ones keep theirs. Logging, tracing and encryption are taken and not used, as at
 * creation; publish makes no version (sfdbg keeps none). */
static char *serve_update(serve_registry *r, const jv *req, serve_error *e)
{
    serve_machine *sm = serve_machine_find(r, serve_req_string(req, "stateMachineArn"), e);
    if (!sm)
        return NULL;
    const char *text = serve_req_string(req, "definition");
    const char *role = serve_req_string(req, "roleArn");
    if (!text && !role && !jv_object_get(req, "loggingConfiguration") &&
        !jv_object_get(req, "tracingConfiguration") &&
        !jv_object_get(req, "encryptionConfiguration"))
        return serve_fail(e, "MissingRequiredParameter", "Either the definition, the roleArn, "
                          "the loggingConfiguration, the tracingConfiguration or the "
                          "encryptionConfiguration must be specified");
    if (role && strncmp(role, "arn:", 4) != 0)
        return serve_fail(e, "InvalidArn", "Invalid Arn: 'roleArn: %s'", role);
    asl_definition *def = text ? serve_machine_load(text, sm->express, e) : NULL;
    if (text && !def)
        return NULL;
    if (!def) { /* the same definition, loaded again for a revision of its own */
        def = serve_machine_load(sm->rev->definition, sm->express, e);
        text = sm->rev->definition;
        if (!def)
            return NULL;
    }
    serve_revision *rev = serve_revision_new(text, role ? role : sm->rev->role_arn, def,
                                             serve_machine_now(r));
    char id[37];
    rng_uuid(&r->ids, id);
    rev->revision_id = jv_xstrdup(id);
    serve_revision_release(sm->rev);
    sm->rev = rev;
    jv *o = jv_object_set_take(jv_object(), "updateDate", serve_view_time(rev->update_ms));
    o = jv_object_set_take(o, "revisionId", jv_string(rev->revision_id));
    return serve_view_dump_take(o);
}

char *serve_update_state_machine(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_locked(r, req, serve_update, e);
}

/* The machine as the execution runs it: the revision it started with. */
static char *serve_machine_for_execution(serve_registry *r, const jv *req, serve_error *e)
{
    serve_execution *x = serve_execution_find(r, serve_req_string(req, "executionArn"), e);
    if (!x)
        return NULL;
    jv *o = jv_object_set_take(jv_object(), "stateMachineArn", jv_string(x->sm->arn));
    o = jv_object_set_take(o, "name", jv_string(x->sm->name));
    o = serve_revision_fields(o, x->rev);
    o = jv_object_set_take(o, "updateDate", serve_view_time(x->rev->update_ms));
    return serve_view_dump_take(o);
}

char *serve_describe_state_machine_for_execution(serve_registry *r, const jv *req,
                                                 serve_error *e)
{
    return serve_locked(r, req, serve_machine_for_execution, e);
}
