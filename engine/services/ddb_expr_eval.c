/* ddb_expr_eval — DynamoDB expressions evaluated on items (immutable jv values). */
#include "services/ddb_expr_internal.h"

#include <stdio.h>
#include <string.h>

#include "services/ddb_number.h"
#include "services/ddb_value.h"

/* The member of av (an M or an L) that elem names, or NULL. */
static const jv *elem_get(const jv *av, const ddb_elem *e)
{
    ddb_type t = ddb_type_of(av);
    if (e->name)
        return t == DDB_M ? jv_object_get(ddb_payload(av), e->name) : NULL;
    return t == DDB_L ? jv_array_get(ddb_payload(av), (size_t)e->index) : NULL;
}

const jv *ddb_path_get(const jv *item, const ddb_path *p)
{
    if (!item || !p->count || !p->elems[0].name)
        return NULL;
    const jv *v = jv_object_get(item, p->elems[0].name);
    for (size_t i = 1; v && i < p->count; i++)
        v = elem_get(v, &p->elems[i]);
    return v;
}

/* size(): a number for S, B, sets, L and M; NULL for the rest. */
static jv *size_of(const jv *v)
{
    if (!v)
        return NULL;
    const jv *x = ddb_payload(v);
    switch (ddb_type_of(v)) {
    case DDB_S:
    case DDB_B: return ddb_number_value((double)jv_string_length(x));
    case DDB_L:
    case DDB_SS:
    case DDB_NS:
    case DDB_BS: return ddb_number_value((double)jv_array_length(x));
    case DDB_M: return ddb_number_value((double)jv_object_size(x));
    default: return NULL;
    }
}

/* A condition operand's value (owned), or NULL when it has none. */
static jv *operand(const ddb_node *n, const jv *item)
{
    switch (n->kind) {
    case DDB_N_VALUE: return jv_ref(n->value);
    case DDB_N_PATH: return jv_ref(ddb_path_get(item, &n->path));
    case DDB_N_SIZE: return size_of(ddb_path_get(item, &n->path));
    default: return NULL;
    }
}

static bool compare(ddb_cmp_op op, const jv *a, const jv *b)
{
    if (op == DDB_OP_EQ)
        return a && b && ddb_value_equal(a, b);
    if (op == DDB_OP_NE)
        return !(a && b && ddb_value_equal(a, b));
    bool ok = false;
    int c = a && b ? ddb_value_order(a, b, &ok) : 0;
    if (!ok)
        return false;
    switch (op) {
    case DDB_OP_LT: return c < 0;
    case DDB_OP_LE: return c <= 0;
    case DDB_OP_GT: return c > 0;
    default: return c >= 0;
    }
}

static bool contains(const jv *hay, const jv *needle)
{
    ddb_type t = ddb_type_of(hay);
    if (t == DDB_S)
        return ddb_type_of(needle) == DDB_S &&
               strstr(jv_string_value(ddb_payload(hay)), jv_string_value(ddb_payload(needle)));
    if (t == DDB_SS || t == DDB_NS || t == DDB_BS)
        return ddb_set_has(hay, needle);
    if (t == DDB_L)
        for (size_t i = 0; i < jv_array_length(ddb_payload(hay)); i++)
            if (ddb_value_equal(jv_array_get(ddb_payload(hay), i), needle))
                return true;
    return false;
}

static bool begins_with(const jv *v, const jv *prefix)
{
    ddb_type t = ddb_type_of(v);
    if ((t != DDB_S && t != DDB_B) || ddb_type_of(prefix) != t)
        return false;
    const jv *s = ddb_payload(v), *pre = ddb_payload(prefix);
    return jv_string_length(pre) <= jv_string_length(s) &&
           !memcmp(jv_string_value(s), jv_string_value(pre), jv_string_length(pre));
}

static bool eval(const ddb_node *n, const jv *item);

static bool eval_operands(const ddb_node *n, const jv *item)
{
    jv *a = operand(n->kids[0], item);
    jv *b = n->nkids > 1 ? operand(n->kids[1], item) : NULL;
    bool r = false;
    switch (n->kind) {
    case DDB_N_CMP:
        r = compare(n->op, a, b);
        break;
    case DDB_N_BETWEEN: {
        jv *c = operand(n->kids[2], item);
        r = compare(DDB_OP_GE, a, b) && compare(DDB_OP_LE, a, c);
        jv_unref(c);
        break;
    }
    case DDB_N_IN:
        for (size_t i = 1; i < n->nkids && !r; i++) {
            jv *v = i == 1 ? jv_ref(b) : operand(n->kids[i], item);
            r = compare(DDB_OP_EQ, a, v);
            jv_unref(v);
        }
        break;
    case DDB_N_TYPE:
        r = a && b && !strcmp(ddb_type_name(ddb_type_of(a)), jv_string_value(ddb_payload(b)));
        break;
    case DDB_N_BEGINS:
        r = a && b && begins_with(a, b);
        break;
    default:   /* CONTAINS */
        r = a && b && contains(a, b);
        break;
    }
    jv_unref(a);
    jv_unref(b);
    return r;
}

