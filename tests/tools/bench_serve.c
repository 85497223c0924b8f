/*
 * bench_serve — `sfdbg serve` under load, for `make bench` (the figures) and
 * tests/cli/serve_load.t (smaller counts, every check asserted): a C client over raw
 * sockets (HTTP/1.1 keep-alive, one connection per client thread) so that the client is
 * not the bottleneck.
 *
 *  1. N StartSyncExecution calls of a 5-state Pass workflow from C concurrent clients:
 *     executions/s, p50 and p99 latency; every answer SUCCEEDED with the right output.
 *  2. W STANDARD executions waiting for task tokens at once: the server's resident memory,
 *     then every token (read from GetExecutionHistory) answered in random order, and
 *     ListExecutions shows exactly W, all SUCCEEDED (none lost, none twice).
 *  3. Faults: clients that send half a request and go away, bodies that are not JSON,
 *     bodies over --max-body (413), a connection closed before reading its answer; the
 *     server still answers, and stops with status 0.
 *
 * Usage: bench_serve [--sync N] [--clients C] [--waiting W] [--max-sync-p99-ms MS]
 *                    [--max-rss-mib MIB]; SFDBG names the program (default ./sfdbg).
 * Exit status 1 when a check fails (the targets only when asked with --max-*).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_clock.h"
#include "jv_text.h"
#include "rng.h"

#define BS_SM "arn:aws:states:us-east-1:123456789012:stateMachine:"
#define BS_EX "arn:aws:states:us-east-1:123456789012:execution:"
#define BS_MAX_ANSWER (4 << 20)

static int bs_port;
static int bs_failures;

static void bs_check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    if (!ok)
        bs_failures++;
}

/* ---- one HTTP/1.1 connection ---- */

typedef struct {
    int fd;
    char *buf;             /* what was read and not yet used */
    size_t len;
} bs_conn;

static int bs_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)bs_port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("bench_serve: connect");
        exit(2);
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void bs_open(bs_conn *c)
{
    c->fd = bs_connect();
    c->buf = malloc(BS_MAX_ANSWER);
    c->len = 0;
}

static void bs_close(bs_conn *c)
{
    close(c->fd);
    free(c->buf);
}

/* The first occurrence of needle in the n bytes at hay, or NULL (memmem is GNU's). */
static char *bs_find(char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(hay + i, needle, k))
            return hay + i;
    return NULL;
}

static int bs_send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* One request; the status, and the body (NUL-terminated, valid until the next call) in
 * *body; -1 when the connection failed. */
static int bs_call(bs_conn *c, const char *op, const char *json, const char **body)
{
    char head[512];
    size_t n = strlen(json);
    int hl = snprintf(head, sizeof head, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/x-amz-json-1.0\r\n"
                      "X-Amz-Target: AWSStepFunctions.%s\r\nContent-Length: %zu\r\n\r\n", op, n);
    if (bs_send_all(c->fd, head, (size_t)hl) || bs_send_all(c->fd, json, n))
        return -1;
    c->len = 0;
    char *end = NULL;
    size_t need = 0;
    for (;;) {
        if (!end && (end = bs_find(c->buf, c->len, "\r\n\r\n"))) {
            char *cl = bs_find(c->buf, (size_t)(end - c->buf), "Content-Length: ");
            if (!cl)
                cl = bs_find(c->buf, (size_t)(end - c->buf), "content-length: ");
            need = (size_t)(end - c->buf) + 4 + (cl ? strtoul(cl + 16, NULL, 10) : 0);
        }
        if (end && c->len >= need)
            break;
        if (c->len >= BS_MAX_ANSWER - 1)
            return -1;
        ssize_t k = recv(c->fd, c->buf + c->len, BS_MAX_ANSWER - 1 - c->len, 0);
        if (k <= 0)
            return -1;
        c->len += (size_t)k;
    }
    c->buf[need] = '\0';
    *body = end + 4;
    return (int)strtol(c->buf + 9, NULL, 10);
}

/* A call that must answer 200; exits the program otherwise (the server is broken). */
static const char *bs_ok(bs_conn *c, const char *op, const char *json)
{
    const char *body;
    int status = bs_call(c, op, json, &body);
    if (status != 200) {
        fprintf(stderr, "bench_serve: %s answered %d: %.300s\n", op, status,
                status > 0 ? body : "(no answer)");
        exit(1);
    }
    return body;
}

/* ---- the server ---- */

