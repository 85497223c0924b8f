/*
 * corpus_lambdas — the conformance corpus's Lambda functions, answered on this machine.
 *
 * Most recordings carry the answer of every task (task_results, turned into a mock config);
 * a few cannot: a distributed Map's iterations run in child executions whose history the
 * recording does not keep, an EXPRESS recording keeps only the last log event, and one
 * Parallel recording kept the answer of one branch only. Those cases name the functions the
 * harness deployed (provenance.lambda_handlers: the deployed name -> the handler's file) and
 * how the definition names them (substitutions: deployed name -> the name written in the
 * definition). This resolver answers those functions by what each handler file does —
 * written from the behaviour the recordings show, not copied — so the execution around
 * them (Map, Parallel, Retry, Catch) is checked against what AWS recorded.
 *
 * It answers Lambda ARN Resources and lambda:invoke, after the mock config: a task the
 * recording answered keeps its recorded answer. A function it does not know, or a handler
 * file it does not implement, is not answered (TASK_NO_ANSWER), so the case fails visibly.
 */
#ifndef SFDBG_CORPUS_LAMBDAS_H
#define SFDBG_CORPUS_LAMBDAS_H

#include "jv.h"
#include "task.h"

typedef struct corpus_lambdas corpus_lambdas;

/* NULL when the case names no Lambda handlers. */
corpus_lambdas *corpus_lambdas_new(const jv *corpus_case);
void corpus_lambdas_free(corpus_lambdas *l);

/* A task_resolve_fn; user is a corpus_lambdas. */
task_answer_kind corpus_lambdas_resolve(void *user, const task_call *call, task_answer *out);

#endif