static bool eval(const ddb_node *n, const jv *item)
{
    switch (n->kind) {
    case DDB_N_AND: return eval(n->kids[0], item) && eval(n->kids[1], item);
    case DDB_N_OR: return eval(n->kids[0], item) || eval(n->kids[1], item);
    case DDB_N_NOT: return !eval(n->kids[0], item);
    case DDB_N_EXISTS: return ddb_path_get(item, &n->path) != NULL;
    case DDB_N_NOT_EXISTS: return ddb_path_get(item, &n->path) == NULL;
    default: return eval_operands(n, item);
    }
}

bool ddb_condition_eval(const ddb_expr *e, const jv *item)
{
    return e->root && eval(e->root, item);
}

/* ---- updates ---- */

static bool efail(char *err, size_t n, const char *fmt, const char *arg)
{
    snprintf(err, n, fmt, arg);
    return false;
}

static jv *number_op(const jv *a, const jv *b, bool plus, const char *op, char *err, size_t n)
{
    if (ddb_type_of(a) != DDB_N || ddb_type_of(b) != DDB_N) {
        const jv *bad = ddb_type_of(a) != DDB_N ? a : b;
        char msg[200];
        snprintf(msg, sizeof msg, "Invalid UpdateExpression: Incorrect operand type for operator or "
                 "function; operator or function: %s, operand type: %%s", op);
        efail(err, n, msg, ddb_type_name(ddb_type_of(bad)));
        return NULL;
    }
    ddb_num x, y, sum;
    ddb_num_status st = ddb_num_parse(jv_string_value(ddb_payload(a)), &x);
    if (st == DDB_NUM_OK)
        st = ddb_num_parse(jv_string_value(ddb_payload(b)), &y);
    if (st == DDB_NUM_OK)
        st = ddb_num_add(&x, &y, !plus, &sum);
    if (st != DDB_NUM_OK) {
        ddb_num_message(st, "", err, n);
        return NULL;
    }
    char text[DDB_NUM_TEXT_MAX];
    ddb_num_format(&sum, text);
    return jv_object_set_take(jv_object(), "N", jv_string(text));
}

static jv *set_value(const ddb_node *v, const jv *item, char *err, size_t n)
{
    switch (v->kind) {
    case DDB_N_VALUE: return jv_ref(v->value);
    case DDB_N_PATH: {
        const jv *got = ddb_path_get(item, &v->path);
        if (!got)
            efail(err, n, "The provided expression refers to an attribute that does not exist in "
                  "the item%s", "");
        return jv_ref(got);
    }
    case DDB_N_IF_NOT_EXISTS: {
        const jv *got = ddb_path_get(item, &v->path);
        return got ? jv_ref(got) : set_value(v->kids[1], item, err, n);
    }
    default: break;
    }
    jv *a = set_value(v->kids[0], item, err, n);
    jv *b = a ? set_value(v->kids[1], item, err, n) : NULL;
    jv *r = NULL;
    if (a && b && v->kind == DDB_N_LIST_APPEND) {
        if (ddb_type_of(a) != DDB_L || ddb_type_of(b) != DDB_L) {
            efail(err, n, "Invalid UpdateExpression: Incorrect operand type for operator or "
                  "function; operator or function: list_append, operand type: %s",
                  ddb_type_name(ddb_type_of(ddb_type_of(a) != DDB_L ? a : b)));
        } else {
            jv *list = jv_ref(ddb_payload(a));
            for (size_t i = 0; i < jv_array_length(ddb_payload(b)); i++)
                list = jv_array_append(list, jv_array_get(ddb_payload(b), i));
            r = jv_object_set_take(jv_object(), "L", list);
        }
    } else if (a && b) {
        r = number_op(a, b, v->kind == DDB_N_PLUS, v->kind == DDB_N_PLUS ? "+" : "-", err, n);
    }
    jv_unref(a);
    jv_unref(b);
    return r;
}

static const char invalid_path[] =
    "The document path provided in the update expression is invalid for update%s";

static jv *av_set(const jv *av, const ddb_path *p, size_t i, jv *value, bool remove, char *err,
                  size_t n);

