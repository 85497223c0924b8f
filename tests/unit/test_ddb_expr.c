/* Unit tests: DynamoDB's expression languages (engine/services/ddb_expr.c, ddb_expr_eval.c):
 * conditions (comparators, BETWEEN, IN, AND/OR/NOT, the functions), updates (SET with + -,
 * if_not_exists, list_append, nested paths; REMOVE; ADD; DELETE), projections, key
 * conditions, and DynamoDB's messages for the errors: syntax, undefined names and values,
 * reserved words, overlapping paths, bad operand types, length and depth bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "services/ddb_expr.h"
#include "tap.h"

static const char ITEM[] =
    "{\"id\":{\"S\":\"u1\"},\"age\":{\"N\":\"30\"},\"name\":{\"S\":\"Ann Lee\"},"
    "\"tags\":{\"SS\":[\"a\",\"b\"]},\"nums\":{\"NS\":[\"1\",\"2\"]},"
    "\"lst\":{\"L\":[{\"S\":\"x\"},{\"N\":\"5\"}]},"
    "\"m\":{\"M\":{\"in\":{\"M\":{\"deep\":{\"S\":\"yes\"}}},\"n\":{\"N\":\"2\"}}},"
    "\"flag\":{\"BOOL\":true},\"nothing\":{\"NULL\":true}}";

static const char VALUES[] =
    "{\":u1\":{\"S\":\"u1\"},\":30\":{\"N\":\"30\"},\":20\":{\"N\":\"20.0\"},\":40\":{\"N\":\"4e1\"},"
    "\":ann\":{\"S\":\"Ann\"},\":a\":{\"S\":\"a\"},\":z\":{\"S\":\"z\"},\":ss\":{\"S\":\"SS\"},"
    "\":yes\":{\"S\":\"yes\"},\":x\":{\"S\":\"x\"},\":two\":{\"N\":\"2\"},\":one\":{\"N\":\"1\"},"
    "\":t\":{\"BOOL\":true},\":l\":{\"L\":[{\"S\":\"y\"}]},\":sa\":{\"SS\":[\"a\",\"c\"]},"
    "\":ns2\":{\"NS\":[\"2\"]},\":bogus\":{\"S\":\"XX\"}}";

static const char NAMES[] = "{\"#s\":\"status\",\"#n\":\"name\",\"#in\":\"in\"}";

static jv *item, *values, *names;

static ddb_expr *parse(ddb_expr_kind kind, const char *text, char *err, size_t n)
{
    ddb_expr_env env = {names, values, NULL, NULL};
    const char *label = kind == DDB_EXPR_UPDATE ? "UpdateExpression"
                      : kind == DDB_EXPR_PROJECTION ? "ProjectionExpression" : "ConditionExpression";
    return ddb_expr_parse(kind, label, text, &env, err, n);
}

static void cond(const char *text, bool want)
{
    char err[512];
    ddb_expr *e = parse(DDB_EXPR_CONDITION, text, err, sizeof err);
    if (!e) {
        tap_ok(false, "%s parses", text);
        tap_diag("%s", err);
        return;
    }
    tap_ok(ddb_condition_eval(e, item) == want, "%s is %s", text, want ? "true" : "false");
    ddb_expr_free(e);
}

static void bad(ddb_expr_kind kind, const char *text, const char *want)
{
    char err[512] = "";
    ddb_expr *e = parse(kind, text, err, sizeof err);
    if (!tap_ok(!e && !strncmp(err, want, strlen(want)), "'%s' is refused", text))
        tap_diag("got: %s", e ? "(parsed)" : err);
    ddb_expr_free(e);
}

static void update(const char *text, const char *want)
{
    char err[512] = "";
    ddb_expr *e = parse(DDB_EXPR_UPDATE, text, err, sizeof err);
    char *got = NULL;
    if (e) {
        jv *r = ddb_update_apply(e, item, err, sizeof err);
        got = r ? jv_dump_string(r, 0) : NULL;
        jv_unref(r);
    }
    if (!got) {
        size_t n = strlen(err) + 8;
        got = malloc(n);
        snprintf(got, n, "error %s", err);
    }
    if (!strncmp(want, "error ", 6)) {
        if (!tap_ok(!strncmp(got, want, strlen(want)), "%s fails", text))
            tap_diag("got: %s", got);
    } else {
        tap_is_str(got, want, "%s", text);
    }
    free(got);
    ddb_expr_free(e);
}

static void project(const char *text, const char *want)
{
    char err[512];
    ddb_expr *e = parse(DDB_EXPR_PROJECTION, text, err, sizeof err);
    jv *r = e ? ddb_projection_apply(e, item) : NULL;
    char *got = r ? jv_dump_string(r, 0) : strdup(err);
    tap_is_str(got, want, "projection %s", text);
    free(got);
    jv_unref(r);
    ddb_expr_free(e);
}

static void test_conditions(void)
{
    cond("id = :u1", true);
    cond("id <> :u1", false);
    cond("absent <> :u1", true);
    cond("absent = :u1", false);
    cond("age > :20", true);
    cond("age >= :30 AND age <= :30", true);
    cond("age < :20", false);
    cond("age = :30", true);
    cond("id > :30", false);
    cond("age BETWEEN :20 AND :40", true);
    cond("age BETWEEN :40 AND :20", false);
    cond("id IN (:a, :u1)", true);
    cond("id IN (:a)", false);
    cond("NOT id = :u1", false);
    cond("id = :a OR age = :30", true);
    cond("id = :a OR age = :30 AND flag = :t", true);
    cond("(id = :a OR age = :30) AND flag = :t", true);
    cond("attribute_exists(m.#in.deep)", true);
    cond("attribute_exists(m.nope)", false);
    cond("attribute_not_exists(zz)", true);
    cond("attribute_type(tags, :ss)", true);
    cond("attribute_type(age, :ss)", false);
    cond("begins_with(#n, :ann)", true);
    cond("begins_with(id, :ann)", false);
    cond("contains(#n, :ann)", true);
    cond("contains(tags, :a)", true);
    cond("contains(tags, :z)", false);
    cond("contains(lst, :x)", true);
    cond("contains(nums, :two)", true);
    cond("size(#n) = :one", false);
    cond("size(tags) = :two", true);
    cond("size(lst) > :one", true);
    cond("lst[1] = :two", false);
    cond("m.n = :two", true);
    cond("m.#in.deep = :yes", true);
    cond("lst[0] = :x", true);
    cond("  id   =   :u1  ", true);
    cond("nothing = nothing", true);
}

static void test_updates(void)
{
    update("SET age = age + :one", "{\"id\":{\"S\":\"u1\"},\"age\":{\"N\":\"31\"},\"name\":{\"S\":\"Ann Lee\"},"
           "\"tags\":{\"SS\":[\"a\",\"b\"]},\"nums\":{\"NS\":[\"1\",\"2\"]},\"lst\":{\"L\":[{\"S\":\"x\"},"
           "{\"N\":\"5\"}]},\"m\":{\"M\":{\"in\":{\"M\":{\"deep\":{\"S\":\"yes\"}}},\"n\":{\"N\":\"2\"}}},"
           "\"flag\":{\"BOOL\":true},\"nothing\":{\"NULL\":true}}");
    update("REMOVE age, #n, tags, nums, lst, m, flag, nothing", "{\"id\":{\"S\":\"u1\"}}");
    update("REMOVE age, #n, tags, nums, m, flag, nothing, lst[0]",
           "{\"id\":{\"S\":\"u1\"},\"lst\":{\"L\":[{\"N\":\"5\"}]}}");
    update("SET m.n = :one, m.#in.deep = :x REMOVE age, #n, tags, nums, lst, flag, nothing",
           "{\"id\":{\"S\":\"u1\"},\"m\":{\"M\":{\"in\":{\"M\":{\"deep\":{\"S\":\"x\"}}},\"n\":{\"N\":\"1\"}}}}");
    update("SET lst[5] = :x, c = list_append(:l, lst) REMOVE age, #n, tags, nums, m, flag, nothing",
           "{\"id\":{\"S\":\"u1\"},\"lst\":{\"L\":[{\"S\":\"x\"},{\"N\":\"5\"},{\"S\":\"x\"}]},"
           "\"c\":{\"L\":[{\"S\":\"y\"},{\"S\":\"x\"},{\"N\":\"5\"}]}}");
    update("ADD tags :sa, age :two DELETE nums :ns2 REMOVE #n, lst, m, flag, nothing",
           "{\"id\":{\"S\":\"u1\"},\"age\":{\"N\":\"32\"},\"tags\":{\"SS\":[\"a\",\"b\",\"c\"]},"
           "\"nums\":{\"NS\":[\"1\"]}}");
    update("DELETE tags :sa REMOVE age, #n, nums, lst, m, flag, nothing",
           "{\"id\":{\"S\":\"u1\"},\"tags\":{\"SS\":[\"b\"]}}");
    update("SET n2 = if_not_exists(age, :one) - :two REMOVE age, #n, tags, nums, lst, m, flag, nothing",
           "{\"id\":{\"S\":\"u1\"},\"n2\":{\"N\":\"28\"}}");
    update("set age = :x remove #n, tags, nums, lst, m, flag, nothing",
           "{\"id\":{\"S\":\"u1\"},\"age\":{\"S\":\"x\"}}");
    update("SET a = #n + :one", "error Invalid UpdateExpression: Incorrect operand type for "
           "operator or function; operator or function: +, operand type: S");
    update("SET a = zz", "error The provided expression refers to an attribute that does not "
           "exist in the item");
    update("SET zz.a = :one", "error The document path provided in the update expression is "
           "invalid for update");
    update("ADD #n :one", "error Invalid UpdateExpression: Incorrect operand type for operator or "
           "function; operator: ADD, operand type: S");
    update("SET a = list_append(age, :l)", "error Invalid UpdateExpression: Incorrect operand type "
           "for operator or function; operator or function: list_append, operand type: N");
    update("DELETE tags :one", "error Invalid UpdateExpression: Incorrect operand type for operator "
           "or function; operator: DELETE");
}

static void test_errors(void)
{
    bad(DDB_EXPR_UPDATE, "SET", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"");
    bad(DDB_EXPR_UPDATE, "SET a :one", "Invalid UpdateExpression: Syntax error; token: \":one\", near: \"a :one\"");
    bad(DDB_EXPR_UPDATE, "PUT a = :one", "Invalid UpdateExpression: Syntax error; token: \"PUT\"");
    bad(DDB_EXPR_UPDATE, "SET a = :nope", "Invalid UpdateExpression: An expression attribute value "
        "used in expression is not defined; attribute value: :nope");
    bad(DDB_EXPR_UPDATE, "SET #nope = :one", "Invalid UpdateExpression: An expression attribute "
        "name used in the document path is not defined; attribute name: #nope");
    bad(DDB_EXPR_UPDATE, "SET status = :one", "Invalid UpdateExpression: Attribute name is a "
        "reserved keyword; reserved keyword: status");
    bad(DDB_EXPR_UPDATE, "SET a = :one SET b = :one", "Invalid UpdateExpression: The \"SET\" "
        "section can only be used once");
    bad(DDB_EXPR_UPDATE, "SET a = :one REMOVE a", "Invalid UpdateExpression: Two document paths "
        "overlap with each other; must remove or rewrite one of these paths; path one: [a], "
        "path two: [a]");
    bad(DDB_EXPR_UPDATE, "SET m.a = :one, m = :one", "Invalid UpdateExpression: Two document paths "
        "overlap");
    bad(DDB_EXPR_UPDATE, "SET a = begins_with(a, :x)", "Invalid UpdateExpression: Invalid function "
        "name; function: begins_with");
    bad(DDB_EXPR_UPDATE, "", "Invalid UpdateExpression: The expression can not be empty;");
    bad(DDB_EXPR_CONDITION, "id = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
    bad(DDB_EXPR_CONDITION, "id == :u1", "Invalid ConditionExpression: Syntax error; token: \"=\"");
    bad(DDB_EXPR_CONDITION, "id = :u1 AND", "Invalid ConditionExpression: Syntax error");
    bad(DDB_EXPR_CONDITION, "(id = :u1", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
    bad(DDB_EXPR_CONDITION, "id", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
    bad(DDB_EXPR_CONDITION, "foo(id)", "Invalid ConditionExpression: Invalid function name; "
        "function: foo");
    bad(DDB_EXPR_CONDITION, "begins_with(id)", "Invalid ConditionExpression: Incorrect number of "
        "operands for operator or function; operator or function: begins_with, number of operands: 1");
    bad(DDB_EXPR_CONDITION, "attribute_exists(:u1)", "Invalid ConditionExpression: Operator or "
        "function requires a document path; operator or function: attribute_exists");
    bad(DDB_EXPR_CONDITION, "attribute_type(id, :bogus)", "Invalid ConditionExpression: Invalid "
        "attribute type name found; type: XX");
    bad(DDB_EXPR_CONDITION, "id = :u1 $", "Invalid ConditionExpression: Syntax error; token: \"$\"");
    bad(DDB_EXPR_CONDITION, "a[x] = :u1", "Invalid ConditionExpression: Syntax error; token: \"x\"");
    bad(DDB_EXPR_PROJECTION, "a,", "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\"");
    bad(DDB_EXPR_PROJECTION, "data", "Invalid ProjectionExpression: Attribute name is a reserved "
        "keyword; reserved keyword: data");

    /* bounds: length and depth */
    size_t n = DDB_EXPR_MAX_LEN + 10;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    memcpy(big, "id = :u1", 8);
    big[n] = '\0';
    bad(DDB_EXPR_CONDITION, big, "Invalid ConditionExpression: Expression size has exceeded the "
        "maximum allowed size");
    size_t depth = 1000;
    char *deep = malloc(2 * depth + 16);
    memset(deep, '(', depth);
    strcpy(deep + depth, "id = :u1");
    memset(deep + depth + 8, ')', depth);
    deep[2 * depth + 8] = '\0';
    bad(DDB_EXPR_CONDITION, deep, "Invalid ConditionExpression: The expression is nested too deeply");
    deep[0] = '\0';
    strcpy(deep, "");
    for (int i = 0; i < 200; i++)
        strcat(deep, "(");
    strcat(deep, "id = :u1");
    for (int i = 0; i < 200; i++)
        strcat(deep, ")");
    bad(DDB_EXPR_CONDITION, deep, "Invalid ConditionExpression: The expression is nested too deeply");
    strcpy(deep, "");
    for (int i = 0; i < 100; i++)
        strcat(deep, "NOT ");
    strcat(deep, "id = :u1");
    bad(DDB_EXPR_CONDITION, deep, "Invalid ConditionExpression: The expression is nested too deeply");
    free(deep);
    free(big);
}

