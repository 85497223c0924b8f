/* wfload — loading what `sfdbg run` and the debugger both start from. See wfload.h. */
#include "wfload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagprint.h"
#include "fileio.h"
#include "jv_text.h"

asl_definition *wfload_definition(const run_options *o)
{
    char err[512];
    size_t len;
    char *text = fileio_read(o->workflow, RUN_MAX_DEFINITION, &len, err, sizeof err);
    if (!text) {
        fprintf(stderr, "sfdbg: %s\n", err);
        return NULL;
    }
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = o->express};
    asl_definition *def = asl_definition_load(text, len, &vo, &diags);
    diagprint_all(stderr, o->workflow, &diags);
    if (!def && diags.len == 0)
        fprintf(stderr, "%s: error: the definition could not be loaded\n", o->workflow);
    asl_diags_cleanup(&diags);
    free(text);
    return def;
}

/* The input as AWS takes it: text of at most the payload limit (InvalidExecutionInput
 * otherwise), parsed as JSON. */
jv *wfload_input(const run_options *o, size_t max_payload)
{
    if (!o->input)
        return jv_object();
    char err[512];
    size_t len;
    size_t cap = max_payload ? max_payload : RUN_MAX_UNLIMITED_INPUT;
    bool too_big;
    char *text = fileio_read_arg(o->input, cap, &len, &too_big, err, sizeof err);
    if (!text) {
        /* the hint explains the limit only; a missing or unreadable file has no limit to lift */
        fprintf(stderr, "sfdbg: --input: %s%s\n", err,
                too_big && max_payload ? " (the payload limit: AWS refuses larger input with "
                                         "InvalidExecutionInput; --max-payload 0 lifts it)" : "");
        return NULL;
    }
    jv_parse_error perr;
    jv *v = jv_parse(text, len, 0, &perr);
    if (!v)
        fprintf(stderr, "sfdbg: --input: %d:%d: invalid JSON: %s\n", perr.line, perr.column,
                perr.message);
    free(text);
    return v;
}

/* AWS's execution name rules: 1-80 characters, none of the reserved ones. */
bool wfload_valid_execution_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 80)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("<>{}[]?*\"#%\\^|~`$&,;:/", *p))
            return false;
    return true;
}

bool wfload_check_breaks(const run_options *o, const asl_definition *def)
{
    for (size_t i = 0; i < o->nbreaks; i++)
        if (!asl_definition_find_state(def, o->breaks[i])) {
            fprintf(stderr, "sfdbg: --break: no state named '%s' in %s\n", o->breaks[i],
                    o->workflow);
            return false;
        }
    return true;
}


int wfload_all(const run_options *o, asl_definition **def, jv **input)
{
    *def = NULL;
    *input = NULL;
    if (o->execution_name && !wfload_valid_execution_name(o->execution_name)) {
        fprintf(stderr, "sfdbg: --execution-name: '%s' is not a valid execution name (1-80 "
                "characters, no white space or any of < > { } [ ] ? * \" # %% \\ ^ | ~ ` $ & , ; : /)\n",
                o->execution_name);
        return 2;
    }
    *def = wfload_definition(o);
    if (!*def)
        return 2;
    if (wfload_check_breaks(o, *def)) {
        exec_options defaults;
        exec_options_init(&defaults);
        *input = wfload_input(o, o->max_payload >= 0 ? (size_t)o->max_payload
                                                     : defaults.max_payload);
    }
    if (*input)
        return 0;
    asl_definition_free(*def);
    *def = NULL;
    return 2;
}
