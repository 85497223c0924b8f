/* connections — the --connections file. See connections.h. */
#include "connections.h"

#include <stdio.h>
#include <string.h>

#define CONNECTIONS_MAX 256
#define CONNECTIONS_MAX_PAIRS 32   /* Headers, QueryParameters */

struct connections {
    jv *map;
    connection list[CONNECTIONS_MAX];
    size_t count;
};

/* A required non-empty string field, or NULL after writing err. */
static const char *conn_string(const jv *entry, const char *name, const char *field,
                               char *err, size_t errlen)
{
    const jv *v = jv_object_get(entry, field);
    if (v && jv_is_string(v) && jv_string_length(v))
        return jv_string_value(v);
    snprintf(err, errlen, "connection \"%s\": \"%s\" must be a non-empty string", name, field);
    return NULL;
}

/* An optional {"k": "v"} field: true when absent or well formed. */
static bool conn_pairs(const jv *entry, const char *name, const char *field, const jv **out,
                       char *err, size_t errlen)
{
    const jv *v = jv_object_get(entry, field);
    *out = v;
    if (!v)
        return true;
    bool ok = jv_is_object(v) && jv_object_size(v) <= CONNECTIONS_MAX_PAIRS;
    for (size_t i = 0; ok && i < jv_object_size(v); i++)
        ok = jv_is_string(jv_object_value_at(v, i)) &&
             !strpbrk(jv_string_value(jv_object_value_at(v, i)), "\r\n") &&
             !strpbrk(jv_string_value(jv_object_key_at(v, i)), ":\r\n ");
    if (!ok)
        snprintf(err, errlen, "connection \"%s\": \"%s\" must be an object of at most %d "
                 "one-line strings", name, field, CONNECTIONS_MAX_PAIRS);
    return ok;
}

static bool conn_auth_fields(connection *c, const jv *entry, char *err, size_t errlen)
{
    const char *kind = conn_string(entry, c->name, "Authorization", err, errlen);
    if (!kind)
        return false;
    if (!strcmp(kind, "ApiKey")) {
        c->auth = CONN_API_KEY;
        c->key = conn_string(entry, c->name, "ApiKeyName", err, errlen);
        c->secret = c->key ? conn_string(entry, c->name, "ApiKeyValue", err, errlen) : NULL;
    } else if (!strcmp(kind, "Basic")) {
        c->auth = CONN_BASIC;
        c->key = conn_string(entry, c->name, "Username", err, errlen);
        c->secret = c->key ? conn_string(entry, c->name, "Password", err, errlen) : NULL;
    } else if (!strcmp(kind, "OAuth")) {
        c->auth = CONN_OAUTH;
        c->token_url = conn_string(entry, c->name, "AuthorizationEndpoint", err, errlen);
        c->key = c->token_url ? conn_string(entry, c->name, "ClientId", err, errlen) : NULL;
        c->secret = c->key ? conn_string(entry, c->name, "ClientSecret", err, errlen) : NULL;
        const jv *m = jv_object_get(entry, "HttpMethod");
        c->token_method = m && jv_is_string(m) ? jv_string_value(m) : "POST";
        if (c->secret && strcmp(c->token_method, "POST") && strcmp(c->token_method, "GET") &&
            strcmp(c->token_method, "PUT")) {
            snprintf(err, errlen, "connection \"%s\": \"HttpMethod\" must be GET, POST or PUT",
                     c->name);
            return false;
        }
    } else {
        snprintf(err, errlen, "connection \"%s\": \"Authorization\" must be \"ApiKey\", "
                 "\"Basic\" or \"OAuth\"", c->name);
        return false;
    }
    return c->secret != NULL;
}

static bool conn_entry(connection *c, const char *name, const jv *entry, char *err,
                       size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    if (!jv_is_object(entry)) {
        snprintf(err, errlen, "connection \"%s\": must be an object with \"Authorization\"",
                 name);
        return false;
    }
    return conn_auth_fields(c, entry, err, errlen) &&
           conn_pairs(entry, name, "Headers", &c->headers, err, errlen) &&
           conn_pairs(entry, name, "QueryParameters", &c->query, err, errlen);
}

connections *connections_new(const jv *map, char *err, size_t errlen)
{
    if (!jv_is_object(map)) {
        snprintf(err, errlen, "a connections file is an object {\"NAME\": {\"Authorization\": "
                 "\"ApiKey|Basic|OAuth\", ...}}");
        return NULL;
    }
    if (jv_object_size(map) > CONNECTIONS_MAX) {
        snprintf(err, errlen, "more than %d connections", CONNECTIONS_MAX);
        return NULL;
    }
    connections *c = jv_xcalloc(1, sizeof *c);
    c->map = jv_ref(map);
    for (size_t i = 0; i < jv_object_size(map); i++) {
        if (!conn_entry(&c->list[i], jv_string_value(jv_object_key_at(map, i)),
                        jv_object_value_at(map, i), err, errlen)) {
            connections_free(c);
            return NULL;
        }
        c->count++;
    }
    return c;
}

void connections_free(connections *c)
{
    if (!c)
        return;
    jv_unref(c->map);
    engine_free(c);
}

/* "arn:aws:events:r:a:connection/NAME/ID" -> NAME (pointer and length into arn). */
static const char *conn_arn_name(const char *arn, size_t *len)
{
    const char *p = strstr(arn, ":connection/");
    if (!p)
        return NULL;
    p += strlen(":connection/");
    *len = strcspn(p, "/");
    return p;
}

const connection *connections_find(const connections *c, const char *arn)
{
    if (!c || !arn)
        return NULL;
    size_t len = 0;
    const char *name = conn_arn_name(arn, &len);
    for (size_t i = 0; i < c->count; i++)
        if (!strcmp(c->list[i].name, arn))
            return &c->list[i];
    for (size_t i = 0; name && i < c->count; i++)
        if (strlen(c->list[i].name) == len && !strncmp(c->list[i].name, name, len))
            return &c->list[i];
    return NULL;
}
