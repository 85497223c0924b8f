/*
 * validate — static validation of a state machine definition (see validate.h).
 *
 * One walk over the parsed definition, driven by the field tables of asl_schema: every
 * object's fields are looked up (unknown -> "Field 'X' is not supported"), each value is
 * checked against its kind, and nested structures (Retry, Catch, Choices, Branches, Map
 * processors, ...) are descended into. Each States container is then checked as a graph
 * (StartAt, transitions within the container, terminal states, reachability) using hash
 * maps of its state names. Diagnostics record the AWS location string and an RFC 6901
 * pointer; line:column are resolved once at the end with jsonloc.
 */
#include "validate.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asl_compiled.h"
#include "asl_resource.h"
#include "asl_schema.h"
#include "timeutil.h"
#include "jsonloc.h"
#include "intrinsic.h"
#include "jsonata.h"
#include "jsonpath.h"
#include "jv_text.h"
#include "strbuf.h"

static const char SCHEMA[] = "SCHEMA_VALIDATION_FAILED";
static const char MISSING_TARGET[] = "MISSING_TRANSITION_TARGET";
static const char DUPLICATE[] = "DUPLICATE_STATE_NAME";
static const char INVALID_JSON[] = "INVALID_JSON_DESCRIPTION";
static const char MISSING_END[] = "MISSING_END_STATE";
static const char JSONATA_UNSUPPORTED[] = "UNSUPPORTED_JSONATA_EXPRESSION";
static const char JSONATA_INVALID[] = "INVALID_JSONATA_EXPRESSION";

/* ------------------------------------------------------------------------------------ */
/* diagnostics list                                                                      */

void asl_diags_init(asl_diags *d)
{
    d->items = NULL;
    d->len = d->cap = 0;
}

void asl_diags_cleanup(asl_diags *d)
{
    for (size_t i = 0; i < d->len; i++) {
        engine_free(d->items[i].message);
        engine_free(d->items[i].pointer);
    }
    engine_free(d->items);
    asl_diags_init(d);
}

size_t asl_diags_error_count(const asl_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->len; i++)
        n += d->items[i].severity == ASL_DIAG_ERROR;
    return n;
}

asl_diag *asl_diags_add_take(asl_diags *d, asl_diag_severity sev, const char *code,
                             char *message, char *pointer)
{
    if (d->len == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->items = engine_realloc(d->items, d->cap * sizeof *d->items);
    }
    asl_diag *g = &d->items[d->len++];
    g->severity = sev;
    g->code = code;
    g->message = message;
    g->pointer = pointer;
    g->line = g->column = 0;
    return g;
}

/* ------------------------------------------------------------------------------------ */
/* a string -> index hash map over borrowed keys                                         */

typedef struct {
    const char *key; /* NULL: empty slot */
    size_t len;
    size_t val;
} vmap_slot;

typedef struct {
    vmap_slot *slots;
    size_t cap, n;
} vmap;

static uint64_t vmap_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void vmap_init(vmap *m, size_t expected)
{
    m->cap = 16;
    while (m->cap < expected * 2)
        m->cap *= 2;
    m->slots = engine_calloc(m->cap, sizeof *m->slots);
    m->n = 0;
}

static void vmap_cleanup(vmap *m)
{
    engine_free(m->slots);
    m->slots = NULL;
}

static vmap_slot *vmap_slot_for(const vmap *m, const char *key, size_t len)
{
    size_t i = vmap_hash(key, len) & (m->cap - 1);
    while (m->slots[i].key &&
           !(m->slots[i].len == len && memcmp(m->slots[i].key, key, len) == 0))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static bool vmap_get(const vmap *m, const char *key, size_t len, size_t *val)
{
    const vmap_slot *s = vmap_slot_for(m, key, len);
    if (s->key && val)
        *val = s->val;
    return s->key != NULL;
}

/* Adds key unless present; returns false when it was already there. */
static bool vmap_add(vmap *m, const char *key, size_t len, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        vmap grown;
        vmap_init(&grown, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                *vmap_slot_for(&grown, m->slots[i].key, m->slots[i].len) = m->slots[i];
        grown.n = m->n;
        engine_free(m->slots);
        *m = grown;
    }
    vmap_slot *s = vmap_slot_for(m, key, len);
    if (s->key)
        return false;
    *s = (vmap_slot){key, len, val};
    m->n++;
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* validation context: the path being walked and the diagnostics it produces             */

typedef struct {
    const char *key; /* NULL for an array index */
    size_t keylen;
    size_t index;
} vseg;

/* One States container (top level, a Parallel branch, a Map processor). */
typedef struct {
    const jv *states; /* the States object, or NULL when missing/invalid */
    vmap names;       /* state name -> member index */
} vbox;

typedef struct {
    bool express;
    asl_diags *out;
    size_t first;      /* index in out->items of this run's first diagnostic */
    char **locate;     /* RFC 6901 pointer per diagnostic of this run */
    size_t nlocate, caplocate;
    vseg *path;
    size_t depth, cappath;
    bool top_jsonata;  /* the machine's QueryLanguage: nested states inherit it */
    vmap all_names;    /* every state name of the machine, for DUPLICATE_STATE_NAME */
    vbox *box;         /* the container whose transitions are being checked */
    bool in_catcher_output; /* walking a Catcher's Output/Assign ($states.errorOutput ok) */
    asl_compiled *keep;     /* loading: where the modelled fields' compiled forms go */
} vctx;

static void v_push_key(vctx *c, const char *key, size_t keylen)
{
    if (c->depth == c->cappath) {
        c->cappath = c->cappath ? c->cappath * 2 : 32;
        c->path = engine_realloc(c->path, c->cappath * sizeof *c->path);
    }
    c->path[c->depth++] = (vseg){key, keylen, 0};
}

static void v_push(vctx *c, const char *key)
{
    v_push_key(c, key, strlen(key));
}

static void v_push_index(vctx *c, size_t index)
{
    v_push_key(c, NULL, 0);
    c->path[c->depth - 1].index = index;
}

static void v_pop(vctx *c)
{
    c->depth--;
}

/* A key in a location, a NUL byte written as \u0000 so the location is not cut there. */
static void v_append_key(strbuf *sb, const char *key, size_t keylen)
{
    for (const char *nul; (nul = memchr(key, '\0', keylen)) != NULL;) {
        strbuf_append(sb, key, (size_t)(nul - key));
        strbuf_puts(sb, "\\u0000");
        keylen -= (size_t)(nul - key) + 1;
        key = nul + 1;
    }
    strbuf_append(sb, key, keylen);
}

/* A state name for a message (malloc'd), whole even when it holds a NUL byte. */
static char *v_name_text(const char *name, size_t len)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    v_append_key(&sb, name, len);
    return strbuf_detach(&sb);
}

/* AWS's location: "/States/S/Retry[0]/ErrorEquals[1]"; "/" for the root object. */
static char *v_location(const vctx *c, size_t depth)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (size_t i = 0; i < depth; i++) {
        if (c->path[i].key) {
            strbuf_putc(&sb, '/');
            v_append_key(&sb, c->path[i].key, c->path[i].keylen);
        } else {
            strbuf_printf(&sb, "[%zu]", c->path[i].index);
        }
    }
    if (depth == 0)
        strbuf_putc(&sb, '/');
    return strbuf_detach(&sb);
}

/* RFC 6901 pointer of the first `depth` segments, for locating the text. */
static char *v_pointer(const vctx *c, size_t depth)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (size_t i = 0; i < depth; i++) {
        /* a key with a NUL byte cannot travel in a C-string pointer: locate its parent */
        if (c->path[i].key && memchr(c->path[i].key, '\0', c->path[i].keylen))
            break;
        strbuf_putc(&sb, '/');
        if (!c->path[i].key) {
            strbuf_printf(&sb, "%zu", c->path[i].index);
            continue;
        }
        for (size_t k = 0; k < c->path[i].keylen; k++) {
            char ch = c->path[i].key[k];
            if (ch == '~')
                strbuf_puts(&sb, "~0");
            else if (ch == '/')
                strbuf_puts(&sb, "~1");
            else
                strbuf_putc(&sb, ch);
        }
    }
    return strbuf_detach(&sb);
}

