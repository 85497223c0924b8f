/* strbuf — bounded growable byte buffer. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"

void strbuf_init(strbuf *sb, size_t limit)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->limit = limit;
    sb->toobig = false;
}

void strbuf_cleanup(strbuf *sb)
{
    engine_free(sb->buf);
    strbuf_init(sb, sb->limit);
}

void strbuf_reset(strbuf *sb)
{
    sb->len = 0;
    sb->toobig = false;
    if (sb->buf)
        sb->buf[0] = '\0';
}

static bool strbuf_reserve(strbuf *sb, size_t extra)
{
    if (sb->toobig)
        return false;
    if (sb->limit && sb->len + extra > sb->limit) {
        sb->toobig = true;
        return false;
    }
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->buf = engine_realloc(sb->buf, cap);
    sb->cap = cap;
    return true;
}

void strbuf_append(strbuf *sb, const char *s, size_t n)
{
    if (!strbuf_reserve(sb, n))
        return;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void strbuf_puts(strbuf *sb, const char *s) { strbuf_append(sb, s, strlen(s)); }

void strbuf_putc(strbuf *sb, char c)
{
    if (sb->len + 2 <= sb->cap && !sb->toobig && (!sb->limit || sb->len + 1 <= sb->limit)) {
        sb->buf[sb->len++] = c;
        sb->buf[sb->len] = '\0';
        return;
    }
    strbuf_append(sb, &c, 1);
}

void strbuf_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !strbuf_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

size_t strbuf_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void strbuf_put_utf8(strbuf *sb, uint32_t cp)
{
    char b[4];
    strbuf_append(sb, b, strbuf_utf8_encode(cp, b));
}

const char *strbuf_str(const strbuf *sb) { return sb->buf ? sb->buf : ""; }

char *strbuf_detach(strbuf *sb)
{
    char *s = sb->buf ? sb->buf : engine_strdup("");
    strbuf_init(sb, sb->limit);
    return s;
}
