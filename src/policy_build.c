/* policy_build — Task states to IAM statements (sources: iam_rules.c, docs/policy.md). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "iam_rules.h"
#include "jv_text.h"
#include "policy_build.h"
#include "policy_ctx.h"
#include "strbuf.h"

void pol_warn(pol_ctx *c, const char *fmt, ...)
{
    fprintf(c->o->warn, "sfdbg policy: %s: state '%s': ", c->o->file, c->st->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->o->warn, fmt, ap);
    va_end(ap);
    fputc('\n', c->o->warn);
    c->warnings++;
}

/* ---- the state's parameters ---- */

/* Member key of obj (Parameters/Arguments or an object inside them): a literal string,
 * absent, or computed (JSONPath "key.$", a JSONata "{% ... %}"); where names the field. */
pol_value pol_member(const pol_ctx *c, const jv *obj, const char *key, const char *at,
                            const char **value, char *where, size_t n)
{
    *value = NULL;
    snprintf(where, n, "%s.%s", at, key);
    if (!obj)
        return POL_ABSENT;
    if (c->st->jsonata && jv_is_string(obj))
        return POL_DYNAMIC;   /* Arguments is itself an expression */
    if (!jv_is_object(obj))
        return POL_ABSENT;
    char pathkey[256];
    snprintf(pathkey, sizeof pathkey, "%s.$", key);
    if (!c->st->jsonata && jv_object_get(obj, pathkey)) {
        snprintf(where, n, "%s.%s", at, pathkey);
        return POL_DYNAMIC;
    }
    const jv *v = jv_object_get(obj, key);
    if (!v)
        return POL_ABSENT;
    if (!jv_is_string(v))
        return POL_DYNAMIC;
    const char *s = jv_string_value(v);
    size_t len = strlen(s);
    if (c->st->jsonata && len >= 4 && !strncmp(s, "{%", 2) && !strcmp(s + len - 2, "%}"))
        return POL_DYNAMIC;
    *value = s;
    return POL_STATIC;
}

const jv *pol_params(const pol_ctx *c, const char **at)
{
    *at = c->st->jsonata ? "Arguments" : "Parameters";
    return jv_object_get(c->st->json, *at);
}

/* A member of the state's Parameters (JSONPath) or Arguments (JSONata). */
pol_value pol_field(const pol_ctx *c, const char *key, const char **value, char *where,
                           size_t n)
{
    const char *at;
    const jv *params = pol_params(c, &at);
    return pol_member(c, params, key, at, value, where, n);
}

/* ---- statements ---- */

/* Adds resource to the statement of these actions (and condition, NULL for none). */
void pol_add_if(pol_ctx *c, const char *const *actions, const char *resource,
                       const jv *condition)
{
    strbuf key;
    strbuf_init(&key, 0);
    for (size_t i = 0; actions[i]; i++)
        strbuf_printf(&key, "%s%s", i ? "," : "", actions[i]);
    if (condition) {
        strbuf_putc(&key, '|');
        jv_dump(condition, 0, &key);
    }
    const jv *have = jv_object_get(c->statements, strbuf_str(&key));
    jv *stmt;
    if (have) {
        stmt = jv_ref(have);
    } else {
        jv *list = jv_array();
        for (size_t i = 0; actions[i]; i++)
            list = jv_array_append_take(list, jv_string(actions[i]));
        stmt = jv_object_set_take(jv_object(), "Action", list);
        stmt = jv_object_set_take(stmt, "Resource", jv_array());
        if (condition)
            stmt = jv_object_set(stmt, "Condition", condition);
    }
    jv *res = jv_ref(jv_object_get(stmt, "Resource"));
    bool dup = false;
    for (size_t i = 0; i < jv_array_length(res); i++)
        dup = dup || !strcmp(jv_string_value(jv_array_get(res, i)), resource);
    if (!dup)
        res = jv_array_append_take(res, jv_string(resource));
    stmt = jv_object_set_take(stmt, "Resource", res);
    c->statements = jv_object_set_take(c->statements, strbuf_str(&key), stmt);
    strbuf_cleanup(&key);
}

void pol_add(pol_ctx *c, const char *const *actions, const char *resource)
{
    pol_add_if(c, actions, resource, NULL);
}

