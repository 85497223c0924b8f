/* jn_parse — JSONata tokenizer, Pratt parser and post-parse pass. See jn_parse.h.
 * Follows the reference parser (jsonata-js src/parser.js) closely, so the same inputs
 * give the same trees and the same S0xxx errors. */
#include "jn_parse.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jn_re.h"
#include "jn_sig.h"

/* nesting deeper than this is refused before the C stack is at risk */
#define JN_PARSE_MAX_DEPTH 500

typedef enum {
    TK_END, TK_NAME, TK_VAR, TK_STR, TK_NUM, TK_VALUE, TK_REGEX, TK_OP
} jn_tktype;

typedef struct {
    jn_tktype type;
    const char *op;      /* TK_OP: the operator text (static) */
    const char *str;     /* TK_NAME/TK_VAR/TK_STR: heap, NUL-terminated */
    size_t slen;
    jn_val val;          /* TK_NUM/TK_VALUE */
    jn_regex *re;
    int pos;
} jn_token;

typedef struct {
    jn_heap *h;
    const char *src;
    size_t len, at;
    jn_token tok;        /* the current token ("node") */
    jmp_buf jb;
    jn_parse_error *err;
    jn_regex **regexes;
    int nregexes, capregexes;
    int depth;
    int ancestor_label, ancestor_index;
    int next_id;
    jn_slot **ancestry;
    int nancestry, capancestry;
} jn_parser;

static const char *const jn_ops1 = ".[]{}(),@#;:?+-*/%|=<>^&!~";

typedef struct {
    const char *op;
    int bp;
} jn_opbp;

/* left binding powers (the reference's operators table, as registered with symbol()) */
static const jn_opbp jn_lbp_table[] = {
    {".", 75}, {"[", 80}, {"{", 70}, {"(", 80}, {"@", 80}, {"#", 80}, {"?", 20},
    {"+", 50}, {"-", 50}, {"*", 60}, {"/", 60}, {"%", 60}, {"=", 40}, {"<", 40}, {">", 40},
    {"^", 40}, {":=", 10}, {"!=", 40}, {"<=", 40}, {">=", 40}, {"~>", 40}, {"and", 30},
    {"or", 25}, {"in", 40}, {"&", 50}, {"??", 40}, {"?:", 40},
};

static const char *const jn_known_ops[] = {
    ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%",
    "|", "=", "<", ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "and", "or", "in", "&",
    "??", "?:",
};

static const char *jn_intern_op(const char *s, size_t n)
{
    static const char *const all[] = {
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/",
        "%", "|", "=", "<", ">", "^", "&", "!", "~", "**", "..", ":=", "!=", "<=", ">=", "~>",
        "and", "or", "in", "??", "?:",
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strlen(all[i]) == n && memcmp(all[i], s, n) == 0)
            return all[i];
    return "?";
}

static void jn_perr(jn_parser *p, const char *code, int pos, const char *token, const char *value)
    __attribute__((noreturn));
static void jn_perr(jn_parser *p, const char *code, int pos, const char *token, const char *value)
{
    snprintf(p->err->code, sizeof p->err->code, "%s", code);
    p->err->pos = pos;
    snprintf(p->err->token, sizeof p->err->token, "%s", token ? token : "");
    snprintf(p->err->value, sizeof p->err->value, "%s", value ? value : "");
    longjmp(p->jb, 1);
}

/* ---- tokenizer ---- */

static bool jn_is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'; }

static void jn_put_cp(strbuf *sb, uint32_t cp) { strbuf_put_utf8(sb, cp); }

static int jn_hex4(const char *s, size_t avail)
{
    if (avail < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static void jn_scan_string(jn_parser *p, jn_token *t)
{
    char quote = p->src[p->at++];
    strbuf sb;
    strbuf_init(&sb, 0);
    while (p->at < p->len) {
        char c = p->src[p->at];
        if (c == '\\') {
            p->at++;
            char e = p->at < p->len ? p->src[p->at] : 0;
            switch (e) {
            case '"': strbuf_putc(&sb, '"'); break;
            case '\\': strbuf_putc(&sb, '\\'); break;
            case '/': strbuf_putc(&sb, '/'); break;
            case 'b': strbuf_putc(&sb, '\b'); break;
            case 'f': strbuf_putc(&sb, '\f'); break;
            case 'n': strbuf_putc(&sb, '\n'); break;
            case 'r': strbuf_putc(&sb, '\r'); break;
            case 't': strbuf_putc(&sb, '\t'); break;
            case 'u': {
                int cp = jn_hex4(p->src + p->at + 1, p->len - p->at - 1);
                if (cp < 0) {
                    strbuf_cleanup(&sb);
                    jn_perr(p, "S0104", (int)p->at, NULL, NULL);
                }
                p->at += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && p->at + 6 < p->len + 0 + 1 &&
                    p->src[p->at + 1] == '\\' && p->at + 2 < p->len && p->src[p->at + 2] == 'u') {
                    int lo = jn_hex4(p->src + p->at + 3, p->len - p->at - 3);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        p->at += 6;
                    }
                }
                jn_put_cp(&sb, (uint32_t)cp);
                break;
            }
            default: {
                char tk[2] = {e, 0};
                strbuf_cleanup(&sb);
                jn_perr(p, "S0103", (int)p->at, tk, NULL);
            }
            }
            p->at++;
        } else if (c == quote) {
            p->at++;
            t->type = TK_STR;
            t->slen = sb.len;
            t->str = jn_strndup(p->h, strbuf_str(&sb), sb.len);
            strbuf_cleanup(&sb);
            return;
        } else {
            strbuf_putc(&sb, c);
            p->at++;
        }
    }
    strbuf_cleanup(&sb);
    jn_perr(p, "S0101", (int)p->at, NULL, NULL);
}

