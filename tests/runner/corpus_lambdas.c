#include "corpus_lambdas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jv_text.h"
#include "src/lambda_shape.h"
#include "strbuf.h"

/* What a handler file does with its event. */
typedef enum {
    BEHAVIOUR_RETURN_EVENT,        /* id_function.py: return event */
    BEHAVIOUR_DECORATE_EVENT,      /* return_decorated_input.py: "input-event-" + str(event) */
    BEHAVIOUR_RAISE_EXCEPTION,     /* raise_exception.py */
    BEHAVIOUR_RAISE_CUSTOM,        /* raise_custom_exception.py */
} behaviour;

typedef struct {
    const char *file;              /* the handler file's base name */
    behaviour what;
} handler_file;

static const handler_file handler_files[] = {
    {"id_function.py", BEHAVIOUR_RETURN_EVENT},
    {"return_decorated_input.py", BEHAVIOUR_DECORATE_EVENT},
    {"raise_exception.py", BEHAVIOUR_RAISE_EXCEPTION},
    {"raise_custom_exception.py", BEHAVIOUR_RAISE_CUSTOM},
};

typedef struct {
    char *name;                    /* the function's name as the definition writes it */
    const handler_file *handler;
} corpus_function;

struct corpus_lambdas {
    corpus_function *functions;
    size_t n;
};

static const handler_file *handler_file_named(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    for (size_t i = 0; i < sizeof handler_files / sizeof handler_files[0]; i++)
        if (!strcmp(handler_files[i].file, base))
            return &handler_files[i];
    return NULL;
}

/* The name the definition uses for a deployed function: the case's substitution, else the
 * deployed name itself. */
static const char *function_written_name(const jv *corpus_case, const char *deployed)
{
    const jv *subs = jv_object_get(corpus_case, "substitutions");
    for (size_t i = 0; subs && jv_is_array(subs) && i < jv_array_length(subs); i++) {
        const jv *sub = jv_array_get(subs, i);
        const jv *from = jv_object_get(sub, "harness_value");
        const jv *to = jv_object_get(sub, "replaced_by");
        if (from && to && jv_is_string(from) && jv_is_string(to)
            && !strcmp(jv_string_value(from), deployed))
            return jv_string_value(to);
    }
    return deployed;
}

corpus_lambdas *corpus_lambdas_new(const jv *corpus_case)
{
    const jv *handlers = jv_object_get(jv_object_get(corpus_case, "provenance"), "lambda_handlers");
    if (!handlers || !jv_is_object(handlers) || !jv_object_size(handlers))
        return NULL;
    corpus_lambdas *l = calloc(1, sizeof *l);
    l->functions = calloc(jv_object_size(handlers), sizeof *l->functions);
    for (size_t i = 0; i < jv_object_size(handlers); i++) {
        const jv *path = jv_object_value_at(handlers, i);
        const handler_file *file = jv_is_string(path) ? handler_file_named(jv_string_value(path))
                                                      : NULL;
        if (!file)
            continue;
        const char *deployed = jv_string_value(jv_object_key_at(handlers, i));
        l->functions[l->n].name = strdup(function_written_name(corpus_case, deployed));
        l->functions[l->n++].handler = file;
    }
    return l;
}

void corpus_lambdas_free(corpus_lambdas *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->functions[i].name);
    free(l->functions);
    free(l);
}

/* ---- str(event): Python's repr of the parsed JSON ---- */

static void python_repr(const jv *v, strbuf *out);

/* Python's repr of a str: single quotes unless the text has a ' and no ". */
static void python_repr_string(const char *s, size_t len, strbuf *out)
{
    char quote = memchr(s, '\'', len) && !memchr(s, '"', len) ? '"' : '\'';
    strbuf_putc(out, quote);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)quote || c == '\\')
            strbuf_printf(out, "\\%c", c);
        else if (c == '\n')
            strbuf_puts(out, "\\n");
        else if (c == '\r')
            strbuf_puts(out, "\\r");
        else if (c == '\t')
            strbuf_puts(out, "\\t");
        else if (c < 0x20 || c == 0x7f)
            strbuf_printf(out, "\\x%02x", c);
        else
            strbuf_putc(out, (char)c);
    }
    strbuf_putc(out, quote);
}

