/* Unit tests: JSONPath compile, evaluate (definite, indefinite, misses), ResultPath assign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonpath.h"
#include "jv.h"
#include "jv_text.h"
#include "strbuf.h"
#include "tap.h"

static const char *const STORE =
    "{\"store\":{\"book\":["
    "{\"category\":\"reference\",\"author\":\"Nigel Rees\",\"title\":\"Sayings\",\"price\":8.95},"
    "{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"title\":\"Sword\",\"price\":12.99},"
    "{\"category\":\"fiction\",\"author\":\"Herman Melville\",\"title\":\"Moby Dick\","
    "\"isbn\":\"0-553-21311-3\",\"price\":8.99},"
    "{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\",\"title\":\"LOTR\","
    "\"isbn\":\"0-395-19395-8\",\"price\":22.99}],"
    "\"bicycle\":{\"color\":\"red\",\"price\":19.95}},\"expensive\":10}";

static jv *parse(const char *text)
{
    jv_parse_error err;
    jv *v = jv_parse_cstr(text, &err);
    if (!v) {
        fprintf(stderr, "test JSON does not parse: %s: %s\n", text, err.message);
        exit(2);
    }
    return v;
}

/* Evaluates path on doc: expected is the compact JSON of the result, or NULL for a miss
 * whose message must be miss_msg. */
static void check(const char *doc, const char *path, const char *expected, const char *miss_msg)
{
    jsonpath_error err;
    jsonpath *p = jsonpath_compile(path, &err);
    if (!tap_ok(p != NULL, "compiles %s", path)) {
        tap_diag("at %zu: %s", err.position, err.message);
        return;
    }
    jv *d = parse(doc);
    jsonpath_miss miss = {""};
    jv *r = jsonpath_eval_on(p, d, &miss);
    char *got = r ? jv_dump_string(r, 0) : NULL;
    if (expected) {
        tap_is_str(got ? got : "(miss)", expected, "%s", path);
        if (!got)
            tap_diag("miss: %s", miss.message);
    } else {
        tap_ok(r == NULL, "%s misses", path);
        tap_is_str(miss.message, miss_msg, "%s miss message", path);
    }
    free(got);
    jv_unref(r);
    jv_unref(d);
    jsonpath_free(p);
}

static void check_bad(const char *path, size_t position, const char *msg_part)
{
    jsonpath_error err = {0, ""};
    jsonpath *p = jsonpath_compile(path, &err);
    tap_ok(p == NULL, "rejects %s", path);
    tap_is_int((long long)err.position, (long long)position, "error position for %s", path);
    if (!tap_ok(strstr(err.message, msg_part) != NULL, "message for %s mentions '%s'", path, msg_part))
        tap_diag("message: %s", err.message);
    jsonpath_free(p);
}

static void check_flags(const char *path, bool definite, bool reference, bool root)
{
    jsonpath *p = jsonpath_compile(path, NULL);
    if (!tap_ok(p != NULL, "compiles %s", path))
        return;
    tap_ok(jsonpath_is_definite(p) == definite, "%s is %sdefinite", path, definite ? "" : "in");
    tap_ok(jsonpath_is_reference(p) == reference, "%s is %sa reference path", path,
           reference ? "" : "not ");
    tap_ok(jsonpath_is_root(p) == root, "%s is %sthe root", path, root ? "" : "not ");
    jsonpath_free(p);
}

static void test_names(void)
{
    const char *doc = "{\"a\":{\"b\":1,\"n\":null,\"f\":false},\"x y\":2,\"it's\":3,\"q\\\"x\":4,"
                      "\"\\u00e9\":5,\"my-key\":6,\"a.b\":7}";
    check(doc, "$",
          "{\"a\":{\"b\":1,\"n\":null,\"f\":false},\"x y\":2,\"it's\":3,\"q\\\"x\":4,"
          "\"\xc3\xa9\":5,\"my-key\":6,\"a.b\":7}",
          NULL);
    check(doc, "$.a.b", "1", NULL);
    check(doc, "$['a']['b']", "1", NULL);
    check(doc, "$[\"a\"][\"b\"]", "1", NULL);
    check(doc, "$.a['b']", "1", NULL);
    check(doc, "$.['a'].b", "1", NULL);
    check(doc, "$[ 'a' ]", "{\"b\":1,\"n\":null,\"f\":false}", NULL);
    check(doc, "$.a.n", "null", NULL);
    check(doc, "$.a.f", "false", NULL);
    check(doc, "$['x y']", "2", NULL);
    check(doc, "$[\"it's\"]", "3", NULL);
    check(doc, "$['q\"x']", "4", NULL);
    /* bracket names are raw: a backslash protects a quote but stays in the name (as AWS) */
    check("{\"it\\\\'s\":1,\"Test\\\\\\\"\\\"Name\\\"\":2}", "$['it\\'s']", "1", NULL);
    check("{\"it\\\\'s\":1,\"Test\\\\\\\"\\\"Name\\\"\":2}", "$['Test\\\"\"Name\"']", "2", NULL);
    check("{\"\\\\u00e9\":1}", "$['\\u00e9']", "1", NULL);
    check(doc, "$['\xc3\xa9']", "5", NULL);
    check(doc, "$.my-key", "6", NULL);
    check(doc, "$['a.b']", "7", NULL);
}