/* map (owned, an object of AttributeValues) with elems[i] (a name) set or removed. */
static jv *map_set(jv *map, const ddb_path *p, size_t i, jv *value, bool remove, char *err,
                   size_t n)
{
    const char *name = p->elems[i].name;
    if (i + 1 == p->count)
        return remove ? jv_object_delete(map, name) : jv_object_set_take(map, name, value);
    const jv *child = jv_object_get(map, name);
    if (!child) {
        jv_unref(value);
        if (remove)
            return map;
        jv_unref(map);
        efail(err, n, invalid_path, "");
        return NULL;
    }
    jv *nchild = av_set(child, p, i + 1, value, remove, err, n);
    if (!nchild) {
        jv_unref(map);
        return NULL;
    }
    return jv_object_set_take(map, name, nchild);
}

static jv *list_without(const jv *list, size_t skip)
{
    jv *out = jv_array();
    for (size_t k = 0; k < jv_array_length(list); k++)
        if (k != skip)
            out = jv_array_append(out, jv_array_get(list, k));
    return out;
}

/* av (an M or an L) with elems[i] set or removed: a new AttributeValue, or NULL. */
static jv *av_set(const jv *av, const ddb_path *p, size_t i, jv *value, bool remove, char *err,
                  size_t n)
{
    const ddb_elem *e = &p->elems[i];
    ddb_type t = ddb_type_of(av);
    if (e->name && t == DDB_M) {
        jv *map = map_set(jv_ref(ddb_payload(av)), p, i, value, remove, err, n);
        return map ? jv_object_set_take(jv_object(), "M", map) : NULL;
    }
    if (!e->name && t == DDB_L) {
        const jv *list = ddb_payload(av);
        size_t len = jv_array_length(list), idx = (size_t)e->index;
        jv *out = NULL;
        if (i + 1 == p->count && remove)
            out = idx < len ? list_without(list, idx) : jv_ref(list);
        else if (i + 1 == p->count)
            out = idx < len ? jv_array_set_take(jv_ref(list), idx, value)
                            : jv_array_append_take(jv_ref(list), value);
        else if (idx < len) {
            jv *child = av_set(jv_array_get(list, idx), p, i + 1, value, remove, err, n);
            out = child ? jv_array_set_take(jv_ref(list), idx, child) : NULL;
        } else {
            jv_unref(value);
            if (remove)
                return jv_ref(av);
            efail(err, n, invalid_path, "");
        }
        if (i + 1 == p->count && remove)
            jv_unref(value);
        return out ? jv_object_set_take(jv_object(), "L", out) : NULL;
    }
    jv_unref(value);
    if (remove)
        return jv_ref(av);
    efail(err, n, invalid_path, "");
    return NULL;
}

/* ADD and DELETE on a number or a set. */
static jv *add_delete(const ddb_action *a, const jv *cur, char *err, size_t n)
{
    const jv *v = a->value->value;
    ddb_type vt = ddb_type_of(v), ct = cur ? ddb_type_of(cur) : vt;
    bool set = vt == DDB_SS || vt == DDB_NS || vt == DDB_BS;
    const char *op = a->kind == DDB_ACT_ADD ? "ADD" : "DELETE";
    char msg[200];
    snprintf(msg, sizeof msg, "Invalid UpdateExpression: Incorrect operand type for operator or "
             "function; operator: %s, operand type: %%s", op);
    if ((!set && (a->kind == DDB_ACT_DELETE || vt != DDB_N)) || ct != vt) {
        efail(err, n, msg, ddb_type_name(ct != vt ? ct : vt));
        return NULL;
    }
    if (!cur)
        return a->kind == DDB_ACT_ADD ? jv_ref(v) : NULL;
    if (vt == DDB_N)
        return number_op(cur, v, true, "ADD", err, n);
    ddb_type et = vt == DDB_SS ? DDB_S : vt == DDB_NS ? DDB_N : DDB_B;
    jv *out = a->kind == DDB_ACT_ADD ? jv_ref(ddb_payload(cur)) : jv_array();
    const jv *from = a->kind == DDB_ACT_ADD ? ddb_payload(v) : ddb_payload(cur);
    const jv *other = a->kind == DDB_ACT_ADD ? cur : v;
    for (size_t i = 0; i < jv_array_length(from); i++) {
        jv *elem = jv_object_set(jv_object(), ddb_type_name(et), jv_array_get(from, i));
        bool has = ddb_set_has(other, elem);
        if (!has)   /* ADD: new elements; DELETE: the elements kept */
            out = jv_array_append(out, jv_array_get(from, i));
        jv_unref(elem);
    }
    if (jv_array_length(out) == 0) {
        jv_unref(out);
        return NULL;   /* DELETE emptied the set: the attribute goes */
    }
    return jv_object_set_take(jv_object(), ddb_type_name(vt), out);
}

