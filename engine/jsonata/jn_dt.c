/* jn_dt — JSONata date/time and integer formatting. See jn_dt.h. A port of the reference's
 * src/datetime.js: the same picture analysis, the same calendar arithmetic (proleptic
 * Gregorian, UTC, as JavaScript's Date), the same quirks. */
#include "jn_dt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jn_re.h"
#include "numfmt.h"

enum { F_DECIMAL, F_LETTERS, F_ROMAN, F_WORDS, F_SEQUENCE };
enum { C_LOWER, C_UPPER, C_TITLE };

#define JN_DT_MAX_SEPS 32
#define JN_MS_DAY 86400000.0

typedef struct {
    int primary, tcase;
    bool ordinal;
    uint32_t zero;
    int mandatory, optional;
    bool regular;
    int reg_pos;
    uint32_t reg_char;
    struct {
        int pos;
        uint32_t ch;
    } seps[JN_DT_MAX_SEPS];
    int nseps;
    char token[64];
    int n;              /* year digits to keep (-1: all) */
} jn_ifmt;

static const char *const jn_few[] = {
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
static const char *const jn_ordinals[] = {
    "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
    "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth",
    "Eighteenth", "Nineteenth"};
static const char *const jn_decades[] = {"Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy",
                                         "Eighty", "Ninety", "Hundred"};
static const char *const jn_magnitudes[] = {"Thousand", "Million", "Billion", "Trillion"};
static const char *const jn_days[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                      "Saturday", "Sunday"};
static const char *const jn_months[] = {"January", "February", "March", "April", "May", "June",
                                        "July", "August", "September", "October", "November", "December"};
static const uint32_t jn_decimal_groups[] = {
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

/* ---- words ---- */

static void jn_words(strbuf *sb, double num, bool prev, bool ord)
{
    if (num <= 19) {
        if (prev)
            strbuf_puts(sb, " and ");
        strbuf_puts(sb, ord ? jn_ordinals[(int)num] : jn_few[(int)num]);
    } else if (num < 100) {
        int tens = (int)floor(num / 10), rem = (int)fmod(num, 10);
        if (prev)
            strbuf_puts(sb, " and ");
        const char *d = jn_decades[tens - 2];
        if (rem > 0) {
            strbuf_puts(sb, d);
            strbuf_putc(sb, '-');
            jn_words(sb, rem, false, ord);
        } else if (ord) {
            strbuf_append(sb, d, strlen(d) - 1);
            strbuf_puts(sb, "ieth");
        } else {
            strbuf_puts(sb, d);
        }
    } else if (num < 1000) {
        int hundreds = (int)floor(num / 100);
        double rem = fmod(num, 100);
        if (prev)
            strbuf_puts(sb, ", ");
        strbuf_puts(sb, jn_few[hundreds]);
        strbuf_puts(sb, " Hundred");
        if (rem > 0)
            jn_words(sb, rem, true, ord);
        else if (ord)
            strbuf_puts(sb, "th");
    } else {
        int mag = (int)floor(log10(num) / 3);
        if (mag > 4)
            mag = 4;
        double factor = pow(10, mag * 3);
        double mant = floor(num / factor);
        double rem = num - mant * factor;
        if (prev)
            strbuf_puts(sb, ", ");
        jn_words(sb, mant, false, false);
        strbuf_putc(sb, ' ');
        strbuf_puts(sb, jn_magnitudes[mag - 1]);
        if (rem > 0)
            jn_words(sb, rem, true, ord);
        else if (ord)
            strbuf_puts(sb, "th");
    }
}

static double jn_word_value(const char *w, size_t n)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return NAN;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    buf[n] = 0;
    for (int i = 0; i < 20; i++) {
        char l[32];
        snprintf(l, sizeof l, "%s", jn_few[i]);
        l[0] = (char)(l[0] + 32);
        if (!strcmp(l, buf))
            return i;
        snprintf(l, sizeof l, "%s", jn_ordinals[i]);
        l[0] = (char)(l[0] + 32);
        if (!strcmp(l, buf))
            return i;
    }
    for (int i = 0; i < 9; i++) {
        char l[32];
        snprintf(l, sizeof l, "%s", jn_decades[i]);
        l[0] = (char)(l[0] + 32);
        if (!strcmp(l, buf))
            return (i + 2) * 10;
        size_t ln = strlen(l);
        l[ln - 1] = 0;
        strcat(l, "ieth");
        if (!strcmp(l, buf))
            return (i + 2) * 10;
    }
    if (!strcmp(buf, "hundredth"))
        return 100;
    for (int i = 0; i < 4; i++) {
        char l[32];
        snprintf(l, sizeof l, "%s", jn_magnitudes[i]);
        l[0] = (char)(l[0] + 32);
        double v = pow(10, (i + 1) * 3);
        if (!strcmp(l, buf))
            return v;
        strcat(l, "th");
        if (!strcmp(l, buf))
            return v;
    }
    return NAN;
}

/* wordsToNumber: split on ", ", " and ", whitespace and '-' */
static double jn_words_to_number(const char *s, size_t n)
{
    double segs[64];
    int nseg = 1;
    segs[0] = 0;
    size_t i = 0;
    while (i <= n) {
        size_t st = i;
        while (i < n && s[i] != ' ' && s[i] != '-' && s[i] != ',' && s[i] != '\t')
            i++;
        size_t wl = i - st;
        /* separators: ", " | " and " | single space/dash */
        if (i < n && s[i] == ',' && i + 1 < n && s[i + 1] == ' ')
            i += 2;
        else if (i + 4 < n + 0 && !strncmp(s + i, " and ", 5))
            i += 5;
        else
            i++;
        double v = jn_word_value(s + st, wl);
        if (wl == 0)
            v = NAN;
        if (isnan(v) && wl == 0)
            continue;
        if (v < 100 || isnan(v)) {
            double top = segs[--nseg];
            if (top >= 1000) {
                segs[nseg++] = top;
                top = 0;
            }
            if (nseg < 63)
                segs[nseg++] = top + v;
        } else {
            segs[nseg - 1] *= v;
        }
    }
    double r = 0;
    for (int k = 0; k < nseg; k++)
        r += segs[k];
    return r;
}

/* ---- integer pictures ---- */

static void jn_u32_decode(const char *s, size_t n, uint32_t *out, size_t *nout, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max;)
        out[k++] = jn_utf8_next(s, n, &i);
    *nout = k;
}

