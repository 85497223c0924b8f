/* listen_queue — the HTTP threads' requests for the UI thread. See listen_queue.h. */
#include "listen_queue.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jv_text.h"

struct listen_queue {
    pthread_mutex_t mu;
    pthread_cond_t answered;          /* broadcast by listen_queue_done and _close */
    int pipe[2];                      /* one byte per request posted; drained by _take */
    listen_item **waiting;            /* FIFO: posted, not yet taken */
    size_t nwaiting, max;
    listen_item **taken;              /* taken, not yet done (the UI thread's) */
    size_t ntaken;
    int64_t timeout_ms;
    bool closed;
};

static bool lq_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 &&
           fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

listen_queue *listen_queue_new(size_t max, int64_t timeout_ms)
{
    listen_queue *q = jv_xcalloc(1, sizeof *q);
    if (pipe(q->pipe) != 0) {
        free(q);
        return NULL;
    }
    if (!lq_nonblock(q->pipe[0]) || !lq_nonblock(q->pipe[1])) {
        int saved = errno;
        close(q->pipe[0]);
        close(q->pipe[1]);
        free(q);
        errno = saved;
        return NULL;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->answered, NULL);
    q->max = max ? max : 1;
    q->waiting = jv_xcalloc(q->max, sizeof *q->waiting);
    q->taken = jv_xcalloc(q->max, sizeof *q->taken);
    q->timeout_ms = timeout_ms;
    return q;
}

void listen_queue_free(listen_queue *q)
{
    if (!q)
        return;
    close(q->pipe[0]);
    close(q->pipe[1]);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->answered);
    free(q->waiting);
    free(q->taken);
    free(q);
}

int listen_queue_fd(const listen_queue *q) { return q->pipe[0]; }

static void lq_refuse(listen_item *it, const char *type, const char *msg)
{
    snprintf(it->error_type, sizeof it->error_type, "%s", type);
    snprintf(it->error_message, sizeof it->error_message, "%s", msg);
}

/* Removes it from list (n entries); true when it was there. */
static bool lq_remove(listen_item **list, size_t *n, const listen_item *it)
{
    for (size_t i = 0; i < *n; i++)
        if (list[i] == it) {
            memmove(list + i, list + i + 1, (*n - i - 1) * sizeof *list);
            (*n)--;
            return true;
        }
    return false;
}

static bool lq_in(listen_item *const *list, size_t n, const listen_item *it)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == it)
            return true;
    return false;
}

static struct timespec lq_deadline(int64_t ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

bool listen_queue_post(listen_queue *q, listen_item *it)
{
    it->answer = NULL;
    it->error_type[0] = it->error_message[0] = 0;
    pthread_mutex_lock(&q->mu);
    if (q->closed || q->nwaiting + q->ntaken >= q->max) {
        lq_refuse(it, "ServiceUnavailable", q->closed ? "the debugger is closing"
                  : "too many requests wait for the debugger; try again");
        pthread_mutex_unlock(&q->mu);
        return false;
    }
    q->waiting[q->nwaiting++] = it;
    char byte = 1;
    if (write(q->pipe[1], &byte, 1) < 0) {
        /* a full pipe already wakes the UI thread */
    }
    struct timespec until = lq_deadline(q->timeout_ms);
    bool answered = true;
    /* once taken, the UI thread answers within its turn: wait for it, whatever the time */
    while (lq_in(q->waiting, q->nwaiting, it) || lq_in(q->taken, q->ntaken, it)) {
        bool still_waiting = lq_in(q->waiting, q->nwaiting, it);
        if (still_waiting && pthread_cond_timedwait(&q->answered, &q->mu, &until) == ETIMEDOUT &&
            lq_remove(q->waiting, &q->nwaiting, it)) {
            lq_refuse(it, "ServiceUnavailable", "the debugger did not take the request in "
                      "time (is it in $EDITOR or a dialog?); try again");
            answered = false;
        } else if (!still_waiting) {
            pthread_cond_wait(&q->answered, &q->mu);
        }
    }
    if (answered && !it->answer && !it->error_type[0])
        lq_refuse(it, "ServiceUnavailable", "the debugger is closing"), answered = false;
    pthread_mutex_unlock(&q->mu);
    return answered && it->answer;
}

listen_item *listen_queue_take(listen_queue *q)
{
    char buf[64];
    while (read(q->pipe[0], buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&q->mu);
    listen_item *it = NULL;
    if (q->nwaiting && !q->closed) {
        it = q->waiting[0];
        lq_remove(q->waiting, &q->nwaiting, it);
        q->taken[q->ntaken++] = it;
    }
    pthread_mutex_unlock(&q->mu);
    return it;
}

void listen_queue_done(listen_queue *q, listen_item *it)
{
    pthread_mutex_lock(&q->mu);
    lq_remove(q->taken, &q->ntaken, it);
    pthread_cond_broadcast(&q->answered);
    pthread_mutex_unlock(&q->mu);
}

void listen_queue_close(listen_queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = true;
    for (size_t i = 0; i < q->nwaiting; i++)
        lq_refuse(q->waiting[i], "ServiceUnavailable", "the debugger is closing");
    q->nwaiting = 0;
    pthread_cond_broadcast(&q->answered);
    pthread_mutex_unlock(&q->mu);
}
