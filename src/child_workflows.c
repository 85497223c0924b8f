/* child_workflows — the definitions of `--workflows DIR`. See child_workflows.h. */
#include "child_workflows.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "validate.h"
#include "wfload.h"

typedef struct {
    char *name;
    asl_definition *def;
} child_entry;

struct child_workflows {
    char *dir;
    child_entry entries[CHILD_WORKFLOWS_MAX];
    size_t count;
};

child_workflows *child_workflows_new(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "--workflows: %s: %s", dir, strerror(errno));
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--workflows: %s is not a folder", dir);
        return NULL;
    }
    child_workflows *w = calloc(1, sizeof *w);
    if (!w || !(w->dir = strdup(dir))) {
        free(w);
        snprintf(err, errlen, "--workflows: out of memory");
        return NULL;
    }
    return w;
}

/* The file of name: DIR/NAME.asl.json, else DIR/NAME.json; false when neither is a regular
 * file (a FIFO or a device is never read: it could block). */
static bool child_path(const child_workflows *w, const char *name, char *path, size_t n)
{
    static const char *const exts[] = {".asl.json", ".json"};
    struct stat st;
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, n, "%s/%s%s", w->dir, name, exts[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return true;
    }
    return false;
}

/* Reads and loads path; NULL with the first problem (FILE:LINE:COL: CODE: message) in err. */
static asl_definition *child_load(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = fileio_read(path, RUN_MAX_DEFINITION, &len, err, errlen);
    if (!text)
        return NULL;
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(text, len, &vo, &diags);
    free(text);
    if (!def) {
        const asl_diag *d = NULL;
        for (size_t i = 0; i < diags.len && !d; i++)
            if (diags.items[i].severity == ASL_DIAG_ERROR)
                d = &diags.items[i];
        if (d)
            snprintf(err, errlen, "%s:%d:%d: %s: %s at %s", path, d->line, d->column, d->code,
                     d->message, d->pointer[0] ? d->pointer : "/");
        else
            snprintf(err, errlen, "%s: the definition could not be loaded", path);
    }
    asl_diags_cleanup(&diags);
    return def;
}

const asl_definition *child_workflows_lookup(void *self, const char *name, char *err,
                                             size_t errlen)
{
    child_workflows *w = self;
    err[0] = '\0';
    for (size_t i = 0; i < w->count; i++)
        if (!strcmp(w->entries[i].name, name))
            return w->entries[i].def;
    if (strchr(name, '/') || name[0] == '.')
        return NULL;   /* no file name: a name with a slash cannot name one in DIR */
    char path[4096];
    if (!child_path(w, name, path, sizeof path))
        return NULL;
    if (w->count == CHILD_WORKFLOWS_MAX) {
        snprintf(err, errlen, "more than %d different child workflows in one run",
                 CHILD_WORKFLOWS_MAX);
        return NULL;
    }
    asl_definition *def = child_load(path, err, errlen);
    if (!def)
        return NULL;
    w->entries[w->count].name = strdup(name);
    if (!w->entries[w->count].name) {
        asl_definition_free(def);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->entries[w->count++].def = def;
    return def;
}

void child_workflows_free(child_workflows *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->count; i++) {
        free(w->entries[i].name);
        asl_definition_free(w->entries[i].def);
    }
    free(w->dir);
    free(w);
}
