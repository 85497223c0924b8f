/*
 * handlers — answers Task states with local programs (DESIGN §3, `--handlers FILE`).
 *
 * A handler map is a JSON object {"NAME": ["argv0", "arg1", ...]}. NAME is a Lambda function
 * name (lambda:invoke's FunctionName, or the name inside a Lambda ARN Resource) or a whole
 * Resource string. The program runs in the handler file's folder, reads the payload as JSON
 * on stdin and prints the result as JSON on stdout:
 *  - lambda:invoke gets Parameters.Payload and its result is wrapped as Lambda's response
 *    ({"ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"});
 *  - a plain Lambda ARN gets the effective input and returns the result itself;
 *  - any other Resource gets the effective input and returns the task's result.
 * A non-zero exit is a task failure: error and cause come from the JSON it printed
 * ({"errorType", "errorMessage"}, as Lambda reports them; the cause is Lambda's JSON), else
 * Lambda.Unknown; one killed by a signal is Lambda.Unknown naming the signal, one that cannot
 * start Lambda.Unknown naming the path. A program still running at the task's timeout
 * (TimeoutSeconds, or 60 s) is killed: States.Timeout. The last 64 KiB of its stderr are
 * kept in the answer's log.
 *
 * The resolver never waits: it starts the program (procjob.h: its own process group, killed
 * with SIGKILL when the answer is made or the job is cancelled or freed, so nothing it
 * started outlives it; a 200 ms drain after its exit) and answers TASK_IN_FLIGHT with a
 * task_job that the caller drives (src/taskwait.h headless, the debugger's loop).
 *
 * Bounded: stdout over 6 MiB (Lambda's response limit) fails the task.
 */
#ifndef SFDBG_HANDLERS_H
#define SFDBG_HANDLERS_H

#include <stddef.h>

#include "jv.h"
#include "task.h"

typedef struct handlers handlers;

/* map is borrowed (the handlers keep a reference); dir is the folder programs run in.
 * NULL with err naming the bad entry when the map is not {"NAME": ["prog", ...]}. */
handlers *handlers_new(const jv *map, const char *dir, char *err, size_t errlen);
void handlers_free(handlers *h);

/* A task_resolver function (user: handlers *). */
task_answer_kind handlers_resolve(void *user, const task_call *call, task_answer *out);

#endif
