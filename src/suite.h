/*
 * suite — a test suite file for `sfdbg test` (DESIGN §4.2), loaded and checked: every field
 * has the type the format says, or loading fails with a message naming the file and the
 * field. Paths in the suite are made relative to the suite file's directory.
 */
#ifndef SFDBG_SUITE_H
#define SFDBG_SUITE_H

#include <stddef.h>

#include "jv.h"

/* A suite file is read up to this size. */
#define SUITE_MAX_BYTES (16u * 1024 * 1024)
#define SUITE_MAX_TESTS 10000

typedef struct {
    const char *name;
    const char *test_case;   /* NULL: none */
    const jv *input;         /* NULL: {}; a "file://PATH" string is relative to the suite */
    const char *input_arg;   /* smoke tests: --input as given on the command line; else NULL */
    const jv *expect;        /* an object (checked) */
} suite_test;

typedef struct {
    char *path;              /* the suite file, as given */
    char *workflow;          /* resolved against the suite's directory */
    char *mock_config;       /* NULL: none */
    char *services_state, *handlers;
    const char *start_time;  /* NULL: none */
    char seed[32];           /* "" when none */
    jv *doc;                 /* the parsed file (test strings are borrowed from it) */
    jv *expect;              /* smoke tests: the expectation they share; else NULL */
    char machine[256];       /* smoke tests: the state machine whose test cases run; else "" */
    suite_test *tests;
    size_t ntests;
} suite;

/* 0 with *s filled (suite_free it), or -1 with err set ("FILE: tests[2].expect.status:
 * expected one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED"). */
int suite_load(const char *path, suite *s, char *err, size_t errlen);
void suite_free(suite *s);
/* path resolved against the suite file's directory (absolute paths unchanged); caller frees. */
char *suite_resolve(const suite *s, const char *path);

#endif
