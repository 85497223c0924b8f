/* answer — the `x` dialog and the answering commands. See answer.h. */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jv_text.h"

#define ANSWER_PREFILL "{}"

void answer_init(answer_state *s)
{
    memset(s, 0, sizeof *s);
    le_init(&s->output, ANSWER_OUTPUT_MAX);
    le_init(&s->error, ANSWER_ERROR_MAX);
    le_init(&s->cause, ANSWER_CAUSE_MAX);
    le_set(&s->output, ANSWER_PREFILL);
}

void answer_cleanup(answer_state *s)
{
    le_free(&s->output);
    le_free(&s->error);
    le_free(&s->cause);
}

/* After an accepted answer: the next task starts from a clean dialog. */
static void answer_reset(answer_state *s)
{
    le_set(&s->output, ANSWER_PREFILL);
    le_clear(&s->error);
    le_clear(&s->cause);
    s->typed = false;
    s->field = 0;
    s->note[0] = '\0';
}

static void answer_note(answer_state *s, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void answer_note(answer_state *s, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->note, sizeof s->note, fmt, ap);
    va_end(ap);
    s->note_error = error;
}

static const exec_pending_task *answer_pending(dbg_app *a)
{
    return exec_pending(session_exec(a->sess));
}

/* ---- opening and closing ---- */

void answer_open(dbg_app *a, bool automatic)
{
    const exec_pending_task *p = answer_pending(a);
    if (!p) {
        app_message(a, true, "no task is waiting for a token");
        return;
    }
    if (p->answered) {
        app_message(a, false, "%s has its answer: n applies it", p->state->name);
        return;
    }
    answer_state *s = &a->answer;
    a->mode = MODE_ANSWER;
    s->page = ANSWER_CHOOSE;
    s->reveal = false;
    if (automatic)
        answer_note(s, false, "Nothing answered %s: give its result (s, or type the JSON) "
                    "or an error (f).", p->state->name);
    else
        s->note[0] = '\0';
    app_dirty_all(a);
}

static void answer_close(dbg_app *a)
{
    a->mode = MODE_NORMAL;
    a->answer.note[0] = '\0';
    if (a->answer.typed)
        app_message(a, false, "answer put aside: x brings it back");
    app_dirty_all(a);
}

/* ---- sending ---- */

/* Is text JSON? Else a message with its line:column, and the byte offset of the problem. */
static bool answer_check_json(const char *text, char *msg, size_t n, size_t *off)
{
    jv_parse_error pe;
    jv *v = jv_parse(text, strlen(text), 0, &pe);
    if (v) {
        jv_unref(v);
        return true;
    }
    snprintf(msg, n, "invalid JSON at %d:%d: %s", pe.line, pe.column, pe.message);
    if (off)
        *off = pe.offset;
    return false;
}

/* The token to answer: the one given, else the waiting task's; NULL when neither. */
static const char *answer_token(dbg_app *a, const char *given)
{
    if (given)
        return given;
    const exec_pending_task *p = answer_pending(a);
    return p ? p->token : NULL;
}

static void answer_refused_text(exec_send_status rc, const char *err, char *out, size_t n)
{
    snprintf(out, n, "refused (%s): %s", exec_send_status_name(rc), err);
}

/* The engine took the answer: close the dialog, apply it, stay paused. */
static void answer_accepted(dbg_app *a, const char *what)
{
    answer_reset(&a->answer);
    a->mode = MODE_NORMAL;
    app_apply_answer(a, what);
    app_dirty_all(a);
}

/* From the dialog: refusals go into the dialog, and the text stays. */
static void answer_dialog_success(dbg_app *a)
{
    answer_state *s = &a->answer;
    const char *text = le_text(&s->output);
    size_t off = 0;
    char err[320];
    if (!answer_check_json(text, s->note, sizeof s->note, &off)) {
        s->note_error = true;
        le_set_cursor(&s->output, off);
        return;
    }
    exec_send_status rc = session_answer_success(a->sess, answer_token(a, NULL), text, err,
                                                 sizeof err);
    if (rc != EXEC_SEND_OK) {
        answer_refused_text(rc, err, s->note, sizeof s->note);
        s->note_error = true;
        return;
    }
    answer_accepted(a, "success");
}

