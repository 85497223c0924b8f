/*
 * msg_attrs — the MessageAttributes of SQS messages and SNS notifications: checked as the
 * services check them, and (SQS) their MD5 digest (MD5OfMessageAttributes).
 *
 * An attribute map is {"NAME": {"DataType": "String"|"Number"|"Binary"[.custom],
 * "StringValue": "..." | "BinaryValue": "BASE64"}}; SNS allows "String.Array" too.
 */
#ifndef SFDBG_SERVICES_MSG_ATTRS_H
#define SFDBG_SERVICES_MSG_ATTRS_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"

#define MSG_ATTRS_MAX 10

/* Whether attrs is a valid map (string_array: SNS's String.Array type is allowed); false
 * with the service's message in msg. */
bool msg_attrs_check(const jv *attrs, bool string_array, char *msg, size_t n);
/* The MD5 (hex) of a checked map, as SQS computes it: the attributes in name order, each
 * as length-prefixed name, type and value with a transport byte (1 string, 2 binary). */
void msg_attrs_md5(const jv *attrs, char out[33]);

#endif
