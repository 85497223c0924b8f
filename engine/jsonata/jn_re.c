/* jn_re — JavaScript regular expressions on PCRE2. See jn_re.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "jn_re.h"

#include <pcre2.h>
#include "alloc.h"   /* again after pcre2.h: its PCRE2 part */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "strbuf.h"

/* bounded backtracking: enough for real patterns, stops catastrophic ones quickly */
#define JN_RE_MATCH_LIMIT 5000000u
#define JN_RE_DEPTH_LIMIT 100000u

struct jn_regex {
    pcre2_code *code;
    pcre2_match_context *mctx;
    int ngroups;
    char *source;
};

/* JavaScript syntax PCRE2 reads differently: `[^]` (any character) and `[]` (nothing). */
static char *jn_re_translate(const char *pat, size_t len)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (size_t i = 0; i < len; i++) {
        if (pat[i] == '\\' && i + 1 < len) {
            strbuf_append(&sb, pat + i, 2);
            i++;
        } else if (pat[i] == '[' && i + 2 < len + 1 && i + 1 < len && pat[i + 1] == '^' &&
                   i + 2 < len && pat[i + 2] == ']') {
            strbuf_puts(&sb, "[\\s\\S]");
            i += 2;
        } else if (pat[i] == '[' && i + 1 < len && pat[i + 1] == ']') {
            strbuf_puts(&sb, "(?!)");
            i += 1;
        } else {
            strbuf_putc(&sb, pat[i]);
        }
    }
    return strbuf_detach(&sb);
}

jn_regex *jn_re_compile(const char *pat, size_t len, const char *flags, char *err, size_t errsz)
{
    uint32_t opts = PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_INVALID_UTF;
    if (strchr(flags, 'i'))
        opts |= PCRE2_CASELESS;
    if (strchr(flags, 'm'))
        opts |= PCRE2_MULTILINE;
    char *tr = jn_re_translate(pat, len);
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = engine_pcre2_compile((PCRE2_SPTR)tr, strlen(tr), opts, &ec, &eo);
    engine_free(tr);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        snprintf(err, errsz, "%s", (char *)msg);
        return NULL;
    }
    jn_regex *re = engine_calloc(1, sizeof *re);
    re->code = code;
    re->mctx = engine_pcre2_match_context(JN_RE_MATCH_LIMIT, JN_RE_DEPTH_LIMIT);
    uint32_t cap = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &cap);
    re->ngroups = (int)cap;
    re->source = engine_calloc(1, len + 1);
    memcpy(re->source, pat, len);
    return re;
}

void jn_re_free(jn_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    pcre2_match_context_free(re->mctx);
    engine_free(re->source);
    engine_free(re);
}

int jn_re_ngroups(const jn_regex *re) { return re->ngroups; }
const char *jn_re_source(const jn_regex *re) { return re->source; }

int jn_re_exec(const jn_regex *re, const char *s, size_t len, size_t start, size_t *ov)
{
    /* NULL: the pattern's allocator, the engine's (engine_pcre2_compile) */
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, 0, md, re->mctx);
    int result;
    if (rc > 0) {
        PCRE2_SIZE *o = pcre2_get_ovector_pointer(md);
        int pairs = re->ngroups + 1;
        for (int i = 0; i < pairs; i++) {
            if (i < rc && o[2 * i] != PCRE2_UNSET) {
                ov[2 * i] = o[2 * i];
                ov[2 * i + 1] = o[2 * i + 1];
            } else {
                ov[2 * i] = ov[2 * i + 1] = JN_RE_NOMATCH;
            }
        }
        result = 1;
    } else if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL) {
        result = 0;
    } else {
        result = -1;
    }
    pcre2_match_data_free(md);
    return result;
}
