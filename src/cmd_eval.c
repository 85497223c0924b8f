/*
 * cmd_eval — `sfdbg eval`: evaluate one expression against an input, for trying out paths,
 * intrinsic calls and JSONata expressions without a workflow.
 *
 *   sfdbg eval EXPR [--jsonpath|--jsonata] [--input JSON|file://PATH] [--context JSON]
 *                   [--bindings JSON] [--seed N] [--envelope]
 *
 * JSONPath mode (the default) evaluates a path ($, $$ or $name rooted) or a States.* call;
 * --bindings supplies the $name variables. --jsonata hands over to eval_jsonata_main.
 * Output: the result as compact JSON, or with --envelope {"result": X} /
 * {"error": {"code", "message", "position"}}. Exit 0 on a result, 1 when the expression is
 * invalid or fails, 2 on a usage error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/intrinsic.h"
#include "engine/jsonpath.h"
#include "engine/jv.h"
#include "engine/jv_text.h"
#include "engine/rng.h"
#include "engine/strbuf.h"
#include "src/cliopt.h"
#include "src/commands.h"
#include "src/fileio.h"

#define EVAL_MAX_INPUT_BYTES (64u * 1024 * 1024)

typedef enum { MODE_JSONPATH, MODE_JSONATA } eval_mode;

typedef struct {
    const char *expr;
    eval_mode mode;
    const char *input, *context, *bindings; /* as given: JSON text or file://PATH */
    bool envelope;
    bool has_seed;
    uint64_t seed;
} eval_opts;

static void usage(FILE *out)
{
    fputs("usage: sfdbg eval EXPR [--jsonpath|--jsonata] [--input JSON|file://PATH]\n"
          "                  [--context JSON] [--bindings JSON] [--seed N] [--envelope]\n"
          "  EXPR is a JSONPath ($.a, $$.Execution.Id, $var.x) or an intrinsic call\n"
          "  (States.Format('{} owes {}', $.who, $.amt)); with --jsonata, a JSONata expression.\n"
          "  --jsonpath EXPR and --jsonata EXPR also work. The input defaults to {}.\n",
          out);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("sfdbg eval: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage(stderr);
    return 2;
}

enum { OPT_JSONPATH = 256, OPT_JSONATA, OPT_INPUT, OPT_CONTEXT, OPT_BINDINGS, OPT_SEED,
       OPT_ENVELOPE };

static const struct option eval_long[] = {
    {"help", no_argument, NULL, 'h'},
    {"jsonpath", optional_argument, NULL, OPT_JSONPATH},
    {"jsonata", optional_argument, NULL, OPT_JSONATA},
    {"input", required_argument, NULL, OPT_INPUT},
    {"context", required_argument, NULL, OPT_CONTEXT},
    {"bindings", required_argument, NULL, OPT_BINDINGS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"envelope", no_argument, NULL, OPT_ENVELOPE},
    {NULL, 0, NULL, 0},
};

static int set_expr(eval_opts *o, const char *e)
{
    if (o->expr)
        return usage_error("more than one expression (%s)", e);
    o->expr = e;
    return 0;
}

/* --jsonpath / --jsonata, with the expression as `=EXPR`, or as the next argument when
 * none was given yet and that argument is no long option. */
static int set_mode(cliopt *p, eval_opts *o, eval_mode mode, const char *e)
{
    o->mode = mode;
    const char *next = cliopt_peek(p);
    if (!e && !o->expr && next && strncmp(next, "--", 2) != 0) {
        e = next;
        cliopt_skip(p);
    }
    return e ? set_expr(o, e) : 0;
}

static int set_seed(eval_opts *o, const char *v)
{
    char *end = NULL;
    errno = 0;
    o->seed = strtoull(v, &end, 10);
    if (!*v || *end || errno)
        return usage_error("--seed needs a non-negative integer, not '%s'", v);
    o->has_seed = true;
    return 0;
}

/* One result of the option parser: 0, 2 (usage error, reported) or -1 (help printed). */
static int take_option(cliopt *p, int c, eval_opts *o)
{
    switch (c) {
    case 'h':
        usage(stdout);
        return -1;
    case 1: return set_expr(o, optarg);
    case '?': return usage_error("unknown option %s", p->arg);
    case ':': return usage_error("%s needs a value", p->name);
    case OPT_JSONPATH: return set_mode(p, o, MODE_JSONPATH, optarg);
    case OPT_JSONATA: return set_mode(p, o, MODE_JSONATA, optarg);
    case OPT_INPUT: o->input = optarg; return 0;
    case OPT_CONTEXT: o->context = optarg; return 0;
    case OPT_BINDINGS: o->bindings = optarg; return 0;
    case OPT_SEED: return set_seed(o, optarg);
    default: o->envelope = true; return 0; /* OPT_ENVELOPE */
    }
}

/* A single dash and more is an expression (`-1`, `-$x`), not an option; `-h` is help. */
static int is_dashed_expr(const char *a)
{
    return a && a[0] == '-' && a[1] && a[1] != '-' && strcmp(a, "-h") != 0;
}

/* Returns 0, 2 (usage error, reported) or -1 (help printed). */
static int parse_args(int argc, char **argv, eval_opts *o)
{
    cliopt p;
    cliopt_init(&p, argc, argv, "-:h", eval_long);
    int rc = 0;
    while (!rc) {
        const char *next = cliopt_peek(&p);
        if (is_dashed_expr(next)) {
            cliopt_skip(&p);
            rc = set_expr(o, next);
            continue;
        }
        int c = cliopt_next(&p);
        if (c == -1)
            break;
        rc = take_option(&p, c, o);
    }
    for (int i = cliopt_rest(&p); !rc && i < argc; i++) /* after "--": the expression */
        rc = set_expr(o, argv[i]);
    if (!rc && !o->expr)
        return usage_error("%s", "no expression given");
    return rc;
}

/* JSON text given on the command line, or read from file://PATH (caller frees). */
static char *load_text(const char *arg, const char *opt)
{
    char err[1024];
    char *text = fileio_read_arg(arg, EVAL_MAX_INPUT_BYTES, NULL, NULL, err, sizeof err);
    if (!text)
        fprintf(stderr, "sfdbg eval: %s: %s\n", opt, err);
    return text;
}

/* Parses an option's JSON; NULL after reporting the problem. */
static jv *load_json(const char *arg, const char *opt)
{
    char *text = load_text(arg, opt);
    if (!text)
        return NULL;
    jv_parse_error err;
    jv *v = jv_parse(text, strlen(text), EVAL_MAX_INPUT_BYTES, &err);
    if (!v)
        fprintf(stderr, "sfdbg eval: %s is not valid JSON: %s at %d:%d\n", opt, err.message, err.line,
                err.column);
    free(text);
    return v;
}

static void print_result(const jv *v, bool envelope)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    if (envelope)
        strbuf_puts(&sb, "{\"result\":");
    jv_dump(v, 0, &sb);
    if (envelope)
        strbuf_putc(&sb, '}');
    puts(strbuf_str(&sb));
    strbuf_cleanup(&sb);
}

