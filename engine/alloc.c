/* alloc — the engine's allocator hook. See alloc.h for who installs which hook. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "alloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* This thread's current allocator; NULL is the default (the C heap, the default handler).
 * Thread-local, so executions on different threads never see each other's hook. */
static _Thread_local const engine_allocator *engine_alloc_current;

const engine_allocator *engine_alloc_enter(const engine_allocator *a)
{
    const engine_allocator *previous = engine_alloc_current;
    if (a)
        engine_alloc_current = a;
    return previous;
}

void engine_alloc_leave(const engine_allocator *previous) { engine_alloc_current = previous; }

/* Set while the default handler's exit() runs the program's atexit handlers. */
static _Thread_local bool engine_oom_exiting;

static __attribute__((noreturn)) void engine_default_oom(size_t size)
{
    /* no stdio: it may allocate */
    char msg[64];
    int n = size ? snprintf(msg, sizeof msg, "sfdbg: out of memory (%zu bytes)\n", size)
                 : snprintf(msg, sizeof msg, "sfdbg: out of memory\n");
    if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0) {
        /* nothing more can be said */
    }
    /* exit, not _exit: the program's atexit handlers run (the debugger restores the
     * terminal). Running out again while they run ends at once (exit must not recurse). */
    if (engine_oom_exiting)
        _exit(ENGINE_OOM_STATUS);
    engine_oom_exiting = true;
    exit(ENGINE_OOM_STATUS);
}

void engine_oom(size_t size)
{
    const engine_allocator *a = engine_alloc_current;
    if (a && a->oom)
        a->oom(a->ud, size);
    engine_default_oom(size);   /* also when a handler broke its promise and returned */
}

/* One place that asks: the hook when there is one, the C heap otherwise. */
static void *engine_ask(void *p, size_t n)
{
    const engine_allocator *a = engine_alloc_current;
    if (a && a->alloc)
        return a->alloc(a->ud, p, n);
    return p ? realloc(p, n) : malloc(n);
}

void *engine_try_malloc(size_t n) { return engine_ask(NULL, n ? n : 1); }

void *engine_malloc(size_t n)
{
    void *p = engine_ask(NULL, n ? n : 1);
    if (!p)
        engine_oom(n);
    return p;
}

void *engine_realloc(void *p, size_t n)
{
    void *q = engine_ask(p, n ? n : 1);
    if (!q)
        engine_oom(n);
    return q;
}

void *engine_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        engine_oom(SIZE_MAX);
    size_t bytes = n * size;
    void *p = engine_malloc(bytes);
    memset(p, 0, bytes ? bytes : 1);
    return p;
}

char *engine_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = engine_malloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *engine_strdup(const char *s) { return engine_strndup(s, SIZE_MAX); }

void engine_free(void *p)
{
    if (!p)
        return;
    const engine_allocator *a = engine_alloc_current;
    if (a && a->alloc)
        a->alloc(a->ud, p, 0);
    else
        free(p);
}

/* ---- PCRE2 ---- */

static void *engine_pcre2_malloc(size_t n, void *unused) { return engine_malloc(n); }
static void engine_pcre2_free(void *p, void *unused) { engine_free(p); }

pcre2_code *engine_pcre2_compile(PCRE2_SPTR pattern, PCRE2_SIZE length, uint32_t options,
                                 int *errorcode, PCRE2_SIZE *erroroffset)
{
    pcre2_general_context *g = pcre2_general_context_create(engine_pcre2_malloc,
                                                            engine_pcre2_free, NULL);
    pcre2_compile_context *cc = pcre2_compile_context_create(g);
    pcre2_code *code = pcre2_compile(pattern, length, options, errorcode, erroroffset, cc);
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(g);
    return code;
}

pcre2_match_context *engine_pcre2_match_context(uint32_t match_limit, uint32_t depth_limit)
{
    pcre2_general_context *g = pcre2_general_context_create(engine_pcre2_malloc,
                                                            engine_pcre2_free, NULL);
    pcre2_match_context *m = pcre2_match_context_create(g);
    pcre2_general_context_free(g);
    pcre2_set_match_limit(m, match_limit);
    pcre2_set_depth_limit(m, depth_limit);
    return m;
}
