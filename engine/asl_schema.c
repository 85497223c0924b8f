/* asl_schema — field tables of the Amazon States Language. */
#include "asl_schema.h"

#include <stddef.h>
#include <string.h>

#include "definition.h"

#define T(x) (1u << ASL_##x)
#define T_ALL ((1u << ASL_STATE_TYPE_COUNT) - 1)
#define T_FLOW (T(PASS) | T(TASK) | T(WAIT) | T(PARALLEL) | T(MAP)) /* Next / End */
#define T_WORK (T(TASK) | T(PARALLEL) | T(MAP))                       /* Retry / Catch */

#define MAXSEC 99999999.0
#define NOMAX 1e300

static const char *const state_type_names[ASL_STATE_TYPE_COUNT] = {
    "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"};

static const char *const e_query_language[] = {"JSONPath", "JSONata", NULL};
static const char *const e_version[] = {"1.0", NULL};
static const char *const e_jitter[] = {"NONE", "FULL", NULL};
static const char *const e_mode[] = {"INLINE", "DISTRIBUTED", NULL};
static const char *const e_execution_type[] = {"STANDARD", "EXPRESS", NULL};
static const char *const e_input_type[] = {"CSV", "JSON", "JSONL", "PARQUET", "MANIFEST", NULL};
static const char *const e_header_location[] = {"FIRST_ROW", "GIVEN", NULL};
static const char *const e_delimiter[] = {"COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB", NULL};
static const char *const e_reader_transformation[] = {"NONE", "LOAD_AND_FLATTEN", NULL};
static const char *const e_manifest_type[] = {"ATHENA_DATA", "S3_INVENTORY", NULL};
static const char *const e_output_type[] = {"JSON", "JSONL", NULL};
static const char *const e_writer_transformation[] = {"NONE", "COMPACT", "FLATTEN", NULL};

/* Where a field goes in the loaded model (definition.h): NOM for a field that is validated
 * only; AT(kind, member) for a member of asl_state; IN(struct, kind, member) for a member of
 * the nested object's struct (asl_retrier, asl_catcher, asl_choice_rule). */
