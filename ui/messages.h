/*
 * messages — no status message is lost: every message the debugger says goes into a
 * bounded log (the last MSG_LOG_MAX, each kept whole up to MSG_TEXT_MAX bytes), and the
 * messages overlay (`m`, `:messages`) shows them in full, wrapped to its width, newest at
 * the bottom, scrollable (j/k, Page Up/Down, g/G); any other key closes it. The status line
 * shows the newest message cut to its room, and says how to read the rest.
 *
 * The log and the wrapping are pure (unit-tested in tests/unit/test_ui_messages.c); the
 * overlay draws with curses. The log owns its texts.
 */
#ifndef SFDBG_UI_MESSAGES_H
#define SFDBG_UI_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

#define MSG_LOG_MAX 500
#define MSG_TEXT_MAX (64 * 1024)

typedef struct {
    char *text;
    bool error;
    long number;          /* 1 for the session's first message, and on */
} msg_entry;

typedef struct {
    msg_entry items[MSG_LOG_MAX];   /* a ring: the oldest at first */
    size_t first, n;
    long total;                     /* messages said since the start (numbers them) */
    long top;                       /* the overlay's first line shown */
} msg_log;

/* The overlay's keys, for its title and the status bar. */
#define MSG_OVERLAY_KEYS "j/k g/G scroll   other keys close"

typedef struct dbg_app dbg_app;

void msglog_init(msg_log *l);
void msglog_free(msg_log *l);
/* Keeps a copy of text (cut at MSG_TEXT_MAX bytes, on a character boundary); the oldest
 * message goes when the log is full. */
void msglog_add(msg_log *l, bool error, const char *text);
size_t msglog_count(const msg_log *l);
/* The i-th message kept, 0 the oldest; NULL past the end. */
const msg_entry *msglog_at(const msg_log *l, size_t i);

/* Bytes of the first line of s when it is wrapped to cols cells: up to the last space that
 * fits, else as many whole characters as fit (at least one), or up to a line break. The next
 * line starts after it and one space or line break. */
size_t msg_wrap_line(const char *s, int cols);
/* How many lines s takes wrapped to cols cells (1 for ""). */
int msg_wrap_count(const char *s, int cols);

void messages_open(dbg_app *a);
void messages_key(dbg_app *a, int key);
void messages_draw(dbg_app *a);

#endif
