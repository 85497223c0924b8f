/* libFuzzer target: the DynamoDB expression languages (ddb_expr.h). The first byte picks
 * the kind (condition, update, projection, or a key condition: a condition split into its
 * key parts), the rest is the expression's text; it is parsed with fixed
 * ExpressionAttributeNames and Values and, when it parses, evaluated on a fixed item and on
 * no item (conditions), applied (updates) or projected (projections). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "jv_text.h"
#include "services/ddb_expr.h"
#include "services/ddb_number.h"

static const char NAMES[] = "{\"#n\":\"n\",\"#s\":\"s\",\"#l\":\"l\",\"#m\":\"m\",\"#k\":\"pk\","
                            "\"#r\":\"name\",\"#d\":\"a.b\"}";
static const char VALUES[] =
    "{\":n\":{\"N\":\"1.5\"},\":big\":{\"N\":\"99999999999999999999999999999999999999\"},"
    "\":tiny\":{\"N\":\"1E-130\"},\":s\":{\"S\":\"x\"},\":e\":{\"S\":\"\"},"
    "\":ss\":{\"SS\":[\"a\",\"b\"]},\":ns\":{\"NS\":[\"1\",\"2\"]},\":bs\":{\"BS\":[\"AA==\"]},"
    "\":l\":{\"L\":[{\"N\":\"1\"},{\"S\":\"y\"}]},\":m\":{\"M\":{\"a\":{\"BOOL\":true}}},"
    "\":b\":{\"B\":\"AQI=\"},\":t\":{\"S\":\"N\"},\":null\":{\"NULL\":true},\":f\":{\"BOOL\":false}}";
static const char ITEM[] =
    "{\"pk\":{\"S\":\"k\"},\"n\":{\"N\":\"-3\"},\"s\":{\"S\":\"str\"},"
    "\"l\":{\"L\":[{\"N\":\"1\"},{\"L\":[{\"S\":\"z\"}]},{\"M\":{\"q\":{\"N\":\"2\"}}}]},"
    "\"m\":{\"M\":{\"a\":{\"M\":{\"b\":{\"SS\":[\"u\",\"v\"]}}},\"c\":{\"NS\":[\"7\"]}}},"
    "\"name\":{\"NULL\":true},\"bs\":{\"BS\":[\"AA==\",\"AQ==\"]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void number(const char *text)
{
    ddb_num x, y, r;
    char buf[DDB_NUM_TEXT_MAX], err[256];
    ddb_num_status st = ddb_num_parse(text, &x);
    ddb_num_message(st, text, err, sizeof err);
    if (st != DDB_NUM_OK)
        return;
    ddb_num_format(&x, buf);
    if (ddb_num_parse(buf, &y) != DDB_NUM_OK || ddb_num_cmp(&x, &y) != 0)
        abort();   /* the canonical text reads back as the same number */
    for (int sub = 0; sub < 2; sub++)
        if (ddb_num_add(&x, &y, sub, &r) == DDB_NUM_OK)
            ddb_num_format(&r, buf);
}

static void run(ddb_expr_kind kind, bool key, const char *text, const jv *item,
                ddb_expr_env *env)
{
    char err[1024];
    ddb_expr *e = ddb_expr_parse(kind, "Expression", text, env, err, sizeof err);
    if (!e)
        return;
    if (kind == DDB_EXPR_CONDITION) {
        (void)ddb_condition_eval(e, item);
        (void)ddb_condition_eval(e, NULL);
        if (key) {
            const char *names[2];
            bool eq[2];
            (void)ddb_key_condition_parts(e, names, eq, err, sizeof err);
        }
    } else if (kind == DDB_EXPR_UPDATE) {
        jv_unref(ddb_update_apply(e, item, err, sizeof err));
        jv_unref(ddb_update_apply(e, NULL, err, sizeof err));
        for (size_t i = 0; i < ddb_update_target_count(e); i++)
            (void)strlen(ddb_update_target(e, i));
    } else {
        jv_unref(ddb_projection_apply(e, item));
    }
    ddb_expr_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    jv *names = jv_parse_cstr(NAMES, NULL), *values = jv_parse_cstr(VALUES, NULL);
    jv *item = jv_parse_cstr(ITEM, NULL);
    bool names_used[16] = {false}, values_used[16] = {false};
    ddb_expr_env env = {names, values, names_used, values_used};
    static const ddb_expr_kind kinds[4] = {DDB_EXPR_CONDITION, DDB_EXPR_UPDATE,
                                           DDB_EXPR_PROJECTION, DDB_EXPR_CONDITION};
    if (data[0] % 5 == 4)
        number(text);
    else
        run(kinds[data[0] % 5], data[0] % 5 == 3, text, item, &env);
    jv_unref(item);
    jv_unref(values);
    jv_unref(names);
    free(text);
    return 0;
}
