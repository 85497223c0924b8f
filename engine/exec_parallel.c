/*
 * exec_parallel — the Parallel state: InputPath -> Parameters -> every branch (a child frame
 * each, run in Branches order; exec_frame.c drives them) -> the branches' outputs as an
 * array -> ResultSelector -> ResultPath -> OutputPath, with Retry and Catch on the whole
 * state. The first branch that fails fails the state with that branch's error; the branches
 * after it never start (they would be aborted on AWS).
 */
#include "exec_internal.h"
#include "exec_jsonata.h"

void exec_parallel_start(exec_ctx *f, const jv *input, exec_outcome *out)
{
    const asl_state *s = f->state;
    jv *effective = s->jsonata ? exec_jsonata_parallel_input(f, input)
                               : exec_select_path(f, &s->input_path, input);
    if (!effective)
        return;
    if (!s->jsonata)
        exec_record(f, EXEC_STAGE_AFTER_INPUT_PATH, effective);
    if (s->parameters) {
        jv *params = exec_apply_template(f, s->parameters, effective);
        jv_unref(effective);
        if (!(effective = params))
            return;
        exec_record(f, EXEC_STAGE_AFTER_PARAMETERS, effective);
    }
    exec_fanout *fo = exec_fanout_new(f, FANOUT_PARALLEL, input);
    fo->input = effective;
    fo->count = s->nbranches;
    exec_fanout_begin(f, fo, out);
}
