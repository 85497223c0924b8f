/* ddb_number — DynamoDB's 38-digit decimal numbers, exactly. */
#include "services/ddb_number.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Exponents past this are out of range however many digits follow (keeps sums in int). */
#define DDB_NUM_EXP_CLAMP 100000L
/* Digits of an exact sum of two in-range numbers: from 10^126 down to 10^-168. */
#define DDB_NUM_SPAN 300

/* The mantissa "ddd.ddd" from s: where its first and last non-zero digits are (indexes over
 * the digits alone), how many digits precede the point; the end of the mantissa. */
typedef struct {
    long first, last, intlen, count;
} ddb_mantissa;

static const char *mantissa_scan(const char *p, ddb_mantissa *m)
{
    m->first = m->last = -1;
    m->intlen = -1;
    m->count = 0;
    for (;; p++) {
        if (*p == '.' && m->intlen < 0) {
            m->intlen = m->count;
            continue;
        }
        if (!isdigit((unsigned char)*p))
            break;
        if (*p != '0') {
            if (m->first < 0)
                m->first = m->count;
            m->last = m->count;
        }
        if (m->count < DDB_NUM_EXP_CLAMP * 10)
            m->count++;
    }
    if (m->intlen < 0)
        m->intlen = m->count;
    return p;
}

/* The exponent after 'e' (clamped); false when it is not one. */
static bool exponent_scan(const char **pp, long *exp)
{
    const char *p = *pp;
    int sign = 1;
    if (*p == '-' || *p == '+')
        sign = *p++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*p))
        return false;
    long e = 0;
    for (; isdigit((unsigned char)*p); p++)
        if (e < DDB_NUM_EXP_CLAMP)
            e = e * 10 + (*p - '0');
    *exp = sign * e;
    *pp = p;
    return true;
}

/* The number's range and precision once its digits and exponent are known. */
static ddb_num_status num_check(long exp, long digits)
{
    if (exp > DDB_NUM_EXP_MAX)
        return DDB_NUM_OVERFLOW;
    if (exp < DDB_NUM_EXP_MIN)
        return DDB_NUM_UNDERFLOW;
    return digits > DDB_NUM_DIGITS ? DDB_NUM_PRECISION : DDB_NUM_OK;
}

ddb_num_status ddb_num_parse(const char *s, ddb_num *out)
{
    const char *p = s;
    memset(out, 0, sizeof *out);
    int sign = 1;
    if (*p == '-' || *p == '+')
        sign = *p++ == '-' ? -1 : 1;
    ddb_mantissa m;
    const char *digits = p;
    p = mantissa_scan(p, &m);
    long exp10 = 0;
    if (!m.count || ((*p == 'e' || *p == 'E') && (p++, !exponent_scan(&p, &exp10))) || *p)
        return DDB_NUM_SYNTAX;
    if (m.first < 0)
        return DDB_NUM_OK;   /* zero, whatever its sign */
    long exp = m.intlen - 1 - m.first + exp10;
    ddb_num_status st = num_check(exp, m.last - m.first + 1);
    if (st != DDB_NUM_OK)
        return st;
    out->sign = sign;
    out->exp = (int)exp;
    long index = 0;
    for (const char *q = digits; index <= m.last; q++) {
        if (*q == '.')
            continue;
        if (index >= m.first)
            out->digit[out->ndigits++] = (unsigned char)(*q - '0');
        index++;
    }
    return DDB_NUM_OK;
}

void ddb_num_message(ddb_num_status st, const char *text, char *err, size_t n)
{
    switch (st) {
    case DDB_NUM_OVERFLOW:
        snprintf(err, n, "Number overflow. Attempting to store a number with magnitude larger "
                 "than supported range");
        break;
    case DDB_NUM_UNDERFLOW:
        snprintf(err, n, "Number underflow. Attempting to store a number with magnitude smaller "
                 "than supported range");
        break;
    case DDB_NUM_PRECISION:
        snprintf(err, n, "Attempting to store more than 38 significant digits in a Number");
        break;
    default:
        snprintf(err, n, "The parameter cannot be converted to a numeric value: %.200s", text);
        break;
    }
}

