/*
 * definition — builds the compiled state model from a validated definition.
 *
 * The validator walks the text first (asl_validate_text_keep) and keeps what it compiled of
 * every modelled field in an asl_compiled store. The loader then reads each state's members
 * through the same field table (asl_schema.c): def_store puts a field where its
 * asl_field.model says, taking paths, calls and templates from the store instead of
 * compiling them again; the structures (Choices, Retry, Catch, Branches, the Map processor)
 * are read by their own functions below, each of their members through the table too.
 */
#include "definition.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asl_compiled.h"
#include "jv_text.h"

struct asl_definition {
    jv *json;
    asl_machine *root;
    bool jsonata;
    long timeout_seconds;
    size_t nstates;
    const engine_allocator *alloc;   /* asl_validate_options.alloc, for freeing */
};

/* Loading context: where diagnostics go, and the definition being built. */
typedef struct {
    asl_definition *def;
    asl_diags *diags;
    bool failed;
    asl_compiled *compiled;   /* what the validator compiled; taken from as the model is built */
} def_loader;

const char *asl_state_type_name(asl_state_type t)
{
    return asl_schema_state_type_name(t);
}

/* A problem the validator should have reported; loading stops with a diagnostic rather
 * than building a model the executor cannot trust. */
static void def_fail(def_loader *L, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void def_fail(def_loader *L, const char *pointer, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    L->failed = true;
    asl_diags_add_take(L->diags, ASL_DIAG_ERROR, "SCHEMA_VALIDATION_FAILED", engine_strdup(msg),
                       engine_strdup(pointer));
}

static char *def_pointer_join(const char *base, const char *token)
{
    /* JSON Pointer escaping: ~ -> ~0, / -> ~1 */
    size_t n = strlen(base) + 2 + 2 * strlen(token);
    char *out = engine_malloc(n);
    char *p = out + sprintf(out, "%s/", base);
    for (const char *t = token; *t; t++) {
        if (*t == '~') {
            *p++ = '~';
            *p++ = '0';
        } else if (*t == '/') {
            *p++ = '~';
            *p++ = '1';
        } else {
            *p++ = *t;
        }
    }
    *p = '\0';
    return out;
}

/* ---- name table per machine ---- */

static uint32_t def_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static void def_table_build(asl_machine *m)
{
    size_t cap = 16;
    while (cap < m->nstates * 2)
        cap *= 2;
    m->table = engine_calloc(cap, sizeof *m->table);
    m->table_cap = cap;
    for (size_t i = 0; i < m->nstates; i++) {
        size_t slot = def_hash(m->states[i]->name) & (cap - 1);
        while (m->table[slot])
            slot = (slot + 1) & (cap - 1);
        m->table[slot] = m->states[i];
    }
}

asl_state *asl_machine_find(const asl_machine *m, const char *name)
{
    if (!m->table_cap)
        return NULL;
    size_t slot = def_hash(name) & (m->table_cap - 1);
    for (asl_state *s; (s = m->table[slot]) != NULL; slot = (slot + 1) & (m->table_cap - 1))
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

/* ---- fields, stored where the schema's table says (asl_field.model) ---- */

static const char *def_string(const jv *obj, const char *key)
{
    const jv *v = jv_object_get(obj, key);
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

static long def_clamp_long(const jv *v)
{
    double d = jv_number_value(v);
    return d > 1e15 ? (long)1e15 : d < -1e15 ? (long)-1e15 : (long)d;
}

/* The walk compiled every modelled path, call and template of a valid definition; a miss
 * is a validator bug, reported rather than building a model the executor cannot trust. */
static void def_missing(def_loader *L, const asl_state *s, const char *field)
{
    char *ptr = def_pointer_join(s->pointer, field);
    def_fail(L, ptr, "The value for the field '%s' was not compiled by the validation", field);
    engine_free(ptr);
}

static jsonpath *def_take_path(def_loader *L, const asl_state *s, const char *field,
                               const jv *v)
{
    jsonpath *p = asl_compiled_take_path(L->compiled, v);
    if (!p)
        def_missing(L, s, field);
    return p;
}

static void def_store_source(def_loader *L, const asl_state *s, const char *field,
                             const jv *v, asl_string_source *out)
{
    if (intrinsic_looks_like_call(jv_string_value(v))) {
        out->call = asl_compiled_take_call(L->compiled, v);
        if (!out->call)
            def_missing(L, s, field);
    } else {
        out->path = def_take_path(L, s, field, v);
    }
}

/* Stores value v of field f into the struct at base (an asl_state, asl_retrier, ...);
 * s is the state it belongs to (for messages and its query language). A value of the wrong
 * type was reported by the validator and is left out. */
static void def_store(def_loader *L, const asl_state *s, const asl_field *f, const jv *v,
                      void *base)
{
    char *at = (char *)base + f->model.offset;
    switch (f->model.kind) {
    case ASL_M_NONE:
        break;
    case ASL_M_STRING:
        if (jv_is_string(v))
            *(const char **)at = jv_string_value(v);
        break;
    case ASL_M_TRUE:
        *(bool *)at = jv_is_true(v);
        break;
    case ASL_M_JV:
        *(const jv **)at = v;
        break;
    case ASL_M_LONG:
        if (jv_is_number(v))
            *(long *)at = def_clamp_long(v);
        break;
    case ASL_M_DOUBLE:
        if (jv_is_number(v))
            *(double *)at = jv_number_value(v);
        break;
    case ASL_M_SECONDS:
        if (jv_is_number(v)) {
            *(int64_t *)at = def_clamp_long(v);
            *((bool *)((char *)base + f->model.flag)) = true;
        }
        break;
    case ASL_M_TIMESTAMP:
        if (!jv_is_string(v) || s->jsonata) /* JSONata: an expression, evaluated when run */
            break;
        *((bool *)((char *)base + f->model.flag)) = true;
        if (!timeutil_parse_n(jv_string_value(v), jv_string_length(v), (asl_instant *)at)) {
            char *ptr = def_pointer_join(s->pointer, f->name);
            def_fail(L, ptr, "String does not match RFC3339 timestamp");
            engine_free(ptr);
        }
        break;
    case ASL_M_PATH:
        if (jv_is_string(v))
            *(jsonpath **)at = def_take_path(L, s, f->name, v);
        break;
    case ASL_M_PATH_FIELD: {
        asl_path_field *pf = (asl_path_field *)at;
        if (jv_is_null(v)) {
            pf->mode = ASL_PATH_NULL;
        } else if (jv_is_string(v)) {
            pf->path = def_take_path(L, s, f->name, v);
            pf->mode = pf->path ? ASL_PATH_SET : ASL_PATH_DEFAULT;
        }
        break;
    }
    case ASL_M_SOURCE:
        if (jv_is_string(v))
            def_store_source(L, s, f->name, v, (asl_string_source *)at);
        break;
    case ASL_M_TEMPLATE:
        if (s->jsonata) /* JSONata: the field holds expressions, evaluated when run */
            break;
        *(payload_template **)at = asl_compiled_take_template(L->compiled, v);
        if (!*(payload_template **)at)
            def_missing(L, s, f->name);
        break;
    }
}

/* The field of an object of `kind` named by member i of obj, when it applies to the state
 * (its type, its query language); NULL otherwise. */
static const asl_field *def_field(asl_object_kind kind, const asl_state *s, const jv *obj,
                                  size_t i)
{
    const asl_field *f = asl_schema_field(kind, jv_string_value(jv_object_key_at(obj, i)));
    if (!f || (kind == ASL_OBJ_STATE && !(f->types & (1u << s->type))))
        return NULL;
    if (f->lang != ASL_LANG_BOTH && (f->lang == ASL_LANG_JSONATA) != s->jsonata)
        return NULL;
    return f;
}

/* Stores every modelled member of obj (an object of `kind` of state s) into base. */
static void def_fill(def_loader *L, const asl_state *s, asl_object_kind kind, const jv *obj,
                     void *base)
{
    for (size_t i = 0; i < jv_object_size(obj); i++) {
        const asl_field *f = def_field(kind, s, obj, i);
        if (f)
            def_store(L, s, f, jv_object_value_at(obj, i), base);
    }
}

/* ---- Choice rules ---- */

typedef struct {
    const char *name;
    asl_cmp_type cmp;
    asl_cmp_op op;
    bool path;
} def_operator;

static const def_operator def_operators[] = {
    {"StringEquals", ASL_CMP_STRING, ASL_OP_EQ, false},
    {"StringEqualsPath", ASL_CMP_STRING, ASL_OP_EQ, true},
    {"StringLessThan", ASL_CMP_STRING, ASL_OP_LT, false},
    {"StringLessThanPath", ASL_CMP_STRING, ASL_OP_LT, true},
    {"StringGreaterThan", ASL_CMP_STRING, ASL_OP_GT, false},
    {"StringGreaterThanPath", ASL_CMP_STRING, ASL_OP_GT, true},
    {"StringLessThanEquals", ASL_CMP_STRING, ASL_OP_LE, false},
    {"StringLessThanEqualsPath", ASL_CMP_STRING, ASL_OP_LE, true},
    {"StringGreaterThanEquals", ASL_CMP_STRING, ASL_OP_GE, false},
    {"StringGreaterThanEqualsPath", ASL_CMP_STRING, ASL_OP_GE, true},
    {"StringMatches", ASL_CMP_STRING_MATCHES, ASL_OP_EQ, false},
    {"NumericEquals", ASL_CMP_NUMERIC, ASL_OP_EQ, false},
    {"NumericEqualsPath", ASL_CMP_NUMERIC, ASL_OP_EQ, true},
    {"NumericLessThan", ASL_CMP_NUMERIC, ASL_OP_LT, false},
    {"NumericLessThanPath", ASL_CMP_NUMERIC, ASL_OP_LT, true},
    {"NumericGreaterThan", ASL_CMP_NUMERIC, ASL_OP_GT, false},
    {"NumericGreaterThanPath", ASL_CMP_NUMERIC, ASL_OP_GT, true},
    {"NumericLessThanEquals", ASL_CMP_NUMERIC, ASL_OP_LE, false},
    {"NumericLessThanEqualsPath", ASL_CMP_NUMERIC, ASL_OP_LE, true},
    {"NumericGreaterThanEquals", ASL_CMP_NUMERIC, ASL_OP_GE, false},
    {"NumericGreaterThanEqualsPath", ASL_CMP_NUMERIC, ASL_OP_GE, true},
    {"BooleanEquals", ASL_CMP_BOOLEAN, ASL_OP_EQ, false},
    {"BooleanEqualsPath", ASL_CMP_BOOLEAN, ASL_OP_EQ, true},
    {"TimestampEquals", ASL_CMP_TIMESTAMP, ASL_OP_EQ, false},
    {"TimestampEqualsPath", ASL_CMP_TIMESTAMP, ASL_OP_EQ, true},
    {"TimestampLessThan", ASL_CMP_TIMESTAMP, ASL_OP_LT, false},
    {"TimestampLessThanPath", ASL_CMP_TIMESTAMP, ASL_OP_LT, true},
    {"TimestampGreaterThan", ASL_CMP_TIMESTAMP, ASL_OP_GT, false},
    {"TimestampGreaterThanPath", ASL_CMP_TIMESTAMP, ASL_OP_GT, true},
    {"TimestampLessThanEquals", ASL_CMP_TIMESTAMP, ASL_OP_LE, false},
    {"TimestampLessThanEqualsPath", ASL_CMP_TIMESTAMP, ASL_OP_LE, true},
    {"TimestampGreaterThanEquals", ASL_CMP_TIMESTAMP, ASL_OP_GE, false},
    {"TimestampGreaterThanEqualsPath", ASL_CMP_TIMESTAMP, ASL_OP_GE, true},
    {"IsNull", ASL_CMP_IS_NULL, ASL_OP_EQ, false},
    {"IsPresent", ASL_CMP_IS_PRESENT, ASL_OP_EQ, false},
    {"IsNumeric", ASL_CMP_IS_NUMERIC, ASL_OP_EQ, false},
    {"IsString", ASL_CMP_IS_STRING, ASL_OP_EQ, false},
    {"IsBoolean", ASL_CMP_IS_BOOLEAN, ASL_OP_EQ, false},
    {"IsTimestamp", ASL_CMP_IS_TIMESTAMP, ASL_OP_EQ, false},
};

static const def_operator *def_find_operator(const char *name)
{
    for (size_t i = 0; i < sizeof def_operators / sizeof def_operators[0]; i++)
        if (strcmp(def_operators[i].name, name) == 0)
            return &def_operators[i];
    return NULL;
}

static bool def_read_rule(def_loader *L, asl_state *s, const jv *obj, const char *ptr,
                          asl_choice_rule *r, int depth);

static bool def_read_rule_list(def_loader *L, asl_state *s, const jv *arr, const char *ptr,
                               asl_choice_rule *r, int depth)
{
    size_t n = jv_array_length(arr);
    r->children = engine_calloc(n ? n : 1, sizeof *r->children);
    r->nchildren = n;
    for (size_t i = 0; i < n; i++) {
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        char *cp = def_pointer_join(ptr, idx);
        bool ok = def_read_rule(L, s, jv_array_get(arr, i), cp, &r->children[i], depth + 1);
        engine_free(cp);
        if (!ok)
            return false;
    }
    return true;
}

/* A comparison: its Variable is in the table (stored by def_fill), the operator is not. */
static bool def_read_compare(def_loader *L, asl_state *s, const jv *obj, const char *ptr,
                             asl_choice_rule *r)
{
    r->kind = ASL_RULE_COMPARE;
    for (size_t i = 0; i < jv_object_size(obj); i++) {
        const def_operator *op = def_find_operator(jv_string_value(jv_object_key_at(obj, i)));
        if (!op)
            continue;
        r->operator_name = op->name;
        r->cmp = op->cmp;
        r->op = op->op;
        r->operand = jv_object_value_at(obj, i);
        if (op->path) {
            r->operand_path = jv_is_string(r->operand)
                                  ? asl_compiled_take_path(L->compiled, r->operand)
                                  : NULL;
            if (!r->operand_path) {
                def_fail(L, ptr, "The value of '%s' must be a reference path", op->name);
                return false;
            }
        }
        break;
    }
    if (!r->variable || !r->operator_name) {
        def_fail(L, ptr, "A Choice Rule needs a Variable and one comparison operator");
        return false;
    }
    return true;
}

/* A JSONPath Assign, compiled (the validator has checked it: NULL only when absent). */
static payload_template *def_assign_template(const jv *assign)
{
    return assign && jv_is_object(assign) ? template_compile(assign, NULL) : NULL;
}

/* A JSONata rule: a Condition ("{% %}" string or boolean), evaluated when run. */
static bool def_read_condition(def_loader *L, const jv *obj, const char *ptr, asl_choice_rule *r)
{
    r->kind = ASL_RULE_CONDITION;
    r->condition = jv_object_get(obj, "Condition");
    r->output = jv_object_get(obj, "Output");
    r->assign = jv_object_get(obj, "Assign");
    if (!r->condition) {
        def_fail(L, ptr, "A Choice Rule of a JSONata state needs a Condition");
        return false;
    }
    return true;
}

static bool def_read_rule(def_loader *L, asl_state *s, const jv *obj, const char *ptr,
                          asl_choice_rule *r, int depth)
{
    if (!obj || !jv_is_object(obj) || depth > 64) {
        def_fail(L, ptr, depth > 64 ? "Choice rules nested too deep" : "A Choice Rule must be an object");
        return false;
    }
    def_fill(L, s, depth == 0 ? ASL_OBJ_CHOICE_RULE : ASL_OBJ_NESTED_RULE, obj, r);
    const jv *v;
    if (s->jsonata) /* JSONata: one Condition, with its own Output and Assign */
        return def_read_condition(L, obj, ptr, r);
    if (depth == 0)
        r->assign_template = def_assign_template(jv_object_get(obj, "Assign"));
    if ((v = jv_object_get(obj, "And")) || (v = jv_object_get(obj, "Or"))) {
        r->kind = jv_object_get(obj, "And") ? ASL_RULE_AND : ASL_RULE_OR;
        char *cp = def_pointer_join(ptr, r->kind == ASL_RULE_AND ? "And" : "Or");
        bool ok = jv_is_array(v) && def_read_rule_list(L, s, v, cp, r, depth);
        if (!jv_is_array(v))
            def_fail(L, cp, "And/Or must be an array of rules");
        engine_free(cp);
        return ok;
    }
    if ((v = jv_object_get(obj, "Not"))) {
        r->kind = ASL_RULE_NOT;
        r->children = engine_calloc(1, sizeof *r->children);
        r->nchildren = 1;
        char *cp = def_pointer_join(ptr, "Not");
        bool ok = def_read_rule(L, s, v, cp, &r->children[0], depth + 1);
        engine_free(cp);
        return ok;
    }
    return def_read_compare(L, s, obj, ptr, r);
}

static void def_read_choices(def_loader *L, asl_state *s, const jv *choices)
{
    if (!jv_is_array(choices)) {
        char *ptr = def_pointer_join(s->pointer, "Choices");
        def_fail(L, ptr, "The field 'Choices' must be a non-empty array");
        engine_free(ptr);
        return;
    }
    s->choice.nrules = jv_array_length(choices);
    s->choice.rules =
        engine_calloc(s->choice.nrules ? s->choice.nrules : 1, sizeof *s->choice.rules);
    char *base = def_pointer_join(s->pointer, "Choices");
    for (size_t i = 0; i < s->choice.nrules && !L->failed; i++) {
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        char *ptr = def_pointer_join(base, idx);
        def_read_rule(L, s, jv_array_get(choices, i), ptr, &s->choice.rules[i], 0);
        engine_free(ptr);
    }
    engine_free(base);
}

/* ---- Retry / Catch ---- */

static const char **def_read_error_list(const jv *obj, size_t *n)
{
    const jv *arr = jv_object_get(obj, "ErrorEquals");
    size_t len = arr && jv_is_array(arr) ? jv_array_length(arr) : 0;
    const char **out = engine_calloc(len ? len : 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        const jv *e = jv_array_get(arr, i);
        if (jv_is_string(e))
            out[k++] = jv_string_value(e);
    }
    *n = k;
    return out;
}

static void def_read_retry(def_loader *L, asl_state *s, const jv *arr)
{
    s->nretriers = jv_array_length(arr);
    s->retriers = engine_calloc(s->nretriers ? s->nretriers : 1, sizeof *s->retriers);
    for (size_t i = 0; i < s->nretriers; i++) {
        const jv *o = jv_array_get(arr, i);
        asl_retrier *r = &s->retriers[i];
        r->interval_seconds = 1;
        r->max_attempts = 3;
        r->backoff_rate = 2.0;
        def_fill(L, s, ASL_OBJ_RETRIER, o, r);
        r->errors = def_read_error_list(o, &r->nerrors);
        const char *jitter = def_string(o, "JitterStrategy");
        r->jitter_full = jitter && strcmp(jitter, "FULL") == 0;
    }
}

static void def_read_catch(def_loader *L, asl_state *s, const jv *arr)
{
    s->ncatchers = jv_array_length(arr);
    s->catchers = engine_calloc(s->ncatchers ? s->ncatchers : 1, sizeof *s->catchers);
    for (size_t i = 0; i < s->ncatchers; i++) {
        const jv *o = jv_array_get(arr, i);
        asl_catcher *c = &s->catchers[i];
        def_fill(L, s, ASL_OBJ_CATCHER, o, c);
        c->errors = def_read_error_list(o, &c->nerrors);
        c->output = s->jsonata ? jv_object_get(o, "Output") : NULL;
        if (!s->jsonata)
            c->assign_template = def_assign_template(jv_object_get(o, "Assign"));
    }
}

/* ---- states and machines ---- */

static asl_machine *def_read_machine(def_loader *L, const jv *obj, const char *ptr,
                                     asl_state *parent, bool jsonata, int depth);

static void def_read_branches(def_loader *L, asl_state *s, const jv *arr, int depth)
{
    size_t n = jv_array_length(arr);
    s->branches = engine_calloc(n ? n : 1, sizeof *s->branches);
    char *base = def_pointer_join(s->pointer, "Branches");
    for (size_t i = 0; i < n && !L->failed; i++) {
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        char *bp = def_pointer_join(base, idx);
        s->branches[s->nbranches] =
            def_read_machine(L, jv_array_get(arr, i), bp, s, s->jsonata, depth + 1);
        if (s->branches[s->nbranches])
            s->nbranches++;
        engine_free(bp);
    }
    engine_free(base);
}

/* Map's ItemProcessor (or the older Iterator): branches[0]. */
static void def_read_processor(def_loader *L, asl_state *s, const char *field, const jv *proc,
                               int depth)
{
    if (s->nbranches)
        return; /* both given: the validator refused it; keep the first */
    s->branches = engine_calloc(1, sizeof *s->branches);
    char *bp = def_pointer_join(s->pointer, field);
    s->branches[0] = def_read_machine(L, proc, bp, s, s->jsonata, depth + 1);
    s->nbranches = s->branches[0] ? 1 : 0;
    engine_free(bp);
    const jv *config = jv_is_object(proc) ? jv_object_get(proc, "ProcessorConfig") : NULL;
    const jv *mode = config && jv_is_object(config) ? jv_object_get(config, "Mode") : NULL;
    const jv *type = config && jv_is_object(config) ? jv_object_get(config, "ExecutionType") : NULL;
    s->map.distributed =
        mode && jv_is_string(mode) && !strcmp(jv_string_value(mode), "DISTRIBUTED");
    s->map.express = type && jv_is_string(type) && !strcmp(jv_string_value(type), "EXPRESS");
}

/* The state fields that are structures of their own (asl_field.sub), read by the loader's
 * own code; every other field is stored by def_store. */
static void def_read_structure(def_loader *L, asl_state *s, const asl_field *f, const jv *v,
                               int depth)
{
    switch (f->sub) {
    case ASL_SUB_CHOICES:
        def_read_choices(L, s, v);
        break;
    case ASL_SUB_RETRY:
        if (jv_is_array(v))
            def_read_retry(L, s, v);
        break;
    case ASL_SUB_CATCH:
        if (jv_is_array(v))
            def_read_catch(L, s, v);
        break;
    case ASL_SUB_BRANCHES:
        if (jv_is_array(v))
            def_read_branches(L, s, v, depth);
        break;
    case ASL_SUB_PROCESSOR:
        def_read_processor(L, s, f->name, v, depth);
        break;
    case ASL_SUB_ITEM_BATCHER:
        if (jv_is_object(v)) {
            s->map.item_batcher = engine_calloc(1, sizeof *s->map.item_batcher);
            def_fill(L, s, ASL_OBJ_ITEM_BATCHER, v, s->map.item_batcher);
        }
        break;
    default:
        break;
    }
}

static void def_read_state_fields(def_loader *L, asl_state *s, int depth)
{
    for (size_t i = 0; i < jv_object_size(s->json) && !L->failed; i++) {
        const asl_field *f = def_field(ASL_OBJ_STATE, s, s->json, i);
        if (!f)
            continue;
        const jv *v = jv_object_value_at(s->json, i);
        if (f->model.kind != ASL_M_NONE)
            def_store(L, s, f, v, s);
        else
            def_read_structure(L, s, f, v, depth);
    }
    if (s->type == ASL_TASK)
        asl_resource_parse(s->task.resource ? s->task.resource : "", &s->task.resource_info);
    if (s->type == ASL_CHOICE && !s->choice.rules && !L->failed) {
        char *ptr = def_pointer_join(s->pointer, "Choices");
        def_fail(L, ptr, "The field 'Choices' must be a non-empty array");
        engine_free(ptr);
    }
}

static bool def_mentions_context(const jv *state_json)
{
    char *text = jv_dump_string(state_json, 0);
    bool found = strstr(text, "$$") != NULL || strstr(text, "$states") != NULL;
    engine_free(text);
    return found;
}

static asl_state *def_read_state(def_loader *L, asl_machine *m, const char *name, const jv *obj,
                                 const char *states_ptr, bool inherited_jsonata, int depth)
{
    asl_state *s = engine_calloc(1, sizeof *s);
    s->name = name;
    s->json = obj;
    s->owner = m;
    s->pointer = def_pointer_join(states_ptr, name);
    const char *type = jv_is_object(obj) ? def_string(obj, "Type") : NULL;
    s->type = type ? asl_schema_state_type(type) : ASL_STATE_TYPE_INVALID;
    if (s->type == ASL_STATE_TYPE_INVALID) {
        char *ptr = def_pointer_join(s->pointer, "Type");
        def_fail(L, ptr, "The field 'Type' should have one of these values: [Task, Wait, Pass, "
                 "Succeed, Fail, Choice, Parallel, Map]");
        engine_free(ptr);
        return s;
    }
    const char *ql = def_string(obj, "QueryLanguage");
    s->jsonata = ql ? strcmp(ql, "JSONata") == 0 : inherited_jsonata;
    s->uses_context = def_mentions_context(obj);
    def_read_state_fields(L, s, depth);
    if (!s->jsonata)
        s->assign_template = def_assign_template(s->assign);
    return s;
}

static void def_resolve(def_loader *L, asl_machine *m, asl_state *s, const char *name,
                        asl_state **out, const char *field)
{
    if (!name)
        return;
    *out = asl_machine_find(m, name);
    if (!*out) {
        char *ptr = def_pointer_join(s->pointer, field);
        def_fail(L, ptr, "Missing 'Next' target: %s", name);
        engine_free(ptr);
    }
}

static void def_resolve_rule(def_loader *L, asl_machine *m, asl_state *s, asl_choice_rule *r)
{
    def_resolve(L, m, s, r->next_name, &r->next, "Choices");
}

static void def_resolve_transitions(def_loader *L, asl_machine *m)
{
    for (size_t i = 0; i < m->nstates; i++) {
        asl_state *s = m->states[i];
        def_resolve(L, m, s, s->next_name, &s->next, "Next");
        def_resolve(L, m, s, s->choice.default_name, &s->choice.default_state, "Default");
        for (size_t k = 0; k < s->choice.nrules; k++)
            def_resolve_rule(L, m, s, &s->choice.rules[k]);
        for (size_t k = 0; k < s->ncatchers; k++)
            def_resolve(L, m, s, s->catchers[k].next_name, &s->catchers[k].next, "Catch");
        bool terminal = s->end || s->type == ASL_SUCCEED || s->type == ASL_FAIL ||
                        s->type == ASL_CHOICE;
        if (!terminal && !s->next_name && !L->failed)
            def_fail(L, s->pointer, "The state needs either 'Next' or 'End'");
    }
}

static asl_machine *def_read_machine(def_loader *L, const jv *obj, const char *ptr,
                                     asl_state *parent, bool jsonata, int depth)
{
    const jv *states = obj && jv_is_object(obj) ? jv_object_get(obj, "States") : NULL;
    const char *start = obj && jv_is_object(obj) ? def_string(obj, "StartAt") : NULL;
    if (!states || !jv_is_object(states) || !start || depth > 64) {
        def_fail(L, ptr, depth > 64 ? "Branches nested too deep"
                                    : "These fields are required: [States, StartAt]");
        return NULL;
    }
    asl_machine *m = engine_calloc(1, sizeof *m);
    m->parent = parent;
    m->nstates = jv_object_size(states);
    m->states = engine_calloc(m->nstates ? m->nstates : 1, sizeof *m->states);
    char *states_ptr = def_pointer_join(ptr, "States");
    for (size_t i = 0; i < m->nstates; i++) {
        m->states[i] = def_read_state(L, m, jv_string_value(jv_object_key_at(states, i)),
                                      jv_object_value_at(states, i), states_ptr, jsonata, depth);
        m->states[i]->index = L->def->nstates++;
    }
    engine_free(states_ptr);
    def_table_build(m);
    m->start = asl_machine_find(m, start);
    if (!m->start) {
        char *sp = def_pointer_join(ptr, "StartAt");
        def_fail(L, sp, "Missing 'Next' target: %s", start);
        engine_free(sp);
    }
    if (!L->failed)
        def_resolve_transitions(L, m);
    return m;
}

/* ---- freeing ---- */

static void def_free_rule(asl_choice_rule *r)
{
    jsonpath_free(r->variable);
    jsonpath_free(r->operand_path);
    template_free(r->assign_template);
    for (size_t i = 0; i < r->nchildren; i++)
        def_free_rule(&r->children[i]);
    engine_free(r->children);
}

static void def_free_machine(asl_machine *m);

static void def_free_state(asl_state *s)
{
    engine_free(s->pointer);
    jsonpath_free(s->input_path.path);
    jsonpath_free(s->output_path.path);
    jsonpath_free(s->result_path.path);
    template_free(s->parameters);
    template_free(s->result_selector);
    template_free(s->map.item_selector);
    template_free(s->task.credentials);
    template_free(s->assign_template);
    for (size_t i = 0; i < s->choice.nrules; i++)
        def_free_rule(&s->choice.rules[i]);
    engine_free(s->choice.rules);
    jsonpath_free(s->wait.seconds_path);
    jsonpath_free(s->wait.timestamp_path);
    jsonpath_free(s->fail.error.path);
    jsonpath_free(s->fail.cause.path);
    intrinsic_free(s->fail.error.call);
    intrinsic_free(s->fail.cause.call);
    jsonpath_free(s->task.timeout_seconds_path);
    jsonpath_free(s->task.heartbeat_seconds_path);
    for (size_t i = 0; i < s->nretriers; i++)
        engine_free(s->retriers[i].errors);
    engine_free(s->retriers);
    for (size_t i = 0; i < s->ncatchers; i++) {
        engine_free(s->catchers[i].errors);
        jsonpath_free(s->catchers[i].result_path.path);
        template_free(s->catchers[i].assign_template);
    }
    engine_free(s->catchers);
    for (size_t i = 0; i < s->nbranches; i++)
        def_free_machine(s->branches[i]);
    engine_free(s->branches);
    jsonpath_free(s->map.items_path);
    jsonpath_free(s->map.max_concurrency_path);
    jsonpath_free(s->map.tolerated_count_path);
    jsonpath_free(s->map.tolerated_percentage_path);
    if (s->map.item_batcher) {
        jsonpath_free(s->map.item_batcher->max_items_path);
        jsonpath_free(s->map.item_batcher->max_bytes_path);
        template_free(s->map.item_batcher->batch_input);
        engine_free(s->map.item_batcher);
    }
    engine_free(s);
}

static void def_free_machine(asl_machine *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nstates; i++)
        def_free_state(m->states[i]);
    engine_free(m->states);
    engine_free(m->table);
    engine_free(m);
}

static void def_free(asl_definition *d)
{
    def_free_machine(d->root);
    jv_unref(d->json);
    engine_free(d);
}

void asl_definition_free(asl_definition *d)
{
    if (!d)
        return;
    const engine_allocator *previous = engine_alloc_enter(d->alloc);
    def_free(d);
    engine_alloc_leave(previous);
}

/* ---- public ---- */

static asl_definition *def_build(jv *json, const asl_validate_options *opts,
                                 asl_diags *diags, asl_compiled *compiled)
{
    asl_definition *d = engine_calloc(1, sizeof *d);
    d->json = json;
    d->alloc = opts ? opts->alloc : NULL;
    const char *ql = def_string(json, "QueryLanguage");
    d->jsonata = ql && strcmp(ql, "JSONata") == 0;
    const jv *timeout = jv_object_get(json, "TimeoutSeconds");
    if (timeout && jv_is_number(timeout))
        d->timeout_seconds = def_clamp_long(timeout);
    def_loader L = {d, diags, false, compiled};
    d->root = def_read_machine(&L, json, "", NULL, d->jsonata, 0);
    if (L.failed) {
        def_free(d);
        return NULL;
    }
    return d;
}

static asl_definition *def_load(const char *text, size_t len,
                                const asl_validate_options *opts, asl_diags *diags)
{
    asl_compiled *compiled = asl_compiled_new();
    jv *json = asl_validate_text_keep(text, len, opts, diags, compiled);
    asl_definition *d = NULL;
    if (json && asl_diags_error_count(diags) == 0)
        d = def_build(json, opts, diags, compiled);
    else
        jv_unref(json);
    asl_compiled_free(compiled);
    return d;
}

asl_definition *asl_definition_load(const char *text, size_t len,
                                    const asl_validate_options *opts, asl_diags *diags)
{
    const engine_allocator *previous = engine_alloc_enter(opts ? opts->alloc : NULL);
    asl_definition *d = def_load(text, len, opts, diags);
    engine_alloc_leave(previous);
    return d;
}

const asl_machine *asl_definition_root(const asl_definition *d) { return d->root; }
const jv *asl_definition_json(const asl_definition *d) { return d->json; }
long asl_definition_timeout_seconds(const asl_definition *d) { return d->timeout_seconds; }
bool asl_definition_jsonata(const asl_definition *d) { return d->jsonata; }
size_t asl_definition_state_count(const asl_definition *d) { return d->nstates; }

static asl_state *def_find_in(const asl_machine *m, const char *name)
{
    asl_state *s = asl_machine_find(m, name);
    if (s)
        return s;
    for (size_t i = 0; i < m->nstates; i++)
        for (size_t b = 0; b < m->states[i]->nbranches; b++)
            if ((s = def_find_in(m->states[i]->branches[b], name)) != NULL)
                return s;
    return NULL;
}

asl_state *asl_definition_find_state(const asl_definition *d, const char *name)
{
    return d->root ? def_find_in(d->root, name) : NULL;
}
