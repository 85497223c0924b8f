/*
 * connections — the EventBridge connections an HTTP task names in
 * Authentication.ConnectionArn (or InvocationConfig.ConnectionArn), read from
 * `--connections FILE` (docs/tasks.md, "Connections"):
 *
 *   {"NAME": {"Authorization": "ApiKey", "ApiKeyName": "x-api-key", "ApiKeyValue": "..."},
 *    "NAME": {"Authorization": "Basic", "Username": "...", "Password": "..."},
 *    "NAME": {"Authorization": "OAuth", "AuthorizationEndpoint": "https://.../token",
 *             "ClientId": "...", "ClientSecret": "...", "HttpMethod": "POST"},
 *    ... each may add "Headers": {"k": "v"} and "QueryParameters": {"k": "v"}}
 *
 * NAME is the connection's name (arn:aws:events:REGION:ACCOUNT:connection/NAME/ID) or the
 * whole ARN. Everything is checked when the file is read, and a problem names the entry and
 * the field. The values are secrets: this module never prints them, and nothing that uses
 * it may (messages name the connection, never its contents).
 */
#ifndef SFDBG_CONNECTIONS_H
#define SFDBG_CONNECTIONS_H

#include <stddef.h>

#include "jv.h"

typedef enum {
    CONN_API_KEY,
    CONN_BASIC,
    CONN_OAUTH
} conn_auth;

typedef struct {
    const char *name;            /* the entry's key */
    conn_auth auth;
    /* ApiKey: key = ApiKeyName, secret = ApiKeyValue; Basic: key = Username, secret =
     * Password; OAuth: key = ClientId, secret = ClientSecret */
    const char *key, *secret;
    const char *token_url;       /* OAuth: AuthorizationEndpoint */
    const char *token_method;    /* OAuth: HttpMethod (default POST) */
    const jv *headers;           /* object of strings, or NULL */
    const jv *query;             /* object of strings, or NULL */
} connection;

typedef struct connections connections;

/* map is borrowed (a reference is kept). NULL with err naming the entry and field. */
connections *connections_new(const jv *map, char *err, size_t errlen);
void connections_free(connections *c);

/* The connection an ARN names (by its name part, or the whole ARN), or NULL. Borrowed. */
const connection *connections_find(const connections *c, const char *arn);

#endif