static void test_misses(void)
{
    const char *doc = "{\"a\":{\"b\":1,\"n\":null,\"s\":\"str\"},\"arr\":[1,2,3],\"num\":5}";
    check(doc, "$.nope", NULL, "No results for path: $['nope']");
    check(doc, "$.a.nope", NULL, "No results for path: $['a']['nope']");
    check(doc, "$.no.such.path", NULL, "Missing property in path $['no']");
    check(doc, "$.a.no.such", NULL, "Missing property in path $['a']['no']");
    check(doc, "$.arr[3]", NULL, "No results for path: $['arr'][3]");
    check(doc, "$.arr[-4]", NULL, "No results for path: $['arr'][-4]");
    check(doc, "$.arr[7].x", NULL, "No results for path: $['arr'][7]['x']");
    check(doc, "$.num.x", NULL,
          "Expected to find an object with property ['x'] in path $['num'] but found "
          "'java.lang.Integer'. This is not a json object according to the JsonProvider: "
          "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.");
    check(doc, "$.a.n.x", NULL,
          "Expected to find an object with property ['x'] in path $['a']['n'] but found "
          "'null'. This is not a json object according to the JsonProvider: "
          "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.");
    check(doc, "$.arr.x", NULL,
          "Expected to find an object with property ['x'] in path $['arr'] but found "
          "'net.minidev.json.JSONArray'. This is not a json object according to the "
          "JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.");
    check(doc, "$.a.n[0]", NULL, "The path $['a']['n'] is null");
    check(doc, "$.a[0]", NULL,
          "Filter: [0] can only be applied to arrays. Current context is: "
          "{\"b\":1,\"n\":null,\"s\":\"str\"}");
    check(doc, "$.a.s[0].b", NULL,
          "Filter: [0]['b'] can only be applied to arrays. Current context is: str");
    check("\"text\"", "$.a", NULL,
          "Expected to find an object with property ['a'] in path $ but found "
          "'java.lang.String'. This is not a json object according to the JsonProvider: "
          "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.");
}

static void test_indexes(void)
{
    const char *doc = "{\"a\":[10,20,30,40,50]}";
    check(doc, "$.a[0]", "10", NULL);
    check(doc, "$.a[4]", "50", NULL);
    check(doc, "$.a[-1]", "50", NULL);
    check(doc, "$.a[-5]", "10", NULL);
    check(doc, "$.a[ 1 ]", "20", NULL);
    check(doc, "$.a[0,2]", "[10,30]", NULL);
    check(doc, "$.a[4, 0, 9]", "[50,10]", NULL);
    check(doc, "$.a[-1,-2]", "[50,40]", NULL);
    check("[[1,2],[3,4]]", "$[1][0]", "3", NULL);
}

static void test_wildcards(void)
{
    const char *doc = "{\"a\":{\"x\":1,\"y\":[2,3]},\"l\":[{\"v\":1},{\"w\":2},{\"v\":3}]}";
    check(doc, "$.*", "[{\"x\":1,\"y\":[2,3]},[{\"v\":1},{\"w\":2},{\"v\":3}]]", NULL);
    check(doc, "$.a.*", "[1,[2,3]]", NULL);
    check(doc, "$.a[*]", "[1,[2,3]]", NULL);
    check(doc, "$.l[*].v", "[1,3]", NULL);
    check(doc, "$.l[*]['v','w']", "[{\"v\":1},{\"w\":2},{\"v\":3}]", NULL);
    check(doc, "$.a.x.*", "[]", NULL);
    check("{}", "$[*]", "[]", NULL);
    check("{}", "$.items[*]", "[]", NULL);
    check("{}", "$.item.items[*]", "[]", NULL);
    check("{}", "$.items[*].itemValue", "[]", NULL);
    check("{}", "$.items[1:]", "[]", NULL);
    check("{}", "$.items[:1].itemValue", "[]", NULL);
    check("{\"items\":5}", "$.items[*]", "[]", NULL);
}

