/* canvas — character cell grid with joining lines. See canvas.h. */
#include "canvas.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "jv.h"

canvas *canvas_new(int w, int h)
{
    canvas *c = jv_xcalloc(1, sizeof *c);
    c->w = w > 0 ? w : 0;
    c->h = h > 0 ? h : 0;
    c->cells = jv_xcalloc((size_t)c->w * (size_t)c->h + 1, sizeof *c->cells);
    for (size_t i = 0; i < (size_t)c->w * (size_t)c->h; i++)
        c->cells[i].node = -1;
    return c;
}

void canvas_free(canvas *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c);
}

static canvas_cell *canvas_cell_at(canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return NULL;
    return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

const canvas_cell *canvas_at(const canvas *c, int x, int y)
{
    return canvas_cell_at((canvas *)c, x, y);
}

static void canvas_bits(canvas *c, int x, int y, uint8_t bits, uint8_t role)
{
    canvas_cell *cell = canvas_cell_at(c, x, y);
    if (!cell || cell->ch)
        return;
    /* a solid line wins over a dashed one in a shared cell */
    if ((cell->lines & 15) && !(bits & CV_DASHED))
        cell->lines &= (uint8_t)~CV_DASHED;
    else if ((cell->lines & 15) && !(cell->lines & CV_DASHED))
        bits &= (uint8_t)~CV_DASHED;
    cell->lines |= bits;
    if (!cell->role || role == ROLE_EDGE)
        cell->role = role;
}

/* The direction bits of cell k of a segment of n cells (k from its low end). */
static uint8_t canvas_arms(int k, int n, bool vertical)
{
    uint8_t bits = 0;
    if (k > 0)
        bits |= vertical ? CV_UP : CV_LEFT;
    if (k < n - 1)
        bits |= vertical ? CV_DOWN : CV_RIGHT;
    return bits;
}

/* An orthogonal segment's axis and its low and high ends; false when it is not one. */
static bool canvas_segment(int x0, int y0, int x1, int y1, bool *vertical, int *a, int *b)
{
    if (x0 != x1 && y0 != y1)
        return false;
    *vertical = x0 == x1;
    *a = *vertical ? (y0 < y1 ? y0 : y1) : (x0 < x1 ? x0 : x1);
    *b = *vertical ? (y0 < y1 ? y1 : y0) : (x0 < x1 ? x1 : x0);
    return true;
}

void canvas_line(canvas *c, int x0, int y0, int x1, int y1, bool dashed, uint8_t role)
{
    uint8_t d = dashed ? CV_DASHED : 0;
    if (y0 == y1) {
        int a = x0 < x1 ? x0 : x1, b = x0 < x1 ? x1 : x0;
        for (int x = a; x <= b; x++) {
            uint8_t bits = d;
            if (x > a)
                bits |= CV_LEFT;
            if (x < b)
                bits |= CV_RIGHT;
            canvas_bits(c, x, y0, bits, role);
        }
    } else if (x0 == x1) {
        int a = y0 < y1 ? y0 : y1, b = y0 < y1 ? y1 : y0;
        for (int y = a; y <= b; y++) {
            uint8_t bits = d;
            if (y > a)
                bits |= CV_UP;
            if (y < b)
                bits |= CV_DOWN;
            canvas_bits(c, x0, y, bits, role);
        }
    }
}

void canvas_heavy_line(canvas *c, int x0, int y0, int x1, int y1, uint8_t role)
{
    bool vertical;
    int a, b;
    if (!canvas_segment(x0, y0, x1, y1, &vertical, &a, &b))
        return;
    for (int k = 0; k <= b - a; k++) {
        canvas_cell *cell = vertical ? canvas_cell_at(c, x0, a + k) : canvas_cell_at(c, a + k, y0);
        if (!cell || cell->ch)
            continue;
        cell->heavy |= (uint8_t)(canvas_arms(k, b - a + 1, vertical) & cell->lines);
        if (cell->role < role)
            cell->role = role;
    }
}

void canvas_put(canvas *c, int x, int y, uint32_t cp, uint8_t role, int node)
{
    canvas_cell *cell = canvas_cell_at(c, x, y);
    if (!cell)
        return;
    cell->ch = cp;
    cell->lines = 0;
    cell->heavy = 0;
    cell->role = role;
    if (node >= 0)
        cell->node = node;
}

static bool canvas_empty(const canvas_cell *cell)
{
    return !cell->ch && !cell->lines;
}

int canvas_text(canvas *c, int x, int y, const char *s, int maxw, uint8_t role, int node,
                bool only_empty)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t len = strlen(s);
    int used = 0;
    while (len > 0 && used < maxw) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s, len, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            memset(&st, 0, sizeof st);
            wc = L'?';
            k = 1;
        }
        int cw = wcwidth(wc);
        if (cw < 0)
            cw = 1, wc = L'?';
        if (cw == 0) { /* combining marks are dropped: one cell, one character */
            s += k;
            len -= k;
            continue;
        }
        if (used + cw > maxw)
            break;
        for (int i = 0; i < cw; i++) {
            const canvas_cell *cell = canvas_at(c, x + used + i, y);
            if (only_empty && (!cell || !canvas_empty(cell)))
                return used;
        }
        canvas_put(c, x + used, y, (uint32_t)wc, role, node);
        if (cw == 2)
            canvas_put(c, x + used + 1, y, CV_WIDE_CONT, role, node);
        used += cw;
        s += k;
        len -= k;
    }
    return used;
}

