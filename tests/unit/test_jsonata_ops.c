/* Unit tests: JSONata language — paths, operators, constructors, lambdas, transforms. */
#include "jsonata_check.h"

static const char *doc =
    "{\"order\":{\"id\":\"o-1\",\"items\":["
    "{\"sku\":\"a\",\"qty\":2,\"price\":1.5,\"tags\":[\"x\",\"y\"]},"
    "{\"sku\":\"b\",\"qty\":1,\"price\":10,\"tags\":[\"y\"]},"
    "{\"sku\":\"c\",\"qty\":5,\"price\":0.25}]},"
    "\"nested\":[[1,2],[3,[4,5]]],\"empty\":[],\"nil\":null}";

/* Runs of name steps (and **.name) are evaluated depth first: the same results as step by
 * step, through arrays of arrays, scalars, constructed objects, root arrays; one input
 * object goes into a run as is, and a run's one result is the path's value unless the path
 * keeps singletons (a[]). Expression, input, expected (jsonata-js 2.0.6). */
static const char *const name_run_cases[][3] = {
    {"a.b.c", "{\"a\":[[{\"b\":{\"c\":1}}],[{\"b\":{\"c\":2}},{\"b\":[{\"c\":3},{\"c\":4}]}]]}",
     "[1,2,3,4]"},
    {"a.b", "{\"a\":{\"b\":[1,2]}}", "[1,2]"},
    {"a.b", "{\"a\":[{\"b\":[1,2]},{\"b\":[3]}]}", "[1,2,3]"},
    {"a.b", "{\"a\":{\"b\":[[1]]}}", "[[1]]"},
    {"a.b", "{\"a\":[{\"b\":[[1]]},{\"b\":[[2]]}]}", "[[1],[2]]"},
    {"a.b.c", "{\"a\":[{\"b\":[[{\"c\":1}]]},{\"b\":[[{\"c\":2}],[{\"c\":3}]]}]}", "[1,2,3]"},
    {"a.b", "{\"a\":[1,\"s\",{\"b\":2},null,[{\"b\":3}]]}", "[2,3]"},
    {"({\"x\":{\"y\":5}}).x.y", NULL, "5"},
    {"[{\"x\":{\"y\":5}}, {\"x\":[{\"y\":6},{\"y\":[7]}]}].x.y", NULL, "[5,6,7]"},
    {"**.c", "{\"a\":[[{\"b\":{\"c\":1}}],[{\"c\":[2,{\"c\":3}]}]]}", "[1,2,{\"c\":3},3]"},
    {"**.b.c", "{\"a\":[{\"b\":{\"c\":1}},{\"x\":{\"b\":[{\"c\":2},{\"c\":[3]}]}}]}", "[1,2,3]"},
    {"{\"p\":{\"x\":1,\"q\":[{\"x\":2},[{\"x\":[3]}]]}}.**.x", NULL, "[1,2,3]"},
    {"$.**.x", "[{\"x\":1},[{\"y\":{\"x\":2}}]]", "[1,2]"},
    {"**.x", "[{\"x\":1},[{\"y\":{\"x\":2}}]]", "[1,2]"},
    {"a.**.c", "{\"a\":{\"c\":0,\"d\":{\"c\":1}}}", "[0,1]"},
    {"a.b[]", "{\"a\":{\"b\":1}}", "[1]"},
    {"a[]", "{\"a\":1}", "[1]"},
    {"a.b{\"k\": $}", "{\"a\":{\"b\":1}}", "{\"k\":1}"},
    {"a{\"k\": $}", "{\"a\":[1,2]}", "{\"k\":[1,2]}"},
    {"a", "{\"a\":[1]}", "[1]"},
    {"a", "{\"a\":[[1]]}", "[[1]]"},
    {"a.b", "{\"a\":{\"c\":1}}", "undefined"},
    {"a[0]", "{\"a\":[5,6]}", "5"},
    {"$count(a)", "{\"a\":{\"b\":1}}", "1"},
    {"x.a.b", "{\"x\":[{\"a\":{\"b\":[]}}]}", "[]"},
    {"a.b[]", "{\"a\":{\"b\":[]}}", "[]"},
    {"a.b", "{\"a\":{\"b\":[]}}", "[]"},
};

static void test_name_runs(void)
{
    for (size_t i = 0; i < sizeof name_run_cases / sizeof name_run_cases[0]; i++)
        check(name_run_cases[i][0], name_run_cases[i][1], name_run_cases[i][2]);
    check("**.nothing", doc, "undefined");
}

