/* jsonata — the public face of the JSONata library. See engine/jsonata.h. */
#include "jsonata.h"

#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jn_eval.h"
#include "jn_parse.h"
#include "jn_re.h"
#include "jv_text.h"
#include "strbuf.h"
#include "timeutil.h"

#define JN_DEFAULT_DEPTH 10000
#define JN_DEFAULT_MEMORY ((size_t)1 << 30)
#define JN_DEFAULT_STACK ((size_t)1 << 20)

/* Largest working block an expression keeps between its evaluations (jn_heap_keep_block). */
#define JN_KEEP_BLOCK_MAX ((size_t)4 << 20)

struct jsonata_expr {
    jn_heap heap;
    jn_node *ast;
    jn_regex **regexes;
    int nregexes;
    /* The working block the last large evaluation left for the next one: no part of the
     * expression's meaning. Evaluations on several threads each take it or find NULL, and
     * give one back only into an empty slot, atomically. */
    _Atomic(jn_block *) spare;
};

typedef struct {
    const char *code;
    const char *text;
} jn_errmsg;

/* the reference's message templates: {{token}}, {{value}}, {{value2}}, {{index}}, {{type}} */
static const jn_errmsg jn_errmsgs[] = {
    {"S0101", "String literal must be terminated by a matching quote"},
    {"S0102", "Number out of range: {{token}}"},
    {"S0103", "Unsupported escape sequence: \\{{token}}"},
    {"S0104", "The escape sequence \\u must be followed by 4 hex digits"},
    {"S0105", "Quoted property name must be terminated with a backquote (`)"},
    {"S0106", "Comment has no closing tag"},
    {"S0201", "Syntax error: {{token}}"},
    {"S0202", "Expected {{value}}, got {{token}}"},
    {"S0203", "Expected {{value}} before end of expression"},
    {"S0204", "Unknown operator: {{token}}"},
    {"S0205", "Unexpected token: {{token}}"},
    {"S0206", "Unknown expression type: {{token}}"},
    {"S0207", "Unexpected end of expression"},
    {"S0208", "Parameter {{value}} of function definition must be a variable name (start with $)"},
    {"S0209", "A predicate cannot follow a grouping expression in a step"},
    {"S0210", "Each step can only have one grouping expression"},
    {"S0211", "The symbol {{token}} cannot be used as a unary operator"},
    {"S0212", "The left side of := must be a variable name (start with $)"},
    {"S0213", "The literal value {{value}} cannot be used as a step within a path expression"},
    {"S0214", "The right side of {{token}} must be a variable name (start with $)"},
    {"S0215", "A context variable binding must precede any predicates on a step"},
    {"S0216", "A context variable binding must precede the 'order-by' clause on a step"},
    {"S0217", "The object representing the 'parent' cannot be derived from this expression"},
    {"S0301", "Empty regular expressions are not allowed"},
    {"S0302", "No terminating / in regular expression"},
    {"S0303", "Invalid regular expression: {{{token}}}"},
    {"S0402", "Choice groups containing parameterized types are not supported"},
    {"S0401", "Type parameters can only be applied to functions and arrays"},
    {"T0410", "Argument {{index}} of function {{token}} does not match function signature"},
    {"T0411", "Context value is not a compatible type with argument {{index}} of function {{token}}"},
    {"T0412", "Argument {{index}} of function {{token}} must be an array of {{type}}"},
    {"D1001", "Number out of range: {{value}}"},
    {"D1002", "Cannot negate a non-numeric value: {{value}}"},
    {"T1003", "Key in object structure must evaluate to a string; got: {{value}}"},
    {"D1004", "Regular expression matches zero length string"},
    {"T1005", "Attempted to invoke a non-function. Did you mean ${{{token}}}?"},
    {"T1006", "Attempted to invoke a non-function"},
    {"T1007", "Attempted to partially apply a non-function. Did you mean ${{{token}}}?"},
    {"T1008", "Attempted to partially apply a non-function"},
    {"D1009", "Multiple key definitions evaluate to same key: {{value}}"},
    {"T1010", "The matcher function argument passed to function {{token}} does not return the correct object structure"},
    {"T2001", "The left side of the {{token}} operator must evaluate to a number"},
    {"T2002", "The right side of the {{token}} operator must evaluate to a number"},
    {"T2003", "The left side of the range operator (..) must evaluate to an integer"},
    {"T2004", "The right side of the range operator (..) must evaluate to an integer"},
    {"T2006", "The right side of the function application operator ~> must be a function"},
    {"T2007", "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause"},
    {"T2008", "The expressions within an order-by clause must evaluate to numeric or string values"},
    {"T2009", "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type"},
    {"T2010", "The expressions either side of operator {{token}} must evaluate to numeric or string values"},
    {"T2011", "The insert/update clause of the transform expression must evaluate to an object: {{value}}"},
    {"T2012", "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}"},
    {"T2013", "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function."},
    {"D2014", "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {{value}}."},
    {"D3001", "Attempting to invoke string function on Infinity or NaN"},
    {"D3010", "Second argument of replace function cannot be an empty string"},
    {"D3011", "Fourth argument of replace function must evaluate to a positive number"},
    {"D3012", "Attempted to replace a matched string with a non-string value"},
    {"D3020", "Third argument of split function must evaluate to a positive number"},
    {"D3030", "Unable to cast value to a number: {{value}}"},
    {"D3040", "Third argument of match function must evaluate to a positive number"},
    {"D3050", "The second argument of reduce function must be a function with at least two arguments"},
    {"D3060", "The sqrt function cannot be applied to a negative number: {{value}}"},
    {"D3061", "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{value2}}"},
    {"D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function"},
    {"D3080", "The picture string must only contain a maximum of two sub-pictures"},
    {"D3081", "The sub-picture must not contain more than one instance of the 'decimal-separator' character"},
    {"D3082", "The sub-picture must not contain more than one instance of the 'percent' character"},
    {"D3083", "The sub-picture must not contain more than one instance of the 'per-mille' character"},
    {"D3084", "The sub-picture must not contain both a 'percent' and a 'per-mille' character"},
    {"D3085", "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'"},
    {"D3086", "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character"},
    {"D3087", "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character"},
    {"D3088", "The sub-picture must not contain a 'grouping-separator' at the end of the integer part"},
    {"D3089", "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character"},
    {"D3090", "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'"},
    {"D3091", "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'"},
    {"D3092", "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'"},
    {"D3093", "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'"},
    {"D3100", "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}"},
    {"D3110", "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}"},
    {"D3130", "Formatting an integer as a sequence starting with {{value}} is not supported by this implementation"},
    {"D3131", "In a decimal digit pattern, all digits must be from the same decimal group"},
    {"D3132", "Unknown component specifier {{value}} in date/time picture string"},
    {"D3133", "The 'name' modifier can only be applied to months and days in the date/time picture string, not {{value}}"},
    {"D3134", "The timezone integer format specifier cannot have more than four digits"},
    {"D3135", "No matching closing bracket ']' in date/time picture string"},
    {"D3136", "The date/time picture string is missing specifiers required to parse the timestamp"},
    {"D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more."},
    {"D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0."},
    {"D3140", "Malformed URL passed to ${{{token}}}(): {{value}}"},
    {"D3141", "{{message}}"},
    {"U1001", "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."},
    {"U1002", "Resource limit exceeded"},
};