#define NOM {ASL_M_NONE, 0, 0}
#define AT(kind, member) {ASL_M_##kind, offsetof(asl_state, member), 0}
#define AT_FLAG(kind, member, flag) \
    {ASL_M_##kind, offsetof(asl_state, member), offsetof(asl_state, flag)}
#define IN(type, kind, member) {ASL_M_##kind, offsetof(type, member), 0}

/* name, types, lang, kind, flags, min, max, values, sub, model */
#define F(name, types, lang, kind, sub, model) \
    {name, types, ASL_LANG_##lang, ASL_V_##kind, 0, 0, 0, NULL, ASL_SUB_##sub, model}
#define FX(name, types, lang, kind, flags, sub, model) \
    {name, types, ASL_LANG_##lang, ASL_V_##kind, flags, 0, 0, NULL, ASL_SUB_##sub, model}
#define FN(name, types, lang, kind, flags, lo, hi, model) \
    {name, types, ASL_LANG_##lang, ASL_V_##kind, flags, lo, hi, NULL, ASL_SUB_NONE, model}
#define FE(name, types, values) \
    {name, types, ASL_LANG_BOTH, ASL_V_ENUM, 0, 0, 0, values, ASL_SUB_NONE, NOM}
#define END {NULL, 0, ASL_LANG_BOTH, ASL_V_ANY, 0, 0, 0, NULL, ASL_SUB_NONE, NOM}

static const asl_field fields_state[] = {
    F("Type", T_ALL, BOTH, STRING, NONE, NOM),
    F("Comment", T_ALL, BOTH, STRING, NONE, NOM),
    FE("QueryLanguage", T_ALL, e_query_language),
    F("Next", T_FLOW, BOTH, STRING, TRANSITION, AT(STRING, next_name)),
    F("End", T_FLOW, BOTH, BOOL, NONE, AT(TRUE, end)),
    F("InputPath", T_ALL & ~T(FAIL), JSONPATH, PATH, NONE, AT(PATH_FIELD, input_path)),
    F("OutputPath", T_ALL & ~T(FAIL), JSONPATH, PATH, NONE, AT(PATH_FIELD, output_path)),
    F("Parameters", T(PASS) | T_WORK, JSONPATH, ANY, TEMPLATE, AT(TEMPLATE, parameters)),
    F("Result", T(PASS), JSONPATH, ANY, NONE, AT(JV, pass.result)),
    F("ResultSelector", T_WORK, JSONPATH, OBJECT, TEMPLATE, AT(TEMPLATE, result_selector)),
    F("ResultPath", T(PASS) | T_WORK, JSONPATH, RESULT_PATH, NONE, AT(PATH_FIELD, result_path)),
    F("Arguments", T(TASK) | T(PARALLEL), JSONATA, ANY, EXPRESSIONS, NOM),
    F("Output", T_ALL & ~T(FAIL), JSONATA, ANY, EXPRESSIONS, NOM),
    F("Assign", T_ALL & ~(T(SUCCEED) | T(FAIL)), BOTH, OBJECT, TEMPLATE, AT(JV, assign)),
    F("Retry", T_WORK, BOTH, ARRAY, RETRY, NOM),
    F("Catch", T_WORK, BOTH, ARRAY, CATCH, NOM),
    F("Resource", T(TASK), BOTH, STRING, RESOURCE, AT(STRING, task.resource)),
    F("Credentials", T(TASK), BOTH, OBJECT, CREDENTIALS, AT(TEMPLATE, task.credentials)),
    FN("TimeoutSeconds", T(TASK), BOTH, INT, ASL_F_EXPR, 1, MAXSEC, AT(LONG, task.timeout_seconds)),
    FN("HeartbeatSeconds", T(TASK), BOTH, INT, ASL_F_EXPR, 1, MAXSEC,
       AT(LONG, task.heartbeat_seconds)),
    F("TimeoutSecondsPath", T(TASK), JSONPATH, REF_PATH, NONE, AT(PATH, task.timeout_seconds_path)),
    F("HeartbeatSecondsPath", T(TASK), JSONPATH, REF_PATH, NONE,
      AT(PATH, task.heartbeat_seconds_path)),
    FX("Choices", T(CHOICE), BOTH, ARRAY, ASL_F_NONEMPTY, CHOICES, NOM),
    F("Default", T(CHOICE), BOTH, STRING, TRANSITION, AT(STRING, choice.default_name)),
    FN("Seconds", T(WAIT), BOTH, INT, ASL_F_EXPR, 0, MAXSEC,
       AT_FLAG(SECONDS, wait.seconds, wait.has_seconds)),
    FX("Timestamp", T(WAIT), BOTH, TIMESTAMP, ASL_F_EXPR, NONE,
       AT_FLAG(TIMESTAMP, wait.timestamp, wait.has_timestamp)),
    F("SecondsPath", T(WAIT), JSONPATH, REF_PATH, NONE, AT(PATH, wait.seconds_path)),
    F("TimestampPath", T(WAIT), JSONPATH, REF_PATH, NONE, AT(PATH, wait.timestamp_path)),
    FX("Error", T(FAIL), BOTH, STRING, ASL_F_EXPR, EXPRESSIONS, AT(STRING, fail.error.literal)),
    FX("Cause", T(FAIL), BOTH, STRING, ASL_F_EXPR, EXPRESSIONS, AT(STRING, fail.cause.literal)),
    F("ErrorPath", T(FAIL), JSONPATH, ERROR_PATH, NONE, AT(SOURCE, fail.error)),
    F("CausePath", T(FAIL), JSONPATH, ERROR_PATH, NONE, AT(SOURCE, fail.cause)),
    FX("Branches", T(PARALLEL), BOTH, ARRAY, ASL_F_NONEMPTY, BRANCHES, NOM),
    F("ItemProcessor", T(MAP), BOTH, OBJECT, PROCESSOR, NOM),
    F("Iterator", T(MAP), BOTH, OBJECT, PROCESSOR, NOM),
    F("ItemSelector", T(MAP), BOTH, ANY, TEMPLATE, AT(TEMPLATE, map.item_selector)),
    F("ItemReader", T(MAP), BOTH, OBJECT, ITEM_READER, AT(JV, map.item_reader)),
    F("ItemBatcher", T(MAP), BOTH, OBJECT, ITEM_BATCHER, NOM),
    F("ResultWriter", T(MAP), BOTH, OBJECT, RESULT_WRITER, AT(JV, map.result_writer)),
    F("ItemsPath", T(MAP), JSONPATH, REF_PATH, NONE, AT(PATH, map.items_path)),
    FX("Items", T(MAP), JSONATA, ARRAY, ASL_F_EXPR, EXPRESSIONS, NOM),
    FN("MaxConcurrency", T(MAP), BOTH, INT, ASL_F_EXPR, 0, NOMAX, AT(LONG, map.max_concurrency)),
    F("MaxConcurrencyPath", T(MAP), JSONPATH, REF_PATH, NONE, AT(PATH, map.max_concurrency_path)),
    FN("ToleratedFailureCount", T(MAP), BOTH, INT, ASL_F_EXPR, 0, NOMAX,
       AT(JV, map.tolerated_count)),
    F("ToleratedFailureCountPath", T(MAP), JSONPATH, REF_PATH, NONE,
      AT(PATH, map.tolerated_count_path)),
    FN("ToleratedFailurePercentage", T(MAP), BOTH, NUMBER, ASL_F_EXPR, 0, 100,
       AT(JV, map.tolerated_percentage)),
    F("ToleratedFailurePercentagePath", T(MAP), JSONPATH, REF_PATH, NONE,
      AT(PATH, map.tolerated_percentage_path)),
    F("Label", T(MAP), BOTH, STRING, NONE, AT(STRING, map.label)),
    END};

static const asl_field fields_root[] = {
    F("StartAt", 0, BOTH, STRING, NONE, NOM),
    F("States", 0, BOTH, OBJECT, NONE, NOM),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    FE("Version", 0, e_version),
    FN("TimeoutSeconds", 0, BOTH, INT, 0, 0, MAXSEC, NOM),
    FE("QueryLanguage", 0, e_query_language),
    END};

static const asl_field fields_branch[] = {
    F("StartAt", 0, BOTH, STRING, NONE, NOM),
    F("States", 0, BOTH, OBJECT, NONE, NOM),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    FE("QueryLanguage", 0, e_query_language),
    END};

static const asl_field fields_processor[] = {
    F("StartAt", 0, BOTH, STRING, NONE, NOM),
    F("States", 0, BOTH, OBJECT, NONE, NOM),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    F("ProcessorConfig", 0, BOTH, OBJECT, PROCESSOR_CONFIG, NOM),
    END};

static const asl_field fields_processor_config[] = {
    FE("Mode", 0, e_mode),
    FE("ExecutionType", 0, e_execution_type),
    END};

static const asl_field fields_retrier[] = {
    FX("ErrorEquals", 0, BOTH, ARRAY, ASL_F_NONEMPTY, ERROR_EQUALS, NOM),
    FN("IntervalSeconds", 0, BOTH, INT, 0, 0, MAXSEC, IN(asl_retrier, DOUBLE, interval_seconds)),
    FN("MaxAttempts", 0, BOTH, INT, 0, 0, MAXSEC, IN(asl_retrier, LONG, max_attempts)),
    FN("BackoffRate", 0, BOTH, NUMBER, 0, 1, NOMAX, IN(asl_retrier, DOUBLE, backoff_rate)),
    FN("MaxDelaySeconds", 0, BOTH, INT, 0, 1, 31622400, IN(asl_retrier, LONG, max_delay_seconds)),
    FE("JitterStrategy", 0, e_jitter),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    END};

static const asl_field fields_catcher[] = {
    FX("ErrorEquals", 0, BOTH, ARRAY, ASL_F_NONEMPTY, ERROR_EQUALS, NOM),
    F("Next", 0, BOTH, STRING, TRANSITION, IN(asl_catcher, STRING, next_name)),
    F("ResultPath", 0, JSONPATH, RESULT_PATH, NONE, IN(asl_catcher, PATH_FIELD, result_path)),
    F("Output", 0, JSONATA, ANY, EXPRESSIONS, NOM),
    F("Assign", 0, BOTH, OBJECT, TEMPLATE, IN(asl_catcher, JV, assign)),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    END};

static const asl_field fields_credentials[] = {
    FX("RoleArn", 0, BOTH, STRING, ASL_F_EXPR, EXPRESSIONS, NOM),
    F("RoleArn.$", 0, JSONPATH, STRING, NONE, NOM),
    END};

static const asl_field fields_item_reader[] = {
    F("Resource", 0, BOTH, STRING, NONE, NOM),
    F("Parameters", 0, JSONPATH, OBJECT, TEMPLATE, NOM),
    F("Arguments", 0, JSONATA, ANY, EXPRESSIONS, NOM),
    F("ReaderConfig", 0, BOTH, OBJECT, READER_CONFIG, NOM),
    END};

static const asl_field fields_reader_config[] = {
    FE("InputType", 0, e_input_type),
    FE("CSVHeaderLocation", 0, e_header_location),
    F("CSVHeaders", 0, BOTH, ARRAY, NONE, NOM),
    FE("CSVDelimiter", 0, e_delimiter),
    FN("MaxItems", 0, BOTH, INT, ASL_F_EXPR, 0, 100000000, NOM),
    F("MaxItemsPath", 0, JSONPATH, REF_PATH, NONE, NOM),
    FE("Transformation", 0, e_reader_transformation),
    FE("ManifestType", 0, e_manifest_type),
    F("ItemsPointer", 0, BOTH, STRING, NONE, NOM),
    END};

static const asl_field fields_item_batcher[] = {
    FN("MaxItemsPerBatch", 0, BOTH, INT, ASL_F_EXPR, 1, NOMAX,
       IN(asl_item_batcher, JV, max_items)),
    F("MaxItemsPerBatchPath", 0, JSONPATH, REF_PATH, NONE,
      IN(asl_item_batcher, PATH, max_items_path)),
    FN("MaxInputBytesPerBatch", 0, BOTH, INT, ASL_F_EXPR, 1, 262144,
       IN(asl_item_batcher, JV, max_bytes)),
    F("MaxInputBytesPerBatchPath", 0, JSONPATH, REF_PATH, NONE,
      IN(asl_item_batcher, PATH, max_bytes_path)),
    F("BatchInput", 0, BOTH, ANY, TEMPLATE, IN(asl_item_batcher, TEMPLATE, batch_input)),
    END};

static const asl_field fields_result_writer[] = {
    F("Resource", 0, BOTH, STRING, NONE, NOM),
    F("Parameters", 0, JSONPATH, OBJECT, TEMPLATE, NOM),
    F("Arguments", 0, JSONATA, ANY, EXPRESSIONS, NOM),
    F("WriterConfig", 0, BOTH, OBJECT, WRITER_CONFIG, NOM),
    END};

static const asl_field fields_writer_config[] = {
    FE("OutputType", 0, e_output_type),
    FE("Transformation", 0, e_writer_transformation),
    END};

/* Rule fields other than the comparison operators (looked up separately). */
static const asl_field fields_choice_rule[] = {
    F("Variable", 0, JSONPATH, REF_PATH, NONE, IN(asl_choice_rule, PATH, variable)),
    FX("And", 0, JSONPATH, ARRAY, ASL_F_NONEMPTY, RULES, NOM),
    FX("Or", 0, JSONPATH, ARRAY, ASL_F_NONEMPTY, RULES, NOM),
    F("Not", 0, JSONPATH, OBJECT, RULE, NOM),
    F("Condition", 0, JSONATA, BOOL, NONE, NOM), /* a "{% %}" string or a boolean: see validate.c */
    F("Next", 0, BOTH, STRING, TRANSITION, IN(asl_choice_rule, STRING, next_name)),
    F("Assign", 0, BOTH, OBJECT, TEMPLATE, NOM),
    F("Output", 0, JSONATA, ANY, EXPRESSIONS, NOM),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    END};

static const asl_field fields_nested_rule[] = {
    F("Variable", 0, JSONPATH, REF_PATH, NONE, IN(asl_choice_rule, PATH, variable)),
    FX("And", 0, JSONPATH, ARRAY, ASL_F_NONEMPTY, RULES, NOM),
    FX("Or", 0, JSONPATH, ARRAY, ASL_F_NONEMPTY, RULES, NOM),
    F("Not", 0, JSONPATH, OBJECT, RULE, NOM),
    F("Comment", 0, BOTH, STRING, NONE, NOM),
    END};

static const asl_field *const tables[ASL_OBJ_COUNT] = {
    [ASL_OBJ_ROOT] = fields_root,
    [ASL_OBJ_STATE] = fields_state,
    [ASL_OBJ_BRANCH] = fields_branch,
    [ASL_OBJ_PROCESSOR] = fields_processor,
    [ASL_OBJ_PROCESSOR_CONFIG] = fields_processor_config,
    [ASL_OBJ_RETRIER] = fields_retrier,
    [ASL_OBJ_CATCHER] = fields_catcher,
    [ASL_OBJ_CREDENTIALS] = fields_credentials,
    [ASL_OBJ_ITEM_READER] = fields_item_reader,
    [ASL_OBJ_READER_CONFIG] = fields_reader_config,
    [ASL_OBJ_ITEM_BATCHER] = fields_item_batcher,
    [ASL_OBJ_RESULT_WRITER] = fields_result_writer,
    [ASL_OBJ_WRITER_CONFIG] = fields_writer_config,
    [ASL_OBJ_CHOICE_RULE] = fields_choice_rule,
    [ASL_OBJ_NESTED_RULE] = fields_nested_rule,
};

static const asl_exclusive exclusives[] = {
    {ASL_OBJ_STATE, T(TASK), false, {"TimeoutSeconds", "TimeoutSecondsPath", NULL}},
    {ASL_OBJ_STATE, T(TASK), false, {"HeartbeatSeconds", "HeartbeatSecondsPath", NULL}},
    {ASL_OBJ_STATE, T(WAIT), true, {"SecondsPath", "Seconds", "TimestampPath", "Timestamp", NULL}},
    {ASL_OBJ_STATE, T(FAIL), false, {"Error", "ErrorPath", NULL}},
    {ASL_OBJ_STATE, T(FAIL), false, {"Cause", "CausePath", NULL}},
    {ASL_OBJ_STATE, T(MAP), true, {"ItemProcessor", "Iterator", NULL}},
    {ASL_OBJ_STATE, T(MAP), false, {"Parameters", "ItemSelector", NULL}},
    {ASL_OBJ_STATE, T(MAP), false, {"MaxConcurrency", "MaxConcurrencyPath", NULL}},
    {ASL_OBJ_STATE, T(MAP), false, {"ToleratedFailureCount", "ToleratedFailureCountPath", NULL}},
    {ASL_OBJ_STATE, T(MAP), false,
     {"ToleratedFailurePercentage", "ToleratedFailurePercentagePath", NULL}},
    {ASL_OBJ_READER_CONFIG, 0, false, {"MaxItems", "MaxItemsPath", NULL}},
    {ASL_OBJ_ITEM_BATCHER, 0, false, {"MaxItemsPerBatch", "MaxItemsPerBatchPath", NULL}},
    {ASL_OBJ_ITEM_BATCHER, 0, false,
     {"MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", NULL}},
    {ASL_OBJ_COUNT, 0, false, {NULL}},
};

#define OP(name, kind) {name, ASL_V_##kind}
#define OPS(stem, kind) OP(stem, kind), OP(stem "Path", REF_PATH)
static const asl_choice_operator operators[] = {
    OPS("StringEquals", STRING),
    OPS("StringLessThan", STRING),
    OPS("StringGreaterThan", STRING),
    OPS("StringLessThanEquals", STRING),
    OPS("StringGreaterThanEquals", STRING),
    OP("StringMatches", STRING),
    OPS("NumericEquals", NUMBER),
    OPS("NumericLessThan", NUMBER),
    OPS("NumericGreaterThan", NUMBER),
    OPS("NumericLessThanEquals", NUMBER),
    OPS("NumericGreaterThanEquals", NUMBER),
    OPS("BooleanEquals", BOOL),
    OPS("TimestampEquals", TIMESTAMP),
    OPS("TimestampLessThan", TIMESTAMP),
    OPS("TimestampGreaterThan", TIMESTAMP),
    OPS("TimestampLessThanEquals", TIMESTAMP),
    OPS("TimestampGreaterThanEquals", TIMESTAMP),
    OP("IsNull", BOOL),
    OP("IsPresent", BOOL),
    OP("IsNumeric", BOOL),
    OP("IsString", BOOL),
    OP("IsBoolean", BOOL),
    OP("IsTimestamp", BOOL),
    {NULL, ASL_V_ANY},
};

static const char *const required_root[] = {"States", "StartAt", NULL};
static const char *const required_retrier[] = {"ErrorEquals", NULL};
static const char *const required_catcher[] = {"ErrorEquals", "Next", NULL};
static const char *const required_item_reader[] = {"Resource", NULL};
static const char *const required_none[] = {NULL};
static const char *const required_state[ASL_STATE_TYPE_COUNT][2] = {
    [ASL_TASK] = {"Resource", NULL},
    [ASL_CHOICE] = {"Choices", NULL},
    [ASL_PARALLEL] = {"Branches", NULL},
};

/* The tables are small and looked up for every member of every state: comparing the first
 * byte inline skips almost every strcmp call. */
static bool same_name(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

asl_state_type asl_schema_state_type(const char *name)
{
    for (int t = 0; t < ASL_STATE_TYPE_COUNT; t++)
        if (same_name(name, state_type_names[t]))
            return (asl_state_type)t;
    return ASL_STATE_TYPE_INVALID;
}

const char *asl_schema_state_type_name(asl_state_type t)
{
    return t >= 0 && t < ASL_STATE_TYPE_COUNT ? state_type_names[t] : "?";
}

const asl_field *asl_schema_field(asl_object_kind kind, const char *name)
{
    if (kind < 0 || kind >= ASL_OBJ_COUNT)
        return NULL;
    for (const asl_field *f = tables[kind]; f->name; f++)
        if (same_name(f->name, name))
            return f;
    return NULL;
}

const asl_field *asl_schema_fields(asl_object_kind kind)
{
    static const asl_field none[] = {END};
    return kind >= 0 && kind < ASL_OBJ_COUNT ? tables[kind] : none;
}

const char *const *asl_schema_required(asl_object_kind kind, asl_state_type type)
{
    switch (kind) {
    case ASL_OBJ_ROOT:
    case ASL_OBJ_BRANCH:
    case ASL_OBJ_PROCESSOR:
        return required_root;
    case ASL_OBJ_RETRIER:
        return required_retrier;
    case ASL_OBJ_CATCHER:
        return required_catcher;
    case ASL_OBJ_ITEM_READER:
        return required_item_reader;
    case ASL_OBJ_STATE:
        return type >= 0 && type < ASL_STATE_TYPE_COUNT && required_state[type][0]
                   ? required_state[type]
                   : required_none;
    default:
        return required_none;
    }
}

const asl_exclusive *asl_schema_exclusives(void)
{
    return exclusives;
}

const asl_choice_operator *asl_schema_choice_operator(const char *name)
{
    for (const asl_choice_operator *op = operators; op->name; op++)
        if (same_name(op->name, name))
            return op;
    return NULL;
}

const asl_choice_operator *asl_schema_choice_operators(void)
{
    return operators;
}
