/* cmd_replay — `sfdbg replay HISTORY... [--definition F] [--rerun] [run options]`: a
 * recorded execution history read back, and with --rerun run again locally with every
 * task answered from the history, reporting the first divergence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "debug_session.h"
#include "definition.h"
#include "diagprint.h"
#include "exec.h"
#include "fileio.h"
#include "history.h"
#include "jv_text.h"
#include "options.h"
#include "replay_answers.h"
#include "replay_debug.h"
#include "replay_diff.h"
#include "replay_report.h"
#include "resolvers.h"
#include "taskwait.h"
#include "wfload.h"

#define REPLAY_MAX_ARGS 256

typedef struct {
    const char *histories[HISTORY_MAX_PAGES];
    size_t nhistories;
    const char *definition;
    bool rerun, help;
    char *fwd[REPLAY_MAX_ARGS + 2];   /* what options_parse gets: "replay", DEFINITION, ... */
    int nfwd;
} replay_args;

static void replay_usage(FILE *out)
{
    fputs("usage: sfdbg replay HISTORY.json... [--definition WORKFLOW] [--rerun] [options]\n"
          "HISTORY is what `aws stepfunctions get-execution-history` prints (several pages\n"
          "in order) or what `sfdbg run --history` writes. With --definition and a\n"
          "terminal: opens the debugger on WORKFLOW, every task answered as recorded, the\n"
          "recorded events beside it (:recorded) and the first divergence marked;\n"
          "otherwise lists the recorded execution, state by state. With --rerun: runs\n"
          "WORKFLOW (plain ASL, or the JSON of `aws stepfunctions\n"
          "describe-state-machine-for-execution`) headless on the recorded input, answers\n"
          "every task with the result recorded for it, compares the local history with the\n"
          "recorded one and reports the first divergence (event, state, field, recorded\n"
          "and local values). See docs/replay.md.\n"
          "Exit status: 0 reproduced (or listed), 1 diverged, 2 usage or input errors.\n\n"
          "  --definition WORKFLOW       the state machine the execution ran (needed by the\n"
          "                              debugger and --rerun)\n"
          "  --rerun                     run it locally and compare\n"
          "The run options below apply to --rerun; by default the start time is the recorded\n"
          "one, the seed 0 and the account the one in the recorded role ARN. Tasks the\n"
          "history cannot answer (no data) go to --mock-config / --handlers.\n",
          out);
    fputs(options_help, out);
}

static int replay_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "sfdbg replay: %s%s\n(sfdbg replay --help lists the options)\n", msg, arg);
    return 2;
}

/* One argument of ours or passed on; *i advances past any value taken. */
static int replay_arg(replay_args *a, int argc, char **argv, int *i)
{
    char *arg = argv[*i];
    if (!strcmp(arg, "--rerun")) {
        a->rerun = true;
    } else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
        a->help = true;
    } else if (!strncmp(arg, "--definition=", 13)) {
        a->definition = arg + 13;
    } else if (!strcmp(arg, "--definition")) {
        if (*i + 1 >= argc)
            return replay_usage_error("--definition needs a value", "");
        a->definition = argv[++*i];
    } else if (arg[0] == '-' && arg[1]) {
        if (a->nfwd >= REPLAY_MAX_ARGS)
            return replay_usage_error("too many arguments", "");
        a->fwd[a->nfwd++] = arg;
        if (!strncmp(arg, "--", 2) && !strchr(arg, '=') && options_takes_value(arg + 2) &&
            *i + 1 < argc) {
            if (a->nfwd >= REPLAY_MAX_ARGS)
                return replay_usage_error("too many arguments", "");
            a->fwd[a->nfwd++] = argv[++*i];
        }
    } else {
        if (a->nhistories >= HISTORY_MAX_PAGES)
            return replay_usage_error("too many history pages", "");
        a->histories[a->nhistories++] = arg;
    }
    return 0;
}

static int replay_parse_args(replay_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->nfwd = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            for (i++; i < argc; i++) {
                if (a->nhistories >= HISTORY_MAX_PAGES)
                    return replay_usage_error("too many history pages", "");
                a->histories[a->nhistories++] = argv[i];
            }
            break;
        }
        if (replay_arg(a, argc, argv, &i))
            return 2;
    }
    if (a->help)
        return 0;
    if (!a->nhistories)
        return replay_usage_error("no history file given", "");
    if (a->rerun && !a->definition)
        return replay_usage_error("--rerun needs --definition WORKFLOW (the history does not "
                                  "hold the definition)", "");
    return 0;
}

/* The definition's text: the file itself, or the "definition" string of
 * describe-state-machine(-for-execution) JSON. */