#define V_NO_LOCATION SIZE_MAX

/* Records a diagnostic whose AWS location is the first `loc_depth` path segments
 * (V_NO_LOCATION: none) and whose line:column is that of the whole current path. */
static void v_report(vctx *c, asl_diag_severity sev, const char *code, size_t loc_depth,
                     const char *fmt, va_list ap)
{
    strbuf msg;
    strbuf_init(&msg, 0);
    char buf[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof buf) {
        strbuf_puts(&msg, buf);
    } else if (n >= 0) {
        char *big = engine_malloc((size_t)n + 1);
        vsnprintf(big, (size_t)n + 1, fmt, ap2);
        strbuf_puts(&msg, big);
        engine_free(big);
    }
    va_end(ap2);
    char *loc = loc_depth == V_NO_LOCATION ? engine_strdup("") : v_location(c, loc_depth);
    asl_diags_add_take(c->out, sev, code, strbuf_detach(&msg), loc);
    if (c->nlocate == c->caplocate) {
        c->caplocate = c->caplocate ? c->caplocate * 2 : 8;
        c->locate = engine_realloc(c->locate, c->caplocate * sizeof *c->locate);
    }
    c->locate[c->nlocate++] = v_pointer(c, c->depth);
}

/* An error located at the current path. */
__attribute__((format(printf, 3, 4))) static void v_error(vctx *c, const char *code,
                                                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    v_report(c, ASL_DIAG_ERROR, code, c->depth, fmt, ap);
    va_end(ap);
}

/* An error located `up` segments above the current path (e.g. at the state that holds the
 * offending field), with line:column still pointing at the field itself. */
__attribute__((format(printf, 4, 5))) static void v_error_up(vctx *c, size_t up,
                                                             const char *code,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    v_report(c, ASL_DIAG_ERROR, code, up == V_NO_LOCATION ? up : c->depth - up, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------------------------ */
/* small predicates                                                                      */

static bool v_has(const jv *obj, const char *key)
{
    return jv_object_get(obj, key) != NULL;
}

static const char *v_str(const jv *obj, const char *key)
{
    const jv *v = obj ? jv_object_get(obj, key) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

static bool v_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A JSONata expression: the whole string is "{% ... %}" (no surrounding white space). */
static bool v_is_expression(const jv *v)
{
    if (!v || !jv_is_string(v))
        return false;
    const char *s = jv_string_value(v);
    size_t n = jv_string_length(v);
    return n >= 4 && s[0] == '{' && s[1] == '%' && s[n - 2] == '%' && s[n - 1] == '}';
}

static const char *v_kind_label(asl_value_kind kind)
{
    switch (kind) {
    case ASL_V_BOOL: return "[BOOLEAN]";
    case ASL_V_OBJECT: return "[OBJECT]";
    case ASL_V_ARRAY: return "[ARRAY]";
    case ASL_V_INT: return "Integer";
    case ASL_V_NUMBER: return "Number";
    default: return "[STRING]";
    }
}

/* Lists strings as "[a, b, c]". */
static char *v_list(const char *const *names)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_putc(&sb, '[');
    for (size_t i = 0; names[i]; i++)
        strbuf_printf(&sb, "%s%s", i ? ", " : "", names[i]);
    strbuf_putc(&sb, ']');
    return strbuf_detach(&sb);
}

/* ------------------------------------------------------------------------------------ */
/* paths, intrinsics, templates, JSONata expressions                                     */

typedef enum { PATH_ANY, PATH_REFERENCE, PATH_RESULT } v_path_want;

/* A JSONPath as the field needs it: any path (InputPath, OutputPath, template values), a
 * reference path (definite, names and indexes only: Variable, ItemsPath, SecondsPath, ...),
 * or a ResultPath (a reference path into the state input: no $$, no variable). */
static bool v_simple_name_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool v_simple_name_char(char ch)
{
    return v_simple_name_start(ch) || (ch >= '0' && ch <= '9');
}

/* The common shape of a reference path, `$.name.name[0]` (or from `$$`), recognized
 * without compiling it: compiling costs allocations, and a definition has many paths.
 * Returns -1 when s is not of this shape (then jsonpath_compile decides), else 1 for a
 * path on the state input and 0 for one on the context object. */
static int v_simple_reference(const char *s, size_t n)
{
    if (n == 0 || s[0] != '$')
        return -1;
    int input = n < 2 || s[1] != '$';
    const char *p = input ? s + 1 : s + 2, *end = s + n;
    while (p < end) { /* s is a jv string: s[n] is its terminating NUL, never a name char */
        if (*p == '.' && v_simple_name_start(p[1])) {
            for (p += 2; v_simple_name_char(*p); p++)
                ;
        } else if (*p == '[' && p[1] >= '0' && p[1] <= '9') {
            for (p += 2; *p >= '0' && *p <= '9'; p++)
                ;
            if (*p++ != ']')
                return -1;
        } else {
            return -1;
        }
    }
    return input;
}

/* s: a string jv; a NUL byte in it is part of the path. With `kept`, the path is compiled
 * even when its shape alone says it is valid, and handed back there when it is valid. */
static bool v_path_valid(const jv *s, v_path_want want, jsonpath **kept)
{
    int simple = kept ? -1 : v_simple_reference(jv_string_value(s), jv_string_length(s));
    if (simple >= 0)
        return want != PATH_RESULT || simple == 1;
    jsonpath_error err;
    jsonpath *p = jsonpath_compile_n(jv_string_value(s), jv_string_length(s), &err);
    if (!p)
        return false;
    bool ok = want == PATH_ANY ||
              (jsonpath_is_reference(p) &&
               (want == PATH_REFERENCE || jsonpath_root_kind(p) == JSONPATH_ROOT_INPUT));
    if (ok && kept)
        *kept = p;
    else
        jsonpath_free(p);
    return ok;
}

/* An intrinsic call that compiles (known function, valid arguments, nesting limit); for
 * Fail ErrorPath/CausePath it must also return a string. With `kept`, a valid call is
 * handed back there. */
static bool v_intrinsic_valid(const jv *s, bool need_string, intrinsic **kept)
{
    intrinsic_error err;
    intrinsic *f = intrinsic_looks_like_call(jv_string_value(s))
                       ? intrinsic_compile_n(jv_string_value(s), jv_string_length(s), &err)
                       : NULL;
    bool ok = f && (!need_string || intrinsic_returns_string(f));
    if (ok && kept)
        *kept = f;
    else
        intrinsic_free(f);
    return ok;
}

/* A template value or an ErrorPath: a path, or an intrinsic call. With `keep`, what it
 * compiled to goes there. */
static bool v_path_or_call(const jv *s, v_path_want want, bool need_string, asl_compiled *keep)
{
    jsonpath *path = NULL;
    intrinsic *call = NULL;
    bool ok = intrinsic_looks_like_call(jv_string_value(s))
                  ? v_intrinsic_valid(s, need_string, keep ? &call : NULL)
                  : v_path_valid(s, want, keep ? &path : NULL);
    if (path)
        asl_compiled_put_path(keep, s, path);
    if (call)
        asl_compiled_put_call(keep, s, call);
    return ok;
}

/* What the walk keeps of a field: the store when loading and the field is in the model. */
static asl_compiled *v_keep(const vctx *c, const asl_field *f)
{
    return f->model.kind != ASL_M_NONE ? c->keep : NULL;
}

static void v_check_path_value(vctx *c, const jv *v, v_path_want want, asl_compiled *keep)
{
    jsonpath *kept = NULL;
    if (v_path_valid(v, want, keep ? &kept : NULL)) {
        if (kept)
            asl_compiled_put_path(keep, v, kept);
    } else if (v_path_valid(v, PATH_ANY, NULL)) {
        v_error(c, SCHEMA, "Value must be a valid ReferencePath.");
    } else {
        v_error(c, SCHEMA, "Value must be a valid JSONPath.");
    }
}

/* A JSONPath payload template: every "key.$" member holds a path or an intrinsic call.
 * Reported at the template field (depth `at`), located at the member. */
static void v_template(vctx *c, const jv *v, size_t at)
{
    if (jv_is_array(v)) {
        for (size_t i = 0; i < jv_array_length(v); i++) {
            v_push_index(c, i);
            v_template(c, jv_array_get(v, i), at);
            v_pop(c);
        }
        return;
    }
    if (!jv_is_object(v))
        return;
    for (size_t i = 0; i < jv_object_size(v); i++) {
        const jv *key = jv_object_key_at(v, i);
        const jv *val = jv_object_value_at(v, i);
        const char *k = jv_string_value(key);
        size_t klen = jv_string_length(key);
        v_push_key(c, k, klen);
        if (v_ends_with(k, klen, ".$")) {
            if (!jv_is_string(val) || !v_path_or_call(val, PATH_ANY, false, NULL))
                v_error_up(c, c->depth - at, SCHEMA,
                           "The value for the field '%s' must be a valid JSONPath or a valid "
                           "intrinsic function call",
                           k);
        } else {
            v_template(c, val, at);
        }
        v_pop(c);
    }
}

/* A payload template of a modelled field while loading: compiled once, as the model needs
 * it; only when that fails does the member-by-member walk run, for the diagnostics (both
 * accept the same `.$` values: a path starting with `$`, or an intrinsic call). */
static void v_template_field(vctx *c, const jv *v, asl_compiled *keep)
{
    payload_template *t = keep ? template_compile(v, NULL) : NULL;
    if (t)
        asl_compiled_put_template(keep, v, t);
    else
        v_template(c, v, c->depth);
}

/* Index just past a JSONata string literal starting at s[i] (a quote). */
static size_t v_skip_quoted(const char *s, size_t n, size_t i)
{
    char q = s[i];
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == q)
            return i + 1;
    }
    return n;
}

