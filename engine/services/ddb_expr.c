/* ddb_expr — DynamoDB expressions: the lexer and the recursive-descent parser. */
#include "services/ddb_expr_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services/ddb_reserved.h"
#include "services/ddb_value.h"

typedef enum {
    T_EOF, T_IDENT, T_NAME, T_VALUE, T_NUM, T_LPAREN, T_RPAREN, T_COMMA, T_DOT, T_LBRACK,
    T_RBRACK, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS, T_BAD
} tok_kind;

typedef struct {
    const char *text;
    size_t pos, len;
    tok_kind tok;
    size_t tstart, tlen, prev_start;
    ddb_expr_env *env;
    ddb_expr *expr;
    const char *label;
    int depth;
    bool failed;
    char *err;
    size_t errlen;
} parser;

static void fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "Invalid %s: %s", p->label, msg);
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static void next(parser *p)
{
    p->prev_start = p->tstart;
    while (p->pos < p->len && isspace((unsigned char)p->text[p->pos]))
        p->pos++;
    p->tstart = p->pos;
    if (p->pos >= p->len) {
        p->tok = T_EOF;
        p->tlen = 0;
        return;
    }
    char c = p->text[p->pos], d = p->pos + 1 < p->len ? p->text[p->pos + 1] : '\0';
    static const char singles[] = "(),.[]=+-";
    static const tok_kind single_kinds[] = {T_LPAREN, T_RPAREN, T_COMMA, T_DOT, T_LBRACK,
                                            T_RBRACK, T_EQ, T_PLUS, T_MINUS};
    const char *s = strchr(singles, c);
    if (c == '<' && (d == '>' || d == '=')) {
        p->tok = d == '>' ? T_NE : T_LE;
        p->pos += 2;
    } else if (c == '>' && d == '=') {
        p->tok = T_GE;
        p->pos += 2;
    } else if (c == '<' || c == '>') {
        p->tok = c == '<' ? T_LT : T_GT;
        p->pos++;
    } else if (s && c) {
        p->tok = single_kinds[s - singles];
        p->pos++;
    } else if (c == '#' || c == ':') {
        p->pos++;
        while (p->pos < p->len && ident_char(p->text[p->pos]))
            p->pos++;
        p->tok = p->pos - p->tstart > 1 ? (c == '#' ? T_NAME : T_VALUE) : T_BAD;
    } else if (isdigit((unsigned char)c)) {
        while (p->pos < p->len && isdigit((unsigned char)p->text[p->pos]))
            p->pos++;
        p->tok = T_NUM;
    } else if (ident_char(c)) {
        while (p->pos < p->len && ident_char(p->text[p->pos]))
            p->pos++;
        p->tok = T_IDENT;
    } else {
        p->pos++;
        p->tok = T_BAD;
    }
    p->tlen = p->pos - p->tstart;
}

static void syntax_error(parser *p)
{
    size_t from = p->prev_start < p->tstart ? p->prev_start : p->tstart;
    if (p->tok == T_EOF)
        fail(p, "Syntax error; token: \"<EOF>\", near: \"%.*s\"", (int)(p->len - from),
             p->text + from);
    else
        fail(p, "Syntax error; token: \"%.*s\", near: \"%.*s\"", (int)p->tlen, p->text + p->tstart,
             (int)(p->tstart + p->tlen - from), p->text + from);
}

static bool accept(parser *p, tok_kind k)
{
    if (p->failed || p->tok != k)
        return false;
    next(p);
    return true;
}

static bool expect(parser *p, tok_kind k)
{
    if (accept(p, k))
        return true;
    syntax_error(p);
    return false;
}

static bool is_keyword(const parser *p, const char *word)
{
    return p->tok == T_IDENT && strlen(word) == p->tlen &&
           !strncasecmp(p->text + p->tstart, word, p->tlen);
}

static ddb_node *node_new(parser *p, ddb_node_kind kind)
{
    ddb_expr *e = p->expr;
    if (e->nnodes == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 16;
        e->nodes = engine_realloc(e->nodes, e->cap * sizeof *e->nodes);
    }
    ddb_node *n = engine_calloc(1, sizeof *n);
    n->kind = kind;
    e->nodes[e->nnodes++] = n;
    return n;
}

