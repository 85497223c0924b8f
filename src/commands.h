/*
 * commands — the subcommands of the sfdbg program. Each takes the arguments after its
 * name (argv[0] is the subcommand name) and returns the process exit status:
 * 0 success, 1 the checked thing failed (execution not SUCCEEDED, definition invalid),
 * 2 usage or input errors (message on stderr).
 */
#ifndef SFDBG_COMMANDS_H
#define SFDBG_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_eval(int argc, char **argv);
/* `sfdbg serve`: the Step Functions API on localhost (src/cmd_serve.c). */
int cmd_serve(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_replay(int argc, char **argv);
/* `sfdbg send-task-success|failure|heartbeat`: clients of SendTask* (src/cmd_send_task.c). */
int cmd_send_task_success(int argc, char **argv);
int cmd_send_task_failure(int argc, char **argv);
int cmd_send_task_heartbeat(int argc, char **argv);
/* `sfdbg WORKFLOW [options]`: argv[0] is the workflow (no subcommand name). */
int cmd_debug(int argc, char **argv);

/* `sfdbg eval --jsonata`: implemented beside the JSONata library (src/eval_jsonata.c).
 * input_json / bindings_json may be NULL (undefined input, no bindings). */
int eval_jsonata_main(const char *expr, const char *input_json, const char *bindings_json,
                      int envelope);

#endif
