/* editor — editing the input of the state about to run: inline (`e`, a one-line JSON field
 * validated on Enter, with the error's position) and in $EDITOR (`E`). Never lose an edit:
 * an inline edit left with Esc is offered back by the next `e`; a file from $EDITOR that is
 * not valid JSON is kept and reopened by the next `E`. */
#include "app.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jv_text.h"

static bool editor_can_edit(dbg_app *a)
{
    if (!session_running(a->sess)) {
        app_message(a, true, "the execution has ended: nothing is about to run (N steps back)");
        return false;
    }
    if (a->rc.run != RUN_IDLE)
        return false;
    exec_frame_info f;
    if (!session_edit_target(a->sess, &f)) {
        const asl_state *s = session_current_state(a->sess);
        app_message(a, true, "%s has no %s left to run: nothing to edit (n concludes it)",
                    s ? s->name : "?", s && s->type == ASL_MAP ? "iteration" : "branch");
        return false;
    }
    long fl = app_in_flight_visit(a);
    if (fl >= 0) {
        const exec_visit *v = exec_visit_at(session_exec(a->sess), (size_t)fl);
        const char *why = exec_visit_details(v)->waiting ? "it waits for its answer: x"
                                                         : "a retry is due: n";
        app_message(a, true, "%s has started (%s): its input can no longer change", v->state->name,
                    why);
        return false;
    }
    return true;
}

void editor_inline_open(dbg_app *a)
{
    if (!editor_can_edit(a))
        return;
    exec_frame_info f;
    session_edit_target(a->sess, &f); /* editor_can_edit found it */
    const jv *in = f.input;
    if (a->edit_draft) {
        le_set(&a->edit, a->edit_draft);
        app_message(a, false, "your unfinished edit is back (Ctrl-U clears)");
    } else {
        if (jv_serialized_size(in) > APP_INLINE_EDIT_MAX) {
            app_message(a, true, "the input is %zu bytes: too large to edit on one line; E opens $EDITOR",
                        jv_serialized_size(in));
            return;
        }
        char *text = jv_dump_string(in, 0);
        le_set(&a->edit, text);
        free(text);
    }
    a->edit_error[0] = '\0';
    a->mode = MODE_EDIT;
    app_dirty_all(a);
}

static void editor_keep_draft(dbg_app *a)
{
    free(a->edit_draft);
    a->edit_draft = jv_xstrdup(le_text(&a->edit));
}

/* The keys that are not text: Esc, Ctrl-C, Ctrl-E, Enter, and the line editor's. */
static void editor_inline_control(dbg_app *a, int key)
{
    if (key == UI_KEY_ESC || key == UI_CTRL('c')) {
        editor_keep_draft(a);
        a->mode = MODE_NORMAL;
        app_message(a, false, "edit put aside: e brings it back");
        return;
    }
    if (key == UI_CTRL('e')) {
        editor_keep_draft(a);
        a->mode = MODE_NORMAL;
        editor_external(a);
        return;
    }
    if (key == UI_KEY_ENTER || key == KEY_ENTER || key == 13) {
        size_t off = 0;
        char err[256];
        if (app_edit_apply(a, le_text(&a->edit), err, sizeof err, &off)) {
            free(a->edit_draft);
            a->edit_draft = NULL;
            a->mode = MODE_NORMAL;
            app_message(a, false, "input of %s replaced", a->subj.state ? a->subj.state->name : "the state");
        } else {
            snprintf(a->edit_error, sizeof a->edit_error, "invalid JSON at %s", err);
            le_set_cursor(&a->edit, off);
        }
        return;
    }
    le_key(&a->edit, key);
    a->edit_error[0] = '\0';
}

void editor_inline_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n)
{
    if (is_char && key >= 32 && key != 127) {
        a->edit_error[0] = '\0';
        le_insert(&a->edit, utf8, n);
    } else {
        editor_inline_control(a, key);
    }
    app_dirty_all(a);
}

void editor_inline_draw(dbg_app *a)
{
    int h = 4, w = a->cols;
    if (a->rows < h + 2)
        return;
    WINDOW *win = newwin(h, w, a->rows - h - 1, 0);
    werase(win);
    exec_frame_info f;
    bool target = session_edit_target(a->sess, &f);
    char title[400], where[200] = "";
    if (target && f.id != session_frame(a->sess)) /* the next child of a Parallel/Map */
        session_frame_path(a->sess, f.id, where, sizeof where);
    snprintf(title, sizeof title, " Input of %s%s%s%s · Enter applies · Esc puts aside · Ctrl-E $EDITOR ",
             target && f.state ? f.state->name : "?", where[0] ? " (" : "", where, where[0] ? ")" : "");
    term_frame(&a->t, win, title, true);
    statusbar_draw_field(a, win, 1, 2, w - 4, &a->edit);
    int room = w - 4;
    lineedit *le = &a->edit;
    if (a->edit_error[0]) {
        term_text(&a->t, win, 2, 2, a->edit_error, room, a->t.attr[TA_ERROR]);
        mvwaddch(win, 2, 1, ' ');
    } else {
        char info[80];
        snprintf(info, sizeof info, "%zu bytes", le->len);
        term_text(&a->t, win, 2, 2, info, room, a->t.attr[TA_DIM]);
    }
    wnoutrefresh(win);
    delwin(win);
}