static void node_add(ddb_node *n, ddb_node *kid)
{
    n->kids = engine_realloc(n->kids, (n->nkids + 1) * sizeof *n->kids);
    n->kids[n->nkids++] = kid;
}

/* The index of key in obj (marking it used), or -1. */
static long env_lookup(const jv *obj, const char *key, size_t len, bool *used)
{
    for (size_t i = 0; obj && jv_is_object(obj) && i < jv_object_size(obj); i++) {
        const jv *k = jv_object_key_at(obj, i);
        if (jv_string_length(k) == len && !memcmp(jv_string_value(k), key, len)) {
            if (used)
                used[i] = true;
            return (long)i;
        }
    }
    return -1;
}

static void path_add(ddb_path *path, char *name, long index)
{
    path->elems = engine_realloc(path->elems, (path->count + 1) * sizeof *path->elems);
    path->elems[path->count++] = (ddb_elem){name, index};
}

/* One name of a path: an identifier (not reserved) or #name. */
static char *path_name(parser *p)
{
    const char *s = p->text + p->tstart;
    size_t n = p->tlen;
    if (p->tok == T_IDENT) {
        if (ddb_reserved_word(s, n)) {
            fail(p, "Attribute name is a reserved keyword; reserved keyword: %.*s", (int)n, s);
            return NULL;
        }
        if (isdigit((unsigned char)s[0])) {
            syntax_error(p);
            return NULL;
        }
        next(p);
        return engine_strndup(s, n);
    }
    if (p->tok == T_NAME) {
        long i = env_lookup(p->env->names, s, n, p->env->names_used);
        const jv *v = i >= 0 ? jv_object_value_at(p->env->names, (size_t)i) : NULL;
        if (!v || !jv_is_string(v)) {
            fail(p, "An expression attribute name used in the document path is not defined; "
                 "attribute name: %.*s", (int)n, s);
            return NULL;
        }
        next(p);
        return engine_strdup(jv_string_value(v));
    }
    syntax_error(p);
    return NULL;
}

static bool parse_path(parser *p, ddb_path *path)
{
    char *name = path_name(p);
    if (!name)
        return false;
    path_add(path, name, 0);
    for (;;) {
        if (accept(p, T_DOT)) {
            if (!(name = path_name(p)))
                return false;
            path_add(path, name, 0);
        } else if (accept(p, T_LBRACK)) {
            if (p->tok != T_NUM || p->tlen > 9) {
                syntax_error(p);
                return false;
            }
            long idx = strtol(p->text + p->tstart, NULL, 10);
            next(p);
            path_add(path, NULL, idx);
            if (!expect(p, T_RBRACK))
                return false;
        } else {
            return !p->failed;
        }
    }
}

static ddb_node *parse_value(parser *p)
{
    const char *s = p->text + p->tstart;
    size_t n = p->tlen;
    long i = env_lookup(p->env->values, s, n, p->env->values_used);
    if (i < 0) {
        fail(p, "An expression attribute value used in expression is not defined; attribute "
             "value: %.*s", (int)n, s);
        return NULL;
    }
    const jv *v = jv_object_value_at(p->env->values, (size_t)i);
    char msg[256];
    if (!ddb_value_check(v, msg, sizeof msg)) {
        fail(p, "ExpressionAttributeValues contains invalid value: %s for key %.*s", msg, (int)n, s);
        return NULL;
    }
    next(p);
    ddb_node *node = node_new(p, DDB_N_VALUE);
    node->value = jv_ref(v);
    return node;
}

static bool enter(parser *p)
{
    if (++p->depth > DDB_EXPR_MAX_DEPTH) {
        fail(p, "The expression is nested too deeply (at most %d levels)", DDB_EXPR_MAX_DEPTH);
        return false;
    }
    return true;
}

typedef struct {
    const char *name;
    ddb_node_kind kind;
    size_t args;
    bool condition;   /* a condition function (not an operand) */
    bool update;      /* allowed in SET values */
} ddb_function;

static const ddb_function functions[] = {
    {"attribute_exists", DDB_N_EXISTS, 1, true, false},
    {"attribute_not_exists", DDB_N_NOT_EXISTS, 1, true, false},
    {"attribute_type", DDB_N_TYPE, 2, true, false},
    {"begins_with", DDB_N_BEGINS, 2, true, false},
    {"contains", DDB_N_CONTAINS, 2, true, false},
    {"size", DDB_N_SIZE, 1, false, false},
    {"if_not_exists", DDB_N_IF_NOT_EXISTS, 2, false, true},
    {"list_append", DDB_N_LIST_APPEND, 2, false, true},
};

