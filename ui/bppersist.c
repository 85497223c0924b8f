/* bppersist — the breakpoint file across runs. See bppersist.h. */
#include "bppersist.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app.h"

/* A file that is not a breakpoint file is moved aside, not saved over: what it held stays.
 * One that cannot be read, or moved, is left where it is and never written. */
static bool bpp_read(bp_persist *p, bp_store *bps, char *msg, size_t n)
{
    char err[APP_MSG_MAX] = "", aside[sizeof p->file + 32];
    int rc = bp_load(bps, p->file, err, sizeof err);
    if (!rc)
        return true;
    if (rc == EINVAL || rc == EFBIG) {
        int moved = bp_set_aside(p->file, aside, sizeof aside);
        if (!moved) {
            snprintf(msg, n, "breakpoints not loaded (%s); their file is kept as %s", err, aside);
            return false;
        }
        snprintf(err + strlen(err), sizeof err - strlen(err), "; it cannot be moved aside: %s",
                 strerror(moved));
    }
    p->keep_file = true;
    snprintf(msg, n, "breakpoints not loaded (%s); their file is not saved over: %s", err, p->file);
    return false;
}

bool bpp_load(bp_persist *p, bp_store *bps, const debugger_config *cfg, char *msg, size_t n)
{
    bool ok = true;
    msg[0] = '\0';
    p->enabled = !cfg->no_persist && bp_file_for(cfg->workflow_path, p->file, sizeof p->file);
    if (p->enabled)
        ok = bpp_read(p, bps, msg, n);
    for (size_t i = 0; i < cfg->nbreaks; i++)
        if (!bp_find_state(bps, cfg->breaks[i])) {
            char err[128];
            bp_add(bps, BP_STATE, cfg->breaks[i], NULL, err, sizeof err);
        }
    return ok;
}

/* Why the breakpoints cannot be saved now, or NULL once they are. */
static const char *bpp_save_failure(bp_persist *p, const bp_store *bps, const debugger_config *cfg)
{
    if (!p->enabled)
        return "no config folder: set XDG_CONFIG_HOME or HOME";
    if (p->keep_file)
        return "the file could not be read and is not written over";
    if (!cfg->write_file)
        return "no file writer (an embedding without one)";
    int rc = bp_save(bps, p->file, cfg->workflow_path, cfg->write_file);
    return rc ? strerror(rc) : NULL;
}

const char *bpp_save(bp_persist *p, const bp_store *bps, const debugger_config *cfg)
{
    if (cfg->no_persist)
        return NULL;
    const char *why = bpp_save_failure(p, bps, cfg);
    snprintf(p->unsaved, sizeof p->unsaved, "%s", why ? why : "");
    return why;
}

void bpp_open(dbg_app *a)
{
    char msg[APP_MSG_MAX];
    if (!bpp_load(&a->bpf, &a->bps, &a->cfg, msg, sizeof msg))
        app_message(a, true, "%s", msg);
}

void bpp_save_now(dbg_app *a)
{
    const char *why = bpp_save(&a->bpf, &a->bps, &a->cfg);
    if (why)
        app_message(a, true, "breakpoints not saved to %s: %s",
                    a->bpf.file[0] ? a->bpf.file : "any file", why);
    app_dirty(a, PANE_BREAKS);
}