static void jn_analyse_integer(jn_ctx *c, const char *pic, size_t len, jn_ifmt *f)
{
    memset(f, 0, sizeof *f);
    f->primary = F_DECIMAL;
    f->tcase = C_LOWER;
    f->n = -1;
    size_t plen = len;
    for (size_t i = len; i-- > 0;)
        if (pic[i] == ';') {
            plen = i;
            if (i + 1 < len && pic[i + 1] == 'o')
                f->ordinal = true;
            break;
        }
    if (plen == 1 && (pic[0] == 'A' || pic[0] == 'a')) {
        f->tcase = pic[0] == 'A' ? C_UPPER : C_LOWER;
        f->primary = F_LETTERS;
        return;
    }
    if (plen == 1 && (pic[0] == 'I' || pic[0] == 'i')) {
        f->tcase = pic[0] == 'I' ? C_UPPER : C_LOWER;
        f->primary = F_ROMAN;
        return;
    }
    if (plen == 1 && pic[0] == 'W') {
        f->tcase = C_UPPER;
        f->primary = F_WORDS;
        return;
    }
    if (plen == 2 && !strncmp(pic, "Ww", 2)) {
        f->tcase = C_TITLE;
        f->primary = F_WORDS;
        return;
    }
    if (plen == 1 && pic[0] == 'w') {
        f->primary = F_WORDS;
        return;
    }
    uint32_t cps[256];
    size_t ncp;
    jn_u32_decode(pic, plen, cps, &ncp, 256);
    bool have_zero = false;
    int seppos = 0;
    for (size_t k = ncp; k-- > 0;) {
        uint32_t cp = cps[k];
        bool digit = false;
        for (size_t g = 0; g < sizeof jn_decimal_groups / sizeof jn_decimal_groups[0]; g++) {
            uint32_t grp = jn_decimal_groups[g];
            if (cp >= grp && cp <= grp + 9) {
                digit = true;
                f->mandatory++;
                seppos++;
                if (!have_zero) {
                    f->zero = grp;
                    have_zero = true;
                } else if (grp != f->zero) {
                    jn_throw(c, "D3131", -1);
                }
                break;
            }
        }
        if (!digit) {
            if (cp == '#') {
                seppos++;
                f->optional++;
            } else if (f->nseps < JN_DT_MAX_SEPS) {
                f->seps[f->nseps].pos = seppos;
                f->seps[f->nseps].ch = cp;
                f->nseps++;
            }
        }
    }
    if (f->mandatory == 0) {
        f->primary = F_SEQUENCE;
        snprintf(f->token, sizeof f->token, "%.*s", (int)plen, pic);
        return;
    }
    if (f->nseps > 0) {
        bool same = true;
        for (int i = 1; i < f->nseps; i++)
            if (f->seps[i].ch != f->seps[0].ch)
                same = false;
        if (same) {
            int factor = f->seps[0].pos;
            for (int i = 1; i < f->nseps; i++) {
                int a = factor, b = f->seps[i].pos;
                while (b) {
                    int t = a % b;
                    a = b;
                    b = t;
                }
                factor = a;
            }
            bool regular = factor > 0;
            for (int k = 1; regular && k <= f->nseps; k++) {
                bool found = false;
                for (int i = 0; i < f->nseps; i++)
                    if (f->seps[i].pos == k * factor)
                        found = true;
                regular = found;
            }
            if (regular) {
                f->regular = true;
                f->reg_pos = factor;
                f->reg_char = f->seps[0].ch;
            }
        }
    }
}

static void jn_roman(strbuf *sb, double v, bool upper)
{
    static const struct { int v; const char *s; } tab[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
        {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
    int guard = 0;
    while (v >= 1 && guard++ < 100000) {
        for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
            if (v >= tab[i].v) {
                for (const char *p = tab[i].s; *p; p++)
                    strbuf_putc(sb, upper ? (char)(*p - 32) : *p);
                v -= tab[i].v;
                break;
            }
        }
    }
}

static void jn_letters(strbuf *sb, double v, char a)
{
    char tmp[64];
    int n = 0;
    while (v > 0 && n < 63) {
        tmp[n++] = (char)(fmod(v - 1, 26) + a);
        v = floor((v - 1) / 26);
    }
    while (n > 0)
        strbuf_putc(sb, tmp[--n]);
}

static void jn_case_ascii(char *s, size_t n, int tcase)
{
    for (size_t i = 0; i < n; i++) {
        if (tcase == C_UPPER && s[i] >= 'a' && s[i] <= 'z')
            s[i] = (char)(s[i] - 32);
        else if (tcase == C_LOWER && s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] + 32);
    }
}

