/* httpd — libmicrohttpd behind httpd.h. */
#include "httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <time.h>

#include "jv.h"

/* httpd_stop waits this long for the requests under way to be answered. */
#define HTTPD_DRAIN_S 5

struct httpd {
    struct MHD_Daemon *daemon;
    httpd_handler handler;
    void *user;
    size_t max_body;
    unsigned port;
    pthread_mutex_t mu;
    pthread_cond_t idle;
    unsigned active;   /* requests begun and not completed */
};

/* One request's body as it arrives (libmicrohttpd's per-request pointer). */
typedef struct {
    char *data;
    size_t len, cap;
    bool refused;     /* over max_body: answered 413, the rest is dropped */
} httpd_body;

static const char httpd_too_large[] =
    "{\"__type\":\"RequestEntityTooLargeException\",\"message\":\"the request body is larger "
    "than this server accepts (sfdbg serve --max-body)\"}";

static enum MHD_Result httpd_send(struct MHD_Connection *c, int status, const char *type,
                                  char *body_take, size_t len)
{
    struct MHD_Response *r =
        body_take ? MHD_create_response_from_buffer(len, body_take, MHD_RESPMEM_MUST_FREE)
                  : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body_take);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type ? type : "application/x-amz-json-1.0");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result httpd_refuse(struct MHD_Connection *c, httpd_body *b)
{
    b->refused = true;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    size_t n = sizeof httpd_too_large - 1;
    char *copy = jv_xmalloc(n);
    memcpy(copy, httpd_too_large, n);
    return httpd_send(c, MHD_HTTP_CONTENT_TOO_LARGE, NULL, copy, n);
}

/* The declared length, when there is one and it is a number. */
static bool httpd_declared_length(struct MHD_Connection *c, unsigned long long *out)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (!v)
        return false;
    char *end;
    errno = 0;
    *out = strtoull(v, &end, 10);
    return !errno && end != v && !*end;
}

static bool httpd_append(httpd_body *b, const char *data, size_t n, size_t max)
{
    if (n > max - b->len)
        return false;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = jv_xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static enum MHD_Result httpd_answer(httpd *d, struct MHD_Connection *c, const char *url,
                                    const char *method, httpd_body *b)
{
    httpd_request req = {
        .method = method,
        .path = url,
        .target = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Amz-Target"),
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"),
        .body = b->data ? b->data : "",
        .len = b->len,
    };
    httpd_response resp = {.status = 200};
    d->handler(d->user, &req, &resp);
    return httpd_send(c, resp.status, resp.content_type, resp.body, resp.len);
}

static enum MHD_Result httpd_access(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version,
                                    const char *upload, size_t *upload_size, void **con_cls)
{
    httpd *d = cls;
    httpd_body *b = *con_cls;
    if (!b) {
        b = jv_xcalloc(1, sizeof *b);
        *con_cls = b;
        pthread_mutex_lock(&d->mu);
        d->active++;
        pthread_mutex_unlock(&d->mu);
        unsigned long long declared;
        if (httpd_declared_length(c, &declared) && declared > d->max_body)
            return httpd_refuse(c, b);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (b->refused)
            return MHD_YES;
        if (!httpd_append(b, upload, n, d->max_body))
            return httpd_refuse(c, b);
        return MHD_YES;
    }
    if (b->refused)
        return MHD_YES;
    return httpd_answer(d, c, url, method, b);
}

static void httpd_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                            enum MHD_RequestTerminationCode code)
{
    httpd *d = cls;
    httpd_body *b = *con_cls;
    if (b) {
        free(b->data);
        free(b);
        pthread_mutex_lock(&d->mu);
        d->active--;
        pthread_cond_broadcast(&d->idle);
        pthread_mutex_unlock(&d->mu);
    }
    *con_cls = NULL;
}

/* libmicrohttpd's own messages (a client that went away, ...) are not ours to print. */
static void httpd_quiet(void *cls, const char *fmt, va_list ap) {}

httpd *httpd_start(const httpd_config *cfg, httpd_handler h, void *user, char *err,
                   size_t errlen)
{
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->host, &sin.sin_addr) != 1) {
        snprintf(err, errlen, "--host: '%s' is not a numeric IPv4 address", cfg->host);
        return NULL;
    }
    httpd *d = jv_xcalloc(1, sizeof *d);
    d->handler = h;
    d->user = user;
    d->max_body = cfg->max_body;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->idle, NULL);
    d->daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
            MHD_USE_ITC,
        (uint16_t)cfg->port, NULL, NULL, httpd_access, d,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->idle_timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, httpd_completed, (void *)d,
        MHD_OPTION_EXTERNAL_LOGGER, httpd_quiet, (void *)d,
        MHD_OPTION_END);
    if (!d->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%u (in use, or not an address of this host)",
                 cfg->host, cfg->port);
        pthread_cond_destroy(&d->idle);
        pthread_mutex_destroy(&d->mu);
        free(d);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d->daemon, MHD_DAEMON_INFO_BIND_PORT);
    d->port = info ? info->port : cfg->port;
    return d;
}

unsigned httpd_port(const httpd *d) { return d->port; }

void httpd_stop(httpd *d)
{
    if (!d)
        return;
    MHD_socket listener = MHD_quiesce_daemon(d->daemon);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += HTTPD_DRAIN_S;
    pthread_mutex_lock(&d->mu);
    while (d->active > 0 && pthread_cond_timedwait(&d->idle, &d->mu, &until) == 0)
        ;
    pthread_mutex_unlock(&d->mu);
    MHD_stop_daemon(d->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    pthread_cond_destroy(&d->idle);
    pthread_mutex_destroy(&d->mu);
    free(d);
}
