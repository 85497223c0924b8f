/* messages — the message log and its overlay. See messages.h. */
#include "messages.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* ---- the log ---- */

void msglog_init(msg_log *l)
{
    memset(l, 0, sizeof *l);
}

void msglog_free(msg_log *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[(l->first + i) % MSG_LOG_MAX].text);
    msglog_init(l);
}

/* The first byte after the UTF-8 character at s[i]. */
static size_t msg_next_char(const char *s, size_t i)
{
    i++;
    while (((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* A copy of text of at most MSG_TEXT_MAX bytes, cut on a character boundary. */
static char *msg_copy(const char *text)
{
    size_t len = strlen(text);
    if (len > MSG_TEXT_MAX) {
        len = MSG_TEXT_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    char *c = jv_xmalloc(len + 1);
    memcpy(c, text, len);
    c[len] = '\0';
    return c;
}

void msglog_add(msg_log *l, bool error, const char *text)
{
    size_t slot;
    if (l->n == MSG_LOG_MAX) {
        slot = l->first;
        free(l->items[slot].text);
        l->first = (l->first + 1) % MSG_LOG_MAX;
    } else {
        slot = (l->first + l->n++) % MSG_LOG_MAX;
    }
    l->items[slot] = (msg_entry){msg_copy(text), error, ++l->total};
}

size_t msglog_count(const msg_log *l)
{
    return l->n;
}

const msg_entry *msglog_at(const msg_log *l, size_t i)
{
    return i < l->n ? &l->items[(l->first + i) % MSG_LOG_MAX] : NULL;
}

/* ---- wrapping ---- */

size_t msg_wrap_line(const char *s, int cols)
{
    size_t i = 0, space = 0;
    int used = 0;
    if (cols < 1)
        cols = 1;
    while (s[i] && s[i] != '\n') {
        size_t next = msg_next_char(s, i);
        int cw = statusbar_span_width(s, i, next, 2);
        if (used + cw > cols)
            break;
        if (s[i] == ' ')
            space = i;
        used += cw;
        i = next;
    }
    if (!s[i] || s[i] == '\n' || s[i] == ' ')
        return i;
    if (space > 0)
        return space;
    return i ? i : msg_next_char(s, 0);
}

/* The start of the line after the one of len bytes at s. */
static const char *msg_wrap_next(const char *s, size_t len)
{
    s += len;
    return *s == ' ' || *s == '\n' ? s + 1 : s;
}

int msg_wrap_count(const char *s, int cols)
{
    int lines = 1;
    for (size_t k = msg_wrap_line(s, cols); s[k]; k = msg_wrap_line(s, cols)) {
        s = msg_wrap_next(s, k);
        lines++;
    }
    return lines;
}

/* ---- the overlay ---- */

#define MSG_NUMBER_CELLS 6   /* "  12 " and a mark: the text starts after it */

void messages_open(dbg_app *a)
{
    a->mode = MODE_MESSAGES;
    a->log.top = LONG_MAX; /* the newest at the bottom */
    app_dirty_all(a);
}

/* Moves the first line shown by delta; the draw clamps it to the lines there are (until
 * then the bottom is LONG_MAX, which a move must not overflow). */
static void messages_scroll(msg_log *l, long delta)
{
    if (delta > 0 && l->top > LONG_MAX - delta)
        l->top = LONG_MAX;
    else
        l->top += delta;
}

void messages_key(dbg_app *a, int key)
{
    msg_log *l = &a->log;
    switch (key) {
    case 'j': case KEY_DOWN: messages_scroll(l, 1); break;
    case 'k': case KEY_UP: messages_scroll(l, -1); break;
    case ' ': case KEY_NPAGE: case UI_CTRL('d'): messages_scroll(l, 10); break;
    case KEY_PPAGE: case UI_CTRL('u'): messages_scroll(l, -10); break;
    case 'g': case KEY_HOME: l->top = 0; break;
    case 'G': case KEY_END: l->top = LONG_MAX; break;
    default:
        a->mode = MODE_NORMAL;
        a->msg[0] = '\0'; /* read: the key hints come back */
        break;
    }
    app_dirty_all(a);
}

static long messages_line_count(const msg_log *l, int cols)
{
    long n = 0;
    for (size_t i = 0; i < msglog_count(l); i++)
        n += msg_wrap_count(msglog_at(l, i)->text, cols);
    return n;
}

/* Draws the lines of one message that fall in the window's body; line is its first line's
 * number among all, and the next message's comes back. */
static long messages_draw_entry(dbg_app *a, WINDOW *win, const msg_entry *e, long line, int body,
                                int cols)
{
    const msg_log *l = &a->log;
    attr_t at = e->error ? a->t.attr[TA_ERROR] : A_NORMAL;
    const char *s = e->text;
    for (bool first = true;; first = false, line++) {
        size_t k = msg_wrap_line(s, cols);
        long y = line - l->top;
        if (y >= body)
            return line + 1;
        if (y >= 0) {
            if (first) {
                char num[32];
                snprintf(num, sizeof num, "%4ld%s", e->number, e->error ? "!" : " ");
                term_text(&a->t, win, 1 + (int)y, 1, num, MSG_NUMBER_CELLS, a->t.attr[TA_DIM]);
            }
            char *part = jv_xmalloc(k + 1);
            memcpy(part, s, k);
            part[k] = '\0';
            term_text(&a->t, win, 1 + (int)y, 1 + MSG_NUMBER_CELLS, part, cols, at);
            free(part);
        }
        if (!s[k])
            return line + 1;
        s = msg_wrap_next(s, k);
    }
}

void messages_draw(dbg_app *a)
{
    msg_log *l = &a->log;
    int h = a->rows - 2, w = a->cols - 4 > 120 ? 120 : a->cols - 4;
    int cols = w - 3 - MSG_NUMBER_CELLS;
    if (h < 5 || cols < 10)
        return;
    WINDOW *win = newwin(h, w, 1, (a->cols - w) / 2);
    werase(win);
    char title[160];
    snprintf(title, sizeof title, " Messages (%zu of the last %d) · %s ", msglog_count(l),
             MSG_LOG_MAX, MSG_OVERLAY_KEYS);
    term_frame(&a->t, win, title, true);
    int body = h - 2;
    long total = messages_line_count(l, cols);
    if (l->top > total - body)
        l->top = total - body;
    if (l->top < 0)
        l->top = 0;
    if (msglog_count(l) == 0)
        term_text(&a->t, win, 1, 2, "no messages yet", cols, a->t.attr[TA_DIM]);
    long line = 0;
    for (size_t i = 0; i < msglog_count(l) && line < l->top + body; i++)
        line = messages_draw_entry(a, win, msglog_at(l, i), line, body, cols);
    wnoutrefresh(win);
    delwin(win);
}
