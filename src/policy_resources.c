/* policy_resources — the resources of the later integrations' statements (iam_rules.c's
 * IAM_ARN_FIXED templates and conditions, iam:PassRole, CodeBuild, Athena, API Gateway,
 * Bedrock), for policy_build; sources in docs/policy.md. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "policy_ctx.h"
#include "strbuf.h"

/* One ARN template expanded into arn, up to its end (a space, '|' or a newline): {P} {R}
 * {A} {M} the partition, region, account and state machine's name, {Field} the state's
 * literal parameter Field ({lower:Field}: in lower case, as SageMaker's ARNs name things).
 * false (with *where naming the first such field) when a field is not literal. */
static bool pol_template(pol_ctx *c, const char **tp, strbuf *arn, char *where, size_t n)
{
    bool literal = true;
    const char *t = *tp;
    for (; *t && *t != ' ' && *t != '|' && *t != '\n'; t++) {
        const char *close = *t == '{' ? strchr(t, '}') : NULL;
        if (!close) {
            strbuf_putc(arn, *t);
            continue;
        }
        char keybuf[64];
        snprintf(keybuf, sizeof keybuf, "%.*s", (int)(close - t - 1), t + 1);
        bool lower = !strncmp(keybuf, "lower:", 6);
        const char *key = keybuf + (lower ? 6 : 0), *sub = NULL;
        char at[320];
        if (!key[1])
            sub = key[0] == 'P' ? c->o->partition : key[0] == 'R' ? pol_region(c)
                  : key[0] == 'A' ? pol_account(c) : key[0] == 'M' ? c->o->machine : NULL;
        else if (pol_field(c, key, &sub, at, sizeof at) != POL_STATIC)
            sub = NULL;
        if (literal && !sub && key[1])
            snprintf(where, n, "%s", at);   /* the first field that is not literal */
        literal = literal && sub;
        for (const char *p = sub ? sub : "*"; *p; p++)
            strbuf_putc(arn, lower ? (char)tolower((unsigned char)*p) : *p);
        t = close;
    }
    *tp = t;
    return literal;
}

/* The condition after the newline of an IAM_ARN_FIXED statement's rule ("OPERATOR KEY
 * VALUE", VALUE a template): {"OPERATOR": {"KEY": "VALUE"}}, or NULL (none, or VALUE
 * computed: a warning says so). */
static jv *pol_condition(pol_ctx *c, const iam_statement *s)
{
    const char *op = strchr(s->rule, '\n');
    const char *key = op ? strchr(op + 1, ' ') : NULL;
    const char *value = key ? strchr(key + 1, ' ') : NULL;
    if (!value)
        return NULL;
    strbuf v;
    strbuf_init(&v, 0);
    char where[320] = "", opname[64], name[128];
    const char *t = value + 1;
    bool literal = pol_template(c, &t, &v, where, sizeof where);
    snprintf(opname, sizeof opname, "%.*s", (int)(key - op - 1), op + 1);
    snprintf(name, sizeof name, "%.*s", (int)(value - key - 1), key + 1);
    jv *cond = NULL;
    if (literal) {
        jv *inner = jv_object_set_take(jv_object(), name, jv_string(strbuf_str(&v)));
        cond = jv_object_set_take(jv_object(), opname, inner);
    } else {
        pol_warn(c, "%s is missing or computed at run time: %s without the condition %s", where,
                 s->actions[0], name);
    }
    strbuf_cleanup(&v);
    return cond;
}

/* The ARNs of an IAM_ARN_FIXED statement: space-separated templates (pol_template), each
 * STATIC or STATIC|DYNAMIC: AWS's dynamic resource when a field of the static one is not
 * literal (or, without one, "*" in its place), with a warning naming the field;
 * all of them under the condition, if any. */
static void pol_fixed(pol_ctx *c, const iam_statement *s)
{
    jv *cond = pol_condition(c, s);
    const char *t = s->rule;
    while (*t && *t != '\n') {
        strbuf arn;
        strbuf_init(&arn, 0);
        char where[320] = "";
        bool literal = pol_template(c, &t, &arn, where, sizeof where);
        if (*t == '|') {
            t++;
            if (!literal) {
                strbuf_reset(&arn);
                pol_template(c, &t, &arn, where, sizeof where);
            }
            while (*t && *t != ' ' && *t != '\n')
                t++;
        }
        if (!literal)
            pol_warn(c, "%s is missing or computed at run time: %s on \"%s\"", where,
                     s->actions[0], strbuf_str(&arn));
        pol_add_if(c, s->actions, strbuf_str(&arn), cond);
        strbuf_cleanup(&arn);
        while (*t == ' ')
            t++;
    }
    jv_unref(cond);
}

