/*
 * sfn_child_log — the child executions a run started, kept once they ended (their
 * definition, input, options and the finished execution) so the debugger can step into one
 * again: sfn_child_find and sfn_child_replay_resolve (sfn_child.h). At most
 * SFN_CHILD_RECORDS are kept; a new one past that drops the oldest. Internal to
 * engine/services.
 */
#ifndef SFDBG_SERVICES_SFN_CHILD_LOG_H
#define SFDBG_SERVICES_SFN_CHILD_LOG_H

#include "services/sfn_child.h"

typedef struct sfn_child_log sfn_child_log;

sfn_child_log *sfn_child_log_new(void);
void sfn_child_log_free(sfn_child_log *l);
/* Keeps the ended execution ex (taken), started with def (borrowed: it outlives the run),
 * input (a reference is taken) and eo (copied, its resolvers and names left out: the names
 * are the execution's, its execution name when named, else drawn again from the seed). */
void sfn_child_log_add(sfn_child_log *l, const asl_definition *def, const jv *input,
                       const exec_options *eo, bool named, sfn_exec *ex);
/* The newest record of the execution ARN, or NULL. */
const sfn_child_record *sfn_child_log_find(const sfn_child_log *l, const char *arn);

#endif
