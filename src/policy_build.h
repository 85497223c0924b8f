/*
 * policy_build — the IAM policy document a workflow's role needs (`sfdbg policy`): every
 * Task state, in Parallel branches and Map processors too, through iam_rules, with its
 * resources as narrow as the definition allows. Where a resource comes from a path or an
 * expression the statement gets AWS's wildcard and a warning names the state and field.
 */
#ifndef SFDBG_POLICY_BUILD_H
#define SFDBG_POLICY_BUILD_H

#include <stdbool.h>
#include <stdio.h>

#include "definition.h"
#include "jv.h"

typedef struct {
    const char *file;                          /* for the warnings */
    const char *partition, *region, *account;
    const char *machine;                       /* the state machine's name (HTTP tasks) */
    bool region_given, account_given;          /* else the defaults: a note says so */
    bool logs, xray;                           /* add the CloudWatch Logs / X-Ray statements */
    FILE *warn;                                /* warnings and notes */
} policy_opts;

/* The policy document ({"Version", "Statement": [...]}, owned); *warnings counts what was
 * written to o->warn. */
jv *policy_build(const asl_definition *def, const policy_opts *o, size_t *warnings);

#endif
