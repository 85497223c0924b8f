/* taskwait — waiting for a task in flight, headless. See taskwait.h. */
#include "taskwait.h"

#include <errno.h>
#include <poll.h>

#include "procjob.h"
#include "timeutil.h"

#define TASKWAIT_MAX_FDS 8
/* A job with neither descriptors nor a deadline is looked at this often. */
#define TASKWAIT_IDLE_MS 100

void taskwait_once(const sfn_exec *ex)
{
    task_wait_fd fds[TASKWAIT_MAX_FDS];
    struct pollfd pfd[TASKWAIT_MAX_FDS];
    size_t n = exec_task_fds(ex, fds, TASKWAIT_MAX_FDS);
    for (size_t i = 0; i < n; i++)
        pfd[i] = (struct pollfd){fds[i].fd, fds[i].events, 0};
    int64_t deadline = exec_task_deadline(ex);
    int64_t ms = deadline < 0 ? TASKWAIT_IDLE_MS : deadline - timeutil_monotonic_ms();
    if (ms < 0)
        ms = 0;
    if (ms > 60000)
        ms = 60000;
    while (poll(pfd, (nfds_t)n, (int)ms) < 0 && errno == EINTR)
        ;
}

void taskwait_answer(sfn_exec *ex)
{
    while (!exec_task_progress(ex))
        taskwait_once(ex);
}
