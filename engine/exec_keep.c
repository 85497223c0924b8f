/*
 * exec_keep — which child executions keep their records once they end (exec.h, "a
 * Parallel's or Map's children"). A distributed Map's iteration is a child execution: its
 * visits are appended after every visit made before it started, and so are the visits and
 * children logs of the Parallels and Maps inside it, and its Choice explanations in the
 * records arena. So dropping a child's records is cutting the three back to where they
 * stood when it started (exec_keep_mark), and giving back what they had counted towards
 * the records limit: its frame slots stay (the frame table keeps every id).
 */
#include "exec_internal.h"

void exec_keep_mark(sfn_exec *ex, exec_frame *child)
{
    child->visits_from = exec_visit_count(ex);
    child->records_from = arena_tell(ex->records);
    child->bytes_from = ex->recorded_bytes;
}

/* The first EXEC_KEEP_CHILDREN children, the first EXEC_KEEP_FAILED failed ones, the marked
 * ones. Counts the failed child it is given. */
static bool exec_keep_wanted(exec_fanout *fo, const exec_frame *child)
{
    bool failed = child->status != EXEC_FRAME_SUCCEEDED;
    bool among_failed = failed && fo->failed_children++ < EXEC_KEEP_FAILED;
    return child->keep || child->index < EXEC_KEEP_CHILDREN || among_failed;
}

static void exec_keep_drop(sfn_exec *ex, const exec_frame *child)
{
    exec_children_truncate(ex, child->visits_from);
    exec_visits_truncate(ex, child->visits_from); /* before the arena: Choice records */
    arena_rewind(&ex->records, ex->opts.record_pool, child->records_from);
    size_t later_frames = ex->nframes - (size_t)child->id - 1;
    ex->recorded_bytes = child->bytes_from + later_frames * sizeof *ex->frames;
}

bool exec_keep_records(sfn_exec *ex, exec_fanout *fo, const exec_frame *child)
{
    if (!exec_keep_applies(ex, fo) || exec_keep_wanted(fo, child))
        return true;
    exec_keep_drop(ex, child);
    return false;
}

bool exec_keep_frame(sfn_exec *ex, long id)
{
    exec_frame *fr = exec_frame_of(ex, id);
    if (!fr)
        return false;
    for (; fr; fr = exec_frame_of(ex, fr->parent))
        fr->keep = true;
    return true;
}
