/*
 * ddb_number — DynamoDB's numbers, exactly: up to 38 significant digits, magnitudes from
 * 1E-130 to 9.9999999999999999999999999999999999999E+125 (and zero), held as decimal digits
 * (never a double), so ADD, comparisons and sorting are exact. Texts are parsed as DynamoDB
 * reads them (an optional sign, digits with an optional point, an optional exponent) and
 * written as DynamoDB answers them: leading and trailing zeros trimmed, no exponent
 * ("1.50" -> "1.5", "1E+2" -> "100", "-0" -> "0").
 */
#ifndef SFDBG_SERVICES_DDB_NUMBER_H
#define SFDBG_SERVICES_DDB_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#define DDB_NUM_DIGITS 38
#define DDB_NUM_EXP_MAX 125
#define DDB_NUM_EXP_MIN (-130)
/* The longest text ddb_num_format writes, with its NUL ("-0.000...0DDD..."). */
#define DDB_NUM_TEXT_MAX 176

/* value = sign × D0.D1D2... × 10^exp; zero has sign 0 and no digits. */
typedef struct {
    int sign;
    int exp;
    int ndigits;
    unsigned char digit[DDB_NUM_DIGITS];   /* 0-9; the first and the last are not 0 */
} ddb_num;

typedef enum {
    DDB_NUM_OK, DDB_NUM_SYNTAX, DDB_NUM_OVERFLOW, DDB_NUM_UNDERFLOW, DDB_NUM_PRECISION
} ddb_num_status;

/* Parses s (NUL-terminated). */
ddb_num_status ddb_num_parse(const char *s, ddb_num *out);
/* DynamoDB's message for a status (text: the number, named in the syntax message). */
void ddb_num_message(ddb_num_status st, const char *text, char *err, size_t n);
/* <0, 0, >0 */
int ddb_num_cmp(const ddb_num *a, const ddb_num *b);
/* a + b (or a - b), exactly; an error status when the result is out of range or needs
 * more than 38 digits. */
ddb_num_status ddb_num_add(const ddb_num *a, const ddb_num *b, bool subtract, ddb_num *out);
/* The canonical text into buf (DDB_NUM_TEXT_MAX bytes). */
void ddb_num_format(const ddb_num *a, char *buf);

#endif
