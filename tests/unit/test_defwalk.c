/*
 * Unit tests: the one definition walk (asl_schema.c's field table, validate.c keeping what it
 * compiled in asl_compiled, definition.c building the model from it).
 *  - every field of the state table is either stored in the model, read as a structure, or
 *    listed here as validated only; and the loader stores each modelled field (its slot in
 *    asl_state is set after loading a definition that has it);
 *  - a path or a template is compiled once per load, counted with a counting allocator;
 *  - loading reports exactly the validator's diagnostics.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asl_schema.h"
#include "definition.h"
#include "jsonpath.h"
#include "jv_text.h"
#include "strbuf.h"
#include "tap.h"
#include "template.h"
#include "validate.h"

/* ---- the table ---- */

/* Fields the model does not hold (yet): validated only. Adding one is a decision. */
static const char *const validated_only[] = {
    "Type", "Comment", "QueryLanguage", "Arguments", "Output", "Items", NULL};

static bool in_list(const char *const *list, const char *name)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

static bool is_structure(asl_sub sub)
{
    return sub == ASL_SUB_CHOICES || sub == ASL_SUB_RETRY || sub == ASL_SUB_CATCH ||
           sub == ASL_SUB_BRANCHES || sub == ASL_SUB_PROCESSOR || sub == ASL_SUB_ITEM_BATCHER;
}

/* A path-valued field must be modelled as a compiled path, not as text. */
static bool model_fits_kind(const asl_field *f)
{
    switch (f->kind) {
    case ASL_V_PATH:
    case ASL_V_RESULT_PATH:
        return f->model.kind == ASL_M_PATH_FIELD;
    case ASL_V_REF_PATH:
        return f->model.kind == ASL_M_PATH || f->model.kind == ASL_M_NONE;
    case ASL_V_ERROR_PATH:
        return f->model.kind == ASL_M_SOURCE;
    default:
        return f->model.kind != ASL_M_PATH && f->model.kind != ASL_M_PATH_FIELD &&
               f->model.kind != ASL_M_SOURCE;
    }
}

static void test_table_covered(void)
{
    for (const asl_field *f = asl_schema_fields(ASL_OBJ_STATE); f->name; f++) {
        bool modelled = f->model.kind != ASL_M_NONE;
        bool listed = in_list(validated_only, f->name);
        tap_ok(modelled + is_structure(f->sub) + listed == 1,
               "state field %s: exactly one of modelled, structure, validated only", f->name);
        tap_ok(model_fits_kind(f), "state field %s: its model kind fits its value kind",
               f->name);
    }
    for (size_t i = 0; validated_only[i]; i++)
        tap_ok(asl_schema_field(ASL_OBJ_STATE, validated_only[i]) != NULL,
               "validated-only %s is a state field", validated_only[i]);
}

/* ---- every modelled field reaches the model ---- */

/* A value of the field's kind that the validator accepts. */
static const char *sample_value(const asl_field *f)
{
    if (strcmp(f->name, "Next") == 0 || strcmp(f->name, "Default") == 0)
        return "\"Done\"";
    if (strcmp(f->name, "Resource") == 0)
        return "\"arn:aws:states:::lambda:invoke\"";
    if (strcmp(f->name, "Credentials") == 0)
        return "{\"RoleArn.$\":\"$.role\"}";
    if (strcmp(f->name, "ItemReader") == 0)
        return "{\"Resource\":\"arn:aws:states:::s3:getObject\"}";
    if (strcmp(f->name, "ResultWriter") == 0)
        return "{\"Resource\":\"arn:aws:states:::s3:putObject\"}";
    if (strncmp(f->name, "ToleratedFailure", 16) == 0 && f->model.kind == ASL_M_JV)
        return "5";
    switch (f->model.kind) {
    case ASL_M_STRING: return "\"E\"";
    case ASL_M_TRUE: return "true";
    case ASL_M_LONG:
    case ASL_M_SECONDS: return "5";
    case ASL_M_TIMESTAMP: return "\"2024-01-01T00:00:00Z\"";
    case ASL_M_JV:
    case ASL_M_TEMPLATE: return "{\"a.$\":\"$.b\"}";
    default: return "\"$.a\"";
    }
}

/* The members every state of the type needs, minus those the field replaces. Returns
 * whether the state goes to a state "Done". */