static char *replay_definition_text(const char *path, size_t *len, bool *inner_text)
{
    *inner_text = false;
    char err[512];
    char *text = fileio_read(path, RUN_MAX_DEFINITION * 2, len, err, sizeof err);
    if (!text) {
        fprintf(stderr, "sfdbg: %s\n", err);
        return NULL;
    }
    jv *doc = jv_parse(text, *len, 0, NULL);
    const jv *inner = doc && jv_is_object(doc) && !jv_object_get(doc, "States")
                          ? jv_object_get(doc, "definition") : NULL;
    if (inner && jv_is_string(inner)) {
        free(text);
        text = jv_xstrdup(jv_string_value(inner));
        *len = strlen(text);
        *inner_text = true;
    } else if (inner) {
        fprintf(stderr, "%s: error: \"definition\" must be the definition's JSON text (a "
                "string), as describe-state-machine-for-execution prints it\n", path);
        free(text);
        text = NULL;
    }
    jv_unref(doc);
    return text;
}

static asl_definition *replay_definition(const char *path, bool express)
{
    size_t len;
    bool inner;
    char *text = replay_definition_text(path, &len, &inner);
    if (!text)
        return NULL;
    /* positions in the "definition" string are in its own text */
    char shown[1024];
    snprintf(shown, sizeof shown, inner ? "%s (its \"definition\" text)" : "%s", path);
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = express};
    asl_definition *def = asl_definition_load(text, len, &vo, &diags);
    diagprint_all(stderr, shown, &diags);
    if (!def && diags.len == 0)
        fprintf(stderr, "%s: error: the definition could not be loaded\n", shown);
    asl_diags_cleanup(&diags);
    free(text);
    return def;
}

/* The recorded input, or --input; NULL after a message. */
static jv *replay_input(const run_options *o, const history *h, const char *name)
{
    if (o->input)
        return wfload_input(o, 0);
    history_data in = history_execution_of(h)->input;
    if (in.kind == HISTORY_DATA_OK)
        return jv_ref(in.value);
    fprintf(stderr, "sfdbg: %s: the execution's input is %s in the history (%s): give it "
            "with --input JSON\n", name, history_data_kind_name(in.kind),
            in.kind == HISTORY_DATA_NONE ? "recorded without execution data"
                                         : "it cannot be used");
    return NULL;
}

/* o with the recorded execution's start time, seed 0 and the account of its role ARN,
 * unless given; account holds the latter. */
static run_options replay_run_defaults(const run_options *o, const history *h, char *account,
                                       size_t n)
{
    run_options ro = *o;
    const history_execution *x = history_execution_of(h);
    if (!o->has_start_time && x->has_start) {
        ro.has_start_time = true;
        ro.start_time_ms = x->start_ms;
    }
    if (!o->has_seed) {
        ro.has_seed = true;
        ro.seed = 0;
    }
    const char *role = x->role_arn;
    if (!o->account && role && !strncmp(role, "arn:", 4)) {
        /* arn:PARTITION:iam::ACCOUNT:role/NAME */
        const char *p = role;
        for (int field = 0; field < 4 && p; field++)
            p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL;
        const char *end = p ? strchr(p, ':') : NULL;
        if (end && end > p && (size_t)(end - p) < n) {
            snprintf(account, n, "%.*s", (int)(end - p), p);
            ro.account = account;
        }
    }
    return ro;
}

static void replay_drive(sfn_exec *ex)
{
    while (exec_status_of(ex) == EXEC_RUNNING) {
        exec_step_result r = exec_step(ex);
        if (r.kind == EXEC_STEP_IN_FLIGHT)
            taskwait_answer(ex);
        else if (r.kind == EXEC_STEP_WAITING)
            exec_expire_wait(ex);
    }
}

/* Runs the definition with the history's answers (then the options' resolvers); the local
 * history, or NULL after a message. */
static history *replay_run_local(const run_options *given, const asl_definition *def,
                                 const history *recorded, const jv *input, replay_answers *ans)
{
    exec_options eo;
    char name[256], account[32];
    run_options ro = replay_run_defaults(given, recorded, account, sizeof account);
    const run_options *o = &ro;
    options_to_exec(o, &eo, name, sizeof name);
    eo.record_history = true;
    resolver_set rs;
    if (resolvers_setup(&rs, o, def, &eo)) {
        resolvers_cleanup(&rs);
        return NULL;
    }
    task_resolver list[RESOLVERS_MAX + 1];
    list[0] = (task_resolver){"history", replay_answers_resolve, ans};
    memcpy(list + 1, rs.list, rs.count * sizeof *list);
    eo.resolvers = list;
    eo.nresolvers = rs.count + 1;
    sfn_exec *ex = exec_new(def, input, &eo);
    replay_drive(ex);
    jv *page = exec_history_json(ex);
    char err[1024];
    history *local = history_from_page(page, "the local run", def, err, sizeof err);
    if (!local)
        fprintf(stderr, "sfdbg: internal error: %s\n", err);
    if (local && o->history_file) {
        char *text = jv_dump_string(page, JV_DUMP_PRETTY);
        if (fileio_write(o->history_file, text, strlen(text), err, sizeof err))
            fprintf(stderr, "sfdbg: --history: %s\n", err);
        free(text);
    }
    jv_unref(page);
    exec_free(ex);
    resolvers_cleanup(&rs);
    return local;
}