static void jn_scan_regex(jn_parser *p, jn_token *t)
{
    size_t start = p->at;
    int depth = 0;
    while (p->at < p->len) {
        char c = p->src[p->at];
        if (c == '/' && depth == 0) {
            size_t bs = 0;
            while (p->at >= bs + 1 && p->src[p->at - bs - 1] == '\\')
                bs++;
            if (bs % 2 == 0) {
                size_t plen = p->at - start;
                if (plen == 0)
                    jn_perr(p, "S0301", (int)p->at, NULL, NULL);
                p->at++;
                char flags[8] = {0};
                size_t nf = 0;
                while (p->at < p->len && (p->src[p->at] == 'i' || p->src[p->at] == 'm')) {
                    if (nf < 6)
                        flags[nf++] = p->src[p->at];
                    p->at++;
                }
                char msg[200];
                jn_regex *re = jn_re_compile(p->src + start, plen, flags, msg, sizeof msg);
                if (!re)
                    jn_perr(p, "S0303", (int)start, msg, NULL);
                if (p->nregexes == p->capregexes) {
                    p->capregexes = p->capregexes ? p->capregexes * 2 : 8;
                    p->regexes = engine_realloc(p->regexes, (size_t)p->capregexes * sizeof(jn_regex *));
                }
                p->regexes[p->nregexes++] = re;
                t->type = TK_REGEX;
                t->re = re;
                return;
            }
        }
        if ((c == '(' || c == '[' || c == '{') && (p->at == 0 || p->src[p->at - 1] != '\\'))
            depth++;
        if ((c == ')' || c == ']' || c == '}') && (p->at == 0 || p->src[p->at - 1] != '\\'))
            depth--;
        p->at++;
    }
    jn_perr(p, "S0302", (int)p->at, NULL, NULL);
}

static bool jn_scan_number(jn_parser *p, jn_token *t)
{
    const char *s = p->src + p->at;
    size_t n = p->len - p->at, i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n || !(s[i] >= '0' && s[i] <= '9'))
        return false;
    if (s[i] == '0')
        i++;
    else
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < n && s[j] >= '0' && s[j] <= '9') {
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            i = j;
        }
    }
    char buf[400];
    if (i >= sizeof buf) {
        char tk[64];
        snprintf(tk, sizeof tk, "%.*s", (int)(i < 60 ? i : 60), s);
        jn_perr(p, "S0102", (int)p->at, tk, NULL);
    }
    memcpy(buf, s, i);
    buf[i] = 0;
    double d = strtod(buf, NULL);
    if (!isfinite(d))
        jn_perr(p, "S0102", (int)p->at, buf, NULL);
    t->type = TK_NUM;
    t->val = jn_num(d);
    p->at += i;
    return true;
}

/* Reads the next token into p->tok. prefix: a '/' here is division, not a regex. */
static void jn_lex(jn_parser *p, bool prefix)
{
    jn_token *t = &p->tok;
    memset(t, 0, sizeof *t);
    for (;;) {
        while (p->at < p->len && jn_is_ws(p->src[p->at]))
            p->at++;
        if (p->at + 1 < p->len && p->src[p->at] == '/' && p->src[p->at + 1] == '*') {
            size_t start = p->at;
            p->at += 2;
            for (;;) {
                if (p->at + 1 >= p->len) {
                    p->at = p->len;
                    jn_perr(p, "S0106", (int)start, NULL, NULL);
                }
                if (p->src[p->at] == '*' && p->src[p->at + 1] == '/')
                    break;
                p->at++;
            }
            p->at += 2;
            continue;
        }
        break;
    }
    t->pos = (int)p->at;
    if (p->at >= p->len) {
        t->type = TK_END;
        t->pos = (int)p->len;
        return;
    }
    const char *s = p->src + p->at;
    char c = s[0], c2 = p->at + 1 < p->len ? s[1] : 0;
    if (!prefix && c == '/') {
        p->at++;
        jn_scan_regex(p, t);
        return;
    }
    static const char *const two[] = {"..", ":=", "!=", ">=", "<=", "**", "~>", "??", "?:"};
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++) {
        if (c == two[i][0] && c2 == two[i][1]) {
            p->at += 2;
            t->type = TK_OP;
            t->op = two[i];
            return;
        }
    }
    if (strchr(jn_ops1, c)) {
        p->at++;
        t->type = TK_OP;
        t->op = jn_intern_op(s, 1);
        return;
    }
    if (c == '"' || c == '\'') {
        jn_scan_string(p, t);
        return;
    }
    if (jn_scan_number(p, t))
        return;
    if (c == '`') {
        const char *end = memchr(s + 1, '`', p->len - p->at - 1);
        if (!end) {
            p->at = p->len;
            jn_perr(p, "S0105", (int)p->len, NULL, NULL);
        }
        t->type = TK_NAME;
        t->slen = (size_t)(end - s - 1);
        t->str = jn_strndup(p->h, s + 1, t->slen);
        p->at += t->slen + 2;
        return;
    }
    size_t i = p->at;
    while (i < p->len && !jn_is_ws(p->src[i]) && !strchr(jn_ops1, p->src[i]))
        i++;
    if (c == '$') {
        t->type = TK_VAR;
        t->slen = i - p->at - 1;
        t->str = jn_strndup(p->h, s + 1, t->slen);
        p->at = i;
        return;
    }
    size_t n = i - p->at;
    p->at = i;
    if (n == 2 && memcmp(s, "or", 2) == 0) { t->type = TK_OP; t->op = "or"; return; }
    if (n == 2 && memcmp(s, "in", 2) == 0) { t->type = TK_OP; t->op = "in"; return; }
    if (n == 3 && memcmp(s, "and", 3) == 0) { t->type = TK_OP; t->op = "and"; return; }
    if (n == 4 && memcmp(s, "true", 4) == 0) { t->type = TK_VALUE; t->val = jn_bool(true); return; }
    if (n == 5 && memcmp(s, "false", 5) == 0) { t->type = TK_VALUE; t->val = jn_bool(false); return; }
    if (n == 4 && memcmp(s, "null", 4) == 0) { t->type = TK_VALUE; t->val = jn_null(); return; }
    t->type = TK_NAME;
    t->slen = n;
    t->str = jn_strndup(p->h, s, n);
}

