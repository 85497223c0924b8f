/* Unit tests: what child executions remember (engine/services/sfn_registry.c): names by
 * StartExecution's rules (same name and input while open: the first's answer; closed or
 * another input: taken; free again after 90 days) and the tokens of waiting parents. */
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "services/sfn_registry.h"
#include "tap.h"

#define DAY_MS (24LL * 3600 * 1000)

static void test_names(void)
{
    sfn_registry *r = sfn_registry_new();
    int64_t at = 0;
    const char *arn = NULL;
    tap_is_int(sfn_registry_name(r, "m:n", "{}", 0, &at, &arn), SFN_NAME_FREE, "a new name is free");
    sfn_registry_name_add(r, "m:n", "{\"a\":1}", "arn:x", 1000);
    tap_is_int(sfn_registry_name(r, "m:n", "{\"a\":1}", 2000, &at, &arn), SFN_NAME_SAME_OPEN,
               "the same name and input while open: idempotent");
    tap_ok(at == 1000 && arn && !strcmp(arn, "arn:x"), "with the first's start and ARN");
    tap_is_int(sfn_registry_name(r, "m:n", "{\"a\":2}", 2000, &at, &arn), SFN_NAME_TAKEN,
               "another input: taken");
    tap_is_int(sfn_registry_name(r, "other:n", "{\"a\":1}", 2000, &at, &arn), SFN_NAME_FREE,
               "names are per state machine");
    sfn_registry_name_close(r, "m:n");
    tap_is_int(sfn_registry_name(r, "m:n", "{\"a\":1}", 2000, &at, &arn), SFN_NAME_TAKEN,
               "closed: taken whatever the input");
    tap_is_int(sfn_registry_name(r, "m:n", "{\"a\":1}", 1000 + 90 * DAY_MS - 1, &at, &arn),
               SFN_NAME_TAKEN, "for 90 days");
    tap_is_int(sfn_registry_name(r, "m:n", "{\"a\":1}", 1000 + 90 * DAY_MS, &at, &arn),
               SFN_NAME_FREE, "then free again");
    sfn_registry_clear(r);
    tap_is_int(sfn_registry_name(r, "m:n", "{\"a\":2}", 2000, &at, &arn), SFN_NAME_FREE,
               "a new run forgets the names");
    sfn_registry_free(r);
}

static void test_tokens(void)
{
    sfn_registry *r = sfn_registry_new();
    tap_is_int(sfn_registry_token_send(r, "t", "{}", NULL, NULL, 5), SFN_TOKEN_UNKNOWN,
               "a token no parent waits for is not ours");
    sfn_registry_token_wait(r, "t");
    tap_is_int(sfn_registry_token_peek(r, "t"), SFN_TOKEN_SENT, "waiting: a heartbeat is accepted");
    tap_ok(sfn_registry_token_take(r, "t") == NULL, "nothing sent yet");
    sfn_registry_token_wait(r, "t");
    tap_is_int(sfn_registry_token_send(r, "t", "{\"ok\":1}", NULL, NULL, 7), SFN_TOKEN_SENT, "sent");
    tap_is_int(sfn_registry_token_send(r, "t", "{}", NULL, NULL, 8), SFN_TOKEN_DONE,
               "a second send: done already");
    jv *got = sfn_registry_token_take(r, "t");
    char *text = got ? jv_dump_string(got, 0) : NULL;
    tap_is_str(text ? text : "(none)", "{\"Output\":\"{\\\"ok\\\":1}\",\"At\":7}", "the outcome and its time");
    free(text);
    jv_unref(got);
    tap_is_int(sfn_registry_token_peek(r, "t"), SFN_TOKEN_UNKNOWN, "taken: forgotten");
    sfn_registry_token_wait(r, "f");
    sfn_registry_token_send(r, "f", NULL, "E", NULL, 9);
    got = sfn_registry_token_take(r, "f");
    text = got ? jv_dump_string(got, 0) : NULL;
    tap_is_str(text ? text : "(none)", "{\"Error\":\"E\",\"Cause\":null,\"At\":9}", "a failure");
    free(text);
    jv_unref(got);
    sfn_registry_free(r);
}

int main(void)
{
    test_names();
    test_tokens();
    return tap_done();
}