static void answer_dialog_failure(dbg_app *a)
{
    answer_state *s = &a->answer;
    const char *e = le_text(&s->error), *c = le_text(&s->cause);
    char err[320];
    exec_send_status rc = session_answer_failure(a->sess, answer_token(a, NULL), *e ? e : NULL,
                                                 *c ? c : NULL, err, sizeof err);
    if (rc != EXEC_SEND_OK) {
        answer_refused_text(rc, err, s->note, sizeof s->note);
        s->note_error = true;
        return;
    }
    answer_accepted(a, "failure");
}

/* HeartbeatSeconds of the waiting task (from its TaskScheduled event), 0 when none. */
static long answer_heartbeat_seconds(dbg_app *a, const asl_state *st)
{
    const sfn_exec *ex = session_exec(a->sess);
    for (size_t i = exec_event_count(ex); i-- > 0;) {
        const exec_event *e = exec_event_at(ex, i);
        if (e->type == EV_TASK_SCHEDULED && e->state == st)
            return exec_event_details(e)->heartbeat_seconds;
    }
    return 0;
}

/* Sends a heartbeat; the text of what happened goes into msg. */
static bool answer_heartbeat(dbg_app *a, const char *token, char *msg, size_t n)
{
    const exec_pending_task *p = answer_pending(a);
    char err[320];
    exec_send_status rc = session_heartbeat(a->sess, answer_token(a, token), err, sizeof err);
    if (rc != EXEC_SEND_OK) {
        answer_refused_text(rc, err, msg, n);
        return false;
    }
    long hb = p ? answer_heartbeat_seconds(a, p->state) : 0;
    if (hb > 0)
        snprintf(msg, n, "heartbeat sent: %s's %ld s HeartbeatSeconds count from now",
                 p->state->name, hb);
    else
        snprintf(msg, n, "heartbeat sent (%s has no HeartbeatSeconds)",
                 p ? p->state->name : "the task");
    return true;
}

static bool answer_time_out(dbg_app *a)
{
    if (!session_answer_timeout(a->sess)) {
        app_message(a, true, "no task is waiting for a token");
        return false;
    }
    answer_accepted(a, "time out");
    return true;
}

/* ---- $EDITOR (Ctrl-E) ---- */

/* The edited file as one line: valid JSON compacted, anything else with each line break
 * (and the indentation after it) and tab turned into a space (the same JSON, or the same
 * mistake, on one line). */
static char *answer_one_line(char *text, bool json)
{
    jv_parse_error pe;
    jv *v = json ? jv_parse(text, strlen(text), 0, &pe) : NULL;
    if (v) {
        char *out = jv_dump_string(v, 0);
        jv_unref(v);
        free(text);
        return out;
    }
    /* a line break and the indentation after it become one space */
    char *w = text;
    for (const char *r = text; *r;) {
        if (*r == '\n' || *r == '\r') {
            *w++ = ' ';
            while (*r == '\n' || *r == '\r' || *r == ' ' || *r == '\t')
                r++;
        } else {
            *w++ = *r == '\t' ? ' ' : *r;
            r++;
        }
    }
    *w = '\0';
    size_t n = strlen(text);
    while (n && text[n - 1] == ' ')
        text[--n] = '\0';
    return text;
}

/* The text the editor starts with: JSON pretty-printed, anything else as typed. */
static char *answer_editor_seed(const char *text, bool json)
{
    jv_parse_error pe;
    jv *v = json ? jv_parse(text, strlen(text), 0, &pe) : NULL;
    char *body = v ? jv_dump_string(v, JV_DUMP_PRETTY) : jv_xstrdup(text);
    jv_unref(v);
    size_t l = strlen(body);
    body = jv_xrealloc(body, l + 2);
    body[l] = '\n';
    body[l + 1] = '\0';
    return body;
}

static void answer_external(dbg_app *a, lineedit *le, bool json)
{
    answer_state *s = &a->answer;
    char *seed = answer_editor_seed(le_text(le), json);
    char err[300];
    char *path = editor_temp_file(seed, err, sizeof err);
    free(seed);
    if (!path) {
        answer_note(s, true, "%s; the field is unchanged", err);
        return;
    }
    const char *ed = "the editor";
    int rc = editor_run(a, path, &ed);
    size_t len = 0;
    char *text = rc == 0 && a->cfg.read_file
                     ? a->cfg.read_file(path, ANSWER_FILE_MAX, &len, err, sizeof err) : NULL;
    if (!text) {
        if (rc == 0)
            answer_note(s, true, "%s; the field is unchanged (your file stays: %s)",
                        a->cfg.read_file ? err : "cannot read files here", path);
        else
            answer_note(s, true, "%s exited with %d; the field is unchanged (your file stays: %s)",
                        ed, rc, path);
        free(path);
        return;
    }
    text = answer_one_line(text, json);
    if (strlen(text) > le->max) {
        answer_note(s, true, "%zu bytes do not fit the field (%zu); your file stays: %s",
                    strlen(text), le->max, path);
    } else {
        le_set(le, text);
        s->typed = true;
        answer_note(s, false, "from %s: Enter sends", ed);
        unlink(path);
    }
    free(text);
    free(path);
}

