/* Unit tests: hostile JSONata expressions end with the reference's codes or a limit
 * error (U1001 depth/time, U1002 memory/regex), never a crash or a hang. */
#include <time.h>

#include "jsonata_check.h"

static jsonata_env limited(int64_t ms, size_t memory)
{
    jsonata_env env;
    memset(&env, 0, sizeof env);
    env.time_limit_ms = ms;
    env.max_memory = memory;
    return env;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static void test_runaway(void)
{
    jsonata_env env = limited(300, 0);
    double t0 = now_ms();
    check_env("(function($f){$f($f)})(function($f){$f($f)})", NULL, NULL, &env, "!U1001");
    tap_ok(now_ms() - t0 < 3000, "self-application stops near its time limit");
    check_env("($f := function($n){1 + $f($n + 1)}; $f(0))", NULL, NULL, &env, "!U1001");
    check_env("($inf := function(){$inf()}; $inf())", NULL, NULL, &env, "!U1001");
    jsonata_env steps = limited(0, 0);
    steps.max_steps = 100000;
    check_env("($f := function($n){$f($n + 1)}; $f(0))", NULL, NULL, &steps, "!U1001");
    jsonata_env depth = limited(0, 0);
    depth.max_depth = 50;
    check_env("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(100))", NULL, NULL, &depth, "!U1001");
    check_env("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(10))", NULL, NULL, &depth, "10");
}

static void test_sizes(void)
{
    jsonata_env env = limited(5000, 64u << 20);
    check_env("[1..10000001]", NULL, NULL, &env, "!D2014");
    check_env("$count([1..1000000])", NULL, NULL, &env, "1000000");
    check_env("$length($pad(\"\", 10000000, \"x\"))", NULL, NULL, &env, "10000000");
    check_env("$length($join($map([1..20], function($i){$pad(\"\", 10000000, \"x\")})))", NULL, NULL,
              &env, "!U1002");
    check_env("$reduce([1..100000], function($a, $x){{\"a\": $a}}, {})", NULL, NULL, &env, "!U1001");
}

/* The step budget counts each lookup of a path, also those a run of name steps makes
 * without a jn_eval per item; a budget too small for the heap's first block fails cleanly. */
static void test_path_budgets(void)
{
    strbuf doc;
    strbuf_init(&doc, 0);
    strbuf_puts(&doc, "[");
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&doc, "%s{\"a\":{\"b\":%d}}", i ? "," : "", i);
    strbuf_puts(&doc, "]");
    jsonata_env steps = limited(0, 0);
    steps.max_steps = 500;
    check_env("$count($.a.b)", strbuf_str(&doc), NULL, &steps, "!U1001");
    check_env("$count(**.b)", strbuf_str(&doc), NULL, &steps, "!U1001");
    steps.max_steps = 100000;
    check_env("$count($.a.b)", strbuf_str(&doc), NULL, &steps, "1000");
    strbuf_cleanup(&doc);
    jsonata_env tiny = limited(0, 64);
    check_env("{'a': 1}", NULL, NULL, &tiny, "!U1002");
}

/* A compiled expression keeps its last large evaluation's working block for the next one:
 * the results stay the same, and a smaller memory budget is still kept. */
static void test_kept_block(void)
{
    jsonata_error err;
    jsonata_expr *e = jsonata_compile("$count([1..200000][$ % 2 = 0])", &err);
    jsonata_env big = limited(0, 0), small = limited(0, 1u << 20);
    int ok = 0;
    for (int i = 0; i < 3; i++) {
        jv *r = NULL;
        if (jsonata_eval(e, NULL, NULL, &big, &r, &err) == JSONATA_OK && jv_number_value(r) == 100000)
            ok++;
        jv_unref(r);
    }
    tap_is_int(ok, 3, "a repeated large evaluation gives the same result each time");
    jv *r = NULL;
    tap_is_int(jsonata_eval(e, NULL, NULL, &small, &r, &err), JSONATA_ERROR,
               "after it, a 1 MiB budget still fails");
    tap_is_str(err.code, "U1002", "with the memory error");
    tap_is_int(jsonata_eval(e, NULL, NULL, &big, &r, &err), JSONATA_OK, "and a large budget succeeds");
    tap_ok(r && jv_number_value(r) == 100000, "with the same result");
    jv_unref(r);
    jsonata_free(e);
}

static void test_regex(void)
{
    jsonata_env env = limited(5000, 0);
    char expr[256];
    snprintf(expr, sizeof expr, "$match(\"%s!\", /^(a|aa)+$/)", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    double t0 = now_ms();
    check_env(expr, NULL, NULL, &env, "!U1002");
    tap_ok(now_ms() - t0 < 3000, "catastrophic backtracking is cut off");
    check_env("$replace(\"abc\", /(?:)/, \"-\")", NULL, NULL, &env, "!D1004");
    check_env("/[z-a]/", NULL, NULL, &env, "!S0303");
    check_env("/(/", NULL, NULL, &env, "!S0302");   /* the reference counts brackets */
}

static void test_nesting(void)
{
    size_t n = 100000;
    char *deep = malloc(2 * n + 2);
    memset(deep, '(', n);
    deep[n] = '1';
    memset(deep + n + 1, ')', n);
    deep[2 * n + 1] = 0;
    jsonata_env env = limited(5000, 0);
    check_env(deep, NULL, NULL, &env, "!U1001");
    memset(deep, '[', n);
    memset(deep + n + 1, ']', n);
    check_env(deep, NULL, NULL, &env, "!U1001");
    char *chain = malloc(4 * n + 2);
    strcpy(chain, "1");
    for (size_t i = 1; i < n; i++)
        memcpy(chain + 4 * i - 3, " + 1", 4);
    chain[4 * n - 3] = 0;
    check_env(chain, NULL, NULL, &env, "!U1001");
    free(chain);
    free(deep);
}

int main(void)
{
    test_runaway();
    test_sizes();
    test_path_budgets();
    test_kept_block();
    test_regex();
    test_nesting();
    return tap_done();
}
