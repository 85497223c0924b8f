/*
 * sfn_child — the states:startExecution tasks (plain, .sync, .sync:2) answered by running
 * another local workflow as a child execution ([services.md](../../docs/services.md),
 * "Child executions").
 *
 * The child is an execution of its own (its own history, its own random stream drawn from
 * the parent's, so --seed reproduces it), started on the parent's virtual clock with the
 * parent's options (region, account, limits, the S3 store) and resolvers. It runs to its
 * end inside the task: when one of its tasks goes in flight (a handler, an HTTP request),
 * the parent's task goes in flight with a job that drives the child. A child's task that
 * waits for its token times out as in a headless run (nothing can send it).
 *
 * states:startExecution.waitForTaskToken runs the child the same way; the parent then waits
 * for its token, which the child can send (its aws-sdk:sfn:sendTaskSuccess / sendTaskFailure
 * tasks with the token are answered here: the parent's answer is what they sent, at the
 * child's time) or, when it does not, whatever answers waiting tasks (the debugger's x,
 * --listen). A Name used before follows StartExecution's rules (ExecutionAlreadyExists;
 * the same name and input while the first is open: its answer again).
 *
 * The definitions come from the program (sfdbg_child_lookup_fn: `--workflows DIR`); the
 * engine reads no file. Children nest at most SFN_CHILD_MAX_DEPTH deep.
 */
#ifndef SFDBG_SERVICES_SFN_CHILD_H
#define SFDBG_SERVICES_SFN_CHILD_H

#include <stddef.h>

#include "definition.h"
#include "exec.h"
#include "task.h"

#define SFN_CHILD_MAX_DEPTH 8

/* The definition of the state machine name, borrowed (it must outlive the children), or
 * NULL: err empty when there is no such machine, else why it cannot be loaded. */
typedef const asl_definition *(*sfn_child_lookup_fn)(void *user, const char *name, char *err,
                                                     size_t errlen);

typedef struct sfn_children sfn_children;

/* base: the options children start from (copied; its strings and store are borrowed). */
sfn_children *sfn_children_new(sfn_child_lookup_fn lookup, void *lookup_user,
                               const exec_options *base);
/* The resolvers a child's tasks are asked (copied): the list the parent has, in which the
 * entry of sfn_child_resolve is the one a child's child goes through. Entries named
 * "mock-config" are left out: a test case mocks the parent's states, not a child's. */
void sfn_children_set_resolvers(sfn_children *c, const task_resolver *list, size_t n);
/* The user pointer of the parent's resolver entry. */
void *sfn_children_user(sfn_children *c);
task_answer_kind sfn_child_resolve(void *user, const task_call *call, task_answer *out);
void sfn_children_free(sfn_children *c);
/* A new run starts (a restart in the debugger): the child execution names taken and the
 * tokens waited for are forgotten, in the children of the sfn_child_resolve entry of list. */
void sfn_child_forget(const task_resolver *list, size_t n);

/* ---- the children that ran, for the debugger to step into (sfn_child_log.c) ----
 *
 * Every child execution that ended is kept (at most SFN_CHILD_RECORDS, the oldest dropped)
 * with what it started from. Executing record->def on record->input with record->options
 * and sfn_child_replay_resolve as its one resolver (user: the record) runs the same
 * execution again: every task gets the answer the recorded run's history has for it (its
 * result, error or time out, after the same virtual time), nothing is sent anywhere and no
 * local service changes. A task the record has no answer for is not answered. */
#define SFN_CHILD_RECORDS 32

typedef struct {
    const char *execution_arn;
    const char *machine;              /* the state machine's name in --workflows */
    const asl_definition *def;
    const jv *input;
    exec_options options;             /* as the child started (no resolvers) */
    const sfn_exec *run;              /* the ended execution */
} sfn_child_record;

/* The newest record of the child execution ARN, in the children of list's sfn_child_resolve
 * entry; NULL when there is none (no --workflows, never started, or dropped). Valid until the
 * next child execution ends. */
const sfn_child_record *sfn_child_find(const task_resolver *list, size_t n,
                                       const char *execution_arn);
task_answer_kind sfn_child_replay_resolve(void *user, const task_call *call, task_answer *out);

#endif
