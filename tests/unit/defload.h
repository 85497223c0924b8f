/*
 * defload — loading a definition from text, as the engine unit tests share it: validated
 * without the express rules, diagnostics dropped (a test asserts on the NULL it gets).
 * Header-only (a static inline function), included by each test that needs it.
 */
#ifndef SFDBG_DEFLOAD_H
#define SFDBG_DEFLOAD_H

#include <string.h>

#include "definition.h"

static inline asl_definition *defload(const char *text)
{
    asl_diags d;
    asl_diags_init(&d);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(text, strlen(text), &vo, &d);
    asl_diags_cleanup(&d);
    return def;
}

#endif
