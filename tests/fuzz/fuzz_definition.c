/*
 * fuzz_definition — any bytes as a state machine definition: validate, load, and run the
 * result for a bounded number of steps on an input taken from the same bytes. Nothing may
 * crash, hang or leak, whatever the definition says.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "exec.h"
#include "jv_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an optional input after a NUL byte: DEFINITION \0 INPUT */
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t def_len = nul ? (size_t)(nul - text) : size;
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = size % 2 == 1};
    asl_definition *def = asl_definition_load(text, def_len, &vo, &diags);
    asl_diags_cleanup(&diags);
    if (!def)
        return 0;
    jv *input = nul ? jv_parse(nul + 1, size - def_len - 1, 65536, NULL) : NULL;
    if (!input)
        input = jv_object();
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 1;
    eo.start_time_ms = 1704067200000LL;
    eo.max_events = 400;
    sfn_exec *ex = exec_new(def, input, &eo);
    exec_run(ex, 200);
    jv *h = exec_history_json(ex);
    jv_unref(h);
    exec_free(ex);
    jv_unref(input);
    asl_definition_free(def);
    return 0;
}