static bool base_members(strbuf *sb, asl_state_type t, const char *field)
{
    bool transitions = t == ASL_PASS || t == ASL_TASK || t == ASL_WAIT || t == ASL_PARALLEL ||
                       t == ASL_MAP;
    if (transitions && strcmp(field, "Next") != 0 && strcmp(field, "End") != 0)
        strbuf_puts(sb, ",\"Next\":\"Done\"");
    if (t == ASL_TASK && strcmp(field, "Resource") != 0)
        strbuf_puts(sb, ",\"Resource\":\"arn:aws:states:::lambda:invoke\"");
    if (t == ASL_CHOICE)
        strbuf_puts(sb, ",\"Choices\":[{\"Variable\":\"$.x\",\"IsPresent\":true,"
                        "\"Next\":\"Done\"}]");
    if (t == ASL_WAIT && !strstr("Seconds SecondsPath Timestamp TimestampPath", field))
        strbuf_puts(sb, ",\"Seconds\":1");
    if (t == ASL_PARALLEL)
        strbuf_puts(sb, ",\"Branches\":[{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":"
                        "\"Succeed\"}}}]");
    if (t == ASL_MAP)
        strbuf_puts(sb, ",\"ItemProcessor\":{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":"
                        "\"Succeed\"}}}");
    return (transitions && strcmp(field, "End") != 0) || t == ASL_CHOICE;
}

static size_t slot_size(asl_model_kind kind)
{
    switch (kind) {
    case ASL_M_TRUE: return sizeof(bool);
    case ASL_M_LONG: return sizeof(long);
    case ASL_M_DOUBLE: return sizeof(double);
    case ASL_M_SECONDS: return sizeof(int64_t);
    case ASL_M_TIMESTAMP: return sizeof(asl_instant);
    case ASL_M_PATH_FIELD: return sizeof(asl_path_field);
    case ASL_M_SOURCE: return sizeof(asl_string_source);
    default: return sizeof(void *);
    }
}

static bool slot_set(const asl_state *s, const asl_field *f)
{
    const unsigned char *p = (const unsigned char *)s + f->model.offset;
    for (size_t i = 0; i < slot_size(f->model.kind); i++)
        if (p[i])
            return true;
    return false;
}

static void check_field_loaded(const asl_field *f, asl_state_type t)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_printf(&sb, "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"%s\"",
                  asl_schema_state_type_name(t));
    bool done = base_members(&sb, t, f->name);
    strbuf_printf(&sb, ",\"%s\":%s}", f->name, sample_value(f));
    strbuf_puts(&sb, done ? ",\"Done\":{\"Type\":\"Succeed\"}}}" : "}}");
    asl_diags d;
    asl_diags_init(&d);
    asl_definition *def = asl_definition_load(sb.buf, sb.len, NULL, &d);
    const asl_state *s = def ? asl_definition_find_state(def, "S") : NULL;
    tap_ok(s && slot_set(s, f), "%s %s: loaded into the model", asl_schema_state_type_name(t),
           f->name);
    for (size_t i = 0; !def && i < d.len; i++)
        tap_diag("%s: %s @ %s (in %s)", d.items[i].code, d.items[i].message, d.items[i].pointer,
                 sb.buf);
    if ((f->model.kind == ASL_M_SECONDS || f->model.kind == ASL_M_TIMESTAMP) && s)
        tap_ok(*((const bool *)((const char *)s + f->model.flag)), "%s: its flag is set",
               f->name);
    asl_definition_free(def);
    asl_diags_cleanup(&d);
    strbuf_cleanup(&sb);
}

static void test_fields_loaded(void)
{
    for (const asl_field *f = asl_schema_fields(ASL_OBJ_STATE); f->name; f++)
        for (int t = 0; t < ASL_STATE_TYPE_COUNT; t++)
            if (f->model.kind != ASL_M_NONE && (f->types & (1u << t)))
                check_field_loaded(f, (asl_state_type)t);
}

/* ---- compiled once ---- */

typedef struct {
    long allocations;
} counter;

static void *counting_alloc(void *ud, void *ptr, size_t size)
{
    counter *c = ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (!ptr)
        c->allocations++;
    return realloc(ptr, size);
}

static long load_allocations(const char *text)
{
    counter c = {0};
    engine_allocator a = {counting_alloc, NULL, &c};
    asl_validate_options opts = {.alloc = &a};
    asl_diags d;
    asl_diags_init(&d);
    asl_definition *def = asl_definition_load(text, strlen(text), &opts, &d);
    tap_ok(def != NULL, "loads: %.60s...", text);
    asl_definition_free(def);
    asl_diags_cleanup(&d);
    return c.allocations;
}