/* ---- parser ---- */

static bool jn_tok_is(const jn_parser *p, const char *op)
{
    return p->tok.type == TK_OP && strcmp(p->tok.op, op) == 0;
}

static const char *jn_tok_text(const jn_parser *p, char *buf, size_t n)
{
    const jn_token *t = &p->tok;
    switch (t->type) {
    case TK_END: return "(end)";
    case TK_OP: return t->op;
    case TK_NAME:
    case TK_VAR:
    case TK_STR: snprintf(buf, n, "%s", t->str); return buf;
    case TK_NUM: jn_numstr(t->val.u.n, buf); return buf;
    case TK_VALUE:
        return t->val.t == JN_NULL ? "null" : t->val.b ? "true" : "false";
    case TK_REGEX: return jn_re_source(t->re);
    }
    return "";
}

static void jn_advance(jn_parser *p, const char *id, bool infix)
{
    if (id) {
        bool ok = jn_tok_is(p, id);
        if (!ok) {
            char buf[64];
            jn_perr(p, p->tok.type == TK_END ? "S0203" : "S0202", p->tok.pos,
                    jn_tok_text(p, buf, sizeof buf), id);
        }
    }
    jn_lex(p, infix);
    if (p->tok.type == TK_OP) {
        bool known = false;
        for (size_t i = 0; i < sizeof jn_known_ops / sizeof jn_known_ops[0]; i++)
            if (strcmp(jn_known_ops[i], p->tok.op) == 0)
                known = true;
        if (!known)
            jn_perr(p, "S0204", p->tok.pos, p->tok.op, NULL);
    }
}

static int jn_lbp(const jn_parser *p)
{
    if (p->tok.type != TK_OP)
        return 0;
    for (size_t i = 0; i < sizeof jn_lbp_table / sizeof jn_lbp_table[0]; i++)
        if (strcmp(jn_lbp_table[i].op, p->tok.op) == 0)
            return jn_lbp_table[i].bp;
    return 0;
}

static jn_node *jn_node_new(jn_parser *p, jn_ntype type, int pos)
{
    jn_node *n = jn_zalloc(p->h, sizeof *n);
    n->type = type;
    n->pos = pos;
    n->id = p->next_id++;
    return n;
}

typedef struct {
    jn_node **items;
    int n, cap;
} jn_nodelist;

static void jn_list_push(jn_parser *p, jn_nodelist *l, jn_node *n)
{
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 4;
        jn_node **ni = jn_alloc(p->h, (size_t)ncap * sizeof(jn_node *));
        if (l->n)
            memcpy(ni, l->items, (size_t)l->n * sizeof(jn_node *));
        l->items = ni;
        l->cap = ncap;
    }
    l->items[l->n++] = n;
}

static jn_node *jn_expression(jn_parser *p, int rbp);

static jn_op jn_binop_of(const char *op)
{
    static const struct { const char *s; jn_op op; } map[] = {
        {"+", OP_ADD}, {"-", OP_SUB}, {"*", OP_MUL}, {"/", OP_DIV}, {"%", OP_MOD},
        {"=", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT},
        {">=", OP_GE}, {"&", OP_CONCAT}, {"and", OP_AND}, {"or", OP_OR}, {"in", OP_IN},
        {".", OP_DOT}, {"~>", OP_APPLY},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].s, op) == 0)
            return map[i].op;
    return OP_NONE;
}

static void jn_parse_object_pairs(jn_parser *p, jn_node *n)
{
    jn_nodelist keys = {0}, vals = {0};
    if (!jn_tok_is(p, "}")) {
        for (;;) {
            jn_list_push(p, &keys, jn_expression(p, 0));
            jn_advance(p, ":", false);
            jn_list_push(p, &vals, jn_expression(p, 0));
            if (!jn_tok_is(p, ","))
                break;
            jn_advance(p, ",", false);
        }
    }
    jn_advance(p, "}", true);
    n->keys = keys.items;
    n->vals = vals.items;
    n->npairs = keys.n;
}

