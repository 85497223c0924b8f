/* s3dir — the --s3-dir folder as the S3 store. */
#include "s3dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "jv.h"

/* An object being written in parts: a temporary file beside it, renamed over it when the
 * last part is in. */
typedef struct {
    char *bucket, *key;
    int dir;           /* the folder of the key's last segment */
    char *leaf;        /* that segment */
    char temp[64];     /* the temporary file's name in dir */
    int fd;
    uint64_t len;
} s3dir_upload;

/* The attributes a put gave an object (objstore_attrs): files have none, so they are kept
 * for the run, with the file's size and mtime as it was written: a file changed since by
 * someone else has lost them. Only objects put with attributes have an entry. */
typedef struct {
    char *bucket, *key;
    jv *attrs;                 /* NULL: forgotten (the key was put again without, or removed) */
    off_t size;
    struct timespec mtime;
    size_t next;               /* the next entry of its hash chain */
} s3dir_attrs_entry;

typedef struct {
    objstore base;
    int root;          /* DIR, opened once */
    char *path;        /* DIR as given, for messages */
    s3dir_upload *uploads;
    size_t nuploads;
    unsigned long temps; /* temporary files made, for their names */
    s3dir_attrs_entry *attrs;
    size_t nattrs;
    size_t *heads;     /* the hash chains' first entries; nheads a power of two, or 0 */
    size_t nheads;
} s3dir_store;

typedef struct {
    objstore_reader base;
    int fd;
} s3dir_reader;

/* ---- walking a key ---- */

/* A failed open on the way to key (leaf: of its last segment). */
static objstore_status s3dir_errno(objstore_error *err, int e, const char *bucket,
                                   const char *key, bool leaf)
{
    if (leaf && e == ELOOP)
        return objstore_fail(err, OBJSTORE_INVALID_KEY, "s3://%s/%s is a symbolic link under "
                             "--s3-dir: links are not followed", bucket, key);
    if (e == ELOOP || e == ENOTDIR)
        return objstore_fail(err, OBJSTORE_INVALID_KEY,
                             "s3://%s/%s: a symbolic link or a file stands where --s3-dir needs "
                             "a folder (links are not followed)", bucket, key);
    return objstore_fail(err, OBJSTORE_IO, "s3://%s/%s: %s", bucket, key, strerror(e));
}