static const ddb_function *function_named(const parser *p)
{
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        if (strlen(functions[i].name) == p->tlen &&
            !memcmp(functions[i].name, p->text + p->tstart, p->tlen))
            return &functions[i];
    return NULL;
}

static ddb_node *parse_operand(parser *p, bool update);

/* name(args...): the name is the current token, '(' follows. */
static ddb_node *parse_function(parser *p, bool update, bool want_condition)
{
    const ddb_function *f = function_named(p);
    if (!f || f->condition != want_condition || (f->update && !update) ||
        (update && !f->update)) {
        fail(p, "Invalid function name; function: %.*s", (int)p->tlen, p->text + p->tstart);
        return NULL;
    }
    next(p);
    expect(p, T_LPAREN);
    ddb_node *n = node_new(p, f->kind);
    size_t count = 0;
    while (!p->failed && p->tok != T_RPAREN) {
        if (count && !expect(p, T_COMMA))
            return NULL;
        ddb_node *arg = parse_operand(p, update);
        if (!arg)
            return NULL;
        node_add(n, arg);
        count++;
    }
    if (!expect(p, T_RPAREN))
        return NULL;
    if (count != f->args) {
        fail(p, "Incorrect number of operands for operator or function; operator or function: %s, "
             "number of operands: %zu", f->name, count);
        return NULL;
    }
    bool first_path = n->kids[0]->kind == DDB_N_PATH;
    if ((f->kind != DDB_N_LIST_APPEND) && !first_path) {
        fail(p, "Operator or function requires a document path; operator or function: %s",
             f->name);
        return NULL;
    }
    if (first_path)
        n->path = n->kids[0]->path;
    if (f->kind == DDB_N_TYPE) {
        const jv *t = n->kids[1]->value;
        if (!t || ddb_type_of(t) != DDB_S ||
            ddb_type_named(jv_string_value(ddb_payload(t))) == DDB_BAD) {
            fail(p, "Invalid attribute type name found; type: %s, valid types: "
                 "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
                 t && ddb_type_of(t) == DDB_S ? jv_string_value(ddb_payload(t)) : "?");
            return NULL;
        }
    }
    return n;
}

static ddb_node *parse_operand(parser *p, bool update)
{
    if (p->failed || !enter(p))
        return NULL;
    ddb_node *n = NULL;
    if (p->tok == T_VALUE) {
        n = parse_value(p);
    } else if (p->tok == T_IDENT && p->pos < p->len &&
               p->text[p->pos + strspn(p->text + p->pos, " \t\r\n")] == '(') {
        n = parse_function(p, update, false);
    } else if (p->tok == T_IDENT || p->tok == T_NAME) {
        n = node_new(p, DDB_N_PATH);
        if (!parse_path(p, &n->path))
            n = NULL;
    } else {
        syntax_error(p);
    }
    p->depth--;
    return n;
}

static ddb_node *parse_or(parser *p);

static bool comparator(tok_kind t, ddb_cmp_op *op)
{
    static const tok_kind toks[] = {T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE};
    for (int i = 0; i < 6; i++)
        if (toks[i] == t) {
            *op = (ddb_cmp_op)i;
            return true;
        }
    return false;
}

static ddb_node *parse_comparison(parser *p)
{
    ddb_node *left = parse_operand(p, false);
    if (!left)
        return NULL;
    ddb_cmp_op op;
    if (comparator(p->tok, &op)) {
        next(p);
        ddb_node *n = node_new(p, DDB_N_CMP);
        n->op = op;
        node_add(n, left);
        ddb_node *right = parse_operand(p, false);
        if (!right)
            return NULL;
        node_add(n, right);
        return n;
    }
    if (is_keyword(p, "BETWEEN")) {
        next(p);
        ddb_node *n = node_new(p, DDB_N_BETWEEN), *lo, *hi;
        node_add(n, left);
        if (!(lo = parse_operand(p, false)))
            return NULL;
        if (!is_keyword(p, "AND")) {
            syntax_error(p);
            return NULL;
        }
        next(p);
        if (!(hi = parse_operand(p, false)))
            return NULL;
        node_add(n, lo);
        node_add(n, hi);
        return n;
    }
    if (is_keyword(p, "IN")) {
        next(p);
        ddb_node *n = node_new(p, DDB_N_IN);
        node_add(n, left);
        if (!expect(p, T_LPAREN))
            return NULL;
        do {
            ddb_node *v = parse_operand(p, false);
            if (!v)
                return NULL;
            if (n->nkids > 100) {
                fail(p, "The IN operator is provided with too many operands; number of operands: "
                     "%zu", n->nkids);
                return NULL;
            }
            node_add(n, v);
        } while (accept(p, T_COMMA));
        return expect(p, T_RPAREN) ? n : NULL;
    }
    syntax_error(p);
    return NULL;
}