/* token (already consumed) as a prefix operand */
static jn_node *jn_nud(jn_parser *p, jn_token t)
{
    switch (t.type) {
    case TK_END: {
        jn_node *n = jn_node_new(p, N_RAW_OPNAME, t.pos);
        n->str = "(end)";
        return n;
    }
    case TK_NAME:
    case TK_VAR: {
        jn_node *n = jn_node_new(p, t.type == TK_NAME ? N_NAME : N_VARIABLE, t.pos);
        n->str = t.str;
        n->slen = t.slen;
        return n;
    }
    case TK_STR: {
        jn_node *n = jn_node_new(p, N_STRING, t.pos);
        n->lit = jn_str(t.str, t.slen);
        n->str = t.str;
        n->slen = t.slen;
        return n;
    }
    case TK_NUM:
    case TK_VALUE: {
        jn_node *n = jn_node_new(p, t.type == TK_NUM ? N_NUMBER : N_VALUE, t.pos);
        n->lit = t.val;
        return n;
    }
    case TK_REGEX: {
        jn_node *n = jn_node_new(p, N_REGEX, t.pos);
        n->re = t.re;
        return n;
    }
    case TK_OP:
        break;
    }
    const char *op = t.op;
    if (!strcmp(op, "and") || !strcmp(op, "or") || !strcmp(op, "in")) {
        jn_node *n = jn_node_new(p, N_RAW_OPNAME, t.pos);
        n->str = op;
        n->slen = strlen(op);
        return n;
    }
    if (!strcmp(op, "-")) {
        jn_node *n = jn_node_new(p, N_NEG, t.pos);
        n->expr = jn_expression(p, 70);
        return n;
    }
    if (!strcmp(op, "*"))
        return jn_node_new(p, N_WILDCARD, t.pos);
    if (!strcmp(op, "**"))
        return jn_node_new(p, N_DESCENDANT, t.pos);
    if (!strcmp(op, "%"))
        return jn_node_new(p, N_PARENT, t.pos);
    if (!strcmp(op, "(")) {
        jn_nodelist l = {0};
        while (!jn_tok_is(p, ")")) {
            jn_list_push(p, &l, jn_expression(p, 0));
            if (!jn_tok_is(p, ";"))
                break;
            jn_advance(p, ";", false);
        }
        jn_advance(p, ")", true);
        jn_node *n = jn_node_new(p, N_BLOCK, t.pos);
        n->items = l.items;
        n->nitems = l.n;
        return n;
    }
    if (!strcmp(op, "[")) {
        jn_nodelist l = {0};
        if (!jn_tok_is(p, "]")) {
            for (;;) {
                jn_node *item = jn_expression(p, 0);
                if (jn_tok_is(p, "..")) {
                    jn_node *r = jn_node_new(p, N_RAW_BINARY, p->tok.pos);
                    r->op = OP_RANGE;
                    r->lhs = item;
                    jn_advance(p, "..", false);
                    r->rhs = jn_expression(p, 0);
                    item = r;
                }
                jn_list_push(p, &l, item);
                if (!jn_tok_is(p, ","))
                    break;
                jn_advance(p, ",", false);
            }
        }
        jn_advance(p, "]", true);
        jn_node *n = jn_node_new(p, N_ARRAY, t.pos);
        n->items = l.items;
        n->nitems = l.n;
        return n;
    }
    if (!strcmp(op, "{")) {
        jn_node *n = jn_node_new(p, N_RAW_OBJECT, t.pos);
        jn_parse_object_pairs(p, n);
        return n;
    }
    if (!strcmp(op, "|")) {
        jn_node *n = jn_node_new(p, N_TRANSFORM, t.pos);
        n->pattern = jn_expression(p, 0);
        jn_advance(p, "|", false);
        n->update = jn_expression(p, 0);
        if (jn_tok_is(p, ",")) {
            jn_advance(p, ",", false);
            n->del = jn_expression(p, 0);
        }
        jn_advance(p, "|", false);
        return n;
    }
    jn_perr(p, "S0211", t.pos, op, NULL);
}

static void jn_parse_signature(jn_parser *p, jn_node *fn)
{
    int sigpos = p->tok.pos;
    int depth = 1;
    /* the signature's text is the tokens' text without white space, so it is never
     * longer than the rest of the source; a heap buffer survives a syntax error */
    size_t cap = p->len - (size_t)sigpos + 70;
    char *text = jn_alloc(p->h, cap);
    size_t tlen = 0;
    text[tlen++] = '<';
    char buf[64];
    while (depth > 0 && !jn_tok_is(p, "{") && p->tok.type != TK_END) {
        jn_advance(p, NULL, false);
        if (jn_tok_is(p, ">"))
            depth--;
        else if (jn_tok_is(p, "<"))
            depth++;
        const char *t = jn_tok_text(p, buf, sizeof buf);
        size_t n = strlen(t);
        if (tlen + n + 1 < cap) {
            memcpy(text + tlen, t, n);
            tlen += n;
        }
    }
    text[tlen] = 0;
    jn_advance(p, ">", false);
    char code[8];
    int off = 0;
    fn->sig = jn_sig_parse(p->h, text, tlen, code, &off);
    if (!fn->sig)
        jn_perr(p, code, sigpos + off, NULL, NULL);
}

static jn_node *jn_led_call(jn_parser *p, jn_token t, jn_node *left)
{
    jn_node *n = jn_node_new(p, N_FUNCTION, t.pos);
    n->procedure = left;
    jn_nodelist args = {0};
    if (!jn_tok_is(p, ")")) {
        for (;;) {
            if (jn_tok_is(p, "?")) {
                n->type = N_PARTIAL;
                jn_list_push(p, &args, jn_node_new(p, N_PLACEHOLDER, p->tok.pos));
                jn_advance(p, "?", false);
            } else {
                jn_list_push(p, &args, jn_expression(p, 0));
            }
            if (!jn_tok_is(p, ","))
                break;
            jn_advance(p, ",", false);
        }
    }
    jn_advance(p, ")", true);
    n->items = args.items;
    n->nitems = args.n;
    if (left->type == N_NAME && (!strcmp(left->str, "function") || !strcmp(left->str, "\xCE\xBB"))) {
        for (int i = 0; i < args.n; i++) {
            if (args.items[i]->type != N_VARIABLE) {
                char v[16];
                snprintf(v, sizeof v, "%d", i + 1);
                jn_perr(p, "S0208", args.items[i]->pos, args.items[i]->str, v);
            }
        }
        n->type = N_LAMBDA;
        if (jn_tok_is(p, "<"))
            jn_parse_signature(p, n);
        jn_advance(p, "{", false);
        n->body = jn_expression(p, 0);
        jn_advance(p, "}", false);
    }
    return n;
}