static void test_projection_and_keys(void)
{
    project("id, m.n", "{\"id\":{\"S\":\"u1\"},\"m\":{\"M\":{\"n\":{\"N\":\"2\"}}}}");
    project("lst[1], nope", "{\"lst\":{\"L\":[{\"N\":\"5\"}]}}");
    project("#n", "{\"name\":{\"S\":\"Ann Lee\"}}");
    char err[512];
    const char *names2[2];
    bool eq[2];
    ddb_expr *e = parse(DDB_EXPR_CONDITION, "id = :u1 AND begins_with(#n, :ann)", err, sizeof err);
    tap_is_int((long long)ddb_key_condition_parts(e, names2, eq, err, sizeof err), 2,
               "a key condition of two parts");
    tap_ok(!strcmp(names2[0], "id") && eq[0] && !strcmp(names2[1], "name") && !eq[1],
           "naming the attributes, the first an equality");
    ddb_expr_free(e);
    e = parse(DDB_EXPR_CONDITION, "id = :u1 OR age = :30", err, sizeof err);
    tap_is_int((long long)ddb_key_condition_parts(e, names2, eq, err, sizeof err), 0,
               "OR is no key condition");
    ddb_expr_free(e);
    bool used[32] = {false}, nused[8] = {false};
    ddb_expr_env env = {names, values, nused, used};
    e = ddb_expr_parse(DDB_EXPR_CONDITION, "ConditionExpression", "#n = :ann", &env, err, sizeof err);
    int count = 0;
    for (int i = 0; i < 32; i++)
        count += used[i];
    tap_ok(e && count == 1 && nused[1] && !nused[0], "the names and values used are marked");
    ddb_expr_free(e);
}

int main(void)
{
    item = jv_parse_cstr(ITEM, NULL);
    values = jv_parse_cstr(VALUES, NULL);
    names = jv_parse_cstr(NAMES, NULL);
    test_conditions();
    test_updates();
    test_errors();
    test_projection_and_keys();
    jv_unref(item);
    jv_unref(values);
    jv_unref(names);
    return tap_done();
}
