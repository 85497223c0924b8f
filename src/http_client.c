/* http_client — every curl handle of the program, driven without blocking. See
 * http_client.h. */
#include "http_client.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "jv.h"
#include "timeutil.h"

#define HTTP_MAX_SOCKETS 8

typedef struct {
    curl_socket_t fd;
    int what;                      /* CURL_POLL_IN / OUT / INOUT */
} http_socket;

struct http_request {
    CURLM *multi;
    CURL *easy;
    struct curl_slist *header_list;
    char *url, *method, *body, *sigv4, *userpwd;
    size_t body_len;
    http_response resp;
    size_t header_bytes;
    bool too_big, done;
    http_socket sockets[HTTP_MAX_SOCKETS];
    size_t nsockets;
    bool socket_overflow;          /* curl wanted more sockets than we track */
    int64_t timer_at;              /* curl's next timeout (monotonic ms), -1: none */
    int64_t start_ms, hard_deadline;
    char errbuf[CURL_ERROR_SIZE];
};

static bool http_global_ok;

bool http_client_global_init(void)
{
    http_global_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return http_global_ok;
}

void http_client_global_cleanup(void)
{
    if (http_global_ok)
        curl_global_cleanup();
    http_global_ok = false;
}

const char *http_fail_name(http_fail f)
{
    static const char *const names[] = {
        [HTTP_OK] = "ok", [HTTP_FAIL_TIMEOUT] = "timeout",
        [HTTP_FAIL_CONNECT] = "connection failed", [HTTP_FAIL_TLS] = "TLS failure",
        [HTTP_FAIL_TOO_BIG] = "response too big", [HTTP_FAIL_REDIRECTS] = "too many redirects",
        [HTTP_FAIL_BAD_URL] = "bad URL", [HTTP_FAIL_CANCELLED] = "cancelled",
        [HTTP_FAIL_OTHER] = "failed",
    };
    return f <= HTTP_FAIL_OTHER ? names[f] : "failed";
}

/* ---- the response as it arrives ---- */

static void http_headers_clear(http_response *resp)
{
    for (size_t i = 0; i < resp->nheaders; i++) {
        free((char *)resp->headers[i].name);
        free((char *)resp->headers[i].value);
    }
    free(resp->headers);
    resp->headers = NULL;
    resp->nheaders = 0;
}

/* "HTTP/1.1 404 Not Found": a new response begins (after a redirect or a 100). */
static void http_status_line(http_request *r, const char *line, size_t n)
{
    http_headers_clear(&r->resp);
    r->header_bytes = 0;
    const char *sp = memchr(line, ' ', n);
    r->resp.status_text[0] = '\0';
    if (!sp)
        return;
    const char *end = line + n;
    const char *text = memchr(sp + 1, ' ', (size_t)(end - sp - 1));
    if (!text)
        return;
    text++;
    size_t len = (size_t)(end - text);
    while (len && (text[len - 1] == '\r' || text[len - 1] == '\n'))
        len--;
    if (len >= sizeof r->resp.status_text)
        len = sizeof r->resp.status_text - 1;
    memcpy(r->resp.status_text, text, len);
    r->resp.status_text[len] = '\0';
}

static void http_header_line(http_request *r, const char *line, size_t n)
{
    while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
        n--;
    const char *colon = memchr(line, ':', n);
    if (!colon || colon == line || r->resp.nheaders >= HTTP_MAX_HEADERS ||
        r->header_bytes + n > HTTP_MAX_HEADER_BYTES)
        return;
    r->header_bytes += n;
    const char *v = colon + 1;
    while (v < line + n && (*v == ' ' || *v == '\t'))
        v++;
    r->resp.headers = jv_xrealloc(r->resp.headers, (r->resp.nheaders + 1) * sizeof *r->resp.headers);
    char *name = jv_xmalloc((size_t)(colon - line) + 1);
    memcpy(name, line, (size_t)(colon - line));
    name[colon - line] = '\0';
    size_t vlen = (size_t)(line + n - v);
    char *value = jv_xmalloc(vlen + 1);
    memcpy(value, v, vlen);
    value[vlen] = '\0';
    r->resp.headers[r->resp.nheaders++] = (http_header){name, value};
}

