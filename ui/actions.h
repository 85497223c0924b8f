/*
 * actions — every user action of the debugger in one table (DESIGN §5's key map). The
 * table generates the action enum, the default key map, the names the `:` command line
 * and docs use, the `?` help overlay and the status-bar hints, so keys, help and docs
 * cannot drift apart (docs/keys.md is checked against actions_markdown by a unit test).
 *
 * X(ID, name, key1, key2, key3, group, hint, help)
 *   keys: 0 for none; curses key codes for special keys.  hint: status-bar word or NULL.
 */
#ifndef SFDBG_UI_ACTIONS_H
#define SFDBG_UI_ACTIONS_H

#include <curses.h>
#include <stddef.h>
#include <stdio.h>

#define UI_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27
#define UI_KEY_TAB 9
#define UI_KEY_ENTER 10

/* groups, in help order */
#define UI_GROUP_RUN "Run"
#define UI_GROUP_BREAK "Breakpoints, watches, edits"
#define UI_GROUP_MOVE "Move and view"
#define UI_GROUP_APP "Screen"

#define UI_ACTIONS(X)                                                                              \
    X(STEP, "step", 'n', KEY_F(10), 0, UI_GROUP_RUN, "step",                                       \
      "step one transition (over Map/Parallel internals)")                                        \
    X(STEP_INTO, "step-into", 's', KEY_F(11), 0, UI_GROUP_RUN, NULL,                               \
      "step into the branch/iteration about to run")                                              \
    X(FINISH, "finish", 'f', 0, 0, UI_GROUP_RUN, NULL, "finish the current branch/iteration")       \
    X(ITERATIONS, "iterations", 'I', 0, 0, UI_GROUP_RUN, NULL,                                    \
      "the iteration picker: a Map's iterations or a Parallel's branches with their status "      \
      "(f: the failed ones alone); Enter jumps to one")                                           \
    X(CONTINUE, "continue", 'c', KEY_F(5), 0, UI_GROUP_RUN, "continue",                            \
      "continue to a breakpoint, a waiting token, or the end")                                    \
    X(RUN_UNTIL, "until", 'u', 0, 0, UI_GROUP_RUN, NULL, "run until the selected state")           \
    X(STEP_BACK, "back", 'N', 0, 0, UI_GROUP_RUN, "back", "step back one transition (rewinds)")     \
    X(CONTINUE_BACK, "reverse-continue", 'C', 0, 0, UI_GROUP_RUN, NULL,                            \
      "continue backwards to the previous breakpoint stop, or the start")                         \
    X(RESTART, "restart", 'R', 0, 0, UI_GROUP_RUN, NULL, "restart (same input; :run FILE for another)") \
    X(ANSWER, "answer", 'x', 0, 0, UI_GROUP_RUN, "answer",                                        \
      "answer the waiting task (success, failure, heartbeat, time out), or give the result of "   \
      "a task nothing answered")                                                                  \
    X(CANCEL_TASK, "cancel-task", 'K', 0, 0, UI_GROUP_RUN, NULL,                                  \
      "cancel the task whose answer is under way (its handler is killed); it then waits for "     \
      "your answer")                                                                              \
    X(BREAK, "break", 'b', KEY_F(9), 0, UI_GROUP_BREAK, "break",                                   \
      "toggle a breakpoint on the selected state")                                                \
    X(BREAK_LIST, "breakpoints", 'B', 0, 0, UI_GROUP_BREAK, NULL,                                  \
      "breakpoint list: space enables/disables, d deletes, i sets the condition")                 \
    X(CONDITION, "condition", 'i', 0, 0, UI_GROUP_BREAK, NULL,                                     \
      "set the condition of the selected breakpoint (in the list)")                               \
    X(WATCH, "watch", 'w', 0, 0, UI_GROUP_BREAK, NULL, "add a watch (JSONPath over the input)")     \
    X(DELETE, "delete", 'd', KEY_DC, 0, UI_GROUP_BREAK, NULL,                                      \
      "delete the selected breakpoint or watch")                                                  \
    X(EDIT, "edit", 'e', 0, 0, UI_GROUP_BREAK, "edit",                                             \
      "edit the input of the state about to run, inline")                                         \
    X(EDIT_EXTERNAL, "edit-external", 'E', 0, 0, UI_GROUP_BREAK, NULL, "edit that input in $EDITOR") \
    X(FOCUS_NEXT, "focus-next", UI_KEY_TAB, 0, 0, UI_GROUP_MOVE, NULL, "focus the next pane")     \
    X(FOCUS_PREV, "focus-prev", KEY_BTAB, 0, 0, UI_GROUP_MOVE, NULL, "focus the previous pane")   \
    X(FOCUS_1, "focus-graph", '1', 0, 0, UI_GROUP_MOVE, NULL, "focus the graph")                  \
    X(FOCUS_2, "focus-state", '2', 0, 0, UI_GROUP_MOVE, NULL, "focus the state inspector")        \
    X(FOCUS_3, "focus-watches", '3', 0, 0, UI_GROUP_MOVE, NULL, "focus the watches")              \
    X(FOCUS_4, "focus-breakpoints", '4', 0, 0, UI_GROUP_MOVE, NULL, "focus the breakpoints")      \
    X(FOCUS_5, "focus-events", '5', 0, 0, UI_GROUP_MOVE, NULL, "focus the events")                \
    X(TAB_PREV, "tab-prev", '[', 0, 0, UI_GROUP_MOVE, NULL, "previous inspector tab")             \
    X(TAB_NEXT, "tab-next", ']', 0, 0, UI_GROUP_MOVE, NULL, "next inspector tab")                 \
    X(LEFT, "left", 'h', KEY_LEFT, 0, UI_GROUP_MOVE, NULL,                                         \
      "move left (graph: neighbouring state; JSON: close, or go to the parent)")                  \
    X(DOWN, "down", 'j', KEY_DOWN, 0, UI_GROUP_MOVE, NULL,                                        \
      "move down (graph: to the successor, else the next row)")                                   \
    X(UP, "up", 'k', KEY_UP, 0, UI_GROUP_MOVE, NULL,                                              \
      "move up (graph: to the predecessor, else the row above)")                                  \
    X(RIGHT, "right", 'l', KEY_RIGHT, 0, UI_GROUP_MOVE, NULL, "move right (JSON: open)")          \
    X(PAGE_DOWN, "page-down", KEY_NPAGE, UI_CTRL('d'), 0, UI_GROUP_MOVE, NULL, "page down")      \
    X(PAGE_UP, "page-up", KEY_PPAGE, UI_CTRL('u'), 0, UI_GROUP_MOVE, NULL, "page up")            \
    X(HOME, "top", 'g', KEY_HOME, 0, UI_GROUP_MOVE, NULL, "go to the top")                        \
    X(END, "bottom", 'G', KEY_END, 0, UI_GROUP_MOVE, NULL, "go to the bottom")                    \
    X(ENTER, "enter", UI_KEY_ENTER, KEY_ENTER, 13, UI_GROUP_MOVE, NULL,                           \
      "enter a Map or Parallel block; open/close a JSON node; pick an event")                     \
    X(LEAVE, "leave", UI_KEY_ESC, 0, 0, UI_GROUP_MOVE, NULL,                                       \
      "leave the block; back to the present from an event")                                       \
    X(FOLD, "fold", ' ', 0, 0, UI_GROUP_MOVE, NULL,                                               \
      "fold/unfold: a JSON node, a Parallel/Map block; enable/disable a breakpoint")              \
    X(SEARCH, "search", '/', 0, 0, UI_GROUP_MOVE, NULL, "search (graph: state names; JSON: keys and values)") \
    X(SEARCH_NEXT, "search-next", '.', 0, 0, UI_GROUP_MOVE, NULL, "next match")                   \
    X(SEARCH_PREV, "search-prev", ',', 0, 0, UI_GROUP_MOVE, NULL, "previous match")               \
    X(COPY, "copy", 'y', 0, 0, UI_GROUP_MOVE, NULL, "copy the selected value (OSC 52)")           \
    X(COPY_PATH, "copy-path", 'Y', 0, 0, UI_GROUP_MOVE, NULL, "copy the selected value's JSONPath") \
    X(OUTLINE, "outline", 'o', 0, 0, UI_GROUP_MOVE, NULL, "graph: switch between drawing and outline") \
    X(COMMAND, "command", ':', 0, 0, UI_GROUP_APP, NULL, "command line (Tab completes, arrows recall)") \
    X(MOUSE, "mouse", 'M', 0, 0, UI_GROUP_APP, NULL, "switch mouse support on/off")               \
    X(REDRAW, "redraw", UI_CTRL('l'), 0, 0, UI_GROUP_APP, NULL, "redraw the screen")              \
    X(MESSAGES, "messages", 'm', 0, 0, UI_GROUP_APP, NULL,                                         \
      "every message of the session, in full (the last 500; j/k scroll)")                         \
    X(HELP, "help", '?', KEY_F(1), 0, UI_GROUP_APP, "help", "this help")                          \
    X(QUIT, "quit", 'q', 0, 0, UI_GROUP_APP, "quit",                                             \
      "quit (asks when an execution is active or breakpoints are not saved)")

