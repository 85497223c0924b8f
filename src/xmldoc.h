/*
 * xmldoc — a small, bounded XML reader for the answers of S3-compatible endpoints
 * (s3_endpoint.h): ListBucketResult, Error. It reads elements, their text and CDATA, and
 * skips the XML declaration, processing instructions, comments and attributes (read and
 * checked, not kept). It refuses what those answers never hold and what makes XML
 * dangerous: a DOCTYPE (so no entity of the document's own: no "billion laughs"), an
 * entity other than the five predefined ones and character references, a character
 * reference that is no Unicode scalar value, nesting deeper than XMLDOC_MAX_DEPTH, more
 * than XMLDOC_MAX_NODES elements, names longer than XMLDOC_MAX_NAME, input longer than
 * XMLDOC_MAX_INPUT, mismatched or unclosed tags, text outside the root element.
 * Decoding never makes text longer than its source, so memory stays proportional to the
 * input.
 *
 * Names keep their namespace prefix; lookups (xmldoc_child, xmldoc_next) match the local
 * name (after the ':'), as S3's answers are read regardless of prefix.
 *
 * Ownership: the document owns its nodes and strings; node pointers are valid until
 * xmldoc_free. No global state.
 */
#ifndef SFDBG_XMLDOC_H
#define SFDBG_XMLDOC_H

#include <stddef.h>

#define XMLDOC_MAX_DEPTH 32
#define XMLDOC_MAX_NODES 200000
#define XMLDOC_MAX_NAME 256
#define XMLDOC_MAX_INPUT (64u * 1024 * 1024)

typedef struct xmldoc xmldoc;
typedef struct xmldoc_node xmldoc_node;

/* NULL with err ("line L: what is wrong") when text is not a document xmldoc reads. */
xmldoc *xmldoc_parse(const char *text, size_t len, char *err, size_t errlen);
void xmldoc_free(xmldoc *d);   /* NULL-safe */

const xmldoc_node *xmldoc_root(const xmldoc *d);
/* The element's name as written ("s3:Key"), and its local name ("Key"). */
const char *xmldoc_name(const xmldoc_node *n);
const char *xmldoc_local_name(const xmldoc_node *n);
/* The element's own text (its text and CDATA, children's excluded), decoded; never NULL. */
const char *xmldoc_text(const xmldoc_node *n);
size_t xmldoc_text_len(const xmldoc_node *n);
/* The first child element with that local name (NULL name: any), or NULL. */
const xmldoc_node *xmldoc_child(const xmldoc_node *n, const char *name);
/* The next sibling with that local name (NULL name: any), or NULL. */
const xmldoc_node *xmldoc_next(const xmldoc_node *n, const char *name);
/* The text of the first child named name, or NULL when there is none. */
const char *xmldoc_child_text(const xmldoc_node *n, const char *name);

#endif
