/* term — terminal setup/teardown, signals, drawing helpers. See term.h. */
#include "term.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "base64.h"

/* The only mutable statics of the front end: what signal handlers may touch. */
static volatile sig_atomic_t term_signal_flag;
static struct termios term_saved_tios;
static volatile sig_atomic_t term_have_tios;
static term *term_atexit_target;

static void term_on_signal(int sig)
{
    term_signal_flag = sig;
}

/* Writes all of s to stdout (async-signal-safe); gives up on an error, as a dying process
 * has nothing better to do. */
static void term_write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Fatal signals: put the tty back with async-signal-safe calls, then die as we would have. */
static void term_on_fatal(int sig)
{
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?25h\033[?1049l\033[0m\r\n";
    if (term_have_tios)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &term_saved_tios);
    term_write_all(reset, sizeof reset - 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

int term_take_signal(void)
{
    int s = term_signal_flag;
    term_signal_flag = 0;
    return s;
}

int term_peek_signal(void)
{
    return term_signal_flag;
}

static void term_atexit(void)
{
    if (term_atexit_target)
        term_shutdown(term_atexit_target);
}

static void term_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = term_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = term_on_fatal;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
}

enum {
    TP_CURRENT = 1, TP_VISITED, TP_FAILED, TP_CAUGHT, TP_WAITING, TP_BREAK, TP_LABEL,
    TP_STATUS, TP_GOOD, TP_BAD, TP_KEY, TP_STRING, TP_NUMBER, TP_LITERAL, TP_FOCUS, TP_NOTE
};

static void term_pairs(void)
{
    init_pair(TP_CURRENT, COLOR_GREEN, -1);
    init_pair(TP_VISITED, COLOR_CYAN, -1);
    init_pair(TP_FAILED, COLOR_RED, -1);
    init_pair(TP_CAUGHT, COLOR_YELLOW, -1);
    init_pair(TP_WAITING, COLOR_MAGENTA, -1);
    init_pair(TP_BREAK, COLOR_RED, -1);
    init_pair(TP_LABEL, COLOR_YELLOW, -1);
    init_pair(TP_STATUS, COLOR_BLACK, COLOR_CYAN);
    init_pair(TP_GOOD, COLOR_BLACK, COLOR_GREEN);
    init_pair(TP_BAD, COLOR_WHITE, COLOR_RED);
    init_pair(TP_KEY, COLOR_BLUE, -1);
    init_pair(TP_STRING, COLOR_GREEN, -1);
    init_pair(TP_NUMBER, COLOR_CYAN, -1);
    init_pair(TP_LITERAL, COLOR_MAGENTA, -1);
    init_pair(TP_FOCUS, COLOR_CYAN, -1);
    init_pair(TP_NOTE, COLOR_YELLOW, -1);
}

void term_set_theme(term *t, bool monochrome)
{
    t->color = !monochrome && !getenv("NO_COLOR") && has_colors() && t->active;
    if (t->color) {
        start_color();
        use_default_colors();
        term_pairs();
    }
#define C(p, fallback) (t->color ? (attr_t)COLOR_PAIR(p) : (attr_t)(fallback))
    attr_t *a = t->attr;
    a[TA_NORMAL] = A_NORMAL;
    a[TA_DIM] = A_DIM;
    a[TA_TITLE] = A_BOLD;
    a[TA_TITLE_FOCUS] = A_BOLD | A_REVERSE;
    a[TA_BORDER] = A_NORMAL;
    a[TA_BORDER_FOCUS] = A_BOLD | C(TP_FOCUS, 0);
    a[TA_STATUS] = A_REVERSE;
    a[TA_STATUS_MODE] = A_BOLD | (t->color ? C(TP_STATUS, 0) : A_REVERSE);
    a[TA_STATUS_BAD] = A_BOLD | (t->color ? C(TP_BAD, 0) : A_REVERSE);
    a[TA_STATUS_GOOD] = A_BOLD | (t->color ? C(TP_GOOD, 0) : A_REVERSE);
    a[TA_HINT_KEY] = A_BOLD;
    a[TA_CURSOR] = A_REVERSE;
    a[TA_TAB_ACTIVE] = A_BOLD | A_UNDERLINE;
    a[TA_JSON_KEY] = A_BOLD | C(TP_KEY, 0);
    a[TA_JSON_STRING] = C(TP_STRING, 0);
    a[TA_JSON_NUMBER] = C(TP_NUMBER, 0);
    a[TA_JSON_LITERAL] = C(TP_LITERAL, 0);
    a[TA_NOTE] = A_DIM | C(TP_NOTE, 0);
    a[TA_ERROR] = A_BOLD | C(TP_FAILED, 0);
    a[TA_MESSAGE] = A_BOLD;
    a[TA_EDIT] = A_NORMAL;
    attr_t *r = t->role;
    for (int i = 0; i < ROLE_COUNT; i++)
        r[i] = A_NORMAL;
    r[ROLE_EDGE_CATCH] = C(TP_FAILED, A_DIM);
    r[ROLE_LABEL] = C(TP_LABEL, A_DIM);
    r[ROLE_BOX_CURRENT] = A_BOLD | C(TP_CURRENT, 0);
    r[ROLE_BLOCK] = A_DIM;
    r[ROLE_NAME_SELECTED] = A_REVERSE | A_BOLD;
    r[ROLE_MARK_CURRENT] = A_BOLD | C(TP_CURRENT, 0);
    r[ROLE_MARK_VISITED] = C(TP_VISITED, 0);
    r[ROLE_MARK_FAILED] = A_BOLD | C(TP_FAILED, 0);
    r[ROLE_MARK_CAUGHT] = A_BOLD | C(TP_CAUGHT, 0);
    r[ROLE_MARK_WAITING] = A_BOLD | C(TP_WAITING, 0);
    r[ROLE_RETRY] = A_BOLD | C(TP_CAUGHT, 0);
    r[ROLE_BP_ON] = A_BOLD | C(TP_BREAK, 0);
    r[ROLE_BP_OFF] = A_DIM;
    r[ROLE_ARROW] = A_NORMAL;
    r[ROLE_EDGE_PATH] = A_NORMAL; /* its heavy lines say it */
    r[ROLE_EDGE_TAKEN] = A_BOLD | C(TP_CURRENT, 0);
    r[ROLE_LABEL_TAKEN] = A_BOLD | A_UNDERLINE;
#undef C
}

void term_set_mouse(term *t, bool on)
{
    t->mouse = on;
    if (!t->active)
        return;
    mousemask(on ? (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0,
              NULL);
    mouseinterval(0);
}

bool term_init(term *t, const term_options *o)
{
    memset(t, 0, sizeof *t);
    const char *cs = nl_langinfo(CODESET);
    t->utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &term_saved_tios) == 0)
        term_have_tios = 1;
    if (o && o->out) {
        t->screen = newterm(NULL, o->out, o->in ? o->in : stdin);
        if (!t->screen) {
            fputs("sfdbg: cannot set up the terminal\n", stderr);
            return false;
        }
        set_term(t->screen);
    } else {
        if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
            fputs("sfdbg: the debugger needs a terminal (use sfdbg run for headless runs)\n",
                  stderr);
            return false;
        }
        const char *term_env = getenv("TERM");
        t->screen = newterm(term_env && *term_env ? NULL : "xterm", stdout, stdin);
        if (!t->screen) {
            fprintf(stderr, "sfdbg: unknown terminal type '%s'\n", term_env ? term_env : "");
            return false;
        }
        set_term(t->screen);
    }
    t->active = true;
    term_atexit_target = t;
    static bool atexit_done;
    if (!atexit_done) {
        atexit(term_atexit);
        atexit_done = true;
    }
    term_install_signals();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    term_set_theme(t, o && o->monochrome);
    term_set_mouse(t, !(o && o->no_mouse));
    return true;
}

