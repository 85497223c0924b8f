/*
 * runexec — one headless execution as `sfdbg run` drives it (resolvers, task waits, task
 * logs, --history, --save-services-state), shared by `sfdbg run` and `sfdbg test`.
 */
#ifndef SFDBG_RUNEXEC_H
#define SFDBG_RUNEXEC_H

#include "definition.h"
#include "exec.h"
#include "jv.h"
#include "options.h"

/* Called once the execution has ended, before it is freed; returns the exit status
 * (0 / 1) the caller wants. */
typedef int (*run_finish_fn)(const sfn_exec *ex, void *ctx);

/* Runs def on input with o's options to the end, then calls finish. Returns finish's
 * status, or 2 when the resolvers could not be set up or --history / the services state
 * could not be written (after a message on stderr). */
int run_execute_with(const run_options *o, const asl_definition *def, const jv *input,
                     run_finish_fn finish, void *ctx);

#endif
