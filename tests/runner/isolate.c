/* isolate — one test case in a forked child with a time limit (see isolate.h). */
#define _GNU_SOURCE /* pipe2 */
#include "isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        len -= (size_t)n;
    }
}

/* Reads until end of file or until buf is full; returns the bytes read. */
static size_t read_all(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

static void run_child(int fd, isolate_fn fn, void *arg, unsigned timeout_s)
{
    alarm(timeout_s);
    char msg[ISOLATE_MSG_MAX] = "";
    int verdict = fn(arg, msg, sizeof msg);
    write_all(fd, &verdict, sizeof verdict);
    write_all(fd, msg, strnlen(msg, sizeof msg - 1));
    fflush(NULL);
    _exit(0);
}

/* The child sent nothing back: say what ended it. */
static void describe_end(int status, unsigned timeout_s, isolate_result *out)
{
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        snprintf(out->msg, sizeof out->msg, "hung: still running after %u s", timeout_s);
    else if (WIFSIGNALED(status))
        snprintf(out->msg, sizeof out->msg, "crashed: signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(out->msg, sizeof out->msg, "exited with status %d before it finished",
                 WEXITSTATUS(status));
}

void isolate_run(isolate_fn fn, void *arg, unsigned timeout_s, bool in_process,
                 isolate_result *out)
{
    memset(out, 0, sizeof *out);
    if (in_process) {
        out->verdict = fn(arg, out->msg, sizeof out->msg);
        out->returned = true;
        return;
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        snprintf(out->msg, sizeof out->msg, "pipe: %s", strerror(errno));
        return;
    }
    fflush(NULL); /* else the child's exit could repeat buffered output */
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        run_child(fds[1], fn, arg, timeout_s);
    }
    close(fds[1]);
    char buf[sizeof(int) + ISOLATE_MSG_MAX];
    size_t got = pid > 0 ? read_all(fds[0], buf, sizeof buf - 1) : 0;
    close(fds[0]);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        snprintf(out->msg, sizeof out->msg, "%s: %s", pid < 0 ? "fork" : "waitpid",
                 strerror(errno));
        return;
    }
    if (got < sizeof(int) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        describe_end(status, timeout_s, out);
        return;
    }
    memcpy(&out->verdict, buf, sizeof(int));
    memcpy(out->msg, buf + sizeof(int), got - sizeof(int));
    out->msg[got - sizeof(int)] = '\0';
    out->returned = true;
}
