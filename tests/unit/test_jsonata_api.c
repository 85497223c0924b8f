/* Unit tests: the JSONata public API (engine/jsonata.h) — compile errors with positions,
 * bindings, undefined vs null, reuse of a compiled expression, injected clock and random
 * generator — and `sfdbg eval --jsonata` (src/eval_jsonata.c, included here so it can be
 * tested without the rest of the program). */
#include <fcntl.h>
#include <unistd.h>

#include "jsonata_check.h"
#include "src/eval_jsonata.c"

static void test_compile_errors(void)
{
    jsonata_error err;
    jsonata_expr *e = jsonata_compile("foo.(bar", &err);
    tap_ok(e == NULL, "unterminated block does not compile");
    tap_is_str(err.code, "S0203", "code");
    tap_is_str(err.message, "Expected \")\" before end of expression", "message");
    tap_is_int(err.position, 8, "position is the end");
    e = jsonata_compile("1 + )", &err);
    tap_ok(e == NULL, "closing bracket as operand does not compile");
    tap_is_str(err.code, "S0211", "code");
    tap_is_int(err.position, 4, "position of the )");
    tap_is_str(err.token, ")", "token");
    tap_is_str(err.message, "The symbol \")\" cannot be used as a unary operator", "message");
}

static void test_eval_api(void)
{
    jsonata_error err;
    jsonata_expr *e = jsonata_compile("$states.input.x + $y", &err);
    tap_ok(e != NULL, "compiles");
    jv_parse_error pe;
    jv *b = jv_parse_cstr("{\"$states\":{\"input\":{\"x\":40}},\"y\":2}", &pe);
    jv *r = NULL;
    tap_is_int(jsonata_eval(e, NULL, b, NULL, &r, &err), JSONATA_OK, "bindings evaluate");
    tap_ok(r && jv_is_number(r) && jv_number_value(r) == 42, "result 42");
    jv_unref(r);
    for (int i = 0; i < 3; i++) {
        r = NULL;
        jsonata_eval(e, NULL, b, NULL, &r, &err);
        tap_ok(r && jv_number_value(r) == 42, "re-evaluation %d gives the same result", i);
        jv_unref(r);
    }
    jv_unref(b);
    jsonata_free(e);

    e = jsonata_compile("a", &err);
    jv *in = jv_parse_cstr("{\"a\":null}", &pe);
    tap_is_int(jsonata_eval(e, in, NULL, NULL, &r, &err), JSONATA_OK, "null is a result");
    tap_ok(r && jv_is_null(r), "result is null");
    jv_unref(r);
    jv_unref(in);
    in = jv_parse_cstr("{\"b\":1}", &pe);
    r = jv_null(); /* any non-NULL value: an undefined result must set r to NULL */
    tap_is_int(jsonata_eval(e, in, NULL, NULL, &r, &err), JSONATA_UNDEFINED, "missing is undefined");
    tap_ok(r == NULL, "no result value for undefined");
    tap_is_int(jsonata_eval(e, NULL, NULL, NULL, &r, &err), JSONATA_UNDEFINED, "undefined input");
    jv_unref(in);
    jsonata_free(e);

    e = jsonata_compile("$x + 1", &err);
    tap_is_int(jsonata_eval(e, NULL, NULL, NULL, &r, &err), JSONATA_UNDEFINED, "unbound variable");
    jsonata_free(e);
    e = jsonata_compile("\"a\" - 1", &err);
    tap_is_int(jsonata_eval(e, NULL, NULL, NULL, &r, &err), JSONATA_ERROR, "type error");
    tap_is_str(err.code, "T2001", "code");
    tap_is_str(err.message, "The left side of the \"-\" operator must evaluate to a number", "message");
    tap_is_int(err.position, 4, "position of the operator");
    jsonata_free(e);
    /* the operator token of an inner expression, and a later token that replaces it */
    e = jsonata_compile("1 + (2 * \"x\")", &err);
    tap_is_int(jsonata_eval(e, NULL, NULL, NULL, &r, &err), JSONATA_ERROR, "inner type error");
    tap_is_str(err.message, "The right side of the \"*\" operator must evaluate to a number",
               "the inner operator is named");
    jsonata_free(e);
    e = jsonata_compile("(1 + 2) & -\"x\"", &err);
    tap_is_int(jsonata_eval(e, NULL, NULL, NULL, &r, &err), JSONATA_ERROR, "negation error");
    tap_is_str(err.code, "D1002", "negating a string");
    jsonata_free(e);
    e = jsonata_compile("($x := 1 + 1; $x())", &err);
    tap_is_int(jsonata_eval(e, NULL, NULL, NULL, &r, &err), JSONATA_ERROR, "not a function");
    tap_is_str(err.token, "x", "the callee's name, not the last operator, is the token");
    jsonata_free(e);
}