jv *ddb_update_apply(const ddb_expr *e, const jv *item, char *err, size_t n)
{
    jv *out = item ? jv_ref(item) : jv_object();
    const jv *before = item;
    for (size_t i = 0; out && i < e->nactions; i++) {
        const ddb_action *a = &e->actions[i];
        jv *v = NULL;
        bool remove = a->kind == DDB_ACT_REMOVE;
        if (a->kind == DDB_ACT_SET) {
            if (!(v = set_value(a->value, before, err, n))) {
                jv_unref(out);
                return NULL;
            }
        } else if (!remove) {
            err[0] = '\0';
            v = add_delete(a, ddb_path_get(before, &a->path), err, n);
            if (!v && err[0]) {
                jv_unref(out);
                return NULL;
            }
            remove = !v;
        }
        out = map_set(out, &a->path, 0, v, remove, err, n);
    }
    return out;
}

/* ---- projections ---- */

/* dst (owned or NULL, an AttributeValue like src) extended with src's part at elems[i..]. */
static jv *project_into(jv *dst, const jv *src, const ddb_path *p, size_t i)
{
    if (i == p->count) {
        jv_unref(dst);
        return jv_ref(src);
    }
    const ddb_elem *e = &p->elems[i];
    const jv *child = elem_get(src, e);
    if (!child)
        return dst;
    if (e->name) {
        jv *map = dst ? jv_ref(ddb_payload(dst)) : jv_object();
        const jv *have = jv_object_get(map, e->name);
        jv *nd = project_into(have ? jv_ref(have) : NULL, child, p, i + 1);
        map = jv_object_set_take(map, e->name, nd);
        jv_unref(dst);
        return jv_object_set_take(jv_object(), "M", map);
    }
    jv *list = dst ? jv_ref(ddb_payload(dst)) : jv_array();
    list = jv_array_append_take(list, project_into(NULL, child, p, i + 1));
    jv_unref(dst);
    return jv_object_set_take(jv_object(), "L", list);
}

jv *ddb_projection_apply(const ddb_expr *e, const jv *item)
{
    jv *whole = jv_object_set(jv_object(), "M", item);
    jv *dst = NULL;
    for (size_t i = 0; i < e->npaths; i++)
        dst = project_into(dst, whole, &e->paths[i], 0);
    jv_unref(whole);
    jv *out = dst ? jv_ref(ddb_payload(dst)) : jv_object();
    jv_unref(dst);
    return out;
}

/* ---- key conditions ---- */

static bool key_part(const ddb_node *n, const char **name, bool *is_eq)
{
    bool ok = (n->kind == DDB_N_CMP && n->op != DDB_OP_NE) || n->kind == DDB_N_BETWEEN ||
              n->kind == DDB_N_BEGINS;
    const ddb_node *target = n->nkids ? n->kids[0] : NULL;
    if (!ok || !target || target->kind != DDB_N_PATH || target->path.count != 1)
        return false;
    for (size_t i = 1; i < n->nkids; i++)
        if (n->kids[i]->kind != DDB_N_VALUE)
            return false;
    *name = target->path.elems[0].name;
    *is_eq = n->kind == DDB_N_CMP && n->op == DDB_OP_EQ;
    return true;
}

const jv *ddb_key_condition_equal(const ddb_expr *e, const char *name)
{
    const ddb_node *r = e->root;
    const ddb_node *parts[2] = {r, NULL};
    if (r && r->kind == DDB_N_AND)
        parts[0] = r->kids[0], parts[1] = r->kids[1];
    for (size_t i = 0; i < 2 && parts[i]; i++) {
        const char *part;
        bool eq;
        if (key_part(parts[i], &part, &eq) && eq && !strcmp(part, name))
            return parts[i]->kids[1]->value;
    }
    return NULL;
}

size_t ddb_key_condition_parts(const ddb_expr *e, const char *names[2], bool is_eq[2],
                               char *err, size_t n)
{
    const ddb_node *r = e->root;
    size_t count = 0;
    if (r && r->kind == DDB_N_AND) {
        if (key_part(r->kids[0], &names[0], &is_eq[0]) &&
            key_part(r->kids[1], &names[1], &is_eq[1]))
            count = 2;
    } else if (r && key_part(r, &names[0], &is_eq[0])) {
        count = 1;
    }
    if (!count)
        snprintf(err, n, "Invalid KeyConditionExpression: the key condition must be 'k = :v' or "
                 "'k = :v AND' a condition on the sort key (=, <, <=, >, >=, BETWEEN, "
                 "begins_with)");
    return count;
}