const char *pol_region(pol_ctx *c)
{
    c->used_default |= !c->o->region_given;
    return c->o->region;
}

const char *pol_account(pol_ctx *c)
{
    c->used_default |= !c->o->account_given;
    return c->o->account;
}

/* ---- resources, one function per iam_arn_kind ---- */

/* A Lambda function (a name, name:qualifier, ACCOUNT:function:NAME[:Q], or an ARN): its
 * ARN without qualifier, and ARN:* for its versions and aliases. */
static void pol_lambda(pol_ctx *c, const iam_statement *s, const char *fn)
{
    char arn[POL_ARN_MAX];
    const char *f = strstr(fn, "function:");
    if (!strncmp(fn, "arn:", 4) && f) {
        const char *colon = strchr(f + 9, ':');
        snprintf(arn, sizeof arn, "%.*s", (int)(colon ? (size_t)(colon - fn) : strlen(fn)), fn);
    } else if (f) {
        const char *colon = strchr(f + 9, ':');
        size_t n = colon ? (size_t)(colon - fn) : strlen(fn);
        snprintf(arn, sizeof arn, "arn:%s:lambda:%s:%.*s", c->o->partition, pol_region(c), (int)n,
                 fn);
    } else {
        size_t n = strcspn(fn, ":");
        snprintf(arn, sizeof arn, "arn:%s:lambda:%s:%s:function:%.*s", c->o->partition,
                 pol_region(c), pol_account(c), (int)n, fn);
    }
    pol_add(c, s->actions, arn);
    strncat(arn, ":*", sizeof arn - strlen(arn) - 1);
    pol_add(c, s->actions, arn);
}

/* https://sqs.REGION.amazonaws.com/ACCOUNT/NAME -> arn:P:sqs:REGION:ACCOUNT:NAME */
static bool pol_queue_arn(pol_ctx *c, const char *url, char *arn, size_t n)
{
    const char *host = strstr(url, "://");
    if (!host)
        return false;
    host += 3;
    const char *path = strchr(host, '/');
    if (!path)
        return false;
    const char *name = strchr(path + 1, '/');
    if (!name || !name[1] || strchr(name + 1, '/') || name == path + 1)
        return false;
    char region[64];
    if (!strncmp(host, "sqs.", 4) && strchr(host + 4, '.') < path) {
        size_t rl = (size_t)(strchr(host + 4, '.') - (host + 4));
        snprintf(region, sizeof region, "%.*s", (int)rl, host + 4);
    } else {
        snprintf(region, sizeof region, "%s", pol_region(c));
    }
    snprintf(arn, n, "arn:%s:sqs:%s:%.*s:%s", c->o->partition, region,
             (int)(name - path - 1), path + 1, name + 1);
    return true;
}

void pol_wild(pol_ctx *c, const iam_statement *s, const char *where, const char *wild)
{
    pol_warn(c, "%s is computed at run time: %s on \"%s\"", where, s->actions[0], wild);
    pol_add(c, s->actions, wild);
}

/* The statement on a fallback resource, with a warning: "WHERE WHY: ACTION on "ARN"". */
void pol_fallback(pol_ctx *c, const iam_statement *s, const char *where, const char *why,
                         const char *arn)
{
    pol_warn(c, "%s %s: %s on \"%s\"", where, why, s->actions[0], arn);
    pol_add(c, s->actions, arn);
}