static jn_node *jn_led(jn_parser *p, jn_token t, jn_node *left)
{
    const char *op = t.op;
    if (!strcmp(op, "("))
        return jn_led_call(p, t, left);
    if (!strcmp(op, "[")) {
        if (jn_tok_is(p, "]")) {
            jn_node *step = left;
            while (step && step->type == N_RAW_BINARY && step->op == OP_PRED)
                step = step->lhs;
            step->keep_array = true;
            jn_advance(p, "]", false);
            return left;
        }
        jn_node *n = jn_node_new(p, N_RAW_BINARY, t.pos);
        n->op = OP_PRED;
        n->lhs = left;
        n->rhs = jn_expression(p, 0);
        jn_advance(p, "]", true);
        return n;
    }
    if (!strcmp(op, "^")) {
        jn_advance(p, "(", false);
        jn_nodelist terms = {0};
        bool desc[256];
        for (;;) {
            bool d = false;
            if (jn_tok_is(p, "<")) {
                jn_advance(p, "<", false);
            } else if (jn_tok_is(p, ">")) {
                d = true;
                jn_advance(p, ">", false);
            }
            if (terms.n < 256)
                desc[terms.n] = d;
            jn_list_push(p, &terms, jn_expression(p, 0));
            if (!jn_tok_is(p, ","))
                break;
            jn_advance(p, ",", false);
        }
        jn_advance(p, ")", false);
        jn_node *n = jn_node_new(p, N_RAW_BINARY, t.pos);
        n->op = OP_SORT;
        n->lhs = left;
        n->terms = terms.items;
        n->nterms = terms.n < 256 ? terms.n : 256;
        n->desc = jn_alloc(p->h, sizeof(bool) * (size_t)(n->nterms + 1));
        memcpy(n->desc, desc, sizeof(bool) * (size_t)n->nterms);
        return n;
    }
    if (!strcmp(op, "{")) {
        jn_node *n = jn_node_new(p, N_RAW_BINARY, t.pos);
        n->op = OP_GROUP;
        n->lhs = left;
        jn_parse_object_pairs(p, n);
        return n;
    }
    if (!strcmp(op, ":=")) {
        if (left->type != N_VARIABLE)
            jn_perr(p, "S0212", left->pos, left->str, NULL);
        jn_node *n = jn_node_new(p, N_RAW_BINARY, t.pos);
        n->op = OP_BIND;
        n->lhs = left;
        n->rhs = jn_expression(p, 9);
        return n;
    }
    if (!strcmp(op, "@") || !strcmp(op, "#")) {
        jn_node *n = jn_node_new(p, N_RAW_BINARY, t.pos);
        n->op = op[0] == '@' ? OP_FOCUS : OP_INDEX;
        n->lhs = left;
        n->rhs = jn_expression(p, 80);
        if (n->rhs->type != N_VARIABLE)
            jn_perr(p, "S0214", n->rhs->pos, op, NULL);
        return n;
    }
    if (!strcmp(op, "?")) {
        jn_node *n = jn_node_new(p, N_CONDITION, t.pos);
        n->cond = left;
        n->then = jn_expression(p, 0);
        if (jn_tok_is(p, ":")) {
            jn_advance(p, ":", false);
            n->els = jn_expression(p, 0);
        }
        return n;
    }
    if (!strcmp(op, "??") || !strcmp(op, "?:")) {
        jn_node *n = jn_node_new(p, op[1] == '?' ? N_COALESCE : N_ELVIS, t.pos);
        n->cond = left;
        n->els = jn_expression(p, 0);
        return n;
    }
    jn_op bop = jn_binop_of(op);
    if (bop == OP_NONE)
        jn_perr(p, "S0201", t.pos, op, NULL);
    int bp = 0;
    for (size_t i = 0; i < sizeof jn_lbp_table / sizeof jn_lbp_table[0]; i++)
        if (!strcmp(jn_lbp_table[i].op, op))
            bp = jn_lbp_table[i].bp;
    jn_node *n = jn_node_new(p, N_RAW_BINARY, t.pos);
    n->op = bop;
    n->lhs = left;
    n->rhs = jn_expression(p, bp);
    return n;
}

static jn_node *jn_expression(jn_parser *p, int rbp)
{
    if (++p->depth > JN_PARSE_MAX_DEPTH)
        jn_perr(p, "U1001", p->tok.pos, NULL, NULL);
    jn_token t = p->tok;
    jn_advance(p, NULL, true);
    jn_node *left = jn_nud(p, t);
    while (rbp < jn_lbp(p)) {
        t = p->tok;
        jn_advance(p, NULL, false);
        left = jn_led(p, t, left);
    }
    p->depth--;
    return left;
}

/* ---- post-parse pass (processAST) ---- */

static jn_node *jn_process(jn_parser *p, jn_node *expr);

static void jn_seeking_push(jn_parser *p, jn_node *n, jn_slot *s)
{
    jn_slot **ns = jn_alloc(p->h, (size_t)(n->nseeking + 1) * sizeof(jn_slot *));
    if (n->nseeking)
        memcpy(ns, n->seeking, (size_t)n->nseeking * sizeof(jn_slot *));
    ns[n->nseeking++] = s;
    n->seeking = ns;
}

static void jn_push_ancestry(jn_parser *p, jn_node *result, jn_node *value)
{
    if (value->nseeking == 0 && value->type != N_PARENT)
        return;
    for (int i = 0; i < value->nseeking; i++)
        jn_seeking_push(p, result, value->seeking[i]);
    if (value->type == N_PARENT)
        jn_seeking_push(p, result, value->slot);
}

static jn_slot *jn_seek_parent(jn_parser *p, jn_node *node, jn_slot *slot)
{
    switch (node->type) {
    case N_NAME:
    case N_WILDCARD:
        slot->level--;
        if (slot->level == 0) {
            if (!node->ancestor) {
                node->ancestor = slot;
            } else {
                memcpy(p->ancestry[slot->index]->label, node->ancestor->label, sizeof slot->label);
                node->ancestor = slot;
            }
            node->tuple = true;
        }
        break;
    case N_PARENT:
        slot->level++;
        break;
    case N_BLOCK:
        if (node->nitems > 0) {
            node->tuple = true;
            slot = jn_seek_parent(p, node->items[node->nitems - 1], slot);
        }
        break;
    case N_PATH: {
        node->tuple = true;
        int index = node->nitems - 1;
        slot = jn_seek_parent(p, node->items[index--], slot);
        while (slot->level > 0 && index >= 0)
            slot = jn_seek_parent(p, node->items[index--], slot);
        break;
    }
    default:
        jn_perr(p, "S0217", node->pos, "", NULL);
    }
    return slot;
}

