/*
 * asl_schema — the Amazon States Language as data: which fields each object of a state
 * machine definition may have (per state type and per nested object), which query language
 * each field belongs to, what its value must look like, which fields are required and which
 * exclude each other, and the Choice comparison operators.
 *
 * The tables are the one description of a definition that both of its readers use:
 * validate.c walks a definition with them (and compiles each path, call and template once,
 * keeping them in asl_compiled.h's store when the definition is being loaded), and
 * definition.c builds its model from them, storing each field where its `model` says
 * (asl_state, asl_retrier, asl_catcher, asl_choice_rule; see definition.h). A new field is a
 * row here: its check, and where it goes in the model. Everything here is static const data;
 * nothing is allocated.
 */
#ifndef SFDBG_ASL_SCHEMA_H
#define SFDBG_ASL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    ASL_PASS,
    ASL_TASK,
    ASL_CHOICE,
    ASL_WAIT,
    ASL_SUCCEED,
    ASL_FAIL,
    ASL_PARALLEL,
    ASL_MAP,
    ASL_STATE_TYPE_COUNT,
    ASL_STATE_TYPE_INVALID = -1
} asl_state_type;

/* Objects of a definition that have their own field table. */
typedef enum {
    ASL_OBJ_ROOT,
    ASL_OBJ_STATE,            /* per-type membership in asl_field.types */
    ASL_OBJ_BRANCH,           /* Parallel Branches[i] */
    ASL_OBJ_PROCESSOR,        /* Map ItemProcessor / Iterator */
    ASL_OBJ_PROCESSOR_CONFIG,
    ASL_OBJ_RETRIER,
    ASL_OBJ_CATCHER,
    ASL_OBJ_CREDENTIALS,
    ASL_OBJ_ITEM_READER,
    ASL_OBJ_READER_CONFIG,
    ASL_OBJ_ITEM_BATCHER,
    ASL_OBJ_RESULT_WRITER,
    ASL_OBJ_WRITER_CONFIG,
    ASL_OBJ_CHOICE_RULE,      /* a top-level Choices[i] rule */
    ASL_OBJ_NESTED_RULE,      /* a rule inside And/Or/Not */
    ASL_OBJ_COUNT
} asl_object_kind;

/* The query language a field belongs to. */
typedef enum {
    ASL_LANG_BOTH,
    ASL_LANG_JSONPATH,
    ASL_LANG_JSONATA
} asl_field_lang;

typedef enum {
    ASL_V_ANY,          /* any JSON value */
    ASL_V_STRING,
    ASL_V_BOOL,
    ASL_V_INT,          /* integer in [min, max] */
    ASL_V_NUMBER,       /* number in [min, max] */
    ASL_V_ENUM,         /* a string among values[] */
    ASL_V_OBJECT,
    ASL_V_ARRAY,
    ASL_V_PATH,         /* JSONPath string, or null (InputPath, OutputPath) */
    ASL_V_RESULT_PATH,  /* reference path, or null (ResultPath) */
    ASL_V_REF_PATH,     /* reference path (SecondsPath, ItemsPath, Variable, ...) */
    ASL_V_TIMESTAMP,    /* RFC 3339 string */
    ASL_V_ERROR_PATH    /* reference path or string-returning intrinsic (ErrorPath, CausePath) */
} asl_value_kind;

/* What validate.c does beyond checking the value's kind. */
typedef enum {
    ASL_SUB_NONE,
    ASL_SUB_TEMPLATE,         /* JSONPath payload template (.$ keys); JSONata: expressions */
    ASL_SUB_EXPRESSIONS,      /* JSONata expressions anywhere inside (Output, Arguments) */
    ASL_SUB_RESOURCE,         /* Task Resource ARN */
    ASL_SUB_RETRY,
    ASL_SUB_CATCH,
    ASL_SUB_CHOICES,
    ASL_SUB_BRANCHES,
    ASL_SUB_PROCESSOR,
    ASL_SUB_PROCESSOR_CONFIG,
    ASL_SUB_CREDENTIALS,
    ASL_SUB_ITEM_READER,
    ASL_SUB_READER_CONFIG,
    ASL_SUB_ITEM_BATCHER,
    ASL_SUB_RESULT_WRITER,
    ASL_SUB_WRITER_CONFIG,
    ASL_SUB_ERROR_EQUALS,
    ASL_SUB_TRANSITION,       /* Next / Default: a state name in the same container */
    ASL_SUB_RULES,            /* Choice And / Or: non-empty array of nested rules */
    ASL_SUB_RULE              /* Choice Not: one nested rule */
} asl_sub;