/* The bucket's folder in *out (a link is no bucket). */
static objstore_status s3dir_bucket_fd(s3dir_store *d, const char *bucket, int *out,
                                       objstore_error *err)
{
    if (!objstore_bucket_name_valid(bucket))
        return objstore_fail(err, OBJSTORE_NO_SUCH_BUCKET, "no bucket '%s' (not a bucket name)",
                             bucket);
    *out = openat(d->root, bucket, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (*out < 0)
        return objstore_fail(err, OBJSTORE_NO_SUCH_BUCKET, "no folder %s/%s for bucket '%s'",
                             d->path, bucket, bucket);
    return OBJSTORE_OK;
}

/* Why a segment of key may not be a path segment, or NULL. */
static const char *s3dir_segment_problem(const char *seg, size_t n)
{
    if (n == 0)
        return "an empty segment (a leading, trailing or doubled '/')";
    if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
        return "a '.' or '..' segment";
    if (n > 255)
        return "a segment longer than 255 bytes";
    return NULL;
}

/* OBJSTORE_OK when every segment of key can be a path segment under DIR. */
static objstore_status s3dir_check_key(const char *bucket, const char *key, objstore_error *err)
{
    if (!objstore_key_valid(key))
        return objstore_fail(err, OBJSTORE_INVALID_KEY, "a key is 1 to %d bytes of UTF-8",
                             OBJSTORE_KEY_MAX);
    for (const char *seg = key;;) {
        const char *slash = strchr(seg, '/');
        const char *why = s3dir_segment_problem(seg, slash ? (size_t)(slash - seg) : strlen(seg));
        if (why)
            return objstore_fail(err, OBJSTORE_INVALID_KEY,
                                 "s3://%s/%s cannot be a file under --s3-dir: %s", bucket, key,
                                 why);
        if (!slash)
            return OBJSTORE_OK;
        seg = slash + 1;
    }
}

/* Opens the folder that holds key's last segment into *out (creating the folders on the
 * way when create), and points *leaf at that segment. */
static objstore_status s3dir_walk(s3dir_store *d, const char *bucket, const char *key,
                                  bool create, int *out, const char **leaf, objstore_error *err)
{
    objstore_status rc = s3dir_check_key(bucket, key, err);
    if (rc != OBJSTORE_OK)
        return rc;
    int fd;
    rc = s3dir_bucket_fd(d, bucket, &fd, err);
    for (const char *seg = key; rc == OBJSTORE_OK;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (!slash) {
            *leaf = seg;
            *out = fd;
            return OBJSTORE_OK;
        }
        char name[256];
        memcpy(name, seg, n);
        name[n] = '\0';
        int next = create && mkdirat(fd, name, 0755) && errno != EEXIST
                       ? -1
                       : openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int e = errno;
        close(fd);
        if (next < 0)
            return e == ENOENT ? objstore_fail(err, OBJSTORE_NO_SUCH_KEY,
                                               "no key '%s' in bucket '%s'", key, bucket)
                               : s3dir_errno(err, e, bucket, key, false);
        fd = next;
        seg = slash + 1;
    }
    return rc;
}

/* The object's file opened for reading (a regular file, no link), with its stat. */
static objstore_status s3dir_open_file(s3dir_store *d, const char *bucket, const char *key,
                                       int *out, struct stat *st, objstore_error *err)
{
    const char *leaf;
    int dir;
    objstore_status rc = s3dir_walk(d, bucket, key, false, &dir, &leaf, err);
    if (rc != OBJSTORE_OK)
        return rc;
    int fd = openat(dir, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    int e = errno;
    close(dir);
    if (fd < 0)
        return e == ENOENT ? objstore_fail(err, OBJSTORE_NO_SUCH_KEY, "no key '%s' in bucket '%s'",
                                           key, bucket)
                           : s3dir_errno(err, e, bucket, key, true);
    if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
        close(fd);
        return objstore_fail(err, OBJSTORE_NO_SUCH_KEY, "no key '%s' in bucket '%s' (%s/%s/%s "
                             "is not a regular file)", key, bucket, d->path, bucket, key);
    }
    if ((unsigned long long)st->st_size > S3DIR_OBJECT_MAX) {
        close(fd);
        return objstore_fail(err, OBJSTORE_TOO_LARGE, "s3://%s/%s is %lld bytes, over the %llu "
                             "bytes --s3-dir serves", bucket, key, (long long)st->st_size,
                             S3DIR_OBJECT_MAX);
    }
    *out = fd;
    return OBJSTORE_OK;
}

/* ---- the operations ---- */

static bool s3dir_bucket_exists(objstore *s, const char *bucket)
{
    objstore_error err;
    int fd;
    if (s3dir_bucket_fd((s3dir_store *)s, bucket, &fd, &err) != OBJSTORE_OK)
        return false;
    close(fd);
    return true;
}

static objstore_status s3dir_read_fd(int fd, char *buf, size_t n, size_t *got, objstore_error *err)
{
    ssize_t r;
    while ((r = read(fd, buf, n)) < 0 && errno == EINTR)
        ;
    if (r < 0)
        return objstore_fail(err, OBJSTORE_IO, "cannot read: %s", strerror(errno));
    *got = (size_t)r;
    return OBJSTORE_OK;
}

static void s3dir_stat_head(const struct stat *st, objstore_head *out)
{
    out->size = (uint64_t)st->st_size;
    out->last_modified_ms = (int64_t)st->st_mtim.tv_sec * 1000 + st->st_mtim.tv_nsec / 1000000;
    out->etag[0] = '\0';
}

/* Size and mtime from st, the ETag from the file's bytes. */
static objstore_status s3dir_head_of(int fd, const struct stat *st, objstore_head *out,
                                     objstore_error *err)
{
    s3dir_stat_head(st, out);
    objstore_md5 *m = objstore_md5_new();
    char buf[65536];
    size_t got = 0;
    objstore_status rc;
    while ((rc = s3dir_read_fd(fd, buf, sizeof buf, &got, err)) == OBJSTORE_OK && got)
        objstore_md5_update(m, buf, got);
    objstore_md5_final(m, out->etag);
    return rc;
}

static objstore_status s3dir_head(objstore *s, const char *bucket, const char *key,
                                  objstore_head *out, objstore_error *err)
{
    int fd;
    struct stat st;
    objstore_status rc = s3dir_open_file((s3dir_store *)s, bucket, key, &fd, &st, err);
    if (rc != OBJSTORE_OK)
        return rc;
    rc = s3dir_head_of(fd, &st, out, err);
    close(fd);
    return rc;
}

static objstore_status s3dir_reader_read(objstore_reader *r, char *buf, size_t n, size_t *got,
                                         objstore_error *err)
{
    return s3dir_read_fd(((s3dir_reader *)r)->fd, buf, n, got, err);
}

static void s3dir_reader_close(objstore_reader *r)
{
    close(((s3dir_reader *)r)->fd);
    free(r);
}

static const objstore_reader_ops s3dir_reader_ops = {s3dir_reader_read, s3dir_reader_close};

static objstore_status s3dir_open_object(objstore *s, const char *bucket, const char *key,
                                         objstore_reader **out, objstore_head *head,
                                         objstore_error *err)
{
    int fd;
    struct stat st;
    objstore_status rc = s3dir_open_file((s3dir_store *)s, bucket, key, &fd, &st, err);
    if (rc != OBJSTORE_OK)
        return rc;
    s3dir_stat_head(&st, head);
    s3dir_reader *r = jv_xmalloc(sizeof *r);
    *r = (s3dir_reader){{&s3dir_reader_ops}, fd};
    *out = &r->base;
    return OBJSTORE_OK;
}

/* ---- attributes, kept for the run ----
 * A hash table by bucket and key (a Map may put many objects): entries are chained by
 * index from heads[hash & (nheads - 1)]; a forgotten entry keeps its names, attrs NULL,
 * for the next put of that key. */

#define S3DIR_NO_ENTRY ((size_t)-1)

static size_t s3dir_attrs_hash(const char *bucket, const char *key)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a over "bucket\0key" */
    for (const char *p = bucket;; p++) {
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
        if (!*p)
            break;
    }
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return (size_t)h;
}

