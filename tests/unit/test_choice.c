/* Unit tests: Choice's StringMatches and Java-order string comparison. */
#include <string.h>

#include "choice.h"
#include "tap.h"

static void matches(const char *text, const char *pattern, bool want)
{
    tap_ok(choice_string_matches(text, strlen(text), pattern, strlen(pattern)) == want, "'%s' %s '%s'", text,
           want ? "matches" : "does not match", pattern);
}

static int cmp(const char *a, const char *b)
{
    int c = choice_compare_utf16(a, strlen(a), b, strlen(b));
    return c < 0 ? -1 : c > 0;
}

static int cmp2(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = choice_compare_utf16(a, alen, b, blen);
    return c < 0 ? -1 : c > 0;
}

int main(void)
{
    matches("log.txt", "*.txt", true);
    matches("log.txt", "*.TXT", false);
    matches("log.txt.bak", "*.txt", false);
    matches("", "*", true);
    matches("", "", true);
    matches("a", "", false);
    matches("abc", "a*b*c", true);
    matches("ac", "a*b*c", false);
    matches("a*c", "a\\*c", true);
    matches("abc", "a\\*c", false);
    matches("a\\c", "a\\\\c", true);
    matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*a*c", false);
    matches("test-2024-report.csv", "test-*-report.*", true);
    /* NUL is a character like any other, in the text and in the pattern */
    tap_ok(!choice_string_matches("a\0b", 3, "a", 1), "'a<NUL>b' does not match 'a'");
    tap_ok(choice_string_matches("a\0b", 3, "a\0*", 3), "'a<NUL>b' matches 'a<NUL>*'");
    tap_ok(!choice_string_matches("ab", 2, "a\0*", 3), "'ab' does not match 'a<NUL>*'");
    tap_ok(choice_string_matches("x\0", 2, "*", 1), "'x<NUL>' matches '*'");
    tap_is_int(cmp2("a\0b", 3, "a", 1), 1, "'a<NUL>b' sorts after 'a'");

    tap_is_int(cmp("a", "b"), -1, "a < b");
    tap_is_int(cmp("abc", "ab"), 1, "longer is greater");
    tap_is_int(cmp("B", "a"), -1, "upper case sorts first");
    tap_is_int(cmp("\xc3\xa9", "z"), 1, "e-acute after z");
    /* U+FF5E (one UTF-16 unit, 0xFF5E) vs U+1F600 (surrogates from 0xD83D): Java puts the
     * emoji first, unlike a code point or UTF-8 byte comparison. */
    tap_is_int(cmp("\xf0\x9f\x98\x80", "\xef\xbd\x9e"), -1, "UTF-16 order for supplementary characters");
    tap_is_int(cmp("same", "same"), 0, "equal strings");
    return tap_done();
}
