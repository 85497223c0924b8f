/* jn_fn — the JSONata built-in function library (the reference's src/functions.js plus
 * AWS Step Functions' additions). Every function receives arguments already checked
 * against its signature (jn_sig), so types are as declared unless undefined. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "base64.h"
#include "jn_dt.h"
#include "jn_eval.h"
#include "jn_re.h"
#include "jv_text.h"
#include "numfmt.h"

#define UNDEF jn_undef()
#define ARG(i) ((i) < nargs ? args[i] : jn_undef())
#define FN(name) static jn_val name(jn_ctx *c, jn_val *args, int nargs, jn_val focus)

static jn_val jn_strbuf_val(jn_ctx *c, strbuf *sb)
{
    jn_val r = jn_str_copy(c->h, strbuf_str(sb), sb->len);
    jn_sb_release(c, sb);
    return r;
}


static void jn_sb_check(jn_ctx *c, strbuf *sb)
{
    if (sb->toobig) {
        jn_sb_release(c, sb);
        c->err.message = "Memory limit exceeded";
        jn_throw(c, "U1002", -1);
    }
}

static jn_val jn_seq(jn_ctx *c)
{
    return jn_seq_new(c->h);
}

static void jn_push(jn_ctx *c, jn_val arr, jn_val v) { jn_arr_push(c->h, arr.u.a, v); }

/* ---- aggregation ---- */

FN(fn_sum)
{
    jn_val a = ARG(0);
    double t = 0;
    for (size_t i = 0; i < jn_len(a); i++)
        t += jn_at(a, i).u.n;
    return jn_num(t);
}

FN(fn_count)
{
    jn_val a = ARG(0);
    return jn_num(jn_is_undef(a) ? 0 : (double)jn_len(a));
}

static jn_val jn_minmax(jn_val a, bool max)
{
    if (jn_len(a) == 0)
        return UNDEF;
    double r = jn_at(a, 0).u.n;
    for (size_t i = 1; i < jn_len(a); i++) {
        double x = jn_at(a, i).u.n;
        if (max ? x > r : x < r)
            r = x;
    }
    return jn_num(r);
}

FN(fn_max) { return jn_minmax(ARG(0), true); }
FN(fn_min) { return jn_minmax(ARG(0), false); }

FN(fn_average)
{
    jn_val a = ARG(0);
    if (jn_len(a) == 0)
        return UNDEF;
    double t = 0;
    for (size_t i = 0; i < jn_len(a); i++)
        t += jn_at(a, i).u.n;
    return jn_num(t / (double)jn_len(a));
}

/* ---- strings ---- */

FN(fn_string)
{
    jn_val a = ARG(0);
    return jn_string_of(c, a, jn_truthy(ARG(1)), -1);
}

/* JavaScript slice index: negative counts from the end, clamped to [0, len] */
static size_t jn_slice_index(double i, size_t len)
{
    if (isnan(i))
        i = 0;
    i = i < 0 ? ceil(i) : floor(i);
    if (i < 0)
        i += (double)len;
    if (i < 0)
        return 0;
    if (i > (double)len)
        return len;
    return (size_t)i;
}

FN(fn_substring)
{
    jn_val s = ARG(0);
    size_t len = jn_utf8_count(s.u.s, s.len);
    /* an undefined start is JavaScript's NaN: the whole string, or "" with a length */
    double start = jn_is_undef(ARG(1)) ? NAN : ARG(1).u.n;
    if ((double)len + start < 0)
        start = 0;
    size_t from = jn_slice_index(start, len), to = len;
    jn_val l = ARG(2);
    if (!jn_is_undef(l)) {
        if (l.u.n <= 0)
            return jn_cstr("");
        double end = start >= 0 ? start + l.u.n : (double)len + start + l.u.n;
        to = jn_slice_index(end, len);
    }
    if (to <= from)
        return jn_cstr("");
    size_t bf = jn_utf8_offset(s.u.s, s.len, from), bt = jn_utf8_offset(s.u.s, s.len, to);
    return jn_str(s.u.s + bf, bt - bf);
}

static long jn_find(jn_val hay, jn_val needle, size_t from)
{
    if (needle.len == 0)
        return (long)from;
    if (needle.len > hay.len)
        return -1;
    for (size_t i = from; i + needle.len <= hay.len; i++)
        if (hay.u.s[i] == needle.u.s[0] && memcmp(hay.u.s + i, needle.u.s, needle.len) == 0)
            return (long)i;
    return -1;
}

FN(fn_substring_before)
{
    jn_val s = ARG(0), t = ARG(1);
    long p = jn_is_undef(t) ? -1 : jn_find(s, t, 0);
    return p < 0 ? s : jn_str(s.u.s, (size_t)p);
}

FN(fn_substring_after)
{
    jn_val s = ARG(0), t = ARG(1);
    long p = jn_is_undef(t) ? -1 : jn_find(s, t, 0);
    return p < 0 ? s : jn_str(s.u.s + p + t.len, s.len - (size_t)p - t.len);
}

static uint32_t jn_case_map(uint32_t cp, bool upper)
{
    if (upper) {
        if (cp >= 'a' && cp <= 'z') return cp - 32;
        if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) return cp - 32;
        if (cp == 0xFF) return 0x178;
        if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) return cp - 32;
        if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
        if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
        if (cp >= 0x100 && cp <= 0x17F && (cp & 1) && cp != 0x131 && cp != 0x138 && cp != 0x149)
            return cp - 1;
    } else {
        if (cp >= 'A' && cp <= 'Z') return cp + 32;
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
        if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;
        if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
        if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
        if (cp >= 0x100 && cp <= 0x17F && !(cp & 1) && cp != 0x130 && cp != 0x138)
            return cp + 1;
    }
    return cp;
}

static jn_val jn_case(jn_ctx *c, jn_val s, bool upper)
{
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    for (size_t i = 0; i < s.len;)
        strbuf_put_utf8(&sb, jn_case_map(jn_utf8_next(s.u.s, s.len, &i), upper));
    return jn_strbuf_val(c, &sb);
}

FN(fn_lowercase) { return jn_case(c, ARG(0), false); }
FN(fn_uppercase) { return jn_case(c, ARG(0), true); }

FN(fn_length)
{
    jn_val s = ARG(0);
    return jn_num((double)jn_utf8_count(s.u.s, s.len));
}

FN(fn_trim)
{
    jn_val s = ARG(0);
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    for (size_t i = 0; i < s.len; i++) {
        char ch = s.u.s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            while (i + 1 < s.len && (s.u.s[i + 1] == ' ' || s.u.s[i + 1] == '\t' ||
                                     s.u.s[i + 1] == '\n' || s.u.s[i + 1] == '\r'))
                i++;
            strbuf_putc(&sb, ' ');
        } else {
            strbuf_putc(&sb, ch);
        }
    }
    const char *b = strbuf_str(&sb);
    size_t from = 0, to = sb.len;
    if (to > 0 && b[0] == ' ')
        from = 1;
    if (to > from && b[to - 1] == ' ')
        to--;
    jn_val r = jn_str_copy(c->h, b + from, to - from);
    jn_sb_release(c, &sb);
    return r;
}

FN(fn_pad)
{
    jn_val s = ARG(0), ch = ARG(2);
    double width = ARG(1).u.n;
    if (jn_is_undef(ch) || ch.len == 0)
        ch = jn_cstr(" ");
    double padlen = fabs(trunc(width)) - (double)jn_utf8_count(s.u.s, s.len);
    if (padlen <= 0)
        return s;
    if (padlen > 1e8) {
        c->err.message = "Memory limit exceeded";
        jn_throw(c, "U1002", -1);
    }
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    if (width > 0)
        strbuf_append(&sb, s.u.s, s.len);
    size_t chcount = jn_utf8_count(ch.u.s, ch.len), k = 0;
    for (size_t n = 0; n < (size_t)padlen; n++, k++) {
        size_t idx = k % chcount;
        size_t a = jn_utf8_offset(ch.u.s, ch.len, idx), b = jn_utf8_offset(ch.u.s, ch.len, idx + 1);
        strbuf_append(&sb, ch.u.s + a, b - a);
    }
    if (width <= 0)
        strbuf_append(&sb, s.u.s, s.len);
    jn_sb_check(c, &sb);
    return jn_strbuf_val(c, &sb);
}

/* ---- matchers: a regex or a function following the reference's protocol ---- */

typedef struct {
    jn_ctx *c;
    jn_val str;
    jn_val fn;          /* the matcher, then each result's next() */
    bool done;
} jn_miter;

typedef struct {
    size_t start, end;  /* bytes */
    jn_val obj;         /* the matcher's result object */
} jn_mres;

