/* ddb_expr_internal — the parsed form ddb_expr.c builds and ddb_expr_eval.c walks. */
#ifndef SFDBG_SERVICES_DDB_EXPR_INTERNAL_H
#define SFDBG_SERVICES_DDB_EXPR_INTERNAL_H

#include "services/ddb_expr.h"

typedef struct {
    char *name;    /* a member name, or NULL for a list index */
    long index;
} ddb_elem;

typedef struct {
    ddb_elem *elems;
    size_t count;
} ddb_path;

typedef enum {
    DDB_N_PATH, DDB_N_VALUE, DDB_N_SIZE, DDB_N_IF_NOT_EXISTS, DDB_N_LIST_APPEND, DDB_N_PLUS,
    DDB_N_MINUS, DDB_N_CMP, DDB_N_BETWEEN, DDB_N_IN, DDB_N_AND, DDB_N_OR, DDB_N_NOT,
    DDB_N_EXISTS, DDB_N_NOT_EXISTS, DDB_N_TYPE, DDB_N_BEGINS, DDB_N_CONTAINS
} ddb_node_kind;

typedef enum { DDB_OP_EQ, DDB_OP_NE, DDB_OP_LT, DDB_OP_LE, DDB_OP_GT, DDB_OP_GE } ddb_cmp_op;

typedef struct ddb_node {
    ddb_node_kind kind;
    ddb_cmp_op op;
    ddb_path path;           /* PATH, SIZE, the functions' first argument */
    jv *value;               /* VALUE (owned) */
    struct ddb_node **kids;
    size_t nkids;
} ddb_node;

typedef enum { DDB_ACT_SET, DDB_ACT_REMOVE, DDB_ACT_ADD, DDB_ACT_DELETE } ddb_act_kind;

typedef struct {
    ddb_act_kind kind;
    ddb_path path;
    ddb_node *value;         /* SET: the value; ADD, DELETE: the operand; REMOVE: NULL */
} ddb_action;

struct ddb_expr {
    ddb_expr_kind kind;
    ddb_node *root;          /* CONDITION */
    ddb_action *actions;     /* UPDATE */
    size_t nactions;
    ddb_path *paths;         /* PROJECTION */
    size_t npaths;
    ddb_node **nodes;        /* every node, for freeing */
    size_t nnodes, cap;
};

/* The value at path in item (an object of AttributeValues), or NULL. Borrowed. */
const jv *ddb_path_get(const jv *item, const ddb_path *p);

#endif
