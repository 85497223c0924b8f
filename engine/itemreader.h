/*
 * itemreader — a Distributed Map's ItemReader: the bytes of an S3 object (or an S3
 * listing) turned into Map items, one at a time.
 *
 * Streaming: the caller hands a byte source (a read callback) and pulls items with
 * itemreader_next; the reader keeps one buffer of input and the item being built, never
 * the object, so a 1,000,000-line JSONL file costs what its longest line costs. Formats
 * (ReaderConfig.InputType): JSON (an array; or, with ItemsPointer, the array a JSON
 * Pointer selects), JSONL (one JSON value a line), CSV (RFC 4180 quoting, CSVDelimiter,
 * CSVHeaderLocation FIRST_ROW or GIVEN; every value a string, as AWS gives them) and
 * MANIFEST (an S3 inventory manifest.json: its CSV data files, opened through the
 * options' `open` callback, rows keyed by the manifest's fileSchema). An s3:listObjectsV2
 * reader takes listed objects from a callback instead and shapes each as AWS's item.
 * docs/map-data.md, "ItemReader", says what each format yields and where AWS was followed.
 *
 * Errors: a file that is not what InputType says, a limit passed, a source that fails:
 * itemreader_next returns ITEMREADER_ERROR with States.ItemReaderFailed and a cause
 * (AWS's text where AWS's is known: "CSV headers cannot contain duplicates.",
 * "Attempting to map over non-iterable node.", "field MaxItems must be positive"). An
 * error is final: every later call returns it again. Never a crash, never unbounded
 * memory: every buffer has the limit of itemreader_limits.
 *
 * Ownership: the reader copies what it keeps of the options (strings, headers); the
 * source's `user` and the callbacks' are borrowed and must outlive the reader. Items
 * returned are new references the caller owns. Allocations go through engine/alloc.h.
 */
#ifndef SFDBG_ITEMREADER_H
#define SFDBG_ITEMREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "asl_error.h"
#include "jv.h"

/* Reads up to n bytes into buf: the count (> 0), 0 at the end, < 0 on failure. */
typedef ssize_t (*itemreader_read_fn)(void *user, char *buf, size_t n);

typedef struct {
    itemreader_read_fn read;
    void *user;
} itemreader_source;

typedef enum {
    ITEMREADER_JSON,
    ITEMREADER_JSONL,
    ITEMREADER_CSV,
    ITEMREADER_MANIFEST, /* S3 inventory manifest.json */
    ITEMREADER_LISTING,  /* s3:listObjectsV2 */
} itemreader_format;

typedef enum { ITEMREADER_HEADER_FIRST_ROW, ITEMREADER_HEADER_GIVEN } itemreader_header;

/* One object of an s3:listObjectsV2 listing, as the caller's lister gives it (borrowed
 * for the call). */
typedef struct {
    const char *key;
    uint64_t size;
    const char *etag;          /* with S3's quotes: "\"9b2cf5...\"" */
    int64_t last_modified;     /* seconds since the epoch */
    const char *storage_class; /* NULL: "STANDARD" */
} itemreader_listed;

/* The next listed object: 1 and *out filled, 0 at the end, -1 on failure (err set). */
typedef int (*itemreader_list_fn)(void *user, itemreader_listed *out, asl_error *err);
/* Opens bucket/key (a MANIFEST's data file): 0 and *out set, or -1 with err set (e.g.
 * S3.NoSuchKey, which becomes the reader's cause). */
typedef int (*itemreader_open_fn)(void *user, const char *bucket, const char *key,
                                  itemreader_source *out, asl_error *err);
/* Closes a source `open` gave (may be NULL). */
typedef void (*itemreader_close_fn)(void *user, itemreader_source *src);

/* Bounds; 0 takes the default. */
typedef struct {
    size_t max_item_bytes;    /* one JSON item, JSONL line or CSV row: 8 MiB */
    size_t max_header_bytes;  /* the CSV header row, as AWS: 10 KiB */
    size_t max_columns;       /* fields in a CSV row: 10,000 */
    uint64_t max_total_bytes; /* everything read, all files: 10 GiB */
} itemreader_limits;

#define ITEMREADER_DEFAULT_MAX_ITEM_BYTES ((size_t)8 << 20)
#define ITEMREADER_DEFAULT_MAX_HEADER_BYTES ((size_t)10 << 10)
#define ITEMREADER_DEFAULT_MAX_COLUMNS ((size_t)10000)
#define ITEMREADER_DEFAULT_MAX_TOTAL_BYTES ((uint64_t)10 << 30)
/* AWS's ceiling on MaxItems; a larger number reads at most this many. */
#define ITEMREADER_MAX_ITEMS_CEILING ((uint64_t)100000000)

typedef struct {
    itemreader_format format;
    itemreader_header header;  /* CSV */
    const jv *csv_headers;     /* GIVEN: an array of strings (borrowed) */
    char delimiter;            /* CSV; 0 is ',' */
    const char *items_pointer; /* JSON: RFC 6901 pointer, or NULL */
    uint64_t max_items;        /* 0: no limit */
    itemreader_limits limits;
    /* MANIFEST: how its data files are opened and closed */
    itemreader_open_fn open;
    itemreader_close_fn close;
    void *open_user;
    /* LISTING */
    itemreader_list_fn list;
    void *list_user;
} itemreader_options;

typedef struct itemreader itemreader;

/* Fills o (zeroed first) from an ItemReader's Resource and its ReaderConfig, evaluated
 * (MaxItemsPath or a JSONata MaxItems already resolved to its value: a number or a
 * numeric string). Pointers in o borrow from reader_config; callbacks and limits are left
 * for the caller. false with States.ItemReaderFailed in err for a value AWS refuses at
 * run time (a negative MaxItems), an unknown InputType or delimiter, PARQUET (not read by
 * sfdbg) or ATHENA_DATA manifests. */
bool itemreader_options_from_json(itemreader_options *o, const char *resource,
                                  const jv *reader_config, asl_error *err);

/* A reader of src (ignored for LISTING). Never fails: a bad option is reported by the
 * first itemreader_next. */
itemreader *itemreader_new(const itemreader_options *o, itemreader_source src);

typedef enum { ITEMREADER_ERROR = -1, ITEMREADER_END = 0, ITEMREADER_ITEM = 1 } itemreader_status;

/* The next item (*item owned by the caller), the end, or the error (err filled). */
itemreader_status itemreader_next(itemreader *r, jv **item, asl_error *err);

/* Items returned so far, and bytes read from the sources so far. */
uint64_t itemreader_items_read(const itemreader *r);
uint64_t itemreader_bytes_read(const itemreader *r);

/* Closes a MANIFEST data file still open, frees everything. NULL-safe. */
void itemreader_free(itemreader *r);

#endif
