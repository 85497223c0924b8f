/*
 * child_workflows — `--workflows DIR`: the state machines states:startExecution tasks start
 * as child executions, found by name (DIR/NAME.asl.json, else DIR/NAME.json), read, checked
 * and loaded the first time a task names them, and kept for the run. The engine's side
 * (running the child, AWS's result shapes) is engine/services/sfn_child.h.
 */
#ifndef SFDBG_CHILD_WORKFLOWS_H
#define SFDBG_CHILD_WORKFLOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"

/* At most this many different child workflows in one run. */
#define CHILD_WORKFLOWS_MAX 64

typedef struct child_workflows child_workflows;

/* NULL after a message in err when dir is not a readable folder. */
child_workflows *child_workflows_new(const char *dir, char *err, size_t errlen);
/* sfn_child_lookup_fn: the definition of name, or NULL (err empty: no such file). */
const asl_definition *child_workflows_lookup(void *self, const char *name, char *err,
                                             size_t errlen);
void child_workflows_free(child_workflows *w);

#endif