static void test_slices(void)
{
    const char *doc = "[0,1,2,3,4]";
    check(doc, "$[1:]", "[1,2,3,4]", NULL);
    check(doc, "$[:2]", "[0,1]", NULL);
    check(doc, "$[-2:]", "[3,4]", NULL);
    check(doc, "$[-9:]", "[0,1,2,3,4]", NULL);
    check(doc, "$[9:]", "[]", NULL);
    check(doc, "$[:-1]", "[0,1,2,3]", NULL);
    check(doc, "$[:9]", "[0,1,2,3,4]", NULL);
    check(doc, "$[1:3]", "[1,2]", NULL);
    check(doc, "$[3:1]", "[]", NULL);
    check(doc, "$[1:99]", "[1,2,3,4]", NULL);
    /* Jayway does not normalize a negative start in [a:b], and ignores a step */
    check(doc, "$[-3:2]", "[2,3,4,0,1]", NULL);
    check(doc, "$[-2:-1]", "[3]", NULL);
    check(doc, "$[-2147483648:1]", "[0,1,2,3,4,0]", NULL);
    check(doc, "$[0:4:2]", "[0,1,2,3]", NULL);
    check("{\"l\":[{\"v\":1},{\"v\":2},{\"v\":3}]}", "$.l[1:].v", "[2,3]", NULL);
    check("[]", "$[0:]", "[]", NULL);
}

static void test_unions(void)
{
    const char *doc = "{\"a\":1,\"b\":{\"c\":2},\"d\":{\"c\":3}}";
    /* a leaf union of names merges into one object (definite, as in Jayway) */
    check(doc, "$['a','b']", "{\"a\":1,\"b\":{\"c\":2}}", NULL);
    check(doc, "$['a','zz']", "{\"a\":1}", NULL);
    check(doc, "$['b','d'].c", "[2,3]", NULL);
    check(doc, "$['b','a'].c", "[2]", NULL);
}

static void test_descent(void)
{
    check(STORE, "$..author",
          "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]", NULL);
    check(STORE, "$.store..price", "[8.95,12.99,8.99,22.99,19.95]", NULL);
    check(STORE, "$..book[2].title", "[\"Moby Dick\"]", NULL);
    check(STORE, "$..book[-1:].title", "[\"LOTR\"]", NULL);
    check(STORE, "$..book[0,1].title", "[\"Sayings\",\"Sword\"]", NULL);
    check(STORE, "$..book[?(@.isbn)].title", "[\"Moby Dick\",\"LOTR\"]", NULL);
    check(STORE, "$..[?(@.price < 10)].title", "[\"Sayings\",\"Moby Dick\"]", NULL);
    check("{\"a\":{\"b\":{\"a\":1}},\"c\":[{\"a\":2}]}", "$..a", "[{\"b\":{\"a\":1}},1,2]", NULL);
    check("{\"a\":[1,{\"b\":2}]}", "$..*", "[[1,{\"b\":2}],1,{\"b\":2},2]", NULL);
    check("{\"a\":1}", "$..a", "[1]", NULL);
    check("{\"d\":{\"x\":{\"a\":[1,2]}}}", "$.d..a", "[[1,2]]", NULL);
    check("{\"d\":{\"x\":{\"a\":[1,2]}}}", "$.d..a[*]", "[1,2]", NULL);
    check("{\"x\":[[1,2],[3]]}", "$..[0]", "[[1,2],1,3]", NULL);
    check("5", "$..a", "[]", NULL);
}

