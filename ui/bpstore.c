/* bpstore — breakpoints, watches and their per-workflow file. See bpstore.h. */
#include "bpstore.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jv_text.h"
#include "uieval.h"

#define BP_FILE_MAX (1024 * 1024)
/* FILE.corrupt, FILE.corrupt.1, ... up to this many */
#define BP_ASIDE_MAX 100

void bp_init(bp_store *b)
{
    memset(b, 0, sizeof *b);
    b->next_id = 1;
}

static void bp_free_one(breakpoint *bp)
{
    free(bp->target);
    free(bp->cond);
    jsonpath_free(bp->cpath);
    jsonata_free(bp->cjsonata);
}

void bp_cleanup(bp_store *b)
{
    for (size_t i = 0; i < b->n; i++)
        bp_free_one(&b->items[i]);
    free(b->items);
    for (size_t i = 0; i < b->nwatches; i++)
        free(b->watches[i]);
    free(b->watches);
    memset(b, 0, sizeof *b);
}

/* `$.a > 1 && $.b` -> `$[?(@.a > 1 && @.b)]`: `$` (outside quotes, not `$$`) becomes `@`. */
static char *bp_filter_text(const char *cond)
{
    size_t n = strlen(cond);
    char *out = jv_xmalloc(n + 8);
    size_t k = 0;
    memcpy(out, "$[?(", 4);
    k = 4;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = cond[i];
        if (quote) {
            if (c == '\\' && i + 1 < n) {
                out[k++] = c;
                c = cond[++i];
            } else if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '$' && cond[i + 1] != '$' && (i == 0 || cond[i - 1] != '$')) {
            c = '@';
        }
        out[k++] = c;
    }
    memcpy(out + k, ")]", 3);
    return out;
}

/* Replaces the condition with its text and its compiled form (either may be NULL). */
static void bp_set_compiled(breakpoint *bp, const char *cond, jsonpath *p, jsonata_expr *e,
                            bool filter)
{
    jsonpath_free(bp->cpath);
    jsonata_free(bp->cjsonata);
    free(bp->cond);
    bp->cpath = p;
    bp->cjsonata = e;
    bp->cond = cond ? jv_xstrdup(cond) : NULL;
    bp->cond_filter = filter;
}

bool bp_set_cond(breakpoint *bp, const char *cond, char *err, size_t n)
{
    jsonpath *p = NULL;
    bool filter = false;
    if (cond && *cond && uieval_is_jsonata(cond)) {
        if (strlen(cond) > BP_EXPR_MAX) {
            snprintf(err, n, "the condition is longer than %d characters", BP_EXPR_MAX);
            return false;
        }
        jsonata_expr *e = uieval_compile(cond, err, n);
        if (!e)
            return false;
        bp_set_compiled(bp, cond, NULL, e, false);
        return true;
    }
    if (cond && *cond) {
        if (strlen(cond) > BP_EXPR_MAX) {
            snprintf(err, n, "the condition is longer than %d characters", BP_EXPR_MAX);
            return false;
        }
        jsonpath_error pe;
        p = jsonpath_compile(cond, &pe);
        if (p && jsonpath_root_kind(p) != JSONPATH_ROOT_INPUT) {
            jsonpath_free(p);
            snprintf(err, n, "a condition reads the state input: start it with $");
            return false;
        }
        if (!p) {
            char *f = bp_filter_text(cond);
            jsonpath_error fe;
            p = jsonpath_compile(f, &fe);
            free(f);
            if (!p) {
                snprintf(err, n, "not a JSONPath or a comparison: at %zu: %s", pe.position + 1,
                         pe.message);
                return false;
            }
            filter = true;
        }
    }
    bp_set_compiled(bp, p ? cond : NULL, p, NULL, filter);
    return true;
}

int bp_add(bp_store *b, bp_kind kind, const char *target, const char *cond, char *err, size_t n)
{
    if (b->n >= BP_MAX) {
        snprintf(err, n, "at most %d breakpoints", BP_MAX);
        return -1;
    }
    breakpoint bp;
    memset(&bp, 0, sizeof bp);
    if (!bp_set_cond(&bp, cond, err, n))
        return -1;
    bp.kind = kind;
    bp.target = target ? jv_xstrdup(target) : NULL;
    bp.enabled = true;
    bp.id = b->next_id++;
    b->items = jv_xrealloc(b->items, (b->n + 1) * sizeof *b->items);
    b->items[b->n++] = bp;
    return bp.id;
}