static int magnitude_cmp(const ddb_num *a, const ddb_num *b)
{
    if (a->exp != b->exp)
        return a->exp > b->exp ? 1 : -1;
    for (int i = 0; i < a->ndigits && i < b->ndigits; i++)
        if (a->digit[i] != b->digit[i])
            return a->digit[i] > b->digit[i] ? 1 : -1;
    return (a->ndigits > b->ndigits) - (a->ndigits < b->ndigits);
}

int ddb_num_cmp(const ddb_num *a, const ddb_num *b)
{
    if (a->sign != b->sign)
        return a->sign > b->sign ? 1 : -1;
    return a->sign * (a->sign ? magnitude_cmp(a, b) : 0);
}

/* a's digits into span, where span[i] is the digit of 10^(top - i). */
static void spread(const ddb_num *a, int top, int *span)
{
    for (int i = 0; i < a->ndigits; i++)
        span[top - a->exp + i] = a->digit[i];
}

/* The digits of span's len places (place of span[0]: 10^top) as a number of the sign
 * given. */
static ddb_num_status gather(const int *span, int len, int top, int sign, ddb_num *out)
{
    int first = 0, last = len - 1;
    while (first < len && !span[first])
        first++;
    memset(out, 0, sizeof *out);
    if (first == len)
        return DDB_NUM_OK;
    while (!span[last])
        last--;
    ddb_num_status st = num_check(top - first, last - first + 1);
    if (st != DDB_NUM_OK)
        return st;
    out->sign = sign;
    out->exp = top - first;
    for (int i = first; i <= last; i++)
        out->digit[out->ndigits++] = (unsigned char)span[i];
    return DDB_NUM_OK;
}

ddb_num_status ddb_num_add(const ddb_num *a, const ddb_num *b, bool subtract, ddb_num *out)
{
    ddb_num nb = *b;
    if (subtract)
        nb.sign = -nb.sign;
    if (!a->sign || !nb.sign) {
        *out = a->sign ? *a : nb;
        return DDB_NUM_OK;
    }
    /* big - small on magnitudes, the sign of the bigger; one carry place above */
    int c = magnitude_cmp(a, &nb);
    const ddb_num *big = c >= 0 ? a : &nb, *small = c >= 0 ? &nb : a;
    /* only the places from the carry's down to the lower last digit of the two */
    int top = big->exp + 1;
    int low_big = big->exp - big->ndigits + 1, low_small = small->exp - small->ndigits + 1;
    int len = top - (low_big < low_small ? low_big : low_small) + 1;
    if (len > DDB_NUM_SPAN)   /* not for numbers in range: ddb_num holds no others */
        return DDB_NUM_OVERFLOW;
    int x[DDB_NUM_SPAN], y[DDB_NUM_SPAN];
    memset(x, 0, sizeof x[0] * (size_t)len);
    memset(y, 0, sizeof y[0] * (size_t)len);
    spread(big, top, x);
    spread(small, top, y);
    bool same = a->sign == nb.sign;
    for (int i = len - 1, carry = 0; i >= 0; i--) {
        int d = same ? x[i] + y[i] + carry : x[i] - y[i] - carry;
        carry = same ? d >= 10 : d < 0;
        x[i] = same ? d % 10 : d + (d < 0) * 10;
    }
    return gather(x, len, top, big->sign, out);
}

void ddb_num_format(const ddb_num *a, char *buf)
{
    char *p = buf;
    if (!a->sign) {
        strcpy(buf, "0");
        return;
    }
    if (a->sign < 0)
        *p++ = '-';
    if (a->exp < 0) {
        *p++ = '0';
        *p++ = '.';
        for (int i = -1; i > a->exp; i--)
            *p++ = '0';
        for (int i = 0; i < a->ndigits; i++)
            *p++ = (char)('0' + a->digit[i]);
    } else {
        for (int i = 0; i <= a->exp || i < a->ndigits; i++) {
            if (i == a->exp + 1)
                *p++ = '.';
            *p++ = (char)('0' + (i < a->ndigits ? a->digit[i] : 0));
        }
    }
    *p = '\0';
}