static void jn_format_int(jn_ctx *c, double value, jn_ifmt *f, strbuf *out)
{
    bool neg = value < 0;
    value = fabs(value);
    if (f->primary == F_SEQUENCE)
        jn_throw_v(c, "D3130", -1, jn_str_copy(c->h, f->token, strlen(f->token)));
    if (f->primary == F_ROMAN && value > 1e6)
        jn_throw(c, "D3130", -1);
    if (neg)
        strbuf_putc(out, '-');
    /* written straight into out: no temporary buffer to lose if something throws */
    strbuf *sbp = out;
    size_t start = out->len;
    switch (f->primary) {
    case F_LETTERS:
        jn_letters(sbp, value, f->tcase == C_UPPER ? 'A' : 'a');
        break;
    case F_ROMAN:
        jn_roman(sbp, value, f->tcase == C_UPPER);
        break;
    case F_WORDS:
        jn_words(sbp, value, false, f->ordinal);
        if (f->tcase != C_TITLE && sbp->buf)
            jn_case_ascii(sbp->buf + start, sbp->len - start, f->tcase);
        break;
    case F_DECIMAL: {
        char num[NUMFMT_BUFSZ];
        numfmt_double(value, num);
        uint32_t d[512];
        size_t n = 0;
        int pad = f->mandatory - (int)strlen(num);
        for (int i = 0; i < pad && n < 256; i++)
            d[n++] = '0';
        for (char *p = num; *p && n < 300; p++)
            d[n++] = (uint32_t)*p;
        if (f->zero != 0x30)
            for (size_t i = 0; i < n; i++)
                if (d[i] >= '0' && d[i] <= '9')
                    d[i] = d[i] - '0' + f->zero;
        if (f->regular) {
            int groups = (int)((n - 1) / (size_t)f->reg_pos);
            for (int ii = groups; ii > 0 && n < 500; ii--) {
                size_t pos = n - (size_t)(ii * f->reg_pos);
                memmove(d + pos + 1, d + pos, (n - pos) * sizeof(uint32_t));
                d[pos] = f->reg_char;
                n++;
            }
        } else {
            for (int k = f->nseps - 1; k >= 0 && n < 500; k--) {
                long pos = (long)n - f->seps[k].pos;
                if (pos < 0)
                    pos = 0;
                memmove(d + pos + 1, d + pos, (n - (size_t)pos) * sizeof(uint32_t));
                d[pos] = f->seps[k].ch;
                n++;
            }
        }
        for (size_t i = 0; i < n; i++)
            strbuf_put_utf8(sbp, d[i]);
        if (f->ordinal) {
            const char *suffix = "th";
            uint32_t last = n ? d[n - 1] : 0;
            if (last == '1') suffix = "st";
            else if (last == '2') suffix = "nd";
            else if (last == '3') suffix = "rd";
            if (n > 1 && d[n - 2] == '1')
                suffix = "th";
            strbuf_puts(sbp, suffix);
        }
        break;
    }
    default:
        break;
    }
}

jn_val jn_dt_format_integer(jn_ctx *c, double value, jn_val picture)
{
    jn_ifmt f;
    jn_analyse_integer(c, picture.u.s, picture.len, &f);
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    jn_format_int(c, floor(value), &f, &sb);
    jn_val r = jn_str_copy(c->h, strbuf_str(&sb), sb.len);
    jn_sb_release(c, &sb);
    return r;
}

static double jn_parse_int_with(const jn_ifmt *f, const char *s, size_t n)
{
    switch (f->primary) {
    case F_LETTERS: {
        double d = 0;
        char a = f->tcase == C_UPPER ? 'A' : 'a';
        for (size_t i = 0; i < n; i++)
            d += (s[n - i - 1] - a + 1) * pow(26, (double)i);
        return d;
    }
    case F_ROMAN: {
        double d = 0, max = 1;
        for (size_t i = n; i-- > 0;) {
            char ch = s[i];
            if (ch >= 'a' && ch <= 'z')
                ch = (char)(ch - 32);
            double v = ch == 'M' ? 1000 : ch == 'D' ? 500 : ch == 'C' ? 100 : ch == 'L' ? 50
                     : ch == 'X' ? 10 : ch == 'V' ? 5 : ch == 'I' ? 1 : NAN;
            if (v < max) {
                d -= v;
            } else {
                max = v;
                d += v;
            }
        }
        return d;
    }
    case F_WORDS: {
        char *low = engine_malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
        low[n] = 0;
        double v = jn_words_to_number(low, n);
        engine_free(low);
        return v;
    }
    case F_DECIMAL: {
        size_t len = n;
        if (f->ordinal && len >= 2)
            len -= 2;
        double v = 0;
        bool any = false;
        for (size_t i = 0; i < len;) {
            uint32_t cp = jn_utf8_next(s, len, &i);
            if (f->regular ? cp == ',' : false)
                continue;
            bool sep = false;
            for (int k = 0; k < f->nseps; k++)
                if (!f->regular && f->seps[k].ch == cp)
                    sep = true;
            if (sep)
                continue;
            uint32_t d = cp - f->zero + '0';
            if (d < '0' || d > '9')
                break;   /* parseInt stops at the first non-digit */
            v = v * 10 + (d - '0');
            any = true;
        }
        return any ? v : NAN;
    }
    default:
        return NAN;
    }
}

jn_val jn_dt_parse_integer(jn_ctx *c, jn_val str, jn_val picture)
{
    jn_ifmt f;
    jn_analyse_integer(c, picture.u.s, picture.len, &f);
    if (f.primary == F_SEQUENCE)
        jn_throw_v(c, "D3130", -1, jn_str_copy(c->h, f.token, strlen(f.token)));
    return jn_num(jn_parse_int_with(&f, str.u.s, str.len));
}

/* ---- calendar (proleptic Gregorian, as JavaScript's Date) ---- */

