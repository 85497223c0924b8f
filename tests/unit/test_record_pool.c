/* Unit tests: engine/record_pool — chunks kept by exact size and taken again, the bound on
 * what it keeps (bytes and sizes), no pool as plain malloc/free, the pool's own allocator;
 * a chunkvec and an arena on a pool; and executions on one pool: the same records, the same
 * max_memory accounting, and the memory of one execution reused by the next. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "alloc_count.h"
#include "arena.h"
#include "chunkvec.h"
#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "record_pool.h"
#include "defload.h"
#include "tap.h"

static void test_reuse(void)
{
    alloc_count count = {0};
    const engine_allocator hook = {alloc_count_hook, NULL, &count};
    record_pool *p = record_pool_new(&hook, 0);
    long base = count.live;   /* the pool itself */
    void *a = record_pool_take(p, 4096), *b = record_pool_take(p, 4096);
    tap_is_int(count.live - base, 2, "two takes from an empty pool: two new chunks");
    memset(a, 1, 4096);
    record_pool_give(p, a, 4096);
    record_pool_give(p, b, 4096);
    tap_is_int((long long)record_pool_kept_bytes(p), 8192, "given back: both kept");
    tap_is_int(count.live - base, 2, "kept, not freed");
    void *c = record_pool_take(p, 4096), *d = record_pool_take(p, 4096);
    tap_ok((c == a || c == b) && (d == a || d == b) && c != d,
           "taken again: the same two chunks");
    tap_is_int((long long)record_pool_reused(p), 2, "two takes answered from the pool");
    void *e = record_pool_take(p, 4000);
    tap_is_int(count.live - base, 3, "another size is a new chunk (sizes are exact)");
    record_pool_give(p, c, 4096);
    record_pool_give(p, d, 4096);
    record_pool_give(p, e, 4000);
    record_pool_free(p);
    tap_is_int(count.live, 0, "freeing the pool frees every chunk it kept, and itself");
}

static void test_bounds(void)
{
    alloc_count count = {0};
    const engine_allocator hook = {alloc_count_hook, NULL, &count};
    record_pool *p = record_pool_new(&hook, 10000);
    void *a = record_pool_take(p, 6000), *b = record_pool_take(p, 6000);
    record_pool_give(p, a, 6000);
    record_pool_give(p, b, 6000);
    tap_is_int((long long)record_pool_kept_bytes(p), 6000,
               "past max_bytes a chunk given back is freed (6000 of 10000 kept)");
    record_pool_free(p);
    tap_is_int(count.live, 0, "nothing left behind");

    p = record_pool_new(&hook, 0);
    void *chunks[RECORD_POOL_CLASSES + 1];
    for (size_t i = 0; i <= RECORD_POOL_CLASSES; i++)
        chunks[i] = record_pool_take(p, 64 + 16 * i);
    for (size_t i = 0; i <= RECORD_POOL_CLASSES; i++)
        record_pool_give(p, chunks[i], 64 + 16 * i);
    size_t kept = 0;
    for (size_t i = 0; i < RECORD_POOL_CLASSES; i++)
        kept += 64 + 16 * i;
    tap_is_int((long long)record_pool_kept_bytes(p), (long long)kept,
               "at most %d sizes are kept: the one more is freed", RECORD_POOL_CLASSES);
    void *again = record_pool_take(p, 64);
    record_pool_give(p, again, 64);
    record_pool_free(p);
    tap_is_int(count.live, 0, "nothing left behind");
}

static void test_no_pool(void)
{
    alloc_count count = {0};
    const engine_allocator hook = {alloc_count_hook, NULL, &count};
    const engine_allocator *previous = engine_alloc_enter(&hook);
    void *a = record_pool_take(NULL, 100);
    tap_is_int(count.live, 1, "no pool: a take is engine_malloc (the current allocator)");
    record_pool_give(NULL, a, 100);
    tap_is_int(count.live, 0, "and a give is engine_free");
    tap_is_int((long long)record_pool_kept_bytes(NULL), 0, "no pool keeps nothing");
    engine_alloc_leave(previous);
}