static s3dir_attrs_entry *s3dir_attrs_find(s3dir_store *d, const char *bucket, const char *key)
{
    if (!d->nheads)
        return NULL;
    size_t i = d->heads[s3dir_attrs_hash(bucket, key) & (d->nheads - 1)];
    for (; i != S3DIR_NO_ENTRY; i = d->attrs[i].next)
        if (!strcmp(d->attrs[i].key, key) && !strcmp(d->attrs[i].bucket, bucket))
            return &d->attrs[i];
    return NULL;
}

/* Doubles the heads when the entries reach them, and chains every entry again. */
static void s3dir_attrs_grow(s3dir_store *d)
{
    if (d->nattrs < d->nheads)
        return;
    d->nheads = d->nheads ? 2 * d->nheads : 64;
    d->heads = jv_xrealloc(d->heads, d->nheads * sizeof *d->heads);
    for (size_t i = 0; i < d->nheads; i++)
        d->heads[i] = S3DIR_NO_ENTRY;
    for (size_t i = 0; i < d->nattrs; i++) {
        size_t *head = &d->heads[s3dir_attrs_hash(d->attrs[i].bucket, d->attrs[i].key) &
                                 (d->nheads - 1)];
        d->attrs[i].next = *head;
        *head = i;
    }
}

static void s3dir_attrs_forget(s3dir_store *d, const char *bucket, const char *key)
{
    s3dir_attrs_entry *e = s3dir_attrs_find(d, bucket, key);
    if (e) {
        jv_unref(e->attrs);
        e->attrs = NULL;
    }
}

