/* asl_error — ASL errors as values. */
#include "asl_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "jv.h"

void asl_error_clear(asl_error *e)
{
    engine_free(e->name);
    engine_free(e->cause);
    e->name = e->cause = NULL;
}

void asl_error_set_raw(asl_error *e, const char *name, const char *cause)
{
    char *n = engine_strdup(name);
    char *c = cause ? engine_strdup(cause) : NULL;
    asl_error_clear(e);
    e->name = n;
    e->cause = c;
}

void asl_error_set(asl_error *e, const char *name, const char *cause_fmt, ...)
{
    va_list ap;
    va_start(ap, cause_fmt);
    int n = vsnprintf(NULL, 0, cause_fmt, ap);
    va_end(ap);
    char *cause = engine_malloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, cause_fmt);
    vsnprintf(cause, n > 0 ? (size_t)n + 1 : 1, cause_fmt, ap);
    va_end(ap);
    char *nm = engine_strdup(name);
    asl_error_clear(e);
    e->name = nm;
    e->cause = cause;
}

bool asl_error_is_set(const asl_error *e) { return e->name != NULL; }

void asl_error_move(asl_error *dst, asl_error *src)
{
    asl_error_clear(dst);
    *dst = *src;
    src->name = src->cause = NULL;
}
