/*
 * alloc — the engine's allocator hook: every byte the engine allocates comes through here.
 *
 * Why a hook (Lua's lua_Alloc, cJSON_InitHooks): a test can count the allocations of a run
 * and fail the Nth one, proving that the engine never dereferences a failed allocation and
 * never leaks; an embedder can account or cap memory.
 *
 * Who decides which hook runs. jv values are built deep inside code that has no context
 * parameter, so the hook cannot be passed down. Instead each thread has a CURRENT
 * allocator: engine_alloc_enter() installs one and returns the one it replaced, and
 * engine_alloc_leave() puts that back. The objects that live across calls carry theirs and
 * install it for the duration of each of their public calls: an execution
 * (exec_options.alloc: exec_new, exec_step, exec_send_task_*, exec_history_json, ...)
 * and a definition (asl_validate_options.alloc: asl_validate_text, asl_definition_load,
 * asl_definition_free). Stateless calls (jv_*, jsonpath_*, jsonata_*, mockconfig_*, ...)
 * run under whatever is current; a caller that wants its hook there wraps them in
 * enter/leave. Being per thread, separate executions on separate threads stay
 * independent, and no engine state is global (the hook pointer is thread-local, like
 * errno). With no hook installed the engine uses malloc/realloc/free.
 *
 * What a hook must give. Memory crosses between the engine and its caller by reference:
 * jv values are shared, the program free()s strings the engine returns (jv_dump_string),
 * and the engine frees what the caller handed it (asl_diags_add_take). So a hook must
 * allocate from the C heap — it may count, cap or refuse, not use a separate arena. That
 * is also why the hook has no `old_size` (lua_Alloc's osize): a free() in the program
 * could not supply it.
 *
 * Out of memory. When the hook (or malloc) refuses, the engine cannot go on: it has no
 * partial states to unwind to. It calls the allocator's oom handler, which must not
 * return; the default writes "sfdbg: out of memory (N bytes)" to stderr (no stdio) and
 * ends the process with exit(ENGINE_OOM_STATUS), so the program's atexit handlers still
 * run (the debugger restores the terminal); running out again inside them ends at once
 * with _exit. No NULL is ever used. engine_try_malloc is the one exception, for callers
 * that report the failure as an error instead.
 *
 * Libraries: the engine parses JSON itself (jv_text: cJSON's NUL-terminated strings
 * cannot carry "\u0000", so sfdbg no longer links cJSON). PCRE2 takes per-pattern memory functions: engine_pcre2_compile and
 * engine_pcre2_match_context route a pattern, its match data and its match contexts
 * through the hook. Not routed: OpenSSL's internal allocations in EVP_Digest (its hooks,
 * CRYPTO_set_mem_functions, are process-global and must be set before its first use: a
 * program decision) and libc's own (stdio, time zones), which handle their failures.
 * Beware: libcrypto 3.0 itself crashes if an allocation of its lazy first-use set-up in
 * EVP_Digest fails; no engine hook can reach that.
 */
#ifndef SFDBG_ALLOC_H
#define SFDBG_ALLOC_H

#include <stddef.h>

/* The exit status of the default out-of-memory handler (EX_SOFTWARE). */
#define ENGINE_OOM_STATUS 70

/* realloc semantics: ptr NULL allocates; new_size 0 frees ptr and returns NULL; otherwise
 * returns the (possibly moved) block, or NULL to refuse (ptr stays valid). */
typedef void *(*engine_alloc_fn)(void *ud, void *ptr, size_t new_size);
/* Called with the size that could not be had; must not return (exit, _exit, abort). */
typedef void (*engine_oom_fn)(void *ud, size_t size);

typedef struct {
    engine_alloc_fn alloc;   /* NULL: malloc/realloc/free */
    engine_oom_fn oom;       /* NULL: the default message and ENGINE_OOM_STATUS */
    void *ud;                /* passed to both */
} engine_allocator;

/* Installs a (borrowed) as this thread's current allocator and returns the previous one,
 * for engine_alloc_leave. Calls nest. NULL keeps the current one, so that an object given
 * no allocator of its own runs under its caller's; to install the default explicitly pass
 * a zeroed engine_allocator. */
const engine_allocator *engine_alloc_enter(const engine_allocator *a);
void engine_alloc_leave(const engine_allocator *previous);

/* Never NULL: on failure they call the oom handler. A size of 0 allocates 1 byte. */
void *engine_malloc(size_t n);
void *engine_calloc(size_t n, size_t size);
void *engine_realloc(void *p, size_t n);
char *engine_strdup(const char *s);
char *engine_strndup(const char *s, size_t n);   /* at most n bytes, NUL-terminated */
void engine_free(void *p);                       /* NULL-safe */
/* NULL when the allocation fails, without calling the oom handler. */
void *engine_try_malloc(size_t n);

/* Calls the current allocator's oom handler (size: what could not be had; 0 unknown). */
void engine_oom(size_t size) __attribute__((noreturn));

#endif

/* Declared when pcre2.h was included first (outside the guard, so a file that includes
 * alloc.h through jv.h and pcre2.h later includes alloc.h again after it). */
#if defined(PCRE2_MAJOR) && !defined(SFDBG_ALLOC_PCRE2)
#define SFDBG_ALLOC_PCRE2
/* pcre2_compile with the pattern's memory (and its match data's) from the current
 * allocator. */
pcre2_code *engine_pcre2_compile(PCRE2_SPTR pattern, PCRE2_SIZE length, uint32_t options,
                                 int *errorcode, PCRE2_SIZE *erroroffset);
/* A match context allocated by the current allocator, with these limits. */
pcre2_match_context *engine_pcre2_match_context(uint32_t match_limit, uint32_t depth_limit);
#endif