bool bp_remove(bp_store *b, int id)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].id == id) {
            bp_free_one(&b->items[i]);
            memmove(&b->items[i], &b->items[i + 1], (b->n - i - 1) * sizeof *b->items);
            b->n--;
            return true;
        }
    return false;
}

breakpoint *bp_find(bp_store *b, int id)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].id == id)
            return &b->items[i];
    return NULL;
}

breakpoint *bp_find_state(bp_store *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].kind == BP_STATE && !strcmp(b->items[i].target, name))
            return &b->items[i];
    return NULL;
}

static bool bp_truthy(const jv *v, bool indefinite)
{
    if (!v)
        return false;
    if (indefinite)
        return jv_is_array(v) && jv_array_length(v) > 0;
    return !jv_is_null(v) && !(jv_is_bool(v) && !jv_is_true(v));
}

static bool bp_jsonata_holds(const breakpoint *bp, const jv *input, const jv *context,
                             const jv *vars)
{
    char err[200];
    jv *r = NULL;
    uieval_scope sc = {input, context, vars, NULL, NULL};
    bool ok = uieval_eval(bp->cjsonata, bp->cond, &sc, &r, err, sizeof err) == JSONATA_OK &&
              bp_truthy(r, false);
    jv_unref(r);
    return ok;
}

bool bp_needs_scope(const bp_store *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].enabled && b->items[i].cjsonata)
            return true;
    return false;
}

bool bp_cond_holds(const breakpoint *bp, const jv *input, const jv *context, const jv *vars)
{
    if (bp->cjsonata)
        return bp_jsonata_holds(bp, input, context, vars);
    if (!bp->cpath)
        return true;
    if (!input)
        return false;
    jsonpath_miss miss;
    jv *r;
    bool ok;
    if (bp->cond_filter) {
        jv *wrap = jv_array_append(jv_array(), input);
        r = jsonpath_eval_on(bp->cpath, wrap, &miss);
        jv_unref(wrap);
        ok = bp_truthy(r, true);
    } else {
        r = jsonpath_eval_on(bp->cpath, input, &miss);
        ok = bp_truthy(r, !jsonpath_is_definite(bp->cpath));
    }
    jv_unref(r);
    return ok;
}

/* "child:NAME › STATE" for the child execution NAME the debugger is in. */
static bool bp_qualified_on(const char *target, const char *qualifier, const char *name)
{
    size_t q = strlen(qualifier);
    return qualifier[0] && !strncmp(target, "child:", 6) && !strncmp(target + 6, qualifier, q) &&
           !strncmp(target + 6 + q, " › ", strlen(" › ")) &&
           !strcmp(target + 6 + q + strlen(" › "), name);
}

breakpoint *bp_match(bp_store *b, const asl_state *s, const jv *input, const jv *context,
                     const jv *vars)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < b->n; i++) {
        breakpoint *bp = &b->items[i];
        if (!bp->enabled)
            continue;
        bool on = (bp->kind == BP_STATE && (!strcmp(bp->target, s->name) ||
                                            (b->qualifier &&
                                             bp_qualified_on(bp->target, b->qualifier, s->name)))) ||
                  (bp->kind == BP_TYPE && !strcmp(bp->target, asl_state_type_name(s->type)));
        if (on && bp_cond_holds(bp, input, context, vars))
            return bp;
    }
    return NULL;
}

breakpoint *bp_any(bp_store *b, bp_kind kind)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].enabled && b->items[i].kind == kind)
            return &b->items[i];
    return NULL;
}

void bp_describe(const breakpoint *bp, char *buf, size_t n)
{
    const char *what = bp->kind == BP_ERROR ? "any error" : bp->kind == BP_RETRY ? "any retry" : "";
    char head[300];
    if (bp->kind == BP_STATE)
        snprintf(head, sizeof head, "%s", bp->target);
    else if (bp->kind == BP_TYPE)
        snprintf(head, sizeof head, "type %s", bp->target);
    else
        snprintf(head, sizeof head, "%s", what);
    if (bp->cond)
        snprintf(buf, n, "%s if %s", head, bp->cond);
    else
        snprintf(buf, n, "%s", head);
}

bool bp_watch_add(bp_store *b, const char *expr)
{
    if (b->nwatches >= BP_MAX_WATCHES || !*expr || strlen(expr) > BP_EXPR_MAX)
        return false;
    b->watches = jv_xrealloc(b->watches, (b->nwatches + 1) * sizeof *b->watches);
    b->watches[b->nwatches++] = jv_xstrdup(expr);
    return true;
}

bool bp_watch_remove(bp_store *b, size_t i)
{
    if (i >= b->nwatches)
        return false;
    free(b->watches[i]);
    memmove(&b->watches[i], &b->watches[i + 1], (b->nwatches - i - 1) * sizeof *b->watches);
    b->nwatches--;
    return true;
}