static double jn_days_from_civil(double y, double m, double d)
{
    y -= m <= 2;
    double era = floor(y / 400);
    double yoe = y - era * 400;
    double mp = fmod(m + 9, 12);
    double doy = floor((153 * mp + 2) / 5) + d - 1;
    double doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

typedef struct {
    double year, month, day;   /* month 0-11 */
    double hour, minute, second, ms;
    double wday;               /* 0 Sunday */
    double t;
} jn_tm;

static jn_tm jn_tm_of(double t)
{
    jn_tm r;
    double days = floor(t / JN_MS_DAY);
    double msday = t - days * JN_MS_DAY;
    double z = days + 719468;
    double era = floor(z / 146097);
    double doe = z - era * 146097;
    double yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
    double y = yoe + era * 400;
    double doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
    double mp = floor((5 * doy + 2) / 153);
    double d = doy - floor((153 * mp + 2) / 5) + 1;
    double m = mp < 10 ? mp + 3 : mp - 9;
    r.year = y + (m <= 2);
    r.month = m - 1;
    r.day = d;
    r.hour = floor(msday / 3600000);
    r.minute = floor(fmod(msday, 3600000) / 60000);
    r.second = floor(fmod(msday, 60000) / 1000);
    r.ms = fmod(msday, 1000);
    r.wday = fmod(fmod(days + 4, 7) + 7, 7);
    r.t = t;
    return r;
}

/* Date.UTC: months and days may overflow; years 0-99 mean 1900-1999 */
static double jn_date_utc(double y, double m, double d, double h, double mi, double s, double ms)
{
    if (y >= 0 && y <= 99 && floor(y) == y)
        y += 1900;
    double ym = y + floor(m / 12);
    double mn = fmod(fmod(m, 12) + 12, 12);
    double days = jn_days_from_civil(ym, mn + 1, 1) + d - 1;
    return days * JN_MS_DAY + h * 3600000 + mi * 60000 + s * 1000 + ms;
}

static double jn_start_of_first_week(double year, double month)
{
    double jan1 = jn_date_utc(year, month, 1, 0, 0, 0, 0);
    double dow = jn_tm_of(jan1).wday;
    if (dow == 0)
        dow = 7;
    return dow > 4 ? jan1 + (8 - dow) * JN_MS_DAY : jan1 - (dow - 1) * JN_MS_DAY;
}

static double jn_delta_weeks(double start, double end) { return (end - start) / (JN_MS_DAY * 7) + 1; }

/* getDateTimeFragment for the numeric components; 'P' gives 0 am / 1 pm */
static double jn_fragment(const jn_tm *d, char comp)
{
    switch (comp) {
    case 'Y': return d->year;
    case 'M': return d->month + 1;
    case 'D': return d->day;
    case 'd': {
        double today = jn_date_utc(d->year, d->month, d->day, 0, 0, 0, 0);
        double first = jn_date_utc(d->year, 0, 1, 0, 0, 0, 0);
        return (today - first) / JN_MS_DAY + 1;
    }
    case 'F': return d->wday == 0 ? 7 : d->wday;
    case 'W': {
        double start = jn_start_of_first_week(d->year, 0);
        double today = jn_date_utc(d->year, d->month, d->day, 0, 0, 0, 0);
        double week = jn_delta_weeks(start, today);
        if (week > 52) {
            if (today >= jn_start_of_first_week(d->year + 1, 0))
                week = 1;
        } else if (week < 1) {
            week = jn_delta_weeks(jn_start_of_first_week(d->year - 1, 0), today);
        }
        return floor(week);
    }
    case 'w': {
        double start = jn_start_of_first_week(d->year, d->month);
        double today = jn_date_utc(d->year, d->month, d->day, 0, 0, 0, 0);
        double week = jn_delta_weeks(start, today);
        if (week > 4) {
            double ny = d->month == 11 ? d->year + 1 : d->year, nm = d->month == 11 ? 0 : d->month + 1;
            if (today >= jn_start_of_first_week(ny, nm))
                week = 1;
        } else if (week < 1) {
            double py = d->month == 0 ? d->year - 1 : d->year, pm = d->month == 0 ? 11 : d->month - 1;
            week = jn_delta_weeks(jn_start_of_first_week(py, pm), today);
        }
        return floor(week);
    }
    case 'X': {
        double start = jn_start_of_first_week(d->year, 0), end = jn_start_of_first_week(d->year + 1, 0);
        if (d->t < start)
            return d->year - 1;
        if (d->t >= end)
            return d->year + 1;
        return d->year;
    }
    case 'x': {
        double start = jn_start_of_first_week(d->year, d->month);
        double ny = d->month == 11 ? d->year + 1 : d->year, nm = d->month == 11 ? 0 : d->month + 1;
        double end = jn_start_of_first_week(ny, nm);
        if (d->t < start)
            return (d->month == 0 ? 11 : d->month - 1) + 1;
        if (d->t >= end)
            return nm + 1;
        return d->month + 1;
    }
    case 'H': return d->hour;
    case 'h': {
        double h = fmod(d->hour, 12);
        return h == 0 ? 12 : h;
    }
    case 'P': return d->hour >= 12 ? 1 : 0;
    case 'm': return d->minute;
    case 's': return d->second;
    case 'f': return d->ms;
    default: return NAN;
    }
}

/* ---- date/time pictures ---- */

typedef struct {
    bool literal;
    char *text;             /* literal text */
    size_t tlen;
    char comp;
    const char *pres1;      /* first presentation modifier, in the heap */
    char pres2;
    bool has_width;
    int wmin, wmax;         /* -1: unspecified */
    int names;              /* -1 none, else C_* */
    bool has_int;
    jn_ifmt ifmt;
    int n;
} jn_dtpart;

typedef struct {
    jn_dtpart *parts;
    int n;
} jn_dtspec;

static int jn_parse_width(const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '*'))
        return -1;
    int v = 0;
    bool any = false;
    for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (s[i] - '0');
        any = true;
        if (v > 1000)
            v = 1000;
    }
    return any ? v : -1;
}

static const char *jn_default_pres(char comp)
{
    switch (comp) {
    case 'Y': case 'M': case 'D': case 'd': case 'W': case 'w': case 'X': case 'x':
    case 'H': case 'h': case 'f':
        return "1";
    case 'F': case 'P': case 'C': case 'E':
        return "n";
    case 'm': case 's':
        return "01";
    case 'Z': case 'z':
        return "01:01";
    default:
        return NULL;
    }
}

/* A new part at the end of the spec: zeroed, with no names, width or year digits. */
static jn_dtpart *jn_new_part(jn_ctx *c, jn_dtspec *sp, int *cap)
{
    if (sp->n == *cap) {
        *cap *= 2;
        jn_dtpart *np = jn_alloc(c->h, (size_t)*cap * sizeof *np);
        memcpy(np, sp->parts, (size_t)sp->n * sizeof *np);
        sp->parts = np;
    }
    jn_dtpart *p = &sp->parts[sp->n++];
    memset(p, 0, sizeof *p);
    p->names = -1;
    p->wmin = p->wmax = -1;
    p->n = -1;
    return p;
}