/* Box drawing by arms (CV_UP..CV_RIGHT): light, and every arm heavy. */
static const uint32_t canvas_box[2][16] = {
    {0,      0x2502, 0x2502, 0x2502, /* -, U, D, UD */
     0x2500, 0x2518, 0x2510, 0x2524, /* L, UL, DL, UDL */
     0x2500, 0x2514, 0x250C, 0x251C, /* R, UR, DR, UDR */
     0x2500, 0x2534, 0x252C, 0x253C}, /* LR, ULR, DLR, UDLR */
    {0,      0x2503, 0x2503, 0x2503,
     0x2501, 0x251B, 0x2513, 0x252B,
     0x2501, 0x2517, 0x250F, 0x2523,
     0x2501, 0x253B, 0x2533, 0x254B},
};

static uint32_t canvas_line_glyph(uint8_t lines)
{
    uint8_t dir = lines & 15;
    if (lines & CV_DASHED) {
        if (dir == (CV_LEFT | CV_RIGHT) || dir == CV_LEFT || dir == CV_RIGHT)
            return 0x2504; /* ┄ */
        if (dir == (CV_UP | CV_DOWN) || dir == CV_UP || dir == CV_DOWN)
            return 0x2506; /* ┆ */
    }
    return canvas_box[0][dir];
}

enum { U = CV_UP, D = CV_DOWN, L = CV_LEFT, R = CV_RIGHT };

/* Box drawing with some arms heavy: {arms, heavy arms, code point}, Unicode's names. */
static const struct {
    uint8_t dir, heavy;
    uint16_t cp;
} canvas_heavy_glyphs[] = {
    {U | D, U, 0x257F}, {U | D, D, 0x257D}, {L | R, L, 0x257E}, {L | R, R, 0x257C},
    {D | R, R, 0x250D}, {D | R, D, 0x250E}, {D | L, L, 0x2511}, {D | L, D, 0x2512},
    {U | R, R, 0x2515}, {U | R, U, 0x2516}, {U | L, L, 0x2519}, {U | L, U, 0x251A},
    {U | D | R, R, 0x251D}, {U | D | R, U, 0x251E}, {U | D | R, D, 0x251F},
    {U | D | R, U | D, 0x2520}, {U | D | R, U | R, 0x2521}, {U | D | R, D | R, 0x2522},
    {U | D | L, L, 0x2525}, {U | D | L, U, 0x2526}, {U | D | L, D, 0x2527},
    {U | D | L, U | D, 0x2528}, {U | D | L, U | L, 0x2529}, {U | D | L, D | L, 0x252A},
    {D | L | R, L, 0x252D}, {D | L | R, R, 0x252E}, {D | L | R, L | R, 0x252F},
    {D | L | R, D, 0x2530}, {D | L | R, D | L, 0x2531}, {D | L | R, D | R, 0x2532},
    {U | L | R, L, 0x2535}, {U | L | R, R, 0x2536}, {U | L | R, L | R, 0x2537},
    {U | L | R, U, 0x2538}, {U | L | R, U | L, 0x2539}, {U | L | R, U | R, 0x253A},
    {U | D | L | R, L, 0x253D}, {U | D | L | R, R, 0x253E}, {U | D | L | R, L | R, 0x253F},
    {U | D | L | R, U, 0x2540}, {U | D | L | R, D, 0x2541}, {U | D | L | R, U | D, 0x2542},
    {U | D | L | R, U | L, 0x2543}, {U | D | L | R, U | R, 0x2544},
    {U | D | L | R, D | L, 0x2545}, {U | D | L | R, D | R, 0x2546},
    {U | D | L | R, U | L | R, 0x2547}, {U | D | L | R, D | L | R, 0x2548},
    {U | D | L | R, U | D | L, 0x2549}, {U | D | L | R, U | D | R, 0x254A},
};