/* ---- the file ---- */

static uint64_t bp_fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool bp_file_for(const char *workflow, char *out, size_t n)
{
    char dir[PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/sfdbg/workflows", xdg);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.config/sfdbg/workflows", home);
    else
        return false;
    char abs[PATH_MAX];
    if (!realpath(workflow, abs))
        snprintf(abs, sizeof abs, "%s", workflow);
    const char *base = strrchr(abs, '/');
    base = base ? base + 1 : abs;
    char safe[64];
    size_t k = 0;
    for (; *base && k + 1 < sizeof safe; base++)
        safe[k++] = (isalnum((unsigned char)*base) || *base == '.' || *base == '-') ? *base : '_';
    safe[k] = '\0';
    int w = snprintf(out, n, "%s/%s-%016llx.json", dir, safe, (unsigned long long)bp_fnv1a(abs));
    return w > 0 && (size_t)w < n;
}

static const char *const bp_kind_names[] = {"state", "type", "error", "retry"};

static jv *bp_to_json(const bp_store *b, const char *workflow)
{
    jv *arr = jv_array();
    for (size_t i = 0; i < b->n; i++) {
        const breakpoint *bp = &b->items[i];
        jv *o = jv_object_set_take(jv_object(), "kind", jv_string(bp_kind_names[bp->kind]));
        if (bp->target)
            o = jv_object_set_take(o, "target", jv_string(bp->target));
        if (bp->cond)
            o = jv_object_set_take(o, "condition", jv_string(bp->cond));
        o = jv_object_set_take(o, "enabled", jv_bool(bp->enabled));
        arr = jv_array_append_take(arr, o);
    }
    jv *w = jv_array();
    for (size_t i = 0; i < b->nwatches; i++)
        w = jv_array_append_take(w, jv_string(b->watches[i]));
    jv *root = jv_object_set_take(jv_object(), "workflow", jv_string(workflow));
    root = jv_object_set_take(root, "breakpoints", arr);
    return jv_object_set_take(root, "watches", w);
}

/* A message for a field of the file that is not what sfdbg writes; always false. */
static bool bp_bad_field(char *err, size_t n, const char *field, const char *what)
{
    snprintf(err, n, "%s: %s", field, what);
    return false;
}

static bool bp_kind_by_name(const char *name, bp_kind *kind)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, bp_kind_names[i])) {
            *kind = (bp_kind)i;
            return true;
        }
    return false;
}

/* breakpoints[i] into b; false with a message naming the field when it is not one. */
static bool bp_load_one(bp_store *b, const jv *o, size_t i, char *err, size_t n)
{
    char field[64], why[256];
    snprintf(field, sizeof field, "breakpoints[%zu]", i);
    if (!jv_is_object(o))
        return bp_bad_field(err, n, field, "not an object");
    const jv *k = jv_object_get(o, "kind"), *t = jv_object_get(o, "target");
    const jv *c = jv_object_get(o, "condition"), *en = jv_object_get(o, "enabled");
    bp_kind kind;
    if (!k || !jv_is_string(k) || !bp_kind_by_name(jv_string_value(k), &kind))
        return bp_bad_field(err, n, field, "\"kind\" is not one of state, type, error, retry");
    bool targeted = kind == BP_STATE || kind == BP_TYPE;
    if (targeted && (!t || !jv_is_string(t)))
        return bp_bad_field(err, n, field, "\"target\" is missing or not a string");
    if (c && !jv_is_string(c))
        return bp_bad_field(err, n, field, "\"condition\" is not a string");
    if (en && !jv_is_bool(en))
        return bp_bad_field(err, n, field, "\"enabled\" is not true or false");
    int id = bp_add(b, kind, targeted ? jv_string_value(t) : NULL, c ? jv_string_value(c) : NULL,
                    why, sizeof why);
    if (id < 0)
        return bp_bad_field(err, n, field, why);
    bp_find(b, id)->enabled = !en || jv_is_true(en);
    return true;
}

