/*
 * ddb_store — the embedded DynamoDB's tables: each with its key schema (a HASH key and
 * an optional RANGE key) and its items, all held in one immutable jv value, so a snapshot
 * (ddb_store_snapshot) is one reference and restoring it is as cheap: step back can keep
 * one per visit. Items are keyed by the canonical text of their key (numbers by value).
 *
 * The state file's "dynamodb" section (DESIGN §3.1):
 *   {"TABLE": {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
 *                            {"AttributeName": "sk", "KeyType": "RANGE"}],
 *              "Items": [{"pk": {"S": "u-1"}, ...}, ...]}}
 */
#ifndef SFDBG_SERVICES_DDB_STORE_H
#define SFDBG_SERVICES_DDB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"

typedef struct ddb_store ddb_store;

struct svc_meta;

ddb_store *ddb_store_new(void);
void ddb_store_free(ddb_store *s);   /* NULL-safe */
/* The memo through which the answers share their SdkHttpMetadata (services/svc_meta.h): no
 * part of the tables, never saved nor snapshotted. */
struct svc_meta *ddb_store_meta(ddb_store *s);
/* Loads the section (tables replace any of the same name); false with a message naming the
 * table, the item and what is wrong. */
bool ddb_store_load(ddb_store *s, const jv *section, char *err, size_t n);
/* The section as the state file holds it (owned). */
jv *ddb_store_save(const ddb_store *s);

/* The whole contents (owned; shares everything) and back. */
jv *ddb_store_snapshot(const ddb_store *s);
void ddb_store_restore(ddb_store *s, const jv *snapshot);

/* The table's key attributes (range NULL when it has none); false when no such table. */
bool ddb_store_table(const ddb_store *s, const char *table, const char **hash,
                     const char **range);
/* Checks that key (or an item's key attributes, when item is true) matches the table's
 * schema, and writes its canonical text into buf; false with DynamoDB's message. */
bool ddb_store_key(const ddb_store *s, const char *table, const jv *key, bool item, char *buf,
                   size_t n, char *err, size_t errlen);
/* The item under a canonical key, or NULL (borrowed). */
const jv *ddb_store_get(const ddb_store *s, const char *table, const char *key);
/* Puts a checked item, its numbers as DynamoDB keeps them (ddb_item_normalized). */
void ddb_store_put(ddb_store *s, const char *table, const char *key, const jv *item);
void ddb_store_delete(ddb_store *s, const char *table, const char *key);
/* The table's items: an object of canonical key -> item, in insertion order (borrowed). */
const jv *ddb_store_items(const ddb_store *s, const char *table);

/* transactWriteItems' ClientRequestToken: a token is remembered with its request's text
 * for 10 minutes (of the virtual clock) after the request that used it succeeded; a
 * request with a remembered token is a repeat (same text) or a mismatch. Tokens are not
 * saved with the tables, nor part of a snapshot (they last 10 minutes). */
typedef enum { DDB_TOKEN_NEW, DDB_TOKEN_REPEAT, DDB_TOKEN_MISMATCH } ddb_token_seen;
ddb_token_seen ddb_store_token(const ddb_store *s, const char *token, const char *request,
                               int64_t now_ms);
void ddb_store_token_keep(ddb_store *s, const char *token, const char *request, int64_t now_ms);

#endif