static void test_filters(void)
{
    check(STORE, "$.store.book[?(@.price > 10)].title", "[\"Sword\",\"LOTR\"]", NULL);
    check(STORE, "$.store.book[?(@.price >= 8.99 && @.isbn)].title", "[\"Moby Dick\",\"LOTR\"]",
          NULL);
    check(STORE, "$.store.book[?(@.category == 'reference' || @.price > 20)].title",
          "[\"Sayings\",\"LOTR\"]", NULL);
    check(STORE, "$.store.book[?(!(@.category == 'fiction'))].title", "[\"Sayings\"]", NULL);
    check(STORE, "$.store.book[?(!@.isbn)].title", "[\"Sayings\",\"Sword\"]", NULL);
    check(STORE, "$.store.book[?(@.price < $.expensive)].price", "[8.95,8.99]", NULL);
    check(STORE, "$.store.book[?(@.author =~ /.*Melville/)].title", "[\"Moby Dick\"]", NULL);
    check(STORE, "$.store.book[?(@.author =~ /melville/i)].title", "[]", NULL);
    check(STORE, "$.store.book[?(@.author =~ /.*melville/i)].title", "[\"Moby Dick\"]", NULL);
    check(STORE, "$.store.book[?(@.title in ['Sword', 'LOTR'])].price", "[12.99,22.99]", NULL);
    check(STORE, "$.store.book[?(@.title nin [\"Sword\",\"LOTR\"])].price", "[8.95,8.99]", NULL);
    check(STORE, "$.store.book[?(@.price in [8.95, '22.99', []])].title", "[\"Sayings\",\"LOTR\"]",
          NULL);
    check("[{\"o\":{\"k\":[1]}}]", "$[?(@.o == {\"k\":[1]})]", "[{\"o\":{\"k\":[1]}}]", NULL);
    check(STORE, "$.store.book[?(@.title < 'N')].title", "[\"Moby Dick\",\"LOTR\"]", NULL);
    check(STORE, "$.store.book[?(@.category != 'fiction')].title", "[\"Sayings\"]", NULL);
    check(STORE, "$.store.book[?(@.isbn != '0-553-21311-3')].title",
          "[\"Sayings\",\"Sword\",\"LOTR\"]", NULL);
    check(STORE, "$.store.book[?((@.price > 20 || @.price < 9) && @.isbn)].title",
          "[\"Moby Dick\",\"LOTR\"]", NULL);

    const char *l = "{\"list\":[{\"keep\":true},{\"keep\":false},{\"other\":1},"
                    "{\"keep\":null},5,\"s\",[1]]}";
    check(l, "$.list[?(@.keep)]", "[{\"keep\":true},{\"keep\":false},{\"keep\":null}]", NULL);
    check(l, "$.list[?(@.keep == true)]", "[{\"keep\":true}]", NULL);
    check(l, "$.list[?(@.keep == null)]", "[{\"keep\":null}]", NULL);
    check(l, "$.list[?(@.keep != true)]",
          "[{\"keep\":false},{\"other\":1},{\"keep\":null}]", NULL);
    /* @ only matches objects (AWS): the scalars and the array are never selected */
    check("[1,2,3,{\"a\":1}]", "$[?(@ > 1)]", "[]", NULL);
    check("[1,2,3,{\"a\":1}]", "$[?(@)]", "[{\"a\":1}]", NULL);
    /* loose number/string equality, as Jayway's value nodes */
    check("[{\"v\":5},{\"v\":\"5\"},{\"v\":6}]", "$[?(@.v == 5)]", "[{\"v\":5},{\"v\":\"5\"}]", NULL);
    check("[{\"v\":5},{\"v\":\"5\"},{\"v\":6}]", "$[?(@.v == '5')]", "[{\"v\":5},{\"v\":\"5\"}]", NULL);
    /* ordering only between two numbers or two strings */
    check("[{\"v\":5},{\"v\":\"7\"}]", "$[?(@.v > 1)]", "[{\"v\":5}]", NULL);
    check("[{\"a\":{\"b\":[1,2]}},{\"a\":{\"b\":[1]}}]", "$[?(@.a.b == [1,2])]",
          "[{\"a\":{\"b\":[1,2]}}]", NULL);
    check("[{\"a\":[1,2]},{\"a\":[]}]", "$[?(@.a[*])]", "[{\"a\":[1,2]}]", NULL);
    check("[{\"a\":[1,2]},{\"a\":[5]}]", "$[?(@.a.length() == 2)]", "[{\"a\":[1,2]}]", NULL);
    check("{\"users\":[{\"status\":0,\"n\":\"a\"},{\"status\":1,\"n\":\"b\"}]}",
          "$.users[?(@.status == 0)].n", "[\"a\"]", NULL);
    check("[{\"year\":1998},{\"year\":2001}]", "$[?(@.year <= 1999)]", "[{\"year\":1998}]", NULL);
    /* a filter on an object filters the object itself */
    check("{\"o\":{\"a\":1}}", "$.o[?(@.a == 1)]", "[{\"a\":1}]", NULL);
    check("{\"o\":{\"a\":1}}", "$.o[?(@.a == 2)]", "[]", NULL);
    check("{\"o\":\"x\"}", "$.o[?(@.a == 2)]", "[]", NULL);
    check("[{\"s\":\"a\\\"b\"}]", "$[?(@.s == 'a\"b')]", "[{\"s\":\"a\\\"b\"}]", NULL);
    check("[{\"s\":\"it's\"}]", "$[?(@.s == 'it\\'s')]", "[{\"s\":\"it's\"}]", NULL);
    check("[{\"n\":-1.5e2}]", "$[?(@.n == -150)]", "[{\"n\":-150}]", NULL);
    check("[{\"a\":{\"b\":1}},{\"a\":{\"c\":1}}]", "$[?(@.a[?(@.b)])]", "[{\"a\":{\"b\":1}}]", NULL);
}