void term_shutdown(term *t)
{
    if (!t || !t->active)
        return;
    if (t->mouse)
        mousemask(0, NULL);
    curs_set(1);
    endwin();
    if (t->screen) {
        delscreen(t->screen);
        t->screen = NULL;
    }
    t->active = false;
    if (term_atexit_target == t)
        term_atexit_target = NULL;
    fflush(stdout);
}

void term_suspend(term *t)
{
    def_prog_mode();
    endwin();
}

void term_resume(term *t)
{
    reset_prog_mode();
    curs_set(0);
    clearok(curscr, TRUE);
    refresh();
}

void term_glyph(const term *t, WINDOW *w, int y, int x, uint32_t cp, attr_t a)
{
    if (cp == CV_WIDE_CONT)
        return;
    if (!t->utf8)
        cp = glyph_ascii(cp);
    if (cp < 0x80) {
        mvwaddch(w, y, x, (chtype)(cp < 32 || cp == 127 ? '?' : cp) | a);
        return;
    }
    wchar_t wc[2] = {(wchar_t)cp, 0};
    cchar_t cc;
    setcchar(&cc, wc, a, 0, NULL);
    mvwadd_wch(w, y, x, &cc);
}

/* One UTF-8 character of s (n bytes left) as a code point; its length in k (1 for a bad
 * byte, which gives '?'). The program's text is UTF-8 whatever the locale. */
static uint32_t term_utf8_next(const char *s, size_t n, size_t *k)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3
                 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > n) {
        *k = 1;
        return '?';
    }
    uint32_t cp = len == 1 ? u[0] : u[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *k = 1;
            return '?';
        }
        cp = cp << 6 | (u[i] & 0x3F);
    }
    *k = len;
    return cp;
}

/* The ASCII stand-in of s in out (one cell per byte): each character's glyph_ascii, but "…"
 * as "...", so that a cut reads the same everywhere. Returns the length; *chars gets the
 * number of characters of s (the cells it takes on a UTF-8 terminal, one each here). */