/* The keys of the `x` dialog (answer.c), for the `?` help and docs/keys.md:
 * X(key, label, help). The dialog itself dispatches on the same keys. */
#define UI_ANSWER_KEYS(X)                                                                          \
    X('s', "s", "success: the output as JSON, in a field prefilled with {} that the first "       \
      "character typed replaces (Enter sends, Esc cancels, Ctrl-E opens $EDITOR); for a task "    \
      "nothing answered, its result. Typing { [ \" - or a digit opens it with that typed")         \
    X('f', "f", "failure: an error and a cause (Tab switches the field)")                         \
    X('h', "h", "heartbeat: the task keeps waiting, its HeartbeatSeconds start again")            \
    X('t', "t", "time out: the task's TimeoutSeconds or HeartbeatSeconds runs out")               \
    X('r', "r", "reveal or mask the token")                                                       \
    X('y', "y", "copy the token (OSC 52)")                                                        \
    X(UI_KEY_ESC, "Esc", "close (the only key that does: x, q and the rest are never commands "   \
      "behind the dialog); what was typed stays for the next x")

typedef struct {
    int key;
    const char *label;
    const char *help;
} ui_answer_key;

/* The dialog's keys in table order; count in *n. */
const ui_answer_key *actions_answer_keys(size_t *n);

typedef enum {
    ACT_NONE = 0,
#define UI_ACTION_ENUM(id, name, k1, k2, k3, group, hint, help) ACT_##id,
    UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
    ACT_COUNT
} ui_action;

typedef struct {
    ui_action id;
    const char *name;
    int keys[3];
    const char *group;
    const char *hint;
    const char *help;
} ui_action_info;

const ui_action_info *actions_info(ui_action a);
size_t actions_count(void);                 /* ACT_COUNT - 1 */
const ui_action_info *actions_at(size_t i); /* in table order */
ui_action actions_for_key(int key);
ui_action actions_by_name(const char *name);
/* "n", "F10", "Tab", "Enter", "Ctrl-D", "Left"... */
const char *actions_key_label(int key, char *buf, size_t n);
/* "n / F10" */
void actions_keys_text(const ui_action_info *a, char *buf, size_t n);

/* The key map as Markdown (docs/keys.md). */
void actions_markdown(FILE *out);

#endif