static bool jn_miter_next(jn_miter *it, jn_mres *m)
{
    if (it->done || it->fn.t != JN_FUNC)
        return false;
    jn_val r;
    jn_func *f = it->fn.u.f;
    if (f->kind == FN_REGEX || f->kind == FN_REGEX_NEXT)
        r = jn_regex_call(it->c, f, it->str);
    else
        r = jn_apply(it->c, it->fn, &it->str, f->kind == FN_LAMBDA && f->nparams == 0 ? 0 : 1, UNDEF);
    if (jn_is_undef(r)) {
        it->done = true;
        return false;
    }
    jn_val st = jn_obj_get(r, "start", 5), en = jn_obj_get(r, "end", 3);
    jn_val gr = jn_obj_get(r, "groups", 6), nx = jn_obj_get(r, "next", 4);
    if (!(st.t == JN_NUM || jn_is_arr(gr) || nx.t == JN_FUNC))
        jn_throw(it->c, "T1010", -1);
    size_t cs = st.t == JN_NUM && st.u.n > 0 ? (size_t)st.u.n : 0;
    size_t ce = en.t == JN_NUM && en.u.n > 0 ? (size_t)en.u.n : cs;
    m->start = jn_utf8_offset(it->str.u.s, it->str.len, cs);
    m->end = jn_utf8_offset(it->str.u.s, it->str.len, ce);
    if (en.t != JN_NUM) {
        jn_val mt = jn_obj_get(r, "match", 5);
        if (mt.t == JN_STR)
            m->end = m->start + mt.len;
    }
    m->obj = r;
    if (nx.t == JN_FUNC) {
        it->fn = nx;
    } else {
        it->done = true;
    }
    return true;
}

static jn_miter jn_miter_start(jn_ctx *c, jn_val str, jn_val matcher)
{
    jn_miter it = {c, str, matcher, false};
    return it;
}

FN(fn_contains)
{
    jn_val s = ARG(0), t = ARG(1);
    if (t.t == JN_STR)
        return jn_bool(jn_find(s, t, 0) >= 0);
    jn_miter it = jn_miter_start(c, s, t);
    jn_mres m;
    return jn_bool(jn_miter_next(&it, &m));
}

FN(fn_match)
{
    jn_val s = ARG(0), re = ARG(1), lim = ARG(2);
    if (!jn_is_undef(lim) && lim.u.n < 0)
        jn_throw_v(c, "D3040", -1, lim);
    jn_val result = jn_seq(c);
    if (!jn_is_undef(lim) && lim.u.n <= 0)
        return result;
    jn_miter it = jn_miter_start(c, s, re);
    jn_mres m;
    double count = 0;
    while ((jn_is_undef(lim) || count < lim.u.n) && jn_miter_next(&it, &m)) {
        jn_obj *o = jn_obj_new(c->h, 3);
        jn_obj_set(c->h, o, jn_cstr("match"), jn_obj_get(m.obj, "match", 5));
        jn_obj_set(c->h, o, jn_cstr("index"), jn_obj_get(m.obj, "start", 5));
        jn_obj_set(c->h, o, jn_cstr("groups"), jn_obj_get(m.obj, "groups", 6));
        jn_push(c, result, jn_obj_val(o));
        count++;
    }
    return result;
}

/* parseInt of the first maxdigits characters of s (n long): the leading digits' value, or
 * -1 when there are none. */
static long jn_parse_group_number(const char *s, size_t n, int maxdigits)
{
    long val = -1;
    for (size_t k = 0; k < (size_t)maxdigits && k < n && s[k] >= '0' && s[k] <= '9'; k++)
        val = (val < 0 ? 0 : val) * 10 + (s[k] - '0');
    return val;
}

/* the reference's $n substitution in a replacement string */
static void jn_substitute(jn_val repl, jn_val match, strbuf *sb)
{
    jn_val m = jn_obj_get(match, "match", 5), groups = jn_obj_get(match, "groups", 6);
    size_t ng = jn_len(groups);
    size_t pos = 0;
    const char *r = repl.u.s;
    size_t n = repl.len;
    while (pos < n) {
        const char *d = memchr(r + pos, '$', n - pos);
        if (!d)
            break;
        size_t idx = (size_t)(d - r);
        strbuf_append(sb, r + pos, idx - pos);
        pos = idx + 1;
        char dv = pos < n ? r[pos] : 0;
        if (dv == '$') {
            strbuf_putc(sb, '$');
            pos++;
        } else if (dv == '0') {
            strbuf_append(sb, m.u.s, m.len);
            pos++;
        } else {
            int maxdigits = ng == 0 ? 1 : (int)floor(log10((double)ng)) + 1;
            long val = jn_parse_group_number(r + pos, n - pos, maxdigits);
            if (maxdigits > 1 && val > (long)ng)
                val = jn_parse_group_number(r + pos, n - pos, maxdigits - 1);
            if (val >= 0) {
                if (ng > 0 && val >= 1 && (size_t)val <= ng) {
                    jn_val g = jn_at(groups, (size_t)val - 1);
                    if (g.t == JN_STR)
                        strbuf_append(sb, g.u.s, g.len);
                }
                /* position advances by the digits of the parsed number */
                char tmp[24];
                int dl = snprintf(tmp, sizeof tmp, "%ld", val);
                pos += (size_t)dl;
            } else {
                strbuf_putc(sb, '$');
            }
        }
    }
    strbuf_append(sb, r + pos, n - pos);
}

FN(fn_replace)
{
    jn_val s = ARG(0), pat = ARG(1), repl = ARG(2), lim = ARG(3);
    if (pat.t == JN_STR && pat.len == 0)
        jn_throw_v(c, "D3010", -1, pat);
    if (!jn_is_undef(lim) && lim.u.n < 0)
        jn_throw_v(c, "D3011", -1, lim);
    if (!jn_is_undef(lim) && lim.u.n <= 0)
        return s;
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    double count = 0;
    size_t pos = 0;
    if (pat.t == JN_STR) {
        jn_val rs = repl.t == JN_STR ? repl : jn_cstr("");
        long idx;
        while ((jn_is_undef(lim) || count < lim.u.n) && (idx = jn_find(s, pat, pos)) >= 0) {
            strbuf_append(&sb, s.u.s + pos, (size_t)idx - pos);
            strbuf_append(&sb, rs.u.s, rs.len);
            pos = (size_t)idx + pat.len;
            count++;
            jn_sb_check(c, &sb);
        }
        strbuf_append(&sb, s.u.s + pos, s.len - pos);
        jn_sb_check(c, &sb);
        return jn_strbuf_val(c, &sb);
    }
    jn_miter it = jn_miter_start(c, s, pat);
    jn_mres m;
    bool any = false;
    while ((jn_is_undef(lim) || count < lim.u.n) && jn_miter_next(&it, &m)) {
        any = true;
        if (m.start > pos)
            strbuf_append(&sb, s.u.s + pos, m.start - pos);
        if (repl.t == JN_STR) {
            jn_substitute(repl, m.obj, &sb);
        } else {
            jn_val r = jn_apply(c, repl, &m.obj, 1, UNDEF);
            if (r.t != JN_STR) {
                jn_sb_release(c, &sb);
                jn_throw_v(c, "D3012", -1, r);
            }
            strbuf_append(&sb, r.u.s, r.len);
        }
        jn_val mt = jn_obj_get(m.obj, "match", 5);
        pos = m.start + (mt.t == JN_STR ? mt.len : 0);
        count++;
        jn_sb_check(c, &sb);
    }
    if (!any) {
        jn_sb_release(c, &sb);
        return s;
    }
    if (pos < s.len)
        strbuf_append(&sb, s.u.s + pos, s.len - pos);
    jn_sb_check(c, &sb);
    return jn_strbuf_val(c, &sb);
}

FN(fn_split)
{
    jn_val s = ARG(0), sep = ARG(1), lim = ARG(2);
    if (!jn_is_undef(lim) && lim.u.n < 0)
        jn_throw_v(c, "D3020", -1, lim);
    jn_arr *r = jn_arr_new(c->h, 4);
    jn_val result = jn_arr_val(r);
    double limit = jn_is_undef(lim) ? INFINITY : floor(lim.u.n);
    if (limit <= 0)
        return result;
    if (sep.t == JN_STR) {
        if (sep.len == 0) {
            for (size_t i = 0; i < s.len && r->n < limit;) {
                size_t st = i;
                jn_utf8_next(s.u.s, s.len, &i);
                jn_arr_push(c->h, r, jn_str(s.u.s + st, i - st));
            }
            return result;
        }
        size_t pos = 0;
        for (;;) {
            if (r->n >= limit)
                break;
            long idx = jn_find(s, sep, pos);
            if (idx < 0) {
                jn_arr_push(c->h, r, jn_str(s.u.s + pos, s.len - pos));
                break;
            }
            jn_arr_push(c->h, r, jn_str(s.u.s + pos, (size_t)idx - pos));
            pos = (size_t)idx + sep.len;
        }
        return result;
    }
    jn_miter it = jn_miter_start(c, s, sep);
    jn_mres m;
    size_t start = 0;
    double count = 0;
    bool any = false;
    while (count < limit && jn_miter_next(&it, &m)) {
        any = true;
        jn_arr_push(c->h, r, jn_str(s.u.s + start, m.start > start ? m.start - start : 0));
        start = m.end;
        count++;
    }
    if (!any)
        jn_arr_push(c->h, r, s);
    else if (count < limit)
        jn_arr_push(c->h, r, jn_str(s.u.s + start, s.len > start ? s.len - start : 0));
    return result;
}