static void pol_named(pol_ctx *c, const iam_statement *s, const char *field, const char *kind)
{
    const char *at, *v;
    char where[320], arn[POL_ARN_MAX];
    const jv *params = pol_params(c, &at);
    pol_value pv = pol_member(c, params, field, at, &v, where, sizeof where);
    if (pv == POL_DYNAMIC)
        return pol_wild(c, s, where, "*");
    if (pv == POL_ABSENT) {
        pol_warn(c, "%s is missing: %s on \"*\"", where, s->actions[0]);
        return pol_add(c, s->actions, "*");
    }
    if (!strncmp(v, "arn:", 4) || !strcmp(kind, "arn"))
        return pol_add(c, s->actions, v);
    if (!strcmp(kind, "queue")) {
        if (pol_queue_arn(c, v, arn, sizeof arn))
            return pol_add(c, s->actions, arn);
        pol_warn(c, "%s \"%s\" is not a queue URL: %s on \"*\"", where, v, s->actions[0]);
        return pol_add(c, s->actions, "*");
    }
    if (!strcmp(kind, "task-definition"))
        snprintf(arn, sizeof arn, "arn:%s:ecs:%s:%s:task-definition/%s%s", c->o->partition,
                 pol_region(c), pol_account(c), v, strchr(v, ':') ? "" : ":*");
    else
        snprintf(arn, sizeof arn, "arn:%s:%s:%s:%s:%s", c->o->partition,
                 !strcmp(kind, "table") ? "dynamodb" : "states", pol_region(c), pol_account(c),
                 v);
    pol_add(c, s->actions, arn);
}

static void pol_table(pol_ctx *c, const iam_statement *s)
{
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "TableName", &v, where, sizeof where);
    if (pv != POL_STATIC || !strncmp(v, "arn:", 4))
        return pol_named(c, s, "TableName", "table");
    snprintf(arn, sizeof arn, "arn:%s:dynamodb:%s:%s:table/%s", c->o->partition, pol_region(c),
             pol_account(c), v);
    pol_add(c, s->actions, arn);
}

static void pol_topic(pol_ctx *c, const iam_statement *s)
{
    const char *at, *v;
    char where[320];
    const jv *params = pol_params(c, &at);
    if (pol_member(c, params, "TopicArn", at, &v, where, sizeof where) != POL_ABSENT)
        return pol_named(c, s, "TopicArn", "arn");
    const char *other = pol_member(c, params, "TargetArn", at, &v, where, sizeof where)
                            ? "TargetArn" : "PhoneNumber";
    pol_warn(c, "publishes to %s %s.%s, not to a topic: %s on \"*\" (as AWS's policy for it)",
             !strcmp(other, "TargetArn") ? "an endpoint," : "a phone number,", at, other,
             s->actions[0]);
    pol_add(c, s->actions, "*");
}

/* events:putEvents: the bus of each entry (EventBusName, a name or an ARN; default: the
 * account's default bus). */
static void pol_buses(pol_ctx *c, const iam_statement *s)
{
    const char *at, *v;
    char where[320], arn[POL_ARN_MAX], wild[128];
    snprintf(wild, sizeof wild, "arn:%s:events:*:*:event-bus/*", c->o->partition);
    const jv *params = pol_params(c, &at);
    snprintf(where, sizeof where, "%s.Entries%s", at, c->st->jsonata ? "" : ".$");
    if (params && c->st->jsonata && jv_is_string(params))
        return pol_wild(c, s, at, wild);
    const jv *entries = params && jv_is_object(params) ? jv_object_get(params, "Entries") : NULL;
    if (!c->st->jsonata && params && jv_is_object(params) && jv_object_get(params, "Entries.$"))
        return pol_wild(c, s, where, wild);
    snprintf(where, sizeof where, "%s.Entries", at);
    if (!entries || !jv_is_array(entries))
        return pol_wild(c, s, where, wild);
    pol_value pv;
    for (size_t i = 0; i < jv_array_length(entries); i++) {
        char eat[64];
        snprintf(eat, sizeof eat, "%s.Entries[%zu]", at, i);
        pv = pol_member(c, jv_array_get(entries, i), "EventBusName", eat, &v, where,
                        sizeof where);
        if (pv == POL_DYNAMIC) {
            pol_wild(c, s, where, wild);
            continue;
        }
        if (pv == POL_STATIC && !strncmp(v, "arn:", 4))
            snprintf(arn, sizeof arn, "%s", v);
        else
            snprintf(arn, sizeof arn, "arn:%s:events:%s:%s:event-bus/%s", c->o->partition,
                     pol_region(c), pol_account(c), pv == POL_STATIC ? v : "default");
        pol_add(c, s->actions, arn);
    }
}

