/* cliopt — getopt_long in order, without abbreviations or getopt's own messages. See cliopt.h. */
#include "cliopt.h"

#include <stdio.h>
#include <string.h>

void cliopt_init(cliopt *p, int argc, char **argv, const char *optstring,
                 const struct option *longopts)
{
    p->argc = argc;
    p->argv = argv;
    p->optstring = optstring;
    p->longopts = longopts;
    p->arg = NULL;
    p->name[0] = '\0';
    opterr = 0;
    optind = 0; /* glibc: 0 also resets the state a previous parse left */
}

/* p->name from p->arg: the text before any '='. */
static void cliopt_set_name(cliopt *p)
{
    const char *eq = p->arg[0] == '-' && p->arg[1] == '-' ? strchr(p->arg, '=') : NULL;
    size_t n = eq ? (size_t)(eq - p->arg) : strlen(p->arg);
    snprintf(p->name, sizeof p->name, "%.*s", (int)(n < sizeof p->name ? n : sizeof p->name - 1),
             p->arg);
}

int cliopt_next(cliopt *p)
{
    int at = optind ? optind : 1;
    int index = -1;
    int c = getopt_long(p->argc, p->argv, p->optstring, p->longopts, &index);
    if (c == -1)
        return -1;
    p->arg = at < p->argc ? p->argv[at] : "";
    cliopt_set_name(p);
    /* getopt accepts any unambiguous prefix of a long option, and short options run
     * together ("-hx"); sfdbg takes neither */
    if (index >= 0 && (strncmp(p->name, "--", 2) || strcmp(p->name + 2, p->longopts[index].name)))
        return '?';
    if (index < 0 && c != 1 && c != '?' && c != ':' && strlen(p->arg) != 2)
        return '?';
    return c;
}

int cliopt_rest(const cliopt *p) { return optind ? optind : 1; }

const char *cliopt_peek(const cliopt *p)
{
    int at = cliopt_rest(p);
    return at < p->argc ? p->argv[at] : NULL;
}

void cliopt_skip(cliopt *p)
{
    if (cliopt_peek(p))
        optind = cliopt_rest(p) + 1;
}
