/*
 * template — payload templates, compiled once and evaluated per state visit. See template.h.
 *
 * Compiling turns the template into a tree of nodes: a subtree with no `.$` key anywhere is
 * one literal node holding a reference to the template's own value, so evaluation shares it
 * instead of copying; objects with dynamic members and arrays holding such objects become
 * object/array nodes; each `key.$` member becomes a path or call node.
 */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intrinsic.h"
#include "jsonpath.h"
#include "strbuf.h"

typedef enum { TN_LITERAL, TN_OBJECT, TN_ARRAY, TN_PATH, TN_CALL } tnode_kind;

typedef struct tnode tnode;

typedef struct {
    char *key;     /* output key (`.$` removed) */
    size_t keylen;
    char *field;   /* the key as written, for messages: "value.$" */
    tnode *node;
} tmember;

struct tnode {
    tnode_kind kind;
    jv *lit;           /* TN_LITERAL */
    size_t n;          /* TN_OBJECT members / TN_ARRAY items */
    tmember *members;
    tnode **items;
    jsonpath *path;    /* TN_PATH */
    intrinsic *call;   /* TN_CALL */
};

struct payload_template {
    tnode *root;
};

static void tnode_free(tnode *t)
{
    if (!t)
        return;
    jv_unref(t->lit);
    for (size_t i = 0; t->members && i < t->n; i++) {
        engine_free(t->members[i].key);
        engine_free(t->members[i].field);
        tnode_free(t->members[i].node);
    }
    engine_free(t->members);
    for (size_t i = 0; t->items && i < t->n; i++)
        tnode_free(t->items[i]);
    engine_free(t->items);
    jsonpath_free(t->path);
    intrinsic_free(t->call);
    engine_free(t);
}

void template_free(payload_template *t)
{
    if (!t)
        return;
    tnode_free(t->root);
    engine_free(t);
}

/* ---- compiling ---- */

static bool is_dynamic_key(const jv *key)
{
    size_t n = jv_string_length(key);
    return n >= 2 && memcmp(jv_string_value(key) + n - 2, ".$", 2) == 0;
}

/* Does this subtree hold a `.$` key anywhere? (If not, it is copied as one literal.) */
static bool has_dynamic(const jv *v)
{
    if (jv_is_object(v)) {
        for (size_t i = 0; i < jv_object_size(v); i++)
            if (is_dynamic_key(jv_object_key_at(v, i)) || has_dynamic(jv_object_value_at(v, i)))
                return true;
    } else if (jv_is_array(v)) {
        for (size_t i = 0; i < jv_array_length(v); i++)
            if (has_dynamic(jv_array_get(v, i)))
                return true;
    }
    return false;
}

/* Appends "/token" to a JSON Pointer, escaping ~ and / (RFC 6901). */
static void pointer_push(strbuf *ptr, const char *tok, size_t n)
{
    strbuf_putc(ptr, '/');
    for (size_t i = 0; i < n; i++) {
        if (tok[i] == '~')
            strbuf_puts(ptr, "~0");
        else if (tok[i] == '/')
            strbuf_puts(ptr, "~1");
        else
            strbuf_putc(ptr, tok[i]);
    }
}

static bool compile_error(template_error *err, const strbuf *ptr, const jv *key)
{
    if (err) {
        snprintf(err->pointer, sizeof err->pointer, "%s", strbuf_str(ptr));
        snprintf(err->message, sizeof err->message,
                 "The value for the field '%s' must be a valid JSONPath or a valid intrinsic "
                 "function call",
                 jv_string_value(key));
    }
    return false;
}

static tnode *tnode_new(tnode_kind kind)
{
    tnode *t = engine_calloc(1, sizeof *t);
    t->kind = kind;
    return t;
}

static tnode *compile_node(const jv *v, strbuf *ptr, template_error *err);

/* A `key.$` member: its value must be a path or an intrinsic call. */
static tnode *compile_dynamic(const jv *key, const jv *val, strbuf *ptr, template_error *err)
{
    const char *text = jv_is_string(val) ? jv_string_value(val) : NULL;
    tnode *t = NULL;
    size_t len = text ? jv_string_length(val) : 0;
    if (text && text[0] == '$') {
        t = tnode_new(TN_PATH);
        t->path = jsonpath_compile_n(text, len, NULL);
    } else if (text && intrinsic_looks_like_call(text)) {
        t = tnode_new(TN_CALL);
        t->call = intrinsic_compile_n(text, len, NULL);
    }
    if (!t || (!t->path && !t->call)) {
        tnode_free(t);
        compile_error(err, ptr, key);
        return NULL;
    }
    return t;
}