static void jn_add_literal(jn_ctx *c, jn_dtspec *sp, int *cap, const char *s, size_t n)
{
    if (n == 0)
        return;
    jn_dtpart *p = jn_new_part(c, sp, cap);
    p->literal = true;
    /* ']]' becomes ']' */
    char *t = jn_alloc(c->h, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        t[k++] = s[i];
        if (s[i] == ']' && i + 1 < n && s[i + 1] == ']')
            i++;
    }
    t[k] = 0;
    p->text = t;
    p->tlen = k;
}

/* The text between '[' and ']' without its whitespace (JSONata ignores it), in the heap. */
static char *jn_marker_text(jn_ctx *c, const char *s, size_t n)
{
    char *m = jn_alloc(c->h, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            m[k++] = s[i];
    m[k] = 0;
    return m;
}

/* The presentation modifiers (pres1 and the trailing a/t/c/o as pres2), or the component's
 * default when the marker has none. */
static void jn_marker_presentation(jn_ctx *c, jn_dtpart *p, const char *pres, size_t pl)
{
    if (pl > 1 && strchr("atco", pres[pl - 1])) {
        p->pres2 = pres[pl - 1];
        pl--;
    }
    if (pl > 0) {
        p->pres1 = jn_strndup(c->h, pres, pl);
        return;
    }
    p->pres1 = jn_default_pres(p->comp);
    if (!p->pres1) {
        char v[2] = {p->comp, 0};
        jn_throw_v(c, "D3132", -1, jn_str_copy(c->h, v, 1));
    }
}

/* A variable marker's component, presentation modifiers and width ("Y0001,2-4"). */
static void jn_parse_marker(jn_ctx *c, jn_dtpart *p, const char *s, size_t n)
{
    const char *marker = jn_marker_text(c, s, n);
    size_t mn = strlen(marker);
    p->comp = marker[0];
    const char *comma = strrchr(marker, ',');
    if (!comma || mn == 0) {
        jn_marker_presentation(c, p, mn > 0 ? marker + 1 : "", mn > 0 ? mn - 1 : 0);
        return;
    }
    const char *wm = comma + 1;
    const char *dash = strchr(wm, '-');
    p->has_width = true;
    if (!dash) {
        p->wmin = jn_parse_width(wm, strlen(wm));
    } else {
        p->wmin = jn_parse_width(wm, (size_t)(dash - wm));
        p->wmax = jn_parse_width(dash + 1, strlen(dash + 1));
    }
    jn_marker_presentation(c, p, marker + 1, comma > marker ? (size_t)(comma - marker - 1) : 0);
}

/* The integer picture of a numeric component: pres1, and ";o" etc. for a pres2. */
static const char *jn_integer_picture(jn_ctx *c, const jn_dtpart *p)
{
    size_t n = strlen(p->pres1);
    char *ip = jn_alloc(c->h, n + 3);
    memcpy(ip, p->pres1, n);
    if (p->pres2) {
        ip[n++] = ';';
        ip[n++] = p->pres2;
    }
    ip[n] = 0;
    return ip;
}

static jn_dtspec jn_analyse_datetime(jn_ctx *c, const char *pic, size_t len)
{
    jn_dtspec sp;
    int cap = 8;
    sp.parts = jn_alloc(c->h, (size_t)cap * sizeof(jn_dtpart));
    sp.n = 0;
    size_t start = 0, pos = 0;
    while (pos < len) {
        if (pic[pos] == '[') {
            if (pos + 1 < len && pic[pos + 1] == '[') {
                jn_add_literal(c, &sp, &cap, pic + start, pos - start);
                jn_add_literal(c, &sp, &cap, "[", 1);
                pos += 2;
                start = pos;
                continue;
            }
            jn_add_literal(c, &sp, &cap, pic + start, pos - start);
            start = pos;
            const char *close = memchr(pic + start, ']', len - start);
            if (!close)
                jn_throw(c, "D3135", -1);
            pos = (size_t)(close - pic);
            jn_dtpart *p = jn_new_part(c, &sp, &cap);
            jn_parse_marker(c, p, pic + start + 1, pos - start - 1);
            if (p->pres1[0] == 'n') {
                p->names = C_LOWER;
            } else if (p->pres1[0] == 'N') {
                p->names = p->pres1[1] == 'n' ? C_TITLE : C_UPPER;
            } else if (p->comp && strchr("YMDdFWwXxHhmsf", p->comp)) {
                const char *ip = jn_integer_picture(c, p);
                jn_analyse_integer(c, ip, strlen(ip), &p->ifmt);
                p->has_int = true;
                if (p->has_width && p->wmin >= 0 && p->ifmt.mandatory < p->wmin)
                    p->ifmt.mandatory = p->wmin;
                if (p->comp == 'Y') {
                    p->n = -1;
                    if (p->has_width && p->wmax >= 0) {
                        p->n = p->wmax;
                        p->ifmt.mandatory = p->n;
                    } else {
                        int w = p->ifmt.mandatory + p->ifmt.optional;
                        if (w >= 2)
                            p->n = w;
                    }
                }
            }
            if (p->comp == 'Z' || p->comp == 'z') {
                jn_analyse_integer(c, p->pres1, strlen(p->pres1), &p->ifmt);
                p->has_int = true;
            }
            if (!p->comp || !strchr("YMDdFWwXxHhPmsfZzCE", p->comp)) {
                char v[2] = {p->comp, 0};
                jn_throw_v(c, "D3132", -1, jn_str_copy(c->h, v, 1));
            }
            start = pos + 1;
        }
        pos++;
    }
    jn_add_literal(c, &sp, &cap, pic + start, pos > start ? pos - start : 0);
    return sp;
}

static void jn_put_name(strbuf *sb, const char *name, int tcase, int wmax)
{
    size_t n = strlen(name);
    char buf[32];
    snprintf(buf, sizeof buf, "%s", name);
    if (tcase == C_UPPER || tcase == C_LOWER)
        jn_case_ascii(buf, n, tcase);
    if (wmax >= 0 && (int)n > wmax)
        n = (size_t)wmax;
    strbuf_append(sb, buf, n);
}

jn_val jn_dt_from_millis(jn_ctx *c, double millis, jn_val picture, jn_val tz)
{
    double oh = 0, om = 0;
    if (tz.t == JN_STR) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(tz.len < 31 ? tz.len : 31), tz.u.s);
        double off = (double)strtol(tmp, NULL, 10);
        oh = floor(off / 100);
        om = fmod(off, 100);
    }
    static const char iso[] = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";
    jn_dtspec sp = picture.t == JN_STR ? jn_analyse_datetime(c, picture.u.s, picture.len)
                                       : jn_analyse_datetime(c, iso, sizeof iso - 1);
    jn_tm d = jn_tm_of(millis + (oh * 60 + om) * 60000);
    strbuf sb;
    jn_sb_init(c, &sb, 1 << 20);
    for (int i = 0; i < sp.n; i++) {
        jn_dtpart *p = &sp.parts[i];
        if (p->literal) {
            strbuf_append(&sb, p->text, p->tlen);
            continue;
        }
        char comp = p->comp;
        if (strchr("YMDdFWwXxHhms", comp)) {
            double v = jn_fragment(&d, comp);
            if (comp == 'Y' && p->n != -1)
                v = fmod(v, pow(10, p->n));
            if (p->names >= 0) {
                if (comp == 'M' || comp == 'x')
                    jn_put_name(&sb, jn_months[(int)v - 1], p->names, p->wmax);
                else if (comp == 'F')
                    jn_put_name(&sb, jn_days[(int)v], p->names, p->wmax);
                else {
                    jn_sb_release(c, &sb);
                    char cv[2] = {comp, 0};
                    jn_throw_v(c, "D3133", -1, jn_str_copy(c->h, cv, 1));
                }
            } else {
                jn_format_int(c, v, &p->ifmt, &sb);
            }
        } else if (comp == 'f') {
            jn_format_int(c, jn_fragment(&d, 'f'), &p->ifmt, &sb);
        } else if (comp == 'Z' || comp == 'z') {
            double offset = oh * 100 + om;
            strbuf z;
            jn_sb_init(c, &z, 256);
            if (p->ifmt.regular) {
                jn_format_int(c, offset, &p->ifmt, &z);
            } else {
                int nd = p->ifmt.mandatory;
                if (nd == 1 || nd == 2) {
                    jn_format_int(c, oh, &p->ifmt, &z);
                    if (om != 0) {
                        jn_ifmt two;
                        jn_analyse_integer(c, "00", 2, &two);
                        strbuf_putc(&z, ':');
                        jn_format_int(c, om, &two, &z);
                    }
                } else if (nd == 3 || nd == 4) {
                    jn_format_int(c, offset, &p->ifmt, &z);
                } else {
                    jn_sb_release(c, &z);
                    jn_sb_release(c, &sb);
                    jn_throw_v(c, "D3134", -1, jn_num(nd));
                }
            }
            if (comp == 'z')
                strbuf_puts(&sb, "GMT");
            if (offset == 0 && p->pres2 == 't') {
                if (comp == 'z')
                    sb.len -= 3, sb.buf[sb.len] = 0;
                strbuf_putc(&sb, 'Z');
            } else {
                if (offset >= 0)
                    strbuf_putc(&sb, '+');
                strbuf_append(&sb, strbuf_str(&z), z.len);
            }
            jn_sb_release(c, &z);
        } else if (comp == 'P') {
            const char *ap = d.hour >= 12 ? "pm" : "am";
            jn_put_name(&sb, ap, p->names == C_UPPER ? C_UPPER : C_LOWER, -1);
        } else if (comp == 'C' || comp == 'E') {
            strbuf_puts(&sb, "ISO");
        }
    }
    jn_val r = jn_str_copy(c->h, strbuf_str(&sb), sb.len);
    jn_sb_release(c, &sb);
    return r;
}