FN(fn_join)
{
    jn_val a = ARG(0), sep = ARG(1);
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    for (size_t i = 0; i < jn_len(a); i++) {
        if (i && sep.t == JN_STR)
            strbuf_append(&sb, sep.u.s, sep.len);
        jn_val x = jn_at(a, i);
        strbuf_append(&sb, x.u.s, x.len);
    }
    jn_sb_check(c, &sb);
    return jn_strbuf_val(c, &sb);
}

/* ---- numbers ---- */

/* +(digits + 'e' + (exponent + shift)): decimal shifting through the shortest string */
static double jn_shift(double v, int shift)
{
    char buf[NUMFMT_BUFSZ + 16];
    numfmt_double(v, buf);
    char *e = strchr(buf, 'e');
    int exp = 0;
    if (e) {
        exp = atoi(e + 1);
        *e = 0;
    }
    char tmp[NUMFMT_BUFSZ + 32];
    snprintf(tmp, sizeof tmp, "%se%d", buf, exp + shift);
    return strtod(tmp, NULL);
}

static double jn_round_half_even(double arg, int precision)
{
    if (precision)
        arg = jn_shift(arg, precision);
    double result = floor(arg + 0.5);
    if (arg + 0.5 == result + 1 && result + 1 - arg != 0.5)
        result = floor(arg) + (arg - floor(arg) >= 0.5 ? 1 : 0);
    double diff = result - arg;
    if (fabs(diff) == 0.5 && fabs(fmod(result, 2)) == 1)
        result -= 1;
    if (precision)
        result = jn_shift(result, -precision);
    if (result == 0)
        result = 0;
    return result;
}

FN(fn_round)
{
    jn_val a = ARG(0);
    int prec = jn_is_undef(ARG(1)) ? 0 : (int)ARG(1).u.n;
    return jn_num(jn_round_half_even(a.u.n, prec));
}

FN(fn_floor) { return jn_num(floor(ARG(0).u.n)); }
FN(fn_ceil) { return jn_num(ceil(ARG(0).u.n)); }
FN(fn_abs) { return jn_num(fabs(ARG(0).u.n)); }

FN(fn_sqrt)
{
    jn_val a = ARG(0);
    if (a.u.n < 0)
        jn_throw_v(c, "D3060", -1, a);
    return jn_num(sqrt(a.u.n));
}

FN(fn_power)
{
    jn_val a = ARG(0), e = ARG(1);
    /* an undefined exponent is JavaScript's NaN: D3061, as the reference reports */
    double r = pow(a.u.n, jn_is_undef(e) ? NAN : e.u.n);
    if (!isfinite(r)) {
        c->err.value2 = e;
        c->err.has_value2 = true;
        jn_throw_v(c, "D3061", -1, a);
    }
    return jn_num(r);
}

static bool jn_number_syntax(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d)
        return false;
    if (i < n && s[i] == '.') {
        i++;
        size_t f = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t f = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    return i == n;
}