static void jn_err_fill(jsonata_error *err, const char *code, int pos, const char *token,
                        const char *value, const char *value2, int index, const char *type,
                        const char *message)
{
    memset(err, 0, sizeof *err);
    snprintf(err->code, sizeof err->code, "%s", code);
    err->position = pos;
    snprintf(err->token, sizeof err->token, "%s", token ? token : "");
    snprintf(err->value, sizeof err->value, "%s", value ? value : "");
    if (message) {
        snprintf(err->message, sizeof err->message, "%s", message);
        return;
    }
    const char *tmpl = NULL;
    for (size_t i = 0; i < sizeof jn_errmsgs / sizeof jn_errmsgs[0]; i++)
        if (!strcmp(jn_errmsgs[i].code, code))
            tmpl = jn_errmsgs[i].text;
    if (!tmpl) {
        snprintf(err->message, sizeof err->message, "Error %s", code);
        return;
    }
    strbuf sb;
    strbuf_init(&sb, sizeof err->message);
    char idx[16];
    snprintf(idx, sizeof idx, "%d", index);
    for (const char *p = tmpl; *p;) {
        /* {{{name}}} inserts raw text, {{name}} inserts JSON (the reference's populateMessage) */
        bool raw = !strncmp(p, "{{{", 3);
        if (raw || !strncmp(p, "{{", 2)) {
            const char *open = p + (raw ? 3 : 2);
            const char *end = strstr(open, "}}");
            if (end) {
                size_t n = (size_t)(end - open);
                const char *rep = NULL;
                bool json_text = false;   /* already JSON */
                if (n == 5 && !strncmp(open, "token", 5))
                    rep = token;
                else if (n == 5 && !strncmp(open, "value", 5))
                    rep = value, json_text = true;
                else if (n == 6 && !strncmp(open, "value2", 6))
                    rep = value2, json_text = true;
                else if (n == 5 && !strncmp(open, "index", 5))
                    rep = idx, json_text = true;
                else if (n == 4 && !strncmp(open, "type", 4))
                    rep = type;
                if (!rep || (json_text && !*rep))
                    strbuf_puts(&sb, "undefined");
                else if (raw || json_text)
                    strbuf_puts(&sb, rep);
                else
                    jv_dump_cstring(rep, strlen(rep), &sb);
                p = end + (raw ? 3 : 2);
                continue;
            }
        }
        strbuf_putc(&sb, *p++);
    }
    snprintf(err->message, sizeof err->message, "%s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
}

jsonata_expr *jsonata_compile(const char *text, jsonata_error *err)
{
    return jsonata_compile_n(text, strlen(text), err);
}

jsonata_expr *jsonata_compile_n(const char *text, size_t len, jsonata_error *err)
{
    jsonata_expr *e = engine_calloc(1, sizeof *e);
    atomic_init(&e->spare, NULL);
    jn_heap_init(&e->heap, 0);
    jn_parse_error pe;
    e->ast = jn_parse(&e->heap, text, len, &pe, &e->regexes, &e->nregexes);
    if (!e->ast) {
        char value[sizeof pe.value + 8];
        if (!strcmp(pe.code, "S0202") || !strcmp(pe.code, "S0203")) {
            strbuf q;   /* the expected token is a string value in the message */
            strbuf_init(&q, sizeof value - 1);
            jv_dump_cstring(pe.value, strlen(pe.value), &q);
            snprintf(value, sizeof value, "%s", strbuf_str(&q));
            strbuf_cleanup(&q);
        } else {
            snprintf(value, sizeof value, "%s", pe.value);
        }
        if (err)
            jn_err_fill(err, pe.code, pe.pos, pe.token, value, NULL, 0, NULL,
                        !strcmp(pe.code, "U1001") ? "Expression nested too deeply" : NULL);
        jsonata_free(e);
        return NULL;
    }
    return e;
}

void jsonata_free(jsonata_expr *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->nregexes; i++)
        jn_re_free(e->regexes[i]);
    engine_free(e->regexes);
    jn_block_free(atomic_exchange(&e->spare, NULL));
    jn_heap_cleanup(&e->heap);
    engine_free(e);
}

