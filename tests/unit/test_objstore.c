/* Unit tests: the S3 store's contract (engine/objstore.h), run on both implementations —
 * the engine's memory store and the --s3-dir folder (src/s3dir.c) — then what only one of
 * them does: the memory store's deterministic LastModified and size bound, the folder's
 * path safety (no "..", no escaping through symbolic links, no FIFO that hangs a read) and
 * its size bound on a 2 GB (sparse) file. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jv_text.h"
#include "objstore.h"
#include "src/s3dir.h"
#include "tap.h"

static objstore_error err;

static void put(objstore *s, const char *key, const char *text)
{
    objstore_status st = objstore_put(s, "bkt", key, text, strlen(text), 1000, &err);
    tap_is_int(st, OBJSTORE_OK, "put %s%s%s", key, st ? ": " : "", st ? err.message : "");
}

/* The whole text of key, or "!CODE" for a failure. */
static const char *get(objstore *s, const char *bucket, const char *key, size_t max)
{
    static char buf[256];
    char *data;
    size_t len;
    objstore_head h;
    objstore_status st = objstore_read_all(s, bucket, key, max, &data, &len, &h, &err);
    if (st != OBJSTORE_OK) {
        snprintf(buf, sizeof buf, "!%s", objstore_status_code(st));
        return buf;
    }
    snprintf(buf, sizeof buf, "%s", data);
    engine_free(data);
    return buf;
}

/* The keys of one page, "a b c" (with " +" when truncated). */
static const char *page_keys(objstore *s, const char *prefix, const char *after, size_t max)
{
    static char buf[512];
    objstore_list_query q = {"bkt", prefix, after, max};
    objstore_list_page page;
    objstore_status st = objstore_list(s, &q, &page, &err);
    if (st != OBJSTORE_OK) {
        snprintf(buf, sizeof buf, "!%s", objstore_status_code(st));
        return buf;
    }
    buf[0] = '\0';
    for (size_t i = 0; i < page.count; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "",
                 page.entries[i].key);
    if (page.truncated)
        strcat(buf, " +");
    objstore_list_page_cleanup(&page);
    return buf;
}

static void count_bucket(void *ud, const char *bucket)
{
    strcat(ud, bucket);
    strcat(ud, ";");
}

/* Streams key in 3-byte reads. */
static const char *stream(objstore *s, const char *key)
{
    static char buf[256];
    objstore_reader *r;
    size_t have = 0, got = 1;
    if (objstore_open(s, "bkt", key, &r, NULL, &err) != OBJSTORE_OK)
        return "!open";
    while (got && have + 3 < sizeof buf)
        if (objstore_reader_read(r, buf + have, 3, &got, &err) != OBJSTORE_OK)
            return "!read";
        else
            have += got;
    objstore_reader_close(r);
    buf[have] = '\0';
    return buf;
}