static int editor_spawn(void)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", "exec $SFDBG_EDITOR \"$SFDBG_FILE\"", (char *)NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* text into the open file fd (closed here); 0 or an errno value. A full disk shows at the
 * write, the flush or the sync: each is checked. */
static int editor_write_fd(int fd, const char *text)
{
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        return e;
    }
    size_t len = strlen(text);
    int rc = 0;
    errno = 0;
    if (fwrite(text, 1, len, f) != len || fflush(f) != 0)
        rc = errno ? errno : EIO;
    if (!rc && fsync(fileno(f)) != 0)
        rc = errno;
    if (fclose(f) != 0 && !rc)
        rc = errno ? errno : EIO;
    return rc;
}

char *editor_temp_file(const char *text, char *err, size_t n)
{
    const char *dir = getenv("TMPDIR");
    char *path = jv_xmalloc(PATH_MAX);
    int w = snprintf(path, PATH_MAX, "%s/sfdbg-input-XXXXXX.json", dir && *dir ? dir : "/tmp");
    if (w < 0 || w >= PATH_MAX) {
        snprintf(err, n, "cannot create a temporary file for $EDITOR: TMPDIR is too long");
        free(path);
        return NULL;
    }
    int fd = mkstemps(path, 5);
    if (fd < 0) {
        snprintf(err, n, "cannot create the temporary file %s for $EDITOR: %s", path, strerror(errno));
        free(path);
        return NULL;
    }
    int rc = editor_write_fd(fd, text);
    if (rc) {
        /* an editor on an empty or partial file would lose the text it was meant to show */
        snprintf(err, n, "cannot write the temporary file %s for $EDITOR: %s", path, strerror(rc));
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

int editor_run(dbg_app *a, const char *path, const char **name)
{
    const char *ed = getenv("VISUAL");
    if (!ed || !*ed)
        ed = getenv("EDITOR");
    if (!ed || !*ed)
        ed = "vi";
    *name = ed;
    setenv("SFDBG_EDITOR", ed, 1);
    setenv("SFDBG_FILE", path, 1);
    term_suspend(&a->t);
    int rc = editor_spawn();
    term_resume(&a->t);
    app_dirty_all(a);
    return rc;
}

void editor_external(dbg_app *a)
{
    if (!editor_can_edit(a))
        return;
    char *path = a->external_draft;
    a->external_draft = NULL;
    if (!path) {
        const char *seed = a->edit_draft;
        exec_frame_info f;
        session_edit_target(a->sess, &f); /* editor_can_edit found it */
        char *pretty = seed ? NULL : jv_dump_string(f.input, JV_DUMP_PRETTY);
        size_t l = strlen(seed ? seed : pretty);
        char *text = jv_xmalloc(l + 2);
        memcpy(text, seed ? seed : pretty, l);
        text[l] = '\n';
        text[l + 1] = '\0';
        free(pretty);
        char err[APP_MSG_MAX];
        path = editor_temp_file(text, err, sizeof err);
        free(text);
        if (!path) {
            app_message(a, true, "%s", err);
            return;
        }
    }
    const char *ed;
    int rc = editor_run(a, path, &ed);
    char err[300];
    size_t len = 0;
    char *text = a->cfg.read_file ? a->cfg.read_file(path, APP_EDIT_MAX * 16, &len, err, sizeof err) : NULL;
    if (rc != 0 || !text) {
        app_message(a, true, "%s exited with %d; input not changed; E reopens %s", ed, rc, path);
        a->external_draft = path;
        free(text);
        return;
    }
    size_t off = 0;
    if (app_edit_apply(a, text, err, sizeof err, &off)) {
        unlink(path);
        free(path);
        free(a->edit_draft);
        a->edit_draft = NULL;
        app_message(a, false, "input replaced from %s", ed);
    } else {
        app_message(a, true, "invalid JSON at %s; kept in %s: E reopens it", err, path);
        a->external_draft = path;
    }
    free(text);
}
