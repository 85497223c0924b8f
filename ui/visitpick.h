/*
 * visitpick — `:visit N`: the inspector shows visit N (1 is the first) of the state selected
 * in the graph, for a state a loop ran several times (the graph marks it ×n). The watches
 * then read that visit's input ("input of Incr, visit 2 (picked)").
 */
#ifndef SFDBG_UI_VISITPICK_H
#define SFDBG_UI_VISITPICK_H

typedef struct dbg_app dbg_app;

/* args: the command's argument text. Says what it did, or why not, in the status bar. */
void visit_pick(dbg_app *a, const char *args);

#endif
