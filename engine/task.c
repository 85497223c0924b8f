/* task — the task answer record, the job calls and resource naming. */
#include "task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void task_answer_init(task_answer *a)
{
    memset(a, 0, sizeof *a);
    a->kind = TASK_NO_ANSWER;
}

void task_answer_cleanup(task_answer *a)
{
    task_job_free(&a->job);
    jv_unref(a->submitted);
    jv_unref(a->requests);
    jv_unref(a->result);
    asl_error_clear(&a->error);
    engine_free(a->source);
    engine_free(a->log);
    task_answer_init(a);
}

size_t task_job_fds(const task_job *j, task_wait_fd *out, size_t max)
{
    return j->ops ? j->ops->fds(j->self, out, max) : 0;
}

int64_t task_job_deadline(const task_job *j)
{
    return j->ops ? j->ops->deadline_ms(j->self) : -1;
}

bool task_job_progress(task_job *j, task_answer *out)
{
    return j->ops ? j->ops->progress(j->self, out) : true;
}

void task_job_cancel(task_job *j)
{
    if (j->ops)
        j->ops->cancel(j->self);
}

void task_job_free(task_job *j)
{
    if (j->ops)
        j->ops->free(j->self);
    j->ops = NULL;
    j->self = NULL;
}

void task_resource_names(const char *resource, char *type_buf, size_t type_n, char *name_buf,
                         size_t name_n)
{
    asl_resource_info info;
    asl_resource_kind kind = asl_resource_parse(resource, &info);
    if (kind == ASL_RESOURCE_OPTIMIZED || kind == ASL_RESOURCE_SDK || kind == ASL_RESOURCE_HTTP) {
        snprintf(type_buf, type_n, "%.*s", (int)info.service_len, info.service);
        /* the action with its pattern suffix, as the history shows it */
        snprintf(name_buf, name_n, "%s", info.action);
        return;
    }
    snprintf(type_buf, type_n, "%s", kind == ASL_RESOURCE_ACTIVITY ? "activity" : "lambda");
    snprintf(name_buf, name_n, "%s", resource);
}
