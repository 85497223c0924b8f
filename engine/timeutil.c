/* timeutil — RFC 3339 parsing and formatting. */
#include "timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool timeutil_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool timeutil_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int timeutil_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && timeutil_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's algorithm. */
static int64_t timeutil_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void timeutil_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Parses the offset part: Z, +HH:MM or -HH:MM; returns the offset in seconds. */
static bool timeutil_parse_offset(const char *s, int *offset)
{
    if (s[0] == 'Z' && s[1] == '\0') {
        *offset = 0;
        return true;
    }
    int hh, mm;
    if ((s[0] != '+' && s[0] != '-') || !timeutil_digits(s + 1, 2, &hh) || s[3] != ':' ||
        !timeutil_digits(s + 4, 2, &mm) || s[6] != '\0' || hh > 18 || mm > 59)
        return false;
    *offset = (hh * 3600 + mm * 60) * (s[0] == '-' ? -1 : 1);
    return true;
}

bool timeutil_parse_n(const char *s, size_t len, asl_instant *out)
{
    return strlen(s) == len && timeutil_parse(s, out);
}

bool timeutil_parse(const char *s, asl_instant *out)
{
    int y, mo, d, h, mi, se;
    if (!timeutil_digits(s, 4, &y) || s[4] != '-' || !timeutil_digits(s + 5, 2, &mo) ||
        s[7] != '-' || !timeutil_digits(s + 8, 2, &d) || s[10] != 'T' ||
        !timeutil_digits(s + 11, 2, &h) || s[13] != ':' || !timeutil_digits(s + 14, 2, &mi) ||
        s[16] != ':' || !timeutil_digits(s + 17, 2, &se))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > timeutil_days_in_month(y, mo) || h > 23 || mi > 59 ||
        se > 59)
        return false;
    const char *p = s + 19;
    int32_t nsec = 0;
    if (*p == '.') {
        int n = 0;
        p++;
        while (p[n] >= '0' && p[n] <= '9')
            n++;
        if (n < 1 || n > 9)
            return false;
        for (int i = 0; i < 9; i++)
            nsec = nsec * 10 + (i < n ? p[i] - '0' : 0);
        p += n;
    }
    int offset;
    if (!timeutil_parse_offset(p, &offset))
        return false;
    out->sec = timeutil_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
    out->nsec = nsec;
    return true;
}

int timeutil_compare(asl_instant a, asl_instant b)
{
    if (a.sec != b.sec)
        return a.sec < b.sec ? -1 : 1;
    if (a.nsec != b.nsec)
        return a.nsec < b.nsec ? -1 : 1;
    return 0;
}

bool timeutil_ms_in_range(int64_t epoch_ms)
{
    return epoch_ms >= TIMEUTIL_MIN_MS && epoch_ms <= TIMEUTIL_MAX_MS;
}

int64_t timeutil_to_ms(asl_instant t) { return t.sec * 1000 + t.nsec / 1000000; }

void timeutil_format_ms(int64_t epoch_ms, char *buf, size_t n)
{
    int64_t days = epoch_ms / 86400000;
    int64_t rem = epoch_ms % 86400000;
    if (rem < 0) {
        rem += 86400000;
        days--;
    }
    int64_t y;
    int m, d;
    timeutil_civil_from_days(days, &y, &m, &d);
    int secs = (int)(rem / 1000), ms = (int)(rem % 1000);
    snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, m, d, secs / 3600,
             secs / 60 % 60, secs % 60, ms);
}

static int64_t timeutil_clock_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t timeutil_now_ms(void) { return timeutil_clock_ms(CLOCK_REALTIME); }

int64_t timeutil_monotonic_ms(void) { return timeutil_clock_ms(CLOCK_MONOTONIC); }