enum {
    ASL_F_EXPR = 1 << 0,      /* a JSONata "{% ... %}" string is accepted in JSONata states */
    ASL_F_NONEMPTY = 1 << 1   /* an array that may not be empty ("Value cannot be empty") */
};

/* What a field becomes in the loaded model, at asl_model.offset of its struct. */
typedef enum {
    ASL_M_NONE,         /* validated only (or read by the loader's own code: see `sub`) */
    ASL_M_STRING,       /* const char *, borrowed from the definition */
    ASL_M_TRUE,         /* bool, set when the value is true (End) */
    ASL_M_JV,           /* const jv *, borrowed (Result, Assign) */
    ASL_M_LONG,         /* long, clamped to +-1e15 */
    ASL_M_DOUBLE,
    ASL_M_SECONDS,      /* int64_t, and the bool at `flag` set (Wait Seconds) */
    ASL_M_TIMESTAMP,    /* asl_instant, and the bool at `flag` set (Wait Timestamp) */
    ASL_M_PATH,         /* jsonpath *, compiled by the walk */
    ASL_M_PATH_FIELD,   /* asl_path_field: absent, null, or a path compiled by the walk */
    ASL_M_SOURCE,       /* asl_string_source: a path or an intrinsic call compiled by the walk */
    ASL_M_TEMPLATE      /* payload_template *, compiled by the walk (JSONPath states only) */
} asl_model_kind;

typedef struct {
    asl_model_kind kind;
    size_t offset;      /* in the struct the object is loaded into */
    size_t flag;        /* ASL_M_SECONDS, ASL_M_TIMESTAMP: offset of the "present" bool */
} asl_model;

typedef struct {
    const char *name;
    unsigned types;            /* ASL_OBJ_STATE: bitmask of (1u << asl_state_type) */
    asl_field_lang lang;
    asl_value_kind kind;
    unsigned flags;
    double min, max;           /* ASL_V_INT / ASL_V_NUMBER */
    const char *const *values; /* ASL_V_ENUM, NULL-terminated */
    asl_sub sub;
    asl_model model;
} asl_field;

/* Fields that exclude each other. `exactly_one` groups also require one of them. */
typedef struct {
    asl_object_kind object;
    unsigned types;            /* ASL_OBJ_STATE: the state types it applies to */
    bool exactly_one;
    const char *fields[5];     /* NULL-terminated */
} asl_exclusive;

typedef struct {
    const char *name;          /* "NumericEquals", "StringEqualsPath", "IsPresent", ... */
    asl_value_kind kind;       /* operand: ASL_V_STRING, NUMBER, BOOL, TIMESTAMP, REF_PATH */
} asl_choice_operator;

/* "Pass" -> ASL_PASS; ASL_STATE_TYPE_INVALID for anything else. */
asl_state_type asl_schema_state_type(const char *name);
const char *asl_schema_state_type_name(asl_state_type t);

/* The field `name` of an object of `kind`, NULL when the object has no such field at all.
 * For ASL_OBJ_STATE the caller checks `types` for the state's type. */
const asl_field *asl_schema_field(asl_object_kind kind, const char *name);

/* NULL-terminated list of the fields an object requires, in AWS's message order. */
const char *const *asl_schema_required(asl_object_kind kind, asl_state_type type);

/* The exclusion groups, terminated by an entry whose fields[0] is NULL. */
const asl_exclusive *asl_schema_exclusives(void);

/* The fields of an object of `kind`, terminated by an entry whose name is NULL. */
const asl_field *asl_schema_fields(asl_object_kind kind);

/* The Choice comparison operator `name`, or NULL. */
const asl_choice_operator *asl_schema_choice_operator(const char *name);
/* All operators, terminated by an entry whose name is NULL. */
const asl_choice_operator *asl_schema_choice_operators(void);

#endif