static size_t term_ascii_of(const char *s, char *out, size_t cap, int *chars)
{
    size_t len = strlen(s), n = 0;
    *chars = 0;
    while (len > 0 && n + 3 < cap) {
        size_t k;
        uint32_t cp = term_utf8_next(s, len, &k);
        if (cp == 0x2026) {
            memcpy(out + n, "...", 3);
            n += 3;
        } else {
            out[n++] = (char)(cp < 32 || cp == 127 ? '?' : glyph_ascii(cp));
        }
        (*chars)++;
        s += k;
        len -= k;
    }
    out[n] = '\0';
    return n;
}

/* term_text for a terminal that is not UTF-8: every character one cell, non-ASCII as its
 * ASCII stand-in. When only the "..." for a "…" makes the text too wide, it is cut to end
 * in one "..." (never "..", nor a "..." in the middle of a cut). */
static int term_text_ascii(WINDOW *w, int y, int x, const char *s, int maxw, attr_t a)
{
    char buf[2048];
    int chars;
    size_t n = term_ascii_of(s, buf, sizeof buf, &chars);
    if (n > (size_t)maxw && chars <= maxw && maxw > 3) {
        n = (size_t)maxw - 3;
        while (n > 0 && buf[n - 1] == '.')
            n--;
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    if (n > (size_t)maxw)
        n = (size_t)maxw;
    for (size_t i = 0; i < n; i++)
        mvwaddch(w, y, x + (int)i, (chtype)(unsigned char)buf[i] | a);
    return (int)n;
}

int term_text(const term *t, WINDOW *w, int y, int x, const char *s, int maxw, attr_t a)
{
    if (!s || maxw <= 0)
        return 0;
    if (!t->utf8)
        return term_text_ascii(w, y, x, s, maxw, a);
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
        if (cw < 0 || wc < 32)
            wc = L'?', cw = 1;
        if (cw == 0) {
            s += k;
            len -= k;
            continue;
        }
        if (used + cw > maxw)
            break;
        if (!t->utf8 && wc >= 0x80) {
            uint32_t g = glyph_ascii((uint32_t)wc);
            for (int i = 0; i < cw; i++)
                mvwaddch(w, y, x + used + i, (chtype)g | a);
        } else {
            term_glyph(t, w, y, x + used, (uint32_t)wc, a);
        }
        used += cw;
        s += k;
        len -= k;
    }
    return used;
}

void term_fill(WINDOW *w, int y, int x, int n, attr_t a)
{
    for (int i = 0; i < n; i++)
        mvwaddch(w, y, x + i, ' ' | a);
}

void term_frame(const term *t, WINDOW *w, const char *title, bool focus)
{
    int h, wd;
    getmaxyx(w, h, wd);
    if (h < 2 || wd < 2)
        return;
    attr_t a = focus ? t->attr[TA_BORDER_FOCUS] : t->attr[TA_BORDER];
    uint32_t hz = focus ? 0x2550 : 0x2500, vt = focus ? 0x2551 : 0x2502;
    uint32_t tl = focus ? 0x2554 : 0x250C, tr = focus ? 0x2557 : 0x2510;
    uint32_t bl = focus ? 0x255A : 0x2514, br = focus ? 0x255D : 0x2518;
    if (!t->utf8 && focus) {
        hz = '=';
        tl = tr = bl = br = '#';
    }
    for (int x = 1; x < wd - 1; x++) {
        term_glyph(t, w, 0, x, hz, a);
        term_glyph(t, w, h - 1, x, hz, a);
    }
    for (int y = 1; y < h - 1; y++) {
        term_glyph(t, w, y, 0, vt, a);
        term_glyph(t, w, y, wd - 1, vt, a);
    }
    term_glyph(t, w, 0, 0, tl, a);
    term_glyph(t, w, 0, wd - 1, tr, a);
    term_glyph(t, w, h - 1, 0, bl, a);
    term_glyph(t, w, h - 1, wd - 1, br, a);
    if (title && wd > 4) {
        term_text(t, w, 0, 1, title, wd - 3, focus ? t->attr[TA_TITLE_FOCUS] : t->attr[TA_TITLE]);
    }
}

bool term_osc52(const term *t, const char *text, size_t len)
{
    static const char head[] = "\033]52;c;";
    if (!t->active || len > 512 * 1024)
        return false;
    char *buf = malloc(sizeof head - 1 + BASE64_ENCODED_SIZE(len) + 1);
    if (!buf)
        return false;
    memcpy(buf, head, sizeof head - 1);
    size_t k = sizeof head - 1;
    k += base64_encode(text, len, BASE64_ALPHABET_STANDARD, buf + k);
    buf[k++] = '\a';
    bool ok = write(STDOUT_FILENO, buf, k) == (ssize_t)k;
    free(buf);
    return ok;
}
