/* tap — minimal TAP producer. */
#include "tap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static void tap_line(bool cond, const char *fmt, va_list ap)
{
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_count);
    vprintf(fmt, ap);
    putchar('\n');
    if (!cond)
        tap_failed++;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_line(cond, fmt, ap);
    va_end(ap);
    return cond;
}

bool tap_is_str(const char *got, const char *expected, const char *fmt, ...)
{
    bool cond = got && expected ? strcmp(got, expected) == 0 : got == expected;
    va_list ap;
    va_start(ap, fmt);
    tap_line(cond, fmt, ap);
    va_end(ap);
    if (!cond) {
        printf("#      got: %s\n", got ? got : "(null)");
        printf("# expected: %s\n", expected ? expected : "(null)");
    }
    return cond;
}

bool tap_is_int(long long got, long long expected, const char *fmt, ...)
{
    bool cond = got == expected;
    va_list ap;
    va_start(ap, fmt);
    tap_line(cond, fmt, ap);
    va_end(ap);
    if (!cond)
        printf("#      got: %lld\n# expected: %lld\n", got, expected);
    return cond;
}

void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

void tap_skip(const char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("ok %d - ", ++tap_count);
    vprintf(fmt, ap);
    printf(" # SKIP %s\n", why);
    va_end(ap);
}

bool tap_todo(bool cond, const char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_count);
    vprintf(fmt, ap);
    printf(" # TODO %s\n", why);
    va_end(ap);
    return cond;
}

int tap_failures(void) { return tap_failed; }

int tap_done(void)
{
    printf("1..%d\n", tap_count);
    fflush(stdout);
    return tap_failed ? 1 : 0;
}

int tap_write_file(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (!f || fwrite(text, 1, len, f) != len)
        rc = errno ? errno : EIO;
    if (f && fclose(f) && !rc)
        rc = errno;
    if (rc)
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(rc));
    return rc;
}

char *tap_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}