static void contract(objstore *s, const char *name)
{
    tap_diag("the contract on the %s store", name);
    put(s, "b/d", "dee");
    put(s, "a", "text data");
    put(s, "b/c", "see");
    put(s, "\xc3\xa9t\xc3\xa9", "summer");
    put(s, "B", "upper");
    tap_ok(objstore_bucket_exists(s, "bkt") && !objstore_bucket_exists(s, "nope"),
           "%s: bucket_exists", name);
    objstore_head h;
    tap_is_int(objstore_head_object(s, "bkt", "a", &h, &err), OBJSTORE_OK, "%s: head", name);
    tap_is_int((long long)h.size, 9, "%s: head's size", name);
    tap_is_str(h.etag, "332eec544317a6d340b8e77da7fe54ad", "%s: ETag is the MD5 of the bytes",
               name);
    tap_is_str(get(s, "bkt", "a", 100), "text data", "%s: read_all", name);
    tap_is_str(get(s, "bkt", "a", 8), "!EntityTooLarge", "%s: read_all past its bound", name);
    tap_is_str(get(s, "bkt", "a", 9), "text data", "%s: read_all at exactly its bound", name);
    tap_is_str(stream(s, "a"), "text data", "%s: streamed in 3-byte reads", name);
    tap_is_str(get(s, "bkt", "zz", 100), "!NoSuchKey", "%s: a missing key", name);
    tap_is_str(get(s, "bkt", "b", 100), "!NoSuchKey", "%s: a key prefix is no key", name);
    tap_is_str(get(s, "nope", "a", 100), "!NoSuchBucket", "%s: a missing bucket", name);
    tap_is_int(objstore_put(s, "nope", "a", "x", 1, 0, &err), OBJSTORE_NO_SUCH_BUCKET,
               "%s: put into a missing bucket is refused, never creates it", name);
    tap_is_str(page_keys(s, NULL, NULL, 1000), "B a b/c b/d \xc3\xa9t\xc3\xa9",
               "%s: listing in UTF-8 binary order", name);
    tap_is_str(page_keys(s, NULL, NULL, 2), "B a +", "%s: a page of 2, truncated", name);
    tap_is_str(page_keys(s, NULL, "a", 2), "b/c b/d +", "%s: the next page (start after a)", name);
    tap_is_str(page_keys(s, NULL, "b/d", 2), "\xc3\xa9t\xc3\xa9", "%s: the last page", name);
    tap_is_str(page_keys(s, "b/", NULL, 1000), "b/c b/d", "%s: a prefix", name);
    tap_is_str(page_keys(s, "b/", "b/c", 1000), "b/d", "%s: a prefix with start_after", name);
    tap_is_str(page_keys(s, "a", NULL, 1000), "a", "%s: a prefix that is a key", name);
    tap_is_str(page_keys(s, "zz", NULL, 1000), "", "%s: a prefix nothing has", name);
    tap_is_str(page_keys(s, NULL, NULL, 0), " +", "%s: max_keys 0", name);
    objstore_list_query q = {"nope", NULL, NULL, 10};
    objstore_list_page page;
    tap_is_int(objstore_list(s, &q, &page, &err), OBJSTORE_NO_SUCH_BUCKET,
               "%s: listing a missing bucket", name);
    put(s, "a", "new text");
    tap_is_str(get(s, "bkt", "a", 100), "new text", "%s: put replaces", name);
    objstore_head_object(s, "bkt", "a", &h, &err);
    tap_is_int((long long)h.size, 8, "%s: with the new size", name);
    tap_is_int(objstore_remove(s, "bkt", "b/c", &err), OBJSTORE_OK, "%s: remove", name);
    tap_is_str(get(s, "bkt", "b/c", 100), "!NoSuchKey", "%s: a removed key is gone", name);
    tap_is_str(page_keys(s, "b/", NULL, 1000), "b/d", "%s: and no longer listed", name);
    tap_is_int(objstore_remove(s, "bkt", "b/c", &err), OBJSTORE_OK,
               "%s: removing a key that is not there is no error (as S3)", name);
    tap_is_int(objstore_remove(s, "bkt", "no/such/folder", &err), OBJSTORE_OK,
               "%s: nor under a folder that is not there", name);
    tap_is_int(objstore_remove(s, "nope", "a", &err), OBJSTORE_NO_SUCH_BUCKET,
               "%s: removing from a missing bucket", name);
    char buckets[256] = "";
    objstore_each_bucket(s, count_bucket, buckets);
    tap_is_str(buckets, "bkt;other-bkt;", "%s: each_bucket in byte order", name);
}

static objstore_status part(objstore *s, const char *key, uint64_t offset, const char *text,
                            bool last)
{
    return objstore_put_part(s, "bkt", key, offset, text, strlen(text), last, 2000, &err);
}

/* The attributes objstore_attrs gives for key, as compact JSON ("none" for NULL). */
static const char *attrs_of(objstore *s, const char *key)
{
    static char buf[256];
    jv *a = objstore_attrs(s, "bkt", key);
    char *text = a ? jv_dump_string(a, 0) : NULL;
    snprintf(buf, sizeof buf, "%s", text ? text : "none");
    free(text);
    jv_unref(a);
    return buf;
}

static objstore_status put_attrs(objstore *s, const char *key, const char *text,
                                 const char *attrs_json)
{
    jv *attrs = jv_parse(attrs_json, strlen(attrs_json), 0, NULL);
    objstore_status st = objstore_put_with_attrs(s, "bkt", key, text, strlen(text), attrs, 1000,
                                                 &err);
    jv_unref(attrs);
    return st;
}