static bool jn_radix_literal(const char *s, size_t n, double *out)
{
    if (n < 3 || s[0] != '0')
        return false;
    int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8
             : (s[1] == 'b' || s[1] == 'B') ? 2 : 0;
    if (!base)
        return false;
    double v = 0;
    for (size_t i = 2; i < n; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
              : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 99;
        if (d >= base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

FN(fn_number)
{
    jn_val a = ARG(0);
    if (a.t == JN_NUM)
        return a;
    if (a.t == JN_BOOL)
        return jn_num(a.b ? 1 : 0);
    if (a.t == JN_STR) {
        double d;
        if (jn_number_syntax(a.u.s, a.len)) {
            char *tmp = jn_strndup(c->h, a.u.s, a.len);
            d = strtod(tmp, NULL);
            if (isfinite(d))
                return jn_num(d);
        } else if (jn_radix_literal(a.u.s, a.len, &d)) {
            return jn_num(d);
        }
    }
    jn_throw_v(c, "D3030", -1, a);
}

FN(fn_random)
{
    jn_val seed = ARG(0);
    if (seed.t == JN_NUM) {
        rng r;
        rng_seed(&r, (uint64_t)(int64_t)seed.u.n);
        return jn_num(rng_double(&r));
    }
    return jn_num(rng_double(jn_rng(c)));
}

static void jn_radix_digits(double v, int radix, strbuf *sb)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char tmp[1100];
    int n = 0;
    bool neg = v < 0;
    v = fabs(v);
    if (v == 0)
        tmp[n++] = '0';
    while (v >= 1 && n < (int)sizeof tmp) {
        double q = floor(v / radix);
        int d = (int)(v - q * radix);
        if (d < 0 || d >= radix)
            d = 0;
        tmp[n++] = digits[d];
        v = q;
    }
    if (neg)
        strbuf_putc(sb, '-');
    while (n > 0)
        strbuf_putc(sb, tmp[--n]);
}

FN(fn_format_base)
{
    jn_val a = ARG(0), r = ARG(1);
    double v = jn_round_half_even(a.u.n, 0);
    double radix = jn_is_undef(r) ? 10 : jn_round_half_even(r.u.n, 0);
    if (radix < 2 || radix > 36)
        jn_throw_v(c, "D3100", -1, jn_num(radix));
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    jn_radix_digits(v, (int)radix, &sb);
    return jn_strbuf_val(c, &sb);
}

/* ---- $formatNumber (XPath F&O 4.7) ---- */

typedef struct {
    uint32_t *s;
    size_t n;
} jn_u32;

static jn_u32 jn_u32_of(jn_ctx *c, const char *s, size_t len)
{
    jn_u32 u;
    u.s = jn_alloc(c->h, (len + 1) * sizeof(uint32_t));
    u.n = 0;
    for (size_t i = 0; i < len;)
        u.s[u.n++] = jn_utf8_next(s, len, &i);
    return u;
}

static long jn_u32_index(jn_u32 u, uint32_t ch, size_t from)
{
    for (size_t i = from; i < u.n; i++)
        if (u.s[i] == ch)
            return (long)i;
    return -1;
}

static long jn_u32_last(jn_u32 u, uint32_t ch)
{
    for (size_t i = u.n; i-- > 0;)
        if (u.s[i] == ch)
            return (long)i;
    return -1;
}

static jn_u32 jn_u32_sub(jn_u32 u, size_t a, size_t b)
{
    if (b > u.n)
        b = u.n;
    if (a > b)
        a = b;
    jn_u32 r = {u.s + a, b - a};
    return r;
}

typedef struct {
    uint32_t decimal, grouping, exponent, minus, percent, permille, zero, digit, pattern;
    const char *infinity, *nan;
} jn_numprops;

typedef struct {
    jn_u32 prefix, suffix, active, mantissa, exponent, integer, fraction, sub;
    bool has_exponent;
} jn_picparts;

typedef struct {
    long igroups[64];
    int nigroups;
    long regular;
    long min_int, scaling;
    jn_u32 prefix, suffix;
    long fgroups[64];
    int nfgroups;
    long min_frac, max_frac, min_exp;
    jn_u32 picture;
} jn_picvars;

static bool jn_is_digit_family(const jn_numprops *p, uint32_t ch)
{
    return ch >= p->zero && ch < p->zero + 10;
}

static bool jn_is_active(const jn_numprops *p, uint32_t ch)
{
    return jn_is_digit_family(p, ch) || ch == p->decimal || ch == p->exponent ||
           ch == p->grouping || ch == p->digit || ch == p->pattern;
}

static jn_picparts jn_split_parts(const jn_numprops *p, jn_u32 sub)
{
    jn_picparts r;
    memset(&r, 0, sizeof r);
    size_t pre = sub.n, suf = sub.n;
    for (size_t i = 0; i < sub.n; i++)
        if (jn_is_active(p, sub.s[i]) && sub.s[i] != p->exponent) {
            pre = i;
            break;
        }
    for (size_t i = sub.n; i-- > 0;)
        if (jn_is_active(p, sub.s[i]) && sub.s[i] != p->exponent) {
            suf = i + 1;
            break;
        }
    if (pre == sub.n) {
        pre = 0;       /* no active character: all of it is the (invalid) active part */
        suf = sub.n;
    }
    r.prefix = jn_u32_sub(sub, 0, pre);
    r.suffix = jn_u32_sub(sub, suf, sub.n);
    r.active = jn_u32_sub(sub, pre, suf);
    long epos = jn_u32_index(sub, p->exponent, pre);
    if (epos < 0 || (size_t)epos > suf) {
        r.mantissa = r.active;
        r.has_exponent = false;
    } else {
        r.mantissa = jn_u32_sub(r.active, 0, (size_t)epos - pre);
        r.exponent = jn_u32_sub(r.active, (size_t)epos - pre + 1, r.active.n);
        r.has_exponent = true;
    }
    long dpos = jn_u32_index(r.mantissa, p->decimal, 0);
    if (dpos < 0) {
        r.integer = r.mantissa;
        r.fraction = r.suffix;
    } else {
        r.integer = jn_u32_sub(r.mantissa, 0, (size_t)dpos);
        r.fraction = jn_u32_sub(r.mantissa, (size_t)dpos + 1, r.mantissa.n);
    }
    r.sub = sub;
    return r;
}

static const char *jn_validate_parts(const jn_numprops *p, const jn_picparts *r)
{
    const char *err = NULL;
    jn_u32 sub = r->sub;
    long dpos = jn_u32_index(sub, p->decimal, 0);
    if (dpos != jn_u32_last(sub, p->decimal))
        err = "D3081";
    if (jn_u32_index(sub, p->percent, 0) != jn_u32_last(sub, p->percent))
        err = "D3082";
    if (jn_u32_index(sub, p->permille, 0) != jn_u32_last(sub, p->permille))
        err = "D3083";
    if (jn_u32_index(sub, p->percent, 0) >= 0 && jn_u32_index(sub, p->permille, 0) >= 0)
        err = "D3084";
    bool valid = false;
    for (size_t i = 0; i < r->mantissa.n; i++)
        if (jn_is_digit_family(p, r->mantissa.s[i]) || r->mantissa.s[i] == p->digit)
            valid = true;
    if (!valid)
        err = "D3085";
    for (size_t i = 0; i < r->active.n; i++)
        if (!jn_is_active(p, r->active.s[i]))
            err = "D3086";
    if (dpos >= 0) {
        if ((dpos > 0 && sub.s[dpos - 1] == p->grouping) ||
            ((size_t)dpos + 1 < sub.n && sub.s[dpos + 1] == p->grouping))
            err = "D3087";
    } else if (r->integer.n > 0 && r->integer.s[r->integer.n - 1] == p->grouping) {
        err = "D3088";
    }
    for (size_t i = 0; i + 1 < sub.n; i++)
        if (sub.s[i] == p->grouping && sub.s[i + 1] == p->grouping)
            err = "D3089";
    long opt = jn_u32_index(r->integer, p->digit, 0);
    if (opt >= 0)
        for (long i = 0; i < opt; i++)
            if (jn_is_digit_family(p, r->integer.s[i]))
                err = "D3090";
    opt = jn_u32_last(r->fraction, p->digit);
    if (opt >= 0)
        for (size_t i = (size_t)opt; i < r->fraction.n; i++)
            if (jn_is_digit_family(p, r->fraction.s[i]))
                err = "D3091";
    bool has_pct = jn_u32_index(sub, p->percent, 0) >= 0 || jn_u32_index(sub, p->permille, 0) >= 0;
    if (r->has_exponent && r->exponent.n > 0 && has_pct)
        err = "D3092";
    if (r->has_exponent) {
        bool bad = r->exponent.n == 0;
        for (size_t i = 0; i < r->exponent.n; i++)
            if (!jn_is_digit_family(p, r->exponent.s[i]))
                bad = true;
        if (bad)
            err = "D3093";
    }
    return err;
}

static long jn_gcd(long a, long b) { return b == 0 ? a : jn_gcd(b, a % b); }

static int jn_group_positions(const jn_numprops *p, jn_u32 part, jn_u32 integer_part, bool to_left,
                              long *out, int max)
{
    int n = 0;
    long gp = jn_u32_index(part, p->grouping, 0);
    while (gp >= 0 && n < max) {
        long count = 0;
        size_t a = to_left ? 0 : (size_t)gp, b = to_left ? (size_t)gp : part.n;
        for (size_t i = a; i < b; i++)
            if (jn_is_digit_family(p, part.s[i]) || part.s[i] == p->digit)
                count++;
        out[n++] = count;
        /* the reference searches the integer part for the next one (even for the fraction) */
        gp = jn_u32_index(integer_part, p->grouping, (size_t)gp + 1);
    }
    return n;
}

static jn_picvars jn_analyse(const jn_numprops *p, const jn_picparts *r)
{
    jn_picvars v;
    memset(&v, 0, sizeof v);
    v.nigroups = jn_group_positions(p, r->integer, r->integer, false, v.igroups, 64);
    if (v.nigroups > 0) {
        long f = v.igroups[0];
        for (int i = 1; i < v.nigroups; i++)
            f = jn_gcd(f, v.igroups[i]);
        v.regular = f;
        for (int k = 1; k <= v.nigroups; k++) {
            bool found = false;
            for (int i = 0; i < v.nigroups; i++)
                if (v.igroups[i] == k * f)
                    found = true;
            if (!found) {
                v.regular = 0;
                break;
            }
        }
    }
    v.nfgroups = jn_group_positions(p, r->fraction, r->integer, true, v.fgroups, 64);
    for (size_t i = 0; i < r->integer.n; i++)
        if (jn_is_digit_family(p, r->integer.s[i]))
            v.min_int++;
    v.scaling = v.min_int;
    for (size_t i = 0; i < r->fraction.n; i++) {
        if (jn_is_digit_family(p, r->fraction.s[i]))
            v.min_frac++;
        if (jn_is_digit_family(p, r->fraction.s[i]) || r->fraction.s[i] == p->digit)
            v.max_frac++;
    }
    if (v.min_int == 0 && v.max_frac == 0) {
        if (r->has_exponent) {
            v.min_frac = 1;
            v.max_frac = 1;
        } else {
            v.min_int = 1;
        }
    }
    if (r->has_exponent && v.min_int == 0 && jn_u32_index(r->integer, p->digit, 0) >= 0)
        v.min_int = 1;
    if (v.min_int == 0 && v.min_frac == 0)
        v.min_frac = 1;
    if (r->has_exponent)
        for (size_t i = 0; i < r->exponent.n; i++)
            if (jn_is_digit_family(p, r->exponent.s[i]))
                v.min_exp++;
    v.prefix = r->prefix;
    v.suffix = r->suffix;
    v.picture = r->sub;
    return v;
}

static uint32_t jn_prop_char(jn_val opts, const char *key, uint32_t dflt)
{
    jn_val v = jn_obj_get(opts, key, strlen(key));
    if (v.t != JN_STR || v.len == 0)
        return dflt;
    size_t i = 0;
    return jn_utf8_next(v.u.s, v.len, &i);
}

static void jn_put_u32(strbuf *sb, jn_u32 u)
{
    for (size_t i = 0; i < u.n; i++)
        strbuf_put_utf8(sb, u.s[i]);
}

/* Math.abs(value).toFixed(dp) */
static char *jn_to_fixed(jn_ctx *c, double v, long dp)
{
    v = fabs(v);
    if (dp > 100)
        dp = 100;
    size_t n = 400 + (size_t)dp;
    char *buf = jn_alloc(c->h, n);
    if (v >= 1e21) {
        numfmt_double(v, buf);
        return buf;
    }
    snprintf(buf, n, "%.*f", (int)dp, v);
    /* toFixed rounds the decimal expansion half-up; %f rounds the exact binary value.
     * They differ only for exact ties, which the exact binary value decides the same way
     * except at .5 boundaries produced by the previous rounding step: accept. */
    return buf;
}

static jn_val jn_format_number(jn_ctx *c, double value, jn_val picture, jn_val opts)
{
    jn_numprops p = {'.', ',', 'e', '-', '%', 0x2030, '0', '#', ';', "Infinity", "NaN"};
    if (jn_is_obj(opts)) {
        p.decimal = jn_prop_char(opts, "decimal-separator", p.decimal);
        p.grouping = jn_prop_char(opts, "grouping-separator", p.grouping);
        p.exponent = jn_prop_char(opts, "exponent-separator", p.exponent);
        p.minus = jn_prop_char(opts, "minus-sign", p.minus);
        p.percent = jn_prop_char(opts, "percent", p.percent);
        p.permille = jn_prop_char(opts, "per-mille", p.permille);
        p.zero = jn_prop_char(opts, "zero-digit", p.zero);
        p.digit = jn_prop_char(opts, "digit", p.digit);
        p.pattern = jn_prop_char(opts, "pattern-separator", p.pattern);
    }
    jn_u32 pic = jn_u32_of(c, picture.u.s, picture.len);
    jn_u32 subs[2];
    int nsubs = 0;
    long sp = jn_u32_index(pic, p.pattern, 0);
    if (sp < 0) {
        subs[nsubs++] = pic;
    } else {
        subs[nsubs++] = jn_u32_sub(pic, 0, (size_t)sp);
        jn_u32 rest = jn_u32_sub(pic, (size_t)sp + 1, pic.n);
        if (jn_u32_index(rest, p.pattern, 0) >= 0)
            jn_throw(c, "D3080", -1);
        subs[nsubs++] = rest;
    }
    jn_picparts parts[2];
    for (int i = 0; i < nsubs; i++) {
        parts[i] = jn_split_parts(&p, subs[i]);
        const char *e = jn_validate_parts(&p, &parts[i]);
        if (e)
            jn_throw(c, e, -1);
    }
    jn_picvars vars[2];
    for (int i = 0; i < nsubs; i++)
        vars[i] = jn_analyse(&p, &parts[i]);
    if (nsubs == 1) {
        vars[1] = vars[0];
        jn_u32 np;
        np.s = jn_alloc(c->h, (vars[0].prefix.n + 2) * sizeof(uint32_t));
        np.s[0] = p.minus;
        memcpy(np.s + 1, vars[0].prefix.s, vars[0].prefix.n * sizeof(uint32_t));
        np.n = vars[0].prefix.n + 1;
        vars[1].prefix = np;
    }
    jn_picvars *pv = value >= 0 ? &vars[0] : &vars[1];
    double adjusted = value;
    if (jn_u32_index(pv->picture, p.percent, 0) >= 0)
        adjusted = value * 100;
    else if (jn_u32_index(pv->picture, p.permille, 0) >= 0)
        adjusted = value * 1000;
    double mantissa = adjusted;
    long exponent = 0;
    bool has_exp = pv->min_exp != 0;
    if (has_exp) {
        mantissa = fabs(mantissa);
        double maxm = pow(10, (double)pv->scaling), minm = pow(10, (double)pv->scaling - 1);
        int guard = 0;
        while (mantissa < minm && mantissa != 0 && guard++ < 400) {
            mantissa *= 10;
            exponent -= 1;
        }
        while (mantissa > maxm && guard++ < 800) {
            mantissa /= 10;
            exponent += 1;
        }
    }
    double rounded = jn_round_half_even(mantissa, (int)pv->max_frac);
    char *fixed = jn_to_fixed(c, rounded, pv->max_frac);
    /* work in code points */
    jn_u32 sv = jn_u32_of(c, fixed, strlen(fixed));
    size_t cap = sv.n + (size_t)pv->min_int + (size_t)pv->min_frac + 200;
    uint32_t *b = jn_alloc(c->h, cap * sizeof(uint32_t));
    size_t n = 0;
    bool has_dot = false;
    for (size_t i = 0; i < sv.n && n < cap - 1; i++) {
        uint32_t ch = sv.s[i];
        if (ch >= '0' && ch <= '9')
            b[n++] = p.zero + (ch - '0');
        else if (ch == '.') {
            b[n++] = p.decimal;
            has_dot = true;
        } else
            b[n++] = ch;
    }
    if (!has_dot)
        b[n++] = p.decimal;
    size_t lead = 0;
    while (lead < n && b[lead] == p.zero)
        lead++;
    memmove(b, b + lead, (n - lead) * sizeof(uint32_t));
    n -= lead;
    while (n > 0 && b[n - 1] == p.zero)
        n--;
    long dpos = -1;
    for (size_t i = 0; i < n; i++)
        if (b[i] == p.decimal) {
            dpos = (long)i;
            break;
        }
    long padl = pv->min_int - dpos;
    long padr = pv->min_frac - ((long)n - dpos - 1);
    if (padl > 0) {
        if ((size_t)padl + n + 1 > cap)
            padl = 0;
        memmove(b + padl, b, n * sizeof(uint32_t));
        for (long i = 0; i < padl; i++)
            b[i] = p.zero;
        n += (size_t)padl;
    }
    for (long i = 0; i < padr && n < cap - 1; i++)
        b[n++] = p.zero;
    /* grouping: insert separators (build into a new buffer) */
    uint32_t *g = jn_alloc(c->h, (n * 2 + 64) * sizeof(uint32_t));
    size_t gn = 0;
    dpos = -1;
    for (size_t i = 0; i < n; i++)
        if (b[i] == p.decimal) {
            dpos = (long)i;
            break;
        }
    if (pv->regular > 0) {
        long groupcount = (dpos - 1) / pv->regular;
        for (long i = 0; i < (long)n; i++) {
            long dist = dpos - i;
            if (i > 0 && dist > 0 && dist % pv->regular == 0 && dist / pv->regular <= groupcount)
                g[gn++] = p.grouping;
            g[gn++] = b[i];
        }
    } else {
        for (long i = 0; i < (long)n; i++) {
            long dist = dpos - i;
            for (int k = 0; k < pv->nigroups; k++)
                if (pv->igroups[k] == dist && i > 0)
                    g[gn++] = p.grouping;
            g[gn++] = b[i];
        }
    }
    /* fractional grouping */
    if (pv->nfgroups > 0) {
        long d2 = -1;
        for (size_t i = 0; i < gn; i++)
            if (g[i] == p.decimal) {
                d2 = (long)i;
                break;
            }
        uint32_t *f = jn_alloc(c->h, (gn * 2 + 64) * sizeof(uint32_t));
        size_t fnn = 0;
        for (size_t i = 0; i < gn; i++) {
            for (int k = 0; k < pv->nfgroups; k++)
                if ((long)i == pv->fgroups[k] + d2 + 1)
                    f[fnn++] = p.grouping;
            f[fnn++] = g[i];
        }
        for (int k = 0; k < pv->nfgroups; k++)
            if ((long)gn == pv->fgroups[k] + d2 + 1)
                f[fnn++] = p.grouping;
        g = f;
        gn = fnn;
    }
    long d3 = -1;
    for (size_t i = 0; i < gn; i++)
        if (g[i] == p.decimal) {
            d3 = (long)i;
            break;
        }
    if (jn_u32_index(pv->picture, p.decimal, 0) < 0 || d3 == (long)gn - 1)
        gn--;
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    jn_put_u32(&sb, pv->prefix);
    for (size_t i = 0; i < gn; i++)
        strbuf_put_utf8(&sb, g[i]);
    if (has_exp) {
        char eb[32];
        snprintf(eb, sizeof eb, "%ld", labs(exponent));
        long padx = pv->min_exp - (long)strlen(eb);
        strbuf_put_utf8(&sb, p.exponent);
        if (exponent < 0)
            strbuf_put_utf8(&sb, p.minus);
        for (long i = 0; i < padx; i++)
            strbuf_put_utf8(&sb, p.zero);
        for (char *q = eb; *q; q++)
            strbuf_put_utf8(&sb, p.zero + (uint32_t)(*q - '0'));
    }
    jn_put_u32(&sb, pv->suffix);
    return jn_strbuf_val(c, &sb);
}

FN(fn_format_number)
{
    jn_val v = ARG(0);
    return jn_format_number(c, v.u.n, ARG(1), ARG(2));
}

FN(fn_format_integer)
{
    jn_val v = ARG(0);
    return jn_dt_format_integer(c, v.u.n, ARG(1));
}

FN(fn_parse_integer)
{
    jn_val v = ARG(0);
    return jn_dt_parse_integer(c, v, ARG(1));
}

/* ---- booleans ---- */

FN(fn_boolean)
{
    jn_val a = ARG(0);
    return jn_bool(jn_truthy(a));
}

FN(fn_not)
{
    jn_val a = ARG(0);
    return jn_bool(!jn_truthy(a));
}

FN(fn_exists) { return jn_bool(!jn_is_undef(ARG(0))); }

/* ---- higher-order ---- */

static int jn_hof_args(jn_val fn, jn_val *out, jn_val a1, jn_val a2, jn_val a3)
{
    int arity = jn_arity(fn);
    out[0] = a1;
    int n = 1;
    if (arity >= 2)
        out[n++] = a2;
    if (arity >= 3)
        out[n++] = a3;
    return n;
}

FN(fn_map)
{
    jn_val a = ARG(0), f = ARG(1);
    jn_val r = jn_seq(c);
    for (size_t i = 0; i < jn_len(a); i++) {
        jn_val fa[3];
        int n = jn_hof_args(f, fa, jn_at(a, i), jn_num((double)i), a);
        jn_val v = jn_apply(c, f, fa, n, UNDEF);
        if (!jn_is_undef(v))
            jn_push(c, r, v);
    }
    return r;
}

FN(fn_filter)
{
    jn_val a = ARG(0), f = ARG(1);
    jn_val r = jn_seq(c);
    for (size_t i = 0; i < jn_len(a); i++) {
        jn_val fa[3];
        jn_val e = jn_at(a, i);
        int n = jn_hof_args(f, fa, e, jn_num((double)i), a);
        if (jn_truthy(jn_apply(c, f, fa, n, UNDEF)))
            jn_push(c, r, e);
    }
    return r;
}

FN(fn_single)
{
    jn_val a = ARG(0), f = ARG(1);
    bool found = false;
    jn_val result = UNDEF;
    for (size_t i = 0; i < jn_len(a); i++) {
        jn_val e = jn_at(a, i);
        bool pos = true;
        if (!jn_is_undef(f)) {
            jn_val fa[3];
            int n = jn_hof_args(f, fa, e, jn_num((double)i), a);
            pos = jn_truthy(jn_apply(c, f, fa, n, UNDEF));
        }
        if (pos) {
            if (found)
                jn_throw(c, "D3138", -1);
            result = e;
            found = true;
        }
    }
    if (!found)
        jn_throw(c, "D3139", -1);
    return result;
}

FN(fn_reduce)
{
    jn_val a = ARG(0), f = ARG(1), init = ARG(2);
    int arity = jn_arity(f);
    if (arity < 2)
        jn_throw(c, "D3050", -1);
    size_t i = 0;
    jn_val result;
    if (jn_is_undef(init) && jn_len(a) > 0) {
        result = jn_at(a, 0);
        i = 1;
    } else {
        result = init;
    }
    for (; i < jn_len(a); i++) {
        jn_val fa[4] = {result, jn_at(a, i), jn_num((double)i), a};
        result = jn_apply(c, f, fa, arity >= 4 ? 4 : arity, UNDEF);
    }
    return result;
}

FN(fn_sift)
{
    jn_val o = ARG(0), f = ARG(1);
    if (jn_is_undef(o))
        return UNDEF;
    jn_obj *r = jn_obj_new(c->h, 4);
    for (size_t i = 0; i < jn_obj_size(o); i++) {
        jn_val fa[3];
        jn_val v = jn_obj_value(o, i);
        int n = jn_hof_args(f, fa, v, jn_obj_key(o, i), o);
        if (jn_truthy(jn_apply(c, f, fa, n, UNDEF)))
            jn_obj_set(c->h, r, jn_obj_key(o, i), v);
    }
    if (r->n == 0)
        return UNDEF;
    return jn_obj_val(r);
}

FN(fn_each)
{
    jn_val o = ARG(0), f = ARG(1);
    if (jn_is_undef(o))
        return UNDEF;
    jn_val r = jn_seq(c);
    for (size_t i = 0; i < jn_obj_size(o); i++) {
        jn_val fa[3];
        int n = jn_hof_args(f, fa, jn_obj_value(o, i), jn_obj_key(o, i), o);
        jn_val v = jn_apply(c, f, fa, n, UNDEF);
        if (!jn_is_undef(v))
            jn_push(c, r, v);
    }
    return r;
}

FN(fn_zip)
{
    size_t len = nargs > 0 ? SIZE_MAX : 0;
    for (int i = 0; i < nargs; i++) {
        size_t l = jn_is_arr(args[i]) ? jn_len(args[i]) : 0;
        if (l < len)
            len = l;
    }
    jn_arr *r = jn_arr_new(c->h, (uint32_t)(len ? len : 1));
    for (size_t i = 0; i < len; i++) {
        jn_arr *t = jn_arr_new(c->h, (uint32_t)nargs);
        for (int k = 0; k < nargs; k++)
            jn_arr_push(c->h, t, jn_at(args[k], i));
        jn_arr_push(c->h, r, jn_arr_val(t));
    }
    return jn_arr_val(r);
}

/* ---- objects and arrays ---- */

static void jn_keys_into(jn_ctx *c, jn_val v, jn_obj *seen, jn_val out)
{
    if (jn_is_arr(v)) {
        for (size_t i = 0; i < jn_len(v); i++)
            jn_keys_into(c, jn_at(v, i), seen, out);
    } else if (jn_is_obj(v)) {
        for (size_t i = 0; i < jn_obj_size(v); i++) {
            jn_val k = jn_obj_key(v, i);
            if (jn_is_undef(jn_obj_get(jn_obj_val(seen), k.u.s, k.len))) {
                jn_obj_set(c->h, seen, k, jn_bool(true));
                jn_push(c, out, k);
            }
        }
    }
}

FN(fn_keys)
{
    jn_val r = jn_seq(c);
    jn_keys_into(c, ARG(0), jn_obj_new(c->h, 8), r);
    return r;
}

FN(fn_lookup)
{
    jn_val in = ARG(0), key = ARG(1);
    if (jn_is_arr(in)) {
        jn_val r = jn_seq(c);
        for (size_t i = 0; i < jn_len(in); i++) {
            jn_val args2[2] = {jn_at(in, i), key};
            jn_val v = fn_lookup(c, args2, 2, focus);
            if (jn_is_undef(v))
                continue;
            if (jn_is_arr(v))
                for (size_t k = 0; k < jn_len(v); k++)
                    jn_push(c, r, jn_at(v, k));
            else
                jn_push(c, r, v);
        }
        return r;
    }
    if (key.t != JN_STR)
        return UNDEF;
    return jn_obj_get(in, key.u.s, key.len);
}

FN(fn_append) { return jn_append(c, ARG(0), ARG(1)); }

static jn_val jn_spread(jn_ctx *c, jn_val v)
{
    if (jn_is_arr(v)) {
        jn_val r = jn_seq(c);
        for (size_t i = 0; i < jn_len(v); i++)
            r = jn_append(c, r, jn_spread(c, jn_at(v, i)));
        return r;
    }
    if (jn_is_obj(v)) {
        jn_val r = jn_seq(c);
        for (size_t i = 0; i < jn_obj_size(v); i++) {
            jn_obj *o = jn_obj_new(c->h, 1);
            jn_obj_set(c->h, o, jn_obj_key(v, i), jn_obj_value(v, i));
            jn_push(c, r, jn_obj_val(o));
        }
        return r;
    }
    return v;
}

FN(fn_spread) { return jn_spread(c, ARG(0)); }

FN(fn_merge)
{
    jn_val a = ARG(0);
    jn_obj *r = jn_obj_new(c->h, 8);
    for (size_t i = 0; i < jn_len(a); i++) {
        jn_val o = jn_at(a, i);
        for (size_t k = 0; k < jn_obj_size(o); k++)
            jn_obj_set(c->h, r, jn_obj_key(o, k), jn_obj_value(o, k));
    }
    return jn_obj_val(r);
}

FN(fn_reverse)
{
    jn_val a = ARG(0);
    size_t n = jn_len(a);
    if (n <= 1)
        return a;
    jn_arr *r = jn_arr_new(c->h, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        r->items[i] = jn_at(a, n - 1 - i);
    r->n = (uint32_t)n;
    return jn_arr_val(r);
}

FN(fn_error)
{
    jn_val m = ARG(0);
    c->err.message = m.t == JN_STR ? jn_strndup(c->h, m.u.s, m.len) : "$error() function evaluated";
    jn_throw(c, "D3137", -1);
}

FN(fn_assert)
{
    jn_val cond = ARG(0), m = ARG(1);
    if (!jn_truthy(cond)) {
        c->err.message = m.t == JN_STR ? jn_strndup(c->h, m.u.s, m.len) : "$assert() statement failed";
        jn_throw(c, "D3141", -1);
    }
    return UNDEF;
}

FN(fn_type)
{
    const char *t = jn_type_name(ARG(0));
    return t ? jn_cstr(t) : UNDEF;
}

/* JavaScript truthiness (a comparator's result is used as-is by the reference) */
static bool jn_js_truthy(jn_val v)
{
    switch (v.t) {
    case JN_UNDEF:
    case JN_NULL: return false;
    case JN_BOOL: return v.b;
    case JN_NUM: return v.u.n != 0 && !isnan(v.u.n);
    case JN_STR: return v.len > 0;
    default: return true;
    }
}

typedef struct {
    jn_ctx *c;
    jn_val fn;
} jn_fsort;

static bool jn_fsort_swap(void *user, jn_val a, jn_val b)
{
    jn_fsort *s = user;
    jn_val fa[2] = {a, b};
    return jn_js_truthy(jn_apply(s->c, s->fn, fa, 2, UNDEF));
}

static bool jn_default_swap(void *user, jn_val a, jn_val b)
{
    if (a.t == JN_NUM)
        return a.u.n > b.u.n;
    size_t m = a.len < b.len ? a.len : b.len;
    int r = memcmp(a.u.s, b.u.s, m);
    return r > 0 || (r == 0 && a.len > b.len);
}

FN(fn_sort)
{
    jn_val a = ARG(0), f = ARG(1);
    if (jn_len(a) <= 1)
        return a;
    if (jn_is_undef(f)) {
        bool nums = true, strs = true;
        for (size_t i = 0; i < jn_len(a); i++) {
            jn_val x = jn_at(a, i);
            nums = nums && x.t == JN_NUM;
            strs = strs && x.t == JN_STR;
        }
        if (!nums && !strs)
            jn_throw(c, "D3070", -1);
        return jn_sort_values(c, a, jn_default_swap, NULL);
    }
    jn_fsort s = {c, f};
    return jn_sort_values(c, a, jn_fsort_swap, &s);
}

FN(fn_shuffle)
{
    jn_val a = ARG(0);
    size_t n = jn_len(a);
    if (n <= 1)
        return a;
    jn_arr *r = jn_arr_new(c->h, (uint32_t)n);
    r->n = (uint32_t)n;
    for (size_t i = 0; i < n; i++) {
        size_t j = (size_t)rng_below(jn_rng(c), i + 1);
        if (i != j)
            r->items[i] = r->items[j];
        r->items[j] = jn_at(a, i);
    }
    return jn_arr_val(r);
}

FN(fn_distinct)
{
    jn_val a = ARG(0);
    if (!jn_is_arr(a) || jn_len(a) <= 1)
        return a;
    jn_arr *r = jn_arr_new(c->h, 8);
    r->seq = jn_is_seq(a);
    for (size_t i = 0; i < jn_len(a); i++) {
        jn_val v = jn_at(a, i);
        bool dup = false;
        for (uint32_t k = 0; k < r->n && !dup; k++)
            dup = jn_deep_equal(v, r->items[k]);
        if (!dup)
            jn_arr_push(c->h, r, v);
    }
    return jn_arr_val(r);
}

FN(fn_clone)
{
    /* the reference clones through string(): the root array is cloned unwrapped */
    return jn_deep_clone(c, jn_outer_unwrap(ARG(0)));
}

/* ---- encoding ---- */

/* Node's Buffer.from(str, 'binary') then .toString('base64'): one byte per character. */
FN(fn_base64encode)
{
    jn_val s = ARG(0);
    size_t n = 0;
    unsigned char *bytes = jn_alloc(c->h, s.len + 1);
    for (size_t i = 0; i < s.len;)
        bytes[n++] = (unsigned char)(jn_utf8_next(s.u.s, s.len, &i) & 0xFF);
    char *text = jn_alloc(c->h, BASE64_ENCODED_SIZE(n));
    return jn_str(text, base64_encode(bytes, n, BASE64_ALPHABET_STANDARD, text));
}

/* Node's Buffer.from(str, 'base64') then .toString('binary'): each byte as a code point. */
FN(fn_base64decode)
{
    jn_val s = ARG(0);
    unsigned char *bytes = jn_alloc(c->h, BASE64_DECODED_MAX(s.len) + 1);
    size_t n = 0, bad;
    base64_decode(s.u.s, s.len, BASE64_LENIENT, bytes, &n, &bad);
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    for (size_t i = 0; i < n; i++)
        strbuf_put_utf8(&sb, bytes[i]);
    return jn_strbuf_val(c, &sb);
}

static jn_val jn_encode_uri(jn_ctx *c, jn_val s, bool component, const char *fname)
{
    static const char *const keep_all = "-_.!~*'()";
    static const char *const keep_uri = ";,/?:@&=+$#";
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    for (size_t i = 0; i < s.len;) {
        size_t st = i;
        uint32_t cp = jn_utf8_next(s.u.s, s.len, &i);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            jn_sb_release(c, &sb);
            char msg[120];
            snprintf(msg, sizeof msg, "Malformed URL passed to %s: \"%.*s\"", fname, (int)s.len, s.u.s);
            c->err.message = jn_strndup(c->h, msg, strlen(msg));
            jn_throw(c, "D3140", -1);
        }
        if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                          (cp >= '0' && cp <= '9') || strchr(keep_all, (int)cp) ||
                          (!component && strchr(keep_uri, (int)cp)))) {
            strbuf_putc(&sb, (char)cp);
            continue;
        }
        for (size_t k = st; k < i; k++)
            strbuf_printf(&sb, "%%%02X", (unsigned char)s.u.s[k]);
    }
    return jn_strbuf_val(c, &sb);
}

