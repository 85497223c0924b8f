/* task_params — an integration's Parameters checked before its task is scheduled. */
#include "task_params.h"

#include <string.h>

#include "jv_text.h"
#include "strbuf.h"

typedef bool (*field_valid_fn)(const jv *value);

typedef struct {
    const char *field;
    field_valid_fn valid;
} field_rule;

typedef struct {
    asl_resource_kind kind;
    const char *service;
    const char *action;
    const field_rule *rules;
    size_t nrules;
} integration_rules;

/* A map from a name to a list of values (API Gateway's Headers and QueryParameters): an
 * object whose every value is an array. A single string where a list belongs is what AWS
 * refuses (the corpus's test_invoke_with_headers[singleStringHeader]), and so is a string
 * in place of the map (a QueryParameters string, in a cause AWS gave). What the lists hold,
 * and a null, are not judged: nothing recorded says. */
static bool is_list_map(const jv *value)
{
    if (jv_is_null(value))
        return true;
    if (!jv_is_object(value))
        return false;
    for (size_t i = 0; i < jv_object_size(value); i++) {
        const jv *v = jv_object_value_at(value, i);
        if (!jv_is_array(v) && !jv_is_null(v))
            return false;
    }
    return true;
}

static const field_rule apigateway_invoke[] = {
    {"Headers", is_list_map},
    {"QueryParameters", is_list_map},
};

static const integration_rules integrations[] = {
    {ASL_RESOURCE_OPTIMIZED, "apigateway", "invoke", apigateway_invoke,
     sizeof apigateway_invoke / sizeof apigateway_invoke[0]},
};

static bool slice_is(const char *s, size_t n, const char *want)
{
    return n == strlen(want) && memcmp(s, want, n) == 0;
}

static const integration_rules *rules_for(const asl_resource_info *info)
{
    for (size_t i = 0; i < sizeof integrations / sizeof integrations[0]; i++) {
        const integration_rules *r = &integrations[i];
        if (r->kind == info->kind && slice_is(info->service, info->service_len, r->service) &&
            slice_is(info->action, info->action_len, r->action))
            return r;
    }
    return NULL;
}

static const field_rule *rule_named(const integration_rules *r, const char *field)
{
    for (size_t i = 0; i < r->nrules; i++)
        if (strcmp(r->rules[i].field, field) == 0)
            return &r->rules[i];
    return NULL;
}

/* Appends one message per field that breaks its rule; returns how many. */
static size_t list_violations(const integration_rules *r, const jv *params, strbuf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < jv_object_size(params); i++) {
        const char *field = jv_string_value(jv_object_key_at(params, i));
        const field_rule *rule = rule_named(r, field);
        if (!rule || rule->valid(jv_object_value_at(params, i)))
            continue;
        strbuf_printf(out, "%sThe value of the field '%s' has an invalid format", n ? ", " : "",
                      field);
        n++;
    }
    return n;
}

bool task_params_check(const asl_resource_info *info, const jv *params, asl_error *err)
{
    const integration_rules *r = rules_for(info);
    if (!r || !jv_is_object(params))
        return true;
    strbuf why;
    strbuf_init(&why, 0);
    bool ok = list_violations(r, params, &why) == 0;
    if (!ok) {
        char *json = jv_dump_string(params, 0);
        asl_error_set(err, "States.Runtime",
                      "The Parameters '%s' could not be used to start the Task: [%s]", json,
                      strbuf_str(&why));
        engine_free(json);
    }
    strbuf_cleanup(&why);
    return ok;
}
