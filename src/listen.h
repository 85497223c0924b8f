/*
 * listen — `sfdbg WORKFLOW --listen [HOST:]PORT`: the Step Functions API of the debugger's
 * own execution (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat, DescribeExecution,
 * GetExecutionHistory), so a worker using any AWS SDK can answer the tokens it shows.
 *
 * The HTTP server (httpd.h) runs on its own threads and never touches the engine or the
 * session: each request is checked as `sfdbg serve` checks it (sfn_api_parse), handed to
 * the UI thread through a listen_queue (its self-pipe is polled with the keys), answered
 * there through debugger_remote_calls, and the answer goes back to the HTTP thread.
 * Bounded as serve: request bodies, open connections, requests waiting at once.
 */
#ifndef SFDBG_LISTEN_H
#define SFDBG_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

#include "task.h"
#include "ui/debugger.h"

typedef struct listen_server listen_server;

/* [HOST:]PORT: HOST a numeric IPv4 address (default 127.0.0.1), PORT 0..65535 (0: any free
 * one). False with a message in err. */
bool listen_parse_address(const char *spec, char *host, size_t hostlen, unsigned *port,
                          char *err, size_t errlen);

/* Starts serving at spec; NULL with err filled. */
listen_server *listen_start(const char *spec, char *err, size_t errlen);
/* The debugger's exec_options.activities under --listen: an activity Task waits for a
 * worker's GetActivityTask; every activity ARN names an activity (there is no
 * CreateActivity here). */
const task_activities *listen_activities(void);
/* True when it listens on a loopback address. */
bool listen_loopback(const listen_server *s);
/* The debugger's hook (debugger_config.remote); note gets "listening on http://H:P". */
void listen_remote(listen_server *s, debugger_remote *out, char *note, size_t notelen);
/* Refuses what still waits, stops the server, frees. NULL-safe. */
void listen_stop(listen_server *s);

#endif