/* ---- keys ---- */

static bool answer_is_enter(int key) { return key == UI_KEY_ENTER || key == KEY_ENTER || key == 13; }

static void answer_page_open(dbg_app *a, answer_page page)
{
    answer_state *s = &a->answer;
    s->page = page;
    s->field = 0;
    s->note[0] = '\0';
}

const char *answer_page_keys(dbg_app *a)
{
    const exec_pending_task *p = answer_pending(a);
    switch (a->answer.page) {
    case ANSWER_SUCCESS: return "Enter sends   Esc cancels (x brings it back)   Ctrl-E $EDITOR";
    case ANSWER_FAILURE: return "Enter sends   Tab other field   Esc cancels   Ctrl-E $EDITOR";
    default:
        return p && p->needs_result ? "s result   f error   t time out   Esc close"
                                    : "s success   f failure   h heartbeat   t time out   Esc close";
    }
}

/* Can a JSON text start with this character? (t, f and n are the page's keys.) */
static bool answer_starts_json(int key)
{
    return key == '{' || key == '[' || key == '"' || key == '-' || (key >= '0' && key <= '9');
}

static void answer_field_key(dbg_app *a, int key, bool text, const char *utf8, size_t n);

/* A key the choice page has no use for: the start of a JSON text opens the success page
 * with it typed in the field; anything else is never a command behind the dialog. */
static void answer_choose_other(dbg_app *a, int key, const char *utf8, size_t n)
{
    answer_state *s = &a->answer;
    if (answer_starts_json(key)) {
        answer_page_open(a, ANSWER_SUCCESS);
        answer_field_key(a, key, true, utf8, n);
        return;
    }
    if (key >= 32 && key < 127)
        answer_note(s, false, "%c is not a key here: %s", key, answer_page_keys(a));
}

static void answer_choose_key(dbg_app *a, int key, const char *utf8, size_t n)
{
    answer_state *s = &a->answer;
    const exec_pending_task *p = answer_pending(a);
    char msg[400];
    switch (key) {
    case 's': answer_page_open(a, ANSWER_SUCCESS); break;
    case 'f': answer_page_open(a, ANSWER_FAILURE); break;
    case 'h':
        if (p && p->needs_result) {
            answer_note(s, true, "no heartbeat here: nothing is waiting on a callback");
            break;
        }
        s->note_error = !answer_heartbeat(a, NULL, msg, sizeof msg);
        snprintf(s->note, sizeof s->note, "%s", msg);
        break;
    case 't': answer_time_out(a); break;
    case 'r': s->reveal = !s->reveal; break;
    case 'y':
        if (p && term_osc52(&a->t, p->token, strlen(p->token)))
            answer_note(s, false, "token copied (OSC 52)");
        break;
    case UI_KEY_ESC: case UI_CTRL('c'): answer_close(a); break;
    default: answer_choose_other(a, key, utf8, n); break;
    }
}

/* The field a key goes to on the current page. */
static lineedit *answer_field(answer_state *s)
{
    if (s->page == ANSWER_SUCCESS)
        return &s->output;
    return s->field == 0 ? &s->error : &s->cause;
}

static void answer_field_key(dbg_app *a, int key, bool text, const char *utf8, size_t n)
{
    answer_state *s = &a->answer;
    lineedit *le = answer_field(s);
    if (text) {
        if (!s->typed && le == &s->output && !strcmp(le_text(le), ANSWER_PREFILL))
            le_clear(le); /* the prefill is a placeholder: typing replaces it */
        s->typed = true;
        if (!le_insert(le, utf8, n))
            answer_note(s, true, "the field is full (%zu bytes): Ctrl-E edits in $EDITOR", le->max);
        else if (s->note_error)
            s->note[0] = '\0';
        return;
    }
    if (key == UI_KEY_ESC || key == UI_CTRL('c')) {
        answer_close(a);
    } else if (answer_is_enter(key)) {
        if (s->page == ANSWER_SUCCESS)
            answer_dialog_success(a);
        else
            answer_dialog_failure(a);
    } else if (key == UI_CTRL('e')) {
        answer_external(a, le, s->page == ANSWER_SUCCESS);
    } else if (s->page == ANSWER_FAILURE &&
               (key == UI_KEY_TAB || key == KEY_BTAB || key == KEY_DOWN || key == KEY_UP)) {
        s->field = !s->field;
    } else if (le_key(le, key)) {
        s->typed = true;
    }
}

