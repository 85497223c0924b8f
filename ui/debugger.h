/*
 * debugger — the interactive debugger's entry point (`sfdbg WORKFLOW`). The program (src/)
 * loads the workflow and its input and hands them over; the debugger owns the terminal
 * from debugger_run's start to its return, and restores it on every way out.
 *
 * File access the debugger needs (`:run FILE`, `:history FILE`) goes through the callbacks,
 * so the program's bounded readers and atomic writers are used, not copies of them.
 */
#ifndef SFDBG_UI_DEBUGGER_H
#define SFDBG_UI_DEBUGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "definition.h"
#include "exec.h"
#include "jv.h"

typedef struct {
    const char *workflow_path;        /* for the title and the breakpoint file */
    const asl_definition *def;        /* borrowed */
    const jv *input;                  /* borrowed */
    exec_options eo;                  /* strings borrowed */
    bool real_time;
    const char *const *breaks;        /* --break STATE... */
    size_t nbreaks;
    const char *history_file;         /* --history: written when the debugger ends */
    size_t max_input;                 /* bound for :run FILE */
    bool monochrome;
    bool no_mouse;
    bool no_persist;                  /* do not read or write the breakpoint file */
    /* bounded file reading (NULL + message on failure; caller frees) and safe writing
     * (0, or errno + a message naming the file) */
    char *(*read_file)(const char *path, size_t max, size_t *len, char *err, size_t errlen);
    int (*write_file)(const char *path, const char *text, size_t len, char *err, size_t errlen);
    /* the benchmark draws into these instead of the terminal (NULL: the terminal) */
    FILE *term_out, *term_in;
} debugger_config;

/* Runs the debugger until the user quits. Returns the process exit status: 0, or 1 when
 * the terminal could not be used. */
int debugger_run(const debugger_config *cfg);

/* For the benchmark: a debugger drawn into cfg->term_out without a key loop. */
typedef struct dbg_app dbg_app;
dbg_app *debugger_open(const debugger_config *cfg);
/* Performs the action named as on the command line (":step", ":continue", ...). */
void debugger_command(dbg_app *a, const char *cmdline);
/* Draws one frame (everything dirty) and flushes it. */
void debugger_frame(dbg_app *a, bool everything);
void debugger_resize(dbg_app *a, int rows, int cols);
void debugger_close(dbg_app *a);

#endif