/* bucket/key was just written as st says: it has attrs (NULL or {}: none). */
static void s3dir_attrs_keep(s3dir_store *d, const char *bucket, const char *key,
                             const jv *attrs, const struct stat *st)
{
    s3dir_attrs_forget(d, bucket, key);
    if (!attrs || !jv_object_size(attrs))
        return;
    s3dir_attrs_entry *e = s3dir_attrs_find(d, bucket, key);
    if (!e) {
        s3dir_attrs_grow(d);
        d->attrs = jv_xrealloc(d->attrs, (d->nattrs + 1) * sizeof *d->attrs);
        size_t *head = &d->heads[s3dir_attrs_hash(bucket, key) & (d->nheads - 1)];
        e = &d->attrs[d->nattrs];
        *e = (s3dir_attrs_entry){jv_xstrdup(bucket), jv_xstrdup(key), NULL, 0, {0}, *head};
        *head = d->nattrs++;
    }
    e->attrs = jv_ref(attrs);
    e->size = st->st_size;
    e->mtime = st->st_mtim;
}

static jv *s3dir_attrs(objstore *s, const char *bucket, const char *key)
{
    s3dir_store *d = (s3dir_store *)s;
    s3dir_attrs_entry *e = s3dir_attrs_find(d, bucket, key);
    if (!e || !e->attrs)
        return NULL;
    int fd;
    struct stat st;
    objstore_error err;
    if (s3dir_open_file(d, bucket, key, &fd, &st, &err) != OBJSTORE_OK)
        return NULL;
    close(fd);
    bool same = st.st_size == e->size && st.st_mtim.tv_sec == e->mtime.tv_sec &&
                st.st_mtim.tv_nsec == e->mtime.tv_nsec;
    return same ? jv_ref(e->attrs) : NULL;
}

static objstore_status s3dir_put(objstore *s, const char *bucket, const char *key,
                                 const char *data, size_t len, const jv *attrs, int64_t now_ms,
                                 objstore_error *err)
{
    s3dir_store *d = (s3dir_store *)s;
    if (len > S3DIR_OBJECT_MAX)
        return objstore_fail(err, OBJSTORE_TOO_LARGE, "s3://%s/%s: %zu bytes is over the %llu "
                             "bytes --s3-dir takes", bucket, key, len, S3DIR_OBJECT_MAX);
    const char *leaf;
    int dir;
    objstore_status walked = s3dir_walk(d, bucket, key, true, &dir, &leaf, err);
    if (walked != OBJSTORE_OK)
        return walked;
    struct stat st;
    if (!fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) && !S_ISREG(st.st_mode)) {
        close(dir);
        return objstore_fail(err, OBJSTORE_INVALID_KEY, "s3://%s/%s: %s/%s/%s is %s, not a file "
                             "(links are not followed)", bucket, key, d->path, bucket, key,
                             S_ISLNK(st.st_mode) ? "a symbolic link" : "a folder or device");
    }
    /* the folder the walk opened, by descriptor: the write cannot be redirected */
    char path[64 + 256], ferr[512];
    snprintf(path, sizeof path, "/proc/self/fd/%d/%s", dir, leaf);
    int rc = fileio_write(path, data, len, ferr, sizeof ferr);
    s3dir_attrs_forget(d, bucket, key);
    if (!rc && !fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW))
        s3dir_attrs_keep(d, bucket, key, attrs, &st);
    close(dir);
    if (rc)
        return objstore_fail(err, OBJSTORE_IO, "cannot write %s/%s/%s: %s", d->path, bucket, key,
                             strerror(rc));
    return OBJSTORE_OK;
}