/* ---- parsing timestamps ---- */

static void jn_re_escape(strbuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr(".*+?^${}()|[]\\/", s[i]))
            strbuf_putc(sb, '\\');
        strbuf_putc(sb, s[i]);
    }
}

static void jn_int_regex(strbuf *sb, const jn_ifmt *f, int n)
{
    switch (f->primary) {
    case F_LETTERS: strbuf_puts(sb, f->tcase == C_UPPER ? "[A-Z]+" : "[a-z]+"); break;
    case F_ROMAN: strbuf_puts(sb, f->tcase == C_UPPER ? "[MDCLXVI]+" : "[mdclxvi]+"); break;
    case F_WORDS:
        strbuf_puts(sb, "(?:");
        for (int i = 0; i < 20; i++)
            strbuf_printf(sb, "%c%s|", jn_few[i][0] + 32, jn_few[i] + 1);
        for (int i = 0; i < 20; i++)
            strbuf_printf(sb, "%c%s|", jn_ordinals[i][0] + 32, jn_ordinals[i] + 1);
        for (int i = 0; i < 9; i++) {
            strbuf_printf(sb, "%c%s|", jn_decades[i][0] + 32, jn_decades[i] + 1);
            strbuf_printf(sb, "%c%.*sieth|", jn_decades[i][0] + 32, (int)strlen(jn_decades[i]) - 2,
                          jn_decades[i] + 1);
        }
        strbuf_puts(sb, "hundredth|");
        for (int i = 0; i < 4; i++)
            strbuf_printf(sb, "%c%s|%c%sth|", jn_magnitudes[i][0] + 32, jn_magnitudes[i] + 1,
                          jn_magnitudes[i][0] + 32, jn_magnitudes[i] + 1);
        strbuf_puts(sb, "and|[\\-, ])+");
        break;
    case F_DECIMAL:
        /* a fixed-width pattern ([M00]) reads exactly that many digits, so adjacent
         * components without separators can be told apart */
        if (n <= 0 && f->mandatory >= 2 && f->optional == 0 && f->nseps == 0)
            n = f->mandatory;
        if (n > 0)
            strbuf_printf(sb, "[0-9]{%d}", n);
        else
            strbuf_puts(sb, "[0-9]+");
        if (f->ordinal)
            strbuf_puts(sb, "(?:th|st|nd|rd)");
        break;
    default:
        break;
    }
}

