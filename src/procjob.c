/* procjob — a child process driven without blocking. See procjob.h. */
#define _GNU_SOURCE /* pipe2, pidfd_open */
#include "procjob.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jv.h"
#include "timeutil.h"

/* After the child exited, how much longer we read its stdout/stderr when they stay open.
 * What the child itself wrote is already in the pipes when it exits, so this only bounds
 * a drain. */
#define PROCJOB_EXIT_GRACE_MS 200
/* Without a pidfd (old kernels), how often we look whether the child exited. */
#define PROCJOB_EXIT_CHECK_MS 50
/* Reads per descriptor and progress call: a chatty child cannot hold the caller. */
#define PROCJOB_READS_PER_CALL 16

struct procjob {
    procjob_result r;
    pid_t pid;            /* also its process group; -1 when it did not start */
    int pidfd;            /* readable once it exits; -1 when the kernel has none */
    int in, out, err;     /* our pipe ends; -1 once closed */
    char *input;
    size_t len, sent;
    size_t stderr_tail;
    bool exited;          /* it ended (not yet reaped) */
    bool over;            /* the result is final; the child is reaped */
    int64_t deadline;     /* the timeout */
    int64_t drain_until;  /* after it exited: when we stop reading its output */
};

/* What the child sends back through its close-on-exec report pipe when exec fails. */
typedef struct {
    int in_chdir;         /* 1: entering the folder failed, 0: exec failed */
    int err;
} procjob_start_failure;

