/*
 * policy_ctx — what policy_build and policy_resources share while they turn a workflow's
 * Task states into statements: the walk's context, the state's parameters read as literal,
 * computed or absent, and the statements built up (merged by their actions and condition).
 * Private to the two modules.
 */
#ifndef SFDBG_POLICY_CTX_H
#define SFDBG_POLICY_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"
#include "iam_rules.h"
#include "jv.h"
#include "policy_build.h"

#define POL_ARN_MAX 2048

typedef struct {
    const policy_opts *o;
    const asl_state *st;
    jv *statements;      /* object: "action,action" -> {"Action": [...], "Resource": [...]} */
    size_t warnings;
    bool used_default;   /* an ARN was built with the default region or account */
} pol_ctx;

typedef enum { POL_ABSENT, POL_STATIC, POL_DYNAMIC } pol_value;

/* A warning on stderr naming the file and the state. */
__attribute__((format(printf, 2, 3)))
void pol_warn(pol_ctx *c, const char *fmt, ...);

/* Member key of obj (Parameters/Arguments or an object inside them): a literal string,
 * absent, or computed (JSONPath "key.$", a JSONata "{% ... %}"); where names the field. */
pol_value pol_member(const pol_ctx *c, const jv *obj, const char *key, const char *at,
                     const char **value, char *where, size_t n);
/* The state's Parameters (JSONPath) or Arguments (JSONata), *at their name. */
const jv *pol_params(const pol_ctx *c, const char **at);
/* A member of the state's Parameters or Arguments. */
pol_value pol_field(const pol_ctx *c, const char *key, const char **value, char *where,
                    size_t n);

/* Adds resource to the statement of these actions (and condition, NULL for none). */
void pol_add_if(pol_ctx *c, const char *const *actions, const char *resource,
                const jv *condition);
void pol_add(pol_ctx *c, const char *const *actions, const char *resource);
/* The region and account of the ARNs (a default one is noted). */
const char *pol_region(pol_ctx *c);
const char *pol_account(pol_ctx *c);
/* The statement on AWS's wildcard for a field computed at run time, with a warning. */
void pol_wild(pol_ctx *c, const iam_statement *s, const char *where, const char *wild);
/* The statement on a fallback resource, with a warning: "WHERE WHY: ACTION on "ARN"". */
void pol_fallback(pol_ctx *c, const iam_statement *s, const char *where, const char *why,
                  const char *arn);

/* policy_resources.c: the resources of the statement kinds the later integrations use
 * (ARN templates, iam:PassRole, CodeBuild, Athena, API Gateway, Bedrock). */
void pol_resource(pol_ctx *c, const iam_statement *s);

#endif
