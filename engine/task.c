/* task — the task answer record and resource naming. */
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
    jv_unref(a->result);
    asl_error_clear(&a->error);
    engine_free(a->source);
    engine_free(a->log);
    task_answer_init(a);
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