static pid_t bs_start_server(void)
{
    int p[2];
    if (pipe(p) != 0)
        exit(2);
    const char *prog = getenv("SFDBG") ? getenv("SFDBG") : "./sfdbg";
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        execl(prog, prog, "serve", "--port", "0", "--max-body", "65536", "--max-connections",
              "64", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    FILE *f = fdopen(p[0], "r");
    char line[512];
    while (fgets(line, sizeof line, f)) {
        const char *at = strstr(line, "listening on http://127.0.0.1:");
        if (at) {
            bs_port = atoi(at + strlen("listening on http://127.0.0.1:"));
            break;
        }
    }
    if (!bs_port) {
        fprintf(stderr, "bench_serve: %s serve did not start\n", prog);
        exit(2);
    }
    /* the server's stderr goes on into this pipe, read by nobody: it writes only warnings
     * at the default log level */
    return pid;
}

static long bs_rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

/* ---- 1. StartSyncExecution ---- */

typedef struct {
    long calls;
    double *ms;            /* each call's latency */
    long bad;
} bs_sync_job;

static void *bs_sync_client(void *arg)
{
    bs_sync_job *j = arg;
    bs_conn c;
    bs_open(&c);
    for (long i = 0; i < j->calls; i++) {
        const char *body;
        double t0 = bench_now_ms();
        int status = bs_call(&c, "StartSyncExecution", "{\"stateMachineArn\": \"" BS_SM
                             "Five\", \"input\": \"{\\\"n\\\": 1}\"}", &body);
        j->ms[i] = bench_now_ms() - t0;
        if (status != 200 || !strstr(body, "\"status\":\"SUCCEEDED\"") ||
            !strstr(body, "\\\"e\\\":5"))
            j->bad++;
    }
    bs_close(&c);
    return NULL;
}

static int bs_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void bs_sync_phase(long n, int clients, double max_p99)
{
    bs_conn c;
    bs_open(&c);
    /* a -> b -> c -> d -> e, each a Pass with a Result: the output is {"e": 5} */
    char def[1024] = "";
    static const char *const names[] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++)
        snprintf(def + strlen(def), sizeof def - strlen(def), "%s\\\"%s\\\": {\\\"Type\\\": "
                 "\\\"Pass\\\", \\\"Result\\\": {\\\"%s\\\": %d}, \\\"%s\\\": %s%s%s}",
                 i ? ", " : "", names[i], names[i], i + 1, i < 4 ? "Next" : "End",
                 i < 4 ? "\\\"" : "", i < 4 ? names[i + 1] : "true", i < 4 ? "\\\"" : "");
    char req[2048];
    snprintf(req, sizeof req, "{\"name\": \"Five\", \"type\": \"EXPRESS\", \"roleArn\": "
             "\"arn:aws:iam::123456789012:role/r\", \"definition\": \"{\\\"StartAt\\\": "
             "\\\"a\\\", \\\"States\\\": {%s}}\"}", def);
    bs_ok(&c, "CreateStateMachine", req);
    bs_close(&c);

    bs_sync_job *jobs = calloc((size_t)clients, sizeof *jobs);
    pthread_t *th = calloc((size_t)clients, sizeof *th);
    double t0 = bench_now();
    for (int i = 0; i < clients; i++) {
        jobs[i].calls = n / clients + (i < n % clients);
        jobs[i].ms = calloc((size_t)jobs[i].calls + 1, sizeof(double));
        pthread_create(&th[i], NULL, bs_sync_client, &jobs[i]);
    }
    for (int i = 0; i < clients; i++)
        pthread_join(th[i], NULL);
    double secs = bench_now() - t0;
    double *all = calloc((size_t)n, sizeof *all);
    long k = 0, bad = 0;
    for (int i = 0; i < clients; i++) {
        memcpy(all + k, jobs[i].ms, (size_t)jobs[i].calls * sizeof *all);
        k += jobs[i].calls;
        bad += jobs[i].bad;
        free(jobs[i].ms);
    }
    qsort(all, (size_t)n, sizeof *all, bs_cmp_double);
    double p50 = all[n / 2], p99 = all[(n * 99) / 100];
    printf("# StartSyncExecution, 5 Pass states: %ld calls from %d clients in %.2f s: "
           "%.0f executions/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", n, clients, secs,
           (double)n / secs, p50, p99, all[n - 1]);
    char what[160];
    snprintf(what, sizeof what, "%ld StartSyncExecution calls, every one SUCCEEDED with its "
             "output (%ld wrong)", n, bad);
    bs_check(bad == 0, what);
    if (max_p99 > 0) {
        snprintf(what, sizeof what, "p99 %.2f ms under %.1f ms", p99, max_p99);
        bs_check(p99 < max_p99, what);
    }
    free(all);
    free(jobs);
    free(th);
}