/* An object's attributes (objstore_attrs), on either store. */
static void attrs_contract(objstore *s, const char *name)
{
    static const char type[] = "{\"ContentType\":\"text/plain\",\"Metadata\":{\"a\":\"1\"}}";
    tap_is_int(put_attrs(s, "at/x", "hello", type), OBJSTORE_OK, "%s: a put with attributes",
               name);
    tap_is_str(attrs_of(s, "at/x"), type, "  they are read back");
    tap_is_str(get(s, "bkt", "at/x", 100), "hello", "  with the object's bytes");
    put(s, "at/x", "again");
    tap_is_str(attrs_of(s, "at/x"), "none", "  a put without replaces them");
    put_attrs(s, "at/x", "hello", type);
    tap_is_int(objstore_remove(s, "bkt", "at/x", &err), OBJSTORE_OK, "  a remove");
    tap_is_str(attrs_of(s, "at/x"), "none", "  takes them with the object");
    put_attrs(s, "at/x", "hello", type);
    tap_is_int(part(s, "at/x", 0, "parts", true), OBJSTORE_OK, "  an object written in parts");
    tap_is_str(attrs_of(s, "at/x"), "none", "  over it has none");
    tap_is_str(attrs_of(s, "at/none"), "none", "%s: a key that is not there has none", name);
    put_attrs(s, "at/x", "hello", "{}");
    tap_is_str(attrs_of(s, "at/x"), "none", "%s: {} is none", name);
}

/* Objects written in parts (objstore_put_part), on either store. */
static void parts_contract(objstore *s, const char *name)
{
    tap_ok(objstore_can_put_parts(s), "%s: the store takes objects in parts", name);
    bool ok = part(s, "p/a", 0, "ab", false) == OBJSTORE_OK &&
              part(s, "p/b", 0, "12", false) == OBJSTORE_OK &&
              part(s, "p/a", 2, "cd", true) == OBJSTORE_OK;
    tap_ok(ok, "%s: parts of two objects, interleaved", name);
    tap_is_str(get(s, "bkt", "p/a", 100), "abcd", "  the one completed is there");
    tap_is_str(get(s, "bkt", "p/b", 100), "!NoSuchKey", "  the other is not, before its last");
    tap_is_int(part(s, "p/b", 2, "34", true), OBJSTORE_OK, "  its last part");
    tap_is_str(get(s, "bkt", "p/b", 100), "1234", "  and then it is");
    objstore_head h;
    char md5[33];
    objstore_md5_hex("abcd", 4, md5);
    char *data = NULL;
    size_t len;
    if (objstore_read_all(s, "bkt", "p/a", 100, &data, &len, &h, &err) != OBJSTORE_OK)
        h.etag[0] = '\0';
    engine_free(data);
    tap_is_str(h.etag, md5, "%s: its ETag is its content's MD5", name);

    tap_is_int(part(s, "p/c", 0, "xy", false), OBJSTORE_OK, "%s: a part begun", name);
    tap_is_int(part(s, "p/c", 5, "z", true), OBJSTORE_IO, "  one at the wrong offset fails");
    tap_is_int(part(s, "p/c", 2, "z", true), OBJSTORE_IO, "  and drops the object begun");
    tap_is_str(get(s, "bkt", "p/c", 100), "!NoSuchKey", "  which never appears");
    tap_is_int(part(s, "p/d", 3, "x", true), OBJSTORE_IO, "  a part of nothing begun fails");
    part(s, "p/e", 0, "old", false);
    tap_is_int(part(s, "p/e", 0, "new", true), OBJSTORE_OK, "  offset 0 begins again");
    tap_is_str(get(s, "bkt", "p/e", 100), "new", "  with only the new parts");
    tap_is_int(objstore_put_part(s, "nope-bkt", "k", 0, "x", 1, true, 0, &err),
               OBJSTORE_NO_SUCH_BUCKET, "  a bucket the store does not have");

    objstore_reader *r = NULL;
    char buf[16] = "";
    size_t got = 0;
    objstore_open(s, "bkt", "p/a", &r, NULL, &err);
    part(s, "p/a", 0, "zzzzzz", true);
    objstore_remove(s, "bkt", "p/b", &err);
    tap_ok(r && objstore_reader_read(r, buf, sizeof buf - 1, &got, &err) == OBJSTORE_OK &&
               got == 4 && !memcmp(buf, "abcd", 4),
           "%s: a reader keeps reading what it opened after a put replaced it", name);
    objstore_reader_close(r);
    tap_is_str(get(s, "bkt", "p/a", 100), "zzzzzz", "  and the new object is there");
    objstore_open(s, "bkt", "p/e", &r, NULL, &err);
    objstore_remove(s, "bkt", "p/e", &err);
    got = 0;
    tap_ok(r && objstore_reader_read(r, buf, sizeof buf - 1, &got, &err) == OBJSTORE_OK &&
               got == 3 && !memcmp(buf, "new", 3),
           "%s: and after a remove", name);
    objstore_reader_close(r);
}