/* iam:PassRole on the roles the fields in rule name ("RoleArn" or "ServiceRole,JobFlowRole"),
 * an ARN or a role name (none when the field is absent: no such role is passed); after a
 * space, the service it is passed to (a condition). */
static void pol_pass_role(pol_ctx *c, const iam_statement *s)
{
    const char *service = strchr(s->rule, ' ');
    jv *cond = NULL;
    if (service) {
        jv *eq = jv_object_set_take(jv_object(), "iam:PassedToService", jv_string(service + 1));
        cond = jv_object_set_take(jv_object(), "StringEquals", eq);
    }
    size_t end = service ? (size_t)(service - s->rule) : strlen(s->rule);
    for (const char *f = s->rule; f < s->rule + end;) {
        size_t len = strcspn(f, ", ");
        char key[64], where[320], arn[POL_ARN_MAX];
        snprintf(key, sizeof key, "%.*s", (int)len, f);
        const char *v;
        pol_value pv = pol_field(c, key, &v, where, sizeof where);
        f += len;
        while (*f == ',')
            f++;
        if (pv == POL_ABSENT)
            continue;   /* no role of that kind is passed */
        if (pv == POL_STATIC && !strncmp(v, "arn:", 4))
            snprintf(arn, sizeof arn, "%s", v);
        else if (pv == POL_STATIC)
            snprintf(arn, sizeof arn, "arn:%s:iam::%s:role/%s", c->o->partition, pol_account(c), v);
        else
            snprintf(arn, sizeof arn, "arn:%s:iam::%s:role/*", c->o->partition, pol_account(c));
        if (pv != POL_STATIC)
            pol_warn(c, "%s is computed at run time: iam:PassRole on \"%s\"", where, arn);
        pol_add_if(c, s->actions, arn, cond);
    }
    jv_unref(cond);
}

/* codebuild: the project of ProjectName, or of a build (batch) Id (PROJECT:UUID); else AWS's
 * dynamic resource, every project of the region (rule "in-account": of the account, as the
 * build-batch templates write it). */
static void pol_codebuild(pol_ctx *c, const iam_statement *s)
{
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "ProjectName", &v, where, sizeof where);
    if (pv == POL_ABSENT && pol_field(c, "Id", &v, where, sizeof where) == POL_STATIC &&
        strchr(v, ':'))
        snprintf(arn, sizeof arn, "arn:%s:codebuild:%s:%s:project/%.*s", c->o->partition,
                 pol_region(c), pol_account(c), (int)(strchr(v, ':') - v), v);
    else if (pv == POL_STATIC && !strncmp(v, "arn:", 4))
        snprintf(arn, sizeof arn, "%s", v);
    else if (pv == POL_STATIC)
        snprintf(arn, sizeof arn, "arn:%s:codebuild:%s:%s:project/%s", c->o->partition,
                 pol_region(c), pol_account(c), v);
    else {
        bool in_account = s->rule && !strcmp(s->rule, "in-account");
        snprintf(arn, sizeof arn, "arn:%s:codebuild:%s:%s:project/*", c->o->partition,
                 pol_region(c), in_account ? pol_account(c) : "*");
        if (pv == POL_DYNAMIC)
            return pol_wild(c, s, where, arn);
        pol_warn(c, "%s names no project: %s on \"%s\"", pv == POL_ABSENT ? "the task" : where,
                 s->actions[0], arn);
    }
    pol_add(c, s->actions, arn);
}

/* codebuild:batchGetReports: the report group of each report in a literal ReportArns
 * (arn:P:codebuild:R:A:report/GROUP:ID); else every report group of the region. */