static int jn_hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

static jn_val jn_decode_uri(jn_ctx *c, jn_val s, bool component, const char *fname)
{
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    for (size_t i = 0; i < s.len;) {
        if (s.u.s[i] != '%') {
            strbuf_putc(&sb, s.u.s[i++]);
            continue;
        }
        unsigned char bytes[4];
        size_t start = i;
        int need = 1, got = 0;
        bool bad = false;
        while (got < need) {
            if (i + 2 >= s.len + 0 && i + 2 > s.len - 1 + 1) {
                bad = true;
                break;
            }
            if (i + 2 >= s.len + 1 || s.u.s[i] != '%' || jn_hexval(s.u.s[i + 1]) < 0 ||
                i + 2 >= s.len + 1 || jn_hexval(s.u.s[i + 2]) < 0) {
                bad = true;
                break;
            }
            unsigned char b = (unsigned char)(jn_hexval(s.u.s[i + 1]) * 16 + jn_hexval(s.u.s[i + 2]));
            if (got == 0) {
                need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
                     : (b & 0xF8) == 0xF0 ? 4 : 0;
                if (!need) {
                    bad = true;
                    break;
                }
            } else if ((b & 0xC0) != 0x80) {
                bad = true;
                break;
            }
            bytes[got++] = b;
            i += 3;
        }
        if (bad) {
            jn_sb_release(c, &sb);
            char msg[120];
            snprintf(msg, sizeof msg, "Malformed URL passed to %s: \"%.*s\"", fname, (int)s.len, s.u.s);
            c->err.message = jn_strndup(c->h, msg, strlen(msg));
            jn_throw(c, "D3140", -1);
        }
        if (!component && need == 1 && strchr(";/?:@&=+$,#", bytes[0]))
            strbuf_append(&sb, s.u.s + start, 3);
        else
            strbuf_append(&sb, (const char *)bytes, (size_t)need);
    }
    return jn_strbuf_val(c, &sb);
}

