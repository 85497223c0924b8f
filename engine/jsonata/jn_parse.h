/*
 * jn_parse — JSONata text to a syntax tree: the tokenizer, the Pratt parser and the
 * post-parse pass (the reference's processAST: paths flattened into steps, predicates
 * into stages, parent-operator ancestry resolved, tail calls marked).
 *
 * The tree and everything it points to (names, literals, compiled regexes, signatures)
 * live in the heap passed to jn_parse(); the tree is read-only afterwards and can be
 * evaluated many times, concurrently. Compiled regexes are released by jn_parse_release().
 */
#ifndef SFDBG_JN_PARSE_H
#define SFDBG_JN_PARSE_H

#include <stdbool.h>

#include "jn_val.h"

typedef enum {
    N_PATH = 1, N_BINARY, N_NEG, N_ARRAY, N_OBJECT, N_NAME, N_STRING, N_NUMBER, N_VALUE,
    N_WILDCARD, N_DESCENDANT, N_PARENT, N_CONDITION, N_COALESCE, N_ELVIS, N_BLOCK, N_BIND,
    N_REGEX, N_FUNCTION, N_PARTIAL, N_LAMBDA, N_VARIABLE, N_APPLY, N_SORT, N_TRANSFORM,
    N_PLACEHOLDER,
    /* only before the post-parse pass */
    N_RAW_BINARY, N_RAW_OBJECT, N_RAW_OPNAME
} jn_ntype;

typedef enum {
    OP_NONE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_CONCAT, OP_AND, OP_OR, OP_IN, OP_RANGE,
    /* raw binary forms */
    OP_DOT, OP_PRED, OP_GROUP, OP_SORT, OP_BIND, OP_FOCUS, OP_INDEX, OP_APPLY
} jn_op;

typedef struct jn_node jn_node;
typedef struct jn_sig jn_sig;
typedef struct jn_regex jn_regex;

/* a parent-operator slot: which ancestor label the % refers to */
typedef struct jn_slot {
    char label[24];
    int level;
    int index;
} jn_slot;

typedef struct {
    bool is_index;         /* '#$var' stage instead of a filter */
    jn_node *expr;         /* filter predicate */
    const char *var;       /* index variable name */
    int pos;
} jn_stage;

typedef struct {
    jn_node **keys, **vals;
    int n;
    int pos;
} jn_group;

struct jn_node {
    jn_ntype type;
    jn_op op;
    int pos;
    int id;               /* 0.. per parse: evaluation caches are indexed by it */
    int nnodes;           /* on the root: how many ids the parse handed out */
    /* literals: N_STRING/N_NUMBER/N_VALUE; also N_NAME/N_VARIABLE names in .str */
    jn_val lit;
    const char *str;      /* NUL-terminated name */
    size_t slen;
    /* operands */
    jn_node *lhs, *rhs, *expr;
    jn_node *cond, *then, *els;
    jn_node **items;      /* path steps, block/array expressions, call arguments, lambda params */
    int nitems;
    jn_node **keys, **vals;   /* object constructor pairs */
    int npairs;
    jn_node **terms;      /* sort terms */
    bool *desc;
    int nterms;
    jn_node *procedure, *body;
    jn_node *pattern, *update, *del;
    jn_sig *sig;
    jn_regex *re;
    /* path/step annotations */
    bool keep_array, keep_singleton, consarray, tuple, thunk;
    bool constant;            /* literals and operators on them only: same value anywhere */
    const char *focus;        /* '@$var' */
    const char *index_var;    /* '#$var' */
    jn_slot *ancestor;        /* label this step binds for a later % */
    jn_slot *slot;            /* N_PARENT */
    jn_stage *stages;         /* step stages (filters and index bindings) */
    int nstages;
    jn_node **preds;          /* predicates on a non-path expression */
    int npreds;
    jn_group *group;
    jn_slot **seeking;        /* unresolved parent slots */
    int nseeking;
    const char *next_function;
};

typedef struct {
    char code[8];
    int pos;
    char token[64];
    char value[64];
} jn_parse_error;

/* Parses text[0..len) (which may hold NUL bytes in string literals); NULL on error (err
 * filled). */
jn_node *jn_parse(jn_heap *h, const char *text, size_t len, jn_parse_error *err,
                  jn_regex ***regexes, int *nregexes);
/* the chain function used by `f ~> g` on two functions */
jn_node *jn_parse_chain_ast(jn_heap *h);

#endif
