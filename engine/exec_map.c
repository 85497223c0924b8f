/*
 * exec_map — the Map state: InputPath -> the items (the item source: ItemsPath over the
 * effective input) -> ItemSelector (or the older Parameters) per item, with
 * $$.Map.Item.Index/Value/Source -> ItemBatcher (batches {"BatchInput", "Items"}) -> one child
 * frame per iteration (run in item order; exec_frame.c drives them) -> the iterations'
 * outputs as an array -> ResultSelector -> ResultPath -> OutputPath, with Retry and Catch
 * on the whole state.
 *
 * A failed iteration fails the state with its error, unless ToleratedFailureCount or
 * ToleratedFailurePercentage tolerate it (its result is then null); a failure past the
 * tolerance gives States.ExceedToleratedFailureThreshold.
 *
 * A distributed Map (ProcessorConfig Mode DISTRIBUTED) runs the same way; its history shows
 * MapStateStarted {length 0}, MapRunStarted {mapRunArn} and MapRunSucceeded/Failed instead of
 * the iterations, whose events belong to their child executions (not recorded here), and a
 * failed item fails the run unless tolerated (the tolerance is 0 by default):
 * States.ExceedToleratedFailureThreshold.
 *
 * The readers: exec_map_items takes the items from the ItemReader when there is one
 * (exec_map_reader.c), exec_map_child_done hands each child's result to the ResultWriter
 * (exec_map_writer.c), whose result becomes the state's when the run ends.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_map.h"
#include "exec_jsonata.h"
#include "jv_text.h"
#include "rng.h"
#include "timeutil.h"

#define MAP_TOLERANCE_CAUSE "The specified tolerated failure threshold was exceeded"

/* ---- the item source ---- */

/* The items the Map iterates over: what its ItemReader reads (ItemsPath then plays no
 * part, as AWS recorded), or the ItemsPath array of the effective input. NULL (the ctx's
 * err set) when it is not an array. *source: the ItemReader's $$.Map.Item.Source (owned),
 * NULL for the state's input. */
static jv *exec_map_items(exec_ctx *f, const jv *effective, jv **source)
{
    *source = NULL;
    if (f->state->map.item_reader)
        return exec_map_read_items(f, effective, source);
    if (f->state->jsonata)
        return exec_jsonata_map_items(f, effective);
    const jsonpath *p = f->state->map.items_path;
    jv *items = p ? exec_eval_path(f, p, effective) : jv_ref(effective);
    if (!items)
        return NULL;
    if (jv_is_array(items))
        return items;
    char *shown = jv_dump_string(items, 0);
    exec_runtime_error(f, "Map state input must be an array but was: %s", shown);
    engine_free(shown);
    jv_unref(items);
    return NULL;
}

/* ---- ItemSelector ---- */

/* $$ with Map.Item {Index, Value, Source} for the item's selector. */
static jv *exec_map_item_context(const exec_ctx *f, const jv *outer, size_t index,
                                 const jv *item, const char *source)
{
    jv *base = outer ? jv_ref(outer)
                     : exec_context_for(f->ex, f->frame->context_base, f->state, f->ex->clock_ms,
                                        0, NULL);
    jv *it = jv_object_set_take(jv_object(), "Index", jv_number((double)index));
    it = jv_object_set(it, "Value", item);
    it = jv_object_set_take(it, "Source", jv_string(source));
    return jv_object_set_take(base, "Map", jv_object_set_take(jv_object(), "Item", it));
}

/* A JSONata state's own field (its JSON), or NULL. */
static const jv *exec_map_jsonata_field(const asl_state *s, const char *name)
{
    return s->jsonata && jv_is_object(s->json) ? jv_object_get(s->json, name) : NULL;
}

/* One iteration's input from the selector: a JSONPath template or a JSONata one. */
static jv *exec_map_select_one(exec_ctx *f, const payload_template *t, const jv *jsonata_tmpl,
                               const jv *effective)
{
    return jsonata_tmpl ? exec_jsonata_over(f, jsonata_tmpl, effective, "ItemSelector")
                        : exec_apply_template(f, t, effective);
}

/* The selector's templates: a JSONPath one (ItemSelector, or the older Parameters) or a
 * JSONata one; both NULL when the state has none. */
static const payload_template *exec_map_selector(const asl_state *s, const jv **jsonata_tmpl)
{
    *jsonata_tmpl = exec_map_jsonata_field(s, "ItemSelector");
    return s->jsonata ? NULL : s->map.item_selector ? s->map.item_selector : s->parameters;
}

