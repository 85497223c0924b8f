/*
 * objstore — the S3 object store the engine reads and writes through (DESIGN §3.1): the
 * aws-sdk:s3 tasks (services/s3.h), and Map's ItemReader and ResultWriter. The engine does
 * no file I/O, so a store is a small vtable: the engine has one implementation, in memory
 * (below, seeded by the services state file's "s3" section); the program has the folder of
 * --s3-dir (src/s3dir.h).
 *
 * The operations, as S3 has them:
 *  - head: size, ETag (the MD5 of the content, as S3 gives it for a single-part upload)
 *    and LastModified;
 *  - open: a streaming reader (read / close), so that a 1,000,000-line object is never
 *    held whole; objstore_read_all is the convenience "the whole object, up to N bytes";
 *  - put: creates or replaces an object in an existing bucket, with its attributes (what
 *    putObject sent that S3 keeps: ContentType, Metadata, ...; see objstore_attrs); remove
 *    deletes one (a key that is not there is no error, as S3's DeleteObject);
 *  - put_part (optional): the same, the object given in parts, in order, as a multipart
 *    upload: it appears (replacing one of that key) when its last part is in, so a large
 *    object need not be built whole by its writer (Map's ResultWriter);
 *  - list: one ListObjectsV2 page: the keys after start_after that begin with prefix, in
 *    S3's order (UTF-8 binary, i.e. byte order), at most max_keys of them.
 * A bucket the store does not have is NoSuchBucket for every operation, put included: a
 * bucket is never created behind the user's back (docs/services.md).
 *
 * Errors are a status with S3's error code (objstore_status_code: "NoSuchKey", ...) and a
 * message for the user in the caller's objstore_error; services/s3.c turns them into the
 * names a Step Functions execution sees (S3.NoSuchKeyException).
 *
 * Ownership: a store owns its objects; objstore_free releases it. Strings passed in are
 * borrowed. A reader belongs to its caller until objstore_reader_close. A list page owns
 * its entries until objstore_list_page_cleanup. The memory store allocates through
 * engine/alloc.h (the current allocator of each call).
 */
#ifndef SFDBG_OBJSTORE_H
#define SFDBG_OBJSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"

typedef enum {
    OBJSTORE_OK,
    OBJSTORE_NO_SUCH_BUCKET,
    OBJSTORE_NO_SUCH_KEY,
    OBJSTORE_INVALID_KEY,   /* a key the store refuses (empty, too long, unsafe as a path) */
    OBJSTORE_TOO_LARGE,     /* over the store's or the caller's size bound */
    OBJSTORE_IO             /* the store could not read or write (a folder's errno) */
} objstore_status;

/* S3's error code for s: "NoSuchBucket", "NoSuchKey", "KeyTooLongError" (invalid keys),
 * "EntityTooLarge", "InternalError"; NULL for OBJSTORE_OK. */
const char *objstore_status_code(objstore_status s);

#define OBJSTORE_MESSAGE_MAX 512
typedef struct {
    char message[OBJSTORE_MESSAGE_MAX];   /* what went wrong, for the user */
} objstore_error;

