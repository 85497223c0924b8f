/* itemreader — ItemReader formats as pull parsers over a byte source (see itemreader.h). */
#include "itemreader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "strbuf.h"

#define ERROR_NAME "States.ItemReaderFailed"
#define NON_ITERABLE "Attempting to map over non-iterable node."
#define INPUT_BUFFER_BYTES 65536
/* what peek/get return besides a byte */
#define END_OF_INPUT (-1)
#define INPUT_FAILED (-2)

typedef enum { PHASE_START, PHASE_ITEMS, PHASE_TAIL, PHASE_DONE, PHASE_FAILED } reader_phase;

struct itemreader {
    itemreader_options o; /* limits filled in; the borrowed strings below are copies */
    char *items_pointer;
    jv *headers; /* CSV, MANIFEST: the column names */
    itemreader_source src;
    bool src_from_open; /* MANIFEST: src is a data file `open` gave */
    char *buf;
    size_t len, pos;
    bool eof;
    uint64_t total, items;
    long line; /* 1-based line of the current source */
    reader_phase phase;
    strbuf text;  /* the JSON item, JSONL line or manifest being read */
    strbuf field; /* CSV: the field being read */
    char open_brackets[JV_MAX_DEPTH];
    jv *files; /* MANIFEST: its "files" */
    size_t next_file;
    char *bucket;    /* MANIFEST: the data files' bucket */
    jv_intern *intern; /* keys and short strings shared by all items (jv_text.h) */
    asl_error error; /* once PHASE_FAILED: what every call reports */
};

/* ---- failing ---- */

/* Records the error (a printf-style cause) and returns false, for `return fail(r, ...)`. */
#define fail(r, ...) (asl_error_set(&(r)->error, ERROR_NAME, __VA_ARGS__), mark_failed(r))

static bool mark_failed(itemreader *r)
{
    r->phase = PHASE_FAILED;
    return false;
}

static bool failed(const itemreader *r) { return r->phase == PHASE_FAILED; }

/* ---- input ---- */

/* Reads more input after what is buffered (moved to the buffer's start): false at the end
 * or on failure. */
static bool fill(itemreader *r)
{
    if (r->eof || failed(r))
        return false;
    memmove(r->buf, r->buf + r->pos, r->len - r->pos);
    r->len -= r->pos;
    r->pos = 0;
    size_t room = INPUT_BUFFER_BYTES - r->len;
    ssize_t n = r->src.read ? r->src.read(r->src.user, r->buf + r->len, room) : 0;
    if (n < 0 || (size_t)n > room)
        return fail(r, "The ItemReader could not read its object.");
    if (n == 0) {
        r->eof = true;
        return false;
    }
    r->total += (uint64_t)n;
    if (r->total > r->o.limits.max_total_bytes)
        return fail(r, "The ItemReader's input is larger than %llu bytes.",
                    (unsigned long long)r->o.limits.max_total_bytes);
    r->len += (size_t)n;
    return true;
}

