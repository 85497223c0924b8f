/* Unit tests: src/urlencode (the HTTP task's query and form bodies) and src/connections
 * (the --connections file's checks and look-up by ARN). */
#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "src/connections.h"
#include "src/urlencode.h"
#include "tap.h"

static void form_is(const char *json, urlenc_array_format fmt, const char *want)
{
    jv *v = jv_parse_cstr(json, NULL);
    strbuf out;
    strbuf_init(&out, 0);
    char err[128] = "";
    bool ok = urlenc_form(&out, v, fmt, err, sizeof err);
    tap_ok(ok, "%s encodes (%s)", json, err);
    tap_is_str(strbuf_str(&out), want, "%s -> %s", json, want);
    strbuf_cleanup(&out);
    jv_unref(v);
}

static void encoding(void)
{
    form_is("{\"a\":\"x y\",\"b\":1.5,\"c\":true,\"d\":null,\"e\":\"&=?/\"}", URLENC_INDICES,
            "a=x%20y&b=1.5&c=true&e=%26%3D%3F%2F");
    form_is("{\"array\":[\"a\",\"b\"]}", URLENC_INDICES, "array%5B0%5D=a&array%5B1%5D=b");
    form_is("{\"array\":[\"a\",\"b\"]}", URLENC_REPEAT, "array=a&array=b");
    form_is("{\"array\":[\"a\",\"b\"]}", URLENC_COMMAS, "array=a%2Cb");
    form_is("{\"array\":[\"a\",\"b\"]}", URLENC_BRACKETS, "array%5B%5D=a&array%5B%5D=b");
    form_is("{\"o\":{\"p\":{\"q\":\"v\"}},\"n\":[]}", URLENC_INDICES, "o%5Bp%5D%5Bq%5D=v");
    form_is("{\"\\u00e9\":\"\\u20ac\"}", URLENC_INDICES, "%C3%A9=%E2%82%AC");

    jv *arr = jv_parse_cstr("[1]", NULL);
    strbuf out;
    strbuf_init(&out, 0);
    char err[128] = "";
    tap_ok(!urlenc_form(&out, arr, URLENC_INDICES, err, sizeof err) && strstr(err, "object"),
           "an array is refused: %s", err);
    jv_unref(arr);
    char deep[256] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "{\"a\":");
    strcat(deep, "1");
    for (int i = 0; i < 40; i++)
        strcat(deep, "}");
    jv *d = jv_parse_cstr(deep, NULL);
    tap_ok(!urlenc_form(&out, d, URLENC_INDICES, err, sizeof err) && strstr(err, "nested"),
           "40 levels are refused: %s", err);
    jv_unref(d);
    strbuf_cleanup(&out);

    urlenc_array_format f;
    tap_ok(urlenc_array_format_parse("BRACKETS", &f) && f == URLENC_BRACKETS, "BRACKETS");
    tap_ok(!urlenc_array_format_parse("COMMA", &f), "COMMA (no S) is not a format");
}

static void refused(const char *json, const char *want)
{
    jv *v = jv_parse_cstr(json, NULL);
    char err[256] = "";
    connections *c = connections_new(v, err, sizeof err);
    tap_ok(!c && strstr(err, want), "%s is refused: %s", json, err);
    connections_free(c);
    jv_unref(v);
}

static void connection_files(void)
{
    refused("[]", "is an object");
    refused("{\"c\":1}", "connection \"c\": must be an object");
    refused("{\"c\":{\"Authorization\":\"Digest\"}}", "must be \"ApiKey\"");
    refused("{\"c\":{\"Authorization\":\"ApiKey\",\"ApiKeyName\":\"k\"}}", "\"ApiKeyValue\"");
    refused("{\"c\":{\"Authorization\":\"Basic\",\"Username\":\"u\",\"Password\":\"\"}}",
            "\"Password\" must be a non-empty string");
    refused("{\"c\":{\"Authorization\":\"OAuth\",\"AuthorizationEndpoint\":\"http://x\","
            "\"ClientId\":\"i\",\"ClientSecret\":\"s\",\"HttpMethod\":\"DELETE\"}}", "HttpMethod");
    refused("{\"c\":{\"Authorization\":\"Basic\",\"Username\":\"u\",\"Password\":\"p\","
            "\"Headers\":{\"h\":1}}}", "\"Headers\" must be an object of at most 32 one-line strings");
    refused("{\"c\":{\"Authorization\":\"Basic\",\"Username\":\"u\",\"Password\":\"p\","
            "\"Headers\":{\"h\":\"a\\r\\nX: y\"}}}", "\"Headers\" must be an object");

    jv *v = jv_parse_cstr("{\"stripe\":{\"Authorization\":\"ApiKey\",\"ApiKeyName\":\"x-api-key\","
                          "\"ApiKeyValue\":\"sekrit\",\"QueryParameters\":{\"v\":\"2\"}},"
                          "\"arn:aws:events:us-east-1:1:connection/full/9\":{\"Authorization\":"
                          "\"Basic\",\"Username\":\"u\",\"Password\":\"p\"}}", NULL);
    char err[256] = "";
    connections *c = connections_new(v, err, sizeof err);
    tap_ok(c != NULL, "a good file is read (%s)", err);
    const connection *s = connections_find(c, "arn:aws:events:us-east-2:123456789012:"
                                              "connection/stripe/81210c42-8af1");
    tap_ok(s && s->auth == CONN_API_KEY && !strcmp(s->secret, "sekrit") && s->query,
           "found by the name inside the ARN");
    const connection *f = connections_find(c, "arn:aws:events:us-east-1:1:connection/full/9");
    tap_ok(f && f->auth == CONN_BASIC, "found by the whole ARN");
    tap_ok(!connections_find(c, "arn:aws:events:us-east-1:1:connection/other/1"),
           "an unknown connection is not found");
    tap_ok(!connections_find(c, "arn:aws:events:us-east-1:1:connection/strip/1"),
           "a prefix of a name does not match");
    connections_free(c);
    jv_unref(v);
}

int main(void)
{
    encoding();
    connection_files();
    return tap_done();
}