static void test_functions(void)
{
    const char *doc = "{\"a\":[3,1,2,\"x\"],\"o\":{\"k\":1,\"j\":2},\"e\":[]}";
    check(doc, "$.a.length()", "4", NULL);
    check(doc, "$.o.length()", "2", NULL);
    check(doc, "$.a.sum()", "6", NULL);
    check(doc, "$.a.min()", "1", NULL);
    check(doc, "$.a.max()", "3", NULL);
    check(doc, "$.a.avg()", "2", NULL);
    check(doc, "$.o.keys()", "[\"k\",\"j\"]", NULL);
    check(doc, "$.a.first()", "3", NULL);
    check(doc, "$.a.last()", "\"x\"", NULL);
    check(doc, "$.o.*.length()", "2", NULL);
    check(doc, "$.e.sum()", NULL, "Aggregation function attempted to calculate value using empty array");
    check(doc, "$.zz.length()", NULL, "Missing property in path $['zz']");
}

static void test_flags(void)
{
    check_flags("$", true, true, true);
    check_flags("$$", true, true, true);
    check_flags("$var", true, true, true);
    check_flags("$.a.b[0]", true, true, false);
    check_flags("$['a'][-1]", true, true, false);
    check_flags("$['a','b']", true, false, false);
    check_flags("$.a.length()", true, false, false);
    check_flags("$.a[*]", false, false, false);
    check_flags("$.a[1:]", false, false, false);
    check_flags("$.a[0,1]", false, false, false);
    check_flags("$..a", false, false, false);
    check_flags("$.a[?(@.b)]", false, false, false);
    check_flags("$.*", false, false, false);
    check_flags("$['a','b'].c", false, false, false);
}

static const jv *lookup(void *user, const char *name)
{
    const jv *vars = user;
    return jv_object_get(vars, name);
}

