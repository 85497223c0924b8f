/*
 * resolvers — the task answerers `sfdbg run` and the debugger set up from their options,
 * in DESIGN §3's order: the mock config (--mock-config / SFN_MOCK_CONFIG with --test-case),
 * then the handler map (--handlers). Files are read and checked here, and every problem is
 * reported with the file, the entry and what was expected.
 */
#ifndef SFDBG_RESOLVERS_H
#define SFDBG_RESOLVERS_H

#include "definition.h"
#include "mockconfig.h"
#include "options.h"
#include "task.h"
#include "handlers.h"

typedef struct {
    mock_config *mocks;
    handlers *handlers;
    task_resolver list[2];
    size_t count;
} resolver_set;

/* 0, or 2 after printing what is wrong. state_machine_name selects the mock config's
 * state machine. */
int resolvers_setup(resolver_set *rs, const run_options *o, const asl_definition *def,
                    const char *state_machine_name);
void resolvers_cleanup(resolver_set *rs);

#endif
