/*
 * fuzz_validate — any bytes as a definition for `sfdbg validate`: static validation as
 * STANDARD and as EXPRESS. Nothing may crash, hang or leak, and every diagnostic must be
 * well formed (a code, a message, a location string, a 1-based position inside the text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Line and column must name a byte of the text, or the end of its line. */
static void fuzz_check_position(const char *text, size_t len, const asl_diag *g)
{
    if (g->line < 1 || g->column < 1)
        abort();
    size_t i = 0;
    for (int line = 1; line < g->line; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (!nl)
            abort();
        i = (size_t)(nl - text) + 1;
    }
    const char *nl = memchr(text + i, '\n', len - i);
    size_t line_len = nl ? (size_t)(nl - text) - i : len - i;
    if ((size_t)g->column > line_len + 1)
        abort();
}

static void fuzz_validate(const char *text, size_t len, bool express)
{
    asl_validate_options opts = {.express = express};
    asl_diags d;
    asl_diags_init(&d);
    jv *v = asl_validate_text(text, len, &opts, &d);
    for (size_t i = 0; i < d.len; i++) {
        const asl_diag *g = &d.items[i];
        if (!g->code || !g->message || !g->pointer || g->message[0] == '\0')
            abort();
        fuzz_check_position(text, len, g);
    }
    /* text that is not JSON gives exactly one INVALID_JSON_DESCRIPTION */
    if (!v && !(d.len == 1 && (strcmp(d.items[0].code, "INVALID_JSON_DESCRIPTION") == 0 ||
                               strcmp(d.items[0].code, "SCHEMA_VALIDATION_FAILED") == 0)))
        abort();
    jv_unref(v);
    asl_diags_cleanup(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_validate((const char *)data, size, false);
    fuzz_validate((const char *)data, size, true);
    return 0;
}
