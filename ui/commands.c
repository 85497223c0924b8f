/* commands — the `:` command line: parsing, execution, history, completion of command
 * names, state names and state types. Every action of the key map is also a command by its
 * name (:step, :continue, ...), so scripts and tests can drive everything. */
#include "app.h"
#include "visitpick.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"

typedef struct {
    const char *name;
    const char *usage;
} cmd_info;

static const cmd_info cmd_table[] = {
    {"break", "break STATE [if EXPR] | break type TYPE [if EXPR] | break error | break retry"},
    {"delete", "delete N | delete all (breakpoints)"},
    {"enable", "enable N"},
    {"disable", "disable N"},
    {"watch", "watch EXPR"},
    {"unwatch", "unwatch N"},
    {"goto", "goto STATE (select it)"},
    {"visit", "visit N (the selected state's visit N: 1 is the first)"},
    {"iteration", "iteration N (into iteration N of the Map you are in or about to run)"},
    {"child", "child (into the child execution the inspector's startExecution visit started)"},
    {"input", "input JSON (replace the input of the state about to run)"},
    {"set", "set $NAME JSON (set a workflow variable before the next state)"},
    {"run", "run [INPUT-FILE] (restart)"},
    {"history", "history FILE (export the execution history)"},
    {"send-success", "send-success [--token T] JSON (answer the waiting task)"},
    {"send-failure", "send-failure [--token T] ERROR [CAUSE]"},
    {"heartbeat", "heartbeat [--token T]"},
    {"time-out", "time-out (let the waiting task time out)"},
    {"recorded", "recorded (sfdbg replay: the Events pane between the recorded and the local run)"},
    {"tab", "tab NAME (the inspector's tab after each step: Input, Stages, ...)"},
    {"theme", "theme color|mono"},
    {"mouse", "mouse on|off"},
    {"q", "q (quit)"},
    {"quit", "quit"},
    {"q!", "q! (quit without asking)"},
};

static const char *const cmd_types[] = {"Pass", "Task", "Choice", "Wait", "Succeed", "Fail",
                                        "Parallel", "Map"};

void cmd_history_add(dbg_app *a, const char *line)
{
    if (!*line || (a->nhistory && !strcmp(a->history[a->nhistory - 1], line)))
        return;
    if (a->nhistory == APP_HISTORY_MAX) {
        free(a->history[0]);
        memmove(a->history, a->history + 1, (APP_HISTORY_MAX - 1) * sizeof *a->history);
        a->nhistory--;
    }
    a->history[a->nhistory++] = jv_xstrdup(line);
    a->hist_pos = a->nhistory;
}

static char *cmd_skip(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* Splits off the first word (NUL-terminates it); returns the rest. */
static char *cmd_word(char *s, char **word)
{
    s = cmd_skip(s);
    *word = s;
    while (*s && !isspace((unsigned char)*s))
        s++;
    if (*s)
        *s++ = '\0';
    return cmd_skip(s);
}

/* "X if EXPR" -> X, EXPR */
static void cmd_split_if(char *s, char **cond)
{
    *cond = NULL;
    char *p = strstr(s, " if ");
    if (p) {
        *p = '\0';
        *cond = cmd_skip(p + 4);
    }
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
}

static void cmd_break(dbg_app *a, char *args)
{
    char *cond, *word, qualified[300];
    cmd_split_if(args, &cond);
    char *rest = cmd_word(args, &word);
    bp_kind kind = BP_STATE;
    const char *target = args;
    if (!*word) {
        if (!graph_pane_selected(a))
            return;
        target = graph_pane_selected(a)->name;
    } else if (!strcmp(word, "error") && !*rest) {
        kind = BP_ERROR, target = NULL;
    } else if (!strcmp(word, "retry") && !*rest) {
        kind = BP_RETRY, target = NULL;
    } else if (!strcmp(word, "type")) {
        kind = BP_TYPE, target = rest;
        bool ok = false;
        for (size_t i = 0; i < 8; i++)
            if (!strcmp(rest, cmd_types[i]))
                ok = true;
        if (!ok) {
            app_message(a, true, "no state type '%s' (Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)", rest);
            return;
        }
    } else {
        if (!strcmp(word, "state"))
            target = rest;
        else if (*rest)
            rest[-1] = ' ', target = word; /* a name with spaces */
        else
            target = word;
        if (!app_find_state(a, target) && childexec_qualify(target, qualified, sizeof qualified))
            target = qualified;   /* a state of a child execution */
        else if (!app_find_state(a, target)) {
            app_message(a, true, "no state named '%s' (a child's: child:NAME › STATE)", target);
            return;
        }
    }
    char err[300];
    int id = bp_add(&a->bps, kind, target, cond, err, sizeof err);
    if (id < 0) {
        app_message(a, true, "%s", err);
        return;
    }
    char desc[600];
    bp_describe(bp_find(&a->bps, id), desc, sizeof desc);
    app_message(a, false, "breakpoint %d: %s", id, desc);
    bpp_save_now(a);
    app_dirty(a, PANE_GRAPH);
    app_dirty(a, PANE_BREAKS);
}

static bool cmd_number(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *cmd_skip(end))
        return false;
    *out = v;
    return true;
}