void answer_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n)
{
    if (!answer_pending(a)) { /* the task is over (it cannot be while the dialog is open) */
        answer_close(a);
        return;
    }
    bool text = is_char && key >= 32 && key != 127;
    if (a->answer.page == ANSWER_CHOOSE)
        answer_choose_key(a, key, utf8, n);
    else
        answer_field_key(a, key, text, utf8, n);
    app_dirty_all(a);
}

/* ---- drawing ---- */

/* The token masked (its length said) or in clear. */
static void answer_token_text(dbg_app *a, const char *token, char *buf, size_t n)
{
    if (a->answer.reveal) {
        snprintf(buf, n, "%s  (r hides)", token);
        return;
    }
    const char *dot = a->t.utf8 ? "\xe2\x80\xa2" : "*";
    size_t len = strlen(token), shown = len < 16 ? len : 16, k = 0;
    for (size_t i = 0; i < shown && k + 4 < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s", dot);
    snprintf(buf + k, n - k, "  (%zu characters: r reveals, y copies)", len);
}

static void answer_title(dbg_app *a, const exec_pending_task *p, char *buf, size_t n)
{
    answer_state *s = &a->answer;
    const char *name = p->state->name;
    if (p->needs_result)
        snprintf(buf, n, " %s of %s · nothing answered this task ",
                 s->page == ANSWER_FAILURE ? "Error" : "Result", name);
    else if (s->page == ANSWER_SUCCESS)
        snprintf(buf, n, " SendTaskSuccess · %s ", name);
    else if (s->page == ANSWER_FAILURE)
        snprintf(buf, n, " SendTaskFailure · %s ", name);
    else
        snprintf(buf, n, " Answer %s · waiting for its task token ", name);
}

static void answer_draw_label(dbg_app *a, WINDOW *w, int y, const char *label, const char *text,
                              int width)
{
    int x = 2 + term_text(&a->t, w, y, 2, label, width, A_BOLD);
    term_text(&a->t, w, y, x, text, width - x, A_NORMAL);
}

static void answer_draw_choose(dbg_app *a, WINDOW *w, const exec_pending_task *p, int width)
{
    char line[512];
    snprintf(line, sizeof line, "%s · %s", p->state->name,
             p->state->task.resource ? p->state->task.resource : "Task");
    answer_draw_label(a, w, 1, "Task   ", line, width);
    if (p->needs_result) {
        term_text(&a->t, w, 2, 2, "Type what the service returns (before ResultSelector), or an error.",
                  width - 2, a->t.attr[TA_DIM]);
        term_text(&a->t, w, 4, 2, answer_page_keys(a), width - 2, a->t.attr[TA_HINT_KEY]);
    } else {
        answer_token_text(a, p->token, line, sizeof line);
        answer_draw_label(a, w, 2, "Token  ", line, width);
        term_text(&a->t, w, 4, 2, answer_page_keys(a), width - 2, a->t.attr[TA_HINT_KEY]);
    }
}

static void answer_draw_success(dbg_app *a, WINDOW *w, const exec_pending_task *p, int width)
{
    answer_state *s = &a->answer;
    term_text(&a->t, w, 1, 2, p->needs_result ? "Result (JSON), what the task returns:"
                                              : "Output (JSON), the task's result:",
              width - 2, A_BOLD);
    statusbar_draw_field(a, w, 2, 2, width - 3, &s->output);
    if (!s->note[0]) {
        char info[80];
        snprintf(info, sizeof info, "%zu bytes", s->output.len);
        term_text(&a->t, w, 3, 2, info, width - 2, a->t.attr[TA_DIM]);
    }
    term_text(&a->t, w, 4, 2, answer_page_keys(a), width - 2, a->t.attr[TA_HINT_KEY]);
}

static void answer_draw_failure(dbg_app *a, WINDOW *w, int width)
{
    answer_state *s = &a->answer;
    term_text(&a->t, w, 1, 2, s->field == 0 ? "Error >" : "Error  ", 8, A_BOLD);
    term_text(&a->t, w, 2, 2, s->field == 1 ? "Cause >" : "Cause  ", 8, A_BOLD);
    if (s->field == 0) {
        statusbar_draw_field(a, w, 1, 10, width - 11, &s->error);
        term_text(&a->t, w, 2, 10, le_text(&s->cause), width - 11, A_NORMAL);
    } else {
        term_text(&a->t, w, 1, 10, le_text(&s->error), width - 11, A_NORMAL);
        statusbar_draw_field(a, w, 2, 10, width - 11, &s->cause);
    }
    term_text(&a->t, w, 4, 2, answer_page_keys(a), width - 2, a->t.attr[TA_HINT_KEY]);
}

void answer_draw(dbg_app *a)
{
    const exec_pending_task *p = answer_pending(a);
    if (!p || a->too_small)
        return;
    int h = 6, w = a->cols - 4 > 96 ? 96 : a->cols - 4;
    if (a->rows < h + 2 || w < 30)
        return;
    WINDOW *win = newwin(h, w, (a->rows - h) / 2, (a->cols - w) / 2);
    werase(win);
    char title[300];
    answer_title(a, p, title, sizeof title);
    term_frame(&a->t, win, title, true);
    int width = w - 2;
    answer_state *s = &a->answer;
    if (s->page == ANSWER_CHOOSE)
        answer_draw_choose(a, win, p, width);
    else if (s->page == ANSWER_SUCCESS)
        answer_draw_success(a, win, p, width);
    else
        answer_draw_failure(a, win, width);
    if (s->note[0])
        term_text(&a->t, win, 3, 2, s->note, width - 2,
                  s->note_error ? a->t.attr[TA_ERROR] : a->t.attr[TA_NOTE]);
    wnoutrefresh(win);
    delwin(win);
}

/* ---- commands ---- */

/* "--token T rest" -> T, rest */
static char *answer_take_token(char *args, const char **token)
{
    *token = NULL;
    if (strncmp(args, "--token", 7) || (args[7] != ' ' && args[7] != '\0'))
        return args;
    char *t = args + 7;
    while (*t == ' ')
        t++;
    char *end = t;
    while (*end && *end != ' ')
        end++;
    if (*end)
        *end++ = '\0';
    while (*end == ' ')
        end++;
    *token = t;
    return end;
}

static void answer_cmd_success(dbg_app *a, const char *token, const char *json)
{
    char msg[400], err[320];
    size_t off;
    if (!*json) {
        app_message(a, true, "usage: send-success [--token T] JSON");
        return;
    }
    if (!answer_check_json(json, msg, sizeof msg, &off)) {
        app_message(a, true, "not sent: %s", msg);
        return;
    }
    exec_send_status rc = session_answer_success(a->sess, answer_token(a, token), json, err,
                                                 sizeof err);
    if (rc != EXEC_SEND_OK) {
        answer_refused_text(rc, err, msg, sizeof msg);
        app_message(a, true, "%s", msg);
        return;
    }
    answer_accepted(a, "success");
}

/* ERROR [CAUSE...]: the first word is the error, the rest the cause. */
static void answer_cmd_failure(dbg_app *a, const char *token, char *args)
{
    char *cause = strchr(args, ' ');
    if (cause) {
        *cause++ = '\0';
        while (*cause == ' ')
            cause++;
    }
    char msg[400], err[320];
    exec_send_status rc = session_answer_failure(a->sess, answer_token(a, token),
                                                 *args ? args : NULL,
                                                 cause && *cause ? cause : NULL, err, sizeof err);
    if (rc != EXEC_SEND_OK) {
        answer_refused_text(rc, err, msg, sizeof msg);
        app_message(a, true, "%s", msg);
        return;
    }
    answer_accepted(a, "failure");
}

bool answer_command(dbg_app *a, const char *cmd, char *args)
{
    bool known = !strcmp(cmd, "send-success") || !strcmp(cmd, "send-failure") ||
                 !strcmp(cmd, "heartbeat") || !strcmp(cmd, "time-out");
    if (!known)
        return false;
    const char *token;
    args = answer_take_token(args, &token);
    if (!token && !answer_pending(a)) {
        app_message(a, true, "no task is waiting for a token");
        return true;
    }
    if (!strcmp(cmd, "send-success")) {
        answer_cmd_success(a, token, args);
    } else if (!strcmp(cmd, "send-failure")) {
        answer_cmd_failure(a, token, args);
    } else if (!strcmp(cmd, "heartbeat")) {
        char msg[400];
        bool ok = answer_heartbeat(a, token, msg, sizeof msg);
        app_message(a, !ok, "%s", msg);
    } else {
        answer_time_out(a);
    }
    return true;
}
