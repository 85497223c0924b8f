/*
 * definition — a state machine definition loaded into a typed, compiled model.
 *
 * asl_definition_load validates the text (validate.h) and, when it is valid, builds the
 * model: every state with its fields parsed, paths and payload templates compiled, and
 * transitions resolved to pointers. The model is read-only after loading and owned by the
 * asl_definition; executions and the UI borrow from it (it must outlive them).
 *
 * The structs below are exposed read-only so the executor and the UI can walk states,
 * transitions and Choice rules without an accessor per field.
 */
#ifndef SFDBG_DEFINITION_H
#define SFDBG_DEFINITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asl_resource.h"
#include "asl_schema.h"
#include "intrinsic.h"
#include "jsonpath.h"
#include "jv.h"
#include "template.h"
#include "timeutil.h"
#include "validate.h"

/* "Pass", "Task", ... as in the definition and in history event names */
const char *asl_state_type_name(asl_state_type t);

typedef struct asl_state asl_state;
typedef struct asl_machine asl_machine;

/* InputPath / OutputPath / ResultPath: absent means "$", JSON null is its own case. */
typedef enum { ASL_PATH_DEFAULT, ASL_PATH_NULL, ASL_PATH_SET } asl_path_mode;
typedef struct {
    asl_path_mode mode;
    jsonpath *path;   /* ASL_PATH_SET only */
} asl_path_field;

/* A value given either literally or by a path / intrinsic (Fail's Error/ErrorPath, ...). */
typedef struct {
    const char *literal;   /* borrowed from the definition JSON; NULL when absent */
    jsonpath *path;        /* ...Path given as a path */
    intrinsic *call;       /* ...Path given as an intrinsic call */
} asl_string_source;

/* ---- Choice ---- */
typedef enum {
    ASL_RULE_AND,
    ASL_RULE_OR,
    ASL_RULE_NOT,
    ASL_RULE_COMPARE,
    ASL_RULE_CONDITION      /* JSONata: a Condition, evaluated by exec_jsonata.c */
} asl_rule_kind;

typedef enum {
    ASL_CMP_STRING,
    ASL_CMP_NUMERIC,
    ASL_CMP_BOOLEAN,
    ASL_CMP_TIMESTAMP,
    ASL_CMP_STRING_MATCHES,
    ASL_CMP_IS_NULL,
    ASL_CMP_IS_PRESENT,
    ASL_CMP_IS_NUMERIC,
    ASL_CMP_IS_STRING,
    ASL_CMP_IS_BOOLEAN,
    ASL_CMP_IS_TIMESTAMP
} asl_cmp_type;

typedef enum { ASL_OP_EQ, ASL_OP_LT, ASL_OP_GT, ASL_OP_LE, ASL_OP_GE } asl_cmp_op;

typedef struct asl_choice_rule {
    asl_rule_kind kind;
    /* ASL_RULE_COMPARE */
    jsonpath *variable;
    const char *operator_name;   /* "NumericEqualsPath", ... (borrowed) */
    asl_cmp_type cmp;
    asl_cmp_op op;
    const jv *operand;           /* literal operand (borrowed from the definition) */
    jsonpath *operand_path;      /* the ...Path variants */
    /* And / Or / Not */
    struct asl_choice_rule *children;
    size_t nchildren;
    /* ASL_RULE_CONDITION (borrowed from the definition; output/assign may be NULL) */
    const jv *condition, *output, *assign;
    /* a top-level JSONPath rule's Assign, compiled; NULL when absent */
    payload_template *assign_template;
    /* top-level rules only */
    const char *next_name;
    asl_state *next;
} asl_choice_rule;

/* ---- Retry / Catch (used by Task, Parallel, Map) ---- */
typedef struct {
    const char **errors;   /* ErrorEquals, borrowed strings */
    size_t nerrors;
    double interval_seconds;
    long max_attempts;
    double backoff_rate;
    long max_delay_seconds;  /* 0: none */
    bool jitter_full;
} asl_retrier;

typedef struct {
    const char **errors;
    size_t nerrors;
    const char *next_name;
    asl_state *next;
    asl_path_field result_path;
    const jv *assign;      /* borrowed; NULL when absent */
    const jv *output;      /* JSONata: Output (borrowed); NULL when absent */
    payload_template *assign_template; /* JSONPath: Assign, compiled; NULL when absent */
} asl_catcher;

/* Type-specific fields, one group per state type. They are plain nested structs, not a
 * union: every group is zeroed for a state of another type, so a generic walker may read
 * st->choice.nrules or st->task.resource of any state and get "none" (a union would hand it
 * another type's bytes). The cost is a few hundred bytes per state. */