static void memory_only(void)
{
    objstore *s = objstore_memory_new(20);
    tap_ok(objstore_is_memory(s), "the memory store says so");
    tap_ok(!objstore_memory_add_bucket(s, "ab"), "bucket names are 3 characters at least");
    tap_ok(!objstore_memory_add_bucket(s, "-abc"), "and start with a letter or digit");
    tap_ok(!objstore_memory_add_bucket(s, "a/bc"), "and have no '/'");
    tap_ok(objstore_memory_add_bucket(s, "bucket_name"), "'_' is accepted (legacy names, as "
           "the recordings use)");
    objstore_memory_add_bucket(s, "bkt");
    tap_is_int(objstore_put(s, "bkt", "k", "0123456789", 10, 1704164645000, &err), OBJSTORE_OK,
               "a put within the store's bound");
    objstore_head h;
    objstore_head_object(s, "bkt", "k", &h, &err);
    tap_is_int(h.last_modified_ms, 1704164645000, "LastModified is the time the put gave");
    tap_is_int(objstore_put(s, "bkt", "k2", "0123456789x", 11, 0, &err), OBJSTORE_TOO_LARGE,
               "a put past the store's bound is refused");
    tap_is_int(objstore_put(s, "bkt", "k", "01234567890123456789", 20, 0, &err), OBJSTORE_OK,
               "replacing counts the replaced object out");
    tap_is_int(objstore_put(s, "bkt", "", "x", 1, 0, &err), OBJSTORE_INVALID_KEY, "an empty key");
    tap_is_int(objstore_put(s, "bkt", "\xff", "x", 1, 0, &err), OBJSTORE_INVALID_KEY,
               "a key that is not UTF-8");
    char longkey[OBJSTORE_KEY_MAX + 2];
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    tap_is_int(objstore_put(s, "bkt", longkey, "x", 1, 0, &err), OBJSTORE_INVALID_KEY,
               "a key of 1025 bytes");
    objstore_free(s);
}

static char *tmpdir;

static char *path_of(const char *rel)
{
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", tmpdir, rel);
    return buf[i];
}

static void folder_only(objstore *s)
{
    tap_diag("the folder store's path safety and bounds");
    static const char *const bad[] = {"../outside", "x/../../outside", "/abs", "a//b", "a/",
                                      "./a", "a/."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tap_is_int(objstore_put(s, "bkt", bad[i], "x", 1, 0, &err), OBJSTORE_INVALID_KEY,
                   "put %s is refused", bad[i]);
        tap_ok(strstr(err.message, "cannot be a file under --s3-dir") != NULL, "  saying why: %s",
               err.message);
    }
    tap_ok(access(path_of("outside"), F_OK) != 0, "nothing was written outside the bucket");
    tap_is_int(objstore_put(s, "bkt", "x/y/z.json", "{}", 2, 0, &err), OBJSTORE_OK,
               "a key with '/' makes folders");
    struct stat st;
    tap_ok(stat(path_of("s3/bkt/x/y/z.json"), &st) == 0 && S_ISREG(st.st_mode),
           "  DIR/BUCKET/KEY is the file");

    tap_write_file(path_of("secret"), "SECRET", 6, NULL, 0);
    symlink(path_of("secret"), path_of("s3/bkt/leak"));
    tap_is_str(get(s, "bkt", "leak", 100), "!KeyTooLongError",
               "a symbolic link to a file outside is not followed");
    tap_ok(strstr(err.message, "symbolic link") != NULL, "  and the message says so: %s",
           err.message);
    tap_is_int(objstore_put(s, "bkt", "leak", "overwritten", 11, 0, &err), OBJSTORE_INVALID_KEY,
               "a put through that link is refused");
    tap_is_int(objstore_remove(s, "bkt", "leak", &err), OBJSTORE_INVALID_KEY,
               "removing that link is refused");
    char *secret = tap_read_file(path_of("secret"), NULL);
    tap_is_str(secret, "SECRET", "  and the file outside is unchanged");
    free(secret);
    mkdir(path_of("elsewhere"), 0755);
    tap_write_file(path_of("elsewhere/f"), "ELSE", 4, NULL, 0);
    symlink(path_of("elsewhere"), path_of("s3/bkt/dirlink"));
    tap_is_str(get(s, "bkt", "dirlink/f", 100), "!KeyTooLongError",
               "a symbolic link to a folder outside is not walked into");
    tap_is_int(objstore_put(s, "bkt", "dirlink/g", "x", 1, 0, &err), OBJSTORE_INVALID_KEY,
               "  nor written through");
    tap_ok(access(path_of("elsewhere/g"), F_OK) != 0, "  and nothing appeared there");
    symlink(path_of("elsewhere"), path_of("s3/linked-bkt"));
    tap_ok(!objstore_bucket_exists(s, "linked-bkt"), "a bucket that is a link is no bucket");
    tap_is_str(page_keys(s, "d", NULL, 100), "", "links are not listed");

    mkfifo(path_of("s3/bkt/fifo"), 0600);
    tap_is_str(get(s, "bkt", "fifo", 100), "!NoSuchKey", "a FIFO is no object (and no hang)");
    int fd = open(path_of("s3/bkt/huge"), O_WRONLY | O_CREAT, 0600);
    tap_ok(fd >= 0 && ftruncate(fd, 2LL * 1024 * 1024 * 1024) == 0, "a 2 GB (sparse) file");
    close(fd);
    tap_is_str(get(s, "bkt", "huge", (size_t)-1), "!EntityTooLarge",
               "is refused by its size, not read");
    unlink(path_of("s3/bkt/huge"));
    unlink(path_of("s3/bkt/fifo"));
    char msg[256];
    tap_ok(s3dir_open(path_of("secret"), msg, sizeof msg) == NULL && strstr(msg, "not a folder"),
           "--s3-dir on a file: %s", msg);
    tap_ok(s3dir_open(path_of("none"), msg, sizeof msg) == NULL, "--s3-dir on nothing: %s", msg);
}

