/* Unit tests: DynamoDB's exact numbers (engine/services/ddb_number.c): parsing with
 * DynamoDB's limits and messages, the canonical text, comparison and exact addition. */
#include <stdio.h>
#include <string.h>

#include "services/ddb_number.h"
#include "tap.h"

/* text -> its canonical form, or "error: MESSAGE" */
static void canon(const char *text, const char *want)
{
    ddb_num x;
    char got[DDB_NUM_TEXT_MAX + 300];
    ddb_num_status st = ddb_num_parse(text, &x);
    if (st == DDB_NUM_OK) {
        ddb_num_format(&x, got);
    } else {
        strcpy(got, "error: ");
        ddb_num_message(st, text, got + 7, sizeof got - 7);
    }
    tap_is_str(got, want, "%.60s", text);
}

static void sum(const char *a, const char *b, bool subtract, const char *want)
{
    ddb_num x, y, r;
    char got[DDB_NUM_TEXT_MAX + 300] = "unparsed";
    if (ddb_num_parse(a, &x) == DDB_NUM_OK && ddb_num_parse(b, &y) == DDB_NUM_OK) {
        ddb_num_status st = ddb_num_add(&x, &y, subtract, &r);
        if (st == DDB_NUM_OK) {
            ddb_num_format(&r, got);
        } else {
            strcpy(got, "error: ");
            ddb_num_message(st, "", got + 7, sizeof got - 7);
        }
    }
    tap_is_str(got, want, "%.40s %s %.40s", a, subtract ? "-" : "+", b);
}

static int order(const char *a, const char *b)
{
    ddb_num x, y;
    ddb_num_parse(a, &x);
    ddb_num_parse(b, &y);
    return ddb_num_cmp(&x, &y);
}

static void test_parse(void)
{
    canon("1.50", "1.5");
    canon("-0", "0");
    canon("+0.000", "0");
    canon("007", "7");
    canon("1E+2", "100");
    canon("12.5e-3", "0.0125");
    canon(".5", "0.5");
    canon("12345678901234567890123456789012345678", "12345678901234567890123456789012345678");
    canon("1234567890123456789012345678901234567800000",
          "1234567890123456789012345678901234567800000");
    canon("123456789012345678901234567890123456789",
          "error: Attempting to store more than 38 significant digits in a Number");
    canon("9.9999999999999999999999999999999999999E+125",
          "999999999999999999999999999999999999990000000000000000000000000000000000000000000000000"
          "000000000000000000000000000000000000000");
    canon("1E+126", "error: Number overflow. Attempting to store a number with magnitude larger "
          "than supported range");
    canon("-1E-130", "-0.0000000000000000000000000000000000000000000000000000000000000000000000"
          "000000000000000000000000000000000000000000000000000000000001");
    canon("1E-131", "error: Number underflow. Attempting to store a number with magnitude smaller "
          "than supported range");
    canon("0E+999999999999", "0");
    canon("1E+99999999999999999999", "error: Number overflow. Attempting to store a number with "
          "magnitude larger than supported range");
    canon("0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000"
          "00000000000000000000000000000000000000000000000001", "error: Number underflow. "
          "Attempting to store a number with magnitude smaller than supported range");
    canon("1e", "error: The parameter cannot be converted to a numeric value: 1e");
    canon("", "error: The parameter cannot be converted to a numeric value: ");
    canon(".", "error: The parameter cannot be converted to a numeric value: .");
    canon("1.2.3", "error: The parameter cannot be converted to a numeric value: 1.2.3");
    canon("0x10", "error: The parameter cannot be converted to a numeric value: 0x10");
    canon(" 1", "error: The parameter cannot be converted to a numeric value:  1");
}

static void test_order_and_sum(void)
{
    tap_ok(order("12345678901234567890123456789012345678", "12345678901234567890123456789012345679") < 0,
           "38 digits differing in the last compare exactly (a double cannot)");
    tap_ok(order("1.0", "1") == 0 && order("-0", "0") == 0, "equal by value");
    tap_ok(order("-2", "-10") > 0 && order("-1E-130", "0") < 0 && order("1E-130", "0") > 0,
           "signs and magnitudes");
    tap_ok(order("9.9E+125", "1E+125") > 0 && order("0.5", "0.05") > 0, "exponents");
    sum("12345678901234567890123456789012345678", "1", false,
        "12345678901234567890123456789012345679");
    sum("1", "0.000000000000000000000000000000000001", false,
        "1.000000000000000000000000000000000001");
    sum("99999999999999999999999999999999999999", "1", false,
        "100000000000000000000000000000000000000");
    sum("99999999999999999999999999999999999999", "0.1", false,
        "error: Attempting to store more than 38 significant digits in a Number");
    sum("9.9999999999999999999999999999999999999E+125", "1E+125", false,
        "error: Number overflow. Attempting to store a number with magnitude larger than "
        "supported range");
    sum("1E-130", "1.1E-130", true, "error: Number underflow. Attempting to store a number with "
        "magnitude smaller than supported range");
    sum("5", "5", true, "0");
    sum("3", "10", true, "-7");
    sum("-3", "-0.25", false, "-3.25");
    sum("0", "-4.5", false, "-4.5");
    sum("-4.5", "0", true, "-4.5");
    sum("1E+125", "-1E-130", false, "error: Attempting to store more than 38 significant digits "
        "in a Number");
}

int main(void)
{
    test_parse();
    test_order_and_sum();
    return tap_done();
}