/* position < 0: none (runtime errors have no position in the expression). */
static int print_error(const char *code, const char *message, long position, bool envelope)
{
    if (!envelope) {
        if (position >= 0)
            fprintf(stderr, "sfdbg eval: %s: %s (at position %ld)\n", code, message, position);
        else
            fprintf(stderr, "sfdbg eval: %s: %s\n", code, message);
        return 1;
    }
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"error\":{\"code\":");
    jv_dump_cstring(code, strlen(code), &sb);
    strbuf_puts(&sb, ",\"message\":");
    jv_dump_cstring(message, strlen(message), &sb);
    if (position >= 0)
        strbuf_printf(&sb, ",\"position\":%ld", position);
    strbuf_puts(&sb, "}}");
    puts(strbuf_str(&sb));
    strbuf_cleanup(&sb);
    return 1;
}

static const jv *lookup_binding(void *user, const char *name)
{
    return user ? jv_object_get(user, name) : NULL;
}

/* AWS reports an invalid expression at definition time with this code. */
#define CODE_INVALID "SCHEMA_VALIDATION_FAILED"

static int eval_path(const char *expr, const eval_env *env, bool envelope)
{
    jsonpath_error perr;
    jsonpath *p = jsonpath_compile(expr, &perr);
    if (!p)
        return print_error(CODE_INVALID, perr.message, (long)perr.position, envelope);
    jsonpath_miss miss;
    jv *r = jsonpath_eval(p, env, &miss);
    int rc = 0;
    if (r) {
        print_result(r, envelope);
    } else {
        strbuf sb;
        strbuf_init(&sb, 0);
        strbuf_printf(&sb, "Invalid path '%s' : %s", expr, miss.message);
        rc = print_error("States.Runtime", strbuf_str(&sb), -1, envelope);
        strbuf_cleanup(&sb);
    }
    jv_unref(r);
    jsonpath_free(p);
    return rc;
}

static int eval_call(const char *expr, const eval_env *env, bool envelope)
{
    intrinsic_error ierr;
    intrinsic *f = intrinsic_compile(expr, &ierr);
    if (!f)
        return print_error(CODE_INVALID, ierr.message, (long)ierr.position, envelope);
    asl_error err = ASL_ERROR_INIT;
    jv *r = intrinsic_eval(f, env, "value.$", &err);
    int rc = 0;
    if (r)
        print_result(r, envelope);
    else
        rc = print_error(err.name, err.cause ? err.cause : "", -1, envelope);
    jv_unref(r);
    asl_error_clear(&err);
    intrinsic_free(f);
    return rc;
}

static int run_jsonpath(const eval_opts *o)
{
    jv *input = o->input ? load_json(o->input, "--input") : jv_object();
    jv *context = o->context ? load_json(o->context, "--context") : NULL;
    jv *bindings = o->bindings ? load_json(o->bindings, "--bindings") : NULL;
    int rc = 2;
    if (!input || (o->context && !context) || (o->bindings && !bindings))
        goto out;
    if (bindings && !jv_is_object(bindings)) {
        fputs("sfdbg eval: --bindings must be a JSON object of variable names to values\n", stderr);
        goto out;
    }
    rng random;
    if (o->has_seed)
        rng_seed(&random, o->seed);
    else if (!rng_seed_os(&random))
        rng_seed(&random, 0);
    eval_env env = {input, context, lookup_binding, bindings, &random};
    rc = intrinsic_looks_like_call(o->expr) ? eval_call(o->expr, &env, o->envelope)
                                            : eval_path(o->expr, &env, o->envelope);
out:
    jv_unref(input);
    jv_unref(context);
    jv_unref(bindings);
    return rc;
}

static int run_jsonata(const eval_opts *o)
{
    char *input = o->input ? load_text(o->input, "--input") : NULL;
    char *bindings = o->bindings ? load_text(o->bindings, "--bindings") : NULL;
    int rc = 2;
    if ((!o->input || input) && (!o->bindings || bindings))
        rc = eval_jsonata_main(o->expr, input, bindings, o->envelope);
    free(input);
    free(bindings);
    return rc;
}

int cmd_eval(int argc, char **argv)
{
    eval_opts o = {0};
    o.mode = MODE_JSONPATH;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    return o.mode == MODE_JSONATA ? run_jsonata(&o) : run_jsonpath(&o);
}
