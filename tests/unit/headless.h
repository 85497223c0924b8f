/*
 * headless — a debugger config for tests and benchmarks that draw into files instead of a
 * terminal (a curses terminal of 120x40 on out, keys from in), with no breakpoint file and
 * no mouse. Header-only (a static inline function), like defload.h.
 */
#ifndef SFDBG_HEADLESS_H
#define SFDBG_HEADLESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/debugger.h"

static inline void headless_config(debugger_config *c, const char *workflow_path,
                                   const asl_definition *def, const jv *input, FILE *out, FILE *in)
{
    setenv("TERM", "xterm-256color", 1);
    setenv("LINES", "40", 1);
    setenv("COLUMNS", "120", 1);
    memset(c, 0, sizeof *c);
    exec_options_init(&c->eo);
    c->workflow_path = workflow_path;
    c->def = def;
    c->input = input;
    c->no_persist = true;
    c->no_mouse = true;
    c->term_out = out;
    c->term_in = in;
}

#endif