static void pol_report_groups(pol_ctx *c, const iam_statement *s)
{
    const char *at, *v;
    char where[320], arn[POL_ARN_MAX];
    const jv *params = pol_params(c, &at);
    pol_value pv = pol_member(c, params, "ReportArns", at, &v, where, sizeof where);
    const jv *list = pv == POL_DYNAMIC && jv_is_object(params)
                         ? jv_object_get(params, "ReportArns") : NULL;
    size_t n = list && jv_is_array(list) ? jv_array_length(list) : 0;
    size_t named = 0;
    for (size_t i = 0; i < n; i++) {
        const jv *e = jv_array_get(list, i);
        const char *r = jv_is_string(e) ? jv_string_value(e) : "";
        const char *group = strstr(r, ":report/");
        const char *end = group ? strchr(group + 8, ':') : NULL;
        if (strncmp(r, "arn:", 4) || !end)
            break;
        snprintf(arn, sizeof arn, "%.*s:report-group/%.*s", (int)(group - r), r,
                 (int)(end - group - 8), group + 8);
        pol_add(c, s->actions, arn);
        named++;
    }
    if (n && named == n)
        return;
    snprintf(arn, sizeof arn, "arn:%s:codebuild:%s:*:report-group/*", c->o->partition,
             pol_region(c));
    pol_fallback(c, s, where,
                 pv == POL_ABSENT ? "is missing" : "is not a list of literal report ARNs", arn);
}

/* athena:startQueryExecution: its WorkGroup (the primary one when none is given) and every
 * data catalog. */
static void pol_athena(pol_ctx *c, const iam_statement *s)
{
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "WorkGroup", &v, where, sizeof where);
    snprintf(arn, sizeof arn, "arn:%s:athena:%s:%s:workgroup/%s", c->o->partition,
             pol_region(c), pol_account(c), pv == POL_STATIC ? v : pv == POL_ABSENT ? "primary"
                                                                                  : "*");
    if (pv == POL_DYNAMIC)
        pol_wild(c, s, where, arn);
    else
        pol_add(c, s->actions, arn);
    snprintf(arn, sizeof arn, "arn:%s:athena:%s:%s:datacatalog/*", c->o->partition,
             pol_region(c), pol_account(c));
    pol_add(c, s->actions, arn);
}

/* bedrock: the model a field names (ModelId, BaseModelIdentifier): a foundation model's ID
 * (arn:P:bedrock:R::foundation-model/ID) or an ARN; a custom base model is covered by the
 * rule's custom-model/ wildcard. Computed or missing: AWS's full-access resources, with a
 * warning. */
static void pol_bedrock_model(pol_ctx *c, const iam_statement *s)
{
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, s->rule, &v, where, sizeof where);
    bool invoke = !strcmp(s->rule, "ModelId");
    if (pv == POL_STATIC && !strncmp(v, "arn:", 4)) {
        if (!invoke && strstr(v, ":custom-model/"))
            return;
        return pol_add(c, s->actions, v);
    }
    snprintf(arn, sizeof arn, "arn:%s:bedrock:%s::foundation-model/%s", c->o->partition,
             pol_region(c), pv == POL_STATIC ? v : "*");
    if (pv == POL_STATIC)
        return pol_add(c, s->actions, arn);
    pol_warn(c, "%s is %s: %s on every %smodel", where,
             pv == POL_ABSENT ? "missing" : "computed at run time", s->actions[0],
             invoke ? "foundation and provisioned " : "foundation ");
    pol_add(c, s->actions, arn);
    if (!invoke)
        return;
    snprintf(arn, sizeof arn, "arn:%s:bedrock:%s:%s:provisioned-model/*", c->o->partition,
             pol_region(c), pol_account(c));
    pol_add(c, s->actions, arn);
}

/* bedrock:invokeModel's Input or Output (rule): the object of its S3Uri (s3://BUCKET/KEY),
 * every object when computed (a warning says so); nothing without the field. */
static void pol_s3_uri(pol_ctx *c, const iam_statement *s)
{
    const char *at, *v;
    char where[320], arn[POL_ARN_MAX], obj_at[64];
    const jv *params = pol_params(c, &at);
    pol_value pv = pol_member(c, params, s->rule, at, &v, where, sizeof where);
    if (pv == POL_ABSENT)
        return;
    const jv *obj = pv == POL_DYNAMIC && jv_is_object(params) ? jv_object_get(params, s->rule)
                                                              : NULL;
    snprintf(obj_at, sizeof obj_at, "%s.%s", at, s->rule);
    if (obj && jv_is_object(obj))
        pv = pol_member(c, obj, "S3Uri", obj_at, &v, where, sizeof where);
    if (pv == POL_STATIC && !strncmp(v, "s3://", 5) && strchr(v + 5, '/')) {
        snprintf(arn, sizeof arn, "arn:%s:s3:::%s", c->o->partition, v + 5);
        return pol_add(c, s->actions, arn);
    }
    snprintf(arn, sizeof arn, "arn:%s:s3:::*", c->o->partition);
    pol_fallback(c, s, where,
                 pv == POL_STATIC ? "is not s3://BUCKET/KEY"
                 : pv == POL_ABSENT ? "is missing" : "is computed at run time", arn);
}