/* Passes over a UTF-8 byte order mark at the start of a source (spreadsheets write one). */
static void skip_bom(itemreader *r)
{
    while (r->len - r->pos < 3 && fill(r))
        ;
    if (r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
        r->pos += 3;
}

static int peek(itemreader *r)
{
    if (r->pos == r->len && !fill(r))
        return failed(r) ? INPUT_FAILED : END_OF_INPUT;
    return (unsigned char)r->buf[r->pos];
}

static int get(itemreader *r)
{
    int c = peek(r);
    if (c >= 0) {
        r->pos++;
        if (c == '\n')
            r->line++;
    }
    return c;
}

static void use_source(itemreader *r, itemreader_source src)
{
    r->src = src;
    r->len = r->pos = 0;
    r->eof = false;
    r->line = 1;
}

static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_space(itemreader *r)
{
    while (is_space(peek(r)))
        get(r);
}

/* ---- JSON values, scanned for their extent and kept (sink) or skipped (NULL) ---- */

static bool keep(itemreader *r, strbuf *sink, int c)
{
    if (!sink)
        return true;
    strbuf_putc(sink, (char)c);
    if (sink->toobig)
        return fail(r, "An item of the JSON file near line %ld is larger than %zu bytes.", r->line,
                    r->o.limits.max_item_bytes);
    return true;
}

/* The rest of a string whose opening quote was consumed (and kept). */
static bool scan_string_rest(itemreader *r, strbuf *sink)
{
    for (;;) {
        int c = get(r);
        if (c < 0)
            return c == END_OF_INPUT && fail(r, "The JSON file ends inside a string.");
        if (!keep(r, sink, c))
            return false;
        if (c == '"')
            return true;
        if (c == '\\') {
            c = get(r);
            if (c < 0)
                return c == END_OF_INPUT && fail(r, "The JSON file ends inside a string.");
            if (!keep(r, sink, c))
                return false;
        }
    }
}

static bool scan_nested(itemreader *r, strbuf *sink)
{
    size_t depth = 0;
    for (;;) {
        int c = get(r);
        if (c < 0)
            return c == END_OF_INPUT && fail(r, "The JSON file ends inside an array or object.");
        if (!keep(r, sink, c))
            return false;
        if (c == '"') {
            if (!scan_string_rest(r, sink))
                return false;
        } else if (c == '[' || c == '{') {
            if (depth == JV_MAX_DEPTH)
                return fail(r, "The JSON file is nested deeper than %d levels near line %ld.",
                            JV_MAX_DEPTH, r->line);
            r->open_brackets[depth++] = (char)c;
        } else if (c == ']' || c == '}') {
            if (r->open_brackets[depth - 1] != (c == ']' ? '[' : '{'))
                return fail(r, "The JSON file is not valid JSON: unexpected '%c' at line %ld.", c,
                            r->line);
            if (--depth == 0)
                return true;
        }
    }
}

static bool ends_scalar(int c)
{
    return c < 0 || c == 0 || is_space(c) || strchr(",]}:[{\"", c) != NULL;
}

/* One value (its text appended to sink when not NULL). Strings and nesting are checked
 * here; the rest of a kept value's syntax by jv_parse, a skipped one's not at all. */
static bool scan_value(itemreader *r, strbuf *sink)
{
    skip_space(r);
    int c = peek(r);
    if (c == INPUT_FAILED)
        return false;
    if (c == END_OF_INPUT)
        return fail(r, "The JSON file ends where a value was expected.");
    if (c == '"') {
        get(r);
        return keep(r, sink, c) && scan_string_rest(r, sink);
    }
    if (c == '[' || c == '{')
        return scan_nested(r, sink);
    if (ends_scalar(c))
        return fail(r, "The JSON file is not valid JSON: unexpected '%c' at line %ld.", c, r->line);
    while (!ends_scalar(c = peek(r))) {
        get(r);
        if (!keep(r, sink, c))
            return false;
    }
    return c != INPUT_FAILED;
}

/* The value whose text is in r->text, or NULL having failed. */
static jv *parse_text(itemreader *r)
{
    jv_parse_error perr;
    jv *v = jv_parse_interned(strbuf_str(&r->text), r->text.len, 0, &perr, r->intern);
    if (!v)
        fail(r, "The JSON file is not valid JSON near line %ld: %s.", r->line, perr.message);
    return v;
}

static jv *scan_and_parse(itemreader *r)
{
    strbuf_reset(&r->text);
    return scan_value(r, &r->text) ? parse_text(r) : NULL;
}

/* ---- ItemsPointer: walking to the array without keeping what is passed ---- */

typedef enum { SEEK_ERROR = -1, SEEK_MISSING = 0, SEEK_FOUND = 1 } seek_result;

/* What the walk expected and did not find (unless the input itself failed). */
static seek_result seek_fail(itemreader *r, const char *expected)
{
    if (!failed(r))
        fail(r, "The JSON file is not valid JSON: %s expected at line %ld.", expected, r->line);
    return SEEK_ERROR;
}

/* Passes over a value and what follows it: SEEK_FOUND when a ',' says another comes,
 * SEEK_MISSING at the container's end (close). */
static seek_result seek_past_value(itemreader *r, int close)
{
    if (!scan_value(r, NULL))
        return SEEK_ERROR;
    skip_space(r);
    int c = get(r);
    if (c == close)
        return SEEK_MISSING;
    return c == ',' ? SEEK_FOUND : seek_fail(r, close == '}' ? "',' or '}'" : "',' or ']'");
}

static seek_result seek_member(itemreader *r, const strbuf *name)
{
    for (;;) {
        skip_space(r);
        int c = peek(r);
        if (c == '}' || c < 0)
            return c == INPUT_FAILED ? SEEK_ERROR : SEEK_MISSING;
        if (c != '"')
            return seek_fail(r, "a member name");
        jv *key = scan_and_parse(r);
        if (!key)
            return SEEK_ERROR;
        bool match = jv_string_length(key) == name->len &&
                     memcmp(jv_string_value(key), strbuf_str(name), name->len) == 0;
        jv_unref(key);
        skip_space(r);
        if (get(r) != ':')
            return seek_fail(r, "':'");
        if (match)
            return SEEK_FOUND;
        seek_result next = seek_past_value(r, '}');
        if (next != SEEK_FOUND)
            return next;
    }
}

/* An array index token as RFC 6901 spells it ("0", or digits not starting with 0). */
static bool pointer_index(const strbuf *tok, uint64_t *index)
{
    const char *s = strbuf_str(tok);
    if (tok->len == 0 || tok->len > 15 || (tok->len > 1 && s[0] == '0'))
        return false;
    *index = 0;
    for (size_t i = 0; i < tok->len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *index = *index * 10 + (uint64_t)(s[i] - '0');
    }
    return true;
}

static seek_result seek_element(itemreader *r, const strbuf *tok)
{
    uint64_t index;
    if (!pointer_index(tok, &index))
        return SEEK_MISSING;
    for (uint64_t i = 0;; i++) {
        skip_space(r);
        int c = peek(r);
        if (c == ']' || c < 0)
            return c == INPUT_FAILED ? SEEK_ERROR : SEEK_MISSING;
        if (i == index)
            return SEEK_FOUND;
        seek_result next = seek_past_value(r, ']');
        if (next != SEEK_FOUND)
            return next;
    }
}

/* The next reference token of *p (after its '/'), unescaped into tok; false if malformed. */
static bool pointer_token(const char **p, strbuf *tok)
{
    strbuf_reset(tok);
    for ((*p)++; **p && **p != '/'; (*p)++) {
        char c = **p;
        if (c == '~') {
            char e = *++(*p);
            if (e != '0' && e != '1')
                return false;
            c = e == '0' ? '~' : '/';
        }
        strbuf_putc(tok, c);
    }
    return true;
}

static bool seek_pointer(itemreader *r)
{
    const char *p = r->items_pointer;
    if (*p && *p != '/')
        return fail(r, "The ItemsPointer '%s' is not a JSON Pointer.", r->items_pointer);
    strbuf tok;
    strbuf_init(&tok, 0);
    seek_result found = SEEK_FOUND;
    while (found == SEEK_FOUND && *p == '/') {
        if (!pointer_token(&p, &tok)) {
            strbuf_cleanup(&tok);
            return fail(r, "The ItemsPointer '%s' is not a JSON Pointer.", r->items_pointer);
        }
        skip_space(r);
        int c = get(r);
        found = c == '{'            ? seek_member(r, &tok)
                : c == '['          ? seek_element(r, &tok)
                : c == INPUT_FAILED ? SEEK_ERROR
                                    : SEEK_MISSING;
    }
    strbuf_cleanup(&tok);
    if (found == SEEK_MISSING)
        fail(r, "The ItemsPointer '%s' selects nothing in the JSON file.", r->items_pointer);
    return found == SEEK_FOUND;
}

/* ---- InputType JSON ---- */

/* Positions the reader inside the array (PHASE_ITEMS), or past an empty one. */
static bool json_open(itemreader *r)
{
    skip_bom(r);
    if (r->items_pointer && !seek_pointer(r))
        return false;
    skip_space(r);
    int c = peek(r);
    if (c == '[') {
        get(r);
        skip_space(r);
        r->phase = PHASE_ITEMS;
        if (peek(r) == ']') {
            get(r);
            r->phase = r->items_pointer ? PHASE_DONE : PHASE_TAIL;
        }
        return !failed(r);
    }
    if (c == INPUT_FAILED)
        return false;
    if (c == END_OF_INPUT)
        return fail(r, "The JSON file is empty.");
    if (c == '{' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
        c == 'n')
        return fail(r, NON_ITERABLE);
    return fail(r, "The JSON file is not valid JSON: unexpected '%c' at line %ld.", c, r->line);
}

static itemreader_status json_next(itemreader *r, jv **item)
{
    if (r->phase == PHASE_START && !json_open(r))
        return ITEMREADER_ERROR;
    if (r->phase == PHASE_TAIL) {
        skip_space(r);
        int c = peek(r);
        if (c >= 0)
            fail(r, "The JSON file has more after its array, at line %ld.", r->line);
        return c == END_OF_INPUT ? ITEMREADER_END : ITEMREADER_ERROR;
    }
    if (r->phase == PHASE_DONE)
        return ITEMREADER_END;
    jv *v = scan_and_parse(r);
    if (!v)
        return ITEMREADER_ERROR;
    skip_space(r);
    int c = get(r);
    if (c == ']') {
        r->phase = r->items_pointer ? PHASE_DONE : PHASE_TAIL;
    } else if (c != ',') {
        jv_unref(v);
        if (c == END_OF_INPUT)
            fail(r, "The JSON file ends inside its array.");
        else if (!failed(r))
            fail(r,
                 "The JSON file is not valid JSON: ',' or ']' expected after an item at line %ld.",
                 r->line);
        return ITEMREADER_ERROR;
    }
    *item = v;
    return ITEMREADER_ITEM;
}

/* ---- InputType JSONL ---- */

static bool blank(const strbuf *sb)
{
    for (size_t i = 0; i < sb->len; i++)
        if (!is_space((unsigned char)sb->buf[i]))
            return false;
    return true;
}

static itemreader_status jsonl_next(itemreader *r, jv **item)
{
    if (r->phase == PHASE_START) {
        skip_bom(r);
        if (failed(r))
            return ITEMREADER_ERROR;
        r->phase = PHASE_ITEMS;
    }
    for (;;) {
        long line = r->line;
        strbuf_reset(&r->text);
        int c;
        bool any = false;
        while ((c = get(r)) >= 0 && c != '\n') {
            any = true;
            strbuf_putc(&r->text, (char)c);
            if (r->text.toobig) {
                fail(r, "Line %ld of the JSONL file is longer than %zu bytes.", line,
                     r->o.limits.max_item_bytes);
                return ITEMREADER_ERROR;
            }
        }
        if (c == INPUT_FAILED)
            return ITEMREADER_ERROR;
        if (!any && c == END_OF_INPUT)
            return ITEMREADER_END;
        if (blank(&r->text))
            continue;
        jv_parse_error perr;
        jv *v = jv_parse_interned(strbuf_str(&r->text), r->text.len, 0, &perr, r->intern);
        if (!v) {
            fail(r, "Line %ld of the JSONL file is not valid JSON: %s at column %d.", line,
                 perr.message, perr.column);
            return ITEMREADER_ERROR;
        }
        *item = v;
        return ITEMREADER_ITEM;
    }
}

/* ---- CSV ---- */

typedef struct {
    long line;    /* where the row starts */
    size_t limit; /* bytes */
    bool header;  /* the header row (its own limit and messages) */
    size_t bytes;
} csv_row;

static bool csv_too_big(itemreader *r, const csv_row *row)
{
    if (row->header)
        return fail(r, "CSV headers cannot exceed %zu bytes.", row->limit);
    return fail(r, "Row %ld of the CSV file is larger than %zu bytes.", row->line, row->limit);
}

static bool csv_char(itemreader *r, csv_row *row, int c)
{
    strbuf_putc(&r->field, (char)c);
    return ++row->bytes <= row->limit || csv_too_big(r, row);
}

/* Ends the field (at a delimiter or the row's end, which count as its bytes too). */
static bool csv_push(itemreader *r, csv_row *row, jv **fields)
{
    if (++row->bytes > row->limit)
        return csv_too_big(r, row);
    if (jv_array_length(*fields) == r->o.limits.max_columns)
        return fail(r, "Row %ld of the CSV file has more than %zu fields.", row->line,
                    r->o.limits.max_columns);
    *fields = jv_array_append_take(*fields,
                                   jv_intern_value(r->intern, strbuf_str(&r->field), r->field.len));
    strbuf_reset(&r->field);
    return true;
}

/* A quoted field, its opening quote consumed: up to the closing quote ("" is one quote). */
static bool csv_quoted(itemreader *r, csv_row *row)
{
    for (;;) {
        int c = get(r);
        if (c < 0)
            return c == END_OF_INPUT &&
                   fail(r, "Row %ld of the CSV file has a quoted field with no closing quote.",
                        row->line);
        if (c == '"') {
            if (peek(r) != '"')
                break;
            get(r);
        }
        if (!csv_char(r, row, c))
            return false;
    }
    int c = peek(r);
    if (c >= 0 && c != r->o.delimiter && c != '\n' && c != '\r')
        return fail(r, "Row %ld of the CSV file has '%c' after a closing quote.", row->line, c);
    return c != INPUT_FAILED;
}

/* The fields of one row that starts at the current byte (not an empty line). */
static bool csv_fields(itemreader *r, csv_row *row, jv **fields)
{
    bool at_start = true;
    strbuf_reset(&r->field);
    for (;;) {
        int c = get(r);
        if (c == INPUT_FAILED)
            return false;
        if (c == '"' && at_start) {
            if (!csv_quoted(r, row))
                return false;
            at_start = false;
        } else if (c == r->o.delimiter) {
            if (!csv_push(r, row, fields))
                return false;
            at_start = true;
        } else if (c == '\n' || c == '\r' || c == END_OF_INPUT) {
            if (c == '\r' && peek(r) == '\n')
                get(r);
            return csv_push(r, row, fields);
        } else {
            if (!csv_char(r, row, c))
                return false;
            at_start = false;
        }
    }
}

/* The next row's fields (a new array): 1, 0 at the end, -1 on error. Empty lines are
 * skipped. */
static int csv_next_row(itemreader *r, bool header, jv **fields)
{
    for (;;) {
        int c = peek(r);
        if (c < 0)
            return c == INPUT_FAILED ? -1 : 0;
        if (c == '\n' || c == '\r') {
            get(r);
            if (c == '\r' && peek(r) == '\n')
                get(r);
            continue;
        }
        csv_row row = {r->line, header ? r->o.limits.max_header_bytes : r->o.limits.max_item_bytes,
                       header, 0};
        *fields = jv_array();
        if (csv_fields(r, &row, fields))
            return 1;
        jv_unref(*fields);
        *fields = NULL;
        return -1;
    }
}

static bool csv_check_headers(itemreader *r)
{
    size_t n = jv_array_length(r->headers), bytes = 0;
    if (n == 0)
        return fail(r, "CSVHeaders must name at least one column.");
    for (size_t i = 0; i < n; i++) {
        const jv *h = jv_array_get(r->headers, i);
        if (!jv_is_string(h))
            return fail(r, "CSVHeaders must be strings.");
        bytes += jv_string_length(h);
        for (size_t j = 0; j < i; j++)
            if (jv_equal(h, jv_array_get(r->headers, j)))
                return fail(r, "CSV headers cannot contain duplicates.");
    }
    if (bytes > r->o.limits.max_header_bytes)
        return fail(r, "CSV headers cannot exceed %zu bytes.", r->o.limits.max_header_bytes);
    return true;
}

/* The column names: the first row, or CSVHeaders. false at the end (phase DONE) too. */
static bool csv_open(itemreader *r)
{
    skip_bom(r);
    if (r->o.header == ITEMREADER_HEADER_FIRST_ROW) {
        int k = csv_next_row(r, true, &r->headers);
        if (k == 0)
            r->phase = PHASE_DONE;
        if (k != 1)
            return false;
    } else if (!r->o.csv_headers || !jv_is_array(r->o.csv_headers)) {
        return fail(r, "CSVHeaderLocation GIVEN needs CSVHeaders, an array of strings.");
    } else {
        r->headers = jv_ref(r->o.csv_headers);
    }
    if (!csv_check_headers(r))
        return false;
    r->phase = PHASE_ITEMS;
    return true;
}

/* Row to item: one member per column, "" for a missing field; extra fields are dropped.
 * Every item shares the header's names. */
static jv *csv_item(const jv *headers, jv *fields)
{
    jv *item = jv_object_sized(jv_array_length(headers));
    size_t nf = jv_array_length(fields);
    for (size_t i = 0; i < jv_array_length(headers); i++) {
        const jv *h = jv_array_get(headers, i);
        jv *value = i < nf ? jv_ref(jv_array_get(fields, i)) : jv_string("");
        item = jv_object_set_key_take(item, jv_ref(h), value);
    }
    jv_unref(fields);
    return item;
}

static itemreader_status csv_next(itemreader *r, jv **item)
{
    if (r->phase == PHASE_START && !csv_open(r))
        return failed(r) ? ITEMREADER_ERROR : ITEMREADER_END;
    jv *fields = NULL;
    int k = csv_next_row(r, false, &fields);
    if (k != 1)
        return k == 0 ? ITEMREADER_END : ITEMREADER_ERROR;
    *item = csv_item(r->headers, fields);
    return ITEMREADER_ITEM;
}

/* ---- InputType MANIFEST (S3 inventory) ---- */

/* o's member name when it is a string (o may be NULL or not an object) */
static const char *member_string(const jv *o, const char *name)
{
    const jv *v = o ? jv_object_get(o, name) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

static bool manifest_read(itemreader *r, jv **manifest)
{
    skip_bom(r);
    strbuf_reset(&r->text);
    int c;
    while ((c = get(r)) >= 0) {
        strbuf_putc(&r->text, (char)c);
        if (r->text.toobig)
            return fail(r, "The manifest is larger than %zu bytes.", r->o.limits.max_item_bytes);
    }
    if (c == INPUT_FAILED)
        return false;
    jv_parse_error perr;
    *manifest = jv_parse(strbuf_str(&r->text), r->text.len, 0, &perr);
    if (!*manifest)
        return fail(r, "The manifest is not valid JSON: %s at line %d.", perr.message, perr.line);
    return true;
}

/* "Bucket, Key, Size" → ["Bucket","Key","Size"] */
static jv *manifest_columns(const char *schema)
{
    jv *cols = jv_array();
    for (const char *p = schema;; p++) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        cols = jv_array_append_take(cols, jv_string_n(p, n));
        if (!end)
            return cols;
        p = end;
    }
}

static bool manifest_take(itemreader *r, const jv *m)
{
    const jv *files = jv_object_get(m, "files");
    const char *schema = member_string(m, "fileSchema");
    const char *bucket = member_string(m, "destinationBucket");
    const jv *format = jv_object_get(m, "fileFormat");
    if (!files || !jv_is_array(files) || !schema || !bucket)
        return fail(r, "The manifest is not an S3 inventory manifest: it needs files, fileSchema "
                       "and destinationBucket.");
    if (format && !(jv_is_string(format) && strcmp(jv_string_value(format), "CSV") == 0))
        return fail(r, "The S3 inventory's fileFormat must be CSV.");
    const char *arn_end = strstr(bucket, ":::");
    r->bucket = engine_strdup(arn_end ? arn_end + 3 : bucket);
    r->files = jv_ref(files);
    r->headers = manifest_columns(schema);
    return csv_check_headers(r);
}

static bool manifest_open_file(itemreader *r)
{
    const jv *entry = jv_array_get(r->files, r->next_file++);
    const char *key = member_string(entry, "key");
    if (!key)
        return fail(r, "Entry %zu of the manifest's files has no key.", r->next_file - 1);
    if (!r->o.open)
        return fail(r, "The ItemReader cannot open the manifest's data files.");
    itemreader_source src = {NULL, NULL};
    asl_error e = ASL_ERROR_INIT;
    if (r->o.open(r->o.open_user, r->bucket, key, &src, &e) != 0) {
        fail(r, "%s", e.cause ? e.cause : "A data file of the manifest could not be opened.");
        asl_error_clear(&e);
        return false;
    }
    use_source(r, src);
    r->src_from_open = true;
    skip_bom(r);
    return !failed(r);
}

static void manifest_close_file(itemreader *r)
{
    if (r->src_from_open && r->o.close)
        r->o.close(r->o.open_user, &r->src);
    r->src_from_open = false;
}

static itemreader_status manifest_next(itemreader *r, jv **item)
{
    if (r->phase == PHASE_START) {
        jv *m = NULL;
        bool ok = manifest_read(r, &m) && manifest_take(r, m);
        jv_unref(m);
        if (!ok)
            return ITEMREADER_ERROR;
        r->phase = PHASE_ITEMS;
    }
    for (;;) {
        if (!r->src_from_open) {
            if (r->next_file == jv_array_length(r->files))
                return ITEMREADER_END;
            if (!manifest_open_file(r))
                return ITEMREADER_ERROR;
        }
        jv *fields = NULL;
        int k = csv_next_row(r, false, &fields);
        if (k == 1) {
            *item = csv_item(r->headers, fields);
            return ITEMREADER_ITEM;
        }
        if (k < 0)
            return ITEMREADER_ERROR;
        manifest_close_file(r);
    }
}

/* ---- s3:listObjectsV2 ---- */

static itemreader_status listing_next(itemreader *r, jv **item)
{
    if (!r->o.list) {
        fail(r, "The ItemReader has no listing to read.");
        return ITEMREADER_ERROR;
    }
    itemreader_listed l = {0};
    asl_error e = ASL_ERROR_INIT;
    int k = r->o.list(r->o.list_user, &l, &e);
    if (k < 0) {
        fail(r, "%s", e.cause ? e.cause : "The bucket could not be listed.");
        asl_error_clear(&e);
        return ITEMREADER_ERROR;
    }
    if (k == 0)
        return ITEMREADER_END;
    jv *o = jv_object();
    o = jv_object_set_take(o, "Etag", jv_string(l.etag ? l.etag : ""));
    o = jv_object_set_take(o, "Key", jv_string(l.key ? l.key : ""));
    o = jv_object_set_take(o, "LastModified", jv_number((double)l.last_modified));
    o = jv_object_set_take(o, "Size", jv_number((double)l.size));
    o = jv_object_set_take(o, "StorageClass",
                           jv_string(l.storage_class ? l.storage_class : "STANDARD"));
    *item = o;
    return ITEMREADER_ITEM;
}

/* ---- the reader ---- */

static void fill_limits(itemreader_limits *l)
{
    if (!l->max_item_bytes)
        l->max_item_bytes = ITEMREADER_DEFAULT_MAX_ITEM_BYTES;
    if (!l->max_header_bytes)
        l->max_header_bytes = ITEMREADER_DEFAULT_MAX_HEADER_BYTES;
    if (!l->max_columns)
        l->max_columns = ITEMREADER_DEFAULT_MAX_COLUMNS;
    if (!l->max_total_bytes)
        l->max_total_bytes = ITEMREADER_DEFAULT_MAX_TOTAL_BYTES;
}

itemreader *itemreader_new(const itemreader_options *o, itemreader_source src)
{
    itemreader *r = engine_calloc(1, sizeof *r);
    r->o = *o;
    fill_limits(&r->o.limits);
    r->intern = jv_intern_new();
    if (!r->o.delimiter)
        r->o.delimiter = ',';
    if (o->items_pointer)
        r->items_pointer = engine_strdup(o->items_pointer);
    r->o.items_pointer = r->items_pointer;
    r->o.csv_headers = NULL;
    if (o->csv_headers)
        r->o.csv_headers = jv_ref(o->csv_headers);
    r->buf = engine_malloc(INPUT_BUFFER_BYTES);
    strbuf_init(&r->text, r->o.limits.max_item_bytes);
    strbuf_init(&r->field, r->o.limits.max_item_bytes);
    use_source(r, src);
    return r;
}

static itemreader_status read_one(itemreader *r, jv **item)
{
    switch (r->o.format) {
        case ITEMREADER_JSON: return json_next(r, item);
        case ITEMREADER_JSONL: return jsonl_next(r, item);
        case ITEMREADER_CSV: return csv_next(r, item);
        case ITEMREADER_MANIFEST: return manifest_next(r, item);
        case ITEMREADER_LISTING: return listing_next(r, item);
    }
    fail(r, "Unknown ItemReader format.");
    return ITEMREADER_ERROR;
}

itemreader_status itemreader_next(itemreader *r, jv **item, asl_error *err)
{
    *item = NULL;
    if (r->phase != PHASE_FAILED && r->phase != PHASE_DONE && r->o.max_items &&
        r->items >= r->o.max_items)
        r->phase = PHASE_DONE;
    if (r->phase == PHASE_DONE)
        return ITEMREADER_END;
    itemreader_status s = r->phase == PHASE_FAILED ? ITEMREADER_ERROR : read_one(r, item);
    if (s == ITEMREADER_ITEM)
        r->items++;
    else if (s == ITEMREADER_END)
        r->phase = PHASE_DONE;
    else
        asl_error_set_raw(err, r->error.name, r->error.cause);
    return s;
}

uint64_t itemreader_items_read(const itemreader *r) { return r->items; }
uint64_t itemreader_bytes_read(const itemreader *r) { return r->total; }

void itemreader_free(itemreader *r)
{
    if (!r)
        return;
    manifest_close_file(r);
    engine_free(r->items_pointer);
    jv_unref((jv *)r->o.csv_headers);
    jv_unref(r->headers);
    jv_unref(r->files);
    engine_free(r->bucket);
    engine_free(r->buf);
    strbuf_cleanup(&r->text);
    strbuf_cleanup(&r->field);
    jv_intern_free(r->intern);
    asl_error_clear(&r->error);
    engine_free(r);
}

/* ---- options from the definition ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool options_fail(asl_error *err, const char *cause)
{
    asl_error_set_raw(err, ERROR_NAME, cause);
    return false;
}

/* MaxItems: a non-negative integer, given as a number or a numeric string. */
static bool max_items_from(const jv *v, uint64_t *out, asl_error *err)
{
    double d;
    if (jv_is_number(v)) {
        d = jv_number_value(v);
    } else if (jv_is_string(v) && jv_string_length(v) > 0) {
        char *end;
        d = strtod(jv_string_value(v), &end);
        if (*end)
            return options_fail(err, "field MaxItems must be a number");
    } else {
        return options_fail(err, "field MaxItems must be a number");
    }
    if (d < 0)
        return options_fail(err, "field MaxItems must be positive");
    if (d != (double)(uint64_t)d)
        return options_fail(err, "field MaxItems must be an integer");
    *out = d > (double)ITEMREADER_MAX_ITEMS_CEILING ? ITEMREADER_MAX_ITEMS_CEILING : (uint64_t)d;
    return true;
}

static bool input_type_from(itemreader_options *o, const char *type, const jv *rc, asl_error *err)
{
    static const struct {
        const char *name;
        itemreader_format format;
    } types[] = {
        {"JSON", ITEMREADER_JSON},
        {"JSONL", ITEMREADER_JSONL},
        {"CSV", ITEMREADER_CSV},
        {"MANIFEST", ITEMREADER_MANIFEST},
    };
    if (!type)
        return options_fail(err, "An s3:getObject ItemReader needs ReaderConfig.InputType.");
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(type, types[i].name) == 0) {
            o->format = types[i].format;
            const char *manifest = member_string(rc, "ManifestType");
            if (o->format == ITEMREADER_MANIFEST && manifest && strcmp(manifest, "S3_INVENTORY"))
                return options_fail(err, "sfdbg reads S3_INVENTORY manifests only.");
            return true;
        }
    }
    if (strcmp(type, "PARQUET") == 0)
        return options_fail(err, "sfdbg does not read InputType PARQUET.");
    return options_fail(err, "ReaderConfig.InputType must be CSV, JSON, JSONL or MANIFEST.");
}

