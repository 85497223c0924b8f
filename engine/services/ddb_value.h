/*
 * ddb_value — DynamoDB AttributeValues as JSON ({"S": "x"}, {"N": "5"}, {"L": [...]}, ...):
 * checking them as DynamoDB does (exactly one type, numbers that parse, sets non-empty and
 * without duplicates), comparing them, measuring an item (the 400 KB limit) and the
 * canonical text of a key (numbers by value, so "1.0" and "1" are one key).
 *
 * Numbers are DynamoDB's exact 38-digit decimals (ddb_number.h): checked, compared and keyed
 * by value, never through a double.
 */
#ifndef SFDBG_SERVICES_DDB_VALUE_H
#define SFDBG_SERVICES_DDB_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"

typedef enum {
    DDB_S, DDB_N, DDB_B, DDB_BOOL, DDB_NULL, DDB_L, DDB_M, DDB_SS, DDB_NS, DDB_BS, DDB_BAD
} ddb_type;

/* Items over this many bytes (DynamoDB's measure) are refused. */
#define DDB_ITEM_MAX (400u * 1024)
/* Nesting deeper than this is refused (DynamoDB's limit is 32 levels). */
#define DDB_DEPTH_MAX 32

/* The type of a well-formed AttributeValue (DDB_BAD otherwise), its name ("S", "NS"), the
 * type named by text ("SS"; DDB_BAD when none), and the value inside ({"S": "x"} -> "x"). */
ddb_type ddb_type_of(const jv *av);
const char *ddb_type_name(ddb_type t);
ddb_type ddb_type_named(const char *name);
const jv *ddb_payload(const jv *av);

/* Checks an AttributeValue (and what it holds); false with DynamoDB's message in err. */
bool ddb_value_check(const jv *av, char *err, size_t n);
/* Checks an item (an object of AttributeValues); false with the message. */
bool ddb_item_check(const jv *item, char *err, size_t n);
/* The item's size as DynamoDB counts it (names and values). */
size_t ddb_item_size(const jv *item);

/* The item (or an AttributeValue map) with its numbers written as DynamoDB answers them
 * (ddb_num_format: "1.50" -> "1.5"), at any depth (owned; item itself when nothing
 * changes). For a checked item. */
jv *ddb_item_normalized(const jv *item);
/* {"N": "..."} for d (an integer: a size or a count). */
jv *ddb_number_value(double d);

/* Equality as DynamoDB's "=" sees it (numbers by value, sets in any order). */
bool ddb_value_equal(const jv *a, const jv *b);
/* Order of two values of one scalar type (N, S or B): <0, 0, >0; *ok false when they are
 * not both N, both S or both B. */
int ddb_value_order(const jv *a, const jv *b, bool *ok);
/* Whether set (SS, NS, BS) holds the element (an S, N or B of the set's element type). */
bool ddb_set_has(const jv *set, const jv *elem);

/* Appends the canonical text of a key attribute's value (S, N or B) to buf. */
void ddb_key_text(const jv *av, char *buf, size_t n);

#endif
