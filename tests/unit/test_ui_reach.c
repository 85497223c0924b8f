/* ui/reach: a state's successors in order (Next, Choice rules, Default, Catch), each once;
 * reachability from the state about to run (a loop back counts, a state behind no transition
 * is REACH_NO, a state in a block is reached with its block, a branch cannot rule out a
 * state another child may reach). */
#include <string.h>

#include "defload.h"
#include "tap.h"
#include "ui/reach.h"

static const char *def_text =
    "{\"StartAt\":\"A\",\"States\":{"
    "\"A\":{\"Type\":\"Pass\",\"Next\":\"R\"},"
    "\"R\":{\"Type\":\"Choice\",\"Choices\":["
    "{\"Variable\":\"$.x\",\"NumericGreaterThan\":1,\"Next\":\"T\"},"
    "{\"Variable\":\"$.x\",\"NumericEquals\":0,\"Next\":\"A\"},"
    "{\"Variable\":\"$.x\",\"NumericEquals\":-1,\"Next\":\"T\"}],\"Default\":\"P\"},"
    "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\","
    "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"F\"}],\"Next\":\"P\"},"
    "\"P\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"B1\",\"States\":{"
    "\"B1\":{\"Type\":\"Pass\",\"Next\":\"B2\"},\"B2\":{\"Type\":\"Pass\",\"End\":true}}}],\"Next\":\"D\"},"
    "\"F\":{\"Type\":\"Fail\",\"Error\":\"E\"},"
    "\"D\":{\"Type\":\"Succeed\"}}}";

int main(void)
{
    asl_definition *def = defload(def_text);
    tap_ok(def != NULL, "the definition loads");
    if (!def)
        return tap_done();
#define ST(n) asl_definition_find_state(def, n)
    const asl_state *out[8];
    size_t n = reach_successors(ST("R"), out, 8);
    tap_is_int((long)n, 3, "a Choice's successors: each target once (T twice in the rules)");
    tap_ok(n == 3 && out[0] == ST("T") && out[1] == ST("A") && out[2] == ST("P"),
           "in order: the rules', then Default");
    n = reach_successors(ST("T"), out, 8);
    tap_ok(n == 2 && out[0] == ST("P") && out[1] == ST("F"), "a Task: Next, then its Catch");
    tap_is_int((long)reach_successors(ST("T"), out, 1), 2, "a short buffer still gets the count");
    tap_is_int((long)reach_successors(ST("D"), out, 8), 0, "Succeed has none");

    tap_is_int(reach_can_reach(ST("A"), ST("F")), REACH_YES, "a path through a Catch counts");
    tap_is_int(reach_can_reach(ST("R"), ST("R")), REACH_YES, "a loop back to the state itself counts");
    tap_is_int(reach_can_reach(ST("P"), ST("A")), REACH_NO, "no transition leads back from P to A");
    tap_is_int(reach_can_reach(ST("D"), ST("D")), REACH_NO, "the last state does not reach itself");
    tap_is_int(reach_can_reach(ST("A"), ST("B2")), REACH_YES, "a state in a block: reached with the block");
    tap_is_int(reach_can_reach(ST("P"), ST("B1")), REACH_YES, "... also when the block is about to run");
    tap_is_int(reach_can_reach(ST("D"), ST("B1")), REACH_NO, "... and not when its block is behind");
    tap_is_int(reach_can_reach(ST("B2"), ST("B1")), REACH_UNKNOWN,
               "in a branch, another child may still get there");
    tap_is_int(reach_can_reach(ST("B1"), ST("D")), REACH_UNKNOWN,
               "from a branch to its parent's machine: not decided here");
    tap_is_int(reach_can_reach(NULL, ST("D")), REACH_UNKNOWN, "no state: not decided");
#undef ST
    asl_definition_free(def);
    return tap_done();
}