static void python_repr_items(const jv *v, bool object, strbuf *out)
{
    size_t n = object ? jv_object_size(v) : jv_array_length(v);
    strbuf_putc(out, object ? '{' : '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_puts(out, ", ");
        if (object) {
            python_repr(jv_object_key_at(v, i), out);
            strbuf_puts(out, ": ");
        }
        python_repr(object ? jv_object_value_at(v, i) : jv_array_get(v, i), out);
    }
    strbuf_putc(out, object ? '}' : ']');
}

static void python_repr(const jv *v, strbuf *out)
{
    if (jv_is_string(v)) {
        size_t len;
        const char *s = jv_string_text(v, &len);
        python_repr_string(s, len, out);
    } else if (jv_is_array(v) || jv_is_object(v)) {
        python_repr_items(v, jv_is_object(v), out);
    } else if (jv_is_null(v)) {
        strbuf_puts(out, "None");
    } else if (jv_is_bool(v)) {
        strbuf_puts(out, jv_is_true(v) ? "True" : "False");
    } else {
        jv_dump(v, 0, out);
    }
}

/* ---- answering a call ---- */

static const corpus_function *function_called(const corpus_lambdas *l, const task_call *call)
{
    char name[256];
    if (!lambda_call_function(call, name, sizeof name))
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        char written[256];
        lambda_function_name(l->functions[i].name, written, sizeof written);
        if (!strcmp(written, name))
            return &l->functions[i];
    }
    return NULL;
}

/* The Python runtime's report of an exception raised on `line` by `statement`. */
static void corpus_raise(const task_call *call, const char *type, const char *message,
                         int line, const char *statement, task_answer *out)
{
    char frame[256];
    snprintf(frame, sizeof frame, "  File \"/var/task/handler.py\", line %d, in handler\n    %s\n",
             line, statement);
    jv *trace = jv_array_append_take(jv_array(), jv_string(frame));
    jv *cause = lambda_error_cause(type, message, trace, call->random);
    char *text = lambda_error_cause_text(cause, lambda_is_invoke(call));
    out->kind = TASK_ERROR;
    asl_error_set_raw(&out->error, type, text);
    free(text);
    jv_unref(cause);
    jv_unref(trace);
}

static jv *corpus_decorate(const jv *event)
{
    strbuf text;
    strbuf_init(&text, 0);
    strbuf_puts(&text, "input-event-");
    python_repr(event, &text);
    jv *r = jv_string_n(strbuf_str(&text), text.len);
    strbuf_cleanup(&text);
    return r;
}

task_answer_kind corpus_lambdas_resolve(void *user, const task_call *call, task_answer *out)
{
    const corpus_function *f = function_called(user, call);
    if (!f)
        return TASK_NO_ANSWER;
    bool invoke = lambda_is_invoke(call);
    const jv *payload = invoke ? jv_object_get(call->input, "Payload") : call->input;
    jv *empty = jv_object();
    const jv *event = payload ? payload : empty;
    char source[300];
    snprintf(source, sizeof source, "corpus function %s", f->handler->file);
    out->source = engine_strdup(source);
    jv *result = NULL;
    switch (f->handler->what) {
    case BEHAVIOUR_RETURN_EVENT:
        result = jv_ref(event);
        break;
    case BEHAVIOUR_DECORATE_EVENT:
        result = corpus_decorate(event);
        break;
    case BEHAVIOUR_RAISE_EXCEPTION:
        corpus_raise(call, "Exception", "Some exception was raised.", 2,
                     "raise Exception(\"Some exception was raised.\")", out);
        break;
    case BEHAVIOUR_RAISE_CUSTOM:
        corpus_raise(call, "CustomException", "", 9, "raise CustomException()", out);
        break;
    }
    jv_unref(empty);
    if (!result)
        return out->kind;
    out->kind = TASK_RESULT;
    out->result = invoke ? lambda_local_invoke_result(result, call->now_ms, call->random)
                         : jv_ref(result);
    jv_unref(result);
    return TASK_RESULT;
}