static bool csv_options_from(itemreader_options *o, const jv *rc, asl_error *err)
{
    static const struct {
        const char *name;
        char c;
    } delimiters[] = {
        {"COMMA", ','}, {"PIPE", '|'}, {"SEMICOLON", ';'}, {"SPACE", ' '}, {"TAB", '\t'},
    };
    const char *loc = member_string(rc, "CSVHeaderLocation");
    o->header =
        loc && strcmp(loc, "GIVEN") == 0 ? ITEMREADER_HEADER_GIVEN : ITEMREADER_HEADER_FIRST_ROW;
    o->csv_headers = rc ? jv_object_get(rc, "CSVHeaders") : NULL;
    const char *d = member_string(rc, "CSVDelimiter");
    o->delimiter = ',';
    if (!d)
        return true;
    for (size_t i = 0; i < sizeof delimiters / sizeof delimiters[0]; i++) {
        if (strcmp(d, delimiters[i].name) == 0) {
            o->delimiter = delimiters[i].c;
            return true;
        }
    }
    return options_fail(err, "CSVDelimiter must be COMMA, PIPE, SEMICOLON, SPACE or TAB.");
}

bool itemreader_options_from_json(itemreader_options *o, const char *resource,
                                  const jv *reader_config, asl_error *err)
{
    memset(o, 0, sizeof *o);
    const jv *rc = reader_config && jv_is_object(reader_config) ? reader_config : NULL;
    const jv *max = rc ? jv_object_get(rc, "MaxItems") : NULL;
    if (max && !max_items_from(max, &o->max_items, err))
        return false;
    if (resource && ends_with(resource, ":s3:listObjectsV2")) {
        o->format = ITEMREADER_LISTING;
        return true;
    }
    if (!resource || !ends_with(resource, ":s3:getObject"))
        return options_fail(err,
                            "An ItemReader's Resource must be s3:getObject or s3:listObjectsV2.");
    if (!input_type_from(o, member_string(rc, "InputType"), rc, err))
        return false;
    o->items_pointer = member_string(rc, "ItemsPointer");
    return o->format != ITEMREADER_CSV || csv_options_from(o, rc, err);
}