static void test_roots(void)
{
    jv *in = parse("{\"a\":1}");
    jv *ctx = parse("{\"Execution\":{\"Id\":\"arn:x\",\"Input\":{\"k\":2}}}");
    jv *vars = parse("{\"v\":{\"x\":[7,8]},\"n\":null}");
    eval_env env = {in, ctx, lookup, vars, NULL};
    struct {
        const char *path, *expected;
        jsonpath_root root;
        const char *var;
    } cases[] = {
        {"$.a", "1", JSONPATH_ROOT_INPUT, NULL},
        {"$$.Execution.Id", "\"arn:x\"", JSONPATH_ROOT_CONTEXT, NULL},
        {"$$.Execution.Input.k", "2", JSONPATH_ROOT_CONTEXT, NULL},
        {"$$['Execution']['Id']", "\"arn:x\"", JSONPATH_ROOT_CONTEXT, NULL},
        {"$v.x[1]", "8", JSONPATH_ROOT_VARIABLE, "v"},
        {"$v", "{\"x\":[7,8]}", JSONPATH_ROOT_VARIABLE, "v"},
        {"$n", "null", JSONPATH_ROOT_VARIABLE, "n"},
        {"$v['x'][*]", "[7,8]", JSONPATH_ROOT_VARIABLE, "v"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jsonpath *p = jsonpath_compile(cases[i].path, NULL);
        if (!tap_ok(p != NULL, "compiles %s", cases[i].path))
            continue;
        tap_is_int(jsonpath_root_kind(p), cases[i].root, "root kind of %s", cases[i].path);
        tap_is_str(jsonpath_variable_name(p) ? jsonpath_variable_name(p) : "(none)",
                   cases[i].var ? cases[i].var : "(none)", "variable of %s", cases[i].path);
        tap_is_str(jsonpath_text(p), cases[i].path, "text of %s", cases[i].path);
        jsonpath_miss miss;
        jv *r = jsonpath_eval(p, &env, &miss);
        char *s = r ? jv_dump_string(r, 0) : NULL;
        tap_is_str(s ? s : "(miss)", cases[i].expected, "eval %s", cases[i].path);
        free(s);
        jv_unref(r);
        jsonpath_free(p);
    }

    jsonpath_miss miss;
    jsonpath *p = jsonpath_compile("$undefined.x", NULL);
    tap_ok(jsonpath_eval(p, &env, &miss) == NULL, "an undefined variable is a miss");
    tap_is_str(miss.message, "The variable '$undefined' is not defined", "undefined variable message");
    jsonpath_free(p);
    p = jsonpath_compile("$$.Execution.Nope", NULL);
    tap_ok(jsonpath_eval(p, &env, &miss) == NULL, "a context miss");
    tap_is_str(miss.message, "No results for path: $['Execution']['Nope']", "context miss message");
    env.context = NULL;
    tap_ok(jsonpath_eval(p, &env, &miss) == NULL, "no context object is a miss");
    env.lookup_var = NULL;
    jsonpath_free(p);
    p = jsonpath_compile("$v", NULL);
    tap_ok(jsonpath_eval(p, &env, NULL) == NULL, "no variables in scope: a miss (NULL miss ok)");
    jsonpath_free(p);
    /* a path evaluated on another root ignores its root kind */
    p = jsonpath_compile("$$.a", NULL);
    jv *r = jsonpath_eval_on(p, in, NULL);
    tap_ok(r && jv_number_value(r) == 1, "eval_on uses the given root");
    jv_unref(r);
    jsonpath_free(p);
    jv_unref(in);
    jv_unref(ctx);
    jv_unref(vars);
}

static void test_compile_errors(void)
{
    check_bad("", 0, "empty");
    check_bad("a.b", 0, "must start with '$'");
    check_bad("$.", 1, "must not end with '.'");
    check_bad("$..", 1, "must not end with '..'");
    check_bad("$...a", 3, "unexpected '.'");
    check_bad("$a b", 2, "unexpected character ' '");
    check_bad("$.a b", 3, "use ['name']");
    check_bad("$[", 1, "unclosed '['");
    check_bad("$['a'", 5, "expected ']'");
    check_bad("$['a]", 2, "unterminated string");
    check_bad("$[abc]", 2, "unexpected character 'a'");
    check_bad("$[:]", 1, "needs a start or an end");
    check_bad("$[1,]", 4, "expected an index");
    check_bad("$[1 2]", 4, "expected ']'");
    check_bad("$[99999999999]", 2, "out of range");
    check_bad("$[-]", 2, "expected a number");
    check_bad("$[?(@.a ==)]", 10, "unexpected character ')'");
    check_bad("$[?(@.a == 1]", 12, "expected ')'");
    check_bad("$[?(@.a == 1)", 13, "expected ']'");
    check_bad("$[?(@.a =~ 'x')]", 4, "needs a /regex/");
    check_bad("$[?(@.a == /x/)]", 11, "only be used with '=~'");
    check_bad("$[?(@.a =~ /(/)]", 13, "invalid regular expression");
    check_bad("$[?(@.a =~ /x/q)]", 14, "unknown regular expression flag");
    check_bad("$[?('x')]", 4, "a literal alone");
    check_bad("$[?(@.a == 1.2.3)]", 11, "invalid number");
    check_bad("$[?(@.a in [1,)]", 14, "unexpected character ')'");
    check_bad("$[?(@.a in [@.b])]", 12, "only literals");
    check_bad("$[?(@.a == {\"x\":})]", 16, "invalid JSON literal");
    check_bad("$.a.nosuch()", 4, "unknown function 'nosuch'");
    check_bad("$.a.length().b", 12, "function must be the last step");
    check_bad("$$x", 2, "unexpected character 'x'");
    check_bad("$[?(@.a == '\\u12')]", 16, "invalid \\u escape");

    /* bounds: nesting and length */
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "$[?(");
    for (int i = 0; i < 40; i++)
        strbuf_putc(&sb, '(');
    strbuf_puts(&sb, "@.a");
    for (int i = 0; i < 40; i++)
        strbuf_putc(&sb, ')');
    strbuf_puts(&sb, ")]");
    jsonpath_error err;
    tap_ok(jsonpath_compile(strbuf_str(&sb), &err) == NULL && strstr(err.message, "nested"),
           "deeply nested filter rejected");
    strbuf_reset(&sb);
    strbuf_putc(&sb, '$');
    for (int i = 0; i < 600; i++)
        strbuf_puts(&sb, ".a");
    tap_ok(jsonpath_compile(strbuf_str(&sb), &err) == NULL && strstr(err.message, "steps"),
           "a path with 600 steps is rejected");
    strbuf_cleanup(&sb);
    tap_ok(jsonpath_compile(NULL, &err) == NULL, "NULL text rejected");
}