static void procjob_close(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The forked child: becomes the program, or reports through `report` why not. */
_Noreturn static void procjob_child(const char *dir, char *const *argv, const int fds[3],
                                    int report)
{
    setpgid(0, 0);
    /* An ignored SIGPIPE (the program's choice, src/main.c) would pass through exec: the
     * child gets the default back, in its own copy of the dispositions. */
    signal(SIGPIPE, SIG_DFL);
    procjob_start_failure f = {0, 0};
    /* moved above 2 first, so no dup2 below can overwrite a descriptor still to be placed */
    int moved[3];
    for (int i = 0; i < 3 && !f.err; i++) {
        moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
        if (moved[i] < 0)
            f.err = errno;
    }
    for (int i = 0; i < 3 && !f.err; i++)
        if (dup2(moved[i], i) < 0) /* the copy on 0..2 is not close-on-exec */
            f.err = errno;
    if (!f.err && chdir(dir) != 0) {
        f.in_chdir = 1;
        f.err = errno;
    }
    if (!f.err) {
        execvp(argv[0], argv);
        f.err = errno;
    }
    /* the parent reads a short report as "started": nothing better to do if this fails */
    if (write(report, &f, sizeof f) != (ssize_t)sizeof f)
        _exit(126);
    _exit(127);
}

/* Opens n pipes, all close-on-exec; false with the fault set and none left open. */
static bool procjob_open_pipes(int (*pipes)[2], size_t n, procjob_result *r)
{
    for (size_t i = 0; i < n; i++) {
        if (pipe2(pipes[i], O_CLOEXEC) == 0)
            continue;
        snprintf(r->fault, sizeof r->fault, "could not start: pipe: %s", strerror(errno));
        while (i-- > 0) {
            close(pipes[i][0]);
            close(pipes[i][1]);
        }
        return false;
    }
    return true;
}

/* Waits for the child's report: EOF means exec succeeded. False with the fault set. */
static bool procjob_started(int report, const char *dir, const char *prog, procjob_result *r)
{
    procjob_start_failure f;
    ssize_t n;
    while ((n = read(report, &f, sizeof f)) < 0 && errno == EINTR)
        ;
    if (n != (ssize_t)sizeof f)
        return true;
    if (f.in_chdir)
        snprintf(r->fault, sizeof r->fault, "could not start: cannot enter %s: %s", dir,
                 strerror(f.err));
    else if (!strchr(prog, '/'))
        snprintf(r->fault, sizeof r->fault, "could not start: cannot run %s (looked up "
                 "in PATH): %s", prog, strerror(f.err));
    else
        snprintf(r->fault, sizeof r->fault, "could not start: cannot run %s%s%s: %s",
                 prog[0] == '/' ? "" : dir, prog[0] == '/' ? "" : "/", prog, strerror(f.err));
    return false;
}

/* Forks and execs in its own process group. j->pid is set whenever a child was forked
 * (it is then killed and reaped by procjob_finish); false with the fault set when the
 * program did not start. */
static bool procjob_spawn(procjob *j, const char *dir, char *const *argv)
{
    int pipes[4][2]; /* stdin, stdout, stderr, the start report */
    if (!procjob_open_pipes(pipes, 4, &j->r))
        return false;
    pid_t pid = fork();
    if (pid == 0) {
        const int child_fds[3] = {pipes[0][0], pipes[1][1], pipes[2][1]};
        procjob_child(dir, argv, child_fds, pipes[3][1]);
    }
    for (int i = 0; i < 4; i++)
        close(pipes[i][i == 0 ? 0 : 1]);
    j->in = pipes[0][1];
    j->out = pipes[1][0];
    j->err = pipes[2][0];
    bool started = false;
    if (pid < 0) {
        snprintf(j->r.fault, sizeof j->r.fault, "could not start: fork: %s", strerror(errno));
    } else {
        setpgid(pid, pid); /* as the child does: whichever runs first, the group exists */
        j->pid = pid;
        started = procjob_started(pipes[3][0], dir, argv[0], &j->r);
    }
    close(pipes[3][0]);
    return started;
}

static bool procjob_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

/* Kills the group, reaps the child and closes our ends; fills status / killed_by. */
static void procjob_finish(procjob *j)
{
    if (j->over)
        return;
    j->over = true;
    if (j->pid > 0) {
        kill(-j->pid, SIGKILL);
        int wstatus = 0;
        pid_t r;
        while ((r = waitpid(j->pid, &wstatus, 0)) < 0 && errno == EINTR)
            ;
        if (r == j->pid && WIFEXITED(wstatus))
            j->r.status = WEXITSTATUS(wstatus);
        else if (r == j->pid && WIFSIGNALED(wstatus))
            j->r.killed_by = WTERMSIG(wstatus);
    }
    procjob_close(&j->pidfd);
    procjob_close(&j->in);
    procjob_close(&j->out);
    procjob_close(&j->err);
}

procjob *procjob_start(const procjob_spec *spec)
{
    procjob *j = jv_xcalloc(1, sizeof *j);
    *j = (procjob){.pid = -1, .pidfd = -1, .in = -1, .out = -1, .err = -1,
                   .stderr_tail = spec->stderr_tail, .len = spec->input_len};
    j->r.status = -1;
    strbuf_init(&j->r.out, spec->max_stdout);
    strbuf_init(&j->r.err, 0);
    j->input = jv_xcalloc(1, spec->input_len + 1);
    memcpy(j->input, spec->input, spec->input_len);
    if (!procjob_spawn(j, spec->dir, spec->argv)) {
        procjob_finish(j);
        return j;
    }
    if (!procjob_nonblocking(j->in) || !procjob_nonblocking(j->out) ||
        !procjob_nonblocking(j->err)) {
        snprintf(j->r.fault, sizeof j->r.fault, "could not be watched: fcntl: %s",
                 strerror(errno));
        procjob_finish(j);
        return j;
    }
    j->pidfd = pidfd_open(j->pid, 0);
    j->deadline = timeutil_monotonic_ms() + spec->timeout_ms;
    if (j->len == 0)
        procjob_close(&j->in);
    return j;
}

size_t procjob_fds(const procjob *j, task_wait_fd *out, size_t max)
{
    const task_wait_fd all[4] = {{j->out, POLLIN}, {j->err, POLLIN}, {j->in, POLLOUT},
                                 {j->exited ? -1 : j->pidfd, POLLIN}};
    size_t n = 0;
    for (size_t i = 0; i < 4 && n < max && !j->over; i++)
        if (all[i].fd >= 0)
            out[n++] = all[i];
    return n;
}

int64_t procjob_deadline(const procjob *j)
{
    if (j->over)
        return 0;
    int64_t until = j->deadline;
    if (j->exited && j->drain_until < until)
        until = j->drain_until;
    if (!j->exited && j->pidfd < 0) {
        int64_t check = timeutil_monotonic_ms() + PROCJOB_EXIT_CHECK_MS;
        if (check < until)
            until = check;
    }
    return until;
}

/* True once the child has exited; it stays a zombie (WNOWAIT) until procjob_finish.
 * ECHILD (a program that sets SIGCHLD to SIG_IGN has it reaped for us) counts as exited. */
static bool procjob_has_exited(pid_t pid)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0)
        return errno == ECHILD;
    return info.si_pid == pid;
}

