/*
 * suite_mock — `sfdbg test MOCKCONFIG --workflow F`: a mock config's test cases as a suite
 * (DESIGN §4), one smoke test per test case of F's state machine (the workflow file's base
 * name, as `sfdbg run` looks it up). Each test expects the execution to SUCCEED: a test
 * case whose mocks make the execution fail is reported with its error and cause (a suite
 * file states what a failing case must end with).
 */
#ifndef SFDBG_SUITE_MOCK_H
#define SFDBG_SUITE_MOCK_H

#include <stddef.h>

#include "suite.h"

typedef struct {
    const char *mock_config, *workflow;   /* as given on the command line */
    const char *test_case;                /* NULL: every test case */
    const char *input;                    /* --input (JSON text or file://PATH); NULL: {} */
    const char *start_time, *seed;        /* NULL: none */
    const char *services_state, *handlers;
} suite_mock_opts;

/* 0 with *s filled (suite_free it; its tests borrow s->doc), or -1 with err set ("FILE:
 * StateMachines.NAME.TestCases: expected a non-empty object ..."). */
int suite_mock_load(const suite_mock_opts *o, suite *s, char *err, size_t errlen);

#endif