static size_t http_on_header(char *data, size_t size, size_t nitems, void *user)
{
    http_request *r = user;
    size_t n = size * nitems;
    if (n >= 5 && !memcmp(data, "HTTP/", 5))
        http_status_line(r, data, n);
    else if (n > 2)
        http_header_line(r, data, n);
    return n;
}

static size_t http_on_body(char *data, size_t size, size_t nmemb, void *user)
{
    http_request *r = user;
    size_t n = size * nmemb;
    strbuf_append(&r->resp.body, data, n);
    if (r->resp.body.toobig) {
        r->too_big = true;
        return 0;   /* CURLE_WRITE_ERROR: stop reading */
    }
    return n;
}

/* ---- curl's multi callbacks: which sockets, and when ---- */

static int http_on_socket(CURL *easy, curl_socket_t s, int what, void *user, void *socketp)
{
    http_request *r = user;
    size_t i = 0;
    while (i < r->nsockets && r->sockets[i].fd != s)
        i++;
    if (what == CURL_POLL_REMOVE) {
        if (i < r->nsockets)
            r->sockets[i] = r->sockets[--r->nsockets];
        return 0;
    }
    if (i == r->nsockets) {
        if (r->nsockets == HTTP_MAX_SOCKETS) {
            r->socket_overflow = true;
            return 0;
        }
        r->nsockets++;
    }
    r->sockets[i] = (http_socket){s, what};
    return 0;
}

static int http_on_timer(CURLM *multi, long timeout_ms, void *user)
{
    http_request *r = user;
    r->timer_at = timeout_ms < 0 ? -1 : timeutil_monotonic_ms() + timeout_ms;
    return 0;
}

/* ---- the end ---- */

static http_fail http_fail_of(CURLcode rc, bool too_big)
{
    switch (rc) {
    case CURLE_OK: return HTTP_OK;
    case CURLE_OPERATION_TIMEDOUT: return HTTP_FAIL_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: case CURLE_SEND_ERROR: case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING: case CURLE_PARTIAL_FILE: case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2: case CURLE_HTTP2_STREAM:
        return HTTP_FAIL_CONNECT;
    case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM: case CURLE_SSL_CIPHER: case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR: case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return HTTP_FAIL_TLS;
    case CURLE_WRITE_ERROR: return too_big ? HTTP_FAIL_TOO_BIG : HTTP_FAIL_OTHER;
    case CURLE_TOO_MANY_REDIRECTS: return HTTP_FAIL_REDIRECTS;
    case CURLE_URL_MALFORMAT: case CURLE_UNSUPPORTED_PROTOCOL: return HTTP_FAIL_BAD_URL;
    default: return HTTP_FAIL_OTHER;
    }
}

static void http_finish(http_request *r, http_fail fail, const char *msg)
{
    if (r->done)
        return;
    r->done = true;
    r->resp.fail = fail;
    if (fail != HTTP_OK && msg && *msg && strcmp(msg, http_fail_name(fail)))
        snprintf(r->resp.error, sizeof r->resp.error, "%s: %s", http_fail_name(fail), msg);
    else if (fail != HTTP_OK)
        snprintf(r->resp.error, sizeof r->resp.error, "%s", http_fail_name(fail));
    r->resp.elapsed_ms = timeutil_monotonic_ms() - r->start_ms;
    if (r->multi && r->easy)
        curl_multi_remove_handle(r->multi, r->easy);
    r->nsockets = 0;
}

