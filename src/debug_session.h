/*
 * debug_session — the debugger started on a definition and input already loaded, with the
 * resolvers of the options (src/resolvers.h) behind an optional first one: `sfdbg WORKFLOW`
 * (none) and `sfdbg replay HISTORY --definition F` (the history's answers, and the recorded
 * execution beside the local run: replay, NULL for none). Implemented in cmd_debug.c.
 * Returns the exit status as cmd_debug does.
 */
#ifndef SFDBG_DEBUG_SESSION_H
#define SFDBG_DEBUG_SESSION_H

#include "definition.h"
#include "jv.h"
#include "options.h"
#include "task.h"
#include "ui/debugger.h"

int cmd_debug_session(const run_options *o, const asl_definition *def, const jv *input,
                      const task_resolver *first, const debugger_replay *replay);

#endif
