/*
 * ddb_expr — DynamoDB's expression languages, parsed and evaluated: ConditionExpression
 * (and FilterExpression, KeyConditionExpression: the same grammar), UpdateExpression and
 * ProjectionExpression, with ExpressionAttributeNames (#n) and ExpressionAttributeValues
 * (:v) substituted at parse time.
 *
 *   condition: a = b, <>, <, <=, >, >=, a BETWEEN b AND c, a IN (b, c, ...), AND, OR, NOT,
 *              ( ), attribute_exists(p), attribute_not_exists(p), attribute_type(p, :t),
 *              begins_with(p, v), contains(p, v), size(p) as an operand
 *   update:    SET p = v [+|- v], if_not_exists(p, v), list_append(v, v); REMOVE p;
 *              ADD p :v (numbers, sets); DELETE p :set — each clause at most once
 *   paths:     name, #name, a.b, a[2], nested; reserved words must be written #name
 *
 * The text is untrusted: at most DDB_EXPR_MAX_LEN bytes, nesting at most
 * DDB_EXPR_MAX_DEPTH, IN lists at most 100 operands; every error is DynamoDB's message
 * ("Invalid UpdateExpression: Syntax error; token: ...") and nothing is read past the
 * text. Evaluation reads the item before the change (as DynamoDB does) and never
 * modifies a value in place (items are immutable jv values).
 */
#ifndef SFDBG_SERVICES_DDB_EXPR_H
#define SFDBG_SERVICES_DDB_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"

#define DDB_EXPR_MAX_LEN 4096
#define DDB_EXPR_MAX_DEPTH 64

typedef struct ddb_expr ddb_expr;

typedef struct {
    const jv *names;    /* ExpressionAttributeNames, or NULL */
    const jv *values;   /* ExpressionAttributeValues, or NULL */
    /* Set true for each member an expression used (arrays of the objects' sizes; NULL:
     * not tracked): the caller refuses unused ones as DynamoDB does. */
    bool *names_used, *values_used;
} ddb_expr_env;

typedef enum { DDB_EXPR_CONDITION, DDB_EXPR_UPDATE, DDB_EXPR_PROJECTION } ddb_expr_kind;

/* Parses text as kind; label names the parameter in messages ("ConditionExpression",
 * "FilterExpression", "KeyConditionExpression"). NULL with the message in err. */
ddb_expr *ddb_expr_parse(ddb_expr_kind kind, const char *label, const char *text,
                         ddb_expr_env *env, char *err, size_t n);
void ddb_expr_free(ddb_expr *e);   /* NULL-safe */

/* A condition on item (NULL: no item): true or false. */
bool ddb_condition_eval(const ddb_expr *e, const jv *item);
/* The item after the update (item NULL: a new one, {}), or NULL with DynamoDB's message. */
jv *ddb_update_apply(const ddb_expr *e, const jv *item, char *err, size_t n);
/* The item with only the projected paths. */
jv *ddb_projection_apply(const ddb_expr *e, const jv *item);

/* The top-level attributes an update writes (SET, REMOVE, ADD, DELETE targets). */
size_t ddb_update_target_count(const ddb_expr *e);
const char *ddb_update_target(const ddb_expr *e, size_t i);

/* A KeyConditionExpression's parts: "k = v", or "k = v AND c" with c a condition on one
 * attribute (=, <, <=, >, >=, BETWEEN, begins_with). Fills the attribute each part names
 * (names[i]) and whether it is an equality; returns how many parts (1 or 2), or 0 with
 * DynamoDB's message when the expression has another form. */
size_t ddb_key_condition_parts(const ddb_expr *e, const char *names[2], bool is_eq[2],
                               char *err, size_t n);
/* The value a key condition's part "name = v" compares with (v's AttributeValue, borrowed
 * from e), or NULL when no part is an equality on name: a query's hash key, which selects
 * its items without reading the others. */
const jv *ddb_key_condition_equal(const ddb_expr *e, const char *name);

#endif