typedef struct {
    const jv *result;                  /* Result (borrowed) */
} asl_pass_fields;

typedef struct {
    asl_choice_rule *rules;            /* Choices */
    size_t nrules;
    const char *default_name;          /* Default, or NULL */
    asl_state *default_state;
} asl_choice_fields;

typedef struct {
    bool has_seconds, has_timestamp;
    int64_t seconds;
    asl_instant timestamp;
    jsonpath *seconds_path, *timestamp_path;
} asl_wait_fields;

typedef struct {
    asl_string_source error, cause;    /* Error/ErrorPath, Cause/CausePath */
} asl_fail_fields;

typedef struct {
    const char *resource;
    asl_resource_info resource_info;   /* what the Resource names, its pattern */
    long timeout_seconds, heartbeat_seconds;   /* 0: not set */
    payload_template *credentials;             /* Credentials ({"RoleArn"[.$]: ...}) */
    jsonpath *timeout_seconds_path, *heartbeat_seconds_path;
} asl_task_fields;

/* Map's ItemBatcher. */
typedef struct {
    const jv *max_items, *max_bytes;   /* MaxItemsPerBatch, MaxInputBytesPerBatch (borrowed) */
    jsonpath *max_items_path, *max_bytes_path;
    payload_template *batch_input;     /* BatchInput, or NULL */
} asl_item_batcher;

typedef struct {
    jsonpath *items_path;
    payload_template *item_selector;
    long max_concurrency;
    jsonpath *max_concurrency_path;
    const jv *tolerated_count, *tolerated_percentage;   /* borrowed; NULL when absent */
    jsonpath *tolerated_count_path, *tolerated_percentage_path;
    const jv *item_reader, *result_writer;   /* borrowed objects, or NULL */
    asl_item_batcher *item_batcher;          /* NULL when absent */
    const char *label;
    bool distributed;          /* ProcessorConfig Mode DISTRIBUTED */
    bool express;              /* ProcessorConfig ExecutionType EXPRESS */
} asl_map_fields;

struct asl_state {
    const char *name;          /* borrowed from the definition JSON */
    size_t index;              /* 0..state_count-1 over the whole machine */
    asl_state_type type;
    const jv *json;            /* the state's object in the definition (borrowed) */
    char *pointer;             /* JSON Pointer of the state, e.g. "/States/A" */
    bool jsonata;              /* effective QueryLanguage is JSONata */
    bool uses_context;         /* mentions `$$` somewhere: build the context object */
    asl_machine *owner;

    const char *next_name;     /* Next, or NULL */
    asl_state *next;
    bool end;

    asl_path_field input_path, output_path, result_path;
    payload_template *parameters;      /* Parameters (Pass, Task, Parallel, Map) */
    payload_template *result_selector;
    const jv *assign;                  /* Assign (borrowed) */
    payload_template *assign_template; /* JSONPath: Assign, compiled; NULL when absent */

    /* Task, Parallel, Map */
    asl_retrier *retriers;
    size_t nretriers;
    asl_catcher *catchers;
    size_t ncatchers;

    /* The machines nested in the state: Parallel's branches; Map's processor is branches[0].
     * Common so the walkers that descend into nested machines (outline, layout, find) need
     * not know which of the two types they are in. */
    asl_machine **branches;
    size_t nbranches;

    asl_pass_fields pass;
    asl_choice_fields choice;
    asl_wait_fields wait;
    asl_fail_fields fail;
    asl_task_fields task;
    asl_map_fields map;
};

struct asl_machine {
    asl_state *start;
    asl_state **states;     /* in definition order */
    size_t nstates;
    asl_state *parent;      /* the Parallel/Map state holding this branch, NULL at the top */
    /* name lookup */
    asl_state **table;
    size_t table_cap;
};

typedef struct asl_definition asl_definition;

/* Validates and loads. NULL when the text is invalid; every problem is in diags. */
asl_definition *asl_definition_load(const char *text, size_t len,
                                    const asl_validate_options *opts, asl_diags *diags);
void asl_definition_free(asl_definition *d);

const asl_machine *asl_definition_root(const asl_definition *d);
const jv *asl_definition_json(const asl_definition *d);
/* Top-level TimeoutSeconds, 0 when absent. */
long asl_definition_timeout_seconds(const asl_definition *d);
bool asl_definition_jsonata(const asl_definition *d);
/* Any state anywhere (names are unique across the machine), NULL if none. */
asl_state *asl_definition_find_state(const asl_definition *d, const char *name);
size_t asl_definition_state_count(const asl_definition *d);

asl_state *asl_machine_find(const asl_machine *m, const char *name);

#endif
