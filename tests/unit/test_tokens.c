/* Unit tests: task tokens come from a keyed stream of their own (tokengen), never from
 * the execution's xoshiro stream that UUIDs, names and random numbers use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "rng.h"
#include "defload.h"
#include "tap.h"
#include "tokengen.h"

/* A callback task that waits for its token, then a Pass that draws a UUID. */
static const char tokens_workflow[] =
    "{\"StartAt\":\"W\",\"States\":{"
    "\"W\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\","
    "\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},"
    "\"Next\":\"U\"},"
    "\"U\":{\"Type\":\"Pass\",\"Parameters\":{\"u.$\":\"States.UUID()\"},\"End\":true}}}";

/* Steps to the waiting task and copies its token into out ("" when none). */
static sfn_exec *tokens_start(const asl_definition *def, const exec_options *eo, char *out,
                              size_t n)
{
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, eo);
    jv_unref(in);
    exec_step(ex);
    const exec_pending_task *p = exec_pending(ex);
    snprintf(out, n, "%s", p ? p->token : "");
    return ex;
}

static const char tokens_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static bool tokens_well_formed(const char *t)
{
    return strlen(t) == TOKENGEN_TOKEN_CHARS &&
           strspn(t, tokens_alphabet) == TOKENGEN_TOKEN_CHARS;
}

/* What the old code issued: the 40 draws of the xoshiro stream after the name's UUID. */
static void tokens_old_prediction(rng *r, char out[41])
{
    for (int i = 0; i < 40; i++)
        out[i] = tokens_alphabet[rng_next(r) >> 58];
    out[40] = '\0';
}

/* Under a seed the workflow-visible stream is known; the token must not follow from it. */
static void test_decoupled_from_uuid_stream(const asl_definition *def)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 42;
    char token[64];
    sfn_exec *ex = tokens_start(def, &eo, token, sizeof token);
    rng model;
    rng_seed(&model, 42);
    char name[37], predicted[41];
    rng_uuid(&model, name);
    const char *arn = exec_execution_arn(ex);
    tap_ok(strstr(arn, name) != NULL, "the test's model of the stream is right: name %s", name);
    rng after_name = model;
    tokens_old_prediction(&model, predicted);
    tap_ok(strcmp(token, predicted) != 0,
           "the token is not the stream's next 40 draws after the name (old coupling)");
    char err[128];
    exec_send_task_success(ex, token, "{}", err, sizeof err);
    exec_run(ex, 10);
    char uuid[37];
    rng_uuid(&after_name, uuid);
    const jv *out = exec_output(ex);
    const jv *u = out ? jv_object_get(out, "u") : NULL;
    tap_is_str(u && jv_is_string(u) ? jv_string_value(u) : "(none)", uuid,
               "the token drew nothing from the stream: States.UUID() after it is the next UUID");
    exec_free(ex);
}

static void test_unseeded_tokens_differ(const asl_definition *def)
{
    exec_options eo;
    exec_options_init(&eo);
    char a[64], b[64];
    exec_free(tokens_start(def, &eo, a, sizeof a));
    exec_free(tokens_start(def, &eo, b, sizeof b));
    tap_ok(tokens_well_formed(a) && tokens_well_formed(b),
           "tokens keep their form: 40 base64url characters (%s)", a);
    tap_ok(strcmp(a, b) != 0, "two executions without a seed get different tokens");
}

static void test_seeded_tokens_repeat(const asl_definition *def)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 7;
    char a[64], b[64], c[64];
    exec_free(tokens_start(def, &eo, a, sizeof a));
    exec_free(tokens_start(def, &eo, b, sizeof b));
    tap_is_str(a, b, "under the same seed the token repeats");
    /* the seed's documented key: SHA-256("sfdbg task token key v1" || seed, little-endian),
     * token 0 = base64url of HMAC-SHA256(key, 0)[0..30), computed with Python's hmac */
    tap_is_str(a, "jjz8qFkfH3EQRvWqKwlVk81Q0uEELxCpplvNh8th", "seed 7's first token");
    eo.seed = 8;
    exec_free(tokens_start(def, &eo, c, sizeof c));
    tap_ok(strcmp(a, c) != 0, "another seed, another token");
}

/* A fixed key replays the tokens whatever the seed (the debugger's re-execution). */
static void test_fixed_key(const asl_definition *def)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.has_token_key = true;
    for (int i = 0; i < TOKENGEN_KEY_BYTES; i++)
        eo.token_key[i] = (uint8_t)i;
    char a[64], b[64];
    exec_free(tokens_start(def, &eo, a, sizeof a));
    eo.has_seed = true;
    eo.seed = 99;
    exec_free(tokens_start(def, &eo, b, sizeof b));
    tap_is_str(a, "nwzZuUCX_kkpkY0riUKzRDlXQmGjXcUBY_BsZ9Tk",
               "key 00..1f: token 0 is HMAC-SHA256(key, 0) (known answer)");
    tap_is_str(b, a, "the key, not the seed, decides the token");
    tokengen g;
    tokengen_init(&g, eo.token_key);
    char t0[64], t1[64], shortbuf[9];
    tokengen_next(&g, t0, sizeof t0);
    tokengen_next(&g, t1, sizeof t1);
    tap_is_str(t1, "xDLgWcN47vf-LxGBpAUINvUeCFb9dJN76BeE-g76", "token 1 is HMAC-SHA256(key, 1)");
    tokengen_init(&g, eo.token_key);
    tokengen_next(&g, shortbuf, sizeof shortbuf);
    tap_is_str(shortbuf, "nwzZuUCX", "a short buffer gets the token's first characters");
}

int main(void)
{
    asl_definition *def = defload(tokens_workflow);
    if (!tap_ok(def != NULL, "the token workflow loads"))
        return tap_done();
    test_decoupled_from_uuid_stream(def);
    test_unseeded_tokens_differ(def);
    test_seeded_tokens_repeat(def);
    test_fixed_key(def);
    asl_definition_free(def);
    return tap_done();
}
