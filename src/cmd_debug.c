/* cmd_debug — `sfdbg WORKFLOW [options]`: the interactive debugger. Loads the workflow and
 * its input as `sfdbg run` does (wfload.h), then hands them to the front end (ui/debugger.h),
 * which owns the terminal until it returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "debug_session.h"
#include "fileio.h"
#include "options.h"
#include "resolvers.h"
#include "ui/debugger.h"
#include "wfload.h"

static void debug_usage(FILE *out)
{
    fputs("usage: sfdbg WORKFLOW [options]\n"
          "Opens the debugger on WORKFLOW, paused before the first state.\n"
          "Keys: n step, c continue, N step back, b breakpoint, e edit the input, x answer a\n"
          "task that waits (its token, or its result when nothing answered it), K cancel a task\n"
          "whose handler is still running, ? help, q quit.\n"
          "Breakpoints and watches are kept per workflow in $XDG_CONFIG_HOME/sfdbg/\n"
          "(~/.config/sfdbg/). NO_COLOR turns colours off; SFDBG_MONO=1 picks the\n"
          "monochrome theme; SFDBG_NO_MOUSE=1 leaves the mouse to the terminal.\n\n"
          "Options (the same as sfdbg run):\n",
          out);
    fputs(options_help, out);
}

int cmd_debug_session(const run_options *o, const asl_definition *def, const jv *input,
                      const task_resolver *first)
{
    debugger_config c;
    memset(&c, 0, sizeof c);
    char name[256];
    options_to_exec(o, &c.eo, name, sizeof name);
    c.eo.record_history = true;
    c.workflow_path = o->workflow;
    c.def = def;
    c.input = input;
    c.real_time = o->real_time;
    c.breaks = o->breaks;
    c.nbreaks = o->nbreaks;
    c.history_file = o->history_file;
    c.max_input = o->max_payload > 0 ? (size_t)o->max_payload
                  : o->max_payload == 0 ? RUN_MAX_UNLIMITED_INPUT : c.eo.max_payload;
    c.monochrome = getenv("SFDBG_MONO") && *getenv("SFDBG_MONO") && strcmp(getenv("SFDBG_MONO"), "0");
    c.no_mouse = getenv("SFDBG_NO_MOUSE") && *getenv("SFDBG_NO_MOUSE") && strcmp(getenv("SFDBG_NO_MOUSE"), "0");
    c.read_file = fileio_read;
    c.write_file = fileio_write;
    resolver_set rs;
    if (resolvers_setup(&rs, o, def, &c.eo)) {
        resolvers_cleanup(&rs);
        return 2;
    }
    task_resolver list[RESOLVERS_MAX + 1];
    size_t n = 0;
    if (first)
        list[n++] = *first;
    memcpy(list + n, rs.list, rs.count * sizeof *list);
    c.eo.resolvers = list;
    c.eo.nresolvers = n + rs.count;
    int rc = debugger_run(&c);
    if (resolvers_save_services(&rs, o) && !rc)
        rc = 2;
    resolvers_cleanup(&rs);
    return rc;
}

int cmd_debug(int argc, char **argv)
{
    run_options o;
    bool help;
    int rc = options_parse(argc, argv, 0, &o, &help);
    if (help) {
        debug_usage(stdout);
        return 0;
    }
    if (rc)
        return rc;
    asl_definition *def;
    jv *input;
    if ((rc = wfload_all(&o, &def, &input)) != 0)
        return rc;
    rc = cmd_debug_session(&o, def, input, NULL);
    jv_unref(input);
    asl_definition_free(def);
    return rc;
}