bool exec_map_has_selector(const asl_state *s)
{
    const jv *jsonata_tmpl;
    return exec_map_selector(s, &jsonata_tmpl) || jsonata_tmpl;
}

jv *exec_map_select_item(exec_ctx *f, const jv *effective, size_t index, const jv *item,
                         const char *source)
{
    const jv *jsonata_tmpl;
    const payload_template *t = exec_map_selector(f->state, &jsonata_tmpl);
    if (!t && !jsonata_tmpl)
        return jv_ref(item);
    jv *outer = f->context;
    f->context = exec_map_item_context(f, outer, index, item, source);
    jv *one = exec_map_select_one(f, t, jsonata_tmpl, effective);
    jv_unref(f->context);
    f->context = outer;
    return one;
}

/* Each iteration's input: the item, or ItemSelector (Parameters) evaluated per item. */
static jv *exec_map_select(exec_ctx *f, const jv *effective, jv *items_take, const jv *source)
{
    const asl_state *s = f->state;
    if (!exec_map_has_selector(s))
        return items_take;
    size_t n = jv_array_length(items_take);
    jv *inputs = jv_array();
    for (size_t i = 0; i < n && inputs; i++) {
        jv *one = exec_map_select_item(f, effective, i, jv_array_get(items_take, i),
                                       source ? jv_string_value(source) : EXEC_MAP_STATE_DATA);
        if (one) {
            inputs = jv_array_append_take(inputs, one);
        } else {
            jv_unref(inputs);
            inputs = NULL;
        }
    }
    jv_unref(items_take);
    if (inputs)
        exec_record(f, s->map.item_selector || exec_map_jsonata_field(s, "ItemSelector")
                           ? EXEC_STAGE_AFTER_ITEM_SELECTOR
                           : EXEC_STAGE_AFTER_PARAMETERS,
                    inputs);
    return inputs;
}

/* ---- numbers from the input (MaxConcurrencyPath, ToleratedFailure*Path) ---- */

/* A number, or a string that reads as one (as AWS reads "1" from a variable or the input:
 * Java's Integer.parseInt, or Double.parseDouble for a float). */