static void http_finish_curl(http_request *r, CURLcode rc)
{
    long status = 0;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    r->resp.status = status;
    http_fail fail = http_fail_of(rc, r->too_big);
    char msg[sizeof r->resp.error];
    if (fail == HTTP_FAIL_TOO_BIG)
        snprintf(msg, sizeof msg, "the response body is larger than %zu bytes",
                 r->resp.body.limit);
    else
        snprintf(msg, sizeof msg, "%s", r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc));
    http_finish(r, fail, msg);
}

static void http_check_done(http_request *r)
{
    int left;
    CURLMsg *m;
    while ((m = curl_multi_info_read(r->multi, &left)))
        if (m->msg == CURLMSG_DONE && m->easy_handle == r->easy)
            http_finish_curl(r, m->data.result);
}

/* ---- setting up ---- */

static struct curl_slist *http_header_list(const http_request_spec *spec)
{
    struct curl_slist *list = NULL;
    strbuf line;
    strbuf_init(&line, 0);
    for (size_t i = 0; i < spec->nheaders; i++) {
        const char *v = spec->headers[i].value;
        strbuf_reset(&line);
        strbuf_puts(&line, spec->headers[i].name);
        if (!v)
            strbuf_putc(&line, ':');          /* "Name:" drops curl's own */
        else if (!*v)
            strbuf_putc(&line, ';');          /* "Name;" sends it empty */
        else
            strbuf_printf(&line, ": %s", v);
        list = curl_slist_append(list, strbuf_str(&line));
    }
    list = curl_slist_append(list, "Expect:");   /* no 100-continue round trip */
    strbuf_cleanup(&line);
    return list;
}

