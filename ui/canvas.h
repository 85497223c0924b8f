/*
 * canvas — a grid of character cells to draw graphs on, without curses.
 *
 * Lines are drawn as direction bits (up, down, left, right) per cell, so crossings and
 * corners join into the right box-drawing character whatever order they are drawn in;
 * text and glyphs are stored as code points. Each cell also carries a role (what it
 * shows: an edge, a box, a mark...) that the screen turns into attributes, and the node it
 * belongs to, for mouse clicks. canvas_to_text renders the grid as UTF-8 or ASCII text
 * (the golden tests and the ASCII fallback use the same mapping, glyph_ascii).
 *
 * The canvas owns its cells; canvas_to_text returns a string the caller frees.
 */
#ifndef SFDBG_UI_CANVAS_H
#define SFDBG_UI_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

enum {
    CV_UP = 1,
    CV_DOWN = 2,
    CV_LEFT = 4,
    CV_RIGHT = 8,
    CV_DASHED = 16,
};

typedef enum {
    ROLE_NONE,
    ROLE_EDGE,
    ROLE_EDGE_CATCH,
    ROLE_ARROW,
    ROLE_LABEL,
    ROLE_BOX,
    ROLE_BOX_CURRENT,
    ROLE_BLOCK,
    ROLE_NAME,
    ROLE_NAME_SELECTED,
    ROLE_MARK_CURRENT,
    ROLE_MARK_VISITED,
    ROLE_MARK_FAILED,
    ROLE_MARK_CAUGHT,
    ROLE_MARK_WAITING,
    ROLE_RETRY,
    ROLE_BP_ON,
    ROLE_BP_OFF,
    ROLE_EDGE_PATH,      /* a transition the execution made (heavy lines) */
    ROLE_EDGE_TAKEN,     /* the one the selected visit made */
    ROLE_LABEL_TAKEN,    /* that edge's label */
    ROLE_COUNT
} canvas_role;

typedef struct {
    uint32_t ch;      /* code point; 0 with lines==0: empty; CV_WIDE_CONT: right half of a wide char */
    uint8_t lines;    /* CV_* bits when the cell is part of a line */
    uint8_t role;
    uint8_t heavy;    /* CV_UP..CV_RIGHT: the arms drawn heavy (a path taken) */
    int32_t node;     /* layout node index, -1 none */
} canvas_cell;

#define CV_WIDE_CONT 0xFFFFFFFFu

typedef struct {
    int w, h;
    canvas_cell *cells;
} canvas;

canvas *canvas_new(int w, int h);
void canvas_free(canvas *c);

/* An orthogonal segment (x0 == x1 or y0 == y1), joining whatever is already there. */
void canvas_line(canvas *c, int x0, int y0, int x1, int y1, bool dashed, uint8_t role);
/* Makes the arms of an already drawn segment heavy (━ ┃ ┏ ┻ ┡ …: a junction shows which of
 * its arms are), its cells taking role unless they have a later role already. */
void canvas_heavy_line(canvas *c, int x0, int y0, int x1, int y1, uint8_t role);
void canvas_put(canvas *c, int x, int y, uint32_t cp, uint8_t role, int node);
/* UTF-8 text from (x, y), at most maxw cells; returns the cells used. Wide characters take
 * two cells; a character that does not fit is not drawn. only_empty: stop at the first cell
 * already drawn (labels never cover lines). */
int canvas_text(canvas *c, int x, int y, const char *s, int maxw, uint8_t role, int node,
                bool only_empty);
/* The character a cell shows (lines resolved to box drawing). 0 for an empty cell. */
uint32_t canvas_glyph(const canvas *c, int x, int y);
const canvas_cell *canvas_at(const canvas *c, int x, int y);

/* Rows joined by '\n', trailing spaces cut. Caller frees. */
char *canvas_to_text(const canvas *c, bool ascii);

/* The ASCII stand-in for a glyph (box drawing, arrows, marks; '?' for other non-ASCII). */
uint32_t glyph_ascii(uint32_t cp);
/* The ASCII fallback of cell (x, y): glyph_ascii, except that a cut text's "…" reads "..."
 * (the two text cells before it become dots too; the width stays), the one truncation mark
 * of the ASCII screen. */
uint32_t canvas_glyph_ascii(const canvas *c, int x, int y);
/* Writes the UTF-8 encoding of cp (no NUL); returns its length (1-4). */
int glyph_utf8(uint32_t cp, char *out);

#endif
