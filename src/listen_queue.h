/*
 * listen_queue — requests handed from the HTTP server's threads to the debugger's UI
 * thread, and their answers handed back (`sfdbg WORKFLOW --listen`). The HTTP thread never
 * touches the engine or the session: it posts a request and waits for its answer; the UI
 * thread learns that requests wait by a readable descriptor (a self-pipe, polled with the
 * terminal), takes them without blocking and answers each.
 *
 * Bounded: at most max requests wait at once (more are refused at once, false); a poster
 * waits at most timeout_ms for its answer (then false: the UI thread did not answer in
 * time, and a late answer is dropped). listen_queue_close answers every request waiting
 * and refuses later posts, so no HTTP thread is left waiting.
 */
#ifndef SFDBG_LISTEN_QUEUE_H
#define SFDBG_LISTEN_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"

typedef struct listen_queue listen_queue;

typedef struct {
    const char *op;           /* the operation's name (static) */
    const jv *body;           /* the checked request body (the poster's) */
    char *answer;             /* filled by the UI thread: malloc'd JSON, or NULL and: */
    char error_type[64];
    char error_message[1024];
} listen_item;

/* NULL when the pipe cannot be made (errno). */
listen_queue *listen_queue_new(size_t max, int64_t timeout_ms);
void listen_queue_free(listen_queue *q);
/* Readable while requests wait (the UI thread polls it). */
int listen_queue_fd(const listen_queue *q);

/* HTTP thread: posts it and waits for its answer. False: refused (full, closed) or not
 * answered in time; it->error_* then say why. */
bool listen_queue_post(listen_queue *q, listen_item *it);

/* UI thread: the next request waiting (not blocking), NULL when none; it must be given to
 * listen_queue_done once answered (answer or error_* filled). */
listen_item *listen_queue_take(listen_queue *q);
void listen_queue_done(listen_queue *q, listen_item *it);

/* Refuses every request waiting or posted later. */
void listen_queue_close(listen_queue *q);

#endif