static void jn_resolve_ancestry(jn_parser *p, jn_node *path)
{
    int index = path->nitems - 1;
    jn_node *laststep = path->items[index];
    int nslots = laststep->nseeking + (laststep->type == N_PARENT ? 1 : 0);
    jn_slot **slots = jn_alloc(p->h, (size_t)(nslots + 1) * sizeof(jn_slot *));
    for (int i = 0; i < laststep->nseeking; i++)
        slots[i] = laststep->seeking[i];
    if (laststep->type == N_PARENT)
        slots[nslots - 1] = laststep->slot;
    for (int is = 0; is < nslots; is++) {
        jn_slot *slot = slots[is];
        index = path->nitems - 2;
        while (slot->level > 0) {
            if (index < 0) {
                jn_seeking_push(p, path, slot);
                break;
            }
            jn_node *step = path->items[index--];
            while (index >= 0 && step->focus && path->items[index]->focus)
                step = path->items[index--];
            slot = jn_seek_parent(p, step, slot);
        }
    }
}

static jn_node *jn_tail_call_optimize(jn_parser *p, jn_node *expr)
{
    if (expr->type == N_FUNCTION && expr->npreds == 0) {
        jn_node *thunk = jn_node_new(p, N_LAMBDA, expr->pos);
        thunk->thunk = true;
        thunk->body = expr;
        return thunk;
    }
    if (expr->type == N_CONDITION) {
        expr->then = jn_tail_call_optimize(p, expr->then);
        if (expr->els)
            expr->els = jn_tail_call_optimize(p, expr->els);
        return expr;
    }
    if (expr->type == N_BLOCK && expr->nitems > 0) {
        expr->items[expr->nitems - 1] = jn_tail_call_optimize(p, expr->items[expr->nitems - 1]);
        return expr;
    }
    return expr;
}

static jn_node *jn_wrap_path(jn_parser *p, jn_node *step)
{
    jn_node *path = jn_node_new(p, N_PATH, step->pos);
    path->items = jn_alloc(p->h, 4 * sizeof(jn_node *));
    path->items[0] = step;
    path->nitems = 1;
    return path;
}

static void jn_path_append(jn_parser *p, jn_node *path, jn_node *step)
{
    jn_node **ni = jn_alloc(p->h, (size_t)(path->nitems + 1) * sizeof(jn_node *));
    memcpy(ni, path->items, (size_t)path->nitems * sizeof(jn_node *));
    ni[path->nitems++] = step;
    path->items = ni;
}

static void jn_add_stage(jn_parser *p, jn_node *step, jn_stage st)
{
    jn_stage *ns = jn_alloc(p->h, (size_t)(step->nstages + 1) * sizeof(jn_stage));
    if (step->nstages)
        memcpy(ns, step->stages, (size_t)step->nstages * sizeof(jn_stage));
    ns[step->nstages++] = st;
    step->stages = ns;
}

static void jn_add_pred(jn_parser *p, jn_node *step, jn_node *pred)
{
    jn_node **np = jn_alloc(p->h, (size_t)(step->npreds + 1) * sizeof(jn_node *));
    if (step->npreds)
        memcpy(np, step->preds, (size_t)step->npreds * sizeof(jn_node *));
    np[step->npreds++] = pred;
    step->preds = np;
}

static jn_node *jn_process_dot(jn_parser *p, jn_node *expr)
{
    jn_node *lstep = jn_process(p, expr->lhs);
    jn_node *result = lstep->type == N_PATH ? lstep : jn_wrap_path(p, lstep);
    if (lstep->type == N_PARENT) {
        result->seeking = NULL;
        result->nseeking = 0;
        jn_seeking_push(p, result, lstep->slot);
    }
    jn_node *rest = jn_process(p, expr->rhs);
    if (rest->type == N_PATH) {
        for (int i = 0; i < rest->nitems; i++)
            jn_path_append(p, result, rest->items[i]);
    } else {
        if (rest->npreds) {
            for (int i = 0; i < rest->npreds; i++) {
                jn_stage st = {false, rest->preds[i], NULL, rest->preds[i]->pos};
                jn_add_stage(p, rest, st);
            }
            rest->preds = NULL;
            rest->npreds = 0;
        }
        jn_path_append(p, result, rest);
    }
    for (int i = 0; i < result->nitems; i++) {
        jn_node *st = result->items[i];
        if (st->type == N_NUMBER || st->type == N_VALUE) {
            char v[40];
            if (st->type == N_NUMBER)
                jn_numstr(st->lit.u.n, v);
            else
                snprintf(v, sizeof v, "%s", st->lit.t == JN_NULL ? "null" : st->lit.b ? "true" : "false");
            jn_perr(p, "S0213", st->pos, NULL, v);
        }
        if (st->type == N_STRING)
            st->type = N_NAME;
        if (st->keep_array)
            result->keep_singleton = true;
    }
    jn_node *first = result->items[0];
    if (first->type == N_ARRAY)
        first->consarray = true;
    jn_node *last = result->items[result->nitems - 1];
    if (last->type == N_ARRAY)
        last->consarray = true;
    jn_resolve_ancestry(p, result);
    return result;
}

static jn_node *jn_process_pred(jn_parser *p, jn_node *expr)
{
    jn_node *result = jn_process(p, expr->lhs);
    jn_node *step = result;
    bool stages = false;
    if (result->type == N_PATH) {
        step = result->items[result->nitems - 1];
        stages = true;
    }
    if (step->group)
        jn_perr(p, "S0209", expr->pos, NULL, NULL);
    jn_node *pred = jn_process(p, expr->rhs);
    if (pred->nseeking) {
        for (int i = 0; i < pred->nseeking; i++) {
            jn_slot *slot = pred->seeking[i];
            if (slot->level == 1)
                jn_seek_parent(p, step, slot);
            else
                slot->level--;
        }
        jn_push_ancestry(p, step, pred);
    }
    if (stages) {
        jn_stage st = {false, pred, NULL, expr->pos};
        jn_add_stage(p, step, st);
    } else {
        jn_add_pred(p, step, pred);
    }
    return result;
}

