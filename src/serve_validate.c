/* serve_validate — ValidateStateMachineDefinition: the validator's diagnostics (already
 * under AWS's codes and locations, validate.h) in the API's shape. */
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "validate.h"

#define SERVE_VALIDATE_DEFAULT_RESULTS 100

static jv *serve_diagnostic(const char *severity, const char *code, const char *message,
                            const char *location)
{
    jv *o = jv_object_set_take(jv_object(), "severity", jv_string(severity));
    o = jv_object_set_take(o, "code", jv_string(code));
    o = jv_object_set_take(o, "message", jv_string(message));
    if (location && *location)
        o = jv_object_set_take(o, "location", jv_string(location));
    return o;
}

/* The diagnostics severity asks for (ERROR: errors only; WARNING: warnings too), at most
 * max of them; *truncated when there were more. */
static jv *serve_diagnostics(const asl_diags *d, bool warnings, size_t max, bool *truncated)
{
    jv *list = jv_array();
    *truncated = false;
    for (size_t i = 0; i < d->len; i++) {
        const asl_diag *g = &d->items[i];
        if (g->severity == ASL_DIAG_WARNING && !warnings)
            continue;
        if (jv_array_length(list) == max) {
            *truncated = true;
            break;
        }
        list = jv_array_append_take(list, serve_diagnostic(
            g->severity == ASL_DIAG_ERROR ? "ERROR" : "WARNING", g->code, g->message,
            *g->pointer ? g->pointer : "/"));
    }
    return list;
}

char *serve_validate_definition(serve_registry *r, const jv *req, serve_error *e)
{
    (void)r; /* nothing registered is read or changed */
    const char *text = serve_req_string(req, "definition");
    const char *type = serve_req_string(req, "type");
    const char *severity = serve_req_string(req, "severity");
    const jv *mr = jv_object_get(req, "maxResults");
    size_t max = mr && jv_number_value(mr) >= 1 ? (size_t)jv_number_value(mr)
                                                : SERVE_VALIDATE_DEFAULT_RESULTS;
    asl_diags diags;
    asl_diags_init(&diags);
    jv *list;
    bool truncated = false;
    if (!*text) { /* AWS: "Received a null or empty workflow input" */
        list = jv_array_append_take(jv_array(), serve_diagnostic(
            "ERROR", "MISSING_DESCRIPTION", "The definition is empty", NULL));
    } else {
        asl_validate_options vo = {.express = type && !strcmp(type, "EXPRESS")};
        jv_unref(asl_validate_text(text, strlen(text), &vo, &diags));
        list = serve_diagnostics(&diags, severity && !strcmp(severity, "WARNING"), max,
                                 &truncated);
    }
    bool fail = !*text || asl_diags_error_count(&diags) > 0;
    asl_diags_cleanup(&diags);
    jv *o = jv_object_set_take(jv_object(), "result", jv_string(fail ? "FAIL" : "OK"));
    o = jv_object_set_take(o, "diagnostics", list);
    o = jv_object_set_take(o, "truncated", jv_bool(truncated));
    return serve_view_dump_take(o);
}