/* Appends, keeping only the last `tail` bytes when tail is not 0. */
static void procjob_keep(strbuf *sb, const char *buf, size_t n, size_t tail)
{
    if (tail && n >= tail) {
        strbuf_reset(sb);
        strbuf_append(sb, buf + n - tail, tail);
        return;
    }
    if (tail && sb->len + n > tail) {
        size_t drop = sb->len + n - tail;
        memmove(sb->buf, sb->buf + drop, sb->len - drop);
        sb->len -= drop;
        sb->buf[sb->len] = '\0';
    }
    strbuf_append(sb, buf, n);
}

/* Reads what is there from *fd, closing *fd at end of file or on an error. */
static void procjob_drain(int *fd, strbuf *sb, size_t tail)
{
    char buf[16384];
    for (int i = 0; i < PROCJOB_READS_PER_CALL && *fd >= 0 && !sb->toobig; i++) {
        ssize_t n = read(*fd, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (n <= 0) {
            procjob_close(fd);
            return;
        }
        procjob_keep(sb, buf, (size_t)n, tail);
    }
}

/* Writes what stdin takes; closes it when all is sent or the child is gone (EPIPE). */
static void procjob_feed(procjob *j)
{
    while (j->in >= 0 && j->sent < j->len) {
        ssize_t w = write(j->in, j->input + j->sent, j->len - j->sent);
        if (w < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (w < 0) {
            procjob_close(&j->in);
            return;
        }
        j->sent += (size_t)w;
    }
    procjob_close(&j->in);
}

bool procjob_progress(procjob *j)
{
    if (j->over)
        return true;
    int64_t now = timeutil_monotonic_ms();
    if (!j->exited && procjob_has_exited(j->pid)) {
        j->exited = true;
        j->drain_until = now + PROCJOB_EXIT_GRACE_MS;
        procjob_close(&j->in); /* nobody we wait for reads it any more */
    }
    if (j->in >= 0)
        procjob_feed(j);
    procjob_drain(&j->out, &j->r.out, 0);
    procjob_drain(&j->err, &j->r.err, j->stderr_tail);
    bool output_open = j->out >= 0 || j->err >= 0;
    if (j->r.out.toobig)
        j->r.too_big = true;
    else if (j->exited && output_open && now < j->drain_until && now < j->deadline)
        return false;
    else if (!j->exited && now >= j->deadline)
        j->r.timed_out = true;
    else if (!j->exited)
        return false;
    procjob_finish(j);
    return true;
}

const procjob_result *procjob_result_of(const procjob *j)
{
    return &j->r;
}

void procjob_stop(procjob *j)
{
    procjob_finish(j);
}

void procjob_free(procjob *j)
{
    if (!j)
        return;
    procjob_finish(j);
    strbuf_cleanup(&j->r.out);
    strbuf_cleanup(&j->r.err);
    free(j->input);
    free(j);
}