static jn_node *jn_process_binary(jn_parser *p, jn_node *expr)
{
    jn_node *result, *step;
    switch (expr->op) {
    case OP_DOT:
        return jn_process_dot(p, expr);
    case OP_PRED:
        return jn_process_pred(p, expr);
    case OP_GROUP:
        result = jn_process(p, expr->lhs);
        if (result->group)
            jn_perr(p, "S0210", expr->pos, NULL, NULL);
        result->group = jn_zalloc(p->h, sizeof(jn_group));
        result->group->n = expr->npairs;
        result->group->pos = expr->pos;
        result->group->keys = jn_alloc(p->h, (size_t)(expr->npairs + 1) * sizeof(jn_node *));
        result->group->vals = jn_alloc(p->h, (size_t)(expr->npairs + 1) * sizeof(jn_node *));
        for (int i = 0; i < expr->npairs; i++) {
            result->group->keys[i] = jn_process(p, expr->keys[i]);
            result->group->vals[i] = jn_process(p, expr->vals[i]);
        }
        return result;
    case OP_SORT: {
        result = jn_process(p, expr->lhs);
        if (result->type != N_PATH)
            result = jn_wrap_path(p, result);
        jn_node *sort = jn_node_new(p, N_SORT, expr->pos);
        sort->nterms = expr->nterms;
        sort->desc = expr->desc;
        sort->terms = jn_alloc(p->h, (size_t)(expr->nterms + 1) * sizeof(jn_node *));
        for (int i = 0; i < expr->nterms; i++) {
            sort->terms[i] = jn_process(p, expr->terms[i]);
            jn_push_ancestry(p, sort, sort->terms[i]);
        }
        jn_path_append(p, result, sort);
        jn_resolve_ancestry(p, result);
        return result;
    }
    case OP_BIND:
        result = jn_node_new(p, N_BIND, expr->pos);
        result->lhs = jn_process(p, expr->lhs);
        result->rhs = jn_process(p, expr->rhs);
        jn_push_ancestry(p, result, result->rhs);
        return result;
    case OP_FOCUS:
        result = jn_process(p, expr->lhs);
        step = result;
        if (result->type == N_PATH)
            step = result->items[result->nitems - 1];
        if (step->nstages || step->npreds)
            jn_perr(p, "S0215", expr->pos, NULL, NULL);
        if (step->type == N_SORT)
            jn_perr(p, "S0216", expr->pos, NULL, NULL);
        if (expr->keep_array)
            step->keep_array = true;
        step->focus = expr->rhs->str;
        step->tuple = true;
        return result;
    case OP_INDEX:
        result = jn_process(p, expr->lhs);
        step = result;
        if (result->type == N_PATH) {
            step = result->items[result->nitems - 1];
        } else {
            result = jn_wrap_path(p, result);
            if (step->npreds) {
                for (int i = 0; i < step->npreds; i++) {
                    jn_stage st = {false, step->preds[i], NULL, step->preds[i]->pos};
                    jn_add_stage(p, step, st);
                }
                step->preds = NULL;
                step->npreds = 0;
            }
        }
        if (step->nstages == 0) {
            step->index_var = expr->rhs->str;
        } else {
            jn_stage st = {true, NULL, expr->rhs->str, expr->pos};
            jn_add_stage(p, step, st);
        }
        step->tuple = true;
        return result;
    case OP_APPLY:
        result = jn_node_new(p, N_APPLY, expr->pos);
        result->lhs = jn_process(p, expr->lhs);
        result->rhs = jn_process(p, expr->rhs);
        return result;
    default:
        result = jn_node_new(p, N_BINARY, expr->pos);
        result->op = expr->op;
        result->lhs = jn_process(p, expr->lhs);
        result->rhs = jn_process(p, expr->rhs);
        jn_push_ancestry(p, result, result->lhs);
        jn_push_ancestry(p, result, result->rhs);
        return result;
    }
}