FN(fn_encode_url_component) { return jn_encode_uri(c, ARG(0), true, "$encodeUrlComponent()"); }
FN(fn_encode_url) { return jn_encode_uri(c, ARG(0), false, "$encodeUrl()"); }
FN(fn_decode_url_component) { return jn_decode_uri(c, ARG(0), true, "$decodeUrlComponent()"); }
FN(fn_decode_url) { return jn_decode_uri(c, ARG(0), false, "$decodeUrl()"); }

/* ---- date/time ---- */

FN(fn_to_millis)
{
    jn_val s = ARG(0);
    return jn_dt_to_millis(c, s, ARG(1));
}

FN(fn_from_millis)
{
    jn_val v = ARG(0);
    return jn_dt_from_millis(c, v.u.n, ARG(1), ARG(2));
}

FN(fn_now) { return jn_dt_from_millis(c, (double)c->now_ms, ARG(0), ARG(1)); }
FN(fn_millis) { return jn_num((double)c->now_ms); }

FN(fn_eval)
{
    c->err.message = "$eval is not supported";
    jn_throw(c, "D3121", -1);
}

/* ---- AWS Step Functions additions ---- */

FN(fn_partition)
{
    jn_val a = ARG(0), size = ARG(1);
    if (size.t != JN_NUM || size.u.n < 1 || floor(size.u.n) != size.u.n)
        jn_throw_v(c, "D3030", -1, size);
    size_t n = jn_len(a), sz = (size_t)size.u.n;
    jn_arr *r = jn_arr_new(c->h, (uint32_t)(n / sz + 1));
    for (size_t i = 0; i < n; i += sz) {
        jn_arr *chunk = jn_arr_new(c->h, (uint32_t)sz);
        for (size_t k = i; k < i + sz && k < n; k++)
            jn_arr_push(c->h, chunk, jn_at(a, k));
        jn_arr_push(c->h, r, jn_arr_val(chunk));
    }
    return jn_arr_val(r);
}

