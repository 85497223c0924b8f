/*
 * urlencode — percent-encoding and application/x-www-form-urlencoded text from JSON, as
 * the HTTP task builds its query string and (Transform.RequestBodyEncoding URL_ENCODED) its
 * body. No I/O; everything is appended to the caller's buffer.
 *
 * A value becomes text as Step Functions sends it: a string as it is, a number as its JSON
 * text, true/false; a null is left out. A nested object's members are "key[member]=v";
 * an array's items follow the array format (Transform.RequestEncodingOptions.ArrayFormat):
 *   INDICES (the default)  a[0]=x&a[1]=y
 *   REPEAT                 a=x&a=y
 *   COMMAS                 a=x,y
 *   BRACKETS               a[]=x&a[]=y
 * Keys and values are percent-encoded (RFC 3986: all but A-Z a-z 0-9 - . _ ~), so the
 * brackets of a key are sent as %5B and %5D, as form encoders do.
 */
#ifndef SFDBG_URLENCODE_H
#define SFDBG_URLENCODE_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"
#include "strbuf.h"

typedef enum {
    URLENC_INDICES,
    URLENC_REPEAT,
    URLENC_COMMAS,
    URLENC_BRACKETS
} urlenc_array_format;

/* "INDICES", "REPEAT", "COMMAS", "BRACKETS" -> the format; false for anything else. */
bool urlenc_array_format_parse(const char *name, urlenc_array_format *out);

/* Appends s (len bytes) percent-encoded. */
void urlenc_component(strbuf *out, const char *s, size_t len);

/* Appends obj's members as form text, each pair after a '&' when out is not empty. obj
 * must be an object (false otherwise, with err saying so). Nesting is bounded (32 levels;
 * deeper is refused). */
bool urlenc_form(strbuf *out, const jv *obj, urlenc_array_format fmt, char *err,
                 size_t errlen);

#endif
