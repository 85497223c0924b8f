/*
 * task_params — what an integration accepts in a Task's evaluated Parameters (Arguments),
 * checked as Step Functions checks them when it starts the task, before anything is
 * scheduled. One table of field rules per integration (task_params.c); an integration
 * with no table accepts anything, and only fields a table names are looked at.
 *
 * A violation is States.Runtime with AWS's cause, bare (the executor adds "An error
 * occurred while executing the state ..."): "The Parameters '<compact JSON>' could not be
 * used to start the Task: [The value of the field 'Headers' has an invalid format]" — one
 * message per field that breaks its rule, in the Parameters' own order, comma-separated.
 * The function only reads params; err is the caller's.
 */
#ifndef SFDBG_TASK_PARAMS_H
#define SFDBG_TASK_PARAMS_H

#include <stdbool.h>

#include "asl_error.h"
#include "asl_resource.h"
#include "jv.h"

/* True when params may start a task of the integration info names; else false with err set. */
bool task_params_check(const asl_resource_info *info, const jv *params, asl_error *err);

#endif