static void test_paths(void)
{
    check("order.id", doc, "\"o-1\"");
    check("order.items.sku", doc, "[\"a\",\"b\",\"c\"]");
    check("order.items[0].sku", doc, "\"a\"");
    check("order.items[-1].sku", doc, "\"c\"");
    check("order.items[qty > 1].sku", doc, "[\"a\",\"c\"]");
    check("order.items[qty > 4].sku", doc, "\"c\"");
    check("order.items[qty > 4].sku[]", doc, "[\"c\"]");
    check("order.items[qty > 9].sku", doc, "undefined");
    check("order.items.tags", doc, "[\"x\",\"y\",\"y\"]");
    check("nested", doc, "[[1,2],[3,[4,5]]]");
    check("nested[0]", doc, "[1,2]");
    check("missing.path", doc, "undefined");
    check("nil", doc, "null");
    check("empty", doc, "[]");
    check("order.*.sku", doc, "[\"a\",\"b\",\"c\"]");
    check("**.sku", doc, "[\"a\",\"b\",\"c\"]");
    check("`order`.`id`", doc, "\"o-1\"");
    check("$", "[1,2]", "[1,2]");
    check("$[1]", "[1,2]", "2");
    check("$$.order.id", doc, "\"o-1\"");
    check("order.items.(qty * price)", doc, "[3,10,1.25]");
    check("order.items[0].%.id", doc, "\"o-1\"");
    check("order.items@$i.[$i.sku]", doc, "[\"a\",\"b\",\"c\"]");
    check("order.items#$pos[$pos = 1].sku", doc, "\"b\"");
    check("order.items^(>price).sku", doc, "[\"b\",\"a\",\"c\"]");
    check("order.items^(qty).sku", doc, "[\"b\",\"a\",\"c\"]");
    /* field lookups remember positions: key orders that change must not confuse them */
    check("$.a", "[{\"a\":1,\"b\":2},{\"b\":3,\"a\":4},{\"c\":5},{\"a\":6}]", "[1,4,6]");
    check("$.k17", "[{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,"
          "\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,"
          "\"k17\":17},{\"k17\":-17}]", "[17,-17]");
    /* a constant predicate selects by index once for all items */
    check("[10,20,30,40][[0..1, -1, 0]]", NULL, "[10,10,20,40]");
    check("[10,20,30][true]", NULL, "[10,20,30]");
    check("[10,20,30][1 > 2]", NULL, "undefined");
}

static void test_operators(void)
{
    check("1 + 2 * 3", NULL, "7");
    check("(1 + 2) * 3", NULL, "9");
    check("7 % 4", NULL, "3");
    check("-7 % 4", NULL, "-3");
    check("10 / 4", NULL, "2.5");
    check("0.1 + 0.2", NULL, "0.30000000000000004");
    check("(1 / 0) + 1", NULL, "!D1001");   /* Infinity is not a number operand */
    check("\"a\" + 1", NULL, "!T2001");
    check("1 + \"a\"", NULL, "!T2002");
    check("-\"a\"", NULL, "!D1002");
    check("nothing + 1", NULL, "undefined");
    check("1 = 1", NULL, "true");
    check("\"a\" != \"b\"", NULL, "true");
    check("[1,2] = [1,2]", NULL, "true");
    check("{\"a\":1} = {\"a\":1}", NULL, "true");
    check("nothing = 1", NULL, "false");
    check("1 < 2", NULL, "true");
    check("\"abc\" < \"abd\"", NULL, "true");
    check("1 < \"2\"", NULL, "!T2009");
    check("true < 1", NULL, "!T2010");
    check("nothing < 1", NULL, "undefined");
    check("\"a\" & 1 & true & null", NULL, "\"a1truenull\"");
    check("\"x\" & [1,2]", NULL, "\"x[1,2]\"");
    check("true and false", NULL, "false");
    check("false or \"x\"", NULL, "true");
    check("[] or 0", NULL, "false");
    check("2 in [1,2,3]", NULL, "true");
    check("\"b\" in \"b\"", NULL, "true");
    check("4 in [1,2,3]", NULL, "false");
    check("[1..4]", NULL, "[1,2,3,4]");
    check("[3..1]", NULL, "[]");
    check("[1.5..3]", NULL, "!T2003");
    check("[1..100000000]", NULL, "!D2014");
    check("true ? 1 : 2", NULL, "1");
    check("false ? 1", NULL, "undefined");
    check("nothing ?? 5", NULL, "5");
    check("0 ?? 5", NULL, "0");
    check("0 ?: 5", NULL, "5");
    check("\"v\" ?: 5", NULL, "\"v\"");
}

