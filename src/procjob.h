/*
 * procjob — one child process run without blocking: the part of a local handler (and of
 * anything else the program runs for a task) that deals with processes, so the engine
 * never does.
 *
 * procjob_start forks and execs argv in dir, in a process group of its own, with pipes
 * (all created close-on-exec: the child inherits no descriptor of ours but its stdin,
 * stdout and stderr) and, where the kernel has them, a pidfd that becomes readable when
 * it exits. The caller waits on procjob_fds until procjob_deadline, then calls
 * procjob_progress, which does only what is ready: writes as much of stdin as the pipe
 * takes (closing it when all is sent), reads stdout and stderr as they become readable,
 * notices the exit. The job is over when the child has exited and its output has closed,
 * or 200 ms after its exit (a background child it left may hold the output open forever),
 * or at the timeout (then timed_out), or when stdout passes its bound (then too_big).
 * Over, it kills the whole group with SIGKILL and reaps the child: nothing it started
 * outlives the job, on every path (procjob_stop and procjob_free do the same).
 *
 * Until then the child's exit is only observed (waitid WNOWAIT), not reaped, so its pid,
 * and so its group id, cannot pass to an unrelated process before the kill.
 *
 * Signals: no disposition is changed here. A child that stops reading its stdin makes our
 * write fail with EPIPE only when the program ignores SIGPIPE (src/main.c does, once at
 * start); otherwise the signal's default applies, as for any write to a pipe.
 *
 * The job owns its buffers; procjob_result_of borrows them until procjob_free.
 */
#ifndef SFDBG_PROCJOB_H
#define SFDBG_PROCJOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "task.h"

typedef struct {
    const char *dir;          /* the folder the program runs in */
    char *const *argv;        /* argv[0] is looked up in PATH when it has no '/' */
    const char *input;        /* written to its stdin (copied) */
    size_t input_len;
    int64_t timeout_ms;       /* from the start */
    size_t max_stdout;        /* bytes; more ends the job with too_big */
    size_t stderr_tail;       /* bytes of stderr kept: the last ones */
} procjob_spec;

typedef struct {
    strbuf out, err;          /* what it printed (err: the tail) */
    int status;               /* exit status when it exited by itself, else -1 */
    int killed_by;            /* the signal that ended it (0: none) */
    bool timed_out;           /* still running at the timeout */
    bool too_big;             /* stdout passed max_stdout */
    char fault[1024];         /* why it could not be run or watched, else "" */
} procjob_result;

typedef struct procjob procjob;

/* Never NULL. A program that cannot start makes a job that is over at once, with fault
 * set. The start waits only for the child's exec (a close-on-exec report pipe). */
procjob *procjob_start(const procjob_spec *spec);
/* The descriptors to wait on; returns how many were written (at most max, 4 suffice). */
size_t procjob_fds(const procjob *j, task_wait_fd *out, size_t max);
/* When to call procjob_progress at the latest (timeutil_monotonic_ms's clock). */
int64_t procjob_deadline(const procjob *j);
/* Does what is ready; true when the job is over (its result final). */
bool procjob_progress(procjob *j);
const procjob_result *procjob_result_of(const procjob *j);
/* Kills the group and reaps the child now (the result says what was seen so far). */
void procjob_stop(procjob *j);
void procjob_free(procjob *j);


#endif