/* The parsed file into b; false with a message naming the first field that is wrong. */
static bool bp_load_json(bp_store *b, const jv *root, char *err, size_t n)
{
    if (!jv_is_object(root))
        return bp_bad_field(err, n, "the file", "not a JSON object");
    const jv *arr = jv_object_get(root, "breakpoints"), *w = jv_object_get(root, "watches");
    if (arr && !jv_is_array(arr))
        return bp_bad_field(err, n, "\"breakpoints\"", "not an array");
    if (w && !jv_is_array(w))
        return bp_bad_field(err, n, "\"watches\"", "not an array");
    for (size_t i = 0; arr && i < jv_array_length(arr); i++)
        if (!bp_load_one(b, jv_array_get(arr, i), i, err, n))
            return false;
    for (size_t i = 0; w && i < jv_array_length(w); i++) {
        const jv *e = jv_array_get(w, i);
        if (jv_is_string(e) && bp_watch_add(b, jv_string_value(e)))
            continue;
        char field[64], why[128];
        snprintf(field, sizeof field, "watches[%zu]", i);
        if (b->nwatches >= BP_MAX_WATCHES)
            snprintf(why, sizeof why, "more than %d watches", BP_MAX_WATCHES);
        else
            snprintf(why, sizeof why, "not a string of 1 to %d bytes", BP_EXPR_MAX);
        return bp_bad_field(err, n, field, why);
    }
    return true;
}

/* The file's bytes (caller frees); NULL with an errno value in *rc and a message. */
static char *bp_read_file(const char *path, size_t *len, int *rc, char *err, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        /* no file, or no folder for it: nothing to lose */
        *rc = errno == ENOTDIR ? ENOENT : errno;
        if (*rc != ENOENT)
            snprintf(err, n, "cannot read it: %s", strerror(*rc));
        return NULL;
    }
    char *buf = jv_xmalloc(BP_FILE_MAX + 1);
    errno = 0;
    *len = fread(buf, 1, BP_FILE_MAX + 1, f);
    /* a folder opens but does not read (EISDIR): that is not a corrupt file */
    *rc = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (*rc) {
        snprintf(err, n, "cannot read it: %s", strerror(*rc));
    } else if (*len > BP_FILE_MAX) {
        *rc = EFBIG;
        snprintf(err, n, "larger than 1 MiB");
    }
    if (*rc) {
        free(buf);
        return NULL;
    }
    return buf;
}

int bp_load(bp_store *b, const char *path, char *err, size_t n)
{
    size_t len = 0;
    int rc = 0;
    char *buf = bp_read_file(path, &len, &rc, err, n);
    if (!buf)
        return rc == ENOENT ? 0 : rc;
    jv_parse_error pe;
    jv *root = jv_parse(buf, len, 0, &pe);
    free(buf);
    if (!root) {
        snprintf(err, n, "at %d:%d: %s", pe.line, pe.column, pe.message);
        return EINVAL;
    }
    bp_store loaded;
    bp_init(&loaded);
    bool ok = bp_load_json(&loaded, root, err, n);
    jv_unref(root);
    if (!ok) {
        bp_cleanup(&loaded);
        return EINVAL;
    }
    bp_cleanup(b);
    *b = loaded;
    return 0;
}

int bp_set_aside(const char *path, char *aside, size_t n)
{
    for (int i = 0; i < BP_ASIDE_MAX; i++) {
        int w = i ? snprintf(aside, n, "%s.corrupt.%d", path, i) : snprintf(aside, n, "%s.corrupt", path);
        if (w < 0 || (size_t)w >= n)
            return ENAMETOOLONG;
        /* link fails when the name is taken: an older .corrupt file is never replaced */
        if (link(path, aside) == 0) {
            unlink(path);   /* should it fail, the copy is safe all the same */
            return 0;
        }
        if (errno == EEXIST)
            continue;
        /* a file system without hard links: rename, once the name is known to be free */
        struct stat st;
        if (lstat(aside, &st) == 0)
            continue;
        if (errno != ENOENT)
            return errno;
        return rename(path, aside) ? errno : 0;
    }
    return EEXIST;
}

static int bp_mkdirs(const char *path)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    char *slash = strrchr(tmp, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0700) && errno != EEXIST)
                return errno;
            *p = '/';
        }
    if (mkdir(tmp, 0700) && errno != EEXIST)
        return errno;
    return 0;
}

int bp_save(const bp_store *b, const char *path, const char *workflow, bp_writer write)
{
    int rc = bp_mkdirs(path);
    if (rc)
        return rc;
    char abs[PATH_MAX];
    if (!realpath(workflow, abs))
        snprintf(abs, sizeof abs, "%s", workflow);
    jv *root = bp_to_json(b, abs);
    char *text = jv_dump_string(root, JV_DUMP_PRETTY);
    jv_unref(root);
    size_t len = strlen(text);
    text = jv_xrealloc(text, len + 2);
    text[len++] = '\n';
    text[len] = '\0';
    char err[512];
    rc = write(path, text, len, err, sizeof err);
    free(text);
    return rc;
}