static bool v_ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || (unsigned char)ch >= 0x80;
}

/* Scans an expression for references AWS refuses at create time: `$$` anywhere, and
 * `$states.errorOutput` outside a Catcher's Output/Assign. A lexical scan: string literals
 * and comments are skipped. */
static void v_expression_references(vctx *c, const char *s, size_t n)
{
    bool dollar2 = false, error_output = false;
    for (size_t i = 0; i < n;) {
        if (s[i] == '"' || s[i] == '\'') {
            i = v_skip_quoted(s, n, i);
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            i = end && (size_t)(end - s) < n ? (size_t)(end - s) + 2 : n;
        } else if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
            dollar2 = true;
            i += 2;
        } else if (s[i] == '$' && (i == 0 || !v_ident_char(s[i - 1])) && n - i >= 7 &&
                   memcmp(s + i, "$states", 7) == 0 && (i + 7 == n || !v_ident_char(s[i + 7]))) {
            size_t j = i + 7;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
                j++;
            if (n - j >= 12 && memcmp(s + j, ".errorOutput", 12) == 0 &&
                (j + 12 == n || !v_ident_char(s[j + 12])))
                error_output = true;
            i += 7;
        } else {
            i++;
        }
    }
    if (dollar2)
        v_error(c, JSONATA_UNSUPPORTED, "Reference to '$$' is not supported.");
    if (error_output && !c->in_catcher_output)
        v_error(c, JSONATA_UNSUPPORTED, "Field '$states.errorOutput' does not exist.");
}

/* One "{% ... %}" string: it must parse (AWS reports the parser's message without the
 * JSONata error code), and it may not use what AWS refuses. */
static void v_expression(vctx *c, const jv *v)
{
    const char *s = jv_string_value(v) + 2;
    size_t n = jv_string_length(v) - 4;
    char *body = engine_malloc(n + 1);
    memcpy(body, s, n);
    body[n] = '\0';
    jsonata_error err;
    jsonata_expr *e = jsonata_compile_n(body, n, &err);
    if (!e)
        v_error(c, JSONATA_INVALID, "%s", err.message);
    jsonata_free(e);
    v_expression_references(c, body, n);
    engine_free(body);
}

