/* Unit tests: the message log (ui/messages): bounded to the last MSG_LOG_MAX, each message
 * whole and numbered; and the wrapping the overlay and the watches use. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "ui/messages.h"

static void test_log(void)
{
    msg_log l;
    msglog_init(&l);
    tap_is_int((long long)msglog_count(&l), 0, "a new log is empty");
    tap_ok(msglog_at(&l, 0) == NULL, "nothing at 0");
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    msglog_add(&l, true, big);
    const msg_entry *e = msglog_at(&l, 0);
    tap_ok(e && strlen(e->text) == sizeof big - 1, "a long message is kept whole");
    tap_ok(e && e->error && e->number == 1, "with its kind and number");
    for (int i = 0; i < MSG_LOG_MAX + 9; i++) {
        char t[32];
        snprintf(t, sizeof t, "message %d", i);
        msglog_add(&l, false, t);
    }
    tap_is_int((long long)msglog_count(&l), MSG_LOG_MAX, "bounded: the last %d", MSG_LOG_MAX);
    tap_is_str(msglog_at(&l, 0)->text, "message 9", "the oldest went first");
    tap_is_str(msglog_at(&l, MSG_LOG_MAX - 1)->text, "message 508", "the newest is last");
    tap_is_int(msglog_at(&l, MSG_LOG_MAX - 1)->number, MSG_LOG_MAX + 10, "numbers count every message said");
    char *huge = malloc(MSG_TEXT_MAX + 10);
    memset(huge, 'y', MSG_TEXT_MAX + 9);
    memcpy(huge + MSG_TEXT_MAX - 1, "\xc3\xa9", 2); /* an é across the limit */
    huge[MSG_TEXT_MAX + 9] = '\0';
    msglog_add(&l, false, huge);
    tap_is_int((long long)strlen(msglog_at(&l, MSG_LOG_MAX - 1)->text), MSG_TEXT_MAX - 1,
               "past MSG_TEXT_MAX: cut on a character boundary");
    free(huge);
    msglog_free(&l);
    tap_is_int((long long)msglog_count(&l), 0, "freed: empty again");
}

static void test_wrap(void)
{
    tap_is_int((long long)msg_wrap_line("short", 10), 5, "a line that fits is whole");
    tap_is_int((long long)msg_wrap_line("one two three", 8), 7, "wraps at the last space that fits");
    tap_is_int((long long)msg_wrap_line("abcdefghij", 4), 4, "no space: as many characters as fit");
    tap_is_int((long long)msg_wrap_line("ab\ncd", 10), 2, "a line break ends the line");
    tap_is_int((long long)msg_wrap_line("\xc3\xa9\xc3\xa9\xc3\xa9", 2), 4, "characters, not bytes");
    tap_is_int((long long)msg_wrap_line("\xe6\xbc\xa2x", 1), 3, "a wide character alone still advances");
    tap_is_int(msg_wrap_count("", 10), 1, "an empty text is one line");
    tap_is_int(msg_wrap_count("one two three four", 8), 3, "one two / three / four");
    tap_is_int(msg_wrap_count("abcdefghij", 4), 3, "abcd / efgh / ij");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_log();
    test_wrap();
    return tap_done();
}