static void test_constructors(void)
{
    check("[1, [2, 3], 4]", NULL, "[1,[2,3],4]");
    check("[1, nothing, 2]", NULL, "[1,2]");
    check("{\"a\": 1, \"b\": nothing}", NULL, "{\"a\":1}");
    check("order.items{sku: qty}", doc, "{\"a\":2,\"b\":1,\"c\":5}");
    check("order.items{\"total\": $sum(qty)}", doc, "{\"total\":8}");
    check("order.items.{\"s\": sku}", doc, "[{\"s\":\"a\"},{\"s\":\"b\"},{\"s\":\"c\"}]");
    check("{1: 2}", NULL, "!T1003");
    check("{\"a\": 1, \"a\": 2}", NULL, "!D1009");
    check("[{\"k\":\"x\",\"v\":1},{\"k\":\"x\",\"v\":2}]{k: $sum(v)}", NULL, "{\"x\":3}");
}

static void test_functions_and_blocks(void)
{
    check("($x := 3; $x * $x)", NULL, "9");
    check("($x := 1; ($x := 2); $x)", NULL, "1");
    check("function($a, $b){$a + $b}(2, 3)", NULL, "5");
    check("($add := function($a, $b){$a + $b}; $inc := $add(?, 1); $inc(41))", NULL, "42");
    check("($f := function($x){function($y){$x * $y}}; $f(6)(7))", NULL, "42");
    check("[1,2,3] ~> $sum()", NULL, "6");
    check("($up := $uppercase ~> $trim; $up(\"  ab \"))", NULL, "\"AB\"");
    check("(\"x\" ~> 3)", NULL, "!T2006");
    check("sum([1])", NULL, "!T1005");
    check("$nothing(1)", NULL, "!T1006");
    check("function($x)<n:n>{$x}(\"s\")", NULL, "!T0410");
    check("($fact := function($n){$n <= 1 ? 1 : $n * $fact($n - 1)}; $fact(10))", NULL, "3628800");
    check("($loop := function($n, $acc){$n = 0 ? $acc : $loop($n - 1, $acc + 1)}; $loop(100000, 0))",
          NULL, "100000");
    check("λ($x){$x * 2}(4)", NULL, "8");
}

static void test_transforms(void)
{
    check("$ ~> |order.items|{\"qty\": qty * 10}|", doc,
          "{\"order\":{\"id\":\"o-1\",\"items\":[{\"sku\":\"a\",\"qty\":20,\"price\":1.5,"
          "\"tags\":[\"x\",\"y\"]},{\"sku\":\"b\",\"qty\":10,\"price\":10,\"tags\":[\"y\"]},"
          "{\"sku\":\"c\",\"qty\":50,\"price\":0.25}]},\"nested\":[[1,2],[3,[4,5]]],\"empty\":[],"
          "\"nil\":null}");
    check("{\"a\":1,\"b\":2} ~> |$|{}, \"b\"|", NULL, "{\"a\":1}");
    check("{\"a\":1} ~> |$|5|", NULL, "!T2011");
    check("{\"a\":1} ~> |$|{}, 5|", NULL, "!T2012");
}

static void test_syntax_errors(void)
{
    check("1 +", NULL, "!S0207");
    check("(1", NULL, "!S0203");
    check("[1, 2", NULL, "!S0203");
    check("\"abc", NULL, "!S0101");
    check("1 ! 2", NULL, "!S0204");
    check("$x := ", NULL, "!S0207");
    check("1 := 2", NULL, "!S0212");
    check("foo.1", NULL, "!S0213");
    check("/* open", NULL, "!S0106");
    check("`name", NULL, "!S0105");
    check("\"\\q\"", NULL, "!S0103");
    check("%", NULL, "!S0217");
    check("function(1){1}", NULL, "!S0208");
    check("/[/", NULL, "!S0302");
}

int main(void)
{
    test_name_runs();
    test_paths();
    test_operators();
    test_constructors();
    test_functions_and_blocks();
    test_transforms();
    test_syntax_errors();
    return tap_done();
}