/* The executions of StateMachineArn: arn:P:states:R:A:execution:NAME:*. */
static void pol_executions(pol_ctx *c, const iam_statement *s)
{
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "StateMachineArn", &v, where, sizeof where);
    const char *sm = pv == POL_STATIC ? strstr(v, ":stateMachine:") : NULL;
    if (!sm)
        return pol_add(c, s->actions, "*");   /* warned about with StartExecution */
    snprintf(arn, sizeof arn, "%.*s:execution:%s:*", (int)(sm - v), v, sm + 14);
    pol_add(c, s->actions, arn);
}

/* ---- the HTTP task ---- */

/* states:InvokeHTTPEndpoint on this state machine, on the state's method and endpoint. */
static void pol_http_endpoint(pol_ctx *c, const iam_statement *s)
{
    const char *method, *endpoint;
    char where[320], arn[POL_ARN_MAX];
    jv *eq = jv_object();
    if (pol_field(c, "Method", &method, where, sizeof where) == POL_STATIC)
        eq = jv_object_set_take(eq, "states:HTTPMethod", jv_string(method));
    else
        pol_warn(c, "%s is not a literal: states:InvokeHTTPEndpoint for any method", where);
    if (pol_field(c, "ApiEndpoint", &endpoint, where, sizeof where) == POL_STATIC)
        eq = jv_object_set_take(eq, "states:HTTPEndpoint", jv_string(endpoint));
    else
        pol_warn(c, "%s is not a literal: states:InvokeHTTPEndpoint for any endpoint", where);
    jv *cond = jv_object_size(eq) ? jv_object_set(jv_object(), "StringEquals", eq) : NULL;
    snprintf(arn, sizeof arn, "arn:%s:states:%s:%s:stateMachine:%s", c->o->partition,
             pol_region(c), pol_account(c), c->o->machine);
    pol_add_if(c, s->actions, arn, cond);
    jv_unref(cond);
    jv_unref(eq);
}

/* The connection (arn:P:events:R:A:connection/NAME/UUID), or its secret
 * (arn:P:secretsmanager:R:A:secret:events!connection/NAME/ and any suffix). */
static void pol_http_connection(pol_ctx *c, const iam_statement *s, bool secret)
{
    const char *at, *v = NULL;
    char where[320], arn[POL_ARN_MAX];
    const jv *auth = jv_object_get(c->st->json, c->st->jsonata ? "Arguments" : "Parameters");
    auth = auth && jv_is_object(auth) ? jv_object_get(auth, "Authentication") : NULL;
    at = c->st->jsonata ? "Arguments.Authentication" : "Parameters.Authentication";
    pol_value pv = pol_member(c, auth, "ConnectionArn", at, &v, where, sizeof where);
    const char *conn = pv == POL_STATIC ? strstr(v, ":connection/") : NULL;
    if (!conn) {
        if (!secret)
            pol_warn(c, "%s is %s: %s on \"*\"", where, pv == POL_ABSENT ? "missing" :
                     "not a literal connection ARN", s->actions[0]);
        return pol_add(c, s->actions, "*");
    }
    if (!secret)
        return pol_add(c, s->actions, v);
    const char *name = conn + 12;
    size_t namelen = strcspn(name, "/");
    const char *region = strchr(v + 4, ':');     /* arn:P:events:R:A:... */
    region = region ? strchr(region + 1, ':') : NULL;
    if (!region || region > conn)
        return pol_add(c, s->actions, "*");
    snprintf(arn, sizeof arn, "arn:%s:secretsmanager:%.*s:secret:events!connection/%.*s/*",
             c->o->partition, (int)(conn - region - 1), region + 1, (int)namelen, name);
    pol_add(c, s->actions, arn);
}