static ddb_node *parse_primary(parser *p)
{
    if (p->failed || !enter(p))
        return NULL;
    ddb_node *n = NULL;
    if (accept(p, T_LPAREN)) {
        n = parse_or(p);
        if (n && !expect(p, T_RPAREN))
            n = NULL;
    } else if (is_keyword(p, "NOT")) {
        next(p);
        ddb_node *kid = parse_primary(p);
        if (kid) {
            n = node_new(p, DDB_N_NOT);
            node_add(n, kid);
        }
    } else if (p->tok == T_IDENT && function_named(p) && function_named(p)->condition) {
        n = parse_function(p, false, true);
    } else {
        n = parse_comparison(p);
    }
    p->depth--;
    return n;
}

static ddb_node *parse_binary(parser *p, const char *word, ddb_node_kind kind)
{
    ddb_node *left = kind == DDB_N_OR ? parse_binary(p, "AND", DDB_N_AND) : parse_primary(p);
    while (left && is_keyword(p, word)) {
        next(p);
        ddb_node *right = kind == DDB_N_OR ? parse_binary(p, "AND", DDB_N_AND) : parse_primary(p);
        if (!right)
            return NULL;
        ddb_node *n = node_new(p, kind);
        node_add(n, left);
        node_add(n, right);
        left = n;
    }
    return left;
}

static ddb_node *parse_or(parser *p)
{
    if (!enter(p))
        return NULL;
    ddb_node *n = parse_binary(p, "OR", DDB_N_OR);
    p->depth--;
    return n;
}

/* ---- update expressions ---- */

static ddb_action *action_new(parser *p, ddb_act_kind kind)
{
    ddb_expr *e = p->expr;
    e->actions = engine_realloc(e->actions, (e->nactions + 1) * sizeof *e->actions);
    ddb_action *a = &e->actions[e->nactions++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    return a;
}

static bool parse_set_action(parser *p)
{
    ddb_action *a = action_new(p, DDB_ACT_SET);
    if (!parse_path(p, &a->path) || !expect(p, T_EQ))
        return false;
    ddb_node *v = parse_operand(p, true);
    if (v && (p->tok == T_PLUS || p->tok == T_MINUS)) {
        ddb_node *n = node_new(p, p->tok == T_PLUS ? DDB_N_PLUS : DDB_N_MINUS);
        next(p);
        node_add(n, v);
        ddb_node *r = parse_operand(p, true);
        if (!r)
            return false;
        node_add(n, r);
        v = n;
    }
    p->expr->actions[p->expr->nactions - 1].value = v;
    return v != NULL;
}

static bool parse_clause_action(parser *p, ddb_act_kind kind)
{
    if (kind == DDB_ACT_SET)
        return parse_set_action(p);
    ddb_action *a = action_new(p, kind);
    if (!parse_path(p, &a->path))
        return false;
    if (kind == DDB_ACT_REMOVE)
        return true;
    if (p->tok != T_VALUE) {
        syntax_error(p);
        return false;
    }
    ddb_node *v = parse_value(p);
    p->expr->actions[p->expr->nactions - 1].value = v;
    return v != NULL;
}

static bool path_prefix(const ddb_path *a, const ddb_path *b)
{
    size_t n = a->count < b->count ? a->count : b->count;
    for (size_t i = 0; i < n; i++) {
        const ddb_elem *x = &a->elems[i], *y = &b->elems[i];
        if ((x->name == NULL) != (y->name == NULL) ||
            (x->name ? strcmp(x->name, y->name) != 0 : x->index != y->index))
            return false;
    }
    return true;
}

static void path_text(const ddb_path *path, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < path->count && used < n; i++) {
        const ddb_elem *e = &path->elems[i];
        int w = e->name ? snprintf(buf + used, n - used, "%s%s", i ? ", " : "", e->name)
                        : snprintf(buf + used, n - used, "%s[%ld]", i ? ", " : "", e->index);
        used += w > 0 ? (size_t)w : 0;
    }
}