static long path_compile_allocations(const char *path)
{
    counter c = {0};
    engine_allocator a = {counting_alloc, NULL, &c};
    const engine_allocator *prev = engine_alloc_enter(&a);
    jsonpath_free(jsonpath_compile(path, NULL));
    engine_alloc_leave(prev);
    return c.allocations;
}

static long template_compile_allocations(const char *json)
{
    jv *v = jv_parse(json, strlen(json), 0, NULL);
    counter c = {0};
    engine_allocator a = {counting_alloc, NULL, &c};
    const engine_allocator *prev = engine_alloc_enter(&a);
    template_free(template_compile(v, NULL));
    engine_alloc_leave(prev);
    jv_unref(v);
    return c.allocations;
}

#define PATH "$.orders[?(@.total > 10)].id"
#define TMPL "{\"id.$\":\"$.orders[0].id\",\"n.$\":\"States.ArrayLength($.orders)\"}"

/* The same definition with the text in a field the model compiles and in one it does not:
 * the difference is what compiling it once costs. */
static void test_compiled_once(void)
{
    static const char fmt[] = "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\",%s,"
                              "\"End\":true}}}";
    char with_path[512], with_comment[512], with_template[512], with_result[512];
    snprintf(with_path, sizeof with_path, fmt, "\"InputPath\":\"" PATH "\"");
    snprintf(with_comment, sizeof with_comment, fmt, "\"Comment\":\"" PATH "\"");
    snprintf(with_template, sizeof with_template, fmt, "\"Parameters\":" TMPL);
    snprintf(with_result, sizeof with_result, fmt, "\"Result\":" TMPL);
    long path_cost = path_compile_allocations(PATH);
    tap_ok(path_cost > 0, "compiling the path allocates (%ld)", path_cost);
    tap_is_int(load_allocations(with_path) - load_allocations(with_comment), path_cost,
               "an InputPath costs one compile of its path per load");
    long tmpl_cost = template_compile_allocations(TMPL);
    tap_ok(tmpl_cost > 0, "compiling the template allocates (%ld)", tmpl_cost);
    tap_is_int(load_allocations(with_template) - load_allocations(with_result), tmpl_cost,
               "Parameters cost one compile of the template per load");
}

/* ---- the loader reports the validator's diagnostics ---- */

static char *diag_lines(const asl_diags *d)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (size_t i = 0; i < d->len; i++)
        strbuf_printf(&sb, "%d:%d %s: %s @ %s\n", d->items[i].line, d->items[i].column,
                      d->items[i].code, d->items[i].message, d->items[i].pointer);
    return strbuf_detach(&sb);
}

static void check_same_diagnostics(const char *file)
{
    size_t len;
    char *text = tap_read_file(file, &len);
    if (!text) {
        tap_ok(false, "%s: read", file);
        return;
    }
    asl_diags v, l;
    asl_diags_init(&v);
    asl_diags_init(&l);
    jv_unref(asl_validate_text(text, len, NULL, &v));
    asl_definition *def = asl_definition_load(text, len, NULL, &l);
    char *a = diag_lines(&v), *b = diag_lines(&l);
    tap_is_str(b, a, "%s: loading reports the validator's diagnostics", file);
    asl_definition_free(def);
    free(a);
    free(b);
    asl_diags_cleanup(&v);
    asl_diags_cleanup(&l);
    free(text);
}

static void test_same_diagnostics(void)
{
    glob_t g;
    memset(&g, 0, sizeof g);
    static const char *const patterns[] = {"tests/validate/*.json", "tests/fuzz/seeds/*/*.json",
                                           "tests/workflows/*.asl.json", "fixtures/*/*.asl.json",
                                           NULL};
    for (size_t i = 0; patterns[i]; i++)
        glob(patterns[i], i ? GLOB_APPEND : 0, NULL, &g);
    tap_ok(g.gl_pathc >= 20, "definitions to compare (%zu)", g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc; i++)
        check_same_diagnostics(g.gl_pathv[i]);
    globfree(&g);
}

int main(void)
{
    test_table_covered();
    test_fields_loaded();
    test_compiled_once();
    test_same_diagnostics();
    return tap_done();
}