/* A chunkvec and an arena give their memory back to the pool and take it again. */
static void test_chunkvec_arena(void)
{
    record_pool *p = record_pool_new(NULL, 0);
    chunkvec v;
    chunkvec_init(&v, sizeof(long), 4, p);
    for (long i = 0; i < 1000; i++)
        *(long *)chunkvec_push(&v) = i;
    chunkvec_free(&v);
    size_t kept = record_pool_kept_bytes(p);
    tap_ok(kept >= 1000 * sizeof(long), "a freed chunkvec's segments are kept (%zu bytes)", kept);
    for (long i = 0; i < 1000; i++)
        *(long *)chunkvec_push(&v) = i * 2;
    bool same = true;
    for (long i = 0; i < 1000; i++)
        same = same && *(long *)chunkvec_at(&v, (size_t)i) == i * 2;
    tap_ok(same && record_pool_kept_bytes(p) == 0,
           "pushed again, it takes them all back and reads what it wrote");
    chunkvec_free(&v);

    arena *a = NULL;
    size_t before = record_pool_kept_bytes(p);
    unsigned char *first = arena_alloc(&a, p, 100);
    arena_mark m = arena_tell(a);
    for (int i = 0; i < 1000; i++)
        arena_alloc(&a, p, 100);
    arena_rewind(&a, p, m);
    size_t rewound = record_pool_kept_bytes(p);
    tap_ok(rewound > before, "an arena rewound gives the blocks past the mark to the pool");
    unsigned char *next = arena_alloc(&a, p, 100);
    tap_ok(next > first && next[0] == 0 && next[99] == 0,
           "it allocates after the mark again, zeroed");
    arena_free(a, p);
    tap_ok(record_pool_kept_bytes(p) > rewound, "freed, all its blocks are kept");
    record_pool_free(p);
}

/* A chain of Pass and Choice states, as the bench's. */
static const char pool_chain[] =
    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":{\"x\":1},"
    "\"ResultPath\":\"$.r\",\"Next\":\"B\"},\"B\":{\"Type\":\"Choice\",\"Choices\":[{"
    "\"Variable\":\"$.n\",\"NumericLessThan\":300,\"Next\":\"C\"}],\"Default\":\"D\"},"
    "\"C\":{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"},"
    "\"Next\":\"A\"},\"D\":{\"Type\":\"Succeed\"}}}";

typedef struct {
    size_t events, visits;
    char *history;
    char *last_cause;
} pool_run;

static pool_run run_on(const asl_definition *def, record_pool *p, size_t max_memory)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 3;
    eo.max_events = 0;
    eo.record_pool = p;
    if (max_memory)
        eo.max_memory = max_memory;
    jv *in = jv_parse_cstr("{\"n\":0}", NULL);
    sfn_exec *ex = exec_new(def, in, &eo);
    jv_unref(in);
    exec_run(ex, 0);
    pool_run r = {exec_event_count(ex), exec_visit_count(ex), NULL, NULL};
    jv *h = exec_history_json(ex);
    r.history = jv_dump_string(h, 0);
    jv_unref(h);
    r.last_cause = strdup(exec_cause(ex) ? exec_cause(ex) : "");
    exec_free(ex);
    return r;
}

static void pool_run_free(pool_run *r)
{
    engine_free(r->history);
    free(r->last_cause);
}

static void test_executions(void)
{
    asl_definition *def = defload(pool_chain);
    record_pool *p = record_pool_new(NULL, 0);
    pool_run plain = run_on(def, NULL, 0);
    pool_run first = run_on(def, p, 0);
    size_t kept = record_pool_kept_bytes(p);
    tap_ok(kept > 0, "an execution freed gives its records' chunks to the pool (%zu bytes)", kept);
    pool_run second = run_on(def, p, 0);
    tap_ok(record_pool_reused(p) > 0 && record_pool_kept_bytes(p) == kept,
           "the next one takes them again (%zu takes from the pool) and gives them back",
           record_pool_reused(p));
    tap_ok(plain.events == first.events && first.events == second.events &&
           plain.visits == second.visits && plain.events > 1000,
           "the same events and visits with and without a pool (%zu, %zu)", second.events,
           second.visits);
    tap_ok(strcmp(plain.history, second.history) == 0,
           "the same history, whether its memory was fresh or the pool's");
    /* max_memory counts the records, not the chunks: the limit falls at the same event */
    pool_run lim_plain = run_on(def, NULL, 64 * 1024), lim_pool = run_on(def, p, 64 * 1024);
    tap_ok(strstr(lim_pool.last_cause, "memory limit") && lim_plain.events == lim_pool.events,
           "with a pool the memory limit ends the execution at the same event (%zu, %zu)",
           lim_plain.events, lim_pool.events);
    pool_run_free(&plain);
    pool_run_free(&first);
    pool_run_free(&second);
    pool_run_free(&lim_plain);
    pool_run_free(&lim_pool);
    record_pool_free(p);
    asl_definition_free(def);
}

int main(void)
{
    test_reuse();
    test_bounds();
    test_no_pool();
    test_chunkvec_arena();
    test_executions();
    return tap_done();
}