#define HTTP_SET(opt, val)                                                                 \
    do {                                                                                   \
        if (curl_easy_setopt(e, opt, val) != CURLE_OK) {                                   \
            snprintf(why, whylen, "libcurl refused option %s", #opt);                      \
            return false;                                                                  \
        }                                                                                  \
    } while (0)

static bool http_setup_easy(http_request *r, const http_request_spec *spec, char *why,
                            size_t whylen)
{
    CURL *e = r->easy;
    HTTP_SET(CURLOPT_ERRORBUFFER, r->errbuf);
    HTTP_SET(CURLOPT_NOSIGNAL, 1L);
    HTTP_SET(CURLOPT_URL, r->url);
    HTTP_SET(CURLOPT_PROTOCOLS_STR, "http,https");
    HTTP_SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    HTTP_SET(CURLOPT_SSL_VERIFYPEER, 1L);
    HTTP_SET(CURLOPT_SSL_VERIFYHOST, 2L);
    HTTP_SET(CURLOPT_CONNECTTIMEOUT_MS, (long)(spec->connect_timeout_ms > 0
                                               ? spec->connect_timeout_ms
                                               : HTTP_DEFAULT_CONNECT_TIMEOUT_MS));
    HTTP_SET(CURLOPT_TIMEOUT_MS, (long)(spec->total_timeout_ms > 0
                                        ? spec->total_timeout_ms
                                        : HTTP_DEFAULT_TOTAL_TIMEOUT_MS));
    HTTP_SET(CURLOPT_FOLLOWLOCATION, spec->max_redirects > 0 ? 1L : 0L);
    HTTP_SET(CURLOPT_MAXREDIRS, spec->max_redirects > 0 ? spec->max_redirects : 0L);
    HTTP_SET(CURLOPT_PATH_AS_IS, spec->path_as_is ? 1L : 0L);
    HTTP_SET(CURLOPT_HEADERFUNCTION, http_on_header);
    HTTP_SET(CURLOPT_HEADERDATA, r);
    HTTP_SET(CURLOPT_WRITEFUNCTION, http_on_body);
    HTTP_SET(CURLOPT_WRITEDATA, r);
    HTTP_SET(CURLOPT_HTTPHEADER, r->header_list);
    if (!strcmp(r->method, "HEAD")) {
        HTTP_SET(CURLOPT_NOBODY, 1L);
    } else if (strcmp(r->method, "GET") || r->body) {
        HTTP_SET(CURLOPT_CUSTOMREQUEST, r->method);
    }
    if (r->body) {
        HTTP_SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
        HTTP_SET(CURLOPT_POSTFIELDS, r->body);
    }
    if (r->sigv4) {
        HTTP_SET(CURLOPT_AWS_SIGV4, r->sigv4);
        HTTP_SET(CURLOPT_USERPWD, r->userpwd);
    } else if (r->userpwd) {
        HTTP_SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        HTTP_SET(CURLOPT_USERPWD, r->userpwd);
    }
    return true;
}

static bool http_setup_multi(http_request *r, char *why, size_t whylen)
{
    r->multi = curl_multi_init();
    if (!r->multi) {
        snprintf(why, whylen, "libcurl could not make a multi handle");
        return false;
    }
    curl_multi_setopt(r->multi, CURLMOPT_SOCKETFUNCTION, http_on_socket);
    curl_multi_setopt(r->multi, CURLMOPT_SOCKETDATA, r);
    curl_multi_setopt(r->multi, CURLMOPT_TIMERFUNCTION, http_on_timer);
    curl_multi_setopt(r->multi, CURLMOPT_TIMERDATA, r);
    if (curl_multi_add_handle(r->multi, r->easy) != CURLM_OK) {
        snprintf(why, whylen, "libcurl could not add the request");
        return false;
    }
    return true;
}

static void http_copy_spec(http_request *r, const http_request_spec *spec)
{
    r->url = jv_xstrdup(spec->url ? spec->url : "");
    r->method = jv_xstrdup(spec->method && *spec->method ? spec->method : "GET");
    if (spec->body) {
        r->body = jv_xmalloc(spec->body_len + 1);
        memcpy(r->body, spec->body, spec->body_len);
        r->body[spec->body_len] = '\0';
        r->body_len = spec->body_len;
    }
    const char *user = spec->aws_sigv4 ? spec->aws_key_id : spec->basic_user;
    const char *pass = spec->aws_sigv4 ? spec->aws_secret : spec->basic_password;
    if (spec->aws_sigv4)
        r->sigv4 = jv_xstrdup(spec->aws_sigv4);
    if (spec->aws_sigv4 || user) {
        user = user ? user : "";
        pass = pass ? pass : "";
        size_t n = strlen(user) + strlen(pass) + 2;
        r->userpwd = jv_xmalloc(n);
        snprintf(r->userpwd, n, "%s:%s", user, pass);
    }
    r->header_list = http_header_list(spec);
}

static bool http_url_scheme_ok(const char *url)
{
    return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

http_request *http_request_start(const http_request_spec *spec)
{
    http_request *r = jv_xcalloc(1, sizeof *r);
    r->start_ms = timeutil_monotonic_ms();
    r->timer_at = -1;
    int64_t total = spec->total_timeout_ms > 0 ? spec->total_timeout_ms
                                               : HTTP_DEFAULT_TOTAL_TIMEOUT_MS;
    /* curl enforces the timeout; this is the backstop if it ever did not */
    r->hard_deadline = r->start_ms + total + 1000;
    strbuf_init(&r->resp.body, spec->max_response ? spec->max_response
                                                  : HTTP_DEFAULT_MAX_RESPONSE);
    http_copy_spec(r, spec);
    char why[256] = "";
    if (!http_url_scheme_ok(r->url)) {
        http_finish(r, HTTP_FAIL_BAD_URL, "the URL must start with http:// or https://");
        return r;
    }
    r->easy = http_global_ok ? curl_easy_init() : NULL;
    if (!r->easy) {
        http_finish(r, HTTP_FAIL_OTHER, "libcurl is not available");
        return r;
    }
    if (!http_setup_easy(r, spec, why, sizeof why) || !http_setup_multi(r, why, sizeof why)) {
        http_finish(r, HTTP_FAIL_OTHER, why);
        return r;
    }
    int running;
    curl_multi_socket_action(r->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    http_check_done(r);
    return r;
}

/* ---- driving it ---- */

size_t http_request_fds(const http_request *r, task_wait_fd *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; !r->done && i < r->nsockets && n < max; i++) {
        short ev = 0;
        if (r->sockets[i].what & CURL_POLL_IN)
            ev |= POLLIN;
        if (r->sockets[i].what & CURL_POLL_OUT)
            ev |= POLLOUT;
        out[n++] = (task_wait_fd){(int)r->sockets[i].fd, ev};
    }
    return n;
}

int64_t http_request_deadline(const http_request *r)
{
    if (r->done)
        return timeutil_monotonic_ms();
    int64_t d = r->hard_deadline;
    if (r->timer_at >= 0 && r->timer_at < d)
        d = r->timer_at;
    if (r->socket_overflow) {   /* sockets we do not watch: look often */
        int64_t soon = timeutil_monotonic_ms() + 20;
        if (soon < d)
            d = soon;
    }
    return d;
}

bool http_request_progress(http_request *r)
{
    if (r->done)
        return true;
    int running;
    /* each socket: curl checks itself what is ready (ev_bitmask 0), never blocking */
    http_socket now[HTTP_MAX_SOCKETS];
    size_t n = r->nsockets;
    memcpy(now, r->sockets, n * sizeof now[0]);
    for (size_t i = 0; i < n && !r->done; i++) {
        curl_multi_socket_action(r->multi, now[i].fd, 0, &running);
        http_check_done(r);
    }
    int64_t t = timeutil_monotonic_ms();
    if (!r->done && (r->socket_overflow || (r->timer_at >= 0 && t >= r->timer_at))) {
        r->timer_at = -1;
        curl_multi_socket_action(r->multi, CURL_SOCKET_TIMEOUT, 0, &running);
        http_check_done(r);
    }
    if (!r->done && timeutil_monotonic_ms() >= r->hard_deadline)
        http_finish(r, HTTP_FAIL_TIMEOUT, "no answer within the request's timeout");
    return r->done;
}

const http_response *http_request_response(const http_request *r)
{
    return &r->resp;
}

void http_request_cancel(http_request *r)
{
    http_finish(r, HTTP_FAIL_CANCELLED, "cancelled");
}

void http_request_free(http_request *r)
{
    if (!r)
        return;
    if (r->multi && r->easy && !r->done)
        curl_multi_remove_handle(r->multi, r->easy);
    if (r->easy)
        curl_easy_cleanup(r->easy);
    if (r->multi)
        curl_multi_cleanup(r->multi);
    curl_slist_free_all(r->header_list);
    if (r->userpwd) {   /* the secret does not linger in freed memory */
        memset(r->userpwd, 0, strlen(r->userpwd));
        free(r->userpwd);
    }
    free(r->url);
    free(r->method);
    free(r->body);
    free(r->sigv4);
    http_headers_clear(&r->resp);
    strbuf_cleanup(&r->resp.body);
    free(r);
}

http_request *http_request_run(const http_request_spec *spec)
{
    http_request *r = http_request_start(spec);
    while (!http_request_progress(r)) {
        task_wait_fd fds[HTTP_MAX_SOCKETS];
        struct pollfd pfd[HTTP_MAX_SOCKETS];
        size_t n = http_request_fds(r, fds, HTTP_MAX_SOCKETS);
        for (size_t i = 0; i < n; i++)
            pfd[i] = (struct pollfd){fds[i].fd, fds[i].events, 0};
        int64_t ms = http_request_deadline(r) - timeutil_monotonic_ms();
        if (ms < 0)
            ms = 0;
        if (ms > 1000)
            ms = 1000;
        while (poll(pfd, (nfds_t)n, (int)ms) < 0 && errno == EINTR)
            ;
    }
    return r;
}

const char *http_response_header(const http_response *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (!strcasecmp(resp->headers[i].name, name))
            return resp->headers[i].value;
    return NULL;
}
