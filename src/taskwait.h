/*
 * taskwait — how a headless caller (`sfdbg run`, the test tools) waits for a task in
 * flight (exec.h, EXEC_STEP_IN_FLIGHT): poll(2) on the job's descriptors until one is
 * ready or the job's deadline passes, then exec_task_progress, until the answer is in.
 * The next exec_step applies it. The debugger does not use this: its loop also waits on
 * the terminal (ui/app.c).
 */
#ifndef SFDBG_TASKWAIT_H
#define SFDBG_TASKWAIT_H

#include "exec.h"

/* Blocks until the task in flight has its answer (returns at once when none is). */
void taskwait_answer(sfn_exec *ex);

#endif
