/* ddb_reserved — DynamoDB's reserved words (an attribute so named needs #name). */
#ifndef SFDBG_SERVICES_DDB_RESERVED_H
#define SFDBG_SERVICES_DDB_RESERVED_H

#include <stdbool.h>
#include <stddef.h>

/* Whether word[0..len) is reserved (case-insensitive, as DynamoDB compares). */
bool ddb_reserved_word(const char *word, size_t len);

#endif
