/* Unit tests: engine/itemreader — every InputType with small inline inputs (fed in chunks of
 * every size, so no item depends on where a read ends), the errors and their causes, the
 * limits, the options taken from a ReaderConfig, and a generated 1,000,000-line JSONL file
 * read with a bounded number of live allocations (the peak is printed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itemreader.h"
#include "jv_text.h"
#include "alloc_count.h"
#include "tap.h"

/* ---- a source over a string, chunk bytes per read ---- */

typedef struct {
    const char *text;
    size_t len, pos, chunk;
    bool fail_at_end; /* a read error instead of the end */
} text_source;

static ssize_t text_read(void *user, char *buf, size_t n)
{
    text_source *t = user;
    if (t->pos == t->len)
        return t->fail_at_end ? -1 : 0;
    size_t k = t->len - t->pos;
    if (k > t->chunk)
        k = t->chunk;
    if (k > n)
        k = n;
    memcpy(buf, t->text + t->pos, k);
    t->pos += k;
    return (ssize_t)k;
}

/* Reads everything: the items as one compact JSON array, or "!" and the cause. */
static char *read_all_with(const itemreader_options *o, const char *text, size_t chunk)
{
    text_source t = {text, strlen(text), 0, chunk, false};
    itemreader *r = itemreader_new(o, (itemreader_source){text_read, &t});
    jv *items = jv_array();
    jv *item;
    asl_error err = ASL_ERROR_INIT;
    itemreader_status s;
    while ((s = itemreader_next(r, &item, &err)) == ITEMREADER_ITEM)
        items = jv_array_append_take(items, item);
    char *out;
    if (s == ITEMREADER_ERROR) {
        size_t n = strlen(err.cause) + 2;
        out = malloc(n);
        snprintf(out, n, "!%s", err.cause);
        if (strcmp(err.name, "States.ItemReaderFailed") != 0)
            tap_diag("error name %s", err.name);
    } else {
        out = jv_dump_string(items, 0);
    }
    /* a finished reader stays finished */
    asl_error again = ASL_ERROR_INIT;
    if (itemreader_next(r, &item, &again) != s)
        tap_diag("a second call after the last one returned something else");
    asl_error_clear(&again);
    asl_error_clear(&err);
    jv_unref(items);
    itemreader_free(r);
    return out;
}

/* Checks that every chunk size from 1 to 9 and a large one give `want`. */
static void reads(const itemreader_options *o, const char *text, const char *want, const char *name)
{
    static const size_t chunks[] = {1, 2, 3, 5, 7, 9, 65536};
    bool same = true;
    char *first = read_all_with(o, text, chunks[0]);
    for (size_t i = 1; i < sizeof chunks / sizeof chunks[0]; i++) {
        char *got = read_all_with(o, text, chunks[i]);
        if (strcmp(got, first) != 0) {
            tap_diag("chunk %zu gives %s", chunks[i], got);
            same = false;
        }
        free(got);
    }
    tap_is_str(first, want, "%s", name);
    tap_ok(same, "  and the same whatever the reads' sizes");
    free(first);
}

static itemreader_options opts(itemreader_format f)
{
    itemreader_options o;
    memset(&o, 0, sizeof o);
    o.format = f;
    return o;
}

/* ---- JSON ---- */