static double jn_name_value(const jn_dtpart *p, const char *s, size_t n)
{
    if (p->comp == 'M' || p->comp == 'x') {
        for (int i = 0; i < 12; i++) {
            size_t l = strlen(jn_months[i]);
            if (p->wmax > 0 && (size_t)p->wmax < l)
                l = (size_t)p->wmax;
            if (l == n && !strncmp(jn_months[i], s, n))
                return i + 1;
        }
    } else if (p->comp == 'F') {
        for (int i = 1; i < 8; i++) {
            size_t l = strlen(jn_days[i]);
            if (p->wmax > 0 && (size_t)p->wmax < l)
                l = (size_t)p->wmax;
            if (l == n && !strncmp(jn_days[i], s, n))
                return i;
        }
    } else if (p->comp == 'P') {
        if (n == 2 && (!strncmp(s, "am", 2) || !strncmp(s, "AM", 2)))
            return 0;
        if (n == 2 && (!strncmp(s, "pm", 2) || !strncmp(s, "PM", 2)))
            return 1;
    }
    return NAN;
}

static double jn_tz_value(const jn_dtpart *p, const char *s, size_t n)
{
    if (p->comp == 'z' && n >= 3) {
        s += 3;
        n -= 3;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 63 ? n : 63), s);
    double oh = 0, om = 0;
    bool sep = p->ifmt.regular;
    char *sc = sep ? strchr(tmp, (int)p->ifmt.reg_char) : NULL;
    if (sc) {
        *sc = 0;
        oh = (double)strtol(tmp, NULL, 10);
        om = (double)strtol(sc + 1, NULL, 10);
    } else if (strlen(tmp) - 1 <= 2) {
        oh = (double)strtol(tmp, NULL, 10);
    } else {
        char h[4] = {tmp[0], tmp[1], tmp[2], 0};
        oh = (double)strtol(h, NULL, 10);
        om = (double)strtol(tmp + 3, NULL, 10);
    }
    return oh * 60 + om;
}

static int jn_comp_index(char comp)
{
    static const char order[] = "YXMxWwdDFPHhmsfZz";
    const char *p = strchr(order, comp);
    return p && comp ? (int)(p - order) : -1;
}

static jn_val jn_parse_datetime(jn_ctx *c, jn_val ts, jn_val picture)
{
    jn_dtspec sp = jn_analyse_datetime(c, picture.u.s, picture.len);
    strbuf re;
    jn_sb_init(c, &re, 1 << 20);
    strbuf_putc(&re, '^');
    for (int i = 0; i < sp.n; i++) {
        jn_dtpart *p = &sp.parts[i];
        strbuf_putc(&re, '(');
        if (p->literal) {
            jn_re_escape(&re, p->text, p->tlen);
        } else if (p->comp == 'Z' || p->comp == 'z') {
            if (p->comp == 'z')
                strbuf_puts(&re, "GMT");
            strbuf_puts(&re, "[-+][0-9]+");
            if (p->ifmt.regular) {
                strbuf sepb;
                strbuf_init(&sepb, 16);
                strbuf_put_utf8(&sepb, p->ifmt.reg_char);
                jn_re_escape(&re, strbuf_str(&sepb), sepb.len);
                strbuf_cleanup(&sepb);
                strbuf_puts(&re, "[0-9]+");
            }
        } else if (p->has_int) {
            jn_int_regex(&re, &p->ifmt, p->n);
        } else {
            if (!strchr("MxFP", p->comp)) {
                jn_sb_release(c, &re);
                char cv[2] = {p->comp, 0};
                jn_throw_v(c, "D3133", -1, jn_str_copy(c->h, cv, 1));
            }
            strbuf_puts(&re, "[a-zA-Z]+");
        }
        strbuf_putc(&re, ')');
    }
    strbuf_putc(&re, '$');
    char msg[200];
    /* one capture group per part; allocated before the regex exists so nothing can
     * unwind while it is held */
    size_t *ov = jn_alloc(c->h, sizeof(size_t) * 2 * (size_t)(sp.n + 2));
    jn_regex *rx = jn_re_compile(strbuf_str(&re), re.len, "i", msg, sizeof msg);
    jn_sb_release(c, &re);
    if (!rx)
        return jn_undef();
    if (jn_re_ngroups(rx) > sp.n + 1) {
        jn_re_free(rx);
        return jn_undef();
    }
    int rc = jn_re_exec(rx, ts.u.s, ts.len, 0, ov);
    jn_re_free(rx);
    if (rc <= 0)
        return jn_undef();
    double comp[17];
    bool have[17];
    memset(have, 0, sizeof have);
    bool any = false;
    for (int i = 0; i < sp.n; i++) {
        jn_dtpart *p = &sp.parts[i];
        if (p->literal)
            continue;
        size_t a = ov[2 * (i + 1)], b = ov[2 * (i + 1) + 1];
        if (a == JN_RE_NOMATCH)
            continue;
        const char *s = ts.u.s + a;
        size_t n = b - a;
        double v;
        if (p->comp == 'Z' || p->comp == 'z')
            v = jn_tz_value(p, s, n);
        else if (p->comp == 'f' && p->has_int && p->ifmt.primary == F_DECIMAL) {
            char ms[4] = {'0', '0', '0', 0};
            for (size_t k = 0; k < 3 && k < n; k++)
                ms[k] = s[k];
            v = (double)strtol(ms, NULL, 10);
        } else if (p->has_int)
            v = jn_parse_int_with(&p->ifmt, s, n);
        else if (p->comp == 'C' || p->comp == 'E')
            continue;
        else
            v = jn_name_value(p, s, n);
        int idx = jn_comp_index(p->comp);
        if (idx < 0)
            continue;
        comp[idx] = v;
        have[idx] = true;
        any = true;
    }
    if (!any)
        return jn_undef();
#define HAS(ch) (have[jn_comp_index(ch)])
#define VAL(ch) (comp[jn_comp_index(ch)])
#define BIT(ch) (HAS(ch) && VAL(ch) != 0 && !isnan(VAL(ch)))
    int mask = 0;
    const char *dparts = "YXMxWwdD";
    for (const char *q = dparts; *q; q++)
        mask = (mask << 1) | (BIT(*q) ? 1 : 0);
#define IS_TYPE(t) (!(~(t) & mask) && ((t) & mask))
    bool dateA = IS_TYPE(161);
    bool dateB = !dateA && IS_TYPE(130);
    bool dateC = IS_TYPE(84);
    bool dateD = !dateC && IS_TYPE(72);
    mask = 0;
    for (const char *q = "PHhmsf"; *q; q++)
        mask = (mask << 1) | (BIT(*q) ? 1 : 0);
    bool timeA = IS_TYPE(23);
    bool timeB = !timeA && IS_TYPE(47);
    const char *dcomps = dateB ? "Yd" : dateC ? "XxwF" : dateD ? "XWF" : "YMD";
    const char *tcomps = timeB ? "Phmsf" : "Hmsf";
    char comps[16];
    snprintf(comps, sizeof comps, "%s%s", dcomps, tcomps);
    jn_tm now = jn_tm_of((double)c->now_ms);
    bool start_spec = false, end_spec = false;
    for (const char *q = comps; *q; q++) {
        int idx = jn_comp_index(*q);
        if (!have[idx]) {
            if (start_spec) {
                comp[idx] = strchr("MDd", *q) ? 1 : 0;
                end_spec = true;
            } else {
                comp[idx] = jn_fragment(&now, *q);
            }
            have[idx] = true;
        } else {
            start_spec = true;
            if (end_spec)
                jn_throw(c, "D3136", -1);
        }
    }
    double M = HAS('M') && VAL('M') > 0 ? VAL('M') - 1 : 0;
    double D = HAS('D') ? VAL('D') : 1;
    if (dateB) {
        double first = jn_date_utc(VAL('Y'), 0, 1, 0, 0, 0, 0);
        jn_tm dd = jn_tm_of(first + (VAL('d') - 1) * JN_MS_DAY);
        M = dd.month;
        D = dd.day;
    }
    if (dateC || dateD)
        jn_throw(c, "D3136", -1);
    double H = HAS('H') ? VAL('H') : 0;
    if (timeB) {
        H = VAL('h') == 12 ? 0 : VAL('h');
        if (HAS('P') && VAL('P') == 1)
            H += 12;
    }
    double millis = jn_date_utc(VAL('Y'), M, D, H, HAS('m') ? VAL('m') : 0, HAS('s') ? VAL('s') : 0,
                                HAS('f') ? VAL('f') : 0);
    double z = HAS('Z') ? VAL('Z') : HAS('z') ? VAL('z') : 0;
    if (z)
        millis -= z * 60000;
    return jn_num(millis);
#undef HAS
#undef VAL
#undef BIT
#undef IS_TYPE
}

