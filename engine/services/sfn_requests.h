/*
 * sfn_requests — the requests to real endpoints a child execution's tasks made (their
 * answers' task_answer.requests: an HTTP task, --lambda-endpoint, --endpoint-url), gathered
 * for the parent's answer to states:startExecution, so that the debugger lists them under
 * the parent's Task visit (the child's answers are not journaled: only the parent's is).
 *
 * A gatherer stands in front of a child's resolvers: each entry asks the real one and
 * keeps a reference to the records of its answer, at once or, for an answer that comes in
 * flight, through a job of its own wrapped around the real one when that job delivers.
 * Each record gains "ChildState", the child's state that sent it (a grandchild's records
 * keep the one they came with), in the order the answers came.
 *
 * Borrows the real resolvers; must outlive the child execution (its jobs point to it).
 */
#ifndef SFDBG_SERVICES_SFN_REQUESTS_H
#define SFDBG_SERVICES_SFN_REQUESTS_H

#include <stddef.h>

#include "jv.h"
#include "task.h"

typedef struct sfn_requests sfn_requests;

sfn_requests *sfn_requests_new(const task_resolver *list, size_t n);
void sfn_requests_free(sfn_requests *g);   /* NULL-safe */
/* The resolvers to give the child execution (as many as list had; borrowed from g). */
const task_resolver *sfn_requests_resolvers(const sfn_requests *g);
/* The records gathered so far, moved out (owned), or NULL when there are none. */
jv *sfn_requests_take(sfn_requests *g);

#endif
