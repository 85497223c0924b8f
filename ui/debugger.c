/* debugger — the debugger's lifetime: open (terminal, session, breakpoints, panes,
 * layout), close (everything in reverse; the --history file once the terminal is back),
 * and the benchmark's frame and resize. See debugger.h; the key loop is debugger_run (app.c). */
#include "debugger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "jv_text.h"

dbg_app *debugger_open(const debugger_config *cfg)
{
    dbg_app *a = jv_xcalloc(1, sizeof *a);
    a->cfg = *cfg;
    term_options to = {cfg->monochrome, cfg->no_mouse, cfg->term_out, cfg->term_in};
    if (!term_init(&a->t, &to)) {
        free(a);
        return NULL;
    }
    for (int i = 0; i < PANE_COUNT; i++)
        a->panes[i].id = (pane_id)i;
    a->panes[PANE_GRAPH].ops = &pane_graph_ops;
    a->panes[PANE_INSPECTOR].ops = &pane_inspector_ops;
    a->panes[PANE_WATCHES].ops = &pane_watches_ops;
    a->panes[PANE_BREAKS].ops = &pane_breaks_ops;
    a->panes[PANE_EVENTS].ops = &pane_events_ops;
    a->focus = PANE_GRAPH;
    bp_init(&a->bps);
    le_init(&a->line, APP_CMD_MAX);
    le_init(&a->edit, APP_EDIT_MAX);
    answer_init(&a->answer);
    a->sess = session_new(cfg->def, cfg->input, &cfg->eo);
    if (cfg->services)
        session_set_services(a->sess, cfg->services);
    bpp_open(a);
    for (int i = 0; i < PANE_COUNT; i++)
        a->panes[i].priv = a->panes[i].ops->create(a);
    screen_layout(a);
    app_after_change(a, false);
    runctl_init(&a->rc, a->sess, &a->bps, cfg->real_time);
    childexec_init(a);
    if (cfg->remote.on)
        a->rc.remote_fd = cfg->remote.fd;
    if (cfg->remote.on && cfg->remote.note)
        app_message(a, false, "%s", cfg->remote.note);
    rv_open(a);
    return a;
}

static void debugger_write_history(dbg_app *a)
{
    if (!a->cfg.history_file || !a->cfg.write_file)
        return;
    jv *h = exec_history_json(session_exec(a->sess));
    char *text = jv_dump_string(h, JV_DUMP_PRETTY);
    jv_unref(h);
    char err[1024];
    /* the terminal is restored by now, so the failure can go to stderr */
    if (a->cfg.write_file(a->cfg.history_file, text, strlen(text), err, sizeof err))
        fprintf(stderr, "sfdbg: --history: %s\n", err);
    free(text);
}

void debugger_close(dbg_app *a)
{
    if (!a)
        return;
    screen_free(a);
    term_shutdown(&a->t);
    childexec_close_all(a);   /* the history written is the first execution's */
    debugger_write_history(a);
    for (int i = 0; i < PANE_COUNT; i++)
        a->panes[i].ops->destroy(a->panes[i].priv);
    session_free(a->sess);
    rv_close(a);
    bp_cleanup(&a->bps);
    le_free(&a->line);
    le_free(&a->edit);
    answer_cleanup(&a->answer);
    msglog_free(&a->log);
    free(a->edit_draft);
    free(a->external_draft);
    for (int i = 0; i < a->nhistory; i++)
        free(a->history[i]);
    for (int i = 0; i < a->ncompletions; i++)
        free(a->completions[i]);
    free(a->completions);
    free(a);
}

void debugger_frame(dbg_app *a, bool everything)
{
    if (everything)
        app_dirty_all(a);
    screen_paint(a);
}

void debugger_resize(dbg_app *a, int rows, int cols)
{
    resizeterm(rows, cols);
    screen_layout(a);
}
