/* numfmt — JavaScript-style shortest round-trip number formatting. */
#include "numfmt.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shortest "%.{p}e" rendering that round-trips; fills digits (no dot) and the
 * decimal exponent, returns the digit count. Starts at 15 digits: every decimal of at
 * most 15 significant digits reads back to one double and is that double correctly
 * rounded to 15 digits, so when 15 digits round-trip their trailing zeros stripped are
 * the shortest; otherwise 16, then 17 (which always round-trips). Subnormals carry fewer
 * than 53 bits, so many 15-digit decimals read back to one of them: those start at 1. */
static int numfmt_shortest(double d, char *digits, int *exp10)
{
    char tmp[NUMFMT_BUFSZ];
    for (int p = d < DBL_MIN ? 1 : 15; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
        if (strtod(tmp, NULL) == d || p == 17)
            break;
    }
    /* tmp is like "1.2345e+05" */
    int k = 0;
    const char *s = tmp;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[k++] = *s;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    *exp10 = atoi(s + 1);
    return k;
}

/* An integer's decimal digits, without printf (the common case: counts, ids, cents). */
static size_t numfmt_integer(long long v, char *buf)
{
    char rev[24];
    size_t n = 0, len = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        rev[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = rev[--n];
    buf[len] = '\0';
    return len;
}

size_t numfmt_double(double d, char *buf)
{
    if (isnan(d))
        return (size_t)snprintf(buf, NUMFMT_BUFSZ, "NaN");
    if (isinf(d))
        return (size_t)snprintf(buf, NUMFMT_BUFSZ, d < 0 ? "-Infinity" : "Infinity");
    if (d == 0)
        return (size_t)snprintf(buf, NUMFMT_BUFSZ, "0");
    /* integers below 2^53 are exact: the common case, printed directly */
    if (fabs(d) < 9007199254740992.0 && d == (double)(long long)d)
        return numfmt_integer((long long)d, buf);

    char digits[24];
    int e;
    char *out = buf;
    if (d < 0) {
        *out++ = '-';
        d = -d;
    }
    int k = numfmt_shortest(d, digits, &e);
    int n = e + 1; /* position of the decimal point relative to the digits */
    if (k <= n && n <= 21) {
        memcpy(out, digits, (size_t)k);
        out += k;
        for (int i = 0; i < n - k; i++)
            *out++ = '0';
    } else if (0 < n && n <= 21) {
        memcpy(out, digits, (size_t)n);
        out += n;
        *out++ = '.';
        memcpy(out, digits + n, (size_t)(k - n));
        out += k - n;
    } else if (-6 < n && n <= 0) {
        *out++ = '0';
        *out++ = '.';
        for (int i = 0; i < -n; i++)
            *out++ = '0';
        memcpy(out, digits, (size_t)k);
        out += k;
    } else {
        *out++ = digits[0];
        if (k > 1) {
            *out++ = '.';
            memcpy(out, digits + 1, (size_t)(k - 1));
            out += k - 1;
        }
        out += sprintf(out, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
    *out = '\0';
    return (size_t)(out - buf);
}

size_t numfmt_length(double d)
{
    if (d > -1e15 && d < 1e15) { /* exact integers in it print as numfmt_integer does */
        long long i = (long long)d;
        if ((double)i == d) {
            unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
            static const unsigned long long tens[] = {
                10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
                100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
                1000000000000ULL, 10000000000000ULL, 100000000000000ULL};
            size_t digits = 1;
            while (digits <= sizeof tens / sizeof tens[0] && u >= tens[digits - 1])
                digits++;
            return digits + (i < 0 ? 1 : 0);
        }
    }
    char buf[NUMFMT_BUFSZ];
    return numfmt_double(d, buf);
}