static void cmd_bp_each(dbg_app *a, const char *args, int what)
{
    long id;
    if (what == 0 && !strcmp(args, "all")) {
        while (a->bps.n)
            bp_remove(&a->bps, a->bps.items[0].id);
        app_message(a, false, "all breakpoints deleted");
    } else if (!cmd_number(args, &id) || !bp_find(&a->bps, (int)id)) {
        app_message(a, true, "no breakpoint %s (the list, 4, shows their numbers)", args);
        return;
    } else if (what == 0) {
        bp_remove(&a->bps, (int)id);
        app_message(a, false, "breakpoint %ld deleted", id);
    } else {
        bp_find(&a->bps, (int)id)->enabled = what == 1;
        app_message(a, false, "breakpoint %ld %s", id, what == 1 ? "enabled" : "disabled");
    }
    bpp_save_now(a);
    app_dirty(a, PANE_GRAPH);
    app_dirty(a, PANE_BREAKS);
}

static void cmd_input(dbg_app *a, const char *json)
{
    char err[300];
    size_t off = 0;
    if (!*json) {
        app_message(a, true, "usage: input JSON");
        return;
    }
    if (app_edit_apply(a, json, err, sizeof err, &off))
        app_message(a, false, "input of %s replaced", a->subj.state ? a->subj.state->name : "the state");
    else
        app_message(a, true, "input not changed: %s", err);
}

/* :set $name JSON — a variable edit, replayed by step back like an input edit. */
static void cmd_set_variable(dbg_app *a, char *args)
{
    char *name;
    char *json = cmd_word(args, &name);
    if (name[0] == '$')
        name++;
    if (!*name || !*json) {
        app_message(a, true, "usage: set $NAME JSON");
        return;
    }
    jv_parse_error pe;
    jv *v = jv_parse(json, strlen(json), APP_EDIT_MAX, &pe);
    char err[300];
    if (!v) {
        app_message(a, true, "$%s not set: %d:%d: %s", name, pe.line, pe.column, pe.message);
        return;
    }
    if (session_set_variable(a->sess, name, v, err, sizeof err)) {
        app_after_change(a, false);
        insp_pane_set_tab(a, TAB_VARS);
        app_message(a, false, "$%s set: the next state sees it", name);
    } else {
        app_message(a, true, "$%s not set: %s", name, err);
    }
    jv_unref(v);
}

static void cmd_run(dbg_app *a, const char *file)
{
    if (!*file) {
        app_restart(a, NULL);
        app_message(a, false, "restarted with the same input");
        return;
    }
    if (!a->cfg.read_file) {
        app_message(a, true, "cannot read files here");
        return;
    }
    char err[512];
    size_t len;
    const char *path = strncmp(file, "file://", 7) ? file : file + 7;
    char *text = a->cfg.read_file(path, a->cfg.max_input ? a->cfg.max_input : APP_EDIT_MAX, &len, err, sizeof err);
    if (!text) {
        app_message(a, true, "%s", err);
        return;
    }
    jv_parse_error pe;
    jv *v = jv_parse(text, len, 0, &pe);
    free(text);
    if (!v) {
        app_message(a, true, "%s:%d:%d: %s", path, pe.line, pe.column, pe.message);
        return;
    }
    app_restart(a, v);
    jv_unref(v);
    app_message(a, false, "restarted with the input of %s", path);
}

