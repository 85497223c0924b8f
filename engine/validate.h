/*
 * validate — static validation of a state machine definition, as CreateStateMachine /
 * ValidateStateMachineDefinition do it, reporting every problem (not just the first).
 *
 * Each diagnostic has AWS's code (SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET,
 * DUPLICATE_STATE_NAME, INVALID_JSON_DESCRIPTION, MISSING_END_STATE,
 * INVALID_JSONATA_EXPRESSION, UNSUPPORTED_JSONATA_EXPRESSION), AWS's message, the pointer
 * of the field (e.g. "/States/Approve/Next") and the 1-based line:column of that field in
 * the text.
 *
 * `pointer` is AWS's location string, as ValidateStateMachineDefinition reports it: "/" and
 * the key for each object member, "[i]" for each array index ("/States/T/Retry[0]/
 * ErrorEquals[1]"), keys not escaped. Like AWS, it often names the object that holds the
 * offending field ("Field 'X' is not supported" at "/States/S"); line:column always names
 * the field itself (its key, or the array element).
 */
#ifndef SFDBG_VALIDATE_H
#define SFDBG_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"

typedef enum { ASL_DIAG_ERROR, ASL_DIAG_WARNING } asl_diag_severity;

typedef struct {
    asl_diag_severity severity;
    const char *code;    /* static string */
    char *message;       /* owned */
    char *pointer;       /* owned; "" for the whole document, "/" for the root object */
    int line, column;    /* 0 when unknown */
} asl_diag;

typedef struct {
    asl_diag *items;
    size_t len, cap;
} asl_diags;

void asl_diags_init(asl_diags *d);
void asl_diags_cleanup(asl_diags *d);
size_t asl_diags_error_count(const asl_diags *d);
/* Appends a diagnostic (line:column unknown: 0); takes message and pointer (malloc'd). */
asl_diag *asl_diags_add_take(asl_diags *d, asl_diag_severity sev, const char *code,
                             char *message, char *pointer);

typedef struct {
    bool express;   /* --type EXPRESS: .sync, .waitForTaskToken and activities are rejected */
    /* Every allocation of validating, loading and freeing the definition (borrowed; NULL:
     * the caller's current one, see alloc.h). */
    const engine_allocator *alloc;
} asl_validate_options;

/* Parses and validates definition text. Appends every problem to out. Returns the parsed
 * definition (a new reference) when the text is JSON, even if the ASL is invalid; NULL when
 * it is not JSON (then out holds the INVALID_JSON_DESCRIPTION diagnostic). */
/* What is wrong with a variable name Assign would set (len bytes, without JSONPath's ".$"):
 * 1 to 80 characters, not the reserved "states", a name and not a path; NULL when it is
 * fine. The validator's message for it. */
const char *asl_variable_name_problem(const char *name, size_t len);

jv *asl_validate_text(const char *text, size_t len, const asl_validate_options *opts,
                      asl_diags *out);

/* The same walk for the loader (definition.c): it also puts into `keep` every path,
 * intrinsic call and payload template of the fields the model holds (asl_schema.h's
 * asl_field.model), compiled once, for the loader to take instead of compiling them again.
 * Runs under the caller's allocator (the loader has entered opts->alloc already). The
 * diagnostics are those of asl_validate_text. */
typedef struct asl_compiled asl_compiled;
jv *asl_validate_text_keep(const char *text, size_t len, const asl_validate_options *opts,
                           asl_diags *out, asl_compiled *keep);

#endif
