/* exec_jsonata_map — a JSONata Map state's fields: Items (a literal array whose members
 * may be expressions, or an expression that must give an array; the state input when
 * absent), and one JSONata field evaluated over the state input (ItemSelector per item,
 * BatchInput, the ItemReader's and ResultWriter's Arguments, the number fields that
 * exec_map.c then checks). */
#include <stdio.h>
#include <string.h>

#include "exec_jsonata.h"
#include "jv_text.h"

jv *exec_jsonata_over(exec_ctx *f, const jv *tmpl, const jv *input, const char *field)
{
    jv *b = exec_jsonata_bindings(f, input, NULL, NULL);
    jv *v = exec_jsonata_value(f, tmpl, b, field, 0);
    jv_unref(b);
    return v;
}

/* States.QueryEvaluationError for a value of the wrong type, as AWS words it: "...
 * returned an unexpected result type. Expected 'array', but was 'object' for value: {...}" */
void exec_jsonata_type_error(exec_ctx *f, const jv *tmpl, const char *field,
                             const char *expected, const jv *got)
{
    char *shown = jv_dump_string(got, 0);
    char what[512];
    snprintf(what, sizeof what, "returned an unexpected result type. Expected '%s', but was "
             "'%s' for value: %.300s", expected, jv_kind_name(jv_kind_of(got)), shown);
    engine_free(shown);
    exec_jsonata_error(f, tmpl, field, what);
}

jv *exec_jsonata_map_items(exec_ctx *f, const jv *input)
{
    const jv *tmpl = jv_is_object(f->state->json) ? jv_object_get(f->state->json, "Items") : NULL;
    jv *items = tmpl ? exec_jsonata_over(f, tmpl, input, "Items") : jv_ref(input);
    if (!items || jv_is_array(items))
        return items;
    if (tmpl) {
        exec_jsonata_type_error(f, tmpl, "Items", "array", items);
    } else {
        char *shown = jv_dump_string(items, 0);
        asl_error_set(f->err, "States.QueryEvaluationError",
                      "An error occurred while executing the state '%s' (entered at the event "
                      "id #%ld). Map state input must be an array but was: %.1000s",
                      f->state->name, f->entered_id, shown);
        engine_free(shown);
    }
    jv_unref(items);
    return NULL;
}