static void cmd_history_export(dbg_app *a, const char *file)
{
    if (!*file || !a->cfg.write_file) {
        app_message(a, true, "usage: history FILE");
        return;
    }
    jv *h = exec_history_json(session_exec(a->sess));
    char *text = jv_dump_string(h, JV_DUMP_PRETTY);
    jv_unref(h);
    char err[1024];
    int rc = a->cfg.write_file(file, text, strlen(text), err, sizeof err);
    free(text);
    if (rc)
        app_message(a, true, "%s", err);
    else
        app_message(a, false, "history written to %s (%zu events)", file,
                    exec_event_count(session_exec(a->sess)));
}

static void cmd_goto(dbg_app *a, const char *name)
{
    const asl_state *s = app_find_state(a, name);
    if (!s) {
        app_message(a, true, "no state named '%s'", name);
        return;
    }
    graph_pane_reveal(a, s);
}

static void cmd_set_tab(dbg_app *a, const char *name)
{
    insp_tab t;
    if (!insp_tab_by_name(name, &t)) {
        app_message(a, true, "no tab '%s' (Input, Stages, Output, Context, Vars, Definition, Diff, Services)", name);
        return;
    }
    insp_pane_set_default_tab(a, t);
    app_message(a, false, "after each step: the %s tab", insp_tab_name(t));
}

void cmd_execute(dbg_app *a, const char *line)
{
    char *buf = jv_xstrdup(line[0] == ':' ? line + 1 : line);
    char *cmd;
    char *args = cmd_word(buf, &cmd);
    if (!*cmd) {
        free(buf);
        return;
    }
    if (!strcmp(cmd, "break") || !strcmp(cmd, "b"))
        cmd_break(a, args);
    else if (!strcmp(cmd, "delete") || !strcmp(cmd, "d"))
        cmd_bp_each(a, args, 0);
    else if (!strcmp(cmd, "enable"))
        cmd_bp_each(a, args, 1);
    else if (!strcmp(cmd, "disable"))
        cmd_bp_each(a, args, 2);
    else if (!strcmp(cmd, "watch")) {
        if (*args)
            watches_add(a, args);
        else
            app_message(a, true, "usage: watch EXPR (a JSONPath; at most %d watches)", BP_MAX_WATCHES);
    } else if (!strcmp(cmd, "unwatch")) {
        long n;
        if (cmd_number(args, &n) && bp_watch_remove(&a->bps, (size_t)(n - 1)))
            bpp_save_now(a);
        else
            app_message(a, true, "usage: unwatch N (1 is the first watch)");
    } else if (!strcmp(cmd, "goto"))
        cmd_goto(a, args);
    else if (!strcmp(cmd, "visit"))
        visit_pick(a, args);
    else if (!strcmp(cmd, "iteration")) {
        long n;
        if (cmd_number(args, &n) && n >= 0)
            app_iteration(a, n);
        else
            app_message(a, true, "usage: iteration N (0 is the first: $$.Map.Item.Index)");
    }
    else if (!strcmp(cmd, "child")) {
        if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0)
            childexec_open(a, a->subj.visit, false);
        else
            app_message(a, true, "child: select a startExecution task's visit first");
    } else if (!strcmp(cmd, "input"))
        cmd_input(a, args);
    else if (!strcmp(cmd, "set"))
        cmd_set_variable(a, args);
    else if (!strcmp(cmd, "run"))
        cmd_run(a, args);
    else if (!strcmp(cmd, "history"))
        cmd_history_export(a, args);
    else if (answer_command(a, cmd, args))
        ;
    else if (!strcmp(cmd, "tab"))
        cmd_set_tab(a, args);
    else if (!strcmp(cmd, "recorded"))
        rv_toggle(a);
    else if (!strcmp(cmd, "theme")) {
        term_set_theme(&a->t, !strcmp(args, "mono"));
        app_dirty_all(a);
    } else if (!strcmp(cmd, "mouse")) {
        term_set_mouse(&a->t, strcmp(args, "off") != 0);
    } else if (!strcmp(cmd, "q!"))
        a->quit = true;
    else if (!strcmp(cmd, "q") || !strcmp(cmd, "quit"))
        input_do(a, ACT_QUIT);
    else if (actions_by_name(cmd) != ACT_NONE)
        input_do(a, actions_by_name(cmd));
    else
        app_message(a, true, "unknown command '%s' (Tab completes; ? lists the keys)", cmd);
    free(buf);
    app_dirty_all(a);
}