/* ---- 2. executions waiting for their tokens ---- */

/* The token in the execution's TaskScheduled parameters (Payload.MessageBody), or NULL (malloc'd). */
static char *bs_token_of(bs_conn *c, long i)
{
    char req[256];
    snprintf(req, sizeof req, "{\"executionArn\": \"" BS_EX "Wait:w%ld\"}", i);
    jv_parse_error err;
    jv *h = jv_parse_cstr(bs_ok(c, "GetExecutionHistory", req), &err);
    char *token = NULL;
    const jv *events = h ? jv_object_get(h, "events") : NULL;
    for (size_t k = 0; events && k < jv_array_length(events) && !token; k++) {
        const jv *d = jv_object_get(jv_array_get(events, k), "taskScheduledEventDetails");
        jv *p = d ? jv_parse_cstr(jv_string_value(jv_object_get(d, "parameters")), &err) : NULL;
        const jv *pl = p ? jv_object_get(p, "Payload") : NULL;
        const jv *t = pl ? jv_object_get(pl, "MessageBody") : NULL;
        if (t && jv_is_string(t))
            token = strdup(jv_string_value(t));
        jv_unref(p);
    }
    jv_unref(h);
    return token;
}

/* SUCCEEDED executions ListExecutions shows, every page; -1 when a name came twice. */
static long bs_count_succeeded(bs_conn *c, long w)
{
    char *seen = calloc((size_t)w, 1);
    char token[1200] = "";
    long n = 0;
    do {
        char req[1500];
        snprintf(req, sizeof req, "{\"stateMachineArn\": \"" BS_SM "Wait\", \"statusFilter\": "
                 "\"SUCCEEDED\", \"maxResults\": 1000%s%s%s}", *token ? ", \"nextToken\": \"" : "",
                 token, *token ? "\"" : "");
        jv_parse_error err;
        jv *page = jv_parse_cstr(bs_ok(c, "ListExecutions", req), &err);
        const jv *list = page ? jv_object_get(page, "executions") : NULL;
        for (size_t k = 0; list && k < jv_array_length(list); k++) {
            long i = atol(jv_string_value(jv_object_get(jv_array_get(list, k), "name")) + 1);
            if (i < 0 || i >= w || seen[i]++)
                n = -1 - w; /* out of range or twice: never counts up to w */
            n++;
        }
        const jv *next = page ? jv_object_get(page, "nextToken") : NULL;
        snprintf(token, sizeof token, "%s", next ? jv_string_value(next) : "");
        jv_unref(page);
    } while (*token);
    free(seen);
    return n;
}

