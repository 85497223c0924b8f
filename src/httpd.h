/*
 * httpd — the program's HTTP/1.1 server: libmicrohttpd behind a small interface (this
 * module is the only one that includes microhttpd.h).
 *
 * One thread per connection (libmicrohttpd's), so a handler may block (StartSyncExecution
 * waits for its execution) without stalling other clients; connections are bounded
 * (max_connections) and idle ones closed (idle_timeout_s). A request body is read up to
 * max_body bytes: a larger one (by Content-Length, or as it arrives) is answered 413 at
 * once and its connection closed, without calling the handler or keeping the bytes.
 *
 * The handler runs on a connection's thread, once per request, with the whole body; it
 * fills an httpd_response whose body it allocates with malloc (the server frees it).
 */
#ifndef SFDBG_HTTPD_H
#define SFDBG_HTTPD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct httpd httpd;

typedef struct {
    const char *method;         /* "POST", ... */
    const char *path;           /* "/" */
    const char *target;         /* X-Amz-Target, or NULL */
    const char *content_type;   /* Content-Type, or NULL */
    const char *body;           /* NUL-terminated (body[len] == 0); never NULL */
    size_t len;
} httpd_request;

typedef struct {
    int status;                 /* HTTP status; 200 when left alone */
    const char *content_type;   /* static string; NULL: application/x-amz-json-1.0 */
    char *body;                 /* malloc'd, taken by the server; NULL: empty */
    size_t len;
} httpd_response;

typedef void (*httpd_handler)(void *user, const httpd_request *req, httpd_response *resp);

typedef struct {
    const char *host;           /* numeric IPv4 address, e.g. "127.0.0.1" */
    unsigned port;              /* 0: any free port (httpd_port says which) */
    size_t max_body;            /* bytes */
    unsigned max_connections;
    unsigned idle_timeout_s;
} httpd_config;

/* Starts serving; NULL with err filled (the address is in use, not an IPv4 address, ...). */
httpd *httpd_start(const httpd_config *c, httpd_handler h, void *user, char *err, size_t errlen);
/* The port the server listens on. */
unsigned httpd_port(const httpd *d);
/* Stops accepting, lets the requests under way be answered (for at most 5 s), closes the
 * connections and waits for their threads, frees. NULL-safe. */
void httpd_stop(httpd *d);

#endif