/* A key that is not there, or cannot be (a missing folder on its way), is removed already. */
static objstore_status s3dir_remove(objstore *s, const char *bucket, const char *key,
                                    objstore_error *err)
{
    s3dir_store *d = (s3dir_store *)s;
    s3dir_attrs_forget(d, bucket, key);
    const char *leaf;
    int dir;
    objstore_status rc = s3dir_walk(d, bucket, key, false, &dir, &leaf, err);
    if (rc == OBJSTORE_NO_SUCH_KEY)
        return OBJSTORE_OK;
    if (rc != OBJSTORE_OK)
        return rc;
    struct stat st;
    if (fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW)) {
        close(dir);
        return OBJSTORE_OK;
    }
    if (!S_ISREG(st.st_mode)) {
        close(dir);
        return objstore_fail(err, OBJSTORE_INVALID_KEY, "s3://%s/%s: %s/%s/%s is not a file "
                             "(links are not followed)", bucket, key, d->path, bucket, key);
    }
    rc = unlinkat(dir, leaf, 0) ? objstore_fail(err, OBJSTORE_IO, "cannot remove %s/%s/%s: %s",
                                                d->path, bucket, key, strerror(errno))
                                : OBJSTORE_OK;
    close(dir);
    return rc;
}

/* ---- listing ---- */

typedef struct {
    char **keys;
    size_t count, cap;
    bool too_many;
} s3dir_keys;

static void s3dir_keys_add(s3dir_keys *k, const char *key)
{
    if (k->count == S3DIR_LIST_MAX) {
        k->too_many = true;
        return;
    }
    if (k->count == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 64;
        k->keys = jv_xrealloc(k->keys, k->cap * sizeof *k->keys);
    }
    k->keys[k->count++] = jv_xstrdup(key);
}

/* Every regular file under fd (the folder of keys starting with prefix), no links, no
 * fileio temporary files (".NAME.XXXX" while a write is under way is still a file). */
static void s3dir_collect(int fd, const char *prefix, int depth, s3dir_keys *k)
{
    DIR *dir = fdopendir(fd);
    if (!dir) {
        close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(dir)) && !k->too_many) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        struct stat st;
        if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
            continue;
        size_t n = strlen(prefix) + strlen(e->d_name) + 2;
        char *key = jv_xmalloc(n);
        snprintf(key, n, "%s%s", prefix, e->d_name);
        if (S_ISREG(st.st_mode) && objstore_key_valid(key)) {
            s3dir_keys_add(k, key);
        } else if (S_ISDIR(st.st_mode) && depth < 64 && n < OBJSTORE_KEY_MAX) {
            int sub = openat(dirfd(dir), e->d_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            strcat(key, "/");
            if (sub >= 0)
                s3dir_collect(sub, key, depth + 1, k);
        }
        free(key);
    }
    closedir(dir);
}

static int s3dir_key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void s3dir_keys_free(s3dir_keys *k)
{
    for (size_t i = 0; i < k->count; i++)
        free(k->keys[i]);
    free(k->keys);
}

static objstore_status s3dir_list(objstore *s, const objstore_list_query *q,
                                  objstore_list_page *page, objstore_error *err)
{
    s3dir_store *d = (s3dir_store *)s;
    int fd;
    if (s3dir_bucket_fd(d, q->bucket, &fd, err) != OBJSTORE_OK)
        return OBJSTORE_NO_SUCH_BUCKET;
    s3dir_keys k = {0};
    s3dir_collect(fd, "", 0, &k);
    if (k.too_many) {
        s3dir_keys_free(&k);
        return objstore_fail(err, OBJSTORE_TOO_LARGE, "bucket '%s' has more than %d files under "
                             "%s", q->bucket, S3DIR_LIST_MAX, d->path);
    }
    qsort(k.keys, k.count, sizeof *k.keys, s3dir_key_cmp);
    const char *prefix = q->prefix ? q->prefix : "";
    const char *after = q->start_after ? q->start_after : "";
    size_t plen = strlen(prefix);
    objstore_status rc = OBJSTORE_OK;
    for (size_t i = 0; i < k.count && rc == OBJSTORE_OK; i++) {
        if (strncmp(k.keys[i], prefix, plen) || strcmp(k.keys[i], after) <= 0)
            continue;
        if (page->count == q->max_keys) {
            page->truncated = true;
            break;
        }
        objstore_head h;
        if ((rc = s3dir_head(s, q->bucket, k.keys[i], &h, err)) == OBJSTORE_OK)
            objstore_list_page_add(page, k.keys[i], &h);
    }
    s3dir_keys_free(&k);
    return rc;
}