static void check_assign(const char *target, const char *path, const char *value,
                         const char *expected, const char *cause_expected)
{
    jsonpath_error err;
    jsonpath *p = jsonpath_compile(path, &err);
    if (!tap_ok(p != NULL, "compiles %s", path))
        return;
    jv *t = parse(target);
    jv *v = parse(value);
    char *cause = NULL;
    jv *r = jsonpath_assign(p, t, v, &cause);
    if (expected) {
        char *s = r ? jv_dump_string(r, 0) : NULL;
        tap_is_str(s ? s : "(failed)", expected, "assign %s into %s", path, target);
        if (!s)
            tap_diag("cause: %s", cause ? cause : "(none)");
        free(s);
    } else {
        tap_ok(r == NULL, "assign %s into %s fails", path, target);
        tap_is_str(cause ? cause : "(none)", cause_expected, "cause for %s", path);
    }
    free(cause);
    jv_unref(r);
    jv_unref(v);
    jsonpath_free(p);
}

static void test_assign(void)
{
    check_assign("{\"a\":1}", "$", "{\"r\":2}", "{\"r\":2}", NULL);
    check_assign("{\"a\":1}", "$.b", "2", "{\"a\":1,\"b\":2}", NULL);
    check_assign("{\"a\":1,\"b\":0}", "$.a", "[1]", "{\"a\":[1],\"b\":0}", NULL);
    check_assign("{}", "$.a.b.c", "true", "{\"a\":{\"b\":{\"c\":true}}}", NULL);
    check_assign("{\"a\":{\"x\":1}}", "$.a.b", "null", "{\"a\":{\"x\":1,\"b\":null}}", NULL);
    check_assign("{\"a\":[1,{\"k\":0},3]}", "$.a[1].k", "9", "{\"a\":[1,{\"k\":9},3]}", NULL);
    check_assign("{\"a\":[1,2,3]}", "$.a[-1]", "9", "{\"a\":[1,2,9]}", NULL);
    check_assign("{\"a\":[1,2,3]}", "$['a'][0]", "0", "{\"a\":[0,2,3]}", NULL);
    check_assign("\"str\"", "$.x", "1", NULL, "Unable to apply ReferencePath $.x to input \"str\"");
    check_assign("{\"a\":\"s\"}", "$.a.b", "1", NULL,
                 "Unable to apply ReferencePath $.a.b to input {\"a\":\"s\"}");
    check_assign("{\"a\":[1]}", "$.a[3]", "1", NULL,
                 "Unable to apply ReferencePath $.a[3] to input {\"a\":[1]}");
    check_assign("{}", "$.a[0]", "1", NULL, "Unable to apply ReferencePath $.a[0] to input {}");
    check_assign("{\"a\":{}}", "$.a.b[0]", "1", NULL,
                 "Unable to apply ReferencePath $.a.b[0] to input {\"a\":{}}");
    check_assign("{\"a\":[]}", "$.a.b", "1", NULL,
                 "Unable to apply ReferencePath $.a.b to input {\"a\":[]}");
    check_assign("null", "$.a", "1", NULL, "Unable to apply ReferencePath $.a to input null");
    check_assign("{}", "$.a[*]", "1", NULL, "Unable to apply ReferencePath $.a[*] to input {}");

    /* a shared target is copied, never mutated */
    jv *shared = parse("{\"a\":{\"b\":1},\"c\":2}");
    jsonpath *p = jsonpath_compile("$.a.b", NULL);
    jv *two = jv_number(2);
    jv *r = jsonpath_assign(p, jv_ref(shared), two, NULL);
    char *s1 = jv_dump_string(shared, 0), *s2 = jv_dump_string(r, 0);
    tap_is_str(s1, "{\"a\":{\"b\":1},\"c\":2}", "the shared original is unchanged");
    tap_is_str(s2, "{\"a\":{\"b\":2},\"c\":2}", "the result has the value");
    tap_ok(jv_object_get(r, "c") == jv_object_get(shared, "c"), "untouched members are shared");
    free(s1);
    free(s2);
    jv_unref(r);
    /* an unshared target is updated in place */
    jv *own = parse("{\"a\":{\"b\":1}}");
    const jv *inner = jv_object_get(own, "a");
    r = jsonpath_assign(p, own, two, NULL);
    tap_ok(r == own && jv_object_get(r, "a") == inner, "an unshared target is updated in place");
    jv_unref(r);
    jv_unref(two);
    jv_unref(shared);
    jsonpath_free(p);
}

