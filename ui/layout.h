/*
 * layout — the geometry of a state machine graph: a pure function from a definition (and
 * which Parallel/Map blocks are collapsed) to boxes and orthogonal edges on a character
 * grid. No curses, no execution state: the layout depends only on the definition, so it
 * does not jump while stepping, and it can be unit-tested and benchmarked headless.
 *
 * The method is the layered (Sugiyama) one:
 *  1. cycle breaking: a depth-first walk from StartAt, successors in definition order
 *     (Next, Choices in order, Default, Catch in order); edges to a state on the walk's
 *     stack are back edges (loops);
 *  2. longest-path layering over the forward edges, long edges split by dummy nodes;
 *  3. barycenter ordering within layers (alternating down/up sweeps);
 *  4. x placement toward the barycenter of the predecessors, without overlaps;
 *  5. orthogonal edge routing: between two layers a channel of horizontal tracks (interval
 *     colouring; edges out of one state share a track as a bus); back edges climb along
 *     lanes to the right of the graph.
 * An expanded Parallel/Map state is a block: a frame holding its branches (each laid out
 * by the same method), side by side; a collapsed one is a plain box.
 *
 * Ownership: layout_compute returns a lay_graph the caller frees with layout_free. Nodes
 * point to states of the definition (borrowed: the definition must outlive the graph).
 */
#ifndef SFDBG_UI_LAYOUT_H
#define SFDBG_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"

/* An edge's label as drawn: at most LAY_LABEL_CELLS cells. A longer one is abbreviated to
 * "[n] start…", n its legend number (every label has one, 1, 2... in the graph); the whole
 * text stays in lay_edge.full, for the legend (edgelegend.h). */
#define LAY_LABEL_CELLS 20
#define LAY_LABEL_MAX (LAY_LABEL_CELLS * 4 + 1)

typedef enum {
    LAY_EDGE_NEXT,
    LAY_EDGE_CHOICE,    /* labelled by the rule */
    LAY_EDGE_DEFAULT,   /* labelled "default" */
    LAY_EDGE_CATCH      /* drawn dashed, labelled by the errors */
} lay_edge_kind;

typedef struct {
    int x, y;
} lay_point;

typedef struct {
    const asl_state *state;
    int x, y, w, h;   /* the box, in grid cells; (0,0) is the top left of the graph */
    int parent;       /* index of the enclosing block node, -1 at the top level */
    bool block;       /* an expanded Parallel/Map: a frame around its branches */
    bool collapsed;   /* a Parallel/Map drawn as a plain box */
} lay_node;

typedef struct {
    int from, to;              /* node indexes */
    lay_edge_kind kind;
    bool back;                 /* against the layering: a loop */
    char label[LAY_LABEL_MAX]; /* as drawn; "" when none */
    char *full;                /* the whole label (owned), NULL when none */
    int legend;                /* the label's number (0: no label); label != full when
                                  abbreviated ("[legend] …") */
    lay_point *pts;            /* orthogonal polyline, source port first, target port last */
    size_t npts;
    int label_x, label_y;      /* where the label starts (label_y -1: no label) */
} lay_edge;

typedef struct {
    lay_node *nodes;
    size_t nnodes;
    lay_edge *edges;
    size_t nedges;
    int width, height;
} lay_graph;

/* Is the Parallel/Map state s collapsed? NULL: none is. */
typedef bool (*lay_collapsed_fn)(void *user, const asl_state *s);

typedef struct {
    int max_name;              /* box text width cap (names are cut with …); default 24 */
    lay_collapsed_fn collapsed;
    void *user;
} lay_options;

/* Lays out the machines side by side (one for the whole definition; the branches of a
 * Parallel/Map when the view has entered that block). opts may be NULL. */
lay_graph *layout_compute(const asl_machine *const *machines, size_t n, const lay_options *opts);
void layout_free(lay_graph *g);

/* Index of the node of state s, -1 when it is not drawn (inside a collapsed block). */
int layout_find(const lay_graph *g, const asl_state *s);

/* The text of a Choice rule, whole: "$.amount >= 1000", "($.a > 1 or $.b present)", "not …"
 * (cut with … only past n bytes or five levels of nesting). */
void layout_rule_label(const asl_choice_rule *r, char *buf, size_t n);

/* The states inside a Parallel/Map (its branches', nested blocks' included); 0 for others. */
size_t layout_inner_states(const asl_state *s);
/* A collapsed block's box: "Name ▸ 12 states" (its name as given, cut later). */
void layout_collapsed_label(const asl_state *s, char *buf, size_t n);
/* A block with more than this many states inside is drawn collapsed until the user opens it. */
#define LAY_COLLAPSE_STATES 8

/* Display width of UTF-8 text in terminal cells (wcwidth; invalid bytes count 1). */
int layout_text_width(const char *s);
/* Cuts s (in place) to at most max display cells, ending in "…" when cut. */
void layout_cut(char *s, int max);

#endif