/* A cell whose arms are all or partly heavy. */
static uint32_t canvas_heavy_glyph(uint8_t lines, uint8_t heavy)
{
    uint8_t dir = lines & 15;
    heavy &= dir;
    if (heavy == dir) {
        if ((lines & CV_DASHED) && !(dir & (U | D)))
            return 0x2505; /* ┅ */
        if ((lines & CV_DASHED) && !(dir & (L | R)))
            return 0x2507; /* ┇ */
        return canvas_box[1][dir];
    }
    for (size_t i = 0; i < sizeof canvas_heavy_glyphs / sizeof *canvas_heavy_glyphs; i++)
        if (canvas_heavy_glyphs[i].dir == dir && canvas_heavy_glyphs[i].heavy == heavy)
            return canvas_heavy_glyphs[i].cp;
    return canvas_line_glyph(lines);
}

uint32_t canvas_glyph(const canvas *c, int x, int y)
{
    const canvas_cell *cell = canvas_at(c, x, y);
    if (!cell)
        return 0;
    if (cell->ch)
        return cell->ch;
    return cell->heavy ? canvas_heavy_glyph(cell->lines, cell->heavy) : canvas_line_glyph(cell->lines);
}

uint32_t glyph_ascii(uint32_t cp)
{
    if (cp < 0x80)
        return cp;
    switch (cp) {
    case 0x2500: case 0x2550: return '-';   /* ─ ═ */
    case 0x2501: case 0x2505: return '=';   /* ━ ┅ a path taken */
    case 0x2503: case 0x2507: return 'H';   /* ┃ ┇ */
    case 0x2504: return '.';                /* ┄ */
    case 0x2502: case 0x2551: return '|';   /* │ ║ */
    case 0x2506: return ':';                /* ┆ */
    case 0x2554: case 0x2557: case 0x255A: case 0x255D: return '#'; /* ╔ ╗ ╚ ╝ */
    case 0x25BC: return 'v';   /* ▼ */
    case 0x25B2: return '^';   /* ▲ */
    case 0x25C0: return '<';   /* ◀ */
    case 0x25B6: return '>';   /* ▶ current */
    case 0x2713: return '+';   /* ✓ visited */
    case 0x2717: return 'x';   /* ✗ failed */
    case 0x21AF: return '!';   /* ↯ caught */
    case 0x2260: return '#';   /* ≠ diverged (sfdbg replay) */
    case 0x23F8: return '=';   /* ⏸ waiting */
    case 0x21BB: return '@';   /* ↻ retrying */
    case 0x25CF: return '*';   /* ● breakpoint */
    case 0x25CB: return 'o';   /* ○ disabled breakpoint */
    case 0x229E: return '#';   /* ⊞ collapsed block */
    case 0x2026: return '.';   /* … (in text: "...", canvas_glyph_ascii) */
    case 0x25B8: return '>';   /* ▸ folded */
    case 0x25BE: return 'v';   /* ▾ open */
    case 0x00B7: return '.';   /* · */
    case 0x270E: return 'E';   /* ✎ edit */
    case 0x21B5: return '<';   /* ↵ answered */
    case 0x2192: return '>';   /* → */
    case 0x00D7: return 'x';   /* × visits of a loop state */
    case 0x2022: return '*';   /* • masked token */
    default:
        if (cp >= 0x2500 && cp <= 0x257F)
            return '+';
        return '?';
    }
}

/* A cell of text: a character that is not a space, a line or half of a wide one. */
static bool canvas_is_text(const canvas_cell *c)
{
    return c && c->ch && c->ch != ' ' && c->ch != CV_WIDE_CONT && !c->lines;
}

uint32_t canvas_glyph_ascii(const canvas *c, int x, int y)
{
    uint32_t g = canvas_glyph(c, x, y);
    const canvas_cell *cell = canvas_at(c, x, y);
    if (g != 0x2026 && canvas_is_text(cell)) {
        /* one of the two characters before a "…": they become its "..." */
        for (int k = 1; k <= 2; k++) {
            const canvas_cell *n = canvas_at(c, x + k, y);
            if (n && n->ch == 0x2026)
                return '.';
            if (!canvas_is_text(n))
                break;
        }
    }
    return glyph_ascii(g);
}

int glyph_utf8(uint32_t cp, char *out)
{
    return (int)strbuf_utf8_encode(cp, out);
}

char *canvas_to_text(const canvas *c, bool ascii)
{
    size_t cap = (size_t)c->h * ((size_t)c->w * 4 + 1) + 1;
    char *out = jv_xmalloc(cap);
    size_t n = 0;
    for (int y = 0; y < c->h; y++) {
        size_t last_ink = n;
        for (int x = 0; x < c->w; x++) {
            uint32_t g = canvas_glyph(c, x, y);
            if (g == CV_WIDE_CONT) {
                if (ascii)
                    out[n++] = '?';
                continue;
            }
            if (!g)
                g = ' ';
            if (ascii)
                g = canvas_glyph_ascii(c, x, y);
            if (!g)
                g = ' ';
            n += (size_t)glyph_utf8(g, out + n);
            if (g != ' ')
                last_ink = n;
        }
        n = last_ink;
        out[n++] = '\n';
    }
    out[n] = '\0';
    return out;
}