/* Every "{% %}" string anywhere inside v. */
static void v_expressions(vctx *c, const jv *v)
{
    if (v_is_expression(v)) {
        v_expression(c, v);
    } else if (jv_is_array(v)) {
        for (size_t i = 0; i < jv_array_length(v); i++) {
            v_push_index(c, i);
            v_expressions(c, jv_array_get(v, i));
            v_pop(c);
        }
    } else if (jv_is_object(v)) {
        for (size_t i = 0; i < jv_object_size(v); i++) {
            const jv *key = jv_object_key_at(v, i);
            v_push_key(c, jv_string_value(key), jv_string_length(key));
            v_expressions(c, jv_object_value_at(v, i));
            v_pop(c);
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* value kinds                                                                           */

static void v_type_error(vctx *c, asl_value_kind kind)
{
    v_error(c, SCHEMA, "Expected value of type %s", v_kind_label(kind));
}

static void v_check_number(vctx *c, const asl_field *f, const jv *v)
{
    if (!jv_is_number(v) || (f->kind == ASL_V_INT && !jv_is_integer(v))) {
        v_type_error(c, f->kind);
        return;
    }
    double d = jv_number_value(v);
    if (d < f->min)
        v_error(c, SCHEMA, "Minimum value is %.17g", f->min);
    else if (d > f->max)
        v_error(c, SCHEMA, "Maximum value is %.17g", f->max);
}

static void v_check_enum(vctx *c, const asl_field *f, const jv *v)
{
    if (!jv_is_string(v)) {
        v_type_error(c, ASL_V_STRING);
        return;
    }
    for (const char *const *e = f->values; *e; e++)
        if (strcmp(*e, jv_string_value(v)) == 0)
            return;
    char *list = v_list(f->values);
    v_error(c, SCHEMA, "Value should be one of the following: %s", list);
    engine_free(list);
}

static void v_check_error_path(vctx *c, const asl_field *f, const jv *v)
{
    if (!jv_is_string(v)) {
        v_type_error(c, ASL_V_STRING);
        return;
    }
    if (!v_path_or_call(v, PATH_REFERENCE, true, v_keep(c, f)))
        v_error(c, SCHEMA,
                "The value for the field '%s' must be a valid JSONPath or a valid intrinsic "
                "function call",
                f->name);
}

static bool v_expect(vctx *c, bool ok, asl_value_kind kind)
{
    if (!ok)
        v_type_error(c, kind);
    return ok;
}

static bool v_check_array(vctx *c, const asl_field *f, const jv *v)
{
    if (!v_expect(c, jv_is_array(v), ASL_V_ARRAY))
        return false;
    if ((f->flags & ASL_F_NONEMPTY) && jv_array_length(v) == 0) {
        v_error(c, SCHEMA, "Value cannot be empty");
        return false;
    }
    return true;
}

/* InputPath / OutputPath (a path or null), ResultPath (a reference path into the input,
 * or null), and the reference paths (SecondsPath, ItemsPath, Variable, ...). */
static bool v_check_path_field(vctx *c, const asl_field *f, const jv *v)
{
    if (jv_is_null(v) && f->kind != ASL_V_REF_PATH)
        return true;
    if (!v_expect(c, jv_is_string(v), ASL_V_STRING))
        return false;
    v_check_path_value(c, v,
                       f->kind == ASL_V_PATH          ? PATH_ANY
                       : f->kind == ASL_V_RESULT_PATH ? PATH_RESULT
                                                      : PATH_REFERENCE,
                       v_keep(c, f));
    return true;
}

static bool v_check_timestamp(vctx *c, const jv *v)
{
    if (!v_expect(c, jv_is_string(v), ASL_V_STRING))
        return false;
    asl_instant when;
    if (strlen(jv_string_value(v)) != jv_string_length(v) || /* a NUL inside */
        !timeutil_parse_n(jv_string_value(v), jv_string_length(v), &when))
        v_error(c, SCHEMA, "String does not match RFC3339 timestamp");
    return true;
}

/* Checks a value against its field's kind; the current path is the field. Returns false
 * when nested checks should be skipped (wrong type, or a JSONata expression). */
static bool v_check_value(vctx *c, const asl_field *f, const jv *v, bool jsonata)
{
    if ((f->flags & ASL_F_EXPR) && jsonata && v_is_expression(v)) {
        v_expression(c, v);
        return false; /* an expression: nothing more to check statically */
    }
    switch (f->kind) {
    case ASL_V_ANY:
        return true;
    case ASL_V_STRING:
        return v_expect(c, jv_is_string(v), f->kind);
    case ASL_V_BOOL:
        return v_expect(c, jv_is_bool(v), f->kind);
    case ASL_V_OBJECT:
        return v_expect(c, jv_is_object(v), f->kind);
    case ASL_V_ARRAY:
        return v_check_array(c, f, v);
    case ASL_V_INT:
    case ASL_V_NUMBER:
        v_check_number(c, f, v);
        return true;
    case ASL_V_ENUM:
        v_check_enum(c, f, v);
        return true;
    case ASL_V_PATH:
    case ASL_V_RESULT_PATH:
    case ASL_V_REF_PATH:
        return v_check_path_field(c, f, v);
    case ASL_V_TIMESTAMP:
        return v_check_timestamp(c, v);
    case ASL_V_ERROR_PATH:
        v_check_error_path(c, f, v);
        return true;
    }
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* objects                                                                               */

/* What the object being checked is, for the table lookups. */
typedef struct {
    asl_object_kind kind;
    asl_state_type type;   /* ASL_OBJ_STATE */
    bool jsonata;          /* the effective query language */
    bool lang_checked;     /* report fields of the other query language */
} vobj;

static void v_sub(vctx *c, const asl_field *f, const jv *v, const vobj *o);

static void v_lang_error(vctx *c, bool jsonata, const char *field)
{
    v_error_up(c, 1, SCHEMA,
               "The QueryLanguage is set to '%s', but field '%s' is only supported for the '%s' "
               "QueryLanguage",
               jsonata ? "JSONata" : "JSONPath", field, jsonata ? "JSONPath" : "JSONata");
}

static bool v_field_applies(const asl_field *f, const vobj *o)
{
    return f && (o->kind != ASL_OBJ_STATE || (f->types & (1u << o->type)));
}

/* Checks every member of obj against the table for o->kind; the current path is obj. */
static void v_fields(vctx *c, const jv *obj, const vobj *o)
{
    for (size_t i = 0; i < jv_object_size(obj); i++) {
        const jv *key = jv_object_key_at(obj, i);
        const char *k = jv_string_value(key);
        const asl_field *f = asl_schema_field(o->kind, k);
        v_push_key(c, k, jv_string_length(key));
        if (!v_field_applies(f, o)) {
            v_error_up(c, 1, SCHEMA, "Field '%s' is not supported", k);
        } else if (f->lang != ASL_LANG_BOTH &&
                   (f->lang == ASL_LANG_JSONATA) != o->jsonata) {
            if (o->lang_checked)
                v_lang_error(c, o->jsonata, k);
        } else {
            const jv *v = jv_object_value_at(obj, i);
            if (v_check_value(c, f, v, o->jsonata))
                v_sub(c, f, v, o);
        }
        v_pop(c);
    }
}

static void v_required(vctx *c, const jv *obj, const char *const *required)
{
    const char *missing[8];
    size_t n = 0;
    for (size_t i = 0; required[i] && n < 7; i++)
        if (!v_has(obj, required[i]))
            missing[n++] = required[i];
    missing[n] = NULL;
    if (n == 0)
        return;
    char *list = v_list(missing);
    v_error(c, SCHEMA, "These fields are required: %s", list);
    engine_free(list);
}

static void v_exclusives(vctx *c, const jv *obj, const vobj *o)
{
    for (const asl_exclusive *x = asl_schema_exclusives(); x->fields[0]; x++) {
        if (x->object != o->kind || (o->kind == ASL_OBJ_STATE && !(x->types & (1u << o->type))))
            continue;
        size_t present = 0;
        for (size_t i = 0; x->fields[i]; i++)
            present += v_has(obj, x->fields[i]);
        if (present == 1 || (present == 0 && !x->exactly_one))
            continue;
        char *list = v_list(x->fields);
        if (present > 1)
            v_error(c, SCHEMA, "There should only be one of the following fields: %s", list);
        else
            v_error(c, SCHEMA, "This object should have only one of the following fields: %s",
                    list);
        engine_free(list);
    }
}

/* Fields, required fields and exclusions of a nested (non-state) object. */
static void v_object(vctx *c, const jv *obj, asl_object_kind kind, bool jsonata)
{
    vobj o = {kind, ASL_STATE_TYPE_INVALID, jsonata, true};
    v_fields(c, obj, &o);
    v_required(c, obj, asl_schema_required(kind, ASL_STATE_TYPE_INVALID));
    v_exclusives(c, obj, &o);
}

/* ------------------------------------------------------------------------------------ */
/* transitions                                                                           */

static void v_transition(vctx *c, const jv *v)
{
    if (!c->box || !c->box->states)
        return;
    if (vmap_get(&c->box->names, jv_string_value(v), jv_string_length(v), NULL))
        return;
    char *name = v_name_text(jv_string_value(v), jv_string_length(v));
    v_error(c, MISSING_TARGET, "Missing 'Next' target: %s", name);
    engine_free(name);
}

/* ------------------------------------------------------------------------------------ */
/* Retry and Catch                                                                       */

/* ErrorEquals: non-empty array of strings; States.ALL alone and in the last entry. */
static void v_error_equals(vctx *c, const jv *arr, bool last_entry)
{
    size_t n = jv_array_length(arr);
    for (size_t i = 0; i < n; i++) {
        const jv *e = jv_array_get(arr, i);
        v_push_index(c, i);
        if (!jv_is_string(e))
            v_type_error(c, ASL_V_STRING);
        else if (strcmp(jv_string_value(e), "States.ALL") == 0 && (n > 1 || !last_entry))
            v_error(c, SCHEMA, "States.ALL must appear alone and at end of list");
        v_pop(c);
    }
}

static void v_handlers(vctx *c, const jv *arr, asl_object_kind kind, bool jsonata)
{
    size_t n = jv_array_length(arr);
    for (size_t i = 0; i < n; i++) {
        const jv *h = jv_array_get(arr, i);
        v_push_index(c, i);
        if (!jv_is_object(h)) {
            v_type_error(c, ASL_V_OBJECT);
        } else {
            /* a catcher's Output and Assign are where $states.errorOutput exists */
            c->in_catcher_output = kind == ASL_OBJ_CATCHER;
            v_object(c, h, kind, jsonata);
            c->in_catcher_output = false;
            const jv *ee = jv_object_get(h, "ErrorEquals");
            if (ee && jv_is_array(ee)) {
                v_push(c, "ErrorEquals");
                v_error_equals(c, ee, i + 1 == n);
                v_pop(c);
            }
        }
        v_pop(c);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Choice rules                                                                          */

static const char *const rule_selectors[] = {"And", "Or", "Not", "Variable", "Condition", NULL};

static void v_rule(vctx *c, const jv *rule, bool top, bool jsonata);

static void v_operator(vctx *c, const asl_choice_operator *op, const jv *v, bool jsonata)
{
    if (jsonata) {
        v_lang_error(c, true, op->name);
        return;
    }
    /* a ...Path operator's path is in the model (the loader reads operators itself) */
    asl_field f = {op->name, 0, ASL_LANG_JSONPATH, op->kind, 0, -1e300, 1e300, NULL,
                   ASL_SUB_NONE, {op->kind == ASL_V_REF_PATH ? ASL_M_PATH : ASL_M_NONE, 0, 0}};
    v_check_value(c, &f, v, false);
}

static void v_rule_operator_count(vctx *c, const jv *rule)
{
    const char *present[64];
    size_t n = 0;
    for (size_t i = 0; i < jv_object_size(rule) && n < 63; i++) {
        const char *k = jv_string_value(jv_object_key_at(rule, i));
        const asl_choice_operator *op = asl_schema_choice_operator(k);
        if (op)
            present[n++] = op->name;
    }
    present[n] = NULL;
    if (n == 1)
        return;
    if (n > 1) {
        char *list = v_list(present);
        v_error(c, SCHEMA, "There should only be one of the following fields: %s", list);
        engine_free(list);
        return;
    }
    const char *all[64];
    size_t k = 0;
    for (const asl_choice_operator *op = asl_schema_choice_operators(); op->name && k < 63; op++)
        all[k++] = op->name;
    all[k] = NULL;
    char *list = v_list(all);
    v_error(c, SCHEMA, "This object should have only one of the following fields: %s", list);
    engine_free(list);
}

/* A JSONata Condition: an expression, or a boolean constant. */
static void v_condition(vctx *c, const jv *v)
{
    if (v_is_expression(v))
        v_expression(c, v);
    else if (!jv_is_bool(v))
        v_type_error(c, ASL_V_BOOL);
}

static void v_rule_fields(vctx *c, const jv *rule, bool top, bool jsonata)
{
    vobj o = {top ? ASL_OBJ_CHOICE_RULE : ASL_OBJ_NESTED_RULE, ASL_STATE_TYPE_INVALID, jsonata,
              true};
    for (size_t i = 0; i < jv_object_size(rule); i++) {
        const jv *key = jv_object_key_at(rule, i);
        const char *k = jv_string_value(key);
        const jv *v = jv_object_value_at(rule, i);
        const asl_choice_operator *op = asl_schema_choice_operator(k);
        const asl_field *f = asl_schema_field(o.kind, k);
        v_push_key(c, k, jv_string_length(key));
        if (op)
            v_operator(c, op, v, jsonata);
        else if (!f)
            v_error_up(c, 1, SCHEMA, "Field '%s' is not supported", k);
        else if (f->lang != ASL_LANG_BOTH && (f->lang == ASL_LANG_JSONATA) != jsonata)
            v_lang_error(c, jsonata, k);
        else if (strcmp(k, "Condition") == 0)
            v_condition(c, v);
        else if (v_check_value(c, f, v, jsonata))
            v_sub(c, f, v, &o);
        v_pop(c);
    }
}

static void v_rule(vctx *c, const jv *rule, bool top, bool jsonata)
{
    if (!jv_is_object(rule)) {
        v_type_error(c, ASL_V_OBJECT);
        return;
    }
    v_rule_fields(c, rule, top, jsonata);
    size_t selectors = 0;
    for (size_t i = 0; rule_selectors[i]; i++)
        selectors += v_has(rule, rule_selectors[i]);
    if (selectors != 1) {
        char *list = v_list(rule_selectors);
        v_error(c, SCHEMA, "The object must have only one of the following fields, %s", list);
        engine_free(list);
    }
    if (v_has(rule, "Variable") && !jsonata)
        v_rule_operator_count(c, rule);
    if (top && !v_has(rule, "Next"))
        v_error(c, SCHEMA, "These fields are required: [Next]");
}

static void v_rules(vctx *c, const jv *arr, bool top, bool jsonata)
{
    for (size_t i = 0; i < jv_array_length(arr); i++) {
        v_push_index(c, i);
        v_rule(c, jv_array_get(arr, i), top, jsonata);
        v_pop(c);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Task resource, Credentials, Map configuration                                         */

static void v_resource(vctx *c, const jv *v)
{
    const char *arn = jv_string_value(v);
    asl_resource_info info;
    switch (asl_resource_parse(arn, &info)) {
    case ASL_RESOURCE_NOT_ARN:
        v_error(c, SCHEMA, "Value is not a valid resource ARN");
        return;
    case ASL_RESOURCE_UNKNOWN:
        v_error(c, SCHEMA,
                "The resource provided %s is not recognized. The value is not a valid resource "
                "ARN, or the resource is not available in this region.",
                arn);
        return;
    default:
        break;
    }
    if (!c->express)
        return;
    if (info.kind == ASL_RESOURCE_ACTIVITY)
        v_error(c, SCHEMA, "Express state machine does not support Activity ARN");
    else if (info.pattern == ASL_PATTERN_SYNC || info.pattern == ASL_PATTERN_SYNC2)
        v_error(c, SCHEMA, "Express state machine does not support '.sync' service integration");
    else if (info.pattern == ASL_PATTERN_WAIT_FOR_TASK_TOKEN)
        /* AWS's text ends with a space */
        v_error(c, SCHEMA,
                "Express state machine does not support '.waitForTaskToken' service integration ");
}

static void v_credentials(vctx *c, const jv *obj, bool jsonata, asl_compiled *keep)
{
    v_object(c, obj, ASL_OBJ_CREDENTIALS, jsonata);
    if (!v_has(obj, "RoleArn") && !v_has(obj, "RoleArn.$"))
        v_error(c, SCHEMA, "The field 'RoleArn' is required but was missing");
    if (!jsonata)
        v_template_field(c, obj, keep);
}

/* ItemReader / ResultWriter Resource: arn:PARTITION:states:::s3:ACTION, ACTION allowed. */
static void v_s3_resource(vctx *c, const jv *obj, const char *const *actions)
{
    static const char infix[] = ":states:::s3:";
    const jv *r = jv_object_get(obj, "Resource");
    if (!r || !jv_is_string(r))
        return;
    const char *s = jv_string_value(r);
    const char *colon = strncmp(s, "arn:", 4) == 0 ? strchr(s + 4, ':') : NULL;
    bool ok = false;
    if (colon && colon > s + 4 && strncmp(colon, infix, sizeof infix - 1) == 0)
        for (size_t i = 0; actions[i]; i++)
            ok |= strcmp(colon + sizeof infix - 1, actions[i]) == 0;
    if (!ok) {
        v_push(c, "Resource");
        v_error(c, SCHEMA, "The field 'Resource' does not match any of the allowed values");
        v_pop(c);
    }
}

static void v_reader_config(vctx *c, const jv *cfg, bool jsonata)
{
    v_object(c, cfg, ASL_OBJ_READER_CONFIG, jsonata);
    const char *input = v_str(cfg, "InputType");
    const char *location = v_str(cfg, "CSVHeaderLocation");
    if (input && strcmp(input, "CSV") == 0 && !v_has(cfg, "CSVHeaderLocation"))
        v_error(c, SCHEMA, "The field 'CSVHeaderLocation' is required");
    if (input && strcmp(input, "CSV") != 0 && v_has(cfg, "CSVHeaderLocation")) {
        v_push(c, "CSVHeaderLocation");
        v_error_up(c, 1, SCHEMA, "Field 'CSVHeaderLocation' is not supported");
        v_pop(c);
    }
    if (location && strcmp(location, "GIVEN") == 0 && !v_has(cfg, "CSVHeaders"))
        v_error(c, SCHEMA, "These fields are required: [CSVHeaders]");
    const jv *headers = jv_object_get(cfg, "CSVHeaders");
    for (size_t i = 0; headers && jv_is_array(headers) && i < jv_array_length(headers); i++) {
        if (jv_is_string(jv_array_get(headers, i)))
            continue;
        v_push(c, "CSVHeaders");
        v_push_index(c, i);
        v_type_error(c, ASL_V_STRING);
        v_pop(c);
        v_pop(c);
    }
}

static void v_processor_config(vctx *c, const jv *cfg)
{
    v_object(c, cfg, ASL_OBJ_PROCESSOR_CONFIG, false);
    const char *mode = v_str(cfg, "Mode");
    bool distributed = mode && strcmp(mode, "DISTRIBUTED") == 0;
    if (distributed && !v_has(cfg, "ExecutionType"))
        v_error(c, SCHEMA, "These fields are required: [ExecutionType]");
    if (!distributed && v_has(cfg, "ExecutionType")) {
        v_push(c, "ExecutionType");
        v_error_up(c, 1, SCHEMA, "Field 'ExecutionType' is not supported");
        v_pop(c);
    }
}

static void v_item_batcher(vctx *c, const jv *obj, bool jsonata)
{
    static const char *const max_fields[] = {"MaxItemsPerBatch", "MaxItemsPerBatchPath",
                                             "MaxInputBytesPerBatch",
                                             "MaxInputBytesPerBatchPath", NULL};
    v_object(c, obj, ASL_OBJ_ITEM_BATCHER, jsonata);
    for (size_t i = 0; max_fields[i]; i++)
        if (v_has(obj, max_fields[i]))
            return;
    char *list = v_list(max_fields);
    v_error(c, SCHEMA, "At least one of the following fields is required: %s", list);
    engine_free(list);
}

static void v_item_reader(vctx *c, const jv *obj, bool jsonata)
{
    static const char *const actions[] = {"getObject", "listObjectsV2", NULL};
    v_object(c, obj, ASL_OBJ_ITEM_READER, jsonata);
    v_s3_resource(c, obj, actions);
}

static void v_result_writer(vctx *c, const jv *obj, bool jsonata)
{
    static const char *const actions[] = {"putObject", NULL};
    if (jv_object_size(obj) == 0)
        v_error(c, SCHEMA, "Value cannot be empty");
    v_object(c, obj, ASL_OBJ_RESULT_WRITER, jsonata);
    if (v_has(obj, "Resource"))
        v_s3_resource(c, obj, actions);
}

static void v_container(vctx *c, const jv *owner, asl_object_kind kind);

static void v_branches(vctx *c, const jv *arr)
{
    for (size_t i = 0; i < jv_array_length(arr); i++) {
        const jv *b = jv_array_get(arr, i);
        v_push_index(c, i);
        if (jv_is_object(b))
            v_container(c, b, ASL_OBJ_BRANCH);
        else
            v_type_error(c, ASL_V_OBJECT);
        v_pop(c);
    }
}

const char *asl_variable_name_problem(const char *name, size_t n)
{
    if (n == 0 || n > 80)
        return "A variable name must be 1 to 80 characters long";
    if (n == 6 && !memcmp(name, "states", 6))
        return "The variable name 'states' is reserved by Step Functions";
    for (size_t i = 0; i < n; i++)
        if (strchr(".[]$ \t", name[i]))
            return "is not a variable name: Assign sets whole variables (no '.', '[', ']', "
                   "'$' or spaces)";
    return NULL;
}

/* Assign's variable names (the key, without JSONPath's ".$"): asl_variable_name_problem. */
static void v_assign_names(vctx *c, const jv *assign, bool jsonata)
{
    for (size_t i = 0; jv_is_object(assign) && i < jv_object_size(assign); i++) {
        const jv *key = jv_object_key_at(assign, i);
        const char *k = jv_string_value(key);
        size_t n = jv_string_length(key);
        if (!jsonata && v_ends_with(k, n, ".$"))
            n -= 2;
        const char *problem = asl_variable_name_problem(k, n);
        v_push_key(c, k, jv_string_length(key));
        if (problem && !strncmp(problem, "is not", 6))
            v_error(c, SCHEMA, "'%.*s' %s", (int)n, k, problem);
        else if (problem)
            v_error(c, SCHEMA, "%s", problem);
        v_pop(c);
    }
}

/* Descends into a field's nested structure; the current path is the field. */
static void v_sub(vctx *c, const asl_field *f, const jv *v, const vobj *o)
{
    switch (f->sub) {
    case ASL_SUB_NONE:
        break;
    case ASL_SUB_TEMPLATE:
        if (!strcmp(f->name, "Assign"))
            v_assign_names(c, v, o->jsonata);
        if (o->jsonata)
            v_expressions(c, v);
        else
            v_template_field(c, v, v_keep(c, f));
        break;
    case ASL_SUB_EXPRESSIONS:
        if (o->jsonata)
            v_expressions(c, v);
        break;
    case ASL_SUB_RESOURCE:
        v_resource(c, v);
        break;
    case ASL_SUB_RETRY:
        v_handlers(c, v, ASL_OBJ_RETRIER, o->jsonata);
        break;
    case ASL_SUB_CATCH:
        v_handlers(c, v, ASL_OBJ_CATCHER, o->jsonata);
        break;
    case ASL_SUB_CHOICES:
        v_rules(c, v, true, o->jsonata);
        break;
    case ASL_SUB_RULES:
        v_rules(c, v, false, o->jsonata);
        break;
    case ASL_SUB_RULE:
        v_rule(c, v, false, o->jsonata);
        break;
    case ASL_SUB_BRANCHES:
        v_branches(c, v);
        break;
    case ASL_SUB_PROCESSOR:
        v_container(c, v, ASL_OBJ_PROCESSOR);
        break;
    case ASL_SUB_PROCESSOR_CONFIG:
        v_processor_config(c, v);
        break;
    case ASL_SUB_CREDENTIALS:
        v_credentials(c, v, o->jsonata, v_keep(c, f));
        break;
    case ASL_SUB_ITEM_READER:
        v_item_reader(c, v, o->jsonata);
        break;
    case ASL_SUB_READER_CONFIG:
        v_reader_config(c, v, o->jsonata);
        break;
    case ASL_SUB_ITEM_BATCHER:
        v_item_batcher(c, v, o->jsonata);
        break;
    case ASL_SUB_RESULT_WRITER:
        v_result_writer(c, v, o->jsonata);
        break;
    case ASL_SUB_WRITER_CONFIG:
        v_object(c, v, ASL_OBJ_WRITER_CONFIG, o->jsonata);
        break;
    case ASL_SUB_ERROR_EQUALS:
        break; /* checked by v_handlers, which knows whether the entry is the last */
    case ASL_SUB_TRANSITION:
        v_transition(c, v);
        break;
    }
}

/* ------------------------------------------------------------------------------------ */
/* states                                                                                */

/* The state's query language, reporting a bad value or a JSONata -> JSONPath downgrade.
 * As on AWS, only the exact string "JSONPath" selects JSONPath; any other value is JSONata. */
static bool v_state_language(vctx *c, const jv *st, bool *downgraded)
{
    const jv *ql = jv_object_get(st, "QueryLanguage");
    *downgraded = false;
    if (!ql)
        return c->top_jsonata;
    bool says_jsonpath = jv_is_string(ql) && strcmp(jv_string_value(ql), "JSONPath") == 0;
    if (says_jsonpath && c->top_jsonata) {
        *downgraded = true;
        v_error(c, SCHEMA,
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state "
                "machine");
    }
    return !says_jsonpath;
}

/* Next / End on the state types that transition. */
static void v_next_end(vctx *c, const jv *st)
{
    const jv *end = jv_object_get(st, "End");
    bool has_next = v_has(st, "Next");
    bool end_true = end && jv_is_true(end);
    if (has_next && end_true)
        v_error(c, SCHEMA, "There should only be one of the following fields: [Next, End]");
    else if (!has_next && !end_true)
        v_error(c, SCHEMA, "This object should have only one of the following fields: [Next, End]");
}

/* A literal connection ARN: arn:PARTITION:events:REGION:ACCOUNT:connection/NAME[/ID]. */
static bool v_connection_arn(const char *s)
{
    const char *part[6];
    size_t len[6];
    for (int i = 0; i < 6; i++) {
        const char *end = i < 5 ? strchr(s, ':') : s + strlen(s);
        if (!end)
            return false;
        part[i] = s;
        len[i] = (size_t)(end - s);
        s = i < 5 ? end + 1 : end;
    }
    return len[0] == 3 && !memcmp(part[0], "arn", 3) && len[1] > 0 && len[2] == 6 &&
           !memcmp(part[2], "events", 6) && len[3] > 0 && len[4] > 0 && len[5] > 11 &&
           !memcmp(part[5], "connection/", 11) && part[5][11] != '/';
}

/* A field of an HTTP task's Parameters / Arguments given by a path or an expression (its
 * value is known only when the task runs). */
static bool v_dynamic(const jv *obj, const char *name, const jv *v)
{
    char key[64];
    snprintf(key, sizeof key, "%s.$", name);
    const char *s = v && jv_is_string(v) ? jv_string_value(v) : NULL;
    return v_has(obj, key) || (s && !strncmp(s, "{%", 2));
}

/* An HTTP task (arn:aws:states:::http:invoke) names its EventBridge connection:
 * Authentication.ConnectionArn, a connection ARN ("You must include the connection ARN in
 * any HTTP Task", AWS's guide; docs/semantics.md has the evidence and what is inferred). */
static void v_http_task(vctx *c, const jv *st)
{
    const char *field = v_has(st, "Arguments") ? "Arguments" : "Parameters";
    const jv *args = jv_object_get(st, field);
    if (args && !jv_is_object(args))
        return;   /* an expression, or a wrong type reported with the field */
    if (!args) {
        v_error(c, SCHEMA, "The field 'Parameters' is required but was missing");
        return;
    }
    v_push(c, field);
    /* the connection of a private API may come in InvocationConfig instead (sfdbg's HTTP
     * task reads both: docs/tasks.md) */
    const char *holder = !v_has(args, "Authentication") && !v_has(args, "Authentication.$") &&
                                 (v_has(args, "InvocationConfig") ||
                                  v_has(args, "InvocationConfig.$"))
                             ? "InvocationConfig"
                             : "Authentication";
    const jv *auth = jv_object_get(args, holder);
    if (!v_dynamic(args, holder, auth)) {
        if (!auth)
            v_error(c, SCHEMA, "The field 'Authentication' is required but was missing");
        else if (!jv_is_object(auth))
            v_error(c, SCHEMA, "The value for the '%s' field is not valid", holder);
        else {
            v_push(c, holder);
            const jv *arn = jv_object_get(auth, "ConnectionArn");
            if (v_dynamic(auth, "ConnectionArn", arn))
                ;
            else if (!arn)
                v_error(c, SCHEMA, "The field 'ConnectionArn' is required but was missing");
            else if (!jv_is_string(arn) || !v_connection_arn(jv_string_value(arn)))
                v_error(c, SCHEMA, "The value for the 'ConnectionArn' field is not valid");
            v_pop(c);
        }
    }
    v_pop(c);
}

static void v_task_extra(vctx *c, const jv *st)
{
    const jv *hb = jv_object_get(st, "HeartbeatSeconds");
    const jv *to = jv_object_get(st, "TimeoutSeconds");
    if (hb && to && jv_is_number(hb) && jv_is_number(to) &&
        jv_number_value(hb) >= jv_number_value(to)) {
        v_push(c, "HeartbeatSeconds");
        v_error(c, SCHEMA, "HeartbeatSeconds must be less than TimeoutSeconds");
        v_pop(c);
    }
    const char *resource = v_str(st, "Resource");
    asl_resource_info info;
    if (resource && v_has(st, "Credentials") &&
        asl_resource_parse(resource, &info) == ASL_RESOURCE_ACTIVITY) {
        v_push(c, "Credentials");
        v_error(c, SCHEMA, "The field 'Credentials' is not supported for activities");
        v_pop(c);
    }
    if (resource && asl_resource_parse(resource, &info) == ASL_RESOURCE_HTTP)
        v_http_task(c, st);
}

static asl_state_type v_state_type(vctx *c, const jv *st)
{
    static const char types_msg[] = "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]";
    const jv *type = jv_object_get(st, "Type");
    if (!type) {
        v_error(c, SCHEMA, "These fields are required: [Type]");
        return ASL_STATE_TYPE_INVALID;
    }
    asl_state_type t = jv_is_string(type) ? asl_schema_state_type(jv_string_value(type))
                                          : ASL_STATE_TYPE_INVALID;
    if (t == ASL_STATE_TYPE_INVALID) {
        v_push(c, "Type");
        v_error(c, SCHEMA, "The field 'Type' should have one of these values: %s", types_msg);
        v_pop(c);
    }
    return t;
}

/* Counts UTF-8 code points. */
static size_t v_utf8_length(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

static void v_state(vctx *c, const char *name, size_t namelen, const jv *st)
{
    size_t chars = v_utf8_length(name, namelen);
    if (chars == 0 || chars > 80)
        v_error(c, SCHEMA, "State name must be between 1 and 80 characters long");
    /* names travel through history events, messages and the screen as C strings: refused
     * rather than cut at the NUL (AWS's name rules exclude control characters too) */
    if (memchr(name, '\0', namelen))
        v_error(c, SCHEMA, "State name must not contain the character U+0000 (NUL)");
    if (!jv_is_object(st)) {
        v_type_error(c, ASL_V_OBJECT);
        return;
    }
    asl_state_type type = v_state_type(c, st);
    if (type == ASL_STATE_TYPE_INVALID)
        return;
    bool downgraded;
    vobj o = {ASL_OBJ_STATE, type, v_state_language(c, st, &downgraded), true};
    o.lang_checked = !downgraded; /* AWS reports only the downgrade for that state */
    v_fields(c, st, &o);
    v_required(c, st, asl_schema_required(ASL_OBJ_STATE, type));
    v_exclusives(c, st, &o);
    if (type == ASL_PASS || type == ASL_TASK || type == ASL_WAIT || type == ASL_PARALLEL ||
        type == ASL_MAP)
        v_next_end(c, st);
    if (type == ASL_TASK)
        v_task_extra(c, st);
}

static bool v_is_terminal(const jv *st)
{
    if (!jv_is_object(st))
        return false;
    const char *type = v_str(st, "Type");
    const jv *end = jv_object_get(st, "End");
    return (type && (strcmp(type, "Succeed") == 0 || strcmp(type, "Fail") == 0)) ||
           (end && jv_is_true(end));
}

/* ------------------------------------------------------------------------------------ */
/* containers: names, StartAt, terminal states, reachability                            */

/* Registers the container's names; reports names already used elsewhere in the machine. */
static void v_register_names(vctx *c, vbox *box)
{
    size_t n = jv_object_size(box->states);
    vmap_init(&box->names, n);
    for (size_t i = 0; i < n; i++) {
        const jv *key = jv_object_key_at(box->states, i);
        const char *k = jv_string_value(key);
        size_t klen = jv_string_length(key);
        vmap_add(&box->names, k, klen, i);
        if (!vmap_add(&c->all_names, k, klen, 0)) {
            char *name = v_name_text(k, klen);
            v_push_key(c, k, klen);
            v_error(c, DUPLICATE, "Duplicate State name: %s", name);
            v_pop(c);
            engine_free(name);
        }
    }
}

static void v_mark(const vbox *box, const jv *target, size_t *queue, size_t *tail, bool *seen)
{
    size_t idx;
    if (target && jv_is_string(target) &&
        vmap_get(&box->names, jv_string_value(target), jv_string_length(target), &idx) &&
        !seen[idx]) {
        seen[idx] = true;
        queue[(*tail)++] = idx;
    }
}

static void v_mark_array(const vbox *box, const jv *arr, size_t *queue, size_t *tail, bool *seen)
{
    for (size_t i = 0; arr && jv_is_array(arr) && i < jv_array_length(arr); i++) {
        const jv *e = jv_array_get(arr, i);
        if (jv_is_object(e))
            v_mark(box, jv_object_get(e, "Next"), queue, tail, seen);
    }
}

/* Breadth-first walk over Next, Default, Choices[].Next and Catch[].Next from StartAt;
 * reports every state it does not reach (the current path is the container). */
static void v_reachability(vctx *c, const vbox *box, size_t start)
{
    size_t n = jv_object_size(box->states), head = 0, tail = 0;
    size_t *queue = engine_malloc((n ? n : 1) * sizeof *queue);
    bool *seen = engine_calloc(n ? n : 1, sizeof *seen);
    seen[start] = true;
    queue[tail++] = start;
    while (head < tail) {
        const jv *st = jv_object_value_at(box->states, queue[head++]);
        if (!jv_is_object(st))
            continue;
        v_mark(box, jv_object_get(st, "Next"), queue, &tail, seen);
        v_mark(box, jv_object_get(st, "Default"), queue, &tail, seen);
        v_mark_array(box, jv_object_get(st, "Choices"), queue, &tail, seen);
        v_mark_array(box, jv_object_get(st, "Catch"), queue, &tail, seen);
    }
    v_push(c, "States");
    for (size_t i = 0; i < n; i++) {
        if (seen[i])
            continue;
        const jv *key = jv_object_key_at(box->states, i);
        char *name = v_name_text(jv_string_value(key), jv_string_length(key));
        v_push_key(c, jv_string_value(key), jv_string_length(key));
        v_error(c, MISSING_TARGET, "State \"%s\" is not reachable.", name);
        v_pop(c);
        engine_free(name);
    }
    v_pop(c);
    engine_free(queue);
    engine_free(seen);
}

/* The graph checks of one container, after its states were checked. */
static void v_graph(vctx *c, const jv *owner, const vbox *box, bool top)
{
    const jv *start = jv_object_get(owner, "StartAt");
    size_t start_idx = 0;
    bool start_ok = start && jv_is_string(start) &&
                    vmap_get(&box->names, jv_string_value(start), jv_string_length(start),
                             &start_idx);
    if (start && jv_is_string(start) && !start_ok) {
        char *name = v_name_text(jv_string_value(start), jv_string_length(start));
        v_push(c, "StartAt");
        v_error(c, MISSING_TARGET, "Missing 'Next' target: %s", name);
        v_pop(c);
        engine_free(name);
    }
    bool terminal = false;
    for (size_t i = 0; i < jv_object_size(box->states) && !terminal; i++)
        terminal = v_is_terminal(jv_object_value_at(box->states, i));
    if (top && !terminal) {
        /* AWS gives no location, and no reachability report on top of it */
        v_push(c, "States");
        v_error_up(c, V_NO_LOCATION, MISSING_END, "Workflow has no terminal state");
        v_pop(c);
        return;
    }
    if (start_ok)
        v_reachability(c, box, start_idx);
}

/* A state machine, a Parallel branch or a Map processor: its own fields, then its states,
 * then its graph. The current path is the owner object. */
static void v_container(vctx *c, const jv *owner, asl_object_kind kind)
{
    v_object(c, owner, kind, c->top_jsonata);
    const jv *states = jv_object_get(owner, "States");
    if (!states || !jv_is_object(states))
        return;
    vbox box = {states, {0}};
    vbox *outer = c->box;
    v_push(c, "States");
    v_register_names(c, &box);
    c->box = &box;
    for (size_t i = 0; i < jv_object_size(states); i++) {
        const jv *key = jv_object_key_at(states, i);
        v_push_key(c, jv_string_value(key), jv_string_length(key));
        v_state(c, jv_string_value(key), jv_string_length(key), jv_object_value_at(states, i));
        v_pop(c);
    }
    c->box = outer;
    v_pop(c);
    v_graph(c, owner, &box, kind == ASL_OBJ_ROOT);
    vmap_cleanup(&box.names);
}

/* ------------------------------------------------------------------------------------ */
/* entry point                                                                           */

static bool v_blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            return false;
    return true;
}

static void v_resolve_positions(vctx *c, const char *text, size_t len)
{
    jsonloc *loc = jsonloc_new(text, len);
    for (size_t i = 0; i < c->nlocate; i++) {
        asl_diag *g = &c->out->items[c->first + i];
        size_t off = 0;
        /* a member that cannot be found (it should not happen) falls back to the document */
        if (!jsonloc_find(loc, c->locate[i], &off))
            jsonloc_find(loc, "", &off);
        jsonloc_position(loc, off, &g->line, &g->column);
        engine_free(c->locate[i]);
    }
    jsonloc_free(loc);
}

static void v_root(vctx *c, const jv *root)
{
    const jv *ql = jv_object_get(root, "QueryLanguage");
    c->top_jsonata = ql && !(jv_is_string(ql) && strcmp(jv_string_value(ql), "JSONPath") == 0);
    vmap_init(&c->all_names, 64);
    v_container(c, root, ASL_OBJ_ROOT);
    vmap_cleanup(&c->all_names);
}

static jv *v_text(const char *text, size_t len, const asl_validate_options *opts,
                  asl_diags *out, asl_compiled *keep)
{
    vctx c;
    memset(&c, 0, sizeof c);
    c.keep = keep;
    c.express = opts && opts->express;
    c.out = out;
    c.first = out->len;
    jv *root = NULL;
    if (v_blank(text, len)) {
        v_error_up(&c, V_NO_LOCATION, SCHEMA, "Definition must be a valid JSON object");
    } else {
        /* jv_parse runs the strict checker (jsonloc_check_syntax): the exact position, in
         * the words of AWS's parser, and what cJSON alone would tolerate is refused */
        jv_parse_error err;
        root = jv_parse(text, len, 0, &err);
        if (!root) {
            asl_diag *g = asl_diags_add_take(out, ASL_DIAG_ERROR, INVALID_JSON,
                                             engine_strdup(err.message), engine_strdup(""));
            g->line = err.line;
            g->column = err.column;
            return NULL;
        }
        if (!jv_is_object(root))
            v_error_up(&c, V_NO_LOCATION, SCHEMA, "Definition must be a valid JSON object");
        else
            v_root(&c, root);
    }
    v_resolve_positions(&c, text, len);
    engine_free(c.locate);
    engine_free(c.path);
    return root;
}

jv *asl_validate_text(const char *text, size_t len, const asl_validate_options *opts,
                      asl_diags *out)
{
    const engine_allocator *previous = engine_alloc_enter(opts ? opts->alloc : NULL);
    jv *root = v_text(text, len, opts, out, NULL);
    engine_alloc_leave(previous);
    return root;
}

jv *asl_validate_text_keep(const char *text, size_t len, const asl_validate_options *opts,
                           asl_diags *out, asl_compiled *keep)
{
    return v_text(text, len, opts, out, keep);
}