static void bs_waiting_phase(pid_t server, long w, long max_rss_mib)
{
    bs_conn c;
    bs_open(&c);
    bs_ok(&c, "CreateStateMachine", "{\"name\": \"Wait\", \"roleArn\": \"arn:aws:iam::"
          "123456789012:role/r\", \"definition\": \"{\\\"StartAt\\\": \\\"T\\\", \\\"States\\\": "
          "{\\\"T\\\": {\\\"Type\\\": \\\"Task\\\", \\\"Resource\\\": \\\"arn:aws:states:::lambda:"
          "invoke.waitForTaskToken\\\", \\\"Parameters\\\": {\\\"FunctionName\\\": "
          "\\\"worker\\\", \\\"Payload\\\": {\\\"MessageBody.$\\\": \\\"$$.Task.Token\\\"}}, \\\"End\\\": true}}}\"}");
    long before = bs_rss_kib(server);
    double t0 = bench_now();
    for (long i = 0; i < w; i++) {
        char req[256];
        snprintf(req, sizeof req, "{\"stateMachineArn\": \"" BS_SM "Wait\", \"name\": \"w%ld\", "
                 "\"input\": \"{\\\"i\\\": %ld}\"}", i, i);
        bs_ok(&c, "StartExecution", req);
    }
    char **tokens = calloc((size_t)w, sizeof *tokens);
    long missing = 0;
    for (long i = 0; i < w; i++) { /* the driver schedules the tasks a little later */
        for (int tries = 0; tries < 500 && !(tokens[i] = bs_token_of(&c, i)); tries++)
            usleep(2000);
        missing += !tokens[i];
    }
    long rss = bs_rss_kib(server);
    printf("# %ld executions waiting for their tokens (started in %.2f s): server RSS %.1f MiB "
           "(%.1f MiB before)\n", w, bench_now() - t0, (double)rss / 1024, (double)before / 1024);
    char what[160];
    snprintf(what, sizeof what, "%ld executions wait, each with its token in TaskScheduled "
             "(%ld missing)", w, missing);
    bs_check(missing == 0, what);
    if (max_rss_mib > 0) {
        snprintf(what, sizeof what, "with %ld waiting the server's RSS %.1f MiB is under %ld MiB",
                 w, (double)rss / 1024, max_rss_mib);
        bs_check(rss >= 0 && rss < max_rss_mib * 1024, what);
    }
    long *order = calloc((size_t)w, sizeof *order);
    rng r;
    rng_seed(&r, 42);
    for (long i = 0; i < w; i++)
        order[i] = i;
    for (long i = w - 1; i > 0; i--) {
        long j = (long)rng_below(&r, (uint64_t)i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    t0 = bench_now();
    for (long k = 0; k < w; k++) {
        long i = order[k];
        if (!tokens[i])
            continue;
        char req[1024];
        snprintf(req, sizeof req, "{\"taskToken\": \"%s\", \"output\": \"{\\\"i\\\": %ld}\"}",
                 tokens[i], i);
        bs_ok(&c, "SendTaskSuccess", req);
        free(tokens[i]);
    }
    double answered = bench_now() - t0;
    long succeeded = 0;
    for (int tries = 0; tries < 200 && (succeeded = bs_count_succeeded(&c, w)) < w; tries++)
        usleep(10000);
    printf("# %ld tokens answered in random order in %.2f s\n", w, answered);
    snprintf(what, sizeof what, "every token answered in random order: ListExecutions shows "
             "%ld SUCCEEDED of %ld, none twice", succeeded, w);
    bs_check(succeeded == w, what);
    free(tokens);
    free(order);
    bs_close(&c);
}

/* ---- 3. faults ---- */

static void bs_fault_phase(void)
{
    for (int i = 0; i < 20; i++) { /* half a request, then gone */
        int fd = bs_connect();
        const char *half = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions."
                           "ListStateMachines\r\nContent-Length: 1000\r\n\r\n{\"maxRe";
        bs_send_all(fd, half, strlen(half));
        close(fd);
    }
    for (int i = 0; i < 20; i++) { /* a whole request, closed before its answer */
        int fd = bs_connect();
        const char *body = "{\"stateMachineArn\": \"" BS_SM "Five\"}";
        char req[512];
        int len = snprintf(req, sizeof req, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                           "AWSStepFunctions.StartSyncExecution\r\nContent-Length: %zu\r\n\r\n%s",
                           strlen(body), body);
        bs_send_all(fd, req, (size_t)len);
        close(fd);
    }
    bs_conn c;
    bs_open(&c);
    const char *body;
    int st = bs_call(&c, "ListStateMachines", "{\"maxResults\": ", &body);
    bs_check(st == 400 && strstr(body, "SerializationException"), "a body that is not JSON: 400 "
             "SerializationException");
    st = bs_call(&c, "StartExecution", "\x01\x02\xff garbage", &body);
    bs_check(st == 400, "a binary body: 400");
    bs_close(&c);
    bs_open(&c);
    char *big = malloc(70001);
    memset(big, 'a', 70000);
    big[70000] = '\0';
    st = bs_call(&c, "ListStateMachines", big, &body);
    bs_check(st == 413 && strstr(body, "RequestEntityTooLargeException"),
             "a body over --max-body: 413 RequestEntityTooLargeException");
    free(big);
    bs_close(&c);
    bs_open(&c);
    st = bs_call(&c, "ListStateMachines", "{}", &body);
    bs_check(st == 200 && strstr(body, "Five"), "after all that the server still answers");
    bs_close(&c);
}

int main(int argc, char **argv)
{
    long n = 10000, w = 1000, max_rss = 0;
    int clients = 8;
    double max_p99 = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--sync"))
            n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--clients"))
            clients = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--waiting"))
            w = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-sync-p99-ms"))
            max_p99 = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-rss-mib"))
            max_rss = atol(argv[i + 1]);
    }
    if (n < clients || clients < 1 || clients > 64 || w < 1) {
        fprintf(stderr, "bench_serve: --sync N >= --clients C (1..64), --waiting W >= 1\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    pid_t server = bs_start_server();
    bs_sync_phase(n, clients, max_p99);
    bs_waiting_phase(server, w, max_rss);
    bs_fault_phase();
    kill(server, SIGTERM);
    int status = 0;
    waitpid(server, &status, 0);
    bs_check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the server stops with status 0");
    return bs_failures ? 1 : 0;
}