/* the evaluation's context with its error exit, in one allocation (on the heap, not the
 * stack: nothing set after setjmp lives in a local the longjmp could clobber) */
typedef struct {
    jmp_buf jb;
    jn_ctx c;
} jn_guard;

static void jn_heap_limit(void *user)
{
    jn_ctx *c = user;
    c->err.message = "Memory limit exceeded";
    snprintf(c->err.code, sizeof c->err.code, "U1002");
    c->h->fail = NULL;   /* the error path itself may still allocate a little */
    c->h->limit = 0;
    jn_unwind(c);
}

static void jn_value_json(jn_val v, char *out, size_t n)
{
    strbuf sb;
    strbuf_init(&sb, 4096);
    if (v.t == JN_NUM) {
        char buf[40];
        jn_numstr(v.u.n, buf);
        strbuf_puts(&sb, buf);
    } else {
        jn_stringify(v, 0, &sb);
    }
    snprintf(out, n, "%s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
}

/* The spare block's slot of an expression evaluated through a const pointer: writable
 * because no jsonata_expr is an object defined const (jsonata_compile allocates them), and
 * the slot is no part of what the expression means. */
static _Atomic(jn_block *) *jn_expr_spare(const jsonata_expr *e)
{
    return &((jsonata_expr *)e)->spare;
}

jsonata_status jsonata_eval(const jsonata_expr *e, const jv *input, const jv *bindings,
                            const jsonata_env *env, jv **result, jsonata_error *err)
{
    jsonata_env dflt;
    memset(&dflt, 0, sizeof dflt);
    if (!env)
        env = &dflt;
    *result = NULL;
    jn_heap heap;
    jn_heap_init(&heap, env->max_memory ? env->max_memory : JN_DEFAULT_MEMORY);
    jn_heap_adopt_block(&heap, atomic_exchange(jn_expr_spare(e), NULL));
    jn_guard *g = engine_calloc(1, sizeof *g);
    jn_ctx *c = &g->c;
    c->h = &heap;
    c->jb = &g->jb;
    c->err.pos = -1;
    heap.fail = jn_heap_limit;
    heap.fail_user = c;
    c->max_depth = env->max_depth ? env->max_depth : JN_DEFAULT_DEPTH;
    c->stack_limit = env->stack_limit ? env->stack_limit : JN_DEFAULT_STACK;
    c->max_steps = env->max_steps;
    if (env->time_limit_ms)
        c->deadline_ms = timeutil_monotonic_ms() + env->time_limit_ms;
    c->now_ms = env->clock_ms ? env->clock_ms(env->clock_user) : timeutil_now_ms();
    c->rnd = env->random;
    int nn;
    jn_fn_table(&nn);

    const bool reject_functions = env->reject_functions;
    jsonata_status st;
    if (setjmp(g->jb) == 0) {
        /* in the heap, so after the error exit exists: a tiny memory budget can fail here */
        c->native_sigs = jn_zalloc(&heap, (size_t)nn * sizeof(jn_sig *));
        c->nhints = e->ast->nnodes;
        c->hints = jn_zalloc(&heap, ((size_t)c->nhints + 1) * sizeof *c->hints);
        jn_env *root = jn_env_new(c, NULL);
        if (bindings && jv_is_object(bindings)) {
            size_t n = jv_object_size(bindings);
            for (size_t i = 0; i < n; i++) {
                const jv *k = jv_object_key_at(bindings, i);
                const char *name = jv_string_value(k);
                size_t len = jv_string_length(k);
                if (len > 0 && name[0] == '$') {   /* "$states" and "states" mean the same */
                    name++;
                    len--;
                }
                jn_env_bind(c, root, name, len, jn_from_jv(jv_object_value_at(bindings, i)));
            }
        }
        jn_val in = jn_from_jv(input);
        jn_env_bind(c, root, "$", 1, in);
        c->global = root;
        jn_val r = jn_eval_root(c, e->ast, in);
        if (jn_is_undef(r)) {
            st = JSONATA_UNDEFINED;
        } else if (r.t == JN_FUNC && reject_functions) {
            st = JSONATA_FUNCTION;
        } else {
            *result = jn_to_jv(r);
            if (!*result) {
                c->err.message = "Result nested too deeply";
                jn_throw(c, "U1001", -1);
            }
            st = JSONATA_OK;
        }
    } else {
        if (err) {
            char value[128] = "", value2[128] = "";
            if (c->err.has_value)
                jn_value_json(c->err.value, value, sizeof value);
            if (c->err.has_value2)
                jn_value_json(c->err.value2, value2, sizeof value2);
            const char *token = c->op_token ? c->op_token : c->err.token;
            jn_err_fill(err, c->err.code, c->err.pos, token, value, value2, c->err.index,
                        c->err.type, c->err.message);
        }
        st = JSONATA_ERROR;
    }
    jn_block *keep = jn_heap_keep_block(&heap, JN_KEEP_BLOCK_MAX), *none = NULL;
    jn_heap_cleanup(&heap);
    if (keep && !atomic_compare_exchange_strong(jn_expr_spare(e), &none, keep))
        jn_block_free(keep);
    engine_free(g);
    return st;
}