static int replay_rerun(const run_options *o, const asl_definition *def, const history *rec,
                        const char *name)
{
    jv *input = replay_input(o, rec, name);
    if (!input)
        return 2;
    replay_answers *ans = replay_answers_new(rec);
    history *local = replay_run_local(o, def, rec, input, ans);
    jv_unref(input);
    if (!local) {
        replay_answers_free(ans);
        return 2;
    }
    replay_diff d;
    replay_diff_run(rec, local, &d);
    printf("replay: %s: %s; local run of %s: %s\n", name, history_execution_of(rec)->status,
           o->workflow, history_execution_of(local)->status);
    replay_report_notes(stdout, rec, name);
    const char *state;
    const history_attempt *miss = replay_answers_unanswered(ans, &state);
    if (miss)
        printf("note: the recorded result of '%s' (event %ld) has no data: the history could "
               "not answer it (--mock-config or --handlers can)\n", state,
               miss->outcome_id ? miss->outcome_id : miss->scheduled_id);
    replay_report_diff(stdout, &d, rec, local);
    int rc = d.diverged ? 1 : 0;
    replay_diff_cleanup(&d);
    history_free(local);
    replay_answers_free(ans);
    return rc;
}

static int replay_list(const history *h, const char *name, bool with_definition)
{
    printf("replay: %s\n", name);
    replay_report_notes(stdout, h, name);
    replay_report_listing(stdout, h);
    fprintf(stderr, "sfdbg replay: %s\n", with_definition
            ? "not a terminal: the recorded execution is listed (the debugger needs one)"
            : "--definition WORKFLOW opens the debugger on the execution, --rerun compares it "
              "with a local run");
    return 0;
}

/* The divergence of the local run from the recorded one, found headless as --rerun finds it
 * (without writing --history); false after a message when the run could not be made. */
static bool replay_divergence(const run_options *o, const asl_definition *def, const history *h,
                              const jv *input, replay_diff *d)
{
    run_options ro = *o;
    ro.history_file = NULL;
    replay_answers *ans = replay_answers_new(h);
    history *local = replay_run_local(&ro, def, h, input, ans);
    replay_answers_free(ans);
    if (!local)
        return false;
    replay_diff_run(h, local, d);
    history_free(local);
    return true;
}

/* The debugger on the definition, every task answered as recorded, the recorded execution
 * beside it (replay_debug) with the divergence of the local run marked. */
static int replay_open_debugger(const run_options *o, const asl_definition *def,
                                const history *h, const char *name)
{
    jv *input = replay_input(o, h, name);
    if (!input)
        return 2;
    char account[32];
    run_options ro = replay_run_defaults(o, h, account, sizeof account);
    replay_diff d;
    if (!replay_divergence(&ro, def, h, input, &d)) {
        jv_unref(input);
        return 2;
    }
    replay_debug *view = replay_debug_new(h, def, name, &d);
    replay_diff_cleanup(&d);
    replay_answers *ans = replay_answers_new(h);
    task_resolver first = {"history", replay_answers_resolve, ans};
    int rc = cmd_debug_session(&ro, def, input, &first, replay_debug_config(view));
    replay_answers_free(ans);
    replay_debug_free(view);
    jv_unref(input);
    return rc;
}

static int replay_main(replay_args *a, const run_options *o)
{
    asl_definition *def = NULL;
    if (a->definition && !(def = replay_definition(a->definition, o->express)))
        return 2;
    char err[1024];
    history *h = history_load(a->histories, a->nhistories, def, err, sizeof err);
    if (!h) {
        fprintf(stderr, "sfdbg: %s\n", err);
        asl_definition_free(def);
        return 2;
    }
    const char *name = a->histories[0];
    int rc;
    if (a->rerun)
        rc = replay_rerun(o, def, h, name);
    else if (def && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
        rc = replay_open_debugger(o, def, h, name);
    else
        rc = replay_list(h, name, def != NULL);
    history_free(h);
    asl_definition_free(def);
    return rc;
}

int cmd_replay(int argc, char **argv)
{
    replay_args a;
    if (replay_parse_args(&a, argc, argv))
        return 2;
    if (a.help) {
        replay_usage(stdout);
        return 0;
    }
    a.fwd[0] = argv[0];
    a.fwd[1] = (char *)(a.definition ? a.definition : a.histories[0]);
    run_options o;
    bool help;
    if (options_parse(a.nfwd, a.fwd, 1, &o, &help))
        return 2;
    return replay_main(&a, &o);
}
