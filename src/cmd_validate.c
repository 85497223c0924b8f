/*
 * cmd_validate — `sfdbg validate [--type STANDARD|EXPRESS] [--json] WORKFLOW...`
 *
 * Checks each definition statically (engine/validate.h) and prints one line per problem,
 * compiler style, on stdout: `FILE:LINE:COL: error: CODE: message at /Pointer` (`warning:`
 * for non-fatal findings). With --json, one ValidateStateMachineDefinition-shaped object
 * per file instead. A summary goes to stderr. Exit status: 0 all valid, 1 any error,
 * 2 usage error or a file that cannot be read (or is over AWS's 1 MiB definition limit).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "jv_text.h"
#include "strbuf.h"
#include "validate.h"
#include "cliopt.h"
#include "commands.h"
#include "diagprint.h"
#include "fileio.h"

/* AWS's ValidateStateMachineDefinition / CreateStateMachine limit on `definition`. */
#define VALIDATE_MAX_DEFINITION 1048576

typedef struct {
    bool json;
    asl_validate_options opts;
    size_t files, invalid, errors, warnings;
    bool input_error;
} vopts;

static void validate_usage(FILE *to)
{
    fputs("usage: sfdbg validate [--type STANDARD|EXPRESS] [--json] WORKFLOW...\n"
          "Checks state machine definitions as AWS does before creating them.\n"
          "  --type T   validate as a STANDARD (default) or EXPRESS state machine\n"
          "  --json     print ValidateStateMachineDefinition-style JSON, one object per file\n"
          "  WORKFLOW   a definition file, or - for standard input\n"
          "Output: FILE:LINE:COL: error: CODE: message at /Pointer\n"
          "Exit status: 0 all valid, 1 some definition is invalid, 2 usage or input error.\n",
          to);
}

/* Reads the whole file (or stdin for "-"), refusing more than the definition limit with
 * AWS's message. Returns NULL with a message on stderr. */
static char *validate_read(const char *path, size_t *len)
{
    char err[1024];
    bool too_big;
    char *text = fileio_read_limited(path, VALIDATE_MAX_DEFINITION, len, &too_big, err,
                                     sizeof err);
    if (text)
        return text;
    if (too_big)
        fprintf(stderr,
                "sfdbg validate: %s: 1 validation error detected: Value at 'definition' failed "
                "to satisfy constraint: Member must have length less than or equal to %d\n",
                path, VALIDATE_MAX_DEFINITION);
    else
        fprintf(stderr, "sfdbg validate: %s\n", err);
    return NULL;
}

static void validate_print_json(const char *file, const asl_diags *d)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"file\":");
    jv_dump_cstring(file, strlen(file), &sb);
    strbuf_printf(&sb, ",\"result\":\"%s\",\"diagnostics\":[",
                  asl_diags_error_count(d) ? "FAIL" : "OK");
    for (size_t i = 0; i < d->len; i++) {
        const asl_diag *g = &d->items[i];
        strbuf_printf(&sb, "%s{\"severity\":\"%s\",\"code\":", i ? "," : "",
                      g->severity == ASL_DIAG_ERROR ? "ERROR" : "WARNING");
        jv_dump_cstring(g->code, strlen(g->code), &sb);
        strbuf_puts(&sb, ",\"message\":");
        jv_dump_cstring(g->message, strlen(g->message), &sb);
        if (g->pointer[0]) { /* AWS omits the location when there is none */
            strbuf_puts(&sb, ",\"location\":");
            jv_dump_cstring(g->pointer, strlen(g->pointer), &sb);
        }
        if (g->line)
            strbuf_printf(&sb, ",\"line\":%d,\"column\":%d", g->line, g->column);
        strbuf_putc(&sb, '}');
    }
    strbuf_puts(&sb, "],\"truncated\":false}\n");
    fputs(strbuf_str(&sb), stdout);
    strbuf_cleanup(&sb);
}

static void validate_file(const char *path, vopts *o)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    size_t len = 0;
    char *text = validate_read(path, &len);
    if (!text) {
        o->input_error = true;
        return;
    }
    asl_diags d;
    asl_diags_init(&d);
    jv_unref(asl_validate_text(text, len, &o->opts, &d));
    free(text);
    size_t errors = asl_diags_error_count(&d);
    o->files++;
    o->errors += errors;
    o->warnings += d.len - errors;
    o->invalid += errors > 0;
    if (o->json)
        validate_print_json(name, &d);
    else
        diagprint_all(stdout, name, &d);
    asl_diags_cleanup(&d);
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

enum { OPT_JSON = 256, OPT_TYPE };

static const struct option validate_long[] = {
    {"help", no_argument, NULL, 'h'},
    {"json", no_argument, NULL, OPT_JSON},
    {"type", required_argument, NULL, OPT_TYPE},
    {NULL, 0, NULL, 0},
};

static bool validate_set_type(vopts *o, const char *type)
{
    if (strcmp(type, "STANDARD") != 0 && strcmp(type, "EXPRESS") != 0) {
        fprintf(stderr, "sfdbg validate: --type must be STANDARD or EXPRESS, not '%s'\n", type);
        return false;
    }
    o->opts.express = strcmp(type, "EXPRESS") == 0;
    return true;
}

/* Parses the options before the first file (every argument from there on is a file);
 * returns the index of the first file, or -1 after a usage error (or -2 after --help). */
static int validate_options(int argc, char **argv, vopts *o)
{
    cliopt p;
    cliopt_init(&p, argc, argv, "-:h", validate_long);
    for (;;) {
        switch (cliopt_next(&p)) {
        case -1: /* the end, or "--" */
            return cliopt_rest(&p);
        case 1:
            return cliopt_rest(&p) - 1;
        case 'h':
            return -2;
        case OPT_JSON:
            o->json = true;
            break;
        case OPT_TYPE:
            if (!validate_set_type(o, optarg))
                return -1;
            break;
        case ':':
            fputs("sfdbg validate: --type needs a value (STANDARD or EXPRESS)\n", stderr);
            return -1;
        default:
            fprintf(stderr, "sfdbg validate: unknown option '%s'\n", p.arg);
            return -1;
        }
    }
}

int cmd_validate(int argc, char **argv)
{
    vopts o;
    memset(&o, 0, sizeof o);
    int first = validate_options(argc, argv, &o);
    if (first == -2) {
        validate_usage(stdout);
        return 0;
    }
    if (first < 0 || first >= argc) {
        if (first >= argc)
            fputs("sfdbg validate: no workflow file given\n", stderr);
        validate_usage(stderr);
        return 2;
    }
    for (int i = first; i < argc; i++)
        validate_file(argv[i], &o);
    fflush(stdout);
    fprintf(stderr, "sfdbg validate: %zu %s checked, %zu invalid: %zu %s, %zu %s\n", o.files,
            plural(o.files, "definition", "definitions"), o.invalid, o.errors,
            plural(o.errors, "error", "errors"), o.warnings,
            plural(o.warnings, "warning", "warnings"));
    if (o.input_error)
        return 2;
    return o.invalid ? 1 : 0;
}