FN(fn_range)
{
    double start = ARG(0).u.n, end = ARG(1).u.n;
    double step = jn_is_undef(ARG(2)) ? 1 : ARG(2).u.n;
    jn_val r = jn_seq(c);
    if (step == 0 || isnan(step))
        return r;
    double count = floor((end - start) / step) + 1;
    if (count > 1e7)
        jn_throw_v(c, "D2014", -1, jn_num(count));
    for (double i = 0; i < count; i++)
        jn_push(c, r, jn_num(start + i * step));
    return r;
}

FN(fn_hash)
{
    jn_val s = ARG(0), alg = ARG(1);
    const char *name = alg.t == JN_STR ? jn_strndup(c->h, alg.u.s, alg.len) : "SHA-256";
    const EVP_MD *md = NULL;
    if (!strcmp(name, "MD5")) md = EVP_md5();
    else if (!strcmp(name, "SHA-1")) md = EVP_sha1();
    else if (!strcmp(name, "SHA-256")) md = EVP_sha256();
    else if (!strcmp(name, "SHA-384")) md = EVP_sha384();
    else if (!strcmp(name, "SHA-512")) md = EVP_sha512();
    if (!md)
        jn_throw_v(c, "D3137", -1, alg);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int olen = 0;
    if (!EVP_Digest(s.u.s, s.len, out, &olen, md, NULL))
        engine_oom(0);   /* it fails only when OpenSSL cannot allocate its context */
    char *hex = jn_alloc(c->h, olen * 2 + 1);
    for (unsigned int i = 0; i < olen; i++)
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    return jn_str(hex, olen * 2);
}