static bool jn_digits(const char *s, size_t n, size_t at, size_t count)
{
    if (at + count > n)
        return false;
    for (size_t i = 0; i < count; i++)
        if (s[at + i] < '0' || s[at + i] > '9')
            return false;
    return true;
}

static double jn_num_at(const char *s, size_t at, size_t count)
{
    double v = 0;
    for (size_t i = 0; i < count; i++)
        v = v * 10 + (s[at + i] - '0');
    return v;
}

/* the reference's ISO 8601 check, then Date.parse (no offset means UTC here) */
static bool jn_parse_iso(const char *s, size_t n, double *out)
{
    size_t i = 0;
    if (!jn_digits(s, n, 0, 4))
        return false;
    double y = jn_num_at(s, 0, 4), mo = 1, d = 1, h = 0, mi = 0, se = 0, ms = 0, tz = 0;
    i = 4;
    int dateparts = 0;
    while (i < n && s[i] == '-' && jn_digits(s, n, i + 1, 2) && dateparts < 2) {
        if (dateparts == 0 && !(s[i + 1] == '0' || s[i + 1] == '1'))
            break;
        if (dateparts == 0)
            mo = jn_num_at(s, i + 1, 2);
        else
            d = jn_num_at(s, i + 1, 2);
        dateparts++;
        i += 3;
    }
    if (i < n && s[i] == 'T') {
        if (!(jn_digits(s, n, i + 1, 2) && i + 3 < n && s[i + 3] == ':' && jn_digits(s, n, i + 4, 2) &&
              i + 6 < n && s[i + 6] == ':' && jn_digits(s, n, i + 7, 2)))
            return false;
        h = jn_num_at(s, i + 1, 2);
        mi = jn_num_at(s, i + 4, 2);
        se = jn_num_at(s, i + 7, 2);
        i += 9;
    }
    if (i < n && s[i] == '.') {
        size_t st = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == st)
            return false;
        char f[4] = {'0', '0', '0', 0};
        for (size_t k = 0; k < 3 && st + k < i; k++)
            f[k] = s[st + k];
        ms = (double)atoi(f);
    }
    if (i < n && s[i] == 'Z') {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        double sign = s[i] == '-' ? -1 : 1;
        if (!jn_digits(s, n, i + 1, 2))
            return false;
        double th = jn_num_at(s, i + 1, 2);
        i += 3;
        if (i < n && s[i] == ':')
            i++;
        if (!jn_digits(s, n, i, 2))
            return false;
        double tm = jn_num_at(s, i, 2);
        i += 2;
        tz = sign * (th * 60 + tm);
    }
    if (i != n)
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 59) {
        *out = NAN;
        return true;
    }
    *out = jn_date_utc(y, mo - 1, d, h, mi, se, ms) - tz * 60000;
    return true;
}

jn_val jn_dt_to_millis(jn_ctx *c, jn_val str, jn_val picture)
{
    if (picture.t != JN_STR) {
        double v;
        if (!jn_parse_iso(str.u.s, str.len, &v))
            jn_throw_v(c, "D3110", -1, str);
        return jn_num(v);
    }
    return jn_parse_datetime(c, str, picture);
}
