/*
 * exec_map_writer — a Map's ResultWriter wired to the execution's S3 store: the
 * ResultWriter's Parameters (Bucket, Prefix) evaluated over the state's effective input
 * when the state starts, a resultwriter.c writer made for each Map Run (its ARN names the
 * folder), each child execution's record fed to it as the child ends, and at the end the
 * writer's result (the manifest's location, or WriterConfig's preview) as the state's
 * result. A store that takes objects in parts (objstore_put_part: the memory store, the
 * --s3-dir folder) gets each file in chunks as the results come; one that takes whole
 * objects gets one chunk per file (chunk_bytes = max_file_bytes). docs/map-data.md, "Wired".
 *
 * Every failure is States.ResultWriterFailed: no store configured for a Bucket, a put the
 * store refuses (a bucket it does not have), the writer's own causes.
 */
#include <string.h>

#include "exec_internal.h"
#include "objstore.h"
#include "resultwriter.h"
#include "timeutil.h"

#define RESULT_WRITER_FAILED "States.ResultWriterFailed"

jv *exec_map_writer_spec(exec_ctx *f, const jv *effective)
{
    const jv *writer = f->state->map.result_writer;
    if (!f->state->map.distributed) { /* AWS has ResultWriter for a Map Run only */
        asl_error_set(f->err, RESULT_WRITER_FAILED,
                      "Map state '%s' has a ResultWriter, which needs ProcessorConfig Mode "
                      "DISTRIBUTED.",
                      f->state->name);
        return NULL;
    }
    jv *params = exec_map_field_parameters(f, writer, effective);
    if (!params)
        return NULL;
    jv *spec = jv_object_set_take(jv_ref(writer), "Parameters", params);
    resultwriter_options o;
    asl_error err = ASL_ERROR_INIT;
    bool ok = resultwriter_options_from_json(&o, spec, &err);
    if (ok && o.bucket && !f->ex->opts.s3) {
        asl_error_set(&err, RESULT_WRITER_FAILED,
                      "Map state '%s' writes its results to S3, but no S3 store is configured "
                      "(--s3-dir, or an \"s3\" section in --services-state).",
                      f->state->name);
        ok = false;
    }
    if (ok)
        return spec;
    asl_error_move(f->err, &err);
    asl_error_clear(&err);
    jv_unref(spec);
    return NULL;
}

/* A chunk of a result file: a part of the object when the store takes parts, else the whole
 * object (chunk_bytes = max_file_bytes). */
static int map_writer_put(void *user, const resultwriter_chunk *c, asl_error *err)
{
    sfn_exec *ex = user;
    objstore *store = ex->opts.s3;
    objstore_error oe;
    objstore_status st;
    if (objstore_can_put_parts(store)) {
        st = objstore_put_part(store, c->bucket, c->key, c->offset, c->data, c->len, c->last,
                               ex->clock_ms, &oe);
    } else if (c->offset != 0 || !c->last) {
        asl_error_set(err, RESULT_WRITER_FAILED, "the store takes whole objects only");
        return -1;
    } else {
        st = objstore_put(store, c->bucket, c->key, c->data, c->len, ex->clock_ms, &oe);
    }
    if (st == OBJSTORE_OK)
        return 0;
    asl_error_set(err, RESULT_WRITER_FAILED, "%s", oe.message); /* the writer names the object */
    return -1;
}

void exec_map_writer_start(sfn_exec *ex, exec_fanout *fo)
{
    resultwriter_free(fo->writer);
    fo->writer = NULL;
    if (!fo->writer_spec)
        return;
    resultwriter_options o;
    asl_error err = ASL_ERROR_INIT;
    if (resultwriter_options_from_json(&o, fo->writer_spec, &err)) { /* checked at the start */
        o.map_run_arn = fo->map_run_arn;
        o.max_file_bytes = RESULTWRITER_DEFAULT_MAX_FILE_BYTES;
        o.chunk_bytes = objstore_can_put_parts(ex->opts.s3) ? RESULTWRITER_DEFAULT_CHUNK_BYTES
                                                            : (size_t)o.max_file_bytes;
        o.put = map_writer_put;
        o.put_user = ex;
        fo->writer = resultwriter_new(&o);
    }
    asl_error_clear(&err);
}

/* The string at ctx.a.b, or "". */
static const char *map_writer_context_string(const jv *ctx, const char *a, const char *b)
{
    const jv *v = ctx ? jv_object_get(ctx, a) : NULL;
    v = v ? jv_object_get(v, b) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : "";
}

/* The child execution's input: its $$.Execution.Input (the items may be streamed). */
static const jv *map_writer_child_input(const exec_fanout *fo, const exec_frame *child)
{
    const jv *exe = child->context_base ? jv_object_get(child->context_base, "Execution") : NULL;
    const jv *input = exe ? jv_object_get(exe, "Input") : NULL;
    return input ? input : fo->items ? jv_array_get(fo->items, (size_t)child->index) : NULL;
}

void exec_map_writer_add(sfn_exec *ex, exec_fanout *fo, const exec_frame *child)
{
    if (!fo->writer)
        return;
    const jv *ctx = child->context_base;
    asl_instant start;
    resultwriter_result res = {
        .status = child->status == EXEC_FRAME_SUCCEEDED ? RESULTWRITER_SUCCEEDED
                  : child->status == EXEC_FRAME_ABORTED ? RESULTWRITER_ABORTED
                                                        : RESULTWRITER_FAILED,
        .execution_arn = map_writer_context_string(ctx, "Execution", "Id"),
        .name = map_writer_context_string(ctx, "Execution", "Name"),
        .state_machine_arn = map_writer_context_string(ctx, "StateMachine", "Id"),
        .input = map_writer_child_input(fo, child),
        .output = child->output,
        .error = child->error,
        .cause = child->cause,
        .start_ms = timeutil_parse(map_writer_context_string(ctx, "Execution", "StartTime"),
                                   &start)
                        ? timeutil_to_ms(start)
                        : ex->clock_ms,
        .stop_ms = ex->clock_ms,
    };
    asl_error err = ASL_ERROR_INIT;
    resultwriter_add(fo->writer, &res, &err); /* a failure is final: finish reports it */
    asl_error_clear(&err);
}

void exec_map_writer_finish(sfn_exec *ex, exec_fanout *fo)
{
    if (!fo->writer || fo->failed)
        return;
    asl_error err = ASL_ERROR_INIT;
    jv *result = resultwriter_finish(fo->writer, &err);
    if (result) {
        jv_unref(fo->results);
        fo->results = result;
    } else {
        fo->failed = true;
        fo->error = engine_strdup(err.name ? err.name : RESULT_WRITER_FAILED);
        fo->cause = err.cause ? engine_strdup(err.cause) : NULL;
    }
    asl_error_clear(&err);
    resultwriter_free(fo->writer);
    fo->writer = NULL;
}
