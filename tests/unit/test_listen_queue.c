/* listen_queue: requests from HTTP threads to the UI thread and back (src/listen_queue.h):
 * the wake-up descriptor, FIFO order, answers reaching their poster, the bound on waiting
 * requests, a request nobody takes in time, and closing with requests waiting. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/listen_queue.h"
#include "tap.h"

typedef struct {
    listen_queue *q;
    listen_item it;
    bool result;
    bool finished;
} poster;

static void *post_thread(void *arg)
{
    poster *p = arg;
    p->result = listen_queue_post(p->q, &p->it);
    __atomic_store_n(&p->finished, true, __ATOMIC_SEQ_CST);
    return NULL;
}

static bool readable(int fd, int ms)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    return poll(&pfd, 1, ms) == 1;
}

static void start_poster(pthread_t *t, poster *p, listen_queue *q, const char *op)
{
    memset(p, 0, sizeof *p);
    p->q = q;
    p->it.op = op;
    pthread_create(t, NULL, post_thread, p);
}

/* The next request, waiting for the descriptor up to 2 s. */
static listen_item *take_waiting(listen_queue *q)
{
    for (int i = 0; i < 200; i++) {
        if (readable(listen_queue_fd(q), 10)) {
            listen_item *it = listen_queue_take(q);
            if (it)
                return it;
        }
    }
    return NULL;
}

static void test_round_trip(void)
{
    listen_queue *q = listen_queue_new(4, 5000);
    tap_ok(q != NULL, "a queue is made");
    tap_ok(!readable(listen_queue_fd(q), 0), "its descriptor is not readable while empty");
    tap_ok(listen_queue_take(q) == NULL, "take on an empty queue: NULL, at once");
    pthread_t t1, t2;
    poster a, b;
    start_poster(&t1, &a, q, "First");
    listen_item *it = take_waiting(q);
    start_poster(&t2, &b, q, "Second");
    tap_ok(it && !strcmp(it->op, "First"), "the first request posted is taken");
    tap_ok(!__atomic_load_n(&a.finished, __ATOMIC_SEQ_CST), "its poster waits for the answer");
    it->answer = strdup("{\"n\":1}");
    listen_queue_done(q, it);
    pthread_join(t1, NULL);
    tap_ok(a.result && a.it.answer && !strcmp(a.it.answer, "{\"n\":1}"),
           "the answer reaches its poster");
    it = take_waiting(q);
    tap_ok(it && !strcmp(it->op, "Second"), "then the second");
    snprintf(it->error_type, sizeof it->error_type, "InvalidToken");
    snprintf(it->error_message, sizeof it->error_message, "no such token");
    listen_queue_done(q, it);
    pthread_join(t2, NULL);
    tap_ok(!b.result && !b.it.answer && !strcmp(b.it.error_type, "InvalidToken"),
           "an error answer reaches its poster as an error");
    tap_ok(!readable(listen_queue_fd(q), 0), "the descriptor is drained");
    free(a.it.answer);
    listen_queue_free(q);
}

static void test_bounds(void)
{
    listen_queue *q = listen_queue_new(1, 5000);
    pthread_t t;
    poster a;
    start_poster(&t, &a, q, "Waits");
    tap_ok(readable(listen_queue_fd(q), 2000), "a request waits");
    listen_item extra = {.op = "Extra"};
    tap_ok(!listen_queue_post(q, &extra) && !strcmp(extra.error_type, "ServiceUnavailable"),
           "past the bound a post is refused at once: ServiceUnavailable");
    listen_queue_close(q);
    pthread_join(t, NULL);
    tap_ok(!a.result && strstr(a.it.error_message, "closing") != NULL,
           "closing answers the request still waiting");
    listen_item late = {.op = "Late"};
    tap_ok(!listen_queue_post(q, &late) && strstr(late.error_message, "closing") != NULL,
           "a post after closing is refused");
    tap_ok(listen_queue_take(q) == NULL, "and nothing is left to take");
    listen_queue_free(q);
}

static void test_timeout(void)
{
    listen_queue *q = listen_queue_new(2, 50);
    listen_item it = {.op = "Ignored"};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool r = listen_queue_post(q, &it);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    tap_ok(!r && strstr(it.error_message, "in time") != NULL,
           "a request nobody takes is refused after the timeout");
    tap_ok(ms >= 40 && ms < 3000, "after about the timeout (%ld ms)", ms);
    tap_ok(listen_queue_take(q) == NULL, "and it is no longer in the queue");
    listen_queue_free(q);
}

int main(void)
{
    test_round_trip();
    test_bounds();
    test_timeout();
    return tap_done();
}