static void s3dir_each_bucket(objstore *s, void (*fn)(void *ud, const char *bucket), void *ud)
{
    s3dir_store *d = (s3dir_store *)s;
    int fd = dup(d->root);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(dir);
    s3dir_keys names = {0};
    struct dirent *e;
    struct stat st;
    while ((e = readdir(dir)))
        if (objstore_bucket_name_valid(e->d_name) &&
            !fstatat(d->root, e->d_name, &st, AT_SYMLINK_NOFOLLOW) && S_ISDIR(st.st_mode))
            s3dir_keys_add(&names, e->d_name);
    closedir(dir);
    qsort(names.keys, names.count, sizeof *names.keys, s3dir_key_cmp);
    for (size_t i = 0; i < names.count; i++)
        fn(ud, names.keys[i]);
    s3dir_keys_free(&names);
}

/* ---- objects written in parts ---- */

/* Drops upload i (complete: its file was renamed already; else removed). */
static void s3dir_upload_drop(s3dir_store *d, size_t i, bool complete)
{
    s3dir_upload *u = &d->uploads[i];
    if (u->fd >= 0)
        close(u->fd);
    if (!complete)
        unlinkat(u->dir, u->temp, 0);
    close(u->dir);
    free(u->bucket);
    free(u->key);
    free(u->leaf);
    d->uploads[i] = d->uploads[--d->nuploads];
}

static s3dir_upload *s3dir_upload_find(s3dir_store *d, const char *bucket, const char *key)
{
    for (size_t i = 0; i < d->nuploads; i++)
        if (!strcmp(d->uploads[i].bucket, bucket) && !strcmp(d->uploads[i].key, key))
            return &d->uploads[i];
    return NULL;
}

/* Begins bucket/key: its folders made, a temporary file created beside it. */
static objstore_status s3dir_upload_begin(s3dir_store *d, const char *bucket, const char *key,
                                          s3dir_upload **out, objstore_error *err)
{
    const char *leaf;
    int dir;
    objstore_status rc = s3dir_walk(d, bucket, key, true, &dir, &leaf, err);
    if (rc != OBJSTORE_OK)
        return rc;
    struct stat st;
    if (!fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) && !S_ISREG(st.st_mode)) {
        close(dir);
        return objstore_fail(err, OBJSTORE_INVALID_KEY, "s3://%s/%s: %s/%s/%s is not a file "
                             "(links are not followed)", bucket, key, d->path, bucket, key);
    }
    s3dir_upload u = {jv_xstrdup(bucket), jv_xstrdup(key), dir, jv_xstrdup(leaf), "", -1, 0};
    snprintf(u.temp, sizeof u.temp, ".sfdbg-part-%ld-%lu", (long)getpid(), ++d->temps);
    u.fd = openat(dir, u.temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    d->uploads = jv_xrealloc(d->uploads, (d->nuploads + 1) * sizeof *d->uploads);
    d->uploads[d->nuploads++] = u;
    *out = &d->uploads[d->nuploads - 1];
    if (u.fd >= 0)
        return OBJSTORE_OK;
    int e = errno;
    s3dir_upload_drop(d, d->nuploads - 1, true);
    return objstore_fail(err, OBJSTORE_IO, "cannot write %s/%s/%s: %s", d->path, bucket, key,
                         strerror(e));
}

