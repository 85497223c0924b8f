/* Unit tests: RFC 3339 parsing and formatting as AWS reads and writes instants. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "timeutil.h"

static void accepts(const char *s, long long want_ms)
{
    asl_instant t;
    bool ok = timeutil_parse(s, &t);
    tap_ok(ok, "accepts %s", s);
    if (ok)
        tap_is_int(timeutil_to_ms(t), want_ms, "%s is %lld ms", s, want_ms);
}

static void rejects(const char *s, const char *why)
{
    asl_instant t;
    tap_ok(!timeutil_parse(s, &t), "rejects %s (%s)", s, why);
}

int main(void)
{
    accepts("2024-01-01T00:00:00Z", 1704067200000LL);
    accepts("2024-01-01T00:00:00.5Z", 1704067200500LL);
    accepts("2024-01-01T00:00:00.000000Z", 1704067200000LL);
    accepts("2024-01-01T02:00:00+02:00", 1704067200000LL);
    accepts("2023-12-31T19:00:00-05:00", 1704067200000LL);
    accepts("2024-02-29T00:00:00Z", 1709164800000LL);
    accepts("1969-12-31T23:59:59Z", -1000LL);
    rejects("2024-01-01T00:00:00", "no offset");
    asl_instant t;
    tap_ok(!timeutil_parse_n("2024-01-01T00:00:00Z\0junk", 25, &t),
           "a NUL byte and more after a timestamp is no timestamp");
    tap_ok(timeutil_parse_n("2024-01-01T00:00:00Z", 20, &t), "timeutil_parse_n takes a whole one");
    rejects("2024-01-01 00:00:00Z", "space for T");
    rejects("2024-01-01t00:00:00z", "lower case");
    rejects("2023-02-29T00:00:00Z", "not a leap year");
    rejects("2016-13-05T21:29:29Z", "month 13");
    rejects("05-12-2016T21:29:29Z", "day first");
    rejects("2024-01-01T24:00:00Z", "hour 24");
    rejects("2024-01-01T00:00:00.Z", "empty fraction");
    rejects("2024-01-01T00:00:00.0000000000Z", "ten fraction digits");
    rejects("2024-01-01T00:00:00+0200", "offset without colon");
    rejects("", "empty");

    asl_instant a, b;
    timeutil_parse("2024-01-01T00:00:00.000000001Z", &a);
    timeutil_parse("2024-01-01T00:00:00Z", &b);
    tap_is_int(timeutil_compare(a, b), 1, "nanoseconds count in comparisons");

    char buf[40];
    timeutil_format_ms(1704067200500LL, buf, sizeof buf);
    tap_is_str(buf, "2024-01-01T00:00:00.500Z", "formats with milliseconds");
    timeutil_format_ms(-1, buf, sizeof buf);
    tap_is_str(buf, "1969-12-31T23:59:59.999Z", "formats before the epoch");
    timeutil_format_ms(951782400000LL, buf, sizeof buf);
    tap_is_str(buf, "2000-02-29T00:00:00.000Z", "formats a leap day");
    timeutil_format_ms(TIMEUTIL_MAX_MS, buf, sizeof buf);
    tap_is_str(buf, TIMEUTIL_MAX_TEXT, "formats the last instant of year 9999");
    timeutil_format_ms(TIMEUTIL_MIN_MS, buf, sizeof buf);
    tap_is_str(buf, "0000-01-01T00:00:00.000Z", "formats the first instant of year 0");

    /* the range every clock reading is kept in: four-digit years */
    tap_ok(timeutil_ms_in_range(TIMEUTIL_MAX_MS), "the last instant of 9999 is in range");
    tap_ok(!timeutil_ms_in_range(TIMEUTIL_MAX_MS + 1), "10000-01-01T00:00:00Z is not");
    tap_ok(timeutil_ms_in_range(TIMEUTIL_MIN_MS), "0000-01-01T00:00:00Z is in range");
    tap_ok(!timeutil_ms_in_range(TIMEUTIL_MIN_MS - 1), "the millisecond before it is not");
    accepts("9999-12-31T23:00:00-05:00", 253402315200000LL); /* 10000-01-01T04:00Z */
    timeutil_parse("9999-12-31T23:00:00-05:00", &a);
    tap_ok(!timeutil_ms_in_range(timeutil_to_ms(a)), "...but lies past the range");

    /* the monotonic clock (time limits): it moves forward by at least the time slept */
    int64_t before = timeutil_monotonic_ms();
    struct timespec nap = {0, 30 * 1000000L};
    while (nanosleep(&nap, &nap) != 0 && errno == EINTR)
        ;
    int64_t after = timeutil_monotonic_ms();
    tap_ok(after - before >= 30, "the monotonic clock advanced %lld ms over a 30 ms sleep",
           (long long)(after - before));
    tap_ok(after - before < 60000, "in milliseconds, not another unit");
    return tap_done();
}