static void test_json(void)
{
    itemreader_options o = opts(ITEMREADER_JSON);
    reads(&o, "[{\"a\":1},{\"b\":[1,2,{\"c\":\"]}\\\"\"}]}, \"s\", 3.5, true, null, []]",
          "[{\"a\":1},{\"b\":[1,2,{\"c\":\"]}\\\"\"}]},\"s\",3.5,true,null,[]]",
          "JSON: an array's elements, nested brackets and quotes in strings included");
    reads(&o, " \n [ ] \n", "[]", "JSON: an empty array has no items");
    reads(&o, "[[\"from-bucket-item-0\"]]", "[[\"from-bucket-item-0\"]]",
          "JSON: an array of arrays yields the inner arrays");
    reads(&o, "{\"Hello\": \"world\"}", "!Attempting to map over non-iterable node.",
          "JSON: an object is not iterable (AWS's cause)");
    reads(&o, "42", "!Attempting to map over non-iterable node.", "JSON: nor is a number");
    reads(&o, "", "!The JSON file is empty.", "JSON: an empty file");
    reads(&o, "[1,2,]", "!The JSON file is not valid JSON: unexpected ']' at line 1.",
          "JSON: a trailing comma");
    reads(&o, "[1,2", "!The JSON file ends inside its array.", "JSON: an array that does not end");
    reads(&o, "[1,", "!The JSON file ends where a value was expected.",
          "JSON: an array that ends after a comma");
    reads(&o, "[1 2]",
          "!The JSON file is not valid JSON: ',' or ']' expected after an item at line 1.",
          "JSON: a missing comma");
    reads(&o, "[{\"a\":1]]", "!The JSON file is not valid JSON: unexpected ']' at line 1.",
          "JSON: mismatched brackets");
    reads(&o, "[\n\n{\"a\":tru}]",
          "!The JSON file is not valid JSON near line 3: Unrecognized token 'tru': was expecting "
          "(JSON String, Number, Array, Object or token 'null', 'true' or 'false').",
          "JSON: an item that is not JSON, with its line");
    reads(&o, "[1] [2]", "!The JSON file has more after its array, at line 1.",
          "JSON: something after the array");
    reads(&o, "[\"abc", "!The JSON file ends inside a string.", "JSON: an unterminated string");
    o.max_items = 2;
    reads(&o, "[1,2,3,4", "[1,2]", "JSON: MaxItems stops reading (the rest is not read)");
}

