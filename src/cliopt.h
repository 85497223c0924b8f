/*
 * cliopt — getopt_long(3) as sfdbg's commands use it.
 *
 * On top of getopt_long:
 *   - arguments are taken in order (optstring "-..."): an operand comes back as 1 with its
 *     text in optarg, where it stood; nothing is permuted, so `--` and every operand keep
 *     their place (the caller decides what follows `--`: cliopt_rest);
 *   - no abbreviations: `--inp` is not `--input` (a script must not change meaning when an
 *     option is added), it is an unknown option; nor short options run together (`-hx`);
 *   - getopt prints nothing (opterr = 0): each command words its own messages, naming the
 *     option as the user wrote it (cliopt.name: "--inptu" of "--inptu=x"; cliopt.arg: the
 *     whole argument).
 * The parse state is getopt's (global, like getopt itself): one parse at a time.
 */
#ifndef SFDBG_CLIOPT_H
#define SFDBG_CLIOPT_H

#include <getopt.h>

typedef struct {
    int argc;
    char **argv;                    /* argv[0] is the command's name, never an operand */
    const char *optstring;          /* must start with "-:" */
    const struct option *longopts;
    const char *arg;                /* the argument last looked at */
    char name[64];                  /* its option name, without "=value" */
} cliopt;

/* Starts a parse of argv[1..argc) (getopt's state is reset). */
void cliopt_init(cliopt *p, int argc, char **argv, const char *optstring,
                 const struct option *longopts);

/* The next result: an option's val (its value, if any, in optarg); 1 for an operand
 * (optarg); '?' for an unknown or abbreviated option, or a value given to a flag; ':' for a
 * missing value; -1 at the end of the arguments or at `--`. */
int cliopt_next(cliopt *p);

/* The index of the first argument not yet parsed: after `--`, the operands that follow. */
int cliopt_rest(const cliopt *p);

/* The next argument, not yet parsed (NULL at the end), and stepping over it: for an
 * option whose value may stand apart though it is optional, or an operand that looks like
 * an option (a negative number). */
const char *cliopt_peek(const cliopt *p);
void cliopt_skip(cliopt *p);

#endif