/* bedrock:invokeModel's GuardrailIdentifier: the guardrail (an ARN, or an ID of the
 * account's), every guardrail when computed; nothing without one. */
static void pol_guardrail(pol_ctx *c, const iam_statement *s)
{
    const char *v;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "GuardrailIdentifier", &v, where, sizeof where);
    if (pv == POL_ABSENT)
        return;
    if (pv == POL_STATIC && !strncmp(v, "arn:", 4))
        return pol_add(c, s->actions, v);
    snprintf(arn, sizeof arn, "arn:%s:bedrock:%s:%s:guardrail/%s", c->o->partition,
             pol_region(c), pol_account(c), pv == POL_STATIC ? v : "*");
    if (pv == POL_DYNAMIC)
        return pol_wild(c, s, where, arn);
    pol_add(c, s->actions, arn);
}

/* One part of an execute-api ARN: the literal field, or "*" with a warning. */
static const char *pol_apigw_part(pol_ctx *c, const char *key)
{
    const char *v;
    char where[320];
    pol_value pv = pol_field(c, key, &v, where, sizeof where);
    if (pv == POL_STATIC && *v && !strchr(v, '*'))
        return v;
    if (pv != POL_ABSENT || strcmp(key, "Path"))
        pol_warn(c, "%s is %s: execute-api:Invoke for any %s", where,
                 pv == POL_ABSENT ? "missing" : "not a literal", key);
    return "*";
}

/* apigateway:invoke: arn:P:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH from
 * ApiEndpoint (API-ID.execute-api.REGION.amazonaws.com), Stage, Method and Path; every API
 * of the account (AWS's template) when the endpoint is not one. */
static void pol_apigw(pol_ctx *c, const iam_statement *s)
{
    const char *ep;
    char where[320], arn[POL_ARN_MAX];
    pol_value pv = pol_field(c, "ApiEndpoint", &ep, where, sizeof where);
    const char *dot = pv == POL_STATIC ? strstr(ep, ".execute-api.") : NULL;
    const char *rend = dot ? strchr(dot + 13, '.') : NULL;
    if (!rend || dot == ep || strchr(ep, '/')) {
        snprintf(arn, sizeof arn, "arn:%s:execute-api:%s:%s:*", c->o->partition, pol_region(c),
                 pol_account(c));
        if (pv == POL_DYNAMIC)
            return pol_wild(c, s, where, arn);
        pol_warn(c, "%s %s: %s on \"%s\"", where,
                 pv == POL_ABSENT ? "is missing" : "is not API-ID.execute-api.REGION.amazonaws.com",
                 s->actions[0], arn);
        return pol_add(c, s->actions, arn);
    }
    const char *stage = pol_apigw_part(c, "Stage"), *method = pol_apigw_part(c, "Method");
    const char *path = pol_apigw_part(c, "Path");
    while (*path == '/')
        path++;
    snprintf(arn, sizeof arn, "arn:%s:execute-api:%.*s:%s:%.*s/%s/%s/%s", c->o->partition,
             (int)(rend - dot - 13), dot + 13, pol_account(c), (int)(dot - ep), ep, stage, method,
             *path ? path : "*");
    pol_add(c, s->actions, arn);
}

void pol_resource(pol_ctx *c, const iam_statement *s)
{
    switch (s->arn) {
    case IAM_ARN_CODEBUILD_PROJECT: pol_codebuild(c, s); return;
    case IAM_ARN_CODEBUILD_REPORT_GROUPS: pol_report_groups(c, s); return;
    case IAM_ARN_ATHENA_WORKGROUP: pol_athena(c, s); return;
    case IAM_ARN_API_GATEWAY: pol_apigw(c, s); return;
    case IAM_ARN_FIXED: pol_fixed(c, s); return;
    case IAM_ARN_PASS_ROLE: pol_pass_role(c, s); return;
    case IAM_ARN_BEDROCK_MODEL: pol_bedrock_model(c, s); return;
    case IAM_ARN_S3_URI: pol_s3_uri(c, s); return;
    case IAM_ARN_BEDROCK_GUARDRAIL: pol_guardrail(c, s); return;
    default: pol_add(c, s->actions, "*"); return;   /* policy_build's kinds: not reached */
    }
}