static void check_overlaps(parser *p)
{
    ddb_expr *e = p->expr;
    for (size_t i = 0; i < e->nactions && !p->failed; i++)
        for (size_t j = i + 1; j < e->nactions && !p->failed; j++)
            if (path_prefix(&e->actions[i].path, &e->actions[j].path)) {
                char one[256], two[256];
                path_text(&e->actions[i].path, one, sizeof one);
                path_text(&e->actions[j].path, two, sizeof two);
                fail(p, "Two document paths overlap with each other; must remove or rewrite one "
                     "of these paths; path one: [%s], path two: [%s]", one, two);
            }
}

static void parse_update(parser *p)
{
    static const char *const words[] = {"SET", "REMOVE", "ADD", "DELETE"};
    bool seen[4] = {false};
    if (p->tok == T_EOF)
        syntax_error(p);
    while (!p->failed && p->tok != T_EOF) {
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (is_keyword(p, words[i]))
                k = i;
        if (k < 0) {
            syntax_error(p);
            return;
        }
        if (seen[k]) {
            fail(p, "The \"%s\" section can only be used once in an update expression;",
                 words[k]);
            return;
        }
        seen[k] = true;
        next(p);
        do {
            if (!parse_clause_action(p, (ddb_act_kind)k))
                return;
        } while (accept(p, T_COMMA));
    }
    check_overlaps(p);
}

static void parse_projection(parser *p)
{
    ddb_expr *e = p->expr;
    do {
        e->paths = engine_realloc(e->paths, (e->npaths + 1) * sizeof *e->paths);
        ddb_path *path = &e->paths[e->npaths++];
        memset(path, 0, sizeof *path);
        if (!parse_path(p, path))
            return;
    } while (accept(p, T_COMMA));
    if (p->tok != T_EOF)
        syntax_error(p);
}

ddb_expr *ddb_expr_parse(ddb_expr_kind kind, const char *label, const char *text,
                         ddb_expr_env *env, char *err, size_t n)
{
    ddb_expr *e = engine_calloc(1, sizeof *e);
    e->kind = kind;
    parser p = {text, 0, strlen(text), T_EOF, 0, 0, 0, env, e, label, 0, false, err, n};
    if (p.len > DDB_EXPR_MAX_LEN) {
        fail(&p, "Expression size has exceeded the maximum allowed size; expression size: %zu",
             p.len);
    } else if (strspn(text, " \t\r\n") == p.len) {
        fail(&p, "The expression can not be empty;");
    } else {
        next(&p);
        if (kind == DDB_EXPR_CONDITION) {
            e->root = parse_or(&p);
            if (e->root && p.tok != T_EOF)
                syntax_error(&p);
        } else if (kind == DDB_EXPR_UPDATE) {
            parse_update(&p);
        } else {
            parse_projection(&p);
        }
    }
    if (p.failed) {
        ddb_expr_free(e);
        return NULL;
    }
    return e;
}

static void path_free(ddb_path *path)
{
    for (size_t i = 0; i < path->count; i++)
        engine_free(path->elems[i].name);
    engine_free(path->elems);
}

void ddb_expr_free(ddb_expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nnodes; i++) {
        ddb_node *n = e->nodes[i];
        if (n->kind == DDB_N_PATH)
            path_free(&n->path);
        jv_unref(n->value);
        engine_free(n->kids);
        engine_free(n);
    }
    engine_free(e->nodes);
    for (size_t i = 0; i < e->nactions; i++)
        path_free(&e->actions[i].path);
    engine_free(e->actions);
    for (size_t i = 0; i < e->npaths; i++)
        path_free(&e->paths[i]);
    engine_free(e->paths);
    engine_free(e);
}

size_t ddb_update_target_count(const ddb_expr *e)
{
    return e->nactions;
}

const char *ddb_update_target(const ddb_expr *e, size_t i)
{
    return e->actions[i].path.elems[0].name;
}
