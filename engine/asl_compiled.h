/*
 * asl_compiled — what the definition walk compiled, handed from the validator to the loader.
 *
 * The validator (validate.c) checks every path, intrinsic call and payload template of a
 * definition by compiling it. When it is asked to keep them (asl_validate_keep), it puts
 * each compiled object here, keyed by the JSON value it was compiled from (a node of the
 * parsed definition, borrowed), instead of freeing it; the loader (definition.c) then takes
 * them for its model, so nothing is parsed twice. Only the fields that have a place in the
 * model (asl_field.model in asl_schema.c) are kept.
 *
 * The store owns what was put and not taken; asl_compiled_free frees it. A take hands the
 * object over (the caller frees it) and returns NULL when the walk kept nothing for that
 * value and kind.
 */
#ifndef SFDBG_ASL_COMPILED_H
#define SFDBG_ASL_COMPILED_H

#include <stddef.h>

#include "intrinsic.h"
#include "jsonpath.h"
#include "jv.h"
#include "template.h"

typedef struct asl_compiled asl_compiled;

asl_compiled *asl_compiled_new(void);
void asl_compiled_free(asl_compiled *c);

/* The put functions take the object. */
void asl_compiled_put_path(asl_compiled *c, const jv *node, jsonpath *p);
void asl_compiled_put_call(asl_compiled *c, const jv *node, intrinsic *f);
void asl_compiled_put_template(asl_compiled *c, const jv *node, payload_template *t);

jsonpath *asl_compiled_take_path(asl_compiled *c, const jv *node);
intrinsic *asl_compiled_take_call(asl_compiled *c, const jv *node);
payload_template *asl_compiled_take_template(asl_compiled *c, const jv *node);

/* How many objects were put, and how many of them were taken. */
size_t asl_compiled_put_count(const asl_compiled *c);
size_t asl_compiled_taken_count(const asl_compiled *c);

#endif