/* --s3-dir keeps attributes for the run, for the file as the put wrote it. */
static void folder_attrs(objstore *s)
{
    put_attrs(s, "at/y", "hello", "{\"ContentType\":\"text/plain\"}");
    FILE *f = fopen(path_of("s3/bkt/at/y"), "w");
    if (f) {
        fputs("changed by someone else", f);
        fclose(f);
    }
    tap_is_str(attrs_of(s, "at/y"), "none", "folder: a file changed since its put has none");
    int wrong = 0;
    for (int i = 0; i < 300; i++) {   /* past the table's first sizes (64, 128, 256) */
        char key[32], attrs[64];
        snprintf(key, sizeof key, "many/%d", i);
        snprintf(attrs, sizeof attrs, "{\"ContentType\":\"t/%d\"}", i);
        put_attrs(s, key, "x", attrs);
    }
    for (int i = 0; i < 300; i++) {
        char key[32], want[64];
        snprintf(key, sizeof key, "many/%d", i);
        snprintf(want, sizeof want, "{\"ContentType\":\"t/%d\"}", i);
        wrong += strcmp(attrs_of(s, key), want) != 0;
    }
    tap_is_int(wrong, 0, "folder: 300 objects' attributes, each its own");
}

int main(void)
{
    objstore *m = objstore_memory_new(0);
    objstore_memory_add_bucket(m, "bkt");
    objstore_memory_add_bucket(m, "other-bkt");
    contract(m, "memory");
    parts_contract(m, "memory");
    attrs_contract(m, "memory");
    objstore_free(m);
    m = objstore_memory_new(10);
    objstore_memory_add_bucket(m, "bkt");
    part(m, "big", 0, "012345", false);
    tap_is_int(part(m, "big", 6, "6789ab", true), OBJSTORE_TOO_LARGE,
               "memory: parts past the store's bound are refused");
    tap_is_str(get(m, "bkt", "big", 100), "!NoSuchKey", "  and the object is dropped");
    objstore_free(m);
    memory_only();

    char templ[] = "/tmp/sfdbg-objstore-XXXXXX";
    tmpdir = mkdtemp(templ);
    mkdir(path_of("s3"), 0755);
    mkdir(path_of("s3/bkt"), 0755);
    mkdir(path_of("s3/other-bkt"), 0755);
    char msg[256];
    objstore *d = s3dir_open(path_of("s3"), msg, sizeof msg);
    tap_ok(d != NULL, "s3dir_open");
    contract(d, "folder");
    parts_contract(d, "folder");
    attrs_contract(d, "folder");
    folder_attrs(d);
    part(d, "p/left", 0, "half", false);
    objstore_free(d);
    d = s3dir_open(path_of("s3"), msg, sizeof msg);
    char ls[600];
    snprintf(ls, sizeof ls, "ls -A '%s' | grep -c sfdbg-part", path_of("s3/bkt/p"));
    FILE *pipe = popen(ls, "r");
    int left = -1;
    if (!pipe || fscanf(pipe, "%d", &left) != 1)
        left = -1;
    if (pipe)
        pclose(pipe);
    tap_is_int(left, 0, "folder: no temporary file is left, of a dropped or an unfinished object");
    folder_only(d);
    objstore_free(d);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", tmpdir);
    return tap_done();
}
