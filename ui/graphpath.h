/*
 * graphpath — the edges of a laid-out graph (layout.h) the execution went along: every
 * transition made so far (one visit to the next in the same frame, and a live frame's last
 * visit to the state it is about to run) and the one the selected visit made. A Choice's
 * edge is the rule it took or its Default (exec_visit.choice), not any edge to the same
 * state; a caught error's is its Catch edge. Pure (no curses): the graph pane draws the
 * result with graphdraw_render_path, the tests check it.
 */
#ifndef SFDBG_UI_GRAPHPATH_H
#define SFDBG_UI_GRAPHPATH_H

#include <stdbool.h>
#include <stdint.h>

#include "exec.h"
#include "layout.h"

/* A new array of g->nedges gd_edge_mark values (graphdraw.h); selected: the visit whose edge
 * is GD_EDGE_TAKEN, -1 none. The caller frees it. */
uint8_t *graph_path_marks(const lay_graph *g, const sfn_exec *ex, long selected);

/* As graph_path_marks, as of visit upto (-1: the present): the transitions made by the
 * visits up to it, its own included (the one it made next), none after. The graph shows the
 * path as of a visit the user picked (:visit N, an event). */
uint8_t *graph_path_marks_upto(const lay_graph *g, const sfn_exec *ex, long selected, long upto);

/* Calls fn for each transition of the path as of visit upto (as above): the visit it left,
 * the state it went to (NULL: not known yet), and whether that visit is `selected`. */
typedef void (*graph_path_fn)(void *user, const exec_visit *from, const asl_state *to, bool taken);
void graph_path_walk(const sfn_exec *ex, long selected, long upto, graph_path_fn fn, void *user);

/* Which of v's state's transitions v took to `to`, numbered as the outline lists them: 0
 * Next, 1 + i the Choice rule i, 1 + nrules the Default, 2 + nrules + j the Catch j; -1 none. */
int graph_path_slot(const exec_visit *v, const asl_state *to);

#endif