FN(fn_uuid)
{
    char *u = jn_alloc(c->h, 37);
    rng_uuid(jn_rng(c), u);
    return jn_str(u, 36);
}

FN(fn_parse)
{
    jn_val s = ARG(0);
    jv_parse_error pe;
    jv *j = jv_parse(s.u.s, s.len, 0, &pe);
    if (!j) {
        c->err.message = jn_strndup(c->h, pe.message, strlen(pe.message));
        jn_throw_v(c, "D3138", -1, s);
    }
    jn_heap_own(c->h, j);
    return jn_from_jv(j);
}

/* the reference's registrations (name, implementation, signature, JS parameter count) */
static const jn_native jn_natives[] = {
    {"sum", fn_sum, "<a<n>:n>", 1, JN_UNDEF_FIRST},
    {"count", fn_count, "<a:n>", 1, JN_UNDEF_OWN},
    {"max", fn_max, "<a<n>:n>", 1, JN_UNDEF_FIRST},
    {"min", fn_min, "<a<n>:n>", 1, JN_UNDEF_FIRST},
    {"average", fn_average, "<a<n>:n>", 1, JN_UNDEF_FIRST},
    {"string", fn_string, "<x-b?:s>", 1, JN_UNDEF_FIRST},
    {"substring", fn_substring, "<s-nn?:s>", 3, JN_UNDEF_FIRST},
    {"substringBefore", fn_substring_before, "<s-s:s>", 2, JN_UNDEF_FIRST},
    {"substringAfter", fn_substring_after, "<s-s:s>", 2, JN_UNDEF_FIRST},
    {"lowercase", fn_lowercase, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"uppercase", fn_uppercase, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"length", fn_length, "<s-:n>", 1, JN_UNDEF_FIRST},
    {"trim", fn_trim, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"pad", fn_pad, "<s-ns?:s>", 3, JN_UNDEF_FIRST},
    {"match", fn_match, "<s-f<s:o>n?:a<o>>", 3, JN_UNDEF_FIRST},
    {"contains", fn_contains, "<s-(sf):b>", 2, JN_UNDEF_FIRST_TWO},
    {"replace", fn_replace, "<s-(sf)(sf)n?:s>", 4, JN_UNDEF_FIRST},
    {"split", fn_split, "<s-(sf)n?:a<s>>", 3, JN_UNDEF_FIRST},
    {"join", fn_join, "<a<s>s?:s>", 2, JN_UNDEF_FIRST},
    {"formatNumber", fn_format_number, "<n-so?:s>", 3, JN_UNDEF_FIRST},
    {"formatBase", fn_format_base, "<n-n?:s>", 2, JN_UNDEF_FIRST},
    {"formatInteger", fn_format_integer, "<n-s:s>", 2, JN_UNDEF_FIRST},
    {"parseInteger", fn_parse_integer, "<s-s:n>", 2, JN_UNDEF_FIRST},
    {"number", fn_number, "<(nsb)-:n>", 1, JN_UNDEF_FIRST},
    {"floor", fn_floor, "<n-:n>", 1, JN_UNDEF_FIRST},
    {"ceil", fn_ceil, "<n-:n>", 1, JN_UNDEF_FIRST},
    {"round", fn_round, "<n-n?:n>", 2, JN_UNDEF_FIRST},
    {"abs", fn_abs, "<n-:n>", 1, JN_UNDEF_FIRST},
    {"sqrt", fn_sqrt, "<n-:n>", 1, JN_UNDEF_FIRST},
    {"power", fn_power, "<n-n:n>", 2, JN_UNDEF_FIRST},
    {"random", fn_random, "<n?:n>", 0, JN_UNDEF_OWN},
    {"boolean", fn_boolean, "<x-:b>", 1, JN_UNDEF_FIRST},
    {"not", fn_not, "<x-:b>", 1, JN_UNDEF_FIRST},
    {"map", fn_map, "<af>", 2, JN_UNDEF_FIRST},
    {"zip", fn_zip, "<a+>", 0, JN_UNDEF_OWN},
    {"filter", fn_filter, "<af>", 2, JN_UNDEF_FIRST},
    {"single", fn_single, "<af?>", 2, JN_UNDEF_FIRST},
    {"reduce", fn_reduce, "<afj?:j>", 3, JN_UNDEF_FIRST},
    {"sift", fn_sift, "<o-f?:o>", 2, JN_UNDEF_OWN},
    {"keys", fn_keys, "<x-:a<s>>", 1, JN_UNDEF_OWN},
    {"lookup", fn_lookup, "<x-s:x>", 2, JN_UNDEF_OWN},
    {"append", fn_append, "<xx:a>", 2, JN_UNDEF_OWN},
    {"exists", fn_exists, "<x:b>", 1, JN_UNDEF_OWN},
    {"spread", fn_spread, "<x-:a<o>>", 1, JN_UNDEF_OWN},
    {"merge", fn_merge, "<a<o>:o>", 1, JN_UNDEF_FIRST},
    {"reverse", fn_reverse, "<a:a>", 1, JN_UNDEF_FIRST},
    {"each", fn_each, "<o-f:a>", 2, JN_UNDEF_OWN},
    {"error", fn_error, "<s?:x>", 1, JN_UNDEF_OWN},
    {"assert", fn_assert, "<bs?:x>", 2, JN_UNDEF_OWN},
    {"type", fn_type, "<x:s>", 1, JN_UNDEF_FIRST},
    {"sort", fn_sort, "<af?:a>", 2, JN_UNDEF_FIRST},
    {"shuffle", fn_shuffle, "<a:a>", 1, JN_UNDEF_FIRST},
    {"distinct", fn_distinct, "<x:x>", 1, JN_UNDEF_FIRST},
    {"base64encode", fn_base64encode, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"base64decode", fn_base64decode, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"encodeUrlComponent", fn_encode_url_component, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"encodeUrl", fn_encode_url, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"decodeUrlComponent", fn_decode_url_component, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"decodeUrl", fn_decode_url, "<s-:s>", 1, JN_UNDEF_FIRST},
    {"eval", fn_eval, "<sx?:x>", 2, JN_UNDEF_FIRST},
    {"toMillis", fn_to_millis, "<s-s?:n>", 2, JN_UNDEF_FIRST},
    {"fromMillis", fn_from_millis, "<n-s?s?:s>", 3, JN_UNDEF_FIRST},
    {"clone", fn_clone, "<(oa)-:o>", 1, JN_UNDEF_FIRST},
    {"now", fn_now, "<s?s?:s>", 2, JN_UNDEF_OWN},
    {"millis", fn_millis, "<:n>", 0, JN_UNDEF_OWN},
    {"partition", fn_partition, "<an:a>", 2, JN_UNDEF_FIRST},
    {"range", fn_range, "<nnn?:a>", 3, JN_UNDEF_OWN},
    {"hash", fn_hash, "<s-s?:s>", 2, JN_UNDEF_FIRST},
    {"uuid", fn_uuid, "<:s>", 0, JN_UNDEF_OWN},
    {"parse", fn_parse, "<s-:j>", 1, JN_UNDEF_FIRST},
};

const jn_native *jn_fn_table(int *n)
{
    *n = (int)(sizeof jn_natives / sizeof jn_natives[0]);
    return jn_natives;
}

int jn_fn_find(const char *name, size_t len)
{
    int n = (int)(sizeof jn_natives / sizeof jn_natives[0]);
    for (int i = 0; i < n; i++)
        if (jn_natives[i].name[0] == name[0] && strlen(jn_natives[i].name) == len &&
            memcmp(jn_natives[i].name, name, len) == 0)
            return i;
    return -1;
}
