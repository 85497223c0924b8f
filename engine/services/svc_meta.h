/*
 * svc_meta — the SdkHttpMetadata and SdkResponseMetadata members the optimized
 * integrations' results carry, as AWS's SDK (v1) fills them, built so that answers share
 * what they have in common.
 *
 * Most of those members are the same in every answer of a service (the header names,
 * "keep-alive", the Content-Type, the status 200); the Date changes once per second of the
 * virtual clock and the request id with every answer. A memo (svc_meta) keeps the last
 * answer's members for each of a few header shapes; the next answer of the same shape
 * starts from them and replaces only the values that differ (copy on write: jv values are
 * immutable, so sharing is invisible to every reader). The shapes and values are exactly
 * those a fresh build gives: the memo changes the cost, never the result.
 *
 * A memo belongs to one store (the resolver's user), so to the thread that owns the store.
 */
#ifndef SFDBG_SERVICES_SVC_META_H
#define SFDBG_SERVICES_SVC_META_H

#include <stdint.h>

#include "jv.h"
#include "services/svc_common.h"

typedef struct svc_meta svc_meta;

svc_meta *svc_meta_new(void);
void svc_meta_free(svc_meta *m);   /* NULL-safe */

/* result with SdkHttpMetadata and SdkResponseMetadata added (result consumed), sharing
 * members with memo's earlier answers; memo NULL: built afresh. */
jv *svc_with_metadata(jv *result, const svc_http *h, int64_t now_ms, svc_meta *memo);

#endif
