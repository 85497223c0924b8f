/* serve_mock_check — a mocked result against the action's output shape. See
 * serve_mock_check.h. */
#include "serve_mock_check.h"

#include <stdio.h>
#include <string.h>

#include "jv_text.h"

#define MC_MAX_DEPTH 64

typedef struct {
    const jv *shapes;
    bool strict;
    char *err;
    size_t errlen;
} mc_walk;

static bool mc_fail(mc_walk *w, const char *path, const char *what)
{
    snprintf(w->err, w->errlen, "%s %s", *path ? path : "the result", what);
    return false;
}

static bool mc_value(mc_walk *w, const jv *v, const char *shape, const char *path, int depth);

static bool mc_members(mc_walk *w, const jv *v, const jv *s, const char *path, int depth)
{
    const jv *members = jv_object_get(s, "m");
    const jv *required = jv_object_get(s, "r");
    char sub[512];
    for (size_t i = 0; w->strict && i < jv_array_length(required); i++) {
        const char *name = jv_string_value(jv_array_get(required, i));
        snprintf(sub, sizeof sub, "%s.%s", path, name);
        if (!jv_object_has(v, name))
            return mc_fail(w, sub, "is required and missing");
    }
    for (size_t i = 0; i < jv_object_size(v); i++) {
        const char *name = jv_string_value(jv_object_key_at(v, i));
        const jv *shape = jv_object_get(members, name);
        snprintf(sub, sizeof sub, "%s.%s", path, name);
        if (!shape)
            return mc_fail(w, sub, "is not a member of the action's result");
        if (!mc_value(w, jv_object_value_at(v, i), jv_string_value(shape), sub, depth + 1))
            return false;
    }
    return true;
}

static bool mc_elements(mc_walk *w, const jv *v, const char *elem, bool list,
                        const char *path, int depth)
{
    char sub[512];
    size_t n = list ? jv_array_length(v) : jv_object_size(v);
    for (size_t i = 0; i < n; i++) {
        if (list)
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        else
            snprintf(sub, sizeof sub, "%s.%s", path, jv_string_value(jv_object_key_at(v, i)));
        if (!mc_value(w, list ? jv_array_get(v, i) : jv_object_value_at(v, i), elem, sub,
                      depth + 1))
            return false;
    }
    return true;
}

static bool mc_value(mc_walk *w, const jv *v, const char *shape, const char *path, int depth)
{
    const jv *s = jv_object_get(w->shapes, shape);
    if (!s || depth > MC_MAX_DEPTH)
        return true; /* nothing known this deep: not checked */
    char kind = jv_string_value(jv_object_get(s, "k"))[0];
    switch (kind) {
    case 'o':
        return jv_is_object(v) ? mc_members(w, v, s, path, depth) : mc_fail(w, path, "must be an object");
    case 'l':
        return jv_is_array(v) ? mc_elements(w, v, jv_string_value(jv_object_get(s, "e")), true,
                                            path, depth)
                              : mc_fail(w, path, "must be a list");
    case 'm':
        return jv_is_object(v) ? mc_elements(w, v, jv_string_value(jv_object_get(s, "e")), false,
                                             path, depth)
                               : mc_fail(w, path, "must be a map (an object)");
    case 's':
        return jv_is_string(v) || mc_fail(w, path, "must be a string");
    case 't':
        return jv_is_string(v) || jv_is_number(v) || mc_fail(w, path, "must be a timestamp");
    case 'i':
        return jv_is_integer(v) || mc_fail(w, path, "must be an integer");
    case 'n':
        return jv_is_number(v) || mc_fail(w, path, "must be a number");
    default:
        return jv_is_bool(v) || mc_fail(w, path, "must be a boolean");
    }
}

bool serve_mock_check(const char *service, size_t service_len, const char *action,
                      size_t action_len, const jv *result, bool strict, bool *checked,
                      char *err, size_t errlen)
{
    *checked = false;
    if (service_len > 8 && !strncmp(service, "aws-sdk:", 8)) {
        service += 8;
        service_len -= 8;
    }
    char key[160];
    snprintf(key, sizeof key, "%.*s:%.*s", (int)service_len, service, (int)action_len, action);
    jv_parse_error perr;
    jv *model = jv_parse_cstr(serve_result_shapes, &perr);
    const jv *ops = model ? jv_object_get(model, "ops") : NULL;
    const jv *root = ops ? jv_object_get(ops, key) : NULL;
    bool ok = true;
    if (root) {
        *checked = true;
        mc_walk w = {jv_object_get(model, "shapes"), strict, err, errlen};
        ok = *jv_string_value(root) ? mc_value(&w, result, jv_string_value(root), "", 0)
                                    : (jv_is_object(result) && !jv_object_size(result)) ||
                                          mc_fail(&w, "", "must be {} (the action has no result)");
    }
    jv_unref(model);
    return ok;
}