static void test_determinism(void)
{
    rng a, b2;
    rng_seed(&a, 99);
    rng_seed(&b2, 99);
    jsonata_env env1, env2;
    memset(&env1, 0, sizeof env1);
    memset(&env2, 0, sizeof env2);
    env1.random = &a;
    env2.random = &b2;
    env1.clock_ms = env2.clock_ms = check_fixed_clock;
    jsonata_error err;
    jsonata_expr *e = jsonata_compile("[$uuid(), $random(), [$shuffle([1,2,3,4,5,6])], $now()]", &err);
    jv *r1 = NULL, *r2 = NULL;
    jsonata_eval(e, NULL, NULL, &env1, &r1, &err);
    jsonata_eval(e, NULL, NULL, &env2, &r2, &err);
    tap_ok(r1 && r2 && jv_equal(r1, r2), "the same seed and clock give the same results");
    tap_is_str(jv_string_value(jv_array_get(r1, 3)), "2018-03-23T10:33:36.617Z", "$now from the clock");
    jv_unref(r1);
    jv_unref(r2);
    jsonata_free(e);
}

/* runs eval_jsonata_main with stdout captured */
static int run_eval(const char *expr, const char *input, const char *bindings, int envelope, char *out,
                    size_t outsz)
{
    char path[] = "/tmp/sfdbg-jsonata-XXXXXX";
    int fd = mkstemp(path);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    int saved_err = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    int rc = eval_jsonata_main(expr, input, bindings, envelope);
    fflush(stdout);
    fflush(stderr);
    dup2(saved, STDOUT_FILENO);
    dup2(saved_err, STDERR_FILENO);
    close(saved);
    close(saved_err);
    close(devnull);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, out, outsz - 1);
    out[n > 0 ? n : 0] = 0;
    close(fd);
    unlink(path);
    return rc;
}

static void test_eval_command(void)
{
    char out[1024];
    tap_is_int(run_eval("a.b", "{\"a\":{\"b\":[1, 2]}}", NULL, 0, out, sizeof out), 0, "plain: exit 0");
    tap_is_str(out, "[1,2]\n", "plain: compact JSON");
    tap_is_int(run_eval("a.b", "{\"a\":{\"b\":[1, 2]}}", NULL, 1, out, sizeof out), 0, "envelope: exit 0");
    tap_is_str(out, "{\"result\":[1,2]}\n", "envelope: result");
    tap_is_int(run_eval("nothing", "{}", NULL, 1, out, sizeof out), 0, "undefined: exit 0");
    tap_is_str(out, "{\"undefined\":true}\n", "envelope: undefined");
    tap_is_int(run_eval("$v * 2", NULL, "{\"v\": 21}", 1, out, sizeof out), 0, "bindings");
    tap_is_str(out, "{\"result\":42}\n", "bindings result");
    tap_is_int(run_eval("1 + \"a\"", NULL, NULL, 1, out, sizeof out), 1, "error: exit 1");
    tap_is_str(out,
               "{\"error\":{\"code\":\"T2002\",\"message\":\"The right side of the \\\"+\\\" operator must "
               "evaluate to a number\",\"position\":2}}\n",
               "envelope: error");
    tap_is_int(run_eval("(", NULL, NULL, 1, out, sizeof out), 1, "syntax error: exit 1");
    tap_is_int(run_eval("a", "{bad", NULL, 1, out, sizeof out), 2, "bad input JSON: exit 2");
    tap_is_int(run_eval("a", NULL, "[1]", 1, out, sizeof out), 2, "bindings not an object: exit 2");
}

/* A NUL byte in the expression text (from a JSON string) and in the data is a character. */
static void test_nul(void)
{
    static const char text[] = "$.k & \"\0!\" & $length($.k) & $keys($)[0]";
    jsonata_error err;
    jsonata_expr *e = jsonata_compile_n(text, sizeof text - 1, &err);
    tap_ok(e != NULL, "an expression with a NUL in a string literal compiles");
    jv_parse_error pe;
    jv *in = jv_parse_cstr("{\"k\\u0000\":1,\"k\":\"a\\u0000b\"}", &pe);
    jv *r = NULL;
    if (e)
        jsonata_eval(e, in, NULL, NULL, &r, &err);
    char *s = r ? jv_dump_string(r, 0) : NULL;
    tap_is_str(s ? s : "(none)", "\"a\\u0000b\\u0000!3k\\u0000\"", "NUL kept through & and $length");
    free(s);
    jv_unref(r);
    jv_unref(in);
    jsonata_free(e);
}

int main(void)
{
    test_compile_errors();
    test_eval_api();
    test_determinism();
    test_eval_command();
    test_nul();
    return tap_done();
}