static void pol_statement(pol_ctx *c, const iam_statement *s)
{
    char arn[POL_ARN_MAX];
    const char *v;
    char where[320];
    switch (s->arn) {
    case IAM_ARN_ANY: pol_add(c, s->actions, "*"); return;
    case IAM_ARN_DDB_TABLE: pol_table(c, s); return;
    case IAM_ARN_SQS_QUEUE: pol_named(c, s, "QueueUrl", "queue"); return;
    case IAM_ARN_SNS_TOPIC: pol_topic(c, s); return;
    case IAM_ARN_EVENT_BUS: pol_buses(c, s); return;
    case IAM_ARN_STATE_MACHINE: pol_named(c, s, "StateMachineArn", "arn"); return;
    case IAM_ARN_EXECUTIONS: pol_executions(c, s); return;
    case IAM_ARN_ECS_TASK_DEF: pol_named(c, s, "TaskDefinition", "task-definition"); return;
    case IAM_ARN_EVENTS_RULE:
        snprintf(arn, sizeof arn, "arn:%s:events:%s:%s:rule/%s", c->o->partition, pol_region(c),
                 pol_account(c), s->rule);
        pol_add(c, s->actions, arn);
        return;
    case IAM_ARN_HTTP_ENDPOINT: pol_http_endpoint(c, s); return;
    case IAM_ARN_CONNECTION: pol_http_connection(c, s, false); return;
    case IAM_ARN_CONNECTION_SECRET: pol_http_connection(c, s, true); return;
    default: pol_resource(c, s); return;   /* policy_resources.c */
    case IAM_ARN_LAMBDA:
        if (c->st->task.resource_info.kind == ASL_RESOURCE_LAMBDA)
            return pol_lambda(c, s, c->st->task.resource);
        switch (pol_field(c, "FunctionName", &v, where, sizeof where)) {
        case POL_STATIC: pol_lambda(c, s, v); return;
        case POL_DYNAMIC: pol_wild(c, s, where, "*"); return;
        case POL_ABSENT:
            pol_warn(c, "%s is missing: %s on \"*\"", where, s->actions[0]);
            pol_add(c, s->actions, "*");
            return;
        }
    }
}

/* An S3 SDK call: the bucket (s3:ListBucket...), else the object Bucket/Key (every key of the
 * bucket without a literal Key). */
