/*
 * s3_attrs — what S3 keeps of a putObject's parameters besides the body, checked as S3 and
 * the SDK check them, as the object's attributes (objstore.h, objstore_attrs):
 * CacheControl, ContentDisposition, ContentEncoding, ContentLanguage, ContentType (strings,
 * given back as sent), Expires (an instant as Step Functions takes timestamps, kept as epoch
 * ms), Metadata (user-defined metadata: names lower-cased as S3 returns its x-amz-meta-*
 * headers, at most S3_ATTRS_METADATA_MAX bytes of names and values, S3's 2 KB),
 * StorageClass (one of S3's classes; STANDARD, the default, is not kept, as S3 does not
 * return it) and Tagging (a query string "k=v&k2=v2", kept as TagCount, at most 10 tags).
 * The result owns nothing it borrows; the returned value is owned by the caller.
 */
#ifndef SFDBG_SERVICES_S3_ATTRS_H
#define SFDBG_SERVICES_S3_ATTRS_H

#include <stdbool.h>

#include "jv.h"

/* S3: "the user-defined metadata is limited to 2 KB in size", the bytes of each name and
 * value summed. */
#define S3_ATTRS_METADATA_MAX 2048
/* S3: the PUT request header is limited to 8 KB: every attribute's bytes together. */
#define S3_ATTRS_HEADERS_MAX 8192
/* S3: an object has at most 10 tags. */
#define S3_ATTRS_TAGS_MAX 10

typedef struct {
    bool sdk;            /* the SDK refuses it before sending (S3.SdkClientException); else S3
                          * answers 400 (S3.S3Exception) */
    char message[256];   /* the cause, naming the parameter */
} s3_attrs_error;

/* The attributes a putObject's input (an object, or anything: then none) gives its object:
 * an object, {} when none; NULL with err filled when a parameter is refused. */
jv *s3_attrs_from_put(const jv *input, s3_attrs_error *err);

#endif