static void test_json_pointer(void)
{
    static const struct {
        const char *pointer, *text, *want, *name;
    } cases[] = {
        {"/data/items",
         "{\"skip\":{\"items\":[9]},\"data\":{\"x\":[\"}\",{}],\"items\":[1,{\"k\":2}]},"
         "\"z\":1}",
         "[1,{\"k\":2}]", "selects a nested array, passing over other members"},
        {"/1/a~1b~0", "[{\"a/b~\":[0]},{\"a/b~\":[\"x\",\"y\"]}]", "[\"x\",\"y\"]",
         "array indexes and ~1 ~0 escapes"},
        {"/data", "{\"data\":{\"a\":1}}", "!Attempting to map over non-iterable node.",
         "selecting an object is not iterable"},
        {"/nope", "{\"data\":[1]}", "!The ItemsPointer '/nope' selects nothing in the JSON file.",
         "a missing member"},
        {"/5", "[[1],[2]]", "!The ItemsPointer '/5' selects nothing in the JSON file.",
         "an index past the end"},
        {"/01", "[[1],[2]]", "!The ItemsPointer '/01' selects nothing in the JSON file.",
         "a leading zero is not an index"},
        {"data", "{\"data\":[1]}", "!The ItemsPointer 'data' is not a JSON Pointer.",
         "must start with '/'"},
        {"/a~2", "{\"data\":[1]}", "!The ItemsPointer '/a~2' is not a JSON Pointer.",
         "a bad escape"},
        {"", "[7]", "[7]", "the empty pointer is the whole file"},
        {"/a", "{\"a\" 1}", "!The JSON file is not valid JSON: ':' expected at line 1.",
         "a member with no ':'"},
        {"/b", "{\"a\":1 \"b\":[]}",
         "!The JSON file is not valid JSON: ',' or '}' expected at line 1.",
         "members with no ',' between them"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        itemreader_options o = opts(ITEMREADER_JSON);
        o.items_pointer = cases[i].pointer;
        char name[120];
        snprintf(name, sizeof name, "ItemsPointer: %s", cases[i].name);
        reads(&o, cases[i].text, cases[i].want, name);
    }
}

/* ---- JSONL ---- */

static void test_jsonl(void)
{
    itemreader_options o = opts(ITEMREADER_JSONL);
    reads(&o, "{\"a\":1}\n\"two\"\r\n\n   \n[3]\n4", "[{\"a\":1},\"two\",[3],4]",
          "JSONL: one value a line, CRLF, blank lines skipped, no final newline");
    reads(&o, "", "[]", "JSONL: an empty file has no items");
    reads(&o, "{\"a\":1}\n{\"a\":\n",
          "!Line 2 of the JSONL file is not valid JSON: Unexpected end-"
          "of-input at column 6.",
          "JSONL: a line that is not JSON, with its number");
    reads(&o, "1 2\n",
          "!Line 1 of the JSONL file is not valid JSON: Unexpected character "
          "('2' (code 50)): expected end of input at column 3.",
          "JSONL: two values on a line");
    o.limits.max_item_bytes = 8;
    reads(&o, "[1,2]\n[1,2,3,4,5]\n", "!Line 2 of the JSONL file is longer than 8 bytes.",
          "JSONL: a line over the item limit");
    o.limits.max_item_bytes = 0;
    o.max_items = 1;
    reads(&o, "1\n2\n3\n", "[1]", "JSONL: MaxItems");
}

/* The first two items a reader gives for text. */
static void first_two(const itemreader_options *o, const char *text, jv **a, jv **b)
{
    text_source t = {text, strlen(text), 0, 4096, false};
    itemreader *r = itemreader_new(o, (itemreader_source){text_read, &t});
    asl_error err = ASL_ERROR_INIT;
    *a = *b = NULL;
    if (itemreader_next(r, a, &err) == ITEMREADER_ITEM)
        itemreader_next(r, b, &err);
    asl_error_clear(&err);
    itemreader_free(r);
}

/* A million records with the same fields hold the names once: every item's keys (and its
 * short strings) are the reader's shared values, which outlive the reader. */
static void test_shared_strings(void)
{
    itemreader_options o = opts(ITEMREADER_JSONL);
    jv *a, *b;
    first_two(&o, "{\"id\":1,\"tag\":\"x\",\"note\":\"a note longer than sixteen\"}\n"
                  "{\"id\":2,\"tag\":\"x\",\"note\":\"a note longer than sixteen\"}\n", &a, &b);
    tap_ok(a && b && jv_object_key_at(a, 0) == jv_object_key_at(b, 0),
           "JSONL: two lines share their keys");
    tap_ok(a && b && jv_object_get(a, "tag") == jv_object_get(b, "tag"),
           "... and their short string values");
    tap_ok(a && b && jv_object_get(a, "note") != jv_object_get(b, "note") &&
               jv_equal(jv_object_get(a, "note"), jv_object_get(b, "note")),
           "... but not the long ones (equal, separate)");
    char *text = a ? jv_dump_string(a, 0) : NULL;
    tap_is_str(text ? text : "(none)", "{\"id\":1,\"tag\":\"x\",\"note\":\"a note longer than sixteen\"}",
               "an item stays whole after its reader is freed");
    free(text);
    jv_unref(a);
    jv_unref(b);
    o = opts(ITEMREADER_CSV);
    first_two(&o, "k,v\n1,x\n2,x\n", &a, &b);
    tap_ok(a && b && jv_object_key_at(a, 1) == jv_object_key_at(b, 1) &&
               jv_object_get(a, "v") == jv_object_get(b, "v"),
           "CSV: rows share the header's names and short fields");
    jv_unref(a);
    jv_unref(b);
}

/* ---- CSV ---- */

static const char aws_csv[] = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\n"
                              "true,1,'HelloWorld'\nNull,None,\n   \n";

static void test_csv_headers(void)
{
    itemreader_options o = opts(ITEMREADER_CSV);
    jv *given = jv_parse_cstr("[\"H1\",\"H2\",\"H3\"]", NULL);
    o.header = ITEMREADER_HEADER_GIVEN;
    o.csv_headers = given;
    reads(&o, aws_csv,
          "[{\"H1\":\"Value1\",\"H2\":\"Value2\",\"H3\":\"Value3\"},"
          "{\"H1\":\"Value4\",\"H2\":\"Value5\",\"H3\":\"Value6\"},{\"H1\":\"\",\"H2\":\"\",\"H3\":"
          "\"\"},"
          "{\"H1\":\"true\",\"H2\":\"1\",\"H3\":\"'HelloWorld'\"},{\"H1\":\"Null\",\"H2\":\"None\","
          "\"H3\":\"\"},{\"H1\":\"   \",\"H2\":\"\",\"H3\":\"\"}]",
          "CSV GIVEN: values as strings, extra fields dropped, missing ones \"\" (as AWS)");
    jv_unref(given);
    given = jv_parse_cstr("[\"H1\",\"H1\",\"H3\"]", NULL);
    o.csv_headers = given;
    reads(&o, aws_csv, "!CSV headers cannot contain duplicates.", "CSV GIVEN: duplicate headers");
    jv_unref(given);
    given = jv_parse_cstr("[\"H1\",2]", NULL);
    o.csv_headers = given;
    reads(&o, aws_csv, "!CSVHeaders must be strings.", "CSV GIVEN: a header that is no string");
    jv_unref(given);
    o.csv_headers = NULL;
    reads(&o, aws_csv, "!CSVHeaderLocation GIVEN needs CSVHeaders, an array of strings.",
          "CSV GIVEN: no CSVHeaders");

    o.header = ITEMREADER_HEADER_FIRST_ROW;
    reads(&o, "0,True,{}\nValue4,Value5,Value6\n",
          "[{\"0\":\"Value4\",\"True\":\"Value5\",\"{}\":\"Value6\"}]",
          "CSV FIRST_ROW: the first row names the columns");
    reads(&o, "", "[]", "CSV FIRST_ROW: an empty file has no items");
    reads(&o, "a,b\n", "[]", "CSV FIRST_ROW: a header alone has no items");
    reads(&o, "a,b,a\n1,2,3\n", "!CSV headers cannot contain duplicates.",
          "CSV FIRST_ROW: duplicate headers");
    o.limits.max_header_bytes = 4;
    reads(&o, "abc,def\n1,2\n", "!CSV headers cannot exceed 4 bytes.",
          "CSV FIRST_ROW: headers over the limit (AWS: 10 KiB)");
}

static void test_csv_quoting(void)
{
    itemreader_options o = opts(ITEMREADER_CSV);
    reads(&o, "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",\"\"\r\n",
          "[{\"a\":\"x,1\",\"b\":\"say \\\"hi\\\"\"},{\"a\":\"multi\\nline\",\"b\":\"\"}]",
          "CSV: RFC 4180 quoting (delimiter, doubled quote, newline in a field), CRLF");
    reads(&o, "a,b\nit\"s,2\n", "[{\"a\":\"it\\\"s\",\"b\":\"2\"}]",
          "CSV: a quote inside an unquoted field is kept");
    reads(&o, "a,b\n\"open,2\n", "!Row 2 of the CSV file has a quoted field with no closing quote.",
          "CSV: an unterminated quote");
    reads(&o, "a,b\n\"x\"y,2\n", "!Row 2 of the CSV file has 'y' after a closing quote.",
          "CSV: text after a closing quote");
    reads(&o, "a,b\n\n\n1,2\n\n", "[{\"a\":\"1\",\"b\":\"2\"}]", "CSV: empty lines are skipped");
    o.limits.max_columns = 3;
    reads(&o, "a\n1,2,3,4\n", "!Row 2 of the CSV file has more than 3 fields.",
          "CSV: a row past the column limit");
    o.limits.max_columns = 0;
    o.limits.max_item_bytes = 6;
    reads(&o, "a,b\n123,456\n", "!Row 2 of the CSV file is larger than 6 bytes.",
          "CSV: a row over the item limit");
    o.limits.max_item_bytes = 0;
    o.max_items = 2;
    reads(&o, "c\n1\n2\n3\n", "[{\"c\":\"1\"},{\"c\":\"2\"}]",
          "CSV: MaxItems counts rows, not the header");
}

static void test_bom(void)
{
    itemreader_options o = opts(ITEMREADER_CSV);
    reads(&o, "\xEF\xBB\xBFid,name\n1,a\n", "[{\"id\":\"1\",\"name\":\"a\"}]",
          "CSV: a byte order mark is not part of the first header");
    o = opts(ITEMREADER_JSONL);
    reads(&o, "\xEF\xBB\xBF{\"a\":1}\n", "[{\"a\":1}]", "JSONL: nor of the first line");
    o = opts(ITEMREADER_JSON);
    reads(&o, "\xEF\xBB\xBF[1]", "[1]", "JSON: nor of the array");
    reads(&o, "\xEF\xBB", "!The JSON file is not valid JSON: unexpected '\xEF' at line 1.",
          "JSON: two bytes of one are just bytes");
    o = opts(ITEMREADER_CSV);
    reads(&o, "\xEF\xBC\x81,b\n1,2\n", "[{\"\xEF\xBC\x81\":\"1\",\"b\":\"2\"}]",
          "CSV: a character that starts like one is kept");
}

static void test_csv_delimiters(void)
{
    static const struct {
        char d;
        const char *text;
    } cases[] = {
        {'|', "a|b\n1|\"2|3\"\n"},
        {';', "a;b\n1;\"2;3\"\n"},
        {' ', "a b\n1 \"2 3\"\n"},
        {'\t', "a\tb\n1\t\"2\t3\"\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        itemreader_options o = opts(ITEMREADER_CSV);
        o.delimiter = cases[i].d;
        char want[64];
        snprintf(want, sizeof want, "[{\"a\":\"1\",\"b\":\"2%s3\"}]",
                 cases[i].d == '\t' ? "\\t" : (char[]){cases[i].d, 0});
        char name[64];
        snprintf(name, sizeof name, "CSV: delimiter 0x%02x", cases[i].d);
        reads(&o, cases[i].text, want, name);
    }
}

/* ---- MANIFEST ---- */

typedef struct {
    const char *keys[3], *bodies[3];
    text_source open[3];
    int opened, closed;
    char last_bucket[64];
} fake_store;

static int store_open(void *user, const char *bucket, const char *key, itemreader_source *out,
                      asl_error *err)
{
    fake_store *s = user;
    snprintf(s->last_bucket, sizeof s->last_bucket, "%s", bucket);
    for (int i = 0; i < 3 && s->keys[i]; i++) {
        if (strcmp(s->keys[i], key) == 0) {
            s->open[i] = (text_source){s->bodies[i], strlen(s->bodies[i]), 0, 3, false};
            *out = (itemreader_source){text_read, &s->open[i]};
            s->opened++;
            return 0;
        }
    }
    asl_error_set(err, "S3.NoSuchKey", "The specified key does not exist. (key %s)", key);
    return -1;
}

static void store_close(void *user, itemreader_source *src)
{
    fake_store *s = user;
    s->closed++;
}

static void test_manifest(void)
{
    fake_store store = {{"inv/data/a.csv", "inv/data/b.csv"},
                        {"src,k1,1\nsrc,\"k,2\",2\n", "\nsrc,k3,3"},
                        {{0}},
                        0,
                        0,
                        ""};
    itemreader_options o = opts(ITEMREADER_MANIFEST);
    o.open = store_open;
    o.close = store_close;
    o.open_user = &store;
    const char *manifest =
        "{\"sourceBucket\":\"src\",\"destinationBucket\":\"arn:aws:s3:::inventory-bucket\","
        "\"version\":\"2016-11-30\",\"fileFormat\":\"CSV\",\"fileSchema\":\"Bucket, Key, Size\","
        "\"files\":[{\"key\":\"inv/data/a.csv\",\"size\":20},{\"key\":\"inv/data/b.csv\"}]}";
    reads(&o, manifest,
          "[{\"Bucket\":\"src\",\"Key\":\"k1\",\"Size\":\"1\"},{\"Bucket\":\"src\",\"Key\":\"k,2\","
          "\"Size\":\"2\"},{\"Bucket\":\"src\",\"Key\":\"k3\",\"Size\":\"3\"}]",
          "MANIFEST: every data file's rows, keyed by fileSchema");
    tap_is_str(store.last_bucket, "inventory-bucket",
               "  the files are read from destinationBucket");
    tap_is_int(store.opened, store.closed, "  every file opened is closed");
    reads(&o, "{\"fileSchema\":\"Bucket\",\"destinationBucket\":\"b\",\"files\":[{\"key\":\"x\"}]}",
          "!The specified key does not exist. (key x)", "MANIFEST: a data file that is missing");
    reads(&o, "{\"fileSchema\":\"Bucket\",\"destinationBucket\":\"b\",\"files\":[{\"kiy\":\"x\"}]}",
          "!Entry 0 of the manifest's files has no key.", "MANIFEST: a file entry with no key");
    reads(&o,
          "{\"fileFormat\":\"ORC\",\"fileSchema\":\"Bucket\",\"destinationBucket\":\"b\","
          "\"files\":[]}",
          "!The S3 inventory's fileFormat must be CSV.", "MANIFEST: ORC inventories");
    reads(&o, "{\"files\":[]}",
          "!The manifest is not an S3 inventory manifest: it needs files, fileSchema and "
          "destinationBucket.",
          "MANIFEST: not an inventory manifest");
    reads(&o, "{\"files\":", "!The manifest is not valid JSON: Unexpected end-of-input at line 1.",
          "MANIFEST: not JSON");
    o.max_items = 2;
    reads(&o, manifest,
          "[{\"Bucket\":\"src\",\"Key\":\"k1\",\"Size\":\"1\"},{\"Bucket\":\"src\",\"Key\":\"k,2\","
          "\"Size\":\"2\"}]",
          "MANIFEST: MaxItems");
    tap_is_int(store.opened, store.closed, "  a file left half read is closed by itemreader_free");
}

/* ---- s3:listObjectsV2 ---- */

typedef struct {
    int next, fail_at;
} fake_listing;

static int list_next(void *user, itemreader_listed *out, asl_error *err)
{
    static const char *const keys[] = {"file_0.txt", "file_1.txt", "file_2.txt"};
    fake_listing *l = user;
    if (l->next == l->fail_at) {
        asl_error_set(err, "S3.NoSuchBucket", "The specified bucket does not exist");
        return -1;
    }
    if (l->next == 3)
        return 0;
    *out = (itemreader_listed){keys[l->next], 12, "\"0a1b\"", 1668699881 + l->next, NULL};
    l->next++;
    return 1;
}

static void test_listing(void)
{
    fake_listing l = {0, -1};
    itemreader_options o = opts(ITEMREADER_LISTING);
    o.list = list_next;
    o.list_user = &l;
    o.max_items = 2;
    char *listed = read_all_with(&o, "", 1);
    tap_is_str(listed,
               "[{\"Etag\":\"\\\"0a1b\\\"\",\"Key\":\"file_0.txt\",\"LastModified\":1668699881,"
               "\"Size\":12,"
               "\"StorageClass\":\"STANDARD\"},{\"Etag\":\"\\\"0a1b\\\"\",\"Key\":\"file_1.txt\","
               "\"LastModified\":1668699882,\"Size\":12,\"StorageClass\":\"STANDARD\"}]",
               "listObjectsV2: each object shaped as AWS's item; MaxItems");
    free(listed);
    l = (fake_listing){0, 1};
    char *got = NULL;
    {
        itemreader *r = itemreader_new(&o, (itemreader_source){NULL, NULL});
        jv *item;
        asl_error err = ASL_ERROR_INIT;
        itemreader_status s1 = itemreader_next(r, &item, &err);
        jv_unref(item);
        itemreader_status s2 = itemreader_next(r, &item, &err);
        tap_ok(s1 == ITEMREADER_ITEM && s2 == ITEMREADER_ERROR,
               "listObjectsV2: a listing that fails");
        got = err.cause ? strdup(err.cause) : NULL;
        tap_is_str(err.name, "States.ItemReaderFailed", "  as States.ItemReaderFailed");
        asl_error_clear(&err);
        itemreader_free(r);
    }
    tap_is_str(got, "The specified bucket does not exist", "  with the lister's cause");
    free(got);
}

/* ---- sources that fail, limits on the whole ---- */

static void test_source_errors(void)
{
    itemreader_options o = opts(ITEMREADER_JSONL);
    text_source t = {"1\n2\n", 4, 0, 2, true};
    itemreader *r = itemreader_new(&o, (itemreader_source){text_read, &t});
    jv *item;
    asl_error err = ASL_ERROR_INIT;
    int items = 0;
    itemreader_status s;
    while ((s = itemreader_next(r, &item, &err)) == ITEMREADER_ITEM) {
        jv_unref(item);
        items++;
    }
    tap_ok(s == ITEMREADER_ERROR && items == 2, "a read that fails ends the reading with an error");
    tap_is_str(err.cause, "The ItemReader could not read its object.", "  saying so");
    asl_error_clear(&err);
    itemreader_free(r);

    o.limits.max_total_bytes = 10;
    reads(&o, "1\n2\n3\n4\n5\n6\n", "!The ItemReader's input is larger than 10 bytes.",
          "a file over the total limit");
    itemreader_free(NULL);
    tap_ok(1, "itemreader_free(NULL) does nothing");
}

/* ---- options from a ReaderConfig ---- */

static char *options_of(const char *resource, const char *config, itemreader_options *o)
{
    jv *rc = config ? jv_parse_cstr(config, NULL) : NULL;
    asl_error err = ASL_ERROR_INIT;
    char *out = NULL;
    if (!itemreader_options_from_json(o, resource, rc, &err)) {
        out = strdup(err.cause);
        asl_error_clear(&err);
    }
    /* the options borrow from rc: tests read only their scalars afterwards */
    o->csv_headers = NULL;
    o->items_pointer = NULL;
    jv_unref(rc);
    return out;
}

static void test_options(void)
{
    const char *get = "arn:aws:states:::s3:getObject";
    itemreader_options o;
    char *e = options_of(get,
                         "{\"InputType\":\"CSV\",\"CSVHeaderLocation\":\"GIVEN\","
                         "\"CSVDelimiter\":\"PIPE\",\"MaxItems\":\"2\"}",
                         &o);
    tap_ok(!e && o.format == ITEMREADER_CSV && o.header == ITEMREADER_HEADER_GIVEN &&
               o.delimiter == '|' && o.max_items == 2,
           "options: CSV, GIVEN, PIPE and MaxItems as a numeric string");
    free(e);
    static const struct {
        const char *config, *cause;
    } bad[] = {
        {"{\"InputType\":\"CSV\",\"MaxItems\":-1}", "field MaxItems must be positive"},
        {"{\"InputType\":\"JSON\",\"MaxItems\":1.5}", "field MaxItems must be an integer"},
        {"{\"InputType\":\"JSON\",\"MaxItems\":\"x\"}", "field MaxItems must be a number"},
        {"{\"InputType\":\"PARQUET\"}", "sfdbg does not read InputType PARQUET."},
        {"{\"InputType\":\"XML\"}", "ReaderConfig.InputType must be CSV, JSON, JSONL or MANIFEST."},
        {"{\"InputType\":\"CSV\",\"CSVDelimiter\":\"COLON\"}",
         "CSVDelimiter must be COMMA, PIPE, SEMICOLON, SPACE or TAB."},
        {"{\"InputType\":\"MANIFEST\",\"ManifestType\":\"ATHENA_DATA\"}",
         "sfdbg reads S3_INVENTORY manifests only."},
        {"{}", "An s3:getObject ItemReader needs ReaderConfig.InputType."},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = options_of(get, bad[i].config, &o);
        tap_is_str(e, bad[i].cause, "options: %s", bad[i].config);
        free(e);
    }
    e = options_of(get, "{\"InputType\":\"JSON\",\"MaxItems\":100000001}", &o);
    tap_ok(!e && o.max_items == ITEMREADER_MAX_ITEMS_CEILING, "options: MaxItems past 100,000,000 "
                                                              "reads 100,000,000 at most");
    free(e);
    e = options_of(get, "{\"InputType\":\"JSON\",\"MaxItems\":0}", &o);
    tap_ok(!e && o.max_items == 0, "options: MaxItems 0 is no limit");
    free(e);
    e = options_of("arn:aws:states:::s3:listObjectsV2", NULL, &o);
    tap_ok(!e && o.format == ITEMREADER_LISTING, "options: listObjectsV2 needs no ReaderConfig");
    free(e);
    e = options_of("arn:aws:states:::s3:putObject", NULL, &o);
    tap_is_str(e, "An ItemReader's Resource must be s3:getObject or s3:listObjectsV2.",
               "options: another Resource");
    free(e);
}

/* ---- streaming: a generated 1,000,000-line JSONL file, live allocations counted ---- */

typedef struct {
    long lines, next;
    char pending[64];
    size_t plen, ppos;
} lines_source;

static ssize_t lines_read(void *user, char *buf, size_t n)
{
    lines_source *s = user;
    size_t k = 0;
    while (k < n) {
        if (s->ppos == s->plen) {
            if (s->next == s->lines)
                break;
            s->plen = (size_t)snprintf(s->pending, sizeof s->pending,
                                       "{\"id\":%ld,\"name\":\"item-%ld\"}\n", s->next, s->next);
            s->ppos = 0;
            s->next++;
        }
        buf[k++] = s->pending[s->ppos++];
    }
    return (ssize_t)k;
}

static void test_streaming(void)
{
    alloc_count count = {0, 0, 0, 0};
    engine_allocator a = {alloc_count_hook, NULL, &count};
    const engine_allocator *prev = engine_alloc_enter(&a);
    lines_source src = {1000000, 0, "", 0, 0};
    itemreader_options o = opts(ITEMREADER_JSONL);
    itemreader *r = itemreader_new(&o, (itemreader_source){lines_read, &src});
    jv *item;
    asl_error err = ASL_ERROR_INIT;
    long n = 0, id_sum_ok = 1;
    while (itemreader_next(r, &item, &err) == ITEMREADER_ITEM) {
        if (jv_number_value(jv_object_get(item, "id")) != (double)n)
            id_sum_ok = 0;
        jv_unref(item);
        n++;
    }
    uint64_t bytes = itemreader_bytes_read(r);
    itemreader_free(r);
    engine_alloc_leave(prev);
    tap_is_int(n, 1000000, "streaming: a 1,000,000-line JSONL file yields 1,000,000 items");
    tap_ok(id_sum_ok, "  in order");
    tap_diag("streaming: %llu bytes read; peak %ld live allocations, %zu live bytes",
             (unsigned long long)bytes, count.peak_live, count.peak_bytes);
    /* the reader's own, and its table of shared strings (every short name here is new) */
    tap_ok(count.peak_live < 64 + JV_INTERN_SLOTS,
           "  with at most 64 allocations live at once besides the shared strings (peak %ld)",
           count.peak_live);
    tap_ok(count.peak_bytes < 256 * 1024 + JV_INTERN_SLOTS * 128,
           "  and under 256 KiB live besides them (peak %zu bytes)", count.peak_bytes);
    tap_is_int(count.live, 0, "  and nothing left allocated");
}

int main(void)
{
    test_shared_strings();
    test_json();
    test_json_pointer();
    test_jsonl();
    test_csv_headers();
    test_csv_quoting();
    test_csv_delimiters();
    test_bom();
    test_manifest();
    test_listing();
    test_source_errors();
    test_options();
    test_streaming();
    return tap_done();
}
