/* Unit tests: what the JSONata built-ins do with an undefined argument and with the root
 * input array as their context, against jsonata-js 2.2.2's results (observed by running
 * the reference on each expression; the tests do not need it). */
#include "jsonata_check.h"

typedef struct {
    const char *expr;
    const char *input;     /* NULL: undefined */
    const char *expected;  /* as check(): JSON, "undefined" or "!CODE" */
} ref_case;

/* "undefined inputs always return undefined": the first argument (both for $contains);
 * the functions that opt out ($count, $exists, $append, $zip, $keys, $lookup, $spread,
 * $error, $assert) and the JavaScript NaN of an undefined number ($substring, $power) */
static const ref_case undefined_args[] = {
    {"$contains(nothing, \"a\")", NULL, "undefined"},
    {"$contains(\"abc\", nothing)", NULL, "undefined"},
    {"$substring(nothing, 1)", NULL, "undefined"},
    {"$substring(\"abcdef\", nothing)", NULL, "\"abcdef\""},
    {"$substring(\"abcdef\", nothing, 2)", NULL, "\"\""},
    {"$substringBefore(\"abc\", nothing)", NULL, "\"abc\""},
    {"$substringAfter(\"abc\", nothing)", NULL, "\"abc\""},
    {"$power(2, nothing)", NULL, "!D3061"},
    {"$power(nothing, 2)", NULL, "undefined"},
    {"$uppercase(nothing)", NULL, "undefined"},
    {"$length(nothing)", NULL, "undefined"},
    {"$pad(nothing, 5)", NULL, "undefined"},
    {"$match(nothing, /a/)", NULL, "undefined"},
    {"$replace(nothing, \"a\", \"b\")", NULL, "undefined"},
    {"$split(nothing, \",\")", NULL, "undefined"},
    {"$join(nothing)", NULL, "undefined"},
    {"$formatNumber(nothing, \"#0\")", NULL, "undefined"},
    {"$formatBase(nothing)", NULL, "undefined"},
    {"$formatInteger(nothing, \"w\")", NULL, "undefined"},
    {"$parseInteger(nothing, \"w\")", NULL, "undefined"},
    {"$number(nothing)", NULL, "undefined"},
    {"$abs(nothing)", NULL, "undefined"},
    {"$floor(nothing)", NULL, "undefined"},
    {"$ceil(nothing)", NULL, "undefined"},
    {"$round(nothing)", NULL, "undefined"},
    {"$sqrt(nothing)", NULL, "undefined"},
    {"$boolean(nothing)", NULL, "undefined"},
    {"$not(nothing)", NULL, "undefined"},
    {"$sum(nothing)", NULL, "undefined"},
    {"$max(nothing)", NULL, "undefined"},
    {"$average([])", NULL, "undefined"},
    {"$map(nothing, function($v){$v})", NULL, "undefined"},
    {"$filter(nothing, function($v){$v})", NULL, "undefined"},
    {"$single(nothing)", NULL, "undefined"},
    {"$reduce(nothing, function($a,$b){$a+$b})", NULL, "undefined"},
    {"$merge(nothing)", NULL, "undefined"},
    {"$reverse(nothing)", NULL, "undefined"},
    {"$sort(nothing)", NULL, "undefined"},
    {"$shuffle(nothing)", NULL, "undefined"},
    {"$distinct(nothing)", NULL, "undefined"},
    {"$type(nothing)", NULL, "undefined"},
    {"$base64encode(nothing)", NULL, "undefined"},
    {"$base64decode(nothing)", NULL, "undefined"},
    {"$encodeUrl(nothing)", NULL, "undefined"},
    {"$decodeUrlComponent(nothing)", NULL, "undefined"},
    {"$toMillis(nothing)", NULL, "undefined"},
    {"$fromMillis(nothing)", NULL, "undefined"},
    {"$clone(nothing)", NULL, "undefined"},
    {"$count(nothing)", NULL, "0"},
    {"$exists(nothing)", NULL, "false"},
    {"$append(nothing, [1])", NULL, "[1]"},
    {"$append([1], nothing)", NULL, "[1]"},
    {"$zip(nothing, [1])", NULL, "[]"},
    {"$keys(nothing)", NULL, "undefined"},
    {"$lookup(nothing, \"a\")", NULL, "undefined"},
    {"$spread(nothing)", NULL, "undefined"},
    {"$error(nothing)", NULL, "!D3137"},
    {"$assert(nothing)", NULL, "!D3141"},
    {"$string()", NULL, "undefined"},
    {"$uppercase()", NULL, "undefined"},
    {"$ & \"\"", "[1,2]", "\"[1,2]\""},
    {"x.$contains(\"a\")", "{\"x\":[\"ab\",null]}", "!T0411"},
};

/* a parameter that defaults to the context, the root input array, higher-order uses */
static const ref_case contexts[] = {
    {"$uppercase()", "[\"ab\",\"c\"]", "!T0411"},
    {"$string()", "[1,2]", "\"[1,2]\""},
    {"$string()", "[]", "\"[]\""},
    {"$string()", "[[1,2]]", "\"[[1,2]]\""},
    {"$string()", "[{\"a\":1}]", "\"[{\\\"a\\\":1}]\""},
    {"$clone()", "[1,2]", "[1,2]"},
    {"$clone()", "[{\"a\":1}]", "[{\"a\":1}]"},
    {"$string(true)", "[1,2]", "\"true\""},
    {"$boolean()", "[1,2]", "true"},
    {"$boolean()", "[[]]", "false"},
    {"$spread()", "[1,2]", "[1,2]"},
    {"$spread()", "[]", "[]"},
    {"$length()", "[1,2]", "!T0411"},
    {"$keys()", "[1,2]", "undefined"},
    {"$keys()", "[{\"a\":1},{\"b\":2}]", "[\"a\",\"b\"]"},
    {"(function($x)<a->{$x[0]})()", "[1,2]", "[1,2]"},
    {"(function($x)<x->{$string($x)})()", "[1,2]", "\"[1,2]\""},
    {"x.$string()", "{\"x\":[1,2]}", "[\"1\",\"2\"]"},
    {"x.$uppercase()", "{\"x\":[\"ab\",\"c\"]}", "[\"AB\",\"C\"]"},
    {"$map($, $uppercase)", "[\"a\",null]", "!T0410"},
    {"$map([\"ab\"], $contains(?, nothing))", NULL, "undefined"},
    {"$substring(?, 1)(nothing)", NULL, "undefined"},
};

static void run(const ref_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check(cases[i].expr, cases[i].input, cases[i].expected);
}

int main(void)
{
    run(undefined_args, sizeof undefined_args / sizeof undefined_args[0]);
    run(contexts, sizeof contexts / sizeof contexts[0]);
    return tap_done();
}