static bool exec_map_number_value(const jv *v, bool integer, double *out)
{
    if (jv_is_number(v)) {
        *out = jv_number_value(v);
        return !integer || jv_is_integer(v);
    }
    if (!jv_is_string(v) || jv_string_length(v) == 0 || jv_string_length(v) > 64)
        return false;
    const char *s = jv_string_value(v);
    if (integer) {
        size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
        if (!s[i] || strspn(s + i, "0123456789") != strlen(s + i) || strlen(s + i) > 10)
            return false;
        *out = strtod(s, NULL);
        return *out >= -2147483648.0 && *out <= 2147483647.0;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    char *end;
    double d = strtod(s, &end);
    while (end != s && (*end == ' ' || *end == '\t'))
        end++;
    if (end == s || *end || !isfinite(d))
        return false;
    *out = d;
    return true;
}

/* A number field's value: the literal, the Path's value or (JSONata) the expression's,
 * which must be a number (an integer when asked) in [0, max]; false (the ctx's err set)
 * otherwise. *has stays false when none is there. */
static bool exec_map_number(exec_ctx *f, const jv *effective, const jv *literal,
                            const jsonpath *path, const char *field, bool integer, double max,
                            double *out, bool *has)
{
    *has = false;
    if (literal && jv_is_number(literal)) {
        *out = jv_number_value(literal);
        *has = true;
        return true;
    }
    bool expression = f->state->jsonata && literal && jv_is_string(literal);
    if (!path && !expression)
        return true;
    jv *v = expression ? exec_jsonata_over(f, literal, effective, field)
                       : exec_eval_path(f, path, effective);
    if (!v)
        return false;
    double d = 0;
    bool ok = exec_map_number_value(v, integer, &d);
    if (!ok && expression) {
        exec_jsonata_type_error(f, literal, field, integer ? "integer" : "number", v);
    } else if (!ok) {
        char *shown = exec_quote_value(v);
        exec_runtime_error(f, "The %sPath field refers to value \"%s\" which is not a valid %s: %s",
                           field, shown, integer ? "integer" : "float", jsonpath_text(path));
        engine_free(shown);
    } else if (d < 0 || d > max) {
        ok = false;
        if (integer)
            exec_runtime_error(f, "%s must be a non-negative integer.", field);
        else
            exec_runtime_error(f, "%s must be between 0 and %g.", field, max);
    }
    jv_unref(v);
    *out = d;
    *has = ok;
    return ok;
}

/* MaxConcurrencyPath is checked as AWS does; the iterations run one at a time anyway. */
static bool exec_map_check_concurrency(exec_ctx *f, const jv *effective)
{
    double value;
    bool has;
    return exec_map_number(f, effective, exec_map_jsonata_field(f->state, "MaxConcurrency"),
                           f->state->map.max_concurrency_path, "MaxConcurrency", true, 1e15,
                           &value, &has);
}

/* ---- ItemBatcher ---- */

bool exec_map_batcher_init(exec_ctx *f, const jv *effective, exec_map_batcher *b)
{
    const asl_item_batcher *batcher = f->state->map.item_batcher;
    bool has;
    memset(b, 0, sizeof *b);
    if (!exec_map_number(f, effective, batcher->max_items, batcher->max_items_path,
                         "MaxItemsPerBatch", true, 1e15, &b->max_items, &has) ||
        !exec_map_number(f, effective, batcher->max_bytes, batcher->max_bytes_path,
                         "MaxInputBytesPerBatch", true, 262144, &b->max_bytes, &has))
        return false;
    const jv *batcher_json = exec_map_jsonata_field(f->state, "ItemBatcher");
    const jv *jsonata_input = batcher_json && jv_is_object(batcher_json)
                                  ? jv_object_get(batcher_json, "BatchInput") : NULL;
    if (jsonata_input)
        b->batch_input = exec_jsonata_over(f, jsonata_input, effective, "BatchInput");
    else if (batcher->batch_input && !f->state->jsonata)
        b->batch_input = exec_apply_template(f, batcher->batch_input, effective);
    else
        return true;
    return b->batch_input != NULL;
}

/* The batch filled so far, {"BatchInput"?, "Items"}, and a new empty one. */
static jv *exec_map_batcher_close(exec_map_batcher *b)
{
    jv *batch = jv_object();
    if (b->batch_input)
        batch = jv_object_set(batch, "BatchInput", b->batch_input);
    batch = jv_object_set_take(batch, "Items", b->items);
    b->items = NULL;
    b->bytes = 0;
    return batch;
}

/* At most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes a batch (a single item
 * over the bytes limit makes a batch of its own). */
jv *exec_map_batcher_add(exec_map_batcher *b, const jv *input)
{
    size_t size = jv_serialized_size(input) + 1;
    size_t count = b->items ? jv_array_length(b->items) : 0;
    bool full = count > 0 && ((b->max_items > 0 && (double)count >= b->max_items) ||
                              (b->max_bytes > 0 && (double)(b->bytes + size) > b->max_bytes));
    jv *closed = full ? exec_map_batcher_close(b) : NULL;
    if (!b->items)
        b->items = jv_array();
    b->items = jv_array_append(b->items, input);
    b->bytes += size;
    return closed;
}

jv *exec_map_batcher_flush(exec_map_batcher *b)
{
    return b->items ? exec_map_batcher_close(b) : NULL;
}

void exec_map_batcher_cleanup(exec_map_batcher *b)
{
    jv_unref(b->batch_input);
    jv_unref(b->items);
    memset(b, 0, sizeof *b);
}

/* Groups the iterations' inputs into batches. */
static jv *exec_map_batches(exec_ctx *f, const jv *effective, jv *inputs_take)
{
    exec_map_batcher b;
    if (!exec_map_batcher_init(f, effective, &b)) {
        exec_map_batcher_cleanup(&b);
        jv_unref(inputs_take);
        return NULL;
    }
    jv *batches = jv_array(), *batch;
    size_t n = jv_array_length(inputs_take);
    for (size_t i = 0; i < n; i++)
        if ((batch = exec_map_batcher_add(&b, jv_array_get(inputs_take, i))))
            batches = jv_array_append_take(batches, batch);
    if ((batch = exec_map_batcher_flush(&b)))
        batches = jv_array_append_take(batches, batch);
    exec_map_batcher_cleanup(&b);
    jv_unref(inputs_take);
    exec_record(f, EXEC_STAGE_AFTER_ITEM_BATCHER, batches);
    return batches;
}

/* ---- tolerated failures ---- */

/* How many failed iterations the Map tolerates out of n; -1 when it tolerates none (the
 * first failure fails it with that iteration's error). */
static bool exec_map_tolerance(exec_ctx *f, const jv *effective, size_t n, long *tolerated)
{
    const asl_map_fields *m = &f->state->map;
    double count = 0, pct = 0;
    bool has_count = false, has_pct = false;
    *tolerated = -1;
    if (!exec_map_number(f, effective, m->tolerated_count, m->tolerated_count_path,
                         "ToleratedFailureCount", true, 1e15, &count, &has_count) ||
        !exec_map_number(f, effective, m->tolerated_percentage, m->tolerated_percentage_path,
                         "ToleratedFailurePercentage", false, 100, &pct, &has_pct))
        return false;
    double limit = -1;
    if (has_count)
        limit = count;
    if (has_pct) {
        double by_pct = floor(pct * (double)n / 100.0);
        limit = limit < 0 || by_pct < limit ? by_pct : limit;
    }
    if (limit >= 0)
        *tolerated = limit > (double)n ? (long)n : (long)limit;
    return true;
}

void exec_map_child_done(sfn_exec *ex, exec_fanout *fo, const exec_frame *child)
{
    bool ok = child->status == EXEC_FRAME_SUCCEEDED;
    if (!fo->state->map.distributed) { /* a Map Run's items are child executions */
        exec_emit_indexed(ex, ok ? EV_MAP_ITERATION_SUCCEEDED : EV_MAP_ITERATION_FAILED, fo->state,
                          child->index, ok ? NULL : child->error, ok ? NULL : child->cause);
    }
    exec_map_writer_add(ex, fo, child);
    if (ok || fo->tolerated < 0)
        return;
    fo->failures++;
    exec_fanout_add_result(ex, fo, jv_null());
    if (fo->failures > fo->tolerated && !fo->failed) {
        fo->failed = true;
        fo->error = engine_strdup("States.ExceedToleratedFailureThreshold");
        fo->cause = engine_strdup(MAP_TOLERANCE_CAUSE);
    }
}

/* ---- the state ---- */

/* The checks made once the item count is known: MaxConcurrency(Path), the tolerance. */
static bool exec_map_check(exec_ctx *f, const jv *effective, uint64_t count, long *tolerated)
{
    return exec_map_check_concurrency(f, effective) &&
           exec_map_tolerance(f, effective, (size_t)count, tolerated);
}

/* Every iteration's input, whole: the items, then ItemSelector, then ItemBatcher. NULL with
 * f->err set. */
static jv *exec_map_inputs(exec_ctx *f, const jv *effective, long *tolerated)
{
    jv *source;
    jv *items = exec_map_items(f, effective, &source);
    if (!items)
        return NULL;
    exec_record(f, EXEC_STAGE_AFTER_ITEMS_PATH, items);
    if (!exec_map_check(f, effective, jv_array_length(items), tolerated)) {
        jv_unref(items);
        jv_unref(source);
        return NULL;
    }
    items = exec_map_select(f, effective, items, source);
    jv_unref(source);
    if (items && f->state->map.item_batcher)
        items = exec_map_batches(f, effective, items);
    return items;
}

/* A Distributed Map with an ItemReader: its items counted, then streamed (exec_map_stream.c);
 * NULL with f->err set. */
static exec_map_stream *exec_map_streamed(exec_ctx *f, const jv *effective, long *tolerated)
{
    uint64_t count = 0;
    exec_map_source *src = exec_map_source_open(f, effective, &count);
    if (!src)
        return NULL;
    if (!exec_map_check(f, effective, count, tolerated)) {
        exec_map_source_free(src);
        return NULL;
    }
    return exec_map_stream_new(f, src, effective);
}

void exec_map_start(exec_ctx *f, const jv *input, exec_outcome *out)
{
    const asl_state *s = f->state;
    jv *effective = exec_select_path(f, &s->input_path, input);
    if (!effective)
        return;
    if (!s->jsonata)
        exec_record(f, EXEC_STAGE_AFTER_INPUT_PATH, effective);
    long tolerated = -1;
    bool streamed = s->map.distributed && s->map.item_reader;
    exec_map_stream *stream = streamed ? exec_map_streamed(f, effective, &tolerated) : NULL;
    jv *items = streamed ? NULL : exec_map_inputs(f, effective, &tolerated);
    bool ok = stream || items;
    jv *writer_spec = ok && s->map.result_writer ? exec_map_writer_spec(f, effective) : NULL;
    jv_unref(effective);
    if (!ok || (s->map.result_writer && !writer_spec)) {
        exec_map_stream_free(stream);
        jv_unref(items);
        return;
    }
    exec_fanout *fo = exec_fanout_new(f, FANOUT_MAP, input);
    fo->items = items;
    fo->stream = stream;
    fo->writer_spec = writer_spec;
    fo->count = items ? jv_array_length(items) : 0;
    /* a Map Run fails past its tolerance, 0 by default */
    fo->tolerated = s->map.distributed && tolerated < 0 ? 0 : tolerated;
    exec_fanout_begin(f, fo, out);
}

/* ---- distributed: the Map Run ---- */

/* arn:aws:states:<region>:<account>:<kind>:<state machine>/<Label or state name>[:<name>] */
static char *exec_map_arn(const sfn_exec *ex, const asl_state *s, const char *kind,
                          const char *name)
{
    const char *label = s->map.label ? s->map.label : s->name;
    size_t n = strlen(ex->region) + strlen(ex->account) + strlen(ex->sm_name) + strlen(label) +
               (name ? strlen(name) : 0) + 64;
    char *arn = engine_malloc(n);
    snprintf(arn, n, "arn:aws:states:%s:%s:%s:%s/%s%s%s", ex->region, ex->account, kind,
             ex->sm_name, label, name ? ":" : "", name ? name : "");
    return arn;
}

static char *exec_map_run_arn(sfn_exec *ex, const asl_state *s)
{
    char uuid[37];
    rng_uuid(&ex->random, uuid);
    return exec_map_arn(ex, s, "mapRun", uuid);
}

/* The child executions' $$.StateMachine {Id, Name}. */
static jv *exec_map_child_state_machine(const sfn_exec *ex, const asl_state *map)
{
    const char *label = map->map.label ? map->map.label : map->name;
    char *sm_id = exec_map_arn(ex, map, "stateMachine", NULL);
    size_t n = strlen(ex->sm_name) + strlen(label) + 2;
    char *sm_name = engine_malloc(n);
    snprintf(sm_name, n, "%s/%s", ex->sm_name, label);
    jv *sm = jv_object_set_take(jv_object(), "Id", jv_string(sm_id));
    sm = jv_object_set_take(sm, "Name", jv_string(sm_name));
    engine_free(sm_id);
    engine_free(sm_name);
    return sm;
}

/* A child's $$.Execution.Id: the fan-out's prefix (made once) and the child's name. */
static jv *exec_map_child_id(const sfn_exec *ex, const asl_state *map, exec_fanout *fo,
                             const char *name)
{
    if (!fo->child_id_prefix)
        fo->child_id_prefix = exec_map_arn(ex, map, "execution", "");
    size_t pn = strlen(fo->child_id_prefix), nn = strlen(name);
    char *id = engine_malloc(pn + nn + 1);
    memcpy(id, fo->child_id_prefix, pn);
    memcpy(id + pn, name, nn + 1);
    jv *v = jv_string_n(id, pn + nn);
    engine_free(id);
    return v;
}

jv *exec_map_child_context(sfn_exec *ex, const asl_state *map, exec_fanout *fo,
                           const jv *input)
{
    char name[37], start[40];
    rng_uuid(&ex->random, name);
    timeutil_format_ms(ex->clock_ms, start, sizeof start);
    if (!fo->child_state_machine)
        fo->child_state_machine = exec_map_child_state_machine(ex, map);
    jv *exe = jv_object();
    exe = jv_object_set_take(exe, "Id", exec_map_child_id(ex, map, fo, name));
    exe = jv_object_set(exe, "Input", input);
    exe = jv_object_set_take(exe, "StartTime", jv_string(start));
    exe = jv_object_set_take(exe, "Name", jv_string(name));
    exe = jv_object_set_take(exe, "RoleArn", jv_string(ex->role_arn));
    if (!map->map.express)
        exe = jv_object_set_take(exe, "RedriveCount", jv_number(0));
    jv *ctx = jv_object_set_take(jv_object(), "Execution", exe);
    return jv_object_set(ctx, "StateMachine", fo->child_state_machine);
}

void exec_map_run_started(sfn_exec *ex, exec_fanout *fo)
{
    long id = exec_emit(ex, EV_MAP_RUN_STARTED, fo->state, NULL, NULL, NULL);
    if (!id)
        return;
    engine_free(fo->map_run_arn);
    fo->map_run_arn = exec_map_run_arn(ex, fo->state);
    exec_event *e = exec_last_event(ex, id); /* NULL when no history is recorded */
    if (e) {
        exec_event_detail *d = exec_event_detail_new(ex, e);
        d->map_run_arn = engine_strdup(fo->map_run_arn);
        exec_account_string(ex, d->map_run_arn);
    }
    exec_map_writer_start(ex, fo);
}

void exec_map_run_ended(sfn_exec *ex, const exec_fanout *fo)
{
    exec_emit(ex, fo->failed ? EV_MAP_RUN_FAILED : EV_MAP_RUN_SUCCEEDED, fo->state, NULL,
              fo->failed ? fo->error : NULL, fo->failed ? fo->cause : NULL);
}