/* Sets err's message (printf) and returns s: `return objstore_fail(err, S, "...")`. */
objstore_status objstore_fail(objstore_error *err, objstore_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* S3 key limit: 1024 bytes of UTF-8. */
#define OBJSTORE_KEY_MAX 1024
/* ListObjectsV2's MaxKeys ceiling. */
#define OBJSTORE_LIST_MAX 1000

typedef struct {
    uint64_t size;
    char etag[33];               /* 32 lowercase hex digits, unquoted */
    int64_t last_modified_ms;    /* epoch ms */
} objstore_head;

typedef struct objstore_reader objstore_reader;
typedef struct {
    /* Reads up to n bytes into buf; *got 0 at the end. */
    objstore_status (*read)(objstore_reader *r, char *buf, size_t n, size_t *got,
                            objstore_error *err);
    void (*close)(objstore_reader *r);   /* frees r */
} objstore_reader_ops;
/* Implementations embed this first in their reader. */
struct objstore_reader {
    const objstore_reader_ops *ops;
};

typedef struct {
    const char *bucket;
    const char *prefix;          /* NULL or "": every key */
    const char *start_after;     /* NULL or "": from the first key */
    size_t max_keys;             /* at most OBJSTORE_LIST_MAX; 0 gives an empty page */
} objstore_list_query;

typedef struct {
    char *key;
    objstore_head head;
} objstore_entry;

typedef struct {
    objstore_entry *entries;
    size_t count;
    bool truncated;              /* more keys follow the last entry */
} objstore_list_page;

typedef struct objstore objstore;
typedef struct {
    bool (*bucket_exists)(objstore *s, const char *bucket);
    objstore_status (*head)(objstore *s, const char *bucket, const char *key,
                            objstore_head *out, objstore_error *err);
    /* Also fills head's size and last_modified_ms; its etag may be left "" by a store that
     * computes it only when asked (the folder). */
    objstore_status (*open)(objstore *s, const char *bucket, const char *key,
                            objstore_reader **out, objstore_head *head, objstore_error *err);
    /* now_ms: the object's LastModified (the execution's virtual clock, or the store's
     * own clock for a folder). attrs: NULL or an object (objstore_attrs), kept by
     * reference; the object replaced loses its own. */
    objstore_status (*put)(objstore *s, const char *bucket, const char *key, const char *data,
                           size_t len, const jv *attrs, int64_t now_ms, objstore_error *err);
    /* The object's attributes (owned), NULL when it has none or is not there. */
    jv *(*attrs)(objstore *s, const char *bucket, const char *key);
    /* Removes the object; a key that does not exist is no error (S3's DeleteObject). */
    objstore_status (*remove)(objstore *s, const char *bucket, const char *key,
                              objstore_error *err);
    /* Fills page (entries allocated with engine_malloc, keys with engine_strdup). */
    objstore_status (*list)(objstore *s, const objstore_list_query *q, objstore_list_page *page,
                            objstore_error *err);
    /* The bucket names in byte order, for saving the store: calls fn for each. */
    void (*each_bucket)(objstore *s, void (*fn)(void *ud, const char *bucket), void *ud);
    void (*free)(objstore *s);
    /* Optional (NULL: whole objects only): one part of bucket/key. offset 0 begins the
     * object (dropping one begun at that key); every other part starts where the last
     * ended (else OBJSTORE_IO); `last` completes it: it then replaces any object of that
     * key, as put does. A part that fails drops the object begun. Parts of several
     * objects may interleave. */
    objstore_status (*put_part)(objstore *s, const char *bucket, const char *key,
                                uint64_t offset, const char *data, size_t len, bool last,
                                int64_t now_ms, objstore_error *err);
} objstore_ops;
/* Implementations embed this first in their store. */
struct objstore {
    const objstore_ops *ops;
};

/* The calls, through the vtable. */
bool objstore_bucket_exists(objstore *s, const char *bucket);
objstore_status objstore_head_object(objstore *s, const char *bucket, const char *key,
                                     objstore_head *out, objstore_error *err);
/* head may be NULL. */
objstore_status objstore_open(objstore *s, const char *bucket, const char *key,
                              objstore_reader **out, objstore_head *head, objstore_error *err);
/* A put without attributes. */
objstore_status objstore_put(objstore *s, const char *bucket, const char *key, const char *data,
                             size_t len, int64_t now_ms, objstore_error *err);
/* An object's attributes are what S3 keeps of a put's headers and gives back on
 * getObject / headObject, as a JSON object of those result members: "CacheControl",
 * "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentType", "Expires"
 * (epoch ms), "Metadata" ({"name": "value"}), "StorageClass", "TagCount". The store does
 * not read them: services/s3.c checks them against S3's bounds. A put replaces them (an
 * object put without is an object without: S3 replaces a whole object). Objects written in
 * parts have none. */
objstore_status objstore_put_with_attrs(objstore *s, const char *bucket, const char *key,
                                        const char *data, size_t len, const jv *attrs,
                                        int64_t now_ms, objstore_error *err);
/* The object's attributes (owned; NULL when it has none, or there is no such object). */
jv *objstore_attrs(objstore *s, const char *bucket, const char *key);
/* Whether the store takes objects in parts; objstore_put_part fails (OBJSTORE_IO) if not. */
bool objstore_can_put_parts(const objstore *s);
objstore_status objstore_put_part(objstore *s, const char *bucket, const char *key,
                                  uint64_t offset, const char *data, size_t len, bool last,
                                  int64_t now_ms, objstore_error *err);
objstore_status objstore_remove(objstore *s, const char *bucket, const char *key,
                                objstore_error *err);
objstore_status objstore_list(objstore *s, const objstore_list_query *q,
                              objstore_list_page *page, objstore_error *err);
void objstore_each_bucket(objstore *s, void (*fn)(void *ud, const char *bucket), void *ud);
void objstore_free(objstore *s);   /* NULL-safe */

objstore_status objstore_reader_read(objstore_reader *r, char *buf, size_t n, size_t *got,
                                     objstore_error *err);
void objstore_reader_close(objstore_reader *r);   /* NULL-safe */

/* The whole object (NUL-terminated, engine_malloc'd, the caller frees) when it has at
 * most max bytes; OBJSTORE_TOO_LARGE otherwise, decided from its size before reading. The
 * object is read once; head (may be NULL) gets its size, LastModified and ETag. */
objstore_status objstore_read_all(objstore *s, const char *bucket, const char *key, size_t max,
                                  char **out, size_t *len, objstore_head *head,
                                  objstore_error *err);

void objstore_list_page_cleanup(objstore_list_page *page);
/* Appends an entry (key copied) to page: for implementations. */
void objstore_list_page_add(objstore_list_page *page, const char *key, const objstore_head *head);

/* The MD5 of data as 32 hex digits (S3's ETag of a single-part object). */
void objstore_md5_hex(const void *data, size_t len, char out[33]);
/* The same, computed incrementally: init, update as bytes come, final. */
typedef struct objstore_md5 objstore_md5;
objstore_md5 *objstore_md5_new(void);
void objstore_md5_update(objstore_md5 *m, const void *data, size_t len);
void objstore_md5_final(objstore_md5 *m, char out[33]);   /* frees m */

/* The byte length (1-4) of the UTF-8 character at s, 0 when the bytes there are not one
 * (overlong, a surrogate, past U+10FFFF, cut short). s is NUL-terminated: the check
 * stops at the NUL. */
size_t objstore_utf8_char_len(const char *s);
/* An object's bytes as a JSON string, as the SDK's asUtf8String gives them: bytes that are
 * not UTF-8 become U+FFFD (*lossy, may be NULL, then says so). data[len] must be
 * readable (a NUL terminator, as objstore_read_all leaves). */
jv *objstore_text(const char *data, size_t len, bool *lossy);
/* A key S3 accepts: 1 to OBJSTORE_KEY_MAX bytes of valid UTF-8. */
bool objstore_key_valid(const char *key);

/* ---- the in-memory store ---- */
/* An empty store. max_bytes bounds the content of all its objects together (0: no bound).
 * LastModified is what each put says: seeded objects get the execution's start and
 * puts its virtual clock (deterministic, never the wall clock). A reader reads the
 * object as it was opened, even after it is replaced or removed (it shares the bytes). An
 * object written in parts counts against max_bytes as its parts come. */
objstore *objstore_memory_new(size_t max_bytes);
/* Declares a bucket (no-op when it exists); false when the name is not a bucket name S3
 * accepts (3-63 characters of a-z 0-9 . - _, as the conformance recordings use "_"). */
bool objstore_memory_add_bucket(objstore *s, const char *bucket);
/* True for objstore_memory_new's stores. */
bool objstore_is_memory(const objstore *s);
/* A bucket name objstore_memory_add_bucket accepts. */
bool objstore_bucket_name_valid(const char *bucket);
/* The memory store's contents as one value (owned), for step back and the debugger's
 * Services tab: {"BUCKET": {"KEY": {"Body": the bytes as a string (not necessarily UTF-8),
 * "LastModified": epoch ms, "ETag": hex, and "Attributes" when it has some}}}, buckets and
 * keys in byte order. Objects are
 * shared, not copied, and a store that did not change since its last snapshot answers
 * that one again: cheap at every step. NULL for a store that is not in memory (a folder
 * cannot be snapshotted). */
jv *objstore_memory_snapshot(objstore *s);
/* Puts a snapshot's contents back (a no-op for a store not in memory). */
void objstore_memory_restore(objstore *s, const jv *snapshot);

#endif