static tnode *compile_object(const jv *v, strbuf *ptr, template_error *err)
{
    tnode *t = tnode_new(TN_OBJECT);
    size_t n = jv_object_size(v);
    t->members = engine_calloc(n ? n : 1, sizeof(tmember));
    for (size_t i = 0; i < n; i++) {
        const jv *key = jv_object_key_at(v, i);
        const jv *val = jv_object_value_at(v, i);
        size_t mark = ptr->len, klen = jv_string_length(key);
        pointer_push(ptr, jv_string_value(key), klen);
        tmember *m = &t->members[t->n++];
        bool dynamic = is_dynamic_key(key);
        m->keylen = dynamic ? klen - 2 : klen;
        m->key = engine_malloc(m->keylen + 1);
        memcpy(m->key, jv_string_value(key), m->keylen);
        m->key[m->keylen] = '\0';
        m->field = engine_strdup(jv_string_value(key));
        m->node = dynamic ? compile_dynamic(key, val, ptr, err) : compile_node(val, ptr, err);
        ptr->len = mark;
        ptr->buf[mark] = '\0';
        if (!m->node) {
            tnode_free(t);
            return NULL;
        }
    }
    return t;
}

static tnode *compile_array(const jv *v, strbuf *ptr, template_error *err)
{
    tnode *t = tnode_new(TN_ARRAY);
    size_t n = jv_array_length(v);
    t->items = engine_calloc(n ? n : 1, sizeof(tnode *));
    for (size_t i = 0; i < n; i++) {
        size_t mark = ptr->len;
        char idx[32];
        int len = snprintf(idx, sizeof idx, "%zu", i);
        pointer_push(ptr, idx, (size_t)len);
        t->items[t->n++] = compile_node(jv_array_get(v, i), ptr, err);
        ptr->len = mark;
        ptr->buf[mark] = '\0';
        if (!t->items[i]) {
            tnode_free(t);
            return NULL;
        }
    }
    return t;
}

static tnode *compile_node(const jv *v, strbuf *ptr, template_error *err)
{
    if (!has_dynamic(v)) {
        tnode *t = tnode_new(TN_LITERAL);
        t->lit = jv_ref(v);
        return t;
    }
    return jv_is_object(v) ? compile_object(v, ptr, err) : compile_array(v, ptr, err);
}

payload_template *template_compile(const jv *tmpl, template_error *err)
{
    strbuf ptr;
    strbuf_init(&ptr, 0);
    strbuf_puts(&ptr, ""); /* never NULL below */
    tnode *root = compile_node(tmpl, &ptr, err);
    strbuf_cleanup(&ptr);
    if (!root)
        return NULL;
    payload_template *t = engine_calloc(1, sizeof *t);
    t->root = root;
    return t;
}

/* ---- evaluating ---- */

static jv *eval_node(const tnode *t, const eval_env *env, const char *field, asl_error *err)
{
    switch (t->kind) {
    case TN_LITERAL: return jv_ref(t->lit);
    case TN_PATH: return jsonpath_eval_field(t->path, env, field, err);
    case TN_CALL: return intrinsic_eval(t->call, env, field, err);
    case TN_OBJECT: {
        jv *o = jv_object();
        for (size_t i = 0; i < t->n; i++) {
            const tmember *m = &t->members[i];
            jv *v = eval_node(m->node, env, m->field, err);
            if (!v) {
                jv_unref(o);
                return NULL;
            }
            o = jv_object_set_n_take(o, m->key, m->keylen, v);
        }
        return o;
    }
    case TN_ARRAY: {
        jv *a = jv_array();
        for (size_t i = 0; i < t->n; i++) {
            jv *v = eval_node(t->items[i], env, field, err);
            if (!v) {
                jv_unref(a);
                return NULL;
            }
            a = jv_array_append_take(a, v);
        }
        return a;
    }
    }
    return NULL;
}

jv *template_eval(const payload_template *t, const eval_env *env, asl_error *err)
{
    return eval_node(t->root, env, "", err);
}