static void pol_sdk_s3(pol_ctx *c, const iam_statement *s)
{
    const char *bucket, *key;
    char where[320], arn[POL_ARN_MAX];
    if (pol_field(c, "Bucket", &bucket, where, sizeof where) != POL_STATIC)
        return pol_wild(c, s, where, "*");
    if (!strncmp(s->actions[0], "s3:ListBucket", 13))   /* and its Versions, MultipartUploads */
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s", c->o->partition, bucket);
    else if (pol_field(c, "Key", &key, where, sizeof where) == POL_STATIC)
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s/%s", c->o->partition, bucket, key);
    else {
        pol_warn(c, "%s is %s: %s on every key of bucket %s", where,
                 pol_field(c, "Key", &key, where, sizeof where) == POL_ABSENT
                     ? "missing" : "computed at run time", s->actions[0], bucket);
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s/*", c->o->partition, bucket);
    }
    pol_add(c, s->actions, arn);
}

/* aws-sdk:s3:copyObject reads its CopySource ("BUCKET/KEY", a leading '/' and a
 * "?versionId=" allowed): s3:GetObject on that object, every object when computed. */
static void pol_copy_source(pol_ctx *c)
{
    static const iam_statement read = {{"s3:GetObject"}, IAM_ARN_ANY, NULL};
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "CopySource", &v, where, sizeof where);
    if (pv != POL_STATIC || !strchr(v + (*v == '/'), '/'))
        return pol_fallback(c, &read, where,
                            pv == POL_STATIC ? "is not BUCKET/KEY"
                            : pv == POL_ABSENT ? "is missing" : "is computed at run time", "*");
    v += *v == '/';
    snprintf(arn, sizeof arn, "arn:%s:s3:::%.*s", c->o->partition, (int)strcspn(v, "?"), v);
    pol_add(c, read.actions, arn);
}

/* An AWS SDK task: PREFIX:Action, on the table (dynamodb) or bucket/object (s3) its
 * parameters name, else "*"; s3:copyObject also reads its source. */
static void pol_sdk(pol_ctx *c, const char *action)
{
    iam_statement s = {{action, NULL}, IAM_ARN_ANY, NULL};
    const char *v;
    char where[320];
    const asl_resource_info *r = &c->st->task.resource_info;
    if (r->action_len == 10 && !strncmp(r->action, "copyObject", 10) &&
        !strcmp(action, "s3:PutObject"))
        pol_copy_source(c);
    if (!strncmp(action, "dynamodb:", 9) &&
        pol_field(c, "TableName", &v, where, sizeof where) != POL_ABSENT)
        return pol_table(c, &s);
    if (!strncmp(action, "s3:", 3) &&
        pol_field(c, "Bucket", &v, where, sizeof where) != POL_ABSENT)
        return pol_sdk_s3(c, &s);
    pol_add(c, s.actions, "*");
}

/* ---- Distributed Map ---- */

/* The S3 resource an ItemReader or ResultWriter (name) names in its Parameters/Arguments:
 * the bucket (list), the object Bucket/Key (read), or the objects under Bucket/Prefix
 * (write, and a manifest's data files); "*" or every key of the bucket, with a warning, when computed. */
typedef enum { POL_S3_BUCKET, POL_S3_OBJECT, POL_S3_PREFIX } pol_s3_kind;

static void pol_dmap_s3(pol_ctx *c, const jv *cfg, const char *name, const iam_statement *s,
                        pol_s3_kind kind)
{
    char at[64], where[320], arn[POL_ARN_MAX];
    const char *bucket, *key;
    snprintf(at, sizeof at, "%s.%s", name, c->st->jsonata ? "Arguments" : "Parameters");
    const jv *params = jv_object_get(cfg, c->st->jsonata ? "Arguments" : "Parameters");
    pol_value pv = pol_member(c, params, "Bucket", at, &bucket, where, sizeof where);
    if (pv != POL_STATIC) {
        pol_warn(c, "%s is %s: %s on \"*\"", where, pv == POL_ABSENT ? "missing"
                 : "computed at run time", s->actions[0]);
        return pol_add(c, s->actions, "*");
    }
    if (kind == POL_S3_BUCKET) {
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s", c->o->partition, bucket);
        return pol_add(c, s->actions, arn);
    }
    pv = pol_member(c, params, kind == POL_S3_OBJECT ? "Key" : "Prefix", at, &key, where,
                    sizeof where);
    size_t kl = pv == POL_STATIC ? strlen(key) : 0;
    if (pv == POL_STATIC && kind == POL_S3_OBJECT)
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s/%s", c->o->partition, bucket, key);
    else if (pv == POL_STATIC && kl)
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s/%s%s*", c->o->partition, bucket, key,
                 key[kl - 1] == '/' ? "" : "/");
    else
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s/*", c->o->partition, bucket);
    if (pv == POL_DYNAMIC || (pv == POL_ABSENT && kind == POL_S3_OBJECT))
        pol_warn(c, "%s is %s: %s on every key of bucket %s", where,
                 pv == POL_ABSENT ? "missing" : "computed at run time", s->actions[0], bucket);
    pol_add(c, s->actions, arn);
}

static bool pol_dmap_resource_is(const jv *cfg, const char *action)
{
    const jv *r = cfg ? jv_object_get(cfg, "Resource") : NULL;
    const char *arn = r && jv_is_string(r) ? jv_string_value(r) : "";
    const char *tail = strstr(arn, ":::s3:");
    return tail && !strcmp(tail + 6, action);
}

/* A Distributed Map: child executions of this state machine, its ItemReader's S3 reads
 * (an S3 inventory manifest's data files as every key of its bucket, with a warning) and
 * its ResultWriter's writes. */
static void pol_dmap(pol_ctx *c)
{
    pol_statement(c, &iam_dmap_start);
    pol_statement(c, &iam_dmap_children);
    const jv *reader = c->st->map.item_reader, *writer = c->st->map.result_writer;
    if (pol_dmap_resource_is(reader, "listObjectsV2")) {
        pol_dmap_s3(c, reader, "ItemReader", &iam_dmap_list, POL_S3_BUCKET);
    } else if (pol_dmap_resource_is(reader, "getObject")) {
        pol_dmap_s3(c, reader, "ItemReader", &iam_dmap_read, POL_S3_OBJECT);
        const jv *rc = jv_object_get(reader, "ReaderConfig");
        const jv *type = rc && jv_is_object(rc) ? jv_object_get(rc, "InputType") : NULL;
        if (type && jv_is_string(type) && !strcmp(jv_string_value(type), "MANIFEST")) {
            pol_warn(c, "ItemReader reads an S3 inventory: s3:GetObject on every key of its "
                     "bucket for the inventory's data files");
            pol_dmap_s3(c, reader, "ItemReader", &iam_dmap_read, POL_S3_PREFIX);
        }
    } else if (reader && jv_object_get(reader, "Resource")) {
        pol_warn(c, "ItemReader's Resource has no rule yet: its S3 permissions are left out");
    }
    if (pol_dmap_resource_is(writer, "putObject"))
        pol_dmap_s3(c, writer, "ResultWriter", &iam_dmap_write, POL_S3_PREFIX);
    else if (writer && jv_object_get(writer, "Resource"))
        pol_warn(c, "ResultWriter's Resource has no rule yet: its S3 permissions are left out");
}

/* ---- the walk ---- */

static void pol_task(pol_ctx *c)
{
    const asl_resource_info *r = &c->st->task.resource_info;
    const iam_rule *rule = iam_rule_find(r);
    if (rule) {
        for (size_t i = 0; rule->statements[i].actions[0]; i++)
            pol_statement(c, &rule->statements[i]);
        return;
    }
    char action[256];
    if (iam_sdk_action(r, action, sizeof action))
        return pol_sdk(c, action);
    const char *why = iam_no_statement(r);
    if (why)
        pol_warn(c, "%s: %s", c->st->task.resource, why);
    else if (r->kind == ASL_RESOURCE_ACTIVITY)
        pol_warn(c, "an activity (%s): no statement (its workers poll it with their own "
                 "credentials)", c->st->task.resource);
    else
        pol_warn(c, "no rule for Resource %s yet: it is left out of the policy",
                 c->st->task.resource);
}

static void pol_machine(pol_ctx *c, const asl_machine *m)
{
    for (size_t i = 0; i < m->nstates; i++) {
        c->st = m->states[i];
        if (c->st->type == ASL_TASK)
            pol_task(c);
        if (c->st->type == ASL_MAP && c->st->map.distributed)
            pol_dmap(c);
        for (size_t b = 0; b < m->states[i]->nbranches; b++)
            pol_machine(c, m->states[i]->branches[b]);
    }
}

static jv *pol_document(pol_ctx *c, const policy_opts *o)
{
    if (o->logs)
        pol_add(c, iam_logs_delivery.actions, "*");
    if (o->xray)
        pol_add(c, iam_xray_tracing.actions, "*");
    jv *statements = c->statements;
    jv *list = jv_array();
    for (size_t i = 0; i < jv_object_size(statements); i++) {
        const jv *st = jv_object_value_at(statements, i);
        jv *res = jv_ref(jv_object_get(st, "Resource"));
        for (size_t j = 0; j < jv_array_length(res); j++)
            if (!strcmp(jv_string_value(jv_array_get(res, j)), "*")) {
                jv_unref(res);
                res = jv_array_append_take(jv_array(), jv_string("*"));   /* "*" covers all */
                break;
            }
        jv *out = jv_object_set_take(jv_object(), "Effect", jv_string("Allow"));
        out = jv_object_set(out, "Action", jv_object_get(st, "Action"));
        out = jv_object_set_take(out, "Resource", res);
        if (jv_object_get(st, "Condition"))
            out = jv_object_set(out, "Condition", jv_object_get(st, "Condition"));
        list = jv_array_append_take(list, out);
    }
    jv_unref(statements);
    jv *doc = jv_object_set_take(jv_object(), "Version", jv_string("2012-10-17"));
    return jv_object_set_take(doc, "Statement", list);
}

jv *policy_build(const asl_definition *def, const policy_opts *o, size_t *warnings)
{
    pol_ctx c = {o, NULL, jv_object(), 0, false};
    pol_machine(&c, asl_definition_root(def));
    if (c.used_default) {
        fprintf(o->warn, "sfdbg policy: %s: note: ARNs built with the default%s%s%s%s (give "
                "--region R and --account A for yours)\n", o->file,
                o->region_given ? "" : " region ", o->region_given ? "" : o->region,
                o->account_given ? "" : " account ", o->account_given ? "" : o->account);
        c.warnings++;
    }
    *warnings = c.warnings;
    return pol_document(&c, o);
}
