/* sfn_registry — child execution names and the tokens of parents waiting on a child. */
#include "services/sfn_registry.h"

#include <string.h>

#include "alloc.h"

#define SFN_NAME_TTL_MS (90LL * 24 * 3600 * 1000)

struct sfn_registry {
    jv *names;    /* {"MACHINE:NAME": {"Input": text, "Arn": arn, "At": ms, "Open": bool}} */
    jv *tokens;   /* {"TOKEN": {} while waiting, {"Output"|"Error","Cause", "At"} once sent} */
};

sfn_registry *sfn_registry_new(void)
{
    sfn_registry *r = engine_malloc(sizeof *r);
    r->names = jv_object();
    r->tokens = jv_object();
    return r;
}

void sfn_registry_clear(sfn_registry *r)
{
    jv_unref(r->names);
    jv_unref(r->tokens);
    r->names = jv_object();
    r->tokens = jv_object();
}

void sfn_registry_free(sfn_registry *r)
{
    if (r) {
        jv_unref(r->names);
        jv_unref(r->tokens);
        engine_free(r);
    }
}

sfn_name_use sfn_registry_name(const sfn_registry *r, const char *key, const char *input,
                               int64_t now_ms, int64_t *start_ms, const char **arn)
{
    const jv *e = jv_object_get(r->names, key);
    if (!e)
        return SFN_NAME_FREE;
    int64_t at = (int64_t)jv_number_value(jv_object_get(e, "At"));
    if (now_ms - at >= SFN_NAME_TTL_MS)
        return SFN_NAME_FREE;
    if (jv_is_true(jv_object_get(e, "Open")) &&
        !strcmp(jv_string_value(jv_object_get(e, "Input")), input)) {
        *start_ms = at;
        *arn = jv_string_value(jv_object_get(e, "Arn"));
        return SFN_NAME_SAME_OPEN;
    }
    return SFN_NAME_TAKEN;
}

void sfn_registry_name_add(sfn_registry *r, const char *key, const char *input,
                           const char *arn, int64_t now_ms)
{
    jv *e = jv_object_set_take(jv_object(), "Input", jv_string(input));
    e = jv_object_set_take(e, "Arn", jv_string(arn));
    e = jv_object_set_take(e, "At", jv_number((double)now_ms));
    e = jv_object_set_take(e, "Open", jv_bool(true));
    r->names = jv_object_set_take(r->names, key, e);
}

void sfn_registry_name_close(sfn_registry *r, const char *key)
{
    const jv *e = jv_object_get(r->names, key);
    if (e)
        r->names = jv_object_set_take(r->names, key,
                                      jv_object_set_take(jv_ref(e), "Open", jv_bool(false)));
}

void sfn_registry_token_wait(sfn_registry *r, const char *token)
{
    r->tokens = jv_object_set_take(r->tokens, token, jv_object());
}

sfn_token_send sfn_registry_token_send(sfn_registry *r, const char *token, const char *output,
                                       const char *error, const char *cause, int64_t now_ms)
{
    const jv *e = jv_object_get(r->tokens, token);
    if (!e)
        return SFN_TOKEN_UNKNOWN;
    if (jv_object_size(e))
        return SFN_TOKEN_DONE;
    jv *o = jv_object();
    if (output)
        o = jv_object_set_take(o, "Output", jv_string(output));
    else {
        o = jv_object_set_take(o, "Error", error ? jv_string(error) : jv_null());
        o = jv_object_set_take(o, "Cause", cause ? jv_string(cause) : jv_null());
    }
    o = jv_object_set_take(o, "At", jv_number((double)now_ms));
    r->tokens = jv_object_set_take(r->tokens, token, o);
    return SFN_TOKEN_SENT;
}

sfn_token_send sfn_registry_token_peek(const sfn_registry *r, const char *token)
{
    const jv *e = jv_object_get(r->tokens, token);
    return !e ? SFN_TOKEN_UNKNOWN : jv_object_size(e) ? SFN_TOKEN_DONE : SFN_TOKEN_SENT;
}

jv *sfn_registry_token_take(sfn_registry *r, const char *token)
{
    const jv *e = jv_object_get(r->tokens, token);
    jv *out = e && jv_object_size(e) ? jv_ref(e) : NULL;
    if (e)
        r->tokens = jv_object_delete(r->tokens, token);
    return out;
}