static jn_node *jn_process_inner(jn_parser *p, jn_node *expr)
{
    jn_node *result;
    switch (expr->type) {
    case N_RAW_BINARY:
        return jn_process_binary(p, expr);
    case N_ARRAY:
        result = jn_node_new(p, N_ARRAY, expr->pos);
        result->nitems = expr->nitems;
        result->items = jn_alloc(p->h, (size_t)(expr->nitems + 1) * sizeof(jn_node *));
        for (int i = 0; i < expr->nitems; i++) {
            result->items[i] = jn_process(p, expr->items[i]);
            jn_push_ancestry(p, result, result->items[i]);
        }
        return result;
    case N_RAW_OBJECT:
        result = jn_node_new(p, N_OBJECT, expr->pos);
        result->npairs = expr->npairs;
        result->keys = jn_alloc(p->h, (size_t)(expr->npairs + 1) * sizeof(jn_node *));
        result->vals = jn_alloc(p->h, (size_t)(expr->npairs + 1) * sizeof(jn_node *));
        for (int i = 0; i < expr->npairs; i++) {
            result->keys[i] = jn_process(p, expr->keys[i]);
            jn_push_ancestry(p, result, result->keys[i]);
            result->vals[i] = jn_process(p, expr->vals[i]);
            jn_push_ancestry(p, result, result->vals[i]);
        }
        return result;
    case N_NEG:
        result = jn_node_new(p, N_NEG, expr->pos);
        result->expr = jn_process(p, expr->expr);
        if (result->expr->type == N_NUMBER) {
            result = result->expr;
            result->lit.u.n = -result->lit.u.n;
        } else {
            jn_push_ancestry(p, result, result->expr);
        }
        return result;
    case N_FUNCTION:
    case N_PARTIAL:
        result = jn_node_new(p, expr->type, expr->pos);
        result->nitems = expr->nitems;
        result->items = jn_alloc(p->h, (size_t)(expr->nitems + 1) * sizeof(jn_node *));
        for (int i = 0; i < expr->nitems; i++) {
            result->items[i] = jn_process(p, expr->items[i]);
            jn_push_ancestry(p, result, result->items[i]);
        }
        result->procedure = jn_process(p, expr->procedure);
        return result;
    case N_LAMBDA:
        result = jn_node_new(p, N_LAMBDA, expr->pos);
        result->items = expr->items;
        result->nitems = expr->nitems;
        result->sig = expr->sig;
        result->body = jn_tail_call_optimize(p, jn_process(p, expr->body));
        return result;
    case N_CONDITION:
    case N_COALESCE:
    case N_ELVIS:
        result = jn_node_new(p, expr->type, expr->pos);
        result->cond = jn_process(p, expr->cond);
        jn_push_ancestry(p, result, result->cond);
        if (expr->then) {
            result->then = jn_process(p, expr->then);
            jn_push_ancestry(p, result, result->then);
        }
        if (expr->els) {
            result->els = jn_process(p, expr->els);
            jn_push_ancestry(p, result, result->els);
        }
        return result;
    case N_TRANSFORM:
        result = jn_node_new(p, N_TRANSFORM, expr->pos);
        result->pattern = jn_process(p, expr->pattern);
        result->update = jn_process(p, expr->update);
        if (expr->del)
            result->del = jn_process(p, expr->del);
        return result;
    case N_BLOCK:
        result = jn_node_new(p, N_BLOCK, expr->pos);
        result->nitems = expr->nitems;
        result->items = jn_alloc(p->h, (size_t)(expr->nitems + 1) * sizeof(jn_node *));
        for (int i = 0; i < expr->nitems; i++) {
            jn_node *part = jn_process(p, expr->items[i]);
            jn_push_ancestry(p, result, part);
            if (part->consarray || (part->type == N_PATH && part->items[0]->consarray))
                result->consarray = true;
            result->items[i] = part;
        }
        return result;
    case N_NAME:
        result = jn_wrap_path(p, expr);
        if (expr->keep_array)
            result->keep_singleton = true;
        return result;
    case N_PARENT: {
        result = jn_node_new(p, N_PARENT, expr->pos);
        jn_slot *slot = jn_zalloc(p->h, sizeof *slot);
        snprintf(slot->label, sizeof slot->label, "!%d", p->ancestor_label++);
        slot->level = 1;
        slot->index = p->ancestor_index++;
        result->slot = slot;
        if (p->nancestry == p->capancestry) {
            p->capancestry = p->capancestry ? p->capancestry * 2 : 8;
            jn_slot **na = jn_alloc(p->h, (size_t)p->capancestry * sizeof(jn_slot *));
            if (p->nancestry)
                memcpy(na, p->ancestry, (size_t)p->nancestry * sizeof(jn_slot *));
            p->ancestry = na;
        }
        p->ancestry[p->nancestry++] = slot;
        return result;
    }
    case N_STRING:
    case N_NUMBER:
    case N_VALUE:
    case N_WILDCARD:
    case N_DESCENDANT:
    case N_VARIABLE:
    case N_REGEX:
    case N_PLACEHOLDER:
        return expr;
    case N_RAW_OPNAME:
        if (!strcmp(expr->str, "and") || !strcmp(expr->str, "or") || !strcmp(expr->str, "in")) {
            expr->type = N_NAME;
            return jn_process(p, expr);
        }
        if (!strcmp(expr->str, "(end)"))
            jn_perr(p, "S0207", expr->pos, "(end)", NULL);
        jn_perr(p, "S0201", expr->pos, expr->str, NULL);
    default:
        jn_perr(p, "S0206", expr->pos, NULL, NULL);
    }
}

/* A constant expression reads no input, variable or function and binds nothing, so it
 * has the same value wherever it is evaluated (the evaluator may evaluate it once). */
static bool jn_is_constant(const jn_node *n)
{
    if (n->npreds || n->nstages || n->group || n->keep_array || n->focus || n->index_var)
        return false;
    switch (n->type) {
    case N_NUMBER:
    case N_STRING:
    case N_VALUE:
        return true;
    case N_NEG:
        return n->expr->constant;
    case N_BINARY:
        return n->lhs->constant && n->rhs->constant;
    case N_ARRAY:
        for (int i = 0; i < n->nitems; i++)
            if (!n->items[i]->constant)
                return false;
        return true;
    default:
        return false;
    }
}

static jn_node *jn_process(jn_parser *p, jn_node *expr)
{
    if (++p->depth > JN_PARSE_MAX_DEPTH * 2)
        jn_perr(p, "U1001", expr->pos, NULL, NULL);
    jn_node *result = jn_process_inner(p, expr);
    if (expr->keep_array)
        result->keep_array = true;
    result->constant = jn_is_constant(result);
    p->depth--;
    return result;
}

jn_node *jn_parse(jn_heap *h, const char *text, size_t len, jn_parse_error *err,
                  jn_regex ***regexes, int *nregexes)
{
    jn_parser *p = jn_zalloc(h, sizeof *p);
    p->h = h;
    p->src = text;
    p->len = len;
    p->err = err;
    memset(err, 0, sizeof *err);
    jn_node *volatile result = NULL;
    if (setjmp(p->jb) == 0) {
        jn_advance(p, NULL, false);
        jn_node *expr = jn_expression(p, 0);
        if (p->tok.type != TK_END) {
            char buf[64];
            jn_perr(p, "S0201", p->tok.pos, jn_tok_text(p, buf, sizeof buf), NULL);
        }
        p->depth = 0;
        expr = jn_process(p, expr);
        if (expr->type == N_PARENT || expr->nseeking)
            jn_perr(p, "S0217", expr->pos, expr->type == N_PARENT ? "parent" : "", NULL);
        expr->nnodes = p->next_id;
        result = expr;
    }
    *regexes = p->regexes;
    *nregexes = p->nregexes;
    return result;
}

jn_node *jn_parse_chain_ast(jn_heap *h)
{
    jn_parse_error err;
    jn_regex **re = NULL;
    int nre = 0;
    static const char chain[] = "function($f, $g) { function($x){ $g($f($x)) } }";
    jn_node *n = jn_parse(h, chain, sizeof chain - 1, &err, &re, &nre);
    engine_free(re);
    return n;
}
