/*
 * sfn_registry — what the child executions of one run remember (internal to sfn_child.c):
 *
 * - the names children were started with, for StartExecution's rules: a name is taken for
 *   90 days (of the virtual clock) per state machine; the same name with the same input
 *   while the first execution is open is the first's answer again (idempotent), anything
 *   else ExecutionAlreadyExists;
 * - the task tokens of parents waiting on a child (states:startExecution.waitForTaskToken)
 *   and what a child's aws-sdk:sfn:sendTaskSuccess / sendTaskFailure sent for them.
 *
 * sfn_child_forget (sfn_child.h) clears both when a new run starts.
 */
#ifndef SFDBG_SERVICES_SFN_REGISTRY_H
#define SFDBG_SERVICES_SFN_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "jv.h"

typedef struct sfn_registry sfn_registry;

sfn_registry *sfn_registry_new(void);
void sfn_registry_free(sfn_registry *r);   /* NULL-safe */
void sfn_registry_clear(sfn_registry *r);

typedef enum { SFN_NAME_FREE, SFN_NAME_SAME_OPEN, SFN_NAME_TAKEN } sfn_name_use;

/* Whether key ("MACHINE:NAME") may start an execution with input (its JSON text) at now;
 * for SFN_NAME_SAME_OPEN, *start_ms and *arn (borrowed) are the first execution's. */
sfn_name_use sfn_registry_name(const sfn_registry *r, const char *key, const char *input,
                               int64_t now_ms, int64_t *start_ms, const char **arn);
void sfn_registry_name_add(sfn_registry *r, const char *key, const char *input,
                           const char *arn, int64_t now_ms);
void sfn_registry_name_close(sfn_registry *r, const char *key);

/* A parent waits for token (its child may send it). */
void sfn_registry_token_wait(sfn_registry *r, const char *token);
typedef enum { SFN_TOKEN_UNKNOWN, SFN_TOKEN_SENT, SFN_TOKEN_DONE } sfn_token_send;
/* A child sends the token's outcome: output (JSON text) for a success, else error and
 * cause (either NULL). UNKNOWN: no parent waits for it; DONE: it was sent already. */
sfn_token_send sfn_registry_token_send(sfn_registry *r, const char *token, const char *output,
                                       const char *error, const char *cause, int64_t now_ms);
/* Without changing it: UNKNOWN (no parent waits for token), SENT (one waits: nothing sent
 * yet), DONE (its outcome was sent). */
sfn_token_send sfn_registry_token_peek(const sfn_registry *r, const char *token);
/* The outcome sent for token (owned: {"Output"} or {"Error", "Cause"}, and "At"), or NULL
 * when none was; the token is forgotten either way. */
jv *sfn_registry_token_take(sfn_registry *r, const char *token);

#endif
