/*
 * test_ui_jsontree — the one-line previews of the JSON tree (ui/jsontree jt_preview), which
 * every pane cuts to its room: the same value at the same room gives the same text whatever
 * the buffer held before (the inspector's rows once came out a character short under load:
 * the cut looked at a byte of the buffer past what it had written, left over from an earlier
 * frame), and a cut never splits a UTF-8 character.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "tap.h"
#include "ui/jsontree.h"

/* The CheckFraud result of fixtures/debugger-tour, as the inspector's Stages tab shows it. */
static const char *tour_result =
    "{\"StatusCode\":200,\"ExecutedVersion\":\"$LATEST\","
    "\"Payload\":{\"score\":12,\"model\":\"fraud-v3\",\"reasons\":[]}}";

static jv *parse(const char *text)
{
    return jv_parse(text, strlen(text), 0, NULL);
}

/* jt_preview of v at max into a buffer first filled with fill. */
static void preview_over(const jv *v, size_t max, int fill, char *out, size_t outn)
{
    char buf[256];
    memset(buf, fill, sizeof buf);
    jt_preview(v, buf, max);
    snprintf(out, outn, "%s", buf);
}

/* The length of the valid UTF-8 prefix of s: strlen(s) when all of it is valid. */
static size_t utf8_valid_prefix(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (u[i]) {
        size_t n = u[i] < 0x80 ? 1 : (u[i] & 0xE0) == 0xC0 ? 2 : (u[i] & 0xF0) == 0xE0 ? 3
                   : (u[i] & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return i;
        for (size_t k = 1; k < n; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return i;
        i += n;
    }
    return i;
}

/* The inspector's row at 140x40: room 51 cells, so max 54 bytes; 50 of JSON, then "…". */
static void test_inspector_row(void)
{
    jv *v = parse(tour_result);
    const char *want = "{\"StatusCode\":200,\"ExecutedVersion\":\"$LATEST\",\"Pay\xe2\x80\xa6";
    char clean[256], dirty[256];
    preview_over(v, 54, 0, clean, sizeof clean);
    tap_is_str(clean, want, "the CheckFraud result at room 51: 50 bytes, then …");
    preview_over(v, 54, 0x80, dirty, sizeof dirty);
    tap_is_str(dirty, want, "the same over a buffer of continuation bytes (not a character short)");
    /* the frame before left a row cut one byte shorter in the same buffer: its "…" (e2 80 a6)
     * sits where this cut ends; the next row must not follow it */
    char buf[256];
    memset(buf, 0, sizeof buf);
    jt_preview(v, buf, 53);
    jt_preview(v, buf, 54);
    tap_is_str(buf, want, "the same after a shorter preview in the same buffer");
    jv_unref(v);
}

/* Every room, every value, three fillings of the buffer: one text, valid UTF-8. */
static void test_every_room(void)
{
    const char *docs[] = {
        tour_result,
        "{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}",
        "\"\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92"
        "\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\xe2\x86\x92\"",
        "{\"\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\":\"\xd0\xb7\xd0\xbd\xd0\xb0\xd1\x87\xd0\xb5\xd0\xbd"
        "\xd0\xb8\xd0\xb5\",\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\":[\"\xf0\x9f\x98\x80\"]}",
    };
    int fills[] = {0, 0x80, 0xBF, 0xFF};
    int differ = 0, broken = 0;
    for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
        jv *v = parse(docs[d]);
        char *full = jv_dump_string(v, 0);
        for (size_t max = 8; max < 80; max++) {
            char first[256], got[256];
            preview_over(v, max, fills[0], first, sizeof first);
            for (size_t f = 1; f < sizeof fills / sizeof *fills; f++) {
                preview_over(v, max, fills[f], got, sizeof got);
                if (strcmp(got, first) && differ++ == 0)
                    tap_diag("doc %zu max %zu fill %#x: '%s', over zeros '%s'", d, max,
                             fills[f], got, first);
            }
            size_t len = strlen(first);
            bool cut = len >= 3 && !strcmp(first + len - 3, "\xe2\x80\xa6") && strcmp(full, first);
            size_t body = cut ? len - 3 : len;
            bool ok = utf8_valid_prefix(first) == len && len < max &&
                      (cut ? !strncmp(first, full, body) : !strcmp(first, full));
            if (!ok && broken++ == 0)
                tap_diag("doc %zu max %zu: '%s' (of '%s')", d, max, first, full);
        }
        free(full);
        jv_unref(v);
    }
    tap_is_int(differ, 0, "the same preview whatever the buffer held (4 values, max 8..79)");
    tap_is_int(broken, 0, "each is valid UTF-8 under max bytes: the value, or a prefix of it and …");
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    test_inspector_row();
    test_every_room();
    return tap_done();
}
