/*
 * testcheck — one `sfdbg test` test: its execution run headless as `sfdbg run` runs it
 * (runexec) with the suite's workflow, mock config, options and the test's test case and
 * input, then compared with the test's expectations (DESIGN §4.2).
 */
#ifndef SFDBG_TESTCHECK_H
#define SFDBG_TESTCHECK_H

#include <stdbool.h>

#include "record_pool.h"
#include "suite.h"

typedef enum {
    TESTCHECK_PASS,
    TESTCHECK_FAIL,     /* an expectation was not met */
    TESTCHECK_BROKEN    /* the test could not run: bad options, workflow, mocks (exit 2) */
} testcheck_result;

/* Runs test t of suite s. *why gets (caller frees) the first difference ("at
 * $.output.total: expected 1200, got 12") or what stopped the test, NULL when it passed;
 * *status the execution's final status ("SUCCEEDED", ...; static), NULL when it never ran.
 * pool: the record pool the execution borrows its records' memory from (borrowed; NULL:
 * none), so that a run of many tests reuses it. */
testcheck_result testcheck_run(const suite *s, const suite_test *t, record_pool *pool,
                               char **why, const char **status);

#endif