/* Appends len bytes to the upload's file; 0 or errno. */
static int s3dir_upload_write(s3dir_upload *u, const char *data, size_t len)
{
    for (size_t off = 0; off < len;) {
        ssize_t w = write(u->fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        off += (size_t)w;
    }
    u->len += len;
    return 0;
}

/* The last part is in: the file is synced and renamed over the key's; 0 or errno. */
static int s3dir_upload_finish(s3dir_upload *u)
{
    int rc = fsync(u->fd) ? errno : 0;
    if (close(u->fd) && !rc)
        rc = errno;
    u->fd = -1;
    if (!rc && renameat(u->dir, u->temp, u->dir, u->leaf))
        rc = errno;
    return rc;
}

static objstore_status s3dir_put_part(objstore *s, const char *bucket, const char *key,
                                      uint64_t offset, const char *data, size_t len, bool last,
                                      int64_t now_ms, objstore_error *err)
{
    s3dir_store *d = (s3dir_store *)s;
    s3dir_upload *u = s3dir_upload_find(d, bucket, key);
    if (u && (offset == 0 || offset != u->len)) {
        uint64_t had = u->len;
        s3dir_upload_drop(d, (size_t)(u - d->uploads), false);
        if (offset != 0)
            return objstore_fail(err, OBJSTORE_IO, "s3://%s/%s: a part at offset %llu does "
                                 "not follow the %llu bytes written", bucket, key,
                                 (unsigned long long)offset, (unsigned long long)had);
        u = NULL;
    }
    if (!u && offset != 0)
        return objstore_fail(err, OBJSTORE_IO, "s3://%s/%s: a part at offset %llu of an "
                             "object not begun", bucket, key, (unsigned long long)offset);
    objstore_status rc = u ? OBJSTORE_OK : s3dir_upload_begin(d, bucket, key, &u, err);
    if (rc != OBJSTORE_OK)
        return rc;
    int e = 0;
    if (u->len + len > S3DIR_OBJECT_MAX)
        rc = objstore_fail(err, OBJSTORE_TOO_LARGE, "s3://%s/%s: over the %llu bytes --s3-dir "
                           "takes", bucket, key, S3DIR_OBJECT_MAX);
    else if ((e = s3dir_upload_write(u, data, len)) || (last && (e = s3dir_upload_finish(u))))
        rc = objstore_fail(err, OBJSTORE_IO, "cannot write %s/%s/%s: %s", d->path, bucket, key,
                           strerror(e));
    if (rc != OBJSTORE_OK || last)
        s3dir_upload_drop(d, (size_t)(u - d->uploads), rc == OBJSTORE_OK);
    if (rc == OBJSTORE_OK && last)
        s3dir_attrs_forget(d, bucket, key);
    return rc;
}

static void s3dir_free(objstore *s)
{
    s3dir_store *d = (s3dir_store *)s;
    while (d->nuploads)
        s3dir_upload_drop(d, 0, false);
    free(d->uploads);
    for (size_t i = 0; i < d->nattrs; i++) {
        free(d->attrs[i].bucket);
        free(d->attrs[i].key);
        jv_unref(d->attrs[i].attrs);
    }
    free(d->attrs);
    free(d->heads);
    close(d->root);
    free(d->path);
    free(d);
}

static const objstore_ops s3dir_ops = {
    s3dir_bucket_exists, s3dir_head, s3dir_open_object, s3dir_put, s3dir_attrs, s3dir_remove,
    s3dir_list, s3dir_each_bucket, s3dir_free, s3dir_put_part,
};

objstore *s3dir_open(const char *dir, char *err, size_t errlen)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "--s3-dir %s: %s", dir,
                 errno == ENOTDIR ? "not a folder" : strerror(errno));
        return NULL;
    }
    s3dir_store *d = jv_xmalloc(sizeof *d);
    *d = (s3dir_store){{&s3dir_ops}, fd, jv_xstrdup(dir), NULL, 0, 0, NULL, 0, NULL, 0};
    return &d->base;
}
