/* xmldoc (src/xmldoc.h): S3's answers read, and hostile XML refused with a message, within
 * its bounds: deep nesting, many elements, huge text, entities it does not know (no DOCTYPE,
 * so no entity expansion), bad character references, broken structure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/xmldoc.h"
#include "strbuf.h"
#include "tap.h"

static xmldoc *parse(const char *text, char *err)
{
    err[0] = '\0';
    return xmldoc_parse(text, strlen(text), err, 256);
}

/* text is refused, and the message says `why` */
static void refused(const char *text, const char *why, const char *name)
{
    char err[256];
    xmldoc *d = parse(text, err);
    tap_ok(!d && strstr(err, why), "%s: refused (%s)", name, err);
    xmldoc_free(d);
}

static void test_list_result(void)
{
    const char *text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Name>bkt</Name><Prefix></Prefix><KeyCount>2</KeyCount>"
        "<Contents><Key>a &amp; b&#x20;&#233;</Key><Size>3</Size></Contents>"
        "<!-- a comment --><Contents><Key><![CDATA[<raw>&]]></Key></Contents>"
        "<x:Other x:a='1' b=\"&lt;\"/></ListBucketResult>";
    char err[256];
    xmldoc *d = parse(text, err);
    tap_ok(d != NULL, "a ListBucketResult parses (%s)", err);
    const xmldoc_node *root = xmldoc_root(d);
    tap_is_str(root ? xmldoc_name(root) : "", "ListBucketResult", "the root element");
    tap_is_str(xmldoc_child_text(root, "Name"), "bkt", "a child's text");
    tap_is_str(xmldoc_child_text(root, "Prefix"), "", "an empty element has text \"\"");
    tap_ok(xmldoc_child_text(root, "Nope") == NULL, "a missing child is NULL");
    const xmldoc_node *c = xmldoc_child(root, "Contents");
    tap_is_str(xmldoc_child_text(c, "Key"), "a & b \xC3\xA9", "entities and references decoded");
    c = xmldoc_next(c, "Contents");
    tap_is_str(xmldoc_child_text(c, "Key"), "<raw>&", "CDATA kept as it is");
    tap_ok(xmldoc_next(c, "Contents") == NULL, "two Contents");
    const xmldoc_node *o = xmldoc_child(root, "Other");
    tap_ok(o && !strcmp(xmldoc_name(o), "x:Other") && !strcmp(xmldoc_local_name(o), "Other"),
           "a prefixed name is found by its local name");
    xmldoc_free(d);
}

static void test_limits(void)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (int i = 0; i < XMLDOC_MAX_DEPTH + 1; i++)
        strbuf_puts(&sb, "<a>");
    refused(strbuf_str(&sb), "deeper than", "nesting deeper than the bound");
    strbuf_reset(&sb);
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&sb, "<a>");
    refused(strbuf_str(&sb), "deeper than", "100,000 open elements (no recursion, no crash)");
    strbuf_reset(&sb);
    strbuf_puts(&sb, "<r>");
    for (int i = 0; i < XMLDOC_MAX_NODES; i++)
        strbuf_puts(&sb, "<e/>");
    strbuf_puts(&sb, "</r>");
    refused(strbuf_str(&sb), "more than", "more elements than the bound");
    strbuf_reset(&sb);
    strbuf_puts(&sb, "<r>");
    for (int i = 0; i < 4 * 1024 * 1024; i++)
        strbuf_putc(&sb, 'x');
    strbuf_puts(&sb, "</r>");
    char err[256];
    xmldoc *d = xmldoc_parse(strbuf_str(&sb), sb.len, err, sizeof err);
    tap_ok(d && xmldoc_text_len(xmldoc_root(d)) == 4u * 1024 * 1024,
           "4 MiB of text is read whole (text never outgrows its input)");
    xmldoc_free(d);
    strbuf_reset(&sb);
    strbuf_putc(&sb, '<');
    for (int i = 0; i < XMLDOC_MAX_NAME + 1; i++)
        strbuf_putc(&sb, 'n');
    strbuf_putc(&sb, '>');
    refused(strbuf_str(&sb), "longer than", "a name over the bound");
    strbuf_cleanup(&sb);
    tap_ok(xmldoc_parse("<a/>", (size_t)XMLDOC_MAX_INPUT + 1, err, sizeof err) == NULL &&
           strstr(err, "longer than"), "input over the bound is refused before reading it");
}

static void test_bad_input(void)
{
    refused("<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><r>&b;</r>", "DOCTYPE",
            "a DOCTYPE (entity expansion) is refused");
    refused("<r>&nbsp;</r>", "an entity other than", "an unknown entity");
    refused("<r>&amp</r>", "an entity other than", "an entity without ';'");
    refused("<r>&#xD800;</r>", "character reference", "a surrogate reference");
    refused("<r>&#x110000;</r>", "character reference", "a reference past U+10FFFF");
    refused("<r>&#0;</r>", "character reference", "a NUL reference");
    refused("<r>&#99999999999;</r>", "character reference", "a reference with too many digits");
    refused("<r>&#x;</r>", "character reference", "a reference without digits");
    refused("<r a=\"&zz;\"/>", "an entity other than", "an unknown entity in an attribute");
    refused("<a><b></a></b>", "closes", "mismatched tags");
    refused("<a>", "not closed", "an unclosed element");
    refused("<a/><b/>", "second root", "two roots");
    refused("text<a/>", "outside the root", "text before the root");
    refused("<a/>tail", "outside the root", "text after the root");
    refused("", "no element", "an empty document");
    refused("<a><!-- x</a>", "comment is not closed", "an unclosed comment");
    refused("<a><![CDATA[x</a>", "CDATA section is not closed", "an unclosed CDATA");
    refused("<a b=c/>", "without quotes", "an unquoted attribute");
    refused("<a b=\"<\"/>", "'<' in an attribute", "'<' in an attribute value");
    refused("<a b=\"x/>", "not closed", "an unclosed attribute value");
    refused("<a b=\"&lt;", "not closed", "input ending after an entity in an attribute (fuzz)");
    refused("</a>", "no element open", "a closing tag first");
    refused("<1a/>", "name was expected", "a name starting with a digit");
    char err[256];
    tap_ok(xmldoc_parse("<a>x\0y</a>", 10, err, sizeof err) == NULL && strstr(err, "NUL"),
           "a NUL byte is refused (%s)", err);
    tap_ok(strstr(err, "line 1") != NULL, "the message gives the line");
}

int main(void)
{
    test_list_result();
    test_limits();
    test_bad_input();
    return tap_done();
}