/* ---- completion ---- */

static void cmd_add_completion(dbg_app *a, const char *prefix, size_t plen, const char *cand)
{
    if (strncmp(cand, prefix, plen) || a->ncompletions >= 4096)
        return;
    for (int i = 0; i < a->ncompletions; i++)
        if (!strcmp(a->completions[i], cand))
            return;
    a->completions = jv_xrealloc(a->completions, (size_t)(a->ncompletions + 1) * sizeof *a->completions);
    a->completions[a->ncompletions++] = jv_xstrdup(cand);
}

static void cmd_states(const asl_machine *m, dbg_app *a, const char *prefix, size_t plen)
{
    for (size_t i = 0; i < m->nstates; i++) {
        cmd_add_completion(a, prefix, plen, m->states[i]->name);
        for (size_t b = 0; b < m->states[i]->nbranches; b++)
            cmd_states(m->states[i]->branches[b], a, prefix, plen);
    }
}

void cmd_complete(dbg_app *a)
{
    const char *text = le_text(&a->line);
    if (a->ncompletions > 1) { /* Tab again: cycle through the candidates */
        a->completion_i = (a->completion_i + 1) % a->ncompletions;
    } else {
        for (int i = 0; i < a->ncompletions; i++)
            free(a->completions[i]);
        a->ncompletions = 0;
        a->completion_i = 0;
    }
    const char *sp = strrchr(text, ' ');
    size_t word_start = sp ? (size_t)(sp - text) + 1 : 0;
    char head[APP_CMD_MAX];
    snprintf(head, sizeof head, "%.*s", (int)word_start, text);
    if (a->ncompletions <= 1) {
        const char *prefix = text + word_start;
        size_t plen = strlen(prefix);
        if (word_start == 0) {
            for (size_t i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++)
                cmd_add_completion(a, prefix, plen, cmd_table[i].name);
            for (size_t i = 0; i < actions_count(); i++)
                cmd_add_completion(a, prefix, plen, actions_at(i)->name);
        } else if (!strncmp(text, "break type ", 11)) {
            for (size_t i = 0; i < 8; i++)
                cmd_add_completion(a, prefix, plen, cmd_types[i]);
        } else if (!strncmp(text, "tab ", 4)) {
            for (int i = 0; i < TAB_COUNT; i++)
                cmd_add_completion(a, prefix, plen, insp_tab_name((insp_tab)i));
        } else {
            cmd_states(asl_definition_root(a->cfg.def), a, prefix, plen);
            if (!strncmp(text, "break ", 6) && word_start == 6) {
                cmd_add_completion(a, prefix, plen, "type");
                cmd_add_completion(a, prefix, plen, "error");
                cmd_add_completion(a, prefix, plen, "retry");
            }
        }
        if (a->ncompletions == 0) {
            app_message(a, true, "no completion");
            return;
        }
        if (a->ncompletions > 1) {
            /* the common prefix first; the list in the message line */
            size_t common = strlen(a->completions[0]);
            for (int i = 1; i < a->ncompletions; i++) {
                size_t k = 0;
                while (k < common && a->completions[i][k] == a->completions[0][k])
                    k++;
                common = k;
            }
            char msg[APP_MSG_MAX] = "";
            for (int i = 0; i < a->ncompletions && strlen(msg) + 40 < sizeof msg; i++) {
                strcat(msg, a->completions[i]);
                strcat(msg, "  ");
            }
            app_message(a, false, "%s", msg);
            if (common > plen) {
                char line[APP_CMD_MAX * 2 + 8];
                snprintf(line, sizeof line, "%s%.*s", head, (int)common, a->completions[0]);
                le_set(&a->line, line);
                for (int i = 0; i < a->ncompletions; i++)
                    free(a->completions[i]);
                a->ncompletions = 0;
            } else {
                a->completion_i = -1;
            }
            return;
        }
    }
    if (a->completion_i < 0)
        a->completion_i = 0;
    char line[APP_CMD_MAX * 2 + 8];
    const char *c = a->completions[a->completion_i];
    snprintf(line, sizeof line, "%s%s%s", head, c, a->ncompletions == 1 ? " " : "");
    le_set(&a->line, line);
    if (a->ncompletions == 1) {
        free(a->completions[0]);
        a->ncompletions = 0;
    }
}