static void test_big_inputs(void)
{
    /* deep document: 900 nested arrays around an object */
    strbuf sb;
    strbuf_init(&sb, 0);
    for (int i = 0; i < 900; i++)
        strbuf_putc(&sb, '[');
    strbuf_puts(&sb, "{\"x\":1}");
    for (int i = 0; i < 900; i++)
        strbuf_putc(&sb, ']');
    check(strbuf_str(&sb), "$..x", "[1]", NULL);

    /* wide document: 100,000 elements */
    strbuf_reset(&sb);
    strbuf_putc(&sb, '[');
    for (int i = 0; i < 100000; i++)
        strbuf_printf(&sb, "%s{\"i\":%d}", i ? "," : "", i);
    strbuf_putc(&sb, ']');
    jv *doc = parse(strbuf_str(&sb));
    jsonpath *p = jsonpath_compile("$[?(@.i >= 99998)].i", NULL);
    jv *r = jsonpath_eval_on(p, doc, NULL);
    char *s = r ? jv_dump_string(r, 0) : NULL;
    tap_is_str(s ? s : "(miss)", "[99998,99999]", "filter over 100,000 elements");
    free(s);
    jv_unref(r);
    jsonpath_free(p);

    /* an explosive path ends with a miss instead of running for hours */
    jv_unref(doc);
    strbuf_reset(&sb);
    for (int i = 0; i < 100; i++)
        strbuf_puts(&sb, "{\"a\":");
    strbuf_putc(&sb, '1');
    for (int i = 0; i < 100; i++)
        strbuf_putc(&sb, '}');
    doc = parse(strbuf_str(&sb));
    p = jsonpath_compile("$..*..*..*..*..*..*", NULL);
    jsonpath_miss miss;
    clock_t t0 = clock();
    r = jsonpath_eval_on(p, doc, &miss);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    tap_ok(r == NULL, "an explosive path stops at the work limit");
    tap_ok(strstr(miss.message, "exceeded the limit") != NULL, "with a message: %s", miss.message);
    tap_ok(secs < 20, "within bounded time (%.2fs)", secs);
    jv_unref(r);
    jsonpath_free(p);
    jv_unref(doc);
    strbuf_cleanup(&sb);
}

static void test_hot_path(void)
{
    /* $.a.b returns the stored value itself (a reference, not a copy) */
    jv *doc = parse("{\"a\":{\"b\":{\"deep\":[1,2,3]}}}");
    jsonpath *p = jsonpath_compile("$.a.b", NULL);
    jv *r = jsonpath_eval_on(p, doc, NULL);
    tap_ok(r == jv_object_get(jv_object_get(doc, "a"), "b"), "definite eval returns a reference");
    jv_unref(r);
    clock_t t0 = clock();
    for (int i = 0; i < 1000000; i++)
        jv_unref(jsonpath_eval_on(p, doc, NULL));
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    tap_diag("1M evaluations of $.a.b: %.3fs", secs);
    tap_ok(secs < 5, "1M evaluations of $.a.b are fast");
    jsonpath_free(p);
    jv_unref(doc);
}

/* Evaluates a path that holds NUL bytes (len bytes of text) on doc. */
static void check_n(const char *doc, const char *path, size_t len, const char *expected,
                    const char *name)
{
    jsonpath *p = jsonpath_compile_n(path, len, NULL);
    jv *d = parse(doc);
    jv *r = p ? jsonpath_eval_on(p, d, NULL) : NULL;
    char *got = r ? jv_dump_string(r, 0) : NULL;
    tap_is_str(got ? got : p ? "(miss)" : "(no path)", expected, "%s", name);
    free(got);
    jv_unref(r);
    jv_unref(d);
    jsonpath_free(p);
}

/* A NUL byte in a path or in the data is part of a name or a string, never its end. */
static void test_nul(void)
{
    const char *doc = "{\"k\\u0000\":1,\"k\":2,\"n\":[{\"v\":\"5\\u0000x\"},{\"v\":5}]}";
    check_n(doc, "$['k\0']", 7, "1", "bracket name with a NUL");
    check_n(doc, "$.k\0", 4, "1", "dot name with a NUL");
    check_n(doc, "$.k", 3, "2", "the name without it");
    check(doc, "$.n[?(@.v == 5)]", "[{\"v\":5}]", NULL); /* "5\u0000x" is not 5 */
    check_n(doc, "$.n[?(@.v == '5\0x')]", 20, "[{\"v\":\"5\\u0000x\"}]", "filter literal with a NUL");
    check_n("[{\"v\":5}]", "$[?(@.v == '5\0x')]", 18, "[]", "5 is not '5<NUL>x'");
}

int main(void)
{
    test_names();
    test_misses();
    test_indexes();
    test_wildcards();
    test_slices();
    test_unions();
    test_descent();
    test_filters();
    test_functions();
    test_flags();
    test_roots();
    test_compile_errors();
    test_assign();
    test_big_inputs();
    test_hot_path();
    test_nul();
    return tap_done();
}
