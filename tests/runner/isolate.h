/*
 * isolate — runs one test case in a forked child with a time limit, so that a crash, a hang
 * or an exit() inside the code under test is that case's result and the run goes on.
 * The case function returns a verdict (any int the caller defines) and may write a message;
 * the child sends both back through a pipe. With in_process set (for valgrind, which then
 * sees every allocation of every case) the function runs in this process, with no limit.
 */
#ifndef SFDBG_ISOLATE_H
#define SFDBG_ISOLATE_H

#include <stdbool.h>
#include <stddef.h>

#define ISOLATE_MSG_MAX 4096

typedef int (*isolate_fn)(void *arg, char *msg, size_t msglen);

typedef struct {
    bool returned;             /* the function returned: verdict and msg are its own */
    int verdict;
    char msg[ISOLATE_MSG_MAX]; /* when !returned: what ended the child (signal, timeout, exit) */
} isolate_result;

void isolate_run(isolate_fn fn, void *arg, unsigned timeout_s, bool in_process,
                 isolate_result *out);

#endif
