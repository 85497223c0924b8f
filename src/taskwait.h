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

/* One poll(2) on the job's descriptors, at most until its deadline (100 ms when it has
 * neither): for a caller that drives exec_task_progress itself (serve's TestState). */
void taskwait_once(const sfn_exec *ex);
/* Blocks until the task in flight has its answer (returns at once when none is). */
void taskwait_answer(sfn_exec *ex);

#endif
