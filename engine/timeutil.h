/*
 * timeutil — instants as Step Functions reads and writes them.
 *
 * Parsing accepts RFC 3339 / ISO-8601 extended offset date-times the way AWS does
 * (Java's ISO_OFFSET_DATE_TIME): `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)`, with an
 * upper-case `T` and `Z`; a missing offset, a space for `T` or an out-of-range field is
 * rejected. Formatting writes `YYYY-MM-DDTHH:MM:SS.mmmZ`, as AWS writes context times.
 *
 * A timestamp AWS writes has a four-digit year: Step Functions refuses instants past
 * 9999-12-31T23:59:59.999Z. A parsed instant may lie outside that range (an offset moves
 * 9999-12-31T23:00:00-05:00 into year 10000, which still compares correctly); whoever
 * turns one into a clock reading checks timeutil_ms_in_range first.
 */
#ifndef SFDBG_TIMEUTIL_H
#define SFDBG_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t sec;    /* seconds since the Unix epoch, UTC */
    int32_t nsec;   /* 0..999999999 */
} asl_instant;

/* 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, in epoch milliseconds. */
#define TIMEUTIL_MIN_MS INT64_C(-62167219200000)
#define TIMEUTIL_MAX_MS INT64_C(253402300799999)
#define TIMEUTIL_MAX_TEXT "9999-12-31T23:59:59.999Z"

bool timeutil_parse(const char *s, asl_instant *out);
/* The same for a byte string of len bytes (a JSON string): a NUL byte inside makes it no
 * timestamp, rather than ending it early. */
bool timeutil_parse_n(const char *s, size_t len, asl_instant *out);
/* Whether epoch_ms formats with a four-digit year (TIMEUTIL_MIN_MS..TIMEUTIL_MAX_MS). */
bool timeutil_ms_in_range(int64_t epoch_ms);
/* -1, 0, 1 */
int timeutil_compare(asl_instant a, asl_instant b);
int64_t timeutil_to_ms(asl_instant t);
/* Writes "2024-01-02T03:04:05.678Z" into buf (at least 32 bytes); epoch_ms must be in
 * range (timeutil_ms_in_range). */
void timeutil_format_ms(int64_t epoch_ms, char *buf, size_t n);
/* Wall-clock now, epoch milliseconds. Only the program (not the engine) should call it:
 * the engine reads time from its virtual clock (JSONata falls back on it when evaluated
 * with no clock). */
int64_t timeutil_now_ms(void);
/* Milliseconds on CLOCK_MONOTONIC, from an arbitrary origin: for measuring time limits
 * (never jumps with the wall clock), never for timestamps. */
int64_t timeutil_monotonic_ms(void);

#endif
