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

#include <stdint.h>

#include "exec.h"
#include "layout.h"

/* A new array of g->nedges gd_edge_mark values (graphdraw.h); selected: the visit whose edge
 * is GD_EDGE_TAKEN, -1 none. The caller frees it. */
uint8_t *graph_path_marks(const lay_graph *g, const sfn_exec *ex, long selected);

#endif
